/* cluster_desc.c - the cluster description file (et_cluster.h): each partition's TDPs, PUE
 * and memory power resolved once, from the file, a Green Algorithms table or its default. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "et_cluster.h"
#include "model_common.h"

static const char *const partition_keys[] = {
	"cpu_model", "cpu_tdp_per_core_w", "gpu_model", "gpu_tdp_w", "pue", "memory_w_per_gb",
	"cpus_per_node", "exclusive",
};

struct loading {
	const char *path;
	const struct et_power_tables *tables;
	char where[160];          /* "partitions.gpu" or "default", for messages and sources */
	struct et_error *err;
};

static int oom(struct loading *l)
{
	return et_error_set(l->err, l->path, 0, "out of memory");
}

/* "<file>: <where>.<key>" as the source of a value given by the file. */
static void source_of(const struct loading *l, const char *key, char *buf, size_t n)
{
	snprintf(buf, n, "cluster file %s: %s.%s", l->path, l->where, key);
}

/* A positive number under key, or NAN when absent. min is the smallest accepted value. */
static int number(struct loading *l, json_t *o, const char *key, double min, double *v)
{
	json_t *j = json_object_get(o, key);

	*v = NAN;
	if (!j)
		return 0;
	if (!json_is_number(j) || !isfinite(json_number_value(j)) || json_number_value(j) < min
	    || json_number_value(j) <= 0)
		return min > 0 ? et_error_set(l->err, l->path, 0, "%s.%s must be a number >= %g",
					      l->where, key, min)
			       : et_error_set(l->err, l->path, 0, "%s.%s must be a number > 0", l->where, key);
	*v = json_number_value(j);
	return 0;
}

static const char *string(struct loading *l, json_t *o, const char *key, int *bad)
{
	json_t *j = json_object_get(o, key);

	*bad = 0;
	if (!j)
		return NULL;
	if (!json_is_string(j) || json_string_length(j) == 0) {
		*bad = 1;
		et_error_set(l->err, l->path, 0, "%s.%s must be a non-empty string", l->where, key);
		return NULL;
	}
	return json_string_value(j);
}

/* A power value: the file's number (overridden), else its model in the two Green
 * Algorithms tables (looked up; a model in neither is an error), else inherit (the
 * fallback's, copied), else the table's Any row (defaulted). */
static int resolve_power(struct loading *l, json_t *o, const char *model_key, const char *w_key,
			 const struct et_power_table tables[2], double any_w_default,
			 const char *any_source, const struct et_cluster_partition *inherit,
			 struct et_cluster_partition *p, double *w)
{
	char src[320];
	int bad;
	const char *model = string(l, o, model_key, &bad);
	double given;

	if (bad || number(l, o, w_key, 0, &given) != 0)
		return -1;
	if (model && !isnan(given))
		return et_error_set(l->err, l->path, 0, "%s: give %s or %s, not both", l->where,
				    model_key, w_key);
	if (!isnan(given)) {
		*w = given;
		source_of(l, w_key, src, sizeof(src));
		return et_input_set(p->inputs, w_key, given, "W", "overridden", src) ? oom(l) : 0;
	}
	if (model) {
		struct et_match m;
		for (int v = 0; v < 2; v++)
			if (et_power_lookup(&tables[v], model, &m)) {
				*w = m.row->watts;
				source_of(l, model_key, src, sizeof(src));
				return et_input_set_match(p->inputs, w_key, *w, "W", "looked up", &m, src)
				       ? oom(l) : 0;
			}
		return et_error_set(l->err, l->path, 0,
				    "%s.%s \"%s\" is in neither %s nor %s; give %s instead", l->where,
				    model_key, model, tables[0].label, tables[1].label, w_key);
	}
	if (inherit) {
		json_t *d = json_object_get(inherit->inputs, w_key);
		*w = strcmp(w_key, "gpu_tdp_w") == 0 ? inherit->gpu_tdp_w : inherit->cpu_tdp_per_core_w;
		if (!d)
			return 0;
		return json_object_set_new(p->inputs, w_key, json_deep_copy(d)) ? oom(l) : 0;
	}
	if (!any_source) {   /* the GPU: no default here, the estimate picks one per job */
		*w = NAN;
		return 0;
	}
	*w = isnan(tables[0].any_w) ? any_w_default : tables[0].any_w;
	return et_input_set(p->inputs, w_key, *w, "W", "defaulted", any_source) ? oom(l) : 0;
}

/* A number of the partition: the file's under key (>= min, overridden), else the
 * fallback's (inherited, its description copied), else Green Algorithms' (defaulted);
 * described in p->inputs under input_key. */
static int resolve_number(struct loading *l, json_t *o, const char *key, double min,
			  const char *input_key, const char *unit, const double *inherited,
			  const struct et_cluster_partition *inherit, double ga_value,
			  const char *ga_source, struct et_cluster_partition *p, double *out)
{
	char src[320];
	double v;

	if (number(l, o, key, min, &v) != 0)
		return -1;
	if (!isnan(v)) {
		*out = v;
		source_of(l, key, src, sizeof(src));
		return et_input_set(p->inputs, input_key, v, unit, "overridden", src) ? oom(l) : 0;
	}
	if (inherit) {
		*out = *inherited;
		return json_object_set_new(p->inputs, input_key,
					   json_deep_copy(json_object_get(inherit->inputs, input_key))) ? oom(l) : 0;
	}
	*out = ga_value;
	return et_input_set(p->inputs, input_key, ga_value, unit, "defaulted", ga_source) ? oom(l) : 0;
}

static int fill_partition(struct loading *l, json_t *o, const struct et_cluster_partition *inherit,
			  struct et_cluster_partition *p)
{
	const char *key;
	json_t *value;

	p->inputs = json_object();
	if (!p->inputs)
		return oom(l);
	if (!json_is_object(o))
		return et_error_set(l->err, l->path, 0, "%s must be an object", l->where);
	json_object_foreach(o, key, value) {
		size_t i, n = sizeof(partition_keys) / sizeof(partition_keys[0]);
		for (i = 0; i < n && strcmp(key, partition_keys[i]) != 0; i++)
			;
		if (i == n)
			return et_error_set(l->err, l->path, 0,
					    "%s: unknown field \"%s\" (known: cpu_model, cpu_tdp_per_core_w, "
					    "gpu_model, gpu_tdp_w, pue, memory_w_per_gb, cpus_per_node, "
					    "exclusive)", l->where, key);
	}
	if (resolve_power(l, o, "cpu_model", "cpu_tdp_per_core_w", l->tables->ga_cpu,
			  ET_GA_ANY_CPU_W_PER_CORE, "green-algorithms v2.2 TDP_cpu.csv row Any",
			  inherit, p, &p->cpu_tdp_per_core_w) != 0
	    || resolve_power(l, o, "gpu_model", "gpu_tdp_w", l->tables->ga_gpu, ET_GA_ANY_GPU_W,
			     NULL, inherit, p, &p->gpu_tdp_w) != 0)
		return -1;
	/* PUE and memory power: the file's, else the fallback's, else Green Algorithms'. */
	if (resolve_number(l, o, "pue", 1, "pue", "", inherit ? &inherit->pue : NULL, inherit,
			   ET_GA_PUE, "green-algorithms v2.2 defaults_PUE.csv Unknown", p, &p->pue) != 0
	    || resolve_number(l, o, "memory_w_per_gb", 0, "ram_w_per_gb", "W/GB",
			      inherit ? &inherit->ram_w_per_gb : NULL, inherit, ET_GA_W_PER_GB,
			      "green-algorithms v2.2 referenceValues.csv memoryPower", p, &p->ram_w_per_gb) != 0)
		return -1;
	json_t *cpn = json_object_get(o, "cpus_per_node");
	if (cpn && (!json_is_integer(cpn) || json_integer_value(cpn) < 1
		    || json_integer_value(cpn) > 1000000))
		return et_error_set(l->err, l->path, 0, "%s.cpus_per_node must be a whole number >= 1",
				    l->where);
	p->cpus_per_node = cpn ? (int)json_integer_value(cpn) : inherit ? inherit->cpus_per_node : 0;
	json_t *ex = json_object_get(o, "exclusive");
	if (ex && !json_is_boolean(ex))
		return et_error_set(l->err, l->path, 0, "%s.exclusive must be true or false", l->where);
	p->exclusive = ex ? json_is_true(ex) : inherit ? inherit->exclusive : 0;
	return 0;
}

void et_cluster_free(struct et_cluster *c)
{
	if (!c)
		return;
	json_decref(c->fallback.inputs);
	for (size_t i = 0; i < c->n_parts; i++)
		json_decref(c->parts[i].inputs);
	free(c->parts);
	free(c);
}

int et_cluster_defaults(const struct et_power_tables *tables, struct et_cluster **out,
			struct et_error *err)
{
	struct et_cluster *c = calloc(1, sizeof(*c));
	struct loading l = {"", tables, "default", err};
	json_t *empty = json_object();

	*out = NULL;
	if (!c || !empty || fill_partition(&l, empty, NULL, &c->fallback) != 0) {
		json_decref(empty);
		et_cluster_free(c);
		return c && empty ? -1 : et_error_set(err, "", 0, "out of memory");
	}
	json_decref(empty);
	*out = c;
	return 0;
}

int et_cluster_load(const char *path, const struct et_power_tables *tables,
		    struct et_cluster **out, struct et_error *err)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	struct et_cluster *c = NULL;
	struct loading l = {path, tables, "default", err};
	json_t *parts, *value, *empty = NULL;
	const char *key;
	int rc = -1;

	*out = NULL;
	if (!root)
		return et_error_set(err, path, jerr.line > 0 ? jerr.line : 0, "%s", jerr.text);
	c = calloc(1, sizeof(*c));
	empty = json_object();
	if (!c || !empty) {
		oom(&l);
		goto out;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	if (!json_is_object(root)) {
		et_error_set(err, path, 0, "a cluster description is a JSON object");
		goto out;
	}
	json_object_foreach(root, key, value) {
		if (strcmp(key, "cluster") != 0 && strcmp(key, "default") != 0
		    && strcmp(key, "partitions") != 0 && strcmp(key, "timezone") != 0) {
			et_error_set(err, path, 0, "unknown field \"%s\" (known: cluster, timezone, "
				     "default, partitions)", key);
			goto out;
		}
	}
	value = json_object_get(root, "cluster");
	if (value && (!json_is_string(value) || json_string_length(value) >= sizeof(c->cluster))) {
		et_error_set(err, path, 0, "cluster must be a string (sacct's Cluster)");
		goto out;
	}
	snprintf(c->cluster, sizeof(c->cluster), "%s", value ? json_string_value(value) : "");
	value = json_object_get(root, "timezone");
	if (value && (!json_is_string(value) || json_string_length(value) == 0 ||
		      json_string_length(value) >= sizeof(c->timezone))) {
		et_error_set(err, path, 0, "timezone must be a time zone name (e.g. \"Europe/Paris\")");
		goto out;
	}
	snprintf(c->timezone, sizeof(c->timezone), "%s", value ? json_string_value(value) : "");
	value = json_object_get(root, "default");
	if (fill_partition(&l, value ? value : empty, NULL, &c->fallback) != 0)
		goto out;
	parts = json_object_get(root, "partitions");
	if (parts && !json_is_object(parts)) {
		et_error_set(err, path, 0, "partitions must be an object: {\"name\": {...}}");
		goto out;
	}
	if (parts && json_object_size(parts) > 0) {
		c->parts = calloc(json_object_size(parts), sizeof(*c->parts));
		if (!c->parts) {
			oom(&l);
			goto out;
		}
	}
	json_object_foreach(parts, key, value) {
		struct et_cluster_partition *p = &c->parts[c->n_parts];
		if (key[0] == '\0' || strlen(key) >= sizeof(p->name)) {
			et_error_set(err, path, 0, "a partition name must have 1 to %zu characters",
				     sizeof(p->name) - 1);
			goto out;
		}
		snprintf(p->name, sizeof(p->name), "%s", key);
		snprintf(l.where, sizeof(l.where), "partitions.%s", key);
		c->n_parts++;
		if (fill_partition(&l, value, &c->fallback, p) != 0)
			goto out;
	}
	*out = c;
	c = NULL;
	rc = 0;
out:
	json_decref(empty);
	json_decref(root);
	et_cluster_free(c);
	return rc;
}

const struct et_cluster_partition *et_cluster_find(const struct et_cluster *c, const char *name)
{
	for (size_t i = 0; i < c->n_parts; i++)
		if (strcmp(c->parts[i].name, name) == 0)
			return &c->parts[i];
	return NULL;
}
