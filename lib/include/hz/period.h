/* period.h - the calendar periods of the plan's duties: month, quarter,
 * half, year, once (hz-due(1)) */
#ifndef HZ_PERIOD_H
#define HZ_PERIOD_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/date.h"
#include "hz/api.h"
HZ_API_BEGIN

/* How often a duty falls due, shortest first: the order is the one in
 * which the shortest period wins. */
typedef enum hz_every {
	HZ_EVERY_MONTH,
	HZ_EVERY_QUARTER,
	HZ_EVERY_HALF,          /* Jan-Jun, Jul-Dec */
	HZ_EVERY_YEAR,
	HZ_EVERY_ONCE,
	HZ_EVERY_COUNT,
} hz_every;

const char *hz_every_name(hz_every e);          /* "month", ... */
bool hz_every_parse(const char *name, hz_every *out);

/* One period, both days included. */
typedef struct hz_period {
	hz_date start, end;
} hz_period;

/* The periods of a duty in its window [start, end]: the calendar months
 * (quarters, halves, years) that overlap the window, each clipped to it,
 * numbered from 0; a once duty has the one period [start, due]. */
typedef struct hz_periods {
	hz_every every;
	hz_date start, end;     /* the window (once: start and due) */
} hz_periods;

hz_periods hz_periods_of(hz_every every, hz_date start, hz_date end);
/* Number of periods (0 when end < start). */
int hz_periods_count(const hz_periods *p);
/* Period i (0 <= i < count), clipped to the window. */
hz_period hz_periods_at(const hz_periods *p, int i);
/* The number of the period that holds day d, or -1 when d is outside the
 * window. */
int hz_periods_index(const hz_periods *p, hz_date d);

/* The number of the period whose whole calendar period (unclipped) holds
 * day d: a day before the window's start in its first month (quarter, ...)
 * is in period 0. -1 when none; once: 0 for any day up to its end. */
int hz_periods_calendar_index(const hz_periods *p, hz_date d);

/* How a period reads in a mail line: 2023-06, 2023年第3季度, 2023年下半年,
 * 2023年, and for once its last day, 2023-05-31前. buf holds 32 bytes. */
void hz_period_text(hz_every every, hz_period p, char buf[32]);

/* The code of the calendar period of `every` holding day, as a submission
 * names it: 2023-06, 2023Q3, 2023H2, 2023; "" for once. buf holds 16. */
void hz_period_code(hz_every every, hz_date day, char buf[16]);
/* A submission's period code (n bytes at s) as the calendar period it
 * names, unclipped: false when it does not fit `every` (once: only ""). */
bool hz_period_code_parse(hz_every every, const char *s, size_t n, hz_period *out);

HZ_API_END

#endif
