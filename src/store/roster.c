/*
 * roster.c - the ASN roster: CSV import (DESIGN.md §4) and lookups.
 *
 * The import runs in one transaction. Each row is validated (NIP, name,
 * position kind, region, accounts) and written; a row that fails is listed
 * with its line and reason. If any row failed and --skip-invalid was not
 * given, the transaction is rolled back, so a file with errors changes
 * nothing. Agencies are created on first sight, keyed by name within the
 * regency (or province) of the row's region.
 */
#include "store/store_int.h"

#include "base/csv.h"
#include "base/file.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "rules/nip.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { C_NIP, C_NAMA, C_JABATAN, C_JENIS, C_GOLONGAN, C_INSTANSI, C_UNIT, C_WILAYAH, C_AKUN, C__N };
static const char *columns[C__N] = {"nip",           "nama",         "jabatan",
                                    "jenis_jabatan", "golongan",     "instansi",
                                    "unit_kerja",    "kode_wilayah", "akun"};
static const bool required[C__N] = {true, true, false, true, false, true, false, true, false};

#define MAX_REPORTED 1000

typedef struct {
    char **codes; /* sorted region codes */
    size_t n;
} region_set;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void regions_load(nt_store *st, region_set *rs)
{
    memset(rs, 0, sizeof *rs);
    nt_stmt *s = nt_query(st->db, "SELECT code FROM regions ORDER BY code", "");
    size_t cap = 0;
    while (s && nt_step(s) == 1) {
        if (rs->n == cap) {
            cap = cap ? cap * 2 : 1024;
            rs->codes = nt_xrealloc(rs->codes, cap * sizeof *rs->codes);
        }
        rs->codes[rs->n++] = nt_xstrdup(nt_col_text(s, 0));
    }
    nt_done(s);
    qsort(rs->codes, rs->n, sizeof *rs->codes, cmp_str);
}

static bool regions_has(const region_set *rs, const char *code)
{
    return bsearch(&code, rs->codes, rs->n, sizeof *rs->codes, cmp_str) != NULL;
}

static void regions_free(region_set *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        free(rs->codes[i]);
    free(rs->codes);
}

/* Agency ids by "region|name", created on first sight. */
static int agency_id(nt_store *st, nt_strmap *m, const char *region, const char *name, int64_t *id)
{
    char key[1100];
    snprintf(key, sizeof key, "%s|%s", region, name);
    bool found;
    int64_t *slot = nt_strmap_slot(m, key, &found);
    if (found) {
        *id = *slot;
        return 0;
    }
    nt_stmt *s = nt_query(st->db,
                          "INSERT INTO agencies(name,region) VALUES($1,$2) ON CONFLICT(region,name)"
                          " DO UPDATE SET name=excluded.name RETURNING id",
                          "tt", name, region);
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) *slot = nt_col_int(s, 0);
    nt_done(s);
    if (rc != 1) return NT_EDB;
    *id = *slot;
    return 0;
}

static void report_row(json_t *invalid, size_t line, const char *field, const char *msg)
{
    if (json_array_size(invalid) >= MAX_REPORTED) return;
    json_array_append_new(
        invalid, json_pack("{si ss ss}", "line", (int)line, "field", field, "message", msg));
}

/* Copies a CSV field into a NUL-terminated buffer; false if too long or not UTF-8. */
static bool field_cstr(nt_str f, char *out, size_t cap)
{
    if (f.len >= cap || !nt_utf8_valid(f.p, f.len)) return false;
    memcpy(out, f.p, f.len);
    out[f.len] = '\0';
    /* trim */
    char *e = out + f.len;
    while (e > out && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    char *b = out;
    while (*b == ' ' || *b == '\t')
        b++;
    if (b != out) memmove(out, b, strlen(b) + 1);
    return true;
}

typedef struct {
    char v[C__N][512];
} roster_row;

static int validate_row(nt_store *st, const nt_actor *a, const region_set *rs, int colmap[C__N],
                        nt_str *f, size_t nf, roster_row *r, nt_err *err)
{
    for (int c = 0; c < C__N; c++) {
        r->v[c][0] = '\0';
        if (colmap[c] < 0) continue;
        if ((size_t)colmap[c] >= nf)
            return nt_err_set(err, NT_EINVAL, columns[c], "kolom '%s' tidak ada pada baris ini",
                              columns[c]);
        if (!field_cstr(f[colmap[c]], r->v[c], sizeof r->v[c]))
            return nt_err_set(err, NT_EINVAL, columns[c],
                              "kolom '%s' terlalu panjang atau bukan UTF-8 yang sah", columns[c]);
        if (required[c] && !r->v[c][0])
            return nt_err_set(err, NT_EINVAL, columns[c], "kolom '%s' wajib diisi", columns[c]);
    }
    nt_nip nip;
    int rc = nt_nip_parse(r->v[C_NIP], strlen(r->v[C_NIP]), nt_today(), &nip, err);
    if (rc) return rc;
    if (!nt_position_kind_label(r->v[C_JENIS]))
        return nt_err_set(err, NT_EINVAL, "jenis_jabatan",
                          "jenis_jabatan '%.40s' tidak dikenal (jpt, administrator, pengawas, "
                          "fungsional, pelaksana, pppk, kepala_desa)",
                          r->v[C_JENIS]);
    if (nip.pppk != (strcmp(r->v[C_JENIS], "pppk") == 0) &&
        strcmp(r->v[C_JENIS], "kepala_desa") != 0)
        return nt_err_set(err, NT_EINVAL, "nip",
                          nip.pppk ? "NIP berpola PPPK tetapi jenis_jabatan bukan pppk"
                                   : "jenis_jabatan pppk tetapi NIP tidak berpola PPPK");
    if (!regions_has(rs, r->v[C_WILAYAH]))
        return nt_err_set(err, NT_EINVAL, "kode_wilayah", "kode wilayah '%.20s' tidak dikenal",
                          r->v[C_WILAYAH]);
    /* Scoped like case writes: a row places an ASN in the importer's region, and never moves one
     * registered elsewhere (with their findings and the PPK who may sanction them). */
    if (!nt_actor_covers_region(a, r->v[C_WILAYAH]))
        return nt_err_set(err, NT_EFORBIDDEN, "kode_wilayah",
                          "kode wilayah %.20s di luar wilayah kerja Anda", r->v[C_WILAYAH]);
    nt_stmt *old = nt_query(st->db, "SELECT region FROM asn WHERE nip=$1", "t", r->v[C_NIP]);
    int rc2 = 0;
    if (old && nt_step(old) == 1 && !nt_actor_covers_region(a, nt_col_text(old, 0)))
        rc2 = nt_err_set(err, NT_EFORBIDDEN, "nip",
                         "ASN ini terdaftar di wilayah %.20s, di luar wilayah kerja Anda",
                         nt_col_text(old, 0));
    nt_done(old);
    if (rc2) return rc2;
    /* akun: platform:handle;platform:handle */
    for (char *p = r->v[C_AKUN]; *p;) {
        char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *colon = memchr(p, ':', n);
        if (n && (!colon || colon == p || colon == p + n - 1))
            return nt_err_set(err, NT_EINVAL, "akun",
                              "akun harus berbentuk platform:akun dipisah ';'");
        p += n + (end ? 1 : 0);
    }
    return 0;
}

static int write_row(nt_store *st, nt_strmap *am, const roster_row *r, bool accounts, int64_t now)
{
    char agency_region[16];
    nt_strlcpy(agency_region, r->v[C_WILAYAH], sizeof agency_region);
    if (strlen(agency_region) > 5) agency_region[5] = '\0'; /* district -> regency */
    int64_t aid;
    int rc = agency_id(st, am, agency_region, r->v[C_INSTANSI], &aid);
    if (rc) return rc;
    const char *nip = r->v[C_NIP];
    char birth[11];
    snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", nip, nip + 4, nip + 6);
    /* a reported ASN who moves (position kind, agency, region) moves in the dashboard's
     * figures: their cases are counted again after the row is written */
    nt_stmt *was = nt_query(st->db,
                            "SELECT 1 FROM asn x WHERE x.nip=$1 AND (x.position_kind<>$2 OR"
                            " coalesce(x.agency_id,0)<>$3 OR x.region<>$4) AND EXISTS (SELECT 1"
                            " FROM case_parties p WHERE p.nip=x.nip)",
                            "ttit", nip, r->v[C_JENIS], aid, r->v[C_WILAYAH]);
    bool moved = was && nt_step(was) == 1;
    nt_done(was);
    rc = nt_exec(st->db,
                 "INSERT INTO asn(nip,name,position,position_kind,grade,agency_id,work_unit,region,"
                 "birth_date,sex,updated_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) "
                 "ON CONFLICT(nip) DO UPDATE SET name=excluded.name, position=excluded.position,"
                 " position_kind=excluded.position_kind, grade=excluded.grade,"
                 " agency_id=excluded.agency_id, work_unit=excluded.work_unit,"
                 " region=excluded.region, updated_at=excluded.updated_at",
                 "tttttittt"
                 "ii",
                 nip, r->v[C_NAMA], r->v[C_JABATAN], r->v[C_JENIS], r->v[C_GOLONGAN], aid,
                 r->v[C_UNIT], r->v[C_WILAYAH], birth, (int64_t)(nip[14] - '0'), now);
    if (!rc && moved) {
        nt_stmt *q = nt_query(st->db, "SELECT case_id FROM case_parties WHERE nip=$1", "t", nip);
        json_t *ids = nt_rows_json(q);
        size_t i;
        json_t *row;
        json_array_foreach(ids, i, row) if (!rc) rc =
            nt_figures_case_refresh(st, json_integer_value(json_object_get(row, "case_id")));
        json_decref(ids);
    }
    if (rc || !accounts) return rc; /* a file without the akun column keeps the accounts known */
    rc = nt_exec(st->db, "DELETE FROM asn_accounts WHERE nip=$1", "t", nip);
    for (const char *p = r->v[C_AKUN]; !rc && *p;) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        if (n && colon) {
            char platform[64], handle[256];
            snprintf(platform, sizeof platform, "%.*s", (int)(colon - p), p);
            snprintf(handle, sizeof handle, "%.*s", (int)(p + n - colon - 1), colon + 1);
            rc = nt_exec(st->db,
                         "INSERT INTO asn_accounts(nip,platform,handle) VALUES($1,lower($2),$3)"
                         " ON CONFLICT DO NOTHING",
                         "ttt", nip, platform, handle);
        }
        p += n + (end ? 1 : 0);
    }
    return rc;
}

int nt_roster_import_csv(nt_store *st, const nt_actor *a, const char *data, size_t len,
                         unsigned flags, json_t **report, nt_err *err)
{
    *report = NULL;
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengimpor data ASN");
    nt_csv c;
    nt_csv_init(&c, data, len);
    nt_str f[32];
    size_t nf;
    int rc = nt_csv_next(&c, f, 32, &nf, err);
    if (rc != 1) {
        nt_csv_free(&c);
        if (rc == 0) return nt_err_set(err, NT_EINVAL, "file", "berkas CSV kosong");
        return rc;
    }
    int colmap[C__N];
    for (int k = 0; k < C__N; k++) {
        colmap[k] = -1;
        for (size_t i = 0; i < nf; i++)
            if (nt_str_eq(f[i], columns[k])) colmap[k] = (int)i;
        if (colmap[k] < 0 && required[k]) {
            nt_csv_free(&c);
            return nt_err_set(err, NT_EINVAL, "header",
                              "header CSV tidak memuat kolom wajib '%s' (format: "
                              "nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,"
                              "kode_wilayah,akun)",
                              columns[k]);
        }
    }
    if (nt_db_begin(st->db)) {
        nt_csv_free(&c);
        return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    }
    region_set rs;
    regions_load(st, &rs);
    nt_strmap am = {0};
    json_t *invalid = json_array();
    size_t rows = 0, imported = 0, nbad = 0;
    int64_t now = nt_now();
    roster_row *r = nt_xmalloc(sizeof *r);
    /* NIPs seen in this file, to report duplicates. */
    nt_strmap seen = {0};
    rc = 0;
    for (;;) {
        nt_err rerr = {0};
        int got = nt_csv_next(&c, f, 32, &nf, &rerr);
        if (got == 0) break;
        rows++;
        if (got < 0) {
            /* A broken quote ruins the rest of the file: report and stop reading. */
            report_row(invalid, c.record_line, "", rerr.msg);
            nbad++;
            break;
        }
        if (validate_row(st, a, &rs, colmap, f, nf, r, &rerr)) {
            report_row(invalid, c.record_line, rerr.field, rerr.msg);
            nbad++;
            continue;
        }
        bool dup;
        nt_strmap_slot(&seen, r->v[C_NIP], &dup);
        if (dup) {
            report_row(invalid, c.record_line, "nip", "NIP ganda di dalam berkas");
            nbad++;
            continue;
        }
        if (write_row(st, &am, r, colmap[C_AKUN] >= 0, now)) {
            rc = nt_err_set(err, NT_EDB, NULL, "baris %zu tidak dapat disimpan", c.record_line);
            break;
        }
        imported++;
    }
    free(r);
    nt_csv_free(&c);
    regions_free(&rs);
    nt_strmap_free(&am);
    nt_strmap_free(&seen);
    bool keep =
        rc == 0 && (nbad == 0 || (flags & NT_IMPORT_SKIP_INVALID)) && !(flags & NT_IMPORT_DRY_RUN);
    json_t *rep = json_pack("{si si si so sb}", "rows", (int)rows, "imported",
                            keep ? (int)imported : 0, "invalid_count", (int)nbad, "invalid",
                            invalid, "dry_run", (flags & NT_IMPORT_DRY_RUN) != 0);
    if (keep) {
        json_t *d = json_pack("{si si si}", "rows", (int)rows, "imported", (int)imported, "invalid",
                              (int)nbad);
        rc = nt_audit_append(st, a, "asn.impor", "roster", d);
        json_decref(d);
    }
    if (!keep || rc) {
        nt_db_rollback(st->db);
        if (!(flags & NT_IMPORT_DRY_RUN) && !rc && nbad) {
            json_object_set_new(rep, "valid_count", json_integer((json_int_t)imported));
            rc = nt_err_set(err, NT_EINVAL, "file",
                            "%zu dari %zu baris tidak sah; tidak ada data yang diimpor "
                            "(gunakan --skip-invalid untuk mengimpor baris yang sah saja)",
                            nbad, rows);
        }
        *report = rep;
        return rc;
    }
    *report = rep;
    if (nt_roster_touch(st)) {
        nt_db_rollback(st->db);
        rc = nt_err_set(err, NT_EDB, NULL, "basis data tidak dapat ditulis");
    } else
        rc = nt_db_commit_err(st->db, err);
    if (rc) { /* nothing was written: the report must not say otherwise */
        json_object_set_new(rep, "imported", json_integer(0));
        json_object_set_new(rep, "valid_count", json_integer((json_int_t)imported));
    }
    return rc;
}

/* Whether the ASN reached the civil-service authority in some case (privacy.json
 * "authority_roster": the authority reads only these). */
static bool forwarded_to_authority(nt_store *st, const char *nip)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT 1 FROM case_parties WHERE nip=$1 AND state IN (SELECT name FROM "
                          "rule_party_states WHERE with_authority=1) LIMIT 1",
                          "t", nip);
    bool yes = s && nt_step(s) == 1;
    nt_done(s);
    return yes;
}

/* The position kind in words beside its code ("Jabatan fungsional"). */
static void kind_label(json_t *row)
{
    const char *l =
        nt_position_kind_label(json_string_value(json_object_get(row, "position_kind")));
    if (l) json_object_set_new(row, "position_kind_label", json_string(l));
}

int nt_asn_get(nt_store *st, const nt_actor *a, const char *nip, json_t **out, nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT x.nip, x.name, x.position, x.position_kind, x.grade, "
                          "x.agency_id, g.name AS agency, x.work_unit, x.region, "
                          "r.name AS region_name, x.sex FROM asn x "
                          "LEFT JOIN agencies g ON g.id=x.agency_id "
                          "LEFT JOIN regions r ON r.code=x.region WHERE x.nip=$1",
                          "t", nip);
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    json_t *o = rc == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    if (!o)
        return nt_err_set(err, NT_ENOTFOUND, "nip", "ASN dengan NIP %.18s tidak ditemukan", nip);
    const char *region = json_string_value(json_object_get(o, "region"));
    bool allowed = (a->roles & NT_ROLE_ADMIN) ||
                   ((a->roles & NT_ROLE_OTORITAS) &&
                    (st->rules->authority_roster_all || forwarded_to_authority(st, nip))) ||
                   ((a->roles & NT_ROLE_BAWASLU) && nt_actor_covers_region(a, region)) ||
                   ((a->roles & NT_ROLE_PPK) &&
                    json_integer_value(json_object_get(o, "agency_id")) == a->agency_id);
    if (!allowed) {
        json_decref(o);
        return nt_err_set(err, NT_ENOTFOUND, "nip", "ASN dengan NIP %.18s tidak ditemukan", nip);
    }
    kind_label(o);
    json_t *pledge = nt_pledge_of(st, nip); /* a neutrality pledge signed, if any */
    if (pledge) json_object_set_new(o, "ikrar", pledge);
    json_object_set_new(o, "accounts",
                        nt_rows_json(nt_query(st->db,
                                              "SELECT platform, handle FROM asn_accounts WHERE "
                                              "nip=$1 ORDER BY platform, handle",
                                              "t", nip)));
    /* the person's cases that the reader may open, nothing of the others */
    char *sql = nt_xasprintf("SELECT c.id, c.reg_no, c.state AS case_state, p.state, c.office, "
                             "p.recommendation AS rekomendasi, p.decree AS sk FROM "
                             "case_parties p JOIN cases c ON c.id=p.case_id WHERE p.nip=$1 AND %s "
                             "ORDER BY c.id",
                             nt_scope_sql(a));
    nt_stmt *cs = nt_db_prepare_dynamic(st->db, sql);
    free(sql);
    if (cs) {
        nt_bind_text(cs, 1, nip);
        nt_scope_bind(cs, 9, a);
    }
    json_object_set_new(o, "cases", nt_rows_json(cs));
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(o, "cases"), i, row)
    {
        static const char *jc[] = {"rekomendasi", "sk"};
        for (size_t k = 0; k < 2; k++) {
            const char *t = json_string_value(json_object_get(row, jc[k]));
            json_t *v = t ? json_loads(t, 0, NULL) : NULL;
            json_object_set_new(row, jc[k], v ? v : json_null());
        }
    }
    /* patrol findings are the Bawaslu's working material, not the authority's or a PPK's */
    json_object_set_new(o, "findings",
                        (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU))
                            ? nt_rows_json(nt_query(st->db,
                                                    "SELECT id, platform, kind, verdict, score, "
                                                    "status, posted_at FROM patrol_findings WHERE "
                                                    "nip=$1 ORDER BY id",
                                                    "t", nip))
                            : json_array());
    *out = o;
    return 0;
}

int nt_asn_search(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    const char *q = NULL, *region = NULL, *kind = NULL;
    int64_t agency = 0, limit = 50, offset = 0;
    int rc = nt_in_str(filter, "q", false, 100, &q, err);
    if (!rc) rc = nt_in_str(filter, "region", false, 16, &region, err);
    if (!rc) rc = nt_in_str(filter, "kind", false, 16, &kind, err);
    if (!rc) rc = nt_in_int(filter, "agency", false, 1, INT64_MAX, &agency, err);
    if (!rc) rc = nt_in_int(filter, "limit", false, 1, 500, &limit, err);
    if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT64_MAX, &offset, err);
    if (rc) return rc;
    /* Scope: Bawaslu only within its region; PPK only its agency. */
    const char *scope_region =
        (a->roles & NT_ROLE_BAWASLU) && !(a->roles & NT_ROLE_ADMIN) ? a->region : "";
    int64_t scope_agency = (a->roles & NT_ROLE_PPK) ? a->agency_id : 0;
    /* the authority: the ASN forwarded to it (privacy.json "authority_roster") */
    int64_t forwarded_only = (a->roles & NT_ROLE_OTORITAS) && !(a->roles & NT_ROLE_ADMIN) &&
                             !st->rules->authority_roster_all;
    /* matched without regard to (ASCII) case, alike on both engines */
    char *like = q ? nt_xasprintf("%%%s%%", q) : NULL;
    for (char *p = like; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT x.nip, x.name, x.position, x.position_kind, g.name AS agency, "
                 "x.region FROM asn x LEFT JOIN agencies g ON g.id=x.agency_id "
                 "WHERE ($1 IS NULL OR x.nip LIKE $1 OR lower(x.name) LIKE $1 OR lower(x.position) "
                 "LIKE $1 OR lower(g.name) LIKE $1 OR lower(x.work_unit) LIKE $1) "
                 "AND ($2 IS NULL OR x.region=$2 OR x.region LIKE $2 || '.%') "
                 "AND ($3 IS NULL OR x.position_kind=$3) AND ($4=0 OR x.agency_id=$4) "
                 "AND ($5='' OR x.region=$5 OR x.region LIKE $5 || '.%') "
                 "AND ($6=0 OR x.agency_id=$6) AND ($9=0 OR x.nip IN (SELECT nip FROM "
                 "case_parties WHERE state IN (SELECT name FROM rule_party_states WHERE "
                 "with_authority=1))) ORDER BY x.name, x.nip LIMIT $7 OFFSET $8",
                 "tttitiiii", like, region, kind, agency, scope_region, scope_agency, limit, offset,
                 forwarded_only);
    free(like);
    *out = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row) kind_label(row);
    return 0;
}

/*
 * Preview, then import: an upload (a roster, an attendance list) waits in the evidence
 * directory's tmp/ between the officer's preview and confirmation. The file name carries the
 * kind and the uploader's id, so nobody else can import it; previews never confirmed are
 * dropped after a day.
 */
static void held_path(nt_store *st, const nt_actor *a, const char *kind, const char *token,
                      char *out, size_t n)
{
    snprintf(out, n, "%s/tmp/held-%s-%lld-%s.csv", st->evidence_dir, kind, (long long)a->user_id,
             token);
}

static void sweep_held(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    time_t now = time(NULL);
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "held-", 5) != 0) continue;
        char p[1024];
        struct stat sb;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &sb) == 0 && now - sb.st_mtime > 24 * 3600) unlink(p);
    }
    closedir(d);
}

int nt_upload_hold(nt_store *st, const nt_actor *a, const char *kind, const char *data, size_t len,
                   char token[33], nt_err *err)
{
    unsigned char rnd[16];
    char path[700], dir[600];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(token, 33, rnd, sizeof rnd);
    snprintf(dir, sizeof dir, "%s/tmp", st->evidence_dir);
    int rc = nt_mkdirs(dir, err);
    if (rc) return rc;
    sweep_held(dir);
    held_path(st, a, kind, token, path, sizeof path);
    return nt_file_write_atomic(path, data, len, err);
}

int nt_upload_held(nt_store *st, const nt_actor *a, const char *kind, const char *token,
                   char **data, size_t *len, nt_err *err)
{
    if (!token || strlen(token) != 32 || strspn(token, "0123456789abcdef") != 32)
        return nt_err_set(err, NT_EINVAL, "token", "pratinjau tidak dikenal");
    char path[700];
    held_path(st, a, kind, token, path, sizeof path);
    if (nt_file_read(path, data, len, err))
        return nt_err_set(err, NT_ENOTFOUND, "token",
                          "pratinjau sudah dipakai atau kedaluwarsa; unggah ulang berkasnya");
    return 0;
}

void nt_upload_release(nt_store *st, const nt_actor *a, const char *kind, const char *token)
{
    char path[700];
    held_path(st, a, kind, token, path, sizeof path);
    unlink(path);
}

int nt_roster_stage(nt_store *st, const nt_actor *a, const char *data, size_t len, char token[33],
                    json_t **report, nt_err *err)
{
    *report = NULL;
    int rc = nt_roster_import_csv(st, a, data, len, NT_IMPORT_DRY_RUN, report, err);
    if (rc && !*report) return rc; /* not a bad row but a refusal: nothing to preview */
    return nt_upload_hold(st, a, "roster", data, len, token, err);
}

int nt_roster_import_staged(nt_store *st, const nt_actor *a, const char *token, unsigned flags,
                            json_t **report, nt_err *err)
{
    *report = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = nt_upload_held(st, a, "roster", token, &data, &len, err);
    if (rc) return rc;
    rc = nt_roster_import_csv(st, a, data, len, flags, report, err);
    if (!rc) nt_upload_release(st, a, "roster", token);
    free(data);
    return rc;
}
