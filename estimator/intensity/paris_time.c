/* paris_time.c - Europe/Paris local time from UTC (see paris_time.h): the offset is
 * +1 h in winter and +2 h between the EU changeovers, always whole hours. */
#include "civil_time.h"
#include "paris_time.h"

/* UTC instant (s) of 01:00 UTC on the last Sunday of month m (March or October) of y. */
static int64_t last_sunday_0100_utc(int y, int m)
{
	int64_t last = ci_days_from_civil(y, m, 31);   /* March and October have 31 days */

	last -= ci_weekday(last);                      /* back to Sunday */
	return last * 86400 + 3600;
}

int ci_paris_offset_s(int64_t utc_s)
{
	int y, m, d;

	ci_civil_from_days(ci_floor_div(utc_s, 86400), &y, &m, &d);
	if (utc_s >= last_sunday_0100_utc(y, 3) && utc_s < last_sunday_0100_utc(y, 10))
		return 7200;
	return 3600;
}

int64_t ci_paris_day(int64_t utc_s)
{
	return ci_floor_div(utc_s + ci_paris_offset_s(utc_s), 86400);
}

int64_t ci_paris_day_start(int64_t day)
{
	/* Local midnight is day*86400 - offset, i.e. 22:00 or 23:00 UTC the day before;
	 * changeovers happen at 01:00 UTC, so the offset at 22:00 UTC is the right one. */
	return day * 86400 - ci_paris_offset_s(day * 86400 - 7200);
}

int ci_paris_day_hours(int64_t day)
{
	return (int)((ci_paris_day_start(day + 1) - ci_paris_day_start(day)) / 3600);
}
