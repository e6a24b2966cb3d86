/* hzlog.h - a register's journal read back: printed, or checked against
 * the register (hz-log(1)) */
#ifndef HZ_HZLOG_H
#define HZ_HZLOG_H
#include <stdbool.h>
#include "hz/date.h"
#include "hz/exit.h"
#include "hz/format.h"
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_log_opts {
	const char *prog; /* "hz-log": the prefix of messages */
	const char *register_path;
	hz_format format; /* TEXT (default), TABLE, CSV, JSONL */
	bool have_since;
	hz_date since;        /* --since: entries of that day or later */
	const char *reporter; /* REPORTER:ID, or NULL */
	long id;              /* ID, or 0 for every record */
	bool verify;          /* --verify instead of the history */
	bool quiet;
} hz_log_opts;

/* Print the journal's entries (oldest first) on stdout, or with verify
 * compare the register's SHA-256 with the last entry's. Returns 0; 1 when
 * the register was changed outside hz since (or has no journal); 2 when
 * the journal or the register cannot be read. */
hz_exit hz_log_run(const hz_log_opts *o);

HZ_API_END

#endif
