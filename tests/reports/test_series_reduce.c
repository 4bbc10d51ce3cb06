/* test_series_reduce.c - the bounded sample reducer: merging, peaks, gaps, one sample,
 * per-series missing values and constant memory. Expected values are worked out by hand. */
#include <math.h>
#include <stdlib.h>

#include "harness.h"
#include "series_reduce.h"

/* Add a sample of one series; a refusal counts as a failed check (a success is not
 * counted, so that the summary counts the assertions below, not the samples). */
static void add1(struct sr_reducer *r, double t, double v)
{
	if (sr_add(r, t, &v) != 0)
		CHECK_INT_EQ(sr_add(r, t, &v), 0);
}

static void test_one_sample(void)
{
	struct sr_reducer *r = sr_create(4, 1, 1.0);
	struct sr_stat st;
	double t[4], mean[4], lo[4], hi[4];
	unsigned char brk[4];

	CHECK(r != NULL);
	CHECK_INT_EQ(sr_columns_used(r), 0);
	CHECK(isnan(sr_first_time(r)));
	CHECK_INT_EQ(sr_export(r, 0, t, mean, lo, hi, brk), 0);
	add1(r, 100.0, 5.0);
	CHECK_INT_EQ(sr_columns_used(r), 1);
	CHECK_INT_EQ(sr_column(r, 0, 0, &st), 0);
	CHECK_NEAR(st.min, 5.0, 0);
	CHECK_NEAR(st.max, 5.0, 0);
	CHECK_NEAR(st.mean, 5.0, 0);
	CHECK_NEAR(st.t_mean, 100.0, 0);
	CHECK_INT_EQ(st.count, 1);
	CHECK_INT_EQ(sr_export(r, 0, t, mean, lo, hi, brk), 1);
	CHECK_NEAR(t[0], 100.0, 0);
	CHECK_INT_EQ(brk[0], 1);          /* the first point starts a line */
	CHECK_INT_EQ(sr_column(r, 1, 0, &st), -1);
	CHECK_INT_EQ(sr_column(r, 0, 1, &st), -1);
	sr_free(r);
}

/* 4 columns, 1 s interval, samples at t = 0..8 with values 1 5 2 8 3 3 9 0 7.
 * t=0..3 fill columns 0..3 (width 1). t=4 falls in column 4: pairs merge, width 2:
 *   col0 = {1,5}: min 1 max 5 mean 3; col1 = {2,8}: min 2 max 8 mean 5; t=4 -> col 2.
 * t=5 -> col 2 {3,3}; t=6,7 -> col 3 {9,0}. t=8 -> column 4 again: merge, width 4:
 *   col0 = {1,5,2,8}: min 1 max 8 mean 16/4 = 4, mean time (0+1+2+3)/4 = 1.5;
 *   col1 = {3,3,9,0}: min 0 max 9 mean 15/4 = 3.75, mean time (4+5+6+7)/4 = 5.5;
 *   t=8 -> col 2 {7}. */
static void test_merging(void)
{
	const double v[] = {1, 5, 2, 8, 3, 3, 9, 0, 7};
	struct sr_reducer *r = sr_create(4, 1, 1.0);
	struct sr_stat st;

	for (int i = 0; i < 4; i++)
		add1(r, i, v[i]);
	CHECK_NEAR(sr_column_width(r), 1.0, 0);
	CHECK_INT_EQ(sr_columns_used(r), 4);
	add1(r, 4, v[4]);
	CHECK_NEAR(sr_column_width(r), 2.0, 0);
	CHECK_INT_EQ(sr_columns_used(r), 3);
	sr_column(r, 1, 0, &st);
	CHECK_NEAR(st.min, 2.0, 0);
	CHECK_NEAR(st.max, 8.0, 0);
	CHECK_NEAR(st.mean, 5.0, 1e-12);
	CHECK_NEAR(st.t_start, 2.0, 0);
	CHECK_NEAR(st.t_end, 4.0, 0);
	for (int i = 5; i < 9; i++)
		add1(r, i, v[i]);
	CHECK_NEAR(sr_column_width(r), 4.0, 0);
	CHECK_INT_EQ(sr_columns_used(r), 3);
	sr_column(r, 0, 0, &st);
	CHECK_NEAR(st.min, 1.0, 0);
	CHECK_NEAR(st.max, 8.0, 0);
	CHECK_NEAR(st.mean, 4.0, 1e-12);
	CHECK_NEAR(st.t_mean, 1.5, 1e-12);
	CHECK_INT_EQ(st.count, 4);
	sr_column(r, 1, 0, &st);
	CHECK_NEAR(st.min, 0.0, 0);
	CHECK_NEAR(st.max, 9.0, 0);
	CHECK_NEAR(st.mean, 3.75, 1e-12);
	CHECK_NEAR(st.t_mean, 5.5, 1e-12);
	sr_column(r, 2, 0, &st);
	CHECK_NEAR(st.mean, 7.0, 0);
	CHECK_INT_EQ(st.count, 1);
	CHECK_INT_EQ(sr_samples(r), 9);
	/* out of order: refused, nothing changes */
	CHECK_INT_EQ(sr_add(r, 7.5, &v[0]), -1);
	CHECK_INT_EQ(sr_samples(r), 9);
	sr_free(r);
}

/* 10,000 samples of 0 W at 1 s with one 1000 W spike at t = 6543, into 16 columns:
 * the width doubles from 1 s until 16 columns cover 10,000 s: 1024 s (16 x 512 = 8192
 * is too short). The spike's column is floor(6543 / 1024) = 6: max 1000, min 0, mean
 * 1000/1024 = 0.9765625 (column 6 covers t = 6144..7167, 1024 samples). */
static void test_peak_survives(void)
{
	struct sr_reducer *r = sr_create(16, 1, 1.0);
	struct sr_stat st;

	for (int i = 0; i < 10000; i++)
		add1(r, i, i == 6543 ? 1000.0 : 0.0);
	CHECK_NEAR(sr_column_width(r), 1024.0, 0);
	CHECK_INT_EQ(sr_columns_used(r), 10);     /* floor(9999 / 1024) + 1 */
	sr_column(r, 6, 0, &st);
	CHECK_NEAR(st.max, 1000.0, 0);
	CHECK_NEAR(st.min, 0.0, 0);
	CHECK_NEAR(st.mean, 0.9765625, 1e-12);
	CHECK_INT_EQ(st.count, 1024);
	sr_column(r, 5, 0, &st);
	CHECK_NEAR(st.max, 0.0, 0);
	sr_free(r);
}

/* Samples at t = 0,1,2 then 10,11,12 (1 s interval: 8 s without a sample is a gap).
 * 16 columns of 1 s: column 10 has a gap before it; the export breaks there:
 * points t = 0,1,2,10,11,12 with break_before 1,0,0,1,0,0. */
static void test_gap_kept(void)
{
	const double ts[] = {0, 1, 2, 10, 11, 12};
	struct sr_reducer *r = sr_create(16, 1, 1.0);
	double t[16], mean[16];
	unsigned char brk[16];
	const unsigned char want[] = {1, 0, 0, 1, 0, 0};

	for (int i = 0; i < 6; i++)
		add1(r, ts[i], 1.0);
	CHECK_INT_EQ(sr_export(r, 0, t, mean, NULL, NULL, brk), 6);
	for (int i = 0; i < 6; i++) {
		CHECK_NEAR(t[i], ts[i], 0);
		CHECK_INT_EQ(brk[i], want[i]);
	}
	/* 3 s without a sample is not a gap (3 intervals), 3.5 s is */
	sr_free(r);
	r = sr_create(16, 1, 1.0);
	add1(r, 0, 1.0);
	add1(r, 3, 1.0);
	add1(r, 6.5, 1.0);
	CHECK_INT_EQ(sr_export(r, 0, t, NULL, NULL, NULL, brk), 3);
	CHECK_INT_EQ(brk[1], 0);
	CHECK_INT_EQ(brk[2], 1);
	sr_free(r);
}

/* The same gap once columns are wider than it. 4 columns, 1 s: t = 0,1,2 go to columns
 * 0..2; t = 10 needs two merges (width 4): column 2 (t 8..12) gets the gap before it.
 * Samples then run every second from 10 to 40. At t = 16 (col 4) width 8: old columns
 * 0 {0,1,2} and 1 {} merge into 0, old 2 (gap before) and 3 into 1: still between
 * columns. At t = 32 width 16: columns 0 {0,1,2} and 1 {10..15, gap before} merge,
 * so column 0 holds the gap inside: its point is joined to neither neighbour. */
static void test_gap_inside_merged_column(void)
{
	struct sr_reducer *r = sr_create(4, 1, 1.0);
	struct sr_stat st;
	double t[4];
	unsigned char brk[4];
	size_t n;

	add1(r, 0, 1.0);
	add1(r, 1, 1.0);
	add1(r, 2, 1.0);
	add1(r, 10, 1.0);
	CHECK_NEAR(sr_column_width(r), 4.0, 0);
	sr_column(r, 2, 0, &st);
	CHECK_INT_EQ(st.gap_before, 1);
	CHECK_INT_EQ(st.gap_inside, 0);
	for (int i = 11; i <= 15; i++)
		add1(r, i, 1.0);
	add1(r, 16, 1.0);
	CHECK_NEAR(sr_column_width(r), 8.0, 0);
	sr_column(r, 1, 0, &st);
	CHECK_INT_EQ(st.gap_before, 1);
	CHECK_INT_EQ(st.gap_inside, 0);
	for (int i = 17; i <= 40; i++)
		add1(r, i, 1.0);
	CHECK_NEAR(sr_column_width(r), 16.0, 0);
	sr_column(r, 0, 0, &st);
	CHECK_INT_EQ(st.gap_inside, 1);
	CHECK_INT_EQ(st.count, 9);           /* 0,1,2 and 10..15 */
	sr_column(r, 1, 0, &st);
	CHECK_INT_EQ(st.gap_inside, 0);
	CHECK_INT_EQ(st.gap_before, 0);
	/* columns 0 (t 0..15), 1 (16..31), 2 (32..40): breaks before 0 (first), 1 (column 0
	 * holds a gap), and none before 2 */
	n = sr_export(r, 0, t, NULL, NULL, NULL, brk);
	CHECK_INT_EQ(n, 3);
	CHECK_INT_EQ(brk[0], 1);
	CHECK_INT_EQ(brk[1], 1);
	CHECK_INT_EQ(brk[2], 0);
	sr_free(r);
}

/* Two series; series 1 has no value (NAN) in the samples at t = 2 and 3. With 4 columns
 * of 1 s, columns 2 and 3 hold samples but no value of series 1: its points are NAN and
 * break, while series 0 runs on unbroken. Means: series 1 column 1 = 20. */
static void test_missing_series_value(void)
{
	struct sr_reducer *r = sr_create(4, 2, 1.0);
	double mean[4];
	unsigned char brk[4];

	for (int i = 0; i < 4; i++) {
		double v[2] = {1.0, i < 2 ? 10.0 * (i + 1) : NAN};

		CHECK_INT_EQ(sr_add(r, i, v), 0);
	}
	CHECK_INT_EQ(sr_export(r, 1, NULL, mean, NULL, NULL, brk), 4);
	CHECK_NEAR(mean[0], 10.0, 0);
	CHECK_NEAR(mean[1], 20.0, 0);
	CHECK(isnan(mean[2]) && isnan(mean[3]));
	CHECK_INT_EQ(sr_export(r, 0, NULL, mean, NULL, NULL, brk), 4);
	CHECK_INT_EQ(brk[1] + brk[2] + brk[3], 0);
	sr_free(r);
}

/* A 1-hour run at 1 s and a 3-month run (90 days) at 10 s cost the same bytes. The long
 * one ends with columns of 10 x 2^10 = 10,240 s (1024 columns of 5,120 s cover only
 * 5,242,880 s < 7,776,000 s), using floor(7,775,990 / 10,240) + 1 = 760 columns. */
static void test_memory_constant(void)
{
	struct sr_reducer *hour = sr_create(1024, 3, 1.0);
	struct sr_reducer *months = sr_create(1024, 3, 10.0);
	size_t before = sr_memory_bytes(months);
	double v[3] = {1, 2, 3};

	for (int i = 0; i < 3600; i++)
		if (sr_add(hour, i, v) != 0)
			break;
	CHECK_INT_EQ(sr_samples(hour), 3600);
	for (long i = 0; i < 777600; i++)
		if (sr_add(months, (double)i * 10.0, v) != 0)
			break;
	CHECK_INT_EQ(sr_samples(months), 777600);
	CHECK_INT_EQ(sr_memory_bytes(months), before);
	CHECK_INT_EQ(sr_memory_bytes(hour), before);
	CHECK_NEAR(sr_column_width(months), 10240.0, 0);
	CHECK_INT_EQ(sr_columns_used(months), 760);
	/* 3600 s need columns of 4 s (1024 x 2 s = 2048 s is too short): floor(3599 / 4) + 1 */
	CHECK_NEAR(sr_column_width(hour), 4.0, 0);
	CHECK_INT_EQ(sr_columns_used(hour), 900);
	sr_free(hour);
	sr_free(months);
}

static void test_bad_arguments(void)
{
	CHECK(sr_create(3, 1, 1.0) == NULL);     /* odd */
	CHECK(sr_create(0, 1, 1.0) == NULL);
	CHECK(sr_create(4, 0, 1.0) == NULL);
	CHECK(sr_create(4, 1, 0.0) == NULL);
	CHECK(sr_create(4, 1, NAN) == NULL);
}

int main(void)
{
	test_one_sample();
	test_merging();
	test_peak_survives();
	test_gap_kept();
	test_gap_inside_merged_column();
	test_missing_series_value();
	test_memory_constant();
	test_bad_arguments();
	return TEST_SUMMARY();
}
