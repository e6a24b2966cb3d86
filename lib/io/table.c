/* table.c - rows aligned on display width, cut to fit a terminal */
#include <stdlib.h>
#include <string.h>
#include "hz/table.h"
#include "xalloc.h"

/* A cell as it will be shown: one line, safe for a terminal. */
struct cell {
	char *text;
	size_t len;
	size_t width;
};

struct hz_table {
	size_t ncols;
	size_t nrows, cap;
	struct cell *cells; /* nrows * ncols, row by row */
};

#define SEPARATOR 2 /* spaces between columns */
/* A cut column keeps this many display columns (three CJK characters and
 * the …): narrower, a register's 19 columns in a 60-column terminal showed
 * nothing but … in every cell. Lines wider than the terminal wrap, or
 * scroll sideways in less -S, but still say something. */
#define MIN_CUT_WIDTH 8
#define NEWLINE_MARK "\xe2\x8f\x8e" /* U+23CE ⏎ */
#define CUT_MARK "\xe2\x80\xa6"     /* U+2026 … */
#define REPLACEMENT "\xef\xbf\xbd"  /* U+FFFD */

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = hz_xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* The text of a cell as shown: line ends as ⏎, a tab as a space, other
 * controls as control pictures, invalid bytes and C1 controls as U+FFFD. */
static void display_cell(hz_str in, struct cell *out)
{
	struct buf b = { 0 };
	size_t i = 0, w = 0;

	put(&b, "", 0);
	while (in.s && i < in.n) {
		unsigned char c = (unsigned char)in.s[i];
		unsigned cp;
		size_t used;

		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < in.n && in.s[i + 1] == '\n')
				i++;
			put(&b, NEWLINE_MARK, 3);
			w++;
			i++;
		} else if (c == '\t') {
			put(&b, " ", 1);
			w++;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			char pic[3] = { '\xe2', '\x90', (char)(c == 0x7f ? 0xa1 : 0x80 + c) };
			put(&b, pic, 3);
			w++;
			i++;
		} else if (c < 0x80) {
			put(&b, in.s + i, 1);
			w++;
			i++;
		} else {
			used = hz_utf8_decode(in.s + i, in.n - i, &cp);
			if (used == 0)
				used = 1;
			if (cp == 0xfffd || (cp >= 0x80 && cp < 0xa0)) {
				put(&b, REPLACEMENT, 3);
				w++;
			} else {
				put(&b, in.s + i, used);
				w += (size_t)hz_cp_width(cp);
			}
			i += used;
		}
	}
	out->text = b.s;
	out->len = b.len;
	out->width = w;
}

hz_table *hz_table_new(size_t ncols)
{
	hz_table *t = calloc(1, sizeof *t);

	if (!t)
		hz_out_of_memory();
	t->ncols = ncols;
	return t;
}

void hz_table_add(hz_table *t, const hz_str *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = hz_xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (size_t c = 0; c < t->ncols; c++)
		display_cell(cells[c], &t->cells[t->nrows * t->ncols + c]);
	t->nrows++;
}

void hz_table_insert_columns(hz_table *t, size_t at, size_t n, const hz_str *header)
{
	size_t ncols = t->ncols + n;
	struct cell *cells = hz_xcalloc(t->cap ? t->cap * ncols : 1, sizeof *cells);

	for (size_t r = 0; r < t->nrows; r++) {
		struct cell *from = &t->cells[r * t->ncols], *to = &cells[r * ncols];
		memcpy(to, from, at * sizeof *to);
		memcpy(to + at + n, from + at, (t->ncols - at) * sizeof *to);
		for (size_t c = at; c < at + n; c++)
			display_cell(r == 0 ? header[c - at] : (hz_str){ "", 0 }, &to[c]);
	}
	free(t->cells);
	t->cells = cells;
	t->ncols = ncols;
}

void hz_table_free(hz_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	free(t);
}

static size_t line_width(const size_t *w, size_t n, size_t limit)
{
	size_t sum = n ? SEPARATOR * (n - 1) : 0;

	for (size_t c = 0; c < n; c++)
		sum += w[c] < limit ? w[c] : limit;
	return sum;
}

/* Narrow the widest columns to one common limit, the largest that fits
 * max_width but not below MIN_CUT_WIDTH; what is left over goes one
 * column at a time to the capped columns, left first. */
static void fit(size_t *w, size_t n, size_t max_width)
{
	size_t widest = 0, lo = MIN_CUT_WIDTH, hi, left;

	for (size_t c = 0; c < n; c++)
		if (w[c] > widest)
			widest = w[c];
	if (widest <= lo || line_width(w, n, widest) <= max_width)
		return;
	hi = widest;
	while (lo < hi) { /* largest limit in [MIN_CUT_WIDTH, widest] that fits */
		size_t mid = lo + (hi - lo + 1) / 2;

		if (line_width(w, n, mid) <= max_width)
			lo = mid;
		else
			hi = mid - 1;
	}
	left = line_width(w, n, lo) <= max_width ? max_width - line_width(w, n, lo) : 0;
	for (size_t c = 0; c < n; c++) {
		if (w[c] > lo) {
			w[c] = lo;
			if (left > 0) {
				w[c]++;
				left--;
			}
		}
	}
}

struct out {
	FILE *f;
	size_t pending; /* padding not written yet */
	int err;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n == 0)
		return;
	for (; o->pending > 0; o->pending--)
		if (putc(' ', o->f) == EOF)
			o->err = -1;
	if (fwrite(s, 1, n, o->f) != n)
		o->err = -1;
}

/* Write a cell into a column of width cw, cutting it with … when it is
 * wider. Padding is held back, so lines carry no trailing spaces. */
static void emit_cell(struct out *o, const struct cell *c, size_t cw)
{
	size_t i = 0, w = 0;

	if (c->width <= cw) {
		emit(o, c->text, c->len);
		o->pending += cw - c->width;
		return;
	}
	while (i < c->len) {
		unsigned cp;
		size_t used = hz_utf8_decode(c->text + i, c->len - i, &cp);
		size_t cpw = (size_t)hz_cp_width(cp);

		if (w + cpw + 1 > cw)
			break;
		w += cpw;
		i += used;
	}
	emit(o, c->text, i);
	emit(o, CUT_MARK, 3);
	o->pending += cw - w - 1;
}

int hz_table_print(hz_table *t, FILE *out, int max_width)
{
	struct out o = { out, 0, 0 };
	size_t *w;

	if (t->ncols == 0)
		return 0;
	w = calloc(t->ncols, sizeof *w);
	if (!w)
		hz_out_of_memory();
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cells[r * t->ncols + c].width > w[c])
				w[c] = t->cells[r * t->ncols + c].width;
	if (max_width > 0)
		fit(w, t->ncols, (size_t)max_width);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c > 0)
				o.pending += SEPARATOR;
			emit_cell(&o, &t->cells[r * t->ncols + c], w[c]);
		}
		o.pending = 0;
		if (putc('\n', out) == EOF)
			o.err = -1;
	}
	free(w);
	return o.err || ferror(out) ? -1 : 0;
}
