/* user_file.h - `--intensity FILE`: a user CSV of `timestamp_or_date,g_per_kwh` rows
 * (a date is a whole Paris local day, a timestamp a value from that instant on). */
#ifndef ET_USER_FILE_H
#define ET_USER_FILE_H

#include "ci_series.h"
#include "et_error.h"

/* Read path into points (timestamp rows) and daily (date rows), both finished, in any
 * row order. A first row whose second field is not a number is a header; an instant or
 * a day given twice is an error. Returns 0, or -1 with err filled
 * ("path:line: ..."); on error points and daily are released. */
int ci_user_file_load(const char *path, struct ci_points *points, struct ci_daily *daily,
		      struct et_error *err);

#endif
