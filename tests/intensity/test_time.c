/* test_time.c - unit tests of civil_time and local_time: day numbers, ISO 8601
 * parsing, the Paris changeovers from tzdata, the 23 h / 25 h days, other zones. */
#include <stdlib.h>
#include <time.h>

#include "civil_time.h"
#include "harness.h"
#include "local_time.h"

static int64_t ts(const char *s)
{
	int64_t v = -1;

	CHECK(ci_parse_timestamp(s, &v) == 0);
	return v;
}

static int64_t day(const char *s)
{
	int64_t v = -1;

	CHECK(ci_parse_date(s, &v) == 0);
	return v;
}

static struct et_zone *zone(const char *name)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *z = NULL;

	if (et_zone_open(name, &z, &err) < 0)
		fprintf(stderr, "%s: %s\n", err.source, err.text);
	CHECK(z != NULL);
	return z;
}

/* 2025 in Paris (tzdata): summer time from Sunday 30 March 01:00Z to Sunday 26 October
 * 01:00Z. Local wall-clock times back to UTC across both changeovers. */
static void paris_2025(const struct et_zone *p)
{
	int64_t utc[2] = {0, 0};

	CHECK_INT_EQ(et_zone_offset_s(p, ts("2025-03-30T00:59:59Z")), 3600);
	CHECK_INT_EQ(et_zone_offset_s(p, ts("2025-03-30T01:00:00Z")), 7200);
	CHECK_INT_EQ(et_zone_offset_s(p, ts("2025-10-26T00:59:59Z")), 7200);
	CHECK_INT_EQ(et_zone_offset_s(p, ts("2025-10-26T01:00:00Z")), 3600);
	/* 2025-03-30 runs from 29T23:00Z to 30T22:00Z: 23 h; 2025-10-26 from 25T22:00Z
	 * to 26T23:00Z: 25 h. */
	CHECK_INT_EQ(et_zone_day_start(p, day("2025-03-30")), ts("2025-03-29T23:00:00Z"));
	CHECK_INT_EQ(et_zone_day_start(p, day("2025-03-31")), ts("2025-03-30T22:00:00Z"));
	CHECK_INT_EQ(et_zone_day_hours(p, day("2025-03-30")), 23);
	CHECK_INT_EQ(et_zone_day_start(p, day("2025-10-26")), ts("2025-10-25T22:00:00Z"));
	CHECK_INT_EQ(et_zone_day_start(p, day("2025-10-27")), ts("2025-10-26T23:00:00Z"));
	CHECK_INT_EQ(et_zone_day_hours(p, day("2025-10-26")), 25);
	CHECK_INT_EQ(et_zone_day_hours(p, day("2025-10-27")), 24);
	/* Spring: 01:45 local is 00:45Z, 02:00-02:59 do not exist, 03:00 local is 01:00Z. */
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-03-30") * 86400 + 6300, utc), 1);
	CHECK_INT_EQ(utc[0], ts("2025-03-30T00:45:00Z"));
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-03-30") * 86400 + 7200, utc), 0);
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-03-30") * 86400 + 9900, utc), 0);
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-03-30") * 86400 + 10800, utc), 1);
	CHECK_INT_EQ(utc[0], ts("2025-03-30T01:00:00Z"));
	/* Autumn: 02:30 local happens twice, 00:30Z (CEST) then 01:30Z (CET). */
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-10-26") * 86400 + 9000, utc), 2);
	CHECK_INT_EQ(utc[0], ts("2025-10-26T00:30:00Z"));
	CHECK_INT_EQ(utc[1], ts("2025-10-26T01:30:00Z"));
	CHECK_INT_EQ(et_zone_from_local(p, day("2025-10-26") * 86400 + 10800, utc), 1);
	CHECK_INT_EQ(utc[0], ts("2025-10-26T02:00:00Z"));
	/* Far ahead (tzdata's rule beyond its table): 2099-03-29 and 2099-10-25. */
	CHECK_INT_EQ(et_zone_day_hours(p, day("2099-03-29")), 23);
	CHECK_INT_EQ(et_zone_day_hours(p, day("2099-10-25")), 25);
}

/* Any zone by name: New York changes at 02:00 local on 2025-03-09 and 2025-11-02;
 * UTC has 24-hour days; bad and unknown names are errors. */
static void other_zones(void)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *ny, *utc, *z = NULL;

	setenv("TZ", "Asia/Tokyo", 1);
	ny = zone("America/New_York");
	utc = zone("UTC");

	if (ny) {
		CHECK_INT_EQ(et_zone_day_hours(ny, day("2025-03-09")), 23);
		CHECK_INT_EQ(et_zone_day_hours(ny, day("2025-11-02")), 25);
		/* 2025-07-01 00:00 EDT (-4 h) is 04:00Z. */
		CHECK_INT_EQ(et_zone_day_start(ny, day("2025-07-01")), ts("2025-07-01T04:00:00Z"));
		CHECK_STR_EQ(et_zone_name(ny), "America/New_York");
	}
	if (utc) {
		CHECK_INT_EQ(et_zone_day_hours(utc, day("2025-03-30")), 24);
		CHECK_INT_EQ(et_zone_day(utc, ts("2025-03-30T23:59:59Z")), day("2025-03-30"));
	}
	CHECK(et_zone_open("Mars/Olympus_Mons", &z, &err) < 0 && z == NULL);
	CHECK(strstr(err.text, "tzdata") != NULL);
	CHECK(et_zone_open("../etc/passwd", &z, &err) < 0);
	{   /* A file that is not TZif, and a cut one, under $TZDIR: refused, named. */
		char dir[] = "/tmp/et-test-tz-XXXXXX", path[300], cmd[1200];
		FILE *f;

		CHECK(mkdtemp(dir) != NULL);
		snprintf(path, sizeof(path), "%s/Bad", dir);
		if ((f = fopen(path, "w"))) {
			fputs("TZif2 but nothing after\n", f);
			fclose(f);
		}
		snprintf(cmd, sizeof(cmd), "head -c 1500 /usr/share/zoneinfo/Europe/Paris >'%s/Cut'", dir);
		CHECK(system(cmd) == 0);
		/* Paris's table with a footer rule whose hours overflow an int. */
		snprintf(cmd, sizeof(cmd), "f=/usr/share/zoneinfo/Europe/Paris; head -c $(($(wc -c <$f) - 28)) $f "
			 ">'%s/Weird' && printf '\\nABC-99999999999999999999DEF,M3.5.0,M10.5.0/3\\n' >>'%s/Weird'",
			 dir, dir);
		CHECK(system(cmd) == 0);
		setenv("TZDIR", dir, 1);
		CHECK(et_zone_open("Weird", &z, &err) < 0 && z == NULL);
		CHECK(strstr(err.text, "rule 'ABC-99999999999999999999DEF,M3.5.0,M10.5.0/3' not understood") != NULL);
		CHECK(et_zone_open("Bad", &z, &err) < 0 && z == NULL);
		CHECK(strstr(err.source, "/Bad") != NULL && strstr(err.text, "not a time-zone file") != NULL);
		/* Made-up TZif files (make_tzif.py), as the fuzzer found them: changes out of
		 * order, an offset of 2^31 - 1 s, a change in the year ~7e9 before a rule (it
		 * would loop over billions of years; ignored after 2100), a one-change zone with a rule. */
		snprintf(cmd, sizeof(cmd), "cd '%s' && m='python3 %s/make_tzif.py' && "
			 "$m Unordered '' 0,3600 2000000000:1,1000000000:0 && "
			 "$m Huge '' 0,2147483647 1000000000:1 && "
			 "$m Far EST5EDT,M3.2.0,M11.1.0 0,-18000 216456460442337793:1 && "
			 "$m Fine CET-1CEST,M3.5.0,M10.5.0/3 0,3600 100000000:1", dir, getenv("ET_TEST_FIXTURES"));
		CHECK(system(cmd) == 0);
		CHECK(et_zone_open("Unordered", &z, &err) < 0 && z == NULL);
		CHECK(et_zone_open("Huge", &z, &err) < 0 && z == NULL);
		CHECK(et_zone_open("Far", &z, &err) == 0);
		CHECK(z && et_zone_offset_s(z, ts("2050-07-01T00:00:00Z")) == 0);   /* type 0 until then */
		et_zone_close(z);
		z = NULL;
		/* Fine: UTC to 1973-03-03T09:46:40Z, then CET, then Paris's rule from 1973 on. */
		CHECK(et_zone_open("Fine", &z, &err) == 0);
		CHECK(z && et_zone_offset_s(z, 99999999) == 0 && et_zone_offset_s(z, 100000000) == 3600);
		CHECK(z && et_zone_day_hours(z, day("2025-03-30")) == 23 && et_zone_day_hours(z, day("2025-10-26")) == 25);
		et_zone_close(z);
		z = NULL;
		CHECK(et_zone_open("Cut", &z, &err) < 0 && z == NULL);
		unsetenv("TZDIR");
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
	CHECK(et_zone_open("", &z, &err) < 0);
	/* Opening a zone leaves TZ alone. */
	CHECK_STR_EQ(getenv("TZ"), "Asia/Tokyo");
	/* The user's zone for reports: $TZ, with or without libc's leading ':'. Tokyo has
	 * no summer time: 2025-03-09 00:00 JST is 2025-03-08T15:00Z. */
	CHECK(et_zone_open_tz(&z, &err) == 0);
	if (z) {
		CHECK_STR_EQ(et_zone_name(z), "Asia/Tokyo");
		CHECK_INT_EQ(et_zone_day_start(z, day("2025-03-09")), ts("2025-03-08T15:00:00Z"));
		et_zone_close(z);
		z = NULL;
	}
	setenv("TZ", ":America/New_York", 1);
	CHECK(et_zone_open_tz(&z, &err) == 0);
	CHECK(z && et_zone_day_hours(z, day("2025-11-02")) == 25);
	et_zone_close(z);
	z = NULL;
	setenv("TZ", "Asia/Tokyo", 1);
	et_zone_close(ny);
	et_zone_close(utc);
}

/* The table read from the TZif file agrees with libc's own reading of the same zone,
 * at 5,000 instants from 1970 to 2100 in each of a few kinds of zone (northern and
 * southern summer time, half and quarter hours, Morocco's Ramadan changes, none). */
static void agrees_with_libc(void)
{
	static const char *const zones[] = {"Europe/Paris", "America/New_York", "Australia/Sydney",
					    "Asia/Kolkata", "Pacific/Chatham", "Africa/Casablanca",
					    "America/Sao_Paulo", "Asia/Tokyo", "UTC"};

	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		struct et_zone *z = zone(zones[i]);
		int bad = 0;

		if (!z)
			continue;
		setenv("TZ", zones[i], 1);
		tzset();
		for (int k = 0; k < 5000; k++) {
			/* Spread over 1970..2100 and over the hours (step 0.95 of 9.5 days). */
			time_t t = (time_t)k * 819719 + 1800;
			struct tm tm;

			if (localtime_r(&t, &tm) && tm.tm_gmtoff != et_zone_offset_s(z, (int64_t)t) && bad++ < 3)
				fprintf(stderr, "%s at %lld: libc %ld, ours %d\n", zones[i], (long long)t,
					tm.tm_gmtoff, et_zone_offset_s(z, (int64_t)t));
		}
		CHECK_INT_EQ(bad, 0);
		et_zone_close(z);
	}
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	struct et_zone *paris = zone(ET_ZONE_PARIS);
	char buf[16];
	int64_t v;

	if (!paris)
		return TEST_SUMMARY();

	/* Day numbers: 2000-03-01 is 11017 days after 1970-01-01 (30 years x 365 + 7 leap
	 * days 1972..1996 = 10957 to 2000-01-01, + 31 + 29 = 11017). */
	CHECK_INT_EQ(ci_days_from_civil(1970, 1, 1), 0);
	CHECK_INT_EQ(ci_days_from_civil(2000, 3, 1), 11017);
	CHECK_STR_EQ(ci_format_date(11017, buf, sizeof(buf)), "2000-03-01");
	CHECK_STR_EQ(ci_format_date(-1, buf, sizeof(buf)), "1969-12-31");
	CHECK_INT_EQ(ci_weekday(day("2022-03-27")), 0);   /* a Sunday */
	CHECK(ci_parse_date("2023-02-29", &v) < 0);
	CHECK(ci_parse_date("2024-02-29", &v) == 0);
	CHECK(ci_parse_date("2024-2-29", &v) < 0);
	CHECK(ci_parse_date("2024-02-29x", &v) < 0);

	/* Timestamps: offsets are subtracted to get UTC. 2021-12-01T00:00+01:00 is
	 * 2021-11-30T23:00Z. */
	CHECK_INT_EQ(ts("2021-12-01T00:00:00+01:00"), ts("2021-11-30T23:00:00Z"));
	CHECK_INT_EQ(ts("2024-07-03T00:00:00+00:00"), day("2024-07-03") * 86400);
	CHECK_INT_EQ(ts("2024-07-03 02:30"), day("2024-07-03") * 86400 + 9000);
	CHECK_INT_EQ(ts("2024-07-03T02:30:00-0130"), day("2024-07-03") * 86400 + 9000 + 5400);
	CHECK(ci_parse_timestamp("2024-07-03T24:00:00Z", &v) < 0);
	CHECK(ci_parse_timestamp("2024-07-03T10:00:00+01:00junk", &v) < 0);
	CHECK(ci_parse_timestamp("2024-07-03", &v) < 0);

	/* Paris from tzdata: 2022 summer time from Sunday 27 March 01:00Z to Sunday 30 October 01:00Z. */
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2022-03-27T00:59:59Z")), 3600);
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2022-03-27T01:00:00Z")), 7200);
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2022-10-30T00:59:59Z")), 7200);
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2022-10-30T01:00:00Z")), 3600);
	/* 2023: 26 March and 29 October. */
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2023-03-26T01:00:00Z")), 7200);
	CHECK_INT_EQ(et_zone_offset_s(paris, ts("2023-10-29T01:00:00Z")), 3600);

	/* Paris days: 23:00Z in winter is already the next local day; 22:00Z in summer. */
	CHECK_INT_EQ(et_zone_day(paris, ts("2022-01-31T23:00:00Z")), day("2022-02-01"));
	CHECK_INT_EQ(et_zone_day(paris, ts("2022-01-31T22:59:59Z")), day("2022-01-31"));
	CHECK_INT_EQ(et_zone_day(paris, ts("2022-06-14T22:00:00Z")), day("2022-06-15"));
	CHECK_INT_EQ(et_zone_day_start(paris, day("2022-06-15")), ts("2022-06-14T22:00:00Z"));
	CHECK_INT_EQ(et_zone_day_start(paris, day("2022-01-01")), ts("2021-12-31T23:00:00Z"));
	/* The changeover days: 2022-03-27 runs from 26T23:00Z to 27T22:00Z = 23 h, and
	 * 2022-10-30 from 29T22:00Z to 30T23:00Z = 25 h. */
	CHECK_INT_EQ(et_zone_day_start(paris, day("2022-03-27")), ts("2022-03-26T23:00:00Z"));
	CHECK_INT_EQ(et_zone_day_start(paris, day("2022-03-28")), ts("2022-03-27T22:00:00Z"));
	CHECK_INT_EQ(et_zone_day_hours(paris, day("2022-03-27")), 23);
	CHECK_INT_EQ(et_zone_day_hours(paris, day("2022-10-30")), 25);
	CHECK_INT_EQ(et_zone_day_hours(paris, day("2022-10-31")), 24);
	/* Every instant of the 25 h day maps back to it, and none of the day after. */
	CHECK_INT_EQ(et_zone_day(paris, ts("2022-10-30T22:59:59Z")), day("2022-10-30"));
	CHECK_INT_EQ(et_zone_day(paris, ts("2022-10-30T23:00:00Z")), day("2022-10-31"));
	paris_2025(paris);
	et_zone_close(paris);
	other_zones();
	agrees_with_libc();
	return TEST_SUMMARY();
}
