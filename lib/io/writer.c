/* writer.c - records out: CSV/TSV with cells as read, canonical JSON, table,
 * labelled text lines */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "hz/amount.h"
#include "hz/date.h"
#include "hz/excel.h"
#include "hz/normalize.h"
#include "hz/table.h"
#include "hz/vocab.h"
#include "hz/strset.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* An output column that no input column holds: the 填报单位 a form's
 * preamble gave (填报单位：X), written as a column of its own so that it
 * is not lost with the title rows. */
#define PREAMBLE_REPORTER ((size_t)-1)
/* An output column holding the tool's added field i (--columns). */
#define EXTRA_MAX 64
#define EXTRA_COLUMN(i) ((size_t)-2 - (size_t)(i))

static bool extra_column(size_t c, size_t *i)
{
	if (c == PREAMBLE_REPORTER || c < EXTRA_COLUMN(EXTRA_MAX - 1))
		return false;
	*i = (size_t)-2 - c;
	return true;
}

struct hz_writer {
	FILE *out;
	hz_write_opts o;
	char delim;
	hz_schema *first;  /* the first record's schema: sets the columns
	                              (a copy, grown by later inputs, when
	                              `open`) */
	hz_schema *origin; /* the first record's own schema, when `open` */
	bool open;         /* a table or --columns: records of other
	                              columns are mapped, not refused */
	hz_schema *last;   /* the last schema mapped, and its mapping */
	int *map;          /* output column -> the record's column, -1 none */
	size_t ncols;      /* output columns, without the added fields */
	size_t nextra;     /* the added fields written after them (none
	                              with --columns, which places them) */
	size_t *order;     /* output column -> column of `first`,
	                              PREAMBLE_REPORTER or EXTRA_COLUMN(i) */
	size_t order_cap;
	bool started;
	long records;
	hz_table *table;
	char *row; /* a CSV row put together (csv_record) */
	size_t row_len, row_cap;
	char err[512];
};

void hz_write_opts_init(hz_write_opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = HZ_FMT_CSV;
}

hz_writer *hz_writer_new(FILE *out, const hz_write_opts *o)
{
	hz_writer *w = calloc(1, sizeof *w);

	if (!w)
		hz_out_of_memory();
	w->out = out;
	w->o = *o;
	if (w->o.excel)
		w->o.crlf = w->o.bom = true;
	w->delim = o->format == HZ_FMT_TSV ? '\t' : ',';
	return w;
}

/* ---- CSV ---- */

/* Every output cell is looked at: sixteen bytes at a time where SSE2 is. */
static bool needs_quotes(const char *s, size_t n, char delim)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"');
	const __m128i vr = _mm_set1_epi8('\r'), vn = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m =
		        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vq)),
		                     _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vn)));
		if (_mm_movemask_epi8(m))
			return true;
	}
#endif
	for (; i < n; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

void hz_csv_put_cell(FILE *out, const char *s, size_t n, char delim)
{
	if (!needs_quotes(s, n, delim)) {
		fwrite(s, 1, n, out);
		return;
	}
	putc('"', out);
	for (const char *q; n > 0 && (q = memchr(s, '"', n));) {
		fwrite(s, 1, (size_t)(q - s) + 1, out);
		putc('"', out);
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	fwrite(s, 1, n, out);
	putc('"', out);
}

char *hz_csv_format_row(const hz_str *cells, size_t n, char delim, bool quote_all, bool crlf,
                        size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);

	if (!m)
		return NULL;
	for (size_t c = 0; c < n; c++) {
		if (c)
			putc(delim, m);
		const char *s = cells[c].s ? cells[c].s : "";
		if (quote_all && !needs_quotes(s, cells[c].n, delim)) {
			putc('"', m);
			fwrite(s, 1, cells[c].n, m);
			putc('"', m);
		} else {
			hz_csv_put_cell(m, s, cells[c].n, delim);
		}
	}
	fputs(crlf ? "\r\n" : "\n", m);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}

/* A JSON record's columns are its keys, which may differ from record to
 * record: CSV output of JSON records has every field of their type, then
 * the first record's unknown keys. */
static hz_schema *json_columns(const hz_schema *s)
{
	hz_schema *full = hz_schema_full(s->type, true);

	full->from_json = true;
	for (size_t c = 0; c < s->ncols; c++) /* the office's it has */
		if (s->keys[c] != HZ_K_NONE && full->col[s->keys[c]] < 0)
			hz_schema_add(full, s->names[c], strlen(s->names[c]), s->keys[c]);
	for (size_t c = 0; c < s->ncols; c++)
		if (s->keys[c] == HZ_K_NONE)
			hz_schema_add(full, s->names[c], strlen(s->names[c]), HZ_K_NONE);
	return full;
}

/* Records of schema s go under the first one's header: the same fields,
 * or JSON records of the same type with the same unknown keys. */
static bool fits(const hz_schema *first, const hz_schema *s)
{
	if (hz_schema_same_fields(first, s))
		return true;
	if (!first->from_json || !s->from_json || first->type != s->type ||
	    s->type >= HZ_TYPE_COUNT)
		return false;
	/* an office column the first record lacked has no place in the header */
	for (size_t d = 0; d < s->ncols; d++) {
		const hz_field *f =
		        s->keys[d] != HZ_K_NONE ? hz_field_of(s->type, s->keys[d]) : NULL;
		if (f && (f->flags & HZ_F_OFFICE) && first->col[s->keys[d]] < 0)
			return false;
	}
	size_t unknown_first = 0, unknown_s = 0;
	for (size_t c = 0; c < first->ncols; c++)
		unknown_first += first->keys[c] == HZ_K_NONE;
	for (size_t d = 0; d < s->ncols; d++) {
		if (s->keys[d] != HZ_K_NONE)
			continue;
		unknown_s++;
		bool found = false;
		for (size_t c = 0; c < first->ncols && !found; c++)
			found = first->keys[c] == HZ_K_NONE &&
			        strcmp(first->names[c], s->names[d]) == 0;
		if (!found)
			return false;
	}
	return unknown_s == unknown_first;
}

static const char *column_name(const hz_writer *w, size_t c, const hz_extra *extra);

/* A copy of s that later inputs' columns can join. */
static hz_schema *schema_copy(const hz_schema *s)
{
	hz_schema *c = hz_schema_new(s->type);

	for (size_t i = 0; i < s->ncols; i++)
		hz_schema_add(c, s->names[i], strlen(s->names[i]), s->keys[i]);
	c->from_json = s->from_json;
	if (s->reporter)
		c->reporter = hz_xstrdup(s->reporter);
	return c;
}

static void order_push(hz_writer *w, size_t c)
{
	if (w->ncols + 1 > w->order_cap) {
		w->order_cap = w->order_cap ? 2 * w->order_cap : 32;
		w->order = hz_xrealloc(w->order, w->order_cap * sizeof *w->order);
		w->map = hz_xrealloc(w->map, w->order_cap * sizeof *w->map);
	}
	w->order[w->ncols++] = c;
}

/* The column of the schema a --columns name names: a field (key, header or
 * alias; one the first input lacks joins as an empty column), an unknown
 * column by its header, or a field the tool adds. */
static bool choose_column(hz_writer *w, hz_str name, const hz_extra *extra, size_t n)
{
	hz_schema *s = w->first;

	for (size_t c = 0; c < s->ncols; c++)
		if (s->keys[c] == HZ_K_NONE && hz_str_eq(name, s->names[c])) {
			order_push(w, c);
			return true;
		}
	for (size_t i = 0; i < n && i < EXTRA_MAX; i++)
		if (hz_str_eq(name, extra[i].header) || hz_str_eq(name, extra[i].key)) {
			order_push(w, EXTRA_COLUMN(i));
			return true;
		}
	hz_key k = hz_match_header(s->type, name);
	if (k == HZ_K_NONE)
		k = hz_match_header(HZ_TYPE_UNKNOWN, name);
	if (k == HZ_K_NONE)
		return false;
	if (s->col[k] < 0 && k == HZ_K_REPORTER && s->reporter) {
		order_push(w, PREAMBLE_REPORTER);
		return true;
	}
	if (s->col[k] < 0) {
		const hz_field *f = hz_field_of(s->type, k);
		const char *h = f ? (w->o.english ? f->name : f->header) : hz_key_name(k);
		hz_schema_add(s, h, strlen(h), k);
	}
	order_push(w, (size_t)s->col[k]);
	return true;
}

/* --columns: the output columns in the order named. */
static bool choose_columns(hz_writer *w, const hz_extra *extra, size_t n)
{
	const char *p = w->o.columns;

	while (*p) {
		size_t len = strcspn(p, ",");
		hz_str name = hz_trim((hz_str){ p, len });
		if (name.n > 0 && !choose_column(w, name, extra, n)) {
			snprintf(w->err, sizeof w->err,
			         HZ_("--columns: no column '%.*s' (a field's key, "
			             "header or alias, or a column's header)"),
			         (int)name.n, name.s);
			return false;
		}
		p += len + (p[len] == ',');
	}
	return true;
}

/* The output columns: the first schema's, in its order or (--form) with
 * the type's known fields in the form's order, unknown columns after;
 * with --columns, those named. */
static bool set_columns(hz_writer *w, hz_schema *first, const hz_extra *extra, size_t n)
{
	hz_schema *s = first->from_json && first->type < HZ_TYPE_COUNT ? json_columns(first)
	                                                               : hz_schema_ref(first);
	w->open = w->o.format == HZ_FMT_TABLE || w->o.format == HZ_FMT_TEXT || w->o.columns;
	if (w->open) {
		w->origin = s;
		s = schema_copy(s);
	}
	w->first = s;
	w->nextra = w->o.columns ? 0 : n;
	if (w->o.columns)
		return choose_columns(w, extra, n);
	if (w->o.form_order && s->type < HZ_TYPE_COUNT) {
		size_t nf;
		const hz_field *f = hz_fields(s->type, &nf);
		for (size_t i = 0; i < nf; i++)
			if (s->col[f[i].key] >= 0)
				order_push(w, (size_t)s->col[f[i].key]);
		for (size_t c = 0; c < s->ncols; c++)
			if (s->keys[c] == HZ_K_NONE || s->col[s->keys[c]] != (int)c)
				order_push(w, c);
	} else {
		for (size_t c = 0; c < s->ncols; c++)
			order_push(w, c);
	}
	if (s->reporter && s->col[HZ_K_REPORTER] < 0)
		order_push(w, PREAMBLE_REPORTER);
	if (!w->order)
		order_push(w, 0), w->ncols = 0; /* storage for no column */
	return true;
}

static bool has_preamble_column(const hz_writer *w)
{
	for (size_t o = 0; o < w->ncols; o++)
		if (w->order[o] == PREAMBLE_REPORTER)
			return true;
	return false;
}

/* A table takes records whose columns differ from the first input's: the
 * columns of s that the output lacks join it, at the end of the record
 * columns (before the added fields), empty in the rows above. */
static void widen(hz_writer *w, const hz_schema *s)
{
	hz_schema *u = w->first;
	size_t before = w->ncols;

	for (size_t d = 0; d < s->ncols; d++) {
		hz_key k = s->keys[d];
		bool have = false;
		if (k != HZ_K_NONE && s->col[k] != (int)d)
			k = HZ_K_NONE; /* a second column of a field: kept as unknown */
		if (k != HZ_K_NONE)
			have = u->col[k] >= 0 || (k == HZ_K_REPORTER && has_preamble_column(w));
		else
			for (size_t c = 0; c < u->ncols && !have; c++)
				have = u->keys[c] == HZ_K_NONE &&
				       strcmp(u->names[c], s->names[d]) == 0;
		if (have)
			continue;
		const hz_field *f = k != HZ_K_NONE && s->from_json ? hz_field_of(s->type, k) : NULL;
		const char *name = f ? (w->o.english ? f->name : f->header) : s->names[d];
		order_push(w, hz_schema_add(u, name, strlen(name), k));
	}
	if (s->reporter && u->col[HZ_K_REPORTER] < 0 && !has_preamble_column(w))
		order_push(w, PREAMBLE_REPORTER);
	if (w->ncols == before)
		return;
	hz_str *names = hz_xcalloc(w->ncols - before, sizeof *names);
	for (size_t o = before; o < w->ncols; o++)
		names[o - before] = hz_str_c(column_name(w, w->order[o], NULL));
	hz_table_insert_columns(w->table, before, w->ncols - before, names);
	free(names);
}

/* Map the output columns onto a record's schema (by key or unknown name). */
static bool map_schema(hz_writer *w, hz_schema *s)
{
	size_t i;

	if (s == w->last)
		return true;
	if (!w->open && s != w->first && !fits(w->first, s))
		return false;
	if (w->table && s != w->origin && !w->o.columns)
		widen(w, s);
	for (size_t o = 0; o < w->ncols; o++) {
		size_t c = w->order[o];
		if (c == PREAMBLE_REPORTER || extra_column(c, &i)) {
			w->map[o] = -1;
			continue;
		}
		hz_key k = w->first->keys[c];
		int m = -1;
		if (s == w->first || (s == w->origin && c < s->ncols))
			m = (int)c;
		else if (k != HZ_K_NONE && w->first->col[k] == (int)c)
			m = s->col[k];
		else
			for (size_t d = 0; d < s->ncols && m < 0; d++)
				if (s->keys[d] == HZ_K_NONE &&
				    strcmp(s->names[d], w->first->names[c]) == 0)
					m = (int)d;
		w->map[o] = m;
	}
	w->last = s;
	return true;
}

/* The header of output column c (extra: the added fields, for theirs). */
static const char *column_name(const hz_writer *w, size_t c, const hz_extra *extra)
{
	const hz_schema *s = w->first;
	size_t i;

	if (extra_column(c, &i))
		return extra ? (w->o.english ? extra[i].key : extra[i].header) : "";
	if (c == PREAMBLE_REPORTER)
		return w->o.english ? "reporter" : hz_field_of(HZ_HAZARD, HZ_K_REPORTER)->header;
	hz_key k = s->keys[c];

	if (s->from_json && k != HZ_K_NONE) {
		const hz_field *f = hz_field_of(s->type, k);
		if (f)
			return w->o.english ? f->name : f->header;
	}
	return s->names[c];
}

/* The cell of output column o for record r, normalised when asked.
 * *owned receives a malloc'd text to free, if any. */
static hz_str cell_of(hz_writer *w, const hz_record *r, size_t o, char **owned,
                      const hz_extra *extra)
{
	int m = w->map[o];
	hz_str v = m >= 0 && (size_t)m < r->ncells ? r->cells[m] : (hz_str){ "", 0 };
	size_t i;

	*owned = NULL;
	if (extra_column(w->order[o], &i))
		return hz_str_c(extra && extra[i].text ? extra[i].text : "");
	if (w->order[o] == PREAMBLE_REPORTER ||
	    (m >= 0 && r->schema->keys[m] == HZ_K_REPORTER && hz_blank(v))) {
		v = hz_get(r, HZ_K_REPORTER); /* the preamble's 填报单位 */
		return v.s ? v : (hz_str){ "", 0 };
	}
	if (w->o.normalize && m >= 0 && r->schema->keys[m] != HZ_K_NONE) {
		const hz_field *f = hz_field_of(r->schema->type, r->schema->keys[m]);
		if (f && (*owned = hz_normalize_cell(f, v, r)))
			v = hz_str_c(*owned);
	}
	return v;
}

/* Does output column o hold numbers (amounts, counts, ids)? A plain
 * negative number there needs no formula guard (issue 6). */
static bool numeric_column(const hz_writer *w, const hz_record *r, size_t o)
{
	int m = w->map[o];

	return m >= 0 && hz_excel_numeric_field(r->schema->type, r->schema->keys[m]);
}

/* A row (the header, a record) is put together in w->row and written in
 * one call: a stdio call a cell and a delimiter, each taking the stream's
 * lock, cost more than the bytes (hz-overdue writes most of a large
 * register). */
static void row_add(hz_writer *w, const char *s, size_t n)
{
	if (n == 0)
		return;
	w->row = hz_xgrow(w->row, &w->row_cap, w->row_len + n);
	memcpy(w->row + w->row_len, s, n);
	w->row_len += n;
}

/* A cell as hz_csv_put_cell writes it, after the formula guard (an
 * apostrophe or nothing, hz_excel_guard), which never needs quotes itself. */
static void row_cell(hz_writer *w, const char *guard, const char *s, size_t n)
{
	if (!needs_quotes(s, n, w->delim)) {
		if (*guard)
			row_add(w, guard, strlen(guard));
		row_add(w, s, n);
		return;
	}
	row_add(w, "\"", 1);
	if (*guard)
		row_add(w, guard, strlen(guard));
	for (const char *q; n > 0 && (q = memchr(s, '"', n));) {
		row_add(w, s, (size_t)(q - s) + 1);
		row_add(w, "\"", 1);
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	row_add(w, s, n);
	row_add(w, "\"", 1);
}

/* A text cell, guarded for Excel when asked, after its delimiter. */
static void row_text_cell(hz_writer *w, bool first, hz_str v, bool numeric)
{
	if (!first)
		row_add(w, &w->delim, 1);
	row_cell(w, w->o.excel ? hz_excel_guard(v, numeric) : "", v.s ? v.s : "", v.n);
}

/* End the row and write it. */
static void row_write(hz_writer *w)
{
	row_add(w, w->o.crlf ? "\r\n" : "\n", w->o.crlf ? 2 : 1);
	fwrite(w->row, 1, w->row_len, w->out);
	w->row_len = 0;
}

static void csv_header(hz_writer *w, const hz_extra *extra, size_t n)
{
	if (w->o.bom)
		row_add(w, "\xEF\xBB\xBF", 3);
	for (size_t o = 0; o < w->ncols; o++)
		row_text_cell(w, o == 0, hz_str_c(column_name(w, w->order[o], extra)), false);
	for (size_t i = 0; i < n && i < w->nextra; i++)
		row_text_cell(w, w->ncols == 0 && i == 0,
		              hz_str_c(w->o.english ? extra[i].key : extra[i].header), false);
	row_write(w);
}

static void csv_record(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n)
{
	char *owned;
	/* the cells the reader knows need no quotes go as they are, unless
	 * they are guarded or normalised, or a blank 填报单位 the preamble's
	 * stands for (cell_of) */
	uint64_t plain =
	        r->plain_delim == w->delim && !w->o.excel && !w->o.normalize ? r->plain : 0;

	for (size_t o = 0; o < w->ncols; o++) {
		int m = w->map[o];
		if (m >= 0 && m < 64 && (plain >> m & 1) && (size_t)m < r->ncells &&
		    r->schema->keys[m] != HZ_K_REPORTER) {
			hz_str v = r->cells[m];
			w->row = hz_xgrow(w->row, &w->row_cap, w->row_len + v.n + 1);
			if (o > 0)
				w->row[w->row_len++] = w->delim;
			memcpy(w->row + w->row_len, v.s, v.n);
			w->row_len += v.n;
			continue;
		}
		row_text_cell(w, o == 0, cell_of(w, r, o, &owned, extra),
		              w->o.excel && numeric_column(w, r, o));
		free(owned);
	}
	for (size_t i = 0; i < n && i < w->nextra; i++)
		row_text_cell(w, w->ncols == 0 && i == 0,
		              hz_str_c(extra[i].text ? extra[i].text : ""), false);
	row_write(w);
}

/* ---- text: one line a record, each cell with its header ---- */

/* A cell on one line: a line break or tab inside it is a space. */
static void row_inline(hz_writer *w, hz_str v)
{
	v = hz_trim(v);
	for (size_t i = 0; i < v.n; i++) {
		char c = v.s[i];
		if (c == '\r' && i + 1 < v.n && v.s[i + 1] == '\n')
			continue;
		if (c == '\r' || c == '\n' || c == '\t')
			c = ' ';
		row_add(w, &c, 1);
	}
}

static void row_labelled(hz_writer *w, bool first, const char *label, hz_str v)
{
	if (!first) /* not a comma: Chinese cells are full of them */
		row_add(w, "；", strlen("；"));
	row_add(w, label, strlen(label));
	row_add(w, "：", strlen("："));
	if (hz_blank(v))
		row_add(w, "未填", strlen("未填"));
	else
		row_inline(w, v);
}

void hz_text_put_cell(FILE *out, bool first, const char *label, hz_str v)
{
	hz_writer w = { .out = out };

	row_labelled(&w, first, label, v);
	fwrite(w.row, 1, w.row_len, out);
	free(w.row);
}

/* A field the record's type does not have (a notice's 责任人) is left out
 * of its line, where a CSV keeps the column empty. */
static bool foreign_field(const hz_writer *w, size_t c)
{
	size_t i;

	if (c == PREAMBLE_REPORTER || extra_column(c, &i) || w->first->keys[c] == HZ_K_NONE)
		return false;
	return w->first->type < HZ_TYPE_COUNT && !hz_field_of(w->first->type, w->first->keys[c]);
}

static void text_record(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n)
{
	char *owned;
	bool first = true;

	for (size_t o = 0; o < w->ncols; o++) {
		if (foreign_field(w, w->order[o]))
			continue;
		row_labelled(w, first, column_name(w, w->order[o], extra),
		             cell_of(w, r, o, &owned, extra));
		free(owned);
		first = false;
	}
	for (size_t i = 0; i < n && i < w->nextra; i++)
		row_labelled(w, first && i == 0, w->o.english ? extra[i].key : extra[i].header,
		             hz_str_c(extra[i].text ? extra[i].text : ""));
	row_add(w, "\n", 1);
	fwrite(w->row, 1, w->row_len, w->out);
	w->row_len = 0;
}

/* ---- JSON ---- */

static void json_date_or_text(FILE *out, hz_str v, int flags)
{
	hz_date d;
	char iso[11];

	if (hz_blank(v)) {
		fputs("null", out);
	} else if (hz_date_parse(v, flags, &d)) {
		hz_date_format(d, iso);
		hz_json_put_string(out, iso, 10);
	} else {
		hz_json_put_string(out, v.s, v.n);
	}
}

static bool json_number(FILE *out, hz_str v, bool amount)
{
	long n;
	hz_amount a;
	char buf[32];

	if (!amount && hz_count_parse(v, &n)) {
		/* digits by hand: every record has a few numbers */
		char *p = buf + sizeof buf;
		unsigned long u = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
		do
			*--p = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (n < 0)
			*--p = '-';
		fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
		return true;
	}
	if (amount && hz_amount_parse(v, &a)) {
		hz_amount_format(a, buf);
		fputs(buf, out);
		return true;
	}
	return false;
}

struct progress_arg {
	FILE *out;
	hz_str dates;
	size_t ndates;
};

/* A line break inside one entry (HZ_ENTRY_BREAK in the cell) is a plain
 * \n in JSON, where entries are objects of their own: a copy with them
 * made \n, or NULL when v has none. */
static char *entry_breaks_back(hz_str v, hz_str *out)
{
	const char *b = NULL;
	char *copy;
	size_t o = 0;

	for (const char *at = v.s; at && !b && (at = memchr(at, '\xE2', (size_t)(v.s + v.n - at)));)
		if (at + 3 <= v.s + v.n && memcmp(at, HZ_ENTRY_BREAK, 3) == 0)
			b = at;
		else
			at++;
	if (!b)
		return NULL;
	copy = hz_xrealloc(NULL, v.n + 1);
	for (size_t i = 0; i < v.n;) {
		if (i + 3 <= v.n && memcmp(v.s + i, HZ_ENTRY_BREAK, 3) == 0) {
			copy[o++] = '\n';
			i += 3;
		} else {
			copy[o++] = v.s[i++];
		}
	}
	*out = (hz_str){ copy, o };
	return copy;
}

static void progress_entry(hz_str line, size_t i, void *arg)
{
	struct progress_arg *p = arg;
	hz_str date = i < p->ndates ? hz_line_at(p->dates, i) : (hz_str){ "", 0 };
	char *d = entry_breaks_back(date, &date), *t = entry_breaks_back(line, &line);

	fputs(i ? ",{\"date\":" : "{\"date\":", p->out);
	json_date_or_text(p->out, date, 0);
	fputs(",\"text\":", p->out);
	hz_json_put_string(p->out, line.s, line.n);
	putc('}', p->out);
	free(d);
	free(t);
}

static void json_progress(FILE *out, const hz_record *r)
{
	hz_str text = hz_get(r, HZ_K_PROGRESS), dates = hz_get(r, HZ_K_PROGRESS_DATE);
	size_t nt = text.s ? hz_line_count(text) : 0;
	size_t nd = dates.s ? hz_line_count(dates) : 0;

	if (nt == 0 && nd == 0) {
		fputs("null", out);
		return;
	}
	struct progress_arg arg = { out, dates, nd };
	putc('[', out);
	if (text.s)
		hz_lines(text, progress_entry, &arg);
	for (size_t i = nt; i < nd; i++) /* dates without a text */
		progress_entry((hz_str){ "", 0 }, i, &arg);
	putc(']', out);
}

static void json_list_entry(hz_str line, size_t i, void *arg)
{
	FILE *out = arg;
	char *t = entry_breaks_back(line, &line);

	if (i)
		putc(',', out);
	hz_json_put_string(out, line.s, line.n);
	free(t);
}

/* One known field's canonical JSON value (hz-formats(5) "JSON Lines form"). */
static void json_value(FILE *out, const hz_record *r, const hz_field *f, hz_str v)
{
	bool yes;

	if (f->kind == HZ_KIND_LINES) {
		json_progress(out, r);
		return;
	}
	if (hz_blank(v)) {
		fputs("null", out);
		return;
	}
	switch (f->kind) {
	case HZ_KIND_LIST: /* one entry a line: an array of strings */
		putc('[', out);
		hz_lines(v, json_list_entry, out);
		putc(']', out);
		return;
	case HZ_KIND_ID:
	case HZ_KIND_COUNT:
		if (json_number(out, v, false))
			return;
		break;
	case HZ_KIND_AMOUNT:
		if (json_number(out, v, true))
			return;
		break;
	case HZ_KIND_SUB:
		if (json_number(out, v, false) || json_number(out, v, true))
			return;
		break;
	case HZ_KIND_DATE:
		json_date_or_text(out, v, f->key == HZ_K_DEADLINE ? HZ_DATE_ALLOW_BEFORE : 0);
		return;
	case HZ_KIND_FLAG:
	case HZ_KIND_LISTED:
		if (hz_flag_parse(v, &yes)) {
			fputs(yes ? "true" : "false", out);
			return;
		}
		if (f->kind == HZ_KIND_LISTED) {
			json_date_or_text(out, v, 0);
			return;
		}
		break;
	default:
		break;
	}
	hz_json_put_string(out, v.s, v.n);
}

/* The keys an unknown column must not take: "type" and the fields the
 * record writes. The names of unknown columns join as they are written, so
 * a later column named like an earlier one is told apart. A set, not a scan
 * of the earlier columns: 80,000 unknown columns stay linear. */
static hz_strset *keys_taken(const hz_schema *s)
{
	hz_strset *taken = hz_strset_new();

	hz_strset_add(taken, "type", 4);
	for (hz_key k = 0; k < HZ_KEY_COUNT; k++)
		if (s->col[k] >= 0)
			hz_strset_add(taken, hz_key_name(k), strlen(hz_key_name(k)));
	return taken;
}

/* An unknown column's key: its header, or where that is empty or taken
 * (two columns named alike, a column named like a field), the header with
 * its column number, so that no object has a key twice. */
static void unknown_key(FILE *out, const hz_schema *s, size_t c, hz_strset *taken)
{
	const char *name = s->names[c];
	size_t len = strlen(name);

	if (len > 0 && hz_strset_add(taken, name, len)) {
		hz_json_put_string(out, name, len);
		return;
	}
	char *key = hz_xrealloc(NULL, len + 24);
	int n = snprintf(key, len + 24, "%s#%zu", name, c + 1);
	hz_json_put_string(out, key, (size_t)n);
	free(key);
}

static void json_record(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n)
{
	FILE *out = w->out;
	hz_schema *s = r->schema;
	bool any = false;
	char *owned;
	hz_strset *taken = NULL;

	putc('{', out);
	if (s->type < HZ_TYPE_COUNT) {
		fputs("\"type\":\"", out);
		fputs(hz_type_name(s->type), out);
		putc('"', out);
		any = true;
		size_t nf;
		const hz_field *f = hz_fields(s->type, &nf);
		for (size_t i = 0; i < nf; i++) {
			int c = s->col[f[i].key];
			/* JSON has no preamble: the 填报单位 of a CSV's title rows
			 * goes into each record (hz_get falls back to it) */
			bool preamble = f[i].key == HZ_K_REPORTER && s->reporter;
			if (f[i].kind == HZ_KIND_DATES)
				continue; /* inside progress */
			if (c < 0 && !preamble &&
			    !(f[i].kind == HZ_KIND_LINES && s->col[HZ_K_PROGRESS_DATE] >= 0))
				continue;
			hz_str v = preamble                          ? hz_get(r, HZ_K_REPORTER)
			           : c >= 0 && (size_t)c < r->ncells ? r->cells[c]
			                                             : (hz_str){ "", 0 };
			owned = w->o.normalize ? hz_normalize_cell(&f[i], v, r) : NULL;
			if (owned)
				v = hz_str_c(owned);
			fputs(",\"", out);
			fputs(f[i].name, out);
			fputs("\":", out);
			json_value(out, r, &f[i], v);
			free(owned);
		}
	}
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->keys[c] != HZ_K_NONE && s->col[s->keys[c]] == (int)c)
			continue;
		if (any)
			putc(',', out);
		any = true;
		if (!taken)
			taken = keys_taken(s);
		unknown_key(out, s, c, taken);
		putc(':', out);
		hz_str v = c < r->ncells ? r->cells[c] : (hz_str){ "", 0 };
		hz_json_put_string(out, v.s ? v.s : "", v.n);
	}
	for (size_t i = 0; i < n; i++) {
		if (any)
			putc(',', out);
		any = true;
		hz_json_put_string(out, extra[i].key, strlen(extra[i].key));
		putc(':', out);
		if (extra[i].json)
			fputs(extra[i].json, out);
		else
			hz_json_put_string(out, extra[i].text ? extra[i].text : "",
			                   strlen(extra[i].text ? extra[i].text : ""));
	}
	putc('}', out);
	hz_strset_free(taken);
}

/* ---- table ---- */

static void table_row(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n,
                      bool header)
{
	hz_str *cells = calloc(w->ncols + n + 1, sizeof *cells);
	char **owned = calloc(w->ncols + 1, sizeof *owned);

	if (!cells || !owned)
		hz_out_of_memory();
	for (size_t o = 0; o < w->ncols; o++)
		cells[o] = header ? hz_str_c(column_name(w, w->order[o], extra))
		                  : cell_of(w, r, o, &owned[o], extra);
	for (size_t i = 0; i < n && i < w->nextra; i++)
		cells[w->ncols + i] =
		        hz_str_c(header ? (w->o.english ? extra[i].key : extra[i].header)
		                        : (extra[i].text ? extra[i].text : ""));
	hz_table_add(w->table, cells);
	for (size_t o = 0; o < w->ncols; o++)
		free(owned[o]);
	free(owned);
	free(cells);
}

/* The columns, from the first schema, and the header row (text lines
 * have none: each line names its fields). */
static int start(hz_writer *w, hz_schema *s, const hz_extra *extra, size_t n)
{
	if (!set_columns(w, s, extra, n))
		return -1;
	if (w->o.format == HZ_FMT_TABLE) {
		w->table = hz_table_new(w->ncols + w->nextra);
		table_row(w, NULL, extra, n, true);
	} else if (w->o.format != HZ_FMT_TEXT) {
		csv_header(w, extra, n);
	}
	return 0;
}

int hz_writer_put_header(hz_writer *w, const hz_schema *s, const hz_extra *extra, size_t n,
                         char *err, size_t errcap)
{
	if (w->first || !s || hz_format_is_json(w->o.format))
		return 0;
	int rc = start(w, (hz_schema *)s, extra, n);
	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, "%s", w->err);
	return rc;
}

static int put(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n)
{
	bool json = hz_format_is_json(w->o.format);

	if (json) {
		if (w->o.columns) {
			snprintf(w->err, sizeof w->err,
			         HZ_("--columns chooses the columns of "
			             "-o table, csv or tsv; JSON has every field"));
			return -1;
		}
		if (w->o.format == HZ_FMT_JSON)
			fputs(w->records ? ",\n" : "[\n", w->out);
		json_record(w, r, extra, n);
		if (w->o.format == HZ_FMT_JSONL)
			putc('\n', w->out);
		w->records++;
		return 0;
	}
	if (!w->first && start(w, r->schema, extra, n) != 0)
		return -1;
	if (!map_schema(w, r->schema)) {
		snprintf(w->err, sizeof w->err,
		         HZ_("%s: its columns differ from those of the first input; "
		             "CSV output has one header (use -o jsonl to mix them)"),
		         r->place.file ? r->place.file : "<stdin>");
		return -1;
	}
	if (w->o.format == HZ_FMT_TABLE)
		table_row(w, r, extra, n, false);
	else if (w->o.format == HZ_FMT_TEXT)
		text_record(w, r, extra, n);
	else
		csv_record(w, r, extra, n);
	w->records++;
	return 0;
}

/* The reason of a failure goes to the caller's err, as everywhere in libhz
 * (libhz(3), ERRORS). */
int hz_writer_put(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n, char *err,
                  size_t errcap)
{
	int rc = put(w, r, extra, n);

	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, "%s", w->err);
	return rc;
}

int hz_writer_close(hz_writer *w, char *err, size_t errcap)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->o.format == HZ_FMT_JSON)
		fputs(w->records ? "\n]\n" : "[]\n", w->out);
	if (w->table) {
		if (hz_table_print(w->table, w->out, w->o.table_width) != 0)
			rc = -1;
		hz_table_free(w->table);
	}
	if (fflush(w->out) != 0 || ferror(w->out))
		rc = -1;
	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, HZ_("write error: %s"), strerror(errno ? errno : EIO));
	if (w->first)
		hz_schema_unref(w->first);
	if (w->origin)
		hz_schema_unref(w->origin);
	free(w->order);
	free(w->map);
	free(w->row);
	free(w);
	return rc;
}
