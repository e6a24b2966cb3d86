/* record.h - the record model: cells in column order, a schema, a place */
#ifndef HZ_RECORD_H
#define HZ_RECORD_H
#include <stdbool.h>
#include <sys/types.h>
#include "hz/fields.h"
#include "hz/text.h"
#include "hz/api.h"
HZ_API_BEGIN

/* The columns of one input: a CSV file's header, or one JSON object's keys.
 * Each column is a known field (key >= 0) or an unknown column, kept as is.
 * Opaque: its size follows the field table, so a program reads it through
 * the functions below and a new field changes no program's view of it. */
typedef struct hz_schema hz_schema;

hz_type hz_schema_type(const hz_schema *s);
size_t hz_schema_ncols(const hz_schema *s);
/* Column c's header cell as read (or JSON key), and its field (HZ_K_NONE
 * for an unknown column). */
const char *hz_schema_name(const hz_schema *s, size_t c);
hz_key hz_schema_key(const hz_schema *s, size_t c);
/* The column of field k, or -1 when the input has none. */
int hz_schema_column(const hz_schema *s, hz_key k);
/* 填报单位：X from the title rows, or NULL. */
const char *hz_schema_reporter(const hz_schema *s);
hz_schema *hz_schema_new(hz_type type);
/* Adds a column; key HZ_K_NONE for an unknown one. Returns its index. */
size_t hz_schema_add(hz_schema *s, const char *name, size_t n, hz_key key);
/* A schema with every field of a type in form order (for new registers),
 * but the office's columns (HZ_F_OFFICE), which come when first filled. */
hz_schema *hz_schema_full(hz_type type, bool english);
hz_schema *hz_schema_ref(hz_schema *s);
void hz_schema_unref(hz_schema *s);
/* Same fields (known keys and unknown names), in any order. */
bool hz_schema_same_fields(const hz_schema *a, const hz_schema *b);

/* Where a record came from: travels with it so every message can say where. */
typedef struct hz_place {
	const char *file; /* display name: path or "<stdin>" */
	long line;        /* physical line the record starts on, 1-based */
	long record;      /* data record number in its file, 1-based; 0 if none */
	long row;         /* spreadsheet row (Excel's and WPS's number: every CSV
				 * row counts, blank ones too); 0 when unknown */
	off_t begin, end; /* byte span of the record's raw text (CSV) */
} hz_place;

/* Problems the reader found in the record itself. */
enum hz_record_flags {
	HZ_R_BAD_BYTES = 1,      /* invalid bytes or NUL, read as U+FFFD */
	HZ_R_TOO_MANY_CELLS = 2, /* a non-empty cell beyond the header */
	HZ_R_CHECKED = 4,        /* (reader) its bytes are known to be valid UTF-8 */
	HZ_R_PREPARED = 8,       /* (reader) hz_read_opts.prepare saw it as it is */
};

/* A record: its cells in column order, its schema and its place. Opaque,
 * like the schema: read it through these. */
typedef struct hz_record hz_record;

hz_schema *hz_record_schema(const hz_record *r);
/* The record's type (its schema's). */
hz_type hz_record_type(const hz_record *r);
size_t hz_record_ncells(const hz_record *r);
/* Cell c as read, untrimmed. */
hz_str hz_record_cell(const hz_record *r, size_t c);
const hz_place *hz_record_place(const hz_record *r);
/* The problems the reader found in it (enum hz_record_flags). */
int hz_record_flags(const hz_record *r);

hz_record *hz_record_new(hz_schema *schema);
void hz_record_free(hz_record *r);
/* Empty every cell, keep the storage (for reuse while streaming). */
void hz_record_clear(hz_record *r);
void hz_record_set_schema(hz_record *r, hz_schema *schema);
/* Append the next cell in column order (copies the text). */
void hz_record_push(hz_record *r, const char *s, size_t n);
/* Set the cell of column c (copies the text). */
void hz_record_set_cell(hz_record *r, size_t c, const char *s, size_t n);
/* Set field k; false when the schema has no column for it. */
bool hz_record_set(hz_record *r, hz_key k, const char *s, size_t n);
hz_record *hz_record_copy(const hz_record *r);

/* The value of field k: HZ_STR_NONE when the column is absent. For
 * reporter, an empty cell or absent column falls back to the preamble's
 * 填报单位. */
hz_str hz_get(const hz_record *r, hz_key k);
/* Column exists (JSON: the key was given). */
bool hz_has(const hz_record *r, hz_key k);
/* Non-blank value. */
bool hz_filled(const hz_record *r, hz_key k);

HZ_API_END

#endif
