/* diag.c - findings to stderr as text lines or JSON Lines, and their counts */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/diag.h"
#include "hz/i18n.h"
#include "record_int.h"

/* JSON carries these; text lines say them in the locale's language */
static const char *const severity_names[] = {
	[HZ_WARNING] = HZ_N_("warning"),
	[HZ_ERROR] = HZ_N_("error"),
	[HZ_FATAL] = HZ_N_("fatal"),
};

const char *hz_severity_name(hz_severity s)
{
	return severity_names[s];
}

void hz_diag_init(hz_diag *d, const char *prog)
{
	memset(d, 0, sizeof *d);
	d->out = stderr;
	d->prog = prog;
}

/* A message in the locale's language, looked up once a run: dgettext
 * reads the environment and searches the catalogue on every call, and a
 * register with a finding a row asks for the same few formats a million
 * times. The msgids are string literals (the rules', the tables'), so
 * their addresses are the keys; a full table falls back to dgettext. */
static const char *translated(hz_diag *d, const char *msgid)
{
	size_t n = sizeof d->msgs / sizeof d->msgs[0];
	size_t i = ((uintptr_t)msgid >> 3) % n;

	for (size_t probes = 0; probes < n; probes++, i = (i + 1) % n) {
		if (d->msgs[i].msgid == msgid)
			return d->msgs[i].text;
		if (!d->msgs[i].msgid) {
			d->msgs[i].msgid = msgid;
			return d->msgs[i].text = HZ_(msgid);
		}
	}
	return HZ_(msgid);
}

/* u in decimal, written backwards from end; returns its start. */
static char *unsigned_decimal(unsigned long u, char *end)
{
	*--end = '\0';
	do
		*--end = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	return end;
}

static const char *decimal(long n, char *end)
{
	char *s = unsigned_decimal(n < 0 ? 0UL - (unsigned long)n : (unsigned long)n, end);

	if (n < 0)
		*--s = '-';
	return s;
}

/* The directive at p ("%s", "%d", "%ld", "%zu", "%%"): its length, or 0
 * for any other. */
static size_t plain_directive(const char *p)
{
	switch (p[1]) {
	case 's':
	case 'd':
	case '%':
		return 2;
	case 'l':
		return p[2] == 'd' ? 3 : 0;
	case 'z':
		return p[2] == 'u' ? 3 : 0;
	default:
		return 0;
	}
}

/* Append n bytes of s to buf (cap bytes, *len used), cut as vsnprintf cuts. */
static void append(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
	if (n > cap - 1 - *len)
		n = cap - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

/* A finding's message, as vsnprintf would write it. The rules' formats
 * use only %s, %d, %ld, %zu and %%: those are put here, because
 * vsnprintf sets up a stream on every call and a register can have a
 * finding a row; a format with any other directive goes to vsnprintf. */
static void format_message(char *buf, size_t cap, const char *fmt, va_list ap)
{
	size_t len = 0;
	va_list again; /* for vsnprintf, from the first argument */

	va_copy(again, ap);
	for (const char *p = fmt;;) {
		const char *pct = strchr(p, '%');
		char num[24], *end = num + sizeof num;
		const char *text;

		if (!pct) {
			append(buf, cap, &len, p, strlen(p));
			break;
		}
		if (!plain_directive(pct)) {
			vsnprintf(buf, cap, fmt, again);
			va_end(again);
			return;
		}
		append(buf, cap, &len, p, (size_t)(pct - p));
		switch (pct[1]) {
		case 's':
			text = va_arg(ap, const char *);
			text = text ? text : "(null)";
			break;
		case 'd':
			text = decimal(va_arg(ap, int), end);
			break;
		case 'l':
			text = decimal(va_arg(ap, long), end);
			break;
		case 'z':
			text = unsigned_decimal(va_arg(ap, size_t), end);
			break;
		default:
			text = "%";
			break;
		}
		append(buf, cap, &len, text, strlen(text));
		p = pct + plain_directive(pct);
	}
	va_end(again);
	buf[len] = '\0';
}

static void format_place(char *buf, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void format_place(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_message(buf, cap, fmt, ap);
	va_end(ap);
}

/* A string member, or null. */
static void json_member(FILE *out, const char *key, const char *value)
{
	fprintf(out, ",\"%s\":", key);
	if (value)
		hz_json_put_string(out, value, strlen(value));
	else
		fputs("null", out);
}

/* One finding as a JSON line, keys in the order hz-validate(1) shows them. */
static void emit_json(FILE *out, const hz_finding *f)
{
	const char *file = f->file ? f->file : "<stdin>";

	char num[24];

	fputs("{\"file\":", out);
	hz_json_put_string(out, file, strlen(file));
	fputs(",\"line\":", out);
	fputs(decimal(f->line, num + sizeof num), out);
	fputs(",\"record\":", out);
	fputs(f->record > 0 ? decimal(f->record, num + sizeof num) : "null", out);
	fputs(",\"row\":", out);
	fputs(f->row > 0 ? decimal(f->row, num + sizeof num) : "null", out);
	json_member(out, "id", f->id);
	json_member(out, "field", f->field);
	json_member(out, "rule", f->rule);
	json_member(out, "severity", hz_severity_name(f->severity));
	json_member(out, "message", f->message ? f->message : "");
	fputs("}\n", out);
}

/* A text line put together before it goes out: one stdio call a finding
 * (each takes the stream's lock; the read-ahead thread makes it real).
 * What does not fit goes out as it comes. */
typedef struct line {
	FILE *out;
	size_t n;
	char s[2048];
} line;

static void put(line *l, const char *s, size_t n)
{
	if (l->n + n > sizeof l->s) {
		fwrite(l->s, 1, l->n, l->out);
		l->n = 0;
		if (n > sizeof l->s) {
			fwrite(s, 1, n, l->out);
			return;
		}
	}
	memcpy(l->s + l->n, s, n);
	l->n += n;
}

static void puts_line(line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* "PROG: FILE:LINE: SEVERITY: MESSAGE (序号 N, row R) [RULE]" */
static void emit_text(hz_diag *d, const hz_finding *f)
{
	line l;
	char num[24], where[256] = "";

	l.out = d->out;
	l.n = 0;
	if (d->prog) {
		puts_line(&l, d->prog);
		put(&l, ": ", 2);
	}
	puts_line(&l, f->file ? f->file : "<stdin>");
	put(&l, ":", 1);
	puts_line(&l, decimal(f->line, num + sizeof num));
	put(&l, ": ", 2);
	puts_line(&l, translated(d, hz_severity_name(f->severity)));
	put(&l, ": ", 2);
	puts_line(&l, f->message ? f->message : "");
	/* where a clerk finds the record: its 序号 and the row Excel shows */
	if (f->record > 0 && f->id && f->row > 0)
		format_place(where, sizeof where, translated(d, HZ_N_(" (序号 %s, row %ld)")),
		             f->id, f->row);
	else if (f->record > 0 && f->id)
		format_place(where, sizeof where, translated(d, HZ_N_(" (序号 %s)")), f->id);
	else if (f->record > 0 && f->row > 0)
		format_place(where, sizeof where, translated(d, HZ_N_(" (row %ld)")), f->row);
	puts_line(&l, where);
	put(&l, " [", 2);
	puts_line(&l, f->rule);
	put(&l, "]\n", 2);
	fwrite(l.s, 1, l.n, l.out);
}

void hz_diag_emit(hz_diag *d, const hz_finding *f)
{
	switch (f->severity) {
	case HZ_WARNING:
		d->warnings++;
		break;
	case HZ_ERROR:
		d->errors++;
		break;
	case HZ_FATAL:
		d->fatals++;
		break;
	}
	if (d->hook)
		d->hook(f, d->hook_arg);
	if (!d->out)
		return;
	if (f->severity == HZ_WARNING && d->quiet_warnings)
		return;
	if (d->format == HZ_DIAG_JSON) {
		emit_json(d->out, f);
		return;
	}
	emit_text(d, f);
}

/* The id text of a record, for findings (NULL when it has none). */
static const char *record_id(const hz_record *r, char *buf, size_t cap)
{
	hz_str id = hz_trim(hz_get(r, HZ_K_ID));

	if (!id.s || id.n == 0)
		return NULL;
	if (id.n > cap - 1)
		id.n = cap - 1; /* a 序号 is short: this is a stray cell */
	memcpy(buf, id.s, id.n);
	buf[id.n] = '\0';
	return buf;
}

void hz_finding_of(hz_finding *f, hz_rule_id rule)
{
	f->rule = hz_rule_name(rule);
	f->severity = hz_rule_id_severity(rule);
}

void hz_diag_record(hz_diag *d, const hz_record *r, hz_rule_id rule, hz_key field, const char *fmt,
                    ...)
{
	va_list ap;

	va_start(ap, fmt);
	hz_diag_vrecord(d, r, rule, field, fmt, ap);
	va_end(ap);
}

void hz_diag_vrecord(hz_diag *d, const hz_record *r, hz_rule_id rule, hz_key field, const char *fmt,
                     va_list ap)
{
	char msg[1024], idbuf[64];

	/* the one place a finding's words are translated */
	format_message(msg, sizeof msg, translated(d, fmt), ap);
	hz_finding f = {
		.file = r->place.file,
		.line = r->place.line,
		.record = r->place.record,
		.row = r->place.row,
		.id = record_id(r, idbuf, sizeof idbuf),
		.field = field == HZ_K_NONE ? NULL : hz_key_name(field),
		.message = msg,
	};
	hz_finding_of(&f, rule);
	hz_diag_emit(d, &f);
}

void hz_diag_place(hz_diag *d, const char *file, long line, long record, hz_rule_id rule,
                   const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	/* the one place a finding's words are translated */
	va_start(ap, fmt);
	format_message(msg, sizeof msg, translated(d, fmt), ap);
	va_end(ap);
	hz_finding f = {
		.file = file,
		.line = line,
		.record = record,
		.message = msg,
	};
	hz_finding_of(&f, rule);
	hz_diag_emit(d, &f);
}

const char *hz_quote(hz_str v, hz_quoted *q)
{
	size_t i = 0, o = 0;

	v = hz_trim(v);
	while (i < v.n) {
		unsigned cp;
		size_t len = hz_utf8_decode(v.s + i, v.n - i, &cp);

		if (o + len > HZ_QUOTE_MAX) {
			memcpy(q->s + o, "...", 3);
			o += 3;
			break;
		}
		if (cp == 0xFFFD && len == 1) {
			q->s[o++] = '?';
		} else if (cp < 0x20 || cp == 0x7f) {
			q->s[o++] = ' ';
		} else {
			memcpy(q->s + o, v.s + i, len);
			o += len;
		}
		i += len;
	}
	q->s[o] = '\0';
	return q->s;
}
