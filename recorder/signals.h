/* signals.h - etrec's signal plumbing: SIGCHLD, SIGTERM, SIGHUP, SIGINT and SIGQUIT
 * are blocked and read from a signalfd; SIGPIPE is ignored; children get it all back. */
#ifndef ETREC_SIGNALS_H
#define ETREC_SIGNALS_H

#include <signal.h>

struct sigstate {
	sigset_t old_mask;            /* the mask etrec was started with */
	struct sigaction old_pipe;    /* SIGPIPE's original disposition */
	int fd;                       /* signalfd (O_CLOEXEC, non-blocking), -1 if none */
};

/* Block the signals above and open the signalfd. Returns 0, or -1 with errno set. */
int signals_setup(struct sigstate *s);

/* In a forked child, before exec: the original mask and SIGPIPE disposition. Only
 * async-signal-safe calls. */
void signals_restore_in_child(const struct sigstate *s);

/* Read one pending signal: returns its number and fills *sender_pid, 0 when none. */
int signals_next(struct sigstate *s, int *sender_pid);

void signals_close(struct sigstate *s);

/* End etrec by signal sig, as the command ended: core dumps off, default action,
 * unblocked, raised. A shell waiting for etrec then sees what it would have seen of
 * the command (a loop stops on ^C). Returns only if sig did not end the process (a
 * pid namespace's init ignores it); the caller then exits with 128+sig. */
void signals_die_by(int sig);

/* "SIGTERM" for SIGTERM, ..., "SIG<n>" otherwise, written in buf (>= 16 bytes). */
const char *signal_name(int sig, char *buf, unsigned long cap);

#endif
