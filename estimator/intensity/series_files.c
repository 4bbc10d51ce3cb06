/* series_files.c - CSV files of intensity values into ci_series (see series_files.h),
 * columns found by header name so extra columns are ignored. */
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "csv_rows.h"
#include "series_files.h"

struct load_state {
	const char *path;
	const char *key_col, *value_col, *count_col;
	int key_i, value_i, count_i;     /* column indexes, from the header */
	int header_seen;
	struct ci_points *pts;           /* one of pts and daily */
	struct ci_daily *daily;
};

static int read_header(struct load_state *st, char **f, size_t n, long line, struct et_error *err)
{
	st->key_i = ci_csv_column(f, n, st->key_col);
	st->value_i = ci_csv_column(f, n, st->value_col);
	st->count_i = st->count_col ? ci_csv_column(f, n, st->count_col) : -1;
	if (st->key_i < 0 || st->value_i < 0 || (st->count_col && st->count_i < 0))
		return et_error_set(err, st->path, line, "header lacks column '%s', '%s'%s%s",
				    st->key_col, st->value_col, st->count_col ? " or " : "",
				    st->count_col ? st->count_col : "");
	st->header_seen = 1;
	return 0;
}

static int on_row(char **f, size_t n, long line, void *vst, struct et_error *err)
{
	struct load_state *st = vst;
	double value, count = 1;
	int64_t key;

	if (!st->header_seen)
		return read_header(st, f, n, line, err);
	if ((size_t)st->key_i >= n || (size_t)st->value_i >= n)
		return et_error_set(err, st->path, line, "expected at least %d fields, got %zu",
				    (st->key_i > st->value_i ? st->key_i : st->value_i) + 1, n);
	if (f[st->value_i][0] == '\0')
		return 0;
	if (ci_csv_double(f[st->value_i], &value) < 0 || value < 0)
		return et_error_set(err, st->path, line, "bad intensity '%s'", f[st->value_i]);
	if (st->pts) {
		if (ci_parse_timestamp(f[st->key_i], &key) < 0)
			return et_error_set(err, st->path, line, "bad timestamp '%s'", f[st->key_i]);
		if (ci_points_add(st->pts, key, value, (int)line) < 0)
			return et_error_set(err, st->path, line, "out of memory");
		return 0;
	}
	if (ci_parse_date(f[st->key_i], &key) < 0)
		return et_error_set(err, st->path, line, "bad date '%s'", f[st->key_i]);
	if (st->count_i >= 0 && ((size_t)st->count_i >= n || ci_csv_double(f[st->count_i], &count) < 0))
		return et_error_set(err, st->path, line, "bad count of values");
	if (ci_daily_add(st->daily, key, value, (int)count, (int)line) < 0)
		return et_error_set(err, st->path, line, "out of memory");
	return 0;
}

static int load(struct load_state *st, struct et_error *err)
{
	if (ci_csv_read(st->path, ',', on_row, st, err) < 0)
		return -1;
	if (!st->header_seen)
		return et_error_set(err, st->path, 1, "empty file");
	return 0;
}

int ci_load_points(const char *path, const char *time_col, const char *value_col,
		   struct ci_points *pts, struct et_error *err)
{
	struct load_state st = {.path = path, .key_col = time_col, .value_col = value_col, .pts = pts};

	return load(&st, err);
}

int ci_load_daily(const char *path, const char *date_col, const char *value_col,
		  const char *count_col, struct ci_daily *daily, struct et_error *err)
{
	struct load_state st = {.path = path, .key_col = date_col, .value_col = value_col,
				.count_col = count_col, .daily = daily};

	return load(&st, err);
}
