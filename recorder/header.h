/* header.h - the log's header line: one JSON object describing the machine, the user,
 * the command and the GPUs, written once before any record (docs/log-format.md). */
#ifndef ETREC_HEADER_H
#define ETREC_HEADER_H

#include "clock.h"
#include "gpu.h"
#include "options.h"
#include "rapl.h"
#include "textbuf.h"

struct header_input {
	const struct etrec_options *opt;
	const struct gpu_sampler *gpu;   /* gpus[] to list (ngpus may be 0) */
	const char *gpu_source;          /* "nvidia-smi <path>" or "none: <why>" */
	const char *cgroup_cpu_stat;     /* readable cpu.stat path, or NULL */
	long idle_ms;                    /* the idle baseline asked for */
	struct stamp start;
	const char *job_cgroup;          /* job_scope: the job's cgroup directory, or NULL ... */
	const char *job_scope_why;       /* ... and then why the scope is the /proc walk's */
	const struct rapl_reader *rapl;  /* the zones found (or why none) */
	const char *gpu_process_source;  /* "nvidia-smi pmon" or "none: <why>" */
};

/* Append the header JSON and its '\n' to tb. Facts that cannot be read become null.
 * Never fails; an allocation failure shows as tb->oom. */
void header_build(struct textbuf *tb, const struct header_input *in);

/* Path of the user's cgroup v2 cpu.stat under root (normally /sys/fs/cgroup),
 * root/user.slice/user-<uid>.slice/cpu.stat, written to out if it is readable and
 * holds usage_usec; 0, or -1 if not. */
int header_find_cgroup(const char *root, unsigned uid, char *out, unsigned long cap);

#endif
