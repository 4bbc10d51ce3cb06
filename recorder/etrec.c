/* etrec.c - main() of the recorder: standard descriptors, the options, --help/--version,
 * then record_run(), and end as the command ended (its status or signal). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "et_logfmt.h"
#include "options.h"
#include "record.h"
#include "signals.h"
#include "utf8.h"

/* Started with 0, 1 or 2 closed, the log (or a pipe) would take that number and
 * etrec's messages, or the command's, would land in it: give each closed one
 * /dev/null. Returns 0, or -1 if /dev/null cannot be opened. */
static int open_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got < 0)
			return -1;
		if (got != fd) {              /* cannot happen: the lowest free number is fd */
			close(got);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct etrec_options opt;
	char msg[512];
	int status, die_signal = 0;

	if (open_standard_fds() < 0)
		return 125;                       /* nowhere to say it */
	if (options_parse(argc, argv, &opt, msg, sizeof msg) < 0 ||
	    (!opt.help && !opt.version &&
	     options_mode_from_env(&opt, getenv("ETREC_MODE"), msg, sizeof msg) < 0)) {
		fputs("etrec: ", stderr);
		utf8_fput_visible(msg, stderr);
		fputs("\netrec: try 'etrec --help'\n", stderr);
		options_release(&opt);
		return 125;
	}
	if (opt.help) {
		options_usage(stdout);
		status = fflush(stdout) == 0 ? 0 : 125;
	} else if (opt.version) {
		printf("etrec %s (log format %s %s)\n", ET_VERSION, ET_LOG_MAGIC, ET_LOG_VERSION_STR);
		status = fflush(stdout) == 0 ? 0 : 125;
	} else {
		status = record_run(&opt, &die_signal);
	}
	options_release(&opt);
	if (die_signal)
		signals_die_by(die_signal);   /* returns only where the signal cannot end us */
	return status;
}
