/* models.c - the explicit table of models (no self-registration: a static library drops
 * unreferenced files, so every model is named here). */
#include <stddef.h>
#include <string.h>

#include "et_model.h"

extern const struct et_model et_model_ga, et_model_greenalgorithms, et_model_codecarbon,
	et_model_codecarbon3, et_model_eco2ai, et_model_carbontracker, et_model_gpu;

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

const struct et_model *et_model_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; et_models[i]; i++)
		if (strcmp(et_models[i]->name, name) == 0)
			return et_models[i];
	return NULL;
}
