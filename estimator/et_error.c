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

void et_error_print(const struct et_error *err)
{
	if (err->source[0] && err->line > 0)
		fprintf(stderr, "etest: %s:%ld: %s\n", err->source, err->line, err->text);
	else if (err->source[0])
		fprintf(stderr, "etest: %s: %s\n", err->source, err->text);
	else
		fprintf(stderr, "etest: %s\n", err->text);
}

int et_error_name_source(struct et_error *err, const char *source)
{
	if (err && !err->source[0])
		snprintf(err->source, sizeof(err->source), "%s", source);
	return -1;
}
