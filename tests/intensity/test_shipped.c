/* test_shipped.c - the shipped RTE data: the daily series checked by hand against the
 * hourly 2022 file, the DST days at hour resolution, quarter-hours, and each fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci_source.h"
#include "civil_time.h"
#include "et_intensity.h"
#include "harness.h"
#include "paris_time.h"
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

	CHECK(ci_shipped_load(getenv("ET_TEST_DATA_DIR"), &s, &err) == 0);
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
	ci_shipped_release(&s);
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

	/* 2022-06-15 has no quarter-hours, only hours: the first hour (22:00Z, 55.7)
	 * is used for its four quarter-hours, with a warning. */
	spans = quarters("2022-06-14T22:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 55.7, 1e-9);
	CHECK(any_warning(&res, "2022-06-15: no quarter-hour value for 4 of the 4 quarter-hours", NULL));
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

	/* After the shipped data, no cache: the 2023 yearly figure, Ember's 55.28 (life-cycle,
	 * there is no RTE-method figure for 2023), saying so. */
	spans = quarters("2023-06-01T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 55.28, 1e-9);
	CHECK(any_warning(&res, "2023-06-01: no RTE data for this day; used the 2023 yearly figure 55.28 g/kWh",
			  "life-cycle"));
	CHECK(any_warning(&res, "no intensity cache at /nonexistent/et-test/intensity.sqlite", NULL));
	/* The warning says the basis changed (Ember - RTE method is 13.1..15.2 g/kWh over 2012-2022). */
	CHECK(any_warning(&res, "basis yearly (life-cycle), a change of basis: life-cycle figures run 13-15 g/kWh "
			  "above RTE's direct-combustion taux_co2", NULL));
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "yearly (life-cycle)") == 0);
	et_ci_result_release(&res);
	free(spans);

	/* A year past the table: the last known year, 2025 (Electricity Maps, 31). */
	spans = quarters("2031-01-01T10:00:00Z", 4);
	CHECK(et_ci_weight(src, spans, 4, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 31.0, 1e-9);
	CHECK(any_warning(&res, "no yearly figure for 2031 either; used the last known year, 2025", "31.0"));
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

int main(void)
{
	spot_check_daily_against_hourly();
	dst_days_hourly();
	quarter_hours();
	fallbacks();
	return TEST_SUMMARY();
}
