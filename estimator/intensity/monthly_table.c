/* monthly_table.c - reading the monthly mix file and finding a month (see
 * monthly_table.h). */
#include <stdlib.h>
#include <string.h>

#include "csv_rows.h"
#include "et_grow.h"
#include "monthly_table.h"

struct monthly_state {
	const char *path;
	struct ci_monthly *out;
	int month_i, value_i, basis_i, partial_i;
	int header_seen;
};

static int on_row(char **f, size_t n, long line, void *vst, struct et_error *err)
{
	struct monthly_state *st = vst;
	struct ci_month row;
	double partial;
	char *end;

	if (!st->header_seen) {
		st->month_i = ci_csv_column(f, n, "month");
		st->value_i = ci_csv_column(f, n, "ci_recomputed_g_per_kwh");
		st->basis_i = ci_csv_column(f, n, "basis");
		st->partial_i = ci_csv_column(f, n, "partial_month");
		if (st->month_i < 0 || st->value_i < 0 || st->basis_i < 0 || st->partial_i < 0)
			return et_error_set(err, st->path, line, "header lacks month, ci_recomputed_g_per_kwh, "
					    "basis or partial_month");
		st->header_seen = 1;
		return 0;
	}
	if ((size_t)st->month_i >= n || (size_t)st->value_i >= n || (size_t)st->basis_i >= n ||
	    (size_t)st->partial_i >= n)
		return et_error_set(err, st->path, line, "missing fields");
	const char *m = f[st->month_i];
	if (strlen(m) != 7 || m[4] != '-')
		return et_error_set(err, st->path, line, "bad month '%s' (want YYYY-MM)", m);
	row.year = (int)strtol(m, &end, 10);
	if (end != m + 4)
		return et_error_set(err, st->path, line, "bad month '%s' (want YYYY-MM)", m);
	row.month = (int)strtol(m + 5, &end, 10);
	if (*end || row.month < 1 || row.month > 12)
		return et_error_set(err, st->path, line, "bad month '%s' (want YYYY-MM)", m);
	if (ci_csv_double(f[st->value_i], &row.g_per_kwh) < 0 || row.g_per_kwh < 0 ||
	    ci_csv_double(f[st->partial_i], &partial) < 0)
		return et_error_set(err, st->path, line, "bad number");
	row.partial = partial != 0;
	row.real_time = strcmp(f[st->basis_i], "real_time") == 0;
	if (!row.real_time && strcmp(f[st->basis_i], "consolidated_definitive") != 0)
		return et_error_set(err, st->path, line, "unknown basis '%s'", f[st->basis_i]);
	struct ci_month *nv = et_grow(st->out->v, &st->out->cap, st->out->n + 1, sizeof(*nv));

	if (!nv)
		return et_error_set(err, st->path, line, "out of memory");
	st->out->v = nv;
	st->out->v[st->out->n++] = row;
	return 0;
}

int ci_monthly_load(const char *path, struct ci_monthly *out, struct et_error *err)
{
	struct monthly_state st = {.path = path, .out = out};

	memset(out, 0, sizeof(*out));
	if (ci_csv_read(path, ',', on_row, &st, err) < 0) {
		ci_monthly_release(out);
		return -1;
	}
	return 0;
}

const struct ci_month *ci_monthly_find(const struct ci_monthly *m, int year, int month)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].year == year && m->v[i].month == month)
			return &m->v[i];
	return NULL;
}

void ci_monthly_release(struct ci_monthly *m)
{
	if (!m)
		return;
	free(m->v);
	memset(m, 0, sizeof(*m));
}
