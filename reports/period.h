/* period.h - a period's footprint from the run store (etest report): runs summed per group,
 * per local day and in total for each model, the largest runs; and its writers. */
#ifndef ET_PERIOD_H
#define ET_PERIOD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "estimate.h"
#include "et_error.h"
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
};

/* Add one stored run (its buckets those of the period) and what each model of rep said
 * about it (res[0..rep->n_models-1], from et_estimate_buckets on the same run). The
 * process's local time zone (TZ) must be rep->tz. Returns 0, or -1 with err filled. */
int et_period_add(struct et_period_report *rep, const struct et_stored_run *run,
		  const struct et_model_result *res, struct et_error *err);

/* Keep a warning once (the first ET_PERIOD_MAX_WARNINGS distinct ones). Returns 0, or -1
 * when out of memory. */
int et_period_warn(struct et_period_report *rep, const char *text);

/* Sort the groups by the first model's energy (largest first) and the days by date:
 * call once after the last run. */
void et_period_finish(struct et_period_report *rep);

void et_period_release(struct et_period_report *rep);

/* The group key of a run for by ("user", "host", "tag:KEY"), into buf; a run without
 * the tag gets "(no KEY)". Returns buf. */
const char *et_period_group_of(const char *by, const struct et_stored_run *run, char *buf, size_t n);

/* ---- writers: each writes the whole report to out ---- */

struct et_period_writer {
	const char *name;   /* "table", "json", "csv", "pdf" */
	/* NULL when this build has no such writer (the PDF: its drawing is wired
	 * separately, see reports/period_writers.c). */
	int (*write)(FILE *out, const struct et_period_report *rep, struct et_error *err);
};

/* The writer called name, or NULL. */
const struct et_period_writer *et_period_writer_find(const char *name);

int et_period_write_table(FILE *out, const struct et_period_report *rep, struct et_error *err);
int et_period_write_json(FILE *out, const struct et_period_report *rep, struct et_error *err);
int et_period_write_csv(FILE *out, const struct et_period_report *rep, struct et_error *err);

#endif
