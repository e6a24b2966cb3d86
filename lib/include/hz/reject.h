/* reject.h - a record's errors gathered as the columns of a rejected record
 * (hz-validate --filter --reject: 错误规则 and 错误说明, or JSON's 错误) */
#ifndef HZ_REJECT_H
#define HZ_REJECT_H
#include <stdbool.h>
#include "hz/diag.h"
#include "hz/writer.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_reject hz_reject;

/* strict: warnings reject a record too (--strict). */
hz_reject *hz_reject_new(bool strict);
/* A hz_diag hook (d->hook = hz_reject_hook, d->hook_arg = the collector):
 * keeps the errors of the record being checked. */
void hz_reject_hook(const hz_finding *f, void *collector);
/* Forget the last record's errors: a new record is checked. */
void hz_reject_reset(hz_reject *rj);
/* The added columns of the record: fills out and returns their number,
 * 2 for CSV (rule ids, messages), 1 for JSON (an array); 0 when it has no
 * errors. Valid until the next reset. */
size_t hz_reject_extras(hz_reject *rj, bool json, hz_extra out[2]);
void hz_reject_free(hz_reject *rj);

HZ_API_END

#endif
