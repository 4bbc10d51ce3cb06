/* cpu_lookup.h - finding a CPU or GPU name in a power table: exact name, then the
 * normalised name, then a unique best token match; says which row matched and how. */
#ifndef ET_CPU_LOOKUP_H
#define ET_CPU_LOOKUP_H

#include <stddef.h>

#include "et_power_tables.h"

enum et_match_kind {
	ET_MATCH_NONE,        /* no row */
	ET_MATCH_EXACT,       /* the name as written, ignoring case */
	ET_MATCH_NORMALISED,  /* equal after et_hw_name_normalise */
	ET_MATCH_TOKENS       /* the unique best token match */
};

struct et_match {
	const struct et_power_table *table;   /* borrowed; NULL when kind is ET_MATCH_NONE */
	const struct et_power_row *row;       /* borrowed from table */
	enum et_match_kind kind;
};

/* Write into out (outsz bytes, always NUL-terminated) the normalised form of name:
 * lowercase; "(R)", "(TM)", "®", "™" removed; cut at "@" (the "@ 2.10GHz" clock); the
 * words "cpu", "processor", "N-core" and "x.xxGHz" dropped; single spaces. */
void et_hw_name_normalise(const char *name, char *out, size_t outsz);

/* Look name up in t. Exact name, then normalised name (several equal rows: the largest
 * watts, as eco2AI does), then tokens: the query's token with the most digits (the model
 * number) must be in the row, every row token with a digit must be in the query, a row
 * naming a GPU form factor (PCIe, SXM4...) other than the query's is out, and the
 * row sharing the most tokens wins if it is the only one (ties between different names:
 * no match). Returns 1 and fills *m when a row matched, else 0 with m->kind NONE. */
int et_power_lookup(const struct et_power_table *t, const char *name, struct et_match *m);

/* "exact name", "normalised name", "token match" or "none". Never NULL. */
const char *et_match_kind_name(enum et_match_kind kind);

#endif
