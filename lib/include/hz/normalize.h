/* normalize.h - hz-fmt --normalize: each value in its canonical spelling */
#ifndef HZ_NORMALIZE_H
#define HZ_NORMALIZE_H
#include <stddef.h>
#include "hz/fields.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * What --normalize rewrites, by the kind of the field (a value that is not
 * valid for its kind is left exactly as it is, so hz-validate still sees
 * and reports it; blank cells stay as they are):
 *   date            YYYY-MM-DD; deadline's trailing 前/之前 and any time
 *                   of day dropped
 *   progress_date   each line YYYY-MM-DD, lines joined by LF (a line that
 *                   is not a date kept as it is)
 *   domain, level,  the canonical word (危化品 -> 危险化学品, 县级 -> 县区,
 *   stage, source   完成整改 -> 已整改), spaces around trimmed
 *   listed          a flag word as 是 or 否; a date as YYYY-MM-DD
 *   flags           是 or 否 (1, Y, true, √ -> 是; 0, N, false -> 否)
 *   funds, amount   trimmed: 1.50 -> 1.5, 2.0 -> 2, " 3 " -> 3
 *   id, count       the plain integer: " 007 " -> 7
 *   sub             an amount for item 4.5, a count for 3.8 (by the
 *                   record's item); left alone for any other item
 * Text, progress and item cells, and unknown columns, are never changed.
 */

/* The normalised text of cell, a value of field f, as a malloc'd string;
 * NULL when it is already normal, blank, or not valid. r is the record
 * the cell belongs to, needed only for sub (may be NULL otherwise). */
char *hz_normalize_cell(const hz_field *f, hz_str cell, const hz_record *r);
/* Normalise every cell of r in place. Returns the number of cells changed. */
size_t hz_normalize_record(hz_record *r);

HZ_API_END

#endif
