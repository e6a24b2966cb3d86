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
 * (duplicate-hazard over a million rows). */
typedef struct hz_hashset hz_hashset;
hz_hashset *hz_hashset_new(void);
bool hz_hashset_add(hz_hashset *s, uint64_t h);   /* true when new */
void hz_hashset_free(hz_hashset *s);
uint64_t hz_hash64(const void *p, size_t n, uint64_t seed);

HZ_API_END

#endif
