/* test_docx_write.c - documents as .docx and as text: markup escaped, the
 * header row repeated, the page footer, a template's {{清单}} (what the
 * pages look like: tests/scripts/office-docs.sh) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

#include "hz/docx_write.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/hz-docx-test-%ld.docx", (long)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* The text of one part of the package at p, or NULL. */
static char *part(const char *p, const char *name)
{
	int e;
	zip_t *z = zip_open(p, ZIP_RDONLY, &e);
	zip_stat_t st;
	char *s = NULL;

	if (!z)
		return NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		s = calloc(1, st.size + 1);
		if (f && s)
			zip_fread(f, s, st.size);
		if (f)
			zip_fclose(f);
	}
	zip_discard(z);
	return s;
}

static hz_doc *sample(void)
{
	static const char *const head[] = { "序号", "重大隐患" };
	static const char *const row[] = { "1", "A&B <x>\n第二行" };
	hz_doc *d = hz_doc_new(false);

	hz_doc_para(d, HZ_DOC_TITLE, "督促函");
	hz_doc_para(d, HZ_DOC_BODY, "截至%s，共 %d 项", "2023年7月31日", 1);
	hz_doc_table(d, 2, head);
	hz_doc_row(d, row);
	return d;
}

static void test_docx_parts(void **state)
{
	hz_doc *d = sample();
	char err[256] = "";
	char *doc, *foot, *types;

	(void)state;
	assert_int_equal(hz_doc_write_docx(d, path, NULL, NULL, err, sizeof err), 0);
	doc = part(path, "word/document.xml");
	foot = part(path, "word/footer1.xml");
	types = part(path, "[Content_Types].xml");
	assert_non_null(doc);
	assert_non_null(foot);
	assert_non_null(types);
	/* markup in a cell is text; a line break is a break */
	assert_non_null(strstr(doc, "A&amp;B &lt;x&gt;</w:t><w:br/>"));
	assert_non_null(strstr(doc, "<w:tblHeader/>"));
	assert_non_null(strstr(doc, "截至2023年7月31日，共 1 项"));
	/* 12 pt tables, 16 pt text: body at least 12 pt */
	assert_non_null(strstr(doc, "<w:sz w:val=\"24\"/>"));
	assert_null(strstr(doc, "<w:sz w:val=\"2\"/>"));
	assert_non_null(strstr(foot, " NUMPAGES "));
	assert_non_null(strstr(types, "footer+xml"));
	free(doc);
	free(foot);
	free(types);
	hz_doc_free(d);
}

static void test_text(void **state)
{
	hz_doc *d = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(hz_doc_write_text(d, out), 0);
	fclose(out);
	assert_non_null(strstr(buf, "督促函\n"));
	/* columns aligned on display width; a cell of two lines is one */
	assert_non_null(strstr(buf, "序号  重大隐患\n1     A&B <x> 第二行\n"));
	free(buf);
	hz_doc_free(d);
}

/* A template whose {{清单}} is missing: an error, nothing at path. */
static void test_template_without_list(void **state)
{
	char tpl[96], err[256] = "";
	int e;
	zip_t *z;
	static const char doc[] =
	        "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>{{文号}}</w:t></w:r></w:p>"
	        "</w:body></w:document>";
	hz_doc *d = sample();

	(void)state;
	snprintf(tpl, sizeof tpl, "%s.tpl", path);
	z = zip_open(tpl, ZIP_CREATE | ZIP_TRUNCATE, &e);
	assert_non_null(z);
	zip_file_add(z, "word/document.xml", zip_source_buffer(z, doc, sizeof doc - 1, 0), 0);
	assert_int_equal(zip_close(z), 0);
	hz_doc_field f = { "文号", "5号" };
	hz_doc_template t = { tpl, &f, 1 };
	assert_int_equal(hz_doc_write_docx(d, path, NULL, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "{{清单}}"));
	assert_int_equal(access(path, F_OK), -1);
	unlink(tpl);
	hz_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_docx_parts, setup, teardown),
		cmocka_unit_test(test_text),
		cmocka_unit_test_setup_teardown(test_template_without_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
