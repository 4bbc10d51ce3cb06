/* et_store.h - the run store: replayed runs (facts, quarter-hour integrals, warnings, where
 * the log was found) kept in a database, so any period can be re-estimated without logs. */
#ifndef ET_STORE_H
#define ET_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "et_error.h"
#include "et_run.h"
#include "et_sacct.h"

/* The schema version this build writes (PRAGMA user_version for SQLite, the table
 * etest_schema for PostgreSQL). Older stores are migrated forward on a writable open;
 * newer ones are refused. 1: the tables; 2: the read-only views; 3: SLURM accounting
 * (sacct_jobs) and the runs' SLURM join keys; 4: log format 1.2's integrals and facts
 * (docs/store.md). */
#define ET_STORE_SCHEMA_VERSION 4

/* The SLURM join keys a run keeps from its header's scheduler object: X(key, variable).
 * The runs table stores them as slurm_<key> (NULL when the variable was not set). */
#define ET_STORE_SLURM_KEYS(X) \
	X(cluster, "SLURM_CLUSTER_NAME") X(job_id, "SLURM_JOB_ID") \
	X(array_job_id, "SLURM_ARRAY_JOB_ID") X(array_task_id, "SLURM_ARRAY_TASK_ID") \
	X(account, "SLURM_JOB_ACCOUNT") X(partition, "SLURM_JOB_PARTITION")

struct et_store;

enum et_store_mode {
	ET_STORE_READ,    /* queries only; the database must exist */
	ET_STORE_WRITE,   /* adding runs; created (0600) when missing */
};

/* Open the store db: a local SQLite file, or a PostgreSQL database named by a
 * postgresql:// or postgres:// URI (libpq's rules; the password comes from ~/.pgpass,
 * PGPASSFILE or PGPASSWORD, and a URI holding one is refused). A write open creates
 * the SQLite file 0600, or the tables in the PostgreSQL database, and migrates an older
 * schema. Refused with a clear message: a file that is not a database, a newer schema
 * version, a read-only file opened for writing. On success *out is the caller's, freed
 * with et_store_close(). When a SQLite path is on a network filesystem (SQLite's
 * locking is not safe there) *network names its type ("nfs"), else it is NULL; network
 * may be NULL. Returns 0, or -1 with err filled (never with a password in it). */
int et_store_open(const char *db, enum et_store_mode mode, struct et_store **out,
		  const char **network, struct et_error *err);
void et_store_close(struct et_store *s);

/* 1 when db names a PostgreSQL database (a postgresql:// or postgres:// URI). */
int et_store_is_uri(const char *db);

/* The store as messages may name it: the path, or the URI without any password. */
const char *et_store_name(const struct et_store *s);

/* Where a log was found. */
struct et_store_source {
	const char *path;
	int64_t size;          /* bytes read */
	int64_t mtime_ns;      /* modification time, ns since the epoch */
	char hash[32];         /* of the content read, e.g. "mix64:<16 hex digits>" */
};

/* 1 when path was ingested before with this size and mtime (the file need not be
 * read again), 0 when not, -1 with err filled. */
int et_store_source_unchanged(struct et_store *s, const char *path, int64_t size,
			      int64_t mtime_ns, struct et_error *err);

enum et_store_outcome {
	ET_STORE_ADDED,       /* a run the store did not have */
	ET_STORE_REPLACED,    /* a longer version of a stored run (the log grew) */
	ET_STORE_KEPT,        /* the store already has this run, as long or longer */
};

/* Add run (its facts, integrals, warnings and header) found at src, in one
 * transaction. A run is identified by its header's host, pid, start_utc_ms and
 * start_mono_ms: a longer log of a stored run replaces it, a shorter or equal one is
 * kept out. Either way src is remembered, so an unchanged file is skipped next time.
 * Returns 0 with *outcome set, or -1 with err filled (nothing changed). */
int et_store_add(struct et_store *s, const struct et_run *run, const struct et_store_source *src,
		 enum et_store_outcome *outcome, struct et_error *err);

/* A stored run, as a query gives it. Everything is borrowed and valid during the
 * callback only. */
struct et_stored_run {
	int64_t id;
	struct et_run_facts facts;
	/* total: the whole run (what models prepare from); buckets: only those of the
	 * queried period, in time order. */
	struct et_run_integrals integrals;
	const char *program;        /* basename of the command's first word */
	const char *command_json;   /* the header's command (JSON array text) */
	const char *tags_json;      /* the header's tags (JSON object text), "{}" if none */
	const char *source_path;    /* where the stored version was found */
	int n_warnings;
	/* The header's SLURM join keys ("" when not set). */
	struct {
#define ET_X_SLURM_FIELD(key, variable) const char *key;
		ET_STORE_SLURM_KEYS(ET_X_SLURM_FIELD)
#undef ET_X_SLURM_FIELD
	} slurm;
	/* The account and partition of the run's job in stored accounting (same cluster,
	 * SLURM_JOB_ID = JobIDRaw), "" when none. */
	const char *sacct_account, *sacct_partition;
};

/* Called once per run; a negative return stops the query (and is returned). */
typedef int (*et_store_run_fn)(const struct et_stored_run *r, void *ctx, struct et_error *err);

/* Every run with a quarter-hour bucket starting in [from_utc_ms, to_utc_ms), in the
 * order of their identities (start_utc_ms, start_mono_ms, pid, host: whatever order
 * they were added in), with those buckets. A PostgreSQL role that may not read command
 * lines (docs/store.md) gets command_json "". The cost grows with the runs of the period, not with the
 * store. Returns 0, the callback's negative value, or -1 with err filled. */
int et_store_runs_in(struct et_store *s, int64_t from_utc_ms, int64_t to_utc_ms,
		     et_store_run_fn fn, void *ctx, struct et_error *err);

/* Number of runs stored, or -1 with err filled. */
int64_t et_store_count_runs(struct et_store *s, struct et_error *err);

/* ---- SLURM accounting (sacct_jobs: one row per job, keyed by cluster and JobID) ---- */

/* A write transaction around several et_store_put_sacct calls: all of them are stored
 * at commit, none after a rollback. Return 0, or -1 with err filled. */
int et_store_begin(struct et_store *s, struct et_error *err);
int et_store_commit(struct et_store *s, struct et_error *err);
void et_store_rollback(struct et_store *s);

enum et_store_sacct_outcome {
	ET_SACCT_ADDED,      /* a job the store did not have */
	ET_SACCT_UPDATED,    /* a stored job with other values (e.g. it was running, now done) */
	ET_SACCT_UNCHANGED,  /* the same values, or an unfinished view of a finished stored job */
};

/* Store job (found at line job->line of source), inside et_store_begin/commit: a job
 * the store has finished is never replaced by an unfinished view of it. Returns 0 with
 * *outcome set, or -1 with err filled. */
int et_store_put_sacct(struct et_store *s, const struct et_sacct_job *job, const char *source,
		       enum et_store_sacct_outcome *outcome, struct et_error *err);

/* A stored job, borrowed during the callback. */
struct et_stored_sacct_job {
	struct et_sacct_job job;
	const char *source_path;   /* the sacct file it came from (job.line is its line) */
	int has_log;               /* a stored run joins it: same cluster, and SLURM_JOB_ID =
	                            * JobIDRaw or SLURM_ARRAY_JOB_ID_SLURM_ARRAY_TASK_ID = JobID */
};
typedef int (*et_store_sacct_fn)(const struct et_stored_sacct_job *j, void *ctx, struct et_error *err);

/* Every job that started before to_local_s and had not ended by from_local_s (its
 * cluster's local clock, as sacct prints it; a running job has no end), ordered by
 * cluster, start and JobID. Returns 0, the callback's negative value, or -1. */
int et_store_sacct_in(struct et_store *s, int64_t from_local_s, int64_t to_local_s,
		      et_store_sacct_fn fn, void *ctx, struct et_error *err);

/* Number of jobs stored, or -1 with err filled. */
int64_t et_store_count_sacct(struct et_store *s, struct et_error *err);

#endif
