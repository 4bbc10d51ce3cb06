/* et_sched_estimate.h - the energy of a SLURM job that has no etrec log, from its
 * accounting row alone: the `ga` model's formula on scheduler data, or SLURM's own meter. */
#ifndef ET_SCHED_ESTIMATE_H
#define ET_SCHED_ESTIMATE_H

#include <jansson.h>

#include "et_cluster.h"
#include "et_error.h"
#include "et_power_tables.h"
#include "et_sacct.h"

struct et_sched_estimate {
	double cpu_wh;           /* TDP per core x TotalCPU */
	double ram_wh;           /* W/GB x requested memory (GB) x Elapsed */
	double gpu_wh;           /* GPUs x TDP x Elapsed (usage factor 1) */
	double it_wh;            /* energy at the nodes: ConsumedEnergyRaw when used, else
	                          * cpu_wh + ram_wh + gpu_wh */
	double pue;
	double facility_wh;      /* it_wh x pue */
	double cpu_hours;        /* allocated CPU-hours, CPUTime / 3600 (for coverage) */
	double gpu_hours;        /* allocated GPU-hours, GPUs x Elapsed / 3600 */
	int measured;            /* 1 when it_wh is SLURM's ConsumedEnergyRaw */
	int partition_described; /* 0 when the cluster file does not describe the job's
	                          * partition: its defaults were used */
	int partial;             /* 1 when the job is not finished: a figure so far */
	json_t *inputs;          /* owned by the caller (json_decref): every value used, as
	                          * {"value", "unit", "how", "source"...} like the models';
	                          * NULL when not asked for (describe 0) */
};

/* Estimate job (borrowed) on cluster (borrowed; et_cluster_load or et_cluster_defaults),
 * the job's GPU type looked up in tables (borrowed) when the partition names no GPU.
 * describe 1 fills out->inputs; 0 gives the figures alone (a report of 100,000 jobs that
 * shows no job's inputs: building them took half its CPU time).
 *   cpu_wh = cpu_tdp_per_core_w x TotalCPU / 3600
 *   ram_wh = ram_w_per_gb x ReqMem (GB = 2^30 bytes; AllocTRES mem when ReqMem is
 *            unknown) x Elapsed / 3600
 *   gpu_wh = AllocTRES gres/gpu x gpu_tdp_w x Elapsed / 3600
 *   it_wh  = ConsumedEnergyRaw / 3600 when it is > 0 and the node was not shared (the
 *            partition is exclusive, or the job holds every CPU of its nodes by the file's
 *            cpus_per_node), else cpu_wh + ram_wh + gpu_wh
 * Returns 0 with *out filled, or -1 with err filled (the job's line) when Elapsed or
 * TotalCPU of a job that ran is unknown, or out of memory. */
int et_sched_estimate(const struct et_sacct_job *job, const struct et_cluster *cluster,
		      const struct et_power_tables *tables, int describe, struct et_sched_estimate *out,
		      struct et_error *err);

#endif
