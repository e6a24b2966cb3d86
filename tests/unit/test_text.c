/* test_text.c - strings, trimming, UTF-8, header folding, cell lines */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/text.h"

static hz_str S(const char *s)
{
	return hz_str_c(s);
}

/* Bytes with possible NULs inside. */
static hz_str B(const char *s, size_t n)
{
	return (hz_str){ s, n };
}

static void test_str_basics(void **state)
{
	(void)state;
	assert_int_equal(S("abc").n, 3);
	assert_null(S(NULL).s);
	assert_false(hz_str_present(HZ_STR_NONE));
	assert_true(hz_str_present(S("")));
	assert_true(hz_str_eq(S("消防"), "消防"));
	assert_false(hz_str_eq(S("消防 "), "消防"));
	assert_false(hz_str_eq(S("消"), "消防"));
	assert_true(hz_str_eq(S(""), ""));
	assert_true(hz_str_eq(HZ_STR_NONE, NULL));
	assert_false(hz_str_eq(S(""), NULL));
}

static void test_trim(void **state)
{
	hz_str t;

	(void)state;
	t = hz_trim(S("  \t未整改 \t"));
	assert_true(hz_str_eq(t, "未整改"));
	/* U+3000 on both sides, mixed with ASCII spaces. */
	t = hz_trim(S("\xE3\x80\x80 未整改\xE3\x80\x80\xE3\x80\x80 "));
	assert_true(hz_str_eq(t, "未整改"));
	/* Inner spaces are kept. */
	t = hz_trim(S(" a b "));
	assert_true(hz_str_eq(t, "a b"));
	t = hz_trim(S("\xE3\x80\x80"));
	assert_int_equal(t.n, 0);
	assert_non_null(t.s);
	/* Line ends and other bytes are not spaces. */
	assert_true(hz_str_eq(hz_trim(S("\na\r")), "\na\r"));
	/* Half of a U+3000 is not trimmed (and not overread). */
	assert_true(hz_str_eq(hz_trim(B("x\xE3\x80", 3)), "x\xE3\x80"));
	assert_null(hz_trim(HZ_STR_NONE).s);
}

static void test_blank(void **state)
{
	(void)state;
	assert_true(hz_blank(S("")));
	assert_true(hz_blank(S(" \t \xE3\x80\x80")));
	assert_true(hz_blank(HZ_STR_NONE));
	assert_false(hz_blank(S(" x ")));
	assert_false(hz_blank(S("0")));
}

static void test_utf8_decode(void **state)
{
	unsigned cp;

	(void)state;
	assert_int_equal(hz_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(hz_utf8_decode("\xC2\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xA9);
	assert_int_equal(hz_utf8_decode("消", 3, &cp), 3);
	assert_int_equal(cp, 0x6D88);
	assert_int_equal(hz_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(hz_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(hz_utf8_decode("\xEF\xBF\xBD", 3, &cp), 3);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(hz_utf8_decode("\xED\x9F\xBF", 3, &cp), 3);
	assert_int_equal(cp, 0xD7FF);
	assert_int_equal(hz_utf8_decode("\xEE\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0xE000);
}

/* Each of these is one bad sequence: decode takes one byte and gives U+FFFD. */
static void test_utf8_decode_errors(void **state)
{
	static const char *const bad[] = {
		"\x80", /* lone continuation */
		"\xBF",
		"\xC0\xAF",         /* overlong '/' */
		"\xC1\xBF",         /* overlong */
		"\xE0\x80\xAF",     /* overlong 3-byte */
		"\xE0\x9F\xBF",     /* overlong U+07FF */
		"\xF0\x80\x80\xAF", /* overlong 4-byte */
		"\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
		"\xED\xA0\x80",     /* U+D800 surrogate */
		"\xED\xBF\xBF",     /* U+DFFF surrogate */
		"\xF4\x90\x80\x80", /* U+110000 */
		"\xF5\x80\x80\x80",
		"\xF8\x88\x80\x80\x80",
		"\xFE",
		"\xFF",
		"\xC3\x28",     /* bad continuation */
		"\xE6\x9C",     /* truncated */
		"\xF0\x9F\x98", /* truncated */
	};
	unsigned cp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cp = 0;
		assert_int_equal(hz_utf8_decode(bad[i], strlen(bad[i]), &cp), 1);
		assert_int_equal(cp, 0xFFFD);
		assert_int_equal(hz_utf8_valid_prefix(bad[i], strlen(bad[i])), 0);
	}
	/* A short n never reads past it. */
	assert_int_equal(hz_utf8_decode("\xE6\x9C\x88", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
}

/* The reference: RFC 3629's table, one sequence at a time. */
static size_t valid_prefix_slow(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], lo = 0x80, hi = 0xBF;
		size_t k;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 4;
		else
			break;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
		if (i + k > n || s[i + 1] < lo || s[i + 1] > hi)
			break;
		size_t j = 2;
		while (j < k && s[i + j] >= 0x80 && s[i + j] <= 0xBF)
			j++;
		if (j < k)
			break;
		i += k;
	}
	return i;
}

/* Random strings of CJK, ASCII, edge sequences and broken bytes: the fast
 * checker (eight and six bytes at a time) agrees with the table. */
static void test_utf8_valid_prefix_random(void **state)
{
	static const char *const pieces[] = {
		"消",
		"防",
		"，",
		"a",
		"1",
		" ",
		"\xE0\xA0\x80",
		"\xED\x9F\xBF",
		"\xED\xA0\x80",
		"\xE0\x9F\xBF",
		"\xEF\xBF\xBD",
		"\xC2\xA0",
		"\xF0\x90\x80\x80",
		"\xF4\x90\x80\x80",
		"\xE9\x98",
		"\xFF",
		"\x80",
		"\xE4\xB8\x41",
		"abcdefgh",
		"公园社区",
	};
	unsigned seed = 77;

	(void)state;
	for (int round = 0; round < 100000; round++) {
		unsigned char buf[512];
		size_t n = 0;
		int k = (int)(seed % 36);
		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			size_t len = strlen(p);
			memcpy(buf + n, p, len);
			n += len;
		}
		seed = seed * 1103515245u + 12345u;
		if (hz_utf8_valid_prefix((const char *)buf, n) != valid_prefix_slow(buf, n))
			fail_msg("round %d: %zu vs %zu", round,
			         hz_utf8_valid_prefix((const char *)buf, n),
			         valid_prefix_slow(buf, n));
	}
}

static void test_utf8_valid_prefix(void **state)
{
	(void)state;
	assert_int_equal(hz_utf8_valid_prefix("", 0), 0);
	assert_int_equal(hz_utf8_valid_prefix("abc消防", 9), 9);
	assert_int_equal(hz_utf8_valid_prefix("ab\xFF"
	                                      "cd",
	                                      5),
	                 2);
	assert_int_equal(hz_utf8_valid_prefix("消\xE9\x98", 5), 3);
	assert_int_equal(hz_utf8_valid_prefix("消\xED\xA0\x80x", 7), 3);
	/* NUL is a valid code point; the reader, not UTF-8, rejects it. */
	assert_int_equal(hz_utf8_valid_prefix("a\0b", 3), 3);
}

static void test_utf8_count(void **state)
{
	(void)state;
	assert_int_equal(hz_utf8_count("", 0), 0);
	assert_int_equal(hz_utf8_count("abc", 3), 3);
	assert_int_equal(hz_utf8_count("重大事故隐患", strlen("重大事故隐患")), 6);
	assert_int_equal(hz_utf8_count("a\xF0\x9F\x98\x80"
	                               "b",
	                               6),
	                 3);
	/* Invalid bytes count one each. */
	assert_int_equal(hz_utf8_count("\xFF\xFE"
	                               "a",
	                               3),
	                 3);
	assert_int_equal(hz_utf8_count("\xE6\x9C", 2), 2);
}

static size_t fold(const char *s, char *out, size_t cap)
{
	return hz_header_fold(S(s), out, cap);
}

static void test_header_fold(void **state)
{
	char a[64], b[64];
	size_t n;

	(void)state;
	n = fold("整改资金（万元）", a, sizeof a);
	assert_int_equal(n, strlen(a));
	fold("整改资金(万元)", b, sizeof b);
	assert_string_equal(a, b);
	assert_string_equal(a, "整改资金(万元)");
	fold(" ID ", a, sizeof a);
	fold("id", b, sizeof b);
	assert_string_equal(a, b);
	assert_string_equal(a, "id");
	fold("\xEF\xBB\xBF序号", a, sizeof a);
	assert_string_equal(a, "序号");
	fold("\xEF\xBB\xBF \xE3\x80\x80"
	     "Check_Date\t",
	     a, sizeof a);
	assert_string_equal(a, "check_date");
	fold("［备注］", a, sizeof a);
	assert_string_equal(a, "[备注]");
	fold("县（区）", a, sizeof a);
	assert_string_equal(a, "县(区)");
	/* Inner spaces are kept, as are other full-width forms. */
	fold("A B", a, sizeof a);
	assert_string_equal(a, "a b");
	fold("【注】", a, sizeof a);
	assert_string_equal(a, "【注】");
	assert_int_equal(fold("", a, sizeof a), 0);
	assert_string_equal(a, "");
	assert_int_equal(hz_header_fold(HZ_STR_NONE, a, sizeof a), 0);
	assert_string_equal(a, "");
}

static void test_header_fold_cap(void **state)
{
	char a[8];

	(void)state;
	/* cap-1 bytes at most, never half a character. */
	memset(a, 'x', sizeof a);
	assert_int_equal(fold("ABCDEFGHIJ", a, 8), 7);
	assert_string_equal(a, "abcdefg");
	assert_int_equal(fold("整改资金", a, 8), 6);
	assert_string_equal(a, "整改");
	assert_int_equal(fold("整改资金", a, 3), 0);
	assert_string_equal(a, "");
	assert_int_equal(fold("（（（", a, 3), 2);
	assert_string_equal(a, "((");
	assert_int_equal(fold("abc", a, 1), 0);
	assert_string_equal(a, "");
	assert_int_equal(fold("abc", a, 0), 0);
}

static void test_header_fold_invalid(void **state)
{
	char a[16];

	(void)state;
	/* Invalid bytes pass through unchanged. */
	assert_int_equal(hz_header_fold(B("A\xFF"
	                                  "B",
	                                  3),
	                                a, sizeof a),
	                 3);
	assert_memory_equal(a,
	                    "a\xFF"
	                    "b",
	                    4);
}

struct collect {
	char lines[8][32];
	size_t n;
};

static void collect_line(hz_str line, size_t index, void *arg)
{
	struct collect *c = arg;

	assert_int_equal(index, c->n);
	assert_true(line.n < sizeof c->lines[0]);
	memcpy(c->lines[c->n], line.s, line.n);
	c->lines[c->n][line.n] = '\0';
	c->n++;
}

static void test_lines(void **state)
{
	struct collect c;

	(void)state;
	memset(&c, 0, sizeof c);
	assert_int_equal(hz_lines(S("a\nb\r\nc\rd"), collect_line, &c), 4);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.lines[0], "a");
	assert_string_equal(c.lines[1], "b");
	assert_string_equal(c.lines[2], "c");
	assert_string_equal(c.lines[3], "d");

	/* One trailing line end adds no line; an inner empty line counts. */
	memset(&c, 0, sizeof c);
	assert_int_equal(hz_lines(S("已清理一层\n\n已清理二层\r\n"), collect_line, &c), 3);
	assert_string_equal(c.lines[0], "已清理一层");
	assert_string_equal(c.lines[1], "");
	assert_string_equal(c.lines[2], "已清理二层");

	/* Lines are not trimmed. */
	memset(&c, 0, sizeof c);
	assert_int_equal(hz_lines(S(" a \n b"), collect_line, &c), 2);
	assert_string_equal(c.lines[0], " a ");
	assert_string_equal(c.lines[1], " b");

	/* \r\r is two line ends: an empty line between. */
	memset(&c, 0, sizeof c);
	assert_int_equal(hz_lines(S("x\r\ry"), collect_line, &c), 3);
	assert_string_equal(c.lines[1], "");
}

static void test_line_count(void **state)
{
	(void)state;
	assert_int_equal(hz_line_count(S("")), 0);
	assert_int_equal(hz_line_count(S("  \xE3\x80\x80")), 0);
	assert_int_equal(hz_line_count(S(" \n \r\n")), 0);
	assert_int_equal(hz_line_count(HZ_STR_NONE), 0);
	assert_int_equal(hz_line_count(S("one")), 1);
	assert_int_equal(hz_line_count(S("one\n")), 1);
	assert_int_equal(hz_line_count(S("one\r\n")), 1);
	assert_int_equal(hz_line_count(S("one\r")), 1);
	assert_int_equal(hz_line_count(S("one\n\n")), 2);
	assert_int_equal(hz_line_count(S("one\ntwo")), 2);
	assert_int_equal(hz_line_count(S("\none")), 2);
	assert_int_equal(hz_lines(S("a\nb\nc"), NULL, NULL), 3);
}

static void test_line_at(void **state)
{
	hz_str cell = S("2023-06-01\r\n2023-06-05\n2023-06-09\n");

	(void)state;
	assert_true(hz_str_eq(hz_line_at(cell, 0), "2023-06-01"));
	assert_true(hz_str_eq(hz_line_at(cell, 1), "2023-06-05"));
	assert_true(hz_str_eq(hz_line_at(cell, 2), "2023-06-09"));
	assert_null(hz_line_at(cell, 3).s);
	assert_null(hz_line_at(S(" "), 0).s);
	assert_true(hz_str_eq(hz_line_at(S("a\n\nb"), 1), ""));
	assert_non_null(hz_line_at(S("a\n\nb"), 1).s);
}

/* F18: a line break inside one entry is held as U+2028, so the entry stays
 * one line of its cell and every later entry keeps its date. */
static void test_entry_text(void **state)
{
	size_t n;
	char *one;

	(void)state;
	assert_null(hz_entry_text("一楼已清理", strlen("一楼已清理"), &n));
	one = hz_entry_text("a\nb\r\nc\rd\n", 9, &n);
	assert_non_null(one);
	assert_int_equal(n, 4 + 4 * 3);
	assert_memory_equal(one,
	                    "a\xE2\x80\xA8"
	                    "b\xE2\x80\xA8"
	                    "c\xE2\x80\xA8"
	                    "d\xE2\x80\xA8",
	                    n);
	/* the cell of two entries, the first with breaks of its own: 2 lines */
	char cell[64];
	int len = snprintf(cell, sizeof cell, "%s\n%s", one, "e");
	assert_int_equal(hz_line_count((hz_str){ cell, (size_t)len }), 2);
	free(one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_basics),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_decode_errors),
		cmocka_unit_test(test_utf8_valid_prefix),
		cmocka_unit_test(test_utf8_valid_prefix_random),
		cmocka_unit_test(test_utf8_count),
		cmocka_unit_test(test_header_fold),
		cmocka_unit_test(test_header_fold_cap),
		cmocka_unit_test(test_header_fold_invalid),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_line_count),
		cmocka_unit_test(test_line_at),
		cmocka_unit_test(test_entry_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
