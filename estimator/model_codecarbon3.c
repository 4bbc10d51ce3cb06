/* model_codecarbon3.c - "codecarbon3": CodeCarbon 3.x CPU-load mode: TDP x (0.1 + 0.9 x
 * load^3) with the machine-wide load, RAM from its DIMM-count heuristic, GPUs whole. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_common.h"

#define CODECARBON3_W_PER_THREAD 4.0     /* core/cpu.py DEFAULT_POWER_PER_CORE */
#define CODECARBON3_NO_NAME_W 85.0       /* external/hardware.py POWER_CONSTANT */
#define CODECARBON3_FRANCE_G_PER_KWH 56.039

double et_codecarbon3_ram_w(double gb)
{
	static const double slot_sizes[] = {128, 64, 32, 16, 8, 4};
	double dimms, w;

	if (gb <= 2)
		dimms = 1;
	else if (gb <= 16)
		dimms = 2;
	else if (gb <= 64)
		dimms = 4;
	else if (gb <= 128)
		dimms = 8;
	else {
		double slot = 4;
		for (size_t i = 0; i < sizeof(slot_sizes) / sizeof(slot_sizes[0]); i++)
			if (slot_sizes[i] <= gb / 8) {
				slot = slot_sizes[i];
				break;
			}
		dimms = fmin(ceil(gb / slot), 32);
	}
	if (dimms <= 4)
		w = 5 * dimms;
	else if (dimms <= 8)
		w = 20 + 4.5 * (dimms - 4);
	else if (dimms <= 16)
		w = 38 + 4 * (dimms - 8);
	else
		w = 70 + 3.5 * (dimms - 16);
	return fmax(w, 10);
}

/* The GPUs CodeCarbon 3 tracks when its gpu_ids argument is not given: those of a
 * non-empty CUDA_VISIBLE_DEVICES (emissions_tracker.py), read as config.py parse_gpu_ids
 * and hardware.py GPU._get_gpu_ids do: every character but a letter, digit, '-' or ','
 * dropped, split on ',', empty items dropped; an item of digits only is an NVML index,
 * kept when below the number of GPUs; any other item (a UUID: its "MIG-" strip also eats
 * the G of "GPU-", so no UUID ever matches) is ignored. Nothing kept: no GPU. Not set (or
 * not known): every GPU. Writes into why (size n) how the set was chosen. */
static unsigned codecarbon3_gpu_mask(const struct et_run_facts *facts, char *why, size_t n)
{
	const char *cvd = facts->cuda_visible_devices;
	unsigned mask = 0;
	int ignored = 0;

	if (!facts->scheduler_known || !cvd || !*cvd) {
		snprintf(why, n, "every GPU: CUDA_VISIBLE_DEVICES %s",
			 !facts->scheduler_known ? "not known (no scheduler object in the log's "
						   "header), taken as not set"
			 : !cvd ? "was not set" : "was empty");
		return et_gpus_all_mask(facts);
	}
	for (const char *p = cvd; *p;) {
		long long index = 0;
		int chars = 0, digits_only = 1;

		for (; *p && *p != ','; p++) {
			unsigned char c = (unsigned char)*p;
			if (!(isalnum(c) || c == '-' || c >= 0x80))
				continue;   /* dropped by parse_gpu_ids */
			chars++;
			if (!isdigit(c))
				digits_only = 0;
			else if (index < 1000000)
				index = index * 10 + (c - '0');
		}
		if (*p == ',')
			p++;
		if (chars == 0)
			continue;
		int slot = digits_only && index < facts->n_gpus ? et_gpu_slot_of_index(facts, index) : -1;
		if (slot < 0)
			ignored = 1;
		else
			mask |= 1u << slot;
	}
	if (!mask)
		snprintf(why, n, "no GPU: no item of CUDA_VISIBLE_DEVICES \"%.64s\" is an NVML index "
			 "below the GPU count (a UUID never matches)", cvd);
	else
		snprintf(why, n, "the GPUs of CUDA_VISIBLE_DEVICES \"%.64s\", as NVML indices%s", cvd,
			 ignored ? "; its other items (not an index below the GPU count, or a "
				   "UUID) are ignored" : "");
	return mask;
}

static int codecarbon3_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			   const struct et_params *p,
			       struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	struct et_machine mc;
	/* CodeCarbon 3's TDP() estimates 4 W per thread (x sockets) for a CPU name it does not
	 * know, but gives no TDP at all when py-cpuinfo returns no name: the load mode then
	 * runs on POWER_CONSTANT, 85 W for the whole machine. */
	int no_name = !facts->cpu_model || !*facts->cpu_model;
	char why[320];
	int rc;

	et_setup_init(setup, p);
	if (et_machine_read(facts, "codecarbon3", &mc, inputs, err) != 0)
		return -1;
	if (et_resolve_package_tdp(facts, p, &mc, &p->tables->codecarbon_cpu,
				   no_name ? CODECARBON3_NO_NAME_W
					   : CODECARBON3_W_PER_THREAD * mc.logical_cpus,
				   no_name ? "codecarbon 3 POWER_CONSTANT 85 W for the whole machine "
					     "(no CPU name in the log, as with no brand from py-cpuinfo)"
					   : "codecarbon 3 DEFAULT_POWER_PER_CORE 4 W x logical_cpus "
					     "(unknown CPU)",
				   !no_name, inputs, &setup->cpu_w, err) != 0
	    || et_resolve_mem_gb(facts, p, inputs, &setup->mem_gb, err) != 0
	    || et_setup_native(setup, p, 1.0, CODECARBON3_FRANCE_G_PER_KWH,
			       "codecarbon 3 default pue 1.0; global_energy_mix.json FRA 56.039",
			       inputs, err) != 0)
		return -1;
	if (!isnan(p->ram_w_per_gb)) {
		setup->ram_w = p->ram_w_per_gb * setup->mem_gb;
		rc = et_input_set(inputs, "ram_w", setup->ram_w, "W", "derived",
				  "--ram-w-per-gb x mem_gb");
	} else {
		setup->ram_w = et_codecarbon3_ram_w(setup->mem_gb);
		rc = et_input_set(inputs, "ram_w", setup->ram_w, "W", "derived",
				  "codecarbon 3 external/ram.py DIMM heuristic on mem_gb");
	}
	setup->gpu_mask = codecarbon3_gpu_mask(facts, why, sizeof(why));
	/* RAPL in the log: CodeCarbon 3 reads it instead of the load model (IntelRAPL: the
	 * package zones; DRAM only with rapl_include_dram=True, psys only without package) */
	setup->cpu_from_rapl = total->rapl_known_s > 0 && total->rapl_pkg_j > 0;
	if (rc == 0 && setup->cpu_from_rapl)
		rc = et_rapl_cpu_input(facts, total, total->rapl_pkg_j, "package zones, summed as "
				       "CodeCarbon 3 does by default (rapl_include_dram=False: no DRAM; "
				       "psys only without a package zone; the TDP is not used)", inputs);
	if (rc != 0
	    || et_input_set(inputs, "gpus_counted", __builtin_popcount(setup->gpu_mask), "GPUs",
			    "derived", why) != 0
	    || et_input_measured(inputs, "duration_s", total->duration_s, "s") != 0
	    || et_input_measured(inputs, "load_cubed_s", total->sys_load_cubed_s, "s") != 0)
		return et_model_oom(facts, "codecarbon3", err);
	return 0;
}

static void codecarbon3_energy(const struct et_run_facts *facts, const struct et_params *p,
			       const struct et_model_setup *setup, const struct et_integrals *q,
			       struct et_energy *out)
{
	out->cpu_wh = setup->cpu_from_rapl ? q->rapl_pkg_j / ET_S_PER_H
		      : setup->cpu_w * (0.1 * q->duration_s + 0.9 * q->sys_load_cubed_s) / ET_S_PER_H;
	out->gpu_wh = et_gpus_whole_j(facts, q, setup->gpu_mask) / ET_S_PER_H;
	out->ram_wh = setup->ram_w * q->duration_s / ET_S_PER_H;
}

const struct et_model et_model_codecarbon3 = {
	.name = "codecarbon3",
	.summary = "CodeCarbon 3: CPU = RAPL package energy when the log has it, else (cpu_load "
		   "mode) TDP x sockets x (0.1 + 0.9 x machine load^3); "
		   "GPU = whole power of the GPUs of CUDA_VISIBLE_DEVICES (every GPU if not set); "
		   "RAM = 5 W per guessed DIMM (>= 10 W)",
	.prepare = codecarbon3_prepare,
	.energy = codecarbon3_energy,
};
