/* model_greenalgorithms.c - "greenalgorithms": the Green Algorithms online calculator
 * (cores x TDP/core x usage + GPUs x TDP x usage + memory x 0.3725 W/GB) over the run. */
#include <math.h>

#include "model_common.h"

/* --usage-factor F, the Nef study's "online estimator": the calculator filled from the
 * booking rather than the measured use. Cores: the booked CPUs (SLURM_CPUS_ON_NODE), else
 * the whole number of cores --ga-form types, ceil(mean cores used); memory: the booked
 * memory (SLURM_MEM_PER_NODE), else what mem_gb already says (--mem-gb, the machine's). */
static int online_estimator(const struct et_run_facts *facts, const struct et_integrals *total,
			    const struct et_params *p, struct et_model_setup *setup, json_t *inputs,
			    struct et_error *err)
{
	double mean = total->duration_s > 0 ? et_scope_cpu_s(total, p->scope) / total->duration_s : 0;
	int booked = isfinite(facts->booked_cpus) && facts->booked_cpus > 0;
	int rc;

	setup->cores = booked ? facts->booked_cpus : fmax(ceil(mean - 1e-9), 1);
	rc = et_input_set(inputs, "usage_factor", p->ga_usage_factor, "", "overridden",
			  "--usage-factor: the Nef online estimator, the booked cores and the scope's "
			  "GPUs used at this factor for the whole run, the booked memory counted");
	if (rc == 0)
		rc = booked ? et_input_set(inputs, "cores", setup->cores, "cores", "measured",
					   "SLURM_CPUS_ON_NODE of the log header (the booked CPUs)")
			    : et_input_set(inputs, "cores", setup->cores, "cores", "derived",
					   "no SLURM_CPUS_ON_NODE in the log header: ceil(CPU-seconds / "
					   "duration), the cores --ga-form types");
	if (rc == 0 && isnan(p->mem_gb) && isfinite(facts->booked_mem_gb) && facts->booked_mem_gb > 0) {
		setup->mem_gb = facts->booked_mem_gb;
		rc = et_input_set(inputs, "mem_gb", setup->mem_gb, "GB", "measured",
				  "SLURM_MEM_PER_NODE of the log header (the booked memory, MB / 1024)");
	}
	return rc == 0 ? 0 : et_model_oom(facts, "greenalgorithms", err);
}

static int greenalgorithms_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
				   struct et_model_setup *setup, json_t *inputs,
				   struct et_error *err)
{
	struct et_machine mc;
	struct et_match ga_row;
	json_t *gpu_tdps;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "greenalgorithms", &mc, inputs, err) != 0
	    || et_resolve_ga_tdp_per_core(facts, p, &mc, inputs, &setup->cpu_w, &ga_row, err) != 0
	    || et_resolve_ram_w_per_gb(p, ET_GA_W_PER_GB, "green-algorithms v2.2 referenceValues.csv memoryPower",
				       inputs, &setup->ram_w_per_gb, err) != 0
	    || et_resolve_mem_gb(facts, p, inputs, &setup->mem_gb, err) != 0
	    || et_setup_native(setup, p, ET_GA_PUE, ET_GA_FRANCE_G_PER_KWH,
			       "green-algorithms v2.2 defaults_PUE.csv Unknown; CI_aggregated.csv FR 51.28",
			       inputs, err) != 0)
		return -1;
	setup->gpu_mask = et_gpus_used_mask(facts, total, p->scope);
	gpu_tdps = json_array();
	if (!gpu_tdps || json_object_set_new(inputs, "gpu_tdp_w", gpu_tdps) != 0)
		return et_model_oom(facts, "greenalgorithms", err);
	for (int i = 0; i < et_gpu_slots(facts); i++) {
		struct et_match m;
		if (!(setup->gpu_mask & (1u << i)))
			continue;
		if (et_resolve_ga_gpu_tdp(facts, p, i, gpu_tdps, &setup->gpu_w_each[i], &m, err) != 0)
			return -1;
	}
	if (et_input_measured(inputs, "cpu_seconds", et_scope_cpu_s(total, p->scope), "s") != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0)
		return et_model_oom(facts, "greenalgorithms", err);
	return !(p->ga_usage_factor > 0) ? 0 : online_estimator(facts, total, p, setup, inputs, err);
}

static void greenalgorithms_energy(const struct et_run_facts *facts, const struct et_params *p,
				   const struct et_model_setup *setup,
				   const struct et_integrals *q, struct et_energy *out)
{
	double gpu_ws = 0;

	double f = p->ga_usage_factor;

	if (f > 0) {   /* --usage-factor: cores x TDP/core x F and each GPU's TDP x F, all along */
		out->cpu_wh = setup->cpu_w * setup->cores * f * q->duration_s / ET_S_PER_H;
		for (int i = 0; i < et_gpu_slots(facts); i++)
			if (setup->gpu_mask & (1u << i))
				gpu_ws += setup->gpu_w_each[i] * f * q->duration_s;
	} else {
		/* cores x usage factor = mean cores used, so CPU W.s = TDP/core x CPU-seconds. */
		out->cpu_wh = setup->cpu_w * et_scope_cpu_s(q, p->scope) / ET_S_PER_H;
		for (int i = 0; i < et_gpu_slots(facts); i++)
			if (setup->gpu_mask & (1u << i))
				gpu_ws += setup->gpu_w_each[i] * q->gpu[i].util_pct_s / 100.0;
	}
	out->gpu_wh = gpu_ws / ET_S_PER_H;
	out->ram_wh = setup->ram_w_per_gb * setup->mem_gb * q->duration_s / ET_S_PER_H;
}

const struct et_model et_model_greenalgorithms = {
	.name = "greenalgorithms",
	.summary = "Green Algorithms calculator: CPU = TDP/core x CPU-s; GPU = GPU TDP x util "
		   "for the scope's GPUs; RAM = 0.3725 W/GB x machine memory (--mem-gb) x time; "
		   "--usage-factor F: booked cores and GPUs x TDP x F, booked memory",
	.prepare = greenalgorithms_prepare,
	.energy = greenalgorithms_energy,
};
