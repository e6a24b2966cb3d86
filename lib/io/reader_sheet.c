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
		hz_reader_sheet_error(r, 0, "a spreadsheet on standard input cannot be read with -E; "
				      "give it as a file (a spreadsheet carries its own encoding)");
		return NULL;
	}
	/* the libraries read a workbook by seeking: stdin goes to a file first */
	const char *dir = getenv("TMPDIR");
	snprintf(buf, cap, "%s/hz-sheet-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(buf);
	if (fd < 0) {
		hz_reader_sheet_error(r, 0, "cannot copy standard input to a temporary file: %s", strerror(errno));
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
		hz_reader_sheet_error(r, 0, "cannot copy standard input to a temporary file: %s", strerror(e));
		return NULL;
	}
	*temp = true;
	return buf;
}
