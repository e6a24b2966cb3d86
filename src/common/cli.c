/* cli.c - the options and conventions every tool shares (hz(1)) */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "hz/amount.h"
#include "cli.h"
#include "hz/version.h"
#include "hz/i18n.h"

enum {
	OPT_LANG = 1000,
	OPT_TODAY,
	OPT_TYPE,
	OPT_CRLF,
	OPT_BOM,
	OPT_HELP,
	OPT_DIAGNOSTICS,
	OPT_VERSION,
	OPT_SHEET,
	OPT_WHERE,
	OPT_COLUMNS,
	OPT_NO_JOURNAL,
	OPT_ALLOW_PERSONAL,
	OPT_TOOL = 2000, /* + index in the tool's table */
};

/* The shared options: one row each, with the bit that turns it on. */
static const struct {
	unsigned bit;
	struct option opt;
	const char *arg_name;
	const char *help;
} common_options[] = {
	{ HZ_OPT_INPUT,
	  { "input-format", required_argument, NULL, 'i' },
	  HZ_N_("FORMAT"),
	  HZ_N_("input format: csv, tsv, jsonl, json, xlsx or xls (default: by extension, else by content)") },
	{ HZ_OPT_INPUT,
	  { "sheet", required_argument, NULL, OPT_SHEET },
	  HZ_N_("NAME"),
	  HZ_N_("the sheet of a spreadsheet to read (default: the first)") },
	{ HZ_OPT_INPUT,
	  { "allow-personal", no_argument, NULL, OPT_ALLOW_PERSONAL },
	  NULL,
	  HZ_N_("read a tip (举报) file even with a column naming the person who reported") },
	{ HZ_OPT_OUTPUT,
	  { "output-format", required_argument, NULL, 'o' },
	  HZ_N_("FORMAT"),
	  HZ_N_("output format") },
	{ HZ_OPT_ENCODING,
	  { "encoding", required_argument, NULL, 'E' },
	  HZ_N_("NAME"),
	  HZ_N_("input encoding: auto (the default: UTF-8, GB18030 or UTF-16, found for each input) or an iconv name") },
	{ HZ_OPT_LANG,
	  { "lang", required_argument, NULL, OPT_LANG },
	  "zh|en",
	  HZ_N_("header language of the CSV the tool makes (default zh)") },
	{ HZ_OPT_TODAY,
	  { "today", required_argument, NULL, OPT_TODAY },
	  HZ_N_("DATE"),
	  HZ_N_("the date taken as today (default: the local date)") },
	{ HZ_OPT_TYPE,
	  { "type", required_argument, NULL, OPT_TYPE },
	  HZ_N_("TYPE"),
	  HZ_N_("record type: hazard, check, activity, roster or duty (default: from the header)") },
	{ HZ_OPT_CSV_STYLE,
	  { "crlf", no_argument, NULL, OPT_CRLF },
	  NULL,
	  HZ_N_("CSV output with CRLF line ends") },
	{ HZ_OPT_CSV_STYLE,
	  { "bom", no_argument, NULL, OPT_BOM },
	  NULL,
	  HZ_N_("CSV output with a UTF-8 BOM") },
	{ HZ_OPT_DIAGNOSTICS,
	  { "diagnostics", required_argument, NULL, OPT_DIAGNOSTICS },
	  "text|json",
	  HZ_N_("form of the findings on stderr (default text)") },
	{ HZ_OPT_REGISTER,
	  { "file", required_argument, NULL, 'f' },
	  HZ_N_("REGISTER"),
	  HZ_N_("the register file (required; created by hz-add if missing)") },
	{ HZ_OPT_WHERE,
	  { "where", required_argument, NULL, OPT_WHERE },
	  HZ_N_("EXPR"),
	  HZ_N_("only the records where EXPR holds: FIELD=VALUE, FIELD!=VALUE, FIELD~TEXT, "
	        "FIELD<DATE (<=, >, >=), FIELD= (empty); repeatable, all must hold") },
	{ HZ_OPT_COLUMNS,
	  { "columns", required_argument, NULL, OPT_COLUMNS },
	  "F1,F2,...",
	  HZ_N_("the columns to write, in that order (-o table, csv, tsv, text)") },
	{ HZ_OPT_REGISTER,
	  { "no-journal", no_argument, NULL, OPT_NO_JOURNAL },
	  NULL,
	  HZ_N_("keep no entry of this change in the register's journal (REGISTER.hzlog)") },
	{ HZ_OPT_QUIET,
	  { "quiet", no_argument, NULL, 'q' },
	  NULL,
	  HZ_N_("quiet: no summary on stderr") },
	{ ~0u, { "help", no_argument, NULL, 'h' }, NULL, HZ_N_("show this help") },
	{ ~0u, { "version", no_argument, NULL, OPT_VERSION }, NULL, HZ_N_("show the version") },
};

#define NCOMMON (sizeof common_options / sizeof common_options[0])

void hz_cli_error(const hz_cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli->prog);
	va_start(ap, fmt);
	vfprintf(stderr, HZ_(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_option(FILE *out, int short_name, const char *name, const char *arg_name,
                         const char *help)
{
	char left[128];
	size_t width;

	if (arg_name)
		arg_name = HZ_(arg_name);
	if (short_name && short_name < 256)
		snprintf(left, sizeof left, "-%c, --%s%s%s", short_name, name, arg_name ? " " : "",
		         arg_name ? arg_name : "");
	else
		snprintf(left, sizeof left, "    --%s%s%s", name, arg_name ? " " : "",
		         arg_name ? arg_name : "");
	/* aligned on display width: a translated NAME may be Chinese */
	width = hz_display_width(left, strlen(left));
	fprintf(out, "  %s%*s %s\n", left, width < 28 ? (int)(28 - width) : 0, "", HZ_(help));
}

void hz_cli_usage(const hz_tool *tool, FILE *out)
{
	fprintf(out, HZ_("usage: %s %s\n"), tool->name, HZ_(tool->synopsis));
	if (out == stderr)
		return;
	fprintf(out, "\n%s\n\n%s\n", HZ_(tool->summary), HZ_("options:"));
	for (const hz_option *o = tool->options; o && o->name; o++)
		print_option(out, o->short_name, o->name, o->has_arg ? o->arg_name : NULL, o->help);
	for (size_t i = 0; i < NCOMMON; i++) {
		if (!(common_options[i].bit & tool->common))
			continue;
		const char *help = common_options[i].help;
		char formats[256];
		if (common_options[i].opt.val == 'o') {
			/* the formats in the help line, where the completion reads them */
			snprintf(formats, sizeof formats, "%s: %s", HZ_(help),
			         tool->outputs ? tool->outputs : "csv tsv jsonl json table");
			help = formats;
		}
		print_option(out, common_options[i].opt.val, common_options[i].opt.name,
		             common_options[i].arg_name, help);
	}
	if (tool->example)
		fprintf(out, "\n%s\n  %s\n", HZ_("example:"), tool->example);
	fprintf(out, HZ_("\nSee %s(1).\n"), tool->name);
}

bool hz_cli_date(const hz_cli *cli, const char *opt, const char *arg, hz_date *out)
{
	if (hz_date_parse(hz_str_c(arg), 0, out))
		return true;
	hz_cli_error(cli, "%s: '%s' is not a date (use YYYY-MM-DD)", opt, arg);
	return false;
}

static int shared_option(const hz_tool *tool, hz_cli *cli, int c, const char *arg)
{
	switch (c) {
	case 'i':
		if (!hz_format_parse(arg, &cli->read.format) ||
		    !(cli->read.format == HZ_FMT_CSV || cli->read.format == HZ_FMT_TSV ||
		      hz_format_is_json(cli->read.format) ||
		      hz_format_is_sheet(cli->read.format))) {
			hz_cli_error(
			        cli,
			        "-i: unknown input format '%s' (csv, tsv, jsonl, json, xlsx, xls)",
			        arg);
			return -1;
		}
		return 0;
	case 'o':
		/* .xls is read only; .xlsx is written by the tools that print a form */
		if (!hz_format_parse(arg, &cli->write.format) || cli->write.format == HZ_FMT_XLS ||
		    (cli->write.format == HZ_FMT_XLSX && !(tool->common & HZ_OPT_XLSX))) {
			hz_cli_error(cli, "-o: unknown output format '%s'", arg);
			return -1;
		}
		return 0;
	case 'E':
		cli->read.encoding = arg;
		return 0;
	case OPT_SHEET:
		cli->read.sheet = arg;
		return 0;
	case OPT_WHERE: {
		char err[512];
		if (!cli->where)
			cli->where = hz_select_new();
		cli->read.where = cli->where;
		if (hz_select_add(cli->where, arg, err, sizeof err) != 0) {
			hz_cli_error(cli, "%s", err);
			return -1;
		}
		return 0;
	}
	case OPT_COLUMNS:
		if (!*arg || arg[strspn(arg, ", ")] == '\0') {
			hz_cli_error(cli, "--columns: no column named");
			return -1;
		}
		cli->write.columns = arg;
		return 0;
	case OPT_ALLOW_PERSONAL:
		cli->read.allow_personal = true;
		return 0;
	case OPT_NO_JOURNAL:
		cli->no_journal = true;
		return 0;
	case 'q':
		cli->quiet = true;
		return 0;
	case 'f':
		cli->register_path = arg;
		return 0;
	case OPT_LANG:
		if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0) {
			hz_cli_error(cli, "--lang: '%s' is neither zh nor en", arg);
			return -1;
		}
		cli->english = cli->write.english = strcmp(arg, "en") == 0;
		return 0;
	case OPT_TODAY:
		if (!hz_cli_date(cli, "--today", arg, &cli->today))
			return -1;
		cli->have_today = true;
		return 0;
	case OPT_TYPE:
		if (!hz_type_parse(arg, &cli->read.type)) {
			hz_cli_error(
			        cli,
			        "--type: unknown record type '%s' (hazard, check, activity, roster, duty)",
			        arg);
			return -1;
		}
		return 0;
	case OPT_DIAGNOSTICS:
		if (strcmp(arg, "text") == 0)
			cli->diagnostics = HZ_DIAG_TEXT;
		else if (strcmp(arg, "json") == 0)
			cli->diagnostics = HZ_DIAG_JSON;
		else {
			hz_cli_error(cli, "--diagnostics: '%s' is neither text nor json", arg);
			return -1;
		}
		return 0;
	case OPT_CRLF:
		cli->write.crlf = true;
		return 0;
	case OPT_BOM:
		cli->write.bom = true;
		return 0;
	case 'h':
		hz_cli_usage(tool, stdout);
		return -2;
	case OPT_VERSION:
		printf("%s %s\n", tool->name, HZ_VERSION_STRING);
		return -2;
	}
	return -1;
}

/* -o table cuts cells to fit a terminal: COLUMNS, else the terminal's
 * own width, else 80; no limit when stdout is not a terminal. */
static int terminal_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (env && atoi(env) > 0)
		return atoi(env);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80; /* a terminal that does not say (a serial line) */
}

/* A closed fd 0, 1 or 2 gets /dev/null opened the wrong way round
 * (write-only for 0, read-only for 1 and 2), so the next file the tool opens
 * cannot take its number and receive what was meant for stdout, and a write
 * to a closed stdout still fails (exit 2), as it would have. */
static bool stdout_closed; /* fd 1 was closed when the tool started */

static void open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		stdout_closed |= fd == STDOUT_FILENO;
		int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (got != fd) {
			/* an fd below was closed too and took it; opened in order, so this
			 * only happens when /dev/null is missing: give up rather than write
			 * somewhere unexpected */
			if (got >= 0)
				close(got);
			_exit(HZ_EXIT_FAIL);
		}
	}
}

/* A closed pipe on stdout ends the tool as SIGPIPE's default would, after
 * writing out the findings still in stderr's buffer. SIGPIPE comes from a
 * write(2) of this thread, inside stdio on stdout (whose lock is not
 * stderr's), so flushing stderr here is sound in practice; when stderr is
 * the broken pipe, the flush fails at once (SIGPIPE is blocked in here). */
static void on_sigpipe(int sig)
{
	fflush(stderr);
	signal(sig, SIG_DFL);
	raise(sig);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* /dev/null keeps no order, so both streams going there (>/dev/null
 * 2>&1, as in cron jobs) need not interleave. */
static bool is_dev_null(int fd)
{
	struct stat sf, sn;

	return fstat(fd, &sf) == 0 && S_ISCHR(sf.st_mode) && stat("/dev/null", &sn) == 0 &&
	       sf.st_rdev == sn.st_rdev;
}

/* stderr when it is stdout's file too (>log 2>&1, as cron keeps a job's
 * output): what is written to stderr goes into stdout's buffer, where it
 * lands between the records it comes before, and the two go out together
 * in blocks. The log reads as the tool made it, whole lines and records,
 * at no write(2) a finding (an unbuffered stderr cost a third more time).
 * Once stdout is closed or sent elsewhere (--output), stderr's own stream,
 * buffered, takes over. */
static FILE *plain_stderr; /* the stream this stands in for, or NULL */
static bool merged;        /* stderr's bytes go into stdout's buffer */

static ssize_t merged_write(void *cookie, const char *buf, size_t n)
{
	FILE *to = merged ? stdout : plain_stderr;

	(void)cookie;
	return fwrite(buf, 1, n, to) == n ? (ssize_t)n : -1;
}

/* stdout is about to be closed or reopened: findings to stderr's file */
static void unmerge(void)
{
	if (merged)
		fflush(stdout);
	merged = false;
}

/* Findings are many (one a bad cell): stderr is buffered, flushed at exit
 * (and by on_sigpipe), or put in stdout's buffer when both are one file.
 * A terminal gets whole lines. */
static void buffer_stderr(void)
{
	static char buf[1 << 16];
	bool tty = isatty(STDERR_FILENO);

	setvbuf(stderr, buf, tty ? _IOLBF : _IOFBF, sizeof buf);
	if (tty || !same_file(STDOUT_FILENO, STDERR_FILENO) || is_dev_null(STDERR_FILENO))
		return;
	cookie_io_functions_t io = { .write = merged_write };
	FILE *f = fopencookie(NULL, "w", io);
	if (!f) {
		setvbuf(stderr, NULL, _IONBF, 0); /* the order, at a cost */
		return;
	}
	setvbuf(f, NULL, _IONBF, 0); /* each write straight into stdout's buffer */
	static char outbuf[1 << 16]; /* blocks as large as stderr's were */
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	plain_stderr = stderr;
	stderr = f; /* glibc's stderr is a variable that may be set */
	merged = true;
}

void hz_cli_start(void)
{
	static bool buffered;

	open_std_fds();
	if (!buffered) /* setvbuf only before stderr's first use */
		buffer_stderr();
	buffered = true;
	/* A parent that ignores SIGPIPE (Python's subprocess does) would leave a
	 * filter reading all its input after `| head` has gone; ending at the
	 * first write, quietly, is what a shell's default gives. */
	signal(SIGPIPE, on_sigpipe);
	/* messages in the locale's language (hz(1), ENVIRONMENT) */
	hz_i18n_init();
}

static int parse(const hz_tool *tool, hz_cli *cli, int argc, char **argv);
static int skip_lock_files(const hz_cli *cli, int argc, char **argv, int first);

int hz_cli_parse(const hz_tool *tool, hz_cli *cli, int argc, char **argv)
{
	static char dash[] = "-";
	static char *stdin_only[] = { dash, NULL };

	hz_cli_start();
	int first = parse(tool, cli, argc, argv);
	if (first == -2) {
		/* --help or --version was written: checked like any output */
		cli->status = HZ_EXIT_OK;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			hz_cli_error(cli, "write error on standard output");
			cli->status = HZ_EXIT_FAIL;
		}
		return -1;
	}
	if (first < 0) {
		cli->status = HZ_EXIT_FAIL;
		return -1;
	}
	if (tool->common & HZ_OPT_INPUT)
		first = skip_lock_files(cli, argc, argv, first);
	cli->inputs = first < argc ? argv + first : stdin_only;
	cli->ninputs = first < argc ? argc - first : 1;
	return first;
}

/* The lock file Excel, WPS or LibreOffice leave beside an open workbook
 * (~$NAME, .~lock.NAME#) among several inputs is no input (tools.md):
 * skipped with a note, moved before the operands the tool reads. */
static bool lock_file(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strncmp(base, "~$", 2) == 0 || strncmp(base, ".~lock.", 7) == 0;
}

static int skip_lock_files(const hz_cli *cli, int argc, char **argv, int first)
{
	int others = 0;

	for (int i = first; i < argc; i++)
		others += !lock_file(argv[i]);
	if (others == 0)
		return first; /* a lock file alone is an error of its own */
	for (int i = first; i < argc; i++) {
		if (!lock_file(argv[i]))
			continue;
		if (!cli->quiet)
			fprintf(stderr,
			        HZ_("%s: %s: skipped: the lock file of a workbook open in "
			            "Excel or WPS, not a report\n"),
			        cli->prog, argv[i]);
		char *lock = argv[i];
		memmove(argv + first + 1, argv + first, (size_t)(i - first) * sizeof *argv);
		argv[first++] = lock;
	}
	return first;
}

static int parse(const hz_tool *tool, hz_cli *cli, int argc, char **argv)
{
	struct option longs[64];
	char shorts[128] = ":"; /* ":" so a missing argument is told apart */
	size_t nl = 0, ntool = 0;

	memset(cli, 0, sizeof *cli);
	cli->prog = tool->name;
	hz_read_opts_init(&cli->read);
	hz_write_opts_init(&cli->write);
	cli->write.format = HZ_FMT_AUTO;
	cli->write.table_width = terminal_width();
	cli->today = hz_date_today();
	for (size_t i = 0; i < NCOMMON; i++) {
		if (!(common_options[i].bit & tool->common))
			continue;
		longs[nl++] = common_options[i].opt;
		int v = common_options[i].opt.val;
		if (v < 256) {
			size_t k = strlen(shorts);
			shorts[k] = (char)v;
			if (common_options[i].opt.has_arg)
				shorts[++k] = ':';
			shorts[k + 1] = '\0';
		}
	}
	for (const hz_option *o = tool->options; o && o->name; o++, ntool++) {
		longs[nl++] =
		        (struct option){ o->name, o->has_arg ? required_argument : no_argument,
			                 NULL, OPT_TOOL + (int)ntool };
		if (o->short_name) {
			size_t k = strlen(shorts);
			shorts[k] = (char)o->short_name;
			if (o->has_arg)
				shorts[++k] = ':';
			shorts[k + 1] = '\0';
		}
	}
	longs[nl] = (struct option){ 0 };

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		int rc;
		if (c == '?' || c == ':') {
			if (optopt && optopt < 256)
				hz_cli_error(cli,
				             c == ':' ? HZ_N_("option -%c needs an argument")
				                      : HZ_N_("unknown option -%c"),
				             optopt);
			else
				hz_cli_error(cli, "unknown option or missing argument: %s",
				             argv[optind - 1]);
			hz_cli_usage(tool, stderr);
			return -1;
		}
		/* a tool's short option maps to its table row */
		if (c < 256) {
			size_t i = 0;
			for (const hz_option *o = tool->options; o && o->name; o++, i++)
				if (o->short_name == c)
					c = OPT_TOOL + (int)i;
		}
		if (c >= OPT_TOOL)
			rc = tool->on_option(tool->options[c - OPT_TOOL].id, optarg, tool->ctx);
		else
			rc = shared_option(tool, cli, c, optarg);
		if (rc != 0)
			return rc == -2 ? -2 : -1;
	}
	if ((tool->common & HZ_OPT_REGISTER) &&
	    (!cli->register_path || strcmp(cli->register_path, "-") == 0)) {
		/* a register is changed in place: it must be a file */
		hz_cli_error(cli, "-f REGISTER is required (a file, not stdin)");
		hz_cli_usage(tool, stderr);
		return -1;
	}
	return optind;
}

/* --output FILE of the text formats: written to a temporary beside the
 * file it replaces and renamed into place by hz_cli_close_stdout, so that
 * a failed write leaves FILE as it was and no file half written. */
static struct {
	const char *name; /* as given */
	char *target;     /* the name renaming replaces (links followed) */
	char *tmp;        /* the temporary, until renamed or removed */
	mode_t mode;      /* the replaced file's permissions, 0 for a new one */
} out_file;

static void remove_tmp(void)
{
	if (out_file.tmp)
		unlink(out_file.tmp);
}

/* Follow path's symlinks to the name renaming must replace: a regular
 * file or a new name (*target), or a device, FIFO or socket (*target
 * NULL: written in place). -1 with errno on a loop or a bad link. (The
 * workbook writer, xlsx_write.c, does the same for -o xlsx.) */
static int output_target(const char *path, char **target, mode_t *mode)
{
	char *p = strdup(path);
	struct stat st;

	*mode = 0;
	for (int hops = 0; p; hops++) {
		if (lstat(p, &st) != 0) {
			if (errno != ENOENT)
				break;
			*target = p;
			return 0;
		}
		if (S_ISREG(st.st_mode)) {
			*mode = st.st_mode & 07777;
			*target = p;
			return 0;
		}
		if (!S_ISLNK(st.st_mode)) {
			free(p);
			*target = NULL;
			return 0;
		}
		char link[4096];
		ssize_t k = hops < 40 ? readlink(p, link, sizeof link - 1) : -1;
		if (k < 0) {
			if (hops >= 40)
				errno = ELOOP;
			break;
		}
		link[k] = '\0';
		const char *slash = strrchr(p, '/');
		size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - p) + 1;
		char *next = malloc(dir + (size_t)k + 1);
		if (next) {
			memcpy(next, p, dir);
			memcpy(next + dir, link, (size_t)k + 1);
		}
		free(p);
		p = next;
	}
	free(p);
	return -1;
}

/* The folder of path, for a message: "." when it has none. */
static void folder_of(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, cap, ".");
	else if (slash == path)
		snprintf(dir, cap, "/");
	else
		snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

/* stdout onto a temporary beside target: 0, or -1 after a message. A
 * folder that cannot be written is said to be the folder; a writable file
 * in it is then written in place. */
static int output_via_tmp(const hz_cli *cli, const char *output, char *target, mode_t mode)
{
	size_t n = strlen(target) + 16;
	char *tmp = malloc(n), dir[4096];

	if (!tmp) {
		free(target);
		hz_cli_error(cli, "out of memory");
		return -1;
	}
	snprintf(tmp, n, "%s.XXXXXX", target);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		if (mode && access(target, W_OK) == 0 && freopen(target, "w", stdout)) {
			free(target);
			out_file.name = output;
			return 0;
		}
		folder_of(target, dir, sizeof dir);
		hz_cli_error(cli, "--output '%s': the folder '%s' cannot be written: %s", output,
		             dir, strerror(e));
		free(target);
		return -1;
	}
	fflush(stdout);
	if (dup2(fd, STDOUT_FILENO) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		free(target);
		hz_cli_error(cli, "--output '%s': %s", output, strerror(e));
		return -1;
	}
	close(fd);
	clearerr(stdout);
	out_file.name = output;
	out_file.target = target;
	out_file.tmp = tmp;
	out_file.mode = mode;
	static bool registered;
	if (!registered)
		atexit(remove_tmp); /* a run that ends early leaves no temporary */
	registered = true;
	return 0;
}

int hz_cli_output_to(const hz_cli *cli, const char *output, hz_format f, char *const *inputs, int n)
{
	struct stat out, in;

	if (f == HZ_FMT_XLSX && !output && isatty(STDOUT_FILENO)) {
		hz_cli_error(cli,
		             "-o xlsx: give --output FILE, or redirect standard output to a file");
		return -1;
	}
	if (f == HZ_FMT_XLSX || !output)
		return 0;
	/* reopening truncates: never an input before it is read */
	if (stat(output, &out) == 0)
		for (int i = 0; i < n; i++)
			if (stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
			    in.st_ino == out.st_ino) {
				hz_cli_error(cli, "--output '%s' is also an input", output);
				return -1;
			}
	unmerge(); /* --output is not stderr's file */
	char *target;
	mode_t mode;
	if (output_target(output, &target, &mode) != 0) {
		hz_cli_error(cli, "--output '%s': %s", output, strerror(errno));
		return -1;
	}
	if (target && mode && access(target, W_OK) != 0) {
		hz_cli_error(cli, "--output '%s': %s", output, strerror(errno));
		free(target);
		return -1;
	}
	if (target)
		return output_via_tmp(cli, output, target, mode);
	/* a device or a FIFO: written in place */
	if (!freopen(output, "w", stdout)) {
		hz_cli_error(cli, "--output '%s': %s", output, strerror(errno));
		return -1;
	}
	out_file.name = output;
	return 0;
}

void hz_cli_drop_stdout(void)
{
	unmerge();
	fclose(stdout);
	remove_tmp();
	free(out_file.tmp);
	out_file.tmp = NULL;
}

int hz_cli_close_stdout(const hz_cli *cli)
{
	/* a closed stdout is a failed output even when nothing was written to
	 * it: what the tool had to say is lost (exit 2, as before fd 1 was
	 * held open on /dev/null) */
	unmerge();
	errno = 0;
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;
	struct statvfs fs;
	/* a write that failed before the last flush left no errno: a full
	 * disk is the likely one, and can be told */
	if (bad && !e && out_file.name && fstatvfs(STDOUT_FILENO, &fs) == 0 && fs.f_bavail == 0)
		e = ENOSPC;
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	bad |= stdout_closed;
	if (bad && out_file.tmp) {
		remove_tmp();
		hz_cli_error(cli, "write error on '%s': %s; it is left as it was", out_file.name,
		             e ? strerror(e) : HZ_("the system gave no reason"));
	} else if (bad && out_file.name) {
		hz_cli_error(cli, "write error on '%s': %s", out_file.name,
		             e ? strerror(e) : HZ_("the system gave no reason"));
	} else if (bad) {
		hz_cli_error(cli, "write error on standard output");
	} else if (out_file.tmp) {
		mode_t mask = umask(0);
		umask(mask);
		chmod(out_file.tmp, out_file.mode ? out_file.mode : 0666 & ~mask);
		if (rename(out_file.tmp, out_file.target) != 0) {
			e = errno;
			remove_tmp();
			bad = true;
			hz_cli_error(cli, "--output '%s': %s", out_file.name, strerror(e));
		}
	}
	free(out_file.tmp);
	out_file.tmp = NULL;
	free(out_file.target);
	out_file.target = NULL;
	return bad ? HZ_EXIT_FAIL : HZ_EXIT_OK;
}

hz_format hz_cli_output_format(const hz_cli *cli, const char *first_path, hz_format fallback)
{
	hz_format in =
	        cli->read.format != HZ_FMT_AUTO ? cli->read.format : hz_format_of_path(first_path);

	return hz_cli_output_format_for(cli, in, fallback);
}

hz_format hz_cli_output_format_for(const hz_cli *cli, hz_format in, hz_format fallback)
{
	if (cli->write.format != HZ_FMT_AUTO)
		return cli->write.format;
	if (hz_format_is_json(in))
		return HZ_FMT_JSONL;
	if (in == HZ_FMT_CSV || in == HZ_FMT_TSV)
		return in;
	return fallback;
}

bool hz_cli_id(const hz_cli *cli, const char *arg, long *id)
{
	if (!hz_count_parse(hz_str_c(arg), id) || *id <= 0) {
		hz_cli_error(cli, "'%s' is not an id (a positive integer)", arg);
		return false;
	}
	return true;
}

bool hz_cli_record_id(const hz_cli *cli, const char *arg, const char *unit, const char **reporter,
                      long *id)
{
	static char who[512];
	const char *colon = strrchr(arg, ':'), *wide = strstr(arg, "："), *cut = colon;
	size_t skip = 1;

	for (const char *w = wide; w; w = strstr(w + 3, "："))
		if (!cut || w > cut) {
			cut = w;
			skip = 3;
		}
	*reporter = unit;
	if (!cut)
		return hz_cli_id(cli, arg, id);
	if (unit) {
		hz_cli_error(cli, "'%s' names its unit: --unit is not needed", arg);
		return false;
	}
	hz_str r = hz_trim((hz_str){ arg, (size_t)(cut - arg) });
	if (r.n == 0 || r.n >= sizeof who) {
		hz_cli_error(cli, "'%s' is not REPORTER:ID", arg);
		return false;
	}
	memcpy(who, r.s, r.n);
	who[r.n] = '\0';
	*reporter = who;
	return hz_cli_id(cli, cut + skip, id);
}

hz_session_opts hz_cli_session(const hz_cli *cli)
{
	return (hz_session_opts){
		.prog = cli->prog,
		.register_path = cli->register_path,
		.read = cli->read,
		.english = cli->english,
		.today = cli->today,
		.quiet = cli->quiet,
		.diagnostics = cli->diagnostics,
		.no_journal = cli->no_journal,
	};
}
