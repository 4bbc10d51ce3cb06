/* et_intensity.h - carbon intensity of the grid over the spans of a run, with the
 * value, basis and source of every local day used (RTE history, constant, user file). */
#ifndef ET_INTENSITY_H
#define ET_INTENSITY_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"

struct et_zone;

enum et_ci_kind {
	ET_CI_RTE,        /* historical French grid: cache, then shipped data, then fallbacks */
	ET_CI_CONSTANT,   /* --intensity G */
	ET_CI_USER_FILE,  /* --intensity FILE: CSV of timestamp_or_date,g_per_kwh */
};

enum et_ci_resolution { ET_CI_DAY, ET_CI_HOUR, ET_CI_QUARTER };

struct et_ci_config {
	enum et_ci_kind kind;
	double constant_g_per_kwh;        /* ET_CI_CONSTANT */
	const char *user_file;            /* ET_CI_USER_FILE */
	const char *data_dir;             /* the shipped data/ folder (holds intensity/) */
	const char *cache_path;           /* SQLite cache; NULL or a missing file = no cache */
	enum et_ci_resolution resolution; /* finest resolution wanted */
};

/* One span of a run and the energy spent in it. The estimator passes its
 * quarter-hour buckets (UTC-aligned, so they nest in Paris local hours and days). */
struct et_ci_span {
	int64_t utc_start_ms;
	int64_t utc_end_ms;
	double energy_wh;
};

#define ET_CI_SOURCE_SIZE 400

/* One Europe/Paris local day the run touched. */
struct et_ci_day {
	char date[11];        /* YYYY-MM-DD, Paris local */
	double g_per_kwh;     /* intensity applied to that day's energy (gCO2e/kWh) */
	double energy_wh;     /* the run's energy in that day (the weight) */
	char basis[48];       /* "daily mean", "hourly", "quarter-hour", "monthly mean", "yearly
	                       * (...)", "constant", "user file" */
	char source[ET_CI_SOURCE_SIZE];   /* e.g. "shipped: RTE eco2mix, recomputed from the
	                       * consolidated mix"; a fallback's details (basis change) too */
	int points;           /* values behind the day's figure (0: yearly, constant) */
	int decimals;         /* digits worth printing after the point */
	int fallback;         /* a monthly, yearly or last-known-year figure */
};

/* One hour or quarter-hour of the run, at --intensity-resolution hour or quarter. */
struct et_ci_step {
	int64_t utc_start_ms;  /* the step's start (whole UTC hour or quarter-hour) */
	int minutes;           /* 60 or 15 */
	double g_per_kwh;      /* intensity applied to the step's energy (gCO2e/kWh) */
	double energy_wh;      /* the run's energy in that step (the weight) */
	char basis[48];        /* "hourly", "quarter-hour", or the day's basis where the data
	                        * has no finer value */
	size_t source;         /* its source: the result's step_sources[source] */
};

struct et_ci_result {
	double g_per_kwh;         /* energy-weighted over the run (time-weighted if no energy) */
	struct et_ci_day *days;   /* n_days entries, in date order; owned by the result */
	size_t n_days;
	char **warnings;          /* n_warnings strings; owned by the result */
	size_t n_warnings;
	struct et_ci_step *steps; /* n_steps entries in time order, the steps weighted at hour
	                           * or quarter resolution (none at day resolution); owned */
	size_t n_steps;
	char **step_sources;      /* the steps' distinct sources (a few); owned */
	size_t n_step_sources;
};
#define ET_CI_RESULT_INIT {0, NULL, 0, NULL, 0, NULL, 0, NULL, 0}

struct et_ci_source;

/* Fill cfg with etest's defaults: the RTE history at day resolution, no data folder and
 * no cache (the caller sets them). */
void et_ci_config_init(struct et_ci_config *cfg);

/* Open an intensity source. On success *out is a new source the caller frees with
 * et_ci_close(). Returns 0, or -1 with err filled (e.g. unreadable user file). */
int et_ci_open(const struct et_ci_config *cfg, struct et_ci_source **out, struct et_error *err);
void et_ci_close(struct et_ci_source *src);

/* The zone whose days src's days are (Europe/Paris; borrowed, lives as long as src) when
 * its values do not change within a day (--intensity-resolution day): a run integrated
 * by these days weighs exactly as by quarter-hours. NULL at hour or quarter resolution. */
const struct et_zone *et_ci_day_zone(const struct et_ci_source *src);

/* Weight the intensity by the energy of each span. Fills *out (the caller releases it
 * with et_ci_result_release()). Missing data falls back (finer -> daily -> partial day
 * -> monthly -> yearly -> last known year) with a warning, never silently. The same as
 * et_ci_resolve() over the spans, then et_ci_weight_resolved(). Returns 0, or -1 with
 * err filled. */
int et_ci_weight(struct et_ci_source *src, const struct et_ci_span *spans, size_t n_spans,
		 struct et_ci_result *out, struct et_error *err);
void et_ci_result_release(struct et_ci_result *res);

/* A period's intensity resolved once: every Paris day touching [from, to) with its
 * value, basis, source and fallback warning, and (as the source's resolution asks)
 * every hour's and quarter-hour's value where the data has one. The source's cache is
 * read once, here. The caller owns it (et_ci_resolved_free); it holds no reference to
 * the source, which may be closed. */
struct et_ci_resolved;

/* Resolve [from_utc_ms, to_utc_ms) (at most ten years). Returns 0 with *out set, or -1
 * with err filled. A day without any value (a user file that lacks it) is an error only
 * when a span falls in it. */
int et_ci_resolve(struct et_ci_source *src, int64_t from_utc_ms, int64_t to_utc_ms,
		  struct et_ci_resolved **out, struct et_error *err);

/* Weight the spans (all inside the resolved period) against res: the same result as
 * et_ci_weight() on the source, for as many models or runs as the caller likes. */
int et_ci_weight_resolved(const struct et_ci_resolved *res, const struct et_ci_span *spans,
			  size_t n_spans, struct et_ci_result *out, struct et_error *err);

/* The resolved Paris days, in order, with their own value (NAN for a day without one),
 * basis and source; energy_wh is 0. For a month's report. Borrowed from res (built on
 * the first call); NULL when out of memory. */
const struct et_ci_day *et_ci_resolved_days(struct et_ci_resolved *res, size_t *n);

/* The error of day i (< n of et_ci_resolved_days) when it has no value (a user file
 * that lacks it), else NULL. Borrowed from res. */
const struct et_error *et_ci_resolved_day_error(const struct et_ci_resolved *res, size_t i);

/* Why the cache was left aside ("" when it was read or there is none), and whether a
 * cache file exists. */
const char *et_ci_resolved_cache_warning(const struct et_ci_resolved *res);
int et_ci_resolved_have_cache(const struct et_ci_resolved *res);

void et_ci_resolved_free(struct et_ci_resolved *res);

/* How many times src has opened its cache file so far (tests, diagnostics). */
unsigned long et_ci_cache_opens(const struct et_ci_source *src);

#endif
