/* fetch.c - `etest intensity fetch` as a library call: ODRE's Explore API v2.1 exports,
 * month by month, checked values only, stored in the SQLite cache in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ci_cache.h"
#include "civil_time.h"
#include "curl_dl.h"
#include "et_intensity_fetch.h"
#include "http_fetch.h"
#include "local_time.h"
#include "odre_json.h"
#include "shipped_data.h"

#define CHUNK_DAYS 31          /* days per request ("page") */

/* What a fetch knows while it goes. */
struct fetch_run {
	const struct et_ci_fetch_request *rq;
	char base[1024];            /* base URL without a trailing slash */
	struct ci_points pts;       /* everything fetched, tag = dataset rank */
	const struct et_zone *paris;
	struct ci_curl curl;        /* libcurl, loaded for this fetch */
	int requests_done, requests_total;
	struct ci_odre_drops drops; /* values not kept: out of range, outside the days */
	long duplicates;            /* instants given again by the same dataset */
	long duplicates_differing;  /* ... with another value */
};

/* "YYYY-MM-DDTHH:MM:SS+00:00" for a UTC instant. */
static void format_utc(int64_t utc_s, char *buf, size_t size)
{
	int64_t days = ci_floor_div(utc_s, 86400), sod = utc_s - days * 86400;
	char date[16];

	ci_format_date(days, date, sizeof(date));
	snprintf(buf, size, "%sT%02d:%02d:%02d+00:00", date, (int)(sod / 3600), (int)(sod / 60 % 60),
		 (int)(sod % 60));
}

/* s percent-encoded into out (size bytes, always terminated): every byte but the
 * unreserved characters of RFC 3986 (letters, digits, "-", ".", "_", "~") as %XX, as
 * curl_easy_escape does. Returns 0, or -1 when out is too small. */
static int url_escape(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '.' || c == '_' || c == '~';
		if (j + (plain ? 1 : 3) >= size)
			return -1;
		if (plain) {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return 0;
}

/* Build the exports/json URL for dataset over [from_s, to_s) into url, and the URL as
 * shown in messages into display. Returns 0, or -1 (the query does not fit). */
static int build_url(const struct fetch_run *run, const char *dataset, int64_t from_s, int64_t to_s,
		     char *url, size_t url_size, char *display, size_t display_size)
{
	char a[40], b[40], where[256], esc[3 * sizeof(where)];

	format_utc(from_s, a, sizeof(a));
	format_utc(to_s, b, sizeof(b));
	snprintf(where, sizeof(where), "date_heure >= date'%s' AND date_heure < date'%s' AND taux_co2 is not null",
		 a, b);
	if (url_escape(where, esc, sizeof(esc)) < 0)
		return -1;
	snprintf(display, display_size, "%s/api/explore/v2.1/catalog/datasets/%s/exports/json", run->base, dataset);
	snprintf(url, url_size, "%s?select=date_heure%%2Ctaux_co2&where=%s&order_by=date_heure&timezone=UTC",
		 display, esc);
	return 0;
}

static void show_progress(struct fetch_run *run, const char *dataset, int64_t day)
{
	char date[16];

	if (run->rq->progress)
		run->rq->progress(run->rq->progress_ctx, dataset, ci_format_date(day, date, sizeof(date)),
				  run->requests_done + 1, run->requests_total, run->pts.n);
}

/* Keep the first value of each instant of one dataset's points (tag = arrival order),
 * count the repeats, and append the rest to run->pts with tag = rank. Returns 0 or -1
 * (out of memory). */
static int add_unique(struct fetch_run *run, struct ci_points *got, int rank)
{
	ci_points_sort(got);
	for (size_t i = 1; i < got->n; i++)
		if (got->v[i].utc_s == got->v[i - 1].utc_s && got->v[i].g_per_kwh != got->v[i - 1].g_per_kwh)
			run->duplicates_differing++;
	run->duplicates += (long)ci_points_finish(got);
	for (size_t i = 0; i < got->n; i++)
		if (ci_points_add(&run->pts, got->v[i].utc_s, got->v[i].g_per_kwh, rank) < 0)
			return -1;
	return 0;
}

/* Fetch dataset over the Paris days [from, to], one request per CHUNK_DAYS. *last_s
 * gets the latest instant received (unchanged if none). Only values in range and
 * inside each request's days are kept; the others are counted in run. Returns 0, or
 * -1 with err. */
static int fetch_dataset(struct fetch_run *run, const char *dataset, int64_t from, int64_t to,
			 int64_t *last_s, struct et_error *err)
{
	char url[2048], display[1200];
	int rank = ci_dataset_rank(dataset);
	struct ci_points got = CI_POINTS_INIT;
	int rc = -1;

	for (int64_t day = from; day <= to; day += CHUNK_DAYS) {
		int64_t end = day + CHUNK_DAYS - 1 < to ? day + CHUNK_DAYS - 1 : to;
		int64_t from_s = et_zone_day_start(run->paris, day), to_s = et_zone_day_start(run->paris, end + 1);
		struct ci_http_options hopt = {run->rq->timeout_s, run->rq->retries, 1000, display, &run->curl};
		struct ci_http_body body = {NULL, 0, 0, 0};
		size_t before = got.n;
		long n;

		if (build_url(run, dataset, from_s, to_s, url, sizeof(url), display, sizeof(display)) < 0) {
			et_error_set(err, "", 0, "the request's query does not fit its buffer");
			goto out;
		}
		show_progress(run, dataset, day);
		if (ci_http_get(url, &hopt, &body, err) < 0) {
			free(body.data);
			goto out;
		}
		n = ci_odre_parse(body.data ? body.data : "", body.len, display, 0, from_s, to_s, &got,
				  &run->drops, err);
		free(body.data);
		if (n < 0)
			goto out;
		for (size_t i = before; i < got.n; i++) {
			got.v[i].tag = (int)i;   /* arrival order: the first of a repeated instant wins */
			if (got.v[i].utc_s > *last_s)
				*last_s = got.v[i].utc_s;
		}
		run->requests_done++;
	}
	if (add_unique(run, &got, rank) < 0) {
		et_error_set(err, "", 0, "out of memory");
		goto out;
	}
	rc = 0;
out:
	ci_points_release(&got);
	return rc;
}

/* What was dropped, into rep: "2 outside 0-2000 g/kWh, 1 outside the requested days". */
static void report_drops(const struct fetch_run *run, struct et_ci_fetch_report *rep)
{
	long dropped = run->drops.out_of_range + run->drops.outside_window + run->duplicates;
	char *text = rep->dropped;
	size_t len = 0, size = sizeof(rep->dropped);

	rep->received = (long)run->pts.n + dropped;
	text[0] = '\0';
	if (dropped == 0)
		return;
	if (run->drops.out_of_range)
		len += (size_t)snprintf(text + len, size - len, "%s%ld outside 0-%.0f g/kWh",
					len ? ", " : "", run->drops.out_of_range, CI_ODRE_MAX_G_PER_KWH);
	if (run->drops.outside_window && len < size)
		len += (size_t)snprintf(text + len, size - len, "%s%ld outside the requested days",
					len ? ", " : "", run->drops.outside_window);
	if (run->duplicates && len < size)
		snprintf(text + len, size - len, "%s%ld repeating an instant already received "
			 "(%ld with another value; the first value kept)", len ? ", " : "", run->duplicates,
			 run->duplicates_differing);
}

static int chunks(int64_t from, int64_t to)
{
	return to < from ? 0 : (int)((to - from) / CHUNK_DAYS + 1);
}

/* The last day with data, for "using shipped data up to ...": the cache's or the
 * shipped series'. Writes "" if neither is known. */
static void data_end_message(const struct et_zone *paris, struct sqlite3 *db, const char *cache,
			     int64_t shipped_end, char *buf, size_t size)
{
	struct et_error ignored = ET_ERROR_INIT;
	int64_t last_s;
	char date[16];

	buf[0] = '\0';
	if (db && ci_cache_last(db, cache, &last_s, &ignored) == 0 && et_zone_day(paris, last_s) > shipped_end)
		snprintf(buf, size, "; using shipped and cached data up to %s",
			 ci_format_date(et_zone_day(paris, last_s), date, sizeof(date)));
	else if (shipped_end > 0)
		snprintf(buf, size, "; using shipped data up to %s", ci_format_date(shipped_end, date, sizeof(date)));
}

int et_ci_fetch_check(const struct et_ci_fetch_request *rq, struct et_error *err)
{
	const char *url = rq->base_url ? rq->base_url : ET_CI_ODRE_URL;

	if (!rq->dataset || (strcmp(rq->dataset, "auto") != 0 && !ci_dataset_rank(rq->dataset)))
		return et_error_set(err, "", 0, "unknown dataset '%s' (auto, %s or %s)",
				    rq->dataset ? rq->dataset : "", CI_DATASET_CONS, CI_DATASET_TR);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return et_error_set(err, "", 0, "--base-url wants http:// or https://, got '%s'", url);
	if (rq->timeout_s < 1 || rq->timeout_s > 3600)
		return et_error_set(err, "", 0, "--timeout wants seconds from 1 to 3600, got %ld", rq->timeout_s);
	if (rq->retries < 0 || rq->retries > 10)
		return et_error_set(err, "", 0, "--retries wants 0 to 10, got %d", rq->retries);
	if (rq->from_day != ET_CI_DAY_UNSET && rq->to_day != ET_CI_DAY_UNSET && rq->from_day > rq->to_day)
		return et_error_set(err, "", 0, "--from is after --to");
	return 0;
}

/* The request's days: given, or the defaults (see et_intensity_fetch.h). */
static int fetch_days(const struct et_ci_fetch_request *rq, const struct et_zone *paris,
		      struct sqlite3 *db, int64_t shipped_end, int64_t *from, int64_t *to,
		      struct et_error *err)
{
	struct et_error ignored = ET_ERROR_INIT;
	char a[16], b[16];
	int64_t last_s;

	*to = rq->to_day != ET_CI_DAY_UNSET ? rq->to_day : et_zone_day(paris, (int64_t)time(NULL));
	if (rq->from_day != ET_CI_DAY_UNSET)
		*from = rq->from_day;
	else if (ci_cache_last(db, rq->cache_path, &last_s, &ignored) == 0)
		*from = et_zone_day(paris, last_s);
	else
		*from = shipped_end + 1;
	if (*from > *to)
		return et_error_set(err, "", 0, "nothing to fetch: the first day, %s, is after the last, %s",
				    ci_format_date(*from, a, sizeof(a)), ci_format_date(*to, b, sizeof(b)));
	return 0;
}

/* Fetch [from, to] as rq->dataset asks into run->pts. Returns 0, or -1 with err. */
static int fetch_all(struct fetch_run *run, int64_t from, int64_t to, struct et_error *err)
{
	const char *dataset = run->rq->dataset;
	int64_t last_s = INT64_MIN;

	run->requests_total = chunks(from, to) * (strcmp(dataset, "auto") == 0 ? 2 : 1);
	if (strcmp(dataset, "auto") != 0)
		return fetch_dataset(run, dataset, from, to, &last_s, err);
	if (fetch_dataset(run, CI_DATASET_CONS, from, to, &last_s, err) < 0)
		return -1;
	/* Real-time data only for the days the consolidated data does not reach. */
	int64_t tr_from = last_s == INT64_MIN ? from : et_zone_day(run->paris, last_s);
	if (tr_from < from)
		tr_from = from;
	run->requests_total = run->requests_done + chunks(tr_from, to);
	return fetch_dataset(run, CI_DATASET_TR, tr_from, to, &last_s, err);
}

int et_ci_fetch(const struct et_ci_fetch_request *rq, struct et_ci_fetch_report *rep,
		struct et_error *err)
{
	struct fetch_run run = {.rq = rq};
	struct ci_store_counts counts;
	struct ci_shipped shipped;
	struct et_error ignored = ET_ERROR_INIT;
	struct sqlite3 *db = NULL;
	struct et_zone *paris = NULL;
	int64_t shipped_end = 0, from, to;
	char tail[128];
	size_t blen;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	if (et_ci_fetch_check(rq, err) < 0)
		return -1;
	snprintf(run.base, sizeof(run.base), "%s", rq->base_url ? rq->base_url : ET_CI_ODRE_URL);
	blen = strlen(run.base);
	while (blen > 0 && run.base[blen - 1] == '/')
		run.base[--blen] = '\0';
	if (et_zone_open(ET_ZONE_PARIS, &paris, err) < 0)
		return -1;
	run.paris = paris;
	if (rq->data_dir && ci_shipped_open(rq->data_dir, paris, &shipped, &ignored) == 0) {
		shipped_end = shipped.last_day;
		ci_shipped_release(&shipped);
	}
	if (ci_cache_open(rq->cache_path, 1, &db, err) < 0)
		goto out;
	if (fetch_days(rq, paris, db, shipped_end, &from, &to, err) < 0)
		goto out;
	ci_format_date(from, rep->from, sizeof(rep->from));
	ci_format_date(to, rep->to, sizeof(rep->to));
	if (ci_curl_open(&run.curl, err) < 0)
		goto out;
	if (fetch_all(&run, from, to, err) < 0)
		goto fail;
	report_drops(&run, rep);
	if (ci_cache_store(db, rq->cache_path, &run.pts, &counts, err) < 0)
		goto fail;
	rep->points = run.pts.n;
	rep->inserted = counts.inserted;
	rep->replaced = counts.replaced;
	rep->kept = counts.kept;
	rc = 0;
	goto out;
fail:
	data_end_message(paris, db, rq->cache_path, shipped_end, tail, sizeof(tail));
	size_t used = strlen(err->text);
	snprintf(err->text + used, sizeof(err->text) - used, "%s", tail);
out:
	ci_curl_close(&run.curl);
	ci_points_release(&run.pts);
	ci_cache_close(db);
	et_zone_close(paris);
	return rc;
}
