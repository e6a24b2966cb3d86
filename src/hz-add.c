/* hz-add - add records to a register, safely */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "hz/i18n.h"

enum {
	OPT_SKIP_INVALID,
	OPT_EXTEND,
};

static const hz_option options[] = {
	{ "skip-invalid", 0, false, OPT_SKIP_INVALID, NULL,
	  HZ_N_("add the valid records, report the others (exit 1 if any)") },
	{ "extend", 0, false, OPT_EXTEND, NULL,
	  HZ_N_("add a column the register lacks (rewrites it safely)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	bool skip_invalid, extend;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	(void)arg; /* hz-add's own options take none */
	switch (id) {
	case OPT_SKIP_INVALID:
		r->skip_invalid = true;
		break;
	case OPT_EXTEND:
		r->extend = true;
		break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-add",
		.synopsis = HZ_N_(
		        "-f REGISTER [-q] [--type TYPE] [--today DATE] [--lang zh|en] "
		        "[--extend] FIELD=VALUE ...\n"
		        "       hz-add -f REGISTER [-q] [--skip-invalid] [-i FORMAT] [-E NAME] -"),
		.summary = HZ_N_("Add records to a register: checked with every rule first, "
		                 "appended under a lock in one write, the new ids printed."),
		.example =
		        "id=$(hz-add -f register.csv 专题领域=消防 重大隐患=疏散通道堆放杂物 ...)",
		.common = HZ_OPT_REGISTER | HZ_OPT_INPUT | HZ_OPT_ENCODING | HZ_OPT_LANG |
		          HZ_OPT_TODAY | HZ_OPT_DIAGNOSTICS | HZ_OPT_QUIET | HZ_OPT_TYPE,
		.options = options,
		.on_option = on_option,
		.ctx = &run,
	};
	hz_cli cli;
	int first = hz_cli_parse(&tool, &cli, argc, argv);
	bool from_input;

	if (first < 0)
		return cli.status;
	if (first == argc) {
		hz_cli_error(
		        &cli,
		        "nothing to add: give FIELD=VALUE operands, or - to read records from stdin");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	from_input = false;
	for (int i = first; i < argc; i++)
		from_input |= strcmp(argv[i], "-") == 0;
	if (from_input && argc - first > 1) {
		hz_cli_error(&cli,
		             "- (records from stdin) goes alone, without FIELD=VALUE operands");
		return HZ_EXIT_FAIL;
	}

	hz_session_opts so = hz_cli_session(&cli);
	int rc = hz_session_add_records(&so, argv + first, (size_t)(argc - first), from_input,
	                                run.extend, run.skip_invalid);
	if (rc != HZ_EXIT_FAIL && hz_cli_close_stdout(&cli) != 0)
		rc = HZ_EXIT_FAIL;
	return rc;
}
