/* test_normalize.c - hz-fmt --normalize of cells and records */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/normalize.h"
#include "../../lib/model/record_int.h"

/* Normalise text as a value of type t's field k; compare with want (NULL:
 * left as it is). */
static void check(hz_type t, hz_key k, const char *in, const char *want)
{
	const hz_field *f = hz_field_of(t, k);
	char *got;

	assert_non_null(f);
	got = hz_normalize_cell(f, hz_str_c(in), NULL);
	if (want == NULL && got != NULL)
		fail_msg("%s '%s': got '%s', expected no change", f->name, in, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s '%s': got '%s', expected '%s'", f->name, in, got ? got : "(no change)",
		         want);
	free(got);
}

static void test_dates(void **state)
{
	static const char *const spellings[] = {
		"2023/5/23",
		"2023/05/23",
		"2023.5.23",
		"2023年5月23日",
		"20230523",
		"２０２３年５月２３日",
		"２０２３-０５-２３",
		" 2023-05-23 ",
		"2023-5-23",
		"2023-05-23 14:30",
		"2023-05-23 14:30:00",
		"2023年05月23日",
		"\343\200\2002023/5/23", /* U+3000 first */
	};

	(void)state;
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		check(HZ_HAZARD, HZ_K_CHECK_DATE, spellings[i], "2023-05-23");
		check(HZ_HAZARD, HZ_K_DONE_DATE, spellings[i], "2023-05-23");
		check(HZ_HAZARD, HZ_K_DEADLINE, spellings[i], "2023-05-23");
		check(HZ_HAZARD, HZ_K_EXTENSION, spellings[i], "2023-05-23");
		check(HZ_CHECK, HZ_K_CHECK_DATE, spellings[i], "2023-05-23");
		check(HZ_ACTIVITY, HZ_K_DATE, spellings[i], "2023-05-23");
	}
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "2023-05-23", NULL); /* already */
	/* deadline only: 前 and 之前 dropped */
	check(HZ_HAZARD, HZ_K_DEADLINE, "2023年6月30日前", "2023-06-30");
	check(HZ_HAZARD, HZ_K_DEADLINE, "2023年6月30日之前", "2023-06-30");
	check(HZ_HAZARD, HZ_K_DEADLINE, "2023-06-30前", "2023-06-30");
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "2023年6月30日前", NULL);
	check(HZ_HAZARD, HZ_K_EXTENSION, "2023年6月30日前", NULL);
	/* invalid: left as they are */
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "2023-02-29", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "2023-04-31", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "5月23日", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "1899-12-31", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "soon", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "   ", NULL);
	check(HZ_HAZARD, HZ_K_CHECK_DATE, "2024/2/29", "2024-02-29");
}

static void test_progress_dates(void **state)
{
	(void)state;
	check(HZ_HAZARD, HZ_K_PROGRESS_DATE, "2023/6/1\n2023年6月5日", "2023-06-01\n2023-06-05");
	check(HZ_HAZARD, HZ_K_PROGRESS_DATE, "2023/6/1\r\n20230605", "2023-06-01\n2023-06-05");
	/* a line that is not a date stays; the others are normalised */
	check(HZ_HAZARD, HZ_K_PROGRESS_DATE, "2023.6.1\nlater", "2023-06-01\nlater");
	check(HZ_HAZARD, HZ_K_PROGRESS_DATE, "2023-06-01\n2023-06-05", NULL);
	check(HZ_HAZARD, HZ_K_PROGRESS, "2023/6/1", NULL); /* text */
}

static void test_words(void **state)
{
	(void)state;
	check(HZ_HAZARD, HZ_K_DOMAIN, "危化品", "危险化学品");
	check(HZ_HAZARD, HZ_K_DOMAIN, "道路交通", "交通运输");
	check(HZ_HAZARD, HZ_K_DOMAIN, "电动车", "电动自行车");
	check(HZ_HAZARD, HZ_K_DOMAIN, " 消防 ", "消防");
	check(HZ_HAZARD, HZ_K_DOMAIN, "消防", NULL);
	check(HZ_HAZARD, HZ_K_DOMAIN, "餐饮", NULL); /* not a domain */
	check(HZ_HAZARD, HZ_K_LEVEL, "市级", "市");
	check(HZ_HAZARD, HZ_K_LEVEL, "县级", "县区");
	check(HZ_HAZARD, HZ_K_LEVEL, "县（区）", "县区");
	check(HZ_HAZARD, HZ_K_LEVEL, "省", NULL);
	check(HZ_HAZARD, HZ_K_STAGE, "完成整改", "已整改");
	check(HZ_HAZARD, HZ_K_STAGE, "未开始", "未整改");
	check(HZ_HAZARD, HZ_K_STAGE, "正在整改", "整改中");
	check(HZ_HAZARD, HZ_K_STAGE, "销号", "已销号");
	check(HZ_HAZARD, HZ_K_STAGE, "未整改\xe3\x80\x80", "未整改");
	check(HZ_HAZARD, HZ_K_STAGE, "搁置", NULL);
	check(HZ_HAZARD, HZ_K_SOURCE, " 企业自查", "企业自查");
	check(HZ_HAZARD, HZ_K_SOURCE, "部门检查", NULL);
	check(HZ_HAZARD, HZ_K_SOURCE, "群众举报", NULL);
}

static void test_flags(void **state)
{
	(void)state;
	check(HZ_CHECK, HZ_K_NO_STUDY, "1", "是");
	check(HZ_CHECK, HZ_K_NO_STUDY, "Y", "是");
	check(HZ_CHECK, HZ_K_NO_DRILL, "true", "是");
	check(HZ_CHECK, HZ_K_NO_DRILL, "√", "是");
	check(HZ_CHECK, HZ_K_NO_DRILL, "是", NULL);
	check(HZ_CHECK, HZ_K_NO_DUTY_LIST, "0", "否");
	check(HZ_CHECK, HZ_K_NO_DUTY_LIST, "n", "否");
	check(HZ_CHECK, HZ_K_NO_DUTY_LIST, "false", "否");
	check(HZ_CHECK, HZ_K_NO_DUTY_LIST, "", NULL); /* empty stays */
	check(HZ_CHECK, HZ_K_NO_DUTY_LIST, "maybe", NULL);
	check(HZ_HAZARD, HZ_K_LISTED, "1", "是");
	check(HZ_HAZARD, HZ_K_LISTED, "否", NULL);
	check(HZ_HAZARD, HZ_K_LISTED, "2023年6月1日", "2023-06-01");
	check(HZ_HAZARD, HZ_K_LISTED, "2023-06-01", NULL);
	check(HZ_HAZARD, HZ_K_LISTED, "督办", NULL);
}

static void test_numbers(void **state)
{
	(void)state;
	check(HZ_HAZARD, HZ_K_FUNDS, "1.50", "1.5");
	check(HZ_HAZARD, HZ_K_FUNDS, "2.0000", "2");
	check(HZ_HAZARD, HZ_K_FUNDS, " 3 ", "3");
	check(HZ_HAZARD, HZ_K_FUNDS, "00.35", "0.35");
	check(HZ_HAZARD, HZ_K_FUNDS, "0.35", NULL);
	check(HZ_HAZARD, HZ_K_FUNDS, "1,000", NULL); /* invalid */
	check(HZ_HAZARD, HZ_K_FUNDS, "1.23456", NULL);
	check(HZ_HAZARD, HZ_K_FUNDS, "-1", NULL);
	check(HZ_ACTIVITY, HZ_K_AMOUNT, "12.3400", "12.34");
	check(HZ_ACTIVITY, HZ_K_COUNT, " 007 ", "7");
	check(HZ_ACTIVITY, HZ_K_COUNT, "3", NULL);
	check(HZ_ACTIVITY, HZ_K_COUNT, "3.0", NULL);
	check(HZ_HAZARD, HZ_K_ID, "012", "12");
	check(HZ_HAZARD, HZ_K_HAZARD, " 1.50 ", NULL); /* text */
	check(HZ_HAZARD, HZ_K_REMARKS, "2023/5/23", NULL);
}

/* A record of schema s with cells given in column order. */
static hz_record *record(hz_schema *s, const char *const *cells)
{
	hz_record *r = hz_record_new(s);

	for (size_t c = 0; c < s->ncols; c++)
		hz_record_push(r, cells[c], strlen(cells[c]));
	return r;
}

static hz_schema *schema(hz_type t, const char *const *names, size_t n)
{
	hz_schema *s = hz_schema_new(t);

	for (size_t c = 0; c < n; c++)
		hz_schema_add(s, names[c], strlen(names[c]),
		              hz_match_header(t, hz_str_c(names[c])));
	return s;
}

static void test_record_sub(void **state)
{
	static const char *const names[] = { "日期", "事项", "数量", "其中", "自定义" };
	static const char *const amount[] = { "2023/6/1", "4.5", "2", "1.50", "2023/6/1" };
	static const char *const count[] = { "2023-06-01", "3.8", "04", "03", "x" };
	static const char *const other[] = { "2023-06-01", "3.1", "1", "1.50", "x" };
	hz_schema *s = schema(HZ_ACTIVITY, names, 5);
	hz_record *r;

	(void)state;
	assert_int_equal(s->keys[4], HZ_K_NONE);
	r = record(s, amount);
	assert_int_equal(hz_normalize_record(r), 2);
	assert_true(hz_str_eq(r->cells[0], "2023-06-01"));
	assert_true(hz_str_eq(r->cells[1], "4.5"));
	assert_true(hz_str_eq(r->cells[3], "1.5"));
	assert_true(hz_str_eq(r->cells[4], "2023/6/1")); /* unknown column */
	hz_record_free(r);
	r = record(s, count);
	assert_int_equal(hz_normalize_record(r), 2);
	assert_true(hz_str_eq(r->cells[2], "4"));
	assert_true(hz_str_eq(r->cells[3], "3"));
	hz_record_free(r);
	r = record(s, other);
	assert_int_equal(hz_normalize_record(r), 0);
	assert_true(hz_str_eq(r->cells[3], "1.50"));
	hz_record_free(r);
	hz_schema_unref(s);
}

static void test_record_unknown_type(void **state)
{
	static const char *const names[] = { "a", "检查日期" };
	static const char *const cells[] = { "1.50", "2023/5/23" };
	hz_schema *s = hz_schema_new(HZ_TYPE_UNKNOWN);
	hz_record *r;

	(void)state;
	for (size_t c = 0; c < 2; c++)
		hz_schema_add(s, names[c], strlen(names[c]), HZ_K_NONE);
	r = record(s, cells);
	assert_int_equal(hz_normalize_record(r), 0);
	assert_true(hz_str_eq(r->cells[1], "2023/5/23"));
	hz_record_free(r);
	hz_schema_unref(s);
}

static void test_record_hazard(void **state)
{
	static const char *const names[] = {
		"序号",     "专题领域", "重大隐患",     "检查日期",         "计划整改时限",
		"整改阶段", "整改进展", "整改进展时间", "整改资金（万元）",
	};
	static const char *const cells[] = {
		"3",
		"危化品",
		"仓库 2023/5/1 起堆放",
		"2023年5月26日",
		"2023年6月10日前",
		"整改完成",
		"已清理\n已验收",
		"2023/6/1\n2023/6/9",
		"0.20",
	};
	hz_schema *s = schema(HZ_HAZARD, names, 9);
	hz_record *r = record(s, cells);

	(void)state;
	assert_int_equal(hz_normalize_record(r), 6);
	assert_true(hz_str_eq(r->cells[0], "3"));
	assert_true(hz_str_eq(r->cells[1], "危险化学品"));
	assert_true(hz_str_eq(r->cells[2], "仓库 2023/5/1 起堆放"));
	assert_true(hz_str_eq(r->cells[3], "2023-05-26"));
	assert_true(hz_str_eq(r->cells[4], "2023-06-10"));
	assert_true(hz_str_eq(r->cells[5], "已整改"));
	assert_true(hz_str_eq(r->cells[6], "已清理\n已验收"));
	assert_true(hz_str_eq(r->cells[7], "2023-06-01\n2023-06-09"));
	assert_true(hz_str_eq(r->cells[8], "0.2"));
	/* a second pass changes nothing */
	assert_int_equal(hz_normalize_record(r), 0);
	hz_record_free(r);
	hz_schema_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_progress_dates),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_record_sub),
		cmocka_unit_test(test_record_unknown_type),
		cmocka_unit_test(test_record_hazard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
