/* fuzz_reader.c - the readers (CSV, TSV, JSON Lines, JSON, by name or by
 * content) with every rule and every writer. The first byte picks the file's
 * name (so its format), the rest is the file. Invariant: the JSON Lines the
 * writer makes reads back, record for record, with no syntax finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/rules.h"
#include "hz/writer.h"
#include "fuzz.h"

static const char *const names[] = {
	"in.csv", "in.tsv", "in.jsonl", "in.json", "in.txt", "in",
};

/* Findings that mean a record could not be read at all. */
static void count_syntax(const hz_finding *f, void *arg)
{
	if (strcmp(f->rule, "json-syntax") == 0 || strcmp(f->rule, "csv-syntax") == 0 ||
	    strcmp(f->rule, "cell-too-long") == 0 || f->severity == HZ_FATAL)
		++*(long *)arg;
}

static FILE *sink(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		abort();
	return f;
}

/* Read path; validate every record and write it in each format. Returns
 * the records read; *jsonl gets them as JSON Lines. */
static long read_all(const char *path, hz_format format, char **jsonl, size_t *jsonl_len,
                     long *syntax)
{
	static const hz_format formats[] = { HZ_FMT_CSV, HZ_FMT_TSV, HZ_FMT_JSON, HZ_FMT_TABLE };
	hz_read_opts ro;
	hz_write_opts wo;
	hz_validate_opts vo = { 0 };
	hz_diag d;
	hz_writer *w[5];
	FILE *out[5];
	char *buf[5] = { 0 };
	size_t len[5];
	hz_record *rec;
	long records = 0;

	hz_diag_init(&d, "fuzz");
	d.out = NULL;
	*syntax = 0;
	d.hook = count_syntax;
	d.hook_arg = syntax;
	hz_read_opts_init(&ro);
	ro.format = format;
	ro.header_rules = true;
	hz_date_from_ymd(2023, 6, 30, &vo.today);
	hz_validator *v = hz_validator_new(&vo, &d);
	hz_reader *r = hz_reader_open(path, &ro, &d);
	for (int i = 0; i < 5; i++) {
		hz_write_opts_init(&wo);
		wo.format = i < 4 ? formats[i] : HZ_FMT_JSONL;
		wo.normalize = i == 2;
		wo.excel = i == 0;
		out[i] = sink(&buf[i], &len[i]);
		w[i] = hz_writer_new(out[i], &wo);
	}
	hz_validator_new_file(v);
	while ((rec = hz_reader_next(r)) != NULL) {
		hz_extra extra = { "错误规则", "errors", "x", "[]" };

		records++;
		hz_validate_record(v, rec);
		for (int i = 0; i < 5; i++)
			hz_writer_put(w[i], rec, &extra, i == 4 ? 0 : 1, NULL, 0);
	}
	hz_reader_status(r);
	hz_reader_dropped(r);
	hz_reader_close(r);
	hz_validator_free(v);
	for (int i = 0; i < 5; i++) {
		hz_writer_close(w[i], NULL, 0);
		fclose(out[i]);
		if (i < 4)
			free(buf[i]);
	}
	*jsonl = buf[4];
	*jsonl_len = len[4];
	return records;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *jsonl, *again;
	size_t jsonl_len, again_len;
	long records, back, errors;

	if (size < 1)
		return 0;
	const char *path =
	        fuzz_scratch(names[data[0] % (sizeof names / sizeof names[0])], data + 1, size - 1);
	records = read_all(path, HZ_FMT_AUTO, &jsonl, &jsonl_len, &errors);
	/* What the writer made reads back, every record of it. */
	path = fuzz_scratch("out.jsonl", (const uint8_t *)jsonl, jsonl_len);
	back = read_all(path, HZ_FMT_JSONL, &again, &again_len, &errors);
	FUZZ_CHECK(errors == 0);
	FUZZ_CHECK(back == records);
	free(jsonl);
	free(again);
	return 0;
}
