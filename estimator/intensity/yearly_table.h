/* yearly_table.h - the shipped yearly France figures (RTE method recomputed, Ember via
 * OWID, Electricity Maps) and the choice of one, with its honest basis label. */
#ifndef ET_YEARLY_TABLE_H
#define ET_YEARLY_TABLE_H

#include <stddef.h>

#include "et_error.h"

#define CI_YEARLY_MAX 200

struct ci_yearly_row {
	int year;
	double rte_method;        /* direct combustion, production-based; NAN if none */
	double ember;             /* life-cycle (Ember via OWID); NAN if none */
	double electricity_maps;  /* life-cycle, consumption-based; NAN if none */
};

struct ci_yearly {
	struct ci_yearly_row rows[CI_YEARLY_MAX];
	size_t n;
};

/* One chosen yearly figure. The strings are static. */
struct ci_yearly_pick {
	int year;
	double g_per_kwh;
	const char *basis;        /* e.g. "yearly (direct combustion)" */
	const char *source;       /* e.g. "RTE method, recomputed from the consolidated mix ..." */
	const char *who;          /* short name: "RTE method", "Ember", "Electricity Maps" */
	int life_cycle;           /* a life-cycle figure, not RTE's direct-combustion basis */
};

/* Load path (year, ember_owid_gco2_per_kwh, electricitymaps_lifecycle_gco2eq_per_kwh,
 * rte_method_reconstructed_production_weighted_gco2_per_kwh) into *out. Returns 0, or
 * -1 with err filled. */
int ci_yearly_load(const char *path, struct ci_yearly *out, struct et_error *err);

/* The figure of that year: the RTE-method value (same basis as taux_co2) if any, else
 * Ember's, else Electricity Maps'. Returns 0, or -1 if the year has none. */
int ci_yearly_of(const struct ci_yearly *y, int year, struct ci_yearly_pick *pick);

/* The figure of the latest year that has one (same preference). Returns 0, or -1 if
 * the table is empty. */
int ci_yearly_last_known(const struct ci_yearly *y, struct ci_yearly_pick *pick);

#endif
