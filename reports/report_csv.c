/* report_csv.c - the CSV output: one row per run and model, RFC 4180 (CRLF, text fields
 * quoted by libcsv), '.' as the decimal point whatever the locale. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "reference_meter.h"
#include "report.h"

static const char *const csv_columns[] = {
	"log", "host", "user", "command", "start", "duration_s", "complete",
	"cpu_seconds_job", "cpu_seconds_user", "cpu_seconds_kernel", "scope",
	"model", "cpu_wh", "gpu_wh", "ram_wh", "pue", "energy_wh",
	"intensity_g_per_kwh", "co2e_g", "intensity_basis", "warnings", NULL
};
/* With --reference only, after those: the outputs without it stay as they were. */
static const char *const reference_columns[] = {
	"reference_wh", "reference_idle_w", "reference_idle", "reference_covered_share",
	"reference_deviation_pct", NULL
};

/* Write a text field (quoted) followed by sep. Returns 0, -1 on a write error. */
static int text(FILE *out, const char *s, const char *sep)
{
	if (csv_fwrite(out, s, strlen(s)) != 0)
		return -1;
	return fputs(sep, out) == EOF ? -1 : 0;
}

/* Write a number (empty if not finite) followed by sep. */
static int number(FILE *out, double v, const char *sep)
{
	char buf[64];
	return fprintf(out, "%s%s", et_report_num(buf, sizeof(buf), 'g', 10, v), sep) < 0 ? -1 : 0;
}

int et_report_csv_header(FILE *out, struct et_error *err)
{
	return et_report_csv_header_ref(out, 0, err);
}

/* The header row: csv_columns, then extra (NULL: none). */
static int header(FILE *out, const char *const *extra, struct et_error *err)
{
	for (int i = 0; csv_columns[i]; i++)
		if (fprintf(out, "%s%s", csv_columns[i], csv_columns[i + 1] || extra ? "," : "\r\n") < 0)
			return et_error_set(err, "", 0, "write error on the CSV output");
	for (int i = 0; extra && extra[i]; i++)
		if (fprintf(out, "%s%s", extra[i], extra[i + 1] ? "," : "\r\n") < 0)
			return et_error_set(err, "", 0, "write error on the CSV output");
	return 0;
}

int et_report_csv_header_ref(FILE *out, int reference, struct et_error *err)
{
	return header(out, reference ? reference_columns : NULL, err);
}

/* The reference columns of model m's row, ending the row. */
static int reference_fields(FILE *out, const struct ref_result *ref, const struct et_model_result *m)
{
	const char *idle = ref->idle_mode == REF_IDLE_AUTO ? "auto" : ref->idle_mode == REF_IDLE_GIVEN ? "given" : "none";
	double dev = et_report_deviation_pct(m, ref);

	return number(out, et_report_reference_wh(ref), ",") | number(out, ref->idle_w, ",") | text(out, idle, ",") |
	       number(out, ref->covered_share, ",") | number(out, dev, "\r\n");
}

/* The basis of the intensity: the days' common basis, or "mixed". */
static const char *basis_of(const struct et_ci_result *ci)
{
	const char *b = ci->n_days ? ci->days[0].basis : "";
	for (size_t i = 1; i < ci->n_days; i++)
		if (strcmp(ci->days[i].basis, b) != 0)
			return "mixed";
	return b;
}

/* The rows of r; with per_n > 0 (--per, never with --reference) each ends with per_n and
 * per_unit. */
static int csv_rows(FILE *out, const struct et_report_run *r, double per_n, const char *per_unit,
		    struct et_error *err)
{
	const struct et_run *run = r->run;
	char cmd[1024], start[40];
	size_t n_warn = 0;
	const char **warn = et_report_warnings(r, &n_warn);
	double kernel = run->facts.end.present ? run->facts.end.job_utime_s + run->facts.end.job_stime_s : NAN;
	int bad = 0;

	free(warn);
	et_report_command(run, cmd, sizeof(cmd));
	et_report_iso_utc(start, sizeof(start), run->facts.launch_utc_ms);
	for (size_t i = 0; i < r->n_results && !bad; i++) {
		const struct et_model_result *m = &r->results[i];
		bad |= text(out, run->log_path, ",") | text(out, run->facts.host ? run->facts.host : "", ",") |
		       text(out, run->facts.user ? run->facts.user : "", ",") | text(out, cmd, ",") |
		       text(out, start, ",") | number(out, run->facts.duration_s, ",") |
		       text(out, run->facts.complete ? "true" : "false", ",") |
		       number(out, run->facts.job_cpu_s_last, ",") | number(out, run->facts.user_cpu_s_last, ",") |
		       number(out, kernel, ",") | text(out, r->scope ? r->scope : "job", ",") |
		       text(out, m->model->name, ",") | number(out, m->energy.cpu_wh, ",") |
		       number(out, m->energy.gpu_wh, ",") | number(out, m->energy.ram_wh, ",") |
		       number(out, m->pue, ",") | number(out, m->energy_wh, ",") |
		       number(out, m->intensity_g_per_kwh, ",") | number(out, m->co2e_g, ",") |
		       text(out, basis_of(&m->ci), ",") |
		       number(out, (double)n_warn, r->reference || per_n > 0 ? "," : "\r\n");
		if (r->reference)
			bad |= reference_fields(out, r->reference, m);
		else if (per_n > 0)
			bad |= number(out, per_n, ",") | text(out, per_unit ? per_unit : "", "\r\n");
	}
	if (bad)
		return et_error_set(err, "", 0, "write error on the CSV output");
	return 0;
}

int et_report_csv_rows(FILE *out, const struct et_report_run *r, struct et_error *err)
{
	return csv_rows(out, r, 0, NULL, err);
}

/* ---- the "csv" writer ---- */

/* With --per, each row ends with per_n and per_unit (the header with their names): the
 * outputs without it stay as they were. */
static int csv_begin(struct et_writer *w, struct et_error *err)
{
	static const char *const per_columns[] = {"per_n", "per_unit", NULL};

	if (w->per_n > 0)   /* --per and --reference are not given together */
		return header(w->out, per_columns, err);
	return et_report_csv_header_ref(w->out, w->reference, err);
}

static int csv_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	return csv_rows(w->out, r, w->per_n, w->per_unit, err);
}

const struct et_writer_ops et_writer_csv = {
	.name = "csv",
	.option = "csv",
	.option_help = "the CSV output",
	.begin = csv_begin,
	.run = csv_run,
};
