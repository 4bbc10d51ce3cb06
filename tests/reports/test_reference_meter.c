/* test_reference_meter.c - --reference: reading meter CSV files and integrating them over
 * a run's window. Every expected energy is worked out by hand in the comment above it. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reference_meter.h"

static char dir[] = "/tmp/et-reference-XXXXXX";

/* Write text to dir/name and return the path (static buffer, one at a time). */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return path;
	fputs(text, f);
	fclose(f);
	return path;
}

/* readings "t,w" lines at t0, t0+step, ... (n of them), watts = a + b * (t - t0) */
static const char *write_linear(const char *name, double t0, double step, int n, double a, double b)
{
	size_t cap = 64 + (size_t)n * 48, len = 0;
	char *text = malloc(cap);
	const char *path;

	len += (size_t)snprintf(text + len, cap - len, "timestamp,watts\n");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "%.3f,%.6f\n", t0 + i * step, a + b * i * step);
	path = write_file(name, text);
	free(text);
	return path;
}

static const struct ref_idle no_idle = {REF_IDLE_NONE, 0};

static void test_constant(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	struct ref_idle idle = {REF_IDLE_GIVEN, 40.0};
	char buf[128];

	/* 100 W every second from t = 1000 to 1100; window [1010.5, 1070.5] = 60 s:
	 * 100 W x 60 s = 6000 J = 1.666666667 Wh. Idle 40 W x 60 s = 2400 J = 0.666666667 Wh,
	 * net 3600 J = 1 Wh. */
	CHECK_INT_EQ(ref_meter_load(write_linear("const.csv", 1000, 1, 101, 100, 0), &m, &err), 0);
	CHECK_INT_EQ(m.n, 101);
	CHECK_NEAR(m.median_interval, 1.0, 1e-12);
	CHECK_INT_EQ(ref_meter_integrate(&m, 1010.5, 1070.5, &no_idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 6000.0 / 3600.0, 1e-9);
	CHECK_NEAR(res.net_wh, 6000.0 / 3600.0, 1e-9);
	CHECK_NEAR(res.covered_share, 1.0, 1e-12);
	CHECK_INT_EQ(res.n_warnings, 0);
	CHECK_INT_EQ(res.readings_in_window, 60);   /* t = 1011 .. 1070 */
	CHECK_STR_EQ(ref_idle_describe(&res, buf, sizeof(buf)), "not subtracted");
	CHECK_INT_EQ(ref_meter_integrate(&m, 1010.5, 1070.5, &idle, &res, &err), 0);
	CHECK_STR_EQ(ref_idle_describe(&res, buf, sizeof(buf)), "40.0 W, given (--reference-idle)");
	CHECK_NEAR(res.idle_wh, 2400.0 / 3600.0, 1e-9);
	CHECK_NEAR(res.net_wh, 1.0, 1e-9);
	CHECK_NEAR(res.idle_w, 40.0, 0);
	ref_meter_free(&m);
}

static void test_ramp(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	struct ref_idle idle = {REF_IDLE_GIVEN, 95.0};

	/* watts = 100 + (t - 1000), readings every second, t = 1000..1100. The line is exact
	 * for trapezoids: over [1010.5, 1070.5],
	 *   integral = 100 x 60 + ((70.5)^2 - (10.5)^2) / 2 = 6000 + (4970.25 - 110.25) / 2
	 *            = 6000 + 2430 = 8430 J = 2.341666667 Wh.
	 * Idle 95 W x 60 s = 5700 J: net 2730 J = 0.758333333 Wh. */
	CHECK_INT_EQ(ref_meter_load(write_linear("ramp.csv", 1000, 1, 101, 100, 1), &m, &err), 0);
	CHECK_INT_EQ(ref_meter_integrate(&m, 1010.5, 1070.5, &no_idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 8430.0 / 3600.0, 1e-9);
	CHECK_INT_EQ(ref_meter_integrate(&m, 1010.5, 1070.5, &idle, &res, &err), 0);
	CHECK_NEAR(res.net_wh, 2730.0 / 3600.0, 1e-9);
	/* a model saying 1.0 Wh before PUE: (1.0 - 0.758333333) / 0.758333333 x 100
	 * = 0.241666667 / 0.758333333 x 100 = 31.868131868 % (= 2900/91) */
	CHECK_NEAR(ref_deviation_pct(1.0, res.net_wh), 2900.0 / 91.0, 1e-9);
	ref_meter_free(&m);
}

static void test_triangle_trapezoids(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;

	/* 0 W at t0, 100 W at t0+10, 0 W at t0+20, t0 = 1700000000 (Unix seconds with
	 * decimals). Window [t0+5, t0+15]: the power at t0+5 is 50 W (on the line), 100 W at
	 * t0+10, 50 W at t0+15: (50 + 100) / 2 x 5 + (100 + 50) / 2 x 5 = 750 J
	 * = 0.208333333 Wh. Median interval: 10 s. */
	CHECK_INT_EQ(ref_meter_load(write_file("tri.csv",
		"timestamp,watts\n1700000000.0,0\n1700000010.00,100\n1700000020,0.0\n"), &m, &err), 0);
	CHECK_NEAR(m.median_interval, 10.0, 1e-9);
	CHECK_INT_EQ(ref_meter_integrate(&m, 1700000005.0, 1700000015.0, &no_idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 750.0 / 3600.0, 1e-9);
	ref_meter_free(&m);
}

static void test_auto_idle(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	struct ref_idle idle;
	char text[4096];
	size_t len = 0;
	const double before[10] = {50, 52, 48, 50, 51, 49, 50, 50, 200, 50};

	/* t = 0..9: the idle server (one 200 W spike); t = 10..40: 150 W. The launch is at
	 * t = 10, the exit at 40. Sorted readings before the launch:
	 * 48 49 50 50 50 50 50 51 52 200: median (50 + 50) / 2 = 50 W, 10 readings over 9 s.
	 * Gross 150 W x 30 s = 4500 J = 1.25 Wh; idle 50 W x 30 s = 1500 J; net 3000 J
	 * = 0.833333333 Wh. */
	len += (size_t)snprintf(text + len, sizeof(text) - len, "watts,timestamp\n");
	for (int t = 0; t <= 40; t++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%g,%d\n", t < 10 ? before[t] : 150.0, t);
	CHECK_INT_EQ(ref_idle_parse("auto", &idle, &err), 0);
	CHECK_INT_EQ(ref_meter_load(write_file("auto.csv", text), &m, &err), 0);
	CHECK_INT_EQ(ref_meter_integrate(&m, 10, 40, &idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 1.25, 1e-9);
	CHECK_NEAR(res.idle_w, 50.0, 0);
	CHECK_INT_EQ(res.idle_readings, 10);
	CHECK_NEAR(res.idle_span_s, 9.0, 0);
	CHECK_NEAR(res.net_wh, 3000.0 / 3600.0, 1e-9);
	CHECK_STR_EQ(ref_idle_describe(&res, text, sizeof(text)),
		     "50.0 W, the median of 10 readings over 9 s before the launch");
	/* no reading before a launch at t = 0: an error */
	CHECK_INT_EQ(ref_meter_integrate(&m, 0, 40, &idle, &res, &err), -1);
	CHECK(strstr(err.text, "before the launch") != NULL);
	ref_meter_free(&m);
}

static void test_partial_coverage(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	struct ref_idle idle = {REF_IDLE_GIVEN, 20.0};

	/* 100 W every second from t = 100 to 160; the run lasts from 130 to 190 (60 s). The
	 * readings cover [130, 160] = 30 s, a share of 0.5: 100 W x 30 s = 3000 J
	 * = 0.833333333 Wh; idle 20 W x 30 s (the covered time) = 600 J; net 2400 J
	 * = 0.666666667 Wh. A warning says 50.0 %. */
	CHECK_INT_EQ(ref_meter_load(write_linear("partial.csv", 100, 1, 61, 100, 0), &m, &err), 0);
	CHECK_INT_EQ(ref_meter_integrate(&m, 130, 190, &idle, &res, &err), 0);
	CHECK_NEAR(res.covered_s, 30.0, 1e-9);
	CHECK_NEAR(res.covered_share, 0.5, 1e-12);
	CHECK_NEAR(res.gross_wh, 3000.0 / 3600.0, 1e-9);
	CHECK_NEAR(res.net_wh, 2400.0 / 3600.0, 1e-9);
	CHECK_INT_EQ(res.n_warnings, 1);
	CHECK(strstr(res.warnings[0], "50.0 %") != NULL);
	/* no reading in the window at all: an error */
	CHECK_INT_EQ(ref_meter_integrate(&m, 200, 260, &no_idle, &res, &err), -1);
	CHECK(strstr(err.text, "do not cover") != NULL);
	ref_meter_free(&m);
}

static void test_gap_not_bridged(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	char text[4096];
	size_t len = 0;

	/* 60 W every second for t = 0..20 and 30..50: 40 intervals of 1 s and one of 10 s
	 * (median 1 s, so 10 s > 3 s is a gap). Window [0, 50]: covered 20 + 20 = 40 s,
	 * 60 W x 40 s = 2400 J = 0.666666667 Wh; the gap's 10 s are not bridged. */
	len += (size_t)snprintf(text + len, sizeof(text) - len, "timestamp,watts\n");
	for (int t = 0; t <= 50; t++)
		if (t <= 20 || t >= 30)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%d,60\n", t);
	CHECK_INT_EQ(ref_meter_load(write_file("gap.csv", text), &m, &err), 0);
	CHECK_INT_EQ(ref_meter_integrate(&m, 0, 50, &no_idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 2400.0 / 3600.0, 1e-9);
	CHECK_INT_EQ(res.n_gaps, 1);
	CHECK_NEAR(res.gap_s, 10.0, 1e-12);
	CHECK_NEAR(res.covered_share, 0.8, 1e-12);
	CHECK_INT_EQ(res.n_warnings, 2);       /* coverage 80.0 %, and the gap */
	ref_meter_free(&m);
}

static void test_iso_timestamps(void)
{
	struct ref_meter m;
	struct ref_result res;
	struct et_error err = ET_ERROR_INIT;
	double t;

	/* 2026-11-30T09:00:00Z is 1796029200 (20,787 days x 86,400 s + 9 x 3600 s). */
	CHECK_INT_EQ(ref_parse_timestamp("2026-11-30T09:00:00Z", &t), 0);
	CHECK_NEAR(t, 1796029200.0, 0);
	CHECK_INT_EQ(ref_parse_timestamp("2026-11-30T10:00:00.25+01:00", &t), 0);
	CHECK_NEAR(t, 1796029200.25, 1e-9);
	CHECK_INT_EQ(ref_parse_timestamp("2026-11-30T04:00:00-05:00", &t), 0);
	CHECK_NEAR(t, 1796029200.0, 0);
	CHECK_INT_EQ(ref_parse_timestamp("2026-11-30T09:00:00", &t), -1);   /* no offset */
	CHECK_INT_EQ(ref_parse_timestamp("2026-11-30T09:00:00.+01:00", &t), -1);
	CHECK_INT_EQ(ref_parse_timestamp("1796029200.5", &t), 0);
	CHECK_NEAR(t, 1796029200.5, 0);
	CHECK_INT_EQ(ref_parse_timestamp("yesterday", &t), -1);
	/* 200 W at 10:00:00 and 10:00:10 (+01:00), 300 W at 10:00:20: window
	 * [09:00:00Z, 09:00:20Z]: 200 x 10 + (200 + 300) / 2 x 10 = 4500 J = 1.25 Wh. */
	CHECK_INT_EQ(ref_meter_load(write_file("iso.csv",
		"timestamp,watts\r\n2026-11-30T10:00:00+01:00,200\r\n"
		"2026-11-30T10:00:10.0+01:00,200\r\n2026-11-30T09:00:20Z,300\r\n"), &m, &err), 0);
	CHECK_INT_EQ(ref_meter_integrate(&m, 1796029200.0, 1796029220.0, &no_idle, &res, &err), 0);
	CHECK_NEAR(res.gross_wh, 1.25, 1e-9);
	ref_meter_free(&m);
}

/* Each bad file: the line named and the words expected in the message. */
static void expect_load_error(const char *text, long line, const char *words)
{
	struct ref_meter m;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(ref_meter_load(write_file("bad.csv", text), &m, &err), -1);
	CHECK_INT_EQ(err.line, line);
	if (!strstr(err.text, words))
		fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err.text, words);
	CHECK(strstr(err.text, words) != NULL);
	CHECK(strstr(err.source, "bad.csv") != NULL);
	CHECK(m.t == NULL && m.watts == NULL);
}

static void test_errors(void)
{
	struct ref_idle idle;
	struct et_error err = ET_ERROR_INIT;

	expect_load_error("time,power\n1,2\n", 1, "timestamp and watts");
	expect_load_error("timestamp,watts\n1,100\n2,abc\n", 3, "not a number");
	expect_load_error("timestamp,watts\n1,100\nnoon,100\n", 3, "neither Unix seconds");
	expect_load_error("timestamp,watts\n1,100\n2,100\n2,100\n", 4, "not after the previous");
	expect_load_error("timestamp,watts\n1,100\n2,100,7\n", 3, "3 fields");
	expect_load_error("timestamp,watts\n1,-5\n", 2, "negative");
	expect_load_error("timestamp,watts\n1,100\n", 0, "at least 2");
	expect_load_error("", 0, "empty file");
	expect_load_error("timestamp,watts\n1,\"100\n", 2, "");   /* unterminated quote */
	CHECK_INT_EQ(ref_idle_parse("95", &idle, &err), 0);
	CHECK_NEAR(idle.watts, 95.0, 0);
	CHECK_INT_EQ(ref_idle_parse("95.5W", &idle, &err), 0);
	CHECK_NEAR(idle.watts, 95.5, 0);
	CHECK_INT_EQ(ref_idle_parse("-3", &idle, &err), -1);
	CHECK_INT_EQ(ref_idle_parse("lots", &idle, &err), -1);
	CHECK(isnan(ref_deviation_pct(1.0, 0.0)));
	CHECK(isnan(ref_deviation_pct(NAN, 1.0)));
	/* 2.0 Wh against 1.6 Wh: (2.0 - 1.6) / 1.6 x 100 = 25 % */
	CHECK_NEAR(ref_deviation_pct(2.0, 1.6), 25.0, 1e-9);
	/* 1.2 Wh against 1.6 Wh: -0.4 / 1.6 x 100 = -25 % */
	CHECK_NEAR(ref_deviation_pct(1.2, 1.6), -25.0, 1e-9);
}

/* A locale with a decimal comma changes nothing: '.' is read as the decimal point. */
static void test_locale(void)
{
	struct ref_result res;
	struct ref_meter m;
	struct et_error err = ET_ERROR_INIT;
	struct ref_idle idle;

	if (!setlocale(LC_ALL, "fr_FR.UTF-8")) {
		printf("skip: no fr_FR.UTF-8 locale\n");
		return;
	}
	CHECK_INT_EQ(ref_meter_load(write_file("fr.csv", "timestamp,watts\n0.5,100.25\n1.5,100.75\n"), &m, &err), 0);
	CHECK_NEAR(m.t[0], 0.5, 0);
	CHECK_NEAR(m.watts[1], 100.75, 0);
	CHECK_INT_EQ(ref_idle_parse("95.5", &idle, &err), 0);
	CHECK_NEAR(idle.watts, 95.5, 0);
	/* the readings cover [0.5, 1.5] of [0.5, 2.5]: "50.0 %", not "50,0 %" */
	CHECK_INT_EQ(ref_meter_integrate(&m, 0.5, 2.5, &no_idle, &res, &err), 0);
	CHECK(strstr(res.warnings[0], "50.0 %") != NULL);
	ref_meter_free(&m);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	char path[300];
	int rc;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_constant();
	test_ramp();
	test_triangle_trapezoids();
	test_auto_idle();
	test_partial_coverage();
	test_gap_not_bridged();
	test_iso_timestamps();
	test_errors();
	test_locale();
	rc = TEST_SUMMARY();
	for (const char *const *n = (const char *const[]){"const.csv", "ramp.csv", "tri.csv", "auto.csv",
		"partial.csv", "gap.csv", "iso.csv", "bad.csv", "fr.csv", NULL}; *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *n);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}
