/* cpu_lookup.c - the table look-up: etest's own three-step rule (exact, normalised,
 * unique best token match), dispatch to the tools' rules, and the per-table memo. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu_lookup.h"
#include "cpu_match.h"

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

void et_copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

void et_hw_name_normalise(const char *name, char *out, size_t outsz)
{
	char buf[NAME_LEN], *word, *save = NULL, *at;
	size_t used = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	et_copy_str(buf, sizeof(buf), name ? name : "");
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
	et_copy_str(buf, sizeof(buf), norm);
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

/* A maker's name: a row may name its vendor where the query does not (Green Algorithms'
 * "NVIDIA Tesla V100" for nvidia-smi's "Tesla V100-SXM2-32GB"). Any other word of the
 * row is part of the model's name and must be in the query. */
static int is_vendor_word(const char *w)
{
	static const char *const words[] = {"intel", "amd", "nvidia", "arm", "apple", "ibm",
					    "qualcomm", "ampere", "hygon", "zhaoxin", "via",
					    "samsung", "huawei", "hisilicon", "fujitsu", "marvell",
					    "cavium", NULL};
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
		else if (is_form_factor(r.t[i]) || is_vendor_word(r.t[i]))
			(*extra)++;
		else
			return -1;   /* a family word the query lacks ("celeron" for a Core i5) */
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

static int lookup_etest(const struct et_power_table *t, const char *name, struct et_match *m)
{
	char trimmed[NAME_LEN], norm[NAME_LEN], *s;
	const struct et_power_row *row = NULL;
	size_t n;

	et_copy_str(trimmed, sizeof(trimmed), name);
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
	return match_tokens(t, norm, m);
found:
	m->row = row;
	return 1;
}

/* The memo: an open-addressing hash of (rule, name) -> answer, bounded so that a month
 * of logs with ever new names cannot grow it without limit (past MEMO_MAX names, new
 * answers are computed and not kept). */
#define MEMO_SLOTS 1024   /* a power of two */
#define MEMO_MAX 512

struct memo_entry {
	char *name;               /* NULL: free slot */
	enum et_match_rule rule;
	long row;                 /* index in the table's rows, -1 for no row */
	enum et_match_kind kind;
	size_t candidates;
	int tool_zero_w;
};

struct et_lookup_memo {
	struct memo_entry slot[MEMO_SLOTS];
	size_t used;
};

struct et_lookup_memo *et_lookup_memo_new(void)
{
	return calloc(1, sizeof(struct et_lookup_memo));
}

void et_lookup_memo_free(struct et_lookup_memo *memo)
{
	if (!memo)
		return;
	for (size_t i = 0; i < MEMO_SLOTS; i++)
		free(memo->slot[i].name);
	free(memo);
}

/* FNV-1a of the rule and the name. */
static size_t memo_hash(enum et_match_rule rule, const char *name)
{
	uint32_t h = 2166136261u ^ (uint32_t)rule;

	h *= 16777619u;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
		h ^= *c;
		h *= 16777619u;
	}
	return h & (MEMO_SLOTS - 1);
}

/* The slot holding (rule, name), or the free slot where it would go, or NULL. */
static struct memo_entry *memo_slot(struct et_lookup_memo *memo, enum et_match_rule rule,
				    const char *name)
{
	size_t i = memo_hash(rule, name);

	for (size_t probe = 0; probe < MEMO_SLOTS; probe++, i = (i + 1) & (MEMO_SLOTS - 1)) {
		struct memo_entry *e = &memo->slot[i];
		if (!e->name || (e->rule == rule && strcmp(e->name, name) == 0))
			return e;
	}
	return NULL;
}

static int lookup_by_rule(const struct et_power_table *t, enum et_match_rule rule,
			  const char *name, struct et_match *m)
{
	struct memo_entry *e = NULL;
	int found;

	m->table = NULL;
	m->row = NULL;
	m->kind = ET_MATCH_NONE;
	m->candidates = 0;
	m->tool_zero_w = 0;
	if (!t || !name)
		return 0;
	if (t->memo) {
		e = memo_slot(t->memo, rule, name);
		if (e && e->name) {
			m->kind = e->kind;
			m->candidates = e->candidates;
			m->tool_zero_w = e->tool_zero_w;
			if (e->row < 0)
				return 0;
			m->table = t;
			m->row = &t->rows[e->row];
			return 1;
		}
	}
	switch (rule) {
	case ET_RULE_CODECARBON2:
		found = et_codecarbon2_match(t, name, m);
		break;
	case ET_RULE_ECO2AI:
		found = et_eco2ai_match(t, name, m);
		break;
	case ET_RULE_CARBONTRACKER:
		found = et_carbontracker_match(t, name, m);
		break;
	case ET_RULE_ETEST:
	default:
		found = lookup_etest(t, name, m);
		if (found)
			m->candidates = 1;
		break;
	}
	if (found)
		m->table = t;
	else
		m->kind = ET_MATCH_NONE;
	if (e && t->memo->used < MEMO_MAX) {
		e->name = strdup(name);
		if (e->name) {
			e->rule = rule;
			e->row = found ? (long)(m->row - t->rows) : -1;
			e->kind = m->kind;
			e->candidates = m->candidates;
			e->tool_zero_w = m->tool_zero_w;
			t->memo->used++;
		}
	}
	return found;
}

int et_power_lookup(const struct et_power_table *t, const char *name, struct et_match *m)
{
	return lookup_by_rule(t, t ? t->rule : ET_RULE_ETEST, name, m);
}

int et_power_lookup_etest(const struct et_power_table *t, const char *name, struct et_match *m)
{
	return lookup_by_rule(t, ET_RULE_ETEST, name, m);
}

int et_power_row_is_placeholder(const struct et_power_row *row)
{
	return !row || !has_digit(row->name);
}

const char *et_match_note(const struct et_match *m)
{
	if (m->kind != ET_MATCH_NONE)
		return NULL;
	if (m->tool_zero_w)
		return "eco2AI 0.3.12 itself takes 0 W here (no family or model number in the "
		       "name: find_tdp_value returns its constant_value argument, which eco2AI's "
		       "CPU class fills with ignore_warnings=False); etest keeps the unknown-CPU "
		       "constant";
	if (m->candidates > 1)
		return "several rows of CodeCarbon 2.2.4's table fit the name's token set equally, "
		       "and CodeCarbon 2.2.4 then takes none";
	return NULL;
}

const char *et_match_kind_name(enum et_match_kind kind)
{
	switch (kind) {
	case ET_MATCH_EXACT: return "exact name";
	case ET_MATCH_NORMALISED: return "normalised name";
	case ET_MATCH_TOKENS: return "token match";
	case ET_MATCH_TOKEN_SET: return "token-set match";
	case ET_MATCH_PATTERNS: return "patterns (largest TDP)";
	case ET_MATCH_SUBSTRING: return "substring of the name before @";
	case ET_MATCH_NONE: break;
	}
	return "none";
}
