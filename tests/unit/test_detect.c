/* test_detect.c - -E auto: deciding an input's encoding from its first bytes */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <iconv.h>
#include <string.h>
#include <cmocka.h>

#include "hz/detect.h"

#define FORM_UTF8                                                                                      \
	"序号,隐患名称,专题领域,整改进展\n1,消防通道堆放杂物,消防,整改中\n" \
	"2,配电箱未接地,用电,已完成\n"

/* text (UTF-8) in encoding to, into out; returns its length */
static size_t conv(const char *to, const char *text, unsigned char *out, size_t cap)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *src = (char *)text, *dst = (char *)out;
	size_t left = strlen(text), room = cap;
	assert_int_not_equal(iconv(cd, &src, &left, &dst, &room), (size_t)-1);
	iconv_close(cd);
	return cap - room;
}

static const char *detect_s(const char *bytes)
{
	return hz_detect_encoding((const unsigned char *)bytes, strlen(bytes));
}

static void test_bom(void **state)
{
	(void)state;
	assert_string_equal(detect_s("\xEF\xBB\xBF序号,a\n"), "UTF-8");
	assert_string_equal(hz_detect_encoding((const unsigned char *)"\xFF\xFEx\0", 4),
	                    "UTF-16LE");
	assert_string_equal(hz_detect_encoding((const unsigned char *)"\xFE\xFF\0x", 4),
	                    "UTF-16BE");
	/* a BOM wins over what follows, even bytes that are not UTF-8 */
	assert_string_equal(detect_s("\xEF\xBB\xBF\xD0\xF2\xBA\xC5"), "UTF-8");
}

static void test_utf8(void **state)
{
	(void)state;
	assert_string_equal(hz_detect_encoding((const unsigned char *)"", 0), "UTF-8");
	assert_string_equal(detect_s("id,domain\n1,fire\n"), "UTF-8");
	assert_string_equal(detect_s(FORM_UTF8), "UTF-8");
	/* one broken sequence among valid ones: still UTF-8 (the reader
	 * reports the bad bytes as encoding errors) */
	assert_string_equal(detect_s("序号,隐患\n1,消\xB7防\n2,整改中\n"), "UTF-8");
	/* Latin-1 is neither: UTF-8 with errors */
	assert_string_equal(detect_s("caf\xE9\n"), "UTF-8");
	assert_string_equal(detect_s("\xFF\xFF\xFF\n"), "UTF-8");
}

static void test_gb18030(void **state)
{
	(void)state;
	unsigned char b[512];
	size_t n = conv("GB18030", FORM_UTF8, b, sizeof b);
	assert_string_equal(hz_detect_encoding(b, n), "GB18030");
	/* mostly GB18030 but one byte it cannot decode: UTF-8 with errors */
	b[n - 1] = 0xFF;
	assert_string_equal(hz_detect_encoding(b, n), "UTF-8");
}

/* More valid UTF-8 non-ASCII bytes than invalid ones is UTF-8 even when
 * the bytes happen to decode as GB18030 too. */
static void test_majority(void **state)
{
	(void)state;
	/* "中" in UTF-8 is E4 B8 AD: E4 B8 also decodes as GB18030, AD then
	 * pairs with the next lead byte */
	const char *s = "中中中\xD0\xF2x"; /* 9 valid bytes, 2 invalid */
	assert_string_equal(detect_s(s), "UTF-8");
}

/* A sequence cut by the end of the sample counts on neither side. */
static void test_cut_at_boundary(void **state)
{
	(void)state;
	unsigned char b[HZ_DETECT_SAMPLE];
	const char *u = "消防"; /* 6 bytes */
	size_t n = 0;
	while (n + 6 <= sizeof b) {
		memcpy(b + n, u, 6);
		n += 6;
	}
	/* the sample ends after the first byte of a 3-byte sequence */
	b[n] = 0xE6;
	assert_string_equal(hz_detect_encoding(b, n + 1), "UTF-8");
	/* and in the middle of a GB18030 pair */
	unsigned char g[8];
	size_t gn = conv("GB18030", "消防", g, sizeof g);
	assert_int_equal(gn, 4);
	n = 0;
	while (n + 4 <= sizeof b) {
		memcpy(b + n, g, 4);
		n += 4;
	}
	b[n - 1] = '\n';                                              /* ..., CF FB B7 '\n' */
	assert_string_equal(hz_detect_encoding(b, n), "UTF-8");       /* B7 0A is invalid GB18030 */
	assert_string_equal(hz_detect_encoding(b, n - 1), "GB18030"); /* B7 cut: fine */
}

static void test_utf16_without_bom(void **state)
{
	(void)state;
	unsigned char b[1024];
	size_t n = conv("UTF-16LE", "序号\t隐患名称\t专题领域\n1\t疏散通道\t消防\n", b, sizeof b);
	assert_string_equal(hz_detect_encoding(b, n), HZ_ENC_UTF16_NOBOM);
	n = conv("UTF-16BE", "id\tdomain\n1\tfire\n", b, sizeof b);
	assert_string_equal(hz_detect_encoding(b, n), HZ_ENC_UTF16_NOBOM);
	/* odd-length sample: the positions of each side are counted right */
	assert_string_equal(hz_detect_encoding(b, n - 1), HZ_ENC_UTF16_NOBOM);
	/* a stray NUL or two in a text is no UTF-16 */
	assert_string_equal(hz_detect_encoding((const unsigned char *)"id,domain\n1,fire\0\n", 18),
	                    "UTF-8");
	/* NULs on both sides alike (binary) are not UTF-16 */
	assert_string_equal(hz_detect_encoding((const unsigned char *)"\0\0ab\0\0cd", 8), "UTF-8");
	/* 1 in 8 is enough: 2 NULs at odd positions of 16 bytes */
	assert_string_equal(hz_detect_encoding((const unsigned char *)"a\0bcdefgh\0jklmno", 16),
	                    HZ_ENC_UTF16_NOBOM);
	/* fewer than 1 in 8 is not */
	assert_string_equal(hz_detect_encoding((const unsigned char *)"a\0bcdefghijklmnopq", 18),
	                    "UTF-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_majority),
		cmocka_unit_test(test_cut_at_boundary),
		cmocka_unit_test(test_utf16_without_bom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
