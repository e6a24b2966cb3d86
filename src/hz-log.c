/* hz-log - who changed what in a register, and when: its journal */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "hz/hzlog.h"
#include "hz/i18n.h"

enum { OPT_SINCE, OPT_VERIFY };

static const hz_option options[] = {
	{ "since", 0, true, OPT_SINCE, HZ_N_("DATE"),
	  HZ_N_("only the changes made on DATE or later") },
	{ "verify", 0, false, OPT_VERIFY, NULL,
	  HZ_N_("check that the register is as the journal's last entry left it (exit 1 if not)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	const char *since;
	bool verify;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	if (id == OPT_SINCE)
		r->since = arg;
	else if (id == OPT_VERIFY)
		r->verify = true;
	return 0;
}

/* ID or REPORTER:ID: which record's history. */
static bool which(const hz_cli *cli, char *arg, hz_log_opts *o)
{
	char *colon = strrchr(arg, ':');

	if (colon) {
		*colon = '\0';
		o->reporter = arg;
		arg = colon + 1;
	}
	return hz_cli_id(cli, arg, &o->id);
}

int main(int argc, char **argv)
{
	static struct run run;
	hz_tool tool = {
		.name = "hz-log",
		.synopsis =
		        HZ_N_("[-q] [-o text|table|csv|jsonl] [--since DATE] [--verify] REGISTER "
		              "[ID|REPORTER:ID]"),
		.summary = HZ_N_("print who changed what in a register, and when (its journal "
		                 "REGISTER.hzlog), or check it was not changed outside hz"),
		.example = "hz-log register.csv 12",
		.outputs = "text table csv tsv jsonl",
		.common = HZ_OPT_OUTPUT | HZ_OPT_QUIET,
		.options = options,
		.on_option = on_option,
		.ctx = &run,
	};
	hz_cli cli;
	int first = hz_cli_parse(&tool, &cli, argc, argv);
	hz_log_opts o = { .format = HZ_FMT_TEXT };

	if (first < 0)
		return cli.status;
	if (argc - first < 1 || argc - first > 2) {
		hz_cli_error(&cli, "%s",
		             HZ_("give one REGISTER, and an ID or REPORTER:ID at most"));
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	o.prog = cli.prog;
	o.register_path = argv[first];
	o.verify = run.verify;
	o.quiet = cli.quiet;
	if (cli.write.format != HZ_FMT_AUTO)
		o.format = cli.write.format;
	if (o.format == HZ_FMT_JSON || o.format == HZ_FMT_XLSX) {
		hz_cli_error(&cli, "-o: hz-log writes text, table, csv, tsv or jsonl");
		return HZ_EXIT_FAIL;
	}
	if (run.since && !hz_cli_date(&cli, "--since", run.since, &o.since))
		return HZ_EXIT_FAIL;
	o.have_since = run.since != NULL;
	if (argc - first == 2 && !which(&cli, argv[first + 1], &o))
		return HZ_EXIT_FAIL;
	int rc = hz_log_run(&o);
	if (hz_cli_close_stdout(&cli) != 0)
		rc = HZ_EXIT_FAIL;
	return rc;
}
