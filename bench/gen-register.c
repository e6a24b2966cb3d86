/*
 * gen-register - write a large hazard register for the benchmark
 *
 * usage: gen-register [-r] [-n rows] [-s seed] [-e every] [file]
 *
 * The output is an Excel-style copy of 附件2 as a community keeps it: UTF-8
 * with BOM, CRLF, the form's title rows, the 13 columns of the form and the
 * 6 extension columns, multi-line 整改进展 cells (LF inside, as Alt+Enter
 * makes them), the date spellings people type, a few blank template rows
 * and the 填报说明 footer. Rows average about 445 bytes. Every dated fact
 * falls in 2023-05-24..2023-12-31, so `--today 2023-12-31` sees no future
 * dates; one row in `every` (default 1000, 0 for none) has its deadline
 * before its check date, so hz-validate has findings to report.
 * The same seed gives the same bytes.
 *
 * -r writes the realistic shape a register has after a few months of
 * weekly updates: most rows hold several progress entries (a quoted
 * multi-line 整改进展 and 整改进展时间), dates are mostly typed as
 * 2023-05-03 with about 5 % written 2023/5/3 or 2023年5月3日, and most rows
 * carry a finding (a progress entry whose date was not typed yet, a stage
 * set to 已整改 before the completion date is filled in, a deadline typed
 * before the check date).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* First and last day of the campaign's data, as days of 2023 (0-based). */
#define DAY_FIRST 143 /* 2023-05-24, the day after the plan */
#define DAY_LAST 364  /* 2023-12-31 */

struct hazard {
	const char *domain;
	const char *text;
	const char *measures;
	const char *progress[3]; /* steps, in order */
};

/* Wordings of real inspection reports, with their usual measures. */
static const struct hazard hazards[] = {
	{ "消防",
	  "疏散通道堆放杂物，影响人员安全疏散",
	  "立即清理疏散通道内杂物，保持疏散通道畅通，落实每日巡查",
	  { "已清理一层、二层疏散通道杂物", "剩余杂物全部清运，通道畅通",
	    "建立每日防火巡查记录" } },
	{ "消防",
	  "营业期间安全出口上锁，无法从内部开启",
	  "拆除安全出口锁具，改装推闩式逃生门锁，营业期间保持畅通",
	  { "当场拆除锁具", "更换推闩式逃生门锁", "社区复查合格" } },
	{ "消防",
	  "室内消火栓箱内水带、水枪缺失，消火栓无水",
	  "补齐消火栓箱器材，委托维保单位修复消防水泵及管网",
	  { "已补齐水带、水枪", "维保单位进场检修消防水泵", "消火栓出水测试正常" } },
	{ "消防",
	  "火灾自动报警系统控制器处于故障状态，部分探测器被遮挡",
	  "委托维保单位维修报警控制器，清除探测器遮挡物",
	  { "已签订维保合同", "控制器主板更换", "联动测试正常" } },
	{ "消防",
	  "自动喷水灭火系统末端试水装置压力不足，报警阀组阀门关闭",
	  "开启报警阀组阀门，委托专业公司检测维修喷淋管网",
	  { "已开启阀门，压力仍不足", "更换锈蚀管段", "末端试水压力达标" } },
	{ "消防",
	  "应急照明灯、疏散指示标志多处损坏不亮",
	  "全面检查并更换损坏的应急照明灯和疏散指示标志",
	  { "采购应急照明灯20套", "更换完毕", "测试正常" } },
	{ "消防",
	  "常闭式防火门处于常开状态，闭门器损坏",
	  "修复闭门器，防火门保持常闭状态并张贴提示",
	  { "更换闭门器", "张贴常闭提示", "复查合格" } },
	{ "消防",
	  "包房内墙面使用聚氨酯泡沫等易燃材料装修",
	  "拆除易燃装修材料，改用不燃、难燃材料",
	  { "已拆除部分包房易燃材料", "剩余包房完成拆除", "全部更换为A级材料" } },
	{ "消防",
	  "消防控制室值班人员未持证上岗，夜间只有1人值班",
	  "安排持证人员24小时双人值班，组织值班人员参加职业技能培训",
	  { "2人报名消防设施操作员培训", "持证人员到岗", "实行双人值班" } },
	{ "消防",
	  "电气线路私拉乱接，未穿管保护，配电箱周围堆放可燃物",
	  "由持证电工重新敷设线路并穿管保护，清理配电箱周边可燃物",
	  { "清理配电箱周边可燃物", "线路重新敷设", "电气检测合格" } },
	{ "消防",
	  "住宿与经营、仓储合用同一建筑，未进行防火分隔",
	  "仓储区迁出，设置防火墙和甲级防火门分隔",
	  { "仓储物品已搬离", "防火墙砌筑施工", "防火门安装完毕" } },
	{ "消防",
	  "防火卷帘下方堆放商品货架，卷帘无法正常降落",
	  "清理防火卷帘下方物品，地面划设禁放标线",
	  { "货架已移出", "禁放标线施划完成", "卷帘联动测试正常" } },
	{ "消防",
	  "灭火器过期失效，部分压力表指针处于红区",
	  "更换过期灭火器，建立每月检查记录",
	  { "更换灭火器", "建立检查记录", "复查合格" } },
	{ "消防",
	  "外墙广告牌封堵外窗，影响逃生和灭火救援",
	  "拆除遮挡外窗的广告牌",
	  { "已与广告公司协商拆除方案", "拆除施工已报审批", "广告牌拆除完毕" } },
	{ "消防",
	  "屋顶违规搭建彩钢板房（易燃夹芯材料）用作员工宿舍",
	  "拆除屋顶彩钢板房，员工另行安排住宿",
	  { "员工已搬出", "彩钢板房拆除施工", "拆除完毕" } },
	{ "消防",
	  "电焊动火作业未办理动火审批，焊工无证作业",
	  "立即停止动火作业，办理动火审批，更换持证焊工并落实现场监护",
	  { "当场停止作业", "持证焊工到岗，动火审批已办理", "复查合格" } },
	{ "燃气",
	  "燃气管道私拉乱接，使用橡胶软管连接，长度超过2米",
	  "拆除私接管道，更换燃气专用金属波纹管",
	  { "燃气公司上门检查", "更换金属软管", "拆除私接管道" } },
	{ "燃气",
	  "厨房未安装可燃气体泄漏报警及自动切断装置",
	  "安装燃气泄漏报警器和紧急切断阀，与排风机联动",
	  { "已订购报警器和切断阀", "安装完成并调试", "复查合格" } },
	{ "燃气",
	  "液化石油气钢瓶与明火灶具同处一室，未设独立气瓶间",
	  "设置独立气瓶间，钢瓶数量不超过2瓶，安装燃气泄漏报警器",
	  { "督促制定整改方案", "气瓶间改造施工", "报警器安装完毕" } },
	{ "电动自行车",
	  "电动自行车在楼道内停放并飞线充电",
	  "清理楼道电动自行车，拆除飞线，设置集中停放充电棚",
	  { "当场清理楼道车辆", "集中充电棚选址确定", "充电棚建成投用" } },
	{ "电动自行车",
	  "电动自行车推入室内充电",
	  "禁止电动自行车进入建筑内，在室外设置集中充电点",
	  { "当场移出", "张贴禁止提示", "室外充电柜安装完毕" } },
	{ "自建房",
	  "居民自建房改为出租屋，群租住人，未设置独立疏散楼梯",
	  "清退超员租户，增设简易喷淋和独立式感烟报警器",
	  { "已清退超员租户", "独立式感烟报警器安装完成", "简易喷淋施工" } },
	{ "自建房",
	  "出租屋窗户安装全封闭防盗网，未设置逃生口",
	  "防盗网开设可从内部开启的逃生口",
	  { "约谈房东", "开设逃生口", "复查合格" } },
	{ "醇基液体燃料",
	  "使用醇基液体燃料，储罐放置在厨房灶台旁",
	  "储罐移至独立储存间，使用合格燃料和专用燃具",
	  { "储罐已移出厨房", "储存间改造施工", "更换专用燃具" } },
	{ "特种设备",
	  "自动扶梯超期未检验",
	  "委托特种设备检验机构定期检验，检验合格前停用",
	  { "扶梯已停用并设置围挡", "已预约检验", "检验合格恢复使用" } },
};

static const char *stems[] = {
	"佰迪乐", "东都", "江海",   "联华", "人人红", "雅钥", "铂涛", "如家", "存台", "好运来",
	"悦动",   "桂香", "福满楼", "丰盛", "金桂",   "龙城", "鱼峰", "柳侯", "文惠", "五星",
	"解放",   "公园", "中山",   "青云", "映山",   "红光", "香桥", "柳江", "荣军", "壶西",
};

static const struct {
	const char *kind;
	const char *plan;
} sorts[] = {
	{ "KTV", "火灾事故应急预案" },          { "酒店", "灭火和应急疏散预案" },
	{ "宾馆", "火灾应急疏散预案" },         { "超市", "灭火和应急疏散预案" },
	{ "百货商店", "火灾应急疏散预案" },     { "酒家", "燃气泄漏应急处置方案" },
	{ "螺蛳粉店", "燃气泄漏应急处置方案" }, { "网吧", "火灾应急疏散预案" },
	{ "健身会所", "应急疏散预案" },         { "农贸市场", "燃气泄漏应急预案" },
	{ "电动车维修部", "火灾应急处置方案" }, { "出租屋", "火灾应急疏散预案" },
};

static const char *surnames[] = {
	"李", "王", "张", "刘", "陈", "杨", "黄", "韦", "覃", "蒙",
	"莫", "梁", "罗", "何", "周", "吴", "潘", "蓝", "谭", "廖",
};

static const char *given[] = {
	"志强", "建国", "丽萍", "海燕", "家豪", "桂芳", "文斌", "小平",
	"国华", "晓红", "建明", "玉兰", "德胜", "春梅", "俊杰", "秀英",
};

static const char *roles[] = {
	"店长", "总经理", "安全主管", "法定代表人", "房东", "物业经理",
};

static const char *remarks[] = {
	"当场整改",         "街道挂牌督办",
	"已约谈主要负责人", "区消防救援大队联合检查",
	"经社区审批延期",   "已下达\"责令限期改正通知书\"",
	"需停业分区施工",   "施工方为外包单位，已签订安全管理协议",
};

/* Who did what: the lead-in of a progress entry. */
static const char *steps[] = {
	"社区网格员上门督促，", "街道公共安全办复查：", "企业反馈：",
	"社区安全员跟踪回访，", "区消防救援大队复查：", "",
};

/* What a register says of a hazard nobody has started on. */
static const char *urgings[] = {
	"已下发隐患整改通知书，督促企业制定整改方案",
	"约谈企业主要负责人，要求限期提交整改方案",
	"企业正在筹措整改资金，社区每周跟踪一次",
	"已报街道公共安全办，协调相关部门联合督办",
};

static const char *stages[] = { "未整改", "整改中", "已整改", "已销号" };
static const char *levels[] = { "县区", "县区", "县区", "市" };

static uint64_t rng_state;
static int realistic; /* -r */

/* xorshift64*: fast, and the same seed gives the same register. */
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32) % n;
}

/* Write day d of 2023 in one of the spellings people type. */
static void put_date(FILE *f, int d, int style)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m = 0;

	while (d >= mdays[m]) {
		d -= mdays[m];
		m++;
	}
	m++;
	d++;
	switch (style) {
	case 0:
		fprintf(f, "2023-%02d-%02d", m, d);
		break;
	case 1:
		fprintf(f, "2023/%d/%d", m, d);
		break;
	case 2:
		fprintf(f, "2023年%d月%d日", m, d);
		break;
	case 3:
		fprintf(f, "2023.%d.%d", m, d);
		break;
	default:
		fprintf(f, "2023%02d%02d", m, d);
		break;
	}
}

static int date_style(void)
{
	static const int weights[] = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4 };

	if (realistic) /* 5 %: 2023/5/3 or 2023年5月3日 */
		return rnd(20) ? 0 : 1 + (int)rnd(2);
	return weights[rnd(NELEM(weights))];
}

static int min(int a, int b)
{
	return a < b ? a : b;
}

static void put_row(FILE *f, long id, uint32_t every)
{
	const struct hazard *h = &hazards[rnd(NELEM(hazards))];
	const char *stem = stems[rnd(NELEM(stems))];
	int sort = rnd(NELEM(sorts));
	int style = date_style();
	int stage = rnd(NELEM(stages));
	int check = DAY_FIRST + rnd(DAY_LAST - DAY_FIRST - 40);
	int deadline = min(check + 3 + rnd(60), DAY_LAST);
	int done = -1, nprog, days[3], i, last;
	int ext = -1, ndates, drop_done = 0;

	if (stage >= 2)
		done = check + rnd(min(30, DAY_LAST - check));
	if (every && rnd(every) == 0)
		deadline = check - 1 - rnd(10); /* date-before-check */
	else if (stage < 2 && deadline + 15 <= DAY_LAST && rnd(20) == 0)
		ext = min(deadline + 15 + rnd(30), DAY_LAST);
	nprog = stage == 0 ? 1 : stage == 1 ? 1 + rnd(2) : 1 + rnd(3);
	ndates = nprog;
	if (realistic) {
		/* most rows: two or three entries, often the last one's date
		 * not typed yet (progress-mismatch); some finished ones with
		 * no completion date yet (done-without-date); more deadlines
		 * before the check date (date-before-check) */
		if (rnd(10) < 8)
			nprog = 2 + rnd(2);
		ndates = rnd(10) < 6 ? nprog - 1 : nprog;
		if (stage >= 2 && rnd(3) == 0)
			drop_done = 1;
		if (rnd(10) == 0)
			deadline = check - 1 - rnd(10);
	}
	last = done >= 0 ? done : min(check + 40, DAY_LAST);
	for (i = 0; i < nprog; i++) {
		days[i] = check + (last - check) * (i + 1) / nprog;
		if (i > 0 && days[i] < days[i - 1])
			days[i] = days[i - 1];
	}

	/* 序号,专题领域,重大隐患,涉及层面,整改措施,检查日期 */
	fprintf(f, "%ld,%s,%s%s,%s,%s,", id, h->domain, rnd(3) == 0 ? "一楼" : "", h->text,
	        levels[rnd(NELEM(levels))], h->measures);
	put_date(f, check, style);
	/* 计划整改时限: deadlines are often typed with 前 */
	fputc(',', f);
	put_date(f, deadline, style);
	if (rnd(5) == 0)
		fputs("前", f);
	/* 责任单位,整改阶段,实际整改完成时间 */
	if (sort == 11 || sort == 10)
		fprintf(f, ",公园路%d号%s%s,%s,", 1 + (int)rnd(120), stem, sorts[sort].kind,
		        stages[stage]);
	else
		fprintf(f, ",柳州市城中区%s%s（%s店）,%s,", stem, sorts[sort].kind,
		        stems[rnd(NELEM(stems))], stages[stage]);
	if (done >= 0 && !drop_done)
		put_date(f, done, style);
	/* 整改进展 and 整改进展时间: one entry a line, quoted when more */
	fputs(nprog > 1 ? ",\"" : ",", f);
	for (i = 0; i < nprog; i++)
		fprintf(f, "%s%s%s", i ? "\n" : "", steps[rnd(NELEM(steps))],
		        stage == 0 ? urgings[rnd(NELEM(urgings))] : h->progress[i < 3 ? i : 2]);
	fputs(nprog > 1 ? "\"," : ",", f);
	fputs(ndates > 1 ? "\"" : "", f);
	for (i = 0; i < ndates; i++) {
		if (i)
			fputc('\n', f);
		put_date(f, days[i], style);
	}
	fputs(ndates > 1 ? "\"," : ",", f);
	/* 备注 */
	if (rnd(3) == 0) {
		const char *r = remarks[rnd(NELEM(remarks))];

		if (strchr(r, '"') != NULL) {
			fputc('"', f);
			for (; *r != '\0'; r++) {
				if (*r == '"')
					fputc('"', f);
				fputc(*r, f);
			}
			fputc('"', f);
		} else
			fputs(r, f);
	}
	/* 隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,延期至 */
	fprintf(f, ",%s,", rnd(2) ? "部门检查" : "企业自查");
	if (rnd(25) == 0)
		put_date(f, check + rnd(5), style);
	else
		fputs(rnd(20) == 0 ? "是" : "否", f);
	fprintf(f, ",%s%s（%s）,%u.%02u,%s%s%s,", surnames[rnd(NELEM(surnames))],
	        given[rnd(NELEM(given))], roles[rnd(NELEM(roles))], rnd(20), rnd(100), stem,
	        sorts[sort].kind, sorts[sort].plan);
	if (ext >= 0)
		put_date(f, ext, style);
	fputs("\r\n", f);
}

static void usage(void)
{
	fprintf(stderr, "usage: gen-register [-r] [-n rows] [-s seed] [-e every] "
	                "[file]\n");
	exit(2);
}

static long number(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || n < 0)
		usage();
	return n;
}

int main(int argc, char *argv[])
{
	static const char commas[] = ",,,,,,,,,,,,,,,,,,"; /* 19 cells */
	long rows = 1000000, i;
	uint32_t every = 1000;
	FILE *f = stdout;
	int ch;

	rng_state = 0x9e3779b97f4a7c15ULL;
	while ((ch = getopt(argc, argv, "e:n:rs:")) != -1) {
		switch (ch) {
		case 'r':
			realistic = 1;
			break;
		case 'e':
			every = (uint32_t)number(optarg);
			break;
		case 'n':
			rows = number(optarg);
			break;
		case 's':
			rng_state ^= (uint64_t)number(optarg) * 0x100000001b3ULL;
			if (rng_state == 0)
				rng_state = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1 && (f = fopen(argv[0], "w")) == NULL) {
		perror(argv[0]);
		return 2;
	}

	fprintf(f,
	        "\xEF\xBB\xBF附件2%s\r\n重大事故隐患清单%s\r\n"
	        "填报单位：公园社区%s\r\n",
	        commas, commas, commas);
	fputs("序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,"
	      "责任单位,整改阶段,实际整改完成时间,整改进展,整改进展时间,备注,"
	      "隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,延期至\r\n",
	      f);
	for (i = 1; i <= rows; i++)
		put_row(f, i, every);
	for (i = rows + 1; i <= rows + 5; i++)
		fprintf(f, "%ld%s\r\n", i, commas);
	fprintf(f,
	        "\"填报说明：\n1.“涉及层面”，请填写市、县区层面。\n"
	        "2.“检查日期”填写后，“计划整改时限”、“实际整改完成时间”、"
	        "“整改进展时间”都需要等于或者晚于“检查日期”。\n"
	        "3.“整改进展”可以填写多条。\"%s\r\n",
	        commas);
	fprintf(f, "审核人：%s填表人：%s填报时间：2023年12月%s\r\n", ",,,,,,", ",,,,,,", ",,,,,,");
	if (fflush(f) == EOF || ferror(f) || (f != stdout && fclose(f) == EOF)) {
		perror(argc == 1 ? argv[0] : "<stdout>");
		return 2;
	}
	return 0;
}
