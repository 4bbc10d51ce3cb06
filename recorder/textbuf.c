/* textbuf.c - growable text buffer for log lines: plain, CSV and JSON appenders.
 * The recorder writes each finished buffer with a single write(2). */
#include "textbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "et_logfmt.h"
#include "utf8.h"

void tb_reset(struct textbuf *tb)
{
	tb->len = 0;
	tb->oom = 0;
	if (tb->data)
		tb->data[0] = '\0';
}

void tb_release(struct textbuf *tb)
{
	free(tb->data);
	tb->data = NULL;
	tb->len = tb->cap = 0;
	tb->oom = 0;
}

/* Make room for `extra` more bytes plus a NUL. Returns 0, or -1 (tb->oom set). */
static int tb_grow(struct textbuf *tb, size_t extra)
{
	size_t need = tb->len + extra + 1;
	if (need <= tb->cap)
		return 0;
	size_t cap = tb->cap ? tb->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(tb->data, cap);
	if (!p) {
		tb->oom = 1;
		return -1;
	}
	tb->data = p;
	tb->cap = cap;
	return 0;
}

void tb_add(struct textbuf *tb, const char *s, size_t n)
{
	if (tb_grow(tb, n) < 0)
		return;
	memcpy(tb->data + tb->len, s, n);
	tb->len += n;
	tb->data[tb->len] = '\0';
}

void tb_adds(struct textbuf *tb, const char *s)
{
	tb_add(tb, s, strlen(s));
}

void tb_addc(struct textbuf *tb, char c)
{
	tb_add(tb, &c, 1);
}

void tb_addf(struct textbuf *tb, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		tb_add(tb, small, (size_t)n);
		return;
	}
	if (tb_grow(tb, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(tb->data + tb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tb->len += (size_t)n;
}

void tb_add_u64(struct textbuf *tb, unsigned long long v)
{
	char digits[24];
	size_t i = sizeof digits;
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tb_add(tb, digits + i, sizeof digits - i);
}

void tb_add_i64(struct textbuf *tb, long long v)
{
	if (v < 0) {
		tb_addc(tb, '-');
		tb_add_u64(tb, 0ULL - (unsigned long long)v);
	} else {
		tb_add_u64(tb, (unsigned long long)v);
	}
}

void tb_add_u64_or_na(struct textbuf *tb, unsigned long long v, int valid)
{
	if (valid)
		tb_add_u64(tb, v);
	else
		tb_adds(tb, ET_LOG_NA);
}

void tb_add_fixed_or_na(struct textbuf *tb, double v, int decimals, int valid)
{
	if (valid)
		tb_addf(tb, "%.*f", decimals, v);
	else
		tb_adds(tb, ET_LOG_NA);
}

void tb_add_utf8(struct textbuf *tb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		size_t k = utf8_seq_len(p, n);
		if (k == 0) {
			tb_adds(tb, UTF8_REPLACEMENT);
			k = 1;
		} else {
			tb_add(tb, (const char *)p, k);
		}
		p += k, n -= k;
	}
}

void tb_add_csv_text(struct textbuf *tb, const char *s)
{
	int quote = strpbrk(s, ",\"") != NULL;
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	if (quote)
		tb_addc(tb, '"');
	while (left) {
		size_t n = utf8_seq_len(p, left);
		if (n == 0) {
			tb_adds(tb, UTF8_REPLACEMENT);   /* not UTF-8: U+FFFD for the byte */
			n = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			tb_addc(tb, ' ');
		} else if (*p == '"') {
			tb_add(tb, "\"\"", 2);
		} else {
			tb_add(tb, (const char *)p, n);
		}
		p += n, left -= n;
	}
	if (quote)
		tb_addc(tb, '"');
}

void tb_add_json_string(struct textbuf *tb, const char *s, size_t max_bytes)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = max_bytes ? utf8_cut(s, max_bytes) : strlen(s);
	tb_addc(tb, '"');
	while (left) {
		if (*p == '"' || *p == '\\') {
			tb_addc(tb, '\\');
			tb_addc(tb, (char)*p);
			p++, left--;
		} else if (*p < 0x20 || *p == 0x7f) {
			tb_addf(tb, "\\u%04x", *p);
			p++, left--;
		} else {
			size_t n = utf8_seq_len(p, left);
			if (n == 0) {
				tb_adds(tb, UTF8_REPLACEMENT);   /* U+FFFD for an invalid byte */
				n = 1;
			} else {
				tb_add(tb, (const char *)p, n);
			}
			p += n, left -= n;
		}
	}
	tb_addc(tb, '"');
}
