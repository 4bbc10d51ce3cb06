/* ga_form.h - --ga-form: the values a user would type into the Green Algorithms online
 * calculator (calculator.green-algorithms.org) for one replayed run. */
#ifndef ET_GA_FORM_H
#define ET_GA_FORM_H

#include <stdio.h>

#include "et_error.h"
#include "et_model.h"
#include "et_run.h"

/* Print the calculator's fields for the run called name (its facts and total integrals) to out, each with its unit: runtime (h and min),
 * type and number of cores (the ceiling of the mean cores used by p->scope), CPU model
 * (a Green Algorithms row) or "Other" with the TDP per core, CPU usage factor, GPUs used
 * with model and usage factor, memory available (GB), platform and PUE, location France.
 * All arguments are borrowed; p->tables must be loaded. Returns 0, or -1 with err filled (a
 * header without logical_cpus, a write error, out of memory). */
int et_ga_form_write(FILE *out, const char *name, const struct et_run_facts *facts,
		     const struct et_integrals *total, const struct et_params *p,
		     struct et_error *err);

#endif
