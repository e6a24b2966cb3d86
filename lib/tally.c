/* tally.c - the 调度表 computed from records by walking the item table (tally.md) */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "hz/amount.h"
#include "hz/fields.h"
#include "hz/hazard.h"
#include "hz/items.h"
#include "hz/strset.h"
#include "hz/tally.h"
#include "hz/text.h"
#include "hz/writer.h"

#define TITLE "城中区重大事故隐患专项排查整治2023行动进展情况调度表"

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		abort();    /* out of memory: nothing sensible left to do */
	return q;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		abort();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

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

static const char *header_of(hz_type type, hz_key k)
{
	const hz_field *f = hz_field_of(type, k);

	return f ? f->header : hz_key_name(k);
}

/* ---- tallies ---- */

hz_tally *hz_tally_new(const char *unit, hz_date as_of, const hz_date *since)
{
	hz_tally *t = xcalloc(1, sizeof *t);

	hz_items(&t->nitems);
	t->value = xcalloc(t->nitems, sizeof *t->value);
	t->value2 = xcalloc(t->nitems, sizeof *t->value2);
	t->unit = xstrndup(unit ? unit : "", unit ? strlen(unit) : 0);
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
	t->unit = xstrndup(unit ? unit : "", unit ? strlen(unit) : 0);
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
		snprintf(err, errcap, "as_of %s differs from %s", b, a);
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
	hz_strset **sets;        /* per item: the distinct names, NULL if not distinct */
	struct latest *latest;   /* per item */
};

struct hz_tallier {
	hz_tally_opts o;
	hz_diag *d;
	const hz_item *items;
	size_t nitems;
	struct group *groups;
	size_t ngroups, cap;
	size_t *slots;           /* reporter -> group index + 1; 0 is empty */
	size_t nslots;
	size_t last;             /* the group of the previous record */
	hz_tally **out;
	size_t nout;
};

static bool is_distinct(hz_agg agg)
{
	return agg == HZ_AGG_DISTINCT_CHECKED || agg == HZ_AGG_DISTINCT_FLAG ||
	       agg == HZ_AGG_DISTINCT_SUBJECT;
}

static size_t group_add(hz_tallier *t, const char *name, size_t n)
{
	struct group *g;
	char *unit = xstrndup(name, n);
	const hz_date *since = t->o.has_since ? &t->o.since : NULL;

	if (t->ngroups == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->groups = xrealloc(t->groups, t->cap * sizeof *t->groups);
	}
	g = &t->groups[t->ngroups];
	g->t = hz_tally_new(unit, t->o.as_of, since);
	free(unit);
	g->sets = xcalloc(t->nitems, sizeof *g->sets);
	g->latest = xcalloc(t->nitems, sizeof *g->latest);
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
	size_t *s = xcalloc(n, sizeof *s);

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

/* The group of a record: its reporter (trimmed), in order of first appearance. */
static struct group *group_of(hz_tallier *t, const hz_record *r)
{
	hz_str key = HZ_STR_NONE;
	size_t h;

	if (!t->o.by_reporter)
		return &t->groups[0];
	key = hz_get(r, HZ_K_REPORTER);
	key = key.s ? hz_trim(key) : (hz_str){ "", 0 };
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

hz_tallier *hz_tallier_new(const hz_tally_opts *o, hz_diag *d)
{
	hz_tallier *t = xcalloc(1, sizeof *t);

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
static void skip(hz_tallier *t, struct group *g, const hz_record *r, hz_key field,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void skip(hz_tallier *t, struct group *g, const hz_record *r, hz_key field,
		 const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	g->t->skipped = add(g->t->skipped, 1);
	if (t->d)
		hz_diag_record(t->d, r, HZ_WARNING, "skipped", field, "%s, record skipped", msg);
}

/* Quote a cell in a message, cut short: the message has a fixed size. */
static int qlen(hz_str s)
{
	return s.n > 200 ? 200 : (int)s.n;
}

/* A date field that must be valid, or the record is skipped. */
static bool need_date(hz_tallier *t, struct group *g, const hz_record *r, hz_key k,
		      hz_date *out)
{
	hz_str cell = hz_get(r, k);
	const char *h = header_of(r->schema->type, k);

	if (blank(cell)) {
		skip(t, g, r, k, "%s is empty", h);
		return false;
	}
	if (!hz_date_parse(cell, 0, out)) {
		skip(t, g, r, k, "%s '%.*s' is not a date", h, qlen(cell), cell.s);
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

static void add_hazard(hz_tallier *t, struct group *g, const hz_record *r)
{
	struct hazard_facts h;
	hz_date day;
	hz_str source;

	if (!need_date(t, g, r, HZ_K_CHECK_DATE, &day) || !in_window(t, day))
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
	hz_date day;
	hz_str name = hz_get(r, HZ_K_ENTERPRISE);
	bool yes;

	if (!need_date(t, g, r, HZ_K_CHECK_DATE, &day) || !in_window(t, day))
		return;
	if (blank(name)) {
		skip(t, g, r, HZ_K_ENTERPRISE, "%s is empty",
		     header_of(HZ_CHECK, HZ_K_ENTERPRISE));
		return;
	}
	/* Every flag first: a record is counted whole or not at all. */
	for (size_t i = 0; i < t->nitems; i++) {
		hz_str cell;

		if (t->items[i].source_type != HZ_CHECK || t->items[i].agg != HZ_AGG_DISTINCT_FLAG)
			continue;
		cell = hz_get(r, t->items[i].flag);
		if (!blank(cell) && !hz_flag_parse(cell, &yes)) {
			skip(t, g, r, t->items[i].flag, "%s '%.*s' is not a flag word",
			     header_of(HZ_CHECK, t->items[i].flag), qlen(cell), cell.s);
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
static bool get_count(hz_tallier *t, struct group *g, const hz_record *r, hz_key k,
		      enum need need, int64_t *out)
{
	hz_str cell = hz_get(r, k);
	long v;

	if (blank(cell)) {
		if (need == REQUIRED) {
			skip(t, g, r, k, "item %.*s needs %s",
			     qlen(hz_trim(hz_get(r, HZ_K_ITEM))), hz_trim(hz_get(r, HZ_K_ITEM)).s,
			     header_of(HZ_ACTIVITY, k));
			return false;
		}
		*out = k == HZ_K_COUNT ? 1 : 0;
		return true;
	}
	if (!hz_count_parse(cell, &v)) {
		skip(t, g, r, k, "%s '%.*s' is not an integer >= 0",
		     header_of(HZ_ACTIVITY, k), qlen(cell), cell.s);
		return false;
	}
	*out = v;
	return true;
}

static bool get_amount(hz_tallier *t, struct group *g, const hz_record *r, hz_key k,
		       enum need need, hz_amount *out)
{
	hz_str cell = hz_get(r, k);

	if (blank(cell)) {
		if (need == REQUIRED) {
			skip(t, g, r, k, "item %.*s needs %s",
			     qlen(hz_trim(hz_get(r, HZ_K_ITEM))), hz_trim(hz_get(r, HZ_K_ITEM)).s,
			     header_of(HZ_ACTIVITY, k));
			return false;
		}
		*out = 0;
		return true;
	}
	if (!hz_amount_parse(cell, out)) {
		skip(t, g, r, k, "%s '%.*s' is not an amount (a decimal >= 0, up to 4 places)",
		     header_of(HZ_ACTIVITY, k), qlen(cell), cell.s);
		return false;
	}
	return true;
}

/* Read what the item's aggregation needs from the record; false (and the
 * record skipped) when a needed value is missing or invalid. */
static bool activity_values(hz_tallier *t, struct group *g, const hz_record *r,
			    const hz_item *it, struct activity *a)
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
			     it->code, header_of(HZ_ACTIVITY, HZ_K_COUNT), a->count);
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
			     header_of(HZ_ACTIVITY, HZ_K_SUBJECT));
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

static void add_activity(hz_tallier *t, struct group *g, const hz_record *r)
{
	hz_date day;
	hz_str cell = hz_get(r, HZ_K_ITEM);
	const hz_item *it;
	struct activity a;
	int64_t *v, *v2;
	size_t i;

	if (!need_date(t, g, r, HZ_K_DATE, &day))
		return;
	it = hz_activity_item(cell);
	if (!it) {
		if (blank(cell))
			skip(t, g, r, HZ_K_ITEM, "%s is empty", header_of(HZ_ACTIVITY, HZ_K_ITEM));
		else
			skip(t, g, r, HZ_K_ITEM, "%s '%.*s' is not an item of sections 3-4",
			     header_of(HZ_ACTIVITY, HZ_K_ITEM), qlen(cell), cell.s);
		return;
	}
	/* since does not apply to the latest items (tally.md 4.6, 4.7). */
	if (day > t->o.as_of || (!is_latest(it->agg) && !in_window(t, day)))
		return;
	if (!activity_values(t, g, r, it, &a))
		return;
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

void hz_tallier_add(hz_tallier *t, const hz_record *r)
{
	struct group *g;

	if (t->out || !r->schema)
		return;
	switch (r->schema->type) {
	case HZ_HAZARD:
	case HZ_CHECK:
	case HZ_ACTIVITY:
		break;
	default:
		return;     /* rosters and the like give no item */
	}
	g = group_of(t, r);
	switch (r->schema->type) {
	case HZ_HAZARD:
		add_hazard(t, g, r);
		break;
	case HZ_CHECK:
		add_check(t, g, r);
		break;
	default:
		add_activity(t, g, r);
		break;
	}
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

		t->out = xcalloc(n + 1, sizeof *t->out);
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
	free(t);
}

/* ---- tally documents: reading ---- */

static bool json_count(const json_t *v, int64_t *out)
{
	json_int_t i;

	if (!json_is_integer(v))
		return false;
	i = json_integer_value(v);
	if (i < 0)
		return false;
	*out = (int64_t)i;
	return true;
}

/* jansson keeps numbers as doubles; an amount has at most 4 places, so the
 * nearest multiple of 0.0001 recovers it exactly. */
static bool json_amount(const json_t *v, hz_amount *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 || i > INT64_MAX / HZ_AMOUNT_SCALE)
			return false;
		*out = (hz_amount)i * HZ_AMOUNT_SCALE;
		return true;
	}
	if (json_is_real(v)) {
		double x = json_real_value(v), u, r, d;

		if (!(x >= 0) || x > 9.0e14)
			return false;
		u = x * HZ_AMOUNT_SCALE;
		r = (double)(int64_t)(u + 0.5);
		d = u > r ? u - r : r - u;
		if (d > 0.01 + u * 1e-15)
			return false;   /* more than 4 places */
		*out = (hz_amount)r;
		return true;
	}
	return false;
}

static bool json_date(const json_t *v, hz_date *out)
{
	return json_is_string(v) &&
	       hz_date_parse((hz_str){ json_string_value(v), json_string_length(v) }, 0, out);
}

static int item_by_code(const char *code)
{
	size_t n;
	const hz_item *items = hz_items(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].code, code) == 0)
			return (int)i;
	return -1;
}

static bool parse_value(const hz_item *it, const json_t *v, int64_t *out)
{
	switch (it->agg) {
	case HZ_AGG_LATEST_FLAG:
		if (!json_is_boolean(v))
			return false;
		*out = json_is_true(v);
		return true;
	case HZ_AGG_SUM_AMOUNT:
		return json_amount(v, out);
	default:
		return json_count(v, out);
	}
}

static bool parse_value2(const hz_item *it, const json_t *v, int64_t *out)
{
	switch (it->agg2) {
	case HZ_AGG2_SUM_AMOUNT:
	case HZ_AGG2_SUM_SUB_AMOUNT:
		return json_amount(v, out);
	case HZ_AGG2_SUM_SUB_COUNT:
		return json_count(v, out);
	case HZ_AGG2_NONE:
		break;
	}
	return false;
}

static bool parse_items(hz_tally *t, const json_t *arr, char *err, size_t errcap)
{
	const hz_item *items = hz_items(NULL);
	bool *seen = xcalloc(t->nitems, sizeof *seen);
	size_t k;
	json_t *e;
	bool ok = false;

	if (!json_is_array(arr)) {
		snprintf(err, errcap, "\"items\" is not an array");
		goto out;
	}
	json_array_foreach(arr, k, e) {
		const json_t *code = json_object_get(e, "code");
		const json_t *v2 = json_object_get(e, "value2");
		int i;

		if (!json_is_string(code)) {
			snprintf(err, errcap, "item %zu has no \"code\"", k + 1);
			goto out;
		}
		i = item_by_code(json_string_value(code));
		if (i < 0) {
			snprintf(err, errcap, "unknown item '%.40s'", json_string_value(code));
			goto out;
		}
		if (seen[i]) {
			snprintf(err, errcap, "item %s given twice", items[i].code);
			goto out;
		}
		seen[i] = true;
		if (!parse_value(&items[i], json_object_get(e, "value"), &t->value[i])) {
			snprintf(err, errcap, "item %s has no valid \"value\"", items[i].code);
			goto out;
		}
		if (items[i].agg2 == HZ_AGG2_NONE) {
			if (v2 && !json_is_null(v2)) {
				snprintf(err, errcap, "item %s has a \"value2\"", items[i].code);
				goto out;
			}
		} else if (!parse_value2(&items[i], v2, &t->value2[i])) {
			snprintf(err, errcap, "item %s has no valid \"value2\"", items[i].code);
			goto out;
		}
	}
	for (size_t i = 0; i < t->nitems; i++) {
		if (!seen[i]) {
			snprintf(err, errcap, "item %s is missing", items[i].code);
			goto out;
		}
	}
	ok = true;
out:
	free(seen);
	return ok;
}

static hz_tally *from_json(const json_t *doc, char *err, size_t errcap)
{
	const json_t *unit, *since, *v;
	hz_date as_of, day;
	hz_tally *t;
	int64_t n;

	if (!json_is_object(doc)) {
		snprintf(err, errcap, "not a tally document (a JSON object)");
		return NULL;
	}
	if (!json_date(json_object_get(doc, "as_of"), &as_of)) {
		snprintf(err, errcap, "no valid \"as_of\" date");
		return NULL;
	}
	since = json_object_get(doc, "since");
	if (since && !json_is_null(since) && !json_date(since, &day)) {
		snprintf(err, errcap, "\"since\" is neither null nor a date");
		return NULL;
	}
	unit = json_object_get(doc, "unit");
	if (unit && !json_is_null(unit) && !json_is_string(unit)) {
		snprintf(err, errcap, "\"unit\" is not a string");
		return NULL;
	}
	t = hz_tally_new(json_is_string(unit) ? json_string_value(unit) : "", as_of,
			 json_is_string(since) ? &day : NULL);
	if ((v = json_object_get(doc, "skipped")) != NULL) {
		if (!json_count(v, &n) || n > LONG_MAX)
			goto bad_number;
		t->skipped = (long)n;
	}
	if ((v = json_object_get(doc, "unsourced")) != NULL) {
		if (!json_count(v, &n) || n > LONG_MAX)
			goto bad_number;
		t->unsourced = (long)n;
	}
	if (!parse_items(t, json_object_get(doc, "items"), err, errcap)) {
		hz_tally_free(t);
		return NULL;
	}
	return t;
bad_number:
	snprintf(err, errcap, "\"skipped\" and \"unsourced\" must be integers >= 0");
	hz_tally_free(t);
	return NULL;
}

hz_tally *hz_tally_parse(const char *text, size_t n, size_t *used, char *err, size_t errcap)
{
	size_t ws = 0;
	json_error_t je;
	json_t *doc;
	hz_tally *t;

	*used = 0;
	err[0] = '\0';
	while (ws < n && (text[ws] == ' ' || text[ws] == '\t' || text[ws] == '\n' ||
			  text[ws] == '\r'))
		ws++;
	if (ws == n)
		return NULL;
	doc = json_loadb(text + ws, n - ws, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		snprintf(err, errcap, "not JSON: %s", je.text);
		return NULL;
	}
	t = from_json(doc, err, errcap);
	json_decref(doc);
	if (t)
		*used = ws + (size_t)je.position;
	return t;
}

/* The line of byte offset `at`. */
static long line_at(const char *text, size_t at)
{
	long line = 1;

	for (size_t i = 0; i < at; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

long hz_tally_merge_file(const char *path, hz_tally **acc, hz_diag *d)
{
	bool is_stdin = !path || strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	char *text = NULL, err[256];
	size_t len = 0, cap = 0, got, at = 0, used;
	long docs = 0;

	if (!in) {
		hz_diag_place(d, name, 1, 0, HZ_FATAL, "io", "cannot open: %s", strerror(errno));
		return -1;
	}
	/* Tally documents are small: one per unit. */
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			text = xrealloc(text, cap);
		}
		got = fread(text + len, 1, cap - len, in);
		len += got;
	} while (got > 0);
	if (ferror(in)) {
		hz_diag_place(d, name, 1, 0, HZ_FATAL, "io", "cannot read: %s", strerror(errno));
		docs = -1;
	}
	if (!is_stdin)
		fclose(in);
	while (docs >= 0) {
		hz_tally *t = hz_tally_parse(text + at, len - at, &used, err, sizeof err);
		size_t start = at;

		while (start < len && strchr(" \t\r\n", text[start]))
			start++;
		if (!t) {
			if (err[0]) {
				hz_diag_place(d, name, line_at(text, start), 0, HZ_ERROR,
					      "bad-tally", "%s", err);
				docs = -1;
			}
			break;
		}
		at += used;
		docs++;
		if (!*acc) {
			*acc = t;
			continue;
		}
		if (!hz_tally_merge(*acc, t, err, sizeof err)) {
			hz_diag_place(d, name, line_at(text, start), 0, HZ_ERROR,
				      "as-of-mismatch", "%s", err);
			docs = -1;
		}
		hz_tally_free(t);
	}
	free(text);
	return docs;
}

/* ---- tally documents: writing ---- */

/* A JSON string; invalid UTF-8 (from --unit) written as U+FFFD so that the
 * document always reads back. */
static void json_string_out(FILE *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	putc('"', out);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t len;

		if (c == '"' || c == '\\') {
			putc('\\', out);
			putc(c, out);
			i++;
		} else if (c < 0x20) {
			fprintf(out, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			putc(c, out);
			i++;
		} else {
			len = hz_utf8_decode(s + i, n - i, &cp);
			if (cp == 0xFFFD && hz_utf8_valid_prefix(s + i, len) != len)
				fputs("\xef\xbf\xbd", out);
			else
				fwrite(s + i, 1, len, out);
			i += len;
		}
	}
	putc('"', out);
}

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
	json_string_out(out, t->unit);
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

	hz_date_format(t->as_of, day);
	for (size_t i = 0; i < t->nitems; i++) {
		const hz_item *it = &items[i];
		const hz_section *s = section_of(it->section);

		csv_cell(out, t->unit, false, o);
		csv_cell(out, day, false, o);
		csv_cell(out, it->code, false, o);
		csv_cell(out, s ? (o->english ? s->title_en : s->title) : "", false, o);
		csv_cell(out, o->english ? it->label_en : it->label, false, o);
		csv_cell(out, it->measure, false, o);
		csv_cell(out, value_text(it, t->value[i], false, buf), false, o);
		csv_cell(out, it->agg2 == HZ_AGG2_NONE ? "" :
			 number_text(t->value2[i], value2_is_amount(it), buf2), true, o);
	}
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
		snprintf(buf, 80, "%s, %s", v,
			 number_text(t->value2[i], value2_is_amount(it), b));
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

/* ---- report periods ---- */

static bool parse_int(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool month_end(int y, int m, hz_date *out)
{
	if (y < HZ_DATE_YEAR_MIN || y > HZ_DATE_YEAR_MAX || m < 1 || m > 12)
		return false;
	return hz_date_from_ymd(y, m, hz_month_days(y, m), out);
}

bool hz_tally_month_end(const char *arg, hz_date *out)
{
	const char *dash = strchr(arg, '-');
	int y, m;

	if (!dash || dash - arg != 4 || !parse_int(arg, 4, &y) ||
	    strlen(dash + 1) < 1 || strlen(dash + 1) > 2 ||
	    !parse_int(dash + 1, strlen(dash + 1), &m))
		return false;
	return month_end(y, m, out);
}

bool hz_tally_quarter_end(const char *arg, hz_date *out)
{
	int y, q;

	if (strlen(arg) != 6 || (arg[4] != 'Q' && arg[4] != 'q') || !parse_int(arg, 4, &y) ||
	    !parse_int(arg + 5, 1, &q) || q < 1 || q > 4)
		return false;
	return month_end(y, 3 * q, out);
}

hz_date hz_tally_default_as_of(hz_date today)
{
	int y, m, d;

	hz_date_to_ymd(today, &y, &m, &d);
	/* The last day of the month before is the day before the 1st. */
	hz_date_from_ymd(y, m, 1, &today);
	return today - 1;
}
