/* intensity_show.c - `etest intensity show FROM..TO`: one row per Paris day with the
 * value the estimator would use, its number of points, basis and source. */
#include <csv.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ci_source.h"
#include "civil_time.h"
#include "et_intensity.h"
#include "local_time.h"

#define MAX_SHOW_DAYS (366 * 100)

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

static void print_day(const struct ci_day_info *d, int csv)
{
	char date[16], value[32], points[16];

	ci_format_date(d->day, date, sizeof(date));
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

int ci_cmd_show(int argc, char **argv)
{
	const char *format = "table", *cache_opt = NULL, *range = NULL;
	struct et_ci_config cfg = {.kind = ET_CI_RTE, .resolution = ET_CI_DAY};
	struct et_error err = ET_ERROR_INIT;
	struct et_ci_source *src = NULL;
	struct ci_view view;
	int64_t from, to;
	char cache[4096];
	int rc, csv, fallbacks = 0;

	if ((rc = parse_options(argc, argv, &format, &cache_opt, &range)) != 0)
		return rc < 0 ? ET_EXIT_OK : rc;
	if (ci_parse_day_range(range, &from, &to) < 0)
		return et_usage_error("intensity show", "bad days '%s' (want YYYY-MM-DD..YYYY-MM-DD)", range);
	if (to - from >= MAX_SHOW_DAYS)
		return et_usage_error("intensity show", "at most %d days at a time", MAX_SHOW_DAYS);
	if (ci_cache_path(cache_opt, cache, sizeof(cache)) < 0)
		return ET_EXIT_DATA;
	cfg.cache_path = cache;
	if (et_ci_open(&cfg, &src, &err) < 0) {
		et_error_print(&err);
		return ET_EXIT_DATA;
	}
	if (ci_view_open(src, et_zone_day_start(src->paris, from), et_zone_day_start(src->paris, to + 1), &view, &err) < 0) {
		et_error_print(&err);
		et_ci_close(src);
		return ET_EXIT_DATA;
	}
	if (view.cache_warning[0])
		fprintf(stderr, "etest: warning: %s\n", view.cache_warning);
	csv = strcmp(format, "csv") == 0;
	if (csv)
		printf("date,intensity_g_per_kwh,points,basis,source\n");
	else
		printf("%-10s  %14s  %6s  %-26s  %s\n", "date", "intensity", "points", "basis", "source");
	rc = ET_EXIT_OK;
	for (int64_t day = from; day <= to; day++) {
		struct ci_day_info d;

		if (ci_resolve_day(&view, day, &d, &err) < 0) {
			et_error_print(&err);
			rc = ET_EXIT_DATA;
			break;
		}
		fallbacks += d.from_fallback;
		print_day(&d, csv);
	}
	if (fallbacks)
		fprintf(stderr, "etest: %d day%s without daily RTE data in the shipped files or the cache%s: "
			"monthly or yearly figures shown (see the basis column)\n", fallbacks, fallbacks == 1 ? "" : "s",
			view.have_cache ? "" : " (no cache yet: `etest intensity fetch`)");
	ci_view_release(&view);
	et_ci_close(src);
	return rc;
}
