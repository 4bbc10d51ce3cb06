/* run.c - the life of a struct et_run: adding integrals, collecting warnings, releasing
 * what the run owns (see et_run.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et_grow.h"
#include "et_run.h"

#define ADD_SCALED(name, unit, what) d->name += f * s->name;

void et_scalar_integrals_add_scaled(struct et_integrals *d, const struct et_scalar_integrals *s,
				    double f)
{
	ET_INTEGRAL_FIELDS(ADD_SCALED)
}

void et_gpu_integrals_add_scaled(struct et_gpu_integrals *d, const struct et_gpu_integrals *s,
				 double f)
{
	ET_GPU_INTEGRAL_FIELDS(ADD_SCALED)
}

void et_integrals_add(struct et_integrals *d, const struct et_integrals *s)
{
	const double f = 1.0;

	ET_INTEGRAL_FIELDS(ADD_SCALED)
	for (int i = 0; i < ET_MAX_GPUS; i++)
		et_gpu_integrals_add_scaled(&d->gpu[i], &s->gpu[i], 1.0);
}

int et_run_warn(struct et_run *run, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char **grown = et_grow(run->warnings, &run->warnings_cap, run->n_warnings + 1, sizeof(*grown));
	if (!grown) {
		free(text);
		return -1;
	}
	run->warnings = grown;
	run->warnings[run->n_warnings++] = text;
	return 0;
}

void et_run_release(struct et_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; i < run->n_warnings; i++)
		free(run->warnings[i]);
	free(run->warnings);
	free(run->integrals.buckets);
	json_decref(run->header);
	memset(run, 0, sizeof(*run));
}
