/* monthly_table.h - the shipped monthly means of RTE's production mix (2012-01..2024-07),
 * each with RTE's taux_co2 formula applied: the tier between daily and yearly values. */
#ifndef ET_MONTHLY_TABLE_H
#define ET_MONTHLY_TABLE_H

#include <stddef.h>

#include "et_error.h"

struct ci_month {
	int year, month;          /* a Paris calendar month */
	double g_per_kwh;         /* ci_recomputed_g_per_kwh */
	int real_time;            /* from real-time data (basis real_time), else consolidated */
	int partial;              /* the source's month stops before its end */
};

struct ci_monthly {
	struct ci_month *v;       /* in file order (months ascending) */
	size_t n, cap;
};

/* Load path (month "YYYY-MM", ci_recomputed_g_per_kwh, basis, partial_month). Returns
 * 0, or -1 with err filled; *out then holds nothing to release. */
int ci_monthly_load(const char *path, struct ci_monthly *out, struct et_error *err);

/* The row of year-month, or NULL. Borrowed from m. */
const struct ci_month *ci_monthly_find(const struct ci_monthly *m, int year, int month);

void ci_monthly_release(struct ci_monthly *m);

#endif
