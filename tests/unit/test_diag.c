/* test_diag.c - findings as hz-validate(1) shows them: the text line and the JSON
 * line, exactly; counts, --max-errors, the hook */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/diag.h"
#include "../../lib/model/record_int.h"

static char *buf;
static size_t len;

static FILE *mem_open(void)
{
	free(buf);
	buf = NULL;
	len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	return f;
}

static const char *mem_close(FILE *f)
{
	assert_int_equal(fclose(f), 0);
	return buf;
}

static int teardown(void **state)
{
	(void)state;
	free(buf);
	buf = NULL;
	return 0;
}

static const hz_finding example = {
	.file = "register.csv",
	.line = 14,
	.record = 11,
	.row = 17,
	.id = "7",
	.field = "deadline",
	.rule = "date-before-check",
	.severity = HZ_ERROR,
	.message = "deadline 2023-05-01 is before check_date 2023-05-23 (计划整改时限早于检查日期)",
};

/* hz-validate(1): the text form, prefixed by the tool. */
static void test_text_line(void **state)
{
	hz_diag d;
	FILE *f = mem_open();

	(void)state;
	hz_diag_init(&d, "hz-validate");
	assert_ptr_equal(d.out, stderr);
	assert_int_equal(d.format, HZ_DIAG_TEXT);
	d.out = f;
	hz_diag_emit(&d, &example);
	hz_finding w = example;
	w.severity = HZ_WARNING;
	w.rule = "header-unknown";
	w.message = "column 12 '说明' matches no hazard field; it is kept";
	w.file = NULL;
	w.line = 1;
	w.record = w.row = 0; /* a file-level finding names no record */
	w.id = NULL;
	hz_diag_emit(&d, &w);
	/* a record without 序号, and one whose row is unknown */
	hz_finding noid = example, norow = example;
	noid.id = NULL;
	norow.row = 0;
	hz_diag_emit(&d, &noid);
	hz_diag_emit(&d, &norow);
	assert_string_equal(
	        mem_close(f),
	        "hz-validate: register.csv:14: error: deadline 2023-05-01 is before check_date 2023-05-23 "
	        "(计划整改时限早于检查日期) (序号 7, row 17) [date-before-check]\n"
	        "hz-validate: <stdin>:1: warning: column 12 '说明' matches no hazard field; it is kept [header-unknown]\n"
	        "hz-validate: register.csv:14: error: deadline 2023-05-01 is before check_date 2023-05-23 "
	        "(计划整改时限早于检查日期) (row 17) [date-before-check]\n"
	        "hz-validate: register.csv:14: error: deadline 2023-05-01 is before check_date 2023-05-23 "
	        "(计划整改时限早于检查日期) (序号 7) [date-before-check]\n");
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.fatals, 0);

	/* without a program name, no prefix */
	f = mem_open();
	hz_diag_init(&d, NULL);
	d.out = f;
	hz_diag_emit(&d, &example);
	assert_string_equal(
	        mem_close(f),
	        "register.csv:14: error: deadline 2023-05-01 is before check_date 2023-05-23 "
	        "(计划整改时限早于检查日期) (序号 7, row 17) [date-before-check]\n");
}

/* A line longer than diag.c's line buffer (a deep path, a long message)
 * comes out whole and in order. */
static void test_long_text_line(void **state)
{
	hz_diag d;
	char file[3001], message[1001], want[6000];
	FILE *f = mem_open();

	(void)state;
	memset(file, 'p', sizeof file - 1);
	file[sizeof file - 1] = '\0';
	memset(message, 'm', sizeof message - 1);
	message[sizeof message - 1] = '\0';
	hz_diag_init(&d, "hz-validate");
	d.out = f;
	hz_finding longer = example;
	longer.file = file;
	longer.message = message;
	hz_diag_emit(&d, &longer);
	longer.file = "r.csv";
	hz_diag_emit(&d, &longer);
	snprintf(want, sizeof want,
	         "hz-validate: %s:14: error: %s (序号 7, row 17) [date-before-check]\n"
	         "hz-validate: r.csv:14: error: %s (序号 7, row 17) [date-before-check]\n",
	         file, message, message);
	assert_string_equal(mem_close(f), want);
}

/* The message of a finding reads as printf would write it, whether diag.c
 * puts it itself (%s, %d, %ld, %zu, %%) or hands it to vsnprintf (any
 * other directive), and is cut at 1023 bytes alike. */
static void test_message_formats(void **state)
{
	hz_diag d;
	char want[4096], big[2000];
	hz_schema *s = hz_schema_full(HZ_HAZARD, false);
	hz_record *r = hz_record_new(s);
	FILE *f = mem_open();

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	r->place = (hz_place){ .file = "r.csv", .line = 3 };
	hz_diag_init(&d, NULL);
	d.out = f;
	hz_diag_record(&d, r, HZ_RULE_REQUIRED, HZ_K_NONE, "%s|%d|%ld|%zu|100%%|%s", "整改", -7,
	               -2147483649L, (size_t)18446744073709551615UL, "");
	hz_diag_record(&d, r, HZ_RULE_BAD_ID, HZ_K_NONE, "%5d|%-3s|%c|%s", 42, "x", 'y', "z");
	hz_diag_record(&d, r, HZ_RULE_BAD_DATE, HZ_K_NONE, "no directive");
	hz_diag_record(&d, r, HZ_RULE_BAD_LEVEL, HZ_K_NONE, "%s%s", big, "tail");
	snprintf(want, sizeof want,
	         "r.csv:3: error: 整改|-7|-2147483649|18446744073709551615|100%%| [required]\n"
	         "r.csv:3: error:    42|x  |y|z [bad-id]\n"
	         "r.csv:3: error: no directive [bad-date]\n"
	         "r.csv:3: error: %.1023s [bad-level]\n",
	         big);
	assert_string_equal(mem_close(f), want);
	hz_record_free(r);
	hz_schema_unref(s);
}

/* hz-validate(1): the JSON Lines form, keys in its order. */
static void test_json_line(void **state)
{
	hz_diag d;
	FILE *f = mem_open();

	(void)state;
	hz_diag_init(&d, "hz-validate");
	d.out = f;
	d.format = HZ_DIAG_JSON;
	hz_diag_emit(&d, &example);
	/* a file-level finding: record, id and field null */
	hz_diag_emit(&d, &(hz_finding){ .file = "a \"b\".csv",
	                                .line = 3,
	                                .rule = "csv-syntax",
	                                .severity = HZ_ERROR,
	                                .message = "a quote \"x\"\\ never closed\t" });
	hz_diag_emit(&d, &(hz_finding){ .line = 1,
	                                .rule = "io",
	                                .severity = HZ_FATAL,
	                                .message = "cannot open: No such file or directory" });
	assert_string_equal(
	        mem_close(f),
	        "{\"file\":\"register.csv\",\"line\":14,\"record\":11,\"row\":17,\"id\":\"7\",\"field\":\"deadline\","
	        "\"rule\":\"date-before-check\",\"severity\":\"error\",\"message\":\"deadline 2023-05-01 is before "
	        "check_date 2023-05-23 (计划整改时限早于检查日期)\"}\n"
	        "{\"file\":\"a \\\"b\\\".csv\",\"line\":3,\"record\":null,\"row\":null,\"id\":null,\"field\":null,"
	        "\"rule\":\"csv-syntax\",\"severity\":\"error\",\"message\":\"a quote \\\"x\\\"\\\\ never closed\\t\"}\n"
	        "{\"file\":\"<stdin>\",\"line\":1,\"record\":null,\"row\":null,\"id\":null,\"field\":null,"
	        "\"rule\":\"io\",\"severity\":\"fatal\",\"message\":\"cannot open: No such file or directory\"}\n");
	assert_int_equal(d.errors, 2);
	assert_int_equal(d.fatals, 1);
}

static int hooked;
static char hooked_rule[64];

static void hook(const hz_finding *f, void *arg)
{
	hooked++;
	snprintf(hooked_rule, sizeof hooked_rule, "%s", f->rule);
	assert_ptr_equal(arg, &hooked);
}

/* Every finding is counted and printed; the hook sees each one. */
static void test_limits_and_hook(void **state)
{
	hz_diag d;
	FILE *f = mem_open();

	(void)state;
	hooked = 0;
	hz_diag_init(&d, "t");
	d.out = f;
	d.hook = hook;
	d.hook_arg = &hooked;
	hz_finding e = {
		.file = "f", .line = 1, .rule = "e", .severity = HZ_ERROR, .message = "m"
	};
	hz_finding w = {
		.file = "f", .line = 2, .rule = "w", .severity = HZ_WARNING, .message = "m"
	};
	for (int i = 0; i < 4; i++) {
		hz_diag_emit(&d, &e);
		hz_diag_emit(&d, &w);
	}
	assert_string_equal(mem_close(f), "t: f:1: error: m [e]\nt: f:2: warning: m [w]\n"
	                                  "t: f:1: error: m [e]\nt: f:2: warning: m [w]\n"
	                                  "t: f:1: error: m [e]\nt: f:2: warning: m [w]\n"
	                                  "t: f:1: error: m [e]\nt: f:2: warning: m [w]\n");
	assert_int_equal(d.errors, 4);
	assert_int_equal(d.warnings, 4);
	assert_int_equal(hooked, 8);
	assert_string_equal(hooked_rule, "w");

	/* warnings kept quiet, still counted */
	f = mem_open();
	hz_diag_init(&d, "t");
	d.out = f;
	d.quiet_warnings = true;
	hz_diag_emit(&d, &w);
	hz_diag_emit(&d, &e);
	assert_string_equal(mem_close(f), "t: f:1: error: m [e]\n");
	assert_int_equal(d.warnings, 1);

	/* no output at all: only counts and the hook */
	hooked = 0;
	hz_diag_init(&d, "t");
	d.out = NULL;
	d.hook = hook;
	d.hook_arg = &hooked;
	hz_diag_emit(&d, &e);
	assert_int_equal(hooked, 1);
	assert_int_equal(d.errors, 1);
}

/* A finding about a record takes its place and trimmed id from it. */
static void test_record_finding(void **state)
{
	hz_diag d;
	FILE *f = mem_open();
	hz_schema *s = hz_schema_full(HZ_HAZARD, false);
	hz_record *r = hz_record_new(s);

	(void)state;
	hz_record_push(r, " 7　", strlen(" 7　"));
	r->place = (hz_place){ .file = "register.csv", .line = 14, .record = 11, .row = 17 };
	hz_diag_init(&d, "hz-validate");
	d.out = f;
	d.format = HZ_DIAG_JSON;
	hz_diag_record(&d, r, HZ_RULE_DATE_BEFORE_CHECK, HZ_K_DEADLINE,
	               "deadline %s is before check_date %s (%s)", "2023-05-01", "2023-05-23",
	               "计划整改时限早于检查日期");
	hz_diag_record(&d, r, HZ_RULE_DUPLICATE_HAZARD, HZ_K_NONE, "same");
	hz_record_set_cell(r, 0, " ", 1);
	hz_diag_record(&d, r, HZ_RULE_REQUIRED, HZ_K_ID, "id is empty");
	hz_diag_place(&d, "register.csv", 4, 0, HZ_RULE_HEADER_EXTENSION, "no %s", "'应急预案'");
	assert_string_equal(
	        mem_close(f),
	        "{\"file\":\"register.csv\",\"line\":14,\"record\":11,\"row\":17,\"id\":\"7\",\"field\":\"deadline\","
	        "\"rule\":\"date-before-check\",\"severity\":\"error\",\"message\":\"deadline 2023-05-01 is before "
	        "check_date 2023-05-23 (计划整改时限早于检查日期)\"}\n"
	        "{\"file\":\"register.csv\",\"line\":14,\"record\":11,\"row\":17,\"id\":\"7\",\"field\":null,"
	        "\"rule\":\"duplicate-hazard\",\"severity\":\"warning\",\"message\":\"same\"}\n"
	        "{\"file\":\"register.csv\",\"line\":14,\"record\":11,\"row\":17,\"id\":null,\"field\":\"id\","
	        "\"rule\":\"required\",\"severity\":\"error\",\"message\":\"id is empty\"}\n"
	        "{\"file\":\"register.csv\",\"line\":4,\"record\":null,\"row\":null,\"id\":null,\"field\":null,"
	        "\"rule\":\"header-extension\",\"severity\":\"warning\",\"message\":\"no '应急预案'\"}\n");
	hz_record_free(r);
	hz_schema_unref(s);

	/* a record with no id column: id null */
	s = hz_schema_full(HZ_CHECK, false);
	r = hz_record_new(s);
	hz_schema_unref(s);
	r->place = (hz_place){ .file = "c.csv", .line = 2, .record = 1 };
	f = mem_open();
	d.out = f;
	d.format = HZ_DIAG_TEXT;
	hz_diag_record(&d, r, HZ_RULE_REQUIRED, HZ_K_ENTERPRISE, "enterprise is empty");
	assert_string_equal(mem_close(f),
	                    "hz-validate: c.csv:2: error: enterprise is empty [required]\n");
	hz_record_free(r);
	assert_string_equal(hz_severity_name(HZ_WARNING), "warning");
	assert_string_equal(hz_severity_name(HZ_ERROR), "error");
	assert_string_equal(hz_severity_name(HZ_FATAL), "fatal");
}

/* Bytes that are not UTF-8 (a file name saved in GBK, a long message cut
 * mid-character) never lose a key of the JSON line. */
static void test_json_not_utf8(void **state)
{
	hz_diag d;
	FILE *f = mem_open();
	char big[4000] = "";

	(void)state;
	hz_diag_init(&d, "hz-validate");
	d.out = f;
	d.format = HZ_DIAG_JSON;
	hz_diag_emit(&d, &(hz_finding){ .file = "\xB2\xE2.csv",
	                                .line = 2,
	                                .id = "\xFF",
	                                .rule = "required",
	                                .severity = HZ_ERROR,
	                                .message = "a\xE6\xB6" });
	assert_string_equal(
	        mem_close(f),
	        "{\"file\":\"\xEF\xBF\xBD\xEF\xBF\xBD.csv\",\"line\":2,\"record\":null,\"row\":null,\"id\":\"\xEF\xBF\xBD\","
	        "\"field\":null,\"rule\":\"required\",\"severity\":\"error\",\"message\":\"a\xEF\xBF\xBD\xEF\xBF\xBD\"}\n");

	/* surrogates, overlong forms, stray continuation bytes, code points past
	 * U+10FFFF: whatever the replacement, the line is valid UTF-8 */
	static const char *const invalid[] = {
		"\xED\xA0\x80", "\xC0\xAF",         "\xE0\x80\xAF",
		"\x80\xBF",     "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
	};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		f = mem_open();
		d.out = f;
		hz_diag_emit(&d, &(hz_finding){ .file = invalid[i],
		                                .line = 1,
		                                .id = invalid[i],
		                                .rule = "encoding",
		                                .severity = HZ_ERROR,
		                                .message = invalid[i] });
		mem_close(f);
		if (hz_utf8_valid_prefix(buf, strlen(buf)) != strlen(buf))
			fail_msg("invalid UTF-8 %zu written as it is", i);
		assert_non_null(strstr(buf, "\"id\":\"\xEF\xBF\xBD"));
	}

	/* a message longer than the diag's buffer, all three-byte characters */
	for (int i = 0; i < 1000; i++)
		strcat(big, "隐");
	f = mem_open();
	d.out = f;
	hz_diag_place(&d, "a.csv", 3, 0, HZ_RULE_BAD_DATE, "x%s", big);
	mem_close(f);
	assert_non_null(strstr(buf, "\"message\":\"x隐隐"));
	assert_non_null(strstr(buf, "\"rule\":\"bad-date\""));

	assert_int_equal(buf[strlen(buf) - 2], '}');
}

/* Every tool quotes a cell one way: trimmed, one line, cut with "...". */
static void test_quote(void **state)
{
	hz_quoted q;
	char long_cell[200];

	(void)state;
	assert_string_equal(hz_quote(hz_str_c("  2023-06-30\n改期 "), &q), "2023-06-30 改期");
	assert_string_equal(hz_quote(hz_str_c("a\tb\x7f\xff"), &q), "a b ?");
	memset(long_cell, 'x', sizeof long_cell - 1);
	long_cell[sizeof long_cell - 1] = '\0';
	hz_quote(hz_str_c(long_cell), &q);
	assert_int_equal(strlen(q.s), HZ_QUOTE_MAX + 3);
	assert_string_equal(q.s + HZ_QUOTE_MAX, "...");
	/* cut on a character boundary: 26 three-byte characters fit in 80 bytes */
	char wide[3 * 40 + 1] = "";
	for (int k = 0; k < 40; k++)
		strcat(wide, "隐");
	hz_quote(hz_str_c(wide), &q);
	assert_int_equal(strlen(q.s), 3 * 26 + 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_line),       cmocka_unit_test(test_long_text_line),
		cmocka_unit_test(test_message_formats), cmocka_unit_test(test_quote),
		cmocka_unit_test(test_json_line),       cmocka_unit_test(test_limits_and_hook),
		cmocka_unit_test(test_record_finding),  cmocka_unit_test(test_json_not_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
