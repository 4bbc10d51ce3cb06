/* sched_estimate.c - a job's energy from accounting alone (et_sched_estimate.h): Green
 * Algorithms' formula on TotalCPU, ReqMem, GPUs and Elapsed, or SLURM's ConsumedEnergyRaw. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "et_sched_estimate.h"
#include "model_common.h"

/* "sacct <column> (line N)" as the source of a value read from accounting. */
static void sacct_source(char *buf, size_t n, const char *column, const struct et_sacct_job *job)
{
	snprintf(buf, n, "sacct %s, line %ld", column, job->line);
}

/* The description of one value into inputs; nothing without inputs (figures only). */
static int input(json_t *inputs, const char *key, double v, const char *unit, const char *how,
		 const char *src)
{
	return inputs ? et_input_set(inputs, key, v, unit, how, src) : 0;
}

static int measured(json_t *inputs, const char *key, double v, const char *unit,
		    const char *column, const struct et_sacct_job *job)
{
	char src[96];

	if (!inputs)
		return 0;
	sacct_source(src, sizeof(src), column, job);
	return et_input_set(inputs, key, v, unit, "measured", src);
}

/* Requested memory in GB: ReqMem, else AllocTRES mem (both in MiB), else 0 (nothing
 * charged, said so). */
static int mem_gb(const struct et_sacct_job *job, json_t *inputs, double *gb)
{
	char src[160];

	if (isfinite(job->req_mem_mib)) {
		*gb = job->req_mem_mib / 1024;
		snprintf(src, sizeof(src), "sacct ReqMem (%s), line %ld", job->req_mem_how, job->line);
		return input(inputs, "mem_requested_gb", *gb, "GB", "measured", src);
	}
	if (isfinite(job->alloc_mem_mib)) {
		*gb = job->alloc_mem_mib / 1024;
		return measured(inputs, "mem_requested_gb", *gb, "GB", "AllocTRES mem (no ReqMem)", job);
	}
	*gb = 0;
	return input(inputs, "mem_requested_gb", 0, "GB", "defaulted",
			    "neither ReqMem nor AllocTRES mem in the sacct row: no memory charged");
}

/* The GPU TDP: the partition's, else the job's GPU type in Green Algorithms' tables, else
 * their Any row. Only called for a job with GPUs. */
static int gpu_tdp(const struct et_sacct_job *job, const struct et_cluster_partition *part,
		   const struct et_power_tables *tables, json_t *inputs, double *w)
{
	char src[160];
	struct et_match m;

	if (!isnan(part->gpu_tdp_w)) {
		*w = part->gpu_tdp_w;
		json_t *d = json_object_get(part->inputs, "gpu_tdp_w");
		return inputs && d ? json_object_set_new(inputs, "gpu_tdp_w", json_deep_copy(d)) : 0;
	}
	if (job->gpu_type[0]) {
		for (int v = 0; v < 2; v++)
			if (et_power_lookup(&tables->ga_gpu[v], job->gpu_type, &m)) {
				*w = m.row->watts;
				snprintf(src, sizeof(src), "the GPU type of sacct AllocTRES gres/gpu:%s, line %ld",
					 job->gpu_type, job->line);
				return inputs ? et_input_set_match(inputs, "gpu_tdp_w", *w, "W", "looked up",
								   &m, src) : 0;
			}
	}
	*w = isnan(tables->ga_gpu[0].any_w) ? ET_GA_ANY_GPU_W : tables->ga_gpu[0].any_w;
	snprintf(src, sizeof(src), "green-algorithms v2.2 TDP_gpu.csv row Any%s%s%s",
		 job->gpu_type[0] ? " (GPU type \"" : "", job->gpu_type,
		 job->gpu_type[0] ? "\" in no table)" : "");
	return input(inputs, "gpu_tdp_w", *w, "W", "defaulted", src);
}

/* Whether the job had its nodes to itself, and why (or why that is unknown). */
static int node_not_shared(const struct et_sacct_job *job, const struct et_cluster_partition *part,
			   char *why, size_t n)
{
	double cpus = isfinite(job->alloc_cpus) ? job->alloc_cpus : job->n_cpus;
	/* up to 1e8 nodes (sacct's NNodes) x 1e6 CPUs (the file's): beyond an int */
	long long node_cpus = (long long)job->n_nodes * part->cpus_per_node;

	if (part->exclusive) {
		snprintf(why, n, "the partition is exclusive in the cluster file");
		return 1;
	}
	if (part->cpus_per_node <= 0 || job->n_nodes <= 0 || !(cpus > 0)) {
		snprintf(why, n, "not used: whether the node was shared is unknown (the cluster "
			 "file gives no cpus_per_node nor exclusive for the partition)");
		return 0;
	}
	if (cpus >= (double)node_cpus) {
		snprintf(why, n, "the job held all %lld CPUs of its %d node(s)", node_cpus, job->n_nodes);
		return 1;
	}
	snprintf(why, n, "not used: the node was shared (%g of %lld CPUs allocated)", cpus, node_cpus);
	return 0;
}

static int describe_partition(const struct et_sacct_job *job, const struct et_cluster *cluster,
			      const struct et_cluster_partition *part, int described, int same_cluster,
			      json_t *inputs)
{
	const char *key;
	json_t *v;
	char text[512];

	if (!inputs)
		return 0;
	json_object_foreach(part->inputs, key, v) {
		if (strcmp(key, "gpu_tdp_w") == 0)
			continue;   /* only for a job with GPUs, by gpu_tdp() */
		if (json_object_set_new(inputs, key, json_deep_copy(v)) != 0)
			return -1;
	}
	if (described)
		snprintf(text, sizeof(text), "described by %s", cluster->path);
	else if (!same_cluster)
		snprintf(text, sizeof(text), "cluster \"%s\" is not the one %s describes (\"%s\"): "
			 "its default used", job->cluster, cluster->path, cluster->cluster);
	else if (cluster->path[0])
		snprintf(text, sizeof(text), "\"%s\" is not in %s: its default used", job->partition,
			 cluster->path);
	else
		snprintf(text, sizeof(text), "no cluster file: Green Algorithms' defaults");
	return json_object_set_new(inputs, "partition",
				   json_pack("{s:s, s:s}", "value", job->partition, "how", text));
}

int et_sched_estimate(const struct et_sacct_job *job, const struct et_cluster *cluster,
		      const struct et_power_tables *tables, int describe, struct et_sched_estimate *out,
		      struct et_error *err)
{
	/* A file that names its cluster describes the partitions of that cluster only. */
	int same_cluster = !cluster->cluster[0] || strcmp(cluster->cluster, job->cluster) == 0;
	const struct et_cluster_partition *part =
		same_cluster ? et_cluster_find(cluster, job->partition) : NULL;
	double elapsed = job->elapsed_s, total_cpu = job->total_cpu_s, gb, gpus, w = 0;
	char why[200];
	json_t *inputs = describe ? json_object() : NULL;

	memset(out, 0, sizeof(*out));
	if (describe && !inputs)
		goto oom;
	out->partition_described = part != NULL;
	if (!part)
		part = &cluster->fallback;
	out->partial = !job->finished;
	/* A job that never ran (cancelled while pending) has no times: it used nothing. */
	if (job->start_local_s < 0 && isnan(elapsed))
		elapsed = 0;
	if (job->start_local_s < 0 && isnan(total_cpu))
		total_cpu = 0;
	if (isnan(elapsed) || isnan(total_cpu)) {
		json_decref(inputs);
		return et_error_set(err, "", job->line, "job %s: %s unknown, no estimate from accounting",
				    job->job_id, isnan(elapsed) ? "Elapsed" : "TotalCPU");
	}
	gpus = isfinite(job->alloc_gpus) ? job->alloc_gpus : 0;
	if (describe_partition(job, cluster, part, out->partition_described, same_cluster, inputs) != 0
	    || measured(inputs, "total_cpu_s", total_cpu, "s", "TotalCPU", job) != 0
	    || measured(inputs, "elapsed_s", elapsed, "s", "Elapsed", job) != 0
	    || mem_gb(job, inputs, &gb) != 0
	    || measured(inputs, "gpus", gpus, "", "AllocTRES gres/gpu", job) != 0
	    || (gpus > 0 && gpu_tdp(job, part, tables, inputs, &w) != 0)
	    || input(inputs, "gpu_usage", 1, "", "defaulted",
			    "Green Algorithms for HPC: a GPU allocated is a GPU used") != 0)
		goto oom;
	out->cpu_wh = part->cpu_tdp_per_core_w * total_cpu / ET_S_PER_H;
	out->ram_wh = part->ram_w_per_gb * gb * elapsed / ET_S_PER_H;
	out->gpu_wh = gpus * w * elapsed / ET_S_PER_H;
	out->it_wh = out->cpu_wh + out->ram_wh + out->gpu_wh;
	if (isfinite(job->consumed_energy_j) && job->consumed_energy_j > 0) {
		char src[96];
		sacct_source(src, sizeof(src), "ConsumedEnergyRaw", job);
		out->measured = node_not_shared(job, part, why, sizeof(why));
		if (inputs && (et_input_set(inputs, "consumed_energy_wh", job->consumed_energy_j / ET_S_PER_H,
					    "Wh", "measured", src) != 0
			       || json_object_set_new(json_object_get(inputs, "consumed_energy_wh"), "note",
						      json_string(why)) != 0))
			goto oom;
		if (out->measured)
			out->it_wh = job->consumed_energy_j / ET_S_PER_H;
	}
	out->pue = part->pue;
	out->facility_wh = out->it_wh * out->pue;
	out->cpu_hours = isfinite(job->cpu_time_s) ? job->cpu_time_s / ET_S_PER_H : 0;
	out->gpu_hours = gpus * elapsed / ET_S_PER_H;
	out->inputs = inputs;
	return 0;
oom:
	json_decref(inputs);
	memset(out, 0, sizeof(*out));
	return et_error_set(err, "", job->line, "out of memory");
}
