/* roster.h - the enterprise names of a roster file (hz-validate --roster) */
#ifndef HZ_ROSTER_H
#define HZ_ROSTER_H
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/strset.h"
#include "hz/api.h"
HZ_API_BEGIN

/* Load the trimmed enterprise names of the roster at path (read as a
 * roster whatever its header says). NULL after an error finding to d:
 * unreadable, no records, no enterprise column (a register given by
 * mistake), or not one name. ro may be NULL. */
hz_strset *hz_roster_load(const char *path, const hz_read_opts *ro, hz_diag *d);
/* The same for a units file (office.md, --units): the units' names. */
hz_strset *hz_units_load(const char *path, const hz_read_opts *ro, hz_diag *d);
/* The units' names in the file's order (each once), *n of them; NULL
 * after an error finding to d. Free each and the array. */
char **hz_units_list(const char *path, const hz_read_opts *ro, hz_diag *d, size_t *n);

/* Bytes a roster file may have (hz_read_opts.max_bytes): a sub-district's
 * enterprises are a few MB, and /dev/zero never ends. */
#define HZ_ROSTER_MAX (64ll << 20)

HZ_API_END

#endif
