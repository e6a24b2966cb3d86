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

static bool
add(hz_strset *s, const char *str)
{
	return hz_strset_add(s, str, strlen(str));
}

static bool
has(const hz_strset *s, const char *str)
{
	return hz_strset_has(s, str, strlen(str));
}

static void
test_strset_basics(void **state)
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

static void
test_strset_copies(void **state)
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

static void
test_strset_many(void **state)
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

static void
test_strset_long_strings(void **state)
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

static void
test_hashset(void **state)
{
	hz_hashset *h = hz_hashset_new();

	(void)state;
	assert_non_null(h);
	assert_true(hz_hashset_add(h, 42));
	assert_false(hz_hashset_add(h, 42));
	/* 0 and 1 are different members, and neither is "empty". */
	assert_true(hz_hashset_add(h, 0));
	assert_false(hz_hashset_add(h, 0));
	assert_true(hz_hashset_add(h, 1));
	assert_false(hz_hashset_add(h, 1));
	assert_true(hz_hashset_add(h, UINT64_MAX));
	assert_false(hz_hashset_add(h, UINT64_MAX));
	hz_hashset_free(h);
	hz_hashset_free(NULL);
}

/* A million members, some of them poor hashes (small consecutive numbers). */
static void
test_hashset_million(void **state)
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

static void
test_hash64(void **state)
{
	const char *a = "某某酒店\x1f疏散通道堆放杂物\x1f" "2023-05-26";
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
static void
test_hash64_distinct(void **state)
{
	enum { N = 100000 };
	hz_hashset *h = hz_hashset_new();
	char buf[64];
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < N; i++) {
		n = snprintf(buf, sizeof buf, "单位%zu\x1f隐患\x1f" "2023-05-23", i);
		assert_true(hz_hashset_add(h, hz_hash64(buf, (size_t)n, 0)));
	}
	hz_hashset_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strset_basics),
		cmocka_unit_test(test_strset_copies),
		cmocka_unit_test(test_strset_many),
		cmocka_unit_test(test_strset_long_strings),
		cmocka_unit_test(test_hashset),
		cmocka_unit_test(test_hashset_million),
		cmocka_unit_test(test_hash64),
		cmocka_unit_test(test_hash64_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
