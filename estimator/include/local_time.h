/* local_time.h - local days, hours and UTC offsets of a named time zone (Europe/Paris
 * for intensity days, any TZ zone for reports), from the system time-zone database. */
#ifndef ET_LOCAL_TIME_H
#define ET_LOCAL_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"

#define ET_ZONE_PARIS "Europe/Paris"

/* A time zone's UTC offsets from 1970 to 2100, read once from tzdata. Opaque; the
 * caller owns it (et_zone_close). Instants before 1970 take the 1970 offset. */
struct et_zone;

/* Open the zone called name (an IANA name such as "Europe/Paris" or "UTC"): its TZif
 * file in $TZDIR or /usr/share/zoneinfo (RFC 8536, version 2+) is read once, its
 * changes tabulated, and its footer rule (e.g. "CET-1CEST,M3.5.0,M10.5.0/3") extends
 * them to 2100. No global state: TZ and libc's zone are left alone. Returns 0 with
 * *out set, or -1 with err filled (bad name, no such zone: tzdata missing, a file or
 * rule not understood). */
int et_zone_open(const char *name, struct et_zone **out, struct et_error *err);
/* The same from a TZif image in memory (tests, fuzzing); name labels it. */
int et_zone_from_tzif(const unsigned char *buf, size_t len, const char *name, struct et_zone **out,
		      struct et_error *err);

/* Open the user's zone, for reports: $TZ (a zone name, with or without a leading ':'),
 * else the name /etc/localtime links to, else /etc/timezone, else "UTC". Returns as
 * et_zone_open. */
int et_zone_open_tz(struct et_zone **out, struct et_error *err);

void et_zone_close(struct et_zone *zone);
const char *et_zone_name(const struct et_zone *zone);

/* The UTC offset (local - UTC, seconds) at the instant utc_s. */
int et_zone_offset_s(const struct et_zone *zone, int64_t utc_s);

/* The local day (days since 1970-01-01) that contains the instant utc_s. */
int64_t et_zone_day(const struct et_zone *zone, int64_t utc_s);

/* The UTC instant (s) at which the local day starts (its first local instant). */
int64_t et_zone_day_start(const struct et_zone *zone, int64_t day);

/* Length of the local day in whole hours (Paris: 23 in spring, 25 in autumn, else 24). */
int et_zone_day_hours(const struct et_zone *zone, int64_t day);

/* The UTC instants whose local wall-clock time is local_s (seconds since 1970-01-01
 * 00:00 local): 0 in a spring-forward gap, 2 in an autumn overlap (earlier first),
 * else 1. Returns the count; utc[] gets them. */
int et_zone_from_local(const struct et_zone *zone, int64_t local_s, int64_t utc[2]);

#endif
