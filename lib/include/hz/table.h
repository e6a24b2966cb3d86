/* table.h - the aligned text table behind every tool's -o table */
#ifndef HZ_TABLE_H
#define HZ_TABLE_H
#include <stddef.h>
#include <stdio.h>
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * Rows are kept until hz_table_print, which needs every row to size the
 * columns; -o table is for reading on a terminal, not for big files.
 *
 * Layout: one line per row, the header (first row added) first. Columns
 * are aligned on display width (hz_display_width: CJK and full-width
 * characters take two columns, combining marks none) and separated by two
 * spaces; the last column is not padded. Inside a cell a line end (LF,
 * CRLF or CR) shows as "⏎", a tab as one space, other control characters
 * as their Unicode control pictures (U+2400...) and invalid UTF-8 as
 * U+FFFD, so no cell can break the layout or drive the terminal.
 *
 * max_width > 0 (the terminal's COLUMNS): when the rows are wider, the
 * widest columns are narrowed, all to the same width, until the line fits,
 * and a cell longer than its column is cut and ends in "…". Narrow
 * columns keep their natural width. A column is never narrowed below 8
 * display columns (three CJK characters and the …), so that a cut cell
 * still says something; so many columns that even that does not fit
 * still print, wider than max_width.
 */
typedef struct hz_table hz_table;

hz_table *hz_table_new(size_t ncols);
/* Add a row of ncols cells (copied; a cell with s == NULL is empty). The
 * first row added is the header. */
void hz_table_add(hz_table *t, const hz_str *cells);
/* Insert n columns before column at (0..ncols): header their names in the
 * first row, empty in the others. */
void hz_table_insert_columns(hz_table *t, size_t at, size_t n, const hz_str *header);
/* Print every row. Returns 0, or -1 on a write error. max_width 0 means
 * no limit. */
int hz_table_print(hz_table *t, FILE *out, int max_width);
void hz_table_free(hz_table *t);

HZ_API_END

#endif
