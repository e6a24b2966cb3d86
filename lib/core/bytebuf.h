/* bytebuf.h - (private) a growable byte buffer, always NUL-terminated: where
 * a module puts XML, CSV rows or a document together before one write. */
#ifndef HZ_BYTEBUF_H
#define HZ_BYTEBUF_H
#include <stddef.h>

typedef struct hz_buf {
	char *s;
	size_t n, cap;
} hz_buf;

void hz_buf_put(hz_buf *b, const char *s, size_t n);
void hz_buf_puts(hz_buf *b, const char *s);
void hz_buf_printf(hz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
