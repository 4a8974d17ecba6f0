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
    nt_date known, entered, registered; /* NT_DATE_NONE when unknown */
    bool extended;
} nt_clock_input;

typedef struct nt_due {
    const nt_clock *clock;
    nt_date due;
} nt_due;

/* 0 and *out if a clock runs in this state; NT_ENOTFOUND if none does. */
int nt_deadline_case(const nt_rules *r, const nt_regime *g, nt_case_state s,
                     const nt_clock_input *in, nt_due *out);
int nt_deadline_party(const nt_rules *r, const nt_regime *g, nt_party_state s,
                      const nt_clock_input *in, nt_due *out);
/* Days left until due counted as the clock counts (0 = due today, <0 overdue). */
int nt_deadline_days_left(const nt_rules *r, const nt_due *d, nt_date today);

#endif
