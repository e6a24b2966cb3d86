/* i18n.c - where a tool finds its message catalogue */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hz/i18n.h"

#ifndef HZ_LOCALEDIR
#define HZ_LOCALEDIR "/usr/local/share/locale"
#endif
/* the same, relative to the install prefix */
#ifndef HZ_LOCALEDIR_REL
#define HZ_LOCALEDIR_REL "share/locale"
#endif

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogue folder found from the running executable: "locale" beside
 * it (the build tree), else the install's folder relative to the "bin"
 * folder it is in, so an install moved or made with another --prefix still
 * finds its messages. NULL when neither is there. */
static const char *near_executable(void)
{
	static char path[PATH_MAX];
	const char *tail[] = { "/locale", "/../" HZ_LOCALEDIR_REL };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) {
		if (strlen(exe) + strlen(tail[i]) >= sizeof path)
			continue;
		strcpy(path, exe);
		strcat(path, tail[i]);
		if (is_dir(path))
			return path;
	}
	return NULL;
}

void hz_i18n_init(void)
{
	const char *dir = getenv("HZ_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* a decimal comma would break the JSON and CSV numbers we print */
	setlocale(LC_NUMERIC, "C");
	if (!dir || !*dir)
		dir = near_executable();
	if (!dir)
		dir = HZ_LOCALEDIR;
	bindtextdomain(HZ_DOMAIN, dir);
	bind_textdomain_codeset(HZ_DOMAIN, "UTF-8");
}

/* ---- catalogues are data ----
 * A translation is used only when its printf conversions take the same
 * arguments as its msgid's: a catalogue that adds a %s, drops one, changes
 * %ld to %s or brings a %n (a crafted HZ_LOCALEDIR) would make printf read
 * or write what the program never passed. */

#define ARGS_MAX 32

/* The argument types a format takes, by position (1-based; 0: unused).
 * Returns the number of arguments, or -1 when it is no valid format. */
static int arg_types(const char *f, int types[ARGS_MAX + 1])
{
	int next = 1, most = 0;

	memset(types, 0, (ARGS_MAX + 1) * sizeof *types);
	for (const char *p = f; (p = strchr(p, '%'));) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		int pos = 0;
		/* "N$" */
		const char *q = p;
		while (*q >= '0' && *q <= '9')
			pos = pos * 10 + (*q++ - '0');
		if (*q == '$' && pos > 0)
			p = q + 1;
		else
			pos = 0;
		while (*p && strchr("-+ #0'I", *p))
			p++;
		/* width and precision: digits, or * (an int argument) */
		for (int part = 0; part < 2; part++) {
			if (part == 1) {
				if (*p != '.')
					break;
				p++;
			}
			if (*p == '*') {
				p++;
				int wpos = 0;
				q = p;
				while (*q >= '0' && *q <= '9')
					wpos = wpos * 10 + (*q++ - '0');
				if (*q == '$' && wpos > 0)
					p = q + 1;
				else
					wpos = next++;
				if (wpos > ARGS_MAX || (types[wpos] && types[wpos] != 'I' * 16))
					return -1;
				types[wpos] = 'I' * 16;
				most = wpos > most ? wpos : most;
			} else {
				while (*p >= '0' && *p <= '9')
					p++;
			}
		}
		int len = 0;
		static const char *const lens[] = { "hh", "h", "ll", "l", "L", "j", "z", "t", "q" };
		for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
			if (strncmp(p, lens[i], strlen(lens[i])) == 0) {
				len = (int)i + 1;
				p += strlen(lens[i]);
				break;
			}
		int cls;
		if (*p && strchr("diouxX", *p))
			cls = 'I';
		else if (*p == 'c')
			cls = len ? 'W' : 'I';
		else if (*p && strchr("eEfFgGaA", *p))
			cls = 'D';
		else if (*p == 's')
			cls = 'S';
		else if (*p == 'p')
			cls = 'P';
		else if (*p == 'm') {
			p++;
			continue; /* strerror(errno): no argument */
		} else
			return -1; /* %n, or no conversion at all */
		p++;
		if (!pos)
			pos = next++;
		if (pos > ARGS_MAX)
			return -1;
		int t = cls * 16 + (cls == 'I' || cls == 'D' ? len : 0);
		if (types[pos] && types[pos] != t)
			return -1;
		types[pos] = t;
		most = pos > most ? pos : most;
	}
	return most;
}

static bool same_conversions(const char *msgid, const char *text)
{
	int a[ARGS_MAX + 1], b[ARGS_MAX + 1];
	int na = arg_types(msgid, a), nb = arg_types(text, b);

	if (na < 0) {
		/* no format: a translation without any % cannot be misused */
		return !strchr(text, '%');
	}
	return nb == na && memcmp(a, b, sizeof a) == 0;
}

static void unsafe_translation(const char *msgid)
{
	static int said;

	if (__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED))
		return;
	/* in English: the catalogue is what is in doubt */
	fprintf(stderr,
	        "%s: warning: the message catalogue's translation of \"%.60s\" does not take "
	        "the arguments its English text takes; English is used for it\n",
	        program_invocation_short_name, msgid);
}

const char *hz_i18n_text(const char *msgid)
{
	const char *t = dgettext(HZ_DOMAIN, msgid);

	if (t == msgid || same_conversions(msgid, t))
		return t;
	unsafe_translation(msgid);
	return msgid;
}

const char *hz_i18n_plural(const char *singular, const char *plural, unsigned long n)
{
	const char *t = dngettext(HZ_DOMAIN, singular, plural, n);

	if (t == singular || t == plural || same_conversions(plural, t) ||
	    same_conversions(singular, t))
		return t;
	unsafe_translation(plural);
	return n == 1 ? singular : plural;
}
