/* gpu.c - nvidia-smi as a data source: one-shot probe for the header, three loop-mode
 * children for the samples, tolerant parsing ([N/A], error banners, garbage). */
#include "gpu.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "et_logfmt.h"
#include "spawn.h"
#include "utf8.h"

void gpu_init(struct gpu_sampler *g)
{
	memset(g, 0, sizeof *g);
	g->query.what = "query-gpu";
	g->apps.what = "query-compute-apps";
	g->pmon.what = "pmon";
	g->query.fd = g->apps.fd = g->pmon.fd = -1;
	smi_pmon_default_columns(&g->pmon_cols);
}

static int is_executable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int gpu_find(struct gpu_sampler *g, const char *given, char *why, size_t whylen)
{
	if (given) {
		if (!is_executable_file(given)) {
			snprintf(why, whylen, "nvidia-smi '%.*s' is not an executable file",
			         (int)utf8_cut(given, 300), given);
			return -1;
		}
		snprintf(g->path, sizeof g->path, "%s", given);
		return 0;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		if (n == 0)
			snprintf(g->path, sizeof g->path, "./nvidia-smi");
		else
			snprintf(g->path, sizeof g->path, "%.*s/nvidia-smi", (int)n, path);
		if (is_executable_file(g->path))
			return 0;
		path += n + (colon ? 1 : 0);
	}
	g->path[0] = '\0';
	snprintf(why, whylen, "nvidia-smi not found on PATH");
	return -1;
}

size_t smi_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	for (;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		char *end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (n < max)
			fields[n] = p;
		n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}

int smi_value(const char *field, double *v)
{
	if (!*field || strcmp(field, "[N/A]") == 0 || strcmp(field, "[Not Supported]") == 0 ||
	    strcmp(field, "N/A") == 0 || strcmp(field, "[Unknown Error]") == 0)
		return 0;
	char *end;
	errno = 0;
	double x = strtod(field, &end);
	if (end == field || *end)
		return -1;
	if (errno == ERANGE || !isfinite(x))
		return 2;
	*v = x;
	return 1;
}

int smi_is_error_line(const char *line)
{
	return strstr(line, "NVIDIA-SMI has failed") || strstr(line, "Failed to initialize NVML") ||
	       strstr(line, "No devices were found") || strncmp(line, "Unable to", 9) == 0 ||
	       strstr(line, "couldn't communicate with the NVIDIA driver");
}

/* Parse a GPU index field: a non-negative integer. */
static int parse_index(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

/* A pid as nvidia-smi prints it: from 1 to PID_MAX_LIMIT (4194304 on 64-bit Linux, the
 * pid_max systemd sets), not parse_index's bound. Returns 0 or -1. */
static int parse_pid(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 1 || v > GPU_PID_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

int smi_parse_query_line(char *line, int *index, struct gpu_reading *r)
{
	char *f[6];
	if (smi_split(line, f, 6) != 5 || parse_index(f[0], index) < 0)
		return -1;
	double *dst[4] = { &r->power_w, &r->limit_w, &r->util_pct, &r->mem_mib };
	unsigned bits[4] = { GPU_F_POWER, GPU_F_LIMIT, GPU_F_UTIL, GPU_F_MEM };
	double max[4] = { GPU_POWER_MAX_W, GPU_POWER_MAX_W, GPU_UTIL_MAX_PCT, GPU_MEM_MAX_MIB };
	r->valid = r->rejected = 0;
	for (int i = 0; i < 4; i++) {
		int rc = smi_value(f[i + 1], dst[i]);
		if (rc < 0)
			return -1;
		if (rc == 1 && *dst[i] >= 0 && *dst[i] <= max[i])
			r->valid |= bits[i];
		else if (rc != 0)
			r->rejected |= bits[i];
	}
	r->fresh = 1;
	return 0;
}

/* Split line on spaces and tabs into at most max tokens (the rest ignored); returns
 * the count. Modifies line. */
static size_t split_words(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

#define PMON_MAX_TOKENS 32

void smi_pmon_default_columns(struct pmon_columns *cols)
{
	cols->gpu = 0;
	cols->pid = 1;
	cols->sm = 3;
	cols->mem = 4;
	cols->ntokens = 5;
}

int smi_parse_pmon_header(const char *line, struct pmon_columns *cols)
{
	char copy[512], *tok[PMON_MAX_TOKENS];
	if (line[0] != '#')
		return -1;
	snprintf(copy, sizeof copy, "%s", line + 1);
	size_t n = split_words(copy, tok, PMON_MAX_TOKENS);
	struct pmon_columns c = { -1, -1, -1, -1, 0 };
	for (size_t i = 0; i < n; i++) {
		int *slot = strcmp(tok[i], "gpu") == 0 ? &c.gpu : strcmp(tok[i], "pid") == 0 ? &c.pid :
		            strcmp(tok[i], "sm") == 0 ? &c.sm : strcmp(tok[i], "mem") == 0 ? &c.mem : NULL;
		if (slot && *slot < 0)
			*slot = (int)i;
	}
	if (c.gpu < 0 || c.pid < 0 || c.sm < 0 || c.mem < 0)
		return -1;
	int top = c.gpu > c.pid ? c.gpu : c.pid;
	top = top > c.sm ? top : c.sm;
	c.ntokens = (top > c.mem ? top : c.mem) + 1;
	*cols = c;
	return 0;
}

/* A percentage of pmon: "-" is 0; else a number from 0 to 100, or -1. */
static int pmon_pct(const char *s, double *out)
{
	if (strcmp(s, "-") == 0) {
		*out = 0;
		return 0;
	}
	double v;
	if (smi_value(s, &v) != 1 || v < 0 || v > GPU_UTIL_MAX_PCT)
		return -1;
	*out = v;
	return 0;
}

int smi_parse_pmon_line(const char *line, const struct pmon_columns *cols, int *index, int *pid,
                        double *sm, double *mem, unsigned *bad)
{
	char copy[512], *tok[PMON_MAX_TOKENS];
	snprintf(copy, sizeof copy, "%s", line);
	size_t n = split_words(copy, tok, PMON_MAX_TOKENS);
	if ((int)n < cols->ntokens || parse_index(tok[cols->gpu], index) < 0)
		return -1;
	if (strcmp(tok[cols->pid], "-") == 0)
		*pid = -1;
	else if (parse_pid(tok[cols->pid], pid) < 0)
		return -1;
	*bad = 0;
	*sm = *mem = 0;
	if (pmon_pct(tok[cols->sm], sm) < 0)
		*bad |= PMON_BAD_SM;
	if (pmon_pct(tok[cols->mem], mem) < 0)
		*bad |= PMON_BAD_MEM;
	return 0;
}

int smi_parse_probe_line(char *line, struct gpu_info *gi)
{
	char *f[16];
	size_t n = smi_split(line, f, 16);
	if (n < 4 || n > 16 || parse_index(f[0], &gi->index) < 0 || strncmp(f[1], "GPU-", 4) != 0)
		return -1;
	utf8_copy(gi->uuid, sizeof gi->uuid, f[1]);
	/* A name holding commas was split: glue the middle fields back, then cut it to
	 * the size of gi->name on a character boundary. */
	char name[1024] = "";
	for (size_t i = 2; i + 1 < n; i++) {
		size_t used = strlen(name);
		snprintf(name + used, sizeof name - used, "%s%s", i > 2 ? ", " : "", f[i]);
	}
	utf8_copy(gi->name, sizeof gi->name, name);
	double v;
	int rc = smi_value(f[n - 1], &v);
	if (rc < 0)
		return -1;
	int in_range = rc == 1 && v >= 0 && v <= GPU_POWER_MAX_W;
	gi->has_limit = in_range;
	gi->limit_rejected = rc != 0 && !in_range;
	gi->power_limit_w = in_range ? v : 0;
	return 0;
}

static void add_rusage(struct gpu_sampler *g, const struct rusage *ru)
{
	g->smi_utime_us += (long long)ru->ru_utime.tv_sec * 1000000 + ru->ru_utime.tv_usec;
	g->smi_stime_us += (long long)ru->ru_stime.tv_sec * 1000000 + ru->ru_stime.tv_usec;
}

/* How long a helper may survive SIGKILL (a process stuck in the driver cannot die)
 * before etrec stops waiting for it. */
#define GPU_KILL_WAIT_MS 2000

/* Wait for pid, escalating to SIGKILL after grace_ms; accounts its rusage. Returns the
 * wait status, or -1 if it could not be reaped (gone elsewhere, or still alive
 * GPU_KILL_WAIT_MS after SIGKILL: errno ETIMEDOUT). */
static int reap_helper(struct gpu_sampler *g, pid_t pid, long grace_ms)
{
	long long deadline = clock_mono_ms() + grace_ms;
	int killed = 0;
	for (;;) {
		int status;
		struct rusage ru;
		pid_t r = wait4(pid, &status, WNOHANG, &ru);
		if (r == pid) {
			add_rusage(g, &ru);
			return status;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		if (!killed && clock_mono_ms() >= deadline) {
			kill(pid, SIGKILL);
			killed = 1;
		} else if (killed && clock_mono_ms() >= deadline + GPU_KILL_WAIT_MS) {
			errno = ETIMEDOUT;
			return -1;
		}
		struct timespec ts = { 0, 5 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

static int gpu_slot(const struct gpu_sampler *g, int index)
{
	for (int i = 0; i < g->ngpus; i++)
		if (g->gpus[i].index == index)
			return i;
	return -1;
}

static int gpu_slot_by_uuid(const struct gpu_sampler *g, const char *uuid)
{
	for (int i = 0; i < g->ngpus; i++)
		if (strcmp(g->gpus[i].uuid, uuid) == 0)
			return i;
	return -1;
}

int gpu_probe(struct gpu_sampler *g, const struct sigstate *sig, long timeout_ms,
              char *why, size_t whylen)
{
	char *argv[] = { g->path, "--query-gpu=index,uuid,name,power.limit",
	                 "--format=csv,noheader,nounits", NULL };
	pid_t pid;
	int fd;
	char out[16384];
	size_t len = 0;
	int timed_out = 0;

	g->ngpus = 0;
	if (spawn_helper(g->path, argv, sig, &pid, &fd) < 0) {
		snprintf(why, whylen, "cannot start %.*s: %s", (int)utf8_cut(g->path, 300), g->path,
		         strerror(errno));
		return -1;
	}
	long long deadline = clock_mono_ms() + timeout_ms;
	for (;;) {
		long long left = deadline - clock_mono_ms();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd pfd = { fd, POLLIN, 0 };
		int rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			continue;
		ssize_t n = read(fd, out + len, sizeof out - 1 - len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof out - 1)
			break;
	}
	close(fd);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = reap_helper(g, pid, 200);
	if (status < 0 && errno == ETIMEDOUT)
		g->probe_left = pid;     /* reaped later if it ever ends; never part of the job */
	out[len] = '\0';

	char first_bad[256] = "";
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (smi_is_error_line(line)) {
			snprintf(why, whylen, "nvidia-smi: %.*s", (int)utf8_cut(line, 300), line);
			g->ngpus = 0;
			return -1;
		}
		char copy[256];
		utf8_copy(copy, sizeof copy, line);
		struct gpu_info gi;
		if (smi_parse_probe_line(line, &gi) < 0) {
			if (!first_bad[0])
				snprintf(first_bad, sizeof first_bad, "%s", copy);
		} else if (gpu_slot(g, gi.index) >= 0 || gpu_slot_by_uuid(g, gi.uuid) >= 0) {
			if (!g->probe_duplicates++)      /* one GPU listed twice: keep the first */
				g->first_duplicate = gi.index;
		} else if (g->ngpus < GPU_MAX) {
			g->gpus[g->ngpus++] = gi;
		}
	}
	if (timed_out && g->ngpus == 0) {
		snprintf(why, whylen, "nvidia-smi did not answer within %ld ms", timeout_ms);
		return -1;
	}
	if (g->ngpus == 0) {
		if (first_bad[0])
			snprintf(why, whylen, "nvidia-smi printed no GPU line (got '%.*s')",
			         (int)utf8_cut(first_bad, 200), first_bad);
		else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
			snprintf(why, whylen, "nvidia-smi exited with status %d", WEXITSTATUS(status));
		else
			snprintf(why, whylen, "nvidia-smi listed no GPU");
		return -1;
	}
	return g->ngpus;
}

static void stream_start(struct gpu_sampler *g, struct smi_stream *s, char *const argv[],
                         const struct sigstate *sig, struct etlog *log)
{
	s->len = 0;
	s->overlong = 0;
	s->last_line_ms = clock_mono_ms();
	if (spawn_helper(g->path, argv, sig, &s->pid, &s->fd) < 0) {
		s->pid = 0;
		s->fd = -1;
		etlog_warning(log, stamp_now(), "cannot start nvidia-smi %s: %s", s->what, strerror(errno));
	}
}

void gpu_start(struct gpu_sampler *g, const struct sigstate *sig, long interval_ms,
               struct etlog *log)
{
	char lms[24];
	snprintf(lms, sizeof lms, "%ld", interval_ms);
	char *qargv[] = { g->path, "--query-gpu=index,power.draw,power.limit,utilization.gpu,memory.used",
	                  "--format=csv,noheader,nounits", "-lms", lms, NULL };
	char *aargv[] = { g->path, "--query-compute-apps=timestamp,gpu_uuid,pid,used_memory",
	                  "--format=csv,noheader,nounits", "-lms", lms, NULL };
	/* pmon samples every -d seconds, a whole number from 1 to 10 */
	long delay_s = (interval_ms + 500) / 1000;
	delay_s = delay_s < 1 ? 1 : delay_s > GPU_PMON_MAX_DELAY_S ? GPU_PMON_MAX_DELAY_S : delay_s;
	char ds[24];
	snprintf(ds, sizeof ds, "%ld", delay_s);
	char *pargv[] = { g->path, "pmon", "-s", "um", "-d", ds, NULL };
	g->interval_ms = interval_ms;
	g->pmon_delay_ms = delay_s * 1000;
	stream_start(g, &g->query, qargv, sig, log);
	stream_start(g, &g->apps, aargv, sig, log);
	stream_start(g, &g->pmon, pargv, sig, log);
}

void gpu_probe_warnings(struct gpu_sampler *g, struct etlog *log)
{
	if (g->probe_duplicates)
		etlog_warning(log, stamp_now(), "nvidia-smi listed GPU index %d (or its uuid) more than "
		              "once: %d duplicate line(s) ignored", g->first_duplicate, g->probe_duplicates);
	int bad = 0, first = -1;
	for (int i = 0; i < g->ngpus; i++)
		if (g->gpus[i].limit_rejected && !bad++)
			first = g->gpus[i].index;
	if (bad)
		etlog_warning(log, stamp_now(), "nvidia-smi gave %d GPU(s), the first GPU %d, a power.limit "
		              "that is not a finite number from 0 to 5000 W: null in the header", bad, first);
}

size_t gpu_helper_pids(const struct gpu_sampler *g, int out[GPU_HELPERS_MAX])
{
	size_t n = 0;
	if (g->probe_left > 0)
		out[n++] = g->probe_left;
	if (g->query.pid > 0)
		out[n++] = g->query.pid;
	if (g->apps.pid > 0)
		out[n++] = g->apps.pid;
	if (g->pmon.pid > 0)
		out[n++] = g->pmon.pid;
	return n;
}

size_t gpu_poll_fds(const struct gpu_sampler *g, int out[GPU_STREAMS])
{
	const struct smi_stream *all[GPU_STREAMS] = { &g->query, &g->apps, &g->pmon };
	size_t n = 0;
	for (int i = 0; i < GPU_STREAMS; i++)
		if (all[i]->fd >= 0 && all[i]->read_this_interval < GPU_STREAM_BUDGET)
			out[n++] = all[i]->fd;
	return n;
}

static void warn_garbage(struct smi_stream *s, const char *line, struct etlog *log)
{
	if (s->garbage_warned)
		return;
	s->garbage_warned = 1;
	etlog_warning(log, stamp_now(),
	              "nvidia-smi %s printed an unparsable line (further ones not reported): '%.*s'",
	              s->what, (int)utf8_cut(line, 200), line);
}

/* One warning per field (GPU_F_*) that held a number out of range. */
static void warn_range(struct gpu_sampler *g, unsigned rejected, const char *line, struct etlog *log)
{
	static const struct { unsigned bit; const char *what; } fields[] = {
		{ GPU_F_POWER, "power.draw (0 to 5000 W)" }, { GPU_F_LIMIT, "power.limit (0 to 5000 W)" },
		{ GPU_F_UTIL, "utilization.gpu (0 to 100 %)" },
		{ GPU_F_MEM, "memory.used (0 to 4194304 MiB)" },
		{ GPU_F_APP_MEM, "used_memory of a process (0 to 4194304 MiB)" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (!(rejected & fields[i].bit) || (g->range_warned & fields[i].bit))
			continue;
		g->range_warned |= fields[i].bit;
		etlog_warning(log, stamp_now(), "nvidia-smi gave a %s that is not a finite number in range, "
		              "written as NA (further ones not reported): '%.*s'", fields[i].what,
		              (int)utf8_cut(line, 200), line);
	}
}

static void query_line(struct gpu_sampler *g, char *line, struct etlog *log)
{
	char copy[sizeof g->query.buf];
	struct gpu_reading r;
	int index;
	snprintf(copy, sizeof copy, "%s", line);
	if (smi_parse_query_line(line, &index, &r) < 0 || gpu_slot(g, index) < 0) {
		warn_garbage(&g->query, copy, log);
		return;
	}
	r.when_ms = clock_mono_ms();
	g->readings[gpu_slot(g, index)] = r;
	warn_range(g, r.rejected, copy, log);
}

static void apps_line(struct gpu_sampler *g, char *line, long long now, struct etlog *log)
{
	char copy[sizeof g->apps.buf];
	char *f[5];
	double mem = 0;
	int pid;
	snprintf(copy, sizeof copy, "%s", line);
	if (strncmp(line, "No running", 10) == 0) {    /* an empty block, said in words */
		g->nblock = 0;
		g->block_ms = now;
		return;
	}
	if (smi_split(line, f, 5) != 4 || parse_pid(f[2], &pid) < 0) {
		warn_garbage(&g->apps, copy, log);
		return;
	}
	int mem_rc = smi_value(f[3], &mem);
	int slot = gpu_slot_by_uuid(g, f[1]);
	if (mem_rc < 0 || slot < 0) {
		warn_garbage(&g->apps, copy, log);
		return;
	}
	if (mem_rc == 2 || (mem_rc == 1 && (mem < 0 || mem > GPU_MEM_MAX_MIB))) {
		mem_rc = 0;                     /* unknown, as "[N/A]" */
		warn_range(g, GPU_F_APP_MEM, copy, log);
	}
	if (strcmp(f[0], g->block_stamp) != 0 || now - g->block_ms > g->interval_ms / 2) {
		g->nblock = 0;     /* a new block starts */
		g->block_cut = 0;
		snprintf(g->block_stamp, sizeof g->block_stamp, "%s", f[0]);
	}
	g->block_ms = now;
	if (g->nblock == GPU_APPS_MAX) {   /* counts without it would be wrong: NA */
		g->block_cut = 1;
		if (!g->block_cut_warned++)
			etlog_warning(log, stamp_now(), "nvidia-smi query-compute-apps listed more than %d "
			              "processes at once: the job and user columns of G records are NA while "
			              "it does (further ones not reported)", GPU_APPS_MAX);
	} else {
		struct gpu_app *a = &g->block[g->nblock++];
		a->gpu = slot;
		a->pid = pid;
		a->mem_mib = mem;
		a->mem_valid = mem_rc == 1;
	}
}

/* One line of pmon: a header (column names), or a process of one GPU. A GPU's line that
 * comes more than half a pmon period after its previous one starts its new sample. */
static void pmon_line(struct gpu_sampler *g, const char *line, long long now, struct etlog *log)
{
	int index, pid;
	double sm, mem;
	unsigned bad;
	if (line[0] == '#') {
		smi_parse_pmon_header(line, &g->pmon_cols);   /* the units line changes nothing */
		return;
	}
	int slot;
	if (smi_parse_pmon_line(line, &g->pmon_cols, &index, &pid, &sm, &mem, &bad) < 0 ||
	    (slot = gpu_slot(g, index)) < 0) {
		warn_garbage(&g->pmon, line, log);
		return;
	}
	if (bad && !g->pmon_range_warned++)
		etlog_warning(log, stamp_now(), "nvidia-smi pmon gave an sm or mem utilisation that is not "
		              "a number from 0 to 100: its sums are NA (further ones not reported): '%.*s'",
		              (int)utf8_cut(line, 200), line);
	if (now - g->pmon_ms[slot] > g->pmon_delay_ms / 2) {
		size_t kept = 0;              /* a new sample of this GPU: drop its older lines */
		for (size_t i = 0; i < g->npmon; i++)
			if (g->pmon_v[i].gpu != slot)
				g->pmon_v[kept++] = g->pmon_v[i];
		g->npmon = kept;
		g->pmon_cut[slot] = 0;
	}
	g->pmon_ms[slot] = now;
	if (pid < 0)
		return;
	if (g->npmon == GPU_PMON_MAX) {   /* a partial sum would be a wrong number: NA */
		g->pmon_cut[slot] = 1;
		if (!g->pmon_cut_warned++)
			etlog_warning(log, stamp_now(), "nvidia-smi pmon listed more than %d processes at "
			              "once: the P records of a GPU whose processes found no room are NA "
			              "(further ones not reported)", GPU_PMON_MAX);
		return;
	}
	g->pmon_v[g->npmon++] = (struct gpu_pmon_entry){ (short)slot, (unsigned short)bad, pid,
	                                                 (float)sm, (float)mem };
}

static void stream_line(struct gpu_sampler *g, struct smi_stream *s, char *line, struct etlog *log)
{
	long long now = clock_mono_ms();
	s->last_line_ms = now;
	s->hung_warned = 0;
	if (!*line)
		return;
	if (smi_is_error_line(line)) {
		if (!s->error_warned)
			etlog_warning(log, stamp_now(), "nvidia-smi %s: %.*s", s->what, (int)utf8_cut(line, 300), line);
		s->error_warned = 1;
		return;
	}
	if (s == &g->query)
		query_line(g, line, log);
	else if (s == &g->pmon)
		pmon_line(g, line, now, log);
	else
		apps_line(g, line, now, log);
}

/* After a flood: read and drop what waits in the pipe (at most one pipe's worth, 64
 * KiB), and the partial line, so that the next lines parsed are fresh ones. */
static void drop_pending_output(struct smi_stream *s)
{
	char sink[16384];
	for (size_t dropped = 0; dropped < 65536; ) {
		ssize_t n = read(s->fd, sink, sizeof sink);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		dropped += (size_t)n;
	}
	s->len = 0;
	s->overlong = 1;          /* mid-line: skip up to the next newline */
	s->drop_pending = 0;
}

void gpu_on_readable(struct gpu_sampler *g, int fd, struct etlog *log)
{
	struct smi_stream *s = fd == g->query.fd ? &g->query : fd == g->apps.fd ? &g->apps :
	                       fd == g->pmon.fd ? &g->pmon : NULL;
	if (!s)
		return;
	for (;;) {
		if (s->read_this_interval >= GPU_STREAM_BUDGET) {
			if (!s->flood_warned++)
				etlog_warning(log, stamp_now(), "nvidia-smi %s printed more than %d KiB in one "
				              "interval; the rest is dropped (further floods not reported)",
				              s->what, GPU_STREAM_BUDGET / 1024);
			s->drop_pending = 1;
			return;                   /* not polled again before the next tick */
		}
		if (s->drop_pending) {
			drop_pending_output(s);
			continue;
		}
		size_t room = sizeof s->buf - 1 - s->len;
		if (room > GPU_STREAM_BUDGET - s->read_this_interval)
			room = GPU_STREAM_BUDGET - s->read_this_interval;
		ssize_t n = read(fd, s->buf + s->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;                   /* EAGAIN: all read for now */
		if (n == 0) {                     /* EOF: the child is gone or going */
			close(s->fd);
			s->fd = -1;
			return;
		}
		s->len += (size_t)n;
		s->read_this_interval += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < s->len; i++) {
			if (s->buf[i] != '\n')
				continue;
			s->buf[i] = '\0';
			if (!s->overlong)
				stream_line(g, s, s->buf + start, log);
			s->overlong = 0;
			start = i + 1;
		}
		memmove(s->buf, s->buf + start, s->len - start);
		s->len -= start;
		if (s->len == sizeof s->buf - 1) {    /* no newline in sight: drop it */
			s->buf[s->len] = '\0';
			if (!s->overlong)
				warn_garbage(s, s->buf, log);
			s->overlong = 1;
			s->len = 0;
		}
	}
}

/* Owner uid of a live process, or (uid_t)-1. */
static uid_t pid_owner(int pid)
{
	char path[32];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d", pid);
	return stat(path, &st) == 0 ? st.st_uid : (uid_t)-1;
}

/* Whether pid (at idx in t, or -1) is uid's: in the run phase the scan t holds exactly
 * uid's processes (the owners of /proc/<pid>), so it says; without t, the owner is read. */
static int owned_by(const struct proc_table *t, long idx, int pid, uid_t uid)
{
	return t ? idx >= 0 : pid_owner(pid) == uid;
}

/* The P records of a run-phase sample: per GPU, the sums of pmon's sm and mem columns
 * over the job's processes, uid's and all of them, from the GPU's newest pmon sample if
 * it is at most 2 intervals old (2 pmon periods when those are longer) and whole. */
static void pmon_tick(struct gpu_sampler *g, struct stamp now, const struct proc_table *t, uid_t uid,
                      struct etlog *log)
{
	long long max_age = 2 * (g->interval_ms > g->pmon_delay_ms ? g->interval_ms : g->pmon_delay_ms);
	for (int i = 0; i < g->ngpus; i++) {
		double sum[3][2] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };   /* job, user, all x sm, mem */
		unsigned bad[3] = { 0, 0, 0 };
		unsigned procs = 0;
		int usable = g->pmon_ms[i] && now.mono_ms - g->pmon_ms[i] <= max_age && !g->pmon_cut[i];
		for (size_t k = 0; usable && k < g->npmon; k++) {
			const struct gpu_pmon_entry *e = &g->pmon_v[k];
			if (e->gpu != i)
				continue;
			long idx = proc_table_find(t, e->pid);
			int in_job = idx >= 0 && t->v[idx].in_job == 1;
			int in[3] = { in_job, in_job || owned_by(t, idx, e->pid, uid), 1 };
			for (int s = 0; s < 3; s++) {
				if (!in[s])
					continue;
				sum[s][0] += e->sm_pct;
				sum[s][1] += e->mem_pct;
				bad[s] |= e->bad;
			}
			procs++;
		}
		struct textbuf *tb = &log->line;
		etlog_begin(log, ET_REC_GPU_PROC, now);
		tb_addc(tb, ',');
		tb_add_i64(tb, g->gpus[i].index);
		for (int s = 0; s < 3; s++) {
			tb_addc(tb, ',');
			tb_add_fixed_or_na(tb, sum[s][0], 0, usable && !(bad[s] & PMON_BAD_SM));
			tb_addc(tb, ',');
			tb_add_fixed_or_na(tb, sum[s][1], 0, usable && !(bad[s] & PMON_BAD_MEM));
		}
		tb_addc(tb, ',');
		tb_add_u64_or_na(tb, procs, usable);
		tb_addc(tb, '\n');
		etlog_write(log, tb);
	}
}

void gpu_tick(struct gpu_sampler *g, struct stamp now, const char *phase,
              const struct proc_table *t, uid_t uid, struct etlog *log)
{
	int apps_known = g->apps.pid > 0 || g->apps.fd >= 0;
	int block_valid = apps_known && g->nblock && now.mono_ms - g->block_ms <= 2 * g->interval_ms;
	int apps_whole = apps_known && !(block_valid && g->block_cut);   /* else NA */
	unsigned job_n[GPU_MAX] = {0}, user_n[GPU_MAX] = {0};
	double job_mem[GPU_MAX] = {0}, user_mem[GPU_MAX] = {0};
	int mem_ok_job[GPU_MAX], mem_ok_user[GPU_MAX];

	for (int i = 0; i < g->ngpus; i++)
		mem_ok_job[i] = mem_ok_user[i] = 1;
	for (size_t k = 0; block_valid && k < g->nblock; k++) {
		const struct gpu_app *a = &g->block[k];
		long idx = t ? proc_table_find(t, a->pid) : -1;
		int in_job = idx >= 0 && t->v[idx].in_job == 1;
		int of_user = in_job || owned_by(t, idx, a->pid, uid);
		if (in_job) {
			job_n[a->gpu]++;
			job_mem[a->gpu] += a->mem_mib;
			mem_ok_job[a->gpu] &= a->mem_valid;
		}
		if (of_user) {
			user_n[a->gpu]++;
			user_mem[a->gpu] += a->mem_mib;
			mem_ok_user[a->gpu] &= a->mem_valid;
		}
	}
	g->query.read_this_interval = g->apps.read_this_interval = 0;   /* a new budget */
	g->pmon.read_this_interval = 0;
	if (g->query.fd >= 0 && !g->query.hung_warned &&
	    now.mono_ms - g->query.last_line_ms > 3 * g->interval_ms) {
		g->query.hung_warned = 1;
		etlog_warning(log, now, "nvidia-smi query-gpu printed nothing for %lld ms (more than 3 intervals)",
		              now.mono_ms - g->query.last_line_ms);
	}
	for (int i = 0; i < g->ngpus; i++) {
		struct gpu_reading *r = &g->readings[i];
		/* A reading counts while it is at most 2 intervals old. */
		int recent = r->when_ms && now.mono_ms - r->when_ms <= 2 * g->interval_ms;
		unsigned v = recent ? r->valid : 0;
		struct textbuf *tb = &log->line;
		etlog_begin(log, ET_REC_GPU, now);
		tb_addc(tb, ',');
		tb_adds(tb, phase);
		tb_addc(tb, ',');
		tb_add_i64(tb, g->gpus[i].index);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, r->power_w, 2, v & GPU_F_POWER);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, r->limit_w, 2, v & GPU_F_LIMIT);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, r->util_pct, 0, v & GPU_F_UTIL);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, r->mem_mib, 0, v & GPU_F_MEM);
		tb_addc(tb, ',');
		tb_add_u64_or_na(tb, job_n[i], apps_whole);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, job_mem[i], 0, apps_whole && mem_ok_job[i]);
		tb_addc(tb, ',');
		tb_add_u64_or_na(tb, user_n[i], apps_whole);
		tb_addc(tb, ',');
		tb_add_fixed_or_na(tb, user_mem[i], 0, apps_whole && mem_ok_user[i]);
		tb_addc(tb, '\n');
		etlog_write(log, tb);
	}
	if (t)
		pmon_tick(g, now, t, uid, log);
}

int gpu_reaped(struct gpu_sampler *g, pid_t pid, int status, const struct rusage *ru,
               struct etlog *log)
{
	if (pid > 0 && pid == g->probe_left) {
		add_rusage(g, ru);
		g->probe_left = 0;
		return 1;
	}
	struct smi_stream *s = pid == g->query.pid ? &g->query : pid == g->apps.pid ? &g->apps :
	                       pid == g->pmon.pid ? &g->pmon : NULL;
	if (!s || pid <= 0)
		return 0;
	add_rusage(g, ru);
	s->pid = 0;
	if (!g->stopping && !s->left_behind) {
		if (WIFSIGNALED(status))
			etlog_warning(log, stamp_now(), "nvidia-smi %s was killed by signal %d",
			              s->what, WTERMSIG(status));
		else
			etlog_warning(log, stamp_now(), "nvidia-smi %s exited with status %d",
			              s->what, WEXITSTATUS(status));
	}
	return 1;
}

void gpu_stop(struct gpu_sampler *g, struct etlog *log, struct stamp when)
{
	struct smi_stream *all[GPU_STREAMS] = { &g->query, &g->apps, &g->pmon };
	g->stopping = 1;
	for (int i = 0; i < GPU_STREAMS; i++)
		if (all[i]->pid > 0 && !all[i]->left_behind)
			kill(all[i]->pid, SIGTERM);
	for (int i = 0; i < GPU_STREAMS; i++) {
		struct smi_stream *s = all[i];
		if (s->pid > 0 && !s->left_behind && reap_helper(g, s->pid, 500) < 0 && errno == ETIMEDOUT) {
			s->left_behind = 1;    /* keep its pid: out of the job, recognised if reaped */
			if (log)
				etlog_warning(log, when, "nvidia-smi %s (pid %d) survived SIGKILL; left behind",
				              s->what, (int)s->pid);
		}
		if (!s->left_behind)
			s->pid = 0;
		if (all[i]->fd >= 0)
			close(all[i]->fd);
		all[i]->fd = -1;
	}
}
