/* sheet.c - a spreadsheet cell as the text a register holds */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hz/date.h"
#include "hz/sheet.h"

/* Excel keeps 15 significant digits; a binary double like
 * 0.30000000000000004 is shown, and saved as CSV, as 0.3. */
#define SHOWN_DIGITS 15

size_t hz_sheet_number(double v, char buf[HZ_SHEET_TEXT_MAX])
{
	if (!isfinite(v))
		return (size_t)snprintf(buf, HZ_SHEET_TEXT_MAX, "#NUM!");
	if (v == 0)
		v = 0;              /* -0 is 0 */
	/* whole numbers below 10^15 in full: ids, amounts */
	if (v == floor(v) && fabs(v) < 1e15)
		return (size_t)snprintf(buf, HZ_SHEET_TEXT_MAX, "%.0f", v);
	int p;
	for (p = 1; p < SHOWN_DIGITS; p++) {
		snprintf(buf, HZ_SHEET_TEXT_MAX, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* 1E+20 and 1E-05 as Excel writes them */
	return (size_t)snprintf(buf, HZ_SHEET_TEXT_MAX, "%.*G", p, v);
}

bool hz_sheet_date(double serial, bool date1904, char buf[HZ_SHEET_TEXT_MAX])
{
	/* serials of 9999-12-31 in either system */
	double last = date1904 ? 2957003 : 2958465;

	/* day 0 is 1904-01-01, but 1900-01-00 in the 1900 system */
	if (!(serial >= (date1904 ? 0 : 1) && serial < last + 1))
		return false;
	long day = (long)floor(serial);
	hz_date d;
	if (date1904) {
		hz_date_from_ymd(1904, 1, 1, &d);
		d += (hz_date)day;
	} else if (day == 60) {
		memcpy(buf, "1900-02-29", 11);
		return true;
	} else {
		/* before the phantom 1900-02-29 the serials are one day off */
		hz_date_from_ymd(1900, 1, 1, &d);
		d += (hz_date)(day < 60 ? day - 1 : day - 2);
	}
	hz_date_format(d, buf);
	return true;
}

/* Built-in ids whose formats show a date (ECMA-376 18.8.30, and the East
 * Asian ones of zh-CN). */
static const struct {
	int from, to;
} builtin_dates[] = {
	{ 14, 22 }, { 27, 36 }, { 50, 58 },
};

bool hz_sheet_builtin_date(int id)
{
	for (size_t i = 0; i < sizeof builtin_dates / sizeof builtin_dates[0]; i++)
		if (id >= builtin_dates[i].from && id <= builtin_dates[i].to)
			return true;
	return false;
}

bool hz_sheet_format_is_date(const char *code)
{
	bool y = false, m = false, d = false, h = false, s = false;

	if (!code)
		return false;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':               /* literal text */
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '[':               /* [Red], [$-804], [DBNum1], [h] */
			if ((p[1] == 'h' || p[1] == 'H') && strchr(p, ']'))
				h = true;
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			break;
		case '\\': case '_': case '*':   /* the next character is literal */
			if (p[1])
				p++;
			break;
		case ';':               /* only the first section decides */
			goto done;
		case 'y': case 'Y': y = true; break;
		case 'm': case 'M': m = true; break;
		case 'd': case 'D': d = true; break;
		case 'h': case 'H': h = true; break;
		case 's': case 'S': s = true; break;
		}
	}
done:
	return y || d || (m && !h && !s);
}

size_t hz_sheet_value(double v, bool is_date, bool date1904, char buf[HZ_SHEET_TEXT_MAX])
{
	if (is_date && hz_sheet_date(v, date1904, buf))
		return strlen(buf);
	return hz_sheet_number(v, buf);
}

bool hz_sheet_ref(const char *ref, long *col, long *row)
{
	long c = 0, r = 0;
	const char *p = ref;

	if (!p)
		return false;
	while (*p >= 'A' && *p <= 'Z') {
		c = c * 26 + (*p - 'A' + 1);
		if (c > HZ_SHEET_COLS_MAX)
			return false;
		p++;
	}
	if (p == ref || c == 0)
		return false;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (*p - '0');
		if (r > 100000000)
			return false;
		p++;
	}
	if (*p)
		return false;
	*col = c - 1;
	*row = r;
	return true;
}
