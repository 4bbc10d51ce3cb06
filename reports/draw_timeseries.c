/* draw_timeseries.c - a time-series chart: series with min-max bands and lines broken at
 * gaps, reference lines, shaded stretches, a local wall-clock time axis with round ticks. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "draw_internal.h"

static const double time_steps[] = {
	1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
	86400, 172800, 604800, 1209600, 2419200, 4838400, 7862400, 15724800, 31449600,
};                  /* ... 1 d, 2 d, 1, 2, 4, 8, 13, 26 and 52 weeks */
#define N_TIME_STEPS (sizeof(time_steps) / sizeof(time_steps[0]))
#define DAY 86400.0

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Ticks at round local wall-clock times: sub-day steps (all divide a day) count from
 * local midnight; day steps from a local midnight (a Monday for weeks). */
static size_t ticks_for_step(double t_min, double t_max, double step, double *ticks, size_t cap)
{
	time_t t0 = (time_t)floor(t_min);
	struct tm base;
	size_t n = 0;
	long k0 = 0;

	if (!localtime_r(&t0, &base))
		return 0;
	base.tm_hour = base.tm_min = base.tm_sec = 0;
	if (step >= 7 * DAY)
		base.tm_mday -= (base.tm_wday + 6) % 7;          /* back to Monday */
	base.tm_isdst = -1;
	if (step < DAY) {
		struct tm m = base;
		time_t midnight = mktime(&m);

		k0 = (long)floor((t_min - (double)midnight) / step) - 2;
		if (k0 < 0)
			k0 = 0;
	}
	for (long k = k0, guard = 0; n < cap && guard < 100000; k++, guard++) {
		struct tm m = base;
		double t;

		if (step < DAY) {
			/* wall-clock fields (mktime would count a big tm_sec in elapsed seconds,
			 * which drifts by an hour across a DST change) */
			long total = k * (long)step, sec_of_day = total % 86400;

			m.tm_mday += (int)(total / 86400);
			m.tm_hour = (int)(sec_of_day / 3600);
			m.tm_min = (int)(sec_of_day / 60 % 60);
			m.tm_sec = (int)(sec_of_day % 60);
		} else
			m.tm_mday += (int)(k * (long)(step / DAY));
		m.tm_isdst = -1;
		t = (double)mktime(&m);
		if (t > t_max + 1e-6)
			break;
		if (t < t_min - 1e-6 || (n > 0 && t <= ticks[n - 1]))
			continue;
		ticks[n++] = t;
	}
	return n;
}

size_t dr_time_ticks(double t_min, double t_max, double width, double label_w, double *ticks,
		     size_t cap, double *step_s)
{
	*step_s = NAN;
	if (!isfinite(t_min) || !isfinite(t_max) || t_max < t_min || fabs(t_min) > 1e15 || fabs(t_max) > 1e15)
		return 0;
	for (size_t i = 0; i < N_TIME_STEPS; i++) {
		double step = time_steps[i];

		if (((t_max - t_min) / step + 1) * (label_w + 8) <= width || i == N_TIME_STEPS - 1) {
			*step_s = step;
			return ticks_for_step(t_min, t_max, step, ticks, cap);
		}
	}
	return 0;
}

static void format_tick(double t, double step, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	if (step < 60)
		snprintf(buf, size, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else if (step < DAY)
		snprintf(buf, size, "%02d:%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, size, "%d %s", tm.tm_mday, month_names[tm.tm_mon]);
}

/* The second line under a tick: the date where it changes (sub-day steps), the year
 * where it changes (day steps). Empty when unchanged since prev_t (NAN: first tick). */
static void format_context(double t, double prev_t, double step, char *buf, size_t size)
{
	time_t tt = (time_t)t, tp = (time_t)prev_t;
	struct tm tm, pm;

	buf[0] = '\0';
	if (!localtime_r(&tt, &tm))
		return;
	if (!isnan(prev_t) && !localtime_r(&tp, &pm))
		return;
	if (step < DAY) {
		if (isnan(prev_t))
			snprintf(buf, size, "%d %s %d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
		else if (pm.tm_yday != tm.tm_yday || pm.tm_year != tm.tm_year)
			snprintf(buf, size, "%d %s", tm.tm_mday, month_names[tm.tm_mon]);
	} else if (isnan(prev_t) || pm.tm_year != tm.tm_year) {
		snprintf(buf, size, "%d", tm.tm_year + 1900);
	}
}

/* Widest label a step gives (the date line counts for steps of 3 h and more, where it
 * comes at every few ticks). */
static double step_label_width(struct dr_doc *doc, double step)
{
	double w = dr_text_width(doc, DR_FONT, 0, step < 60 ? "00:00:00" : step < DAY ? "00:00" : "30 Sep");

	if (step >= 10800 && step < DAY)
		w = fmax(w, dr_text_width(doc, DR_FONT, 0, "30 Sep"));
	return w;
}

static size_t choose_time_ticks(struct dr_doc *doc, double t_min, double t_max, double width,
				double *ticks, size_t cap, double *step_s)
{
	for (size_t i = 0; i < N_TIME_STEPS; i++) {
		double step = time_steps[i], lw = step_label_width(doc, step);

		if (((t_max - t_min) / step + 1) * (lw + 10) <= width || i == N_TIME_STEPS - 1) {
			*step_s = step;
			return ticks_for_step(t_min, t_max, step, ticks, cap);
		}
	}
	return 0;
}

static int point_ok(const struct dr_ts_series *s, size_t i)
{
	return isfinite(s->t[i]) && isfinite(s->mean[i]);
}

static int starts_segment(const struct dr_ts_series *s, size_t i)
{
	return i == 0 || (s->break_before && s->break_before[i]) || !point_ok(s, i - 1);
}

struct ts_map {
	double x0, x1, y0, y1;      /* plot: x0 left, y0 bottom, y1 top */
	double t_min, t_max, v_lo, v_hi;
};

static double map_x(const struct ts_map *m, double t)
{
	return m->x0 + (t - m->t_min) / (m->t_max - m->t_min) * (m->x1 - m->x0);
}

static double map_y(const struct ts_map *m, double v)
{
	return m->y0 - (v - m->v_lo) / (m->v_hi - m->v_lo) * (m->y0 - m->y1);
}

static void draw_band(struct dr_doc *doc, const struct dr_ts_series *s, int index, const struct ts_map *m)
{
	cairo_t *cr = doc->cr;
	size_t i = 0;

	if (!s->lo || !s->hi)
		return;
	dr_set_line_rgba(doc, index, 0.22);
	while (i < s->n) {
		size_t j;

		if (!point_ok(s, i) || !isfinite(s->lo[i]) || !isfinite(s->hi[i])) {
			i++;
			continue;
		}
		j = i + 1;
		while (j < s->n && point_ok(s, j) && isfinite(s->lo[j]) && isfinite(s->hi[j]) && !starts_segment(s, j))
			j++;
		if (j == i + 1) {      /* a lone point: a thin bar from min to max */
			double x = map_x(m, s->t[i]);

			cairo_rectangle(cr, x - 1.0, map_y(m, s->hi[i]), 2.0, map_y(m, s->lo[i]) - map_y(m, s->hi[i]));
		} else {
			cairo_move_to(cr, map_x(m, s->t[i]), map_y(m, s->hi[i]));
			for (size_t k = i + 1; k < j; k++)
				cairo_line_to(cr, map_x(m, s->t[k]), map_y(m, s->hi[k]));
			for (size_t k = j; k-- > i;)
				cairo_line_to(cr, map_x(m, s->t[k]), map_y(m, s->lo[k]));
			cairo_close_path(cr);
		}
		cairo_fill(cr);
		i = j;
	}
}

static void draw_line(struct dr_doc *doc, const struct dr_ts_series *s, int index, const struct ts_map *m)
{
	cairo_t *cr = doc->cr;
	size_t i = 0;

	while (i < s->n) {
		size_t j;

		if (!point_ok(s, i)) {
			i++;
			continue;
		}
		j = i + 1;
		while (j < s->n && point_ok(s, j) && !starts_segment(s, j))
			j++;
		if (j == i + 1) {      /* a lone point: a dot */
			dr_set_line(doc, index, 1.2);
			cairo_set_dash(cr, NULL, 0, 0);
			cairo_new_sub_path(cr);
			cairo_arc(cr, map_x(m, s->t[i]), map_y(m, s->mean[i]), 1.8, 0, 2 * M_PI);
			cairo_fill(cr);
		} else {
			dr_set_line(doc, index, 1.2);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			cairo_move_to(cr, map_x(m, s->t[i]), map_y(m, s->mean[i]));
			for (size_t k = i + 1; k < j; k++)
				cairo_line_to(cr, map_x(m, s->t[k]), map_y(m, s->mean[k]));
			cairo_stroke(cr);
		}
		i = j;
	}
	cairo_set_dash(cr, NULL, 0, 0);
}

/* Reference lines with their labels at the right end, above the line or, when that
 * would overlap a label already placed, below it or further away. */
static void draw_hlines(struct dr_doc *doc, const struct dr_timeseries *c, const struct ts_map *m)
{
	cairo_t *cr = doc->cr;
	double placed[32][2];
	size_t n_placed = 0;

	for (size_t i = 0; i < c->n_hlines; i++) {
		const struct dr_ts_hline *h = &c->hlines[i];
		static const double dash[2] = {4, 2.5};
		double y = map_y(m, h->y), lh = DR_FONT_SMALL * 1.3, w, ly = 0;
		int found = 0;

		if (!isfinite(h->y) || y < m->y1 - 0.5 || y > m->y0 + 0.5)
			continue;
		if (h->series >= 0)
			dr_set_line_rgba(doc, h->series, 1.0);
		else
			cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.9);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, m->x0, y);
		cairo_line_to(cr, m->x1, y);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		if (!h->label)
			continue;
		w = dr_text_width(doc, DR_FONT_SMALL, 0, h->label);
		/* candidates: just above, just below, then stepping away */
		for (int k = 0; k < 12 && !found; k++) {
			double cand = k == 0 ? y - 2 : k == 1 ? y + lh : k % 2 ? y + lh * (k / 2 + 1) : y - 2 - lh * (k / 2);
			int clash = cand - lh < m->y1 || cand > m->y0 - 1;

			for (size_t p = 0; p < n_placed && !clash; p++)
				clash = cand > placed[p][0] && cand - lh < placed[p][1];
			if (!clash) {
				ly = cand;
				found = 1;
			}
		}
		if (!found)
			continue;          /* no room: the line stays, unlabelled */
		cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
		cairo_rectangle(cr, m->x1 - w - 4, ly - lh + 2, w + 3, lh);
		cairo_fill(cr);
		if (h->series >= 0)
			dr_set_line_rgba(doc, h->series, 1.0);
		else
			cairo_set_source_rgb(cr, 0, 0, 0);
		dr_text(doc, m->x1 - 2.5, ly, DR_FONT_SMALL, 0, DR_RIGHT, h->label);
		if (n_placed < 32) {
			placed[n_placed][0] = ly - lh;
			placed[n_placed][1] = ly;
			n_placed++;
		}
	}
}

/* "CET = UTC+01:00" at t. */
static void zone_at(double t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char abbr[16] = "", off[16] = "";

	if (localtime_r(&tt, &tm)) {
		strftime(abbr, sizeof(abbr), "%Z", &tm);
		strftime(off, sizeof(off), "%z", &tm);
	}
	if (strlen(off) == 5) {        /* +0100 -> +01:00 */
		off[6] = '\0';
		off[5] = off[4];
		off[4] = off[3];
		off[3] = ':';
	}
	snprintf(buf, size, "%s = UTC%s", abbr, off);
}

/* The zone named on the time axis: "local time, Europe/Paris (CEST = UTC+02:00, then
 * CET = UTC+01:00)" when the offset changes during the chart. */
static void zone_text(const struct dr_timeseries *c, double t_min, double t_max, char *buf, size_t size)
{
	char a[48], b[48], zones[120];

	zone_at(t_min, a, sizeof(a));
	zone_at(t_max, b, sizeof(b));
	if (strcmp(a, b) != 0)
		snprintf(zones, sizeof(zones), "%s, then %s", a, b);
	else
		snprintf(zones, sizeof(zones), "%s", a);
	if (c->tz_name && *c->tz_name)
		snprintf(buf, size, "local time, %s (%s)", c->tz_name, zones);
	else
		snprintf(buf, size, "local time (%s)", zones);
}

static void dr_timeseries_in(struct dr_doc *doc, struct dr_rect r, const struct dr_timeseries *c)
{
	cairo_t *cr = doc->cr;
	struct dr_legend_entry legend[24];
	size_t n_leg = 0, n_ticks;
	double t_min = INFINITY, t_max = -INFINITY, v_lo = INFINITY, v_hi = -INFINITY;
	double y = r.y, ticks[DR_MAX_TICKS], step, first, vstep, ytick_w = 0, last_right = -INFINITY;
	double last_ctx_right = -INFINITY, prev_tick = NAN;
	struct ts_map m;
	int d;
	char buf[200], num[64];

	y += dr_chart_title(doc, r, c->title);
	for (size_t i = 0; i < c->n_series && n_leg < 23; i++)
		legend[n_leg++] = (struct dr_legend_entry){c->series[i].name ? c->series[i].name : "", 1, (int)i};
	if (c->n_spans > 0 && c->span_label)
		legend[n_leg++] = (struct dr_legend_entry){c->span_label, 2, 0};
	y += dr_legend(doc, r.x, y, r.w, legend, n_leg, 1) + 4;

	for (size_t i = 0; i < c->n_series; i++) {
		const struct dr_ts_series *s = &c->series[i];

		for (size_t k = 0; k < s->n; k++) {
			if (!point_ok(s, k))
				continue;
			t_min = fmin(t_min, s->t[k]);
			t_max = fmax(t_max, s->t[k]);
			v_lo = fmin(v_lo, s->lo && isfinite(s->lo[k]) ? fmin(s->lo[k], s->mean[k]) : s->mean[k]);
			v_hi = fmax(v_hi, s->hi && isfinite(s->hi[k]) ? fmax(s->hi[k], s->mean[k]) : s->mean[k]);
		}
	}
	for (size_t i = 0; i < c->n_hlines; i++)
		if (isfinite(c->hlines[i].y)) {
			v_lo = fmin(v_lo, c->hlines[i].y);
			v_hi = fmax(v_hi, c->hlines[i].y);
		}
	if (isfinite(c->t_min))
		t_min = c->t_min;
	if (isfinite(c->t_max))
		t_max = c->t_max;
	if (!isfinite(t_min) || !isfinite(t_max) || fabs(t_min) > 1e12 || fabs(t_max) > 1e12 || t_max < t_min) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "no sample to draw");
		return;
	}
	if (t_max - t_min < 1.0) {     /* a single sample: a minute around it */
		t_min -= 30;
		t_max += 30;
	}
	v_lo = isfinite(c->y_min) ? c->y_min : isfinite(v_lo) && v_lo < 0 ? v_lo : 0;
	/* headroom above the data: a line at the maximum never runs along the frame */
	v_hi = isfinite(c->y_max) ? c->y_max : isfinite(v_hi) ? (v_hi > 0 ? v_hi * 1.04 : v_hi) : 1;
	if (!(v_hi > v_lo))
		v_hi = v_lo + (fabs(v_lo) > 0 ? fabs(v_lo) : 1);

	m.y1 = y + DR_FONT * 0.8;    /* room for the top tick label */
	m.y0 = r.y + r.h - DR_FONT * 4.2;    /* two lines of tick labels and the axis title */
	if (m.y0 - m.y1 < 30) {
		dr_no_data(doc, r, "too little space for this chart");
		return;
	}
	dr_nice_range(&v_lo, &v_hi, (int)fmax(2, fmin(8, (m.y0 - m.y1) / (DR_FONT * 3))));
	dr_nice_ticks(v_lo, v_hi, (int)fmax(2, fmin(8, (m.y0 - m.y1) / (DR_FONT * 3))), &first, &vstep, &d);
	for (double v = first; v <= v_hi + vstep * 1e-6; v += vstep)
		ytick_w = fmax(ytick_w, dr_text_width(doc, DR_FONT, 0, dr_fmt(num, sizeof(num), v, d)));
	m.x0 = r.x + DR_FONT * 1.6 + ytick_w + 6;
	m.x1 = r.x + r.w - 4;
	m.t_min = t_min;
	m.t_max = t_max;
	m.v_lo = v_lo;
	m.v_hi = v_hi;

	/* y grid, ticks and title */
	cairo_set_line_width(cr, 0.4);
	for (double v = first; v <= v_hi + vstep * 1e-6; v += vstep) {
		double yy = map_y(&m, v);

		dr_set_grey(doc, 0.87);
		cairo_move_to(cr, m.x0, yy);
		cairo_line_to(cr, m.x1, yy);
		cairo_stroke(cr);
		dr_set_grey(doc, 0.2);
		dr_text(doc, m.x0 - 4, yy + DR_FONT * 0.35, DR_FONT, 0, DR_RIGHT, dr_fmt(num, sizeof(num), v, d));
	}
	snprintf(buf, sizeof(buf), "%s (%s)", c->y_label ? c->y_label : "", c->y_unit ? c->y_unit : "");
	cairo_set_source_rgb(cr, 0, 0, 0);
	dr_text_vertical(doc, r.x + DR_FONT, (m.y0 + m.y1) / 2, DR_FONT, fabs(m.y1 - m.y0) + DR_FONT, buf);

	/* x ticks: grid lines, labels (skipped if one would overlap the previous), dates */
	n_ticks = choose_time_ticks(doc, t_min, t_max, m.x1 - m.x0, ticks, DR_MAX_TICKS, &step);
	for (size_t i = 0; i < n_ticks; i++) {
		double x = map_x(&m, ticks[i]), w;

		dr_set_grey(doc, 0.87);
		cairo_move_to(cr, x, m.y1);
		cairo_line_to(cr, x, m.y0);
		cairo_stroke(cr);
		dr_set_grey(doc, 0.2);
		cairo_move_to(cr, x, m.y0);
		cairo_line_to(cr, x, m.y0 + 3);
		cairo_stroke(cr);
		format_tick(ticks[i], step, buf, sizeof(buf));
		w = dr_text_width(doc, DR_FONT, 0, buf);
		if (x - w / 2 > last_right + 4 && x - w / 2 >= r.x && x + w / 2 <= r.x + r.w) {
			dr_text(doc, x, m.y0 + 3 + DR_FONT, DR_FONT, 0, DR_CENTER, buf);
			last_right = x + w / 2;
		}
		format_context(ticks[i], prev_tick, step, buf, sizeof(buf));
		if (buf[0]) {
			double cx;

			w = dr_text_width(doc, DR_FONT, 0, buf);
			cx = fmin(fmax(x, r.x + w / 2), r.x + r.w - w / 2);
			if (cx - w / 2 > last_ctx_right + 4) {
				dr_set_grey(doc, 0.35);
				dr_text(doc, cx, m.y0 + 4 + DR_FONT * 2.2, DR_FONT, 0, DR_CENTER, buf);
				last_ctx_right = cx + w / 2;
			}
		}
		prev_tick = ticks[i];
	}
	zone_text(c, t_min, t_max, buf, sizeof(buf));
	cairo_set_source_rgb(cr, 0, 0, 0);
	dr_text_fit(doc, (m.x0 + m.x1) / 2, r.y + r.h - 2, DR_FONT, 0, DR_CENTER, r.w, buf);

	/* data, clipped to the plot */
	cairo_save(cr);
	cairo_rectangle(cr, m.x0, m.y1, m.x1 - m.x0, m.y0 - m.y1);
	cairo_clip(cr);
	for (size_t i = 0; i < c->n_spans; i++) {
		double a, b;

		if (!isfinite(c->spans[i].t0) || !isfinite(c->spans[i].t1))
			continue;
		a = map_x(&m, fmax(c->spans[i].t0, t_min));
		b = map_x(&m, fmin(c->spans[i].t1, t_max));
		if (!(b >= a))
			continue;            /* outside the chart */
		cairo_set_source_rgba(cr, 0, 0, 0, 0.12);
		cairo_rectangle(cr, a, m.y1, fmax(b - a, 0.8), m.y0 - m.y1);
		cairo_fill(cr);
	}
	for (size_t i = 0; i < c->n_series; i++)
		draw_band(doc, &c->series[i], (int)i, &m);
	for (size_t i = 0; i < c->n_series; i++)
		draw_line(doc, &c->series[i], (int)i, &m);
	draw_hlines(doc, c, &m);
	cairo_restore(cr);

	/* frame */
	dr_set_grey(doc, 0.2);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, m.x0, m.y1);
	cairo_line_to(cr, m.x0, m.y0);
	cairo_line_to(cr, m.x1, m.y0);
	cairo_stroke(cr);
}

void dr_timeseries(struct dr_doc *doc, struct dr_rect r, const struct dr_timeseries *c)
{
	/* nothing drawn outside r, whatever its size */
	if (!(r.w > 0 && r.h > 0))
		return;
	cairo_save(doc->cr);
	cairo_rectangle(doc->cr, r.x, r.y, r.w, r.h);
	cairo_clip(doc->cr);
	dr_timeseries_in(doc, r, c);
	cairo_restore(doc->cr);
}
