/* cli.h - the etest command-line front end: its subcommands (etest.c dispatches to them),
 * the one exit-status enum and the one usage-error printer they all use. */
#ifndef ET_CLI_H
#define ET_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit status of every etest command. */
enum et_exit {
	ET_EXIT_OK = 0,
	ET_EXIT_DATA = 1,    /* a log, data file, database or network error (others still processed) */
	ET_EXIT_USAGE = 2,   /* bad command line */
};

/* Print "etest[ command]: text" and "etest: try 'etest[ command] --help'" on stderr.
 * command is NULL for etest itself, else e.g. "models" or "intensity fetch".
 * Returns ET_EXIT_USAGE. */
int et_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* `etest [options] LOG...`: replay logs with the models (cmd_estimate.c). */
int cmd_estimate(int argc, char **argv);
/* `etest models`: one line per model with its formula (cmd_models.c). */
int cmd_models(int argc, char **argv);
/* `etest db add ...`: argv[0] is "db" (cmd_db.c). */
int cmd_db(int argc, char **argv);
/* `etest report ...`: a period's footprint from the run store (cmd_report.c). */
int cmd_report(int argc, char **argv);
/* `etest intensity fetch|show ...`: argv[0] is "intensity" (cmd_intensity.c). */
int cmd_intensity(int argc, char **argv);
/* `etest intensity fetch ...` and `... show ...`; argv[0] is the subcommand name. */
int ci_cmd_fetch(int argc, char **argv);
int ci_cmd_show(int argc, char **argv);

/* The intensity cache path: opt if not NULL, else et_cache_path()'s default. Returns 0,
 * or -1 after printing an error. */
int ci_cache_path(const char *opt, char *buf, size_t size);
/* Parse "YYYY-MM-DD..YYYY-MM-DD" or one "YYYY-MM-DD" into inclusive Paris days.
 * Returns 0, or -1 if malformed or reversed. */
int ci_parse_day_range(const char *s, int64_t *from, int64_t *to);

#endif
