/* sha256.h - the SHA-256 of a file, as lowercase hex (a thin wrapper over
 * nettle: the one file that includes it) */
#ifndef HZ_SHA256_H
#define HZ_SHA256_H
#include <stdio.h>
#include "hz/api.h"
HZ_API_BEGIN

#define HZ_SHA256_HEX 65   /* 64 hex digits and a NUL */

/* The SHA-256 of the bytes of f, read from where it stands to its end, as
 * 64 lowercase hex digits. Returns 0, or -1 on a read error. */
int hz_sha256_file(FILE *f, char hex[HZ_SHA256_HEX]);
/* The same for n bytes in memory. */
void hz_sha256_bytes(const void *p, size_t n, char hex[HZ_SHA256_HEX]);

HZ_API_END

#endif
