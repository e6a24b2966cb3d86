/* test_due.c - what hz-due reports, on rosters and records worked out by hand */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/due.h"
#include "records.h"

static void roster(hz_due *d, const char *name, const char *high_risk, const char *crowded,
                   const char *reporter)
{
	hz_record *r = make(HZ_ROSTER, HZ_K_ENTERPRISE, name, HZ_K_HIGH_RISK, high_risk,
	                    HZ_K_CROWDED, crowded, HZ_K_REPORTER, reporter, HZ_K_NONE);
	hz_due_roster(d, r);
	hz_record_free(r);
}

static void duty(hz_due *d, const char *date, const char *name, const char *what)
{
	hz_record *r =
	        make(HZ_DUTY, HZ_K_DATE, date, HZ_K_ENTERPRISE, name, HZ_K_DUTY, what, HZ_K_NONE);
	hz_due_add(d, r);
	hz_record_free(r);
}

static void check(hz_due *d, const char *date, const char *name)
{
	hz_record *r = make(HZ_CHECK, HZ_K_CHECK_DATE, date, HZ_K_ENTERPRISE, name, HZ_K_NONE);
	hz_due_add(d, r);
	hz_record_free(r);
}

/* The lines, one string each: "status enterprise code start..end deadline days". */
typedef struct lines {
	char text[128][160];
	int n;
} lines;

static void collect(const hz_due_line *l, void *arg)
{
	lines *ls = arg;
	char a[11], b[11], c[11];

	assert_true(ls->n < 128);
	hz_date_format(l->period.start, a);
	hz_date_format(l->period.end, b);
	hz_date_format(l->deadline, c);
	snprintf(ls->text[ls->n++], 160, "%s %s %s %s..%s %s %ld",
	         hz_due_status_word(l->status, true), l->enterprise ? l->enterprise : "-", l->code,
	         a, b, c, l->days);
}

/* The lines of d are exactly want (in order; NULL-terminated). */
static void expect_lines(hz_due *d, const char *const *want)
{
	static lines got;
	int n = 0;

	got.n = 0;
	hz_due_each(d, collect, &got);
	for (; want[n]; n++)
		if (n >= got.n || strcmp(got.text[n], want[n]) != 0)
			break;
	if (want[n] || n != got.n) {
		for (int i = 0; i < got.n; i++)
			print_message("  got  %s\n", got.text[i]);
		for (int i = 0; want[i]; i++)
			print_message("  want %s\n", want[i]);
		fail_msg("lines differ at %d", n);
	}
}
#define EXPECT(d, ...) expect_lines(d, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_NONE(d) expect_lines(d, (const char *const[]){ NULL })

/* A schedule of one row, to look at one thing at a time. */
static hz_schedule *one_row(const char *row)
{
	static const char path[] = "test_due_schedule.csv";
	char err[256];
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "code,label,applies,every,due,start,end,by\n%s\n", row);
	fclose(f);
	hz_schedule *s = hz_schedule_load(path, err, sizeof err);
	if (!s)
		fail_msg("%s", err);
	remove(path);
	return s;
}

static hz_due *new_due(const hz_schedule *s, const char *as_of, long within)
{
	hz_due_opts o = { .as_of = day(as_of), .within = within };
	return hz_due_new(s, &o);
}

/* May is 05-23..05-31 in output, but the whole calendar month fulfils
 * it: a record on 05-22 (before the window opens) does, one on 04-30 does
 * not; one on 05-31 (the period's last day) does. */
static void test_clipping_and_last_day(void **state)
{
	hz_schedule *s = one_row("meeting,推进会,enterprise,month,,2023-05-23,2023-12-31,");
	hz_due *d = new_due(s, "2023-06-15", -1);

	(void)state;
	roster(d, "甲", "", "", "");
	roster(d, "乙", "", "", "");
	roster(d, "丙", "", "", "");
	duty(d, "2023-04-30", "甲", "meeting");
	duty(d, "2023-05-31", "乙", "推进会");
	duty(d, "2023-05-22", "丙", "meeting");
	EXPECT(d, "missing 甲 meeting 2023-05-23..2023-05-31 2023-05-31 15");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* Whole calendar periods (duties.md): a drill on 2023-04-10 fulfils
 * 2023年上半年 although the window opens on 05-23; one on 2022-12-31 does
 * not. */
static void test_whole_calendar(void **state)
{
	hz_schedule *s =
	        one_row("drill-site,现场处置方案演练,enterprise,half,,2023-05-23,2023-12-31,");
	hz_due *d = new_due(s, "2023-07-01", -1);

	(void)state;
	roster(d, "四月", "", "", "");
	roster(d, "去年", "", "", "");
	duty(d, "2023-04-10", "四月", "drill-site");
	duty(d, "2022-12-31", "去年", "drill-site");
	/* 07-01 - 06-30 = 1 */
	EXPECT(d, "missing 去年 drill-site 2023-05-23..2023-06-30 2023-06-30 1");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* A record after the as-of day counts for nothing. */
static void test_after_as_of(void **state)
{
	hz_schedule *s = one_row("meeting,推进会,enterprise,month,,2023-05-23,2023-12-31,");
	hz_due *d = new_due(s, "2023-07-05", 30);

	(void)state;
	roster(d, "甲", "", "", "");
	duty(d, "2023-06-10", "甲", "meeting");
	duty(d, "2023-07-06", "甲", "meeting"); /* after A */
	EXPECT(d, "missing 甲 meeting 2023-05-23..2023-05-31 2023-05-31 35",
	       "pending 甲 meeting 2023-07-01..2023-07-31 2023-07-31 26");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* The shortest period wins: monthly leader checks for a 高危 enterprise,
 * half-yearly plan drills for an 人员密集 one, the others quarterly and
 * yearly (the built-in schedule). */
static void test_shortest_wins(void **state)
{
	hz_due *d = new_due(hz_schedule_default(), "2023-07-01", -1);

	(void)state;
	roster(d, "高危厂", "是", "否", "");
	roster(d, "密集店", "否", "是", "");
	roster(d, "普通店", "", "", "");
	roster(d, "高危厂", "否", "否", ""); /* listed twice: the first entry */
	const char *all[] = { "高危厂", "密集店", "普通店" };
	for (int i = 0; i < 3; i++) {
		duty(d, "2023-05-24", all[i], "kickoff");
		duty(d, "2023-05-24", all[i], "mobilise");
		duty(d, "2023-05-24", all[i], "plan");
		duty(d, "2023-05-24", all[i], "meeting");
		duty(d, "2023-06-24", all[i], "meeting");
		duty(d, "2023-06-20", all[i], "drill-site");
	}
	duty(d, "2023-05-25", "高危厂", "leader-check"); /* May only */
	duty(d, "2023-06-25", "密集店", "leader-check");
	duty(d, "2023-06-25", "普通店", "主要负责人带队检查");
	/* the 高危 monthly check starts in June: May's check is not owed;
	 * the office's own rows: May's report up was due 06-01 (+1), 30
	 * days before A, and the second quarter's 通报 on 06-30 */
	EXPECT(d, "missing 高危厂 leader-check 2023-06-01..2023-06-30 2023-06-30 1",
	       "missing 高危厂 drill-plan 2023-05-23..2023-06-30 2023-06-30 1",
	       "missing 密集店 drill-plan 2023-05-23..2023-06-30 2023-06-30 1",
	       "missing 本街道 district-month 2023-05-23..2023-05-31 2023-06-01 30",
	       "missing 本街道 bulletin 2023-05-23..2023-06-30 2023-06-30 1");
	hz_due_free(d);
}

/* Ties: of two rows of the same length, the first in the schedule. */
static void test_tie(void **state)
{
	static const char path[] = "test_due_tie.csv";
	char err[256];
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("code,label,applies,every,start,end\n"
	      "x,甲表,high_risk,half,2023-01-01,2023-12-31\n"
	      "x,乙表,crowded,half,2023-07-01,2023-12-31\n",
	      f);
	fclose(f);
	hz_schedule *s = hz_schedule_load(path, err, sizeof err);
	assert_non_null(s);
	remove(path);
	hz_due *d = new_due(s, "2023-07-01", -1);
	roster(d, "两者", "是", "是", "");
	EXPECT(d, "missing 两者 x 2023-01-01..2023-06-30 2023-06-30 1");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* A once duty: missing after its due day, done by a record on any day
 * up to A, late or not, before the window's start too. */
static void test_once_late(void **state)
{
	hz_schedule *s =
	        one_row("education,警示教育,enterprise,once,2023-10-31,2023-05-23,2023-12-31,");
	hz_due *d = new_due(s, "2023-11-10", 30);

	(void)state;
	roster(d, "按时", "", "", "");
	roster(d, "迟做", "", "", "");
	roster(d, "没做", "", "", "");
	roster(d, "太早", "", "", "");
	duty(d, "2023-10-31", "按时", "education");
	duty(d, "2023-11-05", "迟做", "警示教育");
	duty(d, "2023-05-22", "太早", "education"); /* before the start */
	EXPECT(d, "missing 没做 education 2023-05-23..2023-10-31 2023-10-31 10");
	hz_due_free(d);
	/* before its due day, it is pending within N days of it */
	d = new_due(s, "2023-10-25", 6);
	roster(d, "没做", "", "", "");
	EXPECT(d, "pending 没做 education 2023-05-23..2023-10-31 2023-10-31 6");
	hz_due_free(d);
	d = new_due(s, "2023-10-24", 6);
	roster(d, "没做", "", "", "");
	EXPECT_NONE(d);
	hz_due_free(d);
	hz_schedule_free(s);
}

/* Spot-check coverage comes from check records, not from duty records. */
static void test_spot_checks(void **state)
{
	hz_due *d = new_due(hz_schedule_default(), "2023-12-01", -1);
	const char *const names[] = { "查过", "查晚", "没查", "自报" };

	(void)state;
	for (int i = 0; i < 4; i++)
		roster(d, names[i], "", "", "");
	check(d, "2023-06-02", "查过");
	check(d, " 2023-12-01", " 查晚 ");           /* late and untrimmed: done */
	check(d, "2023-12-02", "没查");              /* after A */
	duty(d, "2023-06-02", "自报", "spot-check"); /* not a check record */
	static lines got;
	got.n = 0;
	hz_due_each(d, collect, &got);
	int spot = 0;
	for (int i = 0; i < got.n; i++)
		if (strstr(got.text[i], " spot-check ")) {
			spot++;
			assert_true(strstr(got.text[i], "missing 没查 ") == got.text[i] ||
			            strstr(got.text[i], "missing 自报 ") == got.text[i]);
			assert_non_null(strstr(got.text[i], "2023-05-23..2023-11-30 2023-11-30 1"));
		}
	assert_int_equal(spot, 2);
	hz_due_free(d);
}

static void unit(hz_due *d, const char *name)
{
	hz_record *r = make(HZ_UNIT, HZ_K_NAME, name, HZ_K_KIND, "社区", HZ_K_NONE);
	hz_due_unit(d, r);
	hz_record_free(r);
}

static void submission(hz_due *d, const char *date, const char *who, const char *material,
                       const char *period)
{
	hz_record *r = make(HZ_SUBMISSION, HZ_K_DATE, date, HZ_K_REPORTER, who, HZ_K_MATERIAL,
	                    material, HZ_K_PERIOD, period, HZ_K_NONE);
	hz_due_add(d, r);
	hz_record_free(r);
}

static hz_due *new_due_late(const hz_schedule *s, const char *as_of, long within, const char *since)
{
	hz_due_opts o = { .as_of = day(as_of), .within = within, .late = true };
	if (since) {
		o.have_since = true;
		o.since = day(since);
	}
	return hz_due_new(s, &o);
}

/* Office deadlines: the 28th of a 30-day month; a due day that February
 * lacks is its last day; --within 0 is the day itself. The office is
 * 本街道 without --office. */
static void test_office_deadlines(void **state)
{
	hz_schedule *s = one_row("report,月报,office,month,28,2023-06-01,2023-12-31,");
	hz_due *d = new_due(s, "2023-06-20", 8);

	(void)state;
	roster(d, "甲", "", "", "公园街道"); /* the roster's 填报单位 is not the office */
	EXPECT(d, "upcoming 本街道 report 2023-06-01..2023-06-30 2023-06-28 8");
	hz_due_free(d);
	d = new_due(s, "2023-06-20", 7);
	roster(d, "甲", "", "", "");
	EXPECT_NONE(d); /* 8 days away */
	hz_due_free(d);
	d = new_due(s, "2023-06-20", -1);
	roster(d, "甲", "", "", "");
	EXPECT_NONE(d); /* no --within: not upcoming */
	hz_due_free(d);
	/* --within 0 on the day; and a deadline in a period that has not begun */
	d = new_due(s, "2023-06-28", 0);
	roster(d, "甲", "", "", "");
	EXPECT(d, "upcoming 本街道 report 2023-06-01..2023-06-30 2023-06-28 0");
	hz_due_free(d);
	d = new_due(s, "2023-06-28", 30);
	roster(d, "甲", "", "", "");
	submission(d, "2023-06-27", "本街道", "report", "2023-06");
	EXPECT(d, "upcoming 本街道 report 2023-07-01..2023-07-31 2023-07-28 30");
	hz_due_free(d);
	hz_schedule_free(s);

	/* 28 in February and in 30-day months; 30 in February is its last day */
	s = one_row("report,月报,office,month,30,2023-01-01,2024-12-31,");
	d = new_due(s, "2023-02-20", 10);
	roster(d, "甲", "", "", "");
	submission(d, "2023-01-30", "本街道", "report", "2023-01");
	EXPECT(d, "upcoming 本街道 report 2023-02-01..2023-02-28 2023-02-28 8");
	hz_due_free(d);
	d = new_due(s, "2024-02-20", 10);
	roster(d, "甲", "", "", "");
	for (int m = 1; m <= 12; m++) {
		char per[8];
		snprintf(per, sizeof per, "2023-%02d", m);
		submission(d, "2024-01-01", "本街道", "月报", per);
	}
	submission(d, "2024-01-30", "本街道", "report", "2024-01");
	EXPECT(d, "upcoming 本街道 report 2024-02-01..2024-02-29 2024-02-29 9");
	hz_due_free(d);
	hz_schedule_free(s);

	/* a 28th after the window's end is the window's last day */
	s = one_row("report,月报,office,month,28,2023-12-01,2023-12-20,");
	d = new_due(s, "2023-12-15", 10);
	roster(d, "甲", "", "", "");
	EXPECT(d, "upcoming 本街道 report 2023-12-01..2023-12-20 2023-12-20 5");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* Periods "28" and "+1", worked out by hand: the 28th of February 2023,
 * of June (30 days); +1 is the first of the next month (03-01, 07-01,
 * and 2024-03-01 after a 29-day February). */
static void test_due_28_and_plus_1(void **state)
{
	hz_schedule *s = one_row("m,月报,unit,month,28,2023-02-01,2024-03-31,");
	hz_schedule *t = one_row("up,上报,office,month,+1,2023-02-01,2024-03-31,");
	hz_due *d;

	(void)state;
	/* A = 2023-03-01: February's 28th was yesterday, 1 day late */
	d = new_due(s, "2023-03-01", -1);
	unit(d, "公园社区");
	EXPECT(d, "missing 公园社区 m 2023-02-01..2023-02-28 2023-02-28 1");
	hz_due_free(d);
	/* the 28th of June is 2 days before its end; A = 06-30 */
	d = new_due(s, "2023-06-30", -1);
	unit(d, "公园社区");
	submission(d, "2023-02-28", "公园社区", "m", "2023-02");
	submission(d, "2023-03-28", "公园社区", "m", "2023-03");
	submission(d, "2023-04-28", "公园社区", "m", "2023-04");
	submission(d, "2023-05-28", "公园社区", "m", "2023-05");
	EXPECT(d, "missing 公园社区 m 2023-06-01..2023-06-30 2023-06-28 2");
	hz_due_free(d);
	/* +1: February 2023's report is due 03-01; A = 03-02: 1 day over */
	d = new_due(t, "2023-03-02", 0);
	unit(d, "公园社区"); /* units owe no office row */
	EXPECT(d, "missing 本街道 up 2023-02-01..2023-02-28 2023-03-01 1");
	hz_due_free(d);
	/* June's is due 07-01, February 2024's (29 days) 2024-03-01 */
	d = new_due(t, "2023-06-21", 10);
	for (int m = 2; m <= 5; m++) {
		char per[8];
		snprintf(per, sizeof per, "2023-%02d", m);
		submission(d, "2023-06-01", "本街道", "up", per);
	}
	EXPECT(d, "upcoming 本街道 up 2023-06-01..2023-06-30 2023-07-01 10");
	hz_due_free(d);
	d = new_due(t, "2024-02-25", 5);
	for (int y = 2023; y <= 2024; y++)
		for (int m = 1; m <= 12; m++) {
			char per[8];
			snprintf(per, sizeof per, "%d-%02d", y, m);
			if (y == 2023 || m == 1)
				submission(d, "2024-02-01", "本街道", "up", per);
		}
	EXPECT(d, "upcoming 本街道 up 2024-02-01..2024-02-29 2024-03-01 5");
	hz_due_free(d);
	hz_schedule_free(s);
	hz_schedule_free(t);
}

/* A late submission: fulfilled after the deadline, listed with --late
 * with days = its date - the deadline (the earliest one counts); a
 * second one of the same period changes nothing; --since drops the lines
 * due before it; a submission dated after A counts for nothing. */
static void test_late(void **state)
{
	hz_schedule *s = one_row("m,月报,unit,month,28,2023-05-23,2023-12-31,");
	hz_due *d = new_due_late(s, "2023-07-31", -1, NULL);

	(void)state;
	unit(d, "公园社区");
	unit(d, "解放社区");
	unit(d, "公园社区"); /* twice: once */
	assert_int_equal(hz_due_units_size(d), 2);
	submission(d, "2023-05-27", "公园社区", "m", "2023-05");
	submission(d, "2023-06-30", "公园社区", "报送进展情况调度表",
	           "2023-06");                                      /* not m's label */
	submission(d, "2023-07-05", "公园社区", "月报", "2023-06"); /* 7 days late */
	submission(d, "2023-07-02", " 公园社区 ", "m", "2023-06");  /* 4 days late: earliest */
	submission(d, "2023-07-28", "公园社区", "m", "2023-07");
	submission(d, "2023-05-30", "解放社区", "m", "2023-05"); /* 2 days late */
	submission(d, "2023-08-01", "解放社区", "m", "2023-07"); /* after A */
	EXPECT(d, "missing 解放社区 m 2023-06-01..2023-06-30 2023-06-28 33",
	       "missing 解放社区 m 2023-07-01..2023-07-31 2023-07-28 3",
	       "late 公园社区 m 2023-06-01..2023-06-30 2023-06-28 4",
	       "late 解放社区 m 2023-05-23..2023-05-31 2023-05-28 2");
	hz_due_free(d);
	d = new_due_late(s, "2023-07-31", -1, "2023-06-01");
	unit(d, "公园社区");
	unit(d, "解放社区");
	submission(d, "2023-07-02", "公园社区", "m", "2023-06");
	submission(d, "2023-05-30", "解放社区", "m", "2023-05");
	submission(d, "2023-07-28", "公园社区", "m", "2023-07");
	EXPECT(d, "missing 解放社区 m 2023-06-01..2023-06-30 2023-06-28 33",
	       "missing 解放社区 m 2023-07-01..2023-07-31 2023-07-28 3",
	       "late 公园社区 m 2023-06-01..2023-06-30 2023-06-28 4");
	hz_due_free(d);
	/* without --late the late period is simply done */
	d = new_due(s, "2023-07-31", -1);
	unit(d, "公园社区");
	submission(d, "2023-05-20", "公园社区", "m", "2023-05");
	submission(d, "2023-07-02", "公园社区", "m", "2023-06");
	submission(d, "2023-07-28", "公园社区", "m", "2023-07");
	EXPECT_NONE(d);
	hz_due_free(d);
	hz_schedule_free(s);
}

/* --within 0: only the periods that end on A are pending. */
static void test_within_zero(void **state)
{
	hz_due *d = new_due(hz_schedule_default(), "2023-06-29", 0);

	(void)state;
	roster(d, "甲", "", "", "");
	duty(d, "2023-05-24", "甲", "kickoff");
	duty(d, "2023-05-24", "甲", "plan");
	duty(d, "2023-05-24", "甲", "meeting");
	duty(d, "2023-05-24", "甲", "mobilise");
	EXPECT(d, "missing 本街道 district-month 2023-05-23..2023-05-31 2023-06-01 28");
	hz_due_free(d);
	d = new_due(hz_schedule_default(), "2023-06-30", 0);
	roster(d, "甲", "", "", "");
	duty(d, "2023-05-24", "甲", "kickoff");
	duty(d, "2023-05-24", "甲", "plan");
	duty(d, "2023-05-24", "甲", "meeting");
	duty(d, "2023-06-30", "甲", "drill-site");
	duty(d, "2023-05-24", "甲", "mobilise");
	EXPECT(d, "missing 本街道 district-month 2023-05-23..2023-05-31 2023-06-01 29",
	       "pending 甲 meeting 2023-06-01..2023-06-30 2023-06-30 0",
	       "pending 甲 leader-check 2023-05-23..2023-06-30 2023-06-30 0",
	       "upcoming 本街道 bulletin 2023-05-23..2023-06-30 2023-06-30 0");
	hz_due_free(d);
}

/* Names not on the roster, bad dates and other types count for nothing;
 * --enterprise keeps one enterprise's lines; flags that are not flag words
 * are no. */
static void test_ignored(void **state)
{
	hz_schedule *s = one_row("meeting,推进会,high_risk,month,,2023-05-23,2023-12-31,");
	hz_due_opts o = { .as_of = day("2023-06-01"), .within = -1, .enterprise = " 乙 " };
	hz_due *d = hz_due_new(s, &o);

	(void)state;
	roster(d, "甲", "是", "", "");
	roster(d, "乙", "是", "", "");
	roster(d, "丙", "可能", "", ""); /* bad flag: no */
	duty(d, "2023-05-30", "丁", "meeting");
	duty(d, "5月30日", "乙", "meeting");
	hz_record *h =
	        make(HZ_HAZARD, HZ_K_CHECK_DATE, "2023-05-30", HZ_K_ENTERPRISE, "乙", HZ_K_NONE);
	hz_due_add(d, h);
	hz_record_free(h);
	roster(d, "戊", "是", "", ""); /* after the records: ignored */
	assert_int_equal(hz_due_roster_size(d), 3);
	EXPECT(d, "missing 乙 meeting 2023-05-23..2023-05-31 2023-05-31 1");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* A late roster record says whether it was dropped: hz-due warns of a
 * new name, not of one already listed. */
static void test_roster_late(void **state)
{
	hz_schedule *s = one_row("rep,报表,office,month,28,2024-02-01,2024-02-29,");
	hz_due *d = new_due(s, "2024-02-20", 9);
	hz_record *r;

	(void)state;
	roster(d, "甲", "", "", "");
	roster(d, " 甲", "", "", "\u3000东岭社区 ");
	roster(d, "乙", "", "", "西岭社区");
	duty(d, "2024-02-01", "甲", "rep");
	r = make(HZ_ROSTER, HZ_K_ENTERPRISE, "甲\u3000", HZ_K_NONE);
	assert_true(hz_due_roster(d, r)); /* already listed */
	hz_record_free(r);
	r = make(HZ_ROSTER, HZ_K_ENTERPRISE, "丙", HZ_K_NONE);
	assert_false(hz_due_roster(d, r)); /* new, but too late */
	hz_record_free(r);
	assert_int_equal(hz_due_roster_size(d), 2);
	/* 02-28 is 8 days after 02-20 */
	EXPECT(d, "upcoming 本街道 rep 2024-02-01..2024-02-29 2024-02-28 8");
	hz_due_free(d);
	hz_schedule_free(s);
}

/* The written forms. */
static void test_write(void **state)
{
	hz_schedule *s = one_row("meeting,推进会,enterprise,month,,2023-05-23,2023-12-31,");
	hz_due_write_opts wo = { .format = HZ_FMT_TEXT };
	long counts[HZ_DUE_STATUS_COUNT];
	char *buf = NULL;
	size_t len = 0;
	hz_due *d = new_due(s, "2023-06-12", 20);

	(void)state;
	roster(d, "佰迪乐KTV", "", "", "公园街道");
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(hz_due_write(d, m, &wo, counts), 0);
	fclose(m);
	assert_string_equal(buf,
	                    "逾期未履行 1 项，本期待履行 1 项，待报送 0 项（截至 2023-06-12）\n"
	                    "佰迪乐KTV：推进会 2023-05 未履行（逾期 12 天）\n"
	                    "佰迪乐KTV：推进会 2023-06 本期待履行（还剩 18 天）\n");
	assert_int_equal(counts[HZ_DUE_MISSING], 1);
	assert_int_equal(counts[HZ_DUE_PENDING], 1);
	free(buf);
	wo.format = HZ_FMT_CSV;
	wo.english = true;
	m = open_memstream(&buf, &len);
	assert_int_equal(hz_due_write(d, m, &wo, counts), 0);
	fclose(m);
	assert_string_equal(
	        buf, "status,enterprise,code,label,period_start,period_end,deadline,days\n"
	             "missing,佰迪乐KTV,meeting,推进会,2023-05-23,2023-05-31,2023-05-31,12\n"
	             "pending,佰迪乐KTV,meeting,推进会,2023-06-01,2023-06-30,2023-06-30,18\n");
	free(buf);
	wo.format = HZ_FMT_JSONL;
	wo.english = false;
	m = open_memstream(&buf, &len);
	assert_int_equal(hz_due_write(d, m, &wo, counts), 0);
	fclose(m);
	assert_non_null(strstr(
	        buf, "{\"status\":\"missing\",\"enterprise\":\"佰迪乐KTV\",\"code\":\"meeting\","
	             "\"label\":\"推进会\",\"period_start\":\"2023-05-23\",\"period_end\":"
	             "\"2023-05-31\",\"deadline\":\"2023-05-31\",\"days\":12}\n"));
	free(buf);
	hz_due_free(d);
	hz_schedule_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clipping_and_last_day),
		cmocka_unit_test(test_whole_calendar),
		cmocka_unit_test(test_due_28_and_plus_1),
		cmocka_unit_test(test_late),
		cmocka_unit_test(test_after_as_of),
		cmocka_unit_test(test_shortest_wins),
		cmocka_unit_test(test_tie),
		cmocka_unit_test(test_once_late),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_office_deadlines),
		cmocka_unit_test(test_within_zero),
		cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_roster_late),
		cmocka_unit_test(test_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
