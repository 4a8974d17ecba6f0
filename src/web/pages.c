/*
 * pages.c - the HTML pages: the public portal (what ASN may not do, the report
 * form, the receipt, status tracking) and the staff workspace (login, inbox,
 * case page with its next steps). Forms work without JavaScript; every change
 * posts a CSRF token from the session.
 */
#include "web/api.h"
#include "web/map.h"
#include "web/render.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static bool staff(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION) return true;
    nt_respond_redirect(r, "/masuk");
    return false;
}

static bool csrf_ok(nt_req *r)
{
    const char *t = nt_form(r, "csrf");
    if (t && strlen(t) == strlen(r->csrf) && sodium_memcmp(t, r->csrf, strlen(t)) == 0) return true;
    nt_respond_msg(r, 403, "csrf", "csrf", "token formulir tidak cocok; muat ulang halaman");
    return false;
}

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
    int wait = nt_rate_wait(NT_RATE_REPORT, r->ip);
    if (wait) {
        char msg[200];
        nt_rate_message(NT_RATE_REPORT, wait, msg, sizeof msg);
        nt_respond_page(r, 429, "lapor.html", "Lapor pelanggaran", report_form_ctx(r, msg));
        return;
    }
    if (r->form_err.code) {
        char msg[400];
        snprintf(msg, sizeof msg, "Berkas bukti tidak dapat diterima: %s", r->form_err.msg);
        nt_respond_page(r, nt_http_status(r->form_err.code), "lapor.html", "Lapor pelanggaran",
                        report_form_ctx(r, msg));
        return;
    }
    if (!election || nt_election_get(r->st, election, &el, &err)) {
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
    if (!rc) nt_rate_take(NT_RATE_REPORT, r->ip);
    if (rc) {
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
    int wait = code && *code ? nt_rate_take(NT_RATE_TRACK, r->ip) : 0;
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

void nt_h_login_page(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION) {
        nt_respond_redirect(r, "/kasus");
        return;
    }
    nt_respond_page(r, 200, "masuk.html", "Masuk petugas", NULL);
}

void nt_h_login_submit(nt_req *r)
{
    int wait = nt_rate_wait(NT_RATE_LOGIN, r->ip);
    if (wait) {
        char msg[200];
        nt_rate_message(NT_RATE_LOGIN, wait, msg, sizeof msg);
        nt_respond_page(r, 429, "masuk.html", "Masuk petugas", json_pack("{ss}", "error", msg));
        return;
    }
    char token[65], csrf[64];
    nt_actor who;
    nt_err err = {0};
    int rc = nt_login(r->st, nt_form(r, "username"), nt_form(r, "password"), r->ip, token, csrf,
                      &who, &err);
    nt_auth_record(r->ip, rc == 0);
    if (rc) {
        nt_respond_page(r, 401, "masuk.html", "Masuk petugas",
                        json_pack("{ss}", "error", "Nama pengguna atau kata sandi salah."));
        return;
    }
    nt_respond_redirect(r, "/kasus");
    nt_respond_set_cookie(r, token, 12 * 3600);
}

void nt_h_logout_submit(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION && !csrf_ok(r)) return;
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "netral_session");
    if (cookie) nt_session_end(r->st, cookie);
    nt_respond_redirect(r, "/");
    nt_respond_set_cookie(r, "", 0);
}

/* Percent-encodes v for a query string. */
static void url_add(nt_buf *b, const char *k, const char *v)
{
    if (b->len) nt_buf_addc(b, '&');
    nt_buf_printf(b, "%s=", k);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            nt_buf_addc(b, (char)*p);
        else
            nt_buf_printf(b, "%%%02X", *p);
    }
}

/* ctx.qs: the list's filters (not its page) as a query string, for export links and paging. */
static void set_query_string(json_t *ctx, json_t *f)
{
    nt_buf qs = {0};
    const char *k;
    json_t *v;
    json_object_foreach(f, k, v)
    {
        if (!strcmp(k, "offset") || !strcmp(k, "limit")) continue;
        char num[24];
        if (json_is_integer(v)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        url_add(&qs, k, json_is_integer(v) ? num : json_is_string(v) ? json_string_value(v) : "");
    }
    json_object_set_new(ctx, "qs", json_string(qs.p ? qs.p : ""));
    nt_buf_free(&qs);
}

/* The inbox's filters from the query string: empty fields mean "all". */
json_t *nt_inbox_filter(nt_req *r)
{
    static const char *const ints[] = {"limit", "offset", "instansi", NULL};
    json_t *f = nt_req_query_json(r, ints);
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(f, tmp, k, v)
    {
        if (json_is_string(v) && !*json_string_value(v)) json_object_del(f, k);
    }
    return f;
}

/* A <select>'s options from rows, marking the chosen one. */
static json_t *options(json_t *rows, const char *idkey, const char *labelkey, json_t *chosen)
{
    json_t *out = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        json_t *id = json_object_get(row, idkey);
        char idbuf[32];
        const char *ids =
            json_is_integer(id)
                ? (snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id)), idbuf)
                : json_string_value(id);
        bool sel = chosen &&
                   (json_is_integer(chosen)
                        ? json_equal(chosen, id)
                        : json_is_string(chosen) && ids && !strcmp(json_string_value(chosen), ids));
        json_array_append_new(out, json_pack("{ss sO sb}", "value", ids ? ids : "", "label",
                                             json_object_get(row, labelkey), "selected", sel));
    }
    json_decref(rows);
    return out;
}

/* What waits for the authority and the PPK: reported ASN in the states rules/workflow.c lists
 * as their work. */
static json_t *role_tasks(nt_req *r)
{
    size_t ntasks;
    const nt_party_task *tasks = nt_party_tasks(&ntasks);
    json_t *out = json_array();
    for (size_t i = 0; i < ntasks; i++) {
        if (!(r->actor.roles & tasks[i].role)) continue;
        const char *state = nt_party_state_name(tasks[i].state);
        json_t *f = json_pack("{ss si}", "status", state, "limit", 1), *l = NULL;
        nt_err err = {0};
        json_int_t n = nt_party_list(r->st, &r->actor, f, &l, &err) == 0
                           ? json_integer_value(json_object_get(l, "total"))
                           : 0;
        json_decref(f), json_decref(l);
        json_array_append_new(
            out, json_pack("{ss ss sI}", "state", state, "label", tasks[i].label, "count", n));
    }
    return out;
}

void nt_h_inbox(nt_req *r)
{
    if (!staff(r)) return;
    json_t *f = nt_inbox_filter(r);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_list(r->st, &r->actor, f, &out, &err);
    json_t *ctx = rc ? json_pack("{s[] si ss}", "items", "total", 0, "error", err.msg) : out;
    /* the filter form, with the current choices */
    json_t *states = json_array();
    for (int i = 0; i < NT_ST__COUNT; i++)
        json_array_append_new(states, json_pack("{ss ss}", "id", nt_case_state_name(i), "label",
                                                nt_case_state_label(i)));
    json_object_set_new(ctx, "states",
                        options(states, "id", "label", json_object_get(f, "status")));
    json_object_set_new(
        ctx, "categories",
        options(json_deep_copy(json_object_get(nt_store_rules(r->st)->catalogue, "categories")),
                "id", "label", json_object_get(f, "kategori")));
    json_t *els = NULL, *ags = NULL;
    nt_elections_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &els);
    nt_agencies_list(r->st, r->actor.region[0] ? r->actor.region : NULL, &ags);
    json_object_set_new(
        ctx, "elections",
        options(els ? els : json_array(), "id", "name", json_object_get(f, "pemilihan")));
    json_object_set_new(
        ctx, "agencies",
        options(ags ? ags : json_array(), "id", "name", json_object_get(f, "instansi")));
    json_t *dues =
        json_pack("[{ss ss} {ss ss} {ss ss} {ss ss}]", "id", "lewat", "label", "sudah lewat", "id",
                  "3", "label", "3 hari lagi atau lewat", "id", "7", "label",
                  "7 hari lagi atau lewat", "id", "14", "label", "14 hari lagi atau lewat");
    json_object_set_new(ctx, "dues", options(dues, "id", "label", json_object_get(f, "tenggat")));
    static const char *echo[] = {"q", "nip"};
    for (size_t i = 0; i < NT_ARRAY_LEN(echo); i++) {
        const char *v = json_string_value(json_object_get(f, echo[i]));
        json_object_set_new(ctx, echo[i], json_string(v ? v : ""));
    }
    set_query_string(ctx, f);
    json_int_t total = json_integer_value(json_object_get(ctx, "total"));
    json_int_t off = json_integer_value(json_object_get(ctx, "offset"));
    json_int_t lim = json_integer_value(json_object_get(ctx, "limit"));
    if (off > 0) json_object_set_new(ctx, "prev", json_integer(off > lim ? off - lim : 0));
    if (lim && off + lim < total) json_object_set_new(ctx, "next", json_integer(off + lim));
    if (lim) {
        json_object_set_new(ctx, "from", json_integer(total ? off + 1 : 0));
        json_object_set_new(ctx, "to", json_integer(off + lim < total ? off + lim : total));
    }
    json_t *tasks = role_tasks(r);
    json_object_set_new(ctx, "has_tasks", json_boolean(json_array_size(tasks) > 0));
    json_object_set_new(ctx, "tasks", tasks);
    json_decref(f);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "kasus.html", "Kasus", ctx);
}

/* Reported ASN, one row per ASN per case: the list behind the dashboard's ASN figures. */
void nt_h_party_page(nt_req *r)
{
    if (!staff(r)) return;
    json_t *f = nt_inbox_filter(r), *out = NULL;
    nt_err err = {0};
    int rc = nt_party_list(r->st, &r->actor, f, &out, &err);
    json_t *ctx = rc ? json_pack("{s[] si ss}", "items", "total", 0, "error", err.msg) : out;
    /* the store masks the personal columns the role may not see */
    if (nt_rules_masked(nt_store_rules(r->st), "nip", r->actor.roles))
        json_object_set_new(ctx, "masked", json_true());
    set_query_string(ctx, f);
    json_decref(f);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "terlapor.html", "ASN terlapor", ctx);
}

/* The case page's context: the step forms come with their inputs from the store (which takes
 * them from rules/workflow.c); this adds the links and the data form while the case may
 * still be completed. */
static json_t *case_forms(nt_req *r, json_t *c, int64_t id)
{
    const nt_rules *ru = nt_store_rules(r->st);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(c, "terlapor"), i, p)
        json_object_set_new(p, "case_id", json_integer(id));
    if ((r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) &&
        json_is_true(json_object_get(c, "dapat_diubah"))) {
        json_t *have = json_object(), *viol = json_array();
        json_array_foreach(json_object_get(c, "pelanggaran"), i, p)
            json_object_set_new(have, json_string_value(json_object_get(p, "code")), json_true());
        for (int v = 0; v < ru->nviolations; v++)
            if (!json_object_get(have, ru->violations[v].code))
                json_array_append_new(viol, json_pack("{ss ss}", "code", ru->violations[v].code,
                                                      "act", ru->violations[v].act));
        json_decref(have);
        json_object_set_new(c, "edit",
                            json_pack("{so sb}", "violations", viol, "before_registration",
                                      json_object_get(c, "reg_no") == NULL ||
                                          json_is_null(json_object_get(c, "reg_no"))));
    }
    return c;
}

void nt_h_case_page(nt_req *r)
{
    if (!staff(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *c = NULL;
    nt_err err = {0};
    int rc = id ? nt_case_get(r->st, &r->actor, id, &c, &err)
                : nt_err_set(&err, NT_ENOTFOUND, "id", "kasus tidak ditemukan");
    json_t *ctx = json_object();
    if (rc)
        json_object_set_new(ctx, "error", json_string(err.msg));
    else
        json_object_set_new(ctx, "c", case_forms(r, c, id));
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "kasus_detail.html", "Kasus", ctx);
}

/* The case page again with the reason a form was refused, or back to it on success. */
static void case_page_after(nt_req *r, int64_t id, int rc, const nt_err *err)
{
    if (rc) {
        json_t *c = NULL;
        nt_err e2 = {0};
        json_t *ctx = json_pack("{ss}", "error", err->msg);
        if (!nt_case_get(r->st, &r->actor, id, &c, &e2))
            json_object_set_new(ctx, "c", case_forms(r, c, id));
        nt_respond_page(r, nt_http_status(rc), "kasus_detail.html", "Kasus", ctx);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/kasus/%lld", (long long)id);
    nt_respond_redirect(r, loc);
}

/* Takes a step from a form (consumes in): back to the case page on success, or the case page
 * again with the reason the step was refused. */
static void run_step(nt_req *r, int64_t id, json_t *in)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_case_transition(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    json_decref(out);
    case_page_after(r, id, rc, &err);
}

/* Completes the case's data: title, place, date of the act, more ASN and violations. */
void nt_h_case_edit(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *in = json_object();
    static const char *const fields[] = {"judul", "tempat", "tanggal_kejadian", "daftar_bukti",
                                         NULL};
    nt_form_copy(r, in, fields);
    json_t *nips = json_array(), *codes = json_array();
    const char *list = nt_form(r, "terlapor");
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, " ,;\r\n\t");
        if (n) json_array_append_new(nips, json_stringn(p, n));
        p += n;
        p += strspn(p, " ,;\r\n\t");
    }
    const char *k;
    json_t *v;
    json_object_foreach(r->form, k, v)
    {
        if (!strncmp(k, "pl_", 3)) json_array_append_new(codes, json_string(k + 3));
    }
    if (json_array_size(nips)) json_object_set(in, "terlapor", nips);
    if (json_array_size(codes)) json_object_set(in, "pelanggaran", codes);
    json_decref(nips), json_decref(codes);
    nt_err err = {0};
    int rc = json_object_size(in)
                 ? nt_case_update(r->st, &r->actor, id, in, &err)
                 : nt_err_set(&err, NT_EINVAL, "body", "tidak ada data yang diisi");
    json_decref(in);
    case_page_after(r, id, rc, &err);
}

/* Evidence files from the case page (multipart form). */
void nt_h_case_upload(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    nt_err err = r->form_err;
    int rc =
        err.code ? err.code : nt_evidence_attach(r->st, &r->actor, id, r->files, r->nfiles, &err);
    if (!r->form_err.code) r->nfiles = 0; /* consumed */
    case_page_after(r, id, rc, &err);
}

/* A step from its form: "ke", the reason, and every input a step can declare
 * (rules/workflow.c), copied into the step's data. */
static json_t *step_from_form(nt_req *r, const char *nip)
{
    json_t *in = json_pack("{ss}", "ke", nt_form(r, "ke") ? nt_form(r, "ke") : "");
    if (nip) json_object_set_new(in, "nip", json_string(nip));
    json_t *data = json_object();
    size_t n;
    const nt_step_input *inputs = nt_step_input_table(&n);
    for (size_t i = 0; i < n; i++) {
        const char *v = nt_form(r, inputs[i].name);
        if (!v || !*v) continue;
        json_object_set_new(strcmp(inputs[i].name, "alasan") ? data : in, inputs[i].name,
                            json_string(v));
    }
    json_object_set_new(in, "data", data);
    return in;
}

void nt_h_case_step(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    run_step(r, nt_req_param_id(r, 0), step_from_form(r, NULL));
}

/* One bar chart: rows scaled to the largest, each linking to the list behind it. */
static json_t *chart(const char *id, const char *title, json_t *rows, const char *href_fmt)
{
    json_int_t max = 1;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        json_int_t n = json_integer_value(json_object_get(r, "count"));
        if (n > max) max = n;
    }
    json_array_foreach(rows, i, r)
    {
        json_int_t n = json_integer_value(json_object_get(r, "count"));
        int w = (int)(n * 320 / max);
        json_object_set_new(r, "y", json_integer((json_int_t)i * 22 + 4));
        json_object_set_new(r, "ty", json_integer((json_int_t)i * 22 + 17));
        json_object_set_new(r, "w", json_integer(w < 1 ? 1 : w));
        json_object_set_new(r, "tx", json_integer(266 + w));
        if (href_fmt) {
            char *h = nt_xasprintf(href_fmt, json_string_value(json_object_get(r, "key")));
            json_object_set_new(r, "href", json_string(h));
            free(h);
        } else {
            json_object_set_new(r, "href", json_string("/kasus"));
        }
    }
    return json_pack("{ss ss sO sI}", "id", id, "title", title, "rows", rows, "height",
                     (json_int_t)json_array_size(rows) * 22 + 8);
}

/* Regions coloured by risk zone (thresholds from data/rules/zones.json), each linking to its
 * reported ASN; regions outside the user's scope are drawn grey, without figures. */
static json_t *zone_map(nt_req *r, json_t *stats)
{
    const nt_rules *ru = nt_store_rules(r->st);
    const char *scope = r->actor.region;
    int height = 0;
    json_t *shapes = nt_map_draw(r->cfg->data_dir, scope, &height);
    json_t *rows = json_object_get(stats, *scope ? "asn_per_kabkota" : "asn_per_provinsi");
    json_t *count = json_object(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_object_set(
        count, json_string_value(json_object_get(row, "key")), json_object_get(row, "count"));
    json_t *table = json_array();
    json_array_foreach(shapes, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        bool mine = !strncmp(code, scope, strlen(scope)) || !strncmp(scope, code, strlen(code));
        if (!mine) {
            json_object_set_new(row, "fill", json_string("#d9d9d9"));
            json_object_set_new(row, "label", json_string("di luar wilayah kerja Anda"));
            continue;
        }
        json_int_t c = json_integer_value(json_object_get(count, code));
        int z = nt_rules_zone(ru, (long)c);
        char *href = nt_xasprintf("/terlapor?wilayah=%s", code);
        json_object_set_new(row, "fill", json_string(ru->zones[z].color));
        json_object_set_new(row, "href", json_string(href));
        json_object_set_new(row, "count", json_integer(c));
        json_object_set_new(row, "label", json_string(ru->zones[z].label));
        json_array_append_new(
            table, json_pack("{sO sO sI ss ss ss}", "code", json_object_get(row, "code"), "name",
                             json_object_get(row, "name"), "count", c, "zone", ru->zones[z].label,
                             "zone_id", ru->zones[z].id, "href", href));
        free(href);
    }
    json_decref(count);
    json_t *legend = json_array();
    for (int z = 0; z < ru->nzones; z++)
        json_array_append_new(
            legend, json_pack("{ss ss}", "color", ru->zones[z].color, "label", ru->zones[z].label));
    return json_pack("{so si so so ss}", "shapes", shapes, "height", height, "table", table,
                     "legend", legend, "version", ru->zones_version);
}

void nt_h_dashboard(nt_req *r)
{
    if (!staff(r)) return;
    json_t *st = NULL;
    nt_err err = {0};
    if (nt_stats(r->st, &r->actor, &st, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *charts = json_array();
    json_array_append_new(charts,
                          chart("status", "Kasus per status",
                                json_object_get(st, "kasus_per_status"), "/kasus?status=%s"));
    json_array_append_new(charts,
                          chart("kantor", "Kasus per kantor Bawaslu",
                                json_object_get(st, "kasus_per_kantor"), "/kasus?kantor=%s"));
    json_array_append_new(charts, chart("bulan", "Kasus per bulan (tanggal diketahui)",
                                        json_object_get(st, "kasus_per_bulan"), "/kasus?bulan=%s"));
    json_array_append_new(charts,
                          chart("kategori", "ASN terlapor per kategori pelanggaran",
                                json_object_get(st, "asn_per_kategori"), "/terlapor?kategori=%s"));
    json_array_append_new(charts, chart("jabatan", "ASN terlapor per jenis jabatan",
                                        json_object_get(st, "asn_per_jabatan"),
                                        "/terlapor?jenis_jabatan=%s"));
    json_array_append_new(charts,
                          chart("tindak", "ASN terlapor per tahap",
                                json_object_get(st, "asn_per_status"), "/terlapor?status=%s"));
    json_array_append_new(charts,
                          chart("instansi", "ASN terlapor per instansi (20 terbanyak)",
                                json_object_get(st, "asn_per_instansi"), "/terlapor?instansi=%s"));
    json_t *ctx = json_pack("{so}", "charts", charts);
    json_object_set_new(ctx, "map", zone_map(r, st));
    json_decref(st);
    nt_respond_page(r, 200, "dasbor.html", "Dasbor", ctx);
}

/* The post's own text cut at the spans the rules matched, for <mark>. */
static json_t *segments(json_t *finding)
{
    json_t *item = NULL;
    const char *raw = json_string_value(json_object_get(finding, "raw"));
    json_t *segs = json_array();
    if (raw) item = json_loads(raw, 0, NULL);
    const char *text = json_string_value(json_object_get(item, "text"));
    size_t len = text ? strlen(text) : 0;
    if (!len) {
        json_decref(item);
        return segs;
    }
    unsigned char *hit = nt_xcalloc(len + 1, 1);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(finding, "reasons"), i, r)
    {
        const char *field = json_string_value(json_object_get(r, "field"));
        if (!field || strcmp(field, "text")) continue;
        json_int_t s = json_integer_value(json_array_get(json_object_get(r, "span"), 0));
        json_int_t e = json_integer_value(json_array_get(json_object_get(r, "span"), 1));
        for (json_int_t k = s; k < e && k >= 0 && (size_t)k < len; k++)
            hit[k] = 1;
    }
    /* spans are word boundaries of the original, so cuts fall between characters */
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && hit[b] == hit[a])
            b++;
        json_array_append_new(segs,
                              json_pack("{ss# sb}", "text", text + a, (int)(b - a), "hit", hit[a]));
        a = b;
    }
    free(hit);
    json_decref(item);
    return segs;
}

void nt_h_patrol_queue(nt_req *r)
{
    if (!staff(r)) return;
    const char *status = nt_req_query(r, "status");
    if (!status || !*status) status = "baru";
    json_t *rows = NULL;
    nt_err err = {0};
    int rc;
    const char *one = nt_req_query(r, "temuan"); /* a link to one finding */
    char *end = NULL;
    long long fid = one ? strtoll(one, &end, 10) : 0;
    if (one && (fid <= 0 || *end)) {
        rc = nt_err_set(&err, NT_ENOTFOUND, "temuan", "nomor temuan tidak sah");
    } else if (one) {
        json_t *row = NULL;
        rc = nt_finding_get(r->st, &r->actor, fid, &row, &err);
        if (!rc) rows = json_pack("[o]", row);
    } else {
        json_t *f = json_pack("{ss si}", "status", status, "limit", 100);
        rc = nt_findings_list(r->st, &r->actor, f, &rows, &err);
        json_decref(f);
    }
    json_t *ctx = json_object();
    char key[32];
    snprintf(key, sizeof key, "st_%s", status);
    json_object_set_new(ctx, key, json_true());
    if (rc) {
        json_object_set_new(ctx, "error", json_string(err.msg));
    } else {
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            json_t *full = NULL;
            nt_err e2 = {0};
            if (nt_finding_get(r->st, &r->actor, json_integer_value(json_object_get(row, "id")),
                               &full, &e2))
                continue;
            json_object_set_new(row, "segments", segments(full));
            json_object_set(row, "suggestion", json_object_get(full, "suggestion"));
            json_decref(full);
        }
        json_object_set_new(ctx, "findings", rows);
    }
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "patroli.html", "Patroli siber", ctx);
}

void nt_h_patrol_review(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    json_t *in = json_object();
    static const char *const fields[] = {"aksi", "alasan", "nip", NULL};
    nt_form_copy(r, in, fields);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_finding_review(r->st, &r->actor, id, in, &out, &err);
    json_decref(in);
    if (rc) {
        json_t *ctx = json_pack("{ss}", "error", err.msg);
        nt_respond_page(r, nt_http_status(rc), "patroli.html", "Patroli siber", ctx);
        return;
    }
    int64_t case_id = json_integer_value(json_object_get(out, "case_id"));
    json_decref(out);
    char loc[64];
    if (case_id)
        snprintf(loc, sizeof loc, "/kasus/%lld", (long long)case_id);
    else
        snprintf(loc, sizeof loc, "/patroli");
    nt_respond_redirect(r, loc);
}

void nt_h_person_page(nt_req *r)
{
    if (!staff(r)) return;
    char nip[32];
    json_t *a = NULL;
    nt_err err = {0};
    int rc = nt_asn_get(r->st, &r->actor, nt_req_param(r, 0, nip, sizeof nip), &a, &err);
    json_t *ctx = rc ? json_pack("{ss}", "error", err.msg) : json_pack("{so}", "a", a);
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "asn.html", "ASN", ctx);
}

void nt_h_party_step(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    char nip[32];
    nt_req_param(r, 1, nip, sizeof nip);
    run_step(r, id, step_from_form(r, nip));
}

void nt_h_due_page(nt_req *r)
{
    if (!staff(r)) return;
    const char *d = nt_req_query(r, "hari");
    char *end = NULL;
    long days = d && *d ? strtol(d, &end, 10) : 7;
    json_t *out = NULL;
    nt_err err = {0};
    int rc = (d && *d && *end) ? nt_err_set(&err, NT_EINVAL, "hari", "jumlah hari harus angka")
                               : nt_case_due(r->st, &r->actor, (int)days, &out, &err);
    if (rc) {
        nt_respond_page(
            r, nt_http_status(rc), "tenggat.html", "Tenggat",
            json_pack("{ss si s[] s[]}", "error", err.msg, "hari", 7, "terlambat", "segera"));
        return;
    }
    json_object_set_new(
        out, "n_terlambat",
        json_integer((json_int_t)json_array_size(json_object_get(out, "terlambat"))));
    json_object_set_new(out, "n_segera",
                        json_integer((json_int_t)json_array_size(json_object_get(out, "segera"))));
    nt_respond_page(r, 200, "tenggat.html", "Tenggat", out);
}

/* ---- admin: users and the audit log ---- */

static bool admin(nt_req *r)
{
    if (!staff(r)) return false;
    if (r->actor.roles & NT_ROLE_ADMIN) return true;
    nt_respond_msg(r, 403, "forbidden", "", "halaman ini hanya untuk admin");
    return false;
}

static void users_page(nt_req *r, unsigned status, const char *error, const char *done)
{
    json_t *users = NULL, *ags = NULL;
    nt_err err = {0};
    nt_user_list(r->st, &r->actor, &users, &err);
    nt_agencies_list(r->st, NULL, &ags);
    json_t *ctx = json_pack("{so so}", "users", users ? users : json_array(), "agencies",
                            ags ? ags : json_array());
    if (error) json_object_set_new(ctx, "error", json_string(error));
    if (done) json_object_set_new(ctx, "done", json_string(done));
    nt_respond_page(r, status, "admin_pengguna.html", "Pengguna", ctx);
}

void nt_h_admin_users(nt_req *r)
{
    if (!admin(r)) return;
    users_page(r, 200, NULL, NULL);
}

void nt_h_admin_user_submit(nt_req *r)
{
    if (!admin(r) || !csrf_ok(r)) return;
    const char *action = nt_form(r, "aksi"), *user = nt_form(r, "username");
    nt_err err = {0};
    int rc;
    char done[160];
    if (action && !strcmp(action, "buat")) {
        json_t *in = json_object();
        static const char *const fields[] = {"username", "name",     "role",
                                             "region",   "password", NULL};
        nt_form_copy(r, in, fields);
        const char *ag = nt_form(r, "agency_id");
        if (ag && *ag) json_object_set_new(in, "agency_id", json_integer(strtoll(ag, NULL, 10)));
        int64_t id = 0;
        rc = nt_user_create(r->st, &r->actor, in, &id, &err);
        json_decref(in);
        snprintf(done, sizeof done, "Pengguna %s dibuat.", user ? user : "");
    } else if (action && (!strcmp(action, "nonaktif") || !strcmp(action, "aktif"))) {
        rc = nt_user_set_active(r->st, &r->actor, user ? user : "", !strcmp(action, "aktif"), &err);
        snprintf(done, sizeof done, "Pengguna %s kini %s.", user ? user : "",
                 !strcmp(action, "aktif") ? "aktif" : "nonaktif");
    } else if (action && !strcmp(action, "sandi")) {
        const char *pw = nt_form(r, "password");
        rc = nt_user_set_password(r->st, &r->actor, user ? user : "", pw ? pw : "", &err);
        snprintf(done, sizeof done, "Kata sandi %s diganti.", user ? user : "");
    } else {
        rc = nt_err_set(&err, NT_EINVAL, "aksi", "aksi tidak dikenal");
    }
    if (rc)
        users_page(r, nt_http_status(rc), err.msg, NULL);
    else
        users_page(r, 200, NULL, done);
}

void nt_h_admin_audit(nt_req *r)
{
    if (!admin(r)) return;
    const char *after_s = nt_req_query(r, "setelah");
    int64_t after = after_s ? strtoll(after_s, NULL, 10) : 0;
    if (after < 0) after = 0;
    json_t *rows = NULL, *verify = NULL;
    nt_err err = {0};
    int rc = nt_audit_list(r->st, &r->actor, after, 100, &rows, &err);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        char *d = json_dumps(json_object_get(row, "detail"), JSON_COMPACT);
        json_object_set_new(row, "detail", json_string(d ? d : ""));
        free(d);
    }
    json_t *ctx = json_pack("{sO}", "rows", rows);
    size_t n = json_array_size(rows);
    if (n == 100) json_object_set(ctx, "next", json_object_get(json_array_get(rows, n - 1), "seq"));
    json_decref(rows);
    if (nt_req_query(r, "periksa")) {
        nt_audit_verify(r->st, &verify);
        json_object_set_new(ctx, "verify", verify ? verify : json_object());
    }
    nt_respond_page(r, 200, "admin_audit.html", "Log audit", ctx);
}

/* ---- registry: regions, elections and candidates, agencies, roster import ---- */

static void registry_page(nt_req *r, unsigned status, json_t *extra)
{
    const char *code = nt_req_query(r, "wilayah");
    json_t *ctx = extra ? extra : json_object();
    json_t *region = NULL, *children = NULL;
    nt_err err = {0};
    if (code && *code) {
        if (nt_region_get(r->st, code, &region, &err) == 0) {
            json_object_set_new(ctx, "region", region);
            nt_regions_list(r->st, code, NULL, &children);
        } else {
            json_object_set_new(ctx, "region_error", json_string(err.msg));
        }
    } else {
        nt_regions_list(r->st, NULL, NULL, &children);
    }
    json_object_set_new(ctx, "regions", children ? children : json_array());
    const char *scope = r->actor.region[0] ? r->actor.region : NULL;
    json_t *els = NULL, *ags = NULL;
    nt_elections_list(r->st, scope, &els);
    nt_agencies_list(r->st, scope, &ags);
    json_object_set_new(ctx, "elections", els ? els : json_array());
    json_object_set_new(ctx, "agencies", ags ? ags : json_array());
    json_object_set_new(ctx, "can_edit",
                        json_boolean(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)));
    json_object_set_new(ctx, "scope", json_string(scope ? scope : ""));
    nt_respond_page(r, status, "registri.html", "Registri", ctx);
}

void nt_h_registry(nt_req *r)
{
    if (!staff(r)) return;
    registry_page(r, 200, NULL);
}

void nt_h_election_page(nt_req *r)
{
    if (!staff(r)) return;
    char id[80];
    json_t *el = NULL;
    nt_err err = {0};
    int rc = nt_election_get(r->st, nt_req_param(r, 0, id, sizeof id), &el, &err);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    nt_respond_page(r, 200, "pemilihan.html", "Pemilihan", el);
}

void nt_h_agency_submit(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    json_t *in = json_object();
    static const char *const fields[] = {"name", "region", NULL};
    nt_form_copy(r, in, fields);
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_agency_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    if (rc) {
        registry_page(r, nt_http_status(rc), json_pack("{ss}", "error", err.msg));
        return;
    }
    nt_respond_redirect(r, "/registri#instansi");
}

void nt_h_roster_preview(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    if (!r->body.len) {
        registry_page(r, 422, json_pack("{ss}", "import_error", "Pilih berkas CSV roster ASN."));
        return;
    }
    json_t *report = NULL;
    nt_err err = {0};
    char token[33];
    int rc = nt_roster_stage(r->st, &r->actor, r->body.p, r->body.len, token, &report, &err);
    if (rc) {
        json_decref(report);
        registry_page(r, nt_http_status(rc), json_pack("{ss}", "import_error", err.msg));
        return;
    }
    json_t *invalid = json_object_get(report, "invalid");
    size_t nbad = json_array_size(invalid);
    while (json_array_size(invalid) > 200)
        json_array_remove(invalid, json_array_size(invalid) - 1);
    json_t *ctx = json_pack("{so ss sb sI}", "report", report, "token", token, "has_errors",
                            nbad > 0, "n_invalid", (json_int_t)nbad);
    nt_respond_page(r, 200, "roster_pratinjau.html", "Pratinjau impor roster", ctx);
}

void nt_h_roster_import(nt_req *r)
{
    if (!staff(r) || !csrf_ok(r)) return;
    json_t *report = NULL;
    nt_err err = {0};
    int rc =
        nt_roster_import_staged(r->st, &r->actor, nt_form(r, "token"),
                                nt_form(r, "lewati") ? NT_IMPORT_SKIP_INVALID : 0, &report, &err);
    if (rc) {
        json_decref(report);
        registry_page(r, nt_http_status(rc), json_pack("{ss}", "import_error", err.msg));
        return;
    }
    json_t *ctx = json_pack("{so sb}", "report", report, "imported", 1);
    nt_respond_page(r, 200, "roster_pratinjau.html", "Impor roster", ctx);
}
