/*
 * date.c - day-number arithmetic (the days_from_civil / civil_from_days
 * algorithms described by Howard Hinnant) and the pinnable clock.
 */
#include "base/date.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WIB_OFFSET (7 * 3600)

nt_date nt_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (nt_date)(era * 146097 + doe - 719468);
}

void nt_date_to_ymd(nt_date z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

bool nt_date_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
    return d <= max;
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool nt_date_parse(const char *s, size_t len, nt_date *out)
{
    if (!s || len != 10 || s[4] != '-' || s[7] != '-') return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !nt_date_valid_ymd(y, m, d)) return false;
    *out = nt_date_from_ymd(y, m, d);
    return true;
}

void nt_date_format(nt_date day, char out[11])
{
    int y, m, d;
    nt_date_to_ymd(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

int nt_date_weekday(nt_date day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day + 3) % 7);
    return w < 0 ? w + 7 : w;
}

const char *nt_month_roman(int m)
{
    static const char *r[] = {"I",   "II",   "III", "IV", "V",  "VI",
                              "VII", "VIII", "IX",  "X",  "XI", "XII"};
    return (m >= 1 && m <= 12) ? r[m - 1] : "?";
}

static _Atomic int64_t pinned;
static _Atomic int env_checked;

void nt_clock_set(int64_t t)
{
    atomic_store(&pinned, t);
    atomic_store(&env_checked, 1);
}

int64_t nt_now(void)
{
    if (!atomic_load(&env_checked)) {
        const char *e = getenv("NETRAL_TODAY");
        nt_date d;
        if (e && nt_date_parse(e, strlen(e), &d))
            atomic_store(&pinned, (int64_t)d * 86400 + 9 * 3600 - WIB_OFFSET);
        atomic_store(&env_checked, 1);
    }
    int64_t p = atomic_load(&pinned);
    return p ? p : (int64_t)time(NULL);
}

void nt_clock_pin_day(nt_date day)
{
    nt_clock_set((int64_t)day * 86400 + 9 * 3600 - WIB_OFFSET);
}

nt_date nt_clock_pinned_day(void)
{
    (void)nt_now(); /* reads NETRAL_TODAY once */
    int64_t p = atomic_load(&pinned);
    return p ? nt_date_of_time(p) : NT_DATE_NONE;
}

nt_date nt_date_of_time(int64_t t)
{
    int64_t local = t + WIB_OFFSET;
    int64_t day = local / 86400;
    if (local < 0 && local % 86400) day--;
    return (nt_date)day;
}

nt_date nt_today(void)
{
    return nt_date_of_time(nt_now());
}

void nt_time_format(int64_t t, char out[32])
{
    nt_date d = nt_date_of_time(t);
    int64_t secs = (t + WIB_OFFSET) - (int64_t)d * 86400;
    char ds[11];
    nt_date_format(d, ds);
    snprintf(out, 32, "%sT%02d:%02d:%02d+07:00", ds, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60));
}

/* Indonesian short month names, as dates are written in letters and on pages. */
static const char *month_id(int m)
{
    static const char *n[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                              "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
    return (m >= 1 && m <= 12) ? n[m - 1] : "?";
}

void nt_date_format_id(nt_date day, char out[24])
{
    if (day == NT_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, d;
    nt_date_to_ymd(day, &y, &m, &d);
    snprintf(out, 24, "%d %s %d", d, month_id(m), y);
}

void nt_date_format_long_id(nt_date day, char out[32])
{
    static const char *n[] = {"Januari",   "Februari", "Maret",    "April",
                              "Mei",       "Juni",     "Juli",     "Agustus",
                              "September", "Oktober",  "November", "Desember"};
    if (day == NT_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, d;
    nt_date_to_ymd(day, &y, &m, &d);
    snprintf(out, 32, "%d %s %d", d, n[m - 1], y);
}

bool nt_month_format_id(const char *ym, char out[16])
{
    int y, m;
    char tail;
    out[0] = '\0';
    if (!ym || strlen(ym) != 7 || sscanf(ym, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12)
        return false;
    snprintf(out, 16, "%s %d", month_id(m), y);
    return true;
}

void nt_time_format_id_zone(int64_t t, int offset_hours, const char *label, char out[40])
{
    int64_t local = t + (int64_t)offset_hours * 3600;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t secs = local - day * 86400;
    char ds[24];
    nt_date_format_id((nt_date)day, ds);
    snprintf(out, 40, "%s, %02d.%02d %s", ds, (int)(secs / 3600), (int)(secs / 60 % 60), label);
}

void nt_time_format_id(int64_t t, char out[40])
{
    nt_time_format_id_zone(t, (int)(WIB_OFFSET / 3600), "WIB", out);
}
