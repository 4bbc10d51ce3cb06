/* model_codecarbon.c - "codecarbon": CodeCarbon 2.2.4 without RAPL (the version of the
 * seed paper): CPU 0.5 x TDP constant, RAM 0.375 W/GB x machine memory (or the scope's
 * RSS in process mode), GPUs whole. */
#include <math.h>

#include "model_common.h"

#define CODECARBON2_DEFAULT_TDP_W 85.0   /* external/hardware.py POWER_CONSTANT */
#define CODECARBON2_CPU_FRACTION 0.5     /* CONSUMPTION_PERCENTAGE_CONSTANT */
#define CODECARBON2_W_PER_GB 0.375       /* external/hardware.py RAM, 3 W per 8 GB */
#define CODECARBON2_FRANCE_G_PER_KWH 58.034

static int codecarbon_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
			      struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	struct et_machine mc;
	double tdp_w;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "codecarbon", &mc, inputs, err) != 0
	    || et_resolve_package_tdp(facts, p, &mc, &p->tables->codecarbon2_cpu,
				      CODECARBON2_DEFAULT_TDP_W,
				      "codecarbon 2.2.4 POWER_CONSTANT (unknown CPU)", 0,
				      inputs, &tdp_w, err) != 0
	    || et_resolve_ram_w_per_gb(p, CODECARBON2_W_PER_GB, "codecarbon 2.2.4 RAM 3 W per 8 GB",
				       inputs, &setup->ram_w_per_gb, err) != 0
	    || et_setup_native(setup, p, 1.0, CODECARBON2_FRANCE_G_PER_KWH,
			       "codecarbon 2.2.4 default pue 1.0; global_energy_mix.json FRA 58.034",
			       inputs, err) != 0)
		return -1;
	if (p->codecarbon_mode == ET_CODECARBON_MACHINE) {
		if (et_resolve_mem_gb(facts, p, inputs, &setup->mem_gb, err) != 0)
			return -1;
	} else {
		double rss_gb_s = et_scope_rss_kib_s(total, p->scope) / ET_KIB_PER_GB;
		if (et_input_measured(inputs, "rss_gb_s", rss_gb_s, "GB*s") != 0
		    || et_input_set(inputs, "mean_rss_gb",
				    total->duration_s > 0 ? rss_gb_s / total->duration_s : 0, "GB",
				    "derived", "--codecarbon-mode process: the RSS of the scope's "
				    "processes (process_memory_GB), not the machine's memory") != 0)
			return et_model_oom(facts, "codecarbon", err);
	}
	setup->cpu_w = CODECARBON2_CPU_FRACTION * tdp_w;
	setup->gpu_mask = et_gpus_all_mask(facts);
	/* RAPL in the log: CodeCarbon 2.x reads it instead of the TDP (IntelRAPL: the zones
	 * whose name holds "package", summed; dram, core, psys left out) */
	setup->cpu_from_rapl = total->rapl_known_s > 0 && total->rapl_pkg_j > 0;
	if ((setup->cpu_from_rapl
	     ? et_rapl_cpu_input(facts, total, total->rapl_pkg_j, "package zones, summed as "
				 "CodeCarbon 2.x does (its IntelRAPL; the TDP is not used)", inputs)
	     : et_input_set(inputs, "cpu_w", setup->cpu_w, "W", "derived", "cpu_tdp_w x 0.5")) != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0)
		return et_model_oom(facts, "codecarbon", err);
	return 0;
}

static void codecarbon_energy(const struct et_run_facts *facts, const struct et_params *p,
			      const struct et_model_setup *setup, const struct et_integrals *q,
			      struct et_energy *out)
{
	out->cpu_wh = setup->cpu_from_rapl ? q->rapl_pkg_j / ET_S_PER_H
					   : setup->cpu_w * q->duration_s / ET_S_PER_H;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	if (p->codecarbon_mode == ET_CODECARBON_PROCESS)   /* RAM.process_memory_GB */
		out->ram_wh = setup->ram_w_per_gb * et_scope_rss_kib_s(q, p->scope) / ET_KIB_PER_GB
			      / ET_S_PER_H;
	else                                                /* RAM.machine_memory_GB */
		out->ram_wh = setup->ram_w_per_gb * setup->mem_gb * q->duration_s / ET_S_PER_H;
}

const struct et_model et_model_codecarbon = {
	.name = "codecarbon",
	.summary = "CodeCarbon 2.2.4: CPU = RAPL package energy when the log has it, else 0.5 x "
		   "TDP (85 W if unknown) x time; "
		   "GPU = whole power of every GPU; RAM = 0.375 W/GB x machine memory (process mode: "
		   "the scope's RSS) x time",
	.prepare = codecarbon_prepare,
	.energy = codecarbon_energy,
};
