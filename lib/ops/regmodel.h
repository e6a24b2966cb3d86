/* regmodel.h - (private) a register's file as the editing session
 * (register.c) sees it: a model that learns where the records lie, takes
 * a list of changes and writes them, every other byte (or zip entry) as
 * it was. Two models: the text one (register_bytes.c: CSV, TSV, JSON) and
 * the workbook one (xlsx_edit.c: .xlsx). The session owns the model; the
 * model never calls back into the session.
 *
 *	m = hz_regb_open(lock, name, encoding, err, cap);   (or hz_xlsxe_open)
 *	... the reader reads hz_regm_encoding(m); each record read:
 *	hz_regm_note(m, &rec->place, rec->flags);
 *	hz_regm_layout(m, &shape, &is_new, err, cap);
 *	hz_regm_add_column(m, name); hz_regm_replace(m, n, now, was);
 *	hz_regm_insert(m, rec, id); hz_regm_delete(m, n);
 *	hz_regm_write(m, err, cap);
 *	hz_regm_free(m);
 *
 * Changes are kept in a list and sorted by place when written; the
 * records given stay the caller's and must live until the write. */
#ifndef HZ_REGMODEL_H
#define HZ_REGMODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "hz/date.h"
#include "hz/fields.h"
#include "hz/format.h"
#include "hz/record.h"
#include "hz/safewrite.h"
#include "record_int.h"

typedef struct regmodel regmodel;

/* What the reading found about the register's shape. */
typedef struct regmodel_shape {
	hz_format format; /* as read; HZ_FMT_CSV when it could not tell */
	bool has_header;  /* a header row was found */
	long header_line; /* its line (a workbook: its sheet row) */
	bool quote_all;   /* CSV: every cell quoted */
	size_t ncols;     /* the header's columns in the file */
	int id_col;       /* the column of 序号, or -1 */
} regmodel_shape;

typedef struct regmodel_ops {
	const char *(*encoding)(const regmodel *m);
	int (*note)(regmodel *m, const hz_place *p, unsigned flags, char *err, size_t cap);
	int (*layout)(regmodel *m, const regmodel_shape *s, bool *is_new, char *err, size_t cap);
	void (*add_column)(regmodel *m, const char *name);
	void (*replace)(regmodel *m, long recno, const hz_record *now, const hz_record *was);
	void (*insert)(regmodel *m, const hz_record *r, const char *id);
	int (*write)(regmodel *m, char *err, size_t cap);
	void (*free)(regmodel *m);
	/* NULL where the model cannot remove a record */
	void (*delete)(regmodel *m, long recno);
} regmodel_ops;

struct regmodel {
	const regmodel_ops *ops;
};

/* The text model: decides the encoding (asked, NULL or "auto": from the
 * first bytes); a register whose bytes are not of it is refused. */
regmodel *hz_regb_open(hz_reglock *lock, const char *name, const char *encoding, char *err,
                       size_t cap);
/* The workbook model: refuses what it cannot keep (encrypted, strict
 * OOXML, array formulas or a table over the records). */
regmodel *hz_xlsxe_open(hz_reglock *lock, const char *name, char *err, size_t cap);

/* The encoding the reader is to read the register in (NULL: its own). */
static inline const char *hz_regm_encoding(const regmodel *m)
{
	return m->ops->encoding(m);
}

/* The next record read, where it lies; -1 when it cannot be placed. */
static inline int hz_regm_note(regmodel *m, const hz_place *p, unsigned flags, char *err,
                               size_t cap)
{
	return m->ops->note(m, p, flags, err, cap);
}

/* After the read: the header, template rows and footer found; *is_new
 * when the register holds nothing yet (the header is then written from
 * the columns added). */
static inline int hz_regm_layout(regmodel *m, const regmodel_shape *s, bool *is_new, char *err,
                                 size_t cap)
{
	return m->ops->layout(m, s, is_new, err, cap);
}

/* A column after the header's (or, in a new register, each column). */
static inline void hz_regm_add_column(regmodel *m, const char *name)
{
	m->ops->add_column(m, name);
}

/* Record recno (from 0, in reading order) is now `now`; `was` is it as read. */
static inline void hz_regm_replace(regmodel *m, long recno, const hz_record *now,
                                   const hz_record *was)
{
	m->ops->replace(m, recno, now, was);
}

/* Record recno (from 0, in reading order) is removed, its line with it
 * (hz-collect's replacement of a unit's records); in a workbook the rows
 * below close up, as WPS/Excel's 删除行 does. */
static inline void hz_regm_delete(regmodel *m, long recno)
{
	m->ops->delete (m, recno);
}

/* Whether the model can remove a record. */
static inline bool hz_regm_can_delete(const regmodel *m)
{
	return m->ops->delete != NULL;
}

/* A new record (its id text, or NULL): into the blank template row of
 * its 序号, else above the first blank template row, else above the
 * footer, else at the end. */
static inline void hz_regm_insert(regmodel *m, const hz_record *r, const char *id)
{
	m->ops->insert(m, r, id);
}

/* Write the changes: appended or rewritten (lock, temporary file, rename). */
static inline int hz_regm_write(regmodel *m, char *err, size_t cap)
{
	return m->ops->write(m, err, cap);
}

static inline void hz_regm_free(regmodel *m)
{
	if (m != NULL)
		m->ops->free(m);
}

/* Cells x and y of column c of r's schema hold one date (one day each,
 * in any spelling): a workbook keeps it as the same date cell. */
static inline bool hz_regm_same_day(const hz_record *r, size_t c, hz_str x, hz_str y, hz_date *dx,
                                    hz_date *dy)
{
	hz_key k = c < r->schema->ncols ? r->schema->keys[c] : HZ_K_NONE;
	const hz_field *f = k != HZ_K_NONE ? hz_field_of(r->schema->type, k) : NULL;

	return f && (f->kind == HZ_KIND_DATE || f->kind == HZ_KIND_DATES) && x.n && y.n &&
	       !memchr(x.s, '\n', x.n) && !memchr(y.s, '\n', y.n) && hz_date_parse(x, 0, dx) &&
	       hz_date_parse(y, 0, dy) && *dx == *dy;
}

#endif
