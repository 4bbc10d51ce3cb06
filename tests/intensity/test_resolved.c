/* test_resolved.c - the intensity of a period resolved once: a month without a run (for
 * a report), the same weights as et_ci_weight for many models, deferred day errors, and
 * etest's estimate step opening the cache once per run whatever the number of models. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ci_cache.h"
#include "civil_time.h"
#include "estimate.h"
#include "et_power_tables.h"
#include "et_intensity.h"
#include "harness.h"
#include "integrate.h"
#include "estimator/logtext.h"

static int64_t ms(const char *s)
{
	int64_t v = 0;

	CHECK(ci_parse_timestamp(s, &v) == 0);
	return v * 1000;
}

static struct et_ci_source *open_rte(enum et_ci_resolution res, const char *cache)
{
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = res, .cache_path = cache};
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;

	if (et_ci_open(&cfg, &src, &err) < 0)
		fprintf(stderr, "%s: %s\n", err.source, err.text);
	CHECK(src != NULL);
	return src;
}

/* A month's report needs no run: March 2025 in Paris is 2025-02-28T23:00Z ..
 * 2025-03-31T22:00Z, 31 days, the 30th of 23 hours (2271 / 92 = 24.68 g/kWh, see
 * test_shipped); March 2024 is the monthly tier, 30.94 every day. */
static void month_report(void)
{
	struct et_ci_source *src = open_rte(ET_CI_DAY, NULL);
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_resolved *res = NULL;
	const struct et_ci_day *days;
	size_t n = 0;

	if (!src)
		return;
	CHECK(et_ci_resolve(src, ms("2025-02-28T23:00:00Z"), ms("2025-03-31T22:00:00Z"), &res, &err) == 0);
	et_ci_close(src);   /* the resolved period does not need the source any more */
	if (!res)
		return;
	days = et_ci_resolved_days(res, &n);
	CHECK_INT_EQ(n, 31);
	if (days && n == 31) {
		CHECK_STR_EQ(days[0].date, "2025-03-01");
		CHECK_STR_EQ(days[29].date, "2025-03-30");
		CHECK_NEAR(days[29].g_per_kwh, 2271.0 / 92, 1e-9);
		CHECK_STR_EQ(days[29].basis, "daily mean");
		CHECK(strstr(days[29].source, "as published") != NULL);
	}
	et_ci_resolved_free(res);

	src = open_rte(ET_CI_HOUR, NULL);
	if (!src)
		return;
	CHECK(et_ci_resolve(src, ms("2024-02-29T23:00:00Z"), ms("2024-03-31T22:00:00Z"), &res, &err) == 0);
	days = res ? et_ci_resolved_days(res, &n) : NULL;
	CHECK_INT_EQ(n, 31);
	for (size_t i = 0; days && i < n; i++) {
		CHECK_NEAR(days[i].g_per_kwh, 30.94, 1e-9);
		CHECK_STR_EQ(days[i].basis, "monthly mean");
	}
	et_ci_resolved_free(res);
	/* More than ten years is refused (memory never depends on the dates asked). */
	CHECK(et_ci_resolve(src, ms("2000-01-01T00:00:00Z"), ms("2020-01-01T00:00:00Z"), &res, &err) < 0);
	CHECK(strstr(err.text, "too long") != NULL);
	et_ci_close(src);
}

static int same_result(const struct et_ci_result *a, const struct et_ci_result *b)
{
	if (a->g_per_kwh != b->g_per_kwh || a->n_days != b->n_days || a->n_warnings != b->n_warnings)
		return 0;
	for (size_t i = 0; i < a->n_days; i++)
		if (memcmp(&a->days[i], &b->days[i], sizeof(a->days[i])) != 0)
			return 0;
	for (size_t i = 0; i < a->n_warnings; i++)
		if (strcmp(a->warnings[i], b->warnings[i]) != 0)
			return 0;
	return 1;
}

/* Seven "models" weighting the same resolved run get what et_ci_weight gives each,
 * and the cache is opened once instead of seven times. The run: 2024-07-02T21:00Z ..
 * 2024-07-03T23:00Z at quarter resolution (three Paris days: monthly, cached, partial). */
static void many_models_one_open(const char *cache)
{
	struct et_ci_source *src = open_rte(ET_CI_QUARTER, cache);
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_resolved *res = NULL;
	struct et_ci_span spans[104];
	int64_t t0 = ms("2024-07-02T21:00:00Z");

	if (!src)
		return;
	for (int i = 0; i < 104; i++)
		spans[i] = (struct et_ci_span){t0 + i * 900000LL, t0 + (i + 1) * 900000LL, 1 + i % 5};
	CHECK(et_ci_resolve(src, spans[0].utc_start_ms, spans[103].utc_end_ms, &res, &err) == 0);
	CHECK_INT_EQ(et_ci_cache_opens(src), 1);
	for (int model = 0; res && model < 7; model++) {
		struct et_ci_result a = ET_CI_RESULT_INIT, b = ET_CI_RESULT_INIT;

		for (int i = 0; i < 104; i++)
			spans[i].energy_wh = 1 + (i + model) % 5;
		CHECK(et_ci_weight_resolved(res, spans, 104, &a, &err) == 0);
		CHECK(et_ci_weight(src, spans, 104, &b, &err) == 0);   /* opens the cache again */
		CHECK(same_result(&a, &b));
		CHECK_INT_EQ(a.n_days, 3);
		et_ci_result_release(&a);
		et_ci_result_release(&b);
	}
	CHECK_INT_EQ(et_ci_cache_opens(src), 1 + 7);
	et_ci_resolved_free(res);
	et_ci_close(src);
}

/* A user file lacking a day: resolving a period around it works; only a span in that
 * day is an error, naming the file (as before resolution happened once). */
static void deferred_day_error(void)
{
	char path[] = "/tmp/et-test-resolved-XXXXXX";
	const char *text = "2024-01-10,40\n";
	int fd = mkstemp(path);
	struct et_ci_config cfg = {.kind = ET_CI_USER_FILE, .user_file = path, .resolution = ET_CI_DAY};
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_resolved *res = NULL;
	struct et_ci_result out = ET_CI_RESULT_INIT;
	/* 2024-01-10 10:00Z..11:00Z is inside the 10th; 2024-01-11 10:00Z is the 11th. */
	struct et_ci_span in = {ms("2024-01-10T10:00:00Z"), ms("2024-01-10T11:00:00Z"), 1};
	struct et_ci_span out_of_file = {ms("2024-01-11T10:00:00Z"), ms("2024-01-11T11:00:00Z"), 1};
	struct et_ci_span outside = {ms("2024-02-11T10:00:00Z"), ms("2024-02-11T11:00:00Z"), 1};

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	CHECK(src && et_ci_resolve(src, ms("2024-01-10T00:00:00Z"), ms("2024-01-11T12:00:00Z"), &res, &err) == 0);
	if (res) {
		CHECK(et_ci_weight_resolved(res, &in, 1, &out, &err) == 0);
		CHECK_NEAR(out.g_per_kwh, 40, 1e-9);
		et_ci_result_release(&out);
		CHECK(et_ci_weight_resolved(res, &out_of_file, 1, &out, &err) < 0);
		CHECK(strstr(err.source, path) != NULL && strstr(err.text, "2024-01-11") != NULL);
		CHECK(et_ci_weight_resolved(res, &outside, 1, &out, &err) < 0);
		CHECK(strstr(err.text, "outside the period") != NULL);
	}
	et_ci_resolved_free(res);
	et_ci_close(src);
	unlink(path);
}

/* A 3-day run with two GPUs over the autumn's 25-hour Paris day (2025-10-26), every
 * model at day resolution: its buckets as Paris days (etest's way since issue 10: 4
 * buckets, not 289) give what its quarter-hours give, to the last digits' rounding. */
static void days_weigh_as_quarter_hours(void)
{
	const int64_t u0 = 1761339610000LL;   /* 2025-10-24T21:00:10Z (23:00:10 CEST) */
	size_t cap = 4 << 20, used = 0;
	char *log = malloc(cap);
	const struct et_model *models[16];
	struct et_model_result by_day[16], by_quarter[16];
	struct et_power_tables *tables = NULL;
	struct et_ci_source *src = NULL, *hourly = open_rte(ET_CI_HOUR, NULL);
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = ET_CI_DAY};
	struct et_run run_d, run_q;
	struct et_params p;
	struct et_error err = ET_ERROR_INIT;
	size_t n_models = 0;

	memset(&run_d, 0, sizeof(run_d));
	memset(&run_q, 0, sizeof(run_q));
	CHECK(hourly && et_ci_day_zone(hourly) == NULL);   /* hours need quarter-hour buckets */
	et_ci_close(hourly);
	CHECK(et_models_select("all", models, 16, &n_models, &err) == 0);
	CHECK(et_power_tables_load(getenv("ET_TEST_DATA_DIR"), &tables, &err) == 0);
	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	if (!log || !tables || !src)
		goto out;
	CHECK(et_ci_day_zone(src) != NULL);
	et_params_init(&p);
	p.tables = tables;
	used += log_head_interval(log, cap, LOG_HEAD_GPUS(TWO_GPUS), 60000);
	used += (size_t)snprintf(log + used, cap - used, "G,0,%lld,idle,0,20,70,0,0,0,0,0,0\n"
				 "G,0,%lld,idle,1,25,70,0,0,0,0,0,0\nE,1000,%lld,launch,1\n",
				 (long long)u0 - 1000, (long long)u0 - 1000, (long long)u0);
	/* 3 days of minutes; the job's CPU, RSS and the GPUs' power and use vary */
	for (long k = 1; k <= 3 * 1440; k++) {
		long long t = (long long)u0 + k * 60000, mono = 1000 + k * 60000;

		used += (size_t)snprintf(log + used, cap - used,
					 "S,%lld,%lld,%ld,%ld,1,%ld,%ld,2,NA,%ld,%ld,16777216,8000000\n"
					 "G,%lld,%lld,run,0,%ld,70,%ld,100,%d,10,1,10\n"
					 "G,%lld,%lld,run,1,%ld,70,%ld,100,0,0,%d,10\n",
					 mono, t, 1000 * k + 37 * (k % 11), 1000 + 13 * (k % 17), 1500 * k,
					 2000 + 7 * (k % 5), 2000 * k, 24000 * k,
					 mono, t, 30 + 5 * (k % 7), 10 * (k % 9), k % 3 != 0,
					 mono, t, 40 + 3 * (k % 5), 7 * (k % 13), k % 4 != 0);
	}
	used += (size_t)snprintf(log + used, cap - used, "X,%lld,%lld,exited,0,0,1,0,1000,0.1,0.1,1500,0,0\n",
				 1000 + 3 * 1440 * 60000LL + 30000, (long long)u0 + 3 * 1440 * 60000LL + 30000);
	CHECK(used < cap - 1);
	struct et_load_options days = {NULL, et_ci_day_zone(src)};
	CHECK(load_text_with(log, "3days.log", &days, &run_d, &err) == 0);
	CHECK(load_text(log, "3days.log", &run_q, &err) == 0);
	/* launch 23:00:10 CEST on the 24th, end 72 h 30 s later, 22:00:40 CET on the 27th:
	 * Paris days 24, 25, 26 (25 h), 27; UTC quarter-hours from 21:00Z on the 24th to
	 * 21:15Z on the 27th: 72 x 4 + 1 = 289 */
	CHECK_INT_EQ((long)run_d.integrals.n_buckets, 4);
	CHECK_INT_EQ((long)run_q.integrals.n_buckets, 289);
	CHECK(et_estimate(&run_d, models, n_models, &p, src, &cfg, by_day, &err) == 0);
	CHECK(et_estimate(&run_q, models, n_models, &p, src, &cfg, by_quarter, &err) == 0);
	for (size_t i = 0; i < n_models; i++) {
		const struct et_model_result *d = &by_day[i], *q = &by_quarter[i];
#define SAME(a, b) CHECK_NEAR(a, b, 1e-12 * fabs(b))
		SAME(d->energy_wh, q->energy_wh);
		SAME(d->energy.gpu_wh, q->energy.gpu_wh);
		SAME(d->co2e_g, q->co2e_g);
		SAME(d->intensity_g_per_kwh, q->intensity_g_per_kwh);
		CHECK(d->energy_wh > 0 && d->co2e_g > 0);
		CHECK_INT_EQ((long)d->ci.n_days, (long)q->ci.n_days);
		for (size_t k = 0; k < d->ci.n_days && d->ci.n_days == q->ci.n_days; k++) {
			CHECK_STR_EQ(d->ci.days[k].date, q->ci.days[k].date);
			SAME(d->ci.days[k].energy_wh, q->ci.days[k].energy_wh);
			SAME(d->ci.days[k].g_per_kwh, q->ci.days[k].g_per_kwh);
			CHECK_STR_EQ(d->ci.days[k].source, q->ci.days[k].source);
		}
#undef SAME
	}
	et_model_results_release(by_day, n_models);
	et_model_results_release(by_quarter, n_models);
out:
	et_run_release(&run_d);
	et_run_release(&run_q);
	et_ci_close(src);
	et_power_tables_free(tables);
	free(log);
}

/* etest's estimate step on 100 runs (the example and test logs, 25 times) with every
 * model: the cache is opened once per run, 100 times, not once per model (700). */
static void estimate_opens_cache_once_per_run(const char *cache)
{
	static const char *const logs[] = {"examples/cpu-burn.log", "examples/gpu-standin.log",
					   "tests/estimator/logs/two-gpus.log",
					   "tests/estimator/logs/truncated.log"};
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = ET_CI_HOUR, .cache_path = cache};
	struct et_params p;
	const struct et_model *models[16];
	struct et_model_result results[16];
	struct et_power_tables *tables = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	size_t n_models = 0;
	char path[4096];
	int runs = 0;

	CHECK(et_models_select("all", models, 16, &n_models, &err) == 0);
	CHECK(n_models >= 7);
	CHECK(et_power_tables_load(getenv("ET_TEST_DATA_DIR"), &tables, &err) == 0);
	et_params_init(&p);
	p.tables = tables;
	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	for (int k = 0; src && tables && k < 100; k++) {
		struct et_run run;

		memset(&run, 0, sizeof(run));
		snprintf(path, sizeof(path), "%s/%s", getenv("ET_TEST_SOURCE_DIR"), logs[k % 4]);
		if (et_run_load(path, &run, &err) == 0) {
			CHECK(et_estimate(&run, models, n_models, &p, src, &cfg, results, &err) == 0);
			runs++;
		} else {
			fprintf(stderr, "%s: %s\n", path, err.text);
		}
		et_model_results_release(results, n_models);
		et_run_release(&run);
	}
	CHECK_INT_EQ(runs, 100);
	CHECK(src && et_ci_cache_opens(src) == 100);
	if (src)
		printf("cache opened %lu times for %d runs of %zu models\n", et_ci_cache_opens(src), runs, n_models);
	et_ci_close(src);
	et_power_tables_free(tables);
}

/* A cache with one cached point, so that it exists and is opened. */
static void make_cache(const char *path)
{
	struct et_error err = ET_ERROR_INIT;
	struct ci_points pts = CI_POINTS_INIT;
	struct sqlite3 *db = NULL;

	CHECK(ci_cache_open(path, 1, &db, &err) == 0);
	CHECK(ci_points_add(&pts, ms("2024-07-03T00:00:00Z") / 1000, 15, CI_RANK_CONS) == 0);
	CHECK(db && ci_cache_store(db, path, &pts, NULL, &err) == 0);
	ci_cache_close(db);
	ci_points_release(&pts);
}

int main(void)
{
	char dir[] = "/tmp/et-test-resolved-dir-XXXXXX", cache[300], cmd[400];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(cache, sizeof(cache), "%s/intensity.sqlite", dir);
	make_cache(cache);
	month_report();
	many_models_one_open(cache);
	deferred_day_error();
	estimate_opens_cache_once_per_run(cache);
	days_weigh_as_quarter_hours();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return TEST_SUMMARY();
}
