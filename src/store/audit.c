/*
 * audit.c - the append-only, hash-chained audit log.
 *
 * Entry n stores hash_n = SHA-256(hash_{n-1} | seq | at | actor | action |
 * object | detail), with the fields length-prefixed so no two entries can
 * serialize alike. The head (last seq and hash) is also kept in meta, updated
 * in the same transaction, so deleting entries from the end is detected too.
 * Verification recomputes every hash: an edited entry breaks its own hash, a
 * reordered or deleted one breaks the link to its neighbour.
 */
#include "store/store_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void field(crypto_hash_sha256_state *h, const char *s)
{
    char len[24];
    size_t n = strlen(s);
    snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void entry_hash(const char *prev, int64_t seq, int64_t at, const char *actor,
                       const char *action, const char *object, const char *detail, char hex[65])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char num[48];
    field(&h, prev);
    snprintf(num, sizeof num, "%lld", (long long)seq);
    field(&h, num);
    snprintf(num, sizeof num, "%lld", (long long)at);
    field(&h, num);
    field(&h, actor);
    field(&h, action);
    field(&h, object);
    field(&h, detail);
    unsigned char out[32];
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 65, out, sizeof out);
}

static int append(nt_store *st, const nt_actor *a, const char *action, const char *object,
                  json_t *detail)
{
    char prev[65] = GENESIS;
    int64_t seq = 1;
    nt_stmt *s = nt_query(st->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", "");
    if (!s) return NT_EDB;
    if (nt_step(s) == 1) {
        seq = nt_col_int(s, 0) + 1;
        nt_strlcpy(prev, nt_col_text(s, 1), sizeof prev);
    }
    nt_done(s);
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : nt_xstrdup("{}");
    int64_t at = nt_now();
    char hex[65];
    entry_hash(prev, seq, at, a->username, action, object ? object : "", d, hex);
    int rc = nt_exec(st->db,
                     "INSERT INTO audit(seq,at,actor_id,actor,action,object,detail,prev_hash,hash)"
                     " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "iiIttttt"
                     "t",
                     seq, at, a->user_id, a->username, action, object ? object : "", d, prev, hex);
    free(d);
    if (rc) return rc;
    char seqs[24];
    snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
    rc = nt_exec(st->db,
                 "INSERT INTO meta(key,value) VALUES('audit_head',$1) "
                 "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                 "t", seqs);
    if (!rc)
        rc = nt_exec(st->db,
                     "INSERT INTO meta(key,value) VALUES('audit_head_hash',$1) "
                     "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     "t", hex);
    return rc;
}

int nt_audit_append(nt_store *st, const nt_actor *a, const char *action, const char *object,
                    json_t *detail)
{
    if (nt_db_in_tx(st->db)) return append(st, a, action, object, detail);
    if (nt_db_begin(st->db)) return NT_EDB;
    int rc = append(st, a, action, object, detail);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit(st->db);
}

static json_t *problem(json_t *out, int64_t seq, const char *what)
{
    json_object_set_new(out, "ok", json_false());
    json_object_set_new(out, "first_bad_seq", json_integer(seq));
    json_object_set_new(out, "problem", json_string(what));
    return out;
}

int nt_audit_verify(nt_store *st, json_t **out)
{
    json_t *r = json_object();
    nt_stmt *s = nt_query(st->db,
                          "SELECT seq,at,actor,action,object,detail,prev_hash,hash FROM audit "
                          "ORDER BY seq",
                          "");
    if (!s) {
        json_decref(r);
        return NT_EDB;
    }
    char prev[65] = GENESIS;
    int64_t expect = 1, n = 0;
    bool bad = false;
    while (!bad && nt_step(s) == 1) {
        int64_t seq = nt_col_int(s, 0);
        char hex[65];
        if (seq != expect) {
            problem(r, expect, "entri hilang atau urutan diubah");
            bad = true;
            break;
        }
        if (strcmp(nt_col_text(s, 6), prev) != 0) {
            problem(r, seq,
                    "rantai hash terputus (entri sebelumnya diubah, dihapus atau disisipkan)");
            bad = true;
            break;
        }
        entry_hash(prev, seq, nt_col_int(s, 1), nt_col_text(s, 2), nt_col_text(s, 3),
                   nt_col_text(s, 4), nt_col_text(s, 5), hex);
        if (strcmp(hex, nt_col_text(s, 7)) != 0) {
            problem(r, seq, "isi entri diubah (hash tidak cocok)");
            bad = true;
            break;
        }
        memcpy(prev, hex, sizeof prev);
        expect++;
        n++;
    }
    nt_done(s);
    if (!bad) {
        nt_stmt *h = nt_query(st->db,
                              "SELECT (SELECT value FROM meta WHERE key='audit_head'),"
                              "(SELECT value FROM meta WHERE key='audit_head_hash')",
                              "");
        if (h && nt_step(h) == 1) {
            int64_t head = nt_col_null(h, 0) ? 0 : atoll(nt_col_text(h, 0));
            if (head != n || (n > 0 && strcmp(nt_col_text(h, 1), prev) != 0)) {
                problem(r, n + 1, "entri terakhir dihapus atau kepala rantai tidak cocok");
                bad = true;
            }
        }
        nt_done(h);
    }
    if (!bad) json_object_set_new(r, "ok", json_true());
    json_object_set_new(r, "entries", json_integer(n));
    json_object_set_new(r, "head", json_string(prev));
    *out = r;
    return 0;
}

int nt_audit_list(nt_store *st, const nt_actor *a, int64_t after, int limit, json_t **out,
                  nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya admin yang dapat melihat log audit");
    if (limit <= 0 || limit > 1000) limit = 100;
    nt_stmt *s = nt_query(st->db,
                          "SELECT seq,at,actor,action,object,json(detail) AS detail,hash FROM audit"
                          " WHERE seq > $1 ORDER BY seq LIMIT $2",
                          "ii", after, (int64_t)limit);
    json_t *rows = nt_rows_json(s);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *d = json_loads(json_string_value(json_object_get(row, "detail")), 0, NULL);
        if (d) json_object_set_new(row, "detail", d);
        char ts[32];
        nt_time_format(json_integer_value(json_object_get(row, "at")), ts);
        json_object_set_new(row, "waktu", json_string(ts));
    }
    *out = rows;
    return 0;
}
