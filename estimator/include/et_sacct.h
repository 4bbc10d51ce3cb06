/* et_sacct.h - SLURM accounting: read `sacct --parsable2` output (columns mapped by the
 * header line) into one record per job, its steps folded in as sacct reports them. */
#ifndef ET_SACCT_H
#define ET_SACCT_H

#include <stdint.h>
#include <stdio.h>

#include "et_error.h"

/* The longest line the reader accepts (bytes, newline included); `--format ALL` lines are
 * a few kB. A longer line is an error, so memory stays bounded whatever the input. */
#define ET_SACCT_MAX_LINE 65536

/* One job as accounting describes it. Numbers are NAN (or -1 for counts and times) when
 * sacct left the field out, empty, "Unknown" or "INVALID"; strings are "" then. */
struct et_sacct_job {
	long line;               /* 1-based line of the job's own row in the input */
	char cluster[64];
	char job_id[64];         /* JobID as printed: "12", "12_3" (array task), "12_[4-9]" */
	char job_id_raw[32];     /* JobIDRaw: the id SLURM_JOB_ID holds; "" without the column */
	char array_job_id[32];   /* "12" for "12_3", else "" */
	char array_task_id[32];  /* "3" for "12_3", "[4-9]" for a pending range, else "" */
	char user[64];
	char account[64];
	char partition[64];
	char node_list[256];
	char state[32];          /* first word of State: "COMPLETED", "FAILED", "CANCELLED"... */
	int finished;            /* 1 if the state is final (not PENDING, RUNNING, REQUEUED,
	                          * RESIZING, SUSPENDED, REVOKED...), so the row will not change */
	int n_nodes;             /* NNodes, -1 if unknown */
	int n_cpus;              /* NCPUS, -1 if unknown */
	double elapsed_s;        /* Elapsed (wall clock of the allocation) */
	double total_cpu_s;      /* TotalCPU (user + system CPU of all steps, as sacct sums it) */
	double cpu_time_s;       /* CPUTime = Elapsed x NCPUS (allocated CPU time) */
	double req_mem_mib;      /* ReqMem for the whole job: per-node forms x NNodes, per-CPU
	                          * forms x NCPUS (see req_mem_how) */
	char req_mem_how[48];    /* how req_mem_mib was obtained from the ReqMem text */
	double max_rss_mib;      /* largest MaxRSS of the job's steps */
	double alloc_cpus;       /* AllocTRES cpu= */
	double alloc_mem_mib;    /* AllocTRES mem= */
	double alloc_gpus;       /* AllocTRES gres/gpu= (0 when the TRES list has none) */
	char gpu_type[64];       /* the type of gres/gpu:<type>=N, "" when untyped */
	int64_t start_local_s;   /* Start as printed (the cluster's local wall clock, seconds
	                          * since 1970-01-01 00:00 of that clock), -1 if unknown */
	int64_t end_local_s;     /* End, likewise (-1 while the job runs) */
	double consumed_energy_j;/* ConsumedEnergyRaw of the job row (J), else the largest of its
	                          * steps' (they overlap in time); NAN when the rows leave it empty */
	int n_steps;             /* step rows folded into the job */
};

/* Called once per job, in input order, after its steps were folded in. job is borrowed
 * for the call. Return 0 to go on, anything else to stop the reader (it returns that
 * value, err left as the callback filled it). */
typedef int (*et_sacct_job_fn)(const struct et_sacct_job *job, void *ctx, struct et_error *err);

/* Read sacct --parsable2 output (the header line first, fields separated by '|', a
 * trailing '|' of --parsable accepted) from in, called source in messages. Columns are
 * found by their header names in any order, extra ones ignored; Cluster and JobID are
 * required. A step row (JobID "<job>.<step>") must follow its job's row, as sacct prints
 * them. Returns 0 after the last job, or -1 with err filled (source, line, what) at the
 * first bad line: missing columns, a wrong field count, an unparsable time, duration,
 * size, count or TRES, an over-long line, a step without its job. Memory is bounded by
 * one line and one job, whatever the number of rows. */
int et_sacct_read(FILE *in, const char *source, et_sacct_job_fn on_job, void *ctx,
		  struct et_error *err);

/* The parsers, exposed for their tests. Each returns 0, 1 when text says "unknown"
 * ("", "Unknown", "None", "INVALID"; the value is then NAN or -1), or -1 when text is
 * malformed. */
/* A duration "[DD-[HH:]]MM:SS[.mmm]" (or "DD-HH", as sacct's time limits) in seconds. */
int et_sacct_parse_duration(const char *text, double *seconds);
/* A size "<number>[KMGTP]" in MiB; no suffix is default_unit ('K' for MaxRSS, 'M' for
 * ReqMem and TRES mem, as sacct prints them). */
int et_sacct_parse_size(const char *text, char default_unit, double *mib);
/* A timestamp "YYYY-MM-DDTHH:MM:SS" in seconds of its own (local) clock since 1970. */
int et_sacct_parse_time(const char *text, int64_t *local_s);
/* An AllocTRES list "cpu=2,mem=4G,node=1,gres/gpu:a100=1,...": fills the job's alloc_*
 * fields and gpu_type. Returns 0, 1 for an empty list, or -1 with what (a buffer of
 * what_size bytes) saying which item is malformed. */
int et_sacct_parse_tres(const char *text, struct et_sacct_job *job, char *what, size_t what_size);

#endif
