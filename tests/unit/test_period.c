/* test_period.c - the calendar periods of hz-due, worked out by hand */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "hz/period.h"

static hz_date day(const char *s)
{
	hz_date d;

	if (!hz_date_parse(hz_str_c(s), 0, &d))
		fail_msg("bad test date %s", s);
	return d;
}

static void expect_period(hz_period p, const char *start, const char *end)
{
	char a[11], b[11];

	hz_date_format(p.start, a);
	hz_date_format(p.end, b);
	if (strcmp(a, start) != 0 || strcmp(b, end) != 0)
		fail_msg("period %s..%s, want %s..%s", a, b, start, end);
}

static void expect_text(hz_every e, hz_period p, const char *want)
{
	char buf[32];

	hz_period_text(e, p, buf);
	assert_string_equal(buf, want);
}

/* The campaign's window 2023-05-23..2023-12-31: May is 05-23..05-31. */
static void test_clipping(void **state)
{
	hz_periods m = hz_periods_of(HZ_EVERY_MONTH, day("2023-05-23"), day("2023-12-31"));
	hz_periods q = hz_periods_of(HZ_EVERY_QUARTER, day("2023-05-23"), day("2023-12-31"));
	hz_periods h = hz_periods_of(HZ_EVERY_HALF, day("2023-05-23"), day("2023-12-31"));
	hz_periods y = hz_periods_of(HZ_EVERY_YEAR, day("2023-05-23"), day("2023-12-31"));

	(void)state;
	assert_int_equal(hz_periods_count(&m), 8); /* May..December */
	expect_period(hz_periods_at(&m, 0), "2023-05-23", "2023-05-31");
	expect_period(hz_periods_at(&m, 1), "2023-06-01", "2023-06-30");
	expect_period(hz_periods_at(&m, 7), "2023-12-01", "2023-12-31");
	assert_int_equal(hz_periods_count(&q), 3); /* Q2 clipped, Q3, Q4 */
	expect_period(hz_periods_at(&q, 0), "2023-05-23", "2023-06-30");
	expect_period(hz_periods_at(&q, 1), "2023-07-01", "2023-09-30");
	assert_int_equal(hz_periods_count(&h), 2);
	expect_period(hz_periods_at(&h, 0), "2023-05-23", "2023-06-30");
	expect_period(hz_periods_at(&h, 1), "2023-07-01", "2023-12-31");
	assert_int_equal(hz_periods_count(&y), 1);
	expect_period(hz_periods_at(&y, 0), "2023-05-23", "2023-12-31");
	/* a window ending mid-month clips the last period too */
	hz_periods w = hz_periods_of(HZ_EVERY_MONTH, day("2024-01-15"), day("2024-03-10"));
	assert_int_equal(hz_periods_count(&w), 3);
	expect_period(hz_periods_at(&w, 1), "2024-02-01", "2024-02-29"); /* leap year */
	expect_period(hz_periods_at(&w, 2), "2024-03-01", "2024-03-10");
	/* a window over a year's end */
	hz_periods x = hz_periods_of(HZ_EVERY_HALF, day("2023-11-01"), day("2024-08-31"));
	assert_int_equal(hz_periods_count(&x), 3);
	expect_period(hz_periods_at(&x, 1), "2024-01-01", "2024-06-30");
	/* an empty window */
	hz_periods e = hz_periods_of(HZ_EVERY_MONTH, day("2023-06-02"), day("2023-06-01"));
	assert_int_equal(hz_periods_count(&e), 0);
}

static void test_index(void **state)
{
	hz_periods m = hz_periods_of(HZ_EVERY_MONTH, day("2023-05-23"), day("2023-12-31"));
	hz_periods q = hz_periods_of(HZ_EVERY_QUARTER, day("2023-05-23"), day("2023-12-31"));
	hz_periods o = hz_periods_of(HZ_EVERY_ONCE, day("2023-05-23"), day("2023-05-31"));

	(void)state;
	assert_int_equal(hz_periods_index(&m, day("2023-05-23")), 0);
	assert_int_equal(hz_periods_index(&m, day("2023-05-31")), 0); /* a period's last day */
	assert_int_equal(hz_periods_index(&m, day("2023-06-01")), 1);
	assert_int_equal(hz_periods_index(&m, day("2023-12-31")), 7);
	assert_int_equal(hz_periods_index(&m, day("2023-05-22")), -1); /* before the window */
	assert_int_equal(hz_periods_index(&m, day("2024-01-01")), -1); /* after it */
	assert_int_equal(hz_periods_index(&q, day("2023-06-30")), 0);
	assert_int_equal(hz_periods_index(&q, day("2023-07-01")), 1);
	assert_int_equal(hz_periods_index(&q, day("2023-12-01")), 2);
	assert_int_equal(hz_periods_count(&o), 1);
	expect_period(hz_periods_at(&o, 0), "2023-05-23", "2023-05-31");
	assert_int_equal(hz_periods_index(&o, day("2023-05-31")), 0);
	assert_int_equal(hz_periods_index(&o, day("2023-06-01")), -1);
}

/* Windows that start or end on a period's edge, span years, or are one
 * day long (answers by hand, 2024 a leap year). */
static void test_edges(void **state)
{
	hz_periods q = hz_periods_of(HZ_EVERY_QUARTER, day("2024-03-31"), day("2024-10-01"));
	hz_periods y = hz_periods_of(HZ_EVERY_YEAR, day("2023-12-31"), day("2025-01-01"));
	hz_periods one = hz_periods_of(HZ_EVERY_MONTH, day("2024-02-29"), day("2024-02-29"));
	hz_periods h = hz_periods_of(HZ_EVERY_HALF, day("2024-06-30"), day("2024-07-01"));

	(void)state;
	assert_int_equal(hz_periods_count(&q), 4); /* Q1's last day .. Q4's first */
	expect_period(hz_periods_at(&q, 0), "2024-03-31", "2024-03-31");
	expect_period(hz_periods_at(&q, 1), "2024-04-01", "2024-06-30");
	expect_period(hz_periods_at(&q, 3), "2024-10-01", "2024-10-01");
	assert_int_equal(hz_periods_index(&q, day("2024-09-30")), 2);
	assert_int_equal(hz_periods_index(&q, day("2024-10-01")), 3);
	assert_int_equal(hz_periods_count(&y), 3);
	expect_period(hz_periods_at(&y, 1), "2024-01-01", "2024-12-31");
	expect_period(hz_periods_at(&y, 2), "2025-01-01", "2025-01-01");
	assert_int_equal(hz_periods_index(&y, day("2024-02-29")), 1);
	assert_int_equal(hz_periods_count(&one), 1);
	expect_period(hz_periods_at(&one, 0), "2024-02-29", "2024-02-29");
	assert_int_equal(hz_periods_index(&one, day("2024-03-01")), -1);
	assert_int_equal(hz_periods_count(&h), 2);
	expect_period(hz_periods_at(&h, 0), "2024-06-30", "2024-06-30");
	expect_period(hz_periods_at(&h, 1), "2024-07-01", "2024-07-01");
	expect_text(HZ_EVERY_QUARTER, hz_periods_at(&q, 3), "2024年第4季度");
	expect_text(HZ_EVERY_HALF, hz_periods_at(&h, 0), "2024年上半年");
	expect_text(HZ_EVERY_YEAR, hz_periods_at(&y, 2), "2025年");
	expect_text(HZ_EVERY_ONCE, (hz_period){ day("2024-01-01"), day("2024-02-29") },
	            "2024-02-29前");
}

static void test_names(void **state)
{
	hz_every e = HZ_EVERY_COUNT;

	(void)state;
	for (int i = 0; i < HZ_EVERY_COUNT; i++) {
		assert_true(hz_every_parse(hz_every_name((hz_every)i), &e));
		assert_int_equal(e, i);
	}
	assert_false(hz_every_parse("weekly", &e));
	assert_false(hz_every_parse("Month", &e));
	/* shortest first: the order in which the shortest period wins */
	assert_true(HZ_EVERY_MONTH < HZ_EVERY_QUARTER && HZ_EVERY_QUARTER < HZ_EVERY_HALF &&
	            HZ_EVERY_HALF < HZ_EVERY_YEAR && HZ_EVERY_YEAR < HZ_EVERY_ONCE);
	hz_period p = { day("2023-07-01"), day("2023-09-30") };
	expect_text(HZ_EVERY_MONTH, (hz_period){ day("2023-06-01"), day("2023-06-30") }, "2023-06");
	expect_text(HZ_EVERY_QUARTER, p, "2023年第3季度");
	expect_text(HZ_EVERY_QUARTER, (hz_period){ day("2023-05-23"), day("2023-06-30") },
	            "2023年第2季度");
	expect_text(HZ_EVERY_HALF, (hz_period){ day("2023-07-01"), day("2023-12-31") },
	            "2023年下半年");
	expect_text(HZ_EVERY_HALF, (hz_period){ day("2023-05-23"), day("2023-06-30") },
	            "2023年上半年");
	expect_text(HZ_EVERY_YEAR, (hz_period){ day("2023-05-23"), day("2023-12-31") }, "2023年");
	expect_text(HZ_EVERY_ONCE, (hz_period){ day("2023-05-23"), day("2023-05-31") },
	            "2023-05-31前");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clipping),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
