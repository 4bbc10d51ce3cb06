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

void et_integrals_add(struct et_integrals *d, const struct et_integrals *s)
{
	const double f = 1.0;

	ET_INTEGRAL_FIELDS(ADD_SCALED)
	for (int i = 0; i < ET_MAX_GPUS; i++)
		et_gpu_integrals_add_scaled(&d->gpu[i], &s->gpu[i], 1.0);
}

/* The slim buckets copy fields as runs of doubles. */
_Static_assert(sizeof(struct et_scalar_integrals) == ET_N_FIELDS_SCALAR * sizeof(double), "doubles only");
_Static_assert(sizeof(struct et_gpu_integrals) == ET_N_FIELDS_GPU * sizeof(double), "doubles only");

static int scalar_fields(unsigned parts)
{
	return parts & ET_BUCKET_RAPL ? ET_N_FIELDS_SCALAR : ET_N_FIELDS_SCALAR_1_0;
}

static int gpu_fields(unsigned parts)
{
	return parts & ET_BUCKET_GPU_SHARES ? ET_N_FIELDS_GPU : ET_N_FIELDS_GPU_1_0;
}

#define HEADER_SIZE (2 * sizeof(int64_t))   /* a stored bucket's start and end */

static size_t layout_size(int n_gpus, unsigned parts)
{
	return HEADER_SIZE + ((size_t)scalar_fields(parts) + (size_t)n_gpus * (size_t)gpu_fields(parts)) *
		sizeof(double);
}

int et_slim_scalar_fields(const struct et_run_integrals *in)
{
	return scalar_fields(in->bucket_parts);
}

int et_slim_gpu_fields(const struct et_run_integrals *in)
{
	return gpu_fields(in->bucket_parts);
}

size_t et_slim_bucket_size(const struct et_run_integrals *in)
{
	return layout_size(in->bucket_gpus, in->bucket_parts);
}

static unsigned char *record(const struct et_run_integrals *in, size_t i)
{
	return in->bucket_mem + i * et_slim_bucket_size(in);
}

double *et_slim_scalar(const struct et_run_integrals *in, size_t i)
{
	return (double *)(record(in, i) + HEADER_SIZE);
}

double *et_slim_gpu(const struct et_run_integrals *in, size_t i, int g)
{
	return et_slim_scalar(in, i) + et_slim_scalar_fields(in) + (size_t)g * (size_t)et_slim_gpu_fields(in);
}

int64_t et_run_bucket_start(const struct et_run_integrals *in, size_t i)
{
	int64_t start;

	memcpy(&start, record(in, i), sizeof(start));
	return start;
}

int64_t et_run_bucket_end(const struct et_run_integrals *in, size_t i)
{
	int64_t end;

	memcpy(&end, record(in, i) + sizeof(int64_t), sizeof(end));
	return end;
}

void et_run_bucket(const struct et_run_integrals *in, size_t i, struct et_bucket *out)
{
	int ns = et_slim_scalar_fields(in), ng = et_slim_gpu_fields(in);
	double *scalar = (double *)&out->q;   /* the struct's scalar fields come first, in order */

	memset(out, 0, sizeof(*out));
	out->utc_start_ms = et_run_bucket_start(in, i);
	out->utc_end_ms = et_run_bucket_end(in, i);
	memcpy(scalar, et_slim_scalar(in, i), (size_t)ns * sizeof(double));
	for (int g = 0; g < in->bucket_gpus; g++)
		memcpy(&out->q.gpu[g], et_slim_gpu(in, i, g), (size_t)ng * sizeof(double));
}

int et_run_buckets_widen(struct et_run_integrals *in, int n_gpus, unsigned parts)
{
	struct et_run_integrals old = *in;

	if (n_gpus < in->bucket_gpus)
		n_gpus = in->bucket_gpus;
	parts |= in->bucket_parts;
	if (n_gpus == in->bucket_gpus && parts == in->bucket_parts)
		return 0;
	size_t size = layout_size(n_gpus, parts);
	unsigned char *mem = NULL;
	if (in->bucket_cap > 0 && !(mem = calloc(in->bucket_cap, size)))
		return -1;
	in->bucket_mem = mem;
	in->bucket_gpus = n_gpus;
	in->bucket_parts = parts;
	int ns = et_slim_scalar_fields(&old), ng = et_slim_gpu_fields(&old);
	for (size_t i = 0; i < in->n_buckets; i++) {
		memcpy(record(in, i), record(&old, i), HEADER_SIZE + (size_t)ns * sizeof(double));
		for (int g = 0; g < old.bucket_gpus; g++)
			memcpy(et_slim_gpu(in, i, g), et_slim_gpu(&old, i, g), (size_t)ng * sizeof(double));
	}
	free(old.bucket_mem);
	return 0;
}

long et_run_bucket_new(struct et_run_integrals *in, int64_t utc_start_ms, int64_t utc_end_ms)
{
	size_t size = et_slim_bucket_size(in);

	if (in->n_buckets == in->bucket_cap) {
		size_t cap = in->bucket_cap;
		unsigned char *grown = et_grow(in->bucket_mem, &cap, in->n_buckets + 1, size);
		if (!grown)
			return -1;
		in->bucket_mem = grown;
		in->bucket_cap = cap;
	}
	unsigned char *b = record(in, in->n_buckets);
	memset(b, 0, size);
	memcpy(b, &utc_start_ms, sizeof(utc_start_ms));
	memcpy(b + sizeof(int64_t), &utc_end_ms, sizeof(utc_end_ms));
	return (long)in->n_buckets++;
}

int et_run_bucket_append(struct et_run_integrals *in, const struct et_bucket *src)
{
	int n = ET_MAX_GPUS;
	const double *scalar = (const double *)&src->q;   /* the struct's scalar fields come first */
	unsigned parts = et_scalar_parts((const struct et_scalar_integrals *)scalar);

	if (in->by_day)
		return -1;
	while (n > in->bucket_gpus && !et_any_nonzero((const double *)&src->q.gpu[n - 1], ET_N_FIELDS_GPU))
		n--;
	for (int g = 0; g < n; g++)
		parts |= et_gpu_parts(&src->q.gpu[g]);
	if (et_run_buckets_widen(in, n, parts) < 0)
		return -1;
	long i = et_run_bucket_new(in, src->utc_start_ms, src->utc_start_ms + ET_BUCKET_MS);
	if (i < 0)
		return -1;
	memcpy(et_slim_scalar(in, (size_t)i), scalar, (size_t)et_slim_scalar_fields(in) * sizeof(double));
	for (int g = 0; g < in->bucket_gpus; g++)
		memcpy(et_slim_gpu(in, (size_t)i, g), &src->q.gpu[g], (size_t)et_slim_gpu_fields(in) * sizeof(double));
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
