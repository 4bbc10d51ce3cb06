/* options.h - etrec's command line: the options before the command, their checks,
 * and the --help text. Parsing stops at the first word that is not an option. */
#ifndef ETREC_OPTIONS_H
#define ETREC_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define ETREC_TAG_KEY_MAX 255       /* bytes kept of a --tag key (cut on a character) */
#define ETREC_DEFAULT_MODE 0600     /* a new log's permissions: it holds the command line */

struct etrec_options {
	const char *output;        /* -o FILE, or NULL for the default name */
	int force;                 /* --force: overwrite an existing log */
	mode_t log_mode;           /* --mode or $ETREC_MODE, else ETREC_DEFAULT_MODE */
	int mode_given;            /* --mode was given (it wins over $ETREC_MODE) */
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

/* Take the log mode from $ETREC_MODE's value env (may be NULL) unless --mode was given.
 * Returns 0, or -1 with a message in msg for a value options_parse_mode refuses. */
int options_mode_from_env(struct etrec_options *o, const char *env, char *msg, size_t msglen);

/* A log mode: 3 or 4 octal digits ("640", "0640"), read and write for the owner, no
 * execute bit, not writable by others, no special bits. Returns 0, or -1. */
int options_parse_mode(const char *s, mode_t *mode);

/* Bytes of tag's key (before its first '=') that the header keeps: at most
 * ETREC_TAG_KEY_MAX, cut on a character boundary. */
size_t options_tag_key_len(const char *tag);

/* The --help text. */
void options_usage(FILE *out);

#endif
