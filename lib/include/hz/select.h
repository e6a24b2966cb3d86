/* select.h - choosing records: the conditions of --where (hz(1), CHOOSING RECORDS) */
#ifndef HZ_SELECT_H
#define HZ_SELECT_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * Conditions on fields, all of which must hold:
 *   FIELD=VALUE   equal after trimming; a vocabulary field by its canonical
 *                 word, a date field by day, a flag by yes or no, an id by
 *                 number
 *   FIELD!=VALUE  not equal
 *   FIELD~TEXT    the cell contains TEXT
 *   FIELD<DATE, FIELD<=DATE, FIELD>DATE, FIELD>=DATE   a date field's day
 *                 (a cell of several dates, 整改进展时间, by its latest);
 *                 a cell that is not a date never holds; an id or a
 *                 count compares as a number the same way
 *   FIELD=        empty (FIELD!= not empty)
 * FIELD is an English key, a Chinese header or an alias. A record without
 * the field holds it empty. The set is read only once built, so records
 * may be matched on any thread.
 */
typedef struct hz_select hz_select;

hz_select *hz_select_new(void);
/* Add one condition: 0, or -1 with why EXPR is wrong in err (a usage
 * error). */
int hz_select_add(hz_select *s, const char *expr, char *err, size_t errcap);
/* Number of conditions. */
size_t hz_select_count(const hz_select *s);
/* Does every condition hold for r? */
bool hz_select_match(const hz_select *s, const hz_record *r);
void hz_select_free(hz_select *s);

HZ_API_END

#endif
