/*
 * users.c - accounts, argon2id passwords, sessions and API tokens.
 *
 * Secrets never reach the database in the clear: passwords are argon2id
 * strings (libsodium crypto_pwhash_str_alg), session and API tokens are
 * stored as their SHA-256. Login takes the same time for an unknown user as
 * for a wrong password.
 */
#include "store/store_int.h"
#include "rules/notify.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_SECONDS (12 * 3600)

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], nt_err *err)
{
    if (strlen(pw) < NT_PASSWORD_MIN)
        return nt_err_set(err, NT_EINVAL, "password", "kata sandi minimal %d karakter",
                          NT_PASSWORD_MIN);
    if (strlen(pw) > 256)
        return nt_err_set(err, NT_EINVAL, "password", "kata sandi terlalu panjang");
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        return nt_err_set(err, NT_EIO, "password", "kata sandi tidak dapat di-hash (memori)");
    return 0;
}

int nt_user_create(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya admin yang dapat menambah pengguna");
    const char *username, *name, *role_s, *region, *password;
    int64_t agency = 0;
    nt_role role;
    int rc = nt_in_str(in, "username", true, 40, &username, err);
    if (rc) return rc;
    if (strlen(username) < 3)
        return nt_err_set(err, NT_EINVAL, "username", "username minimal 3 karakter");
    for (const char *p = username; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._-", *p)))
            return nt_err_set(err, NT_EINVAL, "username",
                              "username hanya boleh huruf kecil, angka, '.', '_' dan '-'");
    if ((rc = nt_in_str(in, "name", true, 200, &name, err))) return rc;
    if ((rc = nt_in_str(in, "role", true, 16, &role_s, err))) return rc;
    if (nt_role_parse(role_s, &role))
        return nt_err_set(err, NT_EINVAL, "role", "role harus admin, bawaslu, otoritas atau ppk");
    if ((rc = nt_in_str(in, "region", false, 16, &region, err))) return rc;
    if (region && (rc = nt_check_region(st, "region", region, NULL, err))) return rc;
    if ((rc = nt_in_int(in, "agency_id", role == NT_ROLE_PPK, 1, INT64_MAX, &agency, err)))
        return rc;
    if (role == NT_ROLE_PPK) {
        nt_stmt *s = nt_query(st->db, "SELECT 1 FROM agencies WHERE id=$1", "i", agency);
        int found = s ? nt_step(s) : 0;
        nt_done(s);
        if (found != 1)
            return nt_err_set(err, NT_EINVAL, "agency_id", "instansi %lld tidak dikenal",
                              (long long)agency);
    }
    if ((rc = nt_in_str(in, "password", true, 256, &password, err))) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(password, hash, err))) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    nt_stmt *s =
        nt_db_prepare(st->db, "INSERT INTO users(username,name,role,region,agency_id,pw_hash,"
                              "created_at) VALUES($1,$2,$3,$4,$5,$6,$7)");
    rc = NT_EDB;
    if (s) {
        nt_bind_text(s, 1, username);
        nt_bind_text(s, 2, name);
        nt_bind_text(s, 3, role_s);
        nt_bind_text(s, 4, role == NT_ROLE_BAWASLU ? region : NULL);
        if (role == NT_ROLE_PPK)
            nt_bind_int(s, 5, agency);
        else
            nt_bind_null(s, 5);
        nt_bind_text(s, 6, hash);
        nt_bind_int(s, 7, nt_now());
        rc = nt_step(s);
        nt_done(s);
    }
    if (rc == NT_ECONFLICT)
        nt_err_set(err, NT_ECONFLICT, "username", "username '%s' sudah dipakai", username);
    else if (rc)
        nt_err_set(err, NT_EDB, NULL, "pengguna tidak dapat disimpan");
    if (!rc) {
        *id = nt_db_last_id(st->db);
        json_t *d = json_pack("{ss ss}", "username", username, "role", role_s);
        if (region) json_object_set_new(d, "region", json_string(region));
        rc = nt_audit_append(st, a, "pengguna.tambah", username, d);
        json_decref(d);
    }
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

int nt_user_list(nt_store *st, const nt_actor *a, json_t **out, nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "hanya admin yang dapat melihat pengguna");
    *out = nt_rows_json(nt_query(st->db,
                                 "SELECT u.id, u.username, u.name, u.role, u.region, u.agency_id,"
                                 " g.name AS agency, u.active FROM users u LEFT JOIN agencies g "
                                 "ON g.id=u.agency_id ORDER BY u.username",
                                 ""));
    return 0;
}

/* Ends every session and API token of a user (inside the caller's transaction). */
static int end_access(nt_store *st, const char *username)
{
    int rc = nt_exec(st->db,
                     "DELETE FROM sessions WHERE user_id=(SELECT id FROM users WHERE username=$1)",
                     "t", username);
    if (!rc)
        rc = nt_exec(st->db,
                     "UPDATE api_tokens SET revoked=1 WHERE revoked=0 AND user_id=(SELECT id FROM "
                     "users WHERE username=$1)",
                     "t", username);
    return rc;
}

int nt_user_set_password(nt_store *st, const nt_actor *a, const char *username, const char *current,
                         const char *password, nt_err *err)
{
    /* a signed-in user acting on their own account (the command line is user 0) */
    bool self = a->user_id != 0 && strcmp(a->username, username) == 0;
    if (!(a->roles & NT_ROLE_ADMIN) && !self)
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "Anda hanya dapat mengubah kata sandi sendiri");
    if (self) {
        if (!current || !*current)
            return nt_err_set(err, NT_EINVAL, "current_password",
                              "isi kata sandi Anda saat ini untuk menggantinya");
        nt_stmt *s = nt_query(st->db, "SELECT pw_hash FROM users WHERE id=$1", "i", a->user_id);
        bool ok = s && nt_step(s) == 1 && strlen(current) <= 256 &&
                  crypto_pwhash_str_verify(nt_col_text(s, 0), current, strlen(current)) == 0;
        nt_done(s);
        if (!ok) return nt_err_set(err, NT_EINVAL, "current_password", "kata sandi saat ini salah");
    }
    char hash[crypto_pwhash_STRBYTES];
    int rc = hash_password(password, hash, err);
    if (rc) return rc;
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    rc = nt_exec(st->db, "UPDATE users SET pw_hash=$2 WHERE username=$1", "tt", username, hash);
    if (!rc && nt_db_changes(st->db) == 0)
        rc = nt_err_set(err, NT_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan", username);
    /* A new password ends every open session and API token of that user. */
    if (!rc) rc = end_access(st, username);
    if (!rc) rc = nt_audit_append(st, a, "pengguna.sandi", username, NULL);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

int nt_user_set_active(nt_store *st, const nt_actor *a, const char *username, bool active,
                       nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN))
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "hanya admin yang dapat menonaktifkan pengguna");
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = 0;
    if (!active) { /* counted inside the transaction, so two admins cannot both go */
        nt_stmt *s = nt_query(st->db,
                              "SELECT (SELECT count(*) FROM users WHERE role='admin' AND active=1),"
                              " EXISTS(SELECT 1 FROM users WHERE username=$1 AND role='admin' AND "
                              "active=1)",
                              "t", username);
        if (s && nt_step(s) == 1 && nt_col_int(s, 1) && nt_col_int(s, 0) <= 1)
            rc = nt_err_set(err, NT_ECONFLICT, "username",
                            "%s adalah admin aktif terakhir; aktifkan admin lain lebih dulu",
                            username);
        nt_done(s);
    }
    if (!rc)
        rc = nt_exec(st->db, "UPDATE users SET active=$2 WHERE username=$1", "ti", username,
                     (int64_t)active);
    if (!rc && nt_db_changes(st->db) == 0)
        rc = nt_err_set(err, NT_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan", username);
    if (!rc && !active) rc = end_access(st, username);
    if (!rc)
        rc = nt_audit_append(st, a, active ? "pengguna.aktifkan" : "pengguna.nonaktifkan", username,
                             NULL);
    if (rc) {
        nt_db_rollback(st->db);
        return rc;
    }
    return nt_db_commit_err(st->db, err);
}

/* A hash to verify against when the user does not exist, so timing does not tell. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
    if (crypto_pwhash_str_alg(dummy, "netral-dummy-password", 21,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        dummy[0] = '\0'; /* verification against "" fails, as it should */
}

static void fill_actor(nt_stmt *s, int base, nt_actor *who)
{
    memset(who, 0, sizeof *who);
    who->user_id = nt_col_int(s, base);
    nt_strlcpy(who->username, nt_col_text(s, base + 1), sizeof who->username);
    nt_role r = 0;
    nt_role_parse(nt_col_text(s, base + 2), &r);
    who->roles = r;
    nt_strlcpy(who->region, nt_col_text(s, base + 3), sizeof who->region);
    who->agency_id = nt_col_int(s, base + 4);
}

int nt_user_actor(nt_store *st, const char *username, nt_actor *out, nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, username, role, coalesce(region,''), coalesce(agency_id,0) "
                          "FROM users WHERE username=$1 AND active=1",
                          "t", username ? username : "");
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) fill_actor(s, 0, out);
    nt_done(s);
    if (rc != 1)
        return nt_err_set(err, NT_ENOTFOUND, "oleh", "pengguna aktif '%s' tidak ditemukan",
                          username ? username : "");
    return 0;
}

int nt_login(nt_store *st, const char *username, const char *password, const char *ip,
             char token[64], char csrf[64], nt_actor *who, nt_err *err)
{
    pthread_once(&dummy_once, make_dummy);
    if (!username || !password || strlen(password) > 256)
        return nt_err_set(err, NT_EAUTH, "username", "username atau kata sandi salah");
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, username, role, coalesce(region,''), coalesce(agency_id,0),"
                          " pw_hash, active FROM users WHERE username=$1",
                          "t", username);
    bool found = s && nt_step(s) == 1;
    char hash[crypto_pwhash_STRBYTES];
    nt_actor tmp;
    bool active = false;
    if (found) {
        fill_actor(s, 0, &tmp);
        nt_strlcpy(hash, nt_col_text(s, 5), sizeof hash);
        active = nt_col_int(s, 6) != 0;
    } else {
        nt_strlcpy(hash, dummy, sizeof hash);
    }
    nt_done(s);
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    nt_actor anon;
    nt_actor_system(&anon, NULL);
    nt_strlcpy(anon.username, found ? tmp.username : "anonim", sizeof anon.username);
    anon.user_id = found ? tmp.user_id : 0;
    anon.roles = 0;
    if (!found || !ok || !active) {
        json_t *d = json_pack("{ss ss}", "ip", ip ? ip : "", "alasan",
                              !found ? "pengguna tidak dikenal"
                              : !ok  ? "sandi salah"
                                     : "nonaktif");
        nt_audit_append(st, &anon, "login.gagal", username, d);
        json_decref(d);
        return nt_err_set(err, NT_EAUTH, "username", "username atau kata sandi salah");
    }
    nt_random_token(token, 32);
    nt_random_token(csrf, 24);
    unsigned char th[32];
    nt_token_hash(token, th);
    int64_t now = nt_now();
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_exec(st->db,
                     "INSERT INTO sessions(token_hash,user_id,csrf,created_at,expires_at) "
                     "VALUES($1,$2,$3,$4,$5)",
                     "bitii", (const void *)th, (size_t)32, tmp.user_id, csrf, now,
                     now + SESSION_SECONDS);
    if (!rc) rc = nt_exec(st->db, "DELETE FROM sessions WHERE expires_at < $1", "i", now);
    json_t *d = json_pack("{ss}", "ip", ip ? ip : "");
    if (!rc) rc = nt_audit_append(st, &tmp, "login", tmp.username, d);
    json_decref(d);
    if (rc || nt_db_commit(st->db)) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "sesi tidak dapat dibuat");
    }
    *who = tmp;
    return 0;
}

int nt_session_lookup(nt_store *st, const char *token, nt_actor *who, char csrf[64])
{
    if (!token || strlen(token) != 64) return NT_EAUTH;
    unsigned char th[32];
    nt_token_hash(token, th);
    nt_stmt *s =
        nt_query(st->db,
                 "SELECT u.id, u.username, u.role, coalesce(u.region,''), "
                 "coalesce(u.agency_id,0), s.csrf FROM sessions s JOIN users u ON "
                 "u.id=s.user_id WHERE s.token_hash=$1 AND s.expires_at > $2 AND u.active=1",
                 "bi", (const void *)th, (size_t)32, nt_now());
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) {
        fill_actor(s, 0, who);
        nt_strlcpy(csrf, nt_col_text(s, 5), 64);
    }
    nt_done(s);
    return rc == 1 ? 0 : NT_EAUTH;
}

void nt_session_end(nt_store *st, const char *token)
{
    if (!token) return;
    unsigned char th[32];
    nt_token_hash(token, th);
    nt_exec(st->db, "DELETE FROM sessions WHERE token_hash=$1", "b", (const void *)th, (size_t)32);
}

int nt_token_create(nt_store *st, const nt_actor *a, const char *username, const char *name,
                    char token[80], nt_err *err)
{
    if (!(a->roles & NT_ROLE_ADMIN) && strcmp(a->username, username) != 0)
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          "Anda hanya dapat membuat token untuk diri sendiri");
    if (!name || !*name || strlen(name) > 100)
        return nt_err_set(err, NT_EINVAL, "name", "nama token wajib diisi (maksimum 100)");
    nt_stmt *s =
        nt_query(st->db, "SELECT id FROM users WHERE username=$1 AND active=1", "t", username);
    int64_t uid = s && nt_step(s) == 1 ? nt_col_int(s, 0) : 0;
    nt_done(s);
    if (!uid)
        return nt_err_set(err, NT_ENOTFOUND, "username", "pengguna '%s' tidak ditemukan", username);
    memcpy(token, "ntk_", 4);
    nt_random_token(token + 4, 32);
    unsigned char th[32];
    nt_token_hash(token, th);
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    int rc = nt_exec(
        st->db, "INSERT INTO api_tokens(user_id,name,token_hash,created_at) VALUES($1,$2,$3,$4)",
        "itbi", uid, name, (const void *)th, (size_t)32, nt_now());
    json_t *d = json_pack("{ss}", "name", name);
    if (!rc) rc = nt_audit_append(st, a, "token.buat", username, d);
    json_decref(d);
    if (rc) {
        nt_db_rollback(st->db);
        return nt_err_set(err, NT_EDB, NULL, "token tidak dapat dibuat");
    }
    return nt_db_commit_err(st->db, err);
}

/* Tokens recently found, each with the audit head it was found at: a token is revoked, and
 * its user changed or deactivated, only by audited writes, so while the head stands the answer
 * stands. */
enum { TOKEN_SLOTS = 256 };
static struct {
    unsigned char th[32];
    char head[72];
    nt_actor who;
} token_seen[TOKEN_SLOTS];
static pthread_mutex_t token_lock = PTHREAD_MUTEX_INITIALIZER;

int nt_token_lookup_at(nt_store *st, const char *token, const char *head, nt_actor *who)
{
    if (!token || strncmp(token, "ntk_", 4) != 0 || strlen(token) != 68) return NT_EAUTH;
    unsigned char th[32];
    nt_token_hash(token, th);
    unsigned k = th[0] % TOKEN_SLOTS;
    bool hit = false;
    if (head && head[0]) {
        pthread_mutex_lock(&token_lock);
        hit = !memcmp(token_seen[k].th, th, 32) && !strcmp(token_seen[k].head, head);
        if (hit) *who = token_seen[k].who;
        pthread_mutex_unlock(&token_lock);
    }
    if (hit) return 0;
    int rc = nt_token_lookup(st, token, who);
    if (!rc && head && head[0]) {
        pthread_mutex_lock(&token_lock);
        memcpy(token_seen[k].th, th, 32);
        nt_strlcpy(token_seen[k].head, head, sizeof token_seen[k].head);
        token_seen[k].who = *who;
        pthread_mutex_unlock(&token_lock);
    }
    return rc;
}

int nt_token_lookup(nt_store *st, const char *token, nt_actor *who)
{
    if (!token || strncmp(token, "ntk_", 4) != 0 || strlen(token) != 68) return NT_EAUTH;
    unsigned char th[32];
    nt_token_hash(token, th);
    nt_stmt *s = nt_query(st->db,
                          "SELECT u.id, u.username, u.role, coalesce(u.region,''), "
                          "coalesce(u.agency_id,0) FROM api_tokens t JOIN users u ON u.id=t.user_id"
                          " WHERE t.token_hash=$1 AND t.revoked=0 AND u.active=1",
                          "b", (const void *)th, (size_t)32);
    int rc = s ? nt_step(s) : NT_EDB;
    if (rc == 1) fill_actor(s, 0, who);
    nt_done(s);
    return rc == 1 ? 0 : NT_EAUTH;
}

const char *nt_user_byline(nt_store *st, const char *username, json_t *memo)
{
    if (!username) return "";
    json_t *hit = json_object_get(memo, username);
    if (hit) return json_string_value(hit);
    nt_stmt *s = nt_query(st->db,
                          "SELECT u.name, u.role, coalesce(r.name,''), coalesce(r.level,''),"
                          " coalesce(g.name,'') FROM users u LEFT JOIN regions r ON r.code=u.region"
                          " LEFT JOIN agencies g ON g.id=u.agency_id WHERE u.username=$1",
                          "t", username);
    char *line = NULL;
    if (s && nt_step(s) == 1) {
        const char *name = nt_col_text(s, 0), *role = nt_col_text(s, 1);
        const char *region = nt_col_text(s, 2), *level = nt_col_text(s, 3);
        char *office;
        if (!strcmp(role, "bawaslu"))
            office = !*region                     ? nt_xstrdup("Bawaslu RI")
                     : !strcmp(level, "provinsi") ? nt_xasprintf("Bawaslu Provinsi %s", region)
                                                  : nt_xasprintf("Bawaslu %s", region);
        else if (!strcmp(role, "ppk"))
            office = nt_xasprintf("PPK %s", nt_col_text(s, 4));
        else if (!strcmp(role, "otoritas")) {
            const nt_authority *au = nt_rules_authority_on(st->rules, nt_today());
            office = nt_xstrdup(au ? au->name : "Otoritas kepegawaian");
        } else
            office = nt_xstrdup("Administrator sistem");
        /* an account named after its office (older databases) says it once */
        line = strstr(name, office) || strstr(office, name) ? nt_xstrdup(name)
                                                            : nt_xasprintf("%s, %s", name, office);
        free(office);
    }
    nt_done(s);
    if (!line) line = nt_xstrdup(username);
    json_object_set_new(memo, username, json_string(line));
    free(line);
    hit = json_object_get(memo, username);
    return hit ? json_string_value(hit) : username;
}

int nt_user_notifications(nt_store *st, const nt_actor *a, json_t *in, json_t **out, nt_err *err)
{
    *out = NULL;
    if (!a->user_id) return nt_err_set(err, NT_EFORBIDDEN, NULL, "silakan masuk terlebih dahulu");
    if (in) {
        const char *email = NULL;
        int rc = nt_in_str(in, "email", false, 254, &email, err);
        if (rc) return rc;
        if (email && *email && !nt_email_valid(email))
            return nt_err_set(err, NT_EINVAL, "email", "alamat surel '%.80s' tidak sah", email);
        json_t *off = json_object_get(in, "mati"), *x;
        if (off && !json_is_array(off))
            return nt_err_set(err, NT_EINVAL, "mati", "kolom 'mati' harus daftar jenis pesan");
        nt_buf list = {0};
        size_t i;
        json_array_foreach(off, i, x)
        {
            const nt_notify_kind *k = nt_notify_kind_of(json_string_value(x));
            if (!k || k->to != NT_NOTIFY_STAFF) {
                nt_buf_free(&list);
                return nt_err_set(err, NT_EINVAL, "mati", "jenis pesan '%.40s' tidak dikenal",
                                  json_string_value(x) ? json_string_value(x) : "?");
            }
            nt_buf_printf(&list, "%s%s", list.len ? "," : "", k->id);
        }
        if (nt_db_begin(st->db)) {
            nt_buf_free(&list);
            return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
        }
        rc =
            nt_exec(st->db, "UPDATE users SET email=coalesce($2, email), notify_off=$3 WHERE id=$1",
                    "itt", a->user_id, email, list.len ? list.p : "");
        if (!rc) {
            json_t *d =
                json_pack("{sb ss}", "surel", email && *email, "mati", list.len ? list.p : "");
            rc = nt_audit_append(st, a, "akun.pemberitahuan", a->username, d);
            json_decref(d);
        }
        nt_buf_free(&list);
        if (rc || nt_db_commit(st->db)) {
            nt_db_rollback(st->db);
            return nt_err_set(err, NT_EDB, NULL, "pilihan tidak dapat disimpan");
        }
    }
    nt_stmt *s =
        nt_query(st->db, "SELECT email, notify_off FROM users WHERE id=$1", "i", a->user_id);
    const char *email = "", *off = "";
    char eb[256] = "", ob[512] = "";
    if (s && nt_step(s) == 1) {
        nt_strlcpy(eb, nt_col_text(s, 0), sizeof eb);
        nt_strlcpy(ob, nt_col_text(s, 1), sizeof ob);
        email = eb, off = ob;
    }
    nt_done(s);
    json_t *choices = json_array();
    for (const nt_notify_kind *k = nt_notify_kinds; k->id; k++) {
        if (k->to != NT_NOTIFY_STAFF) continue;
        json_array_append_new(choices, json_pack("{ss ss sb}", "jenis", k->id, "label", k->label,
                                                 "aktif", !nt_notify_listed(off, k->id)));
    }
    *out = json_pack("{ss so}", "email", email, "pilihan", choices);
    return 0;
}
