/*
 * auth.c - who is asking: a session cookie (with CSRF token for changes) or
 * an API token in "Authorization: Bearer". Failed logins are throttled per
 * client address.
 */
#include "web/http.h"

#include "base/date.h"

#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

void nt_auth_request(nt_req *r)
{
    unsigned flags = r->m.route->flags;
    const char *authz = nt_req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "netral_session");
    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        if (nt_token_lookup(r->st, authz + 7, &r->actor) == 0) {
            r->auth = NT_AUTH_TOKEN;
            return;
        }
        nt_respond_msg(r, 401, "unauthorized", "", "token API tidak sah atau sudah dicabut");
        return;
    }
    if (cookie && nt_session_lookup(r->st, cookie, &r->actor, r->csrf) == 0) {
        r->auth = NT_AUTH_SESSION;
        bool safe = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
        if (!safe && !(flags & NT_R_PUBLIC)) {
            const char *t = nt_req_header(r, "X-CSRF-Token");
            if (!t || strlen(t) != strlen(r->csrf) ||
                sodium_memcmp(t, r->csrf, strlen(r->csrf)) != 0) {
                nt_respond_msg(r, 403, "csrf", "X-CSRF-Token",
                               "token CSRF tidak ada atau tidak cocok; muat ulang halaman");
                return;
            }
        }
        return;
    }
    memset(&r->actor, 0, sizeof r->actor);
    nt_strlcpy(r->actor.username, "publik", sizeof r->actor.username);
    if (!(flags & NT_R_PUBLIC))
        nt_respond_msg(r, 401, "unauthorized", "", "silakan masuk terlebih dahulu");
}

#define SLOTS 256
#define WINDOW 900
#define MAX_FAILS 10

static struct {
    char ip[64];
    int fails;
    int64_t since;
} slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned slot_of(const char *ip)
{
    unsigned h = 2166136261u;
    for (; *ip; ip++)
        h = (h ^ (unsigned char)*ip) * 16777619u;
    return h % SLOTS;
}

bool nt_auth_throttled(const char *ip)
{
    pthread_mutex_lock(&lock);
    unsigned k = slot_of(ip);
    bool t = strcmp(slots[k].ip, ip) == 0 && slots[k].fails >= MAX_FAILS &&
             nt_now() - slots[k].since < WINDOW;
    pthread_mutex_unlock(&lock);
    return t;
}

void nt_auth_record(const char *ip, bool ok)
{
    pthread_mutex_lock(&lock);
    unsigned k = slot_of(ip);
    int64_t now = nt_now();
    if (strcmp(slots[k].ip, ip) != 0 || now - slots[k].since >= WINDOW) {
        nt_strlcpy(slots[k].ip, ip, sizeof slots[k].ip);
        slots[k].fails = 0;
        slots[k].since = now;
    }
    if (ok)
        slots[k].fails = 0;
    else
        slots[k].fails++;
    pthread_mutex_unlock(&lock);
}
