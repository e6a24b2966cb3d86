/* reader.c - open an input, find its header, hand out its records */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "hz/strset.h"
#include <sys/stat.h>
#include "prefetch.h"
#include "reader_int.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* The header is the first of this many rows naming enough known fields. */
#define HEADER_ROWS 10
#define HEADER_MIN_FIELDS 3

/* A row whose first non-empty cell starts with one of these ends the records. */
static const char *const footer_marks[] = {
	"填报说明", "审核人", "填表人", "注：", NULL,
};

/* A preamble cell "填报单位：X" names the reporter of every record. */
static const char *const reporter_marks[] = {
	"填报单位：",
	"填报单位:",
	"填报单位(盖章)：",
	"填报单位（盖章）：",
	"填报单位(盖章):",
	"填报单位（盖章）:",
	NULL,
};

/* Labels that may follow the unit's name in the same title cell. */
static const char *const next_labels[] = {
	"填报时间", "填报日期", "填表时间", "时间",     "日期",
	"填表人",   "审核人",   "联系人",   "联系电话", NULL,
};

/* The unit's name alone: text after two spaces, an ideographic space, a
 * tab or a second label (填报时间：...) is not part of it (tools.md). */
static hz_str name_only(hz_str v)
{
	for (size_t i = 0; i < v.n; i++) {
		if ((v.s[i] == ' ' && i + 1 < v.n && v.s[i + 1] == ' ') || v.s[i] == '\t' ||
		    (i + 3 <= v.n && memcmp(v.s + i, "\u3000", 3) == 0)) {
			v.n = i;
			break;
		}
		bool wide = i + 3 <= v.n && memcmp(v.s + i, "：", 3) == 0;
		if (wide || v.s[i] == ':') {
			/* a second label: cut before its word (or the space before it) */
			size_t end = i;
			for (int k = 0; next_labels[k]; k++) {
				size_t n = strlen(next_labels[k]);
				if (n <= end && memcmp(v.s + end - n, next_labels[k], n) == 0) {
					end -= n;
					break;
				}
			}
			if (end == i && !wide)
				continue; /* an ASCII colon of the name itself (http:) */
			if (end == i) {   /* an unknown label: from the last space */
				size_t sp = i;
				while (sp > 0 && v.s[sp - 1] != ' ')
					sp--;
				end = sp > 0 ? sp : i;
			}
			v.n = end;
			break;
		}
	}
	return hz_trim(v);
}

void hz_read_opts_init(hz_read_opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = HZ_FMT_AUTO;
	o->type = HZ_TYPE_UNKNOWN;
}

/* The signatures of a zip archive (.xlsx) and of an OLE2 compound file (.xls). */
static const struct {
	const char *magic;
	size_t n;
	hz_format format;
} sheet_magic[] = {
	{ "PK\3\4", 4, HZ_FMT_XLSX },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, HZ_FMT_XLS },
};

/* A spreadsheet by its first bytes: decides when the format is not given,
 * and overrides the extension of a workbook saved under the other one's
 * (.xls that is really .xlsx, as some programs write). */
static void sniff_sheet(hz_reader *r, const unsigned char *b, size_t n)
{
	if (r->opts.format != HZ_FMT_AUTO)
		return;
	for (size_t i = 0; i < sizeof sheet_magic / sizeof sheet_magic[0]; i++) {
		if (n < sheet_magic[i].n || memcmp(b, sheet_magic[i].magic, sheet_magic[i].n) != 0)
			continue;
		if (r->info.format == HZ_FMT_AUTO || hz_format_is_sheet(r->info.format)) {
			r->info.format = sheet_magic[i].format;
		} else {
			/* a workbook named as text: one clear finding, not a CSV
			 * error for every line of zip bytes */
			hz_reader_sheet_error(
			        r, 0,
			        "an .%s workbook by its bytes, named as %s: name it .%s, "
			        "or read it with -i %s",
			        hz_format_name(sheet_magic[i].format),
			        hz_format_name(r->info.format),
			        hz_format_name(sheet_magic[i].format),
			        hz_format_name(sheet_magic[i].format));
		}
	}
}

/* Does the input begin with its spreadsheet format's signature? If not,
 * say so (programs export HTML or text as .xls) and end the reading. */
static bool sheet_signed(hz_reader *r)
{
	const hz_input *in = &r->in;

	for (size_t i = 0; i < sizeof sheet_magic / sizeof sheet_magic[0]; i++) {
		if (sheet_magic[i].format != r->info.format)
			continue;
		if (in->len >= sheet_magic[i].n &&
		    memcmp(in->buf, sheet_magic[i].magic, sheet_magic[i].n) == 0)
			return true;
		hz_reader_sheet_error(
		        r, 0,
		        "not an .%s workbook: it does not begin with the %s signature "
		        "(if it is text, read it with -i csv)",
		        hz_format_name(r->info.format),
		        r->info.format == HZ_FMT_XLSX ? "zip" : "OLE2");
		return false;
	}
	return true;
}

/* A workbook: its signature checked, then opened by its format's reader. */
static void open_sheet(hz_reader *r, const char *path)
{
	if (r->status != HZ_READ_OK || !sheet_signed(r))
		return;
	if (r->info.format == HZ_FMT_XLSX)
		hz_xlsx_open(r, path);
	else
		hz_xls_open(r, path);
}

/* Delimited text found by content (or .txt): a first line with tabs and no
 * commas is TSV, as Excel's "Unicode 文本" saves it. The first line with
 * either decides, so title rows of tabs alone count. */
static hz_format tab_or_comma(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool tab = false, comma = false;
		for (; i < n && b[i] != '\n' && b[i] != '\r'; i++) {
			tab |= b[i] == '\t';
			comma |= b[i] == ',';
		}
		if (tab || comma)
			return tab && !comma ? HZ_FMT_TSV : HZ_FMT_CSV;
	}
	return HZ_FMT_CSV;
}

/* Look at the first bytes: BOM, UTF-16, and the format when not given. */
static void sniff(hz_reader *r)
{
	hz_input *in = &r->in;

	r->started = true;
	if (!hz_input_fill(in)) {
		if (r->info.format == HZ_FMT_AUTO)
			r->info.format = HZ_FMT_CSV;
		return;
	}
	unsigned char *b = (unsigned char *)in->buf;
	size_t n = in->len;
	sniff_sheet(r, b, n);
	if (hz_format_is_sheet(r->info.format) || r->status != HZ_READ_OK)
		return;
	if (in->utf16_nobom) {
		r->encoding_errors++;
		hz_diag_place(r->diag, r->name, 1, 0, HZ_RULE_ENCODING,
		              "a UTF-16 file without a byte-order mark; the file is skipped "
		              "(read it with -E UTF-16LE or -E UTF-16BE)");
		r->status = HZ_READ_SKIPPED;
		r->ended = true;
		return;
	}
	if (in->not_wide) {
		r->encoding_errors++;
		hz_diag_place(r->diag, r->name, 1, 0, HZ_RULE_ENCODING,
		              "not %s: no NUL byte in its first %lld bytes, where that encoding "
		              "has one in every line end and delimiter; its bytes look like %s "
		              "(read it with -E auto); the file is skipped",
		              in->encoding, in->total, in->not_wide);
		r->status = HZ_READ_SKIPPED;
		r->ended = true;
		return;
	}
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		r->info.bom = true;
		in->pos = 3;
		r->offset = 3;
	}
	if (r->info.format == HZ_FMT_AUTO || r->info.format == HZ_FMT_JSON) {
		size_t i = in->pos;
		while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
			i++;
		if (i < n && b[i] == '[')
			r->info.format = HZ_FMT_JSON;
		else if (i < n && b[i] == '{')
			r->info.format = HZ_FMT_JSONL;
		else if (r->info.format == HZ_FMT_AUTO)
			r->info.format = tab_or_comma(in->buf + i, n - i);
	}
	r->json_array = r->info.format == HZ_FMT_JSON;
	/* line ends as the first line has them, for hz-add */
	const char *lf = memchr(in->buf + in->pos, '\n', n - in->pos);
	r->info.crlf = lf && lf > in->buf && lf[-1] == '\r';
	r->info.quote_all = in->pos < n && in->buf[in->pos] == '"';
}

static hz_record *next_direct(void *arg);

/* The prefetch thread takes the record just read and gives a fresh one. */
static hz_record *swap_row(void *arg, hz_record *fresh)
{
	hz_reader *r = arg;
	hz_record *taken = r->row;

	r->row = fresh;
	return taken;
}

hz_reader *hz_reader_open(const char *path, const hz_read_opts *o, hz_diag *d)
{
	hz_reader *r = calloc(1, sizeof *r);

	if (!r)
		hz_out_of_memory();
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	r->name = hz_xstrdup(path ? path : "<stdin>");
	r->opts = *o;
	r->diag = r->caller_diag = d;
	r->line = 1;
	r->sheet_row = 1;
	r->row = hz_record_new(NULL);
	r->info.format = o->format != HZ_FMT_AUTO ? o->format : hz_format_of_path(path);
	/* a spreadsheet carries its own encoding: -E is for text */
	int e = hz_input_open(&r->in, path,
	                      hz_format_is_sheet(r->info.format) ? NULL : o->encoding);
	if (e) {
		r->status = HZ_READ_IO;
		r->ended = true;
		r->in.fd = -1;
		if (e == EINVAL && o->encoding && path)
			hz_diag_place(d, r->name, 1, 0, HZ_RULE_IO,
			              "unknown encoding '%s' (see iconv -l)", o->encoding);
		else
			hz_diag_place(d, r->name, 1, 0, HZ_RULE_IO, "cannot open: %s", strerror(e));
		return r;
	}
	r->in.limit = o->max_bytes;
	sniff(r);
	if (hz_format_is_sheet(r->info.format))
		open_sheet(r, path);
	else if (!hz_format_is_json(r->info.format))
		hz_csv_setup(r);
	/* a regular file is read ahead on a second thread, when the
	 * process may use a second CPU; a pipe is not, so that a pipeline
	 * stage passes each record on as it comes */
	struct stat st;
	const char *ahead = getenv("HZ_PREFETCH"); /* 0: one thread, to compare */
	if (o->prefetch && r->status == HZ_READ_OK && fstat(r->in.fd, &st) == 0 &&
	    S_ISREG(st.st_mode) && !(ahead && strcmp(ahead, "0") == 0) && hz_prefetch_useful()) {
		r->threaded = true; /* before the thread starts: it reads this */
		r->prefetch = hz_prefetch_start(next_direct, r, &r->diag, swap_row, &r->backlog);
		if (!r->prefetch)
			r->threaded = false; /* no thread started */
	}
	return r;
}

/* How many cells of a row name fields of type t (any type when unknown). */
static int known_cells(const hz_record *row, hz_type t)
{
	int k = 0;

	for (size_t c = 0; c < row->ncells; c++)
		if (hz_match_header(t, row->cells[c]) != HZ_K_NONE)
			k++;
	return k;
}

static bool starts_with(hz_str s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.n >= n && memcmp(s.s, prefix, n) == 0;
}

/* A preamble row: remember 填报单位：X. */
static char *preamble_reporter(const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++) {
		hz_str cell = hz_trim(row->cells[c]);
		for (int m = 0; reporter_marks[m]; m++) {
			if (!starts_with(cell, reporter_marks[m]))
				continue;
			size_t skip = strlen(reporter_marks[m]);
			hz_str v = hz_trim((hz_str){ cell.s + skip, cell.n - skip });
			if (v.n == 0 && c + 1 < row->ncells)
				v = hz_trim(row->cells[c + 1]); /* 填报单位： | X */
			v = name_only(v);
			if (v.n == 0)
				return NULL;
			char *s = malloc(v.n + 1);
			if (!s)
				hz_out_of_memory();
			memcpy(s, v.s, v.n);
			s[v.n] = '\0';
			return s;
		}
	}
	return NULL;
}

static void header_findings(hz_reader *r, hz_schema *s, const bool *dup)
{
	long line = r->info.header_line;
	size_t nf;
	const hz_field *f = hz_fields(s->type, &nf);
	char missing_ext[512] = "";

	for (size_t c = 0; c < s->ncols; c++) {
		if (dup[c]) {
			hz_key k = hz_match_header(s->type, hz_str_c(s->names[c]));
			char msg[512];
			snprintf(msg, sizeof msg,
			         HZ_("column %zu '%s' names the same field as column %d '%s'"),
			         c + 1, s->names[c], s->col[k] + 1, s->names[s->col[k]]);
			hz_finding fd = {
				.file = r->name,
				.line = line,
				.field = hz_key_name(k),
				.message = msg,
			};
			hz_finding_of(&fd, HZ_RULE_HEADER_DUPLICATE);
			hz_diag_emit(r->diag, &fd);
		} else if (s->keys[c] == HZ_K_NONE && !hz_blank(hz_str_c(s->names[c])))
			hz_diag_place(r->diag, r->name, line, 0, HZ_RULE_HEADER_UNKNOWN,
			              "column %zu '%s' matches no %s field; it is kept", c + 1,
			              s->names[c], HZ_(hz_type_name(s->type)));
	}
	for (size_t i = 0; i < nf; i++) {
		if (s->col[f[i].key] >= 0)
			continue;
		if (f[i].flags & HZ_F_REQUIRED_COLUMN) {
			hz_finding fd = {
				.file = r->name,
				.line = line,
				.field = f[i].name,
			};
			hz_finding_of(&fd, HZ_RULE_HEADER_MISSING);
			char msg[256];
			snprintf(msg, sizeof msg, HZ_("no column '%s' in the header"), f[i].header);
			fd.message = msg;
			hz_diag_emit(r->diag, &fd);
		} else if (f[i].flags & HZ_F_EXTENSION) {
			size_t used = strlen(missing_ext);
			snprintf(missing_ext + used, sizeof missing_ext - used, "%s'%s'",
			         used ? ", " : "", f[i].header);
		}
	}
	if (missing_ext[0])
		hz_diag_place(
		        r->diag, r->name, line, 0, HZ_RULE_HEADER_EXTENSION,
		        "no extension column %s: the rules and 调度表 items that need them are skipped",
		        missing_ext);
}

/* Make the schema from a header row. */
static hz_schema *make_schema(hz_reader *r, const hz_record *row, hz_type type)
{
	hz_schema *s = hz_schema_new(type);
	bool *dup = calloc(row->ncells + 1, sizeof *dup);
	size_t ncols = row->ncells;

	if (!dup)
		hz_out_of_memory();
	/* Excel writes empty cells after the last heading: not columns (a
	 * non-empty cell under them is too-many-cells) */
	while (ncols > 0 && hz_blank(row->cells[ncols - 1]))
		ncols--;
	for (size_t c = 0; c < ncols; c++) {
		hz_key k = type < HZ_TYPE_COUNT ? hz_match_header(type, row->cells[c]) : HZ_K_NONE;
		if (k != HZ_K_NONE && s->col[k] >= 0) {
			dup[c] = true;
			k = HZ_K_NONE; /* kept, as an unknown column */
		}
		hz_schema_add(s, row->cells[c].s, row->cells[c].n, k);
	}
	if (r->opts.header_rules && type < HZ_TYPE_COUNT)
		header_findings(r, s, dup);
	free(dup);
	return s;
}

/* A header wider than the cells a row keeps before the header is known
 * (Excel's 16,384 columns) would lose its columns beyond: the file is
 * refused, said once, rather than written short. */
static bool header_too_wide(hz_reader *r, const hz_record *row)
{
	if (!(row->flags & HZ_R_TOO_MANY_CELLS))
		return false;
	hz_diag_place(r->diag, r->name, row == r->row ? r->row_line : row->place.line, 0,
	              HZ_RULE_NO_HEADER,
	              "the header row has more than %d columns (Excel's limit), "
	              "which are not read; the file is skipped",
	              HZ_COLUMNS_MAX);
	r->status = HZ_READ_SKIPPED;
	r->ended = true;
	return true;
}

/* A tip file names no one who reported ("依法保护举报人的合法权益"): a
 * column that would is refused with the whole file, unless allowed. */
static bool personal_column(hz_reader *r, const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++) {
		if (!hz_personal_header(row->cells[c]))
			continue;
		hz_diag_place(
		        r->diag, r->name, r->row_line, 0, HZ_RULE_PERSONAL_DATA,
		        "column %zu '%.*s' names the person who reported; a tip file must not "
		        "hold it (--allow-personal reads it anyway); the file is skipped",
		        c + 1, (int)row->cells[c].n, row->cells[c].s);
		r->status = HZ_READ_SKIPPED;
		r->ended = true;
		return true;
	}
	return false;
}

/* Is this row the header? Sets r->schema when it is. */
static bool try_header(hz_reader *r, hz_record *row)
{
	hz_type forced = r->opts.type;
	int need = forced < HZ_TYPE_COUNT ? 1 : HEADER_MIN_FIELDS;

	if (known_cells(row, forced) < need)
		return false;
	if (header_too_wide(r, row))
		return true;
	hz_type type = forced;
	if (type >= HZ_TYPE_COUNT)
		type = hz_type_from_header(row->cells, row->ncells);
	r->info.header_line = r->row_line;
	if (type >= HZ_TYPE_COUNT) {
		char seen[512] = "";
		for (size_t c = 0; c < row->ncells; c++) {
			size_t used = strlen(seen);
			snprintf(seen + used, sizeof seen - used, "%s%.*s", c ? "," : "",
			         (int)row->cells[c].n, row->cells[c].s);
		}
		hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_NO_HEADER,
		              "cannot tell the record type from the columns '%s' (use --type); "
		              "the file is skipped",
		              seen);
		r->status = HZ_READ_SKIPPED;
		r->ended = true;
		return true;
	}
	if (type == HZ_TIP && !r->opts.allow_personal && personal_column(r, row))
		return true;
	r->schema = make_schema(r, row, type);
	return true;
}

static bool row_blank(const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++)
		if (!hz_blank(row->cells[c]))
			return false;
	return true;
}

/* Blank template row: empty, or only its id filled (the printed 序号 1–20). */
static bool template_row(const hz_schema *s, const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++)
		if (!hz_blank(row->cells[c]) && !(c < s->ncols && s->keys[c] == HZ_K_ID))
			return false;
	return true;
}

static bool footer_row(const hz_record *row)
{
	for (size_t c = 0; c < row->ncells; c++) {
		hz_str cell = hz_trim(row->cells[c]);
		if (cell.n == 0)
			continue;
		for (int m = 0; footer_marks[m]; m++)
			if (starts_with(cell, footer_marks[m]))
				return true;
		return false;
	}
	return false;
}

/* Shape the row as a record of the header's schema. */
static hz_record *as_record(hz_reader *r, hz_record *row)
{
	hz_schema *s = r->schema;

	bool too_many = (row->flags & HZ_R_TOO_MANY_CELLS) != 0; /* beyond those kept */
	if (row->ncells > s->ncols) {
		for (size_t c = s->ncols; c < row->ncells; c++)
			too_many |= !hz_blank(row->cells[c]);
		if (too_many)
			row->flags |= HZ_R_TOO_MANY_CELLS;
		row->ncells = s->ncols;
	}
	while (row->ncells < s->ncols)
		hz_record_push(row, "", 0);
	hz_record_set_schema(row, s);
	row->place.file = r->name;
	row->place.line = r->row_line;
	row->place.row = r->row_sheet;
	row->place.record = ++r->recno;
	row->place.begin = r->row_begin;
	row->place.end = r->row_end;
	if (too_many) /* every tool says so: the cells beyond are not kept */
		hz_diag_record(
		        r->diag, row, HZ_RULE_TOO_MANY_CELLS, HZ_K_NONE,
		        "a non-empty cell beyond the header's %zu columns; the cells beyond are ignored",
		        s->ncols);
	return row;
}

/* Pass-through mode (hz-fmt on any CSV): no row among the first ones named
 * fields, so the first row is the header and every column is unknown. */
static hz_record *passthrough_header(hz_reader *r)
{
	hz_record *first = r->held[0];

	if (header_too_wide(r, first)) {
		for (size_t i = 0; i < r->nheld; i++)
			hz_record_free(r->held[i]);
		free(r->held);
		r->held = NULL;
		r->nheld = r->held_pos = 0;
		return NULL;
	}
	r->info.header_line = first->place.line;
	r->schema = hz_schema_new(HZ_TYPE_UNKNOWN);
	for (size_t c = 0; c < first->ncells; c++)
		hz_schema_add(r->schema, first->cells[c].s, first->cells[c].n, HZ_K_NONE);
	/* a form read as a grid: rows wider than its title row keep their
	 * cells, under unnamed columns */
	while (r->opts.grid && r->schema->ncols < HZ_GRID_COLUMNS)
		hz_schema_add(r->schema, "", 0, HZ_K_NONE);
	hz_record_free(first);
	r->held_pos = 1;
	return NULL;
}

static hz_record *next_held(hz_reader *r)
{
	while (r->held_pos < r->nheld) {
		hz_record *h = r->held[r->held_pos++];
		hz_record_clear(r->row);
		for (size_t c = 0; c < h->ncells; c++)
			hz_record_push(r->row, h->cells[c].s, h->cells[c].n);
		r->row->flags = h->flags;
		r->row_line = h->place.line;
		r->row_sheet = h->place.row;
		r->row_begin = h->place.begin;
		r->row_end = h->place.end;
		hz_record_free(h);
		return as_record(r, r->row);
	}
	free(r->held);
	r->held = NULL;
	r->nheld = r->held_pos = 0;
	return NULL;
}

static void hold_row(hz_reader *r)
{
	hz_record *h = hz_record_copy(r->row);

	h->place.line = r->row_line;
	h->place.row = r->row_sheet;
	h->place.begin = r->row_begin;
	h->place.end = r->row_end;
	r->held = realloc(r->held, (r->nheld + 1) * sizeof *r->held);
	if (!r->held)
		hz_out_of_memory();
	r->held[r->nheld++] = h;
}

/* A workbook none of whose sheets has a header: no-header naming them,
 * or empty-input when they hold no row at all. */
static void sheet_without_header(hz_reader *r)
{
	const char *seen = hz_reader_sheets_seen(r);

	if (r->sheet_rows + r->rows_seen == 0) {
		if (r->opts.empty_ok || r->empty_said)
			return;
		r->empty_said = true;
		hz_diag_place(r->diag, r->name, 1, 0, HZ_RULE_EMPTY_INPUT,
		              "the workbook's sheets looked at (%s) are empty: it holds no records",
		              seen);
	} else {
		r->status = HZ_READ_SKIPPED;
		hz_diag_place(r->diag, r->name, 1, 0, HZ_RULE_NO_HEADER,
		              "no header row in the first %d rows of the sheets looked at (%s) "
		              "(a row naming at least %d known fields); the file is skipped",
		              HEADER_ROWS, seen, HEADER_MIN_FIELDS);
	}
}

/* The next row: a spreadsheet's, else the delimited text's. */
static bool next_row(hz_reader *r)
{
	return r->rows.next ? r->rows.next(r) : hz_csv_next_row(r);
}

static hz_record *csv_next(hz_reader *r)
{
	if (r->held) {
		hz_record *h = next_held(r);
		if (h)
			return h;
	}
	while (!r->ended) {
		if (!next_row(r)) {
			/* a workbook's sheet without a header: its next sheet */
			if (!r->schema && hz_reader_sheet_next(r))
				continue;
			if (!r->schema && r->nheld && r->opts.passthrough)
				goto passthrough;
			if (!r->schema && r->status == HZ_READ_OK && r->rows.sheet_name)
				sheet_without_header(r);
			else if (!r->schema && r->status == HZ_READ_OK && r->rows_seen > 0)
				hz_diag_place(
				        r->diag, r->name, 1, 0, HZ_RULE_NO_HEADER,
				        "no header row in the first %d rows (a row naming at least %d known fields)",
				        HEADER_ROWS, HEADER_MIN_FIELDS);
			if (!r->schema && r->rows_seen > 0)
				r->status = r->status == HZ_READ_OK ? HZ_READ_SKIPPED : r->status;
			r->ended = true;
			break;
		}
		if (!r->schema) {
			r->rows_seen++;
			if (r->opts.passthrough)
				hold_row(r);
			if (r->opts.passthrough && r->opts.first_row_header)
				goto passthrough;
			if (try_header(r, r->row)) {
				if (r->schema) {
					hz_reader_sheet_found(r);
					r->schema->reporter = r->pending_reporter;
					r->pending_reporter = NULL;
					if (r->held) {
						/* the header was found after all: drop what was held */
						for (size_t i = 0; i < r->nheld; i++)
							hz_record_free(r->held[i]);
						free(r->held);
						r->held = NULL;
						r->nheld = 0;
					}
				}
				continue;
			}
			char *rep = preamble_reporter(r->row);
			if (rep) {
				free(r->pending_reporter);
				r->pending_reporter = rep;
			}
			if (r->rows_seen >= HEADER_ROWS) {
				if (hz_reader_sheet_next(r))
					continue;
				if (r->opts.passthrough)
					goto passthrough;
				if (r->rows.sheet_name && r->status == HZ_READ_OK) {
					sheet_without_header(r);
					r->ended = true;
					continue;
				}
				hz_diag_place(
				        r->diag, r->name, 1, 0, HZ_RULE_NO_HEADER,
				        "no header row in the first %d rows (a row naming at least %d known fields); "
				        "the file is skipped",
				        HEADER_ROWS, HEADER_MIN_FIELDS);
				r->status = HZ_READ_SKIPPED;
				r->ended = true;
			}
			continue;
		}
		if (r->schema->type < HZ_TYPE_COUNT) {
			if (footer_row(r->row)) {
				r->ended = true;
				break;
			}
			if (row_blank(r->row) || template_row(r->schema, r->row))
				continue;
		}
		return as_record(r, r->row);
	}
	return NULL;

passthrough:
	passthrough_header(r);
	return csv_next(r);
}

/* The next record, read on the caller's thread (or the prefetch thread's). */
static hz_record *next_direct(void *arg)
{
	hz_reader *r = arg;

	if (r->status == HZ_READ_IO)
		return NULL;
	hz_record *rec;
	/* --where, before the tool sees the record (its prepare hook included) */
	do
		rec = hz_format_is_json(r->info.format) ? hz_json_next(r) : csv_next(r);
	while (rec && r->opts.where && !hz_select_match(r->opts.where, rec));
	/* the tool's work on the record, here while the tool's thread is
	 * behind; otherwise, and on one thread, the tool does it itself */
	if (rec)
		rec->flags &= ~HZ_R_PREPARED;
	if (rec && r->opts.prepare && hz_reader_tool_behind(r)) {
		r->opts.prepare(r->opts.prepare_arg, rec);
		rec->flags |= HZ_R_PREPARED;
	}
	if (!rec) {
		/* an empty export must not pass as a file of zero hazards unnoticed */
		if (r->status == HZ_READ_OK && !r->empty_said && !r->opts.empty_ok &&
		    !hz_format_is_sheet(r->info.format) && r->offset == (r->info.bom ? 3 : 0)) {
			r->empty_said = true;
			if (r->info.bom)
				hz_diag_place(
				        r->diag, r->name, 1, 0, HZ_RULE_EMPTY_INPUT,
				        "the input is empty (a byte-order mark alone): it holds no records");
			else
				hz_diag_place(r->diag, r->name, 1, 0, HZ_RULE_EMPTY_INPUT,
				              "the input is empty: it holds no records");
		}
		r->info.final_newline =
		        r->offset == 0 || r->last_byte == '\n' || r->last_byte == '\r';
		r->info.lines = r->info.final_newline ? r->line - 1 : r->line;
		r->info.bytes = r->offset;
		if (r->in.error == EFBIG && r->in.limit && r->status == HZ_READ_OK) {
			hz_diag_place(r->diag, r->name, r->line, 0, HZ_RULE_IO,
			              "longer than %lld bytes, the limit for this input",
			              r->in.limit);
			r->status = HZ_READ_IO;
		} else if (r->in.error && r->status == HZ_READ_OK) {
			hz_diag_place(r->diag, r->name, r->line, 0, HZ_RULE_IO, "read error: %s",
			              strerror(r->in.error));
			r->status = HZ_READ_IO;
		}
	}
	return rec;
}

static void settle(const hz_reader *cr);

hz_record *hz_reader_next(hz_reader *r)
{
	hz_record *rec = r->prefetch       ? hz_prefetch_next(r->prefetch)
	                 : r->status_final ? NULL
	                                   : next_direct(r);

	if (rec && !hz_format_is_json(r->info.format))
		hz_csv_check_bytes(r, r->caller_diag, rec);
	/* a header alone holds no records: say so, where a tool would
	 * otherwise print nothing or a report of zeros (after the reading
	 * thread's end, so in order) */
	if (!rec)
		settle(r);
	if (!rec && !r->empty_said && !r->opts.empty_ok && r->status == HZ_READ_OK && r->schema &&
	    r->recno == 0 && !hz_format_is_json(r->info.format)) {
		r->empty_said = true;
		hz_reader_sheet_note(r, r->info.header_line,
		                     "a header row and no records below it");
	}
	return rec;
}

/* Stop reading ahead before looking at what the reading thread writes.
 * Asked before the end, this ends the input: no record is passed over
 * unseen afterwards. */
static void settle(const hz_reader *cr)
{
	hz_reader *r = (hz_reader *)cr;

	if (!r->prefetch)
		return;
	hz_prefetch_stop(r->prefetch);
	r->prefetch = NULL;
	r->ended = true;
	r->status_final = true;
}

hz_read_status hz_reader_status(const hz_reader *r)
{
	settle(r);
	return r->status;
}

long hz_reader_encoding_errors(const hz_reader *r)
{
	settle(r);
	return r->encoding_errors;
}

long hz_reader_dropped(const hz_reader *r)
{
	settle(r);
	return r->dropped;
}

const hz_source_info *hz_reader_info(const hz_reader *r)
{
	return &r->info;
}

hz_schema *hz_reader_schema(const hz_reader *r)
{
	return r->schema;
}

const char *hz_reader_name(const hz_reader *r)
{
	return r->name;
}

void hz_reader_close(hz_reader *r)
{
	if (!r)
		return;
	hz_prefetch_stop(r->prefetch);
	hz_input_close(&r->in);
	if (r->rows.close)
		r->rows.close(r->rows.state);
	hz_csv_cleanup(r);
	hz_json_cleanup(r);
	for (size_t i = r->held_pos; i < r->nheld; i++)
		hz_record_free(r->held[i]);
	free(r->held);
	hz_record_free(r->row);
	hz_schema_unref(r->schema);
	free(r->pending_reporter);
	free(r->name);
	free(r);
}
