/* hz-validate - check records against the rules of hz-validate(1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hz/cli.h"
#include "hz/rules.h"

enum {
	OPT_STRICT, OPT_ROSTER, OPT_DOMAINS, OPT_FILTER, OPT_REJECT, OPT_MAX_ERRORS, OPT_SCHEDULE,
};

static const hz_option options[] = {
	{ "strict", 0, false, OPT_STRICT, NULL, "warnings count as errors for the exit status" },
	{ "roster", 0, true, OPT_ROSTER, "FILE", "warn about spot checks of enterprises not on this roster" },
	{ "schedule", 0, true, OPT_SCHEDULE, "FILE", "the duties duty records may name (default: built in, see hz-due)" },
	{ "domains", 0, true, OPT_DOMAINS, "FILE", "more 专题领域 names, one a line" },
	{ "filter", 0, false, OPT_FILTER, NULL, "write the records without errors to stdout" },
	{ "reject", 0, true, OPT_REJECT, "FILE", "with --filter: write the others to FILE, with their errors" },
	{ "max-errors", 0, true, OPT_MAX_ERRORS, "N", "stop after N errors" },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct run {
	hz_cli cli;
	bool strict, filter;
	const char *roster, *domains, *reject, *schedule;
	long max_errors;
	/* the errors of the record being checked, for --reject: rule ids,
	 * messages and the JSON array, each grown as needed */
	char *rules, *messages, *json;
	size_t rules_len, messages_len, json_len;
	FILE *rules_out, *messages_out, *json_out;
	long record_errors;
};

static int on_option(int id, const char *arg, void *ctx)
{
	struct run *r = ctx;
	char *end;

	switch (id) {
	case OPT_STRICT: r->strict = true; break;
	case OPT_ROSTER: r->roster = arg; break;
	case OPT_SCHEDULE: r->schedule = arg; break;
	case OPT_DOMAINS: r->domains = arg; break;
	case OPT_FILTER: r->filter = true; break;
	case OPT_REJECT: r->reject = arg; break;
	case OPT_MAX_ERRORS:
		r->max_errors = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || r->max_errors <= 0) {
			fprintf(stderr, "hz-validate: --max-errors: '%s' is not a positive number\n", arg);
			return -1;
		}
		break;
	}
	return 0;
}

/* Collect the errors of the record being checked (--reject adds them). */
static void collect(const hz_finding *f, void *arg)
{
	struct run *r = arg;

	if (f->severity == HZ_WARNING && !r->strict)
		return;         /* under --strict a warning rejects the record too */
	if (!r->rules_out) {
		/* opened at a record's first error: most records have none */
		r->rules_out = open_memstream(&r->rules, &r->rules_len);
		r->messages_out = open_memstream(&r->messages, &r->messages_len);
		r->json_out = open_memstream(&r->json, &r->json_len);
		if (!r->rules_out || !r->messages_out || !r->json_out)
			abort();
		fputc('[', r->json_out);
	}
	if (r->record_errors++) {
		fputc(';', r->rules_out);
		fputs("; ", r->messages_out);
		fputc(',', r->json_out);
	}
	fputs(f->rule, r->rules_out);
	fputs(f->message ? f->message : "", r->messages_out);
	fputs("{\"rule\":", r->json_out);
	hz_json_put_string(r->json_out, f->rule, strlen(f->rule));
	fputs(",\"field\":", r->json_out);
	if (f->field)
		hz_json_put_string(r->json_out, f->field, strlen(f->field));
	else
		fputs("null", r->json_out);
	fputs(",\"message\":", r->json_out);
	hz_json_put_string(r->json_out, f->message ? f->message : "", strlen(f->message ? f->message : ""));
	fputc('}', r->json_out);
}

static void close_collected(struct run *r)
{
	if (r->rules_out) {
		fclose(r->rules_out);
		fclose(r->messages_out);
		fclose(r->json_out);
	}
	free(r->rules);
	free(r->messages);
	free(r->json);
	r->rules_out = r->messages_out = r->json_out = NULL;
	r->rules = r->messages = r->json = NULL;
}

static void reset_collected(struct run *r)
{
	if (r->rules_out)
		close_collected(r);
	r->record_errors = 0;
}

/* Finish the collected texts (valid until the next reset); only after an
 * error was collected. */
static void finish_collected(struct run *r)
{
	fputc(']', r->json_out);
	fflush(r->rules_out);
	fflush(r->messages_out);
	fflush(r->json_out);
}

/* F17: --reject naming an input (or a link to one) would truncate it before
 * it is read. Same file = same device and inode; "-" is standard input. */
static const char *reject_is_input(const char *reject, char **paths, int n)
{
	struct stat rs, is;

	if (stat(reject, &rs) != 0)
		return NULL;    /* not there yet: not an input */
	for (int i = 0; i < n; i++) {
		bool in = strcmp(paths[i], "-") == 0;

		if ((in ? fstat(STDIN_FILENO, &is) : stat(paths[i], &is)) == 0 &&
		    is.st_dev == rs.st_dev && is.st_ino == rs.st_ino)
			return in ? "<stdin>" : paths[i];
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	hz_tool tool = {
		.name = "hz-validate",
		.synopsis = "[-q] [--strict] [--today DATE] [--roster FILE] [--domains FILE] [--schedule FILE]\n"
			    "                   [--diagnostics text|json] [--filter [--reject FILE]] "
			    "[--max-errors N] [FILE ...]",
		.summary = "Check hazard, spot-check, activity and roster records against the rules "
			   "of the work plan's forms.",
		.example = "hz-validate --today 2023-07-01 examples/register.csv",
		.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG | HZ_OPT_TODAY |
			  HZ_OPT_DIAGNOSTICS | HZ_OPT_QUIET | HZ_OPT_TYPE | HZ_OPT_CSV_STYLE,
		.options = options,
		.on_option = on_option,
		.ctx = &run,
	};
	hz_cli *cli = &run.cli;
	int first = hz_cli_parse(&tool, cli, argc, argv);

	if (first < 0)
		return run.cli.status;
	if (run.reject && !run.filter) {
		hz_cli_error(cli, "--reject goes with --filter");
		return HZ_EXIT_FAIL;
	}
	const char *default_path = "-";
	char **paths = first < argc ? argv + first : (char **)&default_path;
	int npaths = first < argc ? argc - first : 1;
	const char *clash = run.reject ? reject_is_input(run.reject, paths, npaths) : NULL;
	if (clash) {
		hz_cli_error(cli, "--reject: '%s' is the input %s: it would be emptied before "
			     "it is read", run.reject, clash);
		return 2;
	}

	hz_diag diag;
	hz_diag_init(&diag, cli->prog);
	diag.format = cli->diagnostics;

	hz_domains *domains = NULL;
	hz_strset *roster = NULL;
	if (run.domains) {
		char err[512];
		if (!(domains = hz_domains_load(run.domains, err, sizeof err))) {
			hz_cli_error(cli, "--domains: %s", err);
			return HZ_EXIT_FAIL;
		}
	}
	if (run.roster) {
		hz_read_opts ro;
		hz_read_opts_init(&ro);
		ro.type = HZ_ROSTER;
		ro.encoding = cli->read.encoding;
		roster = hz_roster_load(run.roster, &ro, &diag);
		if (!roster || diag.fatals) {
			hz_domains_free(domains);
			return HZ_EXIT_FAIL;
		}
	}
	hz_schedule *schedule = NULL;
	if (run.schedule) {
		char err[512];
		if (!(schedule = hz_schedule_load(run.schedule, err, sizeof err))) {
			hz_cli_error(cli, "--schedule: %s", err);
			hz_domains_free(domains);
			if (roster)
				hz_strset_free(roster);
			return 2;
		}
	}
	hz_validate_opts vo = { .today = cli->today, .domains = domains, .roster = roster,
				.schedule = schedule };
	hz_validator *v = hz_validator_new(&vo, &diag);

	FILE *reject_file = NULL;
	hz_writer *out = NULL, *rejects = NULL;
	if (run.reject && !(reject_file = fopen(run.reject, "w"))) {
		hz_cli_error(cli, "--reject: cannot open '%s': %m", run.reject);
		return HZ_EXIT_FAIL;
	}

	cli->read.header_rules = true;
	cli->read.prefetch = true;      /* a second core reads ahead */
	long checked = 0;
	int rc = HZ_EXIT_OK;
	bool stopped = false;

	for (int i = 0; i < npaths && !stopped; i++) {
		hz_reader *rd = hz_reader_open(paths[i], &cli->read, &diag);
		hz_validator_new_file(v);
		if (run.filter && !out) {
			cli->write.format = hz_cli_output_format_for(cli, hz_reader_info(rd)->format,
								      HZ_FMT_CSV);
			out = hz_writer_new(stdout, &cli->write);
			if (reject_file)
				rejects = hz_writer_new(reject_file, &cli->write);
		}
		hz_record *rec;
		while ((rec = hz_reader_next(rd))) {
			if (run.max_errors && diag.errors >= run.max_errors) {
				/* the reader's own errors count too */
				if (!cli->quiet)
					hz_cli_error(cli, "stopped after %ld errors (--max-errors)", diag.errors);
				stopped = true;
				break;
			}
			checked++;
			if (run.filter)
				reset_collected(&run);
			diag.hook = run.filter ? collect : NULL;
			diag.hook_arg = &run;
			int errors = hz_validate_record(v, rec);
			diag.hook = NULL;
			if (rec->flags & HZ_R_BAD_BYTES) {
				errors++;
				if (run.filter)
					collect(&(hz_finding){ .rule = "encoding", .severity = HZ_ERROR,
						       .message = "bytes that are not valid in the input encoding" },
					&run);
			}
			if (rec->flags & HZ_R_TOO_MANY_CELLS) {
				errors++;
				if (run.filter)
					collect(&(hz_finding){ .rule = "too-many-cells", .severity = HZ_ERROR,
						       .message = "a non-empty cell beyond the header's last column" },
					&run);
			}
			if (run.filter) {
				errors = (int)run.record_errors;   /* with --strict, warnings too */
				hz_writer *w = errors ? rejects : out;
				if (errors)
					finish_collected(&run);
				hz_extra extra[] = {
					{ "错误规则", "error_rules", run.rules, NULL },
					{ "错误说明", "error_messages", run.messages, NULL },
				};
				hz_extra jextra = { "错误", "errors", NULL, run.json };
				bool json = hz_format_is_json(cli->write.format);
				if (w && hz_writer_put(w, rec, errors ? (json ? &jextra : extra) : NULL,
						       errors ? (json ? 1 : 2) : 0) != 0) {
					hz_cli_error(cli, "%s", hz_writer_error(w));
					rc = HZ_EXIT_FAIL;
					stopped = true;
					break;
				}
			}
			if (run.max_errors && diag.errors >= run.max_errors) {
				if (!cli->quiet)
					hz_cli_error(cli, "stopped after %ld errors (--max-errors)", diag.errors);
				stopped = true;
				break;
			}
		}
		hz_reader_close(rd);
	}
	if (out && hz_writer_close(out) != 0)
		rc = HZ_EXIT_FAIL;
	if (rejects && hz_writer_close(rejects) != 0) {
		hz_cli_error(cli, "--reject: write error on '%s'", run.reject);
		rc = HZ_EXIT_FAIL;
	}
	if (reject_file && fclose(reject_file) != 0 && rc == 0) {
		hz_cli_error(cli, "--reject: write error on '%s'", run.reject);
		rc = HZ_EXIT_FAIL;
	}
	if (!cli->quiet)
		/* the form hz-validate(1) shows, which scripts may match: always plural */
		fprintf(stderr, "%s: checked %ld records: %ld errors, %ld warnings\n", cli->prog,
			checked, diag.errors, diag.warnings);
	close_collected(&run);
	hz_validator_free(v);
	hz_domains_free(domains);
	hz_schedule_free(schedule);
	if (roster)
		hz_strset_free(roster);
	if (hz_cli_close_stdout(cli) != 0)
		rc = HZ_EXIT_FAIL;
	if (rc == 0 && diag.fatals)
		rc = HZ_EXIT_FAIL;
	if (rc == 0 && (diag.errors || (run.strict && diag.warnings)))
		rc = HZ_EXIT_FOUND;
	return rc;
}
