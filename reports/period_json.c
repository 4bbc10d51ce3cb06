/* period_json.c - the period report as JSON: the parameters, the totals (with the spread
 * across models), the groups, the local days and the largest runs. */
#include <math.h>
#include <stdio.h>

#include <jansson.h>

#include "period.h"
#include "report.h"

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* A group's (or the totals') figures: runs, hours, idle GPU energy, each model. */
static json_t *sums_json(const struct et_period_report *rep, const struct et_period_sums *s)
{
	json_t *o = json_object(), *models = json_array();

	if (!o || !models)
		goto oom;
	if (s->key && json_object_set_new(o, "group", json_string(s->key)) < 0)
		goto oom;
	json_object_set_new(o, "runs", json_integer((json_int_t)s->runs));
	json_object_set_new(o, "incomplete_runs", json_integer((json_int_t)s->incomplete));
	json_object_set_new(o, "cpu_hours", num(s->cpu_h));
	json_object_set_new(o, "gpu_hours", num(s->gpu_h));
	json_object_set_new(o, "gpu_idle_wh", num(s->gpu_idle_wh));
	if (rep->have_accounting) {
		json_object_set_new(o, "scheduler_estimates",
				    json_pack("{s:I, s:o, s:o, s:o, s:o}", "jobs", (json_int_t)s->sched_jobs,
					      "cpu_hours", num(s->sched_cpu_h), "gpu_hours", num(s->sched_gpu_h),
					      "energy_wh", num(s->sched_wh), "co2e_g", num(s->sched_co2e_g)));
		json_object_set_new(o, "coverage",
				    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "cpu_hours_logs", num(s->cpu_h),
					      "cpu_hours_estimates", num(s->sched_cpu_h),
					      "cpu_share_logs", num(et_period_share(s->cpu_h, s->sched_cpu_h)),
					      "gpu_hours_logs", num(s->gpu_h), "gpu_hours_estimates", num(s->sched_gpu_h),
					      "gpu_share_logs", num(et_period_share(s->gpu_h, s->sched_gpu_h))));
	}
	for (size_t m = 0; m < rep->n_models; m++) {
		double e = s->energy_wh[m];
		json_t *row = json_pack("{s:s, s:o, s:o, s:o}", "model", rep->models[m]->name,
					"energy_wh", num(e), "co2e_g", num(s->co2e_g[m]),
					"intensity_g_per_kwh", num(e > 0 ? s->co2e_g[m] / (e / 1000.0) : 0.0));
		if (!row || json_array_append_new(models, row) < 0)
			goto oom;
	}
	if (json_object_set_new(o, "models", models) < 0)
		goto oom_o;
	return o;
oom:
	json_decref(models);
oom_o:
	json_decref(o);
	return NULL;
}

/* min and max over the models of the totals: the spread --model all shows. */
static json_t *spread_json(const struct et_period_report *rep)
{
	double emin = INFINITY, emax = -INFINITY, cmin = INFINITY, cmax = -INFINITY;

	for (size_t m = 0; m < rep->n_models; m++) {
		emin = fmin(emin, rep->total.energy_wh[m]);
		emax = fmax(emax, rep->total.energy_wh[m]);
		cmin = fmin(cmin, rep->total.co2e_g[m]);
		cmax = fmax(cmax, rep->total.co2e_g[m]);
	}
	return json_pack("{s:o, s:o, s:o, s:o}", "energy_wh_min", num(emin), "energy_wh_max", num(emax),
			 "co2e_g_min", num(cmin), "co2e_g_max", num(cmax));
}

static json_t *params_json(const struct et_period_report *rep)
{
	char from[40], to[40];
	json_t *models = json_array();

	for (size_t m = 0; m < rep->n_models; m++)
		json_array_append_new(models, json_string(rep->models[m]->name));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:b}",
			 "period", rep->label, "tz", rep->tz,
			 "from_utc", et_report_iso_utc(from, sizeof(from), rep->from_utc_ms),
			 "to_utc", et_report_iso_utc(to, sizeof(to), rep->to_utc_ms),
			 "by", rep->by, "models", models,
			 "scope", rep->params->scope == ET_SCOPE_USER ? "user" : "job",
			 "pue", rep->params->native ? json_string("native") : json_real(rep->params->pue),
			 "intensity", rep->intensity, "intensity_resolution", rep->resolution,
			 "show_commands", rep->show_commands);
}

static json_t *top_json(const struct et_period_report *rep)
{
	json_t *a = json_array();
	char start[40];

	for (size_t i = 0; a && i < rep->n_top; i++) {
		const struct et_period_top_run *t = &rep->top[i];
		json_t *tags = json_loads(t->tags_json, 0, NULL);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:b, s:s, s:o, s:o}",
				      "program", t->program, "user", t->user, "host", t->host,
				      "group", t->group, "tags", tags ? tags : json_object(),
				      "start", et_report_iso_utc(start, sizeof(start), t->start_utc_ms),
				      "duration_s", num(t->duration_s), "complete", t->complete,
				      "model", rep->models[0]->name,
				      "energy_wh", num(t->energy_wh), "co2e_g", num(t->co2e_g));
		if (o && t->command)
			json_object_set_new(o, "command", json_string(t->command));
		if (!o || json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *days_json(const struct et_period_report *rep)
{
	json_t *a = json_array();

	for (size_t d = 0; a && d < rep->n_days; d++) {
		json_t *models = json_array();
		for (size_t m = 0; models && m < rep->n_models; m++)
			json_array_append_new(models, json_pack("{s:s, s:o, s:o}", "model", rep->models[m]->name,
								"energy_wh", num(rep->days[d].energy_wh[m]),
								"co2e_g", num(rep->days[d].co2e_g[m])));
		json_t *o = json_pack("{s:s, s:o}", "date", rep->days[d].date, "models", models);
		if (!o || json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* SLURM accounting: how the jobs without logs were counted, the accounting coverage. */
static json_t *accounting_json(const struct et_period_report *rep)
{
	json_t *parts = json_array();

	for (size_t i = 0; parts && i < rep->n_undescribed; i++)
		json_array_append_new(parts, json_pack("{s:s, s:I}", "partition", rep->undescribed[i].name,
						       "jobs", (json_int_t)rep->undescribed[i].jobs));
	return json_pack("{s:s, s:s?, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
			 "estimate", "ga formula on sacct data (TDP per core x TotalCPU, W/GB x requested "
			 "memory x Elapsed, GPUs x TDP x Elapsed, or ConsumedEnergyRaw); the other models "
			 "leave these jobs out",
			 "included_in_model", rep->sched_model >= 0 ? "ga" : NULL,
			 "jobs_estimated", (json_int_t)rep->total.sched_jobs,
			 "jobs_with_logs", (json_int_t)rep->logged_jobs,
			 "jobs_measured_consumed_energy", (json_int_t)rep->sched_measured,
			 "jobs_running", (json_int_t)rep->sched_partial,
			 "allocated_cpu_hours_with_logs", num(rep->logged_alloc_cpu_h),
			 "allocated_cpu_hours_without_logs", num(rep->sched_alloc_cpu_h),
			 "allocated_cpu_share_logs", num(et_period_share(rep->logged_alloc_cpu_h, rep->sched_alloc_cpu_h)),
			 "undescribed_partitions", parts ? parts : json_array());
}

int et_period_write_json(FILE *out, const struct et_period_report *rep, struct et_error *err)
{
	json_t *doc = NULL, *groups = json_array(), *totals = sums_json(rep, &rep->total);
	json_t *warnings = json_array();
	int rc;

	for (size_t g = 0; groups && g < rep->n_groups; g++)
		if (json_array_append_new(groups, sums_json(rep, &rep->groups[g])) < 0)
			goto oom;
	for (size_t w = 0; warnings && w < rep->n_warnings; w++)
		json_array_append_new(warnings, json_string(rep->warnings[w]));
	if (!groups || !totals || !warnings || json_object_set_new(totals, "spread", spread_json(rep)) < 0)
		goto oom;
	doc = json_pack("{s:s, s:o, s:O, s:O, s:o, s:o, s:O}", "etest_version", ET_VERSION,
			"parameters", params_json(rep), "totals", totals, "groups", groups,
			"days", days_json(rep), "top_runs", top_json(rep), "warnings", warnings);
	if (!doc)
		goto oom;
	if (rep->have_accounting && json_object_set_new(doc, "slurm_accounting", accounting_json(rep)) < 0) {
		json_decref(doc);
		goto oom;
	}
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(doc);
	json_decref(groups);
	json_decref(totals);
	json_decref(warnings);
	if (rc < 0 || fputc('\n', out) == EOF)
		return et_error_set(err, "", 0, "write error on the JSON output");
	return 0;
oom:
	json_decref(groups);
	json_decref(totals);
	json_decref(warnings);
	return et_error_set(err, "", 0, "out of memory");
}
