/* period_table.c - the period report for the terminal: what was asked, one row per group
 * and model, the totals and the spread across models, the largest runs, the warnings. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "report.h"

const char *et_period_energy_str(char *buf, size_t n, double wh)
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

const char *et_period_co2_str(char *buf, size_t n, double g)
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
				et_report_num(gpu, sizeof(gpu), 'f', 1, s->gpu_h), et_period_energy_str(idle, sizeof(idle), s->gpu_idle_wh));
		else
			fprintf(out, "%-20s %6s %6s %12s %10s %12s", "", "", "", "", "", "");
		fprintf(out, "  %-16s %14s %16s\n", rep->models[m]->name,
			et_period_energy_str(e, sizeof(e), s->energy_wh[m]), et_period_co2_str(c, sizeof(c), s->co2e_g[m]));
	}
}

const char *et_period_share_str(char *buf, size_t n, double share)
{
	char num[32];

	if (!isfinite(share))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%s %%", et_report_num(num, sizeof(num), 'f', 1, 100.0 * share));
	return buf;
}

static void coverage_row(FILE *out, const struct et_period_sums *s, const char *name)
{
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32];

	fprintf(out, "%-20.20s %6zu %10s h %10s h %8s %10s h %10s h %8s %14s\n", name, s->sched_jobs,
		et_report_num(a, sizeof(a), 's', 4, s->cpu_h), et_report_num(b, sizeof(b), 's', 4, s->sched_cpu_h),
		et_period_share_str(c, sizeof(c), et_period_share(s->cpu_h, s->sched_cpu_h)),
		et_report_num(d, sizeof(d), 's', 4, s->gpu_h), et_report_num(e, sizeof(e), 's', 4, s->sched_gpu_h),
		et_period_share_str(f, sizeof(f), et_period_share(s->gpu_h, s->sched_gpu_h)),
		et_period_energy_str(g, sizeof(g), s->sched_wh));
}

/* SLURM accounting: the jobs estimated from it, and the coverage of the logs. */
static void accounting(FILE *out, const struct et_period_report *rep)
{
	char a[32], b[32], c[32], d[32];
	const struct et_period_sums *t = &rep->total;

	fprintf(out, "\nSLURM accounting: %zu jobs without an etrec log, estimated from accounting with the ga "
		"formula: %s, %s (%s)\n", t->sched_jobs, et_period_energy_str(a, sizeof(a), t->sched_wh),
		et_period_co2_str(b, sizeof(b), t->sched_co2e_g),
		rep->sched_model < 0 ? "ga not among the models asked: in no figure above"
		: rep->n_models > 1 ? "in ga's figures only; the other models leave these jobs out"
		: "included in ga's figures above");
	if (rep->sched_measured || rep->sched_partial)
		fprintf(out, "  %zu of them from SLURM's measured ConsumedEnergyRaw, %zu still running "
			"(a figure so far)\n", rep->sched_measured, rep->sched_partial);
	for (size_t i = 0; i < rep->n_undescribed; i++)
		if (rep->cluster_file)
			fprintf(out, "  partition %s is not in the cluster file: %zu jobs estimated with its defaults\n",
				rep->undescribed[i].name, rep->undescribed[i].jobs);
		else
			fprintf(out, "  partition %s: %zu jobs estimated with Green Algorithms' defaults "
				"(no cluster file: --cluster FILE describes the partitions)\n",
				rep->undescribed[i].name, rep->undescribed[i].jobs);
	fprintf(out, "  %zu jobs of accounting have etrec logs and are counted by them; allocated "
		"CPU-hours (CPUTime) in the period: %s h with logs, %s h without (%s with logs)\n",
		rep->logged_jobs, et_report_num(c, sizeof(c), 's', 4, rep->logged_alloc_cpu_h),
		et_report_num(d, sizeof(d), 's', 4, rep->sched_alloc_cpu_h),
		et_period_share_str(a, sizeof(a), et_period_share(rep->logged_alloc_cpu_h, rep->sched_alloc_cpu_h)));
	fprintf(out, "\ncoverage: CPU-hours used and GPU-hours from etrec logs vs scheduler estimates\n");
	fprintf(out, "%-20s %6s %12s %12s %8s %12s %12s %8s %14s\n", "group", "est.", "CPU-h logs",
		"CPU-h est.", "logs", "GPU-h logs", "GPU-h est.", "logs", "est. energy");
	for (size_t g = 0; g < rep->n_groups; g++)
		coverage_row(out, &rep->groups[g], rep->groups[g].key);
	coverage_row(out, t, "total");
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
			et_period_energy_str(a, sizeof(a), emin), et_period_energy_str(b, sizeof(b), emax),
			et_period_co2_str(c, sizeof(c), cmin), et_period_co2_str(d, sizeof(d), cmax));
	}
	fputs("GPU idle: measured board energy below the idle baseline of the GPUs the runs used "
	      "(before PUE)\n", out);
	if (rep->have_accounting)
		accounting(out, rep);
	if (rep->n_top > 0)
		fprintf(out, "\nlargest runs (%s, energy in the period):\n", rep->models[0]->name);
	for (size_t i = 0; i < rep->n_top; i++) {
		const struct et_period_top_run *t = &rep->top[i];
		local_time(t->start_utc_ms, start, sizeof(start));
		fprintf(out, "  %-14s %-10s %-16.16s %s  %s s%s  %s  %s\n", t->user, t->host,
			t->program, start, et_report_num(a, sizeof(a), 'f', 0, t->duration_s),
			t->complete ? "" : " (truncated)", et_period_energy_str(b, sizeof(b), t->energy_wh),
			et_period_co2_str(c, sizeof(c), t->co2e_g));
		if (t->command)
			fprintf(out, "      %s\n", t->command);
	}
	if (ferror(out))
		return et_error_set(err, "", 0, "write error on standard output");
	return 0;
}
