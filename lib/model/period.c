/* period.c - the calendar periods of the plan's duties
 *
 * A calendar period is numbered by a running unit count (months since
 * year 0, quarters, halves, years), so the period of a day, the number of
 * periods in a window and a period's bounds are each one line of
 * arithmetic, with no calendar walking. */
#include <stdio.h>
#include <string.h>
#include "hz/period.h"

static const struct {
	const char *name;
	int months;             /* length in months; 0 for once */
} everies[HZ_EVERY_COUNT] = {
	[HZ_EVERY_MONTH] = { "month", 1 },
	[HZ_EVERY_QUARTER] = { "quarter", 3 },
	[HZ_EVERY_HALF] = { "half", 6 },
	[HZ_EVERY_YEAR] = { "year", 12 },
	[HZ_EVERY_ONCE] = { "once", 0 },
};

const char *hz_every_name(hz_every e)
{
	return e < HZ_EVERY_COUNT ? everies[e].name : "?";
}

bool hz_every_parse(const char *name, hz_every *out)
{
	for (int e = 0; e < HZ_EVERY_COUNT; e++)
		if (strcmp(name, everies[e].name) == 0) {
			*out = (hz_every)e;
			return true;
		}
	return false;
}

/* The running number of the calendar period holding day d. */
static int unit_of(hz_every e, hz_date d)
{
	int y, m, day;

	hz_date_to_ymd(d, &y, &m, &day);
	return (y * 12 + m - 1) / everies[e].months;
}

/* The calendar period of running number u, unclipped. */
static hz_period unit_period(hz_every e, int u)
{
	int len = everies[e].months;
	int first = u * len, last = first + len - 1;   /* months since year 0 */
	hz_period p;

	hz_date_from_ymd(first / 12, first % 12 + 1, 1, &p.start);
	hz_date_from_ymd(last / 12, last % 12 + 1, hz_month_days(last / 12, last % 12 + 1), &p.end);
	return p;
}

hz_periods hz_periods_of(hz_every every, hz_date start, hz_date end)
{
	return (hz_periods){ every, start, end };
}

int hz_periods_count(const hz_periods *p)
{
	if (p->end < p->start)
		return 0;
	if (p->every == HZ_EVERY_ONCE)
		return 1;
	return unit_of(p->every, p->end) - unit_of(p->every, p->start) + 1;
}

hz_period hz_periods_at(const hz_periods *p, int i)
{
	if (p->every == HZ_EVERY_ONCE)
		return (hz_period){ p->start, p->end };
	hz_period q = unit_period(p->every, unit_of(p->every, p->start) + i);
	if (q.start < p->start)
		q.start = p->start;
	if (q.end > p->end)
		q.end = p->end;
	return q;
}

int hz_periods_index(const hz_periods *p, hz_date d)
{
	if (d < p->start || d > p->end)
		return -1;
	if (p->every == HZ_EVERY_ONCE)
		return 0;
	return unit_of(p->every, d) - unit_of(p->every, p->start);
}

void hz_period_text(hz_every every, hz_period p, char buf[32])
{
	int y, m, d;

	if (every == HZ_EVERY_ONCE) {
		hz_date_format(p.end, buf);
		strcpy(buf + 10, "前");
		return;
	}
	hz_date_to_ymd(p.start, &y, &m, &d);
	switch (every) {
	case HZ_EVERY_MONTH:
		snprintf(buf, 32, "%04d-%02d", y, m);
		break;
	case HZ_EVERY_QUARTER:
		snprintf(buf, 32, "%d年第%d季度", y, (m - 1) / 3 + 1);
		break;
	case HZ_EVERY_HALF:
		snprintf(buf, 32, "%d年%s半年", y, m <= 6 ? "上" : "下");
		break;
	default:
		snprintf(buf, 32, "%d年", y);
		break;
	}
}

/* Period codes of submissions (office.md): YYYY-MM, YYYYQn, YYYYH1/H2,
 * YYYY; once rows have none. */
void hz_period_code(hz_every every, hz_date day, char buf[16])
{
	int y, m, d;

	hz_date_to_ymd(day, &y, &m, &d);
	switch (every) {
	case HZ_EVERY_MONTH: snprintf(buf, 16, "%04d-%02d", y, m); break;
	case HZ_EVERY_QUARTER: snprintf(buf, 16, "%04dQ%d", y, (m - 1) / 3 + 1); break;
	case HZ_EVERY_HALF: snprintf(buf, 16, "%04dH%d", y, m <= 6 ? 1 : 2); break;
	case HZ_EVERY_YEAR: snprintf(buf, 16, "%04d", y); break;
	default: buf[0] = '\0'; break;
	}
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool hz_period_code_parse(hz_every every, const char *s, size_t n, hz_period *out)
{
	int y, k, m;

	if (every == HZ_EVERY_ONCE)
		return n == 0;
	if (n < 4 || !digits(s, 4))
		return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (y < 1900)
		return false;
	switch (every) {
	case HZ_EVERY_MONTH:
		if (n != 7 || s[4] != '-' || !digits(s + 5, 2))
			return false;
		m = (s[5] - '0') * 10 + (s[6] - '0');
		if (m < 1 || m > 12)
			return false;
		break;
	case HZ_EVERY_QUARTER:
		if (n != 6 || (s[4] != 'Q' && s[4] != 'q') || s[5] < '1' || s[5] > '4')
			return false;
		k = s[5] - '0';
		m = (k - 1) * 3 + 1;
		break;
	case HZ_EVERY_HALF:
		if (n != 6 || (s[4] != 'H' && s[4] != 'h') || (s[5] != '1' && s[5] != '2'))
			return false;
		m = s[5] == '1' ? 1 : 7;
		break;
	default:
		if (n != 4)
			return false;
		m = 1;
		break;
	}
	hz_date first;
	hz_date_from_ymd(y, m, 1, &first);
	*out = unit_period(every, unit_of(every, first));
	return true;
}

int hz_periods_calendar_index(const hz_periods *p, hz_date d)
{
	if (p->every == HZ_EVERY_ONCE)
		return d <= p->end ? 0 : -1;
	int i = unit_of(p->every, d) - unit_of(p->every, p->start);
	return i >= 0 && i < hz_periods_count(p) ? i : -1;
}
