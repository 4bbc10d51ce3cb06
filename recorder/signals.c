/* signals.c - block the signals etrec handles, read them from a signalfd in the main
 * loop, and give a child the mask and dispositions etrec was started with. */
#include "signals.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void handled_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGQUIT);
}

int signals_setup(struct sigstate *s)
{
	sigset_t set;
	struct sigaction ign;

	s->fd = -1;
	handled_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) < 0)
		return -1;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGPIPE, &ign, &s->old_pipe) < 0)
		return -1;
	s->fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return s->fd < 0 ? -1 : 0;
}

void signals_restore_in_child(const struct sigstate *s)
{
	sigaction(SIGPIPE, &s->old_pipe, NULL);
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
}

int signals_next(struct sigstate *s, int *sender_pid)
{
	struct signalfd_siginfo si;
	for (;;) {
		ssize_t n = read(s->fd, &si, sizeof si);
		if (n == (ssize_t)sizeof si) {
			*sender_pid = (int)si.ssi_pid;
			return (int)si.ssi_signo;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return 0;
	}
}

void signals_close(struct sigstate *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

void signals_die_by(int sig)
{
	struct rlimit no_core = { 0, 0 };
	struct sigaction dfl;
	sigset_t set;

	if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
		if (sig == SIGKILL)
			raise(SIGKILL);
		return;
	}
	/* The command's core is the one that matters: etrec dumps none (RLIMIT_CORE 0 is
	 * not enough when core_pattern is a pipe; a non-dumpable process never dumps). */
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	if (sigaction(sig, &dfl, NULL) < 0)
		return;
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);                          /* pending while blocked: delivered below */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

const char *signal_name(int sig, char *buf, unsigned long cap)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
		{ SIGILL, "SIGILL" }, { SIGABRT, "SIGABRT" }, { SIGFPE, "SIGFPE" },
		{ SIGKILL, "SIGKILL" }, { SIGSEGV, "SIGSEGV" }, { SIGPIPE, "SIGPIPE" },
		{ SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" }, { SIGUSR1, "SIGUSR1" },
		{ SIGUSR2, "SIGUSR2" }, { SIGBUS, "SIGBUS" }, { SIGXCPU, "SIGXCPU" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(buf, cap, "SIG%d", sig);
	return buf;
}
