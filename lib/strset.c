/* strset.c - open-addressing hash sets of strings and of 64-bit hashes */
#include <stdlib.h>
#include <string.h>

#include "hz/strset.h"

/*
 * The header gives add() no way to report a failed allocation, and a set
 * that silently lost a member would make counts and duplicate checks lie,
 * so running out of memory aborts.
 */
static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		abort();
	return p;
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL)
		abort();
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
#define HASH_CAP0 1024

struct hz_hashset {
	uint64_t *slots;
	size_t cap, count;
	bool has_zero;
};

hz_hashset *
hz_hashset_new(void)
{
	hz_hashset *s = xcalloc(1, sizeof *s);

	s->cap = HASH_CAP0;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

/* Callers' hashes may be poor (small integers): mix before placing. */
static uint64_t *
hash_find(uint64_t *slots, size_t cap, uint64_t h)
{
	size_t i = slot_of(fmix64(h), cap);

	while (slots[i] != 0 && slots[i] != h)
		if (++i == cap)
			i = 0;
	return &slots[i];
}

static void
hash_grow(hz_hashset *s)
{
	size_t cap = s->cap + s->cap / 2, i;
	uint64_t *slots = xcalloc(cap, sizeof *slots);

	for (i = 0; i < s->cap; i++)
		if (s->slots[i] != 0)
			*hash_find(slots, cap, s->slots[i]) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

bool
hz_hashset_add(hz_hashset *s, uint64_t h)
{
	uint64_t *slot;

	if (h == 0) {
		if (s->has_zero)
			return false;
		s->has_zero = true;
		return true;
	}
	slot = hash_find(s->slots, s->cap, h);
	if (*slot == h)
		return false;
	if ((s->count + 1) * 5 > s->cap * 4) {
		hash_grow(s);
		slot = hash_find(s->slots, s->cap, h);
	}
	*slot = h;
	s->count++;
	return true;
}

void
hz_hashset_free(hz_hashset *s)
{
	if (s == NULL)
		return;
	free(s->slots);
	free(s);
}
