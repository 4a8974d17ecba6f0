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
#include <stdio.h>
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

/*
 * Per-address counters over a fixed window: failed logins, public reports,
 * receipt lookups. A small hashed table: two addresses that share a slot
 * reset each other's count, which errs on the side of letting people in.
 */
#define SLOTS 512

typedef struct {
    char ip[64];
    int count;
    int64_t since;
} rate_slot;

static rate_slot slots[NT_RATE_KINDS][SLOTS];
static nt_rate_rule rules[NT_RATE_KINDS] = {
    [NT_RATE_LOGIN] = {10, 900},   /* failed logins per 15 minutes */
    [NT_RATE_REPORT] = {10, 3600}, /* public reports per hour */
    [NT_RATE_TRACK] = {60, 600},   /* receipt lookups per 10 minutes */
};
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static rate_slot *slot_of(nt_rate_kind k, const char *ip, int64_t now)
{
    unsigned h = 2166136261u;
    for (const char *p = ip; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    rate_slot *s = &slots[k][h % SLOTS];
    if (strcmp(s->ip, ip) != 0 || now - s->since >= rules[k].window) {
        nt_strlcpy(s->ip, ip, sizeof s->ip);
        s->count = 0;
        s->since = now;
    }
    return s;
}

void nt_rate_configure(nt_rate_kind k, int max, int window_seconds)
{
    pthread_mutex_lock(&lock);
    rules[k].max = max;
    rules[k].window = window_seconds;
    memset(slots[k], 0, sizeof slots[k]);
    pthread_mutex_unlock(&lock);
}

/* Seconds until k allows ip again (0: allowed); counts the event when take is set. */
static int rate_check(nt_rate_kind k, const char *ip, bool take)
{
    pthread_mutex_lock(&lock);
    int64_t now = nt_now();
    rate_slot *s = slot_of(k, ip, now);
    int wait = 0;
    if (s->count >= rules[k].max) {
        wait = (int)(rules[k].window - (now - s->since));
        if (wait < 1) wait = 1;
    } else if (take) {
        s->count++;
    }
    pthread_mutex_unlock(&lock);
    return wait;
}

int nt_rate_take(nt_rate_kind k, const char *ip)
{
    return rate_check(k, ip, true);
}

int nt_rate_wait(nt_rate_kind k, const char *ip)
{
    return rate_check(k, ip, false);
}

void nt_rate_message(nt_rate_kind k, int wait, char *buf, size_t n)
{
    static const char *what[NT_RATE_KINDS] = {
        [NT_RATE_LOGIN] = "percobaan masuk yang gagal",
        [NT_RATE_REPORT] = "laporan",
        [NT_RATE_TRACK] = "pengecekan status",
    };
    int minutes = (wait + 59) / 60;
    snprintf(
        buf, n,
        "Terlalu banyak %s dari alamat Anda (batas %d per %d menit). Coba lagi dalam %d menit.",
        what[k], rules[k].max, rules[k].window / 60, minutes);
}

void nt_auth_record(const char *ip, bool ok)
{
    pthread_mutex_lock(&lock);
    rate_slot *s = slot_of(NT_RATE_LOGIN, ip, nt_now());
    if (ok)
        s->count = 0;
    else
        s->count++;
    pthread_mutex_unlock(&lock);
}

bool nt_rate_refuse(nt_req *r, nt_rate_kind k, bool take)
{
    int wait = rate_check(k, r->ip, take);
    if (!wait) return false;
    char msg[200];
    nt_rate_message(k, wait, msg, sizeof msg);
    nt_respond_msg(r, 429, "rate_limited", "", msg);
    return true;
}
