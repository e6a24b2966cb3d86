/* date.h - calendar days: parsing every spelling of hz-formats(5), printing ISO */
#ifndef HZ_DATE_H
#define HZ_DATE_H
#include <stdbool.h>
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/* A calendar day as a count of days since 1970-01-01 (negative before).
 * Dates compare by calendar day, so plain integer comparison is right. */
typedef int hz_date;

#define HZ_DATE_YEAR_MIN 1900
#define HZ_DATE_YEAR_MAX 2100

enum hz_date_flags {
	HZ_DATE_ALLOW_BEFORE = 1, /* deadline only: trailing 前 or 之前 */
};

/* Parse a date cell (hz-formats(5) "Dates"): 2023-05-23, 2023/5/23, 2023.5.23,
 * 2023年5月23日, 20230523, full-width digits, an optional trailing time,
 * spaces around ignored. Returns false for anything else or an impossible day. */
bool hz_date_parse(hz_str cell, int flags, hz_date *out);
bool hz_date_from_ymd(int y, int m, int d, hz_date *out);
void hz_date_to_ymd(hz_date day, int *y, int *m, int *d);
/* Writes "YYYY-MM-DD" and a NUL into buf (11 bytes). */
void hz_date_format(hz_date day, char buf[11]);
bool hz_is_leap(int y);
int hz_month_days(int y, int m);
/* A cell holding an Excel serial day number instead of a date (a date
 * cell pasted as a number, or formatted as 常规: 45083 is 2023-06-06): the
 * day it stands for, when it is a whole number naming a day from 1990 to
 * 2100. For a hint in a bad-date message; it is never read as a date. */
bool hz_date_excel_serial(hz_str cell, hz_date *out);
/* The local date of the running process. */
hz_date hz_date_today(void);

HZ_API_END

#endif
