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
	OPT_DATE, OPT_TEXT, OPT_STAGE, OPT_DONE, OPT_EXTEND, OPT_LISTED,
	OPT_LEVEL, OPT_AUTHORITY, OPT_DOC, OPT_DELIST,
	OPT_REVIEW, OPT_RESULT, OPT_REVIEWER, OPT_EVIDENCE,
	OPT_UNIT,
};

static const hz_option options[] = {
	{ "text", 0, true, OPT_TEXT, HZ_N_("TEXT"), HZ_N_("add a progress entry (整改进展)") },
	{ "date", 0, true, OPT_DATE, HZ_N_("DATE"), HZ_N_("the entry's date (default: today)") },
	{ "stage", 0, true, OPT_STAGE, HZ_N_("STAGE"), HZ_N_("set 整改阶段: 未整改, 整改中, 已整改 or 已销号") },
	{ "done", 0, true, OPT_DONE, HZ_N_("DATE"), HZ_N_("rectified on DATE: done_date, and stage 已整改") },
	{ "extend", 0, true, OPT_EXTEND, HZ_N_("DATE"), HZ_N_("an approved extension of the deadline (延期至)") },
	{ "listed", 0, true, OPT_LISTED, HZ_N_("DATE|是|否"), HZ_N_("挂牌督办: listed on DATE, or yes/no") },
	{ "level", 0, true, OPT_LEVEL, HZ_N_("LEVEL"), HZ_N_("挂牌级别: 省级, 市级, 区级 or 街道") },
	{ "authority", 0, true, OPT_AUTHORITY, HZ_N_("NAME"), HZ_N_("挂牌单位: who listed it") },
	{ "doc", 0, true, OPT_DOC, HZ_N_("NO"), HZ_N_("督办文号: the listing's document number") },
	{ "delist", 0, true, OPT_DELIST, HZ_N_("DATE"), HZ_N_("摘牌日期: delisted on DATE") },
	{ "review", 0, true, OPT_REVIEW, HZ_N_("DATE"), HZ_N_("复查: reviewed on site on DATE (with --result)") },
	{ "result", 0, true, OPT_RESULT, HZ_N_("通过|不通过"), HZ_N_("复查结论: 通过 signs off (已销号), 不通过 reopens (整改中)") },
	{ "reviewer", 0, true, OPT_REVIEWER, HZ_N_("NAME"), HZ_N_("复查人: who reviewed") },
	{ "evidence", 0, true, OPT_EVIDENCE, HZ_N_("TEXT"), HZ_N_("佐证材料: a photo's or document's name or link (repeatable)") },
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
	const char *text, *stage, *listed, *level, *authority, *doc, *result, *reviewer, *unit;
	struct date_opt date, done, extend, delist, review;
	char today[11], listed_iso[11];   /* the strings p points to */
	const char **evidence;
	size_t nevidence;
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
	case OPT_LEVEL: r->level = arg; break;
	case OPT_AUTHORITY: r->authority = arg; break;
	case OPT_DOC: r->doc = arg; break;
	case OPT_DELIST: r->delist.raw = arg; break;
	case OPT_REVIEW: r->review.raw = arg; break;
	case OPT_RESULT: r->result = arg; break;
	case OPT_REVIEWER: r->reviewer = arg; break;
	case OPT_EVIDENCE:
		r->evidence = realloc(r->evidence, (r->nevidence + 1) * sizeof *r->evidence);
		if (r->evidence == NULL)
			return -1;
		r->evidence[r->nevidence++] = arg;
		break;
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
	    !date_arg(cli, "--extend", &r->extend, &p->extend) ||
	    !date_arg(cli, "--delist", &r->delist, &p->delist) ||
	    !date_arg(cli, "--review", &r->review, &p->review))
		return false;
	if (p->date != NULL && p->text == NULL) {
		hz_cli_error(cli, "--date is the date of a progress entry: give --text too");
		return false;
	}
	p->listing_level = r->level;
	p->listing_authority = r->authority;
	p->listing_doc = r->doc;
	p->reviewer = r->reviewer;
	p->evidence = r->evidence;
	p->nevidence = r->nevidence;
	if (r->level != NULL && hz_listing_level_canonical(hz_str_c(r->level)) == NULL) {
		hz_cli_error(cli, "--level: '%s' is not 省级, 市级, 区级 or 街道", r->level);
		return false;
	}
	if (r->level != NULL)
		p->listing_level = hz_listing_level_canonical(hz_str_c(r->level));
	if ((p->review != NULL) != (r->result != NULL)) {
		hz_cli_error(cli, "a review is --review DATE with --result 通过|不通过");
		return false;
	}
	if ((r->reviewer != NULL || r->nevidence > 0) && p->review == NULL) {
		hz_cli_error(cli, "--reviewer and --evidence belong to a review: give --review DATE --result too");
		return false;
	}
	if (r->result != NULL) {
		p->result = hz_review_canonical(hz_str_c(r->result));
		if (p->result == NULL) {
			hz_cli_error(cli, "--result: '%s' is neither 通过 nor 不通过", r->result);
			return false;
		}
		if (p->done != NULL || p->stage != NULL) {
			hz_cli_error(cli, "--review sets the stage: give --done or --stage in a run of their own");
			return false;
		}
	}
	if (p->date == NULL && p->review == NULL) {
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
	static struct run run;   /* static: --evidence stays reachable */
	hz_tool tool = {
		.name = "hz-progress",
		.synopsis = HZ_N_("-f REGISTER [REPORTER:]ID [--unit NAME] [-q] [--text TEXT [--date DATE]] [--stage STAGE]\n"
			    "                   [--done DATE] [--extend DATE] [--listed DATE|是|否] "
			    "[--today DATE]\n"
			    "                   [--level L] [--authority A] [--doc NO] [--delist DATE]\n"
			    "                   [--review DATE --result 通过|不通过 [--reviewer NAME] "
			    "[--evidence TEXT]...]"),
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
	if (!p.text && !p.stage && !p.done && !p.extend && !p.listed && !p.listing_level &&
	    !p.listing_authority && !p.listing_doc && !p.delist && !p.review) {
		hz_cli_error(&cli, "nothing to record: give --text, --stage, --done, --extend, --listed, "
			     "--delist or --review");
		hz_cli_usage(&tool, stderr);
		return HZ_EXIT_FAIL;
	}

	int rc = hz_session_change_record(&so, id, HZ_HAZARD, true, apply, &p);
	if (hz_cli_close_stdout(&cli) != 0)
		rc = HZ_EXIT_FAIL;
	return rc;
}
