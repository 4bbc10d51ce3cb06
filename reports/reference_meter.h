/* reference_meter.h - a measured reference for --reference: a wattmeter / PDU / IPMI CSV
 * (timestamp,watts) read with libcsv, integrated by trapezoids over a run's window. */
#ifndef ET_REFERENCE_METER_H
#define ET_REFERENCE_METER_H

#include <stddef.h>

#include "et_error.h"

/* Readings in time order (strictly increasing timestamps), as the file held them. */
struct ref_meter {
	double *t;               /* Unix seconds */
	double *watts;
	size_t n;
	double median_interval;  /* median of the intervals between readings (s) */
	char path[256];
};

/* Readings refused beyond this (16 bytes each): trim the file to the run's days. */
#define REF_MAX_READINGS 10000000u

/* Read path: a header naming the columns timestamp and watts (any order, other columns
 * ignored), then one reading a line; timestamp is Unix seconds (decimals allowed) or
 * ISO 8601 with an offset ("2026-11-30T09:00:00.5+01:00", "...Z"); watts a finite
 * number >= 0; '.' is the decimal point whatever the locale. At least 2 readings.
 * Returns 0, or -1 with err naming the file and line. The caller frees with
 * ref_meter_free. */
int ref_meter_load(const char *path, struct ref_meter *m, struct et_error *err);
void ref_meter_free(struct ref_meter *m);

/* Parse one timestamp as ref_meter_load does. Returns 0, or -1. */
int ref_parse_timestamp(const char *s, double *unix_s);

/* How the server's idle power is taken off (--reference-idle). */
enum ref_idle_mode {
	REF_IDLE_NONE,   /* not subtracted */
	REF_IDLE_GIVEN,  /* --reference-idle W */
	REF_IDLE_AUTO,   /* median of the readings before the launch */
};
struct ref_idle {
	enum ref_idle_mode mode;
	double watts;            /* REF_IDLE_GIVEN only */
};
/* Parse the argument of --reference-idle: "auto", or watts >= 0 ("95", "95.5", "95W").
 * Returns 0, or -1 with err filled. */
int ref_idle_parse(const char *arg, struct ref_idle *idle, struct et_error *err);

#define REF_MAX_WARNINGS 6

struct ref_result {
	double window_s;         /* exit - launch */
	double covered_s;        /* part of the window between readings not separated by a gap */
	double covered_share;    /* covered_s / window_s, 0..1 */
	double gross_wh;         /* trapezoid integral over the covered part */
	enum ref_idle_mode idle_mode;
	double idle_w;           /* 0 with REF_IDLE_NONE */
	size_t idle_readings;    /* REF_IDLE_AUTO: readings before the launch used */
	double idle_span_s;      /* REF_IDLE_AUTO: from the first to the last of them */
	double idle_wh;          /* idle_w x covered_s */
	double net_wh;           /* gross_wh - idle_wh: the reference energy */
	size_t readings_in_window;
	double median_interval_s;
	size_t n_gaps;           /* gaps (> 3 median intervals) overlapping the window */
	double gap_s;            /* their length inside the window */
	char warnings[REF_MAX_WARNINGS][320];   /* "path: ..." lines for the user, '.' decimals */
	size_t n_warnings;
};

/* Integrate m over [launch, exit] (Unix seconds, launch < exit): between two readings
 * the power is a straight line (trapezoids), cut at the window's edges; an interval
 * longer than 3 median intervals is a gap, neither integrated nor bridged. Idle power
 * is taken off for the covered time only (idle_w x covered_s). Errors: no reading
 * covers any of the window; REF_IDLE_AUTO with no reading before the launch. Partial
 * coverage, gaps and a reference not above zero are warnings in res. Returns 0, or -1
 * with err filled. */
int ref_meter_integrate(const struct ref_meter *m, double launch, double exit,
			const struct ref_idle *idle, struct ref_result *res, struct et_error *err);

/* How the idle power was obtained, for a report: "95.0 W, given (--reference-idle)",
 * "50.0 W, the median of 10 readings over 9 s before the launch" or "not subtracted".
 * Returns buf. */
char *ref_idle_describe(const struct ref_result *res, char *buf, size_t size);

/* A model's deviation from the reference in %: (model_wh_before_pue - reference_wh) /
 * reference_wh x 100, positive when the model overestimates. NAN when reference_wh is
 * not above zero or either figure is not finite. */
double ref_deviation_pct(double model_wh_before_pue, double reference_wh);

#endif
