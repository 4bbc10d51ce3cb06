/* cpu_match_eco2ai.c - eco2AI 0.3.12's CPU matching (tools_cpu.py find_tdp_value): the
 * cleaned name equal to a row, else the rows sharing the most patterns, largest TDP. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_match.h"

#define NAME_LEN 256
#define KEY_LEN 512
#define MAX_PATTERNS 64

static int starts_with(const char *s, const char *prefix)
{
	return !prefix[0] || (s[0] == prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0);
}

/* Bytes of the whitespace character at s in Python's sense of "\s" on str (ASCII
 * whitespace, U+001C..U+001F, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000), else 0. eco2AI's table writes a no-break space in some names. */
static size_t space_len(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;

	if (isspace(s[0]) || (s[0] >= 0x1c && s[0] <= 0x1f))
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8
					     || s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* End of the run of non-space characters starting at s. */
static const char *run_end(const char *s)
{
	while (*s && !space_len(s))
		s++;
	return s;
}

/* The last c at or after s before a newline (Python's "." stops there), or NULL. */
static const char *last_before_newline(const char *s, char c)
{
	const char *last = NULL;

	for (; *s && *s != '\n'; s++)
		if (*s == c)
			last = s;
	return last;
}

/* One left-to-right pass of transform_cpu_name's regular expression, whose alternatives
 * are tried in this order at each position: "(R)", "®", "™", "(TM)", "@.*", "\S*GHz\S*",
 * "\[.*\]", " \d-Core", "\(.*\)". Writes what is left into out. */
static void strip_waste(const char *s, char *out, size_t outsz)
{
	size_t used = 0;

	while (*s) {
		const char *end;
		if (starts_with(s, "(R)") || starts_with(s, "(TM)")) {
			s += s[1] == 'R' ? 3 : 4;
			continue;
		}
		if (starts_with(s, "\xc2\xae") || starts_with(s, "\xe2\x84\xa2")) {
			s += s[0] == '\xc2' ? 2 : 3;
			continue;
		}
		if (*s == '@') {
			while (*s && *s != '\n')
				s++;
			continue;
		}
		if (!space_len(s)) {
			/* "\S*GHz\S*" from here: the rest of this word, if it holds "GHz" */
			const char *e = run_end(s), *g = strstr(s, "GHz");
			if (g && g + 3 <= e) {
				s = e;
				continue;
			}
		}
		if (*s == '[' && (end = last_before_newline(s + 1, ']')) != NULL) {
			s = end + 1;
			continue;
		}
		if (*s == ' ' && isdigit((unsigned char)s[1]) && starts_with(s + 2, "-Core")) {
			s += 7;
			continue;
		}
		if (*s == '(' && (end = last_before_newline(s + 1, ')')) != NULL) {
			s = end + 1;
			continue;
		}
		if (used + 1 < outsz)
			out[used++] = *s;
		s++;
	}
	out[used] = '\0';
}

void et_eco2ai_clean_name(const char *name, char *out, size_t outsz)
{
	char buf[NAME_LEN];
	const char *words[MAX_PATTERNS];
	size_t n, used = 0, k = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	strip_waste(name ? name : "", buf, sizeof(buf));
	/* re.split(" ") then drop "" and every word holding "CPU" or "Processor" */
	n = et_split_words(buf, ' ', words, MAX_PATTERNS);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		if (strstr(words[i], "CPU") || strstr(words[i], "Processor"))
			continue;
		if (used + (k ? 1 : 0) + len + 1 > outsz)
			break;
		if (k++)
			out[used++] = ' ';
		memcpy(out + used, words[i], len);
		used += len;
		out[used] = '\0';
	}
}

/* get_patterns' family alternatives, in the order the regular expression tries them. */
static const char *const families[] = {
	"Ryzen Threadripper", "Ryzen", "EPYC", "Athlon", "Xeon Gold", "Xeon Bronze",
	"Xeon Silver", "Xeon Platinum", "Xeon", "Core", "Celeron", "Atom", "Pentium", NULL
};

void et_eco2ai_patterns(const char *name, char *out, size_t outsz)
{
	char buf[NAME_LEN];
	const char *pats[MAX_PATTERNS];
	size_t n = 0;
	const char *s = name ? name : "";

	if (outsz == 0)
		return;
	out[0] = '\0';
	/* every whitespace-separated word holding a digit ("\S*\d+\S*") */
	et_copy_str(buf, sizeof(buf), s);
	for (char *w = buf; *w && n < MAX_PATTERNS;) {
		char *e = (char *)run_end(w);
		size_t sp;
		int digit = 0;
		for (const char *c = w; c < e; c++)
			digit |= isdigit((unsigned char)*c) != 0;
		if (digit)
			pats[n++] = w;
		if (!*e)
			break;
		sp = space_len(e);
		*e = '\0';
		w = e + sp;
		while ((sp = space_len(w)) != 0)
			w += sp;
	}
	/* every family, found left to right without overlap, also inside a word */
	while (*s && n < MAX_PATTERNS) {
		int hit = 0;
		for (int f = 0; families[f]; f++) {
			if (starts_with(s, families[f])) {
				pats[n++] = families[f];
				s += strlen(families[f]);
				hit = 1;
				break;
			}
		}
		if (!hit)
			s++;
	}
	et_join_sorted_unique(pats, n, '\n', out, outsz);
}

/* How many of the (sorted, unique) patterns a are in b (sorted, unique). */
static size_t shared_count(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		int c = strcmp(a[i], b[j]);
		if (c == 0) {
			n++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

int et_eco2ai_match(const struct et_power_table *t, const char *name, struct et_match *m)
{
	char clean[NAME_LEN], qbuf[KEY_LEN], rbuf[KEY_LEN];
	const char *q[MAX_PATTERNS], *r[MAX_PATTERNS];
	const struct et_power_row *best = NULL;
	size_t nq, best_shared = 0, n_best = 0;

	et_eco2ai_clean_name(name, clean, sizeof(clean));
	/* The cleaned name equal to a row's cell as written (case kept, cells with spaces
	 * around never equal); several: the largest TDP (find_max_tdp). */
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct et_power_row *row = &t->rows[i];
		if (!row->padded && strcmp(row->name, clean) == 0) {
			n_best++;
			if (!best || row->watts > best->watts)
				best = row;
		}
	}
	if (best) {
		m->row = best;
		m->kind = ET_MATCH_NORMALISED;
		m->candidates = n_best;
		return 1;
	}
	et_eco2ai_patterns(clean, qbuf, sizeof(qbuf));
	nq = et_split_words(qbuf, '\n', q, MAX_PATTERNS);
	if (nq == 0) {
		/* find_tdp_value returns its constant_value here, which eco2AI's CPU class
		 * passes as ignore_warnings (False): 0 W. etest does not follow (see note). */
		m->tool_zero_w = 1;
		return 0;
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct et_power_row *row = &t->rows[i];
		size_t nr, shared;
		/* the row's patterns, made here: most names are found before this step */
		et_eco2ai_patterns(row->name, rbuf, sizeof(rbuf));
		if (!rbuf[0])
			continue;
		nr = et_split_words(rbuf, '\n', r, MAX_PATTERNS);
		shared = shared_count(q, nq, r, nr);
		if (shared == 0)
			continue;
		if (shared > best_shared) {
			best_shared = shared;
			best = row;
			n_best = 1;
		} else if (shared == best_shared) {
			n_best++;
			if (row->watts > best->watts)
				best = row;
		}
	}
	if (!best)
		return 0;   /* no row shares a pattern: CONSTANT_CONSUMPTION */
	m->row = best;
	m->kind = ET_MATCH_PATTERNS;
	m->candidates = n_best;
	return 1;
}
