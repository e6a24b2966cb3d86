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
	HZ_APPLIES_OFFICE,      /* the office itself (--office): what it owes the district */
	HZ_APPLIES_UNIT,        /* every unit of the units file: what it owes the office */
	HZ_APPLIES_COUNT,
} hz_applies;

/* Which records fulfil a row. */
typedef enum hz_by {
	HZ_BY_DUTY,             /* a duty record naming the code or label */
	HZ_BY_CHECK,            /* a spot-check record of the enterprise */
	HZ_BY_SUBMISSION,       /* a submission record (unit and office rows) */
} hz_by;

/* One row of the schedule. */
typedef struct hz_duty_row {
	const char *code;       /* stable id */
	const char *label;      /* the plan's words */
	hz_applies applies;
	hz_every every;
	hz_date due;            /* once: the last day */
	int due_day;            /* unit/office period rows: day of the last month; 0 = last day */
	int due_after;          /* unit/office period rows: due +N days after the period */
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

/* Is the row tracked by submissions (applies unit or office)? */
bool hz_duty_row_submitted(const hz_duty_row *r);
/* The deadline of a unit or office row's period p (p unclipped, the
 * calendar period): the due day of the period's last month (a day the
 * month lacks is its last day; never after the period's end), or +N days
 * after the period's last day, else its last day; once: due. */
hz_date hz_duty_row_deadline(const hz_duty_row *r, hz_period p);
/* The unit or office row a submission's material names (a code or label,
 * trimmed), the first such row; NULL when none does. */
const hz_duty_row *hz_schedule_material(const hz_schedule *s, hz_str material);
/* The material of a register sent in (office.md): not a schedule row. */
#define HZ_MATERIAL_REGISTER "register"

/* The schedule as CSV, the columns a schedule file takes. Returns 0, or
 * -1 on a write error. */
int hz_schedule_print(const hz_schedule *s, FILE *out);

HZ_API_END

#endif
