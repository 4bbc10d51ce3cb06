/* logwrite.c - create the log file and append whole lines to it; the first write
 * failure is reported once on stderr and stops all later writes, never the command. */
#include "logwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "et_logfmt.h"
#include "utf8.h"

/* Append to out (cap bytes) the value of environment variable var, at most 64 bytes,
 * each byte that is not a letter, digit, '.', '_' or '-' as '_' (one path component,
 * whatever the variable holds). Returns 0, or -1 if var is unset or empty. */
static int add_env_component(char *out, size_t cap, const char *prefix, const char *var)
{
	const char *v = getenv(var);
	if (!v || !*v)
		return -1;
	size_t used = strlen(out);
	snprintf(out + used, cap - used, "%s", prefix);
	for (size_t i = 0; v[i] && i < 64; i++) {
		used = strlen(out);
		if (used + 1 >= cap)
			break;
		char c = v[i];
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		           c == '.' || c == '_' || c == '-';
		out[used] = keep ? c : '_';
		out[used + 1] = '\0';
	}
	return 0;
}

/* Under SLURM, what names the job the way sacct does, and a '-':
 * "[<cluster>-]<jobid>[.<step>]-" or, for an array task, "[<cluster>-]<array>_<task>[.<step>]-".
 * Empty outside a SLURM job. */
static void slurm_part(char *out, size_t cap)
{
	out[0] = '\0';
	if (!getenv("SLURM_JOB_ID") || !*getenv("SLURM_JOB_ID"))
		return;
	if (add_env_component(out, cap, "", "SLURM_CLUSTER_NAME") == 0)
		snprintf(out + strlen(out), cap - strlen(out), "-");
	if (getenv("SLURM_ARRAY_JOB_ID") && *getenv("SLURM_ARRAY_JOB_ID") &&
	    getenv("SLURM_ARRAY_TASK_ID") && *getenv("SLURM_ARRAY_TASK_ID")) {
		add_env_component(out, cap, "", "SLURM_ARRAY_JOB_ID");
		add_env_component(out, cap, "_", "SLURM_ARRAY_TASK_ID");
	} else {
		add_env_component(out, cap, "", "SLURM_JOB_ID");
	}
	add_env_component(out, cap, ".", "SLURM_STEP_ID");
	snprintf(out + strlen(out), cap - strlen(out), "-");
}

/* The default log name (without directory) for this host, time and pid, with the
 * SLURM job first when there is one. */
static void default_name(char *out, size_t cap)
{
	char host[256];
	if (gethostname(host, sizeof host) < 0)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	for (char *p = host; *p; p++)      /* keep the name a single path component */
		if (*p == '/' || *p == ' ')
			*p = '_';
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	char job[256];
	slurm_part(job, sizeof job);
	snprintf(out, cap, "etrec-%s%s-%s-%ld.log", job, host, when, (long)getpid());
}

/* What a path that is neither a regular file nor a character device is, for messages. */
static const char *file_kind(mode_t m)
{
	return S_ISLNK(m) ? "a symbolic link" : S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory" :
	       S_ISSOCK(m) ? "a socket" : S_ISBLK(m) ? "a block device" : "not a regular file";
}

/* Make way for a forced log at log->path without ever following a link: a regular file
 * is unlinked (created anew below, so its old permissions and other names go with it),
 * a character device such as /dev/null is opened as it is (into log->fd); anything else
 * is refused. Returns 0, or -1 with a message. */
static int replace_existing(struct etlog *log, int flags, char *msg, size_t msglen)
{
	struct stat st, opened;
	if (lstat(log->path, &st) < 0)
		return 0;                  /* nothing there (or unreadable: creation says why) */
	if (S_ISREG(st.st_mode)) {
		if (unlink(log->path) < 0 && errno != ENOENT) {
			snprintf(msg, msglen, "cannot replace log '%s': %s", log->path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (S_ISCHR(st.st_mode)) {
		log->fd = open(log->path, flags);
		if (log->fd < 0) {
			snprintf(msg, msglen, "cannot open log '%s': %s", log->path, strerror(errno));
			return -1;
		}
		if (fstat(log->fd, &opened) == 0 && S_ISCHR(opened.st_mode) && opened.st_rdev == st.st_rdev)
			return 0;
		close(log->fd);
		log->fd = -1;
		snprintf(msg, msglen, "cannot open log '%s': it changed while etrec opened it", log->path);
		return -1;
	}
	snprintf(msg, msglen, "cannot create log '%s': it is %s, not a regular file%s", log->path,
	         file_kind(st.st_mode), S_ISLNK(st.st_mode) ? " (etrec never follows one; remove it)" : "");
	return -1;
}

int etlog_open(struct etlog *log, const char *path, const char *dir, int force, mode_t mode,
               int quiet, char *msg, size_t msglen)
{
	struct textbuf empty = TEXTBUF_INIT;
	struct stat st;
	log->fd = -1;
	log->failed = 0;
	log->quiet = quiet;
	log->line = empty;
	if (path) {
		if (snprintf(log->path, sizeof log->path, "%s", path) >= (int)sizeof log->path) {
			snprintf(msg, msglen, "log path too long");
			return -1;
		}
	} else {
		char name[512];
		default_name(name, sizeof name);
		if (!dir || !*dir)
			dir = ".";
		if (snprintf(log->path, sizeof log->path, "%s/%s", dir, name) >= (int)sizeof log->path) {
			snprintf(msg, msglen, "log path too long");
			return -1;
		}
	}
	/* O_NONBLOCK: opening a FIFO planted under the name must not wait for a reader. */
	int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
	if (force && replace_existing(log, flags, msg, msglen) < 0)
		goto fail;
	if (log->fd < 0) {
		log->fd = open(log->path, flags | O_CREAT | O_EXCL, mode);
		if (log->fd < 0) {
			int err = errno;
			if (err == EEXIST && lstat(log->path, &st) == 0 && !S_ISREG(st.st_mode))
				snprintf(msg, msglen, "cannot create log '%s': it exists and is %s%s", log->path,
				         file_kind(st.st_mode), S_ISLNK(st.st_mode) ? " (etrec never follows one)" : "");
			else if (err == EEXIST)
				snprintf(msg, msglen, "cannot create log '%s': file exists (use --force to replace it)",
				         log->path);
			else
				snprintf(msg, msglen, "cannot create log '%s': %s", log->path, strerror(err));
			goto fail;
		}
		/* The asked mode exactly (an explicit 0640 is not narrowed by the umask). */
		if (fstat(log->fd, &st) < 0 || !S_ISREG(st.st_mode) || fchmod(log->fd, mode) < 0) {
			snprintf(msg, msglen, "cannot set the mode of log '%s': %s", log->path, strerror(errno));
			goto fail;
		}
	}
	int fl = fcntl(log->fd, F_GETFL);
	if (fl >= 0)
		fcntl(log->fd, F_SETFL, fl & ~O_NONBLOCK);
	return 0;
fail:
	utf8_trim_cut(msg);
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
	return -1;
}

int etlog_write(struct etlog *log, const struct textbuf *tb)
{
	if (log->failed || log->fd < 0)
		return -1;
	if (tb->oom) {
		errno = ENOMEM;
		goto fail;
	}
	size_t off = 0;
	while (off < tb->len) {
		ssize_t n = write(log->fd, tb->data + off, tb->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0) {
			errno = ENOSPC;
			goto fail;
		}
		off += (size_t)n;
	}
	return 0;
fail:
	log->failed = 1;
	int err = errno;
	fputs("etrec: warning: cannot write log '", stderr);
	utf8_fput_visible(log->path, stderr);
	fprintf(stderr, "': %s; recording stops, the command goes on\n", strerror(err));
	return -1;
}

int etlog_check_linked(struct etlog *log)
{
	struct stat st;

	if (log->failed || log->fd < 0 || fstat(log->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_nlink > 0)
		return 0;
	log->failed = 1;
	fputs("etrec: warning: log '", stderr);
	utf8_fput_visible(log->path, stderr);
	fputs("' was deleted (or its directory); recording stops, the command goes on\n", stderr);
	return -1;
}

void etlog_begin(struct etlog *log, char kind, struct stamp when)
{
	tb_reset(&log->line);
	tb_addc(&log->line, kind);
	tb_addc(&log->line, ',');
	tb_add_i64(&log->line, when.mono_ms);
	tb_addc(&log->line, ',');
	tb_add_i64(&log->line, when.utc_ms);
}

void etlog_event(struct etlog *log, struct stamp when, const char *event, const char *detail)
{
	etlog_begin(log, ET_REC_EVENT, when);
	tb_addc(&log->line, ',');
	tb_adds(&log->line, event);
	tb_addc(&log->line, ',');
	if (detail)
		tb_add_csv_text(&log->line, detail);
	tb_addc(&log->line, '\n');
	etlog_write(log, &log->line);
}

void etlog_warning(struct etlog *log, struct stamp when, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	utf8_trim_cut(text);
	etlog_event(log, when, ET_EV_WARNING, text);
	if (!log->quiet) {
		fputs("etrec: warning: ", stderr);
		utf8_fput_visible(text, stderr);
		putc('\n', stderr);
	}
}

void etlog_close(struct etlog *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
	tb_release(&log->line);
}
