/* report_table.c - the terminal table: the run and its machine, one row per model (CPU,
 * GPU, RAM Wh, energy with PUE, intensity, gCO2e), each day's intensity and each input
 * once per run (with the models using it when not all do), then the warnings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Lines said once per run, each with the names of the models that gave it. */
struct said {
	char **text;
	char **models;            /* "ga, codecarbon" */
	unsigned *n_models;
	size_t n, cap;
};

/* Energy with its unit: Wh below 1 kWh, kWh above. */
static const char *energy_str(char *buf, size_t n, double wh)
{
	char num[32];

	if (isfinite(wh) && fabs(wh) >= 1000.0)
		snprintf(buf, n, "%s kWh", et_report_num(num, sizeof(num), 'f', 3, wh / 1000.0));
	else
		snprintf(buf, n, "%s Wh", et_report_num(num, sizeof(num), 's', 4, wh));
	return buf;
}

/* Add text said by model to s (or the model to the text's list). Returns 0, -1 if out of
 * memory. */
static int said_add(struct said *s, const char *text, const char *model)
{
	size_t i;
	char *grown;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->text[i], text) == 0)
			break;
	if (i == s->n) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 16;
			char **t = realloc(s->text, cap * sizeof(*t));
			if (!t)
				return -1;
			s->text = t;
			char **m = realloc(s->models, cap * sizeof(*m));
			if (!m)
				return -1;
			s->models = m;
			unsigned *k = realloc(s->n_models, cap * sizeof(*k));
			if (!k)
				return -1;
			s->n_models = k;
			s->cap = cap;
		}
		if (!(s->text[i] = strdup(text)))
			return -1;
		if (!(s->models[i] = strdup(model))) {
			free(s->text[i]);
			return -1;
		}
		s->n_models[i] = 1;
		s->n++;
		return 0;
	}
	size_t len = strlen(s->models[i]);
	if (!(grown = realloc(s->models[i], len + strlen(model) + 3)))
		return -1;
	snprintf(grown + len, strlen(model) + 3, ", %s", model);
	s->models[i] = grown;
	s->n_models[i]++;
	return 0;
}

/* Print every line of s under prefix, naming its models unless all n_all give it. */
static void said_print(FILE *out, const struct said *s, const char *prefix, unsigned n_all)
{
	for (size_t i = 0; i < s->n; i++) {
		fprintf(out, "  %s", prefix);
		et_report_put_visible(out, s->text[i]);
		if (s->n_models[i] == n_all)
			fputc('\n', out);
		else
			fprintf(out, " [%s]\n", s->models[i]);
	}
}

static void said_free(struct said *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->text[i]);
		free(s->models[i]);
	}
	free(s->text);
	free(s->models);
	free(s->n_models);
	memset(s, 0, sizeof(*s));
}

static void print_run_line(FILE *out, const struct et_report_run *r)
{
	const struct et_run *run = r->run;
	char start[40], cmd[512], dur[32];

	et_report_command(run, cmd, sizeof(cmd));
	et_report_put_visible(out, run->log_path);
	fputs(": ", out);
	et_report_put_visible(out, run->user && *run->user ? run->user : "?");
	fputc('@', out);
	et_report_put_visible(out, run->host && *run->host ? run->host : "?");
	fputs(" \"", out);
	et_report_put_visible(out, cmd);
	fprintf(out, "\", start %s, %s s, %s, scope %s\n",
		et_report_iso_utc(start, sizeof(start), run->launch_utc_ms),
		et_report_num(dur, sizeof(dur), 'f', 1, run->duration_s),
		run->complete ? "complete" : "truncated", r->scope ? r->scope : "job");
}

/* The machine the models read from the header: CPU, its shape, memory, the GPUs. */
static void print_machine(FILE *out, const struct et_run *run)
{
	char mem[32], w[32];

	if (isfinite(run->mem_total_kib))
		snprintf(mem, sizeof(mem), "%.1f GB", run->mem_total_kib / 1048576.0);
	else
		snprintf(mem, sizeof(mem), "memory unknown");
	fputs("  machine: ", out);
	et_report_put_visible(out, run->cpu_model && *run->cpu_model ? run->cpu_model : "unknown CPU");
	fprintf(out, ", %d socket%s, %d physical cores, %d logical CPUs, %s\n", run->sockets,
		run->sockets == 1 ? "" : "s", run->physical_cores, run->logical_cpus, mem);
	for (int i = 0; i < run->n_gpus && i < ET_MAX_GPUS; i++) {
		const struct et_gpu_info *g = &run->gpus[i];
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
		fprintf(out, "  %-16s %12s %12s %12s %6s %16s %18s %12s\n", m->model->name,
			et_report_num(buf[0], sizeof(buf[0]), 's', 4, m->energy.cpu_wh),
			et_report_num(buf[1], sizeof(buf[1]), 's', 4, m->energy.gpu_wh),
			et_report_num(buf[2], sizeof(buf[2]), 's', 4, m->energy.ram_wh),
			et_report_num(buf[3], sizeof(buf[3]), 'f', 2, m->pue),
			energy_str(buf[4], sizeof(buf[4]), m->energy_wh),
			et_report_num(buf[5], sizeof(buf[5]), 'f', 2, m->intensity_g_per_kwh),
			et_report_num(buf[6], sizeof(buf[6]), 's', 4, m->co2e_g));
	}
}

/* Each day once: date, g/kWh, basis and source do not depend on the model's energy
 * (except within a day at hourly resolution, or with --native: then each value is
 * listed with its models). The energy weights are in the JSON output. */
static int collect_days(const struct et_report_run *r, struct said *s)
{
	char line[512], g[32];

	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		for (size_t k = 0; k < m->ci.n_days; k++) {
			const struct et_ci_day *d = &m->ci.days[k];
			snprintf(line, sizeof(line), "%s: %s g/kWh, %s; %s", d->date,
				 et_report_num(g, sizeof(g), 'f', 2, d->g_per_kwh), d->basis, d->source);
			if (said_add(s, line, m->model->name) < 0)
				return -1;
		}
	}
	return 0;
}

/* An input worth a line on the terminal: what was looked up in a table, derived from
 * a table row, an option or the header, defaulted or overridden. Measured values, the
 * PUE (a column of the table), the tools' fixed W/GB and formulas on other inputs (a
 * source that starts with another input's name, e.g. "cpu_tdp_w / 2") are left to the
 * JSON output. */
static int input_shown(json_t *inputs, const char *key, json_t *o)
{
	const char *how = json_string_value(json_object_get(o, "how"));
	const char *source = json_string_value(json_object_get(o, "source"));
	const char *k;
	json_t *v;

	if (!how || strcmp(how, "measured") == 0 || strcmp(key, "pue") == 0)
		return 0;
	if (strcmp(key, "ram_w_per_gb") == 0 && strcmp(how, "defaulted") == 0)
		return 0;   /* the tool's own constant, listed by `etest models` */
	if (strcmp(how, "derived") != 0 || json_object_get(o, "table") || !source)
		return 1;
	json_object_foreach(inputs, k, v) {
		size_t n = strlen(k);
		if (strcmp(k, key) != 0 && strncmp(source, k, n) == 0 &&
		    (source[n] == ' ' || source[n] == '\0'))
			return 0;
	}
	return 1;
}

/* "cpu_tdp_w = 125 W, looked up: <table> line 12 "<row>" (exact name); <source>" */
static void input_text(char *buf, size_t n, const char *key, json_t *o)
{
	json_t *value = json_object_get(o, "value");
	const char *unit = json_string_value(json_object_get(o, "unit"));
	const char *how = json_string_value(json_object_get(o, "how"));
	const char *table = json_string_value(json_object_get(o, "table"));
	const char *row = json_string_value(json_object_get(o, "row"));
	const char *match = json_string_value(json_object_get(o, "match"));
	const char *source = json_string_value(json_object_get(o, "source"));
	json_t *line = json_object_get(o, "line");
	char num[32];
	size_t used;

	if (json_is_number(value))
		et_report_num(num, sizeof(num), 'g', 6, json_number_value(value));
	else
		snprintf(num, sizeof(num), "unknown");
	used = (size_t)snprintf(buf, n, "%s = %s%s%s, %s", key, num, unit && *unit ? " " : "",
				unit ? unit : "", how ? how : "?");
	if (table && row && used < n)
		used += (size_t)snprintf(buf + used, n - used, ": %s line %lld \"%s\" (%s)", table,
					 (long long)json_integer_value(line), row, match ? match : "?");
	if (source && used < n)
		snprintf(buf + used, n - used, "%s%s", table ? "; " : ": ", source);
}

static int collect_inputs(const struct et_report_run *r, struct said *s)
{
	char key[96], line[768];

	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		const char *k;
		json_t *o;

		if (!json_is_object(m->inputs))
			continue;
		json_object_foreach(m->inputs, k, o) {
			if (json_is_array(o)) {   /* one object per GPU */
				size_t j;
				json_t *g;
				json_array_foreach(o, j, g) {
					if (!input_shown(m->inputs, k, g))
						continue;
					snprintf(key, sizeof(key), "%s (gpu %lld)", k,
						 (long long)json_integer_value(json_object_get(g, "gpu")));
					input_text(line, sizeof(line), key, g);
					if (said_add(s, line, m->model->name) < 0)
						return -1;
				}
			} else if (json_is_object(o) && input_shown(m->inputs, k, o)) {
				input_text(line, sizeof(line), k, o);
				if (said_add(s, line, m->model->name) < 0)
					return -1;
			}
		}
	}
	return 0;
}

int et_report_table(FILE *out, const struct et_report_run *r, int quiet, struct et_error *err)
{
	struct said days = {0}, inputs = {0};
	int rc = -1;

	print_run_line(out, r);
	print_machine(out, r->run);
	print_models(out, r);
	if (collect_days(r, &days) < 0 || collect_inputs(r, &inputs) < 0) {
		et_error_set(err, "", 0, "out of memory");
		goto out;
	}
	said_print(out, &days, "intensity ", (unsigned)r->n_results);
	said_print(out, &inputs, "input ", (unsigned)r->n_results);
	if (!quiet) {
		size_t n = 0;
		const char **warn = et_report_warnings(r, &n);
		for (size_t i = 0; i < n; i++) {
			fputs("  warning: ", out);
			et_report_put_visible(out, warn[i]);
			fputc('\n', out);
		}
		free(warn);
	}
	if (fflush(out) != 0 || ferror(out)) {
		et_error_set(err, "", 0, "write error on the table output");
		goto out;
	}
	rc = 0;
out:
	said_free(&days);
	said_free(&inputs);
	return rc;
}
