/* estimate.h - the estimate step: run each selected model on a replayed run (total and
 * quarter-hour buckets), apply the PUE and weight the grid's carbon intensity. */
#ifndef ET_ESTIMATE_H
#define ET_ESTIMATE_H

#include <stddef.h>

#include <jansson.h>

#include "et_error.h"
#include "et_intensity.h"
#include "et_model.h"
#include "et_run.h"

/* What one model says about one run. */
struct et_model_result {
	const struct et_model *model;     /* borrowed from the model table */
	struct et_model_setup setup;      /* what prepare() fixed */
	struct et_energy energy;          /* whole run, before PUE (Wh) */
	double pue;                       /* applied */
	double energy_wh;                 /* pue x (cpu_wh + gpu_wh + ram_wh) */
	double intensity_g_per_kwh;       /* energy-weighted over the run's days */
	double co2e_g;                    /* energy_wh / 1000 x intensity_g_per_kwh */
	json_t *inputs;                   /* where each input came from; owned (new reference) */
	struct et_ci_result ci;           /* days, bases and sources; owned */
};

/* Choose models from a --model list: "all" (et_models, not et_models_named) or names
 * separated by commas. Fills out[]
 * (up to cap entries, borrowed from et_models) and *n. Returns 0, or -1 with err filled
 * ("unknown model 'x'", a name given twice, an empty list). */
int et_models_select(const char *spec, const struct et_model **out, size_t cap, size_t *n,
		     struct et_error *err);

/* Run n models on run. ci is the intensity source for every model (borrowed), its
 * intensity over the run resolved once (the cache read once) and weighted per model; when
 * p->native is set, a model whose setup has a native_g_per_kwh uses that constant
 * instead (a constant source opened from ci_cfg). Fills out[0..n-1]; the caller
 * releases them with et_model_results_release() whatever the result. Returns 0, or -1
 * with err filled (a model's prepare() or the intensity source failed). */
int et_estimate(const struct et_run *run, const struct et_model *const *models, size_t n,
		const struct et_params *p, struct et_ci_source *ci,
		const struct et_ci_config *ci_cfg, struct et_model_result *out,
		struct et_error *err);

/* As et_estimate, but the energy is the sum over the run's buckets instead of its total:
 * for a stored run whose buckets are only those of a period (et_store_runs_in). The
 * models still prepare from the whole run's total, so the period's share is exactly
 * what the whole run's buckets in that period give. */
int et_estimate_buckets(const struct et_run *run, const struct et_model *const *models, size_t n,
			const struct et_params *p, struct et_ci_source *ci,
			const struct et_ci_config *ci_cfg, struct et_model_result *out,
			struct et_error *err);

/* Free what the results own and zero them. Accepts zeroed results. */
void et_model_results_release(struct et_model_result *res, size_t n);

#endif
