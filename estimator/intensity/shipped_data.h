/* shipped_data.h - the RTE eco2mix history shipped in data/intensity/: daily 2012-2023
 * and hourly 2022 (recomputed from the consolidated mix), published quarter-hours, yearly. */
#ifndef ET_SHIPPED_DATA_H
#define ET_SHIPPED_DATA_H

#include <stdint.h>

#include "ci_series.h"
#include "et_error.h"
#include "yearly_table.h"

#define CI_LABEL_RECOMPUTED "shipped: RTE eco2mix, recomputed from the consolidated mix"
#define CI_LABEL_PUBLISHED  "shipped: RTE eco2mix taux_co2 as published (real-time data)"

struct ci_shipped {
	struct ci_daily daily;       /* daily means, Paris days (recomputed) */
	struct ci_points hourly;     /* hourly values, UTC (recomputed), duplicates dropped */
	struct ci_points quarter;    /* quarter-hour taux_co2 as published by RTE */
	struct ci_yearly yearly;     /* yearly figures, several bases */
	int64_t last_day;            /* last day of the daily series */
};

/* Load every shipped file from data_dir/intensity/ into *out (zeroed first). Returns 0,
 * or -1 with err filled (e.g. a missing file); *out then holds nothing to release. */
int ci_shipped_load(const char *data_dir, struct ci_shipped *out, struct et_error *err);
void ci_shipped_release(struct ci_shipped *s);

#endif
