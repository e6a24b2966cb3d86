/* report_read.h - a 附件1 report read back from what a unit sends:
 * hz-tally's JSON document, its -o csv and -o xlsx, or the printed form
 * filled in by hand in Excel/WPS (office.md, hz-collect(1)) */
#ifndef HZ_REPORT_READ_H
#define HZ_REPORT_READ_H
#include <stdbool.h>
#include "hz/reader.h"
#include "hz/tally.h"
#include "hz/api.h"
HZ_API_BEGIN

/* Read path as a 附件1. Returns the tally (its unit "" and as_of 0 when the
 * file names none), or NULL: *is_report then says whether the file looked
 * like a 附件1 at all (an item code in a cell); if it did, err says what
 * is wrong (a code missing from the form, a value that is not a number,
 * naming the item). ro gives the encoding and the sheet; may be NULL. */
hz_tally *hz_report_read(const char *path, const hz_read_opts *ro, bool *is_report,
			 char *err, size_t errcap);

/* --merge of what units send: path as hz-tally's JSON documents (each
 * merged), or any other 附件1 hz_report_read reads (one document). As
 * hz_tally_merge_file_each; findings (bad-tally, as-of-mismatch) to d. */
long hz_report_merge_file(const char *path, const hz_read_opts *ro, hz_tally **acc, hz_diag *d,
			  bool (*seen)(const hz_tally *t, void *arg), void *arg);

HZ_API_END

#endif
