/* pdf_pages.h - the pages of one run in the PDF report (pdf_pages.c), and the small
 * helpers the "pdf" writer's first page shares with them. */
#ifndef ET_PDF_PAGES_H
#define ET_PDF_PAGES_H

#include <stddef.h>

#include "draw.h"
#include "report.h"

/* What every page of the report needs. */
struct pdf_pages {
	struct dr_doc *doc;
	char zone[64];                /* the axes' time zone, named */
	struct et_equivalents eq;     /* km by car, tree-months */
	int have_eq;
	const char *per_text;         /* --per: the label of divided figures, else NULL */
};

/* The pages of run r: summary, why the models differ, the run over time, GPU by GPU
 * (several GPUs), intensity, inputs and warnings (more pages as the inputs need). */
void pdf_run_pages(struct pdf_pages *p, const struct et_report_run *r, const struct et_report_digest *d);

/* Strings drawn on a page, made valid UTF-8 without control characters; freed together. */
struct pdf_cells {
	char **v;
	size_t n, cap;
};
/* A copy of s kept in c ("" when out of memory). */
const char *pdf_cell(struct pdf_cells *c, const char *s);
void pdf_cells_free(struct pdf_cells *c);

/* r shortened from its top down to y. */
struct dr_rect pdf_below(struct dr_rect r, double y);
/* "1 d 2 h 3 min", "2 h 5 min", "12 min 5 s", "2.1 s". Returns buf. */
char *pdf_duration(char *buf, size_t n, double s);
/* The file name of a path. */
const char *pdf_basename(const char *path);

#endif
