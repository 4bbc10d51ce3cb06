/* model_common.c - helpers shared by the models: scope selection, GPU masks, TDP
 * resolution chains and the "inputs" descriptions (see model_common.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "et_power_tables.h"
#include "model_common.h"

double et_scope_cpu_s(const struct et_integrals *q, enum et_scope scope)
{
	return scope == ET_SCOPE_USER ? q->user_cpu_s : q->job_cpu_s;
}

double et_scope_rss_kib_s(const struct et_integrals *q, enum et_scope scope)
{
	return scope == ET_SCOPE_USER ? q->user_rss_kib_s : q->job_rss_kib_s;
}

double et_gpu_scope_above_idle_j(const struct et_gpu_integrals *g, enum et_scope scope)
{
	return scope == ET_SCOPE_USER ? g->above_idle_user_j : g->above_idle_job_j;
}

int et_gpu_slots(const struct et_run_facts *facts)
{
	if (facts->n_gpus < 0)
		return 0;
	return facts->n_gpus > ET_MAX_GPUS ? ET_MAX_GPUS : facts->n_gpus;
}

int et_gpu_slot_of_index(const struct et_run_facts *facts, long long index)
{
	for (int i = 0; i < et_gpu_slots(facts); i++)
		if (facts->gpus[i].index == index)
			return i;
	return -1;
}

unsigned et_gpus_all_mask(const struct et_run_facts *facts)
{
	unsigned mask = 0;

	for (int i = 0; i < et_gpu_slots(facts); i++)
		mask |= 1u << i;
	return mask;
}

unsigned et_gpus_used_mask(const struct et_run_facts *facts, const struct et_integrals *total,
			    enum et_scope scope)
{
	unsigned mask = 0;

	for (int i = 0; i < et_gpu_slots(facts); i++) {
		const struct et_gpu_integrals *g = &total->gpu[i];
		double used = scope == ET_SCOPE_USER ? g->used_user_s : g->used_job_s;
		if (used > 0)
			mask |= 1u << i;
	}
	return mask;
}

double et_gpus_whole_j(const struct et_run_facts *facts, const struct et_integrals *q, unsigned mask)
{
	double j = 0;

	for (int i = 0; i < et_gpu_slots(facts); i++)
		if (mask & (1u << i))
			j += q->gpu[i].whole_j;
	return j;
}

void et_setup_init(struct et_model_setup *setup, const struct et_params *p)
{
	setup->cpu_w = NAN;
	setup->gpu_w = NAN;
	setup->cores = NAN;
	for (int i = 0; i < ET_MAX_GPUS; i++)
		setup->gpu_w_each[i] = NAN;
	setup->ram_w_per_gb = NAN;
	setup->mem_gb = NAN;
	setup->ram_w = NAN;
	setup->gpu_mask = 0;
	setup->pue = p->pue;
	setup->native_g_per_kwh = NAN;
	setup->native_source = NULL;
	setup->unavailable[0] = '\0';
	setup->cpu_from_rapl = 0;
}

int et_rapl_cpu_input(const struct et_run_facts *facts, const struct et_integrals *total,
		      double j, const char *rule, json_t *inputs)
{
	char source[512];

	/* the TDP the model resolved is not used: its inputs go */
	json_object_del(inputs, "cpu_tdp_package_w");
	json_object_del(inputs, "cpu_tdp_w");
	json_object_del(inputs, "cpu_w");
	snprintf(source, sizeof(source), "RAPL %s (the log's zones: %s), over %.1f s of "
		 "the run's %.1f s with every zone known", rule,
		 facts->rapl_names[0] ? facts->rapl_names : "names not kept", total->rapl_known_s,
		 total->duration_s);
	return et_input_set(inputs, "cpu_rapl_wh", j / ET_S_PER_H, "Wh", "measured", source);
}

int et_model_oom(const struct et_run_facts *facts, const char *model, struct et_error *err)
{
	return et_error_set(err, "", 0, "model %s: out of memory", model);
}

int et_input_set(json_t *inputs, const char *key, double value, const char *unit,
		 const char *how, const char *source)
{
	json_t *o;

	if (!inputs)
		return 0;
	o = json_pack("{s:o, s:s, s:s}", "value", isfinite(value) ? json_real(value) : json_null(),
		      "unit", unit, "how", how);
	if (!o)
		return -1;
	if (source && json_object_set_new(o, "source", json_string(source)) != 0)
		goto fail;
	return json_object_set_new(inputs, key, o);
fail:
	json_decref(o);
	return -1;
}

int et_input_set_match(json_t *inputs, const char *key, double value, const char *unit,
		       const char *how, const struct et_match *m, const char *source)
{
	json_t *o;

	if (!inputs)
		return 0;
	if (et_input_set(inputs, key, value, unit, how, source) != 0)
		return -1;
	o = json_object_get(inputs, key);
	if (json_object_set_new(o, "table", json_string(m->table->label)) != 0
	    || json_object_set_new(o, "row", json_string(m->row->name)) != 0
	    || json_object_set_new(o, "line", json_integer(m->row->line)) != 0
	    || json_object_set_new(o, "match", json_string(et_match_kind_name(m->kind))) != 0)
		return -1;
	return 0;
}

int et_input_measured(json_t *inputs, const char *key, double value, const char *unit)
{
	return et_input_set(inputs, key, value, unit, "measured", NULL);
}

int et_setup_native(struct et_model_setup *setup, const struct et_params *p, double pue,
		    double g_per_kwh, const char *source, json_t *inputs, struct et_error *err)
{
	if (!p->native)
		return 0;
	setup->pue = pue;
	setup->native_g_per_kwh = g_per_kwh;
	setup->native_source = source;
	if (et_input_set(inputs, "pue", pue, "", "defaulted", source) != 0)
		return et_error_set(err, "", 0, "out of memory");
	return 0;
}

int et_machine_read(const struct et_run_facts *facts, const char *model, struct et_machine *m,
		    json_t *inputs, struct et_error *err)
{
	const char *sockets_how = "measured", *cores_how = "measured";

	if (facts->logical_cpus < 1)
		return et_error_set(err, "", 0,
				    "model %s: the log header has no logical_cpus", model);
	m->logical_cpus = facts->logical_cpus;
	m->sockets = facts->sockets;
	if (m->sockets < 1) {
		m->sockets = 1;
		sockets_how = "defaulted";
	}
	m->physical_cores = facts->physical_cores;
	if (m->physical_cores < 1) {
		m->physical_cores = facts->logical_cpus;
		cores_how = "defaulted";
	}
	if (et_input_set(inputs, "sockets", m->sockets, "", sockets_how, NULL) != 0
	    || et_input_set(inputs, "physical_cores", m->physical_cores, "", cores_how, NULL) != 0
	    || et_input_measured(inputs, "logical_cpus", m->logical_cpus, "") != 0)
		return et_model_oom(facts, model, err);
	return 0;
}

int et_resolve_package_tdp(const struct et_run_facts *facts, const struct et_params *p,
			   const struct et_machine *mc, const struct et_power_table *t,
			   double default_pkg_w, const char *default_source, int per_socket,
			   json_t *inputs, double *machine_w, struct et_error *err)
{
	struct et_match m;
	double pkg_w, mult = per_socket ? mc->sockets : 1;
	int rc;

	if (!isnan(p->cpu_tdp_w)) {
		*machine_w = p->cpu_tdp_w;
		rc = et_input_set(inputs, "cpu_tdp_w", *machine_w, "W", "overridden",
				  "--cpu-tdp (whole machine, sockets not applied)");
		goto out;
	}
	if (!isnan(p->cpu_tdp_per_core_w)) {
		*machine_w = p->cpu_tdp_per_core_w * mc->physical_cores;
		rc = et_input_set(inputs, "cpu_tdp_w", *machine_w, "W", "derived",
				  "--cpu-tdp-per-core x physical_cores");
		goto out;
	}
	if (et_power_lookup(t, facts->cpu_model, &m)) {
		pkg_w = m.row->watts;
		rc = et_input_set_match(inputs, "cpu_tdp_package_w", pkg_w, "W", "looked up", &m, NULL);
	} else {
		char source[512];
		const char *note = et_match_note(&m);
		pkg_w = default_pkg_w;
		snprintf(source, sizeof(source), "%s%s%s", default_source, note ? "; " : "",
			 note ? note : "");
		rc = et_input_set(inputs, "cpu_tdp_package_w", pkg_w, "W", "defaulted", source);
	}
	*machine_w = pkg_w * mult;
	if (rc == 0)
		rc = et_input_set(inputs, "cpu_tdp_w", *machine_w, "W", "derived",
				  per_socket ? "cpu_tdp_package_w x sockets" : "cpu_tdp_package_w");
out:
	if (rc != 0)
		return et_error_set(err, "", 0, "out of memory");
	return 0;
}

int et_resolve_ga_tdp_per_core(const struct et_run_facts *facts, const struct et_params *p,
			       const struct et_machine *mc, json_t *inputs,
			       double *per_core_w, struct et_match *ga_row, struct et_error *err)
{
	const struct et_power_tables *tables = p->tables;
	const struct et_power_table *big[2];
	const char *key = "cpu_tdp_per_core_w";
	struct et_match m;
	double cores_per_pkg = (double)mc->physical_cores / mc->sockets;
	char how[160];
	int rc;

	ga_row->kind = ET_MATCH_NONE;
	ga_row->row = NULL;
	ga_row->table = NULL;
	if (!isnan(p->cpu_tdp_per_core_w)) {
		*per_core_w = p->cpu_tdp_per_core_w;
		rc = et_input_set(inputs, key, *per_core_w, "W", "overridden", "--cpu-tdp-per-core");
		goto out;
	}
	if (!isnan(p->cpu_tdp_w)) {
		*per_core_w = p->cpu_tdp_w / mc->physical_cores;
		rc = et_input_set(inputs, key, *per_core_w, "W", "derived",
				  "--cpu-tdp / physical_cores");
		goto out;
	}
	for (int v = 0; v < 2; v++) {
		if (et_power_lookup(&tables->ga_cpu[v], facts->cpu_model, &m)) {
			*ga_row = m;
			*per_core_w = m.row->watts;
			rc = et_input_set_match(inputs, key, *per_core_w, "W", "looked up", &m, NULL);
			goto out;
		}
	}
	big[0] = &tables->codecarbon_cpu;
	big[1] = &tables->eco2ai_cpu;
	for (int b = 0; b < 2; b++) {
		/* etest's own matching, and never a generic row ("Intel Xeon"): no TDP per
		 * core can be derived from a name that says no model. */
		if (et_power_lookup_etest(big[b], facts->cpu_model, &m)
		    && !et_power_row_is_placeholder(m.row)) {
			*per_core_w = m.row->watts / cores_per_pkg;
			snprintf(how, sizeof(how),
				 "package TDP %g W / %g cores per package (physical_cores / sockets)",
				 m.row->watts, cores_per_pkg);
			rc = et_input_set_match(inputs, key, *per_core_w, "W", "derived", &m, how);
			goto out;
		}
	}
	*per_core_w = isnan(tables->ga_cpu[0].any_w) ? ET_GA_ANY_CPU_W_PER_CORE
						     : tables->ga_cpu[0].any_w;
	rc = et_input_set(inputs, key, *per_core_w, "W", "defaulted",
			  "green-algorithms v2.2 TDP_cpu.csv row Any");
out:
	if (rc != 0)
		return et_error_set(err, "", 0, "out of memory");
	return 0;
}

int et_resolve_ga_gpu_tdp(const struct et_run_facts *facts, const struct et_params *p, int slot,
			  json_t *described, double *w, struct et_match *ga_row,
			  struct et_error *err)
{
	const struct et_gpu_info *gi = &facts->gpus[slot];
	json_t *one = NULL;
	const char *how;
	struct et_match m;
	int found = 0;

	ga_row->kind = ET_MATCH_NONE;
	ga_row->row = NULL;
	ga_row->table = NULL;
	if (described) {
		one = json_object();
		if (!one)
			goto oom;
	}
	if (!isnan(p->gpu_tdp_w)) {
		*w = p->gpu_tdp_w;
		how = "overridden";
	} else {
		for (int v = 0; v < 2 && !found; v++)
			found = et_power_lookup(&p->tables->ga_gpu[v], gi->name, &m);
		if (found) {
			*ga_row = m;
			*w = m.row->watts;
			how = "looked up";
		} else if (isfinite(gi->power_limit_w) && gi->power_limit_w > 0) {
			*w = gi->power_limit_w;
			how = "derived";
		} else {
			*w = isnan(p->tables->ga_gpu[0].any_w) ? ET_GA_ANY_GPU_W
							       : p->tables->ga_gpu[0].any_w;
			how = "defaulted";
		}
	}
	if (!one)
		return 0;
	if (json_object_set_new(one, "gpu", json_integer(gi->index)) != 0
	    || json_object_set_new(one, "name", json_string(gi->name)) != 0
	    || json_object_set_new(one, "value", json_real(*w)) != 0
	    || json_object_set_new(one, "unit", json_string("W")) != 0
	    || json_object_set_new(one, "how", json_string(how)) != 0)
		goto oom;
	if (found && (json_object_set_new(one, "table", json_string(m.table->label)) != 0
		      || json_object_set_new(one, "row", json_string(m.row->name)) != 0
		      || json_object_set_new(one, "line", json_integer(m.row->line)) != 0
		      || json_object_set_new(one, "match", json_string(et_match_kind_name(m.kind))) != 0))
		goto oom;
	if (!found && json_object_set_new(one, "source", json_string(
		    !isnan(p->gpu_tdp_w) ? "--gpu-tdp"
		    : strcmp(how, "derived") == 0 ? "power_limit_w of the log header"
		    : "green-algorithms v2.2 TDP_gpu.csv row Any")) != 0)
		goto oom;
	if (json_array_append_new(described, one) != 0) {
		one = NULL;
		goto oom;
	}
	return 0;
oom:
	json_decref(one);
	return et_error_set(err, "", 0, "out of memory");
}

int et_resolve_ram_w_per_gb(const struct et_params *p, double default_w, const char *source,
			    json_t *inputs, double *w, struct et_error *err)
{
	int rc;

	if (!isnan(p->ram_w_per_gb)) {
		*w = p->ram_w_per_gb;
		rc = et_input_set(inputs, "ram_w_per_gb", *w, "W/GB", "overridden", "--ram-w-per-gb");
	} else {
		*w = default_w;
		rc = et_input_set(inputs, "ram_w_per_gb", *w, "W/GB", "defaulted", source);
	}
	if (rc != 0)
		return et_error_set(err, "", 0, "out of memory");
	return 0;
}

int et_resolve_mem_gb(const struct et_run_facts *facts, const struct et_params *p, json_t *inputs,
		      double *gb, struct et_error *err)
{
	int rc;

	if (!isnan(p->mem_gb)) {
		*gb = p->mem_gb;
		rc = et_input_set(inputs, "mem_gb", *gb, "GB", "overridden", "--mem-gb");
	} else if (isfinite(facts->mem_total_kib) && facts->mem_total_kib >= 0) {
		*gb = facts->mem_total_kib / ET_KIB_PER_GB;
		rc = et_input_set(inputs, "mem_gb", *gb, "GB", "measured", "mem_total_kib of the log");
	} else {   /* never NAN: a NAN energy would poison the carbon weighting */
		*gb = 0;
		rc = et_input_set(inputs, "mem_gb", *gb, "GB", "defaulted",
				  "the log has no mem_total_kib: taken as 0 GB, give --mem-gb");
	}
	if (rc != 0)
		return et_error_set(err, "", 0, "out of memory");
	return 0;
}
