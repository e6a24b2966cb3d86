/* hz-due - which enterprise owes which duty of the plan, which office
 * deadline is near */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/due.h"
#include "hz/reader.h"
#include "hz/roster.h"
#include "hz/rules.h"
#include "hz/schedule.h"
#include "hz/strset.h"

enum {
	OPT_ROSTER,
	OPT_AS_OF,
	OPT_WITHIN,
	OPT_SCHEDULE,
	OPT_PRINT_SCHEDULE,
	OPT_ENTERPRISE,
	OPT_UNITS,
	OPT_OFFICE,
	OPT_LATE,
	OPT_SINCE,
};

static const hz_option options[] = {
	{ "roster", 0, true, OPT_ROSTER, HZ_N_("FILE"),
	  HZ_N_("the enterprises to schedule (else the roster records among the inputs)") },
	{ "as-of", 0, true, OPT_AS_OF, HZ_N_("DATE"),
	  HZ_N_("the day to judge by (default: --today, else today)") },
	{ "within", 0, true, OPT_WITHIN, HZ_N_("N"),
	  HZ_N_("also the duties of the current period and the office deadlines due within N days") },
	{ "schedule", 0, true, OPT_SCHEDULE, HZ_N_("FILE"),
	  HZ_N_("the duties to track, instead of the built-in schedule") },
	{ "print-schedule", 0, false, OPT_PRINT_SCHEDULE, NULL,
	  HZ_N_("print the schedule in force as CSV and stop") },
	{ "enterprise", 0, true, OPT_ENTERPRISE, HZ_N_("NAME"),
	  HZ_N_("only that enterprise's lines (or the office's)") },
	{ "unit", 0, true, OPT_ENTERPRISE, HZ_N_("NAME"),
	  HZ_N_("only that unit's lines (as --enterprise)") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("the units that report to the office: track their reports") },
	{ "office", 0, true, OPT_OFFICE, HZ_N_("NAME"),
	  HZ_N_("the office's name in submissions (default: 本街道)") },
	{ "late", 0, false, OPT_LATE, NULL,
	  HZ_N_("also the reports sent after their deadline (迟报)") },
	{ "since", 0, true, OPT_SINCE, HZ_N_("DATE"),
	  HZ_N_("only missing and late reports due on or after DATE") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *roster, *as_of, *within, *schedule_path, *enterprise, *units, *office, *since;
	bool print_schedule, late;
	hz_cli cli;
	hz_diag diag; /* findings are held here until their record is seen */
	char *held;
	size_t held_len;
	hz_schedule *schedule;
	hz_strset *names;      /* the roster's names, for unknown-enterprise */
	hz_strset *unit_names; /* the units' names, for unknown-unit */
	hz_due *due;
	hz_validator *val;
	bool bad_input;
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_ROSTER:
		r->roster = arg;
		break;
	case OPT_AS_OF:
		r->as_of = arg;
		break;
	case OPT_WITHIN:
		r->within = arg;
		break;
	case OPT_SCHEDULE:
		r->schedule_path = arg;
		break;
	case OPT_PRINT_SCHEDULE:
		r->print_schedule = true;
		break;
	case OPT_ENTERPRISE:
		r->enterprise = arg;
		break;
	case OPT_UNITS:
		r->units = arg;
		break;
	case OPT_OFFICE:
		r->office = arg;
		break;
	case OPT_LATE:
		r->late = true;
		break;
	case OPT_SINCE:
		r->since = arg;
		break;
	}
	return 0;
}

/* ---- findings: other record types are ignored without a word ---- */

static void hold_open(run *r)
{
	r->diag.out = open_memstream(&r->held, &r->held_len);
	if (!r->diag.out)
		abort();
}

/* Print (or drop) what the reader and the rules said since the last record. */
static void release(run *r, bool print)
{
	if (ftell(r->diag.out) == 0)
		return; /* nothing said: the common case, kept cheap */
	fclose(r->diag.out);
	if (print && r->held_len)
		fwrite(r->held, 1, r->held_len, stderr);
	free(r->held);
	r->held = NULL;
	hold_open(r);
}

static bool relevant(hz_type t)
{
	return t == HZ_DUTY || t == HZ_CHECK || t == HZ_ROSTER || t == HZ_UNIT ||
	       t == HZ_SUBMISSION;
}

/* ---- the roster ---- */

static bool add_roster(run *r, const hz_record *rec)
{
	hz_str name = hz_trim(hz_get(rec, HZ_K_ENTERPRISE));

	if (!hz_due_roster(r->due, rec))
		return false;
	if (name.n)
		hz_strset_add(r->names, name.s, name.n);
	return true;
}

static void add_unit(run *r, const hz_record *rec)
{
	hz_str name = hz_trim(hz_get(rec, HZ_K_NAME));

	hz_due_unit(r->due, rec);
	if (name.n)
		hz_strset_add(r->unit_names, name.s, name.n);
}

/* --roster FILE (--units FILE): read as a roster (units) whatever its
 * header says. */
static bool read_list_file(run *r, const char *path, hz_type type)
{
	hz_read_opts o = r->cli.read;
	hz_record *rec;

	o.type = type;
	o.header_rules = true;
	o.max_bytes = HZ_ROSTER_MAX;
	hz_reader *rd = hz_reader_open(path, &o, &r->diag);
	while ((rec = hz_reader_next(rd)) != NULL)
		if (type == HZ_ROSTER)
			add_roster(r, rec);
		else
			add_unit(r, rec);
	bool ok = hz_reader_status(rd) == HZ_READ_OK;
	hz_reader_close(rd);
	release(r, true);
	return ok;
}

/* Without --roster: the roster records among the inputs, read quietly
 * here (their findings come when they are read again). A CSV file holds
 * one type, so only one that begins with roster records is read through;
 * a JSON Lines file may hold them anywhere. Standard input cannot be read
 * twice: its roster records are taken as it is read, and must come before
 * its first duty or check record. */
static void find_roster(run *r, char **paths, int n)
{
	hz_diag quiet;

	hz_diag_init(&quiet, r->cli.prog);
	quiet.out = NULL;
	for (int i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") == 0)
			continue; /* stdin cannot be read twice */
		hz_reader *rd = hz_reader_open(paths[i], &r->cli.read, &quiet);
		hz_record *rec = hz_reader_next(rd);
		bool mixed = hz_reader_info(rd)->format == HZ_FMT_JSONL;
		hz_type t = rec ? hz_record_type(rec) : HZ_TYPE_UNKNOWN;
		if (rec && (mixed || t == HZ_ROSTER || t == HZ_UNIT))
			for (; rec; rec = hz_reader_next(rd)) {
				t = hz_record_type(rec);
				if (t == HZ_ROSTER && !r->roster)
					add_roster(r, rec);
				else if (t == HZ_UNIT && !r->units)
					add_unit(r, rec);
			}
		hz_reader_close(rd);
	}
}

/* ---- the records ---- */

static void read_input(run *r, const char *path)
{
	hz_reader *rd = hz_reader_open(path, &r->cli.read, &r->diag);
	hz_record *rec;
	bool last_relevant = true;

	hz_validator_new_file(r->val);
	while ((rec = hz_reader_next(rd)) != NULL) {
		hz_type t = hz_record_type(rec);
		last_relevant = relevant(t);
		if (t == HZ_DUTY || t == HZ_CHECK || t == HZ_SUBMISSION) {
			/* an invalid record counts for nothing: a rule's error, or
			 * a cell beyond the header (the reader's error about it);
			 * bad bytes are an encoding finding, not invalidity */
			int errors = hz_validate_record(r->val, rec); /* too-many-cells included */
			if (errors - ((hz_record_flags(rec) & HZ_R_BAD_BYTES) != 0) == 0)
				hz_due_add(r->due, rec);
		} else if (t == HZ_ROSTER && !r->roster) {
			hz_validate_record(r->val, rec);
			if (!add_roster(r, rec))
				hz_diag_record(
				        &r->diag, rec, HZ_RULE_ROSTER_LATE, HZ_K_ENTERPRISE,
				        "a roster record after the first duty or check record of "
				        "standard input is not scheduled: put the roster first");
		} else if (t == HZ_UNIT && !r->units) {
			hz_validate_record(r->val, rec);
		}
		release(r, last_relevant);
	}
	if (hz_reader_status(rd) != HZ_READ_OK)
		r->bad_input = true;
	/* a header alone still says the type: a hazard register without
	 * rows is as silent as one with them */
	const hz_schema *sc = hz_reader_schema(rd);
	if (sc && hz_schema_type(sc) != HZ_TYPE_UNKNOWN)
		last_relevant = relevant(hz_schema_type(sc));
	hz_reader_close(rd);
	release(r, last_relevant || r->bad_input);
}

static bool parse_within(run *r, long *within)
{
	char *end;

	*within = -1;
	if (!r->within)
		return true;
	errno = 0;
	*within = strtol(r->within, &end, 10);
	if (errno || end == r->within || *end || *within < 0) {
		hz_cli_error(&r->cli, "--within: '%s' is not a number of days", r->within);
		return false;
	}
	return true;
}

static bool output_form(run *r, hz_due_write_opts *wo)
{
	hz_format f = r->cli.write.format;

	memset(wo, 0, sizeof *wo);
	wo->format = f == HZ_FMT_AUTO ? HZ_FMT_TEXT : f;
	wo->english = r->cli.english;
	wo->crlf = r->cli.write.crlf;
	wo->bom = r->cli.write.bom;
	wo->table_width = r->cli.write.table_width;
	wo->columns = r->cli.write.columns;
	if (wo->format == HZ_FMT_JSON) {
		hz_cli_error(&r->cli, "-o: json is not one of text, table, csv, tsv, jsonl");
		return false;
	}
	if (wo->columns && wo->format == HZ_FMT_JSONL) {
		hz_cli_error(&r->cli,
		             "--columns chooses the columns of -o text, table, csv or tsv; "
		             "JSON has every field");
		return false;
	}
	int cols[HZ_DUE_COLUMNS_MAX];
	char err[256];
	if (wo->columns && hz_due_columns(wo->columns, cols, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", r->cli.prog, err);
		return false;
	}
	return true;
}

static int no_roster(run *r)
{
	hz_cli_error(&r->cli, "no enterprises or units to schedule: give a roster (--roster FILE) "
	                      "or units (--units FILE)");
	return 2;
}

static bool nothing_to_schedule(run *r)
{
	return hz_due_roster_size(r->due) == 0 && hz_due_units_size(r->due) == 0;
}

static int finish(run *r, int rc)
{
	hz_due_free(r->due);
	hz_validator_free(r->val);
	if (r->names)
		hz_strset_free(r->names);
	if (r->unit_names)
		hz_strset_free(r->unit_names);
	hz_schedule_free(r->schedule);
	if (r->diag.out && r->diag.out != stderr) {
		fclose(r->diag.out);
		free(r->held);
	}
	return rc;
}

/* Read the roster and the inputs, and write the duties owed: the exit
 * status (the caller frees what r holds). */
static int list_duties(run *r, const hz_schedule *s, const hz_due_opts *o,
                       const hz_due_write_opts *wo, char **operands, int noperands)
{
	hz_diag_init(&r->diag, r->cli.prog);
	r->diag.format = r->cli.diagnostics;
	r->diag.quiet_warnings = r->cli.quiet;
	hold_open(r);
	r->due = hz_due_new(s, o);
	r->names = hz_strset_new();
	r->unit_names = hz_strset_new();
	const char *default_path = "-";
	char **paths = noperands > 0 ? operands : (char **)&default_path;
	int npaths = noperands > 0 ? noperands : 1;
	if (noperands == 0 && ((r->roster && strcmp(r->roster, "-") == 0) ||
	                       (r->units && strcmp(r->units, "-") == 0)))
		npaths = 0; /* stdin was the roster: no records to read */
	if ((r->roster && !read_list_file(r, r->roster, HZ_ROSTER)) ||
	    (r->units && !read_list_file(r, r->units, HZ_UNIT)))
		return HZ_EXIT_FAIL;
	if (!r->roster || !r->units)
		find_roster(r, paths, npaths);
	bool stdin_roster = false; /* a roster may still come on stdin */
	for (int i = 0; i < npaths && !r->roster; i++)
		stdin_roster |= strcmp(paths[i], "-") == 0;
	if (nothing_to_schedule(r) && !stdin_roster)
		return no_roster(r);
	/* the office sends up its own reports: not an unknown unit */
	const char *office = r->office ? r->office : "本街道";
	hz_strset_add(r->unit_names, office, strlen(office));
	hz_validate_opts vo = {
		.today = r->cli.today,
		.roster = hz_due_roster_size(r->due) ? r->names : NULL,
		.schedule = s,
		.units = hz_due_units_size(r->due) ? r->unit_names : NULL,
	};
	r->val = hz_validator_new(&vo, &r->diag);
	r->cli.read.header_rules = true;
	for (int i = 0; i < npaths; i++)
		read_input(r, paths[i]);

	if (nothing_to_schedule(r))
		return no_roster(r);
	long counts[HZ_DUE_STATUS_COUNT];
	bool failed = hz_due_write(r->due, stdout, wo, counts) != 0;
	if (hz_cli_close_stdout(&r->cli) != 0 || failed || r->bad_input)
		return HZ_EXIT_FAIL;
	long any = 0;
	for (int i = 0; i < HZ_DUE_STATUS_COUNT; i++)
		any += counts[i];
	return any > 0 ? HZ_EXIT_OK : HZ_EXIT_FOUND;
}

int main(int argc, char **argv)
{
	static run r;
	const hz_tool tool = {
		.name = "hz-due",
		.synopsis = HZ_N_(
		        "[--roster FILE] [--units FILE] [--office NAME] [--as-of DATE] [--within N] [--late]\n"
		        "              [--since DATE] [--schedule FILE] [--print-schedule] [--enterprise NAME]\n"
		        "              [--unit NAME] [-o text|table|csv|tsv|jsonl] [--columns F1,F2,...]\n"
		        "              [--today DATE] [FILE ...]"),
		.summary = HZ_N_(
		        "list the duties of the plan that an enterprise has missed or owes this period "
		        "(逾期未履行, 本期待履行) and the office's reports due soon (待报送)"),
		.example = "hz-due --roster roster.csv --within 7 duties.csv checks.csv",
		.outputs = "text table csv tsv jsonl",
		.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG |
		          HZ_OPT_TODAY | HZ_OPT_QUIET | HZ_OPT_CSV_STYLE | HZ_OPT_DIAGNOSTICS |
		          HZ_OPT_WHERE | HZ_OPT_COLUMNS,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};
	hz_due_opts o = { 0 };
	hz_due_write_opts wo;
	char err[512];
	int first = hz_cli_parse(&tool, &r.cli, argc, argv);

	if (first < 0)
		return r.cli.status;
	if (r.schedule_path && !(r.schedule = hz_schedule_load(r.schedule_path, err, sizeof err))) {
		hz_cli_error(&r.cli, "--schedule: %s", err);
		return HZ_EXIT_FAIL;
	}
	const hz_schedule *s = r.schedule ? r.schedule : hz_schedule_default();
	if (r.print_schedule) {
		hz_schedule_print(s, stdout);
		return finish(&r, hz_cli_close_stdout(&r.cli));
	}
	o.as_of = r.cli.today;
	o.enterprise = r.enterprise;
	o.office = r.office;
	o.late = r.late;
	o.have_since = r.since != NULL;
	if ((r.since && !hz_cli_date(&r.cli, "--since", r.since, &o.since)) ||
	    (r.as_of && !hz_cli_date(&r.cli, "--as-of", r.as_of, &o.as_of)) ||
	    !parse_within(&r, &o.within) || !output_form(&r, &wo))
		return finish(&r, 2);

	return finish(&r, list_duties(&r, s, &o, &wo, argv + first, argc - first));
}
