/* sha256.c - SHA-256 through nettle (the one file with <nettle/sha2.h>) */
#include <nettle/sha2.h>
#include "hz/sha256.h"
#include "xalloc.h"

struct hz_sha256 {
	struct sha256_ctx ctx;
};

hz_sha256 *hz_sha256_new(void)
{
	hz_sha256 *h = hz_xcalloc(1, sizeof *h);

	sha256_init(&h->ctx);
	return h;
}

void hz_sha256_update(hz_sha256 *h, const void *data, size_t n)
{
	sha256_update(&h->ctx, n, data);
}

void hz_sha256_hex(hz_sha256 *h, char out[HZ_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[SHA256_DIGEST_SIZE];

	sha256_digest(&h->ctx, sizeof d, d);      /* and starts again */
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * sizeof d] = '\0';
}

void hz_sha256_free(hz_sha256 *h)
{
	free(h);
}

int hz_sha256_file(FILE *f, char hex[HZ_SHA256_HEX])
{
	hz_sha256 *h = hz_sha256_new();
	char buf[1 << 16];
	size_t got;

	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		hz_sha256_update(h, buf, got);
	int failed = ferror(f);
	hz_sha256_hex(h, hex);
	hz_sha256_free(h);
	return failed ? -1 : 0;
}
