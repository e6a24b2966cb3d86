/* register_bytes.c - the text model of a register (CSV, TSV, JSON; see
 * regmodel.h): where its header, records, template rows and footer lie,
 * in which encoding, and every change written through it with all other
 * bytes copied as they are */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <iconv.h>
#include <stdarg.h>

#include "hz/amount.h"
#include "hz/detect.h"
#include "hz/i18n.h"
#include "hz/writer.h"
#include "regmodel.h"
#include "xalloc.h"
#include "record_int.h"
#include "bytebuf.h"
#include "errmsg.h"

#define BLOCK 65536
/* An append this small is one write(2) within a page: a kill cannot tear
 * it. A larger batch goes through the rewrite, whose rename is atomic. */
#define APPEND_MAX 4096

/* Bytes [begin, end) of the register file, as it is on disk. */
typedef struct span {
	off_t begin, end;
} span;

/* A blank template row of the form: its bytes (line end excluded) and
 * its printed 序号. */
typedef struct tmpl_row {
	off_t begin, end;
	off_t next; /* after its line end */
	long id;
	long fill; /* index of the insertion that takes it, or -1 */
} tmpl_row;

/* A new record, and the id it was given (NULL: none). */
typedef struct insertion {
	const hz_record *rec;
	const char *id;
} insertion;

typedef struct replacement {
	long recno;
	const hz_record *rec;
} replacement;

typedef struct textmodel {
	regmodel base;
	hz_reglock *lock;
	char *name; /* the path as given: for messages */
	bool is_new;
	hz_format format;
	char delim;
	bool quote_all;
	long header_line;
	size_t file_ncols; /* columns of the header in the file */
	int id_col;
	long nrecords;

	/* every offset is a file offset */
	const char *enc;          /* the register's encoding; NULL: UTF-8 */
	iconv_t to_enc;           /* UTF-8 -> enc, for the rows we write */
	off_t *map_raw, *map_dec; /* enc: file offset <-> decoded offset */
	size_t nmap;
	off_t dec_size;
	span *recs; /* every record's bytes, line end included */
	size_t nrecs, caprecs;
	span *gaps; /* bytes between records: blank, template
	                               and footer rows */
	size_t ngaps, capgaps;
	off_t prev; /* end of the last record noted; -1: the header's */
	tmpl_row *tmpl;
	size_t ntmpl;
	off_t footer_at;     /* the footer's first byte, or -1 */
	off_t hb, he;        /* the header row, its line end included */
	bool enc_bad;        /* a written character has no place in enc */
	off_t last_end;      /* end of the last record's bytes */
	bool too_many_cells; /* a record has cells beyond the header */

	/* the changes */
	insertion *add;
	size_t nadd, capadd;
	replacement *rep;
	size_t nrep, caprep;
	char **cols; /* added columns' names */
	size_t ncols_added;
} textmodel;

/* Reading the locked register by offset. */
static int read_at(const textmodel *g, char *p, size_t n, off_t at)
{
	ssize_t got;

	while (n > 0) {
		got = pread(hz_reglock_fd(g->lock), p, n, at);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
		at += got;
	}
	return 0;
}

static char *read_span(const textmodel *g, off_t begin, off_t end)
{
	size_t n = (size_t)(end - begin);
	char *p = hz_xrealloc(NULL, n + 1);

	if (read_at(g, p, n, begin) == -1) {
		free(p);
		return NULL;
	}
	p[n] = '\0';
	return p;
}

/* ---- the encoding ---- */

/* Decode n bytes with cd, counting the UTF-8 bytes made. *used says how
 * many were decoded (fewer when the input ends inside a character).
 * -1 when a byte sequence is not of the encoding. */
static long long decoded_len(iconv_t cd, const char *in, size_t n, size_t *used)
{
	char out[BLOCK], *src = (char *)in, *dst;
	size_t left = n, room;
	long long made = 0;

	while (left > 0) {
		dst = out;
		room = sizeof(out);
		size_t rc = iconv(cd, &src, &left, &dst, &room);
		made += (long long)(dst - out);
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL)
			break; /* a character cut by the block's end */
		return -1;
	}
	*used = n - left;
	return made;
}

static void push_point(textmodel *g, off_t raw, off_t dec, size_t *cap)
{
	if (g->nmap == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		g->map_raw = hz_xrealloc(g->map_raw, *cap * sizeof(*g->map_raw));
		g->map_dec = hz_xrealloc(g->map_dec, *cap * sizeof(*g->map_dec));
	}
	g->map_raw[g->nmap] = raw;
	g->map_dec[g->nmap++] = dec;
}

/* The reader gives decoded offsets; the file has the encoding's. Line
 * ends are single ASCII bytes in every encoding edited in place (no
 * multi-byte character of GB18030 holds a CR or LF byte), so the offsets
 * just after each CR and LF correspond: note them all. */
static int build_map(textmodel *g, char *err, size_t cap)
{
	iconv_t cd = iconv_open("UTF-8", g->enc);
	char *in = hz_xrealloc(NULL, BLOCK + 16);
	size_t carry = 0, mapcap = 0, used;
	off_t at = 0, dec = 0, size = hz_reglock_size(g->lock);
	int rc = 0;

	if (cd == (iconv_t)-1) {
		free(in);
		hz_say(err, cap, "%s: unknown encoding '%s'", g->name, g->enc);
		return -1;
	}
	push_point(g, 0, 0, &mapcap);
	while (at + (off_t)carry < size) {
		size_t want = (size_t)(size - at - (off_t)carry) < BLOCK
		                      ? (size_t)(size - at - (off_t)carry)
		                      : BLOCK;
		size_t n, s = 0;
		long long d;

		if (read_at(g, in + carry, want, at + (off_t)carry) == -1) {
			rc = -1;
			break;
		}
		n = carry + want;
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (in[i] != '\n' && in[i] != '\r')
				continue;
			d = decoded_len(cd, in + s, i + 1 - s, &used);
			if (d < 0 || used != i + 1 - s)
				rc = -1;
			dec += d;
			s = i + 1;
			push_point(g, at + (off_t)s, dec, &mapcap);
		}
		if (rc != 0)
			break;
		d = decoded_len(cd, in + s, n - s, &used);
		if (d < 0 || (n - s - used > 8)) {
			rc = -1;
			break;
		}
		dec += d;
		carry = n - s - used;
		memmove(in, in + s + used, carry);
		at += (off_t)(s + used);
	}
	if (rc == 0 && carry > 0)
		rc = -1; /* the file ends inside a character */
	iconv_close(cd);
	free(in);
	g->dec_size = dec;
	if (rc != 0)
		hz_say(err, cap,
		       "%s: its bytes are not %s; give its encoding with -E "
		       "(nothing written)",
		       g->name, g->enc);
	return rc;
}

static bool is_utf8_name(const char *e)
{
	return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0;
}

static int pick_encoding(textmodel *g, const char *asked, char *err, size_t cap)
{
	const char *enc = asked;

	if (enc == NULL || strcasecmp(enc, "auto") == 0) {
		unsigned char sample[HZ_DETECT_SAMPLE];
		off_t size = hz_reglock_size(g->lock);
		size_t n = size < (off_t)sizeof(sample) ? (size_t)size : sizeof(sample);

		if (read_at(g, (char *)sample, n, 0) == -1) {
			hz_say(err, cap, "%s: cannot be read", g->name);
			return -1;
		}
		enc = hz_detect_encoding(sample, n);
	}
	if (is_utf8_name(enc))
		return 0;
	if (strncasecmp(enc, "UTF-16", 6) == 0 || strncasecmp(enc, "UTF-32", 6) == 0 ||
	    strncasecmp(enc, "UCS", 3) == 0) {
		hz_say(err, cap,
		       "%s: is %s; a register is edited in UTF-8 or an encoding such "
		       "as GB18030 (convert it with hz-fmt first); nothing written",
		       g->name, strcmp(enc, HZ_ENC_UTF16_NOBOM) == 0 ? "UTF-16" : enc);
		return -1;
	}
	g->enc = enc;
	g->to_enc = iconv_open(enc, "UTF-8");
	if (g->to_enc == (iconv_t)-1) {
		hz_say(err, cap, "%s: unknown encoding '%s'", g->name, enc);
		return -1;
	}
	return build_map(g, err, cap);
}

/* The file offset of a decoded offset the reader gave (a line start). */
static off_t raw_of(const textmodel *g, off_t dec)
{
	size_t lo = 0, hi = g->nmap;

	if (g->enc == NULL)
		return dec;
	if (dec == g->dec_size)
		return hz_reglock_size(g->lock);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->map_dec[mid] < dec)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nmap && g->map_dec[lo] == dec ? g->map_raw[lo] : -1;
}

static void tm_free(regmodel *m)
{
	textmodel *g = (textmodel *)m;

	if (g->to_enc != (iconv_t)-1)
		iconv_close(g->to_enc);
	free(g->map_raw);
	free(g->map_dec);
	free(g->recs);
	free(g->gaps);
	free(g->tmpl);
	free(g->add);
	free(g->rep);
	for (size_t i = 0; i < g->ncols_added; i++)
		free(g->cols[i]);
	free(g->cols);
	free(g->name);
	free(g);
}

/* Text we make (UTF-8) in the register's encoding. */
static void put_text(textmodel *g, hz_buf *b, const char *s, size_t n)
{
	char out[1024], *src = (char *)s, *dst;
	size_t left = n, room;

	if (g->enc == NULL) {
		hz_buf_put(b, s, n);
		return;
	}
	(void)iconv(g->to_enc, NULL, NULL, NULL, NULL);
	while (left > 0) {
		dst = out;
		room = sizeof(out);
		size_t rc = iconv(g->to_enc, &src, &left, &dst, &room);
		hz_buf_put(b, out, (size_t)(dst - out));
		if (rc != (size_t)-1)
			break;
		if (errno != E2BIG) {
			g->enc_bad = true;
			return;
		}
	}
}

/* ---- where things lie ---- */

/* Only spaces and line ends in [begin, end)? */
static bool blank(textmodel *g, off_t begin, off_t end)
{
	char block[BLOCK];
	size_t n;

	while (begin < end) {
		n = end - begin > BLOCK ? BLOCK : (size_t)(end - begin);
		if (read_at(g, block, n, begin) == -1)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!strchr(" \t\r\n", block[i]) || block[i] == '\0')
				return false;
		begin += (off_t)n;
	}
	return true;
}

/* The offset of the last byte before `before` that is not white space,
 * or -1. */
static off_t last_nonblank(textmodel *g, off_t before, char *c)
{
	char block[4096];
	off_t from;
	size_t n;

	while (before > 0) {
		from = before > (off_t)sizeof(block) ? before - (off_t)sizeof(block) : 0;
		n = (size_t)(before - from);
		if (read_at(g, block, n, from) == -1)
			return -1;
		while (n > 0) {
			n--;
			if (!strchr(" \t\r\n", block[n]) || block[n] == '\0') {
				*c = block[n];
				return from + (off_t)n;
			}
		}
		before = from;
	}
	return -1;
}

/* The first byte that is not white space (after a UTF-8 BOM), or -1. */
static off_t first_nonblank(textmodel *g, char *c)
{
	char block[4096];
	off_t at = 0, size = hz_reglock_size(g->lock);

	while (at < size) {
		size_t n = size - at > (off_t)sizeof(block) ? sizeof(block) : (size_t)(size - at);
		if (read_at(g, block, n, at) == -1)
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (at == 0 && i == 0 && n >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
				i += 2;
				continue;
			}
			if (!strchr(" \t\r\n", block[i]) || block[i] == '\0') {
				*c = block[i];
				return at + (off_t)i;
			}
		}
		at += (off_t)n;
	}
	return -1;
}

/* The line end that closes s[0..n): its length (2 for CRLF, 1, or 0). */
static size_t eol_len(const char *s, size_t n)
{
	if (n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n')
		return 2;
	return n >= 1 && (s[n - 1] == '\n' || s[n - 1] == '\r') ? 1 : 0;
}

/* Where the header row lies: [*begin, *end), its line end included. The
 * reader counts physical lines (CR, LF and CRLF each end one, quoted or
 * not), so its header line starts after header_line - 1 line ends; the LF
 * of a CRLF belongs to the line the CR ended. */
static int header_span(textmodel *g, off_t *begin, off_t *end)
{
	off_t size = hz_reglock_size(g->lock), at = 0;
	long line = 1;
	bool quoted = false, started = false, after_cr = false, ending = false;
	char block[BLOCK];

	*begin = -1;
	while (at < size) {
		size_t n = size - at > BLOCK ? BLOCK : (size_t)(size - at);
		if (read_at(g, block, n, at) == -1)
			return -1;
		for (size_t i = 0; i < n; i++) {
			char c = block[i];
			off_t pos = at + (off_t)i;
			if (after_cr) {
				after_cr = false;
				if (ending) {
					*end = c == '\n' ? pos + 1 : pos;
					return 0;
				}
				if (c == '\n')
					continue;
			}
			if (!started && line == g->header_line) {
				*begin = pos;
				started = true;
			}
			if (started && c == '"')
				quoted = !quoted;
			if (c == '\n' || c == '\r') {
				line++;
				after_cr = c == '\r';
				if (started && !quoted) {
					if (c == '\n') {
						*end = pos + 1;
						return 0;
					}
					ending = true;
				}
			}
		}
		at += (off_t)n;
	}
	if (*begin < 0)
		return -1;
	*end = size;
	return 0;
}

/* Offsets of the delimiters outside quotes in s[0..n). */
static size_t delimiters(const textmodel *g, const char *s, size_t n, size_t **at)
{
	size_t k = 0, cap = 16;
	bool quoted = false;

	*at = hz_xrealloc(NULL, cap * sizeof(**at));
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			quoted = !quoted;
		} else if (s[i] == g->delim && !quoted) {
			if (k == cap) {
				cap *= 2;
				*at = hz_xrealloc(*at, cap * sizeof(**at));
			}
			(*at)[k++] = i;
		}
	}
	return k;
}

/* A cell's text without its quotes and the spaces around them. */
static hz_str cell_text(const char *s, size_t n)
{
	hz_str t = hz_trim((hz_str){ s, n });

	if (t.n >= 2 && t.s[0] == '"' && t.s[t.n - 1] == '"')
		t = hz_trim((hz_str){ t.s + 1, t.n - 2 });
	return t;
}

enum row_kind { ROW_BLANK, ROW_TEMPLATE, ROW_OTHER };

/* Blank, a template row (only its 序号 filled: *id), or another row. */
static enum row_kind classify(const textmodel *g, const char *s, size_t n, long *id)
{
	size_t *d, nd = delimiters(g, s, n, &d);
	int idcol = g->id_col;
	bool blank = true, only_id = true;

	for (size_t c = 0; c <= nd; c++) {
		size_t b = c == 0 ? 0 : d[c - 1] + 1, e = c == nd ? n : d[c];
		hz_str t = cell_text(s + b, e - b);
		if (t.n == 0)
			continue;
		blank = false;
		if ((int)c != idcol || !hz_count_parse(t, id) || *id <= 0)
			only_id = false;
	}
	free(d);
	return blank ? ROW_BLANK : only_id ? ROW_TEMPLATE : ROW_OTHER;
}

/* The rows of a gap between records: template rows noted; in the last
 * gap, the first other row is the footer. */
static int scan_gap(textmodel *g, span sp, bool last, size_t *tcap)
{
	char *s = read_span(g, sp.begin, sp.end);
	size_t n = (size_t)(sp.end - sp.begin), r0 = 0;

	if (s == NULL)
		return -1;
	while (r0 < n) {
		size_t i = r0, e, next;
		bool quoted = false;
		long id = 0;

		while (i < n && (quoted || (s[i] != '\n' && s[i] != '\r'))) {
			if (s[i] == '"')
				quoted = !quoted;
			i++;
		}
		e = i;
		next = i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n' ? i + 2
		       : i < n                                                ? i + 1
		                                                              : n;
		switch (classify(g, s + r0, e - r0, &id)) {
		case ROW_BLANK:
			break;
		case ROW_TEMPLATE:
			if (g->ntmpl == *tcap) {
				*tcap = *tcap ? *tcap * 2 : 32;
				g->tmpl = hz_xrealloc(g->tmpl, *tcap * sizeof(*g->tmpl));
			}
			g->tmpl[g->ntmpl++] = (tmpl_row){ sp.begin + (off_t)r0, sp.begin + (off_t)e,
				                          sp.begin + (off_t)next, id, -1 };
			break;
		case ROW_OTHER:
			if (last && g->footer_at < 0) {
				g->footer_at = sp.begin + (off_t)r0;
				free(s);
				return 0;
			}
			break;
		}
		r0 = next;
	}
	free(s);
	return 0;
}

static void push_span(span **v, size_t *n, size_t *cap, off_t begin, off_t end)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = hz_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = (span){ begin, end };
}

static const char *tm_encoding(const regmodel *m)
{
	return ((const textmodel *)m)->enc;
}

/* A record the reader gave: its bytes; what lies between it and the one
 * before is blank, template or footer rows. */
static int tm_note(regmodel *m, const hz_place *p, unsigned flags, char *err, size_t cap)
{
	textmodel *g = (textmodel *)m;
	off_t begin = raw_of(g, p->begin), end = raw_of(g, p->end);

	if (begin < 0 || end < 0) {
		hz_say(err, cap, "%s:%ld: cannot place the record in the file's bytes", g->name,
		       p->line);
		return -1;
	}
	if (g->prev != begin)
		push_span(&g->gaps, &g->ngaps, &g->capgaps, g->prev, begin);
	push_span(&g->recs, &g->nrecs, &g->caprecs, begin, end);
	g->prev = end;
	g->nrecords++;
	g->last_end = end;
	if (flags & HZ_R_TOO_MANY_CELLS)
		g->too_many_cells = true;
	return 0;
}

static int tm_layout(regmodel *m, const regmodel_shape *sh, bool *is_new, char *err, size_t cap)
{
	textmodel *g = (textmodel *)m;
	off_t size = hz_reglock_size(g->lock);
	size_t tcap = 0;

	g->format = sh->format;
	g->delim = g->format == HZ_FMT_TSV ? '\t' : ',';
	g->quote_all = sh->quote_all;
	g->header_line = sh->header_line;
	g->file_ncols = sh->has_header ? sh->ncols : 0;
	g->id_col = sh->id_col;
	if (size > 0)
		push_span(&g->gaps, &g->ngaps, &g->capgaps, g->prev, size);
	if (size == 0)
		g->is_new = true;
	else if (hz_format_is_json(g->format))
		/* "[]" is not new: rows go inside the brackets */
		g->is_new = g->nrecords == 0 && blank(g, 0, size);
	else
		g->is_new = !sh->has_header; /* blank lines only: the header goes first */
	*is_new = g->is_new;
	if (hz_format_is_json(g->format) || g->is_new)
		return 0;
	if (header_span(g, &g->hb, &g->he) == -1) {
		hz_say(err, cap, "%s: cannot find its header", g->name);
		return -1;
	}
	for (size_t i = 0; i < g->ngaps; i++) {
		span sp = g->gaps[i];
		if (sp.begin < 0)
			sp.begin = g->he;
		if (sp.begin < sp.end && scan_gap(g, sp, i + 1 == g->ngaps, &tcap) == -1) {
			hz_say(err, cap, "%s: cannot be read", g->name);
			return -1;
		}
	}
	return 0;
}

/* ---- rows we write ---- */

/* The columns after the change. */
static size_t ncols(const textmodel *g)
{
	return g->file_ncols + g->ncols_added;
}

/* One CSV row of the cells, the register's way, without a line end. */
static void csv_row(textmodel *g, hz_buf *b, const hz_str *cells, size_t n)
{
	size_t len;
	char *row = hz_csv_format_row(cells, n, g->delim, g->quote_all, false, &len);

	if (row == NULL)
		hz_out_of_memory();
	len -= eol_len(row, len);
	put_text(g, b, row, len);
	free(row);
}

/* One record as JSON, without a line end. */
static void json_row(textmodel *g, hz_buf *b, const hz_record *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	hz_write_opts wo;
	hz_writer *w;

	if (m == NULL)
		hz_out_of_memory();
	hz_write_opts_init(&wo);
	wo.format = HZ_FMT_JSONL;
	w = hz_writer_new(m, &wo);
	(void)hz_writer_put(w, r, NULL, 0, NULL, 0);
	(void)hz_writer_close(w, NULL, 0);
	if (fclose(m) != 0)
		hz_out_of_memory();
	put_text(g, b, text, len - eol_len(text, len));
	free(text);
}

static void record_row(textmodel *g, hz_buf *b, const hz_record *r)
{
	if (hz_format_is_json(g->format))
		json_row(g, b, r);
	else
		csv_row(g, b, r->cells, r->ncells);
}

/* The new records that take no template row, each with the line end; a
 * JSON array's elements are joined by ",\n" instead. */
static void new_rows(textmodel *g, hz_buf *b, const char *eol)
{
	bool first = true;

	for (size_t i = 0; i < g->nadd; i++) {
		bool fills = false;
		for (size_t t = 0; t < g->ntmpl && !fills; t++)
			fills = g->tmpl[t].fill == (long)i;
		if (fills)
			continue;
		if (g->format == HZ_FMT_JSON && !first)
			hz_buf_puts(b, ",\n");
		record_row(g, b, g->add[i].rec);
		if (g->format != HZ_FMT_JSON)
			hz_buf_puts(b, eol);
		first = false;
	}
}

/* A new register: the header (CSV) or the array's brackets around the rows. */
static void new_file(textmodel *g, hz_buf *b, const char *eol)
{
	if (g->format == HZ_FMT_JSON) {
		hz_buf_puts(b, "[\n");
		new_rows(g, b, eol);
		hz_buf_puts(b, "\n]\n");
		return;
	}
	if (!hz_format_is_json(g->format)) {
		hz_str *names = hz_xrealloc(NULL, (g->ncols_added + 1) * sizeof(*names));
		for (size_t c = 0; c < g->ncols_added; c++)
			names[c] = hz_str_c(g->cols[c]);
		csv_row(g, b, names, g->ncols_added);
		free(names);
		hz_buf_puts(b, eol);
	}
	new_rows(g, b, eol);
}

/* The header with the added columns: the names take the places of the
 * header's trailing blank cells first (so that a value goes under its
 * name, not under a blank), then follow them. */
static int widen_header(textmodel *g, hz_buf *b)
{
	char *raw = read_span(g, g->hb, g->he);
	size_t n = (size_t)(g->he - g->hb), e = eol_len(raw ? raw : "", n), *d, nd, keep;

	if (raw == NULL)
		return -1;
	nd = delimiters(g, raw, n - e, &d);
	keep = nd >= g->file_ncols ? d[g->file_ncols - 1] : n - e;
	hz_buf_put(b, raw, keep);
	for (size_t c = 0; c < g->ncols_added; c++) {
		hz_str name = hz_str_c(g->cols[c]);
		hz_buf_put(b, &g->delim, 1);
		csv_row(g, b, &name, 1);
	}
	if (nd >= ncols(g)) /* blank cells left over stay */
		hz_buf_put(b, raw + d[ncols(g) - 1], n - e - d[ncols(g) - 1]);
	hz_buf_put(b, raw + n - e, e);
	free(d);
	free(raw);
	return 0;
}

/* The line end that closes bytes [begin, end) of the file. */
static const char *eol_of(textmodel *g, off_t begin, off_t end)
{
	char two[2] = { 0, 0 };
	size_t n = end - begin >= 2 ? 2 : (size_t)(end - begin);

	if (n == 0 || read_at(g, two + 2 - n, n, end - (off_t)n) == -1)
		return "";
	switch (eol_len(two, 2)) {
	case 2:
		return "\r\n";
	case 1:
		return two[1] == '\n' ? "\n" : "\r";
	default:
		return "";
	}
}

/* ---- the change: a list of edits, each replacing bytes of the file ---- */

enum edit_kind { ED_INSERT, ED_HEADER, ED_REPLACE, ED_FILL };

typedef struct edit {
	off_t begin, end;
	enum edit_kind kind;
	size_t idx;
} edit;

typedef struct plan {
	edit *e;
	size_t n, cap;
	bool array_empty; /* JSON: the rows go into "[]" */
} plan;

static void add_edit(plan *p, off_t begin, off_t end, enum edit_kind k, size_t idx)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->e = hz_xrealloc(p->e, p->cap * sizeof(*p->e));
	}
	p->e[p->n++] = (edit){ begin, end, k, idx };
}

static int by_place(const void *a, const void *b)
{
	const edit *x = a, *y = b;

	if (x->begin != y->begin)
		return x->begin < y->begin ? -1 : 1;
	return (int)x->kind - (int)y->kind; /* an insertion first */
}

static int emit(textmodel *g, const plan *p, const edit *e, hz_buf *b)
{
	const char *eol = hz_reglock_eol(g->lock);
	char c;

	switch (e->kind) {
	case ED_HEADER:
		return widen_header(g, b);
	case ED_REPLACE:
		if (g->rep[e->idx].rec == NULL)
			return 0; /* deleted: its line goes with it */
		record_row(g, b, g->rep[e->idx].rec);
		if (g->format != HZ_FMT_JSON)
			hz_buf_puts(b, eol_of(g, e->begin, e->end));
		return 0;
	case ED_FILL:
		record_row(g, b, g->add[e->idx].rec);
		return 0;
	case ED_INSERT:
		if (g->format == HZ_FMT_JSON) {
			hz_buf_puts(b, p->array_empty ? "\n" : ",\n");
			new_rows(g, b, eol);
			hz_buf_puts(b, "\n");
			return 0;
		}
		if (e->begin > 0 && read_at(g, &c, 1, e->begin - 1) == 0 && c != '\n' && c != '\r')
			hz_buf_puts(b, eol);
		new_rows(g, b, eol);
		return 0;
	}
	return 0;
}

static int flush_out(textmodel *g, hz_buf *b, char *err, size_t cap)
{
	int rc = b->n ? hz_reglock_rewrite_put(g->lock, b->s, b->n, err, cap) : 0;

	b->n = 0;
	return rc;
}

static int rewrite(textmodel *g, plan *p, char *err, size_t cap)
{
	off_t size = hz_reglock_size(g->lock), off = 0;
	hz_buf b = { 0 };

	qsort(p->e, p->n, sizeof(*p->e), by_place);
	if (cap > 0)
		err[0] = '\0';
	if (hz_reglock_rewrite_begin(g->lock, err, cap) == -1)
		goto fail;
	for (size_t i = 0; i < p->n; i++) {
		if (hz_reglock_rewrite_copy(g->lock, off, p->e[i].begin, err, cap) == -1 ||
		    emit(g, p, &p->e[i], &b) == -1 || flush_out(g, &b, err, cap) == -1)
			goto fail;
		if (g->enc_bad) {
			hz_say(err, cap, "%s: a character of the change has no place in %s",
			       g->name, g->enc);
			hz_reglock_rewrite_abort(g->lock);
			free(b.s);
			return -1;
		}
		off = p->e[i].end;
	}
	if (hz_reglock_rewrite_copy(g->lock, off, size, err, cap) == -1 ||
	    hz_reglock_rewrite_commit(g->lock, err, cap) == -1)
		goto fail;
	free(b.s);
	return 0;
fail:
	if (cap > 0 && err[0] == '\0')
		hz_say(err, cap, "%s: cannot be rewritten", g->name);
	hz_reglock_rewrite_abort(g->lock);
	free(b.s);
	return -1;
}

/* Bytes that go at the end: one write when small, else the rewrite. */
static int append(textmodel *g, hz_buf *b, char *err, size_t cap)
{
	if (g->enc_bad) {
		hz_say(err, cap, "%s: a character of the new records has no place in %s", g->name,
		       g->enc);
		return -1;
	}
	if (b->n <= APPEND_MAX) {
		return hz_reglock_append(g->lock, b->s, b->n, err, cap);
	}
	/* the rewrite: the file as it is, a line end if it lacks one, the rows */
	if (hz_reglock_rewrite_begin(g->lock, err, cap) == -1 ||
	    hz_reglock_rewrite_copy(g->lock, 0, hz_reglock_size(g->lock), err, cap) == -1 ||
	    (hz_reglock_lacks_newline(g->lock) &&
	     hz_reglock_rewrite_put(g->lock, hz_reglock_eol(g->lock),
	                            strlen(hz_reglock_eol(g->lock)), err, cap) == -1) ||
	    hz_reglock_rewrite_put(g->lock, b->s, b->n, err, cap) == -1 ||
	    hz_reglock_rewrite_commit(g->lock, err, cap) == -1) {
		hz_reglock_rewrite_abort(g->lock);
		return -1;
	}
	return 0;
}

/* The id of a new record, when it is a number. */
static bool new_id(const textmodel *g, size_t i, long *id)
{
	return g->add[i].id != NULL && hz_count_parse(hz_str_c(g->add[i].id), id);
}

/* New records whose id is a blank template row's 序号 take its place. */
static void fill_templates(textmodel *g, plan *p)
{
	long id;

	for (size_t i = 0; i < g->nadd; i++) {
		if (!new_id(g, i, &id))
			continue;
		for (size_t t = 0; t < g->ntmpl; t++) {
			if (g->tmpl[t].id == id && g->tmpl[t].fill < 0) {
				g->tmpl[t].fill = (long)i;
				add_edit(p, g->tmpl[t].begin, g->tmpl[t].end, ED_FILL, i);
				break;
			}
		}
	}
}

/* Where the other new rows go: above the first template row left blank,
 * else above the footer, else at the end; right after the last record
 * when only blank lines lie between. */
static off_t insert_point(textmodel *g)
{
	off_t size = hz_reglock_size(g->lock);
	off_t after = g->nrecords > 0 ? g->last_end : g->he, target = size;
	bool any_left = false;
	off_t tail = -1;

	for (size_t t = 0; t < g->ntmpl; t++) {
		if (g->tmpl[t].fill < 0 && !any_left) {
			any_left = true;
			target = g->tmpl[t].begin;
		}
		if (g->tmpl[t].next > tail)
			tail = g->tmpl[t].next;
	}
	if (!any_left && g->ntmpl > 0 && tail > after)
		return g->footer_at >= 0 && g->footer_at < tail ? g->footer_at : tail;
	if (!any_left && g->footer_at >= 0)
		target = g->footer_at;
	if (target == size)
		return blank(g, after, size) ? size : after;
	return after <= target && blank(g, after, target) ? after : target;
}

/* A last line without a line end is a record an editor saved that way,
 * or a row cut short by a writer that was killed (not hz-add: its writes
 * are whole). Cut short it has fewer cells than the header: refuse. */
static int check_last_line(textmodel *g, char *err, size_t cap)
{
	size_t *d, nd;
	char *raw;

	if (!hz_reglock_lacks_newline(g->lock) || g->nrecs == 0 || hz_format_is_json(g->format) ||
	    g->last_end != hz_reglock_size(g->lock))
		return 0;
	raw = read_span(g, g->recs[g->nrecs - 1].begin, g->last_end);
	if (raw == NULL)
		return 0;
	nd = delimiters(g, raw, (size_t)(g->last_end - g->recs[g->nrecs - 1].begin), &d);
	free(d);
	free(raw);
	if (nd + 1 >= g->file_ncols)
		return 0;
	hz_say(err, cap,
	       "%s: its last line has no line end and only %zu of the header's "
	       "%zu cells: a row cut short? Complete or delete it",
	       g->name, nd + 1, g->file_ncols);
	return -1;
}

static int tm_write(regmodel *m, char *err, size_t errcap)
{
	textmodel *g = (textmodel *)m;
	off_t size = hz_reglock_size(g->lock);
	const char *eol = hz_reglock_eol(g->lock);
	bool adding = g->nadd > 0;
	bool widened = g->ncols_added > 0 && !g->is_new && !hz_format_is_json(g->format);
	plan p = { 0 };
	hz_buf b = { 0 };
	int rc;
	char c;

	if (!adding && g->nrep == 0)
		return 0; /* a column alone is not worth a rewrite */
	if (g->is_new && g->nrep == 0) {
		/* nothing there yet (or blank lines): the header and rows */
		new_file(g, &b, eol);
		rc = append(g, &b, err, errcap);
		free(b.s);
		return rc;
	}
	if (adding && check_last_line(g, err, errcap) == -1)
		return -1;
	if (widened && g->too_many_cells) {
		hz_say(err, errcap,
		       "%s: has rows with cells beyond its header; fix them "
		       "before adding a column",
		       g->name);
		return -1;
	}
	if (adding && g->format == HZ_FMT_JSON) {
		off_t close = last_nonblank(g, size, &c), open;
		if (close < 0 || c != ']' || first_nonblank(g, &c) < 0 || c != '[') {
			hz_say(err, errcap, "%s: not a JSON array ('[' … ']')", g->name);
			return -1;
		}
		open = last_nonblank(g, close, &c);
		p.array_empty = open >= 0 && c == '[';
		add_edit(&p, open + 1, close, ED_INSERT, 0);
	} else if (adding) {
		off_t at;
		fill_templates(g, &p);
		at = hz_format_is_json(g->format) ? blank(g, g->last_end, size) ? size : g->last_end
		                                  : insert_point(g);
		if (hz_format_is_json(g->format) && g->nrecords == 0) {
			/* after a BOM, never before it */
			at = size;
		}
		add_edit(&p, at, at, ED_INSERT, 0);
	}
	if (widened) /* a short row reads as empty in the new columns: rows stay as they are */
		add_edit(&p, g->hb, g->he, ED_HEADER, 0);
	for (size_t i = 0; i < g->nrep; i++) {
		span sp = g->recs[g->rep[i].recno];
		add_edit(&p, sp.begin, sp.end, ED_REPLACE, i);
	}
	if (!widened && g->nrep == 0 && p.n == 1 && p.e[0].kind == ED_INSERT &&
	    p.e[0].begin == size && g->format != HZ_FMT_JSON) {
		new_rows(g, &b, eol);
		free(p.e);
		rc = append(g, &b, err, errcap);
		free(b.s);
		return rc;
	}
	rc = rewrite(g, &p, err, errcap);
	free(p.e);
	return rc;
}

/* ---- the changes, as the session gives them ---- */

static void tm_add_column(regmodel *m, const char *name)
{
	textmodel *g = (textmodel *)m;

	g->cols = hz_xrealloc(g->cols, (g->ncols_added + 1) * sizeof(*g->cols));
	g->cols[g->ncols_added++] = hz_xstrdup(name);
}

static void tm_replace(regmodel *m, long recno, const hz_record *now, const hz_record *was)
{
	textmodel *g = (textmodel *)m;

	(void)was; /* the row is written whole */
	if (recno < 0 || (size_t)recno >= g->nrecs)
		return;
	if (g->nrep == g->caprep) {
		g->caprep = g->caprep ? g->caprep * 2 : 4;
		g->rep = hz_xrealloc(g->rep, g->caprep * sizeof(*g->rep));
	}
	g->rep[g->nrep++] = (replacement){ recno, now };
}

static void tm_insert(regmodel *m, const hz_record *r, const char *id)
{
	textmodel *g = (textmodel *)m;

	if (g->nadd == g->capadd) {
		g->capadd = g->capadd ? g->capadd * 2 : 16;
		g->add = hz_xrealloc(g->add, g->capadd * sizeof(*g->add));
	}
	g->add[g->nadd++] = (insertion){ r, id };
}

/* A replacement without a record: the record's bytes go, line end and all. */
static void tm_delete(regmodel *m, long recno)
{
	tm_replace(m, recno, NULL, NULL);
}

static const regmodel_ops text_ops = {
	tm_encoding, tm_note,  tm_layout, tm_add_column, tm_replace,
	tm_insert,   tm_write, tm_free,   tm_delete,
};

regmodel *hz_regb_open(hz_reglock *lock, const char *name, const char *encoding, char *err,
                       size_t cap)
{
	textmodel *g = hz_xrealloc(NULL, sizeof(*g));

	memset(g, 0, sizeof(*g));
	g->base.ops = &text_ops;
	g->lock = lock;
	g->name = hz_xstrdup(name);
	g->to_enc = (iconv_t)-1;
	g->footer_at = -1;
	g->prev = -1;
	g->id_col = -1;
	g->format = HZ_FMT_CSV;
	g->delim = ',';
	if (hz_reglock_size(lock) > 0 && pick_encoding(g, encoding, err, cap) == -1) {
		tm_free(&g->base);
		return NULL;
	}
	return &g->base;
}
