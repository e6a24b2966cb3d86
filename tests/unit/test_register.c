/* test_register.c - a register opened for change, and hz-progress's rules */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hz/progress.h"
#include "hz/register.h"

#define HEADER "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段\n"

static char dir[256], reg[300];
static hz_diag diag;

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/hz-register-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(reg, sizeof(reg), "%s/reg.csv", dir);
	hz_diag_init(&diag, "test");
	diag.out = NULL;        /* count findings only */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(reg);
	rmdir(dir);
	return 0;
}

static void put_file(const char *text)
{
	FILE *f = fopen(reg, "wb");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *slurp(void)
{
	static char buf[4096];
	FILE *f = fopen(reg, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static hz_reg *open_reg(long target)
{
	char err[512] = "";
	hz_reg_opts o = {
		.type = HZ_TYPE_UNKNOWN,
		.create = true,
		.target = target,
	};
	hz_reg *g;

	hz_date_from_ymd(2023, 7, 1, &o.validate.today);
	g = hz_reg_open(reg, &o, &diag, err, sizeof(err));
	if (g == NULL)
		fail_msg("open: %s", err);
	return g;
}

static void add(hz_reg *g, const char *id, bool extend, int rc_want)
{
	char idf[32], err[512] = "";
	char *f[] = { "专题领域=消防", "重大隐患=h", "涉及层面=市", "整改措施=m",
		      "检查日期=2023-06-01", "计划整改时限=2023-06-02", "责任单位=u",
		      "整改阶段=未整改", NULL };
	size_t n = 8;

	if (id != NULL) {
		snprintf(idf, sizeof(idf), "%s", id);
		f[n++] = idf;
	}
	assert_int_equal(hz_reg_add_fields(g, f, n, extend, err, sizeof(err)), rc_want);
}

/* New records are added in order: one without an id gets the largest of
 * the register and of the new records before it, plus 1 (tools.md). */
static void test_next_id(void **state)
{
	hz_reg *g;
	char err[512];

	(void)state;
	put_file(HEADER "3,消防,a,市,b,2023-06-01,2023-06-02,c,未整改\n"
		 "1,消防,d,市,e,2023-06-01,2023-06-02,f,未整改\n");
	g = open_reg(0);
	add(g, NULL, false, 0);
	add(g, "序号=10", false, 0);
	add(g, NULL, false, 0);
	add(g, "序号=7", false, 0);
	add(g, NULL, false, 0);
	assert_int_equal(hz_reg_check(g, false), 0);
	assert_int_equal(hz_reg_count(g), 5);
	assert_string_equal(hz_reg_new_id(g, 0), "4");
	assert_string_equal(hz_reg_new_id(g, 1), "10");
	assert_string_equal(hz_reg_new_id(g, 2), "11");
	assert_string_equal(hz_reg_new_id(g, 3), "7");
	assert_string_equal(hz_reg_new_id(g, 4), "12");
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_non_null(strstr(slurp(), "\n4,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"
			       "10,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"
			       "11,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"));
}

/* The example of the audit: no id, 5, no id into an empty register. */
static void test_next_id_empty(void **state)
{
	hz_reg *g;
	char err[512];

	(void)state;
	put_file(HEADER);
	g = open_reg(0);
	add(g, NULL, false, 0);
	add(g, "序号=5", false, 0);
	add(g, NULL, false, 0);
	assert_int_equal(hz_reg_check(g, false), 0);
	assert_string_equal(hz_reg_new_id(g, 0), "1");
	assert_string_equal(hz_reg_new_id(g, 1), "5");
	assert_string_equal(hz_reg_new_id(g, 2), "6");
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_string_equal(slurp(), HEADER
			    "1,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"
			    "5,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"
			    "6,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n");
}

/* An id given after the same id was assigned earlier in the batch is a
 * duplicate, and nothing is written. */
static void test_next_id_then_given(void **state)
{
	hz_reg *g;
	long errors = diag.errors;

	(void)state;
	put_file(HEADER);
	g = open_reg(0);
	add(g, NULL, false, 0);
	add(g, "序号=1", false, 0);
	assert_int_equal(hz_reg_check(g, false), 1);
	assert_int_equal(diag.errors, errors + 1);
	hz_reg_close(g);
	assert_string_equal(slurp(), HEADER);
}

/* One refused record stops the whole run unless skip_invalid. */
static void test_all_or_nothing(void **state)
{
	hz_reg *g;
	char err[512] = "";
	const char *before = HEADER "1,消防,a,市,b,2023-06-01,2023-06-02,c,未整改\n";

	(void)state;
	put_file(before);
	g = open_reg(0);
	add(g, NULL, false, 0);
	add(g, "序号=1", false, 0);             /* duplicate-id */
	assert_int_equal(hz_reg_check(g, false), 1);
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "1 records refused"));
	hz_reg_close(g);
	assert_string_equal(slurp(), before);

	g = open_reg(0);
	add(g, NULL, false, 0);
	add(g, "序号=1", false, 0);
	assert_int_equal(hz_reg_check(g, true), 1);
	assert_int_equal(hz_reg_count(g), 1);
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_non_null(strstr(slurp(), "\n2,消防,h,"));
}

/* A field without a column: an error, or (extend) a new column. */
static void test_missing_column(void **state)
{
	hz_reg *g;
	char err[512] = "";

	(void)state;
	put_file(HEADER "1,消防,a,市,b,2023-06-01,2023-06-02,c,未整改\n");
	g = open_reg(0);
	add(g, "备注=r", false, -1);
	add(g, "备注=r", true, 0);
	assert_int_equal(hz_reg_check(g, false), 0);
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_string_equal(slurp(), "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,"
			    "责任单位,整改阶段,备注\n"
			    "1,消防,a,市,b,2023-06-01,2023-06-02,c,未整改,\n"
			    "2,消防,h,市,m,2023-06-01,2023-06-02,u,未整改,r\n");
}

/* A file of blank lines is a new register: the header comes first. */
static void test_blank_file_is_new(void **state)
{
	hz_reg *g;
	char err[512] = "";
	char *f[] = { "专题领域=消防", "重大隐患=h", "涉及层面=市", "整改措施=m",
		      "检查日期=2023-06-01", "计划整改时限=2023-06-01", "责任单位=u",
		      "整改阶段=已整改", "实际整改完成时间=2023-06-01", "隐患来源=企业自查",
		      "挂牌督办=否" };

	(void)state;
	put_file("\n\n");
	g = open_reg(0);
	assert_true(hz_reg_is_new(g));
	assert_int_equal(hz_reg_add_fields(g, f, sizeof(f) / sizeof(f[0]), false,
					   err, sizeof(err)), 0);
	assert_int_equal(hz_reg_check(g, false), 0);
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_non_null(strstr(slurp(), "\n\n序号,专题领域,"));
	assert_non_null(strstr(slurp(), "\n1,消防,h,市,"));
}

/* The stage after a progress run: a table of cases. */
static void test_progress_stage(void **state)
{
	static const struct {
		const char *stage_before;
		hz_progress p;
		const char *stage_after;
	} cases[] = {
		{ "未整改", { .text = "t", .date = "2023-06-01" }, "整改中" },
		{ "", { .text = "t", .date = "2023-06-01" }, "整改中" },
		{ "整改中", { .text = "t", .date = "2023-06-01" }, "整改中" },
		{ "未整改", { .done = "2023-06-01" }, "已整改" },
		{ "未整改", { .done = "2023-06-01", .stage = "销号" }, "已销号" },
		{ "整改中", { .stage = "完成整改", .done = "2023-06-01" }, "已整改" },
		{ "未整改", { .listed = "是" }, "未整改" },
	};
	char line[512], err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hz_reg *g;
		long count;
		hz_record *r;

		snprintf(line, sizeof(line), HEADER "5,消防,a,市,b,2023-06-01,2023-06-02,c,%s\n",
			 cases[i].stage_before);
		put_file(line);
		g = open_reg(5);
		r = hz_reg_target(g, &count);
		assert_non_null(r);
		assert_int_equal(count, 1);
		assert_int_equal(hz_progress_apply(g, &cases[i].p, err, sizeof(err)), 0);
		hz_str st = hz_get(r, HZ_K_STAGE);
		if (!hz_str_eq(st, cases[i].stage_after))
			fail_msg("case %zu: stage '%.*s', want '%s'", i, (int)st.n, st.s,
				 cases[i].stage_after);
		hz_reg_close(g);
	}
}

/* The target is updated in place; its progress gains a line. */
static void test_progress_rewrite(void **state)
{
	hz_reg *g;
	long count;
	char err[512] = "";
	hz_progress p = { .text = "第二次", .date = "2023-06-03", .extend = "2023-06-30" };

	(void)state;
	put_file("序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,"
		 "整改进展,整改进展时间\r\n"
		 "1,消防,a,市,b,2023-06-01,2023-06-02,c,整改中,第一次,2023-06-02\r\n"
		 "2,消防,\"x\",市,b,2023-06-01,2023-06-02,c,未整改,,\r\n");
	g = open_reg(1);
	assert_non_null(hz_reg_target(g, &count));
	assert_int_equal(hz_progress_apply(g, &p, err, sizeof(err)), 0);
	assert_int_equal(hz_reg_check_target(g), 0);
	assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
	hz_reg_close(g);
	assert_string_equal(slurp(),
	    "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,"
	    "整改进展,整改进展时间,延期至\r\n"
	    "1,消防,a,市,b,2023-06-01,2023-06-02,c,整改中,\"第一次\n第二次\",\"2023-06-02\n2023-06-03\",2023-06-30\r\n"
	    "2,消防,\"x\",市,b,2023-06-01,2023-06-02,c,未整改,,,\r\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_next_id),
		T(test_next_id_empty),
		T(test_next_id_then_given),
		T(test_all_or_nothing),
		T(test_missing_column),
		T(test_blank_file_is_new),
		T(test_progress_stage),
		T(test_progress_rewrite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
