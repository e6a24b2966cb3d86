/* tally.c - the 调度表 computed from records by walking the item table (hz-tally(1)) */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/fields.h"
#include "hz/hazard.h"
#include "hz/items.h"
#include "hz/vocab.h"
#include "hz/strset.h"
#include "hz/tally.h"
#include "hz/text.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* Sums saturate instead of overflowing: absurd counts must not be UB. */
static int64_t add(int64_t a, int64_t b)
{
	int64_t s;

	if (__builtin_add_overflow(a, b, &s))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return s;
}

static bool blank(hz_str s)
{
	return s.s == NULL || hz_blank(s);
}

/* ---- tallies ---- */

hz_tally *hz_tally_new(const char *unit, hz_date as_of, const hz_date *since)
{
	hz_tally *t = hz_xcalloc(1, sizeof *t);

	hz_items(&t->nitems);
	t->value = hz_xcalloc(t->nitems, sizeof *t->value);
	t->value2 = hz_xcalloc(t->nitems, sizeof *t->value2);
	t->unit = hz_xstrndup(unit ? unit : "", unit ? strlen(unit) : 0);
	t->as_of = as_of;
	if (since) {
		t->has_since = true;
		t->since = *since;
	}
	return t;
}

void hz_tally_set_unit(hz_tally *t, const char *unit)
{
	free(t->unit);
	t->unit = hz_xstrndup(unit ? unit : "", unit ? strlen(unit) : 0);
}

void hz_tally_free(hz_tally *t)
{
	if (!t)
		return;
	free(t->unit);
	free(t->value);
	free(t->value2);
	free(t);
}

bool hz_tally_merge(hz_tally *into, const hz_tally *from, char *err, size_t errcap)
{
	const hz_item *items = hz_items(NULL);
	char a[11], b[11];

	if (into->as_of != from->as_of) {
		hz_date_format(into->as_of, a);
		hz_date_format(from->as_of, b);
		snprintf(err, errcap, HZ_("as_of %s differs from %s"), b, a);
		return false;
	}
	/* The merged window is the wider one: unbounded wins. */
	if (!from->has_since)
		into->has_since = false;
	else if (into->has_since && from->since < into->since)
		into->since = from->since;
	into->skipped = add(into->skipped, from->skipped);
	into->unsourced = add(into->unsourced, from->unsourced);
	for (size_t i = 0; i < into->nitems; i++) {
		if (items[i].agg == HZ_AGG_LATEST_FLAG)
			into->value[i] = into->value[i] || from->value[i];
		else
			into->value[i] = add(into->value[i], from->value[i]);
		into->value2[i] = add(into->value2[i], from->value2[i]);
	}
	return true;
}

/* ---- the streaming computation ---- */

/* 4.6 and 4.7: the record with the greatest date; a later one read wins ties. */
struct latest {
	bool has;
	hz_date date;
	int64_t value;
};

struct group {
	hz_tally *t;
	hz_strset **sets;      /* per item: the distinct names, NULL if not distinct */
	struct latest *latest; /* per item */
};

struct hz_tallier {
	hz_tally_opts o;
	hz_diag *d;
	const hz_item *items;
	size_t nitems;
	struct group *groups;
	size_t ngroups, cap;
	size_t *slots; /* reporter -> group index + 1; 0 is empty */
	size_t nslots;
	size_t last; /* the group of the previous record */
	hz_tally **out;
	size_t nout;
	hz_hashset *hazards; /* the hazards counted, as duplicate-hazard keys */
	char *reporter[2];   /* without by_reporter: the first two reporters seen */
	/* tally-double-source: an item fed by its own records and by another
	 * type's (4.5 by activities and tips), said once */
	bool own_seen, also_seen, double_said;
};

static bool is_distinct(hz_agg agg)
{
	return agg == HZ_AGG_DISTINCT_CHECKED || agg == HZ_AGG_DISTINCT_FLAG ||
	       agg == HZ_AGG_DISTINCT_SUBJECT;
}

static size_t group_add(hz_tallier *t, const char *name, size_t n)
{
	struct group *g;
	char *unit = hz_xstrndup(name, n);
	const hz_date *since = t->o.has_since ? &t->o.since : NULL;

	if (t->ngroups == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->groups = hz_xrealloc(t->groups, t->cap * sizeof *t->groups);
	}
	g = &t->groups[t->ngroups];
	g->t = hz_tally_new(unit, t->o.as_of, since);
	free(unit);
	g->sets = hz_xcalloc(t->nitems, sizeof *g->sets);
	g->latest = hz_xcalloc(t->nitems, sizeof *g->latest);
	for (size_t i = 0; i < t->nitems; i++)
		if (is_distinct(t->items[i].agg))
			g->sets[i] = hz_strset_new();
	return t->ngroups++;
}

static uint64_t name_hash(const char *s, size_t n)
{
	return hz_hash64(s, n, 0x687a);
}

static void slots_grow(hz_tallier *t)
{
	size_t n = t->nslots ? 2 * t->nslots : 16;
	size_t *s = hz_xcalloc(n, sizeof *s);

	for (size_t g = 0; g < t->ngroups; g++) {
		const char *u = t->groups[g].t->unit;
		size_t h = (size_t)name_hash(u, strlen(u)) & (n - 1);

		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = g + 1;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = n;
}

static bool same_name(const struct group *g, hz_str key)
{
	return strlen(g->t->unit) == key.n && memcmp(g->t->unit, key.s, key.n) == 0;
}

/* The group named key, made at the end of the order when new. */
static struct group *group_named(hz_tallier *t, hz_str key)
{
	size_t h;

	if (t->ngroups > 0 && same_name(&t->groups[t->last], key))
		return &t->groups[t->last];
	if (2 * (t->ngroups + 1) > t->nslots)
		slots_grow(t);
	h = (size_t)name_hash(key.s, key.n) & (t->nslots - 1);
	while (t->slots[h]) {
		if (same_name(&t->groups[t->slots[h] - 1], key)) {
			t->last = t->slots[h] - 1;
			return &t->groups[t->last];
		}
		h = (h + 1) & (t->nslots - 1);
	}
	t->last = group_add(t, key.s, key.n);
	t->slots[h] = t->last + 1;
	return &t->groups[t->last];
}

/* Without --by: the reporters the records name, the first two, for the
 * printed form's 单位名称 (hz_tallier_reporters). */
static void note_reporter(hz_tallier *t, const hz_record *r)
{
	hz_str key = hz_get(r, HZ_K_REPORTER);

	if (t->reporter[1] || !key.s || (key = hz_trim(key)).n == 0)
		return;
	for (int i = 0; i < 2; i++) {
		if (!t->reporter[i]) {
			t->reporter[i] = hz_xstrndup(key.s, key.n);
			return;
		}
		if (strlen(t->reporter[i]) == key.n && memcmp(t->reporter[i], key.s, key.n) == 0)
			return;
	}
}

size_t hz_tallier_reporters(const hz_tallier *t, const char **first, const char **second)
{
	*first = t->reporter[0];
	*second = t->reporter[1];
	return t->reporter[1] ? 2 : t->reporter[0] ? 1 : 0;
}

/* The group of a record: its reporter (trimmed), in order of first appearance. */
static struct group *group_of(hz_tallier *t, const hz_record *r)
{
	hz_str key;

	if (!t->o.by_reporter) {
		note_reporter(t, r);
		return &t->groups[0];
	}
	key = hz_get(r, HZ_K_REPORTER);
	key = key.s ? hz_trim(key) : (hz_str){ "", 0 };
	return group_named(t, key);
}

/* The group of records without a reporter: the one tally without --by. */
static struct group *group_none(hz_tallier *t)
{
	if (!t->o.by_reporter)
		return &t->groups[0];
	return group_named(t, (hz_str){ "", 0 });
}

hz_tallier *hz_tallier_new(const hz_tally_opts *o, hz_diag *d)
{
	hz_tallier *t = hz_xcalloc(1, sizeof *t);

	t->o = *o;
	t->d = d;
	t->items = hz_items(&t->nitems);
	if (!o->by_reporter)
		group_add(t, o->unit ? o->unit : "", o->unit ? strlen(o->unit) : 0);
	return t;
}

static bool in_window(const hz_tallier *t, hz_date day)
{
	return day <= t->o.as_of && (!t->o.has_since || day >= t->o.since);
}

/* A record left out: counted, and one warning naming its place. */
static void skip(hz_tallier *t, struct group *g, const hz_record *r, hz_key field, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

static void skip(hz_tallier *t, struct group *g, const hz_record *r, hz_key field, const char *fmt,
                 ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, HZ_(fmt), ap);
	va_end(ap);
	g->t->skipped = add(g->t->skipped, 1);
	if (t->d)
		hz_diag_record(t->d, r, HZ_RULE_SKIPPED, field, "%s, record skipped", msg);
}

/* A date field that must be valid, or the record is skipped. */
static bool need_date(hz_tallier *t, struct group *g, const hz_record *r, hz_key k, hz_date *out)
{
	hz_quoted q;
	hz_str cell = hz_get(r, k);
	const char *h = hz_field_header(r->schema->type, k);

	if (blank(cell)) {
		skip(t, g, r, k, "%s is empty", h);
		return false;
	}
	if (!hz_date_parse(cell, 0, out)) {
		char day[11];
		if (hz_date_excel_serial(cell, out)) {
			hz_date_format(*out, day);
			skip(t, g, r, k, "%s '%s' is not a date; as an Excel day number it is %s",
			     h, hz_quote(cell, &q), day);
		} else
			skip(t, g, r, k, "%s '%s' is not a date", h, hz_quote(cell, &q));
		return false;
	}
	return true;
}

/* What items 1.x need to know of a hazard found in the window. */
struct hazard_facts {
	hz_source source;
	bool listed;
	bool rectified;
};

static bool hazard_selected(const struct hazard_facts *h, hz_hazard_filter f)
{
	switch (f) {
	case HZ_HF_SELF:
		return h->source == HZ_SOURCE_SELF;
	case HZ_HF_DEPT:
		return h->source == HZ_SOURCE_DEPT;
	case HZ_HF_LISTED:
		return h->listed;
	case HZ_HF_NONE:
		break;
	}
	return false;
}

/* A hazard listed twice (hz-validate's duplicate-hazard: the same 责任单位,
 * 重大隐患 and 检查日期, here of the same 填报单位, in any input) is one
 * hazard: the later record is skipped, and counted as skipped. */
static bool duplicate(hz_tallier *t, struct group *g, const hz_record *r, hz_date day)
{
	hz_str unit = hz_trim(hz_get(r, HZ_K_UNIT)), text = hz_trim(hz_get(r, HZ_K_HAZARD));
	hz_str reporter = hz_trim(hz_get(r, HZ_K_REPORTER));
	int32_t di = day;
	uint64_t h;

	if (!unit.s || !text.s || unit.n == 0 || text.n == 0)
		return false;
	h = hz_hash64(unit.s, unit.n, 0x68617a617264ULL);
	h = hz_hash64(text.s, text.n, h);
	h = hz_hash64(&di, sizeof di, h);
	if (reporter.s)
		h = hz_hash64(reporter.s, reporter.n, h);
	if (!t->hazards)
		t->hazards = hz_hashset_new();
	if (hz_hashset_add(t->hazards, h))
		return false;
	skip(t, g, r, HZ_K_NONE, "the same %s, %s and %s as an earlier hazard",
	     hz_field_header(HZ_HAZARD, HZ_K_UNIT), hz_field_header(HZ_HAZARD, HZ_K_HAZARD),
	     hz_field_header(HZ_HAZARD, HZ_K_CHECK_DATE));
	return true;
}

static void add_hazard(hz_tallier *t, struct group *g, const hz_record *r)
{
	struct hazard_facts h;
	hz_date day;
	hz_str source;

	if (!need_date(t, g, r, HZ_K_CHECK_DATE, &day) || !in_window(t, day) ||
	    duplicate(t, g, r, day))
		return;
	source = hz_get(r, HZ_K_SOURCE);
	h.source = blank(source) ? t->o.default_source : hz_source_of(source);
	h.listed = hz_hazard_listed_by(r, t->o.as_of);
	h.rectified = hz_hazard_rectified_by(r, t->o.as_of);
	if (h.source == HZ_SOURCE_NONE)
		g->t->unsourced = add(g->t->unsourced, 1);
	for (size_t i = 0; i < t->nitems; i++) {
		const hz_item *it = &t->items[i];

		if (it->source_type != HZ_HAZARD || !hazard_selected(&h, it->hazard_filter))
			continue;
		if (it->agg == HZ_AGG_HAZARD_FOUND ||
		    (it->agg == HZ_AGG_HAZARD_RECTIFIED && h.rectified))
			g->t->value[i] = add(g->t->value[i], 1);
	}
}

static void add_check(hz_tallier *t, struct group *g, const hz_record *r)
{
	hz_quoted q;
	hz_date day;
	hz_str name = hz_get(r, HZ_K_ENTERPRISE);
	bool yes;

	if (!need_date(t, g, r, HZ_K_CHECK_DATE, &day) || !in_window(t, day))
		return;
	if (blank(name)) {
		skip(t, g, r, HZ_K_ENTERPRISE, "%s is empty",
		     hz_field_header(HZ_CHECK, HZ_K_ENTERPRISE));
		return;
	}
	/* Every flag first: a record is counted whole or not at all. */
	for (size_t i = 0; i < t->nitems; i++) {
		hz_str cell;

		if (t->items[i].source_type != HZ_CHECK || t->items[i].agg != HZ_AGG_DISTINCT_FLAG)
			continue;
		cell = hz_get(r, t->items[i].flag);
		if (!blank(cell) && !hz_flag_parse(cell, &yes)) {
			skip(t, g, r, t->items[i].flag, "%s '%s' is not a flag word",
			     hz_field_header(HZ_CHECK, t->items[i].flag), hz_quote(cell, &q));
			return;
		}
	}
	name = hz_trim(name);
	for (size_t i = 0; i < t->nitems; i++) {
		const hz_item *it = &t->items[i];
		hz_str cell;

		if (it->source_type != HZ_CHECK)
			continue;
		if (it->agg == HZ_AGG_DISTINCT_FLAG) {
			cell = hz_get(r, it->flag);
			if (blank(cell) || !hz_flag_parse(cell, &yes) || !yes)
				continue;
		} else if (it->agg != HZ_AGG_DISTINCT_CHECKED) {
			continue;
		}
		hz_strset_add(g->sets[i], name.s, name.n);
	}
}

/* The numbers an activity gives its item. */
struct activity {
	int64_t count;
	hz_amount amount;
	int64_t sub;
	hz_str subject;
};

enum need { OPTIONAL, REQUIRED };

/* count: empty means 1 where optional; invalid skips the record. */
/* An empty value the item needs: the record is skipped (true). */
static bool missing(hz_tallier *t, struct group *g, const hz_record *r, hz_key k, enum need need)
{
	hz_quoted q;
	if (need != REQUIRED)
		return false;
	hz_str item = hz_trim(hz_get(r, HZ_K_ITEM));
	skip(t, g, r, k, "item %s needs %s", hz_quote(item, &q), hz_field_header(HZ_ACTIVITY, k));
	return true;
}

static bool get_count(hz_tallier *t, struct group *g, const hz_record *r, hz_key k, enum need need,
                      int64_t *out)
{
	hz_quoted q;
	hz_str cell = hz_get(r, k);
	long v;

	if (blank(cell)) {
		*out = k == HZ_K_COUNT ? 1 : 0;
		return !missing(t, g, r, k, need);
	}
	if (!hz_count_parse(cell, &v)) {
		skip(t, g, r, k, "%s '%s' is not an integer >= 0", hz_field_header(HZ_ACTIVITY, k),
		     hz_quote(cell, &q));
		return false;
	}
	*out = v;
	return true;
}

static bool get_amount(hz_tallier *t, struct group *g, const hz_record *r, hz_key k, enum need need,
                       hz_amount *out)
{
	hz_quoted q;
	hz_str cell = hz_get(r, k);

	if (blank(cell)) {
		*out = 0;
		return !missing(t, g, r, k, need);
	}
	if (!hz_amount_parse(cell, out)) {
		skip(t, g, r, k, "%s '%s' is not an amount (a decimal >= 0, up to 4 places)",
		     hz_field_header(HZ_ACTIVITY, k), hz_quote(cell, &q));
		return false;
	}
	return true;
}

/* Read what the item's aggregation needs from the record; false (and the
 * record skipped) when a needed value is missing or invalid. */
static bool activity_values(hz_tallier *t, struct group *g, const hz_record *r, const hz_item *it,
                            struct activity *a)
{
	memset(a, 0, sizeof *a);
	switch (it->agg) {
	case HZ_AGG_SUM_COUNT:
		if (!get_count(t, g, r, HZ_K_COUNT, OPTIONAL, &a->count))
			return false;
		break;
	case HZ_AGG_LATEST_COUNT:
		if (!get_count(t, g, r, HZ_K_COUNT, REQUIRED, &a->count))
			return false;
		break;
	case HZ_AGG_LATEST_FLAG:
		if (!get_count(t, g, r, HZ_K_COUNT, REQUIRED, &a->count))
			return false;
		if (a->count > 1) {
			skip(t, g, r, HZ_K_COUNT, "item %s needs %s 1 (是) or 0 (否), not %" PRId64,
			     it->code, hz_field_header(HZ_ACTIVITY, HZ_K_COUNT), a->count);
			return false;
		}
		break;
	case HZ_AGG_SUM_AMOUNT:
		if (!get_amount(t, g, r, HZ_K_AMOUNT, REQUIRED, &a->amount))
			return false;
		break;
	case HZ_AGG_DISTINCT_SUBJECT:
		a->subject = hz_get(r, HZ_K_SUBJECT);
		if (blank(a->subject)) {
			skip(t, g, r, HZ_K_SUBJECT, "item %s needs %s", it->code,
			     hz_field_header(HZ_ACTIVITY, HZ_K_SUBJECT));
			return false;
		}
		a->subject = hz_trim(a->subject);
		break;
	default:
		break;
	}
	switch (it->agg2) {
	case HZ_AGG2_SUM_AMOUNT:
		return get_amount(t, g, r, HZ_K_AMOUNT, OPTIONAL, &a->amount);
	case HZ_AGG2_SUM_SUB_COUNT:
		return get_count(t, g, r, HZ_K_SUB, OPTIONAL, &a->sub);
	case HZ_AGG2_SUM_SUB_AMOUNT:
		return get_amount(t, g, r, HZ_K_SUB, OPTIONAL, &a->sub);
	case HZ_AGG2_NONE:
		break;
	}
	return true;
}

static bool is_latest(hz_agg agg)
{
	return agg == HZ_AGG_LATEST_FLAG || agg == HZ_AGG_LATEST_COUNT;
}

/* Both kinds feed the item: say so once, where the second kind shows. */
static void double_source(hz_tallier *t, const hz_record *r, const hz_item *it)
{
	if (t->double_said || !t->own_seen || !t->also_seen)
		return;
	t->double_said = true;
	hz_diag_record(t->d, r, HZ_RULE_TALLY_DOUBLE_SOURCE, HZ_K_NONE,
	               "item %s adds both activity records of %s and the rewards of tip records: "
	               "a reward recorded in both is counted twice",
	               it->code, it->code);
}

static void add_activity(hz_tallier *t, struct group *g, const hz_record *r)
{
	hz_quoted q;
	hz_date day;
	hz_str cell = hz_get(r, HZ_K_ITEM);
	const hz_item *it;
	struct activity a;
	int64_t *v, *v2;
	size_t i;

	if (!need_date(t, g, r, HZ_K_DATE, &day))
		return;
	it = hz_activity_item(cell);
	/* Outside what any item counts: ignored, whatever else is wrong with
	 * it. since does not apply to the latest items (hz-tally(1) 4.6, 4.7);
	 * an unknown item is none of them. */
	if (day > t->o.as_of || (!(it && is_latest(it->agg)) && !in_window(t, day)))
		return;
	if (!it) {
		if (blank(cell))
			skip(t, g, r, HZ_K_ITEM, "%s is empty",
			     hz_field_header(HZ_ACTIVITY, HZ_K_ITEM));
		else
			skip(t, g, r, HZ_K_ITEM, "%s '%s' is not an item of sections 3-4",
			     hz_field_header(HZ_ACTIVITY, HZ_K_ITEM), hz_quote(cell, &q));
		return;
	}
	if (!activity_values(t, g, r, it, &a))
		return;
	if (it == hz_item_also_from(HZ_TIP)) {
		t->own_seen = true;
		double_source(t, r, it);
	}
	i = (size_t)hz_item_index(it);
	v = &g->t->value[i];
	v2 = &g->t->value2[i];
	switch (it->agg) {
	case HZ_AGG_SUM_COUNT:
		*v = add(*v, a.count);
		break;
	case HZ_AGG_SUM_AMOUNT:
		*v = add(*v, a.amount);
		break;
	case HZ_AGG_DISTINCT_SUBJECT:
		hz_strset_add(g->sets[i], a.subject.s, a.subject.n);
		break;
	case HZ_AGG_LATEST_FLAG:
	case HZ_AGG_LATEST_COUNT:
		/* Records come in read order: >= lets the last read win a tie. */
		if (!g->latest[i].has || day >= g->latest[i].date)
			g->latest[i] = (struct latest){ true, day, a.count };
		break;
	default:
		break;
	}
	switch (it->agg2) {
	case HZ_AGG2_SUM_AMOUNT:
		*v2 = add(*v2, a.amount);
		break;
	case HZ_AGG2_SUM_SUB_COUNT:
	case HZ_AGG2_SUM_SUB_AMOUNT:
		*v2 = add(*v2, a.sub);
		break;
	case HZ_AGG2_NONE:
		break;
	}
}

/* A tip's reward, paid within the window, in 4.5 (其中: anonymous tips). */
static void add_tip(hz_tallier *t, struct group *g, const hz_record *r)
{
	const hz_item *it = hz_item_also_from(HZ_TIP);
	hz_str reward = hz_get(r, HZ_K_REWARD), paid = hz_get(r, HZ_K_PAID);
	hz_amount a;
	hz_date day;
	hz_quoted q;
	bool anonymous = false;
	size_t i;

	if (!it || blank(paid) || blank(reward))
		return; /* not paid (yet): nothing to add */
	if (!need_date(t, g, r, HZ_K_PAID, &day))
		return;
	if (day > t->o.as_of || !in_window(t, day))
		return;
	if (!hz_amount_parse(reward, &a)) {
		skip(t, g, r, HZ_K_REWARD, "%s '%s' is not an amount",
		     hz_field_header(HZ_TIP, HZ_K_REWARD), hz_quote(reward, &q));
		return;
	}
	(void)hz_flag_parse(hz_get(r, HZ_K_ANONYMOUS), &anonymous);
	i = (size_t)hz_item_index(it);
	g->t->value[i] = add(g->t->value[i], a);
	if (anonymous)
		g->t->value2[i] = add(g->t->value2[i], a);
	t->also_seen = true;
	double_source(t, r, it);
}

void hz_tallier_add(hz_tallier *t, const hz_record *r)
{
	struct group *g;

	if (t->out || !r->schema)
		return;
	switch (r->schema->type) {
	case HZ_HAZARD:
	case HZ_CHECK:
	case HZ_ACTIVITY:
	case HZ_TIP:
		break;
	default:
		return; /* rosters and the like give no item */
	}
	g = group_of(t, r);
	switch (r->schema->type) {
	case HZ_HAZARD:
		add_hazard(t, g, r);
		break;
	case HZ_CHECK:
		add_check(t, g, r);
		break;
	case HZ_TIP:
		add_tip(t, g, r);
		break;
	default:
		add_activity(t, g, r);
		break;
	}
}

void hz_tallier_skip(hz_tallier *t, long n)
{
	struct group *g;

	if (t->out || n <= 0)
		return;
	g = group_none(t);
	g->t->skipped = add(g->t->skipped, n);
}

/* Distinct sets and latest records become values. */
static void group_finish(hz_tallier *t, struct group *g)
{
	for (size_t i = 0; i < t->nitems; i++) {
		if (g->sets[i]) {
			g->t->value[i] = (int64_t)hz_strset_size(g->sets[i]);
			hz_strset_free(g->sets[i]);
			g->sets[i] = NULL;
		} else if (is_latest(t->items[i].agg)) {
			g->t->value[i] = g->latest[i].has ? g->latest[i].value : 0;
		}
	}
}

hz_tally *const *hz_tallier_finish(hz_tallier *t, size_t *count)
{
	if (!t->out) {
		size_t n = t->ngroups;
		bool total = t->o.by_reporter && t->o.total;

		/* No records at all is still a report: zeros for the group "". */
		if (n == 0) {
			group_none(t);
			n = t->ngroups;
		}
		t->out = hz_xcalloc(n + 1, sizeof *t->out);
		for (size_t g = 0; g < n; g++) {
			group_finish(t, &t->groups[g]);
			t->out[t->nout++] = t->groups[g].t;
		}
		if (total) {
			hz_tally *sum = hz_tally_new(HZ_TALLY_TOTAL, t->o.as_of,
			                             t->o.has_since ? &t->o.since : NULL);
			char err[128];

			for (size_t g = 0; g < n; g++)
				hz_tally_merge(sum, t->groups[g].t, err, sizeof err);
			t->out[t->nout++] = sum;
		}
	}
	*count = t->nout;
	return t->out;
}

void hz_tallier_free(hz_tallier *t)
{
	if (!t)
		return;
	free(t->reporter[0]);
	free(t->reporter[1]);
	for (size_t g = 0; g < t->ngroups; g++) {
		for (size_t i = 0; i < t->nitems; i++)
			hz_strset_free(t->groups[g].sets[i]);
		free(t->groups[g].sets);
		free(t->groups[g].latest);
		hz_tally_free(t->groups[g].t);
	}
	/* The 合计 is the only output not owned by a group. */
	if (t->out && t->nout > t->ngroups)
		hz_tally_free(t->out[t->nout - 1]);
	free(t->out);
	free(t->groups);
	free(t->slots);
	hz_hashset_free(t->hazards);
	free(t);
}
