/*
 * events.c - socialization and coordination events of the prevention work: what was held,
 * where or on which platform, by whom, for whom; who attended (an attendance list matched to
 * the roster by NIP or by name, unsure names confirmed by the officer, never guessed); and
 * the files of agreements and events (signed documents, materials, photos) under their
 * SHA-256.
 *
 * Scope: a Bawaslu office records and reads the events of its region and below; a PPK (or a
 * regional government's officer) those of its own agency, with attendees from its agency
 * only; an admin all.
 */
#include "store/store_int.h"

#include "base/csv.h"
#include "base/utf8.h"
#include "rules/nip.h"
#include "rules/prevention.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SPEAKERS_MAX 20
#define PARTNERS_MAX 20
#define PARTICIPANTS_MAX 10000000
#define ATTENDANCE_ROWS_MAX 100000
#define REPORT_MAX 200

static bool may_event(const nt_actor *a)
{
    return (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_PPK)) != 0;
}

/* The events a reader may see, as a condition on events e ($1 region, $2 agency). */
static const char *event_scope(const nt_actor *a)
{
    /* an administrator's region is "" (everything) unless a page narrowed it to one region */
    if (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU))
        return "($1='' OR e.office=$1 OR (e.office > $1 || '.' AND e.office < $1 || '/'))";
    return "e.agency_id=$2";
}

/* A list of names (partners) or of {nama, jabatan} (speakers) as stored JSON text. */
static int name_list(json_t *in, const char *key, bool with_position, size_t max, char **out,
                     nt_err *err)
{
    json_t *v = json_object_get(in, key), *x, *clean = json_array();
    *out = NULL;
    if (v && !json_is_null(v) && (!json_is_array(v) || json_array_size(v) > max)) {
        json_decref(clean);
        return nt_err_set(err, NT_EINVAL, key, "%s harus daftar, paling banyak %zu", key, max);
    }
    size_t i;
    json_array_foreach(v, i, x)
    {
        json_t *obj = json_is_string(x) ? json_pack("{sO}", "nama", x) : json_incref(x);
        const char *name = NULL, *pos = NULL;
        int rc = json_is_object(obj) ? nt_in_str(obj, "nama", false, 200, &name, err) : NT_EINVAL;
        if (!rc && with_position) rc = nt_in_str(obj, "jabatan", false, 200, &pos, err);
        if (rc) {
            json_decref(obj);
            json_decref(clean);
            return nt_err_set(err, NT_EINVAL, key, "%s ke-%zu harus berisi nama (teks)", key,
                              i + 1);
        }
        if (name && *name)
            json_array_append_new(
                clean, with_position ? json_pack("{ss ss}", "nama", name, "jabatan", pos ? pos : "")
                                     : json_string(name));
        json_decref(obj);
    }
    *out = json_dumps(clean, JSON_COMPACT);
    json_decref(clean);
    return 0;
}

int nt_event_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!may_event(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mencatat kegiatan");
    const char *title, *kind, *mode, *place, *platform, *organiser, *office, *election, *notes;
    nt_date day;
    int64_t participants = 0;
    int rc = nt_in_str(in, "judul", true, 300, &title, err);
    if (!rc) rc = nt_in_str(in, "jenis", true, 16, &kind, err);
    if (!rc && !nt_kind_label(nt_event_kinds, kind))
        rc = nt_err_set(err, NT_EINVAL, "jenis",
                        "jenis kegiatan '%.16s' tidak dikenal (sosialisasi, koordinasi, bimtek, "
                        "ikrar, lainnya)",
                        kind);
    if (!rc) rc = nt_in_date(in, "tanggal", true, true, &day, err);
    if (!rc) rc = nt_in_str(in, "cara", true, 16, &mode, err);
    if (!rc && !nt_kind_label(nt_event_modes, mode))
        rc = nt_err_set(err, NT_EINVAL, "cara",
                        "cara pelaksanaan harus luring, daring atau campuran");
    if (!rc) rc = nt_in_str(in, "tempat", strcmp(mode, "daring") != 0, 300, &place, err);
    if (!rc) rc = nt_in_str(in, "platform", strcmp(mode, "luring") != 0, 200, &platform, err);
    if (!rc) rc = nt_in_str(in, "penyelenggara", true, 300, &organiser, err);
    if (!rc) rc = nt_in_int(in, "peserta", false, 0, PARTICIPANTS_MAX, &participants, err);
    if (!rc) rc = nt_in_str(in, "kantor", false, 16, &office, err);
    if (!rc) rc = nt_in_str(in, "pemilihan", false, 64, &election, err);
    if (!rc) rc = nt_in_str(in, "catatan", false, 4000, &notes, err);
    if (rc) return rc;
    int64_t agency = 0;
    char agency_region[16];
    if (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) {
        if (!office) office = a->region;
        if (*office && nt_check_region(st, "kantor", office, NULL, err)) return err->code;
        if (!nt_actor_covers_region(a, office))
            return nt_err_set(err, NT_EFORBIDDEN, "kantor", "kantor %s di luar wilayah kerja Anda",
                              *office ? office : "nasional");
    } else { /* a PPK records its own agency's events, in its region */
        if (!a->agency_id)
            return nt_err_set(err, NT_EFORBIDDEN, NULL, "akun Anda tidak terhubung ke instansi");
        agency = a->agency_id;
        nt_stmt *s =
            nt_query(st->db, "SELECT coalesce(region,'') FROM agencies WHERE id=$1", "i", agency);
        nt_strlcpy(agency_region, s && nt_step(s) == 1 ? nt_col_text(s, 0) : a->region,
                   sizeof agency_region);
        nt_done(s);
        office = agency_region;
    }
    if (election && nt_check_election(st, a, election, err)) return err->code;
    char *partners = NULL, *speakers = NULL, *audience = NULL;
    rc = name_list(in, "mitra", false, PARTNERS_MAX, &partners, err);
    if (!rc) rc = name_list(in, "narasumber", true, SPEAKERS_MAX, &speakers, err);
    if (!rc)
        rc = nt_in_kinds(in, "sasaran", nt_appeal_addressees, "sasaran peserta", true, &audience,
                         err);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    if (!rc) {
        nt_stmt *s = nt_query(
            st->db,
            "INSERT INTO events(office,kind,title,held_on,mode,place,platform,organiser,partners,"
            "speakers,audience,participants,election_id,notes,created_by,created_at,agency_id) "
            "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id",
            "tttdtttttttittt"
            "iI",
            office, kind, title, day, mode, place ? place : "", platform ? platform : "", organiser,
            partners, speakers, audience, participants, election, notes ? notes : "", a->username,
            nt_now(), agency);
        rc = s && nt_step(s) == 1 ? 0 : NT_EDB;
        if (!rc) *id = nt_col_int(s, 0);
        nt_done(s);
        if (!rc) {
            char obj[48];
            snprintf(obj, sizeof obj, "event:%lld", (long long)*id);
            json_t *det =
                json_pack("{ss ss ss sI}", "judul", title, "jenis", kind, "kantor",
                          *office ? office : "nasional", "peserta", (json_int_t)participants);
            rc = nt_audit_append(st, a, "acara.tambah", obj, det);
            json_decref(det);
        }
        if (rc || nt_db_commit(st->db)) {
            if (rc) nt_db_rollback(st->db);
            rc = nt_err_set(err, NT_EDB, NULL, "kegiatan tidak dapat disimpan");
        }
    }
    free(partners), free(speakers), free(audience);
    return rc;
}

/* The event row of id if the reader may see it: NULL and NT_ENOTFOUND otherwise (an event out
 * of scope is not said to exist). */
static json_t *event_row(nt_store *st, const nt_actor *a, int64_t id, nt_err *err)
{
    nt_buf sql = {0};
    nt_buf_printf(
        &sql,
        "SELECT e.id, e.office AS kantor, coalesce(r.name,'') AS nama_kantor, e.kind AS jenis,"
        " e.title AS judul, e.held_on AS tanggal, e.mode AS cara, e.place AS tempat, e.platform,"
        " e.organiser AS penyelenggara, e.partners AS mitra, e.speakers AS narasumber,"
        " e.audience AS sasaran, e.participants AS peserta, e.election_id AS pemilihan,"
        " coalesce(el.name,'') AS nama_pemilihan, e.notes AS catatan, e.created_by AS"
        " dicatat_oleh, coalesce(e.agency_id,0) AS instansi, coalesce(g.name,'') AS nama_instansi,"
        " (SELECT count(*) FROM event_attendance t WHERE t.event_id=e.id) AS hadir FROM events e"
        " LEFT JOIN regions r ON r.code=e.office LEFT JOIN elections el ON el.id=e.election_id"
        " LEFT JOIN agencies g ON g.id=e.agency_id WHERE %s AND ($3=0 OR e.id=$3)",
        event_scope(a));
    (void)err;
    json_t *rows = NULL;
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) {
        nt_bind_text(s, 1, a->region);
        nt_bind_int(s, 2, a->agency_id);
        nt_bind_int(s, 3, id);
    }
    rows = nt_rows_json(s);
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    if (!row) nt_err_set(err, NT_ENOTFOUND, "id", "kegiatan %lld tidak ditemukan", (long long)id);
    return row;
}

/* Labels and lists of an event row as people read them. */
static void event_words(json_t *row)
{
    const char *k = json_string_value(json_object_get(row, "jenis"));
    const char *m = json_string_value(json_object_get(row, "cara"));
    json_object_set_new(row, "jenis_label", json_string(nt_kind_label(nt_event_kinds, k) ?: "?"));
    json_object_set_new(row, "cara_label", json_string(nt_kind_label(nt_event_modes, m) ?: "?"));
    static const char *const lists[] = {"mitra", "narasumber"};
    for (size_t i = 0; i < NT_ARRAY_LEN(lists); i++) {
        json_t *v = json_loads(json_string_value(json_object_get(row, lists[i])) ?: "[]", 0, NULL);
        json_object_set_new(row, lists[i], v ? v : json_array());
    }
    json_object_set_new(
        row, "sasaran",
        nt_kinds_json(json_string_value(json_object_get(row, "sasaran")), nt_appeal_addressees));
    nt_date_label(row, "tanggal");
}

/* The files of an agreement or event: [{id, peran, peran_label, nama_berkas, jenis, ukuran,
 * ukuran_label, sha256}]. */
static json_t *files_of(nt_store *st, const char *owner, int64_t id)
{
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT id, role AS peran, filename AS nama_berkas, content_type AS jenis,"
                 " size AS ukuran, sha256, uploaded_by AS diunggah_oleh FROM"
                 " prevention_files WHERE owner=$1 AND owner_id=$2 ORDER BY id",
                 "ti", owner, id);
    json_t *rows = nt_rows_json(s), *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        char sz[32];
        nt_size_label(json_integer_value(json_object_get(row, "ukuran")), sz, sizeof sz);
        json_object_set_new(row, "ukuran_label", json_string(sz));
        json_object_set_new(
            row, "peran_label",
            json_string(nt_kind_label(nt_prevention_file_roles,
                                      json_string_value(json_object_get(row, "peran")))
                            ?: "?"));
    }
    return rows;
}

json_t *nt_prevention_files_of(nt_store *st, const char *owner, int64_t id)
{
    return files_of(st, owner, id);
}

int nt_events_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    *out = NULL;
    if (!may_event(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat kegiatan");
    nt_buf sql = {0};
    nt_buf_printf(
        &sql,
        "SELECT e.id, e.office AS kantor, coalesce(r.name,'') AS nama_kantor, e.kind AS jenis,"
        " e.title AS judul, e.held_on AS tanggal, e.mode AS cara, e.place AS tempat, e.platform,"
        " e.organiser AS penyelenggara, e.partners AS mitra, e.speakers AS narasumber,"
        " e.audience AS sasaran, e.participants AS peserta, e.election_id AS pemilihan,"
        " coalesce(g.name,'') AS nama_instansi, (SELECT count(*) FROM event_attendance t WHERE"
        " t.event_id=e.id) AS hadir, (SELECT count(*) FROM prevention_files f WHERE"
        " f.owner='event' AND f.owner_id=e.id) AS berkas FROM events e LEFT JOIN regions r ON"
        " r.code=e.office LEFT JOIN agencies g ON g.id=e.agency_id WHERE %s ORDER BY e.held_on"
        " DESC, e.id DESC LIMIT 500",
        event_scope(a));
    nt_stmt *s = nt_db_prepare_dynamic(st->db, sql.p);
    nt_buf_free(&sql);
    if (s) {
        nt_bind_text(s, 1, a->region);
        nt_bind_int(s, 2, a->agency_id);
    }
    json_t *rows = nt_rows_json(s), *row;
    size_t i;
    json_array_foreach(rows, i, row) event_words(row);
    *out = rows;
    return 0;
}

int nt_event_get(nt_store *st, const nt_actor *a, int64_t id, json_t **out, nt_err *err)
{
    *out = NULL;
    if (!may_event(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat melihat kegiatan");
    if (id <= 0) return nt_err_set(err, NT_ENOTFOUND, "id", "kegiatan tidak ditemukan");
    json_t *row = event_row(st, a, id, err);
    if (!row) return NT_ENOTFOUND;
    event_words(row);
    json_t *memo = json_object(); /* who recorded it, by name and office */
    json_object_set_new(row, "dicatat_oleh",
                        json_string(nt_user_byline(
                            st, json_string_value(json_object_get(row, "dicatat_oleh")), memo)));
    json_decref(memo);
    json_object_set_new(row, "berkas", files_of(st, "event", id));
    /* who attended, by agency, and how they were matched; a PPK counts its own agency only */
    nt_stmt *s = nt_query(st->db,
                          "SELECT coalesce(g.name,'(tanpa instansi)'), count(*) FROM"
                          " event_attendance t JOIN asn x ON x.nip=t.nip LEFT JOIN agencies g ON"
                          " g.id=x.agency_id WHERE t.event_id=$1 AND ($2=0 OR x.agency_id=$2)"
                          " GROUP BY 1 ORDER BY 2 DESC, 1",
                          "ii", id, nt_party_agency(a) ? a->agency_id : 0);
    json_t *by = json_array();
    while (s && nt_step(s) == 1)
        json_array_append_new(by, json_pack("{ss sI}", "label", nt_col_text(s, 0), "jumlah",
                                            (json_int_t)nt_col_int(s, 1)));
    nt_done(s);
    json_object_set_new(row, "hadir_per_instansi", by);
    s = nt_query(st->db,
                 "SELECT matched_by, count(*) FROM event_attendance WHERE event_id=$1 GROUP BY 1"
                 " ORDER BY 1",
                 "i", id);
    json_t *how = json_array();
    while (s && nt_step(s) == 1)
        json_array_append_new(
            how, json_pack("{ss ss sI}", "key", nt_col_text(s, 0), "label",
                           nt_kind_label(nt_attendance_methods, nt_col_text(s, 0)) ?: "?", "jumlah",
                           (json_int_t)nt_col_int(s, 1)));
    nt_done(s);
    json_object_set_new(row, "cara_cocok", how);
    *out = row;
    return 0;
}

/* ---- attendance lists ---- */

/* A header cell as a column name: trimmed, lower case. */
static bool header_is(nt_str f, const char *name)
{
    while (f.len && isspace((unsigned char)*f.p))
        f.p++, f.len--;
    while (f.len && isspace((unsigned char)f.p[f.len - 1]))
        f.len--;
    size_t n = strlen(name);
    if (f.len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)f.p[i]) != name[i]) return false;
    return true;
}

static void cell(const nt_str *f, size_t nf, int col, char *out, size_t n)
{
    out[0] = '\0';
    if (col < 0 || (size_t)col >= nf) return;
    nt_str v = f[col];
    while (v.len && isspace((unsigned char)*v.p))
        v.p++, v.len--;
    while (v.len && isspace((unsigned char)v.p[v.len - 1]))
        v.len--;
    snprintf(out, n, "%.*s", (int)(v.len < n - 1 ? v.len : n - 1), v.p);
}

/* An ASN the actor may list as an attendee: on the roster, in a Bawaslu office's region, of a
 * PPK's own agency. */
static int attendee_in_scope(nt_store *st, const nt_actor *a, const char *nip, nt_err *err)
{
    nt_stmt *s =
        nt_query(st->db, "SELECT region, coalesce(agency_id,0) FROM asn WHERE nip=$1", "t", nip);
    bool found = s && nt_step(s) == 1;
    bool ok =
        found && ((a->roles & NT_ROLE_ADMIN) ||
                  ((a->roles & NT_ROLE_BAWASLU) && nt_actor_covers_region(a, nt_col_text(s, 0))) ||
                  ((a->roles & NT_ROLE_PPK) && nt_col_int(s, 1) == a->agency_id));
    nt_done(s);
    if (!found) return nt_err_set(err, NT_EINVAL, "nip", "NIP %.18s tidak ada dalam data ASN", nip);
    if (!ok)
        return nt_err_set(err, NT_EFORBIDDEN, "nip",
                          "ASN dengan NIP %.18s di luar wilayah atau instansi Anda", nip);
    return 0;
}

/* Who a candidate is, for the officer choosing between them. */
static json_t *candidate(nt_store *st, const nt_name_match *m)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT x.name, x.position, x.work_unit, coalesce(g.name,'') FROM asn x"
                          " LEFT JOIN agencies g ON g.id=x.agency_id WHERE x.nip=$1",
                          "t", m->nip);
    json_t *o = NULL;
    if (s && nt_step(s) == 1) {
        char pct[16];
        nt_decimal_id(m->confidence * 100, 0, pct, sizeof pct);
        o = json_pack("{ss ss ss ss ss ss}", "nip", m->nip, "nama", nt_col_text(s, 0), "jabatan",
                      nt_col_text(s, 1), "unit_kerja", nt_col_text(s, 2), "instansi",
                      nt_col_text(s, 3), "keyakinan", pct);
    }
    nt_done(s);
    return o;
}

int nt_attendance_import(nt_store *st, const nt_actor *a, int64_t event_id, const char *csv,
                         size_t len, nt_name_resolver match, void *match_ctx, json_t *choices,
                         unsigned flags, json_t **report, nt_err *err)
{
    *report = NULL;
    if (!may_event(a))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "peran Anda tidak dapat mencatat daftar hadir kegiatan");
    json_t *ev = event_row(st, a, event_id, err);
    if (!ev) return NT_ENOTFOUND;
    json_decref(ev);
    if (!nt_utf8_valid(csv, len))
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas bukan teks UTF-8 yang sah");
    nt_csv c;
    nt_csv_init(&c, csv, len);
    nt_str f[64];
    size_t nf;
    nt_err e = {0};
    int col_nip = -1, col_name = -1, col_agency = -1, col_unit = -1;
    if (nt_csv_next(&c, f, 64, &nf, &e) == 1)
        for (size_t k = 0; k < nf; k++) {
            if (header_is(f[k], "nip")) col_nip = (int)k;
            if (header_is(f[k], "nama")) col_name = (int)k;
            if (header_is(f[k], "instansi")) col_agency = (int)k;
            if (header_is(f[k], "unit_kerja") || header_is(f[k], "jabatan")) col_unit = (int)k;
        }
    if (col_nip < 0 && col_name < 0) {
        nt_csv_free(&c);
        return nt_err_set(err, NT_EINVAL, "berkas",
                          "baris pertama berkas harus judul kolom dengan kolom 'nip' atau 'nama'");
    }
    const nt_rules *ru = st->rules;
    json_t *bad = json_array(), *unsure = json_array(), *take = json_object(),
           *seen = json_object();
    size_t rows = 0, nbad = 0, by_nip = 0, by_name = 0, confirmed = 0, skipped = 0, twice = 0,
           already = 0, open = 0;
    for (int got; (got = nt_csv_next(&c, f, 64, &nf, &e)) != 0;) {
        rows++;
        char nip[40], name[256], clue[512], unit[256], line_key[24];
        nt_name_match cand[10]; /* here, not in the branch: `chosen` may point into it */
        nt_err re = {0};
        snprintf(line_key, sizeof line_key, "%zu", c.record_line);
        cell(f, nf, col_nip, nip, sizeof nip);
        cell(f, nf, col_name, name, sizeof name);
        cell(f, nf, col_agency, clue, sizeof clue);
        cell(f, nf, col_unit, unit, sizeof unit);
        const char *chosen = NULL, *how = NULL;
        if (got < 0) {
            re = e;
        } else if (rows > ATTENDANCE_ROWS_MAX) {
            nt_err_set(&re, NT_ETOOBIG, "berkas", "lebih dari %d baris", ATTENDANCE_ROWS_MAX);
        } else if (*nip) {
            nt_nip parsed;
            if (nt_nip_parse(nip, strlen(nip), nt_today(), &parsed, &re) == 0 &&
                attendee_in_scope(st, a, nip, &re) == 0) {
                chosen = nip;
                how = "nip";
            }
        } else if (*name) {
            size_t cl = strlen(clue);
            if (*unit) snprintf(clue + cl, sizeof clue - cl, "%s%s", cl ? " " : "", unit);
            int max = ru->attendance.max_candidates;
            int n = match ? match(match_ctx, name, clue, cand, max < 10 ? max : 10) : 0;
            double best = n ? cand[0].confidence : 0, next = n > 1 ? cand[1].confidence : 0;
            if (n && best >= ru->attendance.sure_min && next < best - ru->attendance.margin) {
                chosen = cand[0].nip;
                how = "nama";
            } else if (n && best >= ru->attendance.ask_min) {
                /* unsure: the officer picks one of these or none */
                json_t *choice = json_object_get(choices, line_key);
                json_t *list = json_array();
                bool valid = false;
                for (int k = 0; k < n; k++) {
                    if (cand[k].confidence < ru->attendance.ask_min) break;
                    json_t *o = candidate(st, &cand[k]);
                    if (o) json_array_append_new(list, o);
                    if (json_is_string(choice) && !strcmp(json_string_value(choice), cand[k].nip))
                        valid = true;
                }
                if (json_is_string(choice) && !json_string_length(choice)) {
                    skipped++;
                    json_decref(list);
                    continue;
                }
                if (valid) {
                    chosen = json_string_value(choice);
                    how = "konfirmasi";
                    json_decref(list);
                } else {
                    open++;
                    if (json_array_size(unsure) < REPORT_MAX)
                        json_array_append_new(
                            unsure, json_pack("{sI ss ss so}", "baris", (json_int_t)c.record_line,
                                              "nama", name, "instansi", clue, "calon", list));
                    else
                        json_decref(list);
                    continue;
                }
            } else {
                nt_err_set(&re, NT_EINVAL, "nama", "nama '%.120s' tidak ditemukan dalam data ASN",
                           name);
            }
        } else {
            nt_err_set(&re, NT_EINVAL, "baris", "baris tanpa NIP dan tanpa nama");
        }
        if (re.code) {
            nbad++;
            if (json_array_size(bad) < REPORT_MAX)
                json_array_append_new(bad,
                                      json_pack("{sI ss ss ss}", "baris", (json_int_t)c.record_line,
                                                "nip", nip, "nama", name, "pesan", re.msg));
            if (got < 0 || rows > ATTENDANCE_ROWS_MAX) break; /* the rest cannot be trusted */
            continue;
        }
        if (json_object_get(seen, chosen)) {
            twice++;
            continue;
        }
        json_object_set_new(seen, chosen, json_true());
        nt_stmt *s = nt_query(st->db, "SELECT 1 FROM event_attendance WHERE event_id=$1 AND nip=$2",
                              "it", event_id, chosen);
        bool there = s && nt_step(s) == 1;
        nt_done(s);
        if (there) {
            already++;
            continue;
        }
        json_object_set_new(take, chosen, json_string(how));
        if (!strcmp(how, "nip"))
            by_nip++;
        else if (!strcmp(how, "nama"))
            by_name++;
        else
            confirmed++;
    }
    nt_csv_free(&c);
    json_decref(seen);
    *report = json_pack("{sI sI sI sI sI sI sI sI sI sI so so}", "baris", (json_int_t)rows,
                        "cocok_nip", (json_int_t)by_nip, "cocok_nama", (json_int_t)by_name,
                        "dikonfirmasi", (json_int_t)confirmed, "dilewati", (json_int_t)skipped,
                        "ganda", (json_int_t)twice, "sudah_tercatat", (json_int_t)already, "siap",
                        (json_int_t)json_object_size(take), "salah_jumlah", (json_int_t)nbad,
                        "ragu_jumlah", (json_int_t)open, "ragu", unsure, "salah", bad);
    int rc = 0;
    if (!(flags & NT_ATTEND_WRITE)) {
        json_decref(take);
        return 0;
    }
    if (open)
        rc = nt_err_set(err, NT_EINVAL, "pilihan",
                        "%zu nama belum dipastikan; pilih ASN yang dimaksud atau 'bukan salah "
                        "satunya' untuk setiap nama, lalu simpan lagi",
                        open);
    else if (nbad && !(flags & NT_ATTEND_SKIP_BAD))
        rc = nt_err_set(err, NT_EINVAL, "berkas",
                        "%zu baris salah; tidak ada yang disimpan (perbaiki berkasnya, atau "
                        "simpan tanpa baris yang salah)",
                        nbad);
    else if (!json_object_size(take))
        rc = nt_err_set(err, NT_EINVAL, "berkas",
                        already ? "semua ASN dalam berkas sudah tercatat hadir"
                                : "berkas tidak berisi peserta yang dapat dicatat");
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sibuk");
    if (rc) {
        json_decref(take);
        return rc;
    }
    const char *nip;
    json_t *how;
    json_object_foreach(take, nip, how)
    {
        rc = nt_exec(st->db,
                     "INSERT INTO event_attendance(event_id,nip,matched_by) VALUES($1,$2,$3)",
                     "itt", event_id, nip, json_string_value(how));
        if (rc) break;
    }
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "event:%lld", (long long)event_id);
        json_t *d = json_pack("{sI sI sI sI sI}", "jumlah", (json_int_t)json_object_size(take),
                              "nip", (json_int_t)by_nip, "nama", (json_int_t)by_name, "konfirmasi",
                              (json_int_t)confirmed, "baris_salah_dilewati", (json_int_t)nbad);
        rc = nt_audit_append(st, a, "acara.hadir", obj, d);
        json_decref(d);
    }
    json_decref(take);
    if (rc || nt_db_commit(st->db)) {
        if (rc) nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "daftar hadir tidak dapat disimpan");
    }
    json_object_set_new(*report, "disimpan", json_true());
    return 0;
}

/* ---- the files of agreements and events ---- */

/* Whether the reader may see (and a writer add to) an agreement or event. */
int nt_prevention_owner_visible(nt_store *st, const nt_actor *a, const char *owner, int64_t id,
                                nt_err *err)
{
    if (!strcmp(owner, "event")) {
        json_t *ev = may_event(a) ? event_row(st, a, id, err) : NULL;
        if (!ev) return nt_err_set(err, NT_ENOTFOUND, "id", "kegiatan tidak ditemukan");
        json_decref(ev);
        return 0;
    }
    if (!strcmp(owner, "agreement")) {
        nt_stmt *s = nt_query(st->db, "SELECT office FROM agreements WHERE id=$1", "i", id);
        bool ok = s && nt_step(s) == 1 && (a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) &&
                  nt_actor_covers_region(a, nt_col_text(s, 0));
        nt_done(s);
        if (!ok) return nt_err_set(err, NT_ENOTFOUND, "id", "kesepakatan tidak ditemukan");
        return 0;
    }
    return nt_err_set(err, NT_EINVAL, "pemilik", "berkas hanya untuk kesepakatan atau kegiatan");
}

int nt_prevention_files_add(nt_store *st, const nt_actor *a, const char *owner, int64_t id,
                            const char *role, nt_upload **files, size_t n, nt_err *err)
{
    int rc = nt_prevention_owner_visible(st, a, owner, id, err);
    if (!rc && (!role || !nt_kind_label(nt_prevention_file_roles, role)))
        rc = nt_err_set(err, NT_EINVAL, "peran", "jenis berkas harus dokumen, materi atau foto");
    if (!rc && !strcmp(owner, "agreement") && strcmp(role, "dokumen"))
        rc = nt_err_set(err, NT_EINVAL, "peran",
                        "kesepakatan hanya menyimpan dokumen yang ditandatangani");
    if (rc) {
        for (size_t i = 0; i < n; i++)
            nt_evidence_abort(files[i]);
        return rc;
    }
    return nt_upload_record_files(st, a, owner, id, role, files, n, err);
}

int nt_prevention_file_open(nt_store *st, const nt_actor *a, int64_t id, int *fd, json_t **meta,
                            nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, owner, owner_id, filename AS nama_berkas, content_type AS"
                          " jenis, size AS ukuran, sha256 FROM prevention_files WHERE id=$1",
                          "i", id);
    json_t *m = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    nt_err ignored = {0};
    if (!m ||
        nt_prevention_owner_visible(st, a, json_string_value(json_object_get(m, "owner")),
                                    json_integer_value(json_object_get(m, "owner_id")), &ignored)) {
        json_decref(m);
        return nt_err_set(err, NT_ENOTFOUND, "id", "berkas %lld tidak ditemukan", (long long)id);
    }
    int rc =
        nt_blob_open(st, a, json_string_value(json_object_get(m, "sha256")), "berkas", id, fd, err);
    if (rc) {
        json_decref(m);
        return rc;
    }
    *meta = m;
    return 0;
}
