/* logtext.h - building small etrec logs inline for the estimator's unit tests, and
 * loading them through the real reader and integrator (fmemopen). */
#ifndef ET_TEST_LOGTEXT_H
#define ET_TEST_LOGTEXT_H

#include <stdio.h>
#include <string.h>

#include "et_logfmt.h"
#include "integrate.h"

/* Line 1 and a header with 4 logical CPUs, user_hz 100, 1 s interval; GPUS is the JSON
 * array of the header's gpus. */
#define LOG_HEAD_GPUS(GPUS) \
	"etrec-log 1\n" \
	"{\"format\":\"etrec-log\",\"version\":\"1.0\",\"etrec_version\":\"test\",\"host\":\"node1\"," \
	"\"kernel\":\"Linux 6.1.0\",\"arch\":\"x86_64\",\"cpu_model\":\"Test CPU\",\"sockets\":1," \
	"\"physical_cores\":2,\"logical_cpus\":4,\"user_hz\":100,\"page_size\":4096," \
	"\"mem_total_kib\":16777216,\"uid\":1000,\"user\":\"alice\",\"command\":[\"sleep\",\"3\"]," \
	"\"cwd\":\"/tmp\",\"tags\":{},\"interval_ms\":1000,\"idle_ms\":0,\"start_utc_ms\":0," \
	"\"start_mono_ms\":0,\"pid\":42,\"scheduler\":{},\"cgroup_cpu_stat\":null," \
	"\"gpus\":" GPUS ",\"gpu_source\":\"none\"}\n" \
	"C,S," ET_COLS_SAMPLE "\n" \
	"C,G," ET_COLS_GPU "\n" \
	"C,E," ET_COLS_EVENT "\n" \
	"C,X," ET_COLS_END "\n"
#define LOG_HEAD LOG_HEAD_GPUS("[]")
#define TWO_GPUS "[{\"index\":0,\"uuid\":\"GPU-a\",\"name\":\"Tesla T4\",\"power_limit_w\":70}," \
	"{\"index\":1,\"uuid\":\"GPU-b\",\"name\":\"Tesla T4\",\"power_limit_w\":70}]"

/* head (LOG_HEAD or LOG_HEAD_GPUS(...)) with interval_ms set to interval_ms, written
 * into buf (size bytes). Returns the length written. */
static inline size_t log_head_interval(char *buf, size_t size, const char *head, long interval_ms)
{
	static const char key[] = "\"interval_ms\":1000,";
	const char *k = strstr(head, key);
	int n = k ? snprintf(buf, size, "%.*s\"interval_ms\":%ld,%s", (int)(k - head), head, interval_ms,
			     k + strlen(key)) : -1;

	return n > 0 ? (size_t)n : 0;
}

/* Load text as a log named name into *run (zeroed here), as opt says (NULL: quarter-hour
 * buckets, no observer). Returns et_run_load_stream's result. */
static inline int load_text_with(const char *text, const char *name, const struct et_load_options *opt,
				 struct et_run *run, struct et_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	memset(run, 0, sizeof(*run));
	if (!f)
		return -1;
	rc = et_run_load_stream(f, name, run, opt, err);
	fclose(f);
	return rc;
}

static inline int load_text(const char *text, const char *name, struct et_run *run,
			    struct et_error *err)
{
	return load_text_with(text, name, NULL, run, err);
}

/* 1 if some warning of run contains needle. */
static inline int has_warning(const struct et_run *run, const char *needle)
{
	for (size_t i = 0; i < run->n_warnings; i++)
		if (strstr(run->warnings[i], needle))
			return 1;
	return 0;
}

#endif
