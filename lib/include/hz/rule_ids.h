/* rule_ids.h - every rule id hz reports, with its severity: the one list a
 * finding names its rule from (rules.md; hz-validate(1) for each rule's
 * meaning). Record rules have their checks in the validator's table
 * (rules.h); the reader's file-level rules and the tools' own findings are
 * made where they are found, naming their row here. */
#ifndef HZ_RULE_IDS_H
#define HZ_RULE_IDS_H
#include <stdbool.h>
#include "hz/api.h"
HZ_API_BEGIN

typedef enum hz_severity {
	HZ_WARNING,
	HZ_ERROR,
	HZ_FATAL,
} hz_severity;

/* New ids go at the end (before HZ_RULE_COUNT): the values are part of the
 * library's ABI. */
typedef enum hz_rule_id {
	HZ_RULE_IO,
	HZ_RULE_ENCODING,
	HZ_RULE_CELL_TOO_LONG,
	HZ_RULE_CSV_SYNTAX,
	HZ_RULE_JSON_SYNTAX,
	HZ_RULE_NO_HEADER,
	HZ_RULE_EMPTY_INPUT,
	HZ_RULE_HEADER_DUPLICATE,
	HZ_RULE_HEADER_MISSING,
	HZ_RULE_HEADER_UNKNOWN,
	HZ_RULE_HEADER_EXTENSION,
	HZ_RULE_TOO_MANY_CELLS,
	HZ_RULE_REQUIRED,
	HZ_RULE_BAD_ID,
	HZ_RULE_DUPLICATE_ID,
	HZ_RULE_BAD_DATE,
	HZ_RULE_BAD_LEVEL,
	HZ_RULE_BAD_STAGE,
	HZ_RULE_UNKNOWN_DOMAIN,
	HZ_RULE_BAD_SOURCE,
	HZ_RULE_BAD_LISTED,
	HZ_RULE_BAD_AMOUNT,
	HZ_RULE_DATE_BEFORE_CHECK,
	HZ_RULE_EXTENSION_BEFORE_DEADLINE,
	HZ_RULE_FUTURE_DATE,
	HZ_RULE_LISTED_BEFORE_CHECK,
	HZ_RULE_DONE_WITHOUT_DATE,
	HZ_RULE_DATE_WITHOUT_DONE,
	HZ_RULE_FIVE_IMPLEMENTATIONS,
	HZ_RULE_PROGRESS_MISMATCH,
	HZ_RULE_PROGRESS_ORDER,
	HZ_RULE_DUPLICATE_HAZARD,
	HZ_RULE_BAD_FLAG,
	HZ_RULE_UNKNOWN_ENTERPRISE,
	HZ_RULE_UNKNOWN_ITEM,
	HZ_RULE_BAD_COUNT,
	HZ_RULE_NEEDS_SUBJECT,
	HZ_RULE_SUB_EXCEEDS,
	HZ_RULE_NEEDS_VALUE,
	HZ_RULE_DUPLICATE_ENTERPRISE,
	HZ_RULE_UNKNOWN_DUTY,
	/* findings of the other tools, documented in their pages */
	HZ_RULE_SKIPPED,            /* hz-tally: a record that cannot be counted is skipped */
	HZ_RULE_BAD_TALLY,          /* hz-tally --merge: an input that is not a tally document */
	HZ_RULE_AS_OF_MISMATCH,     /* hz-tally --merge: tallies of different as-of days */
	HZ_RULE_WRONG_TYPE,         /* hz-add: a record of another type than the register */
	HZ_RULE_ROSTER_LATE,        /* hz-due: a roster record after the first duty or check record of stdin */
	HZ_RULE_EMPTY_ROSTER,     /* --roster: a file with no record or no name */
	HZ_RULE_BAD_CHANNEL,
	HZ_RULE_BAD_FINDING,
	HZ_RULE_BAD_LISTING_LEVEL,
	HZ_RULE_BAD_NOTICE_KIND,
	HZ_RULE_BAD_REVIEW_RESULT,
	HZ_RULE_DATE_BEFORE_RECEIVED,
	HZ_RULE_DELISTED_BEFORE_LISTED,
	HZ_RULE_DELISTED_NOT_LISTED,
	HZ_RULE_DELISTED_OPEN,
	HZ_RULE_DUPLICATE_DOC,
	HZ_RULE_LISTED_NOT_DELISTED,
	HZ_RULE_PAID_WITHOUT_REWARD,
	HZ_RULE_PERSONAL_DATA,
	HZ_RULE_REPLY_BEFORE_ISSUE,
	HZ_RULE_REVIEW_BEFORE_CHECK,
	HZ_RULE_REVIEW_BEFORE_DONE,
	HZ_RULE_REVIEW_FAILED_OPEN,
	HZ_RULE_REWARD_UNVERIFIED,
	HZ_RULE_SIGNOFF_WITHOUT_REVIEW,
	HZ_RULE_TALLY_DOUBLE_SOURCE,
	HZ_RULE_UNKNOWN_HAZARD,
	HZ_RULE_BAD_UNIT_KIND,
	HZ_RULE_DUPLICATE_UNIT,
	HZ_RULE_UNKNOWN_MATERIAL,
	HZ_RULE_BAD_PERIOD,
	HZ_RULE_UNKNOWN_UNIT,
	HZ_RULE_REPORT_DIFFERS,
	HZ_RULE_COUNT
} hz_rule_id;

/* "duplicate-id" */
const char *hz_rule_name(hz_rule_id rule);
hz_severity hz_rule_id_severity(hz_rule_id rule);
/* The id of a rule name, or false. */
bool hz_rule_id_parse(const char *name, hz_rule_id *rule);

HZ_API_END

#endif
