/* etrec.c - main() of the recorder: parse the options, answer --help/--version, hand
 * the recording to record_run(), and end as the command ended (its status or signal). */
#include <stdio.h>

#include "et_logfmt.h"
#include "options.h"
#include "record.h"
#include "signals.h"

int main(int argc, char **argv)
{
	struct etrec_options opt;
	char msg[512];
	int status, die_signal = 0;

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
		status = record_run(&opt, &die_signal);
	}
	options_release(&opt);
	if (die_signal)
		signals_die_by(die_signal);   /* returns only where the signal cannot end us */
	return status;
}
