/* period_csv.c - the period report as CSV: one row per group and model, the units in the
 * header names, no total row (the totals are in the JSON); '.' whatever the locale. */
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "period.h"
#include "report.h"

static const char header[] =
	"by,group,model,runs,incomplete_runs,cpu_hours,gpu_hours,gpu_idle_wh,energy_wh,"
	"co2e_g,intensity_g_per_kwh,pue,period_from,period_to,tz\r\n";

static int text(FILE *out, const char *s)
{
	if (csv_fwrite(out, s, strlen(s)) != 0)
		return -1;
	return fputc(',', out) == EOF ? -1 : 0;
}

static int number(FILE *out, double v, const char *sep)
{
	char buf[64];
	return fprintf(out, "%s%s", et_report_num(buf, sizeof(buf), 'g', 10, v), sep) < 0 ? -1 : 0;
}

int et_period_write_csv(FILE *out, const struct et_period_report *rep, struct et_error *err)
{
	char from[40], to[40];
	int bad = fputs(header, out) == EOF;

	et_report_iso_utc(from, sizeof(from), rep->from_utc_ms);
	et_report_iso_utc(to, sizeof(to), rep->to_utc_ms);
	for (size_t g = 0; g < rep->n_groups && !bad; g++) {
		const struct et_period_sums *s = &rep->groups[g];
		for (size_t m = 0; m < rep->n_models && !bad; m++) {
			double e = s->energy_wh[m];
			bad |= text(out, rep->by) | text(out, s->key) | text(out, rep->models[m]->name);
			bad |= fprintf(out, "%zu,%zu,", s->runs, s->incomplete) < 0;
			bad |= number(out, s->cpu_h, ",") | number(out, s->gpu_h, ",") |
			       number(out, s->gpu_idle_wh, ",") | number(out, e, ",") |
			       number(out, s->co2e_g[m], ",") |
			       number(out, e > 0 ? s->co2e_g[m] / (e / 1000.0) : 0.0, ",");
			bad |= rep->params->native ? fputc(',', out) == EOF : number(out, rep->params->pue, ",");
			bad |= text(out, from) | text(out, to);
			bad |= csv_fwrite(out, rep->tz, strlen(rep->tz)) != 0 || fputs("\r\n", out) == EOF;
		}
	}
	if (bad)
		return et_error_set(err, "", 0, "write error on the CSV output");
	return 0;
}
