/* fuzz_intensity.c - libFuzzer target for the intensity library's own parsers: a TZif
 * image (first byte even) or an ODRE JSON body (odd) must give a result or a clean
 * error, never a crash, leak, overflow or an out-of-range value. */
#include <stdint.h>
#include <stdlib.h>

#include "ci_series.h"
#include "local_time.h"
#include "odre_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void tzif(const uint8_t *data, size_t size)
{
	struct et_error err = ET_ERROR_INIT;
	struct et_zone *z = NULL;
	int64_t utc[2];

	if (et_zone_from_tzif(data, size, "fuzz", &z, &err) < 0)
		return;
	for (int64_t t = -86400; t < 4200000000LL; t += 86400 * 97 + 3607) {
		int64_t day = et_zone_day(z, t), start = et_zone_day_start(z, day);
		int off = et_zone_offset_s(z, t);

		if (off < -26 * 3600 || off > 26 * 3600 || start > t + 26 * 3600)
			__builtin_trap();
		et_zone_day_hours(z, day);
		if (et_zone_from_local(z, t + off, utc) == 0 && et_zone_offset_s(z, t) == off)
			__builtin_trap();   /* t itself shows that local time exists */
	}
	et_zone_close(z);
}

static void odre(const uint8_t *data, size_t size)
{
	struct et_error err = ET_ERROR_INIT;
	struct ci_points pts = CI_POINTS_INIT;
	struct ci_odre_drops drops = {0, 0};
	/* The window of a 2024-07-03 request: 2024-07-02T22:00Z .. 2024-07-03T22:00Z. */
	long n = ci_odre_parse((const char *)data, size, "fuzz", 1, 1719957600, 1720044000, &pts, &drops, &err);

	for (size_t i = 0; n > 0 && i < pts.n; i++)
		if (pts.v[i].utc_s < 1719957600 || pts.v[i].utc_s >= 1720044000 || !(pts.v[i].g_per_kwh >= 0) ||
		    pts.v[i].g_per_kwh > CI_ODRE_MAX_G_PER_KWH)
			__builtin_trap();
	ci_points_release(&pts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] % 2 == 0)
		tzif(data + 1, size - 1);
	else
		odre(data + 1, size - 1);
	return 0;
}
