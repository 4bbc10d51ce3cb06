/* test_sacct.c - the sacct reader: durations, sizes, times and TRES by hand, hand-made
 * inputs (bad ones with their line), the recorded output of the cluster test (fixtures/). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness.h"
#include "et_sacct.h"

#define MAX_JOBS 16

struct collected {
	int n;                 /* jobs seen (all of them, even past MAX_JOBS) */
	struct et_sacct_job jobs[MAX_JOBS];
};

static int collect(const struct et_sacct_job *job, void *ctx, struct et_error *err)
{
	struct collected *c = ctx;

	(void)err;
	if (c->n < MAX_JOBS)
		c->jobs[c->n] = *job;
	c->n++;
	return 0;
}

/* Read text; returns et_sacct_read's value, c and err filled. */
static int read_text(const char *text, struct collected *c, struct et_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	memset(c, 0, sizeof(*c));
	*err = (struct et_error)ET_ERROR_INIT;
	if (!f)
		return -99;
	rc = et_sacct_read(f, "t.sacct", collect, c, err);
	fclose(f);
	return rc;
}

static void test_durations(void)
{
	double s;

	CHECK_INT_EQ(et_sacct_parse_duration("00:07", &s), 0);
	CHECK_NEAR(s, 7, 1e-9);
	/* MM:SS.mmm: 2 min 3.456 s = 123.456 s (TotalCPU's short form). */
	CHECK_INT_EQ(et_sacct_parse_duration("02:03.456", &s), 0);
	CHECK_NEAR(s, 123.456, 1e-9);
	/* HH:MM:SS: 1 h 2 min 3 s = 3600 + 120 + 3 = 3723 s. */
	CHECK_INT_EQ(et_sacct_parse_duration("01:02:03", &s), 0);
	CHECK_NEAR(s, 3723, 1e-9);
	/* DD-HH:MM:SS: 2 days 03:04:05 = 2 x 86400 + 3 x 3600 + 4 x 60 + 5 = 183845 s. */
	CHECK_INT_EQ(et_sacct_parse_duration("2-03:04:05", &s), 0);
	CHECK_NEAR(s, 183845, 1e-9);
	/* DD-HH:MM (a time limit): 1 day 02:30 = 86400 + 7200 + 1800 = 95400 s. */
	CHECK_INT_EQ(et_sacct_parse_duration("1-02:30", &s), 0);
	CHECK_NEAR(s, 95400, 1e-9);
	/* DD-HH: 3 days 4 h = 3 x 86400 + 4 x 3600 = 273600 s. */
	CHECK_INT_EQ(et_sacct_parse_duration("3-04", &s), 0);
	CHECK_NEAR(s, 273600, 1e-9);
	/* 12-00:00:00.5 = 12 x 86400 + 0.5 = 1036800.5 s. */
	CHECK_INT_EQ(et_sacct_parse_duration("12-00:00:00.5", &s), 0);
	CHECK_NEAR(s, 1036800.5, 1e-9);
	CHECK_INT_EQ(et_sacct_parse_duration("", &s), 1);
	CHECK(isnan(s));
	CHECK_INT_EQ(et_sacct_parse_duration("INVALID", &s), 1);
	CHECK_INT_EQ(et_sacct_parse_duration("Unknown", &s), 1);
	CHECK_INT_EQ(et_sacct_parse_duration("1:2:3:4", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("00:61", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("01:60:00", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("-01:00", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("1h", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("00:01.", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("42", &s), -1);
	CHECK_INT_EQ(et_sacct_parse_duration("00:0x1", &s), -1);
}

static void test_sizes(void)
{
	double mib;

	/* 2048K = 2048 / 1024 = 2 MiB. */
	CHECK_INT_EQ(et_sacct_parse_size("2048K", 'M', &mib), 0);
	CHECK_NEAR(mib, 2, 1e-12);
	/* 1.50G = 1.5 x 1024 = 1536 MiB. */
	CHECK_INT_EQ(et_sacct_parse_size("1.50G", 'M', &mib), 0);
	CHECK_NEAR(mib, 1536, 1e-9);
	/* 2T = 2 x 1024 x 1024 = 2097152 MiB. */
	CHECK_INT_EQ(et_sacct_parse_size("2T", 'M', &mib), 0);
	CHECK_NEAR(mib, 2097152, 1e-6);
	/* No suffix: the default unit; MaxRSS "5120" in K = 5 MiB, ReqMem "300" in M = 300. */
	CHECK_INT_EQ(et_sacct_parse_size("5120", 'K', &mib), 0);
	CHECK_NEAR(mib, 5, 1e-12);
	CHECK_INT_EQ(et_sacct_parse_size("300", 'M', &mib), 0);
	CHECK_NEAR(mib, 300, 1e-12);
	CHECK_INT_EQ(et_sacct_parse_size("", 'M', &mib), 1);
	CHECK(isnan(mib));
	CHECK_INT_EQ(et_sacct_parse_size("12Q", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("12MB", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("-1M", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("G", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("nan", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("1e999", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("0x10", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("1e3M", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("1.2.3M", 'M', &mib), -1);
	CHECK_INT_EQ(et_sacct_parse_size("5 ", 'M', &mib), -1);
	{
		/* 1e305 is finite, 1e305 P = 1e305 x 2^30 MiB is not: refused, never inf. */
		char big[310];
		big[0] = '1';
		memset(big + 1, '0', 305);
		snprintf(big + 306, sizeof(big) - 306, "P");
		CHECK_INT_EQ(et_sacct_parse_size(big, 'M', &mib), -1);
		big[306] = '\0';   /* without the unit: 1e305 MiB, finite */
		CHECK_INT_EQ(et_sacct_parse_size(big, 'M', &mib), 0);
		CHECK_NEAR(mib, 1e305, 1e290);
	}
}

static void test_times(void)
{
	int64_t t;

	CHECK_INT_EQ(et_sacct_parse_time("1970-01-02T00:00:10", &t), 0);
	CHECK_INT_EQ(t, 86410);   /* one day and 10 s */
	/* 2000-03-01 is day 11017 (30 years x 365 + 7 leap days to 2000-01-01 = 10957, + 31 +
	 * 29 days of Jan and Feb 2000 = 11017); 11017 x 86400 + 3600 + 120 + 3 = 951872523. */
	CHECK_INT_EQ(et_sacct_parse_time("2000-03-01T01:02:03", &t), 0);
	CHECK_INT_EQ(t, 951872523);
	CHECK_INT_EQ(et_sacct_parse_time("Unknown", &t), 1);
	CHECK_INT_EQ(t, -1);
	CHECK_INT_EQ(et_sacct_parse_time("None", &t), 1);
	CHECK_INT_EQ(et_sacct_parse_time("", &t), 1);
	CHECK_INT_EQ(et_sacct_parse_time("2026-02-30T00:00:00", &t), -1);
	CHECK_INT_EQ(et_sacct_parse_time("2026-01-01T00:00:00Z", &t), -1);
	CHECK_INT_EQ(et_sacct_parse_time("2026-01-01 00:00:00", &t), -1);
	CHECK_INT_EQ(et_sacct_parse_time("yesterday", &t), -1);
}

static void test_tres(void)
{
	struct et_sacct_job j;
	char what[128];

	CHECK_INT_EQ(et_sacct_parse_tres("billing=4,cpu=4,gres/gpu:a100=2,gres/gpu=2,mem=16G,node=1",
					 &j, what, sizeof(what)), 0);
	CHECK_NEAR(j.alloc_cpus, 4, 0);
	CHECK_NEAR(j.alloc_mem_mib, 16384, 1e-9);   /* 16G = 16 x 1024 MiB */
	CHECK_NEAR(j.alloc_gpus, 2, 0);
	CHECK_STR_EQ(j.gpu_type, "a100");
	/* Untyped GPUs only; mem without suffix is in M. */
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=1,mem=500,gres/gpu=1", &j, what, sizeof(what)), 0);
	CHECK_NEAR(j.alloc_mem_mib, 500, 0);
	CHECK_NEAR(j.alloc_gpus, 1, 0);
	CHECK_STR_EQ(j.gpu_type, "");
	/* No GPU at all: 0 GPUs, not unknown. */
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=2,mem=1G,node=1", &j, what, sizeof(what)), 0);
	CHECK_NEAR(j.alloc_gpus, 0, 0);
	CHECK_INT_EQ(et_sacct_parse_tres("", &j, what, sizeof(what)), 1);
	CHECK(isnan(j.alloc_cpus));
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=2,INVALID,mem=1G", &j, what, sizeof(what)), -1);
	CHECK_STR_EQ(what, "\"INVALID\"");
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=INVALID", &j, what, sizeof(what)), -1);
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=2G", &j, what, sizeof(what)), -1);
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=2,,mem=1G", &j, what, sizeof(what)), -1);
	CHECK_INT_EQ(et_sacct_parse_tres("=3", &j, what, sizeof(what)), -1);
	CHECK_INT_EQ(et_sacct_parse_tres("gres/gpu=1K", &j, what, sizeof(what)), -1);
	/* Another TRES may be a size (fs/disk): read, not used. */
	CHECK_INT_EQ(et_sacct_parse_tres("cpu=1,fs/disk=10G,energy=5", &j, what, sizeof(what)), 0);
	CHECK_NEAR(j.alloc_cpus, 1, 0);
}

#define H "Cluster|JobID|JobIDRaw|User|Account|Partition|NNodes|NCPUS|State|Start|End|Elapsed|" \
	  "TotalCPU|CPUTime|ReqMem|MaxRSS|AllocTRES|ConsumedEnergyRaw\n"

static void test_hand_made(void)
{
	struct collected c;
	struct et_error err;

	/* A job with two steps; an array task; a running job; a pending array range. */
	CHECK_INT_EQ(read_text(H
		"hpc|100|100|ana|chem|gpu|2|8|COMPLETED|2026-11-02T10:00:00|2026-11-02T11:00:00|01:00:00|"
		"05:30:00|08:00:00|4000Mn||billing=8,cpu=8,gres/gpu:v100=2,gres/gpu=2,mem=8000M,node=2|7200000\n"
		"hpc|100.batch|100.batch||chem||1|4|COMPLETED|2026-11-02T10:00:00|2026-11-02T11:00:00|01:00:00|"
		"00:10.500|04:00:00||2048K|cpu=4,mem=4000M,node=1|\n"
		"hpc|100.0|100.0||chem||2|8|COMPLETED|2026-11-02T10:00:01|2026-11-02T10:59:59|00:59:58|"
		"05:29:49.500|07:59:44||3G|cpu=8,mem=8000M,node=2|\n"
		"hpc|200_7|207|bob|phys|cpu|1|2|CANCELLED by 1000|2026-11-03T00:00:00|2026-11-03T00:30:00|30:00|"
		"29:00|01:00:00|500Mc||cpu=2,mem=1000M,node=1|\n"
		"hpc|300|300|carl|phys|cpu|1|1|RUNNING|2026-11-04T00:00:00|Unknown|00:05:00|"
		"00:00:00|00:05:00|1G||cpu=1,mem=1G,node=1|\n"
		"hpc|400_[2-9]|400|dan|phys|cpu|1|1|PENDING|Unknown|Unknown|00:00:00|"
		"00:00:00|00:00:00|1G|||\n", &c, &err), 0);
	CHECK_INT_EQ(c.n, 4);
	struct et_sacct_job *j = &c.jobs[0];
	CHECK_STR_EQ(j->cluster, "hpc");
	CHECK_STR_EQ(j->job_id, "100");
	CHECK_STR_EQ(j->user, "ana");
	CHECK_STR_EQ(j->account, "chem");
	CHECK_STR_EQ(j->partition, "gpu");
	CHECK_INT_EQ(j->n_nodes, 2);
	CHECK_INT_EQ(j->n_cpus, 8);
	CHECK_INT_EQ(j->finished, 1);
	CHECK_NEAR(j->elapsed_s, 3600, 0);
	CHECK_NEAR(j->total_cpu_s, 19800, 1e-9);    /* 05:30:00 = 5.5 x 3600 */
	CHECK_NEAR(j->cpu_time_s, 28800, 1e-9);     /* 8 CPUs x 1 h */
	/* 4000Mn: 4000 MiB per node x 2 nodes = 8000 MiB. */
	CHECK_NEAR(j->req_mem_mib, 8000, 1e-9);
	CHECK_STR_EQ(j->req_mem_how, "per node x 2 nodes");
	/* MaxRSS: the larger of the steps' 2048K = 2 MiB and 3G = 3072 MiB. */
	CHECK_NEAR(j->max_rss_mib, 3072, 1e-9);
	CHECK_INT_EQ(j->n_steps, 2);
	CHECK_NEAR(j->alloc_gpus, 2, 0);
	CHECK_STR_EQ(j->gpu_type, "v100");
	CHECK_NEAR(j->consumed_energy_j, 7200000, 0);
	/* End - Start = 11:00:00 - 10:00:00 = 3600 s, as Elapsed. */
	CHECK_INT_EQ(j->end_local_s - j->start_local_s, 3600);
	CHECK_INT_EQ(j->line, 2);

	j = &c.jobs[1];
	CHECK_STR_EQ(j->job_id, "200_7");
	CHECK_STR_EQ(j->job_id_raw, "207");
	CHECK_STR_EQ(j->array_job_id, "200");
	CHECK_STR_EQ(j->array_task_id, "7");
	CHECK_STR_EQ(j->state, "CANCELLED");
	CHECK_INT_EQ(j->finished, 1);
	/* 500Mc: 500 MiB per CPU x 2 CPUs = 1000 MiB. */
	CHECK_NEAR(j->req_mem_mib, 1000, 1e-9);
	CHECK_STR_EQ(j->req_mem_how, "per CPU x 2 CPUs");
	CHECK(isnan(j->max_rss_mib));
	CHECK(isnan(j->consumed_energy_j));
	CHECK_NEAR(j->alloc_gpus, 0, 0);
	CHECK_INT_EQ(j->line, 5);

	j = &c.jobs[2];
	CHECK_STR_EQ(j->state, "RUNNING");
	CHECK_INT_EQ(j->finished, 0);
	CHECK_INT_EQ(j->end_local_s, -1);
	CHECK_NEAR(j->req_mem_mib, 1024, 1e-9);     /* 1G as printed (22.05's form) */
	CHECK_STR_EQ(j->req_mem_how, "as printed");

	j = &c.jobs[3];
	CHECK_STR_EQ(j->job_id, "400_[2-9]");
	CHECK_STR_EQ(j->array_task_id, "[2-9]");
	CHECK_INT_EQ(j->finished, 0);
	CHECK_INT_EQ(j->start_local_s, -1);
	CHECK(isnan(j->alloc_cpus));

	/* The job row without ConsumedEnergyRaw: the largest step's (steps overlap in time);
	 * a job row's own value wins over its steps'. */
	CHECK_INT_EQ(read_text("Cluster|JobID|ConsumedEnergyRaw\nhpc|9|\nhpc|9.batch|5000\n"
			       "hpc|9.extern|7200\nhpc|9.0|0\nhpc|10|100\nhpc|10.batch|900\n", &c, &err), 0);
	CHECK_INT_EQ(c.n, 2);
	CHECK_NEAR(c.jobs[0].consumed_energy_j, 7200, 0);
	CHECK_INT_EQ(c.jobs[0].n_steps, 3);
	CHECK_NEAR(c.jobs[1].consumed_energy_j, 100, 0);

	/* Any order, extra columns, --parsable's trailing '|', CRLF, only the two required. */
	CHECK_INT_EQ(read_text("Extra|JobID|Comment|Cluster|\r\nx|5|hello world|c1|\r\ny|6||c1|\r\n",
			       &c, &err), 0);
	CHECK_INT_EQ(c.n, 2);
	CHECK_STR_EQ(c.jobs[1].job_id, "6");
	CHECK_STR_EQ(c.jobs[1].job_id_raw, "6");   /* a plain JobID is its own raw id */
	CHECK_STR_EQ(c.jobs[1].cluster, "c1");
	CHECK(isnan(c.jobs[1].elapsed_s));
	CHECK_INT_EQ(c.jobs[1].n_cpus, -1);
}

/* The reader fails with text at line. */
static void expect_error(const char *input, long line, const char *text)
{
	struct collected c;
	struct et_error err;

	CHECK_INT_EQ(read_text(input, &c, &err), -1);
	CHECK_STR_EQ(err.source, "t.sacct");
	CHECK_INT_EQ(err.line, line);
	if (!strstr(err.text, text))
		fprintf(stderr, "error text: %s (want %s)\n", err.text, text);
	CHECK(strstr(err.text, text) != NULL);
}

static void test_bad_input(void)
{
	expect_error("", 0, "empty input");
	expect_error("JobID|User\n1|ana\n", 1, "the columns Cluster are missing");
	expect_error("User|State\n", 1, "Cluster and JobID are missing");
	/* --noheader output: the first row taken as a header has neither column. */
	expect_error("hpc|12|COMPLETED\n", 1, "missing");
	expect_error("Cluster|JobID|State\nhpc|1|COMPLETED\nhpc|2\n", 3, "2 fields where the header has 3");
	expect_error("Cluster|JobID|Elapsed\nhpc|1|1:2:3:4\n", 2, "Elapsed \"1:2:3:4\" is not a duration");
	expect_error("Cluster|JobID|TotalCPU\nhpc|1|00:01\nhpc|2|abc\n", 3, "TotalCPU \"abc\"");
	expect_error("Cluster|JobID|Start\nhpc|1|2026-13-01T00:00:00\n", 2, "Start \"2026-13-01T00:00:00\" is not a time");
	expect_error("Cluster|JobID|AllocTRES\nhpc|1|cpu=1,INVALID\n", 2, "AllocTRES item \"INVALID\"");
	expect_error("Cluster|JobID|ReqMem\nhpc|1|12Xn\n", 2, "ReqMem \"12Xn\"");
	expect_error("Cluster|JobID|MaxRSS\nhpc|1|\nhpc|1.0|lots\n", 3, "MaxRSS \"lots\"");
	expect_error("Cluster|JobID|NCPUS\nhpc|1|-4\n", 2, "NCPUS \"-4\" is not a count");
	expect_error("Cluster|JobID|ConsumedEnergyRaw\nhpc|1|12kJ\n", 2, "ConsumedEnergyRaw");
	expect_error("Cluster|JobID|ConsumedEnergyRaw\nhpc|1|12K\n", 2, "ConsumedEnergyRaw \"12K\" is not a number of joules");
	/* a step's energy is checked as the job's, when the job row has none */
	expect_error("Cluster|JobID|ConsumedEnergyRaw\nhpc|1|\nhpc|1.0|3M\n", 3, "ConsumedEnergyRaw \"3M\"");
	expect_error("Cluster|JobID\nhpc|7.batch\n", 2, "step 7.batch does not follow its job's row");
	expect_error("Cluster|JobID\nhpc|6\nhpc|7.batch\n", 3, "step 7.batch does not follow");
	expect_error("Cluster|JobID\nhpc|\n", 2, "JobID is empty");
	expect_error("Cluster|JobID\n|8\n", 2, "Cluster is empty");
	{
		static const char nul[] = "Cluster|JobID\nhpc|1\0x\n";
		FILE *f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
		struct collected c = {0};
		struct et_error err = ET_ERROR_INIT;
		CHECK_INT_EQ(et_sacct_read(f, "t.sacct", collect, &c, &err), -1);
		CHECK_INT_EQ(err.line, 2);
		CHECK(strstr(err.text, "NUL") != NULL);
		fclose(f);
	}
	{
		/* An over-long line: an error at its line, memory bounded by the cap. */
		size_t n = ET_SACCT_MAX_LINE + 100;
		char *big = malloc(n + 64);
		struct collected c;
		struct et_error err;
		int len = snprintf(big, 64, "Cluster|JobID|Comment\nhpc|1|");
		memset(big + len, 'x', n);
		big[len + n] = '\n';
		big[len + n + 1] = '\0';
		CHECK_INT_EQ(read_text(big, &c, &err), -1);
		CHECK_INT_EQ(err.line, 2);
		CHECK(strstr(err.text, "line longer than") != NULL);
		free(big);
	}
}

/* 100,000 jobs of one step each: all read, in bounded memory (one line, one job). */
static void test_many_rows(void)
{
	char *path = strdup("/tmp/test_sacct.XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
	struct collected c = {0};
	struct et_error err = ET_ERROR_INIT;

	CHECK(f != NULL);
	if (!f)
		goto out;
	fputs("Cluster|JobID|Elapsed|TotalCPU|MaxRSS\n", f);
	for (int i = 1; i <= 100000; i++)
		fprintf(f, "big|%d|00:01:00|00:30|\nbig|%d.batch|00:01:00|00:30|%dK\n", i, i, i);
	rewind(f);
	CHECK_INT_EQ(et_sacct_read(f, path, collect, &c, &err), 0);
	CHECK_INT_EQ(c.n, 100000);
	CHECK_STR_EQ(c.jobs[MAX_JOBS - 1].job_id, "16");
	/* Job 16's step: MaxRSS 16K = 16 / 1024 MiB. */
	CHECK_NEAR(c.jobs[MAX_JOBS - 1].max_rss_mib, 16.0 / 1024, 1e-12);
	/* A bad row near the end is found with its line: job i's row is line 2i. */
	fprintf(f, "big|100001|forever|00:30|\n");
	rewind(f);
	c.n = 0;
	CHECK_INT_EQ(et_sacct_read(f, path, collect, &c, &err), -1);
	CHECK_INT_EQ(err.line, 200002);
	CHECK_INT_EQ(c.n, 100000);
	fclose(f);
	unlink(path);
out:
	free(path);
}

static int read_file(const char *dir, const char *name, struct collected *c, struct et_error *err)
{
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(c, 0, sizeof(*c));
	*err = (struct et_error)ET_ERROR_INIT;
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -99;
	}
	rc = et_sacct_read(f, path, collect, c, err);
	fclose(f);
	if (rc != 0)
		et_error_print(err);
	return rc;
}

/* The output of the cluster test (t0501): the fields checked against the file by eye. */
static void test_fixture(const char *dir)
{
	struct collected c, all;
	struct et_error err;

	CHECK_INT_EQ(read_file(dir, "sacct-cluster.txt", &c, &err), 0);
	CHECK_INT_EQ(c.n, 7);
	struct et_sacct_job *j = &c.jobs[0];
	CHECK_STR_EQ(j->cluster, "ettest");
	CHECK_STR_EQ(j->job_id, "1");
	CHECK_STR_EQ(j->user, "root");
	CHECK_STR_EQ(j->account, "physics");
	CHECK_STR_EQ(j->partition, "debug");
	CHECK_STR_EQ(j->node_list, "vm");
	CHECK_NEAR(j->elapsed_s, 2, 0);
	CHECK_NEAR(j->total_cpu_s, 0.889, 1e-9);          /* 00:00.889 */
	CHECK_NEAR(j->max_rss_mib, 3260.0 / 1024, 1e-12); /* the batch step's 3260K */
	CHECK_NEAR(j->req_mem_mib, 100, 0);
	CHECK_INT_EQ(j->n_steps, 1);
	/* 09:34:48 - 09:34:46 = 2 s, Elapsed. */
	CHECK_INT_EQ(j->end_local_s - j->start_local_s, 2);
	/* --mem-per-cpu=50M on 2 CPUs: 22.05 prints ReqMem 100M, the job's total. */
	j = &c.jobs[1];
	CHECK_INT_EQ(j->n_cpus, 2);
	CHECK_NEAR(j->cpu_time_s, 4, 0);                  /* 2 CPUs x 2 s */
	CHECK_NEAR(j->req_mem_mib, 100, 0);
	j = &c.jobs[2];
	CHECK_STR_EQ(j->job_id, "4");
	CHECK_STR_EQ(j->state, "FAILED");
	CHECK_INT_EQ(j->finished, 1);
	j = &c.jobs[3];
	CHECK_STR_EQ(j->job_id, "5");
	CHECK_NEAR(j->alloc_gpus, 1, 0);
	CHECK_STR_EQ(j->gpu_type, "standin");
	CHECK_NEAR(j->alloc_mem_mib, 50, 0);
	CHECK_NEAR(j->max_rss_mib, 11880.0 / 1024, 1e-12);
	CHECK(isnan(j->consumed_energy_j));               /* no energy plugin: empty */
	j = &c.jobs[4];
	CHECK_STR_EQ(j->job_id, "3_1");
	CHECK_STR_EQ(j->job_id_raw, "6");
	CHECK_STR_EQ(j->array_job_id, "3");
	CHECK_STR_EQ(j->array_task_id, "1");
	/* An array task with an srun step: its batch and .0 steps folded in; TotalCPU is the
	 * job row's, sacct's own sum 0.012 + 0.007 = 0.019 s. */
	CHECK_INT_EQ(j->n_steps, 2);
	CHECK_NEAR(j->total_cpu_s, 0.019, 1e-9);
	CHECK_NEAR(j->consumed_energy_j, 0, 0);           /* "0": no energy plugin */
	CHECK_STR_EQ(c.jobs[6].job_id, "3_3");
	CHECK_STR_EQ(c.jobs[6].job_id_raw, "3");

	/* --format ALL (109 columns, in sacct's order): the same jobs, field for field. */
	CHECK_INT_EQ(read_file(dir, "sacct-cluster-all.txt", &all, &err), 0);
	CHECK_INT_EQ(all.n, 7);
	for (int i = 0; i < 7 && i < all.n; i++) {
		struct et_sacct_job *a = &all.jobs[i], *b = &c.jobs[i];
		CHECK_STR_EQ(a->job_id, b->job_id);
		CHECK_STR_EQ(a->job_id_raw, b->job_id_raw);
		CHECK_STR_EQ(a->account, b->account);
		CHECK_STR_EQ(a->state, b->state);
		CHECK_NEAR(a->total_cpu_s, b->total_cpu_s, 0);
		CHECK_NEAR(a->req_mem_mib, b->req_mem_mib, 0);
		CHECK_NEAR(a->alloc_gpus, b->alloc_gpus, 0);
		CHECK_INT_EQ(a->start_local_s, b->start_local_s);
		CHECK(a->max_rss_mib == b->max_rss_mib || (isnan(a->max_rss_mib) && isnan(b->max_rss_mib)));
	}
}

/* The fixture with random bytes changed, 3000 times (a fixed seed): every run ends with 0
 * or -1 and a line, never a crash (the sanitizer build checks memory). */
static void test_mutations(const char *dir)
{
	char path[4096], *text;
	FILE *f;
	long n;
	unsigned seed = 12345;
	int bad_seen = 0;

	snprintf(path, sizeof(path), "%s/sacct-cluster-all.txt", dir);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	CHECK(text && fread(text, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	if (!text)
		return;
	text[n] = '\0';
	for (int round = 0; round < 3000; round++) {
		char *copy = malloc((size_t)n + 1);
		struct collected c;
		struct et_error err;
		static const char alphabet[] = "|\n.:-_0123456789KMGTxINVALID=,\r ";

		memcpy(copy, text, (size_t)n + 1);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			long at = (long)((seed >> 8) % (unsigned long)n);
			seed = seed * 1103515245u + 12345u;
			copy[at] = alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		int rc = read_text(copy, &c, &err);
		if (rc != 0 && rc != -1)
			CHECK_INT_EQ(rc, 0);
		if (rc == -1) {
			bad_seen++;
			if (err.line <= 0 || err.text[0] == '\0')
				CHECK(err.line > 0 && err.text[0] != '\0');
		}
		free(copy);
	}
	CHECK(bad_seen > 100);   /* the mutations did reach the error paths */
	free(text);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_sacct FIXTURE_DIR\n");
		return 2;
	}
	test_durations();
	test_sizes();
	test_times();
	test_tres();
	test_hand_made();
	test_bad_input();
	test_many_rows();
	test_fixture(argv[1]);
	test_mutations(argv[1]);
	return TEST_SUMMARY();
}
