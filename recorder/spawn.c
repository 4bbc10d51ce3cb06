/* spawn.c - fork/exec of the command and of helpers; the child gets etrec's original
 * signal mask and dispositions and none of its descriptors (all are O_CLOEXEC). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int exec_errno_status(int err)
{
	return (err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG || err == ELOOP) ? 127 : 126;
}

/* A close-on-exec pipe in p, then fork. Returns the child's pid (0 in the child), or
 * -1 with errno set and no descriptor left open. */
static pid_t fork_with_pipe(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t child = fork();
	if (child < 0) {
		int saved = errno;
		close(p[0]);
		close(p[1]);
		errno = saved;
	}
	return child;
}

int spawn_command(char *const argv[], const struct sigstate *sig, pid_t *pid, int *exec_errno)
{
	int p[2];
	*exec_errno = 0;
	pid_t child = fork_with_pipe(p);
	if (child < 0)
		return -1;
	if (child == 0) {
		close(p[0]);
		signals_restore_in_child(sig);
		execvp(argv[0], argv);
		int err = errno;
		ssize_t ignored = write(p[1], &err, sizeof err);
		(void)ignored;
		_exit(exec_errno_status(err));
	}
	close(p[1]);
	int err = 0;
	ssize_t n;
	do
		n = read(p[0], &err, sizeof err);
	while (n < 0 && errno == EINTR);
	close(p[0]);
	*pid = child;
	if (n == (ssize_t)sizeof err) {
		int status;
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		*exec_errno = err ? err : ENOEXEC;
		return -1;
	}
	return 0;
}

int spawn_helper(const char *path, char *const argv[], const struct sigstate *sig,
                 pid_t *pid, int *out_fd)
{
	int p[2];
	pid_t parent = getpid();
	pid_t child = fork_with_pipe(p);
	if (child < 0)
		return -1;
	if (child == 0) {
		/* Own process group: a terminal's ^C is for the command, not for us. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0) {
			dup2(devnull, 0);
			if (devnull > 2)
				close(devnull);
		}
		dup2(p[1], 1);
		dup2(p[1], 2);
		signals_restore_in_child(sig);
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	int fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	*pid = child;
	*out_fd = p[0];
	return 0;
}
