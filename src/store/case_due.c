/*
 * case_due.c - the due list: every open step whose deadline has passed or falls within
 * N days, in the reader's scope, soonest first, a page at a time. The deadlines are the ones
 * stored when each case last moved (case_common.c), so the list is one indexed query; only
 * the page's rows are explained in words. Kept per scope, day and page until the audit chain
 * moves.
 */
#include "store/case_int.h"

#include <stdlib.h>
#include <string.h>

static int case_due_list(nt_store *st, const nt_actor *a, int days, int64_t limit, int64_t offset,
                         json_t **out, nt_err *err);

int nt_case_due(nt_store *st, const nt_actor *a, int days, int64_t limit, int64_t offset,
                json_t **out, nt_err *err)
{
    if (days < 0 || days > 365)
        return nt_err_set(err, NT_EINVAL, "hari", "jumlah hari harus 0..365");
    if (limit < 0 || offset < 0)
        return nt_err_set(err, NT_EINVAL, "limit", "batas dan posisi halaman harus positif");
    char key[128], head[72];
    snprintf(key, sizeof key, "due|%u|%s|%lld|%d|%d|%lld|%lld", a->roles, a->region,
             (long long)a->agency_id, days, (int)nt_today(), (long long)limit, (long long)offset);
    if ((*out = nt_cache_get(st, key, head))) return 0;
    int rc = case_due_list(st, a, days, limit, offset, out, err);
    if (!rc) nt_cache_put(key, head, *out);
    return rc;
}

/* The rows the reader may see: in scope, and of a PPK only its own agency's ASN. */
#define DUE_FROM                                                                                   \
    " FROM deadlines d JOIN cases c ON c.id=d.case_id WHERE d.due <= $12 AND %s AND "              \
    "(d.nip='' OR $11=0 OR d.nip IN (SELECT nip FROM asn WHERE agency_id=$11))"

static int case_due_list(nt_store *st, const nt_actor *a, int days, int64_t limit, int64_t offset,
                         json_t **out, nt_err *err)
{
    nt_date today = nt_today();
    nt_buf sql = {0}, cnt = {0};
    nt_buf_adds(&sql, "SELECT c.id, c.reg_no, c.office, c.state, c.regime, c.known_date, "
                      "c.registered_on, c.state_since, c.extended, d.nip, p.state, p.state_since, "
                      "c.title, c.received_on FROM deadlines d JOIN cases c ON c.id=d.case_id "
                      "LEFT JOIN case_parties p ON p.case_id=d.case_id AND p.nip=d.nip WHERE "
                      "d.due <= $12 AND ");
    nt_buf_printf(&sql,
                  "%s AND (d.nip='' OR $11=0 OR d.nip IN (SELECT nip FROM asn WHERE "
                  "agency_id=$11)) ORDER BY d.due, c.id, d.nip LIMIT $13 OFFSET $14",
                  nt_scope_sql(a));
    nt_buf_adds(&cnt, "SELECT count(*) FILTER (WHERE d.due < $15), count(*) FILTER (WHERE "
                      "d.due >= $15)");
    nt_buf_printf(&cnt, DUE_FROM, nt_scope_sql(a));
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_stmt *n = nt_db_prepare_dynamic(st->db, cnt.p);
    nt_buf_free(&sql);
    nt_buf_free(&cnt);
    if (!s || !n) {
        nt_done(s), nt_done(n);
        return nt_err_set(err, NT_EDB, NULL, "basis data tidak dapat dibaca");
    }
    nt_stmt *both[2] = {s, n};
    for (int k = 0; k < 2; k++) {
        nt_scope_bind(both[k], 9, a);
        nt_bind_int(both[k], 11, nt_party_agency(a));
        nt_bind_date(both[k], 12, today + days);
    }
    nt_bind_int(s, 13, limit ? limit : INT64_MAX);
    nt_bind_int(s, 14, offset);
    nt_bind_date(n, 15, today);
    enum {
        D_ID,
        D_REG_NO,
        D_OFFICE,
        D_STATE,
        D_REGIME,
        D_KNOWN,
        D_REGISTERED,
        D_SINCE,
        D_EXTENDED,
        D_NIP,
        D_PARTY_STATE,
        D_PARTY_SINCE,
        D_TITLE,
        D_RECEIVED,
    };
    json_t *overdue = json_array(), *soon = json_array();
    int rc;
    while ((rc = nt_step(s)) == 1) {
        int64_t id = nt_col_int(s, D_ID);
        nt_due d;
        json_t *row = NULL;
        if (nt_col_text(s, D_NIP)[0]) {
            nt_party_state ps;
            if (nt_party_state_parse(nt_col_text(s, D_PARTY_STATE), &ps) == 0 &&
                nt_party_due_of(st, nt_col_text(s, D_REGIME), ps, nt_col_date(s, D_PARTY_SINCE),
                                &d) == 0)
                row = json_pack("{sI ss ss ss ss}", "id", (json_int_t)id, "nip",
                                nt_col_text(s, D_NIP), "status", nt_col_text(s, D_PARTY_STATE),
                                "status_label", nt_party_state_label(ps), "status_kasus",
                                nt_col_text(s, D_STATE));
        } else {
            nt_case_state cs;
            if (nt_case_state_parse(nt_col_text(s, D_STATE), &cs) == 0 &&
                nt_case_due_of(st, nt_col_text(s, D_REGIME), cs, nt_col_date(s, D_KNOWN),
                               nt_col_date(s, D_REGISTERED), nt_col_date(s, D_SINCE),
                               nt_col_date(s, D_RECEIVED), nt_col_int(s, D_EXTENDED) != 0, &d) == 0)
                row = json_pack("{sI ss ss}", "id", (json_int_t)id, "status",
                                nt_col_text(s, D_STATE), "status_label", nt_case_state_label(cs));
        }
        if (!row) continue; /* (a deadline stored under other rules: refreshed at next start) */
        json_object_set_new(row, "reg_no",
                            nt_col_null(s, D_REG_NO) ? json_null()
                                                     : json_string(nt_col_text(s, D_REG_NO)));
        json_object_set_new(row, "kantor", json_string(nt_col_text(s, D_OFFICE)));
        json_object_set_new(row, "judul", json_string(nt_col_text(s, D_TITLE)));
        json_object_set_new(row, "tenggat", nt_due_json(st, &d));
        json_array_append_new(d.due < today ? overdue : soon, row);
    }
    nt_done(s);
    int64_t n_late = 0, n_soon = 0;
    if (rc == 0 && nt_step(n) == 1) {
        n_late = nt_col_int(n, 0);
        n_soon = nt_col_int(n, 1);
    } else {
        rc = NT_EDB;
    }
    nt_done(n);
    if (rc) {
        json_decref(overdue), json_decref(soon);
        return nt_err_set(err, NT_EDB, NULL, "daftar tenggat tidak dapat dibaca");
    }
    nt_mask_rows(st->rules, a, overdue, nt_pfields_asn);
    nt_mask_rows(st->rules, a, soon, nt_pfields_asn);
    char ds[11], dl[24];
    nt_date_format(today, ds);
    nt_date_format_id(today, dl);
    *out = json_pack("{ss ss si so so sI sI sI sI}", "hari_ini", ds, "hari_ini_label", dl, "hari",
                     days, "terlambat", overdue, "segera", soon, "total_terlambat",
                     (json_int_t)n_late, "total_segera", (json_int_t)n_soon, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
    return 0;
}
