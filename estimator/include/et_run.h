/* et_run.h - one replayed run, split into its facts (machine, user, times, how it ended)
 * and its time integrals (total and per UTC quarter-hour) that models and carbon use. */
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

/*
 * Integrals over some stretch of the run. Everything is a sum over intervals, so two
 * stretches add up field by field (et_integrals_add). Seconds are run seconds.
 *
 * The one list of the fields: X(name, unit, what). The struct, adding, the
 * integrator's split of an interval over buckets, and any store's columns all expand
 * these lists, so a new integral is one line here (and its computation in integrate.c);
 * a store keeps each list's columns from the schema version that added it, so a field
 * goes in a new list with a store migration adding its columns (store_sql.c).
 */
#define ET_INTEGRAL_FIELDS_1_0(X) \
	X(duration_s,       "s",     "run seconds covered") \
	X(job_cpu_s,        "s",     "CPU-seconds of the job (delta jiffies / user_hz)") \
	X(user_cpu_s,       "s",     "CPU-seconds of the user") \
	X(job_rss_kib_s,    "KiB*s", "integral of the job's RSS") \
	X(user_rss_kib_s,   "KiB*s", "integral of the user's RSS") \
	X(rss_known_s,      "s",     "seconds over which RSS was known") \
	X(sys_busy_s,       "s",     "machine busy CPU-seconds (all CPUs)") \
	X(sys_total_s,      "s",     "machine total CPU-seconds (all CPUs)") \
	X(sys_load_cubed_s, "s",     "integral of (busy/total)^3 dt, for load-cubed models")

/* Added with log format 1.2 (R records; stores from schema 4 on keep them). */
#define ET_INTEGRAL_FIELDS_1_2(X) \
	X(rapl_known_s,     "s",     "seconds with every RAPL zone's energy known (R records)") \
	X(rapl_pkg_j,       "J",     "RAPL energy of the package-N zones, summed") \
	X(rapl_core_j,      "J",     "RAPL energy of the core zones") \
	X(rapl_uncore_j,    "J",     "RAPL energy of the uncore zones") \
	X(rapl_dram_j,      "J",     "RAPL energy of the dram zones") \
	X(rapl_psys_j,      "J",     "RAPL energy of the psys zones") \
	X(rapl_top_j,       "J",     "RAPL energy of the top-level zones but psys (carbontracker's)") \
	X(eit_share_known_s, "s",    "RAPL seconds where the machine's busy CPU time was known") \
	X(eit_cpu_job_j,    "J",     "sum per interval of the job's share of busy CPU x (package - dram)") \
	X(eit_cpu_user_j,   "J",     "the same with the user's share") \
	X(eit_dram_job_j,   "J",     "sum per interval of the job's RSS / used memory x dram") \
	X(eit_dram_user_j,  "J",     "the same with the user's RSS")

#define ET_GPU_INTEGRAL_FIELDS_1_0(X) \
	X(known_s,              "s",   "seconds with a known power_w") \
	X(whole_j,              "J",   "integral of power_w") \
	X(above_idle_j,         "J",   "integral of max(power_w - idle_w, 0)") \
	X(whole_job_j,          "J",   "whole power, only while a job process runs on it") \
	X(whole_user_j,         "J",   "whole power, only while a user process runs on it") \
	X(above_idle_job_j,     "J",   "above idle, only while a job process runs on it") \
	X(above_idle_user_j,    "J",   "above idle, only while a user process runs on it") \
	X(util_pct_s,           "%*s", "integral of util_pct, over util_known_s") \
	X(util_known_s,         "s",   "seconds with a known util_pct") \
	X(used_job_s,           "s",   "seconds with a job process on it") \
	X(used_user_s,          "s",   "seconds with a user process on it") \
	X(procs_unknown_job_s,  "s",   "power known, job_procs NA at both ends: seconds") \
	X(procs_unknown_job_j,  "J",   "power known, job_procs NA at both ends: whole power") \
	X(procs_unknown_user_s, "s",   "power known, user_procs NA at both ends: seconds") \
	X(procs_unknown_user_j, "J",   "power known, user_procs NA at both ends: whole power")

/* Added with log format 1.2 (P records; stores from schema 4 on keep them). */
#define ET_GPU_INTEGRAL_FIELDS_1_2(X) \
	X(sm_known_s,           "s",   "power known and a P record gives the SM shares (1.2)") \
	X(sm_job_j,             "J",   "whole power x job_sm_pct / all_sm_pct, per interval") \
	X(sm_user_j,            "J",   "whole power x user_sm_pct / all_sm_pct, per interval") \
	X(sm_above_idle_job_j,  "J",   "above idle x job_sm_pct / all_sm_pct, per interval") \
	X(sm_above_idle_user_j, "J",   "above idle x user_sm_pct / all_sm_pct, per interval")

/* Every field, old and new: what the structs, the integrator and the stores expand. A
 * store's schema keeps each generation's columns apart (estimator/store/store_sql.c). */
#define ET_INTEGRAL_FIELDS(X) ET_INTEGRAL_FIELDS_1_0(X) ET_INTEGRAL_FIELDS_1_2(X)
#define ET_GPU_INTEGRAL_FIELDS(X) ET_GPU_INTEGRAL_FIELDS_1_0(X) ET_GPU_INTEGRAL_FIELDS_1_2(X)

/* How many fields each list has (the 1.0 ones come first in every struct below). */
#define ET_X_COUNT_FIELD(name, unit, what) + 1
enum {
	ET_N_FIELDS_SCALAR_1_0 = 0 ET_INTEGRAL_FIELDS_1_0(ET_X_COUNT_FIELD),
	ET_N_FIELDS_SCALAR = 0 ET_INTEGRAL_FIELDS(ET_X_COUNT_FIELD),
	ET_N_FIELDS_GPU_1_0 = 0 ET_GPU_INTEGRAL_FIELDS_1_0(ET_X_COUNT_FIELD),
	ET_N_FIELDS_GPU = 0 ET_GPU_INTEGRAL_FIELDS(ET_X_COUNT_FIELD),
};

#define ET_X_DOUBLE_FIELD(name, unit, what) double name;

/* One GPU's integrals. */
struct et_gpu_integrals {
	ET_GPU_INTEGRAL_FIELDS(ET_X_DOUBLE_FIELD)
};

/* The CPU and memory integrals alone (what one S interval gives). */
struct et_scalar_integrals {
	ET_INTEGRAL_FIELDS(ET_X_DOUBLE_FIELD)
};

struct et_integrals {
	ET_INTEGRAL_FIELDS(ET_X_DOUBLE_FIELD)
	struct et_gpu_integrals gpu[ET_MAX_GPUS];   /* by slot (facts->gpus[slot]) */
};

/* A bucket of the run: [utc_start_ms, utc_end_ms), cut by the run's own launch and end,
 * as readers see it (et_run_bucket() fills one): a UTC quarter-hour, or a local day when
 * the run was loaded by days (et_run_integrals' by_day). */
struct et_bucket {
	int64_t utc_start_ms;      /* a multiple of ET_BUCKET_MS, or a local midnight */
	int64_t utc_end_ms;        /* start + ET_BUCKET_MS, or the next local midnight */
	struct et_integrals q;
};

/* The parts a stored bucket holds beyond log format 1.0's fields (et_run_integrals'
 * bucket_parts): a run without RAPL or per-process GPU records keeps none of them. */
enum et_bucket_parts {
	ET_BUCKET_RAPL = 1,        /* ET_INTEGRAL_FIELDS_1_2 */
	ET_BUCKET_GPU_SHARES = 2,  /* ET_GPU_INTEGRAL_FIELDS_1_2 of each slot */
};

struct et_end_record {
	int present;               /* 0 for a truncated log */
	char status[16];           /* "exited" or "signaled" */
	int code, etrec_exit;
	double job_utime_s, job_stime_s, job_maxrss_kib;
	double etrec_utime_s, etrec_stime_s, etrec_maxrss_kib;
	double smi_utime_s, smi_stime_s;
};

/* What a run was, from its log's header and end record: the machine, who ran it, when,
 * how it ended. Models read these facts and the integrals below, never the log, so a
 * store that keeps both can re-run any model without the log. The strings are
 * borrowed: from the run's header when the integrator fills them (never NULL; "" when
 * absent), else from whoever filled the struct. */
struct et_run_facts {
	const char *host, *user, *cpu_model;
	int sockets, physical_cores, logical_cpus, user_hz;
	double mem_total_kib;      /* header, else the first S record's; NAN if neither */
	int64_t interval_ms;
	/* The header's scheduler object: scheduler_known is 1 when the header has one (etrec
	 * always writes it); cuda_visible_devices is its CUDA_VISIBLE_DEVICES as set for the
	 * job ("" when set empty), or NULL when it was not set or is not known. */
	int scheduler_known;
	const char *cuda_visible_devices;
	/* The job's booking from the scheduler object: SLURM_CPUS_ON_NODE (CPUs) and
	 * SLURM_MEM_PER_NODE (MB = 2^20 bytes, read as GB / 1024); NAN when not set, not a
	 * number, or the run comes from a store that does not keep them. */
	double booked_cpus;
	double booked_mem_gb;
	/* Format 1.2: the header's rapl.source ("powercap /sys/class/powercap", "none: why"),
	 * the names of its zones ("package-0, core, dram"; "" when none) and their number,
	 * and gpu_process_source ("nvidia-smi pmon", "none: why"). "" when the log is older
	 * (or a store kept no such fact). */
	const char *rapl_source;
	char rapl_names[192];
	int rapl_zones;
	const char *gpu_process_source;
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
	int job_cpu_from_cgroup;   /* the job's CPU time came from job_cgroup_usec (log 1.2,
				    * job_scope "cgroup"): 1 for the whole run, 2 until the
				    * cgroup stopped being the job's (then job_cpu_jiffies) */
};

/* The run's time integrals: in total, and per bucket: a UTC quarter-hour (what a store
 * keeps, what hourly or quarter-hour intensity needs), or a local day of one zone when
 * the loader was asked for days (et_run_load_with: a year-long run then holds 365
 * buckets, not 35,000). Each bucket carries its own start and end; buckets without any
 * interval are absent. Read bucket i with et_run_bucket(), add a quarter-hour with
 * et_run_bucket_append(). */
struct et_run_integrals {
	struct et_integrals total;
	int by_day;                /* 0: UTC quarter-hours; 1: local days */
	size_t n_buckets;          /* in time order */
	int bucket_gpus;           /* GPU slots each stored bucket holds (0 to ET_MAX_GPUS) */
	unsigned bucket_parts;     /* enum et_bucket_parts each stored bucket holds */
	unsigned char *bucket_mem; /* n_buckets stored buckets, et_slim_bucket_size() bytes
				    * each: the start and end (int64), the scalar fields (those of
				    * log format 1.0, then the 1.2 ones with ET_BUCKET_RAPL),
				    * then bucket_gpus slots of the GPU fields (1.0, then 1.2
				    * with ET_BUCKET_GPU_SHARES), all doubles; owned */
	size_t bucket_cap;         /* room for this many in bucket_mem */
};

/* One replayed log: its facts, its integrals, and the warnings of reading it. */
struct et_run {
	char log_path[1024];
	json_t *header;            /* the log header; owned by the run */
	struct et_run_facts facts;
	struct et_run_integrals integrals;   /* buckets owned by the run */

	char **warnings;           /* n_warnings strings; owned by the run */
	size_t n_warnings, warnings_cap;
};

void et_integrals_add(struct et_integrals *dst, const struct et_integrals *src);

/* 1 if any of the n doubles from v on is not 0, else 0. */
static inline int et_any_nonzero(const double *v, int n)
{
	for (int k = 0; k < n; k++)
		if (v[k] != 0)
			return 1;
	return 0;
}

/* The parts (enum et_bucket_parts) an interval's integrals need in a stored bucket:
 * ET_BUCKET_RAPL if a field of ET_INTEGRAL_FIELDS_1_2 of s is not 0, ET_BUCKET_GPU_SHARES
 * if one of ET_GPU_INTEGRAL_FIELDS_1_2 of g is not 0; else 0. Inline: the integrator
 * asks for every interval. */
static inline unsigned et_scalar_parts(const struct et_scalar_integrals *s)
{
	return et_any_nonzero((const double *)s + ET_N_FIELDS_SCALAR_1_0,
			      ET_N_FIELDS_SCALAR - ET_N_FIELDS_SCALAR_1_0) ? ET_BUCKET_RAPL : 0;
}

static inline unsigned et_gpu_parts(const struct et_gpu_integrals *g)
{
	return et_any_nonzero((const double *)g + ET_N_FIELDS_GPU_1_0,
			      ET_N_FIELDS_GPU - ET_N_FIELDS_GPU_1_0) ? ET_BUCKET_GPU_SHARES : 0;
}

/* Bytes of one stored bucket of in (its GPU slots and parts). */
size_t et_slim_bucket_size(const struct et_run_integrals *in);

/* The scalar fields of stored bucket i (< n_buckets), in the order of ET_INTEGRAL_FIELDS:
 * the first et_slim_scalar_fields(in) of them; and GPU slot g (< bucket_gpus) likewise,
 * et_slim_gpu_fields(in) in the order of ET_GPU_INTEGRAL_FIELDS. For the integrator. */
double *et_slim_scalar(const struct et_run_integrals *in, size_t i);
double *et_slim_gpu(const struct et_run_integrals *in, size_t i, int g);
int et_slim_scalar_fields(const struct et_run_integrals *in);
int et_slim_gpu_fields(const struct et_run_integrals *in);

/* Bucket i (< n_buckets) expanded into *out: its GPU slots beyond bucket_gpus are 0. */
void et_run_bucket(const struct et_run_integrals *in, size_t i, struct et_bucket *out);

/* Start and end of bucket i (< n_buckets). */
int64_t et_run_bucket_start(const struct et_run_integrals *in, size_t i);
int64_t et_run_bucket_end(const struct et_run_integrals *in, size_t i);

/* Make room for n_gpus GPU slots and the parts (enum et_bucket_parts) in every bucket
 * (never fewer than now). Returns 0, -1 out of memory (nothing changed). */
int et_run_buckets_widen(struct et_run_integrals *in, int n_gpus, unsigned parts);

/* Append a new zeroed bucket [utc_start_ms, utc_end_ms); the caller keeps the time order
 * (or sorts). Returns its index, or -1 out of memory. */
long et_run_bucket_new(struct et_run_integrals *in, int64_t utc_start_ms, int64_t utc_end_ms);

/* Append the quarter-hour starting at b->utc_start_ms with b's integrals (b->utc_end_ms is
 * not read), after the last bucket, in time order: a store reading buckets back. GPU slots
 * and parts of b beyond the buckets' that hold anything widen every bucket. Returns 0, -1
 * out of memory or when in holds local days. */
int et_run_bucket_append(struct et_run_integrals *in, const struct et_bucket *b);

/* Free the buckets of in (n_buckets 0 after). */
void et_run_buckets_free(struct et_run_integrals *in);

/* dst += f x src for the scalar fields (f: the share of an interval in a bucket). */
void et_scalar_integrals_add_scaled(struct et_integrals *dst, const struct et_scalar_integrals *src,
				    double f);

/* dst += f x src, field by field (f = 1 adds; the integrator splits intervals with f). */
void et_gpu_integrals_add_scaled(struct et_gpu_integrals *dst, const struct et_gpu_integrals *src,
				 double f);

/* Add a printf-style warning to run. Returns 0, -1 on allocation failure. */
int et_run_warn(struct et_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Free everything the run owns and zero it. Accepts a zeroed run. */
void et_run_release(struct et_run *run);

#endif
