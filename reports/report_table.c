/* report_table.c - the terminal table: the run and its machine, one row per model (CPU,
 * GPU, RAM Wh, energy with PUE, intensity, gCO2e), then the run's digest: each day's
 * intensity and each input once (with the models using it when not all do), warnings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "et_units.h"
#include "report.h"

static void print_run_line(FILE *out, const struct et_report_run *r)
{
	const struct et_run *run = r->run;
	char start[40], cmd[512], dur[32];

	et_report_command(run, cmd, sizeof(cmd));
	et_report_put_visible(out, run->log_path);
	fputs(": ", out);
	et_report_put_visible(out, run->facts.user && *run->facts.user ? run->facts.user : "?");
	fputc('@', out);
	et_report_put_visible(out, run->facts.host && *run->facts.host ? run->facts.host : "?");
	fputs(" \"", out);
	et_report_put_visible(out, cmd);
	fprintf(out, "\", start %s, %s s, %s, scope %s\n",
		et_report_iso_utc(start, sizeof(start), run->facts.launch_utc_ms),
		et_report_num(dur, sizeof(dur), 'f', 1, run->facts.duration_s),
		run->facts.complete ? "complete" : "truncated", r->scope ? r->scope : "job");
}

/* The machine the models read from the header: CPU, its shape, memory, the GPUs. */
static void print_machine(FILE *out, const struct et_run *run)
{
	char mem[32], w[32];

	if (isfinite(run->facts.mem_total_kib))
		snprintf(mem, sizeof(mem), "%.1f GB", run->facts.mem_total_kib / ET_KIB_PER_GB);
	else
		snprintf(mem, sizeof(mem), "memory unknown");
	fputs("  machine: ", out);
	et_report_put_visible(out, run->facts.cpu_model && *run->facts.cpu_model ? run->facts.cpu_model : "unknown CPU");
	fprintf(out, ", %d socket%s, %d physical cores, %d logical CPUs, %s\n", run->facts.sockets,
		run->facts.sockets == 1 ? "" : "s", run->facts.physical_cores, run->facts.logical_cpus, mem);
	for (int i = 0; i < run->facts.n_gpus && i < ET_MAX_GPUS; i++) {
		const struct et_gpu_info *g = &run->facts.gpus[i];
		if (isfinite(g->idle_w))
			snprintf(w, sizeof(w), "idle %.2f W", g->idle_w);
		else
			snprintf(w, sizeof(w), "no idle baseline");
		fprintf(out, "  gpu %d: ", g->index);
		et_report_put_visible(out, *g->name ? g->name : "unknown GPU");
		fprintf(out, ", %s\n", w);
	}
}

static void print_models(FILE *out, const struct et_report_run *r)
{
	char buf[7][48];

	fprintf(out, "  %-16s %12s %12s %12s %6s %16s %18s %12s\n", "model", "CPU (Wh)", "GPU (Wh)",
		"RAM (Wh)", "PUE", "energy", "intensity (g/kWh)", "CO2e (g)");
	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		if (m->setup.unavailable[0]) {   /* no figure: say why instead */
			fprintf(out, "  %-16s cannot run on this log: ", m->model->name);
			et_report_put_visible(out, m->setup.unavailable);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "  %-16s %12s %12s %12s %6s %16s %18s %12s\n", m->model->name,
			et_report_num(buf[0], sizeof(buf[0]), 's', 4, m->energy.cpu_wh),
			et_report_num(buf[1], sizeof(buf[1]), 's', 4, m->energy.gpu_wh),
			et_report_num(buf[2], sizeof(buf[2]), 's', 4, m->energy.ram_wh),
			et_report_num(buf[3], sizeof(buf[3]), 'f', 2, m->pue),
			et_report_energy(buf[4], sizeof(buf[4]), m->energy_wh),
			et_report_num(buf[5], sizeof(buf[5]), 'f', 2, m->intensity_g_per_kwh),
			et_report_num(buf[6], sizeof(buf[6]), 's', 4, m->co2e_g));
	}
}

/* Print every line under prefix, naming its models unless all n_all give it. */
static void lines_print(FILE *out, const struct et_report_lines *lines, const char *prefix,
			unsigned n_all)
{
	for (size_t i = 0; i < lines->n; i++) {
		const struct et_report_line *l = &lines->v[i];
		fprintf(out, "  %s", prefix);
		et_report_put_visible(out, l->text);
		if (l->n_models == n_all)
			fputc('\n', out);
		else
			fprintf(out, " [%s]\n", l->models);
	}
}

/* The table, with per_text (--per) above the model rows when not NULL. */
static int table_per(FILE *out, const struct et_report_run *r, int quiet, const char *per_text,
		     struct et_error *err)
{
	struct et_report_digest d;
	int rc = -1;

	print_run_line(out, r);
	print_machine(out, r->run);
	if (per_text)
		fprintf(out, "  %s\n", per_text);
	print_models(out, r);
	if (et_report_digest(r, &d, err) < 0)
		return -1;
	lines_print(out, &d.days, "intensity ", d.n_models);
	lines_print(out, &d.inputs, "input ", d.n_models);
	for (size_t i = 0; !quiet && i < d.n_warnings; i++) {
		fputs("  warning: ", out);
		et_report_put_visible(out, d.warnings[i]);
		fputc('\n', out);
	}
	if (fflush(out) != 0 || ferror(out)) {
		et_error_set(err, "", 0, "write error on the table output");
		goto out;
	}
	rc = 0;
out:
	et_report_digest_release(&d);
	return rc;
}

int et_report_table(FILE *out, const struct et_report_run *r, int quiet, struct et_error *err)
{
	return table_per(out, r, quiet, NULL, err);
}

/* ---- the "table" writer ---- */

static int table_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	char per[256];

	return table_per(w->out, r, w->quiet, w->per_n > 0 ? et_report_per_text(per, sizeof(per), w->per_n,
										 w->per_unit) : NULL, err);
}

const struct et_writer_ops et_writer_table = {
	.name = "table",
	.run = table_run,
};
