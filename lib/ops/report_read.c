/* report_read.c - a 附件1 report read back from any grid a unit sends
 *
 * The form is read as a grid of cells, in reading order (row by row, left
 * to right), whatever its layout: a cell holding an item code alone
 * (1.1 ... 4.10, text or number) starts an item, and its value is the
 * first number to its right in the same row before the next code cell
 * (an empty value is 0; 4.6 takes 是/否 too); for the items with a second
 * value (the item table's agg2) the second number is value2. A code cell
 * is one of a code not seen yet whose next filled cell to the right is
 * text, its label (a value of 1.1 万元 is no item 1.1); a second 3.1 (or
 * 4.1) is 3.10 (a number cell dropped its 0). The first text after a code
 * is its label, and its measure words (个, 次, 万元) are passed over; any
 * other text where a value goes (三) is an error naming the item. The unit and the date come
 * from 单位名称：X and 时间：2023年6月30日 cells, or the cell right of a
 * 单位名称 or 时间 cell, or, in hz-tally's own CSV, its 单位名称 and
 * 截至日期 columns. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/date.h"
#include "hz/i18n.h"
#include "hz/items.h"
#include "hz/report_read.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "record_int.h"

typedef struct grid {
	const hz_item *items;
	size_t nitems;
	hz_tally *t;
	bool *seen;
	int last;      /* index of the last code seen, -1 none */
	int cur;       /* the item whose values are being read, -1 none */
	int nvalues;   /* values read for cur */
	bool labelled; /* cur's label cell was passed */
	bool any_code;
	char *unit;
	hz_date as_of;
	bool want_unit, want_date; /* the next cell names them */
	char err[256];
} grid;

static bool same(hz_str v, const char *w)
{
	return v.n == strlen(w) && (v.n == 0 || memcmp(v.s, w, v.n) == 0);
}

/* The item a cell names as a code not seen yet; -1 none. */
static int code_of(const grid *g, hz_str v)
{
	for (size_t i = 0; i < g->nitems; i++) {
		if (g->seen[i])
			continue;
		const char *code = g->items[i].code;
		size_t n = strlen(code);
		if (same(v, code))
			return (int)i;
		/* 3.10 typed as a number is 3.1: the second 3.1 is 3.10 */
		if (n > 2 && code[n - 1] == '0' && v.n == n - 1 && memcmp(v.s, code, n - 1) == 0) {
			for (size_t k = 0; k < g->nitems; k++)
				if (g->seen[k] && same(v, g->items[k].code))
					return (int)i;
		}
	}
	return -1;
}

static bool is_number(hz_str v)
{
	hz_amount a;

	return hz_amount_parse(v, &a);
}

/* Text of a form's label cell: the item's label, its measure (or one of
 * its parts), a section title, 其中: skipped when looking for values. */
static bool label_cell(const hz_item *it, hz_str v)
{
	size_t ns;
	const hz_section *s = hz_sections(&ns);

	if (same(v, it->label) || same(v, it->measure) || same(v, "其中"))
		return true;
	for (size_t i = 0; i < ns; i++)
		if (same(v, s[i].title))
			return true;
	/* "次, 万元": each part */
	const char *m = it->measure;
	while (*m) {
		const char *e = strchr(m, ',');
		size_t n = e ? (size_t)(e - m) : strlen(m);
		hz_str part = hz_trim((hz_str){ m, n });
		if (part.n == v.n && (v.n == 0 || memcmp(part.s, v.s, v.n) == 0))
			return true;
		m += n;
		while (*m == ',' || *m == ' ')
			m++;
	}
	/* a part of the label (a label cut over two cells) */
	if (v.n < 6 || v.n > 255)
		return false;
	char part[256];
	memcpy(part, v.s, v.n);
	part[v.n] = '\0';
	return strstr(it->label, part) != NULL;
}

static bool value_of(const hz_item *it, bool second, hz_str v, int64_t *out)
{
	long n;
	bool yes;
	hz_amount a;
	bool amount = second ? it->agg2 == HZ_AGG2_SUM_AMOUNT || it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT
	                     : it->agg == HZ_AGG_SUM_AMOUNT;

	if (!second && it->agg == HZ_AGG_LATEST_FLAG) {
		if (hz_flag_parse(v, &yes)) {
			*out = yes;
			return true;
		}
		if (hz_count_parse(v, &n) && n <= 1) {
			*out = n;
			return true;
		}
		return false;
	}
	if (amount) {
		if (!hz_amount_parse(v, &a))
			return false;
		*out = a;
		return true;
	}
	if (!hz_count_parse(v, &n))
		return false;
	*out = n;
	return true;
}

/* 单位名称：X, 填报单位(盖章)：X, 时间：D. The name ends at two spaces, an
 * ideographic space or a second label (tools.md). */
static bool labelled(hz_str v, const char *label, hz_str *rest, bool *alone)
{
	size_t n = strlen(label);

	if (v.n < n || memcmp(v.s, label, n) != 0)
		return false;
	hz_str r = { v.s + n, v.n - n };
	/* (盖章) or （盖章） */
	static const char *const stamps[] = { "(盖章)", "（盖章）" };
	for (size_t i = 0; i < 2; i++)
		if (r.n >= strlen(stamps[i]) && memcmp(r.s, stamps[i], strlen(stamps[i])) == 0) {
			r.s += strlen(stamps[i]);
			r.n -= strlen(stamps[i]);
		}
	r = hz_trim(r);
	*alone = r.n == 0;
	if (r.n >= 3 && memcmp(r.s, "：", 3) == 0) {
		r.s += 3;
		r.n -= 3;
	} else if (r.n >= 1 && r.s[0] == ':') {
		r.s++;
		r.n--;
	} else if (!*alone) {
		return false;
	}
	r = hz_trim(r);
	for (size_t i = 0; i < r.n; i++) {
		if ((i + 1 < r.n && r.s[i] == ' ' && r.s[i + 1] == ' ') ||
		    (i + 3 <= r.n && memcmp(r.s + i, "\u3000", 3) == 0) ||
		    (i + 3 <= r.n && memcmp(r.s + i, "：", 3) == 0)) {
			r.n = i;
			break;
		}
	}
	/* a second label: 公园社区 填报时间：... */
	*rest = hz_trim(r);
	for (size_t i = 0; i < rest->n; i++)
		if (rest->s[i] == ' ') {
			rest->n = i;
			break;
		}
	return true;
}

static void take_unit(grid *g, hz_str v)
{
	if (g->unit || v.n == 0)
		return;
	g->unit = hz_xstrndup(v.s, v.n);
}

static void take_date(grid *g, hz_str v)
{
	hz_date d;

	if (g->as_of == 0 && hz_date_parse(v, 0, &d))
		g->as_of = d;
}

static void finish_item(grid *g)
{
	g->cur = -1;
}

static void cell(grid *g, const hz_str *row, size_t n, size_t at)
{
	hz_str v = hz_trim(row[at]), rest;
	bool alone;
	int c;

	if (g->err[0])
		return;
	if (v.n == 0)
		return;
	if (g->want_unit) {
		g->want_unit = false;
		take_unit(g, v);
		return;
	}
	if (g->want_date) {
		g->want_date = false;
		take_date(g, v);
		return;
	}
	if ((c = code_of(g, v)) >= 0) {
		/* a code has its label to its right */
		size_t k = at + 1;
		while (k < n && hz_trim(row[k]).n == 0)
			k++;
		c = k < n && !is_number(hz_trim(row[k])) ? c : -1;
	}
	if (c >= 0) {
		finish_item(g);
		g->labelled = false;
		g->any_code = true;
		g->last = g->cur = c;
		g->seen[c] = true;
		g->nvalues = 0;
		return;
	}
	if (labelled(v, "单位名称", &rest, &alone) || labelled(v, "填报单位", &rest, &alone)) {
		if (alone)
			g->want_unit = true;
		else
			take_unit(g, rest);
		return;
	}
	if (labelled(v, "时间", &rest, &alone) || labelled(v, "填报时间", &rest, &alone) ||
	    labelled(v, "截至日期", &rest, &alone)) {
		if (alone)
			g->want_date = true;
		else
			take_date(g, rest);
		return;
	}
	if (g->cur < 0)
		return;
	const hz_item *it = &g->items[g->cur];
	int want = it->agg2 == HZ_AGG2_NONE ? 1 : 2;
	if (g->nvalues >= want)
		return;
	if (!g->labelled && g->nvalues == 0 && !is_number(v) &&
	    !(it->agg == HZ_AGG_LATEST_FLAG && value_of(it, false, v, &(int64_t){ 0 }))) {
		g->labelled = true; /* the label, however it is worded */
		return;
	}
	if (label_cell(it, v))
		return;
	int64_t x;
	if (!value_of(it, g->nvalues == 1, v, &x)) {
		/* text that is neither a label nor a number: a value written
		 * in words, say; the item is named */
		if (v.n > 0 && (unsigned char)v.s[0] < 0x80 && !(v.s[0] >= '0' && v.s[0] <= '9'))
			return; /* an ASCII word: a caption, not a value */
		snprintf(g->err, sizeof g->err, HZ_("item %s: '%.*s' is not a number"), it->code,
		         (int)(v.n > 60 ? 60 : v.n), v.s);
		return;
	}
	if (g->nvalues == 0)
		g->t->value[g->cur] = x;
	else
		g->t->value2[g->cur] = x;
	g->nvalues++;
}

/* A row ends: the cell right of a 单位名称 is in the same row. */
static void row_end(grid *g)
{
	g->want_unit = g->want_date = false;
	finish_item(g);
}

static char *slurp(const char *path, size_t max, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = hz_xrealloc(NULL, max + 1);
	*n = fread(buf, 1, max + 1, f);
	fclose(f);
	if (*n > max) {
		free(buf);
		return NULL;
	}
	buf[*n] = '\0';
	return buf;
}

static bool looks_json(const char *path)
{
	FILE *f = fopen(path, "rb");
	int c;

	if (!f)
		return false;
	while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF ||
	       c == 0xBB || c == 0xBF)
		;
	fclose(f);
	return c == '{';
}

/* The first row, read as the header's names. */
static void header_cells(grid *g, const hz_schema *s)
{
	hz_str *row = hz_xcalloc(s->ncols + 1, sizeof *row);

	for (size_t c = 0; c < s->ncols; c++)
		row[c] = hz_str_c(s->names[c]);
	for (size_t c = 0; c < s->ncols; c++)
		cell(g, row, s->ncols, c);
	row_end(g);
	free(row);
}

/* A file to read as a form rather than as tally documents: a regular,
 * non-empty file that is not JSON (by its name or its first character).
 * A pipe or a device is a stream of documents, read one at a time. */
static bool grid_file(const char *path)
{
	struct stat st;
	const char *dot = strrchr(path, '.');

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return false;
	if (dot && (strcmp(dot, ".json") == 0 || strcmp(dot, ".jsonl") == 0 ||
	            strcmp(dot, ".ndjson") == 0))
		return false;
	return !looks_json(path);
}

/* hz-tally's own CSV: 单位名称 and 截至日期 are header cells; the values
 * are in those columns of the rows below. */
static int column_named(const hz_schema *s, const char *name)
{
	for (size_t c = 0; s && c < s->ncols; c++)
		if (strcmp(s->names[c], name) == 0)
			return (int)c;
	return -1;
}

hz_tally *hz_report_read(const char *path, const hz_read_opts *ro, bool *is_report, char *err,
                         size_t errcap)
{
	grid g = { 0 };
	hz_read_opts o;
	hz_diag quiet;
	hz_record *rec;

	*is_report = false;
	err[0] = '\0';
	if (looks_json(path)) {
		size_t n, used;
		char *text = slurp(path, HZ_TALLY_DOC_MAX, &n);
		hz_tally *t = text ? hz_tally_parse(text, n, &used, err, errcap) : NULL;
		free(text);
		*is_report = t != NULL;
		if (!t)
			err[0] = '\0'; /* JSON of something else: a register's */
		return t;
	}
	if (ro)
		o = *ro;
	else
		hz_read_opts_init(&o);
	o.type = HZ_TYPE_UNKNOWN;
	o.passthrough = true;
	o.first_row_header = true;
	o.grid = true;
	o.header_rules = false;
	o.prefetch = false;
	hz_diag_init(&quiet, "hz-collect");
	quiet.out = NULL;
	g.items = hz_items(&g.nitems);
	g.t = hz_tally_new("", 0, NULL);
	g.seen = hz_xcalloc(g.nitems, sizeof *g.seen);
	g.last = g.cur = -1;
	hz_reader *rd = hz_reader_open(path, &o, &quiet);
	bool header_done = false;
	int unit_col = -1, date_col = -1;
	while ((rec = hz_reader_next(rd)) != NULL) {
		const hz_schema *s = rec->schema;
		if (!header_done) {
			header_done = true;
			unit_col = column_named(s, "单位名称");
			date_col = column_named(s, "截至日期");
			if (unit_col < 0 || date_col < 0) {
				unit_col = date_col = -1;
				header_cells(&g, s);
			}
		}
		if (unit_col >= 0 && (size_t)unit_col < rec->ncells)
			take_unit(&g, hz_trim(rec->cells[unit_col]));
		if (date_col >= 0 && (size_t)date_col < rec->ncells)
			take_date(&g, hz_trim(rec->cells[date_col]));
		for (size_t c = 0; c < rec->ncells; c++)
			if ((int)c != unit_col && (int)c != date_col)
				cell(&g, rec->cells, rec->ncells, c);
		row_end(&g);
	}
	if (!header_done && hz_reader_schema(rd))
		header_cells(&g, hz_reader_schema(rd));
	hz_reader_close(rd);
	*is_report = g.any_code;
	if (g.any_code && !g.err[0]) {
		for (size_t i = 0; i < g.nitems; i++)
			if (!g.seen[i]) {
				snprintf(g.err, sizeof g.err,
				         HZ_("item %s is missing from the form"), g.items[i].code);
				break;
			}
	}
	free(g.seen);
	if (!g.any_code || g.err[0]) {
		snprintf(err, errcap, "%s", g.err);
		free(g.unit);
		hz_tally_free(g.t);
		return NULL;
	}
	hz_tally_set_unit(g.t, g.unit ? g.unit : "");
	g.t->as_of = g.as_of;
	free(g.unit);
	return g.t;
}

long hz_report_merge_file(const char *path, const hz_read_opts *ro, hz_tally **acc, hz_diag *d,
                          bool (*seen)(const hz_tally *t, void *arg), void *arg)
{
	bool is_report;
	char err[256];

	if (!path || strcmp(path, "-") == 0 || !grid_file(path))
		return hz_tally_merge_file_each(path, acc, d, seen, arg);
	hz_tally *t = hz_report_read(path, ro, &is_report, err, sizeof err);
	if (!t) {
		hz_diag_place(d, path, 1, 0, HZ_RULE_BAD_TALLY, "%s",
		              is_report ? err : HZ_("not a 附件1 report (no item codes)"));
		return -1;
	}
	if (seen && !seen(t, arg)) {
		hz_tally_free(t);
		return -1;
	}
	if (!*acc) {
		*acc = t;
		return 1;
	}
	if (!hz_tally_merge(*acc, t, err, sizeof err)) {
		hz_diag_place(d, path, 1, 0, HZ_RULE_AS_OF_MISMATCH, "%s", err);
		hz_tally_free(t);
		return -1;
	}
	hz_tally_free(t);
	return 1;
}
