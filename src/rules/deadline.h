/*
 * deadline.h - when each step of a case is due, from the case's regime.
 *
 * A clock covers one or more states; it starts at its anchor (the day the
 * event became known, the day the state was entered, or the registration
 * day) and runs for N calendar or working days, plus an extension when the
 * handling team has granted one. The due date is the last day still in time.
 */
#ifndef NT_DEADLINE_H
#define NT_DEADLINE_H

#include "rules/ruleset.h"

typedef struct nt_clock_input {
    nt_date known, entered, registered, received; /* NT_DATE_NONE when unknown */
    bool extended;
} nt_clock_input;

typedef struct nt_due {
    const nt_clock *clock;
    nt_date due;
    /* A working-day count that crosses a year the holiday data does not cover (or covers only
     * provisionally): the due date skips weekends only there, and the user must be told. */
    int year_without_holidays, year_provisional;
} nt_due;

/* The window from discovery (file a laporan, set a temuan): its last day for an event known
 * on `known`. NT_ENOTFOUND without a regime. */
int nt_deadline_filing(const nt_rules *r, const nt_regime *g, nt_date known, nt_due *out);
/* The warning a due date carries, in Indonesian, or NULL (buf holds it). */
const char *nt_deadline_warning(const nt_due *d, char *buf, size_t n);

/* 0 and *out if a clock runs in this state; NT_ENOTFOUND if none does. */
int nt_deadline_case(const nt_rules *r, const nt_regime *g, nt_case_state s,
                     const nt_clock_input *in, nt_due *out);
int nt_deadline_party(const nt_rules *r, const nt_regime *g, nt_party_state s,
                      const nt_clock_input *in, nt_due *out);
/* Days left until due counted as the clock counts (0 = due today, <0 overdue). */
int nt_deadline_days_left(const nt_rules *r, const nt_due *d, nt_date today);

#endif
