/* test_strset.c - sets of strings and of 64-bit hashes, and hz_hash64 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/strset.h"

static bool add(hz_strset *s, const char *str)
{
	return hz_strset_add(s, str, strlen(str));
}

static bool has(const hz_strset *s, const char *str)
{
	return hz_strset_has(s, str, strlen(str));
}

static void test_strset_basics(void **state)
{
	hz_strset *s = hz_strset_new();

	(void)state;
	assert_non_null(s);
	assert_int_equal(hz_strset_size(s), 0);
	assert_false(has(s, "某某酒店"));
	assert_true(add(s, "某某酒店"));
	assert_false(add(s, "某某酒店"));
	assert_true(has(s, "某某酒店"));
	assert_false(has(s, "某某酒店 "));
	assert_false(has(s, "某某"));
	assert_true(add(s, "某某酒店 "));
	assert_int_equal(hz_strset_size(s), 2);
	/* The empty string is a member like any other. */
	assert_false(has(s, ""));
	assert_true(hz_strset_add(s, NULL, 0));
	assert_true(has(s, ""));
	assert_false(add(s, ""));
	assert_int_equal(hz_strset_size(s), 3);
	hz_strset_free(s);
	hz_strset_free(NULL);
	assert_false(hz_strset_has(NULL, "x", 1));
	assert_int_equal(hz_strset_size(NULL), 0);
}

static void test_strset_copies(void **state)
{
	hz_strset *s = hz_strset_new();
	char buf[16];

	(void)state;
	/* The set keeps its own copy: the caller's buffer may change. */
	strcpy(buf, "alpha");
	assert_true(add(s, buf));
	strcpy(buf, "omega");
	assert_true(has(s, "alpha"));
	assert_false(has(s, "omega"));
	/* Lengths count, not NUL bytes: embedded NULs are kept apart. */
	assert_true(hz_strset_add(s, "a\0b", 3));
	assert_true(hz_strset_add(s, "a\0c", 3));
	assert_true(hz_strset_add(s, "a", 1));
	assert_false(hz_strset_add(s, "a\0b", 3));
	assert_int_equal(hz_strset_size(s), 4);
	hz_strset_free(s);
}

static void test_strset_many(void **state)
{
	enum { N = 100000 };
	hz_strset *s = hz_strset_new();
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(buf, sizeof buf, "企业%zu号", i);
		assert_true(add(s, buf));
	}
	assert_int_equal(hz_strset_size(s), N);
	for (i = 0; i < N; i += 7) {
		snprintf(buf, sizeof buf, "企业%zu号", i);
		assert_true(has(s, buf));
		assert_false(add(s, buf));
	}
	for (i = N; i < N + 1000; i++) {
		snprintf(buf, sizeof buf, "企业%zu号", i);
		assert_false(has(s, buf));
	}
	assert_int_equal(hz_strset_size(s), N);
	hz_strset_free(s);
}

static void test_strset_long_strings(void **state)
{
	enum { LEN = 200000 };
	hz_strset *s = hz_strset_new();
	char *big = malloc(LEN);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', LEN);
	/* Longer than an arena chunk. */
	assert_true(hz_strset_add(s, big, LEN));
	assert_true(hz_strset_add(s, big, LEN - 1));
	big[LEN - 1] = 'y';
	assert_true(hz_strset_add(s, big, LEN));
	assert_false(hz_strset_add(s, big, LEN));
	assert_true(add(s, "short"));
	assert_int_equal(hz_strset_size(s), 4);
	free(big);
	hz_strset_free(s);
}

/* splitmix64: a bijection of the counter, so distinct inputs give
 * distinct, well-spread 64-bit values. */
static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void test_hashset(void **state)
{
	hz_hashset *h = hz_hashset_new();

	(void)state;
	assert_non_null(h);
	assert_int_equal(hz_hashset_size(h), 0);
	assert_true(hz_hashset_add(h, 42));
	assert_false(hz_hashset_add(h, 42));
	/* 0 and 1 are different members, and neither is "empty". */
	assert_true(hz_hashset_add(h, 0));
	assert_false(hz_hashset_add(h, 0));
	assert_true(hz_hashset_add(h, 1));
	assert_false(hz_hashset_add(h, 1));
	assert_true(hz_hashset_add(h, UINT64_MAX));
	assert_false(hz_hashset_add(h, UINT64_MAX));
	assert_int_equal(hz_hashset_size(h), 4);
	hz_hashset_free(h);
	hz_hashset_free(NULL);
	assert_int_equal(hz_hashset_size(NULL), 0);
	assert_int_equal(hz_hashset_bytes(NULL), 0);
}

/* Hashes that agree in their low bits, or in their high bits: the set
 * mixes them before it uses any of their bits. */
static void test_hashset_alike_bits(void **state)
{
	enum { N = 20000 };
	hz_hashset *h = hz_hashset_new();
	uint64_t i;

	(void)state;
	assert_true(hz_hashset_add(h, 0));
	for (i = 1; i < N; i++) {
		assert_true(hz_hashset_add(h, i << 48)); /* low 48 bits 0 */
		assert_true(hz_hashset_add(h, i << 32 | 0xabcd));
		assert_true(hz_hashset_add(h, i)); /* high bits 0 */
	}
	assert_int_equal(hz_hashset_size(h), 3 * (N - 1) + 1);
	assert_false(hz_hashset_add(h, 0));
	for (i = 1; i < N; i++) {
		assert_false(hz_hashset_add(h, i << 48));
		assert_false(hz_hashset_add(h, i << 32 | 0xabcd));
		assert_false(hz_hashset_add(h, i));
	}
	assert_int_equal(hz_hashset_size(h), 3 * (N - 1) + 1);
	hz_hashset_free(h);
}

/*
 * White-box: the set mixes a hash with MurmurHash3's fmix64 and keeps 56
 * of the mixed bits (the low 8 pick a segment, the top 48 are kept, the
 * top 32 of them pick the home bucket). Undoing the mix lets a test choose
 * mixed values: many members with one home bucket, and the documented
 * false duplicate.
 */
static uint64_t inverse(uint64_t a) /* of an odd a, modulo 2^64 (Newton) */
{
	uint64_t x = a;

	for (int i = 0; i < 6; i++)
		x *= 2 - a * x;
	return x;
}

static uint64_t unmix(uint64_t m)
{
	m ^= m >> 33;
	m *= inverse(0xc4ceb9fe1a85ec53ULL);
	m ^= m >> 33;
	m *= inverse(0xff51afd7ed558ccdULL);
	m ^= m >> 33;
	return m;
}

static uint64_t mixed(uint64_t top32, uint64_t kept16, uint64_t lost8, uint64_t seg8)
{
	return unmix(top32 << 32 | kept16 << 16 | lost8 << 8 | seg8);
}

static void test_hashset_one_home(void **state)
{
	enum { N = 3000 };
	hz_hashset *h = hz_hashset_new();
	uint64_t i;

	(void)state;
	/* Top bits all ones: the home is a segment's last bucket, so the
	 * members that do not fit there wrap round to its first ones. */
	for (i = 0; i < N; i++)
		assert_true(hz_hashset_add(h, mixed(0xffffffff, i, 0, 7)));
	/* the same keys in other segments are other members */
	for (i = 0; i < N; i += 10) {
		assert_true(hz_hashset_add(h, mixed(0xffffffff, i, 0, 8)));
		assert_true(hz_hashset_add(h, mixed(0, i, 0, 7)));
	}
	for (i = 0; i < N; i++)
		assert_false(hz_hashset_add(h, mixed(0xffffffff, i, 0, 7)));
	assert_int_equal(hz_hashset_size(h), N + 2 * (N / 10));
	/* The 8 bits neither kept nor used to place: hashes that differ only
	 * there are taken for one (the odds the header gives). */
	assert_false(hz_hashset_add(h, mixed(0xffffffff, 5, 0xff, 7)));
	assert_true(hz_hashset_add(h, mixed(0x12345678, 5, 0, 7)));
	assert_false(hz_hashset_add(h, mixed(0x12345678, 5, 1, 7)));
	/* and every kept bit counts */
	for (int bit = 0; bit < 48; bit++) {
		uint64_t m = (uint64_t)0x12345678 << 32 | (uint64_t)5 << 16 | 7;
		assert_true(hz_hashset_add(h, unmix(m ^ (uint64_t)1 << (16 + bit))));
	}
	for (int bit = 0; bit < 8; bit++) {
		uint64_t m = (uint64_t)0x12345678 << 32 | (uint64_t)5 << 16 | 7;
		assert_true(hz_hashset_add(h, unmix(m ^ (uint64_t)1 << bit)));
	}
	hz_hashset_free(h);
}

/* A million members, some of them poor hashes (small consecutive numbers). */
static void test_hashset_million(void **state)
{
	enum { N = 1000000 };
	hz_hashset *h = hz_hashset_new();
	uint64_t i;

	(void)state;
	for (i = 0; i < N / 2; i++)
		if (!hz_hashset_add(h, i))
			fail_msg("%llu should be new", (unsigned long long)i);
	for (i = 0; i < N / 2; i++)
		if (!hz_hashset_add(h, hz_hash64(&i, sizeof i, 1)))
			fail_msg("hash of %llu should be new", (unsigned long long)i);
	for (i = 0; i < N / 2; i += 3) {
		assert_false(hz_hashset_add(h, i));
		assert_false(hz_hashset_add(h, hz_hash64(&i, sizeof i, 1)));
	}
	hz_hashset_free(h);
}

/* Sizes from 1 to 3,000,000: every distinct hash is new, every repeat is
 * found, whatever the number of growths behind it. */
static void test_hashset_sizes(void **state)
{
	static const size_t sizes[] = {
		1, 2, 3, 9, 10, 11, 100, 2303, 2304, 2305, 10000, 65536, 300000, 1000000, 3000000,
	};
	uint64_t base = 0;

	(void)state;
	for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		size_t n = sizes[z], i;
		hz_hashset *h = hz_hashset_new();

		for (i = 0; i < n; i++)
			if (!hz_hashset_add(h, splitmix(base + i)))
				fail_msg("size %zu: hash %zu taken for a repeat", n, i);
		assert_int_equal(hz_hashset_size(h), n);
		for (i = 0; i < n; i++)
			if (hz_hashset_add(h, splitmix(base + i)))
				fail_msg("size %zu: repeat %zu not found", n, i);
		/* as many again, never seen: none is taken for a member */
		for (i = n; i < 2 * n; i++)
			if (!hz_hashset_add(h, splitmix(base + i)))
				fail_msg("size %zu: hash %zu taken for a repeat", n, i);
		assert_int_equal(hz_hashset_size(h), 2 * n);
		base += 2 * n;
		hz_hashset_free(h);
	}
}

/* The memory the header promises, over whole growth cycles: checked after
 * every add, since the worst point is just after a growth. */
static void test_hashset_bytes(void **state)
{
	enum { N = 1200000 };
	hz_hashset *h = hz_hashset_new();
	size_t i, bytes, before = 0;
	double per;

	(void)state;
	assert_true(hz_hashset_bytes(h) < 32 * 1024); /* small when empty */
	for (i = 1; i <= N; i++) {
		assert_true(hz_hashset_add(h, splitmix(~(uint64_t)i)));
		bytes = hz_hashset_bytes(h);
		per = (double)bytes / (double)i;
		if ((i >= 10000 && per > 16) || (i >= 40000 && per > 10.5) ||
		    (i >= 250000 && per > 8.8) || (i >= 600000 && per > 8.6))
			fail_msg("%zu bytes for %zu hashes", bytes, i);
		/* just before it grows the set is full: under 8 bytes a hash */
		if (i >= 250000 && bytes != before && (double)before > 8.0 * (double)(i - 1))
			fail_msg("grew from %zu bytes at %zu hashes", before, i - 1);
		before = bytes;
	}
	hz_hashset_free(h);
}

/* Prefetching changes nothing: before, between and after growths. */
static void test_hashset_prefetch(void **state)
{
	enum { N = 100000 };
	hz_hashset *h = hz_hashset_new();
	uint64_t i;

	(void)state;
	hz_hashset_prefetch(h, 0);
	for (i = 0; i < N; i++) {
		hz_hashset_prefetch(h, splitmix(i + 8));
		hz_hashset_prefetch(h, splitmix(i));
		assert_true(hz_hashset_add(h, splitmix(i)));
	}
	for (i = 0; i < N; i++) {
		hz_hashset_prefetch(h, splitmix(i));
		assert_false(hz_hashset_add(h, splitmix(i)));
	}
	assert_int_equal(hz_hashset_size(h), N);
	hz_hashset_free(h);
}

static void test_hash64(void **state)
{
	const char *a = "某某酒店\x1f疏散通道堆放杂物\x1f"
	                "2023-05-26";
	unsigned char buf[64];
	uint64_t base, x, diff;
	size_t len, i, bit, total;
	int flips;

	(void)state;
	/* Deterministic, seed- and length-sensitive. */
	assert_true(hz_hash64(a, strlen(a), 0) == hz_hash64(a, strlen(a), 0));
	assert_true(hz_hash64(a, strlen(a), 0) != hz_hash64(a, strlen(a), 1));
	assert_true(hz_hash64(a, strlen(a), 0) != hz_hash64(a, strlen(a) - 1, 0));
	assert_true(hz_hash64("", 0, 0) != hz_hash64("\0", 1, 0));
	assert_true(hz_hash64("\0", 1, 0) != hz_hash64("\0\0", 2, 0));
	assert_true(hz_hash64(NULL, 0, 0) == hz_hash64("", 0, 0));
	assert_true(hz_hash64("ab", 2, 0) != hz_hash64("ba", 2, 0));
	/* The values themselves, the same on every machine and build (words
	 * are read little-endian, whole or byte by byte) */
	const char *w = "疏散通道堆放杂物 unit-17";
	assert_true(hz_hash64(w, strlen(w), 0) == 0x9ec78039974de9ceULL);
	assert_true(hz_hash64("abc", 3, 7) == 0x0d6d90c3354d7cc3ULL);

	/* Avalanche: flipping one input bit flips about half the output bits. */
	memset(buf, 0x5a, sizeof buf);
	for (len = 1; len <= sizeof buf; len += 7) {
		base = hz_hash64(buf, len, 0);
		total = 0;
		for (i = 0; i < len; i++)
			for (bit = 0; bit < 8; bit++) {
				buf[i] ^= (unsigned char)(1u << bit);
				x = hz_hash64(buf, len, 0);
				buf[i] ^= (unsigned char)(1u << bit);
				diff = base ^ x;
				for (flips = 0; diff != 0; diff &= diff - 1)
					flips++;
				assert_true(flips >= 10 && flips <= 54);
				total += (size_t)flips;
			}
		/* The mean is close to 32. */
		assert_true(total >= len * 8 * 28 && total <= len * 8 * 36);
	}
}

/* Hashes of 100k similar strings do not collide. */
static void test_hash64_distinct(void **state)
{
	enum { N = 100000 };
	hz_hashset *h = hz_hashset_new();
	char buf[64];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < N; i++) {
		n = snprintf(buf, sizeof buf,
		             "单位%zu\x1f隐患\x1f"
		             "2023-05-23",
		             i);
		assert_true(hz_hashset_add(h, hz_hash64(buf, (size_t)n, 0)));
	}
	hz_hashset_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strset_basics),    cmocka_unit_test(test_strset_copies),
		cmocka_unit_test(test_strset_many),      cmocka_unit_test(test_strset_long_strings),
		cmocka_unit_test(test_hashset),          cmocka_unit_test(test_hashset_alike_bits),
		cmocka_unit_test(test_hashset_one_home), cmocka_unit_test(test_hashset_million),
		cmocka_unit_test(test_hashset_sizes),    cmocka_unit_test(test_hashset_bytes),
		cmocka_unit_test(test_hashset_prefetch), cmocka_unit_test(test_hash64),
		cmocka_unit_test(test_hash64_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
