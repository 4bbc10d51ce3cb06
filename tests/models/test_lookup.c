/* test_lookup.c - unit tests of the power tables (data/power/) and the CPU/GPU name
 * look-up: normalisation, exact/normalised/token matches, ambiguity, GA derivation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_lookup.h"
#include "et_power_tables.h"
#include "harness.h"
#include "model_common.h"

static void test_normalise(void)
{
	char out[256];

	et_hw_name_normalise("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "intel xeon gold 6130");
	et_hw_name_normalise("AMD EPYC 7742 64-Core Processor", out, sizeof(out));
	CHECK_STR_EQ(out, "amd epyc 7742");
	et_hw_name_normalise("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "intel core i7-8700k");
	et_hw_name_normalise("Intel\xc2\xae Xeon\xe2\x84\xa2  E5-2680 v4 3.30GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "intel xeon e5-2680 v4");
	et_hw_name_normalise("", out, sizeof(out));
	CHECK_STR_EQ(out, "");
	/* A buffer too small keeps whole words only and stays terminated. */
	et_hw_name_normalise("Intel Xeon Gold 6130", out, 12);
	CHECK_STR_EQ(out, "intel xeon");
}

static void test_real_tables(const struct et_power_tables *t)
{
	struct et_match m;

	/* Sizes: data rows of each file (GA: after the meta and header rows, less "Any"). */
	CHECK_INT_EQ(t->ga_cpu[0].n_rows, 78);     /* 79 data rows - Any */
	CHECK_INT_EQ(t->ga_cpu[1].n_rows, 94);     /* 95 - Any */
	CHECK_INT_EQ(t->ga_gpu[0].n_rows, 18);     /* 19 - Any */
	/* 4903 rows, less 4 range cells ("27.29.5") and one 0.0 W row that cannot answer. */
	CHECK_INT_EQ(t->codecarbon_cpu.n_rows, 4898);
	CHECK_NEAR(t->ga_cpu[0].any_w, 12.0, 0);
	CHECK_NEAR(t->ga_gpu[0].any_w, 200.0, 0);
	CHECK(isnan(t->codecarbon_cpu.any_w));
	CHECK_INT_EQ(t->codecarbon2_cpu.n_rows, 2153);   /* v2.2.4: every row has a number */
	CHECK_INT_EQ(t->eco2ai_cpu.n_rows, 5188);
	CHECK(t->eco2ai_cpu.n_rows > 5000);

	/* Real /proc/cpuinfo strings. */
	CHECK(et_power_lookup(&t->codecarbon_cpu, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_NORMALISED);
	CHECK_STR_EQ(m.row->name, "Intel Xeon Gold 6130");
	CHECK_NEAR(m.row->watts, 125.0, 0);
	CHECK_STR_EQ(m.table->label, "codecarbon v3.3.0 cpu_power.csv");

	CHECK(et_power_lookup(&t->codecarbon_cpu, "AMD EPYC 7742 64-Core Processor", &m));
	CHECK_STR_EQ(m.row->name, "AMD EPYC 7742");
	CHECK_NEAR(m.row->watts, 225.0, 0);
	/* eco2AI: patterns {64-Core, 7742, Core, EPYC}; only its row shares two */
	CHECK(et_power_lookup(&t->eco2ai_cpu, "AMD EPYC 7742 64-Core Processor", &m));
	CHECK_NEAR(m.row->watts, 225.0, 0);
	CHECK_INT_EQ(m.kind, ET_MATCH_PATTERNS);

	/* Exact, ignoring case. */
	CHECK(et_power_lookup(&t->ga_cpu[0], "xeon gold 6142", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_EXACT);
	CHECK_NEAR(m.row->watts, 9.4, 1e-12);

	/* GA rows have no vendor: the token match finds them. */
	CHECK(et_power_lookup(&t->ga_cpu[0], "Intel(R) Xeon(R) CPU E5-2683 v4 @ 2.10GHz", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_TOKENS);
	CHECK_STR_EQ(m.row->name, "Xeon E5-2683 v4");
	CHECK_NEAR(m.row->watts, 7.5, 1e-12);
	/* A model number the row lacks (6130 is not 6142) is never a token match. */
	CHECK(!et_power_lookup(&t->ga_cpu[0], "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));
	CHECK(!et_power_lookup(&t->ga_cpu[1], "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));
	/* v3.0 adds rows v2.2 lacks. */
	CHECK(!et_power_lookup(&t->ga_cpu[0], "AMD EPYC 7763 64-Core Processor", &m));
	CHECK(et_power_lookup(&t->ga_cpu[1], "AMD EPYC 7763 64-Core Processor", &m));
	CHECK_NEAR(m.row->watts, 4.4, 1e-12);

	/* Unknown CPU: no row anywhere. */
	CHECK(!et_power_lookup(&t->codecarbon_cpu, "Zorblax Quantum QX-9000 @ 9.99GHz", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_NONE);
	CHECK(!et_power_lookup(&t->eco2ai_cpu, "Zorblax Quantum QX-9000 @ 9.99GHz", &m));
	CHECK(!et_power_lookup(&t->ga_cpu[0], "", &m));

	/* GPUs from nvidia-smi names. */
	CHECK(et_power_lookup(&t->ga_gpu[0], "Tesla V100-SXM2-32GB", &m));
	CHECK_STR_EQ(m.row->name, "NVIDIA Tesla V100");
	CHECK_NEAR(m.row->watts, 300, 0);
	CHECK(et_power_lookup(&t->ga_gpu[0], "NVIDIA GeForce RTX 2080 Ti", &m));
	CHECK_STR_EQ(m.row->name, "NVIDIA RTX 2080 Ti");   /* not "RTX 2080": more tokens shared */
	CHECK_NEAR(m.row->watts, 250, 0);
	/* nvidia-smi's names of the two A100 boards: the PCIe one is GA's "NVIDIA A100
	 * PCIe" (250 W); the SXM4 one (400 W) has no row, and must not take the PCIe row's
	 * 250 W through the shared "a100" token. */
	CHECK(et_power_lookup(&t->ga_gpu[0], "NVIDIA A100-PCIE-40GB", &m));
	CHECK_STR_EQ(m.row->name, "NVIDIA A100 PCIe");
	CHECK_NEAR(m.row->watts, 250, 0);
	CHECK(!et_power_lookup(&t->ga_gpu[0], "NVIDIA A100-SXM4-40GB", &m));
	CHECK(!et_power_lookup(&t->ga_gpu[1], "NVIDIA A100-SXM4-80GB", &m));
	/* with no form factor in the name, the row still serves */
	CHECK(et_power_lookup(&t->ga_gpu[0], "NVIDIA A100", &m));
	CHECK_STR_EQ(m.row->name, "NVIDIA A100 PCIe");
}

/* eco2AI's and CodeCarbon 2.2.4's clean-ups, each expected value as the tools' own code
 * gives it (tools_cpu.py transform_cpu_name / get_patterns; fuzzywuzzy full_process). */
static void test_tool_cleanups(void)
{
	char out[256];

	/* "(TM)" is removed, not made a space: "Core2" stays one word. */
	et_eco2ai_clean_name("Intel(R) Core(TM)2 Quad CPU    Q6600  @ 2.40GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "Intel Core2 Quad Q6600");
	/* the bracketed part goes (QEMU's model names) */
	et_eco2ai_clean_name("Intel Xeon Processor (Skylake, IBRS)", out, sizeof(out));
	CHECK_STR_EQ(out, "Intel Xeon");
	/* " N-Core" goes for one digit only; "Eight-Core" and "64-Core" stay */
	et_eco2ai_clean_name("AMD Ryzen 5 3600 6-Core Processor", out, sizeof(out));
	CHECK_STR_EQ(out, "AMD Ryzen 5 3600");
	et_eco2ai_clean_name("AMD EPYC 7742 64-Core Processor", out, sizeof(out));
	CHECK_STR_EQ(out, "AMD EPYC 7742 64-Core");
	et_eco2ai_clean_name("AMD Ryzen 7 1700 Eight-Core Processor", out, sizeof(out));
	CHECK_STR_EQ(out, "AMD Ryzen 7 1700 Eight-Core");
	/* "[...]" and "(...)" are greedy; a word holding "CPU" goes with its clock */
	et_eco2ai_clean_name("Intel Core i7 [abc] 8700K (x) y", out, sizeof(out));
	CHECK_STR_EQ(out, "Intel Core i7 8700K y");
	et_eco2ai_clean_name("Intel Core i7-8700K CPU@3.70GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "Intel Core i7-8700K");
	/* "processor" in lower case is not "Processor": it stays */
	et_eco2ai_clean_name("Common KVM processor", out, sizeof(out));
	CHECK_STR_EQ(out, "Common KVM processor");

	/* patterns: words with a digit and families, also inside words ("Core" of "64-Core") */
	et_eco2ai_patterns("AMD EPYC 7742 64-Core", out, sizeof(out));
	CHECK_STR_EQ(out, "64-Core\n7742\nCore\nEPYC");
	et_eco2ai_patterns("Intel Xeon Platinum 8175M", out, sizeof(out));
	CHECK_STR_EQ(out, "8175M\nXeon Platinum");
	et_eco2ai_patterns("Common KVM processor", out, sizeof(out));
	CHECK_STR_EQ(out, "");

	/* CodeCarbon 2.2.4's tokens: non-alphanumerics are spaces, lowercase, sorted, once */
	et_codecarbon2_tokens("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", out, sizeof(out));
	CHECK_STR_EQ(out, "10ghz 2 6130 cpu gold intel r xeon");
	/* "®" (U+00AE) is dropped without a space, "™" (U+2122) is a separator */
	et_codecarbon2_tokens("Intel\xc2\xae Xeon\xe2\x84\xa2Gold", out, sizeof(out));
	CHECK_STR_EQ(out, "gold intel xeon");
}

/* The tools' rules on their own tables; expected values from the tools' code (see
 * cpu_brands.tsv for 425 more). */
static void test_tool_rules(const struct et_power_tables *t)
{
	struct et_match m;

	/* eco2AI: "AMD EPYC" shares the family EPYC with 187 rows: the largest, 500 W. */
	CHECK(et_power_lookup(&t->eco2ai_cpu, "AMD EPYC", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_PATTERNS);
	CHECK_STR_EQ(m.row->name, "EPYC 9755");
	CHECK_NEAR(m.row->watts, 500, 0);
	CHECK_INT_EQ(m.candidates, 187);
	/* cleaned "Intel Core2 Quad Q6600" is a row: 105 W */
	CHECK(et_power_lookup(&t->eco2ai_cpu, "Intel(R) Core(TM)2 Quad CPU    Q6600  @ 2.40GHz", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_NORMALISED);
	CHECK_NEAR(m.row->watts, 105, 0);
	/* QEMU's name cleaned to "Intel Xeon": eco2AI's generic row, 61 W */
	CHECK(et_power_lookup(&t->eco2ai_cpu, "Intel Xeon Processor (Skylake, IBRS)", &m));
	CHECK_STR_EQ(m.row->name, "Intel Xeon");
	CHECK(et_power_row_is_placeholder(m.row));
	/* "Core i5 M 520": patterns {520, Core, i5}, the one row with all three, 35 W */
	CHECK(et_power_lookup(&t->eco2ai_cpu, "Intel(R) Core(TM) i5 CPU       M 520  @ 2.40GHz", &m));
	CHECK_STR_EQ(m.row->name, "Intel Core i5 E 520");
	/* no family, no digit: eco2AI's 0 W branch, which etest does not follow */
	CHECK(!et_power_lookup(&t->eco2ai_cpu, "Common KVM processor", &m));
	CHECK_INT_EQ(m.tool_zero_w, 1);
	CHECK(et_match_note(&m) != NULL && strstr(et_match_note(&m), "0 W") != NULL);
	/* patterns that no row has: CONSTANT_CONSUMPTION, not the 0 W branch */
	CHECK(!et_power_lookup(&t->eco2ai_cpu, "QEMU Virtual CPU version 2.5+", &m));
	CHECK_INT_EQ(m.tool_zero_w, 0);
	CHECK(et_match_note(&m) == NULL);

	/* CodeCarbon 2.2.4: a row equal ignoring case ("direct"), 89 W */
	CHECK(et_power_lookup(&t->codecarbon2_cpu, "amd athlon 64 3200+", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_EXACT);
	CHECK_NEAR(m.row->watts, 89, 0);
	CHECK_STR_EQ(m.table->label, "codecarbon v2.2.4 cpu_power.csv");
	/* the one row whose tokens are all in the name */
	CHECK(et_power_lookup(&t->codecarbon2_cpu, "AMD EPYC 7742 64-Core Processor", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_TOKEN_SET);
	CHECK_NEAR(m.row->watts, 225, 0);
	/* "AMD EPYC": 59 rows hold both tokens; not unique, so none (85 W) */
	CHECK(!et_power_lookup(&t->codecarbon2_cpu, "AMD EPYC", &m));
	CHECK_INT_EQ(m.candidates, 59);
	CHECK(et_match_note(&m) != NULL);
	/* 2.2.4's table has no Xeon Gold 6130 (3.3.0's has, 125 W) */
	CHECK(!et_power_lookup(&t->codecarbon2_cpu, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));
	CHECK(et_power_lookup(&t->codecarbon_cpu, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));

	/* etest's own rule: a row's family word must be in the name. "Intel Celeron M 520"
	 * is not a "Core i5 CPU M 520" (its key token 520 matched, "celeron" did not). */
	CHECK(!et_power_lookup(&t->codecarbon_cpu, "Intel(R) Core(TM) i5 CPU       M 520  @ 2.40GHz", &m));
	/* the same table through etest's rule on the eco2AI table (the GA derivation) */
	CHECK(et_power_lookup_etest(&t->eco2ai_cpu, "AMD EPYC 7571", &m));
	CHECK_NEAR(m.row->watts, 120, 0);
	CHECK(!et_power_lookup_etest(&t->eco2ai_cpu, "Intel(R) Core(TM) i5 CPU       M 520  @ 2.40GHz", &m)
	      || strcmp(m.row->name, "Intel Celeron M 520") != 0);
}

/* Names no CPU has: very long, many words, bytes that are not UTF-8. No crash, and
 * nothing taken from a row by accident. */
static void test_odd_names(const struct et_power_tables *t)
{
	char name[2048], out[256];
	struct et_match m;
	size_t used = 0;

	for (int i = 0; used + 16 < sizeof(name); i++)
		used += (size_t)snprintf(name + used, sizeof(name) - used, "w%d (x ", i);
	CHECK(!et_power_lookup(&t->codecarbon2_cpu, name, &m));
	CHECK(!et_power_lookup(&t->eco2ai_cpu, name, &m) || m.kind == ET_MATCH_PATTERNS);
	CHECK(!et_power_lookup(&t->codecarbon_cpu, name, &m));
	et_eco2ai_clean_name(name, out, sizeof(out));
	CHECK(strlen(out) < sizeof(out));
	et_codecarbon2_tokens(name, out, sizeof(out));
	CHECK(strlen(out) < sizeof(out));
	CHECK(!et_power_lookup(&t->codecarbon2_cpu, "\xff\xfe\xc3(\xe2\x84", &m));
	CHECK(!et_power_lookup(&t->eco2ai_cpu, "\xff\xfe\xc3(\xe2\x84", &m));
	CHECK(!et_power_lookup(&t->codecarbon2_cpu, "", &m));
	CHECK(!et_power_lookup(&t->eco2ai_cpu, "", &m));
	CHECK_INT_EQ(m.tool_zero_w, 1);   /* eco2AI on an empty name: no pattern, 0 W */
	CHECK(!et_power_lookup(&t->eco2ai_cpu, NULL, &m));
}

/* The memo gives the answer a fresh look-up gives, and stays bounded. */
static void test_memo(const struct et_power_tables *t)
{
	struct et_power_table bare = t->eco2ai_cpu;
	struct et_match a, b;
	char name[64];

	bare.memo = NULL;   /* the same rows, nothing remembered */
	for (int pass = 0; pass < 2; pass++) {
		CHECK(et_power_lookup(&t->eco2ai_cpu, "AMD EPYC", &a));
		CHECK(et_power_lookup(&bare, "AMD EPYC", &b));
		CHECK(a.row == b.row && a.kind == b.kind && a.candidates == b.candidates);
		CHECK(!et_power_lookup(&t->eco2ai_cpu, "Common KVM processor", &a));
		CHECK_INT_EQ(a.tool_zero_w, 1);
	}
	/* past its bound (512 names) new names are still answered, just not kept */
	for (int i = 0; i < 700; i++) {
		snprintf(name, sizeof(name), "AMD EPYC %d", 7000 + i);
		et_power_lookup(&t->codecarbon2_cpu, name, &a);
	}
	CHECK(et_power_lookup(&t->codecarbon2_cpu, "AMD EPYC 7742 64-Core Processor", &a));
	CHECK_NEAR(a.row->watts, 225, 0);
}

/* A table built by hand for ties and duplicates. */
static void test_ties(void)
{
	struct et_power_row rows[4];
	struct et_power_table t;
	const char *names[4] = {"Foo X100 Alpha", "Foo X100 Beta", "Bar Z7 Pro", "Bar Z7 Pro"};
	double watts[4] = {10, 20, 30, 45};
	char norms[4][64];
	struct et_match m;

	memset(&t, 0, sizeof(t));
	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < 4; i++) {
		et_hw_name_normalise(names[i], norms[i], sizeof(norms[i]));
		rows[i].name = (char *)names[i];
		rows[i].norm = norms[i];
		rows[i].watts = watts[i];
	}
	snprintf(t.label, sizeof(t.label), "hand");
	t.rows = rows;
	t.n_rows = 4;
	/* "Foo X100" shares 2 tokens with Alpha and with Beta, one extra each: ambiguous. */
	CHECK(!et_power_lookup(&t, "Foo X100", &m));
	/* "Foo X100 Beta CPU" normalises to the Beta row. */
	CHECK(et_power_lookup(&t, "Foo X100 Beta CPU", &m));
	CHECK_NEAR(m.row->watts, 20, 0);
	/* Two rows of the same name: the larger TDP, as eco2AI takes the max. */
	CHECK(et_power_lookup(&t, "bar z7 pro", &m));
	CHECK_NEAR(m.row->watts, 45, 0);
	/* A row word the query lacks ("pro") is part of another model's name: no match
	 * (the "Celeron M 520" row for a "Core i5 M 520"). Extra query words are fine. */
	CHECK(!et_power_lookup(&t, "Bar Z7", &m));
	CHECK(et_power_lookup(&t, "Bar Z7 Pro Max", &m));
	CHECK_INT_EQ(m.kind, ET_MATCH_TOKENS);
	CHECK_NEAR(m.row->watts, 45, 0);
}

static void run_ga_per_core(const struct et_power_tables *t, const char *cpu, int sockets,
			    int cores, double *w, struct et_match *ga_row, json_t *inputs)
{
	struct et_run run;
	struct et_params p;
	struct et_machine mc = {sockets, cores, cores * 2};
	struct et_error err = ET_ERROR_INIT;

	memset(&run, 0, sizeof(run));
	run.facts.cpu_model = cpu;
	memset(&p, 0, sizeof(p));
	p.cpu_tdp_w = p.cpu_tdp_per_core_w = p.gpu_tdp_w = p.ram_w_per_gb = p.mem_gb = NAN;
	p.tables = t;
	CHECK_INT_EQ(et_resolve_ga_tdp_per_core(&run.facts, &p, &mc, inputs, w, ga_row, &err), 0);
}

static void test_ga_derivation(const struct et_power_tables *t)
{
	json_t *in = json_object();
	struct et_match ga_row;
	double w;

	/* In Green Algorithms v2.2: its TDP_per_core. */
	run_ga_per_core(t, "Intel(R) Xeon(R) Gold 6142 CPU @ 2.60GHz", 2, 32, &w, &ga_row, in);
	CHECK_NEAR(w, 9.4, 1e-12);
	CHECK(ga_row.kind != ET_MATCH_NONE);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "how")), "looked up");

	/* Missing from GA, in CodeCarbon: 125 W per package / (32 cores / 2 sockets) = 7.8125 W. */
	run_ga_per_core(t, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", 2, 32, &w, &ga_row, in);
	CHECK_NEAR(w, 7.8125, 1e-12);
	CHECK_INT_EQ(ga_row.kind, ET_MATCH_NONE);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "how")), "derived");
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "table")),
		     "codecarbon v3.3.0 cpu_power.csv");

	/* AMD EPYC 7742: 225 W / 64 cores per package (1 socket) = 3.515625 W. */
	run_ga_per_core(t, "AMD EPYC 7742 64-Core Processor", 1, 64, &w, &ga_row, in);
	CHECK_NEAR(w, 3.515625, 1e-12);

	/* Only in eco2AI (AMD EPYC 7571, 120 W, 32 cores): 120 / 32 = 3.75 W. */
	run_ga_per_core(t, "AMD EPYC 7571", 1, 32, &w, &ga_row, in);
	CHECK_NEAR(w, 3.75, 1e-12);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "table")),
		     "eco2ai 0.3.12 cpu_names.csv");

	/* A generic name that etest's rule finds as eco2AI's "Intel Xeon" row (61 W): no
	 * model, so no TDP per core from it: GA's "Any" row, defaulted. Same for GCP's
	 * "Intel(R) Xeon(R) CPU @ 2.20GHz". */
	run_ga_per_core(t, "Intel(R) Xeon(R) Processor", 1, 2, &w, &ga_row, in);
	CHECK_NEAR(w, 12.0, 0);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "how")), "defaulted");
	run_ga_per_core(t, "Intel(R) Xeon(R) CPU @ 2.20GHz", 1, 4, &w, &ga_row, in);
	CHECK_NEAR(w, 12.0, 0);

	/* Nowhere: GA's "Any" row, 12 W per core. */
	run_ga_per_core(t, "Zorblax Quantum QX-9000", 1, 8, &w, &ga_row, in);
	CHECK_NEAR(w, 12.0, 0);
	CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_per_core_w"), "how")), "defaulted");
	json_decref(in);
}

static void test_carbontracker_rule(const struct et_power_tables *t)
{
	const struct et_power_table *ct = &t->carbontracker_cpu;
	struct et_match m;

	/* carbontracker 2.3.1's cpu_power.csv: 3924 rows, "Intel Core i7-6700HQ" twice (45 W
	 * both, lines 2387 and 2391): its dict has 3923 names; the four range cells are the
	 * mean of their two ends ("27.29.5": (27.29 + 27.5) / 2 = 27.395); the sum of the
	 * 3923 values is 279412.49 W, so the mean is 71.224188121 W. */
	CHECK_INT_EQ(ct->n_rows, 3923);
	CHECK_NEAR(ct->mean_w, 279412.49 / 3923, 1e-9);
	CHECK(et_power_lookup(ct, "Intel Celeron 1000A", &m) && m.kind == ET_MATCH_EXACT);
	CHECK_NEAR(m.row->watts, 27.395, 1e-12);
	CHECK(et_power_lookup(ct, "Intel Core i7-6700HQ", &m) && m.row->line == 2391);
	/* The name as written: "AMD EPYC 7742" line 559, 225 W. */
	CHECK(et_power_lookup(ct, "AMD EPYC 7742", &m) && m.kind == ET_MATCH_EXACT);
	CHECK_NEAR(m.row->watts, 225, 0);
	CHECK_INT_EQ(m.row->line, 559);
	/* Real brand strings hold "(R)", "CPU", "Processor": no row holds their part before
	 * "@", so carbontracker takes its mean. */
	CHECK(!et_power_lookup(ct, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", &m));
	CHECK(!et_power_lookup(ct, "AMD EPYC 7742 64-Core Processor", &m));
	/* The part before "@", stripped, inside a name, the first in file order: "Xeon Gold
	 * 6130" is in "Intel Xeon Gold 6130" (line 3455, 125 W) before "...6130F" (3456). */
	CHECK(et_power_lookup(ct, "Xeon Gold 6130 @ 2.1GHz", &m) && m.kind == ET_MATCH_SUBSTRING);
	CHECK_INT_EQ(m.row->line, 3455);
	CHECK_NEAR(m.row->watts, 125, 0);
	/* Nothing before "@": the empty string is in every name, the first row "1075T" 95 W.
	 * An empty brand is "Unknown CPU" to carbontracker, in no row. */
	CHECK(et_power_lookup(ct, "  @ 3GHz", &m) && m.row->line == 2);
	CHECK_NEAR(m.row->watts, 95, 0);
	CHECK(!et_power_lookup(ct, "", &m));
	CHECK_STR_EQ(et_match_kind_name(ET_MATCH_SUBSTRING), "substring of the name before @");
}

/* carbontracker's rule on the 425 real brand strings of cpu_brands.tsv: only three are in
 * its table, as written or before "@" inside a name: "AMD EPYC" (in "AMD EPYC 7232P",
 * the first such row, 120 W), "AMD EPYC 7B12" (240 W) and "Apple M1" (10 W); the 422
 * others take half the mean. */
static void test_carbontracker_brands(const struct et_power_tables *t)
{
	static const struct { const char *brand, *row; double w; } found[] = {
		{"AMD EPYC", "AMD EPYC 7232P", 120}, {"AMD EPYC 7B12", "AMD EPYC 7B12", 240},
		{"Apple M1", "Apple M1", 10},
	};
	char buf[1024];
	int header = 0, brands = 0, matched = 0;
	FILE *in = fopen(ET_BRANDS_TSV, "r");
	struct et_match m;

	CHECK(in != NULL);
	while (in && fgets(buf, sizeof(buf), in)) {
		char *tab = strchr(buf, '\t');
		if (buf[0] == '#' || !tab)
			continue;
		if (!header++)
			continue;   /* the column names */
		*tab = '\0';
		brands++;
		if (!et_power_lookup(&t->carbontracker_cpu, buf, &m))
			continue;
		matched++;
		int expected = 0;
		for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++)
			if (strcmp(buf, found[i].brand) == 0) {
				expected = 1;
				CHECK_STR_EQ(m.row->name, found[i].row);
				CHECK_NEAR(m.row->watts, found[i].w, 0);
			}
		if (!expected)
			fprintf(stderr, "carbontracker rule: unexpected match %s -> %s\n", buf, m.row->name);
		CHECK(expected);
	}
	if (in)
		fclose(in);
	CHECK_INT_EQ(brands, 425);
	CHECK_INT_EQ(matched, 3);
}

static void test_load_errors(void)
{
	struct et_power_tables *t = (struct et_power_tables *)1;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(et_power_tables_load("/nonexistent-dir", &t, &err), -1);
	CHECK(t == NULL);
	CHECK(strstr(err.source, "/nonexistent-dir/power/") != NULL);
	CHECK(strstr(err.text, "cannot open power table") != NULL);
	et_power_tables_free(NULL);
}

int main(void)
{
	struct et_power_tables *t = NULL;
	struct et_error err = ET_ERROR_INIT;

	test_normalise();
	test_tool_cleanups();
	test_ties();
	test_load_errors();
	if (et_power_tables_load(ET_TEST_DATA_DIR, &t, &err) != 0) {
		fprintf(stderr, "etest: %s:%ld: %s\n", err.source, err.line, err.text);
		CHECK(0);
		return TEST_SUMMARY();
	}
	test_real_tables(t);
	test_tool_rules(t);
	test_memo(t);
	test_odd_names(t);
	test_ga_derivation(t);
	test_carbontracker_rule(t);
	test_carbontracker_brands(t);
	et_power_tables_free(t);
	return TEST_SUMMARY();
}
