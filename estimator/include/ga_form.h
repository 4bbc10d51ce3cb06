/* ga_form.h - --ga-form: the values a user would type into the Green Algorithms online
 * calculator (calculator.green-algorithms.org) for one replayed run. */
#ifndef ET_GA_FORM_H
#define ET_GA_FORM_H

#include <stdio.h>

#include "et_error.h"
#include "et_model.h"
#include "et_run.h"

/* One GPU as the calculator asks for it. */
struct et_ga_form_gpu {
	int index;              /* nvidia-smi index */
	char model[128];        /* the Green Algorithms row, or the log's name ("Other") */
	char table[96];         /* the table of that row, "" when the GPU is not in one */
	double tdp_w;
	double usage;           /* mean utilisation / 100, NAN if the log has none */
};

/* The calculator's fields for one run (https://calculator.green-algorithms.org/). */
struct et_ga_form {
	double runtime_s;
	enum et_scope scope;    /* whose cores are counted */
	double mean_cores;      /* CPU-seconds of the scope / runtime */
	int cores;              /* the whole number of cores to type: ceil(mean_cores), >= 1 */
	double cpu_usage;       /* mean_cores / cores */
	char cpu_model[256];    /* the Green Algorithms row, or the log's name ("Other") */
	char cpu_table[96];     /* the table of that row, "" when the CPU is "Other" */
	double tdp_per_core_w;
	char tdp_origin[512];   /* how tdp_per_core_w was obtained, when the CPU is "Other" */
	int n_gpus;             /* GPUs the scope used */
	struct et_ga_form_gpu gpus[ET_MAX_GPUS];
	double mem_gb;          /* memory available */
	double pue;
	double location_g_per_kwh;   /* France in Green Algorithms' data */
};

/* Fill f for a run (its facts and total integrals; all borrowed); p->tables must be
 * loaded. Returns 0, or -1 with err filled (no logical_cpus, out of memory; err's source
 * is left for the caller to name). */
int et_ga_form_fill(struct et_ga_form *f, const struct et_run_facts *facts,
		    const struct et_integrals *total, const struct et_params *p,
		    struct et_error *err);

/* Print f for the run called name, each field with its unit. Returns 0, or -1 with err
 * filled on a write error. */
int et_ga_form_print(FILE *out, const char *name, const struct et_ga_form *f,
		     struct et_error *err);

/* Fill and print: the calculator's fields for the run called name (its facts and total integrals) to out, each with its unit: runtime (h and min),
 * type and number of cores (the ceiling of the mean cores used by p->scope), CPU model
 * (a Green Algorithms row) or "Other" with the TDP per core, CPU usage factor, GPUs used
 * with model and usage factor, memory available (GB), platform and PUE, location France.
 * All arguments are borrowed; p->tables must be loaded. Returns 0, or -1 with err filled (a
 * header without logical_cpus, a write error, out of memory). */
int et_ga_form_write(FILE *out, const char *name, const struct et_run_facts *facts,
		     const struct et_integrals *total, const struct et_params *p,
		     struct et_error *err);

#endif
