/* roster.c - the enterprise names of a roster file (hz-validate --roster):
 * a loader the tool calls, so the rules read no files */
#include <stdlib.h>
#include <string.h>
#include "hz/roster.h"
#include "record_int.h"
#include "xalloc.h"

/*
 * The roster is read as a roster whatever its header says (a list with
 * only 单位名字 could not be told apart otherwise). Returns NULL when the
 * file could not be read (io or no-header, already reported to d).
 */
static hz_strset *names_load(const char *path, const hz_read_opts *ro, hz_diag *d, hz_type type,
			     hz_key key);

hz_strset *hz_roster_load(const char *path, const hz_read_opts *ro, hz_diag *d)
{
	return names_load(path, ro, d, HZ_ROSTER, HZ_K_ENTERPRISE);
}

/* A units file (office.md): the trimmed names of the units, read as a
 * units file whatever its header says. */
hz_strset *hz_units_load(const char *path, const hz_read_opts *ro, hz_diag *d)
{
	return names_load(path, ro, d, HZ_UNIT, HZ_K_NAME);
}

static hz_strset *names_load(const char *path, const hz_read_opts *ro, hz_diag *d, hz_type type,
			     hz_key key)
{
	hz_read_opts o;
	hz_reader *rd;
	hz_record *r;
	hz_strset *names;
	hz_schema *schema;
	bool column = false;
	long records = 0;

	if (ro)
		o = *ro;
	else
		hz_read_opts_init(&o);
	o.type = type;
	/* a file that never ends (/dev/zero) is no roster */
	if (!o.max_bytes || o.max_bytes > HZ_ROSTER_MAX)
		o.max_bytes = HZ_ROSTER_MAX;
	rd = hz_reader_open(path, &o, d);
	names = hz_strset_new();
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str name = hz_trim(hz_get(r, key));

		records++;
		column |= hz_has(r, key);
		if (name.n > 0)
			hz_strset_add(names, name.s, name.n);
	}
	schema = hz_reader_schema(rd);
	column |= schema && schema->col[key] >= 0;
	bool roster = type == HZ_ROSTER;
	/* F24: an empty file, or a register given by mistake, would flag every
	 * enterprise as unknown (or none, had it names): neither is a roster. */
	if (hz_reader_status(rd) == HZ_READ_OK && hz_strset_size(names) == 0) {
		long hl = hz_reader_info(rd)->header_line > 0 ? hz_reader_info(rd)->header_line : 1;
		const char *f = hz_reader_name(rd);
		if (!column && records == 0) {
			if (roster)
				hz_diag_place(d, f, 1, 0, HZ_RULE_EMPTY_ROSTER, "--roster: no records: not a roster");
			else
				hz_diag_place(d, f, 1, 0, HZ_RULE_EMPTY_ROSTER, "--units: no records: not a units file");
		} else if (!column) {
			if (roster)
				hz_diag_place(d, f, hl, 0, HZ_RULE_HEADER_MISSING, "--roster: no 企业名称 (enterprise) column: not a roster");
			else
				hz_diag_place(d, f, hl, 0, HZ_RULE_HEADER_MISSING, "--units: no 单位名称 (name) column: not a units file");
		} else if (roster) {
			hz_diag_place(d, f, 1, 0, HZ_RULE_EMPTY_ROSTER, "--roster: not one enterprise named: an empty roster");
		} else {
			hz_diag_place(d, f, 1, 0, HZ_RULE_EMPTY_ROSTER, "--units: not one unit named: an empty units file");
		}
		hz_strset_free(names);
		names = NULL;
	}
	if (names && hz_reader_status(rd) != HZ_READ_OK) {
		hz_strset_free(names);
		names = NULL;
	}
	hz_reader_close(rd);
	return names;
}

char **hz_units_list(const char *path, const hz_read_opts *ro, hz_diag *d, size_t *n)
{
	hz_read_opts o;
	hz_record *r;
	char **names = NULL;

	*n = 0;
	if (ro)
		o = *ro;
	else
		hz_read_opts_init(&o);
	o.type = HZ_UNIT;
	hz_reader *rd = hz_reader_open(path, &o, d);
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str name = hz_trim(hz_get(r, HZ_K_NAME));
		bool dup = false;
		for (size_t i = 0; i < *n && !dup; i++)
			dup = strlen(names[i]) == name.n && memcmp(names[i], name.s, name.n) == 0;
		if (name.n == 0 || dup)
			continue;
		names = hz_xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = hz_xstrndup(name.s, name.n);
	}
	bool ok = hz_reader_status(rd) == HZ_READ_OK && *n > 0;
	if (hz_reader_status(rd) == HZ_READ_OK && *n == 0)
		hz_diag_place(d, hz_reader_name(rd), 1, 0, HZ_RULE_EMPTY_ROSTER,
			      "--units: not one unit named: an empty units file");
	hz_reader_close(rd);
	if (!ok) {
		for (size_t i = 0; i < *n; i++)
			free(names[i]);
		free(names);
		*n = 0;
		return NULL;
	}
	return names;
}
