/* day_resolve.c - one value per Paris day, hour or quarter-hour from a view, with the
 * fallback chain finer -> daily -> yearly -> last known year (see ci_source.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil_time.h"
#include "ci_source.h"
#include "paris_time.h"

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
	int64_t start = ci_paris_day_start(day);

	memset(c, 0, sizeof(*c));
	c->hours = ci_paris_day_hours(day);
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

/* No finer or daily data: the yearly figure of the day's year, else the last known
 * year. Fills out and its warning. Returns 0, or -1 with err (no yearly table). */
static int yearly_fallback(const struct ci_view *v, int64_t day, struct ci_day_info *out,
			   struct et_error *err)
{
	struct ci_yearly_pick pick;
	char date[16], why[160], hint[512] = "";
	int y, m, d;

	ci_format_date(day, date, sizeof(date));
	if (!v->yearly)
		return et_error_set(err, v->src->user_file ? v->src->user_file : "", 0,
				    "no intensity for %s (Paris local day): the file does not cover it", date);
	ci_civil_from_days(day, &y, &m, &d);
	if (ci_yearly_of(v->yearly, y, &pick) == 0) {
		snprintf(why, sizeof(why), "used the %d yearly figure", y);
	} else if (ci_yearly_last_known(v->yearly, &pick) == 0) {
		snprintf(why, sizeof(why), "no yearly figure for %d either; used the last known year, %d,",
			 y, pick.year);
	} else {
		return et_error_set(err, "", 0, "no intensity for %s and no yearly figure", date);
	}
	if (v->src->kind == ET_CI_RTE) {
		char end[16];

		ci_format_date(v->data_end_day, end, sizeof(end));
		if (v->src->cache_path && !v->have_cache)
			snprintf(hint, sizeof(hint), " (shipped data ends on %s and there is no intensity cache at %s; "
				 "`etest intensity fetch` downloads newer days)", end, v->src->cache_path);
		else if (!v->src->cache_path)
			snprintf(hint, sizeof(hint), " (shipped data ends on %s and no intensity cache is used)", end);
		else
			snprintf(hint, sizeof(hint), " (data in the shipped files and the cache ends on %s)", end);
	}
	out->g_per_kwh = pick.g_per_kwh;
	out->points = 0;
	out->decimals = decimals_of(pick.g_per_kwh);
	out->from_fallback = 1;
	snprintf(out->basis, sizeof(out->basis), "%s", pick.basis);
	snprintf(out->source, sizeof(out->source), "%s", pick.source);
	snprintf(out->warning, sizeof(out->warning),
		 "%s: no RTE data for this day; %s %.*f g/kWh, basis %s%s, source %s%s",
		 date, why, out->decimals, pick.g_per_kwh, pick.basis,
		 pick.life_cycle && v->src->kind == ET_CI_RTE ?
		 ", a change of basis: life-cycle figures run 13-15 g/kWh above RTE's direct-combustion "
		 "taux_co2 (Ember vs the RTE method, 2012-2022)" : "",
		 pick.source, hint);
	return 0;
}

static int resolve_day(const struct ci_view *v, int64_t day, struct ci_day_info *out,
		       struct et_error *err)
{
	const struct ci_day_value *dv = v->daily ? ci_daily_find(v->daily, day) : NULL;
	struct hour_cover c;
	char date[16];

	memset(out, 0, sizeof(*out));
	out->day = day;
	out->decimals = 1;
	ci_format_date(day, date, sizeof(date));
	if (v->src->kind == ET_CI_CONSTANT) {
		out->g_per_kwh = v->src->constant_g_per_kwh;
		out->decimals = decimals_of(out->g_per_kwh);
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
		out->g_per_kwh = dv->g_per_kwh;
		out->points = dv->points;
		snprintf(out->basis, sizeof(out->basis), "daily mean");
		snprintf(out->source, sizeof(out->source), "%s", v->daily_source);
		return 0;
	}
	if (c.hours_with_data > 0) {
		out->g_per_kwh = c.sum_of_hour_means / c.hours_with_data;
		out->points = c.points;
		snprintf(out->basis, sizeof(out->basis), "daily mean (partial day)");
		layer_labels(v, c.layers_used, out->source, sizeof(out->source));
		snprintf(out->warning, sizeof(out->warning),
			 "%s: data for %d of %d hours only; used the mean of those, %.1f g/kWh, source %s",
			 date, c.hours_with_data, c.hours, out->g_per_kwh, out->source);
		return 0;
	}
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
