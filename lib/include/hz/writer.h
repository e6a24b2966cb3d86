/* writer.h - records out: CSV/TSV (cells as read), canonical JSON, table,
 * labelled text lines */
#ifndef HZ_WRITER_H
#define HZ_WRITER_H
#include <stdbool.h>
#include <stdio.h>
#include "hz/format.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_write_opts {
	hz_format format;    /* CSV, TSV, JSONL, JSON (one array), TABLE, TEXT
	                        (a line a record: 序号：12；责任单位：某某酒店) */
	bool english;        /* --lang en: headers the tool makes itself */
	bool crlf;           /* CSV line ends */
	bool bom;            /* CSV UTF-8 BOM */
	bool excel;          /* hz-fmt --excel: formula guard (implies crlf, bom) */
	bool form_order;     /* hz-fmt --form: 附件2 order, extensions after */
	bool normalize;      /* hz-fmt --normalize */
	bool full_schema;    /* new registers: every field of the type */
	int table_width;     /* -o table: cut cells to fit; 0 = no limit */
	const char *columns; /* --columns F1,F2,...: the output columns (table,
	                           CSV, TSV, text), by key, header, alias or the name
	                           of an unknown or added column; NULL: all */
} hz_write_opts;

void hz_write_opts_init(hz_write_opts *o);

/* A field a tool adds to each record it writes (超期天数, 错误规则, ...). */
typedef struct hz_extra {
	const char *header; /* Chinese CSV header */
	const char *key;    /* English key: JSON and --lang en */
	const char *text;   /* CSV cell text */
	const char *json;   /* raw JSON value, or NULL to write text as a string */
} hz_extra;

typedef struct hz_writer hz_writer;

hz_writer *hz_writer_new(FILE *out, const hz_write_opts *o);
/* Write one record with n added fields (the same n names for every call).
 * Returns 0, or -1 with a message in err (e.g. a CSV whose
 * columns differ from the first one's, a --columns name that names no
 * column). A table, and any output with --columns, takes records whose
 * columns differ: a table gains the columns a later input adds. */
int hz_writer_put(hz_writer *w, const hz_record *r, const hz_extra *extra, size_t n, char *err,
                  size_t errcap);
/* Write the header of schema s (and the n added fields) when no record has
 * been written yet: an input of a header alone still gives its header row
 * (CSV, TSV, table; JSON and text lines have none). Returns 0, or -1 as
 * hz_writer_put. */
int hz_writer_put_header(hz_writer *w, const hz_schema *s, const hz_extra *extra, size_t n,
                         char *err, size_t errcap);
/* Finish (JSON array close, table print), flush and free w. 0, or -1 on a
 * write error with its reason in err ("write error: ..."; the stream is the
 * caller's, who may name it better and pass NULL). */
int hz_writer_close(hz_writer *w, char *err, size_t errcap);

/* One CSV cell with minimal RFC 4180 quoting (delim ',' or '\t'). */
void hz_csv_put_cell(FILE *out, const char *s, size_t n, char delim);
/* One CSV row into a malloc'd buffer (for hz-add's single write). */
char *hz_csv_format_row(const hz_str *cells, size_t n, char delim, bool quote_all, bool crlf,
                        size_t *len);

/* One cell of a text line: HEADER：VALUE, after a ； unless first; an
 * empty value is 未填, a line break inside it a space. */
void hz_text_put_cell(FILE *out, bool first, const char *label, hz_str value);

HZ_API_END

#endif
