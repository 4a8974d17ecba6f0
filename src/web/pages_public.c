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
        json_array_append_new(
            !strcmp(v->kind, "etik") ? eth : dis,
            json_pack("{ss ss ss}", "code", v->code, "act", v->act, "level", v->level));
    }
    nt_respond_page(r, 200, "home.html", "Netralitas ASN",
                    json_pack("{so so ss}", "ethics", eth, "discipline", dis, "catalogue_version",
                              ru->catalogue_version));
}

static json_t *report_form_ctx(nt_req *r, const char *error)
{
    json_t *els = NULL;
    nt_elections_list(r->st, NULL, &els);
    char today[11];
    nt_date_format(nt_today(), today);
    json_t *ctx =
        json_pack("{so ss si sI}", "elections", els, "today", today, "max_files", NT_FORM_MAX_FILES,
                  "max_mb", (json_int_t)(r->cfg->evidence_limit / (1024 * 1024)));
    if (error) json_object_set_new(ctx, "error", json_string(error));
    return ctx;
}

void nt_h_report_form(nt_req *r)
{
    nt_respond_page(r, 200, "lapor.html", "Lapor pelanggaran", report_form_ctx(r, NULL));
}

void nt_h_report_submit(nt_req *r)
{
    const char *election = nt_form(r, "pemilihan");
    json_t *el = NULL;
    nt_err err = {0};
    /* the limit is taken first, atomically, and given back if the report is refused */
    int wait = nt_rate_take(r, NT_RATE_REPORT);
    if (wait) {
        char msg[200];
        nt_rate_message(NT_RATE_REPORT, wait, msg, sizeof msg);
        nt_respond_page(r, 429, "lapor.html", "Lapor pelanggaran", report_form_ctx(r, msg));
        return;
    }
    if (r->form_err.code) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        char msg[400];
        snprintf(msg, sizeof msg, "Berkas bukti tidak dapat diterima: %s", r->form_err.msg);
        nt_respond_page(r, nt_http_status(r->form_err.code), "lapor.html", "Lapor pelanggaran",
                        report_form_ctx(r, msg));
        return;
    }
    if (!election || nt_election_get(r->st, election, &el, &err)) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        nt_respond_page(r, 422, "lapor.html", "Lapor pelanggaran",
                        report_form_ctx(r, "Pilih pemilihan yang sesuai."));
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
    int rc = (who && *who && what && *what)
                 ? nt_case_create_with_evidence(r->st, &pub, in, r->files, r->nfiles, &out, &err)
                 : nt_err_set(&err, NT_EINVAL, "uraian", "isi nama terlapor dan uraian kejadian");
    if (who && *who && what && *what) r->nfiles = 0; /* consumed */
    json_decref(in);
    if (rc) {
        nt_rate_give_back(r, NT_RATE_REPORT);
        char msg[400];
        snprintf(msg, sizeof msg, "Laporan belum dapat diterima: %s", err.msg);
        nt_respond_page(r, nt_http_status(rc), "lapor.html", "Lapor pelanggaran",
                        report_form_ctx(r, msg));
        return;
    }
    json_t *ctx =
        json_pack("{sO sO sO}", "kode", json_object_get(out, "kode_tanda_terima"), "terlambat",
                  json_object_get(out, "terlambat"), "bukti", json_object_get(out, "bukti"));
    json_decref(out);
    nt_respond_page(r, 201, "terima.html", "Tanda terima", ctx);
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
    if (code && *code) {
        json_t *out = NULL;
        nt_err err = {0};
        if (nt_case_track(r->st, code, &out, &err) == 0)
            json_object_set_new(ctx, "result", out);
        else
            json_object_set_new(ctx, "error", json_string(err.msg));
    }
    nt_respond_page(r, 200, "status.html", "Cek status laporan", ctx);
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
