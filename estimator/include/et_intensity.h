/* et_intensity.h - carbon intensity of the grid over the spans of a run, with the
 * value, basis and source of every local day used (RTE history, constant, user file). */
#ifndef ET_INTENSITY_H
#define ET_INTENSITY_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"

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
};

struct et_ci_result {
	double g_per_kwh;         /* energy-weighted over the run (time-weighted if no energy) */
	struct et_ci_day *days;   /* n_days entries, in date order; owned by the result */
	size_t n_days;
	char **warnings;          /* n_warnings strings; owned by the result */
	size_t n_warnings;
};
#define ET_CI_RESULT_INIT {0, NULL, 0, NULL, 0}

struct et_ci_source;

/* Fill cfg with etest's defaults: the RTE history at day resolution, no data folder and
 * no cache (the caller sets them). */
void et_ci_config_init(struct et_ci_config *cfg);

/* Open an intensity source. On success *out is a new source the caller frees with
 * et_ci_close(). Returns 0, or -1 with err filled (e.g. unreadable user file). */
int et_ci_open(const struct et_ci_config *cfg, struct et_ci_source **out, struct et_error *err);
void et_ci_close(struct et_ci_source *src);

/* Weight the intensity by the energy of each span. Fills *out (the caller releases it
 * with et_ci_result_release()). Missing data falls back (finer -> daily -> yearly ->
 * last known year) with a warning, never silently. Returns 0, or -1 with err filled. */
int et_ci_weight(struct et_ci_source *src, const struct et_ci_span *spans, size_t n_spans,
		 struct et_ci_result *out, struct et_error *err);
void et_ci_result_release(struct et_ci_result *res);

#endif
