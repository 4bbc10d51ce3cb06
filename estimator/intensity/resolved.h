/* resolved.h - internals of struct et_ci_resolved (see et_intensity.h): a period's Paris
 * days, hours and quarter-hours, each resolved once with its value and source. */
#ifndef ET_RESOLVED_H
#define ET_RESOLVED_H

#include <stdint.h>

#include "ci_source.h"

#define CI_NO_SOURCE ((signed char)-1)

struct et_ci_resolved {
	enum et_ci_resolution resolution;
	int64_t first_day;                 /* Paris day of days[0] */
	size_t n_days;
	struct ci_day_info *days;          /* each day's own value (or its deferred error) */
	struct et_error *day_errors;       /* NULL, or n_days entries ("" text: no error) */
	int64_t *day_start;                /* n_days + 1 UTC instants (s): day i is [i, i+1) */
	int64_t hours_from;                /* UTC instant (s) of hour 0 */
	size_t n_hours, n_quarters;        /* 0 unless the resolution asks for them */
	double *hour_g, *quarter_g;
	signed char *hour_src, *quarter_src;   /* index into sources, or CI_NO_SOURCE */
	char sources[CI_MAX_LAYERS][ET_CI_SOURCE_SIZE];   /* the layers' labels */
	char cache_warning[1024];          /* "" or why the cache was left aside */
	int have_cache;                    /* the cache file exists */
	struct et_ci_day *public_days;     /* et_ci_resolved_days(), built on first call */
};

/* The index of the day holding the instant utc_s, or -1 outside the period. */
long ci_resolved_day_index(const struct et_ci_resolved *r, int64_t utc_s);

#endif
