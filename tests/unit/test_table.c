/* test_table.c - display width and the -o table writer */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hz/table.h"
#include "hz/text.h"

static void test_cp_width(void **state)
{
	static const struct {
		unsigned cp;
		int width;
	} cases[] = {
		{ 'A', 1 },     { 0xe9, 1 },    { 0x4e2d, 2 },  { 0x3400, 2 },   { 0x9fa5, 2 },
		{ 0x3000, 2 },  { 0x3001, 2 },  { 0x303f, 1 },  { 0x3042, 2 },   { 0x30a2, 2 },
		{ 0xac00, 2 },  { 0xd7a3, 2 },  { 0xff01, 2 },  { 0xff0c, 2 },   { 0xff60, 2 },
		{ 0xff61, 1 },  { 0xff9e, 1 },  { 0xffe0, 2 },  { 0xffe6, 2 },   { 0xffe8, 1 },
		{ 0x20000, 2 }, { 0x2a6d6, 2 }, { 0x1f600, 2 }, { 0x0300, 0 },   { 0x0301, 0 },
		{ 0x036f, 0 },  { 0x0370, 1 },  { 0x20d7, 0 },  { 0xfe0f, 0 },   { 0x200b, 0 },
		{ 0x200d, 0 },  { 0xfeff, 0 },  { 0x302a, 0 },  { 0x3099, 0 },   { 0xe0100, 0 },
		{ 0x1160, 0 },  { 0x2026, 1 },  { 0x23ce, 1 },  { 0x10ffff, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (hz_cp_width(cases[i].cp) != cases[i].width)
			fail_msg("U+%04X: width %d, expected %d", cases[i].cp,
			         hz_cp_width(cases[i].cp), cases[i].width);
	}
}

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(hz_display_width("", 0), 0);
	assert_int_equal(hz_display_width("abc", 3), 3);
	assert_int_equal(hz_display_width("消防", strlen("消防")), 4);
	assert_int_equal(hz_display_width("e\xcc\x81", 3), 1); /* e + U+0301 */
	assert_int_equal(hz_display_width("（万元）", strlen("（万元）")), 8);
	assert_int_equal(hz_display_width("A中b", strlen("A中b")), 4);
	assert_int_equal(hz_display_width("\xff"
	                                  "a",
	                                  2),
	                 2); /* invalid: U+FFFD */
}

/* Print t into a string. */
static char *print(hz_table *t, int max_width)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	assert_int_equal(hz_table_print(t, f, max_width), 0);
	assert_int_equal(fclose(f), 0);
	return s;
}

static hz_table *table3(const char *const *cells, size_t nrows)
{
	hz_table *t = hz_table_new(3);

	for (size_t r = 0; r < nrows; r++) {
		hz_str row[3];
		for (size_t c = 0; c < 3; c++)
			row[c] = hz_str_c(cells[r * 3 + c]);
		hz_table_add(t, row);
	}
	return t;
}

static const char *const mixed[] = {
	"序号", "重大隐患", "unit",      "1",  "疏散通道堆放杂物", "某某酒店",
	"12",   "gas leak", "ACME 工贸", "３", "e\314\201cole",    "",
};

/* Each column starts at the same display column on every line: the
 * widths are 4, 16 and 9, so columns start at 0, 6 and 24. */
static void test_align_mixed(void **state)
{
	static const size_t start[3] = { 0, 6, 24 };
	hz_table *t = table3(mixed, 4);
	char *out = print(t, 0);
	char *line = out, *nl;
	size_t r = 0;

	(void)state;
	while ((nl = strchr(line, '\n')) != NULL) {
		assert_true(r < 4);
		for (size_t c = 0; c < 3; c++) {
			const char *cell = mixed[r * 3 + c];
			const char *at;

			if (*cell == '\0')
				continue;
			at = strstr(line, cell);
			assert_non_null(at);
			assert_true(at < nl);
			assert_int_equal(hz_display_width(line, (size_t)(at - line)), start[c]);
		}
		/* no trailing spaces */
		assert_true(nl == line || nl[-1] != ' ');
		line = nl + 1;
		r++;
	}
	assert_int_equal(r, 4);
	assert_string_equal(out, "序号  重大隐患          unit\n"
	                         "1     疏散通道堆放杂物  某某酒店\n"
	                         "12    gas leak          ACME 工贸\n"
	                         "３    e\xcc\x81"
	                         "cole\n");
	free(out);
	hz_table_free(t);
}

static void test_multiline_and_controls(void **state)
{
	static const char *const cells[] = {
		"a",       "b",          "c",     "x\ny\r\nz\rw", "tab\there", "\x1b[31mred\x7f",
		"bad\xff", "\302\233c1", "end\n",
	};
	hz_table *t = table3(cells, 3);
	char *out = print(t, 0);

	(void)state;
	assert_string_equal(out, "a        b         c\n"
	                         "x⏎y⏎z⏎w  tab here  ␛[31mred␡\n"
	                         "bad\xef\xbf\xbd     \xef\xbf\xbd"
	                         "c1       end⏎\n");
	free(out);
	hz_table_free(t);
}

static size_t max_line_width(const char *s)
{
	size_t max = 0;
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		size_t w = hz_display_width(s, (size_t)(nl - s));
		if (w > max)
			max = w;
		s = nl + 1;
	}
	return max;
}

static void test_cut_to_width(void **state)
{
	static const char *const cells[] = {
		"id",
		"hazard",
		"unit",
		"1",
		"消防通道被占用，疏散指示标志损坏，应急照明不亮",
		"某某酒店有限公司",
		"2",
		"short",
		"x",
	};
	hz_table *t = table3(cells, 3);
	char *out;

	(void)state;
	/* natural width: 2 + 2 + 46 + 2 + 16 = 68 */
	out = print(t, 0);
	assert_int_equal(max_line_width(out), 68);
	free(out);
	/* narrowest: 2 + 2 + 8 + 2 + 8 = 22 */
	for (int w = 67; w >= 22; w--) {
		out = print(t, w);
		if (max_line_width(out) > (size_t)w)
			fail_msg("max_width %d: a line is %zu wide", w, max_line_width(out));
		assert_non_null(strstr(out, "…"));
		assert_int_equal(strncmp(out, "id  ", 4), 0);
		free(out);
	}
	out = print(t, 30);
	assert_int_equal(max_line_width(out), 29);
	assert_string_equal(out, "id  hazard        unit\n"
	                         "1   消防通道被…   某某酒店有…\n"
	                         "2   short         x\n");
	free(out);
	/* too narrow: a cut column keeps 8 display columns, and the lines
	 * are wider than asked rather than all … */
	out = print(t, 3);
	assert_string_equal(out, "id  hazard    unit\n"
	                         "1   消防通…   某某酒…\n"
	                         "2   short     x\n");
	free(out);
	hz_table_free(t);

	/* a register's 19 columns in a 60-column terminal: every cell shows
	 * text, none is a lone … */
	hz_str row[19];
	hz_table *wide = hz_table_new(19);
	for (int r = 0; r < 3; r++) {
		for (int c = 0; c < 19; c++)
			row[c] = hz_str_c(r == 0 ? "整改进展时间" : "营业期间二楼安全出口上锁");
		hz_table_add(wide, row);
	}
	out = print(wide, 60);
	assert_null(strstr(out, "  …"));
	assert_non_null(strstr(out, "营业期…"));
	assert_non_null(strstr(out, "整改进…"));
	free(out);
	hz_table_free(wide);
}

static void test_write_error(void **state)
{
	hz_table *t = table3(mixed, 4);
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(hz_table_print(t, f, 0), -1);
	fclose(f);
	hz_table_free(t);
}

static void test_empty(void **state)
{
	hz_table *t = hz_table_new(2);
	hz_str row[2] = { HZ_STR_NONE, { "", 0 } };
	char *out;

	(void)state;
	out = print(t, 80);
	assert_string_equal(out, "");
	free(out);
	hz_table_add(t, row);
	out = print(t, 80);
	assert_string_equal(out, "\n");
	free(out);
	hz_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cp_width),     cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_align_mixed),  cmocka_unit_test(test_multiline_and_controls),
		cmocka_unit_test(test_cut_to_width), cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
