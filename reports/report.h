/* report.h - etest's output writers: terminal table, JSON (jansson), CSV (RFC 4180,
 * libcsv quoting), CodeCarbon emissions.csv; files are written to a new temporary file
 * next to FILE and renamed. */
#ifndef ET_REPORT_H
#define ET_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "estimate.h"
#include "et_error.h"
#include "et_run.h"

/* One replayed run and what each selected model said about it (all borrowed). */
struct et_report_run {
	const struct et_run *run;
	const struct et_model_result *results;
	size_t n_results;
	const char *scope;         /* "job" or "user" */
};

/* ---- files: write to a new path.XXXXXX (mkstemp, 0600), then rename(2) over path ---- */

/* Create a new temporary file next to path for writing; tmp (size tmp_n) receives its
 * name. Returns the stream, or NULL with err filled. The caller ends it with
 * et_report_commit or et_report_abort. */
FILE *et_report_open(const char *path, char *tmp, size_t tmp_n, struct et_error *err);
/* Flush and close f, then rename tmp to path. Returns 0, or -1 with err filled (the
 * temporary file is removed). */
int et_report_commit(FILE *f, const char *tmp, const char *path, struct et_error *err);
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
/* Write one row per model of r. Returns 0, or -1 with err filled. */
int et_report_csv_rows(FILE *out, const struct et_report_run *r, struct et_error *err);

/* ---- CodeCarbon emissions.csv (v2.2.4 columns) ---- */

int et_report_codecarbon_header(FILE *out, struct et_error *err);
/* One row per model of r; see report_codecarbon.c for how each column is filled. */
int et_report_codecarbon_rows(FILE *out, const struct et_report_run *r, struct et_error *err);

/* ---- helpers shared by the writers (report_common.c) ---- */

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
