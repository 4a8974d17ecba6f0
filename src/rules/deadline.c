/* deadline.c - see deadline.h. */
#include "rules/deadline.h"

#include <stdio.h>

static nt_date anchor_of(const nt_clock *c, const nt_clock_input *in)
{
    switch (c->anchor) {
    case NT_ANCHOR_KNOWN:
        return in->known;
    case NT_ANCHOR_REGISTERED:
        return in->registered;
    case NT_ANCHOR_RECEIVED:
        return in->received != NT_DATE_NONE ? in->received : in->registered;
    case NT_ANCHOR_ENTERED:
        break;
    }
    return in->entered;
}

static int compute(const nt_rules *r, const nt_clock *c, const nt_clock_input *in, nt_due *out)
{
    nt_date anchor = anchor_of(c, in);
    if (anchor == NT_DATE_NONE) return NT_ENOTFOUND;
    int days = c->days + (in->extended ? c->extension_days : 0);
    out->clock = c;
    out->due = nt_calendar_add_days(&r->calendar, anchor, days, c->count);
    out->year_without_holidays = out->year_provisional = 0;
    if (c->count == NT_COUNT_WORKING) {
        int y0, y1, m, d;
        nt_date_to_ymd(anchor, &y0, &m, &d);
        nt_date_to_ymd(out->due, &y1, &m, &d);
        for (int y = y0; y <= y1; y++) {
            int have = nt_calendar_year(&r->calendar, y);
            if (have == 0 && !out->year_without_holidays) out->year_without_holidays = y;
            if (have == 2 && !out->year_provisional) out->year_provisional = y;
        }
    }
    return 0;
}

int nt_deadline_filing(const nt_rules *r, const nt_regime *g, nt_date known, nt_due *out)
{
    if (!g || g->filing < 0 || known == NT_DATE_NONE) return NT_ENOTFOUND;
    nt_clock_input in = {known, NT_DATE_NONE, NT_DATE_NONE, NT_DATE_NONE, false};
    return compute(r, &g->clocks[g->filing], &in, out);
}

const char *nt_deadline_warning(const nt_due *d, char *buf, size_t n)
{
    if (d->year_without_holidays)
        snprintf(buf, n,
                 "Data hari libur tahun %d belum tersedia: tenggat dihitung tanpa hari libur "
                 "nasional dan cuti bersama tahun itu, periksa kembali",
                 d->year_without_holidays);
    else if (d->year_provisional)
        snprintf(buf, n,
                 "Data hari libur tahun %d masih perkiraan (belum ada SKB): periksa kembali "
                 "tenggat ini",
                 d->year_provisional);
    else
        return NULL;
    return buf;
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
