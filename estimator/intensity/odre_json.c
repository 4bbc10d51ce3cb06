/* odre_json.c - decoding ODRE API bodies with jansson (see odre_json.h): a bare array
 * (exports/json) or {"results": [...]} (records), timestamps with their UTC offset. */
#include <jansson.h>
#include <math.h>

#include "civil_time.h"
#include "odre_json.h"

long ci_odre_parse(const char *body, size_t len, const char *what, int tag, int64_t from_s,
		   int64_t to_s, struct ci_points *pts, struct ci_odre_drops *drops,
		   struct et_error *err)
{
	struct ci_odre_drops d = {0, 0};
	size_t n_before = pts->n, i;
	json_error_t jerr;
	json_t *root, *records, *rec;
	long added = -1;

	root = json_loadb(body, len, 0, &jerr);
	if (!root)
		return et_error_set(err, what, 0, "malformed response: %s at line %d, column %d",
				    jerr.text, jerr.line, jerr.column);
	records = json_is_object(root) ? json_object_get(root, "results") : root;
	if (!json_is_array(records)) {
		et_error_set(err, what, 0, "malformed response: expected a JSON array of records");
		goto out;
	}
	json_array_foreach(records, i, rec) {
		json_t *when = json_object_get(rec, "date_heure");
		json_t *value = json_object_get(rec, "taux_co2");
		int64_t utc_s;
		double g;

		if (!json_is_object(rec) || !json_is_string(when)) {
			et_error_set(err, what, 0, "malformed response: record %zu has no date_heure string", i);
			goto out;
		}
		if (ci_parse_timestamp(json_string_value(when), &utc_s) < 0) {
			et_error_set(err, what, 0, "malformed response: record %zu: bad date_heure '%s'",
				     i, json_string_value(when));
			goto out;
		}
		if (!value || json_is_null(value))
			continue;
		if (!json_is_number(value)) {
			et_error_set(err, what, 0, "malformed response: record %zu: taux_co2 is not a number", i);
			goto out;
		}
		g = json_number_value(value);
		if (!isfinite(g) || g < 0 || g > CI_ODRE_MAX_G_PER_KWH) {
			d.out_of_range++;
			continue;
		}
		if (utc_s < from_s || utc_s >= to_s) {
			d.outside_window++;
			continue;
		}
		if (ci_points_add(pts, utc_s, g, tag) < 0) {
			et_error_set(err, what, 0, "out of memory");
			goto out;
		}
	}
	added = (long)(pts->n - n_before);
	drops->out_of_range += d.out_of_range;
	drops->outside_window += d.outside_window;
out:
	if (added < 0)
		pts->n = n_before;
	json_decref(root);
	return added;
}
