/* report_pdf.c - the "pdf" writer (--pdf FILE): an A4 report per run (pdf_pages.c), after a
 * page comparing the runs when there are several. cairo writes writer.c's temporary file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "pdf_pages.h"
#include "report.h"
#include "report_charts.h"

#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

struct pdf_state {
	struct pdf_pages pages;     /* the document and what every page needs */
	struct rc_compare cmp;      /* every run's totals, for the first page */
	size_t cap_runs;
	int several;
	size_t runs_drawn;
};

/* ---- the first page of several runs ---- */

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
	if (c->n_runs == st->cap_runs) {
		size_t cap = st->cap_runs * 2 + 4;
		char **names = realloc(c->run_names, cap * sizeof(*names));
		if (!names)
			return -1;
		c->run_names = names;
		double *e = realloc(c->energy_wh, cap * c->n_models * sizeof(*e) + 1);
		if (!e)
			return -1;
		c->energy_wh = e;
		double *g = realloc(c->co2e_g, cap * c->n_models * sizeof(*g) + 1);
		if (!g)
			return -1;
		c->co2e_g = g;
		st->cap_runs = cap;
	}
	snprintf(name, sizeof(name), "%.180s (%s)", pdf_basename(r->run->log_path),
		 pdf_duration(d, sizeof(d), r->run->facts.duration_s));
	if (!(c->run_names[c->n_runs] = et_report_utf8(name)))
		return -1;
	for (size_t k = 0; k < c->n_models; k++) {
		size_t at = c->n_runs * c->n_models + k;
		c->energy_wh[at] = c->co2e_g[at] = NAN;
		for (size_t i = 0; i < r->n_results; i++)
			if (strcmp(r->results[i].model->name, c->model_names[k]) == 0) {
				c->energy_wh[at] = r->results[i].energy_wh;
				c->co2e_g[at] = r->results[i].co2e_g;
			}
	}
	c->n_runs++;
	return 0;
}

/* Runs per table on the first page: one column each. */
#define COMPARE_RUNS_PER_TABLE 4

static void page_compare(struct pdf_state *st)
{
	const struct rc_compare *c = &st->cmp;
	struct dr_table_col cols[1 + COMPARE_RUNS_PER_TABLE];
	const char **cells = calloc((1 + COMPARE_RUNS_PER_TABLE) * (c->n_models + 1), sizeof(*cells));
	struct pdf_cells cs = {0};
	char sub[128], b[48], g[48], both[128];
	struct dr_rect body;
	double bottom, h;

	snprintf(sub, sizeof(sub), "%zu runs, %zu models each; each run's own pages follow", c->n_runs, c->n_models);
	body = dr_page_begin(st->pages.doc, "energytrack: the runs compared", sub);
	h = 40.0 + (double)(c->n_runs * c->n_models) * 9.0 + 14.0 * (double)c->n_runs;
	if (h > body.h * 0.34)
		h = body.h * 0.34;
	rc_compare_energy(st->pages.doc, (struct dr_rect){body.x, body.y, body.w, h}, c);
	rc_compare_co2e(st->pages.doc, (struct dr_rect){body.x, body.y + h + 10, body.w, h}, c);
	body = pdf_below(body, body.y + 2 * h + 22);
	body = pdf_below(body, body.y + dr_heading(st->pages.doc, body, "Energy with PUE and emissions (gCO2e) per run and model"));
	for (size_t first = 0; cells && first < c->n_runs && body.h > 30; first += COMPARE_RUNS_PER_TABLE) {
		size_t n = c->n_runs - first < COMPARE_RUNS_PER_TABLE ? c->n_runs - first : COMPARE_RUNS_PER_TABLE;

		cols[0] = (struct dr_table_col){"model", NULL, DR_LEFT};
		for (size_t j = 0; j < n; j++)
			cols[1 + j] = (struct dr_table_col){c->run_names[first + j], "energy, emissions", DR_RIGHT};
		for (size_t m = 0; m < c->n_models; m++) {
			cells[m * (1 + n)] = c->model_names[m];
			for (size_t j = 0; j < n; j++) {
				size_t at = (first + j) * c->n_models + m;
				snprintf(both, sizeof(both), "%s, %s gCO2e", et_report_energy(b, sizeof(b), c->energy_wh[at]),
					 et_report_num(g, sizeof(g), 's', 4, c->co2e_g[at]));
				cells[m * (1 + n) + 1 + j] = pdf_cell(&cs, both);
			}
		}
		const struct dr_table t = {cols, 1 + n, cells, c->n_models, 7.5, 1};
		dr_table(st->pages.doc, body, &t, 0, &bottom);
		body = pdf_below(body, bottom + 8);
	}
	dr_page_end(st->pages.doc);
	free(cells);
	pdf_cells_free(&cs);
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
	st->pages.have_eq = et_equivalents_load(w->data_dir, &st->pages.eq, &ignored) == 0;
	if (!(st->pages.doc = dr_pdf_open(w->tmp, &meta, err)))
		return name_error(err, w->path);
	st->several = w->n_runs > 1;
	if (st->several)
		dr_pdf_defer(st->pages.doc, 1);
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
		page_compare(st);
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
