/* journal.h - who changed what in a register, and when: REGISTER.hzlog
 * beside it (hz-log(1))
 *
 * One JSON object a line, one a changed field, appended under the
 * register's lock once the register is safely written, then fsynced:
 *
 *	{"time":"2023-07-10T09:12:03+08:00","user":"…","tool":"hz-edit",
 *	 "reporter":"公园社区","id":4,"field":"owner","old":null,"new":"李火锅",
 *	 "sha256":"…"}
 *
 * user is $HZ_USER, else the login name; sha256 is the register's after
 * the change; a new record is one object with field "*" and new the
 * record (a removed one: old the record, new null). The commit path of a
 * register session calls it:
 *
 *	j = hz_journal_new(path, "hz-edit");     (NULL: HZ_JOURNAL=0)
 *	hz_journal_changed(j, before, after);    (or _added, _removed)
 *	hz_journal_write(j, register_fd, err, sizeof err);
 *	hz_journal_free(j);
 */
#ifndef HZ_JOURNAL_H
#define HZ_JOURNAL_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/record.h"
#include "hz/sha256.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_journal hz_journal;

/* The journal of the register at path: path with ".hzlog" appended. */
char *hz_journal_path(const char *register_path);
/* False when HZ_JOURNAL is 0 (or no, off, false): no journal is kept. */
bool hz_journal_enabled(void);

/* Entries of one change by tool; NULL when journals are off. */
hz_journal *hz_journal_new(const char *register_path, const char *tool);
/* A record added: one entry, field "*", new the record as JSON. */
void hz_journal_added(hz_journal *j, const hz_record *r);
/* A record removed (hz-collect's replacement): old the record, new null. */
void hz_journal_removed(hz_journal *j, const hz_record *r);
/* One entry a field whose cell differs between before and after (the
 * same record, after may have more columns). */
void hz_journal_changed(hz_journal *j, const hz_record *before, const hz_record *after);
/* Entries gathered so far. */
size_t hz_journal_count(const hz_journal *j);
/* Hash the register (read through fd, from its start) and append the
 * entries in one write, then fsync. Nothing gathered: nothing written.
 * 0, or -1 with a message in err (the caller warns: the change stands). */
int hz_journal_write(hz_journal *j, int register_fd, char *err, size_t errcap);
void hz_journal_free(hz_journal *j);

/* The SHA-256 of what fd holds (read with pread from its start), as hex. */
int hz_journal_file_sha256(int fd, char out[HZ_SHA256_HEX]);

HZ_API_END

#endif
