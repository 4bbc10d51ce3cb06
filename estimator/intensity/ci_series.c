/* ci_series.c - sorted arrays of intensity points and daily values, with binary
 * search by instant or day (see ci_series.h). */
#include <stdlib.h>
#include <string.h>

#include "ci_series.h"
#include "et_grow.h"

int ci_points_add(struct ci_points *pts, int64_t utc_s, double g_per_kwh, int tag)
{
	struct ci_point *grown = et_grow(pts->v, &pts->cap, pts->n + 1, sizeof(*grown));

	if (!grown)
		return -1;
	pts->v = grown;
	pts->v[pts->n].utc_s = utc_s;
	pts->v[pts->n].g_per_kwh = g_per_kwh;
	pts->v[pts->n].tag = tag;
	pts->n++;
	return 0;
}

static int cmp_points(const void *va, const void *vb)
{
	const struct ci_point *a = va, *b = vb;

	if (a->utc_s != b->utc_s)
		return a->utc_s < b->utc_s ? -1 : 1;
	return (a->tag > b->tag) - (a->tag < b->tag);
}

static int cmp_days(const void *va, const void *vb)
{
	const struct ci_day_value *a = va, *b = vb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (a->tag > b->tag) - (a->tag < b->tag);
}

/* Sort n elements of v with cmp; files and SQL results come in order, so check first. */
static void sort_elems(void *v, size_t n, size_t elem, int (*cmp)(const void *, const void *))
{
	const char *p = v;

	for (size_t i = 1; i < n; i++) {
		if (cmp(p + (i - 1) * elem, p + i * elem) > 0) {
			qsort(v, n, elem, cmp);
			return;
		}
	}
}

/* Drop from the n sorted elements of v each one whose key equals the one before it
 * (same_key compares keys only), so the lowest tag stays. Returns how many went. */
static size_t unique_elems(void *v, size_t *n, size_t elem, int (*same_key)(const void *, const void *))
{
	char *p = v;
	size_t out = 0, dropped;

	for (size_t i = 0; i < *n; i++) {
		if (out > 0 && same_key(p + (out - 1) * elem, p + i * elem))
			continue;
		if (out != i)
			memcpy(p + out * elem, p + i * elem, elem);
		out++;
	}
	dropped = *n - out;
	*n = out;
	return dropped;
}

static int same_instant(const void *a, const void *b)
{
	return ((const struct ci_point *)a)->utc_s == ((const struct ci_point *)b)->utc_s;
}

static int same_day(const void *a, const void *b)
{
	return ((const struct ci_day_value *)a)->day == ((const struct ci_day_value *)b)->day;
}

void ci_points_sort(struct ci_points *pts)
{
	sort_elems(pts->v, pts->n, sizeof(*pts->v), cmp_points);
}

size_t ci_points_finish(struct ci_points *pts)
{
	ci_points_sort(pts);
	return unique_elems(pts->v, &pts->n, sizeof(*pts->v), same_instant);
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

int ci_daily_add(struct ci_daily *daily, int64_t day, double g_per_kwh, int points, int tag)
{
	struct ci_day_value *grown = et_grow(daily->v, &daily->cap, daily->n + 1, sizeof(*grown));

	if (!grown)
		return -1;
	daily->v = grown;
	daily->v[daily->n].day = day;
	daily->v[daily->n].g_per_kwh = g_per_kwh;
	daily->v[daily->n].points = points;
	daily->v[daily->n].tag = tag;
	daily->n++;
	return 0;
}

void ci_daily_sort(struct ci_daily *daily)
{
	sort_elems(daily->v, daily->n, sizeof(*daily->v), cmp_days);
}

size_t ci_daily_finish(struct ci_daily *daily)
{
	ci_daily_sort(daily);
	return unique_elems(daily->v, &daily->n, sizeof(*daily->v), same_day);
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
