/* gpu.h - GPU sampling through nvidia-smi: a one-shot query for the header, then three
 * long-lived loop-mode children (--query-gpu, --query-compute-apps, pmon) read through
 * non-blocking pipes; every failure of theirs is a warning, never fatal. */
#ifndef ETREC_GPU_H
#define ETREC_GPU_H

#include <limits.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "clock.h"
#include "logwrite.h"
#include "proc_scan.h"
#include "signals.h"

#define GPU_MAX 64
#define GPU_APPS_MAX 256
#define GPU_HELPERS_MAX 4    /* the probe (if left behind) and the three loop children */
#define GPU_STREAMS 3        /* loop children: query-gpu, query-compute-apps, pmon */
#define GPU_PMON_MAX 512     /* process lines kept from pmon's newest samples (more: NA) */
#define GPU_PMON_MAX_DELAY_S 10   /* pmon -d takes 1 to 10 s */
#define GPU_PID_MAX 4194304  /* PID_MAX_LIMIT of 64-bit Linux: the largest pid a process has */
/* What a reading may be: outside, the value is NA with a warning. */
#define GPU_POWER_MAX_W 5000.0      /* draw or limit of one GPU */
#define GPU_MEM_MAX_MIB 4194304.0   /* 4 TiB of GPU memory */
#define GPU_UTIL_MAX_PCT 100.0
/* Bytes parsed from one nvidia-smi loop child per interval. Past that, the pipe is not
 * read until the next tick (the child blocks), which first drops what waits in it. */
#define GPU_STREAM_BUDGET (64 * 1024)

struct gpu_info {
	int index;
	char uuid[96];
	char name[128];
	double power_limit_w;
	int has_limit;
	int limit_rejected;       /* power.limit was a number out of range: has_limit 0 */
};

/* Newest reading of one GPU. valid has one bit per GPU_F_* field; rejected, one per
 * field that held a number out of range (not finite, negative, above its maximum). */
enum { GPU_F_POWER = 1, GPU_F_LIMIT = 2, GPU_F_UTIL = 4, GPU_F_MEM = 8, GPU_F_APP_MEM = 16 };
struct gpu_reading {
	int fresh;                /* set by the parser; see when_ms */
	long long when_ms;        /* monotonic time it was received; 0 = never */
	unsigned valid, rejected;
	double power_w, limit_w, util_pct, mem_mib;
};

/* One loop-mode nvidia-smi child and the partial line read from it. */
struct smi_stream {
	const char *what;         /* "query-gpu" or "query-compute-apps", for warnings */
	pid_t pid;                /* 0 when not running (or reaped) */
	int left_behind;          /* survived SIGKILL (stuck in the driver): not waited for again */
	int fd;                   /* read end of its stdout+stderr, -1 when closed */
	char buf[1024];
	size_t len;
	int overlong;             /* dropping the rest of a line longer than buf */
	long long last_line_ms;   /* monotonic time of the last complete line */
	size_t read_this_interval; /* bytes read since the last tick (GPU_STREAM_BUDGET) */
	int drop_pending;          /* it flooded: drop what waits in the pipe, then read on */
	int hung_warned, garbage_warned, error_warned, flood_warned;
};

/* One process line of nvidia-smi pmon -s um: pid -1 for "-" (no process on the GPU). */
enum { PMON_BAD_SM = 1, PMON_BAD_MEM = 2 };   /* a field that is not a number from 0 to 100 */
struct gpu_pmon_entry {
	short gpu;                /* position in gpus[] */
	unsigned short bad;       /* PMON_BAD_* */
	int pid;
	float sm_pct, mem_pct;    /* "-" reads as 0 */
};

/* Token positions of pmon's columns, from its "# gpu pid type sm mem ..." header line. */
struct pmon_columns {
	int gpu, pid, sm, mem;
	int ntokens;              /* tokens a data line has at least */
};

/* One compute process seen by --query-compute-apps. */
struct gpu_app {
	int gpu;                  /* position in gpus[] */
	int pid;
	double mem_mib;
	int mem_valid;
};

struct gpu_sampler {
	char path[PATH_MAX];      /* the nvidia-smi executable */
	int ngpus;
	struct gpu_info gpus[GPU_MAX];
	struct gpu_reading readings[GPU_MAX];
	struct smi_stream query, apps, pmon;
	struct gpu_app block[GPU_APPS_MAX];   /* the newest --query-compute-apps block */
	size_t nblock;
	char block_stamp[40];     /* its timestamp field */
	long long block_ms;       /* when its last line came */
	int block_cut, block_cut_warned;   /* a line of the block found no room (NA) */
	struct gpu_pmon_entry pmon_v[GPU_PMON_MAX];   /* each GPU's newest pmon sample */
	size_t npmon;
	long long pmon_ms[GPU_MAX];   /* when each GPU's newest pmon line came; 0 = never */
	unsigned char pmon_cut[GPU_MAX];   /* a line of the GPU's newest sample found no room */
	struct pmon_columns pmon_cols;
	long pmon_delay_ms;       /* pmon's -d, in ms */
	int pmon_range_warned, pmon_cut_warned;
	long interval_ms;
	long long smi_utime_us, smi_stime_us;  /* rusage of every reaped nvidia-smi */
	pid_t probe_left;         /* the one-shot query, if it survived SIGKILL; else 0 */
	int probe_duplicates;     /* probe lines whose index or uuid was listed before */
	int first_duplicate;      /* the index of the first of them */
	unsigned range_warned;    /* GPU_F_* fields already warned about */
	int stopping;
};

void gpu_init(struct gpu_sampler *g);

/* Find nvidia-smi: `given` if not NULL (must be executable), else the first on $PATH.
 * Returns 0 with g->path set, or -1 with a reason in why. */
int gpu_find(struct gpu_sampler *g, const char *given, char *why, size_t whylen);

/* Run `nvidia-smi --query-gpu=index,uuid,name,power.limit` once, giving up after
 * timeout_ms. Returns the number of GPUs found (g->gpus), or -1 with a reason in why
 * (not found, failed, timed out, printed an error or nothing usable). */
int gpu_probe(struct gpu_sampler *g, const struct sigstate *sig, long timeout_ms,
              char *why, size_t whylen);

/* Start the three loop-mode children, sampling every interval_ms (pmon every interval
 * rounded to whole seconds, 1 to 10). Failures are warnings. */
void gpu_start(struct gpu_sampler *g, const struct sigstate *sig, long interval_ms,
               struct etlog *log);

/* The probe's warnings, once the header is written: duplicate GPUs it listed (ignored)
 * and power limits out of range (null in the header). */
void gpu_probe_warnings(struct gpu_sampler *g, struct etlog *log);

/* Pids of running or left-behind helpers (for excluding them from the job tree);
 * returns the count. */
size_t gpu_helper_pids(const struct gpu_sampler *g, int out[GPU_HELPERS_MAX]);

/* Descriptors to poll for input (up to GPU_STREAMS): a stream that used its
 * GPU_STREAM_BUDGET waits for the next gpu_tick. Returns the count. */
size_t gpu_poll_fds(const struct gpu_sampler *g, int out[GPU_STREAMS]);

/* Read what is available on fd and handle complete lines. */
void gpu_on_readable(struct gpu_sampler *g, int fd, struct etlog *log);

/* Write one G record per GPU with phase, using the newest readings; the job's
 * processes are the entries of t with in_job == 1 (t may be NULL: none); uid's
 * are those in t (the scan of uid's processes), or without t the owners of /proc/<pid>. Warns if the query child
 * printed nothing for more than 3 intervals. In the run phase, one P record per GPU
 * follows (per-process utilisation sums from pmon). */
void gpu_tick(struct gpu_sampler *g, struct stamp now, const char *phase,
              const struct proc_table *t, uid_t uid, struct etlog *log);

/* If pid is one of the helpers (left-behind ones included): account its rusage, warn
 * unless stopping, return 1. */
int gpu_reaped(struct gpu_sampler *g, pid_t pid, int status, const struct rusage *ru,
               struct etlog *log);

/* Stop and reap the helpers (SIGTERM, then SIGKILL after 500 ms) and close pipes. A
 * helper that survives SIGKILL for 2 s (stuck in the driver) is left behind, with a
 * warning in log (may be NULL) stamped `when`; if it ends later, gpu_reaped still
 * recognises it. */
void gpu_stop(struct gpu_sampler *g, struct etlog *log, struct stamp when);

/* Parsers, exposed for unit tests. A field is missing when it is "[N/A]",
 * "[Not Supported]", "N/A" or empty. */
/* Split line on ',' and trim spaces; at most max fields. Modifies line. Returns count. */
size_t smi_split(char *line, char **fields, size_t max);
/* 1 and *v set for a finite number, 2 for a number that is not finite or overflows
 * ("inf", "nan", "1e400"), 0 for a missing marker, -1 for anything else. */
int smi_value(const char *field, double *v);
/* "NVIDIA-SMI has failed ...", "Failed to initialize NVML ...": 1 if an error banner. */
int smi_is_error_line(const char *line);
/* Parse "index, power.draw, power.limit, utilization.gpu, memory.used" into *index and
 * *r (fresh=1); a number out of range is not valid and has its bit in r->rejected.
 * Returns 0, or -1 if unparsable. */
int smi_parse_query_line(char *line, int *index, struct gpu_reading *r);
/* pmon's "# gpu pid type sm mem ..." line: 0 with cols set; -1 for any other line. */
int smi_parse_pmon_header(const char *line, struct pmon_columns *cols);
/* The default columns (the order of every driver so far: gpu pid type sm mem). */
void smi_pmon_default_columns(struct pmon_columns *cols);
/* Parse a pmon data line: *index (GPU), *pid (-1 for "-"), *sm and *mem ("-" is 0; not a
 * number from 0 to 100: its PMON_BAD_* bit in *bad). Returns 0, or -1 if unparsable. */
int smi_parse_pmon_line(const char *line, const struct pmon_columns *cols, int *index, int *pid,
                        double *sm, double *mem, unsigned *bad);
/* Parse "index, uuid, name, power.limit" into *gi (a limit out of range: has_limit 0,
 * limit_rejected 1; texts cut on a character boundary). Returns 0 or -1. */
int smi_parse_probe_line(char *line, struct gpu_info *gi);

#endif
