/* csvread - the floor for hz-validate: a bare libcsv read, counting fields
 * and rows. usage: csvread [file] */
#include <csv.h>
#include <stdio.h>

static void field(void *s, size_t n, void *c)
{
	(void)s;
	(void)n;
	++*(long *)c;
}
static void row(int t, void *c)
{
	(void)t;
	++((long *)c)[1];
}

int main(int argc, char *argv[])
{
	static char buf[65536];
	struct csv_parser p;
	long counts[2] = { 0, 0 };
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	size_t n;

	if (f == NULL || csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return perror(argc > 1 ? argv[1] : "csv_init"), 2;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, field, row, counts) != n)
			return fprintf(stderr, "csvread: %s\n", csv_strerror(csv_error(&p))), 1;
	if (ferror(f) || csv_fini(&p, field, row, counts) != 0)
		return fprintf(stderr, "csvread: read error\n"), 1;
	csv_free(&p);
	printf("%ld fields, %ld rows\n", counts[0], counts[1]);
	return 0;
}
