/* test_cli.c - the options every tool shares (hz(1) conventions): what
 * they set, usage errors and --help/--version (-1 with the exit status),
 * output format, the process set-up (closed fds, SIGPIPE) */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdio_ext.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "hz/version.h"

/* ---- a tool with two options of its own ---- */

enum { OPT_STRICT, OPT_LIMIT };

static const hz_option options[] = {
	{ "strict", 0, false, OPT_STRICT, NULL, "warnings count" },
	{ "limit", 'n', true, OPT_LIMIT, "N", "at most N" },
	{ NULL, 0, false, 0, NULL, NULL },
};

struct ctx {
	int strict;
	char limit[32];
};

static int on_option(int id, const char *arg, void *p)
{
	struct ctx *c = p;

	switch (id) {
	case OPT_STRICT:
		c->strict++;
		return 0;
	case OPT_LIMIT:
		if (strcmp(arg, "bad") == 0) {
			fprintf(stderr, "t: --limit: bad\n");
			return -1;
		}
		snprintf(c->limit, sizeof c->limit, "%s", arg);
		return 0;
	}
	return -1;
}

static struct ctx C;

static hz_tool tool(unsigned common)
{
	memset(&C, 0, sizeof C);
	return (hz_tool){
		.name = "hz-test",
		.synopsis = "[-q] [FILE ...]",
		.summary = "A tool for the tests.",
		.example = "hz-test a.csv",
		.common = common,
		.options = options,
		.on_option = on_option,
		.ctx = &C,
	};
}

#define ALL                                                                                        \
	(HZ_OPT_INPUT | HZ_OPT_OUTPUT | HZ_OPT_ENCODING | HZ_OPT_LANG | HZ_OPT_TODAY |             \
	 HZ_OPT_QUIET | HZ_OPT_TYPE | HZ_OPT_CSV_STYLE)

/* ---- stdout and stderr of one parse, captured ---- */

static char out_text[8192], err_text[8192];

static void slurp(FILE *f, char *buf, size_t cap)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static int parse(hz_tool *t, hz_cli *cli, int argc, char **argv)
{
	FILE *o = tmpfile(), *e = tmpfile();
	int save_out = dup(1), save_err = dup(2), rc;

	assert_non_null(o);
	assert_non_null(e);
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	rc = hz_cli_parse(t, cli, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(save_out);
	close(save_err);
	slurp(o, out_text, sizeof out_text);
	slurp(e, err_text, sizeof err_text);
	return rc;
}

#define ARGV(...) ((char *[]){ "hz-test", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "hz-test", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(t, cli, ...) parse(t, cli, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static void test_defaults(void **state)
{
	hz_tool t = tool(ALL);
	hz_cli cli;

	(void)state;
	assert_int_equal(PARSE(&t, &cli, "a.csv"), 1);
	assert_string_equal(cli.prog, "hz-test");
	assert_int_equal(cli.read.format, HZ_FMT_AUTO);
	assert_null(cli.read.encoding);
	assert_int_equal(cli.read.type, HZ_TYPE_UNKNOWN);
	assert_int_equal(cli.write.format, HZ_FMT_AUTO);
	assert_false(cli.english);
	assert_false(cli.quiet);
	assert_false(cli.have_today);
	assert_int_equal(cli.today, hz_date_today());
	assert_false(cli.write.crlf);
	assert_false(cli.write.bom);
	assert_string_equal(out_text, "");
	assert_string_equal(err_text, "");
	/* no operands: the index is argc */
	assert_int_equal(parse(&t, &cli, 1, (char *[]){ "hz-test", NULL }), 1);
}

static void test_shared_options(void **state)
{
	hz_tool t = tool(ALL);
	hz_cli cli;
	char **argv = ARGV("-i", "tsv", "-o", "jsonl", "-E", "gb18030", "--lang", "en", "--today",
	                   "2023-07-01", "-q", "--type", "roster", "--crlf", "--bom", "--strict",
	                   "-n", "5", "a.csv", "b.csv");
	int argc = ARGC("-i", "tsv", "-o", "jsonl", "-E", "gb18030", "--lang", "en", "--today",
	                "2023-07-01", "-q", "--type", "roster", "--crlf", "--bom", "--strict", "-n",
	                "5", "a.csv", "b.csv");
	hz_date d;

	(void)state;
	int first = parse(&t, &cli, argc, argv);
	assert_int_equal(first, argc - 2);
	assert_string_equal(argv[first], "a.csv");
	assert_string_equal(argv[first + 1], "b.csv");
	assert_int_equal(cli.read.format, HZ_FMT_TSV);
	assert_int_equal(cli.write.format, HZ_FMT_JSONL);
	assert_string_equal(cli.read.encoding, "gb18030");
	assert_true(cli.english);
	assert_true(cli.write.english);
	assert_true(cli.have_today);
	assert_true(hz_date_from_ymd(2023, 7, 1, &d));
	assert_int_equal(cli.today, d);
	assert_true(cli.quiet);
	assert_int_equal(cli.read.type, HZ_ROSTER);
	assert_true(cli.write.crlf);
	assert_true(cli.write.bom);
	assert_int_equal(C.strict, 1);
	assert_string_equal(C.limit, "5");
	assert_string_equal(err_text, "");

	/* long forms, --opt=value, and operands before options */
	argv = ARGV("x.jsonl", "--input-format=json", "--output-format", "csv", "--encoding=UTF-16",
	            "--quiet", "--limit=7", "--today", "2023年5月1日");
	argc = ARGC("x.jsonl", "--input-format=json", "--output-format", "csv", "--encoding=UTF-16",
	            "--quiet", "--limit=7", "--today", "2023年5月1日");
	first = parse(&t, &cli, argc, argv);
	assert_int_equal(first, argc - 1);
	assert_string_equal(argv[first], "x.jsonl");
	assert_int_equal(cli.read.format, HZ_FMT_JSON);
	assert_int_equal(cli.write.format, HZ_FMT_CSV);
	assert_string_equal(cli.read.encoding, "UTF-16");
	assert_true(cli.quiet);
	assert_string_equal(C.limit, "7");
	assert_true(hz_date_from_ymd(2023, 5, 1, &d));
	assert_int_equal(cli.today, d);

	/* "--" ends the options */
	argv = ARGV("--", "-q");
	first = parse(&t, &cli, ARGC("--", "-q"), argv);
	assert_string_equal(argv[first], "-q");
	assert_false(cli.quiet);
}

static void expect_usage_error(hz_tool *t, int argc, char **argv, const char *says)
{
	hz_cli cli;
	int rc = parse(t, &cli, argc, argv);

	if (rc != -1)
		fail_msg("%s: returned %d, want -1", argv[1], rc);
	if (!strstr(err_text, says))
		fail_msg("%s: stderr '%s' does not say '%s'", argv[1], err_text, says);
	assert_string_equal(out_text, "");
}

#define USAGE_ERROR(t, says, ...) expect_usage_error(t, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), says)

static void test_usage_errors(void **state)
{
	hz_tool t = tool(ALL);

	(void)state;
	USAGE_ERROR(&t, "unknown option", "--no-such-option");
	USAGE_ERROR(&t, "hz-test:", "--no-such-option");
	USAGE_ERROR(&t, "usage: hz-test", "--no-such-option");
	USAGE_ERROR(&t, "-x", "-x");
	/* a missing argument: cli.c says "unknown option -n" for now (its
	 * getopt string lacks the leading ':'); the option is named either way */
	USAGE_ERROR(&t, "-n", "-n");
	USAGE_ERROR(&t, "--today", "--today");
	USAGE_ERROR(&t, "'2023-02-29' is not a date", "--today", "2023-02-29");
	USAGE_ERROR(&t, "--today", "--today", "yesterday");
	USAGE_ERROR(&t, "--lang", "--lang", "fr");
	USAGE_ERROR(&t, "'table'", "-i", "table");
	USAGE_ERROR(&t, "'xml'", "-i", "xml");
	USAGE_ERROR(&t, "'xml'", "-o", "xml");
	USAGE_ERROR(&t, "'Hazard'", "--type", "Hazard");
	USAGE_ERROR(&t, "--limit: bad", "--limit", "bad");
	USAGE_ERROR(&t, "unknown option", "--strict=1");

	/* a shared option the tool does not take is unknown to it */
	hz_tool few = tool(HZ_OPT_QUIET);
	USAGE_ERROR(&few, "unknown option", "--type", "hazard");
	USAGE_ERROR(&few, "unknown option", "-E", "gb18030");
	USAGE_ERROR(&few, "unknown option", "--crlf");
	hz_cli cli;
	assert_int_equal(PARSE(&few, &cli, "-q", "f"), 2);
	assert_true(cli.quiet);
}

static void test_help_version(void **state)
{
	hz_tool t = tool(HZ_OPT_QUIET | HZ_OPT_TODAY);
	hz_cli cli;

	(void)state;
	assert_int_equal(PARSE(&t, &cli, "--help"), -1);
	assert_int_equal(cli.status, HZ_EXIT_OK);
	assert_true(strncmp(out_text, "usage: hz-test [-q] [FILE ...]\n", 31) == 0);
	assert_non_null(strstr(out_text, "A tool for the tests."));
	assert_non_null(strstr(out_text, "--strict"));
	assert_non_null(strstr(out_text, "-n, --limit N"));
	assert_non_null(strstr(out_text, "--today DATE"));
	assert_non_null(strstr(out_text, "-q, --quiet"));
	assert_null(strstr(out_text, "--type")); /* not the tool's */
	assert_non_null(strstr(out_text, "hz-test a.csv"));
	assert_string_equal(err_text, "");
	assert_int_equal(PARSE(&t, &cli, "-h", "a.csv"), -1);
	assert_int_equal(PARSE(&t, &cli, "--version"), -1);
	assert_int_equal(cli.status, HZ_EXIT_OK);
	assert_string_equal(out_text, "hz-test " HZ_VERSION_STRING "\n");
	assert_string_equal(err_text, "");
	/* help wins over what follows, not over an error before it */
	assert_int_equal(PARSE(&t, &cli, "--bogus", "--help"), -1);
	assert_int_equal(cli.status, HZ_EXIT_FAIL);
}

/* --help and --version are checked writes: exit 2 when stdout is full. */
static void test_help_full(void **state)
{
	hz_tool t = tool(HZ_OPT_QUIET);
	hz_cli cli;
	int full = open("/dev/full", O_WRONLY), save = dup(1);
	char *argv[] = { "hz-test", "--version", NULL }, *hargv[] = { "hz-test", "--help", NULL };

	(void)state;
	if (full < 0)
		skip();
	fflush(stdout);
	dup2(full, 1);
	int rc = hz_cli_parse(&t, &cli, 2, argv);
	hz_exit version = cli.status;
	clearerr(stdout);
	int hrc = hz_cli_parse(&t, &cli, 2, hargv);
	hz_exit help = cli.status;
	clearerr(stdout);
	dup2(save, 1);
	close(save);
	close(full);
	assert_int_equal(rc, -1);
	assert_int_equal(version, HZ_EXIT_FAIL);
	assert_int_equal(hrc, -1);
	assert_int_equal(help, HZ_EXIT_FAIL);
}

/* With fd 1 closed, the next file opened must not become stdout; an
 * ignored SIGPIPE is set back to its default. */
static void test_start(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(1);
		signal(SIGPIPE, SIG_IGN);
		hz_cli_start();
		int fd = open("/dev/null", O_RDONLY);
		struct sigaction sa;
		sigaction(SIGPIPE, NULL, &sa);
		_exit(fd > 2 && fcntl(1, F_GETFD) != -1 && sa.sa_handler != SIG_IGN &&
		                      write(1, "x", 1) == -1
		              ? 0
		              : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* How hz_cli_start buffers stderr, seen in a fresh process (stderr's
 * buffer is set once, before its first use): this program run again with
 * "stderr-mode" and fds 1 and 2 as given writes "SIZE LINEBUF STDOUT-SIZE"
 * to fd 3. */
static void stderr_mode_child(void)
{
	hz_cli_start();
	dprintf(3, "%zu %d %zu", __fbufsize(stderr), __flbf(stderr), __fbufsize(stdout));
	_exit(0);
}

static void stderr_mode(const char *out, const char *err, char *got, size_t cap)
{
	int pipefd[2], status;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_APPEND, 0600);
		int e = strcmp(err, out) == 0 ? dup(o)
		                              : open(err, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(pipefd[1], 3);
		dup2(o, 1);
		dup2(e, 2);
		execl("/proc/self/exe", "test_cli", "stderr-mode", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	ssize_t n = read(pipefd[0], got, cap - 1);
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	got[n > 0 ? n : 0] = '\0';
}

/* Findings are buffered; when stdout and stderr are one file (2>&1),
 * where they must interleave with the records, stderr writes straight
 * into stdout's buffer of 64 KB (log-order.sh checks the order); /dev/null
 * keeps no order, so >/dev/null 2>&1 is buffered as two files are. */
static void test_stderr_buffering(void **state)
{
	char got[64], a[] = "/tmp/hz-test-cli-XXXXXX", b[] = "/tmp/hz-test-cli-XXXXXX";

	(void)state;
	close(mkstemp(a));
	close(mkstemp(b));
	stderr_mode(a, b, got, sizeof got);
	assert_string_equal(got, "65536 0 0");
	stderr_mode("/dev/null", "/dev/null", got, sizeof got);
	assert_string_equal(got, "65536 0 0");
	stderr_mode(a, a, got, sizeof got); /* 2>&1 into a file */
	assert_string_equal(got, "1 0 65536");
	unlink(a);
	unlink(b);
}

static void test_dates_and_errors(void **state)
{
	hz_tool t = tool(ALL);
	hz_cli cli;
	hz_date d, want;

	(void)state;
	assert_int_equal(PARSE(&t, &cli, "a"), 1);
	assert_true(hz_date_from_ymd(2023, 6, 30, &want));
	FILE *e = tmpfile();
	int save = dup(2);
	fflush(stderr);
	dup2(fileno(e), 2);
	bool ok1 = hz_cli_date(&cli, "--as-of", " 2023/6/30 ", &d);
	bool ok2 = hz_cli_date(&cli, "--as-of", "2023-06-31", &d);
	hz_cli_error(&cli, "%s: %d", "x", 3);
	fflush(stderr);
	dup2(save, 2);
	close(save);
	slurp(e, err_text, sizeof err_text);
	assert_true(ok1);
	assert_false(ok2);
	assert_int_equal(d, want);
	assert_string_equal(
	        err_text,
	        "hz-test: --as-of: '2023-06-31' is not a date (use YYYY-MM-DD)\nhz-test: x: 3\n");
}

static void test_output_format(void **state)
{
	hz_tool t = tool(ALL);
	hz_cli cli;

	(void)state;
	assert_int_equal(PARSE(&t, &cli, "a"), 1);
	assert_int_equal(hz_cli_output_format(&cli, "r.csv", HZ_FMT_TABLE), HZ_FMT_CSV);
	assert_int_equal(hz_cli_output_format(&cli, "r.tsv", HZ_FMT_TABLE), HZ_FMT_TSV);
	assert_int_equal(hz_cli_output_format(&cli, "r.jsonl", HZ_FMT_TABLE), HZ_FMT_JSONL);
	assert_int_equal(hz_cli_output_format(&cli, "r.ndjson", HZ_FMT_TABLE), HZ_FMT_JSONL);
	assert_int_equal(hz_cli_output_format(&cli, "r.json", HZ_FMT_TABLE), HZ_FMT_JSONL);
	assert_int_equal(hz_cli_output_format(&cli, "r", HZ_FMT_TABLE), HZ_FMT_TABLE);
	assert_int_equal(hz_cli_output_format(&cli, NULL, HZ_FMT_CSV), HZ_FMT_CSV);
	assert_int_equal(hz_cli_output_format(&cli, "dir.csv/r", HZ_FMT_TABLE), HZ_FMT_TABLE);
	assert_int_equal(hz_cli_output_format_for(&cli, HZ_FMT_JSON, HZ_FMT_CSV), HZ_FMT_JSONL);
	assert_int_equal(hz_cli_output_format_for(&cli, HZ_FMT_TSV, HZ_FMT_CSV), HZ_FMT_TSV);
	assert_int_equal(hz_cli_output_format_for(&cli, HZ_FMT_AUTO, HZ_FMT_JSONL), HZ_FMT_JSONL);
	/* -i decides over the name */
	assert_int_equal(PARSE(&t, &cli, "-i", "jsonl", "a"), 3);
	assert_int_equal(hz_cli_output_format(&cli, "r.csv", HZ_FMT_TABLE), HZ_FMT_JSONL);
	/* -o decides over both */
	assert_int_equal(PARSE(&t, &cli, "-i", "jsonl", "-o", "table", "a"), 5);
	assert_int_equal(hz_cli_output_format(&cli, "r.csv", HZ_FMT_CSV), HZ_FMT_TABLE);
	assert_int_equal(hz_cli_output_format_for(&cli, HZ_FMT_CSV, HZ_FMT_CSV), HZ_FMT_TABLE);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "stderr-mode") == 0)
		stderr_mode_child();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),         cmocka_unit_test(test_shared_options),
		cmocka_unit_test(test_usage_errors),     cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_help_full),        cmocka_unit_test(test_start),
		cmocka_unit_test(test_stderr_buffering), cmocka_unit_test(test_dates_and_errors),
		cmocka_unit_test(test_output_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
