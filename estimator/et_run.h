/* et_run.h - one replayed run: header metadata, end record, warnings, and the time
 * integrals (in total and per UTC quarter-hour) that models and carbon weighting use. */
#ifndef ET_RUN_H
#define ET_RUN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define ET_MAX_GPUS 16          /* GPUs beyond this are ignored, with a warning */
#define ET_BUCKET_MS (15 * 60 * 1000)   /* quarter-hour buckets, aligned on UTC epoch */

enum et_scope { ET_SCOPE_JOB, ET_SCOPE_USER };

struct et_gpu_info {
	int index;              /* nvidia-smi index */
	char uuid[64];
	char name[128];
	double power_limit_w;   /* NAN if unknown */
	double idle_w;          /* mean power of the idle-phase G records; NAN if none */
};

/* Integrals over some stretch of the run. Everything is a sum over intervals, so two
 * stretches add up field by field (et_integrals_add). Seconds are run seconds. */
struct et_gpu_integrals {
	double known_s;            /* seconds with a known power_w */
	double whole_j;            /* integral of power_w (J) */
	double above_idle_j;       /* integral of max(power_w - idle_w, 0) (J) */
	double whole_job_j;        /* whole power, only while a job process runs on it */
	double whole_user_j;       /* whole power, only while a user process runs on it */
	double above_idle_job_j;   /* above idle, only while a job process runs on it */
	double above_idle_user_j;  /* above idle, only while a user process runs on it */
	double util_pct_s;         /* integral of util_pct (%·s), over util_known_s */
	double util_known_s;
	double used_job_s;         /* seconds with a job process on it */
	double used_user_s;        /* seconds with a user process on it */
	/* Power known but the compute processes not (job_procs / user_procs NA at both ends
	 * of the interval): the seconds, and the whole power integral there (J). */
	double procs_unknown_job_s, procs_unknown_job_j;
	double procs_unknown_user_s, procs_unknown_user_j;
};

struct et_integrals {
	double duration_s;         /* run seconds covered */
	double job_cpu_s;          /* CPU-seconds of the job (delta jiffies / user_hz) */
	double user_cpu_s;         /* CPU-seconds of the user */
	double job_rss_kib_s;      /* integral of job RSS (KiB·s) */
	double user_rss_kib_s;     /* integral of user RSS (KiB·s) */
	double rss_known_s;        /* seconds over which RSS was known */
	double sys_busy_s;         /* machine busy CPU-seconds (all CPUs) */
	double sys_total_s;        /* machine total CPU-seconds (all CPUs) */
	double sys_load_cubed_s;   /* integral of (busy/total)^3 dt, for load-cubed models */
	struct et_gpu_integrals gpu[ET_MAX_GPUS];
};

struct et_bucket {
	int64_t utc_start_ms;      /* multiple of ET_BUCKET_MS */
	struct et_integrals q;
};

struct et_end_record {
	int present;               /* 0 for a truncated log */
	char status[16];           /* "exited" or "signaled" */
	int code, etrec_exit;
	double job_utime_s, job_stime_s, job_maxrss_kib;
	double etrec_utime_s, etrec_stime_s, etrec_maxrss_kib;
	double smi_utime_s, smi_stime_s;
};

struct et_run {
	char log_path[1024];
	json_t *header;            /* the log header; owned by the run */
	/* Header fields models use, copied out for convenience. */
	const char *host, *user, *cpu_model;   /* borrowed from header; "" if absent */
	int sockets, physical_cores, logical_cpus, user_hz;
	double mem_total_kib;      /* header, else the first S record's; NAN if neither */
	int64_t interval_ms;
	int n_gpus;
	struct et_gpu_info gpus[ET_MAX_GPUS];

	int64_t launch_utc_ms;     /* launch event */
	int64_t end_utc_ms;        /* X record, or last S record if truncated */
	double duration_s;         /* launch to exit (monotonic), or to the last S record */
	int complete;              /* 1 when the X record is present */
	struct et_end_record end;
	double job_cpu_s_last;     /* last S record's cumulative job CPU (s); NAN if none gave it */
	double user_cpu_s_last;    /* last S record's cumulative user CPU (s); NAN if none gave it */
	int job_cpu_from_end;      /* no sample after the launch gave the job's CPU time: it
				    * comes from the end record's job_utime_s + job_stime_s */

	struct et_integrals total;
	struct et_bucket *buckets; /* n_buckets, in time order; owned by the run */
	size_t n_buckets;

	char **warnings;           /* n_warnings strings; owned by the run */
	size_t n_warnings;
};

void et_integrals_add(struct et_integrals *dst, const struct et_integrals *src);

/* dst += f x src, field by field (f = 1 adds; the integrator splits intervals with f). */
void et_gpu_integrals_add_scaled(struct et_gpu_integrals *dst, const struct et_gpu_integrals *src,
				 double f);

/* Add a printf-style warning to run. Returns 0, -1 on allocation failure. */
int et_run_warn(struct et_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Free everything the run owns and zero it. Accepts a zeroed run. */
void et_run_release(struct et_run *run);

#endif
