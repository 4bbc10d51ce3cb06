/* model_carbontracker.c - "carbontracker": carbontracker without RAPL: CPU = TDP/2 constant
 * (or none), GPU = whole power of the GPUs it sees (or those the scope used), no RAM. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_common.h"

#define CARBONTRACKER_PUE 1.58              /* constants.py PUE_2023 */
#define CARBONTRACKER_FRANCE_G_PER_KWH 56.04 /* static 2023 country intensity (peers.md) */

/* One item of CUDA_VISIBLE_DEVICES read as Python's int() reads it: blanks around, an
 * optional sign, decimal digits with single '_' between them. Returns 0 and *out, or -1
 * when int() would refuse it (a UUID, "MIG-...", an empty item). */
static int python_int_item(const char *s, size_t n, long long *out)
{
	size_t i = 0, end = n;
	int negative = 0, digits = 0;
	long long v = 0;

	while (i < end && isspace((unsigned char)s[i]))
		i++;
	while (end > i && isspace((unsigned char)s[end - 1]))
		end--;
	if (i < end && (s[i] == '+' || s[i] == '-'))
		negative = s[i++] == '-';
	for (; i < end; i++) {
		if (s[i] == '_' && digits && i + 1 < end && isdigit((unsigned char)s[i + 1]))
			continue;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v < 1000000000)   /* any larger index is no GPU either */
			v = v * 10 + (s[i] - '0');
		digits++;
	}
	if (!digits)
		return -1;
	*out = negative ? -v : v;
	return 0;
}

/* The GPUs carbontracker reads with devices_by_pid=False (nvidia.py _get_handles): the
 * NVML indices listed in CUDA_VISIBLE_DEVICES when every item is an integer, else every
 * GPU; an index NVML does not have makes its GPU component unavailable (no GPU at all).
 * Writes into why (size n) how the set was chosen. */
static unsigned visible_mask(const struct et_run_facts *facts, char *why, size_t n)
{
	const char *cvd = facts->cuda_visible_devices, *p;
	unsigned mask = 0;
	int repeated = -1, missing = 0;

	if (!facts->scheduler_known) {
		snprintf(why, n, "every GPU: the log does not say whether CUDA_VISIBLE_DEVICES was "
			 "set (no scheduler object in its header), taken as not set");
		return et_gpus_all_mask(facts);
	}
	if (!cvd) {
		snprintf(why, n, "every GPU: CUDA_VISIBLE_DEVICES was not set");
		return et_gpus_all_mask(facts);
	}
	for (p = cvd;; p++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		long long index;
		int slot;

		if (python_int_item(p, len, &index) != 0) {
			snprintf(why, n, "every GPU: CUDA_VISIBLE_DEVICES \"%.64s\" is not a list of "
				 "integers, which carbontracker then ignores", cvd);
			return et_gpus_all_mask(facts);
		}
		slot = et_gpu_slot_of_index(facts, index);
		if (slot < 0) {
			missing = 1;   /* read on: a later item that is no integer means every GPU */
		} else {
			if (mask & (1u << slot))
				repeated = facts->gpus[slot].index;
			mask |= 1u << slot;
		}
		if (!comma)
			break;
		p = comma;
	}
	if (missing) {
		snprintf(why, n, "no GPU: CUDA_VISIBLE_DEVICES \"%.64s\" names an index the log has "
			 "no GPU for, so carbontracker's NVML look-up fails and it reports no GPU", cvd);
		return 0;
	}
	if (repeated >= 0)
		snprintf(why, n, "the GPUs of CUDA_VISIBLE_DEVICES \"%.64s\" as NVML indices; GPU %d "
			 "is listed twice, which carbontracker counts twice and etest once", cvd,
			 repeated);
	else
		snprintf(why, n, "the GPUs of CUDA_VISIBLE_DEVICES \"%.64s\", as NVML indices", cvd);
	return mask;
}

static int carbontracker_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
				 struct et_model_setup *setup, json_t *inputs,
				 struct et_error *err)
{
	const struct et_power_table *t = &p->tables->carbontracker_cpu;
	struct et_machine mc;
	double tdp_w;
	char why[320], source[512];
	int rc;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "carbontracker", &mc, inputs, err) != 0
	    || et_setup_native(setup, p, CARBONTRACKER_PUE, CARBONTRACKER_FRANCE_G_PER_KWH,
			       "carbontracker PUE_2023 1.58; 2023 France intensity 56.04",
			       inputs, err) != 0)
		return -1;
	if (p->carbontracker_cpu == ET_CARBONTRACKER_CPU_NONE) {
		setup->cpu_w = 0;
		rc = et_input_set(inputs, "cpu_w", 0, "W", "overridden",
				  "--carbontracker-cpu none: no CPU energy (carbontracker before 2.2.0 "
				  "without RAPL, or RAPL present but not readable)");
	} else {
		if (et_resolve_package_tdp(facts, p, &mc, t, t->mean_w,
					   "mean TDP of carbontracker's table (GenericCPU average_tdp)",
					   0, inputs, &tdp_w, err) != 0)
			return -1;
		setup->cpu_w = tdp_w / 2;
		rc = et_input_set(inputs, "cpu_w", setup->cpu_w, "W", "derived", "cpu_tdp_w / 2");
	}
	if (p->carbontracker_devices == ET_CARBONTRACKER_BY_PID) {
		setup->gpu_mask = et_gpus_used_mask(facts, total, p->scope);
		snprintf(source, sizeof(source), "--carbontracker-devices by-pid (devices_by_pid=True): "
			 "the GPUs a process of the scope ran on, whole, over the whole run");
	} else {
		setup->gpu_mask = visible_mask(facts, why, sizeof(why));
		snprintf(source, sizeof(source), "devices_by_pid=False (carbontracker's default): %s; "
			 "whole power, used or not", why);
	}
	/* RAPL in the log: carbontracker's IntelCPU reads it (the top-level intel-rapl:N zones
	 * whose name is not psys, summed), whatever --carbontracker-cpu says */
	setup->cpu_from_rapl = total->rapl_known_s > 0 && total->rapl_top_j > 0;
	if (rc == 0 && setup->cpu_from_rapl)
		rc = et_rapl_cpu_input(facts, total, total->rapl_top_j, "top-level zones but psys, "
				       "summed as carbontracker's IntelCPU does (sub-zones such as dram "
				       "not read; the TDP and --carbontracker-cpu are not used)", inputs);
	if (rc != 0
	    || et_input_set(inputs, "gpus_counted", __builtin_popcount(setup->gpu_mask), "GPUs",
			    "derived", source) != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0)
		return et_model_oom(facts, "carbontracker", err);
	return 0;
}

static void carbontracker_energy(const struct et_run_facts *facts, const struct et_params *p,
				 const struct et_model_setup *setup,
				 const struct et_integrals *q, struct et_energy *out)
{
	out->cpu_wh = setup->cpu_from_rapl ? q->rapl_top_j / ET_S_PER_H
					   : setup->cpu_w * q->duration_s / ET_S_PER_H;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	out->ram_wh = 0;
}

const struct et_model et_model_carbontracker = {
	.name = "carbontracker",
	.summary = "carbontracker: CPU = RAPL energy of the top-level zones but psys when the log "
		   "has it, else TDP/2 x time; GPU = whole power of every "
		   "GPU it sees (CUDA_VISIBLE_DEVICES), used or not; no RAM; native PUE 1.58",
	.prepare = carbontracker_prepare,
	.energy = carbontracker_energy,
};
