/* office.h - the inputs of the office's documents (hz-notice(1),
 * hz-bulletin(1)), read the one way both read them */
#ifndef HZ_OFFICE_H
#define HZ_OFFICE_H
#include <stdbool.h>
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/record.h"
#include "hz/api.h"
HZ_API_BEGIN

/* What a document reads: a units file (--units, read as units whatever its
 * header says; NULL for none), then the inputs in order. */
typedef struct hz_office_inputs {
	const char *units;
	char *const *paths;
	int npaths;
	const hz_read_opts *read;
} hz_office_inputs;

/* Each record of the inputs handed to add(arg, record) (the record is the
 * reader's, valid during the call). false when an input was not read
 * whole: a document made without it would miss what it holds. */
bool hz_office_read(const hz_office_inputs *in, hz_diag *d,
                    void (*add)(void *arg, const hz_record *r), void *arg);

HZ_API_END

#endif
