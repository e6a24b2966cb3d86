/* reader_int.h - (private) the state of one reader, shared by its parts */
#ifndef HZ_READER_INT_H
#define HZ_READER_INT_H
#include <csv.h>
#include "hz/reader.h"
#include "hz/strset.h"
#include "input.h"
#include "record_int.h"

/* Bytes of a record kept while it spans lines, so that a record that turns
 * out broken can be dropped and the lines after its first read again. */
#define HZ_PENDING_MAX (8u << 20)

/* Cells of a row kept before the header is known: Excel's column limit. */
#define HZ_COLUMNS_MAX 16384

struct hz_prefetch;

/* A source of whole rows other than delimited text (a spreadsheet's sheet):
 * next puts the row's cells in r->row and its sheet row number in
 * r->row_line and r->row_sheet, and returns false at the end (after reporting why, when the
 * end is an error). The reader treats its rows as it treats CSV rows. */
typedef struct hz_rowsrc {
	bool (*next)(hz_reader *r);
	void (*close)(void *state);
	void *state;
	/* a workbook's: go on to its next sheet (false when none, after an
	 * io finding if it cannot be read), and the name of the one read */
	bool (*next_sheet)(hz_reader *r);
	const char *(*sheet_name)(void *state);
} hz_rowsrc;

struct hz_reader {
	char *name;                   /* display name */
	struct hz_prefetch *prefetch; /* reading ahead on a second thread, or NULL */
	bool threaded;                /* next_direct runs on the reading thread */
	int backlog;                  /* batches waiting for the tool (prefetch.c;
				       atomic) */
	bool status_final;            /* reading ahead was stopped: no more records */
	hz_read_opts opts;
	hz_diag *diag;        /* where the reading reports (a collector when reading ahead) */
	hz_diag *caller_diag; /* the tool's own */
	hz_read_status status;
	hz_source_info info;
	long encoding_errors;
	long dropped; /* records dropped whole (csv-syntax, json-syntax, cell-too-long) */
	hz_input in;
	bool started;    /* first block looked at (BOM, UTF-16, format) */
	bool empty_said; /* the empty-input warning was given */

	/* where the next byte fed stands */
	long line;        /* physical line, 1-based */
	long sheet_row;   /* spreadsheet row the next row gets; 0 once
				     * unknown (after a csv-syntax error) */
	long long offset; /* byte offset in the decoded stream */
	bool prev_cr;     /* the last byte fed was a CR */
	char last_byte;
	char *pending_reporter; /* 填报单位 of the preamble, until the header */

	/* bytes to feed before the input's (replayed after a broken record) */
	char *replay;
	size_t replay_len, replay_pos, replay_cap;

	/* CSV */
	struct csv_parser csv;
	bool csv_ready;
	bool fast; /* well-formed rows by the fast scanner */
	char delim;
	bool in_row;         /* bytes of a row have been fed */
	bool row_done;       /* cb2 ended the row */
	bool row_error;      /* a cell too long, or a broken row */
	long row_line;       /* line the row starts on */
	long row_sheet;      /* its spreadsheet row, 0 if unknown */
	long long row_begin; /* its offset */
	long long row_end;
	long row_bad_line;      /* line of the first bad byte, 0 if none */
	size_t row_beyond;      /* cells past those kept (counted, not kept) */
	bool row_beyond_filled; /* one of them is not blank */
	bool skipping;          /* past a too-long cell: scanning to the row end */
	bool skip_line;         /* dropping the rest of a broken row's line */
	bool skip_quoted;
	char *pending;
	size_t pending_len, pending_cap;
	bool pending_lost;
	char *scratch; /* repaired cell text */
	size_t scratch_cap;
	struct fast_cell *spans; /* the fast path's cells of a row, as found */
	size_t spans_cap;

	hz_rowsrc rows;        /* spreadsheet rows, or next NULL for CSV */
	char sheets_seen[512]; /* sheets passed over for want of a header */
	long sheet_rows;       /* rows of those sheets */
	bool sheet_said;       /* the sheet read is in sheets_seen */

	/* records */
	hz_record *row;    /* cells of the row being read */
	hz_schema *schema; /* CSV header */
	long rows_seen;    /* rows before the header */
	bool ended;        /* footer seen or input done */
	long recno;
	hz_record **held; /* pass-through: rows read while looking for the header */
	size_t nheld, held_pos;

	/* JSON */
	bool json_array;
	int json_state; /* array scanner state */
	char *jbuf;
	size_t jlen, jcap;
	hz_schema *jschema[HZ_TYPE_COUNT];      /* the last schema without unknown keys */
	unsigned jschema_absent[HZ_TYPE_COUNT]; /* its absent fields (json_read.c) */
	size_t jschema_base[HZ_TYPE_COUNT];     /* its number of columns */
	hz_schema *jlast;                       /* the last schema with unknown keys */
	unsigned jlast_absent;
	size_t jlast_base;
	bool jext_said; /* header-extension given */
	hz_strset *junknown_seen;
#define HZ_JSON_KEY_CACHE 96
#define HZ_JSON_KEY_SLOTS 256 /* a power of two above the cache */
	struct {
		char *name;
		size_t len;
		unsigned hash;
		hz_type type;
		hz_key key;
	} jkeys[HZ_JSON_KEY_CACHE]; /* key -> field answers (json_read.c) */
	int njkeys;
	int jslots[HZ_JSON_KEY_SLOTS]; /* hash slot -> jkeys index + 1, 0 empty */
};

/* Reading ahead, is the tool's thread behind (two or more batches wait
 * for it)? Then the reading thread takes on work either side can do: the
 * UTF-8 check of a row, the tool's prepare hook. */
static inline bool hz_reader_tool_behind(hz_reader *r)
{
	return r->threaded && __atomic_load_n(&r->backlog, __ATOMIC_RELAXED) >= 2;
}

/* csv_read.c: the next complete row into r->row; false at the end. */
bool hz_csv_next_row(hz_reader *r);
void hz_csv_setup(hz_reader *r);
void hz_csv_cleanup(hz_reader *r);
/* json_read.c: the next record; NULL at the end. */
hz_record *hz_json_next(hz_reader *r);
void hz_json_cleanup(hz_reader *r);
/* xlsx_read.c, xls_read.c: open the workbook of r's input as r->rows;
 * false (after a fatal io finding, status HZ_READ_IO) when it cannot be read. */
bool hz_xlsx_open(hz_reader *r, const char *path);
bool hz_xls_open(hz_reader *r, const char *path);
/* reader_sheet.c: the input as a file a library can open by path: the path itself, or
 * stdin copied to a temporary file (*temp: the caller unlinks it once
 * opened). NULL, after a fatal io finding, when it cannot be. */
const char *hz_reader_sheet_path(hz_reader *r, const char *path, char *buf, size_t cap, bool *temp);
/* A fatal io finding about the workbook, at line (0: the file, said as
 * line 1 as for a file that cannot be opened); ends the reading. */
void hz_reader_sheet_error(hz_reader *r, long line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* A note on stderr (text diagnostics only: JSON findings carry rule ids,
 * and a note is no finding): what the reader chose where a clerk would
 * want to know, at line (0: the file). */
void hz_reader_sheet_note(hz_reader *r, long line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* No header in the sheet read: go on to the workbook's next sheet (not
 * with --sheet), true when there is one to read. */
bool hz_reader_sheet_next(hz_reader *r);
/* A header was found: say which sheet, when sheets were passed over. */
void hz_reader_sheet_found(hz_reader *r);
/* The sheets looked at, quoted and comma-separated (the one read last). */
const char *hz_reader_sheets_seen(hz_reader *r);
/* reader_bytes.c: an encoding finding at line, to diag d (the tool's own,
 * or the reading thread's collector). */
void hz_reader_bad_bytes(hz_reader *r, hz_diag *d, long line, const char *where);
/* Check a data record's cells for invalid UTF-8 and NUL: each such byte
 * becomes U+FFFD, with one encoding finding at the line of the first. */
void hz_csv_check_bytes(hz_reader *r, hz_diag *d, hz_record *rec);

#endif
