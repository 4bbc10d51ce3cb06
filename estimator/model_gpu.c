/* model_gpu.c - "gpu": the "GPU manual measure" of the Nef cluster study (seed 003):
 * measured whole power of the GPUs the scope used, no CPU, no RAM. */
#include <math.h>

#include "model_common.h"

static int gpu_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
		       struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	et_setup_init(setup, p);
	/* No tool default of its own: --native keeps --pue and the default intensity. */
	setup->gpu_mask = et_gpus_used_mask(facts, total, p->scope);
	if (et_input_measured(inputs, "gpus_used", __builtin_popcount(setup->gpu_mask), "") != 0
	    || et_input_measured(inputs, "gpu_whole_wh",
				 et_gpus_whole_j(facts, total, setup->gpu_mask) / ET_S_PER_H, "Wh") != 0)
		return et_model_oom(facts, "gpu", err);
	return 0;
}

static void gpu_energy(const struct et_run_facts *facts, const struct et_params *p,
		       const struct et_model_setup *setup, const struct et_integrals *q,
		       struct et_energy *out)
{
	out->cpu_wh = 0;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	out->ram_wh = 0;
}

const struct et_model et_model_gpu = {
	.name = "gpu",
	.summary = "GPU manual measure (Nef study): GPU = whole measured power of the GPUs the "
		   "scope used, idle included; no CPU, no RAM",
	.prepare = gpu_prepare,
	.energy = gpu_energy,
};
