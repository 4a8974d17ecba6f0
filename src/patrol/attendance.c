/* attendance.c - see attendance.h. */
#include "patrol/attendance.h"

#include "patrol/roster_index.h"
#include "text/names.h"
#include "text/normalize.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct nt_attendance_matcher {
    nt_namerules nr;
    nt_roster_index *ri;
};

int nt_attendance_matcher_new(nt_store *st, const nt_actor *a, const char *data_dir,
                              nt_attendance_matcher **out, nt_err *err)
{
    *out = NULL;
    nt_textnorm *tn = NULL;
    int rc = nt_textnorm_new(data_dir, &tn, err);
    if (rc) return rc;
    nt_attendance_matcher *m = nt_xcalloc(1, sizeof *m);
    json_t *cues = nt_textnorm_cues(tn);
    rc = nt_namerules_load(&m->nr, cues, err);
    nt_buf roster = {0};
    size_t rows = 0, bad = 0;
    if (!rc) rc = nt_roster_csv_scoped(st, a, &roster, &rows, err);
    if (!rc) {
        /* no generic clue words: every attendee is a civil servant, "ASN" tells nothing */
        rc = nt_roster_index_parse(roster.p ? roster.p : "", roster.len, "data ASN", &m->nr, NULL,
                                   &m->ri, &bad, err);
    }
    nt_buf_free(&roster);
    nt_textnorm_free(tn);
    if (rc) {
        nt_attendance_matcher_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void nt_attendance_matcher_free(nt_attendance_matcher *m)
{
    if (!m) return;
    if (m->ri) nt_roster_index_free(m->ri);
    nt_namerules_free(&m->nr);
    free(m);
}

int nt_attendance_match(void *ctx, const char *name, const char *clue_words, nt_name_match *out,
                        int max)
{
    nt_attendance_matcher *m = ctx;
    if (!m || !m->ri || max <= 0) return 0;
    /* clue words as the index keeps them: lower-case letters and digits, the rest spaces */
    char clues[512];
    size_t n = 0;
    for (const char *p = clue_words ? clue_words : ""; *p && n + 1 < sizeof clues; p++) {
        unsigned char c = (unsigned char)*p;
        clues[n++] = isalnum(c) ? (char)tolower(c) : ' ';
    }
    clues[n] = '\0';
    nt_roster_candidate c[16];
    int got = nt_roster_candidates(m->ri, &m->nr, name, clues, c, max > 16 ? 16 : max);
    for (int i = 0; i < got; i++) {
        memcpy(out[i].nip, c[i].nip, sizeof out[i].nip);
        out[i].confidence = c[i].confidence;
    }
    return got;
}
