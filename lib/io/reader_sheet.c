/* reader_sheet.c - what the workbook readers (xlsx_read.c, xls_read.c) need
 * of the reader: an io finding that ends the reading, and the input as a
 * path a library can open; below reader.c, so they do not call back into it */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "reader_int.h"
#include "hz/i18n.h"
#include "record_int.h"

void hz_reader_sheet_error(hz_reader *r, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, HZ_(fmt), ap);
	va_end(ap);
	hz_diag_place(r->diag, r->name, line > 0 ? line : 1, 0, HZ_RULE_IO, "%s", msg);
	r->status = HZ_READ_IO;
	r->ended = true;
}

void hz_reader_sheet_note(hz_reader *r, long line, const char *fmt, ...)
{
	hz_diag *d = r->caller_diag ? r->caller_diag : r->diag;
	char msg[512];
	va_list ap;

	if (!d || !d->out || d->format != HZ_DIAG_TEXT)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, HZ_(fmt), ap);
	va_end(ap);
	/* one call, so a line from the reading thread is not split */
	fprintf(d->out, "%s%s%s:%ld: %s: %s\n", d->prog ? d->prog : "", d->prog ? ": " : "",
	        r->name ? r->name : "<stdin>", line > 0 ? line : 1, HZ_("note"), msg);
}

static void add_seen(hz_reader *r)
{
	size_t used = strlen(r->sheets_seen);

	if (r->rows.sheet_name)
		snprintf(r->sheets_seen + used, sizeof r->sheets_seen - used, "%s'%s'",
		         used ? ", " : "", r->rows.sheet_name(r->rows.state));
	r->sheet_said = true;
}

bool hz_reader_sheet_next(hz_reader *r)
{
	if (!r->rows.next_sheet || r->opts.sheet || r->status != HZ_READ_OK)
		return false;
	add_seen(r);
	r->sheet_rows += r->rows_seen;
	if (!r->rows.next_sheet(r))
		return false;
	r->sheet_said = false;
	r->rows_seen = 0;
	/* hz-fmt held the rows of the sheet passed over, for want of a header */
	for (size_t i = 0; i < r->nheld; i++)
		hz_record_free(r->held[i]);
	free(r->held);
	r->held = NULL;
	r->nheld = r->held_pos = 0;
	free(r->pending_reporter);
	r->pending_reporter = NULL;
	return true;
}

void hz_reader_sheet_found(hz_reader *r)
{
	if (r->sheets_seen[0] && r->rows.sheet_name)
		hz_reader_sheet_note(r, 0,
		                     "sheet '%s' read: no header row in the sheets before it (%s)",
		                     r->rows.sheet_name(r->rows.state), r->sheets_seen);
}

const char *hz_reader_sheets_seen(hz_reader *r)
{
	if (!r->sheet_said)
		add_seen(r);
	return r->sheets_seen;
}

/* Copy what is left of the input to fd, after the block already read. */
static bool spool(hz_reader *r, int fd)
{
	hz_input *in = &r->in;

	do {
		const char *p = in->buf + in->pos;
		size_t left = in->len - in->pos;
		while (left > 0) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return false;
			p += w;
			left -= (size_t)w;
		}
		in->pos = in->len;
	} while (hz_input_fill(in));
	return in->error == 0;
}

const char *hz_reader_sheet_path(hz_reader *r, const char *path, char *buf, size_t cap, bool *temp)
{
	*temp = false;
	if (path)
		return path;
	if (r->in.cd != (iconv_t)-1) {
		hz_reader_sheet_error(r, 0,
		                      "a spreadsheet on standard input cannot be read with -E; "
		                      "give it as a file (a spreadsheet carries its own encoding)");
		return NULL;
	}
	/* the libraries read a workbook by seeking: stdin goes to a file first */
	const char *dir = getenv("TMPDIR");
	snprintf(buf, cap, "%s/hz-sheet-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(buf);
	if (fd < 0) {
		hz_reader_sheet_error(r, 0, "cannot copy standard input to a temporary file: %s",
		                      strerror(errno));
		return NULL;
	}
	bool ok = spool(r, fd);
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (!ok) {
		unlink(buf);
		hz_reader_sheet_error(r, 0, "cannot copy standard input to a temporary file: %s",
		                      strerror(e));
		return NULL;
	}
	*temp = true;
	return buf;
}
