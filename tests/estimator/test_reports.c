/* test_reports.c - the estimate step with a tiny test model, and the writers: JSON keys
 * and values, CSV parsed back with libcsv ('.' decimals), CodeCarbon columns, table. */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

#include "../harness.h"
#include "estimate.h"
#include "logtext.h"
#include "report.h"

/* A linear test model: CPU 36 W per busy CPU (0.01 Wh per CPU-second), GPU = whole
 * power of every GPU, RAM 3.6 W (0.001 Wh per second); native intensity 80 g/kWh. */
/* strtod in the C locale, whatever LC_NUMERIC the test has set. */
static double c_strtod(const char *s)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	double v = c ? strtod_l(s, NULL, c) : NAN;

	if (c)
		freelocale(c);
	return v;
}

static int lin_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
		       const struct et_params *p, struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	setup->cpu_w = 36;
	setup->native_g_per_kwh = 80;
	setup->native_source = "lin's own 80";
	return json_object_set_new(inputs, "cpu_w", json_pack("{s:f, s:s, s:s, s:s}", "value", 36.0,
							       "unit", "W", "how", "defaulted",
							       "source", "lin constant"));
}

static void lin_energy(const struct et_run_facts *facts, const struct et_params *p,
		       const struct et_model_setup *setup, const struct et_integrals *q,
		       struct et_energy *out)
{
	out->cpu_wh = q->job_cpu_s * setup->cpu_w / 3600.0;
	out->gpu_wh = 0;
	for (int i = 0; i < facts->n_gpus; i++)
		out->gpu_wh += q->gpu[i].whole_j / 3600.0;
	out->ram_wh = q->duration_s * 3.6 / 3600.0;
}

static const struct et_model lin_model = {"lin", "test model", lin_prepare, lin_energy};

/* The run of test_integrate's first case: 4.0 job CPU-s over 4.2 s, no GPU, launch at
 * 2023-11-14T22:14:58Z (23:14:58 in Paris), crossing a quarter-hour. */
static const char log_text[] = LOG_HEAD
	"E,5000,1700000098000,launch,1234\n"
	"S,5500,1700000098500,50,1000,1,60,2000,3,NA,1000,4000,16777216,8000000\n"
	"S,6500,1700000099500,150,3000,1,200,2000,3,NA,1200,4400,16777216,8000000\n"
	"S,9000,1700000102000,400,1000,1,500,4000,3,NA,1900,5400,16777216,8000000\n"
	"X,9200,1700000102200,exited,0,0,3.5,0.4,4000,0.01,0.02,1500,0,0\n";

static struct et_params params(double pue, int native)
{
	struct et_params p;

	et_params_init(&p);
	p.pue = pue;
	p.native = native;
	return p;
}

static int estimate(struct et_run *run, const struct et_params *p, struct et_model_result *res)
{
	struct et_ci_config cfg = {ET_CI_CONSTANT, 50, NULL, "/nonexistent", NULL, ET_CI_DAY};
	struct et_ci_source *ci = NULL;
	struct et_error err = ET_ERROR_INIT;
	const struct et_model *models[] = {&lin_model};
	int rc = -1;

	if (et_ci_open(&cfg, &ci, &err) == 0)
		rc = et_estimate(run, models, 1, p, ci, &cfg, res, &err);
	if (rc < 0)
		fprintf(stderr, "estimate: %s\n", err.text);
	et_ci_close(ci);
	return rc;
}

/* A second model on the same integrals: its input is looked up in a table, it has no
 * intensity of its own, and a measured input and a formula on another input that the
 * terminal does not list. */
static int lin2_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
			const struct et_params *p, struct et_model_setup *setup, json_t *inputs, struct et_error *err)
{
	setup->cpu_w = 36;
	return json_object_set_new(inputs, "cpu_tdp_w", json_pack("{s:f, s:s, s:s, s:s, s:s, s:i, s:s}",
		"value", 72.0, "unit", "W", "how", "looked up", "table", "t.csv", "row", "Test CPU",
		"line", 12, "match", "exact name"))
		| json_object_set_new(inputs, "cpu_w", json_pack("{s:f, s:s, s:s, s:s}", "value", 36.0,
			"unit", "W", "how", "derived", "source", "cpu_tdp_w / 2"))
		| json_object_set_new(inputs, "logical_cpus", json_pack("{s:f, s:s, s:s}", "value", 4.0,
			"unit", "", "how", "measured"));
}

static const struct et_model lin2_model = {"lin2", "test model 2", lin2_prepare, lin_energy};

/* Occurrences of needle in text. */
static int count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The terminal table of lin and lin2 on log_text, into text. */
static void table_text(int native, char *text, size_t size)
{
	struct et_ci_config cfg = {ET_CI_CONSTANT, 50, NULL, "/nonexistent", NULL, ET_CI_DAY};
	const struct et_model *models[] = {&lin_model, &lin2_model};
	struct et_params p = params(1.5, native);
	struct et_model_result res[2];
	struct et_report_run r = {NULL, res, 2, "job", NULL, NULL, NULL};
	struct et_ci_source *ci = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run run;
	FILE *f = tmpfile();
	size_t n = 0;

	text[0] = '\0';
	r.run = &run;
	CHECK_INT_EQ(load_text(log_text, "a.log", &run, &err), 0);
	CHECK_INT_EQ(et_ci_open(&cfg, &ci, &err), 0);
	CHECK_INT_EQ(et_estimate(&run, models, 2, &p, ci, &cfg, res, &err), 0);
	CHECK(f != NULL);
	if (f) {
		CHECK_INT_EQ(et_report_table(f, &r, 0, &err), 0);
		rewind(f);
		n = fread(text, 1, size - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	et_model_results_release(res, 2);
	et_ci_close(ci);
	et_run_release(&run);
}

/* The table says each day's intensity and each input once per run, not once per model;
 * models are named only when not all of them share a line. */
static void test_table_once(void)
{
	char text[8192];

	table_text(0, text, sizeof(text));
	CHECK_INT_EQ(count(text, "intensity 2023-11-14"), 1);
	CHECK(strstr(text, "  intensity 2023-11-14: 50.00 g/kWh, constant; --intensity 50\n") != NULL);
	CHECK(strstr(text, "  machine: Test CPU, 1 socket, 2 physical cores, 4 logical CPUs, 16.0 GB\n") != NULL);
	/* both models: 0.04 + 0.0042 = 0.0442 Wh x 1.5 = 0.0663 Wh, 4 significant digits */
	CHECK_INT_EQ(count(text, "0.06630 Wh"), 2);
	CHECK(strstr(text, "  input cpu_w = 36 W, defaulted: lin constant [lin]\n") != NULL);
	CHECK(strstr(text, "  input cpu_tdp_w = 72 W, looked up: t.csv line 12 \"Test CPU\" (exact name) [lin2]\n") != NULL);
	/* the PUE is a column; measured inputs and formulas on other inputs are JSON-only */
	CHECK(strstr(text, "pue") == NULL);
	CHECK(strstr(text, "logical_cpus") == NULL);
	CHECK(strstr(text, "cpu_tdp_w / 2") == NULL);

	/* --native: lin has its own 80 g/kWh, lin2 keeps the constant: one line each */
	table_text(1, text, sizeof(text));
	CHECK_INT_EQ(count(text, "intensity 2023-11-14"), 2);
	CHECK(strstr(text, "  intensity 2023-11-14: 80.00 g/kWh, constant; the tool's own (--native): lin's own 80 [lin]\n") != NULL);
	CHECK(strstr(text, "  intensity 2023-11-14: 50.00 g/kWh, constant; --intensity 50 [lin2]\n") != NULL);
}

static void test_estimate(void)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	struct et_model_result res[1];
	struct et_params p = params(1.5, 0);

	CHECK_INT_EQ(load_text(log_text, "a.log", &run, &err), 0);
	CHECK_INT_EQ(estimate(&run, &p, res), 0);
	/* cpu 4.0 CPU-s x 0.01 = 0.04 Wh; ram 4.2 s x 0.001 = 0.0042 Wh */
	CHECK_NEAR(res[0].energy.cpu_wh, 0.04, 1e-12);
	CHECK_NEAR(res[0].energy.ram_wh, 0.0042, 1e-12);
	/* setup.pue unset: --pue 1.5 applies: 1.5 x 0.0442 = 0.0663 Wh */
	CHECK_NEAR(res[0].pue, 1.5, 0);
	CHECK_NEAR(res[0].energy_wh, 0.0663, 1e-12);
	/* constant 50 g/kWh: 0.0663 / 1000 x 50 = 0.003315 g */
	CHECK_NEAR(res[0].intensity_g_per_kwh, 50, 1e-9);
	CHECK_NEAR(res[0].co2e_g, 0.003315, 1e-12);
	/* one Paris day, weighted with the sum of the bucket energies = the total */
	CHECK_INT_EQ(res[0].ci.n_days, 1);
	if (res[0].ci.n_days == 1) {
		CHECK_STR_EQ(res[0].ci.days[0].date, "2023-11-14");
		CHECK_NEAR(res[0].ci.days[0].energy_wh, 0.0663, 1e-12);
	}
	et_model_results_release(res, 1);

	/* --native: the model's own 80 g/kWh: 0.0663 / 1000 x 80 = 0.005304 g */
	p = params(1.5, 1);
	CHECK_INT_EQ(estimate(&run, &p, res), 0);
	CHECK_NEAR(res[0].intensity_g_per_kwh, 80, 1e-9);
	CHECK_NEAR(res[0].co2e_g, 0.005304, 1e-12);
	et_model_results_release(res, 1);
	et_run_release(&run);
}

static void test_select(void)
{
	const struct et_model *m[32];
	size_t n = 0;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(et_models_select("nosuch", m, 32, &n, &err), -1);
	CHECK_STR_EQ(err.text, "unknown model 'nosuch' (see 'etest models')");
	CHECK_INT_EQ(et_models_select("ga,", m, 32, &n, &err), -1);
	if (et_model_find("ga") && et_model_find("gpu")) {
		CHECK_INT_EQ(et_models_select("gpu,ga", m, 32, &n, &err), 0);
		CHECK_INT_EQ(n, 2);
		CHECK_STR_EQ(m[0]->name, "gpu");
		CHECK_INT_EQ(et_models_select("ga,ga", m, 32, &n, &err), -1);
	}
}

struct csv_table {
	char cells[8][40][96];
	int rows, col, max_cols;
};

static void on_cell(void *s, size_t len, void *data)
{
	struct csv_table *t = data;
	if (t->rows < 8 && t->col < 40)
		snprintf(t->cells[t->rows][t->col], 96, "%.*s", (int)len, (const char *)s);
	t->col++;
}

static void on_row(int c, void *data)
{
	struct csv_table *t = data;
	(void)c;
	if (t->col > t->max_cols)
		t->max_cols = t->col;
	t->rows++;
	t->col = 0;
}

/* Parse file with libcsv into t. Returns the number of rows. */
static int parse_csv(const char *path, struct csv_table *t)
{
	struct csv_parser p;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	memset(t, 0, sizeof(*t));
	if (!f || csv_init(&p, CSV_STRICT) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		csv_parse(&p, buf, n, on_cell, on_row, t);
	csv_fini(&p, on_cell, on_row, t);
	csv_free(&p);
	fclose(f);
	return t->rows;
}

static int column(const struct csv_table *t, const char *name)
{
	for (int c = 0; c < 40; c++)
		if (strcmp(t->cells[0][c], name) == 0)
			return c;
	return -1;
}

/* The whole of f's content (rewound), in a new string the caller frees. */
static char *slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = '\0';
	return s;
}

/* The "json" writer streams each run as it comes: its bytes are those of the whole
 * document written at once (et_report_json_write), with none, one and three runs. */
static void json_writer_streams_the_document(const struct et_report_run *r)
{
	struct et_error err = ET_ERROR_INIT;
	const struct et_writer_ops *ops = et_writer_find("json");

	CHECK(ops != NULL);
	for (int n = 0; ops && n <= 3; n += n ? 2 : 1) {
		FILE *whole = tmpfile(), *streamed = tmpfile();
		json_t *runs = json_array();
		struct et_writer w = {.ops = ops, .out = streamed};

		CHECK(whole && streamed && runs);
		if (!whole || !streamed || !runs)
			return;
		CHECK_INT_EQ(ops->begin(&w, &err), 0);
		for (int i = 0; i < n; i++) {
			json_array_append_new(runs, et_report_json_run(r));
			CHECK_INT_EQ(ops->run(&w, r, &err), 0);
		}
		CHECK_INT_EQ(ops->end(&w, &err), 0);
		ops->release(&w);
		CHECK_INT_EQ(et_report_json_write(whole, runs, &err), 0);
		char *a = slurp(whole), *b = slurp(streamed);
		CHECK(a && b && strlen(a) > 20);
		if (a && b)
			CHECK_STR_EQ(b, a);
		free(a);
		free(b);
		json_decref(runs);
		fclose(whole);
		fclose(streamed);
	}
}

static void test_writers(void)
{
	struct et_run run;
	struct et_error err = ET_ERROR_INIT;
	struct et_model_result res[1];
	struct et_params p = params(1.5, 0);
	struct et_report_run r = {&run, res, 1, "job", NULL, NULL, NULL};
	char dir[] = "/tmp/et-reports.XXXXXX", path[128], tmp[160];
	struct csv_table *t = malloc(sizeof(*t));
	const char *loc = setlocale(LC_ALL, "fr_FR.UTF-8");

	if (!loc)
		loc = setlocale(LC_ALL, "de_DE.UTF-8");
	if (!loc)
		printf("note: no fr_FR or de_DE locale here: the decimal point is checked in C only\n");
	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT_EQ(load_text(log_text, "a.log", &run, &err), 0);
	CHECK_INT_EQ(estimate(&run, &p, res), 0);

	/* JSON: keys of issue 3, values equal to what the totals give */
	json_t *runs = json_array();
	json_array_append_new(runs, et_report_json_run(&r));
	snprintf(path, sizeof(path), "%s/out.json", dir);
	FILE *f = et_report_open(path, tmp, sizeof(tmp), &err);
	CHECK(f != NULL && access(tmp, F_OK) == 0);
	CHECK_INT_EQ(et_report_json_write(f, runs, &err), 0);
	CHECK_INT_EQ(et_report_commit(f, tmp, path, &err), 0);
	CHECK(access(tmp, F_OK) != 0);
	json_decref(runs);
	json_writer_streams_the_document(&r);
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	CHECK(doc != NULL);
	json_t *run0 = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *m0 = json_array_get(json_object_get(run0, "models"), 0);
	CHECK(json_is_string(json_object_get(doc, "etest_version")));
	CHECK_STR_EQ(json_string_value(json_object_get(run0, "log")), "a.log");
	CHECK_STR_EQ(json_string_value(json_object_get(run0, "host")), "node1");
	CHECK_STR_EQ(json_string_value(json_object_get(run0, "user")), "alice");
	CHECK_STR_EQ(json_string_value(json_array_get(json_object_get(run0, "command"), 1)), "3");
	CHECK_STR_EQ(json_string_value(json_object_get(run0, "start")), "2023-11-14T22:14:58.000Z");
	CHECK_NEAR(json_number_value(json_object_get(run0, "duration_s")), 4.2, 1e-12);
	CHECK(json_is_true(json_object_get(run0, "complete")));
	json_t *cs = json_object_get(run0, "cpu_seconds");
	CHECK_NEAR(json_number_value(json_object_get(cs, "job")), 4.0, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(cs, "user")), 5.0, 1e-12);
	/* kernel: utime 3.5 + stime 0.4 */
	CHECK_NEAR(json_number_value(json_object_get(cs, "kernel")), 3.9, 1e-12);
	CHECK_STR_EQ(json_string_value(json_object_get(m0, "model")), "lin");
	CHECK_NEAR(json_number_value(json_object_get(m0, "cpu_wh")), 0.04, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "gpu_wh")), 0, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "ram_wh")), 0.0042, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "pue")), 1.5, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "energy_wh")), 0.0663, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "intensity_g_per_kwh")), 50, 1e-12);
	CHECK_NEAR(json_number_value(json_object_get(m0, "co2e_g")), 0.003315, 1e-12);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(json_object_get(m0, "inputs"),
		     "cpu_w"), "how")), "defaulted");
	json_t *ci = json_object_get(m0, "intensity");
	CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(json_object_get(ci, "days"), 0), "date")),
		     "2023-11-14");
	CHECK(json_is_string(json_object_get(ci, "basis")));
	CHECK(json_is_array(json_object_get(run0, "warnings")));
	json_decref(doc);

	/* CSV: header + one row, parsed back; numbers with '.' */
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	f = et_report_open(path, tmp, sizeof(tmp), &err);
	CHECK_INT_EQ(et_report_csv_header(f, &err), 0);
	CHECK_INT_EQ(et_report_csv_rows(f, &r, &err), 0);
	CHECK_INT_EQ(et_report_commit(f, tmp, path, &err), 0);
	CHECK_INT_EQ(parse_csv(path, t), 2);
	CHECK_INT_EQ(t->max_cols, 21);
	CHECK_STR_EQ(t->cells[1][column(t, "model")], "lin");
	CHECK_STR_EQ(t->cells[1][column(t, "command")], "sleep 3");
	CHECK_STR_EQ(t->cells[1][column(t, "energy_wh")], "0.0663");
	CHECK_STR_EQ(t->cells[1][column(t, "co2e_g")], "0.003315");
	CHECK_STR_EQ(t->cells[1][column(t, "duration_s")], "4.2");
	CHECK_STR_EQ(t->cells[1][column(t, "complete")], "true");

	/* CodeCarbon: 31 columns; energy_consumed in kWh = 0.0663 / 1000; emissions in kg */
	snprintf(path, sizeof(path), "%s/emissions.csv", dir);
	f = et_report_open(path, tmp, sizeof(tmp), &err);
	CHECK_INT_EQ(et_report_codecarbon_header(f, &err), 0);
	CHECK_INT_EQ(et_report_codecarbon_rows(f, &r, &err), 0);
	CHECK_INT_EQ(et_report_commit(f, tmp, path, &err), 0);
	CHECK_INT_EQ(parse_csv(path, t), 2);
	CHECK_INT_EQ(t->max_cols, 31);
	CHECK_STR_EQ(t->cells[1][column(t, "energy_consumed")], "6.63e-05");
	/* 0.003315 g = 3.315e-06 kg */
	CHECK_STR_EQ(t->cells[1][column(t, "emissions")], "3.315e-06");
	/* cpu_energy with PUE: 0.04 x 1.5 / 1000 = 6e-05 kWh; cpu_power 0.04 Wh x 3600 / 4.2 s */
	CHECK_STR_EQ(t->cells[1][column(t, "cpu_energy")], "6e-05");
	/* read it back in the C locale: atof would stop at the '.' under fr_FR */
	CHECK(strchr(t->cells[1][column(t, "cpu_power")], '.') != NULL);
	CHECK_NEAR(c_strtod(t->cells[1][column(t, "cpu_power")]), 0.04 * 3600 / 4.2, 1e-4);
	CHECK_STR_EQ(t->cells[1][column(t, "country_iso_code")], "FRA");
	CHECK_STR_EQ(t->cells[1][column(t, "project_name")], "energytrack/lin");

	/* table: units next to every number */
	snprintf(path, sizeof(path), "%s/table.txt", dir);
	f = fopen(path, "w+");
	CHECK_INT_EQ(et_report_table(f, &r, 0, &err), 0);
	rewind(f);
	char text[4096] = "";
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	CHECK(strstr(text, "0.06630 Wh") != NULL);
	CHECK(strstr(text, "4.2 s") != NULL);
	CHECK(strstr(text, "50.00 g/kWh") != NULL);
	CHECK(strstr(text, "CO2e (g)") != NULL);

	unlink(path);
	snprintf(path, sizeof(path), "%s/out.json", dir); unlink(path);
	snprintf(path, sizeof(path), "%s/out.csv", dir); unlink(path);
	snprintf(path, sizeof(path), "%s/emissions.csv", dir); unlink(path);
	rmdir(dir);
	setlocale(LC_ALL, "C");
	et_model_results_release(res, 1);
	et_run_release(&run);
	free(t);
}

/* The table's number styles: 's' keeps 4 significant digits and never an exponent, so
 * a 2-second run's 0.0000435 Wh does not print as 0.0000. */
static void test_number_styles(void)
{
	char b[64];

	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, 0.0000435412), "0.00004354");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, -0.0435412), "-0.04354");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, 12.3456), "12.35");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, 1234.56), "1235");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, 0.0), "0.000");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 'f', 2, 1.005e3), "1005.00");
	CHECK_STR_EQ(et_report_num(b, sizeof(b), 's', 4, NAN), "");
}

/* Text from a log made safe: valid UTF-8 for JSON (each bad byte one U+FFFD), control
 * characters shown for the terminal. */
static void test_text_safety(void)
{
	static const struct { const char *in, *want; } utf8[] = {
		{"plain", "plain"},
		{"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
		{"a\xffz", "a\xef\xbf\xbdz"},                       /* a byte never in UTF-8 */
		{"cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd"},    /* a character cut short */
		{"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},            /* overlong '/' */
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},   /* a surrogate */
		{"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},   /* > U+10FFFF */
	};
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++) {
		char *got = et_report_utf8(utf8[i].in);
		CHECK(got != NULL);
		if (got) {
			CHECK_STR_EQ(got, utf8[i].want);
			json_t *j = json_string(got);
			CHECK(j != NULL);
			json_decref(j);
		}
		free(got);
	}

	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	et_report_put_visible(f, "T4\x1b[31mRED\a\n\x7f \xc2\x9b caf\xc3\xa9");
	fclose(f);
	CHECK_STR_EQ(buf, "T4\\x1b[31mRED\\x07\\x0a\\x7f \\xc2\\x9b caf\xc3\xa9");
}

int main(void)
{
	test_text_safety();
	test_number_styles();
	test_estimate();
	test_select();
	test_writers();
	test_table_once();
	return TEST_SUMMARY();
}
