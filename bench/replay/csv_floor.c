/* csv_floor.c - the floor libcsv sets for replay: read a log in 256 KiB blocks and run
 * csv_parse over it with callbacks that only count, the least any libcsv reader does. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

struct counts { unsigned long long fields, rows; };

static void count_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void count_row(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

int main(int argc, char **argv)
{
	static char block[256 * 1024];
	struct csv_parser p;
	struct counts n = {0, 0};
	FILE *f;
	size_t got;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: csv_floor FILE\n");
		return 2;
	}
	if (!(f = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		goto out;
	/* lines 1 and 2 (magic, JSON header) are not CSV records: skip them */
	for (int line = 0, c; line < 2 && (c = getc(f)) != EOF;)
		line += c == '\n';
	while ((got = fread(block, 1, sizeof(block), f)) > 0)
		if (csv_parse(&p, block, got, count_field, count_row, &n) != got) {
			fprintf(stderr, "csv_floor: %s\n", csv_strerror(csv_error(&p)));
			goto out;
		}
	csv_fini(&p, count_field, count_row, &n);
	printf("%llu rows, %llu fields\n", n.rows, n.fields);
	rc = 0;
out:
	csv_free(&p);
	fclose(f);
	return rc;
}
