/*
 * calendar.h - working days. A working day is Monday-Friday and not a holiday
 * in the loaded calendar (national holidays and cuti bersama, from
 * data/rules/holidays.json).
 */
#ifndef NT_CALENDAR_H
#define NT_CALENDAR_H

#include "base/date.h"

typedef enum { NT_COUNT_CALENDAR, NT_COUNT_WORKING } nt_daycount;

typedef struct nt_calendar {
    nt_date *holidays; /* sorted, unique */
    size_t n;
    /* the years the holiday data covers; a provisional year's dates are not yet decreed */
    struct {
        int year;
        bool provisional;
    } years[64];
    int nyears;
} nt_calendar;

/* Marks a year as covered by the data; non-zero when the table is full. */
int nt_calendar_add_year(nt_calendar *c, int year, bool provisional);
/* 0 if the data has no such year, 1 if it has it, 2 if it has it provisionally. */
int nt_calendar_year(const nt_calendar *c, int year);

/* Adds a holiday (keeps the array sorted). */
void nt_calendar_add(nt_calendar *c, nt_date d);
void nt_calendar_free(nt_calendar *c);
bool nt_calendar_is_holiday(const nt_calendar *c, nt_date d);
bool nt_calendar_is_workday(const nt_calendar *c, nt_date d);
/* The day `days` days after `from`: calendar days, or the days-th working day after from. */
nt_date nt_calendar_add_days(const nt_calendar *c, nt_date from, int days, nt_daycount count);
/* Days from a to b (b - a) in the given counting: working days in (a, b]. Negative if b < a. */
int nt_calendar_diff(const nt_calendar *c, nt_date a, nt_date b, nt_daycount count);

#endif
