/* per_unit.c - --per N UNIT: every energy and CO2e figure of a run divided by N (e.g. 90
 * epochs), and the words that label the outputs so divided. */
#include <stdio.h>

#include "report.h"

void et_report_per_scale(struct et_model_result *res, size_t n, double per_n)
{
	if (!(per_n > 0))
		return;
	for (size_t i = 0; i < n; i++) {
		struct et_model_result *m = &res[i];
		m->energy.cpu_wh /= per_n;
		m->energy.gpu_wh /= per_n;
		m->energy.ram_wh /= per_n;
		m->energy_wh /= per_n;
		m->co2e_g /= per_n;
		for (size_t d = 0; d < m->ci.n_days; d++)   /* the weights: the same share of each */
			m->ci.days[d].energy_wh /= per_n;
		for (size_t s = 0; s < m->ci.n_steps; s++)
			m->ci.steps[s].energy_wh /= per_n;
	}
}

const char *et_report_per_text(char *buf, size_t n, double per_n, const char *unit)
{
	char num[48];

	snprintf(buf, n, "per %s: every energy (Wh) and CO2e (g) figure is the run's divided by %s",
		 unit ? unit : "?", et_report_num(num, sizeof(num), 'g', 10, per_n));
	return buf;
}
