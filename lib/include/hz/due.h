/* due.h - which enterprise owes which duty of the plan, which office
 * deadline is near (hz-due(1)) */
#ifndef HZ_DUE_H
#define HZ_DUE_H
#include <stdbool.h>
#include <stdio.h>
#include "hz/date.h"
#include "hz/format.h"
#include "hz/period.h"
#include "hz/record.h"
#include "hz/schedule.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_due_opts {
	hz_date as_of;          /* A */
	long within;            /* --within N, or -1 */
	const char *enterprise; /* --enterprise NAME (trimmed compare), or NULL */
	const char *office;     /* --office NAME: who owes the office rows; NULL: 本街道 */
	bool late;              /* --late: also the periods fulfilled after their deadline */
	bool have_since;        /* --since DATE: missing and late lines whose deadline is */
	hz_date since;          /* on or after it */
} hz_due_opts;

typedef enum hz_due_status {
	HZ_DUE_MISSING,  /* 逾期未履行: the period ended before A, not done */
	HZ_DUE_PENDING,  /* 本期待履行: holds A, not done, ends within N days */
	HZ_DUE_UPCOMING, /* 待报送: a unit or office deadline in [A, A+N] */
	HZ_DUE_LATE,     /* 迟报: submitted after its deadline (--late) */
	HZ_DUE_STATUS_COUNT,
} hz_due_status;

/* missing/pending/upcoming/late, or 逾期未履行/本期待履行/待报送/迟报. */
const char *hz_due_status_word(hz_due_status s, bool english);
/* The same for a unit or office row: 逾期未报送 for missing. */
const char *hz_due_line_word(hz_due_status s, bool submitted, bool english);

/* One line of the answer. */
typedef struct hz_due_line {
	hz_due_status status;
	const char *enterprise; /* trimmed; NULL for an office row without 填报单位 */
	const char *code, *label;
	hz_every every;
	hz_period period;
	hz_date deadline;
	long days;      /* A - deadline (missing), deadline - A (pending,
	                           upcoming), submitted - deadline (late) */
	bool submitted; /* a unit or office row (tracked by submissions) */
} hz_due_line;

typedef struct hz_due hz_due;

hz_due *hz_due_new(const hz_schedule *s, const hz_due_opts *o);
void hz_due_free(hz_due *d);
/* A roster record: an enterprise to schedule, by its first entry. Roster
 * records given after the first hz_due_add are ignored: false then, when
 * it names an enterprise not yet listed. A flag that is not a flag word
 * counts as no. */
bool hz_due_roster(hz_due *d, const hz_record *r);
size_t hz_due_roster_size(const hz_due *d);
/* A unit record (office.md): a unit to track the unit rows of, in the
 * order given; a name given twice counts once. Call before hz_due_add. */
void hz_due_unit(hz_due *d, const hz_record *r);
size_t hz_due_units_size(const hz_due *d);
/* A duty or check record that fulfils what it names, or a submission
 * (the earliest date of each unit's or the office's material and period is
 * kept); other types, names not on the roster or units, bad dates and days
 * after A count for nothing. Keeps only a bit per (enterprise, code,
 * period), a date per (unit, code, period). */
void hz_due_add(hz_due *d, const hz_record *r);
/* The lines in order (status: missing, late, pending, upcoming; then
 * roster enterprises, units, the office; schedule order; period). */
void hz_due_each(hz_due *d, void (*fn)(const hz_due_line *l, void *arg), void *arg);

/* The answer in one form: text (a summary line, then a line each, in
 * Chinese, for mail), csv, tsv, jsonl or table. counts gets the number of
 * lines of each status. Returns 0, or -1 on a write error. */
typedef struct hz_due_write_opts {
	hz_format format;
	bool english; /* --lang en: CSV/table headers and status words */
	bool crlf, bom;
	int table_width;
	const char *columns; /* --columns F1,F2,...: the columns of text, table,
	                           CSV and TSV, in that order (text: a line
	                           天数：12；… after the summary line); NULL: all */
} hz_due_write_opts;
int hz_due_write(hz_due *d, FILE *out, const hz_due_write_opts *o,
                 long counts[HZ_DUE_STATUS_COUNT]);

/* --columns: the output columns named (an English key in any case, or a
 * Chinese header), in that order, into cols. Returns how many, or -1 with
 * a message in err when a name names no column. */
#define HZ_DUE_COLUMNS_MAX 32
int hz_due_columns(const char *spec, int cols[HZ_DUE_COLUMNS_MAX], char *err, size_t errcap);

HZ_API_END

#endif
