/* test_ga_form.c - unit tests of --ga-form: the Green Algorithms calculator fields
 * printed for a run filled by hand (hand_run.h). */
#include <stdlib.h>
#include <string.h>

#include "et_power_tables.h"
#include "ga_form.h"
#include "hand_run.h"
#include "harness.h"

/* Print the form for h under p into a string the caller frees. */
static char *form_of(const struct hand_run *h, const struct et_params *p, int *rc)
{
	struct et_error err = ET_ERROR_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	*rc = et_ga_form_write(f, h->run.log_path, &h->run.facts, &h->run.integrals.total, p, &err);
	fclose(f);
	return text;
}

static void check_has(const char *text, const char *line)
{
	if (text && strstr(text, line)) {
		CHECK(1);
	} else {
		CHECK(text && strstr(text, line));
		fprintf(stderr, "  missing: %s\n  in:\n%s\n", line, text ? text : "(null)");
	}
}

int main(void)
{
	struct et_power_tables *t = NULL;
	struct et_error err = ET_ERROR_INIT;
	struct hand_run h;
	struct et_params p;
	char *text;
	int rc = -1;

	if (et_power_tables_load(ET_TEST_DATA_DIR, &t, &err) != 0) {
		fprintf(stderr, "etest: %s:%ld: %s\n", err.source, err.line, err.text);
		CHECK(0);
		return TEST_SUMMARY();
	}

	/* Gold 6130 is not in Green Algorithms' table: "Other" with 125 / 16 = 7.8125 W per
	 * core. Job: 5400 CPU-s over 3600 s = 1.5 cores used -> 2 cores, usage 1.5 / 2 = 0.75.
	 * GPU0 only (the job's): V100 row, usage (80 + 20) / 2 = 50 % -> 0.5. 128 GiB memory.
	 * Runtime 3600 s = 1 h 0 min. PUE from --pue 1.5. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
	params_init(&p, ET_SCOPE_JOB, t);
	text = form_of(&h, &p, &rc);
	CHECK_INT_EQ(rc, 0);
	check_has(text, "Runtime:                    1 h 0 min  (3600 s)\n");
	check_has(text, "Number of cores:            2  (mean cores used by the job: 1.50)\n");
	check_has(text, "CPU model:                  Other");
	check_has(text, "TDP per core:               7.8125 W  (derived from codecarbon v3.3.0 cpu_power.csv "
		  "row \"Intel Xeon Gold 6130\": package TDP 125 W / 16 cores per package");
	check_has(text, "Real usage factor of CPU:   0.750\n");
	check_has(text, "Number of GPUs:             1\n");
	check_has(text, "GPU 0 model:                NVIDIA Tesla V100  (green-algorithms v2.2 TDP_gpu.csv, 300 W)\n");
	check_has(text, "GPU 0 usage factor:         0.500\n");
	check_has(text, "Memory available:           128.0 GB\n");
	check_has(text, "PUE:                        1.50\n");
	check_has(text, "Location:                   France");
	free(text);

	/* A CPU of the table, user scope (7200 CPU-s -> 2 cores, usage 1.000; both GPUs),
	 * --mem-gb 64, --native (GA's own PUE 1.67), runtime 5430 s -> 91 min = 1 h 31 min. */
	hand_run_init(&h, "Intel(R) Xeon(R) Gold 6142 CPU @ 2.60GHz");
	h.run.integrals.total.duration_s = 5430;
	h.run.integrals.total.user_cpu_s = 2 * 5430;
	params_init(&p, ET_SCOPE_USER, t);
	p.mem_gb = 64;
	p.native = 1;
	text = form_of(&h, &p, &rc);
	CHECK_INT_EQ(rc, 0);
	check_has(text, "Runtime:                    1 h 31 min  (5430 s)\n");
	check_has(text, "Number of cores:            2  (mean cores used by the user: 2.00)\n");
	check_has(text, "CPU model:                  Xeon Gold 6142  (green-algorithms v2.2 TDP_cpu.csv, 9.4 W per core)\n");
	check_has(text, "Real usage factor of CPU:   1.000\n");
	check_has(text, "Number of GPUs:             2\n");
	/* "NVIDIA A100-SXM4-80GB" has no Green Algorithms row (its "A100 PCIe" row is another
	 * form factor): the user types "Other" and the board's 400 W power limit from the log */
	check_has(text, "GPU 1 model:                Other  (\"NVIDIA A100-SXM4-80GB\")\nGPU 1 TDP:                  400 W\n");
	check_has(text, "GPU 1 usage factor:         0.000\n");
	check_has(text, "Memory available:           64.0 GB\n");
	check_has(text, "PUE:                        1.67\n");
	free(text);

	et_power_tables_free(t);
	return TEST_SUMMARY();
}
