/* draw_internal.h - what the draw_*.c files share: the document, the palette, axes and
 * legends. Not for callers outside reports/draw_*.c. */
#ifndef ET_DRAW_INTERNAL_H
#define ET_DRAW_INTERNAL_H

#include <cairo.h>

#include "draw.h"

#define DR_A4_W 595.2756
#define DR_A4_H 841.8898
#define DR_MARGIN 42.0
#define DR_FONT 8.5             /* body text and tick labels (pt) */
#define DR_FONT_SMALL 7.0
#define DR_FONT_TITLE 11.0      /* chart titles */
#define DR_MAX_TICKS 64

enum dr_kind { DR_PDF, DR_PNG };

struct dr_doc {
	enum dr_kind kind;
	cairo_surface_t *surface;
	cairo_t *cr;
	cairo_font_face_t *font, *bold;
	double width, height;   /* points */
	double px_per_pt;
	int page;               /* pages begun */
	int in_page;
	int number;             /* the number the current page's footer shows */
	/* dr_pdf_defer: pages are recorded (held) and put after the front pages at the end */
	int deferring, front_reserved, front_drawn;
	cairo_t *pdf_cr;        /* the PDF's own context while a page is recorded */
	cairo_surface_t **held;
	size_t n_held, cap_held;
	int lost_pages;
	char tool[128];
	time_t generated;
};

/* Palette: fills (stacked segments, bars) with distinct lightness, hatched from the
 * third on; lines (series) with distinct dashes. */
void dr_set_fill(struct dr_doc *doc, int index);
/* Fill the current path with fill index (colour, then its hatching), keeping no path. */
void dr_fill_path(struct dr_doc *doc, int index, struct dr_rect bounds);
/* Black or white, whichever reads on fill index. */
void dr_set_text_on_fill(struct dr_doc *doc, int index);
void dr_set_line(struct dr_doc *doc, int index, double width);
void dr_set_line_rgba(struct dr_doc *doc, int index, double alpha);
void dr_set_grey(struct dr_doc *doc, double level);

void dr_font(struct dr_doc *doc, double size, int bold);
/* Text rotated 90 degrees counterclockwise, centred on (x, y) along its length; a text
 * longer than max_len (an axis title beside a short plot) is set smaller to fit, or, when
 * that would take it below 0.8 of its size, cut to its last "(...)" (the unit). */
void dr_text_vertical(struct dr_doc *doc, double x, double y, double size, double max_len, const char *text);
/* Draw text shortened with "..." to at most max_w wide. */
double dr_text_fit(struct dr_doc *doc, double x, double y, double size, int bold, enum dr_align align,
		   double max_w, const char *text);

/* Round ("nice") ticks from lo to hi with about target steps: writes the first tick,
 * the step and the decimals their labels need. */
void dr_nice_ticks(double lo, double hi, int target, double *first, double *step, int *decimals);
/* Expand [*lo, *hi] to multiples of a nice step (about target ticks). */
void dr_nice_range(double *lo, double *hi, int target);

/* A legend: entries flow left to right in lines within width. kind of an entry: 0 a
 * fill swatch (index), 1 a line (index), 2 a grey span swatch, 3 a black dashed line. */
struct dr_legend_entry {
	const char *text;
	int kind;
	int index;
};
/* Height the legend needs in width; draws it at (x, y top) when draw is set. */
double dr_legend(struct dr_doc *doc, double x, double y, double width,
		 const struct dr_legend_entry *e, size_t n, int draw);

/* "title" drawn bold at r's top-left; returns its height (0 for NULL). */
double dr_chart_title(struct dr_doc *doc, struct dr_rect r, const char *title);
/* A centred grey message, for charts without data. */
void dr_no_data(struct dr_doc *doc, struct dr_rect r, const char *text);

#endif
