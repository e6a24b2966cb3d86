/* hz-fmt - convert records between the formats, normalise them, export for Excel */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/diag.h"
#include "hz/reader.h"
#include "hz/writer.h"
#include "hz/xlsx.h"

enum { OPT_FORM, OPT_NORMALIZE, OPT_EXCEL, OPT_UNIT, OPT_OUTPUT };

static const hz_option options[] = {
	{ "form", 0, false, OPT_FORM, NULL,
	  HZ_N_("columns in 附件2's order, extension and unknown columns after") },
	{ "normalize", 0, false, OPT_NORMALIZE, NULL,
	  HZ_N_("dates as YYYY-MM-DD, canonical vocabulary words, amounts trimmed") },
	{ "excel", 0, false, OPT_EXCEL, NULL,
	  HZ_N_("CSV for Excel/WPS: UTF-8 BOM, CRLF, a ' before cells that would run as formulas") },
	{ "unit", 0, true, OPT_UNIT, HZ_N_("NAME"),
	  HZ_N_("-o xlsx: the 填报单位 printed on 附件2 (default: the records')") },
	{ "output", 0, true, OPT_OUTPUT, HZ_N_("FILE"),
	  HZ_N_("write to FILE instead of standard output") },
	{ NULL, 0, false, 0, NULL, NULL },
};

typedef struct run {
	bool form, normalize, excel;
	const char *unit, *output;
	char *columns_arg; /* --columns, split in place into columns */
	const char **columns;
	size_t ncolumns;
	bool all_columns;
	hz_cli cli;
	hz_diag diag;
	hz_writer *writer;
	hz_xlsx *xlsx; /* -o xlsx instead of the writer */
	long records;
	bool failed;  /* an input unreadable: go on with the next */
	bool stopped; /* the writer refused a record: stop */
} run;

/* --columns F1,F2,... (or all): the names, trimmed, in order; resolved
 * against the records' fields when the sheet starts. The one function
 * that reads the list (issue 24's --columns of the other outputs takes
 * the same FIELD names: key, header or alias). */
static int split_columns(run *r, const char *arg)
{
	char *p;

	free(r->columns_arg);
	free(r->columns);
	r->columns = NULL;
	r->ncolumns = 0;
	r->all_columns = strcmp(arg, "all") == 0;
	r->columns_arg = p = strdup(arg);
	if (!p)
		return -1;
	for (char *tok = strtok(p, ","); tok; tok = strtok(NULL, ",")) {
		while (*tok == ' ')
			tok++;
		for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';)
			*--e = '\0';
		if (!*tok)
			continue;
		const char **grown = realloc(r->columns, (r->ncolumns + 1) * sizeof *grown);
		if (!grown)
			return -1;
		r->columns = grown;
		r->columns[r->ncolumns++] = tok;
	}
	if (r->ncolumns == 0) {
		hz_cli_error(&r->cli, "--columns: no column named");
		return -1;
	}
	return 0;
}

/* A note about the printed form, on stderr as a warning. */
static void form_note(void *arg, const char *msg)
{
	const run *r = arg;

	if (!r->cli.quiet)
		fprintf(stderr, "%s: %s: %s\n", r->cli.prog, HZ_("warning"), msg);
}

static int on_option(int id, const char *arg, void *ctx)
{
	run *r = ctx;

	switch (id) {
	case OPT_UNIT:
		r->unit = arg;
		break;
	case OPT_OUTPUT:
		r->output = arg;
		break;
	case OPT_FORM:
		r->form = true;
		break;
	case OPT_NORMALIZE:
		r->normalize = true;
		break;
	case OPT_EXCEL:
		r->excel = true;
		break;
	default:
		break;
	}
	return 0;
}

/* -o table on a terminal: cut cells to fit its width (COLUMNS, else
 * the terminal's own idea of it). */
static void read_input(run *r, const char *path)
{
	hz_reader *in = hz_reader_open(path, &r->cli.read, &r->diag);
	hz_record *rec;
	char err[512];

	while (!r->stopped && (rec = hz_reader_next(in)) != NULL) {
		if (r->xlsx ? hz_xlsx_put_record(r->xlsx, rec, err, sizeof err) != 0
		            : hz_writer_put(r->writer, rec, NULL, 0, err, sizeof err) != 0) {
			hz_cli_error(&r->cli, "%s", err);
			r->stopped = true;
			break;
		}
		r->records++;
	}
	/* a header alone: its header row, the empty form */
	if (hz_reader_status(in) != HZ_READ_OK)
		r->failed = true;
	else if (r->stopped || !hz_reader_schema(in))
		;
	else if (r->xlsx ? hz_xlsx_put_header(r->xlsx, hz_reader_schema(in), err, sizeof err) != 0
	                 : hz_writer_put_header(r->writer, hz_reader_schema(in), NULL, 0, err,
	                                        sizeof err) != 0) {
		hz_cli_error(&r->cli, "%s", err);
		r->stopped = true;
	}
	hz_reader_close(in);
}

/* The output format (and --excel's CSV style), and where it goes: false
 * after a usage message. */
static bool output_format(run *r, int argc, char **argv, int first)
{
	hz_format out =
	        hz_cli_output_format(&r->cli, first < argc ? argv[first] : NULL, HZ_FMT_CSV);

	if (r->excel) {
		if (r->cli.write.format == HZ_FMT_AUTO)
			out = HZ_FMT_CSV;
		if (out != HZ_FMT_CSV && out != HZ_FMT_TSV) {
			hz_cli_error(&r->cli, "--excel writes CSV or TSV, not %s",
			             hz_format_name(out));
			return false;
		}
		r->cli.write.excel = r->cli.write.bom = r->cli.write.crlf = true;
	}
	if (out == HZ_FMT_TEXT) {
		hz_cli_error(&r->cli,
		             "-o text is not a record format; use csv, tsv, jsonl, json or table");
		return false;
	}
	/* the shared --columns: with -o xlsx, the printed form's columns
	 * (default 附件2's 13; all: every column, on A3) */
	if (r->cli.write.columns && out == HZ_FMT_XLSX) {
		if (split_columns(r, r->cli.write.columns) != 0)
			return false;
		r->cli.write.columns = NULL;
	}
	if (r->unit && out != HZ_FMT_XLSX) {
		hz_cli_error(&r->cli, "--unit goes with -o xlsx");
		return false;
	}
	if (hz_cli_output_to(&r->cli, r->output, out, argv + first, argc - first) != 0)
		return false;
	r->cli.write.format = out;
	return true;
}

/* Finish the workbook or the writer: a workbook not read whole is dropped. */
static void close_output(run *r)
{
	if (r->xlsx && (r->failed || r->stopped)) {
		hz_xlsx_abort(r->xlsx); /* no half a form */
	} else if (r->xlsx) {
		char err[512];
		if (hz_xlsx_close(r->xlsx, stdout, err, sizeof err) != 0) {
			hz_cli_error(&r->cli, "%s", err);
			r->failed = true;
		}
	} else if (hz_writer_close(r->writer, NULL, 0) != 0) {
		r->failed = true;
	}
}

/* The run's state, and the tool as hz_cli_parse sees it. */
static run r;
static const hz_tool tool = {
	.name = "hz-fmt",
	.synopsis = HZ_N_(
	        "[-q] [-i FORMAT] [-o csv|tsv|jsonl|json|table|xlsx] [--lang zh|en]\n"
	        "       [--form] [--normalize] [--excel] [--unit NAME] [--columns F1,F2,...|all]\n"
	        "       [-E ENC] [--type TYPE] [--output FILE] [FILE ...]"),
	.summary = HZ_N_(
	        "convert records between CSV, TSV, JSON Lines and JSON; normalise; export for Excel"),
	.example = "hz-fmt -E gb18030 --normalize --excel 台账.csv > 台账-excel.csv",
	.outputs = "csv tsv jsonl json table xlsx",
	.common = HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG | HZ_OPT_QUIET |
	          HZ_OPT_TYPE | HZ_OPT_CSV_STYLE | HZ_OPT_XLSX | HZ_OPT_WHERE | HZ_OPT_COLUMNS,
	.options = options,
	.on_option = on_option,
	.ctx = &r,
};

int main(int argc, char **argv)
{
	int first = hz_cli_parse(&tool, &r.cli, argc, argv);
	int closed;

	if (first < 0)
		return r.cli.status;
	r.cli.read.prefetch = true; /* a second core reads ahead */
	if (!output_format(&r, argc, argv, first))
		return HZ_EXIT_FAIL;
	r.cli.write.form_order = r.form;
	r.cli.write.normalize = r.normalize;
	r.cli.read.passthrough = true;
	hz_diag_init(&r.diag, r.cli.prog);
	if (r.cli.write.format == HZ_FMT_XLSX)
		r.xlsx = hz_xlsx_new(r.output, &(hz_xlsx_opts){ .unit = r.unit,
		                                                .english = r.cli.english,
		                                                .normalize = r.normalize,
		                                                .columns = r.columns,
		                                                .ncolumns = r.ncolumns,
		                                                .all_columns = r.all_columns,
		                                                .note = form_note,
		                                                .note_arg = &r });
	else
		r.writer = hz_writer_new(stdout, &r.cli.write);
	for (int i = 0; i < r.cli.ninputs && !r.stopped; i++)
		read_input(&r, r.cli.inputs[i]);
	close_output(&r);
	closed = hz_cli_close_stdout(&r.cli);
	if (!r.cli.quiet) {
		fprintf(stderr, HZ_P_("%s: %ld record", "%s: %ld records", r.records), r.cli.prog,
		        r.records);
		if (r.diag.errors + r.diag.fatals > 0)
			fprintf(stderr,
			        HZ_P_("; %ld error in the input", "; %ld errors in the input",
			              r.diag.errors + r.diag.fatals),
			        r.diag.errors + r.diag.fatals);
		fputc('\n', stderr);
	}
	if (r.failed || r.stopped || closed != 0)
		return HZ_EXIT_FAIL;
	return r.diag.errors + r.diag.fatals > 0 ? HZ_EXIT_FOUND : HZ_EXIT_OK;
}
