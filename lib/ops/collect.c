/* collect.c - hz-collect's steps for one file (office.md)
 *
 * The database and the log are two files, so one rename cannot change
 * both. Before the database is renamed, a note beside the log
 * (LOG.pending) records the database's SHA-256 as it was and the
 * submission to log; after the log's append the note goes. A kill in
 * between leaves the note, and the next hz-collect finishes the work
 * (the database changed: the submission is logged) or drops it (the
 * database as it was): the two are seen together, before or after. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "hz/amount.h"
#include "hz/collect.h"
#include "hz/i18n.h"
#include "hz/items.h"
#include "hz/safewrite.h"
#include "hz/period.h"
#include "hz/register.h"
#include "hz/report_read.h"
#include "hz/rules.h"
#include "hz/sha256.h"
#include "hz/tally.h"
#include "xalloc.h"
#include "record_int.h"

#define say(err, cap, ...) snprintf(err, cap, __VA_ARGS__)

bool hz_is_lock_file(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strncmp(base, "~$", 2) == 0 || strncmp(base, ".~lock.", 7) == 0;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static int sha_of_path(const char *path, char hex[HZ_SHA256_HEX])
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return -1;
	rc = hz_sha256_file(f, hex);
	fclose(f);
	return rc;
}

/* ---- the log ---- */

/* The day the log says reporter sent a file of this SHA-256, or -1. */
static bool logged_before(const char *log, const char *reporter, const char *sha, hz_date *when)
{
	hz_read_opts o;
	hz_diag quiet;
	hz_record *r;
	bool found = false;

	if (access(log, F_OK) != 0)
		return false;
	hz_read_opts_init(&o);
	o.type = HZ_SUBMISSION;
	o.empty_ok = true;
	hz_diag_init(&quiet, "hz-collect");
	quiet.out = NULL;
	hz_reader *rd = hz_reader_open(log, &o, &quiet);
	while (!found && (r = hz_reader_next(rd)) != NULL) {
		hz_str who = hz_trim(hz_get(r, HZ_K_REPORTER)), s = hz_trim(hz_get(r, HZ_K_SHA256));
		if (who.n == strlen(reporter) &&
		    (who.n == 0 || memcmp(who.s, reporter, who.n) == 0) && s.n == strlen(sha) &&
		    (s.n == 0 || memcmp(s.s, sha, s.n) == 0)) {
			found = true;
			if (!hz_date_parse(hz_get(r, HZ_K_DATE), 0, when))
				*when = 0;
		}
	}
	hz_reader_close(rd);
	return found;
}

/* The submission's cells, as FIELD=VALUE operands of hz-add. */
typedef struct fields {
	char *v[12];
	size_t n;
} fields;

static void field(fields *f, const char *key, const char *value)
{
	size_t n = strlen(key) + strlen(value) + 2;

	f->v[f->n] = hz_xrealloc(NULL, n);
	snprintf(f->v[f->n], n, "%s=%s", key, value);
	f->n++;
}

static void fields_free(fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	f->n = 0;
}

static int append_log(const char *log, const fields *f, hz_date today, char *err, size_t cap)
{
	hz_reg_opts ro = { .type = HZ_SUBMISSION, .create = true };
	hz_diag d;
	int rc = -1;

	ro.validate.today = today;
	hz_diag_init(&d, "hz-collect");
	hz_reg *g = hz_reg_open(log, &ro, &d, err, cap);
	if (!g)
		return -1;
	if (hz_reg_add_fields(g, f->v, f->n, false, err, cap) == 0) {
		hz_reg_check(g, false);
		hz_reg_take_invalid(g); /* its findings were said; it is what came */
		rc = hz_reg_commit(g, err, cap);
	}
	hz_reg_close(g);
	return rc;
}

/* ---- the pending note ---- */

static char *pending_path(const char *log)
{
	size_t n = strlen(log) + 16;
	char *p = hz_xrealloc(NULL, n);

	snprintf(p, n, "%s.pending", log);
	return p;
}

/* Write the note whole (a temporary file renamed into place, synced). */
static int write_pending(const char *log, const char *db_sha, const fields *f, char *err,
                         size_t cap)
{
	char *path = pending_path(log);
	size_t n = strlen(path) + 8;
	char *tmp = hz_xrealloc(NULL, n);
	int rc = -1;

	snprintf(tmp, n, "%s.tmp", path);
	FILE *out = fopen(tmp, "w");
	if (out) {
		fprintf(out, "%s\n", db_sha);
		for (size_t i = 0; i < f->n; i++)
			fprintf(out, "%s\n", f->v[i]);
		if (fflush(out) == 0 && fsync(fileno(out)) == 0 && fclose(out) == 0 &&
		    rename(tmp, path) == 0)
			rc = 0;
		else if (out)
			unlink(tmp);
	}
	if (rc == -1)
		say(err, cap, HZ_("%s: cannot be written: %s"), path, strerror(errno));
	free(tmp);
	free(path);
	return rc;
}

static void drop_pending(const char *log)
{
	char *path = pending_path(log);

	unlink(path);
	free(path);
}

int hz_collect_recover(const hz_collect_opts *o, char *err, size_t errcap)
{
	char *path = pending_path(o->log);
	FILE *in = fopen(path, "r");
	char line[4096], before[HZ_SHA256_HEX], now[HZ_SHA256_HEX] = "";
	fields f = { 0 };
	int rc = 0;

	if (!in) {
		free(path);
		return 0;
	}
	if (!fgets(line, sizeof line, in)) {
		fclose(in);
		unlink(path);
		free(path);
		return 0;
	}
	snprintf(before, sizeof before, "%.64s", line);
	while (f.n < 12 && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		f.v[f.n++] = hz_xstrdup(line);
	}
	fclose(in);
	/* under the database's lock, as the collection that wrote the note */
	hz_reglock *l = hz_reglock_open(o->db, 0, err, errcap);
	if (l) {
		if (sha_of_path(o->db, now) == 0 && strcmp(now, before) != 0) {
			const char *who = "", *sha = "";
			for (size_t i = 0; i < f.n; i++) {
				if (strncmp(f.v[i], "reporter=", 9) == 0)
					who = f.v[i] + 9;
				if (strncmp(f.v[i], "sha256=", 7) == 0)
					sha = f.v[i] + 7;
			}
			hz_date when;
			if (!logged_before(o->log, who, sha, &when))
				rc = append_log(o->log, &f, o->today, err, errcap);
		}
		hz_reglock_close(l);
	} else if (access(o->db, F_OK) != 0) {
		err[0] = '\0'; /* no database: nothing was written to it */
	} else {
		rc = -1;
	}
	if (rc == 0)
		unlink(path);
	fields_free(&f);
	free(path);
	return rc;
}

/* ---- the archive ---- */

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Copy path to DIR/REPORTER/PERIOD/NAME, never over a file: NAME-2.ext,
 * NAME-3.ext, ... */
static int archive(const hz_collect_opts *o, const char *path, hz_collect_result *res, char *err,
                   size_t cap)
{
	char dir[1024], *to = res->archived_as;
	const char *name = base_name(path), *dot = strrchr(name, '.');
	size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	int fd = -1;

	snprintf(dir, sizeof dir, "%s/%s/%s", o->archive, res->reporter,
	         res->period[0] ? res->period : "-");
	if (mkdirs(dir) != 0) {
		say(err, cap, HZ_("%s: cannot be made: %s"), dir, strerror(errno));
		return -1;
	}
	for (int k = 1; k < 1000 && fd < 0; k++) {
		int n = k == 1 ? snprintf(to, sizeof res->archived_as, "%s/%s", dir, name)
		               : snprintf(to, sizeof res->archived_as, "%s/%.*s-%d%s", dir,
		                          (int)stem, name, k, name + stem);
		if (n < 0 || (size_t)n >= sizeof res->archived_as) {
			errno = ENAMETOOLONG;
			break;
		}
		fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	FILE *in = fopen(path, "rb");
	if (fd < 0 || !in) {
		say(err, cap, HZ_("%s: cannot be archived: %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
		if (in)
			fclose(in);
		return -1;
	}
	char buf[65536];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (write(fd, buf, n) != (ssize_t)n)
			rc = -1;
	if (ferror(in) || fsync(fd) != 0)
		rc = -1;
	fclose(in);
	if (close(fd) != 0 || rc != 0) {
		say(err, cap, HZ_("%s: cannot be archived: %s"), path, strerror(errno));
		unlink(to);
		return -1;
	}
	res->archived = true;
	return 0;
}

/* ---- what the file is, who sent it ---- */

/* The type of the file's records, without a word on stderr. */
static hz_type sniff_type(const char *path, const hz_read_opts *ro)
{
	hz_read_opts o = *ro;
	hz_diag quiet;
	hz_type t = HZ_TYPE_UNKNOWN;

	o.type = HZ_TYPE_UNKNOWN;
	o.prefetch = false;
	o.header_rules = false;
	hz_diag_init(&quiet, "hz-collect");
	quiet.out = NULL;
	hz_reader *rd = hz_reader_open(path, &o, &quiet);
	hz_record *r = hz_reader_next(rd);
	if (r && r->schema)
		t = r->schema->type;
	else if (hz_reader_schema(rd))
		t = hz_reader_schema(rd)->type;
	hz_reader_close(rd);
	return t;
}

/* The register checked as hz-validate would; its reporter (one, or the
 * reason it has none or several). */
static int check_register(const hz_collect_opts *o, const char *path, hz_diag *d,
                          hz_collect_result *res, char *why, size_t cap)
{
	hz_read_opts ro = o->read;
	hz_validate_opts vo = { .today = o->today, .units = o->units, .schedule = o->schedule };
	long e0 = d->errors + d->fatals, w0 = d->warnings;
	hz_record *r;
	int rc = 0;

	ro.type = HZ_TYPE_UNKNOWN;
	ro.header_rules = true;
	ro.prefetch = false;
	hz_validator *v = hz_validator_new(&vo, d);
	hz_validator_new_file(v);
	hz_reader *rd = hz_reader_open(path, &ro, d);
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str who = hz_trim(hz_get(r, HZ_K_REPORTER));
		res->records++;
		hz_validate_record(v, r);
		if (who.n == 0)
			continue;
		if (!res->reporter) {
			res->reporter = hz_xstrndup(who.s, who.n);
		} else if (strlen(res->reporter) != who.n ||
		           memcmp(res->reporter, who.s, who.n) != 0) {
			if (rc == 0)
				say(why, cap,
				    HZ_("records of two reporters, '%s' and '%.*s': one unit's "
				        "register a file"),
				    res->reporter, (int)who.n, who.s);
			rc = -1;
		}
	}
	if (hz_reader_status(rd) != HZ_READ_OK) {
		say(why, cap, "%s", HZ_("cannot be read"));
		res->kind = HZ_COLLECT_UNREADABLE;
		rc = -1;
	}
	hz_reader_close(rd);
	hz_validator_free(v);
	res->errors = d->errors + d->fatals - e0;
	res->warnings = d->warnings - w0;
	if (rc == 0 && !res->reporter) {
		say(why, cap, "%s",
		    HZ_("no 填报单位: say the unit in a 填报单位 column or a title row "
		        "(填报单位：X)"));
		rc = -1;
	}
	return rc;
}

/* ---- comparing a 附件1 with the unit's register ---- */

/* A value as the form prints it: a count, an amount in 万元, 是/否. */
static void number(const hz_item *it, bool second, int64_t v, char buf[32])
{
	bool amount = second ? it->agg2 == HZ_AGG2_SUM_AMOUNT || it->agg2 == HZ_AGG2_SUM_SUB_AMOUNT
	                     : it->agg == HZ_AGG_SUM_AMOUNT;

	if (!second && it->agg == HZ_AGG_LATEST_FLAG)
		snprintf(buf, 32, "%s", v ? "是" : "否");
	else if (amount)
		hz_amount_format(v, buf);
	else
		snprintf(buf, 32, "%lld", (long long)v);
}

static long compare(const hz_collect_opts *o, const char *path, const hz_tally *rep,
                    const char *reporter, hz_date as_of, hz_diag *d)
{
	hz_read_opts ro;
	hz_diag quiet;
	hz_tally_opts to = { .as_of = as_of };
	hz_record *r;
	long differs = 0;
	size_t n;
	const hz_item *items = hz_items(&n);

	if (!o->db || access(o->db, F_OK) != 0)
		return 0;
	hz_read_opts_init(&ro);
	ro.type = HZ_HAZARD;
	ro.empty_ok = true;
	hz_diag_init(&quiet, "hz-collect");
	quiet.out = NULL;
	hz_tallier *t = hz_tallier_new(&to, &quiet);
	hz_reader *rd = hz_reader_open(o->db, &ro, &quiet);
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str who = hz_trim(hz_get(r, HZ_K_REPORTER));
		if (who.n == strlen(reporter) &&
		    (who.n == 0 || memcmp(who.s, reporter, who.n) == 0))
			hz_tallier_add(t, r);
	}
	hz_reader_close(rd);
	size_t nt;
	hz_tally *const *db = hz_tallier_finish(t, &nt);
	for (size_t i = 0; nt > 0 && i < n && i < rep->nitems; i++) {
		const hz_item *it = &items[i];
		char a[32], b[32], a2[32], b2[32];
		if (rep->value[i] == db[0]->value[i] && rep->value2[i] == db[0]->value2[i])
			continue;
		differs++;
		number(it, false, rep->value[i], a);
		number(it, false, db[0]->value[i], b);
		if (rep->value2[i] == db[0]->value2[i]) {
			hz_diag_place(d, path, 1, 0, HZ_RULE_REPORT_DIFFERS,
			              "%s: report %s, register %s", it->code, a, b);
			continue;
		}
		number(it, true, rep->value2[i], a2);
		number(it, true, db[0]->value2[i], b2);
		hz_diag_place(d, path, 1, 0, HZ_RULE_REPORT_DIFFERS,
		              "%s: report %s (%s), register %s (%s)", it->code, a, a2, b, b2);
	}
	hz_tallier_free(t);
	return differs;
}

/* ---- one file ---- */

static hz_date mtime_day(const char *path, hz_date dflt)
{
	struct stat st;
	struct tm tm;
	hz_date d;

	if (stat(path, &st) != 0 || !localtime_r(&st.st_mtime, &tm) ||
	    !hz_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d))
		return dflt;
	return d;
}

static void timing(const hz_collect_opts *o, hz_collect_result *res)
{
	const hz_schedule *s = o->schedule ? o->schedule : hz_schedule_default();
	const hz_duty_row *row = hz_schedule_material(s, hz_str_c(res->material));
	hz_period p;

	if (!row || !hz_period_code_parse(row->every, res->period, strlen(res->period), &p))
		return;
	hz_date dl = hz_duty_row_deadline(row, p);
	res->timed = true;
	if (row->every != HZ_EVERY_ONCE && res->received < p.start)
		res->late_days = -1;
	else
		res->late_days = res->received > dl ? res->received - dl : 0;
}

/* ---- a file that cannot be read at all ---- */

/* The unit of --units whose name the file's name holds (the longest), or
 * NULL: who sent it is not in the file. */
static char *unit_in_name(const hz_collect_opts *o, const char *path)
{
	const char *name = base_name(path);
	size_t n = strlen(name), best = 0, at = 0;

	for (size_t i = 0; o->units && i < n; i++) {
		if (((unsigned char)name[i] & 0xC0) == 0x80)
			continue; /* not where a character starts */
		for (size_t j = n; j > i + best; j--)
			if ((j == n || ((unsigned char)name[j] & 0xC0) != 0x80) &&
			    hz_strset_has(o->units, name + i, j - i)) {
				best = j - i;
				at = i;
				break;
			}
	}
	return best ? hz_xstrndup(name + at, best) : NULL;
}

/* Logged all the same, with remarks 未能读取 (hz-collect(1)): what was
 * received is on record even when nothing in it can be read. A path that
 * is not there was never received: not logged. */
static void log_unreadable(const hz_collect_opts *o, const char *path, hz_collect_result *res)
{
	struct stat st;
	fields f = { 0 };
	char day[11], num[32], err[1024];

	if (o->dry_run || stat(path, &st) != 0 || S_ISDIR(st.st_mode))
		return;
	if (res->errors == 0)
		res->errors = 1; /* the reading's own */
	if (!res->reporter)
		res->reporter = unit_in_name(o, path);
	if (!res->reporter)
		res->reporter = hz_xstrdup(HZ_UNKNOWN_UNIT);
	if (!res->period[0]) {
		if (o->period)
			snprintf(res->period, sizeof res->period, "%s", o->period);
		else
			hz_period_code(HZ_EVERY_MONTH, res->received, res->period);
	}
	if (!res->material[0])
		snprintf(res->material, sizeof res->material, "%s",
		         o->material ? o->material : HZ_MATERIAL_REGISTER);
	if (logged_before(o->log, res->reporter, res->sha256, &res->duplicate_of)) {
		res->duplicate = true;
		return;
	}
	hz_date_format(res->received, day);
	field(&f, "date", day);
	field(&f, "reporter", res->reporter);
	field(&f, "material", res->material);
	field(&f, "period", res->period);
	field(&f, "file", base_name(path));
	field(&f, "sha256", res->sha256);
	snprintf(num, sizeof num, "%ld", res->records);
	field(&f, "records", num);
	snprintf(num, sizeof num, "%ld", res->errors);
	field(&f, "errors", num);
	snprintf(num, sizeof num, "%ld", res->warnings);
	field(&f, "warnings", num);
	field(&f, "remarks", HZ_UNREADABLE_REMARK);
	if (append_log(o->log, &f, o->today, err, sizeof err) == 0)
		res->logged = true;
	else
		fprintf(stderr, "hz-collect: %s\n", err);
	fields_free(&f);
}

static int collect_file(const hz_collect_opts *o, const char *path, hz_diag *d,
                        hz_collect_result *res, char *err, size_t errcap);

int hz_collect_file(const hz_collect_opts *o, const char *path, hz_diag *d, hz_collect_result *res,
                    char *err, size_t errcap)
{
	int rc = collect_file(o, path, d, res, err, errcap);

	if (rc == 2 && res->kind == HZ_COLLECT_UNREADABLE)
		log_unreadable(o, path, res);
	return rc;
}

static int collect_file(const hz_collect_opts *o, const char *path, hz_diag *d,
                        hz_collect_result *res, char *err, size_t errcap)
{
	hz_tally *rep = NULL;
	char why[512] = "";
	int status = 0;

	memset(res, 0, sizeof *res);
	err[0] = '\0';
	res->received = o->have_date ? o->date : mtime_day(path, o->today);
	if (sha_of_path(path, res->sha256) != 0) {
		res->kind = HZ_COLLECT_UNREADABLE;
		res->refused = true;
		say(res->why, sizeof res->why, "%s: %s", HZ_("cannot be read"), strerror(errno));
		return 2;
	}
	/* 1. what it is */
	hz_type t = sniff_type(path, &o->read);
	if (t == HZ_HAZARD) {
		res->kind = HZ_COLLECT_REGISTER;
		if (check_register(o, path, d, res, why, sizeof why) != 0) {
			res->refused = true;
			snprintf(res->why, sizeof res->why, "%s", why);
			return 2;
		}
	} else {
		bool is_report;
		res->kind = HZ_COLLECT_REPORT;
		rep = hz_report_read(path, &o->read, &is_report, why, sizeof why);
		if (!rep) {
			res->kind = is_report ? HZ_COLLECT_REPORT : HZ_COLLECT_UNREADABLE;
			res->refused = true;
			snprintf(
			        res->why, sizeof res->why, "%s",
			        is_report
			                ? why
			                : HZ_("neither a register nor a 附件1 report: cannot be read"));
			return 2;
		}
		res->records = (long)rep->nitems;
		if (rep->unit[0])
			res->reporter = hz_xstrdup(rep->unit);
		else {
			res->refused = true;
			snprintf(res->why, sizeof res->why, "%s",
			         HZ_("no 单位名称 on the form: say the unit (单位名称：X)"));
			hz_tally_free(rep);
			return 2;
		}
	}
	/* 2. who and when */
	if (o->units && !hz_strset_has(o->units, res->reporter, strlen(res->reporter))) {
		res->refused = true;
		snprintf(res->why, sizeof res->why,
		         HZ_("'%s' is not a unit of --units [unknown-unit]"), res->reporter);
		hz_tally_free(rep);
		return 2;
	}
	hz_date pday = rep && rep->as_of ? rep->as_of : res->received;
	if (o->period)
		snprintf(res->period, sizeof res->period, "%s", o->period);
	else
		hz_period_code(HZ_EVERY_MONTH,
		               rep && rep->as_of ? rep->as_of
		               : o->have_date    ? o->date
		                                 : res->received,
		               res->period);
	(void)pday;
	snprintf(res->material, sizeof res->material, "%s",
	         o->material ? o->material
	         : rep       ? "report-month"
	                     : HZ_MATERIAL_REGISTER);
	timing(o, res);
	/* 7. compared */
	if (rep) {
		hz_period p;
		hz_date as_of = rep->as_of;
		if (!as_of)
			as_of = hz_period_code_parse(HZ_EVERY_MONTH, res->period,
			                             strlen(res->period), &p)
			                ? p.end
			                : res->received;
		res->differs = compare(o, path, rep, res->reporter, as_of, d);
		hz_tally_free(rep);
		rep = NULL;
	}
	/* 4. logged once */
	if (logged_before(o->log, res->reporter, res->sha256, &res->duplicate_of)) {
		res->duplicate = true;
		return res->differs > 0 ? 1 : 0;
	}
	if (res->kind == HZ_COLLECT_REGISTER && o->reject_errors && res->errors > 0) {
		res->refused = true;
		snprintf(res->why, sizeof res->why, "%s", HZ_("has errors (--reject-errors)"));
		return 2;
	}
	status = res->errors > 0 || res->differs > 0 ? 1 : 0;
	if (o->dry_run)
		return status;

	fields f = { 0 };
	char num[32], day[11];
	hz_date_format(res->received, day);
	field(&f, "date", day);
	field(&f, "reporter", res->reporter);
	field(&f, "material", res->material);
	field(&f, "period",
	      res->material[0] && strcmp(res->material, HZ_MATERIAL_REGISTER) != 0 &&
	                      hz_schedule_material(o->schedule ? o->schedule
	                                                       : hz_schedule_default(),
	                                           hz_str_c(res->material)) &&
	                      hz_schedule_material(o->schedule ? o->schedule
	                                                       : hz_schedule_default(),
	                                           hz_str_c(res->material))
	                                      ->every == HZ_EVERY_ONCE
	              ? ""
	              : res->period);
	field(&f, "file", base_name(path));
	field(&f, "sha256", res->sha256);
	snprintf(num, sizeof num, "%ld", res->records);
	field(&f, "records", num);
	snprintf(num, sizeof num, "%ld", res->errors);
	field(&f, "errors", num);
	snprintf(num, sizeof num, "%ld", res->warnings);
	field(&f, "warnings", num);

	/* 5. archived: a copy, first, so that a kill leaves at most a spare copy */
	if (o->archive && archive(o, path, res, err, errcap) != 0) {
		fields_free(&f);
		return -1;
	}
	/* 6. into the database, then the log, as one */
	if (res->kind == HZ_COLLECT_REGISTER && o->db) {
		hz_reg_opts ro = { .type = HZ_HAZARD, .create = true, .replace = res->reporter };
		hz_diag quiet;
		char before[HZ_SHA256_HEX] = "";
		hz_reg_replace_stats st;
		int rc = -1;

		ro.validate.today = o->today;
		ro.validate.units = o->units;
		ro.validate.schedule = o->schedule;
		ro.encoding = NULL;
		hz_diag_init(&quiet, "hz-collect");
		quiet.out = NULL;
		hz_reg *g = hz_reg_open(o->db, &ro, &quiet, err, errcap);
		if (g && hz_reg_replace_input(g, path, &o->read, err, errcap) == 0) {
			hz_reg_check(g, false);
			hz_reg_take_invalid(g);
			hz_reg_replace_stats_of(g, &st);
			res->db_records = st.same + st.changed + st.added;
			res->added = st.added;
			res->changed = st.changed;
			res->removed = st.removed;
			if (sha_of_path(o->db, before) != 0)
				strcpy(before, "-");
			rc = write_pending(o->log, before, &f, err, errcap);
			if (rc == 0 && (rc = hz_reg_commit(g, err, errcap)) != 0)
				drop_pending(o->log);
			/* the journal: hz_reg_commit writes one REGISTER.hzlog entry
			 * per record added, changed and removed, under the lock */
			if (rc == 0) {
				/* the database is renamed: log it, under its lock */
				if (append_log(o->log, &f, o->today, err, errcap) == 0)
					drop_pending(o->log);
				else
					rc = -1;
			}
		}
		hz_reg_close(g);
		fields_free(&f);
		if (rc != 0)
			return -1;
		res->into_db = true;
		return status;
	}
	int rc = append_log(o->log, &f, o->today, err, errcap);
	fields_free(&f);
	return rc == 0 ? status : -1;
}

void hz_collect_result_free(hz_collect_result *res)
{
	free(res->reporter);
	res->reporter = NULL;
}
