/* csv_rows.h - read a CSV file row by row with libcsv: the UTF-8 BOM is skipped, CRLF
 * accepted, and each row handed to a callback as NUL-terminated fields with its line. */
#ifndef ET_CSV_ROWS_H
#define ET_CSV_ROWS_H

#include <stddef.h>

#include "et_error.h"

/* Called once per row (the header too). fields are borrowed for the call only. Return
 * 0 to go on, or -1 with err filled to stop the reading. */
typedef int (*ci_csv_row_fn)(char **fields, size_t n_fields, long line, void *ctx,
			     struct et_error *err);

/* Read path with the delimiter delim, calling fn for every row. Returns 0, or -1 with
 * err filled ("path:line: ..." for syntax errors, or fn's error). */
int ci_csv_read(const char *path, unsigned char delim, ci_csv_row_fn fn, void *ctx,
		struct et_error *err);

/* Index of the column named name in a header row, or -1. */
int ci_csv_column(char **fields, size_t n_fields, const char *name);

/* Parse a whole field as a finite double. Returns 0, or -1 (empty, junk, inf, nan). */
int ci_csv_double(const char *s, double *out);

#endif
