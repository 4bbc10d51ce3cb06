/* model_common.h - what several models share: scope selection of integrals, GPU masks,
 * the TDP resolution chains (override, table, derivation, default) and "inputs" JSON. */
#ifndef ET_MODEL_COMMON_H
#define ET_MODEL_COMMON_H

#include <jansson.h>

#include "cpu_lookup.h"
#include "et_model.h"
#include "et_units.h"


/* Green Algorithms constants (data v2.2 referenceValues.csv and defaults_PUE.csv). */
#define ET_GA_W_PER_GB 0.3725
#define ET_GA_PUE ET_DEFAULT_PUE   /* the same figure: GA's default is etest's */
#define ET_GA_FRANCE_G_PER_KWH 51.28
#define ET_GA_ANY_CPU_W_PER_CORE 12.0   /* used only if the table lacks its "Any" row */
#define ET_GA_ANY_GPU_W 200.0

/* The machine's shape from the header, made usable. */
struct et_machine {
	int sockets;          /* header sockets, 1 if missing */
	int physical_cores;   /* header physical_cores, logical_cpus if missing */
	int logical_cpus;     /* header logical_cpus (required) */
};

/* Scope-selected integrals of q. */
double et_scope_cpu_s(const struct et_integrals *q, enum et_scope scope);
double et_scope_rss_kib_s(const struct et_integrals *q, enum et_scope scope);
double et_gpu_scope_above_idle_j(const struct et_gpu_integrals *g, enum et_scope scope);

/* Number of GPU slots of the run that carry integrals (n_gpus, at most ET_MAX_GPUS). */
int et_gpu_slots(const struct et_run_facts *facts);
/* The GPU slot whose nvidia-smi (NVML) index is index, or -1 when the log has none. */
int et_gpu_slot_of_index(const struct et_run_facts *facts, long long index);
/* Bit i set for every GPU slot of the run. */
unsigned et_gpus_all_mask(const struct et_run_facts *facts);
/* Bit i set for the GPU slots on which a process of the scope ran at some time of the
 * run (total->used_job_s / used_user_s > 0). */
unsigned et_gpus_used_mask(const struct et_run_facts *facts, const struct et_integrals *total,
			    enum et_scope scope);
/* Sum of the whole-power integrals (J) of the GPU slots in mask. */
double et_gpus_whole_j(const struct et_run_facts *facts, const struct et_integrals *q, unsigned mask);

/* Fill setup with NAN constants, gpu_mask 0, pue = p->pue and native intensity NAN. */
void et_setup_init(struct et_model_setup *setup, const struct et_params *p);
/* With --native, set setup->pue and native_g_per_kwh to the tool's own, and say so in
 * inputs ("pue" defaulted with source). Returns 0, or -1 with err filled. */
int et_setup_native(struct et_model_setup *setup, const struct et_params *p, double pue,
		    double g_per_kwh, const char *source, json_t *inputs, struct et_error *err);

/* Read the machine's shape from the run header and describe it in inputs. Returns 0, or
 * -1 with err filled when logical_cpus is missing (models divide by it). */
int et_machine_read(const struct et_run_facts *facts, const char *model, struct et_machine *m,
		    json_t *inputs, struct et_error *err);

/* inputs[key] = {"value":v (null if NAN), "unit":unit, "how":how, "source":source (if not
 * NULL)}. Returns 0, or -1 on allocation failure. */
int et_input_set(json_t *inputs, const char *key, double value, const char *unit,
		 const char *how, const char *source);
/* Same, with "table", "row" and "match" from m (m->kind must not be NONE). */
int et_input_set_match(json_t *inputs, const char *key, double value, const char *unit,
		       const char *how, const struct et_match *m, const char *source);
/* Add a measured integral-based input "key" computed from total-> Same returns. */
int et_input_measured(json_t *inputs, const char *key, double value, const char *unit);

/* The whole machine's CPU TDP for models that look a package TDP up in table t:
 * --cpu-tdp (overridden, never multiplied by sockets), else --cpu-tdp-per-core x physical
 * cores (derived), else the table row (x sockets when per_socket), else default_pkg_w
 * (x sockets when per_socket). Describes "cpu_tdp_w" (and "cpu_tdp_package_w") in inputs.
 * Returns 0 and *machine_w, or -1 with err filled on allocation failure. */
int et_resolve_package_tdp(const struct et_run_facts *facts, const struct et_params *p,
			   const struct et_machine *mc, const struct et_power_table *t,
			   double default_pkg_w, const char *default_source, int per_socket,
			   json_t *inputs, double *machine_w, struct et_error *err);

/* Green Algorithms' TDP per core: --cpu-tdp-per-core (overridden), else --cpu-tdp /
 * physical cores (derived), else GA v2.2 then v3.0 TDP_cpu.csv (looked up), else a
 * package TDP from CodeCarbon then eco2AI divided by cores per package (derived), else
 * GA's "Any" row (defaulted). *ga_row is set when the value is a Green Algorithms row
 * (for --ga-form), else its kind is NONE. Describes "cpu_tdp_per_core_w" in inputs (inputs
 * may be NULL). Returns 0, or -1 with err filled on allocation failure. */
int et_resolve_ga_tdp_per_core(const struct et_run_facts *facts, const struct et_params *p,
			       const struct et_machine *mc, json_t *inputs,
			       double *per_core_w, struct et_match *ga_row, struct et_error *err);

/* A GPU's TDP for Green Algorithms: --gpu-tdp (overridden), else its header name in GA
 * v2.2 then v3.0 TDP_gpu.csv (looked up), else its power_limit_w (derived), else GA's
 * "Any" row, 200 W (defaulted). Appends a description to the JSON array `described` (may
 * be NULL). Returns 0 and *w, *ga_row (kind NONE if not a table row), or -1 with err
 * filled on allocation failure. */
int et_resolve_ga_gpu_tdp(const struct et_run_facts *facts, const struct et_params *p, int slot,
			  json_t *described, double *w, struct et_match *ga_row,
			  struct et_error *err);

/* W per GB of RAM: --ram-w-per-gb (overridden) else default_w (defaulted, source).
 * Describes "ram_w_per_gb". Returns 0, or -1 with err filled. */
int et_resolve_ram_w_per_gb(const struct et_params *p, double default_w, const char *source,
			    json_t *inputs, double *w, struct et_error *err);

/* The machine's memory in GB: --mem-gb (overridden) else the log's mem_total_kib
 * (measured), else 0 (defaulted: nothing charged). Describes "mem_gb". Returns 0, or -1
 * with err filled. */
int et_resolve_mem_gb(const struct et_run_facts *facts, const struct et_params *p, json_t *inputs,
		      double *gb, struct et_error *err);

/* CodeCarbon 3 (external/ram.py) x86 RAM power (W) for gb of memory: a DIMM count guessed
 * from the size, 5 W per DIMM with diminishing steps, at least 10 W. */
double et_codecarbon3_ram_w(double gb);

/* Describe a RAPL CPU energy of j joules, read by rule ("package zones, as CodeCarbon 2.x
 * sums them"), as the input "cpu_rapl_wh" (measured, with the log's zone names and the
 * seconds covered), and drop the TDP inputs (cpu_tdp_package_w, cpu_tdp_w, cpu_w) the
 * model no longer uses. Returns 0, -1 out of memory. */
int et_rapl_cpu_input(const struct et_run_facts *facts, const struct et_integrals *total,
		      double j, const char *rule, json_t *inputs);

/* The error filled when building inputs runs out of memory. Returns -1. */
int et_model_oom(const struct et_run_facts *facts, const char *model, struct et_error *err);

#endif
