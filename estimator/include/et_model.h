/* et_model.h - the interface every energy model implements, and the explicit table of
 * models. A model is a pure function of a run's facts, its integrals and parameters. */
#ifndef ET_MODEL_H
#define ET_MODEL_H

#include <jansson.h>

#include "et_error.h"
#include "et_run.h"

struct et_power_tables;   /* data/ CPU and GPU tables, see et_power_tables.h */

/* CodeCarbon's tracking_mode (EmissionsTracker(tracking_mode=...)); machine is its default. */
enum et_codecarbon_mode { ET_CODECARBON_MACHINE, ET_CODECARBON_PROCESS };
/* carbontracker's GPU selection: every GPU it can see (devices_by_pid=False, its default;
 * CUDA_VISIBLE_DEVICES honoured) or those a process of the scope ran on (True). */
enum et_carbontracker_devices { ET_CARBONTRACKER_VISIBLE, ET_CARBONTRACKER_BY_PID };
/* carbontracker's CPU without readable RAPL: TDP / 2 (GenericCPU, 2.2.0 and later, when
 * /sys/class/powercap is absent or empty) or none (before 2.2.0, or RAPL present but not
 * readable: zero readings). */
enum et_carbontracker_cpu { ET_CARBONTRACKER_CPU_TDP, ET_CARBONTRACKER_CPU_NONE };
/* ga's GPU rule: a GPU's power above idle, whole, while a process of the scope runs on it
 * (the seed paper's, default), or shared by the scope's part of its SM utilisation
 * (per-process pmon, format 1.2 P records). */
enum et_ga_gpu_share { ET_GA_GPU_WHOLE, ET_GA_GPU_UTIL };

struct et_params {
	double pue;                   /* --pue (default ET_DEFAULT_PUE) */
	int native;                   /* --native: each tool's own PUE and intensity */
	enum et_scope scope;          /* --scope job|user */
	/* Overrides; NAN when not given. */
	double cpu_tdp_w;             /* whole machine CPU TDP, all sockets together */
	double cpu_tdp_per_core_w;
	double gpu_tdp_w;             /* per GPU */
	double ram_w_per_gb;
	double mem_gb;
	const struct et_power_tables *tables;   /* borrowed */
	int pue_given;                /* 1 when --pue was given (for the "pue" input) */
	/* Tool modes; each default (0) is the tool's own default. */
	enum et_codecarbon_mode codecarbon_mode;                /* --codecarbon-mode */
	enum et_carbontracker_devices carbontracker_devices;    /* --carbontracker-devices */
	enum et_carbontracker_cpu carbontracker_cpu;            /* --carbontracker-cpu */
	/* greenalgorithms --usage-factor F (0 < F <= 1): the Nef study's "online estimator",
	 * the booked cores and the scope's GPUs used at F for the whole run, the booked
	 * memory counted; NAN (default): the measured usage. */
	double ga_usage_factor;
	enum et_ga_gpu_share ga_gpu_share;                      /* --gpu-share */
};

/* Fill p with etest's defaults: PUE ET_DEFAULT_PUE, job scope, no override (NAN), no
 * tables, each tool's own default mode. */
void et_params_init(struct et_params *p);

/* Constants a model fixes once per run (looked up, derived, defaulted, overridden). */
struct et_model_setup {
	double cpu_w;            /* model-specific CPU constant (e.g. TDP W, or W per core) */
	double gpu_w;            /* model-specific GPU constant (e.g. GPU TDP W), or NAN */
	double gpu_w_each[ET_MAX_GPUS]; /* per-GPU TDP (W) for models that use one, else NAN */
	double ram_w_per_gb;     /* W per GB of the memory the model charges */
	double mem_gb;           /* fixed memory size if the model uses one, else NAN */
	double ram_w;            /* fixed RAM power if the model uses one, else NAN */
	double cores;            /* cores counted whole for the run (greenalgorithms
				  * --usage-factor), else NAN */
	unsigned gpu_mask;       /* bit i set: GPU slot i counts (for "GPUs used" models) */
	double pue;              /* PUE applied (params->pue, or the tool's own with --native) */
	double native_g_per_kwh; /* the tool's own intensity for --native, NAN if none */
	const char *native_source; /* where the tool's own PUE and intensity come from (static) */
	/* Why the model cannot run on this run ("" when it can): e.g. eit without RAPL energy
	 * in the log. Then etest prints no figure for it (NAN), never an invented one. */
	char unavailable[256];
	/* 1: the CPU energy is the log's RAPL energy as the tool reads it (codecarbon,
	 * codecarbon3: the package zones; carbontracker: the top-level zones but psys),
	 * not a TDP formula. */
	int cpu_from_rapl;
};

struct et_energy {
	double cpu_wh, gpu_wh, ram_wh;   /* before PUE */
};

struct et_model {
	const char *name;      /* --model name, e.g. "ga" */
	const char *summary;   /* one line for `etest models`, with the formula */
	/* Fix the run-level constants into *setup, and describe every input in `inputs`
	 * (a JSON object the caller owns: "cpu_tdp_w": {"value":..,"unit":"W","how":
	 * "looked up","table":..,"row":..,"match":..}; "how" is one of "measured",
	 * "looked up", "derived", "defaulted", "overridden"). p->tables must be loaded
	 * (et_power_tables_load). Reads the run's facts and its total integrals only, so
	 * a stored run can be estimated without its log. Returns 0, or -1 with err filled
	 * (facts without logical_cpus, out of memory; err's source is left empty for the
	 * caller to name the run). */
	int (*prepare)(const struct et_run_facts *facts, const struct et_integrals *total,
		       const struct et_params *p, struct et_model_setup *setup, json_t *inputs,
		       struct et_error *err);
	/* Energy over the stretch q (a bucket, a day, or the total), before PUE, in Wh.
	 * Linear in q: the sum over buckets equals the energy of the total. Never fails. */
	void (*energy)(const struct et_run_facts *facts, const struct et_params *p,
		       const struct et_model_setup *setup, const struct et_integrals *q,
		       struct et_energy *out);
};

/* The explicit model table (models.c), NULL-terminated, in the order of `etest models`:
 * the models of --model all. */
extern const struct et_model *const et_models[];
/* The models run only when named (models.c), NULL-terminated, listed after those: they
 * need what few logs have (eit: RAPL energy) and say "cannot run", with no figure, on
 * the others. */
extern const struct et_model *const et_models_named[];
/* The model called name, or NULL if there is none. */
const struct et_model *et_model_find(const char *name);

#endif
