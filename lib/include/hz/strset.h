/* strset.h - a set of strings (distinct enterprises, roster names, keys) */
#ifndef HZ_STRSET_H
#define HZ_STRSET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hz/api.h"
HZ_API_BEGIN

typedef struct hz_strset hz_strset;

hz_strset *hz_strset_new(void);
/* Adds a copy; returns true when it was not there yet. */
bool hz_strset_add(hz_strset *s, const char *str, size_t n);
bool hz_strset_has(const hz_strset *s, const char *str, size_t n);
size_t hz_strset_size(const hz_strset *s);
void hz_strset_free(hz_strset *s);

/* A set of 64-bit hashes: when keeping the strings would cost too much
 * (duplicate-hazard over a million rows). 7.4 to 8.6 bytes a hash over a
 * growth cycle from 600,000 hashes up (8.8 at most from 250,000), in one
 * mapping that goes back to the system whole. Two distinct hashes are
 * taken for one only when 56 bits of their mixed values agree: odds of
 * about n^2 / 2^57 that n hashes hold such a pair (7 in a million for a
 * million). */
typedef struct hz_hashset hz_hashset;
hz_hashset *hz_hashset_new(void);
/* Adds h; returns true when it was not there yet. */
bool hz_hashset_add(hz_hashset *s, uint64_t h);
/* Starts fetching the memory that adding h will read, and returns at once.
 * The intended use: compute a record's hash early, prefetch, do the
 * record's other work, then hz_hashset_add(s, h), which then seldom waits
 * for memory. Changes nothing; any add in between is harmless. */
void hz_hashset_prefetch(const hz_hashset *s, uint64_t h);
size_t hz_hashset_size(const hz_hashset *s);  /* hashes added */
size_t hz_hashset_bytes(const hz_hashset *s); /* memory its tables hold */
void hz_hashset_free(hz_hashset *s);
uint64_t hz_hash64(const void *p, size_t n, uint64_t seed);

HZ_API_END

#endif
