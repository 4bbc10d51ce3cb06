/* day_resolve.c - one value per Paris day, hour or quarter-hour from a view, with the
 * fallback chain finer -> daily -> partial day -> monthly -> yearly -> last known year. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil_time.h"
#include "ci_source.h"
#include "local_time.h"

int ci_resolve_hour(const struct ci_view *v, int64_t hour_s, double *g, const char **source)
{
	for (size_t i = 0; i < v->n_layers; i++) {
		double sum;
		size_t n = ci_points_sum(v->layers[i].pts, hour_s, hour_s + 3600, &sum);

		if (n > 0) {
			*g = sum / (double)n;
			*source = v->layers[i].source;
			return 0;
		}
	}
	return -1;
}

int ci_resolve_quarter(const struct ci_view *v, int64_t quarter_s, double *g, const char **source)
{
	for (size_t i = 0; i < v->n_layers; i++) {
		const struct ci_point *p = ci_points_find(v->layers[i].pts, quarter_s);

		if (p && v->layers[i].has_quarters) {
			*g = p->g_per_kwh;
			*source = v->layers[i].source;
			return 0;
		}
	}
	return -1;
}

/* Hour by hour over the day, the first layer with data: the sum of hour means, the
 * hours covered, the points behind them, and which layers were used (a bit each). */
struct hour_cover {
	double sum_of_hour_means;
	int hours, hours_with_data, points;
	unsigned layers_used;
};

static void cover_day(const struct ci_view *v, int64_t day, struct hour_cover *c)
{
	int64_t start = et_zone_day_start(v->src->paris, day);

	memset(c, 0, sizeof(*c));
	c->hours = et_zone_day_hours(v->src->paris, day);
	for (int h = 0; h < c->hours; h++) {
		int64_t hour_s = start + (int64_t)h * 3600;

		for (size_t i = 0; i < v->n_layers; i++) {
			double sum;
			size_t n = ci_points_sum(v->layers[i].pts, hour_s, hour_s + 3600, &sum);

			if (n == 0)
				continue;
			c->sum_of_hour_means += sum / (double)n;
			c->hours_with_data++;
			c->points += (int)n;
			c->layers_used |= 1u << i;
			break;
		}
	}
}

/* The labels of the layers in mask, joined with " + ". */
static void layer_labels(const struct ci_view *v, unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->n_layers && len < size; i++) {
		if (!(mask & (1u << i)))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " + " : "", v->layers[i].source);
	}
}

static int decimals_of(double g)
{
	return fabs(g * 10 - round(g * 10)) > 1e-6 ? 2 : 1;
}

/* The end of a fallback line for an RTE source: how to get real data for day. */
static void fetch_hint(const struct ci_view *v, int64_t day, char *buf, size_t size)
{
	char from[16];
	int y, m, d;

	buf[0] = '\0';
	if (v->src->kind != ET_CI_RTE)
		return;
	if (day > v->data_end_day) {
		snprintf(buf, size, "; `etest intensity fetch` gets newer days");
		return;
	}
	ci_civil_from_days(day, &y, &m, &d);
	snprintf(from, sizeof(from), "%04d-%02d-01", y, m);
	snprintf(buf, size, "; `etest intensity fetch --from %s` gets these days", from);
}

/* "; RTE data in the shipped files [and the cache] ends on D[; no intensity cache yet]". */
static void data_end_note(const struct ci_view *v, char *buf, size_t size)
{
	char end[16];

	buf[0] = '\0';
	if (v->src->kind != ET_CI_RTE)
		return;
	ci_format_date(v->data_end_day, end, sizeof(end));
	if (v->cache_warning[0])
		snprintf(buf, size, "; RTE data in the shipped files ends on %s; the intensity cache cannot be read", end);
	else if (v->src->cache_path && !v->have_cache)
		snprintf(buf, size, "; RTE data in the shipped files ends on %s; no intensity cache yet", end);
	else if (!v->src->cache_path)
		snprintf(buf, size, "; RTE data in the shipped files ends on %s; no intensity cache used", end);
	else
		snprintf(buf, size, "; RTE data in the shipped files and the cache ends on %s", end);
}

/* No finer or daily data: the monthly mean of the day's month (RTE sources only).
 * Returns 0 with out filled, or 1 if there is none. */
static int monthly_fallback(const struct ci_view *v, int64_t day, struct ci_day_info *out)
{
	const struct ci_month *mo;
	char hint[96], note[96];
	int y, m, d;

	if (!v->monthly)
		return 1;
	ci_civil_from_days(day, &y, &m, &d);
	if (!(mo = ci_monthly_find(v->monthly, y, m)))
		return 1;
	fetch_hint(v, day, hint, sizeof(hint));
	data_end_note(v, note, sizeof(note));
	out->g_per_kwh = mo->g_per_kwh;
	out->points = 0;
	out->decimals = decimals_of(mo->g_per_kwh);
	out->tier = CI_TIER_MONTHLY;
	out->from_fallback = 1;
	snprintf(out->basis, sizeof(out->basis), "monthly mean%s", mo->partial ? " (partial month)" : "");
	snprintf(out->source, sizeof(out->source), "%s, %04d-%02d%s%s",
		 mo->real_time ? CI_LABEL_MONTHLY_TR : CI_LABEL_MONTHLY_CONS, y, m,
		 mo->partial ? " (the source's month stops before its end)" : "", note);
	snprintf(out->warning, sizeof(out->warning), "no daily RTE data; monthly mean %.*f g/kWh "
		 "(RTE mix of %04d-%02d, %s%s)%s", out->decimals, mo->g_per_kwh, y, m,
		 mo->real_time ? "real-time" : "consolidated", mo->partial ? ", partial month" : "", hint);
	return 0;
}

/* No finer, daily or monthly data: the yearly figure of the day's year, else the last
 * known year. Fills out and its warning. Returns 0, or -1 with err (no yearly table). */
static int yearly_fallback(const struct ci_view *v, int64_t day, struct ci_day_info *out,
			   struct et_error *err)
{
	struct ci_yearly_pick pick;
	char date[16], hint[96], note[96];
	int y, m, d;

	ci_format_date(day, date, sizeof(date));
	if (!v->yearly)
		return et_error_set(err, v->src->user_file ? v->src->user_file : "", 0,
				    "no intensity for %s (Paris local day): the file does not cover it", date);
	ci_civil_from_days(day, &y, &m, &d);
	if (ci_yearly_of(v->yearly, y, &pick) == 0)
		out->tier = CI_TIER_YEARLY;
	else if (ci_yearly_last_known(v->yearly, &pick) == 0)
		out->tier = CI_TIER_LAST_YEAR;
	else
		return et_error_set(err, "", 0, "no intensity for %s and no yearly figure", date);
	fetch_hint(v, day, hint, sizeof(hint));
	data_end_note(v, note, sizeof(note));
	out->g_per_kwh = pick.g_per_kwh;
	out->points = 0;
	out->decimals = decimals_of(pick.g_per_kwh);
	out->from_fallback = 1;
	snprintf(out->basis, sizeof(out->basis), "%s", pick.basis);
	snprintf(out->source, sizeof(out->source), "shipped yearly figure of %d%s: %s%s%s", pick.year,
		 out->tier == CI_TIER_LAST_YEAR ? " (the last year with one)" : "", pick.source,
		 pick.life_cycle ? "; a change of basis: life-cycle figures run 13-15 g/kWh above RTE's "
		 "direct-combustion taux_co2 (Ember minus the RTE method, 2012-2022)" : "", note);
	snprintf(out->warning, sizeof(out->warning), "no RTE data; yearly %s figure %.*f g/kWh (%s %d)%s",
		 pick.life_cycle ? "life-cycle" : "direct-combustion", out->decimals, pick.g_per_kwh,
		 pick.who, pick.year, hint);
	return 0;
}

static int resolve_day(const struct ci_view *v, int64_t day, struct ci_day_info *out,
		       struct et_error *err)
{
	const struct ci_day_value *dv = v->daily ? ci_daily_find(v->daily, day) : NULL;
	struct hour_cover c;

	memset(out, 0, sizeof(*out));
	out->day = day;
	out->decimals = 1;
	if (v->src->kind == ET_CI_CONSTANT) {
		out->g_per_kwh = v->src->constant_g_per_kwh;
		out->decimals = decimals_of(out->g_per_kwh);
		out->tier = CI_TIER_GIVEN;
		snprintf(out->basis, sizeof(out->basis), "constant");
		snprintf(out->source, sizeof(out->source), "--intensity %g", v->src->constant_g_per_kwh);
		return 0;
	}
	cover_day(v, day, &c);
	if (c.hours_with_data == c.hours) {
		out->g_per_kwh = c.sum_of_hour_means / c.hours;
		out->points = c.points;
		snprintf(out->basis, sizeof(out->basis), "daily mean");
		layer_labels(v, c.layers_used, out->source, sizeof(out->source));
		return 0;
	}
	if (dv) {
		out->tier = CI_TIER_DAILY;
		out->g_per_kwh = dv->g_per_kwh;
		out->points = dv->points;
		snprintf(out->basis, sizeof(out->basis), "daily mean");
		snprintf(out->source, sizeof(out->source), "%s", v->daily_source);
		return 0;
	}
	if (c.hours_with_data > 0) {
		out->g_per_kwh = c.sum_of_hour_means / c.hours_with_data;
		out->points = c.points;
		out->tier = CI_TIER_PARTIAL;
		snprintf(out->basis, sizeof(out->basis), "daily mean (partial day)");
		layer_labels(v, c.layers_used, out->source, sizeof(out->source));
		snprintf(out->warning, sizeof(out->warning),
			 "data for %d of %d hours only; used the mean of those, %.1f g/kWh",
			 c.hours_with_data, c.hours, out->g_per_kwh);
		return 0;
	}
	if (monthly_fallback(v, day, out) == 0)
		return 0;
	return yearly_fallback(v, day, out, err);
}

/* User files say "user file" in the basis instead of "daily mean". */
int ci_resolve_day(const struct ci_view *v, int64_t day, struct ci_day_info *out,
		   struct et_error *err)
{
	if (resolve_day(v, day, out, err) < 0)
		return -1;
	if (v->src->kind == ET_CI_USER_FILE)
		snprintf(out->basis, sizeof(out->basis), "user file%s",
			 strstr(out->basis, "partial") ? " (partial day)" : "");
	return 0;
}
