/* tally_read.c - tally documents (the JSON form of hz-tally(1)) read back for --merge */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/items.h"
#include "hz/tally.h"
#include "hz/text.h"
#include <jansson.h>
#include "xalloc.h"
#include "hz/i18n.h"

/* ---- tally documents: reading ---- */

static bool json_count(const json_t *v, int64_t *out)
{
	json_int_t i;

	if (!json_is_integer(v))
		return false;
	i = json_integer_value(v);
	if (i < 0)
		return false;
	*out = (int64_t)i;
	return true;
}

/* jansson keeps numbers as doubles; an amount has at most 4 places, so the
 * nearest multiple of 0.0001 recovers it exactly. */
static bool json_amount(const json_t *v, hz_amount *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 || i > INT64_MAX / HZ_AMOUNT_SCALE)
			return false;
		*out = (hz_amount)i * HZ_AMOUNT_SCALE;
		return true;
	}
	if (json_is_real(v)) {
		double x = json_real_value(v), u, r, d;

		if (!(x >= 0) || x > 9.0e14)
			return false;
		u = x * HZ_AMOUNT_SCALE;
		r = (double)(int64_t)(u + 0.5);
		d = u > r ? u - r : r - u;
		if (d > 0.01 + u * 1e-15)
			return false;   /* more than 4 places */
		*out = (hz_amount)r;
		return true;
	}
	return false;
}

static bool json_date(const json_t *v, hz_date *out)
{
	return json_is_string(v) &&
	       hz_date_parse((hz_str){ json_string_value(v), json_string_length(v) }, 0, out);
}

static int item_by_code(const char *code)
{
	size_t n;
	const hz_item *items = hz_items(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].code, code) == 0)
			return (int)i;
	return -1;
}

static bool parse_value(const hz_item *it, const json_t *v, int64_t *out)
{
	switch (it->agg) {
	case HZ_AGG_LATEST_FLAG:
		if (!json_is_boolean(v))
			return false;
		*out = json_is_true(v);
		return true;
	case HZ_AGG_SUM_AMOUNT:
		return json_amount(v, out);
	default:
		return json_count(v, out);
	}
}

static bool parse_value2(const hz_item *it, const json_t *v, int64_t *out)
{
	switch (it->agg2) {
	case HZ_AGG2_SUM_AMOUNT:
	case HZ_AGG2_SUM_SUB_AMOUNT:
		return json_amount(v, out);
	case HZ_AGG2_SUM_SUB_COUNT:
		return json_count(v, out);
	case HZ_AGG2_NONE:
		break;
	}
	return false;
}

static bool parse_items(hz_tally *t, const json_t *arr, char *err, size_t errcap)
{
	const hz_item *items = hz_items(NULL);
	bool *seen = hz_xcalloc(t->nitems, sizeof *seen);
	size_t k;
	json_t *e;
	bool ok = false;

	if (!json_is_array(arr)) {
		snprintf(err, errcap, HZ_("\"items\" is not an array"));
		goto out;
	}
	json_array_foreach(arr, k, e) {
		const json_t *code = json_object_get(e, "code");
		const json_t *v2 = json_object_get(e, "value2");
		int i;

		if (!json_is_string(code)) {
			snprintf(err, errcap, HZ_("item %zu has no \"code\""), k + 1);
			goto out;
		}
		i = item_by_code(json_string_value(code));
		if (i < 0) {
			snprintf(err, errcap, HZ_("unknown item '%.40s'"), json_string_value(code));
			goto out;
		}
		if (seen[i]) {
			snprintf(err, errcap, HZ_("item %s given twice"), items[i].code);
			goto out;
		}
		seen[i] = true;
		if (!parse_value(&items[i], json_object_get(e, "value"), &t->value[i])) {
			snprintf(err, errcap, HZ_("item %s has no valid \"value\""), items[i].code);
			goto out;
		}
		if (items[i].agg2 == HZ_AGG2_NONE) {
			if (v2 && !json_is_null(v2)) {
				snprintf(err, errcap, HZ_("item %s has a \"value2\""), items[i].code);
				goto out;
			}
		} else if (!parse_value2(&items[i], v2, &t->value2[i])) {
			snprintf(err, errcap, HZ_("item %s has no valid \"value2\""), items[i].code);
			goto out;
		}
	}
	for (size_t i = 0; i < t->nitems; i++) {
		if (!seen[i]) {
			snprintf(err, errcap, HZ_("item %s is missing"), items[i].code);
			goto out;
		}
	}
	ok = true;
out:
	free(seen);
	return ok;
}

static hz_tally *from_json(const json_t *doc, char *err, size_t errcap)
{
	const json_t *unit, *since, *v;
	hz_date as_of, day;
	hz_tally *t;
	int64_t n;

	if (!json_is_object(doc)) {
		snprintf(err, errcap, HZ_("not a tally document (a JSON object)"));
		return NULL;
	}
	if (!json_date(json_object_get(doc, "as_of"), &as_of)) {
		snprintf(err, errcap, HZ_("no valid \"as_of\" date"));
		return NULL;
	}
	since = json_object_get(doc, "since");
	if (since && !json_is_null(since) && !json_date(since, &day)) {
		snprintf(err, errcap, HZ_("\"since\" is neither null nor a date"));
		return NULL;
	}
	unit = json_object_get(doc, "unit");
	if (unit && !json_is_null(unit) && !json_is_string(unit)) {
		snprintf(err, errcap, HZ_("\"unit\" is not a string"));
		return NULL;
	}
	t = hz_tally_new(json_is_string(unit) ? json_string_value(unit) : "", as_of,
			 json_is_string(since) ? &day : NULL);
	if ((v = json_object_get(doc, "skipped")) != NULL) {
		if (!json_count(v, &n) || n > LONG_MAX)
			goto bad_number;
		t->skipped = (long)n;
	}
	if ((v = json_object_get(doc, "unsourced")) != NULL) {
		if (!json_count(v, &n) || n > LONG_MAX)
			goto bad_number;
		t->unsourced = (long)n;
	}
	if (!parse_items(t, json_object_get(doc, "items"), err, errcap)) {
		hz_tally_free(t);
		return NULL;
	}
	return t;
bad_number:
	snprintf(err, errcap, HZ_("\"skipped\" and \"unsourced\" must be integers >= 0"));
	hz_tally_free(t);
	return NULL;
}

hz_tally *hz_tally_parse(const char *text, size_t n, size_t *used, char *err, size_t errcap)
{
	size_t ws = 0;
	json_error_t je;
	json_t *doc;
	hz_tally *t;

	*used = 0;
	err[0] = '\0';
	while (ws < n && (text[ws] == ' ' || text[ws] == '\t' || text[ws] == '\n' ||
			  text[ws] == '\r'))
		ws++;
	if (ws == n)
		return NULL;
	doc = json_loadb(text + ws, n - ws, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		snprintf(err, errcap, HZ_("not JSON: %s"), je.text);
		return NULL;
	}
	t = from_json(doc, err, errcap);
	json_decref(doc);
	if (t)
		*used = ws + (size_t)je.position;
	return t;
}

/* ---- tally documents: a stream of them ---- */

/* One document's bytes, cut from the stream without reading past it, so
 * that memory stays that of one document however long the input is (and
 * `--merge /dev/zero` ends at once). */
typedef struct doc_stream {
	FILE *in;
	char *buf;
	size_t len, cap;
	long line;              /* line of the next byte */
	long start;             /* line where the document began */
} doc_stream;

enum doc_cut { DOC_END, DOC_OK, DOC_NOT_OBJECT, DOC_TOO_LONG, DOC_TRUNCATED };

static inline void doc_put(doc_stream *s, int c)
{
	if (s->len == s->cap)
		s->buf = hz_xgrow(s->buf, &s->cap, s->len + 1);
	s->buf[s->len++] = (char)c;
}

/* The next document: white space, then a '{' and everything up to the '}'
 * that closes it (brackets counted outside strings; the JSON itself is
 * checked by jansson). */
static enum doc_cut doc_next(doc_stream *s)
{
	int c, depth = 0;
	bool in_string = false, escaped = false;

	s->len = 0;
	while ((c = getc_unlocked(s->in)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		s->line += c == '\n';
	if (c == EOF)
		return DOC_END;
	s->start = s->line;
	if (c != '{')
		return DOC_NOT_OBJECT;
	do {
		if (s->len >= HZ_TALLY_DOC_MAX)
			return DOC_TOO_LONG;
		doc_put(s, c);
		s->line += c == '\n';
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
		if (depth == 0)
			return DOC_OK;
	} while ((c = getc_unlocked(s->in)) != EOF);
	return DOC_TRUNCATED;
}

/* Read the documents of in, merging each into *acc. The number read, or -1
 * after an error (reported). */
static long merge_stream(FILE *in, const char *name, hz_tally **acc, hz_diag *d,
			 bool (*seen)(const hz_tally *t, void *arg), void *arg)
{
	doc_stream s = { .in = in, .line = 1 };
	char err[256];
	long docs = 0;
	enum doc_cut cut;
	size_t used;

	while (docs >= 0 && (cut = doc_next(&s)) != DOC_END) {
		hz_tally *t = NULL;

		if (cut == DOC_NOT_OBJECT)
			snprintf(err, sizeof err, HZ_("not a tally document (a JSON object)"));
		else if (cut == DOC_TOO_LONG)
			snprintf(err, sizeof err, HZ_("a tally document longer than %d bytes"),
				 HZ_TALLY_DOC_MAX);
		else
			t = hz_tally_parse(s.buf, s.len, &used, err, sizeof err);
		if (!t) {
			hz_diag_place(d, name, s.start, 0, HZ_RULE_BAD_TALLY, "%s", err);
			docs = -1;
			break;
		}
		docs++;
		if (seen && !seen(t, arg)) {
			hz_tally_free(t);
			docs = -1;
			break;
		}
		if (!*acc) {
			*acc = t;
			continue;
		}
		if (!hz_tally_merge(*acc, t, err, sizeof err)) {
			hz_diag_place(d, name, s.start, 0, HZ_RULE_AS_OF_MISMATCH, "%s", err);
			docs = -1;
		}
		hz_tally_free(t);
	}
	if (docs >= 0 && ferror(in)) {
		hz_diag_place(d, name, s.line, 0, HZ_RULE_IO, "cannot read: %s", strerror(errno));
		docs = -1;
	}
	/* An input with no document is not a zero tally: nothing says as of
	 * when, nor that the unit reported at all. */
	if (docs == 0) {
		hz_diag_place(d, name, s.line, 0, HZ_RULE_BAD_TALLY, "no tally document");
		docs = -1;
	}
	free(s.buf);
	return docs;
}

long hz_tally_merge_file(const char *path, hz_tally **acc, hz_diag *d)
{
	return hz_tally_merge_file_each(path, acc, d, NULL, NULL);
}

long hz_tally_merge_file_each(const char *path, hz_tally **acc, hz_diag *d,
			      bool (*seen)(const hz_tally *t, void *arg), void *arg)
{
	bool is_stdin = !path || strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	long docs;

	if (!in) {
		hz_diag_place(d, name, 1, 0, HZ_RULE_IO, "cannot open: %s", strerror(errno));
		return -1;
	}
	docs = merge_stream(in, name, acc, d, seen, arg);
	if (!is_stdin)
		fclose(in);
	return docs;
}
