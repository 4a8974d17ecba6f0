/*
 * pages_events.c - socialization and coordination events in the workspace: the list and the
 * form that records one, an event's page with its files and attendance, and the attendance
 * import: the list is checked first, unsure names are shown with their candidates for the
 * officer to choose, and only the confirmation writes. The uploaded list waits between the
 * two (nt_upload_hold), so the officer does not choose the file again.
 */
#include "web/pages_int.h"

#include "rules/prevention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_SPEAKERS 3

static bool may_open(nt_req *r)
{
    if (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU | NT_ROLE_PPK)) return true;
    nt_respond_msg(r, 403, "forbidden", "", "halaman ini untuk Bawaslu dan PPK");
    return false;
}

static json_t *options(const nt_kind *table, const char *chosen)
{
    json_t *out = json_array();
    for (const nt_kind *k = table; k->name; k++)
        json_array_append_new(out, json_pack("{ss ss sb}", "value", k->name, "label", k->label,
                                             "selected", chosen && !strcmp(chosen, k->name)));
    return out;
}

static const char *typed(nt_req *r, const char *key)
{
    return r->form ? nt_form(r, key) : NULL;
}

static void events_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *list = NULL, *els = NULL;
    nt_err err = {0};
    if (!nt_events_list(r->st, &r->actor, &list, &err)) {
        json_object_set_new(ctx, "ada_kegiatan", json_boolean(json_array_size(list) > 0));
        json_object_set_new(ctx, "kegiatan", list);
    }
    json_object_set_new(ctx, "jenis", options(nt_event_kinds, typed(r, "jenis")));
    json_object_set_new(ctx, "cara", options(nt_event_modes, typed(r, "cara") ?: "luring"));
    json_t *aud = json_array();
    for (const nt_kind *k = nt_appeal_addressees; k->name; k++) {
        char name[48];
        snprintf(name, sizeof name, "sasaran_%s", k->name);
        json_array_append_new(aud, json_pack("{ss ss sb}", "name", name, "label", k->label,
                                             "checked", typed(r, name) != NULL));
    }
    json_object_set_new(ctx, "sasaran_pilihan", aud);
    json_t *rows = json_array();
    for (int i = 1; i <= FORM_SPEAKERS; i++) {
        char kn[32], kj[32];
        snprintf(kn, sizeof kn, "narasumber%d_nama", i);
        snprintf(kj, sizeof kj, "narasumber%d_jabatan", i);
        json_array_append_new(rows, json_pack("{si ss ss}", "n", i, "nama", typed(r, kn) ?: "",
                                              "jabatan", typed(r, kj) ?: ""));
    }
    json_object_set_new(ctx, "narasumber_rows", rows);
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    json_object_set_new(ctx, "elections",
                        nt_page_options(els ? els : json_array(), "id", "name",
                                        json_object_get(json_object_get(ctx, "v"), "pemilihan")));
    char today[11];
    nt_date_format(nt_today(), today);
    json_object_set_new(ctx, "hari_ini", json_string(today));
    nt_respond_page(r, status, "kegiatan.html", "Kegiatan pencegahan", ctx);
}

void nt_h_events_page(nt_req *r)
{
    if (!nt_page_staff(r) || !may_open(r)) return;
    events_page(r, 200, json_object());
}

static const nt_form_field event_fields[] = {
    {"judul", "a-judul", "Nama kegiatan"},
    {"jenis", "a-jenis", "Jenis kegiatan"},
    {"tanggal", "a-tanggal", "Tanggal"},
    {"cara", "a-cara", "Cara pelaksanaan"},
    {"tempat", "a-tempat", "Tempat"},
    {"platform", "a-platform", "Platform daring"},
    {"penyelenggara", "a-penyelenggara", "Penyelenggara"},
    {"peserta", "a-peserta", "Jumlah peserta"},
    {"sasaran", "a-sasaran", "Sasaran peserta"},
    {"pemilihan", "a-pemilihan", "Pemilihan"},
    {"mitra", "a-mitra", "Mitra"},
    {"narasumber", "narasumber1_nama", "Narasumber"},
    {"catatan", "a-catatan", "Catatan"},
    {NULL, NULL, NULL},
};

void nt_h_event_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_open(r)) return;
    json_t *in = json_object();
    static const char *const plain[] = {"judul",         "jenis",    "tanggal", "cara",
                                        "tempat",        "platform", "catatan", "pemilihan",
                                        "penyelenggara", NULL};
    nt_form_copy(r, in, plain);
    const char *n = nt_form(r, "peserta");
    if (n && *n) {
        char *end;
        long long v = strtoll(n, &end, 10);
        json_object_set_new(in, "peserta", *end ? json_string(n) : json_integer(v));
    }
    /* partners one per line; speakers in their rows; the audience ticked */
    json_t *partners = json_array();
    const char *m = nt_form(r, "mitra");
    for (const char *p = m ? m : ""; *p;) {
        size_t len = strcspn(p, "\r\n");
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(len < 255 ? len : 255), p);
        if (line[strspn(line, " \t")]) json_array_append_new(partners, json_string(line));
        p += len;
        p += strspn(p, "\r\n");
    }
    json_object_set_new(in, "mitra", partners);
    json_t *speakers = json_array();
    for (int i = 1; i <= FORM_SPEAKERS; i++) {
        char kn[32], kj[32];
        snprintf(kn, sizeof kn, "narasumber%d_nama", i);
        snprintf(kj, sizeof kj, "narasumber%d_jabatan", i);
        const char *nm = nt_form(r, kn), *jb = nt_form(r, kj);
        if (nm && *nm)
            json_array_append_new(speakers, json_pack("{ss ss}", "nama", nm, "jabatan", jb ?: ""));
    }
    json_object_set_new(in, "narasumber", speakers);
    json_t *aud = json_array();
    for (const nt_kind *k = nt_appeal_addressees; k->name; k++) {
        char name[48];
        snprintf(name, sizeof name, "sasaran_%s", k->name);
        if (nt_form(r, name)) json_array_append_new(aud, json_string(k->name));
    }
    json_object_set_new(in, "sasaran", aud);
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_event_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    if (rc) {
        json_t *ctx = json_object();
        nt_form_refused(r, ctx, &err, event_fields, NULL);
        events_page(r, nt_http_status(rc), ctx);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/pencegahan/kegiatan/%lld?ok=kegiatan", (long long)id);
    nt_respond_redirect(r, loc);
}

/* An event's page; ctx may carry an attendance report (the preview) or a refusal. */
static void event_page(nt_req *r, int64_t id, unsigned status, json_t *ctx)
{
    json_t *ev = NULL;
    nt_err err = {0};
    if (nt_event_get(r->st, &r->actor, id, &ev, &err)) {
        json_decref(ctx);
        nt_respond_error(r, &err);
        return;
    }
    static const char *const lists[][2] = {
        {"mitra", "ada_mitra"}, {"narasumber", "ada_narasumber"}, {"berkas", "ada_berkas"}};
    for (size_t i = 0; i < NT_ARRAY_LEN(lists); i++)
        json_object_set_new(ev, lists[i][1],
                            json_boolean(json_array_size(json_object_get(ev, lists[i][0])) > 0));
    json_object_set_new(ev, "ada_hadir",
                        json_boolean(json_integer_value(json_object_get(ev, "hadir")) > 0));
    /* the organiser's office only when the organiser's name does not already say it */
    const char *org = json_string_value(json_object_get(ev, "penyelenggara"));
    const char *office = json_string_value(json_object_get(ev, "nama_kantor"));
    if (org && office && *office && strstr(org, office))
        json_object_set_new(ev, "nama_kantor", json_string(""));
    json_object_set_new(ctx, "acara", ev);
    json_object_set_new(ctx, "peran_berkas", options(nt_prevention_file_roles, "materi"));
    char title[340];
    snprintf(title, sizeof title, "%s",
             json_string_value(json_object_get(ev, "judul")) ?: "Kegiatan");
    nt_respond_page(r, status, "kegiatan_detail.html", title, ctx);
}

void nt_h_event_page(nt_req *r)
{
    if (!nt_page_staff(r) || !may_open(r)) return;
    json_t *ctx = json_object();
    const char *ok = nt_req_query(r, "ok");
    static const struct {
        const char *key, *msg;
    } done[] = {{"kegiatan", "Kegiatan dicatat. Tambahkan daftar hadir, materi dan foto di bawah."},
                {"berkas", "Berkas disimpan."},
                {"hadir", "Daftar hadir disimpan."}};
    for (size_t i = 0; ok && i < NT_ARRAY_LEN(done); i++)
        if (!strcmp(ok, done[i].key)) json_object_set_new(ctx, "done", json_string(done[i].msg));
    event_page(r, nt_req_param_id(r, 0), 200, ctx);
}

void nt_h_event_files_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_open(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = r->form_err;
    int rc = err.code ? err.code
                      : nt_prevention_files_add(r->st, &r->actor, "event", id, nt_form(r, "peran"),
                                                r->files, r->nfiles, &err);
    if (!r->form_err.code) r->nfiles = 0; /* consumed */
    if (!rc) {
        char loc[64];
        snprintf(loc, sizeof loc, "/pencegahan/kegiatan/%lld?ok=berkas#berkas", (long long)id);
        nt_respond_redirect(r, loc);
        return;
    }
    event_page(r, id, nt_http_status(rc), json_pack("{ss}", "berkas_salah", err.msg));
}

/* The officer's answers for the unsure lines: fields k<line> = a NIP, or "" for none of them. */
static json_t *choices_of(nt_req *r)
{
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(r->form, key, v)
    {
        if (key[0] != 'k' || !key[1] || strspn(key + 1, "0123456789") != strlen(key + 1)) continue;
        const char *s = json_string_value(v);
        json_object_set_new(out, key + 1, json_string(s && strcmp(s, "bukan") ? s : ""));
    }
    return out;
}

/* The preview of an attendance list (or the refusal of its confirmation): the report, each
 * unsure name with its candidates, and the form that confirms. */
static void attendance_answer(nt_req *r, int64_t id, int rc, const nt_err *err, json_t *report,
                              const char *token)
{
    json_t *ctx = json_object();
    if (report) {
        /* ragu lines: mark the candidate chosen before, so a refusal keeps the choices */
        json_t *u, *c;
        size_t i, k;
        json_array_foreach(json_object_get(report, "ragu"), i, u)
        {
            char key[24];
            snprintf(key, sizeof key, "k%lld",
                     (long long)json_integer_value(json_object_get(u, "baris")));
            const char *was = r->form ? nt_form(r, key) : NULL;
            json_object_set_new(u, "kunci", json_string(key));
            json_array_foreach(json_object_get(u, "calon"), k, c) json_object_set_new(
                c, "dipilih",
                json_boolean(was && !strcmp(was, json_string_value(json_object_get(c, "nip")))));
            json_object_set_new(u, "bukan_dipilih", json_boolean(was && !strcmp(was, "bukan")));
        }
        /* a count of 0 is a word to a template, not false: the sections test these */
        static const char *const counts[][2] = {{"ganda", "ada_ganda"},
                                                {"sudah_tercatat", "ada_sudah_tercatat"},
                                                {"salah_jumlah", "ada_salah"},
                                                {"ragu_jumlah", "ada_ragu"}};
        for (size_t n = 0; n < NT_ARRAY_LEN(counts); n++)
            json_object_set_new(
                report, counts[n][1],
                json_boolean(json_integer_value(json_object_get(report, counts[n][0])) > 0));
        json_object_set_new(ctx, "laporan", report);
    }
    if (token) json_object_set_new(ctx, "token", json_string(token));
    if (rc) json_object_set_new(ctx, "hadir_salah", json_string(err->msg));
    event_page(r, id, rc ? nt_http_status(rc) : 200, ctx);
}

void nt_h_event_attendance_preview(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_open(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = {0};
    json_t *report = NULL;
    char token[33] = "";
    int rc = r->body.len ? nt_web_attendance(r, id, r->body.p, r->body.len, NULL, 0, &report, &err)
                         : nt_err_set(&err, NT_EINVAL, "berkas",
                                      "Pilih berkas CSV daftar hadir (kolom nip atau nama)");
    if (!rc) rc = nt_upload_hold(r->st, &r->actor, "hadir", r->body.p, r->body.len, token, &err);
    if (rc == NT_ENOTFOUND) {
        json_decref(report);
        nt_respond_error(r, &err);
        return;
    }
    attendance_answer(r, id, rc, &err, report, rc ? NULL : token);
}

void nt_h_event_attendance_save(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r) || !may_open(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    const char *token = nt_form(r, "token");
    char *data = NULL;
    size_t len = 0;
    nt_err err = {0};
    json_t *report = NULL;
    int rc = nt_upload_held(r->st, &r->actor, "hadir", token, &data, &len, &err);
    if (!rc) {
        json_t *choices = choices_of(r);
        unsigned flags = NT_ATTEND_WRITE | (nt_form(r, "lewati") ? NT_ATTEND_SKIP_BAD : 0);
        rc = nt_web_attendance(r, id, data, len, choices, flags, &report, &err);
        json_decref(choices);
    }
    free(data);
    if (!rc) {
        nt_upload_release(r->st, &r->actor, "hadir", token);
        json_decref(report);
        char loc[64];
        snprintf(loc, sizeof loc, "/pencegahan/kegiatan/%lld?ok=hadir#hadir", (long long)id);
        nt_respond_redirect(r, loc);
        return;
    }
    /* refused: the same preview again, with the choices made and why it was not saved */
    attendance_answer(r, id, rc, &err, report, report ? token : NULL);
}

/* A file of the prevention work, for the page's links. */
void nt_h_prevention_file_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    nt_h_prevention_file_get(r);
}

void nt_h_agreement_files_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = r->form_err;
    int rc = err.code ? err.code
                      : nt_prevention_files_add(r->st, &r->actor, "agreement", id, "dokumen",
                                                r->files, r->nfiles, &err);
    if (!r->form_err.code) r->nfiles = 0;
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/pencegahan?ok=berkas#kesepakatan-%lld", (long long)id);
    nt_respond_redirect(r, loc);
}
