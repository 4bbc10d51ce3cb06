/* run.c - the life of a struct et_run: adding integrals, collecting warnings, releasing
 * what the run owns (see et_run.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et_grow.h"
#include "et_run.h"

#define ADD_SCALED(name, unit, what) d->name += f * s->name;

void et_scalar_integrals_add_scaled(struct et_integrals *d, const struct et_scalar_integrals *s,
				    double f)
{
	ET_INTEGRAL_FIELDS(ADD_SCALED)
}

void et_gpu_integrals_add_scaled(struct et_gpu_integrals *d, const struct et_gpu_integrals *s,
				 double f)
{
	ET_GPU_INTEGRAL_FIELDS(ADD_SCALED)
}

void et_scalar_add_scaled(struct et_scalar_integrals *d, const struct et_scalar_integrals *s,
			  double f)
{
	ET_INTEGRAL_FIELDS(ADD_SCALED)
}

void et_integrals_add(struct et_integrals *d, const struct et_integrals *s)
{
	const double f = 1.0;

	ET_INTEGRAL_FIELDS(ADD_SCALED)
	for (int i = 0; i < ET_MAX_GPUS; i++)
		et_gpu_integrals_add_scaled(&d->gpu[i], &s->gpu[i], 1.0);
}

size_t et_slim_bucket_size(int n_gpus)
{
	return sizeof(struct et_slim_bucket) + (size_t)n_gpus * sizeof(struct et_gpu_integrals);
}

struct et_slim_bucket *et_run_slim_bucket(const struct et_run_integrals *in, size_t i)
{
	return (struct et_slim_bucket *)(in->bucket_mem + i * et_slim_bucket_size(in->bucket_gpus));
}

int64_t et_run_bucket_start(const struct et_run_integrals *in, size_t i)
{
	return et_run_slim_bucket(in, i)->utc_start_ms;
}

void et_run_bucket(const struct et_run_integrals *in, size_t i, struct et_bucket *out)
{
	const struct et_slim_bucket *b = et_run_slim_bucket(in, i);
	int n = in->bucket_gpus;

	out->utc_start_ms = b->utc_start_ms;
#define COPY_FIELD(name, unit, what) out->q.name = b->s.name;
	ET_INTEGRAL_FIELDS(COPY_FIELD)
#undef COPY_FIELD
	memcpy(out->q.gpu, b->gpu, (size_t)n * sizeof(b->gpu[0]));
	memset(&out->q.gpu[n], 0, (size_t)(ET_MAX_GPUS - n) * sizeof(b->gpu[0]));
}

int et_run_buckets_widen(struct et_run_integrals *in, int n_gpus)
{
	if (n_gpus <= in->bucket_gpus)
		return 0;
	size_t old_size = et_slim_bucket_size(in->bucket_gpus), size = et_slim_bucket_size(n_gpus);
	unsigned char *mem = NULL;
	if (in->bucket_cap > 0 && !(mem = calloc(in->bucket_cap, size)))
		return -1;
	for (size_t i = 0; i < in->n_buckets; i++)
		memcpy(mem + i * size, in->bucket_mem + i * old_size, old_size);
	free(in->bucket_mem);
	in->bucket_mem = mem;
	in->bucket_gpus = n_gpus;
	return 0;
}

struct et_slim_bucket *et_run_bucket_new(struct et_run_integrals *in, int64_t utc_start_ms)
{
	size_t size = et_slim_bucket_size(in->bucket_gpus);

	if (in->n_buckets == in->bucket_cap) {
		size_t cap = in->bucket_cap;
		unsigned char *grown = et_grow(in->bucket_mem, &cap, in->n_buckets + 1, size);
		if (!grown)
			return NULL;
		in->bucket_mem = grown;
		in->bucket_cap = cap;
	}
	struct et_slim_bucket *b = (struct et_slim_bucket *)(in->bucket_mem + in->n_buckets * size);
	memset(b, 0, size);
	b->utc_start_ms = utc_start_ms;
	in->n_buckets++;
	return b;
}

/* 1 if g holds anything. */
static int gpu_part_used(const struct et_gpu_integrals *g)
{
#define NONZERO(name, unit, what) if (g->name != 0) return 1;
	ET_GPU_INTEGRAL_FIELDS(NONZERO)
#undef NONZERO
	return 0;
}

int et_run_bucket_append(struct et_run_integrals *in, const struct et_bucket *src)
{
	int n = ET_MAX_GPUS;

	while (n > in->bucket_gpus && !gpu_part_used(&src->q.gpu[n - 1]))
		n--;
	if (et_run_buckets_widen(in, n) < 0)
		return -1;
	struct et_slim_bucket *b = et_run_bucket_new(in, src->utc_start_ms);
	if (!b)
		return -1;
#define COPY_FIELD(name, unit, what) b->s.name = src->q.name;
	ET_INTEGRAL_FIELDS(COPY_FIELD)
#undef COPY_FIELD
	memcpy(b->gpu, src->q.gpu, (size_t)in->bucket_gpus * sizeof(b->gpu[0]));
	return 0;
}

void et_run_buckets_free(struct et_run_integrals *in)
{
	free(in->bucket_mem);
	in->bucket_mem = NULL;
	in->n_buckets = in->bucket_cap = 0;
}

int et_run_warn(struct et_run *run, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char **grown = et_grow(run->warnings, &run->warnings_cap, run->n_warnings + 1, sizeof(*grown));
	if (!grown) {
		free(text);
		return -1;
	}
	run->warnings = grown;
	run->warnings[run->n_warnings++] = text;
	return 0;
}

void et_run_release(struct et_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; i < run->n_warnings; i++)
		free(run->warnings[i]);
	free(run->warnings);
	et_run_buckets_free(&run->integrals);
	json_decref(run->header);
	memset(run, 0, sizeof(*run));
}
