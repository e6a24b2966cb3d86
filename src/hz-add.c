/* hz-add - add records to a register, safely */
#include <stdio.h>
#include <string.h>
#include "hz/cli.h"
#include "hz/register.h"

enum {
	OPT_SKIP_INVALID, OPT_EXTEND,
};

static const hz_option options[] = {
	{ "skip-invalid", 0, false, OPT_SKIP_INVALID, NULL,
	  "add the valid records, report the others (exit 1 if any)" },
	{ "extend", 0, false, OPT_EXTEND, NULL,
	  "add a column the register lacks (rewrites it safely)" },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	bool skip_invalid, extend;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	(void)arg;      /* hz-add's own options take none */
	switch (id) {
	case OPT_SKIP_INVALID: r->skip_invalid = true; break;
	case OPT_EXTEND: r->extend = true; break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-add",
		.synopsis = "-f REGISTER [-q] [--type TYPE] [--today DATE] [--lang zh|en] "
			    "[--extend] FIELD=VALUE ...\n"
			    "       hz-add -f REGISTER [-q] [--skip-invalid] [-i FORMAT] [-E NAME] -",
		.summary = "Add records to a register: checked with every rule first, "
			   "appended under a lock in one write, the new ids printed.",
		.example = "id=$(hz-add -f register.csv 专题领域=消防 重大隐患=疏散通道堆放杂物 ...)",
		.common = HZ_OPT_REGISTER | HZ_OPT_INPUT | HZ_OPT_ENCODING | HZ_OPT_LANG | HZ_OPT_TODAY |
			  HZ_OPT_DIAGNOSTICS | HZ_OPT_QUIET | HZ_OPT_TYPE,
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
		hz_cli_error(&cli, "nothing to add: give FIELD=VALUE operands, or - to read records from stdin");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	from_input = false;
	for (int i = first; i < argc; i++)
		from_input |= strcmp(argv[i], "-") == 0;
	if (from_input && argc - first > 1) {
		hz_cli_error(&cli, "- (records from stdin) goes alone, without FIELD=VALUE operands");
		return HZ_EXIT_FAIL;
	}

	hz_diag diag;
	hz_diag_init(&diag, cli.prog);
	diag.format = cli.diagnostics;
	hz_reg_opts ro = {
		.type = cli.read.type,
		.english = cli.english,
		.create = true,
		.encoding = cli.read.encoding,
		.validate = { .today = cli.today },
	};
	char err[1024] = "";
	hz_reg *g = hz_reg_open(cli.register_path, &ro, &diag, err, sizeof err);
	if (g == NULL) {
		hz_cli_error(&cli, "%s", err);
		return HZ_EXIT_FAIL;
	}
	int added = from_input ?
	    hz_reg_add_input(g, "-", &cli.read, run.extend, err, sizeof err) :
	    hz_reg_add_fields(g, argv + first, (size_t)(argc - first), run.extend, err, sizeof err);
	if (added == -1) {
		hz_cli_error(&cli, "%s", err);
		hz_reg_close(g);
		return HZ_EXIT_FAIL;
	}
	long refused = hz_reg_check(g, run.skip_invalid);
	if (refused > 0 && !run.skip_invalid) {
		hz_cli_error(&cli, "%s: nothing added (%ld record%s refused)", cli.register_path, refused,
			     refused == 1 ? "" : "s");
		hz_reg_close(g);
		return HZ_EXIT_FOUND;
	}
	if (hz_reg_commit(g, err, sizeof err) == -1) {
		hz_cli_error(&cli, "%s (nothing added)", err);
		hz_reg_close(g);
		return HZ_EXIT_FAIL;
	}
	size_t n = hz_reg_count(g);
	for (size_t i = 0; i < n; i++)
		if (*hz_reg_new_id(g, i) != '\0')
			printf("%s\n", hz_reg_new_id(g, i));
	if (from_input && !cli.quiet) {
		char more[64] = "";
		if (refused)
			snprintf(more, sizeof more, ", refused %ld", refused);
		fprintf(stderr, "%s: added %zu record%s to %s%s\n", cli.prog, n, n == 1 ? "" : "s",
			cli.register_path, more);
	}
	hz_reg_close(g);
	if (hz_cli_close_stdout(&cli) != 0) {
		/* F10: the records are in; a retry would add them twice */
		hz_cli_error(&cli, n == 1 ? "%s: %zu record was added, but its id could not be "
				  "printed; do not add it again" :
			     "%s: %zu records were added, but their ids could not be printed; "
			     "do not add them again", cli.register_path, n);
		return HZ_EXIT_FAIL;
	}
	return refused > 0 ? HZ_EXIT_FOUND : HZ_EXIT_OK;
}
