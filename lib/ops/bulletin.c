/* bulletin.c - the quarterly 通报: the units ranked, the street's totals,
 * the units 问题突出 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/bulletin.h"
#include "hz/hazard.h"
#include "hz/items.h"
#include "hz/overdue.h"
#include "hz/tally.h"
#include "hz/text.h"
#include "hz/vocab.h"
#include "unitrec.h"
#include "xalloc.h"
#include "record_int.h"

/* The plan's sentence (四(二)6). */
static const char plan_sentence[] =
        "对问题突出和隐患集中的社区和单位，发出工作督促函，必要时挂牌督办。";
static const char no_record[] = "无记录";
#define TOP 3 /* the units named 问题突出 */

typedef struct unit {
	char *name;
	long found, found_quarter, rectified, overdue, listed, signed_off;
	hz_unit_counts c; /* reports and notices, -1 for 无记录 */
} unit;

struct hz_bulletin {
	hz_bulletin_opts o;
	hz_diag *d;
	unit *units;
	size_t n;
	hz_tallier *tallier;
	hz_tally *const *totals;
	size_t ntotals;
	bool ranked;
	hz_unitrec *ur; /* units, submissions, notices */
};

hz_bulletin *hz_bulletin_new(const hz_bulletin_opts *o, hz_diag *d)
{
	hz_bulletin *b = hz_xcalloc(1, sizeof *b);
	hz_tally_opts to = { .as_of = o->as_of, .default_source = HZ_SOURCE_NONE };

	b->o = *o;
	b->d = d;
	b->tallier = hz_tallier_new(&to, NULL);
	b->ur = hz_unitrec_new(&(hz_unitrec_opts){
	        .since = o->since,
	        .until = o->as_of,
	        .judged = o->judged > o->as_of ? o->judged : o->as_of,
	});
	return b;
}

void hz_bulletin_free(hz_bulletin *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->units[i].name);
	free(b->units);
	hz_tallier_free(b->tallier);
	hz_unitrec_free(b->ur);
	free(b);
}

static unit *unit_named(hz_bulletin *b, hz_str name)
{
	for (size_t i = 0; i < b->n; i++)
		if (strlen(b->units[i].name) == name.n &&
		    memcmp(b->units[i].name, name.s, name.n) == 0)
			return &b->units[i];
	b->units = hz_xrealloc(b->units, (b->n + 1) * sizeof *b->units);
	memset(&b->units[b->n], 0, sizeof b->units[b->n]);
	b->units[b->n].name = hz_xstrndup(name.s, name.n);
	return &b->units[b->n++];
}

void hz_bulletin_add(hz_bulletin *b, const hz_record *r)
{
	hz_str rep;
	hz_date check;
	hz_overdue_opts oo;
	hz_overdue_hit hit;

	if (hz_unitrec_add(b->ur, r))
		return;
	hz_tallier_add(b->tallier, r);
	if (hz_record_type(r) != HZ_HAZARD)
		return;
	if (!hz_date_parse(hz_get(r, HZ_K_CHECK_DATE), 0, &check) || check > b->o.as_of)
		return; /* not found by the quarter's end (hz-tally reports it) */
	rep = hz_get(r, HZ_K_REPORTER);
	rep = rep.s ? hz_trim(rep) : (hz_str){ "", 0 };
	unit *u = unit_named(b, rep.n ? rep : hz_str_c("（未填报单位）"));
	u->found++;
	u->found_quarter += check >= b->o.since;
	u->rectified += hz_hazard_rectified_by(r, b->o.as_of);
	u->listed += hz_hazard_listed_by(r, b->o.as_of);
	u->signed_off += hz_stage_of(hz_get(r, HZ_K_STAGE)) == HZ_STAGE_SIGNED_OFF;
	hz_overdue_opts_init(&oo, b->o.as_of);
	if (hz_overdue_check(&oo, r, NULL, &hit) && hit.status == HZ_OD_OVERDUE)
		u->overdue++;
}

/* 整改率 in per mille, rounded half up; -1 when nothing was found. */
static long permille(const unit *u)
{
	return u->found ? (u->rectified * 1000 + u->found / 2) / u->found : -1;
}

/* Best first: the higher 整改率, then fewer overdue, then the name. */
static int by_rank(const void *a, const void *b)
{
	const unit *x = a, *y = b;
	long px = permille(x), py = permille(y);

	if (px != py)
		return px > py ? -1 : 1;
	if (x->overdue != y->overdue)
		return x->overdue < y->overdue ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Late and missing reports, 0 where there is no record. */
static long behind(const unit *u)
{
	return u->c.late > 0 || u->c.missing > 0
	               ? (u->c.late > 0 ? u->c.late : 0) + (u->c.missing > 0 ? u->c.missing : 0)
	               : 0;
}

static void finish(hz_bulletin *b)
{
	const char *const *names;
	size_t nunits;

	if (b->ranked)
		return;
	b->ranked = true;
	/* every unit of the units file has its row, hazards or none */
	nunits = hz_unitrec_units(b->ur, &names);
	for (size_t i = 0; i < nunits; i++)
		unit_named(b, hz_str_c(names[i]));
	for (size_t i = 0; i < b->n; i++)
		hz_unitrec_counts(b->ur, b->units[i].name, &b->units[i].c);
	qsort(b->units, b->n, sizeof *b->units, by_rank);
	b->totals = hz_tallier_finish(b->tallier, &b->ntotals);
}

static void rate_text(const unit *u, char out[24])
{
	long p = permille(u);

	if (p < 0)
		snprintf(out, 24, "-");
	else
		snprintf(out, 24, "%ld.%ld%%", p / 10, p % 10);
}

/* x before y among the units 问题突出: more overdue hazards, then more
 * late and missing reports. */
static bool worse(const unit *x, const unit *y)
{
	return x->overdue != y->overdue ? x->overdue > y->overdue : behind(x) > behind(y);
}

/* The units at the top of the overdue and late columns (at least one of
 * either), worst first. */
static size_t outstanding(const hz_bulletin *b, const unit **out)
{
	size_t k = 0;

	for (size_t i = 0; i < b->n; i++) {
		const unit *u = &b->units[i];
		if (u->overdue == 0 && behind(u) == 0)
			continue;
		size_t j = k < TOP ? k++ : TOP;
		if (j == TOP && !worse(u, out[TOP - 1]))
			continue;
		if (j == TOP)
			j = TOP - 1;
		while (j > 0 && worse(u, out[j - 1])) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = u;
	}
	return k;
}

/* "1/0/2", or 无记录 */
static void counts3(long a, long b2, long c, char out[48])
{
	if (a < 0)
		snprintf(out, 48, "%s", no_record);
	else
		snprintf(out, 48, "%ld/%ld/%ld", a, b2, c);
}

static void value_text(const hz_item *it, const hz_tally *t, size_t i, char out[80])
{
	char a[32], c[32];
	bool amount = it->agg == HZ_AGG_SUM_AMOUNT;
	bool amount2 = it->agg2 == HZ_AGG2_SUM_AMOUNT || it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT;

	if (it->agg == HZ_AGG_LATEST_FLAG)
		snprintf(a, sizeof a, "%s", t->value[i] ? "是" : "否");
	else if (amount)
		hz_amount_format(t->value[i], a);
	else
		snprintf(a, sizeof a, "%" PRId64, t->value[i]);
	if (it->agg2 == HZ_AGG2_NONE) {
		snprintf(out, 80, "%s", a);
		return;
	}
	if (amount2)
		hz_amount_format(t->value2[i], c);
	else
		snprintf(c, sizeof c, "%" PRId64, t->value2[i]);
	snprintf(out, 80, "%s，%s", a, c);
}

/* 四: which unit's which report was late or is missing (hz-due --late). */
static void reports_section(hz_bulletin *b, hz_doc *d)
{
	static const char *const head[] = { "单位", "报送材料", "期次", "报送期限", "情况" };
	bool any = false;

	hz_doc_para(d, HZ_DOC_HEADING, "四、材料报送情况（迟报、未报）");
	if (hz_unitrec_lacking(b->ur)) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（输入中没有%s）。", no_record,
		            hz_unitrec_lacking(b->ur));
		return;
	}
	int y, m, dd;
	hz_date_to_ymd(b->o.judged > b->o.as_of ? b->o.judged : b->o.as_of, &y, &m, &dd);
	hz_doc_para(d, HZ_DOC_BODY,
	            "报送期限在本季度内的材料，按截至%d年%d月%d日收到的报送台账统计。", y, m, dd);
	for (size_t i = 0; i < b->n; i++) {
		const hz_unit_report *reps;
		size_t k;
		if (!hz_unitrec_reports(b->ur, b->units[i].name, &reps, &k))
			continue;
		for (size_t j = 0; j < k; j++) {
			char deadline[11], what[96];
			if (!any)
				hz_doc_table(d, 5, head);
			any = true;
			hz_unit_report_cells(&reps[j], deadline, what);
			const char *row[] = { b->units[i].name, reps[j].label, reps[j].period,
				              deadline, what };
			hz_doc_row(d, row);
		}
	}
	if (!any)
		hz_doc_para(d, HZ_DOC_BODY, "本期各单位材料均按时报送。");
}

/* 五: the notices issued in the quarter, and what came of each. */
static void notices_section(hz_bulletin *b, hz_doc *d)
{
	static const char *const head[] = { "单位",     "文号",     "类别",
		                            "签发日期", "回复期限", "回复情况" };
	bool any = false;

	hz_doc_para(d, HZ_DOC_HEADING, "五、督促函、督办通知回复情况");
	if (!hz_unitrec_have(b->ur, HZ_NOTICE)) {
		hz_doc_para(d, HZ_DOC_BODY, "%s（输入中没有通知记录）。", no_record);
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		const hz_unit_notice *ns;
		size_t k;
		hz_unitrec_notices(b->ur, b->units[i].name, &ns, &k);
		for (size_t j = 0; j < k; j++) {
			char issued[11], reply[11] = "", what[64];
			hz_str doc = hz_trim(hz_get(ns[j].r, HZ_K_DOC)),
			       kind = hz_trim(hz_get(ns[j].r, HZ_K_KIND));
			char *docs = hz_xstrndup(doc.s ? doc.s : "", doc.n),
			     *kinds = hz_xstrndup(kind.s ? kind.s : "", kind.n);
			if (!any)
				hz_doc_table(d, 6, head);
			any = true;
			hz_date_format(ns[j].issued, issued);
			if (ns[j].reply_by)
				hz_date_format(ns[j].reply_by, reply);
			if (ns[j].answered) {
				char day[11];
				hz_date_format(ns[j].replied, day);
				snprintf(what, sizeof what, "%s 已回复", day);
			} else if (ns[j].overdue > 0) {
				snprintf(what, sizeof what, "超期未回复 %ld 天", ns[j].overdue);
			} else {
				snprintf(what, sizeof what, "未到回复期限");
			}
			const char *row[] = { b->units[i].name, docs, kinds, issued, reply, what };
			hz_doc_row(d, row);
			free(docs);
			free(kinds);
		}
	}
	if (!any)
		hz_doc_para(d, HZ_DOC_BODY, "本期未发出督促函、督办通知。");
}

hz_doc *hz_bulletin_document(hz_bulletin *b)
{
	static const char *const head[] = {
		"排名",
		"单位",
		"累计发现隐患",
		"本季度发现",
		"已整改",
		"整改率",
		"超期未整改",
		"挂牌督办",
		"已销号",
		"材料报送（按时/迟报/未报）",
		"督促函（发出/已回复/超期未回复）",
	};
	static const char *const thead[] = { "编号", "项目", "计量单位", "数值" };
	hz_doc *d = hz_doc_new(true);
	const unit *top[TOP];
	int y, m, dd;

	finish(b);
	hz_date_to_ymd(b->o.as_of, &y, &m, &dd);
	hz_doc_para(d, HZ_DOC_TITLE, "关于%s重大事故隐患专项排查整治进展情况的通报", b->o.period);
	hz_doc_para(
	        d, HZ_DOC_BODY,
	        "按照《城中区重大事故隐患专项排查整治2023行动工作方案》“每季度通报1次整治进展情况”的要求，"
	        "现将截至%d年%d月%d日各社区、各单位重大事故隐患排查整治情况通报如下。",
	        y, m, dd);
	hz_doc_para(d, HZ_DOC_HEADING, "一、各单位整治进展（按整改率排名）");
	if (b->n == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "本期无隐患记录。");
	} else {
		hz_doc_table(d, 11, head);
		for (size_t i = 0; i < b->n; i++) {
			const unit *u = &b->units[i];
			char c[8][24];
			snprintf(c[0], 24, "%zu", i + 1);
			snprintf(c[1], 24, "%ld", u->found);
			snprintf(c[2], 24, "%ld", u->found_quarter);
			snprintf(c[3], 24, "%ld", u->rectified);
			rate_text(u, c[4]);
			snprintf(c[5], 24, "%ld", u->overdue);
			snprintf(c[6], 24, "%ld", u->listed);
			snprintf(c[7], 24, "%ld", u->signed_off);
			char rep[48], sent[48];
			counts3(u->c.on_time, u->c.late, u->c.missing, rep);
			counts3(u->c.sent, u->c.answered, u->c.unanswered, sent);
			const char *row[] = { c[0], u->name, c[1], c[2], c[3], c[4],
				              c[5], c[6],    c[7], rep,  sent };
			hz_doc_row(d, row);
		}
	}
	hz_doc_para(d, HZ_DOC_HEADING, "二、全街道汇总（调度表，截至%d年%d月%d日）", y, m, dd);
	if (b->ntotals > 0) {
		size_t nitems;
		const hz_item *items = hz_items(&nitems);
		hz_doc_table(d, 4, thead);
		for (size_t i = 0; i < nitems; i++) {
			char v[80];
			value_text(&items[i], b->totals[0], i, v);
			const char *row[] = { items[i].code, items[i].label, items[i].measure, v };
			hz_doc_row(d, row);
		}
	}
	hz_doc_para(d, HZ_DOC_HEADING, "三、问题突出的单位");
	size_t k = outstanding(b, top);
	bool reports = !hz_unitrec_lacking(b->ur);
	if (k == 0) {
		hz_doc_para(d, HZ_DOC_BODY, "本期各单位均无超期未整改的重大事故隐患%s。",
		            reports ? "，材料均按时报送" : "");
	} else {
		char list[1024] = "";
		size_t used = 0;
		for (size_t i = 0; i < k; i++) {
			int w = snprintf(list + used, sizeof list - used, "%s%s（超期未整改 %ld 项",
			                 i ? "、" : "", top[i]->name, top[i]->overdue);
			if (w > 0 && (size_t)w < sizeof list - used)
				used += (size_t)w;
			if (top[i]->c.late >= 0)
				w = snprintf(list + used, sizeof list - used,
				             "，迟报 %ld 项，未报 %ld 项）", top[i]->c.late,
				             top[i]->c.missing);
			else
				w = snprintf(list + used, sizeof list - used, "）");
			if (w > 0 && (size_t)w < sizeof list - used)
				used += (size_t)w;
		}
		hz_doc_para(d, HZ_DOC_BODY, "%s%s，问题突出。%s", list,
		            reports ? "超期未整改的重大事故隐患较多或材料报送不及时"
		                    : "超期未整改的重大事故隐患较多",
		            plan_sentence);
	}
	reports_section(b, d);
	notices_section(b, d);
	hz_doc_para(d, HZ_DOC_PLAIN, " ");
	if (b->o.office && *b->o.office)
		hz_doc_para(d, HZ_DOC_RIGHT, "%s", b->o.office);
	hz_doc_para(d, HZ_DOC_RIGHT, "%d年%d月%d日", y, m, dd);
	return d;
}

static void json_day(FILE *out, const char *key, hz_date d)
{
	char day[11];

	fprintf(out, ",\"%s\":", key);
	if (d) {
		hz_date_format(d, day);
		fprintf(out, "\"%s\"", day);
	} else {
		fputs("null", out);
	}
}

/* {"due","on_time","late","missing","lines":[...]} or null (无记录) */
static void json_reports(hz_bulletin *b, const unit *u, FILE *out)
{
	const hz_unit_report *reps;
	size_t k;

	if (u->c.due < 0 || !hz_unitrec_reports(b->ur, u->name, &reps, &k)) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"due\":%ld,\"on_time\":%ld,\"late\":%ld,\"missing\":%ld,\"lines\":[",
	        u->c.due, u->c.on_time, u->c.late, u->c.missing);
	for (size_t i = 0; i < k; i++) {
		fprintf(out, "%s{\"status\":\"%s\",\"code\":", i ? "," : "",
		        reps[i].late ? "late" : "missing");
		hz_json_put_string(out, reps[i].code, strlen(reps[i].code));
		fputs(",\"label\":", out);
		hz_json_put_string(out, reps[i].label, strlen(reps[i].label));
		fputs(",\"period\":", out);
		hz_json_put_string(out, reps[i].period, strlen(reps[i].period));
		json_day(out, "deadline", reps[i].deadline);
		json_day(out, "received", reps[i].late ? reps[i].received : 0);
		fprintf(out, ",\"days\":%ld}", reps[i].days);
	}
	fputs("]}", out);
}

static void json_cell(FILE *out, const char *key, const hz_record *r, hz_key k)
{
	hz_str v = hz_trim(hz_get(r, k));

	fprintf(out, ",\"%s\":", key);
	hz_json_put_string(out, v.s ? v.s : "", v.n);
}

/* {"sent","answered","unanswered","list":[...]} or null (无记录) */
static void json_notices(hz_bulletin *b, const unit *u, FILE *out)
{
	const hz_unit_notice *ns;
	size_t k;

	if (!hz_unitrec_notices(b->ur, u->name, &ns, &k)) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"sent\":%ld,\"answered\":%ld,\"unanswered\":%ld,\"list\":[", u->c.sent,
	        u->c.answered, u->c.unanswered);
	for (size_t i = 0; i < k; i++) {
		fputs(i ? "," : "", out);
		fputs("{\"doc\":", out);
		hz_str doc = hz_trim(hz_get(ns[i].r, HZ_K_DOC));
		hz_json_put_string(out, doc.s ? doc.s : "", doc.n);
		json_cell(out, "kind", ns[i].r, HZ_K_KIND);
		json_cell(out, "to", ns[i].r, HZ_K_TO);
		json_day(out, "issued", ns[i].issued);
		json_day(out, "reply_by", ns[i].reply_by);
		json_day(out, "replied", ns[i].answered ? ns[i].replied : 0);
		fprintf(out, ",\"overdue_days\":%ld}", ns[i].overdue);
	}
	fputs("]}", out);
}

int hz_bulletin_write_json(hz_bulletin *b, FILE *out)
{
	const unit *top[TOP];
	char day[11], since[11], judged[11];

	finish(b);
	hz_date_format(b->o.as_of, day);
	hz_date_format(b->o.since, since);
	hz_date_format(b->o.judged > b->o.as_of ? b->o.judged : b->o.as_of, judged);
	fprintf(out, "{\"as_of\":\"%s\",\"since\":\"%s\",\"received_by\":\"%s\",\"units\":[", day,
	        since, judged);
	for (size_t i = 0; i < b->n; i++) {
		const unit *u = &b->units[i];
		long p = permille(u);
		fprintf(out, "%s{\"rank\":%zu,\"unit\":", i ? "," : "", i + 1);
		hz_json_put_string(out, u->name, strlen(u->name));
		fprintf(out, ",\"found\":%ld,\"found_in_quarter\":%ld,\"rectified\":%ld,\"rate\":",
		        u->found, u->found_quarter, u->rectified);
		if (p < 0)
			fputs("null", out);
		else
			fprintf(out, "%ld.%ld", p / 10, p % 10);
		fprintf(out, ",\"overdue\":%ld,\"listed\":%ld,\"signed_off\":%ld,\"reports\":",
		        u->overdue, u->listed, u->signed_off);
		json_reports(b, u, out);
		fputs(",\"notices\":", out);
		json_notices(b, u, out);
		if (u->c.unanswered < 0)
			fputs(",\"notices_unanswered\":null}", out);
		else
			fprintf(out, ",\"notices_unanswered\":%ld}", u->c.unanswered);
	}
	fputs("],\"outstanding\":[", out);
	size_t k = outstanding(b, top);
	for (size_t i = 0; i < k; i++) {
		if (i)
			putc(',', out);
		hz_json_put_string(out, top[i]->name, strlen(top[i]->name));
	}
	fputs("],\"totals\":", out);
	if (b->ntotals > 0) {
		/* hz-tally's document, its line end dropped: one line in all */
		char *doc = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&doc, &len);
		hz_tally_write_json(m, b->totals[0]);
		fclose(m);
		while (len > 0 && doc[len - 1] == '\n')
			len--;
		fwrite(doc, 1, len, out);
		free(doc);
	} else {
		fputs("null", out);
	}
	fputs("}\n", out);
	return ferror(out) ? -1 : 0;
}
