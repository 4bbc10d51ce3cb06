/* logwrite.h - the log file: safe creation (O_EXCL, never through a link), one
 * write(2) per line on an O_APPEND descriptor, and warnings (log + stderr). */
#ifndef ETREC_LOGWRITE_H
#define ETREC_LOGWRITE_H

#include <limits.h>
#include <sys/types.h>

#include "clock.h"
#include "textbuf.h"

struct etlog {
	int fd;                  /* O_APPEND|O_CLOEXEC, -1 when closed */
	int failed;              /* a write failed: nothing more is written */
	int quiet;               /* no warnings on stderr */
	char path[PATH_MAX];
	struct textbuf line;     /* scratch line for the helpers below */
};

/* Create the log. path NULL means the default name
 * etrec-<host>-<YYYYmmddTHHMMSSZ>-<pid>.log in dir (or "." when dir is NULL or "").
 * The log is a new regular file (O_CREAT|O_EXCL|O_NOFOLLOW) with exactly `mode`. An
 * existing path is refused unless force; then a regular file is unlinked and created
 * anew, a character device (/dev/null) is written as it is, and a symbolic link, FIFO,
 * directory or socket is refused. Nothing blocks (a FIFO is never opened for waiting).
 * Returns 0, or -1 with a lowercase message in msg (no "etrec:" prefix). */
int etlog_open(struct etlog *log, const char *path, const char *dir, int force, mode_t mode,
               int quiet, char *msg, size_t msglen);

/* Write tb (one complete line ending in '\n') with one write(2). The first failure
 * prints one warning on stderr (even with quiet: the log cannot hold it) and turns all
 * later writes into no-ops. Returns 0, or -1 if the line was not written. */
int etlog_write(struct etlog *log, const struct textbuf *tb);

/* Writes to a deleted file (or a file in a deleted directory) succeed and are lost:
 * once per sample, check that the log still has a name. If not, warn once on stderr
 * (as for a failed write) and stop writing. Returns 0, or -1 if the log is gone. */
int etlog_check_linked(struct etlog *log);

/* E record with the given event name and detail text (may be NULL). */
void etlog_event(struct etlog *log, struct stamp when, const char *event, const char *detail);

/* E warning record, and "etrec: warning: TEXT" on stderr unless quiet. */
void etlog_warning(struct etlog *log, struct stamp when, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Start a record line in log->line: "<kind>,<mono>,<utc>". */
void etlog_begin(struct etlog *log, char kind, struct stamp when);

/* Close the descriptor and free the scratch line. */
void etlog_close(struct etlog *log);

#endif
