/* excel.h - the formula-injection guard of hz-fmt --excel */
#ifndef HZ_EXCEL_H
#define HZ_EXCEL_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/text.h"

/*
 * Excel and WPS run a CSV cell as a formula when it starts with = + - or @
 * (and, after a tab or CR, with what follows), also in their full-width
 * forms ＝ ＋ － ＠ which they fold to ASCII. hz-fmt --excel puts a ' in
 * front of every such cell, so the spreadsheet shows it as text.
 *
 * Left alone, in every column: a plain number, "-" then digits with at
 * most one "." between digits (-5, -0.5, -12.3456). Excel reads it as the
 * number it is, never as a formula, and an amount or count column must
 * stay numeric. Nothing else is exempt: "+5", "-5 ", "-1e3", "-5-1",
 * "－5" and a lone "-" get the guard.
 *
 * On read the guard is kept: a ' at the start of a cell is part of its
 * text for every tool, whatever wrote it. No marker can tell that --excel
 * added it once the file has been through Excel, WPS or a person's hands,
 * which is what --excel files are for; stripping it by guess would
 * silently change cells that really begin with '. So an --excel file
 * reads back to the same records except that each guarded cell begins
 * with one more '. For exact round trips use plain CSV or JSON Lines.
 */

/* True when the cell must get a leading ' under --excel. */
bool hz_excel_needs_guard(const char *s, size_t n);
/* A plain negative decimal ("-5", "-0.5"), which needs no guard. */
bool hz_excel_plain_number(const char *s, size_t n);

/* The guard as text: "'" when the cell needs one, else "". A writer puts
 * it before the cell's own text (and quotes the whole as RFC 4180 needs). */
const char *hz_excel_guard(hz_str cell);

#endif
