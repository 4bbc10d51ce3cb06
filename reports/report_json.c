/* report_json.c - the JSON output of etest, built and written with jansson, with the
 * key names of issue 3 (scripts depend on them). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reference_meter.h"
#include "report.h"

#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

/* A JSON number, or null when v is not finite (JSON has no NaN). New reference. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* A JSON string of s, with bytes that are not valid UTF-8 replaced by U+FFFD (a log's
 * name, an etrec warning copied from a log). New reference, NULL only when out of memory. */
static json_t *text(const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *fixed;

	if (j || !s)
		return j;
	if (!(fixed = et_report_utf8(s)))
		return NULL;
	j = json_string(fixed);
	free(fixed);
	return j;
}

/* The hours or quarter-hours weighted at a finer --intensity-resolution. New reference,
 * NULL when out of memory. */
static json_t *steps_json(const struct et_ci_result *ci)
{
	json_t *steps = json_array();
	char start[40];

	if (!steps)
		return NULL;
	for (size_t i = 0; i < ci->n_steps; i++) {
		const struct et_ci_step *s = &ci->steps[i];
		json_t *step = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}",
					 "start", et_report_iso_utc(start, sizeof(start), s->utc_start_ms),
					 "minutes", s->minutes, "g_per_kwh", num(s->g_per_kwh),
					 "energy_wh", num(s->energy_wh), "basis", text(s->basis),
					 "source", text(s->source < ci->n_step_sources ? ci->step_sources[s->source] : ""));

		if (!step || json_array_append_new(steps, step) < 0) {
			json_decref(steps);
			return NULL;
		}
	}
	return steps;
}

static json_t *intensity_json(const struct et_ci_result *ci)
{
	json_t *o = json_object(), *days = json_array(), *steps = NULL;
	const char *basis = NULL, *source = NULL;

	if (!o || !days)
		goto fail;
	for (size_t i = 0; i < ci->n_days; i++) {
		const struct et_ci_day *d = &ci->days[i];
		json_t *day = json_pack("{s:o, s:o, s:o, s:o, s:o}", "date", text(d->date),
					"g_per_kwh", num(d->g_per_kwh), "energy_wh", num(d->energy_wh),
					"basis", text(d->basis), "source", text(d->source));
		if (!day || json_array_append_new(days, day) < 0)
			goto fail;
		basis = !basis || strcmp(basis, d->basis) == 0 ? d->basis : "mixed";
		source = !source || strcmp(source, d->source) == 0 ? d->source : "mixed";
	}
	if (json_object_set_new(o, "g_per_kwh", num(ci->g_per_kwh)) < 0 ||
	    json_object_set_new(o, "basis", basis ? text(basis) : json_null()) < 0 ||
	    json_object_set_new(o, "source", source ? text(source) : json_null()) < 0 ||
	    json_object_set_new(o, "days", days) < 0)
		goto fail_o;
	if (ci->n_steps && !(steps = steps_json(ci)))
		goto fail_o;
	if (steps && json_object_set_new(o, "steps", steps) < 0)
		goto fail_o;
	return o;
fail:
	json_decref(days);
fail_o:
	json_decref(o);
	return NULL;
}

static json_t *model_json(const struct et_model_result *m)
{
	json_t *ci = intensity_json(&m->ci), *o;

	if (!ci)
		return NULL;
	if (m->setup.unavailable[0]) {   /* no figure: null values and the reason */
		o = json_pack("{s:s, s:n, s:n, s:n, s:o, s:n, s:n, s:n, s:s, s:O, s:o}", "model",
			      m->model->name, "cpu_wh", "gpu_wh", "ram_wh", "pue", num(m->pue), "energy_wh",
			      "intensity_g_per_kwh", "co2e_g", "unavailable", m->setup.unavailable,
			      "inputs", m->inputs ? m->inputs : json_null(), "intensity", ci);
		return o;
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:O, s:o}",
			 "model", m->model->name,
			 "cpu_wh", num(m->energy.cpu_wh),
			 "gpu_wh", num(m->energy.gpu_wh),
			 "ram_wh", num(m->energy.ram_wh),
			 "pue", num(m->pue),
			 "energy_wh", num(m->energy_wh),
			 "intensity_g_per_kwh", num(m->intensity_g_per_kwh),
			 "co2e_g", num(m->co2e_g),
			 "inputs", m->inputs ? m->inputs : json_null(),
			 "intensity", ci);
}

/* The common PUE of the results, or NAN when they differ (--native). */
static double common_pue(const struct et_report_run *r)
{
	for (size_t i = 1; i < r->n_results; i++)
		if (r->results[i].pue != r->results[0].pue)
			return NAN;
	return r->n_results ? r->results[0].pue : NAN;
}

/* "reference": the measured energy of --reference and how it was obtained. New reference. */
static json_t *reference_json(const struct et_report_run *r)
{
	const struct ref_result *ref = r->reference;
	char idle[256];
	json_t *warnings = json_array(), *o;

	if (!warnings)
		return NULL;
	for (size_t i = 0; i < ref->n_warnings; i++)
		if (json_array_append_new(warnings, text(ref->warnings[i])) < 0) {
			json_decref(warnings);
			return NULL;
		}
	ref_idle_describe(ref, idle, sizeof(idle));
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
		      "file", text(r->ref_meter ? r->ref_meter->path : ""),
		      "energy_wh", num(et_report_reference_wh(ref)),
		      "measured_wh", num(ref->net_wh),
		      "gross_wh", num(ref->gross_wh),
		      "idle_w", num(ref->idle_w),
		      "idle_wh", num(ref->idle_wh),
		      "idle", ref->idle_mode == REF_IDLE_AUTO ? "auto" : ref->idle_mode == REF_IDLE_GIVEN ? "given" : "none",
		      "idle_how", text(idle),
		      "energy_with_pue_wh", num(et_report_reference_wh(ref) * common_pue(r)),
		      "window_s", num(ref->window_s),
		      "covered_s", num(ref->covered_s),
		      "readings", (json_int_t)ref->readings_in_window,
		      "covered_share", num(ref->covered_share),
		      "warnings", warnings);
	return o;
}

/* Add the reference and each model's deviation from it to the run object o. */
static int add_reference(json_t *o, const struct et_report_run *r)
{
	json_t *models = json_object_get(o, "models"), *ref = reference_json(r);

	if (!ref || json_object_set_new(o, "reference", ref) < 0)
		return -1;
	for (size_t i = 0; i < r->n_results; i++) {
		double dev = et_report_deviation_pct(&r->results[i], r->reference);
		if (json_object_set_new(json_array_get(models, i), "reference_deviation_pct", num(dev)) < 0)
			return -1;
	}
	return 0;
}

json_t *et_report_json_run(const struct et_report_run *r)
{
	const struct et_run *run = r->run;
	char start[40];
	json_t *models = json_array(), *warnings = json_array(), *o = NULL;
	json_t *command = run->header ? json_object_get(run->header, "command") : NULL;
	size_t n_warn = 0;
	const char **warn = et_report_warnings(r, &n_warn);

	if (!models || !warnings)
		goto out;
	for (size_t i = 0; i < r->n_results; i++) {
		json_t *m = model_json(&r->results[i]);
		if (!m || json_array_append_new(models, m) < 0)
			goto out;
	}
	for (size_t i = 0; i < n_warn; i++)
		if (json_array_append_new(warnings, text(warn[i])) < 0)
			goto out;
	double kernel = run->facts.end.present ? run->facts.end.job_utime_s + run->facts.end.job_stime_s : NAN;
	o = json_pack("{s:o, s:o, s:o, s:O, s:s, s:o, s:b, s:{s:o, s:o, s:o}, s:s, s:O, s:O}",
		      "log", text(run->log_path),
		      "host", text(run->facts.host),
		      "user", text(run->facts.user),
		      "command", json_is_array(command) ? command : json_null(),
		      "start", et_report_iso_utc(start, sizeof(start), run->facts.launch_utc_ms),
		      "duration_s", num(run->facts.duration_s),
		      "complete", run->facts.complete,
		      "cpu_seconds", "job", num(run->facts.job_cpu_s_last), "user", num(run->facts.user_cpu_s_last),
		      "kernel", num(kernel),
		      "scope", r->scope ? r->scope : "job",
		      "models", models,
		      "warnings", warnings);
	if (o && r->reference && add_reference(o, r) < 0) {
		json_decref(o);
		o = NULL;
	}
out:
	free(warn);
	json_decref(models);
	json_decref(warnings);
	return o;
}

/* The dump's text gathered into blocks, one fwrite each: json_dumpf writes every token
 * with its own fwrite (7 % of the CPU time of 10,000 one-hour logs in one call). With
 * indent set, each line break gets that many spaces after it (a run dumped alone, nested
 * as it would be in the whole document). */
struct dump_buffer {
	FILE *out;
	size_t used;
	int indent;
	char data[65536];
};

static int dump_flush(struct dump_buffer *b)
{
	size_t n = b->used;

	b->used = 0;
	return n && fwrite(b->data, 1, n, b->out) != n ? -1 : 0;
}

static int dump_plain(const char *s, size_t n, struct dump_buffer *b)
{
	if (n > sizeof(b->data) - b->used && dump_flush(b) < 0)
		return -1;
	if (n > sizeof(b->data))
		return fwrite(s, 1, n, b->out) == n ? 0 : -1;
	memcpy(b->data + b->used, s, n);
	b->used += n;
	return 0;
}

static int dump_chunk(const char *s, size_t n, void *vb)
{
	static const char spaces[] = "        ";
	struct dump_buffer *b = vb;
	const char *nl;

	while (b->indent > 0 && (nl = memchr(s, '\n', n)) != NULL) {
		size_t part = (size_t)(nl - s) + 1;
		if (dump_plain(s, part, b) < 0 || dump_plain(spaces, (size_t)b->indent, b) < 0)
			return -1;
		s += part;
		n -= part;
	}
	return dump_plain(s, n, b);
}

int et_report_json_write(FILE *out, json_t *runs, struct et_error *err)
{
	json_t *doc = json_pack("{s:s, s:O}", "etest_version", ET_VERSION, "runs", runs);
	struct dump_buffer *buf = malloc(sizeof(*buf));
	int rc;

	if (!doc || !buf) {
		json_decref(doc);
		free(buf);
		return et_error_set(err, "", 0, "out of memory");
	}
	buf->out = out;
	buf->used = 0;
	buf->indent = 0;
	rc = json_dump_callback(doc, dump_chunk, buf, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	if (dump_flush(buf) < 0)
		rc = -1;
	free(buf);
	json_decref(doc);
	if (rc < 0 || fputc('\n', out) == EOF)
		return et_error_set(err, "", 0, "write error on the JSON output");
	return 0;
}

/* ---- the "json" writer: one document, {"etest_version", "runs": [...]}, at the end ---- */

/* The document is written as the runs come, each run dumped on its own and nested by
 * indenting its lines: the bytes of et_report_json_write's whole document, without
 * holding every run (10,000 one-hour logs: 1.3 GB and half the CPU time before). */
struct json_stream {
	size_t n_runs;
	struct dump_buffer buf;
};

static int dump_text(const char *s, struct dump_buffer *b)
{
	return dump_plain(s, strlen(s), b);
}

/* The document's start, up to the runs: what json_dump_callback writes for
 * {"etest_version": V, "runs": [...]} with JSON_INDENT(2) before the array's items. */
static int stream_head(struct json_stream *st)
{
	json_t *version = json_string(ET_VERSION);
	int rc;

	if (!version)
		return -1;
	rc = dump_text("{\n  \"etest_version\": ", &st->buf) < 0 ||
	     json_dump_callback(version, dump_chunk, &st->buf, JSON_ENCODE_ANY) < 0 ||
	     dump_text(",\n  \"runs\": [", &st->buf) < 0 ? -1 : 0;
	json_decref(version);
	return rc;
}

static int json_begin(struct et_writer *w, struct et_error *err)
{
	struct json_stream *st = malloc(sizeof(*st));

	if (!st)
		return et_error_set(err, "", 0, "out of memory");
	st->n_runs = 0;
	st->buf.out = w->out;
	st->buf.used = 0;
	st->buf.indent = 0;
	w->state = st;
	if (stream_head(st) < 0)
		return et_error_set(err, "", 0, "write error on the JSON output");
	return 0;
}

static int json_run(struct et_writer *w, const struct et_report_run *r, struct et_error *err)
{
	struct json_stream *st = w->state;
	json_t *j = et_report_json_run(r);
	char per[256];
	int rc;

	/* --per: {"n": 90, "unit": "epoch", "note": ...}; the figures are already divided */
	if (j && w->per_n > 0 &&
	    json_object_set_new(j, "per", json_pack("{s:f, s:s, s:s}", "n", w->per_n, "unit", w->per_unit,
						    "note", et_report_per_text(per, sizeof(per), w->per_n,
									       w->per_unit))) < 0) {
		json_decref(j);
		j = NULL;
	}
	if (!j)
		return et_error_set(err, r->run->log_path, 0, "out of memory");
	st->buf.indent = 0;
	rc = dump_text(st->n_runs ? ",\n    " : "\n    ", &st->buf);
	st->buf.indent = 4;   /* the run's lines at depth 2 of the document */
	if (rc == 0)
		rc = json_dump_callback(j, dump_chunk, &st->buf, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	st->buf.indent = 0;
	json_decref(j);
	st->n_runs++;
	return rc < 0 ? et_error_set(err, "", 0, "write error on the JSON output") : 0;
}

static int json_end(struct et_writer *w, struct et_error *err)
{
	struct json_stream *st = w->state;
	const char *tail = st->n_runs ? "\n  ]\n}\n" : "]\n}\n";

	if (dump_text(tail, &st->buf) < 0 || dump_flush(&st->buf) < 0)
		return et_error_set(err, "", 0, "write error on the JSON output");
	return 0;
}

static void json_release(struct et_writer *w)
{
	free(w->state);
	w->state = NULL;
}

const struct et_writer_ops et_writer_json = {
	.name = "json",
	.option = "json",
	.option_help = "the JSON output",
	.begin = json_begin,
	.run = json_run,
	.end = json_end,
	.release = json_release,
};
