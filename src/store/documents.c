/*
 * documents.c - what the store keeps of the documents it issues (docs/issue.c draws them):
 * the facts a document is drawn from, its number and record, and its verification.
 *
 * A document is recorded with the hash of its content (what the QR code carries) and of its
 * PDF. Issuing a kind again for a case with different content supersedes the earlier one:
 * the verification page then says the printed letter is genuine but no longer current.
 * Issuing the same content again keeps the number and the code, so a reprint is the same
 * letter. Numbers run per office and year (doc_counters), taken in a short transaction of
 * their own before the document is drawn (a long minutes takes seconds to draw, and holds no
 * lock meanwhile); the record and its audit entry are written together after it.
 */
#include "store/store_int.h"

#include "base/date.h"
#include "base/file.h"
#include "rules/workflow.h"

#include <stdlib.h>
#include <string.h>

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The office's letterhead: data/kantor/kantor.json's default, then the office's own. */
static json_t *letterhead(nt_store *st, const char *office, const char *office_name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/kantor/kantor.json", st->rules->data_dir);
    json_t *all = json_load_file(path, 0, NULL);
    json_t *k = json_deep_copy(json_object_get(all, "default"));
    if (!k) k = json_object();
    json_t *own = json_object_get(json_object_get(all, "offices"), office);
    if (json_is_object(own)) json_object_update_recursive(k, own);
    char name[200];
    snprintf(name, sizeof name, "Bawaslu %s", office_name);
    json_object_set_new(k, "nama", json_string(name));
    char upper[200];
    snprintf(upper, sizeof upper, "%s", office_name);
    for (char *p = upper; *p; p++)
        if ((unsigned char)*p < 128 && *p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    json_object_set_new(k, "nama_kop", json_string(upper));
    if (!*jstr(k, "kota")) {
        const char *c = office_name;
        if (!strncmp(c, "Kabupaten ", 10))
            c += 10;
        else if (!strncmp(c, "Kota ", 5))
            c += 5;
        else if (!strncmp(c, "Provinsi ", 9))
            c += 9;
        json_object_set_new(k, "kota", json_string(c));
    }
    const char *logo = jstr(k, "logo");
    if (*logo && !strchr(logo, '/')) {
        snprintf(path, sizeof path, "%s/kantor/%s", st->rules->data_dir, logo);
        json_object_set_new(k, "logo_path", json_string(path));
    }
    json_decref(all);
    return k;
}

static json_t *authority_of(nt_store *st, const json_t *kasus)
{
    const json_t *ot = json_object_get(kasus, "otoritas");
    nt_date day = nt_today();
    const char *fwd = jstr(ot, "tanggal_diteruskan");
    nt_date d;
    if (*fwd && nt_date_parse(fwd, strlen(fwd), &d)) day = d;
    const nt_authority *au = nt_rules_authority_on(st->rules, day);
    if (!au) return json_object();
    return json_pack("{ss ss ss}", "singkatan", au->short_name, "nama", au->name,
                     "jabatan_penerima", au->addressee);
}

/* The items a patrol captured for the case (the findings escalated into it). */
static json_t *patrol_items(nt_store *st, int64_t case_id)
{
    json_t *rows = nt_rows_json(
        nt_query(st->db,
                 "SELECT platform, coalesce(author_handle,'') AS akun, coalesce(author_name,'') AS "
                 "nama_akun, coalesce(url,'') AS url, coalesce(posted_at,'') AS diunggah, "
                 "captured_at AS ditangkap, sha256, raw FROM patrol_findings WHERE case_id=$1 "
                 "ORDER BY id",
                 "i", case_id));
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        /* the text as captured: the item's own text, else what it liked or shared */
        json_t *raw = json_loads(jstr(r, "raw"), 0, NULL);
        const char *t = jstr(raw, "text");
        if (!*t) t = jstr(json_object_get(raw, "target"), "text");
        json_object_set_new(r, "teks", json_string(t));
        json_object_del(r, "raw");
        json_decref(raw);
    }
    return rows;
}

/* The last case-level reason (why a case was stopped) and the destination's label. */
static void case_extras(nt_store *st, json_t *kasus)
{
    const char *reg = jstr(kasus, "reg_no");
    json_object_set_new(kasus, "nomor", json_string(*reg ? reg : "(belum diregistrasi)"));
    const char *reason = "";
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(kasus, "riwayat"), i,
                       e) if (json_is_null(json_object_get(e, "nip")) && *jstr(e, "alasan"))
        reason = jstr(e, "alasan");
    json_object_set_new(kasus, "alasan_akhir", json_string(reason));
    const char *dest = jstr(kasus, "tujuan");
    const nt_destination *dn = *dest ? nt_destination_find(dest) : NULL;
    json_object_set_new(kasus, "tujuan_label", json_string(dn ? dn->label : dest));
    const char *el = jstr(kasus, "pemilihan");
    if (*el) {
        nt_stmt *s = nt_query(st->db, "SELECT name FROM elections WHERE id=$1", "t", el);
        if (s && nt_step(s) == 1)
            json_object_set_new(kasus, "pemilihan_nama", json_string(nt_col_text(s, 0)));
        nt_done(s);
    }
}

int nt_doc_context(nt_store *st, const nt_actor *a, int64_t case_id, const char *kind,
                   bool reporter, json_t **ctx, nt_err *err)
{
    *ctx = NULL;
    json_t *kasus = NULL;
    int rc = nt_case_get(st, a, case_id, &kasus, err);
    if (rc) return rc;
    json_t *c = json_object();
    case_extras(st, kasus);
    json_t *patrol = patrol_items(st, case_id);
    json_object_set_new(kasus, "bentuk_pengawasan",
                        json_string(json_array_size(patrol) ? "Patroli siber (media sosial)"
                                                            : "Pengawasan langsung"));
    json_object_set_new(c, "patroli", patrol);
    json_object_set_new(c, "otoritas", authority_of(st, kasus));
    json_t *k = letterhead(st, jstr(kasus, "kantor"), jstr(kasus, "nama_kantor"));
    json_t *signer = json_deep_copy(json_object_get(k, "penandatangan"));
    if (!signer) signer = json_object();
    if (!*jstr(signer, "nama")) {
        /* the office names no signer: the officer issuing it signs */
        char name[200] = "";
        nt_stmt *s = nt_query(st->db, "SELECT name FROM users WHERE id=$1", "i", a->user_id);
        if (s && nt_step(s) == 1) nt_strlcpy(name, nt_col_text(s, 0), sizeof name);
        nt_done(s);
        json_object_set_new(signer, "nama", json_string(*name ? name : a->username));
        char role[240];
        snprintf(role, sizeof role, "Petugas %s", jstr(k, "nama"));
        json_object_set_new(signer, "jabatan", json_string(role));
    } else if (!*jstr(signer, "jabatan")) {
        char role[240];
        snprintf(role, sizeof role, "Ketua %s", jstr(k, "nama"));
        json_object_set_new(signer, "jabatan", json_string(role));
    }
    json_object_set_new(c, "penandatangan", signer);
    json_object_set_new(c, "kantor", k);
    if (reporter && json_is_true(json_object_get(kasus, "ada_pelapor"))) {
        json_t *who = NULL;
        char purpose[200];
        const json_t *kd = nt_rules_document(st->rules, kind);
        snprintf(purpose, sizeof purpose, "penerbitan dokumen %s", kd ? jstr(kd, "label") : kind);
        rc = nt_case_reporter(st, a, case_id, purpose, &who, err);
        if (rc) {
            json_decref(kasus);
            json_decref(c);
            return rc;
        }
        json_object_set_new(c, "pelapor", who);
    }
    json_object_set_new(c, "kasus", kasus);
    *ctx = c;
    return 0;
}

int nt_doc_record(nt_store *st, const nt_actor *a, const nt_doc_request *rq, nt_doc_render_fn fn,
                  void *arg, json_t **meta, nt_err *err)
{
    *meta = NULL;
    char code[24] = "", number[200] = "", hash[65] = "", pdf_hash[65] = "";
    int pages = 0;
    bool fresh = true;
    int year = 0, m = 0, d = 0;
    nt_date_to_ymd(nt_today(), &year, &m, &d);
    int64_t seq = 0;
    nt_stmt *s = nt_query(st->db,
                          "SELECT code, number, seq FROM documents WHERE case_id=$1 AND kind=$2 "
                          "AND basis_hash=$3 AND superseded_at IS NULL",
                          "itt", rq->case_id, rq->kind, rq->basis_hash);
    if (s && nt_step(s) == 1) {
        fresh = false;
        nt_strlcpy(code, nt_col_text(s, 0), sizeof code);
        nt_strlcpy(number, nt_col_text(s, 1), sizeof number);
        seq = nt_col_int(s, 2);
    }
    nt_done(s);
    int rc = 0;
    if (fresh) {
        /* the number is taken in a transaction of its own, so that drawing a long document does
         * not hold the write lock; a document that then fails to draw leaves its number unused */
        if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
        s = nt_query(
            st->db,
            "INSERT INTO doc_counters(office,year,last) VALUES($1,$2,1) "
            "ON CONFLICT(office,year) DO UPDATE SET last=doc_counters.last+1 RETURNING last",
            "ti", rq->office, (int64_t)year);
        if (s && nt_step(s) == 1)
            seq = nt_col_int(s, 0);
        else
            rc = NT_EDB;
        nt_done(s);
        if (rc || nt_db_commit(st->db)) {
            nt_db_rollback(st->db);
            return nt_err_set(err, NT_EDB, NULL, "nomor dokumen tidak dapat diambil");
        }
        nt_random_token(code, 6);
    }
    if ((rc = fn(arg, seq, m, year, code, number, sizeof number, hash, pdf_hash, &pages, err)))
        return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int64_t now = nt_now();
    if (fresh) {
        char *fields = json_dumps(rq->fields ? rq->fields : json_object(), JSON_COMPACT);
        rc = nt_exec(st->db,
                     "UPDATE documents SET superseded_at=$1 WHERE case_id=$2 AND kind=$3 AND "
                     "superseded_at IS NULL",
                     "iit", now, rq->case_id, rq->kind);
        if (!rc)
            rc =
                nt_exec(st->db,
                        "INSERT INTO documents(case_id,kind,code,office,year,seq,number,basis_hash,"
                        "content_hash,pdf_sha256,pages,wording,fields,issued_by,issuer,issued_at) "
                        "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)",
                        "itttiittttittIti", rq->case_id, rq->kind, code, rq->office, (int64_t)year,
                        seq, number, rq->basis_hash, hash, pdf_hash, (int64_t)pages,
                        st->rules->documents_version, fields, a->user_id, a->username, now);
        free(fields);
        if (rc) rc = nt_err_set(err, NT_EDB, NULL, "catatan dokumen tidak dapat disimpan");
    }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "case:%lld", (long long)rq->case_id);
        json_t *dd = json_pack("{ss ss ss ss sb si}", "jenis", rq->kind, "kode", code, "nomor",
                               number, "sha256", hash, "baru", fresh, "halaman", pages);
        rc = nt_audit_append(st, a, "dokumen.terbit", obj, dd);
        json_decref(dd);
        if (rc) rc = nt_err_set(err, NT_EDB, NULL, "catatan audit tidak dapat ditulis");
    }
    if (rc || nt_db_commit_err(st->db, err)) {
        nt_db_rollback(st->db);
        return rc ? rc : NT_EDB;
    }
    *meta = json_pack("{ss ss ss ss ss si sb}", "kode", code, "nomor", number, "jenis", rq->kind,
                      "sha256", hash, "sha256_pdf", pdf_hash, "halaman", pages, "baru", fresh);
    return 0;
}

json_t *nt_doc_list(nt_store *st, int64_t case_id)
{
    json_t *rows = nt_rows_json(nt_query(
        st->db,
        "SELECT kind AS jenis, code AS kode, number AS nomor, issued_at AS diterbitkan, issuer AS "
        "oleh, pages AS halaman, superseded_at IS NULL AS berlaku FROM documents WHERE case_id=$1 "
        "ORDER BY issued_at DESC, id DESC",
        "i", case_id));
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const json_t *k = nt_rules_document(st->rules, jstr(r, "jenis"));
        json_object_set_new(r, "label", json_string(k ? jstr(k, "label") : jstr(r, "jenis")));
        char when[40];
        nt_time_format_id(json_integer_value(json_object_get(r, "diterbitkan")), when);
        json_object_set_new(r, "diterbitkan_label", json_string(when));
        json_object_set_new(r, "berlaku",
                            json_boolean(json_integer_value(json_object_get(r, "berlaku")) != 0 ||
                                         json_is_true(json_object_get(r, "berlaku"))));
    }
    return rows;
}

int nt_doc_verify(nt_store *st, const char *code, const char *hash, json_t **out, nt_err *err)
{
    *out = NULL;
    if (!code || strlen(code) > 32)
        return nt_err_set(err, NT_ENOTFOUND, "kode", "kode verifikasi tidak dikenal");
    nt_stmt *s = nt_query(
        st->db,
        "SELECT d.kind, d.number, d.content_hash, d.issued_at, d.superseded_at, d.pages, "
        "coalesce(r.name, c.office), (SELECT n.number FROM documents n WHERE n.case_id=d.case_id "
        "AND n.kind=d.kind AND n.superseded_at IS NULL), d.pdf_sha256 FROM documents d JOIN cases "
        "c ON c.id=d.case_id LEFT JOIN regions r ON r.code=c.office WHERE d.code=$1",
        "t", code);
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc != 1) {
        nt_done(s);
        return nt_err_set(err, NT_ENOTFOUND, "kode",
                          "tidak ada dokumen dengan kode verifikasi ini: dokumen itu tidak "
                          "diterbitkan oleh Netral di kantor ini");
    }
    const json_t *k = nt_rules_document(st->rules, nt_col_text(s, 0));
    char when[40], gone[40] = "";
    nt_time_format_id(nt_col_int(s, 3), when);
    bool current = nt_col_null(s, 4);
    if (!current) nt_time_format_id(nt_col_int(s, 4), gone);
    bool have_hash = hash && *hash;
    bool genuine =
        have_hash && (!strcmp(hash, nt_col_text(s, 2)) || !strcmp(hash, nt_col_text(s, 8)));
    char kantor[200];
    snprintf(kantor, sizeof kantor, "Bawaslu %s", nt_col_text(s, 6));
    json_t *o =
        json_pack("{ss ss ss ss sI ss sb}", "kode", code, "jenis", nt_col_text(s, 0), "label",
                  k ? jstr(k, "label") : nt_col_text(s, 0), "nomor", nt_col_text(s, 1), "halaman",
                  (json_int_t)nt_col_int(s, 5), "diterbitkan_label", when, "berlaku", current);
    json_object_set_new(o, "kantor", json_string(kantor));
    if (have_hash) json_object_set_new(o, "cocok", json_boolean(genuine));
    if (!current) {
        json_object_set_new(o, "diganti_label", json_string(gone));
        json_object_set_new(o, "pengganti_nomor", json_string(nt_col_text(s, 7)));
    }
    nt_done(s);
    *out = o;
    return 0;
}
