/* test_select.c - the conditions of --where: each operator, each way a
 * kind compares, the preamble's 填报单位, and the expressions refused */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/select.h"
#include "../../lib/model/record_int.h" /* the preamble's 填报单位 of a schema */

/* A hazard record with the columns named by keys and the cells given. */
static hz_record *hazard(const char *reporter, const hz_key *keys, const char *const *cells,
                         size_t n)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD);
	hz_record *r;

	for (size_t i = 0; i < n; i++)
		hz_schema_add(s, hz_key_name(keys[i]), strlen(hz_key_name(keys[i])), keys[i]);
	if (reporter)
		s->reporter = strdup(reporter);
	r = hz_record_new(s);
	for (size_t i = 0; i < n; i++)
		hz_record_push(r, cells[i], strlen(cells[i]));
	hz_schema_unref(s);
	return r;
}

static const hz_key keys[] = {
	HZ_K_ID,     HZ_K_STAGE,  HZ_K_UNIT,    HZ_K_DEADLINE, HZ_K_PROGRESS_DATE,
	HZ_K_LISTED, HZ_K_DOMAIN, HZ_K_REMARKS,
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* Does the one condition expr hold for r? */
static bool one(const char *expr, const hz_record *r)
{
	hz_select *s = hz_select_new();
	char err[256];

	assert_int_equal(hz_select_add(s, expr, err, sizeof err), 0);
	bool m = hz_select_match(s, r);
	hz_select_free(s);
	return m;
}

static void test_equal_by_kind(void **state)
{
	const char *cells[NKEYS] = { "04",
		                     " 已销号 ",
		                     "某某酒店有限公司",
		                     "2023年6月30日",
		                     "2023-05-01\n2023/6/2",
		                     "2023-06-01",
		                     "消防",
		                     "" };
	hz_record *r = hazard("公园社区", keys, cells, NKEYS);

	(void)state;
	assert_true(one("序号=4", r)); /* an id by number */
	assert_true(one("序号<=4", r));
	assert_false(one("序号>4", r));
	assert_true(one("id = 4 ", r));         /* key, spaces trimmed */
	assert_true(one("整改阶段=已销号", r)); /* trimmed */
	assert_true(one("整改状态=销号", r));   /* alias of the field, alias of the word */
	assert_false(one("整改阶段=已整改", r));
	assert_true(one("整改阶段!=已整改", r));
	assert_true(one("计划整改时限=2023-06-30", r)); /* by day */
	assert_false(one("deadline=2023-06-29", r));
	assert_true(one("挂牌督办=是", r)); /* a date there means listed */
	assert_true(one("挂牌督办=2023/6/1", r));
	assert_true(one("专题领域=消防", r));
	assert_true(one("备注=", r)); /* empty */
	assert_false(one("备注!=", r));
	assert_true(one("填报单位=公园社区", r)); /* the preamble's, no column */
	assert_false(one("填报单位=其他社区", r));
	assert_true(one("enterprise=", r)); /* a field the record lacks is empty */
	hz_record_free(r);
}

static void test_contains_and_dates(void **state)
{
	const char *cells[NKEYS] = {
		"1",    "整改中", "某某酒店有限公司", "2023-06-30前", "2023-05-01\n2023/6/2", "否",
		"消防", "见附件"
	};
	hz_record *r = hazard(NULL, keys, cells, NKEYS);

	(void)state;
	assert_true(one("责任单位~酒店", r));
	assert_false(one("责任单位~超市", r));
	assert_true(one("计划整改时限<2023-07-01", r)); /* 前 read as on the deadline */
	assert_false(one("计划整改时限<2023-06-30", r));
	assert_true(one("计划整改时限<=2023-06-30", r));
	assert_true(one("计划整改时限>=2023-06-30", r));
	assert_false(one("计划整改时限>2023-06-30", r));
	/* several dates: the latest */
	assert_true(one("整改进展时间>2023-06-01", r));
	assert_false(one("整改进展时间>2023-06-02", r));
	assert_false(one("挂牌督办=是", r));
	assert_true(one("挂牌督办=否", r));
	/* a cell that is not a date never compares */
	const char *bad[NKEYS] = { "2", "", "", "尽快", "", "", "", "" };
	hz_record *b = hazard(NULL, keys, bad, NKEYS);
	assert_false(one("deadline<2030-01-01", b));
	assert_false(one("deadline>=1990-01-01", b));
	assert_true(one("整改阶段!=已销号", b)); /* empty is not 已销号 */
	hz_record_free(b);
	hz_record_free(r);
}

static void test_all_must_hold(void **state)
{
	const char *cells[NKEYS] = { "3", "未整改", "A 超市", "2023-06-01", "", "", "燃气", "" };
	hz_record *r = hazard("公园社区", keys, cells, NKEYS);
	hz_select *s = hz_select_new();
	char err[256];

	(void)state;
	assert_int_equal(hz_select_count(s), 0);
	assert_true(hz_select_match(s, r)); /* no condition: every record */
	assert_int_equal(hz_select_add(s, "填报单位=公园社区", err, sizeof err), 0);
	assert_int_equal(hz_select_add(s, "整改阶段!=已销号", err, sizeof err), 0);
	assert_true(hz_select_match(s, r));
	assert_int_equal(hz_select_add(s, "责任单位~酒店", err, sizeof err), 0);
	assert_int_equal(hz_select_count(s), 3);
	assert_false(hz_select_match(s, r));
	hz_select_free(s);
	hz_record_free(r);
}

static void test_bad_expressions(void **state)
{
	static const char *const bad[] = {
		"整改阶段",            /* no operator */
		"=已销号",             /* no field */
		"阶段名=已销号",       /* no such field */
		"整改阶段=已消号",     /* not a stage word */
		"责任单位<2023-01-01", /* not a date field */
		"deadline<soon",       /* not a date */
		"序号<四",             /* not a number */
		"检查日期=五月",       /* not a date */
		"挂牌督办=也许",       /* not a flag */
		"整改阶段!已销号",     /* '!' alone */
	};
	hz_select *s = hz_select_new();
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(hz_select_add(s, bad[i], err, sizeof err), -1);
		assert_non_null(strstr(err, "--where"));
		assert_non_null(strstr(err, bad[i]));
	}
	assert_int_equal(hz_select_count(s), 0);
	hz_select_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_by_kind),
		cmocka_unit_test(test_contains_and_dates),
		cmocka_unit_test(test_all_must_hold),
		cmocka_unit_test(test_bad_expressions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
