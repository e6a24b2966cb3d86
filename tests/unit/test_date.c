/* test_date.c - every date spelling of hz-formats(5), and what is not a date */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "hz/date.h"

static hz_date ymd(int y, int m, int d)
{
	hz_date v = 0;

	assert_true(hz_date_from_ymd(y, m, d, &v));
	return v;
}

static void accept(const char *s, int flags, int y, int m, int d)
{
	hz_date v = -99999;

	if (!hz_date_parse(hz_str_c(s), flags, &v))
		fail_msg("'%s' should be a date", s);
	if (v != ymd(y, m, d))
		fail_msg("'%s' read as %d, want %04d-%02d-%02d", s, v, y, m, d);
}

static void reject(const char *s, int flags)
{
	hz_date v = 12345;

	if (hz_date_parse(hz_str_c(s), flags, &v))
		fail_msg("'%s' should not be a date", s);
	assert_int_equal(v, 12345);
}

static void test_epoch(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(2023, 5, 23), 19500);
	assert_int_equal(ymd(1900, 1, 1), -25567);
	assert_int_equal(ymd(2100, 12, 31), 47846);
	hz_date_to_ymd(19500, &y, &m, &d);
	assert_int_equal(y, 2023);
	assert_int_equal(m, 5);
	assert_int_equal(d, 23);
	hz_date_to_ymd(-25567, &y, &m, &d);
	assert_int_equal(y, 1900);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

/* Every day of the allowed years round-trips, one after the other. */
static void test_round_trip_all_days(void **state)
{
	hz_date v, prev;
	int y, m, d, yy, mm, dd;
	char buf[11], want[48];

	(void)state;
	prev = ymd(1900, 1, 1) - 1;
	for (y = HZ_DATE_YEAR_MIN; y <= HZ_DATE_YEAR_MAX; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= hz_month_days(y, m); d++) {
				assert_true(hz_date_from_ymd(y, m, d, &v));
				assert_int_equal(v, prev + 1);
				prev = v;
				hz_date_to_ymd(v, &yy, &mm, &dd);
				assert_int_equal(yy, y);
				assert_int_equal(mm, m);
				assert_int_equal(dd, d);
				hz_date_format(v, buf);
				snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
				assert_string_equal(buf, want);
			}
}

static void test_leap(void **state)
{
	(void)state;
	assert_true(hz_is_leap(2024));
	assert_true(hz_is_leap(2000));
	assert_false(hz_is_leap(1900));
	assert_false(hz_is_leap(2100));
	assert_false(hz_is_leap(2023));
	assert_int_equal(hz_month_days(2024, 2), 29);
	assert_int_equal(hz_month_days(2023, 2), 28);
	assert_int_equal(hz_month_days(2023, 4), 30);
	assert_int_equal(hz_month_days(2023, 12), 31);
	assert_int_equal(hz_month_days(2023, 0), 0);
	assert_int_equal(hz_month_days(2023, 13), 0);
}

static void test_from_ymd_rejects(void **state)
{
	hz_date v = 7;

	(void)state;
	assert_false(hz_date_from_ymd(2023, 2, 29, &v));
	assert_false(hz_date_from_ymd(2023, 4, 31, &v));
	assert_false(hz_date_from_ymd(2023, 13, 1, &v));
	assert_false(hz_date_from_ymd(2023, 0, 1, &v));
	assert_false(hz_date_from_ymd(2023, 1, 0, &v));
	assert_false(hz_date_from_ymd(1899, 12, 31, &v));
	assert_false(hz_date_from_ymd(2101, 1, 1, &v));
	assert_int_equal(v, 7);
}

static void test_spellings(void **state)
{
	(void)state;
	accept("2023-05-23", 0, 2023, 5, 23);
	accept("2023/5/23", 0, 2023, 5, 23);
	accept("2023.5.23", 0, 2023, 5, 23);
	accept("2023年5月23日", 0, 2023, 5, 23);
	accept("20230523", 0, 2023, 5, 23);
	accept("２０２３年５月２３日", 0, 2023, 5, 23);
	accept("２０２３－０５－２３", 0, 2023, 5, 23);
	accept("２０２３／５／２３", 0, 2023, 5, 23);
	accept("２０２３．５．２３", 0, 2023, 5, 23);
	accept("２０２３０５２３", 0, 2023, 5, 23);
	accept("2023-5-3", 0, 2023, 5, 3);
	accept("2023-05-03", 0, 2023, 5, 3);
	accept("2023/05/3", 0, 2023, 5, 3);
	accept("2023.12.31", 0, 2023, 12, 31);
	accept("2023年05月03日", 0, 2023, 5, 3);
	accept("2023年12月1日", 0, 2023, 12, 1);
	accept("2024-02-29", 0, 2024, 2, 29);
	accept("20240229", 0, 2024, 2, 29);
	accept("1900-01-01", 0, 1900, 1, 1);
	accept("2100-12-31", 0, 2100, 12, 31);
}

static void test_spaces_around(void **state)
{
	(void)state;
	accept(" 2023-05-23 ", 0, 2023, 5, 23);
	accept("\t2023/5/23\t", 0, 2023, 5, 23);
	accept("\xE3\x80\x80"
	       "2023年5月23日\xE3\x80\x80",
	       0, 2023, 5, 23);
	accept("  20230523  ", 0, 2023, 5, 23);
	reject("2023 -05-23", 0);
	reject("2023年 5月23日", 0);
	reject("2023 05 23", 0);
}

static void test_times(void **state)
{
	(void)state;
	accept("2023-05-23 14:30", 0, 2023, 5, 23);
	accept("2023-05-23 14:30:00", 0, 2023, 5, 23);
	reject("2023-05-23T14:30:59", 0); /* hz-formats(5): a time after a space */
	accept("2023/5/23 9:05", 0, 2023, 5, 23);
	accept("2023.5.23   23:59", 0, 2023, 5, 23);
	accept("2023年5月23日 14:30", 0, 2023, 5, 23);
	accept("2023年5月23日14:30", 0, 2023, 5, 23);
	accept("20230523 00:00", 0, 2023, 5, 23);
	accept("2023-05-23\xE3\x80\x80"
	       "14:30 ",
	       0, 2023, 5, 23);
	accept("２０２３年５月２３日　１４：３０", 0, 2023, 5, 23);
	reject("2023-05-23 24:00", 0);
	reject("2023-05-23 14:60", 0);
	reject("2023-05-23 14:30:60", 0);
	reject("2023-05-23 14", 0);
	reject("2023-05-23 14:3", 0);
	reject("2023-05-23 14:30:", 0);
	reject("2023-05-23 14:30:00:00", 0);
	reject("2023-05-23 123:30", 0);
	reject("2023-05-2314:30", 0);
	reject("2023052314:30", 0);
	reject("2023-05-23 T14:30", 0);
	reject("2023-05-23T", 0);
	reject("14:30", 0);
	reject("2023-05-23 14:30 x", 0);
}

static void test_before(void **state)
{
	(void)state;
	accept("2023年6月30日前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("2023年6月30日之前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("2023-06-30 前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("2023-06-30\xE3\x80\x80之前 ", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("20230630前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("2023-06-30 18:00前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	accept("2023-06-30 18:00 之前", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	/* The flag does not make 前 required. */
	accept("2023-06-30", HZ_DATE_ALLOW_BEFORE, 2023, 6, 30);
	reject("2023年6月30日前", 0);
	reject("2023年6月30日之前", 0);
	reject("2023-06-30 前", 0);
	reject("2023-06-30之", HZ_DATE_ALLOW_BEFORE);
	reject("2023-06-30前前", HZ_DATE_ALLOW_BEFORE);
	reject("前2023-06-30", HZ_DATE_ALLOW_BEFORE);
	reject("2023-06-30前 18:00", HZ_DATE_ALLOW_BEFORE);
	reject("前", HZ_DATE_ALLOW_BEFORE);
	reject("2023-02-29前", HZ_DATE_ALLOW_BEFORE);
}

static void test_impossible_days(void **state)
{
	(void)state;
	reject("2023-02-29", 0);
	reject("20230229", 0);
	reject("2023年2月29日", 0);
	reject("2023-04-31", 0);
	reject("2023-06-31", 0);
	reject("2023-13-01", 0);
	reject("2023-00-10", 0);
	reject("2023-05-00", 0);
	reject("2023-05-32", 0);
	reject("2100-02-29", 0);
	reject("1899-12-31", 0);
	reject("2101-01-01", 0);
	reject("18991231", 0);
	reject("21010101", 0);
	reject("0000-01-01", 0);
}

static void test_not_dates(void **state)
{
	hz_date v = 3;

	(void)state;
	reject("", 0);
	reject("   ", 0);
	reject("\xE3\x80\x80", 0);
	reject("2023-5/23", 0);
	reject("2023/5-23", 0);
	reject("2023.5/23", 0);
	reject("2023年5/23", 0);
	reject("2023年5月23", 0);
	reject("2023年5月23号", 0);
	reject("2023-05", 0);
	reject("2023年5月", 0);
	reject("23-05-2023", 0);
	reject("05/23/2023", 0);
	reject("23-5-23", 0);
	reject("2023-005-23", 0);
	reject("2023-05-023", 0);
	reject("02023-05-23", 0);
	reject("2023523", 0);
	reject("202305230", 0);
	reject("2023--05-23", 0);
	reject("2023-05-23-", 0);
	reject("2023-05-23.", 0);
	reject("+2023-05-23", 0);
	reject("2023-05-23x", 0);
	reject("2023-05-23 2023-05-24", 0);
	reject("2023-05-23\n", 0);
	reject("tomorrow", 0);
	reject("未整改", 0);
	reject("45069", 0); /* an Excel serial day */
	reject("2023-0x-23", 0);
	assert_false(hz_date_parse(HZ_STR_NONE, 0, &v));
	assert_false(hz_date_parse((hz_str){ "2023-05-23\0", 11 }, 0, &v));
	assert_false(hz_date_parse((hz_str){ "2023-05-\xFF\xFE", 10 }, 0, &v));
	/* Half of a full-width digit. */
	assert_false(hz_date_parse((hz_str){ "2023-05-2\xEF\xBC", 11 }, 0, &v));
	assert_int_equal(v, 3);
}

static void test_long_input(void **state)
{
	char buf[4096];

	(void)state;
	memset(buf, ' ', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	memcpy(buf + 2000, "2023-05-23", 10);
	reject(buf, 0);
	memset(buf, '1', sizeof buf - 1);
	reject(buf, 0);
}

static void test_not_nul_terminated(void **state)
{
	/* The parser reads exactly n bytes. */
	static const char text[] = "2023-05-231";
	hz_date v;

	(void)state;
	assert_true(hz_date_parse((hz_str){ text, 10 }, 0, &v));
	assert_int_equal(v, ymd(2023, 5, 23));
	assert_true(hz_date_parse((hz_str){ "20230523999", 8 }, 0, &v));
	assert_int_equal(v, ymd(2023, 5, 23));
}

static void test_compare(void **state)
{
	hz_date a, b;

	(void)state;
	assert_true(hz_date_parse(hz_str_c("2023-05-23 23:59"), 0, &a));
	assert_true(hz_date_parse(hz_str_c("2023年5月24日"), 0, &b));
	assert_true(a < b);
	assert_int_equal(b - a, 1);
	assert_true(hz_date_parse(hz_str_c("2023-12-31"), 0, &a));
	assert_true(hz_date_parse(hz_str_c("2024/1/1"), 0, &b));
	assert_int_equal(b - a, 1);
}

static void test_format(void **state)
{
	char buf[11];
	hz_date v;

	(void)state;
	assert_true(hz_date_parse(hz_str_c("２０２３年５月２３日"), 0, &v));
	hz_date_format(v, buf);
	assert_string_equal(buf, "2023-05-23");
	hz_date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	hz_date_format(ymd(1900, 3, 1), buf);
	assert_string_equal(buf, "1900-03-01");
}

static void test_today(void **state)
{
	time_t now = time(NULL);
	struct tm tm;
	hz_date t = hz_date_today();
	int y, m, d;

	(void)state;
	assert_non_null(localtime_r(&now, &tm));
	hz_date_to_ymd(t, &y, &m, &d);
	/* Unless midnight passed between the two calls. */
	if (d == tm.tm_mday) {
		assert_int_equal(y, tm.tm_year + 1900);
		assert_int_equal(m, tm.tm_mon + 1);
	}
	assert_true(t > ymd(2023, 1, 1));
}

/* The YYYY-MM-DD fast path decides exactly as the grammar: every string of
 * that shape reads the same with and without a trailing space (which
 * sends it through the grammar). */
static void test_iso_fast_path_as_grammar(void **state)
{
	unsigned seed = 9;
	char s[16];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		int v[8];
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			v[k] = (int)((seed >> 16) % 10);
		}
		/* mostly plausible years and months, so that most are days */
		if (i % 4) {
			v[0] = 2;
			v[1] = 0;
			v[4] = v[4] % 2;
		}
		snprintf(s, sizeof s, "%d%d%d%d-%d%d-%d%d ", v[0], v[1], v[2], v[3], v[4], v[5],
		         v[6], v[7]);
		hz_date a = -1, b = -1;
		bool fa = hz_date_parse((hz_str){ s, 10 }, 0, &a);
		bool fb = hz_date_parse((hz_str){ s, 11 }, 0, &b);
		if (fa != fb || (fa && a != b))
			fail_msg("'%.10s': fast %d (%d), grammar %d (%d)", s, fa, (int)a, fb,
			         (int)b);
	}
	hz_date d;
	assert_true(hz_date_parse(hz_str_c("2023-08-28"), 0, &d));
	int y, m, dd;
	hz_date_to_ymd(d, &y, &m, &dd);
	assert_int_equal(y * 10000 + m * 100 + dd, 20230828);
	assert_false(hz_date_parse(hz_str_c("2023-02-29"), 0, &d));
}

/* Excel's day count, for the bad-date hint: day 45083 is 2023-06-06
 * (Excel counts a 1900-02-29, so days from 61 on are 1899-12-30 + n). */
static void test_excel_serial(void **state)
{
	hz_date d, want;
	char iso[11];

	(void)state;
	assert_true(hz_date_excel_serial(hz_str_c("45083"), &d));
	hz_date_format(d, iso);
	assert_string_equal(iso, "2023-06-06");
	assert_true(hz_date_excel_serial(hz_str_c(" 32874 "), &d)); /* 1990-01-01 */
	assert_true(hz_date_from_ymd(1990, 1, 1, &want));
	assert_int_equal(d, want);
	assert_true(hz_date_excel_serial(hz_str_c("73415"), &d));  /* 2100-12-31 */
	assert_false(hz_date_excel_serial(hz_str_c("32873"), &d)); /* 1989 */
	assert_false(hz_date_excel_serial(hz_str_c("73416"), &d)); /* 2101 */
	assert_false(hz_date_excel_serial(hz_str_c("2023"), &d));
	assert_false(hz_date_excel_serial(hz_str_c("45083.5"), &d));
	assert_false(hz_date_excel_serial(hz_str_c("-45083"), &d));
	assert_false(hz_date_excel_serial(hz_str_c(""), &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_fast_path_as_grammar),
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_round_trip_all_days),
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_from_ymd_rejects),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_spaces_around),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_before),
		cmocka_unit_test(test_impossible_days),
		cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_long_input),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_excel_serial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
