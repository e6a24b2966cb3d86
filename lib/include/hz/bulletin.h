/* bulletin.h - the quarterly 通报 of the units' progress (hz-bulletin(1)) */
#ifndef HZ_BULLETIN_H
#define HZ_BULLETIN_H
#include <stdio.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/docx_write.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_bulletin_opts {
	hz_date as_of;      /* the quarter's last day (or --as-of) */
	hz_date since;      /* the quarter's first day */
	const char *period; /* 2023年第3季度 */
	const char *office; /* 落款, or NULL */
	hz_date judged;     /* reports and replies received by this day count
	                       (the day the 通报 is made; at least as_of) */
} hz_bulletin_opts;

typedef struct hz_bulletin hz_bulletin;

hz_bulletin *hz_bulletin_new(const hz_bulletin_opts *o, hz_diag *d);
void hz_bulletin_free(hz_bulletin *b);
/* Hazards count for their reporter (填报单位) and, with checks and
 * activities, for the street's 调度表 totals; each unit of unit records is
 * a row; submissions judge the units' reports due in the quarter (as
 * hz-due --late does), notices count for the unit they were sent to. */
void hz_bulletin_add(hz_bulletin *b, const hz_record *r);
/* The 通报: the ranked table of units, the street's totals, the units
 * 问题突出 with the plan's sentence. */
hz_doc *hz_bulletin_document(hz_bulletin *b);
/* The same as one JSON object. 0, or -1 on a write error. */
int hz_bulletin_write_json(hz_bulletin *b, FILE *out);

HZ_API_END

#endif
