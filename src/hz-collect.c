/* hz-collect - take in what the units sent: log, archive, and put each
 * register into the street database (office.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "hz/collect.h"
#include "hz/i18n.h"
#include "hz/roster.h"
#include "hz/schedule.h"

enum {
	OPT_DB,
	OPT_LOG,
	OPT_UNITS,
	OPT_ARCHIVE,
	OPT_DATE,
	OPT_MATERIAL,
	OPT_PERIOD,
	OPT_DRY_RUN,
	OPT_REJECT_ERRORS,
	OPT_SCHEDULE,
};

static const hz_option options[] = {
	{ "db", 0, true, OPT_DB, HZ_N_("REGISTER"),
	  HZ_N_("the street database the registers go into") },
	{ "log", 0, true, OPT_LOG, HZ_N_("FILE"),
	  HZ_N_("the 报送台账: one submission record per file (created if missing)") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("the units that report: a file from anyone else is refused") },
	{ "archive", 0, true, OPT_ARCHIVE, HZ_N_("DIR"),
	  HZ_N_("copy each file to DIR/UNIT/PERIOD/NAME") },
	{ "date", 0, true, OPT_DATE, HZ_N_("DATE"),
	  HZ_N_("the day received (default: the file's modification day)") },
	{ "material", 0, true, OPT_MATERIAL, HZ_N_("CODE"),
	  HZ_N_("what was sent (default: report-month for a 附件1, register)") },
	{ "period", 0, true, OPT_PERIOD, HZ_N_("P"),
	  HZ_N_("the period it is for (default: the report's month)") },
	{ "dry-run", 'n', false, OPT_DRY_RUN, NULL,
	  HZ_N_("check and compare only; change nothing") },
	{ "reject-errors", 0, false, OPT_REJECT_ERRORS, NULL,
	  HZ_N_("keep a register with errors out of the database") },
	{ "schedule", 0, true, OPT_SCHEDULE, HZ_N_("FILE"),
	  HZ_N_("the schedule whose rows name the materials (default: built in)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *units, *date, *schedule;
	hz_collect_opts o;
	hz_cli cli;
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_DB:
		r->o.db = arg;
		break;
	case OPT_LOG:
		r->o.log = arg;
		break;
	case OPT_UNITS:
		r->units = arg;
		break;
	case OPT_ARCHIVE:
		r->o.archive = arg;
		break;
	case OPT_DATE:
		r->date = arg;
		break;
	case OPT_MATERIAL:
		r->o.material = arg;
		break;
	case OPT_PERIOD:
		r->o.period = arg;
		break;
	case OPT_DRY_RUN:
		r->o.dry_run = true;
		break;
	case OPT_REJECT_ERRORS:
		r->o.reject_errors = true;
		break;
	case OPT_SCHEDULE:
		r->schedule = arg;
		break;
	}
	return 0;
}

/* One line per file: unit, material, period, received, records, errors,
 * warnings, timeliness, what was done. */
static void say_result(const run *r, const char *path, const hz_collect_result *res)
{
	char day[11];

	hz_date_format(res->received, day);
	printf("%s：%s %s %s %s 记录 %ld 错误 %ld 警告 %ld", path,
	       res->reporter ? res->reporter : "?", res->material[0] ? res->material : "-",
	       res->period[0] ? res->period : "-", day, res->records, res->errors, res->warnings);
	if (res->refused) {
		printf(" 拒收（%s）%s\n", res->why,
		       res->logged      ? " 已登记"
		       : res->duplicate ? " 重复报送"
		                        : "");
		return;
	}
	if (res->timed)
		printf(res->late_days > 0   ? " 迟报 %ld 天"
		       : res->late_days < 0 ? " 提前"
		                            : " 按时",
		       res->late_days);
	if (res->duplicate) {
		char when[11] = "?";
		if (res->duplicate_of)
			hz_date_format(res->duplicate_of, when);
		printf(" 重复报送（已于 %s 收到）", when);
	}
	if (res->differs)
		printf(" 与台账不符 %ld 项", res->differs);
	if (!res->duplicate) {
		if (res->kind == HZ_COLLECT_REGISTER && r->o.db)
			printf(r->o.dry_run ? " 将入库"
			                    : " 已入库 %ld 条（新增 %ld，修改 %ld，删除 %ld）",
			       res->db_records, res->added, res->changed, res->removed);
		if (r->o.archive && !r->o.dry_run)
			printf(" 已存档");
		if (!r->o.dry_run)
			printf(" 已登记");
	}
	putchar('\n');
}

/* --units, --schedule, --date: false after saying why. */
static bool load(run *r, hz_diag *d, hz_schedule **sched, hz_strset **units)
{
	char err[1024];

	if (!r->o.db || !r->o.log) {
		hz_cli_error(&r->cli, "--db REGISTER and --log SUBMISSIONS are both needed");
		return false;
	}
	if (r->date && !hz_cli_date(&r->cli, "--date", r->date, &r->o.date))
		return false;
	r->o.have_date = r->date != NULL;
	if (r->schedule && !(*sched = hz_schedule_load(r->schedule, err, sizeof err))) {
		hz_cli_error(&r->cli, "--schedule: %s", err);
		return false;
	}
	r->o.schedule = *sched;
	if (r->units) {
		hz_read_opts ro;
		hz_read_opts_init(&ro);
		ro.encoding = r->cli.read.encoding;
		if (!(*units = hz_units_load(r->units, &ro, d)))
			return false;
	}
	r->o.units = *units;
	return true;
}

/* One file: the worst status so far. */
static int collect(run *r, hz_diag *d, const char *path, int worst)
{
	hz_collect_result res;
	char err[1024];

	if (hz_is_lock_file(path)) {
		if (!r->cli.quiet)
			fprintf(stderr,
			        HZ_("%s: %s: skipped: the lock file of a workbook open in "
			            "Excel or WPS, not a report\n"),
			        r->cli.prog, path);
		return worst;
	}
	int rc = hz_collect_file(&r->o, path, d, &res, err, sizeof err);
	if (rc < 0) {
		hz_cli_error(&r->cli, "%s", err);
		rc = 2;
	} else {
		say_result(r, path, &res);
	}
	hz_collect_result_free(&res);
	return rc > worst ? rc : worst;
}

int main(int argc, char **argv)
{
	static run r;
	const hz_tool tool = {
		.name = "hz-collect",
		.synopsis = HZ_N_(
		        "--db REGISTER --log SUBMISSIONS [--units FILE] [--archive DIR] [--date DATE]\n"
		        "                  [--material CODE] [--period P] [--reject-errors] [--today DATE] [-n] FILE ..."),
		.summary = HZ_N_(
		        "Take in the registers and 附件1 reports the units sent: check them, log each "
		        "in the 报送台账, archive it, and replace the unit's records in the street database."),
		.example =
		        "hz-collect --db db.csv --log log.csv --units units.csv 公园社区-6月.xlsx",
		.common = HZ_OPT_ENCODING | HZ_OPT_TODAY | HZ_OPT_QUIET | HZ_OPT_DIAGNOSTICS,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};
	hz_diag d;
	char err[1024];
	hz_schedule *sched = NULL;
	hz_strset *units = NULL;
	int worst = 0, first = hz_cli_parse(&tool, &r.cli, argc, argv);

	if (first < 0)
		return r.cli.status;
	hz_diag_init(&d, r.cli.prog);
	d.format = r.cli.diagnostics;
	d.quiet_warnings = r.cli.quiet;
	r.o.today = r.cli.today;
	r.o.read = r.cli.read;
	if (!load(&r, &d, &sched, &units)) {
		hz_schedule_free(sched);
		return HZ_EXIT_FAIL;
	}
	if (!r.o.dry_run && hz_collect_recover(&r.o, err, sizeof err) != 0) {
		hz_cli_error(&r.cli, "%s", err);
		worst = 2;
	}
	for (int i = first; i < argc; i++)
		worst = collect(&r, &d, argv[i], worst);
	if (units)
		hz_strset_free(units);
	hz_schedule_free(sched);
	if (hz_cli_close_stdout(&r.cli) != HZ_EXIT_OK)
		return HZ_EXIT_FAIL;
	return worst == 0 ? HZ_EXIT_OK : worst == 1 ? HZ_EXIT_FOUND : HZ_EXIT_FAIL;
}
