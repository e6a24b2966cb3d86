/* exit.h - the exit statuses every tool shares (hz(1), EXIT STATUS); the
 * register sessions (session.h) return them too */
#ifndef HZ_EXIT_H
#define HZ_EXIT_H
#include "hz/api.h"
HZ_API_BEGIN

typedef enum hz_exit {
	HZ_EXIT_OK = 0,    /* success */
	HZ_EXIT_FOUND = 1, /* "found" in the tool's own sense: errors, refused, none selected */
	HZ_EXIT_FAIL = 2,  /* usage error, unreadable input, write error */
} hz_exit;

HZ_API_END

#endif
