/* store.c - et_store.h's calls: open dispatches on the form of the store's name (a
 * postgresql:// URI or a SQLite path), the others go to the backend's functions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "et_grow.h"
#include "store_backend.h"

int et_store_is_uri(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

int et_store_open(const char *db, enum et_store_mode mode, struct et_store **out,
		  const char **network, struct et_error *err)
{
	if (network)
		*network = NULL;
	if (et_store_is_uri(db))
		return et_store_pg_open(db, mode, out, err);
	return et_store_sqlite_open(db, mode, out, network, err);
}

const char *et_store_name(const struct et_store *s)
{
	return s->name;
}

void et_store_close(struct et_store *s)
{
	if (s)
		s->ops->close(s);
}

int et_store_source_unchanged(struct et_store *s, const char *path, int64_t size,
			      int64_t mtime_ns, struct et_error *err)
{
	return s->ops->source_unchanged(s, path, size, mtime_ns, err);
}

int et_store_add(struct et_store *s, const struct et_run *run, const struct et_store_source *src,
		 enum et_store_outcome *outcome, struct et_error *err)
{
	struct et_run copy;
	struct et_bucket *empty;
	int rc;

	if (run->integrals.by_day)   /* a caller's mistake: et_run_load without a day zone */
		return et_error_set(err, run->log_path, 0, "a store keeps quarter-hours: this run was "
				    "integrated by days");
	if (run->integrals.n_buckets > 0)
		return s->ops->add(s, run, src, outcome, err);
	/* A run of no duration (launch and end in the same millisecond) has no interval, so
	 * no quarter-hour: it is stored with one empty quarter-hour at its launch, so that a
	 * period's query (runs with a quarter-hour in it) still finds and counts it. */
	if (!(empty = calloc(1, sizeof(*empty))))
		return et_error_set(err, run->log_path, 0, "out of memory");
	copy = *run;
	memset(&copy.integrals, 0, sizeof(copy.integrals));
	copy.integrals.total = run->integrals.total;
	empty->utc_start_ms = run->facts.launch_utc_ms - ((run->facts.launch_utc_ms % ET_BUCKET_MS) +
							   ET_BUCKET_MS) % ET_BUCKET_MS;
	if (et_run_bucket_append(&copy.integrals, empty) < 0) {
		free(empty);
		return et_error_set(err, run->log_path, 0, "out of memory");
	}
	free(empty);
	rc = s->ops->add(s, &copy, src, outcome, err);
	et_run_buckets_free(&copy.integrals);
	return rc;
}

int et_store_runs_in(struct et_store *s, int64_t from_utc_ms, int64_t to_utc_ms,
		     et_store_run_fn fn, void *ctx, struct et_error *err)
{
	return s->ops->runs_in(s, from_utc_ms, to_utc_ms, fn, ctx, err);
}

int64_t et_store_count_runs(struct et_store *s, struct et_error *err)
{
	return s->ops->count_runs(s, err);
}

int et_store_begin(struct et_store *s, struct et_error *err)
{
	return s->ops->begin(s, err);
}

int et_store_commit(struct et_store *s, struct et_error *err)
{
	return s->ops->commit(s, err);
}

void et_store_rollback(struct et_store *s)
{
	s->ops->rollback(s);
}

int et_store_put_sacct(struct et_store *s, const struct et_sacct_job *job, const char *source,
		       enum et_store_sacct_outcome *outcome, struct et_error *err)
{
	return s->ops->put_sacct(s, job, source, outcome, err);
}

int et_store_sacct_in(struct et_store *s, int64_t from_local_s, int64_t to_local_s,
		      et_store_sacct_fn fn, void *ctx, struct et_error *err)
{
	return s->ops->sacct_in(s, from_local_s, to_local_s, fn, ctx, err);
}

int64_t et_store_count_sacct(struct et_store *s, struct et_error *err)
{
	return s->ops->count_sacct(s, err);
}

/* ---- shared by the backends ---- */

const char *et_store_scheduler_text(const json_t *header, const char *name)
{
	return json_string_value(json_object_get(json_object_get(header, "scheduler"), name));
}

/* The header's number called key, or -1 when absent. */
int et_store_header_int(const json_t *header, const char *key, int64_t *out)
{
	json_t *v = json_object_get(header, key);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

int et_store_run_ident(const struct et_run *run, const char *path, int64_t ident[3],
		       struct et_error *err)
{
	if (et_store_header_int(run->header, "pid", &ident[0]) < 0 ||
	    et_store_header_int(run->header, "start_utc_ms", &ident[1]) < 0 ||
	    et_store_header_int(run->header, "start_mono_ms", &ident[2]) < 0)
		return et_error_set(err, path, 2, "the header lacks pid, start_utc_ms or start_mono_ms: "
				    "the run cannot be identified");
	return 0;
}

/* The header's JSON value called key as text ("fallback" when absent); free() it. */
char *et_store_header_json(const json_t *header, const char *key, const char *fallback)
{
	json_t *v = json_object_get(header, key);

	if (!v)
		return strdup(fallback);
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* The basename of the command's first word, into buf. */
const char *et_store_program_of(const json_t *header, char *buf, size_t n)
{
	const char *first = json_string_value(json_array_get(json_object_get(header, "command"), 0));
	const char *slash;

	if (!first)
		first = "";
	slash = strrchr(first, '/');
	snprintf(buf, n, "%s", slash ? slash + 1 : first);
	return buf;
}

/* ---- a run's row, for both backends ---- */

#define V_INT(x) ((struct et_sql_value){ET_SQL_INT, (int64_t)(x), 0, NULL})
#define V_REAL(x) ((struct et_sql_value){isfinite(x) ? ET_SQL_REAL : ET_SQL_NULL, 0, (x), NULL})
#define V_TEXT(x) ((struct et_sql_value){(x) ? ET_SQL_TEXT : ET_SQL_NULL, 0, 0, (x)})

void et_store_run_text_free(struct et_store_run_text *text)
{
	free(text->command);
	free(text->tags);
	free(text->scheduler);
	free(text->header);
	text->command = text->tags = text->scheduler = text->header = NULL;
}

int et_store_run_values(const struct et_run *run, const struct et_store_source *src,
			const int64_t ident[3], struct et_store_run_text *text,
			struct et_sql_value v[ET_RC_N])
{
	const struct et_run_facts *f = &run->facts;
	const struct et_end_record *e = &f->end;
	int64_t uid = -1;
	struct timespec now;

	text->command = et_store_header_json(run->header, "command", "[]");
	text->tags = et_store_header_json(run->header, "tags", "{}");
	text->scheduler = et_store_header_json(run->header, "scheduler", "{}");
	text->header = json_dumps(run->header, JSON_COMPACT);
	if (!text->command || !text->tags || !text->scheduler || !text->header) {
		et_store_run_text_free(text);
		return -1;
	}
	et_store_header_int(run->header, "uid", &uid);
	clock_gettime(CLOCK_REALTIME, &now);
	v[ET_RC_host] = V_TEXT(f->host);
	v[ET_RC_pid] = V_INT(ident[0]);
	v[ET_RC_start_utc_ms] = V_INT(ident[1]);
	v[ET_RC_start_mono_ms] = V_INT(ident[2]);
	v[ET_RC_user_name] = V_TEXT(f->user);
	v[ET_RC_uid] = uid >= 0 ? V_INT(uid) : V_TEXT(NULL);
	v[ET_RC_command] = V_TEXT(text->command);
	v[ET_RC_program] = V_TEXT(et_store_program_of(run->header, text->program, sizeof(text->program)));
	v[ET_RC_tags] = V_TEXT(text->tags);
	v[ET_RC_scheduler] = V_TEXT(text->scheduler);
	v[ET_RC_header] = V_TEXT(text->header);
	v[ET_RC_cpu_model] = V_TEXT(f->cpu_model);
	v[ET_RC_sockets] = V_INT(f->sockets);
	v[ET_RC_physical_cores] = V_INT(f->physical_cores);
	v[ET_RC_logical_cpus] = V_INT(f->logical_cpus);
	v[ET_RC_user_hz] = V_INT(f->user_hz);
	v[ET_RC_mem_total_kib] = V_REAL(f->mem_total_kib);
	v[ET_RC_interval_ms] = V_INT(f->interval_ms);
	v[ET_RC_n_gpus] = V_INT(f->n_gpus);
	v[ET_RC_launch_utc_ms] = V_INT(f->launch_utc_ms);
	v[ET_RC_end_utc_ms] = V_INT(f->end_utc_ms);
	v[ET_RC_duration_s] = V_REAL(f->duration_s);
	v[ET_RC_complete] = V_INT(f->complete);
	v[ET_RC_end_present] = V_INT(e->present);
	v[ET_RC_end_status] = V_TEXT(e->status);
	v[ET_RC_end_code] = V_INT(e->code);
	v[ET_RC_end_etrec_exit] = V_INT(e->etrec_exit);
	v[ET_RC_end_job_utime_s] = V_REAL(e->job_utime_s);
	v[ET_RC_end_job_stime_s] = V_REAL(e->job_stime_s);
	v[ET_RC_end_job_maxrss_kib] = V_REAL(e->job_maxrss_kib);
	v[ET_RC_end_etrec_utime_s] = V_REAL(e->etrec_utime_s);
	v[ET_RC_end_etrec_stime_s] = V_REAL(e->etrec_stime_s);
	v[ET_RC_end_etrec_maxrss_kib] = V_REAL(e->etrec_maxrss_kib);
	v[ET_RC_end_smi_utime_s] = V_REAL(e->smi_utime_s);
	v[ET_RC_end_smi_stime_s] = V_REAL(e->smi_stime_s);
	v[ET_RC_job_cpu_s_last] = V_REAL(f->job_cpu_s_last);
	v[ET_RC_user_cpu_s_last] = V_REAL(f->user_cpu_s_last);
	v[ET_RC_n_warnings] = V_INT(run->n_warnings);
	v[ET_RC_scheduler_known] = V_INT(f->scheduler_known);
	v[ET_RC_cuda_visible_devices] = V_TEXT(f->cuda_visible_devices);   /* NULL: not set */
	v[ET_RC_source_path] = V_TEXT(src->path);
	v[ET_RC_source_size] = V_INT(src->size);
	v[ET_RC_source_mtime_ns] = V_INT(src->mtime_ns);
	v[ET_RC_source_hash] = V_TEXT(src->hash);
	v[ET_RC_ingested_utc_ms] = V_INT((int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000);
	v[ET_RC_etest_version] = V_TEXT(ET_VERSION);   /* whose integrator computed the integrals */
#define TOTAL_VALUE(name, unit, what) v[ET_RC_total_##name] = V_REAL(run->integrals.total.name);
	ET_INTEGRAL_FIELDS(TOTAL_VALUE)
#undef TOTAL_VALUE
#define SLURM_VALUE(key, variable) v[ET_RC_slurm_##key] = V_TEXT(et_store_scheduler_text(run->header, variable));
	ET_STORE_SLURM_KEYS(SLURM_VALUE)
	v[ET_RC_rapl_source] = V_TEXT(f->rapl_source);
	v[ET_RC_rapl_names] = V_TEXT(f->rapl_names);
	v[ET_RC_rapl_zones] = V_INT(f->rapl_zones);
	v[ET_RC_gpu_process_source] = V_TEXT(f->gpu_process_source);
	v[ET_RC_booked_cpus] = V_REAL(f->booked_cpus);
	v[ET_RC_booked_mem_gb] = V_REAL(f->booked_mem_gb);
	v[ET_RC_job_cpu_from_cgroup] = V_INT(f->job_cpu_from_cgroup);
#undef SLURM_VALUE
	return 0;
}

void et_store_run_read(const struct et_sql_row *row, struct et_stored_run *r)
{
	struct et_run_facts *f = &r->facts;
	struct et_end_record *e = &f->end;
	void *c = row->ctx;
#define I(name) row->get_int(c, ET_RC_##name + 1)
#define R(name) (row->is_null(c, ET_RC_##name + 1) ? NAN : row->get_real(c, ET_RC_##name + 1))
#define T(name) row->get_text(c, ET_RC_##name + 1)

	memset(r, 0, sizeof(*r));
	r->id = row->get_int(c, 0);
	f->host = T(host);
	f->user = T(user_name);
	f->cpu_model = T(cpu_model);
	f->sockets = (int)I(sockets);
	f->physical_cores = (int)I(physical_cores);
	f->logical_cpus = (int)I(logical_cpus);
	f->user_hz = (int)I(user_hz);
	f->mem_total_kib = R(mem_total_kib);
	f->interval_ms = I(interval_ms);
	f->n_gpus = (int)I(n_gpus);
	if (f->n_gpus < 0 || f->n_gpus > ET_MAX_GPUS)
		f->n_gpus = 0;
	f->launch_utc_ms = I(launch_utc_ms);
	f->end_utc_ms = I(end_utc_ms);
	f->duration_s = R(duration_s);
	f->complete = (int)I(complete);
	e->present = (int)I(end_present);
	snprintf(e->status, sizeof(e->status), "%s", T(end_status));
	e->code = (int)I(end_code);
	e->etrec_exit = (int)I(end_etrec_exit);
	e->job_utime_s = R(end_job_utime_s);
	e->job_stime_s = R(end_job_stime_s);
	e->job_maxrss_kib = R(end_job_maxrss_kib);
	e->etrec_utime_s = R(end_etrec_utime_s);
	e->etrec_stime_s = R(end_etrec_stime_s);
	e->etrec_maxrss_kib = R(end_etrec_maxrss_kib);
	e->smi_utime_s = R(end_smi_utime_s);
	e->smi_stime_s = R(end_smi_stime_s);
	f->job_cpu_s_last = R(job_cpu_s_last);
	f->user_cpu_s_last = R(user_cpu_s_last);
	f->scheduler_known = (int)I(scheduler_known);
	f->cuda_visible_devices = row->is_null(c, ET_RC_cuda_visible_devices + 1) ? NULL : T(cuda_visible_devices);
	r->n_warnings = (int)I(n_warnings);
	r->program = T(program);
	r->command_json = T(command);
	r->tags_json = T(tags);
	r->source_path = T(source_path);
	f->rapl_source = T(rapl_source);
	snprintf(f->rapl_names, sizeof(f->rapl_names), "%s", T(rapl_names));
	f->rapl_zones = (int)I(rapl_zones);
	f->gpu_process_source = T(gpu_process_source);
	f->booked_cpus = R(booked_cpus);
	f->booked_mem_gb = R(booked_mem_gb);
	f->job_cpu_from_cgroup = (int)I(job_cpu_from_cgroup);
#define READ_TOTAL(name, unit, what) r->integrals.total.name = R(total_##name);
	ET_INTEGRAL_FIELDS(READ_TOTAL)
#undef READ_TOTAL
#define READ_SLURM(key, variable) r->slurm.key = T(slurm_##key);
	ET_STORE_SLURM_KEYS(READ_SLURM)
#undef READ_SLURM
	r->sacct_account = row->get_text(c, ET_RC_N + 1);
	r->sacct_partition = row->get_text(c, ET_RC_N + 2);
#undef I
#undef R
#undef T
}

void et_store_buckets_reset(struct et_store_buckets *bs)
{
	bs->n = bs->gpu_at = 0;
}

int et_store_bucket_row(struct et_store_buckets *bs, const struct et_sql_row *row)
{
	struct et_bucket *grown = et_grow(bs->rows, &bs->cap, bs->n + 1, sizeof(*grown));
	int k = 1;

	if (!grown)
		return -1;
	bs->rows = grown;
	struct et_bucket *bk = &bs->rows[bs->n++];
	memset(bk, 0, sizeof(*bk));
	bk->utc_start_ms = row->get_int(row->ctx, 0);
	bk->utc_end_ms = bk->utc_start_ms + ET_BUCKET_MS;
#define READ_FIELD(name, unit, what) bk->q.name = row->get_real(row->ctx, k++);
	ET_INTEGRAL_FIELDS(READ_FIELD)
#undef READ_FIELD
	return 0;
}

void et_store_gpu_bucket_row(struct et_store_buckets *bs, const struct et_sql_row *row)
{
	int64_t t = row->get_int(row->ctx, 0);
	int64_t g = row->get_int(row->ctx, 1);
	int k = 2;

	while (bs->gpu_at < bs->n && bs->rows[bs->gpu_at].utc_start_ms < t)
		bs->gpu_at++;
	if (bs->gpu_at == bs->n || bs->rows[bs->gpu_at].utc_start_ms != t || g < 0 || g >= ET_MAX_GPUS)
		return;   /* a GPU row without its bucket: ignored */
	struct et_gpu_integrals *q = &bs->rows[bs->gpu_at].q.gpu[g];
#define READ_FIELD(name, unit, what) q->name = row->get_real(row->ctx, k++);
	ET_GPU_INTEGRAL_FIELDS(READ_FIELD)
#undef READ_FIELD
}

int et_store_buckets_give(struct et_store_buckets *bs, struct et_stored_run *r)
{
	struct et_integrals total = r->integrals.total;

	bs->slim.n_buckets = 0;
	for (size_t i = 0; i < bs->n; i++)
		if (et_run_bucket_append(&bs->slim, &bs->rows[i]) < 0)
			return -1;
	r->integrals = bs->slim;
	r->integrals.total = total;
	return 0;
}

void et_store_buckets_free(struct et_store_buckets *bs)
{
	free(bs->rows);
	et_run_buckets_free(&bs->slim);
	memset(bs, 0, sizeof(*bs));
}

void et_store_gpu_read(const struct et_sql_row *row, struct et_stored_run *r)
{
	void *c = row->ctx;
	int64_t g = row->get_int(c, 0);

	if (g < 0 || g >= r->facts.n_gpus)
		return;
	struct et_gpu_info *gi = &r->facts.gpus[g];
	struct et_gpu_integrals *q = &r->integrals.total.gpu[g];
	gi->index = (int)row->get_int(c, 1 + ET_GC_gpu_index);
	snprintf(gi->uuid, sizeof(gi->uuid), "%s", row->get_text(c, 1 + ET_GC_uuid));
	snprintf(gi->name, sizeof(gi->name), "%s", row->get_text(c, 1 + ET_GC_name));
	gi->power_limit_w = row->get_real(c, 1 + ET_GC_power_limit_w);
	gi->idle_w = row->get_real(c, 1 + ET_GC_idle_w);
#define READ_GPU_TOTAL(name, unit, what) q->name = row->get_real(c, 1 + ET_GC_total_##name);
	ET_GPU_INTEGRAL_FIELDS(READ_GPU_TOTAL)
#undef READ_GPU_TOTAL
}
