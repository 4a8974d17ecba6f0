/* calendar.c - see calendar.h. */
#include "rules/calendar.h"

#include "base/nt.h"

#include <stdlib.h>
#include <string.h>

static size_t lower_bound(const nt_calendar *c, nt_date d)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->holidays[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void nt_calendar_add(nt_calendar *c, nt_date d)
{
    size_t i = lower_bound(c, d);
    if (i < c->n && c->holidays[i] == d) return;
    c->holidays = nt_xrealloc(c->holidays, (c->n + 1) * sizeof *c->holidays);
    memmove(c->holidays + i + 1, c->holidays + i, (c->n - i) * sizeof *c->holidays);
    c->holidays[i] = d;
    c->n++;
}

void nt_calendar_free(nt_calendar *c)
{
    free(c->holidays);
    c->holidays = NULL;
    c->n = 0;
    c->nyears = 0;
}

int nt_calendar_add_year(nt_calendar *c, int year, bool provisional)
{
    for (int i = 0; i < c->nyears; i++)
        if (c->years[i].year == year) {
            c->years[i].provisional = provisional;
            return 0;
        }
    if (c->nyears >= (int)NT_ARRAY_LEN(c->years)) return -1;
    c->years[c->nyears].year = year;
    c->years[c->nyears].provisional = provisional;
    c->nyears++;
    return 0;
}

int nt_calendar_year(const nt_calendar *c, int year)
{
    for (int i = 0; i < c->nyears; i++)
        if (c->years[i].year == year) return c->years[i].provisional ? 2 : 1;
    return 0;
}

bool nt_calendar_is_holiday(const nt_calendar *c, nt_date d)
{
    size_t i = lower_bound(c, d);
    return i < c->n && c->holidays[i] == d;
}

bool nt_calendar_is_workday(const nt_calendar *c, nt_date d)
{
    return nt_date_weekday(d) < 5 && !nt_calendar_is_holiday(c, d);
}

nt_date nt_calendar_add_days(const nt_calendar *c, nt_date from, int days, nt_daycount count)
{
    if (count == NT_COUNT_CALENDAR) return from + days;
    nt_date d = from;
    int step = days >= 0 ? 1 : -1;
    for (int left = days >= 0 ? days : -days; left > 0;) {
        d += step;
        if (nt_calendar_is_workday(c, d)) left--;
    }
    return d;
}

/* Monday-Friday days in (a, b], a <= b, in O(1). */
static int weekdays_between(nt_date a, nt_date b)
{
    int days = b - a, n = (days / 7) * 5;
    int wd = nt_date_weekday(a);
    for (int i = 1; i <= days % 7; i++)
        if ((wd + i) % 7 < 5) n++;
    return n;
}

int nt_calendar_diff(const nt_calendar *c, nt_date a, nt_date b, nt_daycount count)
{
    if (count == NT_COUNT_CALENDAR) return b - a;
    int sign = 1;
    if (b < a) {
        nt_date t = a;
        a = b;
        b = t;
        sign = -1;
    }
    int n = weekdays_between(a, b);
    for (size_t i = lower_bound(c, a + 1); i < c->n && c->holidays[i] <= b; i++)
        if (nt_date_weekday(c->holidays[i]) < 5) n--;
    return sign * n;
}
