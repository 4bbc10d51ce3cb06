/* store_sql.h - the store's schema and statements, written once for any SQL backend: the
 * column lists (the integrals' from et_run.h's X-macros) and the few dialect differences. */
#ifndef ET_STORE_SQL_H
#define ET_STORE_SQL_H

#include <stddef.h>
#include <string.h>

#include "et_run.h"
#include "et_sacct.h"
#include "et_store.h"

/* What differs between SQL backends. */
struct et_sql_dialect {
	const char *name;       /* "sqlite", "postgresql" */
	const char *t_int;      /* 64-bit integer column type */
	const char *t_real;     /* double column type */
	const char *t_text;
	int numbered_params;    /* 1: $1, $2... (PostgreSQL); 0: ? (SQLite) */
	const char *t_id;       /* the runs' id column: a 64-bit key the database assigns */
	const char *collate_c;  /* after a text column: sort byte by byte */
	const char *ms_to_time[2]; /* around ms since the epoch: its timestamp */
	const char *ms_to_day[2];  /* around ms since the epoch: its UTC date */
	const char *inserted;   /* RETURNING expression: 1 when the upsert inserted, NULL if none */
	const char *json_get[2];  /* around a key: its text in the runs' scheduler JSON */
	int replace_view;       /* CREATE OR REPLACE VIEW keeps a view's grants (else drop it) */
};

extern const struct et_sql_dialect et_sql_sqlite;
extern const struct et_sql_dialect et_sql_postgresql;

/* The runs table's own columns (facts, header, provenance), in order: X(name, kind) with
 * kind INT, REAL or TEXT. The run's total integrals follow as total_<field>. */
#define ET_STORE_RUN_COLUMNS(X) \
	X(host, TEXT) X(pid, INT) X(start_utc_ms, INT) X(start_mono_ms, INT) \
	X(user_name, TEXT) X(uid, INT) X(command, TEXT) X(program, TEXT) X(tags, TEXT) \
	X(scheduler, TEXT) X(header, TEXT) \
	X(cpu_model, TEXT) X(sockets, INT) X(physical_cores, INT) X(logical_cpus, INT) \
	X(user_hz, INT) X(mem_total_kib, REAL) X(interval_ms, INT) X(n_gpus, INT) \
	X(launch_utc_ms, INT) X(end_utc_ms, INT) X(duration_s, REAL) X(complete, INT) \
	X(end_present, INT) X(end_status, TEXT) X(end_code, INT) X(end_etrec_exit, INT) \
	X(end_job_utime_s, REAL) X(end_job_stime_s, REAL) X(end_job_maxrss_kib, REAL) \
	X(end_etrec_utime_s, REAL) X(end_etrec_stime_s, REAL) X(end_etrec_maxrss_kib, REAL) \
	X(end_smi_utime_s, REAL) X(end_smi_stime_s, REAL) \
	X(job_cpu_s_last, REAL) X(user_cpu_s_last, REAL) X(n_warnings, INT) \
	X(scheduler_known, INT) X(cuda_visible_devices, TEXT) \
	X(source_path, TEXT) X(source_size, INT) X(source_mtime_ns, INT) X(source_hash, TEXT) \
	X(ingested_utc_ms, INT) X(etest_version, TEXT)

/* One GPU of a run: its description, then its total integrals (total_<field>). */
#define ET_STORE_GPU_COLUMNS(X) \
	X(gpu_index, INT) X(uuid, TEXT) X(name, TEXT) X(power_limit_w, REAL) X(idle_w, REAL)

/* SLURM accounting (schema 3): the columns of sacct_jobs, in order, one per field of
 * struct et_sacct_job: X(column, kind, field). Unknown values (NAN, -1) are NULL. Both
 * backends bind and read them through et_sql_sacct_values / et_sql_sacct_read. */
#define ET_STORE_SACCT_COLUMNS(X) \
	X(cluster, TEXT, cluster) X(job_id, TEXT, job_id) X(job_id_raw, TEXT, job_id_raw) \
	X(array_job_id, TEXT, array_job_id) X(array_task_id, TEXT, array_task_id) \
	X(user_name, TEXT, user) X(account, TEXT, account) X(partition_name, TEXT, partition) \
	X(node_list, TEXT, node_list) X(n_nodes, INT, n_nodes) X(n_cpus, INT, n_cpus) \
	X(elapsed_s, REAL, elapsed_s) X(total_cpu_s, REAL, total_cpu_s) \
	X(cpu_time_s, REAL, cpu_time_s) X(req_mem_mib, REAL, req_mem_mib) \
	X(req_mem_how, TEXT, req_mem_how) X(max_rss_mib, REAL, max_rss_mib) \
	X(alloc_cpus, REAL, alloc_cpus) X(alloc_mem_mib, REAL, alloc_mem_mib) \
	X(alloc_gpus, REAL, alloc_gpus) X(gpu_type, TEXT, gpu_type) X(state, TEXT, state) \
	X(finished, INT, finished) X(start_local_s, INT, start_local_s) \
	X(end_local_s, INT, end_local_s) X(consumed_energy_j, REAL, consumed_energy_j) \
	X(n_steps, INT, n_steps) X(source_line, INT, line)

/* The run's facts of log format 1.2 (schema 4), after the SLURM keys: where RAPL and the
 * per-process GPU shares came from, the scheduler's booking, the job's CPU source. A run
 * stored before schema 4 reads them NULL: "", 0 or NAN (its 1.2 integrals are 0 too). */
#define ET_STORE_RUN_FACTS_4(X) \
	X(rapl_source, TEXT) X(rapl_names, TEXT) X(rapl_zones, INT) X(gpu_process_source, TEXT) \
	X(booked_cpus, REAL) X(booked_mem_gb, REAL) X(job_cpu_from_cgroup, INT)

/* Column positions (0-based) in the column lists below. The runs' SLURM keys
 * (slurm_<key>, schema 3) follow the total integrals, then the facts of schema 4. */
#define ET_X_POS(name, kind) ET_RC_##name,
#define ET_X_FIELD_POS(name, unit, what) ET_RC_total_##name,
#define ET_X_SLURM_POS(key, variable) ET_RC_slurm_##key,
enum { ET_STORE_RUN_COLUMNS(ET_X_POS) ET_INTEGRAL_FIELDS(ET_X_FIELD_POS)
       ET_STORE_SLURM_KEYS(ET_X_SLURM_POS) ET_STORE_RUN_FACTS_4(ET_X_POS) ET_RC_N };
#undef ET_X_SLURM_POS
#undef ET_X_POS
#undef ET_X_FIELD_POS
/* A sacct_jobs row: the job's columns, then source_path, content_hash, ingested_utc_ms. */
#define ET_X_SACCT_POS(name, kind, field) ET_SC_##name,
enum { ET_STORE_SACCT_COLUMNS(ET_X_SACCT_POS) ET_SC_source_path, ET_SC_content_hash,
       ET_SC_ingested_utc_ms, ET_SC_N };
#undef ET_X_SACCT_POS
#define ET_X_POS(name, kind) ET_GC_##name,
#define ET_X_FIELD_POS(name, unit, what) ET_GC_total_##name,
enum { ET_STORE_GPU_COLUMNS(ET_X_POS) ET_GPU_INTEGRAL_FIELDS(ET_X_FIELD_POS) ET_GC_N };
#undef ET_X_POS
#undef ET_X_FIELD_POS
#define ET_N_SCALAR_FIELDS (sizeof(struct et_scalar_integrals) / sizeof(double))
#define ET_N_GPU_FIELDS (sizeof(struct et_gpu_integrals) / sizeof(double))

/* The statements a backend prepares, by purpose. */
enum et_sql_stmt {
	ET_SQL_FIND_RUN,        /* (host, pid, start_utc_ms, start_mono_ms) -> id, source_size */
	ET_SQL_INSERT_RUN,      /* (id or NULL, the run columns, the total integrals) */
	ET_SQL_INSERT_GPU,      /* (run_id, slot, the GPU columns, its total integrals) */
	ET_SQL_INSERT_BUCKET,   /* (run_id, utc_start_ms, the integrals) */
	ET_SQL_INSERT_GPU_BUCKET, /* (run_id, utc_start_ms, slot, the GPU integrals) */
	ET_SQL_INSERT_WARNING,  /* (run_id, seq, text) */
	ET_SQL_DELETE_GPU_BUCKETS, /* (run_id): a replaced run's rows, children first */
	ET_SQL_DELETE_BUCKETS,
	ET_SQL_DELETE_GPUS,
	ET_SQL_DELETE_WARNINGS,
	ET_SQL_DELETE_RUN,
	ET_SQL_UPSERT_SOURCE,   /* (path, size, mtime_ns, hash, run_id) */
	ET_SQL_FIND_SOURCE,     /* (path) -> size, mtime_ns */
	ET_SQL_RUNS_IN,         /* (from, to) -> id, the run columns, the total integrals */
	ET_SQL_GPUS_OF,         /* (run_id) -> slot, the GPU columns, the total integrals */
	ET_SQL_BUCKETS_OF,      /* (run_id, from, to) -> utc_start_ms, the integrals */
	ET_SQL_GPU_BUCKETS_OF,  /* (run_id, from, to) -> utc_start_ms, slot, the GPU integrals */
	ET_SQL_COUNT_RUNS,      /* () -> count */
	ET_SQL_UPSERT_RUN,      /* (the run columns, the total integrals) -> id, inserted; no row
				 * when a stored version is as long (dialects with `inserted`) */
	ET_SQL_RUNS_IN_PUBLIC,  /* ET_SQL_RUNS_IN from the runs_public view: command empty */
	ET_SQL_FIND_SACCT,      /* (cluster, job_id) -> content_hash, finished */
	ET_SQL_UPSERT_SACCT,    /* (the sacct_jobs columns): insert, or update every column */
	ET_SQL_SACCT_IN,        /* (to_local_s, from_local_s) -> the columns, has_log */
	ET_SQL_COUNT_SACCT,     /* () -> count */
	ET_SQL_N_STMTS
};

/* The text of statement which in dialect d (one statement). Returns a new string the caller frees, or NULL (out of memory). */
char *et_sql_statement(const struct et_sql_dialect *d, enum et_sql_stmt which);

/* The run columns a reader without access to command lines does not see (runs_public). */
#define ET_STORE_PRIVATE_COLUMN(name) \
	(strcmp(name, "command") == 0 || strcmp(name, "header") == 0 || strcmp(name, "scheduler") == 0)

/* A value bound to a statement, whatever the backend. */
enum et_sql_kind { ET_SQL_NULL, ET_SQL_INT, ET_SQL_REAL, ET_SQL_TEXT };
struct et_sql_value {
	enum et_sql_kind kind;
	int64_t i;
	double r;
	const char *s;   /* borrowed */
};

/* A result row, whatever the backend: its getters at 0-based column c. */
struct et_sql_row {
	void *ctx;
	int (*is_null)(void *ctx, int c);
	int64_t (*get_int)(void *ctx, int c);
	double (*get_real)(void *ctx, int c);
	const char *(*get_text)(void *ctx, int c);
};

/* The ET_SC_N values of job's sacct_jobs row (strings borrowed from job and source; the
 * content hash, of the job's values only, written into hash[32]). */
void et_sql_sacct_values(const struct et_sacct_job *job, const char *source, int64_t now_utc_ms,
			 char hash[32], struct et_sql_value v[ET_SC_N]);
/* A job from row, its columns from first on (as ET_SQL_SACCT_IN gives them). */
void et_sql_sacct_read(const struct et_sql_row *row, int first, struct et_sacct_job *job);

/* The DDL that takes a store from schema version to version + 1 (statements separated
 * by ';'), or NULL when out of memory. version is in [0, ET_STORE_SCHEMA_VERSION). */
char *et_sql_migration(const struct et_sql_dialect *d, int version);

#endif
