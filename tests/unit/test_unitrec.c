/* test_unitrec.c - the units' reports and notices the 督促函 and the 通报
 * list, on a units file, a 报送台账 and notices worked out by hand */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../lib/ops/unitrec.h"
#include "records.h"

static void take(hz_unitrec *u, hz_record *r)
{
	assert_true(hz_unitrec_add(u, r));
	hz_record_free(r);
}

static void unit(hz_unitrec *u, const char *name)
{
	take(u, make(HZ_UNIT, HZ_K_NAME, name, HZ_K_KIND, "社区", HZ_K_NONE));
}

static void sub(hz_unitrec *u, const char *date, const char *who, const char *material,
                const char *period)
{
	take(u, make(HZ_SUBMISSION, HZ_K_DATE, date, HZ_K_REPORTER, who, HZ_K_MATERIAL, material,
	             HZ_K_PERIOD, period, HZ_K_NONE));
}

static void notice(hz_unitrec *u, const char *doc, const char *to, const char *issued,
                   const char *reply_by, const char *replied, const char *hazards)
{
	take(u, make(HZ_NOTICE, HZ_K_DOC, doc, HZ_K_KIND, "督促函", HZ_K_TO, to, HZ_K_ISSUED,
	             issued, HZ_K_REPLY_BY, reply_by, HZ_K_REPLIED, replied, HZ_K_HAZARDS, hazards,
	             HZ_K_NONE));
}

/* Units A, B, C. A: the plan on its day, May's 调度表 2 days late, June's
 * on time. B: June's 4 days late, nothing else. C: nothing. */
static hz_unitrec *june(const char *since, const char *until, const char *judged)
{
	hz_unitrec_opts o = { .since = since ? day(since) : 0,
		              .until = day(until),
		              .judged = day(judged) };
	hz_unitrec *u = hz_unitrec_new(&o);

	unit(u, "A社区");
	unit(u, "B社区");
	unit(u, " C社区 ");
	unit(u, "A社区"); /* twice: once */
	sub(u, "2023-05-24", "A社区", "report-plan", "");
	sub(u, "2023-05-30", "A社区", "report-month", "2023-05");
	sub(u, "2023-06-20", "A社区", "报送进展情况调度表", "2023-06");
	sub(u, "2023-07-02", "B社区", "report-month", "2023-06");
	sub(u, "2023-06-27", "A社区", "register", "2023-06");
	return u;
}

static void counts_are(hz_unitrec *u, const char *name, long due, long on_time, long late,
                       long missing)
{
	hz_unit_counts c;

	hz_unitrec_counts(u, name, &c);
	assert_int_equal(c.due, due);
	assert_int_equal(c.on_time, on_time);
	assert_int_equal(c.late, late);
	assert_int_equal(c.missing, missing);
}

/* The quarter as of 2023-07-10: each unit owes the plan (05-24) and the
 * 调度表 of May (05-28) and June (06-28). */
static void test_quarter(void **state)
{
	(void)state;
	hz_unitrec *u = june("2023-04-01", "2023-06-30", "2023-07-10");
	const char *const *names;
	const hz_unit_report *r;
	size_t n;

	assert_int_equal(hz_unitrec_units(u, &names), 3);
	assert_string_equal(names[2], "C社区");
	counts_are(u, "A社区", 3, 2, 1, 0);
	counts_are(u, "B社区", 3, 0, 1, 2);
	counts_are(u, "C社区", 3, 0, 0, 3);
	counts_are(u, "D社区", -1, -1, -1, -1); /* not a unit: no record */

	/* B: missing first (schedule order: 调度表, then the plan), then late */
	assert_true(hz_unitrec_reports(u, "B社区", &r, &n));
	assert_int_equal(n, 3);
	assert_string_equal(r[0].code, "report-month");
	assert_string_equal(r[0].period, "2023-05");
	assert_false(r[0].late);
	assert_int_equal(r[0].deadline, day("2023-05-28"));
	assert_int_equal(r[0].days, 43); /* 05-28 to 07-10 */
	assert_string_equal(r[1].code, "report-plan");
	assert_int_equal(r[1].days, 47);
	assert_true(r[2].late);
	assert_string_equal(r[2].period, "2023-06");
	assert_int_equal(r[2].received, day("2023-07-02"));
	assert_int_equal(r[2].days, 4);
	/* A: May's, 2 days late, received 05-30 */
	assert_true(hz_unitrec_reports(u, "A社区", &r, &n));
	assert_int_equal(n, 1);
	assert_true(r[0].late);
	assert_int_equal(r[0].days, 2);
	assert_int_equal(r[0].received, day("2023-05-30"));
	hz_unitrec_free(u);
}

/* Judged at the quarter's end, B's June 调度表 (in on 07-02) is missing. */
static void test_judged_early(void **state)
{
	(void)state;
	hz_unitrec *u = june("2023-04-01", "2023-06-30", "2023-06-30");
	const hz_unit_report *r;
	size_t n;

	counts_are(u, "B社区", 3, 0, 0, 3);
	assert_true(hz_unitrec_reports(u, "B社区", &r, &n));
	assert_int_equal(n, 3);
	assert_false(r[1].late);
	assert_int_equal(r[1].days, 2); /* June's, 06-28 to 06-30 */
	hz_unitrec_free(u);
}

/* Only June's deadlines: one report each. */
static void test_window(void **state)
{
	(void)state;
	hz_unitrec *u = june("2023-06-01", "2023-06-30", "2023-07-10");

	counts_are(u, "A社区", 1, 1, 0, 0);
	counts_are(u, "B社区", 1, 0, 1, 0);
	counts_are(u, "C社区", 1, 0, 0, 1);
	hz_unitrec_free(u);
}

/* Judged on a deadline day: what is due that day is not yet due. */
static void test_deadline_day(void **state)
{
	(void)state;
	hz_unitrec *u = june(NULL, "2023-06-28", "2023-06-28");

	counts_are(u, "A社区", 3, 2, 1, 0); /* June's in on 06-20: on time */
	counts_are(u, "C社区", 2, 0, 0, 2); /* June's: still today */
	hz_unitrec_free(u);
}

/* Units without a 报送台账, or a log without units: no record. */
static void test_no_record(void **state)
{
	(void)state;
	hz_unitrec_opts o = { .until = day("2023-06-30"), .judged = day("2023-06-30") };
	hz_unitrec *u = hz_unitrec_new(&o);
	const hz_unit_report *r;
	const hz_unit_notice *ns;
	hz_unit_counts c;
	size_t n;

	unit(u, "A社区");
	assert_false(hz_unitrec_have(u, HZ_SUBMISSION));
	assert_false(hz_unitrec_reports(u, "A社区", &r, &n));
	assert_false(hz_unitrec_notices(u, "A社区", &ns, &n));
	hz_unitrec_counts(u, "A社区", &c);
	assert_int_equal(c.due, -1);
	assert_int_equal(c.sent, -1);
	assert_int_equal(c.unanswered, -1);
	hz_record *h = make(HZ_HAZARD, HZ_K_ID, "1", HZ_K_NONE);
	assert_false(hz_unitrec_add(u, h)); /* not its type */
	hz_record_free(h);
	hz_unitrec_free(u);

	u = hz_unitrec_new(&o);
	sub(u, "2023-05-24", "A社区", "report-plan", "");
	assert_false(hz_unitrec_reports(u, "A社区", &r, &n));
	hz_unitrec_free(u);
}

/* Notices in the quarter, as of 07-10: N1 answered; N2 25 days past its
 * reply day; N3 to an enterprise counts for A, whose hazard it names, and
 * its reply day is ahead; N4 is issued after the window. */
static void test_notices(void **state)
{
	(void)state;
	hz_unitrec *u = june("2023-04-01", "2023-06-30", "2023-07-10");
	const hz_unit_notice *ns;
	hz_unit_counts c;
	size_t n;

	notice(u, "N1", "A社区", "2023-06-05", "2023-06-15", "2023-06-14", "");
	notice(u, "N2", "B社区", "2023-06-05", "2023-06-15", "", "");
	notice(u, "N3", "某酒店", "2023-06-10", "2023-07-20", "", "A社区:3\nB社区:1");
	notice(u, "N4", "A社区", "2023-07-05", "2023-07-08", "", "");
	assert_true(hz_unitrec_notices(u, "A社区", &ns, &n));
	assert_int_equal(n, 2);
	assert_true(ns[0].answered);
	assert_int_equal(ns[0].replied, day("2023-06-14"));
	assert_int_equal(ns[0].overdue, 0);
	assert_false(ns[1].answered);
	assert_int_equal(ns[1].overdue, 0);
	/* the list stays valid across counts */
	hz_unitrec_counts(u, "A社区", &c);
	assert_int_equal(ns[1].issued, day("2023-06-10"));
	assert_int_equal(c.sent, 2);
	assert_int_equal(c.answered, 1);
	assert_int_equal(c.unanswered, 0);
	hz_unitrec_counts(u, "B社区", &c);
	assert_int_equal(c.sent, 1);
	assert_int_equal(c.answered, 0);
	assert_int_equal(c.unanswered, 1);
	assert_true(hz_unitrec_notices(u, "B社区", &ns, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ns[0].overdue, 25);
	/* to the enterprise itself */
	assert_true(hz_unitrec_notices(u, "某酒店", &ns, &n));
	assert_int_equal(n, 1);
	hz_unitrec_counts(u, "C社区", &c);
	assert_int_equal(c.sent, 0);
	assert_int_equal(c.unanswered, 0);
	hz_unitrec_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter),   cmocka_unit_test(test_judged_early),
		cmocka_unit_test(test_window),    cmocka_unit_test(test_deadline_day),
		cmocka_unit_test(test_no_record), cmocka_unit_test(test_notices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
