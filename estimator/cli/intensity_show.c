/* intensity_show.c - `etest intensity show FROM..TO`: one row per Paris day with the
 * value the estimator would use, its number of points, basis and source. */
#include <csv.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "et_intensity.h"
#include "local_time.h"

#define MAX_SHOW_DAYS (366 * 100)
#define CHUNK_DAYS 3650   /* days resolved at once (the library takes ten years at most) */

static const char show_usage[] =
	"usage: etest intensity show FROM..TO [--format table|csv] [--cache FILE]\n"
	"Print, per Europe/Paris day, the carbon intensity (gCO2/kWh) the cache and the\n"
	"shipped data hold: date, intensity_g_per_kwh, points, basis, source.\n"
	"  FROM..TO       days YYYY-MM-DD..YYYY-MM-DD (inclusive), or one day\n"
	"  --format F     table (default) or csv\n"
	"  --cache FILE   SQLite cache (default: $ETEST_CACHE, else\n"
	"                 $XDG_CACHE_HOME/energytrack/intensity.sqlite)\n";

/* One CSV field, quoted by libcsv only when it needs it. */
static void csv_field(FILE *out, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n"))
		csv_fwrite(out, s, strlen(s));
	else
		fputs(s, out);
	fputc(last ? '\n' : ',', out);
}

static void print_day(const struct et_ci_day *d, int csv)
{
	const char *date = d->date;
	char value[32], points[16];

	snprintf(value, sizeof(value), "%.*f", d->decimals, d->g_per_kwh);
	snprintf(points, sizeof(points), "%d", d->points);
	if (csv) {
		csv_field(stdout, date, 0);
		csv_field(stdout, value, 0);
		csv_field(stdout, points, 0);
		csv_field(stdout, d->basis, 0);
		csv_field(stdout, d->source, 1);
		return;
	}
	printf("%-10s  %8s g/kWh  %6s  %-26s  %s\n", date, value, points, d->basis, d->source);
}

static int parse_options(int argc, char **argv, const char **format, const char **cache,
			 const char **range)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'F'},
		{"cache", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'F': *format = optarg; break;
		case 'c': *cache = optarg; break;
		case 'h':
			fputs(show_usage, stdout);
			return -1;
		case ':':
			return et_usage_error("intensity show", "option '%s' needs a value", argv[optind - 1]);
		default:
			return et_usage_error("intensity show", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(*format, "table") != 0 && strcmp(*format, "csv") != 0)
		return et_usage_error("intensity show", "unknown format '%s' (table or csv)", *format);
	if (optind >= argc)
		return et_usage_error("intensity show", "missing the days, FROM..TO");
	if (optind + 1 < argc)
		return et_usage_error("intensity show", "unexpected argument '%s'", argv[optind + 1]);
	*range = argv[optind];
	return 0;
}

/* Print the days [from, to] of src, in stretches the intensity library resolves at once
 * (ten years at most). Returns ET_EXIT_OK or ET_EXIT_DATA; *fallbacks counts the days
 * given a monthly or yearly figure, *have_cache whether a cache file exists. */
static int show_days(struct et_ci_source *src, const struct et_zone *paris, int64_t from,
		     int64_t to, int csv, int *fallbacks, int *have_cache)
{
	struct et_error err = ET_ERROR_INIT;

	for (int64_t first = from; first <= to; first += CHUNK_DAYS) {
		int64_t last = first + CHUNK_DAYS - 1 < to ? first + CHUNK_DAYS - 1 : to;
		struct et_ci_resolved *res = NULL;
		const struct et_ci_day *days;
		size_t n = 0;

		if (et_ci_resolve(src, et_zone_day_start(paris, first) * 1000,
				  et_zone_day_start(paris, last + 1) * 1000, &res, &err) < 0) {
			et_error_print(&err);
			return ET_EXIT_DATA;
		}
		if (first == from && et_ci_resolved_cache_warning(res)[0])
			fprintf(stderr, "etest: warning: %s\n", et_ci_resolved_cache_warning(res));
		*have_cache = et_ci_resolved_have_cache(res);
		if (!(days = et_ci_resolved_days(res, &n))) {
			et_ci_resolved_free(res);
			fprintf(stderr, "etest: out of memory\n");
			return ET_EXIT_DATA;
		}
		for (size_t i = 0; i < n; i++) {
			const struct et_error *day_err = et_ci_resolved_day_error(res, i);
			if (day_err) {
				et_error_print(day_err);
				et_ci_resolved_free(res);
				return ET_EXIT_DATA;
			}
			*fallbacks += days[i].fallback;
			print_day(&days[i], csv);
		}
		et_ci_resolved_free(res);
	}
	return ET_EXIT_OK;
}

int ci_cmd_show(int argc, char **argv)
{
	const char *format = "table", *cache_opt = NULL, *range = NULL;
	struct et_ci_config cfg;
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct et_zone *paris = NULL;
	int64_t from, to;
	char cache[4096];
	int rc, csv, fallbacks = 0, have_cache = 0;

	if ((rc = parse_options(argc, argv, &format, &cache_opt, &range)) != 0)
		return rc < 0 ? ET_EXIT_OK : rc;
	if (ci_parse_day_range(range, &from, &to) < 0)
		return et_usage_error("intensity show", "bad days '%s' (want YYYY-MM-DD..YYYY-MM-DD)", range);
	if (to - from >= MAX_SHOW_DAYS)
		return et_usage_error("intensity show", "at most %d days at a time", MAX_SHOW_DAYS);
	if (ci_cache_path(cache_opt, cache, sizeof(cache)) < 0)
		return ET_EXIT_DATA;
	et_ci_config_init(&cfg);
	cfg.cache_path = cache;
	if (et_zone_open(ET_ZONE_PARIS, &paris, &err) < 0 || et_ci_open(&cfg, &src, &err) < 0) {
		et_error_print(&err);
		et_zone_close(paris);
		return ET_EXIT_DATA;
	}
	csv = strcmp(format, "csv") == 0;
	if (csv)
		printf("date,intensity_g_per_kwh,points,basis,source\n");
	else
		printf("%-10s  %14s  %6s  %-26s  %s\n", "date", "intensity", "points", "basis", "source");
	rc = show_days(src, paris, from, to, csv, &fallbacks, &have_cache);
	if (fallbacks)
		fprintf(stderr, "etest: %d day%s without daily RTE data in the shipped files or the cache%s: "
			"monthly or yearly figures shown (see the basis column)\n", fallbacks, fallbacks == 1 ? "" : "s",
			have_cache ? "" : " (no cache yet: `etest intensity fetch`)");
	et_ci_close(src);
	et_zone_close(paris);
	return rc;
}
