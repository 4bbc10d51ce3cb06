/* models.c - the explicit table of models (no self-registration: a static library drops
 * unreferenced files, so every model is named here). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "et_model.h"
#include "et_units.h"

extern const struct et_model et_model_ga, et_model_greenalgorithms, et_model_codecarbon,
	et_model_codecarbon3, et_model_eco2ai, et_model_carbontracker, et_model_gpu, et_model_eit;

const struct et_model *const et_models[] = {
	&et_model_ga,
	&et_model_greenalgorithms,
	&et_model_codecarbon,
	&et_model_codecarbon3,
	&et_model_eco2ai,
	&et_model_carbontracker,
	&et_model_gpu,
	NULL
};

/* Run only when named: not part of --model all (see et_model.h). */
const struct et_model *const et_models_named[] = {
	&et_model_eit,
	NULL
};

const struct et_model *et_model_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; et_models[i]; i++)
		if (strcmp(et_models[i]->name, name) == 0)
			return et_models[i];
	for (size_t i = 0; et_models_named[i]; i++)
		if (strcmp(et_models_named[i]->name, name) == 0)
			return et_models_named[i];
	return NULL;
}

void et_params_init(struct et_params *p)
{
	memset(p, 0, sizeof(*p));
	p->pue = ET_DEFAULT_PUE;
	p->scope = ET_SCOPE_JOB;
	p->cpu_tdp_w = p->cpu_tdp_per_core_w = p->gpu_tdp_w = NAN;
	p->ram_w_per_gb = p->mem_gb = NAN;
	p->codecarbon_mode = ET_CODECARBON_MACHINE;
	p->carbontracker_devices = ET_CARBONTRACKER_VISIBLE;
	p->carbontracker_cpu = ET_CARBONTRACKER_CPU_TDP;
	p->ga_usage_factor = NAN;
	p->ga_gpu_share = ET_GA_GPU_WHOLE;
}
