/* xls_read.c - an .xls workbook (BIFF8, as WPS and older Excel save it) as
 * a source of rows: the one file that includes <freexl.h>
 *
 * FreeXL reads the compound file and the chosen sheet's cells when the
 * workbook is opened, and tells date cells from numbers by their formats;
 * this file hands the cells out row by row with the .xlsx reader's
 * semantics. Two limits of FreeXL 1.0.6 that no call of its API avoids
 * (hz-formats(5) states both): it allocates the whole grid the sheet's
 * DIMENSIONS record claims, even in freexl_open_info, so a crafted file can
 * cost up to 65,536 x 256 cells of 16 bytes; and it gives FREEXL_CELL_NULL
 * for formula and boolean cells, whose results it does not decode. */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hz/sheet.h"
#include "reader_int.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

typedef struct xls {
	const void *h;
	unsigned int rows, row;     /* rows in the sheet, the next to read (0-based) */
	unsigned short cols;
} xls;

/* FreeXL's failures as a clerk can act on them. */
static const struct {
	int code;
	const char *why;
} xls_errors[] = {
	{ FREEXL_FILE_NOT_FOUND, HZ_N_("the file cannot be opened") },
	{ FREEXL_INSUFFICIENT_MEMORY, HZ_N_("out of memory") },
	{ FREEXL_INVALID_CFBF_HEADER, HZ_N_("not an .xls workbook (no OLE2 compound-file header)") },
	{ FREEXL_CFBF_READ_ERROR, HZ_N_("a damaged or truncated file (read error)") },
	{ FREEXL_CFBF_SEEK_ERROR, HZ_N_("a damaged or truncated file (seek error)") },
	{ FREEXL_CFBF_INVALID_SIGNATURE, HZ_N_("not an .xls workbook (wrong compound-file signature)") },
	{ FREEXL_CFBF_INVALID_SECTOR_SIZE, HZ_N_("a damaged file (wrong sector size)") },
	{ FREEXL_CFBF_EMPTY_FAT_CHAIN, HZ_N_("a damaged file (empty sector chain)") },
	{ FREEXL_CFBF_ILLEGAL_FAT_ENTRY, HZ_N_("a damaged file (bad sector chain)") },
	{ FREEXL_BIFF_INVALID_BOF, HZ_N_("a damaged workbook (bad BIFF record)") },
	{ FREEXL_BIFF_INVALID_SST, HZ_N_("a damaged workbook (bad shared-string table)") },
	{ FREEXL_BIFF_ILLEGAL_SST_INDEX, HZ_N_("a damaged workbook (bad shared-string index)") },
	{ FREEXL_BIFF_WORKBOOK_NOT_FOUND, HZ_N_("no workbook stream in the file (not an Excel file?)") },
	{ FREEXL_BIFF_ILLEGAL_SHEET_INDEX, HZ_N_("no such sheet") },
	{ FREEXL_INVALID_CHARACTER, HZ_N_("text not valid in its code page") },
	{ FREEXL_UNSUPPORTED_CHARSET, HZ_N_("text in a code page iconv does not know") },
	{ FREEXL_ILLEGAL_RK_VALUE, HZ_N_("a damaged workbook (bad number record)") },
	{ FREEXL_INVALID_MINI_STREAM, HZ_N_("a damaged file (bad mini stream)") },
	{ FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY, HZ_N_("a damaged file (bad mini sector chain)") },
	{ FREEXL_CRAFTED_FILE, HZ_N_("a damaged or crafted file") },
};

static const char *why(int code)
{
	for (size_t i = 0; i < sizeof xls_errors / sizeof xls_errors[0]; i++)
		if (xls_errors[i].code == code)
			return HZ_(xls_errors[i].why);
	return HZ_("an unreadable workbook");
}

/* One cell as text; false (after an io finding) when it cannot be read. */
static bool put_cell(hz_reader *r, xls *x, unsigned short c)
{
	FreeXL_CellValue v;
	char num[HZ_SHEET_TEXT_MAX];
	int e = freexl_get_cell_value(x->h, x->row, c, &v);

	if (e != FREEXL_OK) {
		hz_reader_sheet_error(r, (long)x->row + 1, "column %d: %s", c + 1, why(e));
		return false;
	}
	switch (v.type) {
	case FREEXL_CELL_INT:
		hz_record_push(r->row, num, (size_t)snprintf(num, sizeof num, "%d", v.value.int_value));
		break;
	case FREEXL_CELL_DOUBLE:
		hz_record_push(r->row, num, hz_sheet_number(v.value.double_value, num));
		break;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:      /* YYYY-MM-DD[ HH:MM:SS]: the day */
		hz_record_push(r->row, v.value.text_value, strnlen(v.value.text_value, 10));
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME:
		hz_record_push(r->row, v.value.text_value, strlen(v.value.text_value));
		break;
	default:
		hz_record_push(r->row, "", 0);
		break;
	}
	return true;
}

static bool xls_next(hz_reader *r)
{
	xls *x = r->rows.state;

	while (x->row < x->rows) {
		hz_record_clear(r->row);
		bool any = false;
		for (unsigned short c = 0; c < x->cols; c++) {
			if (!put_cell(r, x, c)) {
				x->rows = 0;
				return false;
			}
			any |= !hz_blank(r->row->cells[c]);
		}
		r->row_line = r->row_sheet = (long)++x->row;
		r->row_begin = r->row_end = 0;
		if (any)            /* as CSV's blank lines: not rows */
			return true;
	}
	return false;
}

static void xls_close(void *state)
{
	xls *x = state;

	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
}

/* The sheet named --sheet, else the first; false after an io finding. */
static bool select_sheet(hz_reader *r, xls *x)
{
	unsigned int n = 0;
	const char *want = r->opts.sheet;
	char names[256] = "";

	freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &n);
	for (unsigned int i = 0; i < n && i < 65535; i++) {
		const char *name = NULL;
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name) != FREEXL_OK || !name)
			continue;
		if (!want || strcmp(want, name) == 0) {
			int e = freexl_select_active_worksheet(x->h, (unsigned short)i);
			if (e != FREEXL_OK) {
				hz_reader_sheet_error(r, 0, "sheet '%s': %s", name, why(e));
				return false;
			}
			return true;
		}
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s'%s'", used ? ", " : "", name);
	}
	if (want)
		hz_reader_sheet_error(r, 0, "no sheet '%s' in the workbook (its sheets: %s)", want, names);
	else
		hz_reader_sheet_error(r, 0, "the workbook has no sheet");
	return false;
}

bool hz_xls_open(hz_reader *r, const char *path)
{
	char tmp[4096];
	bool temp;
	const char *file = hz_reader_sheet_path(r, path, tmp, sizeof tmp, &temp);

	if (!file)
		return false;
	xls *x = hz_xcalloc(1, sizeof *x);
	int e = freexl_open(file, &x->h);
	if (temp)
		unlink(file);   /* FreeXL has read what it needs */
	if (e != FREEXL_OK) {
		hz_reader_sheet_error(r, 0, "%s", why(e));
		xls_close(x);
		return false;
	}
	unsigned int pw = 0;
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED) {
		hz_reader_sheet_error(r, 0, "the workbook is encrypted; save it without a password");
		xls_close(x);
		return false;
	}
	if (!select_sheet(r, x) ||
	    freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
		if (r->status == HZ_READ_OK)
			hz_reader_sheet_error(r, 0, "cannot read the sheet's size");
		xls_close(x);
		return false;
	}
	r->rows = (hz_rowsrc){ xls_next, xls_close, x };
	return true;
}
