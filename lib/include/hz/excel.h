/* excel.h - the formula-injection guard of hz-fmt --excel */
#ifndef HZ_EXCEL_H
#define HZ_EXCEL_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/fields.h"
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * Excel and WPS run a CSV cell as a formula when it starts with = + - or @
 * (and, after a tab or CR, with what follows), also in their full-width
 * forms ＝ ＋ － ＠ which they fold to ASCII. hz-fmt --excel puts a ' in
 * front of every such cell, so the spreadsheet shows it as text.
 *
 * Left alone, in a numeric column only (a field of kind amount, count,
 * sub or id: funds, amount, count, sub, id): a plain number, "-" then
 * digits with at most one "." between digits (-5, -0.5, -12.3456). Excel
 * reads it as the number it is, never as a formula, and such a column
 * must stay numeric. In any other column (text, dates, unknown columns)
 * "-5" gets the guard like every other cell starting with "-": there it
 * is text, and issue 6 exempts numbers in amount columns only. Nothing
 * else is exempt anywhere: "+5", "-5 ", "-1e3", "-5-1", "－5" and a lone
 * "-" get the guard.
 *
 * On read the guard is kept: a ' at the start of a cell is part of its
 * text for every tool, whatever wrote it. No marker can tell that --excel
 * added it once the file has been through Excel, WPS or a person's hands,
 * which is what --excel files are for; stripping it by guess would
 * silently change cells that really begin with '. So an --excel file
 * reads back to the same records except that each guarded cell begins
 * with one more '. For exact round trips use plain CSV or JSON Lines.
 */

/* True when the cell must get a leading ' under --excel; numeric_column
 * says whether it lies in a numeric column (hz_excel_numeric_field). */
bool hz_excel_needs_guard(const char *s, size_t n, bool numeric_column);
/* A plain negative decimal ("-5", "-0.5"), which needs no guard in a
 * numeric column. */
bool hz_excel_plain_number(const char *s, size_t n);
/* Kinds whose columns are numeric: amount, count, sub, id. */
bool hz_excel_numeric_kind(hz_kind kind);
/* Field k of type t is numeric (false for HZ_K_NONE, an unknown column,
 * and for a key t has no field for). */
bool hz_excel_numeric_field(hz_type t, hz_key k);

/* The guard as text: "'" when the cell needs one, else "". A writer puts
 * it before the cell's own text (and quotes the whole as RFC 4180 needs). */
const char *hz_excel_guard(hz_str cell, bool numeric_column);

HZ_API_END

#endif
