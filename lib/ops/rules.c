/* rules.c - the rule table of hz-validate(1) and the validator that walks it */
/*
 * Each rule is one row: id, severity, record type, check function and its
 * meaning in Chinese and English (man/hz-validate.1 is generated from
 * them). File-level rows have no check: the reader emits those.
 *
 * Decisions where hz-validate(1) leaves room:
 * - a cell of spaces (or U+3000) only is empty for every rule;
 * - a rule about an extension column the input lacks (source, listed,
 *   owner, funds, plan, extension, reporter) is skipped (hz-formats(5): a
 *   register may lack any of them). A column of the form itself that is
 *   absent is empty: done-without-date fires without a done_date column,
 *   progress-mismatch counts an absent progress or progress_date as 0
 *   lines. A required column that is absent was reported once by the
 *   reader (header-missing), so required does not repeat it for every
 *   record. five-implementations checks only the fields whose columns
 *   exist, as hz-validate(1) says. needs-subject and needs-value are about
 *   what the item needs, so they fire without the column too;
 * - progress_date holds a date a line; blank lines are entries without a
 *   date. bad-date, date-before-check and future-date give one finding
 *   for the field, naming the first offending line;
 * - progress-order compares the valid dates only; equal days are in order;
 * - duplicate-id compares ids as numbers ("07" is 7); duplicate-hazard
 *   compares trimmed unit and hazard text and the check day (its trimmed
 *   text when it is not a date), kept as 64-bit hashes.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/items.h"
#include "hz/reader.h"
#include "hz/i18n.h"
#include "hz/rules.h"
#include "hz/vocab.h"
#include "xalloc.h"
#include "record_int.h"

/* Ids below this are kept in a bitset (2 MB at most); larger ones by value
 * in a hash set, so a stray huge id cannot make us allocate much. */
#define ID_BITS_MAX (1L << 24)

struct hz_validator {
	hz_validate_opts opts;
	char today[11]; /* opts.today as YYYY-MM-DD */
	hz_diag *diag;
	const hz_rule *rule; /* the row being checked */
	int errors;          /* errors found for the current record */
	/* the date fields of every type, and the date cells of the current
	 * record, each parsed once */
	struct date_field *dates;
	size_t ndates;
	struct date_scan *scans;
	unsigned char *scanned;
	size_t type_dates[HZ_TYPE_COUNT][2]; /* first index, count, by type */
	size_t most_dates;                   /* the largest such count */
	size_t type_rules[HZ_TYPE_COUNT][2]; /* rows of rules[] by type: from, to */
	/* what duplicate-id, duplicate-hazard and duplicate-enterprise
	 * remember of the current file */
	unsigned char *ids;
	size_t ids_cap; /* bytes */
	hz_hashset *big_ids;
	hz_hashset *hazards; /* hashes of (unit, hazard, check_date) */
	hz_strset *enterprises;
	hz_strset *texts; /* a tip's 登记编号, a notice's 文号 */
	/* unknown-hazard: "ID" and "REPORTER:ID" of the hazards of every
	 * input so far (only with opts.hazard_refs) */
	hz_strset *hazard_refs;
	/* the street database (office.md): ids per reporter, and which
	 * reporter first had each hazard key (to name both units) */
	hz_hashset *reporter_ids; /* hashes of (reporter, id) */
	char **reporters;         /* distinct reporters seen */
	size_t nreporters;
	uint64_t *hz_keys; /* hazard key -> reporter index + 1, open addressing */
	uint32_t *hz_who;
	size_t hz_cap, hz_n;
	/* the current record's cell of each key (HZ_STR_NONE where its
	 * schema has no such column), as read and trimmed: the rules ask for
	 * the same cells some sixty times a row */
	hz_str raw[HZ_KEY_COUNT], cell[HZ_KEY_COUNT];
	hz_key loaded[HZ_KEY_COUNT]; /* the keys set for it */
	/* the columns load_cells reads, worked out once a schema */
	hz_schema *cols_of; /* held, so that its address is not reused */
	size_t cols_ncols;  /* its columns then (hz_schema_add appends) */
	struct {
		size_t col;
		hz_key key;
	} cols[HZ_KEY_COUNT];
	size_t ncols;
	hz_stage stage; /* its stage, once stage_known */
	bool stage_known;
	size_t nloaded;
	/* its duplicate-hazard key, made before the rules run so that the
	 * set's memory is fetched while they do */
	uint64_t hazard_key;
	bool have_hazard_key;
	size_t progress_lines[2]; /* lines of progress, progress_date */
	bool have_progress_lines; /* (when its reader counted them) */
};

/* ---- the current record's cells ---- */

/* hz_trim, without the call for a cell that neither starts nor ends with
 * a space (most do not; U+3000 is E3 80 80) */
static inline hz_str trimmed(hz_str a)
{
	if (a.n == 0)
		return a;
	unsigned char first = (unsigned char)a.s[0], last = (unsigned char)a.s[a.n - 1];
	if (first != ' ' && first != '\t' && first != 0xE3 && last != ' ' && last != '\t' &&
	    last != 0x80)
		return a;
	return hz_trim(a);
}

static void load_cells(hz_validator *v, const hz_record *r)
{
	hz_schema *s = r->schema;

	v->stage_known = false;
	/* forget the keys of the record before (its schema may differ) */
	for (size_t i = 0; i < v->nloaded; i++)
		v->raw[v->loaded[i]] = v->cell[v->loaded[i]] = HZ_STR_NONE;
	v->nloaded = 0;
	if (v->cols_of != s || (s && v->cols_ncols != s->ncols)) {
		/* each key's first column; the reporter is hz_get's (below) */
		v->ncols = 0;
		for (size_t c = 0; s && c < s->ncols && v->ncols < HZ_KEY_COUNT - 1; c++) {
			hz_key k = s->keys[c];
			if (k == HZ_K_NONE || s->col[k] != (int)c || k == HZ_K_REPORTER)
				continue;
			v->cols[v->ncols].col = c;
			v->cols[v->ncols++].key = k;
		}
		if (s)
			hz_schema_ref(s);
		hz_schema_unref(v->cols_of);
		v->cols_of = s;
		v->cols_ncols = s ? s->ncols : 0;
	}
	for (size_t i = 0; i < v->ncols; i++) {
		size_t c = v->cols[i].col;
		hz_key k = v->cols[i].key;

		v->raw[k] = c < r->ncells ? r->cells[c] : (hz_str){ "", 0 }; /* hz_get */
		v->cell[k] = trimmed(v->raw[k]);
		v->loaded[i] = k;
	}
	v->nloaded = v->ncols;
	/* the reporter may come from the title rows (hz_get) */
	v->raw[HZ_K_REPORTER] = hz_get(r, HZ_K_REPORTER);
	v->cell[HZ_K_REPORTER] = trimmed(v->raw[HZ_K_REPORTER]);
	v->loaded[v->nloaded++] = HZ_K_REPORTER;
}

/* The cell as read, for rules that count its lines or quote it. */
static hz_str raw(const hz_validator *v, hz_key k)
{
	return v->raw[k];
}

/* The cell trimmed. */
static hz_str cell(const hz_validator *v, hz_key k)
{
	return v->cell[k];
}

/* The record's stage, looked up once however many rules ask. */
static hz_stage stage(hz_validator *v)
{
	if (!v->stage_known) {
		v->stage = hz_stage_of(raw(v, HZ_K_STAGE));
		v->stage_known = true;
	}
	return v->stage;
}

/* Present and not blank (hz_filled). */
static bool filled(const hz_validator *v, hz_key k)
{
	return v->cell[k].n > 0;
}

/* ---- messages ---- */

/* Findings quote cells (hz_quote) and name fields as every tool does. */
static const char *header(const hz_record *r, hz_key k)
{
	return hz_field_header(r->schema->type, k);
}

static void report(hz_validator *v, const hz_record *r, hz_key field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void report(hz_validator *v, const hz_record *r, hz_key field, const char *fmt, ...)
{
	va_list ap;

	/* the row being checked gives the severity: hz_rule_report's lookup
	 * without the search */
	va_start(ap, fmt);
	hz_diag_vrecord(v->diag, r, v->rule->rule, field, fmt, ap);
	va_end(ap);
	if (hz_rule_id_severity(v->rule->rule) != HZ_WARNING)
		v->errors++;
}

/* ---- dates ---- */

/* A date field of some type and how it is parsed: the field table's DATE
 * and DATES fields, each with its flags (HZ_F_AFTER_CHECK, ...), gathered
 * when a validator is made. */
struct date_field {
	hz_type type;
	hz_key key;
	int parse;  /* hz_date_parse flags */
	int checks; /* the field's HZ_F_* flags */
	bool lines; /* HZ_KIND_DATES: a date a line */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What one date cell holds. A progress_date cell holds a date a line;
 * blank lines in it are entries without a date, not errors. */
typedef struct date_scan {
	int parse;
	size_t dates, bad; /* non-blank lines; of those, not dates */
	size_t bad_line;   /* first bad one, 1-based */
	hz_str bad_text;
	hz_date min, max;
	hz_str min_text, max_text;
	bool have_prev;
	hz_date prev;
	hz_str prev_text;
	size_t order_line; /* first date earlier than the one before */
	hz_str order_text, order_prev_text;
} date_scan;

static void scan_line(hz_str line, size_t index, void *arg)
{
	date_scan *s = arg;
	hz_date d;

	if (hz_blank(line))
		return;
	s->dates++;
	if (!hz_date_parse(line, s->parse, &d)) {
		if (s->bad++ == 0) {
			s->bad_line = index + 1;
			s->bad_text = line;
		}
		return;
	}
	if (!s->min_text.s || d < s->min) {
		s->min = d;
		s->min_text = line;
	}
	if (!s->max_text.s || d > s->max) {
		s->max = d;
		s->max_text = line;
	}
	if (s->have_prev && d < s->prev && s->order_line == 0) {
		s->order_line = index + 1;
		s->order_text = line;
		s->order_prev_text = s->prev_text;
	}
	s->have_prev = true;
	s->prev = d;
	s->prev_text = line;
}

static void scan_dates(const struct date_field *f, hz_str cell, date_scan *s)
{
	memset(s, 0, sizeof *s);
	s->parse = f->parse;
	if (hz_blank(cell))
		return;
	if (f->lines)
		hz_lines(cell, scan_line, s);
	else
		scan_line(cell, 0, s);
}

/* The date fields of r's type lie together in v->dates: the loops over
 * them go from the first to the last. */
#define DATES_OF(v, r) ((v)->type_dates[(r)->schema->type][0])
#define DATES_END(v, r) (DATES_OF(v, r) + (v)->type_dates[(r)->schema->type][1])

/* The scan of v->dates[i] for the current record: each date cell is
 * parsed once however many rules look at it. */
static const date_scan *field_scan(hz_validator *v, size_t i)
{
	if (!v->scanned[i]) {
		scan_dates(&v->dates[i], raw(v, v->dates[i].key), &v->scans[i]);
		v->scanned[i] = 1;
	}
	return &v->scans[i];
}

/* The scan of date field k of r's type, or NULL when it has none. */
static const date_scan *scan_of(hz_validator *v, const hz_record *r, hz_key k)
{
	const size_t *range = v->type_dates[r->schema->type];

	for (size_t i = range[0]; i < range[0] + range[1]; i++)
		if (v->dates[i].key == k)
			return field_scan(v, i);
	return NULL;
}

/* A single date field when it holds a valid date. */
static bool valid_day(hz_validator *v, const hz_record *r, hz_key k, hz_date *out)
{
	const date_scan *s = scan_of(v, r, k);

	if (!s || s->dates != 1 || s->bad != 0)
		return false;
	*out = s->min;
	return true;
}

/* check_date when it is a valid date. */
static bool check_day(hz_validator *v, const hz_record *r, hz_date *out)
{
	return valid_day(v, r, HZ_K_CHECK_DATE, out);
}

/* ---- the checks ---- */

/* A missing column was reported once by the reader (header-missing);
 * only a present, empty cell is reported here. */
static void check_required(hz_validator *v, const hz_record *r)
{
	size_t n;
	const hz_field *f = hz_fields(r->schema->type, &n);

	/* the field table's REQ flag says which: the same columns the reader
	 * reports as header-missing */
	for (size_t i = 0; i < n; i++) {
		hz_key k = f[i].key;

		if (!(f[i].flags & HZ_F_REQUIRED_COLUMN) || !hz_has(r, k) || filled(v, k))
			continue;
		report(v, r, k, "%s is empty", header(r, k));
	}
}

/* The id as a positive integer. */
static bool id_value(const hz_validator *v, long *id)
{
	return filled(v, HZ_K_ID) && hz_count_parse(raw(v, HZ_K_ID), id) && *id > 0;
}

static void check_bad_id(hz_validator *v, const hz_record *r)
{
	long id;
	hz_quoted q;

	if (!filled(v, HZ_K_ID) || id_value(v, &id))
		return;
	report(v, r, HZ_K_ID, "%s '%s' is not a positive integer", header(r, HZ_K_ID),
	       hz_quote(raw(v, HZ_K_ID), &q));
}

/* True when id was not seen yet in this file. */
static bool remember_id(hz_validator *v, long id)
{
	size_t byte;
	unsigned char bit;

	if (id >= ID_BITS_MAX) {
		if (!v->big_ids)
			v->big_ids = hz_hashset_new();
		return hz_hashset_add(v->big_ids, (uint64_t)id);
	}
	byte = (size_t)id / 8;
	bit = (unsigned char)(1u << (id % 8));
	if (byte >= v->ids_cap) {
		size_t cap = v->ids_cap ? v->ids_cap : 256;
		unsigned char *p;

		while (cap <= byte)
			cap *= 2;
		if (!(p = realloc(v->ids, cap)))
			hz_out_of_memory();
		memset(p + v->ids_cap, 0, cap - v->ids_cap);
		v->ids = p;
		v->ids_cap = cap;
	}
	if (v->ids[byte] & bit)
		return false;
	v->ids[byte] |= bit;
	return true;
}

/* True when (reporter, id) was not seen yet: the 序号 is the unit's own
 * in a street database (office.md); records without a reporter form one
 * group, the plain id set. */
static bool remember_reporter_id(hz_validator *v, long id)
{
	hz_str who = cell(v, HZ_K_REPORTER);

	if (who.n == 0)
		return remember_id(v, id);
	if (!v->reporter_ids)
		v->reporter_ids = hz_hashset_new();
	uint64_t h = hz_hash64(who.s, who.n, 0x7265706f72746572ULL);
	return hz_hashset_add(v->reporter_ids, hz_hash64(&id, sizeof id, h));
}

static void check_duplicate_id(hz_validator *v, const hz_record *r)
{
	long id;
	hz_quoted q;

	if (!id_value(v, &id) || remember_reporter_id(v, id))
		return;
	if (filled(v, HZ_K_REPORTER))
		report(v, r, HZ_K_ID, "%s '%ld' of %s '%s' is used by an earlier record",
		       header(r, HZ_K_ID), id, header(r, HZ_K_REPORTER),
		       hz_quote(cell(v, HZ_K_REPORTER), &q));
	else
		report(v, r, HZ_K_ID, "%s '%ld' is used by an earlier record", header(r, HZ_K_ID),
		       id);
}

/* Progress dates: one finding for the field, naming the first bad line. */
static void check_bad_date(hz_validator *v, const hz_record *r)
{
	for (size_t i = DATES_OF(v, r); i < DATES_END(v, r); i++) {
		const struct date_field *f = &v->dates[i];
		const date_scan *s;
		hz_quoted q;
		hz_date serial;
		char day[11];

		s = field_scan(v, i);
		if (s->bad == 0)
			continue;
		if (f->lines)
			report(v, r, f->key, "%s '%s' (line %zu of the cell) is not a date",
			       header(r, f->key), hz_quote(s->bad_text, &q), s->bad_line);
		else if (hz_date_excel_serial(s->bad_text, &serial)) {
			hz_date_format(serial, day);
			report(v, r, f->key,
			       "%s '%s' is not a date; as an Excel day number it is %s "
			       "(format the cell as a date)",
			       header(r, f->key), hz_quote(s->bad_text, &q), day);
		} else
			report(v, r, f->key, "%s '%s' is not a date", header(r, f->key),
			       hz_quote(s->bad_text, &q));
	}
}

static void check_date_before_check(hz_validator *v, const hz_record *r)
{
	hz_date check;
	hz_quoted q1, q2;

	if (!check_day(v, r, &check))
		return;
	for (size_t i = DATES_OF(v, r); i < DATES_END(v, r); i++) {
		const struct date_field *f = &v->dates[i];
		const date_scan *s;

		if (!(f->checks & HZ_F_AFTER_CHECK))
			continue;
		s = field_scan(v, i);
		if (!s->min_text.s || s->min >= check)
			continue;
		report(v, r, f->key, "%s '%s' is before %s '%s'", header(r, f->key),
		       hz_quote(s->min_text, &q1), header(r, HZ_K_CHECK_DATE),
		       hz_quote(raw(v, HZ_K_CHECK_DATE), &q2));
	}
}

static void check_future_date(hz_validator *v, const hz_record *r)
{
	for (size_t i = DATES_OF(v, r); i < DATES_END(v, r); i++) {
		const struct date_field *f = &v->dates[i];
		const date_scan *s;
		hz_quoted q;

		if (!(f->checks & HZ_F_NOT_FUTURE))
			continue;
		s = field_scan(v, i);
		if (!s->max_text.s || s->max <= v->opts.today)
			continue;
		report(v, r, f->key, "%s '%s' is after today %s", header(r, f->key),
		       hz_quote(s->max_text, &q), v->today);
	}
}

/* A vocabulary field: the word must be known (after aliases). */
static void check_word(hz_validator *v, const hz_record *r, hz_key k,
                       const char *(*canonical)(hz_str), const char *expect)
{
	hz_quoted q;

	if (!filled(v, k) || canonical(raw(v, k)))
		return;
	report(v, r, k, "%s '%s' is not %s", header(r, k), hz_quote(raw(v, k), &q), HZ_(expect));
}

static void check_bad_level(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_LEVEL, hz_level_canonical, HZ_N_("市 or 县区"));
}

static void check_bad_stage(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_STAGE, hz_stage_canonical,
	           HZ_N_("one of 未整改, 整改中, 已整改, 已销号"));
}

static void check_bad_source(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_SOURCE, hz_source_canonical, HZ_N_("企业自查 or 部门检查"));
}

static void check_unknown_domain(hz_validator *v, const hz_record *r)
{
	hz_str cell = raw(v, HZ_K_DOMAIN);
	hz_quoted q;

	if (!filled(v, HZ_K_DOMAIN) || hz_domain_canonical(cell) ||
	    (v->opts.domains && hz_domains_has(v->opts.domains, cell)))
		return;
	report(v, r, HZ_K_DOMAIN, "%s '%s' is not a known domain", header(r, HZ_K_DOMAIN),
	       hz_quote(cell, &q));
}

static void check_bad_listed(hz_validator *v, const hz_record *r)
{
	hz_str cell = raw(v, HZ_K_LISTED);
	bool yes;
	hz_date d;
	hz_quoted q;

	if (!filled(v, HZ_K_LISTED) || hz_flag_parse(cell, &yes) || hz_date_parse(cell, 0, &d))
		return;
	report(v, r, HZ_K_LISTED, "%s '%s' is not 是, 否 or a date", header(r, HZ_K_LISTED),
	       hz_quote(cell, &q));
}

static void bad_amount(hz_validator *v, const hz_record *r, hz_key k)
{
	hz_amount a;
	hz_quoted q;

	if (!filled(v, k) || hz_amount_parse(raw(v, k), &a))
		return;
	report(v, r, k, "%s '%s' is not an amount >= 0 with at most 4 decimal places", header(r, k),
	       hz_quote(raw(v, k), &q));
}

static void check_hazard_amount(hz_validator *v, const hz_record *r)
{
	bad_amount(v, r, HZ_K_FUNDS);
}

static void check_extension(hz_validator *v, const hz_record *r)
{
	hz_str ext = raw(v, HZ_K_EXTENSION), dl = raw(v, HZ_K_DEADLINE);
	hz_date e, d;
	hz_quoted q1, q2;

	if (!valid_day(v, r, HZ_K_EXTENSION, &e) || !valid_day(v, r, HZ_K_DEADLINE, &d) || e > d)
		return;
	report(v, r, HZ_K_EXTENSION, "%s '%s' is not later than %s '%s'", header(r, HZ_K_EXTENSION),
	       hz_quote(ext, &q1), header(r, HZ_K_DEADLINE), hz_quote(dl, &q2));
}

static void check_listed_before_check(hz_validator *v, const hz_record *r)
{
	hz_str cell = raw(v, HZ_K_LISTED);
	hz_date listed, check;
	bool yes;
	hz_quoted q1, q2;

	if (!filled(v, HZ_K_LISTED) || hz_flag_parse(cell, &yes) ||
	    !hz_date_parse(cell, 0, &listed) || !check_day(v, r, &check) || listed >= check)
		return;
	report(v, r, HZ_K_LISTED, "%s '%s' is before %s '%s'", header(r, HZ_K_LISTED),
	       hz_quote(cell, &q1), header(r, HZ_K_CHECK_DATE),
	       hz_quote(raw(v, HZ_K_CHECK_DATE), &q2));
}

static void check_done_without_date(hz_validator *v, const hz_record *r)
{
	hz_quoted q;

	/* done_date is a column of the form: absent, it is empty. */
	if (filled(v, HZ_K_DONE_DATE) || !hz_stage_rectified(stage(v)))
		return;
	report(v, r, HZ_K_DONE_DATE, "%s is '%s' but %s is empty", header(r, HZ_K_STAGE),
	       hz_quote(raw(v, HZ_K_STAGE), &q), header(r, HZ_K_DONE_DATE));
}

static void check_date_without_done(hz_validator *v, const hz_record *r)
{
	hz_stage st = stage(v);
	hz_quoted q1, q2;

	if (!filled(v, HZ_K_DONE_DATE) || (st != HZ_STAGE_OPEN && st != HZ_STAGE_WORKING))
		return;
	report(v, r, HZ_K_DONE_DATE, "%s '%s' is set but %s is '%s'", header(r, HZ_K_DONE_DATE),
	       hz_quote(raw(v, HZ_K_DONE_DATE), &q1), header(r, HZ_K_STAGE),
	       hz_quote(raw(v, HZ_K_STAGE), &q2));
}

/* 五落实: who, how, money, when, and the emergency plan. */
static const hz_key five_keys[] = {
	HZ_K_OWNER, HZ_K_MEASURES, HZ_K_FUNDS, HZ_K_DEADLINE, HZ_K_PLAN,
};

static void check_five(hz_validator *v, const hz_record *r)
{
	hz_date check, done;

	/* Rectified on its check day: nothing needed time, so nothing to plan. */
	if (filled(v, HZ_K_DONE_DATE) &&
	    !(check_day(v, r, &check) && valid_day(v, r, HZ_K_DONE_DATE, &done) && done > check))
		return;
	for (size_t i = 0; i < NELEM(five_keys); i++) {
		hz_key k = five_keys[i];

		if (!hz_has(r, k) || filled(v, k))
			continue;
		report(v, r, k, "%s is empty for a hazard not rectified on its check day",
		       header(r, k));
	}
}

static void check_progress_mismatch(hz_validator *v, const hz_record *r)
{
	/* Both are columns of the form: an absent one has 0 lines, so a
	 * register without progress_date but with progress text is flagged;
	 * without either there is nothing to pair (0 = 0). */
	size_t texts = v->have_progress_lines ? v->progress_lines[0]
	                                      : hz_line_count(raw(v, HZ_K_PROGRESS));
	size_t dates = v->have_progress_lines ? v->progress_lines[1]
	                                      : hz_line_count(raw(v, HZ_K_PROGRESS_DATE));

	if (texts == dates)
		return;
	report(v, r, HZ_K_PROGRESS, "%s has %zu lines but %s has %zu", header(r, HZ_K_PROGRESS),
	       texts, header(r, HZ_K_PROGRESS_DATE), dates);
}

static void check_progress_order(hz_validator *v, const hz_record *r)
{
	const date_scan *s = scan_of(v, r, HZ_K_PROGRESS_DATE);
	hz_quoted q1, q2;

	if (!s || s->order_line == 0)
		return;
	report(v, r, HZ_K_PROGRESS_DATE,
	       "%s '%s' (line %zu of the cell) is "
	       "earlier than '%s' before it",
	       header(r, HZ_K_PROGRESS_DATE), hz_quote(s->order_text, &q1), s->order_line,
	       hz_quote(s->order_prev_text, &q2));
}

/* The key of duplicate-hazard: a 64-bit hash of the trimmed unit and hazard
 * text and the check day (its text when it is not a date). */
static bool hazard_key_of(hz_str unit, hz_str text, hz_str day, const date_scan *check, uint64_t *h)
{
	int32_t di;

	if (unit.n == 0 || text.n == 0 || day.n == 0)
		return false;
	*h = hz_hash64(unit.s, unit.n, 0x68617a617264ULL);
	*h = hz_hash64(text.s, text.n, *h);
	if (check && check->dates == 1 && check->bad == 0) { /* check_day */
		di = check->min;
		*h = hz_hash64(&di, sizeof di, *h);
	} else {
		*h = hz_hash64(day.s, day.n, ~*h);
	}
	return true;
}

static bool hazard_key(hz_validator *v, const hz_record *r, uint64_t *h)
{
	return hazard_key_of(cell(v, HZ_K_UNIT), cell(v, HZ_K_HAZARD), cell(v, HZ_K_CHECK_DATE),
	                     scan_of(v, r, HZ_K_CHECK_DATE), h);
}

/* The index + 1 of reporter who among those seen (added when new). */
static uint32_t reporter_no(hz_validator *v, hz_str who)
{
	for (size_t i = 0; i < v->nreporters; i++)
		if (strlen(v->reporters[i]) == who.n && memcmp(v->reporters[i], who.s, who.n) == 0)
			return (uint32_t)i + 1;
	v->reporters = hz_xrealloc(v->reporters, (v->nreporters + 1) * sizeof *v->reporters);
	v->reporters[v->nreporters++] = hz_xstrndup(who.s, who.n);
	return (uint32_t)v->nreporters;
}

/* The slot of hazard key h in the key -> first reporter map. */
static size_t who_slot(const hz_validator *v, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 29)) & (v->hz_cap - 1);

	while (v->hz_who[i] && v->hz_keys[i] != h)
		i = (i + 1) & (v->hz_cap - 1);
	return i;
}

/* Remember that the current record's reporter (when it has one) had
 * hazard key h first; return the first reporter's index + 1 (0: none). */
static uint32_t first_reporter(hz_validator *v, uint64_t h)
{
	hz_str who = cell(v, HZ_K_REPORTER);

	if (who.n == 0)
		return 0;
	if (2 * (v->hz_n + 1) > v->hz_cap) {
		uint64_t *ok = v->hz_keys;
		uint32_t *ow = v->hz_who;
		size_t oc = v->hz_cap;
		v->hz_cap = oc ? oc * 2 : 1024;
		v->hz_keys = hz_xcalloc(v->hz_cap, sizeof *v->hz_keys);
		v->hz_who = hz_xcalloc(v->hz_cap, sizeof *v->hz_who);
		for (size_t i = 0; i < oc; i++)
			if (ow[i]) {
				size_t j = who_slot(v, ok[i]);
				v->hz_keys[j] = ok[i];
				v->hz_who[j] = ow[i];
			}
		free(ok);
		free(ow);
	}
	size_t i = who_slot(v, h);
	if (!v->hz_who[i]) {
		v->hz_keys[i] = h;
		v->hz_who[i] = reporter_no(v, who);
		v->hz_n++;
	}
	return v->hz_who[i];
}

static void check_duplicate_hazard(hz_validator *v, const hz_record *r)
{
	if (!v->have_hazard_key)
		return;
	bool fresh = hz_hashset_add(v->hazards, v->hazard_key);
	uint32_t first = first_reporter(v, v->hazard_key);
	hz_str who = cell(v, HZ_K_REPORTER);
	hz_quoted q1, q2;

	if (fresh)
		return;
	/* the same hazard reported by two units of a street database: one
	 * hazard reported twice, and the warning names both */
	if (first && (strlen(v->reporters[first - 1]) != who.n ||
	              memcmp(v->reporters[first - 1], who.s, who.n) != 0))
		report(v, r, HZ_K_NONE,
		       "an earlier record of %s '%s' has the same %s, %s and %s as "
		       "this one of '%s'",
		       header(r, HZ_K_REPORTER), hz_quote(hz_str_c(v->reporters[first - 1]), &q1),
		       header(r, HZ_K_UNIT), header(r, HZ_K_HAZARD), header(r, HZ_K_CHECK_DATE),
		       hz_quote(who, &q2));
	else
		report(v, r, HZ_K_NONE, "an earlier record has the same %s, %s and %s",
		       header(r, HZ_K_UNIT), header(r, HZ_K_HAZARD), header(r, HZ_K_CHECK_DATE));
}

static void check_bad_flag(hz_validator *v, const hz_record *r)
{
	size_t n;
	const hz_field *f = hz_fields(r->schema->type, &n);

	for (size_t i = 0; i < n; i++) {
		bool yes;
		hz_quoted q;

		if (f[i].kind != HZ_KIND_FLAG || !filled(v, f[i].key) ||
		    hz_flag_parse(raw(v, f[i].key), &yes))
			continue;
		report(v, r, f[i].key, "%s '%s' is not a flag word such as 是 or 否", f[i].header,
		       hz_quote(raw(v, f[i].key), &q));
	}
}

static void check_unknown_enterprise(hz_validator *v, const hz_record *r)
{
	hz_str name = cell(v, HZ_K_ENTERPRISE);
	hz_quoted q;

	if (!v->opts.roster || name.n == 0 || hz_strset_has(v->opts.roster, name.s, name.n))
		return;
	report(v, r, HZ_K_ENTERPRISE, "%s '%s' is not on the roster", header(r, HZ_K_ENTERPRISE),
	       hz_quote(name, &q));
}

/* ---- duty ---- */

static void check_unknown_duty(hz_validator *v, const hz_record *r)
{
	const hz_schedule *s = v->opts.schedule ? v->opts.schedule : hz_schedule_default();
	hz_quoted q;

	if (!filled(v, HZ_K_DUTY) || hz_schedule_match(s, raw(v, HZ_K_DUTY)))
		return;
	report(v, r, HZ_K_DUTY, "%s '%s' is neither a code nor a label of the schedule",
	       header(r, HZ_K_DUTY), hz_quote(raw(v, HZ_K_DUTY), &q));
}

/* ---- units and submissions (office.md) ---- */

static const char *const unit_kinds[] = { "社区", "部门" };

static void check_bad_unit_kind(hz_validator *v, const hz_record *r)
{
	hz_str k = cell(v, HZ_K_KIND);
	hz_quoted q;

	if (k.n == 0)
		return;
	for (size_t i = 0; i < NELEM(unit_kinds); i++)
		if (strlen(unit_kinds[i]) == k.n && memcmp(unit_kinds[i], k.s, k.n) == 0)
			return;
	report(v, r, HZ_K_KIND, "%s '%s' is neither 社区 nor 部门", header(r, HZ_K_KIND),
	       hz_quote(raw(v, HZ_K_KIND), &q));
}

static void check_duplicate_unit(hz_validator *v, const hz_record *r)
{
	hz_str name = cell(v, HZ_K_NAME);
	hz_quoted q;

	if (name.n == 0 || hz_strset_add(v->enterprises, name.s, name.n))
		return;
	report(v, r, HZ_K_NAME, "%s '%s' is listed earlier", header(r, HZ_K_NAME),
	       hz_quote(name, &q));
}

static const hz_schedule *schedule_of(const hz_validator *v)
{
	return v->opts.schedule ? v->opts.schedule : hz_schedule_default();
}

static bool is_register(hz_str material)
{
	return material.n == strlen(HZ_MATERIAL_REGISTER) &&
	       memcmp(material.s, HZ_MATERIAL_REGISTER, material.n) == 0;
}

static void check_unknown_material(hz_validator *v, const hz_record *r)
{
	hz_str m = cell(v, HZ_K_MATERIAL);
	hz_quoted q;

	if (m.n == 0 || is_register(m) || hz_schedule_material(schedule_of(v), m))
		return;
	report(v, r, HZ_K_MATERIAL,
	       "%s '%s' is neither register nor a code or label of a unit or "
	       "office row of the schedule",
	       header(r, HZ_K_MATERIAL), hz_quote(raw(v, HZ_K_MATERIAL), &q));
}

/* The period fits the row's every (a register's: empty or a month); a
 * material shared by rows of different periods fits any of them. */
static void check_bad_period(hz_validator *v, const hz_record *r)
{
	hz_str m = cell(v, HZ_K_MATERIAL), p = cell(v, HZ_K_PERIOD);
	const hz_schedule *s = schedule_of(v);
	hz_period cal;
	size_t nrows;
	hz_quoted q, q2;

	if (!filled(v, HZ_K_MATERIAL))
		return;
	if (is_register(m)) {
		if (p.n == 0 || hz_period_code_parse(HZ_EVERY_MONTH, p.s, p.n, &cal))
			return;
	} else {
		uint64_t codes = hz_schedule_match(s, m);
		const hz_duty_row *rows = hz_schedule_rows(s, &nrows);
		if (!hz_schedule_material(s, m))
			return; /* unknown-material says it */
		for (size_t i = 0; i < nrows; i++)
			if (hz_duty_row_submitted(&rows[i]) &&
			    (codes & ((uint64_t)1 << rows[i].code_index)) &&
			    hz_period_code_parse(rows[i].every, p.s, p.n, &cal))
				return;
	}
	if (p.n == 0)
		report(v, r, HZ_K_PERIOD, "%s is empty: %s '%s' is due by period",
		       header(r, HZ_K_PERIOD), header(r, HZ_K_MATERIAL), hz_quote(m, &q));
	else
		report(v, r, HZ_K_PERIOD,
		       "%s '%s' does not fit %s '%s' (YYYY-MM, YYYYQn, YYYYH1, "
		       "YYYY, or empty for a one-off report)",
		       header(r, HZ_K_PERIOD), hz_quote(raw(v, HZ_K_PERIOD), &q),
		       header(r, HZ_K_MATERIAL), hz_quote(m, &q2));
}

static void check_unknown_unit(hz_validator *v, const hz_record *r)
{
	hz_str name = cell(v, HZ_K_REPORTER);
	hz_quoted q;

	if (!v->opts.units || name.n == 0 || hz_strset_has(v->opts.units, name.s, name.n))
		return;
	report(v, r, HZ_K_REPORTER, "%s '%s' is not a unit of --units", header(r, HZ_K_REPORTER),
	       hz_quote(name, &q));
}

/* Every COUNT field of the record's type is an integer >= 0. */
static void check_counts(hz_validator *v, const hz_record *r)
{
	size_t n;
	const hz_field *f = hz_fields(r->schema->type, &n);
	long x;
	hz_quoted q;

	for (size_t i = 0; i < n; i++)
		if (f[i].kind == HZ_KIND_COUNT && filled(v, f[i].key) &&
		    !hz_count_parse(raw(v, f[i].key), &x))
			report(v, r, f[i].key, "%s '%s' is not an integer >= 0", f[i].header,
			       hz_quote(raw(v, f[i].key), &q));
}

/* ---- activity ---- */

/* The item of an activity, or NULL when empty or unknown. */
static const hz_item *item_of(const hz_validator *v)
{
	return hz_activity_item(raw(v, HZ_K_ITEM));
}

/* What an item needs of its records follows from how the item table says
 * it is counted (items.c), never from its code: a new row is checked too. */
static bool item_agg(const hz_item *it, hz_agg agg)
{
	return it && it->agg == agg;
}

static bool item_agg2(const hz_item *it, hz_agg2 agg2)
{
	return it && it->agg2 == agg2;
}

static void check_unknown_item(hz_validator *v, const hz_record *r)
{
	hz_quoted q;

	if (!filled(v, HZ_K_ITEM) || item_of(v))
		return;
	report(v, r, HZ_K_ITEM, "%s '%s' is not an item code or label of sections 3-4",
	       header(r, HZ_K_ITEM), hz_quote(raw(v, HZ_K_ITEM), &q));
}

static void check_bad_count(hz_validator *v, const hz_record *r)
{
	const hz_item *it = item_of(v);
	hz_str count = raw(v, HZ_K_COUNT), sub = raw(v, HZ_K_SUB);
	long n;
	hz_quoted q;

	if (filled(v, HZ_K_COUNT)) {
		if (!hz_count_parse(count, &n))
			report(v, r, HZ_K_COUNT, "%s '%s' is not an integer >= 0",
			       header(r, HZ_K_COUNT), hz_quote(count, &q));
		else if (item_agg(it, HZ_AGG_LATEST_FLAG) && n > 1)
			report(v, r, HZ_K_COUNT, "%s '%s' is not 0 or 1 for item %s",
			       header(r, HZ_K_COUNT), hz_quote(count, &q), it->code);
	}
	if (item_agg2(it, HZ_AGG2_SUM_SUB_COUNT) && filled(v, HZ_K_SUB) && !hz_count_parse(sub, &n))
		report(v, r, HZ_K_SUB, "%s '%s' is not an integer >= 0 for item %s",
		       header(r, HZ_K_SUB), hz_quote(sub, &q), it->code);
}

static void check_activity_amount(hz_validator *v, const hz_record *r)
{
	bad_amount(v, r, HZ_K_AMOUNT);
	if (item_agg2(item_of(v), HZ_AGG2_SUM_SUB_AMOUNT))
		bad_amount(v, r, HZ_K_SUB);
}

/* Items counted in 家 count distinct subjects: one without a subject cannot
 * be counted. Fires without a subject column too. */
static void check_needs_subject(hz_validator *v, const hz_record *r)
{
	const hz_item *it = item_of(v);

	if (!item_agg(it, HZ_AGG_DISTINCT_SUBJECT) || filled(v, HZ_K_SUBJECT))
		return;
	report(v, r, HZ_K_SUBJECT, "item %s (%s) needs %s, the enterprise concerned", it->code,
	       it->label, header(r, HZ_K_SUBJECT));
}

static void check_sub_exceeds(hz_validator *v, const hz_record *r)
{
	const hz_item *it = item_of(v);
	hz_str sub = raw(v, HZ_K_SUB);
	hz_quoted q1, q2;

	if (!filled(v, HZ_K_SUB))
		return;
	if (item_agg2(it, HZ_AGG2_SUM_SUB_COUNT)) {
		long s, c = 1; /* an empty count means 1 */

		if (!hz_count_parse(sub, &s) ||
		    (filled(v, HZ_K_COUNT) && !hz_count_parse(raw(v, HZ_K_COUNT), &c)) || s <= c)
			return;
		report(v, r, HZ_K_SUB, "%s '%s' is larger than %s %ld", header(r, HZ_K_SUB),
		       hz_quote(sub, &q1), header(r, HZ_K_COUNT), c);
	} else if (item_agg2(it, HZ_AGG2_SUM_SUB_AMOUNT)) {
		hz_amount s, a;

		if (!filled(v, HZ_K_AMOUNT) || !hz_amount_parse(sub, &s) ||
		    !hz_amount_parse(raw(v, HZ_K_AMOUNT), &a) || s <= a)
			return;
		report(v, r, HZ_K_SUB, "%s '%s' is larger than %s '%s'", header(r, HZ_K_SUB),
		       hz_quote(sub, &q1), header(r, HZ_K_AMOUNT),
		       hz_quote(raw(v, HZ_K_AMOUNT), &q2));
	}
}

/* 4.6 and 4.7 report a state, not a number of events: an empty count
 * (which would mean 1 elsewhere) says nothing. */
static void check_needs_value(hz_validator *v, const hz_record *r)
{
	const hz_item *it = item_of(v);

	if (filled(v, HZ_K_COUNT))
		return;
	if (item_agg(it, HZ_AGG_LATEST_FLAG))
		report(v, r, HZ_K_COUNT, "item %s needs %s 1 (是) or 0 (否)", it->code,
		       header(r, HZ_K_COUNT));
	else if (item_agg(it, HZ_AGG_LATEST_COUNT))
		report(v, r, HZ_K_COUNT, "item %s (%s) needs its number in %s", it->code, it->label,
		       header(r, HZ_K_COUNT));
}

/* ---- roster ---- */

static void check_duplicate_enterprise(hz_validator *v, const hz_record *r)
{
	hz_str name = cell(v, HZ_K_ENTERPRISE);
	hz_quoted q;

	if (name.n == 0 || hz_strset_add(v->enterprises, name.s, name.n))
		return;
	report(v, r, HZ_K_ENTERPRISE, "%s '%s' is listed twice", header(r, HZ_K_ENTERPRISE),
	       hz_quote(name, &q));
}

/* ---- the office: sign-off (复查), 挂牌督办 ---- */

static void check_bad_review_result(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_REVIEW_RESULT, hz_review_canonical, HZ_N_("通过 or 不通过"));
}

/* 销号 needs a passing 复查; only where the register has the columns. */
static void check_signoff(hz_validator *v, const hz_record *r)
{
	bool has_date = hz_has(r, HZ_K_REVIEW_DATE), has_result = hz_has(r, HZ_K_REVIEW_RESULT);
	hz_quoted q;

	if ((!has_date && !has_result) || stage(v) != HZ_STAGE_SIGNED_OFF)
		return;
	if (has_date && !filled(v, HZ_K_REVIEW_DATE))
		report(v, r, HZ_K_REVIEW_DATE, "%s is '%s' but %s is empty", header(r, HZ_K_STAGE),
		       hz_quote(raw(v, HZ_K_STAGE), &q), header(r, HZ_K_REVIEW_DATE));
	else if (has_result && !hz_review_passed(raw(v, HZ_K_REVIEW_RESULT)))
		report(v, r, HZ_K_REVIEW_RESULT, "%s is '%s' but %s is '%s', not 通过",
		       header(r, HZ_K_STAGE), "已销号", header(r, HZ_K_REVIEW_RESULT),
		       hz_quote(raw(v, HZ_K_REVIEW_RESULT), &q));
}

/* review_date before another date of the hazard. */
static void review_before(hz_validator *v, const hz_record *r, hz_key k)
{
	hz_date review, other;
	hz_quoted q1, q2;

	if (!filled(v, HZ_K_REVIEW_DATE) || !valid_day(v, r, HZ_K_REVIEW_DATE, &review) ||
	    !valid_day(v, r, k, &other) || review >= other)
		return;
	report(v, r, HZ_K_REVIEW_DATE, "%s '%s' is before %s '%s'", header(r, HZ_K_REVIEW_DATE),
	       hz_quote(raw(v, HZ_K_REVIEW_DATE), &q1), header(r, k), hz_quote(raw(v, k), &q2));
}

static void check_review_before_done(hz_validator *v, const hz_record *r)
{
	review_before(v, r, HZ_K_DONE_DATE);
}

static void check_review_before_check(hz_validator *v, const hz_record *r)
{
	review_before(v, r, HZ_K_CHECK_DATE);
}

/* A failed 复查 reopens the hazard. */
static void check_review_failed_open(hz_validator *v, const hz_record *r)
{
	const char *w;
	hz_quoted q;

	if (!filled(v, HZ_K_REVIEW_RESULT) ||
	    !(w = hz_review_canonical(raw(v, HZ_K_REVIEW_RESULT))) || strcmp(w, "不通过") != 0 ||
	    !hz_stage_rectified(stage(v)))
		return;
	report(v, r, HZ_K_STAGE, "%s is 不通过 but %s is '%s': a failed review reopens the hazard",
	       header(r, HZ_K_REVIEW_RESULT), header(r, HZ_K_STAGE),
	       hz_quote(raw(v, HZ_K_STAGE), &q));
}

static void check_bad_listing_level(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_LISTING_LEVEL, hz_listing_level_canonical,
	           HZ_N_("one of 省级, 市级, 区级, 街道"));
}

/* What the listed cell says: listed at all, and on which day. */
static bool listed_state(const hz_validator *v, bool *dated, hz_date *day)
{
	bool yes;

	*dated = false;
	if (!filled(v, HZ_K_LISTED))
		return false;
	if (hz_flag_parse(raw(v, HZ_K_LISTED), &yes))
		return yes;
	*dated = hz_date_parse(raw(v, HZ_K_LISTED), 0, day);
	return *dated;
}

static void check_delisted_not_listed(hz_validator *v, const hz_record *r)
{
	bool dated;
	hz_date day;

	if (!filled(v, HZ_K_DELISTED) || !hz_has(r, HZ_K_LISTED) || listed_state(v, &dated, &day))
		return;
	report(v, r, HZ_K_DELISTED, "%s is set but the hazard is not listed (%s)",
	       header(r, HZ_K_DELISTED), header(r, HZ_K_LISTED));
}

static void check_delisted_before_listed(hz_validator *v, const hz_record *r)
{
	bool dated;
	hz_date listed, delisted;
	hz_quoted q1, q2;

	if (!filled(v, HZ_K_DELISTED) || !valid_day(v, r, HZ_K_DELISTED, &delisted) ||
	    !listed_state(v, &dated, &listed) || !dated || delisted >= listed)
		return;
	report(v, r, HZ_K_DELISTED, "%s '%s' is before %s '%s'", header(r, HZ_K_DELISTED),
	       hz_quote(raw(v, HZ_K_DELISTED), &q1), header(r, HZ_K_LISTED),
	       hz_quote(raw(v, HZ_K_LISTED), &q2));
}

/* 摘牌 of a hazard not rectified by that day (rectified by A, hz-tally(1)). */
static void check_delisted_open(hz_validator *v, const hz_record *r)
{
	hz_date delisted, done;
	hz_quoted q;

	if (!filled(v, HZ_K_DELISTED) || !valid_day(v, r, HZ_K_DELISTED, &delisted))
		return;
	if (filled(v, HZ_K_DONE_DATE) ? valid_day(v, r, HZ_K_DONE_DATE, &done) && done <= delisted
	                              : hz_stage_rectified(stage(v)))
		return;
	report(v, r, HZ_K_DELISTED, "%s '%s' but the hazard was not rectified by that day",
	       header(r, HZ_K_DELISTED), hz_quote(raw(v, HZ_K_DELISTED), &q));
}

static void check_listed_not_delisted(hz_validator *v, const hz_record *r)
{
	bool dated;
	hz_date day;

	if (!hz_has(r, HZ_K_DELISTED) || filled(v, HZ_K_DELISTED) ||
	    stage(v) != HZ_STAGE_SIGNED_OFF || !listed_state(v, &dated, &day))
		return;
	report(v, r, HZ_K_DELISTED, "%s is 已销号 and listed, but %s is empty",
	       header(r, HZ_K_STAGE), header(r, HZ_K_DELISTED));
}

/* ---- notices and tips ---- */

/* Each type's first date: the others may not come before it. */
static const struct {
	hz_type type;
	hz_key key;
} base_dates[] = {
	{ HZ_NOTICE, HZ_K_ISSUED },
	{ HZ_TIP, HZ_K_RECEIVED },
};

/* reply-before-issue, date-before-received: the HZ_F_AFTER_BASE dates. */
static void check_after_base(hz_validator *v, const hz_record *r)
{
	hz_key base = HZ_K_NONE;
	hz_date first;
	hz_quoted q1, q2;

	for (size_t i = 0; i < NELEM(base_dates); i++)
		if (base_dates[i].type == r->schema->type)
			base = base_dates[i].key;
	if (base == HZ_K_NONE || !valid_day(v, r, base, &first))
		return;
	for (size_t i = DATES_OF(v, r); i < DATES_END(v, r); i++) {
		const struct date_field *f = &v->dates[i];
		const date_scan *sc;

		if (!(f->checks & HZ_F_AFTER_BASE))
			continue;
		sc = field_scan(v, i);
		if (!sc->min_text.s || sc->min >= first)
			continue;
		report(v, r, f->key, "%s '%s' is before %s '%s'", header(r, f->key),
		       hz_quote(sc->min_text, &q1), header(r, base), hz_quote(raw(v, base), &q2));
	}
}

/* A text that must be unique in its file: a tip's 登记编号, a notice's 文号. */
static void unique_text(hz_validator *v, const hz_record *r, hz_key k)
{
	hz_str t = cell(v, k);
	hz_quoted q;

	if (t.n == 0 || hz_strset_add(v->texts, t.s, t.n))
		return;
	report(v, r, k, "%s '%s' is used by an earlier record", header(r, k), hz_quote(t, &q));
}

static void check_duplicate_doc(hz_validator *v, const hz_record *r)
{
	unique_text(v, r, HZ_K_DOC);
}

static void check_duplicate_tip(hz_validator *v, const hz_record *r)
{
	unique_text(v, r, HZ_K_ID);
}

static void check_bad_notice_kind(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_KIND, hz_notice_kind_canonical,
	           HZ_N_("one of 督促函, 督办通知, 挂牌督办通知书, 整改通知, 约谈通知"));
}

static void check_bad_channel(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_CHANNEL, hz_channel_canonical,
	           HZ_N_("one of 12345, 12350, 电话, 来信, 网络, 当面, 其他"));
}

static void check_bad_finding(hz_validator *v, const hz_record *r)
{
	check_word(v, r, HZ_K_FINDING, hz_finding_canonical, HZ_N_("属实, 部分属实 or 不属实"));
}

static void check_tip_amount(hz_validator *v, const hz_record *r)
{
	bad_amount(v, r, HZ_K_REWARD);
}

/* 查实重奖: a reward only for a tip found true. */
static void check_reward_unverified(hz_validator *v, const hz_record *r)
{
	hz_amount a;
	hz_quoted q;

	if (!filled(v, HZ_K_REWARD) || !hz_amount_parse(raw(v, HZ_K_REWARD), &a) || a <= 0 ||
	    hz_finding_true(raw(v, HZ_K_FINDING)))
		return;
	report(v, r, HZ_K_REWARD, "%s '%s' on a tip whose %s is not 属实 or 部分属实",
	       header(r, HZ_K_REWARD), hz_quote(raw(v, HZ_K_REWARD), &q), header(r, HZ_K_FINDING));
}

static void check_paid_without_reward(hz_validator *v, const hz_record *r)
{
	hz_amount a;

	if (!filled(v, HZ_K_PAID) ||
	    (filled(v, HZ_K_REWARD) && (!hz_amount_parse(raw(v, HZ_K_REWARD), &a) || a > 0)))
		return;
	report(v, r, HZ_K_PAID, "%s is set but there is no %s", header(r, HZ_K_PAID),
	       header(r, HZ_K_REWARD));
}

/* An entry of a hazards list as the key hazard_refs holds: "ID" or
 * "REPORTER:ID", the id as a number. False when it names no id. */
static bool hazard_ref(hz_str entry, char *out, size_t cap)
{
	hz_str reporter = { "", 0 }, id = hz_trim(entry);
	long n;

	for (size_t i = id.n; i > 0; i--)
		if (id.s[i - 1] == ':') {
			reporter = hz_trim((hz_str){ id.s, i - 1 });
			id = hz_trim((hz_str){ id.s + i, id.n - i });
			break;
		}
	if (!hz_count_parse(id, &n) || n <= 0)
		return false;
	if (reporter.n > 0)
		snprintf(out, cap, "%.*s:%ld", (int)reporter.n, reporter.s, n);
	else
		snprintf(out, cap, "%ld", n);
	return true;
}

/* The hazards of a register among the inputs, as notices name them. */
static void note_hazard_ref(hz_validator *v)
{
	char key[512];
	long id;

	if (!id_value(v, &id))
		return;
	hz_strset_add(v->hazard_refs, key, (size_t)snprintf(key, sizeof key, "%ld", id));
	if (filled(v, HZ_K_REPORTER))
		hz_strset_add(v->hazard_refs, key,
		              (size_t)snprintf(key, sizeof key, "%.*s:%ld",
		                               (int)cell(v, HZ_K_REPORTER).n,
		                               cell(v, HZ_K_REPORTER).s, id));
}

struct ref_walk {
	hz_validator *v;
	const hz_record *r;
};

static void unknown_ref(hz_str line, size_t index, void *arg)
{
	struct ref_walk *w = arg;
	char key[512];
	hz_quoted q;

	(void)index;
	if (hz_blank(line))
		return;
	if (hazard_ref(line, key, sizeof key) && hz_strset_has(w->v->hazard_refs, key, strlen(key)))
		return;
	report(w->v, w->r, HZ_K_HAZARDS, "%s '%s' is not a hazard of the registers read",
	       header(w->r, HZ_K_HAZARDS), hz_quote(hz_trim(line), &q));
}

static void check_unknown_hazard(hz_validator *v, const hz_record *r)
{
	struct ref_walk w = { v, r };

	if (!v->hazard_refs || hz_strset_size(v->hazard_refs) == 0 || !filled(v, HZ_K_HAZARDS))
		return;
	hz_lines(raw(v, HZ_K_HAZARDS), unknown_ref, &w);
}

/* ---- the table ---- */

#define FILE_RULE HZ_TYPE_UNKNOWN

static const hz_rule rules[] = {
	/* File-level: emitted by the reader. */
	{ HZ_RULE_IO, FILE_RULE, NULL, "文件无法打开或读取", "a file cannot be opened or read" },
	{ HZ_RULE_ENCODING, FILE_RULE, NULL, "字节不符合输入编码、含NUL字节或为UTF-16文件",
	  "bytes not valid in the input encoding, a NUL byte, or a UTF-16 file" },
	{ HZ_RULE_CELL_TOO_LONG, FILE_RULE, NULL, "单元格超过32767个字符",
	  "a cell of more than 32,767 characters" },
	{ HZ_RULE_CSV_SYNTAX, FILE_RULE, NULL,
	  "CSV格式错误：引号未闭合、未加引号的单元格中有引号或闭合引号后有文字",
	  "malformed CSV: an unterminated quote, a quote inside an unquoted "
	  "cell, or text after a closing quote" },
	{ HZ_RULE_JSON_SYNTAX, FILE_RULE, NULL, "某行不是一个JSON对象",
	  "a line that is not one JSON object" },
	{ HZ_RULE_NO_HEADER, FILE_RULE, NULL, "前10行中没有表头，或无法从表头判断记录类型",
	  "no header row in the first 10 rows, or the record type cannot be "
	  "told from it" },
	{ HZ_RULE_EMPTY_INPUT, FILE_RULE, NULL, "输入没有字节或只有BOM：没有记录",
	  "the input has no bytes, or a BOM alone: it holds zero records" },
	{ HZ_RULE_HEADER_DUPLICATE, FILE_RULE, NULL, "两列对应同一字段",
	  "two columns map to the same field" },
	{ HZ_RULE_HEADER_MISSING, FILE_RULE, NULL, "缺少必需的列", "a required column is absent" },
	{ HZ_RULE_HEADER_UNKNOWN, FILE_RULE, NULL, "某列不对应任何字段（予以保留）",
	  "a column that matches no field (it is kept)" },
	{ HZ_RULE_HEADER_EXTENSION, FILE_RULE, NULL,
	  "隐患台账缺少隐患来源、挂牌督办、责任人、整改资金或应急预案列",
	  "a hazard register without one or more of source, listed, owner, "
	  "funds, plan" },
	{ HZ_RULE_TOO_MANY_CELLS, FILE_RULE, NULL, "某行在表头最后一列之后有非空单元格",
	  "a row with a non-empty cell beyond the header's last column" },

	/* Hazard register (附件2). */
	{ HZ_RULE_REQUIRED, HZ_HAZARD, check_required,
	  "序号、专题领域、重大隐患、涉及层面、整改措施、检查日期、计划整改时限、"
	  "责任单位或整改阶段为空",
	  "id, domain, hazard, level, measures, check_date, deadline, unit or "
	  "stage is empty" },
	{ HZ_RULE_BAD_ID, HZ_HAZARD, check_bad_id, "序号不是正整数",
	  "id is not a positive integer" },
	{ HZ_RULE_DUPLICATE_ID, HZ_HAZARD, check_duplicate_id,
	  "序号与同一输入中同一填报单位前面的记录重复",
	  "an id already used earlier in the same input (by the same reporter)" },
	{ HZ_RULE_BAD_DATE, HZ_HAZARD, check_bad_date,
	  "日期字段（检查日期、计划整改时限、延期至、实际整改完成时间、"
	  "整改进展时间、复查日期、摘牌日期）不是有效日期",
	  "a date field (check_date, deadline, extension, done_date, a progress "
	  "date, review_date, delisted) is not a date" },
	{ HZ_RULE_BAD_LEVEL, HZ_HAZARD, check_bad_level, "涉及层面不是市或县区",
	  "level is not 市 or 县区" },
	{ HZ_RULE_BAD_STAGE, HZ_HAZARD, check_bad_stage,
	  "整改阶段不是未整改、整改中、已整改或已销号",
	  "stage is not 未整改, 整改中, 已整改 or 已销号" },
	{ HZ_RULE_UNKNOWN_DOMAIN, HZ_HAZARD, check_unknown_domain, "专题领域不在清单中",
	  "domain is not in the list of domains (nor in --domains)" },
	{ HZ_RULE_BAD_SOURCE, HZ_HAZARD, check_bad_source, "隐患来源既不是企业自查也不是部门检查",
	  "source is neither 企业自查 nor 部门检查" },
	{ HZ_RULE_BAD_LISTED, HZ_HAZARD, check_bad_listed, "挂牌督办不是是、否或日期",
	  "listed is not 是, 否, a flag word or a date" },
	{ HZ_RULE_BAD_AMOUNT, HZ_HAZARD, check_hazard_amount, "整改资金不是不超过4位小数的非负数",
	  "funds is not a decimal >= 0 with at most 4 places" },
	{ HZ_RULE_DATE_BEFORE_CHECK, HZ_HAZARD, check_date_before_check,
	  "计划整改时限、实际整改完成时间或整改进展时间早于检查日期",
	  "deadline, done_date or a progress date is earlier than check_date" },
	{ HZ_RULE_EXTENSION_BEFORE_DEADLINE, HZ_HAZARD, check_extension, "延期至不晚于计划整改时限",
	  "extension is set and is not later than deadline" },
	{ HZ_RULE_FUTURE_DATE, HZ_HAZARD, check_future_date,
	  "检查日期、实际整改完成时间、整改进展时间或复查日期晚于今天",
	  "check_date, done_date, a progress date or review_date is after today" },
	{ HZ_RULE_LISTED_BEFORE_CHECK, HZ_HAZARD, check_listed_before_check,
	  "挂牌督办日期早于检查日期", "listed is a date earlier than check_date" },
	{ HZ_RULE_DONE_WITHOUT_DATE, HZ_HAZARD, check_done_without_date,
	  "整改阶段为已整改或已销号，但实际整改完成时间为空",
	  "stage is 已整改 or 已销号 and done_date is empty" },
	{ HZ_RULE_DATE_WITHOUT_DONE, HZ_HAZARD, check_date_without_done,
	  "填了实际整改完成时间，但整改阶段为未整改或整改中",
	  "done_date is set and stage is 未整改 or 整改中" },
	{ HZ_RULE_FIVE_IMPLEMENTATIONS, HZ_HAZARD, check_five,
	  "未当日整改的隐患，五落实（责任人、措施、资金、时限、应急预案）有空项",
	  "a hazard not rectified on its check day lacks one of owner, "
	  "measures, funds, deadline, plan" },
	{ HZ_RULE_PROGRESS_MISMATCH, HZ_HAZARD, check_progress_mismatch,
	  "整改进展条数与整改进展时间条数不一致",
	  "the number of progress lines differs from the number of progress "
	  "dates" },
	{ HZ_RULE_PROGRESS_ORDER, HZ_HAZARD, check_progress_order, "整改进展时间未按先后顺序排列",
	  "progress dates are not in ascending order" },
	{ HZ_RULE_DUPLICATE_HAZARD, HZ_HAZARD, check_duplicate_hazard,
	  "同一文件中前面的记录（含其他填报单位的）有相同的责任单位、重大隐患和检查日期",
	  "an earlier record in the same file (of any reporter) has the same "
	  "unit, hazard and check_date" },
	{ HZ_RULE_BAD_REVIEW_RESULT, HZ_HAZARD, check_bad_review_result, "复查结论不是通过或不通过",
	  "review_result is neither 通过 nor 不通过" },
	{ HZ_RULE_SIGNOFF_WITHOUT_REVIEW, HZ_HAZARD, check_signoff,
	  "已销号的隐患没有复查日期，或复查结论不是通过",
	  "stage 已销号 and no review_date, or review_result not 通过" },
	{ HZ_RULE_REVIEW_BEFORE_DONE, HZ_HAZARD, check_review_before_done,
	  "复查日期早于实际整改完成时间", "review_date is before done_date" },
	{ HZ_RULE_REVIEW_BEFORE_CHECK, HZ_HAZARD, check_review_before_check, "复查日期早于检查日期",
	  "review_date is before check_date" },
	{ HZ_RULE_REVIEW_FAILED_OPEN, HZ_HAZARD, check_review_failed_open,
	  "复查结论为不通过，但整改阶段为已整改或已销号（复查不通过须重新整改）",
	  "review_result 不通过 and stage 已整改 or 已销号 (a failed review "
	  "reopens the hazard)" },
	{ HZ_RULE_BAD_LISTING_LEVEL, HZ_HAZARD, check_bad_listing_level,
	  "挂牌级别不是省级、市级、区级或街道", "listing_level is not 省级, 市级, 区级 or 街道" },
	{ HZ_RULE_DELISTED_NOT_LISTED, HZ_HAZARD, check_delisted_not_listed,
	  "未挂牌督办的隐患填了摘牌日期", "a delisted date on a hazard that is not listed" },
	{ HZ_RULE_DELISTED_BEFORE_LISTED, HZ_HAZARD, check_delisted_before_listed,
	  "摘牌日期早于挂牌督办日期", "delisted is before the listed date" },
	{ HZ_RULE_DELISTED_OPEN, HZ_HAZARD, check_delisted_open, "摘牌时隐患尚未整改完成",
	  "delisted on a day by which the hazard was not rectified" },
	{ HZ_RULE_LISTED_NOT_DELISTED, HZ_HAZARD, check_listed_not_delisted,
	  "已销号的挂牌督办隐患没有摘牌日期", "stage 已销号 and listed, but no delisted date" },

	/* Spot checks (附件1 section 2). */
	{ HZ_RULE_REQUIRED, HZ_CHECK, check_required, "检查日期或企业名称为空",
	  "check_date or enterprise is empty" },
	{ HZ_RULE_BAD_DATE, HZ_CHECK, check_bad_date, "检查日期不是有效日期",
	  "check_date is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_CHECK, check_future_date, "检查日期晚于今天",
	  "check_date is after today" },
	{ HZ_RULE_BAD_FLAG, HZ_CHECK, check_bad_flag, "标记单元格不是是、否等标记词",
	  "a flag cell is not a flag word" },
	{ HZ_RULE_UNKNOWN_ENTERPRISE, HZ_CHECK, check_unknown_enterprise,
	  "企业不在 --roster 给出的清单中", "the enterprise is not on the --roster list" },

	/* Activities (附件1 sections 3 and 4). */
	{ HZ_RULE_REQUIRED, HZ_ACTIVITY, check_required, "日期或事项为空",
	  "date or item is empty" },
	{ HZ_RULE_BAD_DATE, HZ_ACTIVITY, check_bad_date, "日期不是有效日期", "date is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_ACTIVITY, check_future_date, "日期晚于今天",
	  "date is after today" },
	{ HZ_RULE_UNKNOWN_ITEM, HZ_ACTIVITY, check_unknown_item,
	  "事项不是调度表第三、四部分的项目编号或名称",
	  "item is neither a code of sections 3-4 nor the label of one" },
	{ HZ_RULE_BAD_COUNT, HZ_ACTIVITY, check_bad_count,
	  "数量不是非负整数（4.6须为0或1），或3.8的其中不是非负整数",
	  "count is not an integer >= 0 (for 4.6: not 0 or 1), or sub for "
	  "item 3.8 is not" },
	{ HZ_RULE_BAD_AMOUNT, HZ_ACTIVITY, check_activity_amount,
	  "金额不是不超过4位小数的非负数，或4.5的其中不是",
	  "amount is not a decimal >= 0 with at most 4 places, or sub for "
	  "item 4.5 is not" },
	{ HZ_RULE_NEEDS_SUBJECT, HZ_ACTIVITY, check_needs_subject, "事项3.6或3.7（按家计）没有对象",
	  "item 3.6 or 3.7 (counted in distinct enterprises) has no subject" },
	{ HZ_RULE_SUB_EXCEEDS, HZ_ACTIVITY, check_sub_exceeds, "其中大于数量（3.8）或金额（4.5）",
	  "sub is larger than count (3.8) or than amount (4.5)" },
	{ HZ_RULE_NEEDS_VALUE, HZ_ACTIVITY, check_needs_value, "事项4.6或4.7的数量为空",
	  "item 4.6 or 4.7 with an empty count" },

	/* Roster (section 三). */
	{ HZ_RULE_REQUIRED, HZ_ROSTER, check_required, "单位名字为空", "enterprise is empty" },
	{ HZ_RULE_DUPLICATE_ENTERPRISE, HZ_ROSTER, check_duplicate_enterprise, "同一企业列出两次",
	  "the same enterprise listed twice" },
	{ HZ_RULE_BAD_FLAG, HZ_ROSTER, check_bad_flag, "高危行业或人员密集场所不是是、否等标记词",
	  "high_risk or crowded is not a flag word" },

	/* Duties (section 四(一), hz-due). */
	{ HZ_RULE_REQUIRED, HZ_DUTY, check_required, "日期、单位名称或履职事项为空",
	  "date, enterprise or duty is empty" },
	{ HZ_RULE_BAD_DATE, HZ_DUTY, check_bad_date, "日期不是有效日期", "date is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_DUTY, check_future_date, "日期晚于今天", "date is after today" },
	{ HZ_RULE_UNKNOWN_DUTY, HZ_DUTY, check_unknown_duty,
	  "履职事项不是履职事项表（--schedule 或内置表）的代码或名称",
	  "duty is neither a code nor a label of the schedule in force "
	  "(--schedule FILE, else the built-in one)" },
	{ HZ_RULE_UNKNOWN_ENTERPRISE, HZ_DUTY, check_unknown_enterprise,
	  "单位不在 --roster 给出的清单中", "the enterprise is not on the --roster list" },

	/* Notices: 督促函 and 督办 (the office). */
	{ HZ_RULE_REQUIRED, HZ_NOTICE, check_required, "文号、类别、对象或签发日期为空",
	  "doc, kind, to or issued is empty" },
	{ HZ_RULE_DUPLICATE_DOC, HZ_NOTICE, check_duplicate_doc, "文号与同一文件中前面的记录重复",
	  "a doc number already used earlier in the same file" },
	{ HZ_RULE_BAD_DATE, HZ_NOTICE, check_bad_date, "签发日期、回复期限或回复日期不是有效日期",
	  "issued, reply_by or replied is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_NOTICE, check_future_date, "签发日期或回复日期晚于今天",
	  "issued or replied is after today" },
	{ HZ_RULE_BAD_NOTICE_KIND, HZ_NOTICE, check_bad_notice_kind,
	  "类别不是督促函、督办通知、挂牌督办通知书、整改通知或约谈通知",
	  "kind is not 督促函, 督办通知, 挂牌督办通知书, 整改通知 or 约谈通知" },
	{ HZ_RULE_REPLY_BEFORE_ISSUE, HZ_NOTICE, check_after_base, "回复期限或回复日期早于签发日期",
	  "reply_by or replied is before issued" },
	{ HZ_RULE_UNKNOWN_HAZARD, HZ_NOTICE, check_unknown_hazard, "涉及隐患不在一同读入的台账中",
	  "a listed hazard is not in the registers among the inputs" },

	/* Tips: 举报 (the office). */
	{ HZ_RULE_REQUIRED, HZ_TIP, check_required, "登记编号、收到日期或举报内容为空",
	  "id, received or content is empty" },
	{ HZ_RULE_DUPLICATE_ID, HZ_TIP, check_duplicate_tip, "登记编号与同一文件中前面的记录重复",
	  "an id already used earlier in the same file" },
	{ HZ_RULE_BAD_DATE, HZ_TIP, check_bad_date,
	  "收到日期、核实日期、奖励发放日期、答复期限或答复日期不是有效日期",
	  "received, verified, paid, reply_by or replied is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_TIP, check_future_date,
	  "收到日期、核实日期、奖励发放日期或答复日期晚于今天",
	  "received, verified, paid or replied is after today" },
	{ HZ_RULE_DATE_BEFORE_RECEIVED, HZ_TIP, check_after_base,
	  "核实日期、奖励发放日期、答复期限或答复日期早于收到日期",
	  "verified, paid, reply_by or replied is before received" },
	{ HZ_RULE_BAD_CHANNEL, HZ_TIP, check_bad_channel,
	  "渠道不是12345、12350、电话、来信、网络、当面或其他",
	  "channel is not 12345, 12350, 电话, 来信, 网络, 当面 or 其他" },
	{ HZ_RULE_BAD_FINDING, HZ_TIP, check_bad_finding, "核实结果不是属实、部分属实或不属实",
	  "finding is not 属实, 部分属实 or 不属实" },
	{ HZ_RULE_BAD_FLAG, HZ_TIP, check_bad_flag, "匿名或内部吹哨人不是是、否等标记词",
	  "anonymous or insider is not a flag word" },
	{ HZ_RULE_BAD_AMOUNT, HZ_TIP, check_tip_amount, "奖励金额不是不超过4位小数的非负数",
	  "reward is not a decimal >= 0 with at most 4 places" },
	{ HZ_RULE_REWARD_UNVERIFIED, HZ_TIP, check_reward_unverified,
	  "核实结果不是属实或部分属实的举报有奖励金额",
	  "a reward > 0 on a tip not found 属实 or 部分属实" },
	{ HZ_RULE_PAID_WITHOUT_REWARD, HZ_TIP, check_paid_without_reward,
	  "填了奖励发放日期，但没有奖励金额", "paid is set but there is no reward" },

	/* Units (office.md). */
	{ HZ_RULE_REQUIRED, HZ_UNIT, check_required, "单位名称为空", "name is empty" },
	{ HZ_RULE_BAD_UNIT_KIND, HZ_UNIT, check_bad_unit_kind, "类别不是社区或部门",
	  "kind is neither 社区 nor 部门" },
	{ HZ_RULE_DUPLICATE_UNIT, HZ_UNIT, check_duplicate_unit, "同一单位列出两次",
	  "the same unit listed twice" },

	/* Submissions, the 报送台账 (office.md). */
	{ HZ_RULE_REQUIRED, HZ_SUBMISSION, check_required, "报送日期、填报单位或报送材料为空",
	  "date, reporter or material is empty" },
	{ HZ_RULE_BAD_DATE, HZ_SUBMISSION, check_bad_date, "报送日期不是有效日期",
	  "date is not a date" },
	{ HZ_RULE_FUTURE_DATE, HZ_SUBMISSION, check_future_date, "报送日期晚于今天",
	  "date is after today" },
	{ HZ_RULE_UNKNOWN_MATERIAL, HZ_SUBMISSION, check_unknown_material,
	  "报送材料既不是register（台账）也不是履职事项表中单位或街道事项的代码或名称",
	  "material is neither register nor a code or label of a unit or office "
	  "row of the schedule" },
	{ HZ_RULE_BAD_PERIOD, HZ_SUBMISSION, check_bad_period, "期次与报送材料的周期不符",
	  "period does not fit the every of the material's row" },
	{ HZ_RULE_UNKNOWN_UNIT, HZ_SUBMISSION, check_unknown_unit,
	  "填报单位不在 --units 给出的单位清单中", "reporter is not a unit of the --units list" },
	{ HZ_RULE_BAD_COUNT, HZ_SUBMISSION, check_counts, "记录数、错误数或警告数不是非负整数",
	  "records, errors or warnings is not an integer >= 0" },
};

const hz_rule *hz_rules(size_t *count)
{
	*count = NELEM(rules);
	return rules;
}

/* ---- the validator ---- */

static void forget_file(hz_validator *v)
{
	free(v->ids);
	v->ids = NULL;
	v->ids_cap = 0;
	if (v->big_ids)
		hz_hashset_free(v->big_ids);
	v->big_ids = NULL;
	if (v->hazards)
		hz_hashset_free(v->hazards);
	if (v->enterprises)
		hz_strset_free(v->enterprises);
	v->hazards = hz_hashset_new();
	v->enterprises = hz_strset_new();
	if (v->texts)
		hz_strset_free(v->texts);
	v->texts = hz_strset_new();
	if (v->reporter_ids)
		hz_hashset_free(v->reporter_ids);
	v->reporter_ids = NULL;
	for (size_t i = 0; i < v->nreporters; i++)
		free(v->reporters[i]);
	free(v->reporters);
	free(v->hz_keys);
	free(v->hz_who);
	v->reporters = NULL;
	v->hz_keys = NULL;
	v->hz_who = NULL;
	v->nreporters = v->hz_cap = v->hz_n = 0;
}

static void gather_date_fields(hz_validator *v)
{
	size_t cap = 0;

	for (int t = 0; t < HZ_TYPE_COUNT; t++) {
		size_t n;
		const hz_field *f = hz_fields((hz_type)t, &n);
		for (size_t i = 0; i < n; i++)
			cap += f[i].kind == HZ_KIND_DATE || f[i].kind == HZ_KIND_DATES;
	}
	v->dates = hz_xcalloc(cap, sizeof *v->dates);
	for (int t = 0; t < HZ_TYPE_COUNT; t++) {
		size_t n;
		const hz_field *f = hz_fields((hz_type)t, &n);
		/* a type's date fields lie together: hz_validator_prepare
		 * keeps only those of the record's type */
		v->type_dates[t][0] = v->ndates;
		for (size_t i = 0; i < n; i++) {
			if (f[i].kind != HZ_KIND_DATE && f[i].kind != HZ_KIND_DATES)
				continue;
			v->dates[v->ndates++] = (struct date_field){
				(hz_type)t,
				f[i].key,
				f[i].flags & HZ_F_DATE_BEFORE ? HZ_DATE_ALLOW_BEFORE : 0,
				f[i].flags,
				f[i].kind == HZ_KIND_DATES,
			};
		}
		v->type_dates[t][1] = v->ndates - v->type_dates[t][0];
		if (v->type_dates[t][1] > v->most_dates)
			v->most_dates = v->type_dates[t][1];
	}
}

hz_validator *hz_validator_new(const hz_validate_opts *o, hz_diag *d)
{
	hz_validator *v = calloc(1, sizeof *v);

	if (!v)
		hz_out_of_memory();
	v->opts = *o;
	hz_date_format(o->today, v->today);
	v->diag = d;
	gather_date_fields(v);
	for (int t = 0; t < HZ_TYPE_COUNT; t++) {
		size_t from = NELEM(rules), to = 0;
		for (size_t i = 0; i < NELEM(rules); i++)
			if (rules[i].type == (hz_type)t) {
				from = i < from ? i : from;
				to = i + 1;
			}
		v->type_rules[t][0] = from < to ? from : 0;
		v->type_rules[t][1] = to;
	}
	v->scans = calloc(v->ndates, sizeof *v->scans);
	v->scanned = calloc(v->ndates, 1);
	if (!v->scans || !v->scanned)
		hz_out_of_memory();
	forget_file(v);
	if (o->hazard_refs)
		v->hazard_refs = hz_strset_new();
	return v;
}

void hz_validator_new_file(hz_validator *v)
{
	forget_file(v);
}

/* What the reader found in a record, told by its flags: errors of the
 * record too. The reader reported each already (counted and printed), so
 * only a hook (hz-validate --reject) is told of them here. */
static const struct {
	unsigned flag;
	hz_rule_id rule;
	const char *message;
} reader_flags[] = {
	{ HZ_R_BAD_BYTES, HZ_RULE_ENCODING, "bytes that are not valid in the input encoding" },
	{ HZ_R_TOO_MANY_CELLS, HZ_RULE_TOO_MANY_CELLS,
	  "a non-empty cell beyond the header's last column" },
};

static void flag_findings(hz_validator *v, const hz_record *r)
{
	for (size_t i = 0; i < NELEM(reader_flags); i++) {
		if (!(r->flags & reader_flags[i].flag))
			continue;
		v->errors++;
		hz_finding f = {
			.file = r->place.file,
			.line = r->place.line,
			.record = r->place.record,
			.message = reader_flags[i].message,
		};
		hz_finding_of(&f, reader_flags[i].rule);
		if (v->diag->hook)
			v->diag->hook(&f, v->diag->hook_arg);
	}
}

/* ---- work done where the record is read ----
 *
 * hz-validate's rules outweigh its reading, so the reading thread also
 * parses each record's date cells and makes its duplicate-hazard key
 * (hz_read_opts.prepare) while the rules are behind: the two threads then
 * share the work. What it made is kept on the record (hz_record.ext) and
 * used if the reader says it made it for this row (HZ_R_PREPARED) and the
 * record is still as it was read (no bad bytes were repaired since). */
struct prepared {
	const hz_validator *by;
	const hz_schema *schema; /* the record's when made; NULL: none */
	date_scan *scans;        /* v->scans of the record's type's fields */
	uint64_t hazard_key;
	bool have_hazard_key;
	size_t progress_lines[2]; /* of progress and progress_date */
};

static void prepared_free(void *ext)
{
	struct prepared *p = ext;

	if (!p)
		return;
	free(p->scans);
	free(p);
}

/* Reads only what does not change once the validator is made (its date
 * fields and options): it runs on the reading thread. */
void hz_validator_prepare(void *arg, hz_record *rec)
{
	const hz_validator *v = arg;
	struct prepared *p = rec->ext;
	hz_type t = rec->schema ? rec->schema->type : HZ_TYPE_UNKNOWN;
	const date_scan *check = NULL;

	if (rec->ext_free && rec->ext_free != prepared_free)
		return; /* another tool's */
	if (!p) {
		p = hz_xcalloc(1, sizeof *p);
		p->scans = hz_xcalloc(v->most_dates ? v->most_dates : 1, sizeof *p->scans);
		rec->ext = p;
		rec->ext_free = prepared_free;
	}
	p->by = v;
	p->schema = NULL;
	if (t == HZ_TYPE_UNKNOWN)
		return;
	for (size_t j = 0; j < v->type_dates[t][1]; j++) {
		const struct date_field *f = &v->dates[v->type_dates[t][0] + j];
		scan_dates(f, hz_get(rec, f->key), &p->scans[j]);
		if (f->key == HZ_K_CHECK_DATE)
			check = &p->scans[j];
	}
	p->have_hazard_key =
	        t == HZ_HAZARD &&
	        hazard_key_of(hz_trim(hz_get(rec, HZ_K_UNIT)), hz_trim(hz_get(rec, HZ_K_HAZARD)),
	                      hz_trim(hz_get(rec, HZ_K_CHECK_DATE)), check, &p->hazard_key);
	if (t == HZ_HAZARD) {
		p->progress_lines[0] = hz_line_count(hz_get(rec, HZ_K_PROGRESS));
		p->progress_lines[1] = hz_line_count(hz_get(rec, HZ_K_PROGRESS_DATE));
	}
	p->schema = rec->schema;
}

/* What was prepared for r, when it still holds. */
static const struct prepared *prepared_for(const hz_validator *v, const hz_record *r)
{
	const struct prepared *p = r->ext_free == prepared_free ? r->ext : NULL;

	if (!p || !(r->flags & HZ_R_PREPARED) || p->by != v || p->schema != r->schema ||
	    (r->flags & HZ_R_BAD_BYTES))
		return NULL;
	return p;
}

/* A new record: its date cells not parsed yet, or parsed by its reader. */
static void forget_scans(hz_validator *v, const hz_record *r, const struct prepared *p)
{
	memset(v->scanned, 0, v->ndates);
	if (!p)
		return;
	const size_t *range = v->type_dates[r->schema->type];
	memcpy(v->scans + range[0], p->scans, range[1] * sizeof *p->scans);
	memset(v->scanned + range[0], 1, range[1]);
}

int hz_validate_record(hz_validator *v, const hz_record *r)
{
	hz_type t = r->schema ? r->schema->type : HZ_TYPE_UNKNOWN;

	v->errors = 0;
	if (t != HZ_TYPE_UNKNOWN) {
		const struct prepared *p = prepared_for(v, r);
		load_cells(v, r);
		forget_scans(v, r, p);
		if (p) {
			v->hazard_key = p->hazard_key;
			v->have_hazard_key = p->have_hazard_key;
			v->progress_lines[0] = p->progress_lines[0];
			v->progress_lines[1] = p->progress_lines[1];
			v->have_progress_lines = t == HZ_HAZARD;
		} else {
			v->have_progress_lines = false;
			v->have_hazard_key = t == HZ_HAZARD && hazard_key(v, r, &v->hazard_key);
		}
		if (v->have_hazard_key)
			hz_hashset_prefetch(v->hazards, v->hazard_key);
		/* a type's rows lie together in the table */
		for (size_t i = v->type_rules[t][0]; i < v->type_rules[t][1]; i++) {
			if (rules[i].type != t || !rules[i].check)
				continue;
			v->rule = &rules[i];
			rules[i].check(v, r);
		}
		v->rule = NULL;
		if (v->hazard_refs && t == HZ_HAZARD)
			note_hazard_ref(v);
	}
	flag_findings(v, r);
	return v->errors;
}

void hz_validator_note(hz_validator *v, const hz_record *r)
{
	hz_type t = r->schema ? r->schema->type : HZ_TYPE_UNKNOWN;
	hz_str name;
	uint64_t h;
	long id;

	forget_scans(v, r, NULL);
	load_cells(v, r);
	if (t == HZ_HAZARD) {
		if (id_value(v, &id))
			remember_reporter_id(v, id);
		if (hazard_key(v, r, &h)) {
			hz_hashset_add(v->hazards, h);
			first_reporter(v, h);
		}
	} else if (t == HZ_ROSTER) {
		name = cell(v, HZ_K_ENTERPRISE);
		if (name.n > 0)
			hz_strset_add(v->enterprises, name.s, name.n);
	} else if (t == HZ_TIP || t == HZ_NOTICE) {
		name = cell(v, t == HZ_TIP ? HZ_K_ID : HZ_K_DOC);
		if (name.n > 0)
			hz_strset_add(v->texts, name.s, name.n);
	}
}

void hz_validator_free(hz_validator *v)
{
	if (!v)
		return;
	hz_schema_unref(v->cols_of);
	free(v->ids);
	if (v->big_ids)
		hz_hashset_free(v->big_ids);
	hz_hashset_free(v->hazards);
	hz_strset_free(v->enterprises);
	hz_strset_free(v->texts);
	if (v->hazard_refs)
		hz_strset_free(v->hazard_refs);
	if (v->reporter_ids)
		hz_hashset_free(v->reporter_ids);
	for (size_t i = 0; i < v->nreporters; i++)
		free(v->reporters[i]);
	free(v->reporters);
	free(v->hz_keys);
	free(v->hz_who);
	free(v->dates);
	free(v->scans);
	free(v->scanned);
	free(v);
}
