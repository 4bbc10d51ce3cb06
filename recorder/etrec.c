/* etrec.c - main() of the recorder: parse the options, answer --help/--version, and
 * hand the recording to record_run(), whose result is etrec's exit status. */
#include <stdio.h>

#include "et_logfmt.h"
#include "options.h"
#include "record.h"

int main(int argc, char **argv)
{
	struct etrec_options opt;
	char msg[512];
	int status;

	if (options_parse(argc, argv, &opt, msg, sizeof msg) < 0) {
		fprintf(stderr, "etrec: %s\netrec: try 'etrec --help'\n", msg);
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
		status = record_run(&opt);
	}
	options_release(&opt);
	return status;
}
