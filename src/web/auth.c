/*
 * auth.c - who is asking: a session cookie (with CSRF token for changes) or
 * an API token in "Authorization: Bearer". Failed logins are throttled per
 * account and per client address; public reports and receipt lookups per address.
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
        if (nt_token_lookup_at(r->st, authz + 7, nt_req_head(r), &r->actor) == 0) {
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
 * Limits, kept by the store (store/throttle.c): public reports and receipt lookups per
 * address in a fixed window, taken before the work; failed logins per address and per
 * account, with a back-off.
 */
static nt_rate_rule rules[NT_RATE_KINDS] = {
    [NT_RATE_REPORT] = {10, 3600}, /* public reports per hour */
    [NT_RATE_TRACK] = {60, 600},   /* receipt lookups per 10 minutes */
};
static const char *const kind_name[NT_RATE_KINDS] = {
    [NT_RATE_LOGIN] = "login",
    [NT_RATE_REPORT] = "lapor",
    [NT_RATE_TRACK] = "lacak",
};
/* Logins: an address may fail 10 times, an account 5, before each further attempt waits
 * 1, 2, 4 ... seconds, at most an hour for an address and 15 minutes for an account (so a
 * guesser cannot keep a real user out for long). A success clears its account's failures and
 * uncounts itself from the address, never more: logging in to one's own account does not buy
 * more guesses at another. */
#define LOGIN_FREE_IP 10
#define LOGIN_CAP_IP 3600
#define LOGIN_FREE_ACCOUNT 5
#define LOGIN_CAP_ACCOUNT 900
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void nt_rate_configure(nt_rate_kind k, int max, int window_seconds)
{
    pthread_mutex_lock(&lock);
    rules[k].max = max;
    rules[k].window = window_seconds;
    pthread_mutex_unlock(&lock);
}

int nt_rate_take(nt_req *r, nt_rate_kind k)
{
    pthread_mutex_lock(&lock);
    nt_rate_rule rule = rules[k];
    pthread_mutex_unlock(&lock);
    return nt_throttle_take(r->st, kind_name[k], r->ip, rule.max, rule.window);
}

void nt_rate_give_back(nt_req *r, nt_rate_kind k)
{
    nt_throttle_give_back(r->st, kind_name[k], r->ip);
}

void nt_rate_message(nt_rate_kind k, int wait, char *buf, size_t n)
{
    if (k == NT_RATE_LOGIN) {
        if (wait < 120)
            snprintf(buf, n,
                     "Terlalu banyak percobaan masuk yang gagal untuk akun ini atau dari alamat "
                     "Anda. Coba lagi dalam %d detik.",
                     wait);
        else
            snprintf(buf, n,
                     "Terlalu banyak percobaan masuk yang gagal untuk akun ini atau dari alamat "
                     "Anda. Coba lagi dalam %d menit.",
                     (wait + 59) / 60);
        return;
    }
    pthread_mutex_lock(&lock);
    nt_rate_rule rule = rules[k];
    pthread_mutex_unlock(&lock);
    snprintf(buf, n,
             "Terlalu banyak %s dari alamat Anda (batas %d per %d menit). Coba lagi dalam %d "
             "menit.",
             k == NT_RATE_REPORT ? "laporan" : "pengecekan status", rule.max, rule.window / 60,
             (wait + 59) / 60);
}

/* The account key: the name as typed, case-folded, so "Admin" and "admin" share one. */
static void account_key(const char *username, char out[80])
{
    size_t i = 0;
    for (const char *p = username ? username : ""; *p && i < 79; p++)
        out[i++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    out[i] = '\0';
}

int nt_login_attempt(nt_req *r, const char *username)
{
    char acct[80];
    account_key(username, acct);
    int wait = nt_throttle_attempt(r->st, "login-ip", r->ip, LOGIN_FREE_IP, LOGIN_CAP_IP);
    if (wait) return wait;
    wait = nt_throttle_attempt(r->st, "login-akun", acct, LOGIN_FREE_ACCOUNT, LOGIN_CAP_ACCOUNT);
    if (wait) nt_throttle_ok(r->st, "login-ip", r->ip, false); /* this one was not tried */
    return wait;
}

void nt_login_result(nt_req *r, const char *username, bool ok)
{
    if (!ok) return; /* the attempt was already counted as a failure */
    char acct[80];
    account_key(username, acct);
    nt_throttle_ok(r->st, "login-akun", acct, true);
    nt_throttle_ok(r->st, "login-ip", r->ip, false);
    nt_throttle_forget_old(r->st);
}

bool nt_rate_refuse(nt_req *r, nt_rate_kind k)
{
    int wait = nt_rate_take(r, k);
    if (!wait) return false;
    char msg[200];
    nt_rate_message(k, wait, msg, sizeof msg);
    nt_respond_msg(r, 429, "rate_limited", "", msg);
    return true;
}
