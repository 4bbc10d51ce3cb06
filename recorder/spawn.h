/* spawn.h - start processes: the user's command (exec errors reported through a
 * close-on-exec pipe) and etrec's helpers (nvidia-smi) with their output on a pipe. */
#ifndef ETREC_SPAWN_H
#define ETREC_SPAWN_H

#include <sys/types.h>

#include "signals.h"

/* Fork and execvp argv[0] (searched on PATH) with etrec's original signal state.
 * Returns 0 with *pid set once the exec succeeded; -1 with *exec_errno set when the
 * exec failed (the child was reaped) or errno when fork failed (*exec_errno = 0). */
int spawn_command(char *const argv[], const struct sigstate *sig, pid_t *pid, int *exec_errno);

/* Fork and execv path (argv[0] should be path) in its own process group, stdin from
 * /dev/null, stdout and stderr into a pipe whose non-blocking read end goes to *out_fd.
 * The helper dies with etrec (PR_SET_PDEATHSIG). Returns 0, or -1 with errno set.
 * An exec failure shows later as exit status 127. */
int spawn_helper(const char *path, char *const argv[], const struct sigstate *sig,
                 pid_t *pid, int *out_fd);

/* 127 for "not found" errno values, 126 for the others (not executable). */
int exec_errno_status(int err);

#endif
