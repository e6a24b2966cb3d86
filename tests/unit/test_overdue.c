/* test_overdue.c - the boundaries of hz-overdue's selection (issue 5) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/overdue.h"
#include "../../lib/model/record_int.h"

/* The columns of the hand-made registers, in this order. */
static const struct {
	const char *name;
	hz_key key;
} columns[] = {
	{ "序号", HZ_K_ID },
	{ "专题领域", HZ_K_DOMAIN },
	{ "重大隐患", HZ_K_HAZARD },
	{ "检查日期", HZ_K_CHECK_DATE },
	{ "计划整改时限", HZ_K_DEADLINE },
	{ "责任单位", HZ_K_UNIT },
	{ "整改阶段", HZ_K_STAGE },
	{ "实际整改完成时间", HZ_K_DONE_DATE },
	{ "挂牌督办", HZ_K_LISTED },
	{ "责任人", HZ_K_OWNER },
	{ "延期至", HZ_K_EXTENSION },
};
#define NCOLS (sizeof columns / sizeof columns[0])

/* One hazard: cells by column, NULL for empty. */
typedef struct spec {
	const char *id, *domain, *hazard, *check, *deadline, *unit, *stage, *done, *listed, *owner,
	        *ext;
} spec;

static hz_schema *schema;

static int setup(void **state)
{
	(void)state;
	schema = hz_schema_new(HZ_HAZARD);
	for (size_t i = 0; i < NCOLS; i++)
		hz_schema_add(schema, columns[i].name, strlen(columns[i].name), columns[i].key);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hz_schema_unref(schema);
	return 0;
}

static hz_record *make(const spec *s, long line)
{
	const char *cells[NCOLS] = {
		s->id ? s->id : "7",
		s->domain ? s->domain : "消防",
		s->hazard ? s->hazard : "疏散通道堆放杂物",
		s->check ? s->check : "2023-06-01",
		s->deadline,
		s->unit ? s->unit : "某某酒店",
		s->stage ? s->stage : "整改中",
		s->done,
		s->listed,
		s->owner,
		s->ext,
	};
	hz_record *r = hz_record_new(schema);

	for (size_t i = 0; i < NCOLS; i++)
		hz_record_push(r, cells[i] ? cells[i] : "", cells[i] ? strlen(cells[i]) : 0);
	r->place.file = "reg.csv";
	r->place.line = line;
	r->place.record = line - 1;
	return r;
}

static hz_date day(const char *iso)
{
	hz_date d;

	assert_true(hz_date_parse(hz_str_c(iso), 0, &d));
	return d;
}

/* The findings the selection reported, by rule and field. */
typedef struct seen {
	int count;
	char rule[32], field[32];
	long line;
} seen;

static void hook(const hz_finding *f, void *arg)
{
	seen *s = arg;

	s->count++;
	snprintf(s->rule, sizeof s->rule, "%s", f->rule);
	snprintf(s->field, sizeof s->field, "%s", f->field ? f->field : "");
	s->line = f->line;
}

/* Run the selection on one hazard; returns its status (HZ_OD_NONE when not
 * selected) and fills *hit and *findings. */
static hz_overdue_status run(const spec *s, const char *as_of, long within, bool late, bool listed,
                             hz_overdue_hit *hit, seen *findings)
{
	hz_overdue_opts o;
	hz_diag d;
	hz_overdue_hit h;
	seen local;

	hz_overdue_opts_init(&o, day(as_of));
	o.within = within;
	o.late = late;
	o.listed = listed;
	hz_diag_init(&d, "hz-overdue");
	d.out = NULL;
	memset(&local, 0, sizeof local);
	d.hook = hook;
	d.hook_arg = &local;
	hz_record *r = make(s, 9);
	bool selected = hz_overdue_check(&o, r, &d, &h);
	hz_record_free(r);
	assert_int_equal(d.errors, local.count);
	if (hit)
		*hit = h;
	if (findings)
		*findings = local;
	assert_int_equal(selected, h.status != HZ_OD_NONE);
	return h.status;
}

static hz_overdue_status overdue(const spec *s, const char *as_of, hz_overdue_hit *hit)
{
	seen f;
	hz_overdue_status st = run(s, as_of, -1, false, false, hit, &f);

	assert_int_equal(f.count, 0);
	return st;
}

static void test_due_today_is_not_overdue(void **state)
{
	(void)state;
	spec s = { .deadline = "2023-06-30" };
	hz_overdue_hit hit;

	assert_int_equal(overdue(&s, "2023-06-30", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&s, "2023-06-29", &hit), HZ_OD_NONE);
}

static void test_due_yesterday_is_one_day_overdue(void **state)
{
	(void)state;
	spec s = { .deadline = "2023-06-30" };
	hz_overdue_hit hit;

	assert_int_equal(overdue(&s, "2023-07-01", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 1);
	assert_int_equal(hit.deadline, day("2023-06-30"));
	assert_false(hit.extended);
	assert_int_equal(overdue(&s, "2023-07-15", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 15);
	/* 前 after a deadline is allowed (hz-formats(5)). */
	spec before = { .deadline = "2023年6月30日前" };
	assert_int_equal(overdue(&before, "2023-07-02", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 2);
}

static void test_rectified_on_deadline_is_not_late(void **state)
{
	(void)state;
	spec on = { .deadline = "2023-06-30", .stage = "已整改", .done = "2023-06-30" };
	spec after = { .deadline = "2023-06-30", .stage = "已整改", .done = "2023-07-02" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&on, "2023-07-10", &hit), HZ_OD_NONE);
	assert_int_equal(run(&on, "2023-07-10", -1, true, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(run(&after, "2023-07-10", -1, true, false, &hit, &f), HZ_OD_LATE);
	assert_int_equal(hit.days, 2);
	assert_int_equal(hit.done, day("2023-07-02"));
	/* Late, but no longer overdue once rectified. */
	assert_int_equal(overdue(&after, "2023-07-10", &hit), HZ_OD_NONE);
}

static void test_rectified_after_as_of_is_still_overdue(void **state)
{
	(void)state;
	spec s = { .deadline = "2023-06-30", .stage = "已整改", .done = "2023-07-05" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&s, "2023-07-03", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 3);
	/* Not rectified by A, so not late as of A either. */
	assert_int_equal(run(&s, "2023-07-03", -1, true, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(run(&s, "2023-07-05", -1, true, false, &hit, &f), HZ_OD_LATE);
	assert_int_equal(hit.days, 5);
}

static void test_found_after_as_of_is_ignored(void **state)
{
	(void)state;
	spec s = { .check = "2023-07-05", .deadline = "2023-06-30" };
	spec bad = { .check = "2023-07-05", .deadline = "2023-06-31" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&s, "2023-07-04", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&s, "2023-07-05", &hit), HZ_OD_OVERDUE);
	/* Not considered at all: its bad deadline is not A's business. */
	assert_int_equal(run(&bad, "2023-07-04", 7, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 0);
}

static void test_extension_rescues(void **state)
{
	(void)state;
	spec s = { .deadline = "2023-06-30", .ext = "2023-07-15" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&s, "2023-07-01", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&s, "2023-07-15", &hit), HZ_OD_NONE);
	assert_int_equal(run(&s, "2023-07-01", 14, false, false, &hit, &f), HZ_OD_DUE_SOON);
	assert_int_equal(hit.days, -14);
	assert_true(hit.extended);
	assert_int_equal(overdue(&s, "2023-07-16", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 1);
	assert_int_equal(hit.deadline, day("2023-07-15"));
	/* Late is measured against the extension too. */
	spec done = { .deadline = "2023-06-30",
		      .ext = "2023-07-15",
		      .stage = "已整改",
		      .done = "2023-07-10" };
	assert_int_equal(run(&done, "2023-07-20", -1, true, false, &hit, &f), HZ_OD_NONE);
	/* An extension with an empty deadline still gives a deadline. */
	spec only = { .ext = "2023-07-15" };
	assert_int_equal(overdue(&only, "2023-07-17", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 2);
}

static void test_rectified_without_date(void **state)
{
	(void)state;
	spec done = { .deadline = "2023-06-30", .stage = "已整改" };
	spec off = { .deadline = "2023-06-30", .stage = "销号" };
	spec open = { .deadline = "2023-06-30", .stage = "未整改" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&done, "2023-07-10", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&off, "2023-07-10", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&open, "2023-07-10", &hit), HZ_OD_OVERDUE);
	/* The day is unknown: it cannot be called late. */
	assert_int_equal(run(&done, "2023-07-10", -1, true, false, &hit, &f), HZ_OD_NONE);
	/* An invalid done_date is not rectified (hz-tally(1)). */
	spec baddone = { .deadline = "2023-06-30", .stage = "已整改", .done = "昨天" };
	assert_int_equal(overdue(&baddone, "2023-07-10", &hit), HZ_OD_OVERDUE);
}

static void test_within(void **state)
{
	(void)state;
	spec today = { .deadline = "2023-07-01" };
	spec tomorrow = { .deadline = "2023-07-02" };
	spec week = { .deadline = "2023-07-08" };
	spec past = { .deadline = "2023-06-28" };
	spec fixed = { .deadline = "2023-07-02", .stage = "已整改", .done = "2023-06-30" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(run(&today, "2023-07-01", 0, false, false, &hit, &f), HZ_OD_DUE_SOON);
	assert_int_equal(hit.days, 0);
	assert_int_equal(run(&tomorrow, "2023-07-01", 0, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(run(&tomorrow, "2023-07-01", 1, false, false, &hit, &f), HZ_OD_DUE_SOON);
	assert_int_equal(hit.days, -1);
	assert_int_equal(run(&week, "2023-07-01", 7, false, false, &hit, &f), HZ_OD_DUE_SOON);
	assert_int_equal(hit.days, -7);
	assert_int_equal(run(&week, "2023-07-01", 6, false, false, &hit, &f), HZ_OD_NONE);
	/* Overdue ones stay in, as 超期. */
	assert_int_equal(run(&past, "2023-07-01", 0, false, false, &hit, &f), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 3);
	assert_int_equal(run(&fixed, "2023-07-01", 7, false, false, &hit, &f), HZ_OD_NONE);
	/* Without --within, due today is nothing. */
	assert_int_equal(run(&today, "2023-07-01", -1, false, false, &hit, &f), HZ_OD_NONE);
	/* A huge N does not overflow. */
	assert_int_equal(run(&week, "2023-07-01", 2147483647L, false, false, &hit, &f),
	                 HZ_OD_DUE_SOON);
}

static void test_month_ends_and_leap_day(void **state)
{
	(void)state;
	spec leap = { .check = "2024-02-01", .deadline = "2024-02-29" };
	spec jan = { .check = "2023-01-05", .deadline = "2023-01-31" };
	spec dec = { .check = "2023-12-01", .deadline = "2023/12/31" };
	spec feb = { .check = "2023-02-01", .deadline = "2023-02-28" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(overdue(&leap, "2024-02-29", &hit), HZ_OD_NONE);
	assert_int_equal(overdue(&leap, "2024-03-01", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 1);
	assert_int_equal(run(&leap, "2024-02-28", 1, false, false, &hit, &f), HZ_OD_DUE_SOON);
	assert_int_equal(hit.days, -1);
	assert_int_equal(overdue(&jan, "2023-03-01", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 29);
	assert_int_equal(overdue(&dec, "2024-01-01", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 1);
	assert_int_equal(overdue(&feb, "2023-03-01", &hit), HZ_OD_OVERDUE);
	assert_int_equal(hit.days, 1);
	/* 29 February of a common year is no date: named, not selected. */
	spec nonleap = { .check = "2023-02-01", .deadline = "2023-02-29" };
	assert_int_equal(run(&nonleap, "2023-03-10", 7, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.rule, "bad-date");
	assert_string_equal(f.field, "deadline");
	assert_int_equal(f.line, 9);
}

static void test_invalid_dates_are_named(void **state)
{
	(void)state;
	hz_overdue_hit hit;
	seen f;
	spec badcheck = { .check = "2023-13-01", .deadline = "2023-06-30" };
	spec nocheck = { .check = " ", .deadline = "2023-06-30" };
	spec nodeadline = { .deadline = NULL };
	spec badext = { .deadline = "2023-06-30", .ext = "七月底" };
	spec baddl = { .deadline = "尽快", .ext = "2023-07-15" };

	assert_int_equal(run(&badcheck, "2023-07-10", -1, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.rule, "bad-date");
	assert_string_equal(f.field, "check_date");
	assert_int_equal(run(&nocheck, "2023-07-10", -1, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.rule, "required");
	assert_int_equal(run(&nodeadline, "2023-07-10", -1, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.rule, "required");
	assert_string_equal(f.field, "deadline");
	assert_int_equal(run(&badext, "2023-07-10", -1, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.field, "extension");
	assert_int_equal(run(&baddl, "2023-07-10", -1, false, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.field, "deadline");
	/* Reported in --late mode too, and for rectified hazards. */
	spec donebad = { .deadline = "2023-02-30", .stage = "已整改", .done = "2023-03-01" };
	assert_int_equal(run(&donebad, "2023-07-10", -1, true, false, &hit, &f), HZ_OD_NONE);
	assert_int_equal(f.count, 1);
}

static void test_listed(void **state)
{
	(void)state;
	spec no = { .deadline = "2023-06-30", .listed = "否" };
	spec yes = { .deadline = "2023-06-30", .listed = "是" };
	spec later = { .deadline = "2023-06-30", .listed = "2023-07-05" };
	spec earlier = { .deadline = "2023-06-30", .listed = "2023-06-10" };
	hz_overdue_hit hit;
	seen f;

	assert_int_equal(run(&no, "2023-07-01", -1, false, true, &hit, &f), HZ_OD_NONE);
	assert_int_equal(run(&no, "2023-07-01", -1, false, false, &hit, &f), HZ_OD_OVERDUE);
	assert_int_equal(run(&yes, "2023-07-01", -1, false, true, &hit, &f), HZ_OD_OVERDUE);
	assert_int_equal(run(&later, "2023-07-01", -1, false, true, &hit, &f), HZ_OD_NONE);
	assert_int_equal(run(&later, "2023-07-05", -1, false, true, &hit, &f), HZ_OD_OVERDUE);
	assert_int_equal(run(&earlier, "2023-07-01", -1, false, true, &hit, &f), HZ_OD_OVERDUE);
}

static void test_not_a_hazard(void **state)
{
	(void)state;
	hz_schema *cs = hz_schema_new(HZ_CHECK);
	hz_schema_add(cs, "检查日期", strlen("检查日期"), HZ_K_CHECK_DATE);
	hz_record *r = hz_record_new(cs);
	hz_record_push(r, "bad", 3);
	hz_overdue_opts o;
	hz_overdue_hit hit;
	hz_diag d;

	hz_overdue_opts_init(&o, day("2023-07-01"));
	hz_diag_init(&d, "hz-overdue");
	d.out = NULL;
	assert_false(hz_overdue_check(&o, r, &d, &hit));
	assert_int_equal(d.errors, 0);
	hz_record_free(r);
	hz_schema_unref(cs);
}

/* The alert line of one hazard as of a day. */
static char *alert(const spec *s, const char *as_of, long within, bool late)
{
	hz_overdue_opts o;
	hz_overdue_hit hit;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	hz_overdue_opts_init(&o, day(as_of));
	o.within = within;
	o.late = late;
	hz_record *r = make(s, 2);
	assert_true(hz_overdue_check(&o, r, NULL, &hit));
	assert_int_equal(hz_overdue_alert(out, r, &hit), 0);
	hz_record_free(r);
	fclose(out);
	return text;
}

static void test_alert_lines(void **state)
{
	(void)state;
	spec s = { .id = "12", .deadline = "2023-06-30", .owner = "张三" };
	char *t = alert(&s, "2023-07-15", -1, false);
	assert_string_equal(
	        t,
	        "#12 [消防] 某某酒店：疏散通道堆放杂物 — 超期 15 天（时限 2023-06-30，责任人 张三）\n");
	free(t);

	spec soon = { .id = "3",
		      .domain = "电动车",
		      .deadline = "2023-07-04",
		      .hazard = "楼道\n违规充电",
		      .owner = " 李四 " };
	t = alert(&soon, "2023-07-01", 7, false);
	assert_string_equal(
	        t,
	        "#3 [电动自行车] 某某酒店：楼道 违规充电 — 临期，还剩 3 天（时限 2023-07-04，责任人 李四）\n");
	free(t);
	t = alert(&soon, "2023-07-04", 7, false);
	assert_string_equal(
	        t,
	        "#3 [电动自行车] 某某酒店：楼道 违规充电 — 临期，今天到期（时限 2023-07-04，责任人 李四）\n");
	free(t);

	spec late = { .id = "5",
		      .deadline = "2023-06-30",
		      .ext = "2023-07-10",
		      .stage = "已整改",
		      .done = "2023-07-12" };
	t = alert(&late, "2023-07-31", -1, true);
	assert_string_equal(
	        t,
	        "#5 [消防] 某某酒店：疏散通道堆放杂物 — 逾期完成，晚 2 天（延期至 2023-07-10，完成 2023-07-12，责任人 未填）\n");
	free(t);
}

static void test_extras(void **state)
{
	(void)state;
	hz_overdue_hit hit = { .status = HZ_OD_DUE_SOON, .days = -3 };
	hz_extra ex[HZ_OVERDUE_EXTRAS];
	char buf[32];

	hz_overdue_extras(&hit, ex, buf);
	assert_string_equal(ex[0].header, "超期天数");
	assert_string_equal(ex[0].key, "days_overdue");
	assert_string_equal(ex[0].text, "-3");
	assert_string_equal(ex[0].json, "-3");
	assert_string_equal(ex[1].header, "状态");
	assert_string_equal(ex[1].key, "status");
	assert_string_equal(ex[1].text, "临期");
	assert_null(ex[1].json);
	assert_string_equal(hz_overdue_status_word(HZ_OD_OVERDUE), "超期");
	assert_string_equal(hz_overdue_status_word(HZ_OD_LATE), "逾期完成");
}

static void test_sort(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		long days;
	} in[] = { { "4", 3 }, { "10", 20 }, { "2", 3 }, { "", 3 }, { "1", -2 }, { "9", 20 } };
	static const char *const want[] = { "9", "10", "2", "4", "", "1" };
	hz_overdue_list *l = hz_overdue_list_new();

	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		spec s = { .id = in[i].id[0] ? in[i].id : " ", .deadline = "2023-06-30" };
		hz_overdue_hit hit = { .status = HZ_OD_OVERDUE, .days = in[i].days };
		hz_record *r = make(&s, (long)i + 2);
		char *name = strdup(i < 3 ? "a.csv" : "b.csv");
		r->place.file = name;
		hz_overdue_list_add(l, r, &hit);
		hz_record_free(r); /* the list keeps its own copy */
		free(name);        /* and its own file name (the reader's dies) */
	}
	hz_overdue_list_sort(l);
	assert_int_equal(hz_overdue_list_size(l), 6);
	for (size_t i = 0; i < 6; i++) {
		const hz_overdue_hit *hit;
		const hz_record *r = hz_overdue_list_get(l, i, &hit);
		hz_str id = hz_trim(hz_get(r, HZ_K_ID));
		char buf[8];

		snprintf(buf, sizeof buf, "%.*s", (int)id.n, id.s);
		assert_string_equal(buf, want[i]);
		assert_string_equal(r->place.file, strcmp(buf, "4") == 0 ||
		                                                   strcmp(buf, "10") == 0 ||
		                                                   strcmp(buf, "2") == 0
		                                           ? "a.csv"
		                                           : "b.csv");
		if (i == 0)
			assert_int_equal(hit->days, 20);
	}
	hz_overdue_list_free(l);
}

static void test_view_drops_earlier_fields(void **state)
{
	(void)state;
	hz_overdue_view *v = hz_overdue_view_new();
	spec s = { .deadline = "2023-06-30" };
	hz_record *plain = make(&s, 2);

	/* Nothing to drop: the record itself. */
	assert_ptr_equal(hz_overdue_view_of(v, plain), plain);

	/* An earlier run's output: 超期天数 and status (any case) go. */
	hz_schema *t = hz_schema_new(HZ_HAZARD);
	hz_schema_add(t, "序号", strlen("序号"), HZ_K_ID);
	hz_schema_add(t, "超期天数", strlen("超期天数"), HZ_K_NONE);
	hz_schema_add(t, "检查日期", strlen("检查日期"), HZ_K_CHECK_DATE);
	hz_schema_add(t, "Status", 6, HZ_K_NONE);
	hz_schema_add(t, "现场照片", strlen("现场照片"), HZ_K_NONE);
	hz_record *r = hz_record_new(t);
	hz_record_push(r, "4", 1);
	hz_record_push(r, "15", 2);
	hz_record_push(r, "2023-06-01", 10);
	hz_record_push(r, "超期", strlen("超期"));
	/* 现场照片 missing: a short row */
	r->place.line = 7;
	for (int round = 0; round < 2; round++) {
		const hz_record *w = hz_overdue_view_of(v, r);
		assert_ptr_not_equal(w, r);
		assert_int_equal(w->schema->ncols, 3);
		assert_int_equal(w->ncells, 3);
		assert_string_equal(w->schema->names[0], "序号");
		assert_string_equal(w->schema->names[1], "检查日期");
		assert_string_equal(w->schema->names[2], "现场照片");
		assert_int_equal(w->schema->col[HZ_K_CHECK_DATE], 1);
		assert_string_equal(w->cells[1].s, "2023-06-01");
		assert_int_equal(w->cells[2].n, 0);
		assert_int_equal(w->place.line, 7);
	}
	/* Back to a plain schema. */
	assert_ptr_equal(hz_overdue_view_of(v, plain), plain);
	hz_record_free(r);
	hz_schema_unref(t);
	hz_record_free(plain);
	hz_overdue_view_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_today_is_not_overdue),
		cmocka_unit_test(test_due_yesterday_is_one_day_overdue),
		cmocka_unit_test(test_rectified_on_deadline_is_not_late),
		cmocka_unit_test(test_rectified_after_as_of_is_still_overdue),
		cmocka_unit_test(test_found_after_as_of_is_ignored),
		cmocka_unit_test(test_extension_rescues),
		cmocka_unit_test(test_rectified_without_date),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_month_ends_and_leap_day),
		cmocka_unit_test(test_invalid_dates_are_named),
		cmocka_unit_test(test_listed),
		cmocka_unit_test(test_not_a_hazard),
		cmocka_unit_test(test_alert_lines),
		cmocka_unit_test(test_extras),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_view_drops_earlier_fields),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
