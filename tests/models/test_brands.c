/* test_brands.c - CodeCarbon 2.2.4's and eco2AI 0.3.12's own matching on real brand
 * strings and table names: each TDP of cpu_brands.tsv and cpu_table_names.tsv (the tools'
 * answers) against etest's look-up; any other disagreement than eco2AI's 0 W bug fails. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_lookup.h"
#include "et_power_tables.h"
#include "harness.h"

#define CODECARBON2_UNKNOWN_W 85.0   /* CodeCarbon 2.2.4 POWER_CONSTANT, as model_codecarbon.c */
#define ECO2AI_UNKNOWN_W 100.1       /* eco2AI CONSTANT_CONSUMPTION, as model_eco2ai.c */
#define MAX_FIELDS 6

struct agreement {
	int rows, codecarbon_same, eco2ai_same, eco2ai_zero_w;
};

/* Split line (in place) on tabs into at most MAX_FIELDS fields; returns how many. */
static int split_tabs(char *line, char **f)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < MAX_FIELDS) {
		char *tab = strchr(line, '\t');
		f[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static double parse_w(const char *path, const char *s, long line)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno) {
		fprintf(stderr, "%s:%ld: bad TDP \"%s\"\n", path, line, s);
		CHECK(0);
		return NAN;
	}
	return v;
}

static void check_one(const struct et_power_tables *t, const char *path, char **f, long line,
		      struct agreement *a)
{
	struct et_match m;
	double cc_want = parse_w(path, f[1], line), eco_want = parse_w(path, f[3], line);
	double cc_got, eco_got;

	a->rows++;
	cc_got = et_power_lookup(&t->codecarbon2_cpu, f[0], &m) ? m.row->watts : CODECARBON2_UNKNOWN_W;
	if (cc_got == cc_want) {
		a->codecarbon_same++;
	} else {
		fprintf(stderr, "%s:%ld: codecarbon \"%s\": etest %g W (%s), CodeCarbon 2.2.4 %g W (%s)\n",
			path, line, f[0], cc_got, et_match_kind_name(m.kind), cc_want, f[2]);
		CHECK(0);
	}
	eco_got = et_power_lookup(&t->eco2ai_cpu, f[0], &m) ? m.row->watts : ECO2AI_UNKNOWN_W;
	if (eco_got == eco_want) {
		a->eco2ai_same++;
	} else if (eco_want == 0 && m.tool_zero_w && eco_got == ECO2AI_UNKNOWN_W) {
		/* eco2AI's 0 W bug, documented in docs/models.md: etest takes 100.1 W and
		 * says why in the input's source. */
		a->eco2ai_zero_w++;
		CHECK(et_match_note(&m) != NULL);
	} else {
		fprintf(stderr, "%s:%ld: eco2ai \"%s\": etest %g W (%s), eco2AI 0.3.12 %g W (%s)\n",
			path, line, f[0], eco_got, et_match_kind_name(m.kind), eco_want, f[4]);
		CHECK(0);
	}
}

/* Check every row of one TSV; returns its counts. */
static struct agreement check_file(const struct et_power_tables *t, const char *path)
{
	struct agreement a = {0, 0, 0, 0};
	char buf[1024], *f[MAX_FIELDS];
	long line = 0;
	int header = 0;
	FILE *in = fopen(path, "r");

	CHECK(in != NULL);
	while (in && fgets(buf, sizeof(buf), in)) {
		line++;
		if (buf[0] == '#')
			continue;
		if (!header) {
			header = 1;   /* the column names */
			continue;
		}
		if (split_tabs(buf, f) != MAX_FIELDS) {
			fprintf(stderr, "%s:%ld: want %d tab-separated fields\n", path, line, MAX_FIELDS);
			CHECK(0);
			continue;
		}
		check_one(t, path, f, line, &a);
	}
	if (in)
		fclose(in);
	return a;
}

static void print_agreement(const char *what, const struct agreement *a)
{
	printf("%s: codecarbon (CodeCarbon 2.2.4) same TDP on %d of %d (%.1f %%); eco2ai (eco2AI "
	       "0.3.12) on %d of %d (%.1f %%), %d where eco2AI takes 0 W (its bug; etest 100.1 W)\n",
	       what, a->codecarbon_same, a->rows, a->rows ? 100.0 * a->codecarbon_same / a->rows : 0,
	       a->eco2ai_same, a->rows, a->rows ? 100.0 * a->eco2ai_same / a->rows : 0,
	       a->eco2ai_zero_w);
}

int main(void)
{
	struct et_power_tables *t = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct agreement brands, names;

	if (et_power_tables_load(ET_TEST_DATA_DIR, &t, &err) != 0) {
		fprintf(stderr, "etest: %s:%ld: %s\n", err.source, err.line, err.text);
		CHECK(0);
		return TEST_SUMMARY();
	}
	brands = check_file(t, ET_BRANDS_TSV);
	print_agreement("real brand strings", &brands);
	/* The list must be large enough for a 98 % figure to mean something. */
	CHECK(brands.rows >= 200);
	CHECK(brands.codecarbon_same >= 0.98 * brands.rows);
	CHECK(brands.eco2ai_same >= 0.98 * brands.rows);
	names = check_file(t, ET_TABLE_NAMES_TSV);
	print_agreement("names of the tables", &names);
	CHECK(names.rows >= 1000);
	et_power_tables_free(t);
	return TEST_SUMMARY();
}
