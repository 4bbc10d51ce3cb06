/* et_error.c - filling struct et_error (see et_error.h). */
#include <stdio.h>
#include <string.h>

#include "et_error.h"

int et_error_set(struct et_error *err, const char *source, long line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return -1;
}
