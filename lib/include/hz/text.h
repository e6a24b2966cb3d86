/* text.h - byte strings, trimming, UTF-8 and display width */
#ifndef HZ_TEXT_H
#define HZ_TEXT_H
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include "hz/api.h"
HZ_API_BEGIN

/* A view of text that the caller does not own. s == NULL means "absent"
 * (no such column), as opposed to present but empty (n == 0). */
typedef struct hz_str {
	const char *s;
	size_t n;
} hz_str;

#define HZ_STR_NONE ((hz_str){ NULL, 0 })

hz_str hz_str_c(const char *cstr);
bool hz_str_eq(hz_str a, const char *cstr);
bool hz_str_present(hz_str a); /* column exists */

/* Trim ASCII space, tab and U+3000 (ideographic space) at both ends
 * (hz-formats(5): vocabulary words, dates, numbers, flags and ids). */
hz_str hz_trim(hz_str a);
/* Empty after trimming: a cell of spaces only counts as empty. */
bool hz_blank(hz_str a);

/* Length of the valid UTF-8 prefix; == n when all of it is valid. */
size_t hz_utf8_valid_prefix(const char *s, size_t n);
/* The same, and in *nuls the NUL bytes of that prefix, in one pass: s is
 * clean text exactly when it returns n and *nuls is 0. */
size_t hz_utf8_scan(const char *s, size_t n, size_t *nuls);
/* Number of code points (invalid bytes count one each). */
size_t hz_utf8_count(const char *s, size_t n);
/* Decode one code point at s (n > 0); returns bytes used, *cp = 0xFFFD on error. */
size_t hz_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Columns a code point takes on a terminal: 2 for CJK and full-width,
 * 0 for combining marks, 1 otherwise. */
int hz_cp_width(unsigned cp);
/* Display width of a UTF-8 string. */
size_t hz_display_width(const char *s, size_t n);

/* Normalise a header cell for matching: trim spaces and a BOM, fold ASCII
 * case, full-width brackets to half-width. Writes at most cap-1 bytes plus NUL
 * into out; returns the length. */
size_t hz_header_fold(hz_str cell, char *out, size_t cap);

/* Split a multi-line cell: returns the number of lines (0 for a blank cell);
 * calls fn for each line (without its CR/LF). */
size_t hz_lines(hz_str cell, void (*fn)(hz_str line, size_t index, void *arg), void *arg);
size_t hz_line_count(hz_str cell);
/* The index-th line of a multi-line cell (HZ_STR_NONE past the end). */
hz_str hz_line_at(hz_str cell, size_t index);

/* A line break inside one entry of a multi-line cell (a progress text with
 * a line break of its own) would split it in two and pair every later entry
 * with the wrong date. Inside an entry it is held as U+2028 LINE SEPARATOR,
 * which no reader takes for a line end; the JSON form writes it as \n. */
#define HZ_ENTRY_BREAK "\xE2\x80\xA8"
/* s as one entry: a malloc'd copy with every CRLF, CR and LF made
 * HZ_ENTRY_BREAK, *len its length; NULL when s has no line end. */
char *hz_entry_text(const char *s, size_t n, size_t *len);

/* One JSON string, escaped; invalid UTF-8 written as U+FFFD (diag, tally
 * and the record writers share it, so jansson stays in the JSON reader). */
void hz_json_put_string(FILE *out, const char *s, size_t n);

HZ_API_END

#endif
