/*
 * http.h - what a handler sees of a request, and how it answers.
 *
 * Handlers receive an nt_req with the matched route parameters, the
 * authenticated actor, the JSON or raw body (already bounded by the
 * configured limit), and the per-thread store. They answer with one of the
 * nt_respond_* calls; the server adds the security headers.
 */
#ifndef NT_HTTP_H
#define NT_HTTP_H

#include "base/nt.h"
#include "store/store.h"
#include "web/router.h"

#include "web/mailer.h"

#include <jansson.h>

struct MHD_Connection;
struct MHD_Response;

typedef struct nt_web_config {
    const char *bind;
    int port;
    int threads;
    size_t body_limit;     /* JSON bodies */
    size_t import_limit;   /* roster CSV uploads */
    size_t evidence_limit; /* evidence files */
    bool secure_cookies;
    int header_timeout;    /* seconds for a request's headers (guard.c) */
    int per_address_limit; /* connections at once from one client address */
    bool access_log;       /* one JSON line per request on stderr */
    int drain_seconds;     /* on SIGTERM: how long requests in flight may take to finish */
    const char *data_dir;  /* data/: the map outlines */
    nt_store_config store;
    nt_mail_config mail; /* the outbox's SMTP server (mailer.c) */
} nt_web_config;

enum {
    NT_R_FORM = 8,     /* an HTML form: the body is parsed into r->form */
    NT_R_PUBLIC = 1,   /* no login needed */
    NT_R_STREAM = 2,   /* body streamed to an evidence upload */
    NT_R_BIG_BODY = 4, /* body up to import_limit (CSV import) */
    NT_R_FILES = 16,   /* an NT_R_FORM route whose file fields are staged as evidence */
    NT_R_KEEP = 32,    /* a page read again and again: kept per session (answers.c) */
};

#define NT_FORM_MAX_FILES 5

typedef enum { NT_AUTH_NONE, NT_AUTH_SESSION, NT_AUTH_TOKEN } nt_auth_kind;

typedef struct nt_req {
    struct MHD_Connection *conn;
    const nt_web_config *cfg;
    nt_store *st;
    const char *method, *url;
    nt_route_match m;
    nt_actor actor;
    nt_auth_kind auth;
    char csrf[64];
    char ip[64];
    nt_buf body;
    size_t limit;
    bool too_big, bad_stream;
    nt_err stream_err;
    nt_upload *upload;
    struct MHD_Response *resp;
    unsigned status;
    bool done;
    int phase;    /* streamed routes: NT_PHASE_BEGIN before the body, NT_PHASE_END after */
    json_t *form; /* NT_R_FORM routes: field -> string */
    struct MHD_PostProcessor *pp;
    bool form_bad;     /* the form could not be parsed or a field was too large */
    size_t received;   /* form bytes so far */
    size_t body_bytes; /* every body byte so far (the slow-client bound) */
    int64_t began_ms;  /* when the headers were in (monotonic) */
    uint64_t id;       /* this request's number in this process (X-Request-Id) */
    /* NT_R_FILES routes: the file fields, staged; form_err says why a file was refused */
    nt_upload *files[NT_FORM_MAX_FILES];
    size_t nfiles;
    char file_name[256];
    uint64_t file_next;
    nt_err form_err;
    char head[72]; /* the audit head, read once (nt_req_head); head_read: 1 read, -1 unreadable */
    int head_read;
    /* NT_R_KEEP routes: what the page is kept under, and the version it was read at */
    char keep_key[128], keep_version[112];
} nt_req;

enum { NT_PHASE_END = 0, NT_PHASE_BEGIN = 1 };

typedef void (*nt_handler)(nt_req *r);

/* Route parameter i as a NUL-terminated copy in buf (truncated to n). */
const char *nt_req_param(nt_req *r, int i, char *buf, size_t n);
/* A route parameter that must be a positive integer id; 0 if it is not. */
int64_t nt_req_param_id(nt_req *r, int i);
const char *nt_req_query(nt_req *r, const char *key);
/* The audit head as this request first read it (what answers kept in memory are checked
 * against), or NULL when the database does not answer. */
const char *nt_req_head(nt_req *r);
const char *nt_req_header(nt_req *r, const char *key);
/* An integer query argument in [lo, hi]; *out unchanged when it is absent or empty. */
int nt_req_query_int(nt_req *r, const char *key, int64_t lo, int64_t hi, int64_t *out, nt_err *err);
/* Query arguments as a JSON object; integer-valued keys listed in ints become numbers. */
json_t *nt_req_query_json(nt_req *r, const char *const *ints);
/* Parses the body as a JSON object; on failure answers 400 and returns NULL. */
json_t *nt_req_json(nt_req *r);

void nt_respond_json(nt_req *r, unsigned status, json_t *body); /* steals body */
/* A response built by the caller (stolen), with the security headers added. */
void nt_respond_with(nt_req *r, unsigned status, struct MHD_Response *resp);
void nt_respond_error(nt_req *r, const nt_err *err);
/* rc == 0: answers ok_status with out (stolen); otherwise the error. */
void nt_respond_result(nt_req *r, int rc, const nt_err *err, unsigned ok_status, json_t *out);
void nt_respond_msg(nt_req *r, unsigned status, const char *code, const char *field,
                    const char *msg);
/* A stored file: as a download, or (inline) shown in the page, for the types
 * nt_evidence_preview allows: images and text sandboxed, PDF for the browser's viewer, each
 * only inside this site's own pages. */
void nt_respond_fd(nt_req *r, int fd, size_t size, const char *type, bool inline_view,
                   const char *filename, const char *sha256);
/* Bytes made for this answer (data malloc'd, stolen) as a download named filename (ASCII
 * letters, digits, '.', '-', '_' only), with their SHA-256 in X-Content-SHA256. */
void nt_respond_bytes(nt_req *r, char *data, size_t len, const char *type, const char *filename);
void nt_respond_set_cookie(nt_req *r, const char *value, int max_age);
/* Any other cookie, with the same attributes (HttpOnly, SameSite=Strict, Secure when set). */
void nt_respond_cookie(nt_req *r, const char *name, const char *value, const char *path,
                       int max_age);
/* A finished HTML page (s malloc'd, stolen): gzipped for a browser that accepts it, with the
 * pages' own security policy. */
void nt_respond_html(nt_req *r, unsigned status, char *s, size_t len);
/* An HTML page: the template rendered inside the layout (render.h). */
void nt_respond_page(nt_req *r, unsigned status, const char *tmpl, const char *title, json_t *ctx);
void nt_respond_redirect(nt_req *r, const char *location);
/* A form field (NULL if absent). */
const char *nt_form(nt_req *r, const char *key);
/* Copies the non-empty form fields named (NULL-terminated) into the object as strings. */
void nt_form_copy(nt_req *r, json_t *into, const char *const *names);
unsigned nt_http_status(int code);

/* Route tables of the API areas. */
extern const nt_route_def nt_api_routes[];
extern const size_t nt_api_routes_len;

int nt_server_run(const nt_web_config *cfg);

/* Authentication of a request (auth.c): fills r->actor, or answers 401/403. */
void nt_auth_request(nt_req *r);
/* Limits per client address over a window (auth.c), counted by the store so they hold across
 * restarts and instances. */
typedef enum { NT_RATE_LOGIN, NT_RATE_REPORT, NT_RATE_TRACK, NT_RATE_KINDS } nt_rate_kind;
typedef struct {
    int max, window;
} nt_rate_rule;
void nt_rate_configure(nt_rate_kind k, int max, int window_seconds);
/* Takes one event for r's address, atomically: 0 if allowed (and counted), else the seconds
 * until one is. A request refused after taking gives it back. */
int nt_rate_take(nt_req *r, nt_rate_kind k);
void nt_rate_give_back(nt_req *r, nt_rate_kind k);
/* "Terlalu banyak ... Coba lagi dalam N menit." */
void nt_rate_message(nt_rate_kind k, int wait, char *buf, size_t n);
/* Takes one event; answers 429 {"error":{"code":"rate_limited"}} and returns true if refused. */
bool nt_rate_refuse(nt_req *r, nt_rate_kind k);
/* Logins: 0 and the attempt counted against r's address and the account, or the seconds of
 * back-off still to run; then the result (a success clears the account's failures). */
int nt_login_attempt(nt_req *r, const char *username);
void nt_login_result(nt_req *r, const char *username, bool ok);

#endif
