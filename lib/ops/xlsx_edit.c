/* xlsx_edit.c - the workbook model of a register (regmodel.h): an .xlsx
 * edited in place, the one file of the editing side with <zip.h> and
 * <expat.h>
 *
 * Only the register's sheet changes, and in it only the rows of the change
 * (hz-add(1) "Editing a workbook"): the sheet's XML is read through expat
 * once to learn where each row and cell lies; a change is a list of rows
 * to rewrite or insert, each rewritten row keeping the bytes of the cells
 * it does not change. Every other entry of the package is copied raw (its
 * compressed bytes) into a new archive, written through the register's
 * lock, a temporary file and rename(2). */
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "hz/amount.h"
#include "hz/date.h"
#include "hz/fields.h"
#include "hz/i18n.h"
#include "hz/sheet.h"
#include "record_int.h"
#include "regmodel.h"
#include "xalloc.h"
#include "bytebuf.h"
#include "errmsg.h"

/* What an edit reads whole: the small parts, and the sheet (a register's
 * sheet is a few megabytes; the reader streams larger ones). */
#define PART_MAX (16ull << 20)
#define SHEET_MAX (256ull << 20)
#define DEPTH_MAX 64
#define DATE_MEMO 64
/* Excel's day 0 is 1899-12-30; hz_date's is 1970-01-01. */
#define EXCEL_EPOCH 25569
#define EPOCH_1904 1462

typedef struct xcell {
	long col;
	int style;         /* s, or -1 */
	size_t begin, end; /* its bytes in the sheet */
	bool filled;       /* holds a value that is not blank */
	bool formula;
	bool shared_master; /* <f t="shared" ref=...>: other cells use it */
	long id;            /* its value as a positive whole number, or 0 */
} xcell;

enum row_kind { XR_BLANK, XR_TEMPLATE, XR_OTHER };

typedef struct xrow {
	long r;
	size_t begin, tag_end, end; /* the element, its start tag's end */
	bool empty;                 /* <row .../> */
	size_t c0, nc;              /* its cells: cells[c0 .. c0 + nc) */
	bool record;                /* a record the reader gave */
	enum row_kind kind;
	long tid;       /* a template row's 序号 */
	bool filled_by; /* a new record takes it */
} xrow;

/* A place the sheet names rows outside the rows themselves: its value's
 * bytes, and the element's (a merged range that goes is dropped whole). */
enum ref_kind { REF_DIM, REF_MERGE, REF_LIST };

typedef struct xref {
	enum ref_kind kind;
	size_t vb, ve; /* the attribute's value */
	size_t eb, ee; /* the element */
} xref;

typedef struct insertion {
	const hz_record *rec;
	const char *id;
} insertion;

typedef struct replacement {
	long recno;
	const hz_record *now, *was;
} replacement;

/* A row of the new sheet: an existing row rewritten, or a new one. */
typedef struct rowout {
	long old;                   /* index in rows[], or -1 */
	long r;                     /* its number in the new sheet */
	const hz_record *rec, *was; /* values to set (was: only cells that differ) */
	bool header;                /* the header: the added columns' names */
	bool del;                   /* a record removed: the row goes */
	size_t at;                  /* where it goes in the sheet's bytes */
	long look;                  /* its place among the old rows (the look of new cells) */
} rowout;

typedef struct wbmodel {
	regmodel base;
	hz_reglock *lock;
	char *name;
	zip_t *zip;
	zip_int64_t sheet_index;
	char *sheet_rid, *sheet_part, *strings_part, *styles_part;
	bool date1904, strict, in_cell_xfs;
	int *date_fmts;
	size_t ndate_fmts;
	unsigned char *xf_date; /* cellXfs: does style i show a date */
	size_t nxf;
	unsigned char *sst_filled; /* shared string i: not blank */
	long *sst_id;              /* ... and its positive whole number */
	size_t nsst;

	char *sheet; /* the sheet's XML */
	size_t sheet_len;
	char prefix[32]; /* the sheet elements' namespace prefix */
	xrow *rows;
	size_t nrows;
	xcell *cells;
	size_t ncells;
	size_t data_end;  /* where </sheetData> begins */
	bool data_closed; /* sheetData has its end tag */
	xref *refs;       /* dimension, merged cells, validations, formats, links */
	size_t nrefs;
	size_t mc_begin, mc_end, mc_vb, mc_ve; /* <mergeCells count=...> */
	bool has_mc;
	long *anchors; /* rows other parts pin things to: comments, pictures */
	size_t nanchors;
	bool in_anchor_row;
	size_t open_ref; /* the ref of the element open, from 1; 0: none */
	bool array_formula, table_part;
	long shared_broken; /* a change would overwrite a shared formula's
	                               first cell, in this row (0: none) */

	/* the parse */
	XML_Parser p;
	int depth;
	char err[400];
	bool in_data, in_c, in_v, in_t, in_is, in_rph, in_si;
	char text[64]; /* the first bytes of a value */
	size_t tlen;
	bool tfilled;
	char ctype;
	long next_col;

	/* the shape */
	long header_row;
	size_t file_ncols;
	int id_col;
	long *rec_rows; /* each record's sheet row, in order */
	size_t nrec;

	long last_record;         /* the last record's row */
	int date_memo[DATE_MEMO]; /* a column's date style below it, + 2 (0: not known) */

	/* the changes */
	char **cols;
	size_t ncols_added;
	replacement *rep;
	size_t nrep;
	insertion *add;
	size_t nadd;
	long *del; /* records removed */
	size_t ndel;
} wbmodel;

static void fail(wbmodel *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Why the package cannot be edited (the first reason stays). */
static void fail(wbmodel *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof w->err, HZ_(fmt), ap);
	va_end(ap);
}

/* ---- XML ---- */

typedef struct handlers {
	void (*start)(wbmodel *w, const char *name, const char **atts);
	void (*end)(wbmodel *w, const char *name);
	void (*text)(wbmodel *w, const char *s, int n);
} handlers;

static const handlers *cur;

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	wbmodel *w = ud;

	if (++w->depth > DEPTH_MAX) {
		fail(w, "XML nested deeper than %d elements", DEPTH_MAX);
		XML_StopParser(w->p, XML_FALSE);
		return;
	}
	if (cur->start)
		cur->start(w, name, atts);
}

static void XMLCALL on_end(void *ud, const char *name)
{
	wbmodel *w = ud;

	w->depth--;
	if (cur->end)
		cur->end(w, name);
}

static void XMLCALL on_text(void *ud, const char *s, int n)
{
	wbmodel *w = ud;

	if (cur->text)
		cur->text(w, s, n);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
                               int has_internal)
{
	wbmodel *w = ud;

	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(w, "a DOCTYPE, which no spreadsheet has");
	XML_StopParser(w->p, XML_FALSE);
}

/* Parse data with h; false with w->err set. */
static bool parse(wbmodel *w, const char *part, const char *data, size_t n, const handlers *h)
{
	bool ok;

	w->p = XML_ParserCreate("UTF-8");
	if (w->p == NULL)
		hz_out_of_memory();
	cur = h;
	w->depth = 0;
	XML_SetUserData(w->p, w);
	XML_SetElementHandler(w->p, on_start, on_end);
	XML_SetCharacterDataHandler(w->p, on_text);
	XML_SetStartDoctypeDeclHandler(w->p, on_doctype);
	ok = XML_Parse(w->p, data, (int)n, 1) == XML_STATUS_OK && !w->err[0];
	if (!ok && !w->err[0])
		fail(w, "part '%s', XML line %lu: %s", part,
		     (unsigned long)XML_GetCurrentLineNumber(w->p),
		     XML_ErrorString(XML_GetErrorCode(w->p)));
	XML_ParserFree(w->p);
	w->p = NULL;
	return ok;
}

/* A part of the package, whole; NULL with w->err set. */
static char *read_part(wbmodel *w, const char *name, unsigned long long max, size_t *len)
{
	zip_stat_t st;
	zip_int64_t i = zip_name_locate(w->zip, name, 0);
	zip_file_t *f;
	char *data;
	zip_int64_t got;

	if (i < 0 || zip_stat_index(w->zip, (zip_uint64_t)i, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		fail(w, "no part '%s' in the workbook", name);
		return NULL;
	}
	if (st.size > max) {
		fail(w, "part '%s' unpacks to %llu bytes; the limit is %llu", name,
		     (unsigned long long)st.size, max);
		return NULL;
	}
	f = zip_fopen_index(w->zip, (zip_uint64_t)i, 0);
	if (f == NULL) {
		fail(w, "cannot open part '%s': %s", name, zip_strerror(w->zip));
		return NULL;
	}
	data = hz_xrealloc(NULL, (size_t)st.size + 1);
	got = st.size > 0 ? zip_fread(f, data, st.size) : 0;
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		fail(w, "cannot read part '%s' (a damaged file?)", name);
		free(data);
		return NULL;
	}
	data[st.size] = '\0';
	*len = (size_t)st.size;
	return data;
}

static bool parse_part(wbmodel *w, const char *name, const handlers *h)
{
	size_t n;
	char *data = read_part(w, name, PART_MAX, &n);
	bool ok;

	if (data == NULL)
		return false;
	ok = parse(w, name, data, n, h);
	free(data);
	return ok;
}

static char *part_path(const char *target)
{
	char b[512];

	if (target[0] == '/')
		snprintf(b, sizeof b, "%s", target + 1);
	else
		snprintf(b, sizeof b, "xl/%s", target);
	return hz_xstrdup(b);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcmp(s + n - k, tail) == 0;
}

/* ---- workbook.xml, its rels, styles.xml, sharedStrings.xml ---- */

static void workbook_start(wbmodel *w, const char *name, const char **atts)
{
	name = local(name);
	if (w->depth == 1) {
		for (const char **a = atts; a && a[0]; a += 2)
			if (strstr(a[1], "purl.oclc.org/ooxml/spreadsheetml") != NULL)
				w->strict = true;
	} else if (strcmp(name, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		w->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheet") == 0 && w->sheet_rid == NULL) {
		const char *rid = attr(atts, "id");
		if (rid)
			w->sheet_rid = hz_xstrdup(rid);
	}
}

static const handlers workbook_part = { workbook_start, NULL, NULL };

static void rels_start(wbmodel *w, const char *name, const char **atts)
{
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
	           *target = attr(atts, "Target");

	if (strcmp(local(name), "Relationship") != 0 || !id || !type || !target)
		return;
	if (w->sheet_rid && !w->sheet_part && strcmp(id, w->sheet_rid) == 0)
		w->sheet_part = part_path(target);
	else if (ends_with(type, "/sharedStrings") && !w->strings_part)
		w->strings_part = part_path(target);
	else if (ends_with(type, "/styles") && !w->styles_part)
		w->styles_part = part_path(target);
}

static const handlers rels_part = { rels_start, NULL, NULL };

static bool custom_date(const wbmodel *w, int id)
{
	for (size_t i = 0; i < w->ndate_fmts; i++)
		if (w->date_fmts[i] == id)
			return true;
	return false;
}

static void styles_start(wbmodel *w, const char *name, const char **atts)
{
	name = local(name);
	if (strcmp(name, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !hz_sheet_format_is_date(code))
			return;
		w->date_fmts =
		        hz_xrealloc(w->date_fmts, (w->ndate_fmts + 1) * sizeof(*w->date_fmts));
		w->date_fmts[w->ndate_fmts++] = atoi(id);
	} else if (strcmp(name, "cellXfs") == 0) {
		w->in_cell_xfs = true;
	} else if (strcmp(name, "xf") == 0 && w->in_cell_xfs) {
		const char *v = attr(atts, "numFmtId");
		int id = v ? atoi(v) : 0;
		w->xf_date = hz_xrealloc(w->xf_date, w->nxf + 1);
		w->xf_date[w->nxf++] = hz_sheet_builtin_date(id) || custom_date(w, id);
	}
}

static void styles_end(wbmodel *w, const char *name)
{
	if (strcmp(local(name), "cellXfs") == 0)
		w->in_cell_xfs = false;
}

static const handlers styles_part = { styles_start, styles_end, NULL };

static void value_reset(wbmodel *w)
{
	w->tlen = 0;
	w->tfilled = false;
}

static void value_text(wbmodel *w, const char *s, int n)
{
	if (!(w->in_v || w->in_t))
		return;
	for (int i = 0; i < n; i++) {
		if (!strchr(" \t\r\n", s[i]))
			w->tfilled = true;
		if (w->tlen + 1 < sizeof w->text)
			w->text[w->tlen++] = s[i];
	}
	w->text[w->tlen] = '\0';
}

/* The value's positive whole number, or 0. */
static long value_id(const wbmodel *w)
{
	long id;

	return hz_count_parse(hz_str_c(w->text), &id) && id > 0 ? id : 0;
}

static void strings_start(wbmodel *w, const char *name, const char **atts)
{
	(void)atts;
	name = local(name);
	if (strcmp(name, "si") == 0) {
		w->in_si = true;
		value_reset(w);
	} else if (strcmp(name, "rPh") == 0) {
		w->in_rph = true;
	} else if (strcmp(name, "t") == 0 && w->in_si && !w->in_rph) {
		w->in_t = true;
	}
}

static void strings_end(wbmodel *w, const char *name)
{
	name = local(name);
	if (strcmp(name, "t") == 0) {
		w->in_t = false;
	} else if (strcmp(name, "rPh") == 0) {
		w->in_rph = false;
	} else if (strcmp(name, "si") == 0 && w->in_si) {
		w->in_si = false;
		w->sst_filled = hz_xrealloc(w->sst_filled, w->nsst + 1);
		w->sst_id = hz_xrealloc(w->sst_id, (w->nsst + 1) * sizeof(*w->sst_id));
		w->sst_filled[w->nsst] = w->tfilled;
		w->sst_id[w->nsst++] = value_id(w);
	}
}

static const handlers strings_part = { strings_start, strings_end, value_text };

/* ---- the sheet: where each row and cell lies ---- */

static size_t here(const wbmodel *w)
{
	return (size_t)XML_GetCurrentByteIndex(w->p);
}

static size_t here_end(const wbmodel *w)
{
	return here(w) + (size_t)XML_GetCurrentByteCount(w->p);
}

static xrow *last_row(wbmodel *w)
{
	return w->nrows ? &w->rows[w->nrows - 1] : NULL;
}

/* The value of attribute `name` inside the tag at [begin, end): its span. */
static bool attr_at(const char *s, size_t begin, size_t end, const char *name, size_t *nb,
                    size_t *vb, size_t *ve)
{
	size_t k = strlen(name);

	for (size_t i = begin + 1; i + k + 2 < end; i++) {
		if ((s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r') &&
		    memcmp(s + i, name, k) == 0) {
			size_t j = i + k;
			while (j < end &&
			       (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
				j++;
			if (j >= end || s[j] != '=')
				continue;
			j++;
			while (j < end &&
			       (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
				j++;
			if (j >= end || (s[j] != '"' && s[j] != '\''))
				continue;
			char q = s[j];
			*nb = i;
			*vb = j + 1;
			*ve = *vb;
			while (*ve < end && s[*ve] != q)
				(*ve)++;
			return true;
		}
	}
	return false;
}

static bool attr_span(const char *s, size_t begin, size_t end, const char *name, size_t *vb,
                      size_t *ve)
{
	size_t nb;

	return attr_at(s, begin, end, name, &nb, vb, ve);
}

/* The element starting here names rows in its attribute `name`. */
static void add_ref(wbmodel *w, enum ref_kind kind, const char *name)
{
	size_t vb, ve, b = here(w), e = here_end(w);

	w->open_ref = 0;
	if (!attr_span(w->sheet, b, e, name, &vb, &ve))
		return;
	w->refs = hz_xrealloc(w->refs, (w->nrefs + 1) * sizeof(*w->refs));
	w->refs[w->nrefs++] = (xref){ kind, vb, ve, b, e };
	w->open_ref = w->nrefs;
}

static void sheet_start(wbmodel *w, const char *qname, const char **atts)
{
	const char *name = local(qname);

	if (strcmp(name, "sheetData") == 0) {
		w->in_data = true;
		snprintf(w->prefix, sizeof w->prefix, "%.*s", (int)(name - qname), qname);
	} else if (strcmp(name, "row") == 0 && w->in_data) {
		const char *v = attr(atts, "r");
		xrow *prev = last_row(w);
		long n = v ? strtol(v, NULL, 10) : 0;
		w->rows = hz_xrealloc(w->rows, (w->nrows + 1) * sizeof(*w->rows));
		w->rows[w->nrows++] = (xrow){
			.r = n > 0  ? n
			     : prev ? prev->r + 1
			            : 1,
			.begin = here(w),
			.tag_end = here_end(w),
			.c0 = w->ncells,
		};
		w->next_col = 0;
	} else if (strcmp(name, "c") == 0 && w->in_data && w->nrows) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		long col, row;
		w->cells = hz_xrealloc(w->cells, (w->ncells + 1) * sizeof(*w->cells));
		w->cells[w->ncells++] = (xcell){
			.col = ref && hz_sheet_ref(ref, &col, &row) && col >= w->next_col
			               ? col
			               : w->next_col,
			.style = s ? atoi(s) : -1,
			.begin = here(w),
			.end = here_end(w),
		};
		w->next_col = w->cells[w->ncells - 1].col + 1;
		w->in_c = true;
		w->ctype = !t ? 'n' : strcmp(t, "inlineStr") == 0 ? 'i' : t[0];
		value_reset(w);
	} else if (strcmp(name, "v") == 0 && w->in_c) {
		w->in_v = true;
	} else if (strcmp(name, "is") == 0 && w->in_c) {
		w->in_is = true;
	} else if (strcmp(name, "rPh") == 0) {
		w->in_rph = true;
	} else if (strcmp(name, "t") == 0 && w->in_is && !w->in_rph) {
		w->in_t = true;
	} else if (strcmp(name, "f") == 0 && w->in_c) {
		const char *t = attr(atts, "t");
		w->cells[w->ncells - 1].formula = true;
		if (t && strcmp(t, "array") == 0)
			w->array_formula = true;
		if (t && strcmp(t, "shared") == 0 && attr(atts, "ref"))
			w->cells[w->ncells - 1].shared_master = true;
	} else if (strcmp(name, "dimension") == 0) {
		add_ref(w, REF_DIM, "ref");
	} else if (strcmp(name, "mergeCells") == 0) {
		w->has_mc =
		        attr_span(w->sheet, here(w), here_end(w), "count", &w->mc_vb, &w->mc_ve);
		w->mc_begin = here(w);
		w->mc_end = here_end(w);
	} else if (strcmp(name, "mergeCell") == 0) {
		add_ref(w, REF_MERGE, "ref");
	} else if (strcmp(name, "conditionalFormatting") == 0 ||
	           strcmp(name, "dataValidation") == 0) {
		add_ref(w, REF_LIST, "sqref");
	} else if (strcmp(name, "hyperlink") == 0) {
		add_ref(w, REF_LIST, "ref");
	} else if (strcmp(name, "tablePart") == 0) {
		w->table_part = true;
	}
}

static void sheet_end(wbmodel *w, const char *qname)
{
	const char *name = local(qname);

	if (strcmp(name, "sheetData") == 0) {
		w->in_data = false;
		w->data_end = here(w);
		w->data_closed = XML_GetCurrentByteCount(w->p) > 0;
	} else if (strcmp(name, "row") == 0 && w->in_data && w->nrows) {
		xrow *r = last_row(w);
		r->empty = XML_GetCurrentByteCount(w->p) == 0;
		r->end = r->empty ? r->tag_end : here_end(w);
		r->nc = w->ncells - r->c0;
	} else if (strcmp(name, "c") == 0 && w->in_c) {
		xcell *c = &w->cells[w->ncells - 1];
		w->in_c = false;
		if (XML_GetCurrentByteCount(w->p) > 0) /* else <c .../>: its start tag */
			c->end = here_end(w);
		if (w->ctype == 's') {
			char *end;
			unsigned long i = strtoul(w->text, &end, 10);
			if (w->tlen > 0 && *end == '\0' && i < w->nsst) {
				c->filled = w->sst_filled[i];
				c->id = w->sst_id[i];
			}
		} else {
			c->filled = w->tfilled;
			c->id = value_id(w);
		}
	} else if (strcmp(name, "mergeCell") == 0 || strcmp(name, "conditionalFormatting") == 0 ||
	           strcmp(name, "dataValidation") == 0 || strcmp(name, "hyperlink") == 0) {
		/* not <x .../>: the element ends here (none of them nest) */
		if (XML_GetCurrentByteCount(w->p) > 0 && w->open_ref > 0)
			w->refs[w->open_ref - 1].ee = here_end(w);
		w->open_ref = 0;
	} else if (strcmp(name, "mergeCells") == 0) {
		if (XML_GetCurrentByteCount(w->p) > 0)
			w->mc_end = here_end(w);
	} else if (strcmp(name, "v") == 0) {
		w->in_v = false;
	} else if (strcmp(name, "is") == 0) {
		w->in_is = false;
	} else if (strcmp(name, "t") == 0) {
		w->in_t = false;
	} else if (strcmp(name, "rPh") == 0) {
		w->in_rph = false;
	}
}

static const handlers sheet_part = { sheet_start, sheet_end, value_text };

/* ---- what other parts pin to the sheet's rows: comments, pictures ---- */

static void pin(wbmodel *w, long r)
{
	w->anchors = hz_xrealloc(w->anchors, (w->nanchors + 1) * sizeof(*w->anchors));
	w->anchors[w->nanchors++] = r;
}

typedef struct pinned {
	char *part[8];
	size_t n;
} pinned;

static pinned *pins; /* the sheet's rels being read */

static void sheet_rels_start(wbmodel *w, const char *name, const char **atts)
{
	const char *type = attr(atts, "Type"), *target = attr(atts, "Target"),
	           *mode = attr(atts, "TargetMode");
	char b[512];

	(void)w;
	if (strcmp(local(name), "Relationship") != 0 || !type || !target ||
	    (mode && strcmp(mode, "External") == 0) || pins->n == 8 ||
	    !(ends_with(type, "/comments") || ends_with(type, "/drawing")))
		return;
	/* relative to the sheet's folder, xl/worksheets/ */
	if (target[0] == '/')
		snprintf(b, sizeof b, "%s", target + 1);
	else if (strncmp(target, "../", 3) == 0)
		snprintf(b, sizeof b, "xl/%s", target + 3);
	else
		snprintf(b, sizeof b, "xl/worksheets/%s", target);
	pins->part[pins->n++] = hz_xstrdup(b);
}

static const handlers sheet_rels_part = { sheet_rels_start, NULL, NULL };

/* <comment ref="B5">; a drawing's <xdr:from>/<xdr:to> <xdr:row>4</xdr:row> */
static void pinned_start(wbmodel *w, const char *name, const char **atts)
{
	long col, row;

	name = local(name);
	if (strcmp(name, "comment") == 0) {
		const char *ref = attr(atts, "ref");
		if (ref && hz_sheet_ref(ref, &col, &row))
			pin(w, row);
	} else if (strcmp(name, "row") == 0) {
		w->in_anchor_row = true;
		value_reset(w);
	}
}

static void pinned_end(wbmodel *w, const char *name)
{
	char *end;
	long r;

	if (strcmp(local(name), "row") != 0 || !w->in_anchor_row)
		return;
	w->in_anchor_row = false;
	r = strtol(w->text, &end, 10);
	if (w->tlen > 0 && *end == '\0' && r >= 0)
		pin(w, r + 1);
}

static void pinned_text(wbmodel *w, const char *s, int n)
{
	for (int i = 0; w->in_anchor_row && i < n; i++)
		if (w->tlen + 1 < sizeof w->text)
			w->text[w->tlen++] = s[i];
	w->text[w->tlen] = '\0';
}

static const handlers pinned_part = { pinned_start, pinned_end, pinned_text };

/* The rows the sheet's comments and pictures are anchored to; -1 with
 * w->err set when a part cannot be read. */
static int load_anchors(wbmodel *w)
{
	char rels[600];
	const char *slash = strrchr(w->sheet_part, '/');
	pinned p = { 0 };
	int rc = 0;

	snprintf(rels, sizeof rels, "%.*s_rels/%s.rels",
	         (int)(slash ? slash - w->sheet_part + 1 : 0), w->sheet_part,
	         slash ? slash + 1 : w->sheet_part);
	if (zip_name_locate(w->zip, rels, 0) < 0)
		return 0;
	pins = &p;
	if (!parse_part(w, rels, &sheet_rels_part))
		rc = -1;
	for (size_t i = 0; i < p.n; i++) {
		if (rc == 0 && zip_name_locate(w->zip, p.part[i], 0) >= 0 &&
		    !parse_part(w, p.part[i], &pinned_part))
			rc = -1;
		free(p.part[i]);
	}
	pins = NULL;
	return rc;
}

/* ---- opening: what the package holds, and what cannot be kept ---- */

static void wb_free(regmodel *m)
{
	wbmodel *w = (wbmodel *)m;

	if (w->zip)
		zip_discard(w->zip);
	free(w->name);
	free(w->sheet_rid);
	free(w->sheet_part);
	free(w->strings_part);
	free(w->styles_part);
	free(w->date_fmts);
	free(w->xf_date);
	free(w->sst_filled);
	free(w->sst_id);
	free(w->sheet);
	free(w->rows);
	free(w->cells);
	free(w->refs);
	free(w->anchors);
	free(w->del);
	free(w->rec_rows);
	for (size_t i = 0; i < w->ncols_added; i++)
		free(w->cols[i]);
	free(w->cols);
	free(w->rep);
	free(w->add);
	free(w);
}

/* The lock file Excel or WPS (~$NAME) or LibreOffice (.~lock.NAME#)
 * leaves beside an open workbook: its path, or NULL. */
static char *lock_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dir = (int)(slash ? slash - path + 1 : 0);
	const char *forms[] = { "%.*s~$%s", "%.*s.~lock.%s#" };
	char b[4096];
	struct stat st;

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(b, sizeof b, forms[i], dir, path, base);
		if (lstat(b, &st) == 0)
			return hz_xstrdup(b);
	}
	return NULL;
}

static bool is_ole2(hz_reglock *lock)
{
	unsigned char m[8];

	return pread(hz_reglock_fd(lock), m, sizeof m, 0) == (ssize_t)sizeof m &&
	       memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* Open the package and learn the sheet; -1 with the reason in err. */
static int load(wbmodel *w, char *err, size_t cap)
{
	int code = 0, fd = dup(hz_reglock_fd(w->lock));
	zip_int64_t n;
	size_t len;

	if (fd == -1) {
		hz_say(err, cap, "%s: %s", w->name, strerror(errno));
		return -1;
	}
	w->zip = zip_fdopen(fd, ZIP_RDONLY, &code);
	if (w->zip == NULL) {
		close(fd);
		if (is_ole2(w->lock))
			hz_say(err, cap,
			       "%s: is encrypted (password-protected); save it without a "
			       "password in WPS/Excel to edit it (nothing written)",
			       w->name);
		else
			hz_say(err, cap,
			       "%s: not an .xlsx workbook, or a damaged one; nothing written",
			       w->name);
		return -1;
	}
	n = zip_get_num_entries(w->zip, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		if (zip_stat_index(w->zip, (zip_uint64_t)i, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			hz_say(err, cap,
			       "%s: is encrypted (password-protected); save it without a "
			       "password in WPS/Excel to edit it (nothing written)",
			       w->name);
			return -1;
		}
	}
	if (!parse_part(w, "xl/workbook.xml", &workbook_part))
		goto bad;
	if (w->strict) {
		hz_say(err, cap,
		       "%s: is saved as Strict Open XML, which hz does not edit; save it as "
		       "an ordinary .xlsx (Excel Workbook) and try again (nothing written)",
		       w->name);
		return -1;
	}
	if (w->sheet_rid == NULL) {
		fail(w, "the workbook has no sheet");
		goto bad;
	}
	if (!parse_part(w, "xl/_rels/workbook.xml.rels", &rels_part))
		goto bad;
	if (w->sheet_part == NULL) {
		fail(w, "the workbook names no part for its first sheet");
		goto bad;
	}
	if (w->styles_part && !parse_part(w, w->styles_part, &styles_part))
		goto bad;
	if (w->strings_part) {
		char *data = read_part(w, w->strings_part, SHEET_MAX, &len);
		bool ok = data != NULL && parse(w, w->strings_part, data, len, &strings_part);
		free(data);
		if (!ok)
			goto bad;
	}
	w->sheet_index = zip_name_locate(w->zip, w->sheet_part, 0);
	w->sheet = read_part(w, w->sheet_part, SHEET_MAX, &w->sheet_len);
	if (w->sheet == NULL || !parse(w, w->sheet_part, w->sheet, w->sheet_len, &sheet_part))
		goto bad;
	if (w->array_formula) {
		hz_say(err, cap,
		       "%s: its sheet holds array formulas, which an edit could break; "
		       "nothing written",
		       w->name);
		return -1;
	}
	if (w->table_part) {
		hz_say(err, cap,
		       "%s: its sheet holds a table over the records, which an edit would "
		       "leave behind; convert it to a plain range (Table > Convert to Range) first; "
		       "nothing written",
		       w->name);
		return -1;
	}
	if (!w->data_closed) {
		fail(w, "its sheet has no rows");
		goto bad;
	}
	return 0;
bad:
	hz_say(err, cap, "%s: cannot be edited: %s; nothing written", w->name, w->err);
	return -1;
}

/* ---- the reading: records, then the layout ---- */

static const char *wb_encoding(const regmodel *m)
{
	(void)m;
	return NULL;
}

static int wb_note(regmodel *m, const hz_place *p, unsigned flags, char *err, size_t cap)
{
	wbmodel *w = (wbmodel *)m;

	(void)flags, (void)err, (void)cap;
	w->rec_rows = hz_xrealloc(w->rec_rows, (w->nrec + 1) * sizeof(*w->rec_rows));
	w->rec_rows[w->nrec++] = p->line;
	return 0;
}

static xrow *row_of(wbmodel *w, long r)
{
	size_t lo = 0, hi = w->nrows;

	while (lo < hi) { /* rows are in order: Excel requires it */
		size_t mid = lo + (hi - lo) / 2;
		if (w->rows[mid].r < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nrows && w->rows[lo].r == r ? &w->rows[lo] : NULL;
}

static enum row_kind classify(const wbmodel *w, const xrow *r, long *id)
{
	bool blank = true, only_id = true;

	for (size_t i = r->c0; i < r->c0 + r->nc; i++) {
		const xcell *c = &w->cells[i];
		if (!c->filled)
			continue;
		blank = false;
		if (c->col != w->id_col || c->id <= 0)
			only_id = false;
		else
			*id = c->id;
	}
	return blank ? XR_BLANK : only_id ? XR_TEMPLATE : XR_OTHER;
}

static int wb_layout(regmodel *m, const regmodel_shape *sh, bool *is_new, char *err, size_t cap)
{
	wbmodel *w = (wbmodel *)m;
	if (!sh->has_header) {
		hz_say(err, cap,
		       "%s: its first sheet has no header row of a register; nothing written",
		       w->name);
		return -1;
	}
	*is_new = false;
	w->header_row = sh->header_line;
	w->file_ncols = sh->ncols;
	w->id_col = sh->id_col;
	for (size_t i = 0; i < w->nrec; i++) {
		xrow *r = row_of(w, w->rec_rows[i]);
		if (r)
			r->record = true;
		if (w->rec_rows[i] > w->last_record)
			w->last_record = w->rec_rows[i];
	}
	for (size_t i = 0; i < w->nrows; i++) {
		xrow *r = &w->rows[i];
		if (r->r <= w->header_row || r->record)
			continue;
		r->kind = classify(w, r, &r->tid);
	}
	return 0;
}

/* ---- the changes ---- */

static void wb_add_column(regmodel *m, const char *name)
{
	wbmodel *w = (wbmodel *)m;

	w->cols = hz_xrealloc(w->cols, (w->ncols_added + 1) * sizeof(*w->cols));
	w->cols[w->ncols_added++] = hz_xstrdup(name);
}

static void wb_replace(regmodel *m, long recno, const hz_record *now, const hz_record *was)
{
	wbmodel *w = (wbmodel *)m;

	if (recno < 0 || (size_t)recno >= w->nrec)
		return;
	w->rep = hz_xrealloc(w->rep, (w->nrep + 1) * sizeof(*w->rep));
	w->rep[w->nrep++] = (replacement){ recno, now, was };
}

static void wb_insert(regmodel *m, const hz_record *r, const char *id)
{
	wbmodel *w = (wbmodel *)m;

	w->add = hz_xrealloc(w->add, (w->nadd + 1) * sizeof(*w->add));
	w->add[w->nadd++] = (insertion){ r, id };
}

/* The record's row goes and the rows below close up (hz-collect(1)). */
static void wb_delete(regmodel *m, long recno)
{
	wbmodel *w = (wbmodel *)m;

	if (recno < 0 || (size_t)recno >= w->nrec)
		return;
	w->del = hz_xrealloc(w->del, (w->ndel + 1) * sizeof(*w->del));
	w->del[w->ndel++] = recno;
}

/* ---- cells we write ---- */

static void col_name(long col, char *b)
{
	char t[8];
	int n = 0;

	col++;
	while (col > 0 && n < 7) {
		t[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		b[i] = t[n - 1 - i];
	b[n] = '\0';
}

static bool is_date_style(const wbmodel *w, int s)
{
	return s >= 0 && (size_t)s < w->nxf && w->xf_date[s];
}

static const xcell *cell_at(const wbmodel *w, const xrow *r, long col)
{
	if (r == NULL)
		return NULL;
	for (size_t i = r->c0; i < r->c0 + r->nc; i++)
		if (w->cells[i].col == col)
			return &w->cells[i];
	return NULL;
}

/* The nearest record row above sheet row r (the style of new cells). */
static const xrow *record_above(wbmodel *w, long r)
{
	size_t lo = 0, hi = w->nrows;

	while (lo < hi) { /* the first row at or below r (rows are in order) */
		size_t mid = lo + (hi - lo) / 2;
		if (w->rows[mid].r < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0)
		if (w->rows[lo].record)
			return &w->rows[lo];
	return NULL;
}

/* Text as XML character data; characters XML 1.0 cannot hold as _xHHHH_. */
static void put_escaped(hz_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&':
			hz_buf_puts(b, "&amp;");
			break;
		case '<':
			hz_buf_puts(b, "&lt;");
			break;
		case '>':
			hz_buf_puts(b, "&gt;");
			break;
		case '\r':
			hz_buf_puts(b, "&#13;");
			break;
		case '\n':
		case '\t':
			hz_buf_put(b, s + i, 1);
			break;
		default:
			if (c < 0x20)
				hz_buf_printf(b, "_x%04X_", c);
			else if (c == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_')
				hz_buf_puts(b, "_x005F_"); /* a literal _xHHHH_ stays literal */
			else
				hz_buf_put(b, s + i, 1);
		}
	}
}

static hz_kind kind_of(const hz_record *r, size_t c)
{
	hz_key k = c < r->schema->ncols ? r->schema->keys[c] : HZ_K_NONE;
	const hz_field *f = k != HZ_K_NONE ? hz_field_of(r->schema->type, k) : NULL;

	return f ? f->kind : HZ_KIND_TEXT;
}

/* A number as Excel would show it back, exactly: written as a number. */
static bool plain_number(hz_str v, char num[HZ_SHEET_TEXT_MAX])
{
	char tmp[64], *end;
	double d;

	if (v.n == 0 || v.n >= sizeof tmp || !strchr("-0123456789", v.s[0]))
		return false;
	memcpy(tmp, v.s, v.n);
	tmp[v.n] = '\0';
	d = strtod(tmp, &end);
	return *end == '\0' && hz_sheet_number(d, num) == v.n && memcmp(num, v.s, v.n) == 0;
}

/* One cell: its value the way its field wants it, its style as chosen. */
static void put_cell(wbmodel *w, hz_buf *b, long row, long col, hz_str v, hz_kind kind, int style,
                     int date_style)
{
	char ref[16], num[HZ_SHEET_TEXT_MAX];
	hz_date day;

	col_name(col, ref);
	snprintf(ref + strlen(ref), sizeof ref - strlen(ref), "%ld", row);
	hz_buf_printf(b, "<%sc r=\"%s\"", w->prefix, ref);
	if (v.n == 0) {
		if (style >= 0)
			hz_buf_printf(b, " s=\"%d\"", style);
		hz_buf_puts(b, "/>");
		return;
	}
	/* a date (progress_date: when it holds one) as a date cell */
	if ((kind == HZ_KIND_DATE || kind == HZ_KIND_DATES) && date_style >= 0 &&
	    !memchr(v.s, '\n', v.n) && hz_date_parse(v, 0, &day)) {
		long serial = (long)day + EXCEL_EPOCH - (w->date1904 ? EPOCH_1904 : 0);
		hz_buf_printf(b, " s=\"%d\"><%sv>%ld</%sv></%sc>", date_style, w->prefix, serial,
		              w->prefix, w->prefix);
		return;
	}
	if (style >= 0)
		hz_buf_printf(b, " s=\"%d\"", style);
	if ((kind == HZ_KIND_ID || kind == HZ_KIND_COUNT || kind == HZ_KIND_AMOUNT ||
	     kind == HZ_KIND_SUB) &&
	    !is_date_style(w, style) && plain_number(v, num)) {
		hz_buf_printf(b, "><%sv>%s</%sv></%sc>", w->prefix, num, w->prefix, w->prefix);
		return;
	}
	hz_buf_printf(b, " t=\"inlineStr\"><%sis><%st xml:space=\"preserve\">", w->prefix,
	              w->prefix);
	put_escaped(b, v.s, v.n);
	hz_buf_printf(b, "</%st></%sis></%sc>", w->prefix, w->prefix, w->prefix);
}

/* Bytes of a start tag (or a cell) with the row number of its r
 * attribute made newr: "12" or "B12". */
static void put_renumbered(wbmodel *w, hz_buf *b, size_t begin, size_t end, size_t tag_end,
                           long newr, bool cell)
{
	size_t vb, ve;
	char t[32];

	if (!attr_span(w->sheet, begin, tag_end, "r", &vb, &ve)) {
		hz_buf_put(b, w->sheet + begin, end - begin);
		return;
	}
	hz_buf_put(b, w->sheet + begin, vb - begin);
	if (cell) {
		size_t i = vb;
		while (i < ve && (w->sheet[i] < '0' || w->sheet[i] > '9'))
			i++;
		hz_buf_put(b, w->sheet + vb, i - vb);
	}
	snprintf(t, sizeof t, "%ld", newr);
	hz_buf_puts(b, t);
	hz_buf_put(b, w->sheet + ve, end - ve);
}

/* The start tag of a new row: that of the row it takes its look from
 * (height, style), with its number and without its spans. */
static void put_row_tag(wbmodel *w, hz_buf *b, const xrow *like, long r)
{
	size_t vb, ve, nb, sb, se, end;

	if (like == NULL) {
		hz_buf_printf(b, "<%srow r=\"%ld\">", w->prefix, r);
		return;
	}
	end = like->tag_end;
	while (end > like->begin &&
	       (w->sheet[end - 1] == '>' || w->sheet[end - 1] == '/' || w->sheet[end - 1] == ' '))
		end--;
	if (!attr_span(w->sheet, like->begin, end, "r", &vb, &ve)) {
		hz_buf_printf(b, "<%srow r=\"%ld\">", w->prefix, r);
		return;
	}
	bool spans = attr_at(w->sheet, like->begin, end, "spans", &nb, &sb, &se);
	for (size_t i = like->begin; i < end; i++) {
		if (i == vb) {
			hz_buf_printf(b, "%ld", r);
			i = ve - 1;
		} else if (spans && i == nb) {
			i = se; /* the closing quote */
		} else {
			hz_buf_put(b, w->sheet + i, 1);
		}
	}
	hz_buf_puts(b, ">");
}

/* The style of a cell written in column col of sheet row r: a changed
 * cell keeps its own; a new record's takes the record row above's (else
 * the template row's own, else its left neighbour's). A date goes in as
 * a date cell only in a date style: the cell's own, or for a new record
 * the column's (the nearest record above that has one). */
static void cell_style(wbmodel *w, const xrow *own, bool new_record, long r, long col, hz_kind kind,
                       int *style, int *date_style)
{
	const xcell *c = cell_at(w, own, col);
	const xrow *above = record_above(w, r);
	const xcell *a = cell_at(w, above, col);
	const xcell *left = NULL;

	if (c != NULL && !new_record) {
		*style = c->style;
		*date_style = (kind == HZ_KIND_DATE || kind == HZ_KIND_DATES) &&
		                              is_date_style(w, c->style)
		                      ? c->style
		                      : -1;
		return;
	}
	*style = a ? a->style : c ? c->style : -1;
	if (*style < 0 && col > 0) {
		left = cell_at(w, own, col - 1);
		if (left == NULL)
			left = cell_at(w, above, col - 1);
		if (left && !is_date_style(w, left->style))
			*style = left->style;
	}
	*date_style = -1;
	if (kind != HZ_KIND_DATE && kind != HZ_KIND_DATES)
		return;
	if (is_date_style(w, *style)) {
		*date_style = *style;
		return;
	}
	/* the column's date format: the nearest record above that has one
	 * (the same for every row below the last record: kept per column) */
	bool below = r > w->last_record && col < DATE_MEMO;
	if (below && w->date_memo[col] != 0) {
		*date_style = w->date_memo[col] - 2;
		return;
	}
	for (size_t i = w->nrows; i-- > 0 && *date_style < 0;) {
		const xrow *x = &w->rows[i];
		if (x->r >= r || !x->record)
			continue;
		a = cell_at(w, x, col);
		if (a && is_date_style(w, a->style))
			*date_style = a->style;
	}
	if (below)
		w->date_memo[col] = *date_style + 2;
}

/* One row of the new sheet. */
static void put_row(wbmodel *w, hz_buf *b, const rowout *o)
{
	const xrow *own = o->old >= 0 ? &w->rows[o->old] : NULL;
	size_t nset = 0, ci;
	long maxc = -1;

	if (o->rec)
		nset = o->rec->ncells;
	if (o->header)
		maxc = (long)(w->file_ncols + w->ncols_added);
	if ((long)nset > maxc)
		maxc = (long)nset;
	/* the start tag: a new record's row looks like the record row above */
	const xrow *like = o->rec && !o->was ? record_above(w, o->look) : NULL;
	if (like != NULL) {
		put_row_tag(w, b, like, o->r);
	} else if (own) {
		size_t tag_end = own->tag_end;
		if (own->empty) { /* <row .../>: opened */
			tag_end -= 2;
			while (tag_end > own->begin && w->sheet[tag_end - 1] == ' ')
				tag_end--;
		}
		put_renumbered(w, b, own->begin, tag_end, tag_end, o->r, false);
		if (own->empty)
			hz_buf_puts(b, ">");
	} else {
		put_row_tag(w, b, record_above(w, o->look), o->r);
	}
	/* the cells, in column order: those kept, those set */
	ci = own ? own->c0 : 0;
	size_t cend = own ? own->c0 + own->nc : 0;
	for (long col = 0;; col++) {
		const xcell *c = ci < cend ? &w->cells[ci] : NULL;
		bool set = false;
		hz_str v = { "", 0 };
		hz_kind kind = HZ_KIND_TEXT;

		if (c == NULL && col >= maxc)
			break;
		if (c && c->col < col) { /* out of order: kept as it is */
			put_renumbered(w, b, c->begin, c->end, c->end, o->r, true);
			ci++;
			col--;
			continue;
		}
		if (o->rec && (size_t)col < o->rec->ncells) {
			v = o->rec->cells[col];
			kind = kind_of(o->rec, (size_t)col);
			if (o->was) {
				hz_str old = (size_t)col < o->was->ncells ? o->was->cells[col]
				                                          : (hz_str){ "", 0 };
				hz_date d1, d2;
				set = old.n != v.n || memcmp(old.s, v.s, v.n) != 0;
				/* a date cell already holding that day keeps its bytes */
				if (set && c && c->col == col && is_date_style(w, c->style) &&
				    hz_regm_same_day(o->rec, (size_t)col, old, v, &d1, &d2))
					set = false;
			} else {
				set = v.n > 0 || (c && c->filled);
				if (c && c->filled && kind == HZ_KIND_ID && c->id > 0) {
					long id;
					set = !(hz_count_parse(v, &id) && id == c->id);
				}
			}
		}
		if (o->header && col >= (long)w->file_ncols &&
		    col < (long)(w->file_ncols + w->ncols_added)) {
			v = hz_str_c(w->cols[col - (long)w->file_ncols]);
			kind = HZ_KIND_TEXT;
			set = true;
		}
		if (set) {
			int style, date_style;
			if (o->header) {
				const xcell *h = cell_at(w, own, col);
				const xcell *l = cell_at(w, own, (long)w->file_ncols - 1);
				style = h ? h->style : l ? l->style : -1;
				date_style = -1;
			} else {
				cell_style(w, own, o->was == NULL, o->look, col, kind, &style,
				           &date_style);
			}
			put_cell(w, b, o->r, col, v, kind, style, date_style);
			if (c && c->col == col && c->shared_master)
				w->shared_broken = o->r;
		} else if (c && c->col == col) {
			put_renumbered(w, b, c->begin, c->end, c->end, o->r, true);
		}
		if (c && c->col == col)
			ci++;
	}
	hz_buf_printf(b, "</%srow>", w->prefix);
}

/* ---- the plan: which rows change, where new ones go ---- */

typedef struct plan {
	rowout *o;
	size_t n;
	long *of_row; /* rows[i]'s entry in o, or -1 */
} plan;

static rowout *add_out(plan *p)
{
	p->o = hz_xrealloc(p->o, (p->n + 1) * sizeof(*p->o));
	memset(&p->o[p->n], 0, sizeof(p->o[p->n]));
	p->o[p->n].old = -1;
	return &p->o[p->n++];
}

/* The entry of rows[old]: at its place, with its number, until changed. */
static rowout *out_for(const wbmodel *w, plan *p, long old)
{
	if (p->of_row[old] >= 0)
		return &p->o[p->of_row[old]];
	p->of_row[old] = (long)p->n;
	rowout *o = add_out(p);
	o->old = old;
	o->r = w->rows[old].r;
	o->at = w->rows[old].begin;
	return o;
}

static int by_place(const void *a, const void *b)
{
	const rowout *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if ((x->old < 0) != (y->old < 0))
		return x->old < 0 ? -1 : 1; /* new rows before the row they precede */
	return x->r < y->r ? -1 : x->r > y->r;
}

/* Where rows numbered from r go: before the first row at or after r. */
static size_t offset_for(const wbmodel *w, long r)
{
	size_t lo = 0, hi = w->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->rows[mid].r < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nrows ? w->rows[lo].begin : w->data_end;
}

static bool row_blank(const wbmodel *w, long r)
{
	const xrow *x = row_of((wbmodel *)w, r);

	return x == NULL || (!x->record && x->kind == XR_BLANK);
}

static bool has_formula(const wbmodel *w, const xrow *x)
{
	for (size_t c = x->c0; c < x->c0 + x->nc; c++)
		if (w->cells[c].formula)
			return true;
	return false;
}

/* Rows r and below move down by k: each is rewritten with its new number,
 * and so are the merged ranges there. A formula there would point at the
 * wrong cells afterwards: refused. */
static int shift_rows(wbmodel *w, plan *p, long r, long k, char *err, size_t cap)
{
	for (size_t i = 0; i < w->nrows; i++) {
		xrow *x = &w->rows[i];
		if (x->r < r)
			continue;
		if (has_formula(w, x)) {
			hz_say(err, cap,
			       "%s: row %ld below the records holds a formula that moving "
			       "the rows would break; make room with blank template rows "
			       "(nothing written)",
			       w->name, x->r);
			return -1;
		}
		rowout *o = out_for(w, p, (long)i);
		o->r = x->r + k;
	}
	return 0;
}

/* How the old row numbers become the new: the rows removed close up (as
 * WPS/Excel's 删除行 does), and rows from `from` move down by `by` to make
 * room for new records. */
typedef struct rowmap {
	long *gone; /* the rows removed, in order */
	size_t ngone;
	long from, by;
} rowmap;

static size_t gone_below(const rowmap *m, long r)
{
	size_t lo = 0, hi = m->ngone;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->gone[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool is_gone(const rowmap *m, long r)
{
	size_t i = gone_below(m, r);

	return i < m->ngone && m->gone[i] == r;
}

/* Row r's new number; for a row removed, the next row's. */
static long map_row(const rowmap *m, long r)
{
	return r - (long)gone_below(m, r) + (m->by > 0 && r >= m->from ? m->by : 0);
}

/* The last row of a range ending at r: a removed row's is the row above's. */
static long map_bottom(const rowmap *m, long r)
{
	return is_gone(m, r) ? map_row(m, r) - 1 : map_row(m, r);
}

static bool moves(const rowmap *m, long r)
{
	return is_gone(m, r) || map_row(m, r) != r;
}

static int by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* A range "A5:I9" or a cell "C5" remapped into b; false when its rows all
 * go. Anything else is kept as it is. */
static bool map_range(const rowmap *m, const char *s, size_t n, long last, hz_buf *b)
{
	char t[64], c1[16], c2[16];
	long r1, r2;
	int k = 0;

	if (n >= sizeof t) {
		hz_buf_put(b, s, n);
		return true;
	}
	memcpy(t, s, n);
	t[n] = '\0';
	if (sscanf(t, "%15[A-Z]%ld:%15[A-Z]%ld%n", c1, &r1, c2, &r2, &k) == 4 && (size_t)k == n) {
		long top = map_row(m, r1), bottom = map_bottom(m, r2);
		if (last > bottom)
			bottom = last;
		if (bottom < top)
			return false;
		hz_buf_printf(b, "%s%ld:%s%ld", c1, top, c2, bottom);
	} else if (sscanf(t, "%15[A-Z]%ld%n", c1, &r1, &k) == 2 && (size_t)k == n) {
		if (is_gone(m, r1))
			return false;
		hz_buf_printf(b, "%s%ld", c1, map_row(m, r1));
	} else {
		hz_buf_put(b, s, n);
	}
	return true;
}

typedef struct patch {
	size_t begin, end;
	char *text;
} patch;

static int by_begin(const void *a, const void *b)
{
	const patch *x = a, *y = b;

	return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* The places outside the rows that name rows, made to follow them: the
 * dimension (to `last`), merged ranges (one whose rows all go goes too),
 * validations, conditional formats and links (one whose rows all go:
 * refused, as nothing may be dropped silently). */
static int map_refs(wbmodel *w, const rowmap *m, long last, patch **out, size_t *nout, char *err,
                    size_t cap)
{
	size_t kept = 0, merges = 0;
	patch *ps = hz_xcalloc(w->nrefs + 2, sizeof(*ps));
	size_t n = 0;

	for (size_t i = 0; i < w->nrefs; i++) {
		const xref *x = &w->refs[i];
		const char *s = w->sheet + x->vb;
		hz_buf b = { 0 };
		bool ok = true;

		for (size_t j = x->vb, k; j < x->ve; j = k) {
			while (j < x->ve && w->sheet[j] == ' ')
				hz_buf_put(&b, w->sheet + j++, 1);
			for (k = j; k < x->ve && w->sheet[k] != ' ';)
				k++;
			if (k > j)
				ok = map_range(m, w->sheet + j, k - j,
				               x->kind == REF_DIM ? last : 0, &b) &&
				     ok;
		}
		merges += x->kind == REF_MERGE;
		if (!ok && x->kind == REF_LIST) {
			hz_say(err, cap,
			       "%s: a data validation, conditional format or link there applies "
			       "only to rows that would go (%.*s); remove it in WPS/Excel first "
			       "(nothing written)",
			       w->name, (int)(x->ve - x->vb), s);
			free(b.s);
			for (size_t j = 0; j < n; j++)
				free(ps[j].text);
			free(ps);
			return -1;
		}
		if (!ok) {
			ps[n++] = (patch){ x->eb, x->ee, hz_xstrdup("") };
		} else {
			kept += x->kind == REF_MERGE;
			if (b.n != x->ve - x->vb || memcmp(b.s, s, b.n) != 0)
				ps[n++] = (patch){ x->vb, x->ve, hz_xstrdup(b.s ? b.s : "") };
		}
		free(b.s);
	}
	if (w->has_mc && kept < merges) {
		if (kept == 0) { /* <mergeCells> may not be empty: it goes */
			size_t j = 0;
			for (size_t i = 0; i < n; i++) {
				if (ps[i].begin >= w->mc_begin && ps[i].end <= w->mc_end)
					free(ps[i].text);
				else
					ps[j++] = ps[i];
			}
			n = j;
			ps[n++] = (patch){ w->mc_begin, w->mc_end, hz_xstrdup("") };
		} else {
			char t[32];
			snprintf(t, sizeof t, "%zu", kept);
			ps[n++] = (patch){ w->mc_vb, w->mc_ve, hz_xstrdup(t) };
		}
	}
	qsort(ps, n, sizeof(*ps), by_begin);
	*out = ps;
	*nout = n;
	return 0;
}

/* A record that moves or goes must not leave a comment or a picture
 * behind: those parts are kept byte for byte, so their anchors cannot
 * move, and the note would then stand beside another record. (One on a
 * footer row drifts as the footer moves, as it always has for new
 * records: no record is misdescribed by it.) */
static int check_anchors(wbmodel *w, const rowmap *m, char *err, size_t cap)
{
	if (load_anchors(w) == -1) {
		hz_say(err, cap, "%s: cannot be edited: %s; nothing written", w->name, w->err);
		return -1;
	}
	for (size_t i = 0; i < w->nanchors; i++) {
		const xrow *x = row_of(w, w->anchors[i]);
		if (x == NULL || !x->record || !moves(m, w->anchors[i]))
			continue;
		hz_say(err, cap,
		       "%s: row %ld holds a comment or a picture, which would stay where it is "
		       "while the rows move; move it above the records in WPS/Excel, or make the "
		       "change there (nothing written)",
		       w->name, w->anchors[i]);
		return -1;
	}
	return 0;
}

/* The new sheet's rows put in place: rows removed closed up, every row
 * below them renumbered; a moved row with a formula is refused. */
static int close_up(wbmodel *w, plan *p, rowmap *m, char *err, size_t cap)
{
	if (m->ngone == 0)
		return 0;
	for (size_t i = 0; i < w->nrows; i++) {
		const xrow *x = &w->rows[i];
		if (is_gone(m, x->r) || gone_below(m, x->r) == 0)
			continue;
		if (has_formula(w, x)) {
			hz_say(err, cap,
			       "%s: row %ld holds a formula that moving the rows up would break; "
			       "delete the records in WPS/Excel, or remove the formula "
			       "(nothing written)",
			       w->name, x->r);
			return -1;
		}
		(void)out_for(w, p, (long)i);
	}
	for (size_t i = 0; i < p->n; i++) {
		rowout *o = &p->o[i];
		o->r -= (long)gone_below(m, o->old >= 0 ? w->rows[o->old].r : o->r);
	}
	return 0;
}

/* The sheet after the change. */
static int new_sheet(wbmodel *w, hz_buf *out, char *err, size_t cap)
{
	plan p = { 0 };
	size_t off = 0, left = 0, npatch = 0, pi = 0;
	long last = w->header_row, last_out = 0;
	bool *placed = NULL;
	rowmap m = { 0 };
	patch *ps = NULL;
	int rc = -1;

	p.of_row = hz_xcalloc(w->nrows + 1, sizeof(*p.of_row));
	for (size_t i = 0; i < w->nrows; i++)
		p.of_row[i] = -1;
	for (size_t i = 0; i < w->nrec; i++)
		if (w->rec_rows[i] > last)
			last = w->rec_rows[i];
	/* records removed */
	m.gone = hz_xcalloc(w->ndel + 1, sizeof(*m.gone));
	for (size_t i = 0; i < w->ndel; i++) {
		xrow *x = row_of(w, w->rec_rows[w->del[i]]);
		if (x == NULL)
			continue;
		m.gone[m.ngone++] = x->r;
		out_for(w, &p, (long)(x - w->rows))->del = true;
	}
	qsort(m.gone, m.ngone, sizeof(*m.gone), by_long);
	/* the header, for added columns */
	if (w->ncols_added > 0) {
		xrow *h = row_of(w, w->header_row);
		if (h == NULL) {
			hz_say(err, cap, "%s: cannot find its header row", w->name);
			goto out;
		}
		out_for(w, &p, (long)(h - w->rows))->header = true;
	}
	/* records changed */
	for (size_t i = 0; i < w->nrep; i++) {
		xrow *x = row_of(w, w->rec_rows[w->rep[i].recno]);
		if (x == NULL)
			continue;
		rowout *o = out_for(w, &p, (long)(x - w->rows));
		o->rec = w->rep[i].now;
		o->was = w->rep[i].was;
	}
	/* new records: the template row of their 序号, else the next place */
	placed = hz_xcalloc(w->nadd + 1, sizeof(*placed));
	for (size_t i = 0; i < w->nadd; i++) {
		long id;
		if (w->add[i].id == NULL || !hz_count_parse(hz_str_c(w->add[i].id), &id))
			continue;
		for (size_t t = 0; t < w->nrows; t++) {
			xrow *x = &w->rows[t];
			if (x->r > w->header_row && !x->record && x->kind == XR_TEMPLATE &&
			    x->tid == id && !x->filled_by) {
				x->filled_by = true;
				out_for(w, &p, (long)t)->rec = w->add[i].rec;
				placed[i] = true;
				break;
			}
		}
	}
	for (size_t i = 0; i < w->nadd; i++)
		left += !placed[i];
	if (left > 0) {
		/* above the first template row left blank, else above the footer,
		 * else at the end; blank rows right after the records are used */
		long at = 0, slot = last + 1;
		bool footer_seen = false;
		for (size_t t = 0; t < w->nrows && at == 0; t++) {
			xrow *x = &w->rows[t];
			if (x->r <= last || x->record)
				continue;
			if (x->kind == XR_TEMPLATE && !x->filled_by)
				at = x->r;
		}
		for (size_t t = 0; t < w->nrows && at == 0 && !footer_seen; t++) {
			xrow *x = &w->rows[t];
			if (x->r > last && !x->record && x->kind == XR_OTHER) {
				at = x->r;
				footer_seen = true;
			}
		}
		bool free_run = true;
		for (long r = last + 1; at > 0 && r < at; r++)
			free_run = free_run && row_blank(w, r);
		long room = at == 0 ? (long)left : free_run ? at - slot : 0;
		if (room > (long)left)
			room = (long)left;
		if (!free_run)
			slot = at;
		if ((long)left > room) {
			m.from = at;
			m.by = (long)left - room;
			if (shift_rows(w, &p, at, m.by, err, cap) == -1)
				goto out;
		}
		for (size_t i = 0; i < w->nadd; i++) {
			if (placed[i])
				continue;
			long r = slot++;
			xrow *x = row_of(w, r);
			rowout *o;
			if (x != NULL && (x->r < at || at == 0 || m.by == 0)) {
				o = out_for(w, &p, (long)(x - w->rows));
			} else {
				/* in the room made: before the rows moved down */
				o = add_out(&p);
				o->at = offset_for(w, m.by > 0 && r > m.from ? m.from : r);
			}
			o->r = r;
			o->rec = w->add[i].rec;
		}
	}
	for (size_t i = 0; i < p.n; i++)
		p.o[i].look = p.o[i].r;
	if (close_up(w, &p, &m, err, cap) == -1)
		goto out;
	if ((m.ngone > 0 || m.by > 0) && check_anchors(w, &m, err, cap) == -1)
		goto out;
	/* the dimension reaches the last row written */
	for (size_t i = 0; i < p.n; i++)
		if (!p.o[i].del && p.o[i].r > last_out)
			last_out = p.o[i].r;
	if (map_refs(w, &m, last_out, &ps, &npatch, err, cap) == -1)
		goto out;
	qsort(p.o, p.n, sizeof(*p.o), by_place);
	for (size_t i = 0; i <= p.n; i++) {
		size_t at = i < p.n ? p.o[i].at : w->sheet_len;
		for (; pi < npatch && ps[pi].begin < at; pi++) {
			hz_buf_put(out, w->sheet + off, ps[pi].begin - off);
			hz_buf_puts(out, ps[pi].text);
			off = ps[pi].end;
		}
		hz_buf_put(out, w->sheet + off, at - off);
		off = at;
		if (i == p.n)
			break;
		const rowout *o = &p.o[i];
		if (!o->del)
			put_row(w, out, o);
		off = o->old >= 0 ? w->rows[o->old].end : o->at;
	}
	rc = 0;
out:
	for (size_t i = 0; i < npatch; i++)
		free(ps[i].text);
	free(ps);
	free(placed);
	free(m.gone);
	free(p.of_row);
	free(p.o);
	return rc;
}

/* ---- the package ---- */

static int zip_fail(wbmodel *w, zip_t *za, char *err, size_t cap)
{
	hz_say(err, cap, "%s: cannot write the workbook: %s", w->name,
	       za ? zip_strerror(za) : "out of memory");
	return -1;
}

/* The new package in memory: every entry of the old one copied raw (its
 * compressed bytes, as they are), the sheet replaced. */
static int new_package(wbmodel *w, const hz_buf *sheet, zip_source_t **out, char *err, size_t cap)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t n = zip_get_num_entries(w->zip, 0);

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		return zip_fail(w, NULL, err, cap);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (za == NULL) {
		zip_source_free(src);
		return zip_fail(w, NULL, err, cap);
	}
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(w->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		zip_source_t *s;
		zip_int64_t k;
		if (name == NULL)
			goto fail;
		if (i == w->sheet_index)
			s = zip_source_buffer(za, sheet->s, sheet->n, 0);
		else
			s = zip_source_zip(za, w->zip, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
		if (s == NULL)
			goto fail;
		k = zip_file_add(za, name, s, ZIP_FL_ENC_RAW);
		if (k < 0) {
			zip_source_free(s);
			goto fail;
		}
		if (i == w->sheet_index) {
			zip_stat_t st;
			zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_DEFLATE, 0);
			/* its old time: the same change gives the same bytes */
			if (zip_stat_index(w->zip, (zip_uint64_t)i, 0, &st) == 0 &&
			    (st.valid & ZIP_STAT_MTIME))
				zip_file_set_mtime(za, (zip_uint64_t)k, st.mtime, 0);
		}
	}
	if (zip_close(za) != 0)
		goto fail;
	*out = src;
	return 0;
fail:
	zip_fail(w, za, err, cap);
	zip_discard(za);
	zip_source_free(src);
	return -1;
}

static int wb_write(regmodel *m, char *err, size_t cap)
{
	wbmodel *w = (wbmodel *)m;
	hz_buf sheet = { 0 };
	zip_source_t *src = NULL;
	char chunk[65536];
	zip_int64_t got;
	int rc = -1;

	if (w->nadd == 0 && w->nrep == 0 && w->ndel == 0)
		return 0;
	if (new_sheet(w, &sheet, err, cap) == -1)
		goto out;
	if (w->shared_broken > 0) {
		hz_say(err, cap,
		       "%s: row %ld holds the formula other cells share, which the change would "
		       "overwrite; make that change in WPS/Excel (nothing written)",
		       w->name, w->shared_broken);
		goto out;
	}
	if (new_package(w, &sheet, &src, err, cap) == -1)
		goto out;
	if (zip_source_open(src) != 0) {
		hz_say(err, cap, "%s: cannot write the workbook", w->name);
		goto out;
	}
	if (hz_reglock_rewrite_begin(w->lock, err, cap) == -1)
		goto lock_fail;
	while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if (hz_reglock_rewrite_put(w->lock, chunk, (size_t)got, err, cap) == -1)
			goto lock_fail;
	if (got < 0) {
		hz_reglock_rewrite_abort(w->lock);
		hz_say(err, cap, "%s: cannot write the workbook", w->name);
		goto out;
	}
	if (hz_reglock_rewrite_commit(w->lock, err, cap) == -1)
		goto lock_fail;
	rc = 0;
	goto out;
lock_fail:
	hz_reglock_rewrite_abort(w->lock);
out:
	if (src) {
		zip_source_close(src);
		zip_source_free(src);
	}
	free(sheet.s);
	return rc;
}

static const regmodel_ops workbook_ops = {
	wb_encoding, wb_note,  wb_layout, wb_add_column, wb_replace,
	wb_insert,   wb_write, wb_free,   wb_delete,
};

regmodel *hz_xlsxe_open(hz_reglock *lock, const char *name, char *err, size_t cap)
{
	wbmodel *w = hz_xcalloc(1, sizeof(*w));
	char *lf = lock_file(name);

	w->base.ops = &workbook_ops;
	w->lock = lock;
	w->name = hz_xstrdup(name);
	w->id_col = -1;
	if (lf != NULL) {
		const char *slash = strrchr(name, '/');
		hz_say(err, cap,
		       "%s: close %s in WPS/Excel first (its lock file %s is there); "
		       "nothing written",
		       name, slash ? slash + 1 : name, lf);
		free(lf);
		goto fail;
	}
	if (hz_reglock_size(lock) == 0) {
		hz_say(err, cap,
		       "%s: no such workbook; a new register is started as .csv "
		       "(hz-fmt -o xlsx makes a workbook of it)",
		       name);
		goto fail;
	}
	if (load(w, err, cap) == -1)
		goto fail;
	return &w->base;
fail:
	wb_free(&w->base);
	return NULL;
}
