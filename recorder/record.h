/* record.h - one recording: create the log, probe the GPUs, take the idle baseline,
 * launch the command, sample until it exits, and write the end record. */
#ifndef ETREC_RECORD_H
#define ETREC_RECORD_H

#include "options.h"

/* Run the whole recording described by opt. Returns etrec's exit status: the
 * command's, 128+N if it died of signal N, 126/127 if it could not be executed,
 * 125 if etrec failed before launching it (the reason is printed on stderr).
 * *die_signal is N when etrec should end by signal N (the command died of it, or it
 * stopped etrec before the launch), else 0. */
int record_run(const struct etrec_options *opt, int *die_signal);

#endif
