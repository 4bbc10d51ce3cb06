/* draw_table.c - a table: a bold header with units under it, aligned columns sized to
 * their content, shaded alternate rows, the font shrunk or cells shortened to fit. */
#include <math.h>
#include <stdlib.h>

#include "draw_internal.h"

#define DR_TABLE_MAX_COLS 32
#define DR_TABLE_PAD 5.0

static const char *cell(const struct dr_table *t, size_t row, size_t col)
{
	const char *s = t->cells[row * t->n_cols + col];

	return s ? s : "";
}

static int has_header(const struct dr_table *t)
{
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].header)
			return 1;
	return 0;
}

static int has_units(const struct dr_table *t)
{
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].unit && t->cols[c].unit[0])
			return 1;
	return 0;
}

/* Natural width of every column at font size: the widest of header, unit and cells. */
static double natural_widths(struct dr_doc *doc, const struct dr_table *t, double size, double *w)
{
	double total = 0;

	for (size_t c = 0; c < t->n_cols; c++) {
		w[c] = 0;
		if (t->cols[c].header)
			w[c] = dr_text_width(doc, size, 1, t->cols[c].header);
		if (t->cols[c].unit)
			w[c] = fmax(w[c], dr_text_width(doc, size * 0.9, 0, t->cols[c].unit));
		for (size_t r = 0; r < t->n_rows; r++)
			w[c] = fmax(w[c], dr_text_width(doc, size, c == 0 && t->bold_first_col, cell(t, r, c)));
		w[c] += 2 * DR_TABLE_PAD;
		total += w[c];
	}
	return total;
}

static double cell_x(double x, double w, enum dr_align a)
{
	return a == DR_RIGHT ? x + w - DR_TABLE_PAD : a == DR_CENTER ? x + w / 2 : x + DR_TABLE_PAD;
}

size_t dr_table(struct dr_doc *doc, struct dr_rect r, const struct dr_table *t, size_t first_row,
		double *bottom)
{
	double size = t->font_size > 0 ? t->font_size : DR_FONT, w[DR_TABLE_MAX_COLS], total, row_h, y = r.y;
	double total_w = 0;
	cairo_t *cr = doc->cr;
	size_t drawn = 0, n_cols = t->n_cols < DR_TABLE_MAX_COLS ? t->n_cols : DR_TABLE_MAX_COLS;
	struct dr_table tt = *t;

	tt.n_cols = n_cols;
	if (bottom)
		*bottom = r.y;
	if (n_cols == 0 || r.w < 10 * (double)n_cols)
		return 0;
	total = natural_widths(doc, &tt, size, w);
	while (total > r.w && size > 6.0) {
		size = fmax(6.0, size - 0.5);
		total = natural_widths(doc, &tt, size, w);
	}
	if (total > r.w) {
		/* still too wide: the widest columns give up space, their cells get "..." */
		double excess = total - r.w;

		while (excess > 0.5) {
			size_t widest = 0;

			for (size_t c = 1; c < n_cols; c++)
				if (w[c] > w[widest])
					widest = c;
			w[widest] -= fmin(excess, w[widest] * 0.25 + 1);
			excess = -r.w;
			for (size_t c = 0; c < n_cols; c++)
				excess += w[c];
		}
	} else if (n_cols > 1) {
		/* spare width goes to the first left-aligned column (the labels: a right-aligned
		 * "#" before them would stand apart), up to a third of the rest */
		size_t label = 0;
		while (label + 1 < n_cols && tt.cols[label].align != DR_LEFT)
			label++;
		w[label] += fmin(r.w - total, (total - w[label]) / 3);
	}
	row_h = size * 1.75;
	for (size_t c = 0; c < n_cols; c++)
		total_w += w[c];
	if (has_header(&tt)) {
		double head_h = row_h + (has_units(&tt) ? size * 1.1 : 0), x = r.x;

		if (y + head_h > r.y + r.h)
			return 0;
		for (size_t c = 0; c < n_cols; c++) {
			double tx = cell_x(x, w[c], tt.cols[c].align), maxw = w[c] - 2 * DR_TABLE_PAD;

			cairo_set_source_rgb(cr, 0, 0, 0);
			if (tt.cols[c].header)
				dr_text_fit(doc, tx, y + size * 1.2, size, 1, tt.cols[c].align, maxw, tt.cols[c].header);
			dr_set_grey(doc, 0.35);
			if (tt.cols[c].unit && tt.cols[c].unit[0])
				dr_text_fit(doc, tx, y + size * 2.35, size * 0.9, 0, tt.cols[c].align, maxw, tt.cols[c].unit);
			x += w[c];
		}
		y += head_h;
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.8);
		cairo_move_to(cr, r.x, y);
		cairo_line_to(cr, r.x + total_w, y);
		cairo_stroke(cr);
	}
	for (size_t row = first_row; row < tt.n_rows; row++) {
		double x = r.x;

		if (y + row_h > r.y + r.h)
			break;
		if ((row - first_row) % 2 == 1) {
			dr_set_grey(doc, 0.94);
			cairo_rectangle(cr, r.x, y, total_w, row_h);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		for (size_t c = 0; c < n_cols; c++) {
			dr_text_fit(doc, cell_x(x, w[c], tt.cols[c].align), y + row_h * 0.68, size,
				    c == 0 && tt.bold_first_col, tt.cols[c].align, w[c] - 2 * DR_TABLE_PAD,
				    cell(&tt, row, c));
			x += w[c];
		}
		y += row_h;
		drawn++;
	}
	if (drawn > 0 && has_header(&tt)) {
		dr_set_grey(doc, 0.5);
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, r.x, y);
		cairo_line_to(cr, r.x + total_w, y);
		cairo_stroke(cr);
	}
	if (bottom)
		*bottom = y;
	return drawn;
}
