/* et_cluster.h - a cluster description file (--cluster FILE, JSON): per SLURM partition the
 * CPU model or TDP per core, the GPU model or TDP, the PUE, resolved once with their origin. */
#ifndef ET_CLUSTER_H
#define ET_CLUSTER_H

#include <jansson.h>

#include "et_error.h"
#include "et_power_tables.h"

/* What the estimate of a job on one partition uses, each value described in `inputs`
 * as the models describe theirs ({"value", "unit", "how", "source"[, "table", "row",
 * "line", "match"]}): cpu_tdp_per_core_w, gpu_tdp_w (absent when the file names no GPU:
 * the job's GPU type or Green Algorithms' default is then taken per job), pue,
 * ram_w_per_gb. */
struct et_cluster_partition {
	char name[64];            /* the partition, "" for the defaults */
	double cpu_tdp_per_core_w;
	double gpu_tdp_w;         /* NAN when the file gives no GPU model or TDP */
	double pue;
	double ram_w_per_gb;
	int cpus_per_node;        /* 0 if not given: whether a node was shared is then unknown */
	int exclusive;            /* the partition never shares a node (OverSubscribe=EXCLUSIVE) */
	json_t *inputs;           /* owned: the descriptions of the values above */
};

struct et_cluster {
	char path[256];           /* the file, "" for the built-in defaults */
	char cluster[64];         /* "cluster" of the file (sacct's Cluster), "" if not given */
	char timezone[64];        /* "timezone" of the file: the zone of sacct's Start and End
	                           * (an IANA name), "" if not given (the report's then) */
	struct et_cluster_partition fallback;   /* "default" of the file, else Green Algorithms' */
	struct et_cluster_partition *parts;
	size_t n_parts;
};

/* Load the description in path, its models looked up in tables (borrowed; only during the
 * call). The file:
 *   {"cluster": "hpc",                              (optional)
 *    "timezone": "Europe/Paris",                    (optional: the clock of Start/End)
 *    "default": {<partition fields>},               (optional: partitions not listed)
 *    "partitions": {"gpu": {<partition fields>}, ...}}
 * with the partition fields cpu_model or cpu_tdp_per_core_w (W), gpu_model or gpu_tdp_w
 * (W), pue (>= 1), memory_w_per_gb (W/GB), cpus_per_node, exclusive (true/false), each
 * optional; a field left out is Green Algorithms' default (Any rows, 0.3725 W/GB, PUE
 * 1.67). Returns 0 with *out (free with et_cluster_free), or -1 with err filled (the file
 * and line for bad JSON; the key for an unknown field, a bad value, a model that is in no
 * Green Algorithms table, both a model and its TDP). */
int et_cluster_load(const char *path, const struct et_power_tables *tables,
		    struct et_cluster **out, struct et_error *err);

/* A description with no file: every partition gets Green Algorithms' defaults. Returns 0
 * with *out, or -1 with err filled (out of memory). */
int et_cluster_defaults(const struct et_power_tables *tables, struct et_cluster **out,
			struct et_error *err);

/* The partition called name, or NULL when the file does not describe it (the caller then
 * takes &c->fallback and says so). */
const struct et_cluster_partition *et_cluster_find(const struct et_cluster *c, const char *name);

void et_cluster_free(struct et_cluster *c);

#endif
