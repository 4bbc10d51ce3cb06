/* test_sched_estimate.c - the cluster description file and the estimate of a job from
 * accounting alone, every figure computed by hand in the comment beside it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness.h"
#include "et_cluster.h"
#include "et_sched_estimate.h"

static char tmpdir[] = "/tmp/test_sched.XXXXXX";

/* Write text to a file of tmpdir; returns its path (static buffer). */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* A finished job with the fields the estimate reads; the rest unknown. */
static struct et_sacct_job job(const char *partition, double total_cpu_s, double elapsed_s,
			       double req_mem_mib, double gpus)
{
	struct et_sacct_job j;

	memset(&j, 0, sizeof(j));
	j.line = 42;
	snprintf(j.cluster, sizeof(j.cluster), "hpc");
	snprintf(j.job_id, sizeof(j.job_id), "1234");
	snprintf(j.partition, sizeof(j.partition), "%s", partition);
	snprintf(j.state, sizeof(j.state), "COMPLETED");
	j.finished = 1;
	j.n_nodes = 1;
	j.n_cpus = 4;
	j.alloc_cpus = 4;
	j.alloc_mem_mib = NAN;
	j.total_cpu_s = total_cpu_s;
	j.elapsed_s = elapsed_s;
	j.cpu_time_s = 4 * elapsed_s;
	j.req_mem_mib = req_mem_mib;
	snprintf(j.req_mem_how, sizeof(j.req_mem_how), "as printed");
	j.max_rss_mib = NAN;
	j.alloc_gpus = gpus;
	j.start_local_s = 1000;
	j.end_local_s = 1000 + (int64_t)elapsed_s;
	j.consumed_energy_j = NAN;
	return j;
}

static const char *input_str(json_t *inputs, const char *key, const char *field)
{
	return json_string_value(json_object_get(json_object_get(inputs, key), field));
}

static double input_value(json_t *inputs, const char *key)
{
	json_t *v = json_object_get(json_object_get(inputs, key), "value");
	return v ? json_number_value(v) : NAN;
}

static const char *CLUSTER =
	"{\"cluster\": \"hpc\",\n"
	" \"default\": {\"pue\": 1.5},\n"
	" \"partitions\": {\n"
	"  \"cpu\": {\"cpu_model\": \"Xeon Gold 6248\", \"pue\": 1.2, \"cpus_per_node\": 40},\n"
	"  \"gpu\": {\"cpu_tdp_per_core_w\": 10, \"gpu_model\": \"NVIDIA Tesla V100\", \"exclusive\": true,\n"
	"          \"memory_w_per_gb\": 0.5}\n"
	" }}\n";

static void test_estimates(const struct et_power_tables *tables)
{
	struct et_cluster *c = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct et_sched_estimate e;
	struct et_sacct_job j;

	if (et_cluster_load(write_file("c.json", CLUSTER), tables, &c, &err) != 0) {
		et_error_print(&err);
		CHECK(0);
		return;
	}
	CHECK_STR_EQ(c->cluster, "hpc");
	CHECK_INT_EQ(c->n_parts, 2);

	/* Partition cpu: Xeon Gold 6248 is 7.5 W per core in GA v2.2 (line 75). TotalCPU
	 * 10 h, ReqMem 8000 MiB = 7.8125 GB, Elapsed 2 h:
	 *   CPU 7.5 W x 10 h = 75 Wh; memory 0.3725 W/GB x 7.8125 GB x 2 h = 5.8203125 Wh;
	 *   IT 80.8203125 Wh; x PUE 1.2 = 96.984375 Wh. */
	j = job("cpu", 36000, 7200, 8000, 0);
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.cpu_wh, 75, 1e-9);
	CHECK_NEAR(e.ram_wh, 5.8203125, 1e-9);
	CHECK_NEAR(e.gpu_wh, 0, 0);
	CHECK_NEAR(e.it_wh, 80.8203125, 1e-9);
	CHECK_NEAR(e.pue, 1.2, 0);
	CHECK_NEAR(e.facility_wh, 96.984375, 1e-9);
	CHECK_NEAR(e.cpu_hours, 8, 1e-12);   /* CPUTime 4 CPUs x 2 h */
	CHECK_INT_EQ(e.measured, 0);
	CHECK_INT_EQ(e.partition_described, 1);
	CHECK_INT_EQ(e.partial, 0);
	CHECK_STR_EQ(input_str(e.inputs, "cpu_tdp_per_core_w", "how"), "looked up");
	CHECK_STR_EQ(input_str(e.inputs, "cpu_tdp_per_core_w", "row"), "Xeon Gold 6248");
	CHECK(strstr(input_str(e.inputs, "cpu_tdp_per_core_w", "source"), "partitions.cpu.cpu_model") != NULL);
	CHECK_STR_EQ(input_str(e.inputs, "pue", "how"), "overridden");
	CHECK_STR_EQ(input_str(e.inputs, "ram_w_per_gb", "how"), "defaulted");
	CHECK_STR_EQ(input_str(e.inputs, "total_cpu_s", "how"), "measured");
	CHECK_STR_EQ(input_str(e.inputs, "total_cpu_s", "source"), "sacct TotalCPU, line 42");
	CHECK_NEAR(input_value(e.inputs, "mem_requested_gb"), 7.8125, 1e-12);
	CHECK(json_object_get(e.inputs, "gpu_tdp_w") == NULL);   /* no GPU, no GPU TDP */
	json_decref(e.inputs);

	/* The same job, node shared (4 of 40 CPUs) with a meter reading: not used. */
	j.consumed_energy_j = 360000;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.measured, 0);
	CHECK_NEAR(e.it_wh, 80.8203125, 1e-9);
	CHECK(strstr(input_str(e.inputs, "consumed_energy_wh", "note"), "shared (4 of 40 CPUs") != NULL);
	json_decref(e.inputs);
	/* Holding all 40 CPUs: the meter wins, 720000 J / 3600 = 200 Wh; x 1.2 = 240 Wh. */
	j.alloc_cpus = 40;
	j.consumed_energy_j = 720000;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.measured, 1);
	CHECK_NEAR(e.it_wh, 200, 1e-9);
	CHECK_NEAR(e.facility_wh, 240, 1e-9);
	CHECK_NEAR(e.cpu_wh, 75, 1e-9);   /* the formula's parts stay, for comparison */
	json_decref(e.inputs);
	/* 1e8 nodes x 40 CPUs = 4e9 CPUs, more than an int holds: counted and said whole. */
	j.n_nodes = 100000000;
	j.alloc_cpus = 4e9;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.measured, 1);
	CHECK(strstr(input_str(e.inputs, "consumed_energy_wh", "note"),
		     "all 4000000000 CPUs of its 100000000 node(s)") != NULL);
	json_decref(e.inputs);
	j.n_nodes = 1;

	/* Partition gpu: 10 W per core (file), V100 300 W (GA), 0.5 W/GB (file), PUE 1.5
	 * (the file's default). TotalCPU 1 h, ReqMem 16 GB, 2 GPUs, Elapsed 3 h:
	 *   CPU 10 x 1 = 10 Wh; memory 0.5 x 16 x 3 = 24 Wh; GPU 2 x 300 x 3 = 1800 Wh;
	 *   IT 1834 Wh; x 1.5 = 2751 Wh. GPU-hours 2 x 3 = 6. */
	j = job("gpu", 3600, 10800, 16384, 2);
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.cpu_wh, 10, 1e-9);
	CHECK_NEAR(e.ram_wh, 24, 1e-9);
	CHECK_NEAR(e.gpu_wh, 1800, 1e-9);
	CHECK_NEAR(e.it_wh, 1834, 1e-9);
	CHECK_NEAR(e.facility_wh, 2751, 1e-9);
	CHECK_NEAR(e.gpu_hours, 6, 1e-12);
	CHECK_STR_EQ(input_str(e.inputs, "cpu_tdp_per_core_w", "how"), "overridden");
	CHECK_STR_EQ(input_str(e.inputs, "gpu_tdp_w", "how"), "looked up");
	CHECK_STR_EQ(input_str(e.inputs, "gpu_tdp_w", "row"), "NVIDIA Tesla V100");
	CHECK_STR_EQ(input_str(e.inputs, "gpu_usage", "how"), "defaulted");
	CHECK(strstr(input_str(e.inputs, "pue", "source"), "default.pue") != NULL);
	json_decref(e.inputs);
	/* Exclusive partition: its meter is taken, 3600000 J = 1000 Wh; x 1.5 = 1500 Wh. */
	j.consumed_energy_j = 3600000;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.measured, 1);
	CHECK_NEAR(e.it_wh, 1000, 1e-9);
	CHECK_NEAR(e.facility_wh, 1500, 1e-9);
	CHECK(strstr(input_str(e.inputs, "consumed_energy_wh", "note"), "exclusive") != NULL);
	json_decref(e.inputs);
	/* Without the description (describe 0, as the report asks): the same figures, no inputs. */
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 0, &e, &err), 0);
	CHECK(e.inputs == NULL);
	CHECK_INT_EQ(e.measured, 1);
	CHECK_NEAR(e.facility_wh, 1500, 1e-9);
	CHECK_NEAR(e.gpu_wh, 1800, 1e-9);   /* 2 x 300 W (V100) x 3 h, as above */

	/* A partition the file does not describe: GA's Any row 12 W per core, PUE 1.5 of the
	 * file's default. TotalCPU 30 min, no ReqMem but AllocTRES mem 2048 MiB = 2 GB,
	 * Elapsed 1 h: CPU 12 x 0.5 = 6 Wh; memory 0.3725 x 2 x 1 = 0.745 Wh; IT 6.745 Wh;
	 * x 1.5 = 10.1175 Wh. */
	j = job("other", 1800, 3600, NAN, 0);
	j.alloc_mem_mib = 2048;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.partition_described, 0);
	CHECK_NEAR(e.it_wh, 6.745, 1e-9);
	CHECK_NEAR(e.facility_wh, 10.1175, 1e-9);
	CHECK_STR_EQ(input_str(e.inputs, "cpu_tdp_per_core_w", "how"), "defaulted");
	CHECK(strstr(input_str(e.inputs, "partition", "how"), "is not in") != NULL);
	CHECK(strstr(input_str(e.inputs, "mem_requested_gb", "source"), "AllocTRES mem") != NULL);
	json_decref(e.inputs);

	/* The same job on another cluster than the file's: not described, its default. */
	snprintf(j.cluster, sizeof(j.cluster), "other");
	snprintf(j.partition, sizeof(j.partition), "cpu");
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.partition_described, 0);
	CHECK_NEAR(e.pue, 1.5, 0);
	CHECK(strstr(input_str(e.inputs, "partition", "how"), "cluster \"other\" is not the one") != NULL);
	json_decref(e.inputs);

	/* Unknown TotalCPU for a job that ran: an error at its line, nothing filled. */
	j = job("cpu", NAN, 60, 100, 0);
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), -1);
	CHECK_INT_EQ(err.line, 42);
	CHECK(strstr(err.text, "TotalCPU unknown") != NULL);
	CHECK(e.inputs == NULL);
	/* Cancelled while pending: no times, 0 Wh. */
	j = job("cpu", NAN, NAN, 100, 0);
	j.start_local_s = -1;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.facility_wh, 0, 0);
	json_decref(e.inputs);
	/* A running job: a figure so far, flagged partial. */
	j = job("cpu", 3600, 3600, 0, 0);
	j.finished = 0;
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_INT_EQ(e.partial, 1);
	CHECK_NEAR(e.cpu_wh, 7.5, 1e-9);   /* 7.5 W x 1 h */
	json_decref(e.inputs);
	et_cluster_free(c);

	/* No cluster file: GA's defaults. A job of 1 GPU of type a100 (AllocTRES), 1 h: the
	 * type matches GA v2.2's "NVIDIA A100 PCIe" (vendor and form factor not named), 250 W;
	 * GPU 250 W x 1 h = 250 Wh; CPU 12 W x 0.25 h = 3 Wh; memory 0.3725 W/GB x 1 GB x 1 h
	 * = 0.3725 Wh; IT 253.3725 Wh; x PUE 1.67 = 253.3725 + 169.759575 = 423.132075 Wh. */
	CHECK_INT_EQ(et_cluster_defaults(tables, &c, &err), 0);
	j = job("gpu", 900, 3600, 1024, 1);
	snprintf(j.gpu_type, sizeof(j.gpu_type), "a100");
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.gpu_wh, 250, 1e-9);
	CHECK_NEAR(e.facility_wh, 423.132075, 1e-9);
	CHECK_STR_EQ(input_str(e.inputs, "gpu_tdp_w", "row"), "NVIDIA A100 PCIe");
	CHECK(strstr(input_str(e.inputs, "partition", "how"), "no cluster file") != NULL);
	json_decref(e.inputs);
	/* A short type with a family word in the rows ("NVIDIA Tesla V100"): no safe match,
	 * so GA's Any GPU, 200 W, and the source says why (the cluster file's gpu_model is
	 * the way to name it). */
	snprintf(j.gpu_type, sizeof(j.gpu_type), "v100");
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.gpu_wh, 200, 1e-9);
	json_decref(e.inputs);
	/* A type in no table (the test cluster's stand-in): GA's Any GPU, 200 W. */
	snprintf(j.gpu_type, sizeof(j.gpu_type), "standin");
	CHECK_INT_EQ(et_sched_estimate(&j, c, tables, 1, &e, &err), 0);
	CHECK_NEAR(e.gpu_wh, 200, 1e-9);
	CHECK_STR_EQ(input_str(e.inputs, "gpu_tdp_w", "how"), "defaulted");
	CHECK(strstr(input_str(e.inputs, "gpu_tdp_w", "source"), "\"standin\" in no table") != NULL);
	json_decref(e.inputs);
	et_cluster_free(c);
}

static void expect_bad(const struct et_power_tables *tables, const char *text, long line,
		       const char *want)
{
	struct et_cluster *c = NULL;
	struct et_error err = ET_ERROR_INIT;

	CHECK_INT_EQ(et_cluster_load(write_file("bad.json", text), tables, &c, &err), -1);
	CHECK(c == NULL);
	CHECK_INT_EQ(err.line, line);
	CHECK(strstr(err.source, "bad.json") != NULL);
	if (!strstr(err.text, want))
		fprintf(stderr, "error: %s (want %s)\n", err.text, want);
	CHECK(strstr(err.text, want) != NULL);
}

static void test_bad_files(const struct et_power_tables *tables)
{
	struct et_cluster *c = NULL;
	struct et_error err = ET_ERROR_INIT;

	expect_bad(tables, "{\"partitions\": {\n \"a\": {\"pue\": 1.2,}}}\n", 2, "");
	expect_bad(tables, "[1]", 0, "is a JSON object");
	expect_bad(tables, "{\"partition\": {}}", 0, "unknown field \"partition\"");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"tdp\": 3}}}", 0, "partitions.a: unknown field \"tdp\"");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"cpu_model\": \"Pentium Z9\"}}}", 0,
		   "partitions.a.cpu_model \"Pentium Z9\" is in neither");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"cpu_model\": \"Xeon Gold 6248\", \"cpu_tdp_per_core_w\": 5}}}",
		   0, "give cpu_model or cpu_tdp_per_core_w, not both");
	expect_bad(tables, "{\"default\": {\"pue\": 0.8}}", 0, "default.pue must be a number >= 1");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"gpu_tdp_w\": \"300\"}}}", 0, "gpu_tdp_w must be a number > 0");
	expect_bad(tables, "{\"default\": {\"memory_w_per_gb\": 0}}", 0, "default.memory_w_per_gb must be a number > 0");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"cpus_per_node\": 2.5}}}", 0, "cpus_per_node must be a whole number");
	expect_bad(tables, "{\"partitions\": {\"a\": {\"exclusive\": 1}}}", 0, "exclusive must be true or false");
	expect_bad(tables, "{\"partitions\": [\"a\"]}", 0, "partitions must be an object");
	expect_bad(tables, "{\"cluster\": 3}", 0, "cluster must be a string");
	CHECK_INT_EQ(et_cluster_load("/nonexistent/c.json", tables, &c, &err), -1);
	CHECK(strstr(err.source, "/nonexistent/c.json") != NULL);
}

int main(void)
{
	struct et_power_tables *tables = NULL;
	struct et_error err = ET_ERROR_INIT;
	char path[300];

	if (!mkdtemp(tmpdir) || et_power_tables_load(ET_TEST_DATA_DIR, &tables, &err) != 0) {
		et_error_print(&err);
		return 1;
	}
	test_estimates(tables);
	test_bad_files(tables);
	et_power_tables_free(tables);
	snprintf(path, sizeof(path), "%s/c.json", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bad.json", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return TEST_SUMMARY();
}
