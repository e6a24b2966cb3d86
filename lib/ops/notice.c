/* notice.c - what a 督促函 lists for one unit or enterprise, as a document */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/due.h"
#include "hz/fields.h"
#include "hz/i18n.h"
#include "hz/notice.h"
#include "hz/overdue.h"
#include "hz/safewrite.h"
#include "hz/schedule.h"
#include "hz/text.h"
#include "hz/writer.h"
#include "unitrec.h"
#include "xalloc.h"
#include "record_int.h"

/* The plan's words for why (四(二)6, 六(四)). */
static const char why[] =
        "根据《城中区重大事故隐患专项排查整治2023行动工作方案》“对问题突出和隐患集中的社区和单位，"
        "发出工作督促函，必要时挂牌督办”的要求，经核查，截至%s，你单位存在以下问题：";
static const char ask[] = "请你单位高度重视，逐项落实整改，于%s前将整改情况书面回复街道公共安全办。"
                          "材料报送的时效性和质量，列入安全生产绩效考核内容。";
static const char no_record[] = "无记录";

struct hit {
	hz_record *r;
	hz_overdue_hit hit;
};

struct missed {
	char *enterprise, *code, *label, period[32], deadline[11];
	long days;
};

struct hz_notice {
	hz_notice_opts o;
	hz_diag *d;
	char day[40], reply[40]; /* 2023年7月31日 */
	struct hit *hits;
	size_t nhits;
	hz_record **roster, **duties; /* kept until the duties are computed */
	size_t nroster, nduties;
	struct missed *missed;
	size_t nmissed;
	bool duties_done;
	hz_unitrec *ur; /* units, submissions, notices: reports and notices */
};

static void chinese_day(hz_date d, char out[40])
{
	int y, m, day;

	hz_date_to_ymd(d, &y, &m, &day);
	snprintf(out, 40, "%d年%d月%d日", y, m, day);
}

hz_notice *hz_notice_new(const hz_notice_opts *o, hz_diag *d)
{
	hz_notice *n = hz_xcalloc(1, sizeof *n);

	n->o = *o;
	n->d = d;
	chinese_day(o->as_of, n->day);
	chinese_day(o->reply_by, n->reply);
	n->ur = hz_unitrec_new(&(hz_unitrec_opts){ .until = o->as_of, .judged = o->as_of });
	return n;
}

void hz_notice_free(hz_notice *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nhits; i++)
		hz_record_free(n->hits[i].r);
	for (size_t i = 0; i < n->nroster; i++)
		hz_record_free(n->roster[i]);
	for (size_t i = 0; i < n->nduties; i++)
		hz_record_free(n->duties[i]);
	for (size_t i = 0; i < n->nmissed; i++) {
		free(n->missed[i].enterprise);
		free(n->missed[i].code);
		free(n->missed[i].label);
	}
	free(n->hits);
	free(n->roster);
	free(n->duties);
	free(n->missed);
	hz_unitrec_free(n->ur);
	free(n);
}

/* The cell of field k is the target (trimmed). */
static bool names_target(const hz_notice *n, const hz_record *r, hz_key k)
{
	hz_str v = hz_get(r, k);

	if (!v.s)
		return false;
	v = hz_trim(v);
	return v.n == strlen(n->o.to) && memcmp(v.s, n->o.to, v.n) == 0;
}

static void keep(hz_record ***list, size_t *count, const hz_record *r)
{
	*list = hz_xrealloc(*list, (*count + 1) * sizeof **list);
	(*list)[(*count)++] = hz_record_copy(r);
}

void hz_notice_add(hz_notice *n, const hz_record *r)
{
	hz_type t = hz_record_type(r);
	hz_overdue_opts oo;
	hz_overdue_hit hit;

	if (hz_unitrec_add(n->ur, r))
		return;
	if (t == HZ_HAZARD) {
		if (!names_target(n, r, HZ_K_REPORTER) && !names_target(n, r, HZ_K_UNIT))
			return;
		hz_overdue_opts_init(&oo, n->o.as_of);
		if (hz_overdue_check(&oo, r, n->d, &hit) && hit.status == HZ_OD_OVERDUE) {
			n->hits = hz_xrealloc(n->hits, (n->nhits + 1) * sizeof *n->hits);
			n->hits[n->nhits].r = hz_record_copy(r);
			n->hits[n->nhits++].hit = hit;
		}
	} else if (t == HZ_ROSTER) {
		if (names_target(n, r, HZ_K_ENTERPRISE) || names_target(n, r, HZ_K_REPORTER))
			keep(&n->roster, &n->nroster, r);
	} else if (t == HZ_DUTY || t == HZ_CHECK) {
		keep(&n->duties, &n->nduties, r);
	}
}

static void on_due(const hz_due_line *l, void *arg)
{
	hz_notice *n = arg;
	struct missed *m;

	if (l->status != HZ_DUE_MISSING)
		return;
	n->missed = hz_xrealloc(n->missed, (n->nmissed + 1) * sizeof *n->missed);
	m = &n->missed[n->nmissed++];
	m->enterprise = hz_xstrdup(l->enterprise ? l->enterprise : "");
	m->code = hz_xstrdup(l->code ? l->code : "");
	m->label = hz_xstrdup(l->label ? l->label : "");
	hz_period_text(l->every, l->period, m->period);
	hz_date_format(l->deadline, m->deadline);
	m->days = l->days;
}

/* The duties the target's enterprises missed (hz-due's 逾期未履行), once
 * the roster is known: it must come before the records that fulfil it. */
static void compute_duties(hz_notice *n)
{
	hz_due_opts o = { .as_of = n->o.as_of, .within = -1 };
	hz_due *d;

	if (n->duties_done || n->nroster == 0)
		return;
	n->duties_done = true;
	d = hz_due_new(hz_schedule_default(), &o);
	for (size_t i = 0; i < n->nroster; i++)
		hz_due_roster(d, n->roster[i]);
	for (size_t i = 0; i < n->nduties; i++)
		hz_due_add(d, n->duties[i]);
	hz_due_each(d, on_due, n);
	hz_due_free(d);
}

/* The target's missing and late reports, and the notices to it past
 * their reply day: how many of each (0 where there is no record). */
static size_t reports_of(hz_notice *n, const hz_unit_report **list)
{
	size_t k;

	return hz_unitrec_reports(n->ur, n->o.to, list, &k) ? k : 0;
}

static size_t unanswered_of(hz_notice *n)
{
	hz_unit_counts c;

	hz_unitrec_counts(n->ur, n->o.to, &c);
	return c.unanswered > 0 ? (size_t)c.unanswered : 0;
}

long hz_notice_count(const hz_notice *n)
{
	/* the reports are judged on first asking: a cache, not a change */
	hz_notice *m = (hz_notice *)n;
	const hz_unit_report *reps;

	return (long)(n->nhits + n->nmissed + reports_of(m, &reps) + unanswered_of(m));
}

static char *cell_of(const hz_record *r, hz_key k)
{
	hz_str v = hz_get(r, k);

	return v.s ? hz_xstrndup(v.s, v.n) : hz_xstrdup("");
}

static void overdue_table(hz_notice *n, hz_doc *d)
{
	static const char *const head[] = {
		"序号", "重大隐患", "责任单位", "整改时限", "超期天数", "责任人",
	};

	if (n->nhits == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "无。");
		return;
	}
	hz_doc_table(d, 6, head);
	for (size_t i = 0; i < n->nhits; i++) {
		char deadline[11], days[24];
		char *id = cell_of(n->hits[i].r, HZ_K_ID),
		     *haz = cell_of(n->hits[i].r, HZ_K_HAZARD);
		char *unit = cell_of(n->hits[i].r, HZ_K_UNIT),
		     *owner = cell_of(n->hits[i].r, HZ_K_OWNER);

		hz_date_format(n->hits[i].hit.deadline, deadline);
		snprintf(days, sizeof days, "%ld", n->hits[i].hit.days);
		const char *row[] = { id, haz, unit, deadline, days, owner };
		hz_doc_row(d, row);
		free(id);
		free(haz);
		free(unit);
		free(owner);
	}
}

static void duties_table(hz_notice *n, hz_doc *d)
{
	static const char *const head[] = { "企业", "工作任务", "期次", "截止日期", "逾期天数" };

	if (n->nroster == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（输入中没有该单位的企业名册，无从核对）。",
		            no_record);
		return;
	}
	if (n->nmissed == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "无。");
		return;
	}
	hz_doc_table(d, 5, head);
	for (size_t i = 0; i < n->nmissed; i++) {
		char days[24];
		snprintf(days, sizeof days, "%ld", n->missed[i].days);
		const char *row[] = { n->missed[i].enterprise, n->missed[i].label,
			              n->missed[i].period, n->missed[i].deadline, days };
		hz_doc_row(d, row);
	}
}

static void reports_table(hz_notice *n, hz_doc *d)
{
	static const char *const head[] = { "报送材料", "期次", "报送期限", "情况" };
	const hz_unit_report *reps;
	size_t k;

	if (hz_unitrec_lacking(n->ur)) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（输入中没有%s）。", no_record,
		            hz_unitrec_lacking(n->ur));
		return;
	}
	if (!hz_unitrec_reports(n->ur, n->o.to, &reps, &k)) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（%s不在单位名单中，不按期报送材料）。", no_record,
		            n->o.to);
		return;
	}
	if (k == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "无。");
		return;
	}
	hz_doc_table(d, 4, head);
	for (size_t i = 0; i < k; i++) {
		char deadline[11], what[96];
		hz_unit_report_cells(&reps[i], deadline, what);
		const char *row[] = { reps[i].label, reps[i].period, deadline, what };
		hz_doc_row(d, row);
	}
}

static void notices_table(hz_notice *n, hz_doc *d)
{
	static const char *const head[] = { "文号",     "类别",     "签发日期",
		                            "回复期限", "超期天数", "事由" };
	const hz_unit_notice *ns;
	hz_unit_counts c;
	size_t k;

	if (!hz_unitrec_notices(n->ur, n->o.to, &ns, &k)) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（输入中没有通知记录）。", no_record);
		return;
	}
	hz_unitrec_counts(n->ur, n->o.to, &c);
	hz_doc_para(d, HZ_DOC_BODY,
	            "截至%s，共向你单位发出督促函、督办通知 %ld 件，已回复 %ld 件，"
	            "超期未回复 %ld 件%s",
	            n->day, c.sent, c.answered, c.unanswered, c.unanswered ? "：" : "。");
	if (c.unanswered == 0)
		return;
	hz_doc_table(d, 6, head);
	for (size_t i = 0; i < k; i++) {
		if (ns[i].overdue <= 0)
			continue;
		char issued[11] = "", reply[11], days[24];
		char *doc = cell_of(ns[i].r, HZ_K_DOC), *kind = cell_of(ns[i].r, HZ_K_KIND),
		     *content = cell_of(ns[i].r, HZ_K_CONTENT);
		hz_date_format(ns[i].issued, issued);
		hz_date_format(ns[i].reply_by, reply);
		snprintf(days, sizeof days, "%ld", ns[i].overdue);
		const char *row[] = { doc, kind, issued, reply, days, content };
		hz_doc_row(d, row);
		free(doc);
		free(kind);
		free(content);
	}
}

hz_doc *hz_notice_document(hz_notice *n, bool list_only)
{
	hz_doc *d = hz_doc_new(false);

	compute_duties(n);
	if (!list_only) {
		hz_doc_para(d, HZ_DOC_TITLE, "督促函");
		hz_doc_para(d, HZ_DOC_CENTER, "%s", n->o.doc);
		hz_doc_para(d, HZ_DOC_PLAIN, "%s：", n->o.to);
		hz_doc_para(d, HZ_DOC_BODY, why, n->day);
	}
	hz_doc_para(d, HZ_DOC_HEADING, "一、超期未整改的重大事故隐患（%zu 项）", n->nhits);
	overdue_table(n, d);
	hz_doc_para(d, HZ_DOC_HEADING, "二、逾期未履行的工作任务（%s）",
	            n->nroster ? (n->nmissed ? "见下表" : "无") : no_record);
	duties_table(n, d);
	hz_doc_para(d, HZ_DOC_HEADING, "三、未报送或迟报的材料");
	reports_table(n, d);
	hz_doc_para(d, HZ_DOC_HEADING, "四、未按期回复的督促函、督办通知");
	notices_table(n, d);
	if (!list_only) {
		hz_doc_para(d, HZ_DOC_BODY, ask, n->reply);
		hz_doc_para(d, HZ_DOC_PLAIN, " ");
		if (n->o.office && *n->o.office)
			hz_doc_para(d, HZ_DOC_RIGHT, "%s", n->o.office);
		hz_doc_para(d, HZ_DOC_RIGHT, "%s", n->day);
	}
	return d;
}

size_t hz_notice_fields(hz_notice *n, hz_doc_field out[4])
{
	out[0] = (hz_doc_field){ "文号", n->o.doc };
	out[1] = (hz_doc_field){ "对象", n->o.to };
	out[2] = (hz_doc_field){ "日期", n->day };
	out[3] = (hz_doc_field){ "回复期限", n->reply };
	return 4;
}

/* The notice's columns, in hz-formats(5)'s order for type notice. */
static const char *const notice_header[] = {
	"文号", "类别", "对象", "签发日期", "回复期限", "回复日期", "涉及隐患", "事由", "备注",
};

static void csv_row(FILE *f, const char *const *cells, size_t n, const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		hz_csv_put_cell(f, cells[i], strlen(cells[i]), ',');
	}
	fputs(eol, f);
}

int hz_notice_record(hz_notice *n, const char *path, char *err, size_t errcap)
{
	hz_reglock *l = hz_reglock_open(path, HZ_LOCK_CREATE, err, errcap);
	char *text = NULL, issued[11], reply[11], *hazards = NULL, content[256];
	size_t len = 0, hlen = 0;
	FILE *f, *h;
	int rc;

	if (!l)
		return -1;
	compute_duties(n);
	h = open_memstream(&hazards, &hlen);
	for (size_t i = 0; i < n->nhits; i++) {
		hz_str rep = hz_trim(hz_get(n->hits[i].r, HZ_K_REPORTER));
		hz_str id = hz_trim(hz_get(n->hits[i].r, HZ_K_ID));
		if (i)
			putc('\n', h);
		if (rep.s && rep.n)
			fprintf(h, "%.*s:", (int)rep.n, rep.s);
		fprintf(h, "%.*s", (int)id.n, id.s ? id.s : "");
	}
	fclose(h);
	hz_date_format(n->o.as_of, issued);
	hz_date_format(n->o.reply_by, reply);
	int w = snprintf(content, sizeof content, "超期未整改隐患 %zu 项，逾期未履行任务 %zu 项",
	                 n->nhits, n->nmissed);
	const hz_unit_report *reps;
	size_t nreps;
	if (hz_unitrec_reports(n->ur, n->o.to, &reps, &nreps) && w > 0 &&
	    (size_t)w < sizeof content)
		w += snprintf(content + w, sizeof content - (size_t)w, "，未报送或迟报材料 %zu 项",
		              nreps);
	if (hz_unitrec_have(n->ur, HZ_NOTICE) && w > 0 && (size_t)w < sizeof content)
		snprintf(content + w, sizeof content - (size_t)w, "，超期未回复通知 %zu 件",
		         unanswered_of(n));
	f = open_memstream(&text, &len);
	const char *eol = hz_reglock_eol(l);
	if (hz_reglock_created(l) || hz_reglock_size(l) == 0)
		csv_row(f, notice_header, 9, eol);
	const char *row[] = {
		n->o.doc, "督促函", n->o.to, issued, reply, "", hazards, content, ""
	};
	csv_row(f, row, 9, eol);
	fclose(f);
	rc = hz_reglock_append(l, text, len, err, errcap);
	hz_reglock_close(l);
	free(text);
	free(hazards);
	return rc;
}
