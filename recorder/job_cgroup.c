/* job_cgroup.c - find etrec's cgroup v2, check that only etrec and its descendants are in
 * it, and read its CPU and memory counters through descriptors kept open. */
#include "job_cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc_parse.h"

#define CGROUP_V2_ROOT "/sys/fs/cgroup"
#define CGROUP_V2_HYBRID "/sys/fs/cgroup/unified"   /* v1 controllers beside a v2 tree */
#define MAX_CHAIN 4096                               /* ppid steps to reach etrec */

static int open_in(const char *dir, const char *file)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void job_cgroup_close(struct job_cgroup *c)
{
	close_fd(&c->procs_fd);
	close_fd(&c->stat_fd);
	close_fd(&c->mem_fd);
	close_fd(&c->peak_fd);
	free(c->pids);
	c->pids = NULL;
	c->npids = c->cap_pids = 0;
	c->active = 0;
}

/* The "0::<path>" line of a /proc/<pid>/cgroup text, copied to out. Returns 0 or -1. */
static int v2_path(const char *text, char *out, size_t cap)
{
	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "0::", 3) != 0)
			continue;
		const char *p = line + 3, *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= cap || *p != '/')
			return -1;
		memcpy(out, p, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

/* Add the pids of buf[0, len) to c->pids; *v carries a number cut between two chunks
 * (-1: none). len 0 ends the text. Returns 0, or -1 when out of memory. */
static int add_pids(struct job_cgroup *c, const char *buf, size_t len, long long *v)
{
	for (size_t i = 0; i <= len; i++) {
		char ch = i < len ? buf[i] : '\n';
		if (i == len && len)
			break;                    /* a chunk's end is not a number's */
		if (ch >= '0' && ch <= '9') {
			*v = (*v < 0 ? 0 : *v * 10) + (ch - '0');
			if (*v > INT_MAX)
				*v = INT_MAX;
			continue;
		}
		if (*v < 0)
			continue;
		if (c->npids == c->cap_pids) {
			size_t cap = c->cap_pids ? 2 * c->cap_pids : 64;
			int *p = realloc(c->pids, cap * sizeof *p);
			if (!p)
				return -1;
			c->pids = p;
			c->cap_pids = cap;
		}
		c->pids[c->npids++] = (int)*v;
		*v = -1;
	}
	return 0;
}

int job_cgroup_parse_procs(struct job_cgroup *c, const char *buf, size_t len)
{
	long long v = -1;
	c->npids = 0;
	return len && add_pids(c, buf, len, &v) < 0 ? -1 : add_pids(c, "", 0, &v);
}

int job_cgroup_read_procs(struct job_cgroup *c)
{
	char chunk[4096];
	long long v = -1;
	c->npids = 0;
	if (lseek(c->procs_fd, 0, SEEK_SET) < 0)
		goto fail;
	for (;;) {
		ssize_t n = read(c->procs_fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || add_pids(c, chunk, n < 0 ? 0 : (size_t)n, &v) < 0)
			goto fail;
		if (n == 0)
			return 0;
	}
fail:
	c->procs_errno = errno;
	return -1;
}

/* 1 if pid is self or descends from it by the ppid chains of t (an entry that
 * proc_mark_job put in the job answers at once). */
static int is_ours(const struct proc_table *t, int pid, int self_pid)
{
	for (int steps = 0; steps < MAX_CHAIN; steps++) {
		if (pid == self_pid)
			return 1;
		long i = proc_table_find(t, pid);
		if (i < 0 || t->v[i].ppid == pid)
			return 0;
		if (t->v[i].in_job == 1)
			return 1;
		pid = t->v[i].ppid;
	}
	return 0;
}

size_t job_cgroup_foreign(const struct job_cgroup *c, const struct proc_table *t, int self_pid,
                          int *first)
{
	size_t n = 0;
	for (size_t i = 0; i < c->npids; i++) {
		int pid = c->pids[i];
		if (is_ours(t, pid, self_pid))
			continue;
		/* not in the scan: gone since cgroup.procs was read, or another user's */
		if (proc_table_find(t, pid) < 0 && kill(pid, 0) < 0 && errno == ESRCH)
			continue;
		if (!n++)
			*first = pid;
	}
	return n;
}

/* A file holding one number (memory.current, memory.peak), re-read at offset 0. */
static int read_number(int fd, unsigned long long *out)
{
	char buf[64];
	long n = fd < 0 ? -1 : pread_small(fd, buf, sizeof buf);
	return n > 0 ? parse_u64_text(buf, (size_t)n, out) : -1;
}

const char *cgroup_v2_root(void)
{
	struct stat st;
	return stat(CGROUP_V2_ROOT "/cgroup.procs", &st) == 0 ? CGROUP_V2_ROOT : CGROUP_V2_HYBRID;
}

int job_cgroup_open(struct job_cgroup *c, const char *root, const char *self_cgroup,
                    const struct proc_table *t, int self_pid, char *why, size_t whylen)
{
	char buf[4096], rel[PATH_MAX];
	unsigned long long v;
	memset(c, 0, sizeof *c);
	c->procs_fd = c->stat_fd = c->mem_fd = c->peak_fd = -1;
	c->rel = "/";
	if (read_small_file(AT_FDCWD, self_cgroup, buf, sizeof buf) <= 0 ||
	    v2_path(buf, rel, sizeof rel) < 0) {
		snprintf(why, whylen, "no cgroup v2");
		return -1;
	}
	if (!root)
		root = cgroup_v2_root();
	int at_root = strcmp(rel, "/") == 0;
	if (snprintf(c->dir, sizeof c->dir, "%s%s", root, at_root ? "" : rel) >= (int)sizeof c->dir) {
		snprintf(why, whylen, "cgroup path too long");
		return -1;
	}
	if (!at_root)
		c->rel = c->dir + strlen(root);
	c->procs_fd = open_in(c->dir, "cgroup.procs");
	c->stat_fd = open_in(c->dir, "cpu.stat");
	if (c->procs_fd < 0 || c->stat_fd < 0) {
		snprintf(why, whylen, "no cgroup v2 at %.200s", c->dir);
		goto fail;
	}
	long n = pread_small(c->stat_fd, buf, sizeof buf);
	if (n <= 0 || parse_cgroup_usage_usec(buf, (size_t)n, &v) < 0) {
		snprintf(why, whylen, "cgroup %.200s has no readable cpu.stat usage_usec", c->rel);
		goto fail;
	}
	{
		int fd = open_in(c->dir, "cgroup.stat");
		n = fd >= 0 ? pread_small(fd, buf, sizeof buf) : -1;
		if (fd >= 0)
			close(fd);
		if (n > 0 && parse_keyed_u64(buf, (size_t)n, "nr_descendants ", &v) == 0 && v > 0) {
			snprintf(why, whylen, "cgroup %.200s has %llu child cgroup%s", c->rel, v, v == 1 ? "" : "s");
			goto fail;
		}
	}
	int first = 0;
	size_t foreign;
	if (job_cgroup_read_procs(c) < 0) {
		snprintf(why, whylen, "cannot read %.200s/cgroup.procs: %s", c->rel, strerror(errno));
		goto fail;
	}
	foreign = job_cgroup_foreign(c, t, self_pid, &first);
	if (foreign) {
		snprintf(why, whylen, "cgroup %.200s holds %zu other process%s", c->rel, foreign,
		         foreign == 1 ? "" : "es");
		goto fail;
	}
	c->mem_fd = open_in(c->dir, "memory.current");   /* absent without the memory controller */
	c->peak_fd = open_in(c->dir, "memory.peak");     /* absent before Linux 5.19 */
	c->active = 1;
	return 0;
fail:
	job_cgroup_close(c);
	return -1;
}

int job_cgroup_read(struct job_cgroup *c, unsigned long long self_us, unsigned long long helpers_us,
                    struct job_cgroup_reading *out)
{
	char buf[4096];
	unsigned long long usage;
	memset(out, 0, sizeof *out);
	out->mem_ok = read_number(c->mem_fd, &out->mem_kib) == 0;
	out->peak_ok = read_number(c->peak_fd, &out->peak_kib) == 0;
	if ((c->mem_fd >= 0 && !out->mem_ok) || (c->peak_fd >= 0 && !out->peak_ok))
		out->failed = c->mem_fd >= 0 && !out->mem_ok ? "memory.current" : "memory.peak";
	out->mem_kib /= 1024;
	out->peak_kib /= 1024;
	long n = pread_small(c->stat_fd, buf, sizeof buf);
	if (n <= 0 || parse_cgroup_usage_usec(buf, (size_t)n, &usage) < 0) {
		out->failed = "cpu.stat";
		return -1;
	}
	if (!c->have_base) {
		c->have_base = 1;
		c->usage0_us = usage;
		c->self0_us = self_us;
		c->helpers0_us = helpers_us;
	}
	/* usage - usage0 - (self - self0) - (helpers - helpers0), in signed arithmetic */
	long long net = (long long)(usage - c->usage0_us) - (long long)(self_us - c->self0_us) -
	                (long long)(helpers_us - c->helpers0_us);
	if (net > (long long)c->last_us)
		c->last_us = (unsigned long long)net;
	out->usage_us = c->last_us;
	out->usage_ok = 1;
	return 0;
}
