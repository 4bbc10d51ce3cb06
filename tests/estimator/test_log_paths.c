/* test_log_paths.c - the reader's fast path for plain S, G, R and P lines gives the same
 * records and errors as libcsv (the reference) on every line of every log named, and on
 * edge cases. */
#include <math.h>
#include <stdlib.h>

#include "../harness.h"
#include "log_read.h"

/* Read everything from f with the fast path on or off; the records (zeroed before each
 * read, so unused bytes compare equal) go to *recs, the last status and error to *rc, *err. */
static size_t read_all(FILE *f, const char *name, int fast, struct et_log_record **recs,
		       int *rc, struct et_error *err)
{
	struct et_log_reader *r = NULL;
	size_t n = 0, cap = 0;

	*recs = NULL;
	*rc = et_log_reader_open_stream(f, name, &r, err);
	if (*rc < 0)
		return 0;
	et_log_reader_set_fast_path(r, fast);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct et_log_record *g = realloc(*recs, cap * sizeof(**recs));
			if (!g)
				abort();
			*recs = g;
		}
		memset(&(*recs)[n], 0, sizeof((*recs)[n]));
		*rc = et_log_reader_next(r, &(*recs)[n], err);
		if (*rc <= 0)
			break;
		n++;
	}
	if (*rc == 0)
		*rc = et_log_reader_truncated(r) ? 2 : 0;
	et_log_reader_close(r);
	return n;
}

/* Both paths on text (len bytes) must agree. Returns the number of records. */
static size_t compare_paths(const char *text, size_t len, const char *name)
{
	struct et_log_record *a, *b;
	struct et_error ea = ET_ERROR_INIT, eb = ET_ERROR_INIT;
	int rca, rcb;
	FILE *fa = fmemopen((void *)text, len, "r"), *fb = fmemopen((void *)text, len, "r");

	if (!fa || !fb)
		abort();
	size_t na = read_all(fa, name, 1, &a, &rca, &ea);
	size_t nb = read_all(fb, name, 0, &b, &rcb, &eb);
	CHECK_INT_EQ(na, nb);
	CHECK_INT_EQ(rca, rcb);
	CHECK_STR_EQ(ea.text, eb.text);
	for (size_t i = 0; i < na && i < nb; i++) {
		if (memcmp(&a[i], &b[i], sizeof(a[i])) != 0) {
			fprintf(stderr, "%s: record %zu (line %ld) differs between the paths\n",
				name, i, a[i].line);
			CHECK(0);
			break;
		}
	}
	free(a);
	free(b);
	fclose(fa);
	fclose(fb);
	return na;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 65536;
			char *g = realloc(buf, cap);
			if (!g)
				abort();
			buf = g;
		}
		size_t got = fread(buf + *len, 1, cap - *len, f);
		if (got == 0)
			break;
		*len += got;
	}
	fclose(f);
	return buf;
}

#define HEAD "etrec-log 1\n{\"format\":\"etrec-log\",\"version\":\"1.1\"}\n" \
	"C,S,t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib\n" \
	"C,G,t_mono_ms,t_utc_ms,phase,gpu_index,power_w\n" \
	"C,R,t_mono_ms,t_utc_ms,zone,energy_uj\n" \
	"C,P,t_mono_ms,t_utc_ms,gpu_index,job_sm_pct,all_sm_pct\n"

/* Lines at the edge of the fast path: each after HEAD, alone. */
static const char *const edge_lines[] = {
	"S,1,2,3,4\n", "S,1,2,NA,NA\n", "S,1,2,,4\n", "S,1,2,3,4,\n", "S,1,2,3\n",
	"S,1,2,3,4,5,6\n", "S,1, 2,3,4\n", "S,1,2\t,3,4\n", "S,1,2,3,4\r\n", "S,1,\"2\",3,4\n",
	"S,1,2,1e3,-0\n", "S,1,2,.5,5.\n", "S,1,2,0x10,4\n", "S,1,2,1e999,nan\n",
	"S,1.5,2,3,4\n", "S,NA,2,3,4\n", "S,,2,3,4\n", "S,1,2,12345678901234567,4\n",
	"S,99999999999999999999,2,3,4\n", "S,1,2,3,4\xc3\xa9\n", "S,\n", "S,,,,,,\n",
	"G,1,2,run,0,250.5\n", "G,1,2,idle,0,NA\n", "G,1,2,other,0,1\n", "G,1,2,run,NA,1\n",
	"G,1,2,run,1.5,1\n", "G,1,2,run,3000000000,1\n", "G,1,2,,0,1\n", "G,1,2,run,0,1,x,y\n",
	"G,1,2,\"run\",0,1\n", "G,1,2,run,0,-1.25\n", "G,1,2,run,0,+1\n",
	"S,1,2,-.5,1.2.3\n", "S,1,2,--5,-\n", "S,1,2,007,-0.0\n", "S,1,2,1234567890123456,4\n",
	"S,1,2,123456789012345,12345678901234.5\n", "S,1,2,1234567890123.45,0.000000000000001\n",
	"S,-5,2,3,4\n", "S,1.0,2,3,4\n", "S,9000000000000001,2,3,4\n", "G,1,2,run,-3,1\n",
	"G,1,2,run,2000000000,1\n", "G,1,2,run,2000000001,1\n", "G,1,2,run,0.0,1\n",
	"G,1,2,run,0,1e2\n", "S,1,2,3,4\x7f\n", "S,1,2,3,4\f\n", "S,1,2,3,\xff\xfe\n",
	"G,1,2,NA,0,1\n", "G,1,2,Run,0,1\n", "G,1,2,runs,0,1\n", "G,1,2,ru,0,1\n",
	"G,1,2,idle2,0,1\n", "G,1,2,-idle,0,1\n", "G,1,2,0,0,1\n", "G,1,2,run,idle,1\n",
	"S,1,2,run,idle\n", "S,1,2,12.,-5.\n", "S,1,2,-,3\n", "G,1,2,run,-0,1\n",
	/* format 1.2: R (an integer zone) and P (an integer GPU index) take the fast path too */
	"R,1,2,0,123456\n", "R,1,2,NA,5\n", "R,1,2,1.5,5\n", "R,1,2,3000000000,5\n",
	"R,1,2,-1,NA\n", "R,1,2,0,12.5e3\n", "R,1,2,0,1234567890123456\n", "R,1,2,0\n",
	"R,1,2,0,5,6\n", "R,1,2,0,-0.25\n", "R,1,2,\"0\",5\n", "P,1,2,0,50,100\n",
	"P,1,2,0,NA,NA\n", "P,1,2,0,.5,1\n", "P,1,2,x,1,1\n", "P,1,2,0,1, 2\n",
	"P,1,2,2000000001,1,1\n", "P,1,2,2,12.25,37.5\n",
};

int main(int argc, char **argv)
{
	size_t total = 0;

	for (int i = 1; i < argc; i++) {
		size_t len;
		char *text = slurp(argv[i], &len);
		CHECK(text != NULL);
		if (!text)
			continue;
		total += compare_paths(text, len, argv[i]);
		free(text);
	}
	/* the logs hold records: the comparison compared something */
	CHECK(argc < 2 || total > 100);
	for (size_t i = 0; i < sizeof(edge_lines) / sizeof(edge_lines[0]); i++) {
		char text[512];
		int n = snprintf(text, sizeof(text), "%s%s", HEAD, edge_lines[i]);
		compare_paths(text, (size_t)n, edge_lines[i]);
		/* with a NUL byte in the middle of a value */
		char *nl = strchr(text + sizeof(HEAD) - 1, ',');
		if (nl && nl[1]) {
			nl[1] = '\0';
			compare_paths(text, (size_t)n, "nul byte");
		}
	}
	/* what the fast path stores for plain R and P lines, checked by hand (the paths agree
	 * above, this says they are right) */
	static const char rp[] = HEAD "R,10,20,3,123456.5\nP,30,40,2,12.25,37.5\n";
	struct et_log_record *recs;
	struct et_error err = ET_ERROR_INIT;
	int rc;
	FILE *f = fmemopen((void *)rp, sizeof(rp) - 1, "r");
	CHECK(f != NULL);
	if (f) {
		size_t n = read_all(f, "rp", 1, &recs, &rc, &err);
		CHECK_INT_EQ(n, 2);
		CHECK_INT_EQ(rc, 0);
		if (n == 2) {
			CHECK_INT_EQ(recs[0].kind, ET_LOG_RAPL);
			CHECK_INT_EQ(recs[0].u.r.t_mono_ms, 10);
			CHECK_INT_EQ(recs[0].u.r.zone, 3);
			CHECK(recs[0].u.r.energy_uj == 123456.5);
			CHECK_INT_EQ(recs[1].kind, ET_LOG_PROC);
			CHECK_INT_EQ(recs[1].u.p.t_utc_ms, 40);
			CHECK_INT_EQ(recs[1].u.p.gpu_index, 2);
			CHECK(recs[1].u.p.job_sm_pct == 12.25 && recs[1].u.p.all_sm_pct == 37.5);
			CHECK(isnan(recs[1].u.p.user_sm_pct));   /* no such column: unknown */
		}
		free(recs);
		fclose(f);
	}
	/* a G record before any column record of its kind: the same message on both paths */
	static const char no_g[] = "etrec-log 1\n{\"format\":\"etrec-log\",\"version\":\"1.1\"}\n"
		"C,S,t_mono_ms,t_utc_ms\nG,1,2,run,0,1\nS,1,2\n";
	CHECK_INT_EQ(compare_paths(no_g, sizeof(no_g) - 1, "no C,G"), 0);
	/* a CR then an open quote inside a line libcsv reads: its state must not leak into
	 * the next lines, which the fast path reads (found by the fuzzer) */
	static const char cr_quote[] = HEAD "E,1,2,launch,\r\"x,y\nS,3,4,5,6\nS,5,6,7,8\n";
	CHECK_INT_EQ(compare_paths(cr_quote, sizeof(cr_quote) - 1, "CR quote"), 0);
	return TEST_SUMMARY();
}
