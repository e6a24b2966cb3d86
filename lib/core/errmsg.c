/* errmsg.c - a failed call's reason into the caller's err buffer (errmsg.h) */
#include <stdarg.h>
#include <stdio.h>
#include "errmsg.h"
#include "hz/i18n.h"

void hz_say(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || cap == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, HZ_(fmt), ap);
	va_end(ap);
}
