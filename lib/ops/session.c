/* session.c - one run's change to a register: hz-add's records appended,
 * hz-edit's and hz-progress's change to one record, each opened, checked and
 * committed through register.c, with the messages a tool prints */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/i18n.h"
#include "hz/register.h"
#include "hz/session.h"

/* "hz-add: MESSAGE" on stderr, the message in the locale's language */
static void complain(const hz_session_opts *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void complain(const hz_session_opts *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", o->prog);
	va_start(ap, fmt);
	vfprintf(stderr, HZ_(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

hz_exit hz_session_change_record(const hz_session_opts *o, long id, hz_type type, bool hazard,
                                 hz_session_change change, void *ctx)
{
	hz_diag diag;
	hz_diag_init(&diag, o->prog);
	diag.format = o->diagnostics;
	hz_reg_opts ro = {
		.type = type,
		.target = id,
		.target_reporter = o->reporter,
		.encoding = o->read.encoding,
		.no_journal = o->no_journal,
		.validate = { .today = o->today },
	};
	char err[1024] = "";
	hz_reg *g = hz_reg_open(o->register_path, &ro, &diag, err, sizeof err);
	if (g == NULL) {
		complain(o, "%s", err);
		return HZ_EXIT_FAIL;
	}
	long count;
	int rc = HZ_EXIT_OK;
	size_t nrep;
	const char *const *rep = hz_reg_target_reporters(g, &nrep);
	if (nrep > 1 && hz_reg_target(g, &count) == NULL) {
		/* a street database: each unit has its own 序号 */
		char names[512] = "";
		for (size_t i = 0; i < nrep; i++) {
			size_t used = strlen(names);
			snprintf(names + used, sizeof names - used, "%s'%s'", i ? ", " : "",
			         rep[i]);
		}
		complain(o,
		         "%s: id %ld is ambiguous: %s have it; say which: REPORTER:%ld or "
		         "%ld --unit REPORTER (nothing written)",
		         o->register_path, id, names, id, id);
		rc = HZ_EXIT_FAIL;
	} else if (hz_reg_target(g, &count) == NULL && o->reporter && count == 0) {
		complain(o, "%s: no record '%s:%ld'", o->register_path, o->reporter, id);
		rc = HZ_EXIT_FOUND;
	} else if (hz_reg_target(g, &count) == NULL) {
		/* whole messages, not a noun spliced in: each is translated */
		if (count == 0 && hazard)
			complain(o, "%s: no hazard with id %ld", o->register_path, id);
		else if (count == 0)
			complain(o, "%s: no record with id %ld", o->register_path, id);
		else if (hazard)
			complain(o, "%s: %ld hazards have id %ld; nothing written",
			         o->register_path, count, id);
		else
			complain(o, "%s: %ld records have id %ld; nothing written",
			         o->register_path, count, id);
		rc = HZ_EXIT_FOUND;
	} else if (change(g, ctx, err, sizeof err) == -1) {
		complain(o, "%s", err);
		rc = HZ_EXIT_FAIL;
	} else if (hz_reg_check_target(g) > 0) {
		complain(o, "%s: nothing written (the result would be invalid)", o->register_path);
		rc = HZ_EXIT_FOUND;
	} else if (hz_reg_commit(g, err, sizeof err) == -1) {
		complain(o, "%s (nothing written)", err);
		rc = HZ_EXIT_FAIL;
	}
	hz_reg_close(g);
	return rc;
}

/* The new records' ids, "12, 13, 14", for the message that stands in for
 * stdout when it failed: they are what the user would lose. */
static char *id_list(hz_reg *g, size_t n)
{
	char *list = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&list, &len);

	if (!m)
		return strdup("?");
	for (size_t i = 0, k = 0; i < n; i++)
		if (*hz_reg_new_id(g, i) != '\0')
			fprintf(m, k++ ? ", %s" : "%s", hz_reg_new_id(g, i));
	if (fclose(m) != 0) {
		free(list);
		return strdup("?");
	}
	return list;
}

hz_exit hz_session_add_records(const hz_session_opts *o, char **operands, size_t n_operands,
                               bool from_input, bool extend, bool skip_invalid)
{
	hz_diag diag;
	hz_diag_init(&diag, o->prog);
	diag.format = o->diagnostics;
	hz_reg_opts ro = {
		.type = o->read.type,
		.english = o->english,
		.create = true,
		.encoding = o->read.encoding,
		.no_journal = o->no_journal,
		.validate = { .today = o->today },
	};
	char err[1024] = "";
	hz_reg *g = hz_reg_open(o->register_path, &ro, &diag, err, sizeof err);
	if (g == NULL) {
		complain(o, "%s", err);
		return HZ_EXIT_FAIL;
	}
	int added = from_input
	                    ? hz_reg_add_input(g, "-", &o->read, extend, err, sizeof err)
	                    : hz_reg_add_fields(g, operands, n_operands, extend, err, sizeof err);
	if (added == -1) {
		complain(o, "%s", err);
		hz_reg_close(g);
		return HZ_EXIT_FAIL;
	}
	long refused = hz_reg_check(g, skip_invalid);
	if (refused > 0 && !skip_invalid) {
		complain(o,
		         HZ_P_("%s: nothing added (%ld record refused)",
		               "%s: nothing added (%ld records refused)", refused),
		         o->register_path, refused);
		hz_reg_close(g);
		return HZ_EXIT_FOUND;
	}
	if (hz_reg_commit(g, err, sizeof err) == -1) {
		complain(o, "%s (nothing added)", err);
		hz_reg_close(g);
		return HZ_EXIT_FAIL;
	}
	size_t n = hz_reg_count(g);
	for (size_t i = 0; i < n; i++)
		if (*hz_reg_new_id(g, i) != '\0')
			printf("%s\n", hz_reg_new_id(g, i));
	if (from_input && !o->quiet) {
		char more[128] = "";
		if (refused)
			snprintf(more, sizeof more, HZ_(", refused %ld"), refused);
		fprintf(stderr,
		        HZ_P_("%s: added %zu record to %s%s\n", "%s: added %zu records to %s%s\n",
		              n),
		        o->prog, n, o->register_path, more);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* F10: the records are in; a retry would add them twice */
		complain(o, "write error on standard output");
		char *ids = id_list(g, n);
		complain(
		        o,
		        HZ_P_("%s: %zu record was added, but its id could not be "
		              "printed: %s; do not add it again",
		              "%s: %zu records were added, but their ids could not be printed: %s; "
		              "do not add them again",
		              n),
		        o->register_path, n, ids);
		free(ids);
		hz_reg_close(g);
		return HZ_EXIT_FAIL;
	}
	hz_reg_close(g);
	return refused > 0 ? HZ_EXIT_FOUND : HZ_EXIT_OK;
}
