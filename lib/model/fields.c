/* fields.c - the field tables of hz-formats(5), and header matching */
#include <stdint.h>
#include <string.h>
#include "hz/fields.h"
#include "hz/i18n.h"

#define REQ HZ_F_REQUIRED_COLUMN
#define AFTER_CHECK HZ_F_AFTER_CHECK
#define NOT_FUTURE HZ_F_NOT_FUTURE
#define BEFORE HZ_F_DATE_BEFORE
#define EXT HZ_F_EXTENSION
#define FORM HZ_F_FORM
#define OFFICE HZ_F_OFFICE
#define AFTER_BASE HZ_F_AFTER_BASE

/* 附件2 重大事故隐患清单: its 13 columns, then the extension columns. */
static const hz_field hazard_fields[] = {
	{ HZ_K_ID, "id", "序号", { "编号" }, HZ_KIND_ID, REQ | FORM },
	{ HZ_K_DOMAIN, "domain", "专题领域", { "领域", "行业领域" }, HZ_KIND_DOMAIN, REQ | FORM },
	{ HZ_K_HAZARD, "hazard", "重大隐患", { "隐患内容", "隐患描述" }, HZ_KIND_TEXT, REQ | FORM },
	{ HZ_K_LEVEL, "level", "涉及层面", { "层面" }, HZ_KIND_LEVEL, REQ | FORM },
	{ HZ_K_MEASURES, "measures", "整改措施", { 0 }, HZ_KIND_TEXT, REQ | FORM },
	{ HZ_K_CHECK_DATE,
	  "check_date",
	  "检查日期",
	  { "排查日期", "发现日期" },
	  HZ_KIND_DATE,
	  REQ | FORM | NOT_FUTURE },
	{ HZ_K_DEADLINE,
	  "deadline",
	  "计划整改时限",
	  { "整改时限", "整改期限" },
	  HZ_KIND_DATE,
	  REQ | FORM | AFTER_CHECK | BEFORE },
	{ HZ_K_UNIT, "unit", "责任单位", { 0 }, HZ_KIND_TEXT, REQ | FORM },
	{ HZ_K_STAGE, "stage", "整改阶段", { "整改状态" }, HZ_KIND_STAGE, REQ | FORM },
	{ HZ_K_DONE_DATE,
	  "done_date",
	  "实际整改完成时间",
	  { "整改完成时间", "完成时间" },
	  HZ_KIND_DATE,
	  FORM | AFTER_CHECK | NOT_FUTURE },
	{ HZ_K_PROGRESS, "progress", "整改进展", { 0 }, HZ_KIND_LINES, FORM },
	{ HZ_K_PROGRESS_DATE,
	  "progress_date",
	  "整改进展时间",
	  { 0 },
	  HZ_KIND_DATES,
	  FORM | AFTER_CHECK | NOT_FUTURE },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, FORM },
	{ HZ_K_SOURCE, "source", "隐患来源", { "来源" }, HZ_KIND_SOURCE, EXT },
	{ HZ_K_LISTED, "listed", "挂牌督办", { 0 }, HZ_KIND_LISTED, EXT },
	{ HZ_K_OWNER, "owner", "责任人", { 0 }, HZ_KIND_TEXT, EXT },
	{ HZ_K_FUNDS, "funds", "整改资金（万元）", { "整改资金", "资金" }, HZ_KIND_AMOUNT, EXT },
	{ HZ_K_PLAN, "plan", "应急预案", { 0 }, HZ_KIND_TEXT, EXT },
	{ HZ_K_EXTENSION, "extension", "延期至", { "延期时限", "延期后时限" }, HZ_KIND_DATE, 0 },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, 0 },
	/* the office's: 复查 before 销号, and 挂牌督办 in full */
	{ HZ_K_REVIEW_DATE,
	  "review_date",
	  "复查日期",
	  { "验收日期", "核查日期" },
	  HZ_KIND_DATE,
	  OFFICE | NOT_FUTURE },
	{ HZ_K_REVIEWER, "reviewer", "复查人", { "验收人", "复查单位" }, HZ_KIND_TEXT, OFFICE },
	{ HZ_K_REVIEW_RESULT,
	  "review_result",
	  "复查结论",
	  { "验收结论", "复查结果" },
	  HZ_KIND_REVIEW,
	  OFFICE },
	{ HZ_K_EVIDENCE, "evidence", "佐证材料", { "照片", "附件" }, HZ_KIND_LIST, OFFICE },
	{ HZ_K_LISTING_LEVEL,
	  "listing_level",
	  "挂牌级别",
	  { "督办级别" },
	  HZ_KIND_LISTING_LEVEL,
	  OFFICE },
	{ HZ_K_LISTING_AUTHORITY,
	  "listing_authority",
	  "挂牌单位",
	  { "督办单位" },
	  HZ_KIND_TEXT,
	  OFFICE },
	{ HZ_K_LISTING_DOC, "listing_doc", "督办文号", { 0 }, HZ_KIND_TEXT, OFFICE },
	{ HZ_K_DELISTED, "delisted", "摘牌日期", { "销号日期" }, HZ_KIND_DATE, OFFICE },
};

/* 附件1 section 2: one row per enterprise visit. */
static const hz_field check_fields[] = {
	{ HZ_K_CHECK_DATE, "check_date", "检查日期", { 0 }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_ENTERPRISE,
	  "enterprise",
	  "企业名称",
	  { "单位名称", "单位名字" },
	  HZ_KIND_TEXT,
	  REQ },
	{ HZ_K_DEPARTMENT, "department", "检查部门", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_NO_STUDY, "no_study", "主要负责人未研究", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_NO_LEAD_CHECK, "no_lead_check", "主要负责人未带队检查", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_NO_DUTY_LIST, "no_duty_list", "未制定职责清单", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_NO_SAFETY_STAFF, "no_safety_staff", "未配足安全管理人员", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_UNLICENSED_WORK, "unlicensed_work", "无证上岗", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_OUTSOURCING_CHAOS, "outsourcing_chaos", "外包外租管理混乱", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_NO_DRILL, "no_drill", "未开展应急演练", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

/* 附件1 sections 3 and 4. */
static const hz_field activity_fields[] = {
	{ HZ_K_DATE, "date", "日期", { 0 }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_ITEM, "item", "事项", { "项目" }, HZ_KIND_ITEM, REQ },
	{ HZ_K_COUNT, "count", "数量", { 0 }, HZ_KIND_COUNT, 0 },
	{ HZ_K_AMOUNT, "amount", "金额（万元）", { "金额" }, HZ_KIND_AMOUNT, 0 },
	{ HZ_K_SUB, "sub", "其中", { 0 }, HZ_KIND_SUB, 0 },
	{ HZ_K_SUBJECT, "subject", "对象", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

/* Section 三: 拟督促、检查的企业、场所清单. */
static const hz_field roster_fields[] = {
	{ HZ_K_ID, "id", "序号", { 0 }, HZ_KIND_ID, 0 },
	{ HZ_K_ENTERPRISE,
	  "enterprise",
	  "单位名字",
	  { "单位名称", "企业名称" },
	  HZ_KIND_TEXT,
	  REQ },
	{ HZ_K_INDUSTRY, "industry", "类型", { "行业" }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_HIGH_RISK, "high_risk", "高危行业", { "高危" }, HZ_KIND_FLAG, 0 },
	{ HZ_K_CROWDED, "crowded", "人员密集场所", { "人员密集" }, HZ_KIND_FLAG, 0 },
};

/* Section 四(一): one thing an enterprise did of its periodic duties. */
static const hz_field duty_fields[] = {
	{ HZ_K_DATE, "date", "日期", { "履职日期" }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_ENTERPRISE,
	  "enterprise",
	  "单位名称",
	  { "企业名称", "单位名字" },
	  HZ_KIND_TEXT,
	  REQ },
	{ HZ_K_DUTY, "duty", "履职事项", { "事项" }, HZ_KIND_TEXT, REQ },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

/* 督促函 and 督办: what the office sent, and whether it was answered. */
static const hz_field notice_fields[] = {
	{ HZ_K_DOC, "doc", "文号", { 0 }, HZ_KIND_TEXT, REQ },
	{ HZ_K_KIND, "kind", "类别", { 0 }, HZ_KIND_NOTICE_KIND, REQ },
	{ HZ_K_TO, "to", "对象", { "发往单位" }, HZ_KIND_TEXT, REQ },
	{ HZ_K_ISSUED, "issued", "签发日期", { 0 }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_REPLY_BY, "reply_by", "回复期限", { 0 }, HZ_KIND_DATE, AFTER_BASE },
	{ HZ_K_REPLIED, "replied", "回复日期", { 0 }, HZ_KIND_DATE, AFTER_BASE | NOT_FUTURE },
	{ HZ_K_HAZARDS, "hazards", "涉及隐患", { 0 }, HZ_KIND_LIST, 0 },
	{ HZ_K_CONTENT, "content", "事由", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

/* 举报, from receipt to reward. No field names the person who reported:
 * "依法保护举报人的合法权益". */
static const hz_field tip_fields[] = {
	{ HZ_K_ID, "id", "登记编号", { 0 }, HZ_KIND_TEXT, REQ },
	{ HZ_K_RECEIVED, "received", "收到日期", { 0 }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_CHANNEL, "channel", "渠道", { 0 }, HZ_KIND_CHANNEL, 0 },
	{ HZ_K_ANONYMOUS, "anonymous", "匿名", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_INSIDER, "insider", "内部吹哨人", { 0 }, HZ_KIND_FLAG, 0 },
	{ HZ_K_SUBJECT, "subject", "被举报单位", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_CONTENT, "content", "举报内容", { 0 }, HZ_KIND_TEXT, REQ },
	{ HZ_K_VERIFIED, "verified", "核实日期", { 0 }, HZ_KIND_DATE, AFTER_BASE | NOT_FUTURE },
	{ HZ_K_FINDING, "finding", "核实结果", { 0 }, HZ_KIND_FINDING, 0 },
	{ HZ_K_ACTION, "action", "查处结果", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_HAZARDS, "hazards", "关联隐患", { 0 }, HZ_KIND_LIST, 0 },
	{ HZ_K_REWARD, "reward", "奖励金额（万元）", { "奖励金额" }, HZ_KIND_AMOUNT, 0 },
	{ HZ_K_PAID, "paid", "奖励发放日期", { 0 }, HZ_KIND_DATE, AFTER_BASE | NOT_FUTURE },
	{ HZ_K_REPLY_BY, "reply_by", "答复期限", { 0 }, HZ_KIND_DATE, AFTER_BASE },
	{ HZ_K_REPLIED, "replied", "答复日期", { 0 }, HZ_KIND_DATE, AFTER_BASE | NOT_FUTURE },
};

/* office.md: the bodies that report to the street office. */
static const hz_field unit_fields[] = {
	{ HZ_K_NAME, "name", "单位名称", { "填报单位" }, HZ_KIND_TEXT, REQ },
	{ HZ_K_KIND, "kind", "类别", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_CONTACT, "contact", "联系人", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_PHONE, "phone", "联系电话", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

/* office.md: the 报送台账, one record per thing received or sent up. */
static const hz_field submission_fields[] = {
	{ HZ_K_DATE, "date", "报送日期", { "收到日期" }, HZ_KIND_DATE, REQ | NOT_FUTURE },
	{ HZ_K_REPORTER, "reporter", "填报单位", { 0 }, HZ_KIND_TEXT, REQ },
	{ HZ_K_MATERIAL, "material", "报送材料", { 0 }, HZ_KIND_TEXT, REQ },
	{ HZ_K_PERIOD, "period", "期次", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_FILE, "file", "文件", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_SHA256, "sha256", "校验值", { 0 }, HZ_KIND_TEXT, 0 },
	{ HZ_K_RECORDS, "records", "记录数", { 0 }, HZ_KIND_COUNT, 0 },
	{ HZ_K_ERRORS, "errors", "错误数", { 0 }, HZ_KIND_COUNT, 0 },
	{ HZ_K_WARNINGS, "warnings", "警告数", { 0 }, HZ_KIND_COUNT, 0 },
	{ HZ_K_REMARKS, "remarks", "备注", { 0 }, HZ_KIND_TEXT, 0 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	const hz_field *fields;
	size_t count;
} types[HZ_TYPE_COUNT] = {
	/* messages name a type as HZ_(hz_type_name(t)) */
	[HZ_HAZARD] = { HZ_N_("hazard"), hazard_fields, COUNT(hazard_fields) },
	[HZ_CHECK] = { HZ_N_("check"), check_fields, COUNT(check_fields) },
	[HZ_ACTIVITY] = { HZ_N_("activity"), activity_fields, COUNT(activity_fields) },
	[HZ_ROSTER] = { HZ_N_("roster"), roster_fields, COUNT(roster_fields) },
	[HZ_DUTY] = { HZ_N_("duty"), duty_fields, COUNT(duty_fields) },
	[HZ_NOTICE] = { HZ_N_("notice"), notice_fields, COUNT(notice_fields) },
	[HZ_TIP] = { HZ_N_("tip"), tip_fields, COUNT(tip_fields) },
	[HZ_UNIT] = { HZ_N_("unit"), unit_fields, COUNT(unit_fields) },
	[HZ_SUBMISSION] = { HZ_N_("submission"), submission_fields, COUNT(submission_fields) },
};

const char *hz_type_name(hz_type t)
{
	return t < HZ_TYPE_COUNT ? types[t].name : "unknown";
}

bool hz_type_parse(const char *name, hz_type *out)
{
	for (int t = 0; t < HZ_TYPE_COUNT; t++)
		if (strcmp(name, types[t].name) == 0) {
			*out = (hz_type)t;
			return true;
		}
	return false;
}

const hz_field *hz_fields(hz_type t, size_t *count)
{
	if (t >= HZ_TYPE_COUNT) {
		*count = 0;
		return NULL;
	}
	*count = types[t].count;
	return types[t].fields;
}

/* Each type's row of each key, and each key's English name, indexed
 * once: every finding names its field and header, and the office's
 * fields lie at the end of the hazard table. */
static uint8_t field_row[HZ_TYPE_COUNT][HZ_KEY_COUNT]; /* row + 1, 0 none */
static const char *key_names[HZ_KEY_COUNT];

/* made when the library is loaded, before any thread can ask */
__attribute__((constructor)) static void field_index(void)
{
	for (int t = HZ_TYPE_COUNT - 1; t >= 0; t--)
		for (size_t i = types[t].count; i-- > 0;) {
			const hz_field *f = &types[t].fields[i];
			field_row[t][f->key] = (uint8_t)(i + 1); /* the first row wins */
			key_names[f->key] = f->name;             /* the first type wins */
		}
}

const hz_field *hz_field_of(hz_type t, hz_key k)
{
	if ((unsigned)t >= HZ_TYPE_COUNT || (unsigned)k >= HZ_KEY_COUNT)
		return NULL;
	return field_row[t][k] ? &types[t].fields[field_row[t][k] - 1] : NULL;
}

const char *hz_key_name(hz_key k)
{
	if ((unsigned)k >= HZ_KEY_COUNT)
		return "?";
	return key_names[k] ? key_names[k] : "?";
}

static bool name_matches(const char *name, const char *folded, size_t n)
{
	char want[256];
	size_t m = hz_header_fold(hz_str_c(name), want, sizeof want);

	return m == n && memcmp(want, folded, n) == 0;
}

static hz_key match_in(hz_type t, const char *folded, size_t n)
{
	const hz_field *f = types[t].fields;

	for (size_t i = 0; i < types[t].count; i++) {
		if (name_matches(f[i].name, folded, n) || name_matches(f[i].header, folded, n))
			return f[i].key;
		for (size_t a = 0; a < COUNT(f[i].aliases) && f[i].aliases[a]; a++)
			if (name_matches(f[i].aliases[a], folded, n))
				return f[i].key;
	}
	return HZ_K_NONE;
}

hz_key hz_match_header(hz_type t, hz_str cell)
{
	char folded[256];
	size_t n;

	if (cell.n >= sizeof folded - 1)
		return HZ_K_NONE;
	n = hz_header_fold(cell, folded, sizeof folded);
	if (n == 0)
		return HZ_K_NONE;
	if (t < HZ_TYPE_COUNT)
		return match_in(t, folded, n);
	for (int i = 0; i < HZ_TYPE_COUNT; i++) {
		hz_key k = match_in((hz_type)i, folded, n);
		if (k != HZ_K_NONE)
			return k;
	}
	return HZ_K_NONE;
}

/* A check record is told by a flag column of the check table. */
static bool any_flag(const bool present[HZ_KEY_COUNT])
{
	for (size_t i = 0; i < COUNT(check_fields); i++)
		if (check_fields[i].kind == HZ_KIND_FLAG && present[check_fields[i].key])
			return true;
	return false;
}

/* Keys only a tip has: its headers may be another type's aliases (收到日期),
 * these are not. */
static const hz_key tip_keys[] = {
	HZ_K_RECEIVED, HZ_K_CHANNEL, HZ_K_ANONYMOUS, HZ_K_INSIDER,
	HZ_K_VERIFIED, HZ_K_FINDING, HZ_K_REWARD,    HZ_K_PAID,
};

static bool any_key(const bool present[HZ_KEY_COUNT], const hz_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (present[keys[i]])
			return true;
	return false;
}

hz_type hz_type_from_keys(const bool present[HZ_KEY_COUNT])
{
	if (present[HZ_K_DUTY])
		return HZ_DUTY;
	if (present[HZ_K_MATERIAL])
		return HZ_SUBMISSION;
	if (present[HZ_K_HAZARD])
		return HZ_HAZARD;
	if (any_key(present, tip_keys, COUNT(tip_keys)))
		return HZ_TIP;
	/* 文号 and 签发日期: what the office sent */
	if (present[HZ_K_DOC] && present[HZ_K_ISSUED])
		return HZ_NOTICE;
	if (present[HZ_K_ENTERPRISE] && any_flag(present))
		return HZ_CHECK;
	/* 事项 beside an enterprise column is a duty, not an activity's item
	 * (across the types, that header matches HZ_K_ITEM) */
	if (present[HZ_K_ITEM] && present[HZ_K_ENTERPRISE])
		return HZ_DUTY;
	if (present[HZ_K_ITEM])
		return HZ_ACTIVITY;
	/* 类别 beside 单位名称 (or 填报单位) and no hazard, duty, flag or
	 * item column: a units file (office.md) */
	if (present[HZ_K_KIND] &&
	    (present[HZ_K_ENTERPRISE] || present[HZ_K_REPORTER] || present[HZ_K_NAME]))
		return HZ_UNIT;
	if (present[HZ_K_ENTERPRISE] &&
	    (present[HZ_K_INDUSTRY] || present[HZ_K_HIGH_RISK] || present[HZ_K_CROWDED]))
		return HZ_ROSTER;
	return HZ_TYPE_UNKNOWN;
}

hz_type hz_type_from_header(const hz_str *cells, size_t n)
{
	bool present[HZ_KEY_COUNT] = { false };
	bool duty_word = false;

	for (size_t c = 0; c < n; c++) {
		hz_key k = hz_match_header(HZ_TYPE_UNKNOWN, cells[c]);
		if (k != HZ_K_NONE)
			present[k] = true;
		duty_word |= hz_match_header(HZ_DUTY, cells[c]) == HZ_K_DUTY;
	}
	hz_type t = hz_type_from_keys(present);
	/* the item beside an enterprise column was 项目 or item, which only an
	 * activity says: 事项 alone makes the duty file */
	return t == HZ_DUTY && !duty_word ? HZ_ACTIVITY : t;
}

const char *hz_field_header(hz_type t, hz_key k)
{
	const hz_field *f = hz_field_of(t, k);

	return f ? f->header : hz_key_name(k);
}

/* What names the person behind a tip (hz-formats(5), 举报). */
static const char *const personal_words[] = { "举报人", "姓名", "联系电话", "身份证" };

bool hz_personal_header(hz_str cell)
{
	for (size_t i = 0; i < COUNT(personal_words); i++) {
		size_t n = strlen(personal_words[i]);
		for (size_t at = 0; at + n <= cell.n; at++)
			if (memcmp(cell.s + at, personal_words[i], n) == 0)
				return true;
	}
	return false;
}
