/* run_series.h - a run's samples over time for the charts, collected while the log streams
 * (an integrator observer feeding bounded-memory reducers: CPU and memory, GPU power). */
#ifndef ET_RUN_SERIES_H
#define ET_RUN_SERIES_H

#include <stddef.h>

#include "et_run.h"
#include "integrate.h"
#include "series_reduce.h"

/* Columns of every chart: a week at 1 s and a minute at 1 s cost the same. */
#define ET_SERIES_COLUMNS 1024

/* The CPU reducer's series, in this order. */
enum et_cpu_series {
	ET_S_JOB_CORES, ET_S_USER_CORES, ET_S_MACHINE_CORES, ET_S_JOB_RSS_GB, ET_S_USER_RSS_GB,
	ET_S_N_CPU
};
/* The GPU reducer holds 3 series per GPU slot: power (W), then job_on and user_on (1 when
 * a process of the job / user was on it, 0 when none, NAN unknown). */
#define ET_S_GPU_POWER(slot) (3 * (size_t)(slot))
#define ET_S_GPU_JOB_ON(slot) (3 * (size_t)(slot) + 1)
#define ET_S_GPU_USER_ON(slot) (3 * (size_t)(slot) + 2)

struct et_run_series {
	const struct et_run *run;    /* borrowed: its facts size the reducers */
	struct sr_reducer *cpu;      /* ET_S_N_CPU series; NULL until the first sample */
	struct sr_reducer *gpu;      /* 3 x n_gpus series; NULL without GPUs or readings */
	int failed;                  /* out of memory: the charts are left out */
};

/* Prepare s to observe run (zeroed, or released) and fill obs to pass to
 * et_run_load_with(). The reducers are made at the first record, when the header's
 * interval and GPUs are known. */
void et_run_series_init(struct et_run_series *s, const struct et_run *run, struct et_run_observer *obs);
void et_run_series_release(struct et_run_series *s);

/* A series exported for dr_ts_series (arrays of up to ET_SERIES_COLUMNS points). */
struct et_series_points {
	double t[ET_SERIES_COLUMNS], mean[ET_SERIES_COLUMNS], lo[ET_SERIES_COLUMNS], hi[ET_SERIES_COLUMNS];
	unsigned char brk[ET_SERIES_COLUMNS];
	size_t n;
};
/* Export series index of reducer r (may be NULL: no point) into p. Returns p->n. */
size_t et_series_export(const struct sr_reducer *r, size_t index, struct et_series_points *p);

#endif
