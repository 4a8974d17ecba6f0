/*
 * cases.c - ASN-neutrality cases: intake, completion, the two state machines
 * of rules/workflow.h applied with their data requirements, registration
 * numbers, deadlines, the encrypted reporter identity and public tracking.
 *
 * Registration numbers come from reg_counters, incremented in the same
 * BEGIN IMMEDIATE transaction that registers the case, so numbers per office
 * and year have no gaps and no duplicates however many requests race.
 */
#include "store/store_int.h"

#include "base/utf8.h"
#include "rules/deadline.h"
#include "rules/nip.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTIES 500
#define MAX_NARRATIVE 20000

typedef struct case_row {
    int64_t id;
    nt_case_state state;
    nt_route route;
    char regime[24];
    char office[16];
    nt_date known, event, registered, since;
    bool extended, has_reporter, has_place, has_narrative;
} case_row;

static int load_case(nt_store *st, const nt_actor *a, int64_t id, case_row *c, nt_err *err)
{
    int rc = nt_case_visible(st, a, id, err);
    if (rc) return rc;
    nt_stmt *s = nt_query(st->db,
                          "SELECT id,state,route,regime,office,known_date,event_date,registered_on,"
                          "state_since,extended,reporter_enc IS NOT NULL,place<>'',narrative<>'' "
                          "FROM cases WHERE id=$1",
                          "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_ENOTFOUND, "id", "kasus %lld tidak ditemukan", (long long)id);
    }
    memset(c, 0, sizeof *c);
    c->id = nt_col_int(s, 0);
    nt_case_state_parse(nt_col_text(s, 1), &c->state);
    nt_route_parse(nt_col_text(s, 2), &c->route);
    nt_strlcpy(c->regime, nt_col_text(s, 3), sizeof c->regime);
    nt_strlcpy(c->office, nt_col_text(s, 4), sizeof c->office);
    c->known = nt_col_date(s, 5);
    c->event = nt_col_date(s, 6);
    c->registered = nt_col_date(s, 7);
    c->since = nt_col_date(s, 8);
    c->extended = nt_col_int(s, 9) != 0;
    c->has_reporter = nt_col_int(s, 10) != 0;
    c->has_place = nt_col_int(s, 11) != 0;
    c->has_narrative = nt_col_int(s, 12) != 0;
    nt_done(s);
    return 0;
}

static int case_due(nt_store *st, const char *regime, nt_case_state state, nt_date known,
                    nt_date registered, nt_date since, bool extended, nt_due *out)
{
    nt_clock_input in = {known, since, registered, extended};
    return nt_deadline_case(st->rules, nt_rules_regime(st->rules, regime), state, &in, out);
}

static int party_due(nt_store *st, const char *regime, nt_party_state state, nt_date since,
                     nt_due *out)
{
    nt_clock_input in = {NT_DATE_NONE, since, NT_DATE_NONE, false};
    return nt_deadline_party(st->rules, nt_rules_regime(st->rules, regime), state, &in, out);
}

static json_t *due_json(nt_store *st, const nt_due *d)
{
    char ds[11];
    nt_date_format(d->due, ds);
    int left = nt_deadline_days_left(st->rules, d, nt_today());
    return json_pack("{ss ss ss si sb ss sb}", "clock", d->clock->id, "label", d->clock->label,
                     "due", ds, "days_left", left, "overdue", left < 0, "count",
                     d->clock->count == NT_COUNT_WORKING ? "hari_kerja" : "hari_kalender",
                     "unconfirmed", d->clock->unconfirmed);
}

static int add_event(nt_store *st, const nt_actor *a, int64_t case_id, const char *nip,
                     const char *from, const char *to, const char *reason, json_t *data)
{
    char *d = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : nt_xstrdup("{}");
    int rc = nt_exec(st->db,
                     "INSERT INTO case_events(case_id,nip,from_state,to_state,actor_id,actor,at,"
                     "reason,data) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "itttItitt", case_id, nip, from, to, a->user_id, a->username, nt_now(),
                     reason ? reason : "", d);
    free(d);
    json_decref(data); /* the event takes ownership of data */
    return rc;
}

static int audit_case(nt_store *st, const nt_actor *a, const char *action, int64_t id,
                      json_t *detail)
{
    char obj[32];
    snprintf(obj, sizeof obj, "case:%lld", (long long)id);
    int rc = nt_audit_append(st, a, action, obj, detail);
    json_decref(detail);
    return rc;
}

/* ---- input ---- */

static const char *reporter_fields[] = {"nama",          "tempat_lahir", "tanggal_lahir",
                                        "jenis_kelamin", "pekerjaan",    "kewarganegaraan",
                                        "alamat",        "telepon",      "email"};

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
        snprintf(field, sizeof field, "pelapor.%s", reporter_fields[i]);
        int rc = nt_in_str(r, reporter_fields[i], i == 0, 300, &v, err);
        if (rc) {
            nt_strlcpy(err->field, field, sizeof err->field);
            json_decref(clean);
            return rc;
        }
        if (v && i == 2) {
            nt_date d;
            if (!nt_date_parse(v, strlen(v), &d) || d > nt_today()) {
                json_decref(clean);
                return nt_err_set(err, NT_EINVAL, field,
                                  "tanggal lahir pelapor harus tanggal yang sah (TTTT-BB-HH)");
            }
        }
        if (v && i == 8 && (!strchr(v, '@') || strchr(v, ' '))) {
            json_decref(clean);
            return nt_err_set(err, NT_EINVAL, field, "alamat e-mail pelapor tidak sah");
        }
        if (v) json_object_set_new(clean, reporter_fields[i], json_string(v));
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
                    "VALUES($1,$2,'dilaporkan',$3) ON CONFLICT DO NOTHING",
                    "itd", id, json_string_value(x), today))
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

static void receipt_code(char out[20])
{
    /* Crockford base32 without I, L, O, U: easy to read out over the phone. */
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char r[10];
    randombytes_buf(r, sizeof r);
    memcpy(out, "LP-", 3);
    int k = 3;
    for (int i = 0; i < 10; i++) {
        if (i == 5) out[k++] = '-';
        out[k++] = alpha[r[i] & 31];
    }
    out[k] = '\0';
}

static void receipt_hash(const char *code, unsigned char out[32])
{
    /* Case-insensitive and tolerant of the O/0, I/L/1 confusions. */
    char norm[32];
    size_t n = 0;
    for (const char *p = code; *p && n < sizeof norm - 1; p++) {
        char ch = *p;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 32);
        if (ch == 'O') ch = '0';
        if (ch == 'I' || ch == 'L') ch = '1';
        if (ch == '-' || ch == ' ') continue;
        norm[n++] = ch;
    }
    norm[n] = '\0';
    nt_token_hash(norm, out);
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
    /* A laporan filed after the filing clock ran out is received but marked late. */
    bool late = false;
    if (route == NT_ROUTE_LAPORAN) {
        nt_due d;
        if (case_due(st, regime, NT_ST_INFORMASI_AWAL, known, NT_DATE_NONE, today, false, &d) == 0)
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
        receipt_code(receipt);
        receipt_hash(receipt, rhash);
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
                              "updated_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
                              "$14,$15,$16,$17,$17)");
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
    rc = nt_step(s);
    nt_done(s);
    free(sealed), free(witnesses);
    sealed = NULL, witnesses = NULL;
    if (rc < 0) goto db_fail;
    int64_t id = nt_db_last_id(st->db);
    if ((rc = insert_links(st, id, viol, parties, today, err))) goto fail;
    if ((rc = add_event(st, a, id, NULL, NULL, nt_case_state_name(initial), "", NULL)))
        goto db_fail;
    for (size_t i = 0; i < nfiles; i++)
        if ((rc = nt_evidence_record(files[i], id, NULL))) goto db_fail;
    rc = audit_case(st, a, "kasus.buat", id,
                    json_pack("{ss ss ss si sb}", "jalur", route_s, "kantor", office, "status",
                              nt_case_state_name(initial), "terlapor",
                              (int)json_array_size(parties), "terlambat", late));
    if (rc) goto db_fail;
    if ((rc = nt_db_commit(st->db))) goto db_fail;
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
    int rc = load_case(st, a, id, &c, err);
    if (rc) goto out;
    bool before_reg = c.registered == NT_DATE_NONE;
    bool open = c.state <= NT_ST_KAJIAN && !nt_case_state_final(c.state);
    if (!open) {
        rc = nt_err_set(err, NT_ECONFLICT, "status", "kasus berstatus '%s' tidak dapat diubah lagi",
                        nt_case_state_name(c.state));
        goto out;
    }
    const char *place, *narrative, *title;
    nt_date known, event;
    json_t *viol, *parties;
    char *reporter = NULL, *witnesses = NULL;
    if ((rc = nt_in_str(in, "tempat", false, 500, &place, err))) goto out;
    if ((rc = nt_in_str(in, "uraian", false, MAX_NARRATIVE, &narrative, err))) goto out;
    if ((rc = nt_in_str(in, "judul", false, 200, &title, err))) goto out;
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
                 " reporter_enc=coalesce($8,reporter_enc), updated_at=$9 WHERE id=$1",
                 "itttddtbi", id, place, narrative, title, known, event, witnesses, sealed,
                 sealed_len, nt_now());
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
    if ((rc = add_event(st, a, id, NULL, nt_case_state_name(c.state), nt_case_state_name(c.state),
                        "data kasus dilengkapi", json_pack("{sO}", "kolom", changed)))) {
        json_decref(changed);
        goto out;
    }
    rc = audit_case(st, a, "kasus.ubah", id, json_pack("{so}", "kolom", changed));
out:
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit(st->db);
}

/* ---- reading ---- */

static void add_next_steps(json_t *o, const case_row *c, unsigned roles)
{
    nt_case_state next[NT_ST__COUNT];
    int n = nt_case_next_states(c->state, roles, next, NT_ST__COUNT);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{ss ss}", "ke", nt_case_state_name(next[i]), "label",
                                             nt_case_state_label(next[i])));
    json_object_set_new(o, "langkah_berikut", arr);
}

int nt_case_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    case_row c;
    int rc = load_case(st, a, id, &c, err);
    if (rc) return rc;
    nt_stmt *s = nt_query(st->db,
                          "SELECT c.id, c.reg_no, c.route AS jalur, c.state AS status, c.regime AS "
                          "rezim, c.election_id AS pemilihan, c.office AS kantor, r.name AS "
                          "nama_kantor, c.title AS judul, c.event_date AS tanggal_kejadian, "
                          "c.known_date AS tanggal_diketahui, c.place AS tempat, c.narrative AS "
                          "uraian, json(c.witnesses) AS saksi, c.late_filing AS terlambat, "
                          "c.registered_on AS tanggal_registrasi, c.state_since AS status_sejak, "
                          "c.extended AS diperpanjang, c.destination AS tujuan, "
                          "c.reporter_enc IS NOT NULL AS ada_pelapor, c.created_at AS dibuat, "
                          "c.updated_at AS diubah FROM cases c LEFT JOIN regions r ON "
                          "r.code=c.office WHERE c.id=$1",
                          "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_EDB, NULL, "kasus tidak dapat dibaca");
    }
    json_t *o = nt_row_json(s);
    nt_done(s);
    json_t *w = json_loads(json_string_value(json_object_get(o, "saksi")), 0, NULL);
    json_object_set_new(o, "saksi", w ? w : json_array());
    static const char *bools[] = {"terlambat", "diperpanjang", "ada_pelapor"};
    for (size_t i = 0; i < NT_ARRAY_LEN(bools); i++)
        json_object_set_new(o, bools[i],
                            json_boolean(json_integer_value(json_object_get(o, bools[i]))));
    json_object_set_new(o, "status_label", json_string(nt_case_state_label(c.state)));
    const nt_authority *auth = nt_rules_authority_on(st->rules, nt_today());
    if (auth)
        json_object_set_new(
            o, "otoritas", json_pack("{ss ss}", "singkatan", auth->short_name, "nama", auth->name));
    nt_due d;
    if (!nt_case_state_final(c.state) &&
        case_due(st, c.regime, c.state, c.known, c.registered, c.since, c.extended, &d) == 0)
        json_object_set_new(o, "tenggat", due_json(st, &d));
    add_next_steps(o, &c, a->roles);

    /* Reported ASN; a PPK sees only those of its own agency. */
    nt_stmt *p = nt_query(st->db,
                          "SELECT p.nip, x.name AS nama, x.position AS jabatan, x.position_kind AS "
                          "jenis_jabatan, g.name AS instansi, x.agency_id AS instansi_id, p.state "
                          "AS status, p.state_since AS status_sejak, json(p.recommendation) AS "
                          "rekomendasi, json(p.decree) AS sk FROM case_parties p JOIN asn x ON "
                          "x.nip=p.nip LEFT JOIN agencies g ON g.id=x.agency_id WHERE "
                          "p.case_id=$1 AND ($2=0 OR x.agency_id=$2) ORDER BY x.name",
                          "ii", id,
                          (a->roles & NT_ROLE_PPK) && !(a->roles & NT_ROLE_ADMIN) ? a->agency_id
                                                                                  : (int64_t)0);
    json_t *parties = nt_rows_json(p);
    size_t i;
    json_t *row;
    json_array_foreach(parties, i, row)
    {
        static const char *jc[] = {"rekomendasi", "sk"};
        for (size_t k = 0; k < 2; k++) {
            const char *t = json_string_value(json_object_get(row, jc[k]));
            json_t *v = t ? json_loads(t, 0, NULL) : NULL;
            json_object_set_new(row, jc[k], v ? v : json_null());
        }
        nt_party_state ps;
        nt_party_state_parse(json_string_value(json_object_get(row, "status")), &ps);
        json_object_set_new(row, "status_label", json_string(nt_party_state_label(ps)));
        const char *since = json_string_value(json_object_get(row, "status_sejak"));
        nt_date sd;
        if (!nt_party_state_final(ps) && since && nt_date_parse(since, strlen(since), &sd) &&
            party_due(st, c.regime, ps, sd, &d) == 0)
            json_object_set_new(row, "tenggat", due_json(st, &d));
        nt_party_state next[NT_PS__COUNT];
        int n = nt_party_next_states(ps, a->roles, next, NT_PS__COUNT);
        json_t *arr = json_array();
        for (int k = 0; k < n; k++)
            json_array_append_new(arr, json_pack("{ss ss}", "ke", nt_party_state_name(next[k]),
                                                 "label", nt_party_state_label(next[k])));
        json_object_set_new(row, "langkah_berikut", arr);
    }
    json_object_set_new(o, "terlapor", parties);

    json_t *viol = nt_rows_json(nt_query(st->db,
                                         "SELECT code FROM case_violations WHERE case_id=$1 "
                                         "ORDER BY code",
                                         "i", id));
    json_array_foreach(viol, i, row)
    {
        const nt_violation *v =
            nt_rules_violation(st->rules, json_string_value(json_object_get(row, "code")));
        if (v) {
            json_object_set_new(row, "jenis", json_string(v->kind));
            json_object_set_new(row, "tingkat", json_string(v->level));
            json_object_set_new(row, "kategori", json_string(v->category));
            json_object_set_new(row, "uraian", json_string(v->act));
        }
    }
    json_object_set_new(o, "pelanggaran", viol);
    json_t *events = nt_rows_json(nt_query(st->db,
                                           "SELECT id, nip, from_state AS dari, to_state AS ke, "
                                           "actor AS oleh, at AS waktu, reason AS alasan, "
                                           "json(data) AS data FROM case_events WHERE case_id=$1 "
                                           "ORDER BY id",
                                           "i", id));
    json_array_foreach(events, i, row)
    {
        json_t *dj = json_loads(json_string_value(json_object_get(row, "data")), 0, NULL);
        json_object_set_new(row, "data", dj ? dj : json_object());
        char ts[32];
        nt_time_format(json_integer_value(json_object_get(row, "waktu")), ts);
        json_object_set_new(row, "waktu", json_string(ts));
    }
    json_object_set_new(o, "riwayat", events);
    json_object_set_new(
        o, "bukti",
        nt_rows_json(nt_query(st->db,
                              "SELECT id, filename AS nama_berkas, content_type AS "
                              "jenis, size AS ukuran, sha256, description AS "
                              "keterangan, uploader AS diunggah_oleh, uploaded_at "
                              "AS diunggah FROM evidence WHERE case_id=$1 ORDER BY id",
                              "i", id)));
    *out = o;
    return 0;
}

/* The words of a search box as an FTS5 query: each word a quoted prefix term (quotes doubled),
 * all required. Nothing the user types is read as FTS5 syntax. */
static char *fts_query(const char *q)
{
    nt_buf b = {0};
    for (const char *p = q; *p;) {
        p += strspn(p, " \t\r\n");
        size_t n = strcspn(p, " \t\r\n");
        if (!n) break;
        if (b.len) nt_buf_addc(&b, ' ');
        nt_buf_addc(&b, '"');
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '"') nt_buf_addc(&b, '"');
            nt_buf_addc(&b, p[i]);
        }
        nt_buf_adds(&b, "\" *");
        p += n;
    }
    if (!b.len) nt_buf_adds(&b, "\"\"");
    size_t len;
    return nt_buf_detach(&b, &len);
}

int nt_case_list(nt_store *st, const nt_actor *a, json_t *filter, json_t **out, nt_err *err)
{
    const char *state = NULL, *route = NULL, *office = NULL, *election = NULL, *nip = NULL,
               *q = NULL, *month = NULL, *category = NULL, *due = NULL;
    int64_t limit = 50, offset = 0, agency = 0;
    int rc = 0;
    if (filter) {
        if (!rc) rc = nt_in_str(filter, "status", false, 32, &state, err);
        if (!rc) rc = nt_in_str(filter, "jalur", false, 20, &route, err);
        if (!rc) rc = nt_in_str(filter, "kantor", false, 16, &office, err);
        if (!rc) rc = nt_in_str(filter, "pemilihan", false, 64, &election, err);
        if (!rc) rc = nt_in_str(filter, "nip", false, 18, &nip, err);
        if (!rc) rc = nt_in_str(filter, "q", false, 200, &q, err);
        if (!rc) rc = nt_in_str(filter, "bulan", false, 7, &month, err);
        if (!rc) rc = nt_in_str(filter, "kategori", false, 64, &category, err);
        if (!rc) rc = nt_in_str(filter, "tenggat", false, 8, &due, err);
        if (!rc) rc = nt_in_int(filter, "instansi", false, 0, INT64_MAX, &agency, err);
        if (!rc) rc = nt_in_int(filter, "limit", false, 1, 500, &limit, err);
        if (!rc) rc = nt_in_int(filter, "offset", false, 0, INT32_MAX, &offset, err);
    }
    if (rc) return rc;
    nt_case_state cs;
    if (state && nt_case_state_parse(state, &cs))
        return nt_err_set(err, NT_EINVAL, "status", "status '%s' tidak dikenal", state);
    nt_route rt;
    if (route && nt_route_parse(route, &rt))
        return nt_err_set(err, NT_EINVAL, "jalur", "jalur '%s' tidak dikenal", route);
    /* a category is the set of catalogue codes in it */
    char *codes = NULL;
    if (category && !(codes = nt_category_codes(st->rules, category)))
        return nt_err_set(err, NT_EINVAL, "kategori", "kategori '%s' tidak dikenal", category);
    /* a deadline filter is the set of cases whose current step is overdue ("lewat") or due
     * within N days: computed by the deadline rules, not in SQL */
    char *due_ids = NULL;
    if (due) {
        char *end;
        long days = strcmp(due, "lewat") == 0 ? 0 : strtol(due, &end, 10);
        if ((strcmp(due, "lewat") != 0 && (*end || days < 1 || days > 366))) {
            free(codes);
            return nt_err_set(err, NT_EINVAL, "tenggat",
                              "tenggat harus 'lewat' atau jumlah hari (1-366)");
        }
        json_t *dl = NULL;
        if ((rc = nt_case_due(st, a, (int)days, &dl, err))) {
            free(codes);
            return rc;
        }
        json_t *ids = json_array(), *row;
        size_t i;
        static const char *groups[] = {"terlambat", "segera"};
        for (int g = 0; g < (days ? 2 : 1); g++)
            json_array_foreach(json_object_get(dl, groups[g]), i, row)
                json_array_append(ids, json_object_get(row, "id"));
        due_ids = json_dumps(ids, JSON_COMPACT);
        json_decref(ids), json_decref(dl);
    }
    char *like = q ? fts_query(q) : NULL;
    /* Only the filters given, so SQLite can use the indexes on state and office. */
    nt_buf where = {0};
    nt_buf_printf(&where, "WHERE %s", nt_scope_sql(a));
    if (state) nt_buf_adds(&where, " AND c.state=$1");
    if (route) nt_buf_adds(&where, " AND c.route=$2");
    if (office)
        nt_buf_adds(&where,
                    " AND (c.office=$3 OR (c.office > $3 || '.' AND c.office < $3 || '/'))");
    if (election) nt_buf_adds(&where, " AND c.election_id=$4");
    if (nip)
        nt_buf_adds(&where, " AND c.id IN (SELECT p.case_id FROM case_parties p WHERE p.nip=$5)");
    if (month) nt_buf_adds(&where, " AND substr(c.known_date,1,7)=$10");
    if (codes)
        nt_buf_adds(&where, " AND c.id IN (SELECT v.case_id FROM case_violations v WHERE v.code "
                            "IN (SELECT value FROM json_each($11)))");
    if (agency)
        nt_buf_adds(&where, " AND c.id IN (SELECT p.case_id FROM case_parties p JOIN asn s ON "
                            "s.nip=p.nip WHERE s.agency_id=$12)");
    if (due_ids) nt_buf_adds(&where, " AND c.id IN (SELECT value FROM json_each($13))");
    if (like)
        nt_buf_adds(&where, " AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH $6)");
    nt_buf sql = {0};
    nt_buf_adds(&sql, "SELECT c.id, c.reg_no, c.route AS jalur, c.state AS status, c.office AS "
                      "kantor, c.title AS judul, c.known_date AS tanggal_diketahui, "
                      "c.state_since AS status_sejak, c.regime, c.registered_on, c.extended, "
                      "(SELECT count(*) FROM case_parties p WHERE p.case_id=c.id) AS terlapor "
                      "FROM cases c ");
    nt_buf_add(&sql, where.p, where.len);
    nt_buf_adds(&sql, " ORDER BY c.id DESC LIMIT $7 OFFSET $8");
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_reset(&sql);
    nt_buf_adds(&sql, "SELECT count(*) FROM cases c ");
    nt_buf_add(&sql, where.p, where.len);
    nt_stmt *cnt = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    nt_buf_free(&where);
    if (!s || !cnt) {
        nt_done(s), nt_done(cnt), free(like), free(codes), free(due_ids);
        return nt_err_set(err, NT_EDB, NULL, "daftar kasus tidak dapat dibaca");
    }
    nt_stmt *both[2] = {s, cnt};
    for (int k = 0; k < 2; k++) {
        nt_bind_text(both[k], 1, state);
        nt_bind_text(both[k], 2, route);
        nt_bind_text(both[k], 3, office);
        nt_bind_text(both[k], 4, election);
        nt_bind_text(both[k], 5, nip);
        nt_bind_text(both[k], 6, like);
        nt_bind_text(both[k], 10, month);
        nt_bind_text(both[k], 11, codes);
        if (agency)
            nt_bind_int(both[k], 12, agency);
        else
            nt_bind_null(both[k], 12);
        nt_bind_text(both[k], 13, due_ids);
        nt_scope_bind(both[k], 9, a);
    }
    nt_bind_int(s, 7, limit);
    nt_bind_int(s, 8, offset);
    free(like), free(codes), free(due_ids);
    json_t *items = json_array();
    while (nt_step(s) == 1) {
        json_t *row = json_object();
        json_object_set_new(row, "id", json_integer(nt_col_int(s, 0)));
        json_object_set_new(row, "reg_no",
                            nt_col_null(s, 1) ? json_null() : json_string(nt_col_text(s, 1)));
        for (int k = 2; k <= 7; k++)
            json_object_set_new(row, nt_col_name(s, k), json_string(nt_col_text(s, k)));
        json_object_set_new(row, "terlapor", json_integer(nt_col_int(s, 11)));
        nt_case_state st8;
        nt_due d;
        if (nt_case_state_parse(nt_col_text(s, 3), &st8) == 0)
            json_object_set_new(row, "status_label", json_string(nt_case_state_label(st8)));
        if (nt_case_state_parse(nt_col_text(s, 3), &st8) == 0 && !nt_case_state_final(st8) &&
            case_due(st, nt_col_text(s, 8), st8, nt_col_date(s, 6), nt_col_date(s, 9),
                     nt_col_date(s, 7), nt_col_int(s, 10) != 0, &d) == 0)
            json_object_set_new(row, "tenggat", due_json(st, &d));
        json_array_append_new(items, row);
    }
    nt_done(s);
    int64_t total = nt_step(cnt) == 1 ? nt_col_int(cnt, 0) : 0;
    nt_done(cnt);
    *out = json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit", (json_int_t)limit,
                     "offset", (json_int_t)offset, "items", items);
    return 0;
}

/* ---- transitions ---- */

static int party_counts(nt_store *st, int64_t id, nt_case_facts *f)
{
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT count(*), "
                 "sum(state NOT IN ('dihentikan','tidak_terbukti','ditolak','gugur','selesai')),"
                 " sum(state<>'dihentikan'), "
                 "(SELECT count(*) FROM case_violations v WHERE v.case_id=$1) "
                 "FROM case_parties WHERE case_id=$1",
                 "i", id);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return NT_EDB;
    }
    f->nparties = (int)nt_col_int(s, 0);
    f->nparties_open = (int)nt_col_int(s, 1);
    f->nparties_active = (int)nt_col_int(s, 2);
    f->nviolations = (int)nt_col_int(s, 3);
    nt_done(s);
    return 0;
}

static const char *destinations[] = {"gakkumdu", "dkpp", "administrasi", "instansi_lain"};

/* Validates data.* for the step's needs; fills `record` with what is kept. */
static int take_step_data(nt_store *st, const case_row *c, unsigned flags, json_t *data,
                          nt_date since, json_t *record, char target[16], nt_err *err)
{
    const char *v;
    int rc;
    if (flags & NT_TR_TARGET_REGION) {
        char level[16];
        if ((rc = nt_in_str(data, "ke_wilayah", true, 16, &v, err))) return rc;
        if ((rc = nt_check_region(st, "data.ke_wilayah", v, level, err))) return rc;
        size_t lo = strlen(c->office), lt = strlen(v);
        bool parent = lt < lo && strncmp(c->office, v, lt) == 0 && c->office[lt] == '.';
        bool child = lo < lt && strncmp(v, c->office, lo) == 0 && v[lo] == '.';
        if (strcmp(level, "kecamatan") == 0 || (!parent && !child))
            return nt_err_set(err, NT_EINVAL, "data.ke_wilayah",
                              "pelimpahan hanya ke Bawaslu tingkat di atas atau di bawahnya "
                              "(provinsi atau kabupaten/kota), bukan %s",
                              v);
        nt_strlcpy(target, v, 16);
        json_object_set_new(record, "dari_wilayah", json_string(c->office));
        json_object_set_new(record, "ke_wilayah", json_string(v));
    }
    if (flags & NT_TR_DESTINATION) {
        if ((rc = nt_in_str(data, "tujuan", true, 32, &v, err))) return rc;
        bool ok = false;
        for (size_t i = 0; i < NT_ARRAY_LEN(destinations); i++)
            if (strcmp(v, destinations[i]) == 0) ok = true;
        if (!ok)
            return nt_err_set(err, NT_EINVAL, "data.tujuan",
                              "tujuan harus gakkumdu, dkpp, administrasi atau instansi_lain");
        json_object_set_new(record, "tujuan", json_string(v));
    }
    if (flags & NT_TR_RECOMMENDATION) {
        const char *code, *ladder, *number;
        nt_date date;
        if ((rc = nt_in_str(data, "sanksi", true, 48, &code, err))) return rc;
        if ((rc = nt_in_str(data, "dasar", false, 16, &ladder, err))) return rc;
        const nt_sanction *s = nt_rules_sanction(st->rules, ladder, code);
        if (!s)
            return nt_err_set(err, NT_EINVAL, "data.sanksi",
                              "sanksi '%s' tidak ada dalam katalog sanksi versi %s", code,
                              st->rules->catalogue_version);
        if ((rc = nt_in_str(data, "nomor", true, 120, &number, err))) return rc;
        if ((rc = nt_in_date(data, "tanggal", true, true, &date, err))) return rc;
        if (date < since)
            return nt_err_set(err, NT_EINVAL, "data.tanggal",
                              "tanggal rekomendasi tidak boleh sebelum kasus diteruskan");
        char ds[11];
        nt_date_format(date, ds);
        const nt_authority *au = nt_rules_authority_on(st->rules, date);
        json_object_set_new(record, "sanksi", json_string(s->code));
        json_object_set_new(record, "sanksi_label", json_string(s->label));
        json_object_set_new(record, "tingkat", json_string(s->level));
        json_object_set_new(record, "dasar", json_string(s->ladder));
        json_object_set_new(record, "nomor", json_string(number));
        json_object_set_new(record, "tanggal", json_string(ds));
        if (au) json_object_set_new(record, "otoritas", json_string(au->short_name));
    }
    if (flags & NT_TR_DECREE) {
        const char *number;
        nt_date date;
        if ((rc = nt_in_str(data, "nomor_sk", true, 120, &number, err))) return rc;
        if ((rc = nt_in_date(data, "tanggal_sk", true, true, &date, err))) return rc;
        if (date < since)
            return nt_err_set(err, NT_EINVAL, "data.tanggal_sk",
                              "tanggal SK tidak boleh sebelum rekomendasi terbit");
        char ds[11];
        nt_date_format(date, ds);
        json_object_set_new(record, "nomor_sk", json_string(number));
        json_object_set_new(record, "tanggal_sk", json_string(ds));
        const char *sanksi;
        if ((rc = nt_in_str(data, "sanksi", false, 48, &sanksi, err))) return rc;
        if (sanksi) {
            if (!nt_rules_sanction(st->rules, NULL, sanksi))
                return nt_err_set(err, NT_EINVAL, "data.sanksi",
                                  "sanksi '%s' tidak ada dalam katalog", sanksi);
            json_object_set_new(record, "sanksi", json_string(sanksi));
        }
    }
    return 0;
}

static int registration_number(nt_store *st, const case_row *c, nt_date today, char out[96],
                               int64_t *year_out, int64_t *seq_out)
{
    int y, m, d;
    nt_date_to_ymd(today, &y, &m, &d);
    nt_stmt *s = nt_query(st->db,
                          "INSERT INTO reg_counters(office,year,last) VALUES($1,$2,1) "
                          "ON CONFLICT(office,year) DO UPDATE SET last=last+1 RETURNING last",
                          "ti", c->office, (int64_t)y);
    int rc = s ? nt_step(s) : NT_EDB;
    int64_t seq = rc == 1 ? nt_col_int(s, 0) : 0;
    nt_done(s);
    if (rc != 1) return NT_EDB;
    snprintf(out, 96, "%03lld/Reg/%s/ASN/%s/%s/%d", (long long)seq,
             c->route == NT_ROUTE_LAPORAN ? "LP" : "TM", c->office, nt_month_roman(m), y);
    *year_out = y;
    *seq_out = seq;
    return 0;
}

static int party_step(nt_store *st, const nt_actor *a, const case_row *c, const char *nip,
                      const char *to_s, const char *reason, json_t *data, nt_err *err)
{
    nt_party_state to, from;
    if (nt_party_state_parse(to_s, &to))
        return nt_err_set(err, NT_EINVAL, "ke", "status terlapor '%s' tidak dikenal", to_s);
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT p.state, p.state_since, x.agency_id FROM case_parties p JOIN asn x"
                 " ON x.nip=p.nip WHERE p.case_id=$1 AND p.nip=$2",
                 "it", c->id, nip);
    int found = s ? nt_step(s) : NT_EDB;
    char from_s[32] = "";
    nt_date since = NT_DATE_NONE;
    int64_t agency = 0;
    if (found == 1) {
        nt_strlcpy(from_s, nt_col_text(s, 0), sizeof from_s);
        since = nt_col_date(s, 1);
        agency = nt_col_int(s, 2);
    }
    nt_done(s);
    if (found != 1)
        return nt_err_set(err, NT_EINVAL, "nip", "NIP %.18s bukan terlapor dalam kasus ini", nip);
    if ((a->roles & NT_ROLE_PPK) && !(a->roles & NT_ROLE_ADMIN) && agency != a->agency_id)
        return nt_err_set(err, NT_ENOTFOUND, "nip", "NIP %.18s bukan terlapor dalam kasus ini",
                          nip);
    nt_party_state_parse(from_s, &from);
    nt_party_facts f = {.state = from, .case_state = c->state};
    nt_due d;
    if (party_due(st, c->regime, from, since, &d) == 0) f.deadline_passed = nt_today() > d.due;
    unsigned flags = 0;
    int rc = nt_party_transition_check(&f, to, a->roles, &flags, err);
    if (rc) return rc;
    if ((flags & NT_TR_REASON) && !reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi untuk langkah ini");
    json_t *record = json_object();
    char target[16] = "";
    rc = take_step_data(st, c, flags, data, since, record, target, err);
    if (rc) {
        json_decref(record);
        return rc;
    }
    char *rec =
        (flags & (NT_TR_RECOMMENDATION | NT_TR_DECREE)) ? json_dumps(record, JSON_COMPACT) : NULL;
    rc = nt_exec(st->db,
                 "UPDATE case_parties SET state=$3, state_since=$4,"
                 " recommendation=CASE WHEN $5 IS NULL THEN recommendation ELSE $5 END,"
                 " decree=CASE WHEN $6 IS NULL THEN decree ELSE $6 END"
                 " WHERE case_id=$1 AND nip=$2",
                 "ittdtt", c->id, nip, to_s, nt_today(),
                 (flags & NT_TR_RECOMMENDATION) ? rec : NULL, (flags & NT_TR_DECREE) ? rec : NULL);
    free(rec);
    if (!rc)
        rc = nt_exec(st->db, "UPDATE cases SET updated_at=$2 WHERE id=$1", "ii", c->id, nt_now());
    if (!rc) rc = add_event(st, a, c->id, nip, from_s, to_s, reason, json_incref(record));
    if (!rc)
        rc = audit_case(
            st, a, "terlapor.status", c->id,
            json_pack("{ss ss ss sO}", "nip", nip, "dari", from_s, "ke", to_s, "data", record));
    json_decref(record);
    if (rc) return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    return 0;
}

static int case_step(nt_store *st, const nt_actor *a, const case_row *c, const char *to_s,
                     const char *reason, json_t *data, json_t *result, nt_err *err)
{
    nt_case_state to;
    if (nt_case_state_parse(to_s, &to))
        return nt_err_set(err, NT_EINVAL, "ke", "status '%s' tidak dikenal", to_s);
    nt_case_facts f = {.state = c->state,
                       .route = c->route,
                       .has_event_date = c->event != NT_DATE_NONE,
                       .has_place = c->has_place,
                       .has_narrative = c->has_narrative,
                       .has_reporter = c->has_reporter};
    if (party_counts(st, c->id, &f))
        return nt_err_set(err, NT_EDB, NULL, "basis data gagal dibaca");
    unsigned flags = 0;
    int rc = nt_case_transition_check(&f, to, a->roles, &flags, err);
    if (rc) return rc;
    if ((flags & NT_TR_REASON) && !reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi untuk langkah ini");
    json_t *record = json_object();
    char target[16] = "";
    rc = take_step_data(st, c, flags, data, c->since, record, target, err);
    if (rc) {
        json_decref(record);
        return rc;
    }
    nt_date today = nt_today();
    char regno[96] = "";
    int64_t year = 0, seq = 0;
    if ((flags & NT_TR_REGISTERS) && registration_number(st, c, today, regno, &year, &seq)) {
        json_decref(record);
        return nt_err_set(err, NT_EDB, NULL, "nomor registrasi tidak dapat diterbitkan");
    }
    if (*regno) {
        json_object_set_new(record, "reg_no", json_string(regno));
        json_object_set_new(result, "reg_no", json_string(regno));
    }
    rc = nt_exec(st->db,
                 "UPDATE cases SET state=$2, state_since=$3, updated_at=$4,"
                 " office=coalesce($5, office), destination=coalesce($6, destination)"
                 " WHERE id=$1",
                 "itditt", c->id, to_s, today, nt_now(), *target ? target : NULL,
                 json_string_value(json_object_get(record, "tujuan")));
    if (!rc && *regno)
        rc = nt_exec(st->db,
                     "UPDATE cases SET reg_year=$2, reg_seq=$3, reg_no=$4, registered_on=$5 "
                     "WHERE id=$1",
                     "iiitd", c->id, year, seq, regno, today);
    if (!rc && (flags & NT_TR_FORWARDS)) {
        /* Every reported ASN still open goes to the authority with the case. */
        nt_stmt *s = nt_query(
            st->db, /* "+state": look up by the case key, never scan every pending ASN */
            "SELECT nip FROM case_parties WHERE case_id=$1 AND +state='dilaporkan'", "i", c->id);
        json_t *nips = json_array();
        while (s && nt_step(s) == 1)
            json_array_append_new(nips, json_string(nt_col_text(s, 0)));
        nt_done(s);
        size_t i;
        json_t *n;
        json_array_foreach(nips, i, n)
        {
            if (!rc)
                rc = nt_exec(st->db,
                             "UPDATE case_parties SET state='diteruskan', state_since=$3 "
                             "WHERE case_id=$1 AND nip=$2",
                             "itd", c->id, json_string_value(n), today);
            if (!rc)
                rc = add_event(st, a, c->id, json_string_value(n), "dilaporkan", "diteruskan", "",
                               NULL);
        }
        json_object_set_new(record, "diteruskan", nips);
        const nt_authority *au = nt_rules_authority_on(st->rules, today);
        if (au) json_object_set_new(record, "otoritas", json_string(au->short_name));
    }
    if (!rc)
        rc = add_event(st, a, c->id, NULL, nt_case_state_name(c->state), to_s, reason,
                       json_incref(record));
    if (!rc)
        rc = audit_case(st, a, "kasus.status", c->id,
                        json_pack("{ss ss sO}", "dari", nt_case_state_name(c->state), "ke", to_s,
                                  "data", record));
    json_decref(record);
    if (rc) return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    return 0;
}

int nt_case_transition(nt_store *st, const nt_actor *a, int64_t id, json_t *in, json_t **out,
                       nt_err *err)
{
    if (!json_is_object(in)) return nt_err_set(err, NT_EINVAL, "body", "data harus objek JSON");
    const char *to, *reason, *nip;
    int rc = nt_in_str(in, "ke", true, 32, &to, err);
    if (!rc) rc = nt_in_str(in, "alasan", false, 4000, &reason, err);
    if (!rc) rc = nt_in_str(in, "nip", false, 18, &nip, err);
    if (rc) return rc;
    json_t *data = json_object_get(in, "data");
    if (data && !json_is_object(data))
        return nt_err_set(err, NT_EINVAL, "data", "kolom 'data' harus objek");
    json_t *empty = json_object();
    if (!data) data = empty;
    if (nt_db_begin(st->db)) {
        json_decref(empty);
        return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    }
    case_row c;
    json_t *result = json_object();
    rc = load_case(st, a, id, &c, err);
    if (!rc) {
        if (nip)
            rc = party_step(st, a, &c, nip, to, reason, data, err);
        else
            rc = case_step(st, a, &c, to, reason, data, result, err);
    }
    json_decref(empty);
    if (rc) {
        json_decref(result);
        nt_db_rollback(st->db);
        return rc;
    }
    if ((rc = nt_db_commit(st->db))) {
        json_decref(result);
        return nt_err_set(err, NT_EDB, NULL, "perubahan status tidak dapat disimpan");
    }
    json_object_set_new(result, "id", json_integer(id));
    json_object_set_new(result, "ke", json_string(to));
    if (nip) json_object_set_new(result, "nip", json_string(nip));
    *out = result;
    return 0;
}

int nt_case_extend(nt_store *st, const nt_actor *a, int64_t id, const char *reason, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat memperpanjang tenggat");
    if (!reason || !*reason)
        return nt_err_set(err, NT_EINVAL, "alasan", "kolom 'alasan' wajib diisi");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    case_row c;
    int rc = load_case(st, a, id, &c, err);
    nt_due d;
    if (!rc && c.extended)
        rc = nt_err_set(err, NT_ECONFLICT, "diperpanjang", "tenggat kasus ini sudah diperpanjang");
    if (!rc && (case_due(st, c.regime, c.state, c.known, c.registered, c.since, false, &d) != 0 ||
                d.clock->extension_days == 0))
        rc = nt_err_set(err, NT_ECONFLICT, "status",
                        "tenggat pada status '%s' tidak dapat diperpanjang",
                        nt_case_state_name(c.state));
    if (!rc && nt_today() > d.due)
        rc = nt_err_set(err, NT_ECONFLICT, "status",
                        "tenggat sudah terlampaui; perpanjangan harus diberikan sebelum tenggat");
    if (!rc)
        rc = nt_exec(st->db, "UPDATE cases SET extended=1, updated_at=$2 WHERE id=$1", "ii", id,
                     nt_now());
    if (!rc)
        rc = add_event(st, a, id, NULL, nt_case_state_name(c.state), nt_case_state_name(c.state),
                       reason, json_pack("{si}", "perpanjangan_hari", d.clock->extension_days));
    if (!rc) rc = audit_case(st, a, "kasus.perpanjang", id, json_pack("{ss}", "alasan", reason));
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit(st->db);
}

int nt_case_reporter(nt_store *st, const nt_actor *a, int64_t id, const char *purpose, json_t **out,
                     nt_err *err)
{
    /* Only the handling team: Bawaslu staff whose region covers the case office. */
    if (!(a->roles & NT_ROLE_BAWASLU))
        return nt_err_set(err, NT_EFORBIDDEN, "pelapor",
                          "identitas pelapor hanya dapat dilihat oleh tim penanganan Bawaslu");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    case_row c;
    int rc = load_case(st, a, id, &c, err);
    unsigned char *blob = NULL;
    size_t len = 0;
    if (!rc) {
        nt_stmt *s = nt_query(st->db, "SELECT reporter_enc FROM cases WHERE id=$1", "i", id);
        if (s && nt_step(s) == 1 && !nt_col_null(s, 0)) {
            const void *p = nt_col_blob(s, 0, &len);
            blob = nt_xmalloc(len);
            memcpy(blob, p, len);
        }
        nt_done(s);
        if (!blob)
            rc = nt_err_set(err, NT_ENOTFOUND, "pelapor",
                            "kasus ini tidak memuat identitas pelapor");
    }
    char *plain = NULL;
    if (!rc && nt_unseal(st, blob, len, &plain))
        rc = nt_err_set(err, NT_EIO, "pelapor",
                        "identitas pelapor tidak dapat dibuka (kunci tidak cocok atau data rusak)");
    free(blob);
    if (!rc)
        rc = audit_case(
            st, a, "pelapor.lihat", id,
            json_pack("{ss}", "keperluan", purpose && *purpose ? purpose : "penanganan"));
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        if (plain) sodium_memzero(plain, strlen(plain));
        free(plain);
        return rc ? rc : nt_err_set(err, NT_EDB, NULL, "log akses tidak dapat ditulis");
    }
    *out = json_loads(plain, 0, NULL);
    sodium_memzero(plain, strlen(plain));
    free(plain);
    return *out ? 0 : nt_err_set(err, NT_EIO, "pelapor", "identitas pelapor rusak");
}

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
                  "c.title FROM cases c LEFT JOIN case_parties p ON p.case_id=c.id AND c.state="
                  "'diteruskan' AND p.state IN ('diteruskan','rekomendasi_terbit','teguran_ppk') "
                  "WHERE c.state NOT IN ('tidak_diregistrasi','daluarsa','dihentikan',"
                  "'diteruskan_lain','selesai') AND %s ORDER BY c.id",
                  nt_scope_sql(a));
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (!s) return nt_err_set(err, NT_EDB, NULL, "basis data tidak dapat dibaca");
    nt_scope_bind(s, 9, a);
    size_t n = 0, cap = 0;
    json_t **rows = NULL;
    int64_t last_case = 0;
    while (nt_step(s) == 1) {
        int64_t id = nt_col_int(s, 0);
        nt_due d;
        bool have = false;
        json_t *row = NULL;
        if (!nt_col_null(s, 9)) {
            nt_party_state ps;
            if (nt_party_state_parse(nt_col_text(s, 10), &ps) == 0 &&
                party_due(st, nt_col_text(s, 4), ps, nt_col_date(s, 11), &d) == 0) {
                have = true;
                row = json_pack("{sI ss ss ss}", "id", (json_int_t)id, "nip", nt_col_text(s, 9),
                                "status", nt_col_text(s, 10), "status_kasus", nt_col_text(s, 3));
            }
        } else if (id != last_case) {
            nt_case_state cs;
            if (nt_case_state_parse(nt_col_text(s, 3), &cs) == 0 &&
                case_due(st, nt_col_text(s, 4), cs, nt_col_date(s, 5), nt_col_date(s, 6),
                         nt_col_date(s, 7), nt_col_int(s, 8) != 0, &d) == 0) {
                have = true;
                row = json_pack("{sI ss}", "id", (json_int_t)id, "status", nt_col_text(s, 3));
            }
        }
        last_case = id;
        if (!have) continue;
        if (d.due - today > days) {
            json_decref(row);
            continue;
        }
        json_object_set_new(row, "reg_no",
                            nt_col_null(s, 1) ? json_null() : json_string(nt_col_text(s, 1)));
        json_object_set_new(row, "kantor", json_string(nt_col_text(s, 2)));
        json_object_set_new(row, "judul", json_string(nt_col_text(s, 12)));
        json_object_set_new(row, "tenggat", due_json(st, &d));
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
    free(rows);
    char ds[11];
    nt_date_format(today, ds);
    *out = json_pack("{ss si so so}", "hari_ini", ds, "hari", days, "terlambat", overdue, "segera",
                     soon);
    return 0;
}

int nt_case_track(nt_store *st, const char *receipt, json_t **out, nt_err *err)
{
    if (!receipt || strlen(receipt) > 32 || !nt_utf8_valid(receipt, strlen(receipt)))
        return nt_err_set(err, NT_EINVAL, "kode", "kode tanda terima tidak sah");
    unsigned char h[32];
    receipt_hash(receipt, h);
    nt_stmt *s = nt_query(st->db,
                          "SELECT c.id, c.state, c.reg_no, c.registered_on, c.state_since, "
                          "c.created_at, r.name FROM cases c JOIN regions r ON r.code=c.office "
                          "WHERE c.receipt_hash=$1",
                          "b", (const void *)h, (size_t)32);
    if (!s || nt_step(s) != 1) {
        nt_done(s);
        return nt_err_set(err, NT_ENOTFOUND, "kode", "kode tanda terima tidak ditemukan");
    }
    int64_t id = nt_col_int(s, 0);
    nt_case_state cs;
    nt_case_state_parse(nt_col_text(s, 1), &cs);
    char ts[32];
    nt_time_format(nt_col_int(s, 5), ts);
    json_t *o =
        json_pack("{ss ss ss ss}", "status", nt_col_text(s, 1), "status_label",
                  nt_case_state_label(cs), "diterima", ts, "ditangani_oleh", nt_col_text(s, 6));
    json_object_set_new(o, "reg_no",
                        nt_col_null(s, 2) ? json_null() : json_string(nt_col_text(s, 2)));
    json_object_set_new(o, "tanggal_registrasi",
                        nt_col_null(s, 3) ? json_null() : json_string(nt_col_text(s, 3)));
    json_object_set_new(o, "status_sejak", json_string(nt_col_text(s, 4)));
    nt_done(s);
    /* Stages and dates only: no reasons, no staff, no reported names. */
    nt_stmt *e = nt_query(st->db,
                          "SELECT to_state, at FROM case_events WHERE case_id=$1 AND nip IS NULL "
                          "AND (from_state IS NULL OR from_state<>to_state) ORDER BY id",
                          "i", id);
    json_t *steps = json_array();
    while (e && nt_step(e) == 1) {
        nt_case_state es;
        nt_case_state_parse(nt_col_text(e, 0), &es);
        nt_time_format(nt_col_int(e, 1), ts);
        json_array_append_new(steps, json_pack("{ss ss ss}", "status", nt_col_text(e, 0), "label",
                                               nt_case_state_label(es), "waktu", ts));
    }
    nt_done(e);
    json_object_set_new(o, "tahapan", steps);
    *out = o;
    return 0;
}
