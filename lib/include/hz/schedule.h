/* schedule.h - the plan's duties as a table of data: who owes what, how
 * often, by when (hz-due(1)) */
#ifndef HZ_SCHEDULE_H
#define HZ_SCHEDULE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hz/date.h"
#include "hz/period.h"
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/* Whom a row binds. */
typedef enum hz_applies {
	HZ_APPLIES_ENTERPRISE,  /* every roster enterprise */
	HZ_APPLIES_HIGH_RISK,   /* roster enterprises flagged 高危行业 */
	HZ_APPLIES_CROWDED,     /* roster enterprises flagged 人员密集场所 */
	HZ_APPLIES_OFFICE,      /* the office itself: a reminder of its deadline */
	HZ_APPLIES_COUNT,
} hz_applies;

/* Which records fulfil a row. */
typedef enum hz_by {
	HZ_BY_DUTY,             /* a duty record naming the code or label */
	HZ_BY_CHECK,            /* a spot-check record of the enterprise */
} hz_by;

/* One row of the schedule. */
typedef struct hz_duty_row {
	const char *code;       /* stable id */
	const char *label;      /* the plan's words */
	hz_applies applies;
	hz_every every;
	hz_date due;            /* once: the last day */
	int due_day;            /* office period rows: day of the last month; 0 = last day */
	hz_date start, end;     /* the row's window */
	hz_by by;
	int code_index;         /* its code: i of hz_schedule_code(s, i) */
} hz_duty_row;

/* Codes are at most this many (a duty record's match is a bit set). */
#define HZ_SCHEDULE_CODES_MAX 64

typedef struct hz_schedule hz_schedule;

/* The built-in schedule of the 2023 plan (man hz-due). */
const hz_schedule *hz_schedule_default(void);
/* A schedule file (CSV, the columns of --print-schedule, headers matched
 * case-insensitively). NULL on any bad row or column, with the reason,
 * naming the line, in err. */
hz_schedule *hz_schedule_load(const char *path, char *err, size_t errcap);
void hz_schedule_free(hz_schedule *s);   /* the default is not freed */

const hz_duty_row *hz_schedule_rows(const hz_schedule *s, size_t *count);
/* The distinct codes in the order of their first row. */
size_t hz_schedule_ncodes(const hz_schedule *s);
const char *hz_schedule_code(const hz_schedule *s, size_t i);
/* The label of code i (its first row's). */
const char *hz_schedule_label(const hz_schedule *s, size_t i);
/* The codes a duty cell names: bit i for code i. A cell matches a code or
 * a label exactly after trimming; a label shared by several codes names
 * each. 0 when it names none (unknown-duty). */
uint64_t hz_schedule_match(const hz_schedule *s, hz_str cell);

/* The schedule as CSV, the columns a schedule file takes. Returns 0, or
 * -1 on a write error. */
int hz_schedule_print(const hz_schedule *s, FILE *out);

HZ_API_END

#endif
