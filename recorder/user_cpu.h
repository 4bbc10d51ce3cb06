/* user_cpu.h - the user scope's cumulative CPU counter: adds only positive
 * per-process deltas of utime+stime, keyed by (pid, starttime), so it never decreases. */
#ifndef ETREC_USER_CPU_H
#define ETREC_USER_CPU_H

#include <stddef.h>

#include "proc_scan.h"

struct user_cpu_seen {
	int pid;
	unsigned long long starttime;
	unsigned long long ticks;        /* utime+stime at the previous scan */
};

struct user_cpu {
	struct user_cpu_seen *prev;      /* previous scan, sorted by pid; owned */
	size_t nprev, capprev;
	unsigned long long launch_ticks; /* starttime of the launched command */
	unsigned long long total;        /* the counter, in clock ticks */
};

/* Start counting: processes whose starttime is >= launch_ticks count from 0 when first
 * seen, older ones from their first sighting. */
void user_cpu_init(struct user_cpu *u, unsigned long long launch_ticks);
void user_cpu_release(struct user_cpu *u);

/* Add the deltas of scan t (sorted by pid) and remember it. Returns 0, or -1 when out
 * of memory (the counter is updated, but the older scan stays the reference). */
int user_cpu_update(struct user_cpu *u, const struct proc_table *t);

#endif
