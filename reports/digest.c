/* digest.c - what every writer shows of a run beyond the model rows, decided once: each
 * day's intensity and each input worth a line, given once with the models giving it. */
#include <stdlib.h>
#include <string.h>

#include "et_grow.h"
#include "report.h"

/* Add text given by model to lines (or the model to the text's line). Returns 0, -1 if
 * out of memory. */
static int lines_add(struct et_report_lines *lines, const char *text, const char *model)
{
	struct et_report_line *l, *grown;
	size_t i;

	for (i = 0; i < lines->n; i++)
		if (strcmp(lines->v[i].text, text) == 0)
			break;
	if (i == lines->n) {
		if (!(grown = et_grow(lines->v, &lines->cap, lines->n + 1, sizeof(*grown))))
			return -1;
		lines->v = grown;
		l = &lines->v[i];
		if (!(l->text = strdup(text)))
			return -1;
		if (!(l->models = strdup(model))) {
			free(l->text);
			return -1;
		}
		l->n_models = 1;
		lines->n++;
		return 0;
	}
	l = &lines->v[i];
	size_t len = strlen(l->models), add = strlen(model) + 3;
	char *models = realloc(l->models, len + add);
	if (!models)
		return -1;
	snprintf(models + len, add, ", %s", model);
	l->models = models;
	l->n_models++;
	return 0;
}

static void lines_release(struct et_report_lines *lines)
{
	for (size_t i = 0; i < lines->n; i++) {
		free(lines->v[i].text);
		free(lines->v[i].models);
	}
	free(lines->v);
	memset(lines, 0, sizeof(*lines));
}

/* Each day once: date, g/kWh, basis and source do not depend on the model's energy
 * (except within a day at hourly resolution, or with --native: then each value is
 * listed with its models). The energy weights are in the JSON output. */
static int collect_days(const struct et_report_run *r, struct et_report_lines *s)
{
	char line[512], g[32];

	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		for (size_t k = 0; k < m->ci.n_days; k++) {
			const struct et_ci_day *d = &m->ci.days[k];
			snprintf(line, sizeof(line), "%s: %s g/kWh, %s; %s", d->date,
				 et_report_num(g, sizeof(g), 'f', 2, d->g_per_kwh), d->basis, d->source);
			if (lines_add(s, line, m->model->name) < 0)
				return -1;
		}
	}
	return 0;
}

/* An input worth a line of its own: what was looked up in a table, derived from
 * a table row, an option or the header, defaulted or overridden. Measured values, the
 * PUE (a column of the table), the tools' fixed W/GB and formulas on other inputs (a
 * source that starts with another input's name, e.g. "cpu_tdp_w / 2") are left to the
 * JSON output. */
static int input_shown(json_t *inputs, const char *key, json_t *o)
{
	const char *how = json_string_value(json_object_get(o, "how"));
	const char *source = json_string_value(json_object_get(o, "source"));
	const char *k;
	json_t *v;

	if (how && strcmp(how, "measured") == 0 && source && strncmp(source, "RAPL ", 5) == 0)
		return 1;   /* a tool's CPU read from RAPL: the line that says so */
	if (!how || strcmp(how, "measured") == 0 || strcmp(key, "pue") == 0)
		return 0;
	if (strcmp(key, "ram_w_per_gb") == 0 && strcmp(how, "defaulted") == 0)
		return 0;   /* the tool's own constant, listed by `etest models` */
	if (strcmp(how, "derived") != 0 || json_object_get(o, "table") || !source)
		return 1;
	json_object_foreach(inputs, k, v) {
		size_t n = strlen(k);
		if (strcmp(k, key) != 0 && strncmp(source, k, n) == 0 &&
		    (source[n] == ' ' || source[n] == '\0'))
			return 0;
	}
	return 1;
}

/* "cpu_tdp_w = 125 W, looked up: <table> line 12 "<row>" (exact name); <source>" */
static void input_text(char *buf, size_t n, const char *key, json_t *o)
{
	json_t *value = json_object_get(o, "value");
	const char *unit = json_string_value(json_object_get(o, "unit"));
	const char *how = json_string_value(json_object_get(o, "how"));
	const char *table = json_string_value(json_object_get(o, "table"));
	const char *row = json_string_value(json_object_get(o, "row"));
	const char *match = json_string_value(json_object_get(o, "match"));
	const char *source = json_string_value(json_object_get(o, "source"));
	json_t *line = json_object_get(o, "line");
	char num[32];
	size_t used;

	if (json_is_number(value))
		et_report_num(num, sizeof(num), 'g', 6, json_number_value(value));
	else
		snprintf(num, sizeof(num), "unknown");
	used = (size_t)snprintf(buf, n, "%s = %s%s%s, %s", key, num, unit && *unit ? " " : "",
				unit ? unit : "", how ? how : "?");
	if (table && row && used < n)
		used += (size_t)snprintf(buf + used, n - used, ": %s line %lld \"%s\" (%s)", table,
					 (long long)json_integer_value(line), row, match ? match : "?");
	if (source && used < n)
		snprintf(buf + used, n - used, "%s%s", table ? "; " : ": ", source);
}

static int collect_inputs(const struct et_report_run *r, struct et_report_lines *s)
{
	char key[96], line[768];

	for (size_t i = 0; i < r->n_results; i++) {
		const struct et_model_result *m = &r->results[i];
		const char *k;
		json_t *o;

		if (!json_is_object(m->inputs))
			continue;
		json_object_foreach(m->inputs, k, o) {
			if (json_is_array(o)) {   /* one object per GPU */
				size_t j;
				json_t *g;
				json_array_foreach(o, j, g) {
					if (!input_shown(m->inputs, k, g))
						continue;
					snprintf(key, sizeof(key), "%s (gpu %lld)", k,
						 (long long)json_integer_value(json_object_get(g, "gpu")));
					input_text(line, sizeof(line), key, g);
					if (lines_add(s, line, m->model->name) < 0)
						return -1;
				}
			} else if (json_is_object(o) && input_shown(m->inputs, k, o)) {
				input_text(line, sizeof(line), k, o);
				if (lines_add(s, line, m->model->name) < 0)
					return -1;
			}
		}
	}
	return 0;
}

int et_report_digest(const struct et_report_run *r, struct et_report_digest *d,
		     struct et_error *err)
{
	memset(d, 0, sizeof(*d));
	d->n_models = (unsigned)r->n_results;
	if (collect_days(r, &d->days) < 0 || collect_inputs(r, &d->inputs) < 0) {
		et_report_digest_release(d);
		return et_error_set(err, "", 0, "out of memory");
	}
	d->warnings = et_report_warnings(r, &d->n_warnings);
	return 0;
}

void et_report_digest_release(struct et_report_digest *d)
{
	lines_release(&d->days);
	lines_release(&d->inputs);
	free(d->warnings);
	memset(d, 0, sizeof(*d));
}
