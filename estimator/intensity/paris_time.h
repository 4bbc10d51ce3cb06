/* paris_time.h - Europe/Paris local days and hours from UTC instants, with the EU
 * summer-time rule built in (no dependence on the machine's time zone database). */
#ifndef ET_PARIS_TIME_H
#define ET_PARIS_TIME_H

#include <stdint.h>

/* UTC offset of Paris at the instant utc_s: 3600 (CET) or 7200 (CEST). Summer time
 * runs from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC
 * (EU rule, in force since 1996; applied to every year here). */
int ci_paris_offset_s(int64_t utc_s);

/* The Paris local day (days since 1970-01-01) that contains the instant utc_s. */
int64_t ci_paris_day(int64_t utc_s);

/* The UTC instant (s) at which the Paris local day starts (local 00:00). */
int64_t ci_paris_day_start(int64_t day);

/* Length of the Paris local day in hours: 23 (spring), 25 (autumn) or 24. */
int ci_paris_day_hours(int64_t day);

#endif
