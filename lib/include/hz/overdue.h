/* overdue.h - which hazards are past their deadline, due soon, or were late (hz-overdue(1)) */
#ifndef HZ_OVERDUE_H
#define HZ_OVERDUE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/record.h"
#include "hz/strset.h"
#include "hz/writer.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_overdue_opts {
	hz_date as_of;   /* A: --as-of, else today */
	long within;     /* --within N, or -1 when not given */
	bool late;       /* --late: rectified after the deadline instead */
	bool listed;     /* --listed: only hazards listed by A */
	long unreviewed; /* --unreviewed N: instead, hazards rectified
	                           more than N days before A and not reviewed
	                           (待复查); -1 when not given */
} hz_overdue_opts;

void hz_overdue_opts_init(hz_overdue_opts *o, hz_date as_of);

typedef enum hz_overdue_status {
	HZ_OD_NONE,       /* not selected */
	HZ_OD_OVERDUE,    /* 超期 */
	HZ_OD_DUE_SOON,   /* 临期 */
	HZ_OD_LATE,       /* 逾期完成 */
	HZ_OD_UNREVIEWED, /* 待复查: rectified, no 复查 yet */
	HZ_OD_UNANSWERED, /* 超期未回复: a notice or tip past its reply day */
	HZ_OD_STATUS_COUNT,
} hz_overdue_status;

/* What the selection found about one hazard. */
typedef struct hz_overdue_hit {
	hz_overdue_status status;
	long days;        /* days_overdue: A - deadline, or done - deadline */
	hz_date deadline; /* the effective deadline */
	bool extended;    /* the deadline is an approved extension */
	hz_date done;     /* done_date, for HZ_OD_LATE */
} hz_overdue_hit;

/* Decide one record. A notice or tip is selected when its reply day is
 * before A and it has no reply (days: A - reply_by), in the default
 * selection only. Other records that are not hazards, and hazards found after
 * A, are passed over without a word. A hazard whose check_date, deadline or
 * filled extension is empty or not a date is reported to d (file and line)
 * and not selected. Returns true when r is selected; *hit says why. */
bool hz_overdue_check(const hz_overdue_opts *o, const hz_record *r, hz_diag *d,
                      hz_overdue_hit *hit);

/* 超期, 临期, 逾期完成 (the value of 状态 in every format); "" for none. */
const char *hz_overdue_status_word(hz_overdue_status s);

/* The two fields added to each record written: 超期天数 (a JSON number)
 * and 状态. buf keeps the days' text alive as long as extra is used. */
#define HZ_OVERDUE_EXTRAS 2
void hz_overdue_extras(const hz_overdue_hit *hit, hz_extra extra[HZ_OVERDUE_EXTRAS], char buf[32]);

/* The record to write for r: r itself, or, when r already has 超期天数 or
 * 状态 columns (the output of an earlier run, in a pipeline), a view of r
 * without them, so that the new fields replace them instead of doubling
 * them. The view is valid until the next call. */
typedef struct hz_overdue_view hz_overdue_view;
hz_overdue_view *hz_overdue_view_new(void);
const hz_record *hz_overdue_view_of(hz_overdue_view *v, const hz_record *r);
void hz_overdue_view_free(hz_overdue_view *v);

/* One alert line for mail or a chat hook, newline included:
 * #12 [消防] 某某酒店：疏散通道堆放杂物 — 超期 15 天（时限 2023-06-30，责任人 张三）
 * Returns 0, or -1 when the stream is in error. */
int hz_overdue_alert(FILE *out, const hz_record *r, const hz_overdue_hit *hit);

/* The same, with the hazard's 填报单位 first when it has one:
 * [公园社区] #12 [消防] 某某酒店：… (--unit-names, over several units' registers). */
int hz_overdue_alert_unit(FILE *out, const hz_record *r, const hz_overdue_hit *hit);
/* That 填报单位 alone, as "[公园社区] ", or nothing when it is empty (the
 * text lines of --columns with --unit-names). */
void hz_overdue_put_unit(FILE *out, const hz_record *r);

/* --unique: is this the first listing of the hazard, by its 填报单位 and
 * 序号 (a number: "07" is 7)? A record without a 序号 always is. seen
 * holds the keys of the hazards listed so far. */
bool hz_overdue_first_listing(hz_strset *seen, const hz_record *r);

/* --sort: the selected records, copied, then ordered most overdue first,
 * ties by id, then input order. The only part that grows with the input. */
typedef struct hz_overdue_list hz_overdue_list;

hz_overdue_list *hz_overdue_list_new(void);
void hz_overdue_list_add(hz_overdue_list *l, const hz_record *r, const hz_overdue_hit *hit);
void hz_overdue_list_sort(hz_overdue_list *l);
size_t hz_overdue_list_size(const hz_overdue_list *l);
const hz_record *hz_overdue_list_get(const hz_overdue_list *l, size_t i,
                                     const hz_overdue_hit **hit);
void hz_overdue_list_free(hz_overdue_list *l);

HZ_API_END

#endif
