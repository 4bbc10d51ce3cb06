/* test_aggregate.c - a run's buckets summed per local day: the 23 h and 25 h days of
 * Europe/Paris, another zone, and the days adding up to the total. */
#include <stdlib.h>
#include <string.h>

#include "et_aggregate.h"
#include "../harness.h"

#define QH_MS (15 * 60 * 1000)

/* A run of n_buckets quarter-hours from utc0_ms, each with 900 s of duration, 450 s of
 * job CPU and 100 J of GPU 0's whole power. */
static void fill(struct et_run_integrals *in, int64_t utc0_ms, size_t n_buckets)
{
	struct et_bucket *b = calloc(1, sizeof(*b));

	memset(in, 0, sizeof(*in));
	CHECK(b != NULL);
	for (size_t i = 0; b && i < n_buckets; i++) {
		b->utc_start_ms = utc0_ms + (int64_t)i * QH_MS;
		b->q.duration_s = 900;
		b->q.job_cpu_s = 450;
		b->q.gpu[0].whole_j = 100;
		CHECK_INT_EQ(et_run_bucket_append(in, b), 0);
		et_integrals_add(&in->total, &b->q);
	}
	/* GPU 0 holds something: the stored buckets have one GPU slot, not ET_MAX_GPUS */
	CHECK_INT_EQ(in->bucket_gpus, 1);
	free(b);
}

static const struct et_day_integrals *find_day(const struct et_day_integrals *d, size_t n,
					       int64_t day)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].day == day)
			return &d[i];
	return NULL;
}

/* 2025-03-29T23:00Z (Paris midnight, CET) to 2025-03-31T22:00Z: the local days
 * 2025-03-30 (spring forward: 23 h, 92 quarter-hours) and 2025-03-31 (24 h). */
static void test_paris_spring(void)
{
	struct et_zone *paris = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run_integrals in;
	struct et_day_integrals *days = NULL;
	size_t n = 0;

	CHECK_INT_EQ(et_zone_open("Europe/Paris", &paris, &err), 0);
	if (!paris)
		return;
	/* 2025-03-29T23:00:00Z = 1743289200 s; 47 h = 188 quarter-hours to 2025-03-31T22:00Z */
	fill(&in, 1743289200000LL, 188);
	CHECK_INT_EQ(et_integrals_by_day(&in, paris, &days, &n, &err), 0);
	CHECK_INT_EQ((long)n, 2);
	/* 2025-03-30 is day 20177 since 1970-01-01 (55 years: 20089 days to 2025-01-01,
	 * + 31 + 28 + 29 = 88 more to March 30) */
	const struct et_day_integrals *d30 = find_day(days, n, 20177);
	const struct et_day_integrals *d31 = find_day(days, n, 20178);
	CHECK(d30 && d31);
	if (d30 && d31) {
		/* 23 h = 92 buckets: 92 x 900 s = 82800 s, 92 x 450 = 41400 CPU-s, 9200 J */
		CHECK_NEAR(d30->q.duration_s, 82800, 1e-9);
		CHECK_NEAR(d30->q.job_cpu_s, 41400, 1e-9);
		CHECK_NEAR(d30->q.gpu[0].whole_j, 9200, 1e-9);
		CHECK_INT_EQ((long)((d30->utc_end_ms - d30->utc_start_ms) / 1000), 23 * 3600);
		/* 24 h = 96 buckets = 86400 s; 92 + 96 = 188 */
		CHECK_NEAR(d31->q.duration_s, 86400, 1e-9);
		CHECK_INT_EQ((long)(d31->utc_start_ms / 1000), 1743372000);   /* 2025-03-30T22:00Z */
		CHECK_NEAR(d30->q.duration_s + d31->q.duration_s, in.total.duration_s, 1e-9);
	}
	free(days);
	et_run_buckets_free(&in);
	et_zone_close(paris);
}

/* 2025-10-25T22:00Z (Paris midnight, CEST) for 25 h: the local day 2025-10-26 (fall
 * back: 25 h, 100 quarter-hours) alone. */
static void test_paris_autumn(void)
{
	struct et_zone *paris = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run_integrals in;
	struct et_day_integrals *days = NULL;
	size_t n = 0;

	CHECK_INT_EQ(et_zone_open("Europe/Paris", &paris, &err), 0);
	if (!paris)
		return;
	/* 2025-10-25T22:00:00Z = 1761429600 s */
	fill(&in, 1761429600000LL, 100);
	CHECK_INT_EQ(et_integrals_by_day(&in, paris, &days, &n, &err), 0);
	CHECK_INT_EQ((long)n, 1);
	if (n == 1) {
		/* 2025-10-26 = day 20387 (20177 for March 30 + 1 + 30 + 31 + 30 + 31 + 31 + 30 + 26) */
		CHECK_INT_EQ((long)days[0].day, 20387);
		CHECK_NEAR(days[0].q.duration_s, 100 * 900.0, 1e-9);   /* 25 h */
		CHECK_INT_EQ((long)((days[0].utc_end_ms - days[0].utc_start_ms) / 1000), 25 * 3600);
	}
	free(days);
	et_run_buckets_free(&in);
	et_zone_close(paris);
}

/* The same instants in New York (UTC-4 in October 2025): 2025-10-25T22:00Z is 18:00 local
 * on the 25th, so 25 h split 6 h (24 buckets) on the 25th and 19 h (76) on the 26th. */
static void test_other_zone(void)
{
	struct et_zone *ny = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run_integrals in;
	struct et_day_integrals *days = NULL;
	size_t n = 0;

	CHECK_INT_EQ(et_zone_open("America/New_York", &ny, &err), 0);
	if (!ny)
		return;
	fill(&in, 1761429600000LL, 100);
	CHECK_INT_EQ(et_integrals_by_day(&in, ny, &days, &n, &err), 0);
	CHECK_INT_EQ((long)n, 2);
	if (n == 2) {
		CHECK_INT_EQ((long)days[0].day, 20386);
		CHECK_NEAR(days[0].q.duration_s, 24 * 900.0, 1e-9);
		CHECK_NEAR(days[1].q.duration_s, 76 * 900.0, 1e-9);
	}
	free(days);
	et_run_buckets_free(&in);
	et_zone_close(ny);
}

static void test_empty(void)
{
	struct et_zone *utc = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run_integrals in;
	struct et_day_integrals *days = (void *)1;
	size_t n = 7;

	memset(&in, 0, sizeof(in));
	CHECK_INT_EQ(et_zone_open("UTC", &utc, &err), 0);
	if (!utc)
		return;
	CHECK_INT_EQ(et_integrals_by_day(&in, utc, &days, &n, &err), 0);
	CHECK(days == NULL);
	CHECK_INT_EQ((long)n, 0);
	et_zone_close(utc);
}

/* Stored buckets hold only the GPU slots and the parts (log format 1.2's RAPL and SM
 * shares) used; a bucket with a later slot or a new part widens every bucket, keeping
 * what they held, and each reads back as the full struct it was. */
static void test_slim_buckets(void)
{
	struct et_run_integrals in;
	struct et_bucket *b = calloc(1, sizeof(*b)), *got = calloc(1, sizeof(*got));

	memset(&in, 0, sizeof(in));
	CHECK(b && got);
	if (!b || !got)
		goto out;
	b->utc_start_ms = 0;
	b->q.duration_s = 900;
	CHECK_INT_EQ(et_run_bucket_append(&in, b), 0);
	CHECK_INT_EQ(in.bucket_gpus, 0);          /* no GPU holds anything */
	b->utc_start_ms = QH_MS;
	b->q.gpu[0].whole_j = 100;
	CHECK_INT_EQ(et_run_bucket_append(&in, b), 0);
	CHECK_INT_EQ(in.bucket_gpus, 1);
	b->utc_start_ms = 2 * QH_MS;
	b->q.gpu[0].whole_j = 0;
	b->q.gpu[3].known_s = 7;
	CHECK_INT_EQ(et_run_bucket_append(&in, b), 0);
	CHECK_INT_EQ(in.bucket_gpus, 4);          /* slots 0..3 */
	CHECK_INT_EQ(in.n_buckets, 3);
	et_run_bucket(&in, 0, got);
	CHECK(got->utc_start_ms == 0 && got->q.duration_s == 900 && got->q.gpu[0].whole_j == 0);
	et_run_bucket(&in, 1, got);
	CHECK(got->utc_start_ms == QH_MS && got->q.gpu[0].whole_j == 100 && got->q.gpu[3].known_s == 0);
	et_run_bucket(&in, 2, got);
	CHECK(got->q.gpu[3].known_s == 7 && got->q.gpu[0].whole_j == 0 && got->q.duration_s == 900);
	CHECK_INT_EQ(et_run_bucket_start(&in, 2), 2 * QH_MS);
	CHECK_INT_EQ(et_run_bucket_end(&in, 2), 3 * QH_MS);   /* appended: a quarter-hour */
	CHECK(got->utc_end_ms == 3 * QH_MS);
	/* Without log format 1.2's fields: the start and end, 9 scalars and 4 GPU slots of
	 * 15 doubles: (2 + 9 + 60) x 8 = 568 bytes */
	CHECK_INT_EQ(in.bucket_parts, 0);
	CHECK_INT_EQ(et_slim_bucket_size(&in), 568);
	/* A bucket with RAPL energy widens every bucket by the 12 RAPL scalars:
	 * (2 + 21 + 60) x 8 = 664 bytes; what the others held is kept. */
	b->utc_start_ms = 3 * QH_MS;
	b->q.rapl_pkg_j = 5000;
	CHECK_INT_EQ(et_run_bucket_append(&in, b), 0);
	CHECK_INT_EQ(in.bucket_parts, ET_BUCKET_RAPL);
	CHECK_INT_EQ(et_slim_bucket_size(&in), 664);
	/* Then one with a GPU's SM share: 4 slots of 20 doubles, (2 + 21 + 80) x 8 = 824 */
	b->utc_start_ms = 4 * QH_MS;
	b->q.gpu[2].sm_job_j = 40;
	CHECK_INT_EQ(et_run_bucket_append(&in, b), 0);
	CHECK_INT_EQ(in.bucket_parts, ET_BUCKET_RAPL | ET_BUCKET_GPU_SHARES);
	CHECK_INT_EQ(et_slim_bucket_size(&in), 824);
	CHECK_INT_EQ(in.n_buckets, 5);
	et_run_bucket(&in, 1, got);
	CHECK(got->q.gpu[0].whole_j == 100 && got->q.rapl_pkg_j == 0 && got->q.gpu[2].sm_job_j == 0);
	et_run_bucket(&in, 2, got);
	CHECK(got->q.gpu[3].known_s == 7 && got->q.duration_s == 900);
	et_run_bucket(&in, 3, got);
	CHECK(got->q.rapl_pkg_j == 5000 && got->q.gpu[3].known_s == 7 && got->q.gpu[2].sm_job_j == 0);
	et_run_bucket(&in, 4, got);
	CHECK(got->q.rapl_pkg_j == 5000 && got->q.gpu[2].sm_job_j == 40 && got->q.duration_s == 900);
	CHECK_INT_EQ(et_run_bucket_start(&in, 4), 4 * QH_MS);
	et_run_buckets_free(&in);
	CHECK(in.n_buckets == 0 && in.bucket_mem == NULL);
out:
	free(b);
	free(got);
}

int main(void)
{
	test_slim_buckets();
	test_paris_spring();
	test_paris_autumn();
	test_other_zone();
	test_empty();
	return TEST_SUMMARY();
}
