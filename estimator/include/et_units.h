/* et_units.h - the unit conversions and the few defaults every part of etest shares,
 * named once: memory GB, seconds per hour, the default PUE, the gap threshold. */
#ifndef ET_UNITS_H
#define ET_UNITS_H

#define ET_KIB_PER_GB 1048576.0   /* "GB" is 2^30 bytes here, as in the seed and CodeCarbon */
#define ET_S_PER_H 3600.0
#define ET_WH_PER_KWH 1000.0

/* etest's default PUE: the seed paper's (Green Algorithms' default for an unknown
 * data centre, 1.67). */
#define ET_DEFAULT_PUE 1.67
#define ET_DEFAULT_PUE_TEXT "1.67"   /* the same, for help and source texts */

/* A pause between samples longer than this many sampling intervals is a gap: reported,
 * never bridged in a chart. */
#define ET_GAP_INTERVALS 3

#endif
