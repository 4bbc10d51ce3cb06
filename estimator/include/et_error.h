/* et_error.h - an error report filled by the estimator's readers and steps:
 * where (file and line) and what, so the front end prints "etest: run.log:123: ...". */
#ifndef ET_ERROR_H
#define ET_ERROR_H

#include <stdarg.h>

struct et_error {
	char source[256];   /* file name, or "" */
	long line;          /* 1-based line in source, or 0 */
	char text[512];     /* what went wrong, lowercase, no final period */
};
#define ET_ERROR_INIT {"", 0, ""}

/* Fill err (if not NULL) with source, line and a printf-style text. Returns -1, so a
 * caller can write `return et_error_set(err, path, n, "...")`. */
int et_error_set(struct et_error *err, const char *source, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Set err's source to source when the step that filled it left it empty (a model or the
 * intensity step does not know which log it works for). Returns -1. */
int et_error_name_source(struct et_error *err, const char *source);

/* Print err on stderr as "etest: source:line: text" (source and line only when set). */
void et_error_print(const struct et_error *err);

#endif
