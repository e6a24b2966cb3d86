/* fields.h - the record types and their fields, as tables (hz-formats(5)) */
#ifndef HZ_FIELDS_H
#define HZ_FIELDS_H
#include <stdbool.h>
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef enum hz_type {
	HZ_HAZARD,
	HZ_CHECK,
	HZ_ACTIVITY,
	HZ_ROSTER,
	HZ_DUTY,          /* what an enterprise did of the plan's duties (hz-due) */
	HZ_NOTICE,        /* a 督促函 or 督办 the office sent (hz-formats(5)) */
	HZ_TIP,           /* a 举报 received, from receipt to reward */
	HZ_UNIT,          /* a community or department that reports to the office */
	HZ_SUBMISSION,    /* one thing the office received (报送台账) */
	HZ_TYPE_COUNT,
	HZ_TYPE_UNKNOWN = HZ_TYPE_COUNT,
} hz_type;

/* Every field key of every type. A key names the same thing in each type
 * that has it (check_date, reporter, ...), so records index values by key. */
typedef enum hz_key {
	HZ_K_ID,
	HZ_K_DOMAIN,
	HZ_K_HAZARD,
	HZ_K_LEVEL,
	HZ_K_MEASURES,
	HZ_K_CHECK_DATE,
	HZ_K_DEADLINE,
	HZ_K_UNIT,
	HZ_K_STAGE,
	HZ_K_DONE_DATE,
	HZ_K_PROGRESS,
	HZ_K_PROGRESS_DATE,
	HZ_K_REMARKS,
	HZ_K_SOURCE,
	HZ_K_LISTED,
	HZ_K_OWNER,
	HZ_K_FUNDS,
	HZ_K_PLAN,
	HZ_K_EXTENSION,
	HZ_K_REPORTER,
	HZ_K_ENTERPRISE,
	HZ_K_DEPARTMENT,
	HZ_K_NO_STUDY,
	HZ_K_NO_LEAD_CHECK,
	HZ_K_NO_DUTY_LIST,
	HZ_K_NO_SAFETY_STAFF,
	HZ_K_UNLICENSED_WORK,
	HZ_K_OUTSOURCING_CHAOS,
	HZ_K_NO_DRILL,
	HZ_K_DATE,
	HZ_K_ITEM,
	HZ_K_COUNT,
	HZ_K_AMOUNT,
	HZ_K_SUB,
	HZ_K_SUBJECT,
	HZ_K_INDUSTRY,
	HZ_K_HIGH_RISK,
	HZ_K_CROWDED,
	HZ_K_DUTY,
	/* the office's sign-off and 挂牌督办 columns of a hazard */
	HZ_K_REVIEW_DATE,
	HZ_K_REVIEWER,
	HZ_K_REVIEW_RESULT,
	HZ_K_EVIDENCE,
	HZ_K_LISTING_LEVEL,
	HZ_K_LISTING_AUTHORITY,
	HZ_K_LISTING_DOC,
	HZ_K_DELISTED,
	/* notices (督促函, 督办) and tips (举报) */
	HZ_K_DOC,
	HZ_K_KIND,
	HZ_K_TO,
	HZ_K_ISSUED,
	HZ_K_REPLY_BY,
	HZ_K_REPLIED,
	HZ_K_HAZARDS,
	HZ_K_CONTENT,
	HZ_K_RECEIVED,
	HZ_K_CHANNEL,
	HZ_K_ANONYMOUS,
	HZ_K_INSIDER,
	HZ_K_VERIFIED,
	HZ_K_FINDING,
	HZ_K_ACTION,
	HZ_K_REWARD,
	HZ_K_PAID,
	HZ_K_NAME,        /* a unit's 单位名称 */
	HZ_K_CONTACT,
	HZ_K_PHONE,
	HZ_K_MATERIAL,    /* a submission's 报送材料 */
	HZ_K_PERIOD,
	HZ_K_FILE,
	HZ_K_SHA256,
	HZ_K_RECORDS,
	HZ_K_ERRORS,
	HZ_K_WARNINGS,
	HZ_KEY_COUNT,
	HZ_K_NONE = -1,
} hz_key;

/* What a field holds; decides how it is checked and how JSON writes it. */
typedef enum hz_kind {
	HZ_KIND_TEXT,
	HZ_KIND_ID,        /* positive integer */
	HZ_KIND_DATE,
	HZ_KIND_DATES,     /* one date a line (progress_date) */
	HZ_KIND_LINES,     /* one text a line (progress) */
	HZ_KIND_DOMAIN,
	HZ_KIND_LEVEL,
	HZ_KIND_STAGE,
	HZ_KIND_SOURCE,
	HZ_KIND_LISTED,    /* flag or date */
	HZ_KIND_FLAG,
	HZ_KIND_AMOUNT,
	HZ_KIND_COUNT,     /* integer >= 0 */
	HZ_KIND_SUB,       /* a count for 3.8, an amount for 4.5 */
	HZ_KIND_ITEM,
	HZ_KIND_LIST,      /* one text a line (evidence, hazards): a JSON array */
	HZ_KIND_REVIEW,    /* 通过 or 不通过 */
	HZ_KIND_LISTING_LEVEL,     /* 省级, 市级, 区级, 街道 */
	HZ_KIND_NOTICE_KIND,       /* 督促函, 督办通知, ... */
	HZ_KIND_CHANNEL,   /* 12345, 12350, 电话, ... */
	HZ_KIND_FINDING,   /* 属实, 部分属实, 不属实 */
} hz_kind;

enum hz_field_flags {
	HZ_F_REQUIRED_COLUMN = 1,  /* header-missing when absent */
	HZ_F_EXTENSION = 2,        /* header-extension warns when absent */
	HZ_F_FORM = 4,             /* one of 附件2's own 13 columns */
	/* Date fields (kind DATE or DATES): every one gets bad-date; these
	 * add the other date rules of hz-validate(1). */
	HZ_F_AFTER_CHECK = 8,      /* date-before-check: not before check_date */
	HZ_F_NOT_FUTURE = 16,      /* future-date: not after today */
	HZ_F_DATE_BEFORE = 32,     /* may end in 前/之前 (HZ_DATE_ALLOW_BEFORE) */
	HZ_F_OFFICE = 64,          /* the office's column: a new register is made
	                              without it, the tool that fills it adds it */
	HZ_F_AFTER_BASE = 128,     /* not before its type's first date: issued
	                              (reply-before-issue), received
	                              (date-before-received) */
};

/* One field of one record type: one row of a hz-formats(5) table. */
typedef struct hz_field {
	hz_key key;
	const char *name;          /* English key */
	const char *header;        /* Chinese header, as printed on the form */
	const char *aliases[6];    /* further accepted headers, NULL-terminated */
	hz_kind kind;
	int flags;
} hz_field;

const char *hz_type_name(hz_type t);           /* "hazard", ... */
bool hz_type_parse(const char *name, hz_type *out);

/* The fields of a type in the form's order (the order of hz-formats(5)). */
const hz_field *hz_fields(hz_type t, size_t *count);
/* The field of key k in type t, or NULL when t has no such field. */
const hz_field *hz_field_of(hz_type t, hz_key k);
/* The English key of k. */
const char *hz_key_name(hz_key k);
/* The Chinese header of field k in type t, as printed on the form; the
 * English key when t has no such field. Findings name fields this way. */
const char *hz_field_header(hz_type t, hz_key k);

/* Match a header cell (or JSON key) against type t's fields: English key,
 * Chinese header or alias, case-, space-, BOM- and bracket-insensitive.
 * t == HZ_TYPE_UNKNOWN matches against every type. Returns HZ_K_NONE
 * when nothing matches. */
hz_key hz_match_header(hz_type t, hz_str cell);

/* Tell the type from the keys a header names (hz-formats(5) "Telling the type"). */
hz_type hz_type_from_keys(const bool present[HZ_KEY_COUNT]);
/* Tell the type from a header's cells: as hz_type_from_keys, except that
 * only 事项 (not the activity's 项目 or item) beside an enterprise column
 * makes a duty file. */
hz_type hz_type_from_header(const hz_str *cells, size_t n);

/* A header cell that names the person who reported (举报人, 姓名, 联系电话,
 * 身份证): a tip file must not hold one (personal-data). */
bool hz_personal_header(hz_str cell);

HZ_API_END

#endif
