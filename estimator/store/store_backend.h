/* store_backend.h - what a backend of the run store provides: its functions behind
 * et_store.h's calls (store.c dispatches on the form of --db), and its open call. */
#ifndef ET_STORE_BACKEND_H
#define ET_STORE_BACKEND_H

#include "et_store.h"
#include "store_sql.h"

struct et_store_ops {
	void (*close)(struct et_store *s);
	int (*source_unchanged)(struct et_store *s, const char *path, int64_t size, int64_t mtime_ns,
				struct et_error *err);
	int (*add)(struct et_store *s, const struct et_run *run, const struct et_store_source *src,
		   enum et_store_outcome *outcome, struct et_error *err);
	int (*runs_in)(struct et_store *s, int64_t from_utc_ms, int64_t to_utc_ms, et_store_run_fn fn,
		       void *ctx, struct et_error *err);
	int64_t (*count_runs)(struct et_store *s, struct et_error *err);
	int (*begin)(struct et_store *s, struct et_error *err);
	int (*commit)(struct et_store *s, struct et_error *err);
	void (*rollback)(struct et_store *s);
	int (*put_sacct)(struct et_store *s, const struct et_sacct_job *job, const char *source,
			 enum et_store_sacct_outcome *outcome, struct et_error *err);
	int (*sacct_in)(struct et_store *s, int64_t from_local_s, int64_t to_local_s, et_store_sacct_fn fn,
			void *ctx, struct et_error *err);
	int64_t (*count_sacct)(struct et_store *s, struct et_error *err);
};

/* The first member of every backend's store. */
struct et_store {
	const struct et_store_ops *ops;
	char name[1024];   /* as messages name it: the path, or the URI without its password */
};

/* The header's number called key: 0, or -1 when absent. */
int et_store_header_int(const json_t *header, const char *key, int64_t *out);
/* A run's identity in the store, from its header: pid, start_utc_ms, start_mono_ms.
 * Returns 0, or -1 with err filled (path, line 2: the header) when one is missing. */
int et_store_run_ident(const struct et_run *run, const char *path, int64_t ident[3],
		       struct et_error *err);
/* The header's JSON value called key as text (fallback when absent); free() it. */
char *et_store_header_json(const json_t *header, const char *key, const char *fallback);
/* The header's scheduler variable called name (a string), or NULL when not set. */
const char *et_store_scheduler_text(const json_t *header, const char *name);
/* The basename of the command's first word, into buf. */
const char *et_store_program_of(const json_t *header, char *buf, size_t n);

/* The strings a run's columns are made of (its header's JSON as text, the program's name). */
struct et_store_run_text {
	char *command, *tags, *scheduler, *header;
	char program[256];
};

/* The ET_RC_N values of run's row in runs, in column order (the run columns, the total
 * integrals, the SLURM keys), for both backends; strings borrowed from run, src and text
 * (free text with et_store_run_text_free). Returns 0, or -1 out of memory. */
int et_store_run_values(const struct et_run *run, const struct et_store_source *src,
			const int64_t ident[3], struct et_store_run_text *text,
			struct et_sql_value v[ET_RC_N]);
void et_store_run_text_free(struct et_store_run_text *text);

/* A stored run's facts, totals, SLURM keys and its job's account and partition from row:
 * id at column 0, the run columns from 1 (ET_SQL_RUNS_IN's order). Strings are borrowed
 * from the row. */
void et_store_run_read(const struct et_sql_row *row, struct et_stored_run *r);

/* A row of ET_SQL_GPUS_OF (slot, then the GPU columns and totals) into r's facts and
 * totals; a slot beyond r's GPUs is ignored. */
void et_store_gpu_read(const struct et_sql_row *row, struct et_stored_run *r);

/* A stored run's buckets as the two bucket queries give them (ET_SQL_BUCKETS_OF, then
 * ET_SQL_GPU_BUCKETS_OF, both in time order), gathered for both backends; reused from
 * run to run, freed with et_store_buckets_free. */
struct et_store_buckets {
	struct et_bucket *rows;        /* the period's buckets, expanded */
	size_t n, cap, gpu_at;         /* gpu_at: where the GPU rows have got to */
	struct et_run_integrals slim;  /* handed to the run as runs keep them */
};
void et_store_buckets_reset(struct et_store_buckets *bs);
/* A row of ET_SQL_BUCKETS_OF: utc_start_ms, then ET_INTEGRAL_FIELDS. -1 out of memory. */
int et_store_bucket_row(struct et_store_buckets *bs, const struct et_sql_row *row);
/* A row of ET_SQL_GPU_BUCKETS_OF: utc_start_ms, slot, then ET_GPU_INTEGRAL_FIELDS; a row
 * without its bucket is ignored. */
void et_store_gpu_bucket_row(struct et_store_buckets *bs, const struct et_sql_row *row);
/* Give the gathered buckets to r (its total kept), borrowed until the next reset. -1 out
 * of memory. */
int et_store_buckets_give(struct et_store_buckets *bs, struct et_stored_run *r);
void et_store_buckets_free(struct et_store_buckets *bs);

int et_store_sqlite_open(const char *path, enum et_store_mode mode, struct et_store **out,
			 const char **network, struct et_error *err);
int et_store_pg_open(const char *uri, enum et_store_mode mode, struct et_store **out,
		     struct et_error *err);

#endif
