/* i18n.c - where a tool finds its message catalogue */
#include <limits.h>
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
