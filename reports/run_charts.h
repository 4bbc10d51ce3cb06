/* run_charts.h - the charts of a run's report, each drawn into a rectangle from an
 * et_report_run: the PDF pages and the PNG files draw the same charts. */
#ifndef ET_RUN_CHARTS_H
#define ET_RUN_CHARTS_H

#include "draw.h"
#include "report.h"

/* Energy by part (CPU, GPU, RAM, PUE overhead), a bar per model with its main assumption. */
void rc_models(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run);
/* Each model's deviation from the reference in % (before PUE); needs run->reference. */
void rc_deviation(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run);
/* Over time (needs run->series): CPU cores of the scope and the machine; the scope's
 * memory; GPU power with idle baselines and the stretches the scope used a GPU; the
 * reference's power. tz_name names the axis zone. Return 0 when there is nothing to draw
 * (no GPU, no reference), else 1. */
int rc_cpu(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name);
int rc_memory(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name);
int rc_gpu(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name);
/* GPUs [first, first + count) of the run (count < 0: all from first), the stretches when
 * the scope had a process on one of them shaded. rc_gpu_count: GPUs with series. */
int rc_gpus(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name,
	    int first, int count);
int rc_gpu_count(const struct et_report_run *run);
int rc_reference(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run, const char *tz_name);
/* The carbon intensity of each day the run covered, the energy-weighted value drawn. */
void rc_intensity(struct dr_doc *doc, struct dr_rect r, const struct et_report_run *run);

/* Energy with PUE and emissions per run and model (several runs). */
struct rc_compare {
	char **run_names;          /* n_runs */
	size_t n_runs;
	const char **model_names;  /* n_models (the first run's; a run with other models: n/a) */
	size_t n_models;
	double *energy_wh, *co2e_g;   /* n_runs x n_models */
	double *deviation_pct;        /* from the reference, NAN without one */
	int any_reference;
};
void rc_compare_energy(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c);
void rc_compare_co2e(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c);
/* Each model's deviation from the reference in %, per run (n/a for a run without one). */
void rc_compare_deviation(struct dr_doc *doc, struct dr_rect r, const struct rc_compare *c);

/* The time zone name for the axes: $TZ's or the system's (local_time.h), into buf. */
const char *rc_zone_name(char *buf, size_t n);

#endif
