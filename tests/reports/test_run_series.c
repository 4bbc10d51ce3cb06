/* test_run_series.c - the run's samples collected while the log streams (run_series.c):
 * cores, memory, GPU power and the job's use of each GPU, from a log written by hand. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "integrate.h"
#include "run_series.h"

#ifndef LOG_DIR
#define LOG_DIR "."
#endif

/* Every column of series s holding a value has min = max = mean = want. Returns the
 * number of such columns. */
static size_t all_equal(const struct sr_reducer *r, size_t s, double want)
{
	struct sr_stat st;
	size_t n = 0;

	for (size_t c = 0; c < sr_columns_used(r); c++) {
		CHECK_INT_EQ(sr_column(r, c, s, &st), 0);
		if (st.count == 0)
			continue;
		CHECK_NEAR(st.min, want, 1e-9);
		CHECK_NEAR(st.max, want, 1e-9);
		CHECK_NEAR(st.mean, want, 1e-9);
		n++;
	}
	return n;
}

/* Load log with the series observer into s (run and s are the caller's to release); a
 * failed load is counted. */
static void load(const char *log, struct et_run *run, struct et_run_series *s)
{
	struct et_run_observer obs;
	struct et_error err = ET_ERROR_INIT;

	memset(run, 0, sizeof(*run));
	et_run_series_init(s, run, &obs);
	CHECK_INT_EQ(et_run_load_with(log, run, &(struct et_load_options){&obs, NULL}, &err), 0);
}

/* tests/estimator/logs/two-gpus.log: 1 s samples, user_hz 100, 10 s run. Each second the
 * job's jiffies grow by 200 (2.00 cores), the user's by 250 (2.50 cores), the machine's
 * busy ones by 800 (8.00 cores); the job's RSS is 2,097,152 KiB = 2 GB (2^30 bytes), the
 * user's 3,145,728 KiB = 3 GB. GPU 0 draws 250 W with a job process on it, GPU 1 50 W
 * with none. */
static void test_two_gpus(void)
{
	struct et_run run;
	struct et_run_series s;

	load(LOG_DIR "/two-gpus.log", &run, &s);
	CHECK(s.cpu != NULL && s.gpu != NULL && !s.failed);
	if (!s.cpu || !s.gpu)
		goto out;
	/* 11 samples, from the launch (no interval yet: no cores) to 10 s later */
	CHECK_INT_EQ(sr_samples(s.cpu), 11);
	CHECK_NEAR(sr_first_time(s.cpu), 1709287200.0, 1e-9);
	CHECK_NEAR(sr_last_time(s.cpu), 1709287210.0, 1e-9);
	CHECK_INT_EQ(all_equal(s.cpu, ET_S_JOB_CORES, 2.0), 10);
	CHECK_INT_EQ(all_equal(s.cpu, ET_S_USER_CORES, 2.5), 10);
	CHECK_INT_EQ(all_equal(s.cpu, ET_S_MACHINE_CORES, 8.0), 10);
	CHECK_INT_EQ(all_equal(s.cpu, ET_S_JOB_RSS_GB, 2.0), 11);
	CHECK_INT_EQ(all_equal(s.cpu, ET_S_USER_RSS_GB, 3.0), 11);
	/* run-phase G records only (the idle phase gives the baseline, not the chart) */
	CHECK_INT_EQ(all_equal(s.gpu, ET_S_GPU_POWER(0), 250.0), 11);
	CHECK_INT_EQ(all_equal(s.gpu, ET_S_GPU_POWER(1), 50.0), 11);
	CHECK_INT_EQ(all_equal(s.gpu, ET_S_GPU_JOB_ON(0), 1.0), 11);
	CHECK_INT_EQ(all_equal(s.gpu, ET_S_GPU_JOB_ON(1), 0.0), 11);
	CHECK_NEAR(sr_first_time(s.gpu), 1709287200.0, 1e-9);
out:
	et_run_series_release(&s);
	et_run_release(&run);
}

/* A log without GPUs gets no GPU reducer; the CPU one is made at the first sample. */
static void test_no_gpu(void)
{
	struct et_run run;
	struct et_run_series s;

	load(LOG_DIR "/truncated.log", &run, &s);
	CHECK(s.cpu != NULL);
	CHECK(s.gpu == NULL);
	CHECK(s.cpu && sr_samples(s.cpu) > 1);
	et_run_series_release(&s);
	et_run_release(&run);
}

int main(void)
{
	test_two_gpus();
	test_no_gpu();
	return TEST_SUMMARY();
}
