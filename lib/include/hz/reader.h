/* reader.h - the one reader every tool uses: CSV, TSV, JSON Lines, JSON,
 * and spreadsheets (.xlsx, .xls) as one more source of rows */
#ifndef HZ_READER_H
#define HZ_READER_H
#include <stdbool.h>
#include "hz/diag.h"
#include "hz/format.h"
#include "hz/record.h"
#include "hz/select.h"
#include "hz/api.h"
HZ_API_BEGIN

#define HZ_GRID_COLUMNS 64

typedef struct hz_read_opts {
	hz_format format;        /* forced (-i), or HZ_FMT_AUTO */
	const char *encoding;    /* iconv name (-E), or NULL for UTF-8 */
	const char *sheet;       /* --sheet: a spreadsheet's sheet by name, NULL for the first */
	hz_type type;            /* forced (--type), or HZ_TYPE_UNKNOWN */
	bool header_rules;       /* emit header-duplicate/-missing/-unknown/
	                            -extension and too-many-cells findings */
	bool prefetch;           /* read a regular file ahead on a second thread
	                            (only for tools that use nothing but
	                            hz_reader_next until the end) */
	bool passthrough;        /* hz-fmt: a CSV naming no field is read with its
	                            first row as header and every column unknown
	                            (type HZ_TYPE_UNKNOWN), rows passed as they are */
	bool first_row_header;   /* with passthrough: the first row is the header
	                            whatever it names (a schedule file, whose
	                            cells may happen to name fields) */
	bool grid;               /* with passthrough: rows longer than the first
	                            keep their first HZ_GRID_COLUMNS cells (a
	                            form read as a grid) */
	bool empty_ok;           /* an empty input is expected (a register that
	                            hz-add starts): no empty-input warning */
	/* --where: only the records these conditions hold for are handed out,
	 * before any other work on them (NULL: every record) */
	const hz_select *where;
	bool allow_personal;     /* --allow-personal: read a tip file that has a
	                            column naming the reporter (else personal-data,
	                            and the file is skipped) */
	/* Called on the reading thread (prefetch) with each record it reads
	 * while the tool's thread is behind: work that needs only the record
	 * (hz_validator_prepare) is done there. It may set rec->ext; it must
	 * not touch what the tool's thread uses. The reader sets HZ_R_PREPARED
	 * on a record it called it for (rec->ext of any other record may hold
	 * what was made for an earlier row read into the same storage). */
	void (*prepare)(void *arg, hz_record *rec);
	void *prepare_arg;
	long long max_bytes;     /* more bytes than this: an io error (0: no
	                            limit); --schedule and --roster, like --domains */
} hz_read_opts;

void hz_read_opts_init(hz_read_opts *o);

/* What the reader learned of the file's layout: hz-add writes new rows
 * the same way. */
typedef struct hz_source_info {
	hz_format format;
	bool bom;                /* began with a UTF-8 BOM */
	bool crlf;               /* its first line ended in CRLF */
	bool final_newline;      /* the last byte is a line end (or empty file) */
	bool quote_all;          /* its header cells were all quoted */
	long lines;              /* physical lines read */
	long long bytes;         /* bytes read (after decoding) */
	long header_line;        /* line of the header (CSV), 0 if none */
} hz_source_info;

typedef enum hz_read_status {
	HZ_READ_OK,
	HZ_READ_SKIPPED,         /* no-header, UTF-16: the file was not read */
	HZ_READ_IO,              /* cannot be opened or read */
} hz_read_status;

typedef struct hz_reader hz_reader;

/* path NULL or "-" is stdin, called "<stdin>". Never returns NULL: a file
 * that cannot be opened gives a reader whose status is HZ_READ_IO (the
 * fatal io finding was emitted) and which yields no records. */
hz_reader *hz_reader_open(const char *path, const hz_read_opts *o, hz_diag *d);
/* The next record (owned by the reader, valid until the next call), or NULL
 * at the end. Findings about the input go to the diag given at open. */
hz_record *hz_reader_next(hz_reader *r);
/* Ask these two once done with the records: with prefetch, asking ends
 * the reading. */
hz_read_status hz_reader_status(const hz_reader *r);
/* Number of encoding findings so far (a wrong -E shows as many). */
long hz_reader_encoding_errors(const hz_reader *r);
/* Records dropped whole, each reported where it starts (csv-syntax,
 * json-syntax, cell-too-long): hz-tally counts them as skipped. */
long hz_reader_dropped(const hz_reader *r);
const hz_source_info *hz_reader_info(const hz_reader *r);
/* The header's schema (CSV/TSV), or NULL before or without one. */
hz_schema *hz_reader_schema(const hz_reader *r);
const char *hz_reader_name(const hz_reader *r);
void hz_reader_close(hz_reader *r);

/* Largest cell in characters (Excel's limit). */
#define HZ_CELL_MAX 32767

HZ_API_END

#endif
