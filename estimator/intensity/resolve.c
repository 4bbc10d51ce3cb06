/* resolve.c - et_ci_resolve(): a period's intensity read once from a source (the cache
 * opened once), into days, hours and quarter-hours the caller owns (see resolved.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "resolved.h"

#define MAX_PERIOD_DAYS 3660   /* ten years: a run or a report, never more */

/* The index of the view's layer whose label is the pointer label. */
static signed char layer_of(const struct ci_view *v, const char *label)
{
	for (size_t i = 0; i < v->n_layers; i++)
		if (v->layers[i].source == label)
			return (signed char)i;
	return CI_NO_SOURCE;
}

/* Resolve every hour (and quarter-hour) of the period from the view. */
static int resolve_finer(struct et_ci_resolved *r, const struct ci_view *v)
{
	int64_t to = r->day_start[r->n_days];
	const char *source;
	double g;

	if (r->resolution == ET_CI_DAY)
		return 0;
	r->hours_from = ci_floor_div(r->day_start[0], 3600) * 3600;
	r->n_hours = (size_t)((to - r->hours_from + 3599) / 3600);
	if (r->resolution == ET_CI_QUARTER)
		r->n_quarters = r->n_hours * 4;
	r->hour_g = calloc(r->n_hours, sizeof(*r->hour_g));
	r->hour_src = calloc(r->n_hours, sizeof(*r->hour_src));
	if (!r->hour_g || !r->hour_src)
		return -1;
	for (size_t h = 0; h < r->n_hours; h++) {
		r->hour_src[h] = CI_NO_SOURCE;
		if (ci_resolve_hour(v, r->hours_from + (int64_t)h * 3600, &g, &source) == 0) {
			r->hour_g[h] = g;
			r->hour_src[h] = layer_of(v, source);
		}
	}
	if (!r->n_quarters)
		return 0;
	r->quarter_g = calloc(r->n_quarters, sizeof(*r->quarter_g));
	r->quarter_src = calloc(r->n_quarters, sizeof(*r->quarter_src));
	if (!r->quarter_g || !r->quarter_src)
		return -1;
	for (size_t q = 0; q < r->n_quarters; q++) {
		r->quarter_src[q] = CI_NO_SOURCE;
		if (ci_resolve_quarter(v, r->hours_from + (int64_t)q * 900, &g, &source) == 0) {
			r->quarter_g[q] = g;
			r->quarter_src[q] = layer_of(v, source);
		}
	}
	return 0;
}

/* Resolve every day; a day that has no value (a user file not covering it) keeps its
 * error, raised only if a span falls in that day. */
static int resolve_days(struct et_ci_resolved *r, const struct ci_view *v, const struct et_ci_source *src)
{
	for (size_t i = 0; i <= r->n_days; i++)
		r->day_start[i] = et_zone_day_start(src->paris, r->first_day + (int64_t)i);
	for (size_t i = 0; i < r->n_days; i++) {
		struct et_error e = ET_ERROR_INIT;

		if (ci_resolve_day(v, r->first_day + (int64_t)i, &r->days[i], &e) == 0)
			continue;
		if (!r->day_errors && !(r->day_errors = calloc(r->n_days, sizeof(*r->day_errors))))
			return -1;
		r->day_errors[i] = e;
	}
	return 0;
}

int et_ci_resolve(struct et_ci_source *src, int64_t from_utc_ms, int64_t to_utc_ms,
		  struct et_ci_resolved **out, struct et_error *err)
{
	struct et_ci_resolved *r;
	struct ci_view view;
	int64_t first, last;

	*out = NULL;
	if (to_utc_ms <= from_utc_ms)
		to_utc_ms = from_utc_ms + 1;
	first = et_zone_day(src->paris, ci_floor_div(from_utc_ms, 1000));
	last = et_zone_day(src->paris, ci_floor_div(to_utc_ms - 1, 1000));
	if (last - first >= MAX_PERIOD_DAYS)
		return et_error_set(err, "", 0, "a period of %lld days is too long for the intensity "
				    "(at most %d)", (long long)(last - first + 1), MAX_PERIOD_DAYS);
	if (!(r = calloc(1, sizeof(*r))))
		return et_error_set(err, "", 0, "out of memory");
	r->resolution = src->resolution;
	r->first_day = first;
	r->n_days = (size_t)(last - first + 1);
	r->days = calloc(r->n_days, sizeof(*r->days));
	r->day_start = calloc(r->n_days + 1, sizeof(*r->day_start));
	if (!r->days || !r->day_start)
		goto oom;
	if (ci_view_open(src, et_zone_day_start(src->paris, first), et_zone_day_start(src->paris, last + 1),
			 &view, err) < 0) {
		et_ci_resolved_free(r);
		return -1;
	}
	for (size_t i = 0; i < view.n_layers; i++)
		snprintf(r->sources[i], sizeof(r->sources[i]), "%s", view.layers[i].source);
	snprintf(r->cache_warning, sizeof(r->cache_warning), "%s", view.cache_warning);
	r->have_cache = view.have_cache;
	if (resolve_days(r, &view, src) < 0 || resolve_finer(r, &view) < 0) {
		ci_view_release(&view);
		goto oom;
	}
	ci_view_release(&view);
	*out = r;
	return 0;
oom:
	et_ci_resolved_free(r);
	return et_error_set(err, "", 0, "out of memory");
}

long ci_resolved_day_index(const struct et_ci_resolved *r, int64_t utc_s)
{
	size_t lo = 0, hi = r->n_days;

	if (r->n_days == 0 || utc_s < r->day_start[0] || utc_s >= r->day_start[r->n_days])
		return -1;
	while (hi - lo > 1) {   /* day_start[lo] <= utc_s < day_start[hi] */
		size_t mid = lo + (hi - lo) / 2;

		if (r->day_start[mid] <= utc_s)
			lo = mid;
		else
			hi = mid;
	}
	return (long)lo;
}

const struct et_ci_day *et_ci_resolved_days(struct et_ci_resolved *r, size_t *n)
{
	*n = 0;
	if (!r->public_days) {
		if (!(r->public_days = calloc(r->n_days ? r->n_days : 1, sizeof(*r->public_days))))
			return NULL;
		for (size_t i = 0; i < r->n_days; i++) {
			struct et_ci_day *d = &r->public_days[i];

			ci_format_date(r->first_day + (int64_t)i, d->date, sizeof(d->date));
			d->g_per_kwh = r->day_errors && r->day_errors[i].text[0] ? NAN : r->days[i].g_per_kwh;
			snprintf(d->basis, sizeof(d->basis), "%s", r->days[i].basis);
			snprintf(d->source, sizeof(d->source), "%s", r->days[i].source);
			d->points = r->days[i].points;
			d->decimals = r->days[i].decimals;
			d->fallback = r->days[i].from_fallback;
		}
	}
	*n = r->n_days;
	return r->public_days;
}

const struct et_error *et_ci_resolved_day_error(const struct et_ci_resolved *r, size_t i)
{
	return i < r->n_days && r->day_errors && r->day_errors[i].text[0] ? &r->day_errors[i] : NULL;
}

const char *et_ci_resolved_cache_warning(const struct et_ci_resolved *r)
{
	return r->cache_warning;
}

int et_ci_resolved_have_cache(const struct et_ci_resolved *r)
{
	return r->have_cache;
}

void et_ci_resolved_free(struct et_ci_resolved *r)
{
	if (!r)
		return;
	free(r->days);
	free(r->day_errors);
	free(r->day_start);
	free(r->hour_g);
	free(r->hour_src);
	free(r->quarter_g);
	free(r->quarter_src);
	free(r->public_days);
	free(r);
}
