/* estimate.c - models on a run, PUE, and carbon intensity weighted by the energy of each
 * bucket (quarter-hour or day; see estimate.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "et_units.h"
#include "model_common.h"

int et_models_select(const char *spec, const struct et_model **out, size_t cap, size_t *n,
		     struct et_error *err)
{
	*n = 0;
	if (strcmp(spec, "all") == 0) {
		for (size_t i = 0; et_models[i] && *n < cap; i++)
			out[(*n)++] = et_models[i];
		return *n ? 0 : et_error_set(err, "", 0, "no model is built in");
	}
	const char *p = spec;
	for (;;) {
		size_t len = strcspn(p, ",");
		char name[64];
		if (len == 0 || len >= sizeof(name))
			return et_error_set(err, "", 0, "bad model list '%s'", spec);
		memcpy(name, p, len);
		name[len] = '\0';
		const struct et_model *m = et_model_find(name);
		if (!m)
			return et_error_set(err, "", 0, "unknown model '%s' (see 'etest models')", name);
		for (size_t i = 0; i < *n; i++)
			if (out[i] == m)
				return et_error_set(err, "", 0, "model '%s' given twice", name);
		if (*n == cap)
			return et_error_set(err, "", 0, "too many models in '%s'", spec);
		out[(*n)++] = m;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static double energy_sum(const struct et_energy *e)
{
	return e->cpu_wh + e->gpu_wh + e->ram_wh;
}

/* The spans of the run's buckets with the model's energy (PUE included) in each. The
 * first and last buckets are cut to the run's start and end. Returns a new array the
 * caller frees, or NULL (out of memory). */
static struct et_ci_span *bucket_spans(const struct et_run *run, const struct et_model *m,
				       const struct et_params *p, const struct et_model_result *r)
{
	struct et_ci_span *spans = calloc(run->integrals.n_buckets ? run->integrals.n_buckets : 1, sizeof(*spans));
	struct et_bucket bucket, *b = &bucket;   /* each stored bucket expanded in turn */

	if (!spans)
		return NULL;
	for (size_t i = 0; i < run->integrals.n_buckets; i++) {
		struct et_energy e = {0, 0, 0};
		et_run_bucket(&run->integrals, i, b);
		int64_t lo = b->utc_start_ms, hi = b->utc_end_ms;
		if (run->facts.launch_utc_ms > lo && run->facts.launch_utc_ms < hi)
			lo = run->facts.launch_utc_ms;
		if (run->facts.end_utc_ms > lo && run->facts.end_utc_ms < hi)
			hi = run->facts.end_utc_ms;
		m->energy(&run->facts, p, &r->setup, &b->q, &e);
		spans[i].utc_start_ms = lo;
		spans[i].utc_end_ms = hi;
		spans[i].energy_wh = r->pue * energy_sum(&e);
	}
	return spans;
}

/* The UTC period [from, to) (ms) whose intensity the run needs: its buckets, its launch. */
static void run_period(const struct et_run *run, int64_t *from, int64_t *to)
{
	*from = run->facts.launch_utc_ms;
	*to = run->facts.launch_utc_ms + 1;
	for (size_t i = 0; i < run->integrals.n_buckets; i++) {
		int64_t start = et_run_bucket_start(&run->integrals, i), end = et_run_bucket_end(&run->integrals, i);
		if (start < *from)
			*from = start;
		if (end > *to)
			*to = end;
	}
}

/* Weight the intensity over the spans with the run's resolved intensity. */
static int weigh(const struct et_ci_resolved *src, const struct et_run *run, const struct et_model *m,
		 const struct et_params *p, struct et_model_result *r, struct et_error *err)
{
	struct et_ci_span *spans;
	struct et_ci_span whole;
	int rc;

	if (run->integrals.n_buckets == 0) {   /* a run of no duration: one empty span at its start */
		whole.utc_start_ms = run->facts.launch_utc_ms;
		whole.utc_end_ms = run->facts.launch_utc_ms + 1;
		whole.energy_wh = r->energy_wh;
		return et_ci_weight_resolved(src, &whole, 1, &r->ci, err);
	}
	if (!(spans = bucket_spans(run, m, p, r)))
		return et_error_set(err, run->log_path, 0, "out of memory");
	rc = et_ci_weight_resolved(src, spans, run->integrals.n_buckets, &r->ci, err);
	free(spans);
	return rc;
}

/* With --native, the constant source names itself "--intensity X": say whose it is. */
static void native_label(struct et_model_result *r)
{
	for (size_t i = 0; i < r->ci.n_days; i++)
		snprintf(r->ci.days[i].source, sizeof(r->ci.days[i].source), "the tool's own (--native): %s",
			 r->setup.native_source ? r->setup.native_source : "?");
	for (size_t i = 0; i < r->ci.n_step_sources; i++) {
		char *label = malloc(ET_CI_SOURCE_SIZE);

		if (!label)   /* out of memory: the constant's own source stays */
			return;
		snprintf(label, ET_CI_SOURCE_SIZE, "the tool's own (--native): %s",
			 r->setup.native_source ? r->setup.native_source : "?");
		free(r->ci.step_sources[i]);
		r->ci.step_sources[i] = label;
	}
}

/* over_buckets: the energy is that of the run's buckets (a stored run's period), else
 * that of its total. */
static int estimate_one(const struct et_run *run, const struct et_model *m,
			const struct et_params *p, const struct et_ci_resolved *ci,
			const struct et_ci_config *ci_cfg, int over_buckets,
			struct et_model_result *r, struct et_error *err)
{
	struct et_ci_source *native = NULL;
	struct et_ci_resolved *native_ci = NULL;
	int64_t from, to;
	int rc;

	memset(r, 0, sizeof(*r));
	r->model = m;
	r->inputs = json_object();
	if (!r->inputs)
		return et_error_set(err, run->log_path, 0, "out of memory");
	et_setup_init(&r->setup, p);   /* a model that does not call it gets --pue */
	if (m->prepare(&run->facts, &run->integrals.total, p, &r->setup, r->inputs, err) < 0)
		return et_error_name_source(err, run->log_path);
	json_t *cpu_s = json_object_get(r->inputs, "cpu_seconds");
	if (cpu_s && run->facts.job_cpu_from_end && p->scope == ET_SCOPE_JOB &&
	    json_object_set_new(cpu_s, "source", json_string("from the end record (job_utime_s + "
				"job_stime_s): no sample after the launch gives job_cpu_jiffies")) < 0)
		return et_error_set(err, run->log_path, 0, "out of memory");
	if (cpu_s && !run->facts.job_cpu_from_end && run->facts.job_cpu_from_cgroup && p->scope == ET_SCOPE_JOB &&
	    json_object_set_new(cpu_s, "source", json_string(run->facts.job_cpu_from_cgroup == 1 ?
				"the job's cgroup (job_cgroup_usec: cpu.stat usage_usec net of etrec)" :
				"the job's cgroup (job_cgroup_usec) until it held other processes, then "
				"job_cpu_jiffies")) < 0)
		return et_error_set(err, run->log_path, 0, "out of memory");
	r->pue = isfinite(r->setup.pue) && r->setup.pue > 0 ? r->setup.pue : p->pue;
	if (r->setup.unavailable[0]) {   /* the model cannot run on this log: no figure at all */
		r->energy.cpu_wh = r->energy.gpu_wh = r->energy.ram_wh = NAN;
		r->energy_wh = r->co2e_g = r->intensity_g_per_kwh = r->ci.g_per_kwh = NAN;
		return 0;
	}
	if (!json_object_get(r->inputs, "pue") &&
	    et_input_set(r->inputs, "pue", r->pue, "", p->pue_given ? "overridden" : "defaulted",
			 p->pue_given ? "--pue" : "etest's default, the seed paper's " ET_DEFAULT_PUE_TEXT) < 0)
		return et_error_set(err, run->log_path, 0, "out of memory");
	if (over_buckets) {
		struct et_integrals sum;
		struct et_bucket b;
		memset(&sum, 0, sizeof(sum));
		for (size_t i = 0; i < run->integrals.n_buckets; i++) {
			et_run_bucket(&run->integrals, i, &b);
			et_integrals_add(&sum, &b.q);
		}
		m->energy(&run->facts, p, &r->setup, &sum, &r->energy);
	} else {
		m->energy(&run->facts, p, &r->setup, &run->integrals.total, &r->energy);
	}
	r->energy_wh = r->pue * energy_sum(&r->energy);

	if (p->native && isfinite(r->setup.native_g_per_kwh)) {
		struct et_ci_config cfg = *ci_cfg;
		cfg.kind = ET_CI_CONSTANT;
		cfg.constant_g_per_kwh = r->setup.native_g_per_kwh;
		run_period(run, &from, &to);
		rc = et_ci_open(&cfg, &native, err) < 0 ? -1 : et_ci_resolve(native, from, to, &native_ci, err);
		et_ci_close(native);
		if (rc < 0)
			return -1;
		ci = native_ci;
	}
	rc = weigh(ci, run, m, p, r, err);
	et_ci_resolved_free(native_ci);
	if (rc < 0) {
		return et_error_name_source(err, run->log_path);   /* intensity does not know the log */
	}
	if (native_ci)
		native_label(r);
	r->intensity_g_per_kwh = r->ci.g_per_kwh;
	r->co2e_g = r->energy_wh / 1000.0 * r->intensity_g_per_kwh;
	return 0;
}

/* Every model on run, the intensity of its period resolved once for all of them. */
static int estimate_all(const struct et_run *run, const struct et_model *const *models, size_t n,
			const struct et_params *p, struct et_ci_source *ci,
			const struct et_ci_config *ci_cfg, int over_buckets,
			struct et_model_result *out, struct et_error *err)
{
	struct et_ci_resolved *resolved = NULL;   /* once per run, for every model */
	int64_t from, to;
	int rc = 0;

	memset(out, 0, n * sizeof(*out));
	run_period(run, &from, &to);
	if (et_ci_resolve(ci, from, to, &resolved, err) < 0)
		return et_error_name_source(err, run->log_path);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = estimate_one(run, models[i], p, resolved, ci_cfg, over_buckets, &out[i], err);
	et_ci_resolved_free(resolved);
	return rc;
}

int et_estimate(const struct et_run *run, const struct et_model *const *models, size_t n,
		const struct et_params *p, struct et_ci_source *ci,
		const struct et_ci_config *ci_cfg, struct et_model_result *out,
		struct et_error *err)
{
	return estimate_all(run, models, n, p, ci, ci_cfg, 0, out, err);
}

int et_estimate_buckets(const struct et_run *run, const struct et_model *const *models, size_t n,
			const struct et_params *p, struct et_ci_source *ci,
			const struct et_ci_config *ci_cfg, struct et_model_result *out,
			struct et_error *err)
{
	return estimate_all(run, models, n, p, ci, ci_cfg, 1, out, err);
}

void et_model_results_release(struct et_model_result *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(res[i].inputs);
		et_ci_result_release(&res[i].ci);
		memset(&res[i], 0, sizeof(res[i]));
	}
}
