/* hz-edit - correct fields of a record in a register */
#include <stdio.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/cli.h"
#include "hz/register.h"

enum {
	OPT_EXTEND,
};

static const hz_option options[] = {
	{ "extend", 0, false, OPT_EXTEND, NULL,
	  "add a column the register lacks (rewrites it safely)" },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	bool extend;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	(void)arg;
	if (id == OPT_EXTEND)
		r->extend = true;
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-edit",
		.synopsis = "-f REGISTER ID [-q] [-E NAME] [--extend] [--today DATE] FIELD=VALUE ...",
		.summary = "Correct fields of the record with id ID (FIELD= empties one); "
			   "refused when the change adds an error; the register is rewritten atomically.",
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
		hz_cli_error(&cli, argc == first ? "which record? give its ID and FIELD=VALUE operands"
				  : "nothing to change: give FIELD=VALUE operands");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	if (!hz_count_parse(hz_str_c(argv[first]), &id) || id <= 0) {
		hz_cli_error(&cli, "'%s' is not an id (a positive integer)", argv[first]);
		return HZ_EXIT_FAIL;
	}

	hz_diag diag;
	hz_diag_init(&diag, cli.prog);
	diag.format = cli.diagnostics;
	hz_reg_opts ro = {
		.type = HZ_TYPE_UNKNOWN,
		.allow_damaged = true,
		.target = id,
		.encoding = cli.read.encoding,
		.validate = { .today = cli.today },
	};
	char err[1024] = "";
	hz_reg *g = hz_reg_open(cli.register_path, &ro, &diag, err, sizeof err);
	if (g == NULL) {
		hz_cli_error(&cli, "%s", err);
		return HZ_EXIT_FAIL;
	}
	long count;
	int rc = HZ_EXIT_OK;
	if (hz_reg_target(g, &count) == NULL) {
		if (count == 0)
			hz_cli_error(&cli, "%s: no record with id %ld", cli.register_path, id);
		else
			hz_cli_error(&cli, "%s: %ld records have id %ld; nothing written",
				     cli.register_path, count, id);
		rc = HZ_EXIT_FOUND;
	} else if (hz_reg_edit_fields(g, argv + first + 1, (size_t)(argc - first - 1), run.extend,
				      err, sizeof err) == -1) {
		hz_cli_error(&cli, "%s", err);
		rc = HZ_EXIT_FAIL;
	} else if (hz_reg_check_target(g) > 0) {
		hz_cli_error(&cli, "%s: nothing written (the result would be invalid)",
			     cli.register_path);
		rc = HZ_EXIT_FOUND;
	} else if (hz_reg_commit(g, err, sizeof err) == -1) {
		hz_cli_error(&cli, "%s (nothing written)", err);
		rc = HZ_EXIT_FAIL;
	}
	hz_reg_close(g);
	if (hz_cli_close_stdout(&cli) != 0)
		return HZ_EXIT_FAIL;
	return rc;
}
