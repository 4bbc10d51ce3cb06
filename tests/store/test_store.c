/* test_store.c - the run store's API on a real SQLite file: a replayed log stored and read
 * back field for field, every model's total from the store equal to its total from the
 * log (docs/store.md), a period's buckets only, identity and provenance rules. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness.h"
#include "estimate.h"
#include "et_power_tables.h"
#include "et_store.h"
#include "integrate.h"

/* Doubles equal bit for bit, or both NAN (the store keeps NAN as NULL). */
static int same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int same_integrals(const struct et_integrals *a, const struct et_integrals *b, int n_gpus)
{
	int ok = 1;
#define SAME(name, unit, what) ok &= same(a->name, b->name);
	ET_INTEGRAL_FIELDS(SAME)
	for (int g = 0; g < n_gpus; g++) {
		const struct et_gpu_integrals *x = &a->gpu[g], *y = &b->gpu[g];
#define SAME_GPU(name, unit, what) ok &= same(x->name, y->name);
		ET_GPU_INTEGRAL_FIELDS(SAME_GPU)
	}
	return ok;
}

struct expect {
	const struct et_run *run;      /* the replayed log */
	const struct et_params *params;
	struct et_ci_source *ci;
	const struct et_ci_config *ci_cfg;
	int seen;
};

/* The stored run is the replayed one; every model gives the same energy from its buckets
 * as from the log's total. */
static int check_stored(const struct et_stored_run *r, void *arg, struct et_error *err)
{
	struct expect *x = arg;
	const struct et_run_facts *a = &x->run->facts, *b = &r->facts;
	struct et_model_result from_log[16], from_store[16];
	const struct et_model *models[16];
	size_t n = 0;
	struct et_run stored;

	x->seen++;
	CHECK_STR_EQ(b->host, a->host);
	CHECK_STR_EQ(b->user, a->user);
	CHECK_STR_EQ(b->cpu_model, a->cpu_model);
	CHECK_INT_EQ(b->logical_cpus, a->logical_cpus);
	CHECK_INT_EQ(b->physical_cores, a->physical_cores);
	CHECK_INT_EQ(b->sockets, a->sockets);
	CHECK_INT_EQ(b->user_hz, a->user_hz);
	CHECK(same(b->mem_total_kib, a->mem_total_kib));
	CHECK_INT_EQ(b->n_gpus, a->n_gpus);
	for (int g = 0; g < a->n_gpus; g++) {
		CHECK_STR_EQ(b->gpus[g].name, a->gpus[g].name);
		CHECK_STR_EQ(b->gpus[g].uuid, a->gpus[g].uuid);
		CHECK(same(b->gpus[g].idle_w, a->gpus[g].idle_w));
		CHECK(same(b->gpus[g].power_limit_w, a->gpus[g].power_limit_w));
	}
	CHECK_INT_EQ(b->launch_utc_ms, a->launch_utc_ms);
	CHECK_INT_EQ(b->end_utc_ms, a->end_utc_ms);
	CHECK(same(b->duration_s, a->duration_s));
	CHECK_INT_EQ(b->complete, a->complete);
	CHECK_INT_EQ(b->end.code, a->end.code);
	CHECK(same(b->end.job_utime_s, a->end.job_utime_s));
	CHECK(same(b->job_cpu_s_last, a->job_cpu_s_last));
	/* what carbontracker's default GPU selection reads (set to "1" below) */
	CHECK_INT_EQ(b->scheduler_known, a->scheduler_known);
	CHECK(b->cuda_visible_devices && a->cuda_visible_devices);
	if (b->cuda_visible_devices && a->cuda_visible_devices)
		CHECK_STR_EQ(b->cuda_visible_devices, a->cuda_visible_devices);
	CHECK_STR_EQ(r->program, "python");
	CHECK_STR_EQ(r->tags_json, "{\"project\":\"demo\"}");
	CHECK_INT_EQ(r->n_warnings, (long long)x->run->n_warnings);
	CHECK(same_integrals(&r->integrals.total, &x->run->integrals.total, a->n_gpus));
	CHECK_INT_EQ(r->integrals.n_buckets, (long long)x->run->integrals.n_buckets);
	for (size_t i = 0; i < r->integrals.n_buckets && i < x->run->integrals.n_buckets; i++) {
		struct et_bucket got, want;
		et_run_bucket(&r->integrals, i, &got);
		et_run_bucket(&x->run->integrals, i, &want);
		CHECK_INT_EQ(got.utc_start_ms, want.utc_start_ms);
		CHECK(same_integrals(&got.q, &want.q, a->n_gpus));
	}

	/* docs/store.md: prepare() reads the facts and the total (both stored exactly),
	 * energy() is linear, so the sum over the stored buckets is the log's total. */
	memset(&stored, 0, sizeof(stored));
	stored.facts = r->facts;
	stored.integrals = r->integrals;
	if (et_models_select("all", models, 16, &n, err) < 0 ||
	    et_estimate(x->run, models, n, x->params, x->ci, x->ci_cfg, from_log, err) < 0 ||
	    et_estimate_buckets(&stored, models, n, x->params, x->ci, x->ci_cfg, from_store, err) < 0) {
		et_error_print(err);
		CHECK(0);
		return 0;
	}
	for (size_t m = 0; m < n; m++) {
		CHECK_NEAR(from_store[m].energy_wh, from_log[m].energy_wh, 1e-12 * from_log[m].energy_wh);
		CHECK_NEAR(from_store[m].co2e_g, from_log[m].co2e_g, 1e-12 * from_log[m].co2e_g);
		CHECK(from_log[m].energy_wh > 0);
	}
	et_model_results_release(from_log, n);
	et_model_results_release(from_store, n);
	return 0;
}

/* A run made by hand: three quarter-hours of 900 s, job CPU 100, 200 and 400 s. */
static void synthetic(struct et_run *run, struct et_bucket b[3], int pid)
{
	memset(run, 0, sizeof(*run));
	memset(b, 0, 3 * sizeof(*b));
	run->header = json_pack("{s:s, s:i, s:I, s:i, s:[s], s:{}}", "host", "h", "pid", pid,
				"start_utc_ms", (json_int_t)ET_BUCKET_MS * 100, "start_mono_ms", 5,
				"command", "/usr/bin/stress", "tags");
	run->facts.host = "h";
	run->facts.user = "u";
	run->facts.cpu_model = "c";
	run->facts.logical_cpus = 4;
	run->facts.user_hz = 100;
	run->facts.mem_total_kib = NAN;
	run->facts.launch_utc_ms = (int64_t)ET_BUCKET_MS * 100;
	run->facts.end_utc_ms = (int64_t)ET_BUCKET_MS * 103;
	run->facts.duration_s = 2700;
	run->facts.complete = 1;
	for (int i = 0; i < 3; i++) {
		b[i].utc_start_ms = (int64_t)ET_BUCKET_MS * (100 + i);
		b[i].q.duration_s = 900;
		b[i].q.job_cpu_s = 100.0 * (1 << i);
		et_integrals_add(&run->integrals.total, &b[i].q);
		CHECK_INT_EQ(et_run_bucket_append(&run->integrals, &b[i]), 0);
	}
}

static int middle_only(const struct et_stored_run *r, void *arg, struct et_error *err)
{
	int *seen = arg;

	(*seen)++;
	struct et_bucket b;

	CHECK_INT_EQ(r->integrals.n_buckets, 1);
	et_run_bucket(&r->integrals, 0, &b);
	CHECK_INT_EQ(b.utc_start_ms, (long long)ET_BUCKET_MS * 101);
	/* the middle quarter-hour: 200 CPU-seconds; the total stays the whole run's 700 */
	CHECK_NEAR(b.q.job_cpu_s, 200.0, 0);
	CHECK_NEAR(r->integrals.total.job_cpu_s, 700.0, 0);
	CHECK_STR_EQ(r->program, "stress");
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/test_store.XXXXXX", path[PATH_MAX];
	struct et_store *s = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_run run, syn;
	struct et_bucket b[3];
	struct et_store_source src = {"two-gpus.log", 3000, 1234, "mix64:0"};
	enum et_store_outcome outcome = ET_STORE_KEPT;
	struct et_power_tables *tables = NULL;
	struct et_ci_source *ci = NULL;
	struct et_ci_config ci_cfg;
	struct et_params params;
	const char *network = "x";
	struct stat st;
	int seen = 0;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/store.sqlite", dir);
	memset(&run, 0, sizeof(run));
	if (et_run_load(ET_TEST_LOG_DIR "/two-gpus.log", &run, &err) < 0 ||
	    et_power_tables_load(ET_TEST_DATA_DIR, &tables, &err) < 0) {
		et_error_print(&err);
		return 1;
	}
	/* The job saw GPU 1 only: carbontracker counts that one, from the log and the store. */
	run.facts.cuda_visible_devices = "1";
	et_params_init(&params);
	params.tables = tables;
	et_ci_config_init(&ci_cfg);
	ci_cfg.kind = ET_CI_CONSTANT;
	ci_cfg.constant_g_per_kwh = 56;
	CHECK_INT_EQ(et_ci_open(&ci_cfg, &ci, &err), 0);

	/* a store that does not exist cannot be read; a write open creates it 0600 */
	CHECK_INT_EQ(et_store_open(path, ET_STORE_READ, &s, NULL, &err), -1);
	CHECK_INT_EQ(et_store_open(path, ET_STORE_WRITE, &s, &network, &err), 0);
	CHECK(network == NULL);   /* /tmp is local */
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

	CHECK_INT_EQ(et_store_add(s, &run, &src, &outcome, &err), 0);
	CHECK_INT_EQ(outcome, ET_STORE_ADDED);
	CHECK_INT_EQ(et_store_source_unchanged(s, "two-gpus.log", 3000, 1234, &err), 1);
	CHECK_INT_EQ(et_store_source_unchanged(s, "two-gpus.log", 3001, 1234, &err), 0);
	CHECK_INT_EQ(et_store_source_unchanged(s, "two-gpus.log", 3000, 1235, &err), 0);
	CHECK_INT_EQ(et_store_source_unchanged(s, "elsewhere.log", 3000, 1234, &err), 0);
	/* the same run under another path, as long: kept, and its path remembered */
	src.path = "copy/two-gpus.log";
	CHECK_INT_EQ(et_store_add(s, &run, &src, &outcome, &err), 0);
	CHECK_INT_EQ(outcome, ET_STORE_KEPT);
	CHECK_INT_EQ(et_store_source_unchanged(s, "copy/two-gpus.log", 3000, 1234, &err), 1);
	/* shorter: kept out; longer: replaces */
	src.size = 2000;
	CHECK_INT_EQ(et_store_add(s, &run, &src, &outcome, &err), 0);
	CHECK_INT_EQ(outcome, ET_STORE_KEPT);
	src.size = 4000;
	CHECK_INT_EQ(et_store_add(s, &run, &src, &outcome, &err), 0);
	CHECK_INT_EQ(outcome, ET_STORE_REPLACED);
	CHECK_INT_EQ(et_store_count_runs(s, &err), 1);

	struct expect x = {&run, &params, ci, &ci_cfg, 0};
	CHECK_INT_EQ(et_store_runs_in(s, INT64_MIN / 2, INT64_MAX / 2, check_stored, &x, &err), 0);
	CHECK_INT_EQ(x.seen, 1);

	/* a period of one quarter-hour gives that bucket only, with the whole run's total */
	synthetic(&syn, b, 7);
	src.path = "syn.log";
	CHECK_INT_EQ(et_store_add(s, &syn, &src, &outcome, &err), 0);
	CHECK_INT_EQ(outcome, ET_STORE_ADDED);
	CHECK_INT_EQ(et_store_runs_in(s, (int64_t)ET_BUCKET_MS * 101, (int64_t)ET_BUCKET_MS * 102,
				      middle_only, &seen, &err), 0);
	CHECK_INT_EQ(seen, 1);
	seen = 0;   /* a period before both runs */
	CHECK_INT_EQ(et_store_runs_in(s, 0, (int64_t)ET_BUCKET_MS * 100, middle_only, &seen, &err), 0);
	CHECK_INT_EQ(seen, 0);
	/* a header without its identity cannot be stored */
	json_object_del(syn.header, "pid");
	CHECK_INT_EQ(et_store_add(s, &syn, &src, &outcome, &err), -1);
	CHECK(strstr(err.text, "cannot be identified") != NULL);
	json_decref(syn.header);
	et_run_buckets_free(&syn.integrals);
	et_store_close(s);

	/* reopened read-only, the runs are still there */
	CHECK_INT_EQ(et_store_open(path, ET_STORE_READ, &s, NULL, &err), 0);
	CHECK_INT_EQ(et_store_count_runs(s, &err), 2);
	et_store_close(s);

	et_ci_close(ci);
	et_power_tables_free(tables);
	et_run_release(&run);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return TEST_SUMMARY();
}
