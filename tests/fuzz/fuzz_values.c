/* fuzz_values.c - dates, amounts and counts: whatever parses prints as text
 * that parses back to the same value (parse -> print -> parse equal) */
#include <stdio.h>
#include <string.h>
#include "hz/amount.h"
#include "hz/date.h"
#include "fuzz.h"

static void date_round_trip(hz_str cell, int flags)
{
	hz_date d, again;
	char iso[11];
	int y, m, day;

	if (!hz_date_parse(cell, flags, &d))
		return;
	hz_date_format(d, iso);
	FUZZ_CHECK(strlen(iso) == 10);
	FUZZ_CHECK(hz_date_parse((hz_str){ iso, 10 }, 0, &again));
	FUZZ_CHECK(again == d);
	hz_date_to_ymd(d, &y, &m, &day);
	FUZZ_CHECK(y >= HZ_DATE_YEAR_MIN && y <= HZ_DATE_YEAR_MAX);
	FUZZ_CHECK(m >= 1 && m <= 12 && day >= 1 && day <= hz_month_days(y, m));
	FUZZ_CHECK(hz_date_from_ymd(y, m, day, &again) && again == d);
}

static void amount_round_trip(hz_str cell)
{
	hz_amount a, again;
	char buf[32];
	int n;

	if (!hz_amount_parse(cell, &a))
		return;
	FUZZ_CHECK(a >= 0);
	n = hz_amount_format(a, buf);
	FUZZ_CHECK(n > 0 && (size_t)n == strlen(buf));
	FUZZ_CHECK(hz_amount_parse((hz_str){ buf, (size_t)n }, &again));
	FUZZ_CHECK(again == a);
}

static void count_round_trip(hz_str cell)
{
	long c, again;
	char buf[32];
	int n;

	if (!hz_count_parse(cell, &c))
		return;
	FUZZ_CHECK(c >= 0);
	n = snprintf(buf, sizeof buf, "%ld", c);
	FUZZ_CHECK(hz_count_parse((hz_str){ buf, (size_t)n }, &again) && again == c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hz_str cell = { (const char *)data, size };

	date_round_trip(cell, 0);
	date_round_trip(cell, HZ_DATE_ALLOW_BEFORE);
	amount_round_trip(cell);
	count_round_trip(cell);
	return 0;
}
