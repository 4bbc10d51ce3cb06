/* outfile.c - output files are written whole or not at all: FILE.tmp, then
 * rename(2) (see report.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

FILE *et_report_open(const char *path, char *tmp, size_t tmp_n, struct et_error *err)
{
	FILE *f;

	if ((size_t)snprintf(tmp, tmp_n, "%s.tmp", path) >= tmp_n) {
		et_error_set(err, path, 0, "file name too long");
		return NULL;
	}
	if (!(f = fopen(tmp, "w")))
		et_error_set(err, tmp, 0, "cannot create: %s", strerror(errno));
	return f;
}

int et_report_commit(FILE *f, const char *tmp, const char *path, struct et_error *err)
{
	int failed = fflush(f) != 0 || ferror(f);
	int saved = errno;

	if (fclose(f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(tmp);
		return et_error_set(err, tmp, 0, "write error: %s", strerror(saved));
	}
	if (rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		return et_error_set(err, path, 0, "cannot rename %s: %s", tmp, strerror(saved));
	}
	return 0;
}

void et_report_abort(FILE *f, const char *tmp)
{
	if (f)
		fclose(f);
	unlink(tmp);
}
