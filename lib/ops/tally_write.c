/* tally_write.c - a tally as the printed form, CSV rows or a JSON document */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/excel.h"
#include "hz/items.h"
#include "hz/tally.h"
#include "hz/text.h"
#include "hz/writer.h"

#define TITLE "城中区重大事故隐患专项排查整治2023行动进展情况调度表"

/* ---- tally documents: writing ---- */

static bool value_is_amount(const hz_item *it)
{
	return it->agg == HZ_AGG_SUM_AMOUNT;
}

static bool value2_is_amount(const hz_item *it)
{
	return it->agg2 == HZ_AGG2_SUM_AMOUNT || it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT;
}

/* A value as text: a count, an exact amount, or 是/否 (json: true/false). */
static const char *number_text(int64_t v, bool amount, char buf[32])
{
	if (amount)
		hz_amount_format(v, buf);
	else
		snprintf(buf, 32, "%" PRId64, v);
	return buf;
}

static const char *value_text(const hz_item *it, int64_t v, bool json, char buf[32])
{
	if (it->agg == HZ_AGG_LATEST_FLAG)
		return json ? (v ? "true" : "false") : (v ? "是" : "否");
	return number_text(v, value_is_amount(it), buf);
}

int hz_tally_write_json(FILE *out, const hz_tally *t)
{
	const hz_item *items = hz_items(NULL);
	char buf[32], day[11];

	fputs("{\"unit\":", out);
	if (t->unit[0])
		hz_json_put_string(out, t->unit, strlen(t->unit));
	else
		fputs("null", out); /* unnamed: no --unit, no reporter */
	hz_date_format(t->as_of, day);
	fprintf(out, ",\"as_of\":\"%s\",\"since\":", day);
	if (t->has_since) {
		hz_date_format(t->since, day);
		fprintf(out, "\"%s\"", day);
	} else {
		fputs("null", out);
	}
	fprintf(out, ",\"skipped\":%ld,\"unsourced\":%ld,\"items\":[", t->skipped, t->unsourced);
	for (size_t i = 0; i < t->nitems; i++) {
		fprintf(out, "%s{\"code\":\"%s\",\"value\":%s", i ? "," : "", items[i].code,
		        value_text(&items[i], t->value[i], true, buf));
		if (items[i].agg2 != HZ_AGG2_NONE)
			fprintf(out, ",\"value2\":%s",
			        number_text(t->value2[i], value2_is_amount(&items[i]), buf));
		putc('}', out);
	}
	fputs("]}\n", out);
	return ferror(out) ? -1 : 0;
}

static const hz_section *section_of(int number)
{
	size_t n;
	const hz_section *s = hz_sections(&n);

	for (size_t i = 0; i < n; i++)
		if (s[i].number == number)
			return &s[i];
	return NULL;
}

static void csv_cell(FILE *out, const char *s, bool last, const hz_tally_write_opts *o)
{
	hz_csv_put_cell(out, s, strlen(s), ',');
	if (!last)
		putc(',', out);
	else
		fputs(o->crlf ? "\r\n" : "\n", out);
}

int hz_tally_write_csv_header(FILE *out, const hz_tally_write_opts *o)
{
	static const char *const zh[] = {
		"单位名称", "截至日期", "编号", "栏目", "项目", "计量单位", "数值", "数值2",
	};
	static const char *const en[] = {
		"unit", "as_of", "code", "section", "label", "measure", "value", "value2",
	};
	const char *const *h = o->english ? en : zh;
	size_t n = sizeof zh / sizeof zh[0];

	if (o->bom)
		fputs("\xef\xbb\xbf", out);
	for (size_t i = 0; i < n; i++)
		csv_cell(out, h[i], i + 1 == n, o);
	return ferror(out) ? -1 : 0;
}

int hz_tally_write_csv(FILE *out, const hz_tally *t, const hz_tally_write_opts *o)
{
	const hz_item *items = hz_items(NULL);
	char day[11], buf[32], buf2[32];
	/* The unit is the one cell a user wrote (a 填报单位): the only one
	 * that can start like a formula. */
	const char *guard = hz_excel_guard(hz_str_c(t->unit), false);
	char *guarded = NULL;

	if (o->excel) {
		guarded = malloc(strlen(guard) + strlen(t->unit) + 1);
		if (!guarded)
			return -1;
		strcpy(guarded, guard);
		strcat(guarded, t->unit);
	}
	hz_date_format(t->as_of, day);
	for (size_t i = 0; i < t->nitems; i++) {
		const hz_item *it = &items[i];
		const hz_section *s = section_of(it->section);

		csv_cell(out, o->excel ? guarded : t->unit, false, o);
		csv_cell(out, day, false, o);
		csv_cell(out, it->code, false, o);
		/* --lang sets the header's language only (hz(1)): the cells
		 * keep the form's own words, so both read back the same */
		csv_cell(out, s ? s->title : "", false, o);
		csv_cell(out, it->label, false, o);
		csv_cell(out, it->measure, false, o);
		csv_cell(out, value_text(it, t->value[i], false, buf), false, o);
		csv_cell(out,
		         it->agg2 == HZ_AGG2_NONE
		                 ? ""
		                 : number_text(t->value2[i], value2_is_amount(it), buf2),
		         true, o);
	}
	free(guarded);
	return ferror(out) ? -1 : 0;
}

/* ---- the printed form ---- */

static size_t width(const char *s)
{
	return hz_display_width(s, strlen(s));
}

static void pad(FILE *out, size_t n)
{
	while (n-- > 0)
		putc(' ', out);
}

/* The value column: "3", "是", "2, 1.5" where the item has a value2. */
static const char *cell_text(const hz_tally *t, size_t i, char buf[80])
{
	const hz_item *it = &hz_items(NULL)[i];
	char a[32], b[32];

	const char *v = value_text(it, t->value[i], false, a);

	if (it->agg2 == HZ_AGG2_NONE)
		snprintf(buf, 80, "%s", v);
	else
		snprintf(buf, 80, "%s, %s", v, number_text(t->value2[i], value2_is_amount(it), b));
	return buf;
}

/* 整改率 beside a "rectified" item: rectified / found by the item of the
 * same filter, as a percentage to one place; "-" when nothing was found. */
static void rate(FILE *out, const hz_tally *t, size_t i)
{
	const hz_item *items = hz_items(NULL);
	int64_t found = -1, done = t->value[i], permille;

	for (size_t j = 0; j < t->nitems; j++)
		if (items[j].agg == HZ_AGG_HAZARD_FOUND &&
		    items[j].hazard_filter == items[i].hazard_filter)
			found = t->value[j];
	if (found <= 0) {
		fputs("  整改率 -", out);
		return;
	}
	if (done > found)
		done = found;
	/* Rounded half up, in integers: no floating point in a report. */
	permille = (done * 1000 + found / 2) / found;
	fprintf(out, "  整改率 %" PRId64 ".%" PRId64 "%%", permille / 10, permille % 10);
}

int hz_tally_write_table(FILE *out, const hz_tally *t, const hz_tally_write_opts *o)
{
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八" };
	const hz_item *items = hz_items(NULL);
	size_t wcode = 0, wlabel = 0, wmeasure = 0, wvalue = 0;
	int section = 0;
	char buf[80], day[11];

	(void)o;
	for (size_t i = 0; i < t->nitems; i++) {
		size_t w;

		if ((w = width(items[i].code)) > wcode)
			wcode = w;
		if ((w = width(items[i].label)) > wlabel)
			wlabel = w;
		if ((w = width(items[i].measure)) > wmeasure)
			wmeasure = w;
		if ((w = width(cell_text(t, i, buf))) > wvalue)
			wvalue = w;
	}
	fprintf(out, "%s\n", TITLE);
	fprintf(out, "单位名称：%s\n", t->unit);
	hz_date_format(t->as_of, day);
	fprintf(out, "截至日期：%s\n", day);
	if (t->has_since) {
		hz_date_format(t->since, day);
		fprintf(out, "起始日期：%s\n", day);
	}
	for (size_t i = 0; i < t->nitems; i++) {
		const hz_item *it = &items[i];

		if (it->section != section) {
			const hz_section *s = section_of(it->section);

			section = it->section;
			fputc('\n', out);
			if (section >= 1 && section <= 8)
				fprintf(out, "%s、", numerals[section - 1]);
			fprintf(out, "%s\n", s ? s->title : "");
		}
		fprintf(out, "  %s", it->code);
		pad(out, wcode - width(it->code) + 2);
		fputs(it->label, out);
		pad(out, wlabel - width(it->label) + 2);
		fputs(it->measure, out);
		cell_text(t, i, buf);
		pad(out, wmeasure - width(it->measure) + 2 + wvalue - width(buf));
		fputs(buf, out);
		if (it->agg == HZ_AGG_HAZARD_RECTIFIED)
			rate(out, t, i);
		fputc('\n', out);
	}
	if (t->unsourced > 0 || t->skipped > 0)
		fputc('\n', out);
	if (t->unsourced > 0)
		fprintf(out, "注：%ld 个隐患未填写隐患来源或来源无法识别，未计入 1.1–1.4。\n",
		        t->unsourced);
	if (t->skipped > 0)
		fprintf(out, "注：%ld 条记录无法统计，已跳过（见警告）。\n", t->skipped);
	return ferror(out) ? -1 : 0;
}
