/* weight.c - et_ci_weight_resolved(): the run's energy per piece (a quarter-hour, or a day
 * at day resolution) times the resolved intensity of that piece's Paris day, hour or
 * quarter-hour, summed per day, per hour or quarter-hour and over the run; et_ci_weight()
 * resolves the spans' period first. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "et_grow.h"
#include "resolved.h"

#define QUARTER_MS (15 * 60 * 1000)

/* What one Paris day of the run accumulates. */
struct day_acc {
	struct ci_day_info info;     /* the day's own value (daily or fallback) */
	double energy_wh, g_energy;  /* sum of e and of g*e */
	double time_s, g_time;       /* sum of dt and of g*dt (used when no energy) */
	long pieces_quarter, pieces_hour, pieces_day;   /* which value each piece got */
	int64_t last_hour, last_quarter;                /* de-duplicate the counts below */
	int hours_seen, hours_missing;                  /* hour resolution */
	int quarters_seen, quarters_missing;            /* quarter resolution */
	const char *finer_source;    /* source of the first finer value used */
};

struct weighing {
	const struct et_ci_resolved *res;
	struct day_acc *days;
	size_t n_days, cap_days;
	struct et_ci_step *steps;    /* hour or quarter resolution: in time order, handed to the
				      * result (every piece of a step has the step's value) */
	size_t n_steps, cap_steps;
	char **sources;              /* the steps' distinct sources, handed to the result */
	size_t n_sources;
	enum et_ci_resolution resolution;
};

/* The int64_t at key_off in entry i of arr (elem bytes each). */
static int64_t key_at(const void *arr, size_t i, size_t elem, size_t key_off)
{
	int64_t key;

	memcpy(&key, (const unsigned char *)arr + i * elem + key_off, sizeof(key));
	return key;
}

/* Where key goes among the n entries of arr (elem bytes each, in the order of the int64_t
 * at key_off): the first entry whose key is not below it, *found 1 if that one's key is
 * key. The last entry is tried first: spans mostly come in time order. */
static size_t sorted_index(const void *arr, size_t n, size_t elem, size_t key_off, int64_t key,
			   int *found)
{
	size_t lo = 0, hi = n;

	if (hi && key_at(arr, hi - 1, elem, key_off) <= key)
		lo = key_at(arr, hi - 1, elem, key_off) == key ? hi - 1 : hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_at(arr, mid, elem, key_off) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < n && key_at(arr, lo, elem, key_off) == key;
	return lo;
}

/* arr (*n entries of elem bytes, room for *cap) with a zeroed entry inserted at index at
 * (the later ones moved up), *n and *cap updated; NULL when out of memory (arr unchanged
 * and still the caller's). */
static void *insert_zeroed(void *arr, size_t *n, size_t *cap, size_t elem, size_t at)
{
	unsigned char *grown = et_grow(arr, cap, *n + 1, elem);

	if (!grown)
		return NULL;
	memmove(grown + (at + 1) * elem, grown + at * elem, (*n - at) * elem);
	memset(grown + at * elem, 0, elem);
	(*n)++;
	return grown;
}

/* The accumulator of the day holding utc_s (created on first use from the resolved
 * day). Returns it, or NULL with err filled. */
static struct day_acc *day_of(struct weighing *w, int64_t utc_s, struct et_error *err)
{
	long idx = ci_resolved_day_index(w->res, utc_s);
	struct day_acc *acc;
	size_t at;
	int found;

	if (idx < 0) {
		et_error_set(err, "", 0, "a span lies outside the period whose intensity was resolved");
		return NULL;
	}
	if (w->res->day_errors && w->res->day_errors[idx].text[0]) {
		*err = w->res->day_errors[idx];
		return NULL;
	}
	at = sorted_index(w->days, w->n_days, sizeof(*w->days), offsetof(struct day_acc, info.day),
			  w->res->first_day + idx, &found);
	if (found)
		return &w->days[at];
	struct day_acc *nd = insert_zeroed(w->days, &w->n_days, &w->cap_days, sizeof(*nd), at);

	if (!nd) {
		et_error_set(err, "", 0, "out of memory");
		return NULL;
	}
	w->days = nd;
	acc = &nd[at];
	acc->last_hour = acc->last_quarter = INT64_MIN;
	acc->info = w->res->days[idx];
	return acc;
}

/* The intensity of the piece starting at utc_s in day acc, at the wanted resolution,
 * with the basis and source of that value (borrowed from w->res or acc). */
static double piece_intensity(struct weighing *w, struct day_acc *acc, int64_t utc_s,
			      const char **basis, const char **source)
{
	int64_t hour_s = ci_floor_div(utc_s, 3600) * 3600;
	int64_t quarter_s = ci_floor_div(utc_s, 900) * 900;
	int new_hour = hour_s != acc->last_hour, new_quarter = quarter_s != acc->last_quarter;
	double g;

	acc->last_hour = hour_s;
	acc->last_quarter = quarter_s;
	if (w->resolution == ET_CI_QUARTER) {
		int64_t q = (quarter_s - w->res->hours_from) / 900;

		acc->quarters_seen += new_quarter;
		if (q >= 0 && (size_t)q < w->res->n_quarters && w->res->quarter_src[q] != CI_NO_SOURCE) {
			g = w->res->quarter_g[q];
			*basis = "quarter-hour";
			*source = w->res->sources[(int)w->res->quarter_src[q]];
			acc->pieces_quarter++;
			goto finer;
		}
		acc->quarters_missing += new_quarter;
	}
	if (w->resolution != ET_CI_DAY) {
		int64_t h = (hour_s - w->res->hours_from) / 3600;

		acc->hours_seen += new_hour;
		if (h >= 0 && (size_t)h < w->res->n_hours && w->res->hour_src[h] != CI_NO_SOURCE) {
			g = w->res->hour_g[h];
			*basis = "hourly";
			*source = w->res->sources[(int)w->res->hour_src[h]];
			acc->pieces_hour++;
			goto finer;
		}
		acc->hours_missing += new_hour;
	}
	acc->pieces_day++;
	*basis = acc->info.basis;
	*source = acc->info.source;
	return acc->info.g_per_kwh;
finer:
	if (!acc->finer_source)
		acc->finer_source = *source;
	return g;
}

/* The index of source in w->sources, added if new. Returns it, or -1 when out of memory. */
static long source_index(struct weighing *w, const char *source)
{
	char **grown;

	for (size_t i = 0; i < w->n_sources; i++)
		if (strcmp(w->sources[i], source) == 0)
			return (long)i;
	if (!(grown = realloc(w->sources, (w->n_sources + 1) * sizeof(*grown))))
		return -1;
	w->sources = grown;
	if (!(grown[w->n_sources] = strdup(source)))
		return -1;
	return (long)w->n_sources++;
}

/* The step starting at start_s (created on first use with the piece's basis and
 * source). Returns it, or NULL when out of memory. */
static struct et_ci_step *step_of(struct weighing *w, int64_t start_s, const char *basis,
				  const char *source)
{
	int64_t start_ms = start_s * 1000;
	struct et_ci_step *step;
	long src;
	int found;
	size_t at = sorted_index(w->steps, w->n_steps, sizeof(*w->steps),
				 offsetof(struct et_ci_step, utc_start_ms), start_ms, &found);

	if (found)
		return &w->steps[at];
	if ((src = source_index(w, source)) < 0)
		return NULL;
	struct et_ci_step *ns = insert_zeroed(w->steps, &w->n_steps, &w->cap_steps, sizeof(*ns), at);

	if (!ns)
		return NULL;
	w->steps = ns;
	step = &ns[at];
	step->utc_start_ms = start_ms;
	step->minutes = w->resolution == ET_CI_QUARTER ? 15 : 60;
	snprintf(step->basis, sizeof(step->basis), "%s", basis);
	step->source = (size_t)src;
	return step;
}

static int add_piece(struct weighing *w, int64_t start_ms, int64_t end_ms, double energy_wh,
		     struct et_error *err)
{
	int64_t utc_s = ci_floor_div(start_ms, 1000);
	struct day_acc *acc = day_of(w, utc_s, err);
	double g, dt = (double)(end_ms - start_ms) / 1000.0;
	const char *basis, *source;

	if (!acc)
		return -1;
	g = piece_intensity(w, acc, utc_s, &basis, &source);
	acc->energy_wh += energy_wh;
	acc->g_energy += g * energy_wh;
	acc->time_s += dt;
	acc->g_time += g * dt;
	if (w->resolution != ET_CI_DAY) {
		int64_t len_s = w->resolution == ET_CI_QUARTER ? 900 : 3600;
		struct et_ci_step *st = step_of(w, ci_floor_div(utc_s, len_s) * len_s, basis, source);

		if (!st)
			return et_error_set(err, "", 0, "out of memory");
		/* the value of every piece of the step: its hour's or quarter's (or, lacking that,
		 * its day's, the same for the whole step: Paris days start on whole UTC hours) */
		st->g_per_kwh = g;
		st->energy_wh += energy_wh;
	}
	return 0;
}

/* The end of the piece starting at t_ms: the next quarter-hour boundary (quarter-hours
 * nest in Paris hours and days, the offsets being whole hours), or at day resolution the
 * next Paris midnight (a span of a day's bucket is one piece). */
static int64_t piece_end(const struct weighing *w, int64_t t_ms)
{
	long idx;

	if (w->resolution == ET_CI_DAY && (idx = ci_resolved_day_index(w->res, ci_floor_div(t_ms, 1000))) >= 0)
		return w->res->day_start[idx + 1] * 1000;
	return (ci_floor_div(t_ms, QUARTER_MS) + 1) * QUARTER_MS;
}

/* Cut a span into pieces (piece_end) and share its energy in proportion to time. */
static int add_span(struct weighing *w, const struct et_ci_span *s, struct et_error *err)
{
	int64_t len = s->utc_end_ms - s->utc_start_ms;

	if (len == 0)
		return add_piece(w, s->utc_start_ms, s->utc_end_ms, s->energy_wh, err);
	for (int64_t t = s->utc_start_ms; t < s->utc_end_ms;) {
		int64_t next = piece_end(w, t);

		if (next > s->utc_end_ms)
			next = s->utc_end_ms;
		if (add_piece(w, t, next, s->energy_wh * (double)(next - t) / (double)len, err) < 0)
			return -1;
		t = next;
	}
	return 0;
}

static int add_warning(struct et_ci_result *out, const char *text, struct et_error *err)
{
	char **nw = realloc(out->warnings, (out->n_warnings + 1) * sizeof(*nw));

	if (!nw)
		return et_error_set(err, "", 0, "out of memory");
	out->warnings = nw;
	if (!(nw[out->n_warnings] = strdup(text)))
		return et_error_set(err, "", 0, "out of memory");
	out->n_warnings++;
	return 0;
}

/* Append s to buf (joined with " + ") unless buf already holds it. */
static void join_label(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	if (strstr(buf, s))
		return;
	snprintf(buf + len, size - len, "%s%s", len ? " + " : "", s);
}

/* Fill the public day d from acc, and add its warnings to out. */
static int finish_day(struct weighing *w, struct day_acc *acc, struct et_ci_day *d,
		      struct et_ci_result *out, struct et_error *err)
{
	char text[1024];

	ci_format_date(acc->info.day, d->date, sizeof(d->date));
	d->energy_wh = acc->energy_wh;
	if (acc->energy_wh > 0)
		d->g_per_kwh = acc->g_energy / acc->energy_wh;
	else if (acc->time_s > 0)
		d->g_per_kwh = acc->g_time / acc->time_s;
	else
		d->g_per_kwh = acc->info.g_per_kwh;
	d->basis[0] = d->source[0] = '\0';
	if (acc->pieces_quarter)
		join_label(d->basis, sizeof(d->basis), "quarter-hour");
	if (acc->pieces_hour)
		join_label(d->basis, sizeof(d->basis), "hourly");
	if (acc->finer_source)
		join_label(d->source, sizeof(d->source), acc->finer_source);
	if (acc->pieces_day) {
		join_label(d->basis, sizeof(d->basis), acc->info.basis);
		join_label(d->source, sizeof(d->source), acc->info.source);
	}
	if (acc->quarters_missing) {
		snprintf(text, sizeof(text), "%s: no quarter-hour value for %d of the %d quarter-hours of the run; "
			 "used the hourly mean, else the day's value (%.1f g/kWh, %s), there",
			 d->date, acc->quarters_missing, acc->quarters_seen, acc->info.g_per_kwh, acc->info.basis);
		if (add_warning(out, text, err) < 0)
			return -1;
	} else if (acc->hours_missing) {
		snprintf(text, sizeof(text), "%s: no hourly value for %d of the %d hours of the run; "
			 "used the day's value (%.1f g/kWh, %s) there",
			 d->date, acc->hours_missing, acc->hours_seen, acc->info.g_per_kwh, acc->info.basis);
		if (add_warning(out, text, err) < 0)
			return -1;
	}
	(void)w;
	return 0;
}

/* The days' fallback warnings, one line per stretch of consecutive days that say the
 * same: "2026-11-22: ..." or "2026-11-22..2026-11-24: ...". */
static int add_day_warnings(const struct weighing *w, struct et_ci_result *out, struct et_error *err)
{
	char text[512], a[16], b[16];

	for (size_t i = 0; i < w->n_days;) {
		const struct day_acc *first = &w->days[i];
		size_t j = i + 1;

		if (!first->pieces_day || !first->info.warning[0]) {
			i++;
			continue;
		}
		while (j < w->n_days && w->days[j].pieces_day && w->days[j].info.day == w->days[j - 1].info.day + 1 &&
		       strcmp(w->days[j].info.warning, first->info.warning) == 0)
			j++;
		ci_format_date(first->info.day, a, sizeof(a));
		ci_format_date(w->days[j - 1].info.day, b, sizeof(b));
		if (j - i == 1)
			snprintf(text, sizeof(text), "%s: %s", a, first->info.warning);
		else
			snprintf(text, sizeof(text), "%s..%s: %s", a, b, first->info.warning);
		if (add_warning(out, text, err) < 0)
			return -1;
		i = j;
	}
	return 0;
}

/* Spans that end before they start or have no finite energy. Returns 0, or -1. */
static int check_spans(const struct et_ci_span *spans, size_t n_spans, int64_t *min_ms, int64_t *max_ms,
		       struct et_error *err)
{
	*min_ms = INT64_MAX;
	*max_ms = INT64_MIN;
	for (size_t i = 0; i < n_spans; i++) {
		if (spans[i].utc_end_ms < spans[i].utc_start_ms || !isfinite(spans[i].energy_wh))
			return et_error_set(err, "", 0, "bad span %zu: ends before it starts or has no energy", i);
		if (spans[i].utc_start_ms < *min_ms)
			*min_ms = spans[i].utc_start_ms;
		if (spans[i].utc_end_ms > *max_ms)
			*max_ms = spans[i].utc_end_ms;
	}
	return 0;
}

int et_ci_weight(struct et_ci_source *src, const struct et_ci_span *spans, size_t n_spans,
		 struct et_ci_result *out, struct et_error *err)
{
	struct et_ci_resolved *res = NULL;
	int64_t min_ms, max_ms;
	int rc;

	*out = (struct et_ci_result)ET_CI_RESULT_INIT;
	out->g_per_kwh = NAN;
	if (n_spans == 0)
		return 0;
	if (check_spans(spans, n_spans, &min_ms, &max_ms, err) < 0)
		return -1;
	/* A piece starting at max_ms (an empty span) belongs to max_ms's day: include it. */
	if (et_ci_resolve(src, min_ms, max_ms + 1, &res, err) < 0)
		return -1;
	rc = et_ci_weight_resolved(res, spans, n_spans, out, err);
	et_ci_resolved_free(res);
	return rc;
}

int et_ci_weight_resolved(const struct et_ci_resolved *res, const struct et_ci_span *spans,
			  size_t n_spans, struct et_ci_result *out, struct et_error *err)
{
	struct weighing w = {.res = res, .resolution = res->resolution};
	double e = 0, ge = 0, t = 0, gt = 0;
	int64_t min_ms, max_ms;

	*out = (struct et_ci_result)ET_CI_RESULT_INIT;
	out->g_per_kwh = NAN;
	if (n_spans == 0)
		return 0;
	if (check_spans(spans, n_spans, &min_ms, &max_ms, err) < 0)
		return -1;
	for (size_t i = 0; i < n_spans; i++)
		if (add_span(&w, &spans[i], err) < 0)
			goto fail;
	out->days = calloc(w.n_days, sizeof(*out->days));
	if (!out->days) {
		et_error_set(err, "", 0, "out of memory");
		goto fail;
	}
	out->n_days = w.n_days;
	if (res->cache_warning[0] && add_warning(out, res->cache_warning, err) < 0)
		goto fail;
	if (add_day_warnings(&w, out, err) < 0)
		goto fail;
	for (size_t i = 0; i < w.n_days; i++) {
		if (finish_day(&w, &w.days[i], &out->days[i], out, err) < 0)
			goto fail;
		e += w.days[i].energy_wh;
		ge += w.days[i].g_energy;
		t += w.days[i].time_s;
		gt += w.days[i].g_time;
	}
	if (e > 0)
		out->g_per_kwh = ge / e;
	else if (t > 0)
		out->g_per_kwh = gt / t;
	else
		out->g_per_kwh = out->days[0].g_per_kwh;
	out->steps = w.steps;
	out->n_steps = w.n_steps;
	out->step_sources = w.sources;
	out->n_step_sources = w.n_sources;
	free(w.days);
	return 0;
fail:
	free(w.days);
	free(w.steps);
	for (size_t i = 0; i < w.n_sources; i++)
		free(w.sources[i]);
	free(w.sources);
	et_ci_result_release(out);
	out->g_per_kwh = NAN;
	return -1;
}
