/* ci_cache.h - the SQLite cache of fetched RTE intensity points: one row per UTC
 * instant, consolidated data replacing real-time data (never the reverse). */
#ifndef ET_CI_CACHE_H
#define ET_CI_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "ci_series.h"
#include "et_error.h"

#define CI_DATASET_TR   "eco2mix-national-tr"
#define CI_DATASET_CONS "eco2mix-national-cons-def"
#define CI_RANK_TR   1   /* real-time */
#define CI_RANK_CONS 2   /* consolidated / definitive */

struct sqlite3;

struct ci_store_counts {
	long inserted;   /* new instants */
	long replaced;   /* instants whose value or dataset changed */
	long kept;       /* rows already there, identical or of a better dataset */
};

/* Rank of a dataset name (CI_RANK_*), or 0 if unknown. */
int ci_dataset_rank(const char *dataset);

/* Open the cache at path. With create, the file and its directory are created and the
 * schema set up; without, a missing file returns 1 (*db NULL) and the file opens
 * read-only. Returns 0 (*db is the caller's, closed with ci_cache_close), 1, or -1
 * with err filled. */
int ci_cache_open(const char *path, int create, struct sqlite3 **db, struct et_error *err);
void ci_cache_close(struct sqlite3 *db);

/* Store fetched points, each with tag = the rank of its dataset (CI_RANK_*), in one
 * transaction: all or nothing. A point replaces a cached one of a lower rank, or of
 * the same rank with another value; never one of a higher rank. counts (may be NULL)
 * says what happened. Returns 0, or -1 with err filled and the cache unchanged. */
int ci_cache_store(struct sqlite3 *db, const char *path, const struct ci_points *pts,
		   struct ci_store_counts *counts, struct et_error *err);

/* The dataset name of a rank, or NULL. */
const char *ci_dataset_of_rank(int rank);

/* Append the points in [from_s, to_s) to pts, with tag = the dataset rank. Returns 0,
 * or -1 with err filled. */
int ci_cache_load(struct sqlite3 *db, const char *path, int64_t from_s, int64_t to_s,
		  struct ci_points *pts, struct et_error *err);

/* The latest instant in the cache. Returns 0, 1 if the cache is empty, or -1. */
int ci_cache_last(struct sqlite3 *db, const char *path, int64_t *utc_s, struct et_error *err);

/* Create the directories leading to path (mkdir -p of its dirname). Returns 0, or -1
 * with err filled. */
int ci_make_parent_dirs(const char *path, struct et_error *err);

#endif
