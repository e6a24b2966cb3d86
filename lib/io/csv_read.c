/* csv_read.c - rows of CSV/TSV through libcsv, with exact physical lines.
 *
 * libcsv runs in strict mode and is fed one physical line at a time, so the
 * reader always knows the line it is on. The bytes of a row that spans lines
 * are kept (pending) until the row ends: when it turns out broken (a stray
 * quote, or a quote never closed), the row is dropped and everything after
 * its first line is read again, so no following record is swallowed. A cell
 * that grows past any legal length switches to a plain scan for the row's
 * end, so memory stays bounded however long the bad cell runs.
 *
 * Before that, a fast scanner takes every data row it is sure of (see "the
 * fast path"): libcsv sees only the rows the scanner leaves to it. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "reader_int.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* A cell of more than HZ_CELL_MAX characters has more than this many bytes
 * only if it is too long; below it, characters are counted. */
#define CELL_BYTES_MAX ((size_t)HZ_CELL_MAX * 4)

static int no_space(unsigned char c)
{
	(void)c;
	return 0; /* text cells are kept exactly: no trimming by libcsv */
}

static void parser_reset(hz_reader *r)
{
	if (r->csv_ready)
		csv_free(&r->csv);
	csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_space_func(&r->csv, no_space);
	csv_set_delim(&r->csv, (unsigned char)r->delim);
	r->csv_ready = true;
}

void hz_csv_setup(hz_reader *r)
{
	const char *scanner = getenv("HZ_CSV_SCANNER");

	/* HZ_CSV_SCANNER=libcsv reads every row through libcsv (to compare) */
	r->fast = !(scanner && strcmp(scanner, "libcsv") == 0);
	r->delim = r->info.format == HZ_FMT_TSV ? '\t' : ',';
	parser_reset(r);
}

void hz_csv_cleanup(hz_reader *r)
{
	if (r->csv_ready)
		csv_free(&r->csv);
	r->csv_ready = false;
	free(r->pending);
	free(r->replay);
	free(r->scratch);
	free(r->spans);
}

static size_t count_line_ends(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

/* Copy a cell with every invalid byte and NUL replaced by U+FFFD. */
static void push_repaired(hz_reader *r, const char *s, size_t n, size_t first_bad)
{
	size_t len = 0, i = first_bad;

	r->scratch = hz_xgrow(r->scratch, &r->scratch_cap, n * 3 + 4);
	memcpy(r->scratch, s, first_bad);
	len = first_bad;
	while (i < n) {
		size_t ok = s[i] ? hz_utf8_valid_prefix(s + i, n - i) : 0;
		const char *nul = ok ? memchr(s + i, '\0', ok) : NULL;
		if (nul)
			ok = (size_t)(nul - (s + i));
		memcpy(r->scratch + len, s + i, ok);
		len += ok;
		i += ok;
		if (i < n) {
			memcpy(r->scratch + len, "\xEF\xBF\xBD", 3);
			len += 3;
			i++;
		}
	}
	hz_record_push(r->row, r->scratch, len);
}

/* Whether the next cell of the row is kept. Cells beyond the first keep
 * (the header's columns or, before the header, Excel's column limit) are
 * counted, not kept: only whether one is filled matters, and a row of
 * 100 MB of commas stays small. A cell past Excel's length drops the row. */
static bool cell_kept(hz_reader *r, const char *s, size_t n, size_t keep)
{
	if (r->row->ncells >= keep) {
		r->row_beyond++;
		if (!r->row_beyond_filled && !hz_blank((hz_str){ s, n }))
			r->row_beyond_filled = true;
		return false;
	}
	if (n > HZ_CELL_MAX && hz_utf8_count(s, n) > HZ_CELL_MAX) {
		r->row_error = true;
		return false;
	}
	return true;
}

static void cb_field(void *field, size_t n, void *data)
{
	hz_reader *r = data;
	const char *s = field ? field : "";

	if (r->row_error || !cell_kept(r, s, n, r->schema ? r->schema->ncols : HZ_COLUMNS_MAX))
		return;
	if (r->schema) {
		/* a data row: its bytes are checked as the record is handed
		 * out (hz_csv_check_bytes), on the tool's thread when reading
		 * ahead, which evens out the work of the two */
		hz_record_push(r->row, s, n);
		return;
	}
	size_t nuls, ok = hz_utf8_scan(s, n, &nuls);
	if (ok == n && nuls == 0) {
		hz_record_push(r->row, s, n);
		return;
	}
	const char *nul = nuls ? memchr(s, '\0', ok) : NULL;
	if (nul)
		ok = (size_t)(nul - s);
	/* the line of the bad byte: the line being fed, less the line ends
	 * that follow the bad byte inside this cell */
	if (!r->row_bad_line)
		r->row_bad_line = r->line - (long)count_line_ends(s + ok, n - ok);
	r->row->flags |= HZ_R_BAD_BYTES;
	push_repaired(r, s, n, ok);
}

/* Every cell clean, told by one scan of the record's buffer instead of one
 * a cell: when the cells lie in the buffer in order, each starting where
 * the buffer does or after an ASCII byte (a NUL, a quote) and followed by
 * a NUL, and the buffer is valid UTF-8 with no NUL but those ncells, then
 * each cell is valid UTF-8 (a piece of valid text cut at ASCII bytes) and
 * holds no NUL. Between cells may lie the quotes and delimiters the fast
 * path leaves (cut_cells). False says nothing: the cells are then checked
 * one by one. */
static bool record_clean(const hz_record *rec)
{
	const char *next = rec->buf, *end = rec->buf + rec->buf_len;
	size_t nuls;

	for (size_t c = 0; c < rec->ncells; c++) {
		const char *s = rec->cells[c].s;
		if (s < next || s >= end || (size_t)(end - s) <= rec->cells[c].n ||
		    s[rec->cells[c].n] != '\0' || (s > rec->buf && (unsigned char)s[-1] >= 0x80))
			return false; /* a cell set anew, or text kept elsewhere */
		next = s + rec->cells[c].n + 1;
	}
	return hz_utf8_scan(rec->buf, rec->buf_len, &nuls) == rec->buf_len && nuls == rec->ncells;
}

void hz_csv_check_bytes(hz_reader *r, hz_diag *d, hz_record *rec)
{
	long line = 0;
	char *fixed = NULL;
	size_t cap = 0;

	if (rec->flags & HZ_R_CHECKED) {
		rec->flags &= ~HZ_R_CHECKED;
		return; /* the fast path checked its bytes */
	}
	if (record_clean(rec))
		return;

	for (size_t c = 0; c < rec->ncells; c++) {
		const char *s = rec->cells[c].s;
		size_t n = rec->cells[c].n;
		size_t nuls, ok = hz_utf8_scan(s, n, &nuls);
		if (ok == n && nuls == 0)
			continue;
		const char *nul = nuls ? memchr(s, '\0', ok) : NULL;
		if (nul)
			ok = (size_t)(nul - s);
		if (!line) {
			/* the record's line, plus the line ends before the bad byte */
			line = rec->place.line + (long)count_line_ends(s, ok);
			for (size_t b = 0; b < c; b++)
				line += (long)count_line_ends(rec->cells[b].s, rec->cells[b].n);
		}
		/* U+FFFD for each bad byte and NUL */
		size_t len = 0;
		fixed = hz_xgrow(fixed, &cap, n * 3 + 4);
		for (size_t i = 0; i < n;) {
			size_t k = s[i] ? hz_utf8_valid_prefix(s + i, n - i) : 0;
			const char *z = k ? memchr(s + i, '\0', k) : NULL;
			if (z)
				k = (size_t)(z - (s + i));
			memcpy(fixed + len, s + i, k);
			len += k;
			i += k;
			if (i < n) {
				memcpy(fixed + len, "\xEF\xBF\xBD", 3);
				len += 3;
				i++;
			}
		}
		hz_record_set_cell(rec, c, fixed, len);
	}
	free(fixed);
	if (line) {
		rec->flags |= HZ_R_BAD_BYTES;
		hz_reader_bad_bytes(r, d, line, NULL);
	}
}

static void cb_row(int c, void *data)
{
	hz_reader *r = data;

	(void)c;
	r->row_done = true;
}

/* A whole line without a quote is a row by itself, and strict libcsv
 * (no trimming) would cut it at each delimiter and nowhere else: do that
 * directly, which costs a fraction of libcsv's byte-by-byte states. Every
 * line with a quote goes through libcsv. (test_reader checks the two
 * agree.) */
static void split_line(hz_reader *r, const char *seg, size_t n)
{
	while (n > 0 && (seg[n - 1] == '\n' || seg[n - 1] == '\r'))
		n--;
	for (;;) {
		const char *d = memchr(seg, r->delim, n);
		size_t len = d ? (size_t)(d - seg) : n;
		cb_field((void *)seg, len, r);
		if (!d)
			break;
		seg = d + 1;
		n -= len + 1;
	}
	r->row_done = true;
}

/* The next segment: bytes up to and including one line end (CR, LF or
 * CRLF), or up to the end of what is buffered. False at the end of input. */
static bool next_segment(hz_reader *r, const char **seg, size_t *len, bool *ends_line)
{
	const char *p;
	size_t avail;

	if (r->replay_pos < r->replay_len) {
		p = r->replay + r->replay_pos;
		avail = r->replay_len - r->replay_pos;
	} else {
		if (!hz_input_fill(&r->in))
			return false;
		p = r->in.buf + r->in.pos;
		avail = r->in.len - r->in.pos;
	}
	const char *lf = memchr(p, '\n', avail);
	size_t limit = lf ? (size_t)(lf - p) : avail;
	const char *cr = memchr(p, '\r', limit);
	size_t n;

	if (cr && (size_t)(cr - p) + 1 < limit)
		n = (size_t)(cr - p) + 1; /* a lone CR: old Mac line end */
	else if (lf)
		n = limit + 1; /* LF, or CRLF */
	else
		n = avail; /* no line end buffered */
	*ends_line = (lf && n == limit + 1) || (n > 0 && p[n - 1] == '\r');
	*seg = p;
	*len = n;
	if (r->replay_pos < r->replay_len)
		r->replay_pos += n;
	else
		r->in.pos += n;
	return true;
}

/* Account for a segment fed: lines and offset. */
static void advance(hz_reader *r, const char *seg, size_t n, bool ends_line)
{
	r->offset += (long long)n;
	if (ends_line && !(n == 1 && seg[0] == '\n' && r->prev_cr))
		r->line++;
	r->prev_cr = n > 0 && seg[n - 1] == '\r';
	if (n > 0)
		r->last_byte = seg[n - 1];
}

static void pending_add(hz_reader *r, const char *seg, size_t n)
{
	if (r->pending_lost)
		return;
	if (r->pending_len + n > HZ_PENDING_MAX) {
		r->pending_lost = true;
		return;
	}
	r->pending = hz_xgrow(r->pending, &r->pending_cap, r->pending_len + n);
	memcpy(r->pending + r->pending_len, seg, n);
	r->pending_len += n;
}

static void row_reset(hz_reader *r)
{
	hz_record_clear(r->row);
	r->in_row = r->row_done = r->row_error = false;
	r->skipping = false;
	r->row_bad_line = 0;
	r->row_beyond = 0;
	r->row_beyond_filled = false;
	r->pending_len = 0;
	r->pending_lost = false;
}

/* Can a broken row be read again from the file (a file read as UTF-8,
 * whose stream offsets are file offsets)? */
static bool can_seek_back(const hz_reader *r)
{
	return r->in.cd == (iconv_t)-1 && r->in.start >= 0;
}

/* A broken row too long to keep in memory: when the input is a file read
 * as UTF-8, seek back to its second line instead, so no record after it is
 * swallowed however far an open quote ran. False when that cannot be done
 * (a pipe, iconv, a huge first line). */
static bool seek_back(hz_reader *r)
{
	size_t i = 0;

	if (!can_seek_back(r))
		return false;
	while (i < r->pending_len && r->pending[i] != '\n' && r->pending[i] != '\r')
		i++;
	if (i + 1 >= r->pending_len)
		return false; /* no line end kept, or a CR that may be half a CRLF */
	i += r->pending[i] == '\r' && r->pending[i + 1] == '\n' ? 2 : 1;
	off_t target = r->in.start + (off_t)(r->row_begin + (long long)i);
	if (lseek(r->in.fd, target, SEEK_SET) != target)
		return false;
	r->in.len = r->in.pos = r->in.raw_len = 0;
	r->in.eof = false;
	r->replay_len = r->replay_pos = 0;
	r->offset = r->row_begin + (long long)i;
	r->line = r->row_line + 1;
	r->prev_cr = r->pending[i - 1] == '\r';
	r->skip_line = false;
	return true;
}

/* A broken row: report it, then read again everything after its first line
 * (the pending bytes, the current segment, and what was left to replay).
 * The current segment has not been accounted for yet. */
static void broken_row(hz_reader *r, const char *seg, size_t n, bool ends_line, const char *why)
{
	bool sought = r->pending_lost && seek_back(r);

	r->dropped++;
	r->sheet_row = 0; /* where Excel puts the rows after it is unknown */
	hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_CSV_SYNTAX,
	              "%s; the record is dropped%s", why,
	              r->pending_lost && !sought ? HZ_(" with the lines it swallowed") : "");
	if (sought) {
		/* reading goes on at the row's second line, from the file */
	} else if (r->pending_lost) {
		/* too much to read again: go on after the current line */
		advance(r, seg, n, ends_line);
		r->skip_line = !ends_line && n > 0;
	} else {
		size_t rest = r->replay_len - r->replay_pos;
		size_t total = r->pending_len + n + rest;
		char *nb = malloc(total ? total : 1);
		if (!nb)
			hz_out_of_memory();
		if (r->pending_len)
			memcpy(nb, r->pending, r->pending_len);
		if (n)
			memcpy(nb + r->pending_len, seg, n);
		if (rest)
			memcpy(nb + r->pending_len + n, r->replay + r->replay_pos, rest);
		/* the first line of these bytes is the record dropped */
		size_t skip = 0;
		while (skip < total && nb[skip] != '\n' && nb[skip] != '\r')
			skip++;
		r->offset = r->row_begin + (long long)skip;
		r->line = r->row_line;
		r->skip_line = skip == total; /* its line end is not read yet */
		if (skip < total) {
			skip += (nb[skip] == '\r' && skip + 1 < total && nb[skip + 1] == '\n') ? 2
			                                                                       : 1;
			r->offset = r->row_begin + (long long)skip;
			r->line = r->row_line + 1;
			r->prev_cr = nb[skip - 1] == '\r';
		}
		free(r->replay);
		r->replay = nb;
		r->replay_len = total;
		r->replay_cap = total;
		r->replay_pos = skip;
	}
	parser_reset(r);
	row_reset(r);
}

/* A row still open after HZ_PENDING_MAX bytes, from an input that cannot
 * be read again (a pipe, or decoded with -E): no legal cell is that long,
 * so the row is taken as broken now, while its bytes are still held, and
 * everything after its first line is read again, however far its open
 * quote would have run. (A file read as UTF-8 waits for the row's end and
 * seeks back instead.) True when the row was dropped. */
static bool past_look_back(hz_reader *r, const char *seg, size_t n, bool ends_line)
{
	/* a quote is open: libcsv is inside a quoted field (state 2), or
	 * the scan past a too-long cell is */
	bool quoted = r->skipping ? r->skip_quoted : r->csv.quoted && r->csv.pstate == 2;

	if (!quoted || r->pending_len + n <= HZ_PENDING_MAX || can_seek_back(r) || r->pending_lost)
		return false;
	broken_row(r, seg, n, ends_line,
	           HZ_("a quoted cell still open after 8 MB (a quote that is never closed)"));
	return true;
}

/* Past a too-long cell: follow quotes to find where the row ends. Returns
 * true when this segment ends the row. */
static bool skip_segment(hz_reader *r, const char *seg, size_t n, bool ends_line)
{
	for (size_t i = 0; i < n; i++)
		if (seg[i] == '"')
			r->skip_quoted = !r->skip_quoted;
	return ends_line && !r->skip_quoted;
}

static void start_skipping(hz_reader *r)
{
	/* libcsv's states: 2 = inside a field, 3 = just after a quote in a
	 * quoted field (which may be the closing one) */
	r->skip_quoted = r->csv.quoted && r->csv.pstate == 2;
	r->skipping = true;
	r->row_error = true;
	parser_reset(r);
}

static bool blank_segment(const char *seg, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (seg[i] != '\r' && seg[i] != '\n')
			return false;
	return true;
}

/* A row ended: true when it is a row to hand out, false when it was
 * dropped (reported here) and reading goes on. */
static bool row_finished(hz_reader *r)
{
	r->row_end = r->offset;
	if (r->row_beyond_filled)
		r->row->flags |= HZ_R_TOO_MANY_CELLS;
	if (!r->row_error) {
		if (r->row_bad_line)
			hz_reader_bad_bytes(r, r->diag, r->row_bad_line, NULL);
		return true;
	}
	r->dropped++;
	hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_CELL_TOO_LONG,
	              "a cell of more than %d characters (Excel's limit); the record is dropped",
	              HZ_CELL_MAX);
	parser_reset(r);
	row_reset(r);
	return false;
}

/* ---- the fast path ----
 *
 * Most rows are well formed: cells split by the delimiter, some quoted
 * (with "" for a quote, and line ends inside), ending at a line end. For a
 * data row that lies whole in the buffered bytes, the scanner reads it 64
 * bytes at a time as bit masks (one bit a byte: quote, delimiter, CR, LF),
 * finds which bytes lie inside quotes by a prefix XOR of the quote mask,
 * and takes the cells from the delimiters outside quotes, a whole block's
 * at once: no work a byte, little a cell. Whatever it is not sure of — a
 * quote that neither opens a cell nor closes one (a quote inside an
 * unquoted cell, text after a closing quote), a row running past the
 * buffered bytes or past the longest legal one, a blank line — it leaves
 * untouched to the line-by-line path below, so strict libcsv stays the
 * judge of every broken row and its findings and lines do not change.
 * (test_reader feeds random rows to both and requires the same cells and
 * findings.) */

/* One 64-byte block of a row: bit i stands for byte i. */
struct block {
	uint64_t quote, delim, eol; /* eol: CR or LF */
};

/* The masks of the n (at most 64) bytes at p; the bytes past n are none. */
static inline void block_masks(const char *p, size_t n, char delim, struct block *m)
{
	char pad[64];

	if (n < 64) {
		memcpy(pad, p, n);
		memset(pad + n, 0, 64 - n); /* NUL is none of the three */
		p = pad;
	}
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"');
	const __m128i vr = _mm_set1_epi8('\r'), vn = _mm_set1_epi8('\n');
	uint64_t q = 0, d = 0, e = 0;

	for (int k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i eol = _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vn));
		q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) << (16 * k);
		d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd)) << (16 * k);
		e |= (uint64_t)(unsigned)_mm_movemask_epi8(eol) << (16 * k);
	}
	*m = (struct block){ q, d, e };
#else
	*m = (struct block){ 0, 0, 0 };
	for (int i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		m->quote |= p[i] == '"' ? bit : 0;
		m->delim |= p[i] == delim ? bit : 0;
		m->eol |= p[i] == '\r' || p[i] == '\n' ? bit : 0;
	}
#endif
}

/* Bit i set when an odd number of bits 0..i of x are: inside quotes. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

/* The bytes the next row would be read from, without reading more. */
static bool buffered(hz_reader *r, const char **p, size_t *avail)
{
	if (r->replay_pos < r->replay_len) {
		*p = r->replay + r->replay_pos;
		*avail = r->replay_len - r->replay_pos;
	} else {
		*p = r->in.buf + r->in.pos;
		*avail = r->in.len - r->in.pos;
	}
	return *avail > 0;
}

/* Where the fast path found a cell: its bytes in the row, quotes and all. */
struct fast_cell {
	size_t at, n;
};

/* A cell found beyond the header's columns: counted, as cb_field counts
 * them, and not kept. */
static void beyond_cell(hz_reader *r, const char *s, size_t n)
{
	r->row_beyond++;
	if (n && *s == '"') {
		s++; /* a quoted cell: its text ("" pairs make it filled) */
		n -= 2;
	}
	if (!r->row_beyond_filled && !hz_blank((hz_str){ s, n }))
		r->row_beyond_filled = true;
}

/* The row's bytes go into its record in one copy, and each cell is cut
 * out of them where it lies: its end (the delimiter, line end or closing
 * quote after it) becomes its NUL, and a quoted cell's "" pairs are closed
 * up in place. A cell per hz_record_push costs several times as much.
 * The bytes the closing-up frees are made spaces, so the buffer stays the
 * text it was (hz_csv_check_bytes scans it whole). The scan made sure a
 * cell that starts with a quote ends with its closing one, and that any
 * quote between is half a "" pair. */
static void cut_cells(hz_reader *r, const char *start, size_t used, size_t nspans)
{
	hz_record *row = r->row;

	row->buf = hz_xgrow(row->buf, &row->buf_cap, row->buf_len + used + 1);
	char *base = row->buf + row->buf_len;
	memcpy(base, start, used); /* each cell's end is among them */
	row->buf_len += used;
	if (row->cells_cap < nspans) {
		row->cells_cap = nspans < 16 ? 16 : nspans;
		row->cells = hz_xrealloc(row->cells, row->cells_cap * sizeof *row->cells);
	}
	uint64_t plain = 0, bit = 1; /* bit i, 0 from cell 64 on */
	for (size_t i = 0; i < nspans; i++, bit <<= 1) {
		char *cell = base + r->spans[i].at;
		size_t n = r->spans[i].n;

		if (!n || *cell != '"') {
			plain |= bit; /* unquoted: no quote, delimiter or line end */
		} else {
			cell++;
			n -= 2;
			if (memchr(cell, '"', n)) {
				size_t from = 0, to = 0;
				while (from < n) {
					cell[to++] = cell[from];
					from += cell[from] == '"' ? 2 : 1;
				}
				memset(cell + to, ' ', n - to);
				n = to;
			}
		}
		cell[n] = '\0';
		if (n > HZ_CELL_MAX && hz_utf8_count(cell, n) > HZ_CELL_MAX) {
			r->row_error = true;
			return;
		}
		row->cells[i] = (hz_str){ cell, n };
	}
	row->ncells = nspans;
	row->plain = plain;
	row->plain_delim = r->delim;
}

/* Read one data row from the buffered bytes. FAST_NO leaves everything as
 * it was, for the line-by-line path. */
enum { FAST_NO, FAST_ROW, FAST_DROPPED };

static int fast_row(hz_reader *r, bool *short_)
{
	const char *start;
	size_t avail, lim, nspans = 0, cell_at = 0, used = 0, ncols;
	long lines = 0;
	struct block cur, next = { 0, 0, 0 };
	uint64_t inside = 0;    /* all ones when the block starts inside quotes */
	uint64_t ends_cell = 1; /* bit 0: the byte before the block ends a cell
				   (or the row starts) or is a closing quote */
	struct fast_cell *spans;

	*short_ = false;
	if (!r->fast || !r->schema || !buffered(r, &start, &avail) || *start == '\r' ||
	    *start == '\n')
		return FAST_NO;
	lim = avail < CELL_BYTES_MAX ? avail : CELL_BYTES_MAX;
	ncols = r->schema->ncols;
	if (r->spans_cap < ncols) {
		r->spans_cap = ncols;
		r->spans = hz_xrealloc(r->spans, r->spans_cap * sizeof *r->spans);
	}
	spans = r->spans;
	block_masks(start, lim < 64 ? lim : 64, r->delim, &cur);
	for (size_t b = 0;; b += 64) {
		size_t n = lim - b < 64 ? lim - b : 64;
		uint64_t valid = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
		uint64_t in = prefix_xor(cur.quote) ^ inside; /* opening quotes in, closing out */
		uint64_t open = cur.quote & in, close = cur.quote & ~in;
		uint64_t delim = cur.delim & ~in & valid;
		uint64_t eol = cur.eol & ~in & valid;
		uint64_t row = eol ? (eol & -eol) * 2 - 1 : valid; /* up to the line end */
		bool more = b + 64 < lim;

		if (!eol && !more) {
			*short_ = true; /* no line end in the bytes there are */
			goto not_sure;
		}
		/* what follows byte 63, when the row goes on to it: the next
		 * block's bit 0, seen from inside or outside as this one ends */
		uint64_t after_close = 0;
		if (row >> 63) {
			block_masks(start + b + 64, lim - b - 64 < 64 ? lim - b - 64 : 64, r->delim,
			            &next);
			uint64_t in_next = ((in >> 63) ^ next.quote) & 1;
			after_close = ((next.delim | next.eol) & ~in_next & 1) |
			              (next.quote & in_next & 1);
		}
		uint64_t bad_open = open & ~(((delim | close) << 1) | ends_cell);
		uint64_t bad_close = close & ~(((delim | eol | open) >> 1) | (after_close << 63));

		if ((bad_open | bad_close) & row)
			goto not_sure;
		/* the line ends before the row's own lie inside quotes; CRLF
		 * counts once, at its LF */
		for (uint64_t e = cur.eol & row & ~eol; e; e &= e - 1) {
			size_t at = b + (size_t)__builtin_ctzll(e);
			if (start[at] == '\n' || at + 1 == lim || start[at + 1] != '\n')
				lines++;
		}
		for (uint64_t d = delim & row; d; d &= d - 1) {
			size_t at = b + (size_t)__builtin_ctzll(d);
			if (nspans < ncols)
				spans[nspans++] = (struct fast_cell){ cell_at, at - cell_at };
			else
				beyond_cell(r, start + cell_at, at - cell_at);
			cell_at = at + 1;
		}
		if (eol) {
			size_t at = b + (size_t)__builtin_ctzll(eol);
			if (nspans < ncols)
				spans[nspans++] = (struct fast_cell){ cell_at, at - cell_at };
			else
				beyond_cell(r, start + cell_at, at - cell_at);
			used = at + 1;
			if (start[at] == '\r') {
				if (at + 1 == lim) {
					*short_ = true; /* a CR that may be half a CRLF */
					goto not_sure;
				}
				if (start[at + 1] == '\n')
					used++;
			}
			break;
		}
		inside = (uint64_t)0 - (in >> 63);
		ends_cell = ((delim | close) >> 63) & 1;
		cur = next;
	}
	cut_cells(r, start, used, nspans);
	/* the row's bytes are checked here, while they are in the cache,
	 * unless a tool's thread reading ahead keeps up with the tool (then the
	 * tool's thread has time to spare, and hz_csv_check_bytes checks them
	 * there); either way the same bytes give the same findings */
	bool here = !r->threaded || hz_reader_tool_behind(r);
	size_t nuls;
	if (here && hz_utf8_scan(start, used, &nuls) == used && nuls == 0)
		r->row->flags |= HZ_R_CHECKED;
	r->in_row = true;
	r->row_line = r->line;
	r->row_sheet = r->sheet_row; /* as the line-by-line path counts them */
	if (r->sheet_row)
		r->sheet_row++;
	r->row_begin = r->offset;
	r->row_done = true;
	if (r->replay_pos < r->replay_len)
		r->replay_pos += used;
	else
		r->in.pos += used;
	r->offset += (long long)used;
	r->line += lines + 1;
	r->prev_cr = start[used - 1] == '\r';
	r->last_byte = start[used - 1];
	return row_finished(r) ? FAST_ROW : FAST_DROPPED;

not_sure:
	row_reset(r);
	return FAST_NO;
}

/* A row ran past the bytes read: move them to the front of the buffer and
 * read more behind them. Only for a file read as UTF-8, whose reads do not
 * wait on a writer (a pipe's row is handed on as soon as its line ends). */
static bool top_up(hz_input *in)
{
	size_t left = in->len - in->pos;
	ssize_t n;

	if (in->cd != (iconv_t)-1 || in->start < 0 || in->eof || left >= HZ_INPUT_BLOCK * 2)
		return false;
	memmove(in->buf, in->buf + in->pos, left);
	in->pos = 0;
	in->len = left;
	n = hz_input_read(in, in->buf + left, HZ_INPUT_BLOCK);
	if (n <= 0) {
		in->eof = true;
		return false;
	}
	in->len += (size_t)n;
	return true;
}

/* A row by the fast path: FAST_NO when it was left to the line-by-line one. */
static int fast_next(hz_reader *r)
{
	bool short_;
	int got;

	if (r->fast && r->schema && r->replay_pos >= r->replay_len && r->in.pos >= r->in.len &&
	    !hz_input_fill(&r->in))
		return FAST_NO;
	while ((got = fast_row(r, &short_)) == FAST_NO && short_ &&
	       r->replay_pos >= r->replay_len && top_up(&r->in))
		;
	return got;
}

enum { ROW_READY, ROW_END, ROW_AGAIN };

/* The input ended: finish the open row, if any. */
static int at_end(hz_reader *r)
{
	if (!r->in_row)
		return ROW_END;
	if (r->skipping) {
		if (r->skip_quoted) {
			broken_row(r, NULL, 0, false, HZ_("a quote that is never closed"));
			return ROW_AGAIN;
		}
		row_finished(r);
		return ROW_END;
	}
	if (csv_fini(&r->csv, cb_field, cb_row, r) != 0) {
		broken_row(r, NULL, 0, false, HZ_("a quote that is never closed"));
		return ROW_AGAIN;
	}
	parser_reset(r);
	if (r->row_done && row_finished(r))
		return ROW_READY;
	return ROW_END;
}

bool hz_csv_next_row(hz_reader *r)
{
	const char *seg;
	size_t n;
	bool ends_line;

	row_reset(r);
	for (;;) {
		if (!r->in_row && !r->skip_line) {
			int fast = fast_next(r);
			if (fast == FAST_ROW)
				return true;
			if (fast == FAST_DROPPED)
				continue;
		}
		if (!next_segment(r, &seg, &n, &ends_line)) {
			int end = at_end(r);
			/* a broken row gave bytes to read again, or sought back */
			if (end == ROW_AGAIN && (r->replay_pos < r->replay_len || !r->in.eof))
				continue;
			return end == ROW_READY;
		}
		if (r->skip_line) {
			advance(r, seg, n, ends_line);
			r->skip_line = !ends_line;
			continue;
		}
		if (!r->in_row) {
			if (blank_segment(seg, n)) {
				/* a blank line is a row in Excel (not the LF of a CRLF) */
				if (r->sheet_row && !(n == 1 && seg[0] == '\n' && r->prev_cr))
					r->sheet_row++;
				advance(r, seg, n, ends_line);
				continue;
			}
			r->in_row = true;
			r->row_line = r->line;
			r->row_sheet = r->sheet_row;
			if (r->sheet_row)
				r->sheet_row++;
			r->row_begin = r->offset;
			if (ends_line && !memchr(seg, '"', n)) {
				split_line(r, seg, n);
				advance(r, seg, n, ends_line);
				if (row_finished(r))
					return true;
				continue;
			}
		}
		if (r->skipping) {
			bool done = skip_segment(r, seg, n, ends_line);
			if (!done && past_look_back(r, seg, n, ends_line))
				continue;
			if (!done)
				pending_add(r, seg, n);
			advance(r, seg, n, ends_line);
			if (done)
				row_finished(r);
			continue;
		}
		size_t used = csv_parse(&r->csv, seg, n, cb_field, cb_row, r);
		if (used < n || csv_error(&r->csv) != CSV_SUCCESS) {
			broken_row(
			        r, seg, n, ends_line,
			        HZ_("a quote inside an unquoted cell, or text after a closing quote"));
			continue;
		}
		if (!r->row_done && past_look_back(r, seg, n, ends_line))
			continue;
		if (!r->row_done)
			pending_add(r, seg, n);
		advance(r, seg, n, ends_line);
		if (r->row_done) {
			if (row_finished(r))
				return true;
			continue;
		}
		if (r->csv.entry_pos > CELL_BYTES_MAX)
			start_skipping(r);
	}
}
