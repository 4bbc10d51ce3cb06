/* clock.h - the two clocks of the log: CLOCK_MONOTONIC for durations and deadlines,
 * CLOCK_REALTIME to place samples on the calendar, both in milliseconds. */
#ifndef ETREC_CLOCK_H
#define ETREC_CLOCK_H

struct stamp {
	long long mono_ms;   /* CLOCK_MONOTONIC */
	long long utc_ms;    /* CLOCK_REALTIME, ms since 1970-01-01T00:00:00Z */
};

/* CLOCK_MONOTONIC in ms. Cannot fail (the clock always exists on Linux). */
long long clock_mono_ms(void);
/* Both clocks read one after the other. Cannot fail. */
struct stamp stamp_now(void);

#endif
