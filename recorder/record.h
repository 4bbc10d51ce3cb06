/* record.h - one recording: create the log, probe the GPUs, take the idle baseline,
 * launch the command, sample until it exits, and write the end record. */
#ifndef ETREC_RECORD_H
#define ETREC_RECORD_H

#include "options.h"

/* Run the whole recording described by opt. Returns etrec's exit status: the
 * command's, 128+N if it died of signal N, 126/127 if it could not be executed,
 * 125 if etrec failed before launching it (the reason is printed on stderr). */
int record_run(const struct etrec_options *opt);

#endif
