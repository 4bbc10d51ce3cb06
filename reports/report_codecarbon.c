/* report_codecarbon.c - CodeCarbon's emissions.csv (the 31 columns of v2.2.4, see
 * methods.md §2.8) so that CodeCarbon dashboards read replayed runs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "report.h"

#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

/* Column names and order of CodeCarbon 2.2.4's emissions.csv. */
static const char *const cc_columns[] = {
	"timestamp", "project_name", "run_id", "duration", "emissions", "emissions_rate",
	"cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy",
	"energy_consumed", "country_name", "country_iso_code", "region", "cloud_provider",
	"cloud_region", "os", "python_version", "codecarbon_version", "cpu_count", "cpu_model",
	"gpu_count", "gpu_model", "longitude", "latitude", "ram_total_size", "tracking_mode",
	"on_cloud", "pue", NULL
};

int et_report_codecarbon_header(FILE *out, struct et_error *err)
{
	for (int i = 0; cc_columns[i]; i++)
		if (fprintf(out, "%s%s", cc_columns[i], cc_columns[i + 1] ? "," : "\r\n") < 0)
			return et_error_set(err, "", 0, "write error on the CodeCarbon CSV output");
	return 0;
}

static int text(FILE *out, const char *s)
{
	if (csv_fwrite(out, s, strlen(s)) != 0)
		return -1;
	return fputc(',', out) == EOF ? -1 : 0;
}

static int number(FILE *out, double v, char style, int prec, const char *sep)
{
	char buf[64];
	return fprintf(out, "%s%s", et_report_num(buf, sizeof(buf), style, prec, v), sep) < 0 ? -1 : 0;
}

/* A run id in the shape of a UUID, stable for one log, run and model (FNV-1a hashes). */
static void run_id(char *buf, size_t n, const struct et_run *run, const char *model)
{
	uint64_t h1 = 1469598103934665603ULL, h2 = 1099511628211ULL * 7;
	const char *parts[] = {run->log_path, model, run->facts.host ? run->facts.host : ""};
	for (size_t p = 0; p < 3; p++)
		for (const char *c = parts[p]; *c; c++) {
			h1 = (h1 ^ (unsigned char)*c) * 1099511628211ULL;
			h2 = (h2 ^ (unsigned char)*c) * 1469598103934665603ULL;
		}
	h1 ^= (uint64_t)run->facts.launch_utc_ms;
	snprintf(buf, n, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(h1 >> 32),
		 (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xfff,
		 (unsigned)(0x8000 | ((h2 >> 48) & 0x3fff)),
		 (unsigned long long)(h2 & 0xffffffffffffULL));
}

/* The GPUs as CodeCarbon names them: "2 x NVIDIA A100" (or the names joined). */
static void gpu_model(char *buf, size_t n, const struct et_run *run)
{
	buf[0] = '\0';
	if (run->facts.n_gpus == 0)
		return;
	int same = 1;
	for (int i = 1; i < run->facts.n_gpus; i++)
		same &= strcmp(run->facts.gpus[i].name, run->facts.gpus[0].name) == 0;
	if (same) {
		snprintf(buf, n, "%d x %s", run->facts.n_gpus, run->facts.gpus[0].name);
		return;
	}
	size_t used = 0;
	for (int i = 0; i < run->facts.n_gpus && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", run->facts.gpus[i].name);
		if (w > 0)
			used += (size_t)w;
	}
}

/*
 * How the columns are filled: timestamp = end of the run (UTC); project_name =
 * "energytrack/<model>" (or the log's tag "project" + "/<model>"); duration in s;
 * emissions in kg and emissions_rate in kg/s; *_power = mean power over the run (W,
 * before PUE); *_energy and energy_consumed in kWh with the PUE included, as CodeCarbon
 * does; country France/FRA; os = the header's kernel; python_version empty;
 * codecarbon_version = "etest <version>"; ram_total_size in GB (GiB, as CodeCarbon);
 * tracking_mode = "process" for --scope job, "user" for --scope user; on_cloud = N.
 */
int et_report_codecarbon_rows(FILE *out, const struct et_report_run *r, struct et_error *err)
{
	const struct et_run *run = r->run;
	const char *kernel = run->header ? json_string_value(json_object_get(run->header, "kernel")) : NULL;
	json_t *tags = run->header ? json_object_get(run->header, "tags") : NULL;
	const char *project = json_string_value(json_object_get(tags, "project"));
	char ts[40], project_name[160], id[48], gpus[512];
	double dur = run->facts.duration_s;
	int bad = 0;

	et_report_iso_utc(ts, sizeof(ts), run->facts.end_utc_ms);
	gpu_model(gpus, sizeof(gpus), run);
	for (size_t i = 0; i < r->n_results && !bad; i++) {
		const struct et_model_result *m = &r->results[i];
		double kwh = m->pue / 1000.0;
		double to_w = dur > 0 ? 3600.0 / dur : NAN;
		snprintf(project_name, sizeof(project_name), "%s/%s", project ? project : "energytrack",
			 m->model->name);
		run_id(id, sizeof(id), run, m->model->name);
		bad |= text(out, ts) | text(out, project_name) | text(out, id) |
		       number(out, dur, 'f', 6, ",") |
		       number(out, m->co2e_g / 1000.0, 'g', 12, ",") |
		       number(out, dur > 0 ? m->co2e_g / 1000.0 / dur : NAN, 'g', 12, ",") |
		       number(out, m->energy.cpu_wh * to_w, 'g', 6, ",") |
		       number(out, m->energy.gpu_wh * to_w, 'g', 6, ",") |
		       number(out, m->energy.ram_wh * to_w, 'g', 6, ",") |
		       number(out, m->energy.cpu_wh * kwh, 'g', 12, ",") |
		       number(out, m->energy.gpu_wh * kwh, 'g', 12, ",") |
		       number(out, m->energy.ram_wh * kwh, 'g', 12, ",") |
		       number(out, m->energy_wh / 1000.0, 'g', 12, ",") |
		       text(out, "France") | text(out, "FRA") | text(out, "") | text(out, "") |
		       text(out, "") | text(out, kernel ? kernel : "Linux") | text(out, "") |
		       text(out, "etest " ET_VERSION) |
		       number(out, (double)run->facts.logical_cpus, 'f', 0, ",") |
		       text(out, run->facts.cpu_model ? run->facts.cpu_model : "") |
		       number(out, (double)run->facts.n_gpus, 'f', 0, ",") | text(out, gpus) |
		       text(out, "") | text(out, "") |
		       number(out, run->facts.mem_total_kib / (1024.0 * 1024.0), 'g', 6, ",") |
		       text(out, r->scope && strcmp(r->scope, "user") == 0 ? "user" : "process") |
		       text(out, "N") | number(out, m->pue, 'g', 6, "\r\n");
	}
	if (bad)
		return et_error_set(err, "", 0, "write error on the CodeCarbon CSV output");
	return 0;
}

/* ---- the "codecarbon" writer (emissions.csv columns) ---- */

static int cc_begin(struct et_writer *w, struct et_error *err)
{
	return et_report_codecarbon_header(w->out, err);
}

static int cc_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	return et_report_codecarbon_rows(w->out, r, err);
}

const struct et_writer_ops et_writer_codecarbon = {
	.name = "codecarbon",
	.option = "codecarbon-csv",
	.option_help = "CodeCarbon's emissions.csv columns",
	.begin = cc_begin,
	.run = cc_run,
};
