/* run_load.c - one log file into one struct et_run: the reader feeding the integrator
 * (declared in integrate.h). */
#include <stdio.h>

#include "integrate.h"
#include "log_read.h"

/* Feed every record of an open reader to a new integrator. */
static int load_from(struct et_log_reader *r, const char *name, struct et_run *run,
		     const struct et_load_options *opt, struct et_error *err)
{
	struct et_integrator *in = NULL;
	struct et_log_record rec;
	int rc = -1, got;

	if (et_integrator_new(run, et_log_reader_header(r), name, &in, err) < 0)
		goto out;
	if (opt) {
		et_integrator_observe(in, opt->observer);
		et_integrator_by_day(in, opt->day_zone);
	}
	while ((got = et_log_reader_next(r, &rec, err)) > 0)
		if (et_integrator_add(in, &rec, err) < 0)
			goto out;
	if (got < 0)
		goto out;
	rc = et_integrator_finish(in, et_log_reader_truncated(r), err);
out:
	et_integrator_free(in);
	return rc;
}

int et_run_load(const char *path, struct et_run *run, struct et_error *err)
{
	return et_run_load_with(path, run, NULL, err);
}

int et_run_load_with(const char *path, struct et_run *run, const struct et_load_options *opt,
		     struct et_error *err)
{
	struct et_log_reader *r = NULL;
	int rc;

	if (et_log_reader_open(path, &r, err) < 0)
		return -1;
	rc = load_from(r, path, run, opt, err);
	et_log_reader_close(r);
	return rc;
}

int et_run_load_stream(FILE *f, const char *name, struct et_run *run, const struct et_load_options *opt,
		       struct et_error *err)
{
	struct et_log_reader *r = NULL;
	int rc;

	if (et_log_reader_open_stream(f, name, &r, err) < 0)
		return -1;
	rc = load_from(r, name, run, opt, err);
	et_log_reader_close(r);
	return rc;
}
