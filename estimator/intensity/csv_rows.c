/* csv_rows.c - a row-at-a-time wrapper around libcsv (see csv_rows.h). Fields are
 * collected into an array of strings and handed over at each row end, with its line. */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_rows.h"

#define CI_CSV_MAX_FIELDS 256

struct row_state {
	char *fields[CI_CSV_MAX_FIELDS];
	size_t n_fields;
	long line;                 /* line where the row being read starts (1-based) */
	long newlines_in_fields;   /* line breaks inside the quoted fields of that row */
	int after_cr;              /* the last line ended with CR (a CRLF's LF comes next) */
	const char *path;
	ci_csv_row_fn fn;
	void *ctx;
	struct et_error *err;
	int failed;                /* fn or a field callback failed: ignore the rest */
};

static void clear_fields(struct row_state *st)
{
	for (size_t i = 0; i < st->n_fields; i++)
		free(st->fields[i]);
	st->n_fields = 0;
}

static void on_field(void *data, size_t len, void *vst)
{
	struct row_state *st = vst;
	char *copy;

	if (st->failed)
		return;
	if (st->n_fields == CI_CSV_MAX_FIELDS) {
		et_error_set(st->err, st->path, st->line, "more than %d fields", CI_CSV_MAX_FIELDS);
		st->failed = 1;
		return;
	}
	copy = malloc(len + 1);
	if (!copy) {
		et_error_set(st->err, st->path, st->line, "out of memory");
		st->failed = 1;
		return;
	}
	memcpy(copy, data ? data : "", len);
	copy[len] = '\0';
	st->fields[st->n_fields++] = copy;
	for (const char *p = copy; (p = strchr(p, '\n')); p++)
		st->newlines_in_fields++;
}

/* Called (CSV_REPALL_NL) at each line end, c being '\r' or '\n', empty lines included,
 * and with c = -1 at the end of the file: count physical lines, skip empty rows. */
static void on_row(int c, void *vst)
{
	struct row_state *st = vst;

	if (c == '\n' && st->after_cr && st->n_fields == 0) {
		st->after_cr = 0;    /* the LF of a CRLF: same line */
		return;
	}
	if (!st->failed && st->n_fields > 0 &&
	    st->fn(st->fields, st->n_fields, st->line, st->ctx, st->err) < 0)
		st->failed = 1;
	clear_fields(st);
	st->line += 1 + st->newlines_in_fields;
	st->newlines_in_fields = 0;
	st->after_cr = c == '\r';
}

int ci_csv_read(const char *path, unsigned char delim, ci_csv_row_fn fn, void *ctx,
		struct et_error *err)
{
	struct csv_parser parser;
	struct row_state st = {.line = 1, .path = path, .fn = fn, .ctx = ctx, .err = err};
	char buf[65536];
	int rc = -1, first = 1;
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return et_error_set(err, path, 0, "cannot open: %s", strerror(errno));
	if (csv_init(&parser, CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
		et_error_set(err, path, 0, "cannot initialise the csv parser");
		goto out_file;
	}
	csv_set_delim(&parser, delim);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		const char *p = buf;

		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		first = 0;
		if (csv_parse(&parser, p, n, on_field, on_row, &st) != n) {
			et_error_set(err, path, st.line, "%s", csv_strerror(csv_error(&parser)));
			goto out;
		}
		if (st.failed)
			goto out;
	}
	if (ferror(f)) {
		et_error_set(err, path, st.line, "read error: %s", strerror(errno));
		goto out;
	}
	if (csv_fini(&parser, on_field, on_row, &st) != 0) {
		et_error_set(err, path, st.line, "%s", csv_strerror(csv_error(&parser)));
		goto out;
	}
	if (!st.failed)
		rc = 0;
out:
	clear_fields(&st);
	csv_free(&parser);
out_file:
	fclose(f);
	return rc;
}

int ci_csv_column(char **fields, size_t n_fields, const char *name)
{
	for (size_t i = 0; i < n_fields; i++)
		if (strcmp(fields[i], name) == 0)
			return (int)i;
	return -1;
}

int ci_csv_double(const char *s, double *out)
{
	char *end;
	double v;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}
