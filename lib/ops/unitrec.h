/* unitrec.h - (private) what the office's own records say of each unit:
 * the units file, the 报送台账 (submissions) and the notices sent, as the
 * 督促函 (notice.c) and the 通报 (bulletin.c) list them.
 *
 *	u = hz_unitrec_new(&o);
 *	hz_unitrec_add(u, rec);   ... every record of the inputs
 *	hz_unitrec_reports(u, name, &list); hz_unitrec_counts(u, name, &c);
 *	hz_unitrec_notices(u, name, &list);
 *	hz_unitrec_free(u);
 *
 * Reports are judged by hz-due's rules (hz_due with --late): nothing of
 * the lateness is computed here. */
#ifndef HZ_UNITREC_H
#define HZ_UNITREC_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/date.h"
#include "hz/fields.h"
#include "hz/record.h"

typedef struct hz_unitrec_opts {
	hz_date since;  /* deadlines and issue days from this day (0: all) */
	hz_date until;  /* ... to this day */
	hz_date judged; /* submissions and replies received up to this day count */
} hz_unitrec_opts;

/* A unit's report that is missing or was late (hz-due's line). */
typedef struct hz_unit_report {
	const char *code, *label;
	char period[32]; /* 2023-06, 2023年第3季度, 2023-05-24前 */
	hz_date deadline;
	hz_date received; /* late: the first submission's day */
	long days;        /* late: received - deadline; missing: judged - deadline */
	bool late;
} hz_unit_report;

/* Its 报送期限 as YYYY-MM-DD and its 情况: 逾期未报送 N 天, or 迟报 N 天（DAY 报送）. */
void hz_unit_report_cells(const hz_unit_report *r, char deadline[11], char what[96]);

/* A notice sent (type notice), with what came of it. */
typedef struct hz_unit_notice {
	const hz_record *r;
	hz_date issued, reply_by, replied; /* 0 when the cell holds no date */
	bool answered;                     /* a 回复日期 on or before the judged day */
	long overdue;                      /* past reply_by unanswered: days; else 0 */
} hz_unit_notice;

/* A unit's figures; -1 where there is no record (无记录): reports without
 * a units file or submission log naming the unit among the units, notices
 * without a notice file. */
typedef struct hz_unit_counts {
	long due, on_time, late, missing; /* reports due in [since, until] */
	long sent, answered, unanswered;  /* notices issued in [since, until] */
} hz_unit_counts;

typedef struct hz_unitrec hz_unitrec;

hz_unitrec *hz_unitrec_new(const hz_unitrec_opts *o);
void hz_unitrec_free(hz_unitrec *u);
/* Unit, submission and notice records are kept (copied); true when taken. */
bool hz_unitrec_add(hz_unitrec *u, const hz_record *r);
/* What the reports cannot be judged without: "单位名单" (no unit records),
 * "报送台账" (no submission records), or NULL. */
const char *hz_unitrec_lacking(const hz_unitrec *u);
/* Whether the inputs held records of type t (unit, submission, notice). */
bool hz_unitrec_have(const hz_unitrec *u, hz_type t);
/* The units of the units file, in its order. */
size_t hz_unitrec_units(hz_unitrec *u, const char *const **names);
/* The unit's missing and late reports, in hz-due's order (missing first);
 * false when there is no record to judge them by. */
bool hz_unitrec_reports(hz_unitrec *u, const char *name, const hz_unit_report **list, size_t *n);
/* The notices to the unit (its 对象, or for a notice to an enterprise the
 * 填报单位 of the first hazard it names), issued in the window, in the
 * file's order (valid until the next call); false without notice records. */
bool hz_unitrec_notices(hz_unitrec *u, const char *name, const hz_unit_notice **list, size_t *n);
/* The figures of the unit (a list handed out before stays valid). */
void hz_unitrec_counts(hz_unitrec *u, const char *name, hz_unit_counts *c);

#endif
