/* run_series.c - the observer that feeds a run's samples into reducers as the log streams:
 * one pass, bounded memory (see run_series.h). */
#include <math.h>
#include <string.h>

#include "et_units.h"
#include "run_series.h"

/* Make the reducers once the header is known (the first record). 0, or -1. */
static int ensure(struct et_run_series *s)
{
	const struct et_run_facts *f = &s->run->facts;
	double interval = f->interval_ms > 0 ? (double)f->interval_ms / 1000.0 : 1.0;
	int n_gpus = f->n_gpus < ET_MAX_GPUS ? f->n_gpus : ET_MAX_GPUS;

	if (s->failed)
		return -1;
	if (!s->cpu && !(s->cpu = sr_create(ET_SERIES_COLUMNS, ET_S_N_CPU, interval)))
		s->failed = 1;
	if (!s->gpu && n_gpus > 0 && !(s->gpu = sr_create(ET_SERIES_COLUMNS, 3 * (size_t)n_gpus, interval)))
		s->failed = 1;
	return s->failed ? -1 : 0;
}

/* A time not before the reducer's last one: records of one instant may come a few ms out
 * of order between GPUs; later values land on the last time. */
static double monotonic_t(const struct sr_reducer *r, int64_t utc_ms)
{
	double t = (double)utc_ms / 1000.0, last = sr_last_time(r);

	return isfinite(last) && t < last ? last : t;
}

static void on_sample(void *ctx, const struct et_sample_view *v)
{
	struct et_run_series *s = ctx;
	double values[ET_S_N_CPU];

	if (ensure(s) < 0)
		return;
	values[ET_S_JOB_CORES] = v->job_cores;
	values[ET_S_USER_CORES] = v->user_cores;
	values[ET_S_MACHINE_CORES] = v->machine_busy_cores;
	values[ET_S_JOB_RSS_GB] = v->job_rss_kib / ET_KIB_PER_GB;
	values[ET_S_USER_RSS_GB] = v->user_rss_kib / ET_KIB_PER_GB;
	sr_add(s->cpu, monotonic_t(s->cpu, v->utc_ms), values);
}

static void on_gpu(void *ctx, const struct et_gpu_view *v)
{
	struct et_run_series *s = ctx;
	double values[3 * ET_MAX_GPUS];
	size_t n;

	if (ensure(s) < 0 || !s->gpu || v->slot < 0 || v->slot >= ET_MAX_GPUS)
		return;
	n = 3 * (size_t)(s->run->facts.n_gpus < ET_MAX_GPUS ? s->run->facts.n_gpus : ET_MAX_GPUS);
	if ((size_t)v->slot * 3 >= n)
		return;
	for (size_t i = 0; i < n; i++)
		values[i] = NAN;
	values[ET_S_GPU_POWER(v->slot)] = v->power_w;
	values[ET_S_GPU_JOB_ON(v->slot)] = v->job_on < 0 ? NAN : v->job_on;
	values[ET_S_GPU_USER_ON(v->slot)] = v->user_on < 0 ? NAN : v->user_on;
	sr_add(s->gpu, monotonic_t(s->gpu, v->utc_ms), values);
}

void et_run_series_init(struct et_run_series *s, const struct et_run *run, struct et_run_observer *obs)
{
	memset(s, 0, sizeof(*s));
	s->run = run;
	obs->ctx = s;
	obs->sample = on_sample;
	obs->gpu = on_gpu;
}

void et_run_series_release(struct et_run_series *s)
{
	sr_free(s->cpu);
	sr_free(s->gpu);
	memset(s, 0, sizeof(*s));
}

size_t et_series_export(const struct sr_reducer *r, size_t index, struct et_series_points *p)
{
	p->n = 0;
	if (r && sr_columns_used(r) <= ET_SERIES_COLUMNS)
		p->n = sr_export(r, index, p->t, p->mean, p->lo, p->hi, p->brk);
	return p->n;
}
