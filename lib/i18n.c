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

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void hz_i18n_init(void)
{
	static char beside[PATH_MAX];
	const char *dir = getenv("HZ_LOCALEDIR");
	ssize_t n;

	setlocale(LC_ALL, "");
	/* a decimal comma would break the JSON and CSV numbers we print */
	setlocale(LC_NUMERIC, "C");
	if (!dir || !*dir) {
		dir = HZ_LOCALEDIR;
		/* a tool run from the build tree uses the catalogue built there */
		n = readlink("/proc/self/exe", beside, sizeof beside - sizeof "/locale");
		if (n > 0) {
			char *slash;

			beside[n] = '\0';
			slash = strrchr(beside, '/');
			if (slash) {
				strcpy(slash, "/locale");
				if (is_dir(beside))
					dir = beside;
			}
		}
	}
	bindtextdomain(HZ_DOMAIN, dir);
	bind_textdomain_codeset(HZ_DOMAIN, "UTF-8");
}
