/* ci_source.h - internals of an intensity source (struct et_ci_source) and of a view:
 * the layers of points, daily values and yearly figures that answer for a time range. */
#ifndef ET_CI_SOURCE_H
#define ET_CI_SOURCE_H

#include <stdint.h>

#include "ci_series.h"
#include "et_intensity.h"
#include "local_time.h"
#include "shipped_data.h"

#define CI_LABEL_FETCHED_CONS "fetched: RTE eco2mix taux_co2, consolidated (eco2mix-national-cons-def)"
#define CI_LABEL_FETCHED_TR   "fetched: RTE eco2mix taux_co2, real-time (eco2mix-national-tr)"
#define CI_LABEL_FETCHED_BOTH "fetched: RTE eco2mix taux_co2, consolidated and real-time"

struct et_ci_source {
	enum et_ci_kind kind;
	enum et_ci_resolution resolution;
	double constant_g_per_kwh;
	char *user_file;                  /* owned copy, ET_CI_USER_FILE */
	char user_label[160];             /* "user file: PATH" */
	struct ci_points user_points;     /* timestamp rows of the user file */
	struct ci_daily user_daily;       /* date rows of the user file */
	struct ci_shipped shipped;        /* ET_CI_RTE */
	char *cache_path;                 /* owned copy, or NULL */
	struct et_zone *paris;            /* Europe/Paris: intensity days are Paris days */
	unsigned long cache_opens;        /* times the cache file was opened */
};

/* Points from one source, consulted in order: the first layer with a value wins. */
struct ci_layer {
	const struct ci_points *pts;
	const char *source;               /* label printed with the values */
	int has_quarters;                 /* values per quarter-hour (not hourly only) */
};

#define CI_MAX_LAYERS 4

/* What a source knows about a time range (the cache is read for that range only). */
struct ci_view {
	const struct et_ci_source *src;
	struct ci_points cache;           /* cached points in the range, tag = dataset rank */
	struct ci_layer layers[CI_MAX_LAYERS];
	size_t n_layers;
	const struct ci_daily *daily;     /* daily values, or NULL */
	const char *daily_source;
	const struct ci_monthly *monthly; /* NULL: no monthly fallback (user file) */
	const struct ci_yearly *yearly;   /* NULL: no yearly fallback (user file) */
	int have_cache;                   /* the cache file exists and was read */
	char cache_warning[1024];         /* "" or why the cache was left aside */
	int64_t data_end_day;             /* last Paris day with data (shipped or cached) */
};

/* Where a day's value came from, finest first (the fallback order). */
enum ci_tier {
	CI_TIER_FINER,        /* quarter-hours or hours covering the whole day */
	CI_TIER_DAILY,        /* a daily value */
	CI_TIER_PARTIAL,      /* finer data for part of the day */
	CI_TIER_MONTHLY,      /* the monthly mean of the mix */
	CI_TIER_YEARLY,       /* the yearly figure of the day's year */
	CI_TIER_LAST_YEAR,    /* the last known year's figure */
	CI_TIER_GIVEN,        /* --intensity G */
};

/* One Paris local day resolved to a single value. */
struct ci_day_info {
	int64_t day;
	double g_per_kwh;
	int points;                       /* values behind it (0 for yearly and constant) */
	int decimals;                     /* digits worth printing after the point */
	enum ci_tier tier;
	int from_fallback;                /* monthly, yearly or last-known-year figure */
	char basis[48];
	char source[ET_CI_SOURCE_SIZE];   /* with the details of a fallback */
	char warning[320];                /* one short line without the date, "" if none */
};

/* Open a view of src over [from_s, to_s). An unreadable cache is left aside with
 * cache_warning set. Returns 0 (release with ci_view_release), or -1 with err filled. */
int ci_view_open(struct et_ci_source *src, int64_t from_s, int64_t to_s,
		 struct ci_view *view, struct et_error *err);
void ci_view_release(struct ci_view *view);

/* Resolve a Paris day: complete finer data, else the daily value, else partial finer
 * data, else the monthly mean of its month, else the yearly figure of its year, else
 * the last known year (each fallback with a warning). Returns 0, or -1 with err filled
 * (a user file without that day). */
int ci_resolve_day(const struct ci_view *v, int64_t day, struct ci_day_info *out,
		   struct et_error *err);

/* The mean of the first layer's points in the UTC hour [hour_s, hour_s + 3600).
 * Returns 0 with *g and *source (static) set, or -1 if no layer has one. */
int ci_resolve_hour(const struct ci_view *v, int64_t hour_s, double *g, const char **source);

/* The first layer's point at exactly quarter_s. Returns 0 or -1 as ci_resolve_hour. */
int ci_resolve_quarter(const struct ci_view *v, int64_t quarter_s, double *g, const char **source);

#endif
