/* cpu_lookup.c - CPU/GPU name normalisation and the three-step table look-up
 * (exact, normalised, unique best token match); see cpu_lookup.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cpu_lookup.h"

#define MAX_TOKENS 24
#define TOKEN_LEN 48
#define NAME_LEN 256

struct tokens {
	char t[MAX_TOKENS][TOKEN_LEN];
	size_t n;
};

/* Replace every occurrence of needle (lowercase ASCII or UTF-8 bytes) in s by a space. */
static void blank_out(char *s, const char *needle)
{
	size_t len = strlen(needle);
	char *hit;

	while ((hit = strstr(s, needle)) != NULL) {
		memset(hit, ' ', len);
	}
}

static int has_digit(const char *s)
{
	for (; *s; s++)
		if (isdigit((unsigned char)*s))
			return 1;
	return 0;
}

static size_t count_digits(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += isdigit((unsigned char)*s) != 0;
	return n;
}

/* "64-core", "8-core": a core count written into the marketing name. */
static int is_core_count_word(const char *w)
{
	const char *p = w;

	while (isdigit((unsigned char)*p))
		p++;
	return p != w && strcmp(p, "-core") == 0;
}

/* "2.10ghz", "3ghz": a clock frequency. */
static int is_clock_word(const char *w)
{
	size_t n = strlen(w);

	return n > 3 && strcmp(w + n - 3, "ghz") == 0 && isdigit((unsigned char)w[0]);
}

static int is_dropped_word(const char *w)
{
	return strcmp(w, "cpu") == 0 || strcmp(w, "processor") == 0
	       || is_core_count_word(w) || is_clock_word(w);
}

void et_hw_name_normalise(const char *name, char *out, size_t outsz)
{
	char buf[NAME_LEN], *word, *save = NULL, *at;
	size_t used = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", name ? name : "");
	for (char *c = buf; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	blank_out(buf, "(r)");
	blank_out(buf, "(tm)");
	blank_out(buf, "\xc2\xae");       /* ® */
	blank_out(buf, "\xe2\x84\xa2");   /* ™ */
	at = strchr(buf, '@');
	if (at)
		*at = '\0';
	for (word = strtok_r(buf, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
		size_t len = strlen(word);
		if (is_dropped_word(word))
			continue;
		if (used + (used ? 1 : 0) + len + 1 > outsz)
			break;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, word, len);
		used += len;
		out[used] = '\0';
	}
}

/* Split a normalised name into tokens on spaces and punctuation. */
static void tokenise(const char *norm, struct tokens *tk)
{
	char buf[NAME_LEN], *word, *save = NULL;

	tk->n = 0;
	snprintf(buf, sizeof(buf), "%s", norm);
	for (word = strtok_r(buf, " -_/,()", &save); word && tk->n < MAX_TOKENS;
	     word = strtok_r(NULL, " -_/,()", &save))
		snprintf(tk->t[tk->n++], TOKEN_LEN, "%s", word);
}

static int tokens_have(const struct tokens *tk, const char *w)
{
	for (size_t i = 0; i < tk->n; i++)
		if (strcmp(tk->t[i], w) == 0)
			return 1;
	return 0;
}

/* The query token with the most digits (the model number), or NULL if none has one. */
static const char *key_token(const struct tokens *q)
{
	const char *best = NULL;
	size_t best_digits = 0;

	for (size_t i = 0; i < q->n; i++) {
		size_t d = count_digits(q->t[i]);
		if (d > best_digits) {
			best_digits = d;
			best = q->t[i];
		}
	}
	return best;
}

/* A GPU board's form factor: the same chip draws different power as PCIe or SXM
 * (A100: 250 W PCIe, 400 W SXM4), so a row of one form factor never stands for another. */
static int is_form_factor(const char *w)
{
	static const char *const words[] = {"pcie", "sxm", "sxm2", "sxm3", "sxm4", "sxm5",
					    "nvl", "mxm", NULL};
	for (int i = 0; words[i]; i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

static int tokens_have_form_factor(const struct tokens *tk)
{
	for (size_t i = 0; i < tk->n; i++)
		if (is_form_factor(tk->t[i]))
			return 1;
	return 0;
}

/* Score of row against the query: shared tokens, or -1 if the row is not a candidate. */
static int token_score(const struct tokens *q, const char *key, const char *row_norm, int *extra)
{
	struct tokens r;
	int shared = 0;

	tokenise(row_norm, &r);
	if (!tokens_have(&r, key))
		return -1;
	*extra = 0;
	for (size_t i = 0; i < r.n; i++) {
		if (tokens_have(q, r.t[i]))
			shared++;
		else if (has_digit(r.t[i]))
			return -1;   /* a model number the query does not have */
		else if (is_form_factor(r.t[i]) && tokens_have_form_factor(q))
			return -1;   /* another form factor than the query's */
		else
			(*extra)++;
	}
	return shared;
}

/* Keep the row with the largest watts among rows whose key equals. */
static const struct et_power_row *pick_larger(const struct et_power_row *cur,
					      const struct et_power_row *cand)
{
	return (!cur || cand->watts > cur->watts) ? cand : cur;
}

static int match_tokens(const struct et_power_table *t, const char *norm, struct et_match *m)
{
	struct tokens q;
	const struct et_power_row *best = NULL;
	const char *key;
	int best_score = -1, best_extra = 0, ambiguous = 0;

	tokenise(norm, &q);
	key = key_token(&q);
	if (!key)
		return 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct et_power_row *row = &t->rows[i];
		int extra = 0, score = token_score(&q, key, row->norm, &extra);
		if (score < 0)
			continue;
		if (score > best_score || (score == best_score && extra < best_extra)) {
			best = row;
			best_score = score;
			best_extra = extra;
			ambiguous = 0;
		} else if (score == best_score && extra == best_extra) {
			if (strcmp(row->norm, best->norm) == 0)
				best = pick_larger(best, row);
			else
				ambiguous = 1;
		}
	}
	if (!best || ambiguous)
		return 0;
	m->row = best;
	m->kind = ET_MATCH_TOKENS;
	return 1;
}

int et_power_lookup(const struct et_power_table *t, const char *name, struct et_match *m)
{
	char trimmed[NAME_LEN], norm[NAME_LEN], *s;
	const struct et_power_row *row = NULL;
	size_t n;

	m->table = NULL;
	m->row = NULL;
	m->kind = ET_MATCH_NONE;
	if (!t || !name)
		return 0;
	snprintf(trimmed, sizeof(trimmed), "%s", name);
	s = trimmed;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	if (!*s)
		return 0;

	for (size_t i = 0; i < t->n_rows; i++)
		if (strcasecmp(t->rows[i].name, s) == 0)
			row = pick_larger(row, &t->rows[i]);
	if (row) {
		m->kind = ET_MATCH_EXACT;
		goto found;
	}
	et_hw_name_normalise(s, norm, sizeof(norm));
	if (!*norm)
		return 0;
	for (size_t i = 0; i < t->n_rows; i++)
		if (strcmp(t->rows[i].norm, norm) == 0)
			row = pick_larger(row, &t->rows[i]);
	if (row) {
		m->kind = ET_MATCH_NORMALISED;
		goto found;
	}
	if (match_tokens(t, norm, m)) {
		m->table = t;
		return 1;
	}
	return 0;
found:
	m->table = t;
	m->row = row;
	return 1;
}

const char *et_match_kind_name(enum et_match_kind kind)
{
	switch (kind) {
	case ET_MATCH_EXACT: return "exact name";
	case ET_MATCH_NORMALISED: return "normalised name";
	case ET_MATCH_TOKENS: return "token match";
	case ET_MATCH_NONE: break;
	}
	return "none";
}
