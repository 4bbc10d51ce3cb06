/* proc_scan.c - walk /proc once per sample: keep the uid's processes (owner of
 * /proc/<pid>), read their stat, and mark the job's tree by ppid chains. */
#include "proc_scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc_parse.h"

void proc_table_release(struct proc_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

long proc_table_find(const struct proc_table *t, int pid)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].pid < pid)
			lo = mid + 1;
		else if (t->v[mid].pid > pid)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

int proc_scanner_open(struct proc_scanner *sc, uid_t uid, long page_size)
{
	sc->uid = uid;
	sc->page_kib = page_size > 0 ? (unsigned long)page_size / 1024 : 4;
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	sc->proc = fdopendir(fd);
	if (!sc->proc) {
		close(fd);
		return -1;
	}
	return 0;
}

void proc_scanner_close(struct proc_scanner *sc)
{
	if (sc->proc)
		closedir(sc->proc);
	sc->proc = NULL;
}

static int by_pid(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Vanished between readdir and read: not worth a warning. */
static int vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

int proc_scan(struct proc_scanner *sc, struct proc_table *t, unsigned *unreadable)
{
	int dfd = dirfd(sc->proc);
	int sorted = 1;
	struct dirent *de;
	char path[32];
	char buf[1024];

	t->n = 0;
	*unreadable = 0;
	rewinddir(sc->proc);
	for (;;) {
		errno = 0;      /* readdir returns NULL at the end with errno untouched */
		if ((de = readdir(sc->proc)) == NULL)
			break;
		const char *name = de->d_name;
		if (name[0] < '1' || name[0] > '9')
			continue;
		struct stat st;
		if (fstatat(dfd, name, &st, 0) < 0) {
			if (!vanished(errno))
				(*unreadable)++;
			continue;
		}
		if (st.st_uid != sc->uid)
			continue;
		snprintf(path, sizeof path, "%.20s/stat", name);
		long len = read_small_file(dfd, path, buf, sizeof buf);
		struct pid_stat ps;
		if (len < 0) {
			if (!vanished(errno))
				(*unreadable)++;
			continue;
		}
		if (len == 0)      /* a process that exited while we opened it */
			continue;
		if (parse_pid_stat(buf, (size_t)len, &ps) < 0) {
			(*unreadable)++;
			continue;
		}
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256;
			struct proc_entry *v = realloc(t->v, cap * sizeof *v);
			if (!v)
				return -1;
			t->v = v;
			t->cap = cap;
		}
		struct proc_entry *e = &t->v[t->n++];
		e->pid = ps.pid;
		e->ppid = ps.ppid;
		e->cpu_ticks = ps.utime + ps.stime;
		e->child_ticks = ps.cutime + ps.cstime;
		e->starttime = ps.starttime;
		e->rss_kib = ps.rss_pages * sc->page_kib;
		e->in_job = -1;
		if (t->n > 1 && e[-1].pid > e->pid)
			sorted = 0;
	}
	if (errno)
		return -1;
	if (!sorted)   /* /proc lists pids in increasing order, but do not rely on it */
		qsort(t->v, t->n, sizeof *t->v, by_pid);
	return 0;
}

static int excluded(int pid, const int *exclude, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (exclude[i] == pid)
			return 1;
	return 0;
}

void proc_mark_job(struct proc_table *t, int self_pid, const int *exclude, size_t nexclude)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].in_job >= 0)
			continue;
		/* Walk up until an entry whose answer is known or can be decided. */
		int result = 0;
		size_t j = i, depth = 0;
		for (;;) {
			struct proc_entry *e = &t->v[j];
			if (e->in_job >= 0) {
				result = e->in_job;
				break;
			}
			if (e->ppid == self_pid) {
				result = !excluded(e->pid, exclude, nexclude);
				break;
			}
			long k = proc_table_find(t, e->ppid);
			if (k < 0 || ++depth > t->n) {
				result = 0;
				break;
			}
			j = (size_t)k;
		}
		/* Walk again from i to where the answer was found, writing it on the way. */
		size_t stop = j;
		for (j = i;;) {
			if (t->v[j].in_job >= 0)
				break;
			t->v[j].in_job = result;
			if (j == stop)
				break;
			j = (size_t)proc_table_find(t, t->v[j].ppid);
		}
	}
}

void proc_job_totals(const struct proc_table *t, struct job_totals *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < t->n; i++) {
		const struct proc_entry *e = &t->v[i];
		if (e->in_job != 1)
			continue;
		out->ticks += e->cpu_ticks + e->child_ticks;
		out->rss_kib += e->rss_kib;
		out->nproc++;
	}
}
