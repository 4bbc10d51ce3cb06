/* cmd_models.c - `etest models`: the model table, one line each: name and formula. */
#include <stdio.h>
#include <string.h>

#include "cmd_etest.h"
#include "et_model.h"

int cmd_models(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			printf("usage: etest models\n"
			       "List the models, one line each: name, then what it computes.\n");
			return ET_EXIT_OK;
		}
		fprintf(stderr, "etest: models: unexpected argument '%s'\n", argv[1]);
		fprintf(stderr, "etest: try 'etest models --help'\n");
		return ET_EXIT_USAGE;
	}
	for (size_t i = 0; et_models[i]; i++)
		printf("%-16s %s\n", et_models[i]->name, et_models[i]->summary);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "etest: models: write error\n");
		return ET_EXIT_DATA;
	}
	return ET_EXIT_OK;
}
