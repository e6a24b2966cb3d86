/* test_rules.c - every record rule of hz-validate(1) fires, and a near miss does not */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "hz/reader.h"
#include "hz/items.h"
#include "hz/rules.h"
#include "../../lib/model/record_int.h"

/* ---- findings, collected through the diag hook ---- */

#define MAXF 32

static struct {
	int n;
	char rule[MAXF][48];
	char field[MAXF][32];       /* "" for null */
	hz_severity sev[MAXF];
	long line[MAXF];
} got;
static char last_message[512];       /* the last finding's message */

static void collect(const hz_finding *f, void *arg)
{
	(void)arg;
	if (got.n == MAXF)
		fail_msg("too many findings");
	snprintf(got.rule[got.n], sizeof got.rule[0], "%s", f->rule);
	snprintf(got.field[got.n], sizeof got.field[0], "%s",
		 f->field ? f->field : "");
	got.sev[got.n] = f->severity;
	got.line[got.n] = f->line;
	assert_non_null(f->message);
	assert_true(strlen(f->message) > 0);
	assert_null(strchr(f->message, '\n'));
	snprintf(last_message, sizeof last_message, "%s", f->message);
	got.n++;
}

static hz_diag diag;
static hz_validator *val;
static hz_validate_opts opts;
static int last_errors;
/* Records share one file only in the tests of the duplicate rules. */
static bool same_file;

static hz_date day(const char *s)
{
	hz_date d;

	if (!hz_date_parse(hz_str_c(s), 0, &d))
		fail_msg("bad test date %s", s);
	return d;
}

static void restart(const hz_strset *roster, const hz_domains *domains)
{
	hz_validator_free(val);
	hz_diag_init(&diag, "test");
	diag.out = NULL;
	diag.hook = collect;
	opts.today = day("2023-07-01");
	opts.roster = roster;
	opts.domains = domains;
	val = hz_validator_new(&opts, &diag);
	got.n = 0;
	same_file = false;
}

static int setup(void **state)
{
	(void)state;
	restart(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hz_validator_free(val);
	val = NULL;
	return 0;
}

/* ---- records: a valid base row per type, with changes ---- */

/* key, value pairs; NULL-terminated. */
static const char *const base_hazard[] = {
	"id", "1", "domain", "消防", "hazard", "疏散通道堆放杂物", "level", "县区",
	"measures", "清理杂物", "check_date", "2023-05-26",
	"deadline", "2023-06-10", "unit", "某某酒店", "stage", "整改中",
	"done_date", "", "progress", "已清理一层", "progress_date", "2023-06-01",
	"remarks", "", "source", "部门检查", "listed", "否", "owner", "张三",
	"funds", "0.2", "plan", "是", "extension", "", "reporter", "公园社区",
	NULL,
};

static const char *const base_check[] = {
	"check_date", "2023-06-01", "enterprise", "某某酒店",
	"department", "消防救援大队", "no_study", "否", "no_lead_check", "0",
	"no_duty_list", "", "no_safety_staff", "是", "unlicensed_work", "N",
	"outsourcing_chaos", "false", "no_drill", "√", "reporter", "公园社区",
	NULL,
};

static const char *const base_activity[] = {
	"date", "2023-06-01", "item", "3.1", "count", "2", "amount", "",
	"sub", "", "subject", "", "reporter", "公园社区",
	NULL,
};

static const char *const base_roster[] = {
	"id", "1", "enterprise", "某某酒店", "industry", "住宿业", NULL,
};

static const char *const base_duty[] = {
	"date", "2023-06-01", "enterprise", "某某酒店", "duty", "meeting", NULL,
};

static const char *const base_notice[] = {
	"doc", "公安办督〔2023〕3号", "kind", "督促函", "to", "公园社区",
	"issued", "2023-06-01", "reply_by", "2023-06-10", "replied", "",
	"hazards", "公园社区:4", "content", "隐患整改滞后", "remarks", "", NULL,
};

static const char *const base_tip[] = {
	"id", "JB-2023-001", "received", "2023-06-01", "channel", "12345",
	"anonymous", "是", "insider", "否", "subject", "某某酒店",
	"content", "疏散通道堆放杂物", "verified", "2023-06-05", "finding", "属实",
	"action", "责令整改", "hazards", "4", "reward", "0.2", "paid", "2023-06-20",
	"reply_by", "2023-06-15", "replied", "2023-06-12", NULL,
};

static const char *const base_unit[] = {
	"name", "公园社区", "kind", "社区", "contact", "李四", "phone", "0772-1234567", NULL,
};

static const char *const base_submission[] = {
	"date", "2023-06-28", "reporter", "公园社区", "material", "report-month",
	"period", "2023-06", "file", "6月调度表.xlsx", "sha256", "", "records", "34",
	"errors", "0", "warnings", "1", NULL,
};

/* Sentinel: drop the column. */
static const char DROP[] = "<drop>";

static long next_line = 2;

/*
 * A record of type t: the base row with changes (key, value pairs,
 * NULL-terminated; value DROP removes the column, a key not in the base
 * adds one).
 */
static hz_record *make(hz_type t, const char *const *base, va_list ap)
{
	const char *keys[40], *vals[40];
	size_t n = 0;
	const char *k;

	for (size_t i = 0; base[i]; i += 2) {
		keys[n] = base[i];
		vals[n++] = base[i + 1];
	}
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *val = va_arg(ap, const char *);
		size_t i;

		for (i = 0; i < n && strcmp(keys[i], k) != 0; i++)
			;
		if (i == n) {
			assert_true(n < 40);
			keys[n++] = k;
		}
		vals[i] = val;
	}
	hz_schema *s = hz_schema_new(t);
	for (size_t i = 0; i < n; i++) {
		hz_key key;

		if (vals[i] == DROP)
			continue;
		key = hz_match_header(t, hz_str_c(keys[i]));
		if (key == HZ_K_NONE)
			fail_msg("no field %s", keys[i]);
		hz_schema_add(s, keys[i], strlen(keys[i]), key);
	}
	hz_record *r = hz_record_new(s);
	hz_schema_unref(s);
	for (size_t i = 0; i < n; i++)
		if (vals[i] != DROP)
			hz_record_push(r, vals[i], strlen(vals[i]));
	r->place.file = "t.csv";
	r->place.line = next_line++;
	r->place.record = r->place.line - 1;
	return r;
}

/* The second run of the rule tests prepares each record first, as
 * hz-validate's reading thread does (hz_validator_prepare): every finding
 * must be the same either way. */
static bool prepare_first;

/* Validate one record made from a base; findings go to `got`. */
static void check_base(hz_type t, const char *const *base, ...)
{
	va_list ap;
	hz_record *r;

	va_start(ap, base);
	r = make(t, base, ap);
	va_end(ap);
	if (!same_file)
		hz_validator_new_file(val);
	if (prepare_first) {
		hz_validator_prepare(val, r);
		r->flags |= HZ_R_PREPARED;      /* as the reader marks it */
	}
	last_errors = hz_validate_record(val, r);
	hz_record_free(r);
}

#define HAZARD(...) check_base(HZ_HAZARD, base_hazard, __VA_ARGS__, NULL)
#define CHECK(...) check_base(HZ_CHECK, base_check, __VA_ARGS__, NULL)
#define ACTIVITY(...) check_base(HZ_ACTIVITY, base_activity, __VA_ARGS__, NULL)
#define ROSTER(...) check_base(HZ_ROSTER, base_roster, __VA_ARGS__, NULL)
#define DUTY(...) check_base(HZ_DUTY, base_duty, __VA_ARGS__, NULL)
#define NOTICE(...) check_base(HZ_NOTICE, base_notice, __VA_ARGS__, NULL)
#define TIP(...) check_base(HZ_TIP, base_tip, __VA_ARGS__, NULL)
#define UNIT(...) check_base(HZ_UNIT, base_unit, __VA_ARGS__, NULL)
#define SUBMISSION(...) check_base(HZ_SUBMISSION, base_submission, __VA_ARGS__, NULL)

/*
 * The findings since the last call are exactly these "rule:field" strings
 * (any order; field empty for null); then forget them.
 */
static void expect_(const char *where, const char *const *want)
{
	bool used[MAXF] = { false };
	int n = 0;

	for (; want[n]; n++) {
		char rule[48];
		const char *colon = strchr(want[n], ':');
		int i;

		snprintf(rule, sizeof rule, "%.*s", (int)(colon - want[n]), want[n]);
		for (i = 0; i < got.n; i++)
			if (!used[i] && strcmp(got.rule[i], rule) == 0 &&
			    strcmp(got.field[i], colon + 1) == 0)
				break;
		if (i == got.n) {
			for (int j = 0; j < got.n; j++)
				print_message("  got %s:%s\n", got.rule[j], got.field[j]);
			fail_msg("%s: missing %s", where, want[n]);
		}
		used[i] = true;
	}
	if (got.n != n) {
		for (int j = 0; j < got.n; j++)
			print_message("  got %s:%s\n", got.rule[j], got.field[j]);
		fail_msg("%s: %d findings, expected %d", where, got.n, n);
	}
	got.n = 0;
}

#define STR2(x) #x
#define STR(x) STR2(x)
#define EXPECT(...) expect_(__FILE__ ":" STR(__LINE__), \
	(const char *const[]){ __VA_ARGS__, NULL })
#define CLEAN() expect_(__FILE__ ":" STR(__LINE__), (const char *const[]){ NULL })

/* ---- the table ---- */

static const char *const spec_ids[] = {
	"io", "encoding", "cell-too-long", "csv-syntax", "json-syntax",
	"no-header", "empty-input", "header-duplicate", "header-missing", "header-unknown",
	"header-extension", "too-many-cells",
	"required", "bad-id", "duplicate-id", "bad-date", "bad-level",
	"bad-stage", "unknown-domain", "bad-source", "bad-listed", "bad-amount",
	"date-before-check", "extension-before-deadline", "future-date",
	"listed-before-check", "done-without-date", "date-without-done",
	"five-implementations", "progress-mismatch", "progress-order",
	"duplicate-hazard", "bad-flag", "unknown-enterprise", "unknown-item",
	"bad-count", "needs-subject", "sub-exceeds", "needs-value",
	"duplicate-enterprise", "unknown-duty",
	"bad-review-result", "signoff-without-review", "review-before-done",
	"review-before-check", "review-failed-open", "bad-listing-level",
	"delisted-not-listed", "delisted-before-listed", "delisted-open",
	"listed-not-delisted", "duplicate-doc", "bad-notice-kind",
	"reply-before-issue", "unknown-hazard", "date-before-received",
	"bad-channel", "bad-finding", "reward-unverified", "paid-without-reward",
	"bad-unit-kind", "duplicate-unit", "unknown-material", "bad-period", "unknown-unit",
	NULL,
};

static const hz_rule *find_rule(const char *id, hz_type t)
{
	size_t n;
	const hz_rule *r = hz_rules(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(hz_rule_name(r[i].rule), id) == 0 && r[i].type == t)
			return &r[i];
	return NULL;
}

static void test_table(void **state)
{
	size_t n;
	const hz_rule *r = hz_rules(&n);

	(void)state;
	for (size_t i = 0; spec_ids[i]; i++) {
		bool found = false;

		for (size_t j = 0; j < n; j++)
			found |= strcmp(hz_rule_name(r[j].rule), spec_ids[i]) == 0;
		if (!found)
			fail_msg("rule %s is not in the table", spec_ids[i]);
	}
	for (size_t j = 0; j < n; j++) {
		bool in_spec = false;

		for (size_t i = 0; spec_ids[i]; i++)
			in_spec |= strcmp(hz_rule_name(r[j].rule), spec_ids[i]) == 0;
		assert_true(in_spec);
		assert_non_null(r[j].zh);
		assert_non_null(r[j].en);
		/* File-level rules are the reader's; record rules have a check. */
		assert_int_equal(r[j].type == HZ_TYPE_UNKNOWN, r[j].check == NULL);
		for (size_t k = 0; k < j; k++)
			assert_false(strcmp(hz_rule_name(r[j].rule), hz_rule_name(r[k].rule)) == 0 &&
				     r[j].type == r[k].type);
	}
	/* Severities as hz-validate(1) gives them. */
	assert_int_equal(hz_rule_id_severity(find_rule("io", HZ_TYPE_UNKNOWN)->rule), HZ_FATAL);
	assert_int_equal(hz_rule_id_severity(find_rule("header-unknown", HZ_TYPE_UNKNOWN)->rule),
			 HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(find_rule("header-extension", HZ_TYPE_UNKNOWN)->rule),
			 HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(find_rule("too-many-cells", HZ_TYPE_UNKNOWN)->rule),
			 HZ_ERROR);
	const char *warnings[] = { "unknown-domain", "progress-mismatch",
		"progress-order", "duplicate-hazard", NULL };
	for (size_t i = 0; warnings[i]; i++)
		assert_int_equal(hz_rule_id_severity(find_rule(warnings[i], HZ_HAZARD)->rule),
				 HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(find_rule("unknown-enterprise", HZ_CHECK)->rule),
			 HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(find_rule("duplicate-enterprise", HZ_ROSTER)->rule),
			 HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(find_rule("five-implementations", HZ_HAZARD)->rule),
			 HZ_ERROR);
	/* The rules that apply to several types. */
	for (int t = 0; t < HZ_TYPE_COUNT; t++)
		assert_non_null(find_rule("required", (hz_type)t));
	assert_non_null(find_rule("bad-date", HZ_CHECK));
	assert_non_null(find_rule("future-date", HZ_ACTIVITY));
	assert_non_null(find_rule("bad-amount", HZ_ACTIVITY));
}

/* The man page lists every rule with the table's own words. */
static void test_man_page(void **state)
{
	const char *src = getenv("HZ_SOURCE_DIR");
	char path[4096];
	FILE *f;
	char *text;
	long len;
	size_t n;
	const hz_rule *r = hz_rules(&n);

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof path, "%s/man/hz-validate.1", src);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	/* Long meanings are broken over input lines at spaces. */
	for (char *p = text; *p; p++)
		if (*p == '\n')
			*p = ' ';
	for (size_t i = 0; i < n; i++) {
		char want[160];

		snprintf(want, sizeof want, ".It Cm %s Pq %s", hz_rule_name(r[i].rule),
			 hz_severity_name(hz_rule_id_severity(r[i].rule)));
		if (!strstr(text, want))
			fail_msg("man page lacks %s", want);
		if (!strstr(text, r[i].zh))
			fail_msg("man page lacks %s: %s", hz_rule_name(r[i].rule), r[i].zh);
		if (!strstr(text, r[i].en))
			fail_msg("man page lacks %s: %s", hz_rule_name(r[i].rule), r[i].en);
	}
	free(text);
}

/* ---- hazard rules ---- */

static void test_base_rows_clean(void **state)
{
	(void)state;
	HAZARD("remarks", "");
	CLEAN();
	assert_int_equal(last_errors, 0);
	CHECK("remarks", "");
	CLEAN();
	ACTIVITY("remarks", "");
	CLEAN();
	ROSTER("reporter", "");
	CLEAN();
}

static void test_required(void **state)
{
	(void)state;
	HAZARD("domain", "");
	EXPECT("required:domain");
	assert_int_equal(last_errors, 1);
	/* A cell of spaces only is empty, U+3000 included. */
	HAZARD("id", "  ", "unit", "\t　", "hazard", " ");
	EXPECT("required:id", "required:unit", "required:hazard");
	assert_int_equal(last_errors, 3);
	HAZARD("level", "", "stage", "", "check_date", "");
	EXPECT("required:level", "required:stage", "required:check_date");
	/* measures and deadline are of the 五落实 too. */
	HAZARD("measures", "", "deadline", "");
	EXPECT("required:measures", "required:deadline",
	       "five-implementations:measures", "five-implementations:deadline");
	/* Near miss: an absent column is the reader's header-missing. */
	HAZARD("domain", DROP);
	CLEAN();
	HAZARD("domain", " 消防 ");
	CLEAN();

	CHECK("enterprise", " ");
	EXPECT("required:enterprise");
	CHECK("check_date", "");
	EXPECT("required:check_date");
	ACTIVITY("item", "");
	EXPECT("required:item");
	ACTIVITY("date", "　");
	EXPECT("required:date");
	ROSTER("enterprise", "");
	EXPECT("required:enterprise");
	ROSTER("enterprise", DROP);
	CLEAN();
}

static void test_bad_id(void **state)
{
	(void)state;
	HAZARD("id", "abc");
	EXPECT("bad-id:id");
	HAZARD("id", "0");
	EXPECT("bad-id:id");
	HAZARD("id", "-3");
	EXPECT("bad-id:id");
	HAZARD("id", "1.5");
	EXPECT("bad-id:id");
	HAZARD("id", " 7 ");
	CLEAN();
}

static void test_duplicate_id(void **state)
{
	(void)state;
	same_file = true;
	HAZARD("id", "1");
	CLEAN();
	HAZARD("id", "2", "hazard", "另一隐患");
	CLEAN();
	HAZARD("id", "1", "hazard", "第三个隐患");
	EXPECT("duplicate-id:id");
	/* The same number, spelled with spaces: the same id. */
	HAZARD("id", " 2", "hazard", "第四个隐患");
	EXPECT("duplicate-id:id");
	/* Large ids are remembered too. */
	HAZARD("id", "99999999999", "hazard", "五");
	CLEAN();
	HAZARD("id", "99999999999", "hazard", "六");
	EXPECT("duplicate-id:id");
	/* A bad id is not also a duplicate. */
	HAZARD("id", "x", "hazard", "七");
	HAZARD("id", "x", "hazard", "八");
	EXPECT("bad-id:id", "bad-id:id");
	/* Per file. */
	hz_validator_new_file(val);
	HAZARD("id", "1");
	CLEAN();
}

static void test_note(void **state)
{
	hz_schema *s = hz_schema_new(HZ_HAZARD);
	const char *k[] = { "id", "hazard", "unit", "check_date", "reporter" };
	const char *v[] = { "9", "堵塞", "某店", "2023-05-01", "公园社区" };
	hz_record *r;

	(void)state;
	same_file = true;
	/* hz-add: the register's rows are noted, the new ones checked. */
	for (int i = 0; i < 5; i++)
		hz_schema_add(s, k[i], strlen(k[i]),
			      hz_match_header(HZ_HAZARD, hz_str_c(k[i])));
	r = hz_record_new(s);
	hz_schema_unref(s);
	for (int i = 0; i < 5; i++)
		hz_record_push(r, v[i], strlen(v[i]));
	r->place.file = "reg.csv";
	r->place.line = 2;
	hz_validator_note(val, r);
	hz_record_free(r);
	CLEAN();
	HAZARD("id", "9", "hazard", "不同");
	EXPECT("duplicate-id:id");
	HAZARD("id", "10", "hazard", "堵塞", "unit", "某店",
	       "check_date", "2023-05-01", "deadline", "2023-05-10",
	       "progress_date", "2023-05-02");
	EXPECT("duplicate-hazard:");
	HAZARD("id", "11", "hazard", "另一");
	CLEAN();
}

static void test_bad_date(void **state)
{
	(void)state;
	HAZARD("check_date", "2023-02-29");
	EXPECT("bad-date:check_date");
	HAZARD("deadline", "2023-04-31");
	EXPECT("bad-date:deadline");
	/* 前 is for deadline only. */
	HAZARD("deadline", "2023年6月30日前");
	CLEAN();
	HAZARD("stage", "已整改", "done_date", "2023年6月30日前");
	EXPECT("bad-date:done_date");
	HAZARD("extension", "下月");
	EXPECT("bad-date:extension");
	/* Progress dates: one finding for the field however many lines. */
	HAZARD("progress", "一\n二\n三\n四",
	       "progress_date", "2023-06-01\n2023-13-01\n\nfoo");
	EXPECT("bad-date:progress_date");
	/* A blank line is an entry without a date, not a bad one. */
	HAZARD("progress", "一\n二", "progress_date", "2023-06-01\n ");
	CLEAN();
	HAZARD("check_date", "2023/5/26", "deadline", "2023.6.10",
	       "progress_date", "20230601");
	CLEAN();
	CHECK("check_date", "2023-06-31");
	EXPECT("bad-date:check_date");
	CHECK("check_date", "2023年6月1日");
	CLEAN();
	ACTIVITY("date", "6月1日");
	EXPECT("bad-date:date");
	ACTIVITY("date", " 2023-6-1 ");
	CLEAN();
}

static void test_vocabularies(void **state)
{
	(void)state;
	HAZARD("level", "省");
	EXPECT("bad-level:level");
	HAZARD("level", "县级");
	CLEAN();
	HAZARD("level", "市级 ");
	CLEAN();
	HAZARD("stage", "搁置");
	EXPECT("bad-stage:stage");
	HAZARD("stage", "正在整改");
	CLEAN();
	HAZARD("source", "群众举报");
	EXPECT("bad-source:source");
	HAZARD("source", "企业自查");
	CLEAN();
	HAZARD("source", "");
	CLEAN();
	HAZARD("listed", "待定");
	EXPECT("bad-listed:listed");
	HAZARD("listed", "是");
	CLEAN();
	HAZARD("listed", "Y");
	CLEAN();
	HAZARD("listed", "2023-06-01");
	CLEAN();
}

static void test_unknown_domain(void **state)
{
	char path[] = "/tmp/test_rules_domainsXXXXXX";
	char err[256] = "";
	int fd;
	hz_domains *extra;

	(void)state;
	HAZARD("domain", "养殖");
	assert_int_equal(last_errors, 0);   /* a warning */
	EXPECT("unknown-domain:domain");
	HAZARD("domain", "危化品");
	CLEAN();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "养殖\n", strlen("养殖\n")), (ssize_t)strlen("养殖\n"));
	close(fd);
	extra = hz_domains_load(path, err, sizeof err);
	unlink(path);
	assert_non_null(extra);
	restart(NULL, extra);
	HAZARD("domain", "养殖");
	CLEAN();
	HAZARD("domain", "渔业");
	EXPECT("unknown-domain:domain");
	hz_validator_free(val);
	val = NULL;
	hz_domains_free(extra);
}

static void test_bad_amount(void **state)
{
	(void)state;
	HAZARD("funds", "-1");
	EXPECT("bad-amount:funds");
	HAZARD("funds", "1.23456");
	EXPECT("bad-amount:funds");
	HAZARD("funds", "1,000");
	EXPECT("bad-amount:funds");
	HAZARD("funds", "12.3456");
	CLEAN();
	HAZARD("funds", "0");
	CLEAN();
	ACTIVITY("amount", "2万");
	EXPECT("bad-amount:amount");
	ACTIVITY("item", "4.5", "amount", "1", "sub", "abc");
	EXPECT("bad-amount:sub");
	ACTIVITY("item", "4.5", "amount", "1", "sub", "0.5");
	CLEAN();
	/* sub is only an amount for 4.5. */
	ACTIVITY("item", "3.1", "sub", "abc");
	CLEAN();
}

static void test_date_before_check(void **state)
{
	(void)state;
	HAZARD("deadline", "2023-05-01");
	EXPECT("date-before-check:deadline");
	HAZARD("deadline", "2023年5月1日前");
	EXPECT("date-before-check:deadline");
	HAZARD("stage", "已整改", "done_date", "2023-05-25");
	EXPECT("date-before-check:done_date");
	/* One finding for the field, however many dates are early. */
	HAZARD("progress", "一\n二\n三",
	       "progress_date", "2023-05-20\n2023-05-21\n2023-06-01");
	EXPECT("date-before-check:progress_date");
	/* One per offending field. */
	HAZARD("deadline", "2023-05-01", "stage", "已整改",
	       "done_date", "2023-05-02", "progress_date", "2023-05-03");
	EXPECT("date-before-check:deadline", "date-before-check:done_date",
	       "date-before-check:progress_date");
	/* Near misses: the same day; no valid check_date. */
	HAZARD("deadline", "2023-05-26", "progress_date", "2023-05-26");
	CLEAN();
	HAZARD("check_date", "2023-05-32", "deadline", "2023-05-01");
	EXPECT("bad-date:check_date");
}

static void test_extension(void **state)
{
	(void)state;
	HAZARD("extension", "2023-06-10");
	EXPECT("extension-before-deadline:extension");
	HAZARD("extension", "2023-06-01");
	EXPECT("extension-before-deadline:extension");
	HAZARD("extension", "2023-06-11");
	CLEAN();
	HAZARD("extension", "2023-06-10", "deadline", "2023-06-09前");
	CLEAN();
}

static void test_future_date(void **state)
{
	(void)state;
	HAZARD("check_date", "2023-07-02", "deadline", "2023-07-20",
	       "progress", "", "progress_date", "");
	EXPECT("future-date:check_date");
	HAZARD("stage", "已整改", "done_date", "2023-07-05");
	EXPECT("future-date:done_date");
	HAZARD("progress", "一\n二", "progress_date", "2023-06-01\n2023-08-01");
	EXPECT("future-date:progress_date");
	/* Today itself is not the future; a deadline may be. */
	HAZARD("check_date", "2023-07-01", "deadline", "2024-01-01",
	       "progress", "", "progress_date", "", "extension", "2024-06-01");
	CLEAN();
	CHECK("check_date", "2023-07-02");
	EXPECT("future-date:check_date");
	CHECK("check_date", "2023-07-01");
	CLEAN();
	ACTIVITY("date", "2024-01-01");
	EXPECT("future-date:date");
	ACTIVITY("date", "2023-07-01 23:59");
	CLEAN();
}

static void test_listed_before_check(void **state)
{
	(void)state;
	HAZARD("listed", "2023-05-01");
	EXPECT("listed-before-check:listed");
	HAZARD("listed", "2023-05-26");
	CLEAN();
	HAZARD("listed", "1");
	CLEAN();
}

static void test_stage_and_done(void **state)
{
	(void)state;
	HAZARD("stage", "已销号", "done_date", " ");
	EXPECT("done-without-date:done_date");
	HAZARD("stage", "完成整改", "done_date", "");
	EXPECT("done-without-date:done_date");
	HAZARD("stage", "已整改", "done_date", "2023-06-05");
	CLEAN();
	/* done_date is a column of the form, not an extension: absent, it is
	 * empty (hz-formats(5): only extension columns may be missing). */
	HAZARD("stage", "已整改", "done_date", DROP);
	EXPECT("done-without-date:done_date");
	HAZARD("stage", "销号", "done_date", DROP);
	EXPECT("done-without-date:done_date");
	HAZARD("stage", "整改中", "done_date", DROP);
	CLEAN();
	HAZARD("stage", "整改中", "done_date", "2023-06-05");
	EXPECT("date-without-done:done_date");
	HAZARD("stage", "未整改", "done_date", "2023-06-05");
	EXPECT("date-without-done:done_date");
	HAZARD("stage", "已销号", "done_date", "2023-06-05");
	CLEAN();
}

static void test_five_implementations(void **state)
{
	(void)state;
	HAZARD("owner", "");
	EXPECT("five-implementations:owner");
	HAZARD("plan", " ", "funds", "");
	EXPECT("five-implementations:plan", "five-implementations:funds");
	/* Rectified later than the check day. */
	HAZARD("owner", "", "stage", "已整改", "done_date", "2023-06-05");
	EXPECT("five-implementations:owner");
	/* Near misses: rectified on the check day; the column is absent. */
	HAZARD("owner", "", "plan", "", "funds", "", "stage", "已整改",
	       "done_date", "2023年5月26日");
	CLEAN();
	HAZARD("owner", DROP, "plan", DROP, "funds", DROP);
	CLEAN();
	/* A bad done_date says nothing about the day. */
	HAZARD("owner", "", "stage", "已整改", "done_date", "昨天");
	EXPECT("bad-date:done_date");
	/* done_date set but check_date not a date: not "later than a valid
	 * check_date", so not checked. */
	HAZARD("owner", "", "check_date", "x", "stage", "已整改",
	       "done_date", "2023-06-05");
	EXPECT("bad-date:check_date");
}

static void test_progress(void **state)
{
	(void)state;
	HAZARD("progress", "一\n二", "progress_date", "2023-06-01");
	EXPECT("progress-mismatch:progress");
	assert_int_equal(last_errors, 0);
	HAZARD("progress", "", "progress_date", "2023-06-01");
	EXPECT("progress-mismatch:progress");
	HAZARD("progress", "一\r\n二", "progress_date", "2023-06-01\r\n2023-06-02");
	CLEAN();
	HAZARD("progress", "", "progress_date", "");
	CLEAN();
	/* Columns of the form: an absent one has 0 lines. */
	HAZARD("progress", "一\n二", "progress_date", DROP);
	EXPECT("progress-mismatch:progress");
	HAZARD("progress", DROP, "progress_date", "2023-06-01");
	EXPECT("progress-mismatch:progress");
	HAZARD("progress", "", "progress_date", DROP);
	CLEAN();
	HAZARD("progress", DROP, "progress_date", DROP);
	CLEAN();

	HAZARD("progress", "一\n二\n三",
	       "progress_date", "2023-06-05\n2023-06-01\n2023-06-03");
	EXPECT("progress-order:progress_date");
	assert_int_equal(last_errors, 0);
	HAZARD("progress", "一\n二\n三",
	       "progress_date", "2023-06-01\n2023-06-01\n2023-06-03");
	CLEAN();
	/* Only the valid dates are compared. */
	HAZARD("progress", "一\n二\n三",
	       "progress_date", "2023-06-02\nfoo\n2023-06-03");
	EXPECT("bad-date:progress_date");
}

static void test_duplicate_hazard(void **state)
{
	(void)state;
	same_file = true;
	HAZARD("id", "1");
	CLEAN();
	HAZARD("id", "2");
	EXPECT("duplicate-hazard:");
	assert_int_equal(last_errors, 0);
	/* The same day spelled otherwise, spaces around the text. */
	HAZARD("id", "3", "check_date", "2023年5月26日", "unit", " 某某酒店");
	EXPECT("duplicate-hazard:");
	HAZARD("id", "4", "check_date", "2023-05-27");
	CLEAN();
	HAZARD("id", "5", "unit", "另一酒店");
	CLEAN();
	/* Not all three filled. */
	HAZARD("id", "6", "unit", "");
	EXPECT("required:unit");
	HAZARD("id", "7", "unit", "");
	EXPECT("required:unit");
	hz_validator_new_file(val);
	HAZARD("id", "1");
	CLEAN();
}

/* ---- spot checks ---- */

static void test_bad_flag(void **state)
{
	(void)state;
	CHECK("no_drill", "有");
	EXPECT("bad-flag:no_drill");
	CHECK("no_study", "2", "unlicensed_work", "yes");
	EXPECT("bad-flag:no_study", "bad-flag:unlicensed_work");
	CHECK("no_drill", " true ", "no_study", "y");
	CLEAN();
}

static void test_unknown_enterprise(void **state)
{
	hz_strset *roster = hz_strset_new();

	(void)state;
	CHECK("enterprise", "某某超市");
	CLEAN();                            /* no --roster */
	hz_strset_add(roster, "某某酒店", strlen("某某酒店"));
	restart(roster, NULL);
	CHECK("enterprise", "某某超市");
	EXPECT("unknown-enterprise:enterprise");
	assert_int_equal(last_errors, 0);
	CHECK("enterprise", " 某某酒店　");
	CLEAN();
	hz_validator_free(val);
	val = NULL;
	hz_strset_free(roster);
}

/* ---- roster flags and duty records (hz-due) ---- */

static void test_roster_flags(void **state)
{
	(void)state;
	ROSTER("high_risk", "是", "crowded", "否");
	CLEAN();
	ROSTER("crowded", " √ ");
	CLEAN();
	ROSTER("high_risk", "高危");
	EXPECT("bad-flag:high_risk");
	ROSTER("high_risk", "x", "crowded", "2");
	EXPECT("bad-flag:high_risk", "bad-flag:crowded");
}

static void test_duty_rules(void **state)
{
	hz_strset *roster = hz_strset_new();
	char err[256];

	(void)state;
	DUTY("duty", "meeting");
	CLEAN();
	DUTY("duty", " 专项行动推进会 ");      /* a label, trimmed */
	CLEAN();
	DUTY("duty", "推进会");
	EXPECT("unknown-duty:duty");
	DUTY("duty", "Meeting");                /* codes match exactly */
	EXPECT("unknown-duty:duty");
	DUTY("duty", "", "enterprise", " ", "date", "");
	EXPECT("required:duty", "required:enterprise", "required:date");
	DUTY("date", "2023-06-31");
	EXPECT("bad-date:date");
	DUTY("date", "2023-07-02");
	EXPECT("future-date:date");
	DUTY("date", "2023年7月1日");
	CLEAN();
	/* a --schedule file replaces the built-in codes */
	FILE *f = fopen("test_rules_schedule.csv", "w");
	assert_non_null(f);
	fputs("code,label,applies,every\ntraining,安全培训,enterprise,quarter\n", f);
	fclose(f);
	hz_schedule *s = hz_schedule_load("test_rules_schedule.csv", err, sizeof err);
	assert_non_null(s);
	opts.schedule = s;
	restart(roster, NULL);
	DUTY("duty", "meeting");
	EXPECT("unknown-duty:duty", "unknown-enterprise:enterprise");   /* an empty roster */
	DUTY("duty", "安全培训");
	EXPECT("unknown-enterprise:enterprise");
	assert_int_equal(last_errors, 0);
	hz_strset_add(roster, "某某酒店", strlen("某某酒店"));
	DUTY("duty", "training", "enterprise", "某某酒店 ");
	CLEAN();
	hz_validator_free(val);
	val = NULL;
	opts.schedule = NULL;
	hz_schedule_free(s);
	hz_strset_free(roster);
	remove("test_rules_schedule.csv");
}

/* ---- activities ---- */

static void test_unknown_item(void **state)
{
	(void)state;
	ACTIVITY("item", "9.9");
	EXPECT("unknown-item:item");
	ACTIVITY("item", "1.1");            /* a section 1 code */
	EXPECT("unknown-item:item");
	ACTIVITY("item", "帮扶指导重点地区");
	CLEAN();
	ACTIVITY("item", " 4.10 ");
	CLEAN();
}

static void test_bad_count(void **state)
{
	(void)state;
	ACTIVITY("count", "-1");
	EXPECT("bad-count:count");
	ACTIVITY("count", "2.5");
	EXPECT("bad-count:count");
	ACTIVITY("item", "4.6", "count", "2");
	EXPECT("bad-count:count");
	ACTIVITY("item", "3.8", "count", "2", "sub", "x");
	EXPECT("bad-count:sub");
	ACTIVITY("item", "4.6", "count", "1");
	CLEAN();
	ACTIVITY("item", "4.6", "count", "0");
	CLEAN();
	ACTIVITY("item", "3.8", "count", "2", "sub", "1");
	CLEAN();
	ACTIVITY("count", "");              /* empty means 1 */
	CLEAN();
}

static void test_needs_subject(void **state)
{
	(void)state;
	ACTIVITY("item", "3.6");
	EXPECT("needs-subject:subject");
	ACTIVITY("item", "曝光、约谈、联合惩戒企业", "subject", " ");
	EXPECT("needs-subject:subject");
	ACTIVITY("item", "3.7", "subject", DROP);
	EXPECT("needs-subject:subject");
	ACTIVITY("item", "3.6", "subject", "某某酒店");
	CLEAN();
	ACTIVITY("item", "3.5");
	CLEAN();
}

static void test_sub_exceeds(void **state)
{
	(void)state;
	ACTIVITY("item", "3.8", "count", "2", "sub", "3");
	EXPECT("sub-exceeds:sub");
	ACTIVITY("item", "3.8", "count", "", "sub", "2");   /* count 1 */
	EXPECT("sub-exceeds:sub");
	ACTIVITY("item", "4.5", "amount", "1", "sub", "1.5");
	EXPECT("sub-exceeds:sub");
	ACTIVITY("item", "3.8", "count", "2", "sub", "2");
	CLEAN();
	ACTIVITY("item", "4.5", "amount", "1.5", "sub", "1.5");
	CLEAN();
	ACTIVITY("item", "3.3", "count", "1", "sub", "5");
	CLEAN();
}

static void test_needs_value(void **state)
{
	(void)state;
	ACTIVITY("item", "4.6", "count", "");
	EXPECT("needs-value:count");
	ACTIVITY("item", "4.7", "count", " ");
	EXPECT("needs-value:count");
	ACTIVITY("item", "4.7", "count", DROP);
	EXPECT("needs-value:count");
	ACTIVITY("item", "4.7", "count", "0");
	CLEAN();
	ACTIVITY("item", "4.6", "count", "0");
	CLEAN();
}

/* Every date field of the field tables gets bad-date: the rule walks the
 * table's kinds, not a list of its own. */
static void test_bad_date_by_kind(void **state)
{
	static const struct { hz_type type; const char *const *base; } types[] = {
		{ HZ_HAZARD, base_hazard }, { HZ_CHECK, base_check }, { HZ_ACTIVITY, base_activity },
	};
	int walked = 0;

	(void)state;
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		size_t n;
		const hz_field *f = hz_fields(types[t].type, &n);
		for (size_t i = 0; i < n; i++) {
			char want[64];
			if (f[i].kind != HZ_KIND_DATE && f[i].kind != HZ_KIND_DATES)
				continue;
			walked++;
			check_base(types[t].type, types[t].base, f[i].name, "2023-02-30", NULL);
			snprintf(want, sizeof want, "%s", f[i].name);
			bool found = false;
			for (int k = 0; k < got.n; k++)
				found |= strcmp(got.rule[k], "bad-date") == 0 &&
					 strcmp(got.field[k], want) == 0;
			if (!found)
				fail_msg("%s: no bad-date:%s", hz_type_name(types[t].type), want);
			got.n = 0;
		}
	}
	assert_true(walked >= 7);
}

/* What an item needs follows from the item table's row, for every
 * activity item: a row added to the table is validated as it is tallied. */
static void test_items_from_table(void **state)
{
	size_t n;
	const hz_item *items = hz_items(&n);
	int walked = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *code = items[i].code;

		if (items[i].source_type != HZ_ACTIVITY)
			continue;
		walked++;
		ACTIVITY("item", code, "count", "1", "subject", "", "amount", "1", "sub", "x");
		const char *want[4] = { NULL };
		int k = 0;
		if (items[i].agg == HZ_AGG_DISTINCT_SUBJECT)
			want[k++] = "needs-subject:subject";
		if (items[i].agg2 == HZ_AGG2_SUM_SUB_COUNT)
			want[k++] = "bad-count:sub";
		if (items[i].agg2 == HZ_AGG2_SUM_SUB_AMOUNT)
			want[k++] = "bad-amount:sub";
		expect_(code, want);
		ACTIVITY("item", code, "count", "", "subject", "某厂");
		if (items[i].agg == HZ_AGG_LATEST_FLAG || items[i].agg == HZ_AGG_LATEST_COUNT)
			EXPECT("needs-value:count");
		else
			CLEAN();
	}
	assert_true(walked >= 20);
}

/* ---- roster ---- */

static void test_duplicate_enterprise(void **state)
{
	(void)state;
	same_file = true;
	ROSTER("enterprise", "某某酒店");
	CLEAN();
	ROSTER("id", "2", "enterprise", "某某酒店 ");
	EXPECT("duplicate-enterprise:enterprise");
	assert_int_equal(last_errors, 0);
	ROSTER("id", "3", "enterprise", "某某超市");
	CLEAN();
	hz_validator_new_file(val);
	ROSTER("enterprise", "某某酒店");
	CLEAN();
}

/* A record of an unknown type is not checked. */
static void test_unknown_type(void **state)
{
	hz_schema *s = hz_schema_new(HZ_TYPE_UNKNOWN);
	hz_record *r;

	(void)state;
	hz_schema_add(s, "x", 1, HZ_K_NONE);
	r = hz_record_new(s);
	hz_schema_unref(s);
	hz_record_push(r, "", 0);
	assert_int_equal(hz_validate_record(val, r), 0);
	hz_record_free(r);
	CLEAN();
}

/* What was prepared is used only while it holds: not after the record's
 * bad bytes were repaired, nor for another validator, nor for a record
 * read again into the same storage. */
static void test_prepared_holds(void **state)
{
	hz_schema *s = hz_schema_full(HZ_HAZARD, true);
	hz_record *r = hz_record_new(s);
	hz_validator *other;
	hz_diag quiet;

	(void)state;
	hz_schema_unref(s);
	for (size_t c = 0; c < r->schema->ncols; c++)
		hz_record_push(r, "", 0);
	const char *const cells[][2] = {
		{ "id", "1" }, { "domain", "消防" }, { "hazard", "堵塞通道" },
		{ "level", "县区" }, { "measures", "清理" }, { "check_date", "2023-05-26" },
		{ "deadline", "2023-06-10" }, { "unit", "某酒店" }, { "stage", "整改中" },
		{ "owner", "张三" }, { "funds", "0.2" }, { "plan", "是" },
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		assert_true(hz_record_set(r, hz_match_header(HZ_HAZARD, hz_str_c(cells[i][0])),
					  cells[i][1], strlen(cells[i][1])));
	r->place = (hz_place){ .file = "t.csv", .line = 2, .record = 1 };
	hz_diag_init(&quiet, NULL);
	quiet.out = NULL;
	other = hz_validator_new(&opts, &quiet);
	/* prepared by another validator, then the deadline made bad: the
	 * stale scan must not hide it */
	hz_validator_prepare(other, r);
	r->flags |= HZ_R_PREPARED;
	assert_true(hz_record_set(r, HZ_K_DEADLINE, "下月", strlen("下月")));
	hz_validator_new_file(val);
	hz_validate_record(val, r);
	EXPECT("bad-date:deadline");
	/* prepared here, then repaired (bad bytes): scanned again */
	hz_validator_prepare(val, r);
	r->flags |= HZ_R_PREPARED;
	assert_true(hz_record_set(r, HZ_K_DEADLINE, "2023-06-10", 10));
	r->flags |= HZ_R_BAD_BYTES;
	hz_validator_new_file(val);
	hz_validate_record(val, r);
	EXPECT("encoding:");        /* the flag's own finding, no bad-date */
	/* prepared for this record as it is: the same findings */
	r->flags = 0;
	assert_true(hz_record_set(r, HZ_K_CHECK_DATE, "某天", strlen("某天")));
	hz_validator_prepare(val, r);
	r->flags |= HZ_R_PREPARED;
	hz_validator_new_file(val);
	hz_validate_record(val, r);
	EXPECT("bad-date:check_date");
	/* the same storage read again without the reader preparing it (its
	 * thread was ahead): what it holds is an earlier row's */
	r->flags = 0;
	assert_true(hz_record_set(r, HZ_K_CHECK_DATE, "2023-05-26", 10));
	hz_validator_new_file(val);
	hz_validate_record(val, r);
	CLEAN();
	hz_validator_free(other);
	hz_record_free(r);
}

/*
 * The rule list of man/hz-validate.1, from the table: run
 * `test_rules --man-rules` and paste its output between the RULES
 * section's introduction and EXIT STATUS. test_man_page checks the two agree.
 */
static const struct {
	hz_type type;
	const char *title;
} man_sections[] = {
	{ HZ_TYPE_UNKNOWN, "File-level rules (文件)" },
	{ HZ_HAZARD, "Hazard rules (重大事故隐患清单)" },
	{ HZ_CHECK, "Spot-check rules (抽查检查)" },
	{ HZ_ACTIVITY, "Activity rules (执法与组织领导情况)" },
	{ HZ_ROSTER, "Roster rules (企业、场所清单)" },
	{ HZ_DUTY, "Duty rules (履职记录, hz-due)" },
	{ HZ_NOTICE, "Notice rules (督促函、督办)" },
	{ HZ_TIP, "Tip rules (举报)" },
	{ HZ_UNIT, "Unit rules (报送单位, hz-collect)" },
	{ HZ_SUBMISSION, "Submission rules (报送台账, hz-collect)" },
};

/* Columns of an input line as mandoc -T lint measures them: each
 * non-ASCII character counts as its escape, \[uXXXX]. */
static size_t man_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w += (unsigned char)s[i] < 0x80 ? 1 : 8;
	return w;
}

/* Text as input lines that lint takes without a style message: broken at
 * spaces, at most 78 columns where a space allows. */
static void man_wrap(const char *s)
{
	size_t line = 0;

	while (*s) {
		size_t n = strcspn(s, " ");
		size_t w = man_width(s, n);

		if (line > 0 && line + 1 + w > 78) {
			putchar('\n');
			line = 0;
		} else if (line > 0) {
			putchar(' ');
			line++;
		}
		printf("%.*s", (int)n, s);
		line += w;
		s += n;
		while (*s == ' ')
			s++;
	}
	putchar('\n');
}

static void print_man_rules(void)
{
	size_t n;
	const hz_rule *r = hz_rules(&n);

	for (size_t s = 0; s < sizeof man_sections / sizeof man_sections[0]; s++) {
		printf(".Ss %s\n.Bl -tag -width Ds\n", man_sections[s].title);
		for (size_t i = 0; i < n; i++) {
			if (r[i].type != man_sections[s].type)
				continue;
			printf(".It Cm %s Pq %s\n", hz_rule_name(r[i].rule),
			       hz_severity_name(hz_rule_id_severity(r[i].rule)));
			man_wrap(r[i].en);
			printf(".br\n");
			man_wrap(r[i].zh);
		}
		printf(".El\n");
	}
}

/* ---- the office: sign-off, 挂牌督办, notices, tips ---- */

/* A signed-off hazard of base_hazard, rectified on 2023-06-05. */
#define SIGNED "stage", "已销号", "done_date", "2023-06-05"

static void test_signoff(void **state)
{
	(void)state;
	/* Without the review columns: today's findings, none. */
	HAZARD(SIGNED);
	CLEAN();
	HAZARD(SIGNED, "review_date", "", "review_result", "");
	EXPECT("signoff-without-review:review_date");
	HAZARD(SIGNED, "review_date", "2023-06-08", "review_result", "不通过");
	EXPECT("signoff-without-review:review_result", "review-failed-open:stage");
	HAZARD(SIGNED, "review_result", "");            /* only the result column */
	EXPECT("signoff-without-review:review_result");
	/* Near misses: a passing review, an alias of 通过, or not signed off. */
	HAZARD(SIGNED, "review_date", "2023-06-08", "review_result", "通过", "reviewer", "街道安全办");
	CLEAN();
	HAZARD(SIGNED, "review_date", "2023-06-08", "review_result", "验收通过");
	CLEAN();
	HAZARD("stage", "已整改", "done_date", "2023-06-05", "review_date", "", "review_result", "");
	CLEAN();
}

static void test_review_rules(void **state)
{
	(void)state;
	HAZARD("review_result", "马马虎虎");
	EXPECT("bad-review-result:review_result");
	HAZARD("review_result", "不合格");      /* an alias of 不通过, stage 整改中 */
	CLEAN();
	HAZARD("stage", "已整改", "done_date", "2023-06-05", "review_result", "未通过");
	EXPECT("review-failed-open:stage");
	HAZARD(SIGNED, "review_date", "2023-06-04", "review_result", "通过");
	EXPECT("review-before-done:review_date");
	HAZARD(SIGNED, "review_date", "2023-06-05", "review_result", "通过");
	CLEAN();                                /* the same day is not before */
	HAZARD("review_date", "2023-05-20");
	EXPECT("review-before-check:review_date");
	HAZARD("review_date", "2023-05-26");
	CLEAN();
	HAZARD("review_date", "2023-07-02");    /* today is 2023-07-01 */
	EXPECT("future-date:review_date");
	HAZARD("review_date", "六月");
	EXPECT("bad-date:review_date");
	HAZARD("evidence", "现场照片1.jpg\nhttps://example.org/2.jpg");
	CLEAN();
}

/* A listed hazard, rectified on 2023-06-05. */
#define LISTED "listed", "2023-06-01", "stage", "已整改", "done_date", "2023-06-05"

static void test_listing_rules(void **state)
{
	(void)state;
	HAZARD(LISTED, "listing_level", "区级", "listing_authority", "城中区安委办",
	       "listing_doc", "城安办〔2023〕7号", "delisted", "2023-06-20");
	CLEAN();
	HAZARD("listing_level", "县区级");      /* an alias of 区级 */
	CLEAN();
	HAZARD("listing_level", "国家级");
	EXPECT("bad-listing-level:listing_level");
	HAZARD("listed", "否", "delisted", "2023-06-20", "stage", "已整改", "done_date", "2023-06-05");
	EXPECT("delisted-not-listed:delisted");
	HAZARD("listed", "否", "delisted", "");
	CLEAN();
	HAZARD("listed", DROP, "delisted", "2023-06-20", "stage", "已整改", "done_date", "2023-06-05");
	CLEAN();                                /* no listed column: not judged */
	HAZARD(LISTED, "delisted", "2023-05-30");
	EXPECT("delisted-before-listed:delisted", "delisted-open:delisted");
	HAZARD("listed", "是", "delisted", "2023-06-20");   /* stage 整改中 */
	EXPECT("delisted-open:delisted");
	HAZARD("listed", "是", "stage", "已整改", "done_date", "2023-06-25", "delisted", "2023-06-20");
	EXPECT("delisted-open:delisted");
	HAZARD("listed", "是", "stage", "已整改", "done_date", "2023-06-20", "delisted", "2023-06-20");
	CLEAN();
	HAZARD("listed", "是", SIGNED, "delisted", "");
	EXPECT("listed-not-delisted:delisted");
	HAZARD("listed", "否", SIGNED, "delisted", "");
	CLEAN();
	HAZARD("listed", "是", SIGNED);          /* no delisted column */
	CLEAN();
}

static void test_notice_rules(void **state)
{
	(void)state;
	NOTICE("remarks", "");
	CLEAN();
	NOTICE("doc", "", "to", " ");
	EXPECT("required:doc", "required:to");
	NOTICE("kind", "通知");
	EXPECT("bad-notice-kind:kind");
	NOTICE("reply_by", "2023-05-30", "replied", "2023-05-31");
	EXPECT("reply-before-issue:reply_by", "reply-before-issue:replied");
	NOTICE("reply_by", "2023-06-01", "replied", "2023-06-01");
	CLEAN();
	NOTICE("issued", "2023-07-02", "reply_by", "2023-07-20");
	EXPECT("future-date:issued");           /* a reply day may lie ahead */
	NOTICE("replied", "2023/13/1");
	EXPECT("bad-date:replied");
	same_file = true;
	hz_validator_new_file(val);
	NOTICE("remarks", "");
	NOTICE("remarks", "");
	EXPECT("duplicate-doc:doc");
	NOTICE("doc", "公安办督〔2023〕4号");
	CLEAN();
}

static void test_unknown_hazard(void **state)
{
	(void)state;
	/* Without a register among the inputs: not judged. */
	NOTICE("hazards", "99");
	CLEAN();
	opts.hazard_refs = true;
	restart(NULL, NULL);
	HAZARD("id", "4");
	CLEAN();
	NOTICE("hazards", "公园社区:4\n4\n 公园社区 : 04 ");
	CLEAN();
	NOTICE("hazards", "5");
	EXPECT("unknown-hazard:hazards");
	NOTICE("hazards", "解放社区:4");
	EXPECT("unknown-hazard:hazards");
	opts.hazard_refs = false;
}

static void test_tip_rules(void **state)
{
	(void)state;
	TIP("action", "");
	CLEAN();
	TIP("id", "", "content", "");
	EXPECT("required:id", "required:content");
	TIP("channel", "微信");
	EXPECT("bad-channel:channel");
	TIP("finding", "待查");
	EXPECT("bad-finding:finding", "reward-unverified:reward");
	TIP("finding", "不属实");
	EXPECT("reward-unverified:reward");
	TIP("finding", "部分属实");
	CLEAN();
	TIP("finding", "不属实", "reward", "0", "paid", "");
	CLEAN();
	TIP("paid", "2023-06-20", "reward", "");
	EXPECT("paid-without-reward:paid");
	TIP("paid", "2023-06-20", "reward", "0", "finding", "不属实");
	EXPECT("paid-without-reward:paid");
	TIP("reward", "一万");
	EXPECT("bad-amount:reward");
	TIP("anonymous", "匿");
	EXPECT("bad-flag:anonymous");
	TIP("verified", "2023-05-30", "paid", "2023-05-31", "reply_by", "2023-05-20",
	    "replied", "2023-05-21");
	EXPECT("date-before-received:verified", "date-before-received:paid",
	       "date-before-received:reply_by", "date-before-received:replied");
	TIP("reply_by", "2023-08-01");          /* a reply day may lie ahead */
	CLEAN();
	TIP("replied", "2023-07-02", "reply_by", "2023-08-01");
	EXPECT("future-date:replied");
	same_file = true;
	hz_validator_new_file(val);
	TIP("action", "");
	TIP("action", " ");
	EXPECT("duplicate-id:id");
	TIP("id", "JB-2023-002");
	CLEAN();
}


/* Every rule id is one row of rule_ids.c with its severity: the names are
 * unique and parse back, the severities are those of hz-validate(1), and an
 * id that is no row of the validator's table is a finding of another tool,
 * explained in that tool's page. */
static void test_rule_ids(void **state)
{
	size_t n;
	const hz_rule *r = hz_rules(&n);

	(void)state;
	for (int i = 0; i < HZ_RULE_COUNT; i++) {
		hz_rule_id back;
		const char *name = hz_rule_name((hz_rule_id)i);

		assert_non_null(name);
		assert_true(hz_rule_id_parse(name, &back));
		assert_int_equal(back, i);
		bool validated = false;
		for (size_t j = 0; j < n; j++)
			validated |= r[j].rule == (hz_rule_id)i;
		if (validated)
			continue;
		/* grep the man pages for ".Cm NAME" */
		char cmd[512];
		snprintf(cmd, sizeof cmd, "grep -lqE '(^[.]| )Cm %s( |$)' %s/man/*.[1-9]",
			 name, getenv("HZ_SOURCE_DIR") ? getenv("HZ_SOURCE_DIR") : "../..");
		if (system(cmd) != 0)
			fail_msg("rule %s is in no row of the validator and no man page", name);
	}
	hz_rule_id id;
	assert_false(hz_rule_id_parse("no-such-rule", &id));
	assert_int_equal(hz_rule_id_severity(HZ_RULE_PROGRESS_ORDER), HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(HZ_RULE_BAD_DATE), HZ_ERROR);
	assert_int_equal(hz_rule_id_severity(HZ_RULE_DUPLICATE_ENTERPRISE), HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(HZ_RULE_HEADER_UNKNOWN), HZ_WARNING);
	assert_int_equal(hz_rule_id_severity(HZ_RULE_IO), HZ_FATAL);
	assert_int_equal(hz_rule_id_severity(HZ_RULE_SKIPPED), HZ_WARNING);
}

/* The street database (office.md): the 序号 is the unit's own, so
 * duplicate-id looks per reporter (records without one form one group);
 * duplicate-hazard looks across units and names both. */
static void test_street_database(void **state)
{
	(void)state;
	same_file = true;
	hz_validator_new_file(val);
	HAZARD("id", "1", "reporter", "公园社区");
	CLEAN();
	HAZARD("id", "1", "reporter", "解放社区", "hazard", "另一隐患");
	CLEAN();
	HAZARD("id", "1", "reporter", " 解放社区 ", "hazard", "第三隐患");
	EXPECT("duplicate-id:id");
	HAZARD("id", "1", "reporter", "", "hazard", "第四隐患");
	CLEAN();
	HAZARD("id", "1", "reporter", DROP, "hazard", "第五隐患");
	EXPECT("duplicate-id:id");
	/* the same 责任单位, 重大隐患 and 检查日期 from another unit */
	HAZARD("id", "2", "reporter", "解放社区");
	EXPECT("duplicate-hazard:");
	assert_non_null(strstr(last_message, "公园社区"));
	assert_non_null(strstr(last_message, "解放社区"));
	HAZARD("id", "3", "reporter", "公园社区");
	EXPECT("duplicate-hazard:");
	assert_null(strstr(last_message, "解放社区"));
	same_file = false;
}

static void test_unit_rules(void **state)
{
	(void)state;
	UNIT("remarks", "");
	CLEAN();
	UNIT("name", " ");
	EXPECT("required:name");
	UNIT("kind", "街道");
	EXPECT("bad-unit-kind:kind");
	UNIT("kind", "部门");
	CLEAN();
	same_file = true;
	hz_validator_new_file(val);
	UNIT("name", "公园社区");
	CLEAN();
	UNIT("name", " 公园社区");
	EXPECT("duplicate-unit:name");
	same_file = false;
}

static void test_submission_rules(void **state)
{
	hz_strset *units = hz_strset_new();

	(void)state;
	SUBMISSION("remarks", "");
	CLEAN();
	SUBMISSION("date", "", "material", "");
	EXPECT("required:date", "required:material");
	SUBMISSION("date", "2023-07-02");
	EXPECT("future-date:date");
	SUBMISSION("date", "6月31日");
	EXPECT("bad-date:date");
	SUBMISSION("material", "报送进展情况调度表");
	CLEAN();
	SUBMISSION("material", "meeting");                   /* an enterprise row */
	EXPECT("unknown-material:material");
	SUBMISSION("material", "register", "period", "");
	CLEAN();
	SUBMISSION("material", "register", "period", "2023-06");
	CLEAN();
	/* bad-period: a period that does not fit the row's every */
	SUBMISSION("period", "2023Q2");
	EXPECT("bad-period:period");
	SUBMISSION("period", "2023-13");
	EXPECT("bad-period:period");
	SUBMISSION("period", "");
	EXPECT("bad-period:period");
	SUBMISSION("material", "bulletin", "reporter", "本街道", "period", "2023Q3");
	CLEAN();
	SUBMISSION("material", "bulletin", "reporter", "本街道", "period", "2023-09");
	EXPECT("bad-period:period");
	SUBMISSION("material", "report-mid", "period", "");
	CLEAN();
	SUBMISSION("material", "report-mid", "period", "2023-08");
	EXPECT("bad-period:period");
	SUBMISSION("material", "register", "period", "2023H1");
	EXPECT("bad-period:period");
	SUBMISSION("records", "-1", "errors", "x", "warnings", "3");
	EXPECT("bad-count:records", "bad-count:errors");
	/* unknown-unit only with --units */
	hz_strset_add(units, "解放社区", strlen("解放社区"));
	opts.units = units;
	hz_validator_free(val);
	val = hz_validator_new(&opts, &diag);
	SUBMISSION("remarks", "");
	EXPECT("unknown-unit:reporter");
	SUBMISSION("reporter", " 解放社区");
	CLEAN();
	opts.units = NULL;
	hz_validator_free(val);
	val = hz_validator_new(&opts, &diag);
	hz_strset_free(units);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--man-rules") == 0) {
		print_man_rules();
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_street_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submission_rules, setup, teardown),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_man_page),
		cmocka_unit_test(test_rule_ids),
		cmocka_unit_test_setup_teardown(test_items_from_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_date_by_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_rows_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vocabularies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_domain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_amount, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_before_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_future_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed_before_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_and_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_five_implementations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_hazard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_enterprise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duty_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_hazard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tip_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_item, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_exceeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_enterprise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepared_holds, setup, teardown),
	};

	int failed = cmocka_run_group_tests_name("rules", tests, NULL, NULL);
	/* the same again, each record prepared first */
	prepare_first = true;
	return failed + cmocka_run_group_tests_name("rules, prepared", tests, NULL, NULL);
}
