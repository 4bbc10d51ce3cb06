/* period.c - adding stored runs into a period's footprint: per group, per local day, in
 * total, and the largest runs (see period.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "et_grow.h"
#include "et_units.h"
#include "period.h"

/* The zone of the intensity's days (et_ci_day.date). */
#define ET_CI_DAY_ZONE "Europe/Paris"

/* first if set, else second if set, else "(none)". */
static const char *either(const char *first, const char *second)
{
	return first && *first ? first : second && *second ? second : "(none)";
}

const char *et_period_group_of(const char *by, const struct et_stored_run *run, char *buf, size_t n)
{
	if (strcmp(by, "account") == 0) {
		snprintf(buf, n, "%s", either(run->slurm.account, run->sacct_account));
	} else if (strcmp(by, "partition") == 0) {
		snprintf(buf, n, "%s", either(run->slurm.partition, run->sacct_partition));
	} else if (strcmp(by, "host") == 0) {
		snprintf(buf, n, "%s", run->facts.host);
	} else if (strncmp(by, "tag:", 4) == 0) {
		json_t *tags = json_loads(run->tags_json, 0, NULL);
		json_t *v = json_object_get(tags, by + 4);
		if (json_is_string(v))
			snprintf(buf, n, "%s", json_string_value(v));
		else if (v && !json_is_null(v)) {
			char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			snprintf(buf, n, "%s", text ? text : "?");
			free(text);
		} else
			snprintf(buf, n, "(no %s)", by + 4);
		json_decref(tags);
	} else {
		snprintf(buf, n, "%s", run->facts.user);
	}
	return buf;
}

const char *et_period_job_group_of(const char *by, const struct et_sacct_job *job, char *buf, size_t n)
{
	if (strcmp(by, "account") == 0)
		snprintf(buf, n, "%s", either(job->account, NULL));
	else if (strcmp(by, "partition") == 0)
		snprintf(buf, n, "%s", either(job->partition, NULL));
	else if (strcmp(by, "host") == 0)
		snprintf(buf, n, "%s", either(job->node_list, NULL));
	else if (strncmp(by, "tag:", 4) == 0)
		snprintf(buf, n, "(no %s)", by + 4);
	else
		snprintf(buf, n, "%s", either(job->user, NULL));
	return buf;
}

static struct et_period_sums *group(struct et_period_report *rep, const char *key)
{
	for (size_t i = 0; i < rep->n_groups; i++)
		if (strcmp(rep->groups[i].key, key) == 0)
			return &rep->groups[i];
	struct et_period_sums *grown = et_grow(rep->groups, &rep->cap_groups, rep->n_groups + 1,
					       sizeof(*grown));
	if (!grown)
		return NULL;
	rep->groups = grown;
	struct et_period_sums *g = &rep->groups[rep->n_groups];
	memset(g, 0, sizeof(*g));
	if (!(g->key = strdup(key)))
		return NULL;
	rep->n_groups++;
	return g;
}

static struct et_period_day *day(struct et_period_report *rep, const char *date)
{
	for (size_t i = rep->n_days; i-- > 0;)   /* runs come roughly in time order */
		if (strcmp(rep->days[i].date, date) == 0)
			return &rep->days[i];
	struct et_period_day *grown = et_grow(rep->days, &rep->cap_days, rep->n_days + 1, sizeof(*grown));
	if (!grown)
		return NULL;
	rep->days = grown;
	struct et_period_day *d = &rep->days[rep->n_days++];
	memset(d, 0, sizeof(*d));
	snprintf(d->date, sizeof(d->date), "%.10s", date);
	if (strcmp(rep->tz, ET_CI_DAY_ZONE) != 0)
		for (size_t m = 0; m < ET_PERIOD_MAX_MODELS; m++)
			d->co2e_g[m] = NAN;
	return d;
}

/* Local date of a UTC time in the process's time zone. */
static void local_date(int64_t utc_ms, char *buf, size_t n)
{
	time_t t = (time_t)(utc_ms / 1000);
	struct tm tm;

	if (!localtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, n, "?");
}

/* The intensity (g/kWh) the run's result applied to a Europe/Paris day; NAN if none. */
static double day_intensity(const struct et_ci_result *ci, const char *date)
{
	for (size_t i = 0; i < ci->n_days; i++)
		if (strcmp(ci->days[i].date, date) == 0)
			return ci->days[i].g_per_kwh;
	return NAN;
}

/* What the run's scope did in the period: CPU-hours, GPU-hours, idle GPU energy. */
static void usage_of(const struct et_period_report *rep, const struct et_stored_run *run,
		     double *cpu_h, double *gpu_h, double *idle_wh)
{
	int user = rep->params && rep->params->scope == ET_SCOPE_USER;

	struct et_bucket bk;

	*cpu_h = *gpu_h = *idle_wh = 0;
	for (size_t b = 0; b < run->integrals.n_buckets; b++) {
		et_run_bucket(&run->integrals, b, &bk);
		const struct et_integrals *q = &bk.q;
		*cpu_h += (user ? q->user_cpu_s : q->job_cpu_s) / ET_S_PER_H;
		for (int g = 0; g < run->facts.n_gpus && g < ET_MAX_GPUS; g++) {
			const struct et_gpu_integrals *gq = &q->gpu[g];
			const struct et_gpu_integrals *gt = &run->integrals.total.gpu[g];
			*gpu_h += (user ? gq->used_user_s : gq->used_job_s) / ET_S_PER_H;
			/* a GPU the run used at some point: its idle draw is the run's to pay */
			if ((user ? gt->used_user_s : gt->used_job_s) > 0 && isfinite(gq->whole_j) &&
			    isfinite(gq->above_idle_j))
				*idle_wh += (gq->whole_j - gq->above_idle_j) / ET_S_PER_H;
		}
	}
}

static void sums_add(struct et_period_sums *s, const struct et_stored_run *run,
		     const struct et_model_result *res, size_t n_models, double cpu_h, double gpu_h,
		     double idle_wh)
{
	s->runs++;
	s->incomplete += !run->facts.complete;
	s->cpu_h += cpu_h;
	s->gpu_h += gpu_h;
	s->gpu_idle_wh += idle_wh;
	for (size_t m = 0; m < n_models; m++) {
		s->energy_wh[m] += res[m].energy_wh;
		s->co2e_g[m] += res[m].co2e_g;
	}
}

/* The command line, words joined by spaces; a new string or NULL. */
static char *command_text(const char *command_json)
{
	json_t *cmd = json_loads(command_json, 0, NULL), *w;
	size_t len = 1, at = 0, i;
	char *out;

	json_array_foreach(cmd, i, w)
		len += (json_string_value(w) ? strlen(json_string_value(w)) : 0) + 1;
	if (!(out = calloc(1, len))) {
		json_decref(cmd);
		return NULL;
	}
	json_array_foreach(cmd, i, w) {
		const char *word = json_string_value(w) ? json_string_value(w) : "";
		size_t n = strlen(word);
		if (i)
			out[at++] = ' ';
		memcpy(out + at, word, n);
		at += n;
	}
	out[at] = '\0';
	json_decref(cmd);
	return out;
}

static void top_release(struct et_period_top_run *t)
{
	free(t->command);
	free(t->tags_json);
	memset(t, 0, sizeof(*t));
}

/* Keep the run among the ET_PERIOD_TOP largest. Returns 0, or -1 out of memory. */
static int top_add(struct et_period_report *rep, const struct et_stored_run *run,
		   const struct et_model_result *res, const char *key)
{
	size_t at = rep->n_top;
	struct et_period_top_run t;

	while (at > 0 && rep->top[at - 1].energy_wh < res[0].energy_wh)
		at--;
	if (at >= ET_PERIOD_TOP)
		return 0;
	memset(&t, 0, sizeof(t));
	t.energy_wh = res[0].energy_wh;
	t.co2e_g = res[0].co2e_g;
	snprintf(t.program, sizeof(t.program), "%s", run->program);
	snprintf(t.host, sizeof(t.host), "%s", run->facts.host);
	snprintf(t.user, sizeof(t.user), "%s", run->facts.user);
	snprintf(t.group, sizeof(t.group), "%s", key);
	t.start_utc_ms = run->facts.launch_utc_ms;
	t.duration_s = run->facts.duration_s;
	t.complete = run->facts.complete;
	if (!(t.tags_json = strdup(run->tags_json)) ||
	    (rep->show_commands && !(t.command = command_text(run->command_json)))) {
		top_release(&t);
		return -1;
	}
	if (rep->n_top == ET_PERIOD_TOP)
		top_release(&rep->top[--rep->n_top]);
	memmove(&rep->top[at + 1], &rep->top[at], (rep->n_top - at) * sizeof(t));
	rep->top[at] = t;
	rep->n_top++;
	return 0;
}

int et_period_warn(struct et_period_report *rep, const char *text)
{
	for (size_t i = 0; i < rep->n_warnings; i++)
		if (strcmp(rep->warnings[i], text) == 0)
			return 0;
	if (rep->n_warnings == ET_PERIOD_MAX_WARNINGS) {
		rep->warnings_dropped++;
		return 0;
	}
	char **grown = et_grow(rep->warnings, &rep->cap_warnings, rep->n_warnings + 1, sizeof(*grown));
	if (!grown)
		return -1;
	rep->warnings = grown;
	if (!(rep->warnings[rep->n_warnings] = strdup(text)))
		return -1;
	rep->n_warnings++;
	return 0;
}

int et_period_add(struct et_period_report *rep, const struct et_stored_run *run,
		  const struct et_model_result *res, struct et_error *err)
{
	char key[256], date[16];
	double cpu_h, gpu_h, idle_wh;
	struct et_period_sums *g;

	et_period_group_of(rep->by, run, key, sizeof(key));
	if (!(g = group(rep, key)))
		goto oom;
	usage_of(rep, run, &cpu_h, &gpu_h, &idle_wh);
	sums_add(g, run, res, rep->n_models, cpu_h, gpu_h, idle_wh);
	sums_add(&rep->total, run, res, rep->n_models, cpu_h, gpu_h, idle_wh);
	for (size_t b = 0; b < run->integrals.n_buckets; b++) {
		struct et_bucket expanded, *bk = &expanded;
		struct et_period_day *d;
		et_run_bucket(&run->integrals, b, &expanded);
		local_date(bk->utc_start_ms, date, sizeof(date));
		if (!(d = day(rep, date)))
			goto oom;
		for (size_t m = 0; m < rep->n_models; m++) {
			struct et_energy e = {0, 0, 0};
			res[m].model->energy(&run->facts, rep->params, &res[m].setup, &bk->q, &e);
			double wh = res[m].pue * (e.cpu_wh + e.gpu_wh + e.ram_wh);
			d->energy_wh[m] += wh;
			d->co2e_g[m] += wh / 1000.0 * day_intensity(&res[m].ci, date);
		}
	}
	for (size_t m = 0; m < rep->n_models; m++)
		for (size_t w = 0; w < res[m].ci.n_warnings; w++)
			if (et_period_warn(rep, res[m].ci.warnings[w]) < 0)
				goto oom;
	if (top_add(rep, run, res, key) < 0)
		goto oom;
	return 0;
oom:
	return et_error_set(err, run->source_path, 0, "out of memory");
}

double et_period_share(double logs, double estimates)
{
	return logs + estimates > 0 ? logs / (logs + estimates) : NAN;
}

/* Count a job on a partition the cluster file does not describe. */
static int undescribed(struct et_period_report *rep, const char *name)
{
	for (size_t i = 0; i < rep->n_undescribed; i++)
		if (strcmp(rep->undescribed[i].name, name) == 0) {
			rep->undescribed[i].jobs++;
			return 0;
		}
	struct et_period_partition *grown = et_grow(rep->undescribed, &rep->cap_undescribed,
						    rep->n_undescribed + 1, sizeof(*grown));
	if (!grown)
		return -1;
	rep->undescribed = grown;
	snprintf(grown[rep->n_undescribed].name, sizeof(grown->name), "%s", name);
	grown[rep->n_undescribed++].jobs = 1;
	return 0;
}

/* The job's span cut at UTC quarter-hours inside the period, each with its even share of
 * wh_whole (the energy of the whole span). Returns the spans (free them) or NULL. */
static struct et_ci_span *spread(int64_t start, int64_t end, int64_t from, int64_t to, double wh_whole,
				 size_t *n)
{
	int64_t lo = start > from ? start : from, hi = end < to ? end : to, len = end - start;
	size_t cap = (size_t)((hi - lo) / ET_BUCKET_MS + 2), k = 0;
	struct et_ci_span *s = calloc(cap, sizeof(*s));

	if (!s)
		return NULL;
	if (len <= 0) {   /* no length: all of it at its start */
		s[0] = (struct et_ci_span){start, start + 1, wh_whole};
		*n = 1;
		return s;
	}
	for (int64_t t = lo; t < hi && k < cap;) {
		int64_t next = (t / ET_BUCKET_MS + 1) * ET_BUCKET_MS;
		if (next > hi)
			next = hi;
		s[k++] = (struct et_ci_span){t, next, wh_whole * (double)(next - t) / (double)len};
		t = next;
	}
	*n = k;
	return s;
}

int et_period_add_sched(struct et_period_report *rep, const struct et_stored_sacct_job *j,
			const struct et_sched_estimate *est, int64_t start_utc_ms, int64_t end_utc_ms,
			struct et_ci_source *ci, struct et_error *err)
{
	const struct et_sacct_job *job = &j->job;
	int64_t from = rep->from_utc_ms, to = rep->to_utc_ms, len = end_utc_ms - start_utc_ms;
	int64_t lo = start_utc_ms > from ? start_utc_ms : from, hi = end_utc_ms < to ? end_utc_ms : to;
	double f;   /* the share of the job inside the period */
	struct et_ci_result ci_res = ET_CI_RESULT_INIT;
	struct et_ci_span *spans = NULL;
	struct et_period_sums *g;
	size_t n_spans = 0;
	char key[256], date[16];
	int rc = -1;

	if (len > 0)
		f = hi > lo ? (double)(hi - lo) / (double)len : 0;
	else
		f = start_utc_ms >= from && start_utc_ms < to;
	if (f <= 0)
		return 0;
	rep->have_accounting = 1;
	double alloc_cpu_h = isfinite(job->cpu_time_s) ? job->cpu_time_s * f / ET_S_PER_H : 0;
	if (!est) {
		rep->logged_jobs++;
		rep->logged_alloc_cpu_h += alloc_cpu_h;
		return 0;
	}
	rep->sched_alloc_cpu_h += alloc_cpu_h;
	et_period_job_group_of(rep->by, job, key, sizeof(key));
	if (!(g = group(rep, key)))
		goto oom;
	double wh = est->facility_wh * f;
	double cpu_h = isfinite(job->total_cpu_s) ? job->total_cpu_s * f / ET_S_PER_H : 0;
	double gpu_h = isfinite(est->gpu_hours) ? est->gpu_hours * f : 0;
	double co2 = 0;
	if (!(spans = spread(start_utc_ms, end_utc_ms, from, to, est->facility_wh, &n_spans)))
		goto oom;
	if (et_ci_weight(ci, spans, n_spans, &ci_res, err) < 0) {
		et_error_name_source(err, j->source_path);
		if (err->line == 0)
			err->line = job->line;
		goto out;
	}
	co2 = wh / 1000.0 * ci_res.g_per_kwh;
	if (rep->sched_model >= 0) {
		for (size_t i = 0; i < n_spans; i++) {
			struct et_period_day *d;
			local_date(spans[i].utc_start_ms, date, sizeof(date));
			if (!(d = day(rep, date)))
				goto oom;
			d->energy_wh[rep->sched_model] += spans[i].energy_wh;
			d->co2e_g[rep->sched_model] += spans[i].energy_wh / 1000.0 * day_intensity(&ci_res, date);
		}
		for (size_t w = 0; w < ci_res.n_warnings; w++)
			if (et_period_warn(rep, ci_res.warnings[w]) < 0)
				goto oom;
	}
	struct et_period_sums *both[2] = {g, &rep->total};
	for (int i = 0; i < 2; i++) {
		struct et_period_sums *s = both[i];
		s->sched_jobs++;
		s->sched_cpu_h += cpu_h;
		s->sched_gpu_h += gpu_h;
		s->sched_wh += wh;
		s->sched_co2e_g += co2;
		if (rep->sched_model >= 0) {
			s->energy_wh[rep->sched_model] += wh;
			s->co2e_g[rep->sched_model] += co2;
		}
	}
	rep->sched_measured += est->measured;
	rep->sched_partial += est->partial;
	if (!est->partition_described && undescribed(rep, either(job->partition, NULL)) < 0)
		goto oom;
	rc = 0;
	goto out;
oom:
	rc = et_error_set(err, j->source_path, job->line, "out of memory");
out:
	et_ci_result_release(&ci_res);
	free(spans);
	return rc;
}

static int by_energy(const void *a, const void *b)
{
	const struct et_period_sums *x = a, *y = b;
	if (x->energy_wh[0] != y->energy_wh[0])
		return x->energy_wh[0] < y->energy_wh[0] ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int by_date(const void *a, const void *b)
{
	return strcmp(((const struct et_period_day *)a)->date, ((const struct et_period_day *)b)->date);
}

void et_period_finish(struct et_period_report *rep)
{
	if (rep->n_groups > 1)
		qsort(rep->groups, rep->n_groups, sizeof(*rep->groups), by_energy);
	if (rep->n_days > 1)
		qsort(rep->days, rep->n_days, sizeof(*rep->days), by_date);
}

void et_period_release(struct et_period_report *rep)
{
	for (size_t i = 0; i < rep->n_groups; i++)
		free(rep->groups[i].key);
	free(rep->groups);
	free(rep->days);
	for (size_t i = 0; i < rep->n_top; i++)
		top_release(&rep->top[i]);
	for (size_t i = 0; i < rep->n_warnings; i++)
		free(rep->warnings[i]);
	free(rep->warnings);
	free(rep->undescribed);
	rep->undescribed = NULL;
	rep->n_undescribed = rep->cap_undescribed = 0;
	rep->groups = NULL;
	rep->days = NULL;
	rep->warnings = NULL;
	rep->n_groups = rep->n_days = rep->n_top = rep->n_warnings = 0;
	rep->cap_groups = rep->cap_days = rep->cap_warnings = 0;
}
