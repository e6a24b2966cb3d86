/* test_tally.c - the 34 items of the 调度表 against hand-computed values */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/amount.h"
#include "hz/items.h"
#include "hz/record.h"
#include "hz/tally.h"
#include "../../lib/model/record_int.h"

struct kv {
	hz_key k;
	const char *v;
};

#define END                                                                                        \
	{                                                                                          \
		HZ_K_NONE, NULL                                                                    \
	}

static hz_date day(const char *s)
{
	hz_date d = 0;

	assert_true(hz_date_parse(hz_str_c(s), 0, &d));
	return d;
}

/* Build one record of the given fields, as a reader would, and count it. */
static void feed(hz_tallier *t, hz_type type, long line, const struct kv *kv)
{
	hz_schema *s = hz_schema_new(type);
	hz_record *r;
	size_t i;

	for (i = 0; kv[i].v; i++)
		hz_schema_add(s, hz_key_name(kv[i].k), strlen(hz_key_name(kv[i].k)), kv[i].k);
	r = hz_record_new(s);
	hz_schema_unref(s);
	for (i = 0; kv[i].v; i++)
		hz_record_push(r, kv[i].v, strlen(kv[i].v));
	r->place.file = "t.csv";
	r->place.line = line;
	r->place.record = line - 1;
	hz_tallier_add(t, r);
	hz_record_free(r);
}

#define HAZ(t, line, ...) feed(t, HZ_HAZARD, line, (struct kv[]){ __VA_ARGS__, END })
#define CHK(t, line, ...) feed(t, HZ_CHECK, line, (struct kv[]){ __VA_ARGS__, END })
#define ACT(t, line, ...) feed(t, HZ_ACTIVITY, line, (struct kv[]){ __VA_ARGS__, END })

static int idx(const char *code)
{
	size_t n;
	const hz_item *items = hz_items(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].code, code) == 0)
			return (int)i;
	fail_msg("no item %s", code);
	return -1;
}

static int64_t val(const hz_tally *t, const char *code)
{
	return t->value[idx(code)];
}

static int64_t val2(const hz_tally *t, const char *code)
{
	return t->value2[idx(code)];
}

static hz_tally_opts opts(const char *as_of)
{
	hz_tally_opts o;

	memset(&o, 0, sizeof o);
	o.as_of = day(as_of);
	o.default_source = HZ_SOURCE_NONE;
	return o;
}

static hz_diag quiet(void)
{
	hz_diag d;

	hz_diag_init(&d, "hz-tally");
	d.out = NULL;
	return d;
}

/* One tally of its own. */
static const hz_tally *only(hz_tallier *t)
{
	size_t n;
	hz_tally *const *out = hz_tallier_finish(t, &n);

	assert_int_equal(n, 1);
	return out[0];
}

static void test_item_table(void **state)
{
	static const char *const codes[] = {
		"1.1", "1.2", "1.3", "1.4", "1.5", "1.6",  "2.1",  "2.2", "2.3",
		"2.4", "2.5", "2.6", "2.7", "2.8", "3.1",  "3.2",  "3.3", "3.4",
		"3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "4.1",  "4.2", "4.3",
		"4.4", "4.5", "4.6", "4.7", "4.8", "4.9",  "4.10",
	};
	size_t n, ns;
	const hz_item *items = hz_items(&n);
	const hz_section *s = hz_sections(&ns);

	(void)state;
	/* the one place the form's count is pinned: the codes above are 附件1's */
	assert_int_equal(n, sizeof codes / sizeof codes[0]);
	assert_int_equal(ns, 4);
	assert_string_equal(s[0].title, "总体情况");
	assert_string_equal(s[1].title, "对企业自查自改进行抽查检查情况");
	assert_string_equal(s[2].title, "部门精准严格执法情况");
	assert_string_equal(s[3].title, "党委政府组织领导情况");
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(items[i].code, codes[i]);
		assert_int_equal(items[i].section, codes[i][0] - '0');
		assert_int_equal(hz_item_index(&items[i]), (int)i);
		assert_true(items[i].label[0] != '\0' && items[i].measure[0] != '\0');
	}
	/* value2 only on 3.3, 3.8, 4.5 */
	for (size_t i = 0; i < n; i++) {
		bool v2 = strcmp(codes[i], "3.3") == 0 || strcmp(codes[i], "3.8") == 0 ||
		          strcmp(codes[i], "4.5") == 0;
		assert_int_equal(items[i].agg2 != HZ_AGG2_NONE, v2);
	}
	assert_string_equal(items[idx("3.4")].label, "企业和企业主要负责人“一案双罚”");
	assert_string_equal(items[idx("3.3")].measure, "次, 万元");
	assert_int_equal(hz_item_index(NULL), -1);
}

static void test_activity_item(void **state)
{
	(void)state;
	assert_string_equal(hz_activity_item(hz_str_c("3.3"))->code, "3.3");
	assert_string_equal(hz_activity_item(hz_str_c(" 4.10 "))->code, "4.10");
	assert_string_equal(hz_activity_item(hz_str_c("行政处罚"))->code, "3.3");
	assert_string_equal(hz_activity_item(hz_str_c("　举报奖励，其中匿名举报查实奖励 "))->code,
	                    "4.5");
	assert_null(hz_activity_item(hz_str_c("1.1"))); /* section 1 */
	assert_null(hz_activity_item(hz_str_c("部门抽查检查的企业总数")));
	assert_null(hz_activity_item(hz_str_c("3.11")));
	assert_null(hz_activity_item(hz_str_c("")));
	assert_null(hz_activity_item(HZ_STR_NONE));
}

/* Section 1: hazards. */
static void test_hazards(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_diag d = quiet();
	hz_tallier *t = hz_tallier_new(&o, &d);
	const hz_tally *r;

	(void)state;
	/* self, rectified by A */
	HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-05-10" }, { HZ_K_SOURCE, "企业自查" },
	    { HZ_K_STAGE, "已整改" }, { HZ_K_DONE_DATE, "2023-05-20" });
	/* self, found on as_of: counts; not rectified */
	HAZ(t, 3, { HZ_K_CHECK_DATE, "2023年6月30日" }, { HZ_K_SOURCE, " 企业自查 " },
	    { HZ_K_STAGE, "整改中" }, { HZ_K_DONE_DATE, "" });
	/* found the day after as_of: not counted */
	HAZ(t, 4, { HZ_K_CHECK_DATE, "2023-07-01" }, { HZ_K_SOURCE, "企业自查" },
	    { HZ_K_STAGE, "已整改" }, { HZ_K_DONE_DATE, "2023-07-01" }, { HZ_K_LISTED, "是" });
	/* dept, listed, rectified after as_of: not rectified */
	HAZ(t, 5, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_SOURCE, "部门检查" },
	    { HZ_K_STAGE, "已整改" }, { HZ_K_DONE_DATE, "2023-07-05" }, { HZ_K_LISTED, "是" });
	/* dept, signed off without a day: rectified; listed on a day <= A */
	HAZ(t, 6, { HZ_K_CHECK_DATE, "2023/6/2" }, { HZ_K_SOURCE, "部门检查" },
	    { HZ_K_STAGE, "已销号" }, { HZ_K_LISTED, "2023-06-15" });
	/* no source: unsourced; listed after A: not listed */
	HAZ(t, 7, { HZ_K_CHECK_DATE, "2023-06-03" }, { HZ_K_SOURCE, "" },
	    { HZ_K_LISTED, "2023-07-02" }, { HZ_K_STAGE, "未整改" });
	/* invalid source: unsourced, but listed and rectified: 1.5, 1.6 */
	HAZ(t, 8, { HZ_K_CHECK_DATE, "2023-06-04" }, { HZ_K_SOURCE, "其它" }, { HZ_K_LISTED, "Y" },
	    { HZ_K_STAGE, "已整改" }, { HZ_K_DONE_DATE, "2023-06-10" });
	/* no valid check_date: skipped */
	HAZ(t, 9, { HZ_K_CHECK_DATE, "2023-13-01" }, { HZ_K_SOURCE, "企业自查" });
	/* invalid done_date: not skipped, not rectified */
	HAZ(t, 10, { HZ_K_CHECK_DATE, "2023-06-05" }, { HZ_K_SOURCE, "部门检查" },
	    { HZ_K_STAGE, "已整改" }, { HZ_K_DONE_DATE, "soon" });
	r = only(t);
	assert_int_equal(val(r, "1.1"), 2);
	assert_int_equal(val(r, "1.2"), 1);
	assert_int_equal(val(r, "1.3"), 3);
	assert_int_equal(val(r, "1.4"), 1);
	assert_int_equal(val(r, "1.5"), 3);
	assert_int_equal(val(r, "1.6"), 2);
	assert_int_equal(r->unsourced, 2);
	assert_int_equal(r->skipped, 1);
	assert_int_equal(d.warnings, 1);
	hz_tallier_free(t);
}

static void test_default_source(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	const hz_tally *r;

	(void)state;
	o.default_source = HZ_SOURCE_DEPT;
	t = hz_tallier_new(&o, NULL);
	HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-06-03" }, { HZ_K_STAGE, "已整改" },
	    { HZ_K_DONE_DATE, "2023-06-04" }); /* no source column at all */
	HAZ(t, 3, { HZ_K_CHECK_DATE, "2023-06-03" }, { HZ_K_SOURCE, "  " });
	HAZ(t, 4, { HZ_K_CHECK_DATE, "2023-06-03" }, { HZ_K_SOURCE, "别的" });
	HAZ(t, 5, { HZ_K_CHECK_DATE, "2023-06-03" }, { HZ_K_SOURCE, "企业自查" });
	r = only(t);
	assert_int_equal(val(r, "1.1"), 1);
	assert_int_equal(val(r, "1.3"), 2);
	assert_int_equal(val(r, "1.4"), 1);
	assert_int_equal(r->unsourced, 1); /* an invalid source stays unsourced */
	hz_tallier_free(t);
}

/* Section 2: distinct enterprises across several checks. */
static void test_checks(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_diag d = quiet();
	hz_tallier *t = hz_tallier_new(&o, &d);
	const hz_tally *r;

	(void)state;
	CHK(t, 2, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_ENTERPRISE, "佰迪乐KTV" },
	    { HZ_K_NO_STUDY, "是" }, { HZ_K_NO_DRILL, "√" });
	CHK(t, 3, { HZ_K_CHECK_DATE, "2023-06-20" }, { HZ_K_ENTERPRISE, "佰迪乐KTV " },
	    { HZ_K_NO_STUDY, "1" }, { HZ_K_NO_LEAD_CHECK, "Y" });
	CHK(t, 4, { HZ_K_CHECK_DATE, "2023-06-30" },
	    { HZ_K_ENTERPRISE, "柳州市东都百货有限责任公司" }, { HZ_K_NO_DUTY_LIST, "true" },
	    { HZ_K_NO_SAFETY_STAFF, "是" }, { HZ_K_UNLICENSED_WORK, "y" });
	CHK(t, 5, { HZ_K_CHECK_DATE, "2023-07-01" }, { HZ_K_ENTERPRISE, "柳州市城中区江海百鱼庄" },
	    { HZ_K_OUTSOURCING_CHAOS, "是" }); /* the day after as_of */
	CHK(t, 6, { HZ_K_CHECK_DATE, "2023-06-10" }, { HZ_K_ENTERPRISE, "柳州市城中区江海百鱼庄" },
	    { HZ_K_OUTSOURCING_CHAOS, "否" }, { HZ_K_NO_DRILL, "0" });
	CHK(t, 7, { HZ_K_CHECK_DATE, "2023-06-11" },
	    { HZ_K_ENTERPRISE, "广西联华超市股份有限公司解放店" },
	    { HZ_K_NO_STUDY, "maybe" }); /* not a flag word: skipped */
	CHK(t, 8, { HZ_K_CHECK_DATE, "2023-06-12" }, { HZ_K_ENTERPRISE, "  " });
	CHK(t, 9, { HZ_K_CHECK_DATE, "2023-06-13" },
	    { HZ_K_ENTERPRISE, "　广西联华超市股份有限公司解放店　" },
	    { HZ_K_OUTSOURCING_CHAOS, "是" }, { HZ_K_NO_STUDY, "" });
	CHK(t, 10, { HZ_K_CHECK_DATE, "2023-06-15" },
	    { HZ_K_ENTERPRISE, "柳州市东都百货有限责任公司" }, { HZ_K_NO_STUDY, "是" },
	    { HZ_K_NO_DRILL, "是" });
	CHK(t, 11, { HZ_K_CHECK_DATE, "2023-05-01" }, { HZ_K_ENTERPRISE, "铂涛精品酒店" },
	    { HZ_K_NO_LEAD_CHECK, "是" });
	CHK(t, 12, { HZ_K_CHECK_DATE, "" }, { HZ_K_ENTERPRISE, "铂涛精品酒店" });
	r = only(t);
	assert_int_equal(val(r, "2.1"), 5);
	assert_int_equal(val(r, "2.2"), 2); /* 佰迪乐 (twice), 东都 */
	assert_int_equal(val(r, "2.3"), 2); /* 佰迪乐, 铂涛 */
	assert_int_equal(val(r, "2.4"), 1);
	assert_int_equal(val(r, "2.5"), 1);
	assert_int_equal(val(r, "2.6"), 1);
	assert_int_equal(val(r, "2.7"), 1); /* 联华; 江海's 是 is after as_of */
	assert_int_equal(val(r, "2.8"), 2); /* 佰迪乐, 东都 */
	assert_int_equal(r->skipped, 3);
	hz_tallier_free(t);
}

/* Sections 3 and 4: activities. */
static void test_activities(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_diag d = quiet();
	hz_tallier *t = hz_tallier_new(&o, &d);
	const hz_tally *r;
	long line = 1;

	(void)state;
#define A(item, date, ...) ACT(t, ++line, { HZ_K_ITEM, item }, { HZ_K_DATE, date }, __VA_ARGS__)
	A("3.1", "2023-06-01", { HZ_K_COUNT, "2" });
	A("帮扶指导重点地区", "2023-06-30", { HZ_K_COUNT, "" }); /* empty = 1, on as_of */
	A("3.1", "2023-07-01", { HZ_K_COUNT, "5" });             /* the day after */
	A("3.2", "2023-06-02", { HZ_K_COUNT, "4" });
	A("3.3", "2023-06-03", { HZ_K_COUNT, "1" }, { HZ_K_AMOUNT, "0.1" });
	A("行政处罚", "2023-06-04", { HZ_K_AMOUNT, "0.2" });
	A("3.4", "2023-06-05", { HZ_K_COUNT, "1" });
	A("3.5", "2023-06-05", { HZ_K_COUNT, "2" });
	A("3.6", "2023-06-06", { HZ_K_SUBJECT, "佰迪乐KTV" });
	A("3.6", "2023-06-07", { HZ_K_SUBJECT, " 佰迪乐KTV" }, { HZ_K_COUNT, "3" });
	A("3.6", "2023-06-07", { HZ_K_SUBJECT, "" }); /* skipped */
	A("3.7", "2023-06-08", { HZ_K_SUBJECT, "存台酒宾馆" });
	A("3.7", "2023-06-08", { HZ_K_SUBJECT, "东都好酒店" });
	A("曝光、约谈、联合惩戒企业", "2023-06-09", { HZ_K_SUBJECT, "存台酒宾馆 " });
	A("3.8", "2023-06-10", { HZ_K_COUNT, "3" }, { HZ_K_SUB, "1" });
	A("3.8", "2023-06-11", { HZ_K_COUNT, "2" }, { HZ_K_SUB, "" });
	A("3.9", "2023-06-12", { HZ_K_COUNT, "0" });
	A("3.9", "2023-06-12", { HZ_K_COUNT, "x" }); /* skipped */
	A("3.10", "2023-06-13", { HZ_K_COUNT, "1" });
	A("约谈通报有关地区及部门", "2023-06-14", { HZ_K_COUNT, "1" });
	A("4.1", "2023-06-15", { HZ_K_COUNT, "" });
	A("4.2", "2023-06-15", { HZ_K_COUNT, "2" });
	A("4.3", "2023-06-15", { HZ_K_COUNT, "3" });
	A("4.4", "2023-06-15", { HZ_K_COUNT, "4" });
	A("4.5", "2023-06-16", { HZ_K_AMOUNT, "0.5" }, { HZ_K_SUB, "0.25" });
	A("4.5", "2023-06-17", { HZ_K_AMOUNT, "1.05" }, { HZ_K_SUB, "" });
	A("4.5", "2023-06-17", { HZ_K_AMOUNT, "" }); /* skipped */
	A("4.6", "2023-05-01", { HZ_K_COUNT, "1" });
	A("4.6", "2023-06-10", { HZ_K_COUNT, "0" });
	A("4.6", "2023-06-10", { HZ_K_COUNT, "1" }); /* tie: last read wins */
	A("4.6", "2023-07-01", { HZ_K_COUNT, "0" }); /* after as_of */
	A("4.6", "2023-06-20", { HZ_K_COUNT, "" });  /* skipped: needs a value */
	A("4.7", "2023-04-01", { HZ_K_COUNT, "3" });
	A("4.7", "2023-06-20", { HZ_K_COUNT, "5" });
	A("4.7", "2023-06-05", { HZ_K_COUNT, "9" }); /* older, read later */
	A("4.8", "2023-06-21", { HZ_K_COUNT, "1" });
	A("4.9", "2023-06-22", { HZ_K_COUNT, "1" });
	A("4.10", "2023-06-23", { HZ_K_COUNT, "2" });
	A("5.1", "2023-06-23", { HZ_K_COUNT, "2" }); /* skipped: no such item */
	A("4.10", "6月23日", { HZ_K_COUNT, "2" });   /* skipped: no date */
#undef A
	r = only(t);
	assert_int_equal(val(r, "3.1"), 3);
	assert_int_equal(val(r, "3.2"), 4);
	assert_int_equal(val(r, "3.3"), 2);
	assert_int_equal(val2(r, "3.3"), 3000); /* 0.1 + 0.2 = 0.3 exactly */
	assert_int_equal(val(r, "3.4"), 1);
	assert_int_equal(val(r, "3.5"), 2);
	assert_int_equal(val(r, "3.6"), 1);
	assert_int_equal(val(r, "3.7"), 2);
	assert_int_equal(val(r, "3.8"), 5);
	assert_int_equal(val2(r, "3.8"), 1);
	assert_int_equal(val(r, "3.9"), 0);
	assert_int_equal(val(r, "3.10"), 2);
	assert_int_equal(val(r, "4.1"), 1);
	assert_int_equal(val(r, "4.2"), 2);
	assert_int_equal(val(r, "4.3"), 3);
	assert_int_equal(val(r, "4.4"), 4);
	assert_int_equal(val(r, "4.5"), 15500); /* 1.55 万元 */
	assert_int_equal(val2(r, "4.5"), 2500); /* 0.25 万元 */
	assert_int_equal(val(r, "4.6"), 1);
	assert_int_equal(val(r, "4.7"), 5);
	assert_int_equal(val(r, "4.8"), 1);
	assert_int_equal(val(r, "4.9"), 1);
	assert_int_equal(val(r, "4.10"), 2);
	assert_int_equal(r->skipped, 6);
	assert_int_equal(d.warnings, 6);
	hz_tallier_free(t);
}

/* --since cuts every item but 4.6 and 4.7, which take the latest record. */
static void test_since(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	const hz_tally *r;

	(void)state;
	o.has_since = true;
	o.since = day("2023-06-01");
	t = hz_tallier_new(&o, NULL);
	HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-05-31" }, { HZ_K_SOURCE, "企业自查" });
	HAZ(t, 3, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_SOURCE, "企业自查" });
	CHK(t, 4, { HZ_K_CHECK_DATE, "2023-05-31" }, { HZ_K_ENTERPRISE, "铂涛精品酒店" });
	ACT(t, 5, { HZ_K_ITEM, "3.1" }, { HZ_K_DATE, "2023-05-31" }, { HZ_K_COUNT, "7" });
	ACT(t, 6, { HZ_K_ITEM, "3.1" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_COUNT, "2" });
	ACT(t, 7, { HZ_K_ITEM, "4.6" }, { HZ_K_DATE, "2023-05-01" }, { HZ_K_COUNT, "1" });
	ACT(t, 8, { HZ_K_ITEM, "4.7" }, { HZ_K_DATE, "2023-05-15" }, { HZ_K_COUNT, "4" });
	r = only(t);
	assert_int_equal(val(r, "1.1"), 1);
	assert_int_equal(val(r, "2.1"), 0);
	assert_int_equal(val(r, "3.1"), 2);
	assert_int_equal(val(r, "4.6"), 1);
	assert_int_equal(val(r, "4.7"), 4);
	assert_true(r->has_since);
	assert_int_equal(r->since, day("2023-06-01"));
	hz_tallier_free(t);
}

static char *json_of(const hz_tally *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(hz_tally_write_json(f, t), 0);
	fclose(f);
	return buf;
}

static const char ZERO_ITEMS[] =
        "\"items\":[{\"code\":\"1.1\",\"value\":0},{\"code\":\"1.2\",\"value\":0},"
        "{\"code\":\"1.3\",\"value\":0},{\"code\":\"1.4\",\"value\":0},"
        "{\"code\":\"1.5\",\"value\":0},{\"code\":\"1.6\",\"value\":0},"
        "{\"code\":\"2.1\",\"value\":0},{\"code\":\"2.2\",\"value\":0},"
        "{\"code\":\"2.3\",\"value\":0},{\"code\":\"2.4\",\"value\":0},"
        "{\"code\":\"2.5\",\"value\":0},{\"code\":\"2.6\",\"value\":0},"
        "{\"code\":\"2.7\",\"value\":0},{\"code\":\"2.8\",\"value\":0},"
        "{\"code\":\"3.1\",\"value\":0},{\"code\":\"3.2\",\"value\":0},"
        "{\"code\":\"3.3\",\"value\":0,\"value2\":0},{\"code\":\"3.4\",\"value\":0},"
        "{\"code\":\"3.5\",\"value\":0},{\"code\":\"3.6\",\"value\":0},"
        "{\"code\":\"3.7\",\"value\":0},{\"code\":\"3.8\",\"value\":0,\"value2\":0},"
        "{\"code\":\"3.9\",\"value\":0},{\"code\":\"3.10\",\"value\":0},"
        "{\"code\":\"4.1\",\"value\":0},{\"code\":\"4.2\",\"value\":0},"
        "{\"code\":\"4.3\",\"value\":0},{\"code\":\"4.4\",\"value\":0},"
        "{\"code\":\"4.5\",\"value\":0,\"value2\":0},{\"code\":\"4.6\",\"value\":false},"
        "{\"code\":\"4.7\",\"value\":0},{\"code\":\"4.8\",\"value\":0},"
        "{\"code\":\"4.9\",\"value\":0},{\"code\":\"4.10\",\"value\":0}]}\n";

static void test_zero_report(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	const hz_tally *r;
	char *json, want[4096];

	(void)state;
	o.unit = "公园社区";
	t = hz_tallier_new(&o, NULL);
	r = only(t);
	for (size_t i = 0; i < r->nitems; i++) {
		assert_int_equal(r->value[i], 0);
		assert_int_equal(r->value2[i], 0);
	}
	json = json_of(r);
	snprintf(want, sizeof want,
	         "{\"unit\":\"公园社区\",\"as_of\":\"2023-06-30\","
	         "\"since\":null,\"skipped\":0,\"unsourced\":0,%s",
	         ZERO_ITEMS);
	assert_string_equal(json, want);
	free(json);
	hz_tallier_free(t);
}

/* Amounts print exactly, trailing zeros trimmed; since as "YYYY-MM-DD". */
static void test_json_amounts(void **state)
{
	hz_date since = day("2023-06-01");
	hz_tally *t = hz_tally_new("解放\"社区\"", day("2023-06-30"), &since);
	char *json;

	(void)state;
	t->value[idx("3.3")] = 2;
	t->value2[idx("3.3")] = 3000;
	t->value[idx("4.5")] = 120000;
	t->value2[idx("4.5")] = 12345;
	t->value[idx("4.6")] = 1;
	t->skipped = 3;
	json = json_of(t);
	assert_non_null(strstr(json, "{\"unit\":\"解放\\\"社区\\\"\",\"as_of\":\"2023-06-30\","
	                             "\"since\":\"2023-06-01\",\"skipped\":3,\"unsourced\":0,"));
	assert_non_null(strstr(json, "{\"code\":\"3.3\",\"value\":2,\"value2\":0.3}"));
	assert_non_null(strstr(json, "{\"code\":\"4.5\",\"value\":12,\"value2\":1.2345}"));
	assert_non_null(strstr(json, "{\"code\":\"4.6\",\"value\":true}"));
	free(json);
	hz_tally_free(t);
}

/* What is written reads back to the same tally. */
static void test_parse_round_trip(void **state)
{
	hz_tally *t = hz_tally_new("公园社区", day("2023-06-30"), NULL), *back;
	char *json, err[256];
	size_t used;

	(void)state;
	for (size_t i = 0; i < t->nitems; i++)
		t->value[i] = (int64_t)i * 7 + 1;
	t->value[idx("4.6")] = 1;
	t->value2[idx("3.3")] = 3; /* 0.0003 */
	t->value2[idx("3.8")] = 4;
	t->value2[idx("4.5")] = 123456789; /* 12345.6789 */
	t->unsourced = 2;
	json = json_of(t);
	back = hz_tally_parse(json, strlen(json), &used, err, sizeof err);
	assert_non_null(back);
	assert_int_equal(used, strlen(json) - 1);
	assert_string_equal(back->unit, "公园社区");
	assert_int_equal(back->as_of, t->as_of);
	assert_false(back->has_since);
	assert_int_equal(back->unsourced, 2);
	assert_memory_equal(back->value, t->value, t->nitems * sizeof *t->value);
	assert_memory_equal(back->value2, t->value2, t->nitems * sizeof *t->value2);
	/* nothing but white space left */
	assert_null(hz_tally_parse(json + used, strlen(json) - used, &used, err, sizeof err));
	assert_int_equal(used, 0);
	assert_string_equal(err, "");
	hz_tally_free(back);
	free(json);
	hz_tally_free(t);
}

static void test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"[1]",
		"{\"unit\":\"x\",\"items\":[]}",           /* no as_of */
		"{\"as_of\":\"2023-06-30\",\"items\":[]}", /* items missing */
		"{\"as_of\":\"2023-06-30\",\"items\":[{\"code\":\"9.9\",\"value\":1}]}",
		"{\"as_of\":\"2023-06-30\",\"as_of\":\"2023-06-30\",\"items\":[]}",
		"{\"as_of\":\"2023-06-30\"",
	};
	char err[256];
	size_t used;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(hz_tally_parse(bad[i], strlen(bad[i]), &used, err, sizeof err));
		assert_true(err[0] != '\0');
	}
}

static void test_parse_bad_values(void **state)
{
	hz_tally *t = hz_tally_new("", day("2023-06-30"), NULL), *back;
	char *json, *p, err[256];
	size_t used;

	(void)state;
	json = json_of(t);
	/* 4.6 must be a boolean */
	p = strstr(json, "\"value\":false");
	assert_non_null(p);
	memcpy(p, "\"value\":1    ", 13);
	back = hz_tally_parse(json, strlen(json), &used, err, sizeof err);
	assert_null(back);
	assert_non_null(strstr(err, "4.6"));
	free(json);
	hz_tally_free(t);
}

static void test_merge(void **state)
{
	hz_tally *a = hz_tally_new("a", day("2023-06-30"), NULL);
	hz_date since = day("2023-06-01");
	hz_tally *b = hz_tally_new("b", day("2023-06-30"), &since);
	hz_tally *c = hz_tally_new("c", day("2023-05-31"), NULL);
	char err[128];

	(void)state;
	a->value[idx("1.1")] = 2;
	b->value[idx("1.1")] = 3;
	a->value[idx("2.1")] = 4; /* distinct: added up */
	b->value[idx("2.1")] = 4;
	a->value[idx("4.6")] = 0;
	b->value[idx("4.6")] = 1;
	a->value[idx("4.7")] = 3;
	b->value[idx("4.7")] = 5;
	a->value2[idx("3.3")] = 1000;
	b->value2[idx("3.3")] = 2000;
	a->skipped = 1;
	b->skipped = 2;
	b->unsourced = 4;
	assert_true(hz_tally_merge(b, a, err, sizeof err));
	assert_int_equal(val(b, "1.1"), 5);
	assert_int_equal(val(b, "2.1"), 8);
	assert_int_equal(val(b, "4.6"), 1);
	assert_int_equal(val(b, "4.7"), 8);
	assert_int_equal(val2(b, "3.3"), 3000);
	assert_int_equal(b->skipped, 3);
	assert_int_equal(b->unsourced, 4);
	assert_false(b->has_since); /* the wider window */
	assert_false(hz_tally_merge(b, c, err, sizeof err));
	assert_non_null(strstr(err, "2023-05-31"));
	assert_int_equal(val(b, "1.1"), 5);
	hz_tally_free(a);
	hz_tally_free(b);
	hz_tally_free(c);
}

/* --by reporter: groups in order of first appearance, "" for none, 合计. */
/* Without --by: the reporters the records name, for the printed form's
 * 单位名称 — none, one (trimmed, blanks aside), or two and more. */
static void test_reporters(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t = hz_tallier_new(&o, NULL);
	const char *a, *b;

	(void)state;
	assert_int_equal(hz_tallier_reporters(t, &a, &b), 0);
	assert_null(a);
	HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_REPORTER, " 公园社区 " });
	HAZ(t, 3, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_REPORTER, "" });
	CHK(t, 4, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_ENTERPRISE, "x" },
	    { HZ_K_REPORTER, "公园社区" });
	assert_int_equal(hz_tallier_reporters(t, &a, &b), 1);
	assert_string_equal(a, "公园社区");
	assert_null(b);
	ACT(t, 5, { HZ_K_ITEM, "4.7" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_COUNT, "2" },
	    { HZ_K_REPORTER, "解放社区" });
	HAZ(t, 6, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_REPORTER, "第三社区" });
	assert_int_equal(hz_tallier_reporters(t, &a, &b), 2);
	assert_string_equal(a, "公园社区");
	assert_string_equal(b, "解放社区");
	hz_tallier_free(t);
}

static void test_by_reporter(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	hz_tally *const *out;
	size_t n;

	(void)state;
	o.by_reporter = true;
	o.total = true;
	t = hz_tallier_new(&o, NULL);
	HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_SOURCE, "企业自查" },
	    { HZ_K_REPORTER, "解放社区" });
	CHK(t, 3, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_ENTERPRISE, "佰迪乐KTV" },
	    { HZ_K_REPORTER, "公园社区" });
	CHK(t, 4, { HZ_K_CHECK_DATE, "2023-06-02" }, { HZ_K_ENTERPRISE, "佰迪乐KTV" },
	    { HZ_K_REPORTER, " 公园社区 " });
	ACT(t, 5, { HZ_K_ITEM, "4.7" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_COUNT, "2" },
	    { HZ_K_REPORTER, "解放社区" });
	ACT(t, 6, { HZ_K_ITEM, "4.7" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_COUNT, "3" });
	ACT(t, 7, { HZ_K_ITEM, "4.6" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_COUNT, "1" },
	    { HZ_K_REPORTER, "公园社区" });
	HAZ(t, 8, { HZ_K_CHECK_DATE, "bad" }, { HZ_K_REPORTER, "" });
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 4);
	assert_string_equal(out[0]->unit, "解放社区");
	assert_string_equal(out[1]->unit, "公园社区");
	assert_string_equal(out[2]->unit, "");
	assert_string_equal(out[3]->unit, "合计");
	assert_int_equal(val(out[0], "1.1"), 1);
	assert_int_equal(val(out[0], "4.7"), 2);
	assert_int_equal(val(out[1], "2.1"), 1);
	assert_int_equal(val(out[1], "4.6"), 1);
	assert_int_equal(val(out[2], "4.7"), 3);
	assert_int_equal(out[2]->skipped, 1);
	assert_int_equal(val(out[3], "1.1"), 1);
	assert_int_equal(val(out[3], "2.1"), 1);
	assert_int_equal(val(out[3], "4.6"), 1);
	assert_int_equal(val(out[3], "4.7"), 5);
	assert_int_equal(out[3]->skipped, 1);
	hz_tallier_free(t);
}

/* Many reporters: the lookup table grows and keeps every group apart. */
static void test_many_reporters(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	hz_tally *const *out;
	char name[32];
	size_t n;

	(void)state;
	o.by_reporter = true;
	t = hz_tallier_new(&o, NULL);
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 100; i++) {
			snprintf(name, sizeof name, "社区%d", i);
			HAZ(t, 2, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_SOURCE, "部门检查" },
			    { HZ_K_REPORTER, name });
		}
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 100);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "社区%d", i);
		assert_string_equal(out[i]->unit, name);
		assert_int_equal(val(out[i], "1.3"), 3);
	}
	hz_tallier_free(t);
}

/* The warning of a skipped record names its file and line. */
static void test_skip_warning(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_diag d;
	hz_tallier *t;
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	hz_diag_init(&d, "hz-tally");
	d.out = open_memstream(&buf, &len);
	t = hz_tallier_new(&o, &d);
	CHK(t, 7, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_ENTERPRISE, "佰迪乐KTV" },
	    { HZ_K_NO_DRILL, "maybe" });
	fclose(d.out);
	assert_non_null(strstr(buf, "hz-tally: t.csv:7: warning: "));
	assert_non_null(strstr(buf, "未开展应急演练 'maybe'"));
	assert_non_null(strstr(buf, "[skipped]"));
	assert_int_equal(only(t)->skipped, 1);
	free(buf);
	hz_tallier_free(t);
}

/* Outside every window a record is ignored, whatever else is wrong with it;
 * inside, a record that cannot be counted is skipped (hz-tally(1)). */
static void test_window_before_skip(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_diag d = quiet();
	hz_tallier *t;
	const hz_tally *r;
	long line = 1;

	(void)state;
	o.has_since = true;
	o.since = day("2023-06-01");
	t = hz_tallier_new(&o, &d);
#define A(item, date, ...) ACT(t, ++line, { HZ_K_ITEM, item }, { HZ_K_DATE, date }, __VA_ARGS__)
	A("9.9", "2023-07-05", { HZ_K_COUNT, "1" });   /* unknown, after as_of: ignored */
	A("3.1", "2023-07-05", { HZ_K_COUNT, "abc" }); /* bad count, after as_of: ignored */
	A("9.9", "2023-05-31", { HZ_K_COUNT, "1" });   /* unknown, before since: ignored */
	A("", "2023-05-31", { HZ_K_COUNT, "1" });      /* no item, before since: ignored */
	A("3.6", "2023-05-31", { HZ_K_SUBJECT, "" });  /* before since: ignored */
	A("4.7", "2023-07-01", { HZ_K_COUNT, "" });    /* latest item after as_of: ignored */
	A("4.7", "2023-05-31", { HZ_K_COUNT, "" });    /* latest item before since: skipped */
	A("4.6", "2023-05-31", { HZ_K_COUNT, "2" });   /* the same: skipped */
	A("9.9", "2023-06-15", { HZ_K_COUNT, "1" });   /* unknown, in the window: skipped */
	A("", "2023-06-30", { HZ_K_COUNT, "1" });      /* no item, in the window: skipped */
	A("3.1", "2023-06-01", { HZ_K_COUNT, "abc" }); /* in the window: skipped */
	A("3.1", "2023-13-01", { HZ_K_COUNT, "1" });   /* no valid date: skipped */
#undef A
	CHK(t, ++line, { HZ_K_CHECK_DATE, "2023-07-01" }, { HZ_K_ENTERPRISE, "" },
	    { HZ_K_NO_DRILL, "maybe" }); /* ignored */
	CHK(t, ++line, { HZ_K_CHECK_DATE, "2023-05-31" }, { HZ_K_ENTERPRISE, "佰迪乐KTV" },
	    { HZ_K_NO_DRILL, "maybe" });                                            /* ignored */
	CHK(t, ++line, { HZ_K_CHECK_DATE, "2023-06-01" }, { HZ_K_ENTERPRISE, "" }); /* skipped */
	HAZ(t, ++line, { HZ_K_CHECK_DATE, "2023-07-01" }, { HZ_K_SOURCE, "企业自查" });
	HAZ(t, ++line, { HZ_K_CHECK_DATE, "" }, { HZ_K_SOURCE, "企业自查" }); /* skipped */
	r = only(t);
	assert_int_equal(r->skipped, 8);
	assert_int_equal(d.warnings, 8);
	assert_int_equal(val(r, "3.1"), 0);
	assert_int_equal(val(r, "4.7"), 0);
	assert_int_equal(val(r, "1.1"), 0);
	hz_tallier_free(t);
}

/* Records the reader dropped whole are skipped too: in the one tally, or
 * with --by in the group "" (made at need), and so in 合计. */
static void test_reader_dropped(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	hz_tally *const *out;
	size_t n;

	(void)state;
	t = hz_tallier_new(&o, NULL);
	hz_tallier_skip(t, 2);
	hz_tallier_skip(t, 0);
	assert_int_equal(only(t)->skipped, 2);
	hz_tallier_skip(t, 5); /* after finish: no effect */
	assert_int_equal(only(t)->skipped, 2);
	hz_tallier_free(t);

	o.by_reporter = true;
	o.total = true;
	t = hz_tallier_new(&o, NULL);
	ACT(t, 2, { HZ_K_ITEM, "3.1" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_REPORTER, "公园社区" });
	hz_tallier_skip(t, 1);
	ACT(t, 3, { HZ_K_ITEM, "3.1" }, { HZ_K_DATE, "2023-06-01" }, { HZ_K_REPORTER, "解放社区" });
	ACT(t, 4, { HZ_K_ITEM, "3.1" }, { HZ_K_DATE, "2023-06-02" }, { HZ_K_REPORTER, "" });
	hz_tallier_skip(t, 2);
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 4);
	assert_string_equal(out[0]->unit, "公园社区");
	assert_string_equal(out[1]->unit, "");
	assert_string_equal(out[2]->unit, "解放社区");
	assert_string_equal(out[3]->unit, "合计");
	assert_int_equal(out[0]->skipped, 0);
	assert_int_equal(out[1]->skipped, 3);
	assert_int_equal(val(out[1], "3.1"), 1);
	assert_int_equal(out[2]->skipped, 0);
	assert_int_equal(out[3]->skipped, 3);
	assert_int_equal(val(out[3], "3.1"), 3);
	hz_tallier_free(t);
}

/* --by reporter without any record is still a zero report: the group "". */
static void test_by_reporter_empty(void **state)
{
	hz_tally_opts o = opts("2023-06-30");
	hz_tallier *t;
	hz_tally *const *out;
	char *json, want[4096];
	size_t n;

	(void)state;
	o.by_reporter = true;
	t = hz_tallier_new(&o, NULL);
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 1);
	json = json_of(out[0]);
	snprintf(want, sizeof want,
	         "{\"unit\":null,\"as_of\":\"2023-06-30\","
	         "\"since\":null,\"skipped\":0,\"unsourced\":0,%s",
	         ZERO_ITEMS);
	assert_string_equal(json, want);
	free(json);
	hz_tallier_free(t);

	o.total = true;
	t = hz_tallier_new(&o, NULL);
	CHK(t, 2, { HZ_K_CHECK_DATE, "2023-06-01" },
	    { HZ_K_ENTERPRISE, "佰迪乐KTV" }); /* no reporter column at all */
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 2);
	assert_string_equal(out[0]->unit, "");
	assert_string_equal(out[1]->unit, "合计");
	assert_int_equal(val(out[1], "2.1"), 1);
	hz_tallier_free(t);

	t = hz_tallier_new(&o, NULL);
	out = hz_tallier_finish(t, &n);
	assert_int_equal(n, 2);
	assert_string_equal(out[0]->unit, "");
	assert_string_equal(out[1]->unit, "合计");
	for (size_t i = 0; i < out[1]->nitems; i++)
		assert_int_equal(out[1]->value[i], 0);
	hz_tallier_free(t);
}

static char *table_of(const hz_tally *t)
{
	hz_tally_write_opts wo = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(hz_tally_write_table(f, t, &wo), 0);
	fclose(f);
	return buf;
}

/* The printed form: every item, values aligned on display width, 整改率. */
static void test_table(void **state)
{
	hz_tally *t = hz_tally_new("公园社区", day("2023-06-30"), NULL);
	char *text, *line, *save = NULL;
	size_t end = 0, items = 0;

	(void)state;
	t->value[idx("1.1")] = 3;
	t->value[idx("1.2")] = 1;
	t->value[idx("1.3")] = 2;
	t->value[idx("1.4")] = 2;
	t->value[idx("3.3")] = 12;
	t->value2[idx("3.3")] = 15000;
	t->unsourced = 1;
	text = table_of(t);
	assert_non_null(strstr(text, "城中区重大事故隐患专项排查整治2023行动进展情况调度表\n"
	                             "单位名称：公园社区\n截至日期：2023-06-30\n"));
	assert_non_null(strstr(text, "\n一、总体情况\n"));
	assert_non_null(strstr(text, "\n四、党委政府组织领导情况\n"));
	assert_non_null(strstr(text, "  整改率 33.3%\n"));
	assert_non_null(strstr(text, "  整改率 100.0%\n"));
	assert_non_null(strstr(text, "  整改率 -\n"));
	assert_non_null(strstr(text, "12, 1.5\n"));
	assert_non_null(strstr(text, "注：1 个隐患"));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *rate = strstr(line, "  整改率");
		size_t w;

		if (strncmp(line, "  ", 2) != 0)
			continue;
		if (rate)
			*rate = '\0';
		w = hz_display_width(line, strlen(line));
		if (end == 0)
			end = w;
		assert_int_equal(w, end);
		items++;
	}
	size_t n_items;
	hz_items(&n_items);
	assert_int_equal(items, n_items);
	free(text);
	hz_tally_free(t);
}

static void test_periods(void **state)
{
	hz_date d;

	(void)state;
	assert_true(hz_tally_month_end("2024-02", &d));
	assert_int_equal(d, day("2024-02-29"));
	assert_true(hz_tally_month_end("2023-6", &d));
	assert_int_equal(d, day("2023-06-30"));
	assert_false(hz_tally_month_end("2023-13", &d));
	assert_false(hz_tally_month_end("202306", &d));
	assert_false(hz_tally_month_end("2023-06-01", &d));
	assert_true(hz_tally_quarter_end("2023Q2", &d));
	assert_int_equal(d, day("2023-06-30"));
	assert_true(hz_tally_quarter_end("2023q4", &d));
	assert_int_equal(d, day("2023-12-31"));
	assert_false(hz_tally_quarter_end("2023Q5", &d));
	assert_false(hz_tally_quarter_end("2023-Q1", &d));
	assert_int_equal(hz_tally_default_as_of(day("2023-07-01")), day("2023-06-30"));
	assert_int_equal(hz_tally_default_as_of(day("2023-01-15")), day("2022-12-31"));
	assert_int_equal(hz_tally_default_as_of(day("2024-03-31")), day("2024-02-29"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item_table),     cmocka_unit_test(test_activity_item),
		cmocka_unit_test(test_hazards),        cmocka_unit_test(test_default_source),
		cmocka_unit_test(test_checks),         cmocka_unit_test(test_activities),
		cmocka_unit_test(test_since),          cmocka_unit_test(test_zero_report),
		cmocka_unit_test(test_json_amounts),   cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_parse_errors),   cmocka_unit_test(test_parse_bad_values),
		cmocka_unit_test(test_merge),          cmocka_unit_test(test_reporters),
		cmocka_unit_test(test_by_reporter),    cmocka_unit_test(test_many_reporters),
		cmocka_unit_test(test_skip_warning),   cmocka_unit_test(test_window_before_skip),
		cmocka_unit_test(test_reader_dropped), cmocka_unit_test(test_by_reporter_empty),
		cmocka_unit_test(test_table),          cmocka_unit_test(test_periods),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
