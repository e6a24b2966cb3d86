/* test_reject.c - a record's errors gathered as a rejected record's columns */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hz/reject.h"

static void test_columns(void **state)
{
	hz_reject *rj = hz_reject_new(false);
	hz_extra x[2];

	(void)state;
	assert_int_equal(hz_reject_extras(rj, false, x), 0);
	hz_reject_hook(&(hz_finding){ .rule = "required",
	                              .field = "unit",
	                              .severity = HZ_ERROR,
	                              .message = "责任单位 \"空\"" },
	               rj);
	hz_reject_hook(
	        &(hz_finding){ .rule = "future-date", .severity = HZ_WARNING, .message = "later" },
	        rj);
	hz_reject_hook(
	        &(hz_finding){ .rule = "bad-date", .severity = HZ_ERROR, .message = "not a date" },
	        rj);
	assert_int_equal(hz_reject_extras(rj, false, x), 2);
	assert_string_equal(x[0].header, "错误规则");
	assert_string_equal(x[0].text, "required;bad-date"); /* the warning is not kept */
	assert_string_equal(x[1].text, "责任单位 \"空\"; not a date");
	hz_reject_reset(rj);
	assert_int_equal(hz_reject_extras(rj, false, x), 0);
	hz_reject_hook(&(hz_finding){ .rule = "required",
	                              .field = "unit",
	                              .severity = HZ_ERROR,
	                              .message = "a \"b\"" },
	               rj);
	assert_int_equal(hz_reject_extras(rj, true, x), 1);
	assert_string_equal(x[0].key, "errors");
	assert_string_equal(
	        x[0].json,
	        "[{\"rule\":\"required\",\"field\":\"unit\",\"message\":\"a \\\"b\\\"\"}]");
	hz_reject_free(rj);
}

static void test_strict(void **state)
{
	hz_reject *rj = hz_reject_new(true);
	hz_extra x[2];

	(void)state;
	hz_reject_hook(
	        &(hz_finding){ .rule = "future-date", .severity = HZ_WARNING, .message = "later" },
	        rj);
	assert_int_equal(hz_reject_extras(rj, false, x), 2);
	assert_string_equal(x[0].text, "future-date");
	hz_reject_free(rj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
