/* textbuf.h - a growable text buffer that builds one log line at a time,
 * with the CSV and JSON appenders the recorder needs (libc only, no stdio streams). */
#ifndef ETREC_TEXTBUF_H
#define ETREC_TEXTBUF_H

#include <stddef.h>

struct textbuf {
	char *data;     /* NUL-terminated while len < cap; owned by the buffer */
	size_t len;     /* bytes used, without the NUL */
	size_t cap;     /* bytes allocated */
	int oom;        /* set when an allocation failed: the content is incomplete */
};
#define TEXTBUF_INIT { NULL, 0, 0, 0 }

/* Empty the buffer, keeping its memory. */
void tb_reset(struct textbuf *tb);
/* Free the memory; the buffer is empty and usable again afterwards. */
void tb_release(struct textbuf *tb);

/* Appenders. None of them fails loudly: on allocation failure they set tb->oom and
 * leave the buffer as it was, so a caller checks tb->oom once before using the line. */
void tb_add(struct textbuf *tb, const char *s, size_t n);
void tb_adds(struct textbuf *tb, const char *s);
void tb_addc(struct textbuf *tb, char c);
void tb_addf(struct textbuf *tb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tb_add_u64(struct textbuf *tb, unsigned long long v);
void tb_add_i64(struct textbuf *tb, long long v);
/* Unsigned value, or ET_LOG_NA when valid is 0. */
void tb_add_u64_or_na(struct textbuf *tb, unsigned long long v, int valid);
/* Fixed-point number with `decimals` digits, or ET_LOG_NA when valid is 0. */
void tb_add_fixed_or_na(struct textbuf *tb, double v, int decimals, int valid);

/* s[0..n) with each byte that is not valid UTF-8 replaced by U+FFFD, nothing escaped. */
void tb_add_utf8(struct textbuf *tb, const char *s, size_t n);

/* One CSV text field (RFC 4180): control characters become spaces, bytes that are not
 * valid UTF-8 become U+FFFD, and the field is quoted with '"' (inner quotes doubled)
 * when it contains ',' or '"'. */
void tb_add_csv_text(struct textbuf *tb, const char *s);

/* A JSON string literal with its quotes. Escapes '"', '\\' and control characters;
 * bytes that are not valid UTF-8 become U+FFFD, so the output is always valid UTF-8.
 * At most max_bytes input bytes are taken (0: no limit), cut on a character boundary. */
void tb_add_json_string(struct textbuf *tb, const char *s, size_t max_bytes);

#endif
