/* tally.h - the month-end 调度表: the items of items.h computed from records */
#ifndef HZ_TALLY_H
#define HZ_TALLY_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/record.h"
#include "hz/vocab.h"
#include "hz/api.h"
HZ_API_BEGIN

/* One finished tally: the values of every item of hz_items(), in form order.
 * value[i] is a count, an hz_amount (HZ_AGG_SUM_AMOUNT items: 4.5), or 0/1
 * (4.6: 否/是); value2[i] is an hz_amount (HZ_AGG2_SUM_AMOUNT,
 * HZ_AGG2_SUM_SUB_AMOUNT) or a count (HZ_AGG2_SUM_SUB_COUNT), 0 elsewhere. */
typedef struct hz_tally {
	char *unit;             /* 单位名称 ("" when none) */
	hz_date as_of;
	bool has_since;
	hz_date since;
	long skipped;           /* records that could not be counted */
	long unsourced;         /* hazards found in the window without a source */
	size_t nitems;
	int64_t *value;
	int64_t *value2;
} hz_tally;

#define HZ_TALLY_TOTAL "合计"

/* A zero tally (every item 0 / 否). since may be NULL (unbounded). */
hz_tally *hz_tally_new(const char *unit, hz_date as_of, const hz_date *since);
void hz_tally_set_unit(hz_tally *t, const char *unit);
void hz_tally_free(hz_tally *t);
/* Add `from` into `into` by the merge rules of hz-tally(1): sums (distinct
 * items too), 4.6 是 if either is, 4.7 summed, skipped and unsourced summed.
 * since becomes the wider of the two windows. Returns false, with a message
 * in err, when as_of differs (into is then unchanged). */
bool hz_tally_merge(hz_tally *into, const hz_tally *from, char *err, size_t errcap);

/* What a tally counts. */
typedef struct hz_tally_opts {
	hz_date as_of;
	bool has_since;
	hz_date since;
	hz_source default_source;  /* --default-source, else HZ_SOURCE_NONE */
	bool by_reporter;          /* one tally per reporter, in order of first appearance */
	bool total;                /* with by_reporter: one more, 合计, merging them */
	const char *unit;          /* --unit (without by_reporter), or NULL */
} hz_tally_opts;

/* The streaming computation: records in, tallies out. Memory grows only
 * with the distinct enterprises and subjects (and the reporters). */
typedef struct hz_tallier hz_tallier;

/* d receives one warning (rule "skipped") per record left out. */
hz_tallier *hz_tallier_new(const hz_tally_opts *o, hz_diag *d);
/* Count one record (hazard, check or activity; others are ignored). */
void hz_tallier_add(hz_tallier *t, const hz_record *r);
/* n records that the reader dropped whole (hz_reader_dropped; it reported
 * each): counted in skipped, in the one tally, or with by_reporter in the
 * group "" of records without a reporter (made if need be). */
void hz_tallier_skip(hz_tallier *t, long n);
/* The tallies, in order: the one tally, or the reporters' (the group ""
 * alone when there were none) then 合计. Owned
 * by the tallier, valid until hz_tallier_free. Call once, after the last add. */
hz_tally *const *hz_tallier_finish(hz_tallier *t, size_t *count);
/* Without by_reporter: how many reporters (填报单位) the records named —
 * 0, 1, or 2 for two or more — and the first two of them (NULL when none). */
size_t hz_tallier_reporters(const hz_tallier *t, const char **first, const char **second);
void hz_tallier_free(hz_tallier *t);

/* Tally documents: the JSON form of hz-tally(1). */

/* Parse one document from text (which may hold more after it: documents
 * are written one a line). On success returns the tally and sets *used to
 * the bytes consumed; NULL with a message in err otherwise. *used is 0
 * when only white space is left. */
hz_tally *hz_tally_parse(const char *text, size_t n, size_t *used,
			 char *err, size_t errcap);

/* Largest tally document --merge reads: one is about 2 KB, and a unit's
 * name at most a cell (32,767 characters). */
#define HZ_TALLY_DOC_MAX (1024 * 1024)

/* Read every tally document of a file (NULL or "-": stdin) and merge each
 * into *acc (the first one read becomes *acc when it is NULL), one document
 * in memory at a time. Findings go to d: io (fatal), bad-tally (not a JSON
 * object, longer than HZ_TALLY_DOC_MAX, not a tally, or no document at all)
 * and as-of-mismatch (errors), with the line the document starts on.
 * Returns the number of documents (at least 1), or -1 after a finding. */
long hz_tally_merge_file(const char *path, hz_tally **acc, hz_diag *d);
/* The same, telling seen of each document before it is merged; seen
 * returns false to stop (the document is not merged; -1 is returned). */
long hz_tally_merge_file_each(const char *path, hz_tally **acc, hz_diag *d,
			      bool (*seen)(const hz_tally *t, void *arg), void *arg);

typedef struct hz_tally_write_opts {
	bool english;           /* --lang en: CSV header, sections and labels */
	bool crlf;              /* CSV line ends */
	bool bom;               /* CSV UTF-8 BOM */
	bool excel;             /* CSV: a ' before a 单位名称 that would run as a
	                           formula (hz-fmt --excel's guard) */
} hz_tally_write_opts;

/* Each returns 0, or -1 when the stream reports an error. */
int hz_tally_write_json(FILE *out, const hz_tally *t);
int hz_tally_write_csv_header(FILE *out, const hz_tally_write_opts *o);
int hz_tally_write_csv(FILE *out, const hz_tally *t, const hz_tally_write_opts *o);
int hz_tally_write_table(FILE *out, const hz_tally *t, const hz_tally_write_opts *o);

/* The report periods of hz-tally's options: the last day of --month
 * YYYY-MM, of --quarter YYYYQn, and of the month before `today`. */
bool hz_tally_month_end(const char *arg, hz_date *out);
bool hz_tally_quarter_end(const char *arg, hz_date *out);
hz_date hz_tally_default_as_of(hz_date today);

HZ_API_END

#endif
