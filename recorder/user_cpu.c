/* user_cpu.c - user-scope CPU counter: a merge of the previous and the current scan
 * (both sorted by pid); a recycled pid is a new process because its starttime differs. */
#include "user_cpu.h"

#include <stdlib.h>
#include <string.h>

void user_cpu_init(struct user_cpu *u, unsigned long long launch_ticks)
{
	memset(u, 0, sizeof *u);
	u->launch_ticks = launch_ticks;
}

void user_cpu_release(struct user_cpu *u)
{
	free(u->prev);
	memset(u, 0, sizeof *u);
}

int user_cpu_update(struct user_cpu *u, const struct proc_table *t)
{
	size_t j = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct proc_entry *e = &t->v[i];
		while (j < u->nprev && u->prev[j].pid < e->pid)
			j++;
		if (j < u->nprev && u->prev[j].pid == e->pid && u->prev[j].starttime == e->starttime) {
			if (e->cpu_ticks > u->prev[j].ticks)
				u->total += e->cpu_ticks - u->prev[j].ticks;
		} else if (e->starttime >= u->launch_ticks) {
			u->total += e->cpu_ticks;     /* born during the run: all of it counts */
		}
	}
	if (t->n > u->capprev) {
		struct user_cpu_seen *p = realloc(u->prev, t->n * sizeof *p);
		if (!p)
			return -1;   /* keep the older scan: deltas against it stay positive */
		u->prev = p;
		u->capprev = t->n;
	}
	for (size_t i = 0; i < t->n; i++) {
		u->prev[i].pid = t->v[i].pid;
		u->prev[i].starttime = t->v[i].starttime;
		u->prev[i].ticks = t->v[i].cpu_ticks;
	}
	u->nprev = t->n;
	return 0;
}
