/* report_pdf.c - the "pdf" writer (--pdf FILE): an A4 report per run (pdf_pages.c), after a
 * page comparing the runs when there are several. cairo writes writer.c's temporary file. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "et_grow.h"
#include "pdf_pages.h"
#include "report.h"
#include "run_charts.h"

#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

/* A piece of the first pages (which compare the runs): a chart or a table of some runs. */
enum front_kind { FRONT_ENERGY, FRONT_CO2E, FRONT_DEVIATION, FRONT_TABLE };

struct front_item {
	enum front_kind kind;
	size_t first, count;   /* runs */
	int page;              /* 0-based among the first pages */
	double y, h;           /* from the body's top */
};

struct pdf_state {
	struct pdf_pages pages;     /* the document and what every page needs */
	struct rc_compare cmp;      /* every run's totals, for the first page */
	size_t cap_runs;
	int several;
	size_t runs_drawn;
	struct front_item *plan;    /* the first pages, planned for the logs given */
	size_t n_plan;
	int front_pages;
	char per_text[256];         /* --per: the label of divided figures */
	const char *per_unit;
};

/* ---- the first page of several runs ---- */

/* *v resized to cap rows of row doubles. Returns *v, or NULL (then *v is kept). */
static double *grow_rows(double **v, size_t cap, size_t row)
{
	size_t rows_cap = 0;
	double *grown = cap <= SIZE_MAX / row ? et_grow(*v, &rows_cap, cap * row, sizeof(**v)) : NULL;

	if (grown)
		*v = grown;
	return grown;
}

static int keep_totals(struct pdf_state *st, const struct et_report_run *r)
{
	struct rc_compare *c = &st->cmp;
	char name[256], d[64];

	if (c->n_runs == 0) {
		c->n_models = r->n_results;
		if (!(c->model_names = calloc(r->n_results + 1, sizeof(*c->model_names))))
			return -1;
		for (size_t i = 0; i < r->n_results; i++)
			c->model_names[i] = r->results[i].model->name;   /* static model table */
	}
	if (c->n_runs == st->cap_runs) {   /* one more run: its name and a row of each table */
		size_t cap = st->cap_runs, row = c->n_models ? c->n_models : 1;
		char **names = et_grow(c->run_names, &cap, c->n_runs + 1, sizeof(*names));
		if (!names)
			return -1;
		c->run_names = names;
		if (!grow_rows(&c->energy_wh, cap, row) || !grow_rows(&c->co2e_g, cap, row) ||
		    !grow_rows(&c->deviation_pct, cap, row))
			return -1;
		st->cap_runs = cap;
	}
	snprintf(name, sizeof(name), "%.180s (%s)", pdf_basename(r->run->log_path),
		 pdf_duration(d, sizeof(d), r->run->facts.duration_s));
	if (!(c->run_names[c->n_runs] = et_report_utf8(name)))
		return -1;
	for (size_t k = 0; k < c->n_models; k++) {
		size_t at = c->n_runs * c->n_models + k;
		c->energy_wh[at] = c->co2e_g[at] = c->deviation_pct[at] = NAN;
		for (size_t i = 0; i < r->n_results; i++)
			if (strcmp(r->results[i].model->name, c->model_names[k]) == 0) {
				c->energy_wh[at] = r->results[i].energy_wh;
				c->co2e_g[at] = r->results[i].co2e_g;
				if (r->reference)
					c->deviation_pct[at] = et_report_deviation_pct(&r->results[i], r->reference);
			}
	}
	c->any_reference |= r->reference != NULL;
	c->n_runs++;
	return 0;
}

/* ---- the first pages: charts and tables of every run, planned before the runs come
 * (their number fixes the page numbers of the runs' own pages) ---- */

/* Runs per table on the first pages: one column each. */
#define COMPARE_RUNS_PER_TABLE 4
/* Heights (pt) of the pieces, for planning: a grouped bar chart's title and axis, a
 * run's band, a bar; a table's heading, header and row at 7.5 pt. */
#define CHART_FIXED_H 62.0
#define CHART_GROUP_H 15.3
#define CHART_BAR_H 7.0
#define TABLE_FIXED_H 50.0
#define TABLE_ROW_H 13.0

/* Plan the first pages for n_runs runs of n_models models (with the deviation charts
 * when reference) in a body of body_h: fills items (NULL: only count) and returns the
 * number of items; *pages gets the number of pages. */
static size_t plan_front(size_t n_runs, size_t n_models, int reference, double body_h, struct front_item *items,
			 int *pages)
{
	size_t per_chart = (size_t)fmax(1, floor((body_h - CHART_FIXED_H) / (CHART_GROUP_H + CHART_BAR_H * (double)n_models)));
	size_t n = 0;
	double y = 0;
	int page = 0;

	for (int kind = FRONT_ENERGY; kind <= FRONT_TABLE; kind++) {
		size_t per = kind == FRONT_TABLE ? COMPARE_RUNS_PER_TABLE : per_chart;

		if (kind == FRONT_DEVIATION && !reference)
			continue;
		for (size_t first = 0; first < n_runs; first += per) {
			size_t count = n_runs - first < per ? n_runs - first : per;
			double h = kind == FRONT_TABLE ? TABLE_FIXED_H + TABLE_ROW_H * (double)n_models
						       : CHART_FIXED_H + (double)count * (CHART_GROUP_H + CHART_BAR_H * (double)n_models);

			h = fmin(h, body_h);
			if (y > 0 && y + h > body_h) {
				page++;
				y = 0;
			}
			if (items)
				items[n] = (struct front_item){(enum front_kind)kind, first, count, page, y, h};
			n++;
			y += h + 10;
		}
	}
	*pages = page + 1;
	return n;
}

/* The runs [first, first + count) of c (no copy). */
static struct rc_compare compare_slice(const struct rc_compare *c, size_t first, size_t count)
{
	struct rc_compare s = *c;
	size_t at = first * c->n_models;

	s.run_names = c->run_names + first;
	s.n_runs = count;
	s.energy_wh = c->energy_wh + at;
	s.co2e_g = c->co2e_g + at;
	s.deviation_pct = c->deviation_pct + at;
	return s;
}

static void front_table(struct pdf_state *st, struct dr_rect r, const struct rc_compare *c)
{
	struct dr_table_col cols[1 + COMPARE_RUNS_PER_TABLE];
	const char **cells = calloc((1 + COMPARE_RUNS_PER_TABLE) * (c->n_models + 1), sizeof(*cells));
	struct pdf_cells cs = {0};
	char b[48], g[48], both[128];
	size_t n = c->n_runs;

	if (!cells)
		return;
	r = pdf_below(r, r.y + dr_heading(st->pages.doc, r, "Energy with PUE and emissions per run and model"));
	cols[0] = (struct dr_table_col){"model", NULL, DR_LEFT};
	for (size_t j = 0; j < n; j++)
		cols[1 + j] = (struct dr_table_col){c->run_names[j], "energy, emissions", DR_RIGHT};
	for (size_t m = 0; m < c->n_models; m++) {
		cells[m * (1 + n)] = c->model_names[m];
		for (size_t j = 0; j < n; j++) {
			size_t at = j * c->n_models + m;
			if (!isfinite(c->energy_wh[at]))   /* no figure: the model cannot run on this log */
				snprintf(both, sizeof(both), "n/a");
			else
				snprintf(both, sizeof(both), "%s, %s gCO2e", et_report_energy(b, sizeof(b), c->energy_wh[at]),
					 et_report_num(g, sizeof(g), 's', 4, c->co2e_g[at]));
			cells[m * (1 + n) + 1 + j] = pdf_cell(&cs, both);
		}
	}
	const struct dr_table t = {cols, 1 + n, cells, c->n_models, 7.5, 1};
	dr_table(st->pages.doc, r, &t, 0, NULL);
	free(cells);
	pdf_cells_free(&cs);
}

/* Draw the first pages as planned for w's runs (runs that failed leave their room). */
static void pages_compare(struct pdf_state *st)
{
	const struct rc_compare *c = &st->cmp;
	struct dr_rect body = {0};
	char sub[160];
	int page = -1;

	for (size_t i = 0; i < st->n_plan; i++) {
		const struct front_item *it = &st->plan[i];
		struct rc_compare slice;
		struct dr_rect r;

		while (page < it->page) {
			if (page >= 0)
				dr_page_end(st->pages.doc);
			page++;
			snprintf(sub, sizeof(sub), page == 0 ? "%zu runs, %zu models each%s%s; each run's own pages follow"
							     : "%zu runs, %zu models each%s%s (continued)", c->n_runs, c->n_models,
				 st->pages.per_text ? ", per " : "", st->pages.per_text ? st->per_unit : "");
			body = dr_page_begin(st->pages.doc, "energytrack: the runs compared", sub);
		}
		if (it->first >= c->n_runs)
			continue;
		slice = compare_slice(c, it->first, it->first + it->count > c->n_runs ? c->n_runs - it->first : it->count);
		r = (struct dr_rect){body.x, body.y + it->y, body.w, it->h};
		if (it->kind == FRONT_ENERGY)
			rc_compare_energy(st->pages.doc, r, &slice);
		else if (it->kind == FRONT_CO2E)
			rc_compare_co2e(st->pages.doc, r, &slice);
		else if (it->kind == FRONT_DEVIATION)
			rc_compare_deviation(st->pages.doc, r, &slice);
		else
			front_table(st, r, &slice);
	}
	while (page < st->front_pages - 1) {   /* never fewer pages than reserved */
		if (page >= 0)
			dr_page_end(st->pages.doc);
		page++;
		body = dr_page_begin(st->pages.doc, "energytrack: the runs compared", "(continued)");
	}
	dr_page_end(st->pages.doc);
}

/* ---- the writer ---- */

/* err names the output file (the drawing library names no file). Returns -1. */
static int name_error(struct et_error *err, const char *path)
{
	char text[sizeof(err->text)];

	snprintf(text, sizeof(text), "%s", err->text);
	return et_error_set(err, path, 0, "%s", text);
}

static int pdf_begin(struct et_writer *w, struct et_error *err)
{
	struct pdf_state *st = calloc(1, sizeof(*st));
	const struct dr_meta meta = {"energytrack " ET_VERSION, time(NULL), NULL};
	struct et_error ignored = ET_ERROR_INIT;

	if (!st)
		return et_error_set(err, w->path ? w->path : "", 0, "out of memory");
	w->state = st;
	if (!w->path)
		return et_error_set(err, "", 0, "the PDF report needs a file (--pdf FILE)");
	rc_zone_name(st->pages.zone, sizeof(st->pages.zone));
	if (w->per_n > 0) {
		st->per_unit = w->per_unit;
		st->pages.per_text = et_report_per_text(st->per_text, sizeof(st->per_text), w->per_n,
							w->per_unit);
	}
	st->pages.have_eq = et_equivalents_load(w->data_dir, &st->pages.eq, &ignored) == 0;
	if (!(st->pages.doc = dr_pdf_open(w->tmp, &meta, err)))
		return name_error(err, w->path);
	st->several = w->n_runs > 1;
	if (st->several) {   /* the plan counted, then made */
		size_t runs = (size_t)w->n_runs, models = (size_t)(w->n_models > 0 ? w->n_models : 1);
		double body_h = dr_page_body(st->pages.doc, 1).h;

		st->n_plan = plan_front(runs, models, w->reference, body_h, NULL, &st->front_pages);
		if (!(st->plan = calloc(st->n_plan + 1, sizeof(*st->plan))))
			return et_error_set(err, w->path, 0, "out of memory");
		plan_front(runs, models, w->reference, body_h, st->plan, &st->front_pages);
		dr_pdf_defer(st->pages.doc, st->front_pages);
	}
	return 0;
}

static int pdf_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	struct pdf_state *st = w->state;
	struct et_report_digest d;

	if (st->several && keep_totals(st, r) < 0)
		return et_error_set(err, w->path, 0, "out of memory");
	if (et_report_digest(r, &d, err) < 0)
		return -1;
	pdf_run_pages(&st->pages, r, &d);
	et_report_digest_release(&d);
	st->runs_drawn++;
	return 0;
}

static int pdf_end(struct et_writer *w, struct et_error *err)
{
	struct pdf_state *st = w->state;
	int rc;

	if (st->runs_drawn == 0)   /* every log failed: no empty report */
		return et_error_set(err, w->path, 0, "no log could be estimated: no PDF written");
	if (st->several) {
		dr_pdf_front(st->pages.doc);
		pages_compare(st);
	}
	rc = dr_close(st->pages.doc, err);
	st->pages.doc = NULL;
	return rc < 0 ? name_error(err, w->path) : 0;
}

static void pdf_release(struct et_writer *w)
{
	struct pdf_state *st = w->state;

	if (!st)
		return;
	if (st->pages.doc)
		dr_close(st->pages.doc, NULL);
	for (size_t i = 0; i < st->cmp.n_runs; i++)
		free(st->cmp.run_names[i]);
	free(st->cmp.run_names);
	free(st->cmp.model_names);
	free(st->cmp.energy_wh);
	free(st->cmp.co2e_g);
	free(st->cmp.deviation_pct);
	free(st->plan);
	free(st);
	w->state = NULL;
}

const struct et_writer_ops et_writer_pdf = {
	.name = "pdf",
	.option = "pdf",
	.option_help = "an A4 PDF report (a first page comparing several runs)",
	.writes = ET_WRITE_PATH,
	.wants_series = 1,
	.begin = pdf_begin,
	.run = pdf_run,
	.end = pdf_end,
	.release = pdf_release,
};
