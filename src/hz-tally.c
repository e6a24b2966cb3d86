/* hz-tally - the month-end 调度表 (附件1) from hazard, check and activity records */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/reader.h"
#include "hz/stages.h"
#include "hz/report_read.h"
#include "hz/roster.h"
#include "hz/tally.h"
#include "hz/xlsx.h"

enum {
	OPT_MONTH,
	OPT_QUARTER,
	OPT_AS_OF,
	OPT_SINCE,
	OPT_UNIT,
	OPT_BY,
	OPT_TOTAL,
	OPT_DEFAULT_SOURCE,
	OPT_MERGE,
	OPT_OUTPUT,
	OPT_EXCEL,
	OPT_STAGES,
	OPT_UNITS,
};

static const hz_option options[] = {
	{ "month", 0, true, OPT_MONTH, "YYYY-MM",
	  HZ_N_("report as of the last day of that month") },
	{ "quarter", 0, true, OPT_QUARTER, "YYYYQn",
	  HZ_N_("report as of the last day of that quarter") },
	{ "as-of", 0, true, OPT_AS_OF, HZ_N_("DATE"),
	  HZ_N_("report as of that day (default: the last day of the month before today)") },
	{ "since", 0, true, OPT_SINCE, HZ_N_("DATE"),
	  HZ_N_("count only from that day (default: from the start)") },
	{ "unit", 0, true, OPT_UNIT, HZ_N_("NAME"),
	  HZ_N_("the reporting unit (单位名称) printed on the form") },
	{ "by", 0, true, OPT_BY, "reporter", HZ_N_("one tally per reporter (填报单位)") },
	{ "total", 0, false, OPT_TOTAL, NULL,
	  HZ_N_("with --by: one more tally, 合计, over all of them") },
	{ "default-source", 0, true, OPT_DEFAULT_SOURCE, HZ_N_("SOURCE"),
	  HZ_N_("count hazards with an empty source as 企业自查 or 部门检查") },
	{ "merge", 0, false, OPT_MERGE, NULL,
	  HZ_N_("add up 附件1 reports (hz-tally's json, csv, xlsx, or filled in by hand) instead of records") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("with --merge: the units expected to report; name those absent") },
	{ "expect", 0, true, OPT_UNITS, HZ_N_("FILE"), HZ_N_("the same as --units") },
	{ "output", 0, true, OPT_OUTPUT, HZ_N_("FILE"),
	  HZ_N_("write to FILE instead of standard output") },
	{ "excel", 0, false, OPT_EXCEL, NULL,
	  HZ_N_("CSV for Excel/WPS: UTF-8 BOM, CRLF, a ' before cells that would run as formulas") },
	{ "stages", 0, false, OPT_STAGES, NULL,
	  HZ_N_("instead, per 填报单位 the hazards in each 整改阶段 and overdue (as of today unless given)") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *period[3]; /* --month, --quarter, --as-of */
	const char *since, *unit, *by, *source, *output, *units_path;
	char **units; /* --units: the units expected, in order */
	size_t nunits;
	bool *reported; /* ... which of them sent a report */
	char **absent;  /* the note: 未报送：NAME */
	size_t nabsent;
	bool twice; /* a unit reported twice */
	bool total, merge, excel, stages;
	hz_cli cli;
	hz_diag diag;
	hz_tally_opts o;
	bool explicit_as_of;
	bool failed; /* an input could not be read whole */
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_MONTH:
		r->period[0] = arg;
		break;
	case OPT_QUARTER:
		r->period[1] = arg;
		break;
	case OPT_AS_OF:
		r->period[2] = arg;
		break;
	case OPT_SINCE:
		r->since = arg;
		break;
	case OPT_UNIT:
		r->unit = arg;
		break;
	case OPT_BY:
		r->by = arg;
		break;
	case OPT_TOTAL:
		r->total = true;
		break;
	case OPT_DEFAULT_SOURCE:
		r->source = arg;
		break;
	case OPT_MERGE:
		r->merge = true;
		break;
	case OPT_OUTPUT:
		r->output = arg;
		break;
	case OPT_EXCEL:
		r->excel = true;
		break;
	case OPT_STAGES:
		r->stages = true;
		break;
	case OPT_UNITS:
		r->units_path = arg;
		break;
	}
	return 0;
}

/* The window: as_of from one of --month, --quarter, --as-of, else the end
 * of last month; since from --since. False after a usage message. */
static bool window(run *r)
{
	static const char *const names[] = { "--month", "--quarter", "--as-of" };
	int given = -1;

	for (int i = 0; i < 3; i++) {
		if (!r->period[i])
			continue;
		if (given >= 0) {
			hz_cli_error(&r->cli, "%s and %s cannot be combined", names[given],
			             names[i]);
			return false;
		}
		given = i;
	}
	r->o.as_of = hz_tally_default_as_of(r->cli.today);
	r->explicit_as_of = given >= 0;
	if (given == 0 && !hz_tally_month_end(r->period[0], &r->o.as_of)) {
		hz_cli_error(&r->cli, "--month: '%s' is not a month (YYYY-MM)", r->period[0]);
		return false;
	}
	if (given == 1 && !hz_tally_quarter_end(r->period[1], &r->o.as_of)) {
		hz_cli_error(&r->cli, "--quarter: '%s' is not a quarter (YYYYQn)", r->period[1]);
		return false;
	}
	if (given == 2 && !hz_cli_date(&r->cli, "--as-of", r->period[2], &r->o.as_of))
		return false;
	if (r->since) {
		if (!hz_cli_date(&r->cli, "--since", r->since, &r->o.since))
			return false;
		if (r->o.since > r->o.as_of) {
			hz_cli_error(&r->cli, "--since '%s' is after the as-of date", r->since);
			return false;
		}
		r->o.has_since = true;
	}
	return true;
}

/* Options that make no sense together are usage errors, not silently ignored. */
static bool check_options(run *r)
{
	r->o.default_source = HZ_SOURCE_NONE;
	if (r->by && strcmp(r->by, "reporter") != 0) {
		hz_cli_error(&r->cli, "--by: '%s' is not a grouping (only reporter)", r->by);
		return false;
	}
	if (r->total && !r->by) {
		hz_cli_error(&r->cli, "--total needs --by reporter");
		return false;
	}
	if (r->by && r->unit) {
		hz_cli_error(
		        &r->cli,
		        "--unit cannot be combined with --by (the reporters name the tallies)");
		return false;
	}
	if (r->merge && (r->by || r->since || r->source)) {
		hz_cli_error(&r->cli, "--merge adds up finished tallies: --by, --since and "
		                      "--default-source do not apply");
		return false;
	}
	if (r->stages && (r->merge || r->by || r->since || r->source || r->unit || r->excel)) {
		hz_cli_error(
		        &r->cli,
		        "--stages counts the hazards of each 填报单位: --merge, --by, --since, "
		        "--default-source, --unit and --excel do not apply");
		return false;
	}
	if (r->source) {
		r->o.default_source = hz_source_of(hz_str_c(r->source));
		if (r->o.default_source == HZ_SOURCE_NONE) {
			hz_cli_error(&r->cli,
			             "--default-source: '%s' is neither 企业自查 nor 部门检查",
			             r->source);
			return false;
		}
	}
	r->o.by_reporter = r->by != NULL;
	r->o.total = r->total;
	r->o.unit = r->unit;
	if (r->units_path && !r->merge) {
		hz_cli_error(&r->cli, "--units (--expect) goes with --merge");
		return false;
	}
	return true;
}

/* --units: the units expected to report, in order. */
static bool load_units(run *r)
{
	hz_read_opts ro;

	if (!r->units_path)
		return true;
	hz_read_opts_init(&ro);
	ro.encoding = r->cli.read.encoding;
	r->units = hz_units_list(r->units_path, &ro, &r->diag, &r->nunits);
	if (!r->units)
		return false;
	r->reported = calloc(r->nunits, sizeof *r->reported);
	return r->reported != NULL;
}

static void free_units(run *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		free(r->units[i]);
	for (size_t i = 0; i < r->nabsent; i++)
		free(r->absent[i]);
	free(r->units);
	free(r->reported);
	free(r->absent);
}

/* A whole input that cannot be read fails the run: the reader skipped it
 * (unreadable, UTF-16, no header found), or at least half of its records
 * had bytes not valid in its encoding (a wrong -E). A stray bad byte is not
 * that: its record was read (U+FFFD) and the reader reported it. */
static void read_records(run *r, hz_tallier *t, const char *path)
{
	hz_reader *in = hz_reader_open(path, &r->cli.read, &r->diag);
	hz_record *rec;
	long records = 0, bad = 0;

	while ((rec = hz_reader_next(in)) != NULL) {
		hz_tallier_add(t, rec);
		records++;
		bad += (hz_record_flags(rec) & HZ_R_BAD_BYTES) != 0;
	}
	if (hz_reader_status(in) != HZ_READ_OK)
		r->failed = true;
	else if (bad > 0 && bad >= records - bad) {
		hz_cli_error(&r->cli,
		             "%s: bytes not valid %s in %ld of %ld records: "
		             "wrong encoding, no report written",
		             hz_reader_name(in),
		             r->cli.read.encoding ? r->cli.read.encoding : "UTF-8", bad, records);
		r->failed = true;
	}
	/* Records dropped whole are left out too: counted, already reported. */
	hz_tallier_skip(t, hz_reader_dropped(in));
	hz_reader_close(in);
}

/* --stages: the hazards of every input, per 填报单位, in each 整改阶段 and
 * overdue. An input that cannot be read fails the run, as for the 调度表.
 * Returns the exit status, stdout closed. */
static int stages(run *r, hz_format out)
{
	if (out == HZ_FMT_XLSX) {
		hz_cli_error(&r->cli, "--stages writes table, csv or json");
		return HZ_EXIT_FAIL;
	}
	hz_stages *s = hz_stages_new(r->explicit_as_of ? r->o.as_of : r->cli.today);

	for (int i = 0; i < r->cli.ninputs; i++) {
		hz_reader *in = hz_reader_open(r->cli.inputs[i], &r->cli.read, &r->diag);
		hz_record *rec;
		while ((rec = hz_reader_next(in)) != NULL)
			hz_stages_add(s, rec);
		if (hz_reader_status(in) != HZ_READ_OK)
			r->failed = true;
		hz_reader_close(in);
	}
	if (!r->failed &&
	    hz_stages_write(s, stdout, out, r->cli.english, r->cli.write.table_width) != 0)
		r->failed = true;
	hz_stages_free(s);
	return hz_cli_close_stdout(&r->cli) != 0 || r->failed ? HZ_EXIT_FAIL : HZ_EXIT_OK;
}

/* A note about the printed form, on stderr as a warning. */
static void form_note(void *arg, const char *msg)
{
	const run *r = arg;

	if (!r->cli.quiet)
		fprintf(stderr, "%s: %s: %s\n", r->cli.prog, HZ_("warning"), msg);
}

/* The printed 附件1's 单位名称 without --unit or --by: the one reporter
 * the records name. False after a usage message when they name several:
 * a form has one unit. */
static bool form_unit(run *r, hz_tallier *t, hz_tally *const *tallies)
{
	const char *first, *second;
	size_t n = hz_tallier_reporters(t, &first, &second);

	if (n == 2) {
		hz_cli_error(&r->cli,
		             "the records are of several reporters ('%s', '%s', ...): "
		             "give --unit NAME for one form, or --by reporter for one each",
		             first, second);
		return false;
	}
	if (n == 1)
		hz_tally_set_unit(tallies[0], first);
	return true;
}

static int write_all(run *r, hz_format f, hz_tally *const *t, size_t n)
{
	hz_tally_write_opts wo = {
		.english = r->cli.english,
		.crlf = r->cli.write.crlf || r->excel,
		.bom = r->cli.write.bom || r->excel,
		.excel = r->excel,
	};
	int rc = 0;

	if (f == HZ_FMT_XLSX) {
		hz_xlsx *x = hz_xlsx_new(r->output, &(hz_xlsx_opts){ .english = r->cli.english,
		                                                     .note = form_note,
		                                                     .note_arg = r });
		char err[512];
		for (size_t i = 0; i < n && rc == 0; i++)
			if (hz_xlsx_put_tally(x, t[i], err, sizeof err) != 0) {
				hz_cli_error(&r->cli, "%s", err);
				rc = -1;
			}
		/* the units that sent nothing, on the printed form's second sheet */
		if (rc == 0 && r->nabsent &&
		    hz_xlsx_put_note(x, "说明", (const char *const *)r->absent, r->nabsent, err,
		                     sizeof err) != 0) {
			hz_cli_error(&r->cli, "%s", err);
			rc = -1;
		}
		if (rc != 0) {
			hz_xlsx_abort(x);
		} else if (hz_xlsx_close(x, stdout, err, sizeof err) != 0) {
			hz_cli_error(&r->cli, "%s", err);
			rc = -1;
		}
		return rc;
	}

	if (f == HZ_FMT_CSV)
		rc |= hz_tally_write_csv_header(stdout, &wo);
	for (size_t i = 0; i < n; i++) {
		if (f == HZ_FMT_CSV)
			rc |= hz_tally_write_csv(stdout, t[i], &wo);
		else if (f == HZ_FMT_TABLE) {
			if (i > 0)
				putchar('\n');
			rc |= hz_tally_write_table(stdout, t[i], &wo);
		} else
			rc |= hz_tally_write_json(stdout, t[i]);
	}
	return rc;
}

/* Each report merged: its unit once (a unit twice is an error, never a
 * silent double), and with --units, one of them. */
static bool seen(const hz_tally *t, void *arg)
{
	run *r = arg;

	if (!r->units)
		return true;
	for (size_t i = 0; i < r->nunits; i++) {
		if (strcmp(r->units[i], t->unit) != 0)
			continue;
		if (r->reported[i]) {
			hz_cli_error(&r->cli, "%s reported twice: merge each unit once", t->unit);
			r->twice = true;
			return false;
		}
		r->reported[i] = true;
		return true;
	}
	hz_cli_error(&r->cli, "'%s' is not a unit of --units", t->unit[0] ? t->unit : "?");
	r->twice = true;
	return false;
}

static void merge_file(run *r, const char *path, hz_tally **acc, long *docs)
{
	long got;

	if (r->failed)
		return;
	got = hz_report_merge_file(path, &r->cli.read, acc, &r->diag, seen, r);
	if (got < 0)
		r->failed = true;
	else
		*docs += got;
}

/* --merge: tally documents in, one tally out. Its unit is --unit, else
 * the one document's, else 合计. */
static hz_tally *merge(run *r)
{
	hz_tally *acc = NULL;
	long docs = 0;
	char a[11], b[11];

	for (int i = 0; i < r->cli.ninputs; i++)
		merge_file(r, r->cli.inputs[i], &acc, &docs);
	if (!acc)
		acc = hz_tally_new("", r->o.as_of, NULL);
	if (!r->failed && r->explicit_as_of && acc->as_of != r->o.as_of) {
		hz_date_format(acc->as_of, a);
		hz_date_format(r->o.as_of, b);
		hz_cli_error(&r->cli, "the tallies are as of %s, not %s", a, b);
		r->failed = true;
	}
	if (r->unit)
		hz_tally_set_unit(acc, r->unit);
	else if (docs != 1)
		hz_tally_set_unit(acc, HZ_TALLY_TOTAL);
	for (size_t i = 0; !r->failed && i < r->nunits; i++) {
		if (r->reported[i])
			continue;
		size_t n = strlen(r->units[i]) + 32;
		r->absent = realloc(r->absent, (r->nabsent + 1) * sizeof *r->absent);
		r->absent[r->nabsent] = malloc(n);
		if (!r->absent || !r->absent[r->nabsent])
			abort();
		snprintf(r->absent[r->nabsent++], n, "未报送：%s", r->units[i]);
		if (!r->cli.quiet)
			fprintf(stderr, "%s: %s\n", r->cli.prog, r->absent[r->nabsent - 1]);
	}
	return acc;
}

/* The tallies of the inputs (*t holds them), or NULL after a usage error:
 * the printed 附件1 of records of several reporters without --unit. */
static hz_tally *const *tally_inputs(run *r, hz_format out, hz_tallier **t, size_t *n)
{
	*t = hz_tallier_new(&r->o, &r->diag);
	for (int i = 0; i < r->cli.ninputs; i++)
		read_records(r, *t, r->cli.inputs[i]);
	hz_tally *const *tallies = hz_tallier_finish(*t, n);
	if (out == HZ_FMT_XLSX && !r->unit && !r->by && !r->failed && !form_unit(r, *t, tallies))
		return NULL;
	return tallies;
}

/* -o's format (table by default; jsonl is json), or false after a message. */
static bool choose_output(run *r, hz_format *out)
{
	*out = r->cli.write.format == HZ_FMT_AUTO ? HZ_FMT_TABLE : r->cli.write.format;
	if (*out == HZ_FMT_JSONL)
		*out = HZ_FMT_JSON;
	if (*out != HZ_FMT_TABLE && *out != HZ_FMT_CSV && *out != HZ_FMT_JSON &&
	    *out != HZ_FMT_XLSX) {
		hz_cli_error(&r->cli, "-o: hz-tally writes table, csv, json or xlsx");
		return false;
	}
	if (r->excel && *out != HZ_FMT_CSV) {
		hz_cli_error(&r->cli, "--excel writes CSV (-o csv)");
		return false;
	}
	return true;
}

/* The run's state, and the tool as hz_cli_parse sees it. */
static run r;
static const hz_tool tool = {
	.name = "hz-tally",
	.synopsis = HZ_N_(
	        "[-q] [--month YYYY-MM | --quarter YYYYQn | --as-of DATE] [--since DATE]\n"
	        "       [--unit NAME] [--by reporter [--total]] [--default-source SOURCE]\n"
	        "       [--merge] [-o table|csv|json|xlsx] [--excel] [--output FILE]\n"
	        "       [--lang zh|en] [FILE ...]\n"
	        "       --stages [--as-of DATE | --month YYYY-MM] [-o table|csv|json] [FILE ...]"),
	.summary = HZ_N_("fill the month-end 调度表 (附件1): every item, zeros included"),
	.example =
	        "hz-tally --month 2023-06 --by reporter --total register.csv checks.csv activities.csv",
	.outputs = "table csv json xlsx",
	.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG | HZ_OPT_TODAY |
	          HZ_OPT_QUIET | HZ_OPT_TYPE | HZ_OPT_CSV_STYLE | HZ_OPT_XLSX | HZ_OPT_WHERE,
	.options = options,
	.on_option = on_option,
	.ctx = &r,
};

int main(int argc, char **argv)
{
	hz_format out;
	hz_tally *merged = NULL;
	hz_tallier *t = NULL;
	hz_tally *const *tallies;
	size_t n;
	int first = hz_cli_parse(&tool, &r.cli, argc, argv), closed = 0;

	if (first < 0)
		return r.cli.status;
	r.cli.read.prefetch = true; /* a second core reads ahead */
	if (!check_options(&r) || !window(&r))
		return HZ_EXIT_FAIL;
	if (!choose_output(&r, &out) ||
	    hz_cli_output_to(&r.cli, r.output, out, argv + first, argc - first) != 0)
		return HZ_EXIT_FAIL;
	hz_diag_init(&r.diag, r.cli.prog);
	/* -q: the skipped records are still counted in the report itself. */
	r.diag.quiet_warnings = r.cli.quiet;
	if (!load_units(&r))
		return HZ_EXIT_FAIL;
	if (r.stages)
		return stages(&r, out);
	if (r.merge) {
		merged = merge(&r);
		tallies = &merged;
		n = 1;
	} else if ((tallies = tally_inputs(&r, out, &t, &n)) == NULL) {
		hz_tallier_free(t);
		hz_cli_drop_stdout(); /* --output FILE as it was */
		return HZ_EXIT_FAIL;
	}
	/* An incomplete report is worse than none: write nothing then. */
	bool incomplete = r.failed;
	if (!r.failed && write_all(&r, out, tallies, n) != 0)
		r.failed = true; /* a write error: hz_cli_close_stdout says it */
	hz_tally_free(merged);
	hz_tallier_free(t);
	if (incomplete)
		hz_cli_drop_stdout(); /* no report: --output FILE as it was */
	else
		closed = hz_cli_close_stdout(&r.cli);
	free_units(&r);
	return r.failed || closed != 0 ? HZ_EXIT_FAIL : r.nabsent ? HZ_EXIT_FOUND : HZ_EXIT_OK;
}
