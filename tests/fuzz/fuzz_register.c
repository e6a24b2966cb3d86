/* fuzz_register.c - hz-add's edit of a register (kept thin: the register API
 * is the editing code's to change). Input: the register's bytes, a NUL, then
 * FIELD=VALUE operands one a line. Invariants: a refused or failed edit
 * leaves the file byte for byte as it was; a committed one adds exactly the
 * records it counted, and every record that was there reads back the same
 * (nothing but the change moves). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/reader.h"
#include "hz/register.h"
#include "fuzz.h"
#include "../../lib/model/record_int.h"

typedef struct snapshot {
	long records;
	char **rows; /* each record's cells, joined by \x1f */
	size_t *lens;
} snapshot;

static void take(snapshot *s, const char *path)
{
	hz_read_opts ro;
	hz_diag d;
	hz_record *r;
	hz_reader *in;

	memset(s, 0, sizeof *s);
	hz_diag_init(&d, "fuzz");
	d.out = NULL;
	hz_read_opts_init(&ro);
	in = hz_reader_open(path, &ro, &d);
	while ((r = hz_reader_next(in)) != NULL) {
		char *row = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&row, &len);

		FUZZ_CHECK(m != NULL);
		/* Trailing empty cells are left out: an added column gives the old
		 * records one more, empty. */
		size_t n = r->ncells;
		while (n > 0 && r->cells[n - 1].n == 0)
			n--;
		for (size_t c = 0; c < n; c++) {
			fwrite(r->cells[c].s, 1, r->cells[c].n, m);
			putc(0x1f, m);
		}
		fclose(m);
		s->rows = realloc(s->rows, (size_t)(s->records + 1) * sizeof *s->rows);
		s->lens = realloc(s->lens, (size_t)(s->records + 1) * sizeof *s->lens);
		FUZZ_CHECK(s->rows && s->lens);
		s->rows[s->records] = row;
		s->lens[s->records++] = len;
	}
	hz_reader_status(in);
	hz_reader_close(in);
}

static void drop(snapshot *s)
{
	for (long i = 0; i < s->records; i++)
		free(s->rows[i]);
	free(s->rows);
	free(s->lens);
}

/* The file's bytes, or NULL when it is not there. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	FILE *m;
	int c;

	*len = 0;
	if (!f)
		return NULL;
	m = open_memstream(&text, len);
	FUZZ_CHECK(m != NULL);
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	char *ops, *fields[16], err[1024], *before_bytes, *after_bytes;
	size_t nfields = 0, reg_len, before_len, after_len;
	snapshot before, after;
	bool extend, jsonl;
	long added;

	if (!nul || nul == data)
		return 0;
	/* The register's first byte picks its name; the operands follow the NUL. */
	jsonl = data[0] & 1;
	extend = data[0] & 2;
	reg_len = (size_t)(nul - data) - 1;
	const char *path = fuzz_scratch(jsonl ? "reg.jsonl" : "reg.csv", data + 1, reg_len);
	ops = strndup((const char *)nul + 1, size - reg_len - 2);
	FUZZ_CHECK(ops != NULL);
	for (char *line = strtok(ops, "\n"); line && nfields < 16; line = strtok(NULL, "\n"))
		fields[nfields++] = line;

	take(&before, path);
	before_bytes = slurp(path, &before_len);
	hz_diag d;
	hz_diag_init(&d, "fuzz");
	d.out = NULL;
	hz_reg_opts o = { .type = HZ_TYPE_UNKNOWN, .create = true };
	hz_date_from_ymd(2023, 6, 30, &o.validate.today);
	hz_reg *g = hz_reg_open(path, &o, &d, err, sizeof err);
	bool committed = false;

	if (g && nfields > 0 &&
	    hz_reg_add_fields(g, fields, nfields, extend, err, sizeof err) == 0 &&
	    hz_reg_check(g, false) == 0 && hz_reg_commit(g, err, sizeof err) == 0)
		committed = true;
	added = g ? (long)hz_reg_count(g) : 0;
	if (g)
		hz_reg_close(g);

	after_bytes = slurp(path, &after_len);
	FUZZ_CHECK(before_bytes != NULL);
	if (!committed) {
		/* An edit that did not happen changed nothing (an empty register
		 * counts as one that was not there: hz_reg_close removes it). */
		FUZZ_CHECK(after_bytes ? after_len == before_len &&
		                                 memcmp(after_bytes, before_bytes, after_len) == 0
		                       : before_len == 0);
	} else {
		take(&after, path);
		FUZZ_CHECK(after.records == before.records + added);
		for (long i = 0; i < before.records; i++)
			FUZZ_CHECK(after.lens[i] == before.lens[i] &&
			           memcmp(after.rows[i], before.rows[i], before.lens[i]) == 0);
		drop(&after);
	}
	drop(&before);
	free(before_bytes);
	free(after_bytes);
	free(ops);
	return 0;
}
