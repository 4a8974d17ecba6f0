/*
 * case_intake.c - ASN-neutrality cases: intake (public, staff), completing a case's data,
 * the encrypted reporter identity and the receipt code.
 */
#include "store/case_int.h"

#include "base/utf8.h"
#include "rules/nip.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- input ---- */

/* The reporter's identity as the report form asks for it (DOMAIN.md §2). */
typedef enum { RF_TEXT, RF_REQUIRED, RF_BIRTH_DATE, RF_EMAIL } reporter_check;
static const struct {
    const char *name;
    reporter_check check;
} reporter_fields[] = {
    {"nama", RF_REQUIRED},      {"tempat_lahir", RF_TEXT}, {"tanggal_lahir", RF_BIRTH_DATE},
    {"jenis_kelamin", RF_TEXT}, {"pekerjaan", RF_TEXT},    {"kewarganegaraan", RF_TEXT},
    {"alamat", RF_TEXT},        {"telepon", RF_TEXT},      {"email", RF_EMAIL},
};

static int take_reporter(json_t *in, char **sealed_json, nt_err *err)
{
    *sealed_json = NULL;
    json_t *r = json_object_get(in, "pelapor");
    if (!r || json_is_null(r)) return 0;
    if (!json_is_object(r))
        return nt_err_set(err, NT_EINVAL, "pelapor", "kolom 'pelapor' harus berupa objek");
    json_t *clean = json_object();
    for (size_t i = 0; i < NT_ARRAY_LEN(reporter_fields); i++) {
        const char *v;
        char field[48];
        snprintf(field, sizeof field, "pelapor.%s", reporter_fields[i].name);
        int rc = nt_in_str(r, reporter_fields[i].name, reporter_fields[i].check == RF_REQUIRED, 300,
                           &v, err);
        if (rc) {
            nt_strlcpy(err->field, field, sizeof err->field);
            json_decref(clean);
            return rc;
        }
        if (v && reporter_fields[i].check == RF_BIRTH_DATE) {
            nt_date d;
            if (!nt_date_parse(v, strlen(v), &d) || d > nt_today()) {
                json_decref(clean);
                return nt_err_set(err, NT_EINVAL, field,
                                  "tanggal lahir pelapor harus tanggal yang sah (TTTT-BB-HH)");
            }
        }
        if (v && reporter_fields[i].check == RF_EMAIL && (!strchr(v, '@') || strchr(v, ' '))) {
            json_decref(clean);
            return nt_err_set(err, NT_EINVAL, field, "alamat e-mail pelapor tidak sah");
        }
        if (v) json_object_set_new(clean, reporter_fields[i].name, json_string(v));
    }
    *sealed_json = json_dumps(clean, JSON_COMPACT);
    json_decref(clean);
    return 0;
}

static int take_violations(nt_store *st, json_t *in, json_t **out, nt_err *err)
{
    *out = NULL;
    json_t *v = json_object_get(in, "pelanggaran");
    if (!v || json_is_null(v)) return 0;
    if (!json_is_array(v) || json_array_size(v) > 20)
        return nt_err_set(err, NT_EINVAL, "pelanggaran",
                          "kolom 'pelanggaran' harus array kode (mis. [\"D2\",\"E4\"])");
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!nt_rules_violation(st->rules, json_string_value(x)))
            return nt_err_set(err, NT_EINVAL, "pelanggaran",
                              "kode pelanggaran '%.16s' tidak ada dalam katalog versi %s",
                              json_string_value(x) ? json_string_value(x) : "?",
                              st->rules->catalogue_version);
    }
    *out = v;
    return 0;
}

static int take_parties(nt_store *st, json_t *in, json_t **out, nt_err *err)
{
    *out = NULL;
    json_t *v = json_object_get(in, "terlapor");
    if (!v || json_is_null(v)) return 0;
    if (!json_is_array(v) || json_array_size(v) > MAX_PARTIES)
        return nt_err_set(err, NT_EINVAL, "terlapor",
                          "kolom 'terlapor' harus array NIP (maksimum %d)", MAX_PARTIES);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        const char *nip = json_string_value(x);
        if (!nip)
            return nt_err_set(err, NT_EINVAL, "terlapor", "terlapor[%zu] harus NIP berupa teks", i);
        int rc = nt_nip_parse(nip, json_string_length(x), nt_today(), NULL, err);
        if (rc) {
            nt_strlcpy(err->field, "terlapor", sizeof err->field);
            return rc;
        }
        nt_stmt *s = nt_query(st->db, "SELECT 1 FROM asn WHERE nip=$1", "t", nip);
        int found = s ? nt_step(s) : NT_EDB;
        nt_done(s);
        if (found != 1)
            return nt_err_set(err, NT_EINVAL, "terlapor",
                              "ASN dengan NIP %.18s tidak ada dalam data ASN", nip);
    }
    *out = v;
    return 0;
}

static int insert_links(nt_store *st, int64_t id, json_t *viol, json_t *parties, nt_date today,
                        nt_err *err)
{
    size_t i;
    json_t *x;
    json_array_foreach(viol, i, x)
    {
        if (nt_exec(
                st->db,
                "INSERT INTO case_violations(case_id,code) VALUES($1,$2) ON CONFLICT DO NOTHING",
                "it", id, json_string_value(x)))
            return nt_err_set(err, NT_EDB, "pelanggaran", "pelanggaran tidak dapat disimpan");
    }
    json_array_foreach(parties, i, x)
    {
        if (nt_exec(st->db,
                    "INSERT INTO case_parties(case_id,nip,state,state_since) "
                    "VALUES($1,$2,$3,$4) ON CONFLICT DO NOTHING",
                    "ittd", id, json_string_value(x), nt_party_state_name(NT_PS_INITIAL), today))
            return nt_err_set(err, NT_EDB, "terlapor", "terlapor tidak dapat disimpan");
    }
    return 0;
}

static int take_witnesses(json_t *in, char **out, nt_err *err)
{
    *out = NULL;
    json_t *w = json_object_get(in, "saksi");
    if (!w || json_is_null(w)) return 0;
    if (!json_is_array(w) || json_array_size(w) > 50)
        return nt_err_set(err, NT_EINVAL, "saksi", "kolom 'saksi' harus array (maksimum 50)");
    size_t i;
    json_t *x;
    json_array_foreach(w, i, x)
    {
        const char *nama;
        if (!json_is_object(x) || nt_in_str(x, "nama", true, 200, &nama, err))
            return nt_err_set(err, NT_EINVAL, "saksi", "saksi[%zu] harus objek dengan 'nama'", i);
    }
    *out = json_dumps(w, JSON_COMPACT);
    return 0;
}

static int case_create(nt_store *st, const nt_actor *a, json_t *in, nt_upload **files,
                       size_t nfiles, json_t **out, nt_err *err);

int nt_case_create(nt_store *st, const nt_actor *a, json_t *in, json_t **out, nt_err *err)
{
    return nt_case_create_with_evidence(st, a, in, NULL, 0, out, err);
}

static void uploads_free(nt_upload **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        nt_evidence_abort(files[i]);
}

int nt_case_create_with_evidence(nt_store *st, const nt_actor *a, json_t *in, nt_upload **files,
                                 size_t nfiles, json_t **out, nt_err *err)
{
    int rc = case_create(st, a, in, files, nfiles, out, err);
    uploads_free(files, nfiles);
    return rc;
}

static int case_create(nt_store *st, const nt_actor *a, json_t *in, nt_upload **files,
                       size_t nfiles, json_t **out, nt_err *err)
{
    bool public_actor = a->roles == 0;
    if (!public_actor && !(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat membuat kasus");
    if (!json_is_object(in))
        return nt_err_set(err, NT_EINVAL, "body", "data kasus harus objek JSON");
    const char *route_s, *office, *election, *regime_s, *place, *narrative, *title;
    nt_date known, event;
    nt_route route;
    char level[16];
    int rc = nt_in_str(in, "jalur", true, 20, &route_s, err);
    if (rc) return rc;
    if (nt_route_parse(route_s, &route))
        return nt_err_set(err, NT_EINVAL, "jalur",
                          "jalur harus 'informasi_awal', 'temuan' atau 'laporan'");
    if (public_actor && route == NT_ROUTE_TEMUAN)
        return nt_err_set(err, NT_EFORBIDDEN, "jalur",
                          "masyarakat mengirim laporan atau informasi awal, bukan temuan");
    if ((rc = nt_in_str(in, "kantor", true, 16, &office, err))) return rc;
    if ((rc = nt_check_region(st, "kantor", office, level, err))) return rc;
    if (strcmp(level, "kecamatan") == 0)
        return nt_err_set(err, NT_EINVAL, "kantor",
                          "kantor penanganan harus Bawaslu provinsi atau kabupaten/kota");
    if (!public_actor && !nt_actor_covers_region(a, office))
        return nt_err_set(err, NT_EFORBIDDEN, "kantor", "wilayah %s di luar wilayah kerja Anda",
                          office);
    if ((rc = nt_in_str(in, "pemilihan", false, 64, &election, err))) return rc;
    if ((rc = nt_in_str(in, "rezim", false, 24, &regime_s, err))) return rc;
    char regime[24] = "";
    if (election) {
        nt_stmt *s = nt_query(st->db, "SELECT regime FROM elections WHERE id=$1", "t", election);
        if (s && nt_step(s) == 1) nt_strlcpy(regime, nt_col_text(s, 0), sizeof regime);
        nt_done(s);
        if (!*regime)
            return nt_err_set(err, NT_EINVAL, "pemilihan", "pemilihan '%s' tidak dikenal",
                              election);
    }
    if (regime_s) {
        if (!nt_rules_regime(st->rules, regime_s))
            return nt_err_set(err, NT_EINVAL, "rezim", "rezim aturan '%s' tidak dikenal", regime_s);
        if (*regime && strcmp(regime, regime_s) != 0)
            return nt_err_set(err, NT_EINVAL, "rezim",
                              "rezim '%s' tidak sesuai dengan pemilihan (%s)", regime_s, regime);
        nt_strlcpy(regime, regime_s, sizeof regime);
    }
    if (!*regime)
        return nt_err_set(err, NT_EINVAL, "pemilihan",
                          "isi 'pemilihan' atau 'rezim' agar tenggat dapat dihitung");
    if ((rc = nt_in_date(in, "tanggal_diketahui", true, true, &known, err))) return rc;
    if ((rc = nt_in_date(in, "tanggal_kejadian", false, true, &event, err))) return rc;
    if (event != NT_DATE_NONE && event > known)
        return nt_err_set(err, NT_EINVAL, "tanggal_kejadian",
                          "tanggal kejadian tidak boleh setelah tanggal diketahui");
    if ((rc = nt_in_str(in, "tempat", false, 500, &place, err))) return rc;
    if ((rc = nt_in_str(in, "uraian", false, MAX_NARRATIVE, &narrative, err))) return rc;
    if ((rc = nt_in_str(in, "judul", false, 200, &title, err))) return rc;
    const char *evlist;
    if ((rc = nt_in_str(in, "daftar_bukti", false, 4000, &evlist, err))) return rc;
    json_t *viol, *parties;
    char *reporter = NULL, *witnesses = NULL;
    if ((rc = take_violations(st, in, &viol, err))) return rc;
    if ((rc = take_parties(st, in, &parties, err))) return rc;
    if ((rc = take_witnesses(in, &witnesses, err))) return rc;
    if ((rc = take_reporter(in, &reporter, err))) {
        free(witnesses);
        return rc;
    }
    if (route == NT_ROUTE_LAPORAN && !reporter) {
        free(witnesses);
        return nt_err_set(err, NT_EINVAL, "pelapor",
                          "laporan wajib memuat identitas pelapor (pelapor.nama); gunakan "
                          "informasi awal untuk laporan tanpa identitas");
    }
    if (public_actor && !narrative) {
        free(witnesses), free(reporter);
        return nt_err_set(err, NT_EINVAL, "uraian", "kolom 'uraian' wajib diisi");
    }

    nt_date today = nt_today();
    nt_case_state initial = nt_route_initial_state(route);
    /* A laporan filed, or a temuan set, after the window from discovery is received but
     * marked late: it cannot be registered (rules/workflow.c says why). */
    bool late = false;
    if (route != NT_ROUTE_INFORMASI_AWAL) {
        nt_due d;
        if (nt_deadline_filing(st->rules, nt_rules_regime(st->rules, regime), known, &d) == 0)
            late = today > d.due;
    }
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    if (reporter) nt_seal(st, reporter, strlen(reporter), &sealed, &sealed_len);
    if (reporter) sodium_memzero(reporter, strlen(reporter));
    free(reporter);
    char receipt[20] = "";
    unsigned char rhash[32];
    if (route == NT_ROUTE_LAPORAN || public_actor) { /* anyone from the public gets a receipt */
        nt_receipt_code(receipt);
        nt_receipt_hash(receipt, rhash);
    }
    char deftitle[120];
    snprintf(deftitle, sizeof deftitle, "%s %s",
             route == NT_ROUTE_LAPORAN  ? "Laporan"
             : route == NT_ROUTE_TEMUAN ? "Temuan"
                                        : "Informasi awal",
             office);

    /* the files go into the content store first; their records join the case's transaction */
    for (size_t i = 0; i < nfiles; i++)
        if ((rc = nt_evidence_finish(files[i], err))) {
            free(sealed), free(witnesses);
            return rc;
        }
    if (nt_db_begin(st->db)) {
        free(sealed), free(witnesses);
        return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    }
    nt_stmt *s =
        nt_db_prepare(st->db, "INSERT INTO cases(route,state,regime,election_id,office,title,"
                              "event_date,known_date,place,narrative,witnesses,reporter_enc,"
                              "receipt_hash,late_filing,state_since,created_by,created_at,"
                              "updated_at,received_on,evidence_list) VALUES($1,$2,$3,$4,$5,$6,"
                              "$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17,$15,$18)");
    if (!s) goto db_fail;
    nt_bind_text(s, 1, route_s);
    nt_bind_text(s, 2, nt_case_state_name(initial));
    nt_bind_text(s, 3, regime);
    nt_bind_text(s, 4, election);
    nt_bind_text(s, 5, office);
    nt_bind_text(s, 6, title ? title : deftitle);
    nt_bind_date(s, 7, event);
    nt_bind_date(s, 8, known);
    nt_bind_text(s, 9, place ? place : "");
    nt_bind_text(s, 10, narrative ? narrative : "");
    nt_bind_text(s, 11, witnesses ? witnesses : "[]");
    if (sealed)
        nt_bind_blob(s, 12, sealed, sealed_len);
    else
        nt_bind_null(s, 12);
    if (*receipt)
        nt_bind_blob(s, 13, rhash, 32);
    else
        nt_bind_null(s, 13);
    nt_bind_int(s, 14, late);
    nt_bind_date(s, 15, today);
    if (a->user_id)
        nt_bind_int(s, 16, a->user_id); /* the CLI has no user row */
    else
        nt_bind_null(s, 16);
    nt_bind_int(s, 17, nt_now());
    nt_bind_text(s, 18, evlist ? evlist : "");
    rc = nt_step(s);
    nt_done(s);
    free(sealed), free(witnesses);
    sealed = NULL, witnesses = NULL;
    if (rc < 0) goto db_fail;
    int64_t id = nt_db_last_id(st->db);
    if ((rc = insert_links(st, id, viol, parties, today, err))) goto fail;
    if ((rc = nt_case_event(st, a, id, NULL, NULL, nt_case_state_name(initial), "", NULL)))
        goto db_fail;
    for (size_t i = 0; i < nfiles; i++)
        if ((rc = nt_evidence_record(files[i], id, NULL))) goto db_fail;
    rc = nt_case_audit(st, a, "kasus.buat", id,
                       json_pack("{ss ss ss si sb}", "jalur", route_s, "kantor", office, "status",
                                 nt_case_state_name(initial), "terlapor",
                                 (int)json_array_size(parties), "terlambat", late));
    if (rc) goto db_fail;
    /* a report from the public: its receipt to the address the reporter gave (kept sealed for
     * the messages that follow), and word to the region's officers who asked for it */
    if (public_actor) {
        const char *email =
            json_string_value(json_object_get(json_object_get(in, "pelapor"), "email"));
        char today_l[24], due_l[24] = "";
        nt_date_format_id(today, today_l);
        case_row cr;
        nt_due due;
        nt_actor sys;
        nt_actor_system(&sys, "publik");
        if (!nt_case_load(st, &sys, id, &cr, err) && !nt_case_row_due(st, &cr, &due))
            nt_date_format_id(due.due, due_l);
        /* the address and the phone number (for offices with a WhatsApp or SMS gateway) the
         * reporter gave, each sealed, then the receipt to both */
        const char *tel =
            json_string_value(json_object_get(json_object_get(in, "pelapor"), "telepon"));
        char phone[20];
        const char *to[2] = {email && nt_email_valid(email) ? email : NULL,
                             tel && nt_phone_normalize(tel, phone) ? phone : NULL};
        for (int k = 0; k < 2 && !rc; k++) {
            if (!to[k]) continue;
            unsigned char *sealed_to = NULL;
            size_t sl = 0;
            rc = nt_seal(st, to[k], strlen(to[k]), &sealed_to, &sl);
            /* literal statements: the store caches prepared statements by their text's address */
            if (!rc)
                rc = k ? nt_exec(st->db, "UPDATE cases SET notify_phone_enc=$2 WHERE id=$1", "ib",
                                 id, (const void *)sealed_to, sl)
                       : nt_exec(st->db, "UPDATE cases SET notify_enc=$2 WHERE id=$1", "ib", id,
                                 (const void *)sealed_to, sl);
            free(sealed_to);
        }
        if (!rc && (to[0] || to[1])) {
            json_t *v =
                json_pack("{ss ss ss}", "kode", receipt, "tanggal", today_l, "batas", due_l);
            rc = nt_outbox_notify_reporter(st, id, "tanda_terima", v);
            json_decref(v);
        }
        if (rc) goto db_fail;
        if ((rc = nt_outbox_notify_case_staff(st, "laporan_baru", id))) goto db_fail;
    }
    if ((rc = nt_db_commit_err(st->db, err))) goto fail;
    for (size_t i = 0; i < nfiles; i++)
        nt_evidence_keep(files[i]);
    *out = json_pack("{sI ss sb sI}", "id", (json_int_t)id, "status", nt_case_state_name(initial),
                     "terlambat", late, "bukti", (json_int_t)nfiles);
    if (*receipt) json_object_set_new(*out, "kode_tanda_terima", json_string(receipt));
    return 0;
db_fail:
    rc = nt_err_set(err, NT_EDB, NULL, "kasus tidak dapat disimpan");
fail:
    free(sealed), free(witnesses);
    nt_db_rollback(st->db);
    return rc;
}

int nt_case_update(nt_store *st, const nt_actor *a, int64_t id, json_t *in, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengubah kasus");
    if (!json_is_object(in)) return nt_err_set(err, NT_EINVAL, "body", "data harus objek JSON");
    case_row c;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_case_load(st, a, id, &c, err);
    if (rc) goto out;
    bool before_reg = c.registered == NT_DATE_NONE;
    if (!nt_case_editable(c.state)) {
        rc = nt_err_set(err, NT_ECONFLICT, "status", "kasus berstatus '%s' tidak dapat diubah lagi",
                        nt_case_state_label(c.state));
        goto out;
    }
    const char *place, *narrative, *title, *evlist;
    nt_date known, event;
    json_t *viol, *parties;
    char *reporter = NULL, *witnesses = NULL;
    if ((rc = nt_in_str(in, "tempat", false, 500, &place, err))) goto out;
    if ((rc = nt_in_str(in, "uraian", false, MAX_NARRATIVE, &narrative, err))) goto out;
    if ((rc = nt_in_str(in, "judul", false, 200, &title, err))) goto out;
    if ((rc = nt_in_str(in, "daftar_bukti", false, 4000, &evlist, err))) goto out;
    if ((rc = nt_in_date(in, "tanggal_diketahui", false, true, &known, err))) goto out;
    if ((rc = nt_in_date(in, "tanggal_kejadian", false, true, &event, err))) goto out;
    if (!before_reg &&
        (known != NT_DATE_NONE || event != NT_DATE_NONE || json_object_get(in, "pelapor"))) {
        rc = nt_err_set(err, NT_ECONFLICT, "tanggal_diketahui",
                        "tanggal dan pelapor tidak dapat diubah setelah registrasi");
        goto out;
    }
    nt_date k2 = known != NT_DATE_NONE ? known : c.known;
    nt_date e2 = event != NT_DATE_NONE ? event : c.event;
    if (e2 != NT_DATE_NONE && e2 > k2) {
        rc = nt_err_set(err, NT_EINVAL, "tanggal_kejadian",
                        "tanggal kejadian tidak boleh setelah tanggal diketahui");
        goto out;
    }
    /* a corrected date of discovery moves the window from it */
    bool late = c.late_filing;
    nt_due fd;
    if (known != NT_DATE_NONE && c.route != NT_ROUTE_INFORMASI_AWAL &&
        nt_deadline_filing(st->rules, nt_rules_regime(st->rules, c.regime), k2, &fd) == 0)
        late = c.received > fd.due;
    if ((rc = take_violations(st, in, &viol, err))) goto out;
    if ((rc = take_parties(st, in, &parties, err))) goto out;
    if ((rc = take_witnesses(in, &witnesses, err))) goto out;
    if ((rc = take_reporter(in, &reporter, err))) {
        free(witnesses);
        goto out;
    }
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    if (reporter) {
        nt_seal(st, reporter, strlen(reporter), &sealed, &sealed_len);
        sodium_memzero(reporter, strlen(reporter));
        free(reporter);
    }
    rc = nt_exec(st->db,
                 "UPDATE cases SET place=coalesce($2,place), narrative=coalesce($3,narrative),"
                 " title=coalesce($4,title), known_date=coalesce($5,known_date),"
                 " event_date=coalesce($6,event_date), witnesses=coalesce($7,witnesses),"
                 " reporter_enc=coalesce($8,reporter_enc), updated_at=$9,"
                 " evidence_list=coalesce($10,evidence_list), late_filing=$11 WHERE id=$1",
                 "itttddtbiti", id, place, narrative, title, known, event, witnesses, sealed,
                 sealed_len, nt_now(), evlist, (int64_t)late);
    free(sealed), free(witnesses);
    if (rc) {
        rc = nt_err_set(err, NT_EDB, NULL, "kasus tidak dapat disimpan");
        goto out;
    }
    if ((rc = insert_links(st, id, viol, parties, nt_today(), err))) goto out;
    json_t *changed = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(in, k, v) json_array_append_new(changed, json_string(k));
    if ((rc = nt_case_event(st, a, id, NULL, nt_case_state_name(c.state),
                            nt_case_state_name(c.state), "data kasus dilengkapi",
                            json_pack("{sO}", "kolom", changed)))) {
        json_decref(changed);
        goto out;
    }
    rc = nt_case_audit(st, a, "kasus.ubah", id, json_pack("{so}", "kolom", changed));
out:
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}
