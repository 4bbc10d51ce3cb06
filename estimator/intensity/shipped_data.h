/* shipped_data.h - the RTE eco2mix history shipped in data/intensity/: daily 2012-2023
 * and hourly 2022 (recomputed), published quarter-hours 2021-2026, monthly, yearly. */
#ifndef ET_SHIPPED_DATA_H
#define ET_SHIPPED_DATA_H

#include <stdint.h>

#include "ci_series.h"
#include "et_error.h"
#include "local_series.h"
#include "local_time.h"
#include "monthly_table.h"
#include "yearly_table.h"

#define CI_LABEL_RECOMPUTED "shipped: RTE eco2mix, recomputed from the consolidated mix"
#define CI_LABEL_PUBLISHED  "shipped: RTE eco2mix taux_co2 as published (real-time data)"
#define CI_LABEL_MONTHLY_CONS "shipped: RTE eco2mix monthly mean mix (consolidated), taux_co2 formula applied"
#define CI_LABEL_MONTHLY_TR   "shipped: RTE eco2mix monthly mean mix (real-time), taux_co2 formula applied"

struct ci_shipped {
	struct ci_daily daily;       /* daily means, Paris days (recomputed) */
	struct ci_points hourly;     /* hourly values, UTC (recomputed), duplicates dropped */
	struct ci_points quarter;    /* quarter-hour taux_co2 as published by RTE */
	struct ci_monthly monthly;   /* monthly means of the mix, formula applied (recomputed) */
	struct ci_yearly yearly;     /* yearly figures, several bases */
	int64_t last_day;            /* last day of the daily series (fetch starts after it) */
	int64_t data_end_day;        /* last Paris day with daily or finer data */
	struct ci_local_counts local_counts;   /* the local-time files' conversion */
};

/* Load every shipped file from data_dir/intensity/ into *out (zeroed first); paris
 * converts the files that give Paris wall-clock time only. Returns 0, or -1 with err
 * filled (e.g. a missing file); *out then holds nothing to release. */
int ci_shipped_load(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err);
void ci_shipped_release(struct ci_shipped *s);

#endif
