/* model_carbontracker.c - "carbontracker": carbontracker without RAPL (GenericCPU):
 * CPU = TDP/2 constant, GPU = whole power of the GPUs the scope used, no RAM. */
#include <math.h>

#include "model_common.h"

#define CARBONTRACKER_PUE 1.58              /* constants.py PUE_2023 */
#define CARBONTRACKER_FRANCE_G_PER_KWH 56.04 /* static 2023 country intensity (peers.md) */

static int carbontracker_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
				 struct et_model_setup *setup, json_t *inputs,
				 struct et_error *err)
{
	const struct et_power_table *t = &p->tables->codecarbon_cpu;
	struct et_machine mc;
	double tdp_w;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "carbontracker", &mc, inputs, err) != 0
	    || et_resolve_package_tdp(facts, p, &mc, t, t->mean_w,
				      "mean TDP of the table (carbontracker GenericCPU average_tdp)",
				      0, inputs, &tdp_w, err) != 0
	    || et_setup_native(setup, p, CARBONTRACKER_PUE, CARBONTRACKER_FRANCE_G_PER_KWH,
			       "carbontracker PUE_2023 1.58; 2023 France intensity 56.04",
			       inputs, err) != 0)
		return -1;
	setup->cpu_w = tdp_w / 2;
	setup->gpu_mask = et_gpus_used_mask(facts, total, p->scope);
	if (et_input_set(inputs, "cpu_w", setup->cpu_w, "W", "derived", "cpu_tdp_w / 2") != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0
	    || et_input_measured(inputs, "gpus_used", __builtin_popcount(setup->gpu_mask), "") != 0)
		return et_model_oom(facts, "carbontracker", err);
	return 0;
}

static void carbontracker_energy(const struct et_run_facts *facts, const struct et_params *p,
				 const struct et_model_setup *setup,
				 const struct et_integrals *q, struct et_energy *out)
{
	out->cpu_wh = setup->cpu_w * q->duration_s / ET_S_PER_H;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	out->ram_wh = 0;
}

const struct et_model et_model_carbontracker = {
	.name = "carbontracker",
	.summary = "carbontracker without RAPL: CPU = TDP/2 x time; GPU = whole power of the "
		   "GPUs the scope used at any time; no RAM; native PUE 1.58",
	.prepare = carbontracker_prepare,
	.energy = carbontracker_energy,
};
