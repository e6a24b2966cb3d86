/* bytebuf.c - a growable byte buffer (bytebuf.h) */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bytebuf.h"
#include "xalloc.h"

void hz_buf_put(hz_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = hz_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void hz_buf_puts(hz_buf *b, const char *s)
{
	hz_buf_put(b, s, strlen(s));
}

void hz_buf_printf(hz_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	hz_buf_put(b, "", 0); /* room for the NUL when empty */
	if (b->n + (size_t)n + 1 > b->cap) {
		b->cap = (b->n + (size_t)n + 1) * 2;
		b->s = hz_xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}
