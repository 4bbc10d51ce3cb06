/* shipped_data.c - loading the data/intensity CSV files (see shipped_data.h and
 * data/SOURCES.md for where each file comes from). */
#include <stdio.h>
#include <string.h>

#include "series_files.h"
#include "shipped_data.h"

#define DAILY_FILE     "fr_rte_eco2mix_daily_co2_2012-2023.csv"
#define HOURLY_FILE    "fr_rte_eco2mix_hourly_2022.csv"
#define QUARTER_FILE_1 "fr_rte_taux_co2_published_2021-12_15min.csv"
#define QUARTER_FILE_2 "fr_rte_taux_co2_published_2023-10-01_03_15min.csv"
#define YEARLY_FILE    "fr_yearly_intensity_reference.csv"

static const char *path_of(char *buf, size_t size, const char *dir, const char *file)
{
	snprintf(buf, size, "%s/intensity/%s", dir, file);
	return buf;
}

int ci_shipped_load(const char *data_dir, struct ci_shipped *out, struct et_error *err)
{
	char path[4096];

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
	if (ci_yearly_load(path_of(path, sizeof(path), data_dir, YEARLY_FILE), &out->yearly, err) < 0)
		goto fail;
	ci_daily_finish(&out->daily);
	ci_points_finish(&out->hourly);   /* drops the duplicated spring-forward hour */
	ci_points_finish(&out->quarter);
	out->last_day = out->daily.n ? out->daily.v[out->daily.n - 1].day : 0;
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
}
