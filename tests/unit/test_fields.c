/* test_fields.c - the field tables of hz-formats(5): every field of every
 * type matches its key, header and aliases; kinds, flags; telling the type */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hz/fields.h"

/* hz-formats(5), table by table: key, header, aliases, kind. */
struct row {
	hz_key key;
	const char *name, *header;
	const char *aliases[4];
	hz_kind kind;
};

static const struct row hazard_rows[] = {
	{ HZ_K_ID, "id", "序号", { "编号" }, HZ_KIND_ID },
	{ HZ_K_DOMAIN, "domain", "专题领域", { "领域", "行业领域" }, HZ_KIND_DOMAIN },
	{ HZ_K_HAZARD, "hazard", "重大隐患", { "隐患内容", "隐患描述" }, HZ_KIND_TEXT },
	{ HZ_K_LEVEL, "level", "涉及层面", { "层面" }, HZ_KIND_LEVEL },
	{ HZ_K_MEASURES, "measures", "整改措施", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_CHECK_DATE, "check_date", "检查日期", { "排查日期", "发现日期" }, HZ_KIND_DATE },
	{ HZ_K_DEADLINE, "deadline", "计划整改时限", { "整改时限", "整改期限" }, HZ_KIND_DATE },
	{ HZ_K_UNIT, "unit", "责任单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_STAGE, "stage", "整改阶段", { "整改状态" }, HZ_KIND_STAGE },
	{ HZ_K_DONE_DATE, "done_date", "实际整改完成时间", { "整改完成时间", "完成时间" }, HZ_KIND_DATE },
	{ HZ_K_PROGRESS, "progress", "整改进展", { 0 }, HZ_KIND_LINES },
	{ HZ_K_PROGRESS_DATE, "progress_date", "整改进展时间", { 0 }, HZ_KIND_DATES },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_SOURCE, "source", "隐患来源", { "来源" }, HZ_KIND_SOURCE },
	{ HZ_K_LISTED, "listed", "挂牌督办", { 0 }, HZ_KIND_LISTED },
	{ HZ_K_OWNER, "owner", "责任人", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_FUNDS, "funds", "整改资金（万元）", { "整改资金", "资金" }, HZ_KIND_AMOUNT },
	{ HZ_K_PLAN, "plan", "应急预案", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_EXTENSION, "extension", "延期至", { "延期时限", "延期后时限" }, HZ_KIND_DATE },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REVIEW_DATE, "review_date", "复查日期", { "验收日期", "核查日期" }, HZ_KIND_DATE },
	{ HZ_K_REVIEWER, "reviewer", "复查人", { "验收人", "复查单位" }, HZ_KIND_TEXT },
	{ HZ_K_REVIEW_RESULT, "review_result", "复查结论", { "验收结论", "复查结果" }, HZ_KIND_REVIEW },
	{ HZ_K_EVIDENCE, "evidence", "佐证材料", { "照片", "附件" }, HZ_KIND_LIST },
	{ HZ_K_LISTING_LEVEL, "listing_level", "挂牌级别", { "督办级别" }, HZ_KIND_LISTING_LEVEL },
	{ HZ_K_LISTING_AUTHORITY, "listing_authority", "挂牌单位", { "督办单位" }, HZ_KIND_TEXT },
	{ HZ_K_LISTING_DOC, "listing_doc", "督办文号", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_DELISTED, "delisted", "摘牌日期", { "销号日期" }, HZ_KIND_DATE },
};

static const struct row check_rows[] = {
	{ HZ_K_CHECK_DATE, "check_date", "检查日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_ENTERPRISE, "enterprise", "企业名称", { "单位名称", "单位名字" }, HZ_KIND_TEXT },
	{ HZ_K_DEPARTMENT, "department", "检查部门", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_NO_STUDY, "no_study", "主要负责人未研究", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_NO_LEAD_CHECK, "no_lead_check", "主要负责人未带队检查", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_NO_DUTY_LIST, "no_duty_list", "未制定职责清单", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_NO_SAFETY_STAFF, "no_safety_staff", "未配足安全管理人员", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_UNLICENSED_WORK, "unlicensed_work", "无证上岗", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_OUTSOURCING_CHAOS, "outsourcing_chaos", "外包外租管理混乱", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_NO_DRILL, "no_drill", "未开展应急演练", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT },
};

static const struct row activity_rows[] = {
	{ HZ_K_DATE, "date", "日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_ITEM, "item", "事项", { "项目" }, HZ_KIND_ITEM },
	{ HZ_K_COUNT, "count", "数量", { 0 }, HZ_KIND_COUNT },
	{ HZ_K_AMOUNT, "amount", "金额（万元）", { "金额" }, HZ_KIND_AMOUNT },
	{ HZ_K_SUB, "sub", "其中", { 0 }, HZ_KIND_SUB },
	{ HZ_K_SUBJECT, "subject", "对象", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT },
};

static const struct row roster_rows[] = {
	{ HZ_K_ID, "id", "序号", { 0 }, HZ_KIND_ID },
	{ HZ_K_ENTERPRISE, "enterprise", "单位名字", { "单位名称", "企业名称" }, HZ_KIND_TEXT },
	{ HZ_K_INDUSTRY, "industry", "类型", { "行业" }, HZ_KIND_TEXT },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_HIGH_RISK, "high_risk", "高危行业", { "高危" }, HZ_KIND_FLAG },
	{ HZ_K_CROWDED, "crowded", "人员密集场所", { "人员密集" }, HZ_KIND_FLAG },
};

/* hz-due(1): the duty record. */
static const struct row duty_rows[] = {
	{ HZ_K_DATE, "date", "日期", { "履职日期" }, HZ_KIND_DATE },
	{ HZ_K_ENTERPRISE, "enterprise", "单位名称", { "企业名称", "单位名字" }, HZ_KIND_TEXT },
	{ HZ_K_DUTY, "duty", "履职事项", { "事项" }, HZ_KIND_TEXT },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT },
};

/* The office's: 督促函 and 督办, 举报. */
static const struct row notice_rows[] = {
	{ HZ_K_DOC, "doc", "文号", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_KIND, "kind", "类别", { 0 }, HZ_KIND_NOTICE_KIND },
	{ HZ_K_TO, "to", "对象", { "发往单位" }, HZ_KIND_TEXT },
	{ HZ_K_ISSUED, "issued", "签发日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_REPLY_BY, "reply_by", "回复期限", { 0 }, HZ_KIND_DATE },
	{ HZ_K_REPLIED, "replied", "回复日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_HAZARDS, "hazards", "涉及隐患", { 0 }, HZ_KIND_LIST },
	{ HZ_K_CONTENT, "content", "事由", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT },
};

static const struct row tip_rows[] = {
	{ HZ_K_ID, "id", "登记编号", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_RECEIVED, "received", "收到日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_CHANNEL, "channel", "渠道", { 0 }, HZ_KIND_CHANNEL },
	{ HZ_K_ANONYMOUS, "anonymous", "匿名", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_INSIDER, "insider", "内部吹哨人", { 0 }, HZ_KIND_FLAG },
	{ HZ_K_SUBJECT, "subject", "被举报单位", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_CONTENT, "content", "举报内容", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_VERIFIED, "verified", "核实日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_FINDING, "finding", "核实结果", { 0 }, HZ_KIND_FINDING },
	{ HZ_K_ACTION, "action", "查处结果", { 0 }, HZ_KIND_TEXT },
	{ HZ_K_HAZARDS, "hazards", "关联隐患", { 0 }, HZ_KIND_LIST },
	{ HZ_K_REWARD, "reward", "奖励金额（万元）", { "奖励金额" }, HZ_KIND_AMOUNT },
	{ HZ_K_PAID, "paid", "奖励发放日期", { 0 }, HZ_KIND_DATE },
	{ HZ_K_REPLY_BY, "reply_by", "答复期限", { 0 }, HZ_KIND_DATE },
	{ HZ_K_REPLIED, "replied", "答复日期", { 0 }, HZ_KIND_DATE },
};

static const struct {
	hz_type type;
	const char *name;
	const struct row *rows;
	size_t n;
} tables[] = {
	{ HZ_HAZARD, "hazard", hazard_rows, sizeof hazard_rows / sizeof hazard_rows[0] },
	{ HZ_CHECK, "check", check_rows, sizeof check_rows / sizeof check_rows[0] },
	{ HZ_ACTIVITY, "activity", activity_rows, sizeof activity_rows / sizeof activity_rows[0] },
	{ HZ_ROSTER, "roster", roster_rows, sizeof roster_rows / sizeof roster_rows[0] },
	{ HZ_DUTY, "duty", duty_rows, sizeof duty_rows / sizeof duty_rows[0] },
	{ HZ_NOTICE, "notice", notice_rows, sizeof notice_rows / sizeof notice_rows[0] },
	{ HZ_TIP, "tip", tip_rows, sizeof tip_rows / sizeof tip_rows[0] },
};

#define NTABLES (sizeof tables / sizeof tables[0])

static void
expect_match(hz_type t, const char *cell, hz_key want)
{
	hz_key got = hz_match_header(t, hz_str_c(cell));

	if (got != want)
		fail_msg("%s: '%s' matches key %d, want %d", hz_type_name(t), cell, got, want);
}

/* The tables of the library are those of hz-formats(5), in its order. */
static void
test_tables(void **state)
{
	(void)state;
	for (size_t t = 0; t < NTABLES; t++) {
		size_t n;
		const hz_field *f = hz_fields(tables[t].type, &n);
		assert_int_equal(n, tables[t].n);
		for (size_t i = 0; i < n; i++) {
			const struct row *w = &tables[t].rows[i];
			assert_int_equal(f[i].key, w->key);
			assert_string_equal(f[i].name, w->name);
			assert_string_equal(f[i].header, w->header);
			assert_int_equal(f[i].kind, w->kind);
			size_t a = 0;
			for (; a < 4 && w->aliases[a]; a++) {
				assert_non_null(f[i].aliases[a]);
				assert_string_equal(f[i].aliases[a], w->aliases[a]);
			}
			assert_null(f[i].aliases[a]);
			assert_ptr_equal(hz_field_of(tables[t].type, w->key), &f[i]);
			assert_string_equal(hz_key_name(w->key), w->name);
		}
	}
	size_t n = 99;
	assert_null(hz_fields(HZ_TYPE_UNKNOWN, &n));
	assert_int_equal(n, 0);
	assert_null(hz_field_of(HZ_CHECK, HZ_K_HAZARD));
	assert_null(hz_field_of(HZ_ROSTER, HZ_K_DATE));
	assert_null(hz_field_of(HZ_TYPE_UNKNOWN, HZ_K_ID));
}

/* Key, header and every alias; in any case, with spaces and a BOM around,
 * brackets full- or half-width; for its own type and for any type. */
static void
test_every_name_matches(void **state)
{
	char buf[128];

	(void)state;
	for (size_t t = 0; t < NTABLES; t++) {
		for (size_t i = 0; i < tables[t].n; i++) {
			const struct row *w = &tables[t].rows[i];
			const char *names[6] = { w->name, w->header };
			size_t nn = 2;
			for (size_t a = 0; a < 4 && w->aliases[a]; a++)
				names[nn++] = w->aliases[a];
			for (size_t k = 0; k < nn; k++) {
				expect_match(tables[t].type, names[k], w->key);
				/* 事项 is the activity's item first; beside an
				 * enterprise column it makes a duty file */
				bool shared = tables[t].type == HZ_DUTY && strcmp(names[k], "事项") == 0;
				/* 对象 is the activity's subject first */
				bool to = tables[t].type == HZ_NOTICE && strcmp(names[k], "对象") == 0;
				expect_match(HZ_TYPE_UNKNOWN, names[k],
					     shared ? HZ_K_ITEM : to ? HZ_K_SUBJECT : w->key);
				snprintf(buf, sizeof buf, "\xEF\xBB\xBF \t%s\xE3\x80\x80 ", names[k]);
				expect_match(tables[t].type, buf, w->key);
			}
			/* the English key in upper case */
			size_t len = strlen(w->name);
			for (size_t c = 0; c <= len; c++)
				buf[c] = (char)(w->name[c] >= 'a' && w->name[c] <= 'z' ? w->name[c] - 32 : w->name[c]);
			expect_match(tables[t].type, buf, w->key);
		}
	}
	/* brackets: either width on either side */
	expect_match(HZ_HAZARD, "整改资金(万元)", HZ_K_FUNDS);
	expect_match(HZ_HAZARD, "整改资金（万元)", HZ_K_FUNDS);
	expect_match(HZ_ACTIVITY, "金额(万元)", HZ_K_AMOUNT);
	expect_match(HZ_HAZARD, "Check_Date", HZ_K_CHECK_DATE);
}

static void
test_no_match(void **state)
{
	char big[600];

	(void)state;
	expect_match(HZ_HAZARD, "", HZ_K_NONE);
	expect_match(HZ_HAZARD, "   ", HZ_K_NONE);
	expect_match(HZ_HAZARD, "重大隐患清单", HZ_K_NONE);
	expect_match(HZ_HAZARD, "序 号", HZ_K_NONE);
	expect_match(HZ_HAZARD, "check date", HZ_K_NONE);
	/* each type has only its own fields */
	expect_match(HZ_ROSTER, "重大隐患", HZ_K_NONE);
	expect_match(HZ_HAZARD, "企业名称", HZ_K_NONE);
	expect_match(HZ_CHECK, "序号", HZ_K_NONE);
	expect_match(HZ_ACTIVITY, "检查日期", HZ_K_NONE);
	expect_match(HZ_CHECK, "排查日期", HZ_K_NONE);     /* a hazard alias only */
	expect_match(HZ_ROSTER, "编号", HZ_K_NONE);
	expect_match(HZ_TYPE_UNKNOWN, "说明", HZ_K_NONE);
	/* a very long cell is no header */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	expect_match(HZ_TYPE_UNKNOWN, big, HZ_K_NONE);
	memcpy(big, "序号", 6);
	expect_match(HZ_HAZARD, big, HZ_K_NONE);
}

/* hz-validate(1) header-missing and header-extension; 附件2's own 13 columns. */
static void
test_flags(void **state)
{
	static const hz_key required[][10] = {
		[HZ_HAZARD] = { HZ_K_ID, HZ_K_DOMAIN, HZ_K_HAZARD, HZ_K_LEVEL, HZ_K_MEASURES, HZ_K_CHECK_DATE,
				HZ_K_DEADLINE, HZ_K_UNIT, HZ_K_STAGE, HZ_K_NONE },
		[HZ_CHECK] = { HZ_K_CHECK_DATE, HZ_K_ENTERPRISE, HZ_K_NONE },
		[HZ_ACTIVITY] = { HZ_K_DATE, HZ_K_ITEM, HZ_K_NONE },
		[HZ_ROSTER] = { HZ_K_ENTERPRISE, HZ_K_NONE },
		[HZ_DUTY] = { HZ_K_DATE, HZ_K_ENTERPRISE, HZ_K_DUTY, HZ_K_NONE },
		[HZ_NOTICE] = { HZ_K_DOC, HZ_K_KIND, HZ_K_TO, HZ_K_ISSUED, HZ_K_NONE },
		[HZ_TIP] = { HZ_K_ID, HZ_K_RECEIVED, HZ_K_CONTENT, HZ_K_NONE },
		[HZ_UNIT] = { HZ_K_NAME, HZ_K_NONE },
		[HZ_SUBMISSION] = { HZ_K_DATE, HZ_K_REPORTER, HZ_K_MATERIAL, HZ_K_NONE },
	};
	static const hz_key extension[] = { HZ_K_SOURCE, HZ_K_LISTED, HZ_K_OWNER, HZ_K_FUNDS, HZ_K_PLAN };

	(void)state;
	for (int t = 0; t < HZ_TYPE_COUNT; t++) {
		size_t n;
		const hz_field *f = hz_fields((hz_type)t, &n);
		for (size_t i = 0; i < n; i++) {
			bool req = false, ext = false;
			for (int k = 0; required[t][k] != HZ_K_NONE; k++)
				req |= required[t][k] == f[i].key;
			for (size_t k = 0; k < 5; k++)
				ext |= t == HZ_HAZARD && extension[k] == f[i].key;
			if (req != !!(f[i].flags & HZ_F_REQUIRED_COLUMN))
				fail_msg("%s.%s: required %d", hz_type_name((hz_type)t), f[i].name, req);
			if (ext != !!(f[i].flags & HZ_F_EXTENSION))
				fail_msg("%s.%s: extension %d", hz_type_name((hz_type)t), f[i].name, ext);
			bool form = t == HZ_HAZARD && i < 13;
			if (form != !!(f[i].flags & HZ_F_FORM))
				fail_msg("%s.%s: form %d", hz_type_name((hz_type)t), f[i].name, form);
			/* the office's sign-off and 挂牌督办 columns come when filled */
			bool office = t == HZ_HAZARD && f[i].key >= HZ_K_REVIEW_DATE &&
			    f[i].key <= HZ_K_DELISTED;
			if (office != !!(f[i].flags & HZ_F_OFFICE))
				fail_msg("%s.%s: office %d", hz_type_name((hz_type)t), f[i].name, office);
		}
	}
}

static void
test_type_names(void **state)
{
	hz_type t = HZ_TYPE_UNKNOWN;

	(void)state;
	for (size_t i = 0; i < NTABLES; i++) {
		assert_string_equal(hz_type_name(tables[i].type), tables[i].name);
		assert_true(hz_type_parse(tables[i].name, &t));
		assert_int_equal(t, tables[i].type);
	}
	t = HZ_HAZARD;
	assert_false(hz_type_parse("Hazard", &t));
	assert_false(hz_type_parse("", &t));
	assert_false(hz_type_parse("unknown", &t));
	assert_int_equal(t, HZ_HAZARD);
	assert_string_equal(hz_type_name(HZ_TYPE_UNKNOWN), "unknown");
	/* every key has a name, and a different one */
	for (int k = 0; k < HZ_KEY_COUNT; k++) {
		assert_string_not_equal(hz_key_name((hz_key)k), "?");
		for (int j = 0; j < k; j++)
			assert_string_not_equal(hz_key_name((hz_key)k), hz_key_name((hz_key)j));
	}
}

static hz_type
type_of(const hz_key *keys)
{
	bool present[HZ_KEY_COUNT] = { false };

	for (; *keys != HZ_K_NONE; keys++)
		present[*keys] = true;
	return hz_type_from_keys(present);
}

/* hz-formats(5) "Telling the type of a CSV file", rule by rule, in order. */
static void
test_type_from_keys(void **state)
{
	(void)state;
	assert_int_equal(type_of((hz_key[]){ HZ_K_HAZARD, HZ_K_NONE }), HZ_HAZARD);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ID, HZ_K_HAZARD, HZ_K_ENTERPRISE, HZ_K_NO_DRILL, HZ_K_ITEM,
					      HZ_K_INDUSTRY, HZ_K_NONE }), HZ_HAZARD);
	for (hz_key flag = HZ_K_NO_STUDY; flag <= HZ_K_NO_DRILL; flag++)
		assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, flag, HZ_K_NONE }), HZ_CHECK);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, HZ_K_UNLICENSED_WORK, HZ_K_ITEM, HZ_K_INDUSTRY,
					      HZ_K_NONE }), HZ_CHECK);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ITEM, HZ_K_NONE }), HZ_ACTIVITY);
	/* hz-due(1): a duty column makes a duty file before any other
	 * type; 事项 (HZ_K_ITEM) does so only beside an enterprise column */
	assert_int_equal(type_of((hz_key[]){ HZ_K_ITEM, HZ_K_ENTERPRISE, HZ_K_INDUSTRY, HZ_K_NONE }), HZ_DUTY);
	assert_int_equal(type_of((hz_key[]){ HZ_K_DATE, HZ_K_ITEM, HZ_K_ENTERPRISE, HZ_K_NONE }), HZ_DUTY);
	assert_int_equal(type_of((hz_key[]){ HZ_K_DATE, HZ_K_ITEM, HZ_K_COUNT, HZ_K_NONE }), HZ_ACTIVITY);
	assert_int_equal(type_of((hz_key[]){ HZ_K_DUTY, HZ_K_HAZARD, HZ_K_NONE }), HZ_DUTY);
	assert_int_equal(type_of((hz_key[]){ HZ_K_DATE, HZ_K_DUTY, HZ_K_NONE }), HZ_DUTY);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, HZ_K_INDUSTRY, HZ_K_NONE }), HZ_ROSTER);
	/* a roster with flags and no 类型 column */
	assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, HZ_K_HIGH_RISK, HZ_K_NONE }), HZ_ROSTER);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, HZ_K_CROWDED, HZ_K_NONE }), HZ_ROSTER);
	/* not enough to tell */
	assert_int_equal(type_of((hz_key[]){ HZ_K_NONE }), HZ_TYPE_UNKNOWN);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ENTERPRISE, HZ_K_NONE }), HZ_TYPE_UNKNOWN);
	assert_int_equal(type_of((hz_key[]){ HZ_K_NO_DRILL, HZ_K_CHECK_DATE, HZ_K_NONE }), HZ_TYPE_UNKNOWN);
	assert_int_equal(type_of((hz_key[]){ HZ_K_INDUSTRY, HZ_K_ID, HZ_K_REPORTER, HZ_K_NONE }), HZ_TYPE_UNKNOWN);
	assert_int_equal(type_of((hz_key[]){ HZ_K_CHECK_DATE, HZ_K_REMARKS, HZ_K_REPORTER, HZ_K_NONE }),
			 HZ_TYPE_UNKNOWN);
	/* the office's: 文号 with 签发日期 a notice, a tip's own columns a tip */
	assert_int_equal(type_of((hz_key[]){ HZ_K_DOC, HZ_K_ISSUED, HZ_K_SUBJECT, HZ_K_NONE }), HZ_NOTICE);
	assert_int_equal(type_of((hz_key[]){ HZ_K_DOC, HZ_K_SUBJECT, HZ_K_NONE }), HZ_TYPE_UNKNOWN);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ID, HZ_K_RECEIVED, HZ_K_CONTENT, HZ_K_NONE }), HZ_TIP);
	assert_int_equal(type_of((hz_key[]){ HZ_K_ID, HZ_K_CHANNEL, HZ_K_NONE }), HZ_TIP);
	assert_int_equal(type_of((hz_key[]){ HZ_K_HAZARD, HZ_K_REVIEW_DATE, HZ_K_LISTING_DOC, HZ_K_NONE }),
			 HZ_HAZARD);
}

/* 举报人, 姓名, 联系电话, 身份证 anywhere in a header name the reporter. */
static void
test_personal_header(void **state)
{
	(void)state;
	assert_true(hz_personal_header(hz_str_c("举报人")));
	assert_true(hz_personal_header(hz_str_c("举报人姓名")));
	assert_true(hz_personal_header(hz_str_c("联系电话")));
	assert_true(hz_personal_header(hz_str_c("身份证号码")));
	assert_false(hz_personal_header(hz_str_c("举报内容")));
	assert_false(hz_personal_header(hz_str_c("被举报单位")));
	assert_false(hz_personal_header(hz_str_c("电话")));
}

/* From header cells: 事项 beside an enterprise column is a duty, the
 * activity's other names for item (项目, item) are not (hz-due(1)). */
static void
test_type_from_header(void **state)
{
	const hz_str duty[] = { hz_str_c("日期"), hz_str_c("单位名称"), hz_str_c(" 事项 ") };
	const hz_str act[] = { hz_str_c("日期"), hz_str_c("单位名称"), hz_str_c("项目"), hz_str_c("数量") };
	const hz_str act_en[] = { hz_str_c("date"), hz_str_c("Enterprise"), hz_str_c("ITEM") };
	const hz_str act_alone[] = { hz_str_c("日期"), hz_str_c("事项"), hz_str_c("数量") };
	const hz_str named[] = { hz_str_c("日期"), hz_str_c("履职事项"), hz_str_c("备注") };

	(void)state;
	assert_int_equal(hz_type_from_header(duty, 3), HZ_DUTY);
	assert_int_equal(hz_type_from_header(act, 4), HZ_ACTIVITY);
	assert_int_equal(hz_type_from_header(act_en, 3), HZ_ACTIVITY);
	assert_int_equal(hz_type_from_header(act_alone, 3), HZ_ACTIVITY);
	assert_int_equal(hz_type_from_header(named, 3), HZ_DUTY);   /* header-missing later */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_type_from_header),
		cmocka_unit_test(test_every_name_matches),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_type_from_keys),
		cmocka_unit_test(test_personal_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
