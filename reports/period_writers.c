/* period_writers.c - the table of period report writers (etest report --format, --csv,
 * --json), with the slot of the PDF writer. */
#include <string.h>

#include "period.h"

static const struct et_period_writer writers[] = {
	{"table", et_period_write_table},
	{"json", et_period_write_json},
	{"csv", et_period_write_csv},
	/* The PDF (issue 8: totals, a table and bar chart per group, energy per day, the
	 * largest runs...) is drawn with the report issue's cairo pieces: wiring it is
	 * setting this function and adding --pdf FILE to cmd_report.c's sinks. */
	{"pdf", NULL},
};

const struct et_period_writer *et_period_writer_find(const char *name)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i].name, name) == 0)
			return &writers[i];
	return NULL;
}
