/*
 * registry.c - regions, elections with their candidates, and agencies.
 */
#include "store/store_int.h"

#include "base/csv.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool valid_region_code(nt_str s)
{
    /* 35 | 35.05 | 35.05.01 */
    if (s.len != 2 && s.len != 5 && s.len != 8) return false;
    for (size_t i = 0; i < s.len; i++) {
        bool dot = (i == 2 || i == 5);
        if (dot ? s.p[i] != '.' : !isdigit((unsigned char)s.p[i])) return false;
    }
    return true;
}

int nt_regions_import_csv(nt_store *st, const nt_actor *a, const char *data, size_t len, int *count,
                          nt_err *err)
{
    nt_csv c;
    nt_csv_init(&c, data, len);
    nt_str f[8];
    size_t n;
    int rc = nt_csv_next(&c, f, 8, &n, err);
    if (rc != 1 || n < 4 || !nt_str_eq(f[0], "kode") || !nt_str_eq(f[1], "nama") ||
        !nt_str_eq(f[2], "tingkat") || !nt_str_eq(f[3], "induk")) {
        nt_csv_free(&c);
        return nt_err_set(
            err, NT_EINVAL, "header",
            "header berkas wilayah harus kode,nama,tingkat,induk[,penduduk,luas_km2]");
    }
    if (nt_db_begin(st->db)) {
        nt_csv_free(&c);
        return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    }
    int added = 0;
    while ((rc = nt_csv_next(&c, f, 8, &n, err)) == 1) {
        if (n < 4 || !valid_region_code(f[0]) || !nt_utf8_valid(f[1].p, f[1].len) ||
            f[1].len == 0) {
            rc = nt_err_set(err, NT_EINVAL, "kode", "baris %zu: data wilayah tidak sah",
                            c.record_line);
            break;
        }
        nt_stmt *s =
            nt_db_prepare(st->db, "INSERT INTO regions(code,name,level,parent,population,area_km2)"
                                  " VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT(code) DO UPDATE SET "
                                  "name=excluded.name, population=excluded.population, "
                                  "area_km2=excluded.area_km2");
        if (!s) {
            rc = NT_EDB;
            break;
        }
        nt_bind_textn(s, 1, f[0].p, f[0].len);
        nt_bind_textn(s, 2, f[1].p, f[1].len);
        nt_bind_textn(s, 3, f[2].p, f[2].len);
        if (f[3].len)
            nt_bind_textn(s, 4, f[3].p, f[3].len);
        else
            nt_bind_null(s, 4);
        char num[32];
        for (int k = 4; k < 6; k++) {
            if ((size_t)k < n && f[k].len && f[k].len < sizeof num) {
                memcpy(num, f[k].p, f[k].len);
                num[f[k].len] = '\0';
                if (k == 4)
                    nt_bind_int(s, 5, strtoll(num, NULL, 10));
                else
                    nt_bind_double(s, 6, strtod(num, NULL));
            } else {
                nt_bind_null(s, k + 1);
            }
        }
        int r = nt_step(s);
        nt_done(s);
        if (r < 0) {
            rc = nt_err_set(err, NT_EINVAL, "kode",
                            "baris %zu: wilayah ditolak (tingkat atau induk tidak sah)",
                            c.record_line);
            break;
        }
        added++;
    }
    nt_csv_free(&c);
    if (rc == 0) {
        json_t *d = json_pack("{si}", "rows", added);
        rc = nt_audit_append(st, a, "wilayah.impor", "regions", d);
        json_decref(d);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    if (count) *count = added;
    return nt_db_commit_err(st->db, err);
}

int nt_region_get(nt_store *st, const char *code, json_t **out, nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT r.code, r.name, r.level, r.parent, r.population, r.area_km2, "
                          "(SELECT count(*) FROM regions k WHERE k.parent=r.code) AS children "
                          "FROM regions r WHERE r.code=$1",
                          "t", code);
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    if (rc == 1) *out = nt_row_json(s);
    nt_done(s);
    if (rc != 1) return nt_err_set(err, NT_ENOTFOUND, "kode", "wilayah '%s' tidak ditemukan", code);
    return 0;
}

int nt_regions_list(nt_store *st, const char *parent, const char *level, json_t **out)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT code, name, level, parent, population, area_km2 FROM regions "
                          "WHERE (($1 IS NULL AND parent IS NULL) OR parent=$1) "
                          "AND ($2 IS NULL OR level=$2) ORDER BY code",
                          "tt", parent, level);
    *out = nt_rows_json(s);
    return 0;
}

/* ---- elections ---- */

static const char *election_kinds[] = {"gubernur", "bupati", "walikota", "presiden",
                                       "dpr",      "dprd",   "dpd"};

static int str_array(json_t *c, const char *key, size_t max_items, const char *field_prefix,
                     bool account, json_t **out, nt_err *err)
{
    json_t *v = json_object_get(c, key);
    *out = json_array();
    if (!v || json_is_null(v)) return 0;
    if (!json_is_array(v) || json_array_size(v) > max_items)
        return nt_err_set(err, NT_EINVAL, key, "%s.%s harus array teks (maksimum %zu)",
                          field_prefix, key, max_items);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        const char *s = json_string_value(x);
        if (!s || !*s || json_string_length(x) > 200 || strlen(s) != json_string_length(x) ||
            !nt_utf8_valid(s, strlen(s)))
            return nt_err_set(err, NT_EINVAL, key, "%s.%s[%zu] harus teks 1..200 byte",
                              field_prefix, key, i);
        if (account) {
            const char *colon = strchr(s, ':');
            if (!colon || colon == s || !colon[1])
                return nt_err_set(err, NT_EINVAL, key, "%s.%s[%zu] harus berbentuk platform:akun",
                                  field_prefix, key, i);
        }
        json_array_append(*out, x);
    }
    return 0;
}

static int insert_candidate(nt_store *st, const char *eid, json_t *c, size_t idx, bool seen[100],
                            nt_err *err)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "candidates[%zu]", idx);
    if (!json_is_object(c))
        return nt_err_set(err, NT_EINVAL, "candidates", "%s harus objek", prefix);
    int64_t num;
    int rc = nt_in_int(c, "number", true, 1, 99, &num, err);
    if (rc) {
        nt_err_set(err, NT_EINVAL, "candidates.number", "%s.number wajib bilangan bulat 1..99",
                   prefix);
        return rc;
    }
    if (seen[num])
        return nt_err_set(err, NT_EINVAL, "candidates.number", "nomor urut %lld ganda",
                          (long long)num);
    seen[num] = true;
    json_t *names = NULL, *nick = NULL, *slog = NULL, *tags = NULL, *acc = NULL;
    rc = str_array(c, "names", 4, prefix, false, &names, err);
    if (!rc && json_array_size(names) == 0)
        rc = nt_err_set(err, NT_EINVAL, "candidates.names", "%s.names wajib diisi", prefix);
    if (!rc) rc = str_array(c, "nicknames", 32, prefix, false, &nick, err);
    if (!rc) rc = str_array(c, "slogans", 32, prefix, false, &slog, err);
    if (!rc) rc = str_array(c, "hashtags", 64, prefix, false, &tags, err);
    if (!rc) rc = str_array(c, "accounts", 64, prefix, true, &acc, err);
    json_t *inc = json_object_get(c, "incumbent");
    json_t *kin = json_object_get(c, "incumbent_kin");
    if (!rc && inc && !json_is_boolean(inc))
        rc = nt_err_set(err, NT_EINVAL, "candidates.incumbent", "%s.incumbent harus true/false",
                        prefix);
    if (!rc && kin && !json_is_boolean(kin))
        rc = nt_err_set(err, NT_EINVAL, "candidates.incumbent_kin",
                        "%s.incumbent_kin harus true/false", prefix);
    if (!rc) {
        char *jn = json_dumps(names, JSON_COMPACT), *jk = json_dumps(nick, JSON_COMPACT),
             *js = json_dumps(slog, JSON_COMPACT), *jt = json_dumps(tags, JSON_COMPACT),
             *ja = json_dumps(acc, JSON_COMPACT);
        rc = nt_exec(st->db,
                     "INSERT INTO candidates(election_id,number,names,nicknames,slogans,hashtags,"
                     "accounts,incumbent,incumbent_kin) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "tittttti"
                     "i",
                     eid, num, jn, jk, js, jt, ja, (int64_t)json_is_true(inc),
                     (int64_t)json_is_true(kin));
        free(jn), free(jk), free(js), free(jt), free(ja);
        if (rc) nt_err_set(err, NT_EDB, "candidates", "kandidat tidak dapat disimpan");
    }
    json_decref(names), json_decref(nick), json_decref(slog), json_decref(tags), json_decref(acc);
    return rc;
}

static int election_write(nt_store *st, const nt_actor *a, json_t *doc, nt_err *err)
{
    const char *id, *name, *kind, *region;
    nt_date vote, cs, ce;
    int rc = nt_in_str(doc, "id", true, 64, &id, err);
    if (rc) return rc;
    for (const char *p = id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
            return nt_err_set(err, NT_EINVAL, "id",
                              "id pemilihan hanya boleh huruf kecil, angka, '-' dan '_'");
    if ((rc = nt_in_str(doc, "name", true, 300, &name, err))) return rc;
    if ((rc = nt_in_str(doc, "kind", true, 16, &kind, err))) return rc;
    bool kind_ok = false;
    for (size_t i = 0; i < NT_ARRAY_LEN(election_kinds); i++)
        if (strcmp(kind, election_kinds[i]) == 0) kind_ok = true;
    if (!kind_ok)
        return nt_err_set(err, NT_EINVAL, "kind",
                          "kind harus salah satu dari gubernur, bupati, walikota, presiden, dpr, "
                          "dprd, dpd");
    const char *regime = nt_rules_regime_for_kind(st->rules, kind);
    if (!regime)
        return nt_err_set(err, NT_EINVAL, "kind", "tidak ada rezim aturan untuk jenis '%s'", kind);
    if ((rc = nt_in_str(doc, "region", false, 16, &region, err))) return rc;
    if (region && (rc = nt_check_region(st, "region", region, NULL, err))) return rc;
    if (!region && strcmp(kind, "presiden") != 0 && strcmp(kind, "dpr") != 0 &&
        strcmp(kind, "dpd") != 0)
        return nt_err_set(err, NT_EINVAL, "region", "kolom 'region' wajib diisi untuk %s", kind);
    if ((rc = nt_in_date(doc, "voting_date", true, false, &vote, err))) return rc;
    if ((rc = nt_in_date(doc, "campaign_start", false, false, &cs, err))) return rc;
    if ((rc = nt_in_date(doc, "campaign_end", false, false, &ce, err))) return rc;
    if (cs != NT_DATE_NONE && ce != NT_DATE_NONE && cs > ce)
        return nt_err_set(err, NT_EINVAL, "campaign_end",
                          "akhir kampanye tidak boleh sebelum awal kampanye");
    if (ce != NT_DATE_NONE && ce >= vote)
        return nt_err_set(err, NT_EINVAL, "campaign_end",
                          "akhir kampanye harus sebelum hari pemungutan suara");
    /* Registry writes are scoped like case writes: an office imports the elections of its own
     * region or below, and cannot replace (or move) one held elsewhere. */
    if (!nt_actor_covers_region(a, region ? region : ""))
        return nt_err_set(err, NT_EFORBIDDEN, "region",
                          "pemilihan di wilayah %s berada di luar wilayah kerja Anda",
                          region ? region : "nasional");
    nt_stmt *old =
        nt_query(st->db, "SELECT coalesce(region,'') FROM elections WHERE id=$1", "t", id);
    if (old && nt_step(old) == 1 && !nt_actor_covers_region(a, nt_col_text(old, 0))) {
        rc = nt_err_set(err, NT_EFORBIDDEN, "id",
                        "pemilihan '%s' sudah ada di wilayah %s, di luar wilayah kerja Anda", id,
                        *nt_col_text(old, 0) ? nt_col_text(old, 0) : "nasional");
        nt_done(old);
        return rc;
    }
    nt_done(old);
    json_t *cands = json_object_get(doc, "candidates");
    if (!json_is_array(cands) || json_array_size(cands) == 0 || json_array_size(cands) > 99)
        return nt_err_set(err, NT_EINVAL, "candidates",
                          "kolom 'candidates' wajib berupa array berisi 1..99 pasangan calon");
    char *src = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    rc = nt_exec(st->db,
                 "INSERT INTO elections(id,name,kind,region,regime,voting_date,campaign_start,"
                 "campaign_end,source,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
                 "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
                 "region=excluded.region, regime=excluded.regime, voting_date=excluded.voting_date,"
                 " campaign_start=excluded.campaign_start, campaign_end=excluded.campaign_end, "
                 "source=excluded.source",
                 "tttttdddti", id, name, kind, region, regime, vote, cs, ce, src, nt_now());
    free(src);
    if (rc) return nt_err_set(err, NT_EDB, "id", "pemilihan tidak dapat disimpan");
    if ((rc = nt_exec(st->db, "DELETE FROM candidates WHERE election_id=$1", "t", id)))
        return nt_err_set(err, NT_EDB, "candidates", "kandidat lama tidak dapat diganti");
    bool seen[100] = {0};
    size_t i;
    json_t *c;
    json_array_foreach(cands, i, c)
    {
        if ((rc = insert_candidate(st, id, c, i, seen, err))) return rc;
    }
    json_t *d =
        json_pack("{ss ss si}", "id", id, "kind", kind, "candidates", (int)json_array_size(cands));
    rc = nt_audit_append(st, a, "pemilihan.impor", id, d);
    json_decref(d);
    return rc;
}

int nt_election_import(nt_store *st, const nt_actor *a, json_t *doc, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengimpor pemilihan");
    if (!json_is_object(doc))
        return nt_err_set(err, NT_EINVAL, "body", "data pemilihan harus berupa objek JSON");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = election_write(st, a, doc, err);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

static void parse_json_cols(json_t *row, const char **cols)
{
    for (; *cols; cols++) {
        json_t *v = json_loads(json_string_value(json_object_get(row, *cols)), 0, NULL);
        if (v) json_object_set_new(row, *cols, v);
    }
}

int nt_election_get(nt_store *st, const char *id, json_t **out, nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT id,name,kind,region,regime,voting_date,campaign_start,"
                          "campaign_end FROM elections WHERE id=$1",
                          "t", id);
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    json_t *e = rc == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    if (!e) return nt_err_set(err, NT_ENOTFOUND, "id", "pemilihan '%s' tidak ditemukan", id);
    json_t *cands =
        nt_rows_json(nt_query(st->db,
                              "SELECT number,names,nicknames,slogans,hashtags,accounts,"
                              "incumbent,incumbent_kin FROM candidates WHERE election_id=$1 "
                              "ORDER BY number",
                              "t", id));
    static const char *jcols[] = {"names", "nicknames", "slogans", "hashtags", "accounts", NULL};
    size_t i;
    json_t *c;
    json_array_foreach(cands, i, c)
    {
        parse_json_cols(c, jcols);
        json_object_set_new(c, "incumbent",
                            json_boolean(json_integer_value(json_object_get(c, "incumbent"))));
        json_object_set_new(c, "incumbent_kin",
                            json_boolean(json_integer_value(json_object_get(c, "incumbent_kin"))));
    }
    json_object_set_new(e, "candidates", cands);
    *out = e;
    return 0;
}

int nt_elections_list(nt_store *st, const char *region, json_t **out)
{
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT e.id,e.name,e.kind,e.region,e.regime,e.voting_date,"
                 "(SELECT count(*) FROM candidates c WHERE c.election_id=e.id) AS candidates"
                 " FROM elections e WHERE $1 IS NULL OR e.region=$1 OR e.region LIKE $1 || '.%'"
                 " ORDER BY e.voting_date DESC, e.id",
                 "t", region);
    *out = nt_rows_json(s);
    return 0;
}

/* ---- agencies ---- */

int nt_agency_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat menambah instansi");
    const char *name, *region;
    int rc = nt_in_str(in, "name", true, 200, &name, err);
    if (!rc) rc = nt_in_str(in, "region", true, 16, &region, err);
    if (!rc) rc = nt_check_region(st, "region", region, NULL, err);
    if (!rc && !nt_actor_covers_region(a, region))
        rc = nt_err_set(err, NT_EFORBIDDEN, "region", "wilayah %s di luar wilayah kerja Anda",
                        region);
    if (rc) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    rc = nt_exec(st->db, "INSERT INTO agencies(name, region) VALUES($1,$2)", "tt", name, region);
    if (!rc) rc = nt_roster_touch(st);
    if (rc == NT_ECONFLICT)
        nt_err_set(err, NT_ECONFLICT, "name", "instansi '%s' sudah ada di wilayah %s", name,
                   region);
    if (!rc) {
        *id = nt_db_last_id(st->db);
        json_t *d = json_pack("{ss ss}", "name", name, "region", region);
        char obj[32];
        snprintf(obj, sizeof obj, "agency:%lld", (long long)*id);
        rc = nt_audit_append(st, a, "instansi.tambah", obj, d);
        json_decref(d);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

int nt_agencies_list(nt_store *st, const char *region, bool counts, json_t **out)
{
    if (!counts) {
        *out = nt_rows_json(nt_query(st->db,
                                     "SELECT g.id, g.name, g.region FROM agencies g WHERE $1 IS "
                                     "NULL OR g.region=$1 OR g.region LIKE $1 || '.%' ORDER BY "
                                     "g.region, g.name",
                                     "t", region));
        return 0;
    }
    /* counting a national roster's ASN takes a while: kept until the audit head moves (every
     * roster change is audited) */
    char key[96], head[72];
    snprintf(key, sizeof key, "agencies|%s", region ? region : "*");
    if ((*out = nt_cache_get(st, key, head))) return 0;
    *out = nt_rows_json(nt_query(st->db,
                                 "SELECT g.id, g.name, g.region, "
                                 "(SELECT count(*) FROM asn x WHERE x.agency_id=g.id) AS asn "
                                 "FROM agencies g WHERE $1 IS NULL OR g.region=$1 OR "
                                 "g.region LIKE $1 || '.%' ORDER BY g.region, g.name",
                                 "t", region));
    nt_cache_put(key, head, *out);
    return 0;
}
