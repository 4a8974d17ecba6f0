/* deadline.c - see deadline.h. */
#include "rules/deadline.h"

static int compute(const nt_rules *r, const nt_clock *c, const nt_clock_input *in, nt_due *out)
{
    nt_date anchor = c->anchor == NT_ANCHOR_KNOWN        ? in->known
                     : c->anchor == NT_ANCHOR_REGISTERED ? in->registered
                                                         : in->entered;
    if (anchor == NT_DATE_NONE) return NT_ENOTFOUND;
    int days = c->days + (in->extended ? c->extension_days : 0);
    out->clock = c;
    out->due = nt_calendar_add_days(&r->calendar, anchor, days, c->count);
    return 0;
}

int nt_deadline_case(const nt_rules *r, const nt_regime *g, nt_case_state s,
                     const nt_clock_input *in, nt_due *out)
{
    if (!g || (unsigned)s >= NT_ST__COUNT) return NT_ENOTFOUND;
    for (int i = 0; i < g->nclocks; i++)
        if (g->clocks[i].states[s]) return compute(r, &g->clocks[i], in, out);
    return NT_ENOTFOUND;
}

int nt_deadline_party(const nt_rules *r, const nt_regime *g, nt_party_state s,
                      const nt_clock_input *in, nt_due *out)
{
    if (!g || (unsigned)s >= NT_PS__COUNT) return NT_ENOTFOUND;
    for (int i = 0; i < g->nclocks; i++)
        if (g->clocks[i].party_states[s]) return compute(r, &g->clocks[i], in, out);
    return NT_ENOTFOUND;
}

int nt_deadline_days_left(const nt_rules *r, const nt_due *d, nt_date today)
{
    return nt_calendar_diff(&r->calendar, today, d->due, d->clock->count);
}
