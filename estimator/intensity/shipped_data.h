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
	char *data_dir;              /* owned: where the files not yet loaded are */
	const struct et_zone *paris; /* borrowed: converts the Paris wall-clock files */
	unsigned loaded;             /* bit i: file i of the list in shipped_data.c is loaded */
};

/* The series a shipped file adds to (ci_shipped_file_span). */
enum { CI_SHIPPED_DAILY, CI_SHIPPED_HOURLY, CI_SHIPPED_QUARTER };

/* Open the shipped data of data_dir/intensity/ into *out (zeroed first): the monthly and
 * yearly tables are read, last_day and data_end_day set from the files' known spans, and
 * the daily, hourly and quarter-hour files left for ci_shipped_need; paris (borrowed,
 * must outlive *out) converts the files that give Paris wall-clock time only. Returns 0
 * (release with ci_shipped_release), or -1 with err filled; *out then holds nothing. */
int ci_shipped_open(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err);

/* Load the files whose values overlap the Paris days [first_day, last_day] that are not
 * loaded yet. Returns 0, or -1 with err filled (a missing or malformed file). */
int ci_shipped_need(struct ci_shipped *s, int64_t first_day, int64_t last_day, struct et_error *err);

/* ci_shipped_open and every file loaded. Returns 0, or -1 with err filled (e.g. a missing
 * file); *out then holds nothing to release. */
int ci_shipped_load(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err);
void ci_shipped_release(struct ci_shipped *s);

/* The shipped files with a span, for tests: how many, and file i's series (CI_SHIPPED_*)
 * and first and last Paris days as listed. */
size_t ci_shipped_n_files(void);
void ci_shipped_file_span(size_t i, int *series, int64_t *first_day, int64_t *last_day);

#endif
