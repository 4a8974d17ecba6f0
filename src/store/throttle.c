/*
 * throttle.c - counters that slow down guessing and flooding, kept in the
 * database so a restart does not reset them and (with PostgreSQL) every
 * instance shares them. Keys (an address, an account name) are stored only as
 * a keyed hash: the table says how often, never who.
 *
 * Two shapes: a fixed window (at most `max` events per `window` seconds: public
 * reports, receipt lookups), taken before the work so concurrent requests
 * cannot overrun it; and a back-off for attempts that fail under attack
 * (logins): every attempt counts as a failure until it is known to be good,
 * and past `free` of them each attempt starts a wait that doubles from one
 * second up to a cap, so a burst cannot slip past and a real user is never
 * locked out for longer than the cap.
 */
#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Failures older than this are forgotten. */
#define FORGET_SECONDS (24 * 3600)

static void key_hash(const nt_store *st, const char *kind, const char *key, char out[33])
{
    unsigned char sub[crypto_kdf_KEYBYTES], h[16];
    crypto_kdf_derive_from_key(sub, sizeof sub, 2, "ntthrot0", st->key);
    crypto_generichash_state s;
    crypto_generichash_init(&s, sub, sizeof sub, sizeof h);
    crypto_generichash_update(&s, (const unsigned char *)kind, strlen(kind) + 1);
    crypto_generichash_update(&s, (const unsigned char *)key, strlen(key));
    crypto_generichash_final(&s, h, sizeof h);
    sodium_bin2hex(out, 33, h, sizeof h);
    sodium_memzero(sub, sizeof sub);
}

typedef struct {
    int64_t count, start, blocked;
    bool found;
} row;

static row load(nt_store *st, const char *kind, const char *hk)
{
    row r = {0};
    nt_stmt *s = nt_query(st->db,
                          "SELECT count, window_start, blocked_until FROM throttle WHERE kind=$1 "
                          "AND key=$2",
                          "tt", kind, hk);
    if (s && nt_step(s) == 1) {
        r.found = true;
        r.count = nt_col_int(s, 0);
        r.start = nt_col_int(s, 1);
        r.blocked = nt_col_int(s, 2);
    }
    nt_done(s);
    return r;
}

static int save(nt_store *st, const char *kind, const char *hk, const row *r)
{
    return nt_exec(st->db,
                   "INSERT INTO throttle(kind,key,count,window_start,blocked_until) "
                   "VALUES($1,$2,$3,$4,$5) ON CONFLICT(kind,key) DO UPDATE SET "
                   "count=excluded.count, window_start=excluded.window_start, "
                   "blocked_until=excluded.blocked_until",
                   "ttiii", kind, hk, r->count, r->start, r->blocked);
}

/* Runs fn on the key's row in one write transaction; a database that cannot be written to
 * throttles nothing (the request goes on; availability over a counter). */
static int with_row(nt_store *st, const char *kind, const char *key,
                    int (*fn)(row *r, int64_t now, const int *args, bool *dirty), const int *args)
{
    char hk[33];
    key_hash(st, kind, key ? key : "", hk);
    if (nt_db_begin(st->db)) return 0;
    /* the real clock, not a date pinned for a demonstration (--today): a back-off must end */
    int64_t now = (int64_t)time(NULL);
    row r = load(st, kind, hk);
    bool dirty = false;
    int out = fn(&r, now, args, &dirty);
    if (dirty && save(st, kind, hk, &r)) {
        nt_db_rollback(st->db);
        return 0;
    }
    if (nt_db_commit(st->db)) nt_db_rollback(st->db);
    return out;
}

static int take_fn(row *r, int64_t now, const int *a, bool *dirty)
{
    int max = a[0], window = a[1];
    if (!r->found || now - r->start >= window) {
        r->count = 0;
        r->start = now;
    }
    if (r->count >= max) {
        int64_t wait = r->start + window - now;
        return wait < 1 ? 1 : (int)wait;
    }
    r->count++;
    *dirty = true;
    return 0;
}

int nt_throttle_take(nt_store *st, const char *kind, const char *key, int max, int window)
{
    int args[] = {max, window};
    return with_row(st, kind, key, take_fn, args);
}

static int give_back_fn(row *r, int64_t now, const int *a, bool *dirty)
{
    (void)now, (void)a;
    if (r->found && r->count > 0) {
        r->count--;
        *dirty = true;
    }
    return 0;
}

void nt_throttle_give_back(nt_store *st, const char *kind, const char *key)
{
    with_row(st, kind, key, give_back_fn, NULL);
}

static int attempt_fn(row *r, int64_t now, const int *a, bool *dirty)
{
    int free = a[0], cap = a[1];
    if (r->found && r->blocked > now) return (int)(r->blocked - now);
    if (!r->found || now - r->start >= FORGET_SECONDS) r->count = 0;
    r->count++;
    r->start = now; /* the last attempt: failures are forgotten a day after it */
    if (r->count > free) {
        int64_t shift = r->count - free - 1, wait = shift >= 30 ? cap : (int64_t)1 << shift;
        r->blocked = now + (wait > cap ? cap : wait);
    }
    *dirty = true;
    return 0;
}

int nt_throttle_attempt(nt_store *st, const char *kind, const char *key, int free, int cap)
{
    int args[] = {free, cap};
    return with_row(st, kind, key, attempt_fn, args);
}

static int ok_fn(row *r, int64_t now, const int *a, bool *dirty)
{
    (void)now;
    if (!r->found) return 0;
    if (a[0]) { /* clear: the failures before a success on this key are forgotten */
        r->count = 0;
        r->blocked = 0;
    } else if (r->count > 0) {
        r->count--;
    }
    *dirty = true;
    return 0;
}

void nt_throttle_ok(nt_store *st, const char *kind, const char *key, bool clear)
{
    int args[] = {clear};
    with_row(st, kind, key, ok_fn, args);
}

void nt_throttle_forget_old(nt_store *st)
{
    int64_t now = (int64_t)time(NULL);
    nt_exec(st->db, "DELETE FROM throttle WHERE window_start < $1 AND blocked_until < $2", "ii",
            now - 2 * FORGET_SECONDS, now);
}
