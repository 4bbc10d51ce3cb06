/* power_tables.c - loading the CPU/GPU power tables of data/power/ with libcsv into
 * struct et_power_tables, each with its matching rule and memo (see et_power_tables.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "cpu_lookup.h"
#include "et_grow.h"
#include "et_power_tables.h"

#define MAX_FIELDS 32
#define NAME_MAX_LEN 256
#define RECORD_MAX 8192    /* bytes of one record's cells; the tables' longest is ~200 */
#define STR_BLOCK_SIZE 65536   /* bytes of strings per block */

/* Strings of a table's rows, in blocks freed together (no malloc per string). */
struct et_str_block {
	struct et_str_block *next;
	size_t used;
	char data[STR_BLOCK_SIZE];
};

/* What to read from one file. */
struct table_spec {
	const char *relpath;      /* under data_dir/power/ */
	const char *label;
	int skip_rows;            /* meta rows before the header */
	const char *name_col, *watts_col;
	const char *package_col, *cores_col;   /* NULL when the file has none */
	enum et_match_rule rule;
};

/* The state of one file's parse, filled by the libcsv callbacks. */
struct table_parse {
	const struct table_spec *spec;
	struct et_power_table *table;
	size_t cap;
	char *fields[MAX_FIELDS];  /* the record's cells, in cells */
	size_t n_fields;
	char cells[RECORD_MAX];    /* the cells of the record being built, each terminated */
	size_t cells_used;
	long record;               /* 1-based record number of the record being built */
	int name_i, watts_i, package_i, cores_i;
	double watts_sum;
	int failed;                /* 1 after an allocation failure or a bad header */
	char why[160];
};

static const struct table_spec table_specs[] = {
	{"green-algorithms/v2.2/TDP_cpu.csv", "green-algorithms v2.2 TDP_cpu.csv", 1,
	 "model", "TDP_per_core", "TDP", "n_cores", ET_RULE_ETEST},
	{"green-algorithms/v3.0/TDP_cpu.csv", "green-algorithms v3.0 TDP_cpu.csv", 1,
	 "model", "TDP_per_core", "TDP", "n_cores", ET_RULE_ETEST},
	{"green-algorithms/v2.2/TDP_gpu.csv", "green-algorithms v2.2 TDP_gpu.csv", 1,
	 "model", "TDP_per_core", NULL, NULL, ET_RULE_ETEST},
	{"green-algorithms/v3.0/TDP_gpu.csv", "green-algorithms v3.0 TDP_gpu.csv", 1,
	 "model", "TDP_per_core", NULL, NULL, ET_RULE_ETEST},
	{"codecarbon/cpu_power.csv", "codecarbon v3.3.0 cpu_power.csv", 0,
	 "Name", "TDP", NULL, NULL, ET_RULE_ETEST},
	{"codecarbon/v2.2.4/cpu_power.csv", "codecarbon v2.2.4 cpu_power.csv", 0,
	 "Name", "TDP", NULL, NULL, ET_RULE_CODECARBON2},
	{"eco2ai/cpu_names.csv", "eco2ai 0.3.12 cpu_names.csv", 0,
	 "Model", "TDP", NULL, NULL, ET_RULE_ECO2AI},
	{"carbontracker/cpu_power.csv", "carbontracker 2.3.1 cpu_power.csv", 0,
	 "Name", "TDP", NULL, NULL, ET_RULE_CARBONTRACKER},
};

static struct et_power_table *table_for_spec(struct et_power_tables *t, size_t i)
{
	struct et_power_table *slots[] = {
		&t->ga_cpu[0], &t->ga_cpu[1], &t->ga_gpu[0], &t->ga_gpu[1],
		&t->codecarbon_cpu, &t->codecarbon2_cpu, &t->eco2ai_cpu, &t->carbontracker_cpu,
	};
	return slots[i];
}

/* A number from a table cell; NAN for an empty or non-numeric cell. */
static double cell_number(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return NAN;
	errno = 0;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (end == s || *end || errno)
		return NAN;
	return v;
}

/* carbontracker's reading of a TDP cell (GenericCPU.load_cpu_power_data): a range
 * written "a.b.c" is the mean of a.b and a.c ("27.29.5": (27.29 + 27.5) / 2); any other
 * cell as a number. */
static double carbontracker_cell_number(const char *s)
{
	const char *dot1 = strchr(s, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	char lower[64], upper[64];

	if (!dot2 || strchr(dot2 + 1, '.'))
		return cell_number(s);
	snprintf(lower, sizeof(lower), "%.*s", (int)(dot2 - s), s);
	snprintf(upper, sizeof(upper), "%.*s%s", (int)(dot1 - s + 1), s, dot2 + 1);
	return (cell_number(lower) + cell_number(upper)) / 2;
}

static const char *field_at(const struct table_parse *tp, int i)
{
	if (i < 0 || (size_t)i >= tp->n_fields || !tp->fields[i])
		return "";
	return tp->fields[i];
}

static void on_field(void *s, size_t len, void *data)
{
	struct table_parse *tp = data;
	char *copy;

	if (tp->failed || tp->n_fields >= MAX_FIELDS)
		return;
	if (len >= sizeof(tp->cells) - tp->cells_used) {
		tp->failed = 1;
		snprintf(tp->why, sizeof(tp->why), "record %ld is longer than %d bytes", tp->record + 1,
			 RECORD_MAX);
		return;
	}
	copy = tp->cells + tp->cells_used;
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	tp->cells_used += len + 1;
	tp->fields[tp->n_fields++] = copy;
}

static int column_index(const struct table_parse *tp, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < tp->n_fields; i++)
		if (tp->fields[i] && strcmp(tp->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static void read_header(struct table_parse *tp)
{
	const struct table_spec *sp = tp->spec;

	tp->name_i = column_index(tp, sp->name_col);
	tp->watts_i = column_index(tp, sp->watts_col);
	tp->package_i = column_index(tp, sp->package_col);
	tp->cores_i = column_index(tp, sp->cores_col);
	if (tp->name_i < 0 || tp->watts_i < 0 || (sp->package_col && tp->package_i < 0)
	    || (sp->cores_col && tp->cores_i < 0)) {
		tp->failed = 1;
		snprintf(tp->why, sizeof(tp->why), "header row lacks the columns %s and %s",
			 sp->name_col, sp->watts_col);
	}
}

/* Trim spaces at both ends of s in place; *trimmed says whether there were any. */
static char *trim(char *s, int *trimmed)
{
	char *start = s;
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	*trimmed = s != start;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
		s[--n] = '\0';
		*trimmed = 1;
	}
	return s;
}

/* libcsv's "space" test: none, so that a cell's own spaces reach trim(). */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* A copy of s in t's string blocks, or NULL out of memory. */
static char *table_strdup(struct et_power_table *t, const char *s)
{
	size_t n = strlen(s) + 1;
	struct et_str_block *b = t->strings;

	if (n > STR_BLOCK_SIZE)
		return NULL;
	if (!b || n > STR_BLOCK_SIZE - b->used) {
		if (!(b = malloc(sizeof(*b))))
			return NULL;
		b->next = t->strings;
		b->used = 0;
		t->strings = b;
	}
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return b->data + b->used - n;
}

static void add_row(struct table_parse *tp)
{
	struct et_power_table *t = tp->table;
	struct et_power_row *row;
	char buf[NAME_MAX_LEN], norm[NAME_MAX_LEN], *name;
	double watts;
	int padded;

	et_copy_str(buf, sizeof(buf), field_at(tp, tp->name_i));
	name = trim(buf, &padded);
	watts = tp->spec->rule == ET_RULE_CARBONTRACKER
		? carbontracker_cell_number(field_at(tp, tp->watts_i))
		: cell_number(field_at(tp, tp->watts_i));
	if (!*name)
		return;
	if (strcasecmp(name, "Any") == 0) {
		t->any_w = watts;
		return;
	}
	if (isnan(watts) || watts <= 0)
		return;   /* a row without a usable value cannot answer a look-up */
	struct et_power_row *grown = et_grow(t->rows, &tp->cap, t->n_rows + 1, sizeof(*grown));
	if (!grown)
		goto oom;
	t->rows = grown;
	row = &t->rows[t->n_rows];
	et_hw_name_normalise(name, norm, sizeof(norm));
	row->name = table_strdup(t, name);
	row->norm = table_strdup(t, norm);
	if (!row->name || !row->norm)
		goto oom;
	row->padded = padded;
	row->watts = watts;
	row->package_w = tp->package_i >= 0 ? cell_number(field_at(tp, tp->package_i)) : NAN;
	row->cores = tp->cores_i >= 0 ? cell_number(field_at(tp, tp->cores_i)) : NAN;
	row->line = tp->record;
	t->n_rows++;
	tp->watts_sum += watts;
	return;
oom:
	tp->failed = 1;
	snprintf(tp->why, sizeof(tp->why), "out of memory");
}

static void on_record(int c, void *data)
{
	struct table_parse *tp = data;

	(void)c;
	tp->record++;
	if (!tp->failed) {
		if (tp->record == tp->spec->skip_rows + 1)
			read_header(tp);
		else if (tp->record > tp->spec->skip_rows + 1)
			add_row(tp);
	}
	tp->n_fields = 0;
	tp->cells_used = 0;
}

static void table_release(struct et_power_table *t)
{
	while (t->strings) {
		struct et_str_block *next = t->strings->next;
		free(t->strings);
		t->strings = next;
	}
	free(t->rows);
	t->rows = NULL;
	t->n_rows = 0;
	et_lookup_memo_free(t->memo);
	t->memo = NULL;
}

/* qsort order of row pointers: by name as written (a padded cell apart), then by line. */
static int row_by_name_then_line(const void *a, const void *b)
{
	const struct et_power_row *x = *(const struct et_power_row *const *)a;
	const struct et_power_row *y = *(const struct et_power_row *const *)b;
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = x->padded - y->padded;
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Make t what carbontracker's dict of it is: one row per name (names as written), at the
 * place of its first row, with the value and line of its last; then the mean again.
 * Returns 0, or -1 out of memory. */
static int dedupe_like_a_dict(struct et_power_table *t)
{
	struct et_power_row **order = malloc(t->n_rows * sizeof(*order));
	size_t kept = 0;
	double sum = 0;

	if (!order)
		return -1;
	for (size_t i = 0; i < t->n_rows; i++)
		order[i] = &t->rows[i];
	qsort(order, t->n_rows, sizeof(*order), row_by_name_then_line);
	for (size_t i = 0; i < t->n_rows;) {
		size_t j = i;
		while (j + 1 < t->n_rows && strcmp(order[i]->name, order[j + 1]->name) == 0
		       && order[i]->padded == order[j + 1]->padded)
			j++;
		order[i]->watts = order[j]->watts;
		order[i]->line = order[j]->line;
		for (size_t k = i + 1; k <= j; k++)
			order[k]->padded = -1;   /* to drop */
		i = j + 1;
	}
	free(order);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->rows[i].padded < 0)
			continue;   /* its strings stay in the table's blocks until the table goes */
		t->rows[kept++] = t->rows[i];
		sum += t->rows[i].watts;
	}
	t->n_rows = kept;
	t->mean_w = sum / (double)kept;
	return 0;
}

/* Parse one file into table. Returns 0, or -1 with err filled. */
static int load_table(const char *data_dir, const struct table_spec *spec,
		      struct et_power_table *table, struct et_error *err)
{
	char path[2048], buf[65536];
	struct csv_parser parser;
	struct table_parse tp;
	FILE *f = NULL;
	size_t n;
	int rc = -1, parser_ready = 0;

	memset(&tp, 0, sizeof(tp));
	tp.spec = spec;
	tp.table = table;
	snprintf(table->label, sizeof(table->label), "%s", spec->label);
	table->any_w = NAN;
	table->mean_w = NAN;
	table->rule = spec->rule;
	snprintf(path, sizeof(path), "%s/power/%s", data_dir, spec->relpath);
	f = fopen(path, "rb");
	if (!f) {
		et_error_set(err, path, 0, "cannot open power table: %s", strerror(errno));
		goto out;
	}
	if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
		et_error_set(err, path, 0, "cannot start the csv parser");
		goto out;
	}
	parser_ready = 1;
	csv_set_space_func(&parser, no_space);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (csv_parse(&parser, buf, n, on_field, on_record, &tp) != n) {
			et_error_set(err, path, tp.record + 1, "csv error: %s",
				     csv_strerror(csv_error(&parser)));
			goto out;
		}
	}
	if (ferror(f)) {
		et_error_set(err, path, 0, "read error: %s", strerror(errno));
		goto out;
	}
	csv_fini(&parser, on_field, on_record, &tp);
	if (tp.failed) {
		et_error_set(err, path, 0, "%s", tp.why);
		goto out;
	}
	if (table->n_rows == 0) {
		et_error_set(err, path, 0, "power table has no rows");
		goto out;
	}
	table->mean_w = tp.watts_sum / (double)table->n_rows;
	if (spec->rule == ET_RULE_CARBONTRACKER && dedupe_like_a_dict(table) != 0) {
		et_error_set(err, path, 0, "out of memory");
		goto out;
	}
	struct et_power_row *fit = realloc(table->rows, table->n_rows * sizeof(*fit));
	if (fit)   /* the doubling's spare room back (else the rows stay where they are) */
		table->rows = fit;
	table->memo = et_lookup_memo_new();   /* NULL: look-ups go unremembered */
	rc = 0;
out:
	if (parser_ready)
		csv_free(&parser);
	if (f)
		fclose(f);
	if (rc != 0)
		table_release(table);
	return rc;
}

int et_power_tables_load(const char *data_dir, struct et_power_tables **out, struct et_error *err)
{
	struct et_power_tables *t;

	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return et_error_set(err, data_dir, 0, "out of memory");
	for (size_t i = 0; i < sizeof(table_specs) / sizeof(table_specs[0]); i++) {
		if (load_table(data_dir, &table_specs[i], table_for_spec(t, i), err) != 0) {
			et_power_tables_free(t);
			return -1;
		}
	}
	*out = t;
	return 0;
}

void et_power_tables_free(struct et_power_tables *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < sizeof(table_specs) / sizeof(table_specs[0]); i++)
		table_release(table_for_spec(t, i));
	free(t);
}
