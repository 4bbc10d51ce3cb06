/* fuzz_log_read.c - libFuzzer target: any bytes through the log reader and the
 * integrator must give a run or a clean error, never a crash, leak or overflow; the
 * reader's fast path and libcsv must give the same records and errors; buckets by Paris
 * days the same totals as quarter-hours. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "integrate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct et_zone *paris;   /* opened once for every input: libFuzzer has no main */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct et_error err = ET_ERROR_INIT;

	(void)argc;
	(void)argv;
	if (et_zone_open(ET_ZONE_PARIS, &paris, &err) < 0) {
		fprintf(stderr, "fuzz_log_read: %s\n", err.text);
		__builtin_trap();
	}
	return 0;
}

/* Trap unless run's buckets are in time order, each [start, end) not empty and after the
 * one before, with durations that add up to the total's. */
static void check_buckets(const struct et_run *run)
{
	const struct et_run_integrals *ri = &run->integrals;
	double sum = 0, total = ri->total.duration_s;

	for (size_t i = 0; i < ri->n_buckets; i++) {
		sum += et_slim_scalar(ri, i)[0];   /* duration_s, the first field */
		if (et_run_bucket_end(ri, i) <= et_run_bucket_start(ri, i) ||
		    (i > 0 && et_run_bucket_start(ri, i) < et_run_bucket_end(ri, i - 1)))
			__builtin_trap();
	}
	if (ri->n_buckets && (sum - total > 1e-6 * (1 + total) || total - sum > 1e-6 * (1 + total)))
		__builtin_trap();
}

/* Load data by Paris days: the same outcome as by quarter-hours (loaded_quarter), the
 * same totals to the bit (they never go through buckets), days that add up to them. */
static void compare_by_day(const uint8_t *data, size_t size, int loaded_quarter,
			   const struct et_run *quarter)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	struct et_load_options opt = {NULL, paris};
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return;
	memset(&run, 0, sizeof(run));
	int loaded = et_run_load_stream(f, "fuzz.log", &run, &opt, &err) == 0;
	/* the calendar's cap (a year of quarter-hours or of days) may refuse one and not the other */
	if (loaded && loaded_quarter) {
		if (memcmp(&run.integrals.total, &quarter->integrals.total, sizeof(run.integrals.total)) != 0)
			__builtin_trap();
		check_buckets(&run);
	}
	et_run_release(&run);
	fclose(f);
}

/* Read every record of data with the fast path on and off: same records, same end. */
static void compare_paths(const uint8_t *data, size_t size)
{
	struct et_error ea = ET_ERROR_INIT, eb = ET_ERROR_INIT;
	struct et_log_reader *ra = NULL, *rb = NULL;
	FILE *fa = fmemopen((void *)data, size, "r"), *fb = fmemopen((void *)data, size, "r");

	if (!fa || !fb)
		goto out;
	int oa = et_log_reader_open_stream(fa, "fuzz.log", &ra, &ea);
	int ob = et_log_reader_open_stream(fb, "fuzz.log", &rb, &eb);
	if (oa != ob)
		__builtin_trap();
	if (oa < 0)
		goto out;
	et_log_reader_set_fast_path(rb, 0);
	for (;;) {
		struct et_log_record a, b;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		int ka = et_log_reader_next(ra, &a, &ea), kb = et_log_reader_next(rb, &b, &eb);
		if (ka != kb || memcmp(&a, &b, sizeof(a)) != 0 || strcmp(ea.text, eb.text) != 0)
			__builtin_trap();
		if (ka <= 0)
			break;
	}
	if (et_log_reader_truncated(ra) != et_log_reader_truncated(rb))
		__builtin_trap();
out:
	et_log_reader_close(ra);
	et_log_reader_close(rb);
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	FILE *f;

	if (size == 0)
		return 0;
	compare_paths(data, size);
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	memset(&run, 0, sizeof(run));
	int loaded = et_run_load_stream(f, "fuzz.log", &run, NULL, &err) == 0;
	compare_by_day(data, size, loaded, &run);
	if (loaded) {
		/* A loaded run is consistent: buckets in time order that add up to the total
		 * duration. */
		check_buckets(&run);
		/* Every integral is a finite, non-negative figure (values beyond what the
		 * machine can do are unknown). */
		const struct et_integrals *t = &run.integrals.total;
		const double v[] = {t->duration_s, t->job_cpu_s, t->user_cpu_s, t->job_rss_kib_s,
				    t->user_rss_kib_s, t->sys_busy_s, t->sys_total_s,
				    t->sys_load_cubed_s, t->gpu[0].whole_j, t->gpu[0].above_idle_j,
				    t->gpu[0].util_pct_s};
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			if (!(v[i] >= 0) || !(v[i] < 1e300))
				__builtin_trap();
	} else if (err.text[0] == '\0') {
		__builtin_trap();   /* an error must say what went wrong */
	}
	et_run_release(&run);
	fclose(f);
	return 0;
}
