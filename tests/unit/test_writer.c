/* test_writer.c - CSV with minimal quoting and cells as read, the canonical
 * JSON form of hz-formats(5), column order, and round trips through the reader */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/reader.h"
#include "hz/writer.h"
#include "../../lib/model/record_int.h"

/* the reason of a failed call (libhz(3), ERRORS) */
static char err[512];

/* ---- output into memory ---- */

static char *out_buf;
static size_t out_len;

static FILE *mem_open(void)
{
	free(out_buf);
	out_buf = NULL;
	out_len = 0;
	FILE *f = open_memstream(&out_buf, &out_len);
	assert_non_null(f);
	return f;
}

/* Close the stream; the text written is out_buf. */
static const char *mem_close(FILE *f)
{
	assert_int_equal(fclose(f), 0);
	return out_buf;
}

/* ---- records from text, through the reader ---- */

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/hz-test-writer-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	free(out_buf);
	return system(cmd) == 0 ? 0 : -1;
}

#define MAXREC 16

struct recs {
	hz_record *r[MAXREC];
	int n;
	long findings;
};

static struct recs read_text(const char *name, const char *text)
{
	char path[256];
	struct recs R = { .n = 0 };
	hz_diag d;
	hz_read_opts o;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	hz_diag_init(&d, "test");
	d.out = NULL;
	hz_read_opts_init(&o);
	hz_reader *rd = hz_reader_open(path, &o, &d);
	hz_record *rec;
	while ((rec = hz_reader_next(rd))) {
		assert_true(R.n < MAXREC);
		R.r[R.n] = hz_record_copy(rec);
		R.r[R.n]->place.file = "in";
		R.n++;
	}
	hz_reader_close(rd);
	R.findings = d.errors + d.fatals;
	return R;
}

static void recs_free(struct recs *R)
{
	for (int i = 0; i < R->n; i++)
		hz_record_free(R->r[i]);
	R->n = 0;
}

/* Write every record with the options given; returns the text (out_buf). */
static const char *write_all(const struct recs *R, const hz_write_opts *o)
{
	FILE *f = mem_open();
	hz_writer *w = hz_writer_new(f, o);

	for (int i = 0; i < R->n; i++)
		assert_int_equal(hz_writer_put(w, R->r[i], NULL, 0, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	return mem_close(f);
}

static const char *write_as(const struct recs *R, hz_format fmt)
{
	hz_write_opts o;

	hz_write_opts_init(&o);
	o.format = fmt;
	return write_all(R, &o);
}

static void expect_text(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("wrote\n%s\nwant\n%s", got, want);
}

#define HDR "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段"
#define ROW "消防,堵塞通道,县区,清理,2023-05-01,2023-06-01,某酒店,未整改"

/* ---- CSV ---- */

static const char *cell_text(const char *s, char delim)
{
	FILE *f = mem_open();

	hz_csv_put_cell(f, s, strlen(s), delim);
	return mem_close(f);
}

static void test_csv_cell_quoting(void **state)
{
	static const struct {
		const char *in, *comma, *tab;
	} cases[] = {
		{ "abc", "abc", "abc" },
		{ "", "", "" },
		{ " 有空格 ", " 有空格 ", " 有空格 " },
		{ "a,b", "\"a,b\"", "a,b" },
		{ "a\tb", "a\tb", "\"a\tb\"" },
		{ "a\"b", "\"a\"\"b\"", "\"a\"\"b\"" },
		{ "\"", "\"\"\"\"", "\"\"\"\"" },
		{ "a\nb", "\"a\nb\"", "\"a\nb\"" },
		{ "a\r\nb", "\"a\r\nb\"", "\"a\r\nb\"" },
		{ "a\rb", "\"a\rb\"", "\"a\rb\"" },
		{ "中文，逗号", "中文，逗号", "中文，逗号" },
		{ "'=1+1", "'=1+1", "'=1+1" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect_text(cell_text(cases[i].in, ','), cases[i].comma);
		expect_text(cell_text(cases[i].in, '\t'), cases[i].tab);
	}
}

static void test_csv_format_row(void **state)
{
	hz_str cells[] = { hz_str_c("a"), hz_str_c("b,c"), hz_str_c(""), { NULL, 0 } };
	size_t len;
	char *row;

	(void)state;
	row = hz_csv_format_row(cells, 4, ',', false, false, &len);
	assert_non_null(row);
	assert_int_equal(len, strlen("a,\"b,c\",,\n"));
	assert_memory_equal(row, "a,\"b,c\",,\n", len);
	free(row);
	row = hz_csv_format_row(cells, 4, ',', true, true, &len);
	assert_non_null(row);
	assert_int_equal(len, strlen("\"a\",\"b,c\",\"\",\"\"\r\n"));
	assert_memory_equal(row, "\"a\",\"b,c\",\"\",\"\"\r\n", len);
	free(row);
	row = hz_csv_format_row(cells, 2, '\t', false, false, &len);
	assert_non_null(row);
	assert_memory_equal(row, "a\tb,c\n", len);
	free(row);
}

/* Every cell as read: spaces, needless quotes dropped, needed ones kept,
 * line ends inside cells, unknown columns, the header's own spelling. */
static void test_csv_as_read(void **state)
{
	const char *in =
	        "\xEF\xBB\xBF附件2\r\n"
	        "填报单位：公园社区\r\n"
	        " 序号 ,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,整改资金(万元),自定义列\r\n"
	        "\"1\",消防 ,\"a \"\"b\"\",c\",县区,\"清理\r\n二层\",2023/5/1,2023年6月1日前,\" 某酒店 \",未整改,0.50,x\r\n"
	        "2,消防,\"一\n二\",市,清理,20230501,2023-06-01,某饭店,整改中,,\r\n"
	        "3,燃气,短行\r\n";
	/* the preamble's 填报单位 becomes a last column: it is not lost
	 * with the title rows */
	const char *want =
	        " 序号 ,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,整改资金(万元),自定义列,填报单位\n"
	        "1,消防 ,\"a \"\"b\"\",c\",县区,\"清理\r\n二层\",2023/5/1,2023年6月1日前, 某酒店 ,未整改,0.50,x,公园社区\n"
	        "2,消防,\"一\n二\",市,清理,20230501,2023-06-01,某饭店,整改中,,,公园社区\n"
	        "3,燃气,短行,,,,,,,,,公园社区\n";
	struct recs R;

	(void)state;
	R = read_text("a.csv", in);
	assert_int_equal(R.n, 3);
	expect_text(write_as(&R, HZ_FMT_CSV), want);
	/* and it reads back to the same cells */
	struct recs B = read_text("b.csv", out_buf);
	assert_int_equal(B.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(B.r[i]->ncells, R.r[i]->ncells + 1);
		hz_str rep = hz_get(B.r[i], HZ_K_REPORTER), rep0 = hz_get(R.r[i], HZ_K_REPORTER);
		assert_int_equal(rep.n, rep0.n);
		assert_memory_equal(rep.s, rep0.s, rep.n);
		for (size_t c = 0; c < R.r[i]->ncells; c++) {
			assert_int_equal(B.r[i]->cells[c].n, R.r[i]->cells[c].n);
			assert_memory_equal(B.r[i]->cells[c].s, R.r[i]->cells[c].s,
			                    R.r[i]->cells[c].n);
		}
	}
	recs_free(&B);
	recs_free(&R);
}

static void test_csv_options(void **state)
{
	hz_write_opts o;
	struct recs R = read_text("a.csv", HDR "\n1," ROW "\n");

	(void)state;
	hz_write_opts_init(&o);
	assert_int_equal(o.format, HZ_FMT_CSV);
	o.bom = true;
	o.crlf = true;
	expect_text(write_all(&R, &o), "\xEF\xBB\xBF" HDR "\r\n1," ROW "\r\n");
	/* TSV */
	hz_write_opts_init(&o);
	o.format = HZ_FMT_TSV;
	const char *t = write_all(&R, &o);
	assert_non_null(strstr(t, "序号\t专题领域\t"));
	assert_non_null(strstr(t, "\n1\t消防\t堵塞通道\t"));
	/* --excel: BOM, CRLF and the formula guard */
	recs_free(&R);
	R = read_text(
	        "b.csv", HDR
	        "\n1,消防,\"=HYPERLINK(\"\"x\"\")\",县区,清理,2023-05-01,2023-06-01,-5,未整改\n");
	assert_int_equal(R.n, 1);
	hz_write_opts_init(&o);
	o.excel = true;
	/* -5 in 责任单位, a text column, is guarded too: only amount and
	 * count columns keep a plain negative number as it is (issue 6) */
	expect_text(
	        write_all(&R, &o),
	        "\xEF\xBB\xBF" HDR "\r\n"
	        "1,消防,\"'=HYPERLINK(\"\"x\"\")\",县区,清理,2023-05-01,2023-06-01,'-5,未整改\r\n");
	recs_free(&R);
}

static void test_csv_columns_differ(void **state)
{
	struct recs A = read_text("a.csv", HDR ",备注\n1," ROW ",甲\n");
	struct recs B = read_text(
	        "b.csv",
	        "备注,序号,整改阶段,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位\n"
	        "乙,2,已整改,燃气,漏气,市,更换,2023-05-02,2023-06-02,某饭店\n");
	struct recs C = read_text("c.csv", HDR "\n3," ROW "\n");
	FILE *f;
	hz_writer *w;
	hz_write_opts o;

	(void)state;
	assert_int_equal(A.n + B.n + C.n, 3);
	hz_write_opts_init(&o);
	/* the same fields in another order: written in the first one's */
	f = mem_open();
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, A.r[0], NULL, 0, err, sizeof err), 0);
	assert_int_equal(hz_writer_put(w, B.r[0], NULL, 0, err, sizeof err), 0);
	/* other fields: an error that says what to do */
	assert_int_equal(hz_writer_put(w, C.r[0], NULL, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "-o jsonl"));
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	expect_text(mem_close(f),
	            HDR ",备注\n1," ROW
	                ",甲\n2,燃气,漏气,市,更换,2023-05-02,2023-06-02,某饭店,已整改,乙\n");
	/* JSON Lines mixes them freely */
	hz_write_opts_init(&o);
	o.format = HZ_FMT_JSONL;
	f = mem_open();
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, A.r[0], NULL, 0, err, sizeof err), 0);
	assert_int_equal(hz_writer_put(w, C.r[0], NULL, 0, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	mem_close(f);
	assert_non_null(strstr(out_buf, "\"id\":3"));
	recs_free(&A);
	recs_free(&B);
	recs_free(&C);
}

static void test_form_order(void **state)
{
	struct recs R = read_text(
	        "a.csv",
	        "说明,整改阶段,责任人,序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位\n"
	        "x,未整改,张三,1,消防,堵塞,县区,清理,2023-05-01,2023-06-01,某酒店\n");
	hz_write_opts o;

	(void)state;
	hz_write_opts_init(&o);
	o.form_order = true;
	expect_text(
	        write_all(&R, &o), HDR
	        ",责任人,说明\n1,消防,堵塞,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,张三,x\n");
	recs_free(&R);
}

/* Added fields: a header each (Chinese, or English with --lang en). */
static void test_csv_extras(void **state)
{
	struct recs R = read_text("a.csv", HDR "\n1," ROW "\n");
	hz_extra ex[] = {
		{ "错误规则", "error_rules", "bad-date;required", NULL },
		{ "错误说明", "error_messages", "a, b", NULL },
	};
	hz_write_opts o;
	FILE *f;
	hz_writer *w;

	(void)state;
	hz_write_opts_init(&o);
	f = mem_open();
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, R.r[0], ex, 2, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	expect_text(mem_close(f), HDR ",错误规则,错误说明\n1," ROW ",bad-date;required,\"a, b\"\n");
	o.english = true;
	f = mem_open();
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, R.r[0], ex, 2, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	/* the record's own header stays as read; the added ones are English */
	expect_text(mem_close(f),
	            HDR ",error_rules,error_messages\n1," ROW ",bad-date;required,\"a, b\"\n");
	recs_free(&R);
}

/* ---- JSON ---- */

static void test_json_hazard(void **state)
{
	struct recs R;

	(void)state;
	R = read_text(
	        "a.csv",
	        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,实际整改完成时间,"
	        "整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案,延期至,说明\n"
	        "3,消防,\"疏散通道\"\"堆放\"\"杂物\",县区级,清理杂物,2023/5/26,2023年6月10日前,某某酒店,整改中,,"
	        "\"已清理一层\n已清理二层\",\"2023-06-01\n2023.6.3\",,部门检查,否,张三,0.20,是,2023-13-01,自定\n"
	        " 4 ,燃气,漏气,市,更换,20230601,2023-06-31,某饭店,已整改,2023-06-05 14:30,\"a\nb\nc\",\"2023/6/2\n2023/6/4\",\"备\\注\","
	        "企业自查,2023-06-02,,12.3456,,,\n"
	        "x5,燃气,\"tab\there\x01\",市,更换,2023-06-01,2023-06-30,某饭店,未整改,,,\"2023/6/2\n2023/6/9\",,,是,,1.23456,,,\n");
	assert_int_equal(R.n, 3);
	expect_text(
	        write_as(&R, HZ_FMT_JSONL),
	        "{\"type\":\"hazard\",\"id\":3,\"domain\":\"消防\",\"hazard\":\"疏散通道\\\"堆放\\\"杂物\",\"level\":\"县区级\","
	        "\"measures\":\"清理杂物\",\"check_date\":\"2023-05-26\",\"deadline\":\"2023-06-10\",\"unit\":\"某某酒店\","
	        "\"stage\":\"整改中\",\"done_date\":null,"
	        "\"progress\":[{\"date\":\"2023-06-01\",\"text\":\"已清理一层\"},{\"date\":\"2023-06-03\",\"text\":\"已清理二层\"}],"
	        "\"remarks\":null,\"source\":\"部门检查\",\"listed\":false,\"owner\":\"张三\",\"funds\":0.2,\"plan\":\"是\","
	        "\"extension\":\"2023-13-01\",\"说明\":\"自定\"}\n"
	        "{\"type\":\"hazard\",\"id\":4,\"domain\":\"燃气\",\"hazard\":\"漏气\",\"level\":\"市\","
	        "\"measures\":\"更换\",\"check_date\":\"2023-06-01\",\"deadline\":\"2023-06-31\",\"unit\":\"某饭店\","
	        "\"stage\":\"已整改\",\"done_date\":\"2023-06-05\","
	        "\"progress\":[{\"date\":\"2023-06-02\",\"text\":\"a\"},{\"date\":\"2023-06-04\",\"text\":\"b\"},{\"date\":null,\"text\":\"c\"}],"
	        "\"remarks\":\"备\\\\注\",\"source\":\"企业自查\",\"listed\":\"2023-06-02\",\"owner\":null,\"funds\":12.3456,\"plan\":null,"
	        "\"extension\":null,\"说明\":\"\"}\n"
	        "{\"type\":\"hazard\",\"id\":\"x5\",\"domain\":\"燃气\",\"hazard\":\"tab\\there\\u0001\",\"level\":\"市\","
	        "\"measures\":\"更换\",\"check_date\":\"2023-06-01\",\"deadline\":\"2023-06-30\",\"unit\":\"某饭店\","
	        "\"stage\":\"未整改\",\"done_date\":null,"
	        "\"progress\":[{\"date\":\"2023-06-02\",\"text\":\"\"},{\"date\":\"2023-06-09\",\"text\":\"\"}],"
	        "\"remarks\":null,\"source\":null,\"listed\":true,\"owner\":null,\"funds\":\"1.23456\",\"plan\":null,"
	        "\"extension\":null,\"说明\":\"\"}\n");
	recs_free(&R);
}

static void test_json_other_types(void **state)
{
	struct recs R;

	(void)state;
	R = read_text(
	        "a.csv",
	        "检查日期,企业名称,检查部门,主要负责人未研究,无证上岗,未开展应急演练,外包外租管理混乱,备注\n"
	        "2023/5/3,某超市,消防站,是,0,√,,也许\n");
	expect_text(
	        write_as(&R, HZ_FMT_JSONL),
	        "{\"type\":\"check\",\"check_date\":\"2023-05-03\",\"enterprise\":\"某超市\",\"department\":\"消防站\","
	        "\"no_study\":true,\"unlicensed_work\":false,\"outsourcing_chaos\":null,\"no_drill\":true,"
	        "\"remarks\":\"也许\"}\n");
	recs_free(&R);
	R = read_text("b.csv", "日期,事项,数量,金额,其中,对象\n"
	                       "2023-05-03,3.8,12,,3,\n"
	                       "2023-05-03,4.5,,0.3000,0.1,\n"
	                       "2023-05-03,3.1,两,1.2.3,,某店\n");
	expect_text(
	        write_as(&R, HZ_FMT_JSONL),
	        "{\"type\":\"activity\",\"date\":\"2023-05-03\",\"item\":\"3.8\",\"count\":12,\"amount\":null,\"sub\":3,\"subject\":null}\n"
	        "{\"type\":\"activity\",\"date\":\"2023-05-03\",\"item\":\"4.5\",\"count\":null,\"amount\":0.3,\"sub\":0.1,\"subject\":null}\n"
	        "{\"type\":\"activity\",\"date\":\"2023-05-03\",\"item\":\"3.1\",\"count\":\"两\",\"amount\":\"1.2.3\",\"sub\":null,\"subject\":\"某店\"}\n");
	recs_free(&R);
	R = read_text("c.csv", "序号,单位名字,类型\n1,某酒店,住宿业\n");
	expect_text(
	        write_as(&R, HZ_FMT_JSONL),
	        "{\"type\":\"roster\",\"id\":1,\"enterprise\":\"某酒店\",\"industry\":\"住宿业\"}\n");
	recs_free(&R);
}

/* Amounts are exact: what a JSON producer computed as 0.1 + 0.2 is 0.3. */
static void test_json_amounts_exact(void **state)
{
	struct recs R = read_text("a.jsonl",
	                          "{\"type\":\"hazard\",\"id\":1,\"funds\":0.30000000000000004}\n"
	                          "{\"type\":\"hazard\",\"id\":2,\"funds\":1.10}\n"
	                          "{\"type\":\"hazard\",\"id\":3,\"funds\":\"100.0000\"}\n"
	                          "{\"type\":\"hazard\",\"id\":4,\"funds\":0.0001}\n"
	                          "{\"type\":\"hazard\",\"id\":5,\"funds\":12345678.9}\n");
	/* funds, the one extension key given, is the last key */
	const char *want[] = { "\"funds\":0.3}", "\"funds\":1.1}", "\"funds\":100}",
		               "\"funds\":0.0001}", "\"funds\":12345678.9}" };

	(void)state;
	assert_int_equal(R.n, 5);
	const char *t = write_as(&R, HZ_FMT_JSONL);
	for (int i = 0; i < 5; i++)
		if (!strstr(t, want[i]))
			fail_msg("no %s in\n%s", want[i], t);
	recs_free(&R);
}

static void test_json_extras_and_array(void **state)
{
	struct recs R = read_text("a.csv", "序号,单位名字,类型\n1,某酒店,住宿业\n2,某超市,\n");
	hz_extra ex[] = {
		{ "错误", "errors", NULL, "[{\"rule\":\"required\"}]" },
		{ "说明", "note", "a\"b", NULL },
	};
	hz_write_opts o;
	FILE *f;
	hz_writer *w;

	(void)state;
	hz_write_opts_init(&o);
	o.format = HZ_FMT_JSONL;
	f = mem_open();
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, R.r[0], ex, 2, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	expect_text(
	        mem_close(f),
	        "{\"type\":\"roster\",\"id\":1,\"enterprise\":\"某酒店\",\"industry\":\"住宿业\","
	        "\"errors\":[{\"rule\":\"required\"}],\"note\":\"a\\\"b\"}\n");
	/* one JSON array */
	expect_text(
	        write_as(&R, HZ_FMT_JSON),
	        "[\n{\"type\":\"roster\",\"id\":1,\"enterprise\":\"某酒店\",\"industry\":\"住宿业\"},\n"
	        "{\"type\":\"roster\",\"id\":2,\"enterprise\":\"某超市\",\"industry\":null}\n]\n");
	recs_free(&R);
	struct recs E = { .n = 0 };
	expect_text(write_as(&E, HZ_FMT_JSON), "[]\n");
	expect_text(write_as(&E, HZ_FMT_JSONL), "");
	expect_text(write_as(&E, HZ_FMT_CSV), "");
}

/* JSON records to CSV: the type's fields with their Chinese headers (or
 * English keys), unknown keys as they came. */
static void test_json_to_csv(void **state)
{
	struct recs R = read_text(
	        "a.jsonl",
	        "{\"type\":\"roster\",\"enterprise\":\"某酒店\",\"id\":1,\"备注二\":\"x\"}\n"
	        "{\"type\":\"roster\",\"enterprise\":\"某超市\",\"备注二\":\"y\"}\n");
	hz_write_opts o;

	(void)state;
	assert_int_equal(R.n, 2);
	expect_text(write_as(&R, HZ_FMT_CSV),
	            "序号,单位名字,类型,填报单位,高危行业,人员密集场所,备注二\n"
	            "1,某酒店,,,,,x\n,某超市,,,,,y\n");
	hz_write_opts_init(&o);
	o.english = true;
	expect_text(write_all(&R, &o), "id,enterprise,industry,reporter,high_risk,crowded,备注二\n"
	                               "1,某酒店,,,,,x\n,某超市,,,,,y\n");
	recs_free(&R);
}

/* What one writer writes, the reader reads back to the same records. */
static void test_round_trips(void **state)
{
	const char *in =
	        "填报单位：公园社区\n" HDR ",整改进展,整改进展时间,挂牌督办,整改资金（万元）,其他\n"
	        "1,消防,\" 两行\r\n文字 \",县区,清理,2023/5/1,2023年6月1日前,某酒店,整改中,\"a\nb\",\"2023-05-02\n2023-05-03\",是,0.5,\"q\"\"q\"\n"
	        "2,燃气,漏气,市,更换,2023-05-01,2023-05-30,某饭店,已销号,,,2023-05-04,,\n";
	struct recs R = read_text("a.csv", in), B, C;
	char *first;

	(void)state;
	assert_int_equal(R.n, 2);
	/* CSV -> CSV -> CSV: identical text */
	first = strdup(write_as(&R, HZ_FMT_CSV));
	B = read_text("b.csv", first);
	assert_int_equal(B.n, 2);
	expect_text(write_as(&B, HZ_FMT_CSV), first);
	free(first);
	recs_free(&B);
	/* CSV -> JSON Lines: the preamble's 填报单位 goes into each record */
	first = strdup(write_as(&R, HZ_FMT_JSONL));
	assert_non_null(strstr(first, "\"reporter\":\"公园社区\",\"其他\":\"q\\\"q\"}\n"));
	assert_null(strstr(first, "\"reporter\":null"));
	/* JSON Lines -> JSON Lines: identical text (from the first JSON on:
	 * keys left out of it come back as null) */
	B = read_text("c.jsonl", first);
	assert_int_equal(B.n, 2);
	assert_int_equal(B.findings, 0);
	free(first);
	first = strdup(write_as(&B, HZ_FMT_JSONL));
	recs_free(&B);
	B = read_text("c2.jsonl", first);
	assert_int_equal(B.n, 2);
	expect_text(write_as(&B, HZ_FMT_JSONL), first);
	/* and a JSON array */
	C = read_text("d.json", write_as(&B, HZ_FMT_JSON));
	assert_int_equal(C.n, 2);
	expect_text(write_as(&C, HZ_FMT_JSONL), first);
	free(first);
	recs_free(&B);
	recs_free(&C);
	recs_free(&R);
}

/* F13: an unknown column's key was checked against every earlier column,
 * so 80,000 unknown columns took 10 s for one record. A set keeps it
 * linear: 100,000 columns of distinct names, one named like an earlier one
 * and one like a field, in well under a second of CPU (the scan: minutes). */
static void test_json_many_unknown_columns(void **state)
{
	enum { N = 100000 };
	hz_schema *s = hz_schema_new(HZ_HAZARD);
	hz_write_opts o;
	char name[32];

	(void)state;
	hz_schema_add(s, "序号", strlen("序号"), HZ_K_ID);
	hz_schema_add(s, "id", 2, HZ_K_NONE);
	for (int i = 0; i < N; i++) {
		int n = snprintf(name, sizeof name, "u%d", i);
		hz_schema_add(s, name, (size_t)n, HZ_K_NONE);
	}
	hz_schema_add(s, "u5", 2, HZ_K_NONE);
	hz_record *r = hz_record_new(s);
	hz_record_push(r, "7", 1);
	hz_record_push(r, "x", 1);
	for (int i = 0; i <= N; i++)
		hz_record_push(r, "v", 1);
	hz_write_opts_init(&o);
	o.format = HZ_FMT_JSONL;
	FILE *f = mem_open();
	hz_writer *w = hz_writer_new(f, &o);
	clock_t t0 = clock();
	assert_int_equal(hz_writer_put(w, r, NULL, 0, err, sizeof err), 0);
	assert_int_equal(hz_writer_close(w, err, sizeof err), 0);
	double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
	const char *out = mem_close(f);
	assert_non_null(strstr(out, "\"id\":7,"));
	assert_non_null(strstr(out, ",\"id#2\":\"x\",")); /* named like a field */
	assert_non_null(strstr(out, ",\"u5\":\"v\","));   /* the first keeps its name */
	assert_non_null(strstr(out, ",\"u99999\":\"v\","));
	snprintf(name, sizeof name, ",\"u5#%d\":\"v\"}", N + 3);
	assert_non_null(strstr(out, name)); /* the second is told apart */
	assert_true(cpu < 2.0);
	hz_record_free(r);
	hz_schema_unref(s);
}

/* The JSON string writer as it was, one character at a time: the
 * reference for the one that copies runs. */
static void json_string_slow(FILE *out, const char *s, size_t n)
{
	size_t i = 0;

	putc('"', out);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			unsigned cp;
			size_t k = hz_utf8_decode(s + i, n - i, &cp);
			fwrite(k == 1 ? "\xEF\xBF\xBD" : s + i, 1, k == 1 ? 3 : k, out);
			i += k;
			continue;
		}
		i++;
		if (c >= 0x20 && c != '"' && c != '\\')
			putc(c, out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n' || c == '\r' || c == '\t')
			fprintf(out, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		else
			fprintf(out, "\\u%04x", c);
	}
	putc('"', out);
}

/* Random strings of CJK, escapes, control characters and broken bytes
 * come out of hz_json_put_string as the character-at-a-time writer wrote
 * them. */
static void test_json_string_runs(void **state)
{
	static const char *const pieces[] = {
		"消防",
		"a",
		"\"",
		"\\",
		"\n",
		"\r",
		"\t",
		"\x01",
		"\x1f",
		"\xff",
		"\xe5\x85",
		"\xED\xA0\x80",
		"\xF0\x9F\x98\x80",
		"abcdefghijklmnop",
		"公园社区网格员",
		" ",
		"\x7f",
	};
	unsigned seed = 3;

	(void)state;
	for (int round = 0; round < 5000; round++) {
		char in[512];
		size_t n = 0;
		int k = (int)(seed % 30);
		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		seed = seed * 1103515245u + 12345u;
		char *a = NULL, *b = NULL;
		size_t al = 0, bl = 0;
		FILE *fa = open_memstream(&a, &al), *fb = open_memstream(&b, &bl);
		hz_json_put_string(fa, in, n);
		json_string_slow(fb, in, n);
		fclose(fa);
		fclose(fb);
		if (al != bl || memcmp(a, b, al) != 0)
			fail_msg("round %d: '%s' vs '%s'", round, a, b);
		free(a);
		free(b);
	}
}

/* A stream that cannot be written: close says so in err, as every failing
 * call of libhz does. */
static void test_close_write_error(void **state)
{
	struct recs A = read_text("a.csv", HDR "\n1," ROW "\n");
	FILE *f = fopen("/dev/full", "w");
	hz_write_opts o;

	(void)state;
	assert_non_null(f);
	hz_write_opts_init(&o);
	hz_writer *w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, A.r[0], NULL, 0, err, sizeof err), 0);
	err[0] = '\0';
	assert_int_equal(hz_writer_close(w, err, sizeof err), -1);
	assert_non_null(strstr(err, "write error: No space left on device"));
	/* NULL: the caller names the stream itself */
	w = hz_writer_new(f, &o);
	assert_int_equal(hz_writer_put(w, A.r[0], NULL, 0, NULL, 0), 0);
	assert_int_equal(hz_writer_close(w, NULL, 0), -1);
	fclose(f);
	recs_free(&A);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_close_write_error),
		cmocka_unit_test(test_csv_cell_quoting),
		cmocka_unit_test(test_json_string_runs),
		cmocka_unit_test(test_csv_format_row),
		cmocka_unit_test(test_csv_as_read),
		cmocka_unit_test(test_csv_options),
		cmocka_unit_test(test_csv_columns_differ),
		cmocka_unit_test(test_form_order),
		cmocka_unit_test(test_csv_extras),
		cmocka_unit_test(test_json_hazard),
		cmocka_unit_test(test_json_other_types),
		cmocka_unit_test(test_json_amounts_exact),
		cmocka_unit_test(test_json_extras_and_array),
		cmocka_unit_test(test_json_to_csv),
		cmocka_unit_test(test_json_many_unknown_columns),
		cmocka_unit_test(test_round_trips),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
