/* writer.c - the one place where outputs meet files: the table of writers, the temporary
 * file and its rename, and the begin/run/end calls (see report.h). */
#include <stdlib.h>
#include <string.h>

#include "report.h"

extern const struct et_writer_ops et_writer_table, et_writer_json, et_writer_csv,
	et_writer_codecarbon;

/* Every output, by the name the front end uses. */
static const struct et_writer_ops *const writers[] = {
	&et_writer_table,
	&et_writer_json,
	&et_writer_csv,
	&et_writer_codecarbon,
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

int et_writer_open(const struct et_writer_ops *ops, const char *path, int quiet,
		   struct et_writer **out, struct et_error *err)
{
	struct et_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return et_error_set(err, path ? path : "", 0, "out of memory");
	w->ops = ops;
	w->quiet = quiet;
	w->path = path;
	w->out = stdout;
	if (path && !(w->out = et_report_open(path, w->tmp, sizeof(w->tmp), err))) {
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
	int rc = 0;

	if (!w)
		return 0;
	if (commit && w->ops->end && w->ops->end(w, err) < 0)
		commit = 0, rc = -1;
	if (w->path) {
		if (commit)
			rc = et_report_commit(w->out, w->tmp, w->path, err);
		else
			et_report_abort(w->out, w->tmp);
	}
	if (w->ops->release)
		w->ops->release(w);
	free(w);
	return rc;
}
