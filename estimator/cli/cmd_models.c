/* cmd_models.c - `etest models`: the model table, one line each: name and formula. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "et_model.h"

int cmd_models(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			printf("usage: etest models\n"
			       "List the models, one line each: name, then what it computes.\n");
			return ET_EXIT_OK;
		}
		return et_usage_error("models", "unexpected argument '%s'", argv[1]);
	}
	for (size_t i = 0; et_models[i]; i++)
		printf("%-16s %s\n", et_models[i]->name, et_models[i]->summary);
	for (size_t i = 0; et_models_named[i]; i++)   /* not in --model all: named only */
		printf("%-16s %s (not in --model all)\n", et_models_named[i]->name,
		       et_models_named[i]->summary);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "etest: models: write error\n");
		return ET_EXIT_DATA;
	}
	return ET_EXIT_OK;
}
