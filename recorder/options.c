/* options.c - parse etrec's options (short and long, "--opt=value" or "--opt value")
 * up to the first non-option word, which starts the command. */
#include "options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"
#include "utf8.h"

void options_usage(FILE *out)
{
	fputs(
"usage: etrec [options] [--] command [argument...]\n"
"Run a command and record what it uses (CPU, memory, GPU) in a log for etest.\n"
"\n"
"  -o, --output FILE      log file (default: etrec-<host>-<YYYYmmddTHHMMSSZ>-<pid>.log\n"
"                         in $ETREC_DIR, else the current directory; in a SLURM\n"
"                         job etrec-<cluster>-<jobid>[_<task>].<step>-<host>-...)\n"
"      --force            replace FILE if it exists (never through a symbolic link)\n"
"      --mode OCTAL       permissions of the log (default 0600, or $ETREC_MODE);\n"
"                         e.g. 0640 for a group-shared folder; never world-writable\n"
"  -i, --interval SECONDS sampling interval, decimals allowed, 0.1 minimum (default 1)\n"
"      --idle SECONDS     sample the GPUs this long before launching the command\n"
"                         (default 3 when a GPU is found, else 0)\n"
"      --gpu auto|none    auto: use nvidia-smi if it answers (default auto)\n"
"      --nvidia-smi PATH  the nvidia-smi to run (default: the one on PATH)\n"
"      --tag KEY=VALUE    label stored in the log header; repeatable\n"
"  -q, --quiet            no warnings on stderr (they still go into the log)\n"
"  -h, --help             print this help and exit\n"
"  -V, --version          print the version and exit\n"
"\n"
"Exit status: the command's; 128+N if it was killed by signal N; 127 if it was not\n"
"found; 126 if it could not be executed; 125 if etrec failed before launching it.\n",
	      out);
}

/* Seconds as milliseconds; -1 when not a finite number >= min_s and <= 1 day. */
static long parse_seconds(const char *s, double min_s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v < min_s || v > 86400.0)
		return -1;
	return (long)(v * 1000.0 + 0.5);
}

/* Does arg name the long option `name`? Sets *inline_val after '=' if present. */
static int is_long(const char *arg, const char *name, const char **inline_val)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '\0') {
		*inline_val = NULL;
		return 1;
	}
	if (arg[n] == '=') {
		*inline_val = arg + n + 1;
		return 1;
	}
	return 0;
}

static int fail(char *msg, size_t msglen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	utf8_trim_cut(msg);
	return -1;
}

int options_parse_mode(const char *s, mode_t *mode)
{
	size_t n = strlen(s);
	unsigned v = 0;
	if (n < 3 || n > 4 || (n == 4 && s[0] != '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -1;
		v = v * 8 + (unsigned)(s[i] - '0');
	}
	if ((v & 0600) != 0600 || (v & 0111) || (v & 0002))
		return -1;
	*mode = (mode_t)v;
	return 0;
}

int options_mode_from_env(struct etrec_options *o, const char *env, char *msg, size_t msglen)
{
	if (o->mode_given || !env || !*env)
		return 0;
	if (options_parse_mode(env, &o->log_mode) < 0)
		return fail(msg, msglen, "bad ETREC_MODE '%.*s': an octal mode with read and write for "
		            "the owner, not executable, not world-writable expected (e.g. 0640)",
		            (int)utf8_cut(env, 40), env);
	return 0;
}

size_t options_tag_key_len(const char *tag)
{
	const char *eq = strchr(tag, '=');
	size_t klen = eq ? (size_t)(eq - tag) : strlen(tag);
	/* A valid sequence never holds '=', so the cut cannot reach into the value. */
	return utf8_cut(tag, klen < ETREC_TAG_KEY_MAX ? klen : ETREC_TAG_KEY_MAX);
}

/* Is tag's key, as the header writes it (cut, invalid bytes as U+FFFD), the same as one
 * of the first n tags'? Returns that tag's position, or -1. */
static long same_key_as(const char *tag, const char **tags, size_t n)
{
	struct textbuf a = TEXTBUF_INIT, b = TEXTBUF_INIT;
	long found = -1;
	tb_add_utf8(&a, tag, options_tag_key_len(tag));
	for (size_t t = 0; t < n && found < 0; t++) {
		tb_reset(&b);
		tb_add_utf8(&b, tags[t], options_tag_key_len(tags[t]));
		if (!a.oom && !b.oom && a.len == b.len && memcmp(a.data, b.data, a.len) == 0)
			found = (long)t;
	}
	tb_release(&a);
	tb_release(&b);
	return found;
}

int options_parse(int argc, char **argv, struct etrec_options *o, char *msg, size_t msglen)
{
	memset(o, 0, sizeof *o);
	o->interval_ms = 1000;
	o->idle_ms = -1;
	o->gpu_auto = 1;
	o->log_mode = ETREC_DEFAULT_MODE;
	o->tags = calloc((size_t)argc + 1, sizeof *o->tags);
	if (!o->tags)
		return fail(msg, msglen, "%s", "out of memory");

	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int takes_value = 0;
		enum { OPT_OUTPUT, OPT_INTERVAL, OPT_IDLE, OPT_GPU, OPT_SMI, OPT_TAG, OPT_MODE } which = OPT_OUTPUT;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;                         /* the command starts here */
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = 1;
			return 0;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			o->version = 1;
			return 0;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o->quiet = 1;
			continue;
		} else if (strcmp(a, "--force") == 0) {
			o->force = 1;
			continue;
		} else if (strncmp(a, "-o", 2) == 0) {
			which = OPT_OUTPUT, takes_value = 1, val = a[2] ? a + 2 : NULL;
		} else if (strncmp(a, "-i", 2) == 0) {
			which = OPT_INTERVAL, takes_value = 1, val = a[2] ? a + 2 : NULL;
		} else if (is_long(a, "--output", &val)) {
			which = OPT_OUTPUT, takes_value = 1;
		} else if (is_long(a, "--interval", &val)) {
			which = OPT_INTERVAL, takes_value = 1;
		} else if (is_long(a, "--idle", &val)) {
			which = OPT_IDLE, takes_value = 1;
		} else if (is_long(a, "--gpu", &val)) {
			which = OPT_GPU, takes_value = 1;
		} else if (is_long(a, "--nvidia-smi", &val)) {
			which = OPT_SMI, takes_value = 1;
		} else if (is_long(a, "--tag", &val)) {
			which = OPT_TAG, takes_value = 1;
		} else if (is_long(a, "--mode", &val)) {
			which = OPT_MODE, takes_value = 1;
		} else {
			return fail(msg, msglen, "unknown option '%.*s'", (int)utf8_cut(a, 200), a);
		}
		if (takes_value && !val) {
			if (i + 1 >= argc)
				return fail(msg, msglen, "option '%.*s' needs a value", (int)utf8_cut(a, 200), a);
			val = argv[++i];
		}
		switch (which) {
		case OPT_OUTPUT:
			if (!*val)
				return fail(msg, msglen, "%s", "empty log file name");
			o->output = val;
			break;
		case OPT_INTERVAL:
			o->interval_ms = parse_seconds(val, 0.1);
			if (o->interval_ms < 0)
				return fail(msg, msglen, "bad interval '%.*s': seconds from 0.1 to 86400 expected",
				            (int)utf8_cut(val, 200), val);
			break;
		case OPT_IDLE:
			o->idle_ms = parse_seconds(val, 0.0);
			if (o->idle_ms < 0)
				return fail(msg, msglen, "bad idle time '%.*s': seconds from 0 to 86400 expected",
				            (int)utf8_cut(val, 200), val);
			break;
		case OPT_GPU:
			if (strcmp(val, "auto") == 0)
				o->gpu_auto = 1;
			else if (strcmp(val, "none") == 0)
				o->gpu_auto = 0;
			else
				return fail(msg, msglen, "bad --gpu value '%.*s': auto or none expected",
				            (int)utf8_cut(val, 200), val);
			break;
		case OPT_SMI:
			if (!*val)
				return fail(msg, msglen, "%s", "empty --nvidia-smi path");
			o->nvidia_smi = val;
			break;
		case OPT_TAG: {
			const char *eq = strchr(val, '=');
			if (!eq || eq == val)
				return fail(msg, msglen, "bad tag '%.*s': KEY=VALUE expected", (int)utf8_cut(val, 200), val);
			long twin = same_key_as(val, o->tags, o->ntags);
			if (twin >= 0) {
				const char *other = o->tags[twin];
				if (strncmp(other, val, (size_t)(eq - val) + 1) == 0)
					return fail(msg, msglen, "tag '%.*s' given twice", (int)utf8_cut(val, 200), val);
				return fail(msg, msglen, "tags '%.*s' and '%.*s' have the same key once cut to %d "
				            "bytes and made valid UTF-8", (int)utf8_cut(other, 100), other,
				            (int)utf8_cut(val, 100), val, ETREC_TAG_KEY_MAX);
			}
			o->tags[o->ntags++] = val;
			break;
		}
		case OPT_MODE:
			if (options_parse_mode(val, &o->log_mode) < 0)
				return fail(msg, msglen, "bad --mode '%.*s': an octal mode with read and write for "
				            "the owner, not executable, not world-writable expected (e.g. 0640)",
				            (int)utf8_cut(val, 40), val);
			o->mode_given = 1;
			break;
		}
	}
	if (i >= argc)
		return fail(msg, msglen, "%s", "no command given");
	o->command = argv + i;
	return 0;
}

void options_release(struct etrec_options *o)
{
	free(o->tags);
	o->tags = NULL;
}
