/* rule_ids.c - every rule id with its severity: one row each */
#include <string.h>
#include "hz/rule_ids.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	hz_severity severity;
} rule_ids[HZ_RULE_COUNT] = {
	/* file-level: found by the reader */
	[HZ_RULE_IO] = { "io", HZ_FATAL },
	[HZ_RULE_ENCODING] = { "encoding", HZ_ERROR },
	[HZ_RULE_CELL_TOO_LONG] = { "cell-too-long", HZ_ERROR },
	[HZ_RULE_CSV_SYNTAX] = { "csv-syntax", HZ_ERROR },
	[HZ_RULE_JSON_SYNTAX] = { "json-syntax", HZ_ERROR },
	[HZ_RULE_NO_HEADER] = { "no-header", HZ_ERROR },
	[HZ_RULE_EMPTY_INPUT] = { "empty-input", HZ_WARNING },
	[HZ_RULE_HEADER_DUPLICATE] = { "header-duplicate", HZ_ERROR },
	[HZ_RULE_HEADER_MISSING] = { "header-missing", HZ_ERROR },
	[HZ_RULE_HEADER_UNKNOWN] = { "header-unknown", HZ_WARNING },
	[HZ_RULE_HEADER_EXTENSION] = { "header-extension", HZ_WARNING },
	[HZ_RULE_TOO_MANY_CELLS] = { "too-many-cells", HZ_ERROR },
	/* record rules: checked by the validator (rules.c), some by other tools too */
	[HZ_RULE_REQUIRED] = { "required", HZ_ERROR },
	[HZ_RULE_BAD_ID] = { "bad-id", HZ_ERROR },
	[HZ_RULE_DUPLICATE_ID] = { "duplicate-id", HZ_ERROR },
	[HZ_RULE_BAD_DATE] = { "bad-date", HZ_ERROR },
	[HZ_RULE_BAD_LEVEL] = { "bad-level", HZ_ERROR },
	[HZ_RULE_BAD_STAGE] = { "bad-stage", HZ_ERROR },
	[HZ_RULE_UNKNOWN_DOMAIN] = { "unknown-domain", HZ_WARNING },
	[HZ_RULE_BAD_SOURCE] = { "bad-source", HZ_ERROR },
	[HZ_RULE_BAD_LISTED] = { "bad-listed", HZ_ERROR },
	[HZ_RULE_BAD_AMOUNT] = { "bad-amount", HZ_ERROR },
	[HZ_RULE_DATE_BEFORE_CHECK] = { "date-before-check", HZ_ERROR },
	[HZ_RULE_EXTENSION_BEFORE_DEADLINE] = { "extension-before-deadline", HZ_ERROR },
	[HZ_RULE_FUTURE_DATE] = { "future-date", HZ_ERROR },
	[HZ_RULE_LISTED_BEFORE_CHECK] = { "listed-before-check", HZ_ERROR },
	[HZ_RULE_DONE_WITHOUT_DATE] = { "done-without-date", HZ_ERROR },
	[HZ_RULE_DATE_WITHOUT_DONE] = { "date-without-done", HZ_ERROR },
	[HZ_RULE_FIVE_IMPLEMENTATIONS] = { "five-implementations", HZ_ERROR },
	[HZ_RULE_PROGRESS_MISMATCH] = { "progress-mismatch", HZ_WARNING },
	[HZ_RULE_PROGRESS_ORDER] = { "progress-order", HZ_WARNING },
	[HZ_RULE_DUPLICATE_HAZARD] = { "duplicate-hazard", HZ_WARNING },
	[HZ_RULE_BAD_FLAG] = { "bad-flag", HZ_ERROR },
	[HZ_RULE_UNKNOWN_ENTERPRISE] = { "unknown-enterprise", HZ_WARNING },
	[HZ_RULE_UNKNOWN_ITEM] = { "unknown-item", HZ_ERROR },
	[HZ_RULE_BAD_COUNT] = { "bad-count", HZ_ERROR },
	[HZ_RULE_NEEDS_SUBJECT] = { "needs-subject", HZ_ERROR },
	[HZ_RULE_SUB_EXCEEDS] = { "sub-exceeds", HZ_ERROR },
	[HZ_RULE_NEEDS_VALUE] = { "needs-value", HZ_ERROR },
	[HZ_RULE_DUPLICATE_ENTERPRISE] = { "duplicate-enterprise", HZ_WARNING },
	[HZ_RULE_UNKNOWN_DUTY] = { "unknown-duty", HZ_ERROR },
	/* findings of the other tools, documented in their pages */
	[HZ_RULE_SKIPPED] = { "skipped", HZ_WARNING },
	[HZ_RULE_BAD_TALLY] = { "bad-tally", HZ_ERROR },
	[HZ_RULE_AS_OF_MISMATCH] = { "as-of-mismatch", HZ_ERROR },
	[HZ_RULE_WRONG_TYPE] = { "wrong-type", HZ_ERROR },
	[HZ_RULE_ROSTER_LATE] = { "roster-late", HZ_WARNING },
	[HZ_RULE_EMPTY_ROSTER] = { "empty-roster", HZ_ERROR },
	[HZ_RULE_BAD_CHANNEL] = { "bad-channel", HZ_ERROR },
	[HZ_RULE_BAD_FINDING] = { "bad-finding", HZ_ERROR },
	[HZ_RULE_BAD_LISTING_LEVEL] = { "bad-listing-level", HZ_ERROR },
	[HZ_RULE_BAD_NOTICE_KIND] = { "bad-notice-kind", HZ_ERROR },
	[HZ_RULE_BAD_REVIEW_RESULT] = { "bad-review-result", HZ_ERROR },
	[HZ_RULE_DATE_BEFORE_RECEIVED] = { "date-before-received", HZ_ERROR },
	[HZ_RULE_DELISTED_BEFORE_LISTED] = { "delisted-before-listed", HZ_ERROR },
	[HZ_RULE_DELISTED_NOT_LISTED] = { "delisted-not-listed", HZ_ERROR },
	[HZ_RULE_DELISTED_OPEN] = { "delisted-open", HZ_ERROR },
	[HZ_RULE_DUPLICATE_DOC] = { "duplicate-doc", HZ_ERROR },
	[HZ_RULE_LISTED_NOT_DELISTED] = { "listed-not-delisted", HZ_WARNING },
	[HZ_RULE_PAID_WITHOUT_REWARD] = { "paid-without-reward", HZ_ERROR },
	[HZ_RULE_PERSONAL_DATA] = { "personal-data", HZ_ERROR },
	[HZ_RULE_REPLY_BEFORE_ISSUE] = { "reply-before-issue", HZ_ERROR },
	[HZ_RULE_REVIEW_BEFORE_CHECK] = { "review-before-check", HZ_ERROR },
	[HZ_RULE_REVIEW_BEFORE_DONE] = { "review-before-done", HZ_ERROR },
	[HZ_RULE_REVIEW_FAILED_OPEN] = { "review-failed-open", HZ_ERROR },
	[HZ_RULE_REWARD_UNVERIFIED] = { "reward-unverified", HZ_ERROR },
	[HZ_RULE_SIGNOFF_WITHOUT_REVIEW] = { "signoff-without-review", HZ_ERROR },
	[HZ_RULE_TALLY_DOUBLE_SOURCE] = { "tally-double-source", HZ_WARNING },
	[HZ_RULE_UNKNOWN_HAZARD] = { "unknown-hazard", HZ_WARNING },

	[HZ_RULE_BAD_UNIT_KIND] = { "bad-unit-kind", HZ_WARNING },
	[HZ_RULE_DUPLICATE_UNIT] = { "duplicate-unit", HZ_WARNING },
	[HZ_RULE_UNKNOWN_MATERIAL] = { "unknown-material", HZ_ERROR },
	[HZ_RULE_BAD_PERIOD] = { "bad-period", HZ_ERROR },
	[HZ_RULE_UNKNOWN_UNIT] = { "unknown-unit", HZ_WARNING },
	[HZ_RULE_REPORT_DIFFERS] = { "report-differs", HZ_WARNING },

};

const char *hz_rule_name(hz_rule_id rule)
{
	return rule_ids[rule].name;
}

hz_severity hz_rule_id_severity(hz_rule_id rule)
{
	return rule_ids[rule].severity;
}

bool hz_rule_id_parse(const char *name, hz_rule_id *rule)
{
	for (size_t i = 0; i < NELEM(rule_ids); i++)
		if (strcmp(rule_ids[i].name, name) == 0) {
			*rule = (hz_rule_id)i;
			return true;
		}
	return false;
}
