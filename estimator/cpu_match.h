/* cpu_match.h - the tools' own table-matching rules behind et_power_lookup (internal to
 * cpu_lookup.c): CodeCarbon 2.2.4 (cpu_match_codecarbon2.c), eco2AI 0.3.12
 * (cpu_match_eco2ai.c), carbontracker 2.3.1 (cpu_match_carbontracker.c). */
#ifndef ET_CPU_MATCH_H
#define ET_CPU_MATCH_H

#include "cpu_lookup.h"

/* Each fills m->row, m->kind, m->candidates (and m->tool_zero_w) and returns 1 when a
 * row is taken, else 0; a row's tokens (CodeCarbon) or patterns (eco2AI) are made from
 * its name when the rule's last step needs them (each name is looked up once per table:
 * the memo). m->table is left to the caller. */
int et_codecarbon2_match(const struct et_power_table *t, const char *name, struct et_match *m);
int et_eco2ai_match(const struct et_power_table *t, const char *name, struct et_match *m);
int et_carbontracker_match(const struct et_power_table *t, const char *name, struct et_match *m);

/* Split a list of words separated by sep (in place, in buf) into at most max words;
 * returns how many. Shared by both rules. */
size_t et_split_words(char *buf, char sep, const char **words, size_t max);

/* Sort words[0..n-1] (in place), drop repeats, and join them with sep into out (size
 * outsz, always terminated; words that no longer fit are left out). Shared by both
 * rules: a name's tokens (CodeCarbon) and patterns (eco2AI) as a set. */
void et_join_sorted_unique(const char **words, size_t n, char sep, char *out, size_t outsz);

#endif
