/* test_stages.c - hz-tally --stages: the count per unit and stage, the
 * overdue ones, 合计 only over several units, other record types passed over */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/stages.h"

static const hz_key keys[] = { HZ_K_ID, HZ_K_REPORTER, HZ_K_STAGE, HZ_K_CHECK_DATE, HZ_K_DEADLINE };
#define NKEYS (sizeof keys / sizeof keys[0])

static hz_record *record(hz_type type, const char *const cells[NKEYS])
{
	hz_schema *s = hz_schema_new(type);
	hz_record *r;

	for (size_t i = 0; i < NKEYS; i++)
		hz_schema_add(s, hz_key_name(keys[i]), strlen(hz_key_name(keys[i])), keys[i]);
	r = hz_record_new(s);
	for (size_t i = 0; i < NKEYS; i++)
		hz_record_push(r, cells[i], strlen(cells[i]));
	hz_schema_unref(s);
	return r;
}

/* What hz_stages_write gives as CSV. */
static char *csv(const hz_stages *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(hz_stages_write(s, f, HZ_FMT_CSV, true, 0), 0);
	fclose(f);
	return buf;
}

static void add(hz_stages *s, hz_type type, const char *id, const char *unit, const char *stage,
                const char *check, const char *deadline)
{
	const char *cells[NKEYS] = { id, unit, stage, check, deadline };
	hz_record *r = record(type, cells);

	hz_stages_add(s, r);
	hz_record_free(r);
}

static void test_units_and_stages(void **state)
{
	hz_date as_of;
	hz_stages *s;
	char *out;

	(void)state;
	assert_true(hz_date_from_ymd(2023, 7, 1, &as_of));
	s = hz_stages_new(as_of);
	add(s, HZ_HAZARD, "1", "公园社区", "未整改", "2023-06-01", "2023-06-10"); /* overdue */
	add(s, HZ_HAZARD, "2", " 公园社区 ", "整改中", "2023-06-01",
	    "2023-07-10"); /* trimmed; due later */
	add(s, HZ_HAZARD, "3", "河东社区", "已销号", "2023-06-01",
	    "2023-06-10"); /* rectified: not overdue */
	add(s, HZ_HAZARD, "4", "公园社区", "进行中", "2023-06-01",
	    "2023-06-30"); /* unknown stage, overdue */
	add(s, HZ_HAZARD, "5", "公园社区", "未整改", "2023-07-05",
	    "2023-06-10"); /* found after as-of */
	add(s, HZ_CHECK, "6", "公园社区", "未整改", "2023-06-01", "2023-06-10"); /* not a hazard */
	out = csv(s);
	assert_string_equal(out, "unit,open,working,rectified,signed_off,no_stage,overdue,total\n"
	                         "公园社区,2,1,0,0,1,2,4\n"
	                         "河东社区,0,0,0,1,0,0,1\n"
	                         "合计,2,1,0,1,1,2,5\n");
	free(out);
	hz_stages_free(s);

	/* one unit: no 合计 */
	s = hz_stages_new(as_of);
	add(s, HZ_HAZARD, "1", "公园社区", "未整改", "2023-06-01", "2023-06-10");
	out = csv(s);
	assert_string_equal(out, "unit,open,working,rectified,signed_off,no_stage,overdue,total\n"
	                         "公园社区,1,0,0,0,0,1,1\n");
	free(out);
	hz_stages_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units_and_stages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
