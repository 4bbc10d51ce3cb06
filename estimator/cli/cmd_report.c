/* cmd_report.c - `etest report`: a month's (or any local period's) footprint from the run
 * store, per user, host or tag, for one model or all; table, JSON, CSV and PDF outputs. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "model_options.h"
#include "datadir.h"
#include "estimate.h"
#include "et_cluster.h"
#include "et_intensity.h"
#include "et_power_tables.h"
#include "et_sched_estimate.h"
#include "local_time.h"
#include "et_store.h"
#include "et_units.h"
#include "period.h"
#include "report.h"

#define DEFAULT_TZ "Europe/Paris"

static const char usage_text[] =
	"usage: etest report [--db STORE] (--month YYYY-MM | --from DATE --to DATE) [options]\n"
	"A period's energy and CO2e from a run store filled by 'etest db add': per group, in\n"
	"total, per local day, and the largest runs. Only the quarter-hours of a run inside\n"
	"the period count. Days and months are local time in --tz.\n"
	"\n"
	"  --db STORE                  the store (default $ETEST_DB): a SQLite file or a\n"
	"                              postgresql:// URI\n"
	"  --month YYYY-MM             the period: a local calendar month\n"
	"  --from DATE --to DATE       the period: local days DATE (YYYY-MM-DD), both included\n"
	"  --tz ZONE                   time zone of days and months (default " DEFAULT_TZ "), from the\n"
	"                              system time-zone database\n"
	"  --by user|host|tag:KEY|account|partition\n"
	"                              the groups (default user); account and partition are SLURM's\n"
	"                              (a run's header, else its job in accounting, else \"(none)\")\n"
	"  --cluster FILE              the cluster description (JSON: per partition the CPU and GPU\n"
	"                              models or TDPs, the PUE, the time zone of sacct's times) for\n"
	"                              the SLURM jobs that have no etrec log, estimated from\n"
	"                              accounting ('etest db add-sacct') with the ga formula; without\n"
	"                              it Green Algorithms' defaults and the --tz zone\n"
	"  --model all|NAME,...        models (default ga; all gives the spread across models)\n"
	;
/* ... then et_model_options_help, then: */
static const char usage_tail[] =
	"  --format table|json|csv     standard output's format (default table)\n"
	"  --json FILE                 also write the JSON report to FILE\n"
	"  --csv FILE                  also write the CSV report (one row per group and model) to FILE\n"
	"  --pdf FILE                  also write the A4 PDF report (totals, groups, days, largest\n"
	"                              runs, the spread across models) to FILE\n"
	"  --show-commands             list the largest runs with their whole command lines (they\n"
	"                              may hold secrets; by default only the program's name)\n"
	"  -q, --quiet                 do not print warnings\n"
	"  -h, --help                  print this help and exit\n"
	"  -V, --version               print the version and exit\n"
	"\n"
	"Exit status: 0 ok, 1 the store or a data file could not be used, or a run could not\n"
	"be estimated (the others are still counted), 2 usage error.\n";

struct report_options {
	const char *db, *month, *from, *to, *tz, *by, *format, *json_file, *csv_file;
	const char *pdf_file, *cluster_file;
	int show_commands, quiet;
	struct et_model_choice m;   /* models, PUE, scope, intensity, overrides */
};

enum {
	OPT_DB = 256, OPT_MONTH, OPT_FROM, OPT_TO, OPT_TZ, OPT_BY, OPT_FORMAT, OPT_JSON, OPT_CSV,
	OPT_PDF, OPT_SHOW_COMMANDS, OPT_CLUSTER
};

static const struct option own_options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"month", required_argument, NULL, OPT_MONTH},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"tz", required_argument, NULL, OPT_TZ},
	{"by", required_argument, NULL, OPT_BY},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"json", required_argument, NULL, OPT_JSON},
	{"csv", required_argument, NULL, OPT_CSV},
	{"pdf", required_argument, NULL, OPT_PDF},
	{"show-commands", no_argument, NULL, OPT_SHOW_COMMANDS},
	{"cluster", required_argument, NULL, OPT_CLUSTER},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
};
#define N_OWN_OPTIONS (sizeof(own_options) / sizeof(own_options[0]))

/* Fill o from argv. Returns -1 when all is well, else the exit status to return now. */
static int parse_options(int argc, char **argv, struct report_options *o)
{
	struct option long_options[N_OWN_OPTIONS + ET_MODEL_N_OPTIONS + 1];
	int c, rc;

	memcpy(long_options, own_options, sizeof(own_options));
	memcpy(long_options + N_OWN_OPTIONS, et_model_options, sizeof(et_model_options));
	long_options[N_OWN_OPTIONS + ET_MODEL_N_OPTIONS] = (struct option){NULL, 0, NULL, 0};
	memset(o, 0, sizeof(*o));
	et_model_choice_init(&o->m, "ga");
	o->tz = DEFAULT_TZ;
	o->by = "user";
	o->format = "table";
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":qhV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_MONTH: o->month = optarg; break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_BY:
			if (strcmp(optarg, "user") != 0 && strcmp(optarg, "host") != 0 &&
			    strcmp(optarg, "account") != 0 && strcmp(optarg, "partition") != 0 &&
			    !(strncmp(optarg, "tag:", 4) == 0 && optarg[4]))
				return et_usage_error("report", "--by wants user, host, tag:KEY, account or "
						      "partition, got '%s'", optarg);
			o->by = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table") != 0 && strcmp(optarg, "json") != 0 && strcmp(optarg, "csv") != 0)
				return et_usage_error("report", "--format wants table, json or csv, got '%s'", optarg);
			o->format = optarg;
			break;
		case OPT_JSON: o->json_file = optarg; break;
		case OPT_CSV: o->csv_file = optarg; break;
		case OPT_PDF: o->pdf_file = optarg; break;
		case OPT_SHOW_COMMANDS: o->show_commands = 1; break;
		case OPT_CLUSTER: o->cluster_file = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(et_model_options_help, stdout);
			fputs(usage_tail, stdout);
			return ET_EXIT_OK;
		case 'V': printf("etest %s\n", ET_VERSION); return ET_EXIT_OK;
		case ':': return et_usage_error("report", "option '%s' wants a value", argv[optind - 1]);
		default:
			if ((rc = et_model_option(&o->m, "report", c, optarg)) > 0)
				return rc;
			if (rc < 0)
				return et_usage_error("report", "unknown option '%s'", argv[optind - 1]);
			break;
		}
	}
	if (optind < argc)
		return et_usage_error("report", "unexpected argument '%s' (the logs go into the store with 'etest db add')",
			     argv[optind]);
	if (!o->db)
		o->db = getenv("ETEST_DB");
	if (!o->db || !*o->db)
		return et_usage_error("report", "no store given (--db STORE, or ETEST_DB)");
	if (!o->month == !(o->from || o->to))
		return et_usage_error("report", "give the period: --month YYYY-MM, or --from DATE --to DATE");
	if (!o->month && !(o->from && o->to))
		return et_usage_error("report", "--from and --to go together");
	return -1;
}

/* The zone must be in the system time-zone database: glibc silently takes an unknown
 * name for UTC. The zone reader's own check (name, TZDIR, a readable TZif file). */
static int zone_known(const char *tz)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *zone = NULL;

	if (et_zone_open(tz, &zone, &err) < 0)
		return 0;
	et_zone_close(zone);
	return 1;
}

/* All digits, exactly n of them. */
static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The value of n digits (checked by digits()). */
static int number(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Local midnight of year-month-day (month 1-12, may overflow into the next year) in the
 * current TZ, in ms since the epoch, rounded down to a quarter-hour. */
static int64_t local_midnight(int year, int month, int day)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_isdst = -1;
	int64_t ms = (int64_t)mktime(&tm) * 1000;
	return ms - ((ms % ET_BUCKET_MS) + ET_BUCKET_MS) % ET_BUCKET_MS;
}

/* Parse YYYY-MM-DD, a real calendar day. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	struct tm tm;

	if (strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return -1;
	*y = number(s, 4);
	*m = number(s + 5, 2);
	*d = number(s + 8, 2);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = *y - 1900;
	tm.tm_mon = *m - 1;
	tm.tm_mday = *d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (*m < 1 || *m > 12 || mktime(&tm) == (time_t)-1 || tm.tm_mday != *d)
		return -1;
	return 0;
}

/* The period in UTC ms and its label. Returns -1 when all is well, else an exit status. */
static int resolve_period(const struct report_options *o, int64_t *from, int64_t *to,
			  char *label, size_t n)
{
	int y, m, d, y2, m2, d2;

	if (o->month) {
		if (strlen(o->month) != 7 || !digits(o->month, 4) || o->month[4] != '-' ||
		    !digits(o->month + 5, 2) || (m = number(o->month + 5, 2)) < 1 || m > 12)
			return et_usage_error("report", "--month wants YYYY-MM, got '%s'", o->month);
		y = number(o->month, 4);
		*from = local_midnight(y, m, 1);
		*to = local_midnight(y, m + 1, 1);
		snprintf(label, n, "%s", o->month);
		return -1;
	}
	if (parse_date(o->from, &y, &m, &d) < 0)
		return et_usage_error("report", "--from wants a date YYYY-MM-DD, got '%s'", o->from);
	if (parse_date(o->to, &y2, &m2, &d2) < 0)
		return et_usage_error("report", "--to wants a date YYYY-MM-DD, got '%s'", o->to);
	*from = local_midnight(y, m, d);
	*to = local_midnight(y2, m2, d2 + 1);   /* --to's day is included */
	if (*to <= *from)
		return et_usage_error("report", "--to %s is before --from %s", o->to, o->from);
	snprintf(label, n, "%s..%s", o->from, o->to);
	return -1;
}

/* What the query callback needs. */
struct report_ctx {
	struct et_period_report *rep;
	struct et_ci_source *ci;
	const struct et_ci_config *ci_cfg;
	unsigned long failed;
};

static int one_run(const struct et_stored_run *r, void *arg, struct et_error *err)
{
	struct report_ctx *ctx = arg;
	struct et_period_report *rep = ctx->rep;
	struct et_model_result res[ET_PERIOD_MAX_MODELS];
	struct et_error run_err = ET_ERROR_INIT;
	struct et_run run;
	int rc = 0;

	memset(&run, 0, sizeof(run));
	snprintf(run.log_path, sizeof(run.log_path), "%s", r->source_path);
	run.facts = r->facts;
	run.integrals = r->integrals;
	if (et_estimate_buckets(&run, rep->models, rep->n_models, rep->params, ctx->ci, ctx->ci_cfg,
				res, &run_err) < 0) {
		et_error_print(&run_err);   /* this run is left out, the others count */
		ctx->failed++;
	} else {
		rc = et_period_add(rep, r, res, err);
	}
	et_model_results_release(res, rep->n_models);
	return rc;
}

/* What the accounting callback needs. */
struct sched_ctx {
	struct et_period_report *rep;
	const struct et_cluster *cluster;
	const struct et_power_tables *tables;
	const struct et_zone *zone;   /* the clock of sacct's Start and End */
	struct et_ci_source *ci;
	unsigned long failed;
};

/* A local wall-clock time of the zone on the UTC clock, in ms (the earlier instant of an
 * autumn overlap; in a spring gap, the offset before it). */
static int64_t to_utc_ms(const struct et_zone *zone, int64_t local_s)
{
	int64_t utc[2];

	if (et_zone_from_local(zone, local_s, utc) >= 1)
		return utc[0] * 1000;
	return (local_s - et_zone_offset_s(zone, local_s - 86400)) * 1000;
}

static int one_job(const struct et_stored_sacct_job *j, void *arg, struct et_error *err)
{
	struct sched_ctx *ctx = arg;
	const struct et_sacct_job *job = &j->job;
	struct et_sched_estimate est;
	struct et_error job_err = ET_ERROR_INIT;
	int64_t start = to_utc_ms(ctx->zone, job->start_local_s), end;

	/* a running job has no End yet: it ran Elapsed so far */
	if (job->end_local_s >= 0)
		end = to_utc_ms(ctx->zone, job->end_local_s);
	else
		end = start + (isfinite(job->elapsed_s) ? (int64_t)(job->elapsed_s * 1000) : 0);
	if (end < start)
		end = start;
	if (j->has_log)
		return et_period_add_sched(ctx->rep, j, NULL, start, end, NULL, err);
	/* the report shows no job's inputs: the figures alone (describe 0, est.inputs NULL) */
	if (et_sched_estimate(job, ctx->cluster, ctx->tables, 0, &est, &job_err) < 0) {
		et_error_name_source(&job_err, j->source_path);
		et_error_print(&job_err);   /* this job is left out, the others count */
		ctx->failed++;
		return 0;
	}
	return et_period_add_sched(ctx->rep, j, &est, start, end, ctx->ci, err);
}

/* 0 if tmp is still the file f holds open (nothing replaced it while a writer wrote it
 * by name), else -1 with err filled. */
static int same_inode(FILE *f, const char *tmp, struct et_error *err)
{
	struct stat a, b;

	if (fstat(fileno(f), &a) != 0 || lstat(tmp, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return et_error_set(err, tmp, 0, "the temporary file was replaced while it was written");
	return 0;
}

/* Write the report with writer name to path (NULL: standard output). */
static int write_out(const char *name, const char *path, const struct et_period_report *rep,
		     struct et_error *err)
{
	const struct et_period_writer *w = et_period_writer_find(name);
	char tmp[PATH_MAX + 32];
	FILE *f;

	if (!w || !(path ? w->write || w->write_file : w->write != NULL))
		return et_error_set(err, "", 0, "no %s writer in this build", name);
	if (!path) {
		if (w->write(stdout, rep, err) < 0)
			return -1;
		return fflush(stdout) == 0 ? 0 : et_error_set(err, "", 0, "write error on standard output");
	}
	if (!(f = et_report_open(path, tmp, sizeof(tmp), err)))
		return -1;
	if (w->write_file) {
		/* The writer creates the file itself (cairo's PDF): it gets the temporary name,
		 * which mkstemp made ours, and the rename publishes it whole. */
		if (w->write_file(tmp, rep, err) < 0 || same_inode(f, tmp, err) < 0) {
			et_report_abort(f, tmp);
			return -1;
		}
		return et_report_commit(f, tmp, path, err);
	}
	if (w->write(f, rep, err) < 0) {
		et_report_abort(f, tmp);
		return -1;
	}
	return et_report_commit(f, tmp, path, err);
}

int cmd_report(int argc, char **argv)
{
	struct report_options o;
	const struct et_model *models[ET_PERIOD_MAX_MODELS];
	size_t n_models = 0;
	struct et_period_report rep;
	struct et_power_tables *tables = NULL;
	struct et_ci_source *ci = NULL;
	struct et_store *store = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct report_ctx ctx;
	struct sched_ctx sched;
	struct et_cluster *cluster = NULL;
	struct et_zone *zone = NULL;
	char data_dir[PATH_MAX], cache[PATH_MAX], label[64];
	const char *network = NULL;
	int64_t from = 0, to = 0;
	int status = parse_options(argc, argv, &o);

	if (status >= 0)
		return status;
	const char *outputs[] = {o.json_file, o.csv_file, o.pdf_file};
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
		if (outputs[i] && et_same_file(outputs[i], o.db))
			return et_usage_error("report", "%s is the store: an output would replace it", outputs[i]);
	if (!zone_known(o.tz))
		return et_usage_error("report", "--tz: no time zone '%s' in the system time-zone database "
				      "(install tzdata; e.g. Europe/Paris, UTC)", o.tz);
	if (setenv("TZ", o.tz, 1) != 0)
		return et_usage_error("report", "--tz: cannot set TZ");
	tzset();
	if ((status = resolve_period(&o, &from, &to, label, sizeof(label))) >= 0)
		return status;
	if (et_models_select(o.m.model_spec, models, ET_PERIOD_MAX_MODELS, &n_models, &err) < 0)
		return et_usage_error("report", "%s", err.text);

	memset(&rep, 0, sizeof(rep));
	rep.label = label;
	rep.tz = o.tz;
	rep.from_utc_ms = from;
	rep.to_utc_ms = to;
	rep.by = o.by;
	rep.cluster_file = o.cluster_file;
	rep.models = models;
	rep.n_models = n_models;
	rep.params = &o.m.params;
	rep.intensity = o.m.intensity_label;
	rep.resolution = o.m.ci.resolution == ET_CI_QUARTER ? "quarter" : o.m.ci.resolution == ET_CI_HOUR ? "hour" : "day";
	rep.show_commands = o.show_commands;
	rep.sched_model = -1;
	for (size_t m = 0; m < n_models; m++)
		if (strcmp(models[m]->name, "ga") == 0)
			rep.sched_model = (int)m;

	status = ET_EXIT_DATA;
	o.m.ci.data_dir = et_data_dir(data_dir, sizeof(data_dir));
	o.m.ci.cache_path = et_cache_path(o.m.cache, cache, sizeof(cache));
	if (et_store_open(o.db, ET_STORE_READ, &store, &network, &err) < 0)
		goto fail;
	if (network && !o.quiet)
		fprintf(stderr, "etest: warning: %s is on a network filesystem (%s): SQLite's locking is not "
			"safe there; keep the store on a local disk\n", o.db, network);
	if (et_power_tables_load(o.m.ci.data_dir, &tables, &err) < 0)
		goto fail;
	o.m.params.tables = tables;
	if (et_ci_open(&o.m.ci, &ci, &err) < 0)
		goto fail;
	ctx.rep = &rep;
	ctx.ci = ci;
	ctx.ci_cfg = &o.m.ci;
	ctx.failed = 0;
	if (et_store_runs_in(store, from, to, one_run, &ctx, &err) < 0)
		goto fail;
	/* SLURM accounting: the jobs without a log, estimated; those with one, for coverage */
	if (o.cluster_file ? et_cluster_load(o.cluster_file, tables, &cluster, &err) < 0
			   : et_cluster_defaults(tables, &cluster, &err) < 0)
		goto fail;
	if (et_zone_open(cluster->timezone[0] ? cluster->timezone : o.tz, &zone, &err) < 0) {
		et_error_name_source(&err, o.cluster_file ? o.cluster_file : "");
		goto fail;
	}
	sched = (struct sched_ctx){&rep, cluster, tables, zone, ci, 0};
	/* sacct's times are the cluster's wall clock: two days either side hold any zone */
	if (et_store_sacct_in(store, from / 1000 - 2 * 86400, to / 1000 + 2 * 86400, one_job, &sched, &err) < 0)
		goto fail;
	ctx.failed += sched.failed;
	et_period_finish(&rep);
	if (!o.quiet) {
		for (size_t i = 0; i < rep.n_warnings; i++)
			fprintf(stderr, "etest: warning: %s\n", rep.warnings[i]);
		if (rep.warnings_dropped)
			fprintf(stderr, "etest: warning: %zu more distinct warnings not shown\n", rep.warnings_dropped);
	}
	status = ctx.failed ? ET_EXIT_DATA : ET_EXIT_OK;
	if (o.json_file && write_out("json", o.json_file, &rep, &err) < 0)
		goto fail;
	if (o.csv_file && write_out("csv", o.csv_file, &rep, &err) < 0)
		goto fail;
	if (o.pdf_file && write_out("pdf", o.pdf_file, &rep, &err) < 0)
		goto fail;
	if (write_out(o.format, NULL, &rep, &err) < 0)
		goto fail;
	goto done;
fail:
	et_error_print(&err);
	status = ET_EXIT_DATA;
done:
	et_period_release(&rep);
	et_zone_close(zone);
	et_cluster_free(cluster);
	et_ci_close(ci);
	et_power_tables_free(tables);
	et_store_close(store);
	return status;
}
