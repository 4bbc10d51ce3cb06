/* integrate.h - turns a log's records, in order, into the time integrals of struct et_run
 * (totals and buckets: UTC quarter-hours or local days), with warnings for gaps, NA values
 * and truncation. */
#ifndef ET_INTEGRATE_H
#define ET_INTEGRATE_H

#include <jansson.h>

#include "et_error.h"
#include "et_run.h"
#include "local_time.h"
#include "log_read.h"

/*
 * What the integrator does, in short (the details are in integrate.c):
 * - The run lasts from the launch event to the X record (or, for a truncated log, to the
 *   last S record). Idle-phase G records only give each GPU's idle baseline.
 * - Intervals are measured with t_mono_ms and placed on the calendar with t_utc_ms; an
 *   interval that crosses a bucket's boundary (a UTC quarter-hour, or a local midnight
 *   with et_integrator_by_day) is split in proportion to time.
 * - Counters (jiffies) give exact deltas between consecutive good values. A value below
 *   the last good one (a glitch) or rising faster than the machine's CPUs can run is
 *   skipped, with a warning: the next good value bridges from the last good one. The
 *   job and user counters are 0 at launch. When no sample after the launch gives the
 *   job's counter, the end record's job_utime_s + job_stime_s give its CPU time.
 * - A log 1.2 whose header's job_scope.source is "cgroup" gives the job's CPU time by
 *   job_cgroup_usec (exact for processes of any lifetime) while it is known; from its first
 *   unknown value on (the cgroup held other processes), by job_cpu_jiffies, with a warning.
 * - Measured values beyond what the machine can do (negative, not finite, GPU power
 *   above 5 kW, RSS above 4 x its memory, ...) are unknown, with a warning.
 * - Times are checked: t_utc_ms between 2000 and 2100, a run shorter than a year,
 *   interval_ms at most a day; else the log is refused, naming the line.
 * - Gauges (RSS, GPU power, utilisation) are integrated with trapezoids. With one endpoint
 *   known its value holds over the interval; with none the interval is not integrated
 *   (the *_known_s fields fall short of the duration, with a warning). The first S/G
 *   record is bridged back to the launch, the last one forward to the end.
 * - A gap longer than 3 sampling intervals is reported; gauges are bridged linearly. A
 *   gap longer than that and than an hour is not integrated at all (memory never depends
 *   on the values of a log: no quarter-hour bucket for it).
 * - A GPU without an idle baseline gets idle_w = NAN and a warning; its above-idle power
 *   is then its whole power (idle taken as 0 W), an upper bound.
 * - A GPU counts as used by the job (user) over an interval when the record ending that
 *   interval reports job_procs (user_procs) > 0 (the one starting it if that is NA).
 * - Format 1.2: an R record gives its RAPL zone's energy since the zone's last good reading,
 *   integrated over the S interval it follows (after an NA, over the intervals since that
 *   reading) with that interval's CPU and memory shares (eit's products, per interval); a
 *   zone going down is a new base, warned. A P record gives the SM shares of the GPU
 *   interval ending at its sample (whole and above-idle power x job or user SM % / all).
 */

struct et_integrator;

/* Start integrating a run from the log's header (borrowed; the run takes a reference).
 * run must be zeroed (or released); log_path names it in messages. On success *out is
 * a new integrator the caller frees with et_integrator_free(); the run stays the
 * caller's. Returns 0, or -1 with err filled (a header without user_hz, ...). */
int et_integrator_new(struct et_run *run, json_t *header, const char *log_path,
		      struct et_integrator **out, struct et_error *err);

/* Add the next record. Returns 0, or -1 with err filled (records out of order, a
 * sample before the launch, ...). */
int et_integrator_add(struct et_integrator *in, const struct et_log_record *rec,
		      struct et_error *err);

/* Close the run at the end of the log. partial_line: the reader ignored a last line
 * without '\n'. Returns 0, or -1 with err filled (no launch event). */
int et_integrator_finish(struct et_integrator *in, int partial_line, struct et_error *err);

/* What an observer sees of each S and run-phase G record once the integrator has checked
 * it (a value out of range is already unknown, NAN), e.g. to draw the run over time. */
struct et_sample_view {
	int64_t utc_ms;             /* the sample's time */
	double dt_s;                /* since the previous sample (or the launch) */
	double job_cores;           /* CPU-seconds per second over dt: the job's */
	double user_cores;          /* ... the user's */
	double machine_busy_cores;  /* ... the machine's busy CPUs; NAN if unknown */
	double job_rss_kib, user_rss_kib;   /* at the sample; NAN if unknown */
	int gap_before;             /* dt is a gap (not integrated) */
};

struct et_gpu_view {
	int slot;                   /* facts.gpus[slot] */
	int64_t utc_ms;
	double power_w, util_pct;   /* NAN if unknown */
	int job_on, user_on;        /* a job (user) process on it: 1, 0, or -1 unknown */
	int gap_before;             /* a gap since this GPU's previous reading */
};

struct et_run_observer {
	void *ctx;
	void (*sample)(void *ctx, const struct et_sample_view *v);   /* may be NULL */
	void (*gpu)(void *ctx, const struct et_gpu_view *v);         /* may be NULL */
};

/* Tell obs (borrowed; NULL stops it) about every record added from now on. */
void et_integrator_observe(struct et_integrator *in, const struct et_run_observer *obs);

/* Make the run's buckets the local days of zone (borrowed; NULL: UTC quarter-hours, the
 * default), before the first record is added. Days are what intensity at day resolution
 * needs and hold a year-long run in about 1 MB whatever its GPUs; a store and hourly or
 * quarter-hour intensity need quarter-hours. */
void et_integrator_by_day(struct et_integrator *in, const struct et_zone *zone);

/* Free the integrator (not the run). Accepts NULL. */
void et_integrator_free(struct et_integrator *in);

/* Read and integrate the whole log at path into *run (zeroed by the caller; released
 * with et_run_release() whatever the result). Returns 0, or -1 with err filled. */
int et_run_load(const char *path, struct et_run *run, struct et_error *err);

/* How et_run_load_with() integrates (both borrowed, both may be NULL). */
struct et_load_options {
	const struct et_run_observer *observer;   /* told about every record on the way */
	const struct et_zone *day_zone;           /* buckets by its local days (et_integrator_by_day) */
};

/* The same as et_run_load, as opt says (NULL: as et_run_load). */
int et_run_load_with(const char *path, struct et_run *run, const struct et_load_options *opt,
		     struct et_error *err);

/* The same from an open stream (not closed); name is used in messages; opt as
 * et_run_load_with's (NULL: as et_run_load). */
int et_run_load_stream(FILE *f, const char *name, struct et_run *run, const struct et_load_options *opt,
		       struct et_error *err);

#endif
