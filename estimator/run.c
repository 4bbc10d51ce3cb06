/* run.c - the life of a struct et_run: adding integrals, collecting warnings, releasing
 * what the run owns (see et_run.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et_run.h"

void et_integrals_add(struct et_integrals *dst, const struct et_integrals *src)
{
	dst->duration_s += src->duration_s;
	dst->job_cpu_s += src->job_cpu_s;
	dst->user_cpu_s += src->user_cpu_s;
	dst->job_rss_kib_s += src->job_rss_kib_s;
	dst->user_rss_kib_s += src->user_rss_kib_s;
	dst->rss_known_s += src->rss_known_s;
	dst->sys_busy_s += src->sys_busy_s;
	dst->sys_total_s += src->sys_total_s;
	dst->sys_load_cubed_s += src->sys_load_cubed_s;
	for (int i = 0; i < ET_MAX_GPUS; i++)
		et_gpu_integrals_add_scaled(&dst->gpu[i], &src->gpu[i], 1.0);
}

void et_gpu_integrals_add_scaled(struct et_gpu_integrals *d, const struct et_gpu_integrals *s,
				 double f)
{
	d->known_s += f * s->known_s;
	d->whole_j += f * s->whole_j;
	d->above_idle_j += f * s->above_idle_j;
	d->whole_job_j += f * s->whole_job_j;
	d->whole_user_j += f * s->whole_user_j;
	d->above_idle_job_j += f * s->above_idle_job_j;
	d->above_idle_user_j += f * s->above_idle_user_j;
	d->util_pct_s += f * s->util_pct_s;
	d->util_known_s += f * s->util_known_s;
	d->used_job_s += f * s->used_job_s;
	d->used_user_s += f * s->used_user_s;
	d->procs_unknown_job_s += f * s->procs_unknown_job_s;
	d->procs_unknown_job_j += f * s->procs_unknown_job_j;
	d->procs_unknown_user_s += f * s->procs_unknown_user_s;
	d->procs_unknown_user_j += f * s->procs_unknown_user_j;
}

int et_run_warn(struct et_run *run, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	char **grown = realloc(run->warnings, (run->n_warnings + 1) * sizeof(*grown));
	if (!grown) {
		free(text);
		return -1;
	}
	run->warnings = grown;
	run->warnings[run->n_warnings++] = text;
	return 0;
}

void et_run_release(struct et_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; i < run->n_warnings; i++)
		free(run->warnings[i]);
	free(run->warnings);
	free(run->integrals.buckets);
	json_decref(run->header);
	memset(run, 0, sizeof(*run));
}
