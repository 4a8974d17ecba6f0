/*
 * prevention.c - the prevention work of a Bawaslu office: cooperation agreements (MoU, PKS)
 * with their parties and witnesses, and which regions holding an election have none in
 * force. Scoped as cases are: an office records and reads its own region and those below.
 */
#include "store/store_int.h"

#include "base/csv.h"
#include "base/utf8.h"
#include "rules/nip.h"
#include "rules/prevention.h"

#include <stdlib.h>
#include <string.h>

#define PARTIES_MAX 12
#define WITNESSES_MAX 12

int nt_check_election(nt_store *st, const nt_actor *a, const char *election, nt_err *err)
{
    nt_stmt *s = nt_query(st->db, "SELECT region FROM elections WHERE id=$1", "t", election);
    bool ok = s && nt_step(s) == 1 && nt_actor_covers_region(a, nt_col_text(s, 0));
    nt_done(s);
    if (!ok)
        return nt_err_set(err, NT_EINVAL, "pemilihan",
                          "pemilihan '%.64s' tidak dikenal di wilayah kerja Anda", election);
    return 0;
}

static bool may_record(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) != 0;
}

/* One party or witness: {jenis, nama, penandatangan, jabatan} (a witness has no jenis). */
static int read_signer(json_t *p, const char *field, bool witness, const char **kind,
                       const char **name, const char **who, const char **position, nt_err *err)
{
    char f[48];
    if (!json_is_object(p))
        return nt_err_set(err, NT_EINVAL, field, "%s harus berisi nama dan penandatangan",
                          witness ? "setiap saksi" : "setiap pihak");
    *kind = witness ? "lainnya" : NULL;
    int rc = 0;
    if (!witness) {
        snprintf(f, sizeof f, "%s.jenis", field);
        rc = nt_in_str(p, "jenis", true, 16, kind, err);
        if (!rc && !nt_kind_label(nt_agreement_party_kinds, *kind))
            rc = nt_err_set(err, NT_EINVAL, f,
                            "jenis pihak '%.16s' tidak dikenal (bawaslu, pemda, otoritas, korpri, "
                            "lainnya)",
                            *kind);
    }
    if (!rc) rc = nt_in_str(p, "nama", !witness, 200, name, err);
    if (!rc) rc = nt_in_str(p, "penandatangan", true, 200, who, err);
    if (!rc) rc = nt_in_str(p, "jabatan", false, 200, position, err);
    if (rc && strncmp(err->field, field, strlen(field))) { /* name the list and the place */
        char inner[64];
        nt_strlcpy(inner, err->field, sizeof inner);
        snprintf(err->field, sizeof err->field, "%s.%s", field, inner);
    }
    if (!*name) *name = "";
    if (!*position) *position = "";
    return rc;
}

int nt_agreement_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!may_record(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat mencatat kesepakatan kerja sama");
    const char *number, *kind, *office, *election, *scope, *place;
    nt_date signed_on, from, to;
    int rc = nt_in_str(in, "nomor", true, 100, &number, err);
    if (!rc) rc = nt_in_str(in, "jenis", true, 8, &kind, err);
    if (!rc && !nt_kind_label(nt_agreement_kinds, kind))
        rc = nt_err_set(err, NT_EINVAL, "jenis", "jenis kesepakatan harus mou atau pks");
    if (!rc) rc = nt_in_date(in, "tanggal", true, true, &signed_on, err);
    if (!rc) rc = nt_in_date(in, "berlaku_dari", false, false, &from, err);
    if (!rc) rc = nt_in_date(in, "berlaku_sampai", false, false, &to, err);
    if (!rc) rc = nt_in_str(in, "kantor", false, 16, &office, err);
    if (!rc) rc = nt_in_str(in, "pemilihan", false, 64, &election, err);
    if (!rc) rc = nt_in_str(in, "ruang_lingkup", true, 4000, &scope, err);
    if (!rc) rc = nt_in_str(in, "tempat", false, 200, &place, err);
    if (rc) return rc;
    if (from == NT_DATE_NONE) from = signed_on;
    if (to != NT_DATE_NONE && to < from)
        return nt_err_set(err, NT_EINVAL, "berlaku_sampai",
                          "akhir masa berlaku tidak boleh sebelum awalnya");
    if (!office) office = a->region;
    if (*office && nt_check_region(st, "kantor", office, NULL, err)) return err->code;
    if (!nt_actor_covers_region(a, office))
        return nt_err_set(err, NT_EFORBIDDEN, "kantor", "kantor %s di luar wilayah kerja Anda",
                          *office ? office : "nasional");
    if (election && nt_check_election(st, a, election, err)) return err->code;
    /* the parties (two at least) and the witnesses */
    json_t *parties = json_object_get(in, "pihak"), *witnesses = json_object_get(in, "saksi");
    if (!json_is_array(parties) || json_array_size(parties) < 2 ||
        json_array_size(parties) > PARTIES_MAX)
        return nt_err_set(err, NT_EINVAL, "pihak",
                          "kesepakatan memerlukan 2 sampai %d pihak yang menandatangani",
                          PARTIES_MAX);
    if (witnesses && !json_is_null(witnesses) &&
        (!json_is_array(witnesses) || json_array_size(witnesses) > WITNESSES_MAX))
        return nt_err_set(err, NT_EINVAL, "saksi", "paling banyak %d saksi", WITNESSES_MAX);
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p)
    {
        const char *k, *n, *w, *pos;
        char field[32];
        snprintf(field, sizeof field, "pihak.%zu", i + 1);
        if ((rc = read_signer(p, field, false, &k, &n, &w, &pos, err))) return rc;
    }
    json_array_foreach(witnesses, i, p)
    {
        const char *k, *n, *w, *pos;
        char field[32];
        snprintf(field, sizeof field, "saksi.%zu", i + 1);
        if ((rc = read_signer(p, field, true, &k, &n, &w, &pos, err))) return rc;
    }
    int y, m, d;
    nt_date_to_ymd(signed_on, &y, &m, &d);
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    nt_stmt *s =
        nt_query(st->db, "SELECT 1 FROM agreements WHERE office=$1 AND year=$2 AND number=$3",
                 "tit", office, (int64_t)y, number);
    bool dup = s && nt_step(s) == 1;
    nt_done(s);
    if (dup) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_ECONFLICT, "nomor",
                          "kesepakatan nomor %.100s sudah tercatat untuk kantor ini pada tahun %d",
                          number, y);
    }
    s = nt_query(st->db,
                 "INSERT INTO agreements(office,number,year,kind,signed_on,valid_from,valid_to,"
                 "election_id,scope,place,created_by,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,"
                 "$9,$10,$11,$12) RETURNING id",
                 "ttitddd"
                 "tttti",
                 office, number, (int64_t)y, kind, signed_on, from, to, election, scope,
                 place ? place : "", a->username, nt_now());
    rc = s && nt_step(s) == 1 ? 0 : NT_EDB;
    if (!rc) *id = nt_col_int(s, 0);
    nt_done(s);
    int64_t seq = 0;
    json_t *lists[2] = {parties, witnesses};
    for (int l = 0; !rc && l < 2; l++)
        json_array_foreach(lists[l], i, p)
        {
            const char *k, *n, *w, *pos;
            nt_err ignored = {0};
            read_signer(p, "x", l == 1, &k, &n, &w, &pos, &ignored);
            rc = nt_exec(st->db,
                         "INSERT INTO agreement_parties(agreement_id,seq,role,kind,name,signatory,"
                         "position) VALUES($1,$2,$3,$4,$5,$6,$7)",
                         "iittttt", *id, ++seq, l ? "saksi" : "pihak", k, n, w, pos);
            if (rc) break;
        }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "agreement:%lld", (long long)*id);
        json_t *det =
            json_pack("{ss ss ss sI}", "nomor", number, "jenis", kind, "kantor",
                      *office ? office : "nasional", "pihak", (json_int_t)json_array_size(parties));
        rc = nt_audit_append(st, a, "kesepakatan.tambah", obj, det);
        json_decref(det);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "kesepakatan tidak dapat disimpan");
    }
    if (nt_db_commit(st->db))
        return nt_err_set(err, NT_EDB, NULL, "kesepakatan tidak dapat disimpan");
    return 0;
}

int nt_agreements_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat kesepakatan kerja sama");
    const char *office = NULL, *election = NULL;
    int rc = 0;
    if (filter) {
        rc = nt_in_str(filter, "kantor", false, 16, &office, err);
        if (!rc) rc = nt_in_str(filter, "pemilihan", false, 64, &election, err);
    }
    if (rc) return rc;
    nt_stmt *s = nt_query(
        st->db,
        "SELECT g.id, g.office AS kantor, coalesce(r.name, '') AS nama_kantor, g.number AS nomor,"
        " g.kind AS jenis, g.signed_on AS tanggal, g.valid_from AS berlaku_dari, g.valid_to AS"
        " berlaku_sampai, g.election_id AS pemilihan, coalesce(e.name, '') AS nama_pemilihan,"
        " g.scope AS ruang_lingkup, g.place AS tempat, g.created_by AS dicatat_oleh, CASE WHEN"
        " g.valid_from <= $4 AND (g.valid_to IS NULL OR g.valid_to >= $4) THEN 1 ELSE 0 END AS"
        " berlaku FROM agreements"
        " g LEFT JOIN regions r ON r.code=g.office LEFT JOIN elections e ON e.id=g.election_id"
        " WHERE ($1='' OR g.office=$1 OR (g.office > $1 || '.' AND g.office < $1 || '/')) AND ($2"
        " IS NULL OR g.office=$2 OR (g.office > $2 || '.' AND g.office < $2 || '/')) AND ($3 IS"
        " NULL OR g.election_id=$3) ORDER BY g.signed_on DESC, g.id DESC LIMIT 500",
        "tttd", a->region, office, election, nt_today());
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        const char *k = json_string_value(json_object_get(row, "jenis"));
        json_object_set_new(row, "jenis_label", json_string(nt_kind_label(nt_agreement_kinds, k)));
        nt_date_label(row, "tanggal");
        nt_date_label(row, "berlaku_dari");
        nt_date_label(row, "berlaku_sampai");
        json_object_set_new(row, "berlaku",
                            json_boolean(json_integer_value(json_object_get(row, "berlaku"))));
        nt_stmt *q = nt_query(st->db,
                              "SELECT role, kind AS jenis, name AS nama, signatory AS "
                              "penandatangan, position AS jabatan FROM agreement_parties WHERE "
                              "agreement_id=$1 ORDER BY seq",
                              "i", json_integer_value(json_object_get(row, "id")));
        json_t *signers = nt_rows_json(q), *pty = json_array(), *wit = json_array(), *x;
        size_t k2;
        json_array_foreach(signers, k2, x)
        {
            bool w = !strcmp(json_string_value(json_object_get(x, "role")), "saksi");
            json_object_del(x, "role");
            if (!w)
                json_object_set_new(
                    x, "jenis_label",
                    json_string(nt_kind_label(nt_agreement_party_kinds,
                                              json_string_value(json_object_get(x, "jenis")))));
            else
                json_object_del(x, "jenis");
            json_array_append(w ? wit : pty, x);
        }
        json_decref(signers);
        json_object_set_new(row, "pihak", pty);
        json_object_set_new(row, "saksi", wit);
        json_object_set_new(row, "berkas",
                            nt_prevention_files_of(st, "agreement",
                                                   json_integer_value(json_object_get(row, "id"))));
    }
    *out = rows;
    return 0;
}

int nt_agreement_coverage(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat melihat kesepakatan kerja sama");
    /* the elections not yet held (or held within the last year) in scope, each with the
     * agreements in force for its region on the day (or made for it) */
    nt_date today = nt_today();
    nt_stmt *s = nt_query(
        st->db,
        "SELECT e.id AS pemilihan, e.name AS nama_pemilihan, e.region AS wilayah,"
        " coalesce(r.name, e.region) AS nama_wilayah, e.voting_date AS pemungutan,"
        " (SELECT count(*) FROM agreements g WHERE g.election_id=e.id OR (g.office=e.region AND"
        " g.valid_from <= $2 AND (g.valid_to IS NULL OR g.valid_to >= $2))) AS kesepakatan"
        " FROM elections e LEFT JOIN regions r ON r.code=e.region WHERE ($1='' OR e.region=$1 OR"
        " (e.region > $1 || '.' AND e.region < $1 || '/')) AND e.voting_date >= $3"
        " ORDER BY 6, e.region, e.id",
        "tdd", a->region, today, today - 365);
    json_t *rows = nt_rows_json(s);
    size_t i, none = 0;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        bool has = json_integer_value(json_object_get(row, "kesepakatan")) > 0;
        json_object_set_new(row, "ada", json_boolean(has));
        none += !has;
        nt_date_label(row, "pemungutan");
    }
    *out = json_pack("{so sI}", "pemilihan", rows, "tanpa_kesepakatan", (json_int_t)none);
    return 0;
}

/* ---- neutrality pledges ---- */

#define PLEDGE_IMPORT_ROWS 100000
#define PLEDGE_REPORT_MAX 200

static bool may_pledge(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_PPK)) != 0;
}

/* An ASN the actor may record a pledge for: on the roster, in a Bawaslu office's region, of a
 * PPK's own agency. 0, or NT_EINVAL / NT_EFORBIDDEN with the message. */
static int pledge_subject(nt_store *st, const nt_actor *a, const char *nip, nt_err *err)
{
    nt_stmt *s =
        nt_query(st->db, "SELECT region, coalesce(agency_id,0) FROM asn WHERE nip=$1", "t", nip);
    bool found = s && nt_step(s) == 1;
    char region[16] = "";
    int64_t agency = 0;
    if (found) {
        nt_strlcpy(region, nt_col_text(s, 0), sizeof region);
        agency = nt_col_int(s, 1);
    }
    nt_done(s);
    if (!found) return nt_err_set(err, NT_EINVAL, "nip", "NIP %.18s tidak ada dalam data ASN", nip);
    bool ok = (a->roles & NT_ROLE_ADMIN) ||
              ((a->roles & NT_ROLE_BAWASLU) && nt_actor_covers_region(a, region)) ||
              ((a->roles & NT_ROLE_PPK) && agency == a->agency_id);
    if (!ok)
        return nt_err_set(err, NT_EFORBIDDEN, "nip",
                          "ASN dengan NIP %.18s di luar wilayah atau instansi Anda", nip);
    return 0;
}

/* The pledge's common fields: the day (not in the future), how, at which event, and the
 * version of the text (default: the one in use that day). */
static int pledge_terms(nt_store *st, json_t *in, nt_date *day, const char **method,
                        const char **event, const char **version, nt_err *err)
{
    int rc = nt_in_date(in, "tanggal", true, true, day, err);
    if (!rc) rc = nt_in_str(in, "cara", true, 8, method, err);
    if (!rc && !nt_kind_label(nt_pledge_methods, *method))
        rc = nt_err_set(err, NT_EINVAL, "cara", "cara harus kertas, acara atau daftar");
    if (!rc) rc = nt_in_str(in, "acara", false, 200, event, err);
    if (!rc) rc = nt_in_str(in, "versi", false, 32, version, err);
    if (rc) return rc;
    if (!*event) *event = "";
    const json_t *v =
        *version ? nt_rules_pledge(st->rules, *version) : nt_rules_pledge_on(st->rules, *day);
    if (!v)
        return nt_err_set(err, NT_EINVAL, "versi",
                          *version ? "teks ikrar versi '%.32s' tidak dikenal"
                                   : "tidak ada teks ikrar yang berlaku pada tanggal itu",
                          *version ? *version : "");
    *version = json_string_value(json_object_get(v, "id"));
    return 0;
}

static bool already_signed(nt_store *st, const char *nip, const char *version)
{
    nt_stmt *s =
        nt_query(st->db, "SELECT 1 FROM pledges WHERE nip=$1 AND version=$2", "tt", nip, version);
    bool yes = s && nt_step(s) == 1;
    nt_done(s);
    return yes;
}

static int insert_pledge(nt_store *st, const nt_actor *a, const char *nip, const char *version,
                         nt_date day, const char *method, const char *event)
{
    int rc =
        nt_exec(st->db,
                "INSERT INTO pledges(nip,version,signed_on,method,event,office,recorded_by,"
                "created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8)",
                "ttdttttI", nip, version, day, method, event, a->region, a->username, nt_now());
    return rc ? rc : nt_roster_touch(st);
}

int nt_pledge_record(nt_store *st, const nt_actor *a, json_t *in, nt_err *err)
{
    if (!may_pledge(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mencatat ikrar");
    const char *nip, *method, *event, *version;
    nt_date day;
    int rc = nt_in_str(in, "nip", true, 18, &nip, err);
    if (!rc) rc = pledge_terms(st, in, &day, &method, &event, &version, err);
    if (!rc) rc = pledge_subject(st, a, nip, err);
    if (rc) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    if (already_signed(st, nip, version)) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_ECONFLICT, "nip",
                          "ASN dengan NIP %.18s sudah tercatat menandatangani ikrar versi %s", nip,
                          version);
    }
    rc = insert_pledge(st, a, nip, version, day, method, event);
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "asn:%.18s", nip);
        json_t *d = json_pack("{ss ss ss}", "versi", version, "cara", method, "acara", event);
        rc = nt_audit_append(st, a, "ikrar.catat", obj, d);
        json_decref(d);
    }
    if (rc || nt_db_commit(st->db)) {
        if (rc) nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "ikrar tidak dapat disimpan");
    }
    return 0;
}

int nt_pledges_import(nt_store *st, const nt_actor *a, json_t *terms, const char *csv, size_t len,
                      bool write, json_t **report, nt_err *err)
{
    *report = NULL;
    if (!may_pledge(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mencatat ikrar");
    const char *method, *event, *version;
    nt_date day;
    int rc = pledge_terms(st, terms, &day, &method, &event, &version, err);
    if (rc) return rc;
    if (!nt_utf8_valid(csv, len))
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas bukan teks UTF-8 yang sah");
    nt_csv c;
    nt_csv_init(&c, csv, len);
    nt_str f[32];
    size_t nf;
    nt_err e = {0};
    int col = -1;
    if (nt_csv_next(&c, f, 32, &nf, &e) == 1)
        for (size_t k = 0; k < nf; k++)
            if (nt_str_eq(f[k], "nip")) col = (int)k;
    if (col < 0) {
        nt_csv_free(&c);
        return nt_err_set(err, NT_EINVAL, "berkas",
                          "baris pertama berkas harus judul kolom dengan kolom 'nip'");
    }
    json_t *bad = json_array(), *good = json_array(), *seen = json_object();
    size_t rows = 0, nbad = 0;
    for (int got; (got = nt_csv_next(&c, f, 32, &nf, &e)) != 0;) {
        rows++;
        char nip[32] = "";
        nt_err re = {0};
        if (got < 0) {
            re = e;
        } else if (rows > PLEDGE_IMPORT_ROWS) {
            nt_err_set(&re, NT_ETOOBIG, "berkas", "lebih dari %d baris", PLEDGE_IMPORT_ROWS);
        } else {
            nt_str v = (size_t)col < nf ? f[col] : (nt_str){"", 0};
            snprintf(nip, sizeof nip, "%.*s", (int)(v.len < 31 ? v.len : 31), v.p);
            nt_nip parsed;
            if (nt_nip_parse(nip, strlen(nip), nt_today(), &parsed, &re) == 0 &&
                pledge_subject(st, a, nip, &re) == 0) {
                if (json_object_get(seen, nip))
                    nt_err_set(&re, NT_EINVAL, "nip", "NIP %s sudah ada di baris lain berkas ini",
                               nip);
                else if (already_signed(st, nip, version))
                    nt_err_set(&re, NT_ECONFLICT, "nip",
                               "NIP %s sudah tercatat menandatangani ikrar versi ini", nip);
            }
        }
        if (re.code) {
            nbad++;
            if (json_array_size(bad) < PLEDGE_REPORT_MAX)
                json_array_append_new(bad,
                                      json_pack("{sI ss ss}", "baris", (json_int_t)c.record_line,
                                                "nip", nip, "pesan", re.msg));
            if (got < 0 || rows > PLEDGE_IMPORT_ROWS) break; /* the rest cannot be trusted */
            continue;
        }
        json_object_set_new(seen, nip, json_true());
        json_array_append_new(good, json_string(nip));
    }
    nt_csv_free(&c);
    json_decref(seen);
    *report = json_pack("{sI sI sI so ss}", "baris", (json_int_t)rows, "sah",
                        (json_int_t)json_array_size(good), "salah_jumlah", (json_int_t)nbad,
                        "salah", bad, "versi", version);
    if (!write || nbad || !json_array_size(good)) {
        json_decref(good);
        if (write && nbad)
            return nt_err_set(err, NT_EINVAL, "berkas",
                              "%zu baris salah; tidak ada yang disimpan (perbaiki berkasnya)",
                              nbad);
        if (write && !rows)
            return nt_err_set(err, NT_EINVAL, "berkas", "berkas tidak berisi baris NIP");
        return 0;
    }
    if (nt_db_begin(st->db)) {
        json_decref(good);
        return nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    }
    size_t i;
    json_t *n;
    json_array_foreach(good, i, n)
    {
        if ((rc = insert_pledge(st, a, json_string_value(n), version, day, method, event))) break;
    }
    if (!rc) {
        json_t *d = json_pack("{ss ss ss sI}", "versi", version, "cara", method, "acara", event,
                              "jumlah", (json_int_t)json_array_size(good));
        rc = nt_audit_append(st, a, "ikrar.impor", "pledges", d);
        json_decref(d);
    }
    json_decref(good);
    if (rc || nt_db_commit(st->db)) {
        if (rc) nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "ikrar tidak dapat disimpan");
    }
    json_object_set_new(*report, "disimpan", json_true());
    return 0;
}

/* Adds one grouped count (group key, count) into acc {key: {asn, ikrar}}, a region folded
 * into its regency (fold: the key's first 5 characters). */
static void coverage_add(nt_store *st, const char *sql, const nt_actor *a, bool fold,
                         const char *field, json_t *acc)
{
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql);
    if (s) {
        nt_bind_text(s, 1, a->region);
        nt_bind_int(s, 2, a->agency_id);
    }
    while (s && nt_step(s) == 1) {
        char key[24];
        snprintf(key, sizeof key, fold ? "%.5s" : "%s", nt_col_text(s, 0));
        json_t *e = json_object_get(acc, key);
        if (!e) {
            e = json_pack("{sI sI}", "asn", (json_int_t)0, "ikrar", (json_int_t)0);
            json_object_set_new(acc, key, e);
        }
        json_t *v = json_object_get(e, field);
        json_integer_set(v, json_integer_value(v) + nt_col_int(s, 1));
    }
    nt_done(s);
}

static int by_share(const void *x, const void *y)
{
    json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    double sa = json_real_value(json_object_get(a, "cakupan"));
    double sb = json_real_value(json_object_get(b, "cakupan"));
    if (sa != sb) return sa < sb ? -1 : 1;
    return strcmp(json_string_value(json_object_get(a, "label")),
                  json_string_value(json_object_get(b, "label")));
}

int nt_pledge_coverage(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!may_pledge(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat ikrar");
    /* kept while the roster and the pledges stand (a case moving changes nothing here) */
    char key[96], head[72];
    nt_cache_key("pledge-coverage", a, NULL, (int)nt_today(), key);
    if (!nt_roster_generation(st, head)) head[0] = '\0';
    if (head[0] && (*out = nt_cache_lookup(key, head))) return 0;
    /* the ASN a reader may count: a Bawaslu office's region, a PPK's own agency. The roster
     * and the pledges are counted apart and grouped by what their indexes hold (agency,
     * region), so a national reader does not join 4 million rows to the pledges. */
    /* (a region and those below it are one range of codes: "35.05" up to "35.05/", as '/'
     * follows '.'; written as a range so the index on the region serves it) */
    const char *scope = (a->roles & NT_ROLE_PPK) && !(a->roles & NT_ROLE_ADMIN) ? "x.agency_id=$2"
                        : !a->region[0]                                         ? "$1='' AND $2=$2"
                                        : "x.region >= $1 AND x.region < $1 || '/' AND $2=$2";
    json_t *o = json_object();
    static const struct {
        const char *key, *group;
        bool fold;
    } groups[] = {{"instansi", "coalesce(x.agency_id,0)", false}, {"wilayah", "x.region", true}};
    for (size_t k = 0; k < NT_ARRAY_LEN(groups); k++) {
        json_t *acc = json_object();
        nt_buf sql = {0};
        nt_buf_printf(&sql, "SELECT %s, count(*) FROM asn x WHERE %s GROUP BY 1", groups[k].group,
                      scope);
        coverage_add(st, sql.p, a, groups[k].fold, "asn", acc);
        nt_buf_free(&sql);
        /* a region's pledges from its roster (SQLite keeps the CROSS JOIN's order), the whole
         * country's from the pledges */
        nt_buf_printf(
            &sql, "SELECT %s, count(DISTINCT p.nip) FROM %s WHERE p.nip=x.nip AND %s GROUP BY 1",
            groups[k].group,
            a->region[0] || (a->roles & NT_ROLE_PPK) ? "asn x CROSS JOIN pledges p"
                                                     : "pledges p CROSS JOIN asn x",
            scope);
        coverage_add(st, sql.p, a, groups[k].fold, "ikrar", acc);
        nt_buf_free(&sql);
        size_t n = json_object_size(acc), i = 0;
        json_t **v = nt_xcalloc(n ? n : 1, sizeof *v), *e;
        const char *gk;
        json_object_foreach(acc, gk, e)
        {
            int64_t asn = json_integer_value(json_object_get(e, "asn"));
            int64_t signed_n = json_integer_value(json_object_get(e, "ikrar"));
            double share = asn ? (double)signed_n / (double)asn : 0;
            char pct[16];
            nt_decimal_id(share * 100, 1, pct, sizeof pct);
            nt_stmt *q = groups[k].fold
                             ? nt_query(st->db, "SELECT name FROM regions WHERE code=$1", "t", gk)
                             : nt_query(st->db, "SELECT name FROM agencies WHERE id=$1", "i",
                                        (int64_t)strtoll(gk, NULL, 10));
            const char *label = q && nt_step(q) == 1 ? nt_col_text(q, 0)
                                : groups[k].fold     ? gk
                                                     : "(tanpa instansi)";
            v[i++] = json_pack("{ss ss sI sI sf ss sb}", "key", gk, "label", label, "asn",
                               (json_int_t)asn, "ikrar", (json_int_t)signed_n, "cakupan", share,
                               "cakupan_label", pct, "di_bawah_ambang",
                               share < st->rules->pledge_coverage_min);
            nt_done(q);
        }
        qsort(v, n, sizeof *v, by_share);
        json_t *rows = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(rows, v[i]);
        free(v);
        json_decref(acc);
        json_object_set_new(o, groups[k].key, rows);
    }
    char pct[16];
    snprintf(pct, sizeof pct, "%.0f", st->rules->pledge_coverage_min * 100);
    json_object_set_new(o, "ambang", json_real(st->rules->pledge_coverage_min));
    json_object_set_new(o, "ambang_label", json_string(pct));
    json_object_set_new(o, "versi_aturan", json_string(st->rules->pledges_version));
    nt_cache_put(key, head, o);
    *out = o;
    return 0;
}

json_t *nt_pledge_of(nt_store *st, const char *nip)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT version, signed_on, method, event FROM pledges WHERE nip=$1 "
                          "ORDER BY signed_on DESC, id DESC LIMIT 1",
                          "t", nip);
    json_t *o = NULL;
    if (s && nt_step(s) == 1) {
        const json_t *v = nt_rules_pledge(st->rules, nt_col_text(s, 0));
        o = json_pack("{ss ss ss ss ss}", "versi", nt_col_text(s, 0), "judul",
                      v ? json_string_value(json_object_get(v, "title")) : nt_col_text(s, 0),
                      "tanggal", nt_col_text(s, 1), "cara_label",
                      nt_kind_label(nt_pledge_methods, nt_col_text(s, 2)) ?: "", "acara",
                      nt_col_text(s, 3));
        nt_date_label(o, "tanggal");
    }
    nt_done(s);
    return o;
}

/* ---- appeals (imbauan, surat edaran) ---- */

int nt_in_kinds(json_t *in, const char *key, const nt_kind *table, const char *what, bool required,
                char **out, nt_err *err)
{
    json_t *v = json_object_get(in, key), *x;
    if (!required && (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v)))) {
        *out = nt_xstrdup("[]");
        return 0;
    }
    if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > 16)
        return nt_err_set(err, NT_EINVAL, key, "pilih paling sedikit satu %s", what);
    json_t *seen = json_object();
    size_t i;
    json_array_foreach(v, i, x)
    {
        const char *k = json_string_value(x);
        if (!k || !nt_kind_label(table, k) || json_object_get(seen, k)) {
            json_decref(seen);
            return nt_err_set(err, NT_EINVAL, key, "%s '%.32s' tidak dikenal atau ganda", what,
                              k ? k : "?");
        }
        json_object_set_new(seen, k, json_true());
    }
    json_decref(seen);
    *out = json_dumps(v, JSON_COMPACT);
    return 0;
}

int nt_appeal_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!may_record(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mencatat imbauan");
    const char *number, *issuer, *body, *basis, *office, *election;
    nt_date day;
    int rc = nt_in_str(in, "nomor", true, 100, &number, err);
    if (!rc) rc = nt_in_date(in, "tanggal", true, true, &day, err);
    if (!rc) rc = nt_in_str(in, "penerbit", true, 200, &issuer, err);
    if (!rc) rc = nt_in_str(in, "isi", true, 20000, &body, err);
    if (!rc) rc = nt_in_str(in, "dasar", false, 1000, &basis, err);
    if (!rc) rc = nt_in_str(in, "kantor", false, 16, &office, err);
    if (!rc) rc = nt_in_str(in, "pemilihan", false, 64, &election, err);
    if (rc) return rc;
    char *to = NULL, *ways = NULL;
    rc = nt_in_kinds(in, "tujuan", nt_appeal_addressees, "tujuan imbauan", true, &to, err);
    if (!rc)
        rc = nt_in_kinds(in, "saluran", nt_appeal_channels, "cara penyampaian", true, &ways, err);
    if (!office) office = a->region;
    if (!rc && *office && nt_check_region(st, "kantor", office, NULL, err)) rc = err->code;
    if (!rc && !nt_actor_covers_region(a, office))
        rc = nt_err_set(err, NT_EFORBIDDEN, "kantor", "kantor %s di luar wilayah kerja Anda",
                        *office ? office : "nasional");
    if (!rc && election) rc = nt_check_election(st, a, election, err);
    int y, m, d;
    nt_date_to_ymd(day, &y, &m, &d);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    if (!rc) {
        nt_stmt *s =
            nt_query(st->db, "SELECT 1 FROM appeals WHERE office=$1 AND year=$2 AND number=$3",
                     "tit", office, (int64_t)y, number);
        bool dup = s && nt_step(s) == 1;
        nt_done(s);
        if (dup) {
            nt_db_rollback(st->db);
            rc = nt_err_set(err, NT_ECONFLICT, "nomor",
                            "imbauan nomor %.100s sudah tercatat untuk kantor ini pada tahun %d",
                            number, y);
        } else {
            s = nt_query(st->db,
                         "INSERT INTO appeals(office,number,year,issued_on,issuer,addressees,body,"
                         "basis,channels,election_id,created_by,created_at) VALUES($1,$2,$3,$4,$5,"
                         "$6,$7,$8,$9,$10,$11,$12) RETURNING id",
                         "ttidtttttt"
                         "ti",
                         office, number, (int64_t)y, day, issuer, to, body, basis ? basis : "",
                         ways, election, a->username, nt_now());
            rc = s && nt_step(s) == 1 ? 0 : NT_EDB;
            if (!rc) *id = nt_col_int(s, 0);
            nt_done(s);
            if (!rc) {
                char obj[48];
                snprintf(obj, sizeof obj, "appeal:%lld", (long long)*id);
                json_t *det =
                    json_pack("{ss ss}", "nomor", number, "kantor", *office ? office : "nasional");
                rc = nt_audit_append(st, a, "imbauan.tambah", obj, det);
                json_decref(det);
            }
            if (rc) {
                nt_db_rollback(st->db);
                rc = nt_err_set(err, NT_EDB, NULL, "imbauan tidak dapat disimpan");
            } else if (nt_db_commit(st->db)) {
                rc = nt_err_set(err, NT_EDB, NULL, "imbauan tidak dapat disimpan");
            }
        }
    }
    free(to), free(ways);
    return rc;
}

json_t *nt_kinds_json(const char *text, const nt_kind *table)
{
    json_t *v = json_loads(text ? text : "[]", 0, NULL), *out = json_array(), *x;
    size_t i;
    json_array_foreach(v, i, x)
    {
        const char *l = nt_kind_label(table, json_string_value(x));
        json_array_append_new(out, json_pack("{sO ss}", "value", x, "label", l ? l : "?"));
    }
    json_decref(v);
    return out;
}

int nt_appeals_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!may_record(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat imbauan");
    nt_stmt *s = nt_query(
        st->db,
        "SELECT p.id, p.office AS kantor, coalesce(r.name,'') AS nama_kantor, p.number AS nomor,"
        " p.issued_on AS tanggal, p.issuer AS penerbit, p.addressees AS tujuan, p.body AS isi,"
        " p.basis AS dasar, p.channels AS saluran, p.election_id AS pemilihan, coalesce(e.name,"
        " '') AS nama_pemilihan FROM appeals p LEFT JOIN regions r ON r.code=p.office LEFT JOIN"
        " elections e ON e.id=p.election_id WHERE ($1='' OR p.office=$1 OR (p.office > $1 || '.'"
        " AND p.office < $1 || '/')) ORDER BY p.issued_on DESC, p.id DESC LIMIT 500",
        "t", a->region);
    json_t *rows = nt_rows_json(s), *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        json_object_set_new(
            row, "tujuan",
            nt_kinds_json(json_string_value(json_object_get(row, "tujuan")), nt_appeal_addressees));
        json_object_set_new(
            row, "saluran",
            nt_kinds_json(json_string_value(json_object_get(row, "saluran")), nt_appeal_channels));
        nt_date_label(row, "tanggal");
    }
    *out = rows;
    return 0;
}
