/* period_pdf.c - the period report as an A4 vector PDF (etest report --pdf): the totals
 * and the spread across models, the groups' table and chart, energy per day, the largest runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "draw.h"
#include "et_grow.h"
#include "period.h"
#include "report.h"

#define CHART_GROUPS 25      /* at most this many groups in the bar chart (the largest) */
#define BAR_PT 7.5           /* height of a bar with its label, in points */
#define GROUP_PT 14.4        /* a group's name above its bars (the chart's head_h) */
#define CHART_FRAME_PT 55.0  /* a chart's title, legend and value axis */
#define CELL 256             /* bytes of a formatted table cell (40 UTF-8 characters and "...") */
#define GAP 14.0             /* points between blocks */

/* The document and where the next block goes on the current page. */
struct pdf_flow {
	struct dr_doc *doc;
	const struct et_period_report *rep;
	char title[160], subtitle[320];
	struct dr_rect body;   /* the current page's body */
	double y;              /* top of the free space on it */
};

static void new_page(struct pdf_flow *f)
{
	f->body = dr_page_begin(f->doc, f->title, f->subtitle);
	f->y = f->body.y;
}

/* The free rectangle below the cursor; a new page first when less than min_h is left. */
static struct dr_rect space(struct pdf_flow *f, double min_h)
{
	if (f->body.y + f->body.h - f->y < min_h)
		new_page(f);
	return (struct dr_rect){f->body.x, f->y, f->body.w, f->body.y + f->body.h - f->y};
}

/* A section heading at the cursor (with room for at least min_h below it). */
static void heading(struct pdf_flow *f, const char *text, double min_h)
{
	struct dr_rect r = space(f, min_h + 18);

	f->y = r.y + dr_heading(f->doc, r, text) + 2;   /* as the run report's, 2 pt more below */
}

/* Draw all rows of t from the cursor, going on over new pages (whose heading repeats). */
static void table_flow(struct pdf_flow *f, const struct dr_table *t, const char *title)
{
	size_t first = 0;
	double bottom;

	heading(f, title, 40);
	while (first < t->n_rows) {
		struct dr_rect r = space(f, 40);
		size_t drawn = dr_table(f->doc, r, t, first, &bottom);

		if (drawn == 0 && f->y == f->body.y)
			break;   /* not even one row on an empty page: never loop */
		first += drawn;
		f->y = bottom + GAP;
		if (first < t->n_rows) {
			char more[200];

			new_page(f);
			snprintf(more, sizeof(more), "%s (continued)", title);
			heading(f, more, 40);
		}
	}
}

/* Local time of utc_ms in the process's zone (TZ is the report's). */
static const char *local_time(char *buf, size_t n, int64_t utc_ms)
{
	time_t t = (time_t)(utc_ms / 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		snprintf(buf, n, "?");
	return buf;
}

/* "k=v, k=v" of a run's tags (JSON object text), into buf. */
static const char *tags_text(char *buf, size_t n, const char *tags_json)
{
	json_t *tags = tags_json ? json_loads(tags_json, 0, NULL) : NULL;
	const char *key;
	json_t *v;
	size_t used = 0;

	buf[0] = '\0';
	if (json_is_object(tags))
		json_object_foreach(tags, key, v) {
			int w = snprintf(buf + used, n - used, "%s%s=%s", used ? ", " : "", key,
					 json_is_string(v) ? json_string_value(v) : "?");
			if (w < 0 || (size_t)w >= n - used)
				break;
			used += (size_t)w;
		}
	json_decref(tags);
	return buf;
}

/* Text from the store (user text) made valid UTF-8 into buf (cairo refuses the rest),
 * cut to max_chars characters with "..." so that one long name does not shrink a whole
 * table's font. */
static const char *clean(char *buf, size_t n, const char *s, size_t max_chars)
{
	char *u = et_report_utf8(s ? s : "");
	size_t chars = 0, i = 0;

	if (!u) {
		snprintf(buf, n, "?");
		return buf;
	}
	for (; u[i] && chars < max_chars; i++)
		if (((unsigned char)u[i] & 0xC0) != 0x80)
			chars++;
	while (u[i] && ((unsigned char)u[i] & 0xC0) == 0x80)
		i++;   /* the rest of the last character kept */
	snprintf(buf, n, "%.*s%s", (int)i, u, u[i] ? "..." : "");
	free(u);
	return buf;
}

/* A group's name in a table cell, "total" for the totals' row (no key). */
static const char *group_cell(char *buf, const struct et_period_sums *s)
{
	if (s->key)
		return clean(buf, CELL, s->key, 28);
	snprintf(buf, CELL, "total");
	return buf;
}

/* The totals: energy, CO2e, what was assumed, the spread, runs and hours, GPU idle. */
static int summary(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	const struct et_period_sums *t = &rep->total;
	static const struct dr_table_col cols[] = {{NULL, NULL, DR_LEFT}, {NULL, NULL, DR_LEFT}};
	char cells[9][2][CELL], a[48], b[48], c[48], d[48], e[48];
	const char *ptr[18];
	size_t n = 0;
	double bottom;
	double emin = INFINITY, emax = -INFINITY, cmin = INFINITY, cmax = -INFINITY;

#define ROW(k, ...) do { snprintf(cells[n][0], CELL, "%s", k); \
		snprintf(cells[n][1], CELL, __VA_ARGS__); n++; } while (0)
	ROW("energy", "%s (model %s, with the PUE)", et_period_energy_str(a, sizeof(a), t->energy_wh[0]),
	    rep->models[0]->name);
	ROW("emissions", "%s, on average %s gCO2e/kWh", et_period_co2_str(a, sizeof(a), t->co2e_g[0]),
	    t->energy_wh[0] > 0 ? et_report_num(b, sizeof(b), 'f', 1, t->co2e_g[0] / (t->energy_wh[0] / 1000.0)) : "0.0");
	ROW("intensity", "%s, %s resolution", rep->intensity, rep->resolution);
	ROW("PUE and scope", "PUE %s, scope %s", rep->params->native ? "each tool's own" :
	    et_report_num(a, sizeof(a), 'g', 4, rep->params->pue),
	    rep->params->scope == ET_SCOPE_USER ? "user (all the user's processes)" : "job (the command's processes)");
	for (size_t m = 0; m < rep->n_models; m++) {
		emin = fmin(emin, t->energy_wh[m]);
		emax = fmax(emax, t->energy_wh[m]);
		cmin = fmin(cmin, t->co2e_g[m]);
		cmax = fmax(cmax, t->co2e_g[m]);
	}
	if (rep->n_models > 1)
		ROW("spread across models", "%s to %s, %s to %s (%zu models)",
		    et_period_energy_str(a, sizeof(a), emin), et_period_energy_str(b, sizeof(b), emax),
		    et_period_co2_str(c, sizeof(c), cmin), et_period_co2_str(d, sizeof(d), cmax), rep->n_models);
	else
		ROW("spread across models", "one model: --model all shows the spread across them");
	ROW("runs", "%zu, of them %zu incomplete (truncated logs)", t->runs, t->incomplete);
	ROW("CPU-hours, GPU-hours", "%s h, %s h", et_report_num(a, sizeof(a), 'f', 1, t->cpu_h),
	    et_report_num(b, sizeof(b), 'f', 1, t->gpu_h));
	ROW("GPU idle paid for", "%s (whole-board energy minus energy above idle, on the GPUs the runs used; before PUE)",
	    et_period_energy_str(e, sizeof(e), t->gpu_idle_wh));
#undef ROW
	for (size_t i = 0; i < n; i++) {
		ptr[2 * i] = cells[i][0];
		ptr[2 * i + 1] = cells[i][1];
	}
	const struct dr_table kv = {cols, 2, ptr, n, 9.5, 1};
	heading(f, "Totals", 120);
	dr_table(f->doc, space(f, 120), &kv, 0, &bottom);
	f->y = bottom + GAP;
	return 0;
}

/* One row per group and a total row: runs, hours, GPU idle, the first model's energy and CO2e. */
static int groups_table(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	static const struct dr_table_col cols[] = {
		{"group", NULL, DR_LEFT}, {"runs", NULL, DR_RIGHT}, {"incomplete", NULL, DR_RIGHT},
		{"CPU-hours", "h", DR_RIGHT}, {"GPU-hours", "h", DR_RIGHT}, {"GPU idle", "before PUE", DR_RIGHT},
		{"energy", "with PUE", DR_RIGHT}, {"CO2e", NULL, DR_RIGHT},
	};
	enum { NC = sizeof(cols) / sizeof(cols[0]) };
	size_t rows = rep->n_groups + 1;
	char (*cells)[CELL] = calloc(rows * NC, CELL);
	const char **ptr = calloc(rows * NC, sizeof(*ptr));
	char title[200];
	int rc = -1;

	if (!cells || !ptr)
		goto out;
	for (size_t g = 0; g < rows; g++) {
		const struct et_period_sums *s = g < rep->n_groups ? &rep->groups[g] : &rep->total;
		char (*c)[CELL] = cells + g * NC;

		group_cell(c[0], s);
		snprintf(c[1], CELL, "%zu", s->runs);
		snprintf(c[2], CELL, "%zu", s->incomplete);
		et_report_num(c[3], CELL, 'f', 1, s->cpu_h);
		et_report_num(c[4], CELL, 'f', 1, s->gpu_h);
		et_period_energy_str(c[5], CELL, s->gpu_idle_wh);
		et_period_energy_str(c[6], CELL, s->energy_wh[0]);
		et_period_co2_str(c[7], CELL, s->co2e_g[0]);
	}
	for (size_t i = 0; i < rows * NC; i++)
		ptr[i] = cells[i];
	const struct dr_table t = {cols, NC, ptr, rows, 9, 1};
	snprintf(title, sizeof(title), "By %s (model %s)", rep->by, rep->models[0]->name);
	table_flow(f, &t, title);
	rc = 0;
out:
	free(cells);
	free(ptr);
	return rc;
}

/* Energy of the largest groups for each model, as grouped bars. */
static int groups_chart(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	/* as many of the largest groups as fit with readable bar labels: on what is left
	 * of this page if that holds at least 10 (or all), else on a page of their own */
	double per_group = GROUP_PT + BAR_PT * (double)rep->n_models;
	size_t fit_page = (size_t)fmax(1, floor((f->body.h - CHART_FRAME_PT) / per_group));
	size_t fit_here = (size_t)fmax(0, floor((f->body.y + f->body.h - f->y - CHART_FRAME_PT) / per_group));
	size_t ng = rep->n_groups < CHART_GROUPS ? rep->n_groups : CHART_GROUPS;
	if (ng > fit_page)
		ng = fit_page;
	if (fit_here < ng && fit_here >= 10)
		ng = fit_here;
	const char **names = calloc(ng ? ng : 1, sizeof(*names));
	const char **models = calloc(rep->n_models, sizeof(*models));
	char (*labels)[CELL] = calloc(ng ? ng : 1, CELL);
	double *v = calloc((ng ? ng : 1) * rep->n_models, sizeof(*v));
	double max = 0, div;
	char title[200];
	int rc = -1;

	if (!names || !models || !labels || !v)
		goto out;
	for (size_t g = 0; g < ng; g++)
		for (size_t m = 0; m < rep->n_models; m++)
			max = fmax(max, rep->groups[g].energy_wh[m]);
	const char *unit = et_report_energy_unit(max, &div);
	for (size_t g = 0; g < ng; g++) {
		names[g] = clean(labels[g], CELL, rep->groups[g].key, 40);
		for (size_t m = 0; m < rep->n_models; m++)
			v[g * rep->n_models + m] = rep->groups[g].energy_wh[m] / div;
	}
	for (size_t m = 0; m < rep->n_models; m++)
		models[m] = rep->models[m]->name;
	if (rep->n_groups > ng)
		snprintf(title, sizeof(title), "Energy of the %zu largest of %zu groups (with PUE)", ng, rep->n_groups);
	else
		snprintf(title, sizeof(title), "Energy per %s (with PUE)", rep->by);
	const struct dr_grouped c = {title, names, ng, models, rep->n_models, v, "energy", unit, -3};   /* 3 significant digits */
	double h = CHART_FRAME_PT + (double)ng * (GROUP_PT + BAR_PT * (double)rep->n_models);
	struct dr_rect r = space(f, h);

	r.h = fmin(r.h, h);
	if (ng)
		dr_grouped_bars(f->doc, r, &c);
	f->y = r.y + r.h + GAP;
	rc = 0;
out:
	free(names);
	free(models);
	free(labels);
	free(v);
	return rc;
}

/* The local days of the period (in TZ, the report's zone) as YYYY-MM-DD, into a new
 * array of *n (free() it), or NULL when out of memory. */
static char (*period_days(const struct et_period_report *rep, size_t *n))[11]
{
	char (*days)[11] = NULL;
	size_t cap = 0;
	time_t t = (time_t)(rep->from_utc_ms / 1000);
	struct tm tm;

	*n = 0;
	while ((int64_t)t * 1000 < rep->to_utc_ms && localtime_r(&t, &tm)) {
		char (*more)[11] = et_grow(days, &cap, *n + 1, sizeof(*days));
		if (!more) {
			free(days);
			return NULL;
		}
		days = more;
		strftime(days[(*n)++], 11, "%Y-%m-%d", &tm);
		tm.tm_mday++;   /* the next local midnight, whatever the DST changes */
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		t = mktime(&tm);
	}
	return days ? days : calloc(1, sizeof(*days));
}

/* Energy per local day of the first model, every day of the period, as a day chart. */
static int days_chart(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	size_t nd = 0, k = 0;
	char (*dates)[11] = period_days(rep, &nd);
	struct dr_day_bar *bars = calloc(nd ? nd : 1, sizeof(*bars));
	char (*labels)[16] = calloc(nd ? nd : 1, 16);
	double *wh = calloc(nd ? nd : 1, sizeof(*wh));
	double max = 0, sum = 0, div;
	char title[200], x_label[160], num[32];
	int rc = -1;

	if (!dates || !bars || !labels || !wh)
		goto out;
	/* both sorted by date: the report's days are those with energy */
	for (size_t d = 0; d < nd; d++) {
		while (k < rep->n_days && strcmp(rep->days[k].date, dates[d]) < 0)
			k++;
		wh[d] = k < rep->n_days && strcmp(rep->days[k].date, dates[d]) == 0 ? rep->days[k].energy_wh[0] : 0.0;
		max = fmax(max, wh[d]);
		sum += wh[d];
	}
	const char *unit = et_report_energy_unit(max, &div);
	int decimals = max / div >= 100 ? 0 : max / div >= 10 ? 1 : 2;
	/* "1 Oct"; the whole date when the period spans more than one year */
	int one_year = nd == 0 || strncmp(dates[0], dates[nd - 1], 4) == 0;
	for (size_t d = 0; d < nd; d++) {
		int mo = atoi(dates[d] + 5), day = atoi(dates[d] + 8);

		if (!one_year)
			snprintf(labels[d], 16, "%s", dates[d]);
		else
			snprintf(labels[d], 16, "%d %s", day, et_report_month_abbr(mo));
		bars[d] = (struct dr_day_bar){labels[d], wh[d] / div, 0};
	}
	/* the mean in the title, not as a line: a line would cross the labels of empty days */
	snprintf(title, sizeof(title), "Energy per day (model %s, with PUE): mean %s per day", rep->models[0]->name,
		 et_period_energy_str(num, sizeof(num), nd ? sum / (double)nd : 0.0));
	snprintf(x_label, sizeof(x_label), "local day (%s)", rep->tz);
	const struct dr_daychart c = {title, bars, nd, "energy", unit, x_label, decimals, NAN, NULL, NULL, 7};
	struct dr_rect r = space(f, 230);

	r.h = 230;
	dr_daychart(f->doc, r, &c);
	f->y = r.y + r.h + GAP;
	rc = 0;
out:
	free(dates);
	free(bars);
	free(labels);
	free(wh);
	return rc;
}

/* The largest runs: program, user, host, tags, start, duration, energy, CO2e; the whole
 * command lines under the table only with --show-commands. */
static int top_runs(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	static const struct dr_table_col cols[] = {
		{"#", NULL, DR_RIGHT}, {"program", NULL, DR_LEFT}, {"user", NULL, DR_LEFT},
		{"host", NULL, DR_LEFT}, {"tags", NULL, DR_LEFT}, {"start", NULL, DR_LEFT},
		{"duration", "h", DR_RIGHT}, {"energy", "in the period", DR_RIGHT}, {"CO2e", NULL, DR_RIGHT},
	};
	enum { NC = sizeof(cols) / sizeof(cols[0]) };
	char cells[ET_PERIOD_TOP][NC][CELL];
	const char *ptr[ET_PERIOD_TOP * NC];
	char title[200];

	if (rep->n_top == 0)
		return 0;
	for (size_t i = 0; i < rep->n_top; i++) {
		const struct et_period_top_run *t = &rep->top[i];
		char tags[CELL];

		snprintf(cells[i][0], CELL, "%zu", i + 1);
		clean(cells[i][1], CELL, t->program, 16);
		clean(cells[i][2], CELL, t->user, 12);
		clean(cells[i][3], CELL, t->host, 12);
		clean(cells[i][4], CELL, tags_text(tags, sizeof(tags), t->tags_json), 24);
		local_time(cells[i][5], CELL, t->start_utc_ms);
		snprintf(cells[i][6], CELL, "%s%s", dr_fmt(tags, sizeof(tags), t->duration_s / 3600.0, 2),
			 t->complete ? "" : " (truncated)");
		et_period_energy_str(cells[i][7], CELL, t->energy_wh);
		et_period_co2_str(cells[i][8], CELL, t->co2e_g);
		for (size_t c = 0; c < NC; c++)
			ptr[i * NC + c] = cells[i][c];
	}
	const struct dr_table t = {cols, NC, ptr, rep->n_top, 8.5, 0};
	snprintf(title, sizeof(title), "The %zu largest runs (model %s)", rep->n_top, rep->models[0]->name);
	table_flow(f, &t, title);
	if (!rep->show_commands) {
		struct dr_rect r = space(f, 14);

		dr_ink(f->doc, 0.35);
		f->y += dr_paragraph(f->doc, (struct dr_rect){r.x, r.y, r.w, 24}, 8,
				     "Program names only: whole command lines may hold secrets (--show-commands lists them).") + GAP;
		return 0;
	}
	heading(f, "Their command lines", 30);
	for (size_t i = 0; i < rep->n_top; i++) {
		char *cmd = et_report_utf8(rep->top[i].command ? rep->top[i].command : "");
		size_t len = strlen(cmd ? cmd : "") + 16;
		char *line = malloc(len);
		struct dr_rect r = space(f, 24);

		if (!cmd || !line) {
			free(cmd);
			free(line);
			return -1;
		}
		snprintf(line, len, "%zu. %s", i + 1, cmd);
		f->y += dr_paragraph(f->doc, (struct dr_rect){r.x, r.y, r.w, fmin(r.h, 60)}, 8, line) + 4;
		free(cmd);
		free(line);
	}
	f->y += GAP;
	return 0;
}

/* Each model's totals, and a bar per model: the spread of the estimates made visible. */
static int models_page(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	static const struct dr_table_col cols[] = {
		{"model", NULL, DR_LEFT}, {"energy", "with PUE", DR_RIGHT}, {"CO2e", NULL, DR_RIGHT},
		{"intensity", "gCO2e/kWh", DR_RIGHT},
	};
	char cells[ET_PERIOD_MAX_MODELS][4][CELL];
	const char *ptr[ET_PERIOD_MAX_MODELS * 4];
	const char *names[ET_PERIOD_MAX_MODELS];
	double v[ET_PERIOD_MAX_MODELS], max = 0, div;
	static const char *const period[] = {"the period"};

	for (size_t m = 0; m < rep->n_models; m++) {
		double e = rep->total.energy_wh[m];

		snprintf(cells[m][0], CELL, "%s", rep->models[m]->name);
		et_period_energy_str(cells[m][1], CELL, e);
		et_period_co2_str(cells[m][2], CELL, rep->total.co2e_g[m]);
		et_report_num(cells[m][3], CELL, 'f', 1, e > 0 ? rep->total.co2e_g[m] / (e / 1000.0) : 0.0);
		for (size_t c = 0; c < 4; c++)
			ptr[m * 4 + c] = cells[m][c];
		names[m] = rep->models[m]->name;
		max = fmax(max, e);
	}
	const char *unit = et_report_energy_unit(max, &div);
	for (size_t m = 0; m < rep->n_models; m++)
		v[m] = rep->total.energy_wh[m] / div;
	const struct dr_table t = {cols, 4, ptr, rep->n_models, 9, 1};
	const struct dr_grouped c = {"The period's energy by model (with PUE)", period, 1, names, rep->n_models, v,
				     "energy", unit, -3};   /* 3 significant digits */
	table_flow(f, &t, "The models compared (the spread shows how uncertain the estimate is)");
	double h = 90 + rep->n_models * 14.0;
	struct dr_rect r = space(f, h);

	r.h = h;
	dr_grouped_bars(f->doc, r, &c);
	f->y = r.y + r.h + GAP;
	return 0;
}

/* SLURM accounting: the jobs estimated from it and the coverage of the logs, per group. */
static int accounting(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	const struct et_period_sums *t = &rep->total;
	static const struct dr_table_col cols[] = {
		{"group", NULL, DR_LEFT}, {"estimated", "jobs", DR_RIGHT},
		{"CPU-hours", "logs, h", DR_RIGHT}, {"CPU-hours", "estimates, h", DR_RIGHT}, {"logs", "CPU", DR_RIGHT},
		{"GPU-hours", "logs, h", DR_RIGHT}, {"GPU-hours", "estimates, h", DR_RIGHT}, {"logs", "GPU", DR_RIGHT},
		{"estimated", "energy", DR_RIGHT},
	};
	enum { NC = sizeof(cols) / sizeof(cols[0]) };
	size_t rows = rep->n_groups + 1;
	char (*cells)[CELL] = calloc(rows * NC, CELL);
	const char **ptr = calloc(rows * NC, sizeof(*ptr));
	char text[1024], a[48], b[48], c[48], d[48], e[48];
	size_t at;
	int rc = -1;

	if (!cells || !ptr)
		goto out;
	heading(f, "SLURM jobs without an etrec log, and coverage", 80);
	at = (size_t)snprintf(text, sizeof(text), "%zu jobs of SLURM's accounting have no etrec log: estimated "
		"with the ga formula on sacct data (TDP per core x TotalCPU, W/GB x requested memory x Elapsed, "
		"GPUs x TDP x Elapsed), %s and %s in the period, %s. %zu of them from SLURM's ConsumedEnergyRaw, "
		"%zu still running. %zu jobs have etrec logs and are counted by them; allocated CPU-hours: %s h "
		"with logs, %s h without.", t->sched_jobs, et_period_energy_str(a, sizeof(a), t->sched_wh),
		et_period_co2_str(b, sizeof(b), t->sched_co2e_g),
		rep->sched_model < 0 ? "in no model's figures (ga was not asked for)"
		: "in ga's figures only (the other models leave them out)", rep->sched_measured,
		rep->sched_partial, rep->logged_jobs, et_report_num(c, sizeof(c), 's', 4, rep->logged_alloc_cpu_h),
		et_report_num(d, sizeof(d), 's', 4, rep->sched_alloc_cpu_h));
	for (size_t i = 0; i < rep->n_undescribed && at < sizeof(text); i++)
		at += (size_t)snprintf(text + at, sizeof(text) - at, rep->cluster_file
				       ? " Partition %s is not in the cluster file: %zu jobs estimated with its defaults."
				       : " Partition %s: %zu jobs estimated with Green Algorithms' defaults (no cluster file).",
				       clean(e, sizeof(e), rep->undescribed[i].name, 30), rep->undescribed[i].jobs);
	struct dr_rect r = space(f, 60);
	f->y += dr_paragraph(f->doc, (struct dr_rect){r.x, r.y, r.w, fmin(r.h, 60)}, 8.5, text) + GAP;
	for (size_t g = 0; g < rows; g++) {
		const struct et_period_sums *s = g < rep->n_groups ? &rep->groups[g] : t;
		char (*cell)[CELL] = cells + g * NC;

		group_cell(cell[0], s);
		snprintf(cell[1], CELL, "%zu", s->sched_jobs);
		et_report_num(cell[2], CELL, 's', 4, s->cpu_h);
		et_report_num(cell[3], CELL, 's', 4, s->sched_cpu_h);
		et_period_share_str(cell[4], CELL, et_period_share(s->cpu_h, s->sched_cpu_h));
		et_report_num(cell[5], CELL, 's', 4, s->gpu_h);
		et_report_num(cell[6], CELL, 's', 4, s->sched_gpu_h);
		et_period_share_str(cell[7], CELL, et_period_share(s->gpu_h, s->sched_gpu_h));
		et_period_energy_str(cell[8], CELL, s->sched_wh);
	}
	for (size_t i = 0; i < rows * NC; i++)
		ptr[i] = cells[i];
	const struct dr_table tab = {cols, NC, ptr, rows, 9, 1};
	table_flow(f, &tab, "Coverage: CPU-hours used and GPU-hours from etrec logs vs scheduler estimates");
	rc = 0;
out:
	free(cells);
	free(ptr);
	return rc;
}

/* The distinct warnings, as one paragraph each. */
static void warnings(struct pdf_flow *f)
{
	const struct et_period_report *rep = f->rep;
	char more[96];

	if (rep->n_warnings == 0)
		return;
	heading(f, "Warnings", 30);
	for (size_t i = 0; i < rep->n_warnings; i++) {
		char *w = et_report_utf8(rep->warnings[i]);
		struct dr_rect r = space(f, 24);

		f->y += dr_paragraph(f->doc, (struct dr_rect){r.x, r.y, r.w, fmin(r.h, 48)}, 8, w ? w : "?") + 3;
		free(w);
	}
	if (rep->warnings_dropped) {
		struct dr_rect r = space(f, 14);

		snprintf(more, sizeof(more), "and %zu more distinct warnings.", rep->warnings_dropped);
		f->y += dr_paragraph(f->doc, (struct dr_rect){r.x, r.y, r.w, 14}, 8, more);
	}
}

int et_period_write_pdf(const char *path, const struct et_period_report *rep, struct et_error *err)
{
	struct pdf_flow f;
	char from[64], to[64], tool[64];
	struct dr_meta meta = {tool, time(NULL), NULL};
	int rc = 0;

	snprintf(tool, sizeof(tool), "energytrack etest %s", ET_VERSION);
	memset(&f, 0, sizeof(f));
	f.rep = rep;
	if (!(f.doc = dr_pdf_open(path, &meta, err)))
		return -1;
	snprintf(f.title, sizeof(f.title), "Energy and CO2e of %s, by %s", rep->label, rep->by);
	snprintf(f.subtitle, sizeof(f.subtitle), "%s to %s (%s) \xC2\xB7 %zu runs \xC2\xB7 etest report",
		 local_time(from, sizeof(from), rep->from_utc_ms),
		 local_time(to, sizeof(to), rep->to_utc_ms), rep->tz, rep->total.runs);
	new_page(&f);
	if (summary(&f) < 0 || groups_table(&f) < 0 || groups_chart(&f) < 0)
		rc = -1;
	if (rc == 0) {
		new_page(&f);
		if (days_chart(&f) < 0 || top_runs(&f) < 0)
			rc = -1;
	}
	if (rc == 0 && rep->have_accounting) {
		new_page(&f);
		rc = accounting(&f);
	}
	if (rc == 0 && rep->n_models > 1) {
		new_page(&f);
		rc = models_page(&f);
	}
	if (rc == 0)
		warnings(&f);
	dr_page_end(f.doc);
	if (rc < 0) {
		struct et_error ignored = ET_ERROR_INIT;

		dr_close(f.doc, &ignored);
		return et_error_set(err, path, 0, "out of memory");
	}
	return dr_close(f.doc, err);
}
