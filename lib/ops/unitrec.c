/* unitrec.c - what the office's own records say of each unit: reports
 * missing and late (judged by hz_due), notices sent, answered, unanswered */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/due.h"
#include "hz/overdue.h"
#include "hz/schedule.h"
#include "hz/text.h"
#include "unitrec.h"
#include "xalloc.h"
#include "record_int.h"

typedef struct unit {
	char *name;
	hz_unit_report *reports;
	size_t nreports;
	long expected, late, missing, pending;
} unit;

typedef struct notice {
	hz_record *r;
	char *to, *reporter; /* trimmed 对象; 填报单位 of its first hazard, or NULL */
	hz_unit_notice n;
} notice;

struct hz_unitrec {
	hz_unitrec_opts o;
	unit *units;
	size_t nunits;
	const char **names;
	hz_record **keep; /* the unit and submission records, until judged */
	size_t nkeep;
	bool have_submissions, judged;
	notice *notices;
	size_t nnotices;
	bool have_notices;
	hz_unit_notice *found; /* what hz_unitrec_notices hands out */
};

hz_unitrec *hz_unitrec_new(const hz_unitrec_opts *o)
{
	hz_unitrec *u = hz_xcalloc(1, sizeof *u);

	u->o = *o;
	return u;
}

void hz_unitrec_free(hz_unitrec *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nunits; i++) {
		free(u->units[i].name);
		free(u->units[i].reports);
	}
	for (size_t i = 0; i < u->nkeep; i++)
		hz_record_free(u->keep[i]);
	for (size_t i = 0; i < u->nnotices; i++) {
		hz_record_free(u->notices[i].r);
		free(u->notices[i].to);
		free(u->notices[i].reporter);
	}
	free(u->units);
	free(u->names);
	free(u->keep);
	free(u->notices);
	free(u->found);
	free(u);
}

static unit *find_unit(hz_unitrec *u, const char *name, size_t len)
{
	for (size_t i = 0; i < u->nunits; i++)
		if (strlen(u->units[i].name) == len && memcmp(u->units[i].name, name, len) == 0)
			return &u->units[i];
	return NULL;
}

static hz_date date_of(const hz_record *r, hz_key k)
{
	hz_date d;

	return hz_date_parse(hz_trim(hz_get(r, k)), 0, &d) ? d : 0;
}

static char *trimmed(const hz_record *r, hz_key k)
{
	hz_str v = hz_trim(hz_get(r, k));

	return v.n ? hz_xstrndup(v.s, v.n) : NULL;
}

/* The REPORTER of a hazards cell's first REPORTER:ID line, or NULL. */
static char *first_reporter(const hz_record *r)
{
	hz_str v = hz_trim(hz_get(r, HZ_K_HAZARDS));
	const char *end = v.n ? memchr(v.s, '\n', v.n) : NULL;
	size_t len = end ? (size_t)(end - v.s) : v.n;
	const char *colon = len ? memchr(v.s, ':', len) : NULL;

	if (!colon)
		return NULL;
	hz_str rep = hz_trim((hz_str){ v.s, (size_t)(colon - v.s) });
	return rep.n ? hz_xstrndup(rep.s, rep.n) : NULL;
}

static void add_notice(hz_unitrec *u, const hz_record *r)
{
	notice *n;

	u->notices = hz_xrealloc(u->notices, (u->nnotices + 1) * sizeof *u->notices);
	n = &u->notices[u->nnotices++];
	memset(n, 0, sizeof *n);
	n->r = hz_record_copy(r);
	n->to = trimmed(r, HZ_K_TO);
	n->reporter = first_reporter(r);
	n->n.r = n->r;
	n->n.issued = date_of(r, HZ_K_ISSUED);
	n->n.reply_by = date_of(r, HZ_K_REPLY_BY);
	n->n.replied = date_of(r, HZ_K_REPLIED);
	n->n.answered = n->n.replied && n->n.replied <= u->o.judged;
	/* 超期未回复 as hz-overdue lists it, on the judged day */
	hz_overdue_opts oo;
	hz_overdue_hit hit;
	hz_overdue_opts_init(&oo, u->o.judged);
	if (hz_overdue_check(&oo, r, NULL, &hit) && hit.status == HZ_OD_UNANSWERED)
		n->n.overdue = hit.days;
}

bool hz_unitrec_add(hz_unitrec *u, const hz_record *r)
{
	hz_type t = hz_record_type(r);

	if (t == HZ_NOTICE) {
		u->have_notices = true;
		add_notice(u, r);
		return true;
	}
	if (t != HZ_UNIT && t != HZ_SUBMISSION)
		return false;
	if (t == HZ_UNIT) {
		hz_str name = hz_trim(hz_get(r, HZ_K_NAME));
		if (name.n == 0 || find_unit(u, name.s, name.n))
			return true; /* a unit named twice counts once, as in hz-due */
		u->units = hz_xrealloc(u->units, (u->nunits + 1) * sizeof *u->units);
		memset(&u->units[u->nunits], 0, sizeof u->units[u->nunits]);
		u->units[u->nunits++].name = hz_xstrndup(name.s, name.n);
	} else {
		u->have_submissions = true;
	}
	u->keep = hz_xrealloc(u->keep, (u->nkeep + 1) * sizeof *u->keep);
	u->keep[u->nkeep++] = hz_record_copy(r);
	return true;
}

const char *hz_unitrec_lacking(const hz_unitrec *u)
{
	return u->nunits == 0 ? "单位名单" : !u->have_submissions ? "报送台账" : NULL;
}

void hz_unit_report_cells(const hz_unit_report *r, char deadline[11], char what[96])
{
	char received[11];

	hz_date_format(r->deadline, deadline);
	if (r->late) {
		hz_date_format(r->received, received);
		snprintf(what, 96, "迟报 %ld 天（%s 报送）", r->days, received);
	} else {
		snprintf(what, 96, "逾期未报送 %ld 天", r->days);
	}
}

bool hz_unitrec_have(const hz_unitrec *u, hz_type t)
{
	return t == HZ_UNIT         ? u->nunits > 0
	       : t == HZ_SUBMISSION ? u->have_submissions
	                            : t == HZ_NOTICE && u->have_notices;
}

size_t hz_unitrec_units(hz_unitrec *u, const char *const **names)
{
	free(u->names);
	u->names = hz_xcalloc(u->nunits + 1, sizeof *u->names);
	for (size_t i = 0; i < u->nunits; i++)
		u->names[i] = u->units[i].name;
	*names = u->names;
	return u->nunits;
}

/* ---- reports, judged by hz_due ---- */

/* A line of a unit row (not the office's) whose deadline is in the window. */
static unit *line_unit(hz_unitrec *u, const hz_due_line *l)
{
	size_t nrows;
	const hz_duty_row *rows = hz_schedule_rows(hz_schedule_default(), &nrows);
	bool unit_row = false;

	for (size_t i = 0; i < nrows && !unit_row; i++)
		unit_row = rows[i].applies == HZ_APPLIES_UNIT && strcmp(rows[i].code, l->code) == 0;
	if (!unit_row || !l->enterprise || l->deadline > u->o.until ||
	    (u->o.since && l->deadline < u->o.since))
		return NULL;
	return find_unit(u, l->enterprise, strlen(l->enterprise));
}

static void on_line(const hz_due_line *l, void *arg)
{
	hz_unitrec *u = arg;
	unit *un = line_unit(u, l);
	hz_unit_report *rep;

	if (!un)
		return;
	if (l->status == HZ_DUE_UPCOMING) {
		un->pending++; /* due on the judged day, not yet in */
		return;
	}
	if (l->status != HZ_DUE_MISSING && l->status != HZ_DUE_LATE)
		return;
	un->reports = hz_xrealloc(un->reports, (un->nreports + 1) * sizeof *un->reports);
	rep = &un->reports[un->nreports++];
	memset(rep, 0, sizeof *rep);
	rep->code = l->code;
	rep->label = l->label;
	hz_period_text(l->every, l->period, rep->period);
	rep->deadline = l->deadline;
	rep->days = l->days;
	rep->late = l->status == HZ_DUE_LATE;
	if (rep->late) {
		rep->received = l->deadline + l->days;
		un->late++;
	} else {
		un->missing++;
	}
}

/* Without submissions every period due is missing or upcoming: what was due. */
static void on_expected(const hz_due_line *l, void *arg)
{
	hz_unitrec *u = arg;
	unit *un = line_unit(u, l);

	if (un && (l->status == HZ_DUE_MISSING || l->status == HZ_DUE_UPCOMING))
		un->expected++;
}

/* hz-due --units --late as of the judged day, its upcoming lines (within
 * 0: due that very day) told apart; then once more without the
 * submissions, which lists every period due: the rest were on time. */
static void judge(hz_unitrec *u)
{
	hz_due_opts o = { .as_of = u->o.judged, .within = 0, .late = true };

	if (u->judged)
		return;
	u->judged = true;
	if (u->nunits == 0 || !u->have_submissions)
		return;
	for (int pass = 0; pass < 2; pass++) {
		hz_due *d = hz_due_new(hz_schedule_default(), &o);
		for (size_t i = 0; i < u->nkeep; i++)
			if (hz_record_type(u->keep[i]) == HZ_UNIT)
				hz_due_unit(d, u->keep[i]);
		for (size_t i = 0; i < u->nkeep && pass == 0; i++)
			if (hz_record_type(u->keep[i]) == HZ_SUBMISSION)
				hz_due_add(d, u->keep[i]);
		hz_due_each(d, pass == 0 ? on_line : on_expected, u);
		hz_due_free(d);
	}
}

bool hz_unitrec_reports(hz_unitrec *u, const char *name, const hz_unit_report **list, size_t *n)
{
	unit *un;

	judge(u);
	*list = NULL;
	*n = 0;
	if (!u->have_submissions || !(un = find_unit(u, name, strlen(name))))
		return false;
	*list = un->reports;
	*n = un->nreports;
	return true;
}

/* ---- notices ---- */

static bool notice_of(const hz_unitrec *u, const notice *n, const char *name)
{
	if (n->to && strcmp(n->to, name) == 0)
		return true;
	/* a notice to an enterprise counts for the unit whose hazard it names */
	return n->reporter && strcmp(n->reporter, name) == 0 &&
	       !(n->to && find_unit((hz_unitrec *)u, n->to, strlen(n->to)));
}

/* Issued in the window, to the unit. */
static bool counted(const hz_unitrec *u, const notice *n, const char *name)
{
	return n->n.issued && n->n.issued <= u->o.until &&
	       (!u->o.since || n->n.issued >= u->o.since) && notice_of(u, n, name);
}

bool hz_unitrec_notices(hz_unitrec *u, const char *name, const hz_unit_notice **list, size_t *count)
{
	size_t k = 0;

	free(u->found);
	u->found = hz_xcalloc(u->nnotices + 1, sizeof *u->found);
	for (size_t i = 0; i < u->nnotices; i++)
		if (counted(u, &u->notices[i], name))
			u->found[k++] = u->notices[i].n;
	*list = u->found;
	*count = k;
	return u->have_notices;
}

void hz_unitrec_counts(hz_unitrec *u, const char *name, hz_unit_counts *c)
{
	const hz_unit_report *reps;
	size_t n;

	c->due = c->on_time = c->late = c->missing = -1;
	c->sent = c->answered = c->unanswered = -1;
	if (hz_unitrec_reports(u, name, &reps, &n)) {
		const unit *un = find_unit(u, name, strlen(name));
		c->late = un->late;
		c->missing = un->missing;
		c->due = un->expected - un->pending;
		c->on_time = c->due - c->late - c->missing;
	}
	if (u->have_notices) {
		/* not through hz_unitrec_notices: a list it handed out stays valid */
		c->sent = c->answered = c->unanswered = 0;
		for (size_t i = 0; i < u->nnotices; i++) {
			const notice *k = &u->notices[i];
			if (!counted(u, k, name))
				continue;
			c->sent++;
			c->answered += k->n.answered;
			c->unanswered += k->n.overdue > 0;
		}
	}
}
