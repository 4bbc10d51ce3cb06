/* test_time.c - unit tests of civil_time and paris_time: day numbers, ISO 8601
 * parsing, the EU summer-time changeovers and the 23 h / 25 h Paris days. */
#include "civil_time.h"
#include "harness.h"
#include "paris_time.h"

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

int main(void)
{
	char buf[16];
	int64_t v;

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

	/* EU rule: 2022 summer time from Sunday 27 March 01:00Z to Sunday 30 October 01:00Z. */
	CHECK_INT_EQ(ci_paris_offset_s(ts("2022-03-27T00:59:59Z")), 3600);
	CHECK_INT_EQ(ci_paris_offset_s(ts("2022-03-27T01:00:00Z")), 7200);
	CHECK_INT_EQ(ci_paris_offset_s(ts("2022-10-30T00:59:59Z")), 7200);
	CHECK_INT_EQ(ci_paris_offset_s(ts("2022-10-30T01:00:00Z")), 3600);
	/* 2023: 26 March and 29 October. */
	CHECK_INT_EQ(ci_paris_offset_s(ts("2023-03-26T01:00:00Z")), 7200);
	CHECK_INT_EQ(ci_paris_offset_s(ts("2023-10-29T01:00:00Z")), 3600);

	/* Paris days: 23:00Z in winter is already the next local day; 22:00Z in summer. */
	CHECK_INT_EQ(ci_paris_day(ts("2022-01-31T23:00:00Z")), day("2022-02-01"));
	CHECK_INT_EQ(ci_paris_day(ts("2022-01-31T22:59:59Z")), day("2022-01-31"));
	CHECK_INT_EQ(ci_paris_day(ts("2022-06-14T22:00:00Z")), day("2022-06-15"));
	CHECK_INT_EQ(ci_paris_day_start(day("2022-06-15")), ts("2022-06-14T22:00:00Z"));
	CHECK_INT_EQ(ci_paris_day_start(day("2022-01-01")), ts("2021-12-31T23:00:00Z"));
	/* The changeover days: 2022-03-27 runs from 26T23:00Z to 27T22:00Z = 23 h, and
	 * 2022-10-30 from 29T22:00Z to 30T23:00Z = 25 h. */
	CHECK_INT_EQ(ci_paris_day_start(day("2022-03-27")), ts("2022-03-26T23:00:00Z"));
	CHECK_INT_EQ(ci_paris_day_start(day("2022-03-28")), ts("2022-03-27T22:00:00Z"));
	CHECK_INT_EQ(ci_paris_day_hours(day("2022-03-27")), 23);
	CHECK_INT_EQ(ci_paris_day_hours(day("2022-10-30")), 25);
	CHECK_INT_EQ(ci_paris_day_hours(day("2022-10-31")), 24);
	/* Every instant of the 25 h day maps back to it, and none of the day after. */
	CHECK_INT_EQ(ci_paris_day(ts("2022-10-30T22:59:59Z")), day("2022-10-30"));
	CHECK_INT_EQ(ci_paris_day(ts("2022-10-30T23:00:00Z")), day("2022-10-31"));
	return TEST_SUMMARY();
}
