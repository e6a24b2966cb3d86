/* test_vocab.c - domains, stages, levels, sources, flags, --domains FILE */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hz/vocab.h"

static hz_str S(const char *s)
{
	return hz_str_c(s);
}

static void canon(const char *(*fn)(hz_str), const char *word, const char *want)
{
	const char *got = fn(S(word));

	if (want == NULL) {
		if (got != NULL)
			fail_msg("'%s' should not be a word, got '%s'", word, got);
		return;
	}
	if (got == NULL)
		fail_msg("'%s' should be '%s', is not a word", word, want);
	assert_string_equal(got, want);
}

static void test_domains(void **state)
{
	static const char *const d[] = {
		"危险化学品", "烟花爆竹", "交通运输",     "建筑施工", "消防",
		"自建房",     "燃气",     "工贸",         "特种设备", "高风险旅游项目",
		"电动自行车", "平台经济", "醇基液体燃料", "其他",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof d / sizeof d[0]; i++)
		canon(hz_domain_canonical, d[i], d[i]);
	canon(hz_domain_canonical, "危化品", "危险化学品");
	canon(hz_domain_canonical, "道路交通", "交通运输");
	canon(hz_domain_canonical, "道路运输", "交通运输");
	canon(hz_domain_canonical, "水上交通", "交通运输");
	canon(hz_domain_canonical, "水上运输", "交通运输");
	canon(hz_domain_canonical, "隧道施工", "建筑施工");
	canon(hz_domain_canonical, "电动车", "电动自行车");
	canon(hz_domain_canonical, " 消防\xE3\x80\x80", "消防");
	canon(hz_domain_canonical, "\t电动车 ", "电动自行车");
	canon(hz_domain_canonical, "消防安全", NULL);
	canon(hz_domain_canonical, "消 防", NULL);
	canon(hz_domain_canonical, "", NULL);
	canon(hz_domain_canonical, "市", NULL);
	assert_null(hz_domain_canonical(HZ_STR_NONE));
}

static void test_stages(void **state)
{
	(void)state;
	canon(hz_stage_canonical, "未整改", "未整改");
	canon(hz_stage_canonical, "整改中", "整改中");
	canon(hz_stage_canonical, "已整改", "已整改");
	canon(hz_stage_canonical, "已销号", "已销号");
	canon(hz_stage_canonical, "未开始", "未整改");
	canon(hz_stage_canonical, "正在整改", "整改中");
	canon(hz_stage_canonical, "整改进行中", "整改中");
	canon(hz_stage_canonical, "已完成", "已整改");
	canon(hz_stage_canonical, "整改完成", "已整改");
	canon(hz_stage_canonical, "完成整改", "已整改");
	canon(hz_stage_canonical, "整改完毕", "已整改");
	canon(hz_stage_canonical, "已完成整改", "已整改");
	canon(hz_stage_canonical, "已整改完毕", "已整改");
	canon(hz_stage_canonical, "已销账", "已销号");
	canon(hz_stage_canonical, "销号", "已销号");
	canon(hz_stage_canonical, "未整改 ", "未整改");
	canon(hz_stage_canonical, "\xE3\x80\x80已销号", "已销号");
	canon(hz_stage_canonical, "完成", NULL);
	canon(hz_stage_canonical, "", NULL);
	canon(hz_stage_canonical, "已整改。", NULL);
}

static void test_stage_of(void **state)
{
	(void)state;
	assert_int_equal(hz_stage_of(S("未整改")), HZ_STAGE_OPEN);
	assert_int_equal(hz_stage_of(S("未开始")), HZ_STAGE_OPEN);
	assert_int_equal(hz_stage_of(S("整改中")), HZ_STAGE_WORKING);
	assert_int_equal(hz_stage_of(S("整改进行中")), HZ_STAGE_WORKING);
	assert_int_equal(hz_stage_of(S("已整改")), HZ_STAGE_RECTIFIED);
	assert_int_equal(hz_stage_of(S("完成整改")), HZ_STAGE_RECTIFIED);
	assert_int_equal(hz_stage_of(S("已销号")), HZ_STAGE_SIGNED_OFF);
	assert_int_equal(hz_stage_of(S(" 销号 ")), HZ_STAGE_SIGNED_OFF);
	assert_int_equal(hz_stage_of(S("其他")), HZ_STAGE_NONE);
	assert_int_equal(hz_stage_of(S("")), HZ_STAGE_NONE);
	assert_int_equal(hz_stage_of(HZ_STR_NONE), HZ_STAGE_NONE);
	assert_false(hz_stage_rectified(HZ_STAGE_NONE));
	assert_false(hz_stage_rectified(HZ_STAGE_OPEN));
	assert_false(hz_stage_rectified(HZ_STAGE_WORKING));
	assert_true(hz_stage_rectified(HZ_STAGE_RECTIFIED));
	assert_true(hz_stage_rectified(HZ_STAGE_SIGNED_OFF));
}

static void test_levels(void **state)
{
	(void)state;
	canon(hz_level_canonical, "市", "市");
	canon(hz_level_canonical, "市级", "市");
	canon(hz_level_canonical, "县区", "县区");
	canon(hz_level_canonical, "县区级", "县区");
	canon(hz_level_canonical, "县级", "县区");
	canon(hz_level_canonical, "区级", "县区");
	canon(hz_level_canonical, "县(区)", "县区");
	canon(hz_level_canonical, "县（区）", "县区");
	canon(hz_level_canonical, " 市 ", "市");
	canon(hz_level_canonical, "省", NULL);
	canon(hz_level_canonical, "县", NULL);
	canon(hz_level_canonical, "县(区", NULL);
	canon(hz_level_canonical, "", NULL);
}

static void test_sources(void **state)
{
	(void)state;
	canon(hz_source_canonical, "企业自查", "企业自查");
	canon(hz_source_canonical, "部门检查", "部门检查");
	canon(hz_source_canonical, "\xE3\x80\x80部门检查", "部门检查");
	canon(hz_source_canonical, "自查", NULL);
	canon(hz_source_canonical, "", NULL);
	assert_int_equal(hz_source_of(S("企业自查")), HZ_SOURCE_SELF);
	assert_int_equal(hz_source_of(S("部门检查 ")), HZ_SOURCE_DEPT);
	assert_int_equal(hz_source_of(S("检查")), HZ_SOURCE_NONE);
	assert_int_equal(hz_source_of(HZ_STR_NONE), HZ_SOURCE_NONE);
}

static void flag(const char *word, bool want)
{
	bool yes = !want;

	if (!hz_flag_parse(S(word), &yes))
		fail_msg("'%s' should be a flag word", word);
	if (yes != want)
		fail_msg("'%s' should mean %s", word, want ? "yes" : "no");
}

static void not_flag(const char *word)
{
	bool yes = true;

	if (hz_flag_parse(S(word), &yes))
		fail_msg("'%s' should not be a flag word", word);
}

static void test_flags(void **state)
{
	bool yes = true;

	(void)state;
	flag("是", true);
	flag("1", true);
	flag("Y", true);
	flag("y", true);
	flag("true", true);
	flag("√", true);
	flag(" 是\xE3\x80\x80", true);
	flag("否", false);
	flag("0", false);
	flag("N", false);
	flag("n", false);
	flag("false", false);
	flag("", false);
	flag("  \t", false);
	flag("\xE3\x80\x80", false);
	assert_true(hz_flag_parse(HZ_STR_NONE, &yes));
	assert_false(yes);
	/* exactly the words of hz-formats(5): no other case */
	not_flag("TRUE");
	not_flag("True");
	not_flag("FALSE");
	not_flag("yes");
	not_flag("no");
	not_flag("2");
	not_flag("是的");
	not_flag("×");
	not_flag("truee");
	not_flag("tru");
	not_flag("YES");
	not_flag("01");
	not_flag("2023-05-23");
}

/* Each table is NULL-terminated, canonical words map to themselves and
 * every alias maps to a canonical word of the same table. */
static void check_table(const hz_word *w, const char *(*fn)(hz_str), size_t canonical_count)
{
	size_t i, n = 0, canon = 0;

	for (i = 0; w[i].word != NULL; i++) {
		n++;
		assert_non_null(w[i].canonical);
		assert_string_equal(fn(S(w[i].word)), w[i].canonical);
		assert_string_equal(fn(S(w[i].canonical)), w[i].canonical);
		if (strcmp(w[i].word, w[i].canonical) == 0)
			canon++;
	}
	assert_true(n > canonical_count);
	assert_int_equal(canon, canonical_count);
}

static void test_tables(void **state)
{
	(void)state;
	check_table(hz_domain_words(), hz_domain_canonical, 14);
	check_table(hz_stage_words(), hz_stage_canonical, 4);
	check_table(hz_level_words(), hz_level_canonical, 2);
}

static char *write_temp(const char *content, size_t n)
{
	char *path = strdup("/tmp/hz-test-vocab-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
	return path;
}

static void test_domains_load(void **state)
{
	static const char text[] = "\xEF\xBB\xBF"
	                           "校外培训\r\n"
	                           "\n  \xE3\x80\x80\n"
	                           " 养老机构 \r"
	                           "文物古建\n"
	                           "最后一行";
	char err[256] = "";
	char *path = write_temp(text, sizeof text - 1);
	hz_domains *d = hz_domains_load(path, err, sizeof err);

	(void)state;
	assert_non_null(d);
	assert_string_equal(err, "");
	assert_true(hz_domains_has(d, S("校外培训")));
	assert_true(hz_domains_has(d, S("养老机构")));
	assert_true(hz_domains_has(d, S(" 养老机构\xE3\x80\x80")));
	assert_true(hz_domains_has(d, S("文物古建")));
	assert_true(hz_domains_has(d, S("最后一行")));
	assert_false(hz_domains_has(d, S("")));
	assert_false(hz_domains_has(d, S("消防")));
	assert_false(hz_domains_has(d, S("校外")));
	assert_false(hz_domains_has(d, HZ_STR_NONE));
	hz_domains_free(d);
	unlink(path);
	free(path);
	assert_false(hz_domains_has(NULL, S("校外培训")));
	hz_domains_free(NULL);
}

static void test_domains_load_errors(void **state)
{
	char err[256] = "";
	char *path;
	hz_domains *d;

	(void)state;
	d = hz_domains_load("/nonexistent/hz-domains.txt", err, sizeof err);
	assert_null(d);
	assert_string_equal(err,
	                    "cannot open /nonexistent/hz-domains.txt: No such file or directory");

	/* GB18030 bytes of 消防 on line 2. */
	path = write_temp("ok\n\xCF\xFB\xB7\xC0\n", 8);
	err[0] = '\0';
	assert_null(hz_domains_load(path, err, sizeof err));
	assert_non_null(strstr(err, ":2: invalid UTF-8"));
	assert_memory_equal(err, path, strlen(path));
	/* A small err buffer is cut, not overrun. */
	memset(err, 'x', sizeof err);
	assert_null(hz_domains_load(path, err, 5));
	assert_int_equal(strlen(err), 4);
	assert_null(hz_domains_load(path, NULL, 0));
	assert_null(hz_domains_load(NULL, err, sizeof err));
	assert_string_equal(err, "no domains file given");
	unlink(path);
	free(path);

	/* An empty file is an empty list, not an error. */
	path = write_temp("", 0);
	d = hz_domains_load(path, err, sizeof err);
	assert_non_null(d);
	assert_false(hz_domains_has(d, S("")));
	hz_domains_free(d);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_stage_of),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_domains_load),
		cmocka_unit_test(test_domains_load_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
