/* test_sheet.c - spreadsheet values as the text a clerk sees: shortest
 * decimals, date serials (with Excel's 1900 leap-year bug and the 1904
 * system), which number formats are dates, cell references */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/sheet.h"

static void number_is(double v, const char *want)
{
	char buf[HZ_SHEET_TEXT_MAX];
	size_t n = hz_sheet_number(v, buf);

	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("%.17g written as '%s' (%zu), want '%s'", v, buf, n, want);
}

static void test_numbers(void **state)
{
	(void)state;
	number_is(1.0, "1"); /* 序号 1, not 1.0 */
	number_is(-0.0, "0");
	number_is(0, "0");
	number_is(12, "12");
	number_is(-3, "-3");
	number_is(0.5, "0.5");
	number_is(1.25, "1.25");
	number_is(0.1, "0.1");
	number_is(3.10, "3.1");      /* a number cell; codes are text */
	number_is(0.1 + 0.2, "0.3"); /* 15 digits, as Excel shows it */
	number_is(2.0 / 3.0, "0.666666666666667");
	number_is(12345678901.0, "12345678901");
	number_is(110101199001011234.0, "1.10101199001011E+17");
	number_is(1e20, "1E+20");
	number_is(0.00001, "1E-05");
	number_is(123456.789, "123456.789");
	number_is(999999999999999.0, "999999999999999");
	number_is(-999999999999999.0, "-999999999999999");
	number_is(1e15, "1E+15");
}

/* The reader keeps a number's text when hz_sheet_number_as_written says
 * so: it must then be exactly what hz_sheet_number writes. */
static void as_written_is(const char *s, bool want)
{
	char buf[HZ_SHEET_TEXT_MAX];

	if (hz_sheet_number_as_written(s, strlen(s)) != want)
		fail_msg("'%s' as written: %d, want %d", s, !want, want);
	if (want) {
		hz_sheet_number(strtod(s, NULL), buf);
		if (strcmp(buf, s) != 0)
			fail_msg("'%s' is written '%s'", s, buf);
	}
}

static void test_as_written(void **state)
{
	static const char pieces[] = "-.0000123456789999";
	char s[24];

	(void)state;
	as_written_is("0", true);
	as_written_is("7", true);
	as_written_is("-12", true);
	as_written_is("45165", true);
	as_written_is("15.06", true);
	as_written_is("0.5", true);
	as_written_is("-0.5", true);
	as_written_is("0.0001", true);
	as_written_is("123456789012345", true);
	as_written_is("12345678901234.5", true);
	as_written_is("0.123456789012345", true);
	as_written_is("-0", false);
	as_written_is("007", false);
	as_written_is("0.00001", false);
	as_written_is("1234567890123456", false);
	as_written_is("0.1234567890123456", false);
	as_written_is("1.50", false);
	as_written_is("1.", false);
	as_written_is(".5", false);
	as_written_is("1e5", false);
	as_written_is("1E+20", false);
	as_written_is(" 1", false);
	as_written_is("1 ", false);
	as_written_is("", false);
	as_written_is("-", false);
	as_written_is("--1", false);
	as_written_is("0x10", false);
	as_written_is("inf", false);
	/* and every text of signs, points and digits it accepts */
	srand(25);
	for (int round = 0; round < 200000; round++) {
		size_t n = 1 + (size_t)rand() % 20;
		for (size_t i = 0; i < n; i++)
			s[i] = pieces[(size_t)rand() % (sizeof pieces - 1)];
		s[n] = '\0';
		if (hz_sheet_number_as_written(s, n))
			as_written_is(s, true);
	}
}

static void date_is(double serial, int date1904, const char *want)
{
	char buf[HZ_SHEET_TEXT_MAX] = "";

	if (!hz_sheet_date(serial, date1904, buf))
		fail_msg("serial %g (1904: %d) is no date, want %s", serial, date1904, want);
	if (strcmp(buf, want) != 0)
		fail_msg("serial %g (1904: %d) is %s, want %s", serial, date1904, buf, want);
}

static void test_dates(void **state)
{
	(void)state;
	date_is(1, 0, "1900-01-01");
	date_is(59, 0, "1900-02-28");
	date_is(60, 0, "1900-02-29"); /* Lotus's day that never was */
	date_is(61, 0, "1900-03-01");
	date_is(36526, 0, "2000-01-01");
	date_is(45072, 0, "2023-05-26");
	date_is(45072.75, 0, "2023-05-26"); /* the time of day is dropped */
	date_is(2958465, 0, "9999-12-31");
}

static void test_dates_1904(void **state)
{
	(void)state;
	date_is(0, 1, "1904-01-01"); /* day 0 is a day here */
	date_is(1, 1, "1904-01-02");
	date_is(43610, 1, "2023-05-26"); /* 1462 days less than in 1900 */
}

static void test_not_dates(void **state)
{
	char buf[HZ_SHEET_TEXT_MAX];

	(void)state;
	assert_false(hz_sheet_date(0, 0, buf));
	assert_false(hz_sheet_date(0.5, 0, buf));
	assert_false(hz_sheet_date(-1, 0, buf));
	assert_false(hz_sheet_date(-1, 1, buf));
	assert_false(hz_sheet_date(2958466, 0, buf));
	assert_false(hz_sheet_date(1e300, 0, buf));
	/* a date style on a number that is no day: the number */
	assert_int_equal(hz_sheet_value(-5, true, false, buf), 2);
	assert_string_equal(buf, "-5");
	hz_sheet_value(45072, true, false, buf);
	assert_string_equal(buf, "2023-05-26");
	hz_sheet_value(45072, false, false, buf);
	assert_string_equal(buf, "45072");
}

static void test_builtin_formats(void **state)
{
	(void)state;
	for (int id = 14; id <= 22; id++)
		assert_true(hz_sheet_builtin_date(id));
	assert_true(hz_sheet_builtin_date(31)); /* yyyy"年"m"月"d"日" in zh-CN */
	assert_true(hz_sheet_builtin_date(57));
	assert_false(hz_sheet_builtin_date(0)); /* General */
	assert_false(hz_sheet_builtin_date(1));
	assert_false(hz_sheet_builtin_date(13));
	assert_false(hz_sheet_builtin_date(49)); /* @ */
}

static void test_custom_formats(void **state)
{
	(void)state;
	assert_true(hz_sheet_format_is_date("yyyy-mm-dd"));
	assert_true(hz_sheet_format_is_date("yyyy\\-mm\\-dd"));
	assert_true(hz_sheet_format_is_date("yyyy/m/d"));
	assert_true(hz_sheet_format_is_date("yyyy\"年\"m\"月\"d\"日\""));
	assert_true(hz_sheet_format_is_date("[$-804]yyyy\"年\"m\"月\"d\"日\";@"));
	assert_true(hz_sheet_format_is_date("m/d"));
	assert_true(hz_sheet_format_is_date("mmm-yy"));
	assert_true(hz_sheet_format_is_date("YYYY-MM-DD"));
	assert_false(hz_sheet_format_is_date(NULL));
	assert_false(hz_sheet_format_is_date("General"));
	assert_false(hz_sheet_format_is_date("0.00"));
	assert_false(hz_sheet_format_is_date("#,##0.00_);[Red](#,##0.00)"));
	assert_false(hz_sheet_format_is_date("0.00E+00"));
	assert_false(hz_sheet_format_is_date("@"));
	assert_false(hz_sheet_format_is_date("h:mm:ss"));
	assert_false(hz_sheet_format_is_date("[h]:mm"));
	assert_false(hz_sheet_format_is_date("mm:ss"));
	assert_false(hz_sheet_format_is_date("\"day\"0")); /* d, y in quotes */
	assert_false(hz_sheet_format_is_date("[Red]0;[Blue]yyyy"));
}

static void test_refs(void **state)
{
	long col = -1, row = -1;

	(void)state;
	assert_true(hz_sheet_ref("A1", &col, &row));
	assert_int_equal(col, 0);
	assert_int_equal(row, 1);
	assert_true(hz_sheet_ref("AB12", &col, &row));
	assert_int_equal(col, 27);
	assert_int_equal(row, 12);
	assert_true(hz_sheet_ref("XFD1048576", &col, &row));
	assert_int_equal(col, HZ_SHEET_COLS_MAX - 1);
	assert_int_equal(row, 1048576);
	assert_false(hz_sheet_ref("XFE1", &col, &row));
	assert_false(hz_sheet_ref("AAAAAAAAAAAA1", &col, &row));
	assert_false(hz_sheet_ref("1", &col, &row));
	assert_false(hz_sheet_ref("a1", &col, &row));
	assert_false(hz_sheet_ref("A1B", &col, &row));
	assert_false(hz_sheet_ref("", &col, &row));
	assert_false(hz_sheet_ref(NULL, &col, &row));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),        cmocka_unit_test(test_as_written),
		cmocka_unit_test(test_dates),          cmocka_unit_test(test_dates_1904),
		cmocka_unit_test(test_not_dates),      cmocka_unit_test(test_builtin_formats),
		cmocka_unit_test(test_custom_formats), cmocka_unit_test(test_refs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
