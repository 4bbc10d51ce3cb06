/* integrate.c - the integrator: records in, time integrals out (totals and quarter-hour
 * or local-day buckets of struct et_run). The rules are summed up in integrate.h. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "et_logfmt.h"
#include "et_grow.h"
#include "integrate.h"
#include "et_units.h"
#include "local_time.h"

#define GPU_QUEUE_CAP  32     /* GPU intervals held until an S record passes them */
#define MAX_GAP_WARN   10     /* gap warnings reported one by one, then counted */
#define MAX_ETREC_WARN 20     /* etrec warnings copied, then counted */

/* What a log etrec wrote can hold; beyond, the log is refused (times) or the value is
 * unknown (measurements). Memory never depends on the values: an interval longer than
 * the gap limit is not integrated, the run and the calendar it covers are bounded. */
#define UTC_MIN_MS     946684800000LL    /* 2000-01-01T00:00:00Z */
#define UTC_MAX_MS     4102444800000LL   /* 2100-01-01T00:00:00Z */
#define MAX_RUN_MS     (366LL * 86400000)   /* a run lasts at most a year */
#define MAX_BUCKETS    (366 * 96)           /* a year of quarter-hours */
#define MAX_DAY_BUCKETS 367                 /* the local days a year-long run can touch */
#define MAX_INTERVAL_MS 86400000LL          /* etrec samples every 0.1 s to 86400 s */
#define GAP_MIN_MS     3600000LL   /* a gap (not integrated): > 3 intervals and > 1 h */
#define CPU_MARGIN     1.25        /* CPU time per interval <= CPUs x elapsed x margin */
#define CPU_SLACK_S    0.5         /* ... + CPUs x this (samples read /proc over time) */
#define GPU_MAX_W      5000.0      /* no GPU draws more */
#define RSS_MARGIN     4.0         /* RSS sums count shared pages once per process */
#define MEM_MAX_KIB    1099511627776.0   /* 1 PiB: no machine has more memory */
#define PROCS_MAX      1e7

/* A cumulative counter (jiffies): its last good value, and what was wrong with others. */
struct counter {
	const char *name;          /* its column, for warnings */
	double known;              /* last good value; NAN before any */
	int64_t known_mono;
	int seen;                  /* a good value from a record */
	int after_launch;          /* a good value from a record after the launch */
	int have_pending;          /* a value too high to be true, waiting for the next one */
	double pending;
	int64_t pending_mono;
	long down, down_line;      /* values below the last good one */
	double down_value, down_known;
	long fast, fast_line;      /* values rising faster than the machine can run */
	double fast_delta, fast_dt;
	long persisted;            /* such jumps that the next value kept, beyond what the
				    * CPUs could run since the launch: not counted */
	long late;                 /* such jumps that the next value kept, within it: counted */
	long not_finite, not_finite_line;
};

/* Measured values outside what the machine can do, by column: taken as unknown. */
enum bad_col { BAD_JOB_RSS, BAD_USER_RSS, BAD_MEM_TOTAL, BAD_POWER, BAD_UTIL, BAD_PROCS,
	       BAD_END, N_BAD };
static const char *const bad_name[N_BAD] = {
	"job_rss_kib", "user_rss_kib", "mem_total_kib", "GPU power_w", "GPU util_pct",
	"GPU job_procs/user_procs", "end record job_utime_s/job_stime_s"
};
static const char *const bad_unit[N_BAD] = {" KiB", " KiB", " KiB", " W", " %", "", " s"};
struct bad_values {
	long n, first_line;
	double first_value;
};

/* One GPU reading, as the integrator keeps it. */
struct gpu_point {
	long line;
	int64_t mono, utc;
	double power_w, util_pct, job_procs, user_procs;
};

/* A finished GPU interval waiting to be committed to the buckets. */
struct gpu_interval {
	int64_t mono0, mono1, utc0;
	struct et_gpu_integrals q;
	int sm_set;                /* a P record gave its SM shares */
};

/* ---- format 1.2: RAPL zones (R records) and the S interval they amend ---- */

#define MAX_RAPL_ZONES 64
enum rapl_kind { RAPL_PACKAGE, RAPL_CORE, RAPL_UNCORE, RAPL_DRAM, RAPL_PSYS, RAPL_OTHER };

/* One zone of the header's rapl.zones, and its last good cumulative reading. */
struct rapl_zone {
	long long id;
	enum rapl_kind kind;
	int top;                   /* parent null: a top-level zone */
	int have;                  /* a good reading so far */
	double last_uj;
	long last_sample;          /* the S record (its number) the reading came with */
	int64_t last_mono, last_utc;   /* that S record's times */
};

/* The last S interval, for the R records that follow its S record. */
struct s_interval {
	long no;                   /* S records so far (this one's number) */
	int gap;                   /* not integrated */
	int64_t mono0, mono1, utc0;
	double job_share, user_share;         /* of the machine's busy CPU; NAN unknown */
	double job_mem_share, user_mem_share; /* RSS / (total - available), 0 if unknown */
	int good;                  /* zones whose energy over it is known */
};

struct gpu_track {
	double idle_sum;
	long idle_n;
	int have_prev;
	struct gpu_point prev;
	struct gpu_interval queue[GPU_QUEUE_CAP];
	int q_head, q_len;
	long gaps;
};

struct et_integrator {
	struct et_run *run;
	const struct et_run_observer *obs;   /* borrowed, or NULL */

	int launched, ended;
	int64_t launch_mono, launch_utc;

	int have_prev_s;
	struct et_log_sample prev_s;
	long prev_s_line;
	struct counter job_cpu, user_cpu;
	/* Log 1.2 with job_scope "cgroup": the job's CPU comes from job_cgroup_usec (kept in
	 * jiffies by job_cgroup) while it is known; from its first unknown value on, from
	 * job_cpu_jiffies, which is stepped all along. */
	struct counter job_cgroup;
	int cgroup_scope, cgroup_lost;
	long cgroup_lost_line;
	double sys_busy_known, sys_total_known;
	int64_t sys_known_mono;

	struct gpu_track gpu[ET_MAX_GPUS];

	struct rapl_zone rapl[MAX_RAPL_ZONES];
	int n_rapl;
	struct s_interval s_iv;
	long rapl_na, rapl_down, rapl_down_line, rapl_unknown_zone;
	long proc_bad, proc_bad_line;

	/* Buckets are appended to the run's as they come; order[] keeps them sorted by start
	 * for the look-up, and et_integrator_finish sorts the run's. */
	struct bucket_key {
		int64_t start;
		size_t idx;
	} *order;
	size_t order_cap;
	const struct et_zone *day_zone;   /* buckets are its local days; NULL: quarter-hours */
	int64_t cal_lo, cal_hi;      /* the calendar bucket looked up last: [lo, hi) (ms) */
	size_t last_bucket;          /* index of the bucket used last (the usual next one) */
	long line;                   /* the record being added, for messages */

	long gaps, neg_sys, fast_sys, fast_sys_line, etrec_warnings, signals;
	double gap_s, gap_job_cpu_s;
	struct bad_values bad[N_BAD];
	int warned_idle_after_launch, warned_too_many_gpus, warned_other_phase;
};

/* ---- buckets ---- */

/* The calendar bucket holding utc_ms, [*lo, *hi): its UTC quarter-hour, or its local day
 * of day_zone. */
static void bucket_bounds(struct et_integrator *in, int64_t utc_ms, int64_t *lo, int64_t *hi)
{
	if (utc_ms < in->cal_lo || utc_ms >= in->cal_hi) {
		if (in->day_zone) {
			int64_t utc_s = utc_ms / 1000 - (utc_ms % 1000 < 0);
			int64_t day = et_zone_day(in->day_zone, utc_s);

			in->cal_lo = et_zone_day_start(in->day_zone, day) * 1000;
			in->cal_hi = et_zone_day_start(in->day_zone, day + 1) * 1000;
		} else {
			int64_t q = utc_ms / ET_BUCKET_MS;

			if (utc_ms % ET_BUCKET_MS < 0)
				q--;
			in->cal_lo = q * ET_BUCKET_MS;
			in->cal_hi = in->cal_lo + ET_BUCKET_MS;
		}
	}
	*lo = in->cal_lo;
	*hi = in->cal_hi;
}

/* The index of the bucket [start, end) (created if missing), or -1 with err filled (out of
 * memory, or more quarter-hours or days than a year holds). */
static long bucket_at(struct et_integrator *in, int64_t start, int64_t end, struct et_error *err)
{
	struct et_run_integrals *ri = &in->run->integrals;
	size_t lo = 0, hi = ri->n_buckets;

	if (in->last_bucket < ri->n_buckets && et_run_bucket_start(ri, in->last_bucket) == start)
		return (long)in->last_bucket;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->order[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ri->n_buckets && in->order[lo].start == start) {
		in->last_bucket = in->order[lo].idx;
		return (long)in->last_bucket;
	}
	if (ri->n_buckets == (in->day_zone ? MAX_DAY_BUCKETS : MAX_BUCKETS)) {
		et_error_set(err, in->run->log_path, in->line, "the records fall in more than %d "
			     "%s (a year) of calendar time: t_utc_ms jumps around, not a run "
			     "etrec recorded", in->day_zone ? MAX_DAY_BUCKETS : MAX_BUCKETS,
			     in->day_zone ? "days" : "quarter-hours");
		return -1;
	}
	struct bucket_key *no = et_grow(in->order, &in->order_cap, ri->n_buckets + 1, sizeof(*no));
	if (!no)
		goto oom;
	in->order = no;
	long b = et_run_bucket_new(ri, start, end);
	if (b < 0)
		goto oom;
	memmove(&in->order[lo + 1], &in->order[lo], (ri->n_buckets - 1 - lo) * sizeof(in->order[0]));
	in->order[lo].start = start;
	in->order[lo].idx = ri->n_buckets - 1;
	in->last_bucket = ri->n_buckets - 1;
	return b;
oom:
	et_error_set(err, in->run->log_path, 0, "out of memory");
	return -1;
}

/* Put the run's buckets in time order (they were appended as they came). Returns 0, -1 if
 * out of memory. */
static int sort_buckets(struct et_integrator *in)
{
	struct et_run_integrals *ri = &in->run->integrals;
	size_t i, size = et_slim_bucket_size(ri);

	for (i = 0; i < ri->n_buckets && in->order[i].idx == i; i++)
		;
	if (i == ri->n_buckets)
		return 0;   /* already in order: the usual case */
	unsigned char *sorted = malloc(ri->n_buckets * size);
	if (!sorted)
		return -1;
	for (i = 0; i < ri->n_buckets; i++) {
		memcpy(sorted + i * size, ri->bucket_mem + in->order[i].idx * size, size);
		in->order[i].idx = i;
	}
	free(ri->bucket_mem);
	ri->bucket_mem = sorted;
	ri->bucket_cap = ri->n_buckets;
	return 0;
}

/* Add an interval's part (CPU if slot < 0, else GPU slot) to the total and, split in
 * proportion to time, to the buckets [utc0, utc0 + len_ms) overlaps. */
static int spread(struct et_integrator *in, int64_t utc0, int64_t len_ms, int slot,
		  const void *part, double scale, struct et_error *err)
{
	int64_t end = utc0 + len_ms;
	int64_t b, b_end;

	struct et_run_integrals *ri = &in->run->integrals;
	if (slot >= ri->bucket_gpus && et_run_buckets_widen(ri, in->run->facts.n_gpus, 0) < 0)
		return et_error_set(err, in->run->log_path, 0, "out of memory");
	/* the fields of log format 1.2 are stored only in the runs that have them */
	unsigned parts = slot < 0 ? et_scalar_parts(part) : et_gpu_parts(part);
	if ((parts & ~ri->bucket_parts) && et_run_buckets_widen(ri, ri->bucket_gpus, parts) < 0)
		return et_error_set(err, in->run->log_path, 0, "out of memory");
	const double *v = part;
	int n = slot < 0 ? et_slim_scalar_fields(ri) : et_slim_gpu_fields(ri);

	if (slot < 0)
		et_scalar_integrals_add_scaled(&in->run->integrals.total, part, scale);
	else
		et_gpu_integrals_add_scaled(&in->run->integrals.total.gpu[slot], part, scale);
	if (len_ms == 0) {   /* an instant: only counters can carry something */
		const struct et_scalar_integrals *c = part;
		if (slot >= 0 || (c->job_cpu_s == 0 && c->user_cpu_s == 0 &&
				  c->sys_busy_s == 0 && c->sys_total_s == 0))
			return 0;
	}
	bucket_bounds(in, utc0, &b, &b_end);
	for (;;) {
		long bk = bucket_at(in, b, b_end, err);
		if (bk < 0)
			return -1;
		double f = 1.0;
		if (len_ms > 0) {
			int64_t lo = utc0 > b ? utc0 : b;
			int64_t hi = end < b_end ? end : b_end;
			f = (double)(hi - lo) / (double)len_ms;
		}
		double *d = slot < 0 ? et_slim_scalar(ri, (size_t)bk) : et_slim_gpu(ri, (size_t)bk, slot);
		for (int k = 0; k < n; k++)
			d[k] += scale * f * v[k];
		if (b_end >= end)
			return 0;
		bucket_bounds(in, b_end, &b, &b_end);
	}
}

/* ---- gauges ---- */

/* Integral of a gauge over dt from its values at both ends (NAN = unknown). Adds dt to
 * *known_s unless both ends are unknown. */
static double trapezoid(double a, double b, double dt, double *known_s)
{
	if (isfinite(a) && isfinite(b)) {
		*known_s += dt;
		return (a + b) / 2 * dt;
	}
	if (isfinite(a) || isfinite(b)) {
		*known_s += dt;
		return (isfinite(a) ? a : b) * dt;
	}
	return 0;
}

/* The most jiffies the machine's CPUs can run in elapsed_ms, with a margin. */
static double cpu_capacity_jiffies(const struct et_integrator *in, int64_t elapsed_ms)
{
	const struct et_run *run = in->run;
	return (double)run->facts.logical_cpus * run->facts.user_hz *
	       (CPU_MARGIN * (double)elapsed_ms / 1000.0 + CPU_SLACK_S);
}

/* The next value of a cumulative counter, read at mono: the jiffies to count since the
 * last good value. A value that is unknown, below the last good one (a glitch: counters
 * never decrease) or rising faster than the machine can run is skipped: the next good
 * value bridges from the last good one. A jump that the next value keeps is a new
 * base: the jump itself is not counted. */
static double counter_step(struct et_integrator *in, struct counter *c, double now, int64_t mono,
			   long line)
{
	if (isnan(now))
		return 0;
	if (!isfinite(now)) {
		if (!c->not_finite++)
			c->not_finite_line = line;
		return 0;
	}
	if (isfinite(c->known) && now < c->known) {
		if (!c->down++) {
			c->down_line = line;
			c->down_value = now;
			c->down_known = c->known;
		}
		return 0;
	}
	int kept = c->have_pending && now >= c->pending;
	if (kept && now > cpu_capacity_jiffies(in, mono - in->launch_mono)) {
		/* more than the CPUs could run since the launch: a new base, not counted */
		c->known = c->pending;
		c->known_mono = c->pending_mono;
		c->persisted++;
		kept = 0;
	} else if (kept) {
		c->late++;   /* CPU time that came at once (children reaped): counted */
	}
	c->have_pending = 0;
	double d = isfinite(c->known) ? now - c->known : 0;
	if (!kept && isfinite(c->known) && d > cpu_capacity_jiffies(in, mono - c->known_mono)) {
		if (!c->fast++) {
			c->fast_line = line;
			c->fast_delta = d;
			c->fast_dt = (double)(mono - c->known_mono) / 1000.0;
		}
		c->have_pending = 1;
		c->pending = now;
		c->pending_mono = mono;
		return 0;
	}
	c->known = now;
	c->known_mono = mono;
	c->seen = 1;
	if (in->launched && mono > in->launch_mono)
		c->after_launch = 1;
	return d;
}

/* v if it is known and within [lo, hi]; else NAN, noted for a warning (NA stays NAN). */
static double bounded(struct et_integrator *in, enum bad_col col, double v, double lo, double hi,
		      long line)
{
	if (isnan(v) || (v >= lo && v <= hi))
		return v;
	if (!in->bad[col].n++) {
		in->bad[col].first_line = line;
		in->bad[col].first_value = v;
	}
	return NAN;
}

/* The largest RSS a sum over processes can read on this machine (KiB). */
static double rss_max_kib(const struct et_integrator *in)
{
	double mem = in->run->facts.mem_total_kib;
	return isfinite(mem) ? RSS_MARGIN * mem : RSS_MARGIN * MEM_MAX_KIB;
}

/* ---- CPU track (S records) ---- */

/* The CPU and memory part of the interval [mono0, mono1] between samples a and b (either
 * may be NULL: a bridge to the launch or the end). b's counters are consumed. */
static void sample_part(struct et_integrator *in, const struct et_log_sample *a,
			const struct et_log_sample *b, int64_t mono0, int64_t mono1, long line,
			struct et_scalar_integrals *p)
{
	const double hz = in->run->facts.user_hz;
	double dt = (double)(mono1 - mono0) / 1000.0;
	double unused = 0;

	memset(p, 0, sizeof(*p));
	p->duration_s = dt;
	if (b) {
		p->job_cpu_s = counter_step(in, &in->job_cpu, b->job_cpu_jiffies, mono1, line) / hz;
		if (in->cgroup_scope && !in->cgroup_lost && isfinite(b->job_cgroup_usec) &&
		    b->job_cgroup_usec >= 0)
			p->job_cpu_s = counter_step(in, &in->job_cgroup, b->job_cgroup_usec * hz / 1e6,
						    mono1, line) / hz;
		else if (in->cgroup_scope && !in->cgroup_lost) {
			in->cgroup_lost = 1;   /* this interval and the rest: job_cpu_jiffies */
			in->cgroup_lost_line = line;
		}
		p->user_cpu_s = counter_step(in, &in->user_cpu, b->user_cpu_jiffies, mono1, line) / hz;
		double busy0 = in->sys_busy_known, total0 = in->sys_total_known;
		if (isfinite(b->sys_busy_jiffies) && isfinite(b->sys_total_jiffies)) {
			double cap = cpu_capacity_jiffies(in, mono1 - in->sys_known_mono);
			if (isfinite(busy0) && isfinite(total0)) {
				double dbusy = b->sys_busy_jiffies - busy0;
				double dtotal = b->sys_total_jiffies - total0;
				if (dbusy < 0 || dtotal < 0) {
					in->neg_sys++;
				} else if (dbusy > cap || dtotal > cap) {
					if (!in->fast_sys++)
						in->fast_sys_line = line;
				} else if (dtotal > 0) {
					double load = dbusy / dtotal;
					if (load > 1)
						load = 1;
					p->sys_busy_s = dbusy / hz;
					p->sys_total_s = dtotal / hz;
					p->sys_load_cubed_s = load * load * load * dt;
				}
			}
			in->sys_busy_known = b->sys_busy_jiffies;
			in->sys_total_known = b->sys_total_jiffies;
			in->sys_known_mono = mono1;
		} else if (isinf(b->sys_busy_jiffies) || isinf(b->sys_total_jiffies)) {
			if (!in->fast_sys++)
				in->fast_sys_line = line;
		}
	}
	double ja = a ? a->job_rss_kib : NAN, jb = b ? b->job_rss_kib : NAN;
	double ua = a ? a->user_rss_kib : NAN, ub = b ? b->user_rss_kib : NAN;
	p->job_rss_kib_s = trapezoid(ja, jb, dt, &p->rss_known_s);
	p->user_rss_kib_s = trapezoid(ua, ub, dt, &unused);
}

/* ---- GPU tracks (G records) ---- */

static int slot_of(struct et_integrator *in, int gpu_index)
{
	struct et_run *run = in->run;

	for (int i = 0; i < run->facts.n_gpus; i++)
		if (run->facts.gpus[i].index == gpu_index)
			return i;
	if (run->facts.n_gpus == ET_MAX_GPUS) {
		if (!in->warned_too_many_gpus++)
			et_run_warn(run, "more than %d GPUs: records of gpu %d and beyond ignored",
				    ET_MAX_GPUS, gpu_index);
		return -1;
	}
	int s = run->facts.n_gpus++;
	memset(&run->facts.gpus[s], 0, sizeof(run->facts.gpus[s]));
	run->facts.gpus[s].index = gpu_index;
	run->facts.gpus[s].power_limit_w = NAN;
	run->facts.gpus[s].idle_w = NAN;
	et_run_warn(run, "gpu %d is not in the log header: integrated without its name", gpu_index);
	return s;
}

static int commit_gpu(struct et_integrator *in, int slot, const struct gpu_interval *iv,
		      int64_t clip_mono, struct et_error *err)
{
	int64_t mono1 = iv->mono1;
	double scale = 1.0;

	/* after the clip (an instant at it is kept): nothing; an instant after it made
	 * 0 / 0 below */
	if (iv->mono0 > clip_mono || (iv->mono0 == clip_mono && iv->mono1 > iv->mono0))
		return 0;
	if (mono1 > clip_mono) {
		scale = (double)(clip_mono - iv->mono0) / (double)(iv->mono1 - iv->mono0);
		mono1 = clip_mono;
	}
	return spread(in, iv->utc0, mono1 - iv->mono0, slot, &iv->q, scale, err);
}

/* Commit the queued intervals of every GPU that end by mono (all of them if flush),
 * cut at clip_mono. */
static int commit_gpu_queues(struct et_integrator *in, int64_t mono, int flush,
			     int64_t clip_mono, struct et_error *err)
{
	for (int s = 0; s < in->run->facts.n_gpus; s++) {
		struct gpu_track *t = &in->gpu[s];
		while (t->q_len > 0) {
			const struct gpu_interval *iv = &t->queue[t->q_head];
			if (!flush && iv->mono1 > mono)
				break;
			if (commit_gpu(in, s, iv, clip_mono, err) < 0)
				return -1;
			t->q_head = (t->q_head + 1) % GPU_QUEUE_CAP;
			t->q_len--;
		}
	}
	return 0;
}

/* Integrate one GPU interval between readings a and b (either may be a bridge with
 * unknown values) and queue it. */
static int gpu_interval(struct et_integrator *in, int slot, const struct gpu_point *a,
			const struct gpu_point *b, struct et_error *err)
{
	struct gpu_track *t = &in->gpu[slot];
	double idle = in->run->facts.gpus[slot].idle_w;
	double dt = (double)(b->mono - a->mono) / 1000.0;
	double unused = 0;

	if (t->q_len == GPU_QUEUE_CAP) {   /* no S record for a long time: commit the oldest */
		if (commit_gpu(in, slot, &t->queue[t->q_head], INT64_MAX, err) < 0)
			return -1;
		t->q_head = (t->q_head + 1) % GPU_QUEUE_CAP;
		t->q_len--;
	}
	/* filled in place at the queue's tail */
	struct gpu_interval *iv = &t->queue[(t->q_head + t->q_len) % GPU_QUEUE_CAP];
	struct et_gpu_integrals *q = &iv->q;
	memset(iv, 0, sizeof(*iv));
	iv->mono0 = a->mono;
	iv->mono1 = b->mono;
	iv->utc0 = a->utc;
	if (!isfinite(idle))
		idle = 0;   /* no baseline: above idle = whole power, warned at the end */
	double above_a = isfinite(a->power_w) ? fmax(a->power_w - idle, 0) : NAN;
	double above_b = isfinite(b->power_w) ? fmax(b->power_w - idle, 0) : NAN;
	q->whole_j = trapezoid(a->power_w, b->power_w, dt, &q->known_s);
	q->above_idle_j = trapezoid(above_a, above_b, dt, &unused);
	q->util_pct_s = trapezoid(a->util_pct, b->util_pct, dt, &q->util_known_s);
	double job = isfinite(b->job_procs) ? b->job_procs : a->job_procs;
	double user = isfinite(b->user_procs) ? b->user_procs : a->user_procs;
	if (job > 0) {
		q->used_job_s = dt;
		q->whole_job_j = q->whole_j;
		q->above_idle_job_j = q->above_idle_j;
	}
	if (user > 0) {
		q->used_user_s = dt;
		q->whole_user_j = q->whole_j;
		q->above_idle_user_j = q->above_idle_j;
	}
	if (isnan(job) && q->known_s > 0) {   /* compute-apps unknown: said, never charged as 0 */
		q->procs_unknown_job_s = dt;
		q->procs_unknown_job_j = q->whole_j;
	}
	if (isnan(user) && q->known_s > 0) {
		q->procs_unknown_user_s = dt;
		q->procs_unknown_user_j = q->whole_j;
	}
	t->q_len++;
	return 0;
}

/* The reading of g, each value bounded by what a GPU can show (else unknown). */
static void point_of(struct et_integrator *in, struct gpu_point *p, const struct et_log_gpu *g,
		     long line)
{
	p->line = line;
	p->mono = g->t_mono_ms;
	p->utc = g->t_utc_ms;
	p->power_w = bounded(in, BAD_POWER, g->power_w, 0, GPU_MAX_W, line);
	p->util_pct = bounded(in, BAD_UTIL, g->util_pct, 0, 100, line);
	p->job_procs = bounded(in, BAD_PROCS, g->job_procs, 0, PROCS_MAX, line);
	p->user_procs = bounded(in, BAD_PROCS, g->user_procs, 0, PROCS_MAX, line);
}

/* Intervals longer than this are gaps: reported, not integrated. */
static int64_t gap_limit_ms(const struct et_integrator *in)
{
	int64_t three = ET_GAP_INTERVALS * in->run->facts.interval_ms;
	return three > GAP_MIN_MS ? three : GAP_MIN_MS;
}

/* A reading with nothing known, to bridge a track to the launch or the end. */
static struct gpu_point bridge_point(int64_t mono, int64_t utc)
{
	struct gpu_point p = {0, mono, utc, NAN, NAN, NAN, NAN};
	return p;
}

static int add_gpu(struct et_integrator *in, const struct et_log_gpu *g, long line,
		   struct et_error *err)
{
	const char *path = in->run->log_path;
	int slot;

	if (g->phase == ET_GPU_PHASE_OTHER) {
		if (!in->warned_other_phase++)
			et_run_warn(in->run, "line %ld: G record of an unknown phase ignored", line);
		return 0;
	}
	if ((slot = slot_of(in, g->gpu_index)) < 0)
		return 0;
	struct gpu_track *t = &in->gpu[slot];
	if (g->phase == ET_GPU_PHASE_IDLE) {
		if (in->launched) {
			if (!in->warned_idle_after_launch++)
				et_run_warn(in->run, "line %ld: idle-phase G record after the launch ignored", line);
		} else {
			double w = bounded(in, BAD_POWER, g->power_w, 0, GPU_MAX_W, line);
			if (isfinite(w)) {
				t->idle_sum += w;
				t->idle_n++;
			}
		}
		return 0;
	}
	if (!in->launched)
		return et_error_set(err, path, line, "run-phase G record before the launch event");
	struct gpu_point b, a = t->have_prev ? t->prev : bridge_point(in->launch_mono, in->launch_utc);
	point_of(in, &b, g, line);
	if (b.mono < a.mono)
		return et_error_set(err, path, line, "t_mono_ms goes backwards (gpu %d: %lld after %lld)",
				    g->gpu_index, (long long)b.mono, (long long)a.mono);
	int64_t interval = in->run->facts.interval_ms;
	int gap = b.mono - a.mono > gap_limit_ms(in);
	if (!t->have_prev && gap && t->gaps++ < MAX_GAP_WARN)
		et_run_warn(in->run, "gpu %d: gap of %.1f s between the launch and the first reading "
			    "(line %ld): not integrated (its power there is unknown)", g->gpu_index,
			    (double)(b.mono - a.mono) / 1000.0, line);
	else if (((t->have_prev && interval > 0 && b.mono - a.mono > ET_GAP_INTERVALS * interval) || gap) &&
		 t->gaps++ < MAX_GAP_WARN)
		et_run_warn(in->run, "gpu %d: gap of %.1f s between readings at lines %ld and %ld "
			    "(interval %.1f s): %s", g->gpu_index, (double)(b.mono - a.mono) / 1000.0,
			    a.line, line, (double)interval / 1000.0, gap ?
			    "not integrated (its power there is unknown)" :
			    "power bridged by a straight line (trapezoid)");
	if (!gap && gpu_interval(in, slot, &a, &b, err) < 0)
		return -1;
	if (in->obs && in->obs->gpu) {
		struct et_gpu_view v = {slot, b.utc, b.power_w, b.util_pct,
					isfinite(b.job_procs) ? b.job_procs > 0 : -1,
					isfinite(b.user_procs) ? b.user_procs > 0 : -1, gap};
		in->obs->gpu(in->obs->ctx, &v);
	}
	t->prev = b;
	t->have_prev = 1;
	return 0;
}

/* ---- records ---- */

/* Tell the observer about a checked sample b (s as read) and its interval's part p. */
static void observe_sample(struct et_integrator *in, const struct et_log_sample *s,
			   const struct et_log_sample *b, const struct et_scalar_integrals *p,
			   int gap)
{
	double dt = p->duration_s;
	struct et_sample_view v = {
		.utc_ms = s->t_utc_ms,
		.dt_s = dt,
		.job_cores = dt > 0 ? p->job_cpu_s / dt : NAN,
		.user_cores = dt > 0 ? p->user_cpu_s / dt : NAN,
		.machine_busy_cores = dt > 0 && p->sys_total_s > 0 ? p->sys_busy_s / dt : NAN,
		.job_rss_kib = b->job_rss_kib,
		.user_rss_kib = b->user_rss_kib,
		.gap_before = gap,
	};
	in->obs->sample(in->obs->ctx, &v);
}

/* A share in [0, 1]: num / den, 1 above, 0 below; NAN when den is not above 0. */
static double share_of(double num, double den)
{
	if (!(den > 0) || !isfinite(num))
		return NAN;
	return num / den > 1 ? 1 : num / den < 0 ? 0 : num / den;
}

/* Keep the S interval just integrated (part p, sample b as bounded) for the R records
 * that follow its S record: EIT's shares are those of this interval. */
static void remember_s_interval(struct et_integrator *in, const struct et_log_sample *s,
				const struct et_log_sample *b, const struct et_scalar_integrals *p,
				int gap, int64_t mono0, int64_t utc0)
{
	struct s_interval *v = &in->s_iv;
	double used_kib = s->mem_total_kib - s->mem_available_kib, m;

	v->no++;
	v->gap = gap;
	v->mono0 = mono0;
	v->mono1 = s->t_mono_ms;
	v->utc0 = utc0;
	v->good = 0;
	/* EIT: the processes' CPU time over the machine's, in the same window */
	v->job_share = share_of(p->job_cpu_s, p->sys_busy_s);
	v->user_share = share_of(p->user_cpu_s, p->sys_busy_s);
	/* EIT: RSS (its fallback for PSS + USS) over the used memory, at the window's end */
	m = share_of(b->job_rss_kib, used_kib);
	v->job_mem_share = isfinite(m) ? m : 0;
	m = share_of(b->user_rss_kib, used_kib);
	v->user_mem_share = isfinite(m) ? m : 0;
}

/* ---- RAPL zones (R records, format 1.2) ---- */

static struct rapl_zone *rapl_zone_of(struct et_integrator *in, long long id)
{
	for (int i = 0; i < in->n_rapl; i++)
		if (in->rapl[i].id == id)
			return &in->rapl[i];
	return NULL;
}

/* The integrals of j joules of zone z over an interval whose EIT shares are v's. */
static void rapl_part(const struct rapl_zone *z, double j, const struct s_interval *v,
		      struct et_scalar_integrals *part)
{
	double js = isfinite(v->job_share) ? v->job_share : 0;
	double us = isfinite(v->user_share) ? v->user_share : 0;

	memset(part, 0, sizeof(*part));
	switch (z->kind) {
	case RAPL_PACKAGE:
		part->rapl_pkg_j = j;
		/* EIT: core x share + (package - dram - core) x share: the package by the share */
		part->eit_cpu_job_j = js * j;
		part->eit_cpu_user_j = us * j;
		break;
	case RAPL_CORE: part->rapl_core_j = j; break;
	case RAPL_UNCORE: part->rapl_uncore_j = j; break;
	case RAPL_DRAM:
		part->rapl_dram_j = j;
		/* EIT takes the dram out of the package's rest, and charges it by memory */
		part->eit_cpu_job_j = -js * j;
		part->eit_cpu_user_j = -us * j;
		part->eit_dram_job_j = v->job_mem_share * j;
		part->eit_dram_user_j = v->user_mem_share * j;
		break;
	case RAPL_PSYS: part->rapl_psys_j = j; break;
	case RAPL_OTHER: break;
	}
	if (z->top && z->kind != RAPL_PSYS)
		part->rapl_top_j = j;
}

/* An R record: the zone's energy since its last good reading, integrated over the S
 * interval it closes (or, after an NA, over the intervals since that reading, with the
 * last one's shares). */
static int add_rapl(struct et_integrator *in, const struct et_log_rapl *r, long line,
		    struct et_error *err)
{
	struct s_interval *v = &in->s_iv;
	struct rapl_zone *z = rapl_zone_of(in, r->zone);
	struct et_scalar_integrals part;
	double uj = r->energy_uj;

	if (!z) {
		if (!in->rapl_unknown_zone++)
			et_run_warn(in->run, "line %ld: R record of zone %d, which the header's rapl.zones "
				    "does not list: ignored", line, r->zone);
		return 0;
	}
	if (!in->launched || v->no == 0)
		return 0;   /* before the first S record after the launch: no interval */
	if (!isfinite(uj) || uj < 0) {
		in->rapl_na++;
		return 0;   /* the next good reading bridges from the last good one */
	}
	if (z->have && uj < z->last_uj) {
		if (!in->rapl_down++)
			in->rapl_down_line = line;
		z->have = 0;   /* a new base: nothing counted across it */
	}
	if (z->have && z->last_sample < v->no && !v->gap && v->mono1 > z->last_mono &&
	    v->mono1 - z->last_mono <= gap_limit_ms(in)) {
		int64_t mono0 = z->last_sample == v->no - 1 ? v->mono0 : z->last_mono;
		int64_t utc0 = z->last_sample == v->no - 1 ? v->utc0 : z->last_utc;
		rapl_part(z, (uj - z->last_uj) / 1e6, v, &part);
		if (spread(in, utc0, v->mono1 - mono0, -1, &part, 1.0, err) < 0)
			return -1;
		if (z->last_sample == v->no - 1 && ++v->good == in->n_rapl) {
			/* every zone known over this interval */
			double dt = (double)(v->mono1 - v->mono0) / 1000.0;
			memset(&part, 0, sizeof(part));
			part.rapl_known_s = dt;
			part.eit_share_known_s = isfinite(v->job_share) ? dt : 0;
			if (spread(in, v->utc0, v->mono1 - v->mono0, -1, &part, 1.0, err) < 0)
				return -1;
		}
	}
	z->have = 1;
	z->last_uj = uj;
	z->last_sample = v->no;
	z->last_mono = v->mono1;
	z->last_utc = v->utc0 + (v->mono1 - v->mono0);
	return 0;
}

/* ---- per-process GPU utilisation (P records, format 1.2) ---- */

/* A P record: the SM shares of the job and the user on its GPU, applied to that GPU's
 * interval ending at this sample (still queued: the next S record commits it). EIT's
 * rule: a scope's SM % over all processes' SM % (0 when no process used the SMs). */
static int add_proc(struct et_integrator *in, const struct et_log_proc *pr, long line)
{
	int slot;

	if (!in->launched)
		return 0;   /* before the launch: no interval of the job */
	if ((slot = slot_of(in, pr->gpu_index)) < 0)
		return 0;
	double job = pr->job_sm_pct, user = pr->user_sm_pct, all = pr->all_sm_pct;
	if (isnan(job) || isnan(user) || isnan(all))
		return 0;   /* pmon's sample too old: shares unknown over this interval */
	if (!isfinite(job) || !isfinite(user) || !isfinite(all) || job < 0 || user < 0 || all < 0
	    || all > 100 * PROCS_MAX) {
		if (!in->proc_bad++)
			in->proc_bad_line = line;
		return 0;
	}
	struct gpu_track *t = &in->gpu[slot];
	if (t->q_len == 0)
		return 0;   /* no interval of this GPU waits (a gap, or none yet) */
	struct gpu_interval *iv = &t->queue[(t->q_head + t->q_len - 1) % GPU_QUEUE_CAP];
	if (iv->sm_set || iv->q.known_s <= 0)
		return 0;
	double js = all > 0 ? fmin(job / all, 1) : 0, us = all > 0 ? fmin(user / all, 1) : 0;
	iv->sm_set = 1;
	iv->q.sm_known_s = iv->q.known_s;
	iv->q.sm_job_j = js * iv->q.whole_j;
	iv->q.sm_user_j = us * iv->q.whole_j;
	iv->q.sm_above_idle_job_j = js * iv->q.above_idle_j;
	iv->q.sm_above_idle_user_j = us * iv->q.above_idle_j;
	return 0;
}

static int add_sample(struct et_integrator *in, const struct et_log_sample *s, long line,
		      struct et_error *err)
{
	const char *path = in->run->log_path;
	int64_t mono0 = in->have_prev_s ? in->prev_s.t_mono_ms : in->launch_mono;
	int64_t utc0 = in->have_prev_s ? in->prev_s.t_utc_ms : in->launch_utc;

	if (!in->launched)
		return et_error_set(err, path, line, "S record before the launch event");
	if (s->t_mono_ms < mono0)
		return et_error_set(err, path, line, "t_mono_ms goes backwards (%lld after %lld)",
				    (long long)s->t_mono_ms, (long long)mono0);
	struct et_log_sample b = *s;
	double mem = bounded(in, BAD_MEM_TOTAL, s->mem_total_kib, 1, MEM_MAX_KIB, line);
	if (!isfinite(in->run->facts.mem_total_kib) && isfinite(mem))
		in->run->facts.mem_total_kib = mem;   /* the header lacked it */
	b.job_rss_kib = bounded(in, BAD_JOB_RSS, s->job_rss_kib, 0, rss_max_kib(in), line);
	b.user_rss_kib = bounded(in, BAD_USER_RSS, s->user_rss_kib, 0, rss_max_kib(in), line);

	int64_t interval = in->run->facts.interval_ms;
	int gap = s->t_mono_ms - mono0 > gap_limit_ms(in);
	struct et_scalar_integrals p;
	sample_part(in, in->have_prev_s ? &in->prev_s : NULL, &b, mono0, s->t_mono_ms, line, &p);
	if (!in->have_prev_s && gap && in->gaps++ < MAX_GAP_WARN) {
		et_run_warn(in->run, "gap of %.1f s between the launch and the first sample (line "
			    "%ld): not integrated (the job's %.2f CPU-s in it are not counted)",
			    (double)(s->t_mono_ms - mono0) / 1000.0, line, p.job_cpu_s);
	} else if (((in->have_prev_s && interval > 0 && s->t_mono_ms - mono0 > ET_GAP_INTERVALS * interval) || gap) &&
		   in->gaps++ < MAX_GAP_WARN) {
		if (gap)
			et_run_warn(in->run, "gap of %.1f s between samples at lines %ld and %ld "
				    "(interval %.1f s): not integrated (the job's %.2f CPU-s in it are "
				    "not counted)", (double)(s->t_mono_ms - mono0) / 1000.0,
				    in->prev_s_line, line, (double)interval / 1000.0, p.job_cpu_s);
		else
			et_run_warn(in->run, "gap of %.1f s between samples at lines %ld and %ld "
				    "(interval %.1f s): CPU counters stay exact, RSS bridged by a "
				    "straight line (trapezoid)", (double)(s->t_mono_ms - mono0) / 1000.0,
				    in->prev_s_line, line, (double)interval / 1000.0);
	}
	if (gap) {
		in->gap_s += p.duration_s;
		in->gap_job_cpu_s += p.job_cpu_s;
	} else if (spread(in, utc0, s->t_mono_ms - mono0, -1, &p, 1.0, err) < 0) {
		return -1;
	}
	if (in->n_rapl > 0)   /* only R records read it */
		remember_s_interval(in, s, &b, &p, gap, mono0, utc0);
	if (in->obs && in->obs->sample)
		observe_sample(in, s, &b, &p, gap);
	if (commit_gpu_queues(in, s->t_mono_ms, 0, INT64_MAX, err) < 0)
		return -1;
	in->prev_s = b;
	in->prev_s_line = line;
	in->have_prev_s = 1;
	if (in->job_cpu.seen)
		in->run->facts.job_cpu_s_last = in->job_cpu.known / in->run->facts.user_hz;
	if (in->user_cpu.seen)
		in->run->facts.user_cpu_s_last = in->user_cpu.known / in->run->facts.user_hz;
	return 0;
}

static void launch(struct et_integrator *in, const struct et_log_event *e)
{
	in->launched = 1;
	in->launch_mono = e->t_mono_ms;
	in->launch_utc = e->t_utc_ms;
	in->job_cpu.known_mono = in->user_cpu.known_mono = in->job_cgroup.known_mono = e->t_mono_ms;
	in->run->facts.launch_utc_ms = e->t_utc_ms;
	for (int s = 0; s < in->run->facts.n_gpus; s++)
		in->run->facts.gpus[s].idle_w = in->gpu[s].idle_n > 0 ?
			in->gpu[s].idle_sum / (double)in->gpu[s].idle_n : NAN;
}

static int add_event(struct et_integrator *in, const struct et_log_event *e, long line,
		     struct et_error *err)
{
	if (strcmp(e->event, ET_EV_LAUNCH) == 0) {
		if (in->launched)
			return et_error_set(err, in->run->log_path, line, "second launch event");
		launch(in, e);
	} else if (strcmp(e->event, ET_EV_WARNING) == 0) {
		if (in->etrec_warnings++ < MAX_ETREC_WARN)
			et_run_warn(in->run, "etrec (line %ld): %s", line, e->detail);
	} else if (strcmp(e->event, ET_EV_SIGNAL) == 0) {
		if (in->signals++ < MAX_ETREC_WARN)
			et_run_warn(in->run, "signal %s forwarded to the command (line %ld)", e->detail, line);
	}
	return 0;
}

/* Close the tracks at end_mono: the last S record is bridged forward (only when the end
 * record is there), GPU queues are cut at end_mono, each GPU is bridged to end_mono. */
static int close_tracks(struct et_integrator *in, int64_t end_mono, int64_t end_utc,
			int bridge_cpu, struct et_error *err)
{
	if (bridge_cpu) {
		int64_t mono0 = in->have_prev_s ? in->prev_s.t_mono_ms : in->launch_mono;
		int64_t utc0 = in->have_prev_s ? in->prev_s.t_utc_ms : in->launch_utc;
		struct et_scalar_integrals p;
		sample_part(in, in->have_prev_s ? &in->prev_s : NULL, NULL, mono0, end_mono,
			    in->line, &p);
		if (end_mono - mono0 > gap_limit_ms(in)) {
			if (in->gaps++ < MAX_GAP_WARN)
				et_run_warn(in->run, "gap of %.1f s between the last sample and the end "
					    "record (line %ld): not integrated", (double)(end_mono - mono0) /
					    1000.0, in->line);
			in->gap_s += p.duration_s;
		} else if (spread(in, utc0, end_mono - mono0, -1, &p, 1.0, err) < 0) {
			return -1;
		}
	}
	if (commit_gpu_queues(in, 0, 1, end_mono, err) < 0)
		return -1;
	for (int s = 0; s < in->run->facts.n_gpus; s++) {
		struct gpu_track *t = &in->gpu[s];
		if (!t->have_prev || t->prev.mono >= end_mono || end_mono - t->prev.mono > gap_limit_ms(in))
			continue;   /* after a gap: its power unknown there, said at the end */
		struct gpu_point b = bridge_point(end_mono, t->prev.utc + (end_mono - t->prev.mono));
		if (gpu_interval(in, s, &t->prev, &b, err) < 0 ||
		    commit_gpu_queues(in, 0, 1, end_mono, err) < 0)
			return -1;
	}
	(void)end_utc;
	return 0;
}

static int add_end(struct et_integrator *in, const struct et_log_end *x, long line,
		   struct et_error *err)
{
	struct et_run *run = in->run;
	int64_t last = in->have_prev_s ? in->prev_s.t_mono_ms : in->launch_mono;

	if (!in->launched)
		return et_error_set(err, run->log_path, line, "end record before the launch event");
	if (x->t_mono_ms < last)
		return et_error_set(err, run->log_path, line, "t_mono_ms goes backwards (%lld after %lld)",
				    (long long)x->t_mono_ms, (long long)last);
	/* The kernel's totals: at most what the CPUs could run from the launch to the end. */
	double cpu_max_s = cpu_capacity_jiffies(in, x->t_mono_ms - in->launch_mono) / run->facts.user_hz;
	double utime = bounded(in, BAD_END, x->job_utime_s, 0, cpu_max_s, line);
	double stime = bounded(in, BAD_END, x->job_stime_s, 0, cpu_max_s, line);
	double kernel_s = utime + stime;
	if (close_tracks(in, x->t_mono_ms, x->t_utc_ms, 1, err) < 0)
		return -1;
	/* When no sample after the launch gave the job's counter, the end record's totals
	 * are its reading at the end (they agree with it to the jiffy, docs/log-format.md):
	 * the CPU time since the launch, spread in proportion to time. */
	if (!in->job_cpu.after_launch && x->t_mono_ms > in->launch_mono && isfinite(kernel_s)) {
		struct et_scalar_integrals p;
		memset(&p, 0, sizeof(p));
		p.job_cpu_s = fmax(kernel_s - in->job_cpu.known / run->facts.user_hz, 0);
		if (spread(in, in->launch_utc, x->t_mono_ms - in->launch_mono, -1, &p, 1.0, err) < 0)
			return -1;
		run->facts.job_cpu_from_end = 1;
	}
	in->ended = 1;
	run->facts.complete = 1;
	run->facts.end_utc_ms = x->t_utc_ms;
	run->facts.duration_s = (double)(x->t_mono_ms - in->launch_mono) / 1000.0;
	run->facts.end.present = 1;
	snprintf(run->facts.end.status, sizeof(run->facts.end.status), "%s", x->status);
	run->facts.end.code = x->code;
	run->facts.end.etrec_exit = x->etrec_exit;
	run->facts.end.job_utime_s = utime;
	run->facts.end.job_stime_s = stime;
	run->facts.end.job_maxrss_kib = bounded(in, BAD_END, x->job_maxrss_kib, 0, MEM_MAX_KIB, line);
	run->facts.end.etrec_utime_s = bounded(in, BAD_END, x->etrec_utime_s, 0, cpu_max_s, line);
	run->facts.end.etrec_stime_s = bounded(in, BAD_END, x->etrec_stime_s, 0, cpu_max_s, line);
	run->facts.end.etrec_maxrss_kib = bounded(in, BAD_END, x->etrec_maxrss_kib, 0, MEM_MAX_KIB, line);
	run->facts.end.smi_utime_s = bounded(in, BAD_END, x->smi_utime_s, 0, cpu_max_s, line);
	run->facts.end.smi_stime_s = bounded(in, BAD_END, x->smi_stime_s, 0, cpu_max_s, line);
	if (run->facts.job_cpu_from_end)
		et_run_warn(run, "no sample after the launch gives the job's CPU time (job_cpu_jiffies): "
			    "its %.2f CPU-s are taken from the end record (job_utime_s + job_stime_s)",
			    kernel_s);
	return 0;
}

/* The times every record carries: on the calendar between 2000 and 2100, and at most a
 * year after the launch. */
static int check_times(struct et_integrator *in, const struct et_log_record *rec,
		       struct et_error *err)
{
	int64_t mono, utc;

	switch (rec->kind) {
	case ET_LOG_SAMPLE: mono = rec->u.s.t_mono_ms; utc = rec->u.s.t_utc_ms; break;
	case ET_LOG_GPU: mono = rec->u.g.t_mono_ms; utc = rec->u.g.t_utc_ms; break;
	case ET_LOG_EVENT: mono = rec->u.e.t_mono_ms; utc = rec->u.e.t_utc_ms; break;
	case ET_LOG_RAPL: mono = rec->u.r.t_mono_ms; utc = rec->u.r.t_utc_ms; break;
	case ET_LOG_PROC: mono = rec->u.p.t_mono_ms; utc = rec->u.p.t_utc_ms; break;
	default: mono = rec->u.x.t_mono_ms; utc = rec->u.x.t_utc_ms; break;
	}
	if (utc < UTC_MIN_MS || utc >= UTC_MAX_MS)
		return et_error_set(err, in->run->log_path, rec->line, "t_utc_ms %lld is not a time "
				    "between the years 2000 and 2100", (long long)utc);
	if (mono < 0)
		return et_error_set(err, in->run->log_path, rec->line, "t_mono_ms %lld is negative",
				    (long long)mono);
	if (in->launched && mono - in->launch_mono > MAX_RUN_MS)
		return et_error_set(err, in->run->log_path, rec->line, "t_mono_ms %lld is %.0f days "
				    "after the launch: a run lasts less than a year, this is not one etrec "
				    "recorded", (long long)mono, (double)(mono - in->launch_mono) / 86400000.0);
	return 0;
}

int et_integrator_add(struct et_integrator *in, const struct et_log_record *rec,
		      struct et_error *err)
{
	if (in->ended)
		return et_error_set(err, in->run->log_path, rec->line, "record after the end record");
	in->line = rec->line;
	if (check_times(in, rec, err) < 0)
		return -1;
	switch (rec->kind) {
	case ET_LOG_SAMPLE:
		return add_sample(in, &rec->u.s, rec->line, err);
	case ET_LOG_GPU:
		return add_gpu(in, &rec->u.g, rec->line, err);
	case ET_LOG_EVENT:
		return add_event(in, &rec->u.e, rec->line, err);
	case ET_LOG_END:
		return add_end(in, &rec->u.x, rec->line, err);
	case ET_LOG_RAPL:
		return add_rapl(in, &rec->u.r, rec->line, err);
	case ET_LOG_PROC:
		return add_proc(in, &rec->u.p, rec->line);
	}
	return 0;
}

/* What was wrong with a counter's values, said once each. */
static void counter_warnings(struct et_integrator *in, const struct counter *c)
{
	struct et_run *run = in->run;

	if (c->down)
		et_run_warn(run, "%s went down %ld time%s (first at line %ld: %.0f after %.0f): a "
			    "cumulative counter never decreases, so each such value was skipped and the "
			    "CPU time bridged from the last good value to the next", c->name, c->down,
			    c->down == 1 ? "" : "s", c->down_line, c->down_value, c->down_known);
	if (c->fast)
		et_run_warn(run, "%s rose faster than %d logical CPUs can run %ld time%s (first at "
			    "line %ld: %.4g jiffies in %.1f s): each such value was skipped and the CPU "
			    "time bridged from the last good value to the next%s%s", c->name,
			    run->facts.logical_cpus, c->fast, c->fast == 1 ? "" : "s", c->fast_line,
			    c->fast_delta, c->fast_dt, c->late ? "; a jump the next value kept, within "
			    "what the CPUs could run since the launch, is counted (CPU time reported at "
			    "once)" : "", c->persisted || c->have_pending ? "; a jump the next values "
			    "kept beyond what the CPUs could run since the launch, or in the last "
			    "sample, is not counted" : "");
	if (c->not_finite)
		et_run_warn(run, "%s: %ld value%s not a finite number (first at line %ld): taken as "
			    "unknown", c->name, c->not_finite, c->not_finite == 1 ? "" : "s",
			    c->not_finite_line);
}

/* Warnings that summarise the whole run. */
static void final_warnings(struct et_integrator *in)
{
	struct et_run *run = in->run;
	const double dur = run->facts.duration_s, eps = 1e-6;

	if (in->gaps > MAX_GAP_WARN)
		et_run_warn(run, "%ld more gaps between samples not listed", in->gaps - MAX_GAP_WARN);
	if (in->etrec_warnings > MAX_ETREC_WARN)
		et_run_warn(run, "%ld more etrec warnings not listed", in->etrec_warnings - MAX_ETREC_WARN);
	if (in->gap_s > 0)
		et_run_warn(run, "%.1f s of gaps longer than %.1f s not integrated: the run's figures "
			    "cover %.1f s of its %.1f s (the job's %.2f CPU-s in the gaps not counted)",
			    in->gap_s, (double)gap_limit_ms(in) / 1000.0, run->integrals.total.duration_s, dur,
			    in->gap_job_cpu_s);
	counter_warnings(in, &in->job_cpu);
	counter_warnings(in, &in->job_cgroup);
	counter_warnings(in, &in->user_cpu);
	if (in->rapl_na)
		et_run_warn(run, "RAPL: %ld R records without a good energy_uj (NA, negative or not "
			    "finite): each zone's next good reading bridges from its last one", in->rapl_na);
	if (in->rapl_down)
		et_run_warn(run, "RAPL: a zone's cumulative energy went down %ld time%s (first at line "
			    "%ld): nothing counted across each", in->rapl_down, in->rapl_down == 1 ? "" : "s",
			    in->rapl_down_line);
	if (in->proc_bad)
		et_run_warn(run, "P records: %ld with an SM %% that is negative, not finite or beyond any "
			    "count of processes (first at line %ld): the GPU's shares unknown there",
			    in->proc_bad, in->proc_bad_line);
	if (in->cgroup_scope) {
		run->facts.job_cpu_from_cgroup = in->cgroup_lost ? (in->job_cgroup.after_launch ? 2 : 0) : 1;
		if (in->cgroup_lost)
			et_run_warn(run, "job_scope is \"cgroup\" but job_cgroup_usec is unknown from line "
				    "%ld on: the job's CPU time comes from job_cgroup_usec up to there, from "
				    "job_cpu_jiffies after", in->cgroup_lost_line);
	}
	if (in->neg_sys)
		et_run_warn(run, "machine jiffies decreased %ld times: load unknown there", in->neg_sys);
	if (in->fast_sys)
		et_run_warn(run, "machine jiffies (sys_busy_jiffies, sys_total_jiffies) not finite or "
			    "rising faster than %d logical CPUs can run %ld times (first at line %ld): "
			    "load unknown there", run->facts.logical_cpus, in->fast_sys, in->fast_sys_line);
	for (int c = 0; c < N_BAD; c++)
		if (in->bad[c].n)
			et_run_warn(run, "%s: %ld value%s not finite, negative or beyond what the machine "
				    "can do (first at line %ld: %.10g%s): taken as unknown", bad_name[c],
				    in->bad[c].n, in->bad[c].n == 1 ? "" : "s", in->bad[c].first_line,
				    in->bad[c].first_value, bad_unit[c]);
	if (dur > eps && !in->job_cpu.after_launch && !run->facts.job_cpu_from_end)
		et_run_warn(run, "the job's CPU time is unknown: no sample after the launch gives "
			    "job_cpu_jiffies%s: counted as 0 s", run->facts.complete ?
			    " and the end record has no job_utime_s + job_stime_s" : " and there is no end record");
	if (dur > eps && !in->user_cpu.after_launch)
		et_run_warn(run, "the user's CPU time is unknown: no sample after the launch gives "
			    "user_cpu_jiffies: counted as 0 s (--scope user undercounts)");
	/* The user's counter holds the job's processes, but samples them (the paper's
	 * method): it loses the last interval of each process that exits between samples,
	 * where the job's counter adds the kernel's totals. Say so when it shows (1%). */
	if (run->facts.user_cpu_s_last < 0.99 * run->facts.job_cpu_s_last)
		et_run_warn(run, "the user's CPU time (%.2f s) is below the job's (%.2f s): the user "
			    "scope samples processes, so the last interval of each one that exited "
			    "between samples is lost (--scope user undercounts here)",
			    run->facts.user_cpu_s_last, run->facts.job_cpu_s_last);
	if (dur > eps && run->integrals.total.rss_known_s < dur - eps)
		et_run_warn(run, "job RSS unknown for %.1f s of %.1f s: not integrated there",
			    dur - run->integrals.total.rss_known_s, dur);
	for (int s = 0; s < run->facts.n_gpus; s++) {
		const struct et_gpu_integrals *g = &run->integrals.total.gpu[s];
		int index = run->facts.gpus[s].index;
		if (in->gpu[s].gaps > MAX_GAP_WARN)
			et_run_warn(run, "gpu %d: %ld more gaps not listed", index, in->gpu[s].gaps - MAX_GAP_WARN);
		if (dur > eps && g->known_s <= eps)
			et_run_warn(run, "gpu %d: no power reading during the run", index);
		else if (dur > eps && g->known_s < dur - eps)
			et_run_warn(run, "gpu %d: power unknown for %.1f s of %.1f s: not integrated there",
				    index, dur - g->known_s, dur);
		if (g->procs_unknown_job_s > eps || g->procs_unknown_user_s > eps)
			et_run_warn(run, "gpu %d: its compute processes are unknown (job_procs/user_procs "
				    "NA) for %.1f s (job) / %.1f s (user) of %.1f s, %.4f Wh of whole power: "
				    "ga charges no GPU energy there; greenalgorithms, carbontracker and gpu "
				    "count this GPU only if the scope was seen on it at another time",
				    index, g->procs_unknown_job_s, g->procs_unknown_user_s, dur,
				    fmax(g->procs_unknown_job_j, g->procs_unknown_user_j) / 3600.0);
		if (g->known_s > eps && !isfinite(run->facts.gpus[s].idle_w))
			et_run_warn(run, "gpu %d: no idle baseline in the log (etrec --idle): above-idle "
				    "power counts the whole power (idle taken as 0 W)", index);
	}
}

int et_integrator_finish(struct et_integrator *in, int partial_line, struct et_error *err)
{
	struct et_run *run = in->run;

	if (!in->launched)
		return et_error_set(err, run->log_path, 0, "no launch event: the command never started");
	if (partial_line)
		et_run_warn(run, "the last line has no final newline: ignored");
	if (!in->ended) {
		int64_t end_mono = in->have_prev_s ? in->prev_s.t_mono_ms : in->launch_mono;
		int64_t end_utc = in->have_prev_s ? in->prev_s.t_utc_ms : in->launch_utc;
		if (close_tracks(in, end_mono, end_utc, 0, err) < 0)
			return -1;
		run->facts.complete = 0;
		run->facts.end_utc_ms = end_utc;
		run->facts.duration_s = (double)(end_mono - in->launch_mono) / 1000.0;
		et_run_warn(run, "log truncated (no end record): estimated up to the last sample, "
			    "%.1f s after the launch", run->facts.duration_s);
	}
	final_warnings(in);
	if (sort_buckets(in) < 0)
		return et_error_set(err, run->log_path, 0, "out of memory");
	return 0;
}

/* ---- header ---- */

static int header_int(json_t *h, const char *key, long long dflt, long long *out)
{
	json_t *v = json_object_get(h, key);
	if (!v || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* A scheduler variable (a string) that is a whole positive number up to max, else NAN. */
static double header_positive(json_t *obj, const char *key, double max)
{
	const char *s = json_string_value(json_object_get(obj, key));
	char *end;
	double v;

	if (!s || !*s)
		return NAN;
	v = strtod(s, &end);
	return *end == '\0' && isfinite(v) && v > 0 && v <= max && v == floor(v) ? v : NAN;
}

static const char *header_str(json_t *h, const char *key)
{
	const char *s = json_string_value(json_object_get(h, key));
	return s ? s : "";
}

/* Copy src into dst (size n), cut on a UTF-8 character boundary when it is too long:
 * the JSON writers refuse half a character. */
static void copy_cut_utf8(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;   /* src[len] continues a character: cut before it */
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static int read_gpus(struct et_run *run, json_t *gpus, struct et_error *err)
{
	size_t i;
	json_t *g;

	if (!gpus || json_is_null(gpus))
		return 0;
	if (!json_is_array(gpus))
		return et_error_set(err, run->log_path, 2, "header \"gpus\" is not an array");
	json_array_foreach(gpus, i, g) {
		json_t *index = json_object_get(g, "index");
		if (!json_is_integer(index))
			return et_error_set(err, run->log_path, 2, "header gpus[%zu] has no integer \"index\"", i);
		json_int_t ix = json_integer_value(index);
		if (ix < INT_MIN || ix > INT_MAX)
			return et_error_set(err, run->log_path, 2, "header gpus[%zu] \"index\" %lld is "
					    "not a GPU index", i, (long long)ix);
		int dup = 0;
		for (int k = 0; k < run->facts.n_gpus && !dup; k++)
			dup = run->facts.gpus[k].index == (int)ix;
		if (dup) {
			et_run_warn(run, "header gpus[%zu] repeats gpu index %lld: ignored", i, (long long)ix);
			continue;
		}
		if (run->facts.n_gpus == ET_MAX_GPUS) {
			et_run_warn(run, "more than %d GPUs in the header: the others are ignored", ET_MAX_GPUS);
			break;
		}
		struct et_gpu_info *gi = &run->facts.gpus[run->facts.n_gpus++];
		gi->index = (int)ix;
		copy_cut_utf8(gi->uuid, sizeof(gi->uuid), header_str(g, "uuid"));
		copy_cut_utf8(gi->name, sizeof(gi->name), header_str(g, "name"));
		json_t *limit = json_object_get(g, "power_limit_w");
		gi->power_limit_w = json_is_number(limit) ? json_number_value(limit) : NAN;
		if (isfinite(gi->power_limit_w) && (gi->power_limit_w < 0 || gi->power_limit_w > GPU_MAX_W)) {
			et_run_warn(run, "header gpus[%zu] \"power_limit_w\" %g W is beyond what a GPU "
				    "draws (0 to %.0f W): taken as unknown", i, gi->power_limit_w, GPU_MAX_W);
			gi->power_limit_w = NAN;
		}
		gi->idle_w = NAN;
	}
	return 0;
}

/* Format 1.2: the header's rapl object (source, zones) into the facts and in's zones, and
 * gpu_process_source. Absent (older logs): "" and no zone. A zone without an integer id
 * is refused; one whose id repeats is ignored with a warning. */
static int read_rapl(struct et_integrator *in, json_t *h, struct et_error *err)
{
	struct et_run *run = in->run;
	json_t *rapl = json_object_get(h, "rapl"), *zones = json_object_get(rapl, "zones"), *z;
	size_t i, used = 0;

	run->facts.rapl_source = json_string_value(json_object_get(rapl, "source"));
	if (!run->facts.rapl_source)
		run->facts.rapl_source = "";
	run->facts.gpu_process_source = header_str(h, "gpu_process_source");
	run->facts.rapl_names[0] = '\0';
	if (zones && !json_is_array(zones))
		return et_error_set(err, run->log_path, 2, "header \"rapl\".\"zones\" is not an array");
	json_array_foreach(zones, i, z) {
		json_t *id = json_object_get(z, "id");
		const char *name = json_string_value(json_object_get(z, "name"));
		struct rapl_zone *rz;

		if (!json_is_integer(id))
			return et_error_set(err, run->log_path, 2, "header rapl.zones[%zu] has no integer "
					    "\"id\"", i);
		if (rapl_zone_of(in, json_integer_value(id))) {
			et_run_warn(run, "header rapl.zones[%zu] repeats zone id %lld: ignored", i,
				    (long long)json_integer_value(id));
			continue;
		}
		if (in->n_rapl == MAX_RAPL_ZONES) {
			et_run_warn(run, "more than %d RAPL zones in the header: the others are ignored",
				    MAX_RAPL_ZONES);
			break;
		}
		rz = &in->rapl[in->n_rapl++];
		rz->id = json_integer_value(id);
		name = name ? name : "";
		rz->kind = strncmp(name, "package", 7) == 0 ? RAPL_PACKAGE
			   : strcmp(name, "core") == 0 ? RAPL_CORE
			   : strcmp(name, "uncore") == 0 ? RAPL_UNCORE
			   : strcmp(name, "dram") == 0 ? RAPL_DRAM
			   : strcmp(name, "psys") == 0 ? RAPL_PSYS : RAPL_OTHER;
		rz->top = json_is_null(json_object_get(z, "parent")) || !json_object_get(z, "parent");
		if (used < sizeof(run->facts.rapl_names))
			used += (size_t)snprintf(run->facts.rapl_names + used,
						 sizeof(run->facts.rapl_names) - used, "%s%.40s",
						 used ? ", " : "", *name ? name : "?");
	}
	run->facts.rapl_zones = in->n_rapl;
	return 0;
}

static int read_header(struct et_run *run, json_t *h, struct et_error *err)
{
	long long v;

	run->header = json_incref(h);
	run->facts.host = header_str(h, "host");
	run->facts.user = header_str(h, "user");
	run->facts.cpu_model = header_str(h, "cpu_model");
	json_t *scheduler = json_object_get(h, "scheduler");
	run->facts.scheduler_known = json_is_object(scheduler);
	run->facts.cuda_visible_devices =
		json_string_value(json_object_get(scheduler, "CUDA_VISIBLE_DEVICES"));
	run->facts.booked_cpus = header_positive(scheduler, "SLURM_CPUS_ON_NODE", 1e6);
	run->facts.booked_mem_gb = header_positive(scheduler, "SLURM_MEM_PER_NODE", 1e12) / 1024.0;
	if (header_int(h, "user_hz", 0, &v) < 0 || v <= 0 || v > 1000000)
		return et_error_set(err, run->log_path, 2, "header \"user_hz\" is not a positive integer");
	run->facts.user_hz = (int)v;
	if (header_int(h, "logical_cpus", 0, &v) < 0 || v <= 0 || v > 1000000)
		return et_error_set(err, run->log_path, 2, "header \"logical_cpus\" is not a positive integer");
	run->facts.logical_cpus = (int)v;
	if (header_int(h, "physical_cores", run->facts.logical_cpus, &v) < 0 || v <= 0 || v > 1000000)
		return et_error_set(err, run->log_path, 2, "header \"physical_cores\" is not a positive integer");
	run->facts.physical_cores = (int)v;
	if (header_int(h, "sockets", 1, &v) < 0 || v <= 0 || v > 100000)
		return et_error_set(err, run->log_path, 2, "header \"sockets\" is not a positive integer");
	run->facts.sockets = (int)v;
	if (header_int(h, "interval_ms", 0, &v) < 0 || v < 0)
		return et_error_set(err, run->log_path, 2, "header \"interval_ms\" is not an integer");
	if (v > MAX_INTERVAL_MS)
		return et_error_set(err, run->log_path, 2, "header \"interval_ms\" is %lld ms, more "
				    "than a day: etrec samples every 0.1 s to 86400 s", v);
	run->facts.interval_ms = v;
	json_t *mem = json_object_get(h, "mem_total_kib");
	run->facts.mem_total_kib = json_is_number(mem) ? json_number_value(mem) : NAN;
	if (isfinite(run->facts.mem_total_kib) && (run->facts.mem_total_kib < 1 || run->facts.mem_total_kib > MEM_MAX_KIB)) {
		et_run_warn(run, "header \"mem_total_kib\" %g is not a machine's memory: taken as unknown",
			    run->facts.mem_total_kib);
		run->facts.mem_total_kib = NAN;
	}
	return read_gpus(run, json_object_get(h, "gpus"), err);
}

int et_integrator_new(struct et_run *run, json_t *header, const char *log_path,
		      struct et_integrator **out, struct et_error *err)
{
	struct et_integrator *in = calloc(1, sizeof(*in));

	*out = NULL;
	if (!in)
		return et_error_set(err, log_path, 0, "out of memory");
	in->run = run;
	snprintf(run->log_path, sizeof(run->log_path), "%s", log_path);
	in->job_cpu.name = "job_cpu_jiffies";
	in->job_cgroup.name = "job_cgroup_usec (in jiffies)";
	in->job_cgroup.known = 0;
	in->user_cpu.name = "user_cpu_jiffies";
	in->job_cpu.known = 0;      /* the job and user counters start at 0 at launch */
	in->user_cpu.known = 0;
	run->facts.job_cpu_s_last = run->facts.user_cpu_s_last = NAN;   /* until a sample gives them */
	in->sys_busy_known = NAN;
	in->sys_total_known = NAN;
	if (read_header(run, header, err) < 0 || read_rapl(in, header, err) < 0) {
		free(in);
		return -1;
	}
	json_t *scope = json_object_get(header, "job_scope");
	in->cgroup_scope = json_is_string(json_object_get(scope, "source")) &&
			   strcmp(json_string_value(json_object_get(scope, "source")), "cgroup") == 0;
	*out = in;
	return 0;
}

void et_integrator_observe(struct et_integrator *in, const struct et_run_observer *obs)
{
	in->obs = obs;
}

void et_integrator_by_day(struct et_integrator *in, const struct et_zone *zone)
{
	in->day_zone = zone;
	in->cal_lo = in->cal_hi = 0;   /* nothing looked up in the new calendar yet */
	in->run->integrals.by_day = zone != NULL;
}

void et_integrator_free(struct et_integrator *in)
{
	if (!in)
		return;
	free(in->order);
	free(in);
}
