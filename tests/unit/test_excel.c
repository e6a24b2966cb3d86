/* test_excel.c - the formula-injection guard of --excel */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hz/excel.h"

static bool guard(const char *s, bool numeric)
{
	return hz_excel_needs_guard(s, strlen(s), numeric);
}

/* Guarded in every column, numeric or not. */
static void test_triggers(void **state)
{
	static const char *const cells[] = {
		"=1+1",
		"=HYPERLINK(\"http://x\",\"y\")",
		"+1",
		"+5",
		"-",
		"-x",
		"-2+3+cmd|' /C calc'!A0",
		"@SUM(A1:A2)",
		"\tx",
		"\t=1+1",
		"\r",
		"\r=1+1",
		"＝1+1",
		"＋1",
		"－5",
		"＠SUM(A1)",
		"-5 ",
		"-1e3",
		"-5-1",
		"--5",
		"-.5",
		"-5.",
		"-0.5.1",
		"-５",
		"=",
		"@",
		"+",
	};

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		if (!guard(cells[i], false))
			fail_msg("'%s' is not guarded in a text column", cells[i]);
		if (!guard(cells[i], true))
			fail_msg("'%s' is not guarded in a numeric column", cells[i]);
	}
}

/* A plain negative number is exempt in a numeric column only (issue 6:
 * "a plain number such as -5 in an amount column is left alone"). */
static void test_negative_number(void **state)
{
	static const char *const cells[] = {
		"-5",
		"-0.5",
		"-12.3456",
		"-0",
	};

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		if (guard(cells[i], true))
			fail_msg("'%s' is guarded in a numeric column", cells[i]);
		if (!guard(cells[i], false))
			fail_msg("'%s' is not guarded in a text column", cells[i]);
	}
}

static void test_numeric_fields(void **state)
{
	(void)state;
	assert_true(hz_excel_numeric_field(HZ_HAZARD, HZ_K_FUNDS));
	assert_true(hz_excel_numeric_field(HZ_HAZARD, HZ_K_ID));
	assert_true(hz_excel_numeric_field(HZ_ROSTER, HZ_K_ID));
	assert_true(hz_excel_numeric_field(HZ_ACTIVITY, HZ_K_AMOUNT));
	assert_true(hz_excel_numeric_field(HZ_ACTIVITY, HZ_K_COUNT));
	assert_true(hz_excel_numeric_field(HZ_ACTIVITY, HZ_K_SUB));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_REMARKS));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_HAZARD));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_DEADLINE));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_PROGRESS_DATE));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_LISTED));
	assert_false(hz_excel_numeric_field(HZ_CHECK, HZ_K_NO_DRILL));
	assert_false(hz_excel_numeric_field(HZ_ACTIVITY, HZ_K_SUBJECT));
	/* an unknown column, and a key the type has no field for */
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_NONE));
	assert_false(hz_excel_numeric_field(HZ_TYPE_UNKNOWN, HZ_K_NONE));
	assert_false(hz_excel_numeric_field(HZ_HAZARD, HZ_K_AMOUNT));
	assert_true(hz_excel_numeric_kind(HZ_KIND_AMOUNT));
	assert_false(hz_excel_numeric_kind(HZ_KIND_TEXT));
	assert_false(hz_excel_numeric_kind(HZ_KIND_DATE));
}

static void test_left_alone(void **state)
{
	static const char
	        *const
	                cells
	                        [] = {
		                        "",     "0.5",   "5",     "1.5", "abc",
		                        "消防", " =1+1", "'=1+1", "a=b", "2023-05-23",
		                        "\n=1", "x-",    "＝", /* a prefix of ＝ only: not the full-width sign */
	                        };

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		const char *s = cells[i];
		size_t n = strlen(s);

		if (i == sizeof cells / sizeof cells[0] - 1)
			n = 2;
		if (hz_excel_needs_guard(s, n, false))
			fail_msg("'%s' is guarded in a text column", s);
		if (hz_excel_needs_guard(s, n, true))
			fail_msg("'%s' is guarded in a numeric column", s);
	}
	assert_false(hz_excel_needs_guard(NULL, 0, false));
	assert_false(hz_excel_needs_guard(NULL, 0, true));
}

static void test_plain_number(void **state)
{
	(void)state;
	assert_true(hz_excel_plain_number("-5", 2));
	assert_true(hz_excel_plain_number("-0.25", 5));
	assert_false(hz_excel_plain_number("-", 1));
	assert_false(hz_excel_plain_number("5", 1)); /* no sign: no trigger */
	assert_false(hz_excel_plain_number("+5", 2));
	assert_false(hz_excel_plain_number("-5,000", 6));
	/* the length is honoured: "-5" then "=1" beyond n */
	assert_true(hz_excel_plain_number("-5=1", 2));
	assert_false(hz_excel_plain_number("-5=1", 4));
}

static void test_guard_text(void **state)
{
	(void)state;
	assert_string_equal(hz_excel_guard(hz_str_c("=1+1"), false), "'");
	assert_string_equal(hz_excel_guard(hz_str_c("=1+1"), true), "'");
	assert_string_equal(hz_excel_guard(hz_str_c("-5"), true), "");
	assert_string_equal(hz_excel_guard(hz_str_c("-5"), false), "'");
	assert_string_equal(hz_excel_guard(hz_str_c("text"), false), "");
	assert_string_equal(hz_excel_guard(HZ_STR_NONE, false), "");
	assert_string_equal(hz_excel_guard(HZ_STR_NONE, true), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggers),       cmocka_unit_test(test_negative_number),
		cmocka_unit_test(test_numeric_fields), cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_plain_number),   cmocka_unit_test(test_guard_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
