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
    nt_date today = nt_today();
    int left = nt_deadline_days_left(st->rules, d, today);
    /* late once the day has passed, whatever the count (a Friday deadline on Saturday is late,
     * though no working day has gone by): as the stored deadlines are filtered */
    bool late = d->due < today;
    json_t *o = json_pack("{ss ss ss si sb ss sb ss}", "clock", d->clock->id, "label",
                          d->clock->label, "due", ds, "days_left", left, "overdue", late, "count",
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
    else if (late)
        snprintf(words, sizeof words, "terlambat: batas %s sudah lewat", dl);
    else if (left == 0)
        snprintf(words, sizeof words, "jatuh tempo hari ini");
    else
        snprintf(words, sizeof words, "sisa %d %s", left, unit);
    json_object_set_new(o, "dalam_kata", json_string(words));
    return o;
}

/* The stored deadlines of one case from the row's values: the due list's rows, and in
 * cases.due_on the soonest of them (what the inbox sorts by and shows). A case with the
 * authority has a row per reported ASN still open (their clocks run, not the case's);
 * otherwise one row for the case's step. */
static int store_deadlines(nt_store *st, int64_t id, const char *state_s, const char *regime,
                           nt_date known, nt_date registered, nt_date since, nt_date received,
                           bool extended)
{
    nt_case_state cs;
    nt_due d;
    bool open = nt_case_state_parse(state_s, &cs) == 0 && !nt_case_state_final(cs);
    bool has = open && nt_case_due_of(st, regime, cs, known, registered, since, received, extended,
                                      &d) == 0;
    int rc = nt_exec(st->db, "DELETE FROM deadlines WHERE case_id=$1", "i", id);
    nt_date soonest = NT_DATE_NONE;
    int parties = 0;
    if (!rc && open && cs == NT_ST_DITERUSKAN) {
        nt_stmt *s = nt_query(st->db,
                              "SELECT nip, state, state_since FROM case_parties WHERE case_id=$1 "
                              "AND state NOT IN " NT_SQL_PARTY_FINAL,
                              "i", id);
        while (!rc && s && nt_step(s) == 1) {
            parties++;
            nt_party_state ps;
            nt_due pd;
            if (nt_party_state_parse(nt_col_text(s, 1), &ps) == 0 &&
                nt_party_due_of(st, regime, ps, nt_col_date(s, 2), &pd) == 0) {
                rc = nt_exec(st->db, "INSERT INTO deadlines(case_id, nip, due) VALUES($1,$2,$3)",
                             "itd", id, nt_col_text(s, 0), pd.due);
                if (soonest == NT_DATE_NONE || pd.due < soonest) soonest = pd.due;
            }
        }
        nt_done(s);
    }
    if (!rc && !parties && has) {
        rc = nt_exec(st->db, "INSERT INTO deadlines(case_id, nip, due) VALUES($1,'',$2)", "id", id,
                     d.due);
        soonest = d.due;
    }
    if (!rc) rc = nt_exec(st->db, "UPDATE cases SET due_on=$2 WHERE id=$1", "id", id, soonest);
    return rc;
}

int nt_case_deadlines_refresh(nt_store *st, int64_t id)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT state, regime, known_date, registered_on, state_since, "
                          "received_on, extended FROM cases WHERE id=$1",
                          "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return NT_EDB;
    }
    char state[32], regime[24];
    nt_strlcpy(state, nt_col_text(s, 0), sizeof state);
    nt_strlcpy(regime, nt_col_text(s, 1), sizeof regime);
    nt_date known = nt_col_date(s, 2), reg = nt_col_date(s, 3), since = nt_col_date(s, 4),
            rec = nt_col_date(s, 5);
    bool ext = nt_col_int(s, 6) != 0;
    nt_done(s);
    return store_deadlines(st, id, state, regime, known, reg, since, rec, ext);
}

int nt_store_deadlines_refresh(nt_store *st, int64_t case_id)
{
    if (nt_db_begin(st->db)) return NT_EDB;
    int rc = nt_case_deadlines_refresh(st, case_id);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit(st->db);
}

/* What the stored deadlines were computed from: the regimes' and holidays' versions and the
 * holidays themselves (an added day off moves deadlines even if the version was not bumped),
 * the state facts, and this code's way of counting. */
static void deadline_rules(nt_store *st, char hex[65])
{
    const nt_rules *ru = st->rules;
    nt_buf b = {0};
    nt_buf_printf(&b, "deadlines-2|%s|%s", ru->regimes_version, ru->holidays_version);
    for (size_t i = 0; i < ru->calendar.n; i++)
        nt_buf_printf(&b, "|%d", (int)ru->calendar.holidays[i]);
    for (int i = 0; i < ru->calendar.nyears; i++)
        nt_buf_printf(&b, "|y%d%c", ru->calendar.years[i].year,
                      ru->calendar.years[i].provisional ? 'p' : 'f');
    nt_stmt *s = nt_query(st->db, "SELECT value FROM meta WHERE key='rule_states'", "");
    if (s && nt_step(s) == 1) nt_buf_printf(&b, "|%s", nt_col_text(s, 0));
    nt_done(s);
    nt_sha256_hex(b.p, b.len, hex);
    nt_buf_free(&b);
}

int nt_deadlines_keep_current(nt_store *st, nt_err *err)
{
    char want[65];
    deadline_rules(st, want);
    nt_stmt *s = nt_query(st->db, "SELECT value FROM meta WHERE key='deadline_rules'", "");
    bool same = s && nt_step(s) == 1 && !strcmp(nt_col_text(s, 0), want);
    nt_done(s);
    if (same) return 0;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, "db", "basis data sedang sibuk");
    /* again under the lock: another connection (a thread, an instance) may have done it */
    s = nt_query(st->db, "SELECT value FROM meta WHERE key='deadline_rules'", "");
    same = s && nt_step(s) == 1 && !strcmp(nt_col_text(s, 0), want);
    nt_done(s);
    if (same) {
        nt_db_rollback(st->db);
        return 0;
    }
    /* every open case again (rules changed, or the first start on this schema) */
    nt_stmt *q = nt_query(st->db,
                          "SELECT id, state, regime, known_date, registered_on, state_since, "
                          "received_on, extended FROM cases WHERE state NOT IN " NT_SQL_CASE_FINAL,
                          "");
    json_t *rows = nt_rows_json(q);
    int rc = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        nt_date k = NT_DATE_NONE, g = NT_DATE_NONE, since = NT_DATE_NONE, rec = NT_DATE_NONE;
        const char *v;
        if ((v = json_string_value(json_object_get(r, "known_date"))))
            nt_date_parse(v, strlen(v), &k);
        if ((v = json_string_value(json_object_get(r, "registered_on"))))
            nt_date_parse(v, strlen(v), &g);
        if ((v = json_string_value(json_object_get(r, "state_since"))))
            nt_date_parse(v, strlen(v), &since);
        if ((v = json_string_value(json_object_get(r, "received_on"))))
            nt_date_parse(v, strlen(v), &rec);
        rc = store_deadlines(st, json_integer_value(json_object_get(r, "id")),
                             json_string_value(json_object_get(r, "state")),
                             json_string_value(json_object_get(r, "regime")), k, g, since, rec,
                             json_integer_value(json_object_get(r, "extended")) != 0);
        if (rc) break;
    }
    json_decref(rows);
    if (!rc)
        rc = nt_exec(
            st->db,
            "UPDATE cases SET due_on=NULL WHERE due_on IS NOT NULL AND state IN " NT_SQL_CASE_FINAL,
            "");
    if (!rc)
        rc = nt_exec(st->db,
                     "DELETE FROM deadlines WHERE case_id IN (SELECT id FROM cases WHERE state "
                     "IN " NT_SQL_CASE_FINAL ")",
                     "");
    if (!rc)
        rc = nt_exec(st->db,
                     "INSERT INTO meta(key,value) VALUES('deadline_rules',$1) "
                     "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     "t", want);
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, "db", "tenggat tersimpan tidak dapat diperbarui");
    }
    return nt_db_commit_err(st->db, err);
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
    /* every change of a case writes an event, after its rows: the deadlines follow it here */
    if (!rc) rc = nt_case_deadlines_refresh(st, case_id);
    if (!rc) rc = nt_figures_case_refresh(st, case_id); /* and the dashboard's counts */
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
