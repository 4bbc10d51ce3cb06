/* cpu_lookup.h - finding a CPU or GPU name in a power table, by the table's rule: etest's
 * own (exact, normalised, unique token match) or CodeCarbon 2.2.4's or eco2AI 0.3.12's. */
#ifndef ET_CPU_LOOKUP_H
#define ET_CPU_LOOKUP_H

#include <stddef.h>

#include "et_power_tables.h"

enum et_match_kind {
	ET_MATCH_NONE,        /* no row */
	ET_MATCH_EXACT,       /* the name as written, ignoring case (CodeCarbon 2.2.4: its
	                       * "direct" match, the first such row) */
	ET_MATCH_NORMALISED,  /* equal after the rule's clean-up (etest: et_hw_name_normalise;
	                       * eco2AI: et_eco2ai_clean_name, case kept, largest TDP) */
	ET_MATCH_TOKENS,      /* etest: the unique best token match */
	ET_MATCH_TOKEN_SET,   /* CodeCarbon 2.2.4: the only row whose token set holds the
	                       * name's or is held in it (fuzzywuzzy token_set_ratio 100) */
	ET_MATCH_PATTERNS,    /* eco2AI: among the rows sharing the most patterns with the
	                       * name, the largest TDP */
	ET_MATCH_SUBSTRING    /* carbontracker: the name before "@", stripped, inside the
	                       * row's name, the first such row */
};

struct et_match {
	const struct et_power_table *table;   /* borrowed; NULL when kind is ET_MATCH_NONE */
	const struct et_power_row *row;       /* borrowed from table */
	enum et_match_kind kind;
	size_t candidates;   /* rows that fitted as well as the one taken (1 for a single
	                      * row); when kind is NONE, the rows that fitted but were refused
	                      * (CodeCarbon 2.2.4: several token-set matches), else 0 */
	int tool_zero_w;     /* 1 when eco2AI 0.3.12 itself would take 0 W (a name with no
	                      * family and no model number: see docs/models.md); kind is NONE */
};

/* Copy src into dst (size bytes, size > 0), cut to fit and always terminated: what
 * snprintf(dst, size, "%s", src) writes, without its cost in the table loops. */
void et_copy_str(char *dst, size_t size, const char *src);

/* Write into out (outsz bytes, always NUL-terminated) the normalised form of name:
 * lowercase; "(R)", "(TM)", "®", "™" removed; cut at "@" (the "@ 2.10GHz" clock); the
 * words "cpu", "processor", "N-core" and "x.xxGHz" dropped; single spaces. */
void et_hw_name_normalise(const char *name, char *out, size_t outsz);

/* Look name up in t by t's rule (t->rule), remembering the answer in t->memo. Returns 1
 * and fills *m when a row matched, else 0 with m->kind NONE. Rules:
 * - ET_RULE_ETEST: exact name, then normalised name (several equal rows: the largest
 *   watts), then tokens: the query's token with the most digits (the model number) must
 *   be in the row, every row token with a digit must be in the query, every other row
 *   word must be in the query unless it is a vendor ("intel", "nvidia"...) or a GPU form
 *   factor (PCIe, SXM4...) the query does not name, a row naming another form factor
 *   than the query's is out, and the row sharing the most tokens wins if it is the only
 *   one (ties between different names: no match).
 * - ET_RULE_CODECARBON2, ET_RULE_ECO2AI, ET_RULE_CARBONTRACKER: the tools' rules
 *   (docs/models.md). */
int et_power_lookup(const struct et_power_table *t, const char *name, struct et_match *m);

/* The same with etest's own rule whatever t->rule (the GA per-core derivation). */
int et_power_lookup_etest(const struct et_power_table *t, const char *name, struct et_match *m);

/* 1 when row is a generic placeholder rather than a CPU model: its name has no digit
 * (eco2AI's "Intel Xeon", CodeCarbon's "Intel Aubrey Isle"). */
int et_power_row_is_placeholder(const struct et_power_row *row);

/* CodeCarbon 2.2.4's token set of name (fuzzywuzzy full_process: characters U+0080 to
 * U+00FF dropped, every other character but a letter, digit or "_" a space, lowercase),
 * sorted, each token once, separated by single spaces, into out (always terminated). */
void et_codecarbon2_tokens(const char *name, char *out, size_t outsz);

/* eco2AI 0.3.12's clean-up of name (transform_cpu_name): "(R)", "®", "™", "(TM)",
 * everything from "@", any word holding "GHz", "[...]", " N-Core" (one digit) and
 * "(...)" removed, scanning left to right; then the words holding "CPU" or "Processor"
 * (case kept) dropped and the rest joined with single spaces. */
void et_eco2ai_clean_name(const char *name, char *out, size_t outsz);

/* eco2AI's patterns of a (cleaned or table) name: every word holding a digit and every
 * family found left to right ("Ryzen Threadripper", "Ryzen", "EPYC", "Athlon", "Xeon
 * Gold", "Xeon Bronze", "Xeon Silver", "Xeon Platinum", "Xeon", "Core", "Celeron",
 * "Atom", "Pentium", case kept, also inside words), sorted, each once, separated by
 * '\n', into out (always terminated; empty when there is none). */
void et_eco2ai_patterns(const char *name, char *out, size_t outsz);

/* A new, empty memo for a table (NULL when out of memory: look-ups then go unremembered),
 * and its release (accepts NULL). */
struct et_lookup_memo *et_lookup_memo_new(void);
void et_lookup_memo_free(struct et_lookup_memo *memo);

/* Why no row was taken, in the tool's terms, when that is more than "not in the table"
 * (eco2AI's 0 W branch, CodeCarbon 2.2.4's refused ambiguous match); static text, NULL
 * when there is nothing to add or a row matched. */
const char *et_match_note(const struct et_match *m);

/* "exact name", "normalised name", "token match", "token-set match", "patterns (largest
 * TDP)", "substring of the name before @" or "none". Never NULL. */
const char *et_match_kind_name(enum et_match_kind kind);

#endif
