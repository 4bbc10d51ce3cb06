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
		if (ci_daily_add(st->daily, key, g, 1, (int)line) < 0)
			return et_error_set(err, st->path, line, "out of memory");
		return 0;
	}
	if (ci_parse_timestamp(f[0], &key) == 0) {
		if (ci_points_add(st->points, key, g, (int)line) < 0)
			return et_error_set(err, st->path, line, "out of memory");
		return 0;
	}
	return et_error_set(err, st->path, line, "bad date or timestamp '%s' (want YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
			    f[0]);
}

/* In sorted points (tag = line), the earliest line repeating the instant of an earlier
 * one. Returns 0 if there is none, or -1 with err naming both lines. */
static int no_repeated_instant(const char *path, const struct ci_points *pts, struct et_error *err)
{
	const struct ci_point *dup = NULL;
	char date[16];
	int64_t sod;

	for (size_t i = 1; i < pts->n; i++)
		if (pts->v[i].utc_s == pts->v[i - 1].utc_s && (!dup || pts->v[i].tag < dup->tag))
			dup = &pts->v[i];
	if (!dup)
		return 0;
	ci_format_date(ci_floor_div(dup->utc_s, 86400), date, sizeof(date));
	sod = dup->utc_s - ci_floor_div(dup->utc_s, 86400) * 86400;
	return et_error_set(err, path, dup->tag, "%sT%02d:%02d:%02dZ is given twice, here and on line %d",
			    date, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), (dup - 1)->tag);
}

/* The same for days. */
static int no_repeated_day(const char *path, const struct ci_daily *daily, struct et_error *err)
{
	const struct ci_day_value *dup = NULL;
	char date[16];

	for (size_t i = 1; i < daily->n; i++)
		if (daily->v[i].day == daily->v[i - 1].day && (!dup || daily->v[i].tag < dup->tag))
			dup = &daily->v[i];
	if (!dup)
		return 0;
	return et_error_set(err, path, dup->tag, "day %s is given twice, here and on line %d",
			    ci_format_date(dup->day, date, sizeof(date)), (dup - 1)->tag);
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
	ci_points_sort(points);
	ci_daily_sort(daily);
	if (no_repeated_instant(path, points, err) < 0 || no_repeated_day(path, daily, err) < 0)
		goto fail;
	ci_points_finish(points);
	ci_daily_finish(daily);
	return 0;
fail:
	ci_points_release(points);
	ci_daily_release(daily);
	return -1;
}
