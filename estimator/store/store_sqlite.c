/* store_sqlite.c - the SQLite backend of the run store (et_store.h): opening with schema
 * checks and migrations, one transaction per added run, period queries. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "et_grow.h"
#include "et_store.h"
#include "store_backend.h"
#include "store_sql.h"

#define BUSY_TIMEOUT_MS 60000   /* another ingest may hold the write lock for a while */

struct sqlite_store {
	struct et_store base;
	sqlite3 *db;
	char path[1024];
	sqlite3_stmt *st[ET_SQL_N_STMTS];
	struct et_store_buckets buckets;   /* the queried run's, reused by queries */
};

static int db_error(struct sqlite_store *s, struct et_error *err, const char *what)
{
	int code = sqlite3_errcode(s->db);

	if (code == SQLITE_NOTADB)
		return et_error_set(err, s->path, 0, "not an etest store (the file is not an SQLite database)");
	if (code == SQLITE_READONLY)
		return et_error_set(err, s->path, 0, "%s: the database is read-only", what);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return et_error_set(err, s->path, 0, "%s: the database stayed locked for %d s by another process",
				    what, BUSY_TIMEOUT_MS / 1000);
	return et_error_set(err, s->path, 0, "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(struct sqlite_store *s, const char *sql, const char *what, struct et_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err, what);
	return 0;
}

/* A single integer from sql (a pragma, a count). */
static int query_int(struct sqlite_store *s, const char *sql, int64_t *out, struct et_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "reading the store");
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(s, err, "reading the store");
		goto out;
	}
	*out = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The kind of a network filesystem path is on, or NULL when local (or unknown). */
static const char *network_fs(const char *path)
{
	static const struct { long magic; const char *name; } kinds[] = {
		{0x6969, "nfs"}, {0x517B, "smb"}, {(long)0xFF534D42, "cifs"}, {(long)0xFE534D42, "smb2"},
		{0x0BD00BD0, "lustre"}, {0x47504653, "gpfs"}, {0x00C36400, "ceph"},
		{0x5346414F, "afs"}, {0x01021997, "9p"}, {0x013111A8, "ibrix"}, {0x6B414653, "kafs"},
		{0x19830326, "fhgfs/beegfs"},
	};
	struct statfs fs;

	if (statfs(path, &fs) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((long)(unsigned int)fs.f_type == (long)(unsigned int)kinds[i].magic)
			return kinds[i].name;
	return NULL;
}

/* Create path 0600 when it does not exist (never through a dangling symlink). */
static int create_file(const char *path, struct et_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return et_error_set(err, path, 0, "cannot create the database: %s", strerror(errno));
	}
	close(fd);
	return 0;
}

/* WAL: readers and one writer at a time; a killed ingest leaves the last committed run.
 * Switching a new file to WAL needs it alone for an instant: another add opening the
 * same new store may hold it, and the busy handler is not always called here. */
static int set_wal(struct sqlite_store *s, struct et_error *err)
{
	for (int tries = 0;; tries++) {
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if (rc != SQLITE_BUSY || tries * 10 >= BUSY_TIMEOUT_MS)
			return db_error(s, err, "setting WAL mode");
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	return exec(s, "PRAGMA synchronous = NORMAL", "setting synchronous mode", err);
}

/* The schema version and the number of schema objects, read together. */
static int read_version(struct sqlite_store *s, int64_t *version, int64_t *objects, struct et_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT user_version FROM pragma_user_version),"
			       " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		db_error(s, err, "reading the store");
		goto out;
	}
	*version = sqlite3_column_int64(st, 0);
	*objects = sqlite3_column_int64(st, 1);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Check the schema version; migrate forward on a writable store. */
static int check_schema(struct sqlite_store *s, enum et_store_mode mode, struct et_error *err)
{
	int64_t version = 0, tables = 0;

	/* One statement, one snapshot: another add may be creating the schema right now. */
	if (read_version(s, &version, &tables, err) < 0)
		return -1;
	if (version > ET_STORE_SCHEMA_VERSION)
		return et_error_set(err, s->path, 0,
				    "written by a newer etest (store schema version %lld; this etest knows up to %d): "
				    "upgrade etest", (long long)version, ET_STORE_SCHEMA_VERSION);
	if (version == 0 && tables > 0)
		return et_error_set(err, s->path, 0, "an SQLite database but not an etest store (no store schema version)");
	/* Ours (or new): only now may a writer change the file. */
	if (mode == ET_STORE_WRITE && set_wal(s, err) < 0)
		return -1;
	if (version == ET_STORE_SCHEMA_VERSION)
		return 0;
	if (mode == ET_STORE_READ)
		return et_error_set(err, s->path, 0, version == 0 ? "an empty database, not an etest store yet"
				    : "store schema version %lld is older than this etest's (%d): "
				    "run 'etest db add' once to migrate it", (long long)version,
				    ET_STORE_SCHEMA_VERSION);
	if (exec(s, "BEGIN IMMEDIATE", "migrating the store", err) < 0)
		return -1;
	/* Another process may have migrated it meanwhile. */
	if (query_int(s, "PRAGMA user_version", &version, err) < 0)
		goto fail;
	for (; version < ET_STORE_SCHEMA_VERSION; version++) {
		char *ddl = et_sql_migration(&et_sql_sqlite, (int)version), pragma[64];
		if (!ddl) {
			et_error_set(err, s->path, 0, "out of memory");
			goto fail;
		}
		int rc = exec(s, ddl, "migrating the store", err);
		free(ddl);
		if (rc < 0)
			goto fail;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %lld", (long long)version + 1);
		if (exec(s, pragma, "migrating the store", err) < 0)
			goto fail;
	}
	return exec(s, "COMMIT", "migrating the store", err);
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static const struct et_store_ops sqlite_ops;
static void sqlite_close(struct et_store *base);

int et_store_sqlite_open(const char *path, enum et_store_mode mode, struct et_store **out,
			 const char **network, struct et_error *err)
{
	struct sqlite_store *s = calloc(1, sizeof(*s));
	struct stat st;
	int flags = mode == ET_STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

	*out = NULL;
	if (network)
		*network = NULL;
	if (!s)
		return et_error_set(err, path, 0, "out of memory");
	s->base.ops = &sqlite_ops;
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(s->base.name, sizeof(s->base.name), "%s", path);
	/* SQLite keeps its -wal and -shm files beside the path it is given: a link would
	 * split them from the database it points to. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		et_error_set(err, path, 0, "a symbolic link: give the database file itself");
		goto fail;
	}
	if (mode == ET_STORE_WRITE && create_file(path, err) < 0)
		goto fail;
	if (stat(path, &st) != 0) {
		et_error_set(err, path, 0, "cannot open the database: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		et_error_set(err, path, 0, "not an etest store (not a regular file)");
		goto fail;
	}
	/* root may write a file of mode 0444: refuse it anyway, it was made read-only. */
	if (mode == ET_STORE_WRITE && (access(path, W_OK) != 0 || !(st.st_mode & 0222))) {
		et_error_set(err, path, 0, "the database is read-only");
		goto fail;
	}
	if (network)
		*network = network_fs(path);
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		et_error_set(err, path, 0, "cannot open the database: %s",
			     s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 0);
	if (check_schema(s, mode, err) < 0)
		goto fail;
	for (int i = 0; i < ET_SQL_N_STMTS; i++) {
		if (i == ET_SQL_UPSERT_RUN || i == ET_SQL_RUNS_IN_PUBLIC)
			continue;   /* PostgreSQL's (store_pg.c) */
		char *sql = et_sql_statement(&et_sql_sqlite, (enum et_sql_stmt)i);
		if (!sql) {
			et_error_set(err, path, 0, "out of memory");
			goto fail;
		}
		int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			db_error(s, err, "preparing a statement");
			goto fail;
		}
	}
	*out = &s->base;
	return 0;
fail:
	sqlite_close(&s->base);
	return -1;
}

static void sqlite_close(struct et_store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	if (!s)
		return;
	for (int i = 0; i < ET_SQL_N_STMTS; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	et_store_buckets_free(&s->buckets);
	free(s);
}

/* ---- binding and reading columns ---- */

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);   /* NAN: unknown */
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

static void bind_values(sqlite3_stmt *st, int first, const struct et_sql_value *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (v[i].kind == ET_SQL_INT)
			sqlite3_bind_int64(st, first + i, v[i].i);
		else if (v[i].kind == ET_SQL_REAL)
			bind_real(st, first + i, v[i].r);
		else if (v[i].kind == ET_SQL_TEXT)
			bind_text(st, first + i, v[i].s);
		else
			sqlite3_bind_null(st, first + i);
	}
}

static int row_is_null(void *ctx, int c)
{
	return sqlite3_column_type(ctx, c) == SQLITE_NULL;
}

static int64_t row_int(void *ctx, int c)
{
	return sqlite3_column_int64(ctx, c);
}

static double row_real(void *ctx, int c)
{
	return col_real(ctx, c);
}

static const char *row_text(void *ctx, int c)
{
	return col_text(ctx, c);
}

/* Run a statement that returns no row, then reset it. */
static int step_done(struct sqlite_store *s, sqlite3_stmt *st, struct et_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "writing the store");
	return 0;
}

static int insert_run(struct sqlite_store *s, const struct et_run *run, const struct et_store_source *src,
		      int64_t id, int64_t ident[3], struct et_error *err)
{
	sqlite3_stmt *st = s->st[ET_SQL_INSERT_RUN];
	struct et_store_run_text text;
	struct et_sql_value v[ET_RC_N];
	int rc;

	if (et_store_run_values(run, src, ident, &text, v) < 0)
		return et_error_set(err, src->path, 0, "out of memory");
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_null(st, 1);
	bind_values(st, 2, v, ET_RC_N);   /* id is parameter 1 */
	rc = step_done(s, st, err);
	et_store_run_text_free(&text);
	return rc;
}

static int insert_children(struct sqlite_store *s, const struct et_run *run, int64_t id,
			   struct et_error *err)
{
	const struct et_run_facts *f = &run->facts;
	sqlite3_stmt *st;
	int k;

	for (int g = 0; g < f->n_gpus && g < ET_MAX_GPUS; g++) {
		const struct et_gpu_integrals *gi = &run->integrals.total.gpu[g];
		st = s->st[ET_SQL_INSERT_GPU];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, g);
		sqlite3_bind_int64(st, 3 + ET_GC_gpu_index, f->gpus[g].index);
		bind_text(st, 3 + ET_GC_uuid, f->gpus[g].uuid);
		bind_text(st, 3 + ET_GC_name, f->gpus[g].name);
		bind_real(st, 3 + ET_GC_power_limit_w, f->gpus[g].power_limit_w);
		bind_real(st, 3 + ET_GC_idle_w, f->gpus[g].idle_w);
#define BIND_GPU_TOTAL(name, unit, what) bind_real(st, 3 + ET_GC_total_##name, gi->name);
		ET_GPU_INTEGRAL_FIELDS(BIND_GPU_TOTAL)
#undef BIND_GPU_TOTAL
		if (step_done(s, st, err) < 0)
			return -1;
	}
	struct et_bucket expanded, *bk = &expanded;

	for (size_t b = 0; b < run->integrals.n_buckets; b++) {
		et_run_bucket(&run->integrals, b, &expanded);
		st = s->st[ET_SQL_INSERT_BUCKET];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, bk->utc_start_ms);
		k = 3;
#define BIND_FIELD(name, unit, what) bind_real(st, k++, q->name);
		{
			const struct et_integrals *q = &bk->q;
			ET_INTEGRAL_FIELDS(BIND_FIELD)
		}
		if (step_done(s, st, err) < 0)
			return -1;
		for (int g = 0; g < f->n_gpus && g < ET_MAX_GPUS; g++) {
			const struct et_gpu_integrals *q = &bk->q.gpu[g];
			st = s->st[ET_SQL_INSERT_GPU_BUCKET];
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, bk->utc_start_ms);
			sqlite3_bind_int64(st, 3, g);
			k = 4;
			ET_GPU_INTEGRAL_FIELDS(BIND_FIELD)
			if (step_done(s, st, err) < 0)
				return -1;
		}
#undef BIND_FIELD
	}
	for (size_t w = 0; w < run->n_warnings; w++) {
		st = s->st[ET_SQL_INSERT_WARNING];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)w);
		bind_text(st, 3, run->warnings[w]);
		if (step_done(s, st, err) < 0)
			return -1;
	}
	return 0;
}

static int delete_run(struct sqlite_store *s, int64_t id, struct et_error *err)
{
	static const enum et_sql_stmt order[] = {
		ET_SQL_DELETE_GPU_BUCKETS, ET_SQL_DELETE_BUCKETS, ET_SQL_DELETE_GPUS,
		ET_SQL_DELETE_WARNINGS, ET_SQL_DELETE_RUN,
	};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		sqlite3_bind_int64(s->st[order[i]], 1, id);
		if (step_done(s, s->st[order[i]], err) < 0)
			return -1;
	}
	return 0;
}

/* The stored run with this identity: 1 with *id and *size, 0 if none, -1 on error. */
static int find_run(struct sqlite_store *s, const char *host, const int64_t ident[3], int64_t *id,
		    int64_t *size, struct et_error *err)
{
	sqlite3_stmt *st = s->st[ET_SQL_FIND_RUN];
	int rc;

	bind_text(st, 1, host);
	sqlite3_bind_int64(st, 2, ident[0]);
	sqlite3_bind_int64(st, 3, ident[1]);
	sqlite3_bind_int64(st, 4, ident[2]);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*size = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(s, err, "reading the store");
}

static int upsert_source(struct sqlite_store *s, const struct et_store_source *src, int64_t id,
			 struct et_error *err)
{
	sqlite3_stmt *st = s->st[ET_SQL_UPSERT_SOURCE];

	bind_text(st, 1, src->path);
	sqlite3_bind_int64(st, 2, src->size);
	sqlite3_bind_int64(st, 3, src->mtime_ns);
	bind_text(st, 4, src->hash);
	sqlite3_bind_int64(st, 5, id);
	return step_done(s, st, err);
}

static int sqlite_add(struct et_store *base, const struct et_run *run, const struct et_store_source *src,
		      enum et_store_outcome *outcome, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	int64_t ident[3], id = 0, stored_size = 0;
	int found;

	if (et_store_run_ident(run, src->path, ident, err) < 0)
		return -1;
	if (exec(s, "BEGIN IMMEDIATE", "starting a transaction", err) < 0)
		return -1;
	if ((found = find_run(s, run->facts.host, ident, &id, &stored_size, err)) < 0)
		goto fail;
	if (found && src->size <= stored_size) {
		*outcome = ET_STORE_KEPT;
	} else {
		*outcome = found ? ET_STORE_REPLACED : ET_STORE_ADDED;
		if (found && delete_run(s, id, err) < 0)
			goto fail;
		if (insert_run(s, run, src, found ? id : 0, ident, err) < 0)
			goto fail;
		if (!found)
			id = sqlite3_last_insert_rowid(s->db);
		if (insert_children(s, run, id, err) < 0)
			goto fail;
	}
	if (upsert_source(s, src, id, err) < 0)
		goto fail;
	if (exec(s, "COMMIT", "committing", err) < 0)
		goto fail;
	return 0;
fail:
	et_error_name_source(err, src->path);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int sqlite_source_unchanged(struct et_store *base, const char *path, int64_t size,
				   int64_t mtime_ns, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = s->st[ET_SQL_FIND_SOURCE];
	int rc, same = 0;

	bind_text(st, 1, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int64(st, 0) == size && sqlite3_column_int64(st, 1) == mtime_ns;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, err, "reading the store");
	return same;
}

/* The one number a counting statement gives, or -1 with err filled. */
static int64_t count_of(struct sqlite_store *s, enum et_sql_stmt which, struct et_error *err)
{
	sqlite3_stmt *st = s->st[which];
	int64_t n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		db_error(s, err, "reading the store");
	sqlite3_reset(st);
	return n;
}

static int64_t sqlite_count_runs(struct et_store *base, struct et_error *err)
{
	return count_of((struct sqlite_store *)base, ET_SQL_COUNT_RUNS, err);
}

/* ---- queries ---- */

static void read_facts(sqlite3_stmt *st, struct et_stored_run *r)
{
	struct et_sql_row row = {st, row_is_null, row_int, row_real, row_text};

	et_store_run_read(&row, r);
}

static int read_gpus(struct sqlite_store *s, struct et_stored_run *r, struct et_error *err)
{
	sqlite3_stmt *st = s->st[ET_SQL_GPUS_OF];
	struct et_sql_row row = {st, row_is_null, row_int, row_real, row_text};
	int rc;

	sqlite3_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		et_store_gpu_read(&row, r);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "reading the store");
	return 0;
}

static int read_buckets(struct sqlite_store *s, struct et_stored_run *r, int64_t from, int64_t to,
			struct et_error *err)
{
	static const enum et_sql_stmt which[] = {ET_SQL_BUCKETS_OF, ET_SQL_GPU_BUCKETS_OF};
	int rc = SQLITE_DONE;

	et_store_buckets_reset(&s->buckets);
	for (int q = 0; q < 2 && rc == SQLITE_DONE; q++) {
		sqlite3_stmt *st = s->st[which[q]];
		struct et_sql_row row = {st, row_is_null, row_int, row_real, row_text};
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (q == 1) {
				et_store_gpu_bucket_row(&s->buckets, &row);
			} else if (et_store_bucket_row(&s->buckets, &row) < 0) {
				sqlite3_reset(st);
				return et_error_set(err, s->path, 0, "out of memory");
			}
		}
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		return db_error(s, err, "reading the store");
	if (et_store_buckets_give(&s->buckets, r) < 0)
		return et_error_set(err, s->path, 0, "out of memory");
	return 0;
}

static int sqlite_runs_in(struct et_store *base, int64_t from_utc_ms, int64_t to_utc_ms,
			  et_store_run_fn fn, void *ctx, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = s->st[ET_SQL_RUNS_IN];
	struct et_stored_run r;
	int rc, ret = 0;

	/* One read transaction: the query sees one state even while an ingest commits. */
	if (exec(s, "BEGIN", "starting a read", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, from_utc_ms);
	sqlite3_bind_int64(st, 2, to_utc_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_facts(st, &r);
		if (read_gpus(s, &r, err) < 0 || read_buckets(s, &r, from_utc_ms, to_utc_ms, err) < 0) {
			ret = -1;
			break;
		}
		if ((ret = fn(&r, ctx, err)) < 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_error(s, err, "reading the store");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ret;
}

/* ---- SLURM accounting ---- */

static int sqlite_begin(struct et_store *base, struct et_error *err)
{
	return exec((struct sqlite_store *)base, "BEGIN IMMEDIATE", "starting a transaction", err);
}

static int sqlite_commit(struct et_store *base, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	if (exec(s, "COMMIT", "committing", err) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void sqlite_rollback(struct et_store *base)
{
	sqlite3_exec(((struct sqlite_store *)base)->db, "ROLLBACK", NULL, NULL, NULL);
}

static int sqlite_put_sacct(struct et_store *base, const struct et_sacct_job *job, const char *source,
			    enum et_store_sacct_outcome *outcome, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = s->st[ET_SQL_FIND_SACCT];
	struct et_sql_value v[ET_SC_N];
	struct timespec now;
	char hash[32], stored[32] = "";
	int rc, stored_finished = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	et_sql_sacct_values(job, source, (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, hash, v);
	bind_text(st, 1, job->cluster);
	bind_text(st, 2, job->job_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(stored, sizeof(stored), "%s", col_text(st, 0));
		stored_finished = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, err, "reading the store");
	if (rc == SQLITE_ROW && (strcmp(stored, hash) == 0 || (stored_finished && !job->finished))) {
		*outcome = ET_SACCT_UNCHANGED;
		return 0;
	}
	*outcome = rc == SQLITE_ROW ? ET_SACCT_UPDATED : ET_SACCT_ADDED;
	st = s->st[ET_SQL_UPSERT_SACCT];
	bind_values(st, 1, v, ET_SC_N);
	return step_done(s, st, err);
}

static int sqlite_sacct_in(struct et_store *base, int64_t from_local_s, int64_t to_local_s,
			   et_store_sacct_fn fn, void *ctx, struct et_error *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = s->st[ET_SQL_SACCT_IN];
	struct et_sql_row row = {st, row_is_null, row_int, row_real, row_text};
	struct et_stored_sacct_job j;
	int rc, ret = 0;

	if (exec(s, "BEGIN", "starting a read", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, to_local_s);
	sqlite3_bind_int64(st, 2, from_local_s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		et_sql_sacct_read(&row, 0, &j.job);
		j.source_path = col_text(st, ET_SC_source_path);
		j.has_log = sqlite3_column_int(st, ET_SC_N);
		if ((ret = fn(&j, ctx, err)) < 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_error(s, err, "reading the store");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ret;
}

static int64_t sqlite_count_sacct(struct et_store *base, struct et_error *err)
{
	return count_of((struct sqlite_store *)base, ET_SQL_COUNT_SACCT, err);
}

static const struct et_store_ops sqlite_ops = {
	sqlite_close, sqlite_source_unchanged, sqlite_add, sqlite_runs_in, sqlite_count_runs,
	sqlite_begin, sqlite_commit, sqlite_rollback, sqlite_put_sacct, sqlite_sacct_in,
	sqlite_count_sacct,
};
