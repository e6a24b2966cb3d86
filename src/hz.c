/* hz - one front door: "hz VERB ARGS..." runs hz-VERB ARGS... (as git does) */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "hz/i18n.h"
#include "hz/version.h"

/* The verbs, in the order "hz help" lists them. A tool or script is found
 * next to the hz binary, so "hz help" lists only the ones installed there. */
static const struct verb {
	const char *name;
	const char *summary;
} verbs[] = {
	{ "validate", HZ_N_("check records against the rules of the forms") },
	{ "add", HZ_N_("add records to a register, safely under concurrency") },
	{ "progress", HZ_N_("record progress, completion or an extension on a hazard") },
	{ "edit", HZ_N_("correct fields of a record in a register") },
	{ "log", HZ_N_("print who changed what in a register, and when; check it against the register") },
	{ "overdue", HZ_N_("list the hazards past their deadline, due soon or rectified late") },
	{ "collect", HZ_N_("take in the units' registers and reports: log, archive, one street database") },
	{ "due", HZ_N_("list the duties of the plan an enterprise has missed or owes, and reports due") },
	{ "tally", HZ_N_("fill the month-end 调度表 (附件1) from the records") },
	{ "fmt", HZ_N_("convert between CSV, TSV, JSON Lines and JSON; normalise") },
	{ "notice", HZ_N_("write the 督促函 to one unit or enterprise (.docx or text)") },
	{ "bulletin", HZ_N_("write the quarterly 通报 of the units' progress (.docx, .xlsx, text)") },
	{ "alert", HZ_N_("send the overdue and due-soon alert when there is one (cron)") },
	{ "month-end", HZ_N_("write last month's 调度表 for each reporter (cron)") },
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

static void usage(FILE *out)
{
	fputs(HZ_("usage: hz VERB [ARG ...]\n"
		  "       hz help [VERB]\n"
		  "runs hz-VERB ARG ... from the folder hz is installed in\n"
		  "example: hz overdue --within 7 -o text register.csv\n"), out);
}

/* The folder of the running binary, "" when it cannot be told (the
 * tools are then looked up on PATH). */
static void self_dir(const char *argv0, char *dir, size_t cap)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n > 0)
		buf[n] = '\0';
	else if (strchr(argv0, '/'))
		snprintf(buf, sizeof buf, "%s", argv0);
	else
		buf[0] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		buf[0] = '\0';
	snprintf(dir, cap, "%s", buf);
}

/* A verb names a file: letters, digits and '-', not starting with '-'. */
static int valid_verb(const char *v)
{
	if (!*v || *v == '-')
		return 0;
	return strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(v);
}

/* The path of hz-VERB beside hz; false when it does not fit. */
static bool tool_path(const char *dir, const char *verb, char *path, size_t cap)
{
	int n = *dir ? snprintf(path, cap, "%s/hz-%s", dir, verb)
		     : snprintf(path, cap, "hz-%s", verb);

	return n >= 0 && (size_t)n < cap;
}

static int installed(const char *dir, const char *verb)
{
	char path[PATH_MAX];

	if (!*dir)
		return 1;
	return tool_path(dir, verb, path, sizeof path) && access(path, X_OK) == 0;
}

static int unknown(const char *verb)
{
	fprintf(stderr, HZ_("hz: '%s' is not an hz verb; see 'hz help'\n"), verb);
	return HZ_EXIT_FAIL;
}

/* Help and version are output like any other: a failed write is exit 2. */
static int checked_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs(HZ_("hz: write error\n"), stderr);
		return HZ_EXIT_FAIL;
	}
	return HZ_EXIT_OK;
}

static int list_verbs(const char *dir)
{
	usage(stdout);
	fputs(HZ_("\nverbs:\n"), stdout);
	for (size_t i = 0; i < NVERBS; i++)
		if (installed(dir, verbs[i].name))
			printf("  %-10s %s\n", verbs[i].name, HZ_(verbs[i].summary));
	fputs(HZ_("\n'hz help VERB' shows the manual page of hz-VERB\n"), stdout);
	return checked_stdout();
}

#ifndef HZ_MANDIR_REL
#define HZ_MANDIR_REL "../share/man"
#endif

/* Chinese pages when messages are Chinese: a locale other than C whose
 * messages are zh, or, as GNU gettext reads it, LANGUAGE naming zh first. */
static bool chinese(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");

	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0 || strncmp(loc, "C.", 2) == 0)
		return false;
	if (language && *language)
		return strncmp(language, "zh", 2) == 0;
	return strncmp(loc, "zh", 2) == 0;
}

/* The page of hz-VERB that belongs with this hz: in man/ beside the binary
 * (the build tree, where CMake copies the pages) or in the installation's
 * share/man; the Chinese one first under a Chinese locale. False when
 * neither has it (hz found on PATH without its pages). */
static bool page_path(const char *dir, const char *page, char *path, size_t cap)
{
	static const char *const roots[] = { "man", HZ_MANDIR_REL };
	const char *langs[] = { chinese() ? "zh_CN/" : NULL, "" };

	if (!*dir)
		return false;
	for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++)
		for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
			int n;

			if (!langs[l])
				continue;
			n = snprintf(path, cap, "%s/%s/%sman1/%s.1", dir, roots[r], langs[l], page);
			if (n >= 0 && (size_t)n < cap && access(path, R_OK) == 0)
				return true;
		}
	return false;
}

static int help(const char *dir, const char *verb)
{
	char page[64], path[PATH_MAX];

	if (!valid_verb(verb) || strlen(verb) > 40 || !installed(dir, verb))
		return unknown(verb);
	snprintf(page, sizeof page, "hz-%s", verb);
	fflush(stdout);
	if (page_path(dir, page, path, sizeof path))
		execlp("man", "man", "-l", path, (char *)NULL);
	else
		execlp("man", "man", page, (char *)NULL);
	fprintf(stderr, HZ_("hz: cannot run man (%s): read the page with "
			    "'mandoc PREFIX/share/man/man1/%s.1 | less', or run '%s --help'\n"),
		strerror(errno), page, page);
	return HZ_EXIT_FAIL;
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *verb = argc > 1 ? argv[1] : NULL;

	hz_cli_start();
	self_dir(argv[0], dir, sizeof dir);
	if (!verb) {
		usage(stderr);
		return HZ_EXIT_FAIL;
	}
	if (strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0)
		return argc > 2 ? help(dir, argv[2]) : list_verbs(dir);
	if (strcmp(verb, "--version") == 0) {
		printf("hz %s\n", HZ_VERSION_STRING);
		return checked_stdout();
	}
	if (!valid_verb(verb) || strlen(verb) > 40)
		return unknown(verb);
	if (!tool_path(dir, verb, path, sizeof path))
		return unknown(verb);
	snprintf(dir, sizeof dir, "hz-%s", verb);
	argv[1] = dir;
	if (strchr(path, '/'))
		execv(path, argv + 1);
	else
		execvp(path, argv + 1);
	if (errno == ENOENT)
		return unknown(verb);
	fprintf(stderr, HZ_("hz: cannot run %s: %s\n"), path, strerror(errno));
	return HZ_EXIT_FAIL;
}
