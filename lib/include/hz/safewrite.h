/* safewrite.h - change a register without ever losing or tearing a row
 *
 * Every change to a register goes through a lock:
 *
 *	l = hz_reglock_open(path, HZ_LOCK_CREATE, err, sizeof(err));
 *	... read the register by its path, check the new records ...
 *	hz_reglock_append(l, rows, n, err, sizeof(err));  (whole records, one write)
 *   or
 *	hz_reglock_rewrite_begin(l, err, sizeof(err));
 *	hz_reglock_rewrite_copy(l, 0, off);      (untouched bytes, as they are)
 *	hz_reglock_rewrite_put(l, row, n);       (the changed row)
 *	hz_reglock_rewrite_commit(l);            (fsync, rename, fsync folder)
 *	hz_reglock_close(l);
 *
 * The lock is flock(LOCK_EX) on the register itself, held from before the
 * read until after the write, so writers are serialised. The size, mtime
 * and inode seen when the lock was taken are remembered; a write is refused
 * when the file has changed since (a program that does not take the lock,
 * Excel saving over it), rather than clobbering that change.
 *
 * Functions that can fail return -1 (or NULL) and write a message naming the
 * file, e.g. "register.csv: No space left on device", into the caller's err
 * of errcap bytes (err may be NULL). On failure the register is as it was.
 */
#ifndef HZ_SAFEWRITE_H
#define HZ_SAFEWRITE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_reglock hz_reglock;

enum hz_lock_flags {
	HZ_LOCK_CREATE = 1, /* create the register (empty) if missing */
};

/* Open path read-write and take the exclusive lock, waiting for other
 * writers. A register replaced by rename(2) while we waited is reopened.
 * Returns NULL with a message in err when the file cannot be opened for
 * writing (missing folder, read-only file, no such register). */
hz_reglock *hz_reglock_open(const char *path, int flags, char *err, size_t errcap);
/* Release the lock (without writing anything more). NULL is fine. */
void hz_reglock_close(hz_reglock *l);

/* True when this lock created the file (it was missing). */
bool hz_reglock_created(const hz_reglock *l);
/* Size of the register when it was locked (or after our last write). */
off_t hz_reglock_size(const hz_reglock *l);
/* The descriptor of the locked register, for reading it (pread). */
int hz_reglock_fd(const hz_reglock *l);
/* The register's line end: that of its first line ("\n", "\r\n" or "\r"),
 * "\n" for an empty file. */
const char *hz_reglock_eol(const hz_reglock *l);
/* The register does not end in a line end (and is not empty). */
bool hz_reglock_lacks_newline(const hz_reglock *l);

/* Append n bytes of whole records in one write(2), then fsync. When the
 * register does not end in a line end, its line end is written first (in
 * the same write). On a short write, a write error or an fsync error the
 * file is truncated back to its old length and -1 returned. */
int hz_reglock_append(hz_reglock *l, const char *bytes, size_t n, char *err, size_t errcap);

/* Rewrite: a temporary file made with mkstemp(3) in the register's folder
 * receives the new contents; commit fsyncs it, gives it the register's
 * mode, renames it over the register and fsyncs the folder. The lock moves
 * to the new file. On any failure (and on abort) the temporary file is
 * removed and the register is left as it was. */
int hz_reglock_rewrite_begin(hz_reglock *l, char *err, size_t errcap);
int hz_reglock_rewrite_put(hz_reglock *l, const char *bytes, size_t n, char *err, size_t errcap);
/* Copy bytes [begin, end) of the register as it is, byte for byte. */
int hz_reglock_rewrite_copy(hz_reglock *l, off_t begin, off_t end, char *err, size_t errcap);
int hz_reglock_rewrite_commit(hz_reglock *l, char *err, size_t errcap);
void hz_reglock_rewrite_abort(hz_reglock *l);

/* 0 when the register is still the file we locked, with the size and mtime
 * seen then; else -1 ("changed by another program"). Append and commit
 * call it before they write. */
int hz_reglock_check_unchanged(hz_reglock *l, char *err, size_t errcap);

HZ_API_END

#endif
