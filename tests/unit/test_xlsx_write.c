/* test_xlsx_write.c - workbooks of records and tallies: put in place whole
 * or not at all, one header a sheet, cells Excel can hold, sheet names
 * Excel accepts (what the sheets look like: tests/scripts/xlsx-*.sh) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/reader.h"
#include "hz/xlsx.h"
#include "../../lib/model/record_int.h"

/* the reason of a failed call (libhz(3), ERRORS) */
static char err[512];

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/hz-test-xlsx-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/out.xlsx", dir);
	setenv("TMPDIR", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

/* Files in dir, other than keep. */
static int files_besides(const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && (!keep || strcmp(e->d_name, keep) != 0))
			n++;
	closedir(d);
	return n;
}

static bool is_zip(const char *file)
{
	FILE *f = fopen(file, "rb");
	char sig[2] = { 0 };

	if (!f)
		return false;
	size_t n = fread(sig, 1, 2, f);
	fclose(f);
	return n == 2 && sig[0] == 'P' && sig[1] == 'K';
}

/* A hazard schema with the given columns (known headers or unknown). */
static hz_schema *hazard_schema(const char *const *names, size_t n)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD);

	for (size_t i = 0; i < n; i++) {
		hz_key k = hz_match_header(HZ_HAZARD, hz_str_c(names[i]));
		hz_schema_add(s, names[i], strlen(names[i]), k);
	}
	return s;
}

static hz_record *record_of(hz_schema *s, const char *const *cells)
{
	hz_record *r = hz_record_new(s);

	for (size_t i = 0; i < s->ncols; i++)
		hz_record_push(r, cells[i], strlen(cells[i]));
	r->place.file = "reg.csv";
	r->place.line = 5;
	return r;
}

static const char *const cols[] = { "序号", "专题领域", "重大隐患", "检查日期", "填报单位" };

static void test_records_put_in_place(void **state)
{
	hz_schema *s = hazard_schema(cols, 5);
	const char *const a[] = { "1", "消防", "=HYPERLINK(\"x\")", "2023/5/23", "公园社区" };
	const char *const b[] = { "2", "燃气", "软管老化", "not a date", "" };
	hz_record *r1 = record_of(s, a), *r2 = record_of(s, b);
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ 0 });
	char err[512];

	(void)state;
	assert_int_equal(hz_xlsx_put_record(x, r1, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_record(x, r2, err, sizeof err), 0);
	/* nothing at the final path before close: written whole by rename */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), 0);
	assert_true(is_zip(path));
	assert_int_equal(files_besides("out.xlsx"), 0);
	unlink(path);
	hz_record_free(r1);
	hz_record_free(r2);
	hz_schema_unref(s);
}

static void count_note(void *arg, const char *msg)
{
	(void)msg;
	++*(int *)arg;
}

/* --columns all prints every column: a second input with a column the
 * first has not cannot be printed. The default form prints 附件2's 13
 * columns and names the others in a note. */
static void test_one_header_a_sheet(void **state)
{
	const char *const other[] = { "序号",     "专题领域", "重大隐患",
		                      "检查日期", "填报单位", "内部编号" };
	hz_schema *s = hazard_schema(cols, 5), *t = hazard_schema(other, 6);
	const char *const a[] = { "1", "消防", "x", "2023-05-23", "公园社区" };
	const char *const b[] = { "2", "消防", "y", "2023-05-23", "公园社区", "007" };
	hz_record *r1 = record_of(s, a), *r2 = record_of(t, b);
	int notes = 0;
	char err[512];
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ .all_columns = true });

	(void)state;
	assert_int_equal(hz_xlsx_put_record(x, r1, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_record(x, r2, err, sizeof err), -1);
	assert_non_null(strstr(err, "columns differ"));
	hz_xlsx_abort(x);
	x = hz_xlsx_new(path, &(hz_xlsx_opts){ .note = count_note, .note_arg = &notes });
	assert_int_equal(hz_xlsx_put_record(x, r2, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_record(x, r1, err, sizeof err), 0);
	assert_int_equal(notes, 1); /* 内部编号 is not on the form */
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), 0);
	unlink(path);
	/* nothing left: neither the file nor a temporary one */
	assert_int_equal(files_besides(NULL), 0);
	hz_record_free(r1);
	hz_record_free(r2);
	hz_schema_unref(s);
	hz_schema_unref(t);
}

static void test_cell_too_long(void **state)
{
	hz_schema *s = hazard_schema(cols, 5);
	char *big = malloc(40000);
	const char *cells[] = { "1", "消防", big, "2023-05-23", "公园社区" };
	hz_record *r;
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ 0 });

	(void)state;
	assert_non_null(big);
	memset(big, 'a', 39999);
	big[39999] = '\0';
	r = record_of(s, cells);
	assert_int_equal(hz_xlsx_put_record(x, r, err, sizeof err), -1);
	/* names the file, the line and the column */
	assert_non_null(strstr(err, "reg.csv:5: 重大隐患"));
	hz_xlsx_abort(x);
	assert_int_equal(files_besides(NULL), 0);
	hz_record_free(r);
	hz_schema_unref(s);
	free(big);
}

/* 附件2 has one 填报单位: a record of another reporter, with no column
 * to say so, is an error, unless --unit names the form's. */
static void test_one_reporter(void **state)
{
	static const char *const four[] = { "序号", "专题领域", "重大隐患", "检查日期" };
	hz_schema *s1 = hazard_schema(four, 4), *s2 = hazard_schema(four, 4);
	const char *const a[] = { "1", "消防", "x", "2023-05-23" };
	hz_record *r1, *r2;
	char err[512];

	(void)state;
	s1->reporter = strdup("公园社区");
	s2->reporter = strdup("解放社区");
	r1 = record_of(s1, a);
	r2 = record_of(s2, a);
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ 0 });
	assert_int_equal(hz_xlsx_put_record(x, r1, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_record(x, r2, err, sizeof err), -1);
	assert_non_null(strstr(err, "解放社区"));
	hz_xlsx_abort(x);
	x = hz_xlsx_new(path, &(hz_xlsx_opts){ .unit = "公园街道" });
	assert_int_equal(hz_xlsx_put_record(x, r1, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_record(x, r2, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), 0);
	assert_true(is_zip(path));
	unlink(path);
	hz_record_free(r1);
	hz_record_free(r2);
	hz_schema_unref(s1);
	hz_schema_unref(s2);
}

/* --columns takes a field's key, header or alias, or an unknown column's
 * header; any other name is an error naming it, nothing written. */
static void test_chosen_columns(void **state)
{
	const char *const other[] = { "序号",     "专题领域", "重大隐患",
		                      "检查日期", "填报单位", "内部编号" };
	hz_schema *s = hazard_schema(other, 6);
	const char *const b[] = { "2", "消防", "y", "2023-05-23", "公园社区", "007" };
	hz_record *r = record_of(s, b);
	static const char *const good[] = { "id", "重大隐患", "检查日期", "内部编号", "funds" };
	static const char *const bad[] = { "id", "头发颜色" };
	char err[512];
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ .columns = good, .ncolumns = 5 });

	(void)state;
	assert_int_equal(hz_xlsx_put_record(x, r, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), 0);
	assert_true(is_zip(path));
	unlink(path);
	x = hz_xlsx_new(path, &(hz_xlsx_opts){ .columns = bad, .ncolumns = 2 });
	assert_int_equal(hz_xlsx_put_record(x, r, err, sizeof err), -1);
	assert_non_null(strstr(err, "头发颜色"));
	hz_xlsx_abort(x);
	assert_int_equal(files_besides(NULL), 0);
	hz_record_free(r);
	hz_schema_unref(s);
}

/* --columns all (issue 20): after 附件2's 13 columns, in the field table's
 * order, comes every other field of a hazard the register has - the
 * extensions and each office column (复查, 挂牌督办 in full) - under its
 * Chinese header, its cell as written. Read back by the .xlsx reader,
 * whose code shares nothing with libxlsxwriter's. */
static void test_all_columns_after_the_form(void **state)
{
	size_t nf, nform = 0, noffice = 0;
	const hz_field *f = hz_fields(HZ_HAZARD, &nf);
	hz_schema *s = hz_schema_new(HZ_HAZARD);
	char(*vals)[32] = calloc(nf, sizeof *vals);
	const char **cells = calloc(nf, sizeof *cells);
	char err[512];

	(void)state;
	assert_non_null(vals);
	assert_non_null(cells);
	for (size_t i = 0; i < nf; i++) {
		hz_schema_add(s, f[i].header, strlen(f[i].header), f[i].key);
		if (f[i].kind == HZ_KIND_DATE || f[i].kind == HZ_KIND_DATES)
			snprintf(vals[i], sizeof vals[i], "2023-06-%02zu", i + 1);
		else if (f[i].kind == HZ_KIND_ID || f[i].kind == HZ_KIND_AMOUNT)
			snprintf(vals[i], sizeof vals[i], "%zu", i + 1);
		else if (f[i].key == HZ_K_REPORTER)
			snprintf(vals[i], sizeof vals[i], "公园社区"); /* the title's */
		else
			snprintf(vals[i], sizeof vals[i], "值%zu", i + 1);
		cells[i] = vals[i];
		nform += (f[i].flags & HZ_F_FORM) != 0;
		noffice += (f[i].flags & HZ_F_OFFICE) != 0;
	}
	assert_int_equal(nform, 13);
	assert_true(noffice >= 8); /* 复查日期 to 摘牌日期, and any added since */
	hz_record *r = record_of(s, cells);
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ .all_columns = true });
	assert_int_equal(hz_xlsx_put_record(x, r, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), 0);

	hz_read_opts o;
	hz_diag d;
	hz_read_opts_init(&o);
	hz_diag_init(&d, "test");
	d.out = NULL;
	hz_reader *in = hz_reader_open(path, &o, &d);
	const hz_record *back = hz_reader_next(in);
	assert_non_null(back);
	const hz_schema *bs = hz_record_schema(back);
	assert_int_equal(hz_record_type(back), HZ_HAZARD);
	/* the form's 13 first, in the form's order */
	size_t col = 0;
	for (size_t i = 0; i < nf; i++)
		if (f[i].flags & HZ_F_FORM)
			assert_string_equal(hz_schema_name(bs, col++), f[i].header);
	/* then every other field, in the table's order, with its cell */
	for (size_t i = 0; i < nf; i++) {
		if (f[i].flags & HZ_F_FORM)
			continue;
		assert_true(col < hz_schema_ncols(bs));
		assert_string_equal(hz_schema_name(bs, col), f[i].header);
		assert_int_equal(hz_schema_column(bs, f[i].key), (int)col);
		hz_str v = hz_record_cell(back, col);
		assert_int_equal(v.n, strlen(vals[i]));
		assert_memory_equal(v.s, vals[i], v.n);
		col++;
	}
	assert_int_equal(col, hz_schema_ncols(bs));
	/* and the form's own cells too */
	for (size_t i = 0, c = 0; i < nf; i++)
		if (f[i].flags & HZ_F_FORM) {
			hz_str v = hz_record_cell(back, c++);
			assert_int_equal(v.n, strlen(vals[i]));
			assert_memory_equal(v.s, vals[i], v.n);
		}
	assert_null(hz_reader_next(in));
	assert_int_equal(hz_reader_status(in), HZ_READ_OK);
	hz_reader_close(in);
	unlink(path);
	hz_record_free(r);
	hz_schema_unref(s);
	free(cells);
	free(vals);
}

/* Units Excel would refuse as sheet names, twice, blank, too long: every
 * tally still gets its sheet; to a stream when no path is given. */
static void test_tally_sheets(void **state)
{
	static const char *const units[] = {
		"a/b[c]:*?",
		"a/b[c]:*?",
		"",
		"'quoted'",
		"很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长",
	};
	hz_xlsx *x = hz_xlsx_new(NULL, &(hz_xlsx_opts){ 0 });
	char *buf = NULL, err[512];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		hz_tally *t = hz_tally_new(units[i], 19538, NULL);
		t->value[0] = 3;
		assert_int_equal(hz_xlsx_put_tally(x, t, err, sizeof err), 0);
		hz_tally_free(t);
	}
	assert_int_equal(hz_xlsx_close(x, out, err, sizeof err), 0);
	fclose(out);
	assert_true(len > 1000);
	assert_memory_equal(buf, "PK", 2);
	assert_int_equal(files_besides(NULL), 0); /* the temporary file is gone */
	free(buf);
}

static void test_records_and_tallies_apart(void **state)
{
	hz_schema *s = hazard_schema(cols, 5);
	const char *const a[] = { "1", "消防", "x", "2023-05-23", "公园社区" };
	hz_record *r = record_of(s, a);
	hz_tally *t = hz_tally_new("公园社区", 19538, NULL);
	hz_xlsx *x = hz_xlsx_new(path, &(hz_xlsx_opts){ 0 });

	(void)state;
	assert_int_equal(hz_xlsx_put_record(x, r, err, sizeof err), 0);
	assert_int_equal(hz_xlsx_put_tally(x, t, err, sizeof err), -1);
	hz_xlsx_abort(x);
	hz_tally_free(t);
	hz_record_free(r);
	hz_schema_unref(s);
}

static void test_folder_missing(void **state)
{
	char bad[160], err[512];
	hz_xlsx *x;

	(void)state;
	snprintf(bad, sizeof bad, "%s/no/such/folder/out.xlsx", dir);
	x = hz_xlsx_new(bad, &(hz_xlsx_opts){ 0 });
	hz_tally *t = hz_tally_new("公园社区", 19538, NULL);
	assert_int_equal(hz_xlsx_put_tally(x, t, err, sizeof err), -1);
	assert_non_null(strstr(err, "no/such/folder/out.xlsx"));
	hz_xlsx_abort(x);
	x = hz_xlsx_new(bad, &(hz_xlsx_opts){ 0 });
	assert_int_equal(hz_xlsx_close(x, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no/such/folder"));
	hz_tally_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_put_in_place),
		cmocka_unit_test(test_one_header_a_sheet),
		cmocka_unit_test(test_chosen_columns),
		cmocka_unit_test(test_all_columns_after_the_form),
		cmocka_unit_test(test_cell_too_long),
		cmocka_unit_test(test_one_reporter),
		cmocka_unit_test(test_tally_sheets),
		cmocka_unit_test(test_records_and_tallies_apart),
		cmocka_unit_test(test_folder_missing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
