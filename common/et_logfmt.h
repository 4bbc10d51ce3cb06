/* et_logfmt.h - the etrec log format: magic, version, record kinds and column names.
 * The one contract shared by etrec (writer) and etest (reader); see docs/log-format.md. */
#ifndef ET_LOGFMT_H
#define ET_LOGFMT_H

#define ET_LOG_MAGIC         "etrec-log"   /* line 1 is "etrec-log <major>" */
#define ET_LOG_MAJOR         1             /* readers refuse any other major */
#define ET_LOG_MINOR         1             /* additions that old readers may ignore */
#define ET_LOG_VERSION_STR   "1.1"         /* header "version" (1.1: SLURM job variables) */
#define ET_LOG_NA            "NA"          /* a value that could not be measured */

/* Record kinds: the first CSV field of every line after the header. */
#define ET_REC_COLUMNS  'C'   /* C,<kind>,<column names...> */
#define ET_REC_SAMPLE   'S'   /* CPU and memory sample */
#define ET_REC_GPU      'G'   /* one GPU's sample */
#define ET_REC_EVENT    'E'   /* launch, warning, signal, idle_start, idle_end */
#define ET_REC_END      'X'   /* end record: exit status and rusage totals */

/* Column lists, in the order etrec writes them. Readers map by name, not position. */
#define ET_COLS_SAMPLE \
	"t_mono_ms,t_utc_ms,job_cpu_jiffies,job_rss_kib,job_nproc," \
	"user_cpu_jiffies,user_rss_kib,user_nproc,user_cgroup_usec," \
	"sys_busy_jiffies,sys_total_jiffies,mem_total_kib,mem_available_kib"
#define ET_COLS_GPU \
	"t_mono_ms,t_utc_ms,phase,gpu_index,power_w,power_limit_w,util_pct,mem_used_mib," \
	"job_procs,job_mem_mib,user_procs,user_mem_mib"
#define ET_COLS_EVENT  "t_mono_ms,t_utc_ms,event,detail"
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

/* GPU phases (G records). */
#define ET_PHASE_IDLE "idle"
#define ET_PHASE_RUN  "run"

/* Longest line a reader must accept; longer is a corrupt log. */
#define ET_LOG_MAX_LINE (1024 * 1024)

#endif
