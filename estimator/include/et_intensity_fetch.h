/* et_intensity_fetch.h - download RTE's taux_co2 from ODRE's Explore API (v2.1 exports)
 * for a range of Paris days and store it in the SQLite intensity cache. */
#ifndef ET_INTENSITY_FETCH_H
#define ET_INTENSITY_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"

#define ET_CI_ODRE_URL "https://odre.opendatasoft.com"
#define ET_CI_DAY_UNSET INT64_MIN   /* from_day / to_day: take the default */

struct et_ci_fetch_request {
	const char *cache_path;   /* the SQLite cache, created (with its folder) if missing */
	const char *data_dir;     /* shipped data/: the day after its daily series is the
	                           * default start of a first fetch */
	const char *base_url;     /* scheme, host and port (http:// or https://); NULL: ODRE */
	const char *dataset;      /* "auto" (consolidated, then real-time after it),
	                           * "eco2mix-national-cons-def" or "eco2mix-national-tr" */
	int64_t from_day;         /* first Paris day (days since 1970-01-01), or ET_CI_DAY_UNSET:
	                           * the last cached day, else the day after the shipped series */
	int64_t to_day;           /* last Paris day, or ET_CI_DAY_UNSET: today */
	long timeout_s;           /* per request (1..3600) */
	int retries;              /* after a timeout, an HTTP 5xx or 429 (0..10) */
	/* Told before each request (may be NULL): the dataset, the first day of the
	 * request's month (YYYY-MM-DD), the request's number and the total, points so far. */
	void (*progress)(void *ctx, const char *dataset, const char *month, int request,
			 int requests, size_t points);
	void *progress_ctx;
};

struct et_ci_fetch_report {
	char from[11], to[11];    /* the days fetched, YYYY-MM-DD */
	size_t points;            /* points kept and stored */
	long inserted, replaced, kept;   /* what the cache did with them */
	long received;            /* values the server sent */
	char dropped[512];        /* what was not kept and why, "" when nothing was dropped */
};

/* Validate rq: 0, or -1 with err's text saying which field is wrong (a usage error). */
int et_ci_fetch_check(const struct et_ci_fetch_request *rq, struct et_error *err);

/* Fetch and store, all or nothing (one transaction). Returns 0 with rep filled, or -1
 * with err filled (network, server, cache); the error then ends with the last day the
 * shipped data or the cache still covers. */
int et_ci_fetch(const struct et_ci_fetch_request *rq, struct et_ci_fetch_report *rep,
		struct et_error *err);

#endif
