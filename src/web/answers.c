/*
 * answers.c - finished JSON answers (the bytes sent) kept until the audit chain's head
 * moves. Every committed write moves the head (every change is audited), and the head is read
 * from the database on each request, so an instance never serves an answer older than the
 * last write of any instance; what a hit saves is the reads, the JSON building and its
 * serialization. The key must name everything the answer depends on (the reader's scope,
 * the resource, the day when deadlines are in it).
 */
#include "web/answers.h"

#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 2048, LOCKS = 64, MAX_BYTES = 512 * 1024 };

static struct {
    char key[128], head[112];
    char *body;
    size_t len;
} slot[SLOTS];
static pthread_mutex_t lock[LOCKS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_locks(void)
{
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&lock[i], NULL);
}

static unsigned slot_of(const char *key)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (unsigned)(h % SLOTS);
}

static void respond_bytes(nt_req *r, char *body, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    nt_respond_with(r, 200, resp);
}

/* A copy of the bytes kept under key at version, or NULL. */
static char *lookup(const char *key, const char *version, size_t *len)
{
    pthread_once(&once, init_locks);
    unsigned i = slot_of(key);
    char *copy = NULL;
    pthread_mutex_lock(&lock[i % LOCKS]);
    if (slot[i].body && !strcmp(slot[i].key, key) && !strcmp(slot[i].head, version)) {
        *len = slot[i].len;
        copy = nt_xmalloc(*len ? *len : 1);
        memcpy(copy, slot[i].body, *len);
    }
    pthread_mutex_unlock(&lock[i % LOCKS]);
    return copy;
}

static void keep(const char *key, const char *version, const char *s, size_t len)
{
    if (!version[0] || len > MAX_BYTES || strlen(key) >= sizeof slot[0].key ||
        strlen(version) >= sizeof slot[0].head)
        return;
    pthread_once(&once, init_locks);
    unsigned i = slot_of(key);
    char *copy = nt_xmalloc(len ? len : 1);
    memcpy(copy, s, len);
    pthread_mutex_lock(&lock[i % LOCKS]);
    free(slot[i].body);
    nt_strlcpy(slot[i].key, key, sizeof slot[i].key);
    nt_strlcpy(slot[i].head, version, sizeof slot[i].head);
    slot[i].body = copy;
    slot[i].len = len;
    pthread_mutex_unlock(&lock[i % LOCKS]);
}

bool nt_answer_cached(nt_req *r, const char *key, char head[72])
{
    const char *now = nt_req_head(r);
    if (strlen(key) >= sizeof slot[0].key || !now) {
        head[0] = '\0';
        return false;
    }
    nt_strlcpy(head, now, 72);
    size_t len = 0;
    char *copy = lookup(key, head, &len);
    if (!copy) return false;
    respond_bytes(r, copy, len);
    return true;
}

void nt_answer_json(nt_req *r, const char *key, const char *head, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(body);
    if (!s) s = nt_xstrdup("{}");
    size_t len = strlen(s);
    keep(key, head, s, len);
    respond_bytes(r, s, len);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    (void)kind;
    v = v ? v : "";
    nt_buf_printf(cls, "&%zu:%s=%zu:%s", strlen(k), k, strlen(v), v);
    return MHD_YES;
}

/* A key from what names an answer (each part with its length, so no two differ only in where
 * one part ends) and the request's address (path and query), as "prefix|digest". */
static void address_key(nt_req *r, const char *prefix, const char *const *parts, size_t n,
                        char *key, size_t size)
{
    nt_buf b = {0};
    for (size_t i = 0; i < n; i++)
        nt_buf_printf(&b, "%zu:%s|", strlen(parts[i]), parts[i]);
    nt_buf_printf(&b, "%zu:%s", strlen(r->url), r->url);
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &b);
    unsigned char h[32];
    char hex[65];
    crypto_generichash(h, sizeof h, (const unsigned char *)b.p, b.len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    nt_buf_free(&b);
    snprintf(key, size, "%s|%s", prefix, hex);
}

void nt_answer_key(nt_req *r, char key[128])
{
    char roles[16], agency[24], day[16];
    snprintf(roles, sizeof roles, "%u", r->actor.roles);
    snprintf(agency, sizeof agency, "%lld", (long long)r->actor.agency_id);
    snprintf(day, sizeof day, "%d", (int)nt_today());
    const char *parts[] = {r->method, roles, r->actor.region, agency, day};
    address_key(r, "api", parts, NT_ARRAY_LEN(parts), key, 128);
}

bool nt_page_kept(nt_req *r)
{
    const char *head = nt_req_head(r);
    if (r->auth != NT_AUTH_SESSION || !head) return false;
    /* the session's own (its CSRF token is in the page), the address, the day (deadlines in
     * words); valid while the audit head and the risk index stand */
    char day[16], risk[32] = "";
    snprintf(day, sizeof day, "%d", (int)nt_today());
    const char *parts[] = {r->method, r->csrf, day};
    address_key(r, "page", parts, NT_ARRAY_LEN(parts), r->keep_key, sizeof r->keep_key);
    nt_store_meta(r->st, "risk_at", risk, sizeof risk);
    snprintf(r->keep_version, sizeof r->keep_version, "%.64s|%s", head, risk);
    size_t len = 0;
    char *copy = lookup(r->keep_key, r->keep_version, &len);
    if (!copy) return false;
    nt_respond_html(r, 200, copy, len);
    return true;
}

void nt_page_keep(nt_req *r, const char *s, size_t len)
{
    keep(r->keep_key, r->keep_version, s, len);
}
