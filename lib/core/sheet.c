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
		v = 0; /* -0 is 0 */
	/* whole numbers below 10^15 in full: ids, amounts (exact as a long
	 * long, so its digits are those "%.0f" prints) */
	if (v == floor(v) && fabs(v) < 1e15) {
		long long i = (long long)v;
		unsigned long long u = i < 0 ? -(unsigned long long)i : (unsigned long long)i;
		char tmp[24];
		size_t k = sizeof tmp, n = 0;
		do
			tmp[--k] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (i < 0)
			buf[n++] = '-';
		memcpy(buf + n, tmp + k, sizeof tmp - k);
		n += sizeof tmp - k;
		buf[n] = '\0';
		return n;
	}
	int p;
	for (p = 1; p < SHOWN_DIGITS; p++) {
		snprintf(buf, HZ_SHEET_TEXT_MAX, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* 1E+20 and 1E-05 as Excel writes them */
	return (size_t)snprintf(buf, HZ_SHEET_TEXT_MAX, "%.*G", p, v);
}

bool hz_sheet_number_as_written(const char *s, size_t n)
{
	size_t i = 0, digits = 0, zeros = 0;

	if (n > 0 && s[0] == '-')
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		return false;
	if (s[i] == '0') {
		/* "0", "0.5": a 0 before the point is no digit of the value */
		i++;
		if (i == n)
			return i == 1; /* "-0" is shown as 0 */
		if (s[i] != '.')
			return false; /* "007" */
		i++;
		while (i < n && s[i] == '0')
			zeros++, i++;
		if (zeros > 3)
			return false; /* 1E-05: exponent form below 10^-4 */
	} else {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			digits++, i++;
		if (i == n)
			return digits <= 15; /* below 10^15: printed in full */
		if (s[i] != '.')
			return false;
		i++;
	}
	size_t from = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		digits++, i++;
	/* the shortest text that reads back as the number is the text itself
	 * when it has at most 15 significant digits (DBL_DIG) and no trailing 0 */
	return i == n && i > from && s[n - 1] != '0' && digits <= 15;
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
	{ 14, 22 },
	{ 27, 36 },
	{ 50, 58 },
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
		case '"': /* literal text */
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '[': { /* [Red], [$-804], [DBNum1], [h] */
			/* one pass to the ']': a code of a million '[' stays linear */
			const char *q = p + 1;
			while (*q && *q != ']')
				q++;
			if (*q && (p[1] == 'h' || p[1] == 'H'))
				h = true;
			p = *q ? q : q - 1;
			break;
		}
		case '\\':
		case '_':
		case '*': /* the next character is literal */
			if (p[1])
				p++;
			break;
		case ';': /* only the first section decides */
			goto done;
		case 'y':
		case 'Y':
			y = true;
			break;
		case 'm':
		case 'M':
			m = true;
			break;
		case 'd':
		case 'D':
			d = true;
			break;
		case 'h':
		case 'H':
			h = true;
			break;
		case 's':
		case 'S':
			s = true;
			break;
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

static int hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Is s[i..n) an escape "_xHHHH_"? Its value, or -1. */
static int escape_at(const char *s, size_t i, size_t n)
{
	if (n - i < 7 || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_')
		return -1;
	return hex4(s + i + 2);
}

static size_t put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

size_t hz_sheet_unescape(char *s, size_t n)
{
	size_t o = 0;

	if (!memchr(s, '_', n))
		return n;
	for (size_t i = 0; i < n;) {
		int v = escape_at(s, i, n);
		if (v < 0) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		unsigned long c = (unsigned long)v;
		if (c >= 0xD800 && c < 0xDC00) {
			int lo = escape_at(s, i, n);
			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (unsigned long)(lo - 0xDC00);
				i += 7;
			} else {
				c = 0xFFFD;
			}
		} else if (c >= 0xDC00 && c < 0xE000) {
			c = 0xFFFD;
		}
		/* 7 or 14 bytes of escape give at most 4: in place is safe */
		o += put_utf8(s + o, c);
	}
	s[o] = '\0';
	return o;
}

size_t hz_sheet_escape(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n') {
			o += (size_t)sprintf(out + o, "_x%04X_", c);
		} else if (escape_at(s, i, n) >= 0) {
			memcpy(out + o, "_x005F", 6);
			o += 6;
			out[o++] = '_';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}
