/* notice.h - the 督促函 to one unit or enterprise (hz-notice(1)) */
#ifndef HZ_NOTICE_H
#define HZ_NOTICE_H
#include <stdbool.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/docx_write.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_notice_opts {
	const char *to;     /* the unit (填报单位) or enterprise (责任单位) */
	const char *doc;    /* 文号 */
	const char *office; /* 落款, or NULL */
	hz_date as_of;      /* the day the letter is issued */
	hz_date reply_by;   /* 回复期限 */
} hz_notice_opts;

typedef struct hz_notice hz_notice;

hz_notice *hz_notice_new(const hz_notice_opts *o, hz_diag *d);
void hz_notice_free(hz_notice *n);
/* A record of the inputs: a hazard of the target (its reporter or its
 * 责任单位 is the target) is kept; roster, duty and check records feed the
 * duties; unit and submission records the reports (missing and late as
 * hz-due --late judges them), notice records the notices unanswered;
 * records of types the inputs lack leave their list 无记录. */
void hz_notice_add(hz_notice *n, const hz_record *r);
/* The letter: whole (title, addressee, the lists, reply deadline, 落款 and
 * date), or only the lists (list_only: what a letterhead's {{清单}} takes). */
hz_doc *hz_notice_document(hz_notice *n, bool list_only);
/* The fields of a letterhead: 文号, 对象, 日期, 回复期限 (valid while n is). */
size_t hz_notice_fields(hz_notice *n, hz_doc_field out[4]);
/* The notice record (type notice of hz-formats(5)) appended to path,
 * created with its header when missing, under the register lock. The
 * hazards it names are the overdue ones. 0, or -1 with a message. */
int hz_notice_record(hz_notice *n, const char *path, char *err, size_t errcap);
/* How many things the letter lists (overdue hazards, missed duties,
 * missing or late reports, notices unanswered past their reply day). */
long hz_notice_count(const hz_notice *n);

HZ_API_END

#endif
