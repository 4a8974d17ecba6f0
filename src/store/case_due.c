/*
 * case_due.c - the due list: every open step whose deadline has passed or falls within
 * N days, in the reader's scope, kept per scope and day until the audit chain moves.
 */
#include "store/case_int.h"

#include <stdlib.h>
#include <string.h>

static int cmp_due(const void *x, const void *y)
{
    json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    const char *da = json_string_value(json_object_get(json_object_get(a, "tenggat"), "due"));
    const char *db = json_string_value(json_object_get(json_object_get(b, "tenggat"), "due"));
    int c = strcmp(da ? da : "", db ? db : "");
    if (c) return c;
    return (int)(json_integer_value(json_object_get(a, "id")) -
                 json_integer_value(json_object_get(b, "id")));
}

static int case_due_list(nt_store *st, const nt_actor *a, int days, json_t **out, nt_err *err);

/* Deadlines depend on the data and the day: the list is kept per scope, day and horizon. */
int nt_case_due(nt_store *st, const nt_actor *a, int days, json_t **out, nt_err *err)
{
    if (days < 0 || days > 365)
        return nt_err_set(err, NT_EINVAL, "hari", "jumlah hari harus 0..365");
    char key[96], head[72];
    snprintf(key, sizeof key, "due|%u|%s|%lld|%d|%d", a->roles, a->region, (long long)a->agency_id,
             days, (int)nt_today());
    if ((*out = nt_cache_get(st, key, head))) return 0;
    int rc = case_due_list(st, a, days, out, err);
    if (!rc) nt_cache_put(key, head, *out);
    return rc;
}

static int case_due_list(nt_store *st, const nt_actor *a, int days, json_t **out, nt_err *err)
{
    nt_date today = nt_today();
    nt_buf sql = {0};
    nt_buf_printf(&sql,
                  "SELECT c.id, c.reg_no, c.office, c.state, c.regime, c.known_date, "
                  "c.registered_on, c.state_since, c.extended, p.nip, p.state, p.state_since, "
                  "c.title, c.received_on FROM cases c LEFT JOIN case_parties p ON "
                  "p.case_id=c.id AND c.state=$10 AND p.state NOT IN " NT_SQL_PARTY_FINAL
                  " AND ($11=0 OR p.nip IN (SELECT nip FROM asn WHERE agency_id=$11)) "
                  "WHERE c.state NOT IN " NT_SQL_CASE_FINAL " AND %s ORDER BY c.id",
                  nt_scope_sql(a));
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (!s) return nt_err_set(err, NT_EDB, NULL, "basis data tidak dapat dibaca");
    nt_scope_bind(s, 9, a);
    /* the parties' clocks run once the case is with the authority; a PPK sees its own ASN */
    nt_bind_text(s, 10, nt_case_state_name(NT_ST_DITERUSKAN));
    nt_bind_int(s, 11, nt_party_agency(a));
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
    size_t n = 0, cap = 0;
    json_t **rows = NULL;
    int64_t last_case = 0;
    while (nt_step(s) == 1) {
        int64_t id = nt_col_int(s, D_ID);
        nt_due d;
        bool have = false;
        json_t *row = NULL;
        if (!nt_col_null(s, D_NIP)) {
            nt_party_state ps;
            if (nt_party_state_parse(nt_col_text(s, D_PARTY_STATE), &ps) == 0 &&
                nt_party_due_of(st, nt_col_text(s, D_REGIME), ps, nt_col_date(s, D_PARTY_SINCE),
                                &d) == 0) {
                have = true;
                row = json_pack("{sI ss ss ss ss}", "id", (json_int_t)id, "nip",
                                nt_col_text(s, D_NIP), "status", nt_col_text(s, D_PARTY_STATE),
                                "status_label", nt_party_state_label(ps), "status_kasus",
                                nt_col_text(s, D_STATE));
            }
        } else if (id != last_case) {
            nt_case_state cs;
            if (nt_case_state_parse(nt_col_text(s, D_STATE), &cs) == 0 &&
                nt_case_due_of(st, nt_col_text(s, D_REGIME), cs, nt_col_date(s, D_KNOWN),
                               nt_col_date(s, D_REGISTERED), nt_col_date(s, D_SINCE),
                               nt_col_date(s, D_RECEIVED), nt_col_int(s, D_EXTENDED) != 0,
                               &d) == 0) {
                have = true;
                row = json_pack("{sI ss ss}", "id", (json_int_t)id, "status",
                                nt_col_text(s, D_STATE), "status_label", nt_case_state_label(cs));
            }
        }
        last_case = id;
        if (!have) continue;
        if (d.due - today > days) {
            json_decref(row);
            continue;
        }
        json_object_set_new(row, "reg_no",
                            nt_col_null(s, D_REG_NO) ? json_null()
                                                     : json_string(nt_col_text(s, D_REG_NO)));
        json_object_set_new(row, "kantor", json_string(nt_col_text(s, D_OFFICE)));
        json_object_set_new(row, "judul", json_string(nt_col_text(s, D_TITLE)));
        json_object_set_new(row, "tenggat", nt_due_json(st, &d));
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = nt_xrealloc(rows, cap * sizeof *rows);
        }
        rows[n++] = row;
    }
    nt_done(s);
    if (n) qsort(rows, n, sizeof *rows, cmp_due);
    json_t *overdue = json_array(), *soon = json_array();
    for (size_t i = 0; i < n; i++) {
        bool late = json_is_true(json_object_get(json_object_get(rows[i], "tenggat"), "overdue"));
        json_array_append_new(late ? overdue : soon, rows[i]);
    }
    nt_mask_rows(st->rules, a, overdue, nt_pfields_asn);
    nt_mask_rows(st->rules, a, soon, nt_pfields_asn);
    free(rows);
    char ds[11], dl[24];
    nt_date_format(today, ds);
    nt_date_format_id(today, dl);
    *out = json_pack("{ss ss si so so}", "hari_ini", ds, "hari_ini_label", dl, "hari", days,
                     "terlambat", overdue, "segera", soon);
    return 0;
}
