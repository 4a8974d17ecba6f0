/* demo_int.h - what the demo generator's files share: a seeded generator, the regions of the
 * demo, and the invented people. */
#ifndef NT_DEMO_INT_H
#define NT_DEMO_INT_H

#include "cli/cli.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t s;
} rng;

static inline uint64_t next(rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline int rint_(rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(next(r) % (uint64_t)(hi - lo + 1));
}

static inline double runit(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static inline int pick_weighted(rng *r, const double *w, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    double x = runit(r) * total;
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

static inline const char *pick(rng *r, json_t *arr)
{
    size_t n = json_array_size(arr);
    return n ? json_string_value(json_array_get(arr, (size_t)(next(r) % n))) : "";
}

typedef struct region_def {
    const char *code, *name, *election, *culture, *agency, *short_name;
    int roster;
} region_def;

extern const region_def regions[3];

/* An invented person's name in the region's naming culture (titles for civil servants). */
void person_name(rng *r, json_t *names, const char *culture, int sex, bool titles, char *out,
                 size_t n);
/* Roster CSV rows for a region (the import format), numbering NIPs from *serial. */
void roster_rows(rng *r, json_t *names, const region_def *rd, json_t *districts, int count,
                 int *serial, nt_buf *csv);
extern const char roster_header[];
/* The prevention work of the demo regencies in 2019-2020 and this year (demo_prevention.c),
 * recorded by each regency's office; the risk index computed before and after. */
int demo_prevention(nt_store *st, const nt_actor *admin, const nt_actor offices[3], json_t *nips[3],
                    const char *const current[3], nt_date today, rng *r, json_t *names,
                    nt_err *err);

#endif
