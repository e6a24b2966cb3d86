/* text.c - byte strings, trimming, UTF-8 decoding, header folding and cell lines */
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "hz/text.h"
#include "xalloc.h"

/* U+3000 IDEOGRAPHIC SPACE, what Chinese input methods type as a space. */
static const char ideo_space[] = "\xE3\x80\x80";
static const char utf8_bom[] = "\xEF\xBB\xBF";

hz_str hz_str_c(const char *cstr)
{
	if (cstr == NULL)
		return HZ_STR_NONE;
	return (hz_str){ cstr, strlen(cstr) };
}

/* An absent string compares like an empty one; only a NULL cstr is
 * told apart, and it equals only an absent string. */
bool hz_str_eq(hz_str a, const char *cstr)
{
	size_t n;

	if (cstr == NULL)
		return a.s == NULL;
	n = strlen(cstr);
	return a.n == n && (n == 0 || memcmp(a.s, cstr, n) == 0);
}

bool hz_str_present(hz_str a)
{
	return a.s != NULL;
}

/* Bytes of the space at s (at most n bytes), or 0 when none is there. */
static size_t space_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (n >= 3 && memcmp(s, ideo_space, 3) == 0)
		return 3;
	return 0;
}

/* Bytes of the space that ends s[0..n), or 0. */
static size_t space_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	if (n >= 3 && memcmp(s + n - 3, ideo_space, 3) == 0)
		return 3;
	return 0;
}

hz_str hz_trim(hz_str a)
{
	size_t k;

	if (a.s == NULL || a.n == 0)
		return a;
	/* most cells neither start nor end with a space: say so from two
	 * bytes (U+3000 is E3 80 80) */
	unsigned char first = (unsigned char)a.s[0], last = (unsigned char)a.s[a.n - 1];
	if (first != ' ' && first != '\t' && first != 0xE3 && last != ' ' && last != '\t' &&
	    last != 0x80)
		return a;
	while ((k = space_at(a.s, a.n)) > 0) {
		a.s += k;
		a.n -= k;
	}
	while ((k = space_before(a.s, a.n)) > 0)
		a.n -= k;
	return a;
}

bool hz_blank(hz_str a)
{
	return hz_trim(a).n == 0;
}

/*
 * Strict decoding (RFC 3629): overlong forms, UTF-16 surrogates and code
 * points above U+10FFFF are errors. Returns the bytes used, 0 on error.
 */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
	static const struct {
		unsigned char mask, lead; /* lead byte pattern */
		size_t len;
		unsigned min; /* smallest code point not overlong */
	} forms[] = {
		{ 0x80, 0x00, 1, 0x0 },
		{ 0xE0, 0xC0, 2, 0x80 },
		{ 0xF0, 0xE0, 3, 0x800 },
		{ 0xF8, 0xF0, 4, 0x10000 },
	};
	size_t f, i;
	unsigned c;

	for (f = 0; f < sizeof forms / sizeof forms[0]; f++)
		if ((s[0] & forms[f].mask) == forms[f].lead)
			break;
	if (f == sizeof forms / sizeof forms[0] || forms[f].len > n)
		return 0;
	c = s[0] & (unsigned char)~forms[f].mask;
	for (i = 1; i < forms[f].len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < forms[f].min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return forms[f].len;
}

size_t hz_utf8_decode(const char *s, size_t n, unsigned *cp)
{
	size_t k;

	if (n == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	if ((k = decode((const unsigned char *)s, n, cp)) == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return k;
}

size_t hz_utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	unsigned cp;

	while (i < n) {
		i += hz_utf8_decode(s + i, n - i, &cp);
		count++;
	}
	return count;
}

/* Full-width brackets people type in Chinese headers, and their ASCII twins. */
static const struct {
	unsigned cp;
	char ascii;
} bracket_fold[] = {
	{ 0xFF08, '(' }, /* （ */
	{ 0xFF09, ')' }, /* ） */
	{ 0xFF3B, '[' }, /* ［ */
	{ 0xFF3D, ']' }, /* ］ */
};

static char fold_cp(unsigned cp)
{
	size_t i;

	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if (cp < 0x80)
		return (char)cp;
	for (i = 0; i < sizeof bracket_fold / sizeof bracket_fold[0]; i++)
		if (bracket_fold[i].cp == cp)
			return bracket_fold[i].ascii;
	return 0;
}

size_t hz_header_fold(hz_str cell, char *out, size_t cap)
{
	size_t i = 0, len = 0, k;
	unsigned cp;
	char c;

	if (cap == 0)
		return 0;
	if (cell.s == NULL) {
		out[0] = '\0';
		return 0;
	}
	cell = hz_trim(cell);
	if (cell.n >= 3 && memcmp(cell.s, utf8_bom, 3) == 0) {
		cell.s += 3;
		cell.n -= 3;
		cell = hz_trim(cell);
	}
	while (i < cell.n) {
		k = hz_utf8_decode(cell.s + i, cell.n - i, &cp);
		c = fold_cp(cp);
		if (c != '\0' || cp == 0) {
			if (len + 1 > cap - 1)
				break;
			out[len++] = c;
		} else {
			/* Copied whole or not at all: never half a character. */
			if (len + k > cap - 1)
				break;
			memcpy(out + len, cell.s + i, k);
			len += k;
		}
		i += k;
	}
	out[len] = '\0';
	return len;
}

/* Bytes of the line end at s (\r\n, \n or \r), or 0. */
static size_t eol_at(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '\r' && s[1] == '\n')
		return 2;
	if (n >= 1 && (s[0] == '\r' || s[0] == '\n'))
		return 1;
	return 0;
}

/* Bytes before the first CR or LF of s[0..n), n when none. */
static size_t find_eol(const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* Nothing but spaces and line ends: such a cell holds no line at all. */
static bool no_lines(hz_str cell)
{
	size_t i = 0, k;

	if (cell.s == NULL)
		return true;
	while (i < cell.n) {
		if ((k = space_at(cell.s + i, cell.n - i)) == 0 &&
		    (k = eol_at(cell.s + i, cell.n - i)) == 0)
			return false;
		i += k;
	}
	return true;
}

/* The part of a cell that holds lines, without the one line end that may
 * close the last line. */
static hz_str line_body(hz_str cell)
{
	if (cell.n >= 2 && cell.s[cell.n - 2] == '\r' && cell.s[cell.n - 1] == '\n')
		cell.n -= 2;
	else if (cell.s[cell.n - 1] == '\r' || cell.s[cell.n - 1] == '\n')
		cell.n -= 1;
	return cell;
}

size_t hz_lines(hz_str cell, void (*fn)(hz_str line, size_t index, void *arg), void *arg)
{
	hz_str body;
	size_t start = 0, i = 0, count = 0, k;

	if (no_lines(cell))
		return 0;
	body = line_body(cell);
	for (;;) {
		/* cells are long, line ends rare */
		i += find_eol(body.s + i, body.n - i);
		k = i < body.n ? eol_at(body.s + i, body.n - i) : 0;
		if (i == body.n || k > 0) {
			if (fn != NULL)
				fn((hz_str){ body.s + start, i - start }, count, arg);
			count++;
			if (i == body.n)
				break;
			i += k;
			start = i;
		} else
			i++;
	}
	return count;
}

size_t hz_line_count(hz_str cell)
{
	return hz_lines(cell, NULL, NULL);
}

struct line_pick {
	size_t want;
	hz_str line;
};

static void pick_line(hz_str line, size_t index, void *arg)
{
	struct line_pick *p = arg;

	if (index == p->want)
		p->line = line;
}

hz_str hz_line_at(hz_str cell, size_t index)
{
	struct line_pick p = { index, HZ_STR_NONE };

	hz_lines(cell, pick_line, &p);
	return p.line;
}

char *hz_entry_text(const char *s, size_t n, size_t *len)
{
	size_t i, o = 0, k;
	char *out;

	if (memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL)
		return NULL;
	out = hz_xrealloc(NULL, 3 * n + 1); /* each break at most 3 bytes */
	for (i = 0; i < n; i += k) {
		if ((k = eol_at(s + i, n - i)) > 0) {
			memcpy(out + o, HZ_ENTRY_BREAK, 3);
			o += 3;
		} else {
			out[o++] = s[i];
			k = 1;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* Bytes before the first one of s[0..n) that JSON escapes: a control
 * character, a quote or a backslash. */
static size_t plain_json_run(const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x1F), vq = _mm_set1_epi8('"');
	const __m128i vb = _mm_set1_epi8('\\');

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m =
		        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x),
		                     _mm_or_si128(_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, vb)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

/* A JSON string. Invalid UTF-8 (possible only in text a tool made itself:
 * the reader repairs what it reads) is written as U+FFFD, so that every
 * document reads back. */
void hz_json_put_string(FILE *out, const char *s, size_t n)
{
	size_t i = 0;

	putc('"', out);
	while (i < n) {
		/* a run to copy, checked as UTF-8 in one pass: a byte that
		 * starts no valid sequence becomes U+FFFD */
		size_t run = plain_json_run(s + i, n - i), end = i + run;
		while (i < end) {
			size_t ok = hz_utf8_valid_prefix(s + i, end - i);
			fwrite(s + i, 1, ok, out);
			i += ok;
			if (i < end) {
				fwrite("\xEF\xBF\xBD", 1, 3, out);
				i++;
			}
		}
		if (i == n)
			break;
		unsigned char c = (unsigned char)s[i++];
		switch (c) {
		case '"':
			fwrite("\\\"", 1, 2, out);
			break;
		case '\\':
			fwrite("\\\\", 1, 2, out);
			break;
		case '\n':
			fwrite("\\n", 1, 2, out);
			break;
		case '\r':
			fwrite("\\r", 1, 2, out);
			break;
		case '\t':
			fwrite("\\t", 1, 2, out);
			break;
		default: {
			char u[6] = { '\\',
				      'u',
				      '0',
				      '0',
				      "0123456789abcdef"[c >> 4],
				      "0123456789abcdef"[c & 15] };
			fwrite(u, 1, 6, out);
			break;
		}
		}
	}
	putc('"', out);
}
