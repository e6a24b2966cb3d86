/* diag.c - findings to stderr as text lines or JSON Lines, and their counts */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "hz/diag.h"

static const char *const severity_names[] = {
	[HZ_WARNING] = "warning",
	[HZ_ERROR] = "error",
	[HZ_FATAL] = "fatal",
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

/* A JSON string of s. jansson refuses bytes that are not UTF-8 (a file
 * name in another encoding, a message cut mid-character), which would
 * drop the key: such bytes become U+FFFD instead. */
static json_t *text_value(const char *s)
{
	json_t *v = json_string(s);

	if (v)
		return v;
	size_t n = strlen(s), len = 0, i = 0;
	char *t = malloc(n * 3 + 1);
	if (!t)
		abort();
	while (i < n) {
		size_t ok = hz_utf8_valid_prefix(s + i, n - i);
		memcpy(t + len, s + i, ok);
		len += ok;
		i += ok;
		if (i < n) {
			memcpy(t + len, "\xEF\xBF\xBD", 3);
			len += 3;
			i++;
		}
	}
	v = json_stringn(t, len);
	free(t);
	return v ? v : json_null();
}

static void emit_json(FILE *out, const hz_finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", text_value(f->file ? f->file : "<stdin>"));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "record", f->record > 0 ? json_integer(f->record) : json_null());
	json_object_set_new(o, "id", f->id ? text_value(f->id) : json_null());
	json_object_set_new(o, "field", f->field ? text_value(f->field) : json_null());
	json_object_set_new(o, "rule", text_value(f->rule));
	json_object_set_new(o, "severity", json_string(hz_severity_name(f->severity)));
	json_object_set_new(o, "message", text_value(f->message ? f->message : ""));
	char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	if (text) {
		fprintf(out, "%s\n", text);
		free(text);
	}
	json_decref(o);
}

void hz_diag_emit(hz_diag *d, const hz_finding *f)
{
	switch (f->severity) {
	case HZ_WARNING: d->warnings++; break;
	case HZ_ERROR: d->errors++; break;
	case HZ_FATAL: d->fatals++; break;
	}
	if (d->hook)
		d->hook(f, d->hook_arg);
	if (!d->out)
		return;
	if (f->severity == HZ_WARNING && d->quiet_warnings)
		return;
	if (f->severity == HZ_ERROR && d->max_errors > 0 && d->errors > d->max_errors)
		return;
	if (d->format == HZ_DIAG_JSON) {
		emit_json(d->out, f);
		return;
	}
	if (d->prog)
		fprintf(d->out, "%s: ", d->prog);
	fprintf(d->out, "%s:%ld: %s: %s [%s]\n", f->file ? f->file : "<stdin>", f->line,
		hz_severity_name(f->severity), f->message ? f->message : "", f->rule);
}

/* The id text of a record, for findings (NULL when it has none). */
static const char *record_id(const hz_record *r, char *buf, size_t cap)
{
	hz_str id = hz_trim(hz_get(r, HZ_K_ID));

	if (!id.s || id.n == 0)
		return NULL;
	snprintf(buf, cap, "%.*s", (int)id.n, id.s);
	return buf;
}

void hz_diag_record(hz_diag *d, const hz_record *r, hz_severity sev,
		    const char *rule, hz_key field, const char *fmt, ...)
{
	char msg[1024], idbuf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	hz_finding f = {
		.file = r->place.file,
		.line = r->place.line,
		.record = r->place.record,
		.id = record_id(r, idbuf, sizeof idbuf),
		.field = field == HZ_K_NONE ? NULL : hz_key_name(field),
		.rule = rule,
		.severity = sev,
		.message = msg,
	};
	hz_diag_emit(d, &f);
}

void hz_diag_place(hz_diag *d, const char *file, long line, long record,
		   hz_severity sev, const char *rule, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	hz_finding f = {
		.file = file, .line = line, .record = record,
		.rule = rule, .severity = sev, .message = msg,
	};
	hz_diag_emit(d, &f);
}
