/* test_weight.c - et_ci_weight by hand: runs over two Paris days with known per-day
 * intensities and energies (user file, constant, shipped RTE daily and hourly values). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil_time.h"
#include "et_intensity.h"
#include "harness.h"

static int64_t ms(const char *s)
{
	int64_t v = 0;

	CHECK(ci_parse_timestamp(s, &v) == 0);
	return v * 1000;
}

/* Eight quarter-hours from start_utc: four of e1 Wh then four of e2 Wh. */
static void two_hours(struct et_ci_span *spans, const char *start_utc, double e1, double e2)
{
	int64_t t = ms(start_utc);

	for (int i = 0; i < 8; i++) {
		spans[i].utc_start_ms = t + (int64_t)i * 900000;
		spans[i].utc_end_ms = t + (int64_t)(i + 1) * 900000;
		spans[i].energy_wh = i < 4 ? e1 : e2;
	}
}

static char *write_user_file(const char *text)
{
	static char path[] = "/tmp/et-test-weight-XXXXXX";
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void user_file_days(void)
{
	char *path = write_user_file("timestamp_or_date,g_per_kwh\n2024-01-10,40\n2024-01-11,80\n");
	struct et_ci_config cfg = {.kind = ET_CI_USER_FILE, .user_file = path, .resolution = ET_CI_DAY};
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_span spans[8], one;

	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	/* 2024-01-10T22:00Z is 23:00 in Paris (CET): four quarter-hours of 0.25 Wh on the
	 * 10th (1 Wh at 40 g/kWh), then four of 0.75 Wh on the 11th (3 Wh at 80 g/kWh).
	 * Expected (1 x 40 + 3 x 80) / (1 + 3) = 280 / 4 = 70 g/kWh. */
	two_hours(spans, "2024-01-10T22:00:00Z", 0.25, 0.75);
	CHECK(et_ci_weight(src, spans, 8, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 70.0, 1e-9);
	CHECK_INT_EQ(res.n_days, 2);
	if (res.n_days == 2) {
		CHECK_STR_EQ(res.days[0].date, "2024-01-10");
		CHECK_NEAR(res.days[0].g_per_kwh, 40.0, 1e-9);
		CHECK_NEAR(res.days[0].energy_wh, 1.0, 1e-9);
		CHECK_STR_EQ(res.days[1].date, "2024-01-11");
		CHECK_NEAR(res.days[1].energy_wh, 3.0, 1e-9);
		CHECK_STR_EQ(res.days[1].basis, "user file");
		CHECK(strstr(res.days[1].source, path) != NULL);
	}
	CHECK_INT_EQ(res.n_warnings, 0);
	CHECK_INT_EQ(res.n_steps, 0);   /* day resolution: no hours */
	et_ci_result_release(&res);

	/* One span of 4 Wh from 22:30Z to 00:30Z, not aligned on the day: 30 of its 120
	 * minutes are on the 10th, so 1 Wh there and 3 Wh on the 11th: again 70 g/kWh. */
	one.utc_start_ms = ms("2024-01-10T22:30:00Z");
	one.utc_end_ms = ms("2024-01-11T00:30:00Z");
	one.energy_wh = 4;
	CHECK(et_ci_weight(src, &one, 1, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 70.0, 1e-9);
	CHECK(res.n_days == 2 && fabs(res.days[0].energy_wh - 1.0) < 1e-9);
	et_ci_result_release(&res);

	/* No energy at all: time-weighted. 1 h on the 10th and 3 h on the 11th:
	 * (1 x 40 + 3 x 80) / 4 = 70 g/kWh. */
	one.utc_start_ms = ms("2024-01-10T22:00:00Z");
	one.utc_end_ms = ms("2024-01-11T02:00:00Z");
	one.energy_wh = 0;
	CHECK(et_ci_weight(src, &one, 1, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 70.0, 1e-9);
	et_ci_result_release(&res);

	/* A day the file lacks is an error naming it, not a silent value. */
	two_hours(spans, "2024-01-11T22:00:00Z", 1, 1);
	CHECK(et_ci_weight(src, spans, 8, &res, &err) < 0);
	CHECK(strstr(err.text, "2024-01-12") != NULL);
	CHECK_STR_EQ(err.source, path);   /* printed "etest: PATH: no intensity for ..." */
	CHECK_INT_EQ(res.n_days, 0);
	et_ci_close(src);
	unlink(path);
}

static void constant(void)
{
	struct et_ci_config cfg = {.kind = ET_CI_CONSTANT, .constant_g_per_kwh = 52, .resolution = ET_CI_HOUR};
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_span spans[8];

	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	two_hours(spans, "2024-01-10T22:00:00Z", 1, 2);
	CHECK(et_ci_weight(src, spans, 8, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 52.0, 1e-9);
	CHECK_INT_EQ(res.n_days, 2);
	CHECK(res.n_days == 2 && strcmp(res.days[0].basis, "constant") == 0);
	/* Hour resolution, no hourly value: the two UTC hours 22:00 and 23:00 (4 x 1 and
	 * 4 x 2 Wh) take the day's constant, with its basis. */
	CHECK_INT_EQ(res.n_steps, 2);
	if (res.n_steps == 2) {
		CHECK(res.steps[0].utc_start_ms == ms("2024-01-10T22:00:00Z"));
		CHECK(res.steps[1].utc_start_ms == ms("2024-01-10T23:00:00Z"));
		CHECK_INT_EQ(res.steps[1].minutes, 60);
		CHECK_NEAR(res.steps[0].energy_wh, 4.0, 1e-9);
		CHECK_NEAR(res.steps[1].energy_wh, 8.0, 1e-9);
		CHECK_NEAR(res.steps[1].g_per_kwh, 52.0, 1e-9);
		CHECK_STR_EQ(res.steps[1].basis, "constant");
	}
	et_ci_result_release(&res);
	CHECK(res.steps == NULL && res.n_steps == 0);
	et_ci_close(src);
	cfg.constant_g_per_kwh = -1;
	CHECK(et_ci_open(&cfg, &src, &err) < 0);
	CHECK(src == NULL);
}

static void shipped_daily(void)
{
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = ET_CI_DAY};
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_span spans[8];

	CHECK(cfg.data_dir != NULL);
	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	if (!src) {
		fprintf(stderr, "%s: %s\n", err.source, err.text);
		return;
	}
	/* 2021-06-30T21:00Z is 23:00 in Paris (CEST). Shipped daily means:
	 * 2021-06-30 = 34.6, 2021-07-01 = 33.4 g/kWh. Energy 4 x 0.5 = 2 Wh on the 30th
	 * and 4 x 1.5 = 6 Wh on the 1st: (2 x 34.6 + 6 x 33.4) / 8 = (69.2 + 200.4) / 8
	 * = 269.6 / 8 = 33.7 g/kWh. */
	two_hours(spans, "2021-06-30T21:00:00Z", 0.5, 1.5);
	CHECK(et_ci_weight(src, spans, 8, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 33.7, 1e-9);
	CHECK_INT_EQ(res.n_days, 2);
	if (res.n_days == 2) {
		CHECK_NEAR(res.days[0].g_per_kwh, 34.6, 1e-9);
		CHECK_NEAR(res.days[1].g_per_kwh, 33.4, 1e-9);
		CHECK_STR_EQ(res.days[0].basis, "daily mean");
		CHECK_STR_EQ(res.days[0].source, "shipped: RTE eco2mix, recomputed from the consolidated mix");
	}
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	et_ci_close(src);
}

static void shipped_hourly(void)
{
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = ET_CI_HOUR};
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_span spans[8];
	static const double g[3] = {80.2, 79.3, 77.3}, e[3] = {2, 6, 4};

	CHECK(cfg.data_dir != NULL);
	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	if (!src) {
		fprintf(stderr, "%s: %s\n", err.source, err.text);
		return;
	}
	/* fr_rte_eco2mix_hourly_2022.csv: 2022-01-12T08:00Z 80.2, 09:00Z 79.3, 10:00Z 77.3
	 * g/kWh. Quarter-hours from 08:30Z: four of 1 Wh (08:30, 08:45, 09:00, 09:15), then
	 * four of 2 Wh (09:30 .. 10:15). Hour 08: 2 Wh, hour 09: 1 + 1 + 2 + 2 = 6 Wh, hour
	 * 10: 4 Wh. Expected (2 x 80.2 + 6 x 79.3 + 4 x 77.3) / 12 = (160.4 + 475.8 + 309.2)
	 * / 12 = 945.4 / 12 = 78.783333... g/kWh. Spans given in reverse order sort the same. */
	two_hours(spans, "2022-01-12T08:30:00Z", 1, 2);
	for (int i = 0; i < 4; i++) {
		struct et_ci_span t = spans[i];

		spans[i] = spans[7 - i];
		spans[7 - i] = t;
	}
	CHECK(et_ci_weight(src, spans, 8, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 945.4 / 12, 1e-9);
	CHECK_INT_EQ(res.n_days, 1);
	CHECK_INT_EQ(res.n_steps, 3);
	for (size_t i = 0; i < res.n_steps && i < 3; i++) {
		CHECK(res.steps[i].utc_start_ms == ms("2022-01-12T08:00:00Z") + (int64_t)i * 3600000);
		CHECK_NEAR(res.steps[i].g_per_kwh, g[i], 1e-9);
		CHECK_NEAR(res.steps[i].energy_wh, e[i], 1e-9);
		CHECK_STR_EQ(res.steps[i].basis, "hourly");
		CHECK(res.steps[i].source < res.n_step_sources &&
		      strstr(res.step_sources[res.steps[i].source], "RTE eco2mix") != NULL);
	}
	CHECK_INT_EQ(res.n_step_sources, 1);   /* one source, shared by the hours */
	CHECK_INT_EQ(res.n_warnings, 0);
	et_ci_result_release(&res);
	et_ci_close(src);
}

int main(void)
{
	user_file_days();
	constant();
	shipped_daily();
	shipped_hourly();
	return TEST_SUMMARY();
}
