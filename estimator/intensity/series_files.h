/* series_files.h - load a CSV column pair into an intensity series: a timestamp column
 * and a value column into points, or a date column and a value column into daily values. */
#ifndef ET_SERIES_FILES_H
#define ET_SERIES_FILES_H

#include "ci_series.h"
#include "et_error.h"

/* Append to pts the rows of path (comma-separated, with a header naming time_col and
 * value_col), each tagged with its line; rows with an empty value are skipped (missing,
 * never 0). pts is not finished. Returns 0, or -1 with err filled ("path:line: ..."). pts stays the caller's. */
int ci_load_points(const char *path, const char *time_col, const char *value_col,
		   struct ci_points *pts, struct et_error *err);

/* Append to daily the rows of path (date_col "YYYY-MM-DD", value_col, and count_col
 * the number of values behind each day, or NULL for 1), each tagged with its line. Returns 0, or -1 with err. */
int ci_load_daily(const char *path, const char *date_col, const char *value_col,
		  const char *count_col, struct ci_daily *daily, struct et_error *err);

#endif
