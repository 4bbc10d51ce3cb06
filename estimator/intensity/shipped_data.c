/* shipped_data.c - loading the data/intensity CSV files (see shipped_data.h and
 * data/SOURCES.md for where each file comes from). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "local_series.h"
#include "series_files.h"
#include "shipped_data.h"

/* How a file's rows are read. */
enum file_kind { FILE_DAILY, FILE_HOURLY, FILE_QUARTER_UTC, FILE_QUARTER_LOCAL };

/* One shipped file, with the first and last Paris days of its values (checked against
 * the data by tests/intensity/test_shipped.c): a run only loads the files it overlaps. */
struct shipped_file {
	const char *name;
	enum file_kind kind;
	const char *key_col, *value_col;   /* FILE_QUARTER_LOCAL: the date column, the value */
	const char *first_day, *last_day;
};

static const struct shipped_file shipped_files[] = {
	{"fr_rte_eco2mix_daily_co2_2012-2023.csv", FILE_DAILY, "date", "co2_g_per_kwh_mean",
	 "2012-01-01", "2023-01-31"},
	{"fr_rte_eco2mix_hourly_2022.csv", FILE_HOURLY, "datetime_utc", "co2_g_per_kwh",
	 "2022-01-01", "2023-01-01"},
	{"fr_rte_taux_co2_published_2021-12_15min.csv", FILE_QUARTER_UTC, "date_heure", "taux_co2",
	 "2021-12-01", "2021-12-31"},
	{"fr_rte_taux_co2_published_2023-10-01_03_15min.csv", FILE_QUARTER_UTC, "date_heure", "taux_co2",
	 "2023-10-01", "2023-10-04"},
	{"fr_rte_taux_co2_published_2022-06-01_2022-10-17_15min.csv", FILE_QUARTER_UTC, "date_heure_utc",
	 "taux_co2", "2022-06-01", "2022-10-17"},
	{"fr_rte_taux_co2_published_2025-01-01_2025-07-26_15min.csv", FILE_QUARTER_LOCAL, "date", "taux_co2",
	 "2025-01-01", "2025-07-26"},
	{"fr_rte_taux_co2_published_2026-02-01_2026-03-14_15min.csv", FILE_QUARTER_LOCAL, "date", "taux_co2",
	 "2026-02-01", "2026-03-14"},
};
#define N_SHIPPED_FILES (sizeof(shipped_files) / sizeof(shipped_files[0]))

#define MONTHLY_FILE   "fr_rte_mix_monthly_2012-01_2024-07_vchartr.csv"
#define YEARLY_FILE    "fr_yearly_intensity_reference.csv"

static const char *path_of(char *buf, size_t size, const char *dir, const char *file)
{
	snprintf(buf, size, "%s/intensity/%s", dir, file);
	return buf;
}

/* Add the points of a local-time file; what its conversion met goes to out->local_counts. */
static int load_local(const char *path, const char *date_col, const char *value_col,
		      struct ci_shipped *out, struct et_error *err)
{
	struct ci_local_counts c;

	if (ci_load_local_points(path, out->paris, date_col, "heure", value_col, &out->quarter, &c, err) < 0)
		return -1;
	out->local_counts.rows += c.rows;
	out->local_counts.nonexistent += c.nonexistent;
	out->local_counts.second_pass += c.second_pass;
	return 0;
}

static int load_file(struct ci_shipped *s, const struct shipped_file *f, struct et_error *err)
{
	char path[4096];

	path_of(path, sizeof(path), s->data_dir, f->name);
	switch (f->kind) {
	case FILE_DAILY:
		return ci_load_daily(path, f->key_col, f->value_col, "n_hours", &s->daily, err);
	case FILE_HOURLY:
		return ci_load_points(path, f->key_col, f->value_col, &s->hourly, err);
	case FILE_QUARTER_UTC:
		return ci_load_points(path, f->key_col, f->value_col, &s->quarter, err);
	case FILE_QUARTER_LOCAL:
		return load_local(path, f->key_col, f->value_col, s, err);
	}
	return et_error_set(err, path, 0, "unknown kind of shipped file");
}

static int64_t day_of(const char *date)
{
	int64_t day = 0;

	ci_parse_date(date, &day);   /* the table's own dates: always valid */
	return day;
}

int ci_shipped_open(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err)
{
	char path[4096];

	memset(out, 0, sizeof(*out));
	out->paris = paris;
	if (!(out->data_dir = strdup(data_dir)))
		return et_error_set(err, data_dir, 0, "out of memory");
	if (ci_monthly_load(path_of(path, sizeof(path), data_dir, MONTHLY_FILE), &out->monthly, err) < 0)
		goto fail;
	if (ci_yearly_load(path_of(path, sizeof(path), data_dir, YEARLY_FILE), &out->yearly, err) < 0)
		goto fail;
	for (size_t i = 0; i < N_SHIPPED_FILES; i++) {
		int64_t last = day_of(shipped_files[i].last_day);
		if (shipped_files[i].kind == FILE_DAILY && last > out->last_day)
			out->last_day = last;
		if (shipped_files[i].kind != FILE_HOURLY && last > out->data_end_day)
			out->data_end_day = last;
	}
	return 0;
fail:
	ci_shipped_release(out);
	return -1;
}

int ci_shipped_need(struct ci_shipped *s, int64_t first_day, int64_t last_day, struct et_error *err)
{
	int added = 0;

	for (size_t i = 0; i < N_SHIPPED_FILES; i++) {
		const struct shipped_file *f = &shipped_files[i];
		if ((s->loaded & (1u << i)) || day_of(f->last_day) < first_day || day_of(f->first_day) > last_day)
			continue;
		if (load_file(s, f, err) < 0)
			return -1;
		s->loaded |= 1u << i;
		added = 1;
	}
	if (added) {
		ci_daily_finish(&s->daily);
		ci_points_finish(&s->hourly);   /* drops the duplicated spring-forward hour */
		ci_points_finish(&s->quarter);
	}
	return 0;
}

int ci_shipped_load(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err)
{
	if (ci_shipped_open(data_dir, paris, out, err) < 0)
		return -1;
	if (ci_shipped_need(out, INT64_MIN, INT64_MAX, err) < 0) {
		ci_shipped_release(out);
		return -1;
	}
	return 0;
}

size_t ci_shipped_n_files(void)
{
	return N_SHIPPED_FILES;
}

void ci_shipped_file_span(size_t i, int *series, int64_t *first_day, int64_t *last_day)
{
	static const int series_of[] = {[FILE_DAILY] = CI_SHIPPED_DAILY, [FILE_HOURLY] = CI_SHIPPED_HOURLY,
					[FILE_QUARTER_UTC] = CI_SHIPPED_QUARTER,
					[FILE_QUARTER_LOCAL] = CI_SHIPPED_QUARTER};

	*series = series_of[shipped_files[i].kind];
	*first_day = day_of(shipped_files[i].first_day);
	*last_day = day_of(shipped_files[i].last_day);
}

void ci_shipped_release(struct ci_shipped *s)
{
	if (!s)
		return;
	ci_daily_release(&s->daily);
	ci_points_release(&s->hourly);
	ci_points_release(&s->quarter);
	ci_monthly_release(&s->monthly);
	free(s->data_dir);
	s->data_dir = NULL;
}
