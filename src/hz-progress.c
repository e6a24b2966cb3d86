/* hz-progress - record progress on a hazard: the closed loop of 整改 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/amount.h"
#include "cli.h"
#include "hz/i18n.h"
#include "hz/progress.h"
#include "hz/register.h"
#include "hz/vocab.h"

enum {
	OPT_DATE, OPT_TEXT, OPT_STAGE, OPT_DONE, OPT_EXTEND, OPT_LISTED, OPT_UNIT,
};

static const hz_option options[] = {
	{ "text", 0, true, OPT_TEXT, HZ_N_("TEXT"), HZ_N_("add a progress entry (整改进展)") },
	{ "date", 0, true, OPT_DATE, HZ_N_("DATE"), HZ_N_("the entry's date (default: today)") },
	{ "stage", 0, true, OPT_STAGE, HZ_N_("STAGE"), HZ_N_("set 整改阶段: 未整改, 整改中, 已整改 or 已销号") },
	{ "done", 0, true, OPT_DONE, HZ_N_("DATE"), HZ_N_("rectified on DATE: done_date, and stage 已整改") },
	{ "extend", 0, true, OPT_EXTEND, HZ_N_("DATE"), HZ_N_("an approved extension of the deadline (延期至)") },
	{ "listed", 0, true, OPT_LISTED, HZ_N_("DATE|是|否"), HZ_N_("挂牌督办: listed on DATE, or yes/no") },
	{ "unit", 0, true, OPT_UNIT, HZ_N_("NAME"),
	  HZ_N_("the record of that 填报单位 (a street database: each unit has its own ids)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

/* Date options: checked and kept as YYYY-MM-DD. */
struct date_opt {
	const char *raw;
	char iso[11];
};

struct run {
	const char *text, *stage, *listed, *unit;
	struct date_opt date, done, extend;
	char today[11], listed_iso[11];   /* the strings p points to */
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;

	switch (id) {
	case OPT_TEXT: r->text = arg; break;
	case OPT_UNIT: r->unit = arg; break;
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

/* The options as the change to make; false after a message. */
static bool progress_of(const hz_cli *cli, struct run *r, hz_progress *p)
{
	p->text = r->text;
	p->stage = r->stage;
	if (!date_arg(cli, "--date", &r->date, &p->date) ||
	    !date_arg(cli, "--done", &r->done, &p->done) ||
	    !date_arg(cli, "--extend", &r->extend, &p->extend))
		return false;
	if (p->date != NULL && p->text == NULL) {
		hz_cli_error(cli, "--date is the date of a progress entry: give --text too");
		return false;
	}
	if (p->date == NULL) {
		hz_date_format(cli->today, r->today);
		p->date = r->today;
	}
	if (r->listed != NULL) {
		bool yes;
		hz_date day;
		if (hz_flag_parse(hz_str_c(r->listed), &yes) && !hz_blank(hz_str_c(r->listed))) {
			p->listed = r->listed;
		} else if (hz_date_parse(hz_str_c(r->listed), 0, &day)) {
			hz_date_format(day, r->listed_iso);
			p->listed = r->listed_iso;
		} else {
			hz_cli_error(cli, "--listed: '%s' is neither a date nor 是/否", r->listed);
			return false;
		}
	}
	return true;
}

static int apply(hz_reg *g, void *ctx, char *err, size_t errcap)
{
	return hz_progress_apply(g, ctx, err, errcap);
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-progress",
		.synopsis = HZ_N_("-f REGISTER [REPORTER:]ID [--unit NAME] [-q] [--text TEXT [--date DATE]] [--stage STAGE]\n"
			    "                   [--done DATE] [--extend DATE] [--listed DATE|是|否] "
			    "[--today DATE]"),
		.summary = HZ_N_("Record progress on hazard ID of a register: a progress entry, a stage, "
			   "the day it was rectified, an extension; the register is rewritten atomically."),
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
	long id;

	if (first < 0)
		return cli.status;
	if (argc - first != 1) {
		hz_cli_error(&cli, "%s", argc == first ? HZ_("which hazard? give its ID") : HZ_("one ID at a time"));
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}
	hz_session_opts so = hz_cli_session(&cli);
	if (!hz_cli_record_id(&cli, argv[first], run.unit, &so.reporter, &id))
		return HZ_EXIT_FAIL;
	if (!progress_of(&cli, &run, &p))
		return HZ_EXIT_FAIL;
	if (!p.text && !p.stage && !p.done && !p.extend && !p.listed) {
		hz_cli_error(&cli, "nothing to record: give --text, --stage, --done, --extend or --listed");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}

	int rc = hz_session_change_record(&so, id, HZ_HAZARD, true, apply, &p);
	if (hz_cli_close_stdout(&cli) != 0)
		rc = HZ_EXIT_FAIL;
	return rc;
}
