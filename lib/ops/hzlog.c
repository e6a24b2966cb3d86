/* hzlog.c - a register's journal read back: printed, or checked against
 * the register (hz-log(1)) */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz/amount.h"
#include "hz/diag.h"
#include "hz/hzlog.h"
#include "hz/i18n.h"
#include "hz/journal.h"
#include "hz/reader.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "record_int.h"

/* The keys of an entry, in the order the journal writes them. */
enum { E_TIME, E_USER, E_TOOL, E_REPORTER, E_ID, E_FIELD, E_OLD, E_NEW, E_SHA, E_COUNT };
static const char *const entry_keys[E_COUNT] = {
	"time", "user", "tool", "reporter", "id", "field", "old", "new", "sha256",
};

static void complain(const hz_log_opts *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void complain(const hz_log_opts *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", o->prog);
	va_start(ap, fmt);
	vfprintf(stderr, HZ_(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* An entry's values by key (empty for null or absent). */
static void entry_of(const hz_record *r, hz_str v[E_COUNT])
{
	for (int k = 0; k < E_COUNT; k++) {
		v[k] = (hz_str){ "", 0 };
		for (size_t c = 0; c < r->schema->ncols && c < r->ncells; c++)
			if (strcmp(r->schema->names[c], entry_keys[k]) == 0)
				v[k] = r->cells[c];
	}
}

static bool wanted(const hz_log_opts *o, const hz_str v[E_COUNT])
{
	long id;
	hz_date day;

	if (o->have_since &&
	    (v[E_TIME].n < 10 || !hz_date_parse((hz_str){ v[E_TIME].s, 10 }, 0, &day) ||
	     day < o->since))
		return false;
	if (o->id > 0 && (!hz_count_parse(v[E_ID], &id) || id != o->id))
		return false;
	if (o->reporter && !hz_str_eq(hz_trim(v[E_REPORTER]), o->reporter))
		return false;
	return true;
}

/* A value on one line: "(empty)" for null, else quoted. */
static void put_value(hz_str v)
{
	hz_quoted q;

	if (v.n == 0)
		fputs(HZ_("(empty)"), stdout);
	else
		printf("'%s'", hz_quote(v, &q));
}

/* The record of a "*" entry as its line holds it (the reader's copy
 * has its numbers printed again): between "new": (or "old":) and
 * ,"sha256". */
static bool raw_record(int fd, const hz_record *r, bool added, char **out, size_t *n)
{
	size_t len = (size_t)(r->place.end - r->place.begin);
	char *line = hz_xrealloc(NULL, len + 1);
	ssize_t got = fd >= 0 ? pread(fd, line, len, r->place.begin) : -1;
	const char *key = added ? ",\"new\":" : ",\"old\":";
	char *a, *b;

	if (got <= 0) {
		free(line);
		return false;
	}
	line[got] = '\0';
	a = strstr(line, key);
	b = a ? strstr(a, added ? ",\"sha256\":" : ",\"new\":null") : NULL;
	if (!a || !b) {
		free(line);
		return false;
	}
	a += strlen(key);
	*n = (size_t)(b - a);
	memmove(line, a, *n);
	*out = line;
	return true;
}

/* 2023-07-10T09:12:03+08:00 张三 hz-edit 公园社区:4 owner: '张三' -> '李火锅' */
static void put_text(const hz_str v[E_COUNT], int fd, const hz_record *r)
{
	printf("%.*s %.*s %.*s ", (int)v[E_TIME].n, v[E_TIME].s, (int)v[E_USER].n, v[E_USER].s,
	       (int)v[E_TOOL].n, v[E_TOOL].s);
	if (v[E_REPORTER].n)
		printf("%.*s:", (int)v[E_REPORTER].n, v[E_REPORTER].s);
	printf("%.*s ", (int)v[E_ID].n, v[E_ID].s);
	if (v[E_FIELD].n == 1 && v[E_FIELD].s[0] == '*') {
		char *rec = NULL;
		size_t n = 0;
		bool added = v[E_NEW].n > 0;
		fputs(added ? HZ_("added") : HZ_("removed"), stdout);
		if (raw_record(fd, r, added, &rec, &n))
			printf(" %.*s\n", (int)n, rec);
		else
			printf(" %.*s\n", (int)(added ? v[E_NEW].n : v[E_OLD].n),
			       added ? v[E_NEW].s : v[E_OLD].s);
		free(rec);
		return;
	}
	printf("%.*s: ", (int)v[E_FIELD].n, v[E_FIELD].s);
	put_value(v[E_OLD]);
	fputs(" -> ", stdout);
	put_value(v[E_NEW]);
	putc('\n', stdout);
}

/* The entry as the journal holds it: its bytes (begin, end) in the file. */
static void put_raw(int fd, const hz_record *r)
{
	size_t n = (size_t)(r->place.end - r->place.begin);
	char *buf = hz_xrealloc(NULL, n + 1);
	ssize_t got = pread(fd, buf, n, r->place.begin);

	if (got > 0) {
		fwrite(buf, 1, (size_t)got, stdout);
		if (buf[got - 1] != '\n')
			putc('\n', stdout);
	}
	free(buf);
}

/* The last entry's time, tool and digest: what --verify compares. */
struct last {
	char time[64], tool[64], sha[HZ_SHA256_HEX];
	bool any;
};

static void keep_last(struct last *l, const hz_str v[E_COUNT])
{
	snprintf(l->time, sizeof l->time, "%.*s", (int)v[E_TIME].n, v[E_TIME].s);
	snprintf(l->tool, sizeof l->tool, "%.*s", (int)v[E_TOOL].n, v[E_TOOL].s);
	snprintf(l->sha, sizeof l->sha, "%.*s", (int)v[E_SHA].n, v[E_SHA].s);
	l->any = true;
}

static hz_exit verify(const hz_log_opts *o, const char *journal, const struct last *l)
{
	char sha[HZ_SHA256_HEX];
	int fd = open(o->register_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || hz_journal_file_sha256(fd, sha) != 0) {
		complain(o, "%s: cannot be read: %s", o->register_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return HZ_EXIT_FAIL;
	}
	close(fd);
	if (!l->any) {
		complain(o,
		         "%s: no journal entry in %s: whether it was changed outside hz "
		         "cannot be told",
		         o->register_path, journal);
		return HZ_EXIT_FOUND;
	}
	if (strcmp(sha, l->sha) != 0) {
		complain(o, "%s: changed outside hz since the journal's last entry (%s %s)",
		         o->register_path, l->time, l->tool);
		return HZ_EXIT_FOUND;
	}
	if (!o->quiet)
		complain(o, "%s: as the journal's last entry left it (%s %s)", o->register_path,
		         l->time, l->tool);
	return HZ_EXIT_OK;
}

hz_exit hz_log_run(const hz_log_opts *o)
{
	char *journal = hz_journal_path(o->register_path);
	hz_diag diag;
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *r;
	hz_writer *w = NULL;
	struct last last = { .any = false };
	hz_exit rc = HZ_EXIT_OK;
	int raw = -1;

	if (access(journal, F_OK) != 0) {
		if (o->verify) {
			struct last none = { .any = false };
			rc = verify(o, journal, &none);
		} else {
			complain(o, "%s: no journal (%s)", o->register_path, journal);
			rc = HZ_EXIT_FOUND;
		}
		free(journal);
		return rc;
	}
	hz_diag_init(&diag, o->prog);
	hz_read_opts_init(&ro);
	ro.format = HZ_FMT_JSONL;
	ro.passthrough = true;
	ro.empty_ok = true;
	rd = hz_reader_open(journal, &ro, &diag);
	if (!o->verify)
		raw = open(journal, O_RDONLY | O_CLOEXEC);
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str v[E_COUNT];

		entry_of(r, v);
		keep_last(&last, v);
		if (o->verify || !wanted(o, v))
			continue;
		if (o->format == HZ_FMT_JSONL) {
			put_raw(raw, r);
		} else if (o->format == HZ_FMT_CSV || o->format == HZ_FMT_TSV ||
		           o->format == HZ_FMT_TABLE) {
			if (!w) {
				hz_write_opts wo = { .format = o->format };
				w = hz_writer_new(stdout, &wo);
			}
			char err[512];
			if (hz_writer_put(w, r, NULL, 0, err, sizeof err) != 0) {
				complain(o, "%s", err);
				rc = HZ_EXIT_FAIL;
				break;
			}
		} else {
			put_text(v, raw, r);
		}
	}
	if (hz_reader_status(rd) != HZ_READ_OK || diag.errors + diag.fatals > 0)
		rc = HZ_EXIT_FAIL;
	hz_reader_close(rd);
	if (w && hz_writer_close(w, NULL, 0) != 0)
		rc = HZ_EXIT_FAIL;
	if (raw >= 0)
		close(raw);
	if (o->verify && rc == HZ_EXIT_OK)
		rc = verify(o, journal, &last);
	free(journal);
	return rc;
}
