/* pdf_pages.c - the pages of one run in the PDF report: summary, why the models differ,
 * the run over time (and GPU by GPU), intensity, inputs and warnings (pdf_pages.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "et_grow.h"
#include "et_units.h"
#include "pdf_pages.h"
#include "reference_meter.h"
#include "run_charts.h"
#include "run_series.h"

/* ---- helpers (pdf_pages.h) ---- */

/* Shorten a rectangle from its top by dy. */
struct dr_rect pdf_below(struct dr_rect r, double y)
{
	if (y > r.y + r.h)
		y = r.y + r.h;
	r.h -= y - r.y;
	r.y = y;
	return r;
}

/* "1 d 2 h 3 min", "2 h 5 min", "12 min 5 s", "2.1 s". */
char *pdf_duration(char *buf, size_t n, double s)
{
	long t = (long)llround(s);

	if (!isfinite(s))
		snprintf(buf, n, "unknown");
	else if (s < 60)
		snprintf(buf, n, "%.1f s", s);
	else if (t < 3600)
		snprintf(buf, n, "%ld min %ld s", t / 60, t % 60);
	else if (t < 86400)
		snprintf(buf, n, "%ld h %ld min", t / 3600, t / 60 % 60);
	else
		snprintf(buf, n, "%ld d %ld h %ld min", t / 86400, t / 3600 % 24, t / 60 % 60);
	return buf;
}

/* Local wall-clock time of a Unix instant with the zone: "2026-11-22 01:42:09 CET (Europe/Paris)". */
static char *local_text(char *buf, size_t n, double unix_s, const char *zone)
{
	time_t t = (time_t)floor(unix_s);
	struct tm tm;
	char s[64];

	if (!localtime_r(&t, &tm) || !strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S %Z", &tm))
		snprintf(s, sizeof(s), "unknown");
	snprintf(buf, n, "%s (%s)", s, zone);
	return buf;
}

const char *pdf_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* "61.2 W". Returns buf. */
static const char *watts_text(char *buf, size_t n, double w)
{
	char v[32];

	snprintf(buf, n, "%s W", dr_fmt(v, sizeof(v), w, 1));
	return buf;
}


const char *pdf_cell(struct pdf_cells *c, const char *s)
{
	char *copy, **grown = et_grow(c->v, &c->cap, c->n + 1, sizeof(*grown));

	if (!grown)
		return "";
	c->v = grown;
	if (!(copy = et_report_utf8(s ? s : "")))
		return "";
	for (char *p = copy; *p; p++)   /* control characters never reach the page */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	c->v[c->n++] = copy;
	return copy;
}

void pdf_cells_free(struct pdf_cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* ---- page 1: summary ---- */

static double summary_facts(struct pdf_pages *st, struct dr_rect body, const struct et_report_run *r,
			    struct pdf_cells *cs)
{
	const struct et_run *run = r->run;
	const struct et_run_facts *f = &run->facts;
	const char *kv[2 * 16];
	size_t n = 0;
	char buf[1024], a[64], b[64];
	double bottom = body.y;

#define KV(k, v) do { kv[2 * n] = (k); kv[2 * n + 1] = pdf_cell(cs, (v)); n++; } while (0)
	KV("log", run->log_path);
	et_report_command(run, buf, sizeof(buf));
	KV("command", buf);
	snprintf(buf, sizeof(buf), "%s on host %s", *f->user ? f->user : "?", *f->host ? f->host : "?");
	KV("user", buf);
	snprintf(buf, sizeof(buf), "%s, %d socket%s, %d physical cores, %d logical CPUs, %s GB memory",
		 *f->cpu_model ? f->cpu_model : "unknown CPU", f->sockets, f->sockets == 1 ? "" : "s",
		 f->physical_cores, f->logical_cpus, dr_fmt(a, sizeof(a), f->mem_total_kib / ET_KIB_PER_GB, 1));
	KV("machine", buf);
	if (f->n_gpus > 0) {
		size_t used = 0;
		for (int g = 0; g < f->n_gpus && g < ET_MAX_GPUS && used < sizeof(buf); g++) {
			const struct et_gpu_info *gi = &f->gpus[g];
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%d: %s (idle %s)", g ? "; " : "",
						 gi->index, *gi->name ? gi->name : "unknown GPU",
						 isfinite(gi->idle_w) ? watts_text(a, sizeof(a), gi->idle_w) : "not measured");
		}
		KV("GPUs", buf);
	}
	KV("start", local_text(buf, sizeof(buf), (double)f->launch_utc_ms / 1000.0, st->zone));
	if (f->duration_s >= 60)
		snprintf(buf, sizeof(buf), "%s (%s s)", pdf_duration(a, sizeof(a), f->duration_s),
			 dr_fmt(b, sizeof(b), f->duration_s, 1));
	else
		pdf_duration(buf, sizeof(buf), f->duration_s);
	KV("duration", buf);
	if (f->complete)
		snprintf(buf, sizeof(buf), "%s %d; the log is complete", strcmp(f->end.status, "signaled") == 0
			 ? "killed by signal" : "exit status", f->end.code);
	else
		snprintf(buf, sizeof(buf), "unknown: the log is truncated (no end record), the run ends at its last sample");
	KV("end", buf);
	KV("scope", r->scope && strcmp(r->scope, "user") == 0 ? "user (all of the user's processes)"
							       : "job (the command and its children)");
	if (r->n_results) {
		const struct et_model_result *m = &r->results[0];
		const char *basis = m->ci.n_days ? m->ci.days[0].basis : "", *source = m->ci.n_days ? m->ci.days[0].source : "";
		for (size_t i = 1; i < m->ci.n_days; i++) {
			if (strcmp(m->ci.days[i].basis, basis) != 0)
				basis = "mixed (see the intensity page)";
			if (strcmp(m->ci.days[i].source, source) != 0)
				source = "several (see the intensity page)";
		}
		et_report_num(buf, sizeof(buf), 'f', 2, m->pue);
		for (size_t i = 1; i < r->n_results; i++)
			if (r->results[i].pue != m->pue)
				snprintf(buf, sizeof(buf), "each model's own (--native), see the table");
		KV("PUE", buf);
		snprintf(buf, sizeof(buf), "%s gCO2e/kWh, energy-weighted over the run; %s; %s",
			 et_report_num(a, sizeof(a), 'f', 2, m->intensity_g_per_kwh), basis, source);
		KV("intensity", buf);
	}
	if (f->end.present) {
		double etrec = f->end.etrec_utime_s + f->end.etrec_stime_s;
		double job = f->end.job_utime_s + f->end.job_stime_s;
		char c[64];
		snprintf(buf, sizeof(buf), "etrec used %s CPU-s, %s %% of the job's %s CPU-s",
			 et_report_num(a, sizeof(a), 's', 3, etrec),
			 job > 0 ? et_report_num(b, sizeof(b), 's', 2, 100.0 * etrec / job) : "n/a",
			 et_report_num(c, sizeof(c), 's', 4, job));
		KV("recorder", buf);
	} else {
		KV("recorder", "etrec's own CPU time unknown (no end record)");
	}
#undef KV
	/* label, then the value wrapped at spaces: a long command or source stays whole */
	for (size_t i = 0; i < n; i++) {
		double h;

		dr_ink(st->doc, 0);
		dr_text(st->doc, body.x, bottom + 8, 8, 1, DR_LEFT, kv[2 * i]);
		h = dr_paragraph(st->doc, (struct dr_rect){body.x + 70, bottom, body.w - 70, 40}, 8, kv[2 * i + 1]);
		bottom += (h > 11 ? h : 11) + 2;
	}
return bottom;
}

static double summary_models(struct pdf_pages *st, struct dr_rect body, const struct et_report_run *r,
			     struct pdf_cells *cs)
{
	static const struct dr_table_col cols[] = {
		{"model", NULL, DR_LEFT}, {"CPU", "Wh", DR_RIGHT}, {"GPU", "Wh", DR_RIGHT}, {"RAM", "Wh", DR_RIGHT},
		{"PUE", NULL, DR_RIGHT}, {"energy", "with PUE", DR_RIGHT}, {"intensity", "gCO2e/kWh", DR_RIGHT},
		{"emissions", "gCO2e", DR_RIGHT}, {"vs meter", "%", DR_RIGHT},
	};
	size_t n_cols = r->reference ? 9 : 8, rows = r->n_results + (r->reference ? 1 : 0);
	const char **cells = calloc(rows * n_cols + 1, sizeof(*cells));
	char b[48];
	double bottom = body.y;

	if (!cells)
		return bottom;
	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		const char **row = cells + i * n_cols;

		row[0] = m->model->name;
		if (m->setup.unavailable[0]) {   /* no figure: the text below the table says why */
			row[1] = "cannot run";
			for (size_t c = 2; c < n_cols; c++)
				row[c] = "-";
			continue;
		}
		row[1] = pdf_cell(cs, et_report_num(b, sizeof(b), 's', 4, m->energy.cpu_wh));
		row[2] = pdf_cell(cs, et_report_num(b, sizeof(b), 's', 4, m->energy.gpu_wh));
		row[3] = pdf_cell(cs, et_report_num(b, sizeof(b), 's', 4, m->energy.ram_wh));
		row[4] = pdf_cell(cs, et_report_num(b, sizeof(b), 'f', 2, m->pue));
		row[5] = pdf_cell(cs, et_report_energy(b, sizeof(b), m->energy_wh));
		row[6] = pdf_cell(cs, et_report_num(b, sizeof(b), 'f', 2, m->intensity_g_per_kwh));
		row[7] = pdf_cell(cs, et_report_num(b, sizeof(b), 's', 4, m->co2e_g));
		if (r->reference) {
			double dev = et_report_deviation_pct(m, r->reference);
			row[8] = pdf_cell(cs, isfinite(dev) ? dr_fmt(b, sizeof(b), dev, 1) : "n/a");
		}
	}
	if (r->reference) {
		const char **row = cells + r->n_results * n_cols;
		double pue = r->n_results ? r->results[0].pue : NAN;
		row[0] = "meter x PUE";
		row[4] = pdf_cell(cs, et_report_num(b, sizeof(b), 'f', 2, pue));
		row[5] = pdf_cell(cs, et_report_energy(b, sizeof(b), et_report_reference_wh(r->reference) * pue));
	}
	{
		const struct dr_table t = {cols, n_cols, cells, rows, 8.5, 1};
		dr_table(st->doc, body, &t, 0, &bottom);
	}
	free(cells);
	return bottom;
}

/* "Equivalents: 0.0083 to 0.0145 gCO2e is 0.00005 to 0.00008 km by car..." */
static double summary_text(struct pdf_pages *st, struct dr_rect body, const struct et_report_run *r)
{
	char text[1400], lo_g[32], hi_g[32], a[32], b[32], c[32], d[32], e[32], f[32];
	double lo = INFINITY, hi = -INFINITY, y = body.y;
	size_t used = 0;

	for (size_t i = 0; i < r->n_results; i++) {
		double g = r->results[i].co2e_g;
		if (isfinite(g)) {
			lo = g < lo ? g : lo;
			hi = g > hi ? g : hi;
		}
	}
	text[0] = '\0';
	for (size_t i = 0; i < r->n_results && used < sizeof(text); i++)
		if (r->results[i].setup.unavailable[0])
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s cannot run on this log: %s.\n",
						 r->results[i].model->name, r->results[i].setup.unavailable);
	if (isfinite(lo) && st->have_eq && used < sizeof(text))
		used += (size_t)snprintf(text + used, sizeof(text) - used,
			"Equivalents: %s to %s gCO2e (the models' range) is %s to %s km by car (%s gCO2e/km) or "
			"%s to %s tree-months (%s gCO2e absorbed per tree-month); reference values: %s.\n",
			et_report_num(lo_g, sizeof(lo_g), 's', 4, lo), et_report_num(hi_g, sizeof(hi_g), 's', 4, hi),
			et_report_num(a, sizeof(a), 's', 3, lo / st->eq.car_g_per_km),
			et_report_num(b, sizeof(b), 's', 3, hi / st->eq.car_g_per_km),
			et_report_num(e, sizeof(e), 'g', 4, st->eq.car_g_per_km),
			et_report_num(c, sizeof(c), 's', 3, lo / st->eq.tree_month_g),
			et_report_num(d, sizeof(d), 's', 3, hi / st->eq.tree_month_g),
			et_report_num(f, sizeof(f), 'g', 4, st->eq.tree_month_g), st->eq.source);
	else if (isfinite(lo) && used < sizeof(text))
		used += (size_t)snprintf(text + used, sizeof(text) - used, "Equivalents not shown: Green Algorithms' reference values "
					 "were not found in etest's data folder. ");
	if (r->reference && used < sizeof(text)) {
		const struct ref_result *ref = r->reference;
		char idle[256];
		ref_idle_describe(ref, idle, sizeof(idle));
		used += (size_t)snprintf(text + used, sizeof(text) - used,
			"Reference: %s measured by the meter over %s %% of the run (gross %s, idle %s: %s), %s over the "
			"whole run%s; each model's deviation is (its energy before PUE - this) / this x 100.",
			et_report_energy(a, sizeof(a), ref->net_wh), dr_fmt(b, sizeof(b), 100.0 * ref->covered_share, 1),
			et_report_energy(c, sizeof(c), ref->gross_wh), et_report_energy(d, sizeof(d), ref->idle_wh), idle,
			et_report_energy(lo_g, sizeof(lo_g), et_report_reference_wh(ref)),
			ref->covered_share < 1.0 - 1e-9 ? " (scaled from the covered part: its mean power held over the rest)" : "");
	}
	dr_ink(st->doc, 0.15);
	for (char *para = text, *next; para && *para; para = next) {   /* one paragraph each */
		if ((next = strchr(para, '\n')))
			*next++ = '\0';
		y += dr_paragraph(st->doc, (struct dr_rect){body.x, y, body.w, body.y + body.h - y}, 8, para) + 4;
	}
	return y;
}

static void page_summary(struct pdf_pages *st, const struct et_report_run *r)
{
	char cmd[1024], title[1100], sub[512], d[64];
	struct pdf_cells cs = {0};
	struct dr_rect body;
	const struct et_run_facts *f = &r->run->facts;

	et_report_command(r->run, cmd, sizeof(cmd));
	snprintf(title, sizeof(title), "energytrack report: %s", cmd[0] ? cmd : pdf_basename(r->run->log_path));
	snprintf(sub, sizeof(sub), "%.200s \xC2\xB7 %.100s@%.100s \xC2\xB7 %s, %s, scope %s", pdf_basename(r->run->log_path),
		 *f->user ? f->user : "?", *f->host ? f->host : "?", pdf_duration(d, sizeof(d), f->duration_s),
		 f->complete ? "complete" : "truncated", r->scope ? r->scope : "job");
	body = dr_page_begin(st->doc, pdf_cell(&cs, title), pdf_cell(&cs, sub));
	body = pdf_below(body, summary_facts(st, body, r, &cs) + 12);
	if (st->per_text)   /* --per: the figures of every page are divided, said once here */
		body = pdf_below(body, body.y + dr_heading(st->doc, body, pdf_cell(&cs, st->per_text)));
	body = pdf_below(body, body.y + dr_heading(st->doc, body, "What each model says"));
	body = pdf_below(body, summary_models(st, body, r, &cs) + 8);
	summary_text(st, body, r);
	dr_page_end(st->doc);
	pdf_cells_free(&cs);
}

/* ---- page 2: why the models differ ---- */

static void page_models(struct pdf_pages *st, const struct et_report_run *r)
{
	struct dr_rect body = dr_page_begin(st->doc, "Why the models differ",
					    "energy by part and each model's main assumption, from its inputs");
	double h = 70.0 + 48.0 * (double)r->n_results;

	if (h > body.h * (r->reference ? 0.58 : 0.75))
		h = body.h * (r->reference ? 0.58 : 0.75);
	rc_models(st->doc, (struct dr_rect){body.x, body.y, body.w, h}, r);
	if (r->n_results > 1) {   /* the spread, in one sentence */
		size_t lo = 0, hi = 0;
		char text[512], a[48], b[48], f[32];

		for (size_t i = 1; i < r->n_results; i++) {
			if (r->results[i].energy_wh < r->results[lo].energy_wh)
				lo = i;
			if (r->results[i].energy_wh > r->results[hi].energy_wh)
				hi = i;
		}
		snprintf(text, sizeof(text), "The models range from %s (%s) to %s (%s) with PUE%s%s.",
			 et_report_energy(a, sizeof(a), r->results[lo].energy_wh), r->results[lo].model->name,
			 et_report_energy(b, sizeof(b), r->results[hi].energy_wh), r->results[hi].model->name,
			 r->results[lo].energy_wh > 0 ? ", a factor of " : "",
			 r->results[lo].energy_wh > 0
			 ? dr_fmt(f, sizeof(f), r->results[hi].energy_wh / r->results[lo].energy_wh, 2) : "");
		dr_ink(st->doc, 0.15);
		dr_paragraph(st->doc, (struct dr_rect){body.x, body.y + h + 2, body.w, 24}, 8.5, text);
		h += 22;
	}
	if (r->reference)
		rc_deviation(st->doc, (struct dr_rect){body.x, body.y + h + 16, body.w, body.h - h - 16}, r);
	dr_page_end(st->doc);
}

/* ---- page 3: the run over time ---- */

static void page_time(struct pdf_pages *st, const struct et_report_run *r)
{
	char sub[160];
	struct dr_rect body;
	int gpu = r->run->facts.n_gpus > 0 && r->series && r->series->gpu, ref = r->reference != NULL;
	double weights[4] = {1.0, 1.0, gpu ? 1.3 : 0, ref ? 1.0 : 0}, total = 0, y;
	int charts = 0;

	snprintf(sub, sizeof(sub), "local wall-clock time, %s; a gap in the samples is left blank", st->zone);
	body = dr_page_begin(st->doc, "The run over time", sub);
	for (int i = 0; i < 4; i++) {
		total += weights[i];
		charts += weights[i] > 0;
	}
	y = body.y;
	for (int i = 0; i < 4; i++) {   /* the body shared by the charts, 12 pt between them */
		double h = (body.h - 12.0 * (charts - 1)) * weights[i] / total;
		struct dr_rect rr = {body.x, y, body.w, h};

		if (weights[i] == 0)
			continue;
		if (i == 0)
			rc_cpu(st->doc, rr, r, st->zone);
		else if (i == 1)
			rc_memory(st->doc, rr, r, st->zone);
		else if (i == 2)
			rc_gpu(st->doc, rr, r, st->zone);
		else
			rc_reference(st->doc, rr, r, st->zone);
		y += h + 12;
	}
	dr_page_end(st->doc);
}

/* ---- with several GPUs: one chart per GPU, 8 to a page ---- */

static void pages_gpus(struct pdf_pages *st, const struct et_report_run *r)
{
	int n = rc_gpu_count(r);
	char sub[160];

	if (n < 2)
		return;
	snprintf(sub, sizeof(sub), "each GPU with its idle baseline and the stretches the %s had a process on it; %s",
		 r->scope && strcmp(r->scope, "user") == 0 ? "user" : "job", st->zone);
	for (int first = 0; first < n; first += 8) {
		struct dr_rect body = dr_page_begin(st->doc, "GPU by GPU", sub);
		int count = n - first < 8 ? n - first : 8, rows = (count + 1) / 2;
		double cw = (body.w - 14) / 2, ch = (body.h - 10.0 * (rows - 1)) / (rows < 2 ? 2 : rows);

		for (int k = 0; k < count; k++)
			rc_gpus(st->doc, (struct dr_rect){body.x + (k % 2) * (cw + 14), body.y + (k / 2) * (ch + 10), cw, ch},
				r, st->zone, first + k, 1);
		dr_page_end(st->doc);
	}
}

/* ---- page 4: intensity, inputs and warnings (continued on more pages as needed) ---- */

/* "measured: sockets = 2, cpu_seconds = 20 s, ..." each measured input once. Returns a
 * new string (free it), or NULL. */
static char *measured_inputs(const struct et_report_run *r)
{
	size_t cap = 4096, used = 0;
	char *text = malloc(cap), num[32];
	const char *seen[64];
	size_t n_seen = 0;

	if (!text)
		return NULL;
	used = (size_t)snprintf(text, cap, "Measured from the log:");
	for (size_t i = 0; i < r->n_results; i++) {
		const char *k;
		json_t *o;

		json_object_foreach(r->results[i].inputs, k, o) {
			const char *how = json_string_value(json_object_get(o, "how"));
			const char *unit = json_string_value(json_object_get(o, "unit"));
			json_t *v = json_object_get(o, "value");
			size_t j;

			if (!how || strcmp(how, "measured") != 0 || !json_is_number(v))
				continue;
			for (j = 0; j < n_seen && strcmp(seen[j], k) != 0; j++)
				;
			if (j < n_seen || n_seen == 64 || used >= cap - 1)
				continue;
			seen[n_seen++] = k;
			used += (size_t)snprintf(text + used, cap - used, "%s %s = %s%s%s", n_seen > 1 ? "," : "", k,
						 et_report_num(num, sizeof(num), 'g', 6, json_number_value(v)),
						 unit && *unit ? " " : "", unit ? unit : "");
		}
	}
	if (used < cap - 1)
		snprintf(text + used, cap - used, "%s", n_seen ? "." : " nothing.");
	return text;
}

/* Draw paragraphs (one per text) from body's top, going on to new pages titled title;
 * returns the rectangle left below them. */
static struct dr_rect paragraphs(struct pdf_pages *st, struct dr_rect body, const char *const *texts, size_t n,
				 const char *title)
{
	for (size_t i = 0; i < n; i++) {
		struct dr_rect probe = {body.x + 8, body.y, body.w - 8, body.h};
		double h;

		if (body.h < 60) {   /* room for a paragraph of 5 lines or so */
			dr_page_end(st->doc);
			body = dr_page_begin(st->doc, title, NULL);
			probe = (struct dr_rect){body.x + 8, body.y, body.w - 8, body.h};
		}
		dr_ink(st->doc, 0);
		dr_text(st->doc, body.x, body.y + 7.5, 7.5, 0, DR_LEFT, "\xE2\x80\xA2");
		h = dr_paragraph(st->doc, probe, 7.5, texts[i]);
		body = pdf_below(body, body.y + h + 3);
	}
	return body;
}

/* "text [models]", or the text alone when every model gives it; kept in cs. */
static const char *line_with_models(struct pdf_cells *cs, const struct et_report_line *l, unsigned n_all)
{
	char buf[1200];

	if (l->n_models == n_all)
		return pdf_cell(cs, l->text);
	snprintf(buf, sizeof(buf), "%s [%s]", l->text, l->models);
	return pdf_cell(cs, buf);
}

static void page_inputs(struct pdf_pages *st, const struct et_report_run *r, const struct et_report_digest *d)
{
	size_t n_in = d->inputs.n + d->days.n + 1, n_w = d->n_warnings + (r->reference ? r->reference->n_warnings : 0);
	const char **in = calloc(n_in + 1, sizeof(*in)), **warn = calloc(n_w + 1, sizeof(*warn));
	char *measured = measured_inputs(r);
	struct pdf_cells cs = {0};
	struct dr_rect body;
	size_t k = 0;

	if (!in || !warn)
		goto out;
	for (size_t i = 0; i < d->days.n; i++)
		in[k++] = line_with_models(&cs, &d->days.v[i], d->n_models);
	for (size_t i = 0; i < d->inputs.n; i++)
		in[k++] = line_with_models(&cs, &d->inputs.v[i], d->n_models);
	if (measured)
		in[k++] = pdf_cell(&cs, measured);
	for (size_t i = 0; i < d->n_warnings; i++)
		warn[i] = pdf_cell(&cs, d->warnings[i]);
	for (size_t i = 0; r->reference && i < r->reference->n_warnings; i++)
		warn[d->n_warnings + i] = pdf_cell(&cs, r->reference->warnings[i]);

	body = dr_page_begin(st->doc, "Carbon intensity, inputs and warnings",
			     "what the models were given, and how each value was obtained");
	rc_intensity(st->doc, (struct dr_rect){body.x, body.y, body.w, body.h * 0.3}, r);
	body = pdf_below(body, body.y + body.h * 0.3 + 14);
	body = pdf_below(body, body.y + dr_heading(st->doc, body, "Intensity days and inputs, with how each was "
					       "obtained [the models using it, when not all]"));
	body = paragraphs(st, body, in, k, "Inputs (continued)");
	body = pdf_below(body, body.y + 8);
	if (body.h < 40) {
		dr_page_end(st->doc);
		body = dr_page_begin(st->doc, "Warnings", NULL);
	}
	body = pdf_below(body, body.y + dr_heading(st->doc, body, n_w ? "Warnings" : "Warnings: none"));
	paragraphs(st, body, warn, n_w, "Warnings (continued)");
	dr_page_end(st->doc);
out:
	free(in);
	free(warn);
	free(measured);
	pdf_cells_free(&cs);
}

void pdf_run_pages(struct pdf_pages *st, const struct et_report_run *r, const struct et_report_digest *d)
{
	page_summary(st, r);
	page_models(st, r);
	page_time(st, r);
	pages_gpus(st, r);
	page_inputs(st, r, d);
}
