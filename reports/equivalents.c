/* equivalents.c - emissions as everyday equivalents (km by car, tree-months) with the
 * reference values of Green Algorithms' referenceValues.csv, read from etest's data. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv_rows.h"
#include "report.h"

#define EQUIV_FILE "power/green-algorithms/v2.2/referenceValues.csv"

static int equiv_row(char **f, size_t n, long line, void *ctx, struct et_error *err)
{
	struct et_equivalents *e = ctx;
	double v;

	(void)line;
	(void)err;
	if (n < 2 || ci_csv_double(f[1], &v) < 0 || !(v > 0))
		return 0;
	if (strcmp(f[0], "passengerCar_EU_perkm") == 0)
		e->car_g_per_km = v;
	else if (strcmp(f[0], "tree_month") == 0)
		e->tree_month_g = v;
	return 0;
}

int et_equivalents_load(const char *data_dir, struct et_equivalents *e, struct et_error *err)
{
	char path[4200];

	e->car_g_per_km = e->tree_month_g = NAN;
	snprintf(e->source, sizeof(e->source), "Green Algorithms v2.2 referenceValues.csv");
	if (!data_dir)
		return et_error_set(err, "", 0, "no data folder");
	snprintf(path, sizeof(path), "%s/" EQUIV_FILE, data_dir);
	if (ci_csv_read(path, ',', equiv_row, e, err) < 0)
		return -1;
	if (!isfinite(e->car_g_per_km) || !isfinite(e->tree_month_g))
		return et_error_set(err, path, 0, "passengerCar_EU_perkm or tree_month missing");
	return 0;
}
