/* integrate.c - the integrator: records in, time integrals out (totals and quarter-hour
 * buckets of struct et_run). The rules are summed up in integrate.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "et_logfmt.h"
#include "integrate.h"

#define GPU_QUEUE_CAP  32     /* GPU intervals held until an S record passes them */
#define MAX_GAP_WARN   10     /* gap warnings reported one by one, then counted */
#define MAX_ETREC_WARN 20     /* etrec warnings copied, then counted */

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
	size_t bucket_cap;

	int launched, ended;
	int64_t launch_mono, launch_utc;

	int have_prev_s;
	struct et_log_sample prev_s;
	long prev_s_line;
	double job_cpu_known, user_cpu_known;   /* last known counter values (jiffies) */
	double sys_busy_known, sys_total_known;

	struct gpu_track gpu[ET_MAX_GPUS];

	long gaps, neg_job, neg_user, neg_sys, etrec_warnings;
	int warned_idle_after_launch, warned_too_many_gpus, warned_other_phase;
};

/* ---- buckets ---- */

static int64_t bucket_floor(int64_t utc_ms)
{
	int64_t q = utc_ms / ET_BUCKET_MS;
	if (utc_ms % ET_BUCKET_MS < 0)
		q--;
	return q * ET_BUCKET_MS;
}

/* The bucket starting at start (created in order if missing), or NULL if out of memory. */
static struct et_bucket *bucket_at(struct et_integrator *in, int64_t start)
{
	struct et_run *run = in->run;
	size_t lo = 0, hi = run->integrals.n_buckets;

	if (hi > 0 && run->integrals.buckets[hi - 1].utc_start_ms == start)
		return &run->integrals.buckets[hi - 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (run->integrals.buckets[mid].utc_start_ms < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < run->integrals.n_buckets && run->integrals.buckets[lo].utc_start_ms == start)
		return &run->integrals.buckets[lo];
	if (run->integrals.n_buckets == in->bucket_cap) {
		size_t cap = in->bucket_cap ? in->bucket_cap * 2 : 16;
		struct et_bucket *nb = realloc(run->integrals.buckets, cap * sizeof(*nb));
		if (!nb)
			return NULL;
		run->integrals.buckets = nb;
		in->bucket_cap = cap;
	}
	memmove(&run->integrals.buckets[lo + 1], &run->integrals.buckets[lo],
		(run->integrals.n_buckets - lo) * sizeof(run->integrals.buckets[0]));
	memset(&run->integrals.buckets[lo], 0, sizeof(run->integrals.buckets[0]));
	run->integrals.buckets[lo].utc_start_ms = start;
	run->integrals.n_buckets++;
	return &run->integrals.buckets[lo];
}

/* Add an interval's part (CPU if slot < 0, else GPU slot) to the total and, split in
 * proportion to time, to the buckets [utc0, utc0 + len_ms) overlaps. */
static int spread(struct et_integrator *in, int64_t utc0, int64_t len_ms, int slot,
		  const void *part, double scale, struct et_error *err)
{
	int64_t end = utc0 + len_ms;
	int64_t b = bucket_floor(utc0);

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
	do {
		struct et_bucket *bk = bucket_at(in, b);
		if (!bk)
			return et_error_set(err, in->run->log_path, 0, "out of memory");
		double f = 1.0;
		if (len_ms > 0) {
			int64_t lo = utc0 > b ? utc0 : b;
			int64_t hi = end < b + ET_BUCKET_MS ? end : b + ET_BUCKET_MS;
			f = (double)(hi - lo) / (double)len_ms;
		}
		if (slot < 0)
			et_scalar_integrals_add_scaled(&bk->q, part, scale * f);
		else
			et_gpu_integrals_add_scaled(&bk->q.gpu[slot], part, scale * f);
		b += ET_BUCKET_MS;
	} while (b < end);
	return 0;
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

/* Delta of a cumulative counter from its last known value; a decrease counts as 0. */
static double counter_delta(double now, double *known, long *negatives)
{
	if (!isfinite(now))
		return 0;
	double d = isfinite(*known) ? now - *known : 0;
	*known = now;
	if (d < 0) {
		(*negatives)++;
		return 0;
	}
	return d;
}

/* ---- CPU track (S records) ---- */

static int sample_interval(struct et_integrator *in, const struct et_log_sample *a,
			   const struct et_log_sample *b, int64_t mono0, int64_t utc0,
			   int64_t mono1, struct et_error *err)
{
	const double hz = in->run->facts.user_hz;
	double dt = (double)(mono1 - mono0) / 1000.0;
	struct et_scalar_integrals p = {0};
	double unused = 0;

	p.duration_s = dt;
	if (b) {
		p.job_cpu_s = counter_delta(b->job_cpu_jiffies, &in->job_cpu_known, &in->neg_job) / hz;
		p.user_cpu_s = counter_delta(b->user_cpu_jiffies, &in->user_cpu_known, &in->neg_user) / hz;
		double busy0 = in->sys_busy_known, total0 = in->sys_total_known;
		if (isfinite(b->sys_busy_jiffies) && isfinite(b->sys_total_jiffies)) {
			if (isfinite(busy0) && isfinite(total0)) {
				double dbusy = b->sys_busy_jiffies - busy0;
				double dtotal = b->sys_total_jiffies - total0;
				if (dbusy < 0 || dtotal < 0) {
					in->neg_sys++;
				} else if (dtotal > 0) {
					double load = dbusy / dtotal;
					if (load > 1)
						load = 1;
					p.sys_busy_s = dbusy / hz;
					p.sys_total_s = dtotal / hz;
					p.sys_load_cubed_s = load * load * load * dt;
				}
			}
			in->sys_busy_known = b->sys_busy_jiffies;
			in->sys_total_known = b->sys_total_jiffies;
		}
	}
	double ja = a ? a->job_rss_kib : NAN, jb = b ? b->job_rss_kib : NAN;
	double ua = a ? a->user_rss_kib : NAN, ub = b ? b->user_rss_kib : NAN;
	p.job_rss_kib_s = trapezoid(ja, jb, dt, &p.rss_known_s);
	p.user_rss_kib_s = trapezoid(ua, ub, dt, &unused);
	return spread(in, utc0, mono1 - mono0, -1, &p, 1.0, err);
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

	if (iv->mono0 >= clip_mono && iv->mono1 > iv->mono0)
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
	struct gpu_interval iv;
	struct et_gpu_integrals *q = &iv.q;
	double unused = 0;

	memset(&iv, 0, sizeof(iv));
	iv.mono0 = a->mono;
	iv.mono1 = b->mono;
	iv.utc0 = a->utc;
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
	if (t->q_len == GPU_QUEUE_CAP) {   /* no S record for a long time: commit the oldest */
		if (commit_gpu(in, slot, &t->queue[t->q_head], INT64_MAX, err) < 0)
			return -1;
		t->q_head = (t->q_head + 1) % GPU_QUEUE_CAP;
		t->q_len--;
	}
	t->queue[(t->q_head + t->q_len) % GPU_QUEUE_CAP] = iv;
	t->q_len++;
	return 0;
}

static void point_of(struct gpu_point *p, const struct et_log_gpu *g, long line)
{
	p->line = line;
	p->mono = g->t_mono_ms;
	p->utc = g->t_utc_ms;
	p->power_w = g->power_w;
	p->util_pct = g->util_pct;
	p->job_procs = g->job_procs;
	p->user_procs = g->user_procs;
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
		} else if (isfinite(g->power_w)) {
			t->idle_sum += g->power_w;
			t->idle_n++;
		}
		return 0;
	}
	if (!in->launched)
		return et_error_set(err, path, line, "run-phase G record before the launch event");
	struct gpu_point b, a = t->have_prev ? t->prev : bridge_point(in->launch_mono, in->launch_utc);
	point_of(&b, g, line);
	if (b.mono < a.mono)
		return et_error_set(err, path, line, "t_mono_ms goes backwards (gpu %d: %lld after %lld)",
				    g->gpu_index, (long long)b.mono, (long long)a.mono);
	int64_t interval = in->run->facts.interval_ms;
	if (t->have_prev && interval > 0 && b.mono - a.mono > 3 * interval && t->gaps++ < MAX_GAP_WARN)
		et_run_warn(in->run, "gpu %d: gap of %.1f s between readings at lines %ld and %ld "
			    "(interval %.1f s): power bridged by a straight line (trapezoid)",
			    g->gpu_index, (double)(b.mono - a.mono) / 1000.0, a.line, line,
			    (double)interval / 1000.0);
	if (gpu_interval(in, slot, &a, &b, err) < 0)
		return -1;
	t->prev = b;
	t->have_prev = 1;
	return 0;
}

/* ---- records ---- */

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
	int64_t interval = in->run->facts.interval_ms;
	if (in->have_prev_s && interval > 0 && s->t_mono_ms - mono0 > 3 * interval &&
	    in->gaps++ < MAX_GAP_WARN)
		et_run_warn(in->run, "gap of %.1f s between samples at lines %ld and %ld (interval "
			    "%.1f s): CPU counters stay exact, RSS bridged by a straight line (trapezoid)",
			    (double)(s->t_mono_ms - mono0) / 1000.0, in->prev_s_line, line,
			    (double)interval / 1000.0);
	if (sample_interval(in, in->have_prev_s ? &in->prev_s : NULL, s, mono0, utc0,
			    s->t_mono_ms, err) < 0)
		return -1;
	if (commit_gpu_queues(in, s->t_mono_ms, 0, INT64_MAX, err) < 0)
		return -1;
	in->prev_s = *s;
	in->prev_s_line = line;
	in->have_prev_s = 1;
	if (!isfinite(in->run->facts.mem_total_kib) && isfinite(s->mem_total_kib) && s->mem_total_kib > 0)
		in->run->facts.mem_total_kib = s->mem_total_kib;   /* the header lacked it */
	if (isfinite(s->job_cpu_jiffies))
		in->run->facts.job_cpu_s_last = s->job_cpu_jiffies / in->run->facts.user_hz;
	if (isfinite(s->user_cpu_jiffies))
		in->run->facts.user_cpu_s_last = s->user_cpu_jiffies / in->run->facts.user_hz;
	return 0;
}

static void launch(struct et_integrator *in, const struct et_log_event *e)
{
	in->launched = 1;
	in->launch_mono = e->t_mono_ms;
	in->launch_utc = e->t_utc_ms;
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
		if (sample_interval(in, in->have_prev_s ? &in->prev_s : NULL, NULL, mono0, utc0,
				    end_mono, err) < 0)
			return -1;
	}
	if (commit_gpu_queues(in, 0, 1, end_mono, err) < 0)
		return -1;
	for (int s = 0; s < in->run->facts.n_gpus; s++) {
		struct gpu_track *t = &in->gpu[s];
		if (!t->have_prev || t->prev.mono >= end_mono)
			continue;
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
	if (close_tracks(in, x->t_mono_ms, x->t_utc_ms, 1, err) < 0)
		return -1;
	in->ended = 1;
	run->facts.complete = 1;
	run->facts.end_utc_ms = x->t_utc_ms;
	run->facts.duration_s = (double)(x->t_mono_ms - in->launch_mono) / 1000.0;
	run->facts.end.present = 1;
	snprintf(run->facts.end.status, sizeof(run->facts.end.status), "%s", x->status);
	run->facts.end.code = x->code;
	run->facts.end.etrec_exit = x->etrec_exit;
	run->facts.end.job_utime_s = x->job_utime_s;
	run->facts.end.job_stime_s = x->job_stime_s;
	run->facts.end.job_maxrss_kib = x->job_maxrss_kib;
	run->facts.end.etrec_utime_s = x->etrec_utime_s;
	run->facts.end.etrec_stime_s = x->etrec_stime_s;
	run->facts.end.etrec_maxrss_kib = x->etrec_maxrss_kib;
	run->facts.end.smi_utime_s = x->smi_utime_s;
	run->facts.end.smi_stime_s = x->smi_stime_s;
	return 0;
}

int et_integrator_add(struct et_integrator *in, const struct et_log_record *rec,
		      struct et_error *err)
{
	if (in->ended)
		return et_error_set(err, in->run->log_path, rec->line, "record after the end record");
	switch (rec->kind) {
	case ET_LOG_SAMPLE:
		return add_sample(in, &rec->u.s, rec->line, err);
	case ET_LOG_GPU:
		return add_gpu(in, &rec->u.g, rec->line, err);
	case ET_LOG_EVENT:
		return add_event(in, &rec->u.e, rec->line, err);
	case ET_LOG_END:
		return add_end(in, &rec->u.x, rec->line, err);
	}
	return 0;
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
	if (in->neg_job)
		et_run_warn(run, "job_cpu_jiffies decreased %ld times: those deltas counted as 0 s", in->neg_job);
	if (in->neg_user)
		et_run_warn(run, "user_cpu_jiffies decreased %ld times: those deltas counted as 0 s", in->neg_user);
	if (in->neg_sys)
		et_run_warn(run, "machine jiffies decreased %ld times: load unknown there", in->neg_sys);
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

static const char *header_str(json_t *h, const char *key)
{
	const char *s = json_string_value(json_object_get(h, key));
	return s ? s : "";
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
		if (run->facts.n_gpus == ET_MAX_GPUS) {
			et_run_warn(run, "more than %d GPUs in the header: the others are ignored", ET_MAX_GPUS);
			break;
		}
		struct et_gpu_info *gi = &run->facts.gpus[run->facts.n_gpus++];
		gi->index = (int)json_integer_value(index);
		snprintf(gi->uuid, sizeof(gi->uuid), "%s", header_str(g, "uuid"));
		snprintf(gi->name, sizeof(gi->name), "%s", header_str(g, "name"));
		json_t *limit = json_object_get(g, "power_limit_w");
		gi->power_limit_w = json_is_number(limit) ? json_number_value(limit) : NAN;
		gi->idle_w = NAN;
	}
	return 0;
}

static int read_header(struct et_run *run, json_t *h, struct et_error *err)
{
	long long v;

	run->header = json_incref(h);
	run->facts.host = header_str(h, "host");
	run->facts.user = header_str(h, "user");
	run->facts.cpu_model = header_str(h, "cpu_model");
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
	run->facts.interval_ms = v;
	json_t *mem = json_object_get(h, "mem_total_kib");
	run->facts.mem_total_kib = json_is_number(mem) ? json_number_value(mem) : NAN;
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
	in->job_cpu_known = 0;      /* the job and user counters start at 0 at launch */
	in->user_cpu_known = 0;
	in->sys_busy_known = NAN;
	in->sys_total_known = NAN;
	if (read_header(run, header, err) < 0) {
		free(in);
		return -1;
	}
	*out = in;
	return 0;
}

void et_integrator_free(struct et_integrator *in)
{
	free(in);
}
