/* test_cache_json.c - decoding ODRE bodies (the real 2024-07-03 export sample and
 * malformed ones) and the SQLite cache: idempotent, consolidated over real-time. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ci_cache.h"
#include "civil_time.h"
#include "et_intensity.h"
#include "harness.h"
#include "odre_json.h"

static int64_t sec(const char *s)
{
	int64_t v = 0;

	CHECK(ci_parse_timestamp(s, &v) == 0);
	return v;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	CHECK(f != NULL);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void parse_sample(struct ci_points *pts)
{
	struct ci_odre_drops drops = {0, 0};
	char path[4096];
	struct et_error err = ET_ERROR_INIT;
	size_t len = 0;
	char *body;

	snprintf(path, sizeof(path), "%s/odre_v2.1_records_api_sample_2024-07-03.json", getenv("ET_TEST_FIXTURES"));
	body = slurp(path, &len);
	if (!body)
		return;
	/* 97 records: every quarter-hour of 2024-07-03 UTC (96) and 2024-07-04T00:00Z. */
	CHECK_INT_EQ(ci_odre_parse(body, len, "sample", CI_RANK_TR, INT64_MIN, INT64_MAX, pts, &drops, &err), 97);
	CHECK_INT_EQ(pts->n, 97);
	if (pts->n == 97) {
		CHECK_INT_EQ(pts->v[0].utc_s, sec("2024-07-03T00:00:00Z"));
		CHECK_NEAR(pts->v[0].g_per_kwh, 13, 0);
		CHECK_INT_EQ(pts->v[96].utc_s, sec("2024-07-04T00:00:00Z"));
		CHECK_NEAR(pts->v[96].g_per_kwh, 14, 0);
		CHECK_INT_EQ(pts->v[5].tag, CI_RANK_TR);
	}
	free(body);
}

static void malformed(void)
{
	static const char *const bad[] = {
		"<html>502 Bad Gateway</html>",
		"{\"error\": \"quota\"}",
		"[{\"date_heure\": 5, \"taux_co2\": 12}]",
		"[{\"date_heure\": \"yesterday\", \"taux_co2\": 12}]",
		"[{\"date_heure\": \"2024-07-03T00:00:00+00:00\", \"taux_co2\": \"12\"}]",
		"[{\"date_heure\": \"2024-07-03T00:00:00+00:00\", \"taux_co2\": 12}, 7]",
	};
	struct ci_points pts = CI_POINTS_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct ci_odre_drops drops = {0, 0};
	const char *ok = "{\"total_count\": 2, \"results\": [{\"date_heure\": \"2024-07-03T02:00:00+02:00\", \"taux_co2\": 20},"
			 " {\"date_heure\": \"2024-07-03T00:15:00+00:00\", \"taux_co2\": null}]}";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(ci_odre_parse(bad[i], strlen(bad[i]), "u", CI_RANK_TR, INT64_MIN, INT64_MAX, &pts, &drops, &err) == -1);
		CHECK(strstr(err.text, "malformed response") != NULL);
		CHECK_INT_EQ(pts.n, 0);
	}
	/* A records page; a null taux_co2 is skipped, not 0. 02:00+02:00 is 00:00Z. */
	CHECK_INT_EQ(ci_odre_parse(ok, strlen(ok), "u", CI_RANK_TR, INT64_MIN, INT64_MAX, &pts, &drops, &err), 1);
	CHECK(pts.n == 1 && pts.v[0].utc_s == sec("2024-07-03T00:00:00Z"));
	/* An empty page is no error. */
	CHECK_INT_EQ(ci_odre_parse("[]", 2, "u", CI_RANK_TR, INT64_MIN, INT64_MAX, &pts, &drops, &err), 0);
	CHECK_INT_EQ(drops.out_of_range + drops.outside_window, 0);
	ci_points_release(&pts);
}

/* Values outside 0..2000 g/kWh and instants outside the requested window are dropped
 * and counted, never stored (issue 13, finding 14). Window: 2024-07-03T00:00Z..01:00Z. */
static void out_of_range(void)
{
	const char *body = "[{\"date_heure\": \"2024-07-03T00:00:00+00:00\", \"taux_co2\": 1e300},"
			   " {\"date_heure\": \"2024-07-03T00:15:00+00:00\", \"taux_co2\": 99999},"
			   " {\"date_heure\": \"2024-07-03T00:30:00+00:00\", \"taux_co2\": -1},"
			   " {\"date_heure\": \"2024-07-03T00:45:00+00:00\", \"taux_co2\": 2000},"
			   " {\"date_heure\": \"9999-07-03T00:45:00+00:00\", \"taux_co2\": 20},"
			   " {\"date_heure\": \"0001-07-03T00:45:00+00:00\", \"taux_co2\": 20},"
			   " {\"date_heure\": \"2024-07-03T01:00:00+00:00\", \"taux_co2\": 20},"
			   " {\"date_heure\": \"2024-07-03T00:00:00+00:00\", \"taux_co2\": 0}]";
	struct ci_points pts = CI_POINTS_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct ci_odre_drops drops = {0, 0};

	CHECK_INT_EQ(ci_odre_parse(body, strlen(body), "u", CI_RANK_TR, sec("2024-07-03T00:00:00Z"),
				   sec("2024-07-03T01:00:00Z"), &pts, &drops, &err), 2);
	CHECK_INT_EQ(drops.out_of_range, 3);     /* 1e300, 99999, -1; 2000 and 0 are kept */
	CHECK_INT_EQ(drops.outside_window, 3);   /* 9999, 0001 and 01:00Z (the end is excluded) */
	CHECK(pts.n == 2 && pts.v[0].g_per_kwh == 2000 && pts.v[1].g_per_kwh == 0);
	ci_points_release(&pts);
}

static long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void cache(const struct ci_points *sample, const char *path)
{
	struct ci_points cons = CI_POINTS_INIT, back = CI_POINTS_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct ci_store_counts c;
	sqlite3 *db = NULL;

	CHECK_INT_EQ(ci_cache_open(path, 0, &db, &err), 1);   /* absent, not created */
	CHECK(access(path, F_OK) < 0);
	CHECK(ci_cache_open(path, 1, &db, &err) == 0);      /* created, directory too */
	if (!db)
		return;
	CHECK(ci_cache_store(db, path, sample, &c, &err) == 0);
	CHECK_INT_EQ(c.inserted, 97);
	CHECK_INT_EQ(count(db, "SELECT count(*) FROM intensity"), 97);
	/* Again: nothing added, nothing changed. */
	CHECK(ci_cache_store(db, path, sample, &c, &err) == 0);
	CHECK_INT_EQ(c.inserted, 0);
	CHECK_INT_EQ(c.replaced, 0);
	CHECK_INT_EQ(c.kept, 97);
	CHECK_INT_EQ(count(db, "SELECT count(*) FROM intensity"), 97);
	/* Consolidated values for two instants replace the real-time ones... */
	ci_points_add(&cons, sec("2024-07-03T00:00:00Z"), 15, CI_RANK_CONS);
	ci_points_add(&cons, sec("2024-07-03T00:15:00Z"), 13, CI_RANK_CONS);
	CHECK(ci_cache_store(db, path, &cons, &c, &err) == 0);
	CHECK_INT_EQ(c.replaced, 2);
	CHECK_INT_EQ(count(db, "SELECT count(*) FROM intensity WHERE dataset = 'eco2mix-national-cons-def'"), 2);
	/* ...and real-time data never replaces consolidated data. */
	CHECK(ci_cache_store(db, path, sample, &c, &err) == 0);
	CHECK_INT_EQ(c.replaced, 0);
	CHECK_INT_EQ(count(db, "SELECT count(*) FROM intensity WHERE dataset = 'eco2mix-national-cons-def'"), 2);
	CHECK(ci_cache_load(db, path, sec("2024-07-03T00:00:00Z"), sec("2024-07-03T00:30:00Z"), &back, &err) == 0);
	CHECK_INT_EQ(back.n, 2);
	if (back.n == 2) {
		CHECK_NEAR(back.v[0].g_per_kwh, 15, 0);
		CHECK_INT_EQ(back.v[0].tag, CI_RANK_CONS);
	}
	/* A point of no known dataset: refused, and nothing of the batch stored. */
	ci_points_add(&cons, sec("2030-01-01T00:00:00Z"), 1, 0);
	CHECK(ci_cache_store(db, path, &cons, &c, &err) < 0);
	CHECK_INT_EQ(count(db, "SELECT count(*) FROM intensity"), 97);
	ci_points_release(&cons);
	ci_points_release(&back);
	ci_cache_close(db);
}

/* The estimator reading the cache: 2024-07-03 in Paris is 07-02T22:00Z..07-03T22:00Z;
 * the sample covers its last 22 hours (00:00Z..21:45Z, 88 points), so the day is
 * partial. The means of those 22 hours add up to 265.0 (the 88 values sum to 1060),
 * so the day's value is 265.0 / 22 = 12.0455 g/kWh, with a warning. The cached
 * consolidated 15 at 00:00Z and 13 at 00:15Z change the first hour from 13 to
 * (15 + 13 + 13 + 13) / 4 = 13.5, so 265.5 / 22. */
static void estimator_reads_cache(const char *path)
{
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
				   .resolution = ET_CI_DAY, .cache_path = path};
	struct et_ci_result res = ET_CI_RESULT_INIT;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_ci_span span = {sec("2024-07-03T10:00:00Z") * 1000, sec("2024-07-03T11:00:00Z") * 1000, 2};

	CHECK(et_ci_open(&cfg, &src, &err) == 0);
	if (!src)
		return;
	CHECK(et_ci_weight(src, &span, 1, &res, &err) == 0);
	CHECK_NEAR(res.g_per_kwh, 265.5 / 22, 1e-9);
	CHECK(res.n_days == 1 && strcmp(res.days[0].basis, "daily mean (partial day)") == 0);
	CHECK(res.n_days == 1 && strstr(res.days[0].source, "fetched") != NULL);
	CHECK(res.n_warnings == 1 && strstr(res.warnings[0], "2024-07-03: data for 22 of 24 hours only"));
	et_ci_result_release(&res);
	et_ci_close(src);
}

/* A cache that is not a database, or a database without the table, never blocks an
 * estimate: a warning names the file, and the shipped data answers (issue 13, finding
 * 15): 2021-12-01 still gets RTE's published quarter-hours shipped with etest. */
static void corrupt_cache(const char *dir)
{
	static const char *const kinds[] = {"garbage", "other-schema"};
	char path[300], cmd[400];

	for (size_t k = 0; k < 2; k++) {
		struct et_ci_config cfg = {.kind = ET_CI_RTE, .data_dir = getenv("ET_TEST_DATA_DIR"),
					   .resolution = ET_CI_DAY, .cache_path = path};
		struct et_ci_result res = ET_CI_RESULT_INIT;
		struct et_error err = ET_ERROR_INIT;
		struct et_ci_source *src = NULL;
		struct et_ci_span span = {sec("2021-11-30T23:00:00Z") * 1000, sec("2021-12-01T00:00:00Z") * 1000, 1};
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s.sqlite", dir, kinds[k]);
		if (k == 0) {
			CHECK((f = fopen(path, "w")) != NULL);
			if (f) {
				fputs("this is not an SQLite file, just text that says so\n", f);
				fclose(f);
			}
		} else {
			snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'CREATE TABLE t(x);'", path);
			CHECK(system(cmd) == 0);
		}
		CHECK(et_ci_open(&cfg, &src, &err) == 0);
		if (!src)
			continue;
		CHECK(et_ci_weight(src, &span, 1, &res, &err) == 0);
		CHECK(res.n_days == 1 && strstr(res.days[0].source, "as published") != NULL);
		CHECK(res.n_warnings >= 1 && strstr(res.warnings[0], path) != NULL &&
		      strstr(res.warnings[0], "cannot be read") != NULL &&
		      strstr(res.warnings[0], "going on with the shipped data") != NULL);
		et_ci_result_release(&res);
		et_ci_close(src);
	}
}

int main(void)
{
	struct ci_points sample = CI_POINTS_INIT;
	char dir[] = "/tmp/et-test-cache-XXXXXX", path[256], cmd[300];

	parse_sample(&sample);
	malformed();
	out_of_range();
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/sub/dir/intensity.sqlite", dir);
	cache(&sample, path);
	estimator_reads_cache(path);
	corrupt_cache(dir);
	ci_points_release(&sample);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return TEST_SUMMARY();
}
