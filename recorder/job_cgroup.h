/* job_cgroup.h - the job's scope from its cgroup v2, where etrec and the job are alone in
 * one: usage_usec net of etrec and its helpers, memory.current and memory.peak (log 1.2). */
#ifndef ETREC_JOB_CGROUP_H
#define ETREC_JOB_CGROUP_H

#include <limits.h>
#include <stddef.h>

#include "proc_scan.h"

struct job_cgroup {
	int active;                 /* the job scope comes from the cgroup (until closed: when it
	                             * stops being the job's alone, NA for the rest) */
	char dir[PATH_MAX];         /* the cgroup's directory */
	const char *rel;            /* its path in the hierarchy, "/user.slice/...": in dir, or "/" */
	int procs_fd, stat_fd, mem_fd, peak_fd;   /* kept open; -1 when absent */
	int *pids;                  /* the last cgroup.procs read; owned */
	size_t npids, cap_pids;
	int have_base;              /* the launch's values below are set */
	unsigned long long usage0_us, self0_us, helpers0_us;
	unsigned long long last_us; /* the last value written: it never decreases */
	int warned_read;            /* one warning for a read failure */
	int procs_errno;            /* why cgroup.procs could not be read last */
};

/* What one sample read. */
struct job_cgroup_reading {
	int usage_ok, mem_ok, peak_ok;
	unsigned long long usage_us;    /* the job's, net, since the launch */
	unsigned long long mem_kib, peak_kib;
	const char *failed;             /* the first open file that could not be read, or NULL */
};

/* Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on
 * a hybrid machine (v1 controllers beside a v2 tree). */
const char *cgroup_v2_root(void);

/* Find etrec's cgroup v2 under root ("0::<path>" of self_cgroup, normally
 * /proc/self/cgroup) and check that it holds only self_pid and its descendants (t: a scan
 * of the user's processes) and no child cgroup. root NULL: cgroup_v2_root(). Returns 0
 * (c->active), or -1 with a short reason in why (then the job scope is the /proc walk's). */
int job_cgroup_open(struct job_cgroup *c, const char *root, const char *self_cgroup,
                    const struct proc_table *t, int self_pid, char *why, size_t whylen);
void job_cgroup_close(struct job_cgroup *c);

/* Read cgroup.procs (before the /proc scan that job_cgroup_foreign checks it against).
 * Returns 0, or -1 with errno set. */
int job_cgroup_read_procs(struct job_cgroup *c);

/* How many pids of the last cgroup.procs are neither self_pid nor its descendants in t
 * (a pid that is no longer alive does not count); *first is the first of them. */
size_t job_cgroup_foreign(const struct job_cgroup *c, const struct proc_table *t, int self_pid,
                          int *first);

/* Read usage_usec, memory.current and memory.peak. The first call with have_base 0 takes
 * the launch's values (self_us: etrec's RUSAGE_SELF; helpers_us: its nvidia-smi
 * children's CPU, live and reaped). The usage is the job's: net of both since then,
 * never decreasing. Returns 0, or -1 when usage_usec could not be read; out->failed names
 * a file that could not be read (memory files too). */
int job_cgroup_read(struct job_cgroup *c, unsigned long long self_us, unsigned long long helpers_us,
                    struct job_cgroup_reading *out);

/* Parse cgroup.procs text (pids one per line) into c->pids; exposed for unit tests.
 * Returns 0, or -1 when out of memory. */
int job_cgroup_parse_procs(struct job_cgroup *c, const char *buf, size_t len);

#endif
