/* cpu_match_carbontracker.c - carbontracker's GenericCPU matching (2.2.0 to 2.3.1): the
 * brand string as written, else the part before "@", stripped, inside a row's name. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cpu_match.h"

/* The brand carbontracker looks up: an empty one becomes "Unknown CPU" (GenericCPU.init). */
static const char *brand_or_unknown(const char *name)
{
	return *name ? name : "Unknown CPU";
}

int et_carbontracker_match(const struct et_power_table *t, const char *name, struct et_match *m)
{
	const char *brand = brand_or_unknown(name), *at, *start, *end;
	char needle[512];
	size_t len;

	/* 1. find_matching_tdp: the brand is a key of its dict (names as written: a cell with
	 * spaces around its name is a different key). */
	for (size_t i = 0; i < t->n_rows; i++) {
		if (!t->rows[i].padded && strcmp(t->rows[i].name, brand) == 0) {
			m->row = &t->rows[i];
			m->kind = ET_MATCH_EXACT;
			m->candidates = 1;
			return 1;
		}
	}
	/* 2. brand.split('@')[0].strip() as a substring of a name, the first in the file's
	 * order (Python's str.strip: blanks at both ends; an empty needle is in every name). */
	at = strchr(brand, '@');
	start = brand;
	end = at ? at : brand + strlen(brand);
	while (start < end && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - start);
	if (len >= sizeof(needle))
		return 0;   /* no row name is that long */
	memcpy(needle, start, len);
	needle[len] = '\0';
	for (size_t i = 0; i < t->n_rows; i++) {
		if (strstr(t->rows[i].name, needle)) {
			m->row = &t->rows[i];
			m->kind = ET_MATCH_SUBSTRING;
			m->candidates = 1;
			return 1;
		}
	}
	return 0;
}
