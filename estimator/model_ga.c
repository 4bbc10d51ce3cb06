/* model_ga.c - "ga": Green Algorithms adapted to shared servers, the seed paper's model
 * (section 3.2), with its documented intent (all GPUs summed, logical-CPU share). */
#include <math.h>

#include "model_common.h"

static int ga_describe_gpus(const struct et_run_facts *facts, const struct et_integrals *total,
			    enum et_scope scope, json_t *inputs)
{
	json_t *arr = json_array();

	if (!arr || json_object_set_new(inputs, "gpu_idle_w", arr) != 0)
		return -1;
	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_info *g = &facts->gpus[i];
		json_t *o = json_pack("{s:i, s:o, s:s, s:s, s:o}", "gpu", g->index,
				      "value", isfinite(g->idle_w) ? json_real(g->idle_w) : json_null(),
				      "unit", "W", "how", "measured",
				      "above_idle_wh", json_real(et_gpu_scope_above_idle_j(&total->gpu[i], scope) / ET_S_PER_H));
		if (!o || json_array_append_new(arr, o) != 0)
			return -1;
		const struct et_gpu_integrals *q = &total->gpu[i];
		double unknown_s = scope == ET_SCOPE_USER ? q->procs_unknown_user_s : q->procs_unknown_job_s;
		if (unknown_s > 0 && json_object_set_new(o, "procs_unknown_s", json_real(unknown_s)) != 0)
			return -1;
		if (!isfinite(g->idle_w)
		    && json_object_set_new(o, "note", json_string("no idle baseline in the log")) != 0)
			return -1;
	}
	return 0;
}

/* --gpu-share util: each GPU's above-idle energy by the scope's SM share, said in inputs
 * with the seconds the P records cover; none at all on a GPU the scope used: unavailable
 * (no figure rather than 0). */
static int ga_util_share(const struct et_run_facts *facts, const struct et_integrals *total,
			 enum et_scope scope, struct et_model_setup *setup, json_t *inputs)
{
	json_t *arr = json_array();

	if (!arr || json_object_set_new(inputs, "gpu_sm_share", arr) != 0)
		return -1;
	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_integrals *g = &total->gpu[i];
		double used = scope == ET_SCOPE_USER ? g->used_user_s : g->used_job_s;
		double j = scope == ET_SCOPE_USER ? g->sm_above_idle_user_j : g->sm_above_idle_job_j;
		json_t *o;

		if (used > 0 && g->known_s > 0 && g->sm_known_s <= 0 && !setup->unavailable[0])
			snprintf(setup->unavailable, sizeof(setup->unavailable), "--gpu-share util: gpu %d "
				 "has no per-process SM utilisation in the log (P records; gpu_process_source: "
				 "%.100s)", facts->gpus[i].index, facts->gpu_process_source &&
				 *facts->gpu_process_source ? facts->gpu_process_source : "not recorded");
		o = json_pack("{s:i, s:f, s:f, s:f, s:s, s:s}", "gpu", facts->gpus[i].index,
			      "above_idle_shared_wh", j / ET_S_PER_H, "sm_known_s", g->sm_known_s,
			      "power_known_s", g->known_s, "how", "measured", "source",
			      "--gpu-share util: per interval, power above idle x the scope's SM % / all "
			      "processes' SM % (nvidia-smi pmon); intervals without a P record count 0");
		if (!o || json_array_append_new(arr, o) != 0)
			return -1;
	}
	return 0;
}

static int ga_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
		      struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	struct et_machine mc;
	struct et_match ga_row;
	double per_core_w;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "ga", &mc, inputs, err) != 0
	    || et_resolve_ga_tdp_per_core(facts, p, &mc, inputs, &per_core_w, &ga_row, err) != 0
	    || et_resolve_ram_w_per_gb(p, ET_GA_W_PER_GB, "green-algorithms v2.2 referenceValues.csv memoryPower",
				       inputs, &setup->ram_w_per_gb, err) != 0
	    || et_setup_native(setup, p, ET_GA_PUE, ET_GA_FRANCE_G_PER_KWH,
			       "green-algorithms v2.2 defaults_PUE.csv Unknown; CI_aggregated.csv FR 51.28",
			       inputs, err) != 0)
		return -1;
	/* Machine TDP shared over all logical CPUs: W per busy logical CPU. */
	setup->cpu_w = per_core_w * mc.physical_cores / mc.logical_cpus;
	if (et_input_set(inputs, "cpu_w_per_busy_logical_cpu", setup->cpu_w, "W", "derived",
			 "cpu_tdp_per_core_w x physical_cores / logical_cpus") != 0
	    || et_input_measured(inputs, "cpu_seconds", et_scope_cpu_s(total, p->scope), "s") != 0
	    || et_input_measured(inputs, "rss_gb_s", et_scope_rss_kib_s(total, p->scope) / ET_KIB_PER_GB, "GB*s") != 0
	    || ga_describe_gpus(facts, total, p->scope, inputs) != 0
	    || (p->ga_gpu_share == ET_GA_GPU_UTIL && ga_util_share(facts, total, p->scope, setup, inputs) != 0))
		return et_model_oom(facts, "ga", err);
	return 0;
}

static void ga_energy(const struct et_run_facts *facts, const struct et_params *p,
		      const struct et_model_setup *setup, const struct et_integrals *q,
		      struct et_energy *out)
{
	double gpu_j = 0;

	for (int i = 0; i < et_gpu_slots(facts); i++)
		if (p->ga_gpu_share == ET_GA_GPU_UTIL)
			gpu_j += p->scope == ET_SCOPE_USER ? q->gpu[i].sm_above_idle_user_j
							   : q->gpu[i].sm_above_idle_job_j;
		else
			gpu_j += et_gpu_scope_above_idle_j(&q->gpu[i], p->scope);
	out->cpu_wh = setup->cpu_w * et_scope_cpu_s(q, p->scope) / ET_S_PER_H;
	out->gpu_wh = gpu_j / ET_S_PER_H;
	out->ram_wh = setup->ram_w_per_gb * et_scope_rss_kib_s(q, p->scope) / ET_KIB_PER_GB / ET_S_PER_H;
}

const struct et_model et_model_ga = {
	.name = "ga",
	.summary = "seed paper (Green Algorithms adapted): CPU = TDP/core x physical cores x "
		   "CPU-s/logical CPUs; GPU = sum of (P - P_idle)+ while the scope runs on it (--gpu-share "
		   "util: x the scope's SM share); "
		   "RAM = 0.3725 W/GB x RSS",
	.prepare = ga_prepare,
	.energy = ga_energy,
};
