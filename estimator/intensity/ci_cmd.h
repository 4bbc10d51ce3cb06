/* ci_cmd.h - the `etest intensity` subcommands (fetch, show) and the helpers they
 * share: printing an et_error, parsing days and day ranges, the cache path. */
#ifndef ET_CI_CMD_H
#define ET_CI_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"

#define CI_EXIT_OK    0
#define CI_EXIT_DATA  1   /* data or network error */
#define CI_EXIT_USAGE 2

/* `etest intensity fetch ...` and `... show ...`; argv[0] is the subcommand name.
 * Return the exit status. */
int ci_cmd_fetch(int argc, char **argv);
int ci_cmd_show(int argc, char **argv);

/* Usage error: "etest intensity SUB: text" and a hint, to stderr. Returns CI_EXIT_USAGE. */
int ci_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The cache path: opt if not NULL, else et_ci_default_cache_path(). Returns 0, or -1
 * after printing an error. */
int ci_cache_path(const char *opt, char *buf, size_t size);

/* Parse "YYYY-MM-DD..YYYY-MM-DD" or one "YYYY-MM-DD" into inclusive Paris days.
 * Returns 0, or -1 if malformed or reversed. */
int ci_parse_day_range(const char *s, int64_t *from, int64_t *to);

#endif
