/* options.h - etrec's command line: the options before the command, their checks,
 * and the --help text. Parsing stops at the first word that is not an option. */
#ifndef ETREC_OPTIONS_H
#define ETREC_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

struct etrec_options {
	const char *output;        /* -o FILE, or NULL for the default name */
	int force;                 /* --force: overwrite an existing log */
	int quiet;                 /* -q */
	long interval_ms;          /* -i SECONDS */
	long idle_ms;              /* --idle SECONDS, -1 when not given */
	int gpu_auto;              /* --gpu auto (1) or none (0) */
	const char *nvidia_smi;    /* --nvidia-smi PATH, or NULL to search PATH */
	const char **tags;         /* "KEY=VALUE" strings from argv (malloc'ed array) */
	size_t ntags;
	char **command;            /* points into argv, NULL-terminated */
	int help, version;
};

/* Fill o from argv. Returns 0, or -1 with a one-line lowercase message in msg.
 * o borrows argv's strings; options_release frees what o allocated. */
int options_parse(int argc, char **argv, struct etrec_options *o, char *msg, size_t msglen);
void options_release(struct etrec_options *o);

/* The --help text. */
void options_usage(FILE *out);

#endif
