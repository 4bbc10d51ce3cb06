/* log_read.h - a streaming reader of etrec logs (docs/log-format.md): the header as JSON,
 * then one typed record at a time, columns mapped by name; memory does not grow with the log. */
#ifndef ET_LOG_READ_H
#define ET_LOG_READ_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "et_error.h"

/* Columns of an S record. NA or an absent column reads as NAN; a number that is not
 * finite (inf, nan, 1e999) reads as INFINITY (G and X records too). */
struct et_log_sample {
	int64_t t_mono_ms, t_utc_ms;
	double job_cpu_jiffies;      /* cumulative */
	double job_rss_kib;
	double job_nproc;
	double user_cpu_jiffies;     /* cumulative */
	double user_rss_kib;
	double user_nproc;
	double user_cgroup_usec;     /* cumulative */
	double sys_busy_jiffies;     /* cumulative */
	double sys_total_jiffies;    /* cumulative */
	double mem_total_kib;
	double mem_available_kib;
	double job_cgroup_usec;      /* cumulative (format 1.2; NAN before) */
	double job_cgroup_mem_kib;
	double job_cgroup_peak_kib;
};

enum et_gpu_phase { ET_GPU_PHASE_OTHER, ET_GPU_PHASE_IDLE, ET_GPU_PHASE_RUN };

/* Columns of a G record. NA or an absent column reads as NAN. */
struct et_log_gpu {
	int64_t t_mono_ms, t_utc_ms;
	enum et_gpu_phase phase;
	int gpu_index;
	double power_w;
	double power_limit_w;
	double util_pct;
	double mem_used_mib;
	double job_procs;
	double job_mem_mib;
	double user_procs;
	double user_mem_mib;
};

/* Columns of an E record; detail is cut to fit. */
struct et_log_event {
	int64_t t_mono_ms, t_utc_ms;
	char event[32];
	char detail[512];
};

/* Columns of the X record. Numbers absent or NA read as NAN (code: -1). */
struct et_log_end {
	int64_t t_mono_ms, t_utc_ms;
	char status[16];
	int code, etrec_exit;
	double job_utime_s, job_stime_s, job_maxrss_kib;
	double etrec_utime_s, etrec_stime_s, etrec_maxrss_kib;
	double smi_utime_s, smi_stime_s;
};

/* Columns of an R record (format 1.2): one RAPL zone's cumulative energy since the
 * first reading, unwrapped by etrec. NA reads as NAN. */
struct et_log_rapl {
	int64_t t_mono_ms, t_utc_ms;
	int zone;                    /* the header's rapl.zones[].id */
	double energy_uj;
};

/* Columns of a P record (format 1.2): one GPU's per-process utilisation summed over the
 * job's, the user's and all processes (nvidia-smi pmon). NA reads as NAN. */
struct et_log_proc {
	int64_t t_mono_ms, t_utc_ms;
	int gpu_index;
	double job_sm_pct, job_mem_pct;
	double user_sm_pct, user_mem_pct;
	double all_sm_pct, all_mem_pct;
	double all_procs;
};

enum et_log_kind { ET_LOG_SAMPLE, ET_LOG_GPU, ET_LOG_EVENT, ET_LOG_END, ET_LOG_RAPL, ET_LOG_PROC };

struct et_log_record {
	enum et_log_kind kind;
	long line;                   /* 1-based line number of the record in the log */
	union {
		struct et_log_sample s;
		struct et_log_gpu g;
		struct et_log_event e;
		struct et_log_end x;
		struct et_log_rapl r;
		struct et_log_proc p;
	} u;
};

struct et_log_reader;

/* Open the log at path and read its first two lines (magic + major version, JSON header)
 * and its C records. On success *out is a new reader the caller closes with
 * et_log_reader_close(). Returns 0, or -1 with err filled ("run.log:1: ..."). */
int et_log_reader_open(const char *path, struct et_log_reader **out, struct et_error *err);

/* The same on an open stream; the reader does not close f (the caller owns it).
 * name is used in error messages only. */
int et_log_reader_open_stream(FILE *f, const char *name, struct et_log_reader **out,
			      struct et_error *err);

/* The header line, parsed. Borrowed: valid until et_log_reader_close(); json_incref()
 * it to keep it longer. */
json_t *et_log_reader_header(const struct et_log_reader *r);

/* Read the next record of a known kind into *rec (unknown kinds and columns are
 * skipped). Returns 1 with *rec filled, 0 at the end of the log, or -1 with err filled
 * on a corrupt line. After 0, et_log_reader_truncated() says if the last line had no
 * final newline (and was ignored). */
int et_log_reader_next(struct et_log_reader *r, struct et_log_record *rec, struct et_error *err);

/* on = 0: split every record with libcsv, the reference RFC 4180 reader. By default
 * (on = 1) S, G, R and P lines without a quote, CR, space or tab are split at their commas by a
 * faster path that gives the same records and errors (tests and the fuzzer compare). */
void et_log_reader_set_fast_path(struct et_log_reader *r, int on);

/* 1 if the log ended with a partial line (ignored), else 0. */
int et_log_reader_truncated(const struct et_log_reader *r);

/* Free the reader (and close the file it opened itself). Accepts NULL. */
void et_log_reader_close(struct et_log_reader *r);

#endif
