/* et_power_tables.h - the CPU and GPU power tables of data/power/ (Green Algorithms,
 * CodeCarbon 2.2.4 and 3.3.0, eco2AI, carbontracker) loaded into memory once, for the
 * models' TDP look-ups. */
#ifndef ET_POWER_TABLES_H
#define ET_POWER_TABLES_H

#include <stddef.h>

#include "et_error.h"

struct et_lookup_memo;   /* cpu_lookup.c */
struct et_str_block;     /* power_tables.c: the strings of a loaded table's rows */

/* How a table's names are matched (cpu_lookup.h): etest's own rule, or a tool's. */
enum et_match_rule {
	ET_RULE_ETEST,        /* exact, normalised, unique best token match */
	ET_RULE_CODECARBON2,  /* CodeCarbon 2.2.4: lowercase equal, then a unique token-set match */
	ET_RULE_ECO2AI,       /* eco2AI 0.3.12: cleaned name equal, then family/model patterns */
	ET_RULE_CARBONTRACKER /* carbontracker 2.3.1: the name as written, then the part before
	                       * "@" inside a row's name */
};

/* One row of a power table. */
struct et_power_row {
	char *name;        /* the model name as written in the file (trimmed) */
	char *norm;        /* the name normalised by et_hw_name_normalise (cpu_lookup.h) */
	int padded;        /* the file's cell had spaces around the name (eco2AI compares the
	                    * untrimmed cell, so such a row never matches a cleaned name exactly) */
	double watts;      /* the value the table is for: W per package (CodeCarbon, eco2AI),
	                    * W per core (Green Algorithms CPU), W per GPU (Green Algorithms GPU) */
	double package_w;  /* Green Algorithms CPU only: the TDP column (W per package), else NAN */
	double cores;      /* Green Algorithms CPU only: the n_cores column, else NAN */
	long line;         /* 1-based CSV record number in the file, meta and header rows
	                    * counted: its line number (no field of the tables spans lines) */
};

struct et_power_table {
	char label[96];             /* e.g. "green-algorithms v2.2 TDP_cpu.csv", for "table" in inputs */
	struct et_power_row *rows;  /* n_rows; the "Any" row is not among them */
	size_t n_rows;
	double any_w;               /* the value of the "Any" row (Green Algorithms), NAN if none */
	double mean_w;              /* mean of watts over the rows */
	enum et_match_rule rule;    /* how et_power_lookup matches names in this table */
	struct et_lookup_memo *memo; /* owned: the answers already given, per rule and name
	                             * (cpu_lookup.c); NULL for a table built by hand */
	struct et_str_block *strings; /* owned: where a loaded table's row names, norms and
	                             * keys are (freed together); NULL for a table built by hand */
};

struct et_power_tables {
	struct et_power_table ga_cpu[2];       /* [0] Green Algorithms data v2.2, [1] v3.0 */
	struct et_power_table ga_gpu[2];       /* same versions, GPUs */
	struct et_power_table codecarbon_cpu;  /* CodeCarbon v3.3.0 cpu_power.csv (etest's rule) */
	struct et_power_table codecarbon2_cpu; /* CodeCarbon v2.2.4 cpu_power.csv (its own rule) */
	struct et_power_table eco2ai_cpu;      /* eco2AI 0.3.12 cpu_names.csv (its own rule) */
	struct et_power_table carbontracker_cpu; /* carbontracker 2.3.1 cpu_power.csv (its own
	                                          * rule; rows deduplicated as its dict does) */
};

/* Load every table from data_dir/power/ (data_dir is the data/ folder). On success *out
 * is a new set of tables the caller owns (free it with et_power_tables_free) and 0 is
 * returned. On error (missing file, unreadable CSV, missing column) returns -1 with err
 * filled ("source" is the file) and *out is NULL. */
int et_power_tables_load(const char *data_dir, struct et_power_tables **out, struct et_error *err);

/* Free tables loaded by et_power_tables_load. Accepts NULL. */
void et_power_tables_free(struct et_power_tables *t);

#endif
