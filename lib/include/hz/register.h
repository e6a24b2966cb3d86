/* register.h - a register opened for change: what hz-add, hz-progress and
 * hz-edit do
 *
 * A session locks the register (safewrite.h), reads it once, and remembers
 * what it needs to change it the way it is written: its format, header,
 * BOM, line ends and quoting, the largest id, and (hz-progress) the record
 * to update. New records are then built in the register's header order,
 * checked with the whole rule table (duplicate-id against what is already
 * there), and written in one go:
 *
 *	g = hz_reg_open(path, &o, &diag, err, sizeof err);
 *	hz_reg_add_fields(g, argv, argc, extend, err, sizeof err);   or
 *	hz_reg_add_input(g, "-", &read_opts, extend, err, sizeof err);
 *	refused = hz_reg_check(g, skip_invalid);
 *	hz_reg_commit(g, err, sizeof err);
 *	hz_reg_close(g);
 *
 * Small additions are appended in one write (under a page, which a kill
 * cannot tear). Any other change goes through a rewrite in which every
 * untouched byte is copied as it is: an updated record (hz-progress,
 * hz-edit), an added column (--extend, reusing the header's trailing blank
 * cells), new rows that fill the form's template rows or go above them or
 * above a footer, a JSON array, a large batch. The register keeps its
 * encoding (-E, else detected from its first bytes): new and changed rows
 * are encoded back; a register whose bytes do not decode is refused.
 *
 * An .xlsx register is edited in place the same way: only its sheet's
 * changed rows are rewritten, every other part of the workbook is copied
 * as it is; an .xls is refused.
 *
 * Functions that fail return -1 (NULL) with a message in err; the caller
 * exits 2. Nothing is written before hz_reg_commit.
 */
#ifndef HZ_REGISTER_H
#define HZ_REGISTER_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/diag.h"
#include "hz/format.h"
#include "hz/reader.h"
#include "hz/record.h"
#include "hz/rules.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_reg hz_reg;

typedef struct hz_reg_opts {
	hz_type type;                /* --type, or HZ_TYPE_UNKNOWN: from the register */
	bool english;                /* --lang en: the header of a new register */
	bool create;                 /* hz-add: create a missing register */
	long target;                 /* hz-progress, hz-edit: the id of the record to update */
	const char *target_reporter; /* ... of this reporter (REPORTER:ID), or NULL */
	const char *encoding;        /* -E: the register's encoding; NULL: detect it */
	bool no_journal;             /* --no-journal: keep no REGISTER.hzlog entry */
	const char *replace;         /* hz-collect: the reporter whose records an input
	                           replaces (hz_reg_replace_input), or NULL */
	hz_validate_opts validate;
} hz_reg_opts;

/* Lock and read the register. Findings about it go to d (whose prog names
 * the tool); they also serve the checks of the new records. */
hz_reg *hz_reg_open(const char *path, const hz_reg_opts *o, hz_diag *d, char *err, size_t errcap);
/* Unlock. A register this session created and did not write is removed. */
void hz_reg_close(hz_reg *g);

/* The register did not exist (or was empty) when it was opened. */
bool hz_reg_is_new(const hz_reg *g);

/* One new record from FIELD=VALUE operands: FIELD is an English key, a
 * Chinese header or an alias of the register's type (or the exact header
 * of one of its unknown columns). progress and progress_date add one line
 * each time; another field given twice is an error, as is a field the
 * register has no column for, unless extend (then the column is added). */
int hz_reg_add_fields(hz_reg *g, char *const *fields, size_t n, bool extend, char *err,
                      size_t errcap);
/* Every record of an input (CSV, TSV, JSON Lines or JSON; "-" is stdin).
 * A record of another type is refused at check time. */
int hz_reg_add_input(hz_reg *g, const char *path, const hz_read_opts *ro, bool extend, char *err,
                     size_t errcap);

/* Give ids to the new records without one, in order: the largest id in
 * the register and among the new records before it, plus 1 (no id, 5, no
 * id into an empty register: 1, 5, 6). Then check them. Returns the number of
 * records refused (findings emitted). With skip_invalid those are dropped;
 * otherwise nothing will be written when any is refused. */
long hz_reg_check(hz_reg *g, bool skip_invalid);
/* New records that will be (or were) written. */
size_t hz_reg_count(const hz_reg *g);
/* The id text of the i-th new record ("" for a type without id). */
const char *hz_reg_new_id(const hz_reg *g, size_t i);

/* hz-progress: the record whose id is o->target, in the register's columns;
 * NULL when it is not there (*count says how many records have the id). */
hz_record *hz_reg_target(hz_reg *g, long *count);
/* The distinct reporters of the records whose id is the target's (a
 * street database: each unit has its own 序号): *n of them. With no
 * o->target_reporter and more than one, the id is ambiguous and
 * hz_reg_target gives NULL. */
const char *const *hz_reg_target_reporters(const hz_reg *g, size_t *n);
/* Set a field of the target; a column the register lacks is added. */
int hz_reg_target_set(hz_reg *g, hz_key k, const char *s, size_t n, char *err, size_t errcap);
/* hz-edit: set fields of the target from FIELD=VALUE operands (FIELD as
 * for hz_reg_add_fields; "FIELD=" empties it; progress cells are set
 * whole). A field the register has no column for needs extend. */
int hz_reg_edit_fields(hz_reg *g, char *const *fields, size_t n, bool extend, char *err,
                       size_t errcap);
/* Check the updated target. Findings the record had before the change
 * are emitted as warnings; the number of errors the change adds is
 * returned (0: it may be written). */
int hz_reg_check_target(hz_reg *g);

/* hz-collect: the records of reporter o->replace are replaced by the
 * records of an input (read as hz_reg_add_input reads, columns the
 * register lacks added). Each new record carries the reporter. One whose
 * id an old record of the reporter has takes that record's place: its
 * bytes are kept when every cell is equal, else its row is rewritten in
 * place; old records no new one stands for are removed; the other new
 * records are added as hz-add adds them. Records of other reporters and
 * every other byte stay as they are. Call hz_reg_check then (its
 * findings are the new records'); with take_invalid the records with
 * errors are written too (the office keeps what it received). A JSON
 * array register is refused (use JSON Lines). */
int hz_reg_replace_input(hz_reg *g, const char *path, const hz_read_opts *ro, char *err,
                         size_t errcap);
/* After hz_reg_check: write the records with errors too (hz-collect). */
void hz_reg_take_invalid(hz_reg *g);
/* What the replacement does: records added, rewritten, removed, kept. */
typedef struct hz_reg_replace_stats {
	long added, changed, removed, same;
} hz_reg_replace_stats;
void hz_reg_replace_stats_of(const hz_reg *g, hz_reg_replace_stats *st);

/* Write what was asked: the new records (when none was refused, or with
 * skip_invalid the valid ones), the updated target, the added columns.
 * Then, still under the lock, its journal (journal.h): one entry a new
 * record and a changed field; a journal that cannot be written is a
 * warning on stderr, and the change stands. */
int hz_reg_commit(hz_reg *g, char *err, size_t errcap);

HZ_API_END

#endif
