/* test_amount.c - exact decimals of 0.0001 万元 and counts */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hz/amount.h"

static hz_amount amount(const char *s)
{
	hz_amount a = -1;

	if (!hz_amount_parse(hz_str_c(s), &a))
		fail_msg("'%s' should be an amount", s);
	return a;
}

static void not_amount(const char *s)
{
	hz_amount a = 77;

	if (hz_amount_parse(hz_str_c(s), &a))
		fail_msg("'%s' should not be an amount", s);
	assert_int_equal(a, 77);
}

static const char *fmt(hz_amount a)
{
	static char buf[32];
	int n = hz_amount_format(a, buf);

	assert_int_equal(n, (int)strlen(buf));
	return buf;
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(amount("1"), 10000);
	assert_int_equal(amount("0.5"), 5000);
	assert_int_equal(amount("12.3456"), 123456);
	assert_int_equal(amount("0"), 0);
	assert_int_equal(amount("0.0"), 0);
	assert_int_equal(amount("0.0001"), 1);
	assert_int_equal(amount("00.5"), 5000);
	assert_int_equal(amount("007"), 70000);
	assert_int_equal(amount("1.50"), 15000);
	assert_int_equal(amount("3.1000"), 31000);
	assert_int_equal(amount("100"), 1000000);
	assert_int_equal(amount(" 0.35 "), 3500);
	assert_int_equal(amount("\xE3\x80\x80"
	                        "2.5\t"),
	                 25000);
	/* full-width digits and point, as a Chinese input method types them */
	assert_int_equal(amount("０．５"), 5000);
	assert_int_equal(amount("１２"), 120000);
	assert_int_equal(amount("1．２5"), 12500);
}

static void test_rejects(void **state)
{
	(void)state;
	not_amount("");
	not_amount("  ");
	not_amount("1.23456");
	not_amount("0.00001");
	not_amount("+1");
	not_amount("-1");
	not_amount("1,000");
	not_amount("1 000");
	not_amount("1万");
	not_amount("1万元");
	not_amount("¥1");
	not_amount(".5");
	not_amount("5.");
	not_amount("５．");
	not_amount("．５");
	not_amount(".");
	not_amount("1.2.3");
	not_amount("1e3");
	not_amount("0x10");
	not_amount("NaN");
	not_amount("inf");
	not_amount("１万");
	not_amount("1。5");
	not_amount("1 .5");
	assert_false(hz_amount_parse(HZ_STR_NONE, &(hz_amount){ 0 }));
}

static void test_overflow(void **state)
{
	char buf[64];
	hz_amount a;

	(void)state;
	/* The largest whole number of 万元 that fits, and its decimals. */
	snprintf(buf, sizeof buf, "%lld", (long long)(INT64_MAX / HZ_AMOUNT_SCALE));
	assert_true(hz_amount_parse(hz_str_c(buf), &a));
	assert_int_equal(a, INT64_MAX / HZ_AMOUNT_SCALE * HZ_AMOUNT_SCALE);
	snprintf(buf, sizeof buf, "%lld.5807", (long long)(INT64_MAX / HZ_AMOUNT_SCALE));
	assert_true(hz_amount_parse(hz_str_c(buf), &a));
	assert_true(a == INT64_MAX);
	snprintf(buf, sizeof buf, "%lld.5808", (long long)(INT64_MAX / HZ_AMOUNT_SCALE));
	not_amount(buf);
	snprintf(buf, sizeof buf, "%lld", (long long)(INT64_MAX / HZ_AMOUNT_SCALE + 1));
	not_amount(buf);
	not_amount("99999999999999999999999999");
	not_amount("18446744073709551616");
}

static void test_exact_sum(void **state)
{
	(void)state;
	/* 0.1 + 0.2 is 0.3 exactly, unlike in binary floating point. */
	assert_int_equal(amount("0.1") + amount("0.2"), 3000);
	assert_int_equal(amount("0.1") + amount("0.2"), amount("0.3"));
	assert_string_equal(fmt(amount("0.1") + amount("0.2")), "0.3");
	assert_string_equal(fmt(amount("12.3456") + amount("0.6544")), "13");
}

static void test_format(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(fmt(15000), "1.5");
	assert_string_equal(fmt(120000), "12");
	assert_string_equal(fmt(3500), "0.35");
	assert_string_equal(fmt(0), "0");
	assert_string_equal(fmt(1), "0.0001");
	assert_string_equal(fmt(10), "0.001");
	assert_string_equal(fmt(123456), "12.3456");
	assert_string_equal(fmt(10001), "1.0001");
	assert_string_equal(fmt(100000000), "10000");
	assert_string_equal(fmt(-15000), "-1.5");
	assert_string_equal(fmt(-1), "-0.0001");
	assert_string_equal(fmt(INT64_MAX), "922337203685477.5807");
	assert_string_equal(fmt(INT64_MIN), "-922337203685477.5808");
	assert_int_equal(hz_amount_format(70000, buf), 1);
	assert_string_equal(buf, "7");
}

/* What format writes, parse reads back to the same amount. */
static void test_round_trip(void **state)
{
	static const hz_amount samples[] = {
		0,     1,     9,     10,    99,   100,  999,       1000,      9999,
		10000, 10001, 12345, 99999, 3000, 5000, 123456789, INT64_MAX,
	};
	char buf[32];
	hz_amount a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		hz_amount_format(samples[i], buf);
		assert_true(hz_amount_parse(hz_str_c(buf), &a));
		assert_true(a == samples[i]);
	}
}

static void test_count(void **state)
{
	char buf[64];
	long v = -1;

	(void)state;
	assert_true(hz_count_parse(hz_str_c("0"), &v));
	assert_int_equal(v, 0);
	assert_true(hz_count_parse(hz_str_c(" 12 "), &v));
	assert_int_equal(v, 12);
	assert_true(hz_count_parse(hz_str_c("\xE3\x80\x80"
	                                    "007"),
	                           &v));
	assert_int_equal(v, 7);
	snprintf(buf, sizeof buf, "%ld", LONG_MAX);
	assert_true(hz_count_parse(hz_str_c(buf), &v));
	assert_true(v == LONG_MAX);
	v = 5;
	snprintf(buf, sizeof buf, "%lu", (unsigned long)LONG_MAX + 1);
	assert_false(hz_count_parse(hz_str_c(buf), &v));
	assert_false(hz_count_parse(hz_str_c("99999999999999999999999"), &v));
	assert_false(hz_count_parse(hz_str_c(""), &v));
	assert_false(hz_count_parse(hz_str_c(" "), &v));
	assert_false(hz_count_parse(HZ_STR_NONE, &v));
	assert_false(hz_count_parse(hz_str_c("-1"), &v));
	assert_false(hz_count_parse(hz_str_c("+1"), &v));
	assert_false(hz_count_parse(hz_str_c("1.0"), &v));
	assert_false(hz_count_parse(hz_str_c("1,000"), &v));
	assert_false(hz_count_parse(hz_str_c("1 2"), &v));
	assert_false(hz_count_parse(hz_str_c("3家"), &v));
	assert_false(hz_count_parse(hz_str_c("0x1"), &v));
	assert_int_equal(v, 5);
	assert_true(hz_count_parse(hz_str_c("１１"), &v));
	assert_int_equal(v, 11);
	assert_true(hz_count_parse(hz_str_c("1１"), &v));
	assert_int_equal(v, 11);
	assert_false(hz_count_parse(hz_str_c("１．０"), &v));
	assert_false(hz_count_parse(hz_str_c("\xEF\xBC"), &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),    cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_overflow), cmocka_unit_test(test_exact_sum),
		cmocka_unit_test(test_format),   cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
