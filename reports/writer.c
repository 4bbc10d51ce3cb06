/* writer.c - the one place where outputs meet files: the table of writers, the temporary
 * file and its rename, and the begin/run/end calls (see report.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "report.h"

extern const struct et_writer_ops et_writer_table, et_writer_json, et_writer_csv,
	et_writer_codecarbon, et_writer_pdf, et_writer_png;

/* Every output, by the name the front end uses. */
static const struct et_writer_ops *const writers[] = {
	&et_writer_table,
	&et_writer_json,
	&et_writer_csv,
	&et_writer_codecarbon,
	&et_writer_pdf,
	&et_writer_png,
	NULL
};
_Static_assert(sizeof(writers) / sizeof(writers[0]) <= ET_MAX_WRITERS + 1,
	       "raise ET_MAX_WRITERS: the front end sizes its option table with it");

const struct et_writer_ops *const *et_writer_list(void)
{
	return writers;
}

const struct et_writer_ops *et_writer_find(const char *name)
{
	for (size_t i = 0; writers[i]; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

/* Where the output goes: the temporary file's stream, its name alone (closed: the writer
 * opens it by name), or a folder that must exist. Returns 0, or -1 with err filled. */
static int open_target(struct et_writer *w, struct et_error *err)
{
	struct stat st;

	if (!w->path)
		return 0;
	if (w->ops->writes == ET_WRITE_DIR) {
		if (stat(w->path, &st) != 0)
			return et_error_set(err, w->path, 0, "cannot use the folder: %s", strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return et_error_set(err, w->path, 0, "not a folder");
		if (access(w->path, W_OK | X_OK) != 0)
			return et_error_set(err, w->path, 0, "cannot write in the folder: %s", strerror(errno));
		w->out = NULL;
		return 0;
	}
	if (!(w->out = et_report_open(w->path, w->tmp, sizeof(w->tmp), err)))
		return -1;
	if (w->ops->writes == ET_WRITE_PATH) {
		fclose(w->out);   /* empty, 0600: the writer writes w->tmp by name */
		w->out = NULL;
	}
	return 0;
}

int et_writers_want_series(struct et_writer *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i]->ops->wants_series)
			return 1;
	return 0;
}

int et_writer_open(const struct et_writer_ops *ops, const char *path,
		   const struct et_writer_setup *setup, struct et_writer **out, struct et_error *err)
{
	struct et_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return et_error_set(err, path ? path : "", 0, "out of memory");
	w->ops = ops;
	w->quiet = setup->quiet;
	w->reference = setup->reference;
	w->data_dir = setup->data_dir;
	w->n_runs = setup->n_runs;
	w->n_models = setup->n_models;
	w->per_n = setup->per_n;
	w->per_unit = setup->per_unit;
	w->path = path;
	w->out = stdout;
	if (open_target(w, err) < 0) {
		free(w);
		return -1;
	}
	if (ops->begin && ops->begin(w, err) < 0) {
		et_writer_close(w, 0, NULL);
		return -1;
	}
	*out = w;
	return 0;
}

int et_writer_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	return w->ops->run(w, r, err);
}

int et_writer_close(struct et_writer *w, int commit, struct et_error *err)
{
	int rc = 0, released = 0;

	if (!w)
		return 0;
	if (commit && w->ops->end && w->ops->end(w, err) < 0)
		commit = 0, rc = -1;
	if (w->path && w->ops->writes == ET_WRITE_STREAM) {
		if (commit)
			rc = et_report_commit(w->out, w->tmp, w->path, err);
		else
			et_report_abort(w->out, w->tmp);
	} else if (w->path && w->ops->writes == ET_WRITE_PATH) {
		/* the writer's file is closed (by end, else by release) before the rename */
		if (w->ops->release)
			w->ops->release(w);
		released = 1;
		if (commit && rename(w->tmp, w->path) != 0) {
			int saved = errno;
			rc = et_error_set(err, w->path, 0, "cannot rename %s: %s", w->tmp, strerror(saved));
			commit = 0;
		}
		if (!commit)
			unlink(w->tmp);
	}
	if (w->ops->release && !released)
		w->ops->release(w);
	free(w);
	return rc;
}
