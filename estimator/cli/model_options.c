/* model_options.c - the estimation options of `etest` and `etest report`, parsed once (see
 * model_options.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "et_units.h"
#include "model_options.h"

enum {
	OPT_MODEL = ET_MODEL_OPT_FIRST, OPT_PUE, OPT_NATIVE, OPT_SCOPE, OPT_INTENSITY,
	OPT_RESOLUTION, OPT_CACHE, OPT_CPU_TDP, OPT_CPU_TDP_PER_CORE, OPT_GPU_TDP,
	OPT_RAM_W_PER_GB, OPT_MEM_GB, OPT_CODECARBON_MODE, OPT_CARBONTRACKER_DEVICES,
	OPT_CARBONTRACKER_CPU, OPT_USAGE_FACTOR, OPT_GPU_SHARE,
};

const struct option et_model_options[ET_MODEL_N_OPTIONS] = {
	{"model", required_argument, NULL, OPT_MODEL},
	{"pue", required_argument, NULL, OPT_PUE},
	{"native", no_argument, NULL, OPT_NATIVE},
	{"scope", required_argument, NULL, OPT_SCOPE},
	{"intensity", required_argument, NULL, OPT_INTENSITY},
	{"intensity-resolution", required_argument, NULL, OPT_RESOLUTION},
	{"cache", required_argument, NULL, OPT_CACHE},
	{"cpu-tdp", required_argument, NULL, OPT_CPU_TDP},
	{"cpu-tdp-per-core", required_argument, NULL, OPT_CPU_TDP_PER_CORE},
	{"gpu-tdp", required_argument, NULL, OPT_GPU_TDP},
	{"ram-w-per-gb", required_argument, NULL, OPT_RAM_W_PER_GB},
	{"mem-gb", required_argument, NULL, OPT_MEM_GB},
	{"codecarbon-mode", required_argument, NULL, OPT_CODECARBON_MODE},
	{"carbontracker-devices", required_argument, NULL, OPT_CARBONTRACKER_DEVICES},
	{"carbontracker-cpu", required_argument, NULL, OPT_CARBONTRACKER_CPU},
	{"usage-factor", required_argument, NULL, OPT_USAGE_FACTOR},
	{"gpu-share", required_argument, NULL, OPT_GPU_SHARE},
};

const char et_model_options_help[] =
	"  --pue X                     power usage effectiveness applied to every model (default " ET_DEFAULT_PUE_TEXT ")\n"
	"  --native                    each tool's own PUE and carbon intensity instead\n"
	"  --scope job|user            the job's process tree (default) or all of the user's processes\n"
	"  --intensity rte|G|FILE      French grid history (default), a constant in gCO2e/kWh,\n"
	"                              or a CSV of timestamp_or_date,g_per_kwh\n"
	"  --intensity-resolution day|hour|quarter\n"
	"                              finest intensity resolution used (default day)\n"
	"  --cache FILE                intensity cache (SQLite) written by 'etest intensity fetch'\n"
	"  --cpu-tdp W                 the machine's whole CPU TDP, all sockets together\n"
	"  --cpu-tdp-per-core W        CPU TDP per core\n"
	"  --gpu-tdp W                 TDP of each GPU\n"
	"  --ram-w-per-gb X            memory power in W per GB\n"
	"  --mem-gb N                  memory size charged by models that use the machine's memory\n"
	"  --codecarbon-mode machine|process\n"
	"                              codecarbon's tracking_mode: RAM of the whole machine (default)\n"
	"                              or of the scope's RSS\n"
	"  --carbontracker-devices visible|by-pid\n"
	"                              carbontracker's GPUs: every GPU it sees (default) or those the\n"
	"                              scope ran on\n"
	"  --carbontracker-cpu tdp|none\n"
	"                              carbontracker's CPU without readable RAPL: TDP/2 (default) or none\n"
	"  --usage-factor F            greenalgorithms as the Nef online estimator: the booked cores\n"
	"                              and the GPUs at usage F (0 < F <= 1) all along, the booked memory\n"
	"  --gpu-share whole|util      ga's GPU: power above idle whole while the scope runs on it\n"
	"                              (default), or by the scope's share of its SM use (pmon)\n";

void et_model_choice_init(struct et_model_choice *m, const char *default_models)
{
	memset(m, 0, sizeof(*m));
	et_params_init(&m->params);
	et_ci_config_init(&m->ci);
	m->model_spec = default_models;
	snprintf(m->intensity_label, sizeof(m->intensity_label), "RTE eco2mix history");
}

int et_cli_parse_double(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* A positive (or, with allow_zero, non-negative) number. Returns 0, or the usage status. */
static int positive(const char *command, const char *opt, const char *arg, double *out,
		    int allow_zero)
{
	if (et_cli_parse_double(arg, out) < 0 || *out < 0 || (!allow_zero && *out == 0))
		return et_usage_error(command, "%s wants a %s number, got '%s'", opt,
				      allow_zero ? "non-negative" : "positive", arg);
	return 0;
}

/* One of two names: *out gets 0 or 1. Returns 0, or the usage status. */
static int one_of(const char *command, const char *opt, const char *arg, const char *zero,
		  const char *one, int *out)
{
	if (strcmp(arg, zero) == 0)
		*out = 0;
	else if (strcmp(arg, one) == 0)
		*out = 1;
	else
		return et_usage_error(command, "%s wants %s or %s, got '%s'", opt, zero, one, arg);
	return 0;
}

static int intensity(struct et_model_choice *m, const char *command, const char *arg)
{
	double v;

	if (strcmp(arg, "rte") == 0) {
		m->ci.kind = ET_CI_RTE;
		snprintf(m->intensity_label, sizeof(m->intensity_label), "RTE eco2mix history");
	} else if (et_cli_parse_double(arg, &v) == 0) {
		if (v < 0)
			return et_usage_error(command, "--intensity wants a non-negative number, got '%s'", arg);
		m->ci.kind = ET_CI_CONSTANT;
		m->ci.constant_g_per_kwh = v;
		snprintf(m->intensity_label, sizeof(m->intensity_label), "constant %s gCO2e/kWh", arg);
	} else {
		m->ci.kind = ET_CI_USER_FILE;
		m->ci.user_file = arg;
		snprintf(m->intensity_label, sizeof(m->intensity_label), "file %s", arg);
	}
	return 0;
}

int et_model_option(struct et_model_choice *m, const char *command, int c, const char *arg)
{
	struct et_params *p = &m->params;
	int rc = 0, mode = 0;
	double v;

	switch (c) {
	case OPT_MODEL: m->model_spec = arg; return 0;
	case OPT_PUE:
		if (et_cli_parse_double(arg, &v) < 0 || v < 1.0)
			return et_usage_error(command, "--pue wants a number of at least 1, got '%s'", arg);
		p->pue = v;
		p->pue_given = 1;
		return 0;
	case OPT_NATIVE: p->native = 1; return 0;
	case OPT_SCOPE:
		if ((rc = one_of(command, "--scope", arg, "job", "user", &mode)) != 0)
			return rc;
		p->scope = mode ? ET_SCOPE_USER : ET_SCOPE_JOB;
		return 0;
	case OPT_INTENSITY: return intensity(m, command, arg);
	case OPT_RESOLUTION:
		if (strcmp(arg, "day") == 0)
			m->ci.resolution = ET_CI_DAY;
		else if (strcmp(arg, "hour") == 0)
			m->ci.resolution = ET_CI_HOUR;
		else if (strcmp(arg, "quarter") == 0)
			m->ci.resolution = ET_CI_QUARTER;
		else
			return et_usage_error(command, "--intensity-resolution wants day, hour or quarter, got '%s'", arg);
		return 0;
	case OPT_CACHE: m->cache = arg; return 0;
	case OPT_CPU_TDP: return positive(command, "--cpu-tdp", arg, &p->cpu_tdp_w, 0);
	case OPT_CPU_TDP_PER_CORE:
		return positive(command, "--cpu-tdp-per-core", arg, &p->cpu_tdp_per_core_w, 0);
	case OPT_GPU_TDP: return positive(command, "--gpu-tdp", arg, &p->gpu_tdp_w, 0);
	case OPT_RAM_W_PER_GB: return positive(command, "--ram-w-per-gb", arg, &p->ram_w_per_gb, 1);
	case OPT_MEM_GB: return positive(command, "--mem-gb", arg, &p->mem_gb, 0);
	case OPT_CODECARBON_MODE:
		if ((rc = one_of(command, "--codecarbon-mode", arg, "machine", "process", &mode)) != 0)
			return rc;
		p->codecarbon_mode = mode ? ET_CODECARBON_PROCESS : ET_CODECARBON_MACHINE;
		return 0;
	case OPT_CARBONTRACKER_DEVICES:
		if ((rc = one_of(command, "--carbontracker-devices", arg, "visible", "by-pid", &mode)) != 0)
			return rc;
		p->carbontracker_devices = mode ? ET_CARBONTRACKER_BY_PID : ET_CARBONTRACKER_VISIBLE;
		return 0;
	case OPT_CARBONTRACKER_CPU:
		if ((rc = one_of(command, "--carbontracker-cpu", arg, "tdp", "none", &mode)) != 0)
			return rc;
		p->carbontracker_cpu = mode ? ET_CARBONTRACKER_CPU_NONE : ET_CARBONTRACKER_CPU_TDP;
		return 0;
	case OPT_USAGE_FACTOR:
		if (et_cli_parse_double(arg, &v) < 0 || !(v > 0) || v > 1)
			return et_usage_error(command, "--usage-factor wants a number above 0 and at most 1, "
					      "got '%s'", arg);
		p->ga_usage_factor = v;
		return 0;
	case OPT_GPU_SHARE:
		if ((rc = one_of(command, "--gpu-share", arg, "whole", "util", &mode)) != 0)
			return rc;
		p->ga_gpu_share = mode ? ET_GA_GPU_UTIL : ET_GA_GPU_WHOLE;
		return 0;
	}
	return -1;
}
