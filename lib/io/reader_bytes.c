/* reader_bytes.c - the encoding finding every part of the reader makes
 * (reader.c, csv_read.c, json_read.c), kept below them all so that the
 * format readers do not call back into reader.c */
#include <stdbool.h>
#include <strings.h>
#include "reader_int.h"

void hz_reader_bad_bytes(hz_reader *r, hz_diag *d, long line, const char *where)
{
	bool utf8 =
	        strcasecmp(r->in.encoding, "UTF-8") == 0 || strcasecmp(r->in.encoding, "UTF8") == 0;

	r->encoding_errors++;
	/* one whole sentence a case, so that each translates as one */
	if (!utf8 && where)
		hz_diag_place(d, r->name, line, 0, HZ_RULE_ENCODING,
		              "bytes that are not valid %s in %s, read as U+FFFD", r->in.encoding,
		              where);
	else if (!utf8)
		hz_diag_place(d, r->name, line, 0, HZ_RULE_ENCODING,
		              "bytes that are not valid %s, read as U+FFFD", r->in.encoding);
	else if (where)
		hz_diag_place(
		        d, r->name, line, 0, HZ_RULE_ENCODING,
		        "bytes that are not valid UTF-8 (or a NUL byte) in %s, read as U+FFFD; "
		        "a file saved by Chinese Excel wants -E gb18030",
		        where);
	else
		hz_diag_place(d, r->name, line, 0, HZ_RULE_ENCODING,
		              "bytes that are not valid UTF-8 (or a NUL byte), read as U+FFFD; "
		              "a file saved by Chinese Excel wants -E gb18030");
}
