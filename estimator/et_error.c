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

/* s on stderr with control characters shown as \xHH: a message may quote a log, which
 * must not drive the terminal. */
static void put_visible(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
}

void et_error_print(const struct et_error *err)
{
	fputs("etest: ", stderr);
	if (err->source[0]) {
		put_visible(err->source);
		if (err->line > 0)
			fprintf(stderr, ":%ld", err->line);
		fputs(": ", stderr);
	}
	put_visible(err->text);
	fputc('\n', stderr);
}

int et_error_name_source(struct et_error *err, const char *source)
{
	if (err && !err->source[0])
		snprintf(err->source, sizeof(err->source), "%s", source);
	return -1;
}
