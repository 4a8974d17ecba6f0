/*
 * pages_admin.c - admin pages (users, the audit log) and the registry pages (regions,
 * elections and candidates, agencies, roster import with its preview).
 */
#include "web/pages_int.h"

#include "rules/notify.h"
#include "rules/workflow.h"

#include <stdlib.h>
#include <string.h>

/* ---- admin: users and the audit log ---- */

static bool admin(nt_req *r)
{
    if (!nt_page_staff(r)) return false;
    if (r->actor.roles & NT_ROLE_ADMIN) return true;
    nt_respond_msg(r, 403, "forbidden", "", "halaman ini hanya untuk admin");
    return false;
}

/* The regions a user may work in, by name: each province, then its regencies and cities. */
static json_t *region_choices(nt_req *r)
{
    json_t *provs = NULL, *out = json_array(), *p;
    nt_regions_list(r->st, NULL, NULL, &provs);
    size_t i;
    json_array_foreach(provs, i, p)
    {
        json_t *kids = NULL;
        nt_regions_list(r->st, json_string_value(json_object_get(p, "code")), NULL, &kids);
        json_array_append_new(out, json_pack("{sO sO so}", "code", json_object_get(p, "code"),
                                             "name", json_object_get(p, "name"), "regencies",
                                             kids ? kids : json_array()));
    }
    json_decref(provs);
    return out;
}

static void users_page(nt_req *r, unsigned status, const char *error, const char *done)
{
    json_t *users = NULL, *ags = NULL;
    nt_err err = {0};
    nt_user_list(r->st, &r->actor, &users, &err);
    nt_agencies_list(r->st, NULL, false, &ags);
    /* roles and regions by their names; the authority by the one in office today */
    const nt_authority *au = nt_rules_authority_on(nt_store_rules(r->st), nt_today());
    char oto[64];
    snprintf(oto, sizeof oto, "%s (%s)", nt_role_label(NT_ROLE_OTORITAS),
             au ? au->short_name : "KASN/BKN");
    size_t i;
    json_t *u;
    json_array_foreach(users, i, u)
    {
        nt_role ro;
        if (!nt_role_parse(json_string_value(json_object_get(u, "role")), &ro))
            json_object_set_new(u, "role_label",
                                json_string(ro == NT_ROLE_OTORITAS ? oto : nt_role_label(ro)));
        const char *reg = json_string_value(json_object_get(u, "region"));
        json_t *row = NULL;
        nt_err e = {0};
        if (reg && *reg && !nt_region_get(r->st, reg, &row, &e))
            json_object_set(u, "region_name", json_object_get(row, "name"));
        json_decref(row);
    }
    json_t *roles = json_array();
    static const nt_role order[] = {NT_ROLE_BAWASLU, NT_ROLE_OTORITAS, NT_ROLE_PPK, NT_ROLE_ADMIN};
    for (size_t k = 0; k < NT_ARRAY_LEN(order); k++)
        json_array_append_new(
            roles, json_pack("{ss ss}", "value", nt_role_name(order[k]), "label",
                             order[k] == NT_ROLE_OTORITAS ? oto : nt_role_label(order[k])));
    json_t *ctx = json_pack("{so so si so so}", "users", users ? users : json_array(), "agencies",
                            ags ? ags : json_array(), "sandi_min", NT_PASSWORD_MIN, "roles", roles,
                            "regions", region_choices(r));
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
    if (!admin(r) || !nt_page_csrf_ok(r)) return;
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
        rc = nt_user_set_password(r->st, &r->actor, user ? user : "",
                                  nt_form(r, "current_password"), pw ? pw : "", &err);
        snprintf(done, sizeof done,
                 "Kata sandi %s diganti; semua sesi dan token API-nya diakhiri%s.",
                 user ? user : "",
                 user && !strcmp(user, r->actor.username) ? " (silakan masuk lagi)" : "");
    } else {
        rc = nt_err_set(&err, NT_EINVAL, "aksi", "aksi tidak dikenal");
    }
    if (rc)
        users_page(r, nt_http_status(rc), err.msg, NULL);
    else
        users_page(r, 200, NULL, done);
}

/* One detail value as a reader wants it: state codes by their labels, nested data compact. */
static json_t *detail_value(const nt_rules *ru, const char *key, json_t *v)
{
    nt_case_state cs;
    nt_party_state ps;
    if (json_is_string(v)) {
        const char *t = json_string_value(v);
        if ((!strcmp(key, "dari") || !strcmp(key, "ke") || !strcmp(key, "status")) &&
            !nt_case_state_parse(t, &cs))
            return json_string(nt_case_state_label(cs));
        if ((!strcmp(key, "dari") || !strcmp(key, "ke")) && !nt_party_state_parse(t, &ps))
            return json_string(nt_party_state_label(ps));
        nt_route rt;
        if (!strcmp(key, "jalur") && !nt_route_parse(t, &rt))
            return json_string(nt_route_label(rt));
        if (!strcmp(key, "kolom")) return json_string(nt_case_field_label(t));
        const json_t *doc = !strcmp(key, "jenis") ? nt_rules_document(ru, t) : NULL;
        if (doc) return json_incref(json_object_get(doc, "label"));
        return json_incref(v);
    }
    if (json_is_true(v)) return json_string("ya");
    if (json_is_false(v)) return json_string("tidak");
    if (json_is_array(v)) { /* a list of plain values, one after another */
        nt_buf b = {0};
        size_t i;
        json_t *x;
        bool plain = true;
        json_array_foreach(v, i, x)
        {
            json_t *one = json_is_object(x) || json_is_array(x) ? NULL : detail_value(ru, key, x);
            if (!one) {
                plain = false;
                break;
            }
            nt_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(one));
            json_decref(one);
        }
        if (plain) {
            json_t *out = json_string(b.p ? b.p : "");
            nt_buf_free(&b);
            return out;
        }
        nt_buf_free(&b);
    }
    char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_t *out = json_string(d ? d : "");
    free(d);
    return out;
}

/* An entry's details as (name, value) pairs: names in words, the fields of nested data (a
 * step's inputs) as pairs of their own, nothing for empty data. */
static void detail_pairs(const nt_rules *ru, json_t *pairs, json_t *d, int depth)
{
    const char *k;
    json_t *v;
    json_object_foreach(d, k, v)
    {
        if (json_is_object(v) && depth < 2) {
            detail_pairs(ru, pairs, v, depth + 1);
            continue;
        }
        char label[64];
        snprintf(label, sizeof label, "%s", k);
        for (char *p = label; *p; p++)
            if (*p == '_') *p = ' ';
        if (label[0] >= 'a' && label[0] <= 'z') label[0] = (char)(label[0] - 32);
        json_array_append_new(
            pairs, json_pack("{ss so}", "kunci", label, "nilai", detail_value(ru, k, v)));
    }
}

/* The audit log, newest first, filtered by user, case, action and date; each entry readable. */
void nt_h_admin_audit(nt_req *r)
{
    if (!admin(r)) return;
    static const char *const ints[] = {"sebelum", "kasus", NULL};
    json_t *f = nt_page_filter(r, ints);
    json_object_del(f, "limit");
    json_object_del(f, "offset");
    json_object_del(f, "periksa");
    json_t *rows = NULL, *verify = NULL;
    nt_err err = {0};
    int rc = nt_audit_search(r->st, &r->actor, f, &rows, &err);
    json_t *ctx = json_object();
    if (rc) {
        json_object_set_new(ctx, "error", json_string(err.msg));
        rows = json_array();
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *pairs = json_array();
        detail_pairs(nt_store_rules(r->st), pairs, json_object_get(row, "detail"), 0);
        json_object_set_new(row, "rincian", pairs);
    }
    /* the filters, as the form shows them again, and the actions to choose from */
    const char *chosen = json_string_value(json_object_get(f, "tindakan"));
    json_t *opts = json_array();
    for (size_t a = 0; nt_audit_action_at(a); a++) {
        const char *action = nt_audit_action_at(a);
        json_array_append_new(opts, json_pack("{ss ss sb}", "value", action, "label",
                                              nt_audit_action_label(action), "selected",
                                              chosen && !strcmp(chosen, action)));
    }
    json_object_set_new(ctx, "tindakan", opts);
    static const char *const echo[] = {"pelaku", "kasus", "dari", "sampai"};
    for (size_t e = 0; e < NT_ARRAY_LEN(echo); e++) {
        const char *q = nt_req_query(r, echo[e]);
        if (q && *q) json_object_set_new(ctx, echo[e], json_string(q));
    }
    json_t *keep = json_deep_copy(f);
    json_object_del(keep, "sebelum");
    nt_page_query_string(ctx, keep);
    json_decref(keep);
    size_t n = json_array_size(rows);
    if (n == 100) json_object_set(ctx, "lama", json_object_get(json_array_get(rows, n - 1), "seq"));
    json_object_set_new(ctx, "rows", rows);
    json_decref(f);
    if (nt_req_query(r, "periksa")) {
        nt_audit_verify(r->st, &verify);
        json_object_set_new(ctx, "verify", verify ? verify : json_object());
    }
    nt_respond_page(r, rc ? nt_http_status(rc) : 200, "admin_audit.html", "Log audit", ctx);
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
    nt_agencies_list(r->st, scope, true, &ags);
    json_object_set_new(ctx, "elections", els ? els : json_array());
    json_object_set_new(ctx, "agencies", ags ? ags : json_array());
    json_object_set_new(ctx, "can_edit",
                        json_boolean(r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)));
    json_object_set_new(ctx, "scope", json_string(scope ? scope : ""));
    nt_respond_page(r, status, "registri.html", "Registri", ctx);
}

void nt_h_registry(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    registry_page(r, 200, NULL);
}

void nt_h_election_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
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
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
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
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
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
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
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

/* /admin/surel: the outbox, what waits, what went and what failed, and sending failed ones
 * again (after the mail server is fixed). */
static void outbox_page(nt_req *r, unsigned status, json_t *ctx)
{
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_outbox_list(r->st, &r->actor, &out, &err)) {
        json_decref(ctx);
        nt_respond_error(r, &err);
        return;
    }
    json_t *row;
    size_t i;
    json_array_foreach(json_object_get(out, "pesan"), i, row)
    {
        const char *st = json_string_value(json_object_get(row, "status"));
        json_object_set_new(row, "status_label",
                            json_string(!strcmp(st, "terkirim") ? "Terkirim"
                                        : !strcmp(st, "gagal")  ? "Gagal"
                                                                : "Menunggu"));
        json_object_set_new(row, "ada_kasus",
                            json_boolean(json_integer_value(json_object_get(row, "kasus")) > 0));
    }
    json_object_set_new(ctx, "kotak", out);
    json_object_set_new(ctx, "smtp", json_boolean(r->cfg->mail.url && *r->cfg->mail.url));
    nt_respond_page(r, status, "admin_surel.html", "Kotak keluar", ctx);
}

void nt_h_admin_outbox(nt_req *r)
{
    if (!admin(r)) return;
    json_t *ctx = json_object();
    const char *ok = nt_req_query(r, "ulang");
    if (ok) {
        char *msg = nt_xasprintf("%ld pesan yang gagal diantrekan lagi.", strtol(ok, NULL, 10));
        json_object_set_new(ctx, "done", json_string(msg));
        free(msg);
    }
    outbox_page(r, 200, ctx);
}

void nt_h_admin_outbox_retry(nt_req *r)
{
    if (!admin(r) || !nt_page_csrf_ok(r)) return;
    int n = 0;
    nt_err err = {0};
    if (nt_outbox_retry_failed(r->st, &r->actor, &n, &err)) {
        nt_respond_error(r, &err);
        return;
    }
    char loc[48];
    snprintf(loc, sizeof loc, "/admin/surel?ulang=%d", n);
    nt_respond_redirect(r, loc);
}

/* /akun: the signed-in user's own e-mail address and the messages they want. */
static void account_page(nt_req *r, unsigned status, json_t *ctx, json_t *in)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_user_notifications(r->st, &r->actor, in, &out, &err);
    if (rc && in) {
        static const nt_form_field fields[] = {{"email", "a-email", "Alamat surel"},
                                               {"mati", "a-pilihan", "Pemberitahuan"},
                                               {NULL, NULL, NULL}};
        nt_form_refused(r, ctx, &err, fields, NULL);
        status = nt_http_status(rc);
        nt_user_notifications(r->st, &r->actor, NULL, &out, &err);
    } else if (rc) {
        json_decref(ctx);
        nt_respond_error(r, &err);
        return;
    } else if (in) {
        json_object_set_new(ctx, "done", json_string("Pilihan pemberitahuan disimpan."));
    }
    json_object_set_new(ctx, "akun", out);
    nt_respond_page(r, status, "akun.html", "Akun dan pemberitahuan", ctx);
}

void nt_h_account_page(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    account_page(r, 200, json_object(), NULL);
}

void nt_h_account_submit(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    const char *email = nt_form(r, "email");
    json_t *in = json_pack("{ss}", "email", email ? email : ""), *off = json_array();
    for (const nt_notify_kind *k = nt_notify_kinds; k->id; k++) {
        char name[64];
        snprintf(name, sizeof name, "terima_%s", k->id);
        if (k->to == NT_NOTIFY_STAFF && !nt_form(r, name))
            json_array_append_new(off, json_string(k->id));
    }
    json_object_set_new(in, "mati", off);
    account_page(r, 200, json_object(), in);
    json_decref(in);
}
