/* proc_scan.h - one walk of /proc per sample: the processes of one uid, found by the
 * owner of /proc/<pid>, with their stat fields, and which of them belong to the job.
 * Stat files stay open between scans; other users' pids are remembered, not reopened. */
#ifndef ETREC_PROC_SCAN_H
#define ETREC_PROC_SCAN_H

#include <stddef.h>
#include <sys/types.h>

struct proc_entry {
	int pid;
	int ppid;
	unsigned long long cpu_ticks;    /* utime + stime */
	unsigned long long child_ticks;  /* cutime + cstime (reaped children) */
	unsigned long long starttime;    /* clock ticks after boot */
	unsigned long long rss_kib;      /* resident set (stat field 24 x page size) */
	int in_job;                      /* 1 in the job's tree, 0 not, -1 not decided yet */
};

/* Processes of one scan, sorted by pid. The table owns v. */
struct proc_table {
	struct proc_entry *v;
	size_t n, cap;
};
#define PROC_TABLE_INIT { NULL, 0, 0 }
void proc_table_release(struct proc_table *t);
/* Index of pid in t, or -1. */
long proc_table_find(const struct proc_table *t, int pid);

/* What the scanner remembers of a pid from one scan to the next, keyed by (pid, inode of
 * /proc/<pid>): a pid reused by a new process has a new inode. */
struct pid_memo {
	int pid;
	int fd;                   /* its stat file, kept open (re-read with pread); -1 if none */
	unsigned long long ino;   /* d_ino of /proc/<pid> */
	int mine;                 /* owned by the scanner's uid */
	unsigned long scan;       /* the last scan that saw it */
};

struct proc_scanner {
	int proc_fd;              /* /proc, read with getdents64 */
	uid_t uid;                /* whose processes we keep */
	unsigned long page_kib;
	char *dents;              /* getdents64 buffer, PROC_DENTS_BYTES */
	struct pid_memo *memo, *next_memo;   /* sorted by pid; owned */
	size_t n_memo, cap_memo, cap_next;
	unsigned long scan;       /* scans so far */
	long open_fds;            /* stat files kept open */
	long max_open_fds;        /* how many we may keep (from RLIMIT_NOFILE) */
	int nofile_raised;        /* the soft limit was raised (once, at the first need) */
	int may_raise_nofile;     /* set by the caller once the command runs: before, a raised
	                           * soft limit would be the command's (inherited at exec) */
	unsigned long owner_checks;   /* fstatat calls so far (for tests and the benchmark) */
};

/* Open /proc. Returns 0, or -1 with errno set. */
int proc_scanner_open(struct proc_scanner *sc, uid_t uid, long page_size);
void proc_scanner_close(struct proc_scanner *sc);

/* Fill t (emptied first) with every process owned by sc->uid. Processes that vanish
 * during the walk are skipped silently; *unreadable counts the other per-process read
 * failures (e.g. EACCES). Returns 0, or -1 with errno set when /proc itself cannot be
 * read or memory runs out (t then holds what was read so far). */
int proc_scan(struct proc_scanner *sc, struct proc_table *t, unsigned *unreadable);

/* Decide in_job for every entry: the job's tree is every descendant (by ppid chain)
 * of a direct child of self_pid, except the children listed in exclude (etrec's own
 * nvidia-smi helpers) and their descendants. Orphans of the job are direct children
 * of etrec because it is a child subreaper. */
void proc_mark_job(struct proc_table *t, int self_pid, const int *exclude, size_t nexclude);

/* Sums over the entries with in_job == 1. */
struct job_totals {
	unsigned long long ticks;        /* utime+stime+cutime+cstime */
	unsigned long long rss_kib;
	unsigned nproc;
};
void proc_job_totals(const struct proc_table *t, struct job_totals *out);

#endif
