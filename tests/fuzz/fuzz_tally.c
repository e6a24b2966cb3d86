/* fuzz_tally.c - the tally documents that hz-tally --merge reads: one
 * document parsed, written and parsed again is the same tally; a stream of
 * them merges without a crash, and says how many it read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/tally.h"
#include "fuzz.h"

static void same_tally(const hz_tally *a, const hz_tally *b)
{
	FUZZ_CHECK(strcmp(a->unit, b->unit) == 0);
	FUZZ_CHECK(a->as_of == b->as_of);
	FUZZ_CHECK(a->has_since == b->has_since);
	FUZZ_CHECK(!a->has_since || a->since == b->since);
	FUZZ_CHECK(a->skipped == b->skipped && a->unsourced == b->unsourced);
	FUZZ_CHECK(a->nitems == b->nitems);
	for (size_t i = 0; i < a->nitems; i++)
		FUZZ_CHECK(a->value[i] == b->value[i] && a->value2[i] == b->value2[i]);
}

static void round_trip(const uint8_t *data, size_t size)
{
	char err[256], *text = NULL;
	size_t used, len = 0;
	hz_tally *t = hz_tally_parse((const char *)data, size, &used, err, sizeof err), *again;
	FILE *out;

	if (!t)
		return;
	FUZZ_CHECK(used > 0 && used <= size);
	out = open_memstream(&text, &len);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(hz_tally_write_json(out, t) == 0);
	fclose(out);
	again = hz_tally_parse(text, len, &used, err, sizeof err);
	if (!again)
		fprintf(stderr, "does not read back (%s): %.*s\n", err, (int)len, text);
	FUZZ_CHECK(again != NULL);
	same_tally(t, again);
	hz_tally_free(again);
	hz_tally_free(t);
	free(text);
}

static void merge_stream(const uint8_t *data, size_t size)
{
	hz_tally *acc = NULL;
	hz_diag d;
	long docs;

	hz_diag_init(&d, "fuzz");
	d.out = NULL;
	docs = hz_tally_merge_file(fuzz_scratch("in.json", data, size), &acc, &d);
	FUZZ_CHECK(docs >= -1);
	FUZZ_CHECK(docs <= 0 || acc != NULL);
	FUZZ_CHECK(docs >= 0 || d.errors + d.fatals > 0);
	hz_tally_free(acc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	round_trip(data, size);
	merge_stream(data, size);
	return 0;
}
