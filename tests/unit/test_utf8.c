/* test_utf8.c - every way of UTF-8 validation against a plain decoder */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hz/text.h"
#include "../../lib/core/utf8.h"

static const char *const way_names[HZ_UTF8_WAYS] = { "scalar", "sse2", "ssse3", "avx2" };

/* The reference, written differently from every way under test: decode
 * each code point, then judge its value (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF). The NULs are those of the valid prefix. */
static size_t reference(const unsigned char *s, size_t n, size_t *nuls)
{
	size_t i = 0, zeros = 0;

	while (i < n) {
		unsigned c = s[i], cp;
		size_t len;
		if (c < 0x80) {
			zeros += c == 0;
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			cp = c & 0x07;
		} else {
			break;
		}
		if (i + len > n)
			break;
		size_t k;
		for (k = 1; k < len && (s[i + k] & 0xC0) == 0x80; k++)
			cp = cp << 6 | (s[i + k] & 0x3F);
		if (k < len)
			break;
		static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			break;
		i += len;
	}
	*nuls = zeros;
	return i;
}

static unsigned long checks;

/* Every way this machine runs gives the reference's prefix and NULs, and
 * so does the public entry point. */
static void agree(const unsigned char *s, size_t n, const char *what, size_t at)
{
	size_t want_nuls, want = reference(s, n, &want_nuls);

	for (int w = 0; w < HZ_UTF8_WAYS; w++) {
		if (!hz_utf8_way_usable(w))
			continue;
		size_t nuls = (size_t)-1, got = hz_utf8_scan_way(w, (const char *)s, n, &nuls);
		checks++;
		if (got != want || nuls != want_nuls)
			fail_msg("%s (at %zu, %zu bytes), %s: prefix %zu, nuls %zu; want %zu, %zu",
			         what, at, n, way_names[w], got, nuls, want, want_nuls);
	}
	size_t nuls;
	assert_int_equal(hz_utf8_scan((const char *)s, n, &nuls), want);
	assert_int_equal(nuls, want_nuls);
	assert_int_equal(hz_utf8_valid_prefix((const char *)s, n), want);
}

/* Backgrounds of 96 bytes: ASCII, Chinese (three-byte), four-byte,
 * two-byte, and a mix, so a change lands on every kind of neighbour. */
static void background(int kind, unsigned char *buf, size_t n)
{
	static const char *const unit[] = {
		"abcdefgh",
		"消防通道",
		"\xF0\x9F\x98\x80",
		"\xC2\xA9\xD0\x96",
		"a消\xC2\xA9\xF0\x90\x80\x80 ",
	};
	const char *u = unit[kind];
	size_t len = strlen(u);

	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)u[i % len];
}
#define BACKGROUNDS 5

/* Every byte value at every position of a 64-byte window (across the
 * 16- and 32-byte blocks), on every background, at several lengths. */
static void test_every_byte_everywhere(void **state)
{
	static const size_t lengths[] = { 64, 65, 70, 79, 96 };
	unsigned char buf[96];

	(void)state;
	for (int kind = 0; kind < BACKGROUNDS; kind++)
		for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++)
			for (size_t at = 0; at < 64; at++)
				for (unsigned b = 0; b < 256; b++) {
					background(kind, buf, sizeof buf);
					buf[at] = (unsigned char)b;
					agree(buf, lengths[l], "one byte changed", at);
				}
}

/* The bytes that matter most, in pairs at every position around the block
 * boundaries of a Chinese and an ASCII background. */
static void test_pairs_at_boundaries(void **state)
{
	static const unsigned char v[] = {
		0x00, 0x0A, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
		0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF,
	};
	const size_t nv = sizeof v / sizeof v[0];
	unsigned char buf[96];

	(void)state;
	for (int kind = 0; kind < 2; kind++)
		for (size_t at = 11; at < 37; at++)
			for (size_t a = 0; a < nv; a++)
				for (size_t b = 0; b < nv; b++)
					for (size_t c = 0; c < nv; c++) {
						background(kind, buf, sizeof buf);
						buf[at] = v[a];
						buf[at + 1] = v[b];
						buf[at + 2] = v[c];
						agree(buf, 64, "three bytes changed", at);
						/* the same cut off right after them */
						agree(buf, at + 3, "three bytes at the end", at);
					}
}

/* Each sequence, whole or cut short, ending at or just past every block
 * boundary, then the end of input, ASCII, a lead byte or a continuation. */
static void test_sequences_at_boundaries(void **state)
{
	static const char *const seqs[] = {
		"\xC2\xA9",
		"\xDF\xBF",
		"\xE0\xA0\x80",
		"\xE4\xB8\xAD",
		"\xED\x9F\xBF",
		"\xEF\xBF\xBF",
		"\xF0\x90\x80\x80",
		"\xF3\xBF\xBF\xBF",
		"\xF4\x8F\xBF\xBF",
		/* and the wrong ones: overlong, surrogates, past U+10FFFF, never a lead */
		"\xC0\x80",
		"\xC1\xBF",
		"\xE0\x80\x80",
		"\xE0\x9F\xBF",
		"\xED\xA0\x80",
		"\xED\xBF\xBF",
		"\xF0\x80\x80\x80",
		"\xF0\x8F\xBF\xBF",
		"\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80",
		"\xF7\xBF\xBF\xBF",
		"\xF8\x88\x80\x80\x80",
		"\xFE",
		"\xFF",
		"\x80",
		"\xBF",
	};
	static const char *const after[] = { "", "a", "\xE4", "\x80", "\x00", "中" };
	unsigned char buf[200];

	(void)state;
	for (int kind = 0; kind < BACKGROUNDS; kind++)
		for (size_t q = 0; q < sizeof seqs / sizeof seqs[0]; q++) {
			size_t len = strlen(seqs[q]);
			for (size_t cut = 1; cut <= len; cut++)
				for (size_t end = 1; end <= 100; end++) {
					if (end < cut)
						continue;
					for (size_t f = 0; f < sizeof after / sizeof after[0];
					     f++) {
						size_t flen = f == 4 ? 1 : strlen(after[f]);
						background(kind, buf, sizeof buf);
						memcpy(buf + end - cut, seqs[q], cut);
						memcpy(buf + end, after[f], flen);
						agree(buf, end + flen, seqs[q], end - cut);
					}
				}
		}
}

/* Random text of the pieces registers hold and the ways they break. */
static void test_random(void **state)
{
	static const char *const pieces[] = {
		"消",
		"防",
		"，",
		"a",
		"1",
		" ",
		"\r\n",
		"\xE0\xA0\x80",
		"\xED\x9F\xBF",
		"\xEF\xBF\xBD",
		"\xC2\xA0",
		"\xF0\x90\x80\x80",
		"\xF4\x8F\xBF\xBF",
		"abcdefgh",
		"公园社区",
		"未整改",
		"2023-05-03",
		"\"",
		/* rare: broken or NUL */
		"\xED\xA0\x80",
		"\xE0\x9F\xBF",
		"\xF4\x90\x80\x80",
		"\xE9\x98",
		"\xFF",
		"\x80",
		"\xE4\xB8\x41",
		"\xC0\xAF",
		"",
	};
	const size_t np = sizeof pieces / sizeof pieces[0], good = np - 9;
	unsigned seed = 2021;

	(void)state;
	for (int round = 0; round < 40000; round++) {
		unsigned char buf[300 * 12];
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		int k = (int)((seed >> 16) % 300);
		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			/* one piece in 200 from the broken ones (the last: a NUL) */
			size_t p = r % 200 == 0 ? good + (r / 200) % (np - good) : (r / 200) % good;
			size_t len = p == np - 1 ? 1 : strlen(pieces[p]);
			memcpy(buf + n, pieces[p], len);
			n += len;
		}
		agree(buf, n, "random", (size_t)round);
	}
}

/* Fully random bytes, mostly high ones, of every length up to 200. */
static void test_random_bytes(void **state)
{
	unsigned seed = 3629;
	unsigned char buf[200];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)round % 201;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (unsigned char)(0x80 | seed >> 16);
			if ((seed >> 8) % 7 == 0)
				buf[i] = (unsigned char)(seed >> 20);
		}
		agree(buf, n, "random bytes", (size_t)round);
	}
}

/* Long text, every byte a NUL or every other one, a record's cells with
 * their NULs between, and a bad byte late in it: the NUL counts of
 * thousands of blocks add up right. */
static void test_long(void **state)
{
	enum { LEN = 40000 };
	unsigned char *buf = malloc(LEN);

	(void)state;
	assert_non_null(buf);
	memset(buf, 0, LEN);
	agree(buf, LEN, "all NUL", 0);
	for (size_t i = 0; i < LEN; i += 2)
		buf[i] = 'a';
	agree(buf, LEN, "every other NUL", 0);
	for (size_t i = 0; i + 4 <= LEN; i += 4)
		memcpy(buf + i, i % 40 == 36 ? "\0\0\0\0" : "中\0", 4);
	agree(buf, LEN, "cells", 0);
	for (size_t at = LEN - 9000; at < LEN; at += 997) {
		unsigned char was = buf[at];
		buf[at] = 0xFF;
		agree(buf, LEN, "cells, a bad byte", at);
		buf[at] = was;
	}
	free(buf);
}

/* HZ_UTF8 picks the way; one the CPU cannot run falls back to the best
 * below it. */
static void test_knob(void **state)
{
	int best = HZ_UTF8_SCALAR;

	(void)state;
	for (int w = 0; w < HZ_UTF8_WAYS; w++)
		if (hz_utf8_way_usable(w))
			best = w;
	assert_int_equal(hz_utf8_choose(NULL), best);
	assert_int_equal(hz_utf8_way(), hz_utf8_choose(getenv("HZ_UTF8")));
	assert_int_equal(hz_utf8_choose("bogus"), best);
	assert_int_equal(hz_utf8_choose("scalar"), HZ_UTF8_SCALAR);
	for (int w = 0; w < HZ_UTF8_WAYS; w++) {
		int want = w;
		while (!hz_utf8_way_usable(want))
			want--;
		assert_int_equal(hz_utf8_choose(way_names[w]), want);
	}
	/* what this machine runs, for the test log */
	for (int w = 0; w < HZ_UTF8_WAYS; w++)
		printf("# %s: %s\n", way_names[w],
		       hz_utf8_way_usable(w) ? "tested" : "not run here");
}

static int report(void **state)
{
	(void)state;
	printf("# %lu checks\n", checks);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_everywhere),
		cmocka_unit_test(test_pairs_at_boundaries),
		cmocka_unit_test(test_sequences_at_boundaries),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_knob),
	};
	return cmocka_run_group_tests(tests, NULL, report);
}
