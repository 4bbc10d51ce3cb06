/* models.c - the explicit table of models (no self-registration). */
#include <stddef.h>
#include <string.h>

#include "et_model.h"

const struct et_model *const et_models[] = {
	NULL
};

const struct et_model *et_model_find(const char *name)
{
	for (size_t i = 0; et_models[i]; i++)
		if (strcmp(et_models[i]->name, name) == 0)
			return et_models[i];
	return NULL;
}
