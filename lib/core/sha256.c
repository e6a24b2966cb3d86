/* sha256.c - SHA-256 through nettle, as lowercase hex (the one file with
 * <nettle/sha2.h>) */
#include <nettle/sha2.h>
#include "hz/sha256.h"

static void to_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[HZ_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

int hz_sha256_file(FILE *f, char hex[HZ_SHA256_HEX])
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], digest[SHA256_DIGEST_SIZE];
	size_t n;

	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(f))
		return -1;
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	to_hex(digest, hex);
	return 0;
}

void hz_sha256_bytes(const void *p, size_t n, char hex[HZ_SHA256_HEX])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	to_hex(digest, hex);
}
