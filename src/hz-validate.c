/* hz-validate - check records against the rules of hz-validate(1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/reject.h"
#include "hz/roster.h"
#include "hz/rules.h"

enum {
	OPT_STRICT,
	OPT_ROSTER,
	OPT_DOMAINS,
	OPT_FILTER,
	OPT_REJECT,
	OPT_MAX_ERRORS,
	OPT_SCHEDULE,
	OPT_UNITS,
};

static const hz_option options[] = {
	{ "strict", 0, false, OPT_STRICT, NULL,
	  HZ_N_("warnings count as errors for the exit status") },
	{ "roster", 0, true, OPT_ROSTER, HZ_N_("FILE"),
	  HZ_N_("warn about spot checks of enterprises not on this roster") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("warn about submissions of reporters not on this units list") },
	{ "schedule", 0, true, OPT_SCHEDULE, HZ_N_("FILE"),
	  HZ_N_("the duties duty records may name (default: built in, see hz-due)") },
	{ "domains", 0, true, OPT_DOMAINS, HZ_N_("FILE"),
	  HZ_N_("more 专题领域 names, one a line") },
	{ "filter", 0, false, OPT_FILTER, NULL,
	  HZ_N_("write the records without errors to stdout") },
	{ "reject", 0, true, OPT_REJECT, HZ_N_("FILE"),
	  HZ_N_("with --filter: write the others to FILE, with their errors") },
	{ "max-errors", 0, true, OPT_MAX_ERRORS, HZ_N_("N"), HZ_N_("stop after N errors") },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	hz_cli cli;
	bool strict, filter;
	const char *roster, *domains, *reject, *schedule, *units;
	long max_errors;
	hz_diag diag;
	hz_validator *v;
	hz_domains *domain_list;
	hz_strset *roster_names;
	hz_strset *unit_names;
	hz_schedule *schedule_table; /* --schedule, or NULL for the built-in one */
	hz_reject *collected;        /* --filter: the errors of the record */
	FILE *reject_file;
	hz_writer *out, *rejects;
	long checked;
	int rc;
	bool stopped;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;
	char *end;

	switch (id) {
	case OPT_STRICT:
		r->strict = true;
		break;
	case OPT_ROSTER:
		r->roster = arg;
		break;
	case OPT_UNITS:
		r->units = arg;
		break;
	case OPT_SCHEDULE:
		r->schedule = arg;
		break;
	case OPT_DOMAINS:
		r->domains = arg;
		break;
	case OPT_FILTER:
		r->filter = true;
		break;
	case OPT_REJECT:
		r->reject = arg;
		break;
	case OPT_MAX_ERRORS:
		r->max_errors = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || r->max_errors <= 0) {
			hz_cli_error(&r->cli, "--max-errors: '%s' is not a positive number", arg);
			return -1;
		}
		break;
	}
	return 0;
}

/* F17: --reject naming an input (or a link to one) would truncate it before
 * it is read. Same file = same device and inode; "-" is standard input. */
static const char *reject_is_input(const char *reject, char **paths, int n)
{
	struct stat rs, is;

	if (stat(reject, &rs) != 0)
		return NULL; /* not there yet: not an input */
	for (int i = 0; i < n; i++) {
		bool in = strcmp(paths[i], "-") == 0;

		if ((in ? fstat(STDIN_FILENO, &is) : stat(paths[i], &is)) == 0 &&
		    is.st_dev == rs.st_dev && is.st_ino == rs.st_ino)
			return in ? "<stdin>" : paths[i];
	}
	return NULL;
}

/* --domains, --roster and --reject's file: false after saying why. */
static bool load(struct run *r)
{
	char err[512];

	if (r->reject && !r->filter) {
		hz_cli_error(&r->cli, "--reject goes with --filter");
		return false;
	}
	if (r->domains && !(r->domain_list = hz_domains_load(r->domains, err, sizeof err))) {
		hz_cli_error(&r->cli, "--domains: %s", err);
		return false;
	}
	if (r->roster) {
		hz_read_opts ro;
		hz_read_opts_init(&ro);
		ro.type = HZ_ROSTER;
		ro.encoding = r->cli.read.encoding;
		r->roster_names = hz_roster_load(r->roster, &ro, &r->diag);
		if (!r->roster_names || r->diag.fatals)
			return false;
	}
	if (r->units) {
		hz_read_opts ro;
		hz_read_opts_init(&ro);
		ro.encoding = r->cli.read.encoding;
		r->unit_names = hz_units_load(r->units, &ro, &r->diag);
		if (!r->unit_names || r->diag.fatals)
			return false;
	}
	if (r->schedule && !(r->schedule_table = hz_schedule_load(r->schedule, err, sizeof err))) {
		hz_cli_error(&r->cli, "--schedule: %s", err);
		return false;
	}
	const char *clash =
	        r->reject ? reject_is_input(r->reject, r->cli.inputs, r->cli.ninputs) : NULL;
	if (clash) {
		hz_cli_error(&r->cli,
		             "--reject: '%s' is the input %s: it would be emptied before "
		             "it is read",
		             r->reject, clash);
		return false;
	}
	if (r->reject && !(r->reject_file = fopen(r->reject, "w"))) {
		hz_cli_error(&r->cli, "--reject: cannot open '%s': %m", r->reject);
		return false;
	}
	return true;
}

/* --max-errors: true (said once) when the run must stop. */
static bool enough(struct run *r)
{
	if (!r->max_errors || r->diag.errors < r->max_errors)
		return false;
	if (!r->cli.quiet)
		hz_cli_error(&r->cli, "stopped after %ld errors (--max-errors)", r->diag.errors);
	r->stopped = true;
	return true;
}

/* --filter: a record to stdout, or with its errors to --reject's file. */
static void filter(struct run *r, const hz_record *rec)
{
	hz_extra extra[2];
	size_t n = hz_reject_extras(r->collected, hz_format_is_json(r->cli.write.format), extra);
	hz_writer *w = n ? r->rejects : r->out;

	char err[512];

	if (w && hz_writer_put(w, rec, extra, n, err, sizeof err) != 0) {
		hz_cli_error(&r->cli, "%s", err);
		r->rc = HZ_EXIT_FAIL;
		r->stopped = true;
	}
}

static void check_input(struct run *r, const char *path)
{
	hz_reader *rd = hz_reader_open(path, &r->cli.read, &r->diag);
	hz_record *rec;

	hz_validator_new_file(r->v);
	if (r->filter && !r->out) {
		r->cli.write.format =
		        hz_cli_output_format_for(&r->cli, hz_reader_info(rd)->format, HZ_FMT_CSV);
		r->out = hz_writer_new(stdout, &r->cli.write);
		if (r->reject_file)
			r->rejects = hz_writer_new(r->reject_file, &r->cli.write);
	}
	while (!r->stopped && (rec = hz_reader_next(rd))) {
		if (enough(r)) /* the reader's own errors count too */
			break;
		r->checked++;
		if (r->filter) {
			hz_reject_reset(r->collected);
			r->diag.hook = hz_reject_hook;
			r->diag.hook_arg = r->collected;
		}
		hz_validate_record(r->v, rec);
		r->diag.hook = NULL;
		if (r->filter)
			filter(r, rec);
		if (!r->stopped)
			enough(r);
	}
	hz_reader_close(rd);
}

/* Close the outputs and free; the exit status. */
static int finish(struct run *r)
{
	if (r->out && hz_writer_close(r->out, NULL, 0) != 0)
		r->rc = HZ_EXIT_FAIL;
	if ((r->rejects && hz_writer_close(r->rejects, NULL, 0) != 0) ||
	    (r->reject_file && fclose(r->reject_file) != 0 && r->rc == HZ_EXIT_OK)) {
		hz_cli_error(&r->cli, "--reject: write error on '%s'", r->reject);
		r->rc = HZ_EXIT_FAIL;
	}
	if (!r->cli.quiet)
		/* the form of hz-validate(1), which scripts may match: always plural */
		fprintf(stderr, HZ_("%s: checked %ld records: %ld errors, %ld warnings\n"),
		        r->cli.prog, r->checked, r->diag.errors, r->diag.warnings);
	hz_reject_free(r->collected);
	hz_validator_free(r->v);
	hz_domains_free(r->domain_list);
	hz_schedule_free(r->schedule_table);
	if (r->roster_names)
		hz_strset_free(r->roster_names);
	if (r->unit_names)
		hz_strset_free(r->unit_names);
	if (hz_cli_close_stdout(&r->cli) != HZ_EXIT_OK)
		r->rc = HZ_EXIT_FAIL;
	if (r->rc == HZ_EXIT_OK && r->diag.fatals)
		r->rc = HZ_EXIT_FAIL;
	if (r->rc == HZ_EXIT_OK && (r->diag.errors || (r->strict && r->diag.warnings)))
		r->rc = HZ_EXIT_FOUND;
	return r->rc;
}

int main(int argc, char **argv)
{
	static struct run r;
	const hz_tool tool = {
		.name = "hz-validate",
		.synopsis = HZ_N_(
		        "[-q] [--strict] [--today DATE] [--roster FILE] [--domains FILE] [--schedule FILE]\n"
		        "                   [--diagnostics text|json] [--filter [--reject FILE]] "
		        "[--max-errors N] [FILE ...]"),
		.summary = HZ_N_(
		        "Check hazard, spot-check, activity and roster records against the rules "
		        "of the work plan's forms."),
		.example = "hz-validate --today 2023-07-01 examples/register.csv",
		.outputs = "csv tsv jsonl json",
		.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG |
		          HZ_OPT_TODAY | HZ_OPT_DIAGNOSTICS | HZ_OPT_QUIET | HZ_OPT_TYPE |
		          HZ_OPT_CSV_STYLE | HZ_OPT_WHERE,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};

	if (hz_cli_parse(&tool, &r.cli, argc, argv) < 0)
		return r.cli.status;
	hz_diag_init(&r.diag, r.cli.prog);
	r.diag.format = r.cli.diagnostics;
	if (!load(&r)) {
		hz_domains_free(r.domain_list);
		if (r.roster_names)
			hz_strset_free(r.roster_names);
		if (r.unit_names)
			hz_strset_free(r.unit_names);
		return HZ_EXIT_FAIL;
	}
	hz_validate_opts vo = { .today = r.cli.today,
		                .domains = r.domain_list,
		                .roster = r.roster_names,
		                .schedule = r.schedule_table,
		                /* notices name hazards of the registers read beside them */
		                .hazard_refs = r.cli.ninputs > 1,
		                .units = r.unit_names };
	r.v = hz_validator_new(&vo, &r.diag);
	r.collected = hz_reject_new(r.strict);
	r.cli.read.header_rules = true;
	r.cli.read.prefetch = true;                /* a second core reads ahead */
	r.cli.read.prepare = hz_validator_prepare; /* and parses the dates */
	r.cli.read.prepare_arg = r.v;
	for (int i = 0; i < r.cli.ninputs && !r.stopped; i++)
		check_input(&r, r.cli.inputs[i]);
	return finish(&r);
}
