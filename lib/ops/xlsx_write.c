/* xlsx_write.c - the printed forms as .xlsx; the only file that includes <xlsxwriter.h> */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "hz/amount.h"
#include "hz/date.h"
#include "hz/docx_write.h"
#include "hz/items.h"
#include "hz/normalize.h"
#include "hz/sheet.h"
#include "hz/xlsx.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* Excel's day 0 is 1899-12-30; hz_date's is 1970-01-01. */
#define EXCEL_EPOCH 25569
/* Integers beyond 2^53 lose digits as doubles: they stay text. */
#define EXACT_INT_MAX 9007199254740992L
/* Column widths, in Excel's units (one digit of the default font; a CJK
 * character takes two, as it does on a terminal). Rows are streamed, so a
 * column's width is set before its first row: by what the field holds
 * (a table: the forms are data), and wide enough for half its header (a
 * header may wrap onto two lines). Row heights follow the lines each
 * cell's text takes in that width. */
#define WIDTH_MIN 5.0
#define WIDTH_MAX 30.0
#define LINE_HEIGHT 13.5     /* points, a line of 10-point text */
#define ROW_HEIGHT_MAX 409.0 /* Excel's largest row */
#define BODY_PT 10           /* the printed body: read, signed, stamped */

/* The printable width of a landscape page in pixels at 96 dpi (A4: 11.69",
 * A3: 16.54", less 0.4" margins either side), 3 % kept back for the
 * spreadsheet's rounding. A column of w units takes 7w + 5 pixels in
 * Excel (Calibri's digit) and up to 8w + 5 in LibreOffice: 8 is budgeted. The
 * page is printed at 100 %: the columns are fitted to it, never the
 * text shrunk to the columns. */
#define A4_LANDSCAPE_PX ((11.69 - 0.8) * 96 * 0.97)
#define A3_LANDSCAPE_PX ((16.54 - 0.8) * 96 * 0.97)
#define SHRINK_FLOOR 8.0 /* a wrapped column is never made narrower */

static const struct {
	hz_kind kind;
	double width;
	bool fixed; /* dates and numbers do not wrap: never narrowed */
} kind_widths[] = {
	{ HZ_KIND_TEXT, 16, false },        { HZ_KIND_ID, 5, true },
	{ HZ_KIND_DATE, 10.5, true },       { HZ_KIND_DATES, 10.5, true },
	{ HZ_KIND_LINES, 30, false },       { HZ_KIND_DOMAIN, 7, false },
	{ HZ_KIND_LEVEL, 6, false },        { HZ_KIND_STAGE, 7, false },
	{ HZ_KIND_SOURCE, 9, false },       { HZ_KIND_LISTED, 10.5, true },
	{ HZ_KIND_FLAG, 6, false },         { HZ_KIND_AMOUNT, 9, true },
	{ HZ_KIND_COUNT, 7, true },         { HZ_KIND_SUB, 8, true },
	{ HZ_KIND_ITEM, 24, false },        { HZ_KIND_LIST, 24, false },
	{ HZ_KIND_REVIEW, 8, false },       { HZ_KIND_LISTING_LEVEL, 8, false },
	{ HZ_KIND_NOTICE_KIND, 12, false }, { HZ_KIND_CHANNEL, 8, false },
	{ HZ_KIND_FINDING, 9, false },
};

/* Text fields that hold sentences rather than names. */
static const struct {
	hz_key key;
	double width;
} key_widths[] = {
	{ HZ_K_HAZARD, 30 }, { HZ_K_MEASURES, 30 },   { HZ_K_UNIT, 20 },
	{ HZ_K_PLAN, 20 },   { HZ_K_ENTERPRISE, 24 }, { HZ_K_SUBJECT, 20 },
};

/* ---- the forms' fixed text, as printed (附件1 and 附件2 of the plan) ---- */

static const char *const form2_title[] = { "附件2", "重大事故隐患清单" };
static const char form2_reporter[] = "填报单位：";
static const char *const form2_footer[] = {
	"填报说明：",
	"1.“涉及层面”，请填写市、县区层面。",
	"2.“检查日期”填写后，“计划整改时限”、“实际整改完成时间”、“整改进展时间”都需要等于或者晚于“检查日期”。",
	"3.“整改进展”可以填写多条。",
};
/* The form's signature line, under the 填报说明: the year is that of the
 * last check date (hz-fmt(1)); the blanks (ideographic spaces) are room
 * to sign in, as on the plan's own form. */
static const char form2_sign[] =
        "审核人：　　　　　　　　　　填表人：　　　　　　　　　　填报时间：%s年　　月";
static const char page_footer[] = "&C&10第 &P 页 共 &N 页";
static const char notes_sheet[] = "说明";

static const char *const form1_title[] = {
	"附件1",
	"城中区重大事故隐患专项排查整治",
	"2023行动进展情况调度表",
};
static const char *const form1_notes[] = {
	"注：1.调度表自6月份开始上报，每月1日前上报截至上月末的累计情况。（没有相关情况的，也要零报送，以作为年底考核凭证。）",
	"2. 调度表内容要深挖细查，查出真问题。如：电焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。",
};
/* what the unit signs and stamps, with room to sign in */
static const char form1_sign[] =
        "单位负责人（签字）：　　　　　　填报人：　　　　　　联系电话：　　　　　　（盖章）";

/* 附件1's grid: a section column, then two items a row, each item as
 * code | label | value | value2 (value and value2 merged when the item
 * has one value). Widths in Excel's units. */
enum { T_SECTION, T_ITEM0, T_COLS = T_ITEM0 + 8 };
static const double form1_widths[T_COLS] = { 3.5, 4, 20.5, 7, 10, 4, 20.5, 7, 10 };

/* ---- the workbook ---- */

enum mode { MODE_NONE, MODE_RECORDS, MODE_TALLIES, MODE_DOC };

/* One column of the records sheet: a known field, or an unknown column
 * of the first schema, by name. */
typedef struct column {
	hz_key key;
	const hz_field *field; /* NULL for an unknown column */
	const char *name;      /* the first schema's header cell */
	size_t nth;            /* which column of that name (names repeat) */
	double width;
	bool fixed; /* a date or a number: not narrowed to fit */
} column;

struct hz_xlsx {
	char *path;       /* --output as given, or NULL: copied out at close */
	char *target;     /* path with its symlinks followed: the name the
	                           workbook is renamed to, or NULL when path is
	                           not a regular file (a device, a FIFO): then
	                           path is opened and written in place */
	mode_t keep_mode; /* the replaced file's permissions, or 0 */
	int write_errno;  /* why copying the workbook out failed, or 0 */
	char *tmp;        /* the temporary file the workbook goes to */
	hz_xlsx_opts o;
	enum mode mode;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_text, *f_date, *f_number, *f_header, *f_title, *f_big, *f_plain, *f_section,
	        *f_code, *f_label, *f_value, *f_note, *f_sign;
	/* records */
	hz_schema *first;
	column *cols;
	size_t ncols;
	hz_schema *mapped; /* the schema `map` was made for (a reference
	                           held, so that no later schema can take its
	                           address) */
	int *map;          /* output column -> its column there, -1 none */
	lxw_row_t row;     /* next row to write */
	lxw_row_t header_row;
	char *title;   /* the 填报单位 of 附件2's title */
	bool strict;   /* every column of a record has a place */
	int last_year; /* of the latest check date, or 0 */
	long records;
	int sheets;
	char **notes; /* for the sheet 说明 */
	size_t nnotes;
	struct caption { /* 附件1's value formats with a caption */
		char num_format[64];
		lxw_format *f;
	} captions[8];
	size_t ncaptions;
	char err[512];
};

/* A note about the form: to the tool (stderr) and to the sheet 说明. */
static void note(hz_xlsx *x, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	x->notes = hz_xrealloc(x->notes, (x->nnotes + 1) * sizeof *x->notes);
	x->notes[x->nnotes++] = hz_xstrdup(buf);
	if (x->o.note)
		x->o.note(x->o.note_arg, buf);
}

static void fail(hz_xlsx *x, const char *what, lxw_error e)
{
	snprintf(x->err, sizeof x->err, "%s: %s", what, lxw_strerror(e));
}

hz_xlsx *hz_xlsx_new(const char *path, const hz_xlsx_opts *o)
{
	hz_xlsx *x = hz_xcalloc(1, sizeof *x);

	x->o = *o;
	x->path = path ? hz_xstrdup(path) : NULL;
	return x;
}

/* The reason of a failure goes to the caller's err, as everywhere in libhz
 * (libhz(3), ERRORS). */
static int reported(const hz_xlsx *x, int rc, char *err, size_t errcap)
{
	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, "%s", x->err);
	return rc;
}

/* Follow path's symlinks to the name that renaming must replace: a link
 * stays a link and its target gets the workbook. The target is a regular
 * file or a new name (0, in *target), or something renaming would destroy
 * — a device such as /dev/full, a FIFO, a socket — (0, *target NULL: it is
 * written in place). -1 with errno for a loop or an unreadable link. */
static int resolve_target(const char *path, char **target, mode_t *mode)
{
	char *p = hz_xstrdup(path);
	struct stat st;

	*mode = 0;
	for (int hops = 0;; hops++) {
		if (lstat(p, &st) != 0) {
			if (errno != ENOENT)
				break;
			*target = p; /* a new name */
			return 0;
		}
		if (S_ISREG(st.st_mode)) {
			*mode = st.st_mode & 07777;
			*target = p;
			return 0;
		}
		if (!S_ISLNK(st.st_mode)) {
			free(p);
			*target = NULL; /* written in place */
			return 0;
		}
		if (hops == 40) {
			errno = ELOOP;
			break;
		}
		char link[PATH_MAX];
		ssize_t n = readlink(p, link, sizeof link - 1);
		if (n < 0)
			break;
		link[n] = '\0';
		/* a relative link is relative to the folder that holds it */
		const char *slash = strrchr(p, '/');
		size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - p) + 1;
		char *next = hz_xrealloc(NULL, dir + (size_t)n + 1);
		memcpy(next, p, dir);
		memcpy(next + dir, link, (size_t)n + 1);
		free(p);
		p = next;
	}
	free(p);
	return -1;
}

/* The temporary file: beside the final file, so that rename(2) puts it
 * in place, else (standard output, a device) in $TMPDIR. */
static int make_tmp(hz_xlsx *x)
{
	const char *dir = getenv("TMPDIR");
	size_t n;
	int fd;

	if (x->path && resolve_target(x->path, &x->target, &x->keep_mode) != 0) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->path, strerror(errno));
		return -1;
	}
	if (x->target) {
		n = strlen(x->target) + 16;
		x->tmp = hz_xrealloc(NULL, n);
		snprintf(x->tmp, n, "%s.XXXXXX", x->target);
	} else {
		if (!dir || !*dir)
			dir = "/tmp";
		n = strlen(dir) + 32;
		x->tmp = hz_xrealloc(NULL, n);
		snprintf(x->tmp, n, "%s/hz-xlsx.XXXXXX", dir);
	}
	fd = mkstemp(x->tmp);
	const char *slash = x->target ? strrchr(x->target, '/') : NULL;
	if (fd < 0 && x->target && (errno == EACCES || errno == EPERM || errno == EROFS)) {
		/* the workbook is made beside the file: the folder is to blame */
		int e = errno;
		snprintf(x->err, sizeof x->err, HZ_("%s: the folder '%.*s' cannot be written: %s"),
		         x->path, slash ? (slash == x->target ? 1 : (int)(slash - x->target)) : 1,
		         slash ? x->target : ".", strerror(e));
		free(x->tmp);
		x->tmp = NULL;
		return -1;
	}
	if (fd < 0) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->target ? x->target : x->tmp,
		         strerror(errno));
		free(x->tmp);
		x->tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

static lxw_format *new_format(lxw_workbook *wb, bool border, bool wrap)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "SimSun");
	format_set_font_size(f, BODY_PT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (wrap)
		format_set_text_wrap(f);
	return f;
}

static void make_formats(hz_xlsx *x)
{
	lxw_workbook *wb = x->wb;

	x->f_text = new_format(wb, true, true);
	format_set_align(x->f_text, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(x->f_text, "@"); /* stays text when edited */
	x->f_date = new_format(wb, true, false);
	format_set_align(x->f_date, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(x->f_date, "yyyy-mm-dd");
	x->f_number = new_format(wb, true, false);
	format_set_align(x->f_number, LXW_ALIGN_VERTICAL_TOP);
	x->f_header = new_format(wb, true, true);
	format_set_bold(x->f_header);
	format_set_align(x->f_header, LXW_ALIGN_CENTER);
	format_set_bg_color(x->f_header, 0xE7E6E6);
	x->f_plain = new_format(wb, false, false);
	x->f_title = new_format(wb, false, false);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 12);
	x->f_big = new_format(wb, false, false);
	format_set_bold(x->f_big);
	format_set_font_size(x->f_big, 16);
	format_set_align(x->f_big,
	                 x->mode == MODE_RECORDS ? LXW_ALIGN_CENTER_ACROSS : LXW_ALIGN_CENTER);
	x->f_section = new_format(wb, true, true);
	format_set_align(x->f_section, LXW_ALIGN_CENTER);
	format_set_bold(x->f_section);
	x->f_code = new_format(wb, true, false);
	format_set_align(x->f_code, LXW_ALIGN_CENTER);
	format_set_num_format(x->f_code, "@"); /* 3.10 is not 3.1 */
	x->f_label = new_format(wb, true, true);
	x->f_value = new_format(wb, true, false);
	format_set_align(x->f_value, LXW_ALIGN_CENTER);
	x->f_note = new_format(wb, false, true);
	format_set_align(x->f_note, LXW_ALIGN_VERTICAL_TOP);
	x->f_sign = new_format(wb, false, false);
	format_set_font_size(x->f_sign, 12);
	format_set_align(x->f_sign, LXW_ALIGN_VERTICAL_BOTTOM);
}

static int open_workbook(hz_xlsx *x, enum mode mode)
{
	lxw_workbook_options wo = { 0 };

	if (x->mode != MODE_NONE) {
		if (x->mode == mode)
			return 0;
		snprintf(x->err, sizeof x->err,
		         HZ_("a workbook holds records or tallies, not both"));
		return -1;
	}
	if (make_tmp(x) != 0)
		return -1;
	/* Records stream through: each row goes to disk as the next begins. */
	wo.constant_memory = mode == MODE_RECORDS;
	wo.tmpdir = getenv("TMPDIR");
	if (wo.tmpdir && !*wo.tmpdir)
		wo.tmpdir = NULL;
	x->wb = workbook_new_opt(x->tmp, &wo);
	if (!x->wb) {
		snprintf(x->err, sizeof x->err, HZ_("%s: cannot create the workbook"), x->tmp);
		return -1;
	}
	x->mode = mode;
	make_formats(x);
	return 0;
}

/* A copy of v as a C string, line ends as LF (a spreadsheet's line break). */
static char *cell_string(hz_str v)
{
	char *s = hz_xrealloc(NULL, v.n + 1);
	size_t k = 0;

	for (size_t i = 0; i < v.n; i++) {
		if (v.s[i] == '\r') {
			s[k++] = '\n';
			if (i + 1 < v.n && v.s[i + 1] == '\n')
				i++;
		} else {
			s[k++] = v.s[i];
		}
	}
	s[k] = '\0';
	return s;
}

/* Lines a text of display width w takes in a cell of width cw. */
static int lines_for(size_t w, double cw)
{
	/* a unit is 7 px (Excel) to 8 px (LibreOffice), a CJK character of
	 * 10 pt 13.3 px: (7 cw + 5) / 13.3 characters, 1.05 cw + 0.75
	 * display columns even in Excel */
	size_t per = cw > 2 ? (size_t)(cw * 1.05 + 0.75) : 1;

	return w == 0 ? 1 : (int)((w + per - 1) / per);
}

/* Lines the text v takes in a wrapped cell of width cw: each of its own
 * lines, wrapped. */
static int text_lines(hz_str v, double cw)
{
	size_t start = 0;
	int lines = 0;

	for (size_t i = 0; i <= v.n; i++)
		if (i == v.n || v.s[i] == '\n' || v.s[i] == '\r') {
			lines += lines_for(hz_display_width(v.s + start, i - start), cw);
			if (i + 1 < v.n && v.s[i] == '\r' && v.s[i + 1] == '\n')
				i++;
			start = i + 1;
		}
	return lines;
}

static double row_height(int lines)
{
	double h = LINE_HEIGHT * lines + 3;

	return h > ROW_HEIGHT_MAX ? ROW_HEIGHT_MAX : h;
}

/* A column's width: by its field (its key, else its kind), else that of
 * text; at least half its header; within WIDTH_MIN..WIDTH_MAX. */
static double column_width(const hz_field *f, const char *header, bool *fixed)
{
	double w = 16, half = (double)hz_display_width(header, strlen(header)) / 2 + 2;

	*fixed = false;
	for (size_t i = 0; f && i < sizeof kind_widths / sizeof kind_widths[0]; i++)
		if (kind_widths[i].kind == f->kind) {
			w = kind_widths[i].width;
			*fixed = kind_widths[i].fixed;
		}
	for (size_t i = 0; f && i < sizeof key_widths / sizeof key_widths[0]; i++)
		if (key_widths[i].key == f->key)
			w = key_widths[i].width;
	if (w < half && (*fixed || half <= SHRINK_FLOOR))
		w = half; /* a wrapped column's header wraps too */
	return w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
}

/* Narrow the wrapped columns, each by the same share of what it has above
 * SHRINK_FLOOR, until the sheet fits the page's width (px): the text
 * stays 10 pt and the rows grow instead. */
static void fit_widths(column *cols, size_t n, double px)
{
	double avail = (px - 5.0 * (double)n) / 8.0, keep = 0, excess = 0;

	for (size_t j = 0; j < n; j++) {
		double w = cols[j].width;
		if (cols[j].fixed || w <= SHRINK_FLOOR) {
			keep += w;
		} else {
			keep += SHRINK_FLOOR;
			excess += w - SHRINK_FLOOR;
		}
	}
	if (keep + excess <= avail || excess <= 0)
		return;
	double k = avail > keep ? (avail - keep) / excess : 0;
	for (size_t j = 0; j < n; j++)
		if (!cols[j].fixed && cols[j].width > SHRINK_FLOOR)
			cols[j].width = SHRINK_FLOOR + (cols[j].width - SHRINK_FLOOR) * k;
}

/* ---- records: 附件2 ---- */

static bool has_column(const column *cols, size_t n, hz_key k)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i].key == k)
			return true;
	return false;
}

/* The field of type t that name calls (its key, header or an alias), or
 * NULL. The one place --columns' names are resolved. */
static const hz_field *field_named(hz_type t, const char *name)
{
	size_t nf = 0;
	const hz_field *f = t < HZ_TYPE_COUNT ? hz_fields(t, &nf) : NULL;
	hz_key k;

	for (size_t i = 0; i < nf; i++)
		if (strcmp(hz_key_name(f[i].key), name) == 0)
			return &f[i];
	if (t < HZ_TYPE_COUNT && (k = hz_match_header(t, hz_str_c(name))) != HZ_K_NONE)
		return hz_field_of(t, k);
	return NULL;
}

/* The columns --columns names, in its order: fields (printed whether the
 * input has them or not) and the first input's unknown columns by their
 * header. False, with a message, for a name that is neither. */
static bool chosen_columns(hz_xlsx *x, hz_schema *s)
{
	for (size_t i = 0; i < x->o.ncolumns; i++) {
		const char *name = x->o.columns[i];
		const hz_field *f = field_named(s->type, name);
		size_t c;

		if (f) {
			if (!has_column(x->cols, x->ncols, f->key))
				x->cols[x->ncols++] = (column){ f->key, f, f->header, 0, 0, false };
			continue;
		}
		for (c = 0; c < s->ncols; c++)
			if (s->keys[c] == HZ_K_NONE && strcmp(s->names[c], name) == 0)
				break;
		if (c == s->ncols) {
			snprintf(x->err, sizeof x->err,
			         HZ_("--columns: '%s' is not a field of %s records nor a column "
			             "of the input"),
			         name, s->type < HZ_TYPE_COUNT ? hz_type_name(s->type) : "?");
			return false;
		}
		x->cols[x->ncols++] = (column){ HZ_K_NONE, NULL, s->names[c], 0, 0, false };
	}
	return true;
}

/* The sheet's columns. --columns names them; else for hazards the 13
 * columns of 附件2 (present or not: it is the printed form), the input's
 * other columns named in a note (--columns all prints them, after the
 * form's); for the other types the known fields the input has, in the
 * form's order, then its unknown columns, in its order. */
static bool set_columns(hz_xlsx *x, hz_schema *s)
{
	size_t nf = 0;
	const hz_field *f = s->type < HZ_TYPE_COUNT ? hz_fields(s->type, &nf) : NULL;
	bool form_only = s->type == HZ_HAZARD && !x->o.all_columns;

	x->first = hz_schema_ref(s);
	x->cols = hz_xcalloc(nf + s->ncols + x->o.ncolumns + 1, sizeof *x->cols);
	x->map = hz_xcalloc(nf + s->ncols + x->o.ncolumns + 1, sizeof *x->map);
	if (x->o.columns && !x->o.all_columns)
		return chosen_columns(x, s);
	x->strict = !form_only;
	for (size_t i = 0; i < nf; i++)
		if ((s->col[f[i].key] >= 0 && !form_only) ||
		    (s->type == HZ_HAZARD && (f[i].flags & HZ_F_FORM)))
			x->cols[x->ncols++] = (column){ f[i].key, &f[i], f[i].header, 0, 0, false };
	char left[600] = "";
	size_t nleft = 0, used = 0;
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->keys[c] != HZ_K_NONE && s->col[s->keys[c]] == (int)c &&
		    has_column(x->cols, x->ncols, s->keys[c]))
			continue;
		if (form_only) {
			/* named, not printed: the form has 13 columns */
			if (s->keys[c] == HZ_K_REPORTER)
				continue; /* printed in the title */
			int n = snprintf(left + used, sizeof left - used, "%s%s", nleft ? "、" : "",
			                 s->names[c]);
			if (n > 0 && (size_t)n < sizeof left - used)
				used += (size_t)n;
			nleft++;
			continue;
		}
		size_t nth = 0;
		for (size_t d = 0; d < c; d++)
			nth += strcmp(s->names[d], s->names[c]) == 0;
		x->cols[x->ncols++] = (column){ HZ_K_NONE, NULL, s->names[c], nth, 0, false };
	}
	if (nleft)
		note(x,
		     HZ_("columns not on the printed form: %s (--columns all prints every column, on A3)"),
		     left);
	return true;
}

/* The column of schema s that holds output column j, or -1. */
static int find_column(const hz_schema *s, const column *col)
{
	size_t nth = 0;

	if (col->key != HZ_K_NONE)
		return s->col[col->key];
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->keys[c] != HZ_K_NONE && s->col[s->keys[c]] == (int)c)
			continue;
		if (strcmp(s->names[c], col->name) == 0 && nth++ == col->nth)
			return (int)c;
	}
	return -1;
}

/* Map the sheet's columns onto a record's schema. False when the record
 * has a column the sheet has no place for: a sheet has one header. */
static bool map_schema(hz_xlsx *x, hz_schema *s)
{
	size_t used = 0;

	if (s == x->mapped)
		return true;
	for (size_t j = 0; j < x->ncols; j++) {
		x->map[j] = find_column(s, &x->cols[j]);
		used += x->map[j] >= 0;
	}
	if (x->mapped)
		hz_schema_unref(x->mapped);
	x->mapped = NULL;
	if (x->strict && used != s->ncols)
		return false;
	x->mapped = hz_schema_ref(s);
	return true;
}

static const char *header_text(const hz_xlsx *x, const column *col)
{
	if (col->field && x->o.english)
		return col->field->name;
	if (col->field && x->first->from_json)
		return col->field->header;
	return col->name;
}

/* One row of text spread across the sheet's width (center-across needs
 * the cells right of it in the same format; no merge in streaming mode). */
static void across(hz_xlsx *x, const char *text, lxw_format *f)
{
	worksheet_write_string(x->ws, x->row, 0, text, f);
	if (f == x->f_big)
		for (size_t j = 1; j < x->ncols; j++)
			worksheet_write_blank(x->ws, x->row, (lxw_col_t)j, f);
	x->row++;
}

/* The sheet, its title rows and its header, for records of schema s;
 * reporter is the 填报单位 of the first record (HZ_STR_NONE if none). */
static bool start_sheet(hz_xlsx *x, hz_schema *s, hz_str reporter)
{
	bool form = s->type == HZ_HAZARD;
	const char *name = form                      ? form2_title[0]
	                   : s->type < HZ_TYPE_COUNT ? hz_type_name(s->type)
	                                             : NULL;

	if (!set_columns(x, s))
		return false;
	x->ws = workbook_add_worksheet(x->wb, name);
	/* A4 landscape, or A3 for every column; at 100 %: the columns are
	 * fitted to the page below, the text is never shrunk */
	worksheet_set_paper(x->ws, x->o.all_columns ? 8 : 9);
	worksheet_set_landscape(x->ws);
	worksheet_set_print_scale(x->ws, 100);
	worksheet_set_margins(x->ws, 0.4, 0.4, 0.5, 0.6);
	worksheet_set_footer(x->ws, page_footer);
	if (form) {
		hz_str unit = x->o.unit ? hz_str_c(x->o.unit) : reporter;
		char *line = hz_xrealloc(NULL, sizeof form2_reporter + unit.n);

		x->title = hz_xstrndup(unit.s ? unit.s : "", unit.n);

		memcpy(line, form2_reporter, sizeof form2_reporter - 1);
		memcpy(line + sizeof form2_reporter - 1, unit.s ? unit.s : "", unit.n);
		line[sizeof form2_reporter - 1 + unit.n] = '\0';
		across(x, form2_title[0], x->f_title);
		across(x, form2_title[1], x->f_big);
		across(x, line, x->f_plain);
		free(line);
	}
	x->header_row = x->row;
	int lines = 1;
	for (size_t j = 0; j < x->ncols; j++)
		x->cols[j].width = column_width(x->cols[j].field, header_text(x, &x->cols[j]),
		                                &x->cols[j].fixed);
	fit_widths(x->cols, x->ncols, x->o.all_columns ? A3_LANDSCAPE_PX : A4_LANDSCAPE_PX);
	for (size_t j = 0; j < x->ncols; j++) {
		int n = text_lines(hz_str_c(header_text(x, &x->cols[j])), x->cols[j].width);

		worksheet_set_column(x->ws, (lxw_col_t)j, (lxw_col_t)j, x->cols[j].width, NULL);
		if (n > lines)
			lines = n;
	}
	worksheet_set_row(x->ws, x->row, row_height(lines), NULL);
	for (size_t j = 0; j < x->ncols; j++)
		worksheet_write_string(x->ws, x->row, (lxw_col_t)j, header_text(x, &x->cols[j]),
		                       x->f_header);
	x->row++;
	worksheet_freeze_panes(x->ws, x->row, 0);
	worksheet_repeat_rows(x->ws, x->header_row, x->header_row);
	return true;
}

static lxw_error write_text(hz_xlsx *x, lxw_col_t c, hz_str v)
{
	/* control characters as _xHHHH_, and a text that reads as such an
	 * escape with its underscore escaped, so a reader gets the text back */
	char *text = cell_string(v);
	size_t n = strlen(text);
	char *s = hz_xrealloc(NULL, n * 7 + 1);
	hz_sheet_escape(text, n, s);
	free(text);
	/* write_string: text is text, whatever it starts with (=, +, -, @) */
	lxw_error e = worksheet_write_string(x->ws, x->row, c, s, x->f_text);

	free(s);
	return e;
}

/* A value as the number it is, when the field holds numbers and v is one. */
static bool as_number(const hz_field *f, hz_str v, double *out)
{
	long n;
	hz_amount a;
	bool count = f->kind == HZ_KIND_ID || f->kind == HZ_KIND_COUNT || f->kind == HZ_KIND_SUB;
	bool amount = f->kind == HZ_KIND_AMOUNT || f->kind == HZ_KIND_SUB;

	if (count && hz_count_parse(v, &n) && n <= EXACT_INT_MAX) {
		*out = (double)n;
		return true;
	}
	if (amount && hz_amount_parse(v, &a)) {
		*out = (double)a / HZ_AMOUNT_SCALE;
		return true;
	}
	return false;
}

/* A value as a date cell, when the field holds dates and v is one day
 * (progress_date: only when it has one line). */
static bool as_date(const hz_field *f, hz_str v, hz_date *out)
{
	if (f->kind == HZ_KIND_DATES && hz_line_count(v) != 1)
		return false;
	if (f->kind != HZ_KIND_DATE && f->kind != HZ_KIND_DATES && f->kind != HZ_KIND_LISTED)
		return false;
	return hz_date_parse(v, 0, out);
}

static lxw_error write_cell(hz_xlsx *x, size_t j, hz_str v)
{
	column *col = &x->cols[j];
	lxw_col_t c = (lxw_col_t)j;
	double num;
	hz_date day;

	if (hz_blank(v))
		return worksheet_write_blank(x->ws, x->row, c, x->f_text);
	if (col->field && as_date(col->field, v, &day))
		return worksheet_write_number(x->ws, x->row, c, day + EXCEL_EPOCH, x->f_date);
	if (col->field && as_number(col->field, v, &num))
		return worksheet_write_number(x->ws, x->row, c, num, x->f_number);
	return write_text(x, c, v);
}

static bool is_date_kind(hz_kind k)
{
	return k == HZ_KIND_DATE || k == HZ_KIND_DATES || k == HZ_KIND_LISTED;
}

/* The value of the sheet's column j in r (*owned: a text to free). */
static hz_str cell_value(hz_xlsx *x, size_t j, const hz_record *r, char **owned)
{
	int m = x->map[j];
	hz_str v = m >= 0 && (size_t)m < r->ncells ? r->cells[m] : (hz_str){ "", 0 };

	if (x->cols[j].key == HZ_K_REPORTER && hz_blank(v))
		v = hz_get(r, HZ_K_REPORTER); /* the preamble's 填报单位 */
	/* dates in one style on the printed page, even without --normalize */
	if (x->cols[j].field && (x->o.normalize || is_date_kind(x->cols[j].field->kind)) &&
	    (*owned = hz_normalize_cell(x->cols[j].field, v, r)))
		v = hz_str_c(*owned);
	return v.s ? v : (hz_str){ "", 0 };
}

static int xlsx_put_record(hz_xlsx *x, const hz_record *r)
{
	if (open_workbook(x, MODE_RECORDS) != 0)
		return -1;
	if (!x->ws && !start_sheet(x, r->schema, hz_get(r, HZ_K_REPORTER)))
		return -1;
	if (!map_schema(x, r->schema)) {
		snprintf(x->err, sizeof x->err,
		         HZ_("%s: its columns differ from those of the first input; "
		             "a sheet has one header (use -o jsonl to mix them)"),
		         r->place.file ? r->place.file : "<stdin>");
		return -1;
	}
	/* the row's height first: streamed rows cannot be changed later */
	int lines = 1;
	for (size_t j = 0; j < x->ncols; j++) {
		char *owned = NULL;
		hz_str v = cell_value(x, j, r, &owned);
		int n = text_lines(v, x->cols[j].width);
		if (n > lines)
			lines = n;
		free(owned);
	}
	worksheet_set_row(x->ws, x->row, row_height(lines), NULL);
	for (size_t j = 0; j < x->ncols; j++) {
		char *owned = NULL;
		hz_str v = cell_value(x, j, r, &owned);
		lxw_error e = write_cell(x, j, v);

		free(owned);
		if (e != LXW_NO_ERROR) {
			snprintf(x->err, sizeof x->err, "%s:%ld: %s: %s",
			         r->place.file ? r->place.file : "<stdin>", r->place.line,
			         header_text(x, &x->cols[j]), lxw_strerror(e));
			return -1;
		}
	}
	/* A 填报单位 other than the title's would be lost: the sheet has no
	 * column for it. */
	if (x->first->type == HZ_HAZARD && !x->o.unit &&
	    !has_column(x->cols, x->ncols, HZ_K_REPORTER)) {
		hz_str rep = hz_get(r, HZ_K_REPORTER);
		if (!rep.s)
			rep = (hz_str){ "", 0 };
		/* a blank 填报单位 cell loses nothing: the title names the unit */
		bool blank_cell = hz_blank(rep) && r->schema->col[HZ_K_REPORTER] >= 0;
		if (!blank_cell &&
		    (rep.n != strlen(x->title) || memcmp(rep.s, x->title, rep.n) != 0)) {
			snprintf(
			        x->err, sizeof x->err,
			        HZ_("%s:%ld: 填报单位 '%.*s' is not the sheet's '%s': 附件2 has one "
			            "填报单位 (give --unit, or one file a reporter)"),
			        r->place.file ? r->place.file : "<stdin>", r->place.line,
			        (int)(rep.n > 200 ? 200 : rep.n), rep.s, x->title);
			return -1;
		}
	}
	hz_date day;
	int y, m, d;
	hz_str check = hz_get(r, HZ_K_CHECK_DATE);
	if (x->first->type == HZ_HAZARD && check.s && hz_date_parse(check, 0, &day)) {
		hz_date_to_ymd(day, &y, &m, &d);
		if (y > x->last_year)
			x->last_year = y;
	}
	x->row++;
	x->records++;
	return 0;
}

/* The 填报说明 footer below the records, then the signature line: one
 * row, its cells merged across the sheet, so that no page break parts
 * them and both are on the last page. */
static void finish_records(hz_xlsx *x)
{
	char year[16] = "　　", sign[sizeof form2_sign + 16], text[2048];
	size_t n = 0;

	if (x->first->type != HZ_HAZARD)
		return;
	if (x->last_year > 0)
		snprintf(year, sizeof year, "%d", x->last_year);
	snprintf(sign, sizeof sign, form2_sign, year);
	text[0] = '\0';
	for (size_t i = 0; i < sizeof form2_footer / sizeof form2_footer[0]; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", form2_footer[i]);
	snprintf(text + n, sizeof text - n, "\n%s", sign);
	double width = 0;
	for (size_t j = 0; j < x->ncols; j++)
		width += x->cols[j].width;
	x->row++;
	worksheet_set_row(x->ws, x->row, row_height(text_lines(hz_str_c(text), width)) + 6, NULL);
	if (x->ncols > 1)
		worksheet_merge_range(x->ws, x->row, 0, x->row, (lxw_col_t)(x->ncols - 1), text,
		                      x->f_note);
	else
		worksheet_write_string(x->ws, x->row, 0, text, x->f_note);
	x->row++;
}

/* The sheet 说明: the notes about the form, one a row, off the form. */
static void write_notes(hz_xlsx *x)
{
	lxw_worksheet *ws;

	if (x->nnotes == 0)
		return;
	ws = workbook_add_worksheet(x->wb, notes_sheet);
	if (!ws)
		return;
	worksheet_set_column(ws, 0, 0, 100, NULL);
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_set_footer(ws, page_footer);
	for (size_t i = 0; i < x->nnotes; i++)
		worksheet_write_string(ws, (lxw_row_t)i, 0, x->notes[i], x->f_note);
}

/* ---- tallies: 附件1 ---- */

static bool value_is_amount(const hz_item *it)
{
	return it->agg == HZ_AGG_SUM_AMOUNT;
}

static bool value2_is_amount(const hz_item *it)
{
	return it->agg2 == HZ_AGG2_SUM_AMOUNT || it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT;
}

static double number_of(int64_t v, bool amount)
{
	return amount ? (double)v / HZ_AMOUNT_SCALE : (double)v;
}

/* A sheet name Excel accepts: no []:*?/\, at most 31 characters, not
 * blank, and not one the workbook has. */
static void sheet_name(hz_xlsx *x, const char *unit, char *out, size_t cap)
{
	size_t k = 0, chars = 0;
	char base[160];

	for (const char *p = unit; *p && chars < 28 && k + 4 < sizeof base; chars++) {
		unsigned cp;
		size_t n = hz_utf8_decode(p, strlen(p), &cp);
		if (strchr("[]:*?/\\", *p) || cp < 0x20 || cp == 0xFFFD) {
			base[k++] = '_';
		} else {
			memcpy(base + k, p, n);
			k += n;
		}
		p += n;
	}
	base[k] = '\0';
	if (k == 0 || base[0] == '\'' || base[k - 1] == '\'')
		snprintf(base, sizeof base, "%s", form1_title[0]);
	snprintf(out, cap, "%s", base);
	for (int i = 2; workbook_get_worksheet_by_name(x->wb, out); i++)
		snprintf(out, cap, "%s(%d)", base, i);
}

/* The value format of a two-value item's nth value (0, 1): the number
 * with its measure as a caption — 3次, 1.5万元, 其中2个 — so that the two
 * numbers side by side say what they count. The cell stays a number. */
static lxw_format *caption_format(hz_xlsx *x, const hz_item *it, int nth)
{
	const char *m = it->measure, *comma = strstr(m, ", ");
	const char *cap = nth == 0 ? m : comma ? comma + 2 : "";
	size_t n = nth == 0 && comma ? (size_t)(comma - m) : strlen(cap);
	static const char within[] = "其中";
	char num[64];

	if (n >= sizeof within - 1 && memcmp(cap, within, sizeof within - 1) == 0)
		snprintf(num, sizeof num, "\"%s\"General\"%.*s\"", within,
		         (int)(n - (sizeof within - 1)), cap + sizeof within - 1);
	else
		snprintf(num, sizeof num, "General\"%.*s\"", (int)n, cap);
	for (size_t k = 0; k < x->ncaptions; k++)
		if (strcmp(x->captions[k].num_format, num) == 0)
			return x->captions[k].f;
	if (x->ncaptions == sizeof x->captions / sizeof x->captions[0])
		return x->f_value;
	struct caption *c = &x->captions[x->ncaptions++];
	snprintf(c->num_format, sizeof c->num_format, "%s", num);
	c->f = new_format(x->wb, true, false);
	format_set_align(c->f, LXW_ALIGN_CENTER);
	format_set_num_format(c->f, c->num_format);
	return c->f;
}

static void put_value(hz_xlsx *x, lxw_row_t row, lxw_col_t c, const hz_tally *t, size_t i)
{
	const hz_item *it = &hz_items(NULL)[i];
	bool two = it->agg2 != HZ_AGG2_NONE;

	if (!two)
		worksheet_merge_range(x->ws, row, c, row, c + 1, "", x->f_value);
	if (it->agg == HZ_AGG_LATEST_FLAG)
		worksheet_write_string(x->ws, row, c, t->value[i] ? "是" : "否", x->f_value);
	else
		worksheet_write_number(x->ws, row, c, number_of(t->value[i], value_is_amount(it)),
		                       two ? caption_format(x, it, 0) : x->f_value);
	if (two)
		worksheet_write_number(x->ws, row, c + 1,
		                       number_of(t->value2[i], value2_is_amount(it)),
		                       caption_format(x, it, 1));
}

static void put_item(hz_xlsx *x, lxw_row_t row, lxw_col_t c, const hz_tally *t, size_t i,
                     int *lines)
{
	const hz_item *it = &hz_items(NULL)[i];
	char label[512];
	int n;

	worksheet_write_string(x->ws, row, c, it->code, x->f_code);
	/* the measure as printed: 次，万元 */
	const char *comma = strstr(it->measure, ", ");
	if (comma)
		snprintf(label, sizeof label, "%s（%.*s，%s）", it->label,
		         (int)(comma - it->measure), it->measure, comma + 2);
	else
		snprintf(label, sizeof label, "%s（%s）", it->label, it->measure);
	worksheet_write_string(x->ws, row, c + 1, label, x->f_label);
	n = lines_for(hz_display_width(label, strlen(label)), form1_widths[c + 1]);
	if (n > *lines)
		*lines = n;
	put_value(x, row, c + 2, t, i);
}

static void date_text(hz_date d, char *out, size_t cap)
{
	int y, m, day;

	hz_date_to_ymd(d, &y, &m, &day);
	snprintf(out, cap, "%d年%d月%d日", y, m, day);
}

static int xlsx_put_header(hz_xlsx *x, hz_schema *s)
{
	if (x->ws)
		return 0;
	if (open_workbook(x, MODE_RECORDS) != 0)
		return -1;
	return start_sheet(x, s, s->reporter ? hz_str_c(s->reporter) : HZ_STR_NONE) ? 0 : -1;
}

static int xlsx_put_note(hz_xlsx *x, const char *title, const char *const *lines, size_t n)
{
	if (open_workbook(x, MODE_TALLIES) != 0)
		return -1;
	x->ws = workbook_add_worksheet(x->wb, title);
	if (!x->ws) {
		snprintf(x->err, sizeof x->err, HZ_("%s: cannot add a sheet"), title);
		return -1;
	}
	x->sheets++;
	worksheet_set_column(x->ws, 0, 0, 80, NULL);
	worksheet_set_paper(x->ws, 9);
	for (size_t i = 0; i < n; i++)
		worksheet_write_string(x->ws, (lxw_row_t)i, 0, lines[i], x->f_plain);
	return 0;
}

static int xlsx_put_tally(hz_xlsx *x, const hz_tally *t)
{
	size_t nitems, nsections;
	const hz_item *items = hz_items(&nitems);
	const hz_section *sections = hz_sections(&nsections);
	char name[160], line[600], a[40], b[40];
	lxw_row_t row = 0;
	double total = 0;

	if (open_workbook(x, MODE_TALLIES) != 0)
		return -1;
	sheet_name(x, t->unit, name, sizeof name);
	x->ws = workbook_add_worksheet(x->wb, name);
	if (!x->ws) {
		snprintf(x->err, sizeof x->err, HZ_("%s: cannot add a sheet"), name);
		return -1;
	}
	x->sheets++;
	for (lxw_col_t c = 0; c < T_COLS; c++) {
		worksheet_set_column(x->ws, c, c, form1_widths[c], NULL);
		total += form1_widths[c];
	}
	worksheet_set_paper(x->ws, 9);
	worksheet_set_portrait(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 1); /* one A4 page, to sign and stamp */
	worksheet_center_horizontally(x->ws);
	worksheet_set_margins(x->ws, 0.25, 0.25, 0.3, 0.5);
	worksheet_set_footer(x->ws, page_footer);

	worksheet_write_string(x->ws, row++, 0, form1_title[0], x->f_title);
	for (int i = 1; i <= 2; i++) {
		worksheet_set_row(x->ws, row, 22, NULL);
		worksheet_merge_range(x->ws, row, 0, row, T_COLS - 1, form1_title[i], x->f_big);
		row++;
	}
	snprintf(line, sizeof line, "单位名称：%s", t->unit);
	worksheet_merge_range(x->ws, row, 0, row, 4, line, x->f_plain);
	date_text(t->as_of, b, sizeof b);
	if (t->has_since) {
		date_text(t->since, a, sizeof a);
		snprintf(line, sizeof line, "时间：%s至%s", a, b);
	} else {
		snprintf(line, sizeof line, "时间：%s", b);
	}
	worksheet_merge_range(x->ws, row, 5, row, T_COLS - 1, line, x->f_plain);
	worksheet_set_row(x->ws, row, 22, NULL);
	row++;

	for (size_t s = 0; s < nsections; s++) {
		size_t first = nitems, count = 0;
		lxw_row_t top = row;

		for (size_t i = 0; i < nitems; i++)
			if (items[i].section == sections[s].number) {
				if (first == nitems)
					first = i;
				count++;
			}
		for (size_t k = 0; k < count; k += 2) {
			int lines = 1;
			put_item(x, row, T_ITEM0, t, first + k, &lines);
			if (k + 1 < count) {
				put_item(x, row, T_ITEM0 + 4, t, first + k + 1, &lines);
			} else {
				for (lxw_col_t c = T_ITEM0 + 4; c < T_COLS; c++)
					worksheet_write_blank(x->ws, row, c, x->f_label);
			}
			/* room to write a figure in by hand: at least 18 pt */
			worksheet_set_row(x->ws, row, lines > 1 ? row_height(lines) : 18, NULL);
			row++;
		}
		if (row - 1 > top)
			worksheet_merge_range(x->ws, top, T_SECTION, row - 1, T_SECTION,
			                      sections[s].title, x->f_section);
		else
			worksheet_write_string(x->ws, top, T_SECTION, sections[s].title,
			                       x->f_section);
	}

	/* under the grid, the lines the unit signs and stamps */
	worksheet_set_row(x->ws, row, 26, NULL);
	worksheet_merge_range(x->ws, row, 0, row, T_COLS - 1, form1_sign, x->f_sign);
	row++;
	/* the plan's own notes to the form; hz's notes go to the sheet 说明 */
	for (size_t i = 0; i < sizeof form1_notes / sizeof form1_notes[0]; i++) {
		const char *text = form1_notes[i];

		worksheet_merge_range(x->ws, row, 0, row, T_COLS - 1, text, x->f_note);
		worksheet_set_row(
		        x->ws, row,
		        row_height(lines_for(hz_display_width(text, strlen(text)), total)), NULL);
		row++;
	}
	const char *who = t->unit[0] ? t->unit : form1_title[0];
	if (t->unsourced > 0)
		note(x,
		     HZ_P_("%s: %ld hazard has no recognised source (隐患来源) and is not counted in 1.1-1.4",
		           "%s: %ld hazards have no recognised source (隐患来源) and are not counted in 1.1-1.4",
		           t->unsourced),
		     who, t->unsourced);
	if (t->skipped > 0)
		note(x,
		     HZ_P_("%s: %ld record could not be counted and was skipped (see the warnings)",
		           "%s: %ld records could not be counted and were skipped (see the warnings)",
		           t->skipped),
		     who, t->skipped);
	return 0;
}

/* ---- a document (hz-bulletin -o xlsx) ---- */

static int xlsx_put_doc(hz_xlsx *x, const hz_doc *d, const char *sheet)
{
	lxw_row_t row = 0;
	double widths[64] = { 0 };

	if (open_workbook(x, MODE_DOC) != 0)
		return -1;
	x->ws = workbook_add_worksheet(x->wb, sheet);
	if (!x->ws) {
		snprintf(x->err, sizeof x->err, HZ_("%s: cannot add a sheet"), sheet);
		return -1;
	}
	worksheet_set_paper(x->ws, 9);
	worksheet_set_landscape(x->ws);
	worksheet_set_footer(x->ws, page_footer);
	for (size_t i = 0; i < hz_doc_blocks(d); i++) {
		size_t ncols, nrows;
		const char *const *cells;

		hz_doc_block(d, i, &ncols, &nrows, &cells);
		if (ncols == 0) {
			worksheet_write_string(x->ws, row++, 0, cells[0],
			                       i == 0 ? x->f_big : x->f_plain);
			continue;
		}
		for (size_t r = 0; r < nrows; r++, row++)
			for (size_t c = 0; c < ncols && c < 64; c++) {
				const char *v = cells[r * ncols + c];
				double w = (double)hz_display_width(v, strlen(v)) + 2;
				char *end;
				double num = strtod(v, &end);
				if (w > widths[c])
					widths[c] = w > WIDTH_MAX ? WIDTH_MAX : w;
				/* counts are numbers, as in 附件1; the rest is text */
				if (r > 0 && *v && !*end && end != v)
					worksheet_write_number(x->ws, row, (lxw_col_t)c, num,
					                       x->f_number);
				else
					worksheet_write_string(x->ws, row, (lxw_col_t)c, v,
					                       r == 0 ? x->f_header : x->f_text);
			}
		row++;
	}
	for (lxw_col_t c = 0; c < 64; c++)
		if (widths[c] > 0)
			worksheet_set_column(x->ws, c, c, widths[c], NULL);
	return 0;
}

/* ---- finishing ---- */

/* Copy the workbook to out. The temporary file is unlinked first, so that
 * a reader that stops reading (SIGPIPE) leaves nothing behind. A failed
 * write is left in out's error flag, for the tool's check of stdout at
 * its close (one message, not two). */
static int copy_out(hz_xlsx *x, FILE *out)
{
	FILE *in = fopen(x->tmp, "rb");
	char buf[65536];
	size_t n;

	if (!in) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->tmp, strerror(errno));
		return -1;
	}
	unlink(x->tmp);
	free(x->tmp);
	x->tmp = NULL;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			x->write_errno = errno;
			break;
		}
	if (ferror(in)) {
		snprintf(x->err, sizeof x->err, HZ_("reading the workbook back: %s"),
		         strerror(errno));
		fclose(in);
		return -1;
	}
	fclose(in);
	fflush(out);
	return 0;
}

/* The final file keeps the permissions of the file it replaces, or gets
 * those a new file would (mkstemp made it private). */
static void give_mode(const char *path, mode_t keep)
{
	mode_t mask = umask(0);

	umask(mask);
	chmod(path, keep ? keep : 0666 & ~mask);
}

/* A device, a FIFO or a socket given as --output: opened only now that
 * the workbook is whole, and written in place (renaming over it would
 * replace the node itself). A failed write is an error of its own. */
static int write_in_place(hz_xlsx *x)
{
	FILE *out = fopen(x->path, "wb");

	if (!out) {
		snprintf(x->err, sizeof x->err, "%s: %s", x->path, strerror(errno));
		return -1;
	}
	if (copy_out(x, out) != 0) {
		fclose(out);
		return -1;
	}
	errno = 0;
	bool bad = fflush(out) != 0 || ferror(out);
	int e = x->write_errno ? x->write_errno : errno;
	if (fclose(out) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad) {
		snprintf(x->err, sizeof x->err, "%s: write error: %s", x->path,
		         strerror(e ? e : EIO));
		return -1;
	}
	return 0;
}

static void discard(hz_xlsx *x)
{
	if (x->tmp)
		unlink(x->tmp);
	free(x->tmp);
	free(x->path);
	free(x->target);
	if (x->first)
		hz_schema_unref(x->first);
	if (x->mapped)
		hz_schema_unref(x->mapped);
	free(x->cols);
	free(x->map);
	free(x->title);
	for (size_t i = 0; i < x->nnotes; i++)
		free(x->notes[i]);
	free(x->notes);
	free(x);
}

void hz_xlsx_abort(hz_xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		workbook_close(x->wb);
	discard(x);
}

int hz_xlsx_close(hz_xlsx *x, FILE *out, char *err, size_t errcap)
{
	lxw_error e;
	int rc = 0;

	if (x->mode == MODE_NONE && open_workbook(x, MODE_RECORDS) != 0)
		rc = -1;
	if (rc == 0 && !x->ws)
		x->ws = workbook_add_worksheet(x->wb, NULL); /* no records: an empty sheet */
	else if (rc == 0 && x->mode == MODE_RECORDS && x->first)
		finish_records(x);
	if (rc == 0)
		write_notes(x);
	if (rc == 0) {
		e = workbook_close(x->wb);
		x->wb = NULL;
		if (e != LXW_NO_ERROR) {
			fail(x, x->path ? x->path : HZ_("the workbook"), e);
			rc = -1;
		}
	}
	if (rc == 0 && x->target) {
		give_mode(x->tmp, x->keep_mode);
		if (rename(x->tmp, x->target) != 0) {
			snprintf(x->err, sizeof x->err, "%s: %s", x->target, strerror(errno));
			rc = -1;
		} else {
			free(x->tmp);
			x->tmp = NULL;
		}
	} else if (rc == 0 && x->path) {
		rc = write_in_place(x);
	} else if (rc == 0) {
		rc = copy_out(x, out);
	}
	if (rc != 0)
		snprintf(err, errcap, "%s", x->err);
	if (x->wb)
		workbook_close(x->wb);
	discard(x);
	return rc;
}

int hz_xlsx_put_record(hz_xlsx *x, const hz_record *r, char *err, size_t errcap)
{
	return reported(x, xlsx_put_record(x, r), err, errcap);
}

int hz_xlsx_put_header(hz_xlsx *x, hz_schema *s, char *err, size_t errcap)
{
	return reported(x, xlsx_put_header(x, s), err, errcap);
}

int hz_xlsx_put_note(hz_xlsx *x, const char *title, const char *const *lines, size_t n, char *err,
                     size_t errcap)
{
	return reported(x, xlsx_put_note(x, title, lines, n), err, errcap);
}

int hz_xlsx_put_tally(hz_xlsx *x, const hz_tally *t, char *err, size_t errcap)
{
	return reported(x, xlsx_put_tally(x, t), err, errcap);
}

int hz_xlsx_put_doc(hz_xlsx *x, const hz_doc *d, const char *sheet, char *err, size_t errcap)
{
	return reported(x, xlsx_put_doc(x, d, sheet), err, errcap);
}
