/* amount.c - exact decimals in 万元, held as integers of 0.0001 */
#include <limits.h>

#include "hz/amount.h"

#define AMOUNT_PLACES 4

/*
 * The digit at t.s[*i], ASCII or full-width (U+FF10-FF19, which clerks type
 * with a Chinese input method: `１２`), advancing *i past it; else -1.
 */
static int digit_at(hz_str t, size_t *i)
{
	const unsigned char *s = (const unsigned char *)t.s + *i;
	size_t left = t.n - *i;

	if (left >= 1 && s[0] >= '0' && s[0] <= '9') {
		*i += 1;
		return s[0] - '0';
	}
	if (left >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
		*i += 3;
		return s[2] - 0x90;
	}
	return -1;
}

/* The decimal point at t.s[*i], '.' or full-width (U+FF0E), advancing *i. */
static bool point_at(hz_str t, size_t *i)
{
	const unsigned char *s = (const unsigned char *)t.s + *i;
	size_t left = t.n - *i;

	if (left >= 1 && s[0] == '.') {
		*i += 1;
		return true;
	}
	if (left >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8E) {
		*i += 3;
		return true;
	}
	return false;
}

/*
 * digits ["." digits], at most 4 places, with no floating point on the way.
 * Leading zeros are fine ("00.5"). A bare point on either side (".5", "5.")
 * is refused: it is more likely a typing slip than a meant number, and the
 * spec's examples all have digits on both sides.
 */
bool hz_amount_parse(hz_str cell, hz_amount *out)
{
	/* What a digit is worth, in units, at each decimal place. */
	static const int64_t place_units[AMOUNT_PLACES] = { 1000, 100, 10, 1 };
	hz_str t = hz_trim(cell);
	size_t i = 0, places = 0, at;
	int64_t whole = 0, frac = 0;
	int d, ndigits = 0;

	if (t.s == NULL || t.n == 0)
		return false;
	for (at = i; (d = digit_at(t, &i)) >= 0; at = i, ndigits++) {
		if (whole > (INT64_MAX / HZ_AMOUNT_SCALE - d) / 10)
			return false;
		whole = whole * 10 + d;
	}
	i = at;
	if (ndigits == 0)
		return false;
	if (point_at(t, &i)) {
		if (i == t.n)
			return false;
		for (at = i; (d = digit_at(t, &i)) >= 0; at = i) {
			if (places == AMOUNT_PLACES)
				return false;
			frac += d * place_units[places++];
		}
		i = at;
		if (places == 0)
			return false;
	}
	if (i != t.n || whole > (INT64_MAX - frac) / HZ_AMOUNT_SCALE)
		return false;
	*out = whole * HZ_AMOUNT_SCALE + frac;
	return true;
}

int hz_amount_format(hz_amount a, char buf[32])
{
	char tmp[32];
	uint64_t u;
	unsigned frac;
	int n = 0, k = 0, i;

	/* Negative sums do not come from parsing, but a difference may. */
	if (a < 0) {
		buf[n++] = '-';
		u = (uint64_t) - (a + 1) + 1;
	} else
		u = (uint64_t)a;
	frac = (unsigned)(u % HZ_AMOUNT_SCALE);
	u /= HZ_AMOUNT_SCALE;
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while (k > 0)
		buf[n++] = tmp[--k];
	if (frac > 0) {
		buf[n++] = '.';
		for (i = AMOUNT_PLACES - 1; i >= 0; i--) {
			tmp[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		for (k = AMOUNT_PLACES; tmp[k - 1] == '0'; k--)
			;
		for (i = 0; i < k; i++)
			buf[n++] = tmp[i];
	}
	buf[n] = '\0';
	return n;
}

bool hz_count_parse(hz_str cell, long *out)
{
	hz_str t = hz_trim(cell);
	long v = 0;
	size_t i = 0;
	int d;

	if (t.s == NULL || t.n == 0)
		return false;
	while (i < t.n) {
		if ((d = digit_at(t, &i)) < 0)
			return false;
		if (v > (LONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}
