/* record.c - schemas and records: cells in column order, owned text */
#include <stdlib.h>
#include <string.h>
#include "record_int.h"
#include "xalloc.h"

hz_schema *hz_schema_new(hz_type type)
{
	hz_schema *s = calloc(1, sizeof *s);

	if (!s)
		hz_out_of_memory();
	s->type = type;
	s->refs = 1;
	for (int k = 0; k < HZ_KEY_COUNT; k++)
		s->col[k] = -1;
	return s;
}

size_t hz_schema_add(hz_schema *s, const char *name, size_t n, hz_key key)
{
	size_t c = s->ncols++;

	s->names = hz_xrealloc(s->names, s->ncols * sizeof *s->names);
	s->keys = hz_xrealloc(s->keys, s->ncols * sizeof *s->keys);
	s->names[c] = hz_xstrndup(name, n);
	s->keys[c] = key;
	if (key != HZ_K_NONE && s->col[key] < 0)
		s->col[key] = (int)c;
	return c;
}

hz_schema *hz_schema_full(hz_type type, bool english)
{
	hz_schema *s = hz_schema_new(type);
	size_t n;
	const hz_field *f = hz_fields(type, &n);

	for (size_t i = 0; i < n; i++) {
		const char *name = english ? f[i].name : f[i].header;
		if (f[i].flags & HZ_F_OFFICE)
			continue; /* added by the tool that fills it */
		hz_schema_add(s, name, strlen(name), f[i].key);
	}
	return s;
}

/* Atomic: a prefetching reader's thread and the tool's thread both take
 * references to the schemas of the records they pass. */
hz_schema *hz_schema_ref(hz_schema *s)
{
	__atomic_fetch_add(&s->refs, 1, __ATOMIC_RELAXED);
	return s;
}

void hz_schema_unref(hz_schema *s)
{
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (size_t c = 0; c < s->ncols; c++)
		free(s->names[c]);
	free(s->names);
	free(s->keys);
	free(s->reporter);
	free(s);
}

/* The same known keys, and the same unknown column names, in any order. */
bool hz_schema_same_fields(const hz_schema *a, const hz_schema *b)
{
	if (a->ncols != b->ncols || a->type != b->type)
		return false;
	for (size_t c = 0; c < a->ncols; c++) {
		bool found = false;
		if (a->keys[c] != HZ_K_NONE) {
			found = b->col[a->keys[c]] >= 0;
		} else {
			for (size_t d = 0; d < b->ncols && !found; d++)
				found = b->keys[d] == HZ_K_NONE &&
				        strcmp(a->names[c], b->names[d]) == 0;
		}
		if (!found)
			return false;
	}
	return true;
}

hz_record *hz_record_new(hz_schema *schema)
{
	hz_record *r = calloc(1, sizeof *r);

	if (!r)
		hz_out_of_memory();
	if (schema)
		r->schema = hz_schema_ref(schema);
	return r;
}

void hz_record_free(hz_record *r)
{
	if (!r)
		return;
	hz_schema_unref(r->schema);
	if (r->ext_free)
		r->ext_free(r->ext);
	free(r->cells);
	free(r->buf);
	free(r);
}

void hz_record_clear(hz_record *r)
{
	r->ncells = 0;
	r->buf_len = 0;
	r->flags = 0;
	r->plain = 0;
}

void hz_record_set_schema(hz_record *r, hz_schema *schema)
{
	if (r->schema == schema)
		return;
	if (schema)
		hz_schema_ref(schema);
	hz_schema_unref(r->schema);
	r->schema = schema;
}

/* Cells point into buf: when it must grow, copy it to a new block and
 * rebase the pointers while the old block is still alive. */
static const char *store(hz_record *r, const char *s, size_t n)
{
	if (r->buf_len + n + 1 > r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap : 256;
		while (cap < r->buf_len + n + 1)
			cap *= 2;
		char *nb = hz_xrealloc(NULL, cap);
		if (r->buf_len)
			memcpy(nb, r->buf, r->buf_len);
		for (size_t c = 0; c < r->ncells; c++) {
			const char *p = r->cells[c].s;
			if (p && p >= r->buf && p < r->buf + r->buf_len)
				r->cells[c].s = nb + (p - r->buf);
		}
		free(r->buf);
		r->buf = nb;
		r->buf_cap = cap;
	}
	char *d = r->buf + r->buf_len;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	r->buf_len += n + 1;
	return d;
}

void hz_record_push(hz_record *r, const char *s, size_t n)
{
	if (r->ncells == r->cells_cap) {
		r->cells_cap = r->cells_cap ? r->cells_cap * 2 : 16;
		r->cells = hz_xrealloc(r->cells, r->cells_cap * sizeof *r->cells);
	}
	const char *d = store(r, s, n);
	r->cells[r->ncells++] = (hz_str){ d, n };
}

void hz_record_set_cell(hz_record *r, size_t c, const char *s, size_t n)
{
	while (r->ncells <= c)
		hz_record_push(r, "", 0);
	const char *d = store(r, s, n);
	r->cells[c] = (hz_str){ d, n };
	if (c < 64)
		r->plain &= ~((uint64_t)1 << c);
}

bool hz_record_set(hz_record *r, hz_key k, const char *s, size_t n)
{
	int c = r->schema ? r->schema->col[k] : -1;

	if (c < 0)
		return false;
	hz_record_set_cell(r, (size_t)c, s, n);
	return true;
}

hz_record *hz_record_copy(const hz_record *r)
{
	hz_record *d = hz_record_new(r->schema);

	for (size_t c = 0; c < r->ncells; c++)
		hz_record_push(d, r->cells[c].s, r->cells[c].n);
	d->place = r->place;
	d->flags = r->flags;
	return d;
}

hz_str hz_get(const hz_record *r, hz_key k)
{
	int c = r->schema ? r->schema->col[k] : -1;
	hz_str v = HZ_STR_NONE;

	if (c >= 0)
		v = (size_t)c < r->ncells ? r->cells[c] : (hz_str){ "", 0 };
	if (k == HZ_K_REPORTER && hz_blank(v) && r->schema && r->schema->reporter)
		v = hz_str_c(r->schema->reporter);
	return v;
}

bool hz_has(const hz_record *r, hz_key k)
{
	return r->schema && r->schema->col[k] >= 0;
}

bool hz_filled(const hz_record *r, hz_key k)
{
	hz_str v = hz_get(r, k);

	return v.s && !hz_blank(v);
}

/* ---- what a program outside the library reads (record.h) ---- */

hz_type hz_schema_type(const hz_schema *s)
{
	return s->type;
}

size_t hz_schema_ncols(const hz_schema *s)
{
	return s->ncols;
}

const char *hz_schema_name(const hz_schema *s, size_t c)
{
	return c < s->ncols ? s->names[c] : NULL;
}

hz_key hz_schema_key(const hz_schema *s, size_t c)
{
	return c < s->ncols ? s->keys[c] : HZ_K_NONE;
}

int hz_schema_column(const hz_schema *s, hz_key k)
{
	return k >= 0 && k < HZ_KEY_COUNT ? s->col[k] : -1;
}

const char *hz_schema_reporter(const hz_schema *s)
{
	return s->reporter;
}

hz_schema *hz_record_schema(const hz_record *r)
{
	return r->schema;
}

hz_type hz_record_type(const hz_record *r)
{
	return r->schema ? r->schema->type : HZ_TYPE_UNKNOWN;
}

size_t hz_record_ncells(const hz_record *r)
{
	return r->ncells;
}

hz_str hz_record_cell(const hz_record *r, size_t c)
{
	return c < r->ncells ? r->cells[c] : (hz_str){ "", 0 };
}

const hz_place *hz_record_place(const hz_record *r)
{
	return &r->place;
}

int hz_record_flags(const hz_record *r)
{
	return r->flags;
}
