/* http.c - request accessors and responses (see http.h). */
#include "web/http.h"
#include "web/answers.h"

#include "base/utf8.h"
#include "web/render.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <zlib.h>

unsigned nt_http_status(int code)
{
    switch (code) {
    case NT_OK:
        return 200;
    case NT_EINVAL:
        return 422;
    case NT_ENOTFOUND:
        return 404;
    case NT_EFORBIDDEN:
        return 403;
    case NT_ECONFLICT:
        return 409;
    case NT_EAUTH:
        return 401;
    case NT_ETOOBIG:
        return 413;
    case NT_ELIMIT:
        return 429;
    default:
        return 500;
    }
}

const char *nt_req_param(nt_req *r, int i, char *buf, size_t n)
{
    if (i < 0 || i >= r->m.nparams || n == 0) return "";
    size_t len = r->m.params[i].len < n - 1 ? r->m.params[i].len : n - 1;
    memcpy(buf, r->m.params[i].p, len);
    buf[len] = '\0';
    return buf;
}

int64_t nt_req_param_id(nt_req *r, int i)
{
    char buf[24];
    const char *s = nt_req_param(r, i, buf, sizeof buf);
    if (!*s || strlen(s) > 18) return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

const char *nt_req_query(nt_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *nt_req_header(nt_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, key);
}

struct qctx {
    json_t *o;
    const char *const *ints;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    struct qctx *q = cls;
    if (!key || !value) return MHD_YES;
    for (const char *const *k = q->ints; k && *k; k++) {
        if (strcmp(*k, key) != 0) continue;
        char *end;
        long long v = strtoll(value, &end, 10);
        if (*value && !*end) {
            json_object_set_new(q->o, key, json_integer(v));
            return MHD_YES;
        }
    }
    /* jansson would refuse invalid UTF-8; keep it as a sentinel the store rejects. */
    json_t *s = nt_utf8_valid(value, strlen(value)) ? json_string(value) : json_integer(-1);
    json_object_set_new(q->o, key, s ? s : json_null());
    return MHD_YES;
}

int nt_req_query_int(nt_req *r, const char *key, int64_t lo, int64_t hi, int64_t *out, nt_err *err)
{
    const char *v = nt_req_query(r, key);
    if (!v || !*v) return 0;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (*end || errno || n < lo || n > hi)
        return nt_err_set(err, NT_EINVAL, key, "%s harus bilangan bulat %lld..%lld", key,
                          (long long)lo, (long long)hi);
    *out = n;
    return 0;
}

json_t *nt_req_query_json(nt_req *r, const char *const *ints)
{
    struct qctx q = {json_object(), ints};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &q);
    return q.o;
}

json_t *nt_req_json(nt_req *r)
{
    if (r->body.len == 0) {
        nt_respond_msg(r, 400, "invalid", "body", "badan permintaan kosong; kirim objek JSON");
        return NULL;
    }
    if (!nt_utf8_valid(r->body.p, r->body.len)) {
        nt_respond_msg(r, 400, "invalid", "body", "badan permintaan bukan UTF-8 yang sah");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        char msg[300];
        snprintf(msg, sizeof msg, "JSON tidak sah pada baris %d kolom %d: %s", je.line, je.column,
                 je.text);
        nt_respond_msg(r, 400, "invalid", "body", msg);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        nt_respond_msg(r, 400, "invalid", "body", "badan permintaan harus objek JSON");
        return NULL;
    }
    return j;
}

static void security_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static void set_response(nt_req *r, unsigned status, struct MHD_Response *resp)
{
    if (r->resp) MHD_destroy_response(r->resp);
    security_headers(resp);
    r->resp = resp;
    r->status = status;
    r->done = true;
}

const char *nt_req_head(nt_req *r)
{
    if (!r->head_read) r->head_read = nt_store_head(r->st, r->head) ? 1 : -1;
    return r->head_read > 0 ? r->head : NULL;
}

void nt_respond_with(nt_req *r, unsigned status, struct MHD_Response *resp)
{
    set_response(r, status, resp);
}

void nt_respond_json(nt_req *r, unsigned status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(body);
    if (!s) s = nt_xstrdup("{}");
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    set_response(r, status, resp);
}

static void respond_msg_json(nt_req *r, unsigned status, const char *code, const char *field,
                             const char *msg)
{
    json_t *e = json_pack("{s{ss ss ss}}", "error", "code", code, "field", field ? field : "",
                          "message", msg);
    nt_respond_json(r, status, e ? e : json_object());
}

/* Browsers get the message as a page; API clients get {"error": {...}}. */
void nt_respond_msg(nt_req *r, unsigned status, const char *code, const char *field,
                    const char *msg)
{
    bool api = strncmp(r->url, "/api/", 5) == 0 || strcmp(r->url, "/healthz") == 0 ||
               strcmp(r->url, "/readyz") == 0 || strncmp(r->url, "/static/", 8) == 0 ||
               (strlen(r->url) > 5 && !strcmp(r->url + strlen(r->url) - 5, ".json"));
    if (api) {
        respond_msg_json(r, status, code, field, msg);
        return;
    }
    nt_respond_page(r, status, "galat.html", "Permintaan tidak dapat dipenuhi",
                    json_pack("{ss si ss}", "message", msg, "status", (int)status, "code", code));
}

void nt_respond_error(nt_req *r, const nt_err *err)
{
    int code = err->code ? err->code : NT_EDB;
    const char *msg = err->msg[0] ? err->msg : "terjadi kesalahan pada server";
    nt_respond_msg(r, nt_http_status(code), nt_err_code_name(code), err->field, msg);
}

void nt_respond_result(nt_req *r, int rc, const nt_err *err, unsigned ok_status, json_t *out)
{
    if (rc) {
        json_decref(out);
        nt_respond_error(r, err);
        return;
    }
    nt_respond_json(r, ok_status, out ? out : json_object());
}

void nt_respond_bytes(nt_req *r, char *data, size_t len, const char *type, const char *filename)
{
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    char cd[200];
    snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Content-Disposition", cd);
    MHD_add_response_header(resp, "X-Content-SHA256", hex);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    set_response(r, 200, resp);
}

void nt_respond_fd(nt_req *r, int fd, size_t size, const char *type, bool inline_view,
                   const char *filename, const char *sha256)
{
    const char *view = inline_view ? nt_evidence_preview(type) : NULL;
    struct MHD_Response *resp = MHD_create_response_from_fd(size, fd);
    if (!resp) {
        close(fd);
        nt_respond_msg(r, 500, "io", "", "berkas tidak dapat dikirim");
        return;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    /* RFC 6266 with RFC 5987 encoding: safe for any UTF-8 name. */
    nt_buf cd = {0};
    nt_buf_printf(&cd, "%s; filename=\"bukti\"; filename*=UTF-8''", view ? "inline" : "attachment");
    for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(".-_", *p))
            nt_buf_addc(&cd, (char)*p);
        else
            nt_buf_printf(&cd, "%%%02X", *p);
    }
    MHD_add_response_header(resp, "Content-Disposition", cd.p);
    nt_buf_free(&cd);
    if (sha256 && *sha256) MHD_add_response_header(resp, "X-Content-SHA256", sha256);
    set_response(r, 200, resp);
    if (view) { /* framed by this site's case page only; nothing in it may run */
        MHD_del_response_header(resp, "X-Frame-Options", "DENY");
        MHD_add_response_header(resp, "X-Frame-Options", "SAMEORIGIN");
        MHD_del_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "Content-Security-Policy",
                                strcmp(view, "pdf") ? "default-src 'none'; img-src 'self'; "
                                                      "style-src 'unsafe-inline'; sandbox; "
                                                      "frame-ancestors 'self'"
                                                    : "default-src 'none'; frame-ancestors 'self'");
    }
}

void nt_respond_cookie(nt_req *r, const char *name, const char *value, const char *path,
                       int max_age)
{
    if (!r->resp) return;
    char c[320];
    snprintf(c, sizeof c, "%s=%s; Path=%s; HttpOnly; SameSite=Strict; Max-Age=%d%s", name, value,
             path, max_age, r->cfg->secure_cookies ? "; Secure" : "");
    MHD_add_response_header(r->resp, "Set-Cookie", c);
}

void nt_respond_set_cookie(nt_req *r, const char *value, int max_age)
{
    nt_respond_cookie(r, "netral_session", value, "/", max_age);
}

const char *nt_form(nt_req *r, const char *key)
{
    return json_string_value(json_object_get(r->form, key));
}

void nt_form_copy(nt_req *r, json_t *into, const char *const *names)
{
    for (; *names; names++) {
        const char *v = nt_form(r, *names);
        if (v && *v) json_object_set_new(into, *names, json_string(v));
    }
}

void nt_respond_redirect(nt_req *r, const char *location)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Location", location);
    set_response(r, 303, resp);
}

/* Replaces *p (malloc'd, *len bytes) by its gzip form; false leaves it as it was. */
static bool gzip_buf(char **p, size_t *len)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    uLong cap = deflateBound(&z, (uLong)*len);
    unsigned char *out = malloc(cap);
    if (!out) {
        deflateEnd(&z);
        return false;
    }
    z.next_in = (unsigned char *)*p;
    z.avail_in = (uInt)*len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return false;
    }
    free(*p);
    *p = (char *)out;
    *len = n;
    return true;
}

void nt_respond_page(nt_req *r, unsigned status, const char *tmpl, const char *title, json_t *ctx)
{
    char err[300];
    nt_buf body = {0}, page = {0};
    if (!ctx) ctx = json_object();
    if (r->auth == NT_AUTH_SESSION) {
        /* the menu offers only what the role may open */
        json_object_set_new(ctx, "user",
                            json_pack("{ss ss ss sb sb sb sb}", "username", r->actor.username,
                                      "role", nt_role_name((nt_role)r->actor.roles), "role_label",
                                      nt_role_label((nt_role)r->actor.roles), "is_admin",
                                      (r->actor.roles & NT_ROLE_ADMIN) != 0, "can_patrol",
                                      (r->actor.roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)) != 0,
                                      "can_prevent", (r->actor.roles & NT_ROLE_PPK) != 0,
                                      "can_exchange", (r->actor.roles & NT_ROLE_PPK) == 0));
        json_object_set_new(ctx, "csrf", json_string(r->csrf));
        /* who is signed in: the person and their office */
        json_t *memo = json_object();
        json_object_set_new(json_object_get(ctx, "user"), "who",
                            json_string(nt_user_byline(r->st, r->actor.username, memo)));
        json_decref(memo);
    }
    json_object_set_new(ctx, "title", json_string(title));
    nt_date pinned = nt_clock_pinned_day();
    if (pinned != NT_DATE_NONE) { /* --today / NETRAL_TODAY: say so on every page */
        char ds[11];
        nt_date_format(pinned, ds);
        json_object_set_new(ctx, "tanggal_disetel", json_string(ds));
    }
    if (nt_render(tmpl, ctx, &body, err, sizeof err) == 0) {
        json_object_set_new(ctx, "body", json_stringn_nocheck(body.p ? body.p : "", body.len));
        if (nt_render("layout.html", ctx, &page, err, sizeof err) != 0) page.len = 0;
    }
    json_decref(ctx);
    nt_buf_free(&body);
    if (!page.len) {
        nt_buf_free(&page);
        respond_msg_json(r, 500, "error", "", err);
        return;
    }
    size_t len;
    char *s = nt_buf_detach(&page, &len);
    if (status == 200 && r->keep_key[0]) nt_page_keep(r, s, len);
    nt_respond_html(r, status, s, len);
}

void nt_respond_html(nt_req *r, unsigned status, char *s, size_t len)
{
    /* slow connections: pages go gzipped to browsers that accept it (most shrink 4-6x) */
    const char *ae = nt_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    bool gz = ae && strstr(ae, "gzip") && len > 1024 && gzip_buf(&s, &len);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    if (gz) MHD_add_response_header(resp, "Content-Encoding", "gzip");
    set_response(r, status, resp);
    /* pages may load their own stylesheet and post their own forms, nothing else */
    MHD_del_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                            "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                            "base-uri 'none'");
}
