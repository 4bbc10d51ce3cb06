/* report.h - etest's outputs: one writer interface (begin, run, end) over the terminal
 * table, JSON, CSV and CodeCarbon CSV; files are written whole (temporary, then renamed). */
#ifndef ET_REPORT_H
#define ET_REPORT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "estimate.h"
#include "et_error.h"
#include "et_run.h"

struct et_run_series;
struct ref_meter;
struct ref_result;

/* One replayed run and what each selected model said about it (all borrowed). */
struct et_report_run {
	const struct et_run *run;
	const struct et_model_result *results;
	size_t n_results;
	const char *scope;         /* "job" or "user" */
	/* The run's samples over time (run_series.h), collected only when a writer has
	 * wants_series; else NULL. */
	const struct et_run_series *series;
	/* --reference: the meter's readings and their integral over this run's window;
	 * NULL without --reference. */
	const struct ref_meter *ref_meter;
	const struct ref_result *reference;
};

/* ---- writers: one interface for every output ----
 *
 * A writer gets the runs one by one and owns nothing of them. The output file (or
 * standard output) and its temporary file are handled in one place (writer.c): a writer
 * only writes to w->out. Adding an output is one file with its et_writer_ops, and its
 * name in the table of writer.c. */

struct et_writer;

#define ET_MAX_WRITERS 16

struct et_writer_ops {
	const char *name;          /* "table", "json", "csv", "codecarbon" */
	const char *option;        /* etest's option to write it to a file ("json" for
	                            * --json FILE), or NULL */
	const char *option_help;   /* what that file holds, for --help ("the JSON output") */
	const char *option_arg;    /* the argument's name in --help; NULL: "FILE" */
	/* How the output reaches its path: ET_WRITE_STREAM, through w->out (standard output
	 * or the temporary file); ET_WRITE_PATH, the writer writes the file w->tmp itself
	 * by name (cairo) and writer.c renames it; ET_WRITE_DIR, the path is an existing
	 * folder the writer fills itself (each file through a temporary name). */
	enum { ET_WRITE_STREAM, ET_WRITE_PATH, ET_WRITE_DIR } writes;
	int wants_series;          /* needs et_report_run.series (the samples over time) */
	/* Before the first run (a CSV header); may be NULL. Returns 0, or -1 with err. */
	int (*begin)(struct et_writer *w, struct et_error *err);
	/* One run. Returns 0, or -1 with err filled. */
	int (*run)(struct et_writer *w, const struct et_report_run *r, struct et_error *err);
	/* After the last run, when the output is to be kept (the JSON document); may be
	 * NULL. Returns 0, or -1 with err filled. */
	int (*end)(struct et_writer *w, struct et_error *err);
	/* Free w->state; may be NULL. */
	void (*release)(struct et_writer *w);
};

/* What every writer is told about the command (borrowed). */
struct et_writer_setup {
	int quiet;            /* leave the warnings out where the output has a place for them */
	int reference;        /* --reference is given: outputs gain its fields */
	const char *data_dir; /* etest's data folder (equivalents), or NULL */
	int n_runs;           /* logs given (a report of several begins with a comparison) */
	int n_models;         /* models each run gives */
	double per_n;         /* --per N UNIT: the runs' figures are divided by N (0: no --per) */
	const char *per_unit; /* its UNIT ("epoch"), NULL without --per */
};

struct et_writer {
	const struct et_writer_ops *ops;
	FILE *out;            /* standard output, or the temporary file (ET_WRITE_STREAM) */
	int quiet;            /* leave the warnings out where the output has a place for them */
	int reference;        /* from et_writer_setup */
	const char *data_dir;
	int n_runs, n_models;
	double per_n;         /* from et_writer_setup */
	const char *per_unit;
	void *state;          /* the writer's own (e.g. the JSON runs), freed by ops->release */
	const char *path;     /* the file to write, NULL for standard output (borrowed) */
	char tmp[PATH_MAX + 32];   /* the temporary file until committed */
};

/* Every writer, NULL-terminated (at most ET_MAX_WRITERS). */
const struct et_writer_ops *const *et_writer_list(void);
/* The writer called name, or NULL. */
const struct et_writer_ops *et_writer_find(const char *name);
/* Start a writer of kind ops onto path (NULL: standard output): opens the temporary file
 * (ET_WRITE_STREAM), names it (ET_WRITE_PATH) or checks the folder (ET_WRITE_DIR), and
 * calls begin. On success *out is the caller's, ended with et_writer_close(). Returns
 * 0, or -1 with err filled (nothing left behind). */
int et_writer_open(const struct et_writer_ops *ops, const char *path,
		   const struct et_writer_setup *setup, struct et_writer **out, struct et_error *err);
/* 1 if one of the writers wants the run's series. */
int et_writers_want_series(struct et_writer *const *w, size_t n);
/* Give w one run. Returns 0, or -1 with err filled. */
int et_writer_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err);
/* End w: with commit, call end and put the file in place (rename over path); without, or
 * when that fails, remove the temporary file. Frees w (NULL accepted). Returns 0, or -1
 * with err filled. */
int et_writer_close(struct et_writer *w, int commit, struct et_error *err);

/* ---- digest: what writers show of a run beside the model rows ---- */

/* A line that several models may give (an intensity day, an input), once. */
struct et_report_line {
	char *text;
	char *models;         /* the models giving it, "ga, codecarbon" */
	unsigned n_models;
};

struct et_report_lines {
	struct et_report_line *v;
	size_t n, cap;
};

struct et_report_digest {
	struct et_report_lines days;     /* "2022-03-01: 52.10 g/kWh, daily mean; <source>" */
	struct et_report_lines inputs;   /* each input worth a line: looked up, derived from a
	                                  * row, an option or the header, defaulted, overridden */
	const char **warnings;           /* the run's, then the intensity's, once each; the
	                                  * strings are borrowed from the run and results */
	size_t n_warnings;
	unsigned n_models;               /* models of the run: a line given by all names none */
};

/* Build the digest of r (borrowed: it must outlive d). Returns 0, or -1 with err filled;
 * release d with et_report_digest_release() after success. */
int et_report_digest(const struct et_report_run *r, struct et_report_digest *d,
		     struct et_error *err);
void et_report_digest_release(struct et_report_digest *d);

/* ---- files: write to a new path.XXXXXX (mkstemp, 0600), then rename(2) over path ---- */

/* Create a new temporary file next to path for writing; tmp (size tmp_n) receives its
 * name. Returns the stream, or NULL with err filled. The caller ends it with
 * et_report_commit or et_report_abort. */
FILE *et_report_open(const char *path, char *tmp, size_t tmp_n, struct et_error *err);
/* Flush and close f, then rename tmp to path. Returns 0, or -1 with err filled (the
 * temporary file is removed). */
int et_report_commit(FILE *f, const char *tmp, const char *path, struct et_error *err);
/* 1 if a and b name the same file: the same device and inode when both exist (links and
 * other spellings included), else the same resolved name. */
int et_same_file(const char *a, const char *b);
/* Close f and remove tmp. */
void et_report_abort(FILE *f, const char *tmp);

/* ---- terminal table ---- */

/* Print the table rows of one run, then (unless quiet) its intensity days and
 * warnings. Returns 0, or -1 with err filled on a write error. */
int et_report_table(FILE *out, const struct et_report_run *r, int quiet, struct et_error *err);

/* ---- JSON ---- */

/* A new JSON object for one run with the keys of issue 3 (log, host, user, command,
 * start, duration_s, complete, cpu_seconds, models[], warnings[]). Returns a new
 * reference, or NULL when out of memory. */
json_t *et_report_json_run(const struct et_report_run *r);
/* Write {"etest_version":..., "runs": runs} to out. runs is borrowed. Returns 0, or -1
 * with err filled. */
int et_report_json_write(FILE *out, json_t *runs, struct et_error *err);

/* ---- CSV (one row per run and model) ---- */

/* Write the header row. Returns 0, or -1 with err filled. */
int et_report_csv_header(FILE *out, struct et_error *err);
/* The same, with the --reference columns when reference is set (the rows of runs that
 * carry a reference end with them). */
int et_report_csv_header_ref(FILE *out, int reference, struct et_error *err);
/* Write one row per model of r. Returns 0, or -1 with err filled. */
int et_report_csv_rows(FILE *out, const struct et_report_run *r, struct et_error *err);

/* ---- CodeCarbon emissions.csv (v2.2.4 columns) ---- */

int et_report_codecarbon_header(FILE *out, struct et_error *err);
/* One row per model of r; see report_codecarbon.c for how each column is filled. */
int et_report_codecarbon_rows(FILE *out, const struct et_report_run *r, struct et_error *err);

/* ---- --reference (reference_report.c) ---- */

/* The reference energy the models are compared with (Wh): the meter's net energy over
 * the covered part of the run, scaled to the whole run when the readings cover only a
 * share of it (net_wh / covered_share: the mean net power over the covered time, held
 * over the gaps and the uncovered ends), which the report and a warning state. */
double et_report_reference_wh(const struct ref_result *ref);
/* Model m's deviation from it in % (energy before PUE; see ref_deviation_pct). */
double et_report_deviation_pct(const struct et_model_result *m, const struct ref_result *ref);

/* ---- everyday equivalents of emissions (equivalents.c) ---- */

struct et_equivalents {
	double car_g_per_km;     /* an average European passenger car, gCO2e/km */
	double tree_month_g;     /* what a tree absorbs in a month, gCO2e */
	char source[96];
};
/* Read them from <data_dir>/power/green-algorithms/v2.2/referenceValues.csv. Returns 0, or
 * -1 with err filled (the values are then NAN). */
int et_equivalents_load(const char *data_dir, struct et_equivalents *e, struct et_error *err);

/* ---- the model's main assumption for a run (assumption.c) ---- */

/* One line generated from m's inputs, e.g. "codecarbon: 50 % of a 85 W default (CPU not
 * in its table) TDP for the whole run; ...". Returns buf. */
char *et_report_assumption(const struct et_model_result *m, char *buf, size_t n);

/* ---- --per N UNIT (per_unit.c) ---- */

/* Divide every energy and CO2e figure of the n results by per_n (> 0; else nothing): the
 * parts, the total with PUE, the CO2e and the intensity weights of each day and step. The
 * intensity (g/kWh) stays. */
void et_report_per_scale(struct et_model_result *res, size_t n, double per_n);
/* The line that labels such figures: "per epoch: every energy (Wh) and CO2e (g) figure
 * is the run's divided by 90". Returns buf. */
const char *et_report_per_text(char *buf, size_t n, double per_n, const char *unit);

/* ---- helpers shared by the writers (format.c) ---- */

/* Energy with its unit, as the table shows it: "0.02856 Wh" (4 significant digits)
 * below 1 kWh, "12.345 kWh" above. Returns buf. */
const char *et_report_energy(char *buf, size_t n, double wh);
/* The unit of a chart of energies up to max_wh (Wh below 1 kWh, kWh below 1 MWh, else
 * MWh), *div what to divide them by. */
const char *et_report_energy_unit(double max_wh, double *div);
/* "Jan" .. "Dec" for month 1 .. 12 (the charts' "1 Mar"; English whatever the locale),
 * "?" for another. */
const char *et_report_month_abbr(int month);

/* Format v into buf as printf's "%.<prec>f" (style 'f'), "%.<prec>g" (style 'g'), or with prec
 * significant digits and no exponent (style 's': 0.00004354, 12.35),
 * always with '.' as the decimal point; a non-finite v gives "". Returns buf. */
const char *et_report_num(char *buf, size_t n, char style, int prec, double v);
/* Write s to out with control characters (C0, DEL, C1) shown as \xHH: text from a log
 * (GPU names, commands, warnings) must not drive the terminal. */
void et_report_put_visible(FILE *out, const char *s);
/* A new copy of s (free() it) with each byte that is not part of valid UTF-8 replaced by
 * U+FFFD, or NULL when out of memory. */
char *et_report_utf8(const char *s);
/* ISO 8601 UTC ("2024-03-01T12:00:00.250Z") of a time in ms since the epoch. */
const char *et_report_iso_utc(char *buf, size_t n, int64_t utc_ms);
/* The header's command, argv joined by spaces, into buf. Returns buf. */
const char *et_report_command(const struct et_run *run, char *buf, size_t n);
/* The run's warnings followed by the intensity warnings of its results, without
 * duplicates. Returns a new array of *n borrowed strings (free() the array), or NULL
 * when there is none or out of memory. */
const char **et_report_warnings(const struct et_report_run *r, size_t *n);

#endif
