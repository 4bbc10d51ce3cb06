/* reference_report.c - what the outputs compare with the models under --reference: the
 * meter's energy over the whole run, and each model's deviation from it (report.h). */
#include <math.h>

#include "reference_meter.h"
#include "report.h"

double et_report_reference_wh(const struct ref_result *ref)
{
	if (ref->covered_share > 0 && ref->covered_share < 1)
		return ref->net_wh / ref->covered_share;
	return ref->net_wh;
}

double et_report_deviation_pct(const struct et_model_result *m, const struct ref_result *ref)
{
	return ref_deviation_pct(m->energy.cpu_wh + m->energy.gpu_wh + m->energy.ram_wh,
				 et_report_reference_wh(ref));
}
