/* test_reader.c - the one reader: CSV as Excel and WPS save it, TSV, JSON
 * Lines and JSON arrays; hostile bytes; exact lines, record numbers, spans */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/reader.h"
#include "../../lib/model/record_int.h"

/* ---- findings, collected through the diag hook ---- */

struct found {
	char rule[48];
	char field[32];
	long line, record;
	hz_severity sev;
};

#define MAXFOUND 64
static struct found found[MAXFOUND];
static int nfound;

static void collect(const hz_finding *f, void *arg)
{
	(void)arg;
	if (nfound == MAXFOUND)
		fail_msg("too many findings");
	struct found *d = &found[nfound++];
	snprintf(d->rule, sizeof d->rule, "%s", f->rule);
	snprintf(d->field, sizeof d->field, "%s", f->field ? f->field : "");
	d->line = f->line;
	d->record = f->record;
	d->sev = f->severity;
}

/* Findings of one rule. */
static int count_rule(const char *rule)
{
	int k = 0;

	for (int i = 0; i < nfound; i++)
		k += strcmp(found[i].rule, rule) == 0;
	return k;
}

/* The one finding of a rule: its line (fails when there is not exactly one). */
static long line_of(const char *rule)
{
	int at = -1;

	for (int i = 0; i < nfound; i++)
		if (strcmp(found[i].rule, rule) == 0) {
			if (at >= 0)
				fail_msg("more than one '%s' finding", rule);
			at = i;
		}
	if (at < 0)
		fail_msg("no '%s' finding", rule);
	return found[at].line;
}

/* ---- inputs written to a private folder ---- */

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/hz-test-reader-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *put_file(const char *name, const char *bytes, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* ---- everything one read gives ---- */

#define MAXREC 64

struct got {
	hz_record *rec[MAXREC];
	int n;
	hz_read_status status;
	hz_source_info info;
	long encoding_errors;
	char *data; /* the input's bytes (decoded), for the spans */
	size_t len;
};

static struct got G;

static void got_free(void)
{
	for (int i = 0; i < G.n; i++)
		hz_record_free(G.rec[i]);
	G.n = 0;
}

static void read_with(const char *name, const char *bytes, size_t n, const hz_read_opts *o)
{
	hz_diag d;

	got_free();
	nfound = 0;
	hz_diag_init(&d, "test");
	d.out = NULL;
	d.hook = collect;
	free(G.data);
	G.data = malloc(n + 1);
	assert_non_null(G.data);
	memcpy(G.data, bytes, n);
	G.len = n;
	hz_reader *r = hz_reader_open(put_file(name, bytes, n), o, &d);
	hz_record *rec;
	while ((rec = hz_reader_next(r))) {
		if (G.n == MAXREC)
			fail_msg("too many records");
		G.rec[G.n] = hz_record_copy(rec);
		/* place.file belongs to the reader */
		G.rec[G.n]->place.file = NULL;
		G.n++;
	}
	G.status = hz_reader_status(r);
	G.info = *hz_reader_info(r);
	G.encoding_errors = hz_reader_encoding_errors(r);
	hz_reader_close(r);
}

static void read_opts(const char *name, const char *text, const hz_read_opts *o)
{
	read_with(name, text, strlen(text), o);
}

static void read_text(const char *name, const char *text)
{
	hz_read_opts o;

	hz_read_opts_init(&o);
	o.header_rules = true;
	read_with(name, text, strlen(text), &o);
}

static void expect_cell(int i, hz_key k, const char *want)
{
	assert_true(i < G.n);
	hz_str v = hz_get(G.rec[i], k);
	if (!want) {
		if (v.s)
			fail_msg("record %d: %s should be absent, is '%.*s'", i + 1, hz_key_name(k),
			         (int)v.n, v.s);
		return;
	}
	if (!v.s || v.n != strlen(want) || memcmp(v.s, want, v.n) != 0)
		fail_msg("record %d: %s is '%.*s', want '%s'", i + 1, hz_key_name(k), (int)v.n,
		         v.s ? v.s : "(absent)", want);
}

static void expect_place(int i, long line, long record)
{
	assert_true(i < G.n);
	if (G.rec[i]->place.line != line || G.rec[i]->place.record != record)
		fail_msg("record %d at line %ld, record %ld; want line %ld, record %ld", i + 1,
		         G.rec[i]->place.line, G.rec[i]->place.record, line, record);
}

/* The raw bytes of record i are exactly want. */
static void expect_span(int i, const char *want)
{
	const hz_place *p = &G.rec[i]->place;

	assert_true(p->begin >= 0 && p->end >= p->begin && (size_t)p->end <= G.len);
	size_t n = (size_t)(p->end - p->begin);
	if (n != strlen(want) || memcmp(G.data + p->begin, want, n) != 0)
		fail_msg("record %d spans '%.*s', want '%s'", i + 1, (int)n, G.data + p->begin,
		         want);
}

#define HDR "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段"
#define ROW "消防,堵塞通道,县区,清理,2023-05-01,2023-06-01,某酒店,未整改"
#define HDR_TAB                                                                                    \
	"序号\t专题领域\t重大隐患\t涉及层面\t整改措施\t检查日期\t计划整改时限\t责任单位\t整改阶段"
#define ROW_TAB "消防\t堵塞通道\t县区\t清理\t2023-05-01\t2023-06-01\t某酒店\t未整改"

/* ---- CSV: layout of the file ---- */

static void test_plain(void **state)
{
	(void)state;
	read_text("a.csv", HDR "\n1," ROW "\n2," ROW "\n");
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(G.n, 2);
	assert_int_equal(G.rec[0]->schema->type, HZ_HAZARD);
	assert_int_equal(G.rec[0]->ncells, 9);
	expect_cell(0, HZ_K_ID, "1");
	expect_cell(1, HZ_K_ID, "2");
	expect_cell(0, HZ_K_UNIT, "某酒店");
	expect_cell(0, HZ_K_STAGE, "未整改");
	expect_cell(0, HZ_K_OWNER, NULL);
	expect_place(0, 2, 1);
	expect_place(1, 3, 2);
	assert_false(G.info.bom);
	assert_false(G.info.crlf);
	assert_true(G.info.final_newline);
	assert_int_equal(G.info.header_line, 1);
	assert_int_equal(G.info.lines, 3);
	assert_int_equal(G.info.format, HZ_FMT_CSV);
	/* the header lacks the extension columns: one warning, at the header */
	assert_int_equal(count_rule("header-extension"), 1);
	assert_int_equal(line_of("header-extension"), 1);
	assert_int_equal(nfound, 1);
}

static void test_bom_crlf(void **state)
{
	(void)state;
	read_text("a.csv", "\xEF\xBB\xBF" HDR "\r\n1," ROW "\r\n2," ROW "\r\n");
	assert_int_equal(G.n, 2);
	assert_true(G.info.bom);
	assert_true(G.info.crlf);
	/* the BOM is not part of the first header cell's match, nor CR of the last cell */
	assert_int_equal(G.rec[0]->schema->col[HZ_K_ID], 0);
	expect_cell(0, HZ_K_ID, "1");
	expect_cell(0, HZ_K_STAGE, "未整改");
	expect_place(0, 2, 1);
	expect_place(1, 3, 2);
	/* spans are offsets in the file, BOM included, line end included */
	expect_span(0, "1," ROW "\r\n");
	expect_span(1, "2," ROW "\r\n");
}

static void test_lone_cr(void **state)
{
	(void)state;
	read_text("a.csv", HDR
	          "\r1," ROW
	          "\r\r2,消防,\"两行\r文字\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\r3," ROW
	          "\r");
	assert_int_equal(G.n, 3);
	expect_place(0, 2, 1);
	expect_place(1, 4, 2);
	expect_cell(1, HZ_K_HAZARD, "两行\r文字");
	expect_place(2, 6, 3);
	expect_cell(2, HZ_K_STAGE, "未整改");
	assert_int_equal(G.info.lines, 6);
}

/* Excel: rows end in CRLF, Alt+Enter inside a cell is a bare LF. */
static void test_lf_in_cell_crlf_file(void **state)
{
	const char *text = HDR
	        ",整改进展,整改进展时间\r\n"
	        "1,消防,\"一层\n二层\",县区,清理,2023-05-01,2023-06-01,某酒店,整改中,\"已清理一层\n已清理二层\",\"2023-05-02\n2023-05-03\"\r\n"
	        "2,消防,\"CRLF\r\n在格内\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改,,\r\n"
	        "3," ROW ",,\r\n";

	(void)state;
	read_text("a.csv", text);
	assert_int_equal(G.n, 3);
	expect_place(0, 2, 1);
	expect_cell(0, HZ_K_HAZARD, "一层\n二层");
	expect_cell(0, HZ_K_PROGRESS, "已清理一层\n已清理二层");
	expect_cell(0, HZ_K_PROGRESS_DATE, "2023-05-02\n2023-05-03");
	expect_cell(0, HZ_K_STAGE, "整改中");
	/* three line ends inside record 1's cells: lines 2-5 */
	expect_place(1, 6, 2);
	expect_cell(1, HZ_K_HAZARD, "CRLF\r\n在格内");
	expect_place(2, 8, 3);
	assert_int_equal(G.info.lines, 8);
	expect_span(
	        1, "2,消防,\"CRLF\r\n在格内\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改,,\r\n");
}

static void test_spans(void **state)
{
	(void)state;
	read_text("a.csv",
	          HDR "\n1," ROW
	              "\n\n2,消防,\"a\nb\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n3," ROW);
	assert_int_equal(G.n, 3);
	expect_span(0, "1," ROW "\n");
	expect_span(1, "2,消防,\"a\nb\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n");
	expect_span(2, "3," ROW); /* no final newline */
	expect_place(2, 6, 3);
	assert_false(G.info.final_newline);
	assert_int_equal(G.info.lines, 6);
}

static void test_preamble_reporter(void **state)
{
	const char *text = "附件2,,,,,,,,\n"
	                   "重大事故隐患清单,,,,,,,,\n"
	                   "填报单位：公园社区,,,,,,,,\n" HDR "\n"
	                   "1," ROW "\n";

	(void)state;
	read_text("a.csv", text);
	assert_int_equal(G.n, 1);
	assert_int_equal(G.info.header_line, 4);
	expect_place(0, 5, 1);
	expect_cell(0, HZ_K_REPORTER, "公园社区");
	assert_int_equal(nfound, 1); /* header-extension only */

	/* half-width colon, the name in the next cell, and a column that wins when filled */
	read_text("b.csv",
	          "填报单位:,东湖社区\n" HDR ",填报单位\n1," ROW ",\n2," ROW ",西湖社区\n");
	assert_int_equal(G.n, 2);
	expect_cell(0, HZ_K_REPORTER, "东湖社区");
	expect_cell(1, HZ_K_REPORTER, "西湖社区");

	/* no preamble: no reporter */
	read_text("c.csv", HDR "\n1," ROW "\n");
	expect_cell(0, HZ_K_REPORTER, NULL);
}

static void test_header_matching(void **state)
{
	(void)state;
	/* English keys, any case, spaces around */
	read_text("a.csv",
	          " ID ,Domain,HAZARD,level,measures,check_date,deadline,unit,stage,funds\n"
	          "1," ROW ",0.5\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_HAZARD);
	expect_cell(0, HZ_K_ID, "1");
	expect_cell(0, HZ_K_FUNDS, "0.5");
	assert_int_equal(count_rule("header-unknown"), 0);
	assert_int_equal(count_rule("header-missing"), 0);

	/* aliases, and half-width brackets for full-width ones */
	read_text(
	        "b.csv",
	        "编号,领域,隐患内容,层面,整改措施,排查日期,整改期限,责任单位,整改状态,整改资金(万元),来源,完成时间,延期时限\n"
	        "1," ROW ",0.5,企业自查,,\n");
	assert_int_equal(G.n, 1);
	const hz_schema *s = G.rec[0]->schema;
	assert_int_equal(s->type, HZ_HAZARD);
	assert_int_equal(s->col[HZ_K_ID], 0);
	assert_int_equal(s->col[HZ_K_DOMAIN], 1);
	assert_int_equal(s->col[HZ_K_HAZARD], 2);
	assert_int_equal(s->col[HZ_K_CHECK_DATE], 5);
	assert_int_equal(s->col[HZ_K_DEADLINE], 6);
	assert_int_equal(s->col[HZ_K_STAGE], 8);
	assert_int_equal(s->col[HZ_K_FUNDS], 9);
	assert_int_equal(s->col[HZ_K_SOURCE], 10);
	assert_int_equal(s->col[HZ_K_DONE_DATE], 11);
	assert_int_equal(s->col[HZ_K_EXTENSION], 12);
	expect_cell(0, HZ_K_SOURCE, "企业自查");
	/* the header cells are kept as read */
	assert_string_equal(s->names[9], "整改资金(万元)");

	/* an unknown column is kept, with a warning; a duplicate is an error */
	read_text("c.csv", HDR ",说明,序号\n1," ROW ",自定义,9\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->ncells, 11);
	assert_string_equal(G.rec[0]->schema->names[9], "说明");
	assert_int_equal(G.rec[0]->schema->keys[9], HZ_K_NONE);
	assert_int_equal(G.rec[0]->schema->keys[10], HZ_K_NONE);
	assert_string_equal(G.rec[0]->cells[9].s, "自定义");
	expect_cell(0, HZ_K_ID, "1");
	assert_int_equal(count_rule("header-unknown"), 1);
	assert_int_equal(count_rule("header-duplicate"), 1);
	assert_int_equal(line_of("header-duplicate"), 1);

	/* a required column missing */
	read_text(
	        "d.csv",
	        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位\n1,消防,a,市,b,2023-01-01,2023-02-01,c\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(count_rule("header-missing"), 1);
	assert_string_equal(found[0].field, "stage");
}

static void test_type_from_header(void **state)
{
	(void)state;
	read_text("a.csv",
	          "检查日期,企业名称,检查部门,无证上岗\n2023-05-01,某超市,消防救援站,是\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_CHECK);
	expect_cell(0, HZ_K_UNLICENSED_WORK, "是");

	read_text("b.csv", "日期,事项,数量,金额\n2023-05-01,3.1,2,\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_ACTIVITY);
	expect_cell(0, HZ_K_ITEM, "3.1");

	read_text("c.csv", "序号,单位名字,类型\n1,某酒店,住宿业\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_ROSTER);
	expect_cell(0, HZ_K_INDUSTRY, "住宿业");
	assert_int_equal(nfound, 0);
}

static void test_forced_type(void **state)
{
	hz_read_opts o;

	(void)state;
	hz_read_opts_init(&o);
	o.type = HZ_ROSTER;
	/* one known column is enough when the type is given */
	read_opts("a.csv", "单位名称\n某酒店\n某超市\n", &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(G.n, 2);
	assert_int_equal(G.rec[0]->schema->type, HZ_ROSTER);
	expect_cell(1, HZ_K_ENTERPRISE, "某超市");
	expect_place(1, 3, 2);

	/* without it the same file has no header */
	hz_read_opts_init(&o);
	read_opts("b.csv", "单位名称\n某酒店\n", &o);
	assert_int_equal(G.n, 0);
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(count_rule("no-header"), 1);
}

static void test_template_rows(void **state)
{
	const char *text = HDR "\n"
	                       "1," ROW "\n"
	                       "2,,,,,,,,\n"
	                       "3,,, ,,,　,,\n"
	                       ",,,,,,,,\n"
	                       "\n"
	                       "4," ROW "\n"
	                       "5\n";

	(void)state;
	read_text("a.csv", text);
	assert_int_equal(G.n, 2);
	expect_place(0, 2, 1);
	expect_cell(1, HZ_K_ID, "4");
	expect_place(1, 7, 2);       /* skipped rows are not numbered */
	assert_int_equal(nfound, 1); /* header-extension only: no word about them */

	/* a row with anything else filled is a record (and then fails its rules) */
	read_text("b.csv", HDR "\n1,消防,,,,,,,\n");
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_DOMAIN, "消防");
}

static void test_footer(void **state)
{
	static const char *const marks[] = {
		"填报说明：1.涉及层面填市或县区",
		"审核人：王五",
		"填表人：李四",
		"注：本表每月报送",
	};
	char text[1024];

	(void)state;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		snprintf(text, sizeof text, HDR "\n1," ROW "\n,%s,,,,,,,\n2," ROW "\n3,,,,,,,,\n",
		         marks[i]);
		read_text("a.csv", text);
		if (G.n != 1)
			fail_msg("footer '%s': %d records, want 1", marks[i], G.n);
		assert_int_equal(nfound, 1);
	}
	/* a mark that is not at the start of the row's first cell is data */
	read_text("b.csv",
	          HDR "\n1,消防,填报说明不清,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n2," ROW
	              "\n");
	assert_int_equal(G.n, 2);
}

static void test_short_and_long_rows(void **state)
{
	(void)state;
	read_text("a.csv", HDR ",备注\n1,消防,堵塞\n2," ROW ",,\n3," ROW ",,,x\n4," ROW ",,,\n");
	assert_int_equal(G.n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(G.rec[i]->ncells, 10);
	expect_cell(0, HZ_K_HAZARD, "堵塞");
	expect_cell(0, HZ_K_STAGE, ""); /* present, empty */
	expect_cell(0, HZ_K_REMARKS, "");
	assert_int_equal(G.rec[0]->flags, 0);
	assert_int_equal(G.rec[1]->flags, 0);
	assert_int_equal(G.rec[2]->flags, HZ_R_TOO_MANY_CELLS);
	assert_int_equal(G.rec[3]->flags, 0); /* empty cells beyond are fine */
	assert_int_equal(count_rule("too-many-cells"), 1);
	assert_int_equal(line_of("too-many-cells"), 4);
	for (int i = 0; i < nfound; i++)
		if (strcmp(found[i].rule, "too-many-cells") == 0)
			assert_int_equal(found[i].record, 3);
}

static void test_spaces_kept(void **state)
{
	(void)state;
	read_text(
	        "a.csv", HDR
	        "\n 1 ,消防 ,  堵塞 通道　, 县区,清理 ,2023-05-01 ,2023-06-01,\t某酒店\t,未整改 \n");
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ID, " 1 ");
	expect_cell(0, HZ_K_HAZARD, "  堵塞 通道　");
	expect_cell(0, HZ_K_UNIT, "\t某酒店\t");
	expect_cell(0, HZ_K_STAGE, "未整改 ");
	/* quoted cells too */
	read_text("b.csv", HDR "\n1,消防,\"  a  \",县区,清理,2023-05-01,2023-06-01,\" \",未整改\n");
	expect_cell(0, HZ_K_HAZARD, "  a  ");
	expect_cell(0, HZ_K_UNIT, " ");
}

static void test_lines_and_records(void **state)
{
	const char *text = "附件2\n"
	                   "\n" HDR "\n"
	                   "1,消防,\"三\n行\n文字\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n"
	                   "2,,,,,,,,\n"
	                   "3,消防,\"两\r\n行\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n"
	                   "\n"
	                   "4," ROW "\n";

	(void)state;
	read_text("a.csv", text);
	assert_int_equal(G.n, 3);
	assert_int_equal(G.info.header_line, 3);
	expect_place(0, 4, 1);
	expect_place(1, 8, 2);
	expect_place(2, 11, 3);
	assert_int_equal(G.info.lines, 11);
}

/* UTF-8 text in another encoding, through iconv (malloc'd). */
static char *encode(const char *to, const char *text, size_t *len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t in_left = strlen(text), out_left = in_left * 4 + 16;
	char *out = malloc(out_left), *src = (char *)text, *dst = out;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(out);
	assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(dst - out);
	return out;
}

/* Thousands of records across the reader's 64 KiB blocks: every line,
 * record number, span and cell exact, in UTF-8 and through iconv. */
static char *many_records(size_t *len, long *lines_out)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	long line = 2;

	assert_non_null(buf);
	n += (size_t)snprintf(buf, cap, "\xEF\xBB\xBF" HDR "\r\n");
	for (int i = 1; i <= 3000; i++) {
		if (i % 7 == 0) {
			n += (size_t)snprintf(
			        buf + n, cap - n,
			        "%d,消防,\"第%d条\r\n第二行\n第三行\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\r\n",
			        i, i);
			line += 3;
		} else {
			n += (size_t)snprintf(
			        buf + n, cap - n,
			        "%d,燃气,隐患%d,市,整改,2023-05-01,2023-06-01,某饭店,整改中\r\n", i,
			        i);
			line += 1;
		}
		assert_true(n + 256 < cap);
	}
	*len = n;
	*lines_out = line - 1;
	return buf;
}

/* Read every record: line, number, cells and span (in the decoded stream,
 * which is utf8) exact. Returns the count. */
static int many_pass(hz_reader *r, const char *utf8)
{
	hz_record *rec;
	char want[256];
	int id = 0;
	long line = 2;
	long long end = 3 + (long long)strlen(HDR "\r\n");

	while ((rec = hz_reader_next(r))) {
		id++;
		if (rec->place.record != id || rec->place.line != line)
			fail_msg("record %d at line %ld (record %ld), want line %ld", id,
			         rec->place.line, rec->place.record, line);
		snprintf(want, sizeof want, "%d", id);
		assert_true(hz_str_eq(hz_get(rec, HZ_K_ID), want));
		if (id % 7 == 0) {
			snprintf(want, sizeof want, "第%d条\r\n第二行\n第三行", id);
			assert_true(hz_str_eq(hz_get(rec, HZ_K_HAZARD), want));
			line += 3;
		} else {
			assert_true(hz_str_eq(hz_get(rec, HZ_K_STAGE), "整改中"));
			line += 1;
		}
		/* spans follow each other, from "ID," to the CRLF */
		assert_int_equal(rec->place.begin, end);
		snprintf(want, sizeof want, "%d,", id);
		assert_memory_equal(utf8 + rec->place.begin, want, strlen(want));
		assert_memory_equal(utf8 + rec->place.end - 2, "\r\n", 2);
		end = rec->place.end;
	}
	return id;
}

static void test_many_records(void **state)
{
	size_t n;
	long lines;
	char *text = many_records(&n, &lines);

	(void)state;
	/* UTF-8; GB18030 with -E gb18030; the same found by -E auto, whose
	 * 64 KiB sample ends inside a record */
	for (int enc = 0; enc < 3; enc++) {
		hz_read_opts o;
		hz_diag d;
		char *bytes = text;
		size_t len = n;

		hz_diag_init(&d, "test");
		d.out = NULL;
		hz_read_opts_init(&o);
		o.header_rules = true;
		if (enc) {
			bytes = encode("GB18030", text, &len);
			o.encoding = enc == 1 ? "gb18030" : NULL;
		}
		hz_reader *r = hz_reader_open(put_file("m.csv", bytes, len), &o, &d);
		assert_int_equal(many_pass(r, text), 3000);
		assert_int_equal(d.errors, 0);
		assert_int_equal(d.warnings, 1); /* header-extension */
		assert_int_equal(hz_reader_info(r)->lines, lines);
		assert_int_equal(hz_reader_info(r)->bytes, (long long)n);
		hz_reader_close(r);
		if (enc)
			free(bytes);
	}
	free(text);
}

/* A line end cut by the reader's 64 KiB block: CRLF, lone CR, and CRLF
 * inside a quoted cell, each placed around the boundary. */
static void test_block_boundary(void **state)
{
	static const char *const ends[] = { "\r\n", "\r", "\n" };
	size_t cap = 70000;
	char *text = malloc(cap);

	(void)state;
	assert_non_null(text);
	for (int e = 0; e < 3; e++) {
		for (int quoted = 0; quoted < 2; quoted++) {
			for (int delta = -2; delta <= 2; delta++) {
				const char *eol = ends[e];
				size_t n = (size_t)snprintf(text, cap, HDR "%s", eol);
				/* three rows of 20,000 characters, within the cell limit */
				for (int p = 0; p < 3; p++) {
					n += (size_t)snprintf(text + n, cap - n, "%d,消防,", p + 1);
					memset(text + n, 'p', 20000);
					n += 20000;
					n += (size_t)snprintf(
					        text + n, cap - n,
					        ",县区,清理,2023-05-01,2023-06-01,某酒店,未整改%s",
					        eol);
				}
				size_t start = n;
				n += (size_t)snprintf(text + n, cap - n, "4,消防,%s",
				                      quoted ? "\"" : "");
				/* the line end to place (inside the cell, or the row's) starts at `at` */
				size_t at = 65536 + (size_t)(delta + 2) - 2;
				memset(text + n, 'a', at - n);
				n = at;
				n += (size_t)snprintf(
				        text + n, cap - n,
				        "%s%s,县区,清理,2023-05-01,2023-06-01,某酒店,未整改%s5," ROW
				        "%s",
				        quoted ? eol : "", quoted ? "b\"" : "", eol, eol);
				read_with("b.csv", text, n,
				          &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
				if (G.n != 5 || nfound != 0)
					fail_msg(
					        "eol %d quoted %d delta %d: %d records, %d findings",
					        e, quoted, delta, G.n, nfound);
				expect_place(3, 5, 4);
				expect_place(4, quoted ? 7 : 6, 5);
				expect_cell(3, HZ_K_STAGE, "未整改");
				expect_cell(4, HZ_K_STAGE, "未整改");
				hz_str h = hz_get(G.rec[3], HZ_K_HAZARD);
				size_t want = at - start - strlen("4,消防,") - (size_t)quoted;
				if (quoted)
					want += strlen(eol) + 1;
				assert_int_equal(h.n, want);
				assert_int_equal(G.info.lines, quoted ? 7 : 6);
			}
		}
	}
	free(text);
}

static void test_tsv(void **state)
{
	hz_read_opts o;

	(void)state;
	read_text(
	        "a.tsv",
	        "序号\t专题领域\t重大隐患\t涉及层面\t整改措施\t检查日期\t计划整改时限\t责任单位\t整改阶段\n"
	        "1\t消防\t\"a,b\"\"c\"\"\"\t县区\t清理\t2023-05-01\t2023-06-01\t某酒店\t未整改\n");
	assert_int_equal(G.info.format, HZ_FMT_TSV);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_HAZARD, "a,b\"c\"");
	expect_cell(0, HZ_K_STAGE, "未整改");

	/* -i tsv on a file with another name */
	hz_read_opts_init(&o);
	o.format = HZ_FMT_TSV;
	read_opts("b.txt", "日期\t事项\t数量\n2023-05-01\t3.1\t2\n", &o);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_COUNT, "2");
}

/* ---- encodings ---- */

static void test_gb18030(void **state)
{
	size_t n;
	char *gb = encode(
	        "GB18030",
	        HDR "\r\n1,消防,\"堵\r\n塞\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\r\n"
	            "2," ROW "\r\n",
	        &n);
	hz_read_opts o;

	(void)state;
	hz_read_opts_init(&o);
	o.encoding = "gb18030";
	read_with("a.csv", gb, n, &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(G.n, 2);
	assert_int_equal(G.encoding_errors, 0);
	assert_int_equal(nfound, 0);
	expect_cell(0, HZ_K_DOMAIN, "消防");
	expect_cell(0, HZ_K_HAZARD, "堵\r\n塞");
	expect_cell(0, HZ_K_UNIT, "某酒店");
	expect_cell(1, HZ_K_STAGE, "未整改");
	expect_place(0, 2, 1);
	expect_place(1, 4, 2);

	/* the same bytes without -E: -E auto finds GB18030, same records */
	hz_read_opts_init(&o);
	read_with("b.csv", gb, n, &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(G.n, 2);
	assert_int_equal(nfound, 0);
	expect_cell(0, HZ_K_HAZARD, "堵\r\n塞");
	expect_cell(1, HZ_K_STAGE, "未整改");
	expect_place(1, 4, 2);
	assert_int_equal(G.rec[1]->place.row, 3); /* record 1's cell holds a line break */

	/* forced to UTF-8: encoding errors on the lines, suggesting -E gb18030 */
	hz_read_opts_init(&o);
	o.encoding = "UTF-8";
	o.type = HZ_HAZARD;
	read_with("b.csv", gb, n, &o);
	free(gb);
	assert_true(G.encoding_errors > 0);
	assert_true(count_rule("encoding") > 0);
	assert_int_equal(found[0].line, 1);

	/* an unknown encoding is an io error */
	hz_read_opts_init(&o);
	o.encoding = "no-such-encoding";
	read_with("c.csv", "x\n", 2, &o);
	assert_int_equal(G.status, HZ_READ_IO);
	assert_int_equal(count_rule("io"), 1);
	assert_int_equal(found[0].sev, HZ_FATAL);
}

/* The bad bytes of a record are found (and their line told) the same
 * whether the fast scanner checked the row's bytes or the record's cells
 * are checked afterwards, as every row libcsv reads is. */
static void test_bad_bytes(void **state)
{
	static const char text[] =
	        HDR "\n"
	            "1," ROW "\n"
	            "2,消防,\"堵\n塞\xFF\",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n"
	            "3,消防,a\0b,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n"
	            "4,消防,\xE6\xB6,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n"
	            "5," ROW "\n"
	            "6,消防,清理,县区,清理,2023-05-01,2023-06-01,某酒店,\"未\r\n整改\xC0\"\n"
	            "7,消防,清理,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\0\n"
	            "\xED\xA0\x80"
	            "8," ROW "\n";

	(void)state;
	for (int way = 0; way < 2; way++) {
		if (way == 1)
			setenv("HZ_CSV_SCANNER", "libcsv", 1);
		read_with("a.csv", text, sizeof text - 1,
		          &(hz_read_opts){ .format = HZ_FMT_AUTO, .type = HZ_TYPE_UNKNOWN });
		unsetenv("HZ_CSV_SCANNER");
		assert_int_equal(G.n, 8);
		assert_int_equal(G.rec[0]->flags, 0);
		/* still records, the bad bytes read as U+FFFD */
		expect_cell(1, HZ_K_HAZARD, "堵\n塞\xEF\xBF\xBD");
		assert_int_equal(G.rec[1]->flags, HZ_R_BAD_BYTES);
		expect_cell(2, HZ_K_HAZARD,
		            "a\xEF\xBF\xBD"
		            "b");
		assert_int_equal(G.rec[2]->flags, HZ_R_BAD_BYTES);
		/* a cut sequence: each bad byte is one U+FFFD */
		expect_cell(3, HZ_K_HAZARD, "\xEF\xBF\xBD\xEF\xBF\xBD");
		expect_cell(3, HZ_K_LEVEL, "县区");
		expect_place(1, 3, 2);
		expect_place(2, 5, 3);
		expect_place(3, 6, 4);
		expect_place(4, 7, 5);
		assert_int_equal(G.rec[4]->flags, 0);
		/* in the last cell, after a line end; a NUL last; a surrogate first */
		expect_cell(5, HZ_K_HAZARD, "清理");
		expect_cell(5, HZ_K_STAGE, "未\r\n整改\xEF\xBF\xBD");
		expect_cell(6, HZ_K_STAGE, "未整改\xEF\xBF\xBD");
		expect_cell(7, HZ_K_HAZARD, "堵塞通道");
		assert_string_equal(G.rec[7]->cells[0].s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
		                                          "8");
		for (int i = 5; i < 8; i++)
			assert_int_equal(G.rec[i]->flags, HZ_R_BAD_BYTES);
		/* one finding each, on the line of the bad byte */
		assert_int_equal(count_rule("encoding"), 6);
		assert_int_equal(nfound, 6);
		assert_int_equal(found[0].line, 4);
		assert_int_equal(found[1].line, 5);
		assert_int_equal(found[2].line, 6);
		assert_int_equal(found[3].line, 9);
		assert_int_equal(found[4].line, 10);
		assert_int_equal(found[5].line, 11);
		assert_int_equal(G.encoding_errors, 6);
	}
}

static void test_utf16(void **state)
{
	/* 序号,\n without a BOM, little- and big-endian */
	static const char le[] = "\x8F\x5E\xF7\x53\x2C\x00\x0A\x00";
	static const char be[] = "\x5E\x8F\x53\xF7\x00\x2C\x00\x0A";
	static const char roster[] = "\xFF\xFE"
	                             "\x55\x53\x4D\x4F\x0D\x54\x57\x5B\x0A\x00" /* 单位名字\n */
	                             "\xD0\x67\x52\x91\x97\x5E\x0A\x00";        /* 某酒店\n */
	hz_read_opts o;

	(void)state;
	/* without a BOM: one encoding finding, the file skipped */
	read_with("a.csv", le, sizeof le - 1, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(G.n, 0);
	assert_int_equal(nfound, 1);
	assert_string_equal(found[0].rule, "encoding");
	assert_int_equal(found[0].line, 1);
	assert_int_equal(found[0].sev, HZ_ERROR);

	read_with("b.jsonl", be, sizeof be - 1, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(nfound, 1);
	assert_int_equal(line_of("encoding"), 1);

	/* with a BOM, -E auto reads it */
	hz_read_opts_init(&o);
	o.type = HZ_ROSTER;
	read_with("c.csv", roster, sizeof roster - 1, &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(nfound, 0);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ENTERPRISE, "某酒店");

	/* and so does -E UTF-16 */
	o.encoding = "UTF-16";
	read_with("c.csv", roster, sizeof roster - 1, &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(nfound, 0);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ENTERPRISE, "某酒店");

	/* Excel's "Unicode 文本": UTF-16LE with a BOM, tabs, CRLF, a .txt */
	size_t n;
	char *text = encode("UTF-16LE",
	                    "\xEF\xBB\xBF" HDR_TAB "\r\n1\t" ROW_TAB "\r\n2\t" ROW_TAB "\r\n", &n);
	hz_read_opts_init(&o);
	read_with("unicode.txt", text, n, &o);
	free(text);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(G.info.format, HZ_FMT_TSV);
	assert_int_equal(nfound, 0);
	assert_int_equal(G.n, 2);
	expect_cell(1, HZ_K_UNIT, "某酒店");
	expect_place(1, 3, 2);
}

/* ---- broken CSV ---- */

static void test_stray_quote(void **state)
{
	(void)state;
	read_text("a.csv", HDR
	          "\n1," ROW "\n2,消防,堵\"塞,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n3," ROW
	          "\n4," ROW "\n");
	assert_int_equal(G.n, 3);
	expect_cell(0, HZ_K_ID, "1");
	expect_cell(1, HZ_K_ID, "3");
	expect_place(1, 4, 2);
	expect_place(2, 5, 3);
	assert_int_equal(line_of("csv-syntax"), 3);
	/* text after a closing quote */
	read_text("b.csv", HDR
	          "\n1,消防,\"堵\"塞,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n2," ROW "\n");
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ID, "2");
	assert_int_equal(line_of("csv-syntax"), 2);
	/* a stray quote in a later line of a multi-line record: reported where it starts */
	read_text("c.csv", HDR
	          "\n1,消防,\"a\nb\" c,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n2," ROW "\n");
	/* reading goes on with the record's second line, itself broken */
	assert_int_equal(count_rule("csv-syntax"), 2);
	assert_int_equal(found[nfound - 2].line, 2);
	assert_int_equal(found[nfound - 1].line, 3);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ID, "2");
	expect_place(0, 4, 1);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	/* at the end of the file */
	read_text("a.csv", HDR "\n1," ROW "\n2," ROW "\n3,消防,\"堵塞,县区\n");
	assert_int_equal(G.n, 2);
	assert_int_equal(line_of("csv-syntax"), 4);
	/* in the middle: the rest of the file is one open quote; the records
	 * after the broken one's first line are read again, not swallowed */
	read_text("b.csv",
	          HDR "\r\n1," ROW
	              "\r\n2,消防,\"堵塞,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\r\n3," ROW
	              "\r\n4," ROW "\r\n");
	assert_int_equal(line_of("csv-syntax"), 3);
	assert_int_equal(G.n, 3);
	expect_cell(1, HZ_K_ID, "3");
	expect_cell(2, HZ_K_ID, "4");
	expect_place(1, 4, 2);
	expect_place(2, 5, 3);
	expect_cell(2, HZ_K_STAGE, "未整改");
	expect_span(1, "3," ROW "\r\n");
	/* the quote closes much later, with text after it: still the line it starts on */
	read_text("c.csv", HDR "\n1,消防,\"堵塞,县区\n2," ROW "\n3,\"x\"y," ROW "\n4," ROW "\n");
	assert_int_equal(count_rule("csv-syntax"), 2);
	assert_int_equal(found[nfound - 2].line, 2);
	assert_int_equal(found[nfound - 1].line, 4);
	assert_int_equal(G.n, 2);
	expect_cell(0, HZ_K_ID, "2");
	expect_place(0, 3, 1);
	expect_cell(1, HZ_K_ID, "4");
	expect_place(1, 5, 2);
}

/* An open quote with more after it than the reader keeps in memory: the
 * file is read again from the broken record's second line (by seeking),
 * so not one record after it is swallowed. */
static void test_unterminated_far(void **state)
{
	size_t cap = 12u << 20, n = 0;
	char *text = malloc(cap);
	hz_diag d;
	hz_read_opts o;
	int rows = 0;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text, cap, HDR "\r\n1," ROW "\r\n2,消防,\"未闭合,县区\r\n");
	while (n < (10u << 20)) {
		rows++;
		n += (size_t)snprintf(
		        text + n, cap - n,
		        "%d,消防,通道堆物第%d处,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\r\n",
		        rows + 2, rows + 2);
	}
	nfound = 0;
	hz_diag_init(&d, "test");
	d.out = NULL;
	d.hook = collect;
	hz_read_opts_init(&o);
	hz_reader *r = hz_reader_open(put_file("far.csv", text, n), &o, &d);
	free(text);
	hz_record *rec;
	long count = 0;
	while ((rec = hz_reader_next(r))) {
		count++;
		if (count == 1)
			continue;
		/* record k (k >= 2) is row k + 1, on line k + 2 */
		if (rec->place.line != count + 2 || rec->place.record != count)
			fail_msg("record %ld at line %ld, want %ld", count, rec->place.line,
			         count + 2);
	}
	assert_int_equal(count, rows + 1);
	assert_int_equal(hz_reader_info(r)->lines, rows + 3);
	hz_reader_close(r);
	assert_int_equal(nfound, 1);
	assert_string_equal(found[0].rule, "csv-syntax");
	assert_int_equal(found[0].line, 3);
}

static char *long_cell_file(bool quoted, size_t *len)
{
	size_t cell = 40000;
	size_t cap = cell + 1024;
	char *buf = malloc(cap);
	int k;

	assert_non_null(buf);
	k = snprintf(buf, cap, HDR "\n1," ROW "\n2,消防,%s", quoted ? "\"" : "");
	memset(buf + k, 'a', cell);
	k += (int)cell;
	k += snprintf(buf + k, cap - (size_t)k,
	              "%s,县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n3," ROW "\n",
	              quoted ? "\n\"\"b\"" : "");
	*len = (size_t)k;
	return buf;
}

static void test_cell_too_long(void **state)
{
	size_t n;
	char *text;

	(void)state;
	for (int quoted = 0; quoted < 2; quoted++) {
		text = long_cell_file(quoted, &n);
		read_with("a.csv", text, n, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
		free(text);
		assert_int_equal(G.n, 2);
		assert_int_equal(line_of("cell-too-long"), 3);
		assert_int_equal(found[0].record, 0);
		expect_cell(1, HZ_K_ID, "3");
		/* the dropped record is not numbered */
		expect_place(1, quoted ? 5 : 4, 2);
		expect_cell(1, HZ_K_STAGE, "未整改");
		assert_int_equal(nfound, 1);
	}
	/* 32,767 characters (three bytes each) is within the limit */
	size_t cap = 32767 * 3 + 512;
	text = malloc(cap);
	assert_non_null(text);
	int k = snprintf(text, cap, HDR "\n1,消防,");
	for (int i = 0; i < 32767; i++, k += 3)
		memcpy(text + k, "隐", 3);
	k += snprintf(text + k, cap - (size_t)k,
	              ",县区,清理,2023-05-01,2023-06-01,某酒店,未整改\n");
	read_with("b.csv", text, (size_t)k, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	free(text);
	assert_int_equal(nfound, 0);
	assert_int_equal(G.n, 1);
	assert_int_equal(hz_get(G.rec[0], HZ_K_HAZARD).n, 32767 * 3);
}

static void test_no_header(void **state)
{
	char text[1024] = "";

	(void)state;
	/* none in the first 10 rows: the header on row 11 is too late */
	for (int i = 0; i < 10; i++)
		strcat(text, "标题,,\n");
	strcat(text, HDR "\n1," ROW "\n");
	read_text("a.csv", text);
	assert_int_equal(G.n, 0);
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(line_of("no-header"), 1);
	assert_int_equal(nfound, 1);

	/* on row 10 it is found */
	text[0] = '\0';
	for (int i = 0; i < 9; i++)
		strcat(text, "标题,,\n");
	strcat(text, HDR "\n1," ROW "\n");
	read_text("b.csv", text);
	assert_int_equal(G.n, 1);
	expect_place(0, 11, 1);

	/* known fields, but no type can be told from them */
	read_text("c.csv", "检查日期,备注,填报单位\n2023-05-01,x,y\n");
	assert_int_equal(G.n, 0);
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(line_of("no-header"), 1);

	/* a short file with no header at all */
	read_text("d.csv", "a,b\n1,2\n");
	assert_int_equal(G.n, 0);
	assert_int_equal(G.status, HZ_READ_SKIPPED);
	assert_int_equal(count_rule("no-header"), 1);

	/* an empty file is no records and one empty-input warning, not no-header */
	read_text("e.csv", "");
	assert_int_equal(G.n, 0);
	assert_int_equal(nfound, 1);
	assert_int_equal(line_of("empty-input"), 1);
	assert_int_equal(found[0].sev, HZ_WARNING);
	assert_int_equal(G.status, HZ_READ_OK);
	/* so is a byte-order mark alone, UTF-8 or UTF-16, and as JSON Lines */
	read_text("f.csv", "\xEF\xBB\xBF");
	assert_int_equal(count_rule("empty-input"), 1);
	assert_int_equal(nfound, 1);
	read_with("g.csv", "\xFF\xFE", 2, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	assert_int_equal(count_rule("empty-input"), 1);
	assert_int_equal(nfound, 1);
	read_text("h.jsonl", "");
	assert_int_equal(count_rule("empty-input"), 1);
	/* a blank line is not empty: it has bytes (and no header) */
	read_text("i.csv", "\n");
	assert_int_equal(count_rule("empty-input"), 0);
}

static void test_passthrough(void **state)
{
	hz_read_opts o;

	(void)state;
	hz_read_opts_init(&o);
	o.passthrough = true;
	read_opts("a.csv", "name,value\n\"a,b\",1\n,\nc,2\n", &o);
	assert_int_equal(G.status, HZ_READ_OK);
	assert_int_equal(nfound, 0);
	assert_int_equal(G.n, 3);
	assert_int_equal(G.rec[0]->schema->type, HZ_TYPE_UNKNOWN);
	assert_int_equal(G.rec[0]->schema->ncols, 2);
	assert_string_equal(G.rec[0]->schema->names[0], "name");
	assert_string_equal(G.rec[0]->cells[0].s, "a,b");
	assert_string_equal(G.rec[1]->cells[0].s, ""); /* blank rows pass through */
	assert_string_equal(G.rec[2]->cells[1].s, "2");
	expect_place(0, 2, 1);
	expect_place(2, 4, 3);

	/* a real header is still found */
	read_opts("b.csv", "附件2\n" HDR "\n1," ROW "\n", &o);
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_HAZARD);
	expect_place(0, 3, 1);
}

/* "-" is standard input, called <stdin>; a header quoted all through is
 * noted for hz-add. */
static void test_stdin(void **state)
{
	hz_diag d;
	hz_read_opts o;
	const char *text = "\"序号\",\"单位名字\",\"类型\"\r\n\"1\",\"某酒店\",\"住宿业\"\r\n";

	(void)state;
	nfound = 0;
	hz_diag_init(&d, "test");
	d.out = NULL;
	d.hook = collect;
	hz_read_opts_init(&o);
	assert_non_null(freopen(put_file("in.txt", text, strlen(text)), "r", stdin));
	hz_reader *r = hz_reader_open("-", &o, &d);
	assert_string_equal(hz_reader_name(r), "<stdin>");
	hz_record *rec = hz_reader_next(r);
	assert_non_null(rec);
	assert_string_equal(rec->place.file, "<stdin>");
	assert_true(hz_str_eq(hz_get(rec, HZ_K_ENTERPRISE), "某酒店"));
	assert_null(hz_reader_next(r));
	const hz_source_info *info = hz_reader_info(r);
	assert_true(info->quote_all);
	assert_true(info->crlf);
	assert_int_equal(info->format, HZ_FMT_CSV);
	assert_non_null(hz_reader_schema(r));
	assert_int_equal(hz_reader_schema(r)->type, HZ_ROSTER);
	hz_reader_close(r);
	assert_int_equal(nfound, 0);
}

static void test_missing_file(void **state)
{
	hz_diag d;
	char path[256];

	(void)state;
	nfound = 0;
	hz_diag_init(&d, "test");
	d.out = NULL;
	d.hook = collect;
	snprintf(path, sizeof path, "%s/no-such.csv", dir);
	hz_read_opts o;
	hz_read_opts_init(&o);
	hz_reader *r = hz_reader_open(path, &o, &d);
	assert_non_null(r);
	assert_int_equal(hz_reader_status(r), HZ_READ_IO);
	assert_null(hz_reader_next(r));
	hz_reader_close(r);
	assert_int_equal(nfound, 1);
	assert_string_equal(found[0].rule, "io");
	assert_int_equal(found[0].sev, HZ_FATAL);
	assert_int_equal(d.fatals, 1);
}

/* ---- JSON Lines ---- */

static void test_jsonl_types(void **state)
{
	const char *text =
	        "{\"type\":\"hazard\",\"id\":3,\"domain\":\"消防\",\"hazard\":\"堵塞\",\"funds\":0.5,\"listed\":true,\"stage\":\"未整改\"}\n"
	        "{\"type\":\"check\",\"check_date\":\"2023-05-01\",\"enterprise\":\"某超市\",\"no_drill\":true,\"no_study\":false}\n"
	        "{\"enterprise\":\"某酒店\",\"industry\":\"住宿业\"}\n"
	        "{\"date\":\"2023-05-01\",\"item\":\"3.1\",\"count\":2}\n";

	(void)state;
	read_text("a.jsonl", text);
	assert_int_equal(G.info.format, HZ_FMT_JSONL);
	assert_int_equal(G.n, 4);
	assert_int_equal(G.rec[0]->schema->type, HZ_HAZARD);
	expect_cell(0, HZ_K_ID, "3");
	expect_cell(0, HZ_K_FUNDS, "0.5");
	expect_cell(0, HZ_K_LISTED, "是");
	/* a record's columns are its keys: an absent extension key is an
	 * absent column, an absent key of the form's own an empty field */
	expect_cell(0, HZ_K_OWNER, NULL);
	assert_false(hz_has(G.rec[0], HZ_K_OWNER));
	expect_cell(0, HZ_K_MEASURES, "");
	assert_true(hz_has(G.rec[0], HZ_K_MEASURES));
	assert_int_equal(G.rec[1]->schema->type, HZ_CHECK);
	expect_cell(1, HZ_K_NO_DRILL, "是");
	expect_cell(1, HZ_K_NO_STUDY, "否");
	assert_int_equal(G.rec[2]->schema->type, HZ_ROSTER);
	assert_int_equal(G.rec[3]->schema->type, HZ_ACTIVITY);
	expect_cell(3, HZ_K_COUNT, "2");
	for (int i = 0; i < 4; i++)
		expect_place(i, i + 1, i + 1);
	/* as a CSV file without those columns: one header-extension, naming them */
	assert_int_equal(nfound, 1);
	assert_int_equal(line_of("header-extension"), 1);

	/* --type for objects that do not say */
	hz_read_opts o;
	hz_read_opts_init(&o);
	o.type = HZ_ROSTER;
	read_opts("b.jsonl", "{\"enterprise\":\"某酒店\"}\n", &o);
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_ROSTER);

	/* neither: the record is dropped with a finding on its line */
	read_text("c.jsonl",
	          "{\"enterprise\":\"某酒店\"}\n{\"type\":\"roster\",\"enterprise\":\"x\"}\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(line_of("json-syntax"), 1);
	expect_place(0, 2, 1);
}

static void test_jsonl_values(void **state)
{
	const char *text =
	        "{\"type\":\"hazard\",\"序号\":\"12\",\"专题领域\":\"消防\",\"整改资金（万元）\":\"1.50\",\"挂牌督办\":\"2023-06-01\","
	        "\"progress\":[{\"date\":\"2023-05-02\",\"text\":\"一\"},{\"date\":null,\"text\":\"二\"}],"
	        "\"自定义\":\"x\",\"数目\":7,\"备注\":null}\n";

	(void)state;
	read_text("a.jsonl", text);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ID, "12");
	expect_cell(0, HZ_K_DOMAIN, "消防");
	expect_cell(0, HZ_K_FUNDS, "1.50");
	expect_cell(0, HZ_K_LISTED, "2023-06-01");
	expect_cell(0, HZ_K_PROGRESS, "一\n二");
	/* two entries, the last without a date: still two lines of the cell */
	expect_cell(0, HZ_K_PROGRESS_DATE, "2023-05-02\n\n");
	assert_int_equal(hz_line_count(hz_get(G.rec[0], HZ_K_PROGRESS_DATE)), 2);
	expect_cell(0, HZ_K_REMARKS, "");
	/* unknown keys are kept, in order, after the type's fields (those of
	 * the form's own 13 and the extensions the record has) */
	const hz_schema *s = G.rec[0]->schema;
	size_t base = 13 + 2; /* 挂牌督办 and 整改资金 */
	assert_int_equal(s->ncols, base + 2);
	assert_string_equal(s->names[base], "自定义");
	assert_string_equal(s->names[base + 1], "数目");
	assert_string_equal(G.rec[0]->cells[base].s, "x");
	assert_string_equal(G.rec[0]->cells[base + 1].s, "7");
	assert_int_equal(count_rule("header-unknown"), 2);

	/* progress as plain strings; numbers with places */
	read_text(
	        "b.jsonl",
	        "{\"type\":\"activity\",\"date\":\"2023-05-01\",\"item\":\"4.5\",\"amount\":0.1,\"sub\":12.25}\n"
	        "{\"type\":\"hazard\",\"id\":1,\"progress\":[\"a\",\"b\"],\"funds\":3}\n");
	assert_int_equal(G.n, 2);
	expect_cell(0, HZ_K_AMOUNT, "0.1");
	expect_cell(0, HZ_K_SUB, "12.25");
	expect_cell(1, HZ_K_PROGRESS, "a\nb");
	expect_cell(1, HZ_K_FUNDS, "3");

	/* flags as strings, and as numbers */
	read_text(
	        "d.jsonl",
	        "{\"type\":\"check\",\"检查日期\":\"2023-05-01\",\"企业名称\":\"某超市\","
	        "\"no_study\":\"是\",\"no_drill\":1,\"unlicensed_work\":\"否\",\"no_duty_list\":0}\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(G.rec[0]->schema->type, HZ_CHECK);
	expect_cell(0, HZ_K_CHECK_DATE, "2023-05-01");
	expect_cell(0, HZ_K_ENTERPRISE, "某超市");
	expect_cell(0, HZ_K_NO_STUDY, "是");
	expect_cell(0, HZ_K_NO_DRILL, "1");
	expect_cell(0, HZ_K_UNLICENSED_WORK, "否");
	expect_cell(0, HZ_K_NO_DUTY_LIST, "0");

	/* a bad progress array drops the record */
	read_text(
	        "c.jsonl",
	        "{\"type\":\"hazard\",\"id\":1,\"progress\":[1]}\n{\"type\":\"hazard\",\"id\":2}\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(line_of("json-syntax"), 1);
	expect_cell(0, HZ_K_ID, "2");
}

static void test_jsonl_syntax(void **state)
{
	const char *text =
	        "{\"type\":\"hazard\",\"id\":1}\n"          /* 1 */
	        "{\"type\":\"hazard\",\"id\":2,\"id\":3}\n" /* 2 duplicate key */
	        "{\"type\":\"hazard\",\"id\":NaN}\n"        /* 3 */
	        "[1,2]\n"                                   /* 4 not an object */
	        "{\"type\":\"hazard\",\"id\":123456789012345678901234567890}\n" /* 5 too big */
	        "\n"                                                            /* 6 blank */
	        "   \r\n"                                                       /* 7 blank */
	        "{\"type\":\"hazard\",\"id\":4\n"                               /* 8 unclosed */
	        "\"x\"\n"                                                       /* 9 a string */
	        "{\"type\":\"hazard\",\"id\":5}\r\n";                           /* 10 */

	(void)state;
	read_text("a.jsonl", text);
	assert_int_equal(G.n, 2);
	expect_cell(0, HZ_K_ID, "1");
	expect_place(0, 1, 1);
	expect_cell(1, HZ_K_ID, "5");
	expect_place(1, 10, 2);
	assert_int_equal(count_rule("json-syntax"), 6);
	static const long lines[] = { 2, 3, 4, 5, 8, 9 };
	assert_string_equal(found[0].rule, "header-extension"); /* record 1 has no extension key */
	for (int i = 0; i < 6; i++) {
		assert_string_equal(found[i + 1].rule, "json-syntax");
		assert_int_equal(found[i + 1].line, lines[i]);
		assert_int_equal(found[i + 1].sev, HZ_ERROR);
	}

	/* invalid UTF-8 in a JSON line: an encoding error naming it */
	static const char bad[] = "{\"type\":\"roster\",\"enterprise\":\"\xFF\"}\n"
	                          "{\"type\":\"roster\",\"enterprise\":\"a\"}\n";
	read_with("b.jsonl", bad, sizeof bad - 1, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	assert_int_equal(line_of("encoding"), 1);
	assert_int_equal(nfound, 1);
	/* the record is still read, the byte as U+FFFD */
	assert_int_equal(G.n, 2);
	expect_cell(0, HZ_K_ENTERPRISE, "\xEF\xBF\xBD");
	assert_int_equal(G.rec[0]->flags, HZ_R_BAD_BYTES);
	expect_place(1, 2, 2);
	assert_int_equal(G.rec[1]->flags, 0);

	/* a NUL on the third line of an array element: named on its own line */
	static const char nul[] = "[\n{\"type\":\"roster\",\n\"enterprise\":\n\"a\0b\"}\n]\n";
	read_with("c.json", nul, sizeof nul - 1, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	assert_int_equal(line_of("encoding"), 4);
	assert_int_equal(G.n, 1);
	expect_place(0, 2, 1);
	expect_cell(0, HZ_K_ENTERPRISE,
	            "a\xEF\xBF\xBD"
	            "b");
}

static void test_json_array(void **state)
{
	const char *text = "[\n"
	                   "  {\n"
	                   "    \"type\": \"hazard\",\n"
	                   "    \"id\": 1,\n"
	                   "    \"hazard\": \"a]b}\\\"c\"\n"
	                   "  },\n"
	                   "  {\"type\": \"roster\", \"enterprise\": \"某酒店\"},\n"
	                   "\n"
	                   "  {\n"
	                   "    \"type\": \"activity\", \"item\": \"3.1\"\n"
	                   "  }\n"
	                   "]\n";

	(void)state;
	read_text("a.json", text);
	assert_int_equal(G.info.format, HZ_FMT_JSON);
	assert_int_equal(nfound, 1);
	assert_int_equal(count_rule("header-extension"), 1);
	assert_int_equal(G.n, 3);
	expect_place(0, 2, 1);
	expect_cell(0, HZ_K_HAZARD, "a]b}\"c");
	expect_place(1, 7, 2);
	expect_cell(1, HZ_K_ENTERPRISE, "某酒店");
	expect_place(2, 9, 3);
	expect_cell(2, HZ_K_ITEM, "3.1");

	/* by content, whatever the name */
	read_text("b.txt", " [{\"type\":\"roster\",\"enterprise\":\"x\"}]");
	assert_int_equal(G.info.format, HZ_FMT_JSON);
	assert_int_equal(G.n, 1);
	read_text("c", "{\"type\":\"roster\",\"enterprise\":\"x\"}");
	assert_int_equal(G.info.format, HZ_FMT_JSONL);
	assert_int_equal(G.n, 1);

	/* a bad element is reported on its first line, the next ones read */
	read_text(
	        "d.json",
	        "[\n{\"type\":\"hazard\",\n\"id\":1,\"id\":2},\n{\"type\":\"hazard\",\"id\":3}\n]\n");
	assert_int_equal(line_of("json-syntax"), 2);
	assert_int_equal(G.n, 1);
	expect_cell(0, HZ_K_ID, "3");
	expect_place(0, 4, 1);
}

/* A JSON array's own syntax (issue 10, F20 and F27): text after the ']'
 * and a ']' that never comes are json-syntax on their line, the records
 * before them kept; a .json file that begins with neither '[' nor '{' is
 * json-syntax and skipped, not read as no records at all. */
static void test_json_array_bounds(void **state)
{
	(void)state;
	read_text("e.json", "[{\"type\":\"hazard\",\"id\":1}]\n\nx\n");
	assert_int_equal(G.n, 1);
	assert_int_equal(line_of("json-syntax"), 3);
	assert_int_equal(G.status, HZ_READ_OK);

	read_text("f.json", "[{\"type\":\"hazard\",\"id\":1},\n{\"type\":\"hazard\",\"id\":2}\n");
	assert_int_equal(G.n, 2);
	assert_int_equal(line_of("json-syntax"), 3);

	/* a truncated last element, then no ']' */
	read_text("g.json", "[{\"type\":\"hazard\",\"id\":1},\n{\"type\":\"haz");
	assert_int_equal(G.n, 1);
	assert_int_equal(count_rule("json-syntax"), 2);

	read_text("h.json", "\n序号,重大隐患\n1,x\n");
	assert_int_equal(G.n, 0);
	assert_int_equal(line_of("json-syntax"), 2);
	assert_int_equal(G.status, HZ_READ_SKIPPED);

	/* what stays as it was: whitespace after ']', an empty file, an
	 * empty array, and '{' first read as JSON Lines */
	read_text("i.json", "[{\"type\":\"hazard\",\"id\":1}]\n \n");
	assert_int_equal(G.n, 1);
	assert_int_equal(count_rule("json-syntax"), 0);
	read_text("j.json", "");
	assert_int_equal(count_rule("json-syntax"), 0); /* empty-input says it */
	read_text("k.json", " [ ] ");
	assert_int_equal(count_rule("json-syntax"), 0);
	assert_int_equal(G.n, 0);
	read_text("l.json", "{\"type\":\"hazard\",\"id\":1}\n{\"type\":\"hazard\",\"id\":2}\n");
	assert_int_equal(G.info.format, HZ_FMT_JSONL);
	assert_int_equal(G.n, 2);
	assert_int_equal(count_rule("json-syntax"), 0);
}

/* Numbers in JSON become the cell text "%.4f" gives, trailing zeros cut,
 * or "%.17g" when that is not close: written here the slow way, for random
 * reals of every size, and compared with what the reader writes. */
static void test_json_number_text(void **state)
{
	enum { N = 60 };
	double vals[N];
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	unsigned seed = 5;
	hz_read_opts o;

	(void)state;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		double scale = pow(10.0, (int)((seed >> 16) % 16) - 5);
		seed = seed * 1103515245u + 12345u;
		double d =
		        ((seed >> 8) % 2000000) / 1000.0 * scale - (i % 3 == 0 ? 500 * scale : 0);
		if (i % 4 == 0)
			d = round(d * 10000.0) / 10000.0; /* 4 places, as typed */
		if (i == 0)
			d = -0.0;
		if (i == 1)
			d = -0.5;
		if (i == 2)
			d = 0.123400005;
		vals[i] = d;
		fprintf(m, "{\"type\":\"hazard\",\"id\":%d,\"funds\":%.17g%s}\n", i + 1, d,
		        d == floor(d) && fabs(d) < 1e15 ? ".0" : "");
	}
	fclose(m);
	hz_read_opts_init(&o);
	read_with("n.jsonl", text, len, &o);
	free(text);
	assert_int_equal(G.n, N);
	for (int i = 0; i < N; i++) {
		char want[64];
		double d = vals[i];
		snprintf(want, sizeof want, "%.4f", d);
		if (fabs(strtod(want, NULL) - d) > 1e-9 * fmax(1.0, fabs(d))) {
			snprintf(want, sizeof want, "%.17g", d);
		} else {
			char *dot = strchr(want, '.'), *end = want + strlen(want) - 1;
			while (end > dot && *end == '0')
				*end-- = '\0';
			if (end == dot)
				*end = '\0';
		}
		expect_cell(i, HZ_K_FUNDS, want);
	}
}

static void test_json_deep(void **state)
{
	size_t depth = 10000, n = 0;
	char *text = malloc(depth * 2 + 128);

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "{\"type\":\"hazard\",\"id\":1}\n{\"a\":");
	for (size_t i = 0; i < depth; i++)
		text[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		text[n++] = ']';
	n += (size_t)sprintf(text + n, "}\n{\"type\":\"hazard\",\"id\":2}\n");
	read_with("a.jsonl", text, n, &(hz_read_opts){ .type = HZ_TYPE_UNKNOWN });
	free(text);
	assert_int_equal(G.n, 2);
	assert_int_equal(line_of("json-syntax"), 2);
	expect_place(1, 3, 2);
}

/* A line without a quote is split by the reader itself, every other line
 * by libcsv: the two must give the same cells. Random quote-free lines are
 * read once as they are and once behind a quoted first cell, which sends
 * every line through libcsv. */
static void test_quote_free_lines_as_libcsv(void **state)
{
	static const char *const pieces[] = {
		"x", " ",   "\t",           ",",    ",,", "公园", "\xE3\x80\x80", "1.5",
		"",  "a b", "\xEF\xBC\x8C", "\xff", "'",
	};
	hz_read_opts o;
	char *plain = NULL, *quoted = NULL;
	size_t plain_len = 0, quoted_len = 0;
	unsigned seed = 12345;

	(void)state;
	hz_read_opts_init(&o);
	o.passthrough = true;
	FILE *p = open_memstream(&plain, &plain_len);
	FILE *q = open_memstream(&quoted, &quoted_len);
	/* 40 columns: no line of up to 11 pieces has more cells */
	fputs("q", q);
	for (int c = 1; c <= 40; c++) {
		fprintf(p, c > 1 ? ",c%d" : "c%d", c);
		fprintf(q, ",c%d", c);
	}
	fputs("\n", p);
	fputs("\n", q);
	for (int line = 0; line < 50; line++) {
		fputs("\"q\",", q);
		int n = (int)(seed % 12);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *piece =
			        pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			fputs(piece, p);
			fputs(piece, q);
		}
		fputs("x", p); /* never a blank line */
		fputs("x", q);
		const char *end = line % 3 == 0 ? "\r\n" : "\n";
		fputs(end, p);
		fputs(end, q);
		seed = seed * 1103515245u + 12345u;
	}
	fclose(p);
	fclose(q);

	read_with("plain.csv", plain, plain_len, &o);
	int n = G.n;
	size_t cells[50];
	char *texts[50];
	for (int i = 0; i < n; i++) {
		FILE *m = open_memstream(&texts[i], &cells[i]);
		for (size_t c = 0; c < G.rec[i]->ncells; c++)
			fprintf(m, "[%.*s]", (int)G.rec[i]->cells[c].n, G.rec[i]->cells[c].s);
		fclose(m);
	}
	read_with("quoted.csv", quoted, quoted_len, &o);
	assert_int_equal(G.n, n);
	assert_int_equal(n, 50);
	for (int i = 0; i < n; i++) {
		char *t = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&t, &len);
		for (size_t c = 1; c < G.rec[i]->ncells; c++)
			fprintf(m, "[%.*s]", (int)G.rec[i]->cells[c].n, G.rec[i]->cells[c].s);
		fclose(m);
		if (strcmp(t, texts[i]) != 0)
			fail_msg("line %d: split %s, libcsv %s", i + 2, texts[i], t);
		free(t);
		free(texts[i]);
	}
	free(plain);
	free(quoted);
}

/* ---- the fast scanner against libcsv ---- */

static void dump_finding(const hz_finding *f, void *arg)
{
	fprintf(arg, "finding %s %s line %ld record %ld row %ld\n", f->rule,
	        f->field ? f->field : "-", f->line, f->record, f->row);
}

/* Everything a read gives, as text: records with their places and cells,
 * findings, and the status. HZ_CSV_SCANNER=libcsv (when libcsv_only)
 * sends every row through libcsv. */
static char *read_dump(const char *path, bool libcsv_only, bool typed)
{
	hz_read_opts o;
	hz_diag d;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	assert_non_null(m);
	if (libcsv_only)
		setenv("HZ_CSV_SCANNER", "libcsv", 1);
	else
		unsetenv("HZ_CSV_SCANNER");
	hz_read_opts_init(&o);
	o.passthrough = !typed;
	o.header_rules = typed;
	hz_diag_init(&d, "test");
	d.out = NULL;
	d.hook = dump_finding;
	d.hook_arg = m;
	hz_reader *r = hz_reader_open(path, &o, &d);
	hz_record *rec;
	while ((rec = hz_reader_next(r))) {
		fprintf(m,
		        "record %ld line %ld row %ld span %lld-%lld flags %d:", rec->place.record,
		        rec->place.line, rec->place.row, (long long)rec->place.begin,
		        (long long)rec->place.end, rec->flags);
		for (size_t c = 0; c < rec->ncells; c++) {
			fputc('[', m);
			fwrite(rec->cells[c].s, 1, rec->cells[c].n, m);
			fputc(']', m);
		}
		fputc('\n', m);
	}
	const hz_source_info *info = hz_reader_info(r);
	fprintf(m, "status %d dropped %ld encoding %ld lines %ld bytes %lld\n",
	        (int)hz_reader_status(r), hz_reader_dropped(r), hz_reader_encoding_errors(r),
	        info->lines, info->bytes);
	hz_reader_close(r);
	unsetenv("HZ_CSV_SCANNER");
	fclose(m);
	return text;
}

static void same_both_ways(const char *path, bool typed)
{
	char *fast = read_dump(path, false, typed);
	char *slow = read_dump(path, true, typed);

	if (strcmp(fast, slow) != 0) {
		size_t i = 0;
		while (fast[i] && fast[i] == slow[i])
			i++;
		size_t from = i > 200 ? i - 200 : 0;
		fail_msg(
		        "%s: the fast scanner and libcsv differ at byte %zu:\nfast: %.400s\nlibcsv: %.400s",
		        path, i, fast + from, slow + from);
	}
	free(fast);
	free(slow);
}

/* Random rows of the pieces CSV is made of (quotes, doubled quotes, line
 * ends of every kind inside and outside quotes, delimiters, NUL, bad
 * bytes, CJK text) must read the same through the fast scanner as
 * through libcsv alone: cells, places, findings and line counts. */
static void test_fast_scanner_as_libcsv(void **state)
{
	static const char *const pieces[] = {
		"x",        "公园",     ",",          ",",          ",",          "\"",
		"\"\"",     "\"a,b\"",  "\"多\n行\"", "\"a\"\"b\"", "\r\n",       "\n",
		"\r",       " ",        "\t",         "1",          "2023-05-03", "\xff",
		"\xe5\x85", "\"\r\n\"", "\"x\"y",     "\"",         "",
	};
	static const char *const headers[] = {
		"序号,专题领域,重大隐患,涉及层面,整改措施\n",
		"c1,c2,c3\r\n",
	};
	unsigned seed = 2024;
	char name[32];

	(void)state;
	for (int doc = 0; doc < 400; doc++) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		bool typed = doc % 2 == 0;
		/* the last few: long enough to cross the input's blocks */
		int rows = doc >= 396 ? 4000 : 1 + (int)(seed % 30);
		fputs(headers[typed ? 0 : 1], m);
		for (int row = 0; row < rows; row++) {
			seed = seed * 1103515245u + 12345u;
			int n = (int)((seed >> 16) % 14);
			bool clean = doc >= 396 || (seed >> 8) % 4 != 0;
			for (int i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				const char *piece =
				        pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
				if (clean &&
				    (strchr(piece, '"') || strchr(piece, '\r') ||
				     strchr(piece, '\n')) &&
				    strcmp(piece, "\"多\n行\"") != 0 &&
				    strcmp(piece, "\"a\"\"b\"") != 0 &&
				    strcmp(piece, "\"a,b\"") != 0)
					piece = "文";
				if (clean && i > 0 && piece[0] == '"')
					fputc(',', m);
				fwrite(piece, 1, piece[0] ? strlen(piece) : 1, m);
			}
			fputs(row % 3 ? "\r\n" : "\n", m);
		}
		if (doc % 5 == 0)
			fputs("尾", m); /* no line end at the end */
		fclose(m);
		snprintf(name, sizeof name, "fast%d.csv", doc);
		same_both_ways(put_file(name, text, len), typed);
		free(text);
	}
}

/* The scanner reads 64 bytes at a time: quotes, "" pairs, delimiters
 * and line ends (CRLF split across two blocks, a closing quote as a
 * block's last byte) at every offset of a block must read as libcsv
 * reads them. Fillers of every length from 0 to 130 move what follows. */
static void test_fast_scanner_blocks(void **state)
{
	static const char *const pieces[] = {
		",",    "\"", "\"\"", "\"a,b\"", "\"多\n行\"", "\"a\"\"b\"", "\"\r\n\"", "\"x\"y",
		"\r\n", "\n", "\r",   "\"\r\"",  "x\"",        "\"\"\"\"",   "",
	};
	unsigned seed = 64;
	char name[32];

	(void)state;
	for (int doc = 0; doc < 120; doc++) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		bool typed = doc % 2 == 0;

		fputs(typed ? "序号,专题领域,重大隐患,涉及层面,整改措施\n" : "c1,c2,c3\r\n", m);
		for (int row = 0; row < 40; row++) {
			seed = seed * 1103515245u + 12345u;
			int n = 1 + (int)((seed >> 16) % 6);
			for (int i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				int fill = (int)((seed >> 12) % 131);
				bool quoted = (seed >> 8) % 3 == 0;
				const char *piece =
				        pieces[(seed >> 20) % (sizeof pieces / sizeof pieces[0])];
				if (quoted)
					fputc('"', m);
				for (int k = 0; k < fill; k++)
					fputs(k % 7 == 3 ? "文" : "a", m);
				if (quoted)
					fputc('"', m);
				/* mostly well formed: pieces that break a row now and then */
				if ((seed >> 4) % 4 == 0)
					fputs(piece, m);
				fputc(',', m);
			}
			fputs(row % 3 ? "\r\n" : "\n", m);
		}
		fclose(m);
		snprintf(name, sizeof name, "blocks%d.csv", doc);
		same_both_ways(put_file(name, text, len), typed);
		free(text);
	}
}

/* The csv-spectrum corpus (when the shared test data is beside the
 * source) reads the same both ways. */
static void test_fast_scanner_spectrum(void **state)
{
	const char *src = getenv("HZ_SOURCE_DIR");
	char path[512];
	static const char *const files[] = {
		"comma_in_quotes.csv", "empty.csv",         "empty_crlf.csv",
		"escaped_quotes.csv",  "json.csv",          "location_coordinates.csv",
		"newlines.csv",        "newlines_crlf.csv", "quotes_and_newlines.csv",
		"simple.csv",          "simple_crlf.csv",   "utf8.csv",
	};
	int seen = 0;

	(void)state;
	for (size_t i = 0; src && i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/../shared/testdata/csv-spectrum/csvs/%s", src,
		         files[i]);
		if (access(path, R_OK) != 0)
			continue;
		same_both_ways(path, false);
		seen++;
	}
	if (!seen)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_lf_in_cell_crlf_file),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_preamble_reporter),
		cmocka_unit_test(test_header_matching),
		cmocka_unit_test(test_type_from_header),
		cmocka_unit_test(test_forced_type),
		cmocka_unit_test(test_template_rows),
		cmocka_unit_test(test_footer),
		cmocka_unit_test(test_short_and_long_rows),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_lines_and_records),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_block_boundary),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_unterminated_far),
		cmocka_unit_test(test_cell_too_long),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_passthrough),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_jsonl_types),
		cmocka_unit_test(test_jsonl_values),
		cmocka_unit_test(test_jsonl_syntax),
		cmocka_unit_test(test_json_array),
		cmocka_unit_test(test_json_deep),
		cmocka_unit_test(test_quote_free_lines_as_libcsv),
		cmocka_unit_test(test_json_array_bounds),
		cmocka_unit_test(test_json_number_text),
		cmocka_unit_test(test_fast_scanner_as_libcsv),
		cmocka_unit_test(test_fast_scanner_blocks),
		cmocka_unit_test(test_fast_scanner_spectrum),
	};
	int rc = cmocka_run_group_tests(tests, setup_dir, teardown_dir);

	got_free();
	free(G.data);
	return rc;
}
