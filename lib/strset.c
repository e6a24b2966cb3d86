/* strset.c - open-addressing hash sets of strings and of 64-bit hashes */
#include <stdlib.h>
#include <string.h>

#include "hz/strset.h"
#include "xalloc.h"

/*
 * The header gives add() no way to report a failed allocation, and a set
 * that silently lost a member would make counts and duplicate checks lie,
 * so running out of memory ends the tool (hz_out_of_memory, exit 2).
 */
static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		hz_out_of_memory();
	return p;
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL)
		hz_out_of_memory();
	return p;
}

static uint64_t
rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

/* MurmurHash3's finaliser: every input bit flips about half the output. */
static uint64_t
fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Little-endian read of up to 8 bytes, so the hash is the same everywhere. */
static uint64_t
read_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = n; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

/*
 * A murmur-style hash: each 8-byte word is scrambled with two multiplies
 * and a rotation and folded into the state, then the length and a final
 * avalanche. Not for hostile input; good enough to key duplicate checks.
 */
uint64_t
hz_hash64(const void *p, size_t n, uint64_t seed)
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
static size_t
slot_of(uint64_t h, size_t cap)
{
	return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

/* ---- strings ---- */

struct str_slot {
	uint64_t h;
	const char *s;   /* NULL: empty slot */
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

hz_strset *
hz_strset_new(void)
{
	hz_strset *s = xcalloc(1, sizeof *s);

	s->cap = STR_CAP0;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

static const char *
str_copy(hz_strset *s, const char *str, size_t n)
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
static struct str_slot *
str_find(struct str_slot *slots, size_t cap, uint64_t h, const char *str,
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

static void
str_grow(hz_strset *s)
{
	size_t cap = s->cap * 2, i;
	struct str_slot *slots = xcalloc(cap, sizeof *slots), *to;

	for (i = 0; i < s->cap; i++) {
		if (s->slots[i].s == NULL)
			continue;
		to = str_find(slots, cap, s->slots[i].h, s->slots[i].s,
		    s->slots[i].n);
		*to = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

bool
hz_strset_add(hz_strset *s, const char *str, size_t n)
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

bool
hz_strset_has(const hz_strset *s, const char *str, size_t n)
{
	if (s == NULL)
		return false;
	return str_find(s->slots, s->cap, hz_hash64(str, n, 0), str, n)->s
	    != NULL;
}

size_t
hz_strset_size(const hz_strset *s)
{
	return s == NULL ? 0 : s->count;
}

void
hz_strset_free(hz_strset *s)
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
 * One uint64_t a slot and 0 for "empty": 8 bytes a member at load 0.8
 * and growth by 1.5, so a million hashes take 10 to 15 MB. The hash 0
 * itself is remembered in a flag rather than folded into another value.
 */
/*
 * A hash is mixed, and its low 8 bits pick one of 256 segments that grow
 * on their own (while one grows, only it exists twice). A slot keeps the
 * mixed hash's top 48 bits in 6 bytes, and the slot's place comes from
 * them too, so a segment can grow without the full hash. Two hashes are
 * taken for one only when 56 of their mixed bits agree: about 7 in a
 * million that a million hashes hold such a pair. With a million hashes
 * (duplicate-hazard over a large register) this is about 8 MB.
 */
#define HASH_SEGMENTS 256
#define HASH_CAP0 16

struct hash_segment {
	uint32_t *lo;           /* low 32 of the 48 bits kept; 0 and 0: empty */
	uint16_t *hi;           /* high 16 */
	size_t cap, count;
};

struct hz_hashset {
	struct hash_segment seg[HASH_SEGMENTS];
};

static void
segment_alloc(struct hash_segment *g, size_t cap)
{
	g->cap = cap;
	g->lo = xcalloc(cap, sizeof *g->lo);
	g->hi = xcalloc(cap, sizeof *g->hi);
}

hz_hashset *
hz_hashset_new(void)
{
	hz_hashset *s = xcalloc(1, sizeof *s);

	for (size_t i = 0; i < HASH_SEGMENTS; i++)
		segment_alloc(&s->seg[i], HASH_CAP0);
	return s;
}

/* The slot holding key (48 bits, never 0), or the empty one where it goes. */
static size_t
hash_find(const struct hash_segment *g, uint64_t key)
{
	size_t i = slot_of(key << 16, g->cap);
	uint32_t lo = (uint32_t)key;
	uint16_t hi = (uint16_t)(key >> 32);

	while ((g->lo[i] != 0 || g->hi[i] != 0) && !(g->lo[i] == lo && g->hi[i] == hi))
		if (++i == g->cap)
			i = 0;
	return i;
}

static void
hash_put(struct hash_segment *g, size_t i, uint64_t key)
{
	g->lo[i] = (uint32_t)key;
	g->hi[i] = (uint16_t)(key >> 32);
}

static void
hash_grow(struct hash_segment *g)
{
	struct hash_segment old = *g;

	segment_alloc(g, old.cap + old.cap / 2);
	g->count = old.count;
	for (size_t i = 0; i < old.cap; i++) {
		uint64_t key = (uint64_t)old.hi[i] << 32 | old.lo[i];
		if (key != 0)
			hash_put(g, hash_find(g, key), key);
	}
	free(old.lo);
	free(old.hi);
}

bool
hz_hashset_add(hz_hashset *s, uint64_t h)
{
	/* callers' hashes may be poor (small integers): mix before placing */
	uint64_t m = fmix64(h);
	struct hash_segment *g = &s->seg[m % HASH_SEGMENTS];
	uint64_t key = m >> 16;

	if (key == 0)
		key = 1;        /* 0 marks an empty slot */
	size_t i = hash_find(g, key);
	if (g->lo[i] != 0 || g->hi[i] != 0)
		return false;
	if ((g->count + 1) * 5 > g->cap * 4) {
		hash_grow(g);
		i = hash_find(g, key);
	}
	hash_put(g, i, key);
	g->count++;
	return true;
}

void
hz_hashset_free(hz_hashset *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < HASH_SEGMENTS; i++) {
		free(s->seg[i].lo);
		free(s->seg[i].hi);
	}
	free(s);
}
