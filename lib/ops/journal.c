/* journal.c - who changed what in a register, and when: the entries of
 * one change appended to REGISTER.hzlog (hz-log(1)) */
#define _GNU_SOURCE /* open_memstream, getlogin_r */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hz/amount.h"
#include "hz/fields.h"
#include "hz/i18n.h"
#include "hz/journal.h"
#include "hz/writer.h"
#include "xalloc.h"
#include "record_int.h"

struct hz_journal {
	char *path;     /* REGISTER.hzlog */
	char head[512]; /* "time","user","tool" of every entry */
	char *body;     /* the entries, each ending in ,"sha256": */
	size_t len;
	FILE *out; /* writes body */
	size_t count;
};

char *hz_journal_path(const char *register_path)
{
	size_t n = strlen(register_path);
	char *p = hz_xrealloc(NULL, n + sizeof ".hzlog");

	memcpy(p, register_path, n);
	memcpy(p + n, ".hzlog", sizeof ".hzlog");
	return p;
}

bool hz_journal_enabled(void)
{
	static const char *const off[] = { "0", "no", "off", "false" };
	const char *v = getenv("HZ_JOURNAL");

	for (size_t i = 0; v && i < sizeof off / sizeof off[0]; i++)
		if (strcasecmp(v, off[i]) == 0)
			return false;
	return true;
}

/* $HZ_USER, else the login name, else the user of the process. */
static void user_name(char *out, size_t cap)
{
	const char *u = getenv("HZ_USER");
	struct passwd *pw;

	if (u && *u) {
		snprintf(out, cap, "%s", u);
		return;
	}
	if (getlogin_r(out, cap) == 0 && *out)
		return;
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name) {
		snprintf(out, cap, "%s", pw->pw_name);
		return;
	}
	snprintf(out, cap, "uid %ld", (long)geteuid());
}

/* 2023-07-10T09:12:03+08:00: local time with its offset. */
static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	char zone[8];

	localtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm); /* +0800 */
	if (strlen(zone) == 5)
		snprintf(out + strlen(out), 32 - strlen(out), "%.3s:%.2s", zone, zone + 3);
}

hz_journal *hz_journal_new(const char *register_path, const char *tool)
{
	hz_journal *j;
	char when[32], who[256];
	FILE *m;
	char *buf = NULL;
	size_t len = 0;

	if (!hz_journal_enabled())
		return NULL;
	j = hz_xcalloc(1, sizeof *j);
	j->path = hz_journal_path(register_path);
	now_iso(when);
	user_name(who, sizeof who);
	if ((m = open_memstream(&buf, &len)) == NULL)
		hz_out_of_memory();
	fputs("{\"time\":", m);
	hz_json_put_string(m, when, strlen(when));
	fputs(",\"user\":", m);
	hz_json_put_string(m, who, strlen(who));
	fputs(",\"tool\":", m);
	hz_json_put_string(m, tool, strlen(tool));
	if (fclose(m) != 0)
		hz_out_of_memory();
	snprintf(j->head, sizeof j->head, "%s", buf);
	free(buf);
	if ((j->out = open_memstream(&j->body, &j->len)) == NULL)
		hz_out_of_memory();
	return j;
}

/* A cell as JSON: null when empty, else its text exactly. */
static void put_value(FILE *out, hz_str v)
{
	if (!v.s || v.n == 0)
		fputs("null", out);
	else
		hz_json_put_string(out, v.s, v.n);
}

/* The record's reporter and id: "reporter":…,"id":… (a number when the
 * id is one). */
static void put_who(FILE *out, const hz_record *r)
{
	hz_str rep = hz_trim(hz_get(r, HZ_K_REPORTER)), id = hz_trim(hz_get(r, HZ_K_ID));
	long n;

	fputs(",\"reporter\":", out);
	put_value(out, rep);
	fputs(",\"id\":", out);
	if (id.n > 0 && hz_count_parse(id, &n))
		fprintf(out, "%ld", n);
	else
		put_value(out, id);
}

static void begin_entry(hz_journal *j, const hz_record *r, const char *field, size_t n)
{
	fputs(j->head, j->out);
	put_who(j->out, r);
	fputs(",\"field\":", j->out);
	hz_json_put_string(j->out, field, n);
	j->count++;
}

/* The record as one JSON object, as hz-fmt -o jsonl writes it. */
static void put_record(FILE *out, const hz_record *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	hz_write_opts o = { .format = HZ_FMT_JSONL };
	hz_writer *w;

	if (!m)
		hz_out_of_memory();
	w = hz_writer_new(m, &o);
	hz_writer_put(w, r, NULL, 0, NULL, 0);
	hz_writer_close(w, NULL, 0);
	fclose(m);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len == 0)
		fputs("null", out);
	else
		fwrite(buf, 1, len, out);
	free(buf);
}

void hz_journal_added(hz_journal *j, const hz_record *r)
{
	if (!j)
		return;
	begin_entry(j, r, "*", 1);
	fputs(",\"old\":null,\"new\":", j->out);
	put_record(j->out, r);
	fputs(",\"sha256\":", j->out);
	putc('\0', j->out); /* where the digest goes */
}

void hz_journal_removed(hz_journal *j, const hz_record *r)
{
	if (!j)
		return;
	begin_entry(j, r, "*", 1);
	fputs(",\"old\":", j->out);
	put_record(j->out, r);
	fputs(",\"new\":null,\"sha256\":", j->out);
	putc('\0', j->out);
}

/* Column c of r (an empty cell beyond its last). */
static hz_str cell_at(const hz_record *r, size_t c)
{
	return c < r->ncells ? r->cells[c] : (hz_str){ "", 0 };
}

/* The column of before that holds after's column c, or -1. */
static long column_in(const hz_record *before, const hz_schema *s, size_t c)
{
	const hz_schema *b = before->schema;

	if (s->keys[c] != HZ_K_NONE && s->col[s->keys[c]] == (int)c)
		return b->col[s->keys[c]];
	for (size_t d = 0; d < b->ncols; d++)
		if (b->keys[d] == HZ_K_NONE && strcmp(b->names[d], s->names[c]) == 0)
			return (long)d;
	return -1;
}

void hz_journal_changed(hz_journal *j, const hz_record *before, const hz_record *after)
{
	const hz_schema *s = after->schema;

	if (!j)
		return;
	for (size_t c = 0; c < s->ncols; c++) {
		long d = column_in(before, s, c);
		hz_str old = d >= 0 ? cell_at(before, (size_t)d) : (hz_str){ "", 0 };
		hz_str now = cell_at(after, c);
		bool known = s->keys[c] != HZ_K_NONE && s->col[s->keys[c]] == (int)c;
		const char *field = known ? hz_key_name(s->keys[c]) : s->names[c];

		if (old.n == now.n && (old.n == 0 || memcmp(old.s, now.s, old.n) == 0))
			continue;
		begin_entry(j, after, field, strlen(field));
		fputs(",\"old\":", j->out);
		put_value(j->out, old);
		fputs(",\"new\":", j->out);
		put_value(j->out, now);
		fputs(",\"sha256\":", j->out);
		putc('\0', j->out);
	}
}

size_t hz_journal_count(const hz_journal *j)
{
	return j ? j->count : 0;
}

int hz_journal_file_sha256(int fd, char out[HZ_SHA256_HEX])
{
	char buf[1 << 16];
	hz_sha256 *h = hz_sha256_new();
	off_t at = 0;
	ssize_t got;

	while ((got = pread(fd, buf, sizeof buf, at)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			hz_sha256_free(h);
			return -1;
		}
		hz_sha256_update(h, buf, (size_t)got);
		at += got;
	}
	hz_sha256_hex(h, out);
	hz_sha256_free(h);
	return 0;
}

/* fsync the folder that holds path, so a new journal's name survives. */
static void sync_folder(const char *path)
{
	char *copy = hz_xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

int hz_journal_write(hz_journal *j, int register_fd, char *err, size_t errcap)
{
	char sha[HZ_SHA256_HEX];
	char *lines;
	size_t n = 0;
	struct stat st;
	bool created;
	int fd, rc = -1;

	if (!j || j->count == 0)
		return 0;
	if (fflush(j->out) != 0 || hz_journal_file_sha256(register_fd, sha) != 0) {
		snprintf(err, errcap, HZ_("%s: the register could not be read back to hash it: %s"),
		         j->path, strerror(errno));
		return -1;
	}
	/* every entry ends where its digest goes: fill them in, one a line */
	lines = hz_xrealloc(NULL, j->len + j->count * (HZ_SHA256_HEX + 4) + 1);
	for (size_t i = 0; i < j->len; i++) {
		if (j->body[i] != '\0') {
			lines[n++] = j->body[i];
			continue;
		}
		n += (size_t)sprintf(lines + n, "\"%s\"}\n", sha);
	}
	created = stat(j->path, &st) != 0;
	fd = open(j->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		snprintf(err, errcap, HZ_("%s: cannot be written: %s"), j->path, strerror(errno));
		free(lines);
		return -1;
	}
	/* one write, so that a kill leaves whole lines; a short one is undone */
	off_t size = lseek(fd, 0, SEEK_END);
	ssize_t put = write(fd, lines, n);
	if (put != (ssize_t)n || fsync(fd) != 0) {
		int e = put < 0 ? errno : put != (ssize_t)n ? ENOSPC : errno;
		if (size >= 0)
			(void)ftruncate(fd, size);
		snprintf(err, errcap, HZ_("%s: cannot be written: %s"), j->path, strerror(e));
	} else {
		rc = 0;
		if (created)
			sync_folder(j->path);
	}
	close(fd);
	free(lines);
	return rc;
}

void hz_journal_free(hz_journal *j)
{
	if (!j)
		return;
	if (j->out)
		fclose(j->out);
	free(j->body);
	free(j->path);
	free(j);
}
