/* record_int.h - (private) the schema and record structures, which libhz
 * reads directly: programs outside it use record.h's functions, so the
 * layout (which follows the field table) is no part of the ABI. */
#ifndef HZ_RECORD_INT_H
#define HZ_RECORD_INT_H
#include <stdint.h>
#include "hz/record.h"

struct hz_schema {
	hz_type type;
	size_t ncols;
	char **names;          /* the header cell as read (or JSON key) */
	hz_key *keys;          /* field of each column, HZ_K_NONE if unknown */
	int col[HZ_KEY_COUNT]; /* column of each key, -1 when absent */
	char *reporter;        /* 填报单位：X from the preamble, or NULL */
	bool from_json;        /* names are English keys, not a header read */
	int refs;
};

struct hz_record {
	hz_schema *schema;
	size_t ncells; /* == schema->ncols */
	hz_str *cells; /* in column order; text owned by the record */
	hz_place place;
	int flags;
	/* bit c (c < 64): cell c holds no quote, CR, LF or plain_delim, so a
	 * CSV writer with that delimiter puts it as it is. Only the fast
	 * scanner sets bits (its unquoted cells); clearing or setting a cell
	 * clears them, so a bit is never wrong, only sometimes missing. */
	uint64_t plain;
	char plain_delim;
	/* storage, managed by record.c */
	char *buf;
	size_t buf_len, buf_cap;
	size_t cells_cap;
	/* what a tool worked out of the record where it was read
	 * (hz_read_opts.prepare), freed with the record by ext_free */
	void *ext;
	void (*ext_free)(void *ext);
};

#endif
