/* civil_time.h - proleptic Gregorian calendar arithmetic (days since 1970-01-01) and
 * strict parsing of ISO 8601 dates and timestamps, independent of the machine's TZ. */
#ifndef ET_CIVIL_TIME_H
#define ET_CIVIL_TIME_H

#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 of the civil date y-m-d (m 1..12, d 1..31). */
int64_t ci_days_from_civil(int y, int m, int d);
/* The civil date of a day number. */
void ci_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 = Sunday .. 6 = Saturday. */
int ci_weekday(int64_t days);

/* Parse exactly "YYYY-MM-DD" into a day number. Returns 0, or -1 if s is not a valid
 * date (nothing is written then). */
int ci_parse_date(const char *s, int64_t *days);

/* Parse "YYYY-MM-DDTHH:MM[:SS]" followed by "Z", "+HH:MM", "-HH:MM" or nothing (then
 * UTC), a space also accepted for 'T'. Stores the UTC instant in seconds. Returns 0,
 * or -1 if s is not such a timestamp. */
int ci_parse_timestamp(const char *s, int64_t *utc_s);

/* Write the day as "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *ci_format_date(int64_t days, char *buf, size_t size);

/* Floor division of seconds into days (works for negative values). */
int64_t ci_floor_div(int64_t a, int64_t b);

#endif
