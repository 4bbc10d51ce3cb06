/* local_series.h - load RTE "En-cours" CSV files whose rows carry Paris wall-clock time
 * only (date, heure) into UTC points, across the spring gap and the autumn overlap. */
#ifndef ET_LOCAL_SERIES_H
#define ET_LOCAL_SERIES_H

#include "ci_series.h"
#include "et_error.h"
#include "local_time.h"

/* What the conversion met. */
struct ci_local_counts {
	long rows;           /* rows with a value */
	long nonexistent;    /* wall-clock times that do not exist (spring-forward gap): dropped */
	long second_pass;    /* rows of the repeated autumn hour taken as its second pass */
};

/* Append to pts the rows of path (comma-separated; a header naming date_col
 * "YYYY-MM-DD", time_col "HH:MM" in zone's local time, and value_col), each at its UTC
 * instant and tagged with its line. A wall-clock time that does not exist (RTE's files
 * list 02:00-02:45 on the spring-forward day) is dropped; a time that occurs twice
 * (autumn) is the earlier instant the first time the file gives it and the later one
 * the second time. Empty and "ND" values are skipped. counts may be NULL. Returns 0,
 * or -1 with err filled ("path:line: ..."). */
int ci_load_local_points(const char *path, const struct et_zone *zone, const char *date_col,
			 const char *time_col, const char *value_col, struct ci_points *pts,
			 struct ci_local_counts *counts, struct et_error *err);

#endif
