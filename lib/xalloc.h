/* xalloc.h - (private) allocation that cannot fail: out of memory aborts,
 * since no tool has anything sensible left to do then */
#ifndef HZ_XALLOC_H
#define HZ_XALLOC_H
#include <stdlib.h>
#include <string.h>

static inline void *hz_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		abort();
	return q;
}

static inline void *hz_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		abort();
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
	while (c < need)
		c *= 2;
	*cap = c;
	return hz_xrealloc(p, c);
}

#endif
