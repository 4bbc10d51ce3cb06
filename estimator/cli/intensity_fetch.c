/* intensity_fetch.c - `etest intensity fetch`: download RTE taux_co2 from ODRE's
 * Explore API v2.1 exports endpoint, month by month, and store it in the SQLite cache. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ci_cache.h"
#include "cli.h"
#include "et_intensity.h"
#include "civil_time.h"
#include "datadir.h"
#include "http_fetch.h"
#include "odre_json.h"
#include "local_time.h"
#include "shipped_data.h"

#define DEFAULT_BASE_URL "https://odre.opendatasoft.com"
#define CHUNK_DAYS 31          /* days per request ("page") */

struct fetch_options {
	const char *from, *to, *cache, *base_url, *dataset;
	long timeout_s;
	int retries;
};

/* What a fetch run knows while it goes. */
struct fetch_run {
	const struct fetch_options *opt;
	char base[1024];            /* base URL without a trailing slash */
	struct ci_points pts;       /* everything fetched, tag = dataset rank */
	const struct et_zone *paris;
	int progress;               /* stderr is a terminal */
	int requests_done, requests_total;
	struct ci_odre_drops drops; /* values not kept: out of range, outside the days */
	long duplicates;            /* instants given again by the same dataset */
	long duplicates_differing;  /* ... with another value */
};

static const char fetch_usage[] =
	"usage: etest intensity fetch [--from DATE] [--to DATE] [--cache FILE] [--base-url URL]\n"
	"                             [--dataset auto|eco2mix-national-cons-def|eco2mix-national-tr]\n"
	"                             [--timeout S] [--retries N]\n"
	"Download RTE taux_co2 (gCO2/kWh) for the Paris days FROM..TO into the cache.\n"
	"  --from DATE     first day, YYYY-MM-DD (default: the last cached day, else the day\n"
	"                  after the shipped daily series, 2023-01-31)\n"
	"  --to DATE       last day (default: today)\n"
	"  --cache FILE    SQLite cache (default: $ETEST_CACHE, else\n"
	"                  $XDG_CACHE_HOME/energytrack/intensity.sqlite)\n"
	"  --base-url URL  scheme, host and port of the API (default " DEFAULT_BASE_URL ")\n"
	"  --dataset NAME  auto (default: consolidated, then real-time for the days after it),\n"
	"                  eco2mix-national-cons-def or eco2mix-national-tr\n"
	"  --timeout S     seconds per request (default 30); the connection must open\n"
	"                  within 10 s (or S if less), and is not retried if it does not\n"
	"  --retries N     retries after a timeout, an HTTP 5xx or 429, with backoff (default 3)\n";

/* "YYYY-MM-DDTHH:MM:SS+00:00" for a UTC instant. */
static void format_utc(int64_t utc_s, char *buf, size_t size)
{
	int64_t days = ci_floor_div(utc_s, 86400), sod = utc_s - days * 86400;
	char date[16];

	ci_format_date(days, date, sizeof(date));
	snprintf(buf, size, "%sT%02d:%02d:%02d+00:00", date, (int)(sod / 3600), (int)(sod / 60 % 60),
		 (int)(sod % 60));
}

/* Build the exports/json URL for dataset over [from_s, to_s) into url, and the URL as
 * shown in messages into display. Returns 0, or -1 (out of memory). */
static int build_url(const struct fetch_run *run, const char *dataset, int64_t from_s, int64_t to_s,
		     char *url, size_t url_size, char *display, size_t display_size)
{
	char a[40], b[40], where[256];
	CURL *curl = curl_easy_init();
	char *esc;

	if (!curl)
		return -1;
	format_utc(from_s, a, sizeof(a));
	format_utc(to_s, b, sizeof(b));
	snprintf(where, sizeof(where), "date_heure >= date'%s' AND date_heure < date'%s' AND taux_co2 is not null",
		 a, b);
	esc = curl_easy_escape(curl, where, 0);
	curl_easy_cleanup(curl);
	if (!esc)
		return -1;
	snprintf(display, display_size, "%s/api/explore/v2.1/catalog/datasets/%s/exports/json", run->base, dataset);
	snprintf(url, url_size, "%s?select=date_heure%%2Ctaux_co2&where=%s&order_by=date_heure&timezone=UTC",
		 display, esc);
	curl_free(esc);
	return 0;
}

static void show_progress(struct fetch_run *run, const char *dataset, int64_t day)
{
	char date[16];

	if (!run->progress)
		return;
	fprintf(stderr, "\retest: fetching %s, month of %s: request %d of %d, %zu points  ",
		dataset, ci_format_date(day, date, sizeof(date)), run->requests_done + 1,
		run->requests_total, run->pts.n);
	fflush(stderr);
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
		struct ci_http_options hopt = {run->opt->timeout_s, run->opt->retries, 1000, display};
		struct ci_http_body body = {NULL, 0, 0, 0};
		size_t before = got.n;
		long n;

		if (build_url(run, dataset, from_s, to_s, url, sizeof(url), display, sizeof(display)) < 0) {
			et_error_set(err, "", 0, "out of memory");
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

/* "etest: kept N of M values received; dropped ..." when anything was dropped. */
static void report_drops(const struct fetch_run *run)
{
	long dropped = run->drops.out_of_range + run->drops.outside_window + run->duplicates;
	char text[512];
	size_t len = 0;

	if (dropped == 0)
		return;
	text[0] = '\0';
	if (run->drops.out_of_range)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%ld outside 0-%.0f g/kWh",
					len ? ", " : "", run->drops.out_of_range, CI_ODRE_MAX_G_PER_KWH);
	if (run->drops.outside_window && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%ld outside the requested days",
					len ? ", " : "", run->drops.outside_window);
	if (run->duplicates && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, "%s%ld repeating an instant already received "
			 "(%ld with another value; the first value kept)", len ? ", " : "", run->duplicates,
			 run->duplicates_differing);
	fprintf(stderr, "etest: kept %zu of the %ld values received; dropped %s\n", run->pts.n,
		(long)run->pts.n + dropped, text);
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

static int parse_options(int argc, char **argv, struct fetch_options *o)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"cache", required_argument, NULL, 'c'},
		{"base-url", required_argument, NULL, 'b'},
		{"dataset", required_argument, NULL, 'd'},
		{"timeout", required_argument, NULL, 'T'},
		{"retries", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'c': o->cache = optarg; break;
		case 'b': o->base_url = optarg; break;
		case 'd': o->dataset = optarg; break;
		case 'T':
			o->timeout_s = strtol(optarg, &end, 10);
			if (*end || o->timeout_s < 1 || o->timeout_s > 3600)
				return et_usage_error("intensity fetch", "--timeout wants seconds from 1 to 3600, got '%s'", optarg);
			break;
		case 'r':
			o->retries = (int)strtol(optarg, &end, 10);
			if (*end || o->retries < 0 || o->retries > 10)
				return et_usage_error("intensity fetch", "--retries wants 0 to 10, got '%s'", optarg);
			break;
		case 'h':
			fputs(fetch_usage, stdout);
			return -1;
		case ':':
			return et_usage_error("intensity fetch", "option '%s' needs a value", argv[optind - 1]);
		default:
			return et_usage_error("intensity fetch", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return et_usage_error("intensity fetch", "unexpected argument '%s'", argv[optind]);
	if (strcmp(o->dataset, "auto") != 0 && !ci_dataset_rank(o->dataset))
		return et_usage_error("intensity fetch", "unknown dataset '%s' (auto, %s or %s)", o->dataset,
				      CI_DATASET_CONS, CI_DATASET_TR);
	if (strncmp(o->base_url, "http://", 7) != 0 && strncmp(o->base_url, "https://", 8) != 0)
		return et_usage_error("intensity fetch", "--base-url wants http:// or https://, got '%s'", o->base_url);
	return 0;
}

/* Resolve --from/--to into Paris days. Returns 0 or ET_EXIT_USAGE. */
static int resolve_days(const struct fetch_options *o, const struct et_zone *paris, struct sqlite3 *db,
			const char *cache, int64_t shipped_end, int64_t *from, int64_t *to)
{
	struct et_error ignored = ET_ERROR_INIT;
	int64_t last_s;

	*to = et_zone_day(paris, (int64_t)time(NULL));
	if (o->to && ci_parse_date(o->to, to) < 0)
		return et_usage_error("intensity fetch", "bad --to '%s' (want YYYY-MM-DD)", o->to);
	if (o->from) {
		if (ci_parse_date(o->from, from) < 0)
			return et_usage_error("intensity fetch", "bad --from '%s' (want YYYY-MM-DD)", o->from);
	} else if (ci_cache_last(db, cache, &last_s, &ignored) == 0) {
		*from = et_zone_day(paris, last_s);
	} else {
		*from = shipped_end + 1;
	}
	if (*from > *to)
		return et_usage_error("intensity fetch", "--from is after --to");
	return 0;
}

int ci_cmd_fetch(int argc, char **argv)
{
	struct fetch_options o = {.base_url = DEFAULT_BASE_URL, .dataset = "auto", .timeout_s = 30, .retries = 3};
	struct fetch_run run = {.opt = &o};
	struct et_error err = ET_ERROR_INIT;
	struct ci_store_counts counts;
	struct ci_shipped shipped;
	struct sqlite3 *db = NULL;
	struct et_zone *paris = NULL;
	int64_t shipped_end = 0, from, to, last_s = INT64_MIN;
	char cache[4096], data_dir[4096], tail[128], date_a[16], date_b[16];
	size_t blen;
	int rc;

	if ((rc = parse_options(argc, argv, &o)) != 0)
		return rc < 0 ? ET_EXIT_OK : rc;
	snprintf(run.base, sizeof(run.base), "%s", o.base_url);
	blen = strlen(run.base);
	while (blen > 0 && run.base[blen - 1] == '/')
		run.base[--blen] = '\0';
	if (ci_cache_path(o.cache, cache, sizeof(cache)) < 0)
		return ET_EXIT_DATA;
	if (et_zone_open(ET_ZONE_PARIS, &paris, &err) < 0) {
		et_error_print(&err);
		return ET_EXIT_DATA;
	}
	run.paris = paris;
	if (ci_shipped_load(et_data_dir(data_dir, sizeof(data_dir)), paris, &shipped, &err) == 0) {
		shipped_end = shipped.last_day;
		ci_shipped_release(&shipped);
	}
	err = (struct et_error)ET_ERROR_INIT;
	if (ci_cache_open(cache, 1, &db, &err) < 0) {
		et_error_print(&err);
		et_zone_close(paris);
		return ET_EXIT_DATA;
	}
	if ((rc = resolve_days(&o, paris, db, cache, shipped_end, &from, &to)) != 0)
		goto out;
	rc = ET_EXIT_DATA;
	run.progress = isatty(STDERR_FILENO);
	run.requests_total = chunks(from, to) * (strcmp(o.dataset, "auto") == 0 ? 2 : 1);
	if (strcmp(o.dataset, "auto") == 0) {
		if (fetch_dataset(&run, CI_DATASET_CONS, from, to, &last_s, &err) < 0)
			goto fail;
		/* Real-time data only for the days the consolidated data does not reach. */
		int64_t tr_from = last_s == INT64_MIN ? from : et_zone_day(paris, last_s);

		run.requests_total = run.requests_done + chunks(tr_from < from ? from : tr_from, to);
		if (fetch_dataset(&run, CI_DATASET_TR, tr_from < from ? from : tr_from, to, &last_s, &err) < 0)
			goto fail;
	} else if (fetch_dataset(&run, o.dataset, from, to, &last_s, &err) < 0) {
		goto fail;
	}
	if (run.progress)
		fputc('\n', stderr);
	report_drops(&run);
	if (ci_cache_store(db, cache, &run.pts, &counts, &err) < 0)
		goto fail;
	printf("fetched %zu points for %s..%s: %ld new, %ld replaced, %ld already cached; cache %s\n",
	       run.pts.n, ci_format_date(from, date_a, sizeof(date_a)), ci_format_date(to, date_b, sizeof(date_b)),
	       counts.inserted, counts.replaced, counts.kept, cache);
	if (run.pts.n == 0)
		fprintf(stderr, "etest: no data returned for %s..%s\n", date_a, date_b);
	rc = ET_EXIT_OK;
	goto out;
fail:
	if (run.progress)
		fputc('\n', stderr);
	data_end_message(paris, db, cache, shipped_end, tail, sizeof(tail));
	size_t used = strlen(err.text);
	snprintf(err.text + used, sizeof(err.text) - used, "%s", tail);
	et_error_print(&err);
out:
	ci_points_release(&run.pts);
	ci_cache_close(db);
	et_zone_close(paris);
	return rc;
}
