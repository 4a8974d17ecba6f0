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
    /* Each reported ASN counts once per category of its case: the same count as the list
     * behind the figure (nt_party_list with that category). */
    json_t *cats = json_array();
    json_t *labels = json_object_get(st->rules->catalogue, "categories");
    size_t i;
    json_t *c;
    json_array_foreach(labels, i, c)
    {
        json_t *f = json_pack("{sO si}", "kategori", json_object_get(c, "id"), "limit", 1),
               *l = NULL;
        nt_err e2 = {0};
        json_int_t n = nt_party_list(st, a, f, &l, &e2) == 0
                           ? json_integer_value(json_object_get(l, "total"))
                           : 0;
        json_decref(f), json_decref(l);
        if (n)
            json_array_append_new(cats,
                                  json_pack("{sO sO sI}", "key", json_object_get(c, "id"), "label",
                                            json_object_get(c, "label"), "count", n));
    }
    json_object_set_new(o, "asn_per_kategori", cats);
    /* Reported ASN by the region of their workplace, with the risk zone of data/rules/zones.json */
    static const struct {
        const char *key, *sql;
    } levels[] = {
        {"asn_per_provinsi",
         "SELECT substr(x.region,1,2), coalesce(r.name, substr(x.region,1,2)), count(*) FROM "
         "case_parties p JOIN cases c ON c.id=p.case_id JOIN asn x ON x.nip=p.nip LEFT JOIN "
         "regions r ON r.code=substr(x.region,1,2) WHERE %s GROUP BY 1 ORDER BY 3 DESC, 1"},
        {"asn_per_kabkota",
         "SELECT substr(x.region,1,5), coalesce(r.name, substr(x.region,1,5)), count(*) FROM "
         "case_parties p JOIN cases c ON c.id=p.case_id JOIN asn x ON x.nip=p.nip LEFT JOIN "
         "regions r ON r.code=substr(x.region,1,5) WHERE %s GROUP BY 1 ORDER BY 3 DESC, 1"},
    };
    for (size_t k = 0; k < NT_ARRAY_LEN(levels); k++) {
        json_t *rows = group(st, a, levels[k].sql);
        json_array_foreach(rows, i, c)
        {
            int z = nt_rules_zone(st->rules, (long)json_integer_value(json_object_get(c, "count")));
            json_object_set_new(c, "zona", json_string(st->rules->zones[z].id));
        }
        json_object_set_new(o, levels[k].key, rows);
    }
    json_object_set_new(o, "versi_zona", json_string(st->rules->zones_version));
    *out = o;
    return 0;
}

int nt_party_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!a->roles) return nt_err_set(err, NT_EFORBIDDEN, NULL, "silakan masuk terlebih dahulu");
    const char *state = NULL, *kind = NULL, *category = NULL, *office = NULL, *region = NULL;
    int64_t agency = -1, limit = 50, offset = 0;
    int rc = 0;
    if (filter) {
        if (!rc) rc = nt_in_str(filter, "status", false, 32, &state, err);
        if (!rc) rc = nt_in_str(filter, "jenis_jabatan", false, 32, &kind, err);
        if (!rc) rc = nt_in_str(filter, "kategori", false, 64, &category, err);
        if (!rc) rc = nt_in_str(filter, "kantor", false, 16, &office, err);
        if (!rc) rc = nt_in_str(filter, "wilayah", false, 16, &region, err);
        if (!rc) rc = nt_in_int(filter, "instansi", false, 0, INT64_MAX, &agency, err);
        if (!rc) rc = nt_in_int(filter, "limit", false, 1, 100000, &limit, err);
        if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT32_MAX, &offset, err);
    }
    if (rc) return rc;
    nt_party_state ps;
    if (state && nt_party_state_parse(state, &ps))
        return nt_err_set(err, NT_EINVAL, "status", "status terlapor '%s' tidak dikenal", state);
    char *codes = NULL;
    if (category) {
        json_t *arr = json_array();
        for (int i = 0; i < st->rules->nviolations; i++)
            if (!strcmp(st->rules->violations[i].category, category))
                json_array_append_new(arr, json_string(st->rules->violations[i].code));
        if (json_array_size(arr)) codes = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
        if (!codes)
            return nt_err_set(err, NT_EINVAL, "kategori", "kategori '%s' tidak dikenal", category);
    }
    nt_buf where = {0};
    nt_buf_printf(&where, " WHERE %s", nt_scope_sql(a));
    if (state) nt_buf_adds(&where, " AND p.state=$1");
    if (kind) nt_buf_adds(&where, " AND x.position_kind=$2");
    if (agency >= 0) nt_buf_adds(&where, " AND coalesce(x.agency_id,0)=$3");
    if (codes)
        nt_buf_adds(&where, " AND p.case_id IN (SELECT v.case_id FROM case_violations v WHERE "
                            "v.code IN (SELECT value FROM json_each($4)))");
    if (office)
        nt_buf_adds(&where,
                    " AND (c.office=$5 OR (c.office > $5 || '.' AND c.office < $5 || '/'))");
    if (region)
        nt_buf_adds(&where,
                    " AND (x.region=$8 OR (x.region > $8 || '.' AND x.region < $8 || '/'))");
    static const char from[] = " FROM case_parties p JOIN cases c ON c.id=p.case_id JOIN asn x ON "
                               "x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id";
    nt_buf sql = {0};
    nt_buf_printf(&sql,
                  "SELECT p.case_id, c.reg_no, c.office AS kantor, p.nip, x.name AS nama, "
                  "x.position AS jabatan, x.position_kind AS jenis_jabatan, coalesce(g.name,'') "
                  "AS instansi, p.state AS status, p.state_since AS status_sejak%s%s "
                  "ORDER BY p.case_id DESC, p.nip LIMIT $6 OFFSET $7",
                  from, where.p);
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_reset(&sql);
    nt_buf_printf(&sql, "SELECT count(*)%s%s", from, where.p);
    nt_stmt *cnt = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    nt_buf_free(&where);
    if (!s || !cnt) {
        nt_done(s), nt_done(cnt), free(codes);
        return nt_err_set(err, NT_EDB, NULL, "daftar terlapor tidak dapat dibaca");
    }
    nt_stmt *both[2] = {s, cnt};
    for (int k = 0; k < 2; k++) {
        nt_bind_text(both[k], 1, state);
        nt_bind_text(both[k], 2, kind);
        if (agency >= 0)
            nt_bind_int(both[k], 3, agency);
        else
            nt_bind_null(both[k], 3);
        nt_bind_text(both[k], 4, codes);
        nt_bind_text(both[k], 5, office);
        nt_bind_text(both[k], 8, region);
        nt_scope_bind(both[k], 9, a);
    }
    nt_bind_int(s, 6, limit);
    nt_bind_int(s, 7, offset);
    free(codes);
    json_t *items = nt_rows_json(s); /* finishes s */
    size_t i;
    json_t *row;
    json_array_foreach(items, i, row)
    {
        nt_party_state p;
        if (!nt_party_state_parse(json_string_value(json_object_get(row, "status")), &p))
            json_object_set_new(row, "status_label", json_string(nt_party_state_label(p)));
    }
    int64_t total = nt_step(cnt) == 1 ? nt_col_int(cnt, 0) : 0;
    nt_done(cnt);
    *out = json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit", (json_int_t)limit,
                     "offset", (json_int_t)offset, "items", items);
    return 0;
}
