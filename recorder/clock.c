/* clock.c - millisecond readings of CLOCK_MONOTONIC and CLOCK_REALTIME.
 * Both clocks always exist on Linux, so these functions cannot fail. */
#include "clock.h"

#include <time.h>

static long long ts_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long clock_mono_ms(void)
{
	return ts_ms(CLOCK_MONOTONIC);
}

struct stamp stamp_now(void)
{
	struct stamp s;
	s.mono_ms = ts_ms(CLOCK_MONOTONIC);
	s.utc_ms = ts_ms(CLOCK_REALTIME);
	return s;
}
