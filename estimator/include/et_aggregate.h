/* et_aggregate.h - a run's integrals summed per local day of any time zone (its
 * quarter-hour buckets nest in local days), for charts, reports and stores. */
#ifndef ET_AGGREGATE_H
#define ET_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"
#include "et_run.h"
#include "local_time.h"

/* One local day of a run: the sum of the run's buckets that start in it. */
struct et_day_integrals {
	int64_t day;               /* local day, days since 1970-01-01 in the zone */
	int64_t utc_start_ms;      /* the local day's first instant (UTC ms) */
	int64_t utc_end_ms;        /* the next local day's first instant: 23 h, 24 h or 25 h on */
	struct et_integrals q;
};

/* Sum in's buckets per local day of zone (borrowed) into a new array of *n days in date
 * order, days without a bucket left out; the caller frees it with free(). Every real
 * zone's offset is a whole number of quarter-hours, so each bucket lies in one local day
 * and the days add up to the total. Returns 0 (*out NULL when there is no bucket), or
 * -1 with err filled (out of memory). */
int et_integrals_by_day(const struct et_run_integrals *in, const struct et_zone *zone,
			struct et_day_integrals **out, size_t *n, struct et_error *err);

#endif
