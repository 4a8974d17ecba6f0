/* api_admin.c - login, sessions, users, API tokens and the audit log. */
#include "web/api.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

/* /healthz: the process answers (no database work: a load balancer asks often). */
void nt_h_health(nt_req *r)
{
    nt_respond_json(r, 200, json_pack("{ss}", "status", "ok"));
}

/* /readyz: the database answers and holds the schema this binary knows, so the instance may
 * take traffic. */
void nt_h_ready(nt_req *r)
{
    int schema = 0;
    nt_err err = {0};
    if (nt_store_ready(r->st, &schema, &err)) {
        nt_respond_json(
            r, 503,
            json_pack("{ss ss si}", "status", "unavailable", "message", err.msg, "schema", schema));
        return;
    }
    nt_respond_json(r, 200, json_pack("{ss si}", "status", "ready", "schema", schema));
}

static json_t *actor_json(const nt_actor *a)
{
    json_t *o = json_pack("{sI ss ss}", "id", (json_int_t)a->user_id, "username", a->username,
                          "role", nt_role_name((nt_role)a->roles));
    json_object_set_new(o, "region", a->region[0] ? json_string(a->region) : json_null());
    json_object_set_new(o, "agency_id", a->agency_id ? json_integer(a->agency_id) : json_null());
    return o;
}

void nt_h_login(nt_req *r)
{
    /* A page on another site can post a form or text/plain, never application/json without
     * asking first (CORS), so a JSON login cannot be forged to sign a browser in. */
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        nt_respond_msg(r, 415, "invalid", "Content-Type",
                       "kirim permintaan masuk sebagai application/json");
        return;
    }
    json_t *in = nt_req_json(r);
    if (!in) return;
    const char *u = json_string_value(json_object_get(in, "username"));
    const char *p = json_string_value(json_object_get(in, "password"));
    int wait = nt_login_attempt(r, u);
    if (wait) {
        char msg[240];
        nt_rate_message(NT_RATE_LOGIN, wait, msg, sizeof msg);
        nt_respond_msg(r, 429, "rate_limited", "", msg);
        json_decref(in);
        return;
    }
    char token[64 + 1], csrf[64];
    nt_actor who;
    nt_err err = {0};
    int rc = nt_login(r->st, u, p, r->ip, token, csrf, &who, &err);
    nt_login_result(r, u, rc == 0);
    json_decref(in);
    if (rc) {
        nt_respond_error(r, &err);
        return;
    }
    json_t *o = json_pack("{so ss}", "user", actor_json(&who), "csrf_token", csrf);
    nt_respond_json(r, 200, o);
    nt_respond_set_cookie(r, token, 12 * 3600);
}

void nt_h_logout(nt_req *r)
{
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "netral_session");
    if (cookie) nt_session_end(r->st, cookie);
    nt_respond_json(r, 200, json_pack("{sb}", "ok", 1));
    nt_respond_set_cookie(r, "", 0);
}

void nt_h_me(nt_req *r)
{
    json_t *o = json_pack("{so}", "user", actor_json(&r->actor));
    if (r->auth == NT_AUTH_SESSION) json_object_set_new(o, "csrf_token", json_string(r->csrf));
    nt_respond_json(r, 200, o);
}

void nt_h_users_list(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_user_list(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_users_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    int64_t id = 0;
    nt_err err = {0};
    int rc = nt_user_create(r->st, &r->actor, in, &id, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201, json_pack("{sI}", "id", (json_int_t)id));
}

void nt_h_user_password(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    char user[64];
    nt_err err = {0};
    const char *pw = json_string_value(json_object_get(in, "password"));
    const char *current = json_string_value(json_object_get(in, "current_password"));
    int rc = pw ? nt_user_set_password(r->st, &r->actor, nt_req_param(r, 0, user, sizeof user),
                                       current, pw, &err)
                : nt_err_set(&err, NT_EINVAL, "password", "kolom 'password' wajib diisi");
    json_decref(in);
    nt_respond_result(r, rc, &err, 200, json_pack("{sb}", "ok", 1));
}

void nt_h_user_active(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    char user[64];
    nt_err err = {0};
    json_t *v = json_object_get(in, "active");
    int rc = json_is_boolean(v)
                 ? nt_user_set_active(r->st, &r->actor, nt_req_param(r, 0, user, sizeof user),
                                      json_is_true(v), &err)
                 : nt_err_set(&err, NT_EINVAL, "active", "kolom 'active' harus true/false");
    json_decref(in);
    nt_respond_result(r, rc, &err, 200, json_pack("{sb}", "ok", 1));
}

void nt_h_tokens_create(nt_req *r)
{
    json_t *in = nt_req_json(r);
    if (!in) return;
    const char *user = json_string_value(json_object_get(in, "username"));
    const char *name = json_string_value(json_object_get(in, "name"));
    char token[80];
    nt_err err = {0};
    int rc = nt_token_create(r->st, &r->actor, user ? user : r->actor.username, name, token, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 201,
                      rc ? NULL
                         : json_pack("{ss ss}", "token", token, "catatan",
                                     "simpan token ini sekarang; token tidak dapat "
                                     "ditampilkan lagi"));
}

void nt_h_audit_list(nt_req *r)
{
    const char *after = nt_req_query(r, "after"), *limit = nt_req_query(r, "limit");
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_audit_list(r->st, &r->actor, after ? strtoll(after, NULL, 10) : 0,
                           limit ? atoi(limit) : 100, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_audit_verify(nt_req *r)
{
    if (!(r->actor.roles & NT_ROLE_ADMIN)) {
        nt_respond_msg(r, 403, "forbidden", "", "hanya admin yang dapat memeriksa log audit");
        return;
    }
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_audit_verify(r->st, &out);
    if (rc) nt_err_set(&err, rc, NULL, "log audit tidak dapat dibaca");
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_me_notifications(nt_req *r)
{
    json_t *in = NULL, *out = NULL;
    if (!strcmp(r->method, "PUT") && !(in = nt_req_json(r))) return;
    nt_err err = {0};
    int rc = nt_user_notifications(r->st, &r->actor, in, &out, &err);
    json_decref(in);
    nt_respond_result(r, rc, &err, 200, out);
}

void nt_h_outbox_list(nt_req *r)
{
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_outbox_list(r->st, &r->actor, &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}
