/* register_int.h - what the editing session (register.c) and the byte
 * model that writes its changes (register_bytes.c) share */
#ifndef HZ_REGISTER_INT_H
#define HZ_REGISTER_INT_H
#include <iconv.h>
#include <sys/types.h>

#include "hz/register.h"
#include "hz/safewrite.h"

/* A record to add, in the register's columns. */
typedef struct pending {
	hz_record *rec;
	const char *wrong_type;     /* its type, when not the register's */
	bool refused;
	char *id;                   /* id text, once given */
	/* hz-collect (hz_reg_replace_input): the old record of the reporter
	 * it stands for, -1 none; same: equal to it, nothing to write */
	long replaces;
	bool same;
} pending;

/* Bytes [begin, end) of the register file, as it is on disk. */
typedef struct span {
	off_t begin, end;
} span;

/* A blank template row of the form: its bytes (line end excluded) and
 * its printed 序号. */
typedef struct tmpl_row {
	off_t begin, end;
	off_t next;                 /* after its line end */
	long id;
	long fill;                  /* index of the new record that takes it, or -1 */
} tmpl_row;

struct hz_reg {
	hz_reg_opts o;
	hz_diag *diag;
	hz_reglock *lock;
	char *name;                 /* the path as given: for messages */
	bool is_new;                /* missing, empty or blank when opened */
	hz_format format;
	hz_type type;
	hz_schema *schema;          /* CSV: the header's; JSON: every field */
	size_t file_ncols;          /* columns of the header in the file */
	long header_line;
	char delim;
	bool quote_all;
	long max_id;
	long nrecords;
	hz_validator *v;            /* the register as it is, for new records */
	hz_validator *v_before;     /* the same, for the target as it was */

	/* the byte model (register_bytes.c); every offset is a file offset */
	const char *enc;            /* the register's encoding; NULL: UTF-8 */
	iconv_t to_enc;             /* UTF-8 -> enc, for the rows we write */
	off_t *map_raw, *map_dec;   /* enc: file offset <-> decoded offset */
	size_t nmap;
	off_t dec_size;
	span *recs;                 /* every record's bytes, line end included */
	size_t nrecs, caprecs;
	span *gaps;                 /* bytes between records: blank, template
	                               and footer rows */
	size_t ngaps, capgaps;
	tmpl_row *tmpl;
	size_t ntmpl;
	off_t footer_at;            /* the footer's first byte, or -1 */
	off_t hb, he;               /* the header row, its line end included */
	bool enc_bad;               /* a written character has no place in enc */
	off_t last_end;             /* end of the last record's bytes */
	bool too_many_cells;        /* a record has cells beyond the header */

	pending *add;
	size_t nadd, capadd;
	char **names;               /* input names the new records' places use */
	size_t nnames;

	hz_record *target;
	hz_record *target_before;   /* as it was read */
	long target_count;
	char **target_reporters;    /* distinct reporters having the target's id */
	size_t ntarget_reporters;
	long target_record;         /* its number among the records (from 0) */
	off_t target_begin, target_end;
	bool target_changed;
	/* hz-collect: the records of o.replace as they were, and what
	 * becomes of every record of the file (rec_fate[i]: FATE_KEEP,
	 * FATE_DELETE, or the index of the pending record written over it) */
	struct old_rec {
		size_t rec;         /* its index in recs */
		long id;            /* -1: none */
		hz_record *r;
		bool matched;
	} *old;
	size_t nold, capold;
	long *rec_fate;
	long refused;               /* by hz_reg_check */
	long dropped;               /* input records the reader dropped */
	bool skip_invalid;          /* ... and written without them */
};

enum { FATE_KEEP = -1, FATE_DELETE = -2 };

void hz_reg_say(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* register_bytes.c */
/* Decide the register's encoding (-E, else from its first bytes) and,
 * when it is not UTF-8, map its decoded offsets to file offsets. */
int hz_regb_encoding(hz_reg *g, const char *asked, char *err, size_t cap);
/* The file offset of a decoded offset the reader gave (a line start). */
off_t hz_regb_raw(const hz_reg *g, off_t dec);
/* After the read: the header's place, template rows and footer. */
int hz_regb_layout(hz_reg *g, char *err, size_t cap);
/* Only spaces and line ends in [begin, end)? */
bool hz_regb_blank(hz_reg *g, off_t begin, off_t end);
void hz_regb_free(hz_reg *g);

#endif
