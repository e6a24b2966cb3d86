/* strset.c - open-addressing hash sets of strings and of 64-bit hashes */
#define _GNU_SOURCE /* mremap */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hz/strset.h"
#include "xalloc.h"

/*
 * The header gives add() no way to report a failed allocation, and a set
 * that silently lost a member would make counts and duplicate checks lie,
 * so running out of memory ends the tool (hz_out_of_memory, exit 2).
 */
static void *xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		hz_out_of_memory();
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL)
		hz_out_of_memory();
	return p;
}

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

/* MurmurHash3's finaliser: every input bit flips about half the output. */
static uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Little-endian read of up to 8 bytes, so the hash is the same everywhere;
 * a whole word is one load on a little-endian machine. */
static uint64_t read_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n == 8) {
		memcpy(&v, p, 8);
		return v;
	}
#endif
	for (i = n; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

/*
 * A murmur-style hash: each 8-byte word is scrambled with two multiplies
 * and a rotation and folded into the state, then the length and a final
 * avalanche. Not for hostile input; good enough to key duplicate checks.
 */
uint64_t hz_hash64(const void *p, size_t n, uint64_t seed)
{
	const uint64_t k1 = 0x87c37b91114253d5ULL, k2 = 0x4cf5ad432745937fULL;
	const unsigned char *b = p;
	uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL, k;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		k = read_le(b + i, 8) * k1;
		k = rotl(k, 31) * k2;
		h ^= k;
		h = rotl(h, 27) * 5 + 0x52dce729;
	}
	if (i < n) {
		k = read_le(b + i, n - i) * k1;
		k = rotl(k, 31) * k2;
		h ^= k;
	}
	return fmix64(h ^ (uint64_t)n);
}

/* Index in a table of cap slots: the high bits of a mixed hash scaled to
 * cap (Lemire's fast range), so cap need not be a power of two. */
static size_t slot_of(uint64_t h, size_t cap)
{
	return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

/* ---- strings ---- */

struct str_slot {
	uint64_t h;
	const char *s; /* NULL: empty slot */
	size_t n;
};

/* Copies live in big chunks, so a million names are not a million mallocs. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

#define CHUNK_MIN (64 * 1024)
#define STR_CAP0 64

struct hz_strset {
	struct str_slot *slots;
	size_t cap, count;
	struct chunk *chunks;
};

hz_strset *hz_strset_new(void)
{
	hz_strset *s = xcalloc(1, sizeof *s);

	s->cap = STR_CAP0;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

static const char *str_copy(hz_strset *s, const char *str, size_t n)
{
	struct chunk *c = s->chunks;
	size_t cap;
	char *p;

	if (c == NULL || c->cap - c->used < n + 1) {
		cap = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;
		c = xrealloc(NULL, sizeof *c + cap);
		c->next = s->chunks;
		c->used = 0;
		c->cap = cap;
		s->chunks = c;
	}
	p = c->data + c->used;
	if (n > 0)
		memcpy(p, str, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* The slot holding str, or the empty slot where it would go. */
static struct str_slot *str_find(struct str_slot *slots, size_t cap, uint64_t h, const char *str,
                                 size_t n)
{
	size_t i = slot_of(h, cap);

	for (;;) {
		if (slots[i].s == NULL)
			return &slots[i];
		if (slots[i].h == h && slots[i].n == n &&
		    (n == 0 || memcmp(slots[i].s, str, n) == 0))
			return &slots[i];
		if (++i == cap)
			i = 0;
	}
}

static void str_grow(hz_strset *s)
{
	size_t cap = s->cap * 2, i;
	struct str_slot *slots = xcalloc(cap, sizeof *slots), *to;

	for (i = 0; i < s->cap; i++) {
		if (s->slots[i].s == NULL)
			continue;
		to = str_find(slots, cap, s->slots[i].h, s->slots[i].s, s->slots[i].n);
		*to = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

bool hz_strset_add(hz_strset *s, const char *str, size_t n)
{
	uint64_t h = hz_hash64(str, n, 0);
	struct str_slot *slot;

	slot = str_find(s->slots, s->cap, h, str, n);
	if (slot->s != NULL)
		return false;
	/* Grow at load 0.7, before the new member goes in. */
	if ((s->count + 1) * 10 > s->cap * 7) {
		str_grow(s);
		slot = str_find(s->slots, s->cap, h, str, n);
	}
	slot->h = h;
	slot->s = str_copy(s, str, n);
	slot->n = n;
	s->count++;
	return true;
}

bool hz_strset_has(const hz_strset *s, const char *str, size_t n)
{
	if (s == NULL)
		return false;
	return str_find(s->slots, s->cap, hz_hash64(str, n, 0), str, n)->s != NULL;
}

size_t hz_strset_size(const hz_strset *s)
{
	return s == NULL ? 0 : s->count;
}

void hz_strset_free(hz_strset *s)
{
	struct chunk *c, *next;

	if (s == NULL)
		return;
	for (c = s->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(s->slots);
	free(s);
}

/* ---- hashes ---- */

/*
 * A hash is mixed (fmix64: a bijection, so that callers' poor hashes, such
 * as small integers, spread too); the mixed value's low 8 bits pick one of
 * 256 segments and its top 48 bits are the key kept, in 6 bytes. Two
 * hashes are taken for one only when those 56 bits agree: for n distinct
 * hashes the odds that some pair does are about n^2 / 2^57, 7 in a million
 * for a million hashes (duplicate-hazard over a large register), 3 in
 * 100,000 for two million.
 *
 * A segment is an array of 64-byte buckets, a cache line each: ten keys, a
 * count and a sketch of the keys (see struct hash_bucket). A key's home bucket is its top 32 bits scaled to the number of
 * buckets, so that a segment can grow without the full hash. A full bucket
 * passes new keys on to the next one (linear probing by buckets, wrapping
 * round within the segment), and nothing is ever removed, so a search ends
 * at the first bucket that is not full: most adds read one cache line, the
 * rest the next line or two, which the hardware fetches ahead.
 *
 * All segments have the same number of buckets and lie end to end in one
 * table, which grows by 1.15 when a segment would pass 9 keys a bucket
 * (load 0.9; the fullest of 256 segments is a few per cent above the mean,
 * so the table's load is then about 0.85). At 6.4 bytes a slot that is,
 * over a growth cycle, 7.4 to 8.6 bytes a hash from 600,000 hashes up, 7.6
 * to 8.8 from 250,000, and up to 10.5 from 40,000 (the smaller the set,
 * the further its fullest segment is above the mean). Below 256 KB (about
 * 35,000 hashes) it grows by 1.5 instead, rehashing less where memory does
 * not count. Each growth moves every key, 7.7 moves a hash in all at 1.15,
 * but in order, bucket after bucket.
 *
 * The table is mapped (mmap) and grows with mremap: the kernel adds zeroed
 * pages, moving the old ones without copying them if it must, and the
 * segments are then spread out in place, the last first (each one's new
 * place starts at or after its old one and ends before the next one's;
 * where the two overlap, by way of a copy of the segment). So growing
 * never holds the table twice, and leaves behind no freed blocks in the
 * heap that later, larger tables could not use (as 256 arrays on the heap
 * did: 12 bytes a hash).
 *
 * Under AddressSanitizer, or without mremap, the table is on the heap
 * instead (realloc), so that the sanitizer sees every access.
 */
#define HASH_SEGMENTS 256
#define BUCKET_KEYS 10
#define BUCKET_MAX_LOAD 9 /* a segment's keys a bucket, at most */
#define HASH_SMALL 16     /* buckets a segment: 256 KB in all */

#if defined(__SANITIZE_ADDRESS__)
#define HASH_ON_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HASH_ON_HEAP 1
#endif
#endif
#if !defined(HASH_ON_HEAP) && !defined(MREMAP_MAYMOVE)
#define HASH_ON_HEAP 1
#endif

/*
 * meta: the number of keys in use (from key[0]) in its low 4 bits, and
 * above them a 16-bit sketch of the keys: bit 4 + (key & 15) is set for
 * each (bits that do not place the key). A search for a key whose bit is
 * clear skips the bucket's keys: for a new hash (most adds), 2 full
 * buckets in 3.
 */
struct hash_bucket {
	unsigned char key[BUCKET_KEYS][6]; /* see KEY_SHIFT */
	uint32_t meta;
};
#define META_COUNT 0xfu
_Static_assert(sizeof(struct hash_bucket) == 64, "a bucket is a cache line");

struct hz_hashset {
	struct hash_bucket *b; /* segment k: b[k * nb] to b[(k + 1) * nb - 1] */
	size_t nb;             /* buckets a segment */
	size_t count;
	size_t seg_count[HASH_SEGMENTS];
};

/*
 * A key is kept as the first 6 bytes of a uint64_t in native byte order
 * (its "pattern": the key itself where the low byte comes first, the key
 * shifted up 16 bits where the high one does), so that a slot is compared
 * with one 8-byte load and a mask, and stored with one copy.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KEY_SHIFT 16
#else
#define KEY_SHIFT 0
#endif

/* Slot j's bytes, as part of the whole bucket's: its 8-byte loads and
 * stores reach 2 bytes past the slot (into the next slot, or meta). */
static unsigned char *slot(struct hash_bucket *b, size_t j)
{
	return (unsigned char *)b + 6 * j;
}

static uint64_t load8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t key_mask(void)
{
	return (((uint64_t)1 << 48) - 1) << KEY_SHIFT;
}

static uint64_t key_load(const unsigned char *p)
{
	return (load8(p) & key_mask()) >> KEY_SHIFT;
}

static uint32_t sketch_bit(uint64_t key)
{
	return (uint32_t)0x10 << (key & 15);
}

static void bucket_put(struct hash_bucket *b, uint64_t key)
{
	uint64_t pat = key << KEY_SHIFT;
	uint32_t meta = b->meta;

	/* 8 bytes: the 2 past the key are the next, unused slot's or, for
	 * the last slot, meta's, which is written after */
	memcpy(slot(b, meta & META_COUNT), &pat, 8);
	b->meta = (meta + 1) | sketch_bit(key);
}

static size_t table_bytes(size_t nb)
{
	if (nb > SIZE_MAX / HASH_SEGMENTS / sizeof(struct hash_bucket))
		hz_out_of_memory();
	return nb * HASH_SEGMENTS * sizeof(struct hash_bucket);
}

/* Zeroed memory of its own, given back whole by table_free. */
static struct hash_bucket *table_alloc(size_t bytes)
{
#ifdef HASH_ON_HEAP
	return xcalloc(1, bytes);
#else
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		hz_out_of_memory();
	return p;
#endif
}

static void table_free(struct hash_bucket *b, size_t bytes)
{
#ifdef HASH_ON_HEAP
	(void)bytes;
	free(b);
#else
	if (b != NULL)
		munmap(b, bytes);
#endif
}

/* The table with room for bytes, the old contents first, the rest zero. */
static struct hash_bucket *table_resize(struct hash_bucket *b, size_t old, size_t bytes)
{
#ifdef HASH_ON_HEAP
	b = xrealloc(b, bytes);
	memset((char *)b + old, 0, bytes - old);
	return b;
#else
	void *p = mremap(b, old, bytes, MREMAP_MAYMOVE);

	if (p == MAP_FAILED)
		hz_out_of_memory();
	return p;
#endif
}

static size_t home_of(uint64_t key, size_t nb)
{
	return slot_of(key << 16, nb);
}

/* The first bucket from key's home in the segment seg (nb buckets) that is
 * not full: where key goes when it is known not to be there. */
static struct hash_bucket *first_open(struct hash_bucket *seg, size_t nb, uint64_t key)
{
	size_t i = home_of(key, nb);

	while ((seg[i].meta & META_COUNT) == BUCKET_KEYS)
		if (++i == nb)
			i = 0;
	return &seg[i];
}

static void hash_grow(hz_hashset *s)
{
	size_t old = s->nb, nb, k, i, j;
	struct hash_bucket *copy, *from, *to;

	/* by 1.5 while small, when memory matters less than rehashing */
	nb = old < HASH_SMALL ? old + old / 2 : old + old * 3 / 20;
	if (nb == old)
		nb = old + 1;
	s->b = table_resize(s->b, table_bytes(old), table_bytes(nb));
	s->nb = nb;
	copy = table_alloc(old * sizeof *copy);
	for (k = HASH_SEGMENTS; k-- > 0;) {
		from = s->b + k * old;
		to = s->b + k * nb;
		/* only the first few segments' new places overlap their old
		 * ones: those below 1 / (growth - 1), 7 at 1.15 */
		if (k * nb < (k + 1) * old) {
			memcpy(copy, from, old * sizeof *copy);
			from = copy;
		}
		/* a slot past a bucket's count is never read */
		for (i = 0; i < nb; i++)
			to[i].meta = 0;
		for (i = 0; i < old; i++) {
			size_t n = from[i].meta & META_COUNT;

			for (j = 0; j < n; j++) {
				uint64_t key = key_load(slot(&from[i], j));
				bucket_put(first_open(to, nb, key), key);
			}
		}
	}
	table_free(copy, old * sizeof *copy);
}

hz_hashset *hz_hashset_new(void)
{
	hz_hashset *s = xcalloc(1, sizeof *s);

	s->nb = 1;
	s->b = table_alloc(table_bytes(s->nb));
	return s;
}

void hz_hashset_prefetch(const hz_hashset *s, uint64_t h)
{
#if defined(__GNUC__) || defined(__clang__)
	uint64_t m = fmix64(h);
	size_t k = (size_t)(m % HASH_SEGMENTS);

	/* for writing: most adds put a new key there */
	__builtin_prefetch(&s->b[k * s->nb + home_of(m >> 16, s->nb)], 1);
#else
	(void)s;
	(void)h;
#endif
}

bool hz_hashset_add(hz_hashset *s, uint64_t h)
{
	uint64_t m = fmix64(h), key = m >> 16;
	size_t k = (size_t)(m % HASH_SEGMENTS), i = home_of(key, s->nb);
	struct hash_bucket *seg = s->b + k * s->nb, *b;
	const uint64_t pat = key << KEY_SHIFT, mask = key_mask();
	const uint32_t bit = sketch_bit(key);
	uint32_t meta, n;

	for (;;) {
		b = &seg[i];
		meta = b->meta;
		n = meta & META_COUNT;
		if (meta & bit)
			for (uint32_t j = 0; j < n; j++)
				if (((load8(slot(b, j)) ^ pat) & mask) == 0)
					return false;
		if (n < BUCKET_KEYS)
			break;
		if (++i == s->nb)
			i = 0;
	}
	if (s->seg_count[k] + 1 > s->nb * BUCKET_MAX_LOAD) {
		hash_grow(s);
		b = first_open(s->b + k * s->nb, s->nb, key);
	}
	bucket_put(b, key);
	s->seg_count[k]++;
	s->count++;
	return true;
}

size_t hz_hashset_size(const hz_hashset *s)
{
	return s == NULL ? 0 : s->count;
}

size_t hz_hashset_bytes(const hz_hashset *s)
{
	return s == NULL ? 0 : sizeof *s + table_bytes(s->nb);
}

void hz_hashset_free(hz_hashset *s)
{
	if (s == NULL)
		return;
	table_free(s->b, table_bytes(s->nb));
	free(s);
}
