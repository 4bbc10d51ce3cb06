/* shipped_data.c - loading the data/intensity CSV files (see shipped_data.h and
 * data/SOURCES.md for where each file comes from). */
#include <stdio.h>
#include <string.h>

#include "local_series.h"
#include "series_files.h"
#include "shipped_data.h"

#define DAILY_FILE     "fr_rte_eco2mix_daily_co2_2012-2023.csv"
#define HOURLY_FILE    "fr_rte_eco2mix_hourly_2022.csv"
#define QUARTER_FILE_1 "fr_rte_taux_co2_published_2021-12_15min.csv"
#define QUARTER_FILE_2 "fr_rte_taux_co2_published_2023-10-01_03_15min.csv"
#define QUARTER_FILE_3 "fr_rte_taux_co2_published_2022-06-01_2022-10-17_15min.csv"
#define LOCAL_FILE_1   "fr_rte_taux_co2_published_2025-01-01_2025-07-26_15min.csv"
#define LOCAL_FILE_2   "fr_rte_taux_co2_published_2026-02-01_2026-03-14_15min.csv"
#define MONTHLY_FILE   "fr_rte_mix_monthly_2012-01_2024-07_vchartr.csv"
#define YEARLY_FILE    "fr_yearly_intensity_reference.csv"

static const char *path_of(char *buf, size_t size, const char *dir, const char *file)
{
	snprintf(buf, size, "%s/intensity/%s", dir, file);
	return buf;
}

/* Add the points of a local-time file; what its conversion met goes to out->local_counts. */
static int load_local(const char *path, const struct et_zone *paris, struct ci_shipped *out,
		      struct et_error *err)
{
	struct ci_local_counts c;

	if (ci_load_local_points(path, paris, "date", "heure", "taux_co2", &out->quarter, &c, err) < 0)
		return -1;
	out->local_counts.rows += c.rows;
	out->local_counts.nonexistent += c.nonexistent;
	out->local_counts.second_pass += c.second_pass;
	return 0;
}

int ci_shipped_load(const char *data_dir, const struct et_zone *paris, struct ci_shipped *out,
		    struct et_error *err)
{
	char path[4096];
	int64_t last;

	memset(out, 0, sizeof(*out));
	if (ci_load_daily(path_of(path, sizeof(path), data_dir, DAILY_FILE), "date",
			  "co2_g_per_kwh_mean", "n_hours", &out->daily, err) < 0)
		goto fail;
	if (ci_load_points(path_of(path, sizeof(path), data_dir, HOURLY_FILE), "datetime_utc",
			   "co2_g_per_kwh", &out->hourly, err) < 0)
		goto fail;
	if (ci_load_points(path_of(path, sizeof(path), data_dir, QUARTER_FILE_1), "date_heure",
			   "taux_co2", &out->quarter, err) < 0)
		goto fail;
	if (ci_load_points(path_of(path, sizeof(path), data_dir, QUARTER_FILE_2), "date_heure",
			   "taux_co2", &out->quarter, err) < 0)
		goto fail;
	if (ci_load_points(path_of(path, sizeof(path), data_dir, QUARTER_FILE_3), "date_heure_utc",
			   "taux_co2", &out->quarter, err) < 0)
		goto fail;
	if (load_local(path_of(path, sizeof(path), data_dir, LOCAL_FILE_1), paris, out, err) < 0 ||
	    load_local(path_of(path, sizeof(path), data_dir, LOCAL_FILE_2), paris, out, err) < 0)
		goto fail;
	if (ci_monthly_load(path_of(path, sizeof(path), data_dir, MONTHLY_FILE), &out->monthly, err) < 0)
		goto fail;
	if (ci_yearly_load(path_of(path, sizeof(path), data_dir, YEARLY_FILE), &out->yearly, err) < 0)
		goto fail;
	ci_daily_finish(&out->daily);
	ci_points_finish(&out->hourly);   /* drops the duplicated spring-forward hour */
	ci_points_finish(&out->quarter);
	out->last_day = out->daily.n ? out->daily.v[out->daily.n - 1].day : 0;
	out->data_end_day = out->last_day;
	if (out->quarter.n && (last = et_zone_day(paris, out->quarter.v[out->quarter.n - 1].utc_s)) > out->last_day)
		out->data_end_day = last;
	return 0;
fail:
	ci_shipped_release(out);
	return -1;
}

void ci_shipped_release(struct ci_shipped *s)
{
	if (!s)
		return;
	ci_daily_release(&s->daily);
	ci_points_release(&s->hourly);
	ci_points_release(&s->quarter);
	ci_monthly_release(&s->monthly);
}
