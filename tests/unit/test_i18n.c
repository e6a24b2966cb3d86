/* test_i18n.c - the locale: messages translated in one place (diag), the
 * fixed parts of a finding kept, numbers in the C form, the catalogue found
 * through HZ_LOCALEDIR */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/diag.h"
#include "hz/i18n.h"
#include "../../lib/model/record_int.h"

static char *buf;
static size_t len;

static FILE *mem_open(void)
{
	free(buf);
	buf = NULL;
	len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	return f;
}

/* Switch the process to LOCALE the way a tool starts: environment, then
 * hz_i18n_init. Skips the test when the machine lacks the locale. */
static void use_locale(const char *locale)
{
	char dir[4096];
	const char *build = getenv("HZ_BUILD_DIR");

	assert_non_null(build);
	snprintf(dir, sizeof dir, "%s/locale", build);
	setenv("HZ_LOCALEDIR", dir, 1);
	setenv("LC_ALL", locale, 1);
	unsetenv("LANGUAGE");
	if (!setlocale(LC_ALL, locale)) {
		fprintf(stderr, "test_i18n: no %s locale (./bootstrap test makes it)\n", locale);
		skip();
	}
	hz_i18n_init();
}

/* One finding about a record, as a tool reports it, TIMES times through
 * one diag (the second on comes from its table of translations). */
static const char *findings(int times)
{
	hz_diag d;
	hz_schema *s = hz_schema_full(HZ_HAZARD, false);
	hz_record *r = hz_record_new(s);
	FILE *f = mem_open();

	hz_schema_unref(s);
	hz_diag_init(&d, "hz-validate");
	d.out = f;
	for (size_t c = 0; c < r->schema->ncols; c++)
		hz_record_push(r, "", 0);
	assert_true(hz_record_set(r, HZ_K_ID, "4", 1));
	r->place = (hz_place){ .file = "台账.csv", .line = 12, .record = 4, .row = 10 };
	for (int i = 0; i < times; i++)
		hz_diag_record(&d, r, HZ_RULE_BAD_ID, HZ_K_ID, "%s '%s' is not a positive integer",
		               "序号", "x");
	assert_int_equal(fclose(f), 0);
	hz_record_free(r);
	return buf;
}

static const char *finding(void)
{
	return findings(1);
}

static void test_chinese(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	assert_string_equal(HZ_("error"), "错误");
	assert_string_equal(
	        finding(),
	        "hz-validate: 台账.csv:12: 错误: 序号“x”不是正整数（序号 4，第 10 行） [bad-id]\n");
	/* numbers keep the C locale's decimal point */
	assert_string_equal(setlocale(LC_NUMERIC, NULL), "C");
	assert_string_equal(localeconv()->decimal_point, ".");
}

/* Translations are looked up once a diag and kept: the same finding
 * three times reads the same each time, in the locale of its diag. */
static void test_kept_translations(void **state)
{
	const char *line =
	        "hz-validate: 台账.csv:12: 错误: 序号“x”不是正整数（序号 4，第 10 行） [bad-id]\n";
	char want[512];

	(void)state;
	use_locale("zh_CN.UTF-8");
	snprintf(want, sizeof want, "%s%s%s", line, line, line);
	assert_string_equal(findings(3), want);
	use_locale("C.UTF-8");
	assert_string_equal(
	        findings(2),
	        "hz-validate: 台账.csv:12: error: 序号 'x' is not a positive integer (序号 4, row 10) [bad-id]\n"
	        "hz-validate: 台账.csv:12: error: 序号 'x' is not a positive integer (序号 4, row 10) [bad-id]\n");
}

static void test_english(void **state)
{
	(void)state;
	use_locale("C.UTF-8");
	assert_string_equal(HZ_("error"), "error");
	assert_string_equal(
	        finding(),
	        "hz-validate: 台账.csv:12: error: 序号 'x' is not a positive integer (序号 4, row 10) [bad-id]\n");
}

/* LANGUAGE outranks LANG for messages, but not in the C locale: a tool run
 * by cron with LANG=C stays English. */
static void test_language_variable(void **state)
{
	(void)state;
	use_locale("C");
	setenv("LANGUAGE", "zh_CN", 1);
	assert_string_equal(HZ_("warning"), "warning");
	unsetenv("LANGUAGE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_kept_translations),
		cmocka_unit_test(test_language_variable),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	free(buf);
	return rc;
}
