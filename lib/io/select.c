/* select.c - the conditions of --where, checked on each record read */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/date.h"
#include "hz/i18n.h"
#include "hz/select.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "record_int.h"

typedef enum op {
	OP_EQ,
	OP_NE,
	OP_CONTAINS,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
} op;

/* The operators as written, longest first where one begins another. */
static const struct {
	const char *text;
	op op;
} ops[] = {
	{ "!=", OP_NE },      { "<=", OP_LE }, { ">=", OP_GE }, { "=", OP_EQ },
	{ "~", OP_CONTAINS }, { "<", OP_LT },  { ">", OP_GT },
};

/* How a field's kind compares for = and !=: a vocabulary by its canonical
 * word, a date by day, a flag by yes or no, an id by number; any other
 * kind by its trimmed text. One row a kind that is not plain text. */
typedef enum compare { CMP_TEXT, CMP_WORD, CMP_DATE, CMP_FLAG, CMP_NUMBER } compare;

static const struct {
	hz_kind kind;
	compare cmp;
	const char *(*canonical)(hz_str cell);
	bool closed; /* a word outside the vocabulary is a usage error */
} kinds[] = {
	{ HZ_KIND_DOMAIN, CMP_WORD, hz_domain_canonical, false }, /* --domains adds words */
	{ HZ_KIND_LEVEL, CMP_WORD, hz_level_canonical, true },
	{ HZ_KIND_STAGE, CMP_WORD, hz_stage_canonical, true },
	{ HZ_KIND_SOURCE, CMP_WORD, hz_source_canonical, true },
	{ HZ_KIND_DATE, CMP_DATE, NULL, false },
	{ HZ_KIND_DATES, CMP_DATE, NULL, false },
	{ HZ_KIND_LISTED, CMP_FLAG, NULL, false }, /* a date there means yes */
	{ HZ_KIND_FLAG, CMP_FLAG, NULL, false },
	{ HZ_KIND_ID, CMP_NUMBER, NULL, false },
	{ HZ_KIND_COUNT, CMP_NUMBER, NULL, false },
};

typedef struct cond {
	hz_key key;
	op op;
	hz_kind kind;
	compare cmp;
	const char *(*canonical)(hz_str cell);
	char *value; /* trimmed */
	size_t n;
	const char *word; /* CMP_WORD: the value's canonical word, if any */
	hz_date day;      /* the value as a date (CMP_DATE, LISTED by date) */
	bool is_date;
	bool yes;    /* CMP_FLAG: the value as a flag */
	long number; /* CMP_NUMBER */
	bool is_number;
} cond;

struct hz_select {
	cond *c;
	size_t n;
};

hz_select *hz_select_new(void)
{
	hz_select *s = calloc(1, sizeof *s);

	if (!s)
		hz_out_of_memory();
	return s;
}

size_t hz_select_count(const hz_select *s)
{
	return s ? s->n : 0;
}

void hz_select_free(hz_select *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->c[i].value);
	free(s->c);
	free(s);
}

/* The kind of key k in the first type that has it (a key means the same
 * in every type). */
static hz_kind kind_of(hz_key k)
{
	for (hz_type t = 0; t < HZ_TYPE_COUNT; t++) {
		const hz_field *f = hz_field_of(t, k);
		if (f)
			return f->kind;
	}
	return HZ_KIND_TEXT;
}

/* A date field may end in 前 (a deadline): parsed the way its column is. */
static bool cell_date(hz_str v, hz_date *d)
{
	return hz_date_parse(v, HZ_DATE_ALLOW_BEFORE, d);
}

/* The latest date of a cell (one date a line, as 整改进展时间 holds). */
static bool latest_date(hz_str v, hz_kind kind, hz_date *out)
{
	if (kind != HZ_KIND_DATES)
		return cell_date(v, out);
	bool any = false;
	size_t n = hz_line_count(v);
	for (size_t i = 0; i < n; i++) {
		hz_date d;
		if (cell_date(hz_line_at(v, i), &d) && (!any || d > *out)) {
			*out = d;
			any = true;
		}
	}
	return any;
}

static int usage(char *err, size_t cap, const char *expr, const char *why)
{
	snprintf(err, cap, HZ_("--where: '%s': %s"), expr, why);
	return -1;
}

int hz_select_add(hz_select *s, const char *expr, char *err, size_t errcap)
{
	size_t at = strcspn(expr, "!<>=~");
	cond c = { .key = HZ_K_NONE };
	char why[256];

	if (expr[at] == '\0')
		return usage(err, errcap, expr,
		             HZ_("no operator (FIELD=VALUE, FIELD!=VALUE, FIELD~TEXT, "
		                 "FIELD<DATE, FIELD<=DATE, FIELD>DATE, FIELD>=DATE)"));
	size_t oplen = 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0] && !oplen; i++)
		if (strncmp(expr + at, ops[i].text, strlen(ops[i].text)) == 0) {
			c.op = ops[i].op;
			oplen = strlen(ops[i].text);
		}
	if (!oplen) /* a '!' not before '=' */
		return usage(err, errcap, expr, HZ_("'!' goes only in '!='"));
	hz_str field = hz_trim((hz_str){ expr, at });
	if (field.n == 0)
		return usage(err, errcap, expr, HZ_("no field before the operator"));
	c.key = hz_match_header(HZ_TYPE_UNKNOWN, field);
	if (c.key == HZ_K_NONE) {
		snprintf(why, sizeof why,
		         HZ_("no field '%.*s' (an English key, a Chinese header or an alias)"),
		         (int)field.n, field.s);
		return usage(err, errcap, expr, why);
	}
	hz_str value = hz_trim(hz_str_c(expr + at + oplen));
	c.kind = kind_of(c.key);
	c.cmp = CMP_TEXT;
	bool closed = false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == c.kind) {
			c.cmp = kinds[i].cmp;
			c.canonical = kinds[i].canonical;
			closed = kinds[i].closed;
		}
	c.is_date = value.n > 0 && hz_date_parse(value, 0, &c.day);
	if (c.op >= OP_LT && c.cmp == CMP_NUMBER) {
		if (!hz_count_parse(value, &c.number)) {
			snprintf(why, sizeof why, HZ_("'%.*s' is not a whole number"), (int)value.n,
			         value.s);
			return usage(err, errcap, expr, why);
		}
		c.is_number = true;
	} else if (c.op >= OP_LT) {
		if (c.cmp != CMP_DATE && c.kind != HZ_KIND_LISTED) {
			snprintf(why, sizeof why,
			         HZ_("'%s' is neither a date nor a number field: '<', '<=', "
			             "'>' and '>=' compare dates and numbers"),
			         hz_key_name(c.key));
			return usage(err, errcap, expr, why);
		}
		if (!c.is_date) {
			snprintf(why, sizeof why, HZ_("'%.*s' is not a date (use YYYY-MM-DD)"),
			         (int)value.n, value.s);
			return usage(err, errcap, expr, why);
		}
	} else if (c.op != OP_CONTAINS && value.n > 0) {
		if (c.cmp == CMP_WORD) {
			c.word = c.canonical(value);
			if (!c.word && closed) {
				snprintf(why, sizeof why, HZ_("'%.*s' is not a word of %s"),
				         (int)value.n, value.s, hz_field_header(HZ_HAZARD, c.key));
				return usage(err, errcap, expr, why);
			}
		} else if (c.cmp == CMP_DATE && !c.is_date) {
			snprintf(why, sizeof why, HZ_("'%.*s' is not a date (use YYYY-MM-DD)"),
			         (int)value.n, value.s);
			return usage(err, errcap, expr, why);
		} else if (c.cmp == CMP_FLAG && !hz_flag_parse(value, &c.yes) &&
		           !(c.kind == HZ_KIND_LISTED && c.is_date)) {
			snprintf(why, sizeof why, HZ_("'%.*s' is neither 是 nor 否"), (int)value.n,
			         value.s);
			return usage(err, errcap, expr, why);
		} else if (c.cmp == CMP_NUMBER) {
			c.is_number = hz_count_parse(value, &c.number);
		}
	}
	c.value = hz_xrealloc(NULL, value.n + 1);
	memcpy(c.value, value.s, value.n);
	c.value[value.n] = '\0';
	c.n = value.n;
	s->c = hz_xrealloc(s->c, (s->n + 1) * sizeof *s->c);
	s->c[s->n++] = c;
	return 0;
}

/* = for one condition's kind: how the cell and the value compare. */
static bool equal(const cond *c, hz_str cell)
{
	hz_str t = hz_trim(cell);
	hz_date d;
	bool yes;
	long n;

	if (c->n == 0 || t.n == 0)
		return c->n == t.n;
	switch (c->cmp) {
	case CMP_WORD:
		if (c->word) {
			const char *w = c->canonical(t);
			if (w)
				return strcmp(w, c->word) == 0;
		}
		break;
	case CMP_DATE:
		return latest_date(t, c->kind, &d) && d == c->day;
	case CMP_FLAG:
		if (c->kind == HZ_KIND_LISTED && c->is_date)
			return cell_date(t, &d) && d == c->day;
		if (hz_flag_parse(t, &yes))
			return yes == c->yes;
		if (c->kind == HZ_KIND_LISTED && cell_date(t, &d))
			return c->yes; /* listed on that day */
		break;
	case CMP_NUMBER:
		if (c->is_number && hz_count_parse(t, &n))
			return n == c->number;
		break;
	case CMP_TEXT:
		break;
	}
	return t.n == c->n && memcmp(t.s, c->value, c->n) == 0;
}

static bool holds(const cond *c, const hz_record *r)
{
	hz_str v = hz_get(r, c->key);
	hz_date d;

	if (!v.s)
		v = (hz_str){ "", 0 };
	switch (c->op) {
	case OP_EQ:
		return equal(c, v);
	case OP_NE:
		return !equal(c, v);
	case OP_CONTAINS:
		return c->n == 0 || (v.n >= c->n && memmem(v.s, v.n, c->value, c->n) != NULL);
	default:
		break;
	}
	long have, want = c->number;
	if (c->cmp == CMP_NUMBER) {
		if (!hz_count_parse(hz_trim(v), &have))
			return false;
	} else if (latest_date(hz_trim(v), c->kind, &d)) {
		have = d;
		want = c->day;
	} else {
		return false;
	}
	switch (c->op) {
	case OP_LT:
		return have < want;
	case OP_LE:
		return have <= want;
	case OP_GT:
		return have > want;
	default:
		return have >= want;
	}
}

bool hz_select_match(const hz_select *s, const hz_record *r)
{
	for (size_t i = 0; i < s->n; i++)
		if (!holds(&s->c[i], r))
			return false;
	return true;
}
