/* diag.h - findings: rule id, severity, place, message; text or JSON Lines */
#ifndef HZ_DIAG_H
#define HZ_DIAG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "hz/record.h"
#include "hz/rule_ids.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_finding {
	const char *file;
	long line;
	long record;       /* 0 -> null */
	long row;          /* spreadsheet row; 0 -> null */
	const char *id;    /* the record's id text, or NULL */
	const char *field; /* English key, or NULL */
	const char *rule;
	hz_severity severity;
	const char *message;
} hz_finding;

typedef enum hz_diag_format {
	HZ_DIAG_TEXT,
	HZ_DIAG_JSON,
} hz_diag_format;

/* Where findings go. Counts what it was given; a hook lets a tool see each
 * finding (hz-validate --filter collects a record's errors that way). */
typedef struct hz_diag {
	FILE *out;        /* stderr; NULL to only count */
	const char *prog; /* "hz-validate", text prefix */
	hz_diag_format format;
	long errors, warnings, fatals;
	bool quiet_warnings;
	void (*hook)(const hz_finding *f, void *arg);
	void *hook_arg;
	/* the translations of the format strings used so far (diag.c) */
	struct hz_diag_msg {
		const char *msgid, *text;
	} msgs[64];
} hz_diag;

void hz_diag_init(hz_diag *d, const char *prog);
void hz_diag_emit(hz_diag *d, const hz_finding *f);
/* A finding's rule and severity, from the rule's row (rule_ids.h). */
void hz_finding_of(hz_finding *f, hz_rule_id rule);
/* A finding of rule about record r (place and id from r; severity from the
 * rule's row). In text, a finding about a record ends with where a clerk
 * finds it: (序号 N, row R). */
void hz_diag_record(hz_diag *d, const hz_record *r, hz_rule_id rule, hz_key field, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
/* The same with a va_list: what wrappers that add to a finding (the
 * validator's report) call, so the message is formatted once. */
void hz_diag_vrecord(hz_diag *d, const hz_record *r, hz_rule_id rule, hz_key field, const char *fmt,
                     va_list ap) __attribute__((format(printf, 5, 0)));
/* A finding of rule about a place in a file (record may be 0). */
void hz_diag_place(hz_diag *d, const char *file, long line, long record, hz_rule_id rule,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
const char *hz_severity_name(hz_severity s);

/* A cell's text as quoted in a message: trimmed, control characters (a
 * line break) shown as spaces so a finding stays one line, bytes not valid
 * UTF-8 as '?', cut at a character boundary with "..." past HZ_QUOTE_MAX
 * bytes. Every finding quotes cells this way. */
#define HZ_QUOTE_MAX 80
typedef struct hz_quoted {
	char s[HZ_QUOTE_MAX + 8];
} hz_quoted;
const char *hz_quote(hz_str v, hz_quoted *q);

HZ_API_END

#endif
