/* proc_scan.c - walk /proc once per sample (getdents64): keep the uid's processes (owner
 * of /proc/<pid>), re-read their stat files kept open, mark the job's tree by ppid chains. */
#include "proc_scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc_parse.h"

void proc_table_release(struct proc_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* Order of proc_table and of the scanner's memos (qsort and bsearch). */
static int by_pid(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int memo_by_pid(const void *a, const void *b)
{
	const struct pid_memo *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

long proc_table_find(const struct proc_table *t, int pid)
{
	struct proc_entry key = { .pid = pid };
	const struct proc_entry *e = t->n ? bsearch(&key, t->v, t->n, sizeof key, by_pid) : NULL;
	return e ? (long)(e - t->v) : -1;
}

#define PROC_DENTS_BYTES (64 * 1024)   /* getdents64 buffer: musl's readdir uses 2 KiB */
#define OWNER_RECHECK_SCANS 16         /* a remembered pid's owner is checked again every 16 scans */
#define FD_RESERVE 64                  /* descriptors left for the log, pipes and helpers */
#define FD_MAX_KEPT (1L << 20)

/* The head of a record returned by getdents64 (struct linux_dirent64). */
struct dent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* How many stat files may stay open under the soft RLIMIT_NOFILE. */
static long fd_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	long cur = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (rlim_t)FD_MAX_KEPT ?
		   FD_MAX_KEPT : (long)rl.rlim_cur;
	return cur > FD_RESERVE ? cur - FD_RESERVE : 0;
}

/* Raise the soft RLIMIT_NOFILE to the hard one, once, when the stat files need it. Only
 * once the caller allows it (may_raise_nofile: after the launch), so that the command keeps
 * the limit it was given; before, the stat files beyond the budget are opened and closed. */
static void raise_nofile(struct proc_scanner *sc)
{
	struct rlimit rl;

	sc->nofile_raised = 1;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		sc->max_open_fds = fd_budget();
}

int proc_scanner_open(struct proc_scanner *sc, uid_t uid, long page_size)
{
	memset(sc, 0, sizeof *sc);
	sc->proc_fd = -1;
	sc->uid = uid;
	sc->page_kib = page_size > 0 ? (unsigned long)page_size / 1024 : 4;
	sc->max_open_fds = fd_budget();
	if (!(sc->dents = malloc(PROC_DENTS_BYTES)))
		return -1;
	sc->proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sc->proc_fd < 0) {
		int saved = errno;
		free(sc->dents);
		sc->dents = NULL;
		errno = saved;
		return -1;
	}
	return 0;
}

static void forget(struct proc_scanner *sc, struct pid_memo *m)
{
	if (m->fd >= 0) {
		close(m->fd);
		sc->open_fds--;
		m->fd = -1;
	}
}

void proc_scanner_close(struct proc_scanner *sc)
{
	for (size_t i = 0; i < sc->n_memo; i++)
		forget(sc, &sc->memo[i]);
	free(sc->memo);
	free(sc->next_memo);
	free(sc->dents);
	if (sc->proc_fd >= 0)
		close(sc->proc_fd);
	memset(sc, 0, sizeof *sc);
	sc->proc_fd = -1;
}


/* Vanished between readdir and read: not worth a warning. */
static int vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

/* The memo of the previous scan for pid, or NULL. /proc lists pids in increasing order
 * and the memos are sorted: *cursor walks along them, one step or so per pid (a pid out
 * of order is looked up by bsearch, the cursor left where it is). */
static struct pid_memo *memo_find(struct proc_scanner *sc, int pid, size_t *cursor)
{
	size_t i = *cursor;
	if (i > 0 && sc->memo[i - 1].pid >= pid) {
		struct pid_memo key = { .pid = pid };
		return bsearch(&key, sc->memo, sc->n_memo, sizeof key, memo_by_pid);
	}
	while (i < sc->n_memo && sc->memo[i].pid < pid)
		i++;
	*cursor = i;
	return i < sc->n_memo && sc->memo[i].pid == pid ? &sc->memo[i] : NULL;
}

/* Read pid's stat into buf through its memo: the kept descriptor (opened, and kept while
 * the budget allows, on first need). Returns the length, or -1 with errno set. */
static long read_stat(struct proc_scanner *sc, struct pid_memo *m, const char *name,
		      char *buf, size_t cap)
{
	char path[32];

	if (m->fd < 0) {
		if (sc->open_fds >= sc->max_open_fds && !sc->nofile_raised && sc->may_raise_nofile)
			raise_nofile(sc);
		snprintf(path, sizeof path, "%.20s/stat", name);
		if (sc->open_fds >= sc->max_open_fds)
			return read_small_file(sc->proc_fd, path, buf, cap);
		m->fd = openat(sc->proc_fd, path, O_RDONLY | O_CLOEXEC);
		if (m->fd < 0) {
			if (errno == EMFILE || errno == ENFILE) {   /* over the budget after all */
				sc->max_open_fds = sc->open_fds;
				return read_small_file(sc->proc_fd, path, buf, cap);
			}
			return -1;
		}
		sc->open_fds++;
	}
	return pread_small(m->fd, buf, cap);
}

/* Add e's stat to t. Returns 0, -1 out of memory. */
static int add_entry(struct proc_scanner *sc, struct proc_table *t, const struct pid_stat *ps)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct proc_entry *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	struct proc_entry *e = &t->v[t->n++];
	e->pid = ps->pid;
	e->ppid = ps->ppid;
	e->cpu_ticks = ps->utime + ps->stime;
	e->child_ticks = ps->cutime + ps->cstime;
	e->starttime = ps->starttime;
	e->rss_kib = ps->rss_pages * sc->page_kib;
	e->in_job = -1;
	return 0;
}

/* One /proc/<pid> entry: its memo carried over (same pid and inode) or made, its owner
 * checked when new or its turn comes, its stat read if it is the uid's. The memo goes to
 * sc->next_memo (room for it is there). Returns 0, -1 out of memory. */
static int scan_pid(struct proc_scanner *sc, struct proc_table *t, const struct dent64 *d,
		    int pid, size_t *cursor, size_t *n_next, unsigned *unreadable)
{
	struct pid_memo *next = sc->next_memo;
	struct pid_memo *old = memo_find(sc, pid, cursor);
	struct pid_memo m = {pid, -1, d->d_ino, -1, sc->scan};
	char buf[2048];
	struct stat st;
	struct pid_stat ps;

	if (old && old->ino == d->d_ino) {
		m.fd = old->fd;
		m.mine = old->mine;
		old->fd = -1;           /* carried: not closed with the old memo */
	}
	if (m.mine < 0 || (sc->scan + (unsigned long)pid) % OWNER_RECHECK_SCANS == 0) {
		sc->owner_checks++;
		if (fstatat(sc->proc_fd, d->d_name, &st, 0) < 0) {
			if (!vanished(errno))
				(*unreadable)++;
			forget(sc, &m);
			return 0;
		}
		m.mine = st.st_uid == sc->uid;
		if (!m.mine)
			forget(sc, &m);   /* it changed uid */
	}
	if (m.mine) {
		long len = read_stat(sc, &m, d->d_name, buf, sizeof buf);
		if (len < 0 || len == 0) {   /* 0: a process that exited while we opened it */
			if (len < 0 && !vanished(errno))
				(*unreadable)++;
			forget(sc, &m);
			return 0;
		}
		if (parse_pid_stat(buf, (size_t)len, &ps) < 0) {
			(*unreadable)++;
			forget(sc, &m);
			return 0;
		}
		if (add_entry(sc, t, &ps) < 0) {
			forget(sc, &m);
			return -1;
		}
	}
	next[(*n_next)++] = m;
	return 0;
}

int proc_scan(struct proc_scanner *sc, struct proc_table *t, unsigned *unreadable)
{
	size_t n_next = 0, cursor = 0;   /* cursor: in the previous scan's memos */
	int rc = 0;

	t->n = 0;
	*unreadable = 0;
	sc->scan++;
	if (lseek(sc->proc_fd, 0, SEEK_SET) < 0)
		return -1;
	for (;;) {
		long got = syscall(SYS_getdents64, sc->proc_fd, sc->dents, PROC_DENTS_BYTES);
		if (got < 0) {
			rc = -1;
			break;
		}
		if (got == 0)
			break;
		for (long off = 0; off < got;) {
			const struct dent64 *d = (const struct dent64 *)(sc->dents + off);
			const char *name = d->d_name;
			off += d->d_reclen;
			if (name[0] < '1' || name[0] > '9')
				continue;
			long pid = 0;
			for (const char *c = name; *c >= '0' && *c <= '9' && pid < 1L << 30; c++)
				pid = pid * 10 + (*c - '0');
			if (n_next == sc->cap_next) {
				size_t cap = sc->cap_next ? sc->cap_next * 2 : 1024;
				struct pid_memo *g = realloc(sc->next_memo, cap * sizeof *g);
				if (!g) {
					rc = -1;
					goto done;
				}
				sc->next_memo = g;
				sc->cap_next = cap;
			}
			if (scan_pid(sc, t, d, (int)pid, &cursor, &n_next, unreadable) < 0) {
				rc = -1;
				goto done;
			}
		}
	}
done:
	/* pids gone (or reused) since the last scan: their descriptors are closed */
	for (size_t i = 0; i < sc->n_memo; i++)
		forget(sc, &sc->memo[i]);
	struct pid_memo *swap = sc->memo;
	size_t swap_cap = sc->cap_memo;
	sc->memo = sc->next_memo;
	sc->cap_memo = sc->cap_next;
	sc->n_memo = n_next;
	sc->next_memo = swap;
	sc->cap_next = swap_cap;
	/* /proc lists pids in increasing order, but do not rely on it */
	for (size_t i = 1; i < sc->n_memo; i++) {
		if (sc->memo[i - 1].pid > sc->memo[i].pid) {
			qsort(sc->memo, sc->n_memo, sizeof *sc->memo, memo_by_pid);
			qsort(t->v, t->n, sizeof *t->v, by_pid);
			break;
		}
	}
	return rc;
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
