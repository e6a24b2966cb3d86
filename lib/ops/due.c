/* due.c - which enterprise owes which duty of the plan (hz-due(1))
 *
 * Memory is bounded by the roster, not by the records: the records stream
 * past and leave one bit per (enterprise, code, period) done. Which row of
 * a code binds an enterprise depends only on its two flags, so the rows
 * that win (the shortest period; ties to the first) and where each
 * code's bits begin are worked out once for each of the four flag sets,
 * and an enterprise keeps just its flags and where its bits begin. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hz/due.h"
#include "hz/i18n.h"
#include "hz/strset.h"
#include "hz/table.h"
#include "hz/vocab.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "record_int.h"

enum { F_HIGH_RISK = 1, F_CROWDED = 2, FLAG_SETS = 4 };

typedef struct enterprise {
	char *name;
	unsigned flags;
	size_t bits; /* its first bit in done */
} enterprise;

struct hz_due {
	const hz_schedule *s;
	hz_due_opts o;
	char *only; /* --enterprise, trimmed */
	enterprise *ents;
	size_t nents, cap;
	size_t *slots; /* name hash table: index + 1, 0 = free */
	size_t nslots;
	char *office; /* --office, else 本街道 */
	char **units; /* the units file's names, in its order */
	size_t nunits;
	bool frozen;
	/* unit and office rows: the winning row of each code for a unit
	 * (unit_win) and for the office (office_win), where its periods begin
	 * among a reporter's, and the earliest submission of each period of
	 * each reporter (the units, then the office; INT_MAX: none) */
	int unit_win[HZ_SCHEDULE_CODES_MAX], office_win[HZ_SCHEDULE_CODES_MAX];
	size_t unit_off[HZ_SCHEDULE_CODES_MAX], office_off[HZ_SCHEDULE_CODES_MAX];
	size_t unit_width, office_width;
	hz_date *sent;
	/* for each flag set: the row of each code (-1: none), its first bit
	 * within the enterprise, and the bits an enterprise takes */
	int win[FLAG_SETS][HZ_SCHEDULE_CODES_MAX];
	size_t off[FLAG_SETS][HZ_SCHEDULE_CODES_MAX];
	size_t width[FLAG_SETS];
	unsigned char *done;
};

const char *hz_due_status_word(hz_due_status s, bool english)
{
	static const char *const words[HZ_DUE_STATUS_COUNT][2] = {
		[HZ_DUE_MISSING] = { "逾期未履行", "missing" },
		[HZ_DUE_PENDING] = { "本期待履行", "pending" },
		[HZ_DUE_UPCOMING] = { "待报送", "upcoming" },
		[HZ_DUE_LATE] = { "迟报", "late" },
	};
	return s < HZ_DUE_STATUS_COUNT ? words[s][english] : "";
}

const char *hz_due_line_word(hz_due_status s, bool submitted, bool english)
{
	if (submitted && s == HZ_DUE_MISSING && !english)
		return "逾期未报送";
	return hz_due_status_word(s, english);
}

static char *trimmed_copy(hz_str v)
{
	v = hz_trim(v);
	return hz_xstrndup(v.s ? v.s : "", v.n);
}

hz_due *hz_due_new(const hz_schedule *s, const hz_due_opts *o)
{
	hz_due *d = hz_xcalloc(1, sizeof *d);

	d->s = s;
	d->o = *o;
	if (o->enterprise)
		d->only = trimmed_copy(hz_str_c(o->enterprise));
	d->office = trimmed_copy(hz_str_c(o->office ? o->office : "本街道"));
	d->o.office = d->office;
	d->nslots = 64;
	d->slots = hz_xcalloc(d->nslots, sizeof *d->slots);
	return d;
}

void hz_due_free(hz_due *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nents; i++)
		free(d->ents[i].name);
	free(d->ents);
	free(d->slots);
	free(d->office);
	free(d->only);
	free(d->done);
	for (size_t i = 0; i < d->nunits; i++)
		free(d->units[i]);
	free(d->units);
	free(d->sent);
	free(d);
}

/* ---- the roster: names to enterprises ---- */

static size_t slot_of(const hz_due *d, hz_str name)
{
	size_t mask = d->nslots - 1;
	size_t i = (size_t)hz_hash64(name.s, name.n, 0) & mask;

	for (;; i = (i + 1) & mask) {
		size_t e = d->slots[i];
		if (e == 0)
			return i;
		const char *have = d->ents[e - 1].name;
		if (strlen(have) == name.n && memcmp(have, name.s, name.n) == 0)
			return i;
	}
}

static long find(const hz_due *d, hz_str name)
{
	name = hz_trim(name);
	if (name.n == 0)
		return -1;
	size_t e = d->slots[slot_of(d, name)];
	return e ? (long)e - 1 : -1;
}

static void grow_slots(hz_due *d)
{
	free(d->slots);
	d->nslots *= 2;
	d->slots = hz_xcalloc(d->nslots, sizeof *d->slots);
	for (size_t e = 0; e < d->nents; e++)
		d->slots[slot_of(d, hz_str_c(d->ents[e].name))] = e + 1;
}

static unsigned flag_of(const hz_record *r, hz_key k, unsigned bit)
{
	bool yes = false;

	return hz_filled(r, k) && hz_flag_parse(hz_get(r, k), &yes) && yes ? bit : 0;
}

bool hz_due_roster(hz_due *d, const hz_record *r)
{
	if (!r->schema || r->schema->type != HZ_ROSTER)
		return true;
	hz_str name = hz_trim(hz_get(r, HZ_K_ENTERPRISE));
	if (d->frozen)
		return name.n == 0 || find(d, name) >= 0;
	if (name.n == 0 || find(d, name) >= 0)
		return true; /* listed twice: the first entry */
	if (2 * (d->nents + 1) > d->nslots)
		grow_slots(d);
	if (d->nents == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->ents = hz_xrealloc(d->ents, d->cap * sizeof *d->ents);
	}
	enterprise *e = &d->ents[d->nents];
	e->name = hz_xstrndup(name.s, name.n);
	e->flags = flag_of(r, HZ_K_HIGH_RISK, F_HIGH_RISK) | flag_of(r, HZ_K_CROWDED, F_CROWDED);
	d->slots[slot_of(d, name)] = ++d->nents;
	return true;
}

size_t hz_due_roster_size(const hz_due *d)
{
	return d->nents;
}

static long unit_index(const hz_due *d, hz_str name)
{
	name = hz_trim(name);
	for (size_t i = 0; i < d->nunits; i++)
		if (strlen(d->units[i]) == name.n && memcmp(d->units[i], name.s, name.n) == 0)
			return (long)i;
	return -1;
}

void hz_due_unit(hz_due *d, const hz_record *r)
{
	if (!r->schema || r->schema->type != HZ_UNIT || d->frozen)
		return;
	hz_str name = hz_trim(hz_get(r, HZ_K_NAME));
	if (name.n == 0 || unit_index(d, name) >= 0)
		return;
	d->units = hz_xrealloc(d->units, (d->nunits + 1) * sizeof *d->units);
	d->units[d->nunits++] = hz_xstrndup(name.s, name.n);
}

size_t hz_due_units_size(const hz_due *d)
{
	return d->nunits;
}

/* ---- which row binds whom ---- */

static bool binds(const hz_duty_row *r, unsigned flags)
{
	switch (r->applies) {
	case HZ_APPLIES_ENTERPRISE:
		return true;
	case HZ_APPLIES_HIGH_RISK:
		return flags & F_HIGH_RISK;
	case HZ_APPLIES_CROWDED:
		return flags & F_CROWDED;
	default:
		return false;
	}
}

static hz_periods periods_of(const hz_duty_row *r)
{
	return hz_periods_of(r->every, r->start, r->every == HZ_EVERY_ONCE ? r->due : r->end);
}

/* The roster is complete: the winning rows and the done bits. */
static void freeze(hz_due *d)
{
	size_t nrows, ncodes = hz_schedule_ncodes(d->s);
	const hz_duty_row *rows = hz_schedule_rows(d->s, &nrows);

	if (d->frozen)
		return;
	d->frozen = true;
	for (unsigned f = 0; f < FLAG_SETS; f++) {
		for (size_t c = 0; c < ncodes; c++)
			d->win[f][c] = -1;
		for (size_t i = 0; i < nrows; i++) {
			int *w = &d->win[f][rows[i].code_index];
			if (binds(&rows[i], f) && (*w < 0 || rows[i].every < rows[*w].every))
				*w = (int)i;
		}
		for (size_t c = 0; c < ncodes; c++) {
			d->off[f][c] = d->width[f];
			if (d->win[f][c] >= 0) {
				hz_periods p = periods_of(&rows[d->win[f][c]]);
				d->width[f] += (size_t)hz_periods_count(&p);
			}
		}
	}
	for (size_t c = 0; c < ncodes; c++) {
		d->unit_win[c] = d->office_win[c] = -1;
		for (size_t i = 0; i < nrows; i++) {
			int *w = rows[i].applies == HZ_APPLIES_UNIT     ? &d->unit_win[c]
			         : rows[i].applies == HZ_APPLIES_OFFICE ? &d->office_win[c]
			                                                : NULL;
			if (w && rows[i].code_index == (int)c &&
			    (*w < 0 || rows[i].every < rows[*w].every))
				*w = (int)i;
		}
		d->unit_off[c] = d->unit_width;
		d->office_off[c] = d->office_width;
		if (d->unit_win[c] >= 0) {
			hz_periods p = periods_of(&rows[d->unit_win[c]]);
			d->unit_width += (size_t)hz_periods_count(&p);
		}
		if (d->office_win[c] >= 0) {
			hz_periods p = periods_of(&rows[d->office_win[c]]);
			d->office_width += (size_t)hz_periods_count(&p);
		}
	}
	size_t nsent = d->nunits * d->unit_width + d->office_width;
	d->sent = hz_xcalloc(nsent + 1, sizeof *d->sent);
	for (size_t i = 0; i < nsent; i++)
		d->sent[i] = INT_MAX;
	size_t total = 0;
	for (size_t e = 0; e < d->nents; e++) {
		d->ents[e].bits = total;
		total += d->width[d->ents[e].flags];
	}
	d->done = hz_xcalloc(total / 8 + 1, 1);
}

static size_t bit_of(const hz_due *d, const enterprise *e, size_t code, int period)
{
	return e->bits + d->off[e->flags][code] + (size_t)period;
}

/* A record of e dated day fulfils code c, when that code's row binds e
 * and is fulfilled by records of this kind. */
static void mark(hz_due *d, const enterprise *e, size_t c, hz_by by, hz_date day)
{
	size_t nrows;
	const hz_duty_row *rows = hz_schedule_rows(d->s, &nrows);
	int w = d->win[e->flags][c];

	if (w < 0 || rows[w].by != by)
		return;
	const hz_duty_row *r = &rows[w];
	hz_periods p = periods_of(r);
	/* a day anywhere in the row's calendar period (before the window
	 * opens too: the duty is the enterprise's standing one) fulfils it;
	 * once: any day up to A, done late is still done */
	int i = r->every == HZ_EVERY_ONCE ? 0 : hz_periods_calendar_index(&p, day);
	if (i < 0)
		return;
	size_t b = bit_of(d, e, c, i);
	d->done[b / 8] |= (unsigned char)(1u << (b % 8));
}

/* The slot of reporter u's (the office: nunits) period i of code c. */
static hz_date *sent_slot(hz_due *d, size_t u, size_t c, int i)
{
	if (u < d->nunits)
		return &d->sent[u * d->unit_width + d->unit_off[c] + (size_t)i];
	return &d->sent[d->nunits * d->unit_width + d->office_off[c] + (size_t)i];
}

/* A submission: the earliest day each named period was sent. */
static void add_submission(hz_due *d, const hz_record *r)
{
	size_t nrows, ncodes = hz_schedule_ncodes(d->s);
	const hz_duty_row *rows = hz_schedule_rows(d->s, &nrows);
	hz_date day;
	hz_str who = hz_trim(hz_get(r, HZ_K_REPORTER)), per = hz_trim(hz_get(r, HZ_K_PERIOD));
	long u = unit_index(d, who);
	bool office = u < 0 && strlen(d->office) == who.n && memcmp(d->office, who.s, who.n) == 0;

	if ((u < 0 && !office) || !hz_date_parse(hz_get(r, HZ_K_DATE), 0, &day) || day > d->o.as_of)
		return;
	uint64_t codes = hz_schedule_match(d->s, hz_get(r, HZ_K_MATERIAL));
	for (size_t c = 0; c < ncodes; c++) {
		int w = office ? d->office_win[c] : d->unit_win[c];
		hz_period cal;
		if (!(codes & ((uint64_t)1 << c)) || w < 0 ||
		    !hz_period_code_parse(rows[w].every, per.s, per.n, &cal))
			continue;
		hz_periods ps = periods_of(&rows[w]);
		int i = rows[w].every == HZ_EVERY_ONCE ? 0
		                                       : hz_periods_calendar_index(&ps, cal.start);
		if (i < 0)
			continue;
		hz_date *slot = sent_slot(d, office ? d->nunits : (size_t)u, c, i);
		if (day < *slot)
			*slot = day;
	}
}

void hz_due_add(hz_due *d, const hz_record *r)
{
	hz_type t = r->schema ? r->schema->type : HZ_TYPE_UNKNOWN;
	hz_date day;

	if (t == HZ_SUBMISSION) {
		freeze(d);
		add_submission(d, r);
		return;
	}
	if (t != HZ_DUTY && t != HZ_CHECK)
		return;
	freeze(d);
	long e = find(d, hz_get(r, HZ_K_ENTERPRISE));
	hz_key k = t == HZ_DUTY ? HZ_K_DATE : HZ_K_CHECK_DATE;
	if (e < 0 || !hz_date_parse(hz_get(r, k), 0, &day) || day > d->o.as_of)
		return;
	size_t ncodes = hz_schedule_ncodes(d->s);
	uint64_t codes =
	        t == HZ_DUTY ? hz_schedule_match(d->s, hz_get(r, HZ_K_DUTY)) : ~(uint64_t)0;
	for (size_t c = 0; c < ncodes; c++)
		if (codes & ((uint64_t)1 << c))
			mark(d, &d->ents[e], c, t == HZ_DUTY ? HZ_BY_DUTY : HZ_BY_CHECK, day);
}

/* ---- the answer ---- */

typedef struct walk {
	void (*fn)(const hz_due_line *l, void *arg);
	void *arg;
} walk;

static void enterprise_lines(hz_due *d, hz_due_status st, const enterprise *e, const walk *w)
{
	size_t nrows, ncodes = hz_schedule_ncodes(d->s);
	const hz_duty_row *rows = hz_schedule_rows(d->s, &nrows);
	hz_date a = d->o.as_of;

	for (size_t c = 0; c < ncodes; c++) {
		int wi = d->win[e->flags][c];
		if (wi < 0)
			continue;
		const hz_duty_row *r = &rows[wi];
		hz_periods ps = periods_of(r);
		int n = hz_periods_count(&ps);
		for (int i = 0; i < n; i++) {
			hz_period p = hz_periods_at(&ps, i);
			if (p.start > a)
				break;
			size_t b = bit_of(d, e, c, i);
			if (d->done[b / 8] & (1u << (b % 8)))
				continue;
			hz_due_line l = {
				.status = st,
				.enterprise = e->name,
				.code = r->code,
				.label = r->label,
				.every = r->every,
				.period = p,
				.deadline = p.end,
			};
			if (st == HZ_DUE_MISSING && p.end < a)
				l.days = a - p.end;
			else if (st == HZ_DUE_PENDING && d->o.within >= 0 && p.end >= a &&
			         p.end - a <= d->o.within)
				l.days = p.end - a;
			else
				continue;
			w->fn(&l, w->arg);
		}
	}
}

/* The lines of reporter u (a unit, or the office: nunits) of status st. */
static void submitted_lines(hz_due *d, hz_due_status st, size_t u, const walk *w)
{
	size_t nrows, ncodes = hz_schedule_ncodes(d->s);
	const hz_duty_row *rows = hz_schedule_rows(d->s, &nrows);
	hz_date a = d->o.as_of;
	bool office = u == d->nunits;

	for (size_t c = 0; c < ncodes; c++) {
		int wi = office ? d->office_win[c] : d->unit_win[c];
		if (wi < 0)
			continue;
		const hz_duty_row *r = &rows[wi];
		hz_periods ps = periods_of(r);
		int n = hz_periods_count(&ps);
		for (int i = 0; i < n; i++) {
			hz_period p = hz_periods_at(&ps, i);
			hz_date dl = hz_duty_row_deadline(r, p);
			hz_date sent = *sent_slot(d, u, c, i);
			hz_due_line l = {
				.status = st,
				.enterprise = office ? d->office : d->units[u],
				.code = r->code,
				.label = r->label,
				.every = r->every,
				.period = p,
				.deadline = dl,
				.submitted = true,
			};
			if (st == HZ_DUE_MISSING && sent == INT_MAX && dl < a)
				l.days = a - dl;
			else if (st == HZ_DUE_LATE && d->o.late && sent != INT_MAX && sent > dl)
				l.days = sent - dl;
			else if (st == HZ_DUE_UPCOMING && d->o.within >= 0 && sent == INT_MAX &&
			         dl >= a && dl - a <= d->o.within)
				l.days = dl - a;
			else
				continue;
			if ((st == HZ_DUE_MISSING || st == HZ_DUE_LATE) && d->o.have_since &&
			    dl < d->o.since)
				continue;
			w->fn(&l, w->arg);
		}
	}
}

void hz_due_each(hz_due *d, void (*fn)(const hz_due_line *l, void *arg), void *arg)
{
	walk w = { fn, arg };

	static const hz_due_status order[] = {
		HZ_DUE_MISSING,
		HZ_DUE_LATE,
		HZ_DUE_PENDING,
		HZ_DUE_UPCOMING,
	};

	freeze(d);
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		hz_due_status st = order[k];
		if (st == HZ_DUE_MISSING || st == HZ_DUE_PENDING)
			for (size_t e = 0; e < d->nents; e++)
				if (!d->only || strcmp(d->only, d->ents[e].name) == 0)
					enterprise_lines(d, st, &d->ents[e], &w);
		for (size_t u = 0; u <= d->nunits; u++)
			if (!d->only ||
			    strcmp(d->only, u < d->nunits ? d->units[u] : d->office) == 0)
				submitted_lines(d, st, u, &w);
	}
}

/* ---- writing it ---- */

/* The columns of every form; --columns may also name the period as the
 * text lines write it (2023年上半年), which no form has by default. */
enum { COLS = 8, ALL_COLS = 9 };
static const char *const col_zh[ALL_COLS] = {
	"状态", "单位名称", "履职事项代码", "履职事项", "期间起", "期间止", "期限", "天数", "期间",
};
static const char *const col_en[ALL_COLS] = {
	"status",     "enterprise", "code", "label",  "period_start",
	"period_end", "deadline",   "days", "period",
};

int hz_due_columns(const char *spec, int cols[HZ_DUE_COLUMNS_MAX], char *err, size_t errcap)
{
	int n = 0;

	for (const char *p = spec; p && *p;) {
		size_t len = strcspn(p, ",");
		hz_str name = hz_trim((hz_str){ p, len });
		int c = -1;
		for (int i = 0; i < ALL_COLS && c < 0 && name.n > 0; i++)
			if ((strlen(col_en[i]) == name.n &&
			     strncasecmp(col_en[i], name.s, name.n) == 0) ||
			    hz_str_eq(name, col_zh[i]))
				c = i;
		if (name.n > 0 && c < 0) {
			snprintf(
			        err, errcap,
			        HZ_("--columns: no column '%.*s' (status, enterprise, code, label, "
			            "period_start, period_end, deadline, days, period, or their "
			            "Chinese headers)"),
			        (int)name.n, name.s);
			return -1;
		}
		if (c >= 0 && n == HZ_DUE_COLUMNS_MAX) {
			snprintf(err, errcap, HZ_("--columns: more than %d columns named"),
			         HZ_DUE_COLUMNS_MAX);
			return -1;
		}
		if (c >= 0)
			cols[n++] = c;
		p += len + (p[len] == ',');
	}
	if (n == 0)
		snprintf(err, errcap, HZ_("--columns: no column named"));
	return n > 0 ? n : -1;
}

typedef struct out {
	FILE *f;
	const hz_due_write_opts *o;
	hz_date as_of;
	long *counts;
	hz_table *table;
	int cols[HZ_DUE_COLUMNS_MAX]; /* the columns written, in order */
	int ncols;
} out;

static void count_line(const hz_due_line *l, void *arg)
{
	((out *)arg)->counts[l->status]++;
}

/* The cells of a line, as text. */
typedef struct cells {
	char start[11], end[11], deadline[11], days[24], period[32];
	hz_str v[ALL_COLS];
} cells;

static void line_cells(const hz_due_line *l, bool english, cells *c)
{
	hz_date_format(l->period.start, c->start);
	hz_date_format(l->period.end, c->end);
	hz_date_format(l->deadline, c->deadline);
	snprintf(c->days, sizeof c->days, "%ld", l->days);
	c->v[0] = hz_str_c(hz_due_line_word(l->status, l->submitted, english));
	c->v[1] = hz_str_c(l->enterprise ? l->enterprise : "");
	c->v[2] = hz_str_c(l->code);
	c->v[3] = hz_str_c(l->label);
	c->v[4] = hz_str_c(c->start);
	c->v[5] = hz_str_c(c->end);
	c->v[6] = hz_str_c(c->deadline);
	c->v[7] = hz_str_c(c->days);
	hz_period_text(l->every, l->period, c->period);
	c->v[8] = hz_str_c(c->period);
}

static void text_line(const hz_due_line *l, void *arg)
{
	out *o = arg;
	char period[32], day[11];

	if (o->o->columns) { /* --columns: HEADER：VALUE；… */
		cells c;
		line_cells(l, o->o->english, &c);
		for (int i = 0; i < o->ncols; i++)
			hz_text_put_cell(o->f, i == 0,
			                 (o->o->english ? col_en : col_zh)[o->cols[i]],
			                 c.v[o->cols[i]]);
		putc('\n', o->f);
		return;
	}
	hz_period_text(l->every, l->period, period);
	fprintf(o->f, "%s：%s %s ", l->enterprise ? l->enterprise : "本单位", l->label, period);
	hz_date_format(l->deadline, day);
	switch (l->status) {
	case HZ_DUE_MISSING:
		if (l->submitted)
			fprintf(o->f, "未报送（%s，逾期 %ld 天）\n", day, l->days);
		else
			fprintf(o->f, "未履行（逾期 %ld 天）\n", l->days);
		break;
	case HZ_DUE_LATE:
		fprintf(o->f, "迟报（%s，迟 %ld 天）\n", day, l->days);
		break;
	case HZ_DUE_PENDING:
		fprintf(o->f, "本期待履行（还剩 %ld 天）\n", l->days);
		break;
	default:
		fprintf(o->f, "待报送（%s，还剩 %ld 天）\n", day, l->days);
		break;
	}
}

static void csv_line(const hz_due_line *l, void *arg)
{
	out *o = arg;
	cells c;
	char delim = o->o->format == HZ_FMT_TSV ? '\t' : ',';

	line_cells(l, o->o->english, &c);
	for (int i = 0; i < o->ncols; i++) {
		if (i)
			putc(delim, o->f);
		hz_csv_put_cell(o->f, c.v[o->cols[i]].s, c.v[o->cols[i]].n, delim);
	}
	fputs(o->o->crlf ? "\r\n" : "\n", o->f);
}

static void json_line(const hz_due_line *l, void *arg)
{
	out *o = arg;
	cells c;

	line_cells(l, true, &c);
	putc('{', o->f);
	for (int i = 0; i < COLS; i++) {
		fprintf(o->f, "%s\"%s\":", i ? "," : "", col_en[i]);
		if (i == 7)
			fputs(c.days, o->f);
		else if (i == 1 && !l->enterprise)
			fputs("null", o->f);
		else
			hz_json_put_string(o->f, c.v[i].s, c.v[i].n);
	}
	fputs("}\n", o->f);
}

static void table_line(const hz_due_line *l, void *arg)
{
	out *o = arg;
	cells c;
	hz_str v[HZ_DUE_COLUMNS_MAX];

	line_cells(l, o->o->english, &c);
	for (int i = 0; i < o->ncols; i++)
		v[i] = c.v[o->cols[i]];
	hz_table_add(o->table, v);
}

int hz_due_write(hz_due *d, FILE *f, const hz_due_write_opts *wo, long counts[HZ_DUE_STATUS_COUNT])
{
	out o = { f, wo, d->o.as_of, counts, NULL, { 0 }, COLS };
	const char *const *head = wo->english ? col_en : col_zh;
	int rc = 0;
	char err[256];

	if (wo->columns && (o.ncols = hz_due_columns(wo->columns, o.cols, err, sizeof err)) < 0)
		return -1;
	if (!wo->columns)
		for (int i = 0; i < COLS; i++)
			o.cols[i] = i;

	for (int s = 0; s < HZ_DUE_STATUS_COUNT; s++)
		counts[s] = 0;
	hz_due_each(d, count_line, &o);
	switch (wo->format) {
	case HZ_FMT_JSONL:
		hz_due_each(d, json_line, &o);
		break;
	case HZ_FMT_TABLE: {
		hz_str h[HZ_DUE_COLUMNS_MAX];
		o.table = hz_table_new((size_t)o.ncols);
		for (int i = 0; i < o.ncols; i++)
			h[i] = hz_str_c(head[o.cols[i]]);
		hz_table_add(o.table, h);
		hz_due_each(d, table_line, &o);
		rc = hz_table_print(o.table, f, wo->table_width);
		hz_table_free(o.table);
		break;
	}
	case HZ_FMT_CSV:
	case HZ_FMT_TSV: {
		char delim = wo->format == HZ_FMT_TSV ? '\t' : ',';
		if (wo->bom)
			fputs("\xEF\xBB\xBF", f);
		for (int i = 0; i < o.ncols; i++)
			fprintf(f, "%s%s", i ? (delim == ',' ? "," : "\t") : "", head[o.cols[i]]);
		fputs(wo->crlf ? "\r\n" : "\n", f);
		hz_due_each(d, csv_line, &o);
		break;
	}
	default: {
		char day[11];
		hz_date_format(d->o.as_of, day);
		fprintf(f, "逾期未履行 %ld 项，本期待履行 %ld 项，待报送 %ld 项",
		        counts[HZ_DUE_MISSING], counts[HZ_DUE_PENDING], counts[HZ_DUE_UPCOMING]);
		if (d->o.late)
			fprintf(f, "，迟报 %ld 项", counts[HZ_DUE_LATE]);
		fprintf(f, "（截至 %s）\n", day);
		hz_due_each(d, text_line, &o);
		break;
	}
	}
	return rc != 0 || ferror(f) ? -1 : 0;
}
