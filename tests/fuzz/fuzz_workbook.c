/* fuzz_workbook.c - the workbook readers: the first byte picks .xlsx (even)
 * or .xls (odd, read by FreeXL in its child process), the rest is the file,
 * read through with every rule. Invariants: the tool's process survives
 * whatever the file is (a dead FreeXL is an io finding), a fatal finding
 * comes alone and means an io status, and every record has its schema's
 * columns. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/rules.h"
#include "fuzz.h"
#include "../../lib/model/record_int.h"

static void count_fatal(const hz_finding *f, void *arg)
{
	if (f->severity == HZ_FATAL)
		++*(long *)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* FUZZ_WORKBOOK=xlsx or xls: that format whatever the first byte */
	static const char *only;
	static bool looked;
	if (!looked) {
		looked = true;
		only = getenv("FUZZ_WORKBOOK");
	}
	if (size < 1)
		return 0;
	bool xls = only ? strcmp(only, "xls") == 0 : data[0] % 2;
	const char *path = fuzz_scratch(xls ? "in.xls" : "in.xlsx", data + 1, size - 1);
	hz_read_opts ro;
	hz_validate_opts vo = { 0 };
	hz_diag d;
	long fatal = 0;
	hz_record *rec;

	hz_diag_init(&d, "fuzz");
	d.out = NULL;
	d.hook = count_fatal;
	d.hook_arg = &fatal;
	hz_read_opts_init(&ro);
	ro.header_rules = true;
	hz_date_from_ymd(2023, 6, 30, &vo.today);
	hz_validator *v = hz_validator_new(&vo, &d);
	hz_reader *r = hz_reader_open(path, &ro, &d);
	while ((rec = hz_reader_next(r)) != NULL) {
		FUZZ_CHECK(rec->schema && rec->ncells == rec->schema->ncols);
		hz_validate_record(v, rec);
	}
	hz_read_status st = hz_reader_status(r);
	FUZZ_CHECK(fatal <= 1);
	FUZZ_CHECK((fatal == 1) == (st == HZ_READ_IO));
	hz_reader_close(r);
	hz_validator_free(v);
	return 0;
}
