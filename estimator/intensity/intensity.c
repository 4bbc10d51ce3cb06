/* intensity.c - opening and closing intensity sources (RTE history, constant, user
 * file), and views of a source over a time range (see et_intensity.h, ci_source.h). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci_cache.h"
#include "ci_source.h"
#include "datadir.h"
#include "local_time.h"
#include "user_file.h"

void et_ci_config_init(struct et_ci_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->kind = ET_CI_RTE;
	cfg->resolution = ET_CI_DAY;
}

int et_ci_open(const struct et_ci_config *cfg, struct et_ci_source **out, struct et_error *err)
{
	struct et_ci_source *src;
	char dir[4096];

	*out = NULL;
	src = calloc(1, sizeof(*src));
	if (!src)
		return et_error_set(err, "", 0, "out of memory");
	src->kind = cfg->kind;
	src->resolution = cfg->resolution;
	if (et_zone_open(ET_ZONE_PARIS, &src->paris, err) < 0)
		goto fail;
	switch (cfg->kind) {
	case ET_CI_CONSTANT:
		if (!isfinite(cfg->constant_g_per_kwh) || cfg->constant_g_per_kwh < 0) {
			et_error_set(err, "", 0, "bad constant intensity %g g/kWh", cfg->constant_g_per_kwh);
			goto fail;
		}
		src->constant_g_per_kwh = cfg->constant_g_per_kwh;
		break;
	case ET_CI_USER_FILE:
		if (!cfg->user_file || !(src->user_file = strdup(cfg->user_file))) {
			et_error_set(err, "", 0, "no intensity file given");
			goto fail;
		}
		snprintf(src->user_label, sizeof(src->user_label), "user file: %s", cfg->user_file);
		if (ci_user_file_load(cfg->user_file, &src->user_points, &src->user_daily, err) < 0)
			goto fail;
		break;
	case ET_CI_RTE:
		if (ci_shipped_open(cfg->data_dir ? cfg->data_dir : et_data_dir(dir, sizeof(dir)),
				    src->paris, &src->shipped, err) < 0)
			goto fail;
		if (cfg->cache_path && !(src->cache_path = strdup(cfg->cache_path))) {
			et_error_set(err, "", 0, "out of memory");
			goto fail;
		}
		break;
	default:
		et_error_set(err, "", 0, "unknown intensity kind %d", (int)cfg->kind);
		goto fail;
	}
	*out = src;
	return 0;
fail:
	et_ci_close(src);
	return -1;
}

const struct et_zone *et_ci_day_zone(const struct et_ci_source *src)
{
	return src->resolution == ET_CI_DAY ? src->paris : NULL;
}

void et_ci_close(struct et_ci_source *src)
{
	if (!src)
		return;
	free(src->user_file);
	ci_points_release(&src->user_points);
	ci_daily_release(&src->user_daily);
	ci_shipped_release(&src->shipped);
	free(src->cache_path);
	et_zone_close(src->paris);
	free(src);
}

/* Read the cached points of [from_s, to_s) into the view. A cache that cannot be read
 * (corrupt, not SQLite, another schema) never blocks an estimate: the view goes on
 * without it, and its cache_warning names the file. */
static void load_cache(struct et_ci_source *src, struct ci_view *v, int64_t from_s, int64_t to_s)
{
	const char *path = v->src->cache_path;
	struct et_error err = ET_ERROR_INIT;
	struct sqlite3 *db = NULL;
	int64_t last_s;
	int rc, opened;

	rc = ci_cache_open(path, 0, &db, &err);
	src->cache_opens += rc != 1;   /* 1: no such file */
	opened = rc == 0;
	if (opened) {
		rc = ci_cache_load(db, path, from_s, to_s, &v->cache, &err);
		if (rc == 0 && (rc = ci_cache_last(db, path, &last_s, &err)) == 0 &&
		    et_zone_day(v->src->paris, last_s) > v->data_end_day)
			v->data_end_day = et_zone_day(v->src->paris, last_s);
		ci_cache_close(db);
	}
	if (rc >= 0) {
		v->have_cache = opened;
		return;
	}
	ci_points_release(&v->cache);
	snprintf(v->cache_warning, sizeof(v->cache_warning),
		 "the intensity cache %s cannot be read (%s); going on with the shipped data", path, err.text);
}
/* The label of the cached points: one dataset or both. */
static const char *cache_label(const struct ci_points *cache)
{
	int ranks = 0;

	for (size_t i = 0; i < cache->n; i++)
		ranks |= 1 << cache->v[i].tag;
	if (ranks == (1 << CI_RANK_TR))
		return CI_LABEL_FETCHED_TR;
	if (ranks == (1 << CI_RANK_CONS))
		return CI_LABEL_FETCHED_CONS;
	return CI_LABEL_FETCHED_BOTH;
}

int ci_view_open(struct et_ci_source *src, int64_t from_s, int64_t to_s,
		 struct ci_view *view, struct et_error *err)
{
	memset(view, 0, sizeof(*view));
	view->src = src;
	if (src->kind == ET_CI_USER_FILE) {
		view->layers[view->n_layers++] = (struct ci_layer){&src->user_points, src->user_label, 1};
		view->daily = &src->user_daily;
		view->daily_source = src->user_label;
		return 0;
	}
	if (src->kind != ET_CI_RTE)
		return 0;
	/* The shipped files a day before and after too: the days are Paris days. */
	if (ci_shipped_need(&src->shipped, et_zone_day(src->paris, from_s) - 1,
			    et_zone_day(src->paris, to_s) + 1, err) < 0)
		return -1;
	view->data_end_day = src->shipped.data_end_day;
	if (src->cache_path)
		load_cache(src, view, from_s, to_s);
	view->layers[view->n_layers++] = (struct ci_layer){&view->cache, cache_label(&view->cache), 1};
	view->layers[view->n_layers++] = (struct ci_layer){&src->shipped.quarter, CI_LABEL_PUBLISHED, 1};
	view->layers[view->n_layers++] = (struct ci_layer){&src->shipped.hourly, CI_LABEL_RECOMPUTED, 0};
	view->daily = &src->shipped.daily;
	view->daily_source = CI_LABEL_RECOMPUTED;
	view->monthly = &src->shipped.monthly;
	view->yearly = &src->shipped.yearly;
	return 0;
}

void ci_view_release(struct ci_view *view)
{
	if (!view)
		return;
	ci_points_release(&view->cache);
}

unsigned long et_ci_cache_opens(const struct et_ci_source *src)
{
	return src->cache_opens;
}

void et_ci_result_release(struct et_ci_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_warnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	free(res->days);
	free(res->steps);
	for (size_t i = 0; i < res->n_step_sources; i++)
		free(res->step_sources[i]);
	free(res->step_sources);
	*res = (struct et_ci_result)ET_CI_RESULT_INIT;
}
