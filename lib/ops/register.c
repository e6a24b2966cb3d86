/* register.c - the editing session: a register opened for change (hz-add,
 * hz-progress, hz-edit); its file is a model (regmodel.h) that the session
 * owns and hands its changes to */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz/amount.h"
#include "hz/journal.h"
#include "hz/text.h"
#include "hz/register.h"
#include "hz/safewrite.h"
#include "hz/writer.h"
#include "regmodel.h"
#include "xalloc.h"
#include "hz/i18n.h"
#include "record_int.h"
#include "errmsg.h"

#define ARGS_NAME "<command line>"

/* A record to add, in the register's columns. */
typedef struct pending {
	hz_record *rec;
	const char *wrong_type; /* its type, when not the register's */
	bool refused;
	char *id; /* id text, once given */
	/* hz-collect (hz_reg_replace_input): the old record of the reporter
	 * it stands for (its number among the records), -1 none; same: equal
	 * to it, nothing to write */
	long replaces;
	bool same;
} pending;

enum { FATE_KEEP = -1, FATE_DELETE = -2 };

struct hz_reg {
	hz_reg_opts o;
	hz_diag *diag;
	hz_reglock *lock;
	regmodel *model; /* the file: text or workbook */
	char *name;      /* the path as given: for messages */
	bool is_new;     /* missing, empty or blank when opened */
	hz_format format;
	hz_type type;
	hz_schema *schema; /* CSV: the header's; JSON: every field */
	size_t file_ncols; /* columns of the header in the file */
	long header_line;
	bool quote_all;
	long max_id;
	long nrecords;
	hz_validator *v;        /* the register as it is, for new records */
	hz_validator *v_before; /* the same, for the target as it was */

	pending *add;
	size_t nadd, capadd;
	char **names; /* input names the new records' places use */
	size_t nnames;

	hz_record *target;
	hz_record *target_before; /* as it was read */
	long target_count;
	char **target_reporters; /* distinct reporters having the target's id */
	size_t ntarget_reporters;
	long target_record; /* its number among the records (from 0) */
	bool target_changed;
	/* hz-collect: the records of o.replace as they were, and what becomes
	 * of every record of the file (rec_fate[i]: FATE_KEEP, FATE_DELETE, or
	 * the index of the pending record written over it) */
	struct old_rec {
		size_t rec; /* its number among the records */
		long id;    /* -1: none */
		hz_record *r;
		bool matched;
	} * old;
	size_t nold, capold;
	long *rec_fate;
	long refused;      /* by hz_reg_check */
	long dropped;      /* input records the reader dropped */
	bool skip_invalid; /* ... and written without them */
};

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

static bool id_of(const hz_record *r, long *id)
{
	return hz_filled(r, HZ_K_ID) && hz_count_parse(hz_get(r, HZ_K_ID), id) && *id > 0;
}

static bool reporter_is(const hz_record *r, const char *who)
{
	hz_str v = hz_trim(hz_get(r, HZ_K_REPORTER));

	return v.n == strlen(who) && (v.n == 0 || memcmp(v.s, who, v.n) == 0);
}

/* A reporter having the target's id, once. */
static void note_reporter(hz_reg *g, const hz_record *rec)
{
	hz_str v = hz_trim(hz_get(rec, HZ_K_REPORTER));

	for (size_t i = 0; i < g->ntarget_reporters; i++)
		if (strlen(g->target_reporters[i]) == v.n &&
		    (v.n == 0 || memcmp(g->target_reporters[i], v.s, v.n) == 0))
			return; /* (no reporter column: v.s is NULL) */
	g->target_reporters = hz_xrealloc(g->target_reporters,
	                                  (g->ntarget_reporters + 1) * sizeof *g->target_reporters);
	g->target_reporters[g->ntarget_reporters++] = hz_xstrndup(v.s ? v.s : "", v.n);
}

const char *const *hz_reg_target_reporters(const hz_reg *g, size_t *n)
{
	*n = g->ntarget_reporters;
	return (const char *const *)g->target_reporters;
}

/* Read the register once: ids, the target, where each record lies (told
 * to the model). */
static int read_register(hz_reg *g, char *err, size_t cap)
{
	hz_read_opts ro;
	hz_reader *rd;
	hz_record *rec;
	long before = g->diag->errors + g->diag->fatals;
	long id;

	hz_read_opts_init(&ro);
	ro.type = g->o.type;
	ro.encoding = hz_regm_encoding(g->model);
	ro.empty_ok = true; /* a register is started empty */
	rd = hz_reader_open(g->name, &ro, g->diag);
	while ((rec = hz_reader_next(rd)) != NULL) {
		hz_type t = rec->schema->type;

		if (hz_regm_note(g->model, &rec->place, rec->flags, err, cap) == -1) {
			hz_reader_close(rd);
			return -1;
		}
		if (g->type == HZ_TYPE_UNKNOWN && t < HZ_TYPE_COUNT)
			g->type = t;
		g->nrecords++;
		if (t == g->type && has_ids(t) && id_of(rec, &id) && id > g->max_id)
			g->max_id = id;
		if (g->o.replace && t == HZ_HAZARD && reporter_is(rec, g->o.replace)) {
			/* to be replaced: kept aside, not noted for the checks */
			if (g->nold == g->capold) {
				g->capold = g->capold ? 2 * g->capold : 64;
				g->old = hz_xrealloc(g->old, g->capold * sizeof *g->old);
			}
			g->old[g->nold++] = (struct old_rec){
				(size_t)(g->nrecords - 1),
				id_of(rec, &id) ? id : -1,
				hz_record_copy(rec),
				false,
			};
			continue;
		}
		if (g->o.target > 0 && has_ids(t) && id_of(rec, &id) && id == g->o.target &&
		    (!g->o.target_reporter || reporter_is(rec, g->o.target_reporter))) {
			note_reporter(g, rec);
			if (g->target_count++ == 0) {
				g->target = hz_record_copy(rec);
				g->target->place.file = g->name;
				g->target_before = hz_record_copy(g->target);
				g->target_record = g->nrecords - 1;
			}
			continue; /* checked later, as updated */
		}
		if (t == g->type) {
			hz_validator_note(g->v, rec);
			if (g->v_before != NULL)
				hz_validator_note(g->v_before, rec);
		}
	}
	g->format = hz_reader_info(rd)->format;
	g->quote_all = hz_reader_info(rd)->quote_all;
	g->header_line = hz_reader_info(rd)->header_line;
	if (hz_reader_schema(rd) != NULL)
		g->schema = hz_schema_ref(hz_reader_schema(rd));
	hz_read_status st = hz_reader_status(rd);
	long bad_bytes = hz_reader_encoding_errors(rd);
	const char *enc = hz_regm_encoding(g->model);
	hz_reader_close(rd);

	if (st == HZ_READ_IO) {
		hz_say(err, cap, "%s: cannot be read", g->name);
		return -1;
	}
	if (st == HZ_READ_SKIPPED) {
		hz_say(err, cap, "%s: not a register (see above); nothing written", g->name);
		return -1;
	}
	if (bad_bytes > 0) {
		/* a row rewritten from what we decoded would lose its bytes */
		hz_say(err, cap,
		       "%s: has bytes that are not %s (see above); give its "
		       "encoding with -E (nothing written)",
		       g->name, enc ? enc : "UTF-8");
		return -1;
	}
	/* the one check of hz-add, hz-edit and hz-progress alike: a change
	 * is made to a register read whole, or not at all */
	if (g->diag->errors + g->diag->fatals > before) {
		hz_say(err, cap,
		       "%s: has rows that cannot be read (see above); "
		       "fix them before changing it (nothing written)",
		       g->name);
		return -1;
	}
	if (hz_format_is_json(g->format)) {
		if (g->type < HZ_TYPE_COUNT)
			set_type(g, g->type);
	} else if (g->schema != NULL) {
		g->type = g->schema->type;
		g->file_ncols = g->schema->ncols;
	}
	return 0;
}

hz_reg *hz_reg_open(const char *path, const hz_reg_opts *o, hz_diag *d, char *err, size_t errcap)
{
	hz_reg *g = hz_xrealloc(NULL, sizeof(*g));

	memset(g, 0, sizeof(*g));
	g->o = *o;
	g->diag = d;
	g->name = hz_xstrdup(path);
	g->type = o->type;
	g->v = hz_validator_new(&o->validate, d);
	hz_validator_new_file(g->v);
	if (o->target > 0) { /* the target as it was: only hz-progress, hz-edit */
		g->v_before = hz_validator_new(&o->validate, d);
		hz_validator_new_file(g->v_before);
	}
	if (hz_format_of_path(path) == HZ_FMT_XLS) {
		hz_say(err, errcap,
		       "%s: an .xls workbook is read, never edited; save it as .xlsx in "
		       "WPS/Excel (File > Save As > Excel Workbook) and edit that",
		       path);
		goto fail;
	}
	g->lock = hz_reglock_open(path, o->create ? HZ_LOCK_CREATE : 0, err, errcap);
	if (g->lock == NULL)
		goto fail;
	g->format = hz_format_of_path(path);
	g->model = g->format == HZ_FMT_XLSX ? hz_xlsxe_open(g->lock, path, err, errcap)
	                                    : hz_regb_open(g->lock, path, o->encoding, err, errcap);
	if (g->model == NULL)
		goto fail;
	if (hz_reglock_size(g->lock) > 0 && read_register(g, err, errcap) == -1)
		goto fail;
	if (g->format == HZ_FMT_AUTO)
		g->format = HZ_FMT_CSV;
	regmodel_shape sh = {
		.format = g->format,
		.has_header = g->schema != NULL,
		.header_line = g->header_line,
		.quote_all = g->quote_all,
		.ncols = g->file_ncols,
		.id_col = g->schema != NULL ? g->schema->col[HZ_K_ID] : -1,
	};
	if (hz_regm_layout(g->model, &sh, &g->is_new, err, errcap) == -1)
		goto fail;
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
	if (g->lock != NULL && hz_reglock_created(g->lock) && hz_reglock_size(g->lock) == 0)
		(void)unlink(g->name);
	hz_reglock_close(g->lock);
	for (size_t i = 0; i < g->nadd; i++) {
		hz_record_free(g->add[i].rec);
		free(g->add[i].id);
	}
	free(g->add);
	for (size_t i = 0; i < g->nnames; i++)
		free(g->names[i]);
	free(g->names);
	hz_record_free(g->target);
	hz_record_free(g->target_before);
	for (size_t i = 0; i < g->ntarget_reporters; i++)
		free(g->target_reporters[i]);
	free(g->target_reporters);
	for (size_t i = 0; i < g->nold; i++)
		hz_record_free(g->old[i].r);
	free(g->old);
	free(g->rec_fate);
	hz_schema_unref(g->schema);
	hz_validator_free(g->v);
	hz_validator_free(g->v_before);
	hz_regm_free(g->model);
	free(g->name);
	free(g);
}

bool hz_reg_is_new(const hz_reg *g)
{
	return g->is_new;
}

size_t hz_reg_count(const hz_reg *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nadd; i++)
		n += !g->add[i].refused && !g->add[i].same;
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
static int column_of(hz_reg *g, hz_key k, bool extend, const char *where, char *err, size_t cap)
{
	const hz_field *f = hz_field_of(g->type, k);

	if (g->schema->col[k] >= 0)
		return g->schema->col[k];
	if (!extend || f == NULL) {
		if (f)
			hz_say(err, cap, "%s%s has no column '%s'; --extend adds it", where,
			       g->name, f->header);
		else
			hz_say(err, cap, "%s%s has no column for %s", where, g->name,
			       hz_key_name(k));
		return -1;
	}
	add_column(g, column_name(g, k), k);
	return g->schema->col[k];
}

/* ---- new records ---- */

static pending *new_pending(hz_reg *g);

/* Two records of the register's columns hold the same cells (a missing
 * trailing cell is an empty one). In a workbook a date is a date cell, so
 * 2023/6/2 there is read back as 2023-06-02: the same day is the same. */
static bool same_cells(const hz_reg *g, const hz_record *a, const hz_record *b)
{
	size_t n = a->ncells > b->ncells ? a->ncells : b->ncells;
	hz_date d1, d2;

	for (size_t c = 0; c < n; c++) {
		hz_str x = c < a->ncells ? a->cells[c] : (hz_str){ "", 0 };
		hz_str y = c < b->ncells ? b->cells[c] : (hz_str){ "", 0 };
		if (x.n == y.n && (x.n == 0 || memcmp(x.s, y.s, x.n) == 0))
			continue;
		if (g->format != HZ_FMT_XLSX || !hz_regm_same_day(a, c, x, y, &d1, &d2))
			return false;
	}
	return true;
}

int hz_reg_replace_input(hz_reg *g, const char *path, const hz_read_opts *ro, char *err,
                         size_t errcap)
{
	size_t first = g->nadd;
	const char *who = g->o.replace;
	long id;

	if (!who) {
		hz_say(err, errcap, "%s: no reporter to replace", g->name);
		return -1;
	}
	if ((g->format == HZ_FMT_JSON && !g->is_new) || !hz_regm_can_delete(g->model)) {
		hz_say(err, errcap,
		       "%s: a JSON array register cannot have a unit's records replaced; "
		       "keep the database as CSV, TSV, JSON Lines or .xlsx",
		       g->name);
		return -1;
	}
	if (hz_reg_add_input(g, path, ro, true, err, errcap) == -1)
		return -1;
	if (g->type >= HZ_TYPE_COUNT)
		set_type(g, HZ_HAZARD);
	if (!hz_format_is_json(g->format) && column_of(g, HZ_K_REPORTER, true, "", err, errcap) < 0)
		return -1;
	g->rec_fate = hz_xrealloc(g->rec_fate, ((size_t)g->nrecords + 1) * sizeof *g->rec_fate);
	for (long i = 0; i < g->nrecords; i++)
		g->rec_fate[i] = FATE_KEEP;
	for (size_t i = 0; i < g->nold; i++)
		g->rec_fate[g->old[i].rec] = FATE_DELETE;
	for (size_t i = first; i < g->nadd; i++) {
		pending *p = &g->add[i];
		p->replaces = -1;
		if (p->wrong_type)
			continue;
		hz_record_set(p->rec, HZ_K_REPORTER, who, strlen(who));
		if (!id_of(p->rec, &id))
			continue;
		for (size_t k = 0; k < g->nold; k++) {
			struct old_rec *o = &g->old[k];
			if (o->matched || o->id != id)
				continue;
			o->matched = true;
			p->replaces = (long)o->rec;
			/* the old record in the columns the register has now */
			p->same = o->r->schema == g->schema && same_cells(g, o->r, p->rec);
			g->rec_fate[o->rec] = p->same ? FATE_KEEP : (long)i;
			break;
		}
	}
	return 0;
}

void hz_reg_take_invalid(hz_reg *g)
{
	for (size_t i = 0; i < g->nadd; i++)
		if (!g->add[i].wrong_type)
			g->add[i].refused = false;
	g->refused = 0;
	for (size_t i = 0; i < g->nadd; i++)
		g->refused += g->add[i].refused;
}

void hz_reg_replace_stats_of(const hz_reg *g, hz_reg_replace_stats *st)
{
	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < g->nadd; i++) {
		const pending *p = &g->add[i];
		if (p->refused)
			continue;
		if (p->same)
			st->same++;
		else if (p->replaces >= 0)
			st->changed++;
		else
			st->added++;
	}
	for (size_t i = 0; i < g->nold; i++)
		st->removed += !g->old[i].matched;
}

static pending *new_pending(hz_reg *g)
{
	if (g->nadd == g->capadd) {
		g->capadd = g->capadd ? g->capadd * 2 : 16;
		g->add = realloc(g->add, g->capadd * sizeof(*g->add));
		if (g->add == NULL)
			hz_out_of_memory();
	}
	memset(&g->add[g->nadd], 0, sizeof(g->add[g->nadd]));
	g->add[g->nadd].replaces = -1;
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
	char *one = hz_entry_text(s, n, &n); /* its own line breaks: one entry */
	size_t len = old.n + (old.n ? 1 : 0) + n;
	char *buf = hz_xrealloc(NULL, len + 1);

	if (one)
		s = one;
	memcpy(buf, old.s, old.n);
	if (old.n)
		buf[old.n] = '\n';
	memcpy(buf + len - n, s, n);
	hz_record_set_cell(r, c, buf, len);
	free(buf);
	free(one);
}

/* More characters than a cell may hold (the reader drops such a record). */
static bool too_long(hz_str cell)
{
	size_t chars = 0;

	if (cell.n <= HZ_CELL_MAX)
		return false;
	for (size_t i = 0; i < cell.n; i++)
		chars += ((unsigned char)cell.s[i] & 0xC0) != 0x80;
	return chars > HZ_CELL_MAX;
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
		k = hz_match_header(HZ_TYPE_UNKNOWN,
		                    (hz_str){ fields[i], (size_t)(eq - fields[i]) });
		if (k != HZ_K_NONE)
			present[k] = true;
	}
	t = hz_type_from_keys(present);
	return t < HZ_TYPE_COUNT ? t : HZ_HAZARD;
}

int hz_reg_add_fields(hz_reg *g, char *const *fields, size_t n, bool extend, char *err,
                      size_t errcap)
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
			hz_say(err, errcap, "'%s' is not FIELD=VALUE", fields[i]);
			goto fail;
		}
		key = (hz_str){ fields[i], (size_t)(eq - fields[i]) };
		k = hz_match_header(g->type, key);
		if (k != HZ_K_NONE) {
			cols[i] = column_of(g, k, extend, "", err, errcap);
			if (cols[i] < 0)
				goto fail;
		} else if (!hz_format_is_json(g->format) &&
		           (cols[i] = unknown_column(g, key)) >= 0) {
			; /* a column of the register that is no field */
		} else {
			hz_say(err, errcap, "'%.*s' is not a field of a %s record", (int)key.n,
			       key.s, HZ_(hz_type_name(g->type)));
			goto fail;
		}
	}
	set = calloc(g->schema->ncols + 1, sizeof(*set));
	if (set == NULL)
		hz_out_of_memory();
	r = empty_record(g->schema);
	for (size_t i = 0; i < n; i++) {
		const char *v = strchr(fields[i], '=') + 1;
		hz_key k = g->schema->keys[cols[i]];

		if (k == HZ_K_PROGRESS || k == HZ_K_PROGRESS_DATE) {
			add_line(r, (size_t)cols[i], v, strlen(v));
			continue;
		}
		if (set[cols[i]]) {
			hz_say(err, errcap, "'%.*s' is given twice",
			       (int)(strchr(fields[i], '=') - fields[i]), fields[i]);
			free(set);
			hz_record_free(r);
			goto fail;
		}
		set[cols[i]] = true;
		hz_record_set_cell(r, (size_t)cols[i], v, strlen(v));
	}
	for (size_t c = 0; c < r->ncells; c++) {
		if (too_long(r->cells[c])) {
			hz_say(err, errcap,
			       "the %s cell has more than %d characters (Excel's "
			       "limit; the register could not be read back)",
			       g->schema->names[c], HZ_CELL_MAX);
			free(set);
			hz_record_free(r);
			goto fail;
		}
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
		hz_out_of_memory();
	return g->names[g->nnames++] = hz_xstrdup(name);
}

/* A JSON register keeps a record's unknown keys: its own columns. */
static hz_schema *json_schema(hz_reg *g, const hz_record *in)
{
	hz_schema *s;

	for (size_t c = 0; c < in->schema->ncols; c++)
		if (in->schema->keys[c] == HZ_K_NONE || g->schema->col[in->schema->keys[c]] < 0)
			goto own;
	return hz_schema_ref(g->schema);
own:
	s = hz_schema_full(g->type, true);
	s->from_json = true;
	for (size_t c = 0; c < in->schema->ncols; c++) /* the office's it has */
		if (in->schema->keys[c] != HZ_K_NONE && s->col[in->schema->keys[c]] < 0)
			hz_schema_add(s, in->schema->names[c], strlen(in->schema->names[c]),
			              in->schema->keys[c]);
	for (size_t c = 0; c < in->schema->ncols; c++)
		if (in->schema->keys[c] == HZ_K_NONE)
			hz_schema_add(s, in->schema->names[c], strlen(in->schema->names[c]),
			              HZ_K_NONE);
	return s;
}

/* An input record in the register's columns. A filled cell the register
 * has no column for is an error, unless extend. */
static hz_record *map_record(hz_reg *g, const hz_record *in, bool extend, char *err, size_t cap)
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
				hz_say(err, cap, "%s%s has no column '%s'; --extend adds it", where,
				       g->name, in->schema->names[c]);
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

int hz_reg_add_input(hz_reg *g, const char *path, const hz_read_opts *ro, bool extend, char *err,
                     size_t errcap)
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
			p->wrong_type = t < HZ_TYPE_COUNT ? hz_type_name(t) : HZ_N_("unknown");
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
		p->rec->place.file =
		        g->nnames > 0 && strcmp(g->names[g->nnames - 1], in->place.file) == 0
		                ? g->names[g->nnames - 1]
		                : keep_name(g, in->place.file);
	}
	if (rc == 0 && hz_reader_status(rd) != HZ_READ_OK) {
		hz_say(err, errcap, "%s: nothing added", hz_reader_name(rd));
		rc = -1;
	}
	/* A record the reader dropped whole (csv-syntax, json-syntax,
	 * cell-too-long) was reported there; it counts as refused. */
	if (rc == 0)
		g->dropped = hz_reader_dropped(rd);
	hz_reader_close(rd);
	return rc;
}

/* Ids for the new records that have none. Records are added in order
 * (hz-add(1)), so each gets the largest id of the register and of the
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
			if (largest == LONG_MAX) {
				hz_diag_place(g->diag, r->place.file, r->place.line,
				              r->place.record, HZ_RULE_BAD_ID,
				              "no id is left after %ld; give "
				              "this record its id",
				              largest);
				g->add[i].refused = true;
				continue;
			}
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
	/* the reader's findings (bad bytes, too many cells) are counted there */
	return hz_validate_record(g->v, r);
}

long hz_reg_check(hz_reg *g, bool skip_invalid)
{
	long refused = g->dropped;

	g->skip_invalid = skip_invalid;
	give_ids(g);
	for (size_t i = 0; i < g->nadd; i++) {
		pending *p = &g->add[i];
		if (p->wrong_type) {
			hz_diag_record(g->diag, p->rec, HZ_RULE_WRONG_TYPE, HZ_K_NONE,
			               "a %s record cannot go into the %s register %s",
			               HZ_(p->wrong_type), HZ_(hz_type_name(g->type)), g->name);
			p->refused = true;
		} else if (!p->refused) {
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
	return g->target_count == 1 && g->ntarget_reporters <= 1 ? g->target : NULL;
}

int hz_reg_target_set(hz_reg *g, hz_key k, const char *s, size_t n, char *err, size_t errcap)
{
	if (g->target == NULL) {
		hz_say(err, errcap, "%s: no record to update", g->name);
		return -1;
	}
	if (g->target->schema != g->schema && !hz_has(g->target, k)) {
		const hz_field *f = hz_field_of(g->target->schema->type, k);

		hz_say(err, errcap, "%s: the record has no '%s'", g->name,
		       f ? f->header : hz_key_name(k));
		return -1;
	}
	if (g->target->schema == g->schema && column_of(g, k, true, "", err, errcap) < 0)
		return -1;
	hz_record_set(g->target, k, s, n);
	g->target_changed = true;
	return 0;
}

/* Findings held back to be weighed: the target's before and after a change. */
typedef struct held {
	hz_finding *f;
	size_t n, cap;
} held;

static char *dup_or_null(const char *s)
{
	return s != NULL ? hz_xstrdup(s) : NULL;
}

static void hold(const hz_finding *f, void *arg)
{
	held *h = arg;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->f = hz_xrealloc(h->f, h->cap * sizeof(*h->f));
	}
	h->f[h->n] = *f;
	h->f[h->n].file = dup_or_null(f->file);
	h->f[h->n].id = dup_or_null(f->id);
	h->f[h->n].field = dup_or_null(f->field);
	h->f[h->n].rule = dup_or_null(f->rule);
	h->f[h->n].message = dup_or_null(f->message);
	h->n++;
}

static void held_free(held *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free((char *)h->f[i].file);
		free((char *)h->f[i].id);
		free((char *)h->f[i].field);
		free((char *)h->f[i].rule);
		free((char *)h->f[i].message);
	}
	free(h->f);
}

/* The findings of checking r, held instead of emitted. */
static void check_held(hz_reg *g, hz_validator *v, const hz_record *r, held *h)
{
	hz_diag saved = *g->diag;

	g->diag->out = NULL;
	g->diag->hook = hold;
	g->diag->hook_arg = h;
	(void)hz_validate_record(v, r); /* the reader's flags reach the hook too */
	*g->diag = saved;
}

static bool same_finding(const hz_finding *a, const hz_finding *b)
{
	return strcmp(a->rule, b->rule) == 0 &&
	       (a->field == NULL ? b->field == NULL
	                         : b->field != NULL && strcmp(a->field, b->field) == 0);
}

/* An error the record already had is a warning now: fixing it is not
 * this change's job, and blocking progress on it would stop the closed
 * loop at the first typo (hz-progress(1)). */
int hz_reg_check_target(hz_reg *g)
{
	held was = { 0 }, now = { 0 };
	int added = 0;

	if (g->target == NULL)
		return 0;
	check_held(g, g->v_before, g->target_before, &was);
	check_held(g, g->v, g->target, &now);
	for (size_t i = 0; i < now.n; i++) {
		hz_finding f = now.f[i];
		bool old = false;

		for (size_t k = 0; k < was.n && !old && f.severity >= HZ_ERROR; k++)
			old = was.f[k].severity >= HZ_ERROR && same_finding(&f, &was.f[k]);
		if (old)
			f.severity = HZ_WARNING; /* an old error, now a warning: hz-progress(1) */
		else if (f.severity >= HZ_ERROR)
			added++;
		hz_diag_emit(g->diag, &f);
	}
	held_free(&was);
	held_free(&now);
	return added;
}

/* hz-edit: the cells of FIELD=VALUE operands, set whole. */
int hz_reg_edit_fields(hz_reg *g, char *const *fields, size_t n, bool extend, char *err,
                       size_t errcap)
{
	bool seen[HZ_KEY_COUNT] = { false };

	if (g->target == NULL) {
		hz_say(err, errcap, "%s: no record to update", g->name);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		hz_str key, val;
		hz_key k;
		int c;

		if (eq == NULL || eq == fields[i]) {
			hz_say(err, errcap, "'%s' is not FIELD=VALUE", fields[i]);
			return -1;
		}
		key = (hz_str){ fields[i], (size_t)(eq - fields[i]) };
		val = hz_str_c(eq + 1);
		if (too_long(val)) {
			hz_say(err, errcap, "'%.*s': more than %d characters (Excel's limit)",
			       (int)key.n, key.s, HZ_CELL_MAX);
			return -1;
		}
		k = hz_match_header(g->type, key);
		if (k != HZ_K_NONE) {
			if (seen[k]) {
				hz_say(err, errcap, "'%.*s' is given twice", (int)key.n, key.s);
				return -1;
			}
			seen[k] = true;
			if (g->target->schema == g->schema && g->schema->col[k] < 0 &&
			    column_of(g, k, extend, "", err, errcap) < 0)
				return -1;
			if (g->target->schema != g->schema && !hz_has(g->target, k) && !extend) {
				hz_say(err, errcap, "%s: the record has no '%s'; --extend adds it",
				       g->name, hz_field_of(g->type, k)->header);
				return -1;
			}
			if (hz_reg_target_set(g, k, val.s, val.n, err, errcap) == -1)
				return -1;
		} else if (g->target->schema == g->schema && !hz_format_is_json(g->format) &&
		           (c = unknown_column(g, key)) >= 0) {
			hz_record_set_cell(g->target, (size_t)c, val.s, val.n);
			g->target_changed = true;
		} else {
			hz_say(err, errcap, "'%.*s' is not a field of a %s record", (int)key.n,
			       key.s, hz_type_name(g->type));
			return -1;
		}
	}
	return 0;
}

/* ---- the journal ---- */

/* A record written over: in a workbook a date cell that keeps its day
 * is no change (same_cells), so the journal shows it as it was. */
static void journal_changed(hz_reg *g, hz_journal *j, const hz_record *was, const hz_record *now)
{
	hz_record *tmp = NULL;
	hz_date d1, d2;

	for (size_t c = 0; g->format == HZ_FMT_XLSX && was->schema == now->schema &&
	                   c < now->ncells && c < was->ncells;
	     c++) {
		hz_str x = was->cells[c], y = now->cells[c];
		if ((x.n != y.n || (x.n && memcmp(x.s, y.s, x.n) != 0)) &&
		    hz_regm_same_day(now, c, x, y, &d1, &d2)) {
			if (!tmp)
				tmp = hz_record_copy(now);
			hz_record_set_cell(tmp, c, x.s, x.n);
		}
	}
	hz_journal_changed(j, was, tmp ? tmp : now);
	hz_record_free(tmp);
}

/* Who changed what (journal.h): the records written and the target's
 * changed fields, appended once the register is safely written and
 * before the lock goes. */
static void journal(hz_reg *g)
{
	hz_journal *j = g->o.no_journal ? NULL : hz_journal_new(g->name, g->diag->prog);
	char err[1024];

	if (!j)
		return;
	for (size_t i = 0; i < g->nadd; i++)
		if (!g->add[i].refused && !g->add[i].wrong_type && !g->add[i].same &&
		    g->add[i].replaces < 0)
			hz_journal_added(j, g->add[i].rec);
	/* hz-collect: a unit's old records removed or written over */
	for (size_t k = 0; g->rec_fate && k < g->nold; k++) {
		long fate = g->rec_fate[g->old[k].rec];
		if (fate == FATE_DELETE)
			hz_journal_removed(j, g->old[k].r);
		else if (fate >= 0 && !g->add[fate].refused)
			journal_changed(g, j, g->old[k].r, g->add[fate].rec);
	}
	if (g->target_changed)
		hz_journal_changed(j, g->target_before, g->target);
	if (hz_journal_write(j, hz_reglock_fd(g->lock), err, sizeof err) == -1)
		fprintf(stderr,
		        HZ_("%s: warning: %s (the change is made; hz-log --verify will "
		            "not match it)\n"),
		        g->diag->prog, err);
	hz_journal_free(j);
}

/* ---- the change, handed to the model, then the journal ---- */

int hz_reg_commit(hz_reg *g, char *err, size_t errcap)
{
	bool changes = hz_reg_count(g) > 0 || g->target_changed || g->nold > 0;

	if (g->refused > 0 && !g->skip_invalid) {
		hz_say(err, errcap, "%s: %ld records refused", g->name, g->refused);
		return -1;
	}
	if (!hz_format_is_json(g->format) && g->schema != NULL)
		for (size_t c = g->is_new ? 0 : g->file_ncols; c < g->schema->ncols; c++)
			hz_regm_add_column(g->model, g->schema->names[c]);
	if (g->target_changed)
		hz_regm_replace(g->model, g->target_record, g->target, g->target_before);
	/* hz-collect: each old record of the reporter kept, deleted or
	 * written over by the record that stands for it */
	for (size_t k = 0; g->rec_fate && k < g->nold; k++) {
		long fate = g->rec_fate[g->old[k].rec];
		if (fate == FATE_DELETE)
			hz_regm_delete(g->model, (long)g->old[k].rec);
		else if (fate >= 0 && !g->add[fate].refused)
			hz_regm_replace(g->model, (long)g->old[k].rec, g->add[fate].rec,
			                g->old[k].r);
		else if (fate >= 0) /* refused: the old record stays */
			continue;
	}
	for (size_t i = 0; i < g->nadd; i++)
		if (!g->add[i].refused && !g->add[i].same && g->add[i].replaces < 0)
			hz_regm_insert(g->model, g->add[i].rec, g->add[i].id);
	if (hz_regm_write(g->model, err, errcap) == -1)
		return -1;
	if (changes)
		journal(g);
	return 0;
}
