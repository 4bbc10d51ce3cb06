/* store.c - et_store.h's calls: open dispatches on the form of the store's name (a
 * postgresql:// URI or a SQLite path), the others go to the backend's functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return s->ops->add(s, run, src, outcome, err);
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
