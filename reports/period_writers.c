/* period_writers.c - the table of period report writers (etest report --format, --csv,
 * --json, --pdf). */
#include <string.h>

#include "period.h"

static const struct et_period_writer writers[] = {
	{"table", et_period_write_table, NULL},
	{"json", et_period_write_json, NULL},
	{"csv", et_period_write_csv, NULL},
	{"pdf", NULL, et_period_write_pdf},
};

const struct et_period_writer *et_period_writer_find(const char *name)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i].name, name) == 0)
			return &writers[i];
	return NULL;
}
