/* cmd_estimate.c - `etest [options] LOG...`: parse the options, then for each log read,
 * integrate, run the models, and hand the results to the writers in reports/. */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "model_options.h"
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
	struct et_model_choice m;               /* models, PUE, scope, intensity, overrides */
	enum format format;
	const char *out_path[ET_MAX_WRITERS];   /* by writer, from its option (--json FILE...) */
	int ga_form, quiet;
	const char *reference;                  /* --reference FILE */
	struct ref_idle reference_idle;         /* --reference-idle W|auto */
	int reference_idle_given;
	double per_n;                           /* --per N UNIT: figures divided by N; 0 without */
	const char *per_unit;
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
	"  --model all|NAME,...        models to run (default all; see 'etest models'); all\n"
	"                              leaves out eit, which needs RAPL: name it\n"
	;
/* ... then et_model_options_help, then: */
static const char usage_mid[] =
	"  --format table|json|csv     what to print on standard output (default table)\n"
	"  --reference FILE            a wattmeter/IPMI CSV (timestamp,watts): its energy over\n"
	"                              the run and each model's deviation from it\n"
	"  --reference-idle W|auto     the server's idle power taken off the reference: W, or\n"
	"                              auto, the median of the readings before the launch\n"
	"  --per N UNIT                every energy and CO2e figure divided by N and labelled per\n"
	"                              UNIT, e.g. --per 90 epoch (table, JSON, CSV and PDF)\n";
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
	OPT_FORMAT = 256, OPT_GA_FORM, OPT_REFERENCE, OPT_REFERENCE_IDLE, OPT_PER,
	OPT_WRITER   /* OPT_WRITER + i: the file option of writer i (below ET_MODEL_OPT_FIRST) */
};

/* The options of etest itself; the model options and the writers' file options follow
 * (all_options). */
static const struct option base_options[] = {
	{"format", required_argument, NULL, OPT_FORMAT},
	{"ga-form", no_argument, NULL, OPT_GA_FORM},
	{"reference", required_argument, NULL, OPT_REFERENCE},
	{"reference-idle", required_argument, NULL, OPT_REFERENCE_IDLE},
	{"per", required_argument, NULL, OPT_PER},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
};
#define N_BASE_OPTIONS (sizeof(base_options) / sizeof(base_options[0]))
#define N_ALL_OPTIONS (N_BASE_OPTIONS + ET_MODEL_N_OPTIONS + ET_MAX_WRITERS + 1)

/* base_options, the model options, then "--NAME FILE" for every writer that has a file
 * option, then the terminating entry, into opts (room for N_ALL_OPTIONS). */
static void all_options(struct option *opts)
{
	const struct et_writer_ops *const *w = et_writer_list();
	size_t n = N_BASE_OPTIONS;

	memcpy(opts, base_options, sizeof(base_options));
	memcpy(opts + n, et_model_options, sizeof(et_model_options));
	n += ET_MODEL_N_OPTIONS;
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
	fputs(et_model_options_help, stdout);
	fputs(usage_mid, stdout);
	for (int i = 0; w[i]; i++) {
		if (!w[i]->option)
			continue;
		snprintf(opt, sizeof(opt), "--%s %s", w[i]->option, w[i]->option_arg ? w[i]->option_arg : "FILE");
		printf("  %-27s also write %s to FILE\n", opt, w[i]->option_help);
	}
	fputs(usage_tail, stdout);
}

/* --per N UNIT: N from optarg, UNIT the next argument (taken from argv). N is a finite
 * number above 0, UNIT a short word (a letter, then up to 23 letters, digits, '-' or '_').
 * Returns -1 when all is well, else the usage status. */
static int parse_per(int argc, char **argv, struct estimate_options *o)
{
	const char *unit;
	size_t len;

	if (et_cli_parse_double(optarg, &o->per_n) < 0 || !(o->per_n > 0))
		return et_usage_error(NULL, "--per wants a number above 0 then a unit (--per 90 epoch), "
				      "got '%s'", optarg);
	if (optind >= argc)
		return et_usage_error(NULL, "--per %s wants a unit after the number (--per 90 epoch)", optarg);
	unit = argv[optind++];
	len = strlen(unit);
	if (len == 0 || len > 24 || !isalpha((unsigned char)unit[0])
	    || strspn(unit, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != len)
		return et_usage_error(NULL, "--per: the unit must be a short word (a letter, then up to "
				      "23 letters, digits, '-' or '_'), got '%s'", unit);
	o->per_unit = unit;
	return -1;
}

/* Fill o from argv. Returns -1 when all is well, else the exit status to return now. */
static int parse_options(int argc, char **argv, struct estimate_options *o)
{
	struct option long_options[N_ALL_OPTIONS];
	int c, rc;

	memset(o, 0, sizeof(*o));
	et_model_choice_init(&o->m, "all");
	all_options(long_options);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qhV", long_options, NULL)) != -1) {
		rc = 0;
		switch (c) {
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
		case OPT_REFERENCE: o->reference = optarg; break;
		case OPT_PER:
			if ((rc = parse_per(argc, argv, o)) >= 0)
				return rc;
			rc = 0;
			break;
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
			if ((rc = et_model_option(&o->m, NULL, c, optarg)) >= 0)
				break;   /* an estimation option: rc is 0, or the usage status */
			rc = 0;
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
	if (o->per_n > 0 && o->reference)
		return et_usage_error(NULL, "--per and --reference do not go together: the reference is "
				      "the whole run's energy");
	for (int i = 0; o->per_n > 0 && et_writer_list()[i]; i++) {
		const struct et_writer_ops *w = et_writer_list()[i];
		if (o->out_path[i] && (strcmp(w->name, "codecarbon") == 0 || strcmp(w->name, "png") == 0))
			return et_usage_error(NULL, "--per and --%s do not go together: %s has no place "
					      "to say the figures are per %s", w->option, w->option_help,
					      o->per_unit);
	}
	return -1;
}

/* Refuse an output that is one of the inputs (`etest run.log --csv run.log` would replace
 * the recording) or another output, before anything is written; warn about a log given
 * twice. Returns -1 when all is well, else the exit status to return now. */
static int check_files(const struct estimate_options *o)
{
	const struct et_writer_ops *const *w = et_writer_list();
	const char *in[3] = {o->m.ci.kind == ET_CI_USER_FILE ? o->m.ci.user_file : NULL, o->m.cache, o->reference};
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
				  o->m.params.scope == ET_SCOPE_USER ? "user" : "job",
				  want_series ? &series : NULL, meter, meter ? &reference : NULL};
	size_t i = 0;
	int rc = -1;

	memset(&run, 0, sizeof(run));
	memset(results, 0, sizeof(results));
	et_run_series_init(&series, &run, &obs);
	/* at day resolution, buckets by intensity day: the same figures in 365 buckets a year */
	struct et_load_options load = {want_series ? &obs : NULL, et_ci_day_zone(ci)};

	if (et_run_load_with(path, &run, &load, err) < 0)
		goto out;
	if (meter && integrate_reference(meter, o, &run, &reference, err) < 0)
		goto out;
	if (et_estimate(&run, models, n_models, &o->m.params, ci, &o->m.ci, results, err) < 0)
		goto out;
	et_report_per_scale(results, n_models, o->per_n);   /* --per N UNIT; nothing without */
	if (s->n > 0 && !s->w[0]->path && et_writer_run(s->w[i++], &r, err) < 0)
		goto out;   /* standard output first */
	if (o->format != FORMAT_TABLE && !o->quiet)
		warn_stderr(&r);
	if (o->ga_form && et_ga_form_write(stdout, run.log_path, &run.facts, &run.integrals.total,
					   &o->m.params, err) < 0)
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
	const struct et_writer_setup setup = {o->quiet, o->reference != NULL, o->m.ci.data_dir, o->n_logs,
						 (int)n_models, o->per_n, o->per_unit};

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
	if (et_models_select(o.m.model_spec, models, MAX_MODELS, &n_models, &err) < 0)
		return et_usage_error(NULL, "%s", err.text);
	o.m.ci.data_dir = et_data_dir(data_dir, sizeof(data_dir));
	o.m.ci.cache_path = et_cache_path(o.m.cache, cache, sizeof(cache));
	status = ET_EXIT_DATA;
	if (et_power_tables_load(o.m.ci.data_dir, &tables, &err) < 0)
		goto out;
	o.m.params.tables = tables;
	if (et_ci_open(&o.m.ci, &ci, &err) < 0)
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
