/* amount.h - exact decimals in 万元, held as integers of 0.0001 */
#ifndef HZ_AMOUNT_H
#define HZ_AMOUNT_H
#include <stdbool.h>
#include <stdint.h>
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/* 1 万元 == 10000 units; sums are exact integer additions. */
typedef int64_t hz_amount;
#define HZ_AMOUNT_SCALE 10000

/* A decimal >= 0 with at most 4 places (hz-formats(5) "Amounts"): "1", "0.5",
 * "12.3456", spaces around ignored; no sign, separators or units. */
bool hz_amount_parse(hz_str cell, hz_amount *out);
/* Trailing zeros trimmed: 1.5, 12, 0.35. Needs 32 bytes. Returns length. */
int hz_amount_format(hz_amount a, char buf[32]);

/* A non-negative integer (ids, counts): digits only after trimming,
 * fits in a long. */
bool hz_count_parse(hz_str cell, long *out);

HZ_API_END

#endif
