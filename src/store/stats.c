/*
 * stats.c - the figures every agency should get the same way: one query per
 * group, in the caller's scope, from the same tables the cases live in.
 */
#include "store/store_int.h"

#include <string.h>

static json_t *group(nt_store *st, const nt_actor *a, const char *select_from_where_group)
{
    nt_buf sql = {0};
    nt_buf_printf(&sql, select_from_where_group, nt_scope_sql(a));
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    json_t *rows = json_array();
    if (!s) return rows;
    nt_scope_bind(s, 9, a);
    while (nt_step(s) == 1)
        json_array_append_new(rows,
                              json_pack("{ss ss sI}", "key", nt_col_text(s, 0), "label",
                                        nt_col_text(s, 1), "count", (json_int_t)nt_col_int(s, 2)));
    nt_done(s);
    return rows;
}

static void label_states(json_t *rows, bool party)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *k = json_string_value(json_object_get(r, "key"));
        if (party) {
            nt_party_state ps;
            if (!nt_party_state_parse(k, &ps))
                json_object_set_new(r, "label", json_string(nt_party_state_label(ps)));
        } else {
            nt_case_state cs;
            if (!nt_case_state_parse(k, &cs))
                json_object_set_new(r, "label", json_string(nt_case_state_label(cs)));
        }
    }
}

int nt_stats(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!a->roles) return nt_err_set(err, NT_EFORBIDDEN, NULL, "silakan masuk terlebih dahulu");
    json_t *o = json_object();
    json_t *g = group(st, a,
                      "SELECT c.state, c.state, count(*) FROM cases c WHERE %s GROUP BY 1 "
                      "ORDER BY 3 DESC, 1");
    label_states(g, false);
    json_object_set_new(o, "kasus_per_status", g);
    g = group(st, a,
              "SELECT c.office, coalesce(r.name, c.office), count(*) FROM cases c LEFT JOIN "
              "regions r ON r.code=c.office WHERE %s GROUP BY 1 ORDER BY 3 DESC, 1");
    json_object_set_new(o, "kasus_per_kantor", g);
    json_object_set_new(o, "kasus_per_bulan",
                        group(st, a,
                              "SELECT substr(c.known_date,1,7), substr(c.known_date,1,7), count(*) "
                              "FROM cases c WHERE %s GROUP BY 1 ORDER BY 1"));
    g = group(st, a,
              "SELECT p.state, p.state, count(*) FROM case_parties p JOIN cases c ON "
              "c.id=p.case_id WHERE %s GROUP BY 1 ORDER BY 3 DESC, 1");
    label_states(g, true);
    json_object_set_new(o, "asn_per_status", g);
    json_object_set_new(
        o, "asn_per_jabatan",
        group(st, a,
              "SELECT x.position_kind, x.position_kind, count(*) FROM case_parties p "
              "JOIN cases c ON c.id=p.case_id JOIN asn x ON x.nip=p.nip WHERE %s "
              "GROUP BY 1 ORDER BY 3 DESC, 1"));
    json_object_set_new(o, "asn_per_instansi",
                        group(st, a,
                              "SELECT coalesce(x.agency_id,0), coalesce(g.name,'?'), count(*) FROM "
                              "case_parties p JOIN cases c ON c.id=p.case_id JOIN asn x ON "
                              "x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id WHERE %s "
                              "GROUP BY 1 ORDER BY 3 DESC, 2 LIMIT 20"));
    /* A case names its codes; each reported ASN counts once per category of its case. */
    json_t *codes = group(st, a,
                          "SELECT v.code, v.code, count(*) FROM case_violations v JOIN cases c ON "
                          "c.id=v.case_id JOIN case_parties p ON p.case_id=c.id WHERE %s "
                          "GROUP BY 1 ORDER BY 1");
    json_t *cats = json_array();
    json_t *labels = json_object_get(st->rules->catalogue, "categories");
    size_t i, j;
    json_t *c, *row;
    json_array_foreach(labels, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        json_int_t n = 0;
        json_array_foreach(codes, j, row)
        {
            const nt_violation *v =
                nt_rules_violation(st->rules, json_string_value(json_object_get(row, "key")));
            if (v && !strcmp(v->category, id))
                n += json_integer_value(json_object_get(row, "count"));
        }
        if (n)
            json_array_append_new(cats, json_pack("{ss sO sI}", "key", id, "label",
                                                  json_object_get(c, "label"), "count", n));
    }
    json_decref(codes);
    json_object_set_new(o, "asn_per_kategori", cats);
    *out = o;
    return 0;
}
