/* series_reduce.h - bounded-memory reduction of time-ordered samples for charts: a fixed
 * number of columns keep min, max, mean and count per series; pairs merge as the run grows. */
#ifndef ET_SERIES_REDUCE_H
#define ET_SERIES_REDUCE_H

#include <stddef.h>

struct sr_reducer;

/* One column of one series, as sr_column reads it. */
struct sr_stat {
	double t_start, t_end;   /* the column's time range [t_start, t_end) in seconds */
	double t_mean;           /* mean time of the samples in the column (NAN if none) */
	double min, max, mean;   /* over the series' samples in the column (NAN if count 0) */
	size_t count;            /* samples of this series in the column */
	size_t samples;          /* samples of any series in the column */
	int gap_before;          /* a gap between the last sample before the column and its first */
	int gap_inside;          /* a gap lies between two samples of the column */
};

/* A reducer of n_series series into n_columns columns (even, >= 2), fed samples taken
 * every interval_s seconds (> 0): a column starts interval_s wide and doubles in width
 * each time the run outgrows the columns. A gap is more than 3 intervals without a
 * sample. Returns NULL on bad arguments or when out of memory. */
struct sr_reducer *sr_create(size_t n_columns, size_t n_series, double interval_s);
void sr_free(struct sr_reducer *r);

/* Add one sample at time t (seconds, finite, not before the previous sample) with
 * values[n_series]; a NAN value means "no value for this series" and is skipped.
 * Returns 0, or -1 (t not finite or before the previous sample: nothing is changed). */
int sr_add(struct sr_reducer *r, double t, const double *values);

/* Columns in use (0 before the first sample, at most n_columns), their width (s), the
 * first and last sample times (NAN before the first sample), samples added. */
size_t sr_columns_used(const struct sr_reducer *r);
double sr_column_width(const struct sr_reducer *r);
double sr_first_time(const struct sr_reducer *r);
double sr_last_time(const struct sr_reducer *r);
size_t sr_samples(const struct sr_reducer *r);
/* Bytes the reducer holds: fixed at sr_create, whatever the number of samples. */
size_t sr_memory_bytes(const struct sr_reducer *r);

/* Read column col (< sr_columns_used) of series s. Returns 0, or -1 if out of range. */
int sr_column(const struct sr_reducer *r, size_t col, size_t s, struct sr_stat *out);

/* Write series s as chart points into arrays of at least sr_columns_used(r) entries,
 * one per column holding a sample (columns without any sample and no gap are skipped:
 * sparse sampling is not missing data): the mean sample time, mean, min and max, and
 * break_before[i] = 1 where the line must not join point i-1 to point i (the first
 * point, a gap, or a column with a gap inside, which is joined to neither neighbour).
 * A column with samples but no value of s gets NAN. Any output pointer may be NULL.
 * Returns the number of points written. */
size_t sr_export(const struct sr_reducer *r, size_t s, double *t, double *mean, double *min,
		 double *max, unsigned char *break_before);

#endif
