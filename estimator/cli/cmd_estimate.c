/* cmd_estimate.c - `etest [options] LOG...`: parse the options, then for each log read,
 * integrate, run the models, and hand the results to the writers in reports/. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "datadir.h"
#include "estimate.h"
#include "et_intensity.h"
#include "et_model.h"
#include "et_power_tables.h"
#include "et_units.h"
#include "ga_form.h"
#include "integrate.h"
#include "reference_meter.h"
#include "report.h"
#include "run_series.h"

#define MAX_MODELS 32

enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV };

struct estimate_options {
	struct et_params params;
	const char *model_spec;
	enum format format;
	const char *out_path[ET_MAX_WRITERS];   /* by writer, from its option (--json FILE...) */
	const char *cache;
	int ga_form, quiet;
	const char *reference;                  /* --reference FILE */
	struct ref_idle reference_idle;         /* --reference-idle W|auto */
	int reference_idle_given;
	struct et_ci_config ci;
	char **logs;
	int n_logs;
};

static const char usage_head[] =
	"usage: etest [options] LOG...\n"
	"       etest models\n"
	"       etest intensity fetch|show ...\n"
	"       etest db add PATH...      (logs into a run store; see etest-db(1))\n"
	"       etest report ...          (a month from the store; see etest-report(1))\n"
	"Replay etrec logs with several energy models; print energy (Wh) and CO2e (g).\n"
	"\n"
	"  --model all|NAME,...        models to run (default all; see 'etest models')\n"
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
	"  --format table|json|csv     what to print on standard output (default table)\n"
	"  --reference FILE            a wattmeter/IPMI CSV (timestamp,watts): its energy over\n"
	"                              the run and each model's deviation from it\n"
	"  --reference-idle W|auto     the server's idle power taken off the reference: W, or\n"
	"                              auto, the median of the readings before the launch\n";
/* ... then one line per output file option of the writers (writer_help), then: */
static const char usage_tail[] =
	"  --ga-form                   print what to type into the Green Algorithms calculator\n"
	"  -q, --quiet                 do not print warnings\n"
	"  -h, --help                  print this help and exit\n"
	"  -V, --version               print the version and exit\n"
	"\n"
	"Exit status: 0 ok, 1 a log or data file could not be used (the others are still\n"
	"processed), 2 usage error.\n";

enum {
	OPT_PUE = 256, OPT_MODEL, OPT_SCOPE, OPT_NATIVE, OPT_INTENSITY, OPT_RESOLUTION,
	OPT_CPU_TDP, OPT_CPU_TDP_PER_CORE, OPT_GPU_TDP, OPT_RAM_W_PER_GB, OPT_MEM_GB,
	OPT_FORMAT, OPT_GA_FORM, OPT_CACHE, OPT_REFERENCE, OPT_REFERENCE_IDLE,
	OPT_CODECARBON_MODE, OPT_CARBONTRACKER_DEVICES, OPT_CARBONTRACKER_CPU,
	OPT_WRITER   /* OPT_WRITER + i: the file option of writer i */
};

/* The options of etest itself; the writers' file options follow (all_options). */
static const struct option base_options[] = {
	{"pue", required_argument, NULL, OPT_PUE},
	{"model", required_argument, NULL, OPT_MODEL},
	{"scope", required_argument, NULL, OPT_SCOPE},
	{"native", no_argument, NULL, OPT_NATIVE},
	{"intensity", required_argument, NULL, OPT_INTENSITY},
	{"intensity-resolution", required_argument, NULL, OPT_RESOLUTION},
	{"cpu-tdp", required_argument, NULL, OPT_CPU_TDP},
	{"cpu-tdp-per-core", required_argument, NULL, OPT_CPU_TDP_PER_CORE},
	{"gpu-tdp", required_argument, NULL, OPT_GPU_TDP},
	{"ram-w-per-gb", required_argument, NULL, OPT_RAM_W_PER_GB},
	{"mem-gb", required_argument, NULL, OPT_MEM_GB},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"ga-form", no_argument, NULL, OPT_GA_FORM},
	{"cache", required_argument, NULL, OPT_CACHE},
	{"reference", required_argument, NULL, OPT_REFERENCE},
	{"reference-idle", required_argument, NULL, OPT_REFERENCE_IDLE},
	{"codecarbon-mode", required_argument, NULL, OPT_CODECARBON_MODE},
	{"carbontracker-devices", required_argument, NULL, OPT_CARBONTRACKER_DEVICES},
	{"carbontracker-cpu", required_argument, NULL, OPT_CARBONTRACKER_CPU},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
};
#define N_BASE_OPTIONS (sizeof(base_options) / sizeof(base_options[0]))

/* base_options, then "--NAME FILE" for every writer that has a file option, then the
 * terminating entry, into opts (room for N_BASE_OPTIONS + ET_MAX_WRITERS + 1). */
static void all_options(struct option *opts)
{
	const struct et_writer_ops *const *w = et_writer_list();
	size_t n = N_BASE_OPTIONS;

	memcpy(opts, base_options, sizeof(base_options));
	for (int i = 0; w[i]; i++)
		if (w[i]->option)
			opts[n++] = (struct option){w[i]->option, required_argument, NULL, OPT_WRITER + i};
	opts[n] = (struct option){NULL, 0, NULL, 0};
}

/* --help: the head, a line per writer file option, the tail. */
static void print_help(void)
{
	const struct et_writer_ops *const *w = et_writer_list();
	char opt[64];

	fputs(usage_head, stdout);
	for (int i = 0; w[i]; i++) {
		if (!w[i]->option)
			continue;
		snprintf(opt, sizeof(opt), "--%s %s", w[i]->option, w[i]->option_arg ? w[i]->option_arg : "FILE");
		printf("  %-27s also write %s to FILE\n", opt, w[i]->option_help);
	}
	fputs(usage_tail, stdout);
}

/* A whole-string finite number, or -1. */
static int parse_double(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* A positive number option. Returns 0, or the usage exit status. */
static int positive(const char *opt, const char *arg, double *out, int allow_zero)
{
	if (parse_double(arg, out) < 0 || *out < 0 || (!allow_zero && *out == 0))
		return et_usage_error(NULL, "%s wants a %s number, got '%s'", opt,
				      allow_zero ? "non-negative" : "positive", arg);
	return 0;
}

/* A tool mode option: arg must be one of the two names; *out gets 0 or 1. Returns 0, or
 * the usage exit status. */
static int tool_mode(const char *opt, const char *arg, const char *zero, const char *one,
		     int *out)
{
	if (strcmp(arg, zero) == 0)
		*out = 0;
	else if (strcmp(arg, one) == 0)
		*out = 1;
	else
		return et_usage_error(NULL, "%s wants %s or %s, got '%s'", opt, zero, one, arg);
	return 0;
}

/* Fill o from argv. Returns -1 when all is well, else the exit status to return now. */
static int parse_options(int argc, char **argv, struct estimate_options *o)
{
	struct option long_options[N_BASE_OPTIONS + ET_MAX_WRITERS + 1];
	int c, rc;
	double v;
	int mode = 0;

	memset(o, 0, sizeof(*o));
	et_params_init(&o->params);
	et_ci_config_init(&o->ci);
	o->model_spec = "all";
	all_options(long_options);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qhV", long_options, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case OPT_PUE:
			if (parse_double(optarg, &v) < 0 || v < 1.0)
				return et_usage_error(NULL, "--pue wants a number of at least 1, got '%s'", optarg);
			o->params.pue = v;
			o->params.pue_given = 1;
			break;
		case OPT_MODEL: o->model_spec = optarg; break;
		case OPT_SCOPE:
			if (strcmp(optarg, "job") == 0)
				o->params.scope = ET_SCOPE_JOB;
			else if (strcmp(optarg, "user") == 0)
				o->params.scope = ET_SCOPE_USER;
			else
				return et_usage_error(NULL, "--scope wants job or user, got '%s'", optarg);
			break;
		case OPT_NATIVE: o->params.native = 1; break;
		case OPT_INTENSITY:
			if (strcmp(optarg, "rte") == 0) {
				o->ci.kind = ET_CI_RTE;
			} else if (parse_double(optarg, &v) == 0) {
				if (v < 0)
					return et_usage_error(NULL, "--intensity wants a non-negative number, got '%s'", optarg);
				o->ci.kind = ET_CI_CONSTANT;
				o->ci.constant_g_per_kwh = v;
			} else {
				o->ci.kind = ET_CI_USER_FILE;
				o->ci.user_file = optarg;
			}
			break;
		case OPT_RESOLUTION:
			if (strcmp(optarg, "day") == 0)
				o->ci.resolution = ET_CI_DAY;
			else if (strcmp(optarg, "hour") == 0)
				o->ci.resolution = ET_CI_HOUR;
			else if (strcmp(optarg, "quarter") == 0)
				o->ci.resolution = ET_CI_QUARTER;
			else
				return et_usage_error(NULL, "--intensity-resolution wants day, hour or quarter, got '%s'", optarg);
			break;
		case OPT_CPU_TDP: rc = positive("--cpu-tdp", optarg, &o->params.cpu_tdp_w, 0); break;
		case OPT_CPU_TDP_PER_CORE:
			rc = positive("--cpu-tdp-per-core", optarg, &o->params.cpu_tdp_per_core_w, 0);
			break;
		case OPT_GPU_TDP: rc = positive("--gpu-tdp", optarg, &o->params.gpu_tdp_w, 0); break;
		case OPT_RAM_W_PER_GB:
			rc = positive("--ram-w-per-gb", optarg, &o->params.ram_w_per_gb, 1);
			break;
		case OPT_MEM_GB: rc = positive("--mem-gb", optarg, &o->params.mem_gb, 0); break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table") == 0)
				o->format = FORMAT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o->format = FORMAT_CSV;
			else
				return et_usage_error(NULL, "--format wants table, json or csv, got '%s'", optarg);
			break;
		case OPT_GA_FORM: o->ga_form = 1; break;
		case OPT_CODECARBON_MODE:
			rc = tool_mode("--codecarbon-mode", optarg, "machine", "process", &mode);
			o->params.codecarbon_mode = mode ? ET_CODECARBON_PROCESS : ET_CODECARBON_MACHINE;
			break;
		case OPT_CARBONTRACKER_DEVICES:
			rc = tool_mode("--carbontracker-devices", optarg, "visible", "by-pid", &mode);
			o->params.carbontracker_devices = mode ? ET_CARBONTRACKER_BY_PID
							      : ET_CARBONTRACKER_VISIBLE;
			break;
		case OPT_CARBONTRACKER_CPU:
			rc = tool_mode("--carbontracker-cpu", optarg, "tdp", "none", &mode);
			o->params.carbontracker_cpu = mode ? ET_CARBONTRACKER_CPU_NONE
							  : ET_CARBONTRACKER_CPU_TDP;
			break;
		case OPT_CACHE: o->cache = optarg; break;
		case OPT_REFERENCE: o->reference = optarg; break;
		case OPT_REFERENCE_IDLE: {
			struct et_error e = ET_ERROR_INIT;
			if (ref_idle_parse(optarg, &o->reference_idle, &e) < 0)
				return et_usage_error(NULL, "%s", e.text);
			o->reference_idle_given = 1;
			break;
		}
		case 'q': o->quiet = 1; break;
		case 'h':
			print_help();
			return ET_EXIT_OK;
		case 'V':
			printf("etest %s\n", ET_VERSION);
			return ET_EXIT_OK;
		case ':':
			return et_usage_error(NULL, "option '%s' wants a value", argv[optind - 1]);
		default:
			if (c >= OPT_WRITER && c < OPT_WRITER + ET_MAX_WRITERS) {
				o->out_path[c - OPT_WRITER] = optarg;
				break;
			}
			return et_usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
		}
		if (rc)
			return rc;
	}
	o->logs = argv + optind;
	o->n_logs = argc - optind;
	if (o->n_logs == 0)
		return et_usage_error(NULL, "no log given");
	if (o->reference_idle_given && !o->reference)
		return et_usage_error(NULL, "--reference-idle wants --reference FILE");
	return -1;
}

/* Refuse an output that is one of the inputs (`etest run.log --csv run.log` would replace
 * the recording) or another output, before anything is written; warn about a log given
 * twice. Returns -1 when all is well, else the exit status to return now. */
static int check_files(const struct estimate_options *o)
{
	const struct et_writer_ops *const *w = et_writer_list();
	const char *in[3] = {o->ci.kind == ET_CI_USER_FILE ? o->ci.user_file : NULL, o->cache, o->reference};
	static const char *const in_what[3] = {"the --intensity file", "the --cache file",
					       "the --reference file"};

	for (int k = 0; w[k]; k++) {
		const char *out = o->out_path[k];
		if (!out)
			continue;
		for (int i = 0; i < o->n_logs; i++)
			if (et_same_file(out, o->logs[i]))
				return et_usage_error(NULL, "--%s %s is the log %s: refusing to write over "
						      "a recording", w[k]->option, out, o->logs[i]);
		for (int i = 0; i < 3; i++)
			if (in[i] && et_same_file(out, in[i]))
				return et_usage_error(NULL, "--%s %s is %s: refusing to write over it",
						      w[k]->option, out, in_what[i]);
		for (int j = 0; j < k; j++)
			if (o->out_path[j] && et_same_file(out, o->out_path[j]))
				return et_usage_error(NULL, "--%s and --%s name the same file %s",
						      w[j]->option, w[k]->option, out);
	}
	for (int i = 0; i < o->n_logs && !o->quiet; i++)
		for (int j = 0; j < i; j++)
			if (et_same_file(o->logs[i], o->logs[j])) {
				fprintf(stderr, "etest: warning: %s is the same file as %s: given twice, "
					"estimated twice\n", o->logs[i], o->logs[j]);
				break;
			}
	return -1;
}

/* Every output of the command: the one on standard output first, then the files. */
struct sinks {
	struct et_writer *w[ET_MAX_WRITERS + 1];
	size_t n;
};

static void warn_stderr(const struct et_report_run *r)
{
	size_t n = 0;
	const char **w = et_report_warnings(r, &n);
	for (size_t i = 0; i < n; i++) {
		fputs("etest: warning: ", stderr);
		et_report_put_visible(stderr, r->run->log_path);
		fputs(": ", stderr);
		et_report_put_visible(stderr, w[i]);
		fputc('\n', stderr);
	}
	free(w);
}

/* The reference's integral over the run's window (launch to exit), its warnings on
 * standard error unless quiet. Returns 0, or -1 with err filled. */
static int integrate_reference(const struct ref_meter *meter, const struct estimate_options *o,
			       const struct et_run *run, struct ref_result *res, struct et_error *err)
{
	double launch = (double)run->facts.launch_utc_ms / 1000.0;

	if (ref_meter_integrate(meter, launch, launch + run->facts.duration_s, &o->reference_idle, res,
				err) < 0)
		return -1;
	for (size_t i = 0; i < res->n_warnings && !o->quiet; i++) {
		fprintf(stderr, "etest: warning: %s: ", run->log_path);
		et_report_put_visible(stderr, res->warnings[i]);
		fputc('\n', stderr);
	}
	return 0;
}

/* Replay one log into every sink. Returns 0, or -1 with err filled. */
static int one_log(const char *path, const struct estimate_options *o,
		   const struct et_model **models, size_t n_models, struct et_ci_source *ci,
		   const struct ref_meter *meter, struct sinks *s, struct et_error *err)
{
	struct et_run run;
	struct et_model_result results[MAX_MODELS];
	struct et_run_series series;
	struct et_run_observer obs;
	struct ref_result reference;
	int want_series = et_writers_want_series(s->w, s->n);
	struct et_report_run r = {&run, results, n_models,
				  o->params.scope == ET_SCOPE_USER ? "user" : "job",
				  want_series ? &series : NULL, meter, meter ? &reference : NULL};
	size_t i = 0;
	int rc = -1;

	memset(&run, 0, sizeof(run));
	memset(results, 0, sizeof(results));
	et_run_series_init(&series, &run, &obs);
	if (et_run_load_observed(path, &run, want_series ? &obs : NULL, err) < 0)
		goto out;
	if (meter && integrate_reference(meter, o, &run, &reference, err) < 0)
		goto out;
	if (et_estimate(&run, models, n_models, &o->params, ci, &o->ci, results, err) < 0)
		goto out;
	if (s->n > 0 && !s->w[0]->path && et_writer_run(s->w[i++], &r, err) < 0)
		goto out;   /* standard output first */
	if (o->format != FORMAT_TABLE && !o->quiet)
		warn_stderr(&r);
	if (o->ga_form && et_ga_form_write(stdout, run.log_path, &run.facts, &run.integrals.total,
					   &o->params, err) < 0)
		goto out;
	for (; i < s->n; i++)
		if (et_writer_run(s->w[i], &r, err) < 0)
			goto out;
	rc = 0;
out:
	et_model_results_release(results, n_models);
	et_run_series_release(&series);
	et_run_release(&run);
	return rc;
}

static int add_sink(struct sinks *s, const struct et_writer_ops *ops, const char *path,
		    const struct et_writer_setup *setup, struct et_error *err)
{
	if (et_writer_open(ops, path, setup, &s->w[s->n], err) < 0)
		return -1;
	s->n++;
	return 0;
}

/* Open the outputs: standard output's, then the files. */
static int open_sinks(const struct estimate_options *o, size_t n_models, struct sinks *s,
		      struct et_error *err)
{
	static const char *const stdout_kind[] = {
		[FORMAT_TABLE] = "table", [FORMAT_JSON] = "json", [FORMAT_CSV] = "csv"
	};

	const struct et_writer_ops *const *w = et_writer_list();
	const struct et_writer_setup setup = {o->quiet, o->reference != NULL, o->ci.data_dir, o->n_logs,
						 (int)n_models};

	if (add_sink(s, et_writer_find(stdout_kind[o->format]), NULL, &setup, err) < 0)
		return -1;
	for (int i = 0; w[i]; i++)
		if (o->out_path[i] && add_sink(s, w[i], o->out_path[i], &setup, err) < 0)
			return -1;
	return 0;
}

/* End every output: kept when commit, else removed. Returns 0, or -1 with err filled. */
static int close_sinks(struct sinks *s, int commit, struct et_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < s->n; i++)
		if (et_writer_close(s->w[i], commit, err) < 0)
			rc = -1;
	s->n = 0;
	return rc;
}

int cmd_estimate(int argc, char **argv)
{
	struct estimate_options o;
	const struct et_model *models[MAX_MODELS];
	size_t n_models = 0;
	struct et_power_tables *tables = NULL;
	struct et_ci_source *ci = NULL;
	struct sinks sinks;
	struct ref_meter meter;
	struct et_error err = ET_ERROR_INIT;
	char data_dir[PATH_MAX], cache[PATH_MAX];
	int status, rc = parse_options(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if ((rc = check_files(&o)) >= 0)
		return rc;
	memset(&sinks, 0, sizeof(sinks));
	memset(&meter, 0, sizeof(meter));
	if (et_models_select(o.model_spec, models, MAX_MODELS, &n_models, &err) < 0)
		return et_usage_error(NULL, "%s", err.text);
	o.ci.data_dir = et_data_dir(data_dir, sizeof(data_dir));
	o.ci.cache_path = et_cache_path(o.cache, cache, sizeof(cache));
	status = ET_EXIT_DATA;
	if (et_power_tables_load(o.ci.data_dir, &tables, &err) < 0)
		goto out;
	o.params.tables = tables;
	if (et_ci_open(&o.ci, &ci, &err) < 0)
		goto out;
	if (o.reference && ref_meter_load(o.reference, &meter, &err) < 0)
		goto out;
	if (open_sinks(&o, n_models, &sinks, &err) < 0)
		goto out;
	status = ET_EXIT_OK;
	for (int i = 0; i < o.n_logs; i++) {
		if (one_log(o.logs[i], &o, models, n_models, ci, o.reference ? &meter : NULL, &sinks,
			    &err) < 0) {
			et_error_print(&err);
			status = ET_EXIT_DATA;
		}
	}
	if (fflush(stdout) != 0) {
		et_error_set(&err, "", 0, "write error on standard output");
		goto out;
	}
	if (close_sinks(&sinks, 1, &err) < 0) {
		status = ET_EXIT_DATA;
		et_error_print(&err);
	}
	if (fflush(stdout) != 0) {   /* the JSON document is written at the end */
		et_error_set(&err, "", 0, "write error on standard output");
		et_error_print(&err);
		status = ET_EXIT_DATA;
	}
	goto done;
out:
	et_error_print(&err);
	status = ET_EXIT_DATA;
	close_sinks(&sinks, 0, &err);
done:
	ref_meter_free(&meter);
	et_ci_close(ci);
	et_power_tables_free(tables);
	return status;
}
