/* report_table.c - the terminal table: one row per run and model (CPU, GPU, RAM Wh, energy
 * with PUE, intensity, gCO2e), then the run's intensity days and warnings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Energy with its unit: Wh below 1 kWh, kWh above. */
static const char *energy_str(char *buf, size_t n, double wh)
{
	char num[32];

	if (isfinite(wh) && fabs(wh) >= 1000.0) {
		snprintf(buf, n, "%s kWh", et_report_num(num, sizeof(num), 'f', 3, wh / 1000.0));
	} else {
		snprintf(buf, n, "%s Wh", et_report_num(num, sizeof(num), 'f', 4, wh));
	}
	return buf;
}

/* Two intensity results name the same days with the same values. */
static int same_days(const struct et_ci_result *a, const struct et_ci_result *b)
{
	if (a->n_days != b->n_days)
		return 0;
	for (size_t i = 0; i < a->n_days; i++)
		if (strcmp(a->days[i].date, b->days[i].date) != 0 ||
		    a->days[i].g_per_kwh != b->days[i].g_per_kwh)
			return 0;
	return 1;
}

static void print_days(FILE *out, const struct et_model_result *m, int name_it)
{
	char g[32], e[48];

	for (size_t i = 0; i < m->ci.n_days; i++) {
		const struct et_ci_day *d = &m->ci.days[i];
		fprintf(out, "  intensity%s%s%s %s: %s g/kWh on %s (%s; %s)\n",
			name_it ? " (" : "", name_it ? m->model->name : "", name_it ? ")" : "",
			d->date, et_report_num(g, sizeof(g), 'f', 2, d->g_per_kwh),
			energy_str(e, sizeof(e), d->energy_wh), d->basis, d->source);
	}
}

int et_report_table(FILE *out, const struct et_report_run *r, int quiet, struct et_error *err)
{
	const struct et_run *run = r->run;
	char start[40], cmd[512], dur[32], buf[8][48];

	et_report_command(run, cmd, sizeof(cmd));
	fprintf(out, "%s: %s@%s \"%s\", start %s, %s s, %s, scope %s\n", run->log_path,
		run->user && *run->user ? run->user : "?", run->host && *run->host ? run->host : "?",
		cmd, et_report_iso_utc(start, sizeof(start), run->launch_utc_ms),
		et_report_num(dur, sizeof(dur), 'f', 1, run->duration_s),
		run->complete ? "complete" : "truncated", r->scope ? r->scope : "job");
	fprintf(out, "  %-16s %12s %12s %12s %6s %16s %18s %12s\n", "model", "CPU (Wh)", "GPU (Wh)",
		"RAM (Wh)", "PUE", "energy", "intensity (g/kWh)", "CO2e (g)");
	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		fprintf(out, "  %-16s %12s %12s %12s %6s %16s %18s %12s\n", m->model->name,
			et_report_num(buf[0], sizeof(buf[0]), 'f', 4, m->energy.cpu_wh),
			et_report_num(buf[1], sizeof(buf[1]), 'f', 4, m->energy.gpu_wh),
			et_report_num(buf[2], sizeof(buf[2]), 'f', 4, m->energy.ram_wh),
			et_report_num(buf[3], sizeof(buf[3]), 'f', 2, m->pue),
			energy_str(buf[4], sizeof(buf[4]), m->energy_wh),
			et_report_num(buf[5], sizeof(buf[5]), 'f', 2, m->intensity_g_per_kwh),
			et_report_num(buf[6], sizeof(buf[6]), 'f', 4, m->co2e_g));
	}
	for (size_t i = 0; i < r->n_results; i++) {
		int shown = 0;
		for (size_t k = 0; k < i && !shown; k++)
			shown = same_days(&r->results[k].ci, &r->results[i].ci);
		if (!shown)
			print_days(out, &r->results[i], i > 0);
	}
	if (!quiet) {
		size_t n = 0;
		const char **warn = et_report_warnings(r, &n);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "  warning: %s\n", warn[i]);
		free(warn);
	}
	if (fflush(out) != 0 || ferror(out))
		return et_error_set(err, "", 0, "write error on the table output");
	return 0;
}
