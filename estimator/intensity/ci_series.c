/* ci_series.c - sorted arrays of intensity points and daily values, with binary
 * search by instant or day (see ci_series.h). */
#include <stdlib.h>

#include "ci_series.h"

/* Grow *v (elements of size elem) to hold one more than *n. Returns 0 or -1. */
static int grow(void **v, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 256;
	nv = realloc(*v, ncap * elem);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

int ci_points_add(struct ci_points *pts, int64_t utc_s, double g_per_kwh, int tag)
{
	if (grow((void **)&pts->v, &pts->cap, pts->n, sizeof(*pts->v)) < 0)
		return -1;
	pts->v[pts->n].utc_s = utc_s;
	pts->v[pts->n].g_per_kwh = g_per_kwh;
	pts->v[pts->n].tag = tag;
	pts->n++;
	return 0;
}

size_t ci_points_finish(struct ci_points *pts)
{
	size_t out = 0, dropped = 0;

	/* Insertion sort: the inputs (files, SQL ordered by time) are already nearly
	 * sorted, and it is stable, so the first of two equal instants stays first. */
	for (size_t i = 1; i < pts->n; i++) {
		struct ci_point p = pts->v[i];
		size_t j = i;

		while (j > 0 && pts->v[j - 1].utc_s > p.utc_s) {
			pts->v[j] = pts->v[j - 1];
			j--;
		}
		pts->v[j] = p;
	}
	for (size_t i = 0; i < pts->n; i++) {
		if (out > 0 && pts->v[out - 1].utc_s == pts->v[i].utc_s) {
			dropped++;
			continue;
		}
		pts->v[out++] = pts->v[i];
	}
	pts->n = out;
	return dropped;
}

size_t ci_points_lower_bound(const struct ci_points *pts, int64_t utc_s)
{
	size_t lo = 0, hi = pts->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pts->v[mid].utc_s < utc_s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct ci_point *ci_points_find(const struct ci_points *pts, int64_t utc_s)
{
	size_t i = ci_points_lower_bound(pts, utc_s);

	return i < pts->n && pts->v[i].utc_s == utc_s ? &pts->v[i] : NULL;
}

size_t ci_points_sum(const struct ci_points *pts, int64_t from_s, int64_t to_s, double *sum)
{
	size_t count = 0;

	*sum = 0;
	for (size_t i = ci_points_lower_bound(pts, from_s); i < pts->n && pts->v[i].utc_s < to_s; i++) {
		*sum += pts->v[i].g_per_kwh;
		count++;
	}
	return count;
}

void ci_points_release(struct ci_points *pts)
{
	if (!pts)
		return;
	free(pts->v);
	pts->v = NULL;
	pts->n = pts->cap = 0;
}

int ci_daily_add(struct ci_daily *daily, int64_t day, double g_per_kwh, int points)
{
	if (grow((void **)&daily->v, &daily->cap, daily->n, sizeof(*daily->v)) < 0)
		return -1;
	daily->v[daily->n].day = day;
	daily->v[daily->n].g_per_kwh = g_per_kwh;
	daily->v[daily->n].points = points;
	daily->n++;
	return 0;
}

size_t ci_daily_finish(struct ci_daily *daily)
{
	size_t out = 0, dropped = 0;

	for (size_t i = 1; i < daily->n; i++) {
		struct ci_day_value v = daily->v[i];
		size_t j = i;

		while (j > 0 && daily->v[j - 1].day > v.day) {
			daily->v[j] = daily->v[j - 1];
			j--;
		}
		daily->v[j] = v;
	}
	for (size_t i = 0; i < daily->n; i++) {
		if (out > 0 && daily->v[out - 1].day == daily->v[i].day) {
			dropped++;
			continue;
		}
		daily->v[out++] = daily->v[i];
	}
	daily->n = out;
	return dropped;
}

const struct ci_day_value *ci_daily_find(const struct ci_daily *daily, int64_t day)
{
	size_t lo = 0, hi = daily->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (daily->v[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < daily->n && daily->v[lo].day == day ? &daily->v[lo] : NULL;
}

void ci_daily_release(struct ci_daily *daily)
{
	if (!daily)
		return;
	free(daily->v);
	daily->v = NULL;
	daily->n = daily->cap = 0;
}
