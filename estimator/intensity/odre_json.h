/* odre_json.h - decode an ODRE Explore API v2.1 response body (the exports/json array
 * of {date_heure, taux_co2} records, or a records page) into intensity points. */
#ifndef ET_ODRE_JSON_H
#define ET_ODRE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "ci_series.h"
#include "et_error.h"

#define CI_ODRE_MAX_G_PER_KWH 2000.0   /* above any plausible grid (coal is ~1000) */

/* Records of a body that were not kept. */
struct ci_odre_drops {
	long out_of_range;     /* taux_co2 not in [0, CI_ODRE_MAX_G_PER_KWH] */
	long outside_window;   /* date_heure not in the requested [from_s, to_s) */
};

/* Append each record of body (len bytes) whose instant is in [from_s, to_s) and whose
 * taux_co2 is in 0..CI_ODRE_MAX_G_PER_KWH to pts with tag; the others are counted in
 * *drops (added to). Records whose taux_co2 is null or absent are skipped (missing,
 * never 0). what names the body in errors (the URL). Returns the number of points
 * added, or -1 with err filled ("malformed response: ...") and pts unchanged. */
long ci_odre_parse(const char *body, size_t len, const char *what, int tag, int64_t from_s,
		   int64_t to_s, struct ci_points *pts, struct ci_odre_drops *drops,
		   struct et_error *err);

#endif
