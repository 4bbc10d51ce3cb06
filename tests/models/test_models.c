/* test_models.c - unit tests of the seven models' prepare+energy on runs filled by hand:
 * expected Wh computed by hand next to each check, linearity, scopes, overrides, --native. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "et_model.h"
#include "et_power_tables.h"
#include "harness.h"
#include "hand_run.h"
#include "model_common.h"

#define TOL 1e-9

static const struct et_power_tables *tables;


/* Run model name on h under p: prepare, energy of the total, and check that the two
 * buckets add up to the total (linearity). Returns the setup through *setup if not NULL. */
static struct et_energy run_model(const char *name, const struct hand_run *h,
				  const struct et_params *p, struct et_model_setup *setup_out,
				  json_t **inputs_out)
{
	const struct et_model *m = et_model_find(name);
	struct et_model_setup setup;
	struct et_energy total = {0, 0, 0}, e1 = {0, 0, 0}, e2 = {0, 0, 0};
	struct et_error err = ET_ERROR_INIT;
	json_t *inputs = json_object();

	CHECK(m != NULL);
	if (!m)
		return total;
	CHECK_INT_EQ(m->prepare(&h->run.facts, &h->run.integrals.total, p, &setup, inputs, &err), 0);
	m->energy(&h->run.facts, p, &setup, &h->run.integrals.total, &total);
	m->energy(&h->run.facts, p, &setup, &h->b[0], &e1);
	m->energy(&h->run.facts, p, &setup, &h->b[1], &e2);
	CHECK_NEAR(e1.cpu_wh + e2.cpu_wh, total.cpu_wh, TOL);
	CHECK_NEAR(e1.gpu_wh + e2.gpu_wh, total.gpu_wh, TOL);
	CHECK_NEAR(e1.ram_wh + e2.ram_wh, total.ram_wh, TOL);
	if (setup_out)
		*setup_out = setup;
	if (inputs_out)
		*inputs_out = inputs;
	else
		json_decref(inputs);
	return total;
}

static const char *input_how(json_t *inputs, const char *key)
{
	return json_string_value(json_object_get(json_object_get(inputs, key), "how"));
}

static void test_table(void)
{
	const char *names[] = {"ga", "greenalgorithms", "codecarbon", "codecarbon3", "eco2ai",
			       "carbontracker", "gpu", "eit"};
	int n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct et_model *m = et_model_find(names[i]);
		CHECK(m != NULL && strcmp(m->name, names[i]) == 0);
		CHECK(m != NULL && m->summary && strlen(m->summary) > 40 && strchr(m->summary, '='));
	}
	while (et_models[n])
		n++;
	CHECK_INT_EQ(n, 7);   /* --model all; eit is named only */
	CHECK(et_models_named[0] == et_model_find("eit") && et_models_named[1] == NULL);
	CHECK(et_model_find("nope") == NULL);
	CHECK(et_model_find(NULL) == NULL);
}

static void test_job_scope(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);

	/* ga: TDP/core derived from CodeCarbon 125 W / (32/2) = 7.8125 W; per busy logical CPU
	 * 7.8125 x 32 / 64 = 3.90625 W; job CPU-s 3600 + 1800 = 5400 -> 3.90625 x 5400 / 3600
	 * = 5.859375 Wh. GPU above idle while the job is on it: GPU0 (200-50) x 1800 +
	 * (100-50) x 1800 = 360000 J = 100 Wh; GPU1 0. RAM 0.3725 x (2 x 1800 + 1 x 1800)
	 * GiB.s / 3600 = 0.3725 x 1.5 = 0.55875 Wh. */
	e = run_model("ga", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 5.859375, TOL);
	CHECK_NEAR(e.gpu_wh, 100.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.55875, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_per_core_w"), "derived");
	CHECK_STR_EQ(input_how(in, "ram_w_per_gb"), "defaulted");
	CHECK_STR_EQ(input_how(in, "cpu_seconds"), "measured");
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(in, "cpu_seconds"), "value")), 5400, TOL);
	json_decref(in);

	/* greenalgorithms: CPU 7.8125 W/core x 5400 CPU-s / 3600 = 11.71875 Wh. GPUs used by
	 * the job: GPU0 only, "Tesla V100-SXM2-32GB" -> GA row "NVIDIA Tesla V100" 300 W;
	 * util integral 80 x 1800 + 20 x 1800 = 180000 %.s -> 300 x 1800 W.s = 150 Wh. RAM
	 * 0.3725 x 128 GB x 1 h = 47.68 Wh. */
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 11.71875, TOL);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);
	CHECK_NEAR(e.ram_wh, 47.68, TOL);
	CHECK_INT_EQ(json_array_size(json_object_get(in, "gpu_tdp_w")), 1);
	CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(json_object_get(in, "gpu_tdp_w"), 0), "row")),
		     "NVIDIA Tesla V100");
	json_decref(in);

	/* codecarbon: CodeCarbon 2.2.4's table has no Xeon Gold 6130 (no row equal, none
	 * whose tokens fit), so its POWER_CONSTANT 85 W: 0.5 x 85 W x 1 h = 42.5 Wh. GPU every
	 * GPU whole: GPU0 200 x 1800 + 100 x 1800 = 540000 J, GPU1 60 x 3600 = 216000 J ->
	 * 756000 J = 210 Wh. RAM 0.375 x 128 GB x 1 h = 48 Wh. */
	e = run_model("codecarbon", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(e.ram_wh, 48.0, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_package_w"), "defaulted");
	CHECK(strstr(json_string_value(json_object_get(json_object_get(in, "cpu_tdp_package_w"), "source")),
		     "POWER_CONSTANT") != NULL);
	json_decref(in);

	/* codecarbon3: TDP 125 x 2 sockets = 250 W; CPU 250 x (0.1 x 3600 + 0.9 x (225 + 1.8))
	 * / 3600 = 250 x 564.12 / 3600 = 39.175 Wh. GPU 210 Wh. RAM 128 GB -> 8 DIMMs -> 20 +
	 * 4.5 x 4 = 38 W x 1 h = 38 Wh. */
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 39.175, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(e.ram_wh, 38.0, TOL);

	/* eco2ai: TDP 125 x 2 sockets = 250 W over 64 logical CPUs = 3.90625 W per busy CPU;
	 * x 5400 CPU-s / 3600 = 5.859375 Wh. GPU 210 Wh. RAM 0.375 x 1.5 GiB.h = 0.5625 Wh. */
	e = run_model("eco2ai", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 5.859375, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.5625, TOL);

	/* carbontracker: its own table has neither "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz"
	 * nor a row holding "Intel(R) Xeon(R) Gold 6130 CPU": half its mean TDP, 279412.49 W /
	 * 3923 names / 2 = 35.612094061 W x 1 h = 35.612094061 Wh. Every GPU it sees
	 * (devices_by_pid False; the hand run has no scheduler object, so CUDA_VISIBLE_DEVICES
	 * is taken as not set): GPU0 540000 J + GPU1 216000 J = 756000 J = 210 Wh, the job's
	 * or not. No RAM. */
	e = run_model("carbontracker", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 279412.49 / 3923 / 2, 1e-9);
	CHECK_NEAR(e.cpu_wh, 35.612094061, 1e-8);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.0, TOL);

	/* gpu: GPU0 whole 150 Wh, nothing else. */
	e = run_model("gpu", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 0.0, TOL);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.0, TOL);
}

static void test_user_scope(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_USER, tables);

	/* ga: user CPU-s 5400 + 1800 = 7200 -> 3.90625 x 2 h = 7.8125 Wh. GPU above idle while
	 * a user process is on it: GPU0 360000 J = 100 Wh; GPU1 at idle 0. RAM 0.3725 x
	 * (4 x 1800 + 1 x 1800) / 3600 GiB.h = 0.3725 x 2.5 = 0.93125 Wh. */
	e = run_model("ga", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 7.8125, TOL);
	CHECK_NEAR(e.gpu_wh, 100.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.93125, TOL);

	/* greenalgorithms: 7.8125 x 2 h = 15.625 Wh; GPUs the user used: GPU0 150 Wh, GPU1
	 * (A100 row 250 W) util 0 -> 0; RAM unchanged 47.68 Wh. */
	e = run_model("greenalgorithms", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 15.625, TOL);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);
	CHECK_NEAR(e.ram_wh, 47.68, TOL);

	/* eco2ai: 3.90625 x 2 h = 7.8125 Wh; RAM 0.375 x 2.5 = 0.9375 Wh. */
	e = run_model("eco2ai", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 7.8125, TOL);
	CHECK_NEAR(e.ram_wh, 0.9375, TOL);

	/* carbontracker and gpu: the user ran on both GPUs -> whole 540000 + 216000 J = 210 Wh,
	 * over the whole run (not only while used). */
	e = run_model("carbontracker", &h, &p, NULL, NULL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	e = run_model("gpu", &h, &p, NULL, NULL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);

	/* Machine-wide models do not change with the scope: codecarbon CPU 42.5 Wh. */
	e = run_model("codecarbon", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
}

static void test_overrides(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");

	/* --cpu-tdp 200 W, the whole machine. ga: 200 / 32 = 6.25 W/core; x 32 / 64 = 3.125 W
	 * per busy CPU x 1.5 h = 4.6875 Wh. codecarbon 0.5 x 200 = 100 W x 1 h = 100 Wh.
	 * codecarbon3 200 (not x 2 sockets) x 564.12 / 3600 = 31.34 Wh. eco2ai 200 / 64 x
	 * 1.5 h = 4.6875 Wh. carbontracker 200 / 2 x 1 h = 100 Wh. */
	params_init(&p, ET_SCOPE_JOB, tables);
	p.cpu_tdp_w = 200;
	e = run_model("ga", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 4.6875, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_per_core_w"), "derived");
	json_decref(in);
	e = run_model("codecarbon", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 100.0, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_w"), "overridden");
	json_decref(in);
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 31.34, TOL);
	e = run_model("eco2ai", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 4.6875, TOL);
	e = run_model("carbontracker", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 100.0, TOL);

	/* --cpu-tdp-per-core 10 W. ga: 10 x 32 / 64 = 5 W x 1.5 h = 7.5 Wh. greenalgorithms
	 * 10 x 1.5 h = 15 Wh. codecarbon machine 10 x 32 = 320 W, x 0.5 x 1 h = 160 Wh. */
	params_init(&p, ET_SCOPE_JOB, tables);
	p.cpu_tdp_per_core_w = 10;
	e = run_model("ga", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 7.5, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_per_core_w"), "overridden");
	json_decref(in);
	e = run_model("greenalgorithms", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 15.0, TOL);
	e = run_model("codecarbon", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 160.0, TOL);

	/* --gpu-tdp 250 W: greenalgorithms GPU 250 x 1800 W.s (util 50 % mean over 1 h) =
	 * 125 Wh. gpu (measured) unchanged, 150 Wh. */
	params_init(&p, ET_SCOPE_JOB, tables);
	p.gpu_tdp_w = 250;
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.gpu_wh, 125.0, TOL);
	CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(json_object_get(in, "gpu_tdp_w"), 0), "how")),
		     "overridden");
	json_decref(in);
	e = run_model("gpu", &h, &p, NULL, NULL);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);

	/* --ram-w-per-gb 0.5: ga 0.5 x 1.5 GiB.h = 0.75 Wh; codecarbon 0.5 x 128 x 1 h = 64 Wh;
	 * codecarbon3 likewise 64 Wh (replaces the DIMM heuristic); eco2ai 0.75 Wh. */
	params_init(&p, ET_SCOPE_JOB, tables);
	p.ram_w_per_gb = 0.5;
	e = run_model("ga", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 0.75, TOL);
	e = run_model("codecarbon", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 64.0, TOL);
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 64.0, TOL);
	e = run_model("eco2ai", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 0.75, TOL);

	/* --mem-gb 16: greenalgorithms 0.3725 x 16 x 1 h = 5.96 Wh; codecarbon 0.375 x 16 =
	 * 6 Wh; codecarbon3 16 GB -> 2 DIMMs -> 10 W -> 10 Wh; ga uses RSS: 0.55875 Wh. */
	params_init(&p, ET_SCOPE_JOB, tables);
	p.mem_gb = 16;
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.ram_wh, 5.96, TOL);
	CHECK_STR_EQ(input_how(in, "mem_gb"), "overridden");
	json_decref(in);
	e = run_model("codecarbon", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 6.0, TOL);
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 10.0, TOL);
	e = run_model("ga", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 0.55875, TOL);
}

static void test_defaults(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Zorblax Quantum QX-9000 @ 9.99GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	/* ga: GA "Any" 12 W/core x 32 / 64 = 6 W x 1.5 h = 9 Wh. */
	e = run_model("ga", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 9.0, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_per_core_w"), "defaulted");
	json_decref(in);
	/* codecarbon: 85 W x 0.5 x 1 h = 42.5 Wh. */
	e = run_model("codecarbon", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_package_w"), "defaulted");
	json_decref(in);
	/* codecarbon3: 4 W x 64 threads = 256 W x 2 sockets = 512 W x 564.12 / 3600 =
	 * 80.2304 Wh. */
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 80.2304, TOL);
	/* eco2ai: 100.1 x 2 sockets = 200.2 W / 64 x 1.5 h = 4.6921875 Wh. */
	e = run_model("eco2ai", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 4.6921875, TOL);
	/* carbontracker: half the mean TDP of its table, 279412.49 / 3923 / 2 = 35.612094061 W
	 * x 1 h = 35.612094061 Wh. */
	e = run_model("carbontracker", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 35.612094061, 1e-8);
	/* A name carbontracker has as written: "AMD EPYC 7742" 225 W / 2 x 1 h = 112.5 Wh. */
	hand_run_init(&h, "AMD EPYC 7742");
	CHECK_NEAR(run_model("carbontracker", &h, &p, NULL, NULL).cpu_wh, 112.5, TOL);

	/* GPU TDP chain: an unknown GPU name uses power_limit_w (derived), then "Any" 200 W.
	 * GPU0 renamed: power_limit 300 -> 300 x 1800 W.s = 150 Wh; without it 200 x 1800 =
	 * 100 Wh. */
	snprintf(h.run.facts.gpus[0].name, sizeof(h.run.facts.gpus[0].name), "Mystery Accelerator 9");
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);
	CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(json_object_get(in, "gpu_tdp_w"), 0), "how")),
		     "derived");
	json_decref(in);
	h.run.facts.gpus[0].power_limit_w = NAN;
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.gpu_wh, 100.0, TOL);
	CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(json_object_get(in, "gpu_tdp_w"), 0), "how")),
		     "defaulted");
	json_decref(in);
}

static void test_native(void)
{
	struct { const char *model; double pue, g; } want[] = {
		{"ga", 1.67, 51.28}, {"greenalgorithms", 1.67, 51.28},
		{"codecarbon", 1.0, 58.034}, {"codecarbon3", 1.0, 56.039},
		{"eco2ai", 1.0, 67.53}, {"carbontracker", 1.58, 56.04}, {"gpu", 1.5, NAN},
	};
	struct hand_run h;
	struct et_params p;
	struct et_model_setup s;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		params_init(&p, ET_SCOPE_JOB, tables);
		run_model(want[i].model, &h, &p, &s, NULL);
		CHECK_NEAR(s.pue, 1.5, 0);                /* without --native: --pue */
		CHECK(isnan(s.native_g_per_kwh));
		p.native = 1;
		run_model(want[i].model, &h, &p, &s, NULL);
		CHECK_NEAR(s.pue, want[i].pue, 0);
		if (isnan(want[i].g))
			CHECK(isnan(s.native_g_per_kwh));
		else
			CHECK_NEAR(s.native_g_per_kwh, want[i].g, 0);
	}
}

static void test_codecarbon3_ram(void)
{
	/* methods.md 2.5: <=16 GB 10 W; 17-64 GB 20 W; 65-128 GB 38 W; 192 GB 54 W (16 GB
	 * slots: 12 DIMMs, 38 + 4 x 4); 256 GB 38 W (32 GB slots: 8 DIMMs); 2048 GB 70 W
	 * (128 GB slots: 16 DIMMs, 38 + 4 x 8). */
	CHECK_NEAR(et_codecarbon3_ram_w(1), 10, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(16), 10, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(32), 20, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(64), 20, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(128), 38, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(192), 54, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(256), 38, 0);
	CHECK_NEAR(et_codecarbon3_ram_w(2048), 70, 0);
	/* 4096 GB: 128 GB slots, 32 DIMMs -> 70 + 3.5 x 16 = 126 W. */
	CHECK_NEAR(et_codecarbon3_ram_w(4096), 126, 0);
}

/* The "source" of input key. */
static const char *input_source(json_t *inputs, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(inputs, key), "source"));
	return s ? s : "";
}

static double input_value(json_t *inputs, const char *key)
{
	return json_number_value(json_object_get(json_object_get(inputs, key), "value"));
}

static void test_codecarbon_process_mode(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	p.codecarbon_mode = ET_CODECARBON_PROCESS;
	/* Process mode: RAM = 0.375 W/GB x the job's RSS: (2 GiB x 1800 s + 1 GiB x 1800 s)
	 * = 5400 GiB.s = 1.5 GiB.h -> 0.5625 Wh (machine mode: 0.375 x 128 GB x 1 h = 48 Wh).
	 * CPU (0.5 x 85 W x 1 h = 42.5 Wh) and GPUs (every GPU, 210 Wh) as in machine mode.
	 * Mean RSS 5400 / 3600 = 1.5 GB. */
	e = run_model("codecarbon", &h, &p, NULL, &in);
	CHECK_NEAR(e.ram_wh, 0.5625, TOL);
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(input_value(in, "mean_rss_gb"), 1.5, TOL);
	CHECK_STR_EQ(input_how(in, "mean_rss_gb"), "derived");
	CHECK(json_object_get(in, "mem_gb") == NULL);
	json_decref(in);
	/* --mem-gb does not apply to the process's RSS: still 0.5625 Wh. --ram-w-per-gb 0.5:
	 * 0.5 x 1.5 = 0.75 Wh. */
	p.mem_gb = 16;
	CHECK_NEAR(run_model("codecarbon", &h, &p, NULL, NULL).ram_wh, 0.5625, TOL);
	p.ram_w_per_gb = 0.5;
	CHECK_NEAR(run_model("codecarbon", &h, &p, NULL, NULL).ram_wh, 0.75, TOL);
	/* User scope: (4 x 1800 + 1 x 1800) GiB.s = 2.5 GiB.h -> 0.375 x 2.5 = 0.9375 Wh. */
	params_init(&p, ET_SCOPE_USER, tables);
	p.codecarbon_mode = ET_CODECARBON_PROCESS;
	CHECK_NEAR(run_model("codecarbon", &h, &p, NULL, NULL).ram_wh, 0.9375, TOL);
	/* The default is CodeCarbon's own, machine: 48 Wh. */
	et_params_init(&p);
	p.tables = tables;
	CHECK_INT_EQ(p.codecarbon_mode, ET_CODECARBON_MACHINE);
	CHECK_NEAR(run_model("codecarbon", &h, &p, NULL, NULL).ram_wh, 48.0, TOL);
}

/* carbontracker's GPU Wh on the hand run with CUDA_VISIBLE_DEVICES = cvd (the scheduler
 * object present); *source gets the gpus_counted source (static copy). */
static double carbontracker_gpu_wh(struct hand_run *h, const struct et_params *p,
				   const char *cvd, char *source, size_t n)
{
	json_t *in = NULL;
	double wh;

	h->run.facts.scheduler_known = 1;
	h->run.facts.cuda_visible_devices = cvd;
	wh = run_model("carbontracker", h, p, NULL, &in).gpu_wh;
	snprintf(source, n, "%s", input_source(in, "gpus_counted"));
	json_decref(in);
	return wh;
}

static void test_carbontracker_devices(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	char src[512];
	json_t *in;

	/* GPU0 whole 540000 J = 150 Wh, GPU1 whole 60 W x 3600 s = 216000 J = 60 Wh. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	/* Not set: both, 210 Wh. */
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, NULL, src, sizeof(src)), 210.0, TOL);
	CHECK(strstr(src, "was not set") != NULL);
	/* NVML indices listed: "0" -> 150 Wh; "1" -> 60 Wh (GPU1 never ran the job: counted
	 * anyway); " 1 , 0" and "+1,0" (Python's int() takes blanks and a sign) -> 210 Wh. */
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "0", src, sizeof(src)), 150.0, TOL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "1", src, sizeof(src)), 60.0, TOL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, " 1 , 0", src, sizeof(src)), 210.0, TOL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "+1,0", src, sizeof(src)), 210.0, TOL);
	/* Not a list of integers (UUIDs, empty, a trailing comma): carbontracker's int()
	 * fails, it ignores the variable and reads every GPU: 210 Wh. */
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "GPU-aaa", src, sizeof(src)), 210.0, TOL);
	CHECK(strstr(src, "not a list of integers") != NULL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "", src, sizeof(src)), 210.0, TOL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "0,1,", src, sizeof(src)), 210.0, TOL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "2,GPU-x", src, sizeof(src)), 210.0, TOL);
	/* An index the log has no GPU for (2, -1): NVML's handle look-up fails and
	 * carbontracker has no GPU component: 0 Wh. */
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "0,2", src, sizeof(src)), 0.0, TOL);
	CHECK(strstr(src, "no GPU") != NULL);
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "-1", src, sizeof(src)), 0.0, TOL);
	/* Listed twice: counted once here (carbontracker twice), and said so. */
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "0,0", src, sizeof(src)), 150.0, TOL);
	CHECK(strstr(src, "listed twice") != NULL);
	/* Header without a scheduler object: not known, taken as not set: 210 Wh. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	in = NULL;
	CHECK_NEAR(run_model("carbontracker", &h, &p, NULL, &in).gpu_wh, 210.0, TOL);
	CHECK(strstr(input_source(in, "gpus_counted"), "does not say") != NULL);
	CHECK_NEAR(input_value(in, "gpus_counted"), 2, 0);
	json_decref(in);

	/* --carbontracker-devices by-pid: the GPUs the scope ran on, whole over the run: job
	 * GPU0 150 Wh; user GPU0 and GPU1 (a user process for 900 s) 210 Wh. CUDA_VISIBLE_DEVICES
	 * plays no part ("1" would otherwise give 60 Wh). */
	p.carbontracker_devices = ET_CARBONTRACKER_BY_PID;
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "1", src, sizeof(src)), 150.0, TOL);
	CHECK(strstr(src, "by-pid") != NULL);
	params_init(&p, ET_SCOPE_USER, tables);
	p.carbontracker_devices = ET_CARBONTRACKER_BY_PID;
	CHECK_NEAR(carbontracker_gpu_wh(&h, &p, "1", src, sizeof(src)), 210.0, TOL);

	/* --carbontracker-cpu none: CPU 0 Wh (default TDP / 2: 35.6 Wh); GPUs as before. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	p.carbontracker_cpu = ET_CARBONTRACKER_CPU_NONE;
	in = NULL;
	e = run_model("carbontracker", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 0.0, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_w"), "overridden");
	CHECK(json_object_get(in, "cpu_tdp_w") == NULL);
	json_decref(in);
}

/* codecarbon3's GPU Wh on the hand run with CUDA_VISIBLE_DEVICES = cvd. */
static double codecarbon3_gpu_wh(struct hand_run *h, const struct et_params *p, const char *cvd)
{
	h->run.facts.scheduler_known = 1;
	h->run.facts.cuda_visible_devices = cvd;
	return run_model("codecarbon3", h, p, NULL, NULL).gpu_wh;
}

static void test_codecarbon3_gpus(void)
{
	struct hand_run h;
	struct et_params p;
	json_t *in = NULL;

	/* GPU0 whole 150 Wh, GPU1 60 Wh. Not set, unknown or empty: every GPU, 210 Wh. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	CHECK_NEAR(run_model("codecarbon3", &h, &p, NULL, &in).gpu_wh, 210.0, TOL);
	CHECK(strstr(input_source(in, "gpus_counted"), "not known") != NULL);
	json_decref(in);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, NULL), 210.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, ""), 210.0, TOL);
	/* NVML indices: "1" -> 60 Wh; "0" -> 150 Wh; " 1 ,+0" (blanks and '+' dropped) and
	 * "0,,1," (empty items dropped) -> 210 Wh; "1,1" once -> 60 Wh. */
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "1"), 60.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "0"), 150.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, " 1 ,+0"), 210.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "0,,1,"), 210.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "1,1"), 60.0, TOL);
	/* Ignored items: a UUID ("GPU-aaa": "MIG-" stripping leaves "PU-aaa", no match), an
	 * index at or above the GPU count (2), "-1" (not digits only). "0,GPU-aaa" -> 150 Wh;
	 * nothing left -> no GPU, 0 Wh. */
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "0,GPU-aaa"), 150.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "GPU-aaa"), 0.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "2"), 0.0, TOL);
	CHECK_NEAR(codecarbon3_gpu_wh(&h, &p, "-1"), 0.0, TOL);
	/* codecarbon (2.2.4) ignores CUDA_VISIBLE_DEVICES: 210 Wh with "1". */
	CHECK_NEAR(run_model("codecarbon", &h, &p, NULL, NULL).gpu_wh, 210.0, TOL);
}

static void test_codecarbon3_no_cpu_name(void)
{
	struct hand_run h;
	struct et_params p;
	json_t *in = NULL;

	/* No CPU name: CodeCarbon 3's TDP() gives none and its load mode runs on
	 * POWER_CONSTANT 85 W for the whole machine (not 4 W x 64 threads x 2 sockets = 512 W):
	 * 85 x (0.1 x 3600 + 0.9 x 226.8) / 3600 = 85 x 564.12 / 3600 = 13.3195 Wh. */
	hand_run_init(&h, "");
	params_init(&p, ET_SCOPE_JOB, tables);
	CHECK_NEAR(run_model("codecarbon3", &h, &p, NULL, &in).cpu_wh, 13.3195, TOL);
	CHECK_STR_EQ(input_how(in, "cpu_tdp_package_w"), "defaulted");
	CHECK(strstr(input_source(in, "cpu_tdp_package_w"), "POWER_CONSTANT 85 W") != NULL);
	CHECK_NEAR(input_value(in, "cpu_tdp_w"), 85, 0);
	json_decref(in);
	hand_run_init(&h, NULL);
	CHECK_NEAR(run_model("codecarbon3", &h, &p, NULL, NULL).cpu_wh, 13.3195, TOL);
	/* An unknown name keeps 4 W x threads x sockets: 512 x 564.12 / 3600 = 80.2304 Wh. */
	hand_run_init(&h, "Zorblax Quantum QX-9000");
	CHECK_NEAR(run_model("codecarbon3", &h, &p, NULL, NULL).cpu_wh, 80.2304, TOL);
}

static void test_header_errors(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_model_setup s;
	struct et_error err = ET_ERROR_INIT;
	json_t *in = json_object();

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	h.run.facts.logical_cpus = 0;
	CHECK_INT_EQ(et_model_find("ga")->prepare(&h.run.facts, &h.run.integrals.total, &p, &s, in, &err), -1);
	CHECK_STR_EQ(err.text, "model ga: the log header has no logical_cpus");
	/* A model reads facts, not a log: the caller names the run (et_estimate does). */
	CHECK_STR_EQ(err.source, "");
	CHECK_INT_EQ(et_error_name_source(&err, h.run.log_path), -1);
	CHECK_STR_EQ(err.source, "hand.log");
	json_decref(in);

	/* Missing sockets / physical cores: 1 socket, physical = logical = 64. ga derives
	 * 125 W / (64 / 1) cores per package = 1.953125 W/core; per busy CPU 1.953125 x 64 / 64
	 * = 1.953125 W, x 1.5 h = 2.9296875 Wh. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	h.run.facts.sockets = 0;
	h.run.facts.physical_cores = 0;
	in = NULL;
	CHECK_NEAR(run_model("ga", &h, &p, NULL, &in).cpu_wh, 2.9296875, TOL);
	CHECK_STR_EQ(input_how(in, "sockets"), "defaulted");
	json_decref(in);

	/* No mem_total_kib anywhere in the log: 0 GB (defaulted), never NAN. greenalgorithms
	 * RAM = 0.3725 x 0 GB x 1 h = 0 Wh; codecarbon3's heuristic floor 10 W x 1 h = 10 Wh;
	 * --mem-gb 64: 0.3725 x 64 x 1 h = 23.84 Wh. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	h.run.facts.mem_total_kib = NAN;
	in = NULL;
	CHECK_NEAR(run_model("greenalgorithms", &h, &p, NULL, &in).ram_wh, 0, TOL);
	CHECK_STR_EQ(input_how(in, "mem_gb"), "defaulted");
	json_decref(in);
	CHECK_NEAR(run_model("codecarbon3", &h, &p, NULL, NULL).ram_wh, 10, TOL);
	p.mem_gb = 64;
	CHECK_NEAR(run_model("greenalgorithms", &h, &p, NULL, NULL).ram_wh, 23.84, TOL);
}

/* greenalgorithms --usage-factor F, the Nef online estimator, on the hand run (job scope). */
static void test_greenalgorithms_usage_factor(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	p.ga_usage_factor = 1;
	/* No booking in the facts: cores = ceil(5400 CPU-s / 3600 s) = 2. CPU 7.8125 W/core x
	 * 2 x 1 x 3600 s = 56250 J = 15.625 Wh (measured use: 11.71875). GPU: the job's GPU0,
	 * 300 W x 1 x 3600 s = 300 Wh (measured util: 150). RAM unchanged, 0.3725 x 128 GB x
	 * 1 h = 47.68 Wh. */
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 15.625, TOL);
	CHECK_NEAR(e.gpu_wh, 300.0, TOL);
	CHECK_NEAR(e.ram_wh, 47.68, TOL);
	CHECK_STR_EQ(input_how(in, "cores"), "derived");
	CHECK_STR_EQ(input_how(in, "usage_factor"), "overridden");
	json_decref(in);

	/* Booked 8 CPUs and 32768 MB (32 GB), F = 0.5: CPU 7.8125 x 8 x 0.5 x 1 h = 31.25 Wh;
	 * GPU 300 x 0.5 x 1 h = 150 Wh; RAM 0.3725 x 32 x 1 h = 11.92 Wh. */
	h.run.facts.booked_cpus = 8;
	h.run.facts.booked_mem_gb = 32768 / 1024.0;
	p.ga_usage_factor = 0.5;
	e = run_model("greenalgorithms", &h, &p, NULL, &in);
	CHECK_NEAR(e.cpu_wh, 31.25, TOL);
	CHECK_NEAR(e.gpu_wh, 150.0, TOL);
	CHECK_NEAR(e.ram_wh, 11.92, TOL);
	CHECK_STR_EQ(input_how(in, "cores"), "measured");
	CHECK_STR_EQ(input_how(in, "mem_gb"), "measured");
	json_decref(in);

	/* --mem-gb wins over the booking: 0.3725 x 10 x 1 h = 3.725 Wh. */
	p.mem_gb = 10;
	e = run_model("greenalgorithms", &h, &p, NULL, NULL);
	CHECK_NEAR(e.ram_wh, 3.725, TOL);
	/* Without the option (0 or NAN), the booking changes nothing: 11.71875 Wh of CPU. */
	p.ga_usage_factor = NAN;
	e = run_model("greenalgorithms", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 11.71875, TOL);
	p.ga_usage_factor = 0;
	e = run_model("greenalgorithms", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 11.71875, TOL);
}

/* eit on the hand run: unavailable without RAPL (no figure, a reason), then with RAPL and
 * SM integrals filled by hand in each bucket. */
static void test_eit(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_model_setup setup;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	e = run_model("eit", &h, &p, &setup, &in);
	CHECK(strstr(setup.unavailable, "no RAPL energy") != NULL);
	CHECK(json_object_get(in, "unavailable") != NULL);
	json_decref(in);

	/* bucket 1: package 360000 J (200 W), dram 36000 J; EIT CPU job 0.25 x (360000 -
	 * 36000) = 81000 J, DRAM job 0.1 x 36000 = 3600 J; GPU0 sm_job 180000 J, GPU1 0.
	 * bucket 2: package 180000, dram 36000; CPU job 0.5 x 144000 = 72000 J, DRAM 0.05 x
	 * 36000 = 1800 J; GPU0 sm_job 90000 J. */
	for (int b = 0; b < 2; b++) {
		h.b[b].rapl_known_s = h.b[b].eit_share_known_s = 1800;
		h.b[b].rapl_pkg_j = b ? 180000 : 360000;
		h.b[b].rapl_dram_j = 36000;
		h.b[b].eit_cpu_job_j = b ? 72000 : 81000;
		h.b[b].eit_dram_job_j = b ? 1800 : 3600;
		h.b[b].gpu[0].sm_known_s = h.b[b].gpu[1].sm_known_s = 1800;
		h.b[b].gpu[0].sm_job_j = b ? 90000 : 180000;
	}
	hand_run_total(&h);
	/* CPU (81000 + 72000) / 3600 = 42.5 Wh; RAM 5400 / 3600 = 1.5 Wh; GPU 270000 / 3600
	 * = 75 Wh; memory_share = 5400 / 72000 = 0.075 */
	e = run_model("eit", &h, &p, &setup, &in);
	CHECK_STR_EQ(setup.unavailable, "");
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
	CHECK_NEAR(e.ram_wh, 1.5, TOL);
	CHECK_NEAR(e.gpu_wh, 75.0, TOL);
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(in, "memory_share"), "value")), 0.075, TOL);
	json_decref(in);
	/* a GPU with power but no SM shares: EIT cannot share it */
	h.run.integrals.total.gpu[1].sm_known_s = 0;
	e = run_model("eit", &h, &p, &setup, NULL);
	CHECK(strstr(setup.unavailable, "gpu 1 has no per-process SM") != NULL);
	(void)e;
}

/* codecarbon, codecarbon3 and carbontracker on RAPL integrals filled by hand: each reads
 * its own zones instead of its TDP rule. */
static void test_rapl_tools(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_model_setup setup;
	struct et_energy e;
	json_t *in;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	/* per bucket: package zones 360000 then 180000 J; a top-level zone that is no package
	 * (say an AMD "core" at the top) adds 36000 J each to the top-level sum; psys 900000 J */
	for (int b = 0; b < 2; b++) {
		h.b[b].rapl_known_s = 1800;
		h.b[b].rapl_pkg_j = b ? 180000 : 360000;
		h.b[b].rapl_top_j = h.b[b].rapl_pkg_j + 36000;
		h.b[b].rapl_dram_j = 18000;
		h.b[b].rapl_psys_j = 900000;
	}
	hand_run_total(&h);
	/* codecarbon: package zones 540000 J = 150 Wh (not 0.5 x 85 W x 1 h = 42.5 Wh); GPU and
	 * RAM unchanged (210 Wh, 48 Wh); the TDP inputs go, cpu_rapl_wh says it */
	e = run_model("codecarbon", &h, &p, &setup, &in);
	CHECK_NEAR(e.cpu_wh, 150.0, TOL);
	CHECK_NEAR(e.gpu_wh, 210.0, TOL);
	CHECK_NEAR(e.ram_wh, 48.0, TOL);
	CHECK_INT_EQ(setup.cpu_from_rapl, 1);
	CHECK(json_object_get(in, "cpu_tdp_package_w") == NULL);
	CHECK(strstr(json_string_value(json_object_get(json_object_get(in, "cpu_rapl_wh"), "source")),
		     "RAPL package zones") != NULL);
	json_decref(in);
	/* codecarbon3: the same 150 Wh (no DRAM, no psys); RAM 38 Wh as before */
	e = run_model("codecarbon3", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 150.0, TOL);
	CHECK_NEAR(e.ram_wh, 38.0, TOL);
	/* carbontracker: top-level zones but psys, 540000 + 72000 = 612000 J = 170 Wh, even
	 * with --carbontracker-cpu none */
	p.carbontracker_cpu = ET_CARBONTRACKER_CPU_NONE;
	e = run_model("carbontracker", &h, &p, NULL, NULL);
	CHECK_NEAR(e.cpu_wh, 170.0, TOL);
	CHECK_NEAR(e.ram_wh, 0.0, TOL);
	p.carbontracker_cpu = ET_CARBONTRACKER_CPU_TDP;
	/* no package energy (zones known, none a package): the codecarbons keep their TDP
	 * rules (CodeCarbon needs a readable package zone to use RAPL): 42.5 Wh */
	h.run.integrals.total.rapl_pkg_j = 0;
	e = run_model("codecarbon", &h, &p, &setup, NULL);
	CHECK_INT_EQ(setup.cpu_from_rapl, 0);
	CHECK_NEAR(e.cpu_wh, 42.5, TOL);
}

/* ga --gpu-share util on the hand run: the SM-shared above-idle energy, or no figure
 * without P records on a GPU the job used. */
static void test_ga_gpu_share(void)
{
	struct hand_run h;
	struct et_params p;
	struct et_model_setup setup;
	struct et_energy e;

	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, tables);
	p.ga_gpu_share = ET_GA_GPU_UTIL;
	e = run_model("ga", &h, &p, &setup, NULL);
	CHECK(strstr(setup.unavailable, "gpu 0 has no per-process SM") != NULL);
	/* GPU0 above idle 150 W x 1800 s = 270000 J with the job at half the SMs: 135000 J;
	 * then 50 W x 1800 = 90000 J with the job alone: 90000 J. 225000 J = 62.5 Wh (the
	 * whole rule: 100 Wh). GPU1: the job never ran on it, no P records needed. */
	h.b[0].gpu[0].sm_known_s = h.b[1].gpu[0].sm_known_s = 1800;
	h.b[0].gpu[0].sm_above_idle_job_j = 135000;
	h.b[1].gpu[0].sm_above_idle_job_j = 90000;
	hand_run_total(&h);
	e = run_model("ga", &h, &p, &setup, NULL);
	CHECK_STR_EQ(setup.unavailable, "");
	CHECK_NEAR(e.gpu_wh, 62.5, TOL);
	CHECK_NEAR(e.cpu_wh, 5.859375, TOL);   /* unchanged, as in test_job_scope */
	p.ga_gpu_share = ET_GA_GPU_WHOLE;
	e = run_model("ga", &h, &p, NULL, NULL);
	CHECK_NEAR(e.gpu_wh, 100.0, TOL);
}

int main(void)
{
	struct et_power_tables *t = NULL;
	struct et_error err = ET_ERROR_INIT;

	if (et_power_tables_load(ET_TEST_DATA_DIR, &t, &err) != 0) {
		fprintf(stderr, "etest: %s:%ld: %s\n", err.source, err.line, err.text);
		CHECK(0);
		return TEST_SUMMARY();
	}
	tables = t;
	test_table();
	test_job_scope();
	test_user_scope();
	test_overrides();
	test_defaults();
	test_native();
	test_codecarbon3_ram();
	test_codecarbon_process_mode();
	test_carbontracker_devices();
	test_codecarbon3_no_cpu_name();
	test_codecarbon3_gpus();
	test_header_errors();
	test_greenalgorithms_usage_factor();
	test_eit();
	test_rapl_tools();
	test_ga_gpu_share();
	et_power_tables_free(t);
	return TEST_SUMMARY();
}
