/*
 * date.h - civil dates and timestamps.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian), so
 * adding days is integer addition and comparisons are plain <. Legal deadlines
 * are counted in Indonesian civil dates; timestamps are Unix seconds and are
 * shown in WIB (UTC+7), the zone of the offices the demo covers.
 *
 * The clock can be pinned (nt_clock_set) so that demo data and tests are
 * reproducible; NETRAL_TODAY=YYYY-MM-DD pins it from the environment.
 */
#ifndef NT_DATE_H
#define NT_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t nt_date;
#define NT_DATE_NONE INT32_MIN

nt_date nt_date_from_ymd(int y, int m, int d);
void nt_date_to_ymd(nt_date day, int *y, int *m, int *d);
/* Strict YYYY-MM-DD with a real calendar day; returns false otherwise. */
bool nt_date_parse(const char *s, size_t len, nt_date *out);
/* Writes YYYY-MM-DD into out (at least 11 bytes). */
void nt_date_format(nt_date day, char out[11]);
/* 0 = Monday ... 6 = Sunday. */
int nt_date_weekday(nt_date day);
bool nt_date_valid_ymd(int y, int m, int d);
const char *nt_month_roman(int m);

int64_t nt_now(void); /* Unix seconds, possibly pinned */
/* Pins the clock to 09.00 WIB of a day (--today, NETRAL_TODAY). */
void nt_clock_pin_day(nt_date day);
/* The day the clock is pinned to, or NT_DATE_NONE when it follows the real time. */
nt_date nt_clock_pinned_day(void);
nt_date nt_today(void);                  /* the civil date in WIB of nt_now() */
void nt_clock_set(int64_t unix_seconds); /* 0 unpins */
nt_date nt_date_of_time(int64_t unix_seconds);
/* As people read them: "2 Des 2026" (out >= 24 bytes; empty for NT_DATE_NONE) and
 * "2 Des 2026, 04.07 WIB" (out >= 40 bytes). */
void nt_date_format_id(nt_date day, char out[24]);
void nt_time_format_id(int64_t t, char out[40]);
/* As a letter writes it: "2 Desember 2026" (out >= 32 bytes; empty for NT_DATE_NONE). */
void nt_date_format_long_id(nt_date day, char out[32]);
/* A month "2020-06" as people read it: "Jun 2020" (out >= 16 bytes); false if not a month. */
bool nt_month_format_id(const char *yyyy_mm, char out[16]);
/* The same in another civil zone: offset from UTC in hours and its label ("WITA"). */
void nt_time_format_id_zone(int64_t t, int offset_hours, const char *label, char out[40]);
/* ISO-8601 with +07:00, e.g. 2020-10-01T09:30:00+07:00 (out >= 26 bytes). */
void nt_time_format(int64_t t, char out[32]);

#endif
