/* tally_period.c - the report periods of hz-tally's options: the last day
 * of --month YYYY-MM, of --quarter YYYYQn, and of the month before today */
#include <stdbool.h>
#include <string.h>
#include "hz/date.h"
#include "hz/tally.h"

static bool parse_int(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool month_end(int y, int m, hz_date *out)
{
	if (y < HZ_DATE_YEAR_MIN || y > HZ_DATE_YEAR_MAX || m < 1 || m > 12)
		return false;
	return hz_date_from_ymd(y, m, hz_month_days(y, m), out);
}

bool hz_tally_month_end(const char *arg, hz_date *out)
{
	const char *dash = strchr(arg, '-');
	int y, m;

	if (!dash || dash - arg != 4 || !parse_int(arg, 4, &y) || strlen(dash + 1) < 1 ||
	    strlen(dash + 1) > 2 || !parse_int(dash + 1, strlen(dash + 1), &m))
		return false;
	return month_end(y, m, out);
}

bool hz_tally_quarter_end(const char *arg, hz_date *out)
{
	int y, q;

	if (strlen(arg) != 6 || (arg[4] != 'Q' && arg[4] != 'q') || !parse_int(arg, 4, &y) ||
	    !parse_int(arg + 5, 1, &q) || q < 1 || q > 4)
		return false;
	return month_end(y, 3 * q, out);
}

hz_date hz_tally_default_as_of(hz_date today)
{
	int y, m, d;

	hz_date_to_ymd(today, &y, &m, &d);
	/* The last day of the month before is the day before the 1st. */
	hz_date_from_ymd(y, m, 1, &today);
	return today - 1;
}
