/* hazard.h - the definitions hz-tally(1) and hz-overdue share about a hazard */
#ifndef HZ_HAZARD_H
#define HZ_HAZARD_H
#include <stdbool.h>
#include "hz/date.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

/* Rectified by A: done_date valid and <= A; or done_date empty and stage
 * 已整改/已销号 (day unknown: rectified for every A). An invalid done_date
 * is not rectified. */
bool hz_hazard_rectified_by(const hz_record *r, hz_date as_of);
/* Listed (挂牌督办) by A: a yes flag word, or a date <= A. */
bool hz_hazard_listed_by(const hz_record *r, hz_date as_of);
/* The effective deadline: extension where filled, else deadline. Returns
 * false when the one that applies is empty or not a date. */
bool hz_hazard_effective_deadline(const hz_record *r, hz_date *out);

HZ_API_END

#endif
