/* session.h - one run's change to a register: hz-add's records appended,
 * hz-edit's or hz-progress's change to one record (hz-add(1), hz-edit(1)) */
#ifndef HZ_SESSION_H
#define HZ_SESSION_H
#include <stdbool.h>
#include <stddef.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/exit.h"
#include "hz/reader.h"
#include "hz/api.h"
HZ_API_BEGIN

/* What a session needs of the tool's options. */
typedef struct hz_session_opts {
	const char *prog;              /* "hz-add": the prefix of its messages */
	const char *register_path;     /* -f REGISTER */
	hz_read_opts read;             /* type (hz-add) and encoding of the register; stdin's reading */
	bool english;                  /* a new register's header in English */
	hz_date today;
	bool quiet;                    /* no summary on stderr */
	hz_diag_format diagnostics;    /* form of the findings */
	bool no_journal;               /* --no-journal: no REGISTER.hzlog entry */
	const char *reporter;          /* hz-edit, hz-progress: REPORTER:ID or --unit, or NULL */
} hz_session_opts;

/* The change to one record hz-edit and hz-progress make: 0, or -1 with a
 * message in err (exit 2, nothing written). */
struct hz_reg;
typedef int (*hz_session_change)(struct hz_reg *g, void *ctx, char *err, size_t errcap);

/* Open the register (of type, or HZ_TYPE_UNKNOWN for any) locked, find the
 * record with the id, apply change, refuse the result if the record's
 * check gets worse, and commit. hazard names the record a hazard in the
 * messages. Returns the exit status: 0, 1 (no such record, several, or
 * invalid after the change) or 2 (failure); messages are on stderr. */
hz_exit hz_session_change_record(const hz_session_opts *o, long id, hz_type type, bool hazard,
				 hz_session_change change, void *ctx);
/* hz-add after its options: the records of the FIELD=VALUE operands, or
 * (from_input) of stdin, checked, appended to the register under its lock
 * and their new ids printed on stdout, which is flushed: when that fails
 * the records are in all the same, and the message says so and names
 * them. Returns the exit status. */
hz_exit hz_session_add_records(const hz_session_opts *o, char **operands, size_t n_operands,
			       bool from_input, bool extend, bool skip_invalid);

HZ_API_END

#endif
