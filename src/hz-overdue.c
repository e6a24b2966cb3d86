/* hz-overdue - the hazards past their deadline, due soon, or rectified late */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/overdue.h"
#include "hz/reader.h"
#include "hz/writer.h"

enum {
	OPT_AS_OF,
	OPT_WITHIN,
	OPT_LATE,
	OPT_LISTED,
	OPT_SORT,
	OPT_UNIQUE,
	OPT_UNIT_NAMES,
	OPT_UNREVIEWED
};

static const hz_option options[] = {
	{ "as-of", 0, true, OPT_AS_OF, HZ_N_("DATE"),
	  HZ_N_("the day to judge by (default: --today, else today)") },
	{ "within", 0, true, OPT_WITHIN, HZ_N_("N"),
	  HZ_N_("also the hazards due within N days (临期)") },
	{ "late", 0, false, OPT_LATE, NULL,
	  HZ_N_("instead, the hazards rectified after their deadline (逾期完成)") },
	{ "listed", 0, false, OPT_LISTED, NULL,
	  HZ_N_("only the hazards listed (挂牌督办) by that day") },
	{ "unreviewed", 0, true, OPT_UNREVIEWED, HZ_N_("N"),
	  HZ_N_("instead, the hazards rectified more than N days ago and not yet reviewed (待复查)") },
	{ "sort", 0, false, OPT_SORT, NULL,
	  HZ_N_("most overdue first, ties by id (keeps the selected records in memory)") },
	{ "unique", 0, false, OPT_UNIQUE, NULL,
	  HZ_N_("a hazard of the same 填报单位 and 序号 listed by two inputs once") },
	{ "unit-names", 0, false, OPT_UNIT_NAMES, NULL,
	  HZ_N_("-o text: each line begins with its [填报单位] when the inputs hold several") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *as_of; /* --as-of, checked once the shared options are known */
	const char *within, *unreviewed;
	bool late, listed, sort, unique, unit_names;
	hz_overdue_opts sel;
	hz_cli cli;
	hz_diag diag;
	hz_format in;  /* the first input's format, once known */
	hz_format out; /* HZ_FMT_AUTO until the first input shows its own */
	hz_writer *writer;
	hz_overdue_view *view;    /* drops an earlier run's added fields */
	hz_overdue_list *kept;    /* --sort, --unit-names: the selected records */
	hz_strset *listed_ids;    /* --unique: the hazards listed so far */
	char *unit;               /* --unit-names: the first 填报单位 read */
	bool units;               /* and another one was read */
	hz_overdue_list *answers; /* notices and tips: after the hazards */
	hz_type section;          /* CSV, TSV, table: the type written */
	long section_rows;
	long counts[HZ_OD_STATUS_COUNT];
	bool bad_input; /* an input could not be read: exit 2 */
	bool failed;    /* the output refused a record: stop */
	bool stopped;   /* -q: a hazard was found, no more input is read */
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_AS_OF:
		r->as_of = arg;
		break;
	case OPT_WITHIN:
		r->within = arg;
		break;
	case OPT_LATE:
		r->late = true;
		break;
	case OPT_LISTED:
		r->listed = true;
		break;
	case OPT_SORT:
		r->sort = true;
		break;
	case OPT_UNIQUE:
		r->unique = true;
		break;
	case OPT_UNIT_NAMES:
		r->unit_names = true;
		break;
	case OPT_UNREVIEWED:
		r->unreviewed = arg;
		break;
	}
	return 0;
}

/* A number of days, or -1 after a message. */
static long days_arg(run *r, const char *opt, const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 0) {
		hz_cli_error(&r->cli, "%s: '%s' is not a number of days", opt, arg);
		return -1;
	}
	return n;
}

static bool parse_within(run *r)
{
	char *end;
	long n;

	if (r->unreviewed) {
		if ((r->sel.unreviewed = days_arg(r, "--unreviewed", r->unreviewed)) < 0)
			return false;
		if (r->sel.late || r->within) {
			hz_cli_error(&r->cli,
			             "--unreviewed cannot be combined with --late or --within");
			return false;
		}
	}
	if (!r->within)
		return true;
	errno = 0;
	n = strtol(r->within, &end, 10);
	if (errno || end == r->within || *end || n < 0) {
		hz_cli_error(&r->cli, "--within: '%s' is not a number of days", r->within);
		return false;
	}
	if (r->sel.late) {
		hz_cli_error(&r->cli, "--within and --late cannot be combined");
		return false;
	}
	r->sel.within = n;
	return true;
}

/* The writer, made once the output format is known: a filter writes in its
 * input's family, which stdin shows only once read. */
static void start_output(run *r)
{
	if (r->out == HZ_FMT_AUTO)
		r->out = hz_cli_output_format_for(&r->cli, r->in, HZ_FMT_CSV);
	if ((r->out != HZ_FMT_TEXT || r->cli.write.columns) && !r->writer) {
		r->cli.write.format = r->out;
		r->writer = hz_writer_new(stdout, &r->cli.write);
	}
}

/* Write one selected record in the chosen form. */
static void put(run *r, const hz_record *rec, const hz_overdue_hit *hit)
{
	hz_extra extra[HZ_OVERDUE_EXTRAS];
	char buf[32];

	if (r->failed || r->cli.quiet)
		return; /* -q: like grep -q, only the exit status */
	start_output(r);
	if (r->out == HZ_FMT_TEXT && !r->cli.write.columns) {
		if (r->units)
			hz_overdue_alert_unit(stdout, rec, hit);
		else
			hz_overdue_alert(stdout, rec, hit);
		return;
	}
	hz_overdue_extras(hit, extra, buf);
	rec = hz_overdue_view_of(r->view, rec);
	/* one header a section: the notices and tips after the hazards (text
	 * lines: their columns named anew, without a blank line) */
	if (hz_record_schema(rec) && hz_record_type(rec) != r->section && r->section_rows > 0 &&
	    (r->out == HZ_FMT_CSV || r->out == HZ_FMT_TSV || r->out == HZ_FMT_TABLE ||
	     r->out == HZ_FMT_TEXT)) {
		if (hz_writer_close(r->writer, NULL, 0) != 0)
			r->failed = true;
		if (r->out != HZ_FMT_TEXT)
			putchar('\n');
		r->writer = hz_writer_new(stdout, &r->cli.write);
		r->section_rows = 0;
	}
	if (r->out == HZ_FMT_TEXT && r->units)
		hz_overdue_put_unit(stdout, rec); /* --unit-names, as on an alert line */
	r->section = hz_record_type(rec);
	r->section_rows++;
	char err[512];

	if (hz_writer_put(r->writer, rec, extra, HZ_OVERDUE_EXTRAS, err, sizeof err) != 0) {
		hz_cli_error(&r->cli, "%s", err);
		r->failed = true;
	}
}

static long found(const run *r);

/* --unit-names: do the inputs hold more than one 填报单位? */
static void note_unit(run *r, const hz_record *rec)
{
	hz_str u = hz_trim(hz_get(rec, HZ_K_REPORTER));

	if (r->units || !u.s || u.n == 0)
		return;
	if (!r->unit) {
		r->unit = strndup(u.s, u.n);
		if (!r->unit) {
			r->units = true; /* no memory to compare: name them */
			return;
		}
	} else if (strlen(r->unit) != u.n || memcmp(r->unit, u.s, u.n) != 0)
		r->units = true;
}

static void read_input(run *r, const char *path)
{
	hz_reader *in = hz_reader_open(path, &r->cli.read, &r->diag);
	hz_record *rec;
	hz_overdue_hit hit;

	while (!r->failed && (rec = hz_reader_next(in)) != NULL) {
		if (r->in == HZ_FMT_AUTO)
			r->in = hz_reader_info(in)->format;
		if (r->unit_names)
			note_unit(r, rec);
		if (!hz_overdue_check(&r->sel, rec, &r->diag, &hit))
			continue;
		if (r->unique && !hz_overdue_first_listing(r->listed_ids, rec))
			continue;
		r->counts[hit.status]++;
		if (hit.status == HZ_OD_UNANSWERED)
			hz_overdue_list_add(r->answers, rec, &hit);
		else if (r->kept)
			hz_overdue_list_add(r->kept, rec, &hit);
		else
			put(r, rec, &hit);
		if (r->cli.quiet)
			break; /* like grep -q: the first hazard decides; an endless input ends */
	}
	if (r->cli.quiet && found(r) > 0)
		r->stopped = true;
	else if (hz_reader_status(in) != HZ_READ_OK)
		r->bad_input = true;
	hz_reader_close(in);
}

static void summary(const run *r)
{
	char day[11];

	hz_date_format(r->sel.as_of, day);
	if (r->sel.unreviewed >= 0)
		fprintf(stderr, HZ_("%s: %ld awaiting review (待复查), as of %s"), r->cli.prog,
		        r->counts[HZ_OD_UNREVIEWED], day);
	else if (r->sel.late)
		fprintf(stderr, HZ_("%s: %ld rectified late, as of %s"), r->cli.prog,
		        r->counts[HZ_OD_LATE], day);
	else if (r->sel.within < 0)
		fprintf(stderr, HZ_("%s: %ld overdue, as of %s"), r->cli.prog,
		        r->counts[HZ_OD_OVERDUE], day);
	else
		fprintf(stderr, HZ_("%s: %ld overdue, %ld due within %ld days, as of %s"),
		        r->cli.prog, r->counts[HZ_OD_OVERDUE], r->counts[HZ_OD_DUE_SOON],
		        r->sel.within, day);
	if (r->counts[HZ_OD_UNANSWERED] > 0)
		fprintf(stderr,
		        HZ_P_("; %ld notice or tip unanswered", "; %ld notices or tips unanswered",
		              r->counts[HZ_OD_UNANSWERED]),
		        r->counts[HZ_OD_UNANSWERED]);
	long errors = r->diag.errors + r->diag.fatals;
	if (errors > 0)
		fprintf(stderr,
		        HZ_P_("; %ld error in the input", "; %ld errors in the input", errors),
		        errors);
	fputc('\n', stderr);
}

/* --sort, --unit-names: the hazards kept, in order. */
static void put_sorted(run *r)
{
	if (r->sort)
		hz_overdue_list_sort(r->kept);
	for (size_t i = 0; i < hz_overdue_list_size(r->kept); i++) {
		const hz_overdue_hit *hit;
		const hz_record *rec = hz_overdue_list_get(r->kept, i, &hit);
		put(r, rec, hit);
	}
	hz_overdue_list_free(r->kept);
}

/* The notices and tips unanswered, after the hazards, in input order. */
static void put_answers(run *r)
{
	for (size_t i = 0; i < hz_overdue_list_size(r->answers); i++) {
		const hz_overdue_hit *hit;
		const hz_record *rec = hz_overdue_list_get(r->answers, i, &hit);
		put(r, rec, hit);
	}
	hz_overdue_list_free(r->answers);
}

static long found(const run *r)
{
	long n = 0;

	for (int s = HZ_OD_OVERDUE; s < HZ_OD_STATUS_COUNT; s++)
		n += r->counts[s];
	return n;
}

/* What the run keeps: the records for --sort and --unit-names (which
 * holds the lines until every input has said its units), the hazards
 * listed for --unique. False after a usage message. */
static bool keep_or_not(run *r)
{
	r->view = hz_overdue_view_new();
	if (r->sort || (r->unit_names && r->out == HZ_FMT_TEXT && !r->cli.quiet))
		r->kept = hz_overdue_list_new();
	if (r->unique)
		r->listed_ids = hz_strset_new();
	r->answers = hz_overdue_list_new();
	return true;
}

int main(int argc, char **argv)
{
	static run r;
	const hz_tool tool = {
		.name = "hz-overdue",
		.synopsis = HZ_N_(
		        "[-q] [--as-of DATE] [--within N | --late | --unreviewed N] [--listed] [--sort]\n"
		        "       [-o csv|tsv|jsonl|json|table|text] [FILE ...]"),
		.summary = HZ_N_(
		        "list the hazards past their deadline (超期), due soon (临期) or rectified late"),
		.example = "hz-overdue --within 7 -o text register.csv",
		.outputs = "csv tsv jsonl json table text",
		.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG |
		          HZ_OPT_TODAY | HZ_OPT_QUIET | HZ_OPT_CSV_STYLE | HZ_OPT_WHERE |
		          HZ_OPT_COLUMNS,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};
	hz_date as_of;
	int first = hz_cli_parse(&tool, &r.cli, argc, argv);

	if (first < 0)
		return r.cli.status;
	r.cli.read.prefetch = true; /* a second core reads ahead */
	as_of = r.cli.today;
	if (r.as_of && !hz_cli_date(&r.cli, "--as-of", r.as_of, &as_of))
		return HZ_EXIT_FAIL;
	hz_overdue_opts_init(&r.sel, as_of);
	r.sel.late = r.late;
	r.sel.listed = r.listed;
	if (!parse_within(&r))
		return HZ_EXIT_FAIL;
	hz_diag_init(&r.diag, r.cli.prog);
	r.in = r.cli.read.format;
	if (r.in == HZ_FMT_AUTO && first < argc)
		r.in = hz_format_of_path(argv[first]);
	r.out = r.cli.write.format;
	if (!keep_or_not(&r))
		return HZ_EXIT_FAIL;
	for (int i = 0; i < r.cli.ninputs && !r.stopped; i++)
		read_input(&r, r.cli.inputs[i]);
	if (r.kept)
		put_sorted(&r);
	put_answers(&r);
	hz_strset_free(r.listed_ids);
	free(r.unit);
	if (!r.cli.quiet)
		start_output(&r); /* a CSV header even with no records */
	if (r.writer && hz_writer_close(r.writer, NULL, 0) != 0)
		r.failed = true;
	hz_overdue_view_free(r.view);
	int closed = hz_cli_close_stdout(&r.cli);
	if (!r.cli.quiet)
		summary(&r);
	if (r.failed || r.bad_input || closed != 0)
		return HZ_EXIT_FAIL;
	return found(&r) > 0 ? HZ_EXIT_OK : HZ_EXIT_FOUND; /* like grep */
}
