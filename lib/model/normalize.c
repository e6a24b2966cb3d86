/* normalize.c - hz-fmt --normalize: canonical dates, words and numbers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/date.h"
#include "hz/items.h"
#include "hz/normalize.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "record_int.h"

static char *date_text(hz_str cell, int flags)
{
	hz_date d;
	char buf[11];

	if (!hz_date_parse(cell, flags, &d))
		return NULL;
	hz_date_format(d, buf);
	return hz_xstrdup(buf);
}

static char *norm_date(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)r;
	return date_text(cell, f->key == HZ_K_DEADLINE ? HZ_DATE_ALLOW_BEFORE : 0);
}

struct joined {
	char *s;
	size_t len;
};

static void add_date_line(hz_str line, size_t index, void *arg)
{
	struct joined *j = arg;
	char *iso = hz_blank(line) ? NULL : date_text(line, 0);
	hz_str part = iso ? hz_str_c(iso) : line;

	j->s = realloc(j->s, j->len + part.n + 2);
	if (!j->s)
		hz_out_of_memory();
	if (index > 0)
		j->s[j->len++] = '\n';
	memcpy(j->s + j->len, part.s, part.n);
	j->len += part.n;
	j->s[j->len] = '\0';
	free(iso);
}

static char *norm_dates(const hz_field *f, hz_str cell, const hz_record *r)
{
	struct joined j = { NULL, 0 };

	(void)f;
	(void)r;
	if (hz_lines(cell, add_date_line, &j) == 0) {
		free(j.s);
		return NULL;
	}
	return j.s;
}

static char *word(const char *canonical)
{
	return canonical ? hz_xstrdup(canonical) : NULL;
}

static char *norm_domain(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)f;
	(void)r;
	return word(hz_domain_canonical(cell));
}

static char *norm_level(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)f;
	(void)r;
	return word(hz_level_canonical(cell));
}

static char *norm_stage(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)f;
	(void)r;
	return word(hz_stage_canonical(cell));
}

static char *norm_source(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)f;
	(void)r;
	return word(hz_source_canonical(cell));
}

static char *norm_flag(const hz_field *f, hz_str cell, const hz_record *r)
{
	bool yes;

	(void)f;
	(void)r;
	if (!hz_flag_parse(cell, &yes))
		return NULL;
	return word(yes ? "是" : "否");
}

static char *norm_listed(const hz_field *f, hz_str cell, const hz_record *r)
{
	char *s = norm_flag(f, cell, r);

	return s ? s : date_text(cell, 0);
}

static char *norm_amount(const hz_field *f, hz_str cell, const hz_record *r)
{
	hz_amount a;
	char buf[32];
	int n;

	(void)f;
	(void)r;
	if (!hz_amount_parse(cell, &a))
		return NULL;
	n = hz_amount_format(a, buf);
	return hz_xstrndup(buf, (size_t)n);
}

static char *norm_count(const hz_field *f, hz_str cell, const hz_record *r)
{
	long v;
	char buf[32];
	int n;

	(void)f;
	(void)r;
	if (!hz_count_parse(cell, &v))
		return NULL;
	n = snprintf(buf, sizeof buf, "%ld", v);
	return hz_xstrndup(buf, (size_t)n);
}

/* 其中: a count for 3.8, an amount for 4.5, as the record's item says. */
static char *norm_sub(const hz_field *f, hz_str cell, const hz_record *r)
{
	const hz_item *it = r ? hz_activity_item(hz_get(r, HZ_K_ITEM)) : NULL;

	if (!it)
		return NULL;
	if (it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT)
		return norm_amount(f, cell, r);
	if (it->agg2 == HZ_AGG2_SUM_SUB_COUNT)
		return norm_count(f, cell, r);
	return NULL;
}

/* The office's vocabularies, told by the field's kind. */
static char *norm_office_word(const hz_field *f, hz_str cell, const hz_record *r)
{
	(void)r;
	switch (f->kind) {
	case HZ_KIND_REVIEW:
		return word(hz_review_canonical(cell));
	case HZ_KIND_LISTING_LEVEL:
		return word(hz_listing_level_canonical(cell));
	case HZ_KIND_NOTICE_KIND:
		return word(hz_notice_kind_canonical(cell));
	case HZ_KIND_CHANNEL:
		return word(hz_channel_canonical(cell));
	case HZ_KIND_FINDING:
		return word(hz_finding_canonical(cell));
	default:
		return NULL;
	}
}

typedef char *(*normalizer)(const hz_field *, hz_str, const hz_record *);

/* One normaliser a kind; NULL: the kind is never rewritten. */
static const normalizer by_kind[] = {
	[HZ_KIND_TEXT] = NULL,
	[HZ_KIND_ID] = norm_count,
	[HZ_KIND_DATE] = norm_date,
	[HZ_KIND_DATES] = norm_dates,
	[HZ_KIND_LINES] = NULL,
	[HZ_KIND_DOMAIN] = norm_domain,
	[HZ_KIND_LEVEL] = norm_level,
	[HZ_KIND_STAGE] = norm_stage,
	[HZ_KIND_SOURCE] = norm_source,
	[HZ_KIND_LISTED] = norm_listed,
	[HZ_KIND_FLAG] = norm_flag,
	[HZ_KIND_AMOUNT] = norm_amount,
	[HZ_KIND_COUNT] = norm_count,
	[HZ_KIND_SUB] = norm_sub,
	[HZ_KIND_ITEM] = NULL,
	[HZ_KIND_LIST] = NULL,
	[HZ_KIND_REVIEW] = norm_office_word,
	[HZ_KIND_LISTING_LEVEL] = norm_office_word,
	[HZ_KIND_NOTICE_KIND] = norm_office_word,
	[HZ_KIND_CHANNEL] = norm_office_word,
	[HZ_KIND_FINDING] = norm_office_word,
};

char *hz_normalize_cell(const hz_field *f, hz_str cell, const hz_record *r)
{
	char *s;

	if (!f || !cell.s || hz_blank(cell) ||
	    (size_t)f->kind >= sizeof by_kind / sizeof by_kind[0] || !by_kind[f->kind])
		return NULL;
	s = by_kind[f->kind](f, cell, r);
	if (s && strlen(s) == cell.n && memcmp(s, cell.s, cell.n) == 0) {
		free(s);
		return NULL;
	}
	return s;
}

size_t hz_normalize_record(hz_record *r)
{
	size_t changed = 0;

	if (!r->schema)
		return 0;
	for (size_t c = 0; c < r->ncells && c < r->schema->ncols; c++) {
		hz_key k = r->schema->keys[c];
		const hz_field *f;
		char *s;

		if (k == HZ_K_NONE)
			continue;
		f = hz_field_of(r->schema->type, k);
		s = hz_normalize_cell(f, r->cells[c], r);
		if (s) {
			hz_record_set_cell(r, c, s, strlen(s));
			free(s);
			changed++;
		}
	}
	return changed;
}
