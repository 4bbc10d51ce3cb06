/* local_time.c - a time zone's offsets read once from its tzdata file (TZif, with its
 * footer rule for later years; see local_time.h); days and conversions from that table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil_time.h"
#include "et_grow.h"
#include "local_time.h"

#define TABLE_FROM_S ((int64_t)0)             /* 1970-01-01T00:00Z */
#define TABLE_TO_S   ((int64_t)4133980800)    /* 2101-01-01T00:00Z: rules are applied to 2100 */
#define MAX_OFFSET_S (26 * 3600)              /* a zone's offset from UTC, at most */

struct zone_change {
	int64_t utc_s;        /* first instant of the new offset */
	int offset_s;
};

struct et_zone {
	char name[128];
	int first_offset_s;             /* offset before the first change (and at 1970) */
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

static int add_change(struct et_zone *z, int64_t utc_s, int offset_s)
{
	if (z->n > 0 && z->changes[z->n - 1].offset_s == offset_s)
		return 0;   /* a change of name or DST flag only */
	if (z->n == 0 && offset_s == z->first_offset_s && utc_s <= TABLE_FROM_S)
		return 0;
	struct zone_change *nc = et_grow(z->changes, &z->cap, z->n + 1, sizeof(*nc));

	if (!nc)
		return -1;
	z->changes = nc;
	z->changes[z->n++] = (struct zone_change){utc_s, offset_s};
	return 0;
}

/* Big-endian integers of a TZif file. */
static int64_t be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return bytes == 4 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
}

/* The POSIX TZ rule of a TZif footer ("CET-1CEST,M3.5.0,M10.5.0/3"): standard and
 * summer offsets (local - UTC) and the Mm.w.d[/time] dates of the changes. */
struct tz_rule {
	int std_offset_s, dst_offset_s;
	int has_dst;
	int month[2], week[2], wday[2], time_s[2];   /* [0] summer starts, [1] it ends */
};

static const char *skip_name(const char *p)
{
	if (*p == '<') {
		const char *q = strchr(p, '>');
		return q ? q + 1 : NULL;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p;
}

/* [+-]hh[:mm[:ss]] into seconds. Returns the end, or NULL. */
static const char *parse_hms(const char *p, int *secs)
{
	int sign = 1, h = 0, m = 0, sec = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9' && h <= 167)
		h = h * 10 + (*p++ - '0');
	if (*p == ':') {
		if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
			return NULL;
		m = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == ':') {
			if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
				return NULL;
			sec = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
		}
	}
	if (h > 167 || m > 59 || sec > 59)
		return NULL;
	*secs = sign * (h * 3600 + m * 60 + sec);
	return p;
}

/* ",Mm.w.d[/time]" into rule slot i. Returns the end, or NULL (other forms: Jn, n). */
static const char *parse_date_rule(const char *p, struct tz_rule *r, int i)
{
	char *end;

	if (p[0] != ',' || p[1] != 'M')
		return NULL;
	r->month[i] = (int)strtol(p + 2, &end, 10);
	if (*end != '.')
		return NULL;
	r->week[i] = (int)strtol(end + 1, &end, 10);
	if (*end != '.')
		return NULL;
	r->wday[i] = (int)strtol(end + 1, &end, 10);
	if (r->month[i] < 1 || r->month[i] > 12 || r->week[i] < 1 || r->week[i] > 5 || r->wday[i] < 0 ||
	    r->wday[i] > 6)
		return NULL;
	r->time_s[i] = 7200;
	if (*end == '/')
		return parse_hms(end + 1, &r->time_s[i]);
	return end;
}

/* Returns 0, or -1 for a rule this reader does not know. */
static int parse_rule(const char *s, struct tz_rule *r)
{
	const char *p = skip_name(s);
	int std;

	memset(r, 0, sizeof(*r));
	if (!p || p == s || !(p = parse_hms(p, &std)))
		return -1;
	if (std < -MAX_OFFSET_S || std > MAX_OFFSET_S)
		return -1;
	r->std_offset_s = r->dst_offset_s = -std;   /* POSIX counts west positive */
	if (*p == '\0')
		return 0;
	s = p;
	if (!(p = skip_name(p)) || p == s)
		return -1;
	r->has_dst = 1;
	r->dst_offset_s = r->std_offset_s + 3600;
	if (*p != ',' && *p != '\0') {
		int dst;

		if (!(p = parse_hms(p, &dst)) || dst < -MAX_OFFSET_S || dst > MAX_OFFSET_S)
			return -1;
		r->dst_offset_s = -dst;
	}
	if (!(p = parse_date_rule(p, r, 0)) || !(p = parse_date_rule(p, r, 1)))
		return -1;
	return *p == '\0' ? 0 : -1;
}

/* The day of month m of year y that is the w-th (5 = last) weekday d. */
static int64_t rule_day(int y, int m, int w, int d)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int64_t first = ci_days_from_civil(y, m, 1);
	int64_t day = first + (d - ci_weekday(first) + 7) % 7 + (int64_t)(w - 1) * 7;
	int mlen = len[m - 1] + (m == 2 && leap);

	while (day >= first + mlen)
		day -= 7;
	return day;
}

/* Append the rule's changes of the years after the table's last change, to 2100. */
static int extend_by_rule(struct et_zone *z, const struct tz_rule *r)
{
	int64_t last = z->n ? z->changes[z->n - 1].utc_s : TABLE_FROM_S;
	int y0, m0, d0;

	if (!r->has_dst)
		return add_change(z, last, r->std_offset_s);
	if (last >= TABLE_TO_S)
		return 0;
	ci_civil_from_days(ci_floor_div(last, 86400), &y0, &m0, &d0);
	for (int y = y0; y < 2101; y++) {
		/* Start in standard time, end in summer time (local wall clock). */
		int64_t start = rule_day(y, r->month[0], r->week[0], r->wday[0]) * 86400 + r->time_s[0] -
				r->std_offset_s;
		int64_t end = rule_day(y, r->month[1], r->week[1], r->wday[1]) * 86400 + r->time_s[1] -
			      r->dst_offset_s;
		int64_t first = start < end ? start : end, second = start < end ? end : start;

		if (first > last && add_change(z, first, start < end ? r->dst_offset_s : r->std_offset_s) < 0)
			return -1;
		if (second > last && add_change(z, second, start < end ? r->std_offset_s : r->dst_offset_s) < 0)
			return -1;
	}
	return 0;
}

/* Parse a TZif image (RFC 8536, version 2 or later: 64-bit times and a footer rule)
 * into z; what names it in errors. Returns 0, or -1 with err filled. */
static int parse_tzif(const unsigned char *buf, size_t len, const char *what, struct et_zone *z,
		      struct et_error *err)
{
	const unsigned char *p = buf, *end = buf + len;
	struct tz_rule rule;
	int64_t isut, isstd, leap, timecnt, typecnt, charcnt;
	char footer[128];
	size_t n;

	if (len < 44 || memcmp(p, "TZif", 4) != 0 || p[4] < '2')
		goto bad;
	/* Skip the 32-bit block to the 64-bit one. */
	isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4);
	timecnt = be(p + 32, 4), typecnt = be(p + 36, 4), charcnt = be(p + 40, 4);
	if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt < 1 || charcnt < 0 ||
	    timecnt > 100000 || typecnt > 256 || charcnt > 100000 || leap > 100000 || isstd > 256 || isut > 256)
		goto bad;
	if ((int64_t)len - 44 < timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut + 44)
		goto bad;
	p += 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
	if (memcmp(p, "TZif", 4) != 0)
		goto bad;
	isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4);
	timecnt = be(p + 32, 4), typecnt = be(p + 36, 4), charcnt = be(p + 40, 4);
	if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt < 1 || charcnt < 0 ||
	    timecnt > 100000 || typecnt > 256 || charcnt > 100000 || leap > 100000 || isstd > 256 || isut > 256)
		goto bad;
	p += 44;
	if (end - p < timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut + 2)
		goto bad;
	{
		const unsigned char *times = p, *idx = p + timecnt * 8, *types = idx + timecnt;

		for (int64_t i = 0; i < typecnt; i++)   /* RFC 8536: within -25 h .. +26 h */
			if (be(types + i * 6, 4) < -MAX_OFFSET_S || be(types + i * 6, 4) > MAX_OFFSET_S)
				goto bad;
		z->first_offset_s = (int)be(types, 4);   /* type 0 is the time before any change */
		for (int64_t i = 0; i < timecnt; i++) {
			int64_t t = be(times + i * 8, 8);

			if (idx[i] >= typecnt || (i > 0 && t <= be(times + (i - 1) * 8, 8)))
				goto bad;   /* RFC 8536: times in ascending order */
			if (t <= TABLE_FROM_S)
				z->first_offset_s = (int)be(types + idx[i] * 6, 4);
			else if (add_change(z, t, (int)be(types + idx[i] * 6, 4)) < 0)
				goto oom;
		}
		p = types + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
	}
	/* The footer "\nRULE\n" gives the times after the table. */
	if (p >= end || *p != '\n')
		goto bad;
	n = 0;
	for (p++; p < end && *p != '\n' && n + 1 < sizeof(footer); p++)
		footer[n++] = (char)*p;
	footer[n] = '\0';
	if (p >= end || *p != '\n')
		goto bad;
	if (n > 0) {
		if (parse_rule(footer, &rule) < 0)
			return et_error_set(err, what, 0, "time-zone rule '%s' not understood", footer);
		if (extend_by_rule(z, &rule) < 0)
			goto oom;
	}
	return 0;
bad:
	return et_error_set(err, what, 0, "not a time-zone file (TZif version 2 or later)");
oom:
	return et_error_set(err, what, 0, "out of memory");
}

/* Read the TZif file at path into z. Returns 0, or -1 with err filled. */
static int read_tzif(const char *path, struct et_zone *z, struct et_error *err)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f = fopen(path, "rb");
	int rc = -1;

	if (!f)
		return et_error_set(err, path, 0, "cannot open: %s", strerror(errno));
	do {   /* zone files are a few KB; 1 MiB is far beyond any */
		if (len == cap) {
			unsigned char *nb = cap < (1u << 20) ? realloc(buf, cap ? cap * 2 : 8192) : NULL;

			if (!nb) {
				et_error_set(err, path, 0, "not a time-zone file (too large, or out of memory)");
				goto out;
			}
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	rc = parse_tzif(buf, len, path, z, err);
out:
	free(buf);
	fclose(f);
	return rc;
}

int et_zone_from_tzif(const unsigned char *buf, size_t len, const char *name, struct et_zone **out,
		      struct et_error *err)
{
	struct et_zone *z;

	*out = NULL;
	if (!(z = calloc(1, sizeof(*z))))
		return et_error_set(err, "", 0, "out of memory");
	snprintf(z->name, sizeof(z->name), "%s", name);
	if (parse_tzif(buf, len, name, z, err) < 0) {
		et_zone_close(z);
		return -1;
	}
	*out = z;
	return 0;
}

int et_zone_open(const char *name, struct et_zone **out, struct et_error *err)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	struct et_zone *z;

	*out = NULL;
	if (!name || !plausible_name(name))
		return et_error_set(err, "", 0, "bad time zone name '%s'", name ? name : "");
	snprintf(path, sizeof(path), "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", name);
	if (access(path, R_OK) < 0)
		return et_error_set(err, path, 0, "no time zone '%s' in the time-zone database "
				    "(is tzdata installed?)", name);
	if (!(z = calloc(1, sizeof(*z))))
		return et_error_set(err, "", 0, "out of memory");
	snprintf(z->name, sizeof(z->name), "%s", name);
	if (read_tzif(path, z, err) < 0) {
		et_zone_close(z);
		return -1;
	}
	*out = z;
	return 0;
}

int et_zone_open_tz(struct et_zone **out, struct et_error *err)
{
	const char *tz = getenv("TZ");
	char link[4096], name[128] = "UTC", *at;
	ssize_t n;
	FILE *f;

	if (tz && tz[0])
		return et_zone_open(tz[0] == ':' ? tz + 1 : tz, out, err);
	n = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if ((at = strstr(link, "zoneinfo/")))
			snprintf(name, sizeof(name), "%s", at + strlen("zoneinfo/"));
	} else if ((f = fopen("/etc/timezone", "r"))) {
		if (fgets(name, sizeof(name), f))
			name[strcspn(name, " \t\r\n")] = '\0';
		fclose(f);
		if (!name[0])
			snprintf(name, sizeof(name), "UTC");
	}
	return et_zone_open(name, out, err);
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

/* Add u to the (up to 2, ascending) instants in utc[0..*n) unless it is there; of
 * more than two, the two earliest stay. */
static void add_candidate(int64_t utc[2], int *n, int64_t u)
{
	for (int i = 0; i < *n; i++)
		if (utc[i] == u)
			return;
	if (*n < 2)
		utc[(*n)++] = u;
	else if (u < utc[1])
		utc[1] = u;
	else
		return;
	if (*n == 2 && utc[0] > utc[1]) {
		int64_t t = utc[0];

		utc[0] = utc[1];
		utc[1] = t;
	}
}

int et_zone_from_local(const struct et_zone *zone, int64_t local_s, int64_t utc[2])
{
	int64_t from = local_s - 2 * 86400, to = local_s + 2 * 86400;   /* offsets stay within 26 h */
	size_t lo = 0, hi = zone->n;
	int n = 0, off = et_zone_offset_s(zone, from);

	/* Every offset in force within two days of the wall-clock time is a candidate. */
	if (et_zone_offset_s(zone, local_s - off) == off)
		add_candidate(utc, &n, local_s - off);
	while (lo < hi) {   /* the first change after from */
		size_t mid = lo + (hi - lo) / 2;

		if (zone->changes[mid].utc_s <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < zone->n && zone->changes[i].utc_s < to; i++) {
		off = zone->changes[i].offset_s;
		if (et_zone_offset_s(zone, local_s - off) == off)
			add_candidate(utc, &n, local_s - off);
	}
	return n;
}
