/* cpu_match_codecarbon2.c - CodeCarbon 2.2.4's CPU matching (core/cpu.py TDP): the name
 * equal to a row ignoring case, else the one row whose token set fits the name's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu_match.h"

#define MAX_WORDS 64
#define KEY_LEN 512

size_t et_split_words(char *buf, char sep, const char **words, size_t max)
{
	size_t n = 0;
	char *p = buf;

	while (*p && n < max) {
		char *end = strchr(p, sep);
		if (end)
			*end = '\0';
		if (*p)
			words[n++] = p;
		if (!end)
			break;
		p = end + 1;
	}
	return n;
}

/* Length of the UTF-8 sequence starting at s (1 for a byte that starts none) and its
 * code point. */
static size_t utf8_next(const unsigned char *s, unsigned long *cp)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;

	if (len == 1) {
		*cp = s[0];
		return 1;
	}
	*cp = s[0] & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = s[0];
			return 1;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

static int cmp_words(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void et_join_sorted_unique(const char **words, size_t n, char sep, char *out, size_t outsz)
{
	size_t used = 0, k = 0;

	if (outsz)
		out[0] = '\0';
	qsort(words, n, sizeof(words[0]), cmp_words);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		if (i > 0 && strcmp(words[i], words[i - 1]) == 0)
			continue;
		if (used + (k ? 1 : 0) + len + 1 > outsz)
			break;
		if (k++)
			out[used++] = sep;
		memcpy(out + used, words[i], len);
		used += len;
		out[used] = '\0';
	}
}

void et_codecarbon2_tokens(const char *name, char *out, size_t outsz)
{
	char buf[KEY_LEN];
	const char *words[MAX_WORDS];
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t used = 0, n;

	if (outsz == 0)
		return;
	out[0] = '\0';
	/* full_process: asciidammit drops U+0080..U+00FF ("®" goes without a space); \W
	 * becomes a space; lowercase. Beyond U+00FF, letter-like and punctuation blocks
	 * ("™", U+2000..U+214F) are not word characters; other code points are kept as
	 * letters (CPU names are ASCII). */
	while (*s && used + 5 < sizeof(buf)) {
		unsigned long cp;
		size_t len = utf8_next(s, &cp);
		if (cp < 0x80) {
			buf[used++] = (isalnum(*s) || *s == '_') ? (char)tolower(*s) : ' ';
		} else if (cp <= 0xff && len > 1) {
			/* dropped */
		} else if (len == 1 || (cp >= 0x2000 && cp <= 0x214f)) {
			buf[used++] = ' ';
		} else {
			memcpy(buf + used, s, len);
			used += len;
		}
		s += len;
	}
	buf[used] = '\0';
	n = et_split_words(buf, ' ', words, MAX_WORDS);
	et_join_sorted_unique(words, n, ' ', out, outsz);
}

/* 1 when every word of a (sorted, unique) is in b (sorted, unique). */
static int words_subset(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t j = 0;

	for (size_t i = 0; i < na; i++) {
		int c = 1;
		while (j < nb && (c = strcmp(b[j], a[i])) < 0)
			j++;
		if (j == nb || c != 0)
			return 0;
		j++;
	}
	return 1;
}

int et_codecarbon2_match(const struct et_power_table *t, const char *name, struct et_match *m)
{
	char qbuf[KEY_LEN], rbuf[KEY_LEN];
	const char *q[MAX_WORDS], *r[MAX_WORDS];
	const struct et_power_row *hit = NULL;
	size_t nq, hits = 0;

	/* An empty brand string: CodeCarbon's "unable to detect your CPU", no look-up. */
	if (!*name)
		return 0;
	/* "Direct": fuzz.ratio of the lowercased strings reaches 100 only for equal strings
	 * (below 200 characters); the first such row of the file. */
	for (size_t i = 0; i < t->n_rows; i++) {
		if (strcasecmp(t->rows[i].name, name) == 0) {
			m->row = &t->rows[i];
			m->kind = ET_MATCH_EXACT;
			m->candidates = 1;
			return 1;
		}
	}
	/* token_set_ratio 100: the intersection of the two token sets equals one of them,
	 * i.e. one set holds the other. More than one such row (even two rows of the same
	 * name): CodeCarbon 2.2.4 is not greedy and takes none. */
	et_codecarbon2_tokens(name, qbuf, sizeof(qbuf));
	nq = et_split_words(qbuf, ' ', q, MAX_WORDS);
	if (nq == 0)
		return 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		size_t nr;
		/* the row's tokens, made here: most names are found before this step */
		et_codecarbon2_tokens(t->rows[i].name, rbuf, sizeof(rbuf));
		nr = et_split_words(rbuf, ' ', r, MAX_WORDS);
		if (nr == 0)
			continue;
		if (words_subset(q, nq, r, nr) || words_subset(r, nr, q, nq)) {
			hits++;
			hit = &t->rows[i];
		}
	}
	m->candidates = hits;
	if (hits != 1)
		return 0;
	m->row = hit;
	m->kind = ET_MATCH_TOKEN_SET;
	return 1;
}
