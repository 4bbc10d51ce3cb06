/* ci_series.h - in-memory intensity series: timestamped points (quarter-hour, half-hour
 * or hourly values keyed on their UTC instant) and daily values keyed on a Paris day. */
#ifndef ET_CI_SERIES_H
#define ET_CI_SERIES_H

#include <stddef.h>
#include <stdint.h>

struct ci_point {
	int64_t utc_s;       /* start of the step the value covers, UTC seconds */
	double g_per_kwh;
	int tag;             /* source-specific: the dataset rank for cached points, the
	                      * line for points read from a file */
};

struct ci_points {
	struct ci_point *v;  /* sorted by utc_s, one per instant, once finished */
	size_t n, cap;
};
#define CI_POINTS_INIT {NULL, 0, 0}

struct ci_day_value {
	int64_t day;         /* Paris local day, days since 1970-01-01 */
	double g_per_kwh;
	int points;          /* values behind the daily figure */
	int tag;             /* source-specific: the line for values read from a file */
};

struct ci_daily {
	struct ci_day_value *v;   /* sorted by day, one per day, once finished */
	size_t n, cap;
};
#define CI_DAILY_INIT {NULL, 0, 0}

/* Append a point. Returns 0, or -1 when out of memory (pts unchanged). */
int ci_points_add(struct ci_points *pts, int64_t utc_s, double g_per_kwh, int tag);
/* Sort by instant, then tag (one pass when already in order, else qsort). */
void ci_points_sort(struct ci_points *pts);
/* Sort, and of duplicate instants keep the one of the lowest tag (for a file, the
 * first line: a source's DST quirk repeats one). Returns how many were dropped. */
size_t ci_points_finish(struct ci_points *pts);
/* Index of the first point at or after utc_s (n if none). pts must be finished. */
size_t ci_points_lower_bound(const struct ci_points *pts, int64_t utc_s);
/* The point at exactly utc_s, or NULL. Borrowed from pts. */
const struct ci_point *ci_points_find(const struct ci_points *pts, int64_t utc_s);
/* Number of points in [from_s, to_s); *sum gets the sum of their values. */
size_t ci_points_sum(const struct ci_points *pts, int64_t from_s, int64_t to_s, double *sum);
void ci_points_release(struct ci_points *pts);

/* Append a daily value. Returns 0, or -1 when out of memory. */
int ci_daily_add(struct ci_daily *daily, int64_t day, double g_per_kwh, int points, int tag);
/* Sort by day, then tag (one pass when already in order, else qsort). */
void ci_daily_sort(struct ci_daily *daily);
/* Sort, and of duplicate days keep the one of the lowest tag. Returns how many were
 * dropped. */
size_t ci_daily_finish(struct ci_daily *daily);
/* The value of that day, or NULL. Borrowed from daily. */
const struct ci_day_value *ci_daily_find(const struct ci_daily *daily, int64_t day);
void ci_daily_release(struct ci_daily *daily);

#endif
