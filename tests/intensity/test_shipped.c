/* test_shipped.c - the shipped RTE data: the daily series checked by hand against the
 * hourly 2022 file, the DST days at hour resolution, quarter-hours, and each fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci_source.h"
#include "civil_time.h"
#include "et_intensity.h"
#include "harness.h"
#include "local_series.h"
#include "local_time.h"
#include "shipped_data.h"

static int64_t sec(const char *s)
{
	int64_t v = 0;

	CHECK(ci_parse_timestamp(s, &v) == 0);
	return v;
}

static int64_t day(const char *s)
{
	int64_t v = 0;

	CHECK(ci_parse_date(s, &v) == 0);
	return v;
}

/* n quarter-hour spans of 1 Wh from the UTC instant start. */
static struct et_ci_span *quarters(const char *start, int n)
{
	struct et_ci_span *s = calloc((size_t)n, sizeof(*s));
	int64_t t = sec(start) * 1000;

	for (int i = 0; s && i < n; i++) {
		s[i].utc_start_ms = t + (int64_t)i * 900000;
		s[i].utc_end_ms = t + (int64_t)(i + 1) * 900000;
		s[i].energy_wh = 1;
	}
	return s;
}

static int any_warning(const struct et_ci_result *r, const char *a, const char *b)
{
	for (size_t i = 0; i < r->n_warnings; i++)
		if (strstr(r->warnings[i], a) && (!b || strstr(r->warnings[i], b)))
			return 1;
	return 0;
}

static struct et_ci_source *open_rte(enum et_ci_resolution res, const char *cache)
{
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = res, .cache_path = cache};
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;

	if (et_ci_open(&cfg, &src, &err) < 0)
		fprintf(stderr, "%s:%ld: %s\n", err.source, err.line, err.text);
	CHECK(src != NULL);
	return src;
}

static void spot_check_daily_against_hourly(void)
{
	struct et_error err = ET_ERROR_INIT;
	struct ci_shipped s;
	const struct ci_day_value *dv;
	double sum;
	size_t n;

	struct et_zone *paris = NULL;

	CHECK(et_zone_open(ET_ZONE_PARIS, &paris, &err) == 0);
	CHECK(ci_shipped_load(getenv("ET_TEST_DATA_DIR"), paris, &s, &err) == 0);
	/* 2022-06-15 in Paris (CEST) is 2022-06-14T22:00Z .. 2022-06-15T22:00Z. The 24
	 * hourly values of fr_rte_eco2mix_hourly_2022.csv for those hours are
	 * 55.7 52.4 49.4 57.4 56.7 58.4 59.5 58.1 56.6 56.7 52.6 51.0
	 * 49.7 49.2 49.0 48.4 48.8 49.1 50.5 51.9 53.1 54.9 56.7 54.4
	 * sum 1280.2, mean 1280.2 / 24 = 53.3417, which rounds to the 53.3 of the daily file. */
	n = ci_points_sum(&s.hourly, sec("2022-06-14T22:00:00Z"), sec("2022-06-15T22:00:00Z"), &sum);
	CHECK_INT_EQ(n, 24);
	CHECK_NEAR(sum, 1280.2, 1e-6);
	dv = ci_daily_find(&s.daily, day("2022-06-15"));
	CHECK(dv != NULL);
	if (dv) {
		CHECK_NEAR(dv->g_per_kwh, 53.3, 1e-9);
		CHECK_NEAR(dv->g_per_kwh, sum / (double)n, 0.05);
		CHECK_INT_EQ(dv->points, 24);
	}
	/* The hourly file repeats 2022-03-27T01:00Z (the source's DST quirk): 8,760 lines,
	 * 8,759 distinct hours once duplicates are dropped. */
	CHECK_INT_EQ(s.hourly.n, 8759);
	CHECK_INT_EQ(s.daily.n, 4049);
	CHECK_STR_EQ(ci_format_date(s.last_day, (char[16]){0}, 16), "2023-01-31");
	CHECK_STR_EQ(ci_format_date(s.data_end_day, (char[16]){0}, 16), "2026-03-14");
	ci_shipped_release(&s);
	et_zone_close(paris);
}

static void dst_days_hourly(void)
{
	struct et_ci_source *src = open_rte(ET_CI_HOUR, NULL);
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_span *spans;
	struct ci_view view;
	struct ci_day_info info;

	if (!src)
		return;
	/* 2022-03-27 has 23 hours: 92 quarter-hours of 1 Wh from 2022-03-26T23:00Z. The 23
	 * distinct hourly values (the duplicated 01:00Z counted once) are
	 * 64.8 67.9 65.2 63.0 62.6 62.4 60.9 59.6 56.3 56.8 55.4 52.7
	 * 50.9 48.0 44.2 46.5 47.6 53.8 65.5 68.6 71.8 66.6 71.8, sum 1362.9;
	 * every hour has the same energy, so 1362.9 / 23 = 59.2565 g/kWh. */
	spans = quarters("2022-03-26T23:00:00Z", 92);
	CHECK(et_ci_weight(src, spans, 92, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 1362.9 / 23, 1e-9);
	CHECK_INT_EQ(res.n_days, 1);
	CHECK(res.n_days == 1 && fabs(res.days[0].energy_wh - 92) < 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "hourly") == 0);
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	free(spans);

	/* 2022-10-30 has 25 hours (100 quarter-hours from 2022-10-29T22:00Z); the hourly
	 * file lacks 2022-10-30T00:00Z. The other 24 values sum to 1922.0, and the missing
	 * hour takes the day's value, the daily series' 80.1 (the hourly data not covering
	 * the whole day). (1922.0 + 80.1) / 25 = 2002.1 / 25 = 80.084 g/kWh. */
	spans = quarters("2022-10-29T22:00:00Z", 100);
	CHECK(et_ci_weight(src, spans, 100, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 2002.1 / 25, 1e-9);
	CHECK_INT_EQ(res.n_days, 1);
	CHECK(res.n_days == 1 && fabs(res.days[0].energy_wh - 100) < 1e-9);
	CHECK(any_warning(&res, "2022-10-30: no hourly value for 1 of the 25 hours", "80.1"));
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "hourly + daily mean") == 0);
	et_ci_result_release(&res);
	free(spans);

	/* The days themselves (what `show` prints): 23 distinct hourly points on the
	 * spring day (mean 59.2565, not the daily file's 59.5 that counts 01:00Z twice),
	 * and the daily series' 24 values on the autumn day. */
	CHECK(ci_view_open(src, sec("2022-03-26T00:00:00Z"), sec("2022-11-01T00:00:00Z"), &view, &err) == 0);
	CHECK(ci_resolve_day(&view, day("2022-03-27"), &info, &err) == 0);
	CHECK_INT_EQ(info.points, 23);
	CHECK_NEAR(info.g_per_kwh, 1362.9 / 23, 1e-9);
	CHECK(ci_resolve_day(&view, day("2022-10-30"), &info, &err) == 0);
	CHECK_INT_EQ(info.points, 24);
	CHECK_NEAR(info.g_per_kwh, 80.1, 1e-9);
	ci_view_release(&view);
	et_ci_close(src);
}

static void quarter_hours(void)
{
	struct et_ci_source *src = open_rte(ET_CI_QUARTER, NULL);
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_span *spans;

	if (!src)
		return;
	/* RTE published taux_co2 on 2021-12-01 00:00, 00:15, 00:30, 00:45 (+01:00):
	 * 70, 72, 71, 69. Energies 1, 2, 3, 4 Wh: (70 + 144 + 213 + 276) / 10 = 70.3. */
	spans = quarters("2021-11-30T23:00:00Z", 4);
	for (int i = 0; i < 4; i++)
		spans[i].energy_wh = i + 1;
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 70.3, 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "quarter-hour") == 0);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "as published") != NULL);
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	free(spans);

	/* 2022-05-15 has no quarter-hours, only hours: the first hour (22:00Z, 59.2)
	 * is used for its four quarter-hours, with a warning. */
	spans = quarters("2022-05-14T22:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 59.2, 1e-9);
	CHECK(any_warning(&res, "2022-05-15: no quarter-hour value for 4 of the 4 quarter-hours", NULL));
	et_ci_result_release(&res);
	free(spans);

	/* 2022-06-15 has RTE's published quarter-hours (the 2022-06..10 file), ahead of the
	 * recomputed hours: 53, 51, 49, 50 at 22:00..22:45Z, 1 Wh each: 203 / 4 = 50.75. */
	spans = quarters("2022-06-14T22:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 50.75, 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "quarter-hour") == 0);
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	free(spans);
	et_ci_close(src);
}

static void fallbacks(void)
{
	struct et_ci_source *src = open_rte(ET_CI_HOUR, "/nonexistent/et-test/intensity.sqlite");
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_span *spans;

	if (!src)
		return;
	/* Hour wanted, only the daily mean there: 2021-06-30 (34.6 g/kWh) with a warning. */
	spans = quarters("2021-06-30T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 34.6, 1e-9);
	CHECK(any_warning(&res, "2021-06-30: no hourly value for 1 of the 1 hours", "34.6"));
	et_ci_result_release(&res);
	free(spans);

	/* 2023-06: no daily or finer data, the monthly tier: the real-time monthly mix of
	 * 2023-06 with the taux_co2 formula, 30.21 g/kWh, in one short line. */
	spans = quarters("2023-06-01T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 30.21, 1e-9);
	CHECK(any_warning(&res, "2023-06-01: no daily RTE data; monthly mean 30.21 g/kWh (RTE mix of 2023-06, "
			  "real-time)", NULL));
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "monthly mean") == 0);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "monthly mean mix (real-time)") != NULL);
	et_ci_result_release(&res);
	free(spans);

	/* 2024-09: past the monthly file (to 2024-07), no cache: the 2024 yearly figure,
	 * Ember's 44.18 (life-cycle, no RTE-method figure for 2024); the short line names
	 * it, the day's source keeps the details (the change of basis, 13-15 g/kWh: Ember -
	 * RTE method is 13.1..15.2 g/kWh over 2012-2022, and that there is no cache). */
	spans = quarters("2024-09-10T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 44.18, 1e-9);
	CHECK(any_warning(&res, "2024-09-10: no RTE data; yearly life-cycle figure 44.18 g/kWh (Ember 2024); "
			  "`etest intensity fetch --from 2024-09-01` gets these days", NULL));
	for (size_t i = 0; i < res.n_warnings; i++)
		CHECK(strlen(res.warnings[i]) < 160);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "yearly (life-cycle)") == 0);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "a change of basis: life-cycle figures run 13-15 g/kWh "
					"above RTE's direct-combustion taux_co2") != NULL);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "no intensity cache yet") != NULL);
	et_ci_result_release(&res);
	free(spans);

	/* A year past the table: the last known year, 2025 (Electricity Maps, 31). */
	spans = quarters("2031-01-01T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 31.0, 1e-9);
	CHECK(any_warning(&res, "2031-01-01: no RTE data; yearly life-cycle figure 31.0 g/kWh (Electricity Maps 2025); "
			  "`etest intensity fetch` gets newer days", NULL));
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "shipped yearly figure of 2025 (the last year with one): Electricity Maps") != NULL);
	et_ci_result_release(&res);
	free(spans);

	/* A year with the RTE-method figure but outside the daily series: none exists in the
	 * shipped files (both cover 2012-2022), so check the choice on the table: 2016 ->
	 * 53.6 direct combustion, preferred over Ember's 68.61. */
	{
		struct ci_yearly_pick pick;

		CHECK(ci_yearly_of(&src->shipped.yearly, 2016, &pick) == 0);
		CHECK_NEAR(pick.g_per_kwh, 53.6, 1e-9);
		CHECK_STR_EQ(pick.basis, "yearly (direct combustion)");
		CHECK(ci_yearly_of(&src->shipped.yearly, 1999, &pick) < 0);
	}
	et_ci_close(src);
}

/* One day of each tier of the fallback order, 2024-2026, at day resolution. */
static void tiers_2024_2026(void)
{
	struct et_ci_source *src = open_rte(ET_CI_DAY, "/nonexistent/et-test/intensity.sqlite");
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_span *spans;

	if (!src)
		return;
	/* 15-min tier, the spring-forward day 2025-03-30 (23 h, 92 quarter-hours from
	 * 2025-03-29T23:00Z). RTE's En-cours file lists 96 rows in Paris time, with
	 * 02:00-02:45 (which do not exist; they repeat 01:00-01:45) dropped: the 92 values
	 * sum to 2271 (hours 00..23 without 02, four values each), 1 Wh each:
	 * 2271 / 92 = 24.6848 g/kWh (the source's own daily mean, 24.65, counts 01:xx twice:
	 * (2271 + 95) / 96). */
	spans = quarters("2025-03-29T23:00:00Z", 92);
	CHECK(et_ci_weight(src, spans, 92, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 2271.0 / 92, 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].date, "2025-03-30") == 0);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "daily mean") == 0);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "as published") != NULL);
	CHECK_INT_EQ(res.n_warnings, 0);
	CHECK_INT_EQ(src->shipped.local_counts.nonexistent, 4);   /* only that day's 02:xx */
	/* Only the 2025 file (19,813 rows) is read for a 2025 day; the 2026 file's 4,000
	 * rows wait for a run that needs them. */
	CHECK_INT_EQ(src->shipped.local_counts.rows, 19813);
	et_ci_result_release(&res);
	free(spans);
	/* Around the gap: 01:45 local (24) is 00:45Z and 03:00 local (25) is 01:00Z. */
	CHECK(ci_points_find(&src->shipped.quarter, sec("2025-03-30T00:45:00Z")) != NULL &&
	      ci_points_find(&src->shipped.quarter, sec("2025-03-30T00:45:00Z"))->g_per_kwh == 24);
	CHECK(ci_points_find(&src->shipped.quarter, sec("2025-03-30T01:00:00Z")) != NULL &&
	      ci_points_find(&src->shipped.quarter, sec("2025-03-30T01:00:00Z"))->g_per_kwh == 25);

	/* 15-min tier in 2026: 2026-02-10, 96 values. */
	spans = quarters("2026-02-09T23:00:00Z", 96);
	CHECK(et_ci_weight(src, spans, 96, &res, &err) == 0);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "daily mean") == 0);
	CHECK_NEAR(res.g_per_kwh, 17.05, 0.005);   /* the source's daily summary: 17.05 */
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	free(spans);

	/* Monthly tier: 2024-03-15, the real-time monthly mix of 2024-03, 30.94 g/kWh. */
	spans = quarters("2024-03-15T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 30.94, 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "monthly mean") == 0);
	CHECK(any_warning(&res, "2024-03-15: no daily RTE data; monthly mean 30.94 g/kWh (RTE mix of 2024-03, "
			  "real-time); `etest intensity fetch --from 2024-03-01` gets these days", NULL));
	et_ci_result_release(&res);
	free(spans);

	/* Yearly tier: 2026-11-22..24 (no 2026 figure: the last known year, Electricity
	 * Maps 2025, 31.0), three days in one line. */
	spans = quarters("2026-11-21T23:00:00Z", 3 * 96);
	CHECK(et_ci_weight(src, spans, 3 * 96, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 31.0, 1e-9);
	CHECK_INT_EQ(res.n_days, 3);
	CHECK_INT_EQ(res.n_warnings, 1);
	CHECK(res.n_warnings == 1 && strcmp(res.warnings[0], "2026-11-22..2026-11-24: no RTE data; yearly life-cycle "
					    "figure 31.0 g/kWh (Electricity Maps 2025); `etest intensity fetch` "
					    "gets newer days") == 0);
	et_ci_result_release(&res);
	free(spans);

	/* A run across tiers: 2024-07-31 (monthly, partial month 16.06) and 2024-08-01
	 * (yearly, Ember 2024, 44.18), 1 Wh a day: (16.06 + 44.18) / 2 = 30.12. */
	spans = quarters("2024-07-31T10:00:00Z", 1);
	spans[0].utc_start_ms = sec("2024-07-31T21:00:00Z") * 1000;   /* 23:00 Paris */
	spans[0].utc_end_ms = sec("2024-07-31T23:00:00Z") * 1000;     /* 01:00 Paris */
	CHECK(et_ci_weight(src, spans, 1, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, (16.06 + 44.18) / 2, 1e-9);
	CHECK_INT_EQ(res.n_days, 2);
	CHECK(res.n_days == 2 && strcmp(res.days[0].basis, "monthly mean (partial month)") == 0);
	CHECK(res.n_days == 2 && strcmp(res.days[1].basis, "yearly (life-cycle)") == 0);
	CHECK_INT_EQ(res.n_warnings, 2);
	et_ci_result_release(&res);
	free(spans);
	et_ci_close(src);
}

/* The autumn changeover of 2025 in En-cours form: en_cours_autumn_2025-10-26.csv is a
 * made-up file (the shipped 2025 file stops in July) with the 100 rows RTE lists on a
 * 25-hour day: 02:00-02:45 twice, 30..33 the first time (CEST) and 40..43 the second
 * (CET), 20 elsewhere. */
static void autumn_local_file(void)
{
	char path[4096];
	struct et_error err = ET_ERROR_INIT;
	struct ci_points pts = CI_POINTS_INIT;
	struct ci_local_counts c;
	struct et_zone *paris = NULL;

	CHECK(et_zone_open(ET_ZONE_PARIS, &paris, &err) == 0);
	if (!paris)
		return;
	snprintf(path, sizeof(path), "%s/en_cours_autumn_2025-10-26.csv", getenv("ET_TEST_FIXTURES"));
	CHECK(ci_load_local_points(path, paris, "date", "heure", "taux_co2", &pts, &c, &err) == 0);
	CHECK_INT_EQ(ci_points_finish(&pts), 0);   /* 100 distinct instants */
	CHECK_INT_EQ(pts.n, 100);
	CHECK_INT_EQ(c.rows, 100);
	CHECK_INT_EQ(c.second_pass, 4);
	CHECK_INT_EQ(c.nonexistent, 0);
	/* 00:00 local (CEST) is 2025-10-25T22:00Z; 23:45 local (CET) is 2025-10-26T22:45Z. */
	CHECK(pts.n == 100 && pts.v[0].utc_s == sec("2025-10-25T22:00:00Z"));
	CHECK(pts.n == 100 && pts.v[99].utc_s == sec("2025-10-26T22:45:00Z"));
	for (size_t i = 1; i < pts.n; i++)
		CHECK(pts.v[i].utc_s - pts.v[i - 1].utc_s == 900);
	/* 02:00 CEST = 00:00Z (30), 02:00 CET = 01:00Z (40), 03:00 CET = 02:00Z (20). */
	CHECK(ci_points_find(&pts, sec("2025-10-26T00:00:00Z"))->g_per_kwh == 30);
	CHECK(ci_points_find(&pts, sec("2025-10-26T00:45:00Z"))->g_per_kwh == 33);
	CHECK(ci_points_find(&pts, sec("2025-10-26T01:00:00Z"))->g_per_kwh == 40);
	CHECK(ci_points_find(&pts, sec("2025-10-26T01:45:00Z"))->g_per_kwh == 43);
	CHECK(ci_points_find(&pts, sec("2025-10-26T02:00:00Z"))->g_per_kwh == 20);
	ci_points_release(&pts);
	et_zone_close(paris);
}

/* The mean of (recomputed daily value - published day) over the days [from, to] that
 * the published quarter-hours cover whole; *days gets their number. The published day
 * is the mean of its hourly means, as etest computes it. */
static double recomputed_minus_published(const struct ci_shipped *s, const struct et_zone *paris,
					 const char *from, const char *to, int *days)
{
	double total = 0;

	*days = 0;
	for (int64_t d = day(from); d <= day(to); d++) {
		const struct ci_day_value *dv = ci_daily_find(&s->daily, d);
		int64_t start = et_zone_day_start(paris, d);
		int hours = et_zone_day_hours(paris, d), full = 1;
		double sum_of_means = 0, sum;

		for (int h = 0; h < hours && full; h++) {
			size_t n = ci_points_sum(&s->quarter, start + h * 3600, start + (h + 1) * 3600, &sum);

			full = n == 4;
			sum_of_means += full ? sum / 4 : 0;
		}
		if (!full || !dv)
			continue;
		total += dv->g_per_kwh - sum_of_means / hours;
		(*days)++;
	}
	return *days ? total / *days : NAN;
}

/* How the shipped recomputed daily series compares with RTE's published real-time
 * values where both are shipped (the figures of docs/intensity.md): +2.17 g/kWh over
 * the 31 days of 2021-12, +3.55 over the 138 whole days 2022-06-01..2022-10-16 (the
 * 2022 file ends at 2022-10-17 13:45 Paris time). Measured independently with Python's
 * zoneinfo on the same files: 2.171 and 3.547. */
static void recomputed_vs_published(void)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *paris = NULL;
	struct ci_shipped s;
	int days;

	CHECK(et_zone_open(ET_ZONE_PARIS, &paris, &err) == 0);
	if (!paris || ci_shipped_load(getenv("ET_TEST_DATA_DIR"), paris, &s, &err) < 0) {
		CHECK(0);
		et_zone_close(paris);
		return;
	}
	CHECK_NEAR(recomputed_minus_published(&s, paris, "2021-12-01", "2021-12-31", &days), 2.171, 0.001);
	CHECK_INT_EQ(days, 31);
	CHECK_NEAR(recomputed_minus_published(&s, paris, "2022-06-01", "2022-10-17", &days), 3.547, 0.001);
	CHECK_INT_EQ(days, 138);
	ci_shipped_release(&s);
	et_zone_close(paris);
}

/* Whether the Paris day d lies in the listed span of a file of series. */
static int in_a_span(int series, int64_t d)
{
	int64_t first, last;
	int sr;

	for (size_t i = 0; i < ci_shipped_n_files(); i++) {
		ci_shipped_file_span(i, &sr, &first, &last);
		if (sr == series && d >= first && d <= last)
			return 1;
	}
	return 0;
}

/* Whether the series has a value on the Paris day d. */
static int has_day(const struct ci_shipped *s, const struct et_zone *paris, int series, int64_t d)
{
	const struct ci_points *pts = series == CI_SHIPPED_HOURLY ? &s->hourly : &s->quarter;
	size_t i;

	if (series == CI_SHIPPED_DAILY)
		return ci_daily_find(&s->daily, d) != NULL;
	i = ci_points_lower_bound(pts, et_zone_day_start(paris, d));
	return i < pts->n && et_zone_day(paris, pts->v[i].utc_s) == d;
}

/* A run loads only the shipped files whose listed span it overlaps: every value of
 * every file must lie inside its file's span (else a run would miss it), each span must
 * start and end on a day with a value, and spans of one series must not overlap (so the
 * values kept for an instant do not depend on which files are loaded). */
static void file_spans_hold_the_data(void)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *paris = NULL;
	struct ci_shipped s, lazy;
	int64_t first, last, f2, l2;
	int series, s2;
	size_t outside = 0;

	CHECK(et_zone_open(ET_ZONE_PARIS, &paris, &err) == 0);
	CHECK(ci_shipped_load(getenv("ET_TEST_DATA_DIR"), paris, &s, &err) == 0);
	for (size_t i = 0; i < s.daily.n; i++)
		outside += !in_a_span(CI_SHIPPED_DAILY, s.daily.v[i].day);
	for (size_t i = 0; i < s.hourly.n; i++)
		outside += !in_a_span(CI_SHIPPED_HOURLY, et_zone_day(paris, s.hourly.v[i].utc_s));
	for (size_t i = 0; i < s.quarter.n; i++)
		outside += !in_a_span(CI_SHIPPED_QUARTER, et_zone_day(paris, s.quarter.v[i].utc_s));
	CHECK_INT_EQ(outside, 0);
	for (size_t i = 0; i < ci_shipped_n_files(); i++) {
		ci_shipped_file_span(i, &series, &first, &last);
		CHECK(has_day(&s, paris, series, first));
		CHECK(has_day(&s, paris, series, last));
		for (size_t j = i + 1; j < ci_shipped_n_files(); j++) {
			ci_shipped_file_span(j, &s2, &f2, &l2);
			CHECK(s2 != series || l2 < first || f2 > last);
		}
	}
	/* Opened lazily, nothing but the monthly and yearly tables is read until a range is
	 * needed; the days known without reading the files are those of the full load. */
	CHECK(ci_shipped_open(getenv("ET_TEST_DATA_DIR"), paris, &lazy, &err) == 0);
	CHECK_INT_EQ(lazy.daily.n + lazy.hourly.n + lazy.quarter.n, 0);
	CHECK(lazy.last_day == s.last_day && lazy.data_end_day == s.data_end_day);
	CHECK(lazy.monthly.n > 0);
	/* 2022-06-15 needs the daily file, the hourly 2022 file and the summer 2022
	 * quarter-hours only: 4,049 days, 8,759 hours, and 2022-06-01 to 2022-10-17's
	 * quarter-hours, the same as in the full load. */
	CHECK(ci_shipped_need(&lazy, day("2022-06-15"), day("2022-06-15"), &err) == 0);
	CHECK_INT_EQ(lazy.daily.n, 4049);
	CHECK_INT_EQ(lazy.hourly.n, 8759);
	CHECK(lazy.quarter.n > 0 && et_zone_day(paris, lazy.quarter.v[0].utc_s) == day("2022-06-01"));
	CHECK(lazy.quarter.n > 0 && et_zone_day(paris, lazy.quarter.v[lazy.quarter.n - 1].utc_s) == day("2022-10-17"));
	ci_shipped_release(&lazy);
	ci_shipped_release(&s);
	et_zone_close(paris);
}

int main(void)
{
	spot_check_daily_against_hourly();
	file_spans_hold_the_data();
	dst_days_hourly();
	quarter_hours();
	fallbacks();
	tiers_2024_2026();
	autumn_local_file();
	recomputed_vs_published();
	return TEST_SUMMARY();
}
