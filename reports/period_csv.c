/* period_csv.c - the period report as CSV: one row per group and model, the units in the
 * header names, no total row (the totals are in the JSON); '.' whatever the locale. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "period.h"
#include "report.h"

static const char header[] =
	"by,group,model,runs,incomplete_runs,cpu_hours,gpu_hours,gpu_idle_wh,energy_wh,"
	"co2e_g,intensity_g_per_kwh,pue,period_from,period_to,tz";
/* With SLURM accounting in the period: the jobs estimated from it (their energy is in
 * energy_wh of ga only) and the shares of the logs. */
static const char accounting_header[] =
	",sched_jobs,sched_cpu_hours,sched_gpu_hours,sched_energy_wh,cpu_share_logs,gpu_share_logs";

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

	bad |= rep->have_accounting && fputs(accounting_header, out) == EOF;
	bad |= fputs("\r\n", out) == EOF;

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
			bad |= csv_fwrite(out, rep->tz, strlen(rep->tz)) != 0;
			if (rep->have_accounting) {
				double cs = et_period_share(s->cpu_h, s->sched_cpu_h);
				double gs = et_period_share(s->gpu_h, s->sched_gpu_h);
				bad |= fprintf(out, ",%zu,", s->sched_jobs) < 0;
				bad |= number(out, s->sched_cpu_h, ",") | number(out, s->sched_gpu_h, ",") |
				       number(out, (int)m == rep->sched_model ? s->sched_wh : 0.0, ",");
				bad |= isfinite(cs) ? number(out, cs, ",") : fputc(',', out) == EOF;
				bad |= isfinite(gs) ? number(out, gs, "") : 0;
			}
			bad |= fputs("\r\n", out) == EOF;
		}
	}
	if (bad)
		return et_error_set(err, "", 0, "write error on the CSV output");
	return 0;
}
