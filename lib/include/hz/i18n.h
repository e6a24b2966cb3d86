/* i18n.h - messages in the user's language (gettext, domain "hz") */
#ifndef HZ_I18N_H
#define HZ_I18N_H
#include <libintl.h>
#include "hz/api.h"

HZ_API_BEGIN

/* The text domain of every message of libhz and its tools. */
#define HZ_DOMAIN "hz"

/* A message in the locale's language. Findings, hz_cli_error and the
 * --help tables are translated where they are printed: only text printed
 * some other way needs HZ_(). */
#define HZ_(msgid) hz_i18n_text(msgid)
/* The same with English singular and plural (Chinese has one form). */
#define HZ_P_(singular, plural, n) hz_i18n_plural(singular, plural, n)
/* Marks a string of a table for xgettext; HZ_() translates it when used. */
#define HZ_N_(msgid) (msgid)

/* Set up a tool's locale: every category from the environment (LANG,
 * LC_ALL, LC_MESSAGES), except numbers, which stay in the C locale's form;
 * the catalogue from $HZ_LOCALEDIR, else the folder "locale" beside the
 * executable (the build tree), else share/locale beside the executable's
 * bin folder, else the configured install's locale folder. Messages
 * are UTF-8 whatever the locale's codeset, like every other output. */
void hz_i18n_init(void);

/* msgid's translation (dgettext), but msgid itself when the translation's
 * printf conversions do not take the same arguments as msgid's (a damaged
 * or crafted catalogue: a %n, a %s more, %ld as %s), with one warning on
 * stderr a run. HZ_() and HZ_P_() call these. */
const char *hz_i18n_text(const char *msgid) __attribute__((format_arg(1)));
const char *hz_i18n_plural(const char *singular, const char *plural, unsigned long n)
        __attribute__((format_arg(1), format_arg(2)));

HZ_API_END

#endif
