/* logwrite.c - create the log file and append whole lines to it; the first write
 * failure is reported once on stderr and stops all later writes, never the command. */
#include "logwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "et_logfmt.h"

/* The default log name (without directory) for this host, time and pid. */
static void default_name(char *out, size_t cap)
{
	char host[256];
	if (gethostname(host, sizeof host) < 0)
		strcpy(host, "unknown");
	host[sizeof host - 1] = '\0';
	for (char *p = host; *p; p++)      /* keep the name a single path component */
		if (*p == '/' || *p == ' ')
			*p = '_';
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(out, cap, "etrec-%s-%s-%ld.log", host, when, (long)getpid());
}

int etlog_open(struct etlog *log, const char *path, const char *dir, int force, int quiet,
               char *msg, size_t msglen)
{
	struct textbuf empty = TEXTBUF_INIT;
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
	int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY;
	flags |= force ? O_TRUNC : O_EXCL;
	log->fd = open(log->path, flags, 0644);
	if (log->fd < 0) {
		if (errno == EEXIST)
			snprintf(msg, msglen, "cannot create log '%s': file exists (use --force to overwrite)",
			         log->path);
		else
			snprintf(msg, msglen, "cannot create log '%s': %s", log->path, strerror(errno));
		return -1;
	}
	return 0;
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
	fprintf(stderr, "etrec: warning: cannot write log '%s': %s; recording stops, the command goes on\n",
	        log->path, strerror(errno));
	return -1;
}

int etlog_check_linked(struct etlog *log)
{
	struct stat st;

	if (log->failed || log->fd < 0 || fstat(log->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_nlink > 0)
		return 0;
	log->failed = 1;
	fprintf(stderr, "etrec: warning: log '%s' was deleted (or its directory); recording stops, "
	        "the command goes on\n", log->path);
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
	etlog_event(log, when, ET_EV_WARNING, text);
	if (!log->quiet)
		fprintf(stderr, "etrec: warning: %s\n", text);
}

void etlog_close(struct etlog *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
	tb_release(&log->line);
}
