/* et_logfmt.h - the etrec log format: magic, version, record kinds and column names.
 * The one contract shared by etrec (writer) and etest (reader); see docs/log-format.md. */
#ifndef ET_LOGFMT_H
#define ET_LOGFMT_H

#define ET_LOG_MAGIC         "etrec-log"   /* line 1 is "etrec-log <major>" */
#define ET_LOG_MAJOR         1             /* readers refuse any other major */
#define ET_LOG_MINOR         2             /* additions that old readers may ignore */
#define ET_LOG_VERSION_STR   "1.2"         /* header "version" (1.1: SLURM job variables;
                                              1.2: job scope from the cgroup, RAPL, per-process GPU use) */
#define ET_LOG_NA            "NA"          /* a value that could not be measured */

/* Record kinds: the first CSV field of every line after the header. */
#define ET_REC_COLUMNS  'C'   /* C,<kind>,<column names...> */
#define ET_REC_SAMPLE   'S'   /* CPU and memory sample */
#define ET_REC_GPU      'G'   /* one GPU's sample */
#define ET_REC_EVENT    'E'   /* launch, warning, signal, idle_start, idle_end */
#define ET_REC_END      'X'   /* end record: exit status and rusage totals */
#define ET_REC_RAPL     'R'   /* one RAPL zone's cumulative energy (1.2) */
#define ET_REC_GPU_PROC 'P'   /* one GPU's per-process utilisation sums (1.2) */

/* Column lists, in the order etrec writes them. Readers map by name, not position. */
/* The S columns of 1.0 and 1.1 (a log with only these is still valid: test and bench
 * generators use them), and those etrec 1.2 writes: the same plus the job's cgroup. */
#define ET_COLS_SAMPLE \
	"t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc," \
	"user_cpu_jiffies,user_rss_kib,user_nproc,user_cgroup_usec," \
	"sys_busy_jiffies,sys_total_jiffies,mem_total_kib,mem_available_kib"
#define ET_COLS_SAMPLE_1_2 ET_COLS_SAMPLE "," \
	"job_cgroup_usec,job_cgroup_mem_kib,job_cgroup_peak_kib"
#define ET_COLS_GPU \
	"t_mono_ms,t_utc_ms,phase,gpu_index,power_w,power_limit_w,util_pct,mem_used_mib," \
	"job_procs,job_mem_mib,user_procs,user_mem_mib"
#define ET_COLS_EVENT  "t_mono_ms,t_utc_ms,event,detail"
#define ET_COLS_RAPL   "t_mono_ms,t_utc_ms,zone,energy_uj"
#define ET_COLS_GPU_PROC \
	"t_mono_ms,t_utc_ms,gpu_index,job_sm_pct,job_mem_pct,user_sm_pct,user_mem_pct," \
	"all_sm_pct,all_mem_pct,all_procs"
#define ET_COLS_END \
	"t_mono_ms,t_utc_ms,status,code,etrec_exit,job_utime_s,job_stime_s,job_maxrss_kib," \
	"etrec_utime_s,etrec_stime_s,etrec_maxrss_kib,smi_utime_s,smi_stime_s"

/* Event names (E records). */
#define ET_EV_IDLE_START "idle_start"
#define ET_EV_IDLE_END   "idle_end"
#define ET_EV_LAUNCH     "launch"
#define ET_EV_SIGNAL     "signal"
#define ET_EV_WARNING    "warning"

/* Values of the X record's status column. */
#define ET_STATUS_EXITED       "exited"        /* code: the exit code */
#define ET_STATUS_SIGNALED     "signaled"      /* code: the signal number */
#define ET_STATUS_EXEC_FAILED  "exec_failed"   /* code: 126 or 127, no launch event */
#define ET_STATUS_NOT_LAUNCHED "not_launched"  /* stopped before launch; code: the signal, or 125 */

/* Header values of 1.2 (job_scope.source, rapl.source, gpu_process_source). */
#define ET_SCOPE_CGROUP  "cgroup"           /* job_scope.source: the job's cgroup v2 */
#define ET_SCOPE_PROC    "proc"             /* job_scope.source: the /proc walk only */
#define ET_GPU_PROC_PMON "nvidia-smi pmon"  /* gpu_process_source when P records are written */

/* GPU phases (G records). */
#define ET_PHASE_IDLE "idle"
#define ET_PHASE_RUN  "run"

/* Longest line a reader must accept; longer is a corrupt log. */
#define ET_LOG_MAX_LINE (1024 * 1024)

#endif
