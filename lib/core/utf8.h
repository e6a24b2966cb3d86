/* utf8.h - (private) the ways of UTF-8 validation one by one, for tests */
#ifndef HZ_UTF8_H
#define HZ_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* The ways utf8.c knows (HZ_UTF8=scalar|sse2|ssse3|avx2), slowest first. */
enum hz_utf8_way { HZ_UTF8_SCALAR, HZ_UTF8_SSE2, HZ_UTF8_SSSE3, HZ_UTF8_AVX2, HZ_UTF8_WAYS };

/* This build has the way and this CPU runs it. */
bool hz_utf8_way_usable(int way);
/* hz_utf8_scan by that way (only a usable one). */
size_t hz_utf8_scan_way(int way, const char *s, size_t n, size_t *nuls);
/* The way HZ_UTF8=want picks on this CPU (want NULL: the best). */
int hz_utf8_choose(const char *want);
/* The way hz_utf8_scan takes (chosen on first use). */
int hz_utf8_way(void);

#endif
