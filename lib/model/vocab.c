/* vocab.c - the closed vocabularies: domains, stages, levels, sources, flags */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hz/strset.h"
#include "hz/vocab.h"
#include "hz/i18n.h"
#include "errmsg.h"

/* hz-formats(5), vocabulary D: each canonical word maps to itself. */
static const hz_word domain_words[] = {
	{ "危险化学品", "危险化学品" },
	{ "烟花爆竹", "烟花爆竹" },
	{ "交通运输", "交通运输" },
	{ "建筑施工", "建筑施工" },
	{ "消防", "消防" },
	{ "自建房", "自建房" },
	{ "燃气", "燃气" },
	{ "工贸", "工贸" },
	{ "特种设备", "特种设备" },
	{ "高风险旅游项目", "高风险旅游项目" },
	{ "电动自行车", "电动自行车" },
	{ "平台经济", "平台经济" },
	{ "醇基液体燃料", "醇基液体燃料" },
	{ "其他", "其他" },
	{ "危化品", "危险化学品" },
	{ "道路交通", "交通运输" },
	{ "道路运输", "交通运输" },
	{ "水上交通", "交通运输" },
	{ "水上运输", "交通运输" },
	{ "隧道施工", "建筑施工" },
	{ "电动车", "电动自行车" },
	{ NULL, NULL },
};

/* Vocabulary S, the four canonical words first, in hz_stage order. */
static const hz_word stage_words[] = {
	{ "未整改", "未整改" },     { "整改中", "整改中" },
	{ "已整改", "已整改" },     { "已销号", "已销号" },
	{ "未开始", "未整改" },     { "正在整改", "整改中" },
	{ "整改进行中", "整改中" }, { "已完成", "已整改" },
	{ "整改完成", "已整改" },   { "完成整改", "已整改" },
	{ "整改完毕", "已整改" },   { "已完成整改", "已整改" },
	{ "已整改完毕", "已整改" }, { "销号", "已销号" },
	{ "已销账", "已销号" },     { NULL, NULL },
};

/* 填报说明 1: 市 or 县区. */
static const hz_word level_words[] = {
	{ "市", "市" },       { "县区", "县区" },     { "市级", "市" },
	{ "县区级", "县区" }, { "县级", "县区" },     { "区级", "县区" },
	{ "县(区)", "县区" }, { "县（区）", "县区" }, { NULL, NULL },
};

/* In hz_source order. */
static const hz_word source_words[] = {
	{ "企业自查", "企业自查" },
	{ "部门检查", "部门检查" },
	{ NULL, NULL },
};

/* 复查结论 (hz-formats(5), sign-off): the two words first. */
static const hz_word review_words[] = {
	{ "通过", "通过" },     { "不通过", "不通过" }, { "合格", "通过" }, { "验收通过", "通过" },
	{ "不合格", "不通过" }, { "未通过", "不通过" }, { NULL, NULL },
};

/* 挂牌级别. */
static const hz_word listing_level_words[] = {
	{ "省级", "省级" },     { "市级", "市级" }, { "区级", "区级" },   { "街道", "街道" },
	{ "自治区级", "省级" }, { "县级", "区级" }, { "县区级", "区级" }, { "街道级", "街道" },
	{ "乡镇", "街道" },     { NULL, NULL },
};

/* A notice's 类别. */
static const hz_word notice_kind_words[] = {
	{ "督促函", "督促函" },
	{ "督办通知", "督办通知" },
	{ "挂牌督办通知书", "挂牌督办通知书" },
	{ "整改通知", "整改通知" },
	{ "约谈通知", "约谈通知" },
	{ NULL, NULL },
};

/* How a tip came in. */
static const hz_word channel_words[] = {
	{ "12345", "12345" }, { "12350", "12350" }, { "电话", "电话" }, { "来信", "来信" },
	{ "网络", "网络" },   { "当面", "当面" },   { "其他", "其他" }, { NULL, NULL },
};

/* What verifying a tip found. */
static const hz_word finding_words[] = {
	{ "属实", "属实" },
	{ "部分属实", "部分属实" },
	{ "不属实", "不属实" },
	{ NULL, NULL },
};

/* Flag words, exactly as hz-formats(5) lists them (TRUE is not one). */
static const struct {
	const char *word;
	bool yes;
	bool any_case;
} flag_words[] = {
	{ "是", true, false },  { "1", true, false },      { "Y", true, false },
	{ "y", true, false },   { "true", true, false },   { "\xE2\x88\x9A", true, false }, /* √ */
	{ "否", false, false }, { "0", false, false },     { "N", false, false },
	{ "n", false, false },  { "false", false, false },
};

/* t is word: hz_str_eq without measuring the word first. Most words of a
 * table differ from the cell in their first byte, so this stops at once. */
static bool word_is(hz_str t, const char *word)
{
	for (size_t i = 0; i < t.n; i++)
		if (word[i] == '\0' || word[i] != t.s[i])
			return false;
	return word[t.n] == '\0';
}

static const hz_word *lookup(const hz_word *words, hz_str cell)
{
	hz_str t = hz_trim(cell);

	if (t.s == NULL)
		return NULL;
	for (; words->word != NULL; words++)
		if (word_is(t, words->word))
			return words;
	return NULL;
}

static const char *canonical(const hz_word *words, hz_str cell)
{
	const hz_word *w = lookup(words, cell);

	return w == NULL ? NULL : w->canonical;
}

const char *hz_domain_canonical(hz_str cell)
{
	return canonical(domain_words, cell);
}

const char *hz_level_canonical(hz_str cell)
{
	return canonical(level_words, cell);
}

const char *hz_stage_canonical(hz_str cell)
{
	return canonical(stage_words, cell);
}

const char *hz_source_canonical(hz_str cell)
{
	return canonical(source_words, cell);
}

const char *hz_review_canonical(hz_str cell)
{
	return canonical(review_words, cell);
}

const char *hz_listing_level_canonical(hz_str cell)
{
	return canonical(listing_level_words, cell);
}

const char *hz_notice_kind_canonical(hz_str cell)
{
	return canonical(notice_kind_words, cell);
}

const char *hz_channel_canonical(hz_str cell)
{
	return canonical(channel_words, cell);
}

const char *hz_finding_canonical(hz_str cell)
{
	return canonical(finding_words, cell);
}

bool hz_review_passed(hz_str cell)
{
	const char *w = hz_review_canonical(cell);

	return w != NULL && strcmp(w, "通过") == 0;
}

bool hz_finding_true(hz_str cell)
{
	const char *w = hz_finding_canonical(cell);

	return w != NULL && strcmp(w, "不属实") != 0;
}

/* The position of a canonical word among the leading canonical rows. */
static int canonical_index(const hz_word *words, const char *canon)
{
	int i;

	if (canon == NULL)
		return -1;
	for (i = 0; words[i].word != NULL; i++)
		if (strcmp(words[i].word, canon) == 0)
			return i;
	return -1;
}

hz_stage hz_stage_of(hz_str cell)
{
	int i = canonical_index(stage_words, hz_stage_canonical(cell));

	return i < 0 ? HZ_STAGE_NONE : (hz_stage)i;
}

hz_source hz_source_of(hz_str cell)
{
	int i = canonical_index(source_words, hz_source_canonical(cell));

	return i < 0 ? HZ_SOURCE_NONE : (hz_source)i;
}

bool hz_stage_rectified(hz_stage s)
{
	return s == HZ_STAGE_RECTIFIED || s == HZ_STAGE_SIGNED_OFF;
}

bool hz_flag_parse(hz_str cell, bool *yes)
{
	hz_str t = hz_trim(cell);
	size_t i, n;

	if (t.n == 0) {
		*yes = false;
		return true;
	}
	for (i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++) {
		if (flag_words[i].any_case ? (t.n == (n = strlen(flag_words[i].word)) &&
		                              strncasecmp(t.s, flag_words[i].word, n) == 0)
		                           : word_is(t, flag_words[i].word)) {
			*yes = flag_words[i].yes;
			return true;
		}
	}
	return false;
}

const hz_word *hz_domain_words(void)
{
	return domain_words;
}

const hz_word *hz_stage_words(void)
{
	return stage_words;
}

const hz_word *hz_level_words(void)
{
	return level_words;
}

/* ---- --domains FILE ---- */

struct hz_domains {
	hz_strset *names; /* trimmed */
};

/* Adds each non-blank line of text; lines end in LF, CRLF or a lone CR. */
static void add_lines(hz_domains *d, const char *text, size_t n)
{
	size_t start = 0, i;
	hz_str name;

	for (i = 0; i <= n; i++) {
		if (i < n && text[i] != '\n' && text[i] != '\r')
			continue;
		name = hz_trim((hz_str){ text + start, i - start });
		if (name.n > 0)
			hz_strset_add(d->names, name.s, name.n);
		start = i + 1;
	}
}

/* A list of 专题领域 names is a few hundred bytes: past this it is the
 * wrong file (or /dev/zero), not something to hold in memory. */
#define DOMAINS_MAX (1024 * 1024)

/* The whole file, or NULL: errno EFBIG past DOMAINS_MAX. */
static char *slurp(FILE *fp, size_t *n)
{
	size_t cap = 4096, len = 0, got;
	char *buf = malloc(cap), *p;

	if (buf == NULL)
		return NULL;
	while ((got = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += got;
		if (len > DOMAINS_MAX) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		if (len == cap) {
			if ((p = realloc(buf, cap * 2)) == NULL) {
				free(buf);
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	*n = len;
	return buf;
}

/* 1-based line of byte offset off, counting LF, CRLF and lone CR. */
static size_t line_of(const char *text, size_t off)
{
	size_t line = 1, i;

	for (i = 0; i < off; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == off || text[i + 1] != '\n')))
			line++;
	return line;
}

hz_domains *hz_domains_load(const char *path, char *err, size_t errcap)
{
	FILE *fp;
	char *text;
	size_t n = 0, skip = 0, valid;
	hz_domains *d;
	int saved;

	if (path == NULL) {
		hz_say(err, errcap, "no domains file given");
		return NULL;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		hz_say(err, errcap, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	text = slurp(fp, &n);
	saved = errno;
	fclose(fp);
	if (text == NULL && saved == EFBIG) {
		hz_say(err, errcap, "%s: longer than %d bytes: not a list of domains, one a line",
		       path, DOMAINS_MAX);
		return NULL;
	}
	if (text == NULL) {
		hz_say(err, errcap, "cannot read %s: %s", path, strerror(saved));
		return NULL;
	}
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	valid = skip + hz_utf8_valid_prefix(text + skip, n - skip);
	if (valid < n) {
		hz_say(err, errcap, "%s:%zu: invalid UTF-8", path, line_of(text, valid));
		free(text);
		return NULL;
	}
	if ((d = malloc(sizeof *d)) == NULL) {
		hz_say(err, errcap, "cannot read %s: %s", path, strerror(ENOMEM));
		free(text);
		return NULL;
	}
	d->names = hz_strset_new();
	add_lines(d, text + skip, n - skip);
	free(text);
	return d;
}

bool hz_domains_has(const hz_domains *d, hz_str cell)
{
	hz_str t = hz_trim(cell);

	if (d == NULL || t.s == NULL)
		return false;
	return hz_strset_has(d->names, t.s, t.n);
}

void hz_domains_free(hz_domains *d)
{
	if (d == NULL)
		return;
	hz_strset_free(d->names);
	free(d);
}
