/* model_options.h - the options that choose how runs are estimated (models, PUE, scope,
 * intensity, TDP overrides, the tools' modes), shared by `etest` and `etest report`. */
#ifndef ET_MODEL_OPTIONS_H
#define ET_MODEL_OPTIONS_H

#include <getopt.h>
#include <limits.h>
#include <stddef.h>

#include "et_intensity.h"
#include "et_model.h"

/* getopt values of these options: from ET_MODEL_OPT_FIRST on (a command's own options
 * stay below it). */
#define ET_MODEL_OPT_FIRST 1000

struct et_model_choice {
	struct et_params params;
	struct et_ci_config ci;
	const char *model_spec;   /* --model */
	const char *cache;        /* --cache, or NULL */
	char intensity_label[PATH_MAX + 32];   /* "RTE eco2mix history", "constant G gCO2e/kWh"... */
};

/* The options, ET_MODEL_N_OPTIONS of them (no terminating entry), and their --help lines
 * (all but --model, whose default each command states itself). */
#define ET_MODEL_N_OPTIONS 17
extern const struct option et_model_options[ET_MODEL_N_OPTIONS];
extern const char et_model_options_help[];

/* Defaults: et_params_init, et_ci_config_init, models default_models. */
void et_model_choice_init(struct et_model_choice *m, const char *default_models);

/* Handle getopt's value c with argument arg for command (NULL for etest itself, else e.g.
 * "report"). Returns 0 when it was one of these options and arg is good, -1 when c is
 * not one of them, else the usage exit status (after printing why). */
int et_model_option(struct et_model_choice *m, const char *command, int c, const char *arg);

/* A whole-string finite number, or -1. */
int et_cli_parse_double(const char *s, double *out);

#endif
