/* collect.h - what hz-collect does with each file a unit sends: tell
 * what it is, who sent it for which period, check it, log it in the
 * 报送台账 (locked, atomic, once by SHA-256), archive it, put a register's
 * records into the street database in place of the unit's, and compare
 * a 附件1 with the unit's register (office.md, hz-collect(1)) */
#ifndef HZ_COLLECT_H
#define HZ_COLLECT_H
#include <stdbool.h>
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/schedule.h"
#include "hz/strset.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_collect_opts {
	const char *db;         /* --db: the street database */
	const char *log;        /* --log: the 报送台账 (created if missing) */
	const char *archive;    /* --archive DIR, or NULL */
	const hz_strset *units; /* --units names, or NULL: any reporter */
	bool have_date;
	hz_date date;         /* --date: the day received */
	const char *material; /* --material, or NULL */
	const char *period;   /* --period, or NULL */
	hz_date today;
	bool dry_run;       /* -n: steps 1-3 and 7, nothing changed */
	bool reject_errors; /* --reject-errors: a register with errors stays out */
	const hz_schedule *schedule;
	hz_read_opts read; /* -E, --sheet */
} hz_collect_opts;

/* What became of one file. */
typedef enum hz_collect_kind {
	HZ_COLLECT_REGISTER,
	HZ_COLLECT_REPORT, /* a 附件1 */
	HZ_COLLECT_UNREADABLE,
} hz_collect_kind;

typedef struct hz_collect_result {
	hz_collect_kind kind;
	char *reporter; /* NULL when not known */
	char material[64];
	char period[16];
	hz_date received;
	long records, errors, warnings;
	bool timed;           /* the material has a deadline */
	long late_days;       /* > 0 late, 0 on time, < 0 early (before the period) */
	bool refused;         /* not taken (unreadable, unknown unit, bad report) */
	char why[512];        /* why it was refused */
	bool duplicate;       /* the same SHA-256 from the same reporter before */
	hz_date duplicate_of; /* ... received that day */
	bool archived;
	char archived_as[2048];
	bool into_db;
	long db_records, added, changed, removed;
	long differs; /* report-differs findings */
	char sha256[65];
	bool logged; /* refused as unreadable, and logged all the same */
} hz_collect_result;

/* An unreadable file's submission record: its reporter when neither the
 * file nor its name (with --units) says, and its remarks. */
#define HZ_UNKNOWN_UNIT "未知单位"
#define HZ_UNREADABLE_REMARK "未能读取"

/* Complete a collection a kill left half done (the database written, its
 * submission not yet logged): the log gets it, or, when the database is
 * still as it was, the pending note is dropped. Returns 0, or -1 with a
 * message in err. Done by hz_collect_file before anything else. */
int hz_collect_recover(const hz_collect_opts *o, char *err, size_t errcap);

/* Take in one file. Findings (its records', report-differs) go to d.
 * Returns 0 when taken (duplicates too), 1 taken with errors or
 * differences, 2 refused or unreadable, -1 on a failure to write (err). */
int hz_collect_file(const hz_collect_opts *o, const char *path, hz_diag *d, hz_collect_result *res,
                    char *err, size_t errcap);
void hz_collect_result_free(hz_collect_result *res);

/* A file Excel, WPS or LibreOffice leave beside an open workbook (~$NAME,
 * .~lock.NAME#): never an input. */
bool hz_is_lock_file(const char *path);

HZ_API_END

#endif
