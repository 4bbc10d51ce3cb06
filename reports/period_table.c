/* period_table.c - the period report for the terminal: what was asked, one row per group
 * and model, the totals and the spread across models, the largest runs, the warnings. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "report.h"

/* Energy with its unit: Wh below 1 kWh, kWh below 1 MWh, else MWh. */
static const char *energy_str(char *buf, size_t n, double wh)
{
	char num[32];

	if (isfinite(wh) && fabs(wh) >= 1e6)
		snprintf(buf, n, "%s MWh", et_report_num(num, sizeof(num), 'f', 3, wh / 1e6));
	else if (isfinite(wh) && fabs(wh) >= 1000.0)
		snprintf(buf, n, "%s kWh", et_report_num(num, sizeof(num), 'f', 3, wh / 1000.0));
	else
		snprintf(buf, n, "%s Wh", et_report_num(num, sizeof(num), 's', 4, wh));
	return buf;
}

/* Mass of CO2e with its unit: g below 1 kg, kg below 1 t, else t. */
static const char *co2_str(char *buf, size_t n, double g)
{
	char num[32];

	if (isfinite(g) && fabs(g) >= 1e6)
		snprintf(buf, n, "%s tCO2e", et_report_num(num, sizeof(num), 'f', 3, g / 1e6));
	else if (isfinite(g) && fabs(g) >= 1000.0)
		snprintf(buf, n, "%s kgCO2e", et_report_num(num, sizeof(num), 'f', 3, g / 1000.0));
	else
		snprintf(buf, n, "%s gCO2e", et_report_num(num, sizeof(num), 's', 4, g));
	return buf;
}

static void local_time(int64_t utc_ms, char *buf, size_t n)
{
	time_t t = (time_t)(utc_ms / 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		snprintf(buf, n, "?");
}

static void rows(FILE *out, const struct et_period_report *rep, const struct et_period_sums *s,
		 const char *name)
{
	char e[32], c[32], cpu[32], gpu[32], idle[32];

	for (size_t m = 0; m < rep->n_models; m++) {
		if (m == 0)
			fprintf(out, "%-20.20s %6zu %6zu %10s h %8s h %12s", name, s->runs, s->incomplete,
				et_report_num(cpu, sizeof(cpu), 'f', 1, s->cpu_h),
				et_report_num(gpu, sizeof(gpu), 'f', 1, s->gpu_h), energy_str(idle, sizeof(idle), s->gpu_idle_wh));
		else
			fprintf(out, "%-20s %6s %6s %12s %10s %12s", "", "", "", "", "", "");
		fprintf(out, "  %-16s %14s %16s\n", rep->models[m]->name,
			energy_str(e, sizeof(e), s->energy_wh[m]), co2_str(c, sizeof(c), s->co2e_g[m]));
	}
}

int et_period_write_table(FILE *out, const struct et_period_report *rep, struct et_error *err)
{
	char from[48], to[48], pue[32], a[32], b[32], c[32], d[32], start[48];

	local_time(rep->from_utc_ms, from, sizeof(from));
	local_time(rep->to_utc_ms, to, sizeof(to));
	fprintf(out, "etest report %s: %s to %s (%s), by %s\n", rep->label, from, to, rep->tz, rep->by);
	fprintf(out, "scope %s, PUE %s, intensity %s (%s)\n",
		rep->params->scope == ET_SCOPE_USER ? "user" : "job",
		rep->params->native ? "each tool's own" : et_report_num(pue, sizeof(pue), 'g', 4, rep->params->pue),
		rep->intensity, rep->resolution);
	fprintf(out, "\n%-20s %6s %6s %12s %10s %12s  %-16s %14s %16s\n", "group", "runs", "trunc.",
		"CPU-hours", "GPU-hours", "GPU idle", "model", "energy", "CO2e");
	for (size_t g = 0; g < rep->n_groups; g++)
		rows(out, rep, &rep->groups[g], rep->groups[g].key);
	rows(out, rep, &rep->total, "total");
	if (rep->n_models > 1) {
		double emin = INFINITY, emax = -INFINITY, cmin = INFINITY, cmax = -INFINITY;
		for (size_t m = 0; m < rep->n_models; m++) {
			emin = fmin(emin, rep->total.energy_wh[m]);
			emax = fmax(emax, rep->total.energy_wh[m]);
			cmin = fmin(cmin, rep->total.co2e_g[m]);
			cmax = fmax(cmax, rep->total.co2e_g[m]);
		}
		fprintf(out, "spread across the %zu models: %s to %s, %s to %s\n", rep->n_models,
			energy_str(a, sizeof(a), emin), energy_str(b, sizeof(b), emax),
			co2_str(c, sizeof(c), cmin), co2_str(d, sizeof(d), cmax));
	}
	fputs("GPU idle: measured board energy below the idle baseline of the GPUs the runs used "
	      "(before PUE)\n", out);
	if (rep->n_top > 0)
		fprintf(out, "\nlargest runs (%s, energy in the period):\n", rep->models[0]->name);
	for (size_t i = 0; i < rep->n_top; i++) {
		const struct et_period_top_run *t = &rep->top[i];
		local_time(t->start_utc_ms, start, sizeof(start));
		fprintf(out, "  %-14s %-10s %-16.16s %s  %s s%s  %s  %s\n", t->user, t->host,
			t->program, start, et_report_num(a, sizeof(a), 'f', 0, t->duration_s),
			t->complete ? "" : " (truncated)", energy_str(b, sizeof(b), t->energy_wh),
			co2_str(c, sizeof(c), t->co2e_g));
		if (t->command)
			fprintf(out, "      %s\n", t->command);
	}
	if (ferror(out))
		return et_error_set(err, "", 0, "write error on standard output");
	return 0;
}
