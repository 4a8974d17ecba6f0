/*
 * pages_public.c - the public portal: what ASN may not do, the report form with evidence,
 * the receipt, status tracking, and the staff login.
 */
#include "web/pages_int.h"
#include "web/render.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

void nt_h_static(nt_req *r)
{
    char name[64];
    size_t len;
    const char *data = nt_static_file(nt_req_param(r, 0, name, sizeof name), &len);
    if (!data || !strstr(name, ".css")) {
        nt_respond_msg(r, 404, "not_found", "", "berkas tidak ditemukan");
        return;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", "text/css; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "public, max-age=86400");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    r->resp = resp;
    r->status = 200;
    r->done = true;
}

void nt_h_home(nt_req *r)
{
    const nt_rules *ru = nt_store_rules(r->st);
    json_t *eth = json_array(), *dis = json_array();
    for (int i = 0; i < ru->nviolations; i++) {
        const nt_violation *v = &ru->violations[i];
        json_array_append_new(!strcmp(v->kind, "etik") ? eth : dis,
                              json_pack("{ss ss ss}", "code", v->code, "act", v->act, "level",
                                        nt_level_label(v->level)));
    }
    nt_respond_page(r, 200, "home.html", "Netralitas ASN",
                    json_pack("{so so ss}", "ethics", eth, "discipline", dis, "catalogue_version",
                              ru->catalogue_version));
}

/* What ASN may and may not do (data/rules/guidance.json): each forbidden item with the
 * catalogue's own words for the acts it covers, so an act is described once. ?cetak=1 is the
 * one-page leaflet for socialization events. */
void nt_h_guidance(nt_req *r)
{
    const nt_rules *ru = nt_store_rules(r->st);
    json_t *g = ru->guidance ? json_deep_copy(ru->guidance) : json_object();
    json_t *item;
    size_t i;
    json_array_foreach(json_object_get(g, "forbidden"), i, item)
    {
        json_t *acts = json_array(), *code;
        size_t k;
        json_array_foreach(json_object_get(item, "codes"), k, code)
        {
            const nt_violation *v = nt_rules_violation(ru, json_string_value(code));
            if (v)
                json_array_append_new(acts, json_pack("{ss ss ss}", "kode", v->code, "perbuatan",
                                                      v->act, "sanksi", nt_level_label(v->level)));
        }
        json_object_set_new(item, "ada_katalog", json_boolean(json_array_size(acts) > 0));
        json_object_set_new(item, "katalog", acts);
    }
    json_object_del(g, "notes");
    json_object_set_new(g, "versi", json_string(ru->guidance_version));
    json_object_set_new(g, "versi_katalog", json_string(ru->catalogue_version));
    json_object_set_new(g, "cetak", json_boolean(nt_req_query(r, "cetak") != NULL));
    const char *title = json_string_value(json_object_get(g, "title"));
    nt_respond_page(r, 200, "panduan.html", title && *title ? title : "Panduan netralitas ASN", g);
}

/* The public statistics' filter: the dashboard's own keys, so the figures compare. */
static json_t *public_filter(nt_req *r)
{
    static const char *const keys[] = {"pemilihan", "kantor", "dari", "sampai"};
    json_t *f = json_object();
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++) {
        const char *v = nt_req_query(r, keys[i]);
        if (v && *v) json_object_set_new(f, keys[i], json_string(v));
    }
    return f;
}

/* /statistik: what a newsroom asks for, with no login and never a name. */
void nt_h_public_stats(nt_req *r)
{
    json_t *f = public_filter(r), *out = NULL, *ctx = json_object();
    nt_err err = {0};
    int rc = nt_public_stats(r->st, f, &out, &err);
    json_t *els = NULL, *provs = NULL;
    nt_elections_list(r->st, NULL, &els);
    nt_regions_list(r->st, NULL, "provinsi", &provs);
    json_object_set_new(
        ctx, "elections",
        nt_page_options(els ? els : json_array(), "id", "name", json_object_get(f, "pemilihan")));
    json_object_set_new(ctx, "offices",
                        nt_page_options(provs ? provs : json_array(), "code", "name",
                                        json_object_get(f, "kantor")));
    static const char *const echo[] = {"dari", "sampai"};
    for (size_t i = 0; i < NT_ARRAY_LEN(echo); i++) {
        const char *v = json_string_value(json_object_get(f, echo[i]));
        json_object_set_new(ctx, echo[i], json_string(v ? v : ""));
    }
    nt_page_query_string(ctx, f);
    json_decref(f);
    json_object_set_new(ctx, "cetak", json_boolean(nt_req_query(r, "cetak") != NULL));
    if (rc) {
        json_object_set_new(ctx, "error", json_string(err.msg));
        nt_respond_page(r, nt_http_status(rc), "statistik.html", "Statistik netralitas ASN", ctx);
        return;
    }
    static const struct {
        const char *key, *title, *what;
    } groups[] = {{"pemilihan", "Per pemilihan", "Pemilihan"},
                  {"provinsi", "Per provinsi (tempat kerja ASN)", "Provinsi"},
                  {"kabkota", "Per kabupaten/kota (tempat kerja ASN)", "Kabupaten/kota"},
                  {"kategori", "Per kategori pelanggaran", "Kategori"},
                  {"jabatan", "Per jenis jabatan", "Jenis jabatan"}};
    json_t *tables = json_array();
    for (size_t g = 0; g < NT_ARRAY_LEN(groups); g++) {
        json_t *rows = json_object_get(out, groups[g].key);
        json_array_append_new(tables, json_pack("{ss ss ss sO sb}", "id", groups[g].key, "title",
                                                groups[g].title, "what", groups[g].what, "rows",
                                                rows, "ada", json_array_size(rows) > 0));
    }
    json_object_set_new(ctx, "tables", tables);
    char asof[40];
    nt_time_format_id(json_integer_value(json_object_get(out, "per_unix")), asof);
    json_object_set_new(out, "per_label", json_string(asof));
    json_object_set_new(ctx, "stats", out);
    nt_respond_page(r, 200, "statistik.html", "Statistik netralitas ASN", ctx);
}

void nt_h_public_stats_csv(nt_req *r)
{
    json_t *f = public_filter(r), *out = NULL;
    nt_err err = {0};
    int rc = nt_public_stats(r->st, f, &out, &err);
    json_decref(f);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    nt_export_public_stats_csv(r, out);
    json_decref(out);
}

void nt_h_public_stats_json(nt_req *r)
{
    json_t *f = public_filter(r), *out = NULL;
    nt_err err = {0};
    int rc = nt_public_stats(r->st, f, &out, &err);
    if (!rc) json_object_set_new(out, "saringan", json_incref(f));
    json_decref(f);
    nt_respond_result(r, rc, &err, 200, out);
}

/* The report form's fields, by the store's names for them (for messages beside the field). */
static const nt_form_field report_fields[] = {
    {"pemilihan", "pemilihan", "Pemilihan"},
    {"kantor", "pemilihan", "Pemilihan"},
    {"tanggal_diketahui", "tanggal_diketahui", "Tanggal Anda mengetahui kejadian"},
    {"tanggal_kejadian", "tanggal_kejadian", "Tanggal kejadian"},
    {"tempat", "tempat", "Tempat kejadian"},
    {"terlapor", "terlapor", "ASN yang dilaporkan"},
    {"uraian", "uraian", "Uraian kejadian"},
    {"bukti", "bukti", "Bukti"},
    {"pelapor", "nama", "Nama lengkap"},
    {"pelapor.nama", "nama", "Nama lengkap"},
    {"pelapor.pekerjaan", "pekerjaan", "Pekerjaan"},
    {"pelapor.alamat", "alamat", "Alamat"},
    {"pelapor.telepon", "telepon", "Telepon"},
    {"pelapor.email", "email", "E-mail"},
    {NULL, NULL, NULL},
};

/* The form, empty, or as the user left it with what was wrong (err) and the files to choose
 * again (files: a NULL-terminated list of names). */
static void report_page(nt_req *r, unsigned status, const nt_err *err, const char *const *files)
{
    json_t *els = NULL;
    nt_elections_list(r->st, NULL, &els);
    char today[11];
    nt_date_format(nt_today(), today);
    json_t *ctx =
        json_pack("{so ss si sI}", "elections", els, "today", today, "max_files", NT_FORM_MAX_FILES,
                  "max_mb", (json_int_t)(r->cfg->evidence_limit / (1024 * 1024)));
    if (err) nt_form_refused(r, ctx, err, report_fields, files);
    const char *chosen = err ? nt_form(r, "pemilihan") : NULL;
    size_t i;
    json_t *e;
    json_array_foreach(els, i, e)
    {
        if (chosen && !strcmp(chosen, json_string_value(json_object_get(e, "id"))))
            json_object_set_new(e, "selected", json_true());
    }
    const char *route = err ? nt_form(r, "jalur") : NULL;
    if (route && !strcmp(route, "informasi_awal"))
        json_object_set_new(ctx, "jalur_informasi", json_true());
    json_t *wrong = json_object_get(ctx, "salah"), *inputs = json_array();
    for (const nt_reporter_field *f = nt_reporter_fields; f->key; f++) {
        if (!f->on_form) continue;
        const char *v = err ? nt_form(r, f->key) : NULL;
        json_t *o = json_pack("{ss ss ss}", "id", f->key, "label", f->label, "nilai", v ? v : "");
        if (f->type) json_object_set_new(o, "type", json_string(f->type));
        if (f->autocomplete) json_object_set_new(o, "auto", json_string(f->autocomplete));
        json_t *msg = json_object_get(wrong, f->key);
        if (msg) json_object_set(o, "pesan", msg);
        json_array_append_new(inputs, o);
    }
    json_object_set_new(ctx, "pelapor_fields", inputs);
    nt_respond_page(r, status, "lapor.html", "Lapor pelanggaran", ctx);
}

void nt_h_report_form(nt_req *r)
{
    report_page(r, 200, NULL, NULL);
}

void nt_h_report_submit(nt_req *r)
{
    const char *election = nt_form(r, "pemilihan");
    json_t *el = NULL;
    nt_err err = {0};
    /* the limit is taken first, atomically, and given back if the report is refused */
    /* the names of the files sent, to ask for them again if the report is refused */
    const char *names[NT_FORM_MAX_FILES + 1] = {NULL};
    for (size_t i = 0; i < r->nfiles && i < NT_FORM_MAX_FILES; i++)
        names[i] = nt_upload_filename(r->files[i]);
    int wait = nt_rate_take(r, NT_RATE_REPORT);
    if (wait) {
        nt_rate_message(NT_RATE_REPORT, wait, err.msg, sizeof err.msg);
        report_page(r, 429, &err, names);
        return;
    }
    if (r->form_err.code) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        nt_err_set(&err, r->form_err.code, "bukti", "berkas bukti tidak dapat diterima: %s",
                   r->form_err.msg);
        report_page(r, nt_http_status(r->form_err.code), &err, names);
        return;
    }
    if (!election || nt_election_get(r->st, election, &el, &err)) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        nt_err_set(&err, NT_EINVAL, "pemilihan", "pilih pemilihan yang sesuai");
        report_page(r, 422, &err, names);
        return;
    }
    /* the handling office is the Bawaslu of the election's region */
    json_t *in = json_pack("{ss sO ss}", "jalur",
                           nt_form(r, "jalur") && !strcmp(nt_form(r, "jalur"), "informasi_awal")
                               ? "informasi_awal"
                               : "laporan",
                           "kantor", json_object_get(el, "region"), "pemilihan", election);
    json_decref(el);
    static const char *const copy[] = {"tanggal_diketahui", "tanggal_kejadian", "tempat", NULL};
    nt_form_copy(r, in, copy);
    const char *who = nt_form(r, "terlapor"), *what = nt_form(r, "uraian");
    if (who && what && *who && *what) {
        /* the public names the ASN in words; staff match them to the roster */
        char *u = nt_xasprintf("Terlapor (menurut pelapor): %s\n\n%s", who, what);
        json_object_set_new(in, "uraian", json_string(u));
        free(u);
    }
    if (!strcmp(json_string_value(json_object_get(in, "jalur")), "laporan")) {
        json_t *p = json_object();
        static const char *const fields[] = {"nama",    "pekerjaan", "alamat",
                                             "telepon", "email",     NULL};
        nt_form_copy(r, p, fields);
        json_object_set_new(in, "pelapor", p);
    }
    nt_actor pub = {0};
    nt_strlcpy(pub.username, "publik", sizeof pub.username);
    json_t *out = NULL;
    int rc = !who || !*who     ? nt_err_set(&err, NT_EINVAL, "terlapor",
                                            "isi nama, jabatan dan instansi ASN yang dilaporkan")
             : !what || !*what ? nt_err_set(&err, NT_EINVAL, "uraian", "isi uraian kejadian")
                               : 0;
    /* the names stay with the request until the page is drawn; the files go to the store */
    char kept[NT_FORM_MAX_FILES][256];
    for (size_t i = 0; names[i]; i++) {
        nt_strlcpy(kept[i], names[i], sizeof kept[i]);
        names[i] = kept[i];
    }
    if (!rc) {
        rc = nt_case_create_with_evidence(r->st, &pub, in, r->files, r->nfiles, &out, &err);
        r->nfiles = 0; /* consumed */
    }
    json_decref(in);
    if (rc) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        report_page(r, nt_http_status(rc), &err, names);
        return;
    }
    json_t *ctx =
        json_pack("{sO sO sO}", "kode", json_object_get(out, "kode_tanda_terima"), "terlambat",
                  json_object_get(out, "terlambat"), "bukti", json_object_get(out, "bukti"));
    /* the receipt: when, who handles it, what was reported, and what happens next by when */
    json_t *t = NULL;
    nt_err e2 = {0};
    if (!nt_case_track(r->st, json_string_value(json_object_get(out, "kode_tanda_terima")), &t,
                       &e2))
        json_object_set_new(ctx, "lacak", t);
    json_decref(out);
    json_t *summary = json_pack("{ss ss ss}", "terlapor", who, "uraian", what, "tempat",
                                nt_form(r, "tempat") ? nt_form(r, "tempat") : "");
    const char *known = nt_form(r, "tanggal_diketahui");
    nt_date kd;
    if (known && !nt_date_parse(known, strlen(known), &kd)) {
        char kl[24];
        nt_date_format_id(kd, kl);
        json_object_set_new(summary, "diketahui", json_string(kl));
    }
    json_object_set_new(ctx, "ringkasan_laporan", summary);
    json_t *elx = NULL;
    if (!nt_election_get(r->st, election, &elx, &e2))
        json_object_set(ctx, "pemilihan", json_object_get(elx, "name"));
    json_decref(elx);
    nt_respond_page(r, 201, "terima.html", "Tanda terima", ctx);
}

/* The status page of a code, with what the reporter wrote kept when it was refused. */
static void status_page(nt_req *r, unsigned status, const char *code, json_t *ctx)
{
    json_t *out = NULL;
    nt_err err = {0};
    json_object_set_new(ctx, "kode", json_string(code ? code : ""));
    if (code && *code) {
        if (nt_case_track(r->st, code, &out, &err) == 0) {
            json_t *ask = json_object_get(out, "diminta_melengkapi");
            json_object_set_new(ctx, "boleh_lengkapi",
                                json_boolean(ask && !json_is_true(json_object_get(ask, "lewat"))));
            json_object_set_new(ctx, "result", out);
        } else if (!json_object_get(ctx, "error")) {
            json_object_set_new(ctx, "error", json_string(err.msg));
        }
    }
    json_object_set_new(ctx, "max_files", json_integer(NT_FORM_MAX_FILES));
    nt_respond_page(r, status, "status.html", "Cek status laporan", ctx);
}

static const nt_form_field message_fields[] = {
    {"pesan", "p-pesan", "Pesan"},
    {"lengkapi", "p-pesan", "Kelengkapan laporan"},
    {"bukti", "p-bukti", "Berkas"},
    {NULL, NULL, NULL},
};

/* The reporter writes to the handling team, or completes the report, by the receipt code. */
void nt_h_status_message(nt_req *r)
{
    const char *code = nt_form(r, "kode");
    json_t *ctx = json_object();
    int wait = nt_rate_take(r, NT_RATE_TRACK);
    nt_err err = {0};
    if (wait) {
        nt_rate_message(NT_RATE_TRACK, wait, err.msg, sizeof err.msg);
        json_object_set_new(ctx, "error", json_string(err.msg));
        nt_respond_page(r, 429, "status.html", "Cek status laporan", ctx);
        return;
    }
    /* the names of the files sent, kept past the uploads, to ask for them again if refused */
    const char *names[NT_FORM_MAX_FILES + 1] = {NULL};
    char kept[NT_FORM_MAX_FILES][256];
    for (size_t i = 0; i < r->nfiles && i < NT_FORM_MAX_FILES; i++) {
        nt_strlcpy(kept[i], nt_upload_filename(r->files[i]), sizeof kept[i]);
        names[i] = kept[i];
    }
    int rc = 0;
    json_t *out = NULL;
    if (r->form_err.code) {
        rc = nt_err_set(&err, r->form_err.code, "bukti", "berkas tidak dapat diterima: %s",
                        r->form_err.msg);
    } else {
        const char *text = nt_form(r, "pesan");
        json_t *in = json_pack("{ss sb}", "pesan", text ? text : "", "lengkapi",
                               nt_form(r, "lengkapi") != NULL);
        rc = nt_case_reporter_write(r->st, code, in, r->files, r->nfiles, &out, &err);
        r->nfiles = 0; /* consumed, kept or not */
        json_decref(in);
    }
    if (rc) {
        nt_form_refused(r, ctx, &err, message_fields, names);
        status_page(r, nt_http_status(rc), code, ctx);
        return;
    }
    json_object_set_new(ctx, "done",
                        json_string(json_is_true(json_object_get(out, "dilengkapi"))
                                        ? "Kelengkapan laporan terkirim. Laporan Anda kembali "
                                          "dikaji petugas."
                                        : "Pesan Anda terkirim kepada petugas."));
    json_decref(out);
    status_page(r, 200, code, ctx);
}

void nt_h_status_page(nt_req *r)
{
    const char *code = nt_req_query(r, "kode");
    json_t *ctx = json_pack("{ss}", "kode", code ? code : "");
    int wait = code && *code ? nt_rate_take(r, NT_RATE_TRACK) : 0;
    if (wait) {
        char msg[200];
        nt_rate_message(NT_RATE_TRACK, wait, msg, sizeof msg);
        json_object_set_new(ctx, "error", json_string(msg));
        nt_respond_page(r, 429, "status.html", "Cek status laporan", ctx);
        return;
    }
    status_page(r, 200, code, ctx);
}

/* The login form carries a token that must equal a cookie set with it (SameSite=Strict), so
 * another site cannot post the form and sign a browser into an account of its choosing. */
#define LOGIN_COOKIE "netral_masuk"

static void login_page(nt_req *r, unsigned status, const char *error)
{
    unsigned char raw[24];
    char tok[2 * sizeof raw + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(tok, sizeof tok, raw, sizeof raw);
    json_t *ctx = json_pack("{ss}", "csrf", tok);
    if (error) json_object_set_new(ctx, "error", json_string(error));
    nt_respond_page(r, status, "masuk.html", "Masuk petugas", ctx);
    nt_respond_cookie(r, LOGIN_COOKIE, tok, "/masuk", 3600);
}

void nt_h_login_page(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION) {
        nt_respond_redirect(r, "/kasus");
        return;
    }
    login_page(r, 200, NULL);
}

void nt_h_login_submit(nt_req *r)
{
    const char *sent = nt_form(r, "csrf");
    const char *kept = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, LOGIN_COOKIE);
    if (!sent || !kept || strlen(sent) != strlen(kept) ||
        sodium_memcmp(sent, kept, strlen(sent)) != 0) {
        login_page(r, 403,
                   "Formulir masuk kedaluwarsa atau tidak berasal dari situs ini. "
                   "Silakan coba lagi.");
        return;
    }
    int wait = nt_login_attempt(r, nt_form(r, "username"));
    if (wait) {
        char msg[240];
        nt_rate_message(NT_RATE_LOGIN, wait, msg, sizeof msg);
        login_page(r, 429, msg);
        return;
    }
    char token[65], csrf[64];
    nt_actor who;
    nt_err err = {0};
    int rc = nt_login(r->st, nt_form(r, "username"), nt_form(r, "password"), r->ip, token, csrf,
                      &who, &err);
    nt_login_result(r, nt_form(r, "username"), rc == 0);
    if (rc) {
        login_page(r, 401, "Nama pengguna atau kata sandi salah.");
        return;
    }
    nt_respond_redirect(r, "/kasus");
    nt_respond_set_cookie(r, token, 12 * 3600);
    nt_respond_cookie(r, LOGIN_COOKIE, "", "/masuk", 0);
}

void nt_h_logout_submit(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION && !nt_page_csrf_ok(r)) return;
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "netral_session");
    if (cookie) nt_session_end(r->st, cookie);
    nt_respond_redirect(r, "/");
    nt_respond_set_cookie(r, "", 0);
}
