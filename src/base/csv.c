/* csv.c - see csv.h. A small state machine; fuzzed by tests/fuzz/fuzz_roster_csv.c. */
#include "base/csv.h"

#include <stdlib.h>
#include <string.h>

void nt_csv_init(nt_csv *c, const char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
}

void nt_csv_free(nt_csv *c)
{
    nt_buf_free(&c->store);
    free(c->refs);
    c->refs = NULL;
}

int nt_csv_next(nt_csv *c, nt_str *fields, size_t max, size_t *n, nt_err *err)
{
    *n = 0;
    /* skip blank lines */
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n') c->line++;
        c->p++;
    }
    if (c->p >= c->end) return 0;
    c->record_line = c->line;
    nt_buf_reset(&c->store);
    if (c->nrefs_cap < max) {
        c->refs = nt_xrealloc(c->refs, max * sizeof *c->refs);
        c->nrefs_cap = max;
    }
    const char *base = c->p;
    for (;;) {
        if (*n >= max)
            return nt_err_set(err, NT_EINVAL, NULL, "baris %zu: kolom lebih dari %zu",
                              c->record_line, max);
        struct nt_csv_ref *r = &c->refs[*n];
        if (c->p < c->end && *c->p == '"') {
            size_t start = c->store.len;
            c->p++;
            for (;;) {
                if (c->p >= c->end)
                    return nt_err_set(err, NT_EINVAL, NULL, "baris %zu: tanda kutip tidak ditutup",
                                      c->record_line);
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        nt_buf_addc(&c->store, '"');
                        c->p++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n') c->line++;
                nt_buf_addc(&c->store, ch);
            }
            *r = (struct nt_csv_ref){start, c->store.len - start, true};
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                return nt_err_set(err, NT_EINVAL, NULL,
                                  "baris %zu: karakter setelah tanda kutip penutup",
                                  c->record_line);
        } else {
            const char *s = c->p;
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
                if (*c->p == '"')
                    return nt_err_set(err, NT_EINVAL, NULL,
                                      "baris %zu: tanda kutip di tengah kolom", c->record_line);
                c->p++;
            }
            *r = (struct nt_csv_ref){(size_t)(s - base), (size_t)(c->p - s), false};
        }
        (*n)++;
        if (c->p >= c->end) break;
        if (*c->p == ',') {
            c->p++;
            continue;
        }
        /* end of record */
        if (*c->p == '\r') c->p++;
        if (c->p < c->end && *c->p == '\n') c->p++;
        c->line++;
        break;
    }
    for (size_t i = 0; i < *n; i++) {
        struct nt_csv_ref *r = &c->refs[i];
        fields[i].p = r->owned ? c->store.p + r->off : base + r->off;
        fields[i].len = r->len;
        if (r->owned && !c->store.p) fields[i].p = "";
    }
    return 1;
}
