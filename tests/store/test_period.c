/* test_period.c - a period's sums (reports/period.c) on stored runs made by hand: groups
 * by user and tag, CPU-hours, GPU-hours, idle GPU energy, local days across a DST change,
 * the largest runs, privacy; and the CSV and JSON writers on them. */
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "../harness.h"
#include "period.h"

/* A linear test model: 0.01 Wh per job CPU-second, nothing else. */
static int lin_prepare(const struct et_run_facts *facts, const struct et_integrals *total,
		       const struct et_params *p, struct et_model_setup *setup, json_t *inputs,
		       struct et_error *err)
{
	return 0;
}

static void lin_energy(const struct et_run_facts *facts, const struct et_params *p,
		       const struct et_model_setup *setup, const struct et_integrals *q,
		       struct et_energy *out)
{
	out->cpu_wh = q->job_cpu_s * 0.01;
	out->gpu_wh = out->ram_wh = 0;
}

static const struct et_model lin = {"lin", "test", lin_prepare, lin_energy};

/* 2022-10-30 00:00 UTC = 02:00 CEST; Paris goes back to 02:00 CET at 01:00 UTC. */
#define T0 1667088000000LL

/* A run of two quarter-hours from T0 + start_q quarter-hours, 1800 job CPU-seconds in
 * each; GPU 0 used 900 s per quarter-hour, whole 180 kJ, above idle 144 kJ; GPU 1
 * never used by the job, whole 90 kJ, above idle 0. */
static void make_run(struct et_stored_run *r, struct et_bucket b[2], const char *user,
		     const char *tags, int start_q, const char *program)
{
	memset(r, 0, sizeof(*r));
	memset(b, 0, 2 * sizeof(*b));
	r->facts.user = user;
	r->facts.host = "node1";
	r->facts.cpu_model = "";
	r->facts.n_gpus = 2;
	r->facts.complete = start_q != 0;   /* the first run is a truncated log */
	r->facts.launch_utc_ms = T0 + (int64_t)start_q * ET_BUCKET_MS;
	r->facts.end_utc_ms = r->facts.launch_utc_ms + 2 * ET_BUCKET_MS;
	r->facts.duration_s = 1800;
	r->program = program;
	r->command_json = "[\"/usr/bin/python\", \"x.py\", \"--password=hunter2\"]";
	r->tags_json = tags;
	r->source_path = "x.log";
	for (int i = 0; i < 2; i++) {
		b[i].utc_start_ms = r->facts.launch_utc_ms + (int64_t)i * ET_BUCKET_MS;
		b[i].q.job_cpu_s = 1800;
		b[i].q.user_cpu_s = 3600;
		b[i].q.gpu[0].used_job_s = 900;
		b[i].q.gpu[0].whole_j = 180000;
		b[i].q.gpu[0].above_idle_j = 144000;
		b[i].q.gpu[1].whole_j = 90000;
		et_integrals_add(&r->integrals.total, &b[i].q);
		if (et_run_bucket_append(&r->integrals, &b[i]) < 0)
			abort();
	}
}

/* What et_estimate_buckets gives the lin model (PUE 1.5, 100 g/kWh): energy 1.5 x
 * 0.01 x 3600 = 54 Wh, CO2e 54 / 1000 x 100 = 5.4 g. */
static void make_result(struct et_model_result *res)
{
	memset(res, 0, sizeof(*res));
	res->model = &lin;
	res->pue = 1.5;
	res->energy_wh = 54;
	res->co2e_g = 5.4;
}

static char *write_to_string(int (*write)(FILE *, const struct et_period_report *, struct et_error *),
			     const struct et_period_report *rep)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	struct et_error err = ET_ERROR_INIT;

	if (!f)
		return NULL;
	CHECK_INT_EQ(write(f, rep, &err), 0);
	fclose(f);
	return text;
}

int main(void)
{
	const struct et_model *models[1] = {&lin};
	struct et_params params;
	struct et_period_report rep;
	struct et_stored_run r;
	struct et_bucket b[2];
	struct et_model_result res;
	struct et_error err = ET_ERROR_INIT;
	char key[64];

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	et_params_init(&params);
	params.pue = 1.5;
	memset(&rep, 0, sizeof(rep));
	rep.label = "2022-10";
	rep.tz = "Europe/Paris";
	rep.from_utc_ms = T0 - 29LL * 86400000 - 7200000;
	rep.to_utc_ms = T0 + 2LL * 86400000;
	rep.by = "tag:project";
	rep.models = models;
	rep.n_models = 1;
	rep.params = &params;
	rep.intensity = "constant 100 gCO2e/kWh";
	rep.resolution = "day";

	make_run(&r, b, "alice", "{\"project\":\"vision\"}", 0, "python");
	CHECK_STR_EQ(et_period_group_of("tag:project", &r, key, sizeof(key)), "vision");
	CHECK_STR_EQ(et_period_group_of("user", &r, key, sizeof(key)), "alice");
	CHECK_STR_EQ(et_period_group_of("host", &r, key, sizeof(key)), "node1");
	CHECK_STR_EQ(et_period_group_of("tag:team", &r, key, sizeof(key)), "(no team)");
	make_result(&res);
	/* the intensity days of the result: 50 g/kWh on 10-30, 80 on 10-31 (Paris) */
	struct et_ci_day ci_days[2] = {{"2022-10-30", 50, 0, "", "", 0, 2, 0},
				       {"2022-10-31", 80, 0, "", "", 0, 2, 0}};
	res.ci.days = ci_days;
	res.ci.n_days = 2;
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	et_run_buckets_free(&r.integrals);
	make_run(&r, b, "bob", "{\"project\":\"vision\"}", 4, "make");
	res.energy_wh = 60;   /* bob's run is larger: listed first */
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	et_run_buckets_free(&r.integrals);
	make_run(&r, b, "carol", "{}", 96, "gzip");
	res.energy_wh = 10;
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	et_period_finish(&rep);

	CHECK_INT_EQ(rep.n_groups, 2);
	/* vision: alice 54 Wh + bob 60 Wh = 114 Wh, first; "(no project)": carol 10 Wh */
	CHECK_STR_EQ(rep.groups[0].key, "vision");
	CHECK_NEAR(rep.groups[0].energy_wh[0], 114, 1e-9);
	CHECK_NEAR(rep.groups[0].co2e_g[0], 10.8, 1e-9);
	CHECK_INT_EQ(rep.groups[0].runs, 2);
	CHECK_INT_EQ(rep.groups[0].incomplete, 1);
	CHECK_STR_EQ(rep.groups[1].key, "(no project)");
	/* CPU-hours: 2 quarter-hours x 1800 s / 3600 = 1 h per run, 3 runs */
	CHECK_NEAR(rep.total.cpu_h, 3.0, 1e-12);
	/* GPU-hours: GPU 0 only, 2 x 900 s / 3600 = 0.5 h per run */
	CHECK_NEAR(rep.total.gpu_h, 1.5, 1e-12);
	/* idle GPU energy: GPU 0 (used) 2 x (180000 - 144000) J / 3600 = 20 Wh per run;
	 * GPU 1 was never the job's: not counted */
	CHECK_NEAR(rep.total.gpu_idle_wh, 60.0, 1e-9);
	CHECK_NEAR(rep.total.energy_wh[0], 124, 1e-9);
	/* days, Paris local: alice's and bob's quarter-hours (00:00-02:00 UTC) are on
	 * 2022-10-30; carol's (T0 + 24 h = 2022-10-31 00:00 UTC, 01:00 CET) on 10-31.
	 * Each bucket: 1.5 x 0.01 x 1800 = 27 Wh (the model's own energy, not res) */
	CHECK_INT_EQ(rep.n_days, 2);
	CHECK_STR_EQ(rep.days[0].date, "2022-10-30");
	CHECK_NEAR(rep.days[0].energy_wh[0], 4 * 27.0, 1e-9);
	CHECK_STR_EQ(rep.days[1].date, "2022-10-31");
	CHECK_NEAR(rep.days[1].energy_wh[0], 2 * 27.0, 1e-9);
	/* CO2e per day: 108 Wh x 50 g/kWh = 5.4 g; 54 Wh x 80 g/kWh = 4.32 g */
	CHECK_NEAR(rep.days[0].co2e_g[0], 5.4, 1e-9);
	CHECK_NEAR(rep.days[1].co2e_g[0], 4.32, 1e-9);
	/* the largest runs: bob 60, alice 54, carol 10; no command line by default */
	CHECK_INT_EQ(rep.n_top, 3);
	CHECK_STR_EQ(rep.top[0].user, "bob");
	CHECK_STR_EQ(rep.top[0].program, "make");
	CHECK_STR_EQ(rep.top[2].user, "carol");
	CHECK(rep.top[0].command == NULL);

	char *csv = write_to_string(et_period_write_csv, &rep);
	CHECK(csv && strstr(csv, "by,group,model,runs,incomplete_runs,cpu_hours,gpu_hours,gpu_idle_wh,energy_wh,co2e_g,") == csv);
	CHECK(csv && strstr(csv, "\"tag:project\",\"vision\",\"lin\",2,1,2,1,40,114,10.8,94.73684211,1.5,"));
	CHECK(csv && !strstr(csv, "total"));
	free(csv);
	char *json = write_to_string(et_period_write_json, &rep);
	json_t *doc = json ? json_loads(json, 0, NULL) : NULL;
	CHECK(doc != NULL);
	CHECK_NEAR(json_real_value(json_object_get(json_object_get(doc, "totals"), "gpu_idle_wh")), 60, 1e-9);
	CHECK_INT_EQ(json_array_size(json_object_get(doc, "top_runs")), 3);
	CHECK(json && !strstr(json, "hunter2"));
	json_decref(doc);
	free(json);
	et_period_release(&rep);

	/* in another zone than the intensity's days, no CO2e per day */
	memset(&rep.total, 0, sizeof(rep) - offsetof(struct et_period_report, total));
	rep.tz = "UTC";
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	CHECK(isnan(rep.days[0].co2e_g[0]));
	CHECK_NEAR(rep.days[0].energy_wh[0], 54.0, 1e-9);
	et_period_release(&rep);
	rep.tz = "Europe/Paris";

	/* --show-commands: the whole command line of the largest runs */
	memset(&rep.total, 0, sizeof(rep) - offsetof(struct et_period_report, total));
	rep.show_commands = 1;
	et_run_buckets_free(&r.integrals);
	make_run(&r, b, "alice", "{}", 0, "python");
	res.energy_wh = 54;
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	CHECK_STR_EQ(rep.top[0].command, "/usr/bin/python x.py --password=hunter2");
	et_period_release(&rep);

	/* --scope user: the user's CPU, 2 x 3600 s / 3600 = 2 h; no GPU had a process of
	 * the user's (used_user_s 0), so no GPU-hours and no idle energy to pay */
	memset(&rep.total, 0, sizeof(rep) - offsetof(struct et_period_report, total));
	params.scope = ET_SCOPE_USER;
	CHECK_INT_EQ(et_period_add(&rep, &r, &res, &err), 0);
	CHECK_NEAR(rep.total.cpu_h, 2.0, 1e-12);
	CHECK_NEAR(rep.total.gpu_h, 0.0, 0);
	CHECK_NEAR(rep.total.gpu_idle_wh, 0.0, 0);
	et_period_release(&rep);
	et_run_buckets_free(&r.integrals);
	return TEST_SUMMARY();
}
