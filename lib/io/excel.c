/* excel.c - which cells hz-fmt --excel guards against formula injection */
#include <string.h>
#include "hz/excel.h"

/* The first characters that make Excel or WPS read a formula (OWASP's
 * CSV injection list), with the full-width forms they fold to ASCII. */
static const char *const triggers[] = {
	"=",
	"+",
	"-",
	"@",
	"\t",
	"\r",
	"\xef\xbc\x9d", /* ＝ U+FF1D */
	"\xef\xbc\x8b", /* ＋ U+FF0B */
	"\xef\xbc\x8d", /* － U+FF0D */
	"\xef\xbc\xa0", /* ＠ U+FF20 */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool hz_excel_plain_number(const char *s, size_t n)
{
	size_t i = 1, digits = 0;

	if (n < 2 || s[0] != '-')
		return false;
	while (i < n && is_digit(s[i])) {
		i++;
		digits++;
	}
	if (digits == 0)
		return false;
	if (i < n && s[i] == '.') {
		i++;
		digits = 0;
		while (i < n && is_digit(s[i])) {
			i++;
			digits++;
		}
		if (digits == 0)
			return false;
	}
	return i == n;
}

bool hz_excel_numeric_kind(hz_kind kind)
{
	return kind == HZ_KIND_AMOUNT || kind == HZ_KIND_COUNT || kind == HZ_KIND_SUB ||
	       kind == HZ_KIND_ID;
}

bool hz_excel_numeric_field(hz_type t, hz_key k)
{
	const hz_field *f = k != HZ_K_NONE ? hz_field_of(t, k) : NULL;

	return f != NULL && hz_excel_numeric_kind(f->kind);
}

bool hz_excel_needs_guard(const char *s, size_t n, bool numeric_column)
{
	if (!s || n == 0)
		return false;
	for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
		size_t len = strlen(triggers[i]);

		if (n >= len && memcmp(s, triggers[i], len) == 0)
			return !(numeric_column && hz_excel_plain_number(s, n));
	}
	return false;
}

const char *hz_excel_guard(hz_str cell, bool numeric_column)
{
	return hz_excel_needs_guard(cell.s, cell.n, numeric_column) ? "'" : "";
}
