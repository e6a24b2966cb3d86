/* sheet.h - a spreadsheet cell as the text a register holds
 *
 * The .xlsx and .xls readers store numbers, dates and booleans as values;
 * the rules read text. These turn a cell's value into the text a clerk
 * sees in Excel or WPS, the same for both readers. */
#ifndef HZ_SHEET_H
#define HZ_SHEET_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/api.h"
HZ_API_BEGIN

/* Room for any text below, with its NUL. */
#define HZ_SHEET_TEXT_MAX 40

/* A number as its shortest decimal text, at most 15 significant digits as
 * Excel shows it: 1 (not 1.0), 0.1, 12345678901, 1E+20. Returns the length. */
size_t hz_sheet_number(double v, char buf[HZ_SHEET_TEXT_MAX]);

/* Is s[0..n) a plain decimal ("12", "-3", "0.5", "15.06") that
 * hz_sheet_number gives back unchanged: no exponent, no leading or trailing
 * zero, at most 15 significant digits, 10^-4 or more? Then a reader may
 * keep the text and skip the conversion both ways. */
bool hz_sheet_number_as_written(const char *s, size_t n);

/* A date serial as YYYY-MM-DD: days since 1899-12-30 in Excel's 1900
 * system (whose day 60 is the 1900-02-29 Lotus counted, written as such so
 * that the date rules reject it), or since 1904-01-01; the time of day is
 * dropped. False when the serial is no day of years 1900..9999 (1900's
 * serial 0 is the "1900-01-00" Excel shows). */
bool hz_sheet_date(double serial, bool date1904, char buf[HZ_SHEET_TEXT_MAX]);

/* Is built-in number format id a date format (14-22, and the East Asian
 * 27-36 and 50-58 that Chinese Excel and WPS use for 年月日)? */
bool hz_sheet_builtin_date(int id);

/* Is a custom number format code a date format: y, m or d outside quoted
 * text, [brackets] and \escapes (m with no h or s, which would make it
 * minutes)? "yyyy\"年\"m\"月\"d\"日\"" is; "0.00", "h:mm", "@" are not. */
bool hz_sheet_format_is_date(const char *code);

/* A number cell's text: its date when is_date and the serial is a day,
 * else the number. Returns the length. */
size_t hz_sheet_value(double v, bool is_date, bool date1904, char buf[HZ_SHEET_TEXT_MAX]);

/* A cell reference "AB12" as a 0-based column (27) and a 1-based row (12).
 * False when it is not one (then the cell is taken as the next column). */
bool hz_sheet_ref(const char *ref, long *col, long *row);

/* Largest column a sheet has (XFD, Excel's limit). */
#define HZ_SHEET_COLS_MAX 16384
/* Largest row number a sheet has (Excel's limit). */
#define HZ_SHEET_ROWS_MAX 1048576L

/* OOXML's escapes of characters XML cannot hold (ECMA-376 22.9.2.19):
 * "_x000D_" is a carriage return, "_x005F_" a literal underscore (so
 * "_x005F_x0001_" is the text "_x0001_"). Decodes s[0..n) in place and
 * returns its new length; a lone UTF-16 surrogate becomes U+FFFD. */
size_t hz_sheet_unescape(char *s, size_t n);

/* The reverse, for a writer: s[0..n) with each control character other
 * than tab and line feed as _xHHHH_ and each "_x" that would read as an
 * escape as "_x005F_x", into out (room for 7 * n + 1 bytes, NUL-ended).
 * Returns the length. */
size_t hz_sheet_escape(const char *s, size_t n, char *out);

HZ_API_END

#endif
