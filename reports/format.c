/* format.c - helpers shared by the writers: locale-proof numbers, ISO 8601 times,
 * the command line, the merged warning list (see report.h). */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

const char *et_report_num(char *buf, size_t n, char style, int prec, double v)
{
	if (!isfinite(v)) {
		if (n)
			buf[0] = '\0';
		return buf;
	}
	if (style == 'g') {
		snprintf(buf, n, "%.*g", prec, v);
	} else if (style == 's') {
		/* prec significant digits, never an exponent: 0.00004354, 0.04354, 12.35 */
		int mag = v != 0.0 ? (int)floor(log10(fabs(v))) : 0;
		int decimals = prec - 1 - mag;
		snprintf(buf, n, "%.*f", decimals < 0 ? 0 : decimals > 12 ? 12 : decimals, v);
	} else
		snprintf(buf, n, "%.*f", prec, v);
	/* etest never sets LC_NUMERIC, but a library might: force the '.' anyway. */
	const char *dp = localeconv()->decimal_point;
	if (dp && dp[0] && strcmp(dp, ".") != 0) {
		size_t dl = strlen(dp);
		char *p = strstr(buf, dp);
		if (p) {
			*p = '.';
			memmove(p + 1, p + dl, strlen(p + dl) + 1);
		}
	}
	return buf;
}

const char *et_report_energy(char *buf, size_t n, double wh)
{
	char num[32];

	if (isfinite(wh) && fabs(wh) >= 1000.0)
		snprintf(buf, n, "%s kWh", et_report_num(num, sizeof(num), 'f', 3, wh / 1000.0));
	else
		snprintf(buf, n, "%s Wh", et_report_num(num, sizeof(num), 's', 4, wh));
	return buf;
}

const char *et_report_energy_unit(double max_wh, double *div)
{
	*div = max_wh >= 1e6 ? 1e6 : max_wh >= 1000.0 ? 1000.0 : 1.0;
	return *div == 1e6 ? "MWh" : *div == 1000.0 ? "kWh" : "Wh";
}

const char *et_report_month_abbr(int month)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
					     "Oct", "Nov", "Dec"};

	return month >= 1 && month <= 12 ? months[month - 1] : "?";
}

void et_report_put_visible(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {   /* U+0080-U+009F */
			fprintf(out, "\\xc2\\x%02x", p[1]);
			p++;
		} else
			fputc(*p, out);
	}
}

char *et_report_utf8(const char *s)
{
	size_t len = strlen(s), used = 0;
	char *out = malloc(3 * len + 1);   /* each bad byte becomes 3 bytes */

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t n = 0;
		/* the length of a well-formed sequence at p (RFC 3629), 0 if none */
		if (p[0] < 0x80)
			n = 1;
		else if (p[0] >= 0xc2 && p[0] <= 0xdf && (p[1] & 0xc0) == 0x80)
			n = 2;
		else if (p[0] >= 0xe0 && p[0] <= 0xef && (p[1] & 0xc0) == 0x80 &&
			 (p[2] & 0xc0) == 0x80 && !(p[0] == 0xe0 && p[1] < 0xa0) &&
			 !(p[0] == 0xed && p[1] > 0x9f))
			n = 3;
		else if (p[0] >= 0xf0 && p[0] <= 0xf4 && (p[1] & 0xc0) == 0x80 &&
			 (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 &&
			 !(p[0] == 0xf0 && p[1] < 0x90) && !(p[0] == 0xf4 && p[1] > 0x8f))
			n = 4;
		if (n) {
			memcpy(out + used, p, n);
			used += n;
			i += n;
		} else {
			memcpy(out + used, "\xef\xbf\xbd", 3);   /* U+FFFD */
			used += 3;
			i++;
		}
	}
	out[used] = '\0';
	return out;
}

const char *et_report_iso_utc(char *buf, size_t n, int64_t utc_ms)
{
	int64_t ms = utc_ms % 1000;
	time_t s = (time_t)(utc_ms / 1000);
	struct tm tm;

	if (ms < 0) {
		ms += 1000;
		s--;
	}
	if (!gmtime_r(&s, &tm)) {
		snprintf(buf, n, "?");
		return buf;
	}
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)ms);
	return buf;
}

const char *et_report_command(const struct et_run *run, char *buf, size_t n)
{
	json_t *cmd = run->header ? json_object_get(run->header, "command") : NULL;
	size_t i, used = 0;
	json_t *arg;

	if (n)
		buf[0] = '\0';
	if (!json_is_array(cmd))
		return buf;
	json_array_foreach(cmd, i, arg) {
		const char *s = json_string_value(arg);
		if (!s || used >= n)
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", i ? " " : "", s);
		if (w > 0)
			used += (size_t)w;
	}
	return buf;
}

const char **et_report_warnings(const struct et_report_run *r, size_t *n)
{
	size_t cap = r->run->n_warnings;
	const char **list;

	*n = 0;
	for (size_t m = 0; m < r->n_results; m++)
		cap += r->results[m].ci.n_warnings;
	if (cap == 0 || !(list = malloc(cap * sizeof(*list))))
		return NULL;
	for (size_t i = 0; i < r->run->n_warnings; i++)
		list[(*n)++] = r->run->warnings[i];
	for (size_t m = 0; m < r->n_results; m++) {
		for (size_t i = 0; i < r->results[m].ci.n_warnings; i++) {
			const char *w = r->results[m].ci.warnings[i];
			int seen = 0;
			for (size_t k = 0; k < *n && !seen; k++)
				seen = strcmp(list[k], w) == 0;
			if (!seen)
				list[(*n)++] = w;
		}
	}
	return list;
}
