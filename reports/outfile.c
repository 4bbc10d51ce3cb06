/* outfile.c - output files are written whole or not at all: a temporary file of a
 * unique name next to FILE (mkstemp: created new, 0600, never through a link), then
 * rename(2) over FILE (see report.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "report.h"

FILE *et_report_open(const char *path, char *tmp, size_t tmp_n, struct et_error *err)
{
	FILE *f;
	int fd;

	/* In the destination folder, so that rename(2) stays on one file system; a unique
	 * name, so that two etest writing the same FILE never share it (the last rename
	 * wins whole); O_EXCL, so that a link planted under a predictable name is never
	 * followed; 0600, as the outputs hold command lines. */
	if ((size_t)snprintf(tmp, tmp_n, "%s.XXXXXX", path) >= tmp_n) {
		tmp[0] = '\0';
		et_error_set(err, path, 0, "file name too long");
		return NULL;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		et_error_set(err, path, 0, "cannot create a temporary file %s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		return NULL;
	}
	if (!(f = fdopen(fd, "w"))) {
		et_error_set(err, path, 0, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		tmp[0] = '\0';
	}
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
	if (tmp[0])
		unlink(tmp);
}

/* path with its folder resolved (the file itself may not exist yet) into buf. Returns 0,
 * or -1 when the folder cannot be resolved. */
static int resolved_path(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
			     slash ? (slash == path ? "/" : path) : ".") >= sizeof(dir) ||
	    !realpath(dir, real))
		return -1;
	return (size_t)snprintf(buf, n, "%s/%s", real, slash ? slash + 1 : path) < n ? 0 : -1;
}

int et_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char ra[PATH_MAX + 256], rb[PATH_MAX + 256];

	if (strcmp(a, b) == 0)
		return 1;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return resolved_path(a, ra, sizeof(ra)) == 0 && resolved_path(b, rb, sizeof(rb)) == 0 &&
	       strcmp(ra, rb) == 0;
}
