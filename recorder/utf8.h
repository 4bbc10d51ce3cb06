/* utf8.h - UTF-8 text for the log and the terminal: sequence validity, cuts on
 * character boundaries, and a visible form of control characters and invalid bytes. */
#ifndef ETREC_UTF8_H
#define ETREC_UTF8_H

#include <stddef.h>
#include <stdio.h>

/* The replacement character U+FFFD, written for each byte that is not valid UTF-8. */
#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/* Length of the valid UTF-8 sequence starting at p (at most `left` bytes, left >= 1),
 * or 0 if p does not start one (overlong forms and surrogates are invalid). */
size_t utf8_seq_len(const unsigned char *p, size_t left);

/* The longest prefix of s of at most max bytes that does not end inside a valid
 * multibyte character (an invalid byte counts as a character of its own). */
size_t utf8_cut(const char *s, size_t max);

/* Copy src into dst (cap >= 1 bytes, always NUL-terminated), cut by utf8_cut. */
void utf8_copy(char *dst, size_t cap, const char *src);

/* After a truncating snprintf into s: drop a multibyte character that was cut in two
 * at the end of s (only one that the cut made incomplete: its lead byte is valid). */
void utf8_trim_cut(char *s);

/* Write s to out as a terminal shows it safely: C0 and C1 control characters, DEL and
 * bytes that are not valid UTF-8 as \xNN; everything else as it is. */
void utf8_fput_visible(const char *s, FILE *out);

#endif
