/* test_excel.c - the formula-injection guard of --excel */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hz/excel.h"

static bool guard(const char *s)
{
	return hz_excel_needs_guard(s, strlen(s));
}

static void test_triggers(void **state)
{
	static const char *const cells[] = {
		"=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+1", "+5", "-", "-x",
		"-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\tx", "\t=1+1", "\r",
		"\r=1+1", "＝1+1", "＋1", "－5", "＠SUM(A1)", "-5 ", "-1e3",
		"-5-1", "--5", "-.5", "-5.", "-0.5.1", "-５", "=", "@", "+",
	};

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		if (!guard(cells[i]))
			fail_msg("'%s' is not guarded", cells[i]);
}

static void test_left_alone(void **state)
{
	static const char *const cells[] = {
		"", "-5", "-0.5", "-12.3456", "-0", "0.5", "5", "1.5", "abc",
		"消防", " =1+1", "'=1+1", "a=b", "2023-05-23", "\n=1", "x-",
		"＝", /* a prefix of ＝ only: not the full-width sign */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		const char *s = cells[i];
		size_t n = strlen(s);

		if (i == sizeof cells / sizeof cells[0] - 1)
			n = 2;
		if (hz_excel_needs_guard(s, n))
			fail_msg("'%s' is guarded", s);
	}
	assert_false(hz_excel_needs_guard(NULL, 0));
}

static void test_plain_number(void **state)
{
	(void)state;
	assert_true(hz_excel_plain_number("-5", 2));
	assert_true(hz_excel_plain_number("-0.25", 5));
	assert_false(hz_excel_plain_number("-", 1));
	assert_false(hz_excel_plain_number("5", 1));   /* no sign: no trigger */
	assert_false(hz_excel_plain_number("+5", 2));
	assert_false(hz_excel_plain_number("-5,000", 6));
	/* the length is honoured: "-5" then "=1" beyond n */
	assert_true(hz_excel_plain_number("-5=1", 2));
	assert_false(hz_excel_plain_number("-5=1", 4));
}

static void test_guard_text(void **state)
{
	(void)state;
	assert_string_equal(hz_excel_guard(hz_str_c("=1+1")), "'");
	assert_string_equal(hz_excel_guard(hz_str_c("-5")), "");
	assert_string_equal(hz_excel_guard(hz_str_c("text")), "");
	assert_string_equal(hz_excel_guard(HZ_STR_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_plain_number),
		cmocka_unit_test(test_guard_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
