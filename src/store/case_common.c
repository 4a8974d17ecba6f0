/*
 * case_common.c - the case row, its deadlines, the history and audit writers
 * and receipt codes (case_int.h).
 */
#include "store/case_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a case row, by name: no field is picked by position. */
enum {
    CR_ID,
    CR_STATE,
    CR_ROUTE,
    CR_REGIME,
    CR_OFFICE,
    CR_KNOWN,
    CR_EVENT,
    CR_REGISTERED,
    CR_SINCE,
    CR_EXTENDED,
    CR_HAS_REPORTER,
    CR_HAS_PLACE,
    CR_HAS_NARRATIVE,
    CR_RECEIVED,
    CR_LATE,
};

int nt_case_load(nt_store *st, const nt_actor *a, int64_t id, case_row *c, nt_err *err)
{
    int rc = nt_case_visible(st, a, id, err);
    if (rc) return rc;
    nt_stmt *s = nt_query(st->db,
                          "SELECT id,state,route,regime,office,known_date,event_date,registered_on,"
                          "state_since,extended,reporter_enc IS NOT NULL,place<>'',narrative<>'',"
                          "received_on,late_filing FROM cases WHERE id=$1",
                          "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_ENOTFOUND, "id", "kasus %lld tidak ditemukan", (long long)id);
    }
    memset(c, 0, sizeof *c);
    c->id = nt_col_int(s, CR_ID);
    nt_case_state_parse(nt_col_text(s, CR_STATE), &c->state);
    nt_route_parse(nt_col_text(s, CR_ROUTE), &c->route);
    nt_strlcpy(c->regime, nt_col_text(s, CR_REGIME), sizeof c->regime);
    nt_strlcpy(c->office, nt_col_text(s, CR_OFFICE), sizeof c->office);
    c->known = nt_col_date(s, CR_KNOWN);
    c->event = nt_col_date(s, CR_EVENT);
    c->registered = nt_col_date(s, CR_REGISTERED);
    c->since = nt_col_date(s, CR_SINCE);
    c->extended = nt_col_int(s, CR_EXTENDED) != 0;
    c->has_reporter = nt_col_int(s, CR_HAS_REPORTER) != 0;
    c->has_place = nt_col_int(s, CR_HAS_PLACE) != 0;
    c->has_narrative = nt_col_int(s, CR_HAS_NARRATIVE) != 0;
    c->received = nt_col_date(s, CR_RECEIVED);
    c->late_filing = nt_col_int(s, CR_LATE) != 0;
    nt_done(s);
    return 0;
}

int nt_case_due_of(nt_store *st, const char *regime, nt_case_state state, nt_date known,
                   nt_date registered, nt_date since, nt_date received, bool extended, nt_due *out)
{
    nt_clock_input in = {.known = known,
                         .entered = since,
                         .registered = registered,
                         .received = received,
                         .extended = extended};
    return nt_deadline_case(st->rules, nt_rules_regime(st->rules, regime), state, &in, out);
}

int nt_case_row_due(nt_store *st, const case_row *c, nt_due *out)
{
    return nt_case_due_of(st, c->regime, c->state, c->known, c->registered, c->since, c->received,
                          c->extended, out);
}

int nt_party_due_of(nt_store *st, const char *regime, nt_party_state state, nt_date since,
                    nt_due *out)
{
    nt_clock_input in = {.known = NT_DATE_NONE,
                         .entered = since,
                         .registered = NT_DATE_NONE,
                         .received = NT_DATE_NONE,
                         .extended = false};
    return nt_deadline_party(st->rules, nt_rules_regime(st->rules, regime), state, &in, out);
}

json_t *nt_due_json(nt_store *st, const nt_due *d)
{
    char ds[11], warn[200];
    nt_date_format(d->due, ds);
    int left = nt_deadline_days_left(st->rules, d, nt_today());
    json_t *o =
        json_pack("{ss ss ss si sb ss sb ss}", "clock", d->clock->id, "label", d->clock->label,
                  "due", ds, "days_left", left, "overdue", left < 0, "count",
                  d->clock->count == NT_COUNT_WORKING ? "hari_kerja" : "hari_kalender",
                  "unconfirmed", d->clock->unconfirmed, "dasar", d->clock->basis);
    const char *w = nt_deadline_warning(d, warn, sizeof warn);
    if (w) json_object_set_new(o, "peringatan", json_string(w));
    const char *unit = d->clock->count == NT_COUNT_WORKING ? "hari kerja" : "hari kalender";
    json_object_set_new(o, "count_label", json_string(unit));
    /* the date and what it means today, in words ("terlambat 3 hari kerja", "sisa 2 hari ...") */
    char dl[24], words[80];
    nt_date_format_id(d->due, dl);
    json_object_set_new(o, "due_label", json_string(dl));
    if (left < 0)
        snprintf(words, sizeof words, "terlambat %d %s", -left, unit);
    else if (left == 0)
        snprintf(words, sizeof words, "jatuh tempo hari ini");
    else
        snprintf(words, sizeof words, "sisa %d %s", left, unit);
    json_object_set_new(o, "dalam_kata", json_string(words));
    return o;
}

int nt_case_event(nt_store *st, const nt_actor *a, int64_t case_id, const char *nip,
                  const char *from, const char *to, const char *reason, json_t *data)
{
    char *d = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : nt_xstrdup("{}");
    int rc = nt_exec(st->db,
                     "INSERT INTO case_events(case_id,nip,from_state,to_state,actor_id,actor,at,"
                     "reason,data) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "itttItitt", case_id, nip, from, to, a->user_id, a->username, nt_now(),
                     reason ? reason : "", d);
    free(d);
    json_decref(data); /* the event takes ownership of data */
    return rc;
}

int nt_case_audit(nt_store *st, const nt_actor *a, const char *action, int64_t id, json_t *detail)
{
    char obj[32];
    snprintf(obj, sizeof obj, "case:%lld", (long long)id);
    int rc = nt_audit_append(st, a, action, obj, detail);
    json_decref(detail);
    return rc;
}

void nt_receipt_code(char out[20])
{
    /* Crockford base32 without I, L, O, U: easy to read out over the phone. */
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char r[10];
    randombytes_buf(r, sizeof r);
    memcpy(out, "LP-", 3);
    int k = 3;
    for (int i = 0; i < 10; i++) {
        if (i == 5) out[k++] = '-';
        out[k++] = alpha[r[i] & 31];
    }
    out[k] = '\0';
}

void nt_receipt_hash(const char *code, unsigned char out[32])
{
    /* Case-insensitive and tolerant of the O/0, I/L/1 confusions. */
    char norm[32];
    size_t n = 0;
    for (const char *p = code; *p && n < sizeof norm - 1; p++) {
        char ch = *p;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 32);
        if (ch == 'O') ch = '0';
        if (ch == 'I' || ch == 'L') ch = '1';
        if (ch == '-' || ch == ' ') continue;
        norm[n++] = ch;
    }
    norm[n] = '\0';
    nt_token_hash(norm, out);
}
