/* run_charts.c - a run's charts drawn from its results, series and reference (see
 * run_charts.h): the data are prepared here, the drawing is draw.h's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_time.h"
#include "reference_meter.h"
#include "run_charts.h"
#include "run_series.h"

const char *rc_zone_name(char *buf, size_t n)
{
	struct et_zone *z = NULL;
	struct et_error err = ET_ERROR_INIT;

	if (et_zone_open_tz(&z, &err) < 0) {
		snprintf(buf, n, "local time");
		return buf;
	}
	snprintf(buf, n, "%s", et_zone_name(z));
	et_zone_close(z);
	return buf;
}

/* The unit for values up to max_wh (et_report_energy_unit), the scale to divide by, and
 * the decimals of the largest. */
static double energy_scale(double max_wh, const char **unit, int *decimals)
{
	double scale, v;

	*unit = et_report_energy_unit(max_wh, &scale);
	v = max_wh / scale;
	*decimals = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : v >= 0.01 ? 4 : 6;
	return scale;
}

static double before_pue(const struct et_model_result *m)
{
	return m->energy.cpu_wh + m->energy.gpu_wh + m->energy.ram_wh;
}

void rc_models(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run)
{
	static const char *const parts[] = {"CPU", "GPU", "RAM", "PUE overhead"};
	size_t n = run->n_results;
	struct dr_stack_bar *bars = calloc(n ? n : 1, sizeof(*bars));
	double (*v)[4] = calloc(n ? n : 1, sizeof(*v)), max = 0, scale;
	char (*notes)[400] = calloc(n ? n : 1, sizeof(*notes));
	const char *unit;
	int decimals;

	if (!bars || !v || !notes)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (run->results[i].energy_wh > max)
			max = run->results[i].energy_wh;
	scale = energy_scale(max, &unit, &decimals);
	for (size_t i = 0; i < n; i++) {
		const struct et_model_result *m = &run->results[i];

		if (m->setup.unavailable[0]) {   /* no bar ("n/a"): its note says why */
			v[i][0] = v[i][1] = v[i][2] = v[i][3] = NAN;
		} else {
			v[i][0] = m->energy.cpu_wh / scale;
			v[i][1] = m->energy.gpu_wh / scale;
			v[i][2] = m->energy.ram_wh / scale;
			v[i][3] = (m->energy_wh - before_pue(m)) / scale;
		}
		et_report_assumption(m, notes[i], sizeof(notes[i]));
		bars[i] = (struct dr_stack_bar){m->model->name, v[i], notes[i]};
	}
	{
		const struct dr_stacked c = {"Energy by part, with the PUE overhead", parts, 4, bars, n,
					     "energy with PUE", unit, decimals};
		dr_stacked_bars(doc, r, &c);
	}
out:
	free(bars);
	free(v);
	free(notes);
}

void rc_deviation(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run)
{
	const struct ref_result *ref = run->reference;
	size_t n = run->n_results;
	double *dev = calloc(n ? n : 1, sizeof(*dev));
	const char **names = calloc(n ? n : 1, sizeof(*names));
	char group[160], wh[48];

	if (!ref || !dev || !names)
		goto out;
	for (size_t i = 0; i < n; i++) {
		dev[i] = et_report_deviation_pct(&run->results[i], ref);
		names[i] = run->results[i].model->name;
	}
	snprintf(group, sizeof(group), "against the meter (%s%s)", et_report_energy(wh, sizeof(wh), et_report_reference_wh(ref)),
		 ref->idle_mode == REF_IDLE_NONE ? "" : " net of idle");
	{
		const char *groups[1] = {group};
		const struct dr_grouped g = {"Deviation of each model from the measured energy (before PUE)",
					     groups, 1, names, n, dev, "deviation", "%", 1};
		dr_grouped_bars(doc, r, &g);
	}
out:
	free(dev);
	free(names);
}

/* Series index of the scope's cores, RSS and GPU use. */
static int user_scope(const struct et_report_run *run)
{
	return run->scope && strcmp(run->scope, "user") == 0;
}

static double run_start(const struct et_report_run *run)
{
	return (double)run->run->facts.launch_utc_ms / 1000.0;
}

static double run_end(const struct et_report_run *run)
{
	double d = run->run->facts.duration_s;

	return run_start(run) + (isfinite(d) && d > 0 ? d : 0);
}

/* A time-series chart of n series exported from reducer red. */
static void draw_series(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run,
			const struct sr_reducer *red, const size_t *index, const char *const *names, size_t n,
			struct dr_timeseries *ts)
{
	struct et_series_points *p = calloc(n ? n : 1, sizeof(*p));
	struct dr_ts_series *s = calloc(n ? n : 1, sizeof(*s));

	if (p && s) {
		for (size_t i = 0; i < n; i++) {
			et_series_export(red, index[i], &p[i]);
			s[i] = (struct dr_ts_series){names[i], p[i].t, p[i].mean, p[i].lo, p[i].hi, p[i].brk, p[i].n};
		}
		ts->series = s;
		ts->n_series = n;
		ts->t_min = run_start(run);
		ts->t_max = run_end(run);
		if (!(ts->t_max > ts->t_min))
			ts->t_min = ts->t_max = NAN;
		dr_timeseries(doc, r, ts);
	}
	free(p);
	free(s);
}

int rc_cpu(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name)
{
	const struct et_run_series *se = run->series;
	size_t idx[2] = {user_scope(run) ? ET_S_USER_CORES : ET_S_JOB_CORES, ET_S_MACHINE_CORES};
	const char *names[2] = {user_scope(run) ? "the user's processes" : "the job", "the whole machine (busy CPUs)"};
	char title[128];
	struct dr_timeseries ts = {0};

	if (!se || !se->cpu)
		return 0;
	snprintf(title, sizeof(title), "CPU in use (%d logical CPUs)", run->run->facts.logical_cpus);
	ts = (struct dr_timeseries){title, NULL, 0, NULL, 0, NULL, 0, NULL, "CPU", "cores", tz_name,
				    NAN, NAN, NAN, NAN};
	draw_series(doc, r, run, se->cpu, idx, names, 2, &ts);
	return 1;
}

int rc_memory(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name)
{
	const struct et_run_series *se = run->series;
	size_t idx[1] = {user_scope(run) ? ET_S_USER_RSS_GB : ET_S_JOB_RSS_GB};
	const char *names[1] = {user_scope(run) ? "RSS of the user's processes" : "RSS of the job"};
	struct dr_timeseries ts = {0};

	if (!se || !se->cpu)
		return 0;
	ts = (struct dr_timeseries){"Memory in use", NULL, 0, NULL, 0, NULL, 0, NULL, "memory", "GB", tz_name,
				    NAN, NAN, NAN, NAN};
	draw_series(doc, r, run, se->cpu, idx, names, 1, &ts);
	return 1;
}

/* The stretches when a process of the scope was on one of the GPUs [first, first + n),
 * from the reducer's columns, merged and cut to the run. Returns how many were written
 * (at most cap). */
static size_t gpu_spans(const struct et_report_run *run, int first, int n_gpus, struct dr_ts_span *spans,
			size_t cap)
{
	const struct sr_reducer *red = run->series->gpu;
	size_t n = 0, used = sr_columns_used(red);
	double t0 = run_start(run), t1 = run_end(run);
	struct sr_stat st;

	for (size_t c = 0; c < used; c++) {
		int on = 0;
		double a = NAN, b = NAN;

		for (int g = first; g < first + n_gpus && !on; g++) {
			size_t s = user_scope(run) ? ET_S_GPU_USER_ON(g) : ET_S_GPU_JOB_ON(g);
			if (sr_column(red, c, s, &st) == 0 && st.count > 0 && st.max >= 1) {
				on = 1;
				a = st.t_start;
				b = st.t_end;
			}
		}
		if (!on)
			continue;
		a = a < t0 ? t0 : a;
		b = b > t1 ? t1 : b;
		if (n > 0 && a <= spans[n - 1].t1 + 1e-6)
			spans[n - 1].t1 = b;
		else if (n < cap)
			spans[n++] = (struct dr_ts_span){a, b};
	}
	return n;
}

int rc_gpu_count(const struct et_report_run *run)
{
	int n = run->run->facts.n_gpus < ET_MAX_GPUS ? run->run->facts.n_gpus : ET_MAX_GPUS;

	return run->series && run->series->gpu && n > 0 ? n : 0;
}

/* 1 when series index of red holds a value in some column. */
static int has_reading(const struct sr_reducer *red, size_t index)
{
	struct sr_stat st;

	for (size_t c = 0; c < sr_columns_used(red); c++)
		if (sr_column(red, c, index, &st) == 0 && st.count > 0)
			return 1;
	return 0;
}

int rc_gpus(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name,
	    int first, int count)
{
	int n = rc_gpu_count(run);
	size_t idx[ET_MAX_GPUS], n_lines = 0, n_spans;
	char names[ET_MAX_GPUS][32], labels[ET_MAX_GPUS][48], title[160];
	const char *name_p[ET_MAX_GPUS];
	struct dr_ts_hline lines[ET_MAX_GPUS];
	struct dr_ts_span *spans;
	struct dr_timeseries ts = {0};
	char w[32];

	if (count < 0 || first < 0 || first + count > n)
		count = n - (first > 0 ? first : 0);
	if (n == 0 || count <= 0)
		return 0;
	if (!(spans = calloc(ET_SERIES_COLUMNS, sizeof(*spans))))
		return 0;
	for (int k = 0; k < count; k++) {
		int g = first + k;
		const struct et_gpu_info *gi = &run->run->facts.gpus[g];

		idx[k] = ET_S_GPU_POWER(g);
		snprintf(names[k], sizeof(names[k]), "GPU %d", gi->index);
		name_p[k] = names[k];
		if (isfinite(gi->idle_w)) {
			snprintf(labels[n_lines], sizeof(labels[n_lines]), "GPU %d idle %s W", gi->index,
				 dr_fmt(w, sizeof(w), gi->idle_w, gi->idle_w < 10 ? 1 : 0));
			lines[n_lines] = (struct dr_ts_hline){gi->idle_w, labels[n_lines], k};
			n_lines++;
		}
	}
	n_spans = gpu_spans(run, first, count, spans, ET_SERIES_COLUMNS);
	if (count == 1)
		snprintf(title, sizeof(title), "GPU %d power: %.100s", run->run->facts.gpus[first].index,
			 run->run->facts.gpus[first].name);
	else
		snprintf(title, sizeof(title), "GPU power (mean line, min-max band), idle baselines");
	ts = (struct dr_timeseries){title, NULL, 0, lines, n_lines, spans, n_spans,
				    count == 1 ? (user_scope(run) ? "a user's process on it" : "the job had a process on it")
					       : (user_scope(run) ? "a user's process on one of them"
								  : "the job had a process on one of them"),
				    "GPU power", "W", tz_name, NAN, NAN, NAN, NAN};
	draw_series(doc, r, run, run->series->gpu, idx, name_p, (size_t)count, &ts);
	if (count == 1 && !has_reading(run->series->gpu, idx[0])) {   /* a GPU that never answered */
		dr_ink(doc, 0.3);
		dr_text(doc, r.x + r.w / 2, r.y + r.h / 2, 9, 0, DR_CENTER, "no power reading during the run");
	}
	free(spans);
	return 1;
}

int rc_gpu(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name)
{
	return rc_gpus(doc, r, run, tz_name, 0, -1);
}

int rc_reference(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name)
{
	const struct ref_meter *m = run->ref_meter;
	const struct ref_result *ref = run->reference;
	double t0 = run_start(run), t1 = run_end(run);
	struct sr_reducer *red;
	struct dr_ts_hline idle;
	char label[64], w[32];
	size_t idx[1] = {0};
	const char *names[1] = {"meter (whole server)"};
	struct dr_timeseries ts;

	if (!m || !ref || m->n == 0)
		return 0;
	red = sr_create(ET_SERIES_COLUMNS, 1, m->median_interval > 0 ? m->median_interval : 1.0);
	if (!red)
		return 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->t[i] >= t0 && m->t[i] <= t1)   /* the run's window, as integrated */
			sr_add(red, m->t[i], &m->watts[i]);
	snprintf(label, sizeof(label), "idle %s W (taken off)", dr_fmt(w, sizeof(w), ref->idle_w, 1));
	idle = (struct dr_ts_hline){ref->idle_w, label, 0};
	ts = (struct dr_timeseries){"Reference power (the meter's readings)", NULL, 0, &idle,
				    ref->idle_mode == REF_IDLE_NONE ? 0 : 1, NULL, 0, NULL, "power", "W", tz_name,
				    NAN, NAN, NAN, NAN};
	draw_series(doc, r, run, red, idx, names, 1, &ts);
	sr_free(red);
	return 1;
}

/* The hours or quarter-hours weighted at a finer --intensity-resolution, labelled in
 * local wall-clock time (TZ) as the time-series page is: "14:00", or "2 Mar 14:00" when
 * the run spans several local days (an hour's label alone would repeat each day). */
static void intensity_steps(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run)
{
	const struct et_ci_result *ci = &run->results[0].ci;
	struct dr_day_bar *bars = calloc(ci->n_steps, sizeof(*bars));
	char (*labels)[16] = calloc(ci->n_steps, sizeof(*labels));
	char title[96], x_label[160], first[32] = "?", last[32] = "?", zone[16] = "";
	int quarter = ci->steps[0].minutes == 15, flagged_any = 0, days = 0;
	time_t t0 = (time_t)(ci->steps[0].utc_start_ms / 1000), t1 = (time_t)(ci->steps[ci->n_steps - 1].utc_start_ms / 1000);
	struct tm tm0, tm1;

	if (!bars || !labels)
		goto out;
	days = localtime_r(&t0, &tm0) && localtime_r(&t1, &tm1) && (tm0.tm_yday != tm1.tm_yday || tm0.tm_year != tm1.tm_year);
	for (size_t i = 0; i < ci->n_steps; i++) {
		const struct et_ci_step *s = &ci->steps[i];
		time_t t = (time_t)(s->utc_start_ms / 1000);
		struct tm tm;

		if (localtime_r(&t, &tm)) {
			if (days)
				snprintf(labels[i], sizeof(labels[i]), "%d %s %02d:%02d", tm.tm_mday,
					 et_report_month_abbr(tm.tm_mon + 1), tm.tm_hour, tm.tm_min);
			else
				strftime(labels[i], sizeof(labels[i]), "%H:%M", &tm);
			if (i == 0) {
				strftime(first, sizeof(first), "%Y-%m-%d %H:%M", &tm);
				strftime(zone, sizeof(zone), "%Z", &tm);
			}
			if (i == ci->n_steps - 1)
				strftime(last, sizeof(last), "%Y-%m-%d %H:%M", &tm);
		}
		bars[i] = (struct dr_day_bar){labels[i], s->g_per_kwh,
					      strcmp(s->basis, "hourly") != 0 && strcmp(s->basis, "quarter-hour") != 0};
		flagged_any |= bars[i].flagged;
	}
	snprintf(title, sizeof(title), "Carbon intensity of each %s the run covered", quarter ? "quarter-hour" : "hour");
	if (ci->n_steps == 1)
		snprintf(x_label, sizeof(x_label), "start of the %s, local time (%s): %s",
			 quarter ? "quarter-hour" : "hour", zone, first);
	else
		snprintf(x_label, sizeof(x_label), "start of each %s, local time (%s), %s to %s",
			 quarter ? "quarter-hour" : "hour", zone, first, last);
	const struct dr_daychart c = {title, bars, ci->n_steps, "carbon intensity", "gCO2e/kWh", x_label,
				      1, run->results[0].intensity_g_per_kwh, "energy-weighted, used",
				      flagged_any ? (quarter ? "the hour's or day's value (no quarter-hour one)"
							     : "the day's value (no hourly one)") : NULL,
				      quarter ? 4 : 24};   /* quarters: labels on whole hours */
	dr_daychart(doc, r, &c);
out:
	free(bars);
	free(labels);
}

void rc_intensity(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run)
{
	const struct et_ci_result *ci = run->n_results ? &run->results[0].ci : NULL;
	struct dr_day_bar *bars;
	char (*labels)[16];
	int flagged_any = 0;

	if (!ci || ci->n_days == 0) {
		dr_text(doc, r.x + r.w / 2, r.y + r.h / 2, 9, 0, DR_CENTER, "no carbon intensity");
		return;
	}
	if (ci->n_steps) {
		intensity_steps(doc, r, run);
		return;
	}
	bars = calloc(ci->n_days, sizeof(*bars));
	labels = calloc(ci->n_days, sizeof(*labels));
	if (bars && labels) {
		for (size_t i = 0; i < ci->n_days; i++) {
			const struct et_ci_day *d = &ci->days[i];
			int y, mo, da;

			if (sscanf(d->date, "%d-%d-%d", &y, &mo, &da) == 3 && mo >= 1 && mo <= 12)
				snprintf(labels[i], sizeof(labels[i]), "%d %s", da, et_report_month_abbr(mo));
			else
				snprintf(labels[i], sizeof(labels[i]), "%.10s", d->date);
			bars[i] = (struct dr_day_bar){labels[i], d->g_per_kwh,
						      strstr(d->basis, "yearly") != NULL || strstr(d->basis, "monthly") != NULL};
			flagged_any |= bars[i].flagged;
		}
		const struct dr_daychart c = {"Carbon intensity of each day the run covered", bars, ci->n_days,
					      "carbon intensity", "gCO2e/kWh", "day (Europe/Paris, the grid's days)",
					      1, run->results[0].intensity_g_per_kwh, "energy-weighted, used",
					      flagged_any ? "a monthly or yearly value (no daily one)" : NULL, 7};
		dr_daychart(doc, r, &c);
	}
	free(bars);
	free(labels);
}

static void compare(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c, int co2e)
{
	size_t n = c->n_runs * c->n_models;
	double *v = calloc(n ? n : 1, sizeof(*v)), max = 0, scale = 1;
	const char *unit = "gCO2e";
	int unused;

	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		double x = co2e ? c->co2e_g[i] : c->energy_wh[i];
		if (isfinite(x) && x > max)
			max = x;
	}
	if (!co2e)
		scale = energy_scale(max, &unit, &unused);
	for (size_t i = 0; i < n; i++)
		v[i] = (co2e ? c->co2e_g[i] : c->energy_wh[i]) / scale;
	{
		const struct dr_grouped g = {co2e ? "Emissions per run and model" : "Energy per run and model (with PUE)",
					     (const char *const *)c->run_names, c->n_runs, c->model_names, c->n_models,
					     v, co2e ? "emissions" : "energy with PUE", unit,
					     -3};   /* 3 significant digits: runs of a second and of a week side by side */
		dr_grouped_bars(doc, r, &g);
	}
	free(v);
}

void rc_compare_energy(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c)
{
	compare(doc, r, c, 0);
}

void rc_compare_co2e(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c)
{
	compare(doc, r, c, 1);
}

void rc_compare_deviation(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c)
{
	const struct dr_grouped g = {"Deviation from the measured energy per run and model (before PUE)",
				     (const char *const *)c->run_names, c->n_runs, c->model_names, c->n_models,
				     c->deviation_pct, "deviation", "%", 1};

	dr_grouped_bars(doc, r, &g);
}
