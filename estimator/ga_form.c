/* ga_form.c - --ga-form: the Green Algorithms calculator's fields for one run, filled as
 * data (et_ga_form_fill) that any writer can show, and printed for the terminal. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ga_form.h"
#include "model_common.h"

/* Mean cores used, the whole number of cores to type, and the usage factor. */
static void cores_and_usage(double cpu_s, double duration_s, double *mean, int *cores,
			    double *usage)
{
	*mean = duration_s > 0 ? cpu_s / duration_s : 0;
	*cores = (int)ceil(*mean - 1e-9);
	if (*cores < 1)
		*cores = 1;
	*usage = *mean / *cores;
}

/* "derived from <table> row <row>: <source>" or "defaulted: <source>" for the TDP per core. */
static void tdp_origin(char *buf, size_t n, json_t *described)
{
	const char *how = json_string_value(json_object_get(described, "how"));
	const char *table = json_string_value(json_object_get(described, "table"));
	const char *row = json_string_value(json_object_get(described, "row"));
	const char *source = json_string_value(json_object_get(described, "source"));
	size_t used = (size_t)snprintf(buf, n, "%s", how ? how : "?");

	if (table && row && used < n)
		used += (size_t)snprintf(buf + used, n - used, " from %s row \"%s\"", table, row);
	if (source && used < n)
		snprintf(buf + used, n - used, ": %s", source);
}

static int fill_gpus(struct et_ga_form *f, const struct et_run_facts *facts,
		     const struct et_integrals *total, const struct et_params *p,
		     struct et_error *err)
{
	unsigned mask = et_gpus_used_mask(facts, total, p->scope);

	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_integrals *g = &total->gpu[i];
		struct et_ga_form_gpu *fg = &f->gpus[f->n_gpus];
		struct et_match m;

		if (!(mask & (1u << i)))
			continue;
		if (et_resolve_ga_gpu_tdp(facts, p, i, NULL, &fg->tdp_w, &m, err) != 0)
			return -1;
		fg->index = facts->gpus[i].index;
		fg->usage = g->util_known_s > 0 ? g->util_pct_s / g->util_known_s / 100.0 : NAN;
		if (m.kind != ET_MATCH_NONE) {
			snprintf(fg->model, sizeof(fg->model), "%s", m.row->name);
			snprintf(fg->table, sizeof(fg->table), "%s", m.table->label);
		} else {
			snprintf(fg->model, sizeof(fg->model), "%s", facts->gpus[i].name);
		}
		f->n_gpus++;
	}
	return 0;
}

int et_ga_form_fill(struct et_ga_form *f, const struct et_run_facts *facts,
		    const struct et_integrals *total, const struct et_params *p,
		    struct et_error *err)
{
	struct et_machine mc;
	struct et_match ga_row;
	json_t *inputs = json_object();
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (!inputs)
		return et_error_set(err, "", 0, "out of memory");
	if (et_machine_read(facts, "ga-form", &mc, NULL, err) != 0
	    || et_resolve_ga_tdp_per_core(facts, p, &mc, inputs, &f->tdp_per_core_w, &ga_row, err) != 0
	    || et_resolve_mem_gb(facts, p, NULL, &f->mem_gb, err) != 0)
		goto out;
	f->runtime_s = total->duration_s;
	f->scope = p->scope;
	cores_and_usage(et_scope_cpu_s(total, p->scope), total->duration_s, &f->mean_cores,
			&f->cores, &f->cpu_usage);
	if (ga_row.kind != ET_MATCH_NONE) {
		snprintf(f->cpu_model, sizeof(f->cpu_model), "%s", ga_row.row->name);
		snprintf(f->cpu_table, sizeof(f->cpu_table), "%s", ga_row.table->label);
	} else {
		snprintf(f->cpu_model, sizeof(f->cpu_model), "%s", facts->cpu_model ? facts->cpu_model : "");
		tdp_origin(f->tdp_origin, sizeof(f->tdp_origin), json_object_get(inputs, "cpu_tdp_per_core_w"));
	}
	if (fill_gpus(f, facts, total, p, err) != 0)
		goto out;
	f->pue = p->native ? ET_GA_PUE : p->pue;
	f->location_g_per_kwh = ET_GA_FRANCE_G_PER_KWH;
	rc = 0;
out:
	json_decref(inputs);
	return rc;
}

int et_ga_form_print(FILE *out, const char *name, const struct et_ga_form *f,
		     struct et_error *err)
{
	long minutes = lround(f->runtime_s / 60.0);

	fprintf(out, "Green Algorithms calculator (https://calculator.green-algorithms.org/) "
		"for %s:\n", name);
	fprintf(out, "Runtime:                    %ld h %ld min  (%.0f s)\n", minutes / 60,
		minutes % 60, f->runtime_s);
	fprintf(out, "Type of cores:              CPU\n");
	fprintf(out, "Number of cores:            %d  (mean cores used by the %s: %.2f)\n",
		f->cores, f->scope == ET_SCOPE_USER ? "user" : "job", f->mean_cores);
	if (f->cpu_table[0])
		fprintf(out, "CPU model:                  %s  (%s, %g W per core)\n",
			f->cpu_model, f->cpu_table, f->tdp_per_core_w);
	else
		fprintf(out, "CPU model:                  Other  (not in Green Algorithms' table: "
			"\"%s\")\nTDP per core:               %.7g W  (%s)\n", f->cpu_model,
			f->tdp_per_core_w, f->tdp_origin);
	fprintf(out, "Real usage factor of CPU:   %.3f\n", f->cpu_usage);
	fprintf(out, "Number of GPUs:             %d\n", f->n_gpus);
	for (int i = 0; i < f->n_gpus; i++) {
		const struct et_ga_form_gpu *g = &f->gpus[i];
		if (g->table[0])
			fprintf(out, "GPU %d model:                %s  (%s, %g W)\n", g->index,
				g->model, g->table, g->tdp_w);
		else
			fprintf(out, "GPU %d model:                Other  (\"%s\")\n"
				"GPU %d TDP:                  %g W\n", g->index, g->model, g->index,
				g->tdp_w);
		if (isnan(g->usage))
			fprintf(out, "GPU %d usage factor:         unknown (no utilisation in the log)\n",
				g->index);
		else
			fprintf(out, "GPU %d usage factor:         %.3f\n", g->index, g->usage);
	}
	fprintf(out, "Memory available:           %.1f GB\n", f->mem_gb);
	fprintf(out, "Platform used:              Local server\n");
	fprintf(out, "PUE:                        %.2f\n", f->pue);
	fprintf(out, "Location:                   France  (%.2f gCO2e/kWh in Green Algorithms data v2.2)\n",
		f->location_g_per_kwh);
	if (fflush(out) != 0 || ferror(out))
		return et_error_set(err, name, 0, "cannot write the green algorithms form");
	return 0;
}

int et_ga_form_write(FILE *out, const char *name, const struct et_run_facts *facts,
		     const struct et_integrals *total, const struct et_params *p,
		     struct et_error *err)
{
	struct et_ga_form f;

	if (et_ga_form_fill(&f, facts, total, p, err) != 0)
		return et_error_name_source(err, name);
	return et_ga_form_print(out, name, &f, err);
}
