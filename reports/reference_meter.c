/* reference_meter.c - reading a wattmeter CSV and integrating it over a run's window
 * (see reference_meter.h): trapezoids, gaps left out, idle power taken off. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil_time.h"
#include "csv_rows.h"
#include "et_units.h"
#include "reference_meter.h"

/* Parse the whole of s (spaces around allowed) as a finite number with '.' as the
 * decimal point, whatever the process locale. Returns 0, or -1. */
static int parse_number(const char *s, locale_t c_locale, double *out)
{
	char *end;
	double v;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod_l(s, &end, c_locale);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* ISO 8601 with an offset: ci_parse_timestamp reads all but the fraction of a second,
 * which is read here; a timestamp without "Z" or "+HH:MM" is refused (whose local time
 * would it be?). */
static int parse_iso(const char *s, locale_t c_locale, double *out)
{
	char whole[64], frac[32] = "0";
	const char *dot, *after, *tail;
	int64_t utc;
	size_t n, len = strlen(s);
	double f;

	if (len < 17 || len >= sizeof(whole))
		return -1;
	tail = s + 16;          /* past "YYYY-MM-DDTHH:MM" */
	if (!(s[len - 1] == 'Z' || strchr(tail, '+') || strchr(tail, '-')))
		return -1;
	dot = strchr(tail, '.');
	if (!dot) {
		if (ci_parse_timestamp(s, &utc) < 0)
			return -1;
		*out = (double)utc;
		return 0;
	}
	after = dot + 1;
	n = strspn(after, "0123456789");
	if (n == 0 || n > sizeof(frac) - 3)
		return -1;
	snprintf(frac, sizeof(frac), "0.%.*s", (int)n, after);
	snprintf(whole, sizeof(whole), "%.*s%s", (int)(dot - s), s, after + n);
	if (ci_parse_timestamp(whole, &utc) < 0 || parse_number(frac, c_locale, &f) < 0)
		return -1;
	*out = (double)utc + f;
	return 0;
}

static int parse_timestamp_l(const char *s, locale_t c_locale, double *out)
{
	while (*s == ' ')
		s++;
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-')
		return parse_iso(s, c_locale, out);
	return parse_number(s, c_locale, out);
}

int ref_parse_timestamp(const char *s, double *unix_s)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	int rc;

	if (c_locale == (locale_t)0)
		return -1;
	rc = parse_timestamp_l(s, c_locale, unix_s);
	freelocale(c_locale);
	return rc;
}

struct load_ctx {
	struct ref_meter *m;
	size_t cap;
	int col_t, col_w;
	size_t n_header;
	long prev_line;
	locale_t c_locale;
};

static int on_row(char **fields, size_t n_fields, long line, void *vctx, struct et_error *err)
{
	struct load_ctx *c = vctx;
	struct ref_meter *m = c->m;
	double t, w;

	if (c->col_t < 0) {
		c->col_t = ci_csv_column(fields, n_fields, "timestamp");
		c->col_w = ci_csv_column(fields, n_fields, "watts");
		if (c->col_t < 0 || c->col_w < 0)
			return et_error_set(err, m->path, line,
					    "the header must name the columns timestamp and watts");
		c->n_header = n_fields;
		return 0;
	}
	if (n_fields != c->n_header)
		return et_error_set(err, m->path, line, "%zu fields, the header has %zu", n_fields,
				    c->n_header);
	if (parse_timestamp_l(fields[c->col_t], c->c_locale, &t) < 0)
		return et_error_set(err, m->path, line,
				    "timestamp \"%.40s\" is neither Unix seconds nor ISO 8601 with an offset",
				    fields[c->col_t]);
	if (parse_number(fields[c->col_w], c->c_locale, &w) < 0)
		return et_error_set(err, m->path, line, "watts \"%.40s\" is not a number",
				    fields[c->col_w]);
	if (w < 0)
		return et_error_set(err, m->path, line, "negative power %.3f W", w);
	if (m->n > 0 && !(t > m->t[m->n - 1]))
		return et_error_set(err, m->path, line,
				    "timestamp %.3f s is not after the previous reading's (line %ld)",
				    t, c->prev_line);
	if (m->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		double *nt, *nw;

		if (m->n >= REF_MAX_READINGS)
			return et_error_set(err, m->path, line,
					    "more than %u readings: keep only the days of the run",
					    REF_MAX_READINGS);
		if (cap > REF_MAX_READINGS)
			cap = REF_MAX_READINGS;
		nt = realloc(m->t, cap * sizeof(*nt));
		if (!nt)
			return et_error_set(err, m->path, line, "out of memory");
		m->t = nt;
		nw = realloc(m->watts, cap * sizeof(*nw));
		if (!nw)
			return et_error_set(err, m->path, line, "out of memory");
		m->watts = nw;
		c->cap = cap;
	}
	m->t[m->n] = t;
	m->watts[m->n] = w;
	m->n++;
	c->prev_line = line;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of v[0..n-1] (n > 0), sorting a copy. Returns NAN when out of memory. */
static double median(const double *v, size_t n)
{
	double *copy = malloc(n * sizeof(*copy)), med;

	if (!copy)
		return NAN;
	memcpy(copy, v, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), cmp_double);
	med = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2.0;
	free(copy);
	return med;
}

int ref_meter_load(const char *path, struct ref_meter *m, struct et_error *err)
{
	struct load_ctx c = {.m = m, .col_t = -1, .col_w = -1};
	double *dt = NULL;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	snprintf(m->path, sizeof(m->path), "%s", path);
	c.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c.c_locale == (locale_t)0)
		return et_error_set(err, path, 0, "cannot create the C locale");
	if (ci_csv_read(path, ',', on_row, &c, err) < 0)
		goto out;
	if (c.col_t < 0) {
		et_error_set(err, path, 0, "empty file: expected a header timestamp,watts and readings");
		goto out;
	}
	if (m->n < 2) {
		et_error_set(err, path, 0, "%zu reading%s: at least 2 are needed", m->n,
			     m->n == 1 ? "" : "s");
		goto out;
	}
	dt = malloc((m->n - 1) * sizeof(*dt));
	if (!dt) {
		et_error_set(err, path, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i + 1 < m->n; i++)
		dt[i] = m->t[i + 1] - m->t[i];
	m->median_interval = median(dt, m->n - 1);
	if (isnan(m->median_interval)) {
		et_error_set(err, path, 0, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(dt);
	freelocale(c.c_locale);
	if (rc < 0)
		ref_meter_free(m);
	return rc;
}

void ref_meter_free(struct ref_meter *m)
{
	free(m->t);
	free(m->watts);
	m->t = NULL;
	m->watts = NULL;
	m->n = 0;
}

int ref_idle_parse(const char *arg, struct ref_idle *idle, struct et_error *err)
{
	char buf[64];
	size_t len = strlen(arg);
	double w;
	locale_t c_locale;
	int rc;

	if (strcmp(arg, "auto") == 0) {
		idle->mode = REF_IDLE_AUTO;
		idle->watts = NAN;
		return 0;
	}
	if (len >= sizeof(buf))
		return et_error_set(err, "", 0, "--reference-idle: \"%.40s...\" is neither watts nor auto", arg);
	memcpy(buf, arg, len + 1);
	if (len > 0 && (buf[len - 1] == 'W' || buf[len - 1] == 'w'))
		buf[len - 1] = '\0';
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return et_error_set(err, "", 0, "cannot create the C locale");
	rc = parse_number(buf, c_locale, &w);
	freelocale(c_locale);
	if (rc < 0 || w < 0)
		return et_error_set(err, "", 0,
				    "--reference-idle: \"%s\" is neither watts (a number >= 0) nor auto", arg);
	idle->mode = REF_IDLE_GIVEN;
	idle->watts = w;
	return 0;
}

static void add_warning(struct ref_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_warning(struct ref_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->n_warnings == REF_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(res->warnings[res->n_warnings++], sizeof(res->warnings[0]), fmt, ap);
	va_end(ap);
}

/* Power at time x on the straight line between readings i and i+1. */
static double power_at(const struct ref_meter *m, size_t i, double x)
{
	double t0 = m->t[i], t1 = m->t[i + 1];

	return m->watts[i] + (m->watts[i + 1] - m->watts[i]) * (x - t0) / (t1 - t0);
}

/* The median of the readings before launch (REF_IDLE_AUTO). */
static int auto_idle(const struct ref_meter *m, double launch, struct ref_result *res,
		     struct et_error *err)
{
	size_t n = 0;

	while (n < m->n && m->t[n] < launch)
		n++;
	if (n == 0)
		return et_error_set(err, m->path, 0,
				    "--reference-idle auto needs readings before the launch; the first is %.0f s after it",
				    m->t[0] - launch);
	res->idle_w = median(m->watts, n);
	if (isnan(res->idle_w))
		return et_error_set(err, m->path, 0, "out of memory");
	res->idle_readings = n;
	res->idle_span_s = m->t[n - 1] - m->t[0];
	return 0;
}

static int integrate(const struct ref_meter *m, double launch, double exit,
		     const struct ref_idle *idle, struct ref_result *res, struct et_error *err)
{
	double gap_limit = ET_GAP_INTERVALS * m->median_interval, joules = 0.0;
	double first_gap_start = NAN, first_gap_end = NAN;

	memset(res, 0, sizeof(*res));
	if (!isfinite(launch) || !isfinite(exit) || !(exit > launch))
		return et_error_set(err, m->path, 0, "the run's window is empty (launch %.3f, exit %.3f)",
				    launch, exit);
	res->window_s = exit - launch;
	res->median_interval_s = m->median_interval;
	res->idle_mode = idle ? idle->mode : REF_IDLE_NONE;
	for (size_t i = 0; i < m->n; i++)
		if (m->t[i] >= launch && m->t[i] <= exit)
			res->readings_in_window++;
	for (size_t i = 0; i + 1 < m->n; i++) {
		double a = fmax(m->t[i], launch), b = fmin(m->t[i + 1], exit);

		if (!(b > a))
			continue;
		if (m->t[i + 1] - m->t[i] > gap_limit) {
			if (res->n_gaps++ == 0) {
				first_gap_start = m->t[i];
				first_gap_end = m->t[i + 1];
			}
			res->gap_s += b - a;
			continue;
		}
		joules += (power_at(m, i, a) + power_at(m, i, b)) / 2.0 * (b - a);
		res->covered_s += b - a;
	}
	if (res->covered_s <= 0.0)
		return et_error_set(err, m->path, 0,
				    "the readings (%.0f s to %.0f s, Unix time) do not cover the run (%.0f s to %.0f s)",
				    m->t[0], m->t[m->n - 1], launch, exit);
	res->covered_share = res->covered_s / res->window_s;
	res->gross_wh = joules / 3600.0;
	if (res->idle_mode == REF_IDLE_GIVEN)
		res->idle_w = idle->watts;
	else if (res->idle_mode == REF_IDLE_AUTO && auto_idle(m, launch, res, err) < 0)
		return -1;
	res->idle_wh = res->idle_w * res->covered_s / 3600.0;
	res->net_wh = res->gross_wh - res->idle_wh;
	if (res->covered_share < 1.0 - 1e-9)
		add_warning(res, "%s: the readings cover %.1f %% of the run (%.0f s of %.0f s): the energy measured over that part is scaled to the whole run (its mean power over the covered time) to compare with the models",
			    m->path, 100.0 * res->covered_share, res->covered_s, res->window_s);
	if (res->n_gaps > 0)
		add_warning(res, "%s: %zu gap%s in the readings (over 3 x the median interval of %.3g s), %.0f s in all, not bridged; the first from %.3f to %.3f (Unix s)",
			    m->path, res->n_gaps, res->n_gaps == 1 ? "" : "s", m->median_interval,
			    res->gap_s, first_gap_start, first_gap_end);
	if (!(res->net_wh > 0.0))
		add_warning(res, "%s: the reference energy net of idle is %.3f Wh, not above zero: no deviation can be computed",
			    m->path, res->net_wh);
	return 0;
}

/* integrate(), its messages written with '.' as the decimal point whatever the locale. */
int ref_meter_integrate(const struct ref_meter *m, double launch, double exit,
			const struct ref_idle *idle, struct ref_result *res, struct et_error *err)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old;
	int rc;

	if (c_locale == (locale_t)0)
		return et_error_set(err, m->path, 0, "cannot create the C locale");
	old = uselocale(c_locale);
	rc = integrate(m, launch, exit, idle, res, err);
	uselocale(old);
	freelocale(c_locale);
	return rc;
}

char *ref_idle_describe(const struct ref_result *res, char *buf, size_t size)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old = (locale_t)0;

	if (c_locale != (locale_t)0)
		old = uselocale(c_locale);
	switch (res->idle_mode) {
	case REF_IDLE_GIVEN:
		snprintf(buf, size, "%.1f W, given (--reference-idle)", res->idle_w);
		break;
	case REF_IDLE_AUTO:
		snprintf(buf, size, "%.1f W, the median of %zu reading%s over %.0f s before the launch",
			 res->idle_w, res->idle_readings, res->idle_readings == 1 ? "" : "s", res->idle_span_s);
		break;
	default:
		snprintf(buf, size, "not subtracted");
		break;
	}
	if (c_locale != (locale_t)0) {
		uselocale(old);
		freelocale(c_locale);
	}
	return buf;
}

double ref_deviation_pct(double model_wh_before_pue, double reference_wh)
{
	if (!isfinite(model_wh_before_pue) || !isfinite(reference_wh) || !(reference_wh > 0.0))
		return NAN;
	return (model_wh_before_pue - reference_wh) / reference_wh * 100.0;
}
