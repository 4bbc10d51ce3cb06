/* intensity_fetch.c - `etest intensity fetch`: the options, the progress line and the
 * summary; the download and the cache are et_ci_fetch()'s (et_intensity_fetch.h). */
#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil_time.h"
#include "cli.h"
#include "datadir.h"
#include "et_intensity_fetch.h"

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
	"  --base-url URL  scheme, host and port of the API (default " ET_CI_ODRE_URL ")\n"
	"  --dataset NAME  auto (default: consolidated, then real-time for the days after it),\n"
	"                  eco2mix-national-cons-def or eco2mix-national-tr\n"
	"  --timeout S     seconds per request (default 30); the connection must open\n"
	"                  within 10 s (or S if less), and is not retried if it does not\n"
	"  --retries N     retries after a timeout, an HTTP 5xx or 429, with backoff (default 3)\n";

/* The progress line on a terminal: rewritten in place. */
static void progress(void *ctx, const char *dataset, const char *month, int request,
		     int requests, size_t points)
{
	(void)ctx;
	fprintf(stderr, "\retest: fetching %s, month of %s: request %d of %d, %zu points  ",
		dataset, month, request, requests, points);
	fflush(stderr);
}

/* Options into rq. Returns 0, -1 after --help, or the usage exit status. */
static int parse_options(int argc, char **argv, struct et_ci_fetch_request *rq, const char **cache)
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
	struct et_error err = ET_ERROR_INIT;
	char *end;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (ci_parse_date(optarg, &rq->from_day) < 0)
				return et_usage_error("intensity fetch", "bad --from '%s' (want YYYY-MM-DD)", optarg);
			break;
		case 't':
			if (ci_parse_date(optarg, &rq->to_day) < 0)
				return et_usage_error("intensity fetch", "bad --to '%s' (want YYYY-MM-DD)", optarg);
			break;
		case 'c': *cache = optarg; break;
		case 'b': rq->base_url = optarg; break;
		case 'd': rq->dataset = optarg; break;
		case 'T':
			rq->timeout_s = strtol(optarg, &end, 10);
			if (*end || end == optarg)
				rq->timeout_s = 0;   /* refused below, with the value */
			if (rq->timeout_s < 1 || rq->timeout_s > 3600)
				return et_usage_error("intensity fetch", "--timeout wants seconds from 1 to 3600, got '%s'", optarg);
			break;
		case 'r':
			rq->retries = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || rq->retries < 0 || rq->retries > 10)
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
	if (et_ci_fetch_check(rq, &err) < 0)
		return et_usage_error("intensity fetch", "%s", err.text);
	return 0;
}

int ci_cmd_fetch(int argc, char **argv)
{
	struct et_ci_fetch_request rq = {
		.base_url = ET_CI_ODRE_URL, .dataset = "auto", .from_day = ET_CI_DAY_UNSET,
		.to_day = ET_CI_DAY_UNSET, .timeout_s = 30, .retries = 3,
	};
	struct et_ci_fetch_report rep;
	struct et_error err = ET_ERROR_INIT;
	const char *cache_opt = NULL;
	char cache[4096], data_dir[4096];
	int rc, tty = isatty(STDERR_FILENO);

	if ((rc = parse_options(argc, argv, &rq, &cache_opt)) != 0)
		return rc < 0 ? ET_EXIT_OK : rc;
	if (ci_cache_path(cache_opt, cache, sizeof(cache)) < 0)
		return ET_EXIT_DATA;
	rq.cache_path = cache;
	rq.data_dir = et_data_dir(data_dir, sizeof(data_dir));
	rq.progress = tty ? progress : NULL;
	rc = et_ci_fetch(&rq, &rep, &err);
	if (tty)
		fputc('\n', stderr);
	if (rc < 0) {
		et_error_print(&err);
		return ET_EXIT_DATA;
	}
	if (rep.dropped[0])
		fprintf(stderr, "etest: kept %zu of the %ld values received; dropped %s\n", rep.points,
			rep.received, rep.dropped);
	printf("fetched %zu points for %s..%s: %ld new, %ld replaced, %ld already cached; cache %s\n",
	       rep.points, rep.from, rep.to, rep.inserted, rep.replaced, rep.kept, cache);
	if (rep.points == 0)
		fprintf(stderr, "etest: no data returned for %s..%s\n", rep.from, rep.to);
	return ET_EXIT_OK;
}
