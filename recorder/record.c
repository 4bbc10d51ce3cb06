/* record.c - the recording's main loop: poll() on the signalfd and the nvidia-smi
 * pipes with a timeout to the next tick (monotonic deadlines, no drift), reaping
 * every child with wait4 so that no CPU time of the job is lost. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "et_logfmt.h"
#include "gpu.h"
#include "header.h"
#include "job_cgroup.h"
#include "logwrite.h"
#include "proc_parse.h"
#include "proc_scan.h"
#include "rapl.h"
#include "signals.h"
#include "spawn.h"
#include "user_cpu.h"
#include "utf8.h"

#define GPU_PROBE_TIMEOUT_MS 5000   /* ETREC_GPU_PROBE_TIMEOUT_MS overrides it (tests) */

struct recorder {
	const struct etrec_options *opt;
	struct etlog log;
	struct sigstate sig;
	struct gpu_sampler gpu;
	struct proc_scanner scanner;
	struct proc_table procs;
	struct user_cpu ucpu;
	struct job_cgroup jcg;             /* the job scope from the cgroup (log 1.2) */
	char scope_why[512];               /* why not, for the header */
	struct rapl_reader rapl;
	uid_t uid;
	int self_pid;
	long hz;

	pid_t child;                       /* the launched command, 0 before launch */
	int child_done, child_status;
	long long reaped_job_us;           /* rusage of job processes etrec reaped */
	long long job_maxrss_kib;
	unsigned long long last_job_ticks; /* keeps job_cpu_jiffies monotonic */
	struct stamp last_sample;          /* when the last S record was taken */

	char cgroup_path[PATH_MAX];
	int have_cgroup;
	int warned_scan, warned_unreadable, warned_stat, warned_meminfo, warned_cgroup;
};

static long long tv_us(struct timeval tv)
{
	return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* Reap every child that has exited: nvidia-smi helpers go to the GPU module, the rest
 * are the job's (the command and orphans we inherited as subreaper). */
static void reap_children(struct recorder *r)
{
	for (;;) {
		int status;
		struct rusage ru;
		pid_t pid = wait4(-1, &status, WNOHANG, &ru);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		if (gpu_reaped(&r->gpu, pid, status, &ru, &r->log))
			continue;
		r->reaped_job_us += tv_us(ru.ru_utime) + tv_us(ru.ru_stime);
		if (ru.ru_maxrss > r->job_maxrss_kib)
			r->job_maxrss_kib = ru.ru_maxrss;
		if (pid == r->child) {
			r->child_done = 1;
			r->child_status = status;
		}
	}
}

/* Handle pending signals. Returns a terminating signal received while no command
 * runs (the idle phase), else 0. */
static int handle_signals(struct recorder *r)
{
	int sig, sender, stop = 0;
	char name[16];
	while ((sig = signals_next(&r->sig, &sender)) != 0) {
		if (sig == SIGCHLD) {
			reap_children(r);
		} else if (r->child && !r->child_done) {
			/* SIGINT/SIGQUIT from a terminal already reached the command (same
			 * process group): do not send them twice. */
			if (sig == SIGTERM || sig == SIGHUP) {
				kill(r->child, sig);
				etlog_event(&r->log, stamp_now(), ET_EV_SIGNAL, signal_name(sig, name, sizeof name));
			}
		} else if (!r->child) {
			stop = sig;
		}
	}
	return stop;
}

/* Read the machine-wide files of the S record taken at `now` (warnings carry that
 * time, so that they do not come after the record in time but before it in the log). */
static void read_system(struct recorder *r, struct stamp now, struct cpu_times *ct, int *ct_ok,
                        struct meminfo *mi, unsigned long long *cg, int *cg_ok)
{
	char buf[8192];
	long n = read_small_file(AT_FDCWD, "/proc/stat", buf, 4096);
	*ct_ok = n > 0 && parse_proc_stat_cpu(buf, (size_t)n, ct) == 0;
	if (!*ct_ok && !r->warned_stat++)
		etlog_warning(&r->log, now, "cannot read /proc/stat");
	mi->total_kib = mi->available_kib = -1;
	n = read_small_file(AT_FDCWD, "/proc/meminfo", buf, sizeof buf);
	if ((n <= 0 || parse_meminfo(buf, (size_t)n, mi) < 0) && !r->warned_meminfo++)
		etlog_warning(&r->log, now, "cannot read /proc/meminfo");
	*cg_ok = 0;
	if (r->have_cgroup) {
		n = read_small_file(AT_FDCWD, r->cgroup_path, buf, sizeof buf);
		*cg_ok = n > 0 && parse_cgroup_usage_usec(buf, (size_t)n, cg) == 0;
		if (!*cg_ok && !r->warned_cgroup++)
			etlog_warning(&r->log, now, "cannot read %s", r->cgroup_path);
	}
}

/* CPU time of etrec's nvidia-smi children in µs: those reaped (their rusage) and those
 * running (utime+stime+cutime+cstime of the last scan). */
static unsigned long long helpers_cpu_us(const struct recorder *r)
{
	int helpers[GPU_HELPERS_MAX];
	size_t n = gpu_helper_pids(&r->gpu, helpers);
	unsigned long long ticks = 0;
	for (size_t i = 0; i < n; i++) {
		long k = proc_table_find(&r->procs, helpers[i]);
		if (k >= 0)
			ticks += r->procs.v[k].cpu_ticks + r->procs.v[k].child_ticks;
	}
	return (unsigned long long)(r->gpu.smi_utime_us + r->gpu.smi_stime_us) +
	       ticks * 1000000ULL / (unsigned long long)r->hz;
}

static unsigned long long self_cpu_us(void)
{
	struct rusage self;
	getrusage(RUSAGE_SELF, &self);
	return (unsigned long long)(tv_us(self.ru_utime) + tv_us(self.ru_stime));
}

/* The job_cgroup_* columns of the S record at `now`: cgroup.procs was read before the
 * scan (procs_ok), checked here against it; then the counters. */
static void read_job_cgroup(struct recorder *r, struct stamp now, int procs_ok,
                            struct job_cgroup_reading *cr)
{
	memset(cr, 0, sizeof *cr);
	if (!r->jcg.active)
		return;
	int first = 0;
	size_t foreign = procs_ok ? job_cgroup_foreign(&r->jcg, &r->procs, r->self_pid, &first) : 0;
	if (foreign) {
		etlog_warning(&r->log, now, "cgroup %s now holds %zu process(es) that are not the job's "
		              "(the first: pid %d): job_cgroup_* are NA for the rest of the run",
		              r->jcg.rel, foreign, first);
		job_cgroup_close(&r->jcg);   /* not active: NA for the rest of the run */
		return;
	}
	if (!procs_ok && !r->jcg.warned_read++)
		etlog_warning(&r->log, now, "cannot read %s/cgroup.procs: %s; job_cgroup_* NA while it "
		              "cannot be checked", r->jcg.dir, strerror(r->jcg.procs_errno));
	if (job_cgroup_read(&r->jcg, self_cpu_us(), helpers_cpu_us(r), cr) < 0 || cr->failed) {
		if (!r->jcg.warned_read++)
			etlog_warning(&r->log, now, "cannot read %s/%s: NA (further failures not reported)",
			              r->jcg.dir, cr->failed ? cr->failed : "cpu.stat");
	}
	if (!procs_ok)
		cr->usage_ok = cr->mem_ok = cr->peak_ok = 0;
}

/* One S record (and the R, G and P records that go with it). */
static void take_sample(struct recorder *r)
{
	struct stamp now = stamp_now();
	r->last_sample = now;
	unsigned unreadable = 0;
	int cg_procs_ok = r->jcg.active && job_cgroup_read_procs(&r->jcg) == 0;
	int scan_ok = proc_scan(&r->scanner, &r->procs, &unreadable) == 0;
	if (!scan_ok && !r->warned_scan++)
		etlog_warning(&r->log, now, "cannot read /proc: %s", strerror(errno));
	if (unreadable && !r->warned_unreadable++)
		etlog_warning(&r->log, now, "%u /proc/<pid>/stat files could not be read", unreadable);

	int helpers[GPU_HELPERS_MAX];
	size_t nhelpers = gpu_helper_pids(&r->gpu, helpers);
	proc_mark_job(&r->procs, r->self_pid, helpers, nhelpers);
	struct job_totals job;
	proc_job_totals(&r->procs, &job);
	unsigned long long job_ticks = job.ticks +
		(unsigned long long)r->reaped_job_us * (unsigned long long)r->hz / 1000000ULL;
	if (job_ticks < r->last_job_ticks)
		job_ticks = r->last_job_ticks;  /* a process reaped between two reads */
	r->last_job_ticks = job_ticks;

	user_cpu_update(&r->ucpu, &r->procs);
	unsigned long long user_rss = 0;
	for (size_t i = 0; i < r->procs.n; i++)
		user_rss += r->procs.v[i].rss_kib;

	struct cpu_times ct = { 0, 0 };
	struct meminfo mi;
	unsigned long long cg = 0;
	int ct_ok, cg_ok;
	read_system(r, now, &ct, &ct_ok, &mi, &cg, &cg_ok);
	struct job_cgroup_reading jc;
	read_job_cgroup(r, now, cg_procs_ok, &jc);

	struct textbuf *tb = &r->log.line;
	etlog_begin(&r->log, ET_REC_SAMPLE, now);
	tb_addc(tb, ',');
	tb_add_u64(tb, job_ticks);
	tb_addc(tb, ',');
	tb_add_u64(tb, job.rss_kib);
	tb_addc(tb, ',');
	tb_add_u64(tb, job.nproc);
	tb_addc(tb, ',');
	tb_add_u64(tb, r->ucpu.total);
	tb_addc(tb, ',');
	tb_add_u64(tb, user_rss);
	tb_addc(tb, ',');
	tb_add_u64(tb, r->procs.n);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, cg, cg_ok);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, ct.busy, ct_ok);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, ct.total, ct_ok);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, (unsigned long long)mi.total_kib, mi.total_kib >= 0);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, (unsigned long long)mi.available_kib, mi.available_kib >= 0);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, jc.usage_us, jc.usage_ok);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, jc.mem_kib, jc.mem_ok);
	tb_addc(tb, ',');
	tb_add_u64_or_na(tb, jc.peak_kib, jc.peak_ok);
	tb_addc(tb, '\n');
	if (etlog_check_linked(&r->log) == 0)
		etlog_write(&r->log, tb);
	if (r->rapl.nzones)
		rapl_sample(&r->rapl, now, &r->log);

	if (r->gpu.ngpus)
		gpu_tick(&r->gpu, now, ET_PHASE_RUN, &r->procs, r->uid, &r->log);
}

/* Wait until deadline (monotonic ms) or until the command exits, handling signals and
 * nvidia-smi output meanwhile. Returns a signal that should abort the idle phase. */
static int wait_until(struct recorder *r, long long deadline)
{
	for (;;) {
		long long left = deadline - clock_mono_ms();
		if (left <= 0 || r->child_done)
			return 0;
		struct pollfd pfd[GPU_STREAMS + 1];
		int fds[GPU_STREAMS];
		size_t n = gpu_poll_fds(&r->gpu, fds);
		pfd[0].fd = r->sig.fd;
		pfd[0].events = POLLIN;
		for (size_t i = 0; i < n; i++) {
			pfd[i + 1].fd = fds[i];
			pfd[i + 1].events = POLLIN;
		}
		int rc = poll(pfd, (nfds_t)n + 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno != EINTR)
			return 0;
		if (rc <= 0)
			continue;
		for (size_t i = 0; i < n; i++)
			if (pfd[i + 1].revents)
				gpu_on_readable(&r->gpu, pfd[i + 1].fd, &r->log);
		if (pfd[0].revents) {
			int stop = handle_signals(r);
			if (stop)
				return stop;
		}
	}
}

/* The pre-launch GPU baseline: G records with phase idle. Returns a signal that
 * interrupted it, or 0. */
static int idle_phase(struct recorder *r, long idle_ms)
{
	long long start = clock_mono_ms();
	long long next = start + r->opt->interval_ms;
	etlog_event(&r->log, stamp_now(), ET_EV_IDLE_START, NULL);
	for (;;) {
		long long end = start + idle_ms;
		int stop = wait_until(r, next < end ? next : end);
		if (stop)
			return stop;
		if (clock_mono_ms() >= end)
			break;
		gpu_tick(&r->gpu, stamp_now(), ET_PHASE_IDLE, NULL, r->uid, &r->log);
		next += r->opt->interval_ms;
	}
	gpu_tick(&r->gpu, stamp_now(), ET_PHASE_IDLE, NULL, r->uid, &r->log);
	etlog_event(&r->log, stamp_now(), ET_EV_IDLE_END, NULL);
	return 0;
}

static void write_line(struct etlog *log, const char *s)
{
	tb_reset(&log->line);
	tb_adds(&log->line, s);
	etlog_write(log, &log->line);
}

static void write_columns(struct etlog *log, char kind, const char *cols)
{
	tb_reset(&log->line);
	tb_addc(&log->line, ET_REC_COLUMNS);
	tb_addc(&log->line, ',');
	tb_addc(&log->line, kind);
	tb_addc(&log->line, ',');
	tb_adds(&log->line, cols);
	tb_addc(&log->line, '\n');
	etlog_write(log, &log->line);
}

static void add_seconds(struct textbuf *tb, long long us)
{
	if (us < 0)
		us = 0;
	tb_addc(tb, ',');
	tb_addf(tb, "%lld.%06lld", us / 1000000, us % 1000000);
}

/* etrec's own peak RSS in KiB: VmHWM of /proc/self/status. ru_maxrss would also count
 * the image that exec'ed etrec (the kernel keeps the larger of the two). */
static long self_peak_rss_kib(const struct rusage *self)
{
	char buf[4096];
	long n = read_small_file(AT_FDCWD, "/proc/self/status", buf, sizeof buf);
	const char *p = n > 0 ? strstr(buf, "\nVmHWM:") : NULL;
	return p ? strtol(p + 7, NULL, 10) : self->ru_maxrss;
}

/* The X record. status_word: one of the ET_STATUS_* values. */
static void write_end(struct recorder *r, struct stamp when, const char *status_word, int code,
                      int etrec_exit)
{
	struct rusage children, self;
	getrusage(RUSAGE_CHILDREN, &children);
	getrusage(RUSAGE_SELF, &self);
	struct textbuf *tb = &r->log.line;
	etlog_begin(&r->log, ET_REC_END, when);
	tb_addc(tb, ',');
	tb_adds(tb, status_word);
	tb_addf(tb, ",%d,%d", code, etrec_exit);
	add_seconds(tb, tv_us(children.ru_utime) - r->gpu.smi_utime_us);
	add_seconds(tb, tv_us(children.ru_stime) - r->gpu.smi_stime_us);
	tb_addf(tb, ",%lld", r->job_maxrss_kib);
	add_seconds(tb, tv_us(self.ru_utime));
	add_seconds(tb, tv_us(self.ru_stime));
	tb_addf(tb, ",%ld", self_peak_rss_kib(&self));
	add_seconds(tb, r->gpu.smi_utime_us);
	add_seconds(tb, r->gpu.smi_stime_us);
	tb_addc(tb, '\n');
	etlog_write(&r->log, tb);
}

/* Probe the GPUs; fills source (for the header) and, when the reason deserves a
 * warning, warn (written once the header is out). */
static void probe_gpus(struct recorder *r, char *source, size_t cap, char *warn, size_t wcap)
{
	char why[512];
	warn[0] = '\0';
	if (!r->opt->gpu_auto) {
		snprintf(source, cap, "none: --gpu none");
		return;
	}
	if (gpu_find(&r->gpu, r->opt->nvidia_smi, why, sizeof why) < 0) {
		snprintf(source, cap, "none: %s", why);
		if (r->opt->nvidia_smi)   /* asked for by name: its absence is worth a warning */
			snprintf(warn, wcap, "%s", why);
		return;
	}
	const char *t = getenv("ETREC_GPU_PROBE_TIMEOUT_MS");
	char *end = NULL;
	long timeout_ms = t ? strtol(t, &end, 10) : 0;
	if (!t || end == t || *end != '\0' || timeout_ms <= 0 || timeout_ms > 3600000)
		timeout_ms = GPU_PROBE_TIMEOUT_MS;   /* unset or not a sane number of ms */
	if (gpu_probe(&r->gpu, &r->sig, timeout_ms, why, sizeof why) < 0) {
		snprintf(source, cap, "none: %s", why);
		snprintf(warn, wcap, "no GPU sampling: %s", why);
		return;
	}
	snprintf(source, cap, "nvidia-smi %.*s", (int)utf8_cut(r->gpu.path, cap - 12), r->gpu.path);
}

/* Starttime (clock ticks after boot) of pid, or ~0 if unreadable. */
static unsigned long long start_ticks(int pid)
{
	char path[48], buf[1024];
	struct pid_stat ps;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	long n = read_small_file(AT_FDCWD, path, buf, sizeof buf);
	if (n <= 0 || parse_pid_stat(buf, (size_t)n, &ps) < 0)
		return ~0ULL;
	return ps.starttime;
}

static int finish(struct recorder *r, int status)
{
	gpu_stop(&r->gpu, NULL, stamp_now());
	etlog_close(&r->log);
	proc_scanner_close(&r->scanner);
	proc_table_release(&r->procs);
	user_cpu_release(&r->ucpu);
	job_cgroup_close(&r->jcg);
	rapl_close(&r->rapl);
	signals_close(&r->sig);
	return status;
}

/* Everything from the launch to the end record. Returns etrec's exit status; sets
 * *die_signal to the signal that killed the command, if any. */
static int run_command(struct recorder *r, int *die_signal)
{
	int exec_errno;
	char **argv = r->opt->command;
	if (r->jcg.active) {
		/* The cgroup's counters at the launch, with etrec's and its helpers' CPU so far
		 * (a fresh scan: the loop children started after the last one). */
		unsigned unreadable;
		struct job_cgroup_reading base;
		proc_scan(&r->scanner, &r->procs, &unreadable);
		job_cgroup_read(&r->jcg, self_cpu_us(), helpers_cpu_us(r), &base);   /* if it fails,
		                                      the first sample that reads it sets the base */
	}
	if (spawn_command(argv, &r->sig, &r->child, &exec_errno) < 0) {
		int status = exec_errno ? exec_errno_status(exec_errno) : 125;
		const char *why = strerror(exec_errno ? exec_errno : errno);
		char text[600];
		snprintf(text, sizeof text, "cannot execute '%.*s': %s", (int)utf8_cut(argv[0], 400), argv[0], why);
		fputs("etrec: ", stderr);
		utf8_fput_visible(text, stderr);
		putc('\n', stderr);
		etlog_event(&r->log, stamp_now(), ET_EV_WARNING, text);
		write_end(r, stamp_now(), exec_errno ? ET_STATUS_EXEC_FAILED : ET_STATUS_NOT_LAUNCHED, status, status);
		return status;
	}
	r->scanner.may_raise_nofile = 1;   /* the command has its own limits now */
	char pidtext[24];
	snprintf(pidtext, sizeof pidtext, "%d", (int)r->child);
	user_cpu_init(&r->ucpu, start_ticks(r->child));
	long long launch_ms = clock_mono_ms();
	etlog_event(&r->log, stamp_now(), ET_EV_LAUNCH, pidtext);
	take_sample(r);

	long long next = launch_ms + r->opt->interval_ms;
	while (!r->child_done) {
		wait_until(r, next);
		if (r->child_done)
			break;
		take_sample(r);
		long long now = clock_mono_ms();
		next += r->opt->interval_ms;
		if (next <= now)   /* a late sample: skip the missed ticks, keep the grid */
			next += ((now - next) / r->opt->interval_ms + 1) * r->opt->interval_ms;
	}
	reap_children(r);
	take_sample(r);
	struct job_totals left;
	proc_job_totals(&r->procs, &left);
	if (left.nproc)
		etlog_warning(&r->log, r->last_sample,
		              "%u process(es) of the job still run after the command exited; they are not recorded",
		              left.nproc);
	gpu_stop(&r->gpu, &r->log, r->last_sample);   /* the X record's time follows */

	int st = r->child_status;
	int signaled = WIFSIGNALED(st);
	int code = signaled ? WTERMSIG(st) : WEXITSTATUS(st);
	int status = signaled ? 128 + code : code;
	*die_signal = signaled ? code : 0;
	write_end(r, r->last_sample, signaled ? ET_STATUS_SIGNALED : ET_STATUS_EXITED, code, status);
	return status;
}

int record_run(const struct etrec_options *opt, int *die_signal)
{
	struct recorder r;
	char msg[PATH_MAX + 128];
	char source[700], warn[600];

	*die_signal = 0;
	memset(&r, 0, sizeof r);
	r.opt = opt;
	r.log.fd = -1;
	r.sig.fd = -1;
	r.scanner.proc_fd = -1;
	r.jcg.procs_fd = r.jcg.stat_fd = r.jcg.mem_fd = r.jcg.peak_fd = -1;
	r.uid = getuid();
	r.self_pid = getpid();
	r.hz = sysconf(_SC_CLK_TCK);
	gpu_init(&r.gpu);

	/* The log first: until it is open, etrec blocks no signal (^C ends it at once). */
	if (etlog_open(&r.log, opt->output, getenv("ETREC_DIR"), opt->force, opt->log_mode,
	               opt->quiet, msg, sizeof msg) < 0) {
		fputs("etrec: ", stderr);
		utf8_fput_visible(msg, stderr);
		putc('\n', stderr);
		return finish(&r, 125);
	}
	if (signals_setup(&r.sig) < 0) {
		fprintf(stderr, "etrec: cannot set up signal handling: %s\n", strerror(errno));
		return finish(&r, 125);
	}
	if (proc_scanner_open(&r.scanner, r.uid, sysconf(_SC_PAGESIZE)) < 0) {
		fprintf(stderr, "etrec: cannot open /proc: %s\n", strerror(errno));
		return finish(&r, 125);
	}
	/* Orphans of the job are re-parented to us, so they stay in the tree. */
	int subreaper_errno = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? 0 : errno;

	probe_gpus(&r, source, sizeof source, warn, sizeof warn);
	const char *cgroot = getenv("ETREC_CGROUP_ROOT");   /* for tests */
	if (!cgroot || !*cgroot)
		cgroot = cgroup_v2_root();   /* the user's cgroup and the job's are found under it */
	r.have_cgroup = header_find_cgroup(cgroot, r.uid,
	                                   r.cgroup_path, sizeof r.cgroup_path) == 0;
	unsigned unreadable;
	proc_scan(&r.scanner, &r.procs, &unreadable);   /* who else is in our cgroup */
	job_cgroup_open(&r.jcg, cgroot, "/proc/self/cgroup", &r.procs, r.self_pid,
	                r.scope_why, sizeof r.scope_why);
	rapl_open(&r.rapl, getenv("ETREC_POWERCAP_ROOT"));
	long idle_ms = r.gpu.ngpus ? (opt->idle_ms >= 0 ? opt->idle_ms : 3000) : 0;

	struct header_input hin = { opt, &r.gpu, source, r.have_cgroup ? r.cgroup_path : NULL,
	                            idle_ms, stamp_now(), r.jcg.active ? r.jcg.dir : NULL,
	                            r.scope_why, &r.rapl, r.gpu.ngpus ? ET_GPU_PROC_PMON : source };
	char magic[32];
	snprintf(magic, sizeof magic, "%s %d\n", ET_LOG_MAGIC, ET_LOG_MAJOR);
	write_line(&r.log, magic);
	tb_reset(&r.log.line);
	header_build(&r.log.line, &hin);
	etlog_write(&r.log, &r.log.line);
	write_columns(&r.log, ET_REC_SAMPLE, ET_COLS_SAMPLE_1_2);
	write_columns(&r.log, ET_REC_GPU, ET_COLS_GPU);
	write_columns(&r.log, ET_REC_EVENT, ET_COLS_EVENT);
	write_columns(&r.log, ET_REC_END, ET_COLS_END);
	write_columns(&r.log, ET_REC_RAPL, ET_COLS_RAPL);
	write_columns(&r.log, ET_REC_GPU_PROC, ET_COLS_GPU_PROC);
	if (warn[0])
		etlog_warning(&r.log, stamp_now(), "%s", warn);
	gpu_probe_warnings(&r.gpu, &r.log);
	if (subreaper_errno)
		etlog_warning(&r.log, stamp_now(), "cannot become a child subreaper: %s",
		              strerror(subreaper_errno));

	if (r.gpu.ngpus) {
		gpu_start(&r.gpu, &r.sig, opt->interval_ms, &r.log);
		if (idle_ms > 0) {
			int stop = idle_phase(&r, idle_ms);
			if (stop) {
				char name[16];
				etlog_warning(&r.log, stamp_now(), "interrupted by %s before launching the command",
				              signal_name(stop, name, sizeof name));
				gpu_stop(&r.gpu, &r.log, stamp_now());
				write_end(&r, stamp_now(), ET_STATUS_NOT_LAUNCHED, stop, 128 + stop);
				*die_signal = stop;
				return finish(&r, 128 + stop);
			}
		}
	}
	return finish(&r, run_command(&r, die_signal));
}
