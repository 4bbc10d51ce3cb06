/* store_sql.c - the store's schema and statement texts, built from the column lists of
 * store_sql.h and et_run.h for a given SQL dialect (see store_sql.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"

const struct et_sql_dialect et_sql_sqlite = {"sqlite", "INTEGER", "REAL", "TEXT", 0};

/* A growing string; oom is set (and the text dropped) when memory runs out. */
struct sql_text {
	char *s;
	size_t n, cap;
	int oom;
	int n_params;
	const struct et_sql_dialect *d;
};

static void add(struct sql_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct sql_text *t, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (t->oom)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || t->n + (size_t)len + 1 > t->cap) {
		size_t cap = (t->n + (size_t)(len < 0 ? 0 : len) + 1) * 2;
		char *grown = len < 0 ? NULL : realloc(t->s, cap);
		if (!grown) {
			t->oom = 1;
			return;
		}
		t->s = grown;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
	va_end(ap);
	t->n += (size_t)len;
}

static char *done(struct sql_text *t)
{
	if (t->oom) {
		free(t->s);
		return NULL;
	}
	return t->s;
}

static const char *type_of(const struct sql_text *t, const char *kind)
{
	if (strcmp(kind, "INT") == 0)
		return t->d->t_int;
	if (strcmp(kind, "REAL") == 0)
		return t->d->t_real;
	return t->d->t_text;
}

/* n bound parameters, comma-separated. */
static void params(struct sql_text *t, int n)
{
	for (int i = 0; i < n; i++) {
		t->n_params++;
		if (t->d->numbered_params)
			add(t, "%s$%d", i ? ", " : "", t->n_params);
		else
			add(t, "%s?", i ? ", " : "");
	}
}

static void param(struct sql_text *t)
{
	params(t, 1);
}

/* Column lists: "a, b, c" or, with types, "a INTEGER, b REAL". */
#define DEF_RUN(name, kind) add(t, ", %s %s", #name, type_of(t, #kind));
#define DEF_GPU DEF_RUN
#define DEF_FIELD(name, unit, what) add(t, ", %s %s", #name, t->d->t_real);
#define DEF_TOTAL(name, unit, what) add(t, ", total_%s %s", #name, t->d->t_real);
#define COL_RUN(name, kind) add(t, ", %s", #name);
#define COL_GPU COL_RUN
#define COL_FIELD(name, unit, what) add(t, ", %s", #name);
#define COL_TOTAL(name, unit, what) add(t, ", total_%s", #name);

static void schema_v1(struct sql_text *t)
{
	const char *i = t->d->t_int, *x = t->d->t_text;

	add(t, "CREATE TABLE runs (id %s PRIMARY KEY", i);
	ET_STORE_RUN_COLUMNS(DEF_RUN)
	ET_INTEGRAL_FIELDS(DEF_TOTAL)
	add(t, ", UNIQUE (host, pid, start_utc_ms, start_mono_ms));\n");
	add(t, "CREATE TABLE run_gpus (run_id %s NOT NULL, slot %s NOT NULL", i, i);
	ET_STORE_GPU_COLUMNS(DEF_GPU)
	ET_GPU_INTEGRAL_FIELDS(DEF_TOTAL)
	add(t, ", PRIMARY KEY (run_id, slot));\n");
	add(t, "CREATE TABLE buckets (run_id %s NOT NULL, utc_start_ms %s NOT NULL", i, i);
	ET_INTEGRAL_FIELDS(DEF_FIELD)
	add(t, ", PRIMARY KEY (run_id, utc_start_ms));\n");
	add(t, "CREATE INDEX buckets_by_time ON buckets (utc_start_ms, run_id);\n");
	add(t, "CREATE TABLE gpu_buckets (run_id %s NOT NULL, utc_start_ms %s NOT NULL, slot %s NOT NULL",
	    i, i, i);
	ET_GPU_INTEGRAL_FIELDS(DEF_FIELD)
	add(t, ", PRIMARY KEY (run_id, utc_start_ms, slot));\n");
	add(t, "CREATE TABLE warnings (run_id %s NOT NULL, seq %s NOT NULL, text %s NOT NULL,"
	    " PRIMARY KEY (run_id, seq));\n", i, i, x);
	add(t, "CREATE TABLE sources (path %s PRIMARY KEY, size %s NOT NULL, mtime_ns %s NOT NULL,"
	    " hash %s NOT NULL, run_id %s NOT NULL);\n", x, i, i, x, i);
	add(t, "CREATE INDEX sources_by_run ON sources (run_id);\n");
}

char *et_sql_migration(const struct et_sql_dialect *d, int version)
{
	struct sql_text t = {NULL, 0, 0, 0, 0, d};

	switch (version) {
	case 0:
		schema_v1(&t);
		break;
	default:
		return NULL;
	}
	return done(&t);
}

static void run_columns(struct sql_text *t)
{
	add(t, "id");
	ET_STORE_RUN_COLUMNS(COL_RUN)
	ET_INTEGRAL_FIELDS(COL_TOTAL)
}

static void gpu_columns(struct sql_text *t)
{
	add(t, "slot");
	ET_STORE_GPU_COLUMNS(COL_GPU)
	ET_GPU_INTEGRAL_FIELDS(COL_TOTAL)
}

char *et_sql_statement(const struct et_sql_dialect *d, enum et_sql_stmt which)
{
	struct sql_text text = {NULL, 0, 0, 0, 0, d}, *t = &text;
	static const char *const child[] = {
		[ET_SQL_DELETE_GPU_BUCKETS] = "gpu_buckets", [ET_SQL_DELETE_BUCKETS] = "buckets",
		[ET_SQL_DELETE_GPUS] = "run_gpus", [ET_SQL_DELETE_WARNINGS] = "warnings",
	};

	switch (which) {
	case ET_SQL_FIND_RUN:
		add(t, "SELECT id, source_size FROM runs WHERE host = ");
		param(t);
		add(t, " AND pid = ");
		param(t);
		add(t, " AND start_utc_ms = ");
		param(t);
		add(t, " AND start_mono_ms = ");
		param(t);
		break;
	case ET_SQL_INSERT_RUN:
		add(t, "INSERT INTO runs (");
		run_columns(t);
		add(t, ") VALUES (");
		params(t, 1 + ET_RC_N);
		add(t, ")");
		break;
	case ET_SQL_INSERT_GPU:
		add(t, "INSERT INTO run_gpus (run_id, ");
		gpu_columns(t);
		add(t, ") VALUES (");
		params(t, 2 + ET_GC_N);
		add(t, ")");
		break;
	case ET_SQL_INSERT_BUCKET:
		add(t, "INSERT INTO buckets (run_id, utc_start_ms");
		ET_INTEGRAL_FIELDS(COL_FIELD)
		add(t, ") VALUES (");
		params(t, 2 + (int)ET_N_SCALAR_FIELDS);
		add(t, ")");
		break;
	case ET_SQL_INSERT_GPU_BUCKET:
		add(t, "INSERT INTO gpu_buckets (run_id, utc_start_ms, slot");
		ET_GPU_INTEGRAL_FIELDS(COL_FIELD)
		add(t, ") VALUES (");
		params(t, 3 + (int)ET_N_GPU_FIELDS);
		add(t, ")");
		break;
	case ET_SQL_INSERT_WARNING:
		add(t, "INSERT INTO warnings (run_id, seq, text) VALUES (");
		params(t, 3);
		add(t, ")");
		break;
	case ET_SQL_DELETE_GPU_BUCKETS:
	case ET_SQL_DELETE_BUCKETS:
	case ET_SQL_DELETE_GPUS:
	case ET_SQL_DELETE_WARNINGS:
		add(t, "DELETE FROM %s WHERE run_id = ", child[which]);
		param(t);
		break;
	case ET_SQL_DELETE_RUN:
		add(t, "DELETE FROM runs WHERE id = ");
		param(t);
		break;
	case ET_SQL_UPSERT_SOURCE:
		add(t, "INSERT INTO sources (path, size, mtime_ns, hash, run_id) VALUES (");
		params(t, 5);
		add(t, ") ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
		    " mtime_ns = excluded.mtime_ns, hash = excluded.hash, run_id = excluded.run_id");
		break;
	case ET_SQL_FIND_SOURCE:
		add(t, "SELECT size, mtime_ns FROM sources WHERE path = ");
		param(t);
		break;
	case ET_SQL_RUNS_IN:
		add(t, "SELECT ");
		run_columns(t);
		add(t, " FROM runs WHERE id IN (SELECT run_id FROM buckets WHERE utc_start_ms >= ");
		param(t);
		add(t, " AND utc_start_ms < ");
		param(t);
		add(t, ") ORDER BY id");
		break;
	case ET_SQL_GPUS_OF:
		add(t, "SELECT ");
		gpu_columns(t);
		add(t, " FROM run_gpus WHERE run_id = ");
		param(t);
		add(t, " ORDER BY slot");
		break;
	case ET_SQL_BUCKETS_OF:
	case ET_SQL_GPU_BUCKETS_OF:
		if (which == ET_SQL_BUCKETS_OF) {
			add(t, "SELECT utc_start_ms");
			ET_INTEGRAL_FIELDS(COL_FIELD)
			add(t, " FROM buckets");
		} else {
			add(t, "SELECT utc_start_ms, slot");
			ET_GPU_INTEGRAL_FIELDS(COL_FIELD)
			add(t, " FROM gpu_buckets");
		}
		add(t, " WHERE run_id = ");
		param(t);
		add(t, " AND utc_start_ms >= ");
		param(t);
		add(t, " AND utc_start_ms < ");
		param(t);
		add(t, which == ET_SQL_BUCKETS_OF ? " ORDER BY utc_start_ms" : " ORDER BY utc_start_ms, slot");
		break;
	case ET_SQL_COUNT_RUNS:
		add(t, "SELECT count(*) FROM runs");
		break;
	default:
		return NULL;
	}
	return done(t);
}
