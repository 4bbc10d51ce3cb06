/* proc_parse.c - parsers for /proc/<pid>/stat, /proc/stat, /proc/meminfo,
 * /proc/cpuinfo and cgroup cpu.stat, plus the small file readers they share. */
#include "proc_parse.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parse an unsigned decimal at *p (after skipping spaces); advance *p. 0 or -1. */
static int next_u64(const char **p, const char *end, unsigned long long *v)
{
	const char *s = *p;
	while (s < end && *s == ' ')
		s++;
	int neg = 0;
	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	unsigned long long x = 0;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned d = (unsigned)(*s++ - '0');
		if (x > (ULLONG_MAX - d) / 10)
			return -1;          /* more than 64 bits: not a counter */
		x = x * 10 + d;
	}
	if (s < end && *s != ' ' && *s != '\n')
		return -1;
	*v = neg ? 0 : x;   /* negative counters (never seen) read as 0 */
	*p = s;
	return 0;
}

int parse_pid_stat(const char *buf, size_t len, struct pid_stat *out)
{
	const char *end = buf + len;
	const char *rp = NULL;
	for (const char *q = buf; q < end; q++)
		if (*q == ')')
			rp = q;
	if (!rp || rp + 2 >= end)
		return -1;
	unsigned long long pid;
	const char *p = buf;
	if (next_u64(&p, end, &pid) < 0)
		return -1;
	memset(out, 0, sizeof *out);
	out->pid = (int)pid;
	p = rp + 1;
	while (p < end && *p == ' ')
		p++;
	if (p >= end)
		return -1;
	out->state = *p++;
	/* Field 4 onwards; we need up to field 24. */
	unsigned long long f[25];
	for (int i = 4; i <= 24; i++)
		if (next_u64(&p, end, &f[i]) < 0)
			return -1;
	out->ppid = (int)f[4];
	out->utime = f[14];
	out->stime = f[15];
	out->cutime = f[16];
	out->cstime = f[17];
	out->starttime = f[22];
	out->rss_pages = f[24];
	return 0;
}

int parse_proc_stat_cpu(const char *buf, size_t len, struct cpu_times *out)
{
	const char *end = buf + len;
	if (len < 4 || memcmp(buf, "cpu ", 4) != 0)
		return -1;
	const char *p = buf + 4;
	unsigned long long v[8] = {0};
	int n = 0;
	while (n < 8 && next_u64(&p, end, &v[n]) == 0)
		n++;
	if (n < 4)
		return -1;
	/* user nice system idle iowait irq softirq steal */
	unsigned long long total = 0;
	for (int i = 0; i < n; i++)
		total += v[i];
	out->total = total;
	out->busy = total - v[3] - v[4];
	return 0;
}

/* Find "key" at a line start and parse the number after it; -1 if absent. */
static long long line_value(const char *buf, size_t len, const char *key)
{
	size_t klen = strlen(key);
	const char *end = buf + len;
	for (const char *line = buf; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *lend = nl ? nl : end;
		if ((size_t)(lend - line) > klen && memcmp(line, key, klen) == 0) {
			const char *p = line + klen;
			while (p < lend && (*p == ' ' || *p == '\t' || *p == ':'))
				p++;
			unsigned long long v;
			if (next_u64(&p, lend, &v) == 0)
				return (long long)v;
			return -1;
		}
		line = nl ? nl + 1 : end;
	}
	return -1;
}

int parse_meminfo(const char *buf, size_t len, struct meminfo *out)
{
	out->total_kib = line_value(buf, len, "MemTotal:");
	out->available_kib = line_value(buf, len, "MemAvailable:");
	return out->total_kib < 0 ? -1 : 0;
}

int parse_keyed_u64(const char *buf, size_t len, const char *key, unsigned long long *out)
{
	long long v = line_value(buf, len, key);
	if (v < 0)
		return -1;
	*out = (unsigned long long)v;
	return 0;
}

int parse_cgroup_usage_usec(const char *buf, size_t len, unsigned long long *out)
{
	return parse_keyed_u64(buf, len, "usage_usec ", out);
}

int parse_u64_text(const char *buf, size_t len, unsigned long long *out)
{
	const char *p = buf, *end = buf + len;
	unsigned long long v;
	if (len == 0 || *p < '0' || *p > '9' || next_u64(&p, end, &v) < 0)
		return -1;
	while (p < end && (*p == ' ' || *p == '\n'))
		p++;
	if (p != end)
		return -1;
	*out = v;
	return 0;
}

/* Value after ':' of a cpuinfo line, trimmed, copied into dst. */
static void cpuinfo_value(const char *line, const char *lend, char *dst, size_t cap)
{
	const char *c = memchr(line, ':', (size_t)(lend - line));
	size_t n = 0;
	if (c) {
		c++;
		while (c < lend && (*c == ' ' || *c == '\t'))
			c++;
		while (lend > c && (lend[-1] == ' ' || lend[-1] == '\t'))
			lend--;
		n = (size_t)(lend - c);
		if (n >= cap)
			n = cap - 1;
		memcpy(dst, c, n);
	}
	dst[n] = '\0';
}

static int starts_with(const char *line, const char *lend, const char *key)
{
	size_t k = strlen(key);
	return (size_t)(lend - line) >= k && memcmp(line, key, k) == 0 &&
	       ((size_t)(lend - line) == k || line[k] == ' ' || line[k] == '\t' || line[k] == ':');
}

int parse_cpuinfo(const char *buf, size_t len, struct cpuinfo_summary *out)
{
	enum { MAX_IDS = 4096 };
	const long none = -1;
	long phys_ids[64];
	int nphys = 0;
	long (*cores)[2] = malloc(sizeof(long[2]) * MAX_IDS);
	int ncores = 0;
	long cur_phys = none;
	char val[128];
	const char *end = buf + len;

	memset(out, 0, sizeof *out);
	for (const char *line = buf; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *lend = nl ? nl : end;
		if (starts_with(line, lend, "processor")) {
			out->processors++;
			cur_phys = none;
		} else if (starts_with(line, lend, "model name") && !out->model[0]) {
			cpuinfo_value(line, lend, out->model, sizeof out->model);
		} else if (starts_with(line, lend, "physical id")) {
			cpuinfo_value(line, lend, val, sizeof val);
			cur_phys = strtol(val, NULL, 10);
			int seen = 0;
			for (int i = 0; i < nphys; i++)
				seen |= phys_ids[i] == cur_phys;
			if (!seen && nphys < 64)
				phys_ids[nphys++] = cur_phys;
		} else if (starts_with(line, lend, "core id") && cores) {
			cpuinfo_value(line, lend, val, sizeof val);
			long core = strtol(val, NULL, 10);
			int seen = 0;
			for (int i = 0; i < ncores && !seen; i++)
				seen = cores[i][0] == cur_phys && cores[i][1] == core;
			if (!seen && ncores < MAX_IDS) {
				cores[ncores][0] = cur_phys;
				cores[ncores][1] = core;
				ncores++;
			}
		}
		line = nl ? nl + 1 : end;
	}
	out->sockets = nphys ? nphys : 1;
	out->physical_cores = ncores;
	free(cores);
	return 0;
}

long pread_small(int fd, char *buf, size_t cap)
{
	ssize_t n;

	do
		n = pread(fd, buf, cap - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (long)n;
}

long read_small_file(int dirfd, const char *path, char *buf, size_t cap)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	long len = pread_small(fd, buf, cap);
	int saved = errno;
	close(fd);
	errno = saved;
	return len;
}

char *read_whole_file(const char *path, size_t max, size_t *len_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		goto fail;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= max) {
				errno = EFBIG;
				goto fail;
			}
			char *p = realloc(buf, cap * 2);
			if (!p)
				goto fail;
			buf = p;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
fail:;
	int saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}
