/* ga_form.c - --ga-form: print the Green Algorithms calculator's fields for one run
 * (see ga_form.h). */
#include <math.h>

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
static void write_tdp_origin(FILE *out, json_t *described)
{
	const char *how = json_string_value(json_object_get(described, "how"));
	const char *table = json_string_value(json_object_get(described, "table"));
	const char *row = json_string_value(json_object_get(described, "row"));
	const char *source = json_string_value(json_object_get(described, "source"));

	fprintf(out, "  (%s", how ? how : "?");
	if (table && row)
		fprintf(out, " from %s row \"%s\"", table, row);
	if (source)
		fprintf(out, ": %s", source);
	fprintf(out, ")");
}

static void write_cpu(FILE *out, const struct et_run_facts *facts, const struct et_integrals *total,
		      const struct et_params *p,
		      double per_core_w, const struct et_match *ga_row, json_t *described)
{
	double mean, usage;
	int cores;
	const char *scope = p->scope == ET_SCOPE_USER ? "user" : "job";

	cores_and_usage(et_scope_cpu_s(total, p->scope), total->duration_s,
			&mean, &cores, &usage);
	fprintf(out, "Type of cores:              CPU\n");
	fprintf(out, "Number of cores:            %d  (mean cores used by the %s: %.2f)\n",
		cores, scope, mean);
	if (ga_row->kind != ET_MATCH_NONE)
		fprintf(out, "CPU model:                  %s  (%s, %g W per core)\n",
			ga_row->row->name, ga_row->table->label, per_core_w);
	else
	{
		fprintf(out, "CPU model:                  Other  (not in Green Algorithms' table: "
			"\"%s\")\nTDP per core:               %.7g W", facts->cpu_model ? facts->cpu_model : "",
			per_core_w);
		write_tdp_origin(out, described);
		fprintf(out, "\n");
	}
	fprintf(out, "Real usage factor of CPU:   %.3f\n", usage);
}

static int write_gpus(FILE *out, const struct et_run_facts *facts, const struct et_integrals *total,
		      const struct et_params *p,
		      struct et_error *err)
{
	unsigned mask = et_gpus_used_mask(facts, total, p->scope);
	int n = __builtin_popcount(mask);

	fprintf(out, "Number of GPUs:             %d\n", n);
	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_integrals *g = &total->gpu[i];
		struct et_match m;
		double w, usage;

		if (!(mask & (1u << i)))
			continue;
		if (et_resolve_ga_gpu_tdp(facts, p, i, NULL, &w, &m, err) != 0)
			return -1;
		usage = g->util_known_s > 0 ? g->util_pct_s / g->util_known_s / 100.0 : NAN;
		if (m.kind != ET_MATCH_NONE)
			fprintf(out, "GPU %d model:                %s  (%s, %g W)\n", facts->gpus[i].index,
				m.row->name, m.table->label, w);
		else
			fprintf(out, "GPU %d model:                Other  (\"%s\")\n"
				"GPU %d TDP:                  %g W\n", facts->gpus[i].index,
				facts->gpus[i].name, facts->gpus[i].index, w);
		if (isnan(usage))
			fprintf(out, "GPU %d usage factor:         unknown (no utilisation in the log)\n",
				facts->gpus[i].index);
		else
			fprintf(out, "GPU %d usage factor:         %.3f\n", facts->gpus[i].index, usage);
	}
	return 0;
}

int et_ga_form_write(FILE *out, const char *name, const struct et_run_facts *facts,
		     const struct et_integrals *total,
		     const struct et_params *p,
		     struct et_error *err)
{
	struct et_machine mc;
	struct et_match ga_row;
	double per_core_w, mem_gb, pue;
	long minutes;
	json_t *inputs = json_object();
	int rc = -1;

	if (!inputs)
		return et_error_set(err, name, 0, "out of memory");
	if (et_machine_read(facts, "ga-form", &mc, NULL, err) != 0
	    || et_resolve_ga_tdp_per_core(facts, p, &mc, inputs, &per_core_w, &ga_row, err) != 0
	    || et_resolve_mem_gb(facts, p, NULL, &mem_gb, err) != 0) {
		et_error_name_source(err, name);
		goto out;
	}
	pue = p->native ? ET_GA_PUE : p->pue;
	minutes = lround(total->duration_s / 60.0);
	fprintf(out, "Green Algorithms calculator (https://calculator.green-algorithms.org/) "
		"for %s:\n", name);
	fprintf(out, "Runtime:                    %ld h %ld min  (%.0f s)\n", minutes / 60,
		minutes % 60, total->duration_s);
	write_cpu(out, facts, total, p, per_core_w, &ga_row, json_object_get(inputs, "cpu_tdp_per_core_w"));
	if (write_gpus(out, facts, total, p, err) != 0)
		goto out;
	fprintf(out, "Memory available:           %.1f GB\n", mem_gb);
	fprintf(out, "Platform used:              Local server\n");
	fprintf(out, "PUE:                        %.2f\n", pue);
	fprintf(out, "Location:                   France  (%.2f gCO2e/kWh in Green Algorithms data v2.2)\n",
		ET_GA_FRANCE_G_PER_KWH);
	if (fflush(out) != 0 || ferror(out)) {
		et_error_set(err, name, 0, "cannot write the green algorithms form");
		goto out;
	}
	rc = 0;
out:
	json_decref(inputs);
	return rc;
}
