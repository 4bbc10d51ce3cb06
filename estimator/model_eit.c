/* model_eit.c - "eit": experiment-impact-tracker's attribution of measured power, per
 * interval: RAPL by the scope's share of busy CPU and of used memory, each GPU by its SM share. */
#include <math.h>
#include <stdio.h>

#include "model_common.h"

#define EIT_PUE 1.58   /* experiment_impact_tracker/emissions/constants.py PUE */

/* Why EIT could not have run on this run, into setup->unavailable; "" when it could. From
 * the integrals (a stored run has them), the facts only for the words. */
static void eit_unavailable(const struct et_run_facts *facts, const struct et_integrals *total,
			    struct et_model_setup *setup)
{
	const char *src = facts->rapl_source && *facts->rapl_source ? facts->rapl_source : NULL;
	char *why = setup->unavailable;
	size_t n = sizeof(setup->unavailable);

	if (total->rapl_known_s <= 0) {
		if (src && facts->rapl_zones == 0)
			snprintf(why, n, "no RAPL energy in the log (rapl.source: %.160s): EIT reads the "
				 "CPU and DRAM power from RAPL only", src);
		else if (src)
			snprintf(why, n, "no interval of the run with every RAPL zone's energy known: EIT "
				 "reads the CPU and DRAM power from RAPL only");
		else
			snprintf(why, n, "no RAPL energy in the log (format before 1.2, or a stored run "
				 "without it): EIT reads the CPU and DRAM power from RAPL only");
		return;
	}
	if (total->rapl_pkg_j <= 0) {
		snprintf(why, n, "RAPL gives no package energy (zones: %.120s): EIT stops on that",
			 facts->rapl_names[0] ? facts->rapl_names : "?");
		return;
	}
	for (int i = 0; i < et_gpu_slots(facts); i++)
		if (total->gpu[i].known_s > 0 && total->gpu[i].sm_known_s <= 0) {
			snprintf(why, n, "gpu %d has no per-process SM utilisation in the log "
				 "(gpu_process_source: %.100s): EIT shares GPU power by nvidia-smi pmon only",
				 facts->gpus[i].index, facts->gpu_process_source && *facts->gpu_process_source
				 ? facts->gpu_process_source : "not recorded");
			return;
		}
}

static int eit_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
		       const struct et_params *p, struct et_model_setup *setup, json_t *inputs,
		       struct et_error *err)
{
	int user = p->scope == ET_SCOPE_USER;
	json_t *gpus;

	et_setup_init(setup, p);
	if (et_setup_native(setup, p, EIT_PUE, NAN,
			    "experiment-impact-tracker emissions/constants.py PUE 1.58 (its intensity "
			    "is not carried: etest's stays)", inputs, err) != 0)
		return -1;
	eit_unavailable(facts, total, setup);
	if (setup->unavailable[0])
		return et_input_set(inputs, "unavailable", NAN, "", "measured", setup->unavailable) == 0
			? 0 : et_model_oom(facts, "eit", err);
	if (et_input_set(inputs, "rapl_zones", facts->rapl_zones, "zones", "measured",
			 facts->rapl_names[0] ? facts->rapl_names : "a stored run: names not kept") != 0
	    || et_input_measured(inputs, "rapl_known_s", total->rapl_known_s, "s") != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0
	    || et_input_measured(inputs, "rapl_package_wh", total->rapl_pkg_j / ET_S_PER_H, "Wh") != 0
	    || et_input_measured(inputs, "rapl_dram_wh", total->rapl_dram_j / ET_S_PER_H, "Wh") != 0
	    || et_input_set(inputs, "cpu_share_known_s", total->eit_share_known_s, "s", "measured",
			    "seconds with RAPL where the machine's busy CPU time was known: the scope's "
			    "share of it (job or user CPU-s / machine busy CPU-s, per interval, at most 1)") != 0
	    || et_input_set(inputs, "memory_share", total->rapl_dram_j > 0 ? (user ? total->eit_dram_user_j
			    : total->eit_dram_job_j) / total->rapl_dram_j : NAN, "", "derived",
			    "the mean, weighted by DRAM energy, of the scope's RSS / (mem_total - "
			    "mem_available) per interval: EIT takes PSS + USS where psutil gives them; "
			    "the log has RSS, which counts shared pages once per process") != 0)
		return et_model_oom(facts, "eit", err);
	gpus = json_array();
	if (!gpus || json_object_set_new(inputs, "gpu_sm_share", gpus) != 0)
		return et_model_oom(facts, "eit", err);
	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_integrals *g = &total->gpu[i];
		double j = user ? g->sm_user_j : g->sm_job_j;
		json_t *o = json_pack("{s:i, s:f, s:f, s:f, s:s, s:s}", "gpu", facts->gpus[i].index,
				      "whole_wh", g->whole_j / ET_S_PER_H, "attributed_wh", j / ET_S_PER_H,
				      "sm_known_s", g->sm_known_s, "how", "measured", "source",
				      "per interval, power x the scope's SM % / all processes' SM % "
				      "(nvidia-smi pmon; 0 when no process used the SMs)");
		if (!o || json_array_append_new(gpus, o) != 0)
			return et_model_oom(facts, "eit", err);
	}
	return 0;
}

static void eit_energy(const struct et_run_facts *facts, const struct et_params *p,
		       const struct et_model_setup *setup, const struct et_integrals *q,
		       struct et_energy *out)
{
	int user = p->scope == ET_SCOPE_USER;
	double gpu_j = 0;

	(void)setup;
	/* EIT: core x s + (package - dram - core) x s = (package - dram) x s, s the share */
	out->cpu_wh = (user ? q->eit_cpu_user_j : q->eit_cpu_job_j) / ET_S_PER_H;
	out->ram_wh = (user ? q->eit_dram_user_j : q->eit_dram_job_j) / ET_S_PER_H;
	for (int i = 0; i < et_gpu_slots(facts); i++)
		gpu_j += user ? q->gpu[i].sm_user_j : q->gpu[i].sm_job_j;
	out->gpu_wh = gpu_j / ET_S_PER_H;
}

const struct et_model et_model_eit = {
	.name = "eit",
	.summary = "experiment-impact-tracker (needs RAPL in the log): per interval, CPU = scope's "
		   "share of busy CPU x (RAPL package - dram); RAM = RSS / used memory x RAPL dram; "
		   "GPU = power x scope's SM % / all SM % (pmon); native PUE 1.58",
	.prepare = eit_prepare,
	.energy = eit_energy,
};
