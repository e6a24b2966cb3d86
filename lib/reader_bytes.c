/* reader_bytes.c - the encoding finding every part of the reader makes
 * (reader.c, csv_read.c, json_read.c), kept below them all so that the
 * format readers do not call back into reader.c */
#include <strings.h>
#include "reader_int.h"

void hz_reader_bad_bytes(hz_reader *r, hz_diag *d, long line, const char *where)
{
	r->encoding_errors++;
	if (strcasecmp(r->in.encoding, "UTF-8") != 0 && strcasecmp(r->in.encoding, "UTF8") != 0)
		hz_diag_place(d, r->name, line, 0, HZ_ERROR, "encoding",
			      "bytes that are not valid %s%s%s, read as U+FFFD",
			      r->in.encoding, where ? " in " : "", where ? where : "");
	else
		hz_diag_place(d, r->name, line, 0, HZ_ERROR, "encoding",
			      "bytes that are not valid UTF-8 (or a NUL byte)%s%s, read as U+FFFD; "
			      "a file saved by Chinese Excel wants -E gb18030",
			      where ? " in " : "", where ? where : "");
}
