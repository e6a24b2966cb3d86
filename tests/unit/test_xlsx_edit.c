/* test_xlsx_edit.c - the workbook model: an .xlsx register edited in place
 * through the session (hz_reg_*), as hz-add, hz-progress and hz-edit do */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "hz/date.h"
#include "hz/reader.h"
#include "hz/register.h"

static char dir[256], book[300];
static hz_diag diag;

enum extra { PLAIN, ARRAY_FORMULA, TABLE };

static const char *header[] = { "序号",     "专题领域",     "重大隐患", "涉及层面", "整改措施",
	                        "检查日期", "计划整改时限", "责任单位", "整改阶段" };

/* A clerk's form: a title, 填报单位, the header, two records (dates as
 * date cells), blank template rows 3 and 4, a merged footer, a second
 * sheet and a defined name. */
static void make_book(enum extra x)
{
	lxw_workbook *wb = workbook_new(book);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
	lxw_worksheet *notes = workbook_add_worksheet(wb, "说明");
	lxw_format *date = workbook_add_format(wb), *bold = workbook_add_format(wb);
	lxw_format *body = workbook_add_format(wb);
	lxw_datetime d1 = { 2023, 6, 1, 0, 0, 0 }, d2 = { 2023, 6, 30, 0, 0, 0 };

	format_set_num_format(date, "yyyy-mm-dd");
	format_set_border(date, LXW_BORDER_THIN);
	format_set_border(body, LXW_BORDER_THIN);
	format_set_bold(bold);
	worksheet_merge_range(ws, 0, 0, 0, 8, "重大事故隐患清单", bold);
	worksheet_write_string(ws, 1, 0, "填报单位：公园社区", NULL);
	for (int c = 0; c < 9; c++)
		worksheet_write_string(ws, 2, c, header[c], bold);
	for (int r = 3; r <= 4; r++) {
		worksheet_write_number(ws, r, 0, r - 2, body);
		worksheet_write_string(ws, r, 1, "消防", body);
		worksheet_write_string(ws, r, 2, r == 3 ? "通道堆物" : "灭火器过期", body);
		worksheet_write_string(ws, r, 3, "县区", body);
		worksheet_write_string(ws, r, 4, "清理", body);
		worksheet_write_datetime(ws, r, 5, &d1, date);
		worksheet_write_datetime(ws, r, 6, &d2, date);
		worksheet_write_string(ws, r, 7, "某店", body);
		worksheet_write_string(ws, r, 8, "未整改", body);
	}
	worksheet_write_number(ws, 5, 0, 3, NULL); /* template rows */
	worksheet_write_number(ws, 6, 0, 4, NULL);
	worksheet_merge_range(ws, 7, 0, 7, 8, "审核人：某某", NULL);
	worksheet_set_column(ws, 2, 2, 30, NULL);
	worksheet_write_string(notes, 0, 0, "本表每月25日前报街道", NULL);
	workbook_define_name(wb, "填报区域", "=台账!$A$3:$I$7");
	if (x == ARRAY_FORMULA)
		worksheet_write_array_formula(ws, 9, 0, 9, 0, "{=SUM(A4:A5)}", NULL);
	if (x == TABLE)
		worksheet_add_table(ws, 2, 0, 4, 8, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/hz-xlsx-edit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(book, sizeof(book), "%s/台账.xlsx", dir);
	hz_diag_init(&diag, "test");
	diag.out = NULL;
	return 0;
}

static int teardown(void **state)
{
	char path[400];

	(void)state;
	unlink(book);
	snprintf(path, sizeof path, "%s/~$台账.xlsx", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *s;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	s = malloc(*n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, *n, f), *n);
	s[*n] = '\0';
	fclose(f);
	return s;
}

/* A part of a workbook, decompressed. */
static char *part(const char *path, const char *name)
{
	int e;
	zip_t *z = zip_open(path, ZIP_RDONLY, &e);
	zip_stat_t st;
	zip_file_t *f;
	char *s;

	assert_non_null(z);
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	s = malloc(st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
	s[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	return s;
}

/* Every entry but the sheet: same name, CRC and compressed size. */
static void assert_others_kept(const char *before)
{
	int e;
	zip_t *a = zip_open(before, ZIP_RDONLY, &e), *b = zip_open(book, ZIP_RDONLY, &e);
	zip_int64_t n = zip_get_num_entries(a, 0);

	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(zip_get_num_entries(b, 0), n);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t x, y;
		assert_int_equal(zip_stat_index(a, (zip_uint64_t)i, 0, &x), 0);
		assert_int_equal(zip_stat_index(b, (zip_uint64_t)i, 0, &y), 0);
		assert_string_equal(x.name, y.name);
		if (strcmp(x.name, "xl/worksheets/sheet1.xml") == 0)
			continue;
		assert_int_equal(x.crc, y.crc);
		assert_int_equal(x.comp_size, y.comp_size);
	}
	zip_discard(a);
	zip_discard(b);
}

static hz_reg *open_book(long target, char *err, size_t cap)
{
	hz_reg_opts o = { .type = HZ_TYPE_UNKNOWN, .target = target };

	hz_date_from_ymd(2023, 7, 1, &o.validate.today);
	return hz_reg_open(book, &o, &diag, err, cap);
}

static void add(char *const *fields, size_t n)
{
	char err[512] = "";
	hz_reg *g = open_book(0, err, sizeof err);

	if (g == NULL)
		fail_msg("open: %s", err);
	assert_int_equal(hz_reg_add_fields(g, fields, n, false, err, sizeof err), 0);
	assert_int_equal(hz_reg_check(g, false), 0);
	if (hz_reg_commit(g, err, sizeof err) != 0)
		fail_msg("commit: %s", err);
	hz_reg_close(g);
}

static char *const new_record[] = {
	"专题领域=燃气",      "重大隐患=软管老化 & <漏气>", "涉及层面=市",     "整改措施=更换",
	"检查日期=2023/6/20", "计划整改时限=2023-07-30",    "责任单位=某饭店", "整改阶段=未整改",
};

/* The cell of ref in the sheet, as written. */
static char *cell(const char *sheet, const char *ref)
{
	static char out[512];
	char key[32];
	const char *p, *e;

	snprintf(key, sizeof key, "<c r=\"%s\"", ref);
	p = strstr(sheet, key);
	if (p == NULL)
		return NULL;
	e = strchr(p, '>');
	e = e[-1] == '/' ? e + 1 : strstr(p, "</c>") + 4;
	snprintf(out, sizeof out, "%.*s", (int)(e - p), p);
	return out;
}

static void fills_template_row(void **state)
{
	char before[400], *sheet;

	(void)state;
	make_book(PLAIN);
	snprintf(before, sizeof before, "%s/before.xlsx", dir);
	assert_int_equal(link(book, before), 0);
	add(new_record, sizeof new_record / sizeof *new_record);
	assert_others_kept(before);
	sheet = part(book, "xl/worksheets/sheet1.xml");
	/* row 6 was template row 3: its 序号 cell kept, the rest written */
	assert_non_null(cell(sheet, "A6"));
	assert_non_null(strstr(cell(sheet, "A6"), "<v>3</v>"));
	/* a date as a date cell in the row above's style; text inline */
	char *f6 = strdup(cell(sheet, "F6"));
	char *f5 = cell(sheet, "F5");
	assert_non_null(f5);
	const char *s5 = strstr(f5, " s=\"");
	assert_non_null(s5);
	assert_non_null(strstr(f6, "<v>45097</v>"));
	assert_memory_equal(strstr(f6, " s=\""), s5, 6);
	assert_non_null(strstr(cell(sheet, "C6"), "t=\"inlineStr\""));
	assert_non_null(strstr(cell(sheet, "C6"), "软管老化 &amp; &lt;漏气&gt;"));
	/* the footer's merge stays where it was: no row moved */
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A8:I8\"/>"));
	free(f6);
	free(sheet);
	unlink(before);
}

static void moves_the_rows_below(void **state)
{
	char *const with_id[] = { "序号=50",
		                  "专题领域=燃气",
		                  "重大隐患=软管老化",
		                  "涉及层面=市",
		                  "整改措施=更换",
		                  "检查日期=2023-06-20",
		                  "计划整改时限=2023-07-30",
		                  "责任单位=某饭店",
		                  "整改阶段=未整改" };
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *r;
	char *sheet;
	long n = 0;

	(void)state;
	make_book(PLAIN);
	add(with_id, sizeof with_id / sizeof *with_id);
	sheet = part(book, "xl/worksheets/sheet1.xml");
	/* above template row 3: the template rows and the footer one row down */
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A9:I9\"/>"));
	assert_non_null(strstr(sheet, "<c r=\"A7\""));
	assert_non_null(strstr(sheet, "<c r=\"A8\""));
	free(sheet);
	hz_read_opts_init(&ro);
	rd = hz_reader_open(book, &ro, &diag);
	while ((r = hz_reader_next(rd)) != NULL) {
		n++;
		if (n == 3) {
			assert_int_equal(hz_record_place(r)->line, 6);
			assert_memory_equal(hz_get(r, HZ_K_ID).s, "50", 2);
			assert_memory_equal(hz_get(r, HZ_K_REPORTER).s, "公园社区",
			                    strlen("公园社区"));
		}
	}
	hz_reader_close(rd);
	assert_int_equal(n, 3);
}

static void edits_only_the_cells_changed(void **state)
{
	char err[512] = "";
	char *before_sheet, *sheet, keep[512];
	hz_reg *g;

	(void)state;
	make_book(PLAIN);
	before_sheet = part(book, "xl/worksheets/sheet1.xml");
	snprintf(keep, sizeof keep, "%s", cell(before_sheet, "C5"));
	g = open_book(2, err, sizeof err);
	assert_non_null(g);
	char *const fields[] = { "整改阶段=整改中", "计划整改时限=2023-08-15" };
	assert_int_equal(hz_reg_edit_fields(g, fields, 2, false, err, sizeof err), 0);
	assert_int_equal(hz_reg_check_target(g), 0);
	assert_int_equal(hz_reg_commit(g, err, sizeof err), 0);
	hz_reg_close(g);
	sheet = part(book, "xl/worksheets/sheet1.xml");
	assert_string_equal(cell(sheet, "C5"), keep); /* untouched: its bytes */
	assert_non_null(strstr(cell(sheet, "I5"), "整改中"));
	assert_non_null(strstr(cell(sheet, "G5"), "<v>45153</v>")); /* a date cell */
	free(sheet);
	free(before_sheet);
}

static void refuses(enum extra x, const char *lock, const char *path, const char *why)
{
	char err[512] = "", lockpath[400], *was, *now;
	size_t n, m;
	hz_reg *g;

	make_book(x);
	if (lock) {
		snprintf(lockpath, sizeof lockpath, "%s/%s", dir, lock);
		fclose(fopen(lockpath, "w"));
	}
	was = slurp(book, &n);
	hz_reg_opts o = { .type = HZ_TYPE_UNKNOWN };
	g = hz_reg_open(path, &o, &diag, err, sizeof err);
	assert_null(g);
	if (strstr(err, why) == NULL)
		fail_msg("expected '%s' in: %s", why, err);
	now = slurp(book, &m);
	assert_int_equal(n, m);
	assert_memory_equal(was, now, n);
	free(was);
	free(now);
	if (lock)
		unlink(lockpath);
}

static void refuses_what_it_cannot_keep(void **state)
{
	char xls[400];

	(void)state;
	refuses(ARRAY_FORMULA, NULL, book, "array formulas");
	refuses(TABLE, NULL, book, "a table over the records");
	refuses(PLAIN, "~$台账.xlsx", book, "close 台账.xlsx in WPS/Excel first");
	snprintf(xls, sizeof xls, "%s/台账.xls", dir);
	refuses(PLAIN, NULL, xls, "save it as .xlsx");
	assert_int_equal(access(xls, F_OK), -1); /* not created */
}

/* ---- a street database: one unit's records replaced (hz-collect) ---- */

static const unsigned char png[] = {
	0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
	0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
	0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
};

enum pin { PIN_TITLE, PIN_RECORD, FORMULA_BELOW };

/* Two units' records: 甲社区 1-3 (序号 3 with two cells merged), 乙社区 1-2,
 * a blank row, a merged footer; a list validation over the stage column,
 * a comment and a picture (on the title, or on 乙社区's first record). */
static void make_db(enum pin where)
{
	lxw_workbook *wb = workbook_new(book);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "数据库");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime d1 = { 2023, 6, 1, 0, 0, 0 }, d2 = { 2023, 6, 30, 0, 0, 0 };
	const char *units[] = { "甲社区", "甲社区", "甲社区", "乙社区", "乙社区" };
	const char *ids[] = { "1", "2", "3", "1", "2" };
	const char *stages[] = { "未整改", "整改中", NULL };
	lxw_data_validation dv = { .validate = LXW_VALIDATION_TYPE_LIST,
		                   .value_list = (char **)stages };

	format_set_num_format(date, "yyyy-mm-dd");
	worksheet_merge_range(ws, 0, 0, 0, 9, "重大事故隐患数据库", NULL);
	for (int c = 0; c < 9; c++)
		worksheet_write_string(ws, 1, c, header[c], NULL);
	worksheet_write_string(ws, 1, 9, "填报单位", NULL);
	for (int i = 0; i < 5; i++) {
		int r = 2 + i;
		worksheet_write_number(ws, r, 0, atoi(ids[i]), NULL);
		worksheet_write_string(ws, r, 1, "消防", NULL);
		worksheet_write_string(ws, r, 2, i == 2 ? "合并的隐患" : units[i], NULL);
		worksheet_write_string(ws, r, 3, "县区", NULL);
		worksheet_write_string(ws, r, 4, "清理", NULL);
		worksheet_write_datetime(ws, r, 5, &d1, date);
		worksheet_write_datetime(ws, r, 6, &d2, date);
		worksheet_write_string(ws, r, 7, "某店", NULL);
		worksheet_write_string(ws, r, 8, "未整改", NULL);
		worksheet_write_string(ws, r, 9, units[i], NULL);
	}
	worksheet_merge_range(ws, 4, 2, 4, 3, "合并的隐患", NULL);
	worksheet_write_string(ws, 4, 3, "县区", NULL);
	worksheet_merge_range(ws, 8, 0, 8, 9, "审核人：某某", NULL);
	worksheet_data_validation_range(ws, 2, 8, 20, 8, &dv);
	int pr = where == PIN_RECORD ? 5 : 0;
	worksheet_write_comment(ws, pr, 2, "说明");
	worksheet_insert_image_buffer(ws, pr, 5, png, sizeof png);
	if (where == FORMULA_BELOW)
		worksheet_write_formula(ws, 7, 0, "=A7+1", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* Replace 甲社区's records by csv; 0 or -1 with the reason in err. */
static int replace_unit(const char *csv, char *err, size_t cap)
{
	char path[400];
	FILE *f;
	hz_reg_opts o = { .type = HZ_HAZARD, .replace = "甲社区" };
	hz_read_opts ro;
	int rc = -1;

	snprintf(path, sizeof path, "%s/甲社区.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(csv, f);
	fclose(f);
	hz_date_from_ymd(2023, 7, 1, &o.validate.today);
	hz_read_opts_init(&ro);
	o.no_journal = true;
	hz_reg *g = hz_reg_open(book, &o, &diag, err, cap);
	if (g && hz_reg_replace_input(g, path, &ro, err, cap) == 0) {
		hz_reg_check(g, false);
		hz_reg_take_invalid(g);
		rc = hz_reg_commit(g, err, cap);
	}
	hz_reg_close(g);
	unlink(path);
	return rc;
}

static const char *const unit_a =
        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段\n"
        "1,消防,甲社区,县区,清理,2023/6/1,2023-06-30,某店,未整改\n"
        "2,消防,甲社区,县区,清理,2023-06-01,2023-06-30,某店,整改中\n";

static void removes_rows_and_closes_up(void **state)
{
	char before[400], err[512] = "", *sheet, *was;
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *r;
	const char *want[][3] = { { "1", "甲社区", "未整改" },
		                  { "2", "甲社区", "整改中" },
		                  { "1", "乙社区", "未整改" },
		                  { "2", "乙社区", "未整改" } };
	size_t n = 0;

	(void)state;
	make_db(PIN_TITLE);
	snprintf(before, sizeof before, "%s/before.xlsx", dir);
	assert_int_equal(link(book, before), 0);
	was = part(book, "xl/worksheets/sheet1.xml");
	if (replace_unit(unit_a, err, sizeof err) != 0)
		fail_msg("replace: %s", err);
	assert_others_kept(before);
	sheet = part(book, "xl/worksheets/sheet1.xml");
	/* 序号 3's row (5) went: 乙社区 from rows 6-7 to 5-6, the blank row
	 * and the footer one up; its merge went, the footer's moved */
	assert_null(strstr(sheet, "合并的隐患"));
	assert_non_null(strstr(sheet, "<mergeCells count=\"2\">"));
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A8:J8\"/>"));
	assert_null(strstr(sheet, "C5:D5"));
	assert_non_null(strstr(sheet, "<dimension ref=\"A1:J8\"/>"));
	assert_non_null(strstr(sheet, "sqref=\"I3:I20\""));
	assert_null(strstr(sheet, "<row r=\"9\""));
	/* the cells of a record kept and moved: its bytes, but for its row */
	assert_non_null(strstr(was, "<c r=\"H7\" t=\"s\"><v>"));
	assert_non_null(strstr(sheet, "<c r=\"H6\" t=\"s\"><v>"));
	/* 序号 1 (the same day, spelled otherwise) kept its date cell */
	assert_string_equal(cell(sheet, "F3"), "<c r=\"F3\" s=\"1\"><v>45078</v></c>");
	free(sheet);
	free(was);
	hz_read_opts_init(&ro);
	rd = hz_reader_open(book, &ro, &diag);
	while ((r = hz_reader_next(rd)) != NULL) {
		assert_true(n < 4);
		hz_str id = hz_get(r, HZ_K_ID), who = hz_get(r, HZ_K_REPORTER),
		       stage = hz_get(r, HZ_K_STAGE);
		assert_int_equal(id.n, strlen(want[n][0]));
		assert_memory_equal(id.s, want[n][0], id.n);
		assert_int_equal(who.n, strlen(want[n][1]));
		assert_memory_equal(who.s, want[n][1], who.n);
		assert_int_equal(stage.n, strlen(want[n][2]));
		assert_memory_equal(stage.s, want[n][2], stage.n);
		assert_int_equal(hz_record_place(r)->line, (long)n + 3);
		n++;
	}
	hz_reader_close(rd);
	assert_int_equal(n, 4);
	unlink(before);
}

/* A comment or picture on a row that would move, a formula there: refused,
 * the workbook as it was. */
static void refuses_to_move(enum pin where, const char *why)
{
	char err[512] = "", *was, *now;
	size_t n, m;

	make_db(where);
	was = slurp(book, &n);
	assert_int_equal(replace_unit(unit_a, err, sizeof err), -1);
	if (strstr(err, why) == NULL)
		fail_msg("expected '%s' in: %s", why, err);
	now = slurp(book, &m);
	assert_int_equal(n, m);
	assert_memory_equal(was, now, n);
	free(was);
	free(now);
}

static void refuses_what_would_move_wrong(void **state)
{
	(void)state;
	refuses_to_move(PIN_RECORD, "row 6 holds a comment or a picture");
	refuses_to_move(FORMULA_BELOW, "row 8 holds a formula that moving the rows up");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fills_template_row, setup, teardown),
		cmocka_unit_test_setup_teardown(moves_the_rows_below, setup, teardown),
		cmocka_unit_test_setup_teardown(edits_only_the_cells_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_what_it_cannot_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(removes_rows_and_closes_up, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_what_would_move_wrong, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
