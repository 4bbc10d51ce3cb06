/* yearly_table.c - reading and choosing the yearly France figures (see yearly_table.h).
 * Preference follows the basis: RTE's taux_co2 method first, life-cycle figures after. */
#include <math.h>
#include <stdlib.h>

#include "csv_rows.h"
#include "yearly_table.h"

struct yearly_state {
	const char *path;
	struct ci_yearly *out;
	int year_i, ember_i, emaps_i, rte_i;   /* column indexes from the header */
	int header_seen;
};

/* An empty field is NAN (no figure); anything else must be a number. */
static int optional_value(const char *s, double *v)
{
	if (s[0] == '\0') {
		*v = NAN;
		return 0;
	}
	return ci_csv_double(s, v);
}

static int on_row(char **f, size_t n, long line, void *vst, struct et_error *err)
{
	struct yearly_state *st = vst;
	struct ci_yearly_row *row;
	double year;

	if (!st->header_seen) {
		st->year_i = ci_csv_column(f, n, "year");
		st->ember_i = ci_csv_column(f, n, "ember_owid_gco2_per_kwh");
		st->emaps_i = ci_csv_column(f, n, "electricitymaps_lifecycle_gco2eq_per_kwh");
		st->rte_i = ci_csv_column(f, n, "rte_method_reconstructed_production_weighted_gco2_per_kwh");
		if (st->year_i < 0 || st->ember_i < 0 || st->emaps_i < 0 || st->rte_i < 0)
			return et_error_set(err, st->path, line, "unexpected header");
		st->header_seen = 1;
		return 0;
	}
	if (n < 4)
		return et_error_set(err, st->path, line, "expected 4 fields, got %zu", n);
	if (st->out->n == CI_YEARLY_MAX)
		return et_error_set(err, st->path, line, "more than %d years", CI_YEARLY_MAX);
	row = &st->out->rows[st->out->n];
	if (ci_csv_double(f[st->year_i], &year) < 0 ||
	    optional_value(f[st->rte_i], &row->rte_method) < 0 ||
	    optional_value(f[st->ember_i], &row->ember) < 0 ||
	    optional_value(f[st->emaps_i], &row->electricity_maps) < 0)
		return et_error_set(err, st->path, line, "bad number");
	row->year = (int)year;
	st->out->n++;
	return 0;
}

int ci_yearly_load(const char *path, struct ci_yearly *out, struct et_error *err)
{
	struct yearly_state st = {.path = path, .out = out};

	out->n = 0;
	if (ci_csv_read(path, ',', on_row, &st, err) < 0)
		return -1;
	return 0;
}

/* Fill pick from row with the preferred figure. Returns 0, or -1 if the row has none. */
static int pick_row(const struct ci_yearly_row *row, struct ci_yearly_pick *pick)
{
	pick->year = row->year;
	pick->life_cycle = isnan(row->rte_method);
	if (!isnan(row->rte_method)) {
		pick->g_per_kwh = row->rte_method;
		pick->who = "RTE method";
		pick->basis = "yearly (direct combustion)";
		pick->source = "RTE method, recomputed from the consolidated mix "
			       "(direct combustion, production-based)";
	} else if (!isnan(row->ember)) {
		pick->g_per_kwh = row->ember;
		pick->who = "Ember";
		pick->basis = "yearly (life-cycle)";
		pick->source = "Ember via Our World in Data "
			       "(life-cycle, not RTE's direct taux_co2)";
	} else if (!isnan(row->electricity_maps)) {
		pick->g_per_kwh = row->electricity_maps;
		pick->who = "Electricity Maps";
		pick->basis = "yearly (life-cycle)";
		pick->source = "Electricity Maps "
			       "(life-cycle, consumption-based, not RTE's direct taux_co2)";
	} else {
		return -1;
	}
	return 0;
}

int ci_yearly_of(const struct ci_yearly *y, int year, struct ci_yearly_pick *pick)
{
	for (size_t i = 0; i < y->n; i++)
		if (y->rows[i].year == year)
			return pick_row(&y->rows[i], pick);
	return -1;
}

int ci_yearly_last_known(const struct ci_yearly *y, struct ci_yearly_pick *pick)
{
	const struct ci_yearly_row *best = NULL;
	struct ci_yearly_pick tmp;

	for (size_t i = 0; i < y->n; i++)
		if (pick_row(&y->rows[i], &tmp) == 0 && (!best || y->rows[i].year > best->year))
			best = &y->rows[i];
	return best ? pick_row(best, pick) : -1;
}
