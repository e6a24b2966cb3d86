/* date.c - calendar days: parsing every spelling of hz-formats(5), printing ISO */
#include <string.h>
#include <time.h>

#include "hz/date.h"

/*
 * Parsing goes in two steps. First the cell is spelled out in ASCII, one
 * byte per character: full-width digits and separators become their ASCII
 * twins, 年 月 日 become Y M D, 之 前 become Z B, and every space (ASCII,
 * tab, U+3000) becomes ' '. Any other character means "not a date". Then a
 * small grammar reads the ASCII spelling.
 */
static const struct {
	const char *utf8;
	char ascii;
} date_chars[] = {
	{ "\xE5\xB9\xB4", 'Y' }, /* 年 */
	{ "\xE6\x9C\x88", 'M' }, /* 月 */
	{ "\xE6\x97\xA5", 'D' }, /* 日 */
	{ "\xE4\xB9\x8B", 'Z' }, /* 之 */
	{ "\xE5\x89\x8D", 'B' }, /* 前 */
	{ "\xE3\x80\x80", ' ' }, /* U+3000 ideographic space */
	{ "\xEF\xBC\x8D", '-' }, /* － */
	{ "\xEF\xBC\x8F", '/' }, /* ／ */
	{ "\xEF\xBC\x8E", '.' }, /* ． */
	{ "\xEF\xBC\x9A", ':' }, /* ： */
};

/* ASCII characters a date may hold as they are. */
static const char date_ascii[] = "0123456789-/.:T \t";

/* Longer than any date with a time, spaces and 之前 has reason to be. */
#define SPELL_MAX 64

static bool spell(hz_str cell, char *out, size_t *outn)
{
	size_t i = 0, n = 0, j;
	const unsigned char *s = (const unsigned char *)cell.s;

	while (i < cell.n) {
		if (n == SPELL_MAX)
			return false;
		if (s[i] < 0x80) {
			if (s[i] == '\0' || strchr(date_ascii, s[i]) == NULL)
				return false;
			out[n++] = s[i] == '\t' ? ' ' : (char)s[i];
			i++;
			continue;
		}
		/* Full-width digits U+FF10..U+FF19: EF BC 90..99. */
		if (cell.n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 &&
		    s[i + 2] <= 0x99) {
			out[n++] = (char)('0' + (s[i + 2] - 0x90));
			i += 3;
			continue;
		}
		for (j = 0; j < sizeof date_chars / sizeof date_chars[0]; j++)
			if (cell.n - i >= 3 && memcmp(s + i, date_chars[j].utf8, 3) == 0)
				break;
		if (j == sizeof date_chars / sizeof date_chars[0])
			return false;
		out[n++] = date_chars[j].ascii;
		i += 3;
	}
	*outn = n;
	return true;
}

/* A reading position in the ASCII spelling. */
struct scan {
	const char *s;
	size_t n, i;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads min..max digits into *v; false (position unchanged) otherwise. */
static bool digits(struct scan *sc, size_t min, size_t max, int *v)
{
	size_t k = 0;
	int x = 0;

	while (sc->i + k < sc->n && k < max && is_digit(sc->s[sc->i + k]))
		x = x * 10 + (sc->s[sc->i + k++] - '0');
	if (k < min || (sc->i + k < sc->n && is_digit(sc->s[sc->i + k])))
		return false;
	sc->i += k;
	*v = x;
	return true;
}

static bool lit(struct scan *sc, char c)
{
	if (sc->i < sc->n && sc->s[sc->i] == c) {
		sc->i++;
		return true;
	}
	return false;
}

static size_t skip_spaces(struct scan *sc)
{
	size_t k = 0;

	while (lit(sc, ' '))
		k++;
	return k;
}

/* The day part, in any of its spellings; *cjk tells 年月日 apart. */
static bool ymd(struct scan *sc, int *y, int *m, int *d, bool *cjk)
{
	static const char seps[] = "-/.";
	size_t start = sc->i;
	const char *sep;

	*cjk = false;
	/* 20230523: exactly eight digits. */
	if (sc->n - sc->i >= 8 && digits(sc, 8, 8, y)) {
		*d = *y % 100;
		*m = *y / 100 % 100;
		*y /= 10000;
		return true;
	}
	if (!digits(sc, 4, 4, y) || sc->i == sc->n)
		return false;
	if (lit(sc, 'Y')) {
		*cjk = true;
		return digits(sc, 1, 2, m) && lit(sc, 'M') && digits(sc, 1, 2, d) && lit(sc, 'D');
	}
	/* The same separator twice: 2023-5/23 is not a date. */
	if ((sep = strchr(seps, sc->s[sc->i])) == NULL || *sep == '\0')
		return false;
	sc->i++;
	if (digits(sc, 1, 2, m) && lit(sc, *sep) && digits(sc, 1, 2, d))
		return true;
	sc->i = start;
	return false;
}

/* HH:MM or HH:MM:SS, in range; its value is not kept. */
static bool clock_time(struct scan *sc)
{
	int h, m, s = 0;

	if (!digits(sc, 1, 2, &h) || !lit(sc, ':') || !digits(sc, 2, 2, &m))
		return false;
	if (lit(sc, ':') && !digits(sc, 2, 2, &s))
		return false;
	return h <= 23 && m <= 59 && s <= 59;
}

/* 前 or 之前, with spaces allowed before it. */
static bool before_mark(struct scan *sc)
{
	skip_spaces(sc);
	lit(sc, 'Z');
	return lit(sc, 'B');
}

bool hz_date_parse(hz_str cell, int flags, hz_date *out)
{
	char buf[SPELL_MAX];
	struct scan sc = { buf, 0, 0 };
	int y, m, d;
	bool cjk;
	size_t sp, mark;

	if (cell.s == NULL)
		return false;
	/* most dates are typed YYYY-MM-DD: read those directly (a shape
	 * that is not a valid day is left to the grammar, which decides) */
	if (cell.n == 10 && cell.s[4] == '-' && cell.s[7] == '-') {
		const unsigned char *c = (const unsigned char *)cell.s;
		bool digits = true;
		static const int at[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
		for (int i = 0; i < 8; i++)
			digits &= (unsigned)(c[at[i]] - '0') < 10;
		if (digits && hz_date_from_ymd((c[0] - '0') * 1000 + (c[1] - '0') * 100 +
		                                       (c[2] - '0') * 10 + (c[3] - '0'),
		                               (c[5] - '0') * 10 + (c[6] - '0'),
		                               (c[8] - '0') * 10 + (c[9] - '0'), out))
			return true;
	}
	if (!spell(cell, buf, &sc.n))
		return false;
	skip_spaces(&sc);
	if (!ymd(&sc, &y, &m, &d, &cjk))
		return false;
	/* A time follows a space, or directly 日 (hz-formats(5)). */
	mark = sc.i;
	sp = skip_spaces(&sc);
	if ((sp > 0 || cjk) && sc.i < sc.n && is_digit(sc.s[sc.i])) {
		if (!clock_time(&sc))
			return false;
	} else
		sc.i = mark;
	if ((flags & HZ_DATE_ALLOW_BEFORE) && sc.i < sc.n) {
		mark = sc.i;
		if (!before_mark(&sc))
			sc.i = mark;
	}
	skip_spaces(&sc);
	if (sc.i != sc.n)
		return false;
	return hz_date_from_ymd(y, m, d, out);
}

bool hz_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int hz_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && hz_is_leap(y));
}

/* Days since 1970-01-01 of a proleptic Gregorian day (H. Hinnant's
 * days_from_civil): no libc, no time zone, no year 2038. */
static hz_date days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool hz_date_from_ymd(int y, int m, int d, hz_date *out)
{
	if (y < HZ_DATE_YEAR_MIN || y > HZ_DATE_YEAR_MAX)
		return false;
	if (d < 1 || d > hz_month_days(y, m))
		return false;
	*out = days_from_civil(y, m, d);
	return true;
}

void hz_date_to_ymd(hz_date day, int *y, int *m, int *d)
{
	int z = day + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static void put_digits(char *p, int v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

void hz_date_format(hz_date day, char buf[11])
{
	int y, m, d;

	hz_date_to_ymd(day, &y, &m, &d);
	/* Four digits always; parsed days are within 1900..2100 anyway. */
	if (y < 0)
		y = 0;
	put_digits(buf, y % 10000, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = '\0';
}

hz_date hz_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return 0;
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool hz_date_excel_serial(hz_str cell, hz_date *out)
{
	hz_str t = hz_trim(cell);
	long serial = 0;
	hz_date epoch, lo, hi;

	if (t.n == 0 || t.n > 5)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		if (t.s[i] < '0' || t.s[i] > '9')
			return false;
		serial = serial * 10 + (t.s[i] - '0');
	}
	/* Excel counts 1900-01-01 as day 1 and has a 1900-02-29: from day 61
	 * on, day n is 1899-12-30 plus n */
	if (!hz_date_from_ymd(1900, 1, 1, &epoch) || !hz_date_from_ymd(1990, 1, 1, &lo) ||
	    !hz_date_from_ymd(2100, 12, 31, &hi))
		return false;
	epoch -= 2; /* 1899-12-30 */
	if (serial < lo - epoch || serial > hi - epoch)
		return false;
	*out = epoch + (hz_date)serial;
	return true;
}
