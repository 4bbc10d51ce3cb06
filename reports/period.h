/* period.h - a period's footprint from the run store (etest report): runs summed per group,
 * per local day and in total for each model, the largest runs; and its writers. */
#ifndef ET_PERIOD_H
#define ET_PERIOD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "estimate.h"
#include "et_error.h"
#include "et_intensity.h"
#include "et_sched_estimate.h"
#include "et_store.h"

#define ET_PERIOD_MAX_MODELS 16
#define ET_PERIOD_TOP 10          /* largest runs listed */
#define ET_PERIOD_MAX_WARNINGS 50 /* distinct warnings kept (the rest counted) */

/* What a group (or the whole period) adds up to. Energies include the PUE. */
struct et_period_sums {
	char *key;                /* the group's name; NULL for the totals */
	size_t runs, incomplete;  /* runs with quarter-hours in the period; of them truncated logs */
	double cpu_h;             /* CPU-hours of the scope (job or user) in the period */
	double gpu_h;             /* GPU-hours: seconds a GPU had a process of the scope, / 3600 */
	double gpu_idle_wh;       /* measured idle board energy (whole - above idle) of the GPUs
	                           * the runs used, before PUE */
	double energy_wh[ET_PERIOD_MAX_MODELS];
	double co2e_g[ET_PERIOD_MAX_MODELS];
	/* SLURM jobs of accounting without an etrec log, in the period: the scheduler
	 * estimate (the ga formula; in energy_wh of ga only, the other models leave them out) */
	size_t sched_jobs;
	double sched_cpu_h;       /* their TotalCPU in the period (CPU time used, as cpu_h) */
	double sched_gpu_h;       /* their allocated GPUs x Elapsed in the period */
	double sched_wh;          /* their energy in the period, PUE included */
	double sched_co2e_g;
};

/* A partition the cluster file does not describe, and its jobs estimated with defaults. */
struct et_period_partition {
	char name[64];
	size_t jobs;
};

/* Energy of one local day of the period. */
struct et_period_day {
	char date[11];            /* YYYY-MM-DD in the report's time zone */
	double energy_wh[ET_PERIOD_MAX_MODELS];
	/* The day's CO2e, when the report's days are the intensity's (Europe/Paris):
	 * each quarter-hour's energy at its day's intensity. NAN in another zone. */
	double co2e_g[ET_PERIOD_MAX_MODELS];
};

/* One of the largest runs (by the first model's energy in the period). */
struct et_period_top_run {
	double energy_wh, co2e_g;
	char program[128];        /* basename of the command's first word */
	char *command;            /* the whole command line, only with show_commands; owned */
	char host[128], user[64], group[256];
	char *tags_json;          /* owned */
	int64_t start_utc_ms;
	double duration_s;
	int complete;
};

struct et_period_report {
	/* What was asked (borrowed, set by the caller before the first run). */
	const char *label;        /* "2022-10", or "2022-10-01..2022-10-31" */
	const char *tz;           /* the time zone of days and months, e.g. "Europe/Paris" */
	int64_t from_utc_ms, to_utc_ms;
	const char *by;           /* "user", "host" or "tag:KEY" */
	const char *cluster_file; /* --cluster FILE, or NULL: accounting's jobs at the defaults */
	const struct et_model *const *models;
	size_t n_models;
	const struct et_params *params;
	const char *intensity;    /* described: "rte", "50 gCO2e/kWh", a file name */
	const char *resolution;   /* "day", "hour", "quarter" */
	int show_commands;

	/* What the runs add up to (owned; et_period_release). */
	struct et_period_sums total;
	struct et_period_sums *groups;
	size_t n_groups, cap_groups;
	struct et_period_day *days;
	size_t n_days, cap_days;
	struct et_period_top_run top[ET_PERIOD_TOP];
	size_t n_top;
	char **warnings;
	size_t n_warnings, cap_warnings, warnings_dropped;

	/* SLURM accounting (et_period_add_sched). */
	int have_accounting;      /* a stored sacct job touched the period: coverage shown */
	int sched_model;          /* index of ga in models, -1 when ga was not asked for */
	size_t logged_jobs;       /* jobs of accounting that have etrec logs (counted by them) */
	double logged_alloc_cpu_h, sched_alloc_cpu_h;   /* allocated CPU-hours (CPUTime) in the
	                           * period of the jobs with logs, and of those without */
	size_t sched_measured;    /* estimates that took SLURM's ConsumedEnergyRaw */
	size_t sched_partial;     /* jobs still running: a figure so far */
	struct et_period_partition *undescribed;
	size_t n_undescribed, cap_undescribed;
};

/* Add one stored run (its buckets those of the period) and what each model of rep said
 * about it (res[0..rep->n_models-1], from et_estimate_buckets on the same run). The
 * process's local time zone (TZ) must be rep->tz. Returns 0, or -1 with err filled. */
int et_period_add(struct et_period_report *rep, const struct et_stored_run *run,
		  const struct et_model_result *res, struct et_error *err);

/* Add one job of SLURM accounting that overlaps the period, on the UTC clock [start_utc_ms,
 * end_utc_ms) (end = start for a job of no length). Without a log (est its scheduler
 * estimate, ci the report's intensity source), its energy is spread evenly over that span:
 * the part inside the period goes to its group, the totals and the local days (ga's
 * figures only), its CO2e from ci over the same span. With a log (est NULL: the logs are
 * its figures), only the accounting coverage counts it. Returns 0, or -1 with err. */
int et_period_add_sched(struct et_period_report *rep, const struct et_stored_sacct_job *j,
			const struct et_sched_estimate *est, int64_t start_utc_ms, int64_t end_utc_ms,
			struct et_ci_source *ci, struct et_error *err);

/* The share (0..1) of logs in logs + estimates; NAN when both are 0. */
double et_period_share(double logs, double estimates);

/* Keep a warning once (the first ET_PERIOD_MAX_WARNINGS distinct ones). Returns 0, or -1
 * when out of memory. */
int et_period_warn(struct et_period_report *rep, const char *text);

/* Sort the groups by the first model's energy (largest first) and the days by date:
 * call once after the last run. */
void et_period_finish(struct et_period_report *rep);

void et_period_release(struct et_period_report *rep);

/* The group key of a run for by ("user", "host", "tag:KEY", "account", "partition"), into
 * buf; a run without the tag gets "(no KEY)"; account and partition come from the header's
 * scheduler object, else the job's row in accounting, else "(none)". Returns buf. */
const char *et_period_group_of(const char *by, const struct et_stored_run *run, char *buf, size_t n);
/* The same for a job of accounting (host: its NodeList; a tag: "(no KEY)"). */
const char *et_period_job_group_of(const char *by, const struct et_sacct_job *job, char *buf, size_t n);

/* ---- writers: each writes the whole report to out ---- */

/* Energy with its unit (Wh below 1 kWh, kWh below 1 MWh, else MWh), and a mass of CO2e
 * with its (gCO2e, kgCO2e, tCO2e), as every writer rounds them, into buf. Return buf. */
const char *et_period_energy_str(char *buf, size_t n, double wh);
const char *et_period_co2_str(char *buf, size_t n, double g);
/* A share (0..1) as a percentage, "99.4 %", or "-" when there is nothing to share (NAN). */
const char *et_period_share_str(char *buf, size_t n, double share);

struct et_period_writer {
	const char *name;   /* "table", "json", "csv", "pdf" */
	/* A stream writer (NULL for the PDF, which cairo writes to a file itself). */
	int (*write)(FILE *out, const struct et_period_report *rep, struct et_error *err);
	/* A writer that creates the file path itself (the caller passes a temporary
	 * name and renames it), or NULL. */
	int (*write_file)(const char *path, const struct et_period_report *rep, struct et_error *err);
};

/* The writer called name, or NULL. */
const struct et_period_writer *et_period_writer_find(const char *name);

int et_period_write_table(FILE *out, const struct et_period_report *rep, struct et_error *err);
int et_period_write_json(FILE *out, const struct et_period_report *rep, struct et_error *err);
int et_period_write_csv(FILE *out, const struct et_period_report *rep, struct et_error *err);
/* The A4 PDF (reports/period_pdf.c): the totals and the spread across models, a table
 * and a bar chart of the groups, energy per local day, the largest runs. */
int et_period_write_pdf(const char *path, const struct et_period_report *rep, struct et_error *err);

#endif
