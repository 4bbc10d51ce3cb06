/* draw.h - a small cairo drawing library for etest's reports: A4 vector PDF pages or PNG
 * images with embedded DejaVu Sans, and tables and charts fed by plain data structures. */
#ifndef ET_DRAW_H
#define ET_DRAW_H

#include <stddef.h>
#include <time.h>

#include "et_error.h"

struct dr_doc;

/* A rectangle in points (1/72 inch), y growing downwards. */
struct dr_rect {
	double x, y, w, h;
};

enum dr_align { DR_LEFT, DR_RIGHT, DR_CENTER };

/* What the footer of every page says, and where the fonts are. */
struct dr_meta {
	const char *tool;        /* e.g. "energytrack 0.1.0" */
	time_t generated;        /* shown as local time with its zone */
	const char *font_dir;    /* holds DejaVuSans.ttf and DejaVuSans-Bold.ttf; NULL: the
				  * first of /usr/share/fonts/truetype/dejavu (Debian's
				  * fonts-dejavu-core) and the Fedora, Arch, Alpine places */
};

/* ---- documents ---- */

/* An A4 portrait PDF written to path (cairo writes it as pages end; the file is
 * complete after dr_close). Returns NULL with err filled (font or file problem). */
struct dr_doc *dr_pdf_open(const char *path, const struct dr_meta *meta, struct et_error *err);
/* An image of width_pt x height_pt points drawn at px_per_pt pixels per point (white
 * background), saved with dr_png_write, which then clears it for the next chart. */
struct dr_doc *dr_png_open(double width_pt, double height_pt, double px_per_pt,
			   const struct dr_meta *meta, struct et_error *err);
int dr_png_write(struct dr_doc *doc, const char *path, struct et_error *err);
/* Finish (the PDF's last bytes are written here) and free. Returns 0, or -1 with err
 * filled if cairo met an error at any point (then the file is incomplete). */
int dr_close(struct dr_doc *doc, struct et_error *err);

/* Start a PDF page with a title (and a subtitle line, or NULL): returns the body's
 * rectangle, between the title and the footer. */
struct dr_rect dr_page_begin(struct dr_doc *doc, const char *title, const char *subtitle);
/* The body's rectangle dr_page_begin would return, without drawing (to plan pages). */
struct dr_rect dr_page_body(const struct dr_doc *doc, int with_subtitle);
/* Draw the footer (tool, generation date and zone, page number) and end the page. */
void dr_page_end(struct dr_doc *doc);
int dr_page_count(const struct dr_doc *doc);
/* Room for front_pages pages before those to come (e.g. a first page that compares runs
 * drawn once all are known): pages from now on are recorded (vector) and numbered from
 * front_pages + 1. Then dr_pdf_front: the pages begun after it are the front ones
 * (numbered from 1), followed at dr_close by the recorded ones. PDF only. */
void dr_pdf_defer(struct dr_doc *doc, int front_pages);
void dr_pdf_front(struct dr_doc *doc);
/* The whole drawing area of a PNG (or the page) less a margin. */
struct dr_rect dr_canvas(const struct dr_doc *doc);

/* ---- text and numbers ---- */

/* Draw text with its baseline at y, aligned on x. Returns its width. */
double dr_text(struct dr_doc *doc, double x, double y, double size, int bold, enum dr_align align,
	       const char *text);
double dr_text_width(struct dr_doc *doc, double size, int bold, const char *text);
/* The colour of the text drawn from now on: a grey level, 0 black .. 1 white. */
void dr_ink(struct dr_doc *doc, double grey);
/* A section heading (bold, black) at r's top-left. Returns the height it takes. */
double dr_heading(struct dr_doc *doc, struct dr_rect r, const char *text);
/* Draw text wrapped at spaces within r's width, from r's top; lines that would pass
 * r's bottom are dropped, the last shown one ending with "...". Returns the height used. */
double dr_paragraph(struct dr_doc *doc, struct dr_rect r, double size, const char *text);
/* v with decimals digits after '.' (decimals < 0: -decimals significant digits, at
 * most 9 decimals), whatever the locale ("-0" shown as "0", NAN as "n/a"). Returns buf.
 * Charts pass their decimals on to it. */
char *dr_fmt(char *buf, size_t size, double v, int decimals);

/* ---- table ---- */

struct dr_table_col {
	const char *header;      /* NULL for all columns: no header row */
	const char *unit;        /* shown under the header, e.g. "Wh"; NULL or "" for none */
	enum dr_align align;
};
struct dr_table {
	const struct dr_table_col *cols;
	size_t n_cols;
	const char *const *cells;   /* n_rows x n_cols, row by row; NULL cell = empty */
	size_t n_rows;
	double font_size;           /* 0: 8.5 pt */
	int bold_first_col;
};
/* Draw rows first_row.. of t from r's top, shrinking the font (not below 6 pt) to fit
 * the width and shortening cells that still do not fit with "...". Stops before r's
 * bottom. Returns the number of rows drawn; *bottom (if not NULL) gets the y below them. */
size_t dr_table(struct dr_doc *doc, struct dr_rect r, const struct dr_table *t, size_t first_row,
		double *bottom);

/* Every chart draws inside its rectangle r only (clipped to it): a rectangle too small
 * for the chart gets a short message, or nothing. */

/* ---- horizontal stacked bars (one bar per model: CPU, GPU, RAM, PUE overhead) ---- */

struct dr_stack_bar {
	const char *label;          /* left of the bar */
	const double *values;       /* n_parts values >= 0 (NAN counts as 0; all NAN: no
	                             * figure, "n/a") */
	const char *note;           /* a line under the bar, or NULL */
};
struct dr_stacked {
	const char *title;          /* or NULL */
	const char *const *part_names;  /* n_parts, for the legend */
	size_t n_parts;
	const struct dr_stack_bar *bars;
	size_t n_bars;
	const char *value_label;    /* axis title, NULL: "energy" */
	const char *unit;           /* "Wh" */
	int decimals;
};
void dr_stacked_bars(struct dr_doc *doc, struct dr_rect r, const struct dr_stacked *c);

/* ---- grouped bars (runs x models), horizontal, negative values allowed ---- */

struct dr_grouped {
	const char *title;
	const char *const *group_names;   /* n_groups (runs) */
	size_t n_groups;
	const char *const *member_names;  /* n_members (models), for the legend */
	size_t n_members;
	const double *values;             /* n_groups x n_members, group by group; NAN = n/a */
	const char *value_label;          /* axis title, e.g. "energy" */
	const char *unit;                 /* "Wh", "%" */
	int decimals;
};
void dr_grouped_bars(struct dr_doc *doc, struct dr_rect r, const struct dr_grouped *c);

/* ---- day chart (a bar per day or hour, labelled) ---- */

struct dr_day_bar {
	const char *label;          /* "30 Nov", "14:00" */
	double value;               /* NAN: no bar, "n/a" */
	int flagged;                /* drawn hatched (e.g. a fallback value), see flag_label */
};
struct dr_daychart {
	const char *title;
	const struct dr_day_bar *bars;
	size_t n;
	const char *value_label;    /* axis title, e.g. "carbon intensity" */
	const char *unit;           /* "gCO2e/kWh" */
	const char *x_label;        /* under the labels, e.g. "day (Europe/Paris)", or NULL */
	int decimals;
	double ref_value;           /* a horizontal line (e.g. the energy-weighted mean), NAN: none */
	const char *ref_label;
	const char *flag_label;     /* legend of the hatched bars, NULL: none */
	int label_period;           /* labels repeat every n bars (24 for hours, 7 for days):
				     * when crowded, one label in k is shown, k a divisor or a
				     * multiple of it; 0: any k */
};
void dr_daychart(struct dr_doc *doc, struct dr_rect r, const struct dr_daychart *c);

/* ---- time-series chart ---- */

/* Times are Unix seconds, shown in the process's local time zone (TZ): the axis names
 * the zone, and both offsets when it changes (DST) within the chart. Pass the run's
 * launch and exit as t_min and t_max so that the axis spans the whole run. */

/* One series: points in time order. mean[i] NAN or break_before[i] != 0 breaks the
 * line (a gap is never bridged); lo/hi (may be NULL) draw a shaded min-max band. */
struct dr_ts_series {
	const char *name;
	const double *t;            /* Unix seconds */
	const double *mean, *lo, *hi;
	const unsigned char *break_before;
	size_t n;
};
/* A horizontal reference line (e.g. an idle baseline), in the colour of series
 * (or black when series < 0). */
struct dr_ts_hline {
	double y;
	const char *label;
	int series;
};
/* A shaded stretch of time (e.g. when the job had a process on the GPU). */
struct dr_ts_span {
	double t0, t1;
};
struct dr_timeseries {
	const char *title;
	const struct dr_ts_series *series;
	size_t n_series;
	const struct dr_ts_hline *hlines;
	size_t n_hlines;
	const struct dr_ts_span *spans;
	size_t n_spans;
	const char *span_label;     /* legend of the spans */
	const char *y_label;        /* "GPU power" */
	const char *y_unit;         /* "W" */
	const char *tz_name;        /* e.g. "Europe/Paris", or NULL: the zone's abbreviation only */
	double t_min, t_max;        /* NAN: from the data */
	double y_min, y_max;        /* NAN: 0 (or the data's minimum if negative) and the data's maximum */
};
void dr_timeseries(struct dr_doc *doc, struct dr_rect r, const struct dr_timeseries *c);

/* Ticks of a time axis from t_min to t_max (Unix s) at round local wall-clock times,
 * spaced so that labels as wide as label_w points fit in width points: the step is
 * chosen among 1 s .. 52 weeks. Writes up to cap ticks; returns how many (0 for a bad
 * range), and *step_s. */
size_t dr_time_ticks(double t_min, double t_max, double width, double label_w, double *ticks,
		     size_t cap, double *step_s);

#endif
