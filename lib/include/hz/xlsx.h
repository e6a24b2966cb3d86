/* xlsx.h - the printed forms as .xlsx: 附件2 from records, 附件1 from tallies */
#ifndef HZ_XLSX_H
#define HZ_XLSX_H
#include <stdbool.h>
#include <stdio.h>
#include "hz/docx_write.h"
#include "hz/record.h"
#include "hz/tally.h"
#include "hz/api.h"
HZ_API_BEGIN

/*
 * One workbook, written either with records (hz-fmt -o xlsx) or with
 * tallies (hz-tally -o xlsx), never both:
 *
 *	x = hz_xlsx_new(path, &o);        (path NULL: to a FILE at close)
 *	hz_xlsx_put_record(x, rec) ...    (or hz_xlsx_put_tally(x, t) ...)
 *	hz_xlsx_close(x, stdout);
 *
 * Hazard records make the printed 附件2 (title rows, 填报单位, header
 * frozen and repeated on every page, one row a record, the 填报说明
 * footer and the 审核人 line; A4 landscape at 100 %, body 10 pt, page
 * numbers 第 N 页 共 M 页; --columns all: A3); other record types one
 * header row and the records. Dates go in as date cells, ids, counts and
 * amounts as numbers, everything else as text: never a formula. Records
 * are streamed (libxlsxwriter's constant-memory mode): memory stays flat.
 * Each tally is one sheet, the printed 附件1 on one A4 page.
 *
 * The workbook is written to a temporary file and then renamed over path
 * (in the folder of path's symlink target: a link stays a link) or copied
 * to the FILE given at close, so a failed run leaves no half-written file
 * behind. A path that is not a regular file (a device, a FIFO) is opened
 * at close and written in place, never replaced.
 */

typedef struct hz_xlsx_opts {
	const char *unit; /* 填报单位 of 附件2's title (--unit), else the
	                           first record's reporter */
	bool english;     /* --lang en: header cells as English keys */
	bool normalize;   /* --normalize: canonical words in text cells */
	/* --columns: the fields printed, in order (key, header or alias, or
	 * an unknown column's header), NULL for the default: 附件2's 13
	 * columns for hazards, every column for the other types. */
	const char *const *columns;
	size_t ncolumns;
	bool all_columns; /* --columns all: every column, on A3 */
	/* Called with each note about the form (columns left off, records
	 * skipped or unsourced) — the notes also go on a sheet 说明, never on
	 * the form itself. May be NULL. */
	void (*note)(void *arg, const char *msg);
	void *note_arg;
} hz_xlsx_opts;

typedef struct hz_xlsx hz_xlsx;

hz_xlsx *hz_xlsx_new(const char *path, const hz_xlsx_opts *o);
/* 0, or -1 with a message in err (a record whose columns
 * the first record's sheet has no place for; a cell Excel cannot hold). */
int hz_xlsx_put_record(hz_xlsx *x, const hz_record *r, char *err, size_t errcap);
/* The sheet of records of schema s, when no record started it: an input
 * with a header and no records still gives the empty form. */
int hz_xlsx_put_header(hz_xlsx *x, hz_schema *s, char *err, size_t errcap);
int hz_xlsx_put_tally(hz_xlsx *x, const hz_tally *t, char *err, size_t errcap);
/* A document's paragraphs and tables on one sheet (hz-bulletin -o xlsx),
 * counts as numbers. */
int hz_xlsx_put_doc(hz_xlsx *x, const hz_doc *d, const char *sheet, char *err, size_t errcap);
/* A sheet of notes after the forms (hz-tally --merge --units: 说明, the
 * units that sent no report), one line a row. */
int hz_xlsx_put_note(hz_xlsx *x, const char *title, const char *const *lines, size_t n, char *err,
                     size_t errcap);
/* Finish the workbook and put it in place: renamed to the path given to
 * hz_xlsx_new (or its symlink's target), written into it when it is a
 * device or a FIFO, or (path NULL) copied to out. 0, or -1 with a message.
 * Frees x either way. */
int hz_xlsx_close(hz_xlsx *x, FILE *out, char *err, size_t errcap);
/* Throw the workbook away (after an earlier failure). */
void hz_xlsx_abort(hz_xlsx *x);

HZ_API_END

#endif
