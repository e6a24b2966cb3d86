/* xalloc.h - (private) allocation that cannot fail: out of memory ends the
 * tool with a message and exit status 2 (a run that could not finish), since
 * no tool has anything sensible left to do then. An abort would say nothing
 * and dump core; a plain exit would flush a half-written report. */
#ifndef HZ_XALLOC_H
#define HZ_XALLOC_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The host's handler (hz_set_out_of_memory, oom.c), if it set one. */
void hz_out_of_memory_handler(void);

/* The host's handler first; then (the default, or when it returns)
 * "hz-tally: out of memory" on stderr, then _exit(2): no atexit handler and
 * no stdio flush, both of which may need memory, and safe on the read-ahead
 * thread. A register being written is untouched: its temporary file is not
 * renamed over it. */
__attribute__((noreturn, cold)) static inline void hz_out_of_memory(void)
{
	hz_out_of_memory_handler();
#ifdef __GLIBC__
	extern char *program_invocation_short_name;
	const char *prog = program_invocation_short_name;
#else
	const char *prog = "hz";
#endif
	static const char msg[] = ": out of memory\n";
	ssize_t unused;

	unused = write(STDERR_FILENO, prog, strlen(prog));
	unused = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)unused;
	_exit(2);
}

static inline void *hz_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		hz_out_of_memory();
	return q;
}

static inline void *hz_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		hz_out_of_memory();
	return p;
}

static inline char *hz_xstrndup(const char *s, size_t n)
{
	char *d = hz_xrealloc(NULL, n + 1);

	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static inline char *hz_xstrdup(const char *s)
{
	return hz_xstrndup(s, strlen(s));
}

/* Grow *p (capacity *cap bytes) to hold need bytes, doubling. */
static inline void *hz_xgrow(void *p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 4096;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			hz_out_of_memory();
		c *= 2;
	}
	*cap = c;
	return hz_xrealloc(p, c);
}

#endif
