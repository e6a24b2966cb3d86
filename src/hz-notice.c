/* hz-notice - the 督促函 to one unit or enterprise, as .docx or text */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "hz/docx_write.h"
#include "hz/i18n.h"
#include "hz/notice.h"
#include "hz/office.h"

enum {
	OPT_TO,
	OPT_DOC,
	OPT_REPLY_BY,
	OPT_RECORD,
	OPT_TEMPLATE,
	OPT_OUTPUT,
	OPT_OFFICE,
	OPT_AS_OF,
	OPT_UNITS,
	OPT_FORMAT
};

static const hz_option options[] = {
	{ "to", 0, true, OPT_TO, HZ_N_("NAME"),
	  HZ_N_("the unit (填报单位) or enterprise (责任单位) written to (required)") },
	{ "doc", 0, true, OPT_DOC, HZ_N_("NO"), HZ_N_("the letter's 文号 (required)") },
	{ "reply-by", 0, true, OPT_REPLY_BY, HZ_N_("DATE"), HZ_N_("the 回复期限 (required)") },
	{ "as-of", 0, true, OPT_AS_OF, HZ_N_("DATE"),
	  HZ_N_("the day of the letter (default: --today, else today)") },
	{ "office", 0, true, OPT_OFFICE, HZ_N_("NAME"), HZ_N_("the office that signs (落款)") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("the units that report to the office: list the reports missing or late") },
	{ "template", 0, true, OPT_TEMPLATE, HZ_N_("FILE"),
	  HZ_N_("the office's letterhead .docx, with {{文号}} {{对象}} {{日期}} {{回复期限}} {{清单}}") },
	{ "record", 0, true, OPT_RECORD, HZ_N_("FILE"),
	  HZ_N_("append the notice record to FILE (CSV)") },
	{ "output", 0, true, OPT_OUTPUT, HZ_N_("FILE"),
	  HZ_N_("write to FILE instead of standard output") },
	{ "output-format", 'o', true, OPT_FORMAT, HZ_N_("FORMAT"),
	  HZ_N_("the letter as .docx by default, or as text for mail: docx, text") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *to, *doc, *reply_by, *as_of, *office, *template, *record, *output, *units;
	bool text;
	hz_cli cli;
	hz_diag diag;
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_TO:
		r->to = arg;
		break;
	case OPT_DOC:
		r->doc = arg;
		break;
	case OPT_REPLY_BY:
		r->reply_by = arg;
		break;
	case OPT_AS_OF:
		r->as_of = arg;
		break;
	case OPT_OFFICE:
		r->office = arg;
		break;
	case OPT_UNITS:
		r->units = arg;
		break;
	case OPT_TEMPLATE:
		r->template = arg;
		break;
	case OPT_RECORD:
		r->record = arg;
		break;
	case OPT_OUTPUT:
		r->output = arg;
		break;
	case OPT_FORMAT:
		if (strcmp(arg, "docx") != 0 && strcmp(arg, "text") != 0) {
			hz_cli_error(&r->cli, "-o: hz-notice writes docx or text, not '%s'", arg);
			return -1;
		}
		r->text = strcmp(arg, "text") == 0;
		break;
	}
	return 0;
}

/* The options the letter needs, and where it goes: false after a usage message. */
static bool check(run *r, hz_notice_opts *o)
{
	if (!r->to || !r->doc || !r->reply_by) {
		hz_cli_error(&r->cli, "--to, --doc and --reply-by are required");
		return false;
	}
	o->to = r->to;
	o->doc = r->doc;
	o->office = r->office;
	o->as_of = r->cli.today;
	if ((r->as_of && !hz_cli_date(&r->cli, "--as-of", r->as_of, &o->as_of)) ||
	    !hz_cli_date(&r->cli, "--reply-by", r->reply_by, &o->reply_by))
		return false;
	if (o->reply_by < o->as_of) {
		hz_cli_error(&r->cli, "--reply-by '%s' is before the letter's day", r->reply_by);
		return false;
	}
	if (r->text && r->template) {
		hz_cli_error(&r->cli, "--template goes with -o docx");
		return false;
	}
	if (!r->text && !r->output && isatty(STDOUT_FILENO)) {
		hz_cli_error(&r->cli,
		             "-o docx: give --output FILE, or redirect standard output to a file");
		return false;
	}
	return true;
}

static void add(void *n, const hz_record *rec)
{
	hz_notice_add(n, rec);
}

static bool read_all(run *r, hz_notice *n)
{
	const hz_office_inputs in = { r->units, r->cli.inputs, r->cli.ninputs, &r->cli.read };

	return hz_office_read(&in, &r->diag, add, n);
}

/* The letter, then its record: a notice is recorded once it is written. */
static bool write_letter(run *r, hz_notice *n)
{
	char err[512] = "";
	hz_doc_field fields[4];
	hz_doc_template tpl = { r->template, fields, hz_notice_fields(n, fields) };
	hz_doc *d = hz_notice_document(n, r->template != NULL);
	int rc;

	if (r->text) {
		FILE *out = r->output ? fopen(r->output, "w") : stdout;
		rc = out ? hz_doc_write_text(d, out) : -1;
		if (!out)
			snprintf(err, sizeof err, "%s: %m", r->output);
		if (out && out != stdout && fclose(out) != 0 && rc == 0) {
			snprintf(err, sizeof err, "%s: %m", r->output);
			rc = -1;
		}
	} else {
		rc = hz_doc_write_docx(d, r->output, stdout, r->template ? &tpl : NULL, err,
		                       sizeof err);
	}
	hz_doc_free(d);
	if (rc == 0 && r->record)
		rc = hz_notice_record(n, r->record, err, sizeof err);
	if (rc != 0 && err[0])
		hz_cli_error(&r->cli, "%s", err);
	return rc == 0;
}

int main(int argc, char **argv)
{
	static run r;
	const hz_tool tool = {
		.name = "hz-notice",
		.synopsis = HZ_N_(
		        "--to NAME --doc NO --reply-by DATE [--as-of DATE] [--office NAME]\n"
		        "       [--units FILE] [--template FILE.docx] [--record FILE] [-o docx|text]\n"
		        "       [--output FILE] [-q] [-E ENC] [FILE ...]"),
		.summary = HZ_N_("write the 督促函 to one unit or enterprise from the registers"),
		.example =
		        "hz-notice --to '公园社区' --doc '城公安办督〔2023〕5号' --reply-by 2023-08-10 "
		        "--as-of 2023-07-31 --output letter.docx register.csv roster.csv duties.csv",
		.common = HZ_OPT_INPUT | HZ_OPT_ENCODING | HZ_OPT_TODAY | HZ_OPT_QUIET,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};
	hz_notice_opts o = { 0 };
	int first = hz_cli_parse(&tool, &r.cli, argc, argv);

	if (first < 0)
		return r.cli.status;
	if (!check(&r, &o))
		return HZ_EXIT_FAIL;
	hz_diag_init(&r.diag, r.cli.prog);
	hz_notice *n = hz_notice_new(&o, &r.diag);
	/* an input not read whole makes no letter: it would miss what it holds */
	bool ok = read_all(&r, n) && write_letter(&r, n);
	if (ok && !r.cli.quiet)
		fprintf(stderr,
		        HZ_P_("%s: %ld item listed for %s\n", "%s: %ld items listed for %s\n",
		              hz_notice_count(n)),
		        r.cli.prog, hz_notice_count(n), r.to);
	hz_notice_free(n);
	int closed = hz_cli_close_stdout(&r.cli);
	return ok && closed == 0 ? HZ_EXIT_OK : HZ_EXIT_FAIL;
}
