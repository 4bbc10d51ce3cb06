/* cmd_intensity.c - `etest intensity`: dispatch to fetch or show, the top-level help,
 * and the helpers the subcommands share (see ci_cmd.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "civil_time.h"
#include "datadir.h"
#include "et_intensity.h"

static const char usage_text[] =
	"usage: etest intensity fetch [--from DATE] [--to DATE] [--cache FILE] [--base-url URL]\n"
	"                             [--dataset auto|eco2mix-national-cons-def|eco2mix-national-tr]\n"
	"                             [--timeout S] [--retries N]\n"
	"       etest intensity show FROM..TO [--format table|csv] [--cache FILE]\n"
	"\n"
	"French grid carbon intensity (RTE eco2mix taux_co2, gCO2/kWh) per Europe/Paris day.\n"
	"fetch downloads days from ODRE into the local cache; show prints what the cache and\n"
	"the shipped data hold. See etest-intensity(1).\n";

int ci_cache_path(const char *opt, char *buf, size_t size)
{
	if (opt) {
		if ((size_t)snprintf(buf, size, "%s", opt) < size)
			return 0;
	} else if (et_cache_path(NULL, buf, size)) {
		return 0;
	}
	fprintf(stderr, "etest: no cache path: set --cache, ETEST_CACHE, XDG_CACHE_HOME or HOME\n");
	return -1;
}

int ci_parse_day_range(const char *s, int64_t *from, int64_t *to)
{
	const char *dots = strstr(s, "..");
	char a[16];

	if (!dots)
		return ci_parse_date(s, from) == 0 ? (*to = *from, 0) : -1;
	if ((size_t)(dots - s) >= sizeof(a))
		return -1;
	memcpy(a, s, (size_t)(dots - s));
	a[dots - s] = '\0';
	if (ci_parse_date(a, from) < 0 || ci_parse_date(dots + 2, to) < 0 || *to < *from)
		return -1;
	return 0;
}

int cmd_intensity(int argc, char **argv)
{
	if (argc < 2)
		return et_usage_error("intensity", "missing subcommand (fetch or show)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return ET_EXIT_OK;
	}
	if (strcmp(argv[1], "show") == 0)
		return ci_cmd_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "fetch") != 0)
		return et_usage_error("intensity", "unknown subcommand '%s' (fetch or show)", argv[1]);
	return ci_cmd_fetch(argc - 1, argv + 1);   /* it loads libcurl (curl_dl.c) */
}
