/*
 * exchange.c - what the store keeps of the signed exchange with the civil-service authority
 * (src/exchange builds and reads the packages): the offices' public keys, the packages sent
 * and received, the link between a case and its copy on the other side, and the two imports:
 * a forwarded case (on the authority's Netral) and the results that come back (on the
 * forwarding office's).
 *
 * Everything an import writes is written in one transaction: the case, its reported ASN,
 * their agencies, its history, its files, the link, the package record and the audit entry;
 * a refused package leaves nothing. A forwarding package seen before gives the case it made
 * (idempotent); a results package seen before, or one that skips or repeats a number in the
 * link's sequence, is refused.
 */
#include "store/case_int.h"
#include "store/store_int.h"

#include "base/date.h"
#include "rules/workflow.h"

#include <stdlib.h>
#include <string.h>

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int fail_db(nt_store *st, nt_err *err, const char *what)
{
    nt_db_rollback(st->db);
    if (err->code) return err->code;
    return nt_err_set(err, NT_EDB, NULL, "%s", what);
}

/* The statement's first row as an object (NULL if none); finishes the statement. */
static json_t *one_row(nt_stmt *s)
{
    json_t *o = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    return o;
}

/* ---- keys ---- */

void nt_exchange_key_id_of(const char *pk_hex, char id[17])
{
    char h[65];
    nt_sha256_hex(pk_hex, strlen(pk_hex), h);
    memcpy(id, h, 16);
    id[16] = '\0';
}

int nt_exchange_office_check(const char *office, nt_err *err)
{
    if (!office || !*office || strlen(office) > 24 ||
        strspn(office, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_") !=
            strlen(office) ||
        office[0] == '.')
        return nt_err_set(err, NT_EINVAL, "kantor",
                          "kode kantor harus huruf, angka, titik atau tanda hubung (maks. 24)");
    return 0;
}

int nt_exchange_key_put(nt_store *st, const nt_actor *a, const char *office, const char *pk_hex,
                        bool own, const char *label, nt_err *err)
{
    int rc0 = nt_exchange_office_check(office, err);
    if (rc0) return rc0;
    if (!pk_hex || strlen(pk_hex) != 64 || strspn(pk_hex, "0123456789abcdef") != 64)
        return nt_err_set(err, NT_EINVAL, "kunci_publik",
                          "kunci publik harus 64 karakter heksadesimal (Ed25519)");
    char id[17];
    nt_exchange_key_id_of(pk_hex, id);
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    nt_stmt *s = nt_query(st->db, "SELECT office, own FROM exchange_keys WHERE key_id=$1", "t", id);
    int found = s ? nt_step(s) : NT_EDB;
    char had[32] = "";
    if (found == 1) nt_strlcpy(had, nt_col_text(s, 0), sizeof had);
    nt_done(s);
    if (found == 1) {
        nt_db_rollback(st->db);
        if (strcmp(had, office) != 0)
            return nt_err_set(err, NT_ECONFLICT, "kunci_publik",
                              "kunci ini sudah tercatat untuk kantor %s", had);
        return 0; /* already known: nothing to do */
    }
    int rc = nt_exec(st->db,
                     "INSERT INTO exchange_keys(key_id,office,public_key,own,label,added_at) "
                     "VALUES($1,$2,$3,$4,$5,$6)",
                     "tttiti", id, office, pk_hex, (int64_t)own, label ? label : "", nt_now());
    json_t *d = json_pack("{ss ss sb}", "kantor", office, "kunci_id", id, "milik_sendiri", own);
    if (!rc)
        rc = nt_audit_append(st, a, own ? "pertukaran.kunci_dibuat" : "pertukaran.kunci_dipercaya",
                             id, d);
    json_decref(d);
    if (rc || nt_db_commit(st->db)) return fail_db(st, err, "kunci tidak dapat dicatat");
    return 0;
}

int nt_exchange_key_retire(nt_store *st, const nt_actor *a, const char *key_id, nt_err *err)
{
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_exec(
        st->db, "UPDATE exchange_keys SET retired_at=$1 WHERE key_id=$2 AND retired_at IS NULL",
        "it", nt_now(), key_id);
    if (!rc && nt_db_changes(st->db) == 0)
        rc =
            nt_err_set(err, NT_ENOTFOUND, "kunci", "kunci %s tidak ada atau sudah diganti", key_id);
    json_t *d = json_pack("{ss}", "kunci_id", key_id);
    if (!rc) rc = nt_audit_append(st, a, "pertukaran.kunci_diganti", key_id, d);
    json_decref(d);
    if (rc || nt_db_commit(st->db)) return fail_db(st, err, "kunci tidak dapat diganti");
    return 0;
}

int nt_exchange_key_find(nt_store *st, const char *key_id, nt_exchange_key *out)
{
    memset(out, 0, sizeof *out);
    nt_stmt *s = nt_query(st->db,
                          "SELECT office, public_key, own, coalesce(retired_at,0) FROM "
                          "exchange_keys WHERE key_id=$1",
                          "t", key_id ? key_id : "");
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) {
        nt_strlcpy(out->office, nt_col_text(s, 0), sizeof out->office);
        nt_strlcpy(out->public_key, nt_col_text(s, 1), sizeof out->public_key);
        out->own = nt_col_int(s, 2) != 0;
        out->retired_at = nt_col_int(s, 3);
        nt_strlcpy(out->key_id, key_id, sizeof out->key_id);
    }
    nt_done(s);
    return rc == 1 ? 0 : NT_ENOTFOUND;
}

bool nt_exchange_is_own_office(nt_store *st, const char *office)
{
    nt_stmt *s = nt_query(st->db, "SELECT 1 FROM exchange_keys WHERE office=$1 AND own=1", "t",
                          office ? office : "");
    bool yes = s && nt_step(s) == 1;
    nt_done(s);
    return yes;
}

json_t *nt_exchange_keys(nt_store *st)
{
    json_t *rows = nt_rows_json(nt_query(
        st->db,
        "SELECT key_id AS kunci_id, office AS kantor, public_key AS kunci_publik, own AS "
        "milik_sendiri, label, added_at AS ditambahkan, retired_at AS diganti FROM exchange_keys "
        "ORDER BY office, added_at",
        ""));
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_object_set_new(
        r, "milik_sendiri", json_boolean(json_integer_value(json_object_get(r, "milik_sendiri"))));
    return rows;
}

/* ---- what a package carries ---- */

/* The reported ASN as the package gives them: who they are and where they stand. */
static json_t *parties_out(nt_store *st, int64_t case_id)
{
    return nt_rows_json(nt_query(
        st->db,
        "SELECT p.nip, x.name AS nama, x.position AS jabatan, x.position_kind AS jenis_jabatan, "
        "x.grade AS golongan, coalesce(g.name,'') AS instansi, coalesce(g.region, x.region) AS "
        "wilayah_instansi, x.work_unit AS unit_kerja, x.region AS kode_wilayah, x.birth_date AS "
        "tanggal_lahir, x.sex AS jenis_kelamin, p.state AS status, p.state_since AS status_sejak "
        "FROM case_parties p JOIN asn x ON x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id "
        "WHERE p.case_id=$1 ORDER BY p.nip",
        "i", case_id));
}

/* A party's steps on this side, oldest first, with the data each carried. */
static json_t *party_steps(nt_store *st, int64_t case_id, const char *nip, int64_t after_event)
{
    json_t *rows = nt_rows_json(nt_query(st->db,
                                         "SELECT id, from_state AS dari, to_state AS ke, reason AS "
                                         "alasan, data, at AS waktu FROM case_events WHERE "
                                         "case_id=$1 AND nip=$2 AND id>$3 ORDER BY id",
                                         "iti", case_id, nip, after_event));
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        json_t *d = json_loads(jstr(r, "data"), 0, NULL);
        json_object_set_new(r, "data", d ? d : json_object());
        json_object_del(r, "id");
    }
    return rows;
}

int nt_exchange_case_out(nt_store *st, const nt_actor *a, int64_t case_id, json_t **out,
                         nt_err *err)
{
    *out = NULL;
    int rc = nt_case_visible(st, a, case_id, err);
    if (rc) return rc;
    json_t *o = one_row(nt_query(
        st->db,
        "SELECT c.id, c.office AS kantor, coalesce(r.name,c.office) AS nama_kantor, c.route AS "
        "jalur, c.state AS status, c.regime AS rezim, c.election_id AS pemilihan, c.title AS "
        "judul, c.event_date AS tanggal_kejadian, c.known_date AS tanggal_diketahui, c.place AS "
        "tempat, c.narrative AS uraian, c.witnesses AS saksi, c.evidence_list AS daftar_bukti, "
        "c.reg_no, c.registered_on AS tanggal_registrasi, c.received_on AS tanggal_diterima, "
        "c.late_filing AS terlambat FROM cases c LEFT JOIN regions r ON r.code=c.office WHERE "
        "c.id=$1",
        "i", case_id));
    if (!o) return nt_err_set(err, NT_ENOTFOUND, "id", "kasus tidak ditemukan");
    json_t *w = json_loads(jstr(o, "saksi"), 0, NULL);
    json_object_set_new(o, "saksi", w ? w : json_array());
    json_object_set_new(o, "terlambat",
                        json_boolean(json_integer_value(json_object_get(o, "terlambat"))));
    json_t *viol = nt_rows_json(nt_query(
        st->db, "SELECT code FROM case_violations WHERE case_id=$1 ORDER BY code", "i", case_id));
    json_t *codes = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(viol, i, v) json_array_append(codes, json_object_get(v, "code"));
    json_decref(viol);
    json_object_set_new(o, "pelanggaran", codes);
    const char *el = jstr(o, "pemilihan");
    if (*el)
        json_object_set_new(o, "pemilihan_data",
                            one_row(nt_query(st->db,
                                             "SELECT id, name, kind, region, regime, "
                                             "voting_date, campaign_start, campaign_end FROM "
                                             "elections WHERE id=$1",
                                             "t", el)));
    /* the link, if the case was exchanged before: which side this is, and the last steps sent */
    nt_stmt *s = nt_query(st->db,
                          "SELECT peer, coalesce(peer_case,''), side, sent_seq, recv_seq FROM "
                          "exchange_links WHERE case_id=$1",
                          "i", case_id);
    if (s && nt_step(s) == 1)
        json_object_set_new(o, "tautan",
                            json_pack("{ss ss ss sI sI}", "mitra", nt_col_text(s, 0), "kasus_mitra",
                                      nt_col_text(s, 1), "sisi", nt_col_text(s, 2), "urutan_kirim",
                                      (json_int_t)nt_col_int(s, 3), "urutan_terima",
                                      (json_int_t)nt_col_int(s, 4)));
    nt_done(s);
    json_t *parties = parties_out(st, case_id);
    int64_t since = 0; /* results carry the steps taken here, after the case came in */
    s = nt_query(st->db,
                 "SELECT coalesce(max(id),0) FROM case_events WHERE case_id=$1 AND to_state="
                 "'diteruskan' AND nip IS NULL",
                 "i", case_id);
    if (s && nt_step(s) == 1) since = nt_col_int(s, 0);
    nt_done(s);
    json_t *p;
    json_array_foreach(parties, i, p)
        json_object_set_new(p, "langkah", party_steps(st, case_id, jstr(p, "nip"), since));
    json_object_set_new(o, "terlapor", parties);
    json_object_set_new(
        o, "bukti",
        nt_rows_json(nt_query(st->db,
                              "SELECT id, filename AS nama_berkas, content_type AS jenis, size AS "
                              "ukuran, sha256, description AS keterangan, uploader AS "
                              "diunggah_oleh FROM evidence WHERE case_id=$1 ORDER BY id",
                              "i", case_id)));
    *out = o;
    return 0;
}

int nt_exchange_sent(nt_store *st, const nt_actor *a, const nt_exchange_record *x, nt_err *err)
{
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_exec(st->db,
                     "INSERT INTO exchange_packages(package_id,kind,direction,peer,key_id,case_id,"
                     "seq,manifest_sha256,files,bytes,at) VALUES($1,$2,'keluar',$3,$4,$5,$6,$7,$8,"
                     "$9,$10) ON CONFLICT(package_id) DO UPDATE SET manifest_sha256="
                     "excluded.manifest_sha256, files=excluded.files, bytes=excluded.bytes, "
                     "at=excluded.at",
                     "ttttiitiii", x->package_id, x->kind, x->peer, x->key_id, x->case_id, x->seq,
                     x->manifest_sha256, (int64_t)x->files, x->bytes, nt_now());
    if (!rc && !strcmp(x->kind, "penerusan"))
        rc = nt_exec(st->db,
                     "INSERT INTO exchange_links(case_id,peer,side,sent_seq) VALUES($1,$2,"
                     "'pengirim',$3) ON CONFLICT(case_id) DO UPDATE SET sent_seq=excluded.sent_seq",
                     "iti", x->case_id, x->peer, x->seq);
    else if (!rc)
        rc = nt_exec(st->db, "UPDATE exchange_links SET sent_seq=$1 WHERE case_id=$2", "ii", x->seq,
                     x->case_id);
    json_t *d = json_pack("{ss ss ss sI si sI ss}", "paket", x->package_id, "jenis", x->kind,
                          "kepada", x->peer, "urutan", (json_int_t)x->seq, "berkas", x->files,
                          "byte", (json_int_t)x->bytes, "sha256_manifes", x->manifest_sha256);
    if (!rc)
        rc = nt_case_audit(st, a, "pertukaran.ekspor", x->case_id, d);
    else
        json_decref(d);
    if (rc || nt_db_commit(st->db)) return fail_db(st, err, "paket tidak dapat dicatat");
    return 0;
}

/* ---- receiving ---- */

static int known_package(nt_store *st, const char *id, int64_t *case_id)
{
    nt_stmt *s = nt_query(
        st->db, "SELECT coalesce(case_id,0) FROM exchange_packages WHERE package_id=$1", "t", id);
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) *case_id = nt_col_int(s, 0);
    nt_done(s);
    return rc == 1;
}

bool nt_exchange_known(nt_store *st, const char *package_id, int64_t *case_id)
{
    int64_t ignored;
    return known_package(st, package_id, case_id ? case_id : &ignored) == 1;
}

static int record_in(nt_store *st, const json_t *m, const char *manifest_sha, int64_t case_id,
                     size_t files, int64_t bytes)
{
    const json_t *from = json_object_get(m, "pengirim");
    return nt_exec(
        st->db,
        "INSERT INTO exchange_packages(package_id,kind,direction,peer,key_id,case_id,seq,"
        "manifest_sha256,files,bytes,at) VALUES($1,$2,'masuk',$3,$4,$5,$6,$7,$8,$9,$10)",
        "ttttiitiii", jstr(m, "paket_id"), jstr(m, "jenis"), jstr(from, "kantor"),
        jstr(from, "kunci_id"), case_id, (int64_t)json_integer_value(json_object_get(m, "urutan")),
        manifest_sha, (int64_t)files, bytes, nt_now());
}

/* The ASN of a forwarded case, as the sender knows them: added when this side has no record of
 * them, with their agency (by region and name); an ASN this side knows keeps its own record. */
static int upsert_party(nt_store *st, const json_t *p, nt_err *err)
{
    const char *nip = jstr(p, "nip"), *region = jstr(p, "kode_wilayah");
    if (strlen(nip) != 18 || strspn(nip, "0123456789") != 18)
        return nt_err_set(err, NT_EINVAL, "terlapor", "NIP terlapor dalam paket tidak sah: %.40s",
                          nip);
    nt_stmt *s = nt_query(st->db, "SELECT 1 FROM asn WHERE nip=$1", "t", nip);
    bool have = s && nt_step(s) == 1;
    nt_done(s);
    if (have) return 0;
    char level[16];
    if (nt_check_region(st, "terlapor", region, level, err)) return err->code;
    int64_t agency = 0;
    const char *aname = jstr(p, "instansi"), *aregion = jstr(p, "wilayah_instansi");
    if (*aname) {
        if (nt_check_region(st, "terlapor", aregion, level, err)) return err->code;
        if (nt_exec(st->db,
                    "INSERT INTO agencies(name,region) VALUES($1,$2) ON CONFLICT(region,name) DO "
                    "NOTHING",
                    "tt", aname, aregion))
            return nt_err_set(err, NT_EDB, NULL, "instansi tidak dapat dicatat");
        s = nt_query(st->db, "SELECT id FROM agencies WHERE region=$1 AND name=$2", "tt", aregion,
                     aname);
        if (s && nt_step(s) == 1) agency = nt_col_int(s, 0);
        nt_done(s);
    }
    const char *kind = jstr(p, "jenis_jabatan");
    if (nt_exec(st->db,
                "INSERT INTO asn(nip,name,position,position_kind,grade,agency_id,work_unit,region,"
                "birth_date,sex,updated_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
                "tttttItttii", nip, jstr(p, "nama"), jstr(p, "jabatan"), *kind ? kind : "pelaksana",
                jstr(p, "golongan"), agency, jstr(p, "unit_kerja"), region,
                jstr(p, "tanggal_lahir"),
                (int64_t)json_integer_value(json_object_get(p, "jenis_kelamin")), nt_now()))
        return nt_err_set(err, NT_EINVAL, "terlapor", "data ASN %s dalam paket tidak dapat dicatat",
                          nip);
    return 0;
}

static int upsert_election(nt_store *st, const json_t *e)
{
    if (!json_is_object(e) || !*jstr(e, "id")) return 0;
    return nt_exec(
        st->db,
        "INSERT INTO elections(id,name,kind,region,regime,voting_date,campaign_start,"
        "campaign_end,source,created_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,'pertukaran',$9) "
        "ON CONFLICT(id) DO NOTHING",
        "ttttttttI", jstr(e, "id"), jstr(e, "name"), jstr(e, "kind"),
        *jstr(e, "region") ? jstr(e, "region") : NULL, jstr(e, "regime"), jstr(e, "voting_date"),
        *jstr(e, "campaign_start") ? jstr(e, "campaign_start") : NULL,
        *jstr(e, "campaign_end") ? jstr(e, "campaign_end") : NULL, nt_now());
}

static int import_forwarded(nt_store *st, const nt_actor *a, const json_t *m, const json_t *k,
                            nt_upload **files, size_t n, int64_t *case_id, nt_err *err)
{
    const json_t *from = json_object_get(m, "pengirim");
    char level[16];
    const char *office = jstr(k, "kantor");
    if (nt_check_region(st, "kantor", office, level, err)) return err->code;
    if (!nt_rules_regime(st->rules, jstr(k, "rezim")))
        return nt_err_set(err, NT_EINVAL, "rezim", "rezim '%s' dalam paket tidak dikenal",
                          jstr(k, "rezim"));
    nt_route route;
    if (nt_route_parse(jstr(k, "jalur"), &route))
        return nt_err_set(err, NT_EINVAL, "jalur", "jalur '%s' dalam paket tidak dikenal",
                          jstr(k, "jalur"));
    const json_t *parties = json_object_get(k, "terlapor");
    if (!json_is_array(parties) || !json_array_size(parties) || json_array_size(parties) > 200)
        return nt_err_set(err, NT_EINVAL, "terlapor", "paket penerusan tanpa terlapor");
    int rc = upsert_election(st, json_object_get(k, "pemilihan_data"));
    if (rc) return nt_err_set(err, NT_EINVAL, "pemilihan", "pemilihan dalam paket tidak sah");
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p) if ((rc = upsert_party(st, p, err))) return rc;
    const json_t *witnesses = json_object_get(k, "saksi");
    char *wit = json_is_array(witnesses) ? json_dumps(witnesses, JSON_COMPACT) : nt_xstrdup("[]");
    nt_date today = nt_today();
    char tday[11];
    nt_date_format(today, tday);
    const char *el = jstr(k, "pemilihan");
    rc = nt_exec(
        st->db,
        "INSERT INTO cases(route,state,regime,election_id,office,title,event_date,"
        "known_date,place,narrative,witnesses,late_filing,reg_no,registered_on,state_since,"
        "created_at,updated_at,received_on,evidence_list) VALUES($1,'diteruskan',$2,$3,$4,"
        "$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,$16,$17)",
        "ttttttttttitttitt", jstr(k, "jalur"), jstr(k, "rezim"), *el ? el : NULL, office,
        jstr(k, "judul"), *jstr(k, "tanggal_kejadian") ? jstr(k, "tanggal_kejadian") : NULL,
        jstr(k, "tanggal_diketahui"), jstr(k, "tempat"), jstr(k, "uraian"), wit,
        (int64_t)json_is_true(json_object_get(k, "terlambat")),
        *jstr(k, "reg_no") ? jstr(k, "reg_no") : NULL,
        *jstr(k, "tanggal_registrasi") ? jstr(k, "tanggal_registrasi") : NULL, tday, nt_now(),
        *jstr(k, "tanggal_diterima") ? jstr(k, "tanggal_diterima") : NULL, jstr(k, "daftar_bukti"));
    free(wit);
    if (rc)
        return nt_err_set(err, NT_EINVAL, "kasus", "data kasus dalam paket tidak dapat dicatat");
    int64_t id = nt_db_last_id(st->db);
    json_t *codes = json_object_get(k, "pelanggaran");
    json_t *c;
    json_array_foreach(codes, i, c)
    {
        if (!nt_rules_violation(st->rules, json_string_value(c) ? json_string_value(c) : ""))
            return nt_err_set(err, NT_EINVAL, "pelanggaran",
                              "kode pelanggaran '%.16s' dalam paket tidak dikenal",
                              json_string_value(c) ? json_string_value(c) : "");
        if (nt_exec(st->db, "INSERT INTO case_violations(case_id,code) VALUES($1,$2)", "it", id,
                    json_string_value(c)))
            return nt_err_set(err, NT_EINVAL, "pelanggaran", "pelanggaran ganda dalam paket");
    }
    json_array_foreach(parties, i, p)
    {
        /* the ASN the office forwarded; others it named stay with it */
        const char *state = jstr(p, "status");
        nt_party_state ps;
        if (nt_party_state_parse(state, &ps))
            return nt_err_set(err, NT_EINVAL, "terlapor", "status terlapor '%.24s' tidak dikenal",
                              state);
        if (nt_exec(st->db,
                    "INSERT INTO case_parties(case_id,nip,state,state_since) VALUES($1,$2,$3,$4)",
                    "ittt", id, jstr(p, "nip"), state, tday))
            return nt_err_set(err, NT_EINVAL, "terlapor", "terlapor ganda dalam paket");
    }
    char why[200];
    snprintf(why, sizeof why, "Diterima dari %s (%s) lewat paket pertukaran %s", jstr(from, "nama"),
             jstr(from, "kantor"), jstr(m, "paket_id"));
    char peer_case[32];
    snprintf(
        peer_case, sizeof peer_case, "%lld",
        (long long)json_integer_value(json_object_get(json_object_get(m, "kasus_asal"), "id")));
    rc = nt_exec(st->db,
                 "INSERT INTO exchange_links(case_id,peer,peer_case,side) VALUES($1,$2,$3,"
                 "'penerima')",
                 "itt", id, jstr(from, "kantor"), peer_case);
    if (rc)
        return nt_err_set(err, NT_ECONFLICT, "paket",
                          "kasus ini sudah pernah diterima dari %s dengan paket lain",
                          jstr(from, "kantor"));
    if ((rc = nt_evidence_record_as(files, n, id, a, NULL, err))) return rc;
    rc = nt_case_event(
        st, a, id, NULL, NULL, "diteruskan", why,
        json_pack("{ss ss}", "paket", jstr(m, "paket_id"), "dari", jstr(from, "kantor")));
    if (rc) return nt_err_set(err, NT_EDB, NULL, "riwayat kasus tidak dapat ditulis");
    *case_id = id;
    return 0;
}

/* The steps of one reported ASN on the other side, taken here in order: a step whose starting
 * state is where the ASN stands here is taken (as the other side's body, by the package); one
 * already taken is passed over. */
static int apply_steps(nt_store *st, const char *peer, int64_t case_id, const json_t *p,
                       int *applied, nt_err *err)
{
    static const char *const keys[] = {"sanksi",   "dasar",      "nomor",  "tanggal",
                                       "nomor_sk", "tanggal_sk", "catatan"};
    nt_actor body = {0};
    snprintf(body.username, sizeof body.username, "paket:%.50s", peer);
    body.roles = NT_ROLE_OTORITAS | NT_ROLE_PPK | NT_ROLE_ADMIN;
    const char *nip = jstr(p, "nip");
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(p, "langkah"), i, step)
    {
        nt_stmt *s = nt_query(st->db, "SELECT state FROM case_parties WHERE case_id=$1 AND nip=$2",
                              "it", case_id, nip);
        char here[32] = "";
        int found = s ? nt_step(s) : NT_EDB;
        if (found == 1) nt_strlcpy(here, nt_col_text(s, 0), sizeof here);
        nt_done(s);
        if (found != 1)
            return nt_err_set(err, NT_EINVAL, "terlapor",
                              "NIP %.18s dalam paket hasil bukan terlapor kasus ini", nip);
        if (strcmp(here, jstr(step, "dari")) != 0) continue;
        json_t *data = json_object();
        for (size_t k = 0; k < NT_ARRAY_LEN(keys); k++) {
            json_t *v = json_object_get(json_object_get(step, "data"), keys[k]);
            if (json_is_string(v)) json_object_set(data, keys[k], v);
        }
        json_t *in = json_pack("{ss ss so}", "ke", jstr(step, "ke"), "nip", nip, "data", data);
        if (*jstr(step, "alasan"))
            json_object_set_new(in, "alasan", json_string(jstr(step, "alasan")));
        json_t *res = NULL;
        int rc = nt_case_transition(st, &body, case_id, in, &res, err);
        json_decref(in);
        json_decref(res);
        if (rc) return rc;
        (*applied)++;
    }
    return 0;
}

static int apply_results(nt_store *st, const nt_actor *a, const json_t *m, const json_t *k,
                         nt_upload **files, size_t n, int64_t *case_id, int *applied, nt_err *err)
{
    const json_t *from = json_object_get(m, "pengirim");
    const json_t *ref = json_object_get(m, "kasus_rujukan");
    int64_t id = json_integer_value(json_object_get(ref, "id"));
    if (!id && json_is_string(json_object_get(ref, "id"))) id = atoll(jstr(ref, "id"));
    nt_stmt *s = nt_query(
        st->db, "SELECT peer, recv_seq, side FROM exchange_links WHERE case_id=$1", "i", id);
    int found = s ? nt_step(s) : NT_EDB;
    char peer[32] = "", side[16] = "";
    int64_t last = 0;
    if (found == 1) {
        nt_strlcpy(peer, nt_col_text(s, 0), sizeof peer);
        last = nt_col_int(s, 1);
        nt_strlcpy(side, nt_col_text(s, 2), sizeof side);
    }
    nt_done(s);
    if (found != 1 || strcmp(side, "pengirim") != 0)
        return nt_err_set(err, NT_ENOTFOUND, "kasus_rujukan",
                          "paket hasil merujuk kasus %lld yang tidak pernah diteruskan dari sini",
                          (long long)id);
    if (!(a->roles & NT_ROLE_ADMIN) &&
        (!(a->roles & NT_ROLE_BAWASLU) || nt_case_visible(st, a, id, err) != 0))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "paket hasil diimpor oleh Bawaslu yang menangani kasus %lld atau "
                          "administrator",
                          (long long)id);
    if (strcmp(peer, jstr(from, "kantor")) != 0)
        return nt_err_set(err, NT_EFORBIDDEN, "pengirim",
                          "kasus %lld diteruskan kepada %s, bukan kepada %s", (long long)id, peer,
                          jstr(from, "kantor"));
    int64_t seq = json_integer_value(json_object_get(m, "urutan"));
    if (seq <= last)
        return nt_err_set(
            err, NT_ECONFLICT, "urutan",
            "paket hasil urutan %lld sudah diterima sebelumnya (paket terakhir: %lld); "
            "paket diputar ulang ditolak",
            (long long)seq, (long long)last);
    if (seq != last + 1)
        return nt_err_set(err, NT_ECONFLICT, "urutan",
                          "paket hasil urutan %lld datang sebelum urutan %lld; impor paket yang "
                          "terlewat dahulu",
                          (long long)seq, (long long)last + 1);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(k, "terlapor"), i, p)
    {
        int rc = apply_steps(st, peer, id, p, applied, err);
        if (rc) return rc;
    }
    char peer_case[32];
    snprintf(
        peer_case, sizeof peer_case, "%lld",
        (long long)json_integer_value(json_object_get(json_object_get(m, "kasus_asal"), "id")));
    if (nt_exec(st->db, "UPDATE exchange_links SET recv_seq=$1, peer_case=$2 WHERE case_id=$3",
                "iti", seq, peer_case, id))
        return nt_err_set(err, NT_EDB, NULL, "tautan kasus tidak dapat diperbarui");
    char desc[160];
    snprintf(desc, sizeof desc, "Paket hasil dari %s (urutan %lld)", peer, (long long)seq);
    int rc = nt_evidence_record_as(files, n, id, a, desc, err);
    if (rc) return rc;
    *case_id = id;
    return 0;
}

int nt_exchange_receive(nt_store *st, const nt_actor *a, const json_t *m, const json_t *k,
                        nt_upload **files, size_t n, const char *manifest_sha, int64_t bytes,
                        json_t **out, nt_err *err)
{
    *out = NULL;
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_OTORITAS | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengimpor paket");
    const char *kind = jstr(m, "jenis"), *pid = jstr(m, "paket_id");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int64_t case_id = 0;
    if (known_package(st, pid, &case_id)) {
        nt_db_rollback(st->db);
        if (!strcmp(kind, "penerusan")) { /* the same package again: the same case */
            *out = json_pack("{sI sb ss}", "kasus", (json_int_t)case_id, "baru", 0, "pesan",
                             "paket ini sudah pernah diimpor; tidak ada yang berubah");
            return 0;
        }
        return nt_err_set(err, NT_ECONFLICT, "paket_id",
                          "paket hasil %s sudah pernah diterapkan; paket diputar ulang ditolak",
                          pid);
    }
    int applied = 0, rc;
    if (!strcmp(kind, "penerusan"))
        rc = !(a->roles & (NT_ROLE_OTORITAS | NT_ROLE_ADMIN))
                 ? nt_err_set(err, NT_EFORBIDDEN, NULL,
                              "paket penerusan diimpor oleh otoritas kepegawaian atau "
                              "administrator")
                 : import_forwarded(st, a, m, k, files, n, &case_id, err);
    else
        rc = apply_results(st, a, m, k, files, n, &case_id, &applied, err);
    if (!rc && record_in(st, m, manifest_sha, case_id, n, bytes))
        rc = nt_err_set(err, NT_EDB, NULL, "paket tidak dapat dicatat");
    json_t *d =
        json_pack("{ss ss ss sI si}", "paket", pid, "jenis", kind, "dari",
                  jstr(json_object_get(m, "pengirim"), "kantor"), "urutan",
                  (json_int_t)json_integer_value(json_object_get(m, "urutan")), "langkah", applied);
    if (!rc)
        rc = nt_case_audit(st, a, "pertukaran.impor", case_id, d);
    else
        json_decref(d);
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        return rc ? rc : nt_err_set(err, NT_EDB, NULL, "paket tidak dapat disimpan");
    }
    for (size_t f = 0; f < n; f++)
        nt_evidence_keep(files[f]);
    *out = json_pack("{sI sb si}", "kasus", (json_int_t)case_id, "baru", 1, "langkah", applied);
    return 0;
}

json_t *nt_exchange_packages(nt_store *st, int64_t case_id)
{
    return nt_rows_json(nt_query(
        st->db,
        "SELECT package_id AS paket, kind AS jenis, direction AS arah, peer AS mitra, seq AS "
        "urutan, files AS berkas, bytes AS ukuran, at AS waktu, case_id AS kasus FROM "
        "exchange_packages WHERE $1=0 OR case_id=$1 ORDER BY at DESC LIMIT 200",
        "i", case_id));
}

bool nt_exchange_side(nt_store *st, int64_t case_id, char side[16])
{
    side[0] = '\0';
    nt_stmt *s = nt_query(st->db, "SELECT side FROM exchange_links WHERE case_id=$1", "i", case_id);
    bool found = s && nt_step(s) == 1;
    if (found) nt_strlcpy(side, nt_col_text(s, 0), 16);
    nt_done(s);
    return found;
}

int nt_exchange_fetched(nt_store *st, const nt_actor *a, int64_t case_id, const char *package_id)
{
    json_t *d = json_pack("{ss}", "paket", package_id);
    return nt_case_audit(st, a, "pertukaran.unduh", case_id, d);
}
