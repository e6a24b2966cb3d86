/* utf8.c - UTF-8 validation with a NUL count, by the fastest way this CPU has
 *
 * Every byte of every record is checked (a bad byte or a NUL becomes U+FFFD
 * and a finding), and registers are mostly Chinese text: three-byte
 * sequences, rarely a run of ASCII long enough to skip. Four ways give the
 * same answer, the length of the valid prefix and the NULs inside it:
 *
 *   scalar  byte ranges (RFC 3629), with ASCII eight bytes and common CJK
 *           six bytes at a time: the reference, and every other way's tail
 *   sse2    bit masks of 16 bytes at a time (any x86-64)
 *   ssse3   the lookup method of Keiser and Lemire ("Validating UTF-8 in
 *   avx2    less than one instruction per byte", 2021), 16 or 32 bytes
 *
 * chosen once, at run time, by what the CPU supports; HZ_UTF8=scalar|sse2|
 * ssse3|avx2 forces one (a way the CPU cannot run falls back to the best it
 * can), so tests and benchmarks can compare them.
 *
 * A vector way only says whether a block is clean. At the first block that
 * is not (or, for sse2, at the end) it steps back to the start of the
 * sequence that may run over into it and lets the scalar way find the
 * exact place, so every way returns what the scalar one does. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define HZ_UTF8_X86 1
#include <immintrin.h>
#endif

#include "hz/text.h"
#include "utf8.h"

/* A lead byte of a three-byte sequence that takes any continuation
 * bytes: E1–EC and EE–EF (E0 and ED restrict the second byte). */
static inline bool plain_lead3(unsigned c)
{
	return (c & 0xF0) == 0xE0 && !((0x2001u >> (c & 15)) & 1);
}

/* NUL bytes among the eight of w. */
static inline size_t zeros_in(uint64_t w)
{
	size_t k = 0;

	/* nonzero exactly when some byte is zero (rare: look closer then) */
	if (((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) == 0)
		return 0;
	for (int b = 0; b < 8; b++)
		k += ((w >> (8 * b)) & 0xFF) == 0;
	return k;
}

/* Check ASCII eight bytes at a time, the common CJK characters two at a
 * time by their byte patterns, anything else by its byte ranges, without
 * decoding code points. */
static size_t scan_scalar(const char *s, size_t n, size_t *nuls)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t zeros = 0;

	while (p < end) {
		if (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				zeros += zeros_in(w);
				p += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* p[0] is the lowest byte of w: two CJK characters */
			if ((w & 0xC0C0F0C0C0F0ULL) == 0x8080E08080E0ULL && plain_lead3(p[0]) &&
			    plain_lead3(p[3])) {
				p += 6;
				continue;
			}
#endif
		}
		unsigned c = *p;
		if (c < 0x80) {
			zeros += c == 0;
			p++;
		} else if (c >= 0xE0 && c < 0xF0) { /* CJK: the common case */
			if (end - p < 3)
				break;
			unsigned b1 = p[1], b2 = p[2];
			if (((b1 & 0xC0) | (b2 & 0xC0) << 8) != 0x8080 ||
			    (c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 > 0x9F))
				break;
			p += 3;
		} else if (c >= 0xC2 && c < 0xE0) {
			if (end - p < 2 || (p[1] & 0xC0) != 0x80)
				break;
			p += 2;
		} else if (c >= 0xF0 && c < 0xF5) {
			if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
			    (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) ||
			    (c == 0xF4 && p[1] > 0x8F))
				break;
			p += 4;
		} else {
			break;
		}
	}
	*nuls = zeros;
	return (size_t)(p - (const unsigned char *)s);
}

#if defined(__SSE2__) || defined(HZ_UTF8_X86)
/* A vector way has found s[0..i) clean except that a sequence may start
 * in its last three bytes and run on past i (its continuation bytes were
 * not checked yet), and counted the NULs of s[0..i) in zeros: step back to
 * that sequence's lead byte (no NUL is stepped over) and finish with the
 * scalar way. */
static size_t finish(const char *s, size_t n, size_t i, size_t zeros, size_t *nuls)
{
	size_t j = i, tail_zeros;

	while (j > 0 && i - j < 3 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > 0 && (unsigned char)s[j - 1] >= 0xC0)
		i = j - 1;
	i += scan_scalar(s + i, n - i, &tail_zeros);
	*nuls = zeros + tail_zeros;
	return i;
}

/* Set bits of a 16- or 32-bit mask (those of NUL bytes: few). */
static inline size_t bits(unsigned m)
{
	size_t k = 0;

	for (; m; m &= m - 1)
		k++;
	return k;
}

#endif

#ifdef __SSE2__
/* Bytes of x below c, compared as signed: for c in 0x80..0xFF (negative)
 * exactly the bytes from 0x80 up to c - 1. */
static inline unsigned below(__m128i x, unsigned char c)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8((char)c)));
}

static inline unsigned equal_to(__m128i x, unsigned char c)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)c)));
}

/* Each byte's class as a bit of a 16-bit mask; the continuation bytes a
 * block's lead bytes want are carried into the next block. */
static size_t scan_sse2(const char *s, size_t n, size_t *nuls)
{
	size_t i = 0, zeros = 0;
	unsigned need = 0, limits = 0; /* carried from the block before */

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned high = (unsigned)_mm_movemask_epi8(x);
		if (high != 0 || need != 0) {
			unsigned cont = below(x, 0xC0);        /* 80-BF */
			unsigned lead = high & ~cont;          /* C0-FF */
			unsigned l34 = lead & ~below(x, 0xE0); /* E0-FF */
			unsigned l4 = lead & ~below(x, 0xF0);  /* F0-FF */
			unsigned bad = (lead & ~below(x, 0xF5)) | (lead & below(x, 0xC2));
			unsigned want = need | lead << 1 | l34 << 2 | l4 << 3;
			/* second bytes out of range after E0 (< A0), ED (> 9F),
			 * F0 (< 90), F4 (> 8F) */
			unsigned e0 = equal_to(x, 0xE0) << 1 | (limits & 1);
			unsigned ed = equal_to(x, 0xED) << 1 | (limits >> 1 & 1);
			unsigned f0 = l4 ? equal_to(x, 0xF0) << 1 : 0;
			unsigned f4 = l4 ? equal_to(x, 0xF4) << 1 : 0;
			f0 |= limits >> 2 & 1;
			f4 |= limits >> 3 & 1;
			if (e0 | ed | f0 | f4) {
				unsigned to9f = below(x, 0xA0), to8f = below(x, 0x90);
				bad |= (e0 & to9f) | (ed & cont & ~to9f) | (f0 & to8f) |
				       (f4 & cont & ~to8f);
			}
			if (bad || (want & 0xFFFF) != cont)
				break;
			need = want >> 16;
			limits = (e0 >> 16) | (ed >> 16) << 1 | (f0 >> 16) << 2 | (f4 >> 16) << 3;
		}
		unsigned z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128()));
		if (z)
			zeros += bits(z);
	}
	return finish(s, n, i, zeros, nuls);
}
#endif

#ifdef HZ_UTF8_X86
/*
 * The lookup method. Every error of UTF-8 shows in a pair of neighbouring
 * bytes, except a missing or extra third or fourth byte. So each byte is
 * looked up three times by a nibble — the high and the low nibble of the
 * byte before it, its own high nibble — in three 16-entry tables whose
 * entries are sets of the errors that nibble allows; a byte is bad where
 * the three sets meet. Each error below is a product of three nibble sets
 * (tables 1H x 1L x 2H):
 */
enum {
	TOO_SHORT = 1 << 0,  /* lead C0-FF, then no continuation   C-F x any x 0-7,C-F */
	TOO_LONG = 1 << 1,   /* ASCII, then a continuation         0-7 x any x 8-B */
	OVERLONG_3 = 1 << 2, /* E0 80-9F                           E x 0 x 8-9 */
	TOO_LARGE = 1 << 3,  /* F4-FF 90-BF (past U+10FFFF)        F x 4-F x 9-B */
	SURROGATE = 1 << 4,  /* ED A0-BF (U+D800-DFFF)             E x D x A-B */
	OVERLONG_2 = 1 << 5, /* C0-C1 80-BF                        C x 0-1 x 8-B */
	F_80 = 1 << 6,       /* F0 80-8F (overlong), F5-FF 80-8F   F x 0,5-F x 8 */
	TWO_CONTS = 1 << 7,  /* a continuation after another       8-B x any x 8-B */
};

/* A continuation after a continuation is right exactly where the byte is
 * the third or fourth of a sequence: where the byte two before is E0-FF
 * or the one three before is F0-FF. There the checks below flip bit 0x80
 * (TWO_CONTS), which clears it where it belongs and flags a third or
 * fourth byte that is missing. */

/* The errors a low nibble allows whatever it is. */
#define ANY_1L (TOO_SHORT | TOO_LONG | TWO_CONTS)
/* by the high nibble of the byte before */
static const signed char table_1h[16] = {
	TOO_LONG,                           /* 0 */
	TOO_LONG,                           /* 1 */
	TOO_LONG,                           /* 2 */
	TOO_LONG,                           /* 3 */
	TOO_LONG,                           /* 4 */
	TOO_LONG,                           /* 5 */
	TOO_LONG,                           /* 6 */
	TOO_LONG,                           /* 7 */
	(signed char)TWO_CONTS,             /* 8 */
	(signed char)TWO_CONTS,             /* 9 */
	(signed char)TWO_CONTS,             /* A */
	(signed char)TWO_CONTS,             /* B */
	TOO_SHORT | OVERLONG_2,             /* C */
	TOO_SHORT,                          /* D */
	TOO_SHORT | OVERLONG_3 | SURROGATE, /* E */
	TOO_SHORT | TOO_LARGE | F_80,       /* F */
};
/* by the low nibble of the byte before */
static const signed char table_1l[16] = {
	(signed char)(ANY_1L | OVERLONG_3 | OVERLONG_2 | F_80), /* 0 */
	(signed char)(ANY_1L | OVERLONG_2),                     /* 1 */
	(signed char)ANY_1L,                                    /* 2 */
	(signed char)ANY_1L,                                    /* 3 */
	(signed char)(ANY_1L | TOO_LARGE),                      /* 4 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* 5 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* 6 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* 7 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* 8 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* 9 */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* A */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* B */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* C */
	(signed char)(ANY_1L | TOO_LARGE | F_80 | SURROGATE),   /* D */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* E */
	(signed char)(ANY_1L | TOO_LARGE | F_80),               /* F */
};
/* by the byte's own high nibble */
static const signed char table_2h[16] = {
	TOO_SHORT,                                                                 /* 0 */
	TOO_SHORT,                                                                 /* 1 */
	TOO_SHORT,                                                                 /* 2 */
	TOO_SHORT,                                                                 /* 3 */
	TOO_SHORT,                                                                 /* 4 */
	TOO_SHORT,                                                                 /* 5 */
	TOO_SHORT,                                                                 /* 6 */
	TOO_SHORT,                                                                 /* 7 */
	(signed char)(TOO_LONG | OVERLONG_3 | OVERLONG_2 | F_80 | TWO_CONTS),      /* 8 */
	(signed char)(TOO_LONG | OVERLONG_3 | TOO_LARGE | OVERLONG_2 | TWO_CONTS), /* 9 */
	(signed char)(TOO_LONG | TOO_LARGE | SURROGATE | OVERLONG_2 | TWO_CONTS),  /* A */
	(signed char)(TOO_LONG | TOO_LARGE | SURROGATE | OVERLONG_2 | TWO_CONTS),  /* B */
	TOO_SHORT,                                                                 /* C */
	TOO_SHORT,                                                                 /* D */
	TOO_SHORT,                                                                 /* E */
	TOO_SHORT,                                                                 /* F */
};
#undef ANY_1L

/* The tables as vector constants: one 16-byte table (twice for AVX2, whose
 * byte shuffle looks up within each 16-byte half). */
__attribute__((target("ssse3"))) static inline __m128i table128(const signed char t[16])
{
	return _mm_loadu_si128((const __m128i *)(const void *)t);
}

/* The errors of block x, given the block before it: nonzero bytes where a
 * byte is bad. prev1..prev3 are the bytes one, two and three before. */
__attribute__((target("ssse3"))) static inline __m128i
errors128(__m128i x, __m128i prev, __m128i t1h, __m128i t1l, __m128i t2h)
{
	const __m128i low4 = _mm_set1_epi8(0x0F);
	__m128i prev1 = _mm_alignr_epi8(x, prev, 15);
	__m128i prev2 = _mm_alignr_epi8(x, prev, 14);
	__m128i prev3 = _mm_alignr_epi8(x, prev, 13);
	__m128i by_1h = _mm_shuffle_epi8(t1h, _mm_and_si128(_mm_srli_epi16(prev1, 4), low4));
	__m128i by_1l = _mm_shuffle_epi8(t1l, _mm_and_si128(prev1, low4));
	__m128i by_2h = _mm_shuffle_epi8(t2h, _mm_and_si128(_mm_srli_epi16(x, 4), low4));
	__m128i e = _mm_and_si128(_mm_and_si128(by_1h, by_1l), by_2h);
	/* 0x80 where two before is E0-FF or three before is F0-FF: a third
	 * or fourth byte, which must be a continuation after a continuation */
	__m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
	__m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
	__m128i must = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
	return _mm_xor_si128(e, must);
}

/* The end of s: the bytes from i (fewer than a block) are checked as
 * the last block, together with the bytes before them that were checked
 * already (the last 16 of s, when there are 32), or else copied behind
 * ASCII spaces. Either way a sequence cut off by the end shows. True when
 * s[i..n) is clean; its NULs are added to *zeros. */
__attribute__((target("ssse3"))) static bool end128(const char *s, size_t n, size_t i, __m128i prev,
                                                    __m128i t1h, __m128i t1l, __m128i t2h,
                                                    size_t *zeros)
{
	/* a lead byte in the last three places wants bytes after the end */
	const __m128i cut = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	                                  (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
	__m128i x, e;
	unsigned fresh; /* the bytes from i */

	if (n >= 32) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
		prev = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 32));
		e = _mm_or_si128(errors128(x, prev, t1h, t1l, t2h), _mm_subs_epu8(x, cut));
		fresh = (0xFFFFu << (16 - (n - i))) & 0xFFFF;
	} else {
		char pad[16];
		memset(pad, ' ', sizeof pad);
		memcpy(pad, s + i, n - i);
		x = _mm_loadu_si128((const __m128i *)(const void *)pad);
		e = errors128(x, prev, t1h, t1l, t2h);
		fresh = 0xFFFF;
	}
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(e, _mm_setzero_si128())) != 0xFFFF)
		return false;
	*zeros += bits((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())) & fresh);
	return true;
}

/* The sum of the bytes of v (each at most 255). */
__attribute__((target("ssse3"))) static inline size_t sum128(__m128i v)
{
	__m128i s = _mm_sad_epu8(v, _mm_setzero_si128()); /* two sums of 8 */

	return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}

/* A record's cells are checked as one buffer with a NUL after each, so
 * NULs are common: each block's are added up bytewise (255 blocks at most
 * before the sums are taken, so no byte overflows). */
#define CHUNK 255

__attribute__((target("ssse3"))) static size_t scan_ssse3(const char *s, size_t n, size_t *nuls)
{
	const __m128i t1h = table128(table_1h), t1l = table128(table_1l);
	const __m128i t2h = table128(table_2h), zero = _mm_setzero_si128();
	__m128i prev = zero;
	unsigned prev_high = 0;
	size_t i = 0, zeros = 0;
	bool bad = false;

	while (!bad && i + 16 <= n) {
		size_t stop = n - i > CHUNK * 16 ? i + CHUNK * 16 : n;
		__m128i count = zero;
		for (; i + 16 <= stop; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			unsigned high = (unsigned)_mm_movemask_epi8(x);
			/* ASCII after ASCII cannot be wrong */
			if ((high | prev_high) != 0) {
				__m128i e = errors128(x, prev, t1h, t1l, t2h);
				if (_mm_movemask_epi8(_mm_cmpeq_epi8(e, zero)) != 0xFFFF) {
					bad = true;
					break;
				}
			}
			count = _mm_sub_epi8(count, _mm_cmpeq_epi8(x, zero));
			prev = x;
			prev_high = high;
		}
		zeros += sum128(count);
	}
	if (!bad && end128(s, n, i, prev, t1h, t1l, t2h, &zeros)) {
		*nuls = zeros;
		return n;
	}
	return finish(s, n, i, zeros, nuls);
}

/* The same 32 bytes at a time. _mm256_alignr_epi8 shifts within each
 * 16-byte half: the bytes before a block come from [prev's high half,
 * x's low half]. */
__attribute__((target("avx2"))) static inline __m256i
errors256(__m256i x, __m256i prev, __m256i t1h, __m256i t1l, __m256i t2h)
{
	const __m256i low4 = _mm256_set1_epi8(0x0F);
	__m256i carry = _mm256_permute2x128_si256(prev, x, 0x21);
	__m256i prev1 = _mm256_alignr_epi8(x, carry, 15);
	__m256i prev2 = _mm256_alignr_epi8(x, carry, 14);
	__m256i prev3 = _mm256_alignr_epi8(x, carry, 13);
	__m256i by_1h =
	        _mm256_shuffle_epi8(t1h, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4));
	__m256i by_1l = _mm256_shuffle_epi8(t1l, _mm256_and_si256(prev1, low4));
	__m256i by_2h = _mm256_shuffle_epi8(t2h, _mm256_and_si256(_mm256_srli_epi16(x, 4), low4));
	__m256i e = _mm256_and_si256(_mm256_and_si256(by_1h, by_1l), by_2h);
	__m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
	__m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
	__m256i must =
	        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
	return _mm256_xor_si256(e, must);
}

__attribute__((target("avx2"))) static inline __m256i table256(const signed char t[16])
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

__attribute__((target("avx2"))) static bool end256(const char *s, size_t n, size_t i, __m256i prev,
                                                   __m256i t1h, __m256i t1l, __m256i t2h,
                                                   size_t *zeros)
{
	const __m256i cut =
	        _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	                         -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)(0xF0 - 1),
	                         (char)(0xE0 - 1), (char)(0xC0 - 1));
	__m256i x, e;
	unsigned fresh;

	if (n >= 64) {
		x = _mm256_loadu_si256((const __m256i *)(const void *)(s + n - 32));
		prev = _mm256_loadu_si256((const __m256i *)(const void *)(s + n - 64));
		e = _mm256_or_si256(errors256(x, prev, t1h, t1l, t2h), _mm256_subs_epu8(x, cut));
		fresh = n == i ? 0 : 0xFFFFFFFFu << (32 - (n - i));
	} else {
		char pad[32];
		memset(pad, ' ', sizeof pad);
		memcpy(pad, s + i, n - i);
		x = _mm256_loadu_si256((const __m256i *)(const void *)pad);
		e = errors256(x, prev, t1h, t1l, t2h);
		fresh = 0xFFFFFFFFu;
	}
	if (!_mm256_testz_si256(e, e))
		return false;
	*zeros +=
	        bits((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_setzero_si256())) &
	             fresh);
	return true;
}

__attribute__((target("avx2"))) static inline size_t sum256(__m256i v)
{
	__m256i s = _mm256_sad_epu8(v, _mm256_setzero_si256()); /* four sums of 8 */

	__m128i t = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));

	return (size_t)_mm_cvtsi128_si32(t) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(t, 8));
}

__attribute__((target("avx2"))) static size_t scan_avx2(const char *s, size_t n, size_t *nuls)
{
	const __m256i t1h = table256(table_1h), t1l = table256(table_1l);
	const __m256i t2h = table256(table_2h), zero = _mm256_setzero_si256();
	__m256i prev = zero;
	unsigned prev_high = 0;
	size_t i = 0, zeros = 0;
	bool bad = false;

	while (!bad && i + 32 <= n) {
		size_t stop = n - i > CHUNK * 32 ? i + CHUNK * 32 : n;
		__m256i count = zero;
		for (; i + 32 <= stop; i += 32) {
			__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
			unsigned high = (unsigned)_mm256_movemask_epi8(x);
			if ((high | prev_high) != 0) {
				__m256i e = errors256(x, prev, t1h, t1l, t2h);
				if (!_mm256_testz_si256(e, e)) {
					bad = true;
					break;
				}
			}
			count = _mm256_sub_epi8(count, _mm256_cmpeq_epi8(x, zero));
			prev = x;
			prev_high = high;
		}
		zeros += sum256(count);
	}
	if (!bad && end256(s, n, i, prev, t1h, t1l, t2h, &zeros)) {
		*nuls = zeros;
		return n;
	}
	return finish(s, n, i, zeros, nuls);
}
#endif

static bool always(void)
{
	return true;
}

#ifdef HZ_UTF8_X86
static bool has_ssse3(void)
{
	return __builtin_cpu_supports("ssse3");
}

static bool has_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}
#endif

/* The ways this build has, slowest first, with what each needs. */
static const struct way {
	int id;
	size_t (*scan)(const char *s, size_t n, size_t *nuls);
	bool (*usable)(void);
} ways[] = {
	{ HZ_UTF8_SCALAR, scan_scalar, always },
#ifdef __SSE2__
	{ HZ_UTF8_SSE2, scan_sse2, always },
#endif
#ifdef HZ_UTF8_X86
	{ HZ_UTF8_SSSE3, scan_ssse3, has_ssse3 },
	{ HZ_UTF8_AVX2, scan_avx2, has_avx2 },
#endif
};
#define NWAYS (sizeof ways / sizeof ways[0])

static const struct way *way_of(int id)
{
	for (size_t w = 0; w < NWAYS; w++)
		if (ways[w].id == id)
			return &ways[w];
	return NULL;
}

bool hz_utf8_way_usable(int id)
{
	const struct way *w = way_of(id);

	return w != NULL && w->usable();
}

size_t hz_utf8_scan_way(int id, const char *s, size_t n, size_t *nuls)
{
	return way_of(id)->scan(s, n, nuls);
}

/* The best way the CPU runs, or the one want (HZ_UTF8) names if it runs
 * it, else the best below it. */
int hz_utf8_choose(const char *want)
{
	static const char *const names[HZ_UTF8_WAYS] = { "scalar", "sse2", "ssse3", "avx2" };
	int limit = HZ_UTF8_WAYS - 1;
	size_t w;

	for (int id = 0; want != NULL && id < HZ_UTF8_WAYS; id++)
		if (strcmp(names[id], want) == 0)
			limit = id;
	for (w = NWAYS - 1; w > 0; w--)
		if (ways[w].id <= limit && ways[w].usable())
			break;
	return ways[w].id;
}

/* Chosen on first use by whichever thread comes first; both would choose
 * the same. */
static const struct way *chosen;

static const struct way *the_way(void)
{
	const struct way *w = __atomic_load_n(&chosen, __ATOMIC_ACQUIRE);

	if (w == NULL) {
		w = way_of(hz_utf8_choose(getenv("HZ_UTF8")));
		__atomic_store_n(&chosen, w, __ATOMIC_RELEASE);
	}
	return w;
}

int hz_utf8_way(void)
{
	return the_way()->id;
}

size_t hz_utf8_scan(const char *s, size_t n, size_t *nuls)
{
	return the_way()->scan(s, n, nuls);
}

size_t hz_utf8_valid_prefix(const char *s, size_t n)
{
	size_t nuls;

	return the_way()->scan(s, n, &nuls);
}
