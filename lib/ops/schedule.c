/* schedule.c - the plan's duties as a table of data (hz-due(1))
 *
 * The built-in schedule is the text table below, parsed by the same code
 * that parses a --schedule file, so the two cannot drift apart. Next
 * year's campaign is a file edit, not a code change. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "hz/amount.h"
#include "hz/reader.h"
#include "hz/schedule.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* The default window: the plan is issued on 2023-05-23; its 总结提升
 * phase ends with December (五(四)). */
#define WINDOW_START "2023-05-23"
#define WINDOW_END "2023-12-31"

/* The columns of a schedule, in --print-schedule's order. */
enum col { C_CODE, C_LABEL, C_APPLIES, C_EVERY, C_DUE, C_START, C_END, C_BY, C_COUNT };
static const char *const col_names[C_COUNT] = {
	"code", "label", "applies", "every", "due", "start", "end", "by",
};

/* The 2023 plan, sections 四(一), 三, 五 and 六 (man hz-due has the
 * sentence each row comes from). start and end empty: the default window. */
static const char *const builtin[][C_COUNT] = {
	{ "kickoff", "专题会议研究部署专项行动", "enterprise", "once", "2023-05-31", "", "", "duty" },
	{ "mobilise", "全员动员部署会议", "enterprise", "once", "2023-05-31", "", "", "duty" },
	{ "plan", "制定专项行动实施方案并建立隐患台账", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "duty-list", "制定分管负责人职责清单和专项行动工作清单", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "self-check", "全员安全生产岗位责任自查自纠", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "meeting", "专项行动推进会", "enterprise", "month", "", "2023-06-01", "", "duty" },
	{ "leader-check", "主要负责人带队检查", "enterprise", "quarter", "", "", "", "duty" },
	{ "leader-check", "主要负责人带队检查", "high_risk", "month", "", "2023-06-01", "", "duty" },
	{ "education", "全员安全警示教育活动", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "hot-work", "动火等危险作业专项排查", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "welding", "电气焊设备全面安全检查", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "key-staff", "危险作业和关键岗位人员落实岗位责任排查", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "outsourcing", "外包外租全面排查", "enterprise", "once", "2023-10-31", "", "", "duty" },
	{ "drill-plan", "事故应急救援预案演练", "enterprise", "year", "", "", "", "duty" },
	{ "drill-plan", "事故应急救援预案演练", "high_risk", "half", "", "", "", "duty" },
	{ "drill-plan", "事故应急救援预案演练", "crowded", "half", "", "", "", "duty" },
	{ "drill-site", "现场处置方案演练", "enterprise", "half", "", "", "", "duty" },
	{ "spot-check", "部门抽查检查", "enterprise", "once", "2023-11-30", "", "", "check" },
	{ "report-month", "报送进展情况调度表", "unit", "month", "28", "", "", "submission" },
	{ "report-plan", "报送实施方案及动员部署情况", "unit", "once", "2023-05-24", "", "", "submission" },
	{ "report-mid", "报送中期贯彻落实情况", "unit", "once", "2023-08-10", "", "", "submission" },
	{ "report-final", "报送总体贯彻落实情况", "unit", "once", "2023-12-02", "", "", "submission" },
	/* 附件1 注1: "调度表自6月份开始上报，每月1日前上报截至上月末的累计情况" -
	 * the first report is sent up in June (by 06-01), cumulative to May's
	 * end, so the row's periods start with May (the seed over office.md's
	 * start of 2023-06-01, whose first report would fall in July) */
	{ "district-month", "向区报送进展情况调度表", "office", "month", "+1", "", "", "submission" },
	{ "bulletin", "通报整治进展情况", "office", "quarter", "", "", "", "submission" },
};

static const char *const applies_names[HZ_APPLIES_COUNT] = {
	[HZ_APPLIES_ENTERPRISE] = "enterprise",
	[HZ_APPLIES_HIGH_RISK] = "high_risk",
	[HZ_APPLIES_CROWDED] = "crowded",
	[HZ_APPLIES_OFFICE] = "office",
	[HZ_APPLIES_UNIT] = "unit",
};

static const char *const by_names[] = {
	[HZ_BY_DUTY] = "duty", [HZ_BY_CHECK] = "check", [HZ_BY_SUBMISSION] = "submission",
};

struct hz_schedule {
	hz_duty_row *rows;
	size_t nrows, cap;
	const char *codes[HZ_SCHEDULE_CODES_MAX];
	signed char code_office[HZ_SCHEDULE_CODES_MAX]; /* 1 unit or office row (tracked by submissions), 0 enterprise */
	size_t ncodes;
	char **owned;           /* the strings the rows point into */
	size_t nowned, owned_cap;
};

/* A --schedule file's size limit: a real schedule is a few KB. */
#define SCHEDULE_MAX (4ll << 20)

static const char *keep(hz_schedule *s, hz_str v)
{
	if (s->nowned == s->owned_cap) {
		s->owned_cap = s->owned_cap ? s->owned_cap * 2 : 64;
		s->owned = hz_xrealloc(s->owned, s->owned_cap * sizeof *s->owned);
	}
	return s->owned[s->nowned++] = hz_xstrndup(v.s, v.n);
}

static bool fail(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, cap, HZ_(fmt), ap);
	va_end(ap);
	return false;
}

static bool word_of(hz_str v, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == v.n && memcmp(names[i], v.s, v.n) == 0) {
			*out = i;
			return true;
		}
	return false;
}

/* A date cell, or the default when empty. */
static bool date_or(hz_str v, const char *dflt, hz_date *out)
{
	return hz_date_parse(v.n ? v : hz_str_c(dflt), 0, out);
}

/* One row's cells (trimmed) into s; false with the reason in err. */
static bool add_row(hz_schedule *s, const hz_str cell[C_COUNT], char *err, size_t cap)
{
	hz_duty_row r = { 0 };
	int w;
	hz_every e;
	char word[32];

	if (cell[C_CODE].n == 0 || cell[C_LABEL].n == 0)
		return fail(err, cap, "code and label must not be empty");
	if (!word_of(cell[C_APPLIES], applies_names, HZ_APPLIES_COUNT, &w))
		return fail(err, cap, "applies '%.*s' is not enterprise, high_risk, crowded, unit or office",
			    (int)cell[C_APPLIES].n, cell[C_APPLIES].s);
	r.applies = (hz_applies)w;
	snprintf(word, sizeof word, "%.*s", (int)cell[C_EVERY].n, cell[C_EVERY].s);
	if (cell[C_EVERY].n >= sizeof word || !hz_every_parse(word, &e))
		return fail(err, cap, "every '%.*s' is not month, quarter, half, year or once",
			    (int)cell[C_EVERY].n, cell[C_EVERY].s);
	r.every = e;
	if (!date_or(cell[C_START], WINDOW_START, &r.start) || !date_or(cell[C_END], WINDOW_END, &r.end))
		return fail(err, cap, "start '%.*s' or end '%.*s' is not a date",
			    (int)cell[C_START].n, cell[C_START].s, (int)cell[C_END].n, cell[C_END].s);
	if (r.end < r.start)
		return fail(err, cap, "end is before start");
	hz_str due = cell[C_DUE];
	if (e == HZ_EVERY_ONCE) {
		if (!hz_date_parse(due, 0, &r.due))
			return fail(err, cap, "a once row needs due, a date ('%.*s' is not)", (int)due.n, due.s);
		if (r.due < r.start)
			return fail(err, cap, "due is before start");
	} else if (due.n > 0) {
		long day;
		bool after = due.s[0] == '+';
		if (!hz_duty_row_submitted(&r))
			return fail(err, cap, "due is for once rows and unit and office rows only");
		if (after ? !hz_count_parse((hz_str){ due.s + 1, due.n - 1 }, &day) || day < 1 ||
				    day > 366
			  : !hz_count_parse(due, &day) || day < 1 || day > 31)
			return fail(err, cap, "due '%.*s' is not a day of the month (1-31) or +N days",
				    (int)due.n, due.s);
		if (after)
			r.due_after = (int)day;
		else
			r.due_day = (int)day;
	}
	bool submitted = hz_duty_row_submitted(&r);
	if (cell[C_BY].n == 0)
		r.by = submitted ? HZ_BY_SUBMISSION : HZ_BY_DUTY;
	else if (word_of(cell[C_BY], by_names, 3, &w))
		r.by = (hz_by)w;
	else
		return fail(err, cap, "by '%.*s' is not duty, check or submission", (int)cell[C_BY].n,
			    cell[C_BY].s);
	if (submitted != (r.by == HZ_BY_SUBMISSION))
		return fail(err, cap, "by is submission for unit and office rows, and only for them");
	size_t c;
	for (c = 0; c < s->ncodes; c++)
		if (strlen(s->codes[c]) == cell[C_CODE].n && memcmp(s->codes[c], cell[C_CODE].s, cell[C_CODE].n) == 0)
			break;
	bool office = submitted;        /* a unit or office row, tracked by submissions */
	if (c == s->ncodes) {
		if (s->ncodes == HZ_SCHEDULE_CODES_MAX)
			return fail(err, cap, "more than %d codes", HZ_SCHEDULE_CODES_MAX);
		s->codes[s->ncodes] = keep(s, cell[C_CODE]);
		s->code_office[s->ncodes++] = office;
	} else if (s->code_office[c] != office) {
		/* what each code is was kept when it first came: one look, not
		 * a pass over the rows before (a million-row file was quadratic) */
		return fail(err, cap, "code '%s' is both a unit or office row and an enterprise row",
			    s->codes[c]);
	}
	r.code = s->codes[c];
	r.label = keep(s, cell[C_LABEL]);
	r.code_index = (int)c;
	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->rows = hz_xrealloc(s->rows, s->cap * sizeof *s->rows);
	}
	s->rows[s->nrows++] = r;
	return true;
}

const hz_schedule *hz_schedule_default(void)
{
	static hz_schedule s;
	static bool made;
	char err[256];

	if (!made) {
		for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
			hz_str cell[C_COUNT];
			for (int c = 0; c < C_COUNT; c++)
				cell[c] = hz_str_c(builtin[i][c]);
			if (!add_row(&s, cell, err, sizeof err))
				abort();        /* the table above is wrong: a test catches it */
		}
		made = true;
	}
	return &s;
}

/* The reader's first error or fatal, for the message. */
static void first_problem(const hz_finding *f, void *arg)
{
	char *msg = arg;

	if (f->severity != HZ_WARNING && !msg[0])
		snprintf(msg, 256, HZ_("line %ld: %s"), f->line, f->message);
}

static bool map_header(const hz_schema *sc, int col[C_COUNT], char *err, size_t cap)
{
	for (int c = 0; c < C_COUNT; c++)
		col[c] = -1;
	for (size_t i = 0; i < sc->ncols; i++) {
		char folded[64];
		int c;
		size_t n = hz_header_fold(hz_str_c(sc->names[i]), folded, sizeof folded);
		if (n == 0)
			continue;
		if (!word_of((hz_str){ folded, n }, col_names, C_COUNT, &c))
			return fail(err, cap, "column '%s' is not one of code, label, applies, every, "
				    "due, start, end, by", sc->names[i]);
		if (col[c] >= 0)
			return fail(err, cap, "two columns '%s'", col_names[c]);
		col[c] = (int)i;
	}
	for (int c = C_CODE; c <= C_EVERY; c++)
		if (col[c] < 0)
			return fail(err, cap, "no column '%s'", col_names[c]);
	return true;
}

static bool row_blank(const hz_record *rec)
{
	for (size_t c = 0; c < rec->ncells; c++)
		if (!hz_blank(rec->cells[c]))
			return false;
	return true;
}

hz_schedule *hz_schedule_load(const char *path, char *err, size_t errcap)
{
	hz_schedule *s = hz_xcalloc(1, sizeof *s);
	hz_read_opts o;
	hz_diag d;
	char problem[256] = "";
	char why[256] = "";
	int col[C_COUNT];
	bool ok = true, mapped = false;
	hz_record *rec;

	struct stat st;
	if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > SCHEDULE_MAX) {
		snprintf(err, errcap, HZ_("%s: longer than %lld bytes: not a schedule"), path, SCHEDULE_MAX);
		hz_schedule_free(s);
		return NULL;
	}
	hz_read_opts_init(&o);
	o.format = HZ_FMT_CSV;
	o.passthrough = true;
	o.first_row_header = true;
	o.max_bytes = SCHEDULE_MAX;
	hz_diag_init(&d, "hz-due");
	d.out = NULL;
	d.hook = first_problem;
	d.hook_arg = problem;
	hz_reader *rd = hz_reader_open(path, &o, &d);
	while (ok && (rec = hz_reader_next(rd)) != NULL) {
		if (!mapped) {
			mapped = true;
			if (!(ok = map_header(rec->schema, col, why, sizeof why))) {
				snprintf(err, errcap, HZ_("%s: line %ld: %s"), path, hz_reader_info(rd)->header_line, why);
				break;
			}
		}
		if (row_blank(rec))
			continue;
		hz_str cell[C_COUNT];
		for (int c = 0; c < C_COUNT; c++)
			cell[c] = col[c] >= 0 && (size_t)col[c] < rec->ncells ? hz_trim(rec->cells[col[c]])
									      : (hz_str){ "", 0 };
		if (rec->flags & HZ_R_TOO_MANY_CELLS)
			ok = fail(why, sizeof why, "a cell beyond the header's last column");
		else
			ok = add_row(s, cell, why, sizeof why);
		if (!ok)
			snprintf(err, errcap, HZ_("%s: line %ld: %s"), path, rec->place.line, why);
	}
	if (ok && !mapped && hz_reader_schema(rd) && !map_header(hz_reader_schema(rd), col, why, sizeof why)) {
		snprintf(err, errcap, HZ_("%s: line %ld: %s"), path, hz_reader_info(rd)->header_line, why);
		ok = false;
	}
	if (ok && hz_reader_status(rd) != HZ_READ_OK) {
		snprintf(err, errcap, "%s: %s", path, problem[0] ? problem : "cannot be read");
		ok = false;
	} else if (ok && problem[0]) {
		snprintf(err, errcap, "%s: %s", path, problem);
		ok = false;
	} else if (ok && s->nrows == 0) {
		snprintf(err, errcap, HZ_("%s: no rows"), path);
		ok = false;
	}
	hz_reader_close(rd);
	if (!ok) {
		hz_schedule_free(s);
		return NULL;
	}
	return s;
}

void hz_schedule_free(hz_schedule *s)
{
	if (!s || s == hz_schedule_default())
		return;
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->rows);
	free(s);
}

const hz_duty_row *hz_schedule_rows(const hz_schedule *s, size_t *count)
{
	*count = s->nrows;
	return s->rows;
}

size_t hz_schedule_ncodes(const hz_schedule *s)
{
	return s->ncodes;
}

const char *hz_schedule_code(const hz_schedule *s, size_t i)
{
	return s->codes[i];
}

const char *hz_schedule_label(const hz_schedule *s, size_t i)
{
	for (size_t r = 0; r < s->nrows; r++)
		if (s->rows[r].code_index == (int)i)
			return s->rows[r].label;
	return "";
}

static bool same(hz_str v, const char *w)
{
	return strlen(w) == v.n && memcmp(w, v.s, v.n) == 0;
}

uint64_t hz_schedule_match(const hz_schedule *s, hz_str cell)
{
	hz_str v = hz_trim(cell);
	uint64_t bits = 0;

	if (v.n == 0)
		return 0;
	for (size_t c = 0; c < s->ncodes; c++)
		if (same(v, s->codes[c]))
			return (uint64_t)1 << c;
	for (size_t r = 0; r < s->nrows; r++)
		if (same(v, s->rows[r].label))
			bits |= (uint64_t)1 << s->rows[r].code_index;
	return bits;
}

int hz_schedule_print(const hz_schedule *s, FILE *out)
{
	for (int c = 0; c < C_COUNT; c++)
		fprintf(out, "%s%s", c ? "," : "", col_names[c]);
	putc('\n', out);
	for (size_t i = 0; i < s->nrows; i++) {
		const hz_duty_row *r = &s->rows[i];
		char due[16] = "", start[11], end[11];

		if (r->every == HZ_EVERY_ONCE)
			hz_date_format(r->due, due);
		else if (r->due_day)
			snprintf(due, sizeof due, "%d", r->due_day);
		else if (r->due_after)
			snprintf(due, sizeof due, "+%d", r->due_after);
		hz_date_format(r->start, start);
		hz_date_format(r->end, end);
		hz_csv_put_cell(out, r->code, strlen(r->code), ',');
		putc(',', out);
		hz_csv_put_cell(out, r->label, strlen(r->label), ',');
		fprintf(out, ",%s,%s,%s,%s,%s,%s\n", applies_names[r->applies], hz_every_name(r->every),
			due, start, end, by_names[r->by]);
	}
	return ferror(out) ? -1 : 0;
}

bool hz_duty_row_submitted(const hz_duty_row *r)
{
	return r->applies == HZ_APPLIES_UNIT || r->applies == HZ_APPLIES_OFFICE;
}

hz_date hz_duty_row_deadline(const hz_duty_row *r, hz_period p)
{
	int y, m, day;
	hz_date dl;

	if (r->every == HZ_EVERY_ONCE)
		return r->due;
	if (r->due_after)
		return p.end + r->due_after;
	if (r->due_day == 0)
		return p.end;
	hz_date_to_ymd(p.end, &y, &m, &day);
	day = r->due_day < hz_month_days(y, m) ? r->due_day : hz_month_days(y, m);
	hz_date_from_ymd(y, m, day, &dl);
	return dl < p.end ? dl : p.end;
}

const hz_duty_row *hz_schedule_material(const hz_schedule *s, hz_str material)
{
	uint64_t bits = hz_schedule_match(s, material);

	for (size_t i = 0; bits && i < s->nrows; i++)
		if (hz_duty_row_submitted(&s->rows[i]) && (bits & ((uint64_t)1 << s->rows[i].code_index)))
			return &s->rows[i];
	return NULL;
}
