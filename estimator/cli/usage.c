/* usage.c - the one usage-error printer of the etest front end: what was wrong with the
 * command line, and where its --help is. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

int et_usage_error(const char *command, const char *fmt, ...)
{
	const char *sep = command ? " " : "", *name = command ? command : "";
	va_list ap;

	fprintf(stderr, "etest%s%s: ", sep, name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\netest: try 'etest%s%s --help'\n", sep, name);
	return ET_EXIT_USAGE;
}
