/* test_integrate.c - the integrator on hand-written logs: every expected integral is
 * computed by hand in the comment next to it. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "et_aggregate.h"
#include "logtext.h"

#define U0 "17000000"   /* prefix: U0 = 1700000098000 ms, 2 s before a quarter-hour */

/* Trapezoids over irregular intervals, counters, machine load, a bucket split. */
/* Bucket i of run, expanded (a few kept at once, for checks that use two). */
static const struct et_bucket *bucket_of(const struct et_run *run, size_t i)
{
	static struct et_bucket kept[4];
	static unsigned next;
	struct et_bucket *b = &kept[next++ % 4];

	et_run_bucket(&run->integrals, i, b);
	return b;
}

static void test_trapezoid_and_buckets(void)
{
	/* launch mono 5000 utc 1700000098000; the quarter-hour boundary is at utc
	 * 1700000100000 = launch + 2000 ms (1700000100000 / 900000 = 1888889). */
	static const char log[] = LOG_HEAD
		"E,5000,1700000098000,launch,1234\n"
		"S,5500,1700000098500,50,1000,1,60,2000,3,NA,1000,4000,16777216,8000000\n"
		"S,6500,1700000099500,150,3000,1,200,2000,3,NA,1200,4400,16777216,8000000\n"
		"S,9000,1700000102000,400,1000,1,500,4000,3,NA,1900,5400,16777216,8000000\n"
		"X,9200,1700000102200,exited,0,0,3.5,0.4,4000,0.01,0.02,1500,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "a.log", &run, &err), 0);
	CHECK_INT_EQ(run.facts.complete, 1);
	/* launch 5000 -> X 9200 = 4.2 s */
	CHECK_NEAR(run.facts.duration_s, 4.2, 1e-9);
	CHECK_NEAR(run.integrals.total.duration_s, 4.2, 1e-9);
	/* job jiffies 0 (launch) -> 50 -> 150 -> 400, user_hz 100: 4.0 s */
	CHECK_NEAR(run.integrals.total.job_cpu_s, 4.0, 1e-9);
	/* user jiffies 0 -> 60 -> 200 -> 500: 5.0 s */
	CHECK_NEAR(run.integrals.total.user_cpu_s, 5.0, 1e-9);
	/* RSS: launch->S1 0.5 s one-sided 1000 = 500; S1->S2 1 s (1000+3000)/2 = 2000;
	 * S2->S3 2.5 s (3000+1000)/2*2.5 = 5000; S3->X 0.2 s one-sided 1000 = 200: 7700 */
	CHECK_NEAR(run.integrals.total.job_rss_kib_s, 7700, 1e-6);
	/* user RSS: 2000*0.5 + 2000*1 + (2000+4000)/2*2.5 + 4000*0.2 = 1000+2000+7500+800 */
	CHECK_NEAR(run.integrals.total.user_rss_kib_s, 11300, 1e-6);
	CHECK_NEAR(run.integrals.total.rss_known_s, 4.2, 1e-9);
	/* machine: busy 1000->1200->1900 = 900 jiffies = 9 s; total 4000->5400 = 14 s */
	CHECK_NEAR(run.integrals.total.sys_busy_s, 9.0, 1e-9);
	CHECK_NEAR(run.integrals.total.sys_total_s, 14.0, 1e-9);
	/* load 200/400 = 0.5 over 1 s: 0.125; 700/1000 = 0.7 over 2.5 s: 0.343*2.5 = 0.8575 */
	CHECK_NEAR(run.integrals.total.sys_load_cubed_s, 0.125 + 0.8575, 1e-9);
	CHECK_NEAR(run.facts.job_cpu_s_last, 4.0, 1e-9);
	CHECK_NEAR(run.facts.user_cpu_s_last, 5.0, 1e-9);
	CHECK_NEAR(run.facts.end.job_utime_s + run.facts.end.job_stime_s, 3.9, 1e-9);
	CHECK_STR_EQ(run.facts.end.status, "exited");
	CHECK_INT_EQ(run.facts.launch_utc_ms, 1700000098000LL);
	CHECK_INT_EQ(run.facts.end_utc_ms, 1700000102200LL);
	CHECK_STR_EQ(run.facts.host, "node1");
	CHECK_STR_EQ(run.facts.user, "alice");
	CHECK_INT_EQ(run.facts.logical_cpus, 4);

	/* Two buckets: S2->S3 (utc +1500..+4000) crosses the boundary at +2000: 0.2 of it
	 * before, 0.8 after. */
	CHECK_INT_EQ(run.integrals.n_buckets, 2);
	if (run.integrals.n_buckets == 2) {
		CHECK_INT_EQ(bucket_of(&run, 0)->utc_start_ms, 1699999200000LL);
		CHECK_INT_EQ(bucket_of(&run, 1)->utc_start_ms, 1700000100000LL);
		/* bucket 0: 0.5 + 1 + 0.2*2.5 = 2.0 s; bucket 1: 0.8*2.5 + 0.2 = 2.2 s */
		CHECK_NEAR(bucket_of(&run, 0)->q.duration_s, 2.0, 1e-9);
		CHECK_NEAR(bucket_of(&run, 1)->q.duration_s, 2.2, 1e-9);
		/* job CPU: 0.5 + 1.0 + 0.2*2.5 = 2.0 s before; 0.8*2.5 = 2.0 s after */
		CHECK_NEAR(bucket_of(&run, 0)->q.job_cpu_s, 2.0, 1e-9);
		CHECK_NEAR(bucket_of(&run, 1)->q.job_cpu_s, 2.0, 1e-9);
		/* RSS: 500 + 2000 + 0.2*5000 = 3500 before; 0.8*5000 + 200 = 4200 after */
		CHECK_NEAR(bucket_of(&run, 0)->q.job_rss_kib_s, 3500, 1e-6);
		CHECK_NEAR(bucket_of(&run, 1)->q.job_rss_kib_s, 4200, 1e-6);
		/* The buckets add up to the total. */
		struct et_integrals sum;
		memset(&sum, 0, sizeof(sum));
		et_integrals_add(&sum, &bucket_of(&run, 0)->q);
		et_integrals_add(&sum, &bucket_of(&run, 1)->q);
		CHECK_NEAR(sum.sys_load_cubed_s, run.integrals.total.sys_load_cubed_s, 1e-12);
	}
	CHECK_INT_EQ(run.n_warnings, 0);
	et_run_release(&run);
	CHECK(run.header == NULL && run.integrals.bucket_mem == NULL);
}

/* Two GPUs, an idle baseline, NA power and utilisation, used by job / user. */
static void test_gpus(void)
{
	static const char log[] = LOG_HEAD_GPUS(TWO_GPUS)
		"E,0,1700000400000,idle_start,\n"
		"G,100,1700000400100,idle,0,50,70,0,0,0,0,0,0\n"
		"G,100,1700000400100,idle,1,30,70,0,0,0,0,0,0\n"
		"G,600,1700000400600,idle,0,70,70,0,0,0,0,0,0\n"
		"G,600,1700000400600,idle,1,NA,70,0,0,0,0,0,0\n"
		"E,900,1700000400900,idle_end,\n"
		"E,1000,1700000401000,launch,77\n"
		"S,1000,1700000401000,0,100,1,0,100,1,NA,0,400,16,8\n"
		"G,1000,1700000401000,run,0,100,70,50,10,1,10,1,10\n"
		"G,1000,1700000401000,run,1,40,70,0,0,0,0,0,0\n"
		"G,2000,1700000402000,run,0,200,70,100,10,1,10,1,10\n"
		"G,2000,1700000402000,run,1,40,70,NA,0,0,0,0,0\n"
		"S,2000,1700000402000,100,100,1,100,100,1,NA,100,800,16,8\n"
		"G,3000,1700000403000,run,0,NA,70,NA,10,0,0,1,10\n"
		"G,3000,1700000403000,run,1,40,70,NA,0,0,0,0,0\n"
		"S,3000,1700000403000,200,100,1,200,100,1,NA,200,1200,16,8\n"
		"X,3000,1700000403000,exited,0,0,2,0,100,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "g.log", &run, &err), 0);
	CHECK_INT_EQ(run.facts.n_gpus, 2);
	/* idle baselines: gpu 0 (50+70)/2 = 60 W; gpu 1 only 30 is known: 30 W */
	CHECK_NEAR(run.facts.gpus[0].idle_w, 60, 1e-9);
	CHECK_NEAR(run.facts.gpus[1].idle_w, 30, 1e-9);
	CHECK_STR_EQ(run.facts.gpus[0].name, "Tesla T4");
	CHECK_NEAR(run.facts.gpus[0].power_limit_w, 70, 1e-9);
	const struct et_gpu_integrals *g0 = &run.integrals.total.gpu[0], *g1 = &run.integrals.total.gpu[1];
	/* gpu 0: 1000->2000 (100+200)/2 = 150 J; 2000->3000 only 200 known: 200 J */
	CHECK_NEAR(g0->whole_j, 350, 1e-9);
	CHECK_NEAR(g0->known_s, 2, 1e-9);
	/* above idle 60: (40+140)/2 = 90 J, then 140 J: 230 J */
	CHECK_NEAR(g0->above_idle_j, 230, 1e-9);
	/* job procs on it at 2000 (1), not at 3000 (0): only the first interval, 150 J, 90 J */
	CHECK_NEAR(g0->whole_job_j, 150, 1e-9);
	CHECK_NEAR(g0->above_idle_job_j, 90, 1e-9);
	CHECK_NEAR(g0->used_job_s, 1, 1e-9);
	/* user procs at 2000 and 3000: both intervals */
	CHECK_NEAR(g0->whole_user_j, 350, 1e-9);
	CHECK_NEAR(g0->above_idle_user_j, 230, 1e-9);
	CHECK_NEAR(g0->used_user_s, 2, 1e-9);
	/* util: (50+100)/2 = 75 %s, then only 100 known: 100 %s */
	CHECK_NEAR(g0->util_pct_s, 175, 1e-9);
	CHECK_NEAR(g0->util_known_s, 2, 1e-9);
	/* gpu 1: 40 W for 2 s = 80 J; above 30: 10 W for 2 s = 20 J; never used */
	CHECK_NEAR(g1->whole_j, 80, 1e-9);
	CHECK_NEAR(g1->above_idle_j, 20, 1e-9);
	CHECK_NEAR(g1->used_job_s + g1->used_user_s + g1->whole_job_j, 0, 1e-12);
	/* util of gpu 1: 0 one-sided over 1000->2000, nothing known after: 1 s known */
	CHECK_NEAR(g1->util_known_s, 1, 1e-9);
	CHECK_NEAR(run.facts.duration_s, 2, 1e-9);
	CHECK(!has_warning(&run, "idle baseline"));
	et_run_release(&run);
}

/* No idle baseline: above idle = whole power, with a warning. */
static void test_no_idle_baseline(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":3,\"uuid\":\"u\",\"name\":\"A100\",\"power_limit_w\":null}]")
		"E,0,1700000000000,launch,1\n"
		"G,0,1700000000000,run,3,100,NA,NA,NA,NA,NA,NA,NA\n"
		"S,0,1700000000000,0,10,1,0,10,1,NA,0,100,16,8\n"
		"G,2000,1700000002000,run,3,300,NA,NA,NA,NA,NA,NA,NA\n"
		"S,2000,1700000002000,0,10,1,0,10,1,NA,0,200,16,8\n"
		"X,2000,1700000002000,exited,0,0,0,0,0,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "n.log", &run, &err), 0);
	CHECK(isnan(run.facts.gpus[0].idle_w));
	CHECK(isnan(run.facts.gpus[0].power_limit_w));
	/* (100+300)/2 * 2 s = 400 J, whole and above idle alike */
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 400, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].above_idle_j, 400, 1e-9);
	/* job_procs NA at both ends: never counted as used */
	CHECK_NEAR(run.integrals.total.gpu[0].used_job_s, 0, 1e-12);
	CHECK(has_warning(&run, "gpu 3: no idle baseline"));
	/* ... and said: 2 s of 2 s unknown for the job and the user, 400 J = 0.1111 Wh */
	CHECK_NEAR(run.integrals.total.gpu[0].procs_unknown_job_s, 2, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].procs_unknown_user_j, 400, 1e-9);
	CHECK(has_warning(&run, "gpu 3: its compute processes are unknown (job_procs/user_procs NA) "
			  "for 2.0 s (job) / 2.0 s (user) of 2.0 s, 0.1111 Wh of whole power"));
	et_run_release(&run);
}

/* A header without mem_total_kib: the first S record's value is used. */
static void test_mem_from_samples(void)
{
	char log[4096];
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	const char *body = "E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,10,1,0,10,1,NA,0,100,NA,8\n"
		"S,1000,1700000001000,0,10,1,0,10,1,NA,0,200,2097152,8\n"
		"S,2000,1700000002000,0,10,1,0,10,1,NA,0,300,4194304,8\n"
		"X,2000,1700000002000,exited,0,0,0,0,0,0,0,0,0,0\n";
	char *at;

	snprintf(log, sizeof(log), "%s%s", LOG_HEAD, body);
	at = strstr(log, "\"mem_total_kib\":16777216,");
	CHECK(at != NULL);
	if (!at)
		return;
	memmove(at, at + strlen("\"mem_total_kib\":16777216,"), strlen(at + strlen("\"mem_total_kib\":16777216,")) + 1);
	CHECK_INT_EQ(load_text(log, "m.log", &run, &err), 0);
	/* the first known one, 2097152 KiB (2 GiB), not the NA before it nor the later 4 GiB */
	CHECK_NEAR(run.facts.mem_total_kib, 2097152, 0);
	et_run_release(&run);
}

/* job_procs NA in the middle of a run (the compute-apps child died): the seconds and the
 * energy not attributed are counted and said, not silently charged as 0. */
static void test_procs_unknown(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"A100\",\"power_limit_w\":400}]")
		"E,0,1700000000000,idle_start,\n"
		"G,500,1700000000500,idle,0,50,400,0,0,0,0,0,0\n"
		"E,1000,1700000001000,launch,1\n"
		"S,1000,1700000001000,0,10,1,0,10,1,NA,0,100,16,8\n"
		"G,1000,1700000001000,run,0,250,400,90,10,1,10,1,10\n"
		"G,2000,1700000002000,run,0,250,400,90,10,1,10,1,10\n"
		"S,2000,1700000002000,0,10,1,0,10,1,NA,0,200,16,8\n"
		"G,3000,1700000003000,run,0,250,400,90,10,NA,NA,NA,NA\n"
		"S,3000,1700000003000,0,10,1,0,10,1,NA,0,300,16,8\n"
		"G,4000,1700000004000,run,0,250,400,90,10,NA,NA,NA,NA\n"
		"S,4000,1700000004000,0,10,1,0,10,1,NA,0,400,16,8\n"
		"X,4000,1700000004000,exited,0,0,0,0,0,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "p.log", &run, &err), 0);
	const struct et_gpu_integrals *g = &run.integrals.total.gpu[0];
	/* 1000->2000: procs 1, used (above idle 200 W x 1 s = 200 J); 2000->3000: the record
	 * ending it is NA, the one starting it says 1: used; 3000->4000: NA at both ends:
	 * unknown, 1 s, 250 J of whole power. */
	CHECK_NEAR(g->used_job_s, 2, 1e-9);
	CHECK_NEAR(g->above_idle_job_j, 400, 1e-9);
	CHECK_NEAR(g->procs_unknown_job_s, 1, 1e-9);
	CHECK_NEAR(g->procs_unknown_job_j, 250, 1e-9);
	CHECK_NEAR(g->procs_unknown_user_s, 1, 1e-9);
	/* 250 J / 3600 = 0.0694 Wh */
	CHECK(has_warning(&run, "gpu 0: its compute processes are unknown (job_procs/user_procs NA) "
			  "for 1.0 s (job) / 1.0 s (user) of 3.0 s, 0.0694 Wh of whole power: ga charges "
			  "no GPU energy there"));
	/* the buckets add up to the total */
	double s = 0;
	for (size_t i = 0; i < run.integrals.n_buckets; i++)
		s += bucket_of(&run, i)->q.gpu[0].procs_unknown_job_s;
	CHECK_NEAR(s, 1, 1e-9);
	et_run_release(&run);
}

/* A gap of 4 intervals, NA RSS, a decreasing counter. */
static void test_gap_na_negative(void)
{
	static const char log[] = LOG_HEAD
		"E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,100,1,0,NA,1,NA,0,100,16,8\n"
		"S,1000,1700000001000,100,NA,1,0,NA,1,NA,0,200,16,8\n"
		"S,2000,1700000002000,50,NA,1,0,NA,1,NA,0,300,16,8\n"
		"S,3000,1700000003000,150,300,1,0,NA,1,NA,0,400,16,8\n"
		"S,7000,1700000007000,250,500,1,0,NA,1,NA,0,500,16,8\n"
		"X,7000,1700000007000,exited,0,0,0,0,0,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "gap.log", &run, &err), 0);
	/* RSS: 0->1000 one-sided 100 = 100; 1000->2000 unknown; 2000->3000 one-sided 300 =
	 * 300; 3000->7000 (300+500)/2*4 = 1600: 2000 KiB·s over 6 s known of 7 */
	CHECK_NEAR(run.integrals.total.job_rss_kib_s, 2000, 1e-9);
	CHECK_NEAR(run.integrals.total.rss_known_s, 6, 1e-9);
	CHECK(has_warning(&run, "job RSS unknown for 1.0 s of 7.0 s"));
	/* job jiffies 0, 100, 50 (below the last good 100: a glitch, skipped), 150 (+50 from
	 * the last good 100), 250 (+100): 250 = 2.5 s */
	CHECK_NEAR(run.integrals.total.job_cpu_s, 2.5, 1e-9);
	CHECK(has_warning(&run, "job_cpu_jiffies went down 1 time (first at line 10: 50 after 100)"));
	/* 3000 -> 7000 is 4 s > 3 x 1 s */
	CHECK(has_warning(&run, "gap of 4.0 s between samples at lines"));
	/* user RSS never known: 0 */
	CHECK_NEAR(run.integrals.total.user_rss_kib_s, 0, 1e-12);
	et_run_release(&run);
}

/* A truncated log: no X record and a last line without '\n'. */
static void test_truncated(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"G,0,1700000000000,idle,0,20,70,0,0,0,0,0,0\n"
		"E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,100,1,0,100,1,NA,0,100,16,8\n"
		"G,500,1700000000500,run,0,100,70,NA,NA,1,NA,1,NA\n"
		"S,1000,1700000001000,100,100,1,100,100,1,NA,0,200,16,8\n"
		"G,1500,1700000001500,run,0,300,70,NA,NA,1,NA,1,NA\n"
		"S,2000,1700000002000,200,100,1,";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "t.log", &run, &err), 0);
	CHECK_INT_EQ(run.facts.complete, 0);
	CHECK_INT_EQ(run.facts.end.present, 0);
	/* up to the last full S record: 1.0 s */
	CHECK_NEAR(run.facts.duration_s, 1.0, 1e-9);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 1.0, 1e-9);
	CHECK_INT_EQ(run.facts.end_utc_ms, 1700000001000LL);
	/* GPU: launch->500 one-sided 100 W = 50 J; 500->1500 (100+300)/2 = 200 J, cut at
	 * 1000 (half): 100 J; total 150 J over 1.0 s */
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 150, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].known_s, 1.0, 1e-9);
	/* above idle 20: 80*0.5 = 40 J, (80+280)/2 * 0.5 = 90 J */
	CHECK_NEAR(run.integrals.total.gpu[0].above_idle_j, 130, 1e-9);
	CHECK(has_warning(&run, "log truncated"));
	CHECK(has_warning(&run, "no final newline"));
	et_run_release(&run);
}

/* A long run: buckets in order, each the right share; memory of buckets only. */
static void test_many_buckets(void)
{
	size_t cap = 1 << 20, used = 0;
	char *log = malloc(cap);
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	long long t0 = 1700000100000LL;   /* on a quarter-hour boundary */

	used += (size_t)snprintf(log + used, cap - used, "%s", LOG_HEAD);
	used += (size_t)snprintf(log + used, cap - used, "E,0,%lld,launch,1\n", t0);
	/* one sample a minute for 1 h: 60 intervals, jiffies +6000 a minute (1 CPU busy) */
	for (int i = 0; i <= 60; i++)
		used += (size_t)snprintf(log + used, cap - used,
					 "S,%d,%lld,%d,1024,1,%d,1024,1,NA,%d,%d,16,8\n",
					 i * 60000, t0 + i * 60000LL, i * 6000, i * 6000, i * 6000, i * 24000);
	snprintf(log + used, cap - used, "X,3600000,%lld,exited,0,0,0,0,0,0,0,0,0,0\n", t0 + 3600000LL);
	CHECK_INT_EQ(load_text(log, "long.log", &run, &err), 0);
	/* 1 h from a boundary: 4 buckets of 900 s each with 900 CPU-seconds */
	CHECK_INT_EQ(run.integrals.n_buckets, 4);
	for (size_t i = 0; i < run.integrals.n_buckets && i < 4; i++) {
		CHECK_INT_EQ(bucket_of(&run, i)->utc_start_ms, t0 + (long long)i * 900000);
		CHECK_NEAR(bucket_of(&run, i)->q.duration_s, 900, 1e-6);
		CHECK_NEAR(bucket_of(&run, i)->q.job_cpu_s, 900, 1e-6);
		/* load 6000/24000 = 0.25: 0.25^3 * 900 = 14.0625 */
		CHECK_NEAR(bucket_of(&run, i)->q.sys_load_cubed_s, 14.0625, 1e-6);
	}
	/* gap warnings: 60 s intervals against interval_ms 1000: 60 gaps, 10 listed */
	CHECK(has_warning(&run, "50 more gaps"));
	et_run_release(&run);
	free(log);
}

/* Errors of the integrator (the reader's own are in test_log_read.c). */
static void test_errors(void)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(LOG_HEAD "S,0,1700000000001,0,1,1,0,1,1,NA,0,1,1,1\n", "e.log", &run, &err), -1);
	CHECK_INT_EQ(err.line, 7);
	CHECK_STR_EQ(err.text, "S record before the launch event");
	et_run_release(&run);

	CHECK_INT_EQ(load_text(LOG_HEAD "E,5,1700000000001,launch,1\nS,4,1700000000001,0,1,1,0,1,1,NA,0,1,1,1\n",
			       "e.log", &run, &err), -1);
	CHECK_STR_EQ(err.text, "t_mono_ms goes backwards (4 after 5)");
	et_run_release(&run);

	CHECK_INT_EQ(load_text(LOG_HEAD "E,5,1700000000001,idle_start,\n", "e.log", &run, &err), -1);
	CHECK_STR_EQ(err.text, "no launch event: the command never started");
	et_run_release(&run);

	CHECK_INT_EQ(load_text(LOG_HEAD "E,5,1700000000001,launch,1\nX,6,1700000000002,exited,0,0,0,0,0,0,0,0,0,0\n"
			       "S,7,1700000000003,0,1,1,0,1,1,NA,0,1,1,1\n", "e.log", &run, &err), -1);
	CHECK_STR_EQ(err.text, "record after the end record");
	CHECK_INT_EQ(err.line, 9);
	et_run_release(&run);
}

/* The user counter samples processes and can fall below the job's exact counter: a
 * warning when it is more than 1% below, none within 1%. */
static void test_user_below_job(void)
{
	/* job 400 jiffies = 4.00 s, user 300 = 3.00 s < 0.99 x 4.00 = 3.96 s: warned */
	static const char below[] = LOG_HEAD
		"E,5000,1700000098000,launch,1234\n"
		"S,6000,1700000099000,400,1000,1,300,2000,3,NA,1000,4000,16777216,8000000\n"
		"X,6100,1700000099100,exited,0,0,4.0,0,4000,0.01,0.02,1500,0,0\n";
	/* user 397 = 3.97 s >= 3.96 s: not warned */
	static const char within[] = LOG_HEAD
		"E,5000,1700000098000,launch,1234\n"
		"S,6000,1700000099000,400,1000,1,397,2000,3,NA,1000,4000,16777216,8000000\n"
		"X,6100,1700000099100,exited,0,0,4.0,0,4000,0.01,0.02,1500,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(below, "a.log", &run, &err), 0);
	CHECK(has_warning(&run, "the user's CPU time (3.00 s) is below the job's (4.00 s)"));
	et_run_release(&run);
	CHECK_INT_EQ(load_text(within, "a.log", &run, &err), 0);
	CHECK(!has_warning(&run, "is below the job's"));
	et_run_release(&run);
}

/* Bad times are refused naming the line: a calendar time outside 2000-2100, a negative
 * or absurd monotonic time (issue 13: a sample at 8999999999999999 ms made etest
 * allocate a bucket per quarter-hour of the jump), an absurd sampling interval. */
static void test_time_bounds(void)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(LOG_HEAD "E,1000,1700000000000,launch,1\n"
			       "S,8999999999999999,1700000001000,0,1,1,0,1,1,NA,0,1,1,1\n"
			       "X,8999999999999999,1700000001000,exited,0,0,0,0,0,0,0,0,0,0\n",
			       "m.log", &run, &err), -1);
	CHECK_INT_EQ(err.line, 8);
	/* (8999999999999999 - 1000) / 86400000 = 104166666.7 days */
	CHECK_STR_EQ(err.text, "t_mono_ms 8999999999999999 is 104166667 days after the launch: "
		     "a run lasts less than a year, this is not one etrec recorded");
	et_run_release(&run);

	/* 946684799999 is 1999-12-31T23:59:59.999Z */
	CHECK_INT_EQ(load_text(LOG_HEAD "E,1000,946684799999,launch,1\n", "u.log", &run, &err), -1);
	CHECK_INT_EQ(err.line, 7);
	CHECK_STR_EQ(err.text, "t_utc_ms 946684799999 is not a time between the years 2000 and 2100");
	et_run_release(&run);
	/* 4102444800000 is 2100-01-01T00:00:00Z */
	CHECK_INT_EQ(load_text(LOG_HEAD "E,1000,1700000000000,launch,1\n"
			       "S,2000,4102444800000,0,1,1,0,1,1,NA,0,1,1,1\n", "u.log", &run, &err), -1);
	CHECK_INT_EQ(err.line, 8);
	CHECK_STR_EQ(err.text, "t_utc_ms 4102444800000 is not a time between the years 2000 and 2100");
	et_run_release(&run);
	CHECK_INT_EQ(load_text(LOG_HEAD "E,-5,1700000000000,launch,1\n", "n.log", &run, &err), -1);
	CHECK_STR_EQ(err.text, "t_mono_ms -5 is negative");
	et_run_release(&run);

	/* interval_ms 3.1e18: 3 x interval overflowed (UBSan); refused in the header */
	static const char head[] = LOG_HEAD;
	char text[4096];
	const char *at = strstr(head, "\"interval_ms\":1000");
	CHECK(at != NULL);
	if (at) {
		snprintf(text, sizeof(text), "%.*s\"interval_ms\":3100000000000000000%s",
			 (int)(at - head), head, at + strlen("\"interval_ms\":1000"));
		CHECK_INT_EQ(load_text(text, "i.log", &run, &err), -1);
		CHECK_INT_EQ(err.line, 2);
		CHECK_STR_EQ(err.text, "header \"interval_ms\" is 3100000000000000000 ms, more than a "
			     "day: etrec samples every 0.1 s to 86400 s");
		et_run_release(&run);
	}
}

/* A gap longer than an hour (and 3 intervals) is reported, not integrated: no bucket
 * for the quarter-hours it spans, none of its CPU time counted. */
static void test_gap_not_integrated(void)
{
	/* utc = 1700000000000 + mono; interval 1 s; 2 h between the samples at mono 1000 and
	 * 7201000 */
	static const char log[] = LOG_HEAD
		"E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,100,1,0,100,1,NA,0,400,16,8\n"
		"S,1000,1700000001000,100,100,1,100,100,1,NA,100,800,16,8\n"
		"S,7201000,1700007201000,50100,100,1,50100,100,1,NA,200,1200,16,8\n"
		"S,7202000,1700007202000,50200,100,1,50200,100,1,NA,300,1600,16,8\n"
		"X,7202000,1700007202000,exited,0,0,502,0,100,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "gap2h.log", &run, &err), 0);
	/* launch to end: 7202 s; integrated: 0->1000 and 7201000->7202000, 2 s */
	CHECK_NEAR(run.facts.duration_s, 7202, 1e-9);
	CHECK_NEAR(run.integrals.total.duration_s, 2, 1e-9);
	/* job jiffies: 0->100 (+100), the gap 100->50100 not counted, 50100->50200 (+100):
	 * 200 jiffies = 2 s */
	CHECK_NEAR(run.integrals.total.job_cpu_s, 2, 1e-9);
	/* buckets: utc 1700000000000 is in the quarter-hour from 1699999200000;
	 * 1700007201000 in the one from 1700006400000 (1700007201000 / 900000 = 1888896.9):
	 * two buckets, not the 9 the gap spans */
	CHECK_INT_EQ(run.integrals.n_buckets, 2);
	if (run.integrals.n_buckets == 2) {
		CHECK_INT_EQ(bucket_of(&run, 0)->utc_start_ms, 1699999200000LL);
		CHECK_INT_EQ(bucket_of(&run, 1)->utc_start_ms, 1700006400000LL);
	}
	/* the gap's job CPU: (50100 - 100) / 100 = 500 s */
	CHECK(has_warning(&run, "gap of 7200.0 s between samples at lines 9 and 10 (interval 1.0 s): "
			  "not integrated (the job's 500.00 CPU-s in it are not counted)"));
	CHECK(has_warning(&run, "7200.0 s of gaps longer than 3600.0 s not integrated"));
	et_run_release(&run);

	/* the same at both ends: the first sample 2 h after the launch, the end record 2 h
	 * after the last sample (a GPU's first and last readings alike) */
	static const char ends[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"E,0,1700000000000,launch,1\n"
		"S,7200000,1700007200000,100,100,1,100,100,1,NA,0,400,16,8\n"
		"G,7200000,1700007200000,run,0,50,70,NA,NA,1,NA,1,NA\n"
		"S,7201000,1700007201000,200,100,1,200,100,1,NA,100,800,16,8\n"
		"G,7201000,1700007201000,run,0,50,70,NA,NA,1,NA,1,NA\n"
		"X,14401000,1700014401000,exited,0,0,2,0,100,0,0,0,0,0\n";
	CHECK_INT_EQ(load_text(ends, "ends.log", &run, &err), 0);
	/* integrated: 7200000->7201000 only: 1 s, 100 jiffies = 1 CPU-s, 50 W = 50 J */
	CHECK_NEAR(run.facts.duration_s, 14401, 1e-9);
	CHECK_NEAR(run.integrals.total.duration_s, 1, 1e-9);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 1, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 50, 1e-9);
	CHECK_INT_EQ(run.integrals.n_buckets, 1);
	CHECK(has_warning(&run, "gap of 7200.0 s between the launch and the first sample (line 8): "
			  "not integrated (the job's 1.00 CPU-s in it are not counted)"));
	CHECK(has_warning(&run, "gpu 0: gap of 7200.0 s between the launch and the first reading "
			  "(line 9): not integrated"));
	CHECK(has_warning(&run, "gap of 7200.0 s between the last sample and the end record "
			  "(line 12): not integrated"));
	CHECK(has_warning(&run, "14400.0 s of gaps longer than 3600.0 s not integrated: the run's "
			  "figures cover 1.0 s of its 14401.0 s"));
	et_run_release(&run);
}

/* The wall clock set back during a run: buckets come out of order, and are sorted. */
static void test_clock_set_back(void)
{
	/* launch at utc 1700000100000 (a quarter-hour start); the second sample's clock is
	 * 1 h back: 1699996500000 is in the quarter-hour from 1699996500000 */
	static const char log[] = LOG_HEAD
		"E,0,1700000100000,launch,1\n"
		"S,0,1700000100000,0,100,1,0,100,1,NA,0,400,16,8\n"
		"S,1000,1700000101000,100,100,1,100,100,1,NA,100,800,16,8\n"
		"S,2000,1699996501000,200,100,1,200,100,1,NA,200,1200,16,8\n"
		"X,2000,1699996501000,exited,0,0,2,0,100,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "clock.log", &run, &err), 0);
	/* 0->1000 at utc 1700000100000 (bucket 1700000100000); 1000->2000 starts at utc
	 * 1700000101000 too: both in one bucket, 2 s and 2 CPU-s */
	CHECK_INT_EQ(run.integrals.n_buckets, 1);
	et_run_release(&run);

	/* now the first interval starts 1 h back: buckets created late, earlier in time */
	static const char back[] = LOG_HEAD
		"E,0,1700000100000,launch,1\n"
		"S,0,1700000100000,0,100,1,0,100,1,NA,0,400,16,8\n"
		"S,1000,1699996500000,100,100,1,100,100,1,NA,100,800,16,8\n"
		"S,2000,1699992900000,300,100,1,300,100,1,NA,200,1200,16,8\n"
		"X,2000,1699992900000,exited,0,0,3,0,100,0,0,0,0,0\n";
	CHECK_INT_EQ(load_text(back, "back.log", &run, &err), 0);
	/* intervals placed by their start: 0->1000 at 1700000100000 (1 s, 1 CPU-s),
	 * 1000->2000 at 1699996500000 (1 s, 2 CPU-s): 2 buckets, sorted */
	CHECK_INT_EQ(run.integrals.n_buckets, 2);
	if (run.integrals.n_buckets == 2) {
		CHECK_INT_EQ(bucket_of(&run, 0)->utc_start_ms, 1699996500000LL);
		CHECK_NEAR(bucket_of(&run, 0)->q.job_cpu_s, 2, 1e-9);
		CHECK_INT_EQ(bucket_of(&run, 1)->utc_start_ms, 1700000100000LL);
		CHECK_NEAR(bucket_of(&run, 1)->q.job_cpu_s, 1, 1e-9);
	}
	et_run_release(&run);
}

/* Load a log of job_cpu_jiffies values, one S record a second from the launch (4 CPUs,
 * user_hz 100, interval 1 s), the end record at the last one. */
static int load_job_counter(const char *const *values, int n, struct et_run *run,
			    struct et_error *err)
{
	char text[8192];
	size_t used = (size_t)snprintf(text, sizeof(text), "%s", LOG_HEAD "E,0,1700000000000,launch,1\n");

	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "S,%d,%lld,%s,100,1,%s,100,1,NA,NA,NA,16,8\n", i * 1000,
					 1700000000000LL + i * 1000, values[i], values[i]);
	snprintf(text + used, sizeof(text) - used, "X,%d,%lld,exited,0,0,5,0,100,0,0,0,0,0\n",
		 (n - 1) * 1000, 1700000000000LL + (n - 1) * 1000);
	return load_text(text, "glitch.log", run, err);
}

/* A cumulative counter that goes down is a glitch: the value is skipped and the CPU
 * time bridged from the last good value to the next (issue 13 #11: one low value gave
 * +29 %, a reset +58 %, a negative value +117 %). The end record says 5 s. */
static void test_counter_glitches(void)
{
	static const char *const low[] = {"0", "100", "200", "20", "400", "500"};
	static const char *const reset[] = {"0", "100", "200", "0", "400", "500"};
	static const char *const negative[] = {"0", "100", "200", "-50", "400", "500"};
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	/* 0, 100, 200, (20 skipped), 400: +200 from 200, 500: +100: 500 jiffies = 5 s
	 * (counting the drop as 0 and restarting from 20 gave 100+100+380+100 = 6.8 s) */
	CHECK_INT_EQ(load_job_counter(low, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.0, 1e-9);
	CHECK_NEAR(run.integrals.total.user_cpu_s, 5.0, 1e-9);
	CHECK_NEAR(run.facts.job_cpu_s_last, 5.0, 1e-9);
	/* the 20 is on line 11 (6 lines of head, launch on 7, samples from 8) */
	CHECK(has_warning(&run, "job_cpu_jiffies went down 1 time (first at line 11: 20 after 200): "
			  "a cumulative counter never decreases, so each such value was skipped and "
			  "the CPU time bridged from the last good value to the next"));
	CHECK(!has_warning(&run, "counted as 0"));
	/* the bridged interval 3000->4000 holds 2 s, the skipped one 2000->3000 none */
	et_run_release(&run);

	/* a reset to 0 for one sample: 0, 100, 200, (0 skipped), 400, 500: 5 s (was 7 s) */
	CHECK_INT_EQ(load_job_counter(reset, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.0, 1e-9);
	CHECK(has_warning(&run, "job_cpu_jiffies went down 1 time (first at line 11: 0 after 200)"));
	et_run_release(&run);

	/* a negative value: 0, 100, 200, (-50 skipped), 400, 500: 5 s (was 7.5 s) */
	CHECK_INT_EQ(load_job_counter(negative, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.0, 1e-9);
	CHECK(has_warning(&run, "job_cpu_jiffies went down 1 time (first at line 11: -50 after 200)"));
	et_run_release(&run);
}

/* A counter rising faster than the machine can run is skipped (issue 13 #13: 1e308
 * jiffies gave 2.3e304 Wh); a jump that stays is a new base, not counted. */
static void test_counter_too_fast(void)
{
	static const char *const spike[] = {"0", "100", "1e308", "300", "400", "500"};
	static const char *const step[] = {"0", "100", "100000", "100100", "100200", "100300"};
	static const char *const inf[] = {"0", "100", "inf", "300", "400", "500"};
	static const char *const late[] = {"0", "100", "200", "300", "1500", "1600"};
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	/* 4 CPUs x 100 jiffies/s: at most 4 x 100 x (1.25 x 1 s + 0.5 s) = 700 jiffies in a
	 * second. 0, 100, (1e308 skipped), 300: +200 from 100 (2 s: at most 1200), 400, 500:
	 * 500 jiffies = 5 s */
	CHECK_INT_EQ(load_job_counter(spike, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.0, 1e-9);
	CHECK(has_warning(&run, "job_cpu_jiffies rose faster than 4 logical CPUs can run 1 time "
			  "(first at line 10: 1e+308 jiffies in 1.0 s): each such value was skipped "
			  "and the CPU time bridged from the last good value to the next"));
	et_run_release(&run);

	/* 0, 100, (100000: +99900 in 1 s, skipped), 100100 keeps it, but more than the CPUs
	 * could run in the 3 s since the launch (4 x 100 x (1.25 x 3 + 0.5) = 1700): new base
	 * 100000, +100; 100200: +100, 100300: +100: 100 + 300 = 400 jiffies = 4 s */
	CHECK_INT_EQ(load_job_counter(step, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 4.0, 1e-9);
	CHECK(has_warning(&run, "a jump the next values kept beyond what the CPUs could run since "
			  "the launch, or in the last sample, is not counted"));
	et_run_release(&run);

	/* 0, 100, 200, 300, (1500: +1200 in 1 s > 700, skipped), 1600 keeps it and fits the
	 * 5 s since the launch (4 x 100 x (1.25 x 5 + 0.5) = 2700): CPU time reported at once
	 * (children reaped), counted: 1600 jiffies = 16 s */
	CHECK_INT_EQ(load_job_counter(late, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 16.0, 1e-9);
	CHECK(has_warning(&run, "a jump the next value kept, within what the CPUs could run since "
			  "the launch, is counted"));
	et_run_release(&run);

	/* "inf" read from the log: unknown there, bridged: 5 s */
	CHECK_INT_EQ(load_job_counter(inf, 6, &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.0, 1e-9);
	CHECK(has_warning(&run, "job_cpu_jiffies: 1 value not a finite number (first at line 10)"));
	et_run_release(&run);
}

/* When the samples cannot give the job's CPU time, the end record's kernel totals do,
 * spread over the run in proportion to time; an unknown scope is always warned. */
static void test_cpu_from_end(void)
{
	/* only the launch sample; launch at utc 1700000098000, 2 s before a quarter-hour */
	static const char launch_only[] = LOG_HEAD
		"E,5000,1700000098000,launch,1\n"
		"S,5000,1700000098000,0,1000,1,0,1000,1,NA,0,400,16,8\n"
		"X,10000,1700000103000,exited,0,0,5.0,0.14,100,0,0,0,0,0\n";
	static const char na_throughout[] = LOG_HEAD
		"E,5000,1700000098000,launch,1\n"
		"S,5000,1700000098000,NA,1000,1,NA,1000,1,NA,0,400,16,8\n"
		"S,7500,1700000100500,NA,1000,1,NA,1000,1,NA,0,400,16,8\n"
		"S,10000,1700000103000,NA,1000,1,NA,1000,1,NA,0,400,16,8\n"
		"X,10000,1700000103000,exited,0,0,5.0,0.14,100,0,0,0,0,0\n";
	static const char truncated_na[] = LOG_HEAD
		"E,5000,1700000098000,launch,1\n"
		"S,5000,1700000098000,NA,1000,1,NA,1000,1,NA,0,400,16,8\n"
		"S,10000,1700000103000,NA,1000,1,NA,1000,1,NA,0,400,16,8\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	/* kernel: 5.0 + 0.14 = 5.14 s over the 5 s run: 2/5 before the quarter-hour at
	 * utc 1700000100000 = 2.056 s, 3/5 after = 3.084 s */
	CHECK_INT_EQ(load_text(launch_only, "l.log", &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.14, 1e-9);
	CHECK_INT_EQ(run.facts.job_cpu_from_end, 1);
	CHECK_INT_EQ(run.integrals.n_buckets, 2);
	if (run.integrals.n_buckets == 2) {
		CHECK_NEAR(bucket_of(&run, 0)->q.job_cpu_s, 2.056, 1e-9);
		CHECK_NEAR(bucket_of(&run, 1)->q.job_cpu_s, 3.084, 1e-9);
	}
	CHECK(has_warning(&run, "no sample after the launch gives the job's CPU time "
			  "(job_cpu_jiffies): its 5.14 CPU-s are taken from the end record "
			  "(job_utime_s + job_stime_s)"));
	CHECK(has_warning(&run, "the user's CPU time is unknown: no sample after the launch gives "
			  "user_cpu_jiffies: counted as 0 s (--scope user undercounts)"));
	CHECK_NEAR(run.integrals.total.user_cpu_s, 0, 1e-12);
	et_run_release(&run);

	CHECK_INT_EQ(load_text(na_throughout, "na.log", &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 5.14, 1e-9);
	CHECK_INT_EQ(run.facts.job_cpu_from_end, 1);
	CHECK(isnan(run.facts.job_cpu_s_last));   /* no sample gave it: unknown, not 0 */
	CHECK(has_warning(&run, "its 5.14 CPU-s are taken from the end record"));
	et_run_release(&run);

	CHECK_INT_EQ(load_text(truncated_na, "tna.log", &run, &err), 0);
	CHECK_NEAR(run.integrals.total.job_cpu_s, 0, 1e-12);
	CHECK_INT_EQ(run.facts.job_cpu_from_end, 0);
	CHECK(has_warning(&run, "the job's CPU time is unknown: no sample after the launch gives "
			  "job_cpu_jiffies and there is no end record: counted as 0 s"));
	et_run_release(&run);
}

/* Measured values beyond what the machine can do are unknown, with a warning; one bad
 * GPU field loses neither the CPU data nor the rest of the GPU's (issue 13 #6, #13). */
static void test_bad_values(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,1000,1,0,1000,1,NA,0,400,16,8\n"
		"G,0,1700000000000,run,0,100,70,50,0,1,0,1,0\n"
		"G,1000,1700000001000,run,0,inf,70,150,0,1,0,1,0\n"
		"S,1000,1700000001000,100,-5,1,100,1e308,1,NA,100,800,16,8\n"
		"G,2000,1700000002000,run,0,100,70,50,0,1,0,1,0\n"
		"G,3000,1700000003000,run,0,-40,70,-1,0,-2,0,1,0\n"
		"S,2000,1700000002000,200,1000,1,200,1000,1,NA,200,1200,16,8\n"
		"S,3000,1700000003000,300,1000,1,300,1000,1,NA,300,1600,16,8\n"
		"X,3000,1700000003000,exited,0,0,3,-1,100,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "bad.log", &run, &err), 0);
	/* CPU intact: 300 jiffies = 3 s */
	CHECK_NEAR(run.integrals.total.job_cpu_s, 3.0, 1e-9);
	/* power: 0->1000 100 W one-sided (inf unknown) = 100 J; 1000->2000 100 W one-sided
	 * = 100 J; 2000->3000 100 W one-sided (-40 unknown) = 100 J: 300 J over 3 s */
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 300, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].known_s, 3, 1e-9);
	/* util: 50, (150 unknown), 50, (-1 unknown): 50 one-sided over each second: 150 %.s */
	CHECK_NEAR(run.integrals.total.gpu[0].util_pct_s, 150, 1e-9);
	/* job RSS: 0->1000 1000 one-sided (-5 unknown) = 1000; 1000->2000 one-sided 1000;
	 * 2000->3000 1000: 3000 KiB.s; user RSS the same (1e308 unknown) */
	CHECK_NEAR(run.integrals.total.job_rss_kib_s, 3000, 1e-9);
	CHECK_NEAR(run.integrals.total.user_rss_kib_s, 3000, 1e-9);
	/* end record: job_stime_s -1 is unknown */
	CHECK(isnan(run.facts.end.job_stime_s));
	CHECK(has_warning(&run, "GPU power_w: 2 values not finite, negative or beyond what the "
			  "machine can do (first at line 10: inf W): taken as unknown"));
	CHECK(has_warning(&run, "GPU util_pct: 2 values"));
	CHECK(has_warning(&run, "GPU job_procs/user_procs: 1 value"));
	CHECK(has_warning(&run, "job_rss_kib: 1 value not finite, negative or beyond what the machine "
			  "can do (first at line 11: -5 KiB)"));
	CHECK(has_warning(&run, "user_rss_kib: 1 value not finite, negative or beyond what the machine "
			  "can do (first at line 11: 1e+308 KiB)"));
	CHECK(has_warning(&run, "end record job_utime_s/job_stime_s: 1 value"));
	et_run_release(&run);
}

/* A log whose samples are a second apart in t_mono_ms but step_ms apart in t_utc_ms (a
 * clock gone wrong), n + 1 samples from t0 (ms); NULL out of memory. The interval ending
 * at sample i lies in the bucket of sample i - 1; sample i is on line 7 + i + 1. */
static char *jumping_clock_log(long long t0, long long step_ms, int n)
{
	size_t cap = (size_t)(n + 1) * 64 + sizeof(LOG_HEAD) + 64, used = 0;
	char *log = malloc(cap);

	if (!log)
		return NULL;
	used += (size_t)snprintf(log + used, cap - used, "%s", LOG_HEAD);
	used += (size_t)snprintf(log + used, cap - used, "E,0,%lld,launch,1\n", t0);
	for (int i = 0; i <= n; i++)
		used += (size_t)snprintf(log + used, cap - used, "S,%d,%lld,0,1,1,0,1,1,NA,0,1,1,1\n",
					 i * 1000, t0 + i * step_ms);
	CHECK(used < cap - 1);
	return log;
}

/* Memory is bounded whatever the clock says: records one second apart whose wall clock
 * jumps a quarter-hour each time would need a bucket each; past a year of quarter-hours
 * (366 x 96 = 35136) the log is refused, naming the line. */
static void test_bucket_cap(void)
{
	/* sample 35137 (line 7 + 35137 + 1 = 35145) asks for bucket 35137 */
	char *log = jumping_clock_log(1700000100000LL, 900000, 35200);
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK(log != NULL);
	if (!log)
		return;
	CHECK_INT_EQ(load_text(log, "clock.log", &run, &err), -1);
	CHECK_INT_EQ(err.line, 35145);
	CHECK_STR_EQ(err.text, "the records fall in more than 35136 quarter-hours (a year) of "
		     "calendar time: t_utc_ms jumps around, not a run etrec recorded");
	et_run_release(&run);
	free(log);
}

/* Buckets by Paris days (et_integrator_by_day) over the spring-forward day: a run of
 * 48 h from 2025-03-29T22:30:20Z (23:30:20 CET), a sample a minute, the job at half a
 * core. Each day holds what its hours hold, and the days are what the quarter-hours
 * summed per Paris day give. */
static void test_by_day(void)
{
	const int64_t u0 = 1743287420000LL;   /* 2025-03-29T22:30:20Z */
	size_t cap = 1 << 20, used = 0;
	char *log = malloc(cap);
	struct et_zone *paris = NULL;
	struct et_run by_day, by_quarter;
	struct et_day_integrals *days = NULL;
	size_t n_days = 0;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(et_zone_open(ET_ZONE_PARIS, &paris, &err), 0);
	if (!log || !paris)
		goto out;
	used += log_head_interval(log + used, cap - used, LOG_HEAD, 60000);
	used += (size_t)snprintf(log + used, cap - used, "E,0,%lld,launch,1\n", (long long)u0);
	/* sample k: +3000 jiffies of the job, the user and the machine's busy CPUs (30 s of
	 * 60: half a core), +24000 in total (4 CPUs x 100 Hz x 60 s), RSS 1000 KiB */
	for (long k = 1; k <= 2880; k++)
		used += (size_t)snprintf(log + used, cap - used, "S,%ld,%lld,%ld,1000,1,%ld,1000,1,NA,%ld,%ld,"
					 "16777216,8000000\n", k * 60000, (long long)u0 + k * 60000,
					 3000 * k, 3000 * k, 3000 * k, 24000 * k);
	used += (size_t)snprintf(log + used, cap - used, "X,172800000,%lld,exited,0,0,86400,0,1000,0.1,0.1,"
				 "1500,0,0\n", (long long)u0 + 172800000LL);
	CHECK(used < cap - 1);
	struct et_load_options opt = {NULL, paris};
	CHECK_INT_EQ(load_text_with(log, "days.log", &opt, &by_day, &err), 0);
	CHECK_INT_EQ(load_text(log, "days.log", &by_quarter, &err), 0);
	CHECK_INT_EQ(by_day.integrals.by_day, 1);
	CHECK_INT_EQ(by_quarter.integrals.by_day, 0);
	/* 48 h = 192 quarter-hours, plus the one the launch at :30:20 cuts: 193 */
	CHECK_INT_EQ((long)by_quarter.integrals.n_buckets, 193);
	/* Paris days (UTC midnights of CET -1 h, CEST -2 h):
	 *   2025-03-29: [2025-03-28T23:00Z, 2025-03-29T23:00Z), run from 22:30:20Z: 1780 s
	 *   2025-03-30 (23 h): [2025-03-29T23:00Z, 2025-03-30T22:00Z): 82800 s
	 *   2025-03-31: [2025-03-30T22:00Z, 2025-03-31T22:00Z): 86400 s
	 *   2025-04-01: [2025-03-31T22:00Z, 2025-04-01T22:00Z), run to 22:30:20Z: 1820 s
	 * 1780 + 82800 + 86400 + 1820 = 172800 s = 48 h. The minute 22:59:20-23:00:20 is
	 * split 40 s / 20 s across the first midnight. */
	static const int64_t start_s[] = {1743202800, 1743289200, 1743372000, 1743458400, 1743544800};
	static const double secs[] = {1780, 82800, 86400, 1820};
	CHECK_INT_EQ((long)by_day.integrals.n_buckets, 4);
	for (size_t i = 0; i < 4 && by_day.integrals.n_buckets == 4; i++) {
		const struct et_bucket *b = bucket_of(&by_day, i);

		CHECK_INT_EQ(b->utc_start_ms, start_s[i] * 1000);
		CHECK_INT_EQ(b->utc_end_ms, start_s[i + 1] * 1000);
		CHECK_NEAR(b->q.duration_s, secs[i], 1e-6);
		CHECK_NEAR(b->q.job_cpu_s, secs[i] / 2, 1e-6);        /* half a core: 890, 41400, ... */
		CHECK_NEAR(b->q.job_rss_kib_s, 1000 * secs[i], 1e-3);
		/* the machine's counters start at the first sample, a minute after the launch:
		 * day 0 has 1780 - 60 = 1720 s of them */
		double machine_s = i == 0 ? secs[i] - 60 : secs[i];
		CHECK_NEAR(b->q.sys_total_s, 4 * machine_s, 1e-6);
		/* busy / total = 3000 / 24000 = 0.125; cubed 0.001953125 per second */
		CHECK_NEAR(b->q.sys_load_cubed_s, 0.001953125 * machine_s, 1e-9);
	}
	/* the same days from the quarter-hours */
	CHECK_INT_EQ(et_integrals_by_day(&by_quarter.integrals, paris, &days, &n_days, &err), 0);
	CHECK_INT_EQ((long)n_days, 4);
	for (size_t i = 0; i < 4 && n_days == 4 && by_day.integrals.n_buckets == 4; i++) {
		const struct et_bucket *b = bucket_of(&by_day, i);

		CHECK_INT_EQ(days[i].utc_start_ms, b->utc_start_ms);
		CHECK_NEAR(days[i].q.duration_s, b->q.duration_s, 1e-9);
		CHECK_NEAR(days[i].q.user_cpu_s, b->q.user_cpu_s, 1e-9);
		CHECK_NEAR(days[i].q.user_rss_kib_s, b->q.user_rss_kib_s, 1e-6);
	}
	CHECK_NEAR(by_day.integrals.total.job_cpu_s, by_quarter.integrals.total.job_cpu_s, 1e-9);
	CHECK_NEAR(by_day.integrals.total.job_cpu_s, 86400, 1e-6);
	/* a store keeps quarter-hours: a bucket appended to days is refused */
	CHECK_INT_EQ(et_run_bucket_append(&by_day.integrals, bucket_of(&by_quarter, 0)), -1);
	CHECK_INT_EQ((long)by_day.integrals.n_buckets, 4);
	free(days);
	et_run_release(&by_day);
	et_run_release(&by_quarter);
out:
	et_zone_close(paris);
	free(log);
}

/* By days, the calendar a log may cover is still a year: records a day apart in t_utc_ms
 * but a second apart in t_mono_ms (a clock gone wrong) are refused at the 368th day. */
static void test_day_bucket_cap(void)
{
	/* from 2023-11-15T12:00Z: noon, so each day a new Paris day; sample 368 (line 7 +
	 * 368 + 1 = 376) asks for the 368th day, one more than 367 */
	char *log = jumping_clock_log(1700049600000LL, 86400000, 400);
	struct et_zone *paris = NULL;
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(et_zone_open(ET_ZONE_PARIS, &paris, &err), 0);
	if (!log || !paris)
		goto out;
	struct et_load_options opt = {NULL, paris};
	CHECK_INT_EQ(load_text_with(log, "clock.log", &opt, &run, &err), -1);
	CHECK_INT_EQ(err.line, 376);
	CHECK_STR_EQ(err.text, "the records fall in more than 367 days (a year) of calendar time: "
		     "t_utc_ms jumps around, not a run etrec recorded");
	et_run_release(&run);
out:
	et_zone_close(paris);
	free(log);
}

/* What an observer is told while the log streams (the PDF's time series). */
struct seen {
	int samples, gpus;
	double job_cores[4], machine_cores[4], job_rss[4];
	double power[8];
	int job_on[8], slot[8];
};

static void seen_sample(void *ctx, const struct et_sample_view *v)
{
	struct seen *s = ctx;
	if (s->samples < 4) {
		s->job_cores[s->samples] = v->job_cores;
		s->machine_cores[s->samples] = v->machine_busy_cores;
		s->job_rss[s->samples] = v->job_rss_kib;
	}
	s->samples++;
}

static void seen_gpu(void *ctx, const struct et_gpu_view *v)
{
	struct seen *s = ctx;
	if (s->gpus < 8) {
		s->power[s->gpus] = v->power_w;
		s->job_on[s->gpus] = v->job_on;
		s->slot[s->gpus] = v->slot;
	}
	s->gpus++;
}

static void test_observer(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"E,1000,1700000401000,launch,77\n"
		"S,1500,1700000401500,50,100,1,50,100,1,NA,100,200,16,8\n"
		"G,1500,1700000401500,run,0,60,70,50,10,1,10,1,10\n"
		"S,2500,1700000402500,200,300,1,250,300,1,NA,300,600,16,8\n"
		"G,2500,1700000402500,run,0,9e9,70,100,10,0,0,1,10\n"
		"X,2600,1700000402600,exited,0,0,2,0,100,0,0,0,0,0\n";
	struct seen s;
	struct et_run_observer obs = {&s, seen_sample, seen_gpu};
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	char path[] = "/tmp/et-observer-XXXXXX";
	int fd = mkstemp(path);

	memset(&s, 0, sizeof(s));
	memset(&run, 0, sizeof(run));
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK((size_t)write(fd, log, strlen(log)) == strlen(log));
	close(fd);
	CHECK_INT_EQ(et_run_load_with(path, &run, &(struct et_load_options){&obs, NULL}, &err), 0);
	unlink(path);
	/* two S records: job jiffies 0 -> 50 over 0.5 s at user_hz 100 = 0.5 CPU-s / 0.5 s
	 * = 1 core; 50 -> 200 over 1 s = 1.5 cores */
	CHECK_INT_EQ(s.samples, 2);
	CHECK_NEAR(s.job_cores[0], 1.0, 1e-9);
	CHECK_NEAR(s.job_cores[1], 1.5, 1e-9);
	/* machine: the first S has no previous machine reading (unknown), then busy 100 ->
	 * 300 jiffies = 2 CPU-s over 1 s = 2 busy cores */
	CHECK(isnan(s.machine_cores[0]));
	CHECK_NEAR(s.machine_cores[1], 2.0, 1e-9);
	CHECK_NEAR(s.job_rss[1], 300, 1e-9);
	/* two G records: 60 W with the job on it, then 9e9 W (beyond any GPU: unknown) with
	 * job_procs 0 */
	CHECK_INT_EQ(s.gpus, 2);
	CHECK_NEAR(s.power[0], 60, 1e-9);
	CHECK_INT_EQ(s.job_on[0], 1);
	CHECK(isnan(s.power[1]));
	CHECK_INT_EQ(s.job_on[1], 0);
	CHECK_INT_EQ(s.slot[1], 0);
	et_run_release(&run);
}

/* A GPU index given twice in the header (a probe printing 64 "GPUs" all index 0) is
 * kept once, with a warning; an index beyond an int is refused. */
static void test_duplicate_gpu_index(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"a\",\"name\":\"T4\",\"power_limit_w\":70},"
						 "{\"index\":0,\"uuid\":\"b\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"E,0,1700000000000,launch,1\n"
		"G,0,1700000000000,run,0,50,70,0,0,1,0,1,0\n"
		"S,1000,1700000001000,100,100,1,100,100,1,NA,NA,NA,16,8\n"
		"G,1000,1700000001000,run,0,50,70,0,0,1,0,1,0\n"
		"X,1000,1700000001000,exited,0,0,1,0,100,0,0,0,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "dup.log", &run, &err), 0);
	CHECK_INT_EQ(run.facts.n_gpus, 1);
	/* 50 W for 1 s */
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 50, 1e-9);
	CHECK(has_warning(&run, "header gpus[1] repeats gpu index 0: ignored"));
	CHECK(!has_warning(&run, "no power reading"));
	et_run_release(&run);

	CHECK_INT_EQ(load_text(LOG_HEAD_GPUS("[{\"index\":4294967296}]"), "big.log", &run, &err), -1);
	CHECK_STR_EQ(err.text, "header gpus[0] \"index\" 4294967296 is not a GPU index");
	et_run_release(&run);
}

/* Two GPU readings at the same instant after the last sample of a truncated log: an
 * instant after the end is not integrated (it gave 0 / 0, a NaN energy; found by the
 * fuzzer). */
static void test_instant_after_end(void)
{
	static const char log[] = LOG_HEAD_GPUS("[{\"index\":0,\"uuid\":\"u\",\"name\":\"T4\",\"power_limit_w\":70}]")
		"E,0,1700000000000,launch,1\n"
		"S,0,1700000000000,0,100,1,0,100,1,NA,0,100,16,8\n"
		"G,500,1700000000500,run,0,100,70,NA,NA,1,NA,1,NA\n"
		"S,1000,1700000001000,100,100,1,100,100,1,NA,0,200,16,8\n"
		"G,2000,1700000002000,run,0,100,70,NA,NA,1,NA,1,NA\n"
		"G,2000,1700000002000,run,0,100,70,NA,NA,1,NA,1,NA\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "t.log", &run, &err), 0);
	/* up to the last S record, 1.0 s: launch->500 one-sided 100 W = 50 J; 500->2000
	 * 100 W over 1.5 s = 150 J, cut at 1000 (1/3): 50 J; the instant at 2000: nothing */
	CHECK_NEAR(run.integrals.total.gpu[0].whole_j, 100, 1e-9);
	CHECK_NEAR(run.integrals.total.gpu[0].known_s, 1.0, 1e-9);
	et_run_release(&run);
}

/* Format 1.2: R (RAPL) and P (pmon) records of tests/models/golden/rapl_pmon/input.log
 * (its expected.md has the log by hand): 4 intervals of 10 s, zones package-0, core, dram
 * (under the package) and psys (top level). */
static void test_rapl_pmon(void)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	const struct et_integrals *t = &run.integrals.total;

	memset(&run, 0, sizeof(run));
	CHECK_INT_EQ(et_run_load(ET_RAPL_LOG, &run, &err), 0);
	CHECK_STR_EQ(run.facts.rapl_source, "powercap /sys/class/powercap");
	CHECK_STR_EQ(run.facts.rapl_names, "package-0, core, dram, psys");
	CHECK_INT_EQ(run.facts.rapl_zones, 4);
	CHECK_STR_EQ(run.facts.gpu_process_source, "nvidia-smi pmon");
	CHECK_INT_EQ((int)run.n_warnings, 0);
	/* cumulative J at t = 0, 10, 20, 30, 40 s: package 0 600 1200 2200 2800, core 0 400
	 * 800 1600 2000, dram 0 100 200 300 400, psys 0 900 1800 3100 4000 */
	CHECK_NEAR(t->rapl_known_s, 40, 1e-9);
	CHECK_NEAR(t->rapl_pkg_j, 2800, 1e-6);
	CHECK_NEAR(t->rapl_core_j, 2000, 1e-6);
	CHECK_NEAR(t->rapl_uncore_j, 0, 1e-9);
	CHECK_NEAR(t->rapl_dram_j, 400, 1e-6);
	CHECK_NEAR(t->rapl_psys_j, 4000, 1e-6);
	CHECK_NEAR(t->rapl_top_j, 2800, 1e-6);   /* top level but psys: package-0 */
	CHECK_NEAR(t->eit_share_known_s, 40, 1e-9);
	/* job share of busy CPU per interval: 2000/4000, 2000/4000, 6000/6000, 2000/4000 =
	 * 0.5, 0.5, 1, 0.5; x (package - dram): 0.5 x 500 + 0.5 x 500 + 1 x 900 + 0.5 x 500 =
	 * 1650 J (the ratio of the totals, 12000/18000 x 2400 = 1600 J, would be wrong) */
	CHECK_NEAR(t->eit_cpu_job_j, 1650, 1e-6);
	/* user: 3000/4000 = 0.75 three times, 1 once: 0.75 x 500 x 3 + 900 = 2025 J */
	CHECK_NEAR(t->eit_cpu_user_j, 2025, 1e-6);
	/* RSS 2 GiB (user 4) of 16 - 8 = 8 GiB used: 0.25 (0.5) x 100 J x 4 = 100 (200) J */
	CHECK_NEAR(t->eit_dram_job_j, 100, 1e-6);
	CHECK_NEAR(t->eit_dram_user_j, 200, 1e-6);
	/* GPU 0: 50 W all along (idle 20 W); P shares at t = 10, 20, 30, 40: 30/60, 30/60,
	 * 45/60, 30/60 for the intervals ending there: whole 50 x 10 x (0.5 + 0.5 + 0.75 +
	 * 0.5) = 1125 J, above idle 30 x 10 x 2.25 = 675 J; the user's the same (30, 30, 45,
	 * 30 of 60); the P record at the launch closes a 0 s interval: nothing */
	CHECK_NEAR(t->gpu[0].whole_j, 2000, 1e-6);
	CHECK_NEAR(t->gpu[0].sm_known_s, 40, 1e-9);
	CHECK_NEAR(t->gpu[0].sm_job_j, 1125, 1e-6);
	CHECK_NEAR(t->gpu[0].sm_user_j, 1125, 1e-6);
	CHECK_NEAR(t->gpu[0].sm_above_idle_job_j, 675, 1e-6);
	CHECK_NEAR(t->gpu[0].sm_above_idle_user_j, 675, 1e-6);
	et_run_release(&run);
}

/* R records that cannot be used: warned, the rest integrated. */
static void test_rapl_bad(void)
{
	static const char log[] =
		"etrec-log 1\n"
		"{\"format\":\"etrec-log\",\"version\":\"1.2\",\"host\":\"n\",\"logical_cpus\":4,"
		"\"user_hz\":100,\"interval_ms\":1000,\"mem_total_kib\":16777216,\"gpus\":[],"
		"\"rapl\":{\"source\":\"powercap /x\",\"zones\":[{\"id\":0,\"name\":\"package-0\","
		"\"parent\":null},{\"id\":1,\"name\":\"dram\",\"parent\":0}]},"
		"\"gpu_process_source\":\"none: no nvidia-smi\"}\n"
		"C,S," ET_COLS_SAMPLE "\n"
		"C,E," ET_COLS_EVENT "\n"
		"C,X," ET_COLS_END "\n"
		"C,R,t_mono_ms,t_utc_ms,zone,energy_uj\n"
		"E,1000,1700000000000,launch,1\n"
		"S,1000,1700000000000,0,1000,1,0,1000,1,NA,0,0,16777216,8388608\n"
		"R,1000,1700000000000,0,0\n"
		"R,1000,1700000000000,1,0\n"
		"R,1000,1700000000000,7,5\n"
		"S,2000,1700000001000,100,1000,1,100,1000,1,NA,200,400,16777216,8388608\n"
		"R,2000,1700000001000,0,NA\n"
		"R,2000,1700000001000,1,1000000\n"
		"S,3000,1700000002000,200,1000,1,200,1000,1,NA,400,800,16777216,8388608\n"
		"R,3000,1700000002000,0,30000000\n"
		"R,3000,1700000002000,1,500\n"
		"X,3000,1700000002000,exited,0,0,2,0,1000,0,0,100,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(load_text(log, "r.log", &run, &err), 0);
	CHECK_STR_EQ(run.facts.rapl_names, "package-0, dram");
	CHECK(has_warning(&run, "zone 7"));
	CHECK(has_warning(&run, "without a good energy_uj"));
	CHECK(has_warning(&run, "went down"));
	/* package: NA at 1 s, 30 J at 2 s: 30 J bridged over [0, 2 s]; dram 1 J over
	 * [0, 1 s], then 500 uJ < 1 J: a new base, nothing. Every zone known over no
	 * interval (the package's NA, the dram's drop): rapl_known_s 0. */
	CHECK_NEAR(run.integrals.total.rapl_pkg_j, 30, 1e-9);
	CHECK_NEAR(run.integrals.total.rapl_dram_j, 1, 1e-9);
	CHECK_NEAR(run.integrals.total.rapl_known_s, 0, 1e-9);
	/* EIT, job share 100/200 = 0.5 in both intervals: 0.5 x 30 (package, with the last
	 * interval's share) - 0.5 x 1 (dram) = 14.5 J */
	CHECK_NEAR(run.integrals.total.eit_cpu_job_j, 14.5, 1e-9);
	et_run_release(&run);
}

/* A P record whose SM % cannot be a reading: warned, that interval's shares unknown, the
 * others kept. */
static void test_proc_bad(void)
{
	static const char log[] =
		"etrec-log 1\n"
		"{\"format\":\"etrec-log\",\"version\":\"1.2\",\"host\":\"n\",\"logical_cpus\":4,"
		"\"user_hz\":100,\"interval_ms\":1000,\"mem_total_kib\":16777216,"
		"\"gpus\":[{\"index\":0,\"uuid\":\"GPU-a\",\"name\":\"Tesla T4\",\"power_limit_w\":70}],"
		"\"gpu_process_source\":\"nvidia-smi pmon\"}\n"
		"C,S," ET_COLS_SAMPLE "\n"
		"C,G," ET_COLS_GPU "\n"
		"C,E," ET_COLS_EVENT "\n"
		"C,X," ET_COLS_END "\n"
		"C,P," ET_COLS_GPU_PROC "\n"
		"G,0,1699999999000,idle,0,20,70,0,0,0,0,0,0\n"
		"G,500,1699999999500,idle,0,20,70,0,0,0,0,0,0\n"
		"E,1000,1700000000000,launch,1\n"
		"S,1000,1700000000000,0,1000,1,0,1000,1,NA,0,0,16777216,8388608\n"
		"G,1000,1700000000000,run,0,50,70,60,100,1,100,1,100\n"
		"P,1000,1700000000000,0,NA,NA,NA,NA,NA,NA,NA\n"
		"S,2000,1700000001000,100,1000,1,100,1000,1,NA,200,400,16777216,8388608\n"
		"G,2000,1700000001000,run,0,50,70,60,100,1,100,1,100\n"
		"P,2000,1700000001000,0,30,1,30,1,60,2,2\n"
		"S,3000,1700000002000,200,1000,1,200,1000,1,NA,400,800,16777216,8388608\n"
		"G,3000,1700000002000,run,0,50,70,60,100,1,100,1,100\n"
		"P,3000,1700000002000,0,30,1,30,1,-5,2,2\n"
		"S,4000,1700000003000,300,1000,1,300,1000,1,NA,600,1200,16777216,8388608\n"
		"G,4000,1700000003000,run,0,50,70,60,100,1,100,1,100\n"
		"P,4000,1700000003000,0,60,1,60,1,60,2,1\n"
		"X,4000,1700000003000,exited,0,0,3,0,1000,0,0,100,0,0\n";
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	const struct et_gpu_integrals *g = &run.integrals.total.gpu[0];

	CHECK_INT_EQ(load_text(log, "p.log", &run, &err), 0);
	/* the P record of line 19 (all_sm_pct -5) */
	CHECK(has_warning(&run, "P records: 1 with an SM % that is negative, not finite or "
			  "beyond any count of processes (first at line 19)"));
	/* 50 W over [1, 4 s]: 150 J, 30 W above the 20 W idle. The job's SM share: 30/60 =
	 * 0.5 over [1, 2 s], unknown over [2, 3 s], 60/60 = 1 over [3, 4 s]: whole 50 x 1 x
	 * 0.5 + 50 x 1 x 1 = 75 J, above idle 30 x 0.5 + 30 x 1 = 45 J, over 2 s. */
	CHECK_NEAR(g->whole_j, 150, 1e-9);
	CHECK_NEAR(g->sm_known_s, 2, 1e-9);
	CHECK_NEAR(g->sm_job_j, 75, 1e-9);
	CHECK_NEAR(g->sm_user_j, 75, 1e-9);
	CHECK_NEAR(g->sm_above_idle_job_j, 45, 1e-9);
	et_run_release(&run);
}

int main(void)
{
	test_observer();
	test_instant_after_end();
	test_duplicate_gpu_index();
	test_bucket_cap();
	test_time_bounds();
	test_gap_not_integrated();
	test_clock_set_back();
	test_counter_glitches();
	test_counter_too_fast();
	test_cpu_from_end();
	test_bad_values();
	test_user_below_job();
	test_trapezoid_and_buckets();
	test_gpus();
	test_no_idle_baseline();
	test_procs_unknown();
	test_mem_from_samples();
	test_gap_na_negative();
	test_truncated();
	test_many_buckets();
	test_errors();
	test_rapl_pmon();
	test_rapl_bad();
	test_proc_bad();
	test_by_day();
	test_day_bucket_cap();
	return TEST_SUMMARY();
}
