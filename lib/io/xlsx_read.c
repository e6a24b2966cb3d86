/* xlsx_read.c - an .xlsx workbook as a source of rows: the one file that
 * includes <zip.h> and <expat.h>
 *
 * The workbook, its relationships and its styles are small and read whole;
 * the shared-string table is held (one block of text and an offset a
 * string; past a few MB in a mapped temporary file, so memory stays
 * bounded); the sheet is streamed, the parser suspended after each row, so
 * memory does not grow with the sheet. Every part is read through caps on
 * its decompressed size, on the nesting of its XML and on the length of one
 * XML token, so that a zip bomb or a hostile document is an io error, not
 * an exhausted machine. Only elements of the spreadsheet namespaces count;
 * a cell goes to the column its reference names; a row is kept as the
 * cells it has, so a cell at XFD costs one cell. */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zip.h>
#include "hz/sheet.h"
#include "hz/strset.h"
#include "reader_int.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* Decompressed bytes a part may have: the small parts, the shared strings
 * (held in a file past SPILL_AT, so only disk and time are at stake: their
 * offsets are 32 bits), a sheet (streamed, so only time is at stake). */
#define PART_MAX (16ull << 20)
#define STRINGS_MAX (2ull << 30)
/* Bytes of shared strings (text and offsets) held in memory; past this the
 * table goes to a temporary file, mapped once it is read, whose pages are
 * let go after every SPILL_AT bytes looked up (the page cache keeps them). */
#define SPILL_AT (4u << 20)
#define SHEET_MAX (2ull << 30)
/* A part larger than this must not be more than RATIO_MAX times its
 * compressed size: real XML stays far below, a bomb far above. */
#define RATIO_FROM (64ull << 20)
#define RATIO_MAX 400
/* OOXML nests six deep (worksheet/sheetData/row/c/is/r/t): far deeper is hostile. */
#define DEPTH_MAX 64
#define STRINGS_COUNT_MAX (64u << 20)
#define CHUNK 65536
/* Bytes of one XML token (a tag with its attributes, a comment, a name):
 * expat 2.5 scans an unfinished token again with every chunk fed, so a
 * 60 MB attribute costs minutes. Real workbooks' tokens are a few KB. */
#define TOKEN_MAX (1ll << 20)
/* Sheets a workbook may list. */
#define SHEETS_MAX 4096

/* A namespace URI and its length (names are matched by their prefix). */
typedef struct ns_uri {
	const char *uri;
	size_t len;
} ns_uri;
#define NS_URI(s)                                                                                  \
	{                                                                                          \
		s, sizeof s - 1                                                                    \
	}

/* The namespaces whose elements are read (transitional and strict OOXML). */
static const ns_uri main_ns[] = {
	NS_URI("http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
	NS_URI("http://purl.oclc.org/ooxml/spreadsheetml/main"),
	{ NULL, 0 },
};
static const ns_uri rels_ns[] = {
	NS_URI("http://schemas.openxmlformats.org/package/2006/relationships"),
	{ NULL, 0 },
};
/* ... and of the r:id attribute naming a sheet's relationship */
static const ns_uri rel_attr_ns[] = {
	NS_URI("http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
	NS_URI("http://purl.oclc.org/ooxml/officeDocument/relationships"),
	{ NULL, 0 },
};

typedef struct xlsx xlsx;

/* What one part's parser calls: element start and end (local names, without
 * a namespace prefix) and text. */
typedef struct part_handlers {
	void (*start)(xlsx *x, const char *name, const char **atts);
	void (*end)(xlsx *x, const char *name);
	void (*text)(xlsx *x, const char *s, int n);
	const ns_uri *ns; /* the element namespaces read */
} part_handlers;

typedef struct sheet_ref {
	char *name, *rid, *part;
} sheet_ref;

/* A cell of the row being read: its column and text (in x->ptext). */
typedef struct pcell {
	long col;
	size_t seq, off, len;
} pcell;

struct xlsx {
	hz_reader *r;
	zip_t *zip;
	XML_Parser p; /* the part being parsed */
	const part_handlers *h;
	int depth;
	/* where the local name of each open element of ours begins, so the
	 * end tag (the same name) is not matched against the namespaces again */
	unsigned short local_at[DEPTH_MAX + 1];
	int foreign;         /* depth inside an element of another namespace */
	long long fed, mark; /* bytes fed to p; where its last event began */
	char err[320];       /* why the reading stopped, "" if it did not */

	/* workbook.xml, its rels: the sheet to read and the parts it needs */
	bool date1904;
	sheet_ref *sheets;     /* in the workbook's order */
	size_t nsheets, cur;   /* cur: the sheet being read */
	sheet_ref **by_rid;    /* the same, sorted by relationship id */
	char sheet_names[256]; /* for "no sheet 'X' (sheets: …)" */
	char *sheet_part, *strings_part, *styles_part;

	/* styles.xml: number formats that are dates (sorted once read), and
	 * each cell style's format, then whether it shows a date */
	int *date_fmts;
	size_t ndate_fmts, date_fmts_cap;
	bool in_cell_xfs;
	int *xf_fmt;
	unsigned char *xf_date;
	size_t nxf, xf_cap;

	/* sharedStrings.xml: string i is text[off[i]] .. text[off[i + 1]] */
	char *st_text;
	size_t st_len, st_cap;
	uint32_t *st_off;
	size_t nst, st_off_cap;
	bool in_si, in_rph;
	FILE *st_spill[2]; /* text and offsets past SPILL_AT, or NULL */
	bool st_mapped;    /* st_text and st_off are their mappings */
	size_t st_looked;  /* bytes looked up since the pages were let go */

	/* text of the element being read (a string item, a cell) */
	bool in_t, in_v;
	char *text;
	size_t tlen, tcap;
	size_t tchars;   /* characters in text[0..tcounted): at most HZ_CELL_MAX */
	size_t tcounted; /* bytes counted (none until the text passes HZ_CELL_MAX bytes) */

	/* the sheet */
	zip_file_t *sheet;
	unsigned long long sheet_bytes, sheet_size, sheet_comp;
	char buf[CHUNK];
	bool suspended, fed_last, done;
	int in_sheet_data; /* inside <sheetData> (every one is read) */
	bool row_ready, in_row;
	long row, next_col;
	bool in_c;
	char ctype; /* s, i(nlineStr), t (str), b, e, d, n */
	int cstyle;
	long ccol;

	/* the row's cells as given; sorted by column when out of order */
	pcell *pc;
	size_t npc, pc_cap;
	char *ptext;
	size_t plen, pcap;
	bool unordered, unordered_said;
};

static void fail(xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Stop the parse at hand with a reason (the first one given stays). */
static void fail(xlsx *x, const char *fmt, ...)
{
	va_list ap;

	if (!x->err[0]) {
		va_start(ap, fmt);
		vsnprintf(x->err, sizeof x->err, HZ_(fmt), ap);
		va_end(ap);
	}
	if (x->p)
		XML_StopParser(x->p, XML_FALSE);
}

/* Names come from expat as "URI local" (NS_SEP), or "local" without a
 * namespace. */
#define NS_SEP ' '

/* Is name's namespace one of ns? *local: its local part. The URI is
 * everything before the last NS_SEP; a known URI is matched by its prefix
 * (strncmp stops at a shorter name's end), without measuring the name. */
static bool in_ns(const char *name, const ns_uri *ns, const char **local)
{
	for (; ns->uri; ns++)
		if (name[0] == ns->uri[0] && strncmp(name, ns->uri, ns->len) == 0 &&
		    name[ns->len] == NS_SEP) {
			/* a local name is short: no call to find another NS_SEP */
			const char *p = name + ns->len + 1;
			while (*p && *p != NS_SEP)
				p++;
			if (*p)
				break;
			*local = name + ns->len + 1;
			return true;
		}
	const char *sep = strrchr(name, NS_SEP);
	*local = sep ? sep + 1 : name;
	return false;
}

/* An attribute without a namespace (as OOXML's own are). */
static const char *attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (atts[0][0] == name[0] && strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

/* The r:id attribute: relationships' namespace. */
static const char *rel_id(const char **atts)
{
	const char *local;

	for (; atts && atts[0]; atts += 2)
		if (in_ns(atts[0], rel_attr_ns, &local) && strcmp(local, "id") == 0)
			return atts[1];
	return NULL;
}

static void text_add(xlsx *x, const char *s, size_t n)
{
	/* a character is at least a byte: below HZ_CELL_MAX bytes there is
	 * nothing to count; past it, the characters are counted once each */
	if (x->tlen + n > HZ_CELL_MAX) {
		for (size_t i = x->tcounted; i < x->tlen; i++)
			x->tchars += ((unsigned char)x->text[i] & 0xC0) != 0x80;
		for (size_t i = 0; i < n; i++)
			x->tchars += ((unsigned char)s[i] & 0xC0) != 0x80;
		x->tcounted = x->tlen + n;
		if (x->tchars > HZ_CELL_MAX) {
			fail(x, "a cell longer than %d characters (Excel's limit)", HZ_CELL_MAX);
			return;
		}
	}
	if (x->tlen + n + 1 > x->tcap) {
		x->tcap = (x->tlen + n + 1) * 2;
		x->text = hz_xrealloc(x->text, x->tcap);
	}
	memcpy(x->text + x->tlen, s, n);
	x->tlen += n;
	x->text[x->tlen] = '\0';
}

static void text_reset(xlsx *x)
{
	x->tlen = x->tchars = x->tcounted = 0;
	if (x->text)
		x->text[0] = '\0';
}

/* ---- expat, for every part ---- */

/* Where the parser's last event began: what is fed beyond it is one
 * unfinished token. */
static void progress(xlsx *x)
{
	x->mark = (long long)XML_GetCurrentByteIndex(x->p);
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	xlsx *x = ud;
	const char *local;

	progress(x);
	if (++x->depth > DEPTH_MAX) {
		fail(x, "XML nested deeper than %d elements", DEPTH_MAX);
		return;
	}
	/* an element of another namespace, and all inside it, is not read */
	if (x->foreign || !in_ns(name, x->h->ns, &local)) {
		x->foreign++;
		return;
	}
	x->local_at[x->depth] = (unsigned short)(local - name);
	if (x->h->start)
		x->h->start(x, local, atts);
}

static void XMLCALL on_end(void *ud, const char *name)
{
	xlsx *x = ud;
	const char *local;

	progress(x);
	if (x->foreign) {
		x->depth--;
		x->foreign--;
		return;
	}
	if (x->depth <= DEPTH_MAX)
		local = name + x->local_at[x->depth];
	else
		in_ns(name, x->h->ns, &local);
	x->depth--;
	if (x->h->end)
		x->h->end(x, local);
}

static void XMLCALL on_text(void *ud, const char *s, int n)
{
	xlsx *x = ud;

	progress(x);
	if (x->h->text && !x->foreign)
		x->h->text(x, s, n);
}

/* Comments, processing instructions, white space outside the root: only
 * their place matters (the token cap). */
static void XMLCALL on_other(void *ud, const char *s, int n)
{
	(void)s, (void)n;
	progress(ud);
}

/* OOXML has no DTD: one is an entity-expansion attack or not OOXML. */
static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
                               int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(ud, "a DOCTYPE, which no spreadsheet has");
}

static void parser_new(xlsx *x, const part_handlers *h)
{
	x->p = XML_ParserCreateNS("UTF-8", NS_SEP);
	if (!x->p)
		hz_out_of_memory(); /* expat fails only for memory */
	x->h = h;
	x->depth = x->foreign = 0;
	x->fed = x->mark = 0;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetDefaultHandlerExpand(x->p, on_other);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
}

/* XML_Parse, after the check that no token has grown past TOKEN_MAX. */
static enum XML_Status feed(xlsx *x, const char *buf, int n, bool last)
{
	if (x->fed - x->mark > TOKEN_MAX) {
		fail(x, "an XML token (a tag, a name, a comment) longer than %lld bytes",
		     TOKEN_MAX);
		return XML_STATUS_ERROR;
	}
	x->fed += n;
	return XML_Parse(x->p, buf, n, last);
}

static void parser_free(xlsx *x)
{
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
}

/* ---- zip parts ---- */

static void zip_why(int code, char *buf, size_t cap)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, code);
	snprintf(buf, cap, "%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
}

/* Open part `name`, after its size passes the caps. */
static zip_file_t *part_open(xlsx *x, const char *name, unsigned long long max,
                             unsigned long long *size, unsigned long long *comp)
{
	zip_stat_t st;
	zip_int64_t i = zip_name_locate(x->zip, name, 0);

	if (i < 0 || zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) != 0) {
		fail(x, "no part '%s' in the workbook", name);
		return NULL;
	}
	*size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	*comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	if (*size > max || (*size > RATIO_FROM && *size / (*comp ? *comp : 1) > RATIO_MAX)) {
		fail(x,
		     "part '%s' unpacks to %llu bytes from %llu (a zip bomb?); the limit is %llu",
		     name, *size, *comp, max);
		return NULL;
	}
	zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
	if (!f) {
		zip_error_t *ze = zip_get_error(x->zip);
		if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD ||
		    zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD)
			fail(x, "part '%s' is encrypted; save the workbook without a password",
			     name);
		else
			fail(x, "cannot open part '%s': %s", name, zip_error_strerror(ze));
	}
	return f;
}

/* Read a chunk of a part, counting what it unpacks to: the sizes in its
 * header may lie, so the caps apply to what comes out. -1 after fail(). */
static zip_int64_t part_read(xlsx *x, zip_file_t *f, const char *name, char *buf,
                             unsigned long long *count, unsigned long long max,
                             unsigned long long comp)
{
	zip_int64_t n = zip_fread(f, buf, CHUNK);

	if (n < 0) {
		fail(x, "cannot read part '%s': %s (a damaged or truncated file?)", name,
		     zip_error_strerror(zip_file_get_error(f)));
		return -1;
	}
	*count += (unsigned long long)n;
	if (*count > max || (*count > RATIO_FROM && *count / (comp ? comp : 1) > RATIO_MAX)) {
		fail(x, "part '%s' unpacks to more than %llu bytes from %llu (a zip bomb?)", name,
		     *count - (unsigned long long)n, comp);
		return -1;
	}
	return n;
}

static bool report_xml(xlsx *x, const char *name)
{
	if (!x->err[0])
		snprintf(x->err, sizeof x->err, HZ_("part '%s', XML line %lu: %s"), name,
		         (unsigned long)XML_GetCurrentLineNumber(x->p),
		         XML_ErrorString(XML_GetErrorCode(x->p)));
	return false;
}

/* Parse a whole part with h. */
static bool parse_part(xlsx *x, const char *name, unsigned long long max, const part_handlers *h)
{
	unsigned long long size, comp, count = 0;
	zip_file_t *f = part_open(x, name, max, &size, &comp);
	bool ok = f != NULL;

	if (!f)
		return false;
	parser_new(x, h);
	for (;;) {
		zip_int64_t n = part_read(x, f, name, x->buf, &count, max, comp);
		if (n < 0) {
			ok = false;
			break;
		}
		if (feed(x, x->buf, (int)n, n == 0) != XML_STATUS_OK) {
			ok = report_xml(x, name);
			break;
		}
		if (n == 0)
			break;
	}
	parser_free(x);
	zip_fclose(f);
	return ok && !x->err[0];
}

/* A relationship's target, as a path inside the zip: relative to xl/,
 * or absolute from the root. */
static char *part_path(const char *target)
{
	char buf[512];

	if (target[0] == '/')
		snprintf(buf, sizeof buf, "%s", target + 1);
	else
		snprintf(buf, sizeof buf, "xl/%s", target);
	return hz_xstrdup(buf);
}

/* ---- xl/workbook.xml: the sheets, by name ---- */

static void workbook_start(xlsx *x, const char *name, const char **atts)
{
	if (strcmp(name, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheet") == 0) {
		const char *sname = attr(atts, "name"), *rid = rel_id(atts);
		if (!sname || !rid)
			return;
		size_t used = strlen(x->sheet_names);
		snprintf(x->sheet_names + used, sizeof x->sheet_names - used, "%s'%s'",
		         used ? ", " : "", sname);
		const char *want = x->r->opts.sheet;
		if (want && strcmp(want, sname) != 0)
			return;
		if (x->nsheets == SHEETS_MAX) {
			fail(x, "a workbook of more than %d sheets", SHEETS_MAX);
			return;
		}
		x->sheets = hz_xrealloc(x->sheets, (x->nsheets + 1) * sizeof *x->sheets);
		x->sheets[x->nsheets++] = (sheet_ref){ hz_xstrdup(sname), hz_xstrdup(rid), NULL };
	}
}

static const part_handlers workbook_part = { workbook_start, NULL, NULL, main_ns };

static int by_rid(const void *a, const void *b)
{
	return strcmp((*(sheet_ref *const *)a)->rid, (*(sheet_ref *const *)b)->rid);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcmp(s + n - k, tail) == 0;
}

static void rels_start(xlsx *x, const char *name, const char **atts)
{
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
	           *target = attr(atts, "Target");

	if (strcmp(name, "Relationship") != 0 || !id || !type || !target)
		return;
	sheet_ref key = { NULL, (char *)id, NULL }, *k = &key;
	sheet_ref **s = bsearch(&k, x->by_rid, x->nsheets, sizeof *x->by_rid, by_rid);
	if (s) {
		/* two sheets with one id: each gets the part */
		for (sheet_ref **t = s; t > x->by_rid && strcmp(t[-1]->rid, id) == 0;)
			s = --t;
		for (; s < x->by_rid + x->nsheets && strcmp((*s)->rid, id) == 0; s++)
			if (!(*s)->part)
				(*s)->part = part_path(target);
	} else if (ends_with(type, "/sharedStrings") && !x->strings_part)
		x->strings_part = part_path(target);
	else if (ends_with(type, "/styles") && !x->styles_part)
		x->styles_part = part_path(target);
}

static const part_handlers rels_part = { rels_start, NULL, NULL, rels_ns };

/* ---- xl/styles.xml: which cell styles show a date ---- */

static int int_cmp(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;

	return (i > j) - (i < j);
}

/* Once styles.xml is read: which cell styles show a date. The custom date
 * formats are sorted and searched, so 200,000 of them and 1.5 million
 * styles cost n log n, not their product. */
static void resolve_styles(xlsx *x)
{
	if (x->ndate_fmts)
		qsort(x->date_fmts, x->ndate_fmts, sizeof *x->date_fmts, int_cmp);
	x->xf_date = x->nxf ? hz_xrealloc(NULL, x->nxf) : NULL;
	for (size_t i = 0; i < x->nxf; i++) {
		int id = x->xf_fmt[i];
		x->xf_date[i] = hz_sheet_builtin_date(id) ||
		                (x->ndate_fmts && bsearch(&id, x->date_fmts, x->ndate_fmts,
		                                          sizeof *x->date_fmts, int_cmp));
	}
}

static void styles_start(xlsx *x, const char *name, const char **atts)
{
	if (strcmp(name, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !hz_sheet_format_is_date(code))
			return;
		if (x->ndate_fmts == x->date_fmts_cap) {
			x->date_fmts_cap = x->date_fmts_cap ? x->date_fmts_cap * 2 : 16;
			x->date_fmts =
			        hz_xrealloc(x->date_fmts, x->date_fmts_cap * sizeof *x->date_fmts);
		}
		x->date_fmts[x->ndate_fmts++] = atoi(id);
	} else if (strcmp(name, "cellXfs") == 0) {
		x->in_cell_xfs = true;
	} else if (strcmp(name, "xf") == 0 && x->in_cell_xfs) {
		const char *v = attr(atts, "numFmtId");
		int id = v ? atoi(v) : 0;
		if (x->nxf == x->xf_cap) {
			x->xf_cap = x->xf_cap ? x->xf_cap * 2 : 64;
			x->xf_fmt = hz_xrealloc(x->xf_fmt, x->xf_cap * sizeof *x->xf_fmt);
		}
		x->xf_fmt[x->nxf++] = id;
	}
}

static void styles_end(xlsx *x, const char *name)
{
	if (strcmp(name, "cellXfs") == 0)
		x->in_cell_xfs = false;
}

static const part_handlers styles_part = { styles_start, styles_end, NULL, main_ns };

/* ---- xl/sharedStrings.xml: held whole, as one block of text ---- */

/* A temporary file, unlinked at once (TMPDIR, as stdin's copy). */
static FILE *spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/hz-strings-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	FILE *f = fdopen(fd, "w+");
	if (!f)
		close(fd);
	return f;
}

/* The string just read, past SPILL_AT: to the files (the first time, with
 * what memory held, which is then freed). */
static void spill_string(xlsx *x)
{
	uint32_t end;

	if (x->err[0])
		return; /* the parse is stopping */
	if (!x->st_spill[0]) {
		x->st_spill[0] = spill_file();
		x->st_spill[1] = x->st_spill[0] ? spill_file() : NULL;
		if (!x->st_spill[1] ||
		    fwrite(x->st_text, 1, x->st_len, x->st_spill[0]) != x->st_len ||
		    (x->nst && fwrite(x->st_off, sizeof *x->st_off, x->nst + 1, x->st_spill[1]) !=
		                       x->nst + 1) ||
		    (!x->nst && fwrite(&(uint32_t){ 0 }, sizeof end, 1, x->st_spill[1]) != 1)) {
			fail(x, "cannot hold the shared strings in a temporary file: %s",
			     strerror(errno));
			return;
		}
		free(x->st_text);
		free(x->st_off);
		x->st_text = NULL;
		x->st_off = NULL;
		x->st_cap = x->st_off_cap = 0;
	}
	x->st_len += x->tlen;
	end = (uint32_t)x->st_len;
	if (fwrite(x->text, 1, x->tlen, x->st_spill[0]) != x->tlen ||
	    fwrite(&end, sizeof end, 1, x->st_spill[1]) != 1) {
		fail(x, "cannot hold the shared strings in a temporary file: %s", strerror(errno));
		return;
	}
	x->nst++;
}

/* The spilled table, read: map its two files. */
static bool map_strings(xlsx *x)
{
	size_t off_bytes = (x->nst + 1) * sizeof *x->st_off;
	void *text = NULL, *off;

	if (fflush(x->st_spill[0]) != 0 || fflush(x->st_spill[1]) != 0) {
		fail(x, "cannot hold the shared strings in a temporary file: %s", strerror(errno));
		return false;
	}
	if (x->st_len)
		text = mmap(NULL, x->st_len, PROT_READ, MAP_SHARED, fileno(x->st_spill[0]), 0);
	off = mmap(NULL, off_bytes, PROT_READ, MAP_SHARED, fileno(x->st_spill[1]), 0);
	if (text == MAP_FAILED || off == MAP_FAILED) {
		if (text && text != MAP_FAILED)
			munmap(text, x->st_len);
		if (off != MAP_FAILED)
			munmap(off, off_bytes);
		fail(x, "cannot map the shared strings' temporary file: %s", strerror(errno));
		return false;
	}
	x->st_text = text ? text : (char *)"";
	x->st_off = off;
	x->st_mapped = true;
	return true;
}

/* String i was looked up: after SPILL_AT bytes of them, let the mapped
 * pages go, so the process's memory does not grow to the table's size. */
static void strings_looked(xlsx *x, size_t n)
{
	if (!x->st_mapped || (x->st_looked += n + 64) < SPILL_AT)
		return;
	x->st_looked = 0;
	if (x->st_len)
		madvise(x->st_text, x->st_len, MADV_DONTNEED);
	madvise(x->st_off, (x->nst + 1) * sizeof *x->st_off, MADV_DONTNEED);
}

static void strings_start(xlsx *x, const char *name, const char **atts)
{
	(void)atts;
	if (strcmp(name, "si") == 0) {
		x->in_si = true;
		text_reset(x);
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = true; /* phonetic guide: not the cell's text */
	} else if (strcmp(name, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_t = true;
	}
}

static void strings_end(xlsx *x, const char *name)
{
	if (strcmp(name, "t") == 0) {
		x->in_t = false;
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = false;
	} else if (strcmp(name, "si") == 0 && x->in_si) {
		x->in_si = false;
		if (x->tlen)
			x->tlen = hz_sheet_unescape(x->text, x->tlen);
		if (x->nst + 2 > STRINGS_COUNT_MAX || x->st_len + x->tlen > STRINGS_MAX) {
			fail(x, "a shared-string table larger than %u strings or %llu bytes",
			     STRINGS_COUNT_MAX, STRINGS_MAX);
			return;
		}
		if (x->st_spill[0] ||
		    x->st_len + x->tlen + (x->nst + 2) * sizeof *x->st_off > SPILL_AT) {
			spill_string(x);
			return;
		}
		if (x->nst + 2 > x->st_off_cap) {
			x->st_off_cap = x->st_off_cap ? x->st_off_cap * 2 : 1024;
			x->st_off = hz_xrealloc(x->st_off, x->st_off_cap * sizeof *x->st_off);
		}
		if (x->st_len + x->tlen > x->st_cap) {
			x->st_cap = (x->st_len + x->tlen) * 2 + 4096;
			x->st_text = hz_xrealloc(x->st_text, x->st_cap);
		}
		if (x->tlen)
			memcpy(x->st_text + x->st_len, x->text, x->tlen);
		x->st_off[x->nst] = (uint32_t)x->st_len;
		x->st_len += x->tlen;
		x->st_off[++x->nst] = (uint32_t)x->st_len;
	}
}

static void item_text(xlsx *x, const char *s, int n)
{
	if (x->in_t || x->in_v)
		text_add(x, s, (size_t)n);
}

static const part_handlers strings_part = { strings_start, strings_end, item_text, main_ns };

/* ---- the sheet, streamed ---- */

static bool is_date_style(const xlsx *x, int style)
{
	return style >= 0 && (size_t)style < x->nxf && x->xf_date[style];
}

/* A row number: digits, 1 to Excel's last row; 0 when it is none. */
static long row_number(const char *v)
{
	long n = 0;

	if (!v || !*v)
		return 0;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			return 0;
		n = n * 10 + (*v - '0');
		if (n > HZ_SHEET_ROWS_MAX)
			return -1;
	}
	return n;
}

/* A short decimal (up to 9 digits, nothing else) as its value, or -1: the
 * style and shared-string indexes of every cell, read without strtol. */
static long small_uint(const char *s)
{
	long n = 0;
	int i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i == 9)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return i > 0 && !s[i] ? n : -1;
}

static void row_start(xlsx *x, const char **atts)
{
	long n = row_number(attr(atts, "r"));

	if (n == 0)
		n = x->row + 1;
	if (n < 0 || n > HZ_SHEET_ROWS_MAX) {
		fail(x, "a row numbered beyond %ld (Excel's last)", HZ_SHEET_ROWS_MAX);
		return;
	}
	x->row = n;
	x->next_col = 0;
	x->in_row = true;
	x->npc = x->plen = 0;
	x->unordered = false;
}

/* <c r="B2" s="3" t="s">: its column, style and type, from one pass over
 * its attributes (OOXML's own have one-letter names and no namespace). */
static void cell_start(xlsx *x, const char **atts)
{
	const char *ref = NULL, *t = NULL, *s = NULL;
	long col, row;

	for (; atts[0]; atts += 2) {
		const char *a = atts[0];
		if (a[0] && !a[1]) {
			if (a[0] == 'r' && !ref)
				ref = atts[1];
			else if (a[0] == 't' && !t)
				t = atts[1];
			else if (a[0] == 's' && !s)
				s = atts[1];
		}
	}
	x->in_c = true;
	x->ccol = ref && hz_sheet_ref(ref, &col, &row) ? col : x->next_col;
	if (x->ccol >= HZ_SHEET_COLS_MAX)
		fail(x, "a cell beyond column %d (Excel's last)", HZ_SHEET_COLS_MAX);
	if (x->ccol < x->next_col)
		x->unordered = true; /* out of column order, or given twice */
	x->next_col = x->ccol + 1;
	if (s) {
		long v = small_uint(s);
		x->cstyle = v >= 0 ? (int)v : atoi(s);
	} else {
		x->cstyle = -1;
	}
	x->ctype = !t                                      ? 'n'
	           : (t[0] == 's' || t[0] == 'n') && !t[1] ? t[0]
	           : strcmp(t, "inlineStr") == 0           ? 'i'
	           : strcmp(t, "str") == 0                 ? 't'
	                                                   : t[0];
	text_reset(x);
}

/* The handlers see every element of the sheet: the local names are told
 * apart by their first letter before any strcmp. */
static void sheet_start(xlsx *x, const char *name, const char **atts)
{
	if (!x->in_sheet_data) {
		if (strcmp(name, "sheetData") == 0)
			x->in_sheet_data++;
		return; /* rows and cells count only inside <sheetData> */
	}
	switch (name[0]) {
	case 'c':
		if (!name[1] && x->in_row)
			cell_start(x, atts);
		break;
	case 'v':
		if (!name[1] && x->in_c)
			x->in_v = true;
		break;
	case 't':
		if (!name[1] && x->in_c && x->ctype == 'i' && !x->in_rph)
			x->in_t = true;
		break;
	case 'r':
		if (strcmp(name, "row") == 0)
			row_start(x, atts);
		else if (strcmp(name, "rPh") == 0)
			x->in_rph = true;
		break;
	case 's':
		if (strcmp(name, "sheetData") == 0)
			x->in_sheet_data++;
		break;
	}
}

/* Keep a cell of the row being read. */
static void pending_push(xlsx *x, long col, const char *s, size_t n)
{
	if (x->npc == x->pc_cap) {
		x->pc_cap = x->pc_cap ? x->pc_cap * 2 : 32;
		x->pc = hz_xrealloc(x->pc, x->pc_cap * sizeof *x->pc);
	}
	if (x->plen + n + 1 > x->pcap) {
		x->pcap = (x->plen + n + 1) * 2;
		x->ptext = hz_xrealloc(x->ptext, x->pcap);
	}
	memcpy(x->ptext + x->plen, s, n);
	x->pc[x->npc++] = (pcell){ col, x->npc, x->plen, n };
	x->plen += n;
}

/* The cell just read, as text, kept for its row. */
static void put_cell(xlsx *x)
{
	char num[HZ_SHEET_TEXT_MAX];
	const char *s = x->text ? x->text : "";
	size_t n = x->tlen;

	/* a cell with a style and no value (<c r="B2" s="3"/>) is empty */
	switch (n == 0 ? '-' : x->ctype) {
	case '-':
		break;
	case 's': {
		char *end = (char *)"";
		long k = small_uint(s);
		unsigned long i = k >= 0 ? (unsigned long)k : strtoul(s, &end, 10);
		if (*end || i >= x->nst) {
			fail(x, "cell in column %ld: shared string '%s' is not in the table",
			     x->ccol + 1, s);
			return;
		}
		s = x->st_text + x->st_off[i];
		n = x->st_off[i + 1] - x->st_off[i];
		strings_looked(x, n);
		break;
	}
	case 'b':
		s = strcmp(s, "0") == 0 ? "FALSE" : "TRUE";
		n = strlen(s);
		break;
	case 'd': /* an ISO 8601 date: its day */
		if (n > 10 && s[4] == '-' && s[7] == '-')
			n = 10;
		break;
	case 'n': {
		bool date = is_date_style(x, x->cstyle);
		if (!date && hz_sheet_number_as_written(s, n))
			break; /* "12", "0.5": the text is what Excel shows */
		char *end;
		double v = strtod(s, &end);
		if (*end) {
			fail(x, "cell in column %ld: '%s' is not a number", x->ccol + 1, s);
			return;
		}
		n = hz_sheet_value(v, date, x->date1904, num);
		s = num;
		break;
	}
	case 'i': /* inline strings, formula strings: _xHHHH_ escaped */
	case 't':
		n = hz_sheet_unescape(x->text, n);
		break;
	default: /* errors (#N/A) */
		break;
	}
	pending_push(x, x->ccol, s, n);
}

static int by_column(const void *a, const void *b)
{
	const pcell *p = a, *q = b;

	if (p->col != q->col)
		return (p->col > q->col) - (p->col < q->col);
	return (p->seq > q->seq) - (p->seq < q->seq);
}

/* The row's cells into the reader's row, each in the column its reference
 * names (a cell given twice: the last). Columns past those the reader
 * keeps (the header's, or Excel's limit before it) are only looked at for
 * text, as the CSV reader does: a far cell does not pad the row. */
static void row_flush(xlsx *x)
{
	hz_reader *r = x->r;
	size_t keep = r->schema ? r->schema->ncols : HZ_COLUMNS_MAX;

	hz_record_clear(r->row);
	if (x->unordered) {
		qsort(x->pc, x->npc, sizeof *x->pc, by_column);
		if (!x->unordered_said) {
			x->unordered_said = true;
			hz_reader_sheet_note(r, x->row,
			                     "cells out of column order or given twice "
			                     "(first in row %ld): each is read in the column its "
			                     "reference names, the last one given wins",
			                     x->row);
		}
	}
	for (size_t i = 0; i < x->npc; i++) {
		const pcell *c = &x->pc[i];
		if (i + 1 < x->npc && x->pc[i + 1].col == c->col)
			continue; /* given again later */
		hz_str v = { x->ptext + c->off, c->len };
		if ((size_t)c->col >= keep) {
			if (!hz_blank(v))
				r->row->flags |= HZ_R_TOO_MANY_CELLS;
			continue;
		}
		while (r->row->ncells < (size_t)c->col)
			hz_record_push(r->row, "", 0);
		hz_record_push(r->row, v.s, v.n);
	}
}

static void sheet_end(xlsx *x, const char *name)
{
	if (!x->in_sheet_data)
		return;
	switch (name[0]) {
	case 'v':
		if (!name[1])
			x->in_v = false;
		break;
	case 't':
		if (!name[1])
			x->in_t = false;
		break;
	case 'c':
		if (!name[1] && x->in_c) {
			x->in_c = false;
			put_cell(x);
		}
		break;
	case 'r':
		if (strcmp(name, "row") == 0 && x->in_row) {
			x->in_row = false;
			row_flush(x);
			/* one row at a time: suspend until the reader asks for the next */
			x->row_ready = true;
			XML_StopParser(x->p, XML_TRUE);
		} else if (strcmp(name, "rPh") == 0) {
			x->in_rph = false;
		}
		break;
	case 's':
		if (strcmp(name, "sheetData") == 0)
			x->in_sheet_data--;
		break;
	}
}

static const part_handlers sheet_part = { sheet_start, sheet_end, item_text, main_ns };

static bool row_blank(const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++)
		if (!hz_blank(row->cells[c]))
			return false;
	return true;
}

/* Feed the sheet's XML until a row is complete. */
static bool xlsx_next(hz_reader *r)
{
	xlsx *x = r->rows.state;

	while (!x->done) {
		enum XML_Status st;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(x->p);
		} else if (x->fed_last) {
			x->done = true;
			break;
		} else {
			zip_int64_t n = part_read(x, x->sheet, x->sheet_part, x->buf,
			                          &x->sheet_bytes, SHEET_MAX, x->sheet_comp);
			if (n < 0)
				goto error;
			x->fed_last = n == 0;
			st = feed(x, x->buf, (int)n, n == 0);
		}
		if (st == XML_STATUS_SUSPENDED)
			x->suspended = true;
		else if (st == XML_STATUS_ERROR) {
			report_xml(x, x->sheet_part);
			goto error;
		}
		if (x->err[0])
			goto error;
		if (x->row_ready) {
			x->row_ready = false;
			if (row_blank(r->row) && !(r->row->flags & HZ_R_TOO_MANY_CELLS))
				continue; /* as CSV's blank lines: not rows */
			r->row_line = r->row_sheet = x->row;
			r->row_begin = r->row_end = 0;
			return true;
		}
	}
	return false;
error:
	x->done = true;
	hz_reader_sheet_error(r, x->row, "%s", x->err);
	return false;
}

static void sheet_close(xlsx *x)
{
	parser_free(x);
	if (x->sheet)
		zip_fclose(x->sheet);
	x->sheet = NULL;
}

static void xlsx_close(void *state)
{
	xlsx *x = state;

	if (!x)
		return;
	sheet_close(x);
	if (x->zip)
		zip_discard(x->zip);
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->by_rid);
	free(x->strings_part);
	free(x->styles_part);
	free(x->date_fmts);
	free(x->xf_fmt);
	free(x->xf_date);
	if (x->st_mapped) {
		if (x->st_len)
			munmap(x->st_text, x->st_len);
		munmap(x->st_off, (x->nst + 1) * sizeof *x->st_off);
	} else {
		free(x->st_text);
		free(x->st_off);
	}
	for (int i = 0; i < 2; i++)
		if (x->st_spill[i])
			fclose(x->st_spill[i]);
	free(x->text);
	free(x->pc);
	free(x->ptext);
	free(x);
}

/* Start reading sheet i (x->cur). */
static bool sheet_open(xlsx *x, size_t i)
{
	sheet_close(x);
	x->cur = i;
	x->sheet_part = x->sheets[i].part;
	if (!x->sheet_part) {
		fail(x, "the workbook names no part for its sheet '%s'", x->sheets[i].name);
		return false;
	}
	x->sheet_bytes = 0;
	x->suspended = x->fed_last = x->done = x->row_ready = x->in_row = x->in_c = false;
	x->in_sheet_data = 0;
	x->row = 0;
	x->sheet = part_open(x, x->sheet_part, SHEET_MAX, &x->sheet_size, &x->sheet_comp);
	if (!x->sheet)
		return false;
	parser_new(x, &sheet_part);
	return true;
}

static const char *xlsx_sheet_name(void *state)
{
	xlsx *x = state;

	return x->sheets[x->cur].name;
}

/* The next sheet of the workbook, for a reader that found no header in
 * this one; false (after an io finding if it cannot be read) when none. */
static bool xlsx_next_sheet(hz_reader *r)
{
	xlsx *x = r->rows.state;

	if (x->cur + 1 >= x->nsheets)
		return false;
	if (!sheet_open(x, x->cur + 1)) {
		hz_reader_sheet_error(r, 0, "%s", x->err);
		return false;
	}
	return true;
}

/* Two entries of one name: readers differ on which one counts (hz took
 * the first, LibreOffice the last), so the file is refused. */
static bool names_unique(xlsx *x)
{
	zip_int64_t n = zip_get_num_entries(x->zip, 0);
	hz_strset *seen = hz_strset_new();
	bool ok = true;

	for (zip_int64_t i = 0; i < n && ok; i++) {
		const char *name = zip_get_name(x->zip, (zip_uint64_t)i, 0);
		if (name && !hz_strset_add(seen, name, strlen(name))) {
			fail(x, "two entries named '%s' in the zip (a damaged or crafted file)",
			     name);
			ok = false;
		}
	}
	hz_strset_free(seen);
	return ok;
}

/* The parts before the sheet: which sheets, their strings and styles. */
static bool open_parts(xlsx *x)
{
	const char *want = x->r->opts.sheet;

	if (!names_unique(x) || !parse_part(x, "xl/workbook.xml", PART_MAX, &workbook_part))
		return false;
	if (!x->nsheets) {
		if (want)
			fail(x, "no sheet '%s' in the workbook (its sheets: %s)", want,
			     x->sheet_names);
		else
			fail(x, "the workbook has no sheet");
		return false;
	}
	x->by_rid = hz_xrealloc(NULL, x->nsheets * sizeof *x->by_rid);
	for (size_t i = 0; i < x->nsheets; i++)
		x->by_rid[i] = &x->sheets[i];
	qsort(x->by_rid, x->nsheets, sizeof *x->by_rid, by_rid);
	if (!parse_part(x, "xl/_rels/workbook.xml.rels", PART_MAX, &rels_part))
		return false;
	if (x->styles_part && !parse_part(x, x->styles_part, PART_MAX, &styles_part))
		return false;
	resolve_styles(x);
	if (x->strings_part && !parse_part(x, x->strings_part, STRINGS_MAX, &strings_part))
		return false;
	if (x->st_spill[0] && !map_strings(x))
		return false;
	return sheet_open(x, 0);
}

bool hz_xlsx_open(hz_reader *r, const char *path)
{
	char tmp[4096];
	bool temp;
	const char *file = hz_reader_sheet_path(r, path, tmp, sizeof tmp, &temp);

	if (!file)
		return false;
	xlsx *x = hz_xcalloc(1, sizeof *x);
	x->r = r;
	int code = 0;
	x->zip = zip_open(file, ZIP_RDONLY, &code);
	if (temp)
		unlink(file); /* libzip keeps it open */
	if (!x->zip) {
		char why[160];
		zip_why(code, why, sizeof why);
		if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
			hz_reader_sheet_error(
			        r, 0, "not an .xlsx workbook, or a damaged or truncated one (%s)",
			        why);
		else
			hz_reader_sheet_error(r, 0, "cannot open the workbook: %s", why);
		xlsx_close(x);
		return false;
	}
	if (!open_parts(x)) {
		hz_reader_sheet_error(r, 0, "%s", x->err);
		xlsx_close(x);
		return false;
	}
	r->rows = (hz_rowsrc){ xlsx_next, xlsx_close, x, xlsx_next_sheet, xlsx_sheet_name };
	return true;
}
