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
#include <iconv.h>

#include "hz/amount.h"
#include "hz/progress.h"
#include "hz/reader.h"
#include "hz/register.h"
#include "../../lib/model/record_int.h"

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
	diag.out = NULL; /* count findings only */
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
	char *f[] = { "专题领域=消防", "重大隐患=h",          "涉及层面=市",
		      "整改措施=m",    "检查日期=2023-06-01", "计划整改时限=2023-06-02",
		      "责任单位=u",    "整改阶段=未整改",     NULL };
	size_t n = 8;

	if (id != NULL) {
		snprintf(idf, sizeof(idf), "%s", id);
		f[n++] = idf;
	}
	assert_int_equal(hz_reg_add_fields(g, f, n, extend, err, sizeof(err)), rc_want);
}

/* New records are added in order: one without an id gets the largest of
 * the register and of the new records before it, plus 1 (hz(1)). */
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
	assert_string_equal(slurp(), HEADER "1,消防,h,市,m,2023-06-01,2023-06-02,u,未整改\n"
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
	add(g, "序号=1", false, 0); /* duplicate-id */
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
	assert_string_equal(slurp(),
	                    "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,"
	                    "责任单位,整改阶段,备注\n"
	                    "1,消防,a,市,b,2023-06-01,2023-06-02,c,未整改\n"
	                    "2,消防,h,市,m,2023-06-01,2023-06-02,u,未整改,r\n");
}

/* A file of blank lines is a new register: the header comes first. */
static void test_blank_file_is_new(void **state)
{
	hz_reg *g;
	char err[512] = "";
	char *f[] = { "专题领域=消防",     "重大隐患=h",          "涉及层面=市",
		      "整改措施=m",        "检查日期=2023-06-01", "计划整改时限=2023-06-01",
		      "责任单位=u",        "整改阶段=已整改",     "实际整改完成时间=2023-06-01",
		      "隐患来源=企业自查", "挂牌督办=否" };

	(void)state;
	put_file("\n\n");
	g = open_reg(0);
	assert_true(hz_reg_is_new(g));
	assert_int_equal(hz_reg_add_fields(g, f, sizeof(f) / sizeof(f[0]), false, err, sizeof(err)),
	                 0);
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
	assert_string_equal(
	        slurp(),
	        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,"
	        "整改进展,整改进展时间,延期至\r\n"
	        "1,消防,a,市,b,2023-06-01,2023-06-02,c,整改中,\"第一次\n第二次\",\"2023-06-02\n2023-06-03\",2023-06-30\r\n"
	        "2,消防,\"x\",市,b,2023-06-01,2023-06-02,c,未整改,,\r\n"); /* untouched */
}

static hz_reg *open_target(long target, const char *reporter, const char *replace)
{
	char err[512] = "";
	hz_reg_opts o = { .target = target, .target_reporter = reporter, .replace = replace };
	hz_reg *g;

	hz_date_from_ymd(2023, 7, 1, &o.validate.today);
	g = hz_reg_open(reg, &o, &diag, err, sizeof(err));
	if (g == NULL)
		fail_msg("open: %s", err);
	return g;
}

static const char street_db[] =
        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,填报单位\n"
        "1,消防,a,市,b,2023-06-01,2023-06-02,c,整改中,公园社区\n"
        "2,消防,d,市,b,2023-06-01,2023-06-02,c,整改中,公园社区\n"
        "1,消防,e,市,b,2023-06-01,2023-06-02,c,整改中,解放社区\n"
        "3,消防,f,市,b,2023-06-01,2023-06-02,c,整改中, 解放社区 \n"
        "5,消防,h,市,b,2023-06-01,2023-06-02,c,整改中,解放社区\n";

/* A street database (office.md): the key is (reporter, id). Id 1 is two
 * units' (ambiguous: both named, no target); id 2 is one unit's; 解放社区:1
 * and 公园社区:1 are one record each; 城中社区:1 is none. */
static void test_reporter_id(void **state)
{
	hz_reg *g;
	long count;
	size_t n;
	const char *const *who;

	(void)state;
	put_file(street_db);
	g = open_target(1, NULL, NULL);
	assert_null(hz_reg_target(g, &count));
	assert_int_equal(count, 2);
	who = hz_reg_target_reporters(g, &n);
	assert_int_equal(n, 2);
	assert_string_equal(who[0], "公园社区");
	assert_string_equal(who[1], "解放社区");
	hz_reg_close(g);
	g = open_target(2, NULL, NULL);
	assert_non_null(hz_reg_target(g, &count));
	hz_reg_close(g);
	g = open_target(1, "解放社区", NULL);
	hz_record *r = hz_reg_target(g, &count);
	assert_non_null(r);
	assert_int_equal(count, 1);
	assert_true(hz_get(r, HZ_K_HAZARD).n == 1 && hz_get(r, HZ_K_HAZARD).s[0] == 'e');
	hz_reg_close(g);
	g = open_target(3, "解放社区", NULL); /* the reporter cell is trimmed */
	assert_non_null(hz_reg_target(g, &count));
	hz_reg_close(g);
	g = open_target(1, "城中社区", NULL);
	assert_null(hz_reg_target(g, &count));
	assert_int_equal(count, 0);
	hz_reg_close(g);
}

/* hz-collect's replacement of one unit's records: an equal record keeps
 * its bytes, a changed one is rewritten in place, one no longer sent is
 * removed, a new one added; the other unit's rows stay byte for byte. */
static void test_replace_reporter(void **state)
{
	hz_reg *g;
	char err[512] = "", in[320];
	hz_read_opts ro;
	hz_reg_replace_stats st;
	FILE *f;

	(void)state;
	put_file(street_db);
	snprintf(in, sizeof in, "%s/in.csv", dir);
	f = fopen(in, "w");
	assert_non_null(f);
	fputs("序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段\n"
	      "1,消防,e,市,b,2023-06-01,2023-06-02,c,整改中\n"
	      "3,消防,f2,市,b,2023-06-01,2023-06-02,c,整改中\n"
	      "4,消防,g,市,b,2023-06-01,2023-06-02,c,未整改\n",
	      f);
	fclose(f);
	hz_read_opts_init(&ro);
	g = open_target(0, NULL, "解放社区");
	assert_int_equal(hz_reg_replace_input(g, in, &ro, err, sizeof err), 0);
	hz_reg_check(g, false);
	hz_reg_take_invalid(g);
	hz_reg_replace_stats_of(g, &st);
	assert_int_equal(st.same, 1);    /* 1: e, every cell equal */
	assert_int_equal(st.changed, 1); /* 3: f -> f2 (and its reporter trimmed) */
	assert_int_equal(st.added, 1);   /* 4: new */
	assert_int_equal(st.removed, 1); /* 5: no longer sent */
	assert_int_equal(hz_reg_commit(g, err, sizeof err), 0);
	hz_reg_close(g);
	assert_string_equal(
	        slurp(),
	        "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,填报单位\n"
	        "1,消防,a,市,b,2023-06-01,2023-06-02,c,整改中,公园社区\n"
	        "2,消防,d,市,b,2023-06-01,2023-06-02,c,整改中,公园社区\n"
	        "1,消防,e,市,b,2023-06-01,2023-06-02,c,整改中,解放社区\n"
	        "3,消防,f2,市,b,2023-06-01,2023-06-02,c,整改中,解放社区\n"
	        "4,消防,g,市,b,2023-06-01,2023-06-02,c,未整改,解放社区\n");
	/* again, as it is now: nothing changes, not a byte */
	g = open_target(0, NULL, "解放社区");
	assert_int_equal(hz_reg_replace_input(g, in, &ro, err, sizeof err), 0);
	hz_reg_check(g, false);
	hz_reg_replace_stats_of(g, &st);
	assert_int_equal(st.same, 3);
	assert_int_equal(st.changed, 0);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.removed, 0);
	hz_reg_close(g);
	unlink(in);
}

/* ---- the property test: generated registers in every shape, random edits ---- */

typedef struct shape {
	const char *eol; /* "\n", "\r\n" or "\r" */
	bool bom, gb18030, preamble, footer, multiline, trailing_blanks;
	int templates;
} shape;

typedef struct mrec {
	long id;
	char hazard[64], stage[16], owner[32], remarks[64], done[16], ext[16], listed[8];
	char progress[512], pdate[512];
} mrec;

#define MAXREC 32
static mrec model[MAXREC];
static size_t nmodel;
static unsigned long long rng;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

typedef struct bytes {
	char *s;
	size_t n;
} bytes;

static void cat(bytes *b, const char *s)
{
	size_t n = strlen(s);

	b->s = realloc(b->s, b->n + n + 1);
	assert_non_null(b->s);
	memcpy(b->s + b->n, s, n + 1);
	b->n += n;
}

/* UTF-8 text in the shape's encoding. */
static bytes encode(const shape *sh, const bytes *u)
{
	bytes out = { calloc(u->n * 2 + 8, 1), 0 };
	iconv_t cd;
	char *src = u->s, *dst = out.s;
	size_t left = u->n, room = u->n * 2 + 8;

	if (u->n == 0)
		return out;
	if (!sh->gb18030) {
		memcpy(out.s, u->s, u->n);
		out.n = u->n;
		return out;
	}
	cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &src, &left, &dst, &room) != (size_t)-1);
	iconv_close(cd);
	out.n = (size_t)(dst - out.s);
	return out;
}

static bytes file_bytes(void)
{
	bytes b = { NULL, 0 };
	FILE *f = fopen(reg, "rb");
	char block[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(block, 1, sizeof(block), f)) > 0) {
		b.s = realloc(b.s, b.n + n + 1);
		memcpy(b.s + b.n, block, n);
		b.n += n;
	}
	fclose(f);
	if (b.s == NULL)
		b.s = calloc(1, 1);
	b.s[b.n] = '\0';
	return b;
}

static void generate(const shape *sh, bytes *pre, bytes *foot)
{
	bytes u = { NULL, 0 }, e;
	char line[4096];
	const char *eol = sh->eol;

	nmodel = 0;
	if (sh->bom && !sh->gb18030)
		cat(&u, "\xEF\xBB\xBF");
	if (sh->preamble) {
		snprintf(line, sizeof(line),
		         "附件2,,,%s重大事故隐患清单,,,%s填报单位：公园社区,,,%s", eol, eol, eol);
		cat(&u, line);
	}
	*pre = encode(sh, &u);
	cat(&u,
	    "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,"
	    "实际整改完成时间,整改进展,整改进展时间,备注,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案");
	cat(&u, sh->trailing_blanks ? ",,," : "");
	cat(&u, eol);
	for (int i = 1 + (int)rnd(4), k = 1; k <= i; k++) {
		mrec *m = &model[nmodel++];
		memset(m, 0, sizeof(*m));
		m->id = k;
		snprintf(m->hazard, sizeof(m->hazard), "隐患%d号", k);
		snprintf(m->stage, sizeof(m->stage), "未整改");
		snprintf(m->owner, sizeof(m->owner), "王五");
		snprintf(m->remarks, sizeof(m->remarks), k % 2 ? "备注,有逗号" : "");
		if (sh->multiline && k % 2) {
			snprintf(m->stage, sizeof(m->stage), "整改中");
			snprintf(m->progress, sizeof(m->progress), "第一条\n第二条");
			snprintf(m->pdate, sizeof(m->pdate), "2023-06-02\n2023-06-03");
		}
		snprintf(line, sizeof(line),
		         "%ld,消防,%s,县区,清理,2023-06-01,2023-12-30,单位%d,%s,,"
		         "%s%s%s,%s%s%s,%s%s%s,部门检查,否,%s,0.5,是%s%s",
		         m->id, m->hazard, k, m->stage, *m->progress ? "\"" : "", m->progress,
		         *m->progress ? "\"" : "", *m->pdate ? "\"" : "", m->pdate,
		         *m->pdate ? "\"" : "", *m->remarks ? "\"" : "", m->remarks,
		         *m->remarks ? "\"" : "", m->owner,
		         sh->trailing_blanks && rnd(2) ? ",,," : "", eol);
		cat(&u, line);
	}
	for (int t = 0; t < sh->templates; t++) {
		snprintf(line, sizeof(line), "%zu,,,,,,,,,,,,,,,,,%s", nmodel + 1 + (size_t)t, eol);
		cat(&u, line);
	}
	{
		bytes f = { NULL, 0 };
		if (sh->footer) {
			snprintf(line, sizeof(line),
			         "\"填报说明：\n1.涉及层面填写市或县区。\",,,%s审核人：某,,,%s",
			         eol, eol);
			cat(&f, line);
		}
		e = encode(sh, &f);
		*foot = e;
		if (f.s)
			cat(&u, f.s);
		free(f.s);
	}
	e = encode(sh, &u);
	{
		FILE *fp = fopen(reg, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(e.s, 1, e.n, fp), e.n);
		assert_int_equal(fclose(fp), 0);
	}
	free(e.s);
	free(u.s);
}

static hz_reg *open_shaped(const shape *sh, long target)
{
	char err[512] = "";
	hz_reg_opts o = {
		.type = HZ_TYPE_UNKNOWN,
		.target = target,
	};
	hz_reg *g;

	(void)sh; /* the encoding is detected */
	hz_date_from_ymd(2023, 7, 1, &o.validate.today);
	g = hz_reg_open(reg, &o, &diag, err, sizeof(err));
	if (g == NULL)
		fail_msg("open: %s", err);
	return g;
}

static mrec *find(long id)
{
	for (size_t i = 0; i < nmodel; i++)
		if (model[i].id == id)
			return &model[i];
	return NULL;
}

static void append_line(char *cell, size_t cap, const char *line)
{
	size_t n = strlen(cell);

	snprintf(cell + n, cap - n, "%s%s", n ? "\n" : "", line);
}

/* One random edit, made through the library and to the model. Returns the
 * id it touched (0 for an added column alone). */
static long random_edit(const shape *sh, int *kind)
{
	char err[512] = "";
	long id = model[rnd((unsigned)nmodel)].id;
	mrec *m = find(id);
	hz_reg *g;

	*kind = (int)rnd(7);
	if (*kind == 0 && nmodel < MAXREC) { /* hz-add */
		char *f[] = { "专题领域=燃气",   "重大隐患=新增隐患",   "涉及层面=县区",
			      "整改措施=改管",   "检查日期=2023-06-05", "计划整改时限=2023-12-30",
			      "责任单位=某饭店", "整改阶段=未整改",     "隐患来源=部门检查",
			      "挂牌督办=否",     "责任人=李四",         "整改资金=１．５",
			      "应急预案=是" };
		long max = 0;
		for (size_t i = 0; i < nmodel; i++)
			max = model[i].id > max ? model[i].id : max;
		g = open_shaped(sh, 0);
		assert_int_equal(hz_reg_add_fields(g, f, 13, false, err, sizeof(err)), 0);
		assert_int_equal(hz_reg_check(g, false), 0);
		assert_int_equal(hz_reg_commit(g, err, sizeof(err)), 0);
		hz_reg_close(g);
		m = &model[nmodel++];
		memset(m, 0, sizeof(*m));
		m->id = max + 1;
		snprintf(m->hazard, sizeof(m->hazard), "新增隐患");
		snprintf(m->stage, sizeof(m->stage), "未整改");
		snprintf(m->owner, sizeof(m->owner), "李四");
		return m->id;
	}
	g = open_shaped(sh, id);
	if (*kind <= 4) { /* hz-progress */
		hz_progress p = { .date = "2023-06-10" };
		switch (*kind) {
		case 0:
		case 1:
			p.text = "又,一条";
			break;
		case 2:
			p.done = "2023-06-20";
			break;
		case 3:
			p.extend = "2024-01-15";
			break;
		case 4:
			p.listed = "是";
			break;
		}
		assert_int_equal(hz_progress_apply(g, &p, err, sizeof(err)), 0);
		if (p.text) {
			append_line(m->progress, sizeof(m->progress), p.text);
			append_line(m->pdate, sizeof(m->pdate), p.date);
			if (strcmp(m->stage, "未整改") == 0)
				snprintf(m->stage, sizeof(m->stage), "整改中");
		}
		if (p.done) {
			snprintf(m->done, sizeof(m->done), "%s", p.done);
			snprintf(m->stage, sizeof(m->stage), "已整改");
		}
		if (p.extend)
			snprintf(m->ext, sizeof(m->ext), "%s", p.extend);
		if (p.listed)
			snprintf(m->listed, sizeof(m->listed), "%s", p.listed);
	} else { /* hz-edit */
		char owner[64], remarks[64];
		char *f[] = { owner, remarks };
		snprintf(owner, sizeof(owner), "责任人=赵%u", rnd(100));
		snprintf(remarks, sizeof(remarks), "备注=%s", *kind == 5 ? "" : "改过\"一次\"");
		assert_int_equal(hz_reg_edit_fields(g, f, 2, false, err, sizeof(err)), 0);
		snprintf(m->owner, sizeof(m->owner), "%.24s", owner + strlen("责任人="));
		snprintf(m->remarks, sizeof(m->remarks), "%s", remarks + strlen("备注="));
	}
	assert_int_equal(hz_reg_check_target(g), 0);
	if (hz_reg_commit(g, err, sizeof(err)) != 0)
		fail_msg("commit: %s", err);
	hz_reg_close(g);
	return id;
}

static void expect_cell(const hz_record *r, hz_key k, const char *want, long id)
{
	hz_str got = hz_has(r, k) ? hz_get(r, k) : hz_str_c("");

	if (got.n != strlen(want) || memcmp(got.s, want, got.n) != 0)
		fail_msg("record %ld, %s: '%.*s', want '%s'", id, hz_key_name(k), (int)got.n, got.s,
		         want);
}

/* Every record reads back as the model says, and nothing else does. */
static void read_back(const shape *sh)
{
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *r;
	hz_diag quiet;
	size_t seen = 0;
	long id;

	hz_diag_init(&quiet, "test");
	quiet.out = NULL;
	hz_read_opts_init(&ro);
	ro.encoding = sh->gb18030 ? "GB18030" : NULL;
	rd = hz_reader_open(reg, &ro, &quiet);
	while ((r = hz_reader_next(rd)) != NULL) {
		mrec *m;
		assert_true(hz_count_parse(hz_get(r, HZ_K_ID), &id));
		m = find(id);
		if (m == NULL)
			fail_msg("record %ld is not in the model", id);
		expect_cell(r, HZ_K_HAZARD, m->hazard, id);
		expect_cell(r, HZ_K_STAGE, m->stage, id);
		expect_cell(r, HZ_K_OWNER, m->owner, id);
		expect_cell(r, HZ_K_REMARKS, m->remarks, id);
		expect_cell(r, HZ_K_PROGRESS, m->progress, id);
		expect_cell(r, HZ_K_PROGRESS_DATE, m->pdate, id);
		expect_cell(r, HZ_K_DONE_DATE, m->done, id);
		expect_cell(r, HZ_K_EXTENSION, m->ext, id);
		expect_cell(r, HZ_K_LISTED, *m->listed ? m->listed : "否", id);
		seen++;
	}
	assert_int_equal(quiet.errors + quiet.fatals, 0);
	hz_reader_close(rd);
	assert_int_equal(seen, nmodel);
}

/* Line ends outside quotes are all the shape's. */
static void check_eols(const shape *sh, const bytes *b)
{
	bool quoted = false;

	for (size_t i = 0; i < b->n; i++) {
		char c = b->s[i];
		if (c == '"')
			quoted = !quoted;
		if (quoted || (c != '\r' && c != '\n'))
			continue;
		if (strcmp(sh->eol, "\r\n") == 0) {
			if (c != '\r' || i + 1 >= b->n || b->s[i + 1] != '\n')
				fail_msg("a line end that is not CRLF at byte %zu", i);
			i++;
		} else if (c != sh->eol[0]) {
			fail_msg("a line end that is not the file's at byte %zu", i);
		}
	}
}

/* The physical rows of b outside quotes (line ends dropped). */
static size_t rows_of(const bytes *b, char ***rows)
{
	size_t n = 0, start = 0;
	bool quoted = false;

	*rows = NULL;
	for (size_t i = 0; i <= b->n; i++) {
		char c = i < b->n ? b->s[i] : '\n';
		if (c == '"')
			quoted = !quoted;
		if (quoted || (c != '\r' && c != '\n'))
			continue;
		if (i == b->n && start == b->n)
			break;
		*rows = realloc(*rows, (n + 1) * sizeof(**rows));
		(*rows)[n] = strndup(b->s + start, i - start);
		n++;
		if (c == '\r' && i + 1 < b->n && b->s[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	return n;
}

/* Rows of before that are not in after, as they were or with empty cells
 * added (an added column): at most those of the edited record and of a
 * template row it filled. */
static void check_untouched(const bytes *before, const bytes *after, long id,
                            bool header_may_change, size_t header_row)
{
	char **b, **a;
	size_t nb = rows_of(before, &b), na = rows_of(after, &a), lost = 0;
	char idp[32];

	snprintf(idp, sizeof(idp), "%ld,", id);
	for (size_t i = 0; i < nb; i++) {
		bool found = false;
		size_t len = strlen(b[i]);
		for (size_t k = 0; k < na && !found; k++) {
			if (strncmp(a[k], b[i], len) != 0)
				continue;
			found = strspn(a[k] + len, ",") == strlen(a[k] + len);
		}
		/* the header gains the added column's name */
		if (!found && strncmp(b[i], idp, strlen(idp)) != 0 &&
		    !(header_may_change && i == header_row)) {
			print_message("changed: %s\n", b[i]);
			lost++;
		}
	}
	if (lost > 0)
		fail_msg("%zu rows other than record %ld's changed", lost, id);
	for (size_t i = 0; i < nb; i++)
		free(b[i]);
	for (size_t i = 0; i < na; i++)
		free(a[i]);
	free(b);
	free(a);
}

static void test_property(void **state)
{
	(void)state;
	for (int round = 0; round < 192; round++) {
		static const char *const eols[] = { "\n", "\r\n", "\r" };
		shape sh = {
			.eol = eols[round % 3],
			.bom = (round / 3) % 2,
			.gb18030 = (round / 6) % 2,
			.preamble = (round / 12) % 2,
			.footer = (round / 24) % 2,
			.templates = (round / 48) % 2 ? 5 : 0,
			.multiline = (round / 96) % 2,
			.trailing_blanks = round % 7 < 3,
		};
		bytes pre, foot, before, after;

		rng = (unsigned long long)round * 2654435761ULL + 1;
		generate(&sh, &pre, &foot);
		read_back(&sh);
		for (int step = 0; step < 5; step++) {
			int kind;
			long id;
			before = file_bytes();
			id = random_edit(&sh, &kind);
			after = file_bytes();
			read_back(&sh);
			assert_true(after.n >= pre.n && memcmp(after.s, pre.s, pre.n) == 0);
			assert_true(after.n >= foot.n &&
			            memcmp(after.s + after.n - foot.n, foot.s, foot.n) == 0);
			check_eols(&sh, &after);
			if (sh.gb18030) {
				/* written in GB18030: the file decodes, and as UTF-8 it would not */
				iconv_t cd = iconv_open("UTF-8", "GB18030");
				char *src = after.s, *out = malloc(after.n * 4 + 4), *dst = out;
				size_t left = after.n, room = after.n * 4 + 4;
				assert_true(iconv(cd, &src, &left, &dst, &room) != (size_t)-1);
				iconv_close(cd);
				free(out);
			}
			check_untouched(&before, &after, id, kind == 3, sh.preamble ? 3 : 0);
			free(before.s);
			free(after.s);
		}
		free(pre.s);
		free(foot.s);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_next_id),        T(test_next_id_empty),    T(test_next_id_then_given),
		T(test_all_or_nothing), T(test_missing_column),   T(test_blank_file_is_new),
		T(test_progress_stage), T(test_progress_rewrite), T(test_property),
		T(test_reporter_id),    T(test_replace_reporter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
