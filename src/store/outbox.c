/*
 * outbox.c - the messages Netral sends, written in the same transaction as the change that
 * causes them and delivered later by the server's sender (web/mailer.c): a crash or a mail
 * server that is down loses nothing. A message is claimed for a while (its lease) before it
 * is sent, marked sent after the server accepted it, or given back with its error to be tried
 * again later (the waits of notifications.json), until it is marked failed for the
 * administrator. Recipients are sealed with the store's key: the table holds no address in
 * clear, and no template carries a reporter's identity or a reported ASN's name.
 */
#include "store/case_int.h"

#include "rules/notify.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define EMAIL_MAX 254

bool nt_email_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    const char *at = s ? strchr(s, '@') : NULL;
    if (!n || n > EMAIL_MAX || !at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        at[1] == '.' || s[n - 1] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127 || strchr("<>()[]\\,;:\"", *p))
            return false;
    return true;
}

/* Text sealed with the store's key, as base64 (malloc'd), or NULL. */
static char *seal_text(nt_store *st, const char *text)
{
    unsigned char *sealed = NULL;
    size_t n = 0;
    if (nt_seal(st, text, strlen(text), &sealed, &n)) return NULL;
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = nt_xmalloc(cap);
    sodium_bin2base64(out, cap, sealed, n, sodium_base64_VARIANT_ORIGINAL);
    free(sealed);
    return out;
}

/* The text seal_text sealed (malloc'd), or NULL when it is not one. */
static char *unseal_text(nt_store *st, const char *b64)
{
    size_t len = strlen(b64), n = 0;
    unsigned char *bin = nt_xmalloc(len + 1);
    char *plain = NULL;
    if (!sodium_base642bin(bin, len + 1, b64, len, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL))
        nt_unseal(st, bin, n, &plain);
    free(bin);
    return plain;
}

/* One message; message_id NULL makes a random one, a given one is unique: a second message
 * with it is not queued. */
static int outbox_put_id(nt_store *st, const char *kind, const char *to, json_t *vars,
                         int64_t case_id, const char *message_id)
{
    const nt_notify_kind *k = nt_notify_kind_of(kind);
    json_t *tmpl = json_object_get(st->rules->notify, kind);
    char phone[20];
    bool email = nt_email_valid(to), gateway = !email && nt_phone_normalize(to, phone);
    if (!k || !tmpl || (!email && !gateway)) return 0; /* nothing to send, nothing broken */
    if (gateway) to = phone;
    /* the link: the status page for a reporter, the case for staff */
    if (!json_object_get(vars, "tautan")) {
        /* without a configured address, the page in words */
        char *link = !st->public_url[0] ? nt_xstrdup(k->to == NT_NOTIFY_REPORTER
                                                         ? "halaman Cek status laporan di Netral"
                                                         : "Netral, menu Kasus")
                     : k->to == NT_NOTIFY_REPORTER
                         ? nt_xasprintf("%s/status", st->public_url)
                         : nt_xasprintf("%s/kasus/%lld", st->public_url, (long long)case_id);
        json_object_set_new(vars, "tautan", json_string(link));
        free(link);
    }
    char *subject = nt_notify_render(json_string_value(json_object_get(tmpl, "subject")), vars);
    char *body = nt_notify_render(json_string_value(json_object_get(tmpl, "body")), vars);
    unsigned char *sealed = NULL;
    size_t slen = 0;
    char mid[96], rnd[33];
    nt_random_token(rnd, 16);
    snprintf(mid, sizeof mid, "<%s@netral>", rnd);
    if (message_id) nt_strlcpy(mid, message_id, sizeof mid);
    int rc = nt_seal(st, to, strlen(to), &sealed, &slen);
    /* the body is sealed too, as base64 text: a receipt's body carries the receipt code,
     * which the database otherwise holds only as a hash */
    char *body_b64 = NULL;
    if (!rc) body_b64 = seal_text(st, body);
    if (!body_b64) rc = NT_EDB;
    /* a subject is one line: a newline in a value must not start a header */
    for (char *p = subject; *p; p++)
        if (*p == '\r' || *p == '\n') *p = ' ';
    if (!rc)
        rc = nt_exec(
            st->db,
            "INSERT INTO outbox(channel,kind,recipient_enc,subject,body,case_id,created_at,"
            "next_at,message_id) VALUES($8,$1,$2,$3,$4,$5,$6,$6,$7) ON CONFLICT(message_id) "
            "DO NOTHING",
            "tbttIitt", kind, (const void *)sealed, slen, subject, body_b64, case_id, nt_now(), mid,
            email ? "email" : "gateway");
    free(sealed);
    free(subject);
    sodium_memzero(body, strlen(body));
    free(body);
    free(body_b64);
    return rc ? NT_EDB : 0;
}

int nt_outbox_put(nt_store *st, const char *kind, const char *to, json_t *vars, int64_t case_id)
{
    return outbox_put_id(st, kind, to, vars, case_id, NULL);
}

bool nt_phone_normalize(const char *in, char out[20])
{
    char d[32];
    size_t n = 0;
    for (const char *p = in ? in : ""; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n + 1 >= sizeof d) return false;
            d[n++] = *p;
        } else if (!strchr(" -().+", *p)) {
            return false; /* letters or anything else: not a number to write to */
        }
    }
    d[n] = '\0';
    const char *rest = !strncmp(d, "62", 2) ? d + 2 : d[0] == '0' ? d + 1 : NULL;
    if (!rest || rest[0] != '8' || strlen(rest) < 8 || strlen(rest) > 13) return false;
    snprintf(out, 20, "62%s", rest);
    return true;
}

static int notify_staff(nt_store *st, const char *kind, const char *office, json_t *vars,
                        int64_t case_id)
{
    /* the Bawaslu users whose region covers the office, with an address, who kept it on */
    nt_stmt *s = nt_query(st->db,
                          "SELECT email, notify_off FROM users WHERE active=1 AND role='bawaslu'"
                          " AND email<>'' AND (region IS NULL OR region='' OR region=$1 OR $1 >"
                          " region || '.' AND $1 < region || '/')",
                          "t", office);
    json_t *to = json_array();
    while (s && nt_step(s) == 1) {
        if (!nt_notify_listed(nt_col_text(s, 1), kind))
            json_array_append_new(to, json_string(nt_col_text(s, 0)));
    }
    nt_done(s);
    int rc = 0;
    size_t i;
    json_t *x;
    json_array_foreach(to, i, x)
    {
        if (!rc) rc = nt_outbox_put(st, kind, json_string_value(x), vars, case_id);
    }
    json_decref(to);
    return rc;
}

int nt_outbox_notify_case_staff(nt_store *st, const char *kind, int64_t case_id)
{
    nt_stmt *q = nt_query(st->db,
                          "SELECT c.office, coalesce(r.name, c.office) FROM cases c LEFT JOIN"
                          " regions r ON r.code=c.office WHERE c.id=$1",
                          "i", case_id);
    if (!q || nt_step(q) != 1) {
        nt_done(q);
        return 0;
    }
    char num[32], today_l[24], office[16];
    snprintf(num, sizeof num, "#%lld", (long long)case_id);
    nt_date_format_id(nt_today(), today_l);
    nt_strlcpy(office, nt_col_text(q, 0), sizeof office);
    json_t *v =
        json_pack("{ss ss ss}", "kasus", num, "tanggal", today_l, "kantor", nt_col_text(q, 1));
    nt_done(q);
    int rc = notify_staff(st, kind, office, v, case_id);
    json_decref(v);
    return rc;
}

int nt_outbox_notify_reporter(nt_store *st, int64_t case_id, const char *kind, json_t *vars)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT notify_enc, notify_phone_enc, coalesce(r.name, c.office) FROM"
                          " cases c LEFT JOIN regions r ON r.code=c.office WHERE c.id=$1",
                          "i", case_id);
    int rc = 0;
    if (s && nt_step(s) == 1) {
        if (!json_object_get(vars, "kantor"))
            json_object_set_new(vars, "kantor", json_string(nt_col_text(s, 2)));
        /* the address the reporter gave, and their phone through the gateway */
        for (int col = 0; col < 2 && !rc; col++) {
            if (nt_col_null(s, col)) continue;
            size_t len;
            const unsigned char *blob = nt_col_blob(s, col, &len);
            char *to = NULL;
            if (!nt_unseal(st, blob, len, &to)) rc = nt_outbox_put(st, kind, to, vars, case_id);
            if (to) sodium_memzero(to, strlen(to));
            free(to);
        }
    }
    nt_done(s);
    return rc;
}

int nt_outbox_claim(nt_store *st, const char *channels, int lease_s, int max, json_t **out)
{
    int64_t now = nt_now();
    *out = json_array();
    if (nt_db_begin(st->db)) return NT_EDB;
    /* a message whose sender stopped while it held it (a crash, a kill) may have reached the
     * server already: it is not sent again by itself, it waits for the administrator, who can
     * check and send it again (nothing is lost, nothing goes twice unasked) */
    if (nt_exec(
            st->db,
            "UPDATE outbox SET state='gagal', lease_until=0, attempts=attempts+1, last_error="
            "'pengirim berhenti saat mengirim pesan ini: mungkin sudah terkirim; periksa sebelum "
            "mengirim ulang' WHERE state='antre' AND lease_until > 0 AND lease_until <= $1",
            "i", now)) {
        nt_db_rollback(st->db);
        return NT_EDB;
    }
    /* the lease is checked again by the update: two senders never hold one message */
    nt_stmt *s = nt_query(st->db,
                          "UPDATE outbox SET lease_until=$1 WHERE state='antre' AND next_at<=$2 AND"
                          " lease_until<=$2 AND id IN (SELECT id FROM outbox WHERE state='antre'"
                          " AND next_at<=$2 AND lease_until<=$2 AND (',' || $4 || ',') LIKE ('%,'"
                          " || channel || ',%') ORDER BY id LIMIT $3) RETURNING id, recipient_enc,"
                          " subject, body, message_id, attempts, channel",
                          "iiit", now + lease_s, now, (int64_t)max, channels);
    while (s && nt_step(s) == 1) {
        size_t len;
        const unsigned char *blob = nt_col_blob(s, 1, &len);
        char *to = NULL;
        char *body = NULL;
        if (nt_unseal(st, blob, len, &to)) continue;
        if (!(body = unseal_text(st, nt_col_text(s, 3)))) {
            free(to);
            continue;
        }
        json_array_append_new(
            *out,
            json_pack("{sI ss ss ss ss sI ss}", "id", (json_int_t)nt_col_int(s, 0), "to", to,
                      "subject", nt_col_text(s, 2), "body", body, "message_id", nt_col_text(s, 4),
                      "attempts", (json_int_t)nt_col_int(s, 5), "channel", nt_col_text(s, 6)));
        sodium_memzero(to, strlen(to));
        free(to);
        sodium_memzero(body, strlen(body));
        free(body);
    }
    nt_done(s);
    if (nt_db_commit(st->db)) {
        json_decref(*out);
        *out = NULL;
        return NT_EDB;
    }
    return 0;
}

int nt_outbox_result(nt_store *st, int64_t id, int attempts, const char *error)
{
    const nt_rules *ru = st->rules;
    int64_t now = nt_now();
    if (!error)
        return nt_exec(st->db,
                       "UPDATE outbox SET state='terkirim', sent_at=$2, attempts=attempts+1,"
                       " lease_until=0, last_error='' WHERE id=$1",
                       "ii", id, now)
                   ? NT_EDB
                   : 0;
    int tries = attempts + 1;
    int wait =
        ru->notify_backoff_s[tries - 1 < ru->notify_nbackoff ? tries - 1 : ru->notify_nbackoff - 1];
    bool failed = tries >= ru->notify_attempts;
    return nt_exec(st->db,
                   "UPDATE outbox SET state=$2, attempts=$3, next_at=$4, lease_until=0,"
                   " last_error=$5 WHERE id=$1",
                   "itiit", id, failed ? "gagal" : "antre", (int64_t)tries, now + wait, error)
               ? NT_EDB
               : 0;
}

/* "a***@example.org": enough for an administrator to tell messages apart, no more. */
static void mask_address(const char *to, char *out, size_t n)
{
    const char *at = strchr(to, '@');
    if (!at) { /* a phone: its last three digits */
        size_t len = strlen(to);
        snprintf(out, n, "+%.2s***%s", to, len > 3 ? to + len - 3 : "");
        return;
    }
    snprintf(out, n, "%c***%s", to[0], at);
}

int nt_outbox_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    *out = NULL;
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "hanya administrator yang melihat kotak keluar");
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, kind, recipient_enc, subject, state, attempts, next_at,"
                          " created_at, coalesce(sent_at,0), last_error, coalesce(case_id,0) FROM"
                          " outbox ORDER BY id DESC LIMIT 200",
                          "");
    json_t *rows = json_array();
    while (s && nt_step(s) == 1) {
        size_t len;
        const unsigned char *blob = nt_col_blob(s, 2, &len);
        char *to = NULL, masked[EMAIL_MAX + 8] = "***";
        if (!nt_unseal(st, blob, len, &to)) mask_address(to, masked, sizeof masked);
        free(to);
        const nt_notify_kind *k = nt_notify_kind_of(nt_col_text(s, 1));
        const char *state = nt_col_text(s, 4);
        char made[40], next[40] = "", sent[40] = "";
        nt_time_format_id(nt_col_int(s, 7), made);
        if (!strcmp(state, "antre")) nt_time_format_id(nt_col_int(s, 6), next);
        if (nt_col_int(s, 8)) nt_time_format_id(nt_col_int(s, 8), sent);
        json_array_append_new(
            rows,
            json_pack("{sI ss ss ss ss ss sI ss ss ss ss sI}", "id", (json_int_t)nt_col_int(s, 0),
                      "jenis", nt_col_text(s, 1), "jenis_label", k ? k->label : nt_col_text(s, 1),
                      "kepada", masked, "subjek", nt_col_text(s, 3), "status", state, "percobaan",
                      (json_int_t)nt_col_int(s, 5), "dibuat", made, "berikutnya", next, "terkirim",
                      sent, "galat", nt_col_text(s, 9), "kasus", (json_int_t)nt_col_int(s, 10)));
    }
    nt_done(s);
    json_t *counts = json_object();
    s = nt_query(st->db, "SELECT state, count(*) FROM outbox GROUP BY state", "");
    while (s && nt_step(s) == 1)
        json_object_set_new(counts, nt_col_text(s, 0), json_integer(nt_col_int(s, 1)));
    nt_done(s);
    *out = json_pack("{so so}", "pesan", rows, "jumlah", counts);
    return 0;
}

int nt_outbox_retry_failed(nt_store *st, const nt_actor *a, int *n, nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya administrator yang mengirim ulang");
    nt_stmt *s = nt_query(st->db, "SELECT count(*) FROM outbox WHERE state='gagal'", "");
    *n = s && nt_step(s) == 1 ? (int)nt_col_int(s, 0) : 0;
    nt_done(s);
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_exec(st->db,
                     "UPDATE outbox SET state='antre', attempts=0, next_at=$1, lease_until=0 WHERE"
                     " state='gagal'",
                     "i", nt_now());
    if (!rc) {
        json_t *d = json_pack("{si}", "pesan", *n);
        rc = nt_audit_append(st, a, "surel.ulang", "outbox", d);
        json_decref(d);
    }
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "kotak keluar tidak dapat diubah");
    }
    return 0;
}

int nt_outbox_daily(nt_store *st, int64_t now, int *queued)
{
    const nt_rules *ru = st->rules;
    *queued = 0;
    int64_t wib = now + 7 * 3600;
    if ((wib % 86400) / 3600 < ru->digest_hour_wib) return 0; /* not yet this morning */
    nt_date today = (nt_date)(wib / 86400);
    char day[11], done[16] = "", today_l[24];
    nt_date_format(today, day);
    nt_date_format_id(today, today_l);
    if (nt_meta_get(st, "digest_day", done, sizeof done) && !strcmp(done, day)) return 0;
    if (nt_db_begin(st->db)) return NT_EDB;
    /* another instance may have queued them meanwhile: the day is checked again inside, and
     * each digest's Message-ID is the user's and the day's, unique in the outbox */
    if (nt_meta_get(st, "digest_day", done, sizeof done) && !strcmp(done, day)) {
        nt_db_rollback(st->db);
        return 0;
    }
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, username, name, role, coalesce(region,''),"
                          " coalesce(agency_id,0), email, notify_off FROM users WHERE active=1 AND"
                          " email<>'' AND role IN ('bawaslu','otoritas','ppk') ORDER BY id",
                          "");
    json_t *users = json_array(), *u;
    while (s && nt_step(s) == 1) {
        if (nt_notify_listed(nt_col_text(s, 7), "tenggat_harian")) continue;
        json_array_append_new(
            users, json_pack("{sI ss ss ss ss sI ss}", "id", (json_int_t)nt_col_int(s, 0),
                             "username", nt_col_text(s, 1), "name", nt_col_text(s, 2), "role",
                             nt_col_text(s, 3), "region", nt_col_text(s, 4), "agency",
                             (json_int_t)nt_col_int(s, 5), "email", nt_col_text(s, 6)));
    }
    nt_done(s);
    int rc = 0;
    size_t i;
    json_array_foreach(users, i, u)
    {
        if (rc) break;
        const char *role = json_string_value(json_object_get(u, "role"));
        nt_actor a = {.user_id = json_integer_value(json_object_get(u, "id")),
                      .roles = !strcmp(role, "bawaslu")    ? NT_ROLE_BAWASLU
                               : !strcmp(role, "otoritas") ? NT_ROLE_OTORITAS
                                                           : NT_ROLE_PPK,
                      .agency_id = json_integer_value(json_object_get(u, "agency"))};
        nt_strlcpy(a.username, json_string_value(json_object_get(u, "username")),
                   sizeof a.username);
        nt_strlcpy(a.region, json_string_value(json_object_get(u, "region")), sizeof a.region);
        json_t *due = NULL;
        nt_err e = {0};
        if (nt_case_due(st, &a, ru->digest_days, 1, 0, &due, &e)) continue;
        json_int_t late = json_integer_value(json_object_get(due, "total_terlambat"));
        json_int_t soon = json_integer_value(json_object_get(due, "total_segera"));
        json_decref(due);
        if (!late && !soon) continue; /* nothing to say */
        char nl[24], ns[24], nd[8], mid[96];
        snprintf(nl, sizeof nl, "%lld", (long long)late);
        snprintf(ns, sizeof ns, "%lld", (long long)soon);
        snprintf(nd, sizeof nd, "%d", ru->digest_days);
        snprintf(mid, sizeof mid, "<tenggat-%lld-%s@netral>", (long long)a.user_id, day);
        json_t *v = json_pack("{sO ss ss ss ss}", "nama", json_object_get(u, "name"), "terlambat",
                              nl, "segera", ns, "hari", nd, "tanggal", today_l);
        char *link = st->public_url[0] ? nt_xasprintf("%s/tenggat", st->public_url)
                                       : nt_xstrdup("Netral, menu Tenggat");
        json_object_set_new(v, "tautan", json_string(link));
        free(link);
        rc = outbox_put_id(st, "tenggat_harian", json_string_value(json_object_get(u, "email")), v,
                           0, mid);
        json_decref(v);
        if (!rc) (*queued)++;
    }
    json_decref(users);
    if (!rc) rc = nt_meta_set(st, "digest_day", day);
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        return NT_EDB;
    }
    return 0;
}
