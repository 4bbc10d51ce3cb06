/* options.c - parse etrec's options (short and long, "--opt=value" or "--opt value")
 * up to the first non-option word, which starts the command. */
#include "options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void options_usage(FILE *out)
{
	fputs(
"usage: etrec [options] [--] command [argument...]\n"
"Run a command and record what it uses (CPU, memory, GPU) in a log for etest.\n"
"\n"
"  -o, --output FILE      log file (default: etrec-<host>-<YYYYmmddTHHMMSSZ>-<pid>.log\n"
"                         in $ETREC_DIR, else the current directory)\n"
"      --force            overwrite FILE if it exists\n"
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
	return -1;
}

int options_parse(int argc, char **argv, struct etrec_options *o, char *msg, size_t msglen)
{
	memset(o, 0, sizeof *o);
	o->interval_ms = 1000;
	o->idle_ms = -1;
	o->gpu_auto = 1;
	o->tags = calloc((size_t)argc + 1, sizeof *o->tags);
	if (!o->tags)
		return fail(msg, msglen, "%s", "out of memory");

	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int takes_value = 0;
		enum { OPT_OUTPUT, OPT_INTERVAL, OPT_IDLE, OPT_GPU, OPT_SMI, OPT_TAG } which = OPT_OUTPUT;

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
		} else {
			return fail(msg, msglen, "unknown option '%s'", a);
		}
		if (takes_value && !val) {
			if (i + 1 >= argc)
				return fail(msg, msglen, "option '%s' needs a value", a);
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
				return fail(msg, msglen, "bad interval '%s': seconds from 0.1 to 86400 expected", val);
			break;
		case OPT_IDLE:
			o->idle_ms = parse_seconds(val, 0.0);
			if (o->idle_ms < 0)
				return fail(msg, msglen, "bad idle time '%s': seconds from 0 to 86400 expected", val);
			break;
		case OPT_GPU:
			if (strcmp(val, "auto") == 0)
				o->gpu_auto = 1;
			else if (strcmp(val, "none") == 0)
				o->gpu_auto = 0;
			else
				return fail(msg, msglen, "bad --gpu value '%s': auto or none expected", val);
			break;
		case OPT_SMI:
			if (!*val)
				return fail(msg, msglen, "%s", "empty --nvidia-smi path");
			o->nvidia_smi = val;
			break;
		case OPT_TAG: {
			const char *eq = strchr(val, '=');
			if (!eq || eq == val)
				return fail(msg, msglen, "bad tag '%s': KEY=VALUE expected", val);
			size_t klen = (size_t)(eq - val);
			for (size_t t = 0; t < o->ntags; t++)
				if (strncmp(o->tags[t], val, klen + 1) == 0)
					return fail(msg, msglen, "tag '%s' given twice", val);
			o->tags[o->ntags++] = val;
			break;
		}
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
