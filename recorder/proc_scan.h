/* proc_scan.h - one walk of /proc per sample: the processes of one uid, found by the
 * owner of /proc/<pid>, with their stat fields, and which of them belong to the job. */
#ifndef ETREC_PROC_SCAN_H
#define ETREC_PROC_SCAN_H

#include <dirent.h>
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

struct proc_scanner {
	DIR *proc;        /* /proc, kept open and rewound at every scan */
	uid_t uid;        /* whose processes we keep */
	unsigned long page_kib;
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
