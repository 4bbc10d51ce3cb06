/* draw_bars.c - bar charts: horizontal stacked bars (one scale for all, segments and
 * totals labelled), horizontal grouped bars (runs x models) and a day chart. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "draw_internal.h"

/* Ticks and labels of a horizontal value axis under a plot from x0 to x1 (value lo at
 * x0, hi at x1), gridlines from top to y; the axis title (with unit) under the labels. */
static void value_axis_h(struct dr_doc *doc, double x0, double x1, double top, double y, double lo,
			 double hi, const char *title, const char *unit)
{
	cairo_t *cr = doc->cr;
	double first, step, label_w;
	int d, target;
	char buf[64], hi_label[64];

	dr_fmt(hi_label, sizeof(hi_label), hi, 3);
	label_w = dr_text_width(doc, DR_FONT, 0, hi_label) + 14;
	target = (int)fmax(1, fmin(10, (x1 - x0) / label_w));
	dr_nice_ticks(lo, hi, target, &first, &step, &d);
	cairo_set_line_width(cr, 0.4);
	for (double v = first; v <= hi + step * 1e-6; v += step) {
		double x = x0 + (v - lo) / (hi - lo) * (x1 - x0);

		dr_set_grey(doc, fabs(v) < step * 1e-6 ? 0.2 : 0.85);
		cairo_move_to(cr, x, top);
		cairo_line_to(cr, x, y);
		cairo_stroke(cr);
		dr_set_grey(doc, 0.2);
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x, y + 3);
		cairo_stroke(cr);
		dr_text(doc, x, y + 3 + DR_FONT, DR_FONT, 0, DR_CENTER, dr_fmt(buf, sizeof(buf), v, d));
	}
	snprintf(buf, sizeof(buf), "%s (%s)", title ? title : "", unit ? unit : "");
	cairo_set_source_rgb(cr, 0, 0, 0);
	dr_text_fit(doc, (x0 + x1) / 2, y + 5 + DR_FONT * 2.2, DR_FONT, 0, DR_CENTER, x1 - x0, buf);
}

#define AXIS_H_SPACE (5 + DR_FONT * 2.6)

static double value_or_zero(double v)
{
	return isfinite(v) && v > 0 ? v : 0;
}

static void dr_stacked_bars_in(struct dr_doc *doc, struct dr_rect r, const struct dr_stacked *c)
{
	cairo_t *cr = doc->cr;
	struct dr_legend_entry legend[16];
	size_t n_leg = c->n_parts < 16 ? c->n_parts : 16;
	double y = r.y, label_w = 0, total_w = 0, max_total = 0, lo = 0, hi, row_h, bar_h, x0, x1;
	int has_notes = 0;
	char buf[96], num[64];

	y += dr_chart_title(doc, r, c->title);
	for (size_t i = 0; i < n_leg; i++)
		legend[i] = (struct dr_legend_entry){c->part_names[i], 0, (int)i};
	y += dr_legend(doc, r.x, y, r.w, legend, n_leg, 1) + 4;
	if (c->n_bars == 0) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "no model to show");
		return;
	}
	for (size_t b = 0; b < c->n_bars; b++) {
		double total = 0;

		for (size_t p = 0; p < c->n_parts; p++)
			total += value_or_zero(c->bars[b].values[p]);
		max_total = fmax(max_total, total);
		label_w = fmax(label_w, dr_text_width(doc, DR_FONT, 1, c->bars[b].label ? c->bars[b].label : ""));
		snprintf(buf, sizeof(buf), "%s %s", dr_fmt(num, sizeof(num), total, c->decimals), c->unit);
		total_w = fmax(total_w, dr_text_width(doc, DR_FONT, 1, buf));
		has_notes |= c->bars[b].note != NULL;
	}
	label_w = fmin(label_w + 8, r.w * 0.3);
	x0 = r.x + label_w;
	x1 = r.x + r.w - total_w - 8;
	hi = max_total > 0 ? max_total : 1;
	dr_nice_range(&lo, &hi, 6);
	row_h = (r.y + r.h - AXIS_H_SPACE - y) / (double)c->n_bars;
	bar_h = fmin(16, row_h * (has_notes ? 0.5 : 0.7));
	if (bar_h < 3) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "too many bars for this space");
		return;
	}
	value_axis_h(doc, x0, x1, y, y + row_h * (double)c->n_bars, lo, hi,
		     c->value_label ? c->value_label : "energy", c->unit);
	for (size_t b = 0; b < c->n_bars; b++) {
		const struct dr_stack_bar *bar = &c->bars[b];
		double by = y + row_h * (double)b + (has_notes ? 2 : (row_h - bar_h) / 2), x = x0, total = 0;
		int known = 0;

		cairo_set_source_rgb(cr, 0, 0, 0);
		dr_text_fit(doc, r.x, by + bar_h / 2 + DR_FONT * 0.35, DR_FONT, 1, DR_LEFT, label_w - 6,
			    bar->label ? bar->label : "");
		for (size_t p = 0; p < c->n_parts; p++) {
			double v = value_or_zero(bar->values[p]), w = v / hi * (x1 - x0);
			struct dr_rect seg = {x, by, w, bar_h};

			known |= !isnan(bar->values[p]);
			total += v;
			if (w <= 0)
				continue;
			cairo_rectangle(cr, seg.x, seg.y, seg.w, seg.h);
			dr_fill_path(doc, (int)p, seg);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_set_line_width(cr, 0.5);
			cairo_rectangle(cr, seg.x, seg.y, seg.w, seg.h);
			cairo_stroke(cr);
			/* the value inside its segment when it fits, with the unit if that fits too */
			if (bar_h >= DR_FONT_SMALL + 2) {
				snprintf(buf, sizeof(buf), "%s %s", dr_fmt(num, sizeof(num), v, c->decimals), c->unit);
				if (dr_text_width(doc, DR_FONT_SMALL, 0, buf) + 4 > w)
					snprintf(buf, sizeof(buf), "%s", num);
				if (dr_text_width(doc, DR_FONT_SMALL, 0, buf) + 4 <= w) {
					double tw = dr_text_width(doc, DR_FONT_SMALL, 0, buf);

					/* a solid patch under the text, so hatching does not cross it */
					dr_set_fill(doc, (int)p);
					cairo_rectangle(cr, x + w / 2 - tw / 2 - 1, by + bar_h / 2 - DR_FONT_SMALL * 0.55,
							tw + 2, DR_FONT_SMALL * 1.1);
					cairo_fill(cr);
					dr_set_text_on_fill(doc, (int)p);
					dr_text(doc, x + w / 2, by + bar_h / 2 + DR_FONT_SMALL * 0.36, DR_FONT_SMALL, 0,
						DR_CENTER, buf);
				}
			}
			x += w;
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		if (known)
			snprintf(buf, sizeof(buf), "%s %s", dr_fmt(num, sizeof(num), total, c->decimals), c->unit);
		else
			snprintf(buf, sizeof(buf), "n/a");
		dr_text(doc, x + 4, by + bar_h / 2 + DR_FONT * 0.35, DR_FONT, 1, DR_LEFT, buf);
		if (bar->note) {
			double nw = fmin(dr_text_width(doc, DR_FONT_SMALL, 0, bar->note), r.x + r.w - x0 - 3);

			/* on a white band, over the grid lines */
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_rectangle(cr, x0 + 0.5, by + bar_h + 1, nw + 4, DR_FONT_SMALL * 1.3);
			cairo_fill(cr);
			dr_set_grey(doc, 0.3);
			dr_text_fit(doc, x0 + 3, by + bar_h + DR_FONT_SMALL * 1.25, DR_FONT_SMALL, 0, DR_LEFT,
				    r.x + r.w - x0 - 3, bar->note);
		}
	}
}

static void dr_grouped_bars_in(struct dr_doc *doc, struct dr_rect r, const struct dr_grouped *c)
{
	cairo_t *cr = doc->cr;
	double y = r.y, label_w = 0, val_w = 0, lo = 0, hi = 0, x0, x1, zero, row_h, bar_h, head_h;
	size_t rows;
	char buf[96], num[64];

	y += dr_chart_title(doc, r, c->title);
	if (c->n_groups == 0 || c->n_members == 0) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "nothing to compare");
		return;
	}
	for (size_t m = 0; m < c->n_members; m++)
		label_w = fmax(label_w, dr_text_width(doc, DR_FONT, 0, c->member_names[m]));
	for (size_t g = 0; g < c->n_groups; g++)
		for (size_t m = 0; m < c->n_members; m++) {
			double v = c->values[g * c->n_members + m];

			snprintf(buf, sizeof(buf), "%s %s", dr_fmt(num, sizeof(num), v, c->decimals),
				 isfinite(v) ? c->unit : "");
			val_w = fmax(val_w, dr_text_width(doc, DR_FONT_SMALL, 0, buf));
			if (isfinite(v)) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
	if (!(hi > lo))
		hi = lo + 1;
	dr_nice_range(&lo, &hi, 6);
	label_w = fmin(label_w + 16, r.w * 0.3);     /* 8 pt indent, 8 pt before the bars */
	x0 = r.x + label_w + (lo < 0 ? val_w + 4 : 0);
	x1 = r.x + r.w - val_w - 6;
	zero = x0 + (0 - lo) / (hi - lo) * (x1 - x0);
	rows = c->n_groups * c->n_members;
	head_h = DR_FONT * 1.8;
	row_h = (r.y + r.h - AXIS_H_SPACE - y - head_h * (double)c->n_groups) / (double)rows;
	if (row_h < 4) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "too many bars for this space");
		return;
	}
	row_h = fmin(row_h, 18);
	bar_h = row_h * 0.72;
	value_axis_h(doc, x0, x1, y + head_h, y + (row_h * (double)c->n_members + head_h) * (double)c->n_groups,
		     lo, hi, c->value_label, c->unit);
	for (size_t g = 0; g < c->n_groups; g++) {
		/* the group's name on a white band, over the grid lines */
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, r.x, y, fmin(r.w, dr_text_width(doc, DR_FONT, 1, c->group_names[g]) + 6), head_h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		dr_text_fit(doc, r.x, y + head_h * 0.7, DR_FONT, 1, DR_LEFT, r.w, c->group_names[g]);
		y += head_h;
		for (size_t m = 0; m < c->n_members; m++) {
			double v = c->values[g * c->n_members + m], by = y + (row_h - bar_h) / 2;
			double font = fmin(DR_FONT_SMALL, bar_h + 1.5), tx;

			cairo_set_source_rgb(cr, 0, 0, 0);
			dr_text_fit(doc, r.x + 8, by + bar_h / 2 + font * 0.36, fmin(DR_FONT, row_h * 0.85), 0,
				    DR_LEFT, label_w - 16, c->member_names[m]);
			dr_fmt(num, sizeof(num), v, c->decimals);
			snprintf(buf, sizeof(buf), "%s%s%s", num, isfinite(v) ? " " : "", isfinite(v) ? c->unit : "");
			if (isfinite(v)) {
				double xa = fmin(zero, zero + v / (hi - lo) * (x1 - x0));
				double w = fabs(v) / (hi - lo) * (x1 - x0);
				struct dr_rect b = {xa, by, w, bar_h};

				cairo_rectangle(cr, b.x, b.y, b.w, b.h);
				dr_fill_path(doc, (int)m, b);
				tx = v >= 0 ? xa + w + 3 : xa - 3;
			} else {
				tx = zero + 3;
			}
			cairo_set_source_rgb(cr, 0, 0, 0);
			dr_text(doc, tx, by + bar_h / 2 + font * 0.36, font, 0,
				isfinite(v) && v < 0 ? DR_RIGHT : DR_LEFT, buf);
			y += row_h;
		}
	}
}

/* The smallest step >= need that keeps in time with labels repeating every period bars:
 * a divisor of period, or a multiple of it (period 24, need 5: 6). */
static size_t label_step(size_t need, int period)
{
	size_t p = period > 0 ? (size_t)period : 0;

	if (p == 0 || need <= 1)
		return need;
	if (need <= p) {
		for (size_t d = need; d < p; d++)
			if (p % d == 0)
				return d;
		return p;
	}
	return (need + p - 1) / p * p;
}

static void dr_daychart_in(struct dr_doc *doc, struct dr_rect r, const struct dr_daychart *c)
{
	cairo_t *cr = doc->cr;
	struct dr_legend_entry legend[2];
	size_t n_leg = 0, every = 1;
	double y = r.y, hi = 0, ytick_w = 0, xlab_w = 0, val_w = 0, pitch, x0, x1, top, bottom;
	double first, step, label_room, value_hi, scale_hi;
	int d, rotate_x = 0, value_mode;   /* 0 none, 1 horizontal, 2 rotated */
	char buf[96], num[64], ref_text[128];

	y += dr_chart_title(doc, r, c->title);
	if (isfinite(c->ref_value)) {
		snprintf(ref_text, sizeof(ref_text), "%s: %s %s", c->ref_label ? c->ref_label : "reference",
			 dr_fmt(num, sizeof(num), c->ref_value, c->decimals), c->unit);
		legend[n_leg++] = (struct dr_legend_entry){ref_text, 3, 0};
	}
	if (c->flag_label)
		legend[n_leg++] = (struct dr_legend_entry){c->flag_label, 0, 3};
	y += dr_legend(doc, r.x, y, r.w, legend, n_leg, 1) + 2;
	if (c->n == 0) {
		dr_no_data(doc, (struct dr_rect){r.x, y, r.w, r.y + r.h - y}, "no day to show");
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (isfinite(c->bars[i].value))
			hi = fmax(hi, c->bars[i].value);
		xlab_w = fmax(xlab_w, dr_text_width(doc, DR_FONT, 0, c->bars[i].label ? c->bars[i].label : ""));
		val_w = fmax(val_w, dr_text_width(doc, DR_FONT_SMALL, 0,
						  dr_fmt(num, sizeof(num), c->bars[i].value, c->decimals)));
	}
	if (isfinite(c->ref_value))
		hi = fmax(hi, c->ref_value);
	if (!(hi > 0))
		hi = 1;
	value_hi = hi;
	dr_nice_ticks(0, hi, 5, &first, &step, &d);
	dr_fmt(num, sizeof(num), ceil(hi / step) * step, d);
	ytick_w = dr_text_width(doc, DR_FONT, 0, num);
	x0 = r.x + DR_FONT * 1.6 + ytick_w + 6;
	x1 = r.x + r.w - 4;
	pitch = (x1 - x0) / (double)c->n;
	/* x labels: flat if they fit, else turned, else one in every few (turned) */
	if (xlab_w + 4 > pitch) {
		rotate_x = 1;
		every = (size_t)ceil(DR_FONT * 1.3 / pitch);
		if (every < 1)
			every = 1;
		every = label_step(every, c->label_period);
	}
	bottom = r.y + r.h - (rotate_x ? xlab_w + 6 : DR_FONT * 1.6) - DR_FONT * 1.5;
	value_mode = val_w + 2 <= pitch ? 1 : pitch >= DR_FONT_SMALL * 1.2 ? 2 : 0;
	label_room = value_mode == 1 ? DR_FONT_SMALL * 1.5 : value_mode == 2 ? val_w + 4 : 0;
	top = y + DR_FONT * 0.8;     /* room for the top tick label */
	if (bottom - top < 30 + label_room) {
		dr_no_data(doc, r, "too little space for this chart");
		return;
	}
	/* the top of the scale leaves room for the value labels above the highest bar */
	scale_hi = value_hi * (bottom - top) / (bottom - top - label_room);
	dr_nice_ticks(0, scale_hi, (int)fmax(2, fmin(8, (bottom - top) / (DR_FONT * 3))), &first, &step, &d);
	scale_hi = ceil(scale_hi / step - 1e-9) * step;      /* the top is a tick */
	cairo_set_line_width(cr, 0.4);
	for (double v = 0; v <= scale_hi + step * 1e-6; v += step) {
		double yy = bottom - v / scale_hi * (bottom - top);

		dr_set_grey(doc, v == 0 ? 0.2 : 0.85);
		cairo_move_to(cr, x0, yy);
		cairo_line_to(cr, x1, yy);
		cairo_stroke(cr);
		dr_set_grey(doc, 0.2);
		dr_text(doc, x0 - 4, yy + DR_FONT * 0.35, DR_FONT, 0, DR_RIGHT, dr_fmt(num, sizeof(num), v, d));
	}
	snprintf(buf, sizeof(buf), "%s (%s)", c->value_label ? c->value_label : "", c->unit ? c->unit : "");
	cairo_set_source_rgb(cr, 0, 0, 0);
	dr_text_vertical(doc, r.x + DR_FONT, (top + bottom) / 2, DR_FONT, bottom - top + DR_FONT, buf);
	for (size_t i = 0; i < c->n; i++) {
		const struct dr_day_bar *b = &c->bars[i];
		double cx = x0 + pitch * ((double)i + 0.5), bw = fmax(1, pitch * 0.7);

		if (isfinite(b->value) && b->value > 0) {
			double h = b->value / scale_hi * (bottom - top);
			struct dr_rect bar = {cx - bw / 2, bottom - h, bw, h};

			cairo_rectangle(cr, bar.x, bar.y, bar.w, bar.h);
			dr_fill_path(doc, b->flagged ? 3 : 0, bar);
		}
	}
	if (isfinite(c->ref_value)) {
		static const double dash[2] = {3, 2};
		double yy = bottom - c->ref_value / scale_hi * (bottom - top);

		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.8);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, x0, yy);
		cairo_line_to(cr, x1, yy);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	/* labels last, over the bars and the reference line */
	for (size_t i = 0; i < c->n; i++) {
		const struct dr_day_bar *b = &c->bars[i];
		double cx = x0 + pitch * ((double)i + 0.5);

		cairo_set_source_rgb(cr, 0, 0, 0);
		dr_fmt(num, sizeof(num), b->value, c->decimals);
		if (value_mode && b->value != 0) {   /* a day without energy: no bar, no "0.00" */
			double vy = bottom - (isfinite(b->value) && b->value > 0 ? b->value / scale_hi * (bottom - top) : 0);

			double w = dr_text_width(doc, DR_FONT_SMALL, 0, num);

			cairo_set_source_rgb(cr, 1, 1, 1);    /* a white patch: readable over the reference line */
			if (value_mode == 1)
				cairo_rectangle(cr, cx - w / 2 - 1, vy - 3 - DR_FONT_SMALL * 0.85, w + 2, DR_FONT_SMALL * 1.05);
			else
				cairo_rectangle(cr, cx - DR_FONT_SMALL * 0.55, vy - 4 - w, DR_FONT_SMALL * 1.1, w + 2);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			if (value_mode == 1) {
				dr_text(doc, cx, vy - 3, DR_FONT_SMALL, 0, DR_CENTER, num);
			} else {
				dr_font(doc, DR_FONT_SMALL, 0);
				cairo_save(cr);
				cairo_translate(cr, cx + DR_FONT_SMALL * 0.35, vy - 3);
				cairo_rotate(cr, -M_PI / 2);
				cairo_move_to(cr, 0, 0);
				cairo_show_text(cr, num);
				cairo_new_path(cr);
				cairo_restore(cr);
			}
		}
		if (i % every == 0 && b->label) {
			if (!rotate_x) {
				dr_text(doc, cx, bottom + 3 + DR_FONT, DR_FONT, 0, DR_CENTER, b->label);
			} else {
				double w = dr_text_width(doc, DR_FONT, 0, b->label);

				dr_font(doc, DR_FONT, 0);
				cairo_save(cr);
				cairo_translate(cr, cx + DR_FONT * 0.35, bottom + 4 + w);
				cairo_rotate(cr, -M_PI / 2);
				cairo_move_to(cr, 0, 0);
				cairo_show_text(cr, b->label);
				cairo_new_path(cr);
				cairo_restore(cr);
			}
		}
	}
	if (c->x_label) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		dr_text_fit(doc, (x0 + x1) / 2, r.y + r.h - 2, DR_FONT, 0, DR_CENTER, x1 - x0, c->x_label);
	}
}

void dr_stacked_bars(struct dr_doc *doc, struct dr_rect r, const struct dr_stacked *c)
{
	/* nothing drawn outside r, whatever its size */
	if (!(r.w > 0 && r.h > 0))
		return;
	cairo_save(doc->cr);
	cairo_rectangle(doc->cr, r.x, r.y, r.w, r.h);
	cairo_clip(doc->cr);
	dr_stacked_bars_in(doc, r, c);
	cairo_restore(doc->cr);
}

void dr_grouped_bars(struct dr_doc *doc, struct dr_rect r, const struct dr_grouped *c)
{
	/* nothing drawn outside r, whatever its size */
	if (!(r.w > 0 && r.h > 0))
		return;
	cairo_save(doc->cr);
	cairo_rectangle(doc->cr, r.x, r.y, r.w, r.h);
	cairo_clip(doc->cr);
	dr_grouped_bars_in(doc, r, c);
	cairo_restore(doc->cr);
}

void dr_daychart(struct dr_doc *doc, struct dr_rect r, const struct dr_daychart *c)
{
	/* nothing drawn outside r, whatever its size */
	if (!(r.w > 0 && r.h > 0))
		return;
	cairo_save(doc->cr);
	cairo_rectangle(doc->cr, r.x, r.y, r.w, r.h);
	cairo_clip(doc->cr);
	dr_daychart_in(doc, r, c);
	cairo_restore(doc->cr);
}
