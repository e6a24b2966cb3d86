/* docx_write.c - documents as .docx (WordprocessingML, written with libzip)
 * or as text; a letterhead template filled, its other parts kept raw */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "hz/docx_write.h"
#include "hz/i18n.h"
#include "hz/text.h"
#include "xalloc.h"
#include "bytebuf.h"

/* ---- the document ---- */

typedef struct block {
	bool table;
	hz_doc_style style;
	char *text;          /* a paragraph */
	size_t ncols, nrows; /* a table: nrows rows of ncols cells, the */
	char **cells;        /* header first */
} block;

struct hz_doc {
	bool landscape;
	block *blocks;
	size_t n, cap;
};

hz_doc *hz_doc_new(bool landscape)
{
	hz_doc *d = hz_xcalloc(1, sizeof *d);

	d->landscape = landscape;
	return d;
}

void hz_doc_free(hz_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->blocks[i].text);
		for (size_t c = 0; c < d->blocks[i].ncols * d->blocks[i].nrows; c++)
			free(d->blocks[i].cells[c]);
		free(d->blocks[i].cells);
	}
	free(d->blocks);
	free(d);
}

size_t hz_doc_blocks(const hz_doc *d)
{
	return d->n;
}

void hz_doc_block(const hz_doc *d, size_t i, size_t *ncols, size_t *nrows,
                  const char *const **cells)
{
	const block *b = &d->blocks[i];

	*ncols = b->table ? b->ncols : 0;
	*nrows = b->table ? b->nrows : 1;
	*cells = b->table ? (const char *const *)b->cells : (const char *const *)&b->text;
}

static block *add_block(hz_doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->blocks = hz_xrealloc(d->blocks, d->cap * sizeof *d->blocks);
	}
	memset(&d->blocks[d->n], 0, sizeof d->blocks[d->n]);
	return &d->blocks[d->n++];
}

void hz_doc_para(hz_doc *d, hz_doc_style style, const char *fmt, ...)
{
	va_list ap;
	block *b = add_block(d);
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	b->text = hz_xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(b->text, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	b->style = style;
}

static void put_row(block *b, const char *const *cells)
{
	b->cells = hz_xrealloc(b->cells, (b->nrows + 1) * b->ncols * sizeof *b->cells);
	for (size_t c = 0; c < b->ncols; c++)
		b->cells[b->nrows * b->ncols + c] = hz_xstrdup(cells[c] ? cells[c] : "");
	b->nrows++;
}

void hz_doc_table(hz_doc *d, size_t ncols, const char *const *header)
{
	block *b = add_block(d);

	b->table = true;
	b->ncols = ncols;
	put_row(b, header);
}

void hz_doc_row(hz_doc *d, const char *const *cells)
{
	if (d->n > 0 && d->blocks[d->n - 1].table)
		put_row(&d->blocks[d->n - 1], cells);
}

/* ---- text ---- */

static size_t width_of(const char *s)
{
	size_t w = 0, line = 0;

	for (const char *p = s;; p++)
		if (!*p || *p == '\n') {
			size_t n = hz_display_width(s + line, (size_t)(p - s) - line);
			if (n > w)
				w = n;
			if (!*p)
				break;
			line = (size_t)(p - s) + 1;
		}
	return w;
}

int hz_doc_write_text(const hz_doc *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const block *b = &d->blocks[i];

		if (i > 0)
			putc('\n', out);
		if (!b->table) {
			if (b->style == HZ_DOC_BODY)
				fputs("　　", out);
			fprintf(out, "%s\n", b->text);
			continue;
		}
		size_t *w = hz_xcalloc(b->ncols, sizeof *w);
		for (size_t r = 0; r < b->nrows; r++)
			for (size_t c = 0; c < b->ncols; c++) {
				size_t n = width_of(b->cells[r * b->ncols + c]);
				if (n > w[c])
					w[c] = n;
			}
		for (size_t r = 0; r < b->nrows; r++) {
			for (size_t c = 0; c < b->ncols; c++) {
				const char *cell = b->cells[r * b->ncols + c];
				size_t n = 0;
				/* a cell of several lines is one line in text */
				for (const char *p = cell; *p; p++, n++)
					putc(*p == '\n' ? ' ' : *p, out);
				if (c + 1 < b->ncols)
					for (size_t k = hz_display_width(cell, n); k < w[c] + 2;
					     k++)
						putc(' ', out);
			}
			putc('\n', out);
		}
		free(w);
	}
	return ferror(out) ? -1 : 0;
}

/* ---- WordprocessingML ---- */

/* Text as XML character data: escaped, control characters dropped (XML
 * 1.0 has no place for them), each line break a <w:br/>. */
static void put_text(hz_buf *b, const char *rpr, const char *s)
{
	hz_buf_puts(b, "<w:r>");
	hz_buf_puts(b, rpr);
	hz_buf_puts(b, "<w:t xml:space=\"preserve\">");
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&':
			hz_buf_puts(b, "&amp;");
			break;
		case '<':
			hz_buf_puts(b, "&lt;");
			break;
		case '>':
			hz_buf_puts(b, "&gt;");
			break;
		case '"':
			hz_buf_puts(b, "&quot;");
			break;
		case '\n':
			hz_buf_puts(b, "</w:t><w:br/><w:t xml:space=\"preserve\">");
			break;
		default:
			if ((unsigned char)*p >= 0x20 || *p == '\t')
				hz_buf_put(b, p, 1);
		}
	}
	hz_buf_puts(b, "</w:t></w:r>");
}

/* Fonts: Latin in Times New Roman, Chinese in the face the style names;
 * the font table names each face's fallbacks. Sizes in half-points. */
#define RPR(face, half, bold)                                                                      \
	"<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "                \
	"w:eastAsia=\"" face "\" w:cs=\"Times New Roman\"/>" bold "<w:sz w:val=\"" half            \
	"\"/><w:szCs w:val=\"" half "\"/></w:rPr>"

static const struct {
	const char *ppr, *rpr;
} styles[] = {
	[HZ_DOC_TITLE] = { "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"240\" w:after=\"360\"/></w:pPr>",
	                   RPR("宋体", "44", "<w:b/>") },
	[HZ_DOC_HEADING] = { "<w:pPr><w:spacing w:before=\"120\" w:after=\"60\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>",
	                     RPR("黑体", "32", "") },
	[HZ_DOC_BODY] = { "<w:pPr><w:spacing w:line=\"400\" w:lineRule=\"atLeast\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/></w:pPr>",
	                  RPR("仿宋", "32", "") },
	[HZ_DOC_PLAIN] = { "<w:pPr><w:spacing w:line=\"400\" w:lineRule=\"atLeast\"/></w:pPr>",
	                   RPR("仿宋", "32", "") },
	[HZ_DOC_RIGHT] = { "<w:pPr><w:jc w:val=\"right\"/><w:ind w:right=\"640\"/></w:pPr>",
	                   RPR("仿宋", "32", "") },
	[HZ_DOC_CENTER] = { "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr>",
	                    RPR("仿宋", "32", "") },
	[HZ_DOC_NOTE] = { "<w:pPr><w:spacing w:before=\"60\" w:after=\"60\"/></w:pPr>",
	                  RPR("仿宋", "24", "") },
};
static const char cell_rpr[] = RPR("宋体", "24", "");
static const char head_rpr[] = RPR("宋体", "24", "<w:b/>");

/* The page: A4, the margins of an official letter (37, 26, 35, 28 mm). */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TOP 2098
#define MARGIN_BOTTOM 1984
#define MARGIN_LEFT 1588
#define MARGIN_RIGHT 1474

static void put_table(hz_buf *b, const block *t, bool landscape)
{
	int text_w = (landscape ? PAGE_H : PAGE_W) - MARGIN_LEFT - MARGIN_RIGHT;
	size_t total = 0, *w = hz_xcalloc(t->ncols, sizeof *w);
	char num[160];

	/* Each column as wide as its widest line (a display column of 12 pt
	 * text is up to 135 twips, and the cell's margins 200 more), within 4..30
	 * display columns; when they are too wide together, the columns of
	 * short values (dates, numbers: at most 12) keep their width and the
	 * others share what is left, wrapping. */
	size_t *tw = hz_xcalloc(t->ncols, sizeof *tw), fixed = 0, flex = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t r = 0; r < t->nrows; r++) {
			size_t n = width_of(t->cells[r * t->ncols + c]);
			if (r == 0)
				n = (n + 1) / 2 > 4 ? (n + 1) / 2 : 4; /* a header wraps */
			if (n > w[c])
				w[c] = n;
		}
		w[c] = w[c] < 4 ? 4 : w[c] > 30 ? 30 : w[c];
		tw[c] = w[c] * 135 + 200;
		total += tw[c];
		if (w[c] <= 12)
			fixed += tw[c];
		else
			flex += tw[c];
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (total <= (size_t)text_w)
			tw[c] = tw[c] * (size_t)text_w / total;
		else if (w[c] > 12 && flex > 0 && (size_t)text_w > fixed)
			tw[c] = tw[c] * ((size_t)text_w - fixed) / flex;
	}
	hz_buf_puts(b,
	            "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/>"
	            "<w:tblBorders>");
	static const char *const sides[] = {
		"top", "left", "bottom", "right", "insideH", "insideV"
	};
	for (size_t i = 0; i < 6; i++) {
		snprintf(num, sizeof num,
		         "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
		         sides[i]);
		hz_buf_puts(b, num);
	}
	hz_buf_puts(
	        b,
	        "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" "
	        "w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
	for (size_t c = 0; c < t->ncols; c++) {
		snprintf(num, sizeof num, "<w:gridCol w:w=\"%zu\"/>", tw[c]);
		hz_buf_puts(b, num);
	}
	hz_buf_puts(b, "</w:tblGrid>");
	for (size_t r = 0; r < t->nrows; r++) {
		/* the header row repeats on every page; no row is split */
		hz_buf_puts(b, r == 0 ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
		                      : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (size_t c = 0; c < t->ncols; c++) {
			snprintf(num, sizeof num,
			         "<w:tc><w:tcPr><w:tcW w:w=\"%zu\" w:type=\"dxa\"/>", tw[c]);
			hz_buf_puts(b, num);
			hz_buf_puts(
			        b,
			        "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:spacing w:before=\"20\" "
			        "w:after=\"20\"/>");
			hz_buf_puts(b, r == 0 ? "<w:jc w:val=\"center\"/>" : "");
			hz_buf_puts(b, "</w:pPr>");
			put_text(b, r == 0 ? head_rpr : cell_rpr, t->cells[r * t->ncols + c]);
			hz_buf_puts(b, "</w:p></w:tc>");
		}
		hz_buf_puts(b, "</w:tr>");
	}
	hz_buf_puts(b, "</w:tbl>");
	free(w);
	free(tw);
}

/* The blocks as body XML. A table is followed by an empty paragraph: Word
 * joins two tables that touch, and a cell cannot end the body. */
static void put_blocks(hz_buf *b, const hz_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const block *k = &d->blocks[i];

		if (k->table) {
			put_table(b, k, d->landscape);
			hz_buf_puts(b, "<w:p/>");
			continue;
		}
		hz_buf_puts(b, "<w:p>");
		hz_buf_puts(b, styles[k->style].ppr);
		put_text(b, styles[k->style].rpr, k->text);
		hz_buf_puts(b, "</w:p>");
	}
}

static const char ns[] =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

static char *document_xml(const hz_doc *d)
{
	hz_buf b = { 0 };
	char sect[512];

	hz_buf_puts(&b,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document ");
	hz_buf_puts(&b, ns);
	hz_buf_puts(&b, "><w:body>");
	put_blocks(&b, d);
	snprintf(sect, sizeof sect,
	         "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
	         "<w:pgSz w:w=\"%d\" w:h=\"%d\"%s/><w:pgMar w:top=\"%d\" w:right=\"%d\" "
	         "w:bottom=\"%d\" w:left=\"%d\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
	         "</w:sectPr>",
	         d->landscape ? PAGE_H : PAGE_W, d->landscape ? PAGE_W : PAGE_H,
	         d->landscape ? " w:orient=\"landscape\"" : "",
	         d->landscape ? MARGIN_LEFT : MARGIN_TOP, d->landscape ? MARGIN_TOP : MARGIN_RIGHT,
	         d->landscape ? MARGIN_LEFT : MARGIN_BOTTOM,
	         d->landscape ? MARGIN_TOP : MARGIN_LEFT);
	hz_buf_puts(&b, sect);
	hz_buf_puts(&b, "</w:body></w:document>\n");
	return b.s;
}

static const char content_types[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
        "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
        "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
        "</Types>\n";

static const char package_rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        "</Relationships>\n";

static const char document_rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>"
        "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
        "</Relationships>\n";

/* The defaults: 仿宋 16 pt, Chinese line breaking. */
static const char styles_xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
        "w:hAnsi=\"Times New Roman\" w:eastAsia=\"仿宋\" w:cs=\"Times New Roman\"/>"
        "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" "
        "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
        "<w:qFormat/></w:style></w:styles>\n";

/* Each Chinese face with the names it goes by (Windows, WPS, fontconfig):
 * Word and WPS take altName, LibreOffice asks fontconfig for the family. */
static const char font_table[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:font w:name=\"仿宋\"><w:altName w:val=\"FangSong\"/><w:charset w:val=\"86\"/>"
        "<w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
        "<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:charset w:val=\"86\"/>"
        "<w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>"
        "<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:charset w:val=\"86\"/>"
        "<w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
        "<w:font w:name=\"Times New Roman\"><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>"
        "</w:fonts>\n";

#define FOOT_RPR RPR("宋体", "24", "")
static const char footer_xml[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
        "<w:r>" FOOT_RPR "<w:t xml:space=\"preserve\">第 </w:t></w:r>"
        "<w:fldSimple w:instr=\" PAGE \"><w:r>" FOOT_RPR "<w:t>1</w:t></w:r></w:fldSimple>"
        "<w:r>" FOOT_RPR "<w:t xml:space=\"preserve\"> 页 共 </w:t></w:r>"
        "<w:fldSimple w:instr=\" NUMPAGES \"><w:r>" FOOT_RPR "<w:t>1</w:t></w:r></w:fldSimple>"
        "<w:r>" FOOT_RPR "<w:t xml:space=\"preserve\"> 页</w:t></w:r></w:p></w:ftr>\n";

/* ---- the template ---- */

static char *xml_escape(const char *s)
{
	hz_buf b = { 0 };

	hz_buf_puts(&b, "");
	for (const char *p = s; *p; p++)
		switch (*p) {
		case '&':
			hz_buf_puts(&b, "&amp;");
			break;
		case '<':
			hz_buf_puts(&b, "&lt;");
			break;
		case '>':
			hz_buf_puts(&b, "&gt;");
			break;
		default:
			if ((unsigned char)*p >= 0x20)
				hz_buf_put(&b, p, 1);
		}
	return b.s;
}

/* The text a paragraph shows: its <w:t> contents, tags aside. */
static char *para_text(const char *p, size_t n)
{
	hz_buf b = { 0 };
	const char *end = p + n;

	hz_buf_puts(&b, "");
	while (p < end) {
		const char *t = strstr(p, "<w:t");
		if (!t || t >= end)
			break;
		const char *gt = strchr(t, '>');
		if (!gt || gt >= end)
			break;
		if (t[4] != '>' && t[4] != ' ') { /* <w:tab/>, <w:tbl>... */
			p = gt + 1;
			continue;
		}
		const char *close = strstr(gt, "</w:t>");
		if (!close || close > end)
			break;
		hz_buf_put(&b, gt + 1, (size_t)(close - gt - 1));
		p = close + 6;
	}
	return b.s;
}

/* A paragraph whose fields run across several runs (Word splits text
 * where it likes): rebuilt as one run with the paragraph's own pPr and its
 * first run's rPr, the fields replaced. */
static void rebuild_para(hz_buf *out, const char *p, size_t n, const char *text,
                         const hz_doc_field *f, size_t nf)
{
	const char *end = p + n, *ppr = strstr(p, "<w:pPr"), *rpr = strstr(p, "<w:rPr");
	const char *open_end = strchr(p, '>');
	hz_buf t = { 0 };

	hz_buf_put(out, p, (size_t)(open_end - p) + 1); /* <w:p ...> */
	if (ppr && ppr < end) {
		const char *e = strstr(ppr, "</w:pPr>");
		if (e && e < end)
			hz_buf_put(out, ppr, (size_t)(e + 8 - ppr));
	}
	hz_buf_puts(out, "<w:r>");
	if (rpr && rpr < end) {
		const char *e = strstr(rpr, "</w:rPr>");
		if (e && e < end)
			hz_buf_put(out, rpr, (size_t)(e + 8 - rpr));
	}
	hz_buf_puts(out, "<w:t xml:space=\"preserve\">");
	hz_buf_puts(&t, text);
	for (size_t i = 0; i < nf; i++) {
		char key[128];
		snprintf(key, sizeof key, "{{%s}}", f[i].name);
		for (char *at; (at = strstr(t.s, key));) {
			char *v = xml_escape(f[i].value);
			hz_buf u = { 0 };
			hz_buf_put(&u, t.s, (size_t)(at - t.s));
			hz_buf_puts(&u, v);
			hz_buf_puts(&u, at + strlen(key));
			free(t.s);
			free(v);
			t = u;
		}
	}
	hz_buf_puts(out, t.s);
	hz_buf_puts(out, "</w:t></w:r></w:p>");
	free(t.s);
}

/* The template's document.xml with the fields filled and the {{清单}}
 * paragraph replaced by the document's blocks. NULL, with a message,
 * when there is no {{清单}}. */
static char *fill_document(const char *xml, const hz_doc *d, const hz_doc_template *tpl, char *err,
                           size_t errcap)
{
	hz_buf out = { 0 };
	const char *p = xml;
	bool listed = false;

	hz_buf_puts(&out, "");
	for (;;) {
		const char *start = strstr(p, "<w:p>"), *start2 = strstr(p, "<w:p ");
		if (!start || (start2 && start2 < start))
			start = start2;
		if (!start)
			break;
		const char *close = strstr(start, "</w:p>");
		const char *selfclose = strchr(start, '>');
		if (!close || (selfclose && selfclose[-1] == '/')) {
			hz_buf_put(&out, p, (size_t)(selfclose + 1 - p)); /* <w:p/> */
			p = selfclose + 1;
			continue;
		}
		size_t n = (size_t)(close + 6 - start);
		char *text = para_text(start, n);
		hz_buf_put(&out, p, (size_t)(start - p));
		if (strstr(text, "{{清单}}")) {
			put_blocks(&out, d);
			listed = true;
		} else if (strstr(text, "{{")) {
			rebuild_para(&out, start, n, text, tpl->fields, tpl->nfields);
		} else {
			hz_buf_put(&out, start, n);
		}
		free(text);
		p = close + 6;
	}
	hz_buf_puts(&out, p);
	if (!listed) {
		snprintf(err, errcap, HZ_("%s: the template has no {{清单}} (where the tables go)"),
		         tpl->path);
		free(out.s);
		return NULL;
	}
	return out.s;
}

/* ---- writing the package ---- */

static int add_part(zip_t *z, const char *name, const char *data, bool owned)
{
	zip_source_t *src = zip_source_buffer(z, data, strlen(data), owned ? 1 : 0);

	if (!src)
		return -1;
	if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

/* Every entry of the template copied raw (compressed bytes as they are),
 * but word/document.xml, filled. */
static int from_template(zip_t *z, zip_t *t, const hz_doc *d, const hz_doc_template *tpl, char *err,
                         size_t errcap)
{
	zip_int64_t n = zip_get_num_entries(t, 0);
	bool found = false;

	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(t, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (!name)
			continue;
		if (strcmp(name, "word/document.xml") != 0) {
			zip_source_t *src =
			        zip_source_zip(z, t, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
			if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_RAW) < 0) {
				zip_source_free(src);
				snprintf(err, errcap, "%s: %s: %s", tpl->path, name,
				         zip_strerror(z));
				return -1;
			}
			continue;
		}
		zip_stat_t st;
		zip_file_t *f = zip_fopen_index(t, (zip_uint64_t)i, 0);
		if (zip_stat_index(t, (zip_uint64_t)i, 0, &st) != 0 || !f || st.size > 64u << 20) {
			if (f)
				zip_fclose(f);
			snprintf(err, errcap, "%s: %s: %s", tpl->path, name, zip_strerror(t));
			return -1;
		}
		char *xml = hz_xrealloc(NULL, (size_t)st.size + 1);
		zip_int64_t got = zip_fread(f, xml, st.size);
		zip_fclose(f);
		if (got != (zip_int64_t)st.size) {
			free(xml);
			snprintf(err, errcap, HZ_("%s: %s cannot be read"), tpl->path, name);
			return -1;
		}
		xml[st.size] = '\0';
		char *filled = fill_document(xml, d, tpl, err, errcap);
		free(xml);
		if (!filled)
			return -1;
		if (add_part(z, name, filled, true) != 0) {
			free(filled);
			snprintf(err, errcap, "%s: %s", name, zip_strerror(z));
			return -1;
		}
		found = true;
	}
	if (!found) {
		snprintf(err, errcap, HZ_("%s: not a .docx (no word/document.xml)"), tpl->path);
		return -1;
	}
	return 0;
}

static int own_parts(zip_t *z, const hz_doc *d)
{
	char *doc = document_xml(d);

	if (add_part(z, "[Content_Types].xml", content_types, false) != 0 ||
	    add_part(z, "_rels/.rels", package_rels, false) != 0 ||
	    add_part(z, "word/_rels/document.xml.rels", document_rels, false) != 0 ||
	    add_part(z, "word/styles.xml", styles_xml, false) != 0 ||
	    add_part(z, "word/fontTable.xml", font_table, false) != 0 ||
	    add_part(z, "word/footer1.xml", footer_xml, false) != 0) {
		free(doc);
		return -1;
	}
	if (add_part(z, "word/document.xml", doc, true) != 0) {
		free(doc);
		return -1;
	}
	return 0;
}

/* The package into the file tmp (made empty by mkstemp). */
static int write_package(const hz_doc *d, const char *tmp, const hz_doc_template *tpl, char *err,
                         size_t errcap)
{
	int ze = 0;
	zip_t *z = zip_open(tmp, ZIP_TRUNCATE, &ze), *t = NULL;
	int rc = 0;

	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, ze);
		snprintf(err, errcap, "%s: %s", tmp, zip_error_strerror(&e));
		zip_error_fini(&e);
		return -1;
	}
	if (tpl) {
		t = zip_open(tpl->path, ZIP_RDONLY, &ze);
		if (!t) {
			zip_error_t e;
			zip_error_init_with_code(&e, ze);
			snprintf(err, errcap, "%s: %s", tpl->path,
			         ze == ZIP_ER_OPEN || ze == ZIP_ER_READ ? strerror(errno)
			                                                : zip_error_strerror(&e));
			zip_error_fini(&e);
			rc = -1;
		} else {
			rc = from_template(z, t, d, tpl, err, errcap);
		}
	} else if (own_parts(z, d) != 0) {
		snprintf(err, errcap, "%s: %s", tmp, zip_strerror(z));
		rc = -1;
	}
	if (rc != 0) {
		zip_discard(z);
	} else if (zip_close(z) != 0) {
		snprintf(err, errcap, "%s: %s", tmp, zip_strerror(z));
		zip_discard(z);
		rc = -1;
	}
	if (t)
		zip_discard(t);
	return rc;
}

static int copy_out(const char *tmp, FILE *out, char *err, size_t errcap)
{
	FILE *in = fopen(tmp, "rb");
	char b[65536];
	size_t n;

	if (!in) {
		snprintf(err, errcap, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	unlink(tmp);
	while ((n = fread(b, 1, sizeof b, in)) > 0)
		if (fwrite(b, 1, n, out) != n)
			break; /* out's error flag: the tool's check at close */
	fclose(in);
	fflush(out);
	return 0;
}

int hz_doc_write_docx(const hz_doc *d, const char *path, FILE *out, const hz_doc_template *tpl,
                      char *err, size_t errcap)
{
	const char *dir = getenv("TMPDIR");
	char *tmp;
	size_t n;
	int fd, rc;

	if (!dir || !*dir)
		dir = "/tmp";
	n = (path ? strlen(path) : strlen(dir)) + 32;
	tmp = hz_xrealloc(NULL, n);
	if (path)
		snprintf(tmp, n, "%s.XXXXXX", path);
	else
		snprintf(tmp, n, "%s/hz-docx.XXXXXX", dir);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errcap, "%s: %s", path ? path : tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	rc = write_package(d, tmp, tpl, err, errcap);
	if (rc == 0 && path) {
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0666 & ~mask);
		if (rename(tmp, path) != 0) {
			snprintf(err, errcap, "%s: %s", path, strerror(errno));
			rc = -1;
		}
	} else if (rc == 0) {
		rc = copy_out(tmp, out, err, errcap);
	}
	if (rc != 0 || path)
		unlink(tmp);
	free(tmp);
	return rc;
}
