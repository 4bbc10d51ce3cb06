/* civil_time.c - calendar arithmetic and ISO 8601 parsing (see civil_time.h).
 * The day-number conversions follow the well-known "days from civil" algorithm. */
#include <stdio.h>
#include <string.h>

#include "civil_time.h"

int64_t ci_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t ci_days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = ci_floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;   /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

void ci_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = ci_floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int ci_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((days % 7) + 7 + 4) % 7);
}

/* Read exactly n decimal digits from s. Returns the value, or -1. */
static int read_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

/* Parse the "YYYY-MM-DD" prefix of s. Returns 0 or -1. */
static int parse_date_prefix(const char *s, int64_t *days)
{
	int y, m, d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = read_digits(s, 4);
	m = read_digits(s + 5, 2);
	d = read_digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*days = ci_days_from_civil(y, m, d);
	return 0;
}

int ci_parse_date(const char *s, int64_t *days)
{
	if (strlen(s) != 10)
		return -1;
	return parse_date_prefix(s, days);
}

int ci_parse_timestamp(const char *s, int64_t *utc_s)
{
	int64_t days, offset_s = 0;
	int hh, mi, ss = 0;
	const char *p;

	if (parse_date_prefix(s, &days) < 0 || (s[10] != 'T' && s[10] != ' '))
		return -1;
	p = s + 11;
	hh = read_digits(p, 2);
	if (hh < 0 || p[2] != ':' || (mi = read_digits(p + 3, 2)) < 0)
		return -1;
	p += 5;
	if (*p == ':') {
		if ((ss = read_digits(p + 1, 2)) < 0)
			return -1;
		p += 3;
		if (*p == '.') {          /* fractional seconds: accepted, ignored */
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (hh > 23 || mi > 59 || ss > 60)
		return -1;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		int oh = read_digits(p + 1, 2), om;

		if (oh < 0 || oh > 18)
			return -1;
		if (p[3] == ':') {
			om = read_digits(p + 4, 2);
			p += 6;
		} else {
			om = read_digits(p + 3, 2);
			p += 5;
		}
		if (om < 0 || om > 59)
			return -1;
		offset_s = sign * (int64_t)(oh * 3600 + om * 60);
	}
	if (*p != '\0')
		return -1;
	*utc_s = days * 86400 + hh * 3600 + mi * 60 + ss - offset_s;
	return 0;
}

char *ci_format_date(int64_t days, char *buf, size_t size)
{
	int y, m, d;

	ci_civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}
