/* proc_parse.h - parsers for the /proc and /sys text files the recorder reads.
 * Pure functions over a buffer already read, so unit tests feed them canned text. */
#ifndef ETREC_PROC_PARSE_H
#define ETREC_PROC_PARSE_H

#include <stddef.h>

/* The fields of /proc/<pid>/stat the recorder uses (proc_pid_stat(5) numbering). */
struct pid_stat {
	int pid;                       /* (1) */
	char state;                    /* (3) */
	int ppid;                      /* (4) */
	unsigned long long utime;      /* (14) clock ticks */
	unsigned long long stime;      /* (15) clock ticks */
	unsigned long long cutime;     /* (16) waited-for children, clock ticks */
	unsigned long long cstime;     /* (17) */
	unsigned long long starttime;  /* (22) clock ticks after boot */
	unsigned long long rss_pages;  /* (24) resident pages */
};

/* Parse one /proc/<pid>/stat line of len bytes. The command name may hold spaces and
 * ')', so fields are counted from the last ')'. Returns 0, or -1 if malformed. */
int parse_pid_stat(const char *buf, size_t len, struct pid_stat *out);

/* Machine-wide CPU time from the first line of /proc/stat. */
struct cpu_times {
	unsigned long long busy;       /* total - idle - iowait */
	unsigned long long total;      /* user+nice+system+idle+iowait+irq+softirq+steal */
};
/* Returns 0, or -1 when the buffer does not start with a "cpu " line of 4+ numbers. */
int parse_proc_stat_cpu(const char *buf, size_t len, struct cpu_times *out);

/* MemTotal and MemAvailable of /proc/meminfo, in KiB; -1 when absent. Returns 0 when
 * MemTotal was found, else -1. */
struct meminfo {
	long long total_kib;
	long long available_kib;
};
int parse_meminfo(const char *buf, size_t len, struct meminfo *out);

/* What the header needs from /proc/cpuinfo. */
struct cpuinfo_summary {
	char model[128];     /* first "model name", "" if none */
	int sockets;         /* distinct "physical id", 1 if none */
	int physical_cores;  /* distinct (physical id, core id), 0 if no "core id" lines */
	int processors;      /* "processor" lines */
};
/* Always succeeds (fields it cannot find keep their documented fallback); returns 0. */
int parse_cpuinfo(const char *buf, size_t len, struct cpuinfo_summary *out);

/* The number after key (e.g. "nr_descendants ") at a line start of a flat keyed file
 * (cpu.stat, cgroup.stat, meminfo). Returns 0, or -1 when the key is missing or its
 * value is not an unsigned decimal below 2^63. */
int parse_keyed_u64(const char *buf, size_t len, const char *key, unsigned long long *out);

/* usage_usec of a cgroup v2 cpu.stat. Returns 0, or -1 when the key is missing. */
int parse_cgroup_usage_usec(const char *buf, size_t len, unsigned long long *out);

/* A file that holds one unsigned decimal of 64 bits (memory.current, energy_uj), spaces
 * or newlines after it allowed, nothing else. Returns 0 or -1. */
int parse_u64_text(const char *buf, size_t len, unsigned long long *out);

/* Read a small file from its start into buf (NUL-terminated, at most cap-1 bytes) with
 * one pread: /proc, /sys and cgroup files give all they hold in one read when there is
 * room, so a short read is the end (no second read to see it). Returns the length, or -1
 * with errno set. */
long pread_small(int fd, char *buf, size_t cap);

/* The same on path (dirfd may be AT_FDCWD), opened and closed. */
long read_small_file(int dirfd, const char *path, char *buf, size_t cap);

/* Read a whole file of any size into a malloc'ed NUL-terminated buffer (caller frees),
 * giving up beyond max bytes. Returns the buffer, or NULL with errno set. */
char *read_whole_file(const char *path, size_t max, size_t *len_out);

#endif
