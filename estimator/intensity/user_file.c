/* user_file.c - reading the user's intensity CSV (see user_file.h) with libcsv:
 * two columns, a date or an ISO 8601 timestamp, and gCO2e/kWh. */
#include <string.h>

#include "civil_time.h"
#include "csv_rows.h"
#include "user_file.h"

struct user_state {
	const char *path;
	struct ci_points *points;
	struct ci_daily *daily;
	long rows;               /* rows read so far, the header included */
};

static int on_row(char **f, size_t n, long line, void *vst, struct et_error *err)
{
	struct user_state *st = vst;
	int64_t key;
	double g;

	st->rows++;
	if (n < 2)
		return et_error_set(err, st->path, line, "expected timestamp_or_date,g_per_kwh, got %zu field%s",
				    n, n == 1 ? "" : "s");
	if (ci_csv_double(f[1], &g) < 0) {
		if (st->rows == 1)
			return 0;   /* a header */
		return et_error_set(err, st->path, line, "bad intensity '%s'", f[1]);
	}
	if (g < 0)
		return et_error_set(err, st->path, line, "negative intensity %g g/kWh", g);
	if (ci_parse_date(f[0], &key) == 0) {
		if (ci_daily_add(st->daily, key, g, 1) < 0)
			return et_error_set(err, st->path, line, "out of memory");
		return 0;
	}
	if (ci_parse_timestamp(f[0], &key) == 0) {
		if (ci_points_add(st->points, key, g, 0) < 0)
			return et_error_set(err, st->path, line, "out of memory");
		return 0;
	}
	return et_error_set(err, st->path, line, "bad date or timestamp '%s' (want YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
			    f[0]);
}

int ci_user_file_load(const char *path, struct ci_points *points, struct ci_daily *daily,
		      struct et_error *err)
{
	struct user_state st = {.path = path, .points = points, .daily = daily};

	if (ci_csv_read(path, ',', on_row, &st, err) < 0)
		goto fail;
	if (points->n == 0 && daily->n == 0) {
		et_error_set(err, path, 0, "no intensity values");
		goto fail;
	}
	ci_points_finish(points);
	ci_daily_finish(daily);
	return 0;
fail:
	ci_points_release(points);
	ci_daily_release(daily);
	return -1;
}
