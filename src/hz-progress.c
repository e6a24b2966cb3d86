/* hz-progress - record progress on a hazard: the closed loop of 整改 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/cli.h"
#include "hz/progress.h"
#include "hz/register.h"
#include "hz/vocab.h"

enum {
	OPT_DATE, OPT_TEXT, OPT_STAGE, OPT_DONE, OPT_EXTEND, OPT_LISTED,
};

static const hz_option options[] = {
	{ "text", 0, true, OPT_TEXT, "TEXT", "add a progress entry (整改进展)" },
	{ "date", 0, true, OPT_DATE, "DATE", "the entry's date (default: today)" },
	{ "stage", 0, true, OPT_STAGE, "STAGE", "set 整改阶段: 未整改, 整改中, 已整改 or 已销号" },
	{ "done", 0, true, OPT_DONE, "DATE", "rectified on DATE: done_date, and stage 已整改" },
	{ "extend", 0, true, OPT_EXTEND, "DATE", "an approved extension of the deadline (延期至)" },
	{ "listed", 0, true, OPT_LISTED, "DATE|是|否", "挂牌督办: listed on DATE, or yes/no" },
	{ NULL, 0, false, 0, NULL, NULL },
};

/* Date options: checked and kept as YYYY-MM-DD. */
struct date_opt {
	const char *raw;
	char iso[11];
};

struct run {
	const char *text, *stage, *listed;
	struct date_opt date, done, extend;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	switch (id) {
	case OPT_TEXT: r->text = arg; break;
	case OPT_STAGE: r->stage = arg; break;
	case OPT_LISTED: r->listed = arg; break;
	case OPT_DATE: r->date.raw = arg; break;
	case OPT_DONE: r->done.raw = arg; break;
	case OPT_EXTEND: r->extend.raw = arg; break;
	}
	return 0;
}

/* A date option as YYYY-MM-DD; NULL when not given; false when not a date. */
static bool date_arg(const hz_cli *cli, const char *opt, struct date_opt *d, const char **out)
{
	hz_date day;

	*out = NULL;
	if (d->raw == NULL)
		return true;
	if (!hz_cli_date(cli, opt, d->raw, &day))
		return false;
	hz_date_format(day, d->iso);
	*out = d->iso;
	return true;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-progress",
		.synopsis = "-f REGISTER ID [-q] [--text TEXT [--date DATE]] [--stage STAGE]\n"
			    "                   [--done DATE] [--extend DATE] [--listed DATE|是|否] "
			    "[--today DATE]",
		.summary = "Record progress on hazard ID of a register: a progress entry, a stage, "
			   "the day it was rectified, an extension; the register is rewritten atomically.",
		.example = "hz-progress -f register.csv 12 --text '已清理一层通道'",
		.common = HZ_OPT_REGISTER | HZ_OPT_ENCODING | HZ_OPT_TODAY | HZ_OPT_DIAGNOSTICS |
			  HZ_OPT_QUIET,
		.options = options,
		.on_option = on_option,
		.ctx = &run,
	};
	hz_cli cli;
	int first = hz_cli_parse(&tool, &cli, argc, argv);
	hz_progress p = { 0 };
	char today[11], listed[11];
	long id;

	if (first < 0)
		return cli.status;
	if (argc - first != 1) {
		hz_cli_error(&cli, argc == first ? "which hazard? give its ID" : "one ID at a time");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	if (!hz_count_parse(hz_str_c(argv[first]), &id) || id <= 0) {
		hz_cli_error(&cli, "'%s' is not an id (a positive integer)", argv[first]);
		return HZ_EXIT_FAIL;
	}
	p.text = run.text;
	p.stage = run.stage;
	if (!date_arg(&cli, "--date", &run.date, &p.date) ||
	    !date_arg(&cli, "--done", &run.done, &p.done) ||
	    !date_arg(&cli, "--extend", &run.extend, &p.extend))
		return HZ_EXIT_FAIL;
	if (p.date != NULL && p.text == NULL) {
		hz_cli_error(&cli, "--date is the date of a progress entry: give --text too");
		return HZ_EXIT_FAIL;
	}
	if (p.date == NULL) {
		hz_date_format(cli.today, today);
		p.date = today;
	}
	if (run.listed != NULL) {
		bool yes;
		hz_date day;
		if (hz_flag_parse(hz_str_c(run.listed), &yes) && !hz_blank(hz_str_c(run.listed))) {
			p.listed = run.listed;
		} else if (hz_date_parse(hz_str_c(run.listed), 0, &day)) {
			hz_date_format(day, listed);
			p.listed = listed;
		} else {
			hz_cli_error(&cli, "--listed: '%s' is neither a date nor 是/否", run.listed);
			return HZ_EXIT_FAIL;
		}
	}
	if (!p.text && !p.stage && !p.done && !p.extend && !p.listed) {
		hz_cli_error(&cli, "nothing to record: give --text, --stage, --done, --extend or --listed");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}

	hz_diag diag;
	hz_diag_init(&diag, cli.prog);
	diag.format = cli.diagnostics;
	hz_reg_opts ro = {
		.type = HZ_HAZARD,
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
			hz_cli_error(&cli, "%s: no hazard with id %ld", cli.register_path, id);
		else
			hz_cli_error(&cli, "%s: %ld hazards have id %ld; nothing written",
				     cli.register_path, count, id);
		rc = HZ_EXIT_FOUND;
	} else if (hz_progress_apply(g, &p, err, sizeof err) == -1) {
		hz_cli_error(&cli, "%s", err);
		rc = HZ_EXIT_FAIL;
	} else if (hz_reg_check_target(g) > 0) {
		hz_cli_error(&cli, "%s: nothing written (the result would be invalid)", cli.register_path);
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
