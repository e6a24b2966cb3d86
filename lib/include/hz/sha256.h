/* sha256.h - SHA-256 digests, as lowercase hex (the register's in its
 * journal, hz-log(1)); nettle does the work behind this one interface */
#ifndef HZ_SHA256_H
#define HZ_SHA256_H
#include <stddef.h>
#include <stdio.h>
#include "hz/api.h"
HZ_API_BEGIN

#define HZ_SHA256_HEX 65        /* 64 hex digits and a NUL */

typedef struct hz_sha256 hz_sha256;

hz_sha256 *hz_sha256_new(void);
void hz_sha256_update(hz_sha256 *h, const void *data, size_t n);
/* The digest of everything given, as hex; h may then be given more
 * (it starts again) or freed. */
void hz_sha256_hex(hz_sha256 *h, char out[HZ_SHA256_HEX]);
void hz_sha256_free(hz_sha256 *h);
/* The SHA-256 of what is left of f (read to its end): 0, or -1 on a read
 * error (errno set). */
int hz_sha256_file(FILE *f, char hex[HZ_SHA256_HEX]);

HZ_API_END

#endif
