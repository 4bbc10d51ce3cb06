/* assumption.c - one line per model saying its main assumption for a run, generated from
 * the inputs it used (what a reader needs to see why two models differ). */
#include <math.h>
#include <string.h>

#include "report.h"

/* The input key's value (NAN if absent), how it was obtained and its source. */
static double input(json_t *inputs, const char *key, const char **how, const char **source)
{
	json_t *o = json_object_get(inputs, key);
	json_t *v = json_object_get(o, "value");

	if (how)
		*how = json_string_value(json_object_get(o, "how"));
	if (source)
		*source = json_string_value(json_object_get(o, "source"));
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* " (default)", " (given)", " from its table", "" by how: where a TDP comes from. */
static const char *origin(const char *how, const char *source)
{
	if (!how)
		return "";
	if (strcmp(how, "defaulted") == 0)
		return " default";
	if (strcmp(how, "overridden") == 0)
		return " given";
	if (strcmp(how, "looked up") == 0)
		return " from its table";
	return "";
}

/* " (CPU not in its table)" when the TDP is the tool's fallback for an unknown CPU. */
static const char *unknown_cpu(const char *source)
{
	return source && strstr(source, "unknown CPU") ? " (CPU not in its table)" : "";
}

/* "an" before a number read aloud with a vowel (8, 11, 18, 80...), else "a". */
static const char *article(const char *num)
{
	size_t digits = strcspn(num, ".");

	return num[0] == '8' || (digits == 2 && (strncmp(num, "11", 2) == 0 || strncmp(num, "18", 2) == 0))
	       ? "an" : "a";
}

/* GPUs above their idle baseline (ga): "; GPU 0 above its 60 W idle", or with more than
 * two "; 4 GPUs above their idle (55 to 58 W)". */
static size_t gpu_idle_text(char *buf, size_t n, json_t *inputs)
{
	json_t *list = json_object_get(inputs, "gpu_idle_w"), *g, *first = NULL;
	double lo = INFINITY, hi = -INFINITY;
	size_t i, count = 0, no_idle = 0;
	char a[32], b[32];

	json_array_foreach(list, i, g) {
		json_t *v = json_object_get(g, "value");

		if (!(json_number_value(json_object_get(g, "above_idle_wh")) > 0))
			continue;
		first = first ? first : g;
		count++;
		if (json_is_number(v)) {
			lo = fmin(lo, json_number_value(v));
			hi = fmax(hi, json_number_value(v));
		} else {
			no_idle++;
		}
	}
	if (count == 0)
		return 0;
	if (count == 1 && no_idle)
		return (size_t)snprintf(buf, n, "; GPU %lld above 0 W (no idle)",
					(long long)json_integer_value(json_object_get(first, "gpu")));
	if (count == 1)
		return (size_t)snprintf(buf, n, "; GPU %lld above its %s W idle",
					(long long)json_integer_value(json_object_get(first, "gpu")),
					et_report_num(a, sizeof(a), 'g', 4, lo));
	if (no_idle == count)
		return (size_t)snprintf(buf, n, "; %zu GPUs above 0 W (no idle)", count);
	if (lo == hi)
		return (size_t)snprintf(buf, n, "; %zu GPUs above their %s W idle%s", count,
					et_report_num(a, sizeof(a), 'g', 4, lo), no_idle ? " (some 0 W)" : "");
	return (size_t)snprintf(buf, n, "; %zu GPUs above their idle (%s to %s W%s)", count,
				et_report_num(a, sizeof(a), 'g', 4, lo), et_report_num(b, sizeof(b), 'g', 4, hi),
				no_idle ? ", some 0 W" : "");
}

/* A number for a line of text: 4 significant digits, whole from 1000 on (no exponent). */
static const char *number(char *buf, size_t n, double v)
{
	return et_report_num(buf, n, fabs(v) >= 1000 ? 'f' : 'g', fabs(v) >= 1000 ? 0 : 4, v);
}

char *et_report_assumption(const struct et_model_result *m, char *buf, size_t n)
{
	json_t *in = m->inputs;
	const char *name = m->model->name, *how = NULL, *src = NULL;
	char a[32], b[32], c[32];
	size_t used;

#define NUM(buf_, v) number(buf_, sizeof(buf_), (v))
	double rapl_wh = input(in, "cpu_rapl_wh", NULL, NULL);
	if (m->setup.unavailable[0]) {   /* no figure: why */
		snprintf(buf, n, "%s: cannot run on this log: %s", name, m->setup.unavailable);
	} else if (isfinite(rapl_wh)) {   /* a log with RAPL: codecarbon, codecarbon3, carbontracker */
		snprintf(buf, n, "%s: CPU from the log's RAPL energy, %s Wh measured, as the tool reads "
			 "RAPL (no TDP); GPU and RAM as without RAPL", name, NUM(a, rapl_wh));
	} else if (strcmp(name, "eit") == 0) {
		snprintf(buf, n, "eit: the measured RAPL power by the scope's share of busy CPU and of "
			 "used memory, each GPU's power by its SM share, interval by interval");
	} else if (strcmp(name, "ga") == 0) {
		used = (size_t)snprintf(buf, n, "ga: %s W per busy logical CPU x %s CPU-s",
					NUM(a, input(in, "cpu_w_per_busy_logical_cpu", NULL, NULL)),
					NUM(b, input(in, "cpu_seconds", NULL, NULL)));
		if (used < n)
			gpu_idle_text(buf + used, n - used, in);
	} else if (strcmp(name, "greenalgorithms") == 0) {
		double tdp = input(in, "cpu_tdp_per_core_w", &how, &src);
		snprintf(buf, n, "greenalgorithms: %s W%s per core x %s CPU-s; RAM: all %s GB, whole run; "
			 "GPU: TDP x use", NUM(a, tdp), origin(how, src),
			 NUM(b, input(in, "cpu_seconds", NULL, NULL)), NUM(c, input(in, "mem_gb", NULL, NULL)));
	} else if (strcmp(name, "codecarbon") == 0) {
		double tdp = input(in, "cpu_tdp_package_w", &how, &src), rss = input(in, "mean_rss_gb", NULL, NULL);
		char ram[96];

		NUM(a, tdp);
		if (isfinite(rss))   /* --codecarbon-mode process */
			snprintf(ram, sizeof(ram), "RAM 0.375 W/GB x the scope's RSS");
		else
			snprintf(ram, sizeof(ram), "RAM 0.375 W/GB x %s GB", NUM(b, input(in, "mem_gb", NULL, NULL)));
		snprintf(buf, n, "codecarbon: 50 %% of %s %s W%s TDP for the whole run%s; %s",
			 article(a), a, origin(how, src), unknown_cpu(src), ram);
	} else if (strcmp(name, "codecarbon3") == 0) {
		double tdp = input(in, "cpu_tdp_w", NULL, NULL);
		input(in, "cpu_tdp_package_w", &how, &src);
		NUM(a, tdp);
		snprintf(buf, n, "codecarbon3: %s %s W%s TDP%s x (0.1 + 0.9 x machine load cubed); RAM %s W, whole run", article(a), a, origin(how, src), unknown_cpu(src),
			 NUM(b, input(in, "ram_w", NULL, NULL)));
	} else if (strcmp(name, "eco2ai") == 0) {
		double tdp = input(in, "cpu_tdp_w", NULL, NULL);
		input(in, "cpu_tdp_package_w", &how, &src);
		snprintf(buf, n, "eco2ai: %s W per busy logical CPU (%s W%s TDP%s / logical CPUs) x %s CPU-s", NUM(a, input(in, "cpu_w_per_busy_logical_cpu", NULL, NULL)),
			 NUM(b, tdp), origin(how, src), unknown_cpu(src), NUM(c, input(in, "cpu_seconds", NULL, NULL)));
	} else if (strcmp(name, "carbontracker") == 0) {
		double tdp = input(in, "cpu_tdp_w", NULL, NULL), gpus = input(in, "gpus_counted", NULL, NULL);
		const char *gsrc = NULL, *cpu_how = NULL;
		char cpu[160];

		input(in, "gpus_counted", NULL, &gsrc);
		if (!isfinite(gpus))
			gpus = input(in, "gpus_used", NULL, NULL);
		input(in, "cpu_tdp_package_w", &how, &src);
		if (input(in, "cpu_w", &cpu_how, NULL) == 0.0 && cpu_how && strcmp(cpu_how, "overridden") == 0)
			snprintf(cpu, sizeof(cpu), "no CPU (--carbontracker-cpu none)");
		else
			snprintf(cpu, sizeof(cpu), "50 %% of %s %s W%s TDP for the whole run%s",
				 article(NUM(a, tdp)), a, origin(how, src), unknown_cpu(src));
		snprintf(buf, n, "carbontracker: %s; no RAM; the whole power of %s GPU(s)%s", cpu, NUM(b, gpus),
			 gsrc && strstr(gsrc, "by-pid") ? " the scope ran on" : ", used or not");
	} else if (strcmp(name, "gpu") == 0) {
		snprintf(buf, n, "gpu: the measured power of the %s GPU(s) the scope used, idle included; "
			 "no CPU, no RAM", NUM(a, input(in, "gpus_used", NULL, NULL)));
	} else {
		snprintf(buf, n, "%s: see its inputs", name);
	}
#undef NUM
	return buf;
}
