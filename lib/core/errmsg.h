/* errmsg.h - (private) a failed call's reason into the caller's err buffer,
 * in the locale's language (libhz(3), RETURN VALUES) */
#ifndef HZ_ERRMSG_H
#define HZ_ERRMSG_H
#include <stddef.h>

/* fmt is an English msgid, translated here; nothing is written when cap
 * is 0. */
void hz_say(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
