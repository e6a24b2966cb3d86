/* detect.c - decide an input's encoding from its first bytes (-E auto) */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include "hz/detect.h"

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left): 1..4; 0 when
 * the sequence is cut by the end of the sample; -1 when the first byte
 * starts no valid sequence (a decoder then skips that one byte). */
static int utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	int need;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0; /* no overlong forms */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* nothing beyond U+10FFFF */
	} else
		return -1;
	for (int k = 1; k < need; k++) {
		if ((size_t)k >= n)
			return 0;
		unsigned char b = s[k];
		if (k == 1 ? b < lo || b > hi : b < 0x80 || b > 0xBF)
			return -1;
	}
	return need;
}

/* UTF-16 without a BOM: ASCII text in it has a NUL in every other byte. */
static bool utf16_nobom(const unsigned char *s, size_t len)
{
	size_t nul[2] = { 0, 0 };

	for (size_t i = 0; i < len; i++)
		if (s[i] == 0)
			nul[i & 1]++;
	size_t all = nul[0] + nul[1];
	for (int side = 0; side < 2; side++) {
		size_t positions = (len + 1 - (size_t)side) / 2;
		if (positions > 0 && nul[side] * 8 >= positions && nul[side] * 10 >= all * 9)
			return true;
	}
	return false;
}

/* The sample decodes as GB18030 with no error (a sequence cut by its end
 * is allowed: the next block completes it). */
static bool decodes_as_gb18030(const unsigned char *s, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return false;
	char *src = (char *)s;
	size_t left = len;
	bool ok = true;
	while (left > 0) {
		char out[4096], *dst = out;
		size_t room = sizeof out;
		if (iconv(cd, &src, &left, &dst, &room) != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		ok = errno == EINVAL; /* EINVAL: cut at the end; EILSEQ: invalid */
		break;
	}
	iconv_close(cd);
	return ok;
}

const char *hz_detect_encoding(const unsigned char *s, size_t len)
{
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return "UTF-8";
	if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return "UTF-16BE";
	if (utf16_nobom(s, len))
		return HZ_ENC_UTF16_NOBOM;

	size_t valid = 0, invalid = 0, i = 0;
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int k = utf8_seq(s + i, len - i);
		if (k == 0)
			break; /* cut by the end of the sample */
		if (k < 0) {
			invalid++;
			i++;
		} else {
			valid += (size_t)k;
			i += (size_t)k;
		}
	}
	if (invalid == 0)
		return "UTF-8";
	if (valid < invalid && decodes_as_gb18030(s, len))
		return "GB18030";
	return "UTF-8";
}
