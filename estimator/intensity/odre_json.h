/* odre_json.h - decode an ODRE Explore API v2.1 response body (the exports/json array
 * of {date_heure, taux_co2} records, or a records page) into intensity points. */
#ifndef ET_ODRE_JSON_H
#define ET_ODRE_JSON_H

#include <stddef.h>

#include "ci_series.h"
#include "et_error.h"

/* Append each record of body (len bytes) to pts with tag. Records whose taux_co2 is
 * null or absent are skipped (missing, never 0). what names the body in errors (the
 * URL). Returns the number of points added, or -1 with err filled ("malformed response:
 * ...") and pts unchanged. */
long ci_odre_parse(const char *body, size_t len, const char *what, int tag,
		   struct ci_points *pts, struct et_error *err);

#endif
