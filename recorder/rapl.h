/* rapl.h - RAPL energy counters through powercap (intel-rapl:* zones, AMD's included):
 * zones found once, energy_uj files kept open and re-read with pread, wraps unwrapped. */
#ifndef ETREC_RAPL_H
#define ETREC_RAPL_H

#include "clock.h"
#include "logwrite.h"
#include "textbuf.h"

#define RAPL_ROOT "/sys/class/powercap"   /* ETREC_POWERCAP_ROOT overrides it (tests) */
#define RAPL_MAX_ZONES 32        /* 8 sockets x package, core, uncore, dram */

struct rapl_zone {
	char path[64];                  /* directory name under the root, "intel-rapl:0:1" */
	char name[64];                  /* its name file: "package-0", "core", "dram"... */
	int parent;                     /* id (position) of the enclosing zone, -1 for a top zone */
	unsigned long long max_range_uj;   /* max_energy_range_uj: the raw counter wraps past it */
	int fd;                         /* energy_uj, kept open; -1 when closed */
	int have_raw;                   /* last_raw holds a good reading */
	unsigned long long last_raw;    /* the last good raw energy_uj */
	unsigned long long total_uj;    /* energy since the first reading, unwrapped */
};

struct rapl_reader {
	char source[512];               /* header rapl.source: "powercap <root>" or "none: <why>" */
	int nzones;                     /* zones whose energy_uj was readable (ids 0..nzones-1) */
	struct rapl_zone zones[RAPL_MAX_ZONES];
	int warned;                     /* a read failed once (one warning per run) */
};

/* Find the zones under root (RAPL_ROOT when NULL or ""): every directory named
 * intel-rapl:<n>[:<m>...] (AMD's RAPL is exposed under the same names) or amd-rapl:...
 * whose energy_uj can be read, sorted by path so that a parent comes before its
 * children: the first RAPL_MAX_ZONES in that order, and no child without its parent.
 * Never fails: with no zone, r->source says why ("none: ..."). */
void rapl_open(struct rapl_reader *r, const char *root);
void rapl_close(struct rapl_reader *r);

/* Read every zone once and write one R record per zone stamped `now`. A failed read
 * gives NA (one warning per run, in log). */
void rapl_sample(struct rapl_reader *r, struct stamp now, struct etlog *log);

/* Add the zone's raw reading to its unwrapped total: the first reading is 0, a raw value
 * below the last one is one wrap (max_range_uj + 1 added). Exposed for unit tests. */
void rapl_zone_update(struct rapl_zone *z, unsigned long long raw);

/* The header's "rapl" object, appended to tb (without its key). */
void rapl_header_json(const struct rapl_reader *r, struct textbuf *tb);

#endif
