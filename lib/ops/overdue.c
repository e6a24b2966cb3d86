/* overdue.c - the selection behind hz-overdue: overdue, due soon, late (hz-overdue(1)) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/fields.h"
#include "hz/hazard.h"
#include "hz/overdue.h"
#include "hz/rules.h"
#include "hz/text.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "record_int.h"

static const char *const status_words[HZ_OD_STATUS_COUNT] = {
	[HZ_OD_NONE] = "",         [HZ_OD_OVERDUE] = "超期",      [HZ_OD_DUE_SOON] = "临期",
	[HZ_OD_LATE] = "逾期完成", [HZ_OD_UNREVIEWED] = "待复查", [HZ_OD_UNANSWERED] = "超期未回复",
};

const char *hz_overdue_status_word(hz_overdue_status s)
{
	return s < HZ_OD_STATUS_COUNT ? status_words[s] : "";
}

void hz_overdue_opts_init(hz_overdue_opts *o, hz_date as_of)
{
	memset(o, 0, sizeof *o);
	o->as_of = as_of;
	o->within = -1;
	o->unreviewed = -1;
}

static const char *header_of(hz_key k)
{
	return hz_field_header(HZ_HAZARD, k);
}

/* A date field that must hold a date: false after naming it on d. */
static bool need_date(const hz_record *r, hz_key k, int flags, hz_diag *d, hz_date *out)
{
	hz_str v = hz_get(r, k);
	hz_quoted q;

	if (v.s)
		v = hz_trim(v);
	if (v.s && hz_date_parse(v, flags, out))
		return true;
	if (!d)
		return false;
	if (!v.s || v.n == 0)
		hz_diag_record(d, r, HZ_RULE_REQUIRED, k, "%s is empty, not checked for deadlines",
		               header_of(k));
	else if (hz_date_excel_serial(v, out)) {
		char day[11];
		hz_date_format(*out, day);
		hz_diag_record(d, r, HZ_RULE_BAD_DATE, k,
		               "%s '%s' is not a date, not checked for deadlines; as an Excel day "
		               "number it is %s",
		               header_of(k), hz_quote(v, &q), day);
	} else
		hz_diag_record(d, r, HZ_RULE_BAD_DATE, k,
		               "%s '%s' is not a date, not checked for deadlines", header_of(k),
		               hz_quote(v, &q));
	return false;
}

/* The effective deadline (hz_hazard_effective_deadline, tally's too), after
 * naming every bad date that takes part in it: a filled deadline must be a
 * date even when an extension replaces it. */
static bool deadline_of(const hz_record *r, hz_diag *d, hz_overdue_hit *hit)
{
	hz_date day;
	bool has_ext = hz_filled(r, HZ_K_EXTENSION);
	bool ok = true;

	if (!has_ext || hz_filled(r, HZ_K_DEADLINE))
		ok = need_date(r, HZ_K_DEADLINE, HZ_DATE_ALLOW_BEFORE, d, &day);
	if (has_ext && !need_date(r, HZ_K_EXTENSION, 0, d, &day))
		ok = false;
	if (!ok)
		return false;
	hit->extended = has_ext;
	return hz_hazard_effective_deadline(r, &hit->deadline);
}

static bool select_late(const hz_overdue_opts *o, const hz_record *r, hz_overdue_hit *hit)
{
	hz_date done;

	/* Rectified with no day (已整改, done_date empty) cannot be late. */
	if (!hz_hazard_rectified_by(r, o->as_of) || !hz_filled(r, HZ_K_DONE_DATE) ||
	    !hz_date_parse(hz_get(r, HZ_K_DONE_DATE), 0, &done) || done <= hit->deadline)
		return false;
	hit->status = HZ_OD_LATE;
	hit->done = done;
	hit->days = (long)done - hit->deadline;
	return true;
}

static bool select_open(const hz_overdue_opts *o, const hz_record *r, hz_overdue_hit *hit)
{
	long ahead = (long)hit->deadline - o->as_of;

	if (hz_hazard_rectified_by(r, o->as_of))
		return false;
	if (ahead < 0)
		hit->status = HZ_OD_OVERDUE;
	else if (o->within >= 0 && ahead <= o->within)
		hit->status = HZ_OD_DUE_SOON;
	else
		return false;
	hit->days = -ahead;
	return true;
}

/* 待复查: rectified on a known day more than N days before A, stage not
 * yet 已销号, and no 复查 recorded. */
static bool select_unreviewed(const hz_overdue_opts *o, const hz_record *r, hz_overdue_hit *hit)
{
	hz_date done;

	if (hz_stage_of(hz_get(r, HZ_K_STAGE)) != HZ_STAGE_RECTIFIED ||
	    !hz_date_parse(hz_trim(hz_get(r, HZ_K_DONE_DATE)), 0, &done) || done > o->as_of ||
	    (long)o->as_of - done <= o->unreviewed || hz_filled(r, HZ_K_REVIEW_DATE))
		return false;
	hit->status = HZ_OD_UNREVIEWED;
	hit->done = done;
	hit->days = (long)o->as_of - done;
	return true;
}

/* Each type that awaits an answer: when it was sent or received. */
static const struct {
	hz_type type;
	hz_key since;
} answered[] = {
	{ HZ_NOTICE, HZ_K_ISSUED },
	{ HZ_TIP, HZ_K_RECEIVED },
};

/* A notice or tip past its reply day without a reply (超期未回复). */
static bool select_unanswered(const hz_overdue_opts *o, const hz_record *r, hz_overdue_hit *hit)
{
	hz_date since, by;

	for (size_t i = 0; i < sizeof answered / sizeof answered[0]; i++) {
		if (answered[i].type != r->schema->type)
			continue;
		if (o->late || o->listed || o->unreviewed >= 0 || hz_filled(r, HZ_K_REPLIED) ||
		    !hz_date_parse(hz_trim(hz_get(r, HZ_K_REPLY_BY)), 0, &by) || by >= o->as_of ||
		    (hz_date_parse(hz_trim(hz_get(r, answered[i].since)), 0, &since) &&
		     since > o->as_of))
			return false;
		hit->status = HZ_OD_UNANSWERED;
		hit->deadline = by;
		hit->days = (long)o->as_of - by;
		return true;
	}
	return false;
}

bool hz_overdue_check(const hz_overdue_opts *o, const hz_record *r, hz_diag *d, hz_overdue_hit *hit)
{
	hz_date found;

	memset(hit, 0, sizeof *hit);
	if (r->schema && r->schema->type != HZ_HAZARD)
		return select_unanswered(o, r, hit);
	if (!r->schema)
		return false;
	if (o->unreviewed >= 0) {
		if (!need_date(r, HZ_K_CHECK_DATE, 0, d, &found) || found > o->as_of)
			return false;
		hit->extended = hz_filled(r, HZ_K_EXTENSION) &&
		                hz_hazard_effective_deadline(r, &hit->deadline);
		if (!hit->extended)
			(void)hz_hazard_effective_deadline(r, &hit->deadline);
		return select_unreviewed(o, r, hit);
	}
	if (!need_date(r, HZ_K_CHECK_DATE, 0, d, &found) || found > o->as_of)
		return false;
	if (!deadline_of(r, d, hit))
		return false;
	if (o->listed && !hz_hazard_listed_by(r, o->as_of))
		return false;
	if (o->late ? select_late(o, r, hit) : select_open(o, r, hit))
		return true;
	hit->status = HZ_OD_NONE;
	return false;
}

void hz_overdue_extras(const hz_overdue_hit *hit, hz_extra extra[HZ_OVERDUE_EXTRAS], char buf[32])
{
	snprintf(buf, 32, "%ld", hit->days);
	extra[0] =
	        (hz_extra){ .header = "超期天数", .key = "days_overdue", .text = buf, .json = buf };
	extra[1] = (hz_extra){ .header = "状态",
		               .key = "status",
		               .text = hz_overdue_status_word(hit->status),
		               .json = NULL };
}

/* Earlier runs' fields: the columns a view leaves out. */

static const char *const added_names[] = { "超期天数", "days_overdue", "状态", "status" };

static bool added_column(const hz_schema *s, size_t c)
{
	char name[64];

	if (s->keys[c] != HZ_K_NONE)
		return false;
	hz_header_fold(hz_str_c(s->names[c]), name, sizeof name);
	for (size_t i = 0; i < sizeof added_names / sizeof added_names[0]; i++)
		if (strcmp(name, added_names[i]) == 0)
			return true;
	return false;
}

struct hz_overdue_view {
	hz_schema *from; /* the last input schema seen (a reference) */
	hz_schema *to;   /* it without the added columns; NULL if none */
	bool *drop;      /* the columns of from left out */
	hz_record *out;
};

hz_overdue_view *hz_overdue_view_new(void)
{
	hz_overdue_view *v = calloc(1, sizeof *v);

	if (!v)
		hz_out_of_memory();
	return v;
}

/* The schema without the added columns (marked in drop), or NULL when s
 * has none. */
static hz_schema *strip_schema(const hz_schema *s, bool *drop)
{
	hz_schema *t;
	bool any = false;

	for (size_t c = 0; c < s->ncols; c++)
		any |= drop[c] = added_column(s, c);
	if (!any)
		return NULL;
	t = hz_schema_new(s->type);
	for (size_t c = 0; c < s->ncols; c++)
		if (!drop[c])
			hz_schema_add(t, s->names[c], strlen(s->names[c]), s->keys[c]);
	if (s->reporter && (t->reporter = strdup(s->reporter)) == NULL)
		hz_out_of_memory();
	return t;
}

const hz_record *hz_overdue_view_of(hz_overdue_view *v, const hz_record *r)
{
	if (!r->schema)
		return r;
	if (r->schema != v->from) {
		bool *drop = calloc(r->schema->ncols + 1, sizeof *drop);
		if (!drop)
			hz_out_of_memory();
		/* The new schema is made before the old one goes, so it never
		 * takes its address (the writer remembers the last it saw). */
		hz_schema *to = strip_schema(r->schema, drop);
		hz_schema_unref(v->to);
		hz_schema_unref(v->from);
		free(v->drop);
		v->from = hz_schema_ref(r->schema);
		v->to = to;
		v->drop = drop;
	}
	if (!v->to)
		return r;
	if (!v->out)
		v->out = hz_record_new(v->to);
	hz_record_set_schema(v->out, v->to);
	hz_record_clear(v->out);
	for (size_t c = 0; c < r->schema->ncols; c++) {
		if (v->drop[c])
			continue;
		if (c < r->ncells)
			hz_record_push(v->out, r->cells[c].s, r->cells[c].n);
		else
			hz_record_push(v->out, "", 0);
	}
	v->out->place = r->place;
	v->out->flags = r->flags;
	return v->out;
}

void hz_overdue_view_free(hz_overdue_view *v)
{
	if (!v)
		return;
	hz_record_free(v->out);
	hz_schema_unref(v->to);
	hz_schema_unref(v->from);
	free(v->drop);
	free(v);
}

/* A cell on one line: trimmed, its line breaks and tabs as spaces. */
static void put_inline(FILE *out, hz_str v)
{
	if (!v.s)
		return;
	v = hz_trim(v);
	for (size_t i = 0; i < v.n; i++) {
		char c = v.s[i];

		if (c == '\r' && i + 1 < v.n && v.s[i + 1] == '\n')
			continue;
		fputc(c == '\r' || c == '\n' || c == '\t' ? ' ' : c, out);
	}
}

static bool blank(const hz_record *r, hz_key k)
{
	return !hz_filled(r, k);
}

/* "超期 15 天", "临期，还剩 3 天", "逾期完成，晚 5 天". */
static void put_status(FILE *out, const hz_overdue_hit *hit)
{
	fputs(hz_overdue_status_word(hit->status), out);
	switch (hit->status) {
	case HZ_OD_OVERDUE:
		fprintf(out, " %ld 天", hit->days);
		break;
	case HZ_OD_DUE_SOON:
		if (hit->days == 0)
			fputs("，今天到期", out);
		else
			fprintf(out, "，还剩 %ld 天", -hit->days);
		break;
	case HZ_OD_LATE:
		fprintf(out, "，晚 %ld 天", hit->days);
		break;
	case HZ_OD_UNREVIEWED:
		fprintf(out, "，已完成 %ld 天", hit->days);
		break;
	default:
		break;
	}
}

/* 督促函 公安办督〔2023〕3号 → 公园社区：隐患整改滞后 — 超期未回复 5 天（回复期限 2023-06-10）
 * 举报 JB-1 [12345] 某某酒店：疏散通道堆物 — 超期未回复 5 天（答复期限 2023-06-15） */
static int unanswered_alert(FILE *out, const hz_record *r, const hz_overdue_hit *hit)
{
	bool notice = r->schema->type == HZ_NOTICE;
	hz_key who = notice ? HZ_K_TO : HZ_K_SUBJECT;
	char day[11];

	if (notice) {
		put_inline(out, hz_filled(r, HZ_K_KIND) ? hz_get(r, HZ_K_KIND) : hz_str_c("通知"));
		fputc(' ', out);
		put_inline(out, hz_get(r, HZ_K_DOC));
		fputs(" → ", out);
	} else {
		fputs("举报 ", out);
		put_inline(out, hz_get(r, HZ_K_ID));
		if (hz_filled(r, HZ_K_CHANNEL)) {
			fputs(" [", out);
			put_inline(out, hz_get(r, HZ_K_CHANNEL));
			fputc(']', out);
		}
		fputc(' ', out);
	}
	if (hz_filled(r, who)) {
		put_inline(out, hz_get(r, who));
		fputs("：", out);
	}
	put_inline(out, hz_get(r, HZ_K_CONTENT));
	fprintf(out, " — %s %ld 天", hz_overdue_status_word(hit->status), hit->days);
	hz_date_format(hit->deadline, day);
	fprintf(out, "（%s %s）\n", hz_field_header(r->schema->type, HZ_K_REPLY_BY), day);
	return ferror(out) ? -1 : 0;
}

int hz_overdue_alert(FILE *out, const hz_record *r, const hz_overdue_hit *hit)
{
	char day[11];

	if (hit->status == HZ_OD_UNANSWERED)
		return unanswered_alert(out, r, hit);
	hz_str domain = hz_get(r, HZ_K_DOMAIN);
	const char *canon = NULL;

	if (domain.s) {
		domain = hz_trim(domain);
		canon = hz_domain_canonical(domain);
	}

	if (!blank(r, HZ_K_ID)) {
		fputc('#', out);
		put_inline(out, hz_get(r, HZ_K_ID));
		fputc(' ', out);
	}
	if (domain.s && domain.n > 0) {
		fputc('[', out);
		put_inline(out, canon ? hz_str_c(canon) : domain);
		fputs("] ", out);
	}
	if (!blank(r, HZ_K_UNIT)) {
		put_inline(out, hz_get(r, HZ_K_UNIT));
		fputs("：", out);
	}
	if (blank(r, HZ_K_HAZARD))
		fputs("（隐患内容未填）", out);
	else
		put_inline(out, hz_get(r, HZ_K_HAZARD));
	fputs(" — ", out);
	put_status(out, hit);
	hz_date_format(hit->deadline, day);
	fprintf(out, "（%s %s", hit->extended ? "延期至" : "时限", day);
	if (hit->status == HZ_OD_LATE || hit->status == HZ_OD_UNREVIEWED) {
		hz_date_format(hit->done, day);
		fprintf(out, "，完成 %s", day);
	}
	/* An empty 责任人 is said, not hidden: it is one of the 五落实. */
	fputs("，责任人 ", out);
	if (blank(r, HZ_K_OWNER))
		fputs("未填", out);
	else
		put_inline(out, hz_get(r, HZ_K_OWNER));
	fputs("）\n", out);
	return ferror(out) ? -1 : 0;
}

/* --sort */

typedef struct entry {
	hz_record *r;
	hz_overdue_hit hit;
	size_t seq; /* input order, the last tie-break */
	bool has_id;
	long id;
} entry;

struct hz_overdue_list {
	entry *v;
	size_t n, cap;
	/* The file names the copies point to: a reader's own dies with it. */
	char **names;
	size_t nnames;
};

/* r's file name, kept by the list (files are read in turn: the last one
 * is nearly always the one). */
static const char *keep_name(hz_overdue_list *l, const char *name)
{
	if (!name)
		return NULL;
	if (l->nnames > 0 && strcmp(l->names[l->nnames - 1], name) == 0)
		return l->names[l->nnames - 1];
	l->names = realloc(l->names, (l->nnames + 1) * sizeof *l->names);
	if (!l->names || (l->names[l->nnames] = strdup(name)) == NULL)
		hz_out_of_memory();
	return l->names[l->nnames++];
}

hz_overdue_list *hz_overdue_list_new(void)
{
	hz_overdue_list *l = calloc(1, sizeof *l);

	if (!l)
		hz_out_of_memory();
	return l;
}

void hz_overdue_list_add(hz_overdue_list *l, const hz_record *r, const hz_overdue_hit *hit)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			hz_out_of_memory();
	}
	entry *e = &l->v[l->n];
	e->r = hz_record_copy(r);
	e->r->place.file = keep_name(l, r->place.file);
	e->hit = *hit;
	e->seq = l->n++;
	e->has_id = hz_count_parse(hz_get(r, HZ_K_ID), &e->id);
}

static int cmp_long(long a, long b)
{
	return (a > b) - (a < b);
}

/* Most overdue first; then by id (records without a numeric id after);
 * then input order, so the sort is stable. */
static int cmp_entry(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int c = cmp_long(b->hit.days, a->hit.days);

	if (c == 0)
		c = (int)b->has_id - (int)a->has_id;
	if (c == 0 && a->has_id)
		c = cmp_long(a->id, b->id);
	if (c == 0)
		c = (a->seq > b->seq) - (a->seq < b->seq);
	return c;
}

void hz_overdue_list_sort(hz_overdue_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_entry);
}

size_t hz_overdue_list_size(const hz_overdue_list *l)
{
	return l->n;
}

const hz_record *hz_overdue_list_get(const hz_overdue_list *l, size_t i, const hz_overdue_hit **hit)
{
	if (hit)
		*hit = &l->v[i].hit;
	return l->v[i].r;
}

void hz_overdue_list_free(hz_overdue_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		hz_record_free(l->v[i].r);
	for (size_t i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->names);
	free(l->v);
	free(l);
}

void hz_overdue_put_unit(FILE *out, const hz_record *r)
{
	if (!blank(r, HZ_K_REPORTER)) {
		fputc('[', out);
		put_inline(out, hz_trim(hz_get(r, HZ_K_REPORTER)));
		fputs("] ", out);
	}
}

int hz_overdue_alert_unit(FILE *out, const hz_record *r, const hz_overdue_hit *hit)
{
	hz_overdue_put_unit(out, r);
	return hz_overdue_alert(out, r, hit);
}

bool hz_overdue_first_listing(hz_strset *seen, const hz_record *r)
{
	hz_str unit = hz_trim(hz_get(r, HZ_K_REPORTER)), id = hz_trim(hz_get(r, HZ_K_ID));
	char num[32];
	long n;

	if (!id.s || id.n == 0)
		return true;
	if (hz_count_parse(id, &n)) {
		snprintf(num, sizeof num, "%ld", n);
		id = hz_str_c(num);
	}
	size_t len = (unit.s ? unit.n : 0) + 1 + id.n;
	char *key = hz_xrealloc(NULL, len);
	if (unit.s)
		memcpy(key, unit.s, unit.n);
	key[len - id.n - 1] = '\0'; /* a 填报单位 cannot hold a NUL: no two keys alike */
	memcpy(key + len - id.n, id.s, id.n);
	bool first = hz_strset_add(seen, key, len);
	free(key);
	return first;
}
