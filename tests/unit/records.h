/* records.h - records made by hand for the unit tests: a day from its ISO
 * spelling, a record of one type from key and value pairs */
#ifndef HZ_TEST_RECORDS_H
#define HZ_TEST_RECORDS_H
#include <stdarg.h>
#include <string.h>
#include "hz/date.h"
#include "hz/fields.h"
#include "hz/record.h"

static hz_date day(const char *s)
{
	hz_date d;

	if (!hz_date_parse(hz_str_c(s), 0, &d))
		fail_msg("bad test date %s", s);
	return d;
}

/* A record of type t with cells for keys (HZ_K_NONE-terminated key, value
 * pairs). */
static hz_record *make(hz_type t, ...)
{
	va_list ap;
	hz_schema *s = hz_schema_new(t);
	const char *vals[16];
	size_t n = 0;
	int k;

	va_start(ap, t);
	while ((k = va_arg(ap, int)) != HZ_K_NONE) {
		const char *v = va_arg(ap, const char *);
		const char *name = hz_key_name((hz_key)k);
		hz_schema_add(s, name, strlen(name), (hz_key)k);
		vals[n++] = v;
	}
	va_end(ap);
	hz_record *r = hz_record_new(s);
	hz_schema_unref(s);
	for (size_t i = 0; i < n; i++)
		hz_record_push(r, vals[i], strlen(vals[i]));
	return r;
}

#endif
