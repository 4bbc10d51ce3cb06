/* local_time.c - a time zone's offsets tabulated once from libc's tzdata reader (see
 * local_time.h); days, day starts and local-to-UTC conversions from that table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil_time.h"
#include "local_time.h"

#define TABLE_FROM_S ((int64_t)0)             /* 1970-01-01T00:00Z */
#define TABLE_TO_S   ((int64_t)4102444800)    /* 2100-01-01T00:00Z */
#define SCAN_STEP_S  ((int64_t)86400)         /* zones change at most once a day */

struct zone_change {
	int64_t utc_s;        /* first instant of the new offset */
	int offset_s;
};

struct et_zone {
	char name[128];
	int first_offset_s;             /* offset at TABLE_FROM_S */
	struct zone_change *changes;    /* in time order */
	size_t n, cap;
};

/* A name made of the characters of IANA zone names, without "..". */
static int plausible_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= sizeof(((struct et_zone *)0)->name) || name[0] == '/' || strstr(name, ".."))
		return 0;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") == len;
}

/* The zone's file exists and is a TZif file (libc would silently use UTC otherwise). */
static int zone_file_ok(const char *name, char *path, size_t size)
{
	const char *dir = getenv("TZDIR");
	char magic[4];
	FILE *f;
	int ok;

	snprintf(path, size, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", name);
	if (!(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

static int offset_at_libc(int64_t utc_s)
{
	time_t t = (time_t)utc_s;
	struct tm tm;

	return localtime_r(&t, &tm) ? (int)tm.tm_gmtoff : 0;
}

static int add_change(struct et_zone *z, int64_t utc_s, int offset_s)
{
	if (z->n == z->cap) {
		size_t ncap = z->cap ? z->cap * 2 : 512;
		struct zone_change *nc = realloc(z->changes, ncap * sizeof(*nc));

		if (!nc)
			return -1;
		z->changes = nc;
		z->cap = ncap;
	}
	z->changes[z->n++] = (struct zone_change){utc_s, offset_s};
	return 0;
}

/* Tabulate the offsets with TZ set to the zone: a day-step scan, then a binary search
 * for the first second of each new offset. Returns 0 or -1 (out of memory). */
static int scan_offsets(struct et_zone *z)
{
	int prev = offset_at_libc(TABLE_FROM_S);

	z->first_offset_s = prev;
	for (int64_t t = TABLE_FROM_S; t < TABLE_TO_S; t += SCAN_STEP_S) {
		int64_t lo = t, hi = t + SCAN_STEP_S;   /* offset(lo) == prev */
		int next = offset_at_libc(hi);

		if (next == prev)
			continue;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;

			if (offset_at_libc(mid) == prev)
				lo = mid;
			else
				hi = mid;
		}
		if (add_change(z, hi, next) < 0)
			return -1;
		prev = next;
	}
	return 0;
}

int et_zone_open(const char *name, struct et_zone **out, struct et_error *err)
{
	char path[4096], tz[160], *saved = NULL;
	const char *old;
	struct et_zone *z;
	int rc;

	*out = NULL;
	if (!name || !plausible_name(name))
		return et_error_set(err, "", 0, "bad time zone name '%s'", name ? name : "");
	if (!zone_file_ok(name, path, sizeof(path)))
		return et_error_set(err, path, 0, "no time zone '%s' in the time-zone database "
				    "(is tzdata installed?)", name);
	if (!(z = calloc(1, sizeof(*z))))
		return et_error_set(err, "", 0, "out of memory");
	snprintf(z->name, sizeof(z->name), "%s", name);
	old = getenv("TZ");
	if (old && !(saved = strdup(old))) {
		free(z);
		return et_error_set(err, "", 0, "out of memory");
	}
	snprintf(tz, sizeof(tz), ":%s", name);   /* ':' makes libc read the file */
	rc = setenv("TZ", tz, 1);
	if (rc == 0) {
		tzset();
		rc = scan_offsets(z);
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	if (rc < 0) {
		et_zone_close(z);
		return et_error_set(err, "", 0, "out of memory");
	}
	*out = z;
	return 0;
}

void et_zone_close(struct et_zone *zone)
{
	if (!zone)
		return;
	free(zone->changes);
	free(zone);
}

const char *et_zone_name(const struct et_zone *zone)
{
	return zone->name;
}

int et_zone_offset_s(const struct et_zone *zone, int64_t utc_s)
{
	size_t lo = 0, hi = zone->n;

	while (lo < hi) {   /* the number of changes at or before utc_s */
		size_t mid = lo + (hi - lo) / 2;

		if (zone->changes[mid].utc_s <= utc_s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? zone->changes[lo - 1].offset_s : zone->first_offset_s;
}

int64_t et_zone_day(const struct et_zone *zone, int64_t utc_s)
{
	return ci_floor_div(utc_s + et_zone_offset_s(zone, utc_s), 86400);
}

int64_t et_zone_day_start(const struct et_zone *zone, int64_t day)
{
	/* Offsets stay within +-26 h, so the start lies within 26 h of the day's midnight
	 * read as UTC; the first instant whose local day is day, by bisection. */
	int64_t lo = day * 86400 - 26 * 3600, hi = day * 86400 + 26 * 3600;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (et_zone_day(zone, mid) >= day)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int et_zone_day_hours(const struct et_zone *zone, int64_t day)
{
	int64_t len = et_zone_day_start(zone, day + 1) - et_zone_day_start(zone, day);

	return (int)((len + 1800) / 3600);
}

int et_zone_from_local(const struct et_zone *zone, int64_t local_s, int64_t utc[2])
{
	int offsets[8], n_off = 0, n = 0;

	/* Every offset in force within two days of the wall-clock time is a candidate. */
	offsets[n_off++] = et_zone_offset_s(zone, local_s - 2 * 86400);
	for (size_t i = 0; i < zone->n && n_off < 8; i++)
		if (zone->changes[i].utc_s > local_s - 2 * 86400 && zone->changes[i].utc_s < local_s + 2 * 86400)
			offsets[n_off++] = zone->changes[i].offset_s;
	for (int i = 0; i < n_off && n < 2; i++) {
		int64_t u = local_s - offsets[i];

		if (et_zone_offset_s(zone, u) != offsets[i] || (n == 1 && utc[0] == u))
			continue;
		if (n == 1 && u < utc[0]) {
			utc[1] = utc[0];
			utc[0] = u;
		} else {
			utc[n] = u;
		}
		n++;
	}
	return n;
}
