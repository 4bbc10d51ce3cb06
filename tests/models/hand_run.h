/* hand_run.h - a run filled by hand for the model tests (no log needed): 2 sockets of
 * Xeon Gold 6130, two GPUs, one hour in two half-hour buckets. Included by one test each. */
#ifndef ET_TEST_HAND_RUN_H
#define ET_TEST_HAND_RUN_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "et_model.h"
#include "et_run.h"

#define GIB_KIB 1048576.0

/* The hand-made run: 2 x Xeon Gold 6130 (2 sockets, 32 physical cores, 64 logical CPUs),
 * 128 GiB, two GPUs, one hour in two half-hour buckets.
 *   bucket 1 (1800 s): job 2 CPUs busy (3600 CPU-s), user 3 (5400 CPU-s); job RSS 2 GiB,
 *     user RSS 4 GiB; machine load 0.5 (load^3 = 0.125 -> 225 s);
 *     GPU0 (V100, idle 50 W): 200 W, job and user on it, util 80 %;
 *     GPU1 (A100, idle 60 W): 60 W, a user process (not the job's) on it for 900 s, util 0 %.
 *   bucket 2 (1800 s): job 1 CPU (1800 CPU-s), user 1 (1800); job and user RSS 1 GiB;
 *     load 0.1 (load^3 = 0.001 -> 1.8 s); GPU0 100 W, job on it, util 20 %; GPU1 60 W idle. */
struct hand_run {
	struct et_run run;
	struct et_integrals b[2];
};

static void gpu_fill(struct et_gpu_integrals *g, double s, double w, double idle, double util,
		     double job_s, double user_s)
{
	double above = w > idle ? w - idle : 0;

	g->known_s = s;
	g->whole_j = w * s;
	g->above_idle_j = above * s;
	g->whole_job_j = w * job_s;
	g->whole_user_j = w * user_s;
	g->above_idle_job_j = above * job_s;
	g->above_idle_user_j = above * user_s;
	g->util_pct_s = util * s;
	g->util_known_s = s;
	g->used_job_s = job_s;
	g->used_user_s = user_s;
}

/* The run's total made again from its two buckets (after a test changed them). */
static void hand_run_total(struct hand_run *h)
{
	memset(&h->run.integrals.total, 0, sizeof(h->run.integrals.total));
	et_integrals_add(&h->run.integrals.total, &h->b[0]);
	et_integrals_add(&h->run.integrals.total, &h->b[1]);
}

static void hand_run_init(struct hand_run *h, const char *cpu_model)
{
	struct et_integrals *b1 = &h->b[0], *b2 = &h->b[1];
	struct et_run *r = &h->run;

	memset(h, 0, sizeof(*h));
	snprintf(r->log_path, sizeof(r->log_path), "hand.log");
	r->facts.host = "node1";
	r->facts.user = "alice";
	r->facts.cpu_model = cpu_model;
	r->facts.sockets = 2;
	r->facts.physical_cores = 32;
	r->facts.logical_cpus = 64;
	r->facts.user_hz = 100;
	r->facts.mem_total_kib = 128 * GIB_KIB;
	r->facts.interval_ms = 1000;
	r->facts.n_gpus = 2;
	r->facts.gpus[0] = (struct et_gpu_info){0, "GPU-aaa", "Tesla V100-SXM2-32GB", 300, 50};
	r->facts.gpus[1] = (struct et_gpu_info){1, "GPU-bbb", "NVIDIA A100-SXM4-80GB", 400, 60};
	r->facts.duration_s = 3600;
	r->facts.complete = 1;

	b1->duration_s = 1800;
	b1->job_cpu_s = 3600;
	b1->user_cpu_s = 5400;
	b1->job_rss_kib_s = 2 * GIB_KIB * 1800;
	b1->user_rss_kib_s = 4 * GIB_KIB * 1800;
	b1->rss_known_s = 1800;
	b1->sys_busy_s = 0.5 * 64 * 1800;
	b1->sys_total_s = 64 * 1800;
	b1->sys_load_cubed_s = 0.125 * 1800;
	gpu_fill(&b1->gpu[0], 1800, 200, 50, 80, 1800, 1800);
	gpu_fill(&b1->gpu[1], 1800, 60, 60, 0, 0, 900);

	b2->duration_s = 1800;
	b2->job_cpu_s = 1800;
	b2->user_cpu_s = 1800;
	b2->job_rss_kib_s = 1 * GIB_KIB * 1800;
	b2->user_rss_kib_s = 1 * GIB_KIB * 1800;
	b2->rss_known_s = 1800;
	b2->sys_busy_s = 0.1 * 64 * 1800;
	b2->sys_total_s = 64 * 1800;
	b2->sys_load_cubed_s = 0.001 * 1800;
	gpu_fill(&b2->gpu[0], 1800, 100, 50, 20, 1800, 1800);
	gpu_fill(&b2->gpu[1], 1800, 60, 60, 0, 0, 0);

	hand_run_total(h);
}

static void params_init(struct et_params *p, enum et_scope scope,
			const struct et_power_tables *tables)
{
	memset(p, 0, sizeof(*p));
	p->pue = 1.5;
	p->scope = scope;
	p->cpu_tdp_w = p->cpu_tdp_per_core_w = p->gpu_tdp_w = p->ram_w_per_gb = p->mem_gb = NAN;
	p->tables = tables;
}

#endif
