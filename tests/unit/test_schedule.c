/* test_schedule.c - the built-in schedule of hz-due, schedule files, matching */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/schedule.h"

static hz_date day(const char *s)
{
	hz_date d;

	if (!hz_date_parse(hz_str_c(s), 0, &d))
		fail_msg("bad test date %s", s);
	return d;
}

static size_t code_of(const hz_schedule *s, const char *code)
{
	for (size_t i = 0; i < hz_schedule_ncodes(s); i++)
		if (strcmp(hz_schedule_code(s, i), code) == 0)
			return i;
	fail_msg("no code %s", code);
	return 0;
}

/* The default is the table of man hz-due, row for row. */
static void test_default(void **state)
{
	static const struct {
		const char *code;
		hz_applies applies;
		hz_every every;
		const char *due;
		int due_day;
		hz_by by;
		const char *start;      /* NULL: the window's 2023-05-23 */
		int due_after;
	} want[] = {
		{ "kickoff", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-05-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "mobilise", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-05-31", 0, HZ_BY_DUTY, NULL, 0 },
		/* 五(二): the plan and 台账 with the 自查自改 phase, 10月底前 */
		{ "plan", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "duty-list", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "self-check", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "meeting", HZ_APPLIES_ENTERPRISE, HZ_EVERY_MONTH, NULL, 0, HZ_BY_DUTY, "2023-06-01", 0 },
		{ "leader-check", HZ_APPLIES_ENTERPRISE, HZ_EVERY_QUARTER, NULL, 0, HZ_BY_DUTY, NULL, 0 },
		{ "leader-check", HZ_APPLIES_HIGH_RISK, HZ_EVERY_MONTH, NULL, 0, HZ_BY_DUTY, "2023-06-01", 0 },
		{ "education", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "hot-work", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "welding", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "key-staff", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "outsourcing", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-10-31", 0, HZ_BY_DUTY, NULL, 0 },
		{ "drill-plan", HZ_APPLIES_ENTERPRISE, HZ_EVERY_YEAR, NULL, 0, HZ_BY_DUTY, NULL, 0 },
		{ "drill-plan", HZ_APPLIES_HIGH_RISK, HZ_EVERY_HALF, NULL, 0, HZ_BY_DUTY, NULL, 0 },
		{ "drill-plan", HZ_APPLIES_CROWDED, HZ_EVERY_HALF, NULL, 0, HZ_BY_DUTY, NULL, 0 },
		{ "drill-site", HZ_APPLIES_ENTERPRISE, HZ_EVERY_HALF, NULL, 0, HZ_BY_DUTY, NULL, 0 },
		{ "spot-check", HZ_APPLIES_ENTERPRISE, HZ_EVERY_ONCE, "2023-11-30", 0, HZ_BY_CHECK, NULL, 0 },
		{ "report-month", HZ_APPLIES_UNIT, HZ_EVERY_MONTH, NULL, 28, HZ_BY_SUBMISSION, NULL, 0 },
		{ "report-plan", HZ_APPLIES_UNIT, HZ_EVERY_ONCE, "2023-05-24", 0, HZ_BY_SUBMISSION, NULL, 0 },
		{ "report-mid", HZ_APPLIES_UNIT, HZ_EVERY_ONCE, "2023-08-10", 0, HZ_BY_SUBMISSION, NULL, 0 },
		{ "report-final", HZ_APPLIES_UNIT, HZ_EVERY_ONCE, "2023-12-02", 0, HZ_BY_SUBMISSION, NULL, 0 },
		{ "district-month", HZ_APPLIES_OFFICE, HZ_EVERY_MONTH, NULL, 0, HZ_BY_SUBMISSION, NULL, 1 },
		{ "bulletin", HZ_APPLIES_OFFICE, HZ_EVERY_QUARTER, NULL, 0, HZ_BY_SUBMISSION, NULL, 0 },
	};
	const hz_schedule *s = hz_schedule_default();
	size_t n;
	const hz_duty_row *r = hz_schedule_rows(s, &n);

	(void)state;
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(r[i].code, want[i].code);
		assert_int_equal(r[i].applies, want[i].applies);
		assert_int_equal(r[i].every, want[i].every);
		if (want[i].due)
			assert_int_equal(r[i].due, day(want[i].due));
		assert_int_equal(r[i].due_day, want[i].due_day);
		assert_int_equal(r[i].by, want[i].by);
		assert_int_equal(r[i].start, day(want[i].start ? want[i].start : "2023-05-23"));
		assert_int_equal(r[i].due_after, want[i].due_after);
		assert_int_equal(r[i].end, day("2023-12-31"));
		assert_string_equal(hz_schedule_code(s, (size_t)r[i].code_index), r[i].code);
	}
	assert_int_equal(hz_schedule_ncodes(s), 21);
	assert_string_equal(hz_schedule_label(s, code_of(s, "meeting")), "专项行动推进会");
}

static void test_match(void **state)
{
	const hz_schedule *s = hz_schedule_default();
	uint64_t meeting = (uint64_t)1 << code_of(s, "meeting");

	(void)state;
	assert_int_equal(hz_schedule_match(s, hz_str_c("meeting")), meeting);
	assert_int_equal(hz_schedule_match(s, hz_str_c(" 专项行动推进会　")), meeting);
	assert_int_equal(hz_schedule_match(s, hz_str_c("事故应急救援预案演练")),
			 (uint64_t)1 << code_of(s, "drill-plan"));
	assert_int_equal(hz_schedule_match(s, hz_str_c("推进会")), 0);
	assert_int_equal(hz_schedule_match(s, hz_str_c("Meeting")), 0);
	assert_int_equal(hz_schedule_match(s, hz_str_c("")), 0);
	assert_int_equal(hz_schedule_match(s, HZ_STR_NONE), 0);
}

static const char *write_file(const char *text)
{
	static const char path[] = "test_schedule.csv";
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* A schedule file: its own columns, any case and order; a label shared by
 * two codes names both; every bad row is refused with its line. */
static void test_load(void **state)
{
	char err[512];
	hz_schedule *s;

	(void)state;
	s = hz_schedule_load(write_file("\xEF\xBB\xBF" "EVERY,Code,label,applies,due\n"
					"month,a,\"演练, 培训\",enterprise,\n"
					"\n"
					"quarter,b,\"演练, 培训\",crowded,\n"
					"once,c,报告,office,2023-09-01\n"), err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	size_t n;
	const hz_duty_row *r = hz_schedule_rows(s, &n);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].start, day("2023-05-23"));     /* the default window */
	assert_int_equal(r[2].due, day("2023-09-01"));
	assert_int_equal(hz_schedule_match(s, hz_str_c("演练, 培训")), 3);
	assert_int_equal(hz_schedule_match(s, hz_str_c("c")), 4);
	/* printed as a schedule file again */
	FILE *m = tmpfile();
	assert_non_null(m);
	assert_int_equal(hz_schedule_print(s, m), 0);
	rewind(m);
	char buf[1024];
	size_t len = fread(buf, 1, sizeof buf - 1, m);
	buf[len] = '\0';
	fclose(m);
	assert_string_equal(buf, "code,label,applies,every,due,start,end,by\n"
			    "a,\"演练, 培训\",enterprise,month,,2023-05-23,2023-12-31,duty\n"
			    "b,\"演练, 培训\",crowded,quarter,,2023-05-23,2023-12-31,duty\n"
			    "c,报告,office,once,2023-09-01,2023-05-23,2023-12-31,submission\n");
	hz_schedule_free(s);

	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "code,label,applies,every\nx,y,all,month\n", "line 2: applies 'all'" },
		{ "code,label,applies,every\nx,y,enterprise,daily\n", "line 2: every 'daily'" },
		{ "code,label,applies,every,due\nx,y,enterprise,once,\n", "line 2: a once row needs due" },
		{ "code,label,applies,every,due\nx,y,office,month,0\n", "line 2: due '0'" },
		{ "code,label,applies,every,due\nx,y,unit,month,+x\n", "line 2: due '+x'" },
		{ "code,label,applies,every,due\nx,y,enterprise,month,+1\n", "line 2: due is for" },
		{ "code,label,applies,every,by\nx,y,unit,month,duty\n", "line 2: by is submission" },
		{ "code,label,applies,every,by\nx,y,enterprise,month,submission\n", "line 2: by is submission" },
		{ "code,label,applies,every,start\nx,y,office,month,5月\n", "line 2: start '5月'" },
		{ "code,label,applies,every\nx,y,office,month\nx,y,enterprise,month\n",
		  "line 3: code 'x' is both" },
		{ "code,label,applies,every\nx,y,office,month,extra\n", "line 2: a cell beyond" },
		{ "code,label,applies,every,every\n", "line 1: two columns 'every'" },
		{ "code,label,every\n", "line 1: no column 'applies'" },
		{ "code,label,applies,every\n", "no rows" },
		{ "", "no rows" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		s = hz_schedule_load(write_file(bad[i].text), err, sizeof err);
		if (s || !strstr(err, bad[i].err))
			fail_msg("case %zu: got '%s', want '%s'", i, err, bad[i].err);
	}
	assert_null(hz_schedule_load("no-such-schedule.csv", err, sizeof err));
	assert_non_null(strstr(err, "no-such-schedule.csv"));
	remove("test_schedule.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
