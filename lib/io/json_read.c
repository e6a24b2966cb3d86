/* json_read.c - records from JSON Lines, or from one JSON array of objects.
 *
 * A line (or an array element) at a time through json_loadb, with our own
 * line count, duplicate keys rejected. Values become cell text, so every
 * tool sees the same record model whatever the input format: numbers as
 * written, true/false as 是/否 in flag fields, progress arrays as the two
 * multi-line cells 整改进展 and 整改进展时间. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "reader_int.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"

/* A line longer than this cannot be a record of cells within Excel's limit. */
#define JSON_LINE_MAX ((size_t)HZ_CELL_MAX * 4 * 48)

/* Matching a key costs a few folds; JSON repeats the same keys on every
 * line, so the reader remembers the answers (reader_int.h), found again by
 * a hash of type and name: each key of each line is looked up a few times. */
static unsigned key_hash(hz_type t, const char *name, size_t *len)
{
	unsigned h = 2166136261u ^ (unsigned)t;
	const unsigned char *p = (const unsigned char *)name;

	for (; *p; p++)
		h = (h ^ *p) * 16777619u;
	*len = (size_t)(p - (const unsigned char *)name);
	return h;
}

static hz_key match_key(hz_reader *r, hz_type t, const char *name)
{
	size_t len;
	unsigned h = key_hash(t, name, &len);
	unsigned slot = h & (HZ_JSON_KEY_SLOTS - 1);

	for (;; slot = (slot + 1) & (HZ_JSON_KEY_SLOTS - 1)) {
		int i = r->jslots[slot] - 1;
		if (i < 0)
			break;
		if (r->jkeys[i].hash == h && r->jkeys[i].type == t && r->jkeys[i].len == len &&
		    memcmp(r->jkeys[i].name, name, len) == 0)
			return r->jkeys[i].key;
	}
	hz_key k = hz_match_header(t, hz_str_c(name));
	if (r->njkeys < HZ_JSON_KEY_CACHE) {
		/* the slots outnumber the keys kept: slot is free */
		r->jkeys[r->njkeys].name = hz_xstrdup(name);
		r->jkeys[r->njkeys].len = len;
		r->jkeys[r->njkeys].hash = h;
		r->jkeys[r->njkeys].type = t;
		r->jkeys[r->njkeys].key = k;
		r->jslots[slot] = ++r->njkeys;
	}
	return k;
}

void hz_json_cleanup(hz_reader *r)
{
	free(r->jbuf);
	for (int t = 0; t < HZ_TYPE_COUNT; t++)
		hz_schema_unref(r->jschema[t]);
	hz_schema_unref(r->jlast);
	if (r->junknown_seen)
		hz_strset_free(r->junknown_seen);
	for (int i = 0; i < r->njkeys; i++)
		free(r->jkeys[i].name);
}

static bool next_byte(hz_reader *r, char *c)
{
	if (!hz_input_fill(&r->in))
		return false;
	*c = r->in.buf[r->in.pos++];
	r->offset++;
	r->last_byte = *c;
	return true;
}

/* One line into jbuf (without its line end). False at the end of input.
 * *too_long is set when the line was cut (the rest is skipped). */
static bool read_line(hz_reader *r, bool *too_long)
{
	char c;

	r->jlen = 0;
	*too_long = false;
	if (!hz_input_fill(&r->in))
		return false;
	for (;;) {
		hz_input *in = &r->in;
		if (in->pos >= in->len && !hz_input_fill(in))
			break;
		const char *p = in->buf + in->pos;
		size_t avail = in->len - in->pos;
		const char *lf = memchr(p, '\n', avail);
		size_t n = lf ? (size_t)(lf - p) : avail;
		if (!*too_long && r->jlen + n <= JSON_LINE_MAX) {
			r->jbuf = hz_xgrow(r->jbuf, &r->jcap, r->jlen + n + 1);
			memcpy(r->jbuf + r->jlen, p, n);
			r->jlen += n;
		} else {
			*too_long = true;
		}
		in->pos += n;
		r->offset += (long long)n;
		if (n)
			r->last_byte = p[n - 1];
		if (lf) {
			next_byte(r, &c);
			break;
		}
	}
	if (r->jlen && r->jbuf[r->jlen - 1] == '\r')
		r->jlen--;
	return true;
}

/* The array's own syntax, outside its elements: what comes before the
 * '[' and after the ']', and a ']' that never comes, is json-syntax. */
enum { ARRAY_BEFORE, ARRAY_IN, ARRAY_AFTER, ARRAY_DONE };

static bool json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void array_error(hz_reader *r, const char *why)
{
	r->dropped++;
	hz_diag_place(r->diag, r->name, r->line, 0, HZ_RULE_JSON_SYNTAX, "%s", HZ_(why));
	r->json_state = ARRAY_DONE;
}

/* One element of a top-level array into jbuf; false after the last. The
 * element's first line is r->row_line. */
static bool read_element(hz_reader *r, bool *too_long)
{
	char c;
	int depth = 0;
	bool in_string = false, escaped = false, started = false;

	r->jlen = 0;
	*too_long = false;
	while (next_byte(r, &c)) {
		if (c == '\n')
			r->line++;
		if (r->json_state == ARRAY_DONE || (json_space(c) && !started))
			continue;
		if (r->json_state == ARRAY_BEFORE) {
			if (c == '[') {
				r->json_state = ARRAY_IN;
				continue;
			}
			/* a .json file is one array of records; JSON Lines
			 * ('{' first) were told apart when the file was opened */
			array_error(
			        r, "a .json file holds one array of records, and this one does not "
			           "begin with '[' (nor '{' for JSON Lines); the file is skipped");
			r->status = HZ_READ_SKIPPED;
			continue;
		}
		if (r->json_state == ARRAY_AFTER) {
			array_error(r, "text after the array's closing ']'; it is ignored");
			continue;
		}
		if (!started) {
			if (c == ',')
				continue;
			if (c == ']') {
				r->json_state = ARRAY_AFTER;
				continue;
			}
			started = true;
			r->row_line = r->line;
			r->row_begin = r->offset - 1;
		}
		if (r->jlen < JSON_LINE_MAX) {
			r->jbuf = hz_xgrow(r->jbuf, &r->jcap, r->jlen + 2);
			r->jbuf[r->jlen++] = c;
		} else {
			*too_long = true;
		}
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0) {
				/* the array's ']' right after a scalar element */
				if (!*too_long)
					r->jlen--;
				r->json_state = ARRAY_AFTER;
				return true;
			}
			depth--;
		}
		if (depth == 0) {
			/* a scalar element ends before the next ',' or ']' */
			if (c == '}' || c == ']' || c == ',')
				return true;
		}
	}
	if (!started && r->json_state == ARRAY_IN)
		array_error(r, "the array has no closing ']': the file ends inside it");
	return started;
}

static void set_text(hz_record *rec, size_t col, const char *s, size_t n)
{
	hz_record_set_cell(rec, col, s, n);
}

/* Digits of v (negative too) at the end of buf[0..cap); returns the first. */
static char *digits(long long v, char *end)
{
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	*--end = '\0';
	do
		*--end = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--end = '-';
	return end;
}

/* A JSON number as cell text: integers as written; reals with at most 4
 * places as the shortest such decimal, others in full (so bad-amount sees
 * them). */
static const char *number_text_printf(double d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.4f", d);
	if (fabs(strtod(buf, NULL) - d) > 1e-9 * fmax(1.0, fabs(d))) {
		snprintf(buf, cap, "%.17g", d);
		return buf;
	}
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	return buf;
}

/* The same without snprintf for the usual numbers (every record has a
 * few): integers, and reals that are some m / 10^4 so nearly that "%.4f"
 * cannot round them otherwise. */
static const char *number_text(json_t *v, char *buf, size_t cap)
{
	if (json_is_integer(v))
		return digits((long long)json_integer_value(v), buf + cap);
	double d = json_real_value(v), x = d * 10000.0, near = nearbyint(x);
	if (!(fabs(d) < 1e9 && fabs(x - near) < 1e-3) ||
	    fabs(near / 10000.0 - d) > 1e-9 * fmax(1.0, fabs(d)))
		return number_text_printf(d, buf, cap);
	long long m = (long long)near;
	long long whole = m / 10000, frac = m % 10000;
	if (frac < 0)
		frac = -frac;
	char *p = digits(whole, buf + cap - 8);
	if (whole == 0 && (m < 0 || signbit(d)))
		*--p = '-';
	char *q = buf + cap - 9; /* where digits() put its NUL */
	if (frac) {
		*q++ = '.';
		for (long long div = 1000; frac && div; div /= 10) {
			*q++ = (char)('0' + frac / div);
			frac %= div;
		}
	}
	*q = '\0';
	return p;
}

static bool flag_kind(hz_type t, hz_key k)
{
	const hz_field *f = hz_field_of(t, k);

	return f && (f->kind == HZ_KIND_FLAG || f->kind == HZ_KIND_LISTED);
}

static bool list_kind(hz_type t, hz_key k)
{
	const hz_field *f = hz_field_of(t, k);

	return f && f->kind == HZ_KIND_LIST;
}

/* A list (evidence, hazards): ["…", …] → one entry a line. */
static bool list_cell(hz_reader *r, hz_record *rec, size_t col, json_t *arr)
{
	size_t i;
	json_t *e;
	char *cell = NULL;
	size_t len = 0, cap = 0;

	json_array_foreach(arr, i, e)
	{
		if (!json_is_string(e)) {
			free(cell);
			r->dropped++;
			hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_JSON_SYNTAX,
			              "a list must be an array of strings; the record is dropped");
			return false;
		}
		size_t n = json_string_length(e);
		const char *t = json_string_value(e);
		char *one = hz_entry_text(t, n, &n);
		if (one)
			t = one;
		cell = hz_xgrow(cell, &cap, len + n + 2);
		if (i)
			cell[len++] = '\n';
		memcpy(cell + len, t, n);
		len += n;
		free(one);
	}
	set_text(rec, col, cell ? cell : "", len);
	free(cell);
	return true;
}

/* progress: [{"date": …, "text": …}, …] → the two multi-line cells. */
static bool progress_cells(hz_reader *r, hz_record *rec, json_t *arr)
{
	size_t i;
	json_t *e;
	char *text = NULL, *dates = NULL;
	size_t tl = 0, tc = 0, dl = 0, dc = 0;
	hz_schema *s = rec->schema;

	json_array_foreach(arr, i, e)
	{
		const char *t = "", *d = "";
		if (json_is_string(e)) {
			t = json_string_value(e);
		} else if (json_is_object(e)) {
			json_t *jt = json_object_get(e, "text"), *jd = json_object_get(e, "date");
			if (jt && !json_is_null(jt) && !json_is_string(jt))
				goto bad;
			if (jd && !json_is_null(jd) && !json_is_string(jd))
				goto bad;
			t = json_is_string(jt) ? json_string_value(jt) : "";
			d = json_is_string(jd) ? json_string_value(jd) : "";
		} else {
			goto bad;
		}
		size_t n = strlen(t), m = strlen(d);
		/* a line break inside one entry must not make it two */
		char *t1 = hz_entry_text(t, n, &n), *d1 = hz_entry_text(d, m, &m);
		if (t1)
			t = t1;
		if (d1)
			d = d1;
		text = hz_xgrow(text, &tc, tl + n + 2);
		dates = hz_xgrow(dates, &dc, dl + m + 2);
		if (i) {
			text[tl++] = '\n';
			dates[dl++] = '\n';
		}
		memcpy(text + tl, t, n);
		tl += n;
		memcpy(dates + dl, d, m);
		dl += m;
		free(t1);
		free(d1);
	}
	/* a last entry without a date (or text) is still a line of the cell:
	 * a final line end would be taken for the cell's own, so add one */
	size_t entries = json_array_size(arr);
	if (entries > 1 && dl > 0 && dates[dl - 1] == '\n') {
		dates = hz_xgrow(dates, &dc, dl + 2);
		dates[dl++] = '\n';
	}
	if (entries > 1 && tl > 0 && text[tl - 1] == '\n') {
		text = hz_xgrow(text, &tc, tl + 2);
		text[tl++] = '\n';
	}
	set_text(rec, (size_t)s->col[HZ_K_PROGRESS], text ? text : "", tl);
	if (s->col[HZ_K_PROGRESS_DATE] >= 0)
		set_text(rec, (size_t)s->col[HZ_K_PROGRESS_DATE], dates ? dates : "", dl);
	free(text);
	free(dates);
	return true;
bad:
	free(text);
	free(dates);
	r->dropped++;
	hz_diag_place(
	        r->diag, r->name, r->row_line, 0, HZ_RULE_JSON_SYNTAX,
	        "'progress' must be an array of {\"date\", \"text\"} objects or strings; the record is dropped");
	return false;
}

/* A record's columns are its keys, as a CSV file's are its header: an
 * absent key that is neither one of the form's own nor required (the
 * extensions: source, listed, owner, funds, plan, extension, reporter) is
 * an absent column, so the rules that need it are skipped as for a CSV
 * file without it; an absent key of the form's own is an empty field.
 * Bit i of the mask: field i of hz_fields(t) is absent. */
static unsigned absent_fields(hz_type t, const bool *seen)
{
	size_t n;
	const hz_field *f = hz_fields(t, &n);
	unsigned mask = 0;

	for (size_t i = 0; i < n && i < sizeof mask * 8; i++)
		if (!(f[i].flags & (HZ_F_FORM | HZ_F_REQUIRED_COLUMN)) && !seen[f[i].key])
			mask |= 1u << i;
	return mask;
}

/* The fields of type t less the absent ones; *base gets their number. */
static hz_schema *keyed_schema(hz_type t, unsigned absent, size_t *base)
{
	size_t n;
	const hz_field *f = hz_fields(t, &n);
	hz_schema *s = hz_schema_new(t);

	for (size_t i = 0; i < n; i++)
		if (!(i < sizeof absent * 8 && (absent >> i) & 1))
			hz_schema_add(s, f[i].name, strlen(f[i].name), f[i].key);
	s->from_json = true;
	*base = s->ncols;
	return s;
}

/* The schema of a record of type t with these keys: the fields of the type
 * it has columns for (above), then its unknown keys. *base gets the
 * number of known columns, *absent the mask of absent fields. */
static hz_schema *json_schema(hz_reader *r, hz_type t, json_t *obj, size_t *base, unsigned *absent)
{
	const char *key;
	json_t *v;
	size_t nunknown = 0;
	bool seen[HZ_KEY_COUNT] = { false };

	*base = 0;
	*absent = 0;
	json_object_foreach(obj, key, v)
	{
		if (strcmp(key, "type") == 0)
			continue;
		hz_key k = t < HZ_TYPE_COUNT ? match_key(r, t, key) : HZ_K_NONE;
		if (k == HZ_K_NONE)
			nunknown++;
		else
			seen[k] = true;
	}
	if (t < HZ_TYPE_COUNT)
		*absent = absent_fields(t, seen);
	if (nunknown == 0 && t < HZ_TYPE_COUNT) {
		if (!r->jschema[t] || r->jschema_absent[t] != *absent) {
			hz_schema_unref(r->jschema[t]);
			r->jschema[t] = keyed_schema(t, *absent, &r->jschema_base[t]);
			r->jschema_absent[t] = *absent;
		}
		*base = r->jschema_base[t];
		return r->jschema[t];
	}
	/* the same keys as the last record: reuse its schema */
	hz_schema *last = r->jlast;
	if (last && last->type == t && r->jlast_absent == *absent) {
		size_t i = 0;
		bool same = last->ncols == r->jlast_base + nunknown;
		json_object_foreach(obj, key, v)
		{
			if (!same)
				break;
			if (strcmp(key, "type") == 0 ||
			    (t < HZ_TYPE_COUNT && match_key(r, t, key) != HZ_K_NONE))
				continue;
			same = strcmp(last->names[r->jlast_base + i++], key) == 0;
		}
		if (same) {
			*base = r->jlast_base;
			return last;
		}
	}
	hz_schema *s;
	if (t < HZ_TYPE_COUNT) {
		s = keyed_schema(t, *absent, base);
	} else {
		s = hz_schema_new(t);
		s->from_json = true;
	}
	json_object_foreach(obj, key, v)
	{
		if (strcmp(key, "type") != 0 &&
		    (t >= HZ_TYPE_COUNT || match_key(r, t, key) == HZ_K_NONE))
			hz_schema_add(s, key, strlen(key), HZ_K_NONE);
	}
	hz_schema_unref(r->jlast);
	r->jlast = s;
	r->jlast_base = *base;
	r->jlast_absent = *absent;
	return s;
}

/* header-extension, once an input, as for a CSV file without the columns. */
static void absent_extensions(hz_reader *r, hz_type t, unsigned absent)
{
	size_t n;
	const hz_field *f = hz_fields(t, &n);
	char names[512] = "";

	if (r->jext_said || !r->opts.header_rules)
		return;
	for (size_t i = 0; i < n && i < sizeof absent * 8; i++) {
		if (!((absent >> i) & 1) || !(f[i].flags & HZ_F_EXTENSION))
			continue;
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s'%s'", used ? ", " : "", f[i].name);
	}
	if (!names[0])
		return;
	r->jext_said = true;
	hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_HEADER_EXTENSION,
	              "no extension key %s: the rules and 调度表 items that need them are skipped",
	              names);
}

/* header-unknown, once a key a file. */
static void unknown_key(hz_reader *r, hz_type t, const char *key)
{
	if (t == HZ_TIP && hz_personal_header(hz_str_c(key)))
		return; /* personal-data: the record is dropped */
	if (!r->junknown_seen)
		r->junknown_seen = hz_strset_new();
	if (hz_strset_add(r->junknown_seen, key, strlen(key)))
		hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_HEADER_UNKNOWN,
		              "key '%s' matches no %s field; it is kept", key,
		              HZ_(hz_type_name(t)));
}

/* The record type: "type" where given (false when it names no type),
 * else --type, else told from the keys as for a CSV header. */
static bool object_type(hz_reader *r, json_t *obj, hz_type *out)
{
	json_t *jt = json_object_get(obj, "type");
	const char *key;
	json_t *v;
	bool present[HZ_KEY_COUNT] = { false };

	*out = HZ_TYPE_UNKNOWN;
	if (jt && !json_is_null(jt))
		return json_is_string(jt) && hz_type_parse(json_string_value(jt), out);
	if (r->opts.type < HZ_TYPE_COUNT) {
		*out = r->opts.type;
		return true;
	}
	json_object_foreach(obj, key, v)
	{
		hz_key k = match_key(r, HZ_TYPE_UNKNOWN, key);
		if (k != HZ_K_NONE)
			present[k] = true;
	}
	*out = hz_type_from_keys(present);
	return true;
}

/* A record dropped whole, reported at its line. */
static hz_record *drop(hz_reader *r, hz_rule_id rule, const char *why)
{
	r->dropped++;
	hz_diag_place(r->diag, r->name, r->row_line, 0, rule, "%s; the record is dropped", why);
	return NULL;
}

static hz_record *object_record(hz_reader *r, json_t *obj)
{
	hz_type t;
	const char *key;
	json_t *v;
	char num[64];
	bool seen[HZ_KEY_COUNT] = { false };

	if (!object_type(r, obj, &t))
		return drop(r, HZ_RULE_JSON_SYNTAX,
		            HZ_("\"type\" is not one of hazard, check, activity, roster, duty"));
	if (t >= HZ_TYPE_COUNT && !r->opts.passthrough)
		return drop(
		        r, HZ_RULE_JSON_SYNTAX,
		        HZ_("cannot tell the record type of this object (give \"type\", or --type)"));
	if (t == HZ_TIP && !r->opts.allow_personal) {
		json_object_foreach(obj, key, v)
		{
			if (match_key(r, t, key) != HZ_K_NONE || !hz_personal_header(hz_str_c(key)))
				continue;
			char msg[256];
			snprintf(msg, sizeof msg,
			         HZ_("key '%.80s' names the person who reported; a tip "
			             "must not hold it (--allow-personal reads it anyway)"),
			         key);
			return drop(r, HZ_RULE_PERSONAL_DATA, msg);
		}
	}
	hz_record *rec = r->row;
	size_t unknown = 0, base;
	unsigned absent;
	hz_record_clear(rec);
	hz_record_set_schema(rec, json_schema(r, t, obj, &base, &absent));
	if (absent)
		absent_extensions(r, t, absent);
	for (size_t c = 0; c < rec->schema->ncols; c++)
		hz_record_push(rec, "", 0);
	json_object_foreach(obj, key, v)
	{
		if (strcmp(key, "type") == 0)
			continue;
		hz_key k = t < HZ_TYPE_COUNT ? match_key(r, t, key) : HZ_K_NONE;
		if (k == HZ_K_NONE && t == HZ_TIP && !r->opts.allow_personal &&
		    hz_personal_header(hz_str_c(key))) {
			char msg[256];
			snprintf(msg, sizeof msg,
			         HZ_("key '%.80s' names the person who reported; a tip "
			             "must not hold it (--allow-personal reads it anyway)"),
			         key);
			return drop(r, HZ_RULE_PERSONAL_DATA, msg);
		}
		size_t col = k == HZ_K_NONE ? base + unknown++ : (size_t)rec->schema->col[k];
		if (k == HZ_K_NONE && r->opts.header_rules && t < HZ_TYPE_COUNT)
			unknown_key(r, t, key);
		if (k != HZ_K_NONE && seen[k]) {
			/* two keys for one field (enterprise and 企业名称): the first
			 * is kept, and the second is not lost unseen */
			char msg[256];
			snprintf(msg, sizeof msg,
			         HZ_("key '%.80s' names the same field as an earlier key; "
			             "its value is not used"),
			         key);
			hz_finding f = {
				.file = r->name,
				.line = r->row_line,
				.field = hz_key_name(k),
				.message = msg,
			};
			hz_finding_of(&f, HZ_RULE_HEADER_DUPLICATE);
			hz_diag_emit(r->diag, &f);
			continue;
		}
		if (k != HZ_K_NONE)
			seen[k] = true;
		if (json_is_string(v) && json_string_length(v) > HZ_CELL_MAX &&
		    hz_utf8_count(json_string_value(v), json_string_length(v)) > HZ_CELL_MAX)
			return drop(r, HZ_RULE_CELL_TOO_LONG,
			            HZ_("a value of more than 32767 characters (Excel's limit)"));
		if (k == HZ_K_PROGRESS && json_is_array(v)) {
			if (!progress_cells(r, rec, v))
				return NULL;
			continue;
		}
		if (k != HZ_K_NONE && json_is_array(v) && list_kind(t, k)) {
			if (!list_cell(r, rec, col, v))
				return NULL;
			continue;
		}
		if (json_is_string(v)) {
			set_text(rec, col, json_string_value(v), json_string_length(v));
		} else if (json_is_number(v) && k == HZ_K_ITEM && json_is_real(v)) {
			/* 3.10 arrives as the number 3.1: a number cannot name an
			 * item; in full it matches none (unknown-item), as it should */
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
			set_text(rec, col, num, strlen(num));
		} else if (json_is_number(v)) {
			const char *text = number_text(v, num, sizeof num);
			set_text(rec, col, text, strlen(text));
		} else if (json_is_boolean(v)) {
			const char *b = flag_kind(t, k) ? (json_is_true(v) ? "是" : "否")
			                                : (json_is_true(v) ? "true" : "false");
			set_text(rec, col, b, strlen(b));
		} else if (!json_is_null(v)) {
			char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			if (dump) {
				set_text(rec, col, dump, strlen(dump));
				free(dump);
			}
		}
	}
	rec->place.file = r->name;
	rec->place.line = r->row_line;
	rec->place.row = r->row_line; /* a JSON record's row is its line */
	rec->place.record = ++r->recno;
	rec->place.begin = r->row_begin;
	rec->place.end = r->offset;
	return rec;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Invalid bytes and NUL in jbuf become U+FFFD, reported on the line where
 * the first one stands, so the record is still read and checked. */
static bool repair(hz_reader *r)
{
	size_t nuls, ok = hz_utf8_scan(r->jbuf, r->jlen, &nuls);

	if (ok == r->jlen && nuls == 0)
		return false;
	const char *nul = nuls ? memchr(r->jbuf, '\0', ok) : NULL;
	if (nul)
		ok = (size_t)(nul - r->jbuf);
	long line = r->row_line;
	for (size_t i = 0; i < ok; i++)
		line += r->jbuf[i] == '\n';
	hz_reader_bad_bytes(r, r->diag, line, NULL);
	size_t len = ok, i = ok;
	r->scratch = hz_xgrow(r->scratch, &r->scratch_cap, r->jlen * 3 + 4);
	memcpy(r->scratch, r->jbuf, ok);
	while (i < r->jlen) {
		size_t good = r->jbuf[i] ? hz_utf8_valid_prefix(r->jbuf + i, r->jlen - i) : 0;
		const char *z = good ? memchr(r->jbuf + i, '\0', good) : NULL;
		if (z)
			good = (size_t)(z - (r->jbuf + i));
		memcpy(r->scratch + len, r->jbuf + i, good);
		len += good;
		i += good;
		if (i < r->jlen) {
			memcpy(r->scratch + len, "\xEF\xBF\xBD", 3);
			len += 3;
			i++;
		}
	}
	/* swap the buffers: the repaired text becomes the line */
	char *t = r->jbuf;
	size_t cap = r->jcap;
	r->jbuf = r->scratch;
	r->jcap = r->scratch_cap;
	r->jlen = len;
	r->scratch = t;
	r->scratch_cap = cap;
	return true;
}

hz_record *hz_json_next(hz_reader *r)
{
	bool too_long;

	while (!r->ended) {
		bool got;
		if (r->json_array) {
			got = read_element(r, &too_long);
		} else {
			r->row_line = r->line;
			r->row_begin = r->offset;
			got = read_line(r, &too_long);
			if (got)
				r->line++;
		}
		if (!got) {
			r->ended = true;
			break;
		}
		if (too_long) {
			r->dropped++;
			hz_diag_place(
			        r->diag, r->name, r->row_line, 0, HZ_RULE_CELL_TOO_LONG,
			        "a JSON record of more than %zu bytes: it cannot hold cells within "
			        "Excel's limit of %d characters; the record is dropped",
			        JSON_LINE_MAX, HZ_CELL_MAX);
			continue;
		}
		if (blank(r->jbuf, r->jlen))
			continue;
		if (r->json_array && r->jlen && r->jbuf[r->jlen - 1] == ',')
			r->jlen--;
		/* jansson checks UTF-8 (and NUL) itself: bad bytes are looked
		 * for, and replaced, only when it refuses the line */
		json_error_t err;
		json_t *obj = json_loadb(r->jbuf, r->jlen, JSON_REJECT_DUPLICATES, &err);
		bool bad = !obj && repair(r);
		if (bad)
			obj = json_loadb(r->jbuf, r->jlen, JSON_REJECT_DUPLICATES, &err);
		if (!obj || !json_is_object(obj)) {
			r->dropped++;
			/* jansson's own words stay English: quoted as its diagnosis */
			if (obj)
				hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_JSON_SYNTAX,
				              "not a JSON object; the line is skipped");
			else
				hz_diag_place(r->diag, r->name, r->row_line, 0, HZ_RULE_JSON_SYNTAX,
				              "invalid JSON: %s; the line is skipped", err.text);
			json_decref(obj);
			continue;
		}
		hz_record *rec = object_record(r, obj);
		json_decref(obj);
		if (rec && bad)
			rec->flags |= HZ_R_BAD_BYTES;
		if (rec)
			return rec;
	}
	return NULL;
}
