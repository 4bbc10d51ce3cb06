/* series_reduce.c - fixed columns of min/max/sum/count per series; when a sample falls
 * past the last column, adjacent pairs merge and the column width doubles (see .h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "et_units.h"
#include "series_reduce.h"

struct sr_cell {
	double min, max, sum;
	size_t count;
};

struct sr_col {
	double tsum;             /* sum of (t - t0) over the column's samples */
	size_t samples;
	unsigned char gap_before, gap_inside;
};

struct sr_reducer {
	size_t n_columns, n_series;
	double interval;
	double t0, width;        /* column c covers [t0 + c*width, t0 + (c+1)*width) */
	double last_t;
	size_t n_samples;
	size_t used;             /* highest column holding a sample, plus one */
	struct sr_col *cols;     /* n_columns */
	struct sr_cell *cells;   /* n_columns * n_series, column-major by series */
};

static void cell_clear(struct sr_cell *c)
{
	c->min = INFINITY;
	c->max = -INFINITY;
	c->sum = 0.0;
	c->count = 0;
}

struct sr_reducer *sr_create(size_t n_columns, size_t n_series, double interval_s)
{
	struct sr_reducer *r;

	if (n_columns < 2 || n_columns % 2 != 0 || n_series == 0 || n_series > SIZE_MAX / n_columns / sizeof(struct sr_cell)
	    || !(interval_s > 0.0) || !isfinite(interval_s))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->cols = calloc(n_columns, sizeof(*r->cols));
	r->cells = malloc(n_columns * n_series * sizeof(*r->cells));
	if (!r->cols || !r->cells) {
		sr_free(r);
		return NULL;
	}
	for (size_t i = 0; i < n_columns * n_series; i++)
		cell_clear(&r->cells[i]);
	r->n_columns = n_columns;
	r->n_series = n_series;
	r->interval = interval_s;
	r->width = interval_s;
	r->t0 = NAN;
	r->last_t = NAN;
	return r;
}

void sr_free(struct sr_reducer *r)
{
	if (!r)
		return;
	free(r->cols);
	free(r->cells);
	free(r);
}

static size_t column_of(const struct sr_reducer *r, double t)
{
	double c = floor((t - r->t0) / r->width);

	return c >= (double)SIZE_MAX ? SIZE_MAX : (size_t)c;
}

/* Merge columns 2i and 2i+1 into i for every i, halving the columns in use and doubling
 * the width. A gap between the two halves becomes a gap inside the merged column. */
static void merge_pairs(struct sr_reducer *r)
{
	size_t half = r->n_columns / 2;

	for (size_t i = 0; i < half; i++) {
		struct sr_col a = r->cols[2 * i], b = r->cols[2 * i + 1], m;

		m.tsum = a.tsum + b.tsum;
		m.samples = a.samples + b.samples;
		m.gap_before = a.samples ? a.gap_before : b.gap_before;
		m.gap_inside = a.gap_inside || b.gap_inside || (a.samples && b.samples && b.gap_before);
		r->cols[i] = m;
		for (size_t s = 0; s < r->n_series; s++) {
			const struct sr_cell *ca = &r->cells[(2 * i) * r->n_series + s];
			const struct sr_cell *cb = &r->cells[(2 * i + 1) * r->n_series + s];
			struct sr_cell c;

			c.min = fmin(ca->min, cb->min);
			c.max = fmax(ca->max, cb->max);
			c.sum = ca->sum + cb->sum;
			c.count = ca->count + cb->count;
			r->cells[i * r->n_series + s] = c;
		}
	}
	memset(&r->cols[half], 0, half * sizeof(*r->cols));
	for (size_t i = half * r->n_series; i < r->n_columns * r->n_series; i++)
		cell_clear(&r->cells[i]);
	r->used = (r->used + 1) / 2;
	r->width *= 2.0;
}

int sr_add(struct sr_reducer *r, double t, const double *values)
{
	size_t col, prev_col;
	int gap;

	if (!isfinite(t) || (r->n_samples > 0 && t < r->last_t))
		return -1;
	if (r->n_samples == 0)
		r->t0 = t;
	while ((col = column_of(r, t)) >= r->n_columns)
		merge_pairs(r);
	gap = r->n_samples > 0 && t - r->last_t > ET_GAP_INTERVALS * r->interval;
	if (gap) {
		prev_col = column_of(r, r->last_t);
		if (prev_col == col)
			r->cols[col].gap_inside = 1;
		else if (r->cols[col].samples == 0)
			r->cols[col].gap_before = 1;
	}
	r->cols[col].tsum += t - r->t0;
	r->cols[col].samples++;
	for (size_t s = 0; s < r->n_series; s++) {
		struct sr_cell *c = &r->cells[col * r->n_series + s];
		double v = values[s];

		if (isnan(v))
			continue;
		c->min = fmin(c->min, v);
		c->max = fmax(c->max, v);
		c->sum += v;
		c->count++;
	}
	if (col + 1 > r->used)
		r->used = col + 1;
	r->last_t = t;
	r->n_samples++;
	return 0;
}

size_t sr_columns_used(const struct sr_reducer *r) { return r->used; }
double sr_column_width(const struct sr_reducer *r) { return r->width; }
double sr_first_time(const struct sr_reducer *r) { return r->t0; }
double sr_last_time(const struct sr_reducer *r) { return r->last_t; }
size_t sr_samples(const struct sr_reducer *r) { return r->n_samples; }

size_t sr_memory_bytes(const struct sr_reducer *r)
{
	return sizeof(*r) + r->n_columns * sizeof(*r->cols) + r->n_columns * r->n_series * sizeof(*r->cells);
}

int sr_column(const struct sr_reducer *r, size_t col, size_t s, struct sr_stat *out)
{
	const struct sr_col *c;
	const struct sr_cell *cell;

	if (col >= r->used || s >= r->n_series)
		return -1;
	c = &r->cols[col];
	cell = &r->cells[col * r->n_series + s];
	out->t_start = r->t0 + (double)col * r->width;
	out->t_end = out->t_start + r->width;
	out->t_mean = c->samples ? r->t0 + c->tsum / (double)c->samples : NAN;
	out->count = cell->count;
	out->min = cell->count ? cell->min : NAN;
	out->max = cell->count ? cell->max : NAN;
	out->mean = cell->count ? cell->sum / (double)cell->count : NAN;
	out->samples = c->samples;
	out->gap_before = c->gap_before;
	out->gap_inside = c->gap_inside;
	return 0;
}

size_t sr_export(const struct sr_reducer *r, size_t s, double *t, double *mean, double *min,
		 double *max, unsigned char *break_before)
{
	size_t n = 0;
	int prev_inside = 0;

	if (s >= r->n_series)
		return 0;
	for (size_t col = 0; col < r->used; col++) {
		struct sr_stat st;

		sr_column(r, col, s, &st);
		if (st.samples == 0)
			continue;
		if (t)
			t[n] = st.t_mean;
		if (mean)
			mean[n] = st.mean;
		if (min)
			min[n] = st.min;
		if (max)
			max[n] = st.max;
		if (break_before)
			break_before[n] = n == 0 || st.gap_before || st.gap_inside || prev_inside;
		prev_inside = st.gap_inside;
		n++;
	}
	return n;
}
