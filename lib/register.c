/* register.c - a register opened for change (hz-add, hz-progress) */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz/amount.h"
#include "hz/register.h"
#include "hz/safewrite.h"
#include "hz/writer.h"
#include "xalloc.h"

#define ARGS_NAME "<command line>"
#define BLOCK 65536

/* A record to add, in the register's columns. */
typedef struct pending {
	hz_record *rec;
	const char *wrong_type;     /* its type, when not the register's */
	bool refused;
	char *id;                   /* id text, once given */
} pending;

struct hz_reg {
	hz_reg_opts o;
	hz_diag *diag;
	hz_reglock *lock;
	char *name;                 /* the path as given: for messages */
	bool is_new;                /* missing, empty or blank when opened */
	hz_format format;
	hz_type type;
	hz_schema *schema;          /* CSV: the header's; JSON: every field */
	size_t file_ncols;          /* columns of the header in the file */
	long header_line;
	char delim;
	bool quote_all;
	long max_id;
	long nrecords;
	off_t last_end;             /* end of the last record's bytes */
	hz_validator *v;

	pending *add;
	size_t nadd, capadd;
	char **names;               /* input names the new records' places use */
	size_t nnames;

	hz_record *target;
	long target_count;
	long target_record;         /* its number in the file */
	off_t target_begin, target_end;
	bool target_changed;
	long refused;               /* by hz_reg_check */
	bool skip_invalid;          /* ... and written without them */
};

static void say(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static bool has_ids(hz_type t)
{
	return t == HZ_HAZARD || t == HZ_ROSTER;
}

/* The type is known: make the columns of a new register. */
static void set_type(hz_reg *g, hz_type t)
{
	g->type = t;
	if (g->schema != NULL)
		return;
	if (hz_format_is_json(g->format)) {
		g->schema = hz_schema_full(t, true);
		g->schema->from_json = true;
	} else {
		g->schema = hz_schema_full(t, g->o.english);
	}
	g->file_ncols = g->schema->ncols;
}

static bool blank_between(hz_reg *g, off_t begin, off_t end);

static bool id_of(const hz_record *r, long *id)
{
	return hz_filled(r, HZ_K_ID) && hz_count_parse(hz_get(r, HZ_K_ID), id) && *id > 0;
}

/* Read the register once: ids, the target, where the records end. */
static int read_register(hz_reg *g, char *err, size_t cap)
{
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *rec;
	long before = g->diag->errors + g->diag->fatals;
	long id;

	hz_read_opts_init(&ro);
	ro.type = g->o.type;
	rd = hz_reader_open(g->name, &ro, g->diag);
	while ((rec = hz_reader_next(rd)) != NULL) {
		hz_type t = rec->schema->type;

		if (g->type == HZ_TYPE_UNKNOWN && t < HZ_TYPE_COUNT)
			g->type = t;
		g->nrecords++;
		g->last_end = rec->place.end;
		if (t == g->type && has_ids(t) && id_of(rec, &id) && id > g->max_id)
			g->max_id = id;
		if (g->o.target > 0 && t == HZ_HAZARD && id_of(rec, &id) && id == g->o.target) {
			if (g->target_count++ == 0) {
				g->target = hz_record_copy(rec);
				g->target->place.file = g->name;
				g->target_record = rec->place.record;
				g->target_begin = rec->place.begin;
				g->target_end = rec->place.end;
			}
			continue;       /* checked later, as updated */
		}
		if (t == g->type)
			hz_validator_note(g->v, rec);
	}
	g->format = hz_reader_info(rd)->format;
	g->quote_all = hz_reader_info(rd)->quote_all;
	g->header_line = hz_reader_info(rd)->header_line;
	if (hz_reader_schema(rd) != NULL)
		g->schema = hz_schema_ref(hz_reader_schema(rd));
	hz_read_status st = hz_reader_status(rd);
	hz_reader_close(rd);

	if (st == HZ_READ_IO) {
		say(err, cap, "%s: cannot be read", g->name);
		return -1;
	}
	if (st == HZ_READ_SKIPPED) {
		say(err, cap, "%s: not a register (see above); nothing written", g->name);
		return -1;
	}
	if (g->diag->errors + g->diag->fatals > before && !g->o.allow_damaged) {
		say(err, cap, "%s: has rows that cannot be read (see above); "
		    "fix them before adding to it (nothing written)", g->name);
		return -1;
	}
	if (hz_format_is_json(g->format)) {
		if (g->type < HZ_TYPE_COUNT)
			set_type(g, g->type);
		/* "[]" is not new: rows go inside the brackets */
		g->is_new = g->nrecords == 0 &&
		    blank_between(g, 0, hz_register_size(g->lock));
	} else if (g->schema == NULL) {
		g->is_new = true;       /* blank lines only: the header goes first */
	} else {
		g->type = g->schema->type;
		g->file_ncols = g->schema->ncols;
	}
	return 0;
}

hz_reg *hz_reg_open(const char *path, const hz_reg_opts *o, hz_diag *d,
		    char *err, size_t errcap)
{
	hz_reg *g = calloc(1, sizeof(*g));

	if (g == NULL)
		abort();
	g->o = *o;
	g->diag = d;
	g->name = hz_xstrdup(path);
	g->type = o->type;
	g->v = hz_validator_new(&o->validate, d);
	hz_validator_new_file(g->v);
	g->lock = hz_register_lock(path, o->create ? HZ_LOCK_CREATE : 0, err, errcap);
	if (g->lock == NULL)
		goto fail;
	g->format = hz_format_of_path(path);
	if (hz_register_size(g->lock) == 0) {
		g->is_new = true;
	} else if (read_register(g, err, errcap) == -1) {
		goto fail;
	}
	if (g->format == HZ_FMT_AUTO)
		g->format = HZ_FMT_CSV;
	g->delim = g->format == HZ_FMT_TSV ? '\t' : ',';
	if (g->type < HZ_TYPE_COUNT)
		set_type(g, g->type);
	return g;
fail:
	hz_reg_close(g);
	return NULL;
}

void hz_reg_close(hz_reg *g)
{
	if (g == NULL)
		return;
	/* Created for records that were all refused: leave no empty file.
	 * Waiting writers notice it is gone and create it again. */
	if (g->lock != NULL && hz_register_created(g->lock) &&
	    hz_register_size(g->lock) == 0)
		(void)unlink(g->name);
	hz_register_unlock(g->lock);
	for (size_t i = 0; i < g->nadd; i++) {
		hz_record_free(g->add[i].rec);
		free(g->add[i].id);
	}
	free(g->add);
	for (size_t i = 0; i < g->nnames; i++)
		free(g->names[i]);
	free(g->names);
	hz_record_free(g->target);
	hz_schema_unref(g->schema);
	hz_validator_free(g->v);
	free(g->name);
	free(g);
}

hz_type hz_reg_type(const hz_reg *g)
{
	return g->type;
}

hz_format hz_reg_format(const hz_reg *g)
{
	return g->format;
}

bool hz_reg_is_new(const hz_reg *g)
{
	return g->is_new;
}

size_t hz_reg_count(const hz_reg *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nadd; i++)
		n += !g->add[i].refused;
	return n;
}

const char *hz_reg_new_id(const hz_reg *g, size_t i)
{
	for (size_t k = 0; k < g->nadd; k++) {
		if (g->add[k].refused)
			continue;
		if (i-- == 0)
			return g->add[k].id ? g->add[k].id : "";
	}
	return "";
}

/* ---- columns ---- */

/* Add a column at the end (--extend, or hz-progress): every record in
 * hand gets an empty cell for it. */
static void add_column(hz_reg *g, const char *name, hz_key k)
{
	hz_schema_add(g->schema, name, strlen(name), k);
	for (size_t i = 0; i < g->nadd; i++)
		if (g->add[i].rec->schema == g->schema)
			hz_record_push(g->add[i].rec, "", 0);
	if (g->target != NULL && g->target->schema == g->schema)
		hz_record_push(g->target, "", 0);
}

/* The header a new column of field k gets: English when the register's
 * known columns are all named by their English keys. */
static const char *column_name(const hz_reg *g, hz_key k)
{
	const hz_field *f = hz_field_of(g->type, k);
	bool english = g->file_ncols > 0 || g->o.english;

	for (size_t c = 0; c < g->file_ncols; c++) {
		hz_key ck = g->schema->keys[c];
		if (ck != HZ_K_NONE && strcmp(g->schema->names[c], hz_key_name(ck)) != 0)
			english = false;
	}
	return english ? f->name : f->header;
}

/* The unknown column of the register named like cell, or -1. */
static int unknown_column(const hz_reg *g, hz_str cell)
{
	char a[512], b[512];

	hz_header_fold(cell, a, sizeof(a));
	for (size_t c = 0; c < g->schema->ncols; c++) {
		if (g->schema->keys[c] != HZ_K_NONE)
			continue;
		hz_header_fold(hz_str_c(g->schema->names[c]), b, sizeof(b));
		if (strcmp(a, b) == 0)
			return (int)c;
	}
	return -1;
}

/* The column of field k, added when allowed; -1 with a message if not. */
static int column_of(hz_reg *g, hz_key k, bool extend, const char *where,
		     char *err, size_t cap)
{
	const hz_field *f = hz_field_of(g->type, k);

	if (g->schema->col[k] >= 0)
		return g->schema->col[k];
	if (!extend || f == NULL) {
		say(err, cap, "%s%s has no column for %s (%s)%s", where, g->name,
		    hz_key_name(k), f ? f->header : "?",
		    f ? "; --extend adds it" : "");
		return -1;
	}
	add_column(g, column_name(g, k), k);
	return g->schema->col[k];
}

/* ---- new records ---- */

static pending *new_pending(hz_reg *g)
{
	if (g->nadd == g->capadd) {
		g->capadd = g->capadd ? g->capadd * 2 : 16;
		g->add = realloc(g->add, g->capadd * sizeof(*g->add));
		if (g->add == NULL)
			abort();
	}
	memset(&g->add[g->nadd], 0, sizeof(g->add[g->nadd]));
	return &g->add[g->nadd++];
}

static hz_record *empty_record(hz_schema *s)
{
	hz_record *r = hz_record_new(s);

	for (size_t c = 0; c < s->ncols; c++)
		hz_record_push(r, "", 0);
	return r;
}

/* Append a line to a multi-line cell (progress, progress_date). */
static void add_line(hz_record *r, size_t c, const char *s, size_t n)
{
	hz_str old = r->cells[c];
	size_t len = old.n + (old.n ? 1 : 0) + n;
	char *buf = hz_xrealloc(NULL, len + 1);

	memcpy(buf, old.s, old.n);
	if (old.n)
		buf[old.n] = '\n';
	memcpy(buf + len - n, s, n);
	hz_record_set_cell(r, c, buf, len);
	free(buf);
}

/* The record type the FIELD=VALUE operands describe, for a new register. */
static hz_type type_of_fields(char *const *fields, size_t n)
{
	bool present[HZ_KEY_COUNT] = { false };
	hz_type t;

	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		hz_key k;
		if (eq == NULL)
			continue;
		k = hz_match_header(HZ_TYPE_UNKNOWN, (hz_str){ fields[i], (size_t)(eq - fields[i]) });
		if (k != HZ_K_NONE)
			present[k] = true;
	}
	t = hz_type_from_keys(present);
	return t < HZ_TYPE_COUNT ? t : HZ_HAZARD;
}

int hz_reg_add_fields(hz_reg *g, char *const *fields, size_t n, bool extend,
		      char *err, size_t errcap)
{
	int *cols = hz_xrealloc(NULL, n * sizeof(*cols));
	bool *set;
	hz_record *r;
	pending *p;

	if (g->type >= HZ_TYPE_COUNT)
		set_type(g, type_of_fields(fields, n));
	/* First every field's column (adding those allowed), then the values:
	 * the record is made in the final columns. */
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		hz_str key;
		hz_key k;

		if (eq == NULL || eq == fields[i]) {
			say(err, errcap, "'%s' is not FIELD=VALUE", fields[i]);
			goto fail;
		}
		key = (hz_str){ fields[i], (size_t)(eq - fields[i]) };
		k = hz_match_header(g->type, key);
		if (k != HZ_K_NONE) {
			cols[i] = column_of(g, k, extend, "", err, errcap);
			if (cols[i] < 0)
				goto fail;
		} else if (!hz_format_is_json(g->format) && (cols[i] = unknown_column(g, key)) >= 0) {
			;       /* a column of the register that is no field */
		} else {
			say(err, errcap, "'%.*s' is not a field of a %s record",
			    (int)key.n, key.s, hz_type_name(g->type));
			goto fail;
		}
	}
	set = calloc(g->schema->ncols + 1, sizeof(*set));
	if (set == NULL)
		abort();
	r = empty_record(g->schema);
	for (size_t i = 0; i < n; i++) {
		const char *v = strchr(fields[i], '=') + 1;
		hz_key k = g->schema->keys[cols[i]];

		if (k == HZ_K_PROGRESS || k == HZ_K_PROGRESS_DATE) {
			add_line(r, (size_t)cols[i], v, strlen(v));
			continue;
		}
		if (set[cols[i]]) {
			say(err, errcap, "'%.*s' is given twice",
			    (int)(strchr(fields[i], '=') - fields[i]), fields[i]);
			free(set);
			hz_record_free(r);
			goto fail;
		}
		set[cols[i]] = true;
		hz_record_set_cell(r, (size_t)cols[i], v, strlen(v));
	}
	free(set);
	free(cols);
	r->place = (hz_place){ .file = ARGS_NAME, .line = 1, .record = 1 };
	p = new_pending(g);
	p->rec = r;
	return 0;
fail:
	free(cols);
	return -1;
}

static const char *keep_name(hz_reg *g, const char *name)
{
	g->names = realloc(g->names, (g->nnames + 1) * sizeof(*g->names));
	if (g->names == NULL)
		abort();
	return g->names[g->nnames++] = hz_xstrdup(name);
}

/* A JSON register keeps a record's unknown keys: its own columns. */
static hz_schema *json_schema(hz_reg *g, const hz_record *in)
{
	hz_schema *s;

	for (size_t c = 0; c < in->schema->ncols; c++)
		if (in->schema->keys[c] == HZ_K_NONE)
			goto own;
	return hz_schema_ref(g->schema);
own:
	s = hz_schema_full(g->type, true);
	s->from_json = true;
	for (size_t c = 0; c < in->schema->ncols; c++)
		if (in->schema->keys[c] == HZ_K_NONE)
			hz_schema_add(s, in->schema->names[c], strlen(in->schema->names[c]),
				      HZ_K_NONE);
	return s;
}

/* An input record in the register's columns. A filled cell the register
 * has no column for is an error, unless extend. */
static hz_record *map_record(hz_reg *g, const hz_record *in, bool extend,
			     char *err, size_t cap)
{
	hz_schema *s;
	hz_record *r;
	char where[300];

	snprintf(where, sizeof(where), "%s:%ld: ", in->place.file, in->place.line);
	if (hz_format_is_json(g->format)) {
		s = json_schema(g, in);
		r = empty_record(s);
		hz_schema_unref(s);
		for (size_t c = 0; c < in->schema->ncols; c++) {
			hz_key k = in->schema->keys[c];
			int d = k != HZ_K_NONE ? s->col[k] : -1;
			if (k == HZ_K_NONE)
				for (size_t e = 0; e < s->ncols && d < 0; e++)
					if (s->keys[e] == HZ_K_NONE &&
					    strcmp(s->names[e], in->schema->names[c]) == 0)
						d = (int)e;
			if (d >= 0)
				hz_record_set_cell(r, (size_t)d, in->cells[c].s, in->cells[c].n);
		}
		return r;
	}
	/* CSV: first the columns, so that the record is made in the final ones */
	for (size_t c = 0; c < in->schema->ncols; c++) {
		hz_key k = in->schema->keys[c];
		hz_str name = hz_str_c(in->schema->names[c]);

		if (hz_blank(in->cells[c]))
			continue;
		if (k != HZ_K_NONE && in->schema->col[k] == (int)c) {
			if (column_of(g, k, extend, where, err, cap) < 0)
				return NULL;
		} else if (unknown_column(g, name) < 0) {
			if (!extend) {
				say(err, cap, "%s%s has no column '%s'; --extend adds it",
				    where, g->name, in->schema->names[c]);
				return NULL;
			}
			add_column(g, in->schema->names[c], HZ_K_NONE);
		}
	}
	r = empty_record(g->schema);
	for (size_t c = 0; c < in->schema->ncols; c++) {
		hz_key k = in->schema->keys[c];
		int d;

		if (hz_blank(in->cells[c]))
			continue;
		if (k != HZ_K_NONE && in->schema->col[k] == (int)c)
			d = g->schema->col[k];
		else
			d = unknown_column(g, hz_str_c(in->schema->names[c]));
		hz_record_set_cell(r, (size_t)d, in->cells[c].s, in->cells[c].n);
	}
	return r;
}

int hz_reg_add_input(hz_reg *g, const char *path, const hz_read_opts *ro,
		     bool extend, char *err, size_t errcap)
{
	hz_read_opts o = *ro;
	hz_reader *rd;
	hz_record *in, *r;
	int rc = 0;

	if (o.type >= HZ_TYPE_COUNT)
		o.type = g->type;
	rd = hz_reader_open(path, &o, g->diag);
	while ((in = hz_reader_next(rd)) != NULL) {
		hz_type t = in->schema->type;
		pending *p;

		if (g->type >= HZ_TYPE_COUNT && t < HZ_TYPE_COUNT)
			set_type(g, t);
		if (t != g->type) {
			p = new_pending(g);
			p->wrong_type = t < HZ_TYPE_COUNT ? hz_type_name(t) : "unknown";
			p->rec = hz_record_copy(in);
		} else if ((r = map_record(g, in, extend, err, errcap)) != NULL) {
			p = new_pending(g);
			p->rec = r;
		} else {
			rc = -1;
			break;
		}
		p->rec->place = in->place;
		p->rec->flags = in->flags;
		p->rec->place.file = g->nnames > 0 &&
		    strcmp(g->names[g->nnames - 1], in->place.file) == 0 ?
		    g->names[g->nnames - 1] : keep_name(g, in->place.file);
	}
	if (rc == 0 && hz_reader_status(rd) != HZ_READ_OK) {
		say(err, errcap, "%s: nothing added", hz_reader_name(rd));
		rc = -1;
	}
	hz_reader_close(rd);
	return rc;
}

/* Ids for the new records that have none. Records are added in order
 * (tools.md), so each gets the largest id of the register and of the
 * records before it in the batch, plus 1: no id, 5, no id into an empty
 * register are 1, 5, 6. An id given later that equals one given here is
 * then a duplicate-id, as in any register. */
static void give_ids(hz_reg *g)
{
	long largest = g->max_id, id;
	char buf[32];

	if (!has_ids(g->type))
		return;
	for (size_t i = 0; i < g->nadd; i++) {
		hz_record *r = g->add[i].rec;
		hz_str v;
		if (g->add[i].wrong_type || !hz_has(r, HZ_K_ID))
			continue;
		if (!hz_filled(r, HZ_K_ID)) {
			snprintf(buf, sizeof(buf), "%ld", ++largest);
			hz_record_set(r, HZ_K_ID, buf, strlen(buf));
		} else if (id_of(r, &id) && id > largest) {
			largest = id;
		}
		v = hz_trim(hz_get(r, HZ_K_ID));
		free(g->add[i].id);
		g->add[i].id = hz_xrealloc(NULL, v.n + 1);
		memcpy(g->add[i].id, v.s, v.n);
		g->add[i].id[v.n] = '\0';
	}
}

/* Errors of one record: the rules, and what the reader found in it. */
static int check_one(hz_reg *g, const hz_record *r)
{
	int errors = hz_validate_record(g->v, r);

	if (r->flags & HZ_R_BAD_BYTES)
		errors++;       /* the reader reported the encoding finding */
	if (r->flags & HZ_R_TOO_MANY_CELLS) {
		hz_diag_record(g->diag, r, HZ_ERROR, "too-many-cells", HZ_K_NONE,
			       "a non-empty cell beyond the header's last column");
		errors++;
	}
	return errors;
}

long hz_reg_check(hz_reg *g, bool skip_invalid)
{
	long refused = 0;

	g->skip_invalid = skip_invalid;
	give_ids(g);
	for (size_t i = 0; i < g->nadd; i++) {
		pending *p = &g->add[i];
		if (p->wrong_type) {
			hz_diag_record(g->diag, p->rec, HZ_ERROR, "wrong-type", HZ_K_NONE,
				      "a %s record cannot go into the %s register %s",
				      p->wrong_type, hz_type_name(g->type), g->name);
			p->refused = true;
		} else {
			p->refused = check_one(g, p->rec) > 0;
		}
		refused += p->refused;
	}
	return g->refused = refused;
}

/* ---- the record hz-progress updates ---- */

hz_record *hz_reg_target(hz_reg *g, long *count)
{
	*count = g->target_count;
	return g->target_count == 1 ? g->target : NULL;
}

int hz_reg_target_set(hz_reg *g, hz_key k, const char *s, size_t n,
		      char *err, size_t errcap)
{
	if (g->target == NULL) {
		say(err, errcap, "%s: no record to update", g->name);
		return -1;
	}
	if (g->target->schema != g->schema && !hz_has(g->target, k)) {
		say(err, errcap, "%s: the record has no %s", g->name, hz_key_name(k));
		return -1;
	}
	if (g->target->schema == g->schema &&
	    column_of(g, k, true, "", err, errcap) < 0)
		return -1;
	hz_record_set(g->target, k, s, n);
	g->target_changed = true;
	return 0;
}

int hz_reg_check_target(hz_reg *g)
{
	return g->target != NULL ? check_one(g, g->target) : 0;
}

/* ---- writing ---- */

typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Drop a line end at the end of b. */
static void chop_eol(buf *b)
{
	if (b->n > 0 && b->s[b->n - 1] == '\n')
		b->n--;
	if (b->n > 0 && b->s[b->n - 1] == '\r')
		b->n--;
}

/* One CSV row of the cells, the register's way, without a line end. */
static void csv_row(const hz_reg *g, buf *b, const hz_str *cells, size_t n)
{
	size_t len;
	char *row = hz_csv_format_row(cells, n, g->delim, g->quote_all, false, &len);

	if (row == NULL)
		abort();
	put(b, row, len);
	free(row);
	chop_eol(b);
}

/* One record as JSON, without a line end. */
static void json_row(buf *b, const hz_record *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	hz_write_opts wo;
	hz_writer *w;

	if (m == NULL)
		abort();
	hz_write_opts_init(&wo);
	wo.format = HZ_FMT_JSONL;
	w = hz_writer_new(m, &wo);
	(void)hz_writer_put(w, r, NULL, 0);
	(void)hz_writer_close(w);
	if (fclose(m) != 0)
		abort();
	put(b, text, len);
	free(text);
	chop_eol(b);
}

static void record_row(const hz_reg *g, buf *b, const hz_record *r)
{
	if (hz_format_is_json(g->format))
		json_row(b, r);
	else
		csv_row(g, b, r->cells, r->ncells);
}

/* The new records, each with the register's line end; a JSON array's
 * elements are joined by ",\n" instead. */
static void new_rows(const hz_reg *g, buf *b, const char *eol)
{
	bool first = true;

	for (size_t i = 0; i < g->nadd; i++) {
		if (g->add[i].refused)
			continue;
		if (g->format == HZ_FMT_JSON && !first)
			puts_(b, ",\n");
		record_row(g, b, g->add[i].rec);
		if (g->format != HZ_FMT_JSON)
			puts_(b, eol);
		first = false;
	}
}

/* A new register: the header (CSV) or the array's brackets around the rows. */
static void new_file(const hz_reg *g, buf *b, const char *eol)
{
	if (g->format == HZ_FMT_JSON) {
		puts_(b, "[\n");
		new_rows(g, b, eol);
		puts_(b, "\n]\n");
		return;
	}
	if (!hz_format_is_json(g->format)) {
		hz_str *names = hz_xrealloc(NULL, g->schema->ncols * sizeof(*names));
		for (size_t c = 0; c < g->schema->ncols; c++)
			names[c] = hz_str_c(g->schema->names[c]);
		csv_row(g, b, names, g->schema->ncols);
		free(names);
		puts_(b, eol);
	}
	new_rows(g, b, eol);
}

/* Reading the locked register by offset. */
static int read_at(hz_reg *g, char *p, size_t n, off_t at)
{
	ssize_t got;

	while (n > 0) {
		got = pread(hz_register_fd(g->lock), p, n, at);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
		at += got;
	}
	return 0;
}

/* The line end that closes bytes [begin, end): "\r\n", "\n", "\r" or "". */
static const char *eol_of(hz_reg *g, off_t begin, off_t end)
{
	char two[2];

	if (end - begin >= 2 && read_at(g, two, 2, end - 2) == 0) {
		if (two[0] == '\r' && two[1] == '\n')
			return "\r\n";
		return two[1] == '\n' ? "\n" : two[1] == '\r' ? "\r" : "";
	}
	if (end - begin == 1 && read_at(g, two, 1, end - 1) == 0)
		return two[0] == '\n' ? "\n" : two[0] == '\r' ? "\r" : "";
	return "";
}

/* Only spaces and line ends in [begin, end)? */
static bool blank_between(hz_reg *g, off_t begin, off_t end)
{
	char block[BLOCK];
	size_t n;

	while (begin < end) {
		n = end - begin > BLOCK ? BLOCK : (size_t)(end - begin);
		if (read_at(g, block, n, begin) == -1)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!strchr(" \t\r\n", block[i]) || block[i] == '\0')
				return false;
		begin += (off_t)n;
	}
	return true;
}

/* The offset of the last byte before `before` that is not white space,
 * or -1. */
static off_t last_nonblank(hz_reg *g, off_t before, char *c)
{
	char block[4096];
	off_t from;
	size_t n;

	while (before > 0) {
		from = before > (off_t)sizeof(block) ? before - (off_t)sizeof(block) : 0;
		n = (size_t)(before - from);
		if (read_at(g, block, n, from) == -1)
			return -1;
		while (n > 0) {
			n--;
			if (!strchr(" \t\r\n", block[n]) || block[n] == '\0') {
				*c = block[n];
				return from + (off_t)n;
			}
		}
		before = from;
	}
	return -1;
}

/* Where the header row lies: [*begin, *end), its line end included. The
 * reader counts physical lines (CR, LF and CRLF each end one, quoted or
 * not), so its header line starts after header_line - 1 line ends. */
static int header_span(hz_reg *g, off_t *begin, off_t *end)
{
	off_t size = hz_register_size(g->lock), at = 0;
	long line = 1;
	bool quoted = false, started = false, prev_cr = false;
	char block[BLOCK];

	*begin = -1;
	while (at < size) {
		size_t n = size - at > BLOCK ? BLOCK : (size_t)(size - at);
		if (read_at(g, block, n, at) == -1)
			return -1;
		for (size_t i = 0; i < n; i++) {
			char c = block[i];
			off_t pos = at + (off_t)i;
			if (!started && line == g->header_line) {
				*begin = pos;
				started = true;
				prev_cr = false;
			}
			if (c == '\n' && prev_cr) {
				prev_cr = false;
				if (started && !quoted) {
					*end = pos + 1;
					return 0;
				}
				continue;
			}
			if (started && c == '"')
				quoted = !quoted;
			if (c == '\n' || c == '\r') {
				line++;
				if (started && !quoted && c == '\n') {
					*end = pos + 1;
					return 0;
				}
			}
			prev_cr = c == '\r';
		}
		at += (off_t)n;
	}
	if (prev_cr && started && !quoted) {
		*end = size;
		return 0;
	}
	if (*begin < 0)
		return -1;
	*end = size;
	return 0;
}

/* Cells of a row's raw text (the delimiters outside quotes, plus one). */
static size_t raw_cells(const hz_reg *g, const char *s, size_t n)
{
	size_t cells = 1;
	bool quoted = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == g->delim && !quoted)
			cells++;
	}
	return cells;
}

/* A row of the file with the added (empty) columns: its bytes as they
 * are, with delimiters added, after the missing trailing cells of a short
 * row. A row with cells beyond the header is written from its cells. */
static int widen_row(hz_reg *g, const hz_record *r, buf *out)
{
	off_t begin = r->place.begin, end = r->place.end;
	const char *eol = eol_of(g, begin, end);
	size_t len = (size_t)(end - begin) - strlen(eol);
	char *raw = hz_xrealloc(NULL, len + 1);
	size_t have;
	hz_str *cells;

	if (read_at(g, raw, len, begin) == -1) {
		free(raw);
		return -1;
	}
	have = raw_cells(g, raw, len);
	if (have <= g->file_ncols) {
		put(out, raw, len);
		for (size_t c = have; c < g->schema->ncols; c++)
			put(out, &g->delim, 1);
	} else {
		cells = hz_xrealloc(NULL, g->schema->ncols * sizeof(*cells));
		for (size_t c = 0; c < g->schema->ncols; c++)
			cells[c] = c < g->file_ncols && c < r->ncells ? r->cells[c] :
			    (hz_str){ "", 0 };
		csv_row(g, out, cells, g->schema->ncols);
		free(cells);
	}
	puts_(out, eol);
	free(raw);
	return 0;
}

/* The rewrite's parts, in the order of the file. */
typedef struct plan {
	off_t insert_at;            /* where new rows go; -1 for none */
	off_t insert_end;           /* bytes replaced there (JSON: up to ']') */
	bool array_empty;
} plan;

static int flush_out(hz_reg *g, buf *b)
{
	int rc = b->n ? hz_register_rewrite_put(g->lock, b->s, b->n) : 0;

	b->n = 0;
	return rc;
}

/* Header and records with the added columns (a second read of the
 * register, which the lock keeps as it was). */
static int widen_all(hz_reg *g, off_t *off)
{
	off_t hb, he;
	buf b = { 0 };
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *rec;
	hz_diag quiet;
	int rc = 0;

	if (header_span(g, &hb, &he) == -1)
		return -1;
	if (hz_register_rewrite_copy(g->lock, 0, hb) == -1)
		return -1;
	/* the header: its own bytes, and the names of the new columns */
	{
		const char *eol = eol_of(g, hb, he);
		size_t len = (size_t)(he - hb) - strlen(eol);
		char *raw = hz_xrealloc(NULL, len + 1);
		if (read_at(g, raw, len, hb) == -1) {
			free(raw);
			return -1;
		}
		put(&b, raw, len);
		free(raw);
		for (size_t c = g->file_ncols; c < g->schema->ncols; c++) {
			hz_str name = hz_str_c(g->schema->names[c]);
			put(&b, &g->delim, 1);
			csv_row(g, &b, &name, 1);
		}
		puts_(&b, eol);
	}
	*off = he;
	hz_diag_init(&quiet, NULL);
	quiet.out = NULL;
	hz_read_opts_init(&ro);
	ro.type = g->o.type;
	rd = hz_reader_open(g->name, &ro, &quiet);
	while (rc == 0 && (rec = hz_reader_next(rd)) != NULL) {
		if (flush_out(g, &b) == -1 ||
		    hz_register_rewrite_copy(g->lock, *off, rec->place.begin) == -1) {
			rc = -1;
			break;
		}
		if (g->target != NULL && rec->place.record == g->target_record) {
			const char *eol = eol_of(g, rec->place.begin, rec->place.end);
			record_row(g, &b, g->target);
			puts_(&b, eol);
		} else if (widen_row(g, rec, &b) == -1) {
			rc = -1;
		}
		*off = rec->place.end;
	}
	hz_reader_close(rd);
	if (rc == 0)
		rc = flush_out(g, &b);
	free(b.s);
	return rc;
}

static int rewrite(hz_reg *g, const plan *p, char *err, size_t cap)
{
	off_t size = hz_register_size(g->lock), off = 0;
	const char *eol = hz_register_eol(g->lock);
	buf b = { 0 };
	char c;

	if (hz_register_rewrite_begin(g->lock) == -1)
		goto fail;
	if (g->schema != NULL && g->schema->ncols > g->file_ncols && !g->is_new) {
		if (widen_all(g, &off) == -1)
			goto fail;
	} else if (g->target_changed) {
		if (hz_register_rewrite_copy(g->lock, 0, g->target_begin) == -1)
			goto fail;
		record_row(g, &b, g->target);
		if (g->format != HZ_FMT_JSON)
			puts_(&b, eol_of(g, g->target_begin, g->target_end));
		if (flush_out(g, &b) == -1)
			goto fail;
		off = g->target_end;
	}
	if (p->insert_at >= 0) {
		if (hz_register_rewrite_copy(g->lock, off, p->insert_at) == -1)
			goto fail;
		if (g->format == HZ_FMT_JSON) {
			puts_(&b, p->array_empty ? "\n" : ",\n");
			new_rows(g, &b, eol);
			puts_(&b, "\n");
		} else {
			if (p->insert_at > 0 && read_at(g, &c, 1, p->insert_at - 1) == 0 &&
			    c != '\n' && c != '\r')
				puts_(&b, eol);
			new_rows(g, &b, eol);
		}
		if (flush_out(g, &b) == -1)
			goto fail;
		off = p->insert_end;
	}
	if (hz_register_rewrite_copy(g->lock, off, size) == -1 ||
	    hz_register_rewrite_commit(g->lock) == -1)
		goto fail;
	free(b.s);
	return 0;
fail:
	say(err, cap, "%s", hz_register_error(g->lock));
	if (err[0] == '\0')
		say(err, cap, "%s: cannot be rewritten", g->name);
	hz_register_rewrite_abort(g->lock);
	free(b.s);
	return -1;
}

int hz_reg_commit(hz_reg *g, char *err, size_t errcap)
{
	off_t size = hz_register_size(g->lock);
	const char *eol = hz_register_eol(g->lock);
	bool adding = hz_reg_count(g) > 0;
	bool widened = g->schema != NULL && g->schema->ncols > g->file_ncols;
	plan p = { .insert_at = -1, .insert_end = -1 };
	buf b = { 0 };
	int rc;
	char c;

	if (g->refused > 0 && !g->skip_invalid) {
		say(err, errcap, "%s: %ld records refused", g->name, g->refused);
		return -1;
	}
	if (!adding && !g->target_changed)
		return 0;       /* a column alone is not worth a rewrite */
	if (g->is_new && !g->target_changed) {
		/* nothing there yet (or blank lines): one append makes it */
		new_file(g, &b, eol);
		rc = hz_register_append(g->lock, b.s, b.n);
		if (rc == -1)
			say(err, errcap, "%s", hz_register_error(g->lock));
		free(b.s);
		return rc;
	}
	if (adding && g->format == HZ_FMT_JSON) {
		off_t close = last_nonblank(g, size, &c), open;
		if (close < 0 || c != ']') {
			say(err, errcap, "%s: a JSON array that does not end in ']'", g->name);
			return -1;
		}
		open = last_nonblank(g, close, &c);
		p.array_empty = open >= 0 && c == '[';
		p.insert_at = open + 1;
		p.insert_end = close;
	} else if (adding) {
		/* New rows go after the last record: above a footer or the blank
		 * template rows of the form, if there are any. */
		off_t after = g->last_end, hb, he;
		if (g->nrecords == 0 && !hz_format_is_json(g->format)) {
			if (header_span(g, &hb, &he) == -1) {
				say(err, errcap, "%s: cannot find its header", g->name);
				return -1;
			}
			after = he;
		}
		p.insert_at = p.insert_end = blank_between(g, after, size) ? size : after;
	}
	if (!widened && !g->target_changed && p.insert_at == size) {
		new_rows(g, &b, eol);
		rc = hz_register_append(g->lock, b.s, b.n);
		if (rc == -1)
			say(err, errcap, "%s", hz_register_error(g->lock));
		free(b.s);
		return rc;
	}
	return rewrite(g, &p, err, errcap);
}
