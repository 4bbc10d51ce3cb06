/* ci_cache.c - the intensity cache in SQLite (see ci_cache.h): table `intensity`
 * keyed on the UTC instant, upserts ranked by dataset, reads by time range. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ci_cache.h"

static const char *const schema_sql =
	"CREATE TABLE IF NOT EXISTS intensity ("
	" utc_s INTEGER PRIMARY KEY,"      /* start of the step, seconds since the epoch, UTC */
	" g_per_kwh REAL NOT NULL,"        /* RTE taux_co2, gCO2/kWh */
	" dataset TEXT NOT NULL,"          /* eco2mix-national-cons-def or eco2mix-national-tr */
	" rank INTEGER NOT NULL,"          /* 2 consolidated, 1 real-time */
	" fetched_at INTEGER NOT NULL"     /* when it was stored, seconds since the epoch */
	");"
	"PRAGMA user_version = 1;";

int ci_dataset_rank(const char *dataset)
{
	if (strcmp(dataset, CI_DATASET_CONS) == 0)
		return CI_RANK_CONS;
	if (strcmp(dataset, CI_DATASET_TR) == 0)
		return CI_RANK_TR;
	return 0;
}

const char *ci_dataset_of_rank(int rank)
{
	return rank == CI_RANK_CONS ? CI_DATASET_CONS : rank == CI_RANK_TR ? CI_DATASET_TR : NULL;
}

int ci_make_parent_dirs(const char *path, struct et_error *err)
{
	char dir[4096];
	size_t len = strlen(path);

	if (len >= sizeof(dir))
		return et_error_set(err, path, 0, "path too long");
	memcpy(dir, path, len + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST)
			return et_error_set(err, dir, 0, "cannot create directory: %s", strerror(errno));
		*p = '/';
	}
	return 0;
}

int ci_cache_open(const char *path, int create, struct sqlite3 **db, struct et_error *err)
{
	int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	char *msg = NULL;

	*db = NULL;
	if (!create && access(path, F_OK) < 0)
		return 1;
	if (create && ci_make_parent_dirs(path, err) < 0)
		return -1;
	if (sqlite3_open_v2(path, db, flags, NULL) != SQLITE_OK) {
		et_error_set(err, path, 0, "cannot open the cache: %s",
			     *db ? sqlite3_errmsg(*db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(*db, 5000);
	if (create && sqlite3_exec(*db, schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
		et_error_set(err, path, 0, "cannot set up the cache: %s", msg ? msg : "?");
		sqlite3_free(msg);
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(*db);
	*db = NULL;
	return -1;
}

void ci_cache_close(struct sqlite3 *db)
{
	sqlite3_close(db);
}

/* The number of rows in the table, or -1. */
static long count_rows(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM intensity", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

int ci_cache_store(struct sqlite3 *db, const char *path, const struct ci_points *pts,
		   struct ci_store_counts *counts, struct et_error *err)
{
	static const char *const upsert_sql =
		"INSERT INTO intensity (utc_s, g_per_kwh, dataset, rank, fetched_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(utc_s) DO UPDATE SET g_per_kwh = excluded.g_per_kwh,"
		"  dataset = excluded.dataset, rank = excluded.rank, fetched_at = excluded.fetched_at"
		" WHERE excluded.rank > intensity.rank"
		"  OR (excluded.rank = intensity.rank AND excluded.g_per_kwh <> intensity.g_per_kwh)";
	sqlite3_stmt *stmt = NULL;
	long before, after, changed = 0;
	int64_t now = (int64_t)time(NULL);

	for (size_t i = 0; i < pts->n; i++)
		if (!ci_dataset_of_rank(pts->v[i].tag))
			return et_error_set(err, path, 0, "point %zu has no known dataset", i);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return et_error_set(err, path, 0, "cannot start a transaction: %s", sqlite3_errmsg(db));
	before = count_rows(db);
	if (before < 0 || sqlite3_prepare_v2(db, upsert_sql, -1, &stmt, NULL) != SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < pts->n; i++) {
		sqlite3_bind_int64(stmt, 1, pts->v[i].utc_s);
		sqlite3_bind_double(stmt, 2, pts->v[i].g_per_kwh);
		sqlite3_bind_text(stmt, 3, ci_dataset_of_rank(pts->v[i].tag), -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 4, pts->v[i].tag);
		sqlite3_bind_int64(stmt, 5, now);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			goto fail;
		changed += sqlite3_changes(db);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	after = count_rows(db);
	if (after < 0 || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (counts) {
		counts->inserted = after - before;
		counts->replaced = changed - counts->inserted;
		counts->kept = (long)pts->n - changed;
	}
	return 0;
fail:
	et_error_set(err, path, 0, "cannot store into the cache: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int ci_cache_load(struct sqlite3 *db, const char *path, int64_t from_s, int64_t to_s,
		  struct ci_points *pts, struct et_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT utc_s, g_per_kwh, rank FROM intensity"
			       " WHERE utc_s >= ?1 AND utc_s < ?2 ORDER BY utc_s", -1, &stmt, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(stmt, 1, from_s);
	sqlite3_bind_int64(stmt, 2, to_s);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (ci_points_add(pts, sqlite3_column_int64(stmt, 0), sqlite3_column_double(stmt, 1),
				  sqlite3_column_int(stmt, 2)) < 0) {
			sqlite3_finalize(stmt);
			return et_error_set(err, path, 0, "out of memory");
		}
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(stmt);
	return 0;
fail:
	et_error_set(err, path, 0, "cannot read the cache: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return -1;
}

int ci_cache_last(struct sqlite3 *db, const char *path, int64_t *utc_s, struct et_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT max(utc_s) FROM intensity", -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		et_error_set(err, path, 0, "cannot read the cache: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
		rc = 1;
		goto out;
	}
	*utc_s = sqlite3_column_int64(stmt, 0);
	rc = 0;
out:
	sqlite3_finalize(stmt);
	return rc;
}
