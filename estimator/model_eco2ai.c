/* model_eco2ai.c - "eco2ai": eco2AI 0.3.x: CPU = TDP x scope CPU share of logical CPUs x
 * sockets, RAM = 0.375 W/GB x the scope's RSS, GPUs whole. */
#include <math.h>

#include "model_common.h"

#define ECO2AI_DEFAULT_TDP_W 100.1      /* tools_cpu.py CONSTANT_CONSUMPTION */
#define ECO2AI_W_PER_GB 0.375           /* tools_ram.py 3/8 */
#define ECO2AI_FRANCE_G_PER_KWH 67.53   /* data/carbon_index.csv France */

static int eco2ai_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
			  struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	struct et_machine mc;
	double tdp_w;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "eco2ai", &mc, inputs, err) != 0
	    || et_resolve_package_tdp(facts, p, &mc, &p->tables->eco2ai_cpu, ECO2AI_DEFAULT_TDP_W,
				      "eco2ai CONSTANT_CONSUMPTION 100.1 W (unknown CPU)", 1,
				      inputs, &tdp_w, err) != 0
	    || et_resolve_ram_w_per_gb(p, ECO2AI_W_PER_GB, "eco2ai tools_ram.py 3/8 W per GB",
				       inputs, &setup->ram_w_per_gb, err) != 0
	    || et_setup_native(setup, p, 1.0, ECO2AI_FRANCE_G_PER_KWH,
			       "eco2ai default pue 1; carbon_index.csv France 67.53", inputs, err) != 0)
		return -1;
	/* Each busy logical CPU draws TDP / logical CPUs. */
	setup->cpu_w = tdp_w / mc.logical_cpus;
	setup->gpu_mask = et_gpus_all_mask(facts);
	if (et_input_set(inputs, "cpu_w_per_busy_logical_cpu", setup->cpu_w, "W", "derived",
			 "cpu_tdp_w / logical_cpus") != 0
	    || et_input_measured(inputs, "cpu_seconds", et_scope_cpu_s(total, p->scope), "s") != 0
	    || et_input_measured(inputs, "rss_gb_s", et_scope_rss_kib_s(total, p->scope) / ET_KIB_PER_GB, "GB*s") != 0)
		return et_model_oom(facts, "eco2ai", err);
	return 0;
}

static void eco2ai_energy(const struct et_run_facts *facts, const struct et_params *p,
			  const struct et_model_setup *setup, const struct et_integrals *q,
			  struct et_energy *out)
{
	out->cpu_wh = setup->cpu_w * et_scope_cpu_s(q, p->scope) / ET_S_PER_H;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	out->ram_wh = setup->ram_w_per_gb * et_scope_rss_kib_s(q, p->scope) / ET_KIB_PER_GB / ET_S_PER_H;
}

const struct et_model et_model_eco2ai = {
	.name = "eco2ai",
	.summary = "eco2AI: CPU = TDP (100.1 W if unknown) x sockets x CPU-s/logical CPUs; "
		   "GPU = whole power of every GPU; RAM = 0.375 W/GB x RSS",
	.prepare = eco2ai_prepare,
	.energy = eco2ai_energy,
};
