/* rules.h - the rule table of hz-validate(1) and the validator that walks it */
#ifndef HZ_RULES_H
#define HZ_RULES_H
#include <stdbool.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/record.h"
#include "hz/schedule.h"
#include "hz/strset.h"
#include "hz/vocab.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_validator hz_validator;

/* One rule: one row of hz-validate(1). Record rules have a check function that
 * the validator calls for records of their type; file-level rules (type
 * HZ_TYPE_UNKNOWN) are emitted by the reader and listed here for the
 * man page and the tests. */
typedef struct hz_rule {
	hz_rule_id rule;         /* its id and severity (rule_ids.h) */
	hz_type type;
	void (*check)(hz_validator *v, const hz_record *r);
	const char *zh;          /* meaning, in Chinese */
	const char *en;          /* meaning, in English */
} hz_rule;

const hz_rule *hz_rules(size_t *count);
typedef struct hz_validate_opts {
	hz_date today;
	const hz_domains *domains;   /* --domains, or NULL */
	const hz_strset *roster;     /* --roster names (trimmed), or NULL */
	const hz_schedule *schedule; /* --schedule (unknown-duty), or NULL: the built-in one */
	bool hazard_refs;            /* remember every input's hazards, so that a
	                                notice naming another is unknown-hazard */
	const hz_strset *units;      /* --units names (trimmed, unknown-unit), or NULL */
} hz_validate_opts;

hz_validator *hz_validator_new(const hz_validate_opts *o, hz_diag *d);
/* Start a new input: duplicate-id and duplicate-hazard look within one file. */
void hz_validator_new_file(hz_validator *v);
/* Check r against every rule of its type. Returns the number of errors
 * found for it (warnings not counted), those the reader found in it
 * (r->flags: bad bytes, too many cells) included; the reader reported
 * those, so they reach only the diag's hook here. */
int hz_validate_record(hz_validator *v, const hz_record *r);
/* Work of hz_validate_record that needs only the record, done ahead (on
 * the reading thread): set hz_read_opts.prepare to this, prepare_arg to
 * the validator. Findings are the same with or without it. */
void hz_validator_prepare(void *arg, hz_record *rec);
/* Remember r's id and hazard key without checking it (hz-add reads the
 * register this way before checking the new records against it). */
void hz_validator_note(hz_validator *v, const hz_record *r);
void hz_validator_free(hz_validator *v);

HZ_API_END

#endif
