/* hz-bulletin - the quarterly 通报 of the units' progress */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "hz/bulletin.h"
#include "hz/docx_write.h"
#include "hz/i18n.h"
#include "hz/office.h"
#include "hz/tally.h"
#include "hz/xlsx.h"

enum { OPT_QUARTER, OPT_AS_OF, OPT_OFFICE, OPT_UNITS, OPT_OUTPUT, OPT_FORMAT };
enum form { F_DOCX, F_XLSX, F_TEXT, F_JSON };
static const char *const forms[] = { "docx", "xlsx", "text", "json" };

static const hz_option options[] = {
	{ "quarter", 0, true, OPT_QUARTER, "YYYYQn",
	  HZ_N_("the quarter reported on (default: the last one ended)") },
	{ "as-of", 0, true, OPT_AS_OF, HZ_N_("DATE"),
	  HZ_N_("report as of that day, from its quarter's first day") },
	{ "office", 0, true, OPT_OFFICE, HZ_N_("NAME"), HZ_N_("the office that signs (落款)") },
	{ "units", 0, true, OPT_UNITS, HZ_N_("FILE"),
	  HZ_N_("the units that report to the office: a row each, their reports judged") },
	{ "output", 0, true, OPT_OUTPUT, HZ_N_("FILE"),
	  HZ_N_("write to FILE instead of standard output") },
	{ "output-format", 'o', true, OPT_FORMAT, HZ_N_("FORMAT"),
	  HZ_N_("the 通报 as .docx by default, a workbook, text for mail or JSON: docx, xlsx, text, json") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	const char *quarter, *as_of, *office, *output, *units;
	enum form form;
	hz_cli cli;
	hz_diag diag;
	char period[64];
} run;

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_QUARTER:
		r->quarter = arg;
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
	case OPT_OUTPUT:
		r->output = arg;
		break;
	case OPT_FORMAT:
		for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
			if (strcmp(arg, forms[i]) == 0) {
				r->form = (enum form)i;
				return 0;
			}
		hz_cli_error(&r->cli, "-o: hz-bulletin writes docx, xlsx, text or json, not '%s'",
		             arg);
		return -1;
	}
	return 0;
}

/* The window: the quarter's first day to its last (or to --as-of). */
static bool window(run *r, hz_bulletin_opts *o)
{
	int y, m, d;

	if (r->quarter && r->as_of) {
		hz_cli_error(&r->cli, "--quarter and --as-of cannot be combined");
		return false;
	}
	if (r->quarter && !hz_tally_quarter_end(r->quarter, &o->as_of)) {
		hz_cli_error(&r->cli, "--quarter: '%s' is not a quarter (YYYYQn)", r->quarter);
		return false;
	}
	if (r->as_of && !hz_cli_date(&r->cli, "--as-of", r->as_of, &o->as_of))
		return false;
	if (!r->quarter && !r->as_of) {
		/* the last quarter ended before today */
		hz_date_to_ymd(r->cli.today, &y, &m, &d);
		int q = (m - 1) / 3;
		if (q == 0)
			hz_date_from_ymd(y - 1, 12, 31, &o->as_of);
		else
			hz_date_from_ymd(y, q * 3, hz_month_days(y, q * 3), &o->as_of);
	}
	hz_date_to_ymd(o->as_of, &y, &m, &d);
	hz_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1, &o->since);
	snprintf(r->period, sizeof r->period, "%d年第%d季度", y, (m - 1) / 3 + 1);
	o->period = r->period;
	/* reports and replies: as received by the day the 通报 is made */
	o->judged = r->cli.today > o->as_of ? r->cli.today : o->as_of;
	o->office = r->office;
	if ((r->form == F_DOCX || r->form == F_XLSX) && !r->output && isatty(STDOUT_FILENO)) {
		hz_cli_error(&r->cli,
		             "-o %s: give --output FILE, or redirect standard output to a file",
		             forms[r->form]);
		return false;
	}
	return true;
}

static int write_out(run *r, hz_bulletin *b)
{
	char err[512] = "";
	int rc = 0;

	if (r->form == F_JSON || r->form == F_TEXT) {
		FILE *out = r->output ? fopen(r->output, "w") : stdout;
		if (!out) {
			hz_cli_error(&r->cli, "%s: %m", r->output);
			return -1;
		}
		hz_doc *d = r->form == F_TEXT ? hz_bulletin_document(b) : NULL;
		rc = d ? hz_doc_write_text(d, out) : hz_bulletin_write_json(b, out);
		hz_doc_free(d);
		if (out != stdout && fclose(out) != 0 && rc == 0) {
			hz_cli_error(&r->cli, "%s: %m", r->output);
			rc = -1;
		}
		return rc;
	}
	hz_doc *d = hz_bulletin_document(b);
	if (r->form == F_DOCX) {
		rc = hz_doc_write_docx(d, r->output, stdout, NULL, err, sizeof err);
	} else {
		hz_xlsx *x = hz_xlsx_new(r->output, &(hz_xlsx_opts){ 0 });
		rc = hz_xlsx_put_doc(x, d, "通报", err, sizeof err);
		if (rc != 0) {
			hz_xlsx_abort(x);
		} else {
			rc = hz_xlsx_close(x, stdout, err, sizeof err);
		}
	}
	hz_doc_free(d);
	if (rc != 0)
		hz_cli_error(&r->cli, "%s", err);
	return rc;
}

static void add(void *b, const hz_record *rec)
{
	hz_bulletin_add(b, rec);
}

int main(int argc, char **argv)
{
	static run r;
	const hz_tool tool = {
		.name = "hz-bulletin",
		.synopsis = HZ_N_(
		        "[--quarter YYYYQn | --as-of DATE] [--office NAME] [--units FILE]\n"
		        "       [-o docx|xlsx|text|json] [--output FILE] [-q] [-E ENC] [FILE ...]"),
		.summary = HZ_N_("write the quarterly 通报: the units ranked, the street's totals"),
		.example =
		        "hz-bulletin --quarter 2023Q3 --output 通报.docx register.csv checks.csv activities.csv",
		.common = HZ_OPT_INPUT | HZ_OPT_ENCODING | HZ_OPT_TODAY | HZ_OPT_QUIET,
		.options = options,
		.on_option = on_option,
		.ctx = &r,
	};
	hz_bulletin_opts o = { 0 };
	int first = hz_cli_parse(&tool, &r.cli, argc, argv);

	if (first < 0)
		return r.cli.status;
	if (!window(&r, &o))
		return HZ_EXIT_FAIL;
	hz_diag_init(&r.diag, r.cli.prog);
	r.diag.quiet_warnings = r.cli.quiet;
	hz_bulletin *b = hz_bulletin_new(&o, &r.diag);
	const hz_office_inputs in = { r.units, r.cli.inputs, r.cli.ninputs, &r.cli.read };
	bool ok = hz_office_read(&in, &r.diag, add, b);
	/* an input not read whole makes no 通报: its units would be missing */
	if (ok && write_out(&r, b) != 0)
		ok = false;
	hz_bulletin_free(b);
	int closed = hz_cli_close_stdout(&r.cli);
	return ok && closed == 0 ? HZ_EXIT_OK : HZ_EXIT_FAIL;
}
