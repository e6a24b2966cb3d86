/* items.c - the 34 items of 附件1 进展情况调度表 (hz-tally(1)), as one table */
#include <string.h>
#include "hz/items.h"

#define ITEMS_COUNT (sizeof(items) / sizeof(items[0]))
#define SECTIONS_COUNT (sizeof(sections) / sizeof(sections[0]))

static const hz_section sections[] = {
	{ 1, "总体情况", "overall" },
	{ 2, "对企业自查自改进行抽查检查情况", "spot checks of enterprises' self-inspection" },
	{ 3, "部门精准严格执法情况", "targeted strict enforcement by departments" },
	{ 4, "党委政府组织领导情况", "leadership by Party committees and governments" },
};

/*
 * One row an item, in form order. The label is the form's own text
 * (hz-tally(1)); hz-tally and hz-validate match activity items against it.
 */
static const hz_item items[] = {
	{ "1.1", 1, "企业自查发现的重大事故隐患",
	  "major hazards found by enterprises' self-inspection", "个", HZ_HAZARD,
	  HZ_AGG_HAZARD_FOUND, HZ_HF_SELF, HZ_K_NONE, HZ_AGG2_NONE },
	{ "1.2", 1, "企业自查发现重大事故隐患中已完成整改的",
	  "of those found by self-inspection, rectified", "个", HZ_HAZARD, HZ_AGG_HAZARD_RECTIFIED,
	  HZ_HF_SELF, HZ_K_NONE, HZ_AGG2_NONE },
	{ "1.3", 1, "部门检查发现的重大事故隐患", "major hazards found by department inspections",
	  "个", HZ_HAZARD, HZ_AGG_HAZARD_FOUND, HZ_HF_DEPT, HZ_K_NONE, HZ_AGG2_NONE },
	{ "1.4", 1, "部门检查发现重大事故隐患中已完成整改的",
	  "of those found by departments, rectified", "个", HZ_HAZARD, HZ_AGG_HAZARD_RECTIFIED,
	  HZ_HF_DEPT, HZ_K_NONE, HZ_AGG2_NONE },
	{ "1.5", 1, "政府挂牌督办的重大事故隐患",
	  "major hazards listed for supervision by the government", "个", HZ_HAZARD,
	  HZ_AGG_HAZARD_FOUND, HZ_HF_LISTED, HZ_K_NONE, HZ_AGG2_NONE },
	{ "1.6", 1, "挂牌督办重大事故隐患中已完成整改的", "of those listed, rectified", "个",
	  HZ_HAZARD, HZ_AGG_HAZARD_RECTIFIED, HZ_HF_LISTED, HZ_K_NONE, HZ_AGG2_NONE },

	{ "2.1", 2, "部门抽查检查的企业总数", "enterprises spot-checked by departments", "家",
	  HZ_CHECK, HZ_AGG_DISTINCT_CHECKED, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "2.2", 2, "企业主要负责人未按要求亲自研究排查整治工作",
	  "principal did not study the campaign in person", "家", HZ_CHECK, HZ_AGG_DISTINCT_FLAG,
	  HZ_HF_NONE, HZ_K_NO_STUDY, HZ_AGG2_NONE },
	{ "2.3", 2, "企业主要负责人未带队检查", "principal did not lead an inspection", "家",
	  HZ_CHECK, HZ_AGG_DISTINCT_FLAG, HZ_HF_NONE, HZ_K_NO_LEAD_CHECK, HZ_AGG2_NONE },
	{ "2.4", 2, "企业未制定分管负责人职责清单", "no duty list for deputy heads", "家", HZ_CHECK,
	  HZ_AGG_DISTINCT_FLAG, HZ_HF_NONE, HZ_K_NO_DUTY_LIST, HZ_AGG2_NONE },
	{ "2.5", 2, "企业未依法建立安全管理机构和配足安全管理人员",
	  "no safety office or too few safety staff", "家", HZ_CHECK, HZ_AGG_DISTINCT_FLAG,
	  HZ_HF_NONE, HZ_K_NO_SAFETY_STAFF, HZ_AGG2_NONE },
	{ "2.6", 2, "电焊等特种作业岗位人员无证上岗作业",
	  "unlicensed welders or other special operations", "家", HZ_CHECK, HZ_AGG_DISTINCT_FLAG,
	  HZ_HF_NONE, HZ_K_UNLICENSED_WORK, HZ_AGG2_NONE },
	{ "2.7", 2, "外包外租安全管理混乱", "chaotic safety management of outsourcing and leasing",
	  "家", HZ_CHECK, HZ_AGG_DISTINCT_FLAG, HZ_HF_NONE, HZ_K_OUTSOURCING_CHAOS, HZ_AGG2_NONE },
	{ "2.8", 2, "未按规定开展应急演练、员工不熟悉逃生出口",
	  "no emergency drills, staff unfamiliar with exits", "家", HZ_CHECK, HZ_AGG_DISTINCT_FLAG,
	  HZ_HF_NONE, HZ_K_NO_DRILL, HZ_AGG2_NONE },

	{ "3.1", 3, "帮扶指导重点地区", "guidance visits to key areas", "个次", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.2", 3, "帮扶指导重点企业", "guidance visits to key enterprises", "家次", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.3", 3, "行政处罚", "administrative penalties", "次, 万元", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_SUM_AMOUNT },
	{ "3.4", 3, "企业和企业主要负责人“一案双罚”",
	  "double penalties on enterprise and principal", "次", HZ_ACTIVITY, HZ_AGG_SUM_COUNT,
	  HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.5", 3, "移送司法机关", "persons referred to judicial organs", "人", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.6", 3, "责令停产整顿", "enterprises ordered to suspend production", "家", HZ_ACTIVITY,
	  HZ_AGG_DISTINCT_SUBJECT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.7", 3, "曝光、约谈、联合惩戒企业", "enterprises exposed, summoned or jointly punished",
	  "家", HZ_ACTIVITY, HZ_AGG_DISTINCT_SUBJECT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.8", 3, "公布典型执法案例，其中危险作业罪案例",
	  "typical enforcement cases published, of which dangerous-operation crimes", "个, 其中个",
	  HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_SUM_SUB_COUNT },
	{ "3.9", 3, "责任倒查追责问责", "persons held accountable", "人", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "3.10", 3, "约谈通报有关地区及部门", "areas and departments summoned or notified", "次",
	  HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },

	{ "4.1", 4, "党委政府分别组织专题学习安全生产十五条硬措施和自治区二十条细化措施",
	  "study sessions on the fifteen measures and the twenty detailed measures", "次",
	  HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.2", 4, "党委政府主要负责同志分别专题研究",
	  "special meetings chaired by principal leaders", "次", HZ_ACTIVITY, HZ_AGG_SUM_COUNT,
	  HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.3", 4, "政府领导同志分别到现场督导检查", "on-site inspections by government leaders",
	  "次", HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.4", 4, "区公共安全成员单位负责同志分别到企业宣讲",
	  "briefings at enterprises by member units' leaders", "次", HZ_ACTIVITY, HZ_AGG_SUM_COUNT,
	  HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.5", 4, "举报奖励，其中匿名举报查实奖励",
	  "whistle-blower rewards, of which anonymous reports verified", "万元, 其中万元",
	  HZ_ACTIVITY, HZ_AGG_SUM_AMOUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_SUM_SUB_AMOUNT },
	{ "4.6", 4, "是否政务网站播放安全生产专题栏目", "government website runs a safety column",
	  "是/否", HZ_ACTIVITY, HZ_AGG_LATEST_FLAG, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.7", 4, "配备专兼职技术检查员数量", "full- and part-time technical inspectors on staff",
	  "人", HZ_ACTIVITY, HZ_AGG_LATEST_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.8", 4, "组织开展考核巡查督导检查", "assessment and supervision tours", "次",
	  HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.9", 4, "制作安全事故警示教育片", "warning films on accidents produced", "部",
	  HZ_ACTIVITY, HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
	{ "4.10", 4, "播放安全事故警示教育片", "screenings of warning films", "次", HZ_ACTIVITY,
	  HZ_AGG_SUM_COUNT, HZ_HF_NONE, HZ_K_NONE, HZ_AGG2_NONE },
};

const hz_item *hz_items(size_t *count)
{
	if (count != NULL)
		*count = ITEMS_COUNT;
	return items;
}

const hz_section *hz_sections(size_t *count)
{
	if (count != NULL)
		*count = SECTIONS_COUNT;
	return sections;
}

const hz_item *hz_activity_item(hz_str cell)
{
	hz_str t;
	size_t i;

	if (cell.s == NULL)
		return NULL;
	t = hz_trim(cell);
	if (t.n == 0)
		return NULL;
	for (i = 0; i < ITEMS_COUNT; i++) {
		if (items[i].source_type != HZ_ACTIVITY)
			continue;
		if ((strlen(items[i].code) == t.n && memcmp(items[i].code, t.s, t.n) == 0) ||
		    (strlen(items[i].label) == t.n && memcmp(items[i].label, t.s, t.n) == 0))
			return &items[i];
	}
	return NULL;
}

int hz_item_index(const hz_item *it)
{
	size_t i;

	/* A loop, not pointer arithmetic: comparing pointers into different
	 * arrays is undefined. */
	for (i = 0; i < ITEMS_COUNT; i++)
		if (&items[i] == it)
			return (int)i;
	return -1;
}

/* Records of another type that add to an item: a tip's reward, once paid,
 * is 4.5's 举报奖励 (its 其中: those of anonymous tips). */
static const struct {
	hz_type type;
	const char *code;
} also_from[] = {
	{ HZ_TIP, "4.5" },
};

const hz_item *hz_item_also_from(hz_type t)
{
	for (size_t a = 0; a < sizeof also_from / sizeof also_from[0]; a++) {
		if (also_from[a].type != t)
			continue;
		for (size_t i = 0; i < ITEMS_COUNT; i++)
			if (strcmp(items[i].code, also_from[a].code) == 0)
				return &items[i];
	}
	return NULL;
}
