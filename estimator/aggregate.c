/* aggregate.c - a run's quarter-hour buckets summed per local day of a time zone (see
 * et_aggregate.h). */
#include <stdlib.h>
#include <string.h>

#include "et_aggregate.h"
#include "et_grow.h"

int et_integrals_by_day(const struct et_run_integrals *in, const struct et_zone *zone,
			struct et_day_integrals **out, size_t *n, struct et_error *err)
{
	struct et_day_integrals *days = NULL, *grown;
	struct et_bucket bucket, *b = &bucket;   /* each stored bucket expanded in turn */
	size_t cap = 0, count = 0;

	*out = NULL;
	*n = 0;
	if (in->by_day)
		return et_error_set(err, "", 0, "the run's buckets are days already, not quarter-hours");
	for (size_t i = 0; i < in->n_buckets; i++) {
		et_run_bucket(in, i, b);
		int64_t utc_s = b->utc_start_ms / 1000;
		int64_t day = et_zone_day(zone, utc_s);

		if (count == 0 || days[count - 1].day != day) {
			if (!(grown = et_grow(days, &cap, count + 1, sizeof(*days)))) {
				free(days);
				return et_error_set(err, "", 0, "out of memory");
			}
			days = grown;
			memset(&days[count], 0, sizeof(days[count]));
			days[count].day = day;
			days[count].utc_start_ms = et_zone_day_start(zone, day) * 1000;
			days[count].utc_end_ms = et_zone_day_start(zone, day + 1) * 1000;
			count++;
		}
		et_integrals_add(&days[count - 1].q, &b->q);
	}
	*out = days;
	*n = count;
	return 0;
}
