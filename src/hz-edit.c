/* hz-edit - correct fields of a record in a register */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/register.h"

enum {
	OPT_EXTEND, OPT_UNIT,
};

static const hz_option options[] = {
	{ "extend", 0, false, OPT_EXTEND, NULL,
	  HZ_N_("add a column the register lacks (rewrites it safely)") },
	{ "unit", 0, true, OPT_UNIT, HZ_N_("NAME"),
	  HZ_N_("the record of that 填报单位 (a street database: each unit has its own ids)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	bool extend;
	const char *unit;
	char **fields;          /* the FIELD=VALUE operands */
	size_t nfields;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	if (id == OPT_EXTEND)
		r->extend = true;
	else if (id == OPT_UNIT)
		r->unit = arg;
	return 0;
}

static int edit(hz_reg *g, void *ctx, char *err, size_t errcap)
{
	struct run *r = ctx;

	return hz_reg_edit_fields(g, r->fields, r->nfields, r->extend, err, errcap);
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-edit",
		.synopsis = HZ_N_("-f REGISTER [REPORTER:]ID [--unit NAME] [-q] [-E NAME] [--extend] [--today DATE] FIELD=VALUE ..."),
		.summary = HZ_N_("Correct fields of the record with id ID (FIELD= empties one); "
			   "refused when the change adds an error; the register is rewritten atomically."),
		.example = "hz-edit -f register.csv 12 责任人=王五",
		.common = HZ_OPT_REGISTER | HZ_OPT_ENCODING | HZ_OPT_TODAY | HZ_OPT_DIAGNOSTICS |
			  HZ_OPT_QUIET,
		.options = options,
		.on_option = on_option,
		.ctx = &run,
	};
	hz_cli cli;
	int first = hz_cli_parse(&tool, &cli, argc, argv);
	long id;

	if (first < 0)
		return cli.status;
	if (argc - first < 2) {
		hz_cli_error(&cli, "%s", argc == first ? HZ_("which record? give its ID and FIELD=VALUE operands")
				  : HZ_("nothing to change: give FIELD=VALUE operands"));
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	hz_session_opts so = hz_cli_session(&cli);
	if (!hz_cli_record_id(&cli, argv[first], run.unit, &so.reporter, &id))
		return HZ_EXIT_FAIL;
	run.fields = argv + first + 1;
	run.nfields = (size_t)(argc - first - 1);
	int rc = hz_session_change_record(&so, id, HZ_TYPE_UNKNOWN, false, edit, &run);
	if (hz_cli_close_stdout(&cli) != 0)
		rc = HZ_EXIT_FAIL;
	if (rc == HZ_EXIT_OK && !cli.quiet) {
		/* what was written, on stderr (stdout stays for what a script reads) */
		fprintf(stderr, HZ_("%s: %s: record %ld changed:"), cli.prog, cli.register_path, id);
		for (size_t i = 0; i < run.nfields; i++)
			fprintf(stderr, " %s", run.fields[i]);
		fputc('\n', stderr);
	}
	return rc;
}
