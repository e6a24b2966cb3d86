/* cli.h - the options and conventions every tool shares (hz(1)): the tools'
 * own protocol, linked into each executable and not part of libhz */
#ifndef HZ_CLI_H
#define HZ_CLI_H
#include <stdbool.h>
#include "hz/date.h"
#include "hz/diag.h"
#include "hz/exit.h"
#include "hz/format.h"
#include "hz/reader.h"
#include "hz/session.h"
#include "hz/writer.h"

/* Shared options a tool accepts (bit set in hz_tool.common). */
enum hz_common_opt {
	HZ_OPT_INPUT = 1,         /* -i FORMAT */
	HZ_OPT_OUTPUT = 2,        /* -o FORMAT */
	HZ_OPT_ENCODING = 4,      /* -E NAME */
	HZ_OPT_LANG = 8,          /* --lang zh|en */
	HZ_OPT_TODAY = 16,        /* --today DATE */
	HZ_OPT_QUIET = 32,        /* -q */
	HZ_OPT_TYPE = 64,         /* --type TYPE */
	HZ_OPT_CSV_STYLE = 128,   /* --crlf, --bom */
	HZ_OPT_DIAGNOSTICS = 256, /* --diagnostics text|json */
	HZ_OPT_REGISTER = 512,    /* -f REGISTER: required, and a file, not stdin */
	HZ_OPT_XLSX = 1024,       /* -o xlsx is one of its output formats */
	HZ_OPT_WHERE = 2048,      /* --where EXPR (repeatable): choose the records read */
	HZ_OPT_COLUMNS = 4096,    /* --columns F1,F2,...: the columns of table/csv/tsv */
};

/* A tool's own option: one row of its option table. */
typedef struct hz_option {
	const char *name; /* long name without -- */
	int short_name;   /* 0 if none */
	bool has_arg;
	int id;               /* passed to on_option */
	const char *arg_name; /* for --help */
	const char *help;
} hz_option;

typedef struct hz_cli {
	const char *prog;
	hz_read_opts read;
	hz_write_opts write; /* format HZ_FMT_AUTO unless -o */
	bool english;
	bool have_today;
	hz_date today; /* --today, else the local date */
	bool quiet;
	hz_diag_format diagnostics; /* --diagnostics, text by default */
	const char *register_path;  /* -f REGISTER */
	hz_select *where;           /* --where, or NULL (read.where points here) */
	bool no_journal;            /* --no-journal (with -f REGISTER) */
	hz_exit status;             /* when hz_cli_parse returned -1: exit with this */
	/* the operands, or the one operand "-" when there are none */
	char **inputs;
	int ninputs;
} hz_cli;

typedef struct hz_tool {
	const char *name;
	const char *synopsis; /* usage line(s) after the name */
	const char *summary;  /* one line */
	const char *example;
	/* -o's formats, as --help lists them and the bash completion offers
	 * them: "table csv json xlsx" (NULL: csv tsv jsonl json table). The
	 * tool's own check refuses the others. */
	const char *outputs;
	unsigned common;
	const hz_option *options; /* terminated by a row with name NULL */
	/* Returns 0, or -1 after printing why the argument is wrong. */
	int (*on_option)(int id, const char *arg, void *ctx);
	void *ctx;
} hz_tool;

/* Parse argv. Returns the index of the first operand, or -1 when the tool
 * must exit now with cli->status: after a usage error (message printed,
 * HZ_EXIT_FAIL) or --help/--version (HZ_EXIT_OK, or HZ_EXIT_FAIL when the
 * write failed, e.g. on /dev/full). It also readies the process the way
 * every tool needs: fds 0-2 open (so no file of ours becomes "stdout"), and
 * SIGPIPE at its default, so a closed pipe ends a filter quietly even when
 * the parent ignored SIGPIPE. cli->inputs are the operands, or "-". */
int hz_cli_parse(const hz_tool *tool, hz_cli *cli, int argc, char **argv);
/* The process set-up hz_cli_parse does, for a main that parses by itself
 * (hz): fds 0-2 open, SIGPIPE default. */
void hz_cli_start(void);
void hz_cli_usage(const hz_tool *tool, FILE *out);
/* Complain "hz-X: MESSAGE" on stderr. */
void hz_cli_error(const hz_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parse an option's date argument, or complain and return false. */
bool hz_cli_date(const hz_cli *cli, const char *opt, const char *arg, hz_date *out);
/* --output FILE (NULL: stdout) for format f. -o xlsx goes to FILE (the
 * workbook is renamed into place at the end), or to stdout when that is
 * not a terminal. The other formats: stdout is reopened on FILE, which
 * must not be one of the n inputs. 0, or -1 after a message. */
int hz_cli_output_to(const hz_cli *cli, const char *output, hz_format f, char *const *inputs,
                     int n);
/* An ID operand: a positive integer, or false after a message. */
bool hz_cli_id(const hz_cli *cli, const char *arg, long *id);
/* A record's address in a street database (office.md): ID, or
 * REPORTER:ID (the last ':' or '：' splits them). *reporter is the part
 * before it, else unit (--unit, may be NULL). False after a message. */
bool hz_cli_record_id(const hz_cli *cli, const char *arg, const char *unit, const char **reporter,
                      long *id);
/* The register session's options (session.h) from the tool's. */
hz_session_opts hz_cli_session(const hz_cli *cli);
/* Flush and close stdout: 0, or 2 after "write error" on stderr, naming
 * --output's FILE (then left as it was). */
int hz_cli_close_stdout(const hz_cli *cli);
/* Close stdout after a failed run: --output's FILE is left as it was. */
void hz_cli_drop_stdout(void);
/* The output format: -o where given, else the input's family (CSV in ->
 * CSV out, JSON in -> JSON Lines out), told by the first operand's
 * extension (fallback when it has none, e.g. stdin). */
hz_format hz_cli_output_format(const hz_cli *cli, const char *first_path, hz_format fallback);
/* The same, from the format the first reader found by content
 * (hz_reader_info(r)->format): right for stdin too. */
hz_format hz_cli_output_format_for(const hz_cli *cli, hz_format input, hz_format fallback);

#endif
