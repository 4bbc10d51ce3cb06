/* store_pg.c - the PostgreSQL backend of the run store (et_store.h, libpq): schema checks
 * and migrations under an advisory lock, one upserting transaction per log, period queries. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "et_grow.h"
#include "store_backend.h"
#include "store_sql.h"

#define MAX_PARAMS 128
#define FETCH_ROWS "1000"
/* pg_advisory_xact_lock key of a migration: "etest" in ASCII */
#define MIGRATION_LOCK "465374657374"
/* deadlocks and serialization failures are retried this many times */
#define MAX_TRIES 3

struct pg_store {
	struct et_store base;
	PGconn *conn;
	enum et_store_mode mode;
	int public_only;             /* the role may not read runs: query runs_public */
	char state[6];               /* SQLSTATE of the last failed statement, "" if none */
	struct et_store_buckets buckets;   /* the queried run's, reused by queries */
};

/* Text parameters of one statement; NULL is SQL NULL. */
struct params {
	const char *v[MAX_PARAMS];
	char num[MAX_PARAMS][32];
};

static void set_int(struct params *p, int i, int64_t v)
{
	snprintf(p->num[i], sizeof(p->num[i]), "%lld", (long long)v);
	p->v[i] = p->num[i];
}

static void set_real(struct params *p, int i, double v)
{
	if (!isfinite(v)) {
		p->v[i] = NULL;   /* NAN: unknown */
		return;
	}
	snprintf(p->num[i], sizeof(p->num[i]), "%.17g", v);   /* exact: 17 digits */
	p->v[i] = p->num[i];
}

static void set_text(struct params *p, int i, const char *v)
{
	p->v[i] = v;
}

/* ---- the URI: passwords refused, never shown ---- */

/* Where the password of a URI's user part is (after ':', before '@'): its length, and
 * *at its offset; 0 when there is none. */
static size_t user_password(const char *uri, size_t *at)
{
	const char *p = strstr(uri, "://"), *colon, *sign;
	size_t end;

	if (!p)
		return 0;
	p += 3;
	end = strcspn(p, "/?#");
	sign = NULL;
	for (size_t i = 0; i < end; i++)
		if (p[i] == '@')
			sign = p + i;
	if (!sign)
		return 0;
	colon = memchr(p, ':', (size_t)(sign - p));
	if (!colon)
		return 0;
	*at = (size_t)(colon - uri);
	return (size_t)(sign - colon);
}

/* 1 when a query parameter of uri is called password. */
static int query_password(const char *uri)
{
	const char *q = strchr(uri, '?');

	while (q) {
		q++;
		if (strncmp(q, "password=", 9) == 0 || strcmp(q, "password") == 0)
			return 1;
		q = strchr(q, '&');
	}
	return 0;
}

/* uri as messages show it: without the user part's password or password parameters. */
static void redact(const char *uri, char *out, size_t n)
{
	size_t at = 0, len = user_password(uri, &at), o = 0;
	const char *q;

	for (size_t i = 0; uri[i] && o + 1 < n; i++) {
		if (len && i == at) {
			i += len - 1;   /* skip ":password" */
			continue;
		}
		if (uri[i] == '?' || uri[i] == '&') {
			q = uri + i + 1;
			if (strncmp(q, "password=", 9) == 0 || strncmp(q, "password&", 9) == 0 ||
			    strcmp(q, "password") == 0) {
				size_t skip = strcspn(q, "&");
				if (uri[i] == '?' && q[skip] == '&') {
					out[o++] = '?';
					i += skip + 1;   /* keep '?', drop "password=...&" */
				} else {
					i += skip;
				}
				continue;
			}
		}
		out[o++] = uri[i];
	}
	out[o] = '\0';
}

/* ---- connection and errors ---- */

/* The first line of a libpq message (its DETAIL lines may hold the values of a row). */
static void first_line(const char *msg, char *out, size_t n)
{
	size_t len = strcspn(msg ? msg : "", "\n");

	snprintf(out, n, "%.*s", (int)len, msg ? msg : "");
	if (!*out)
		snprintf(out, n, "unknown error");
}

static int pg_error(struct pg_store *s, struct et_error *err, const char *what, const PGresult *res)
{
	char msg[512];
	const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	snprintf(s->state, sizeof(s->state), "%s", code ? code : "");
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		first_line(PQerrorMessage(s->conn), msg, sizeof(msg));
		return et_error_set(err, s->base.name, 0, "%s: the connection to the server was lost (%s)",
				    what, msg);
	}
	first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn), msg, sizeof(msg));
	return et_error_set(err, s->base.name, 0, "%s: %s", what, msg);
}

/* Run sql (no parameters, maybe several statements). */
static int exec(struct pg_store *s, const char *sql, const char *what, struct et_error *err)
{
	PGresult *res = PQexec(s->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, err, what, res);
	PQclear(res);
	return rc;
}

/* Run prepared statement which; returns its result (PQclear it) or NULL with err filled. */
static PGresult *run_stmt(struct pg_store *s, enum et_sql_stmt which, const struct params *p, int n,
			  const char *what, struct et_error *err)
{
	char name[16];
	PGresult *res;

	snprintf(name, sizeof(name), "et%d", (int)which);
	res = PQexecPrepared(s->conn, name, n, p ? p->v : NULL, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	pg_error(s, err, what, res);
	PQclear(res);
	return NULL;
}

/* The last failure was a deadlock or a serialization failure: worth another try. */
static int retryable(const struct pg_store *s)
{
	return strcmp(s->state, "40P01") == 0 || strcmp(s->state, "40001") == 0;
}

static int prepare_all(struct pg_store *s, struct et_error *err)
{
	for (int i = 0; i < ET_SQL_N_STMTS; i++) {
		if (i == ET_SQL_RUNS_IN || i == ET_SQL_RUNS_IN_PUBLIC || i == ET_SQL_SACCT_IN)
			continue;   /* never executed prepared: each_row declares a cursor of its text */
		char name[16], *sql = et_sql_statement(&et_sql_postgresql, (enum et_sql_stmt)i);
		if (!sql)
			return et_error_set(err, s->base.name, 0, "out of memory");
		snprintf(name, sizeof(name), "et%d", i);
		PGresult *res = PQprepare(s->conn, name, sql, 0, NULL);
		free(sql);
		int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			pg_error(s, err, "preparing a statement", res);
		PQclear(res);
		if (!ok)
			return -1;
	}
	return 0;
}

/* Settings of every session: no notices on stderr, doubles printed exactly. */
static int session(struct pg_store *s, struct et_error *err)
{
	return exec(s, "SET client_min_messages = warning; SET extra_float_digits = 3",
		    "setting up the session", err);
}

/* A connection lost since the last call (the server restarted, a network cut): try
 * once to connect again, so that one lost log does not fail all the others. */
static int reconnect(struct pg_store *s, struct et_error *err)
{
	if (PQstatus(s->conn) == CONNECTION_OK)
		return 0;
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK)
		return pg_error(s, err, "connecting again", NULL);
	if (session(s, err) < 0 || prepare_all(s, err) < 0)
		return -1;
	return 0;
}

/* ---- schema ---- */

/* A single integer from sql. */
static int query_int(struct pg_store *s, const char *sql, int64_t *out, struct et_error *err)
{
	PGresult *res = PQexec(s->conn, sql);
	int rc = -1;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_error(s, err, "reading the store", res);
		goto out;
	}
	*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/* The schema version (0 without etest_schema) and the tables of the current schema. */
static int read_version(struct pg_store *s, int64_t *version, int64_t *tables, struct et_error *err)
{
	int64_t has_table = 0;

	*version = 0;
	if (query_int(s, "SELECT (to_regclass('etest_schema') IS NOT NULL)::int", &has_table, err) < 0 ||
	    query_int(s, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
		      tables, err) < 0)
		return -1;
	if (has_table && query_int(s, "SELECT coalesce(max(version), 0) FROM etest_schema", version, err) < 0)
		return -1;
	return 0;
}

static int migrate(struct pg_store *s, struct et_error *err)
{
	int64_t version = 0, tables = 0;

	if (exec(s, "BEGIN", "migrating the store", err) < 0)
		return -1;
	/* One migration at a time; another process may have done it meanwhile. */
	if (exec(s, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", "migrating the store", err) < 0 ||
	    exec(s, "CREATE TABLE IF NOT EXISTS etest_schema (version INTEGER NOT NULL)",
		 "migrating the store", err) < 0 ||
	    read_version(s, &version, &tables, err) < 0)
		goto fail;
	if (version > ET_STORE_SCHEMA_VERSION) {
		et_error_set(err, s->base.name, 0, "written by a newer etest (store schema version %lld; "
			     "this etest knows up to %d): upgrade etest", (long long)version,
			     ET_STORE_SCHEMA_VERSION);
		goto fail;
	}
	for (; version < ET_STORE_SCHEMA_VERSION; version++) {
		char *ddl = et_sql_migration(&et_sql_postgresql, (int)version), set[96];
		if (!ddl) {
			et_error_set(err, s->base.name, 0, "out of memory");
			goto fail;
		}
		int rc = exec(s, ddl, "migrating the store", err);
		free(ddl);
		if (rc < 0)
			goto fail;
		snprintf(set, sizeof(set), "DELETE FROM etest_schema; INSERT INTO etest_schema VALUES (%lld)",
			 (long long)version + 1);
		if (exec(s, set, "migrating the store", err) < 0)
			goto fail;
	}
	return exec(s, "COMMIT", "migrating the store", err);
fail:
	PQclear(PQexec(s->conn, "ROLLBACK"));
	return -1;
}

static int check_schema(struct pg_store *s, struct et_error *err)
{
	int64_t version = 0, tables = 0;

	if (read_version(s, &version, &tables, err) < 0)
		return -1;
	if (version > ET_STORE_SCHEMA_VERSION)
		return et_error_set(err, s->base.name, 0,
				    "written by a newer etest (store schema version %lld; this etest knows up to %d): "
				    "upgrade etest", (long long)version, ET_STORE_SCHEMA_VERSION);
	if (version == 0 && tables > 0)
		return et_error_set(err, s->base.name, 0, "a PostgreSQL database but not an etest store "
				    "(its schema has tables but no etest_schema version)");
	if (version == ET_STORE_SCHEMA_VERSION)
		return 0;
	if (s->mode == ET_STORE_READ)
		return et_error_set(err, s->base.name, 0, version == 0 ? "an empty database, not an etest store yet"
				    : "store schema version %lld is older than this etest's (%d): "
				    "run 'etest db add' once to migrate it", (long long)version,
				    ET_STORE_SCHEMA_VERSION);
	return migrate(s, err);
}

static const struct et_store_ops pg_ops;
static void pg_close(struct et_store *base);

int et_store_pg_open(const char *uri, enum et_store_mode mode, struct et_store **out,
		     struct et_error *err)
{
	struct pg_store *s = calloc(1, sizeof(*s));
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *values[] = {uri, "etest", NULL};
	size_t at;
	int64_t readable = 1;
	char msg[512];

	*out = NULL;
	if (!s)
		return et_error_set(err, "store", 0, "out of memory");
	s->base.ops = &pg_ops;
	s->mode = mode;
	redact(uri, s->base.name, sizeof(s->base.name));
	/* On a command line it shows in ps and in the shell's history. */
	if (user_password(uri, &at) || query_password(uri)) {
		et_error_set(err, s->base.name, 0, "a password in the URI is refused: put it in ~/.pgpass "
			     "(or the file PGPASSFILE names)");
		goto fail;
	}
	s->conn = PQconnectdbParams(keys, values, 1);
	if (!s->conn) {   /* pq_lazy.c has said why on stderr when libpq could not be loaded */
		et_error_set(err, s->base.name, 0, "cannot connect: PostgreSQL's client library "
			     "could not be used (out of memory, or libpq missing)");
		goto fail;
	}
	if (PQstatus(s->conn) != CONNECTION_OK) {
		first_line(PQerrorMessage(s->conn), msg, sizeof(msg));
		et_error_set(err, s->base.name, 0, "cannot connect: %s", msg);
		goto fail;
	}
	if (session(s, err) < 0 || check_schema(s, err) < 0)
		goto fail;
	if (mode == ET_STORE_READ &&
	    query_int(s, "SELECT has_table_privilege('runs', 'SELECT')::int", &readable, err) < 0)
		goto fail;
	s->public_only = !readable;
	if (prepare_all(s, err) < 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return -1;
}

static void pg_close(struct et_store *base)
{
	struct pg_store *s = (struct pg_store *)base;

	if (s->conn)
		PQfinish(s->conn);
	et_store_buckets_free(&s->buckets);
	free(s);
}

/* ---- adding a run ---- */

static void set_values(struct params *p, int first, const struct et_sql_value *v, int n);

/* The run's columns into p; the strings made are in text (et_store_run_text_free). */
static int run_params(const struct et_run *run, const struct et_store_source *src, const int64_t ident[3],
		      struct params *p, struct et_store_run_text *text)
{
	struct et_sql_value v[ET_RC_N];

	if (et_store_run_values(run, src, ident, text, v) < 0)
		return -1;
	memset(p->v, 0, sizeof(p->v));
	set_values(p, 0, v, ET_RC_N);
	return 0;
}

/* Run a statement that returns nothing useful. */
static int run_done(struct pg_store *s, enum et_sql_stmt which, const struct params *p, int n,
		    struct et_error *err)
{
	PGresult *res = run_stmt(s, which, p, n, "writing the store", err);

	PQclear(res);
	return res ? 0 : -1;
}

static int insert_children(struct pg_store *s, const struct et_run *run, int64_t id, struct et_error *err)
{
	const struct et_run_facts *f = &run->facts;
	struct params p;
	int k;

	for (int g = 0; g < f->n_gpus && g < ET_MAX_GPUS; g++) {
		const struct et_gpu_integrals *gi = &run->integrals.total.gpu[g];
		set_int(&p, 0, id);
		set_int(&p, 1, g);
		set_int(&p, 2 + ET_GC_gpu_index, f->gpus[g].index);
		set_text(&p, 2 + ET_GC_uuid, f->gpus[g].uuid);
		set_text(&p, 2 + ET_GC_name, f->gpus[g].name);
		set_real(&p, 2 + ET_GC_power_limit_w, f->gpus[g].power_limit_w);
		set_real(&p, 2 + ET_GC_idle_w, f->gpus[g].idle_w);
#define SET_GPU_TOTAL(name, unit, what) set_real(&p, 2 + ET_GC_total_##name, gi->name);
		ET_GPU_INTEGRAL_FIELDS(SET_GPU_TOTAL)
#undef SET_GPU_TOTAL
		if (run_done(s, ET_SQL_INSERT_GPU, &p, 2 + ET_GC_N, err) < 0)
			return -1;
	}
	struct et_bucket expanded, *bk = &expanded;

	for (size_t b = 0; b < run->integrals.n_buckets; b++) {
		et_run_bucket(&run->integrals, b, &expanded);
		set_int(&p, 0, id);
		set_int(&p, 1, bk->utc_start_ms);
		k = 2;
#define SET_FIELD(name, unit, what) set_real(&p, k++, q->name);
		{
			const struct et_integrals *q = &bk->q;
			ET_INTEGRAL_FIELDS(SET_FIELD)
		}
		if (run_done(s, ET_SQL_INSERT_BUCKET, &p, k, err) < 0)
			return -1;
		for (int g = 0; g < f->n_gpus && g < ET_MAX_GPUS; g++) {
			const struct et_gpu_integrals *q = &bk->q.gpu[g];
			set_int(&p, 0, id);
			set_int(&p, 1, bk->utc_start_ms);
			set_int(&p, 2, g);
			k = 3;
			ET_GPU_INTEGRAL_FIELDS(SET_FIELD)
			if (run_done(s, ET_SQL_INSERT_GPU_BUCKET, &p, k, err) < 0)
				return -1;
		}
#undef SET_FIELD
	}
	for (size_t w = 0; w < run->n_warnings; w++) {
		set_int(&p, 0, id);
		set_int(&p, 1, (int64_t)w);
		set_text(&p, 2, run->warnings[w]);
		if (run_done(s, ET_SQL_INSERT_WARNING, &p, 3, err) < 0)
			return -1;
	}
	return 0;
}

static int delete_children(struct pg_store *s, int64_t id, struct et_error *err)
{
	static const enum et_sql_stmt order[] = {
		ET_SQL_DELETE_GPU_BUCKETS, ET_SQL_DELETE_BUCKETS, ET_SQL_DELETE_GPUS, ET_SQL_DELETE_WARNINGS,
	};
	struct params p;

	set_int(&p, 0, id);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (run_done(s, order[i], &p, 1, err) < 0)
			return -1;
	return 0;
}

/* One try of the transaction of et_store_add. Returns 0, or -1 with err filled. */
static int add_once(struct pg_store *s, const struct et_run *run, const struct et_store_source *src,
		    const struct params *cols, const int64_t ident[3], enum et_store_outcome *outcome,
		    struct et_error *err)
{
	PGresult *res = NULL;
	struct params p;
	int64_t id;

	s->state[0] = '\0';
	if (exec(s, "BEGIN", "starting a transaction", err) < 0)
		return -1;
	/* Insert, or replace a shorter stored version, or (no row) keep the stored one; the
	 * identity's unique key makes concurrent adds of one run wait for each other. */
	if (!(res = run_stmt(s, ET_SQL_UPSERT_RUN, cols, ET_RC_N, "writing the store", err)))
		goto fail;
	if (PQntuples(res) == 1) {
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		*outcome = strcmp(PQgetvalue(res, 0, 1), "t") == 0 ? ET_STORE_ADDED : ET_STORE_REPLACED;
		PQclear(res);
		res = NULL;
		if (*outcome == ET_STORE_REPLACED && delete_children(s, id, err) < 0)
			goto fail;
		if (insert_children(s, run, id, err) < 0)
			goto fail;
	} else {
		PQclear(res);
		set_text(&p, 0, run->facts.host);
		set_int(&p, 1, ident[0]);
		set_int(&p, 2, ident[1]);
		set_int(&p, 3, ident[2]);
		if (!(res = run_stmt(s, ET_SQL_FIND_RUN, &p, 4, "reading the store", err)))
			goto fail;
		if (PQntuples(res) != 1) {
			et_error_set(err, s->base.name, 0, "writing the store: the stored run vanished");
			goto fail;
		}
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		res = NULL;
		*outcome = ET_STORE_KEPT;
	}
	set_text(&p, 0, src->path);
	set_int(&p, 1, src->size);
	set_int(&p, 2, src->mtime_ns);
	set_text(&p, 3, src->hash);
	set_int(&p, 4, id);
	if (run_done(s, ET_SQL_UPSERT_SOURCE, &p, 5, err) < 0)
		goto fail;
	if (exec(s, "COMMIT", "committing", err) < 0)
		goto fail;
	return 0;
fail:
	PQclear(res);
	if (PQstatus(s->conn) == CONNECTION_OK)
		PQclear(PQexec(s->conn, "ROLLBACK"));
	return -1;
}

static int pg_add(struct et_store *base, const struct et_run *run, const struct et_store_source *src,
		  enum et_store_outcome *outcome, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct params *cols = malloc(sizeof(*cols));
	int64_t ident[3];
	struct et_store_run_text text = {NULL, NULL, NULL, NULL, ""};
	int rc = -1;

	if (!cols)
		return et_error_set(err, src->path, 0, "out of memory");
	if (et_store_run_ident(run, src->path, ident, err) < 0)
		goto out;
	if (run_params(run, src, ident, cols, &text) < 0) {
		et_error_set(err, src->path, 0, "out of memory");
		goto out;
	}
	if (reconnect(s, err) < 0)
		goto named;
	for (int tries = 1;; tries++) {
		rc = add_once(s, run, src, cols, ident, outcome, err);
		if (rc == 0 || !retryable(s) || tries == MAX_TRIES)
			break;
	}
named:
	if (rc < 0)
		et_error_name_source(err, src->path);
out:
	et_store_run_text_free(&text);
	free(cols);
	return rc;
}

static int pg_source_unchanged(struct et_store *base, const char *path, int64_t size,
			       int64_t mtime_ns, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct params p;
	PGresult *res;
	int same;

	if (reconnect(s, err) < 0)
		return -1;
	set_text(&p, 0, path);
	if (!(res = run_stmt(s, ET_SQL_FIND_SOURCE, &p, 1, "reading the store", err)))
		return -1;
	same = PQntuples(res) == 1 && strtoll(PQgetvalue(res, 0, 0), NULL, 10) == size &&
	       strtoll(PQgetvalue(res, 0, 1), NULL, 10) == mtime_ns;
	PQclear(res);
	return same;
}

/* The one number a counting statement gives, or -1 with err filled. */
static int64_t count_of(struct pg_store *s, enum et_sql_stmt which, struct et_error *err)
{
	PGresult *res;
	int64_t n;

	if (reconnect(s, err) < 0)
		return -1;
	if (!(res = run_stmt(s, which, NULL, 0, "reading the store", err)))
		return -1;
	n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static int64_t pg_count_runs(struct et_store *base, struct et_error *err)
{
	return count_of((struct pg_store *)base, ET_SQL_COUNT_RUNS, err);
}

/* ---- queries ---- */

static int64_t col_int(const PGresult *res, int row, int c)
{
	return PQgetisnull(res, row, c) ? 0 : strtoll(PQgetvalue(res, row, c), NULL, 10);
}

static double col_real(const PGresult *res, int row, int c)
{
	return PQgetisnull(res, row, c) ? NAN : strtod(PQgetvalue(res, row, c), NULL);
}

static const char *col_text(const PGresult *res, int row, int c)
{
	return PQgetvalue(res, row, c);   /* "" when NULL */
}

/* A row of a result, for struct et_sql_row. */
struct pg_row {
	const PGresult *res;
	int row;
};

static int row_is_null(void *ctx, int c)
{
	struct pg_row *r = ctx;
	return PQgetisnull(r->res, r->row, c);
}

static int64_t row_int(void *ctx, int c)
{
	struct pg_row *r = ctx;
	return col_int(r->res, r->row, c);
}

static double row_real(void *ctx, int c)
{
	struct pg_row *r = ctx;
	return col_real(r->res, r->row, c);
}

static const char *row_text(void *ctx, int c)
{
	struct pg_row *r = ctx;
	return col_text(r->res, r->row, c);
}

static void read_facts(const PGresult *res, int row, struct et_stored_run *r)
{
	struct pg_row at = {res, row};
	struct et_sql_row getters = {&at, row_is_null, row_int, row_real, row_text};

	et_store_run_read(&getters, r);
}

static int read_gpus(struct pg_store *s, struct et_stored_run *r, struct et_error *err)
{
	struct params p;
	struct pg_row at;
	struct et_sql_row row = {&at, row_is_null, row_int, row_real, row_text};
	PGresult *res;

	set_int(&p, 0, r->id);
	if (!(res = run_stmt(s, ET_SQL_GPUS_OF, &p, 1, "reading the store", err)))
		return -1;
	at.res = res;
	for (at.row = 0; at.row < PQntuples(res); at.row++)
		et_store_gpu_read(&row, r);
	PQclear(res);
	return 0;
}

static int read_buckets(struct pg_store *s, struct et_stored_run *r, int64_t from, int64_t to,
			struct et_error *err)
{
	static const enum et_sql_stmt which[] = {ET_SQL_BUCKETS_OF, ET_SQL_GPU_BUCKETS_OF};
	struct params p;
	struct pg_row at;
	struct et_sql_row row = {&at, row_is_null, row_int, row_real, row_text};
	PGresult *res;

	set_int(&p, 0, r->id);
	set_int(&p, 1, from);
	set_int(&p, 2, to);
	et_store_buckets_reset(&s->buckets);
	for (int q = 0; q < 2; q++) {
		if (!(res = run_stmt(s, which[q], &p, 3, "reading the store", err)))
			return -1;
		at.res = res;
		for (at.row = 0; at.row < PQntuples(res); at.row++) {
			if (q == 1) {
				et_store_gpu_bucket_row(&s->buckets, &row);
			} else if (et_store_bucket_row(&s->buckets, &row) < 0) {
				PQclear(res);
				return et_error_set(err, s->base.name, 0, "out of memory");
			}
		}
		PQclear(res);
	}
	if (et_store_buckets_give(&s->buckets, r) < 0)
		return et_error_set(err, s->base.name, 0, "out of memory");
	return 0;
}

/* Call row for each row of the period query which (parameters p), with one snapshot: the
 * query sees one state even while ingests commit. The rows come through a cursor, a
 * thousand at a time, so a month of a million runs or jobs fits. Returns 0, or row's
 * negative value, or -1 with err filled. */
static int each_row(struct pg_store *s, enum et_sql_stmt which, const struct params *p, int n,
		    int (*row)(struct pg_store *s, const PGresult *res, int r, void *arg, struct et_error *err),
		    void *arg, struct et_error *err)
{
	char *sql = et_sql_statement(&et_sql_postgresql, which), *declare = NULL;
	PGresult *res = NULL;
	int ret = -1;

	if (!sql || asprintf(&declare, "DECLARE etest_rows NO SCROLL CURSOR FOR %s", sql) < 0) {
		declare = NULL;
		et_error_set(err, s->base.name, 0, "out of memory");
		goto out;
	}
	if (reconnect(s, err) < 0)
		goto out;
	if (exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a read", err) < 0)
		goto out;
	res = PQexecParams(s->conn, declare, n, NULL, p->v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_error(s, err, "reading the store", res);
		goto end;
	}
	ret = 0;
	do {
		PQclear(res);
		res = PQexec(s->conn, "FETCH " FETCH_ROWS " FROM etest_rows");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			ret = pg_error(s, err, "reading the store", res);
			break;
		}
		for (int r = 0; r < PQntuples(res) && ret >= 0; r++)
			ret = row(s, res, r, arg, err);
	} while (ret >= 0 && PQntuples(res) > 0);
end:
	if (PQstatus(s->conn) == CONNECTION_OK)
		PQclear(PQexec(s->conn, "COMMIT"));
out:
	PQclear(res);
	free(declare);
	free(sql);
	return ret;
}

/* A period query's callback and its context, for each_row. */
struct period_call {
	int64_t from, to;
	et_store_run_fn run_fn;
	et_store_sacct_fn sacct_fn;
	void *ctx;
};

static int run_row(struct pg_store *s, const PGresult *res, int row, void *arg, struct et_error *err)
{
	struct period_call *c = arg;
	struct et_stored_run r;

	read_facts(res, row, &r);
	if (read_gpus(s, &r, err) < 0 || read_buckets(s, &r, c->from, c->to, err) < 0)
		return -1;
	return c->run_fn(&r, c->ctx, err);
}

static int pg_runs_in(struct et_store *base, int64_t from_utc_ms, int64_t to_utc_ms,
		      et_store_run_fn fn, void *ctx, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct period_call c = {from_utc_ms, to_utc_ms, fn, NULL, ctx};
	struct params p;

	set_int(&p, 0, from_utc_ms);
	set_int(&p, 1, to_utc_ms);
	return each_row(s, s->public_only ? ET_SQL_RUNS_IN_PUBLIC : ET_SQL_RUNS_IN, &p, 2, run_row, &c, err);
}

/* ---- SLURM accounting ---- */

static void set_values(struct params *p, int first, const struct et_sql_value *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (v[i].kind == ET_SQL_INT)
			set_int(p, first + i, v[i].i);
		else if (v[i].kind == ET_SQL_REAL)
			set_real(p, first + i, v[i].r);
		else if (v[i].kind == ET_SQL_TEXT)
			set_text(p, first + i, v[i].s);
		else
			p->v[first + i] = NULL;
	}
}

static int pg_begin(struct et_store *base, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;

	if (reconnect(s, err) < 0)
		return -1;
	return exec(s, "BEGIN", "starting a transaction", err);
}

static int pg_commit(struct et_store *base, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;

	if (exec(s, "COMMIT", "committing", err) < 0) {
		if (PQstatus(s->conn) == CONNECTION_OK)
			PQclear(PQexec(s->conn, "ROLLBACK"));
		return -1;
	}
	return 0;
}

static void pg_rollback(struct et_store *base)
{
	struct pg_store *s = (struct pg_store *)base;

	if (PQstatus(s->conn) == CONNECTION_OK)
		PQclear(PQexec(s->conn, "ROLLBACK"));
}

static int pg_put_sacct(struct et_store *base, const struct et_sacct_job *job, const char *source,
			enum et_store_sacct_outcome *outcome, struct et_error *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct et_sql_value v[ET_SC_N];
	struct params *p = malloc(sizeof(*p));
	PGresult *res = NULL;
	struct timespec now;
	char hash[32];
	int found, rc = -1;

	if (!p)
		return et_error_set(err, source, job->line, "out of memory");
	clock_gettime(CLOCK_REALTIME, &now);
	et_sql_sacct_values(job, source, (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, hash, v);
	set_text(p, 0, job->cluster);
	set_text(p, 1, job->job_id);
	if (!(res = run_stmt(s, ET_SQL_FIND_SACCT, p, 2, "reading the store", err)))
		goto out;
	found = PQntuples(res) == 1;
	if (found && (strcmp(col_text(res, 0, 0), hash) == 0 || (col_int(res, 0, 1) && !job->finished))) {
		*outcome = ET_SACCT_UNCHANGED;
		rc = 0;
		goto out;
	}
	*outcome = found ? ET_SACCT_UPDATED : ET_SACCT_ADDED;
	memset(p->v, 0, sizeof(p->v));
	set_values(p, 0, v, ET_SC_N);
	rc = run_done(s, ET_SQL_UPSERT_SACCT, p, ET_SC_N, err);
out:
	PQclear(res);
	free(p);
	return rc;
}

static int sacct_row(struct pg_store *s, const PGresult *res, int r, void *arg, struct et_error *err)
{
	struct period_call *c = arg;
	struct pg_row at = {res, r};
	struct et_sql_row row = {&at, row_is_null, row_int, row_real, row_text};
	struct et_stored_sacct_job j;

	(void)s;
	et_sql_sacct_read(&row, 0, &j.job);
	j.source_path = col_text(res, r, ET_SC_source_path);
	j.has_log = (int)col_int(res, r, ET_SC_N);
	return c->sacct_fn(&j, c->ctx, err);
}

static int pg_sacct_in(struct et_store *base, int64_t from_local_s, int64_t to_local_s,
		       et_store_sacct_fn fn, void *ctx, struct et_error *err)
{
	struct period_call c = {from_local_s, to_local_s, NULL, fn, ctx};
	struct params p;

	set_int(&p, 0, to_local_s);
	set_int(&p, 1, from_local_s);
	return each_row((struct pg_store *)base, ET_SQL_SACCT_IN, &p, 2, sacct_row, &c, err);
}

static int64_t pg_count_sacct(struct et_store *base, struct et_error *err)
{
	return count_of((struct pg_store *)base, ET_SQL_COUNT_SACCT, err);
}

static const struct et_store_ops pg_ops = {
	pg_close, pg_source_unchanged, pg_add, pg_runs_in, pg_count_runs,
	pg_begin, pg_commit, pg_rollback, pg_put_sacct, pg_sacct_in, pg_count_sacct,
};
