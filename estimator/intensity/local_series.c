/* local_series.c - wall-clock rows of RTE's "En-cours" files into UTC points (see
 * local_series.h); the zone says which times are skipped or repeated. */
#include <string.h>

#include "civil_time.h"
#include "csv_rows.h"
#include "local_series.h"

#define MAX_REPEATS 64   /* repeated wall-clock times remembered per day */

struct local_state {
	const char *path;
	const struct et_zone *zone;
	const char *date_col, *time_col, *value_col;
	int date_i, time_i, value_i;
	int header_seen;
	struct ci_points *pts;
	struct ci_local_counts counts;
	int64_t day;                        /* the day of the remembered times */
	int64_t repeated[MAX_REPEATS];      /* ambiguous times already given once that day */
	size_t n_repeated;
};

/* "HH:MM" into seconds of the day. Returns 0 or -1. */
static int parse_hh_mm(const char *s, int *sod)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	*sod = ((s[0] - '0') * 10 + (s[1] - '0')) * 3600 + ((s[3] - '0') * 10 + (s[4] - '0')) * 60;
	return *sod < 86400 ? 0 : -1;
}

/* Whether local_s was already given once this day (and remember it if not). Returns
 * 1, 0, or -1 when too many ambiguous times are remembered. */
static int seen_before(struct local_state *st, int64_t day, int64_t local_s)
{
	if (day != st->day) {
		st->day = day;
		st->n_repeated = 0;
	}
	for (size_t i = 0; i < st->n_repeated; i++)
		if (st->repeated[i] == local_s)
			return 1;
	if (st->n_repeated == MAX_REPEATS)
		return -1;
	st->repeated[st->n_repeated++] = local_s;
	return 0;
}

static int on_row(char **f, size_t n, long line, void *vst, struct et_error *err)
{
	struct local_state *st = vst;
	int64_t day, utc[2];
	int sod, n_utc, pass;
	double value;

	if (!st->header_seen) {
		st->date_i = ci_csv_column(f, n, st->date_col);
		st->time_i = ci_csv_column(f, n, st->time_col);
		st->value_i = ci_csv_column(f, n, st->value_col);
		if (st->date_i < 0 || st->time_i < 0 || st->value_i < 0)
			return et_error_set(err, st->path, line, "header lacks column '%s', '%s' or '%s'",
					    st->date_col, st->time_col, st->value_col);
		st->header_seen = 1;
		return 0;
	}
	if ((size_t)st->date_i >= n || (size_t)st->time_i >= n || (size_t)st->value_i >= n)
		return et_error_set(err, st->path, line, "missing fields");
	if (f[st->value_i][0] == '\0' || strcmp(f[st->value_i], "ND") == 0)
		return 0;
	if (ci_csv_double(f[st->value_i], &value) < 0 || value < 0)
		return et_error_set(err, st->path, line, "bad intensity '%s'", f[st->value_i]);
	if (ci_parse_date(f[st->date_i], &day) < 0 || parse_hh_mm(f[st->time_i], &sod) < 0)
		return et_error_set(err, st->path, line, "bad local date and time '%s %s'",
				    f[st->date_i], f[st->time_i]);
	st->counts.rows++;
	n_utc = et_zone_from_local(st->zone, day * 86400 + sod, utc);
	if (n_utc == 0) {
		st->counts.nonexistent++;
		return 0;
	}
	pass = 0;
	if (n_utc == 2 && (pass = seen_before(st, day, day * 86400 + sod)) < 0)
		return et_error_set(err, st->path, line, "too many repeated local times on %s", f[st->date_i]);
	st->counts.second_pass += pass;
	if (ci_points_add(st->pts, utc[pass], value, (int)line) < 0)
		return et_error_set(err, st->path, line, "out of memory");
	return 0;
}

int ci_load_local_points(const char *path, const struct et_zone *zone, const char *date_col,
			 const char *time_col, const char *value_col, struct ci_points *pts,
			 struct ci_local_counts *counts, struct et_error *err)
{
	struct local_state st = {.path = path, .zone = zone, .date_col = date_col, .time_col = time_col,
				 .value_col = value_col, .pts = pts, .day = INT64_MIN};

	if (ci_csv_read(path, ',', on_row, &st, err) < 0)
		return -1;
	if (!st.header_seen)
		return et_error_set(err, path, 1, "empty file");
	if (counts)
		*counts = st.counts;
	return 0;
}
