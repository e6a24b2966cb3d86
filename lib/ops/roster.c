/* roster.c - the enterprise names of a roster file (hz-validate --roster):
 * a loader the tool calls, so the rules read no files */
#include "hz/roster.h"
#include "record_int.h"

/*
 * The roster is read as a roster whatever its header says (a list with
 * only 单位名字 could not be told apart otherwise). Returns NULL when the
 * file could not be read (io or no-header, already reported to d).
 */
hz_strset *hz_roster_load(const char *path, const hz_read_opts *ro, hz_diag *d)
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
	o.type = HZ_ROSTER;
	/* a file that never ends (/dev/zero) is no roster */
	if (!o.max_bytes || o.max_bytes > HZ_ROSTER_MAX)
		o.max_bytes = HZ_ROSTER_MAX;
	rd = hz_reader_open(path, &o, d);
	names = hz_strset_new();
	while ((r = hz_reader_next(rd)) != NULL) {
		hz_str name = hz_trim(hz_get(r, HZ_K_ENTERPRISE));

		records++;
		column |= hz_has(r, HZ_K_ENTERPRISE);
		if (name.n > 0)
			hz_strset_add(names, name.s, name.n);
	}
	schema = hz_reader_schema(rd);
	column |= schema && schema->col[HZ_K_ENTERPRISE] >= 0;
	/* F24: an empty file, or a register given by mistake, would flag every
	 * enterprise as unknown (or none, had it names): neither is a roster. */
	if (hz_reader_status(rd) == HZ_READ_OK && hz_strset_size(names) == 0) {
		if (!column && records == 0)
			hz_diag_place(d, hz_reader_name(rd), 1, 0, HZ_RULE_EMPTY_ROSTER, "--roster: no records: not a roster");
		else if (!column)
			hz_diag_place(d, hz_reader_name(rd),
				      hz_reader_info(rd)->header_line > 0 ? hz_reader_info(rd)->header_line : 1, 0,
				      HZ_RULE_HEADER_MISSING, "--roster: no 企业名称 (enterprise) column: not a roster");
		else
			hz_diag_place(d, hz_reader_name(rd), 1, 0, HZ_RULE_EMPTY_ROSTER, "--roster: not one enterprise named: an empty roster");
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
