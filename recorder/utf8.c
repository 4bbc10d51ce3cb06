/* utf8.c - validate UTF-8 sequences, cut text on character boundaries, and print text
 * with its control characters and invalid bytes made visible (\xNN). */
#include "utf8.h"

#include <string.h>

size_t utf8_seq_len(const unsigned char *p, size_t left)
{
	size_t n;
	unsigned min, cp;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) { n = 2; cp = p[0] & 0x1f; min = 0x80; }
	else if ((p[0] & 0xf0) == 0xe0) { n = 3; cp = p[0] & 0x0f; min = 0x800; }
	else if ((p[0] & 0xf8) == 0xf0) { n = 4; cp = p[0] & 0x07; min = 0x10000; }
	else return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t utf8_cut(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strnlen(s, max + 4);      /* a character is at most 4 bytes */
	if (len <= max)
		return len;
	size_t i = 0;
	while (i < max) {
		size_t n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			n = 1;
		if (i + n > max)
			break;
		i += n;
	}
	return i;
}

void utf8_copy(char *dst, size_t cap, const char *src)
{
	size_t n = utf8_cut(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void utf8_trim_cut(char *s)
{
	size_t len = strlen(s);
	/* Look back over at most 3 continuation bytes for the lead byte of the last character. */
	for (size_t back = 1; back <= 4 && back <= len; back++) {
		unsigned char c = (unsigned char)s[len - back];
		if ((c & 0xc0) == 0x80)
			continue;
		size_t need = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
		if (need > back)
			s[len - back] = '\0';
		return;
	}
}

void utf8_fput_visible(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left) {
		size_t n = utf8_seq_len(p, left);
		/* C1 controls U+0080..U+009F are 0xc2 0x80..0x9f: some terminals obey them. */
		int control = n == 1 ? (*p < 0x20 || *p == 0x7f) : n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
		if (n == 0)
			n = 1, control = 1;
		for (size_t i = 0; i < n; i++) {
			if (control)
				fprintf(out, "\\x%02x", p[i]);
			else
				putc(p[i], out);
		}
		p += n, left -= n;
	}
}
