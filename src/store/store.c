/*
 * store.c - opening the store, row-to-JSON mapping, input validation and
 * access scope: the pieces every repository file uses.
 */
#include "store/store_int.h"

#include "base/file.h"
#include "base/utf8.h"

#include <sodium.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void nt_actor_system(nt_actor *a, const char *name)
{
    memset(a, 0, sizeof *a);
    snprintf(a->username, sizeof a->username, "cli:%s", name && *name ? name : "system");
    a->roles = NT_ROLE_ADMIN;
}

int nt_store_open(const nt_store_config *cfg, nt_store **out, nt_err *err)
{
    nt_store *st = nt_xcalloc(1, sizeof *st);
    st->rules = cfg->rules;
    if (cfg->key) memcpy(st->key, cfg->key, NT_KEY_BYTES);
    nt_strlcpy(st->public_url, cfg->public_url ? cfg->public_url : "", sizeof st->public_url);
    nt_strlcpy(st->evidence_dir, cfg->evidence_dir ? cfg->evidence_dir : "var/evidence",
               sizeof st->evidence_dir);
    st->checkpoint_fd = -1;
    st->risk_in_background = cfg->risk_in_background;
    if (cfg->audit_sk && cfg->checkpoint_path) {
        memcpy(st->audit_sk, cfg->audit_sk, NT_AUDIT_SK_BYTES);
        nt_strlcpy(st->checkpoint_path, cfg->checkpoint_path, sizeof st->checkpoint_path);
        st->checkpoints = true;
        st->checkpoint_syslog = cfg->checkpoint_syslog;
    }
    int rc = nt_db_open(cfg->db_path, &st->db, err);
    if (!rc) rc = nt_schema_migrate(st->db, err);
    if (!rc && st->rules) rc = nt_deadlines_keep_current(st, err);
    if (!rc && st->rules) rc = nt_figures_keep_current(st, err);
    if (rc) {
        nt_store_close(st);
        return rc;
    }
    if (st->checkpoints) nt_db_on_commit(st->db, nt_audit_after_commit, st);
    *out = st;
    return 0;
}

void nt_store_close(nt_store *st)
{
    if (!st) return;
    nt_db_close(st->db);
    if (st->checkpoint_fd >= 0) close(st->checkpoint_fd);
    sodium_memzero(st->key, sizeof st->key);
    sodium_memzero(st->audit_sk, sizeof st->audit_sk);
    free(st);
}

void nt_store_var_path(nt_store *st, const char *name, char *out, size_t n)
{
    char dir[512];
    nt_strlcpy(dir, st->evidence_dir, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    else
        nt_strlcpy(dir, ".", sizeof dir);
    snprintf(out, n, "%s/%s", dir, name);
}

const char *nt_store_public_url(nt_store *st)
{
    return st->public_url[0] ? st->public_url : "http://127.0.0.1:8080";
}

const nt_rules *nt_store_rules(nt_store *st)
{
    return st->rules;
}

nt_db *nt_store_db(nt_store *st)
{
    return st->db;
}

bool nt_store_unavailable(nt_store *st)
{
    return st && st->db && nt_db_unavailable(st->db);
}

int nt_store_batch_begin(nt_store *st, nt_err *err)
{
    if (nt_db_begin(st->db)) return nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    return 0;
}

int nt_store_batch_end(nt_store *st, bool commit, nt_err *err)
{
    if (!nt_db_in_tx(st->db)) return commit ? NT_EDB : 0; /* an inner failure already rolled back */
    if (!commit) {
        nt_db_rollback(st->db);
        return 0;
    }
    if (nt_db_commit(st->db)) return nt_err_set(err, NT_EDB, NULL, "transaksi gagal disimpan");
    return 0;
}

void nt_sql_in_json(nt_buf *b, nt_db *db, bool ints, int n)
{
    if (nt_db_engine_of(db) == NT_DB_SQLITE)
        nt_buf_printf(b, " IN (SELECT value FROM json_each($%d))", n);
    else
        nt_buf_printf(b, " IN (SELECT value%s FROM json_array_elements_text($%d::json) AS value)",
                      ints ? "::bigint" : "", n);
}

json_t *nt_row_json(nt_stmt *s)
{
    json_t *o = json_object();
    int n = nt_col_count(s);
    for (int i = 0; i < n; i++) {
        json_t *v;
        switch (nt_col_type(s, i)) {
        case 'i':
            v = json_integer(nt_col_int(s, i));
            break;
        case 'r':
            v = json_real(nt_col_double(s, i));
            break;
        case 't':
            v = json_string(nt_col_text(s, i));
            break;
        default:
            v = json_null();
            break;
        }
        json_object_set_new(o, nt_col_name(s, i), v ? v : json_null());
    }
    return o;
}

json_t *nt_rows_json(nt_stmt *s)
{
    json_t *arr = json_array();
    if (!s) return arr;
    while (nt_step(s) == 1)
        json_array_append_new(arr, nt_row_json(s));
    nt_done(s);
    return arr;
}

int nt_in_str(json_t *in, const char *key, bool required, size_t max, const char **out, nt_err *err)
{
    json_t *v = json_object_get(in, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) return nt_err_set(err, NT_EINVAL, key, "kolom '%s' wajib diisi", key);
        return 0;
    }
    if (!json_is_string(v))
        return nt_err_set(err, NT_EINVAL, key, "kolom '%s' harus berupa teks", key);
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len || !nt_utf8_valid(s, len))
        return nt_err_set(err, NT_EINVAL, key, "kolom '%s' berisi karakter yang tidak sah", key);
    if (len > max)
        return nt_err_set(err, NT_EINVAL, key, "kolom '%s' terlalu panjang (maksimum %zu byte)",
                          key, max);
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') blank = false;
    if (blank) {
        if (required) return nt_err_set(err, NT_EINVAL, key, "kolom '%s' wajib diisi", key);
        return 0;
    }
    *out = s;
    return 0;
}

void nt_date_label(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    nt_date d;
    if (!v || !nt_date_parse(v, strlen(v), &d)) return;
    char label[24], name[64];
    nt_date_format_id(d, label);
    snprintf(name, sizeof name, "%s_label", key);
    json_object_set_new(o, name, json_string(label));
}

int nt_in_date(json_t *in, const char *key, bool required, bool not_future, nt_date *out,
               nt_err *err)
{
    const char *s;
    *out = NT_DATE_NONE;
    int rc = nt_in_str(in, key, required, 10, &s, err);
    if (rc || !s) return rc;
    nt_date d;
    if (!nt_date_parse(s, strlen(s), &d))
        return nt_err_set(err, NT_EINVAL, key,
                          "kolom '%s' harus tanggal yang sah dengan format TTTT-BB-HH", key);
    if (not_future && d > nt_today())
        return nt_err_set(err, NT_EINVAL, key, "kolom '%s' tidak boleh tanggal di masa depan", key);
    *out = d;
    return 0;
}

int nt_in_int(json_t *in, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out,
              nt_err *err)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        if (required) return nt_err_set(err, NT_EINVAL, key, "kolom '%s' wajib diisi", key);
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return nt_err_set(err, NT_EINVAL, key, "kolom '%s' harus bilangan bulat %lld..%lld", key,
                          (long long)lo, (long long)hi);
    *out = json_integer_value(v);
    return 0;
}

int nt_check_region(nt_store *st, const char *field, const char *code, char level_out[16],
                    nt_err *err)
{
    nt_stmt *s = nt_query(st->db, "SELECT level FROM regions WHERE code=$1", "t", code);
    if (!s) return nt_err_set(err, NT_EDB, field, "basis data tidak dapat dibaca");
    int rc = nt_step(s);
    if (rc == 1 && level_out) nt_strlcpy(level_out, nt_col_text(s, 0), 16);
    nt_done(s);
    if (rc != 1) return nt_err_set(err, NT_EINVAL, field, "kode wilayah '%s' tidak dikenal", code);
    return 0;
}

nt_scope_kind nt_scope_of(const nt_actor *a)
{
    if (a->roles & NT_ROLE_ADMIN) return NT_SCOPE_ALL;
    if (a->roles & NT_ROLE_BAWASLU) return a->region[0] ? NT_SCOPE_REGION : NT_SCOPE_ALL;
    if (a->roles & NT_ROLE_OTORITAS) return NT_SCOPE_AUTHORITY;
    if (a->roles & NT_ROLE_PPK) return NT_SCOPE_AGENCY;
    return NT_SCOPE_NONE;
}

const char *nt_scope_sql(const nt_actor *a)
{
    static const char *const sql[] = {NT_SCOPE_SQL_ALL, NT_SCOPE_SQL_REGION, NT_SCOPE_SQL_AUTHORITY,
                                      NT_SCOPE_SQL_AGENCY, NT_SCOPE_SQL_NONE};
    return sql[nt_scope_of(a)];
}

void nt_scope_bind(nt_stmt *s, int n, const nt_actor *a)
{
    switch (nt_scope_of(a)) {
    case NT_SCOPE_REGION:
        nt_bind_text(s, n, a->region);
        break;
    case NT_SCOPE_AGENCY:
        nt_bind_int(s, n, a->agency_id);
        break;
    default:
        break; /* no parameter in the condition */
    }
}

int64_t nt_party_agency(const nt_actor *a)
{
    return nt_scope_of(a) == NT_SCOPE_AGENCY ? a->agency_id : 0;
}

const char *nt_party_scope_sql(const nt_actor *a)
{
    return nt_scope_of(a) == NT_SCOPE_AGENCY ? "+x.agency_id=$9" : "TRUE";
}

bool nt_region_within(const char *code, const char *outer)
{
    size_t n = strlen(outer);
    return n == 0 || (!strncmp(code, outer, n) && (code[n] == '\0' || code[n] == '.'));
}

bool nt_actor_covers_region(const nt_actor *a, const char *office)
{
    if (a->roles & NT_ROLE_ADMIN) return true;
    if (!(a->roles & NT_ROLE_BAWASLU)) return false;
    return nt_region_within(office, a->region);
}

int nt_case_visible(nt_store *st, const nt_actor *a, int64_t id, nt_err *err)
{
    /* One static statement per scope kind, so each is prepared once per connection. */
#define VISIBLE(scope) "SELECT 1 FROM cases c WHERE c.id=$1 AND " scope
    static const char *const sql[] = {VISIBLE(NT_SCOPE_SQL_ALL), VISIBLE(NT_SCOPE_SQL_REGION),
                                      VISIBLE(NT_SCOPE_SQL_AUTHORITY), VISIBLE(NT_SCOPE_SQL_AGENCY),
                                      VISIBLE(NT_SCOPE_SQL_NONE)};
#undef VISIBLE
    nt_stmt *s = nt_db_prepare(st->db, sql[nt_scope_of(a)]);
    if (!s) return nt_err_set(err, NT_EDB, NULL, "basis data tidak dapat dibaca");
    nt_bind_int(s, 1, id);
    nt_scope_bind(s, 9, a);
    int rc = nt_step(s);
    nt_done(s);
    if (rc != 1)
        return nt_err_set(err, NT_ENOTFOUND, "id", "kasus %lld tidak ditemukan", (long long)id);
    return 0;
}

bool nt_store_meta(nt_store *st, const char *key, char *out, size_t n)
{
    return nt_meta_get(st, key, out, n);
}

bool nt_meta_get(nt_store *st, const char *key, char *out, size_t n)
{
    nt_stmt *s = nt_query(st->db, "SELECT value FROM meta WHERE key=$1", "t", key);
    bool ok = s && nt_step(s) == 1;
    if (ok) nt_strlcpy(out, nt_col_text(s, 0), n);
    nt_done(s);
    return ok;
}

int nt_meta_set(nt_store *st, const char *key, const char *value)
{
    return nt_exec(st->db,
                   "INSERT INTO meta(key,value) VALUES($1,$2) ON CONFLICT(key) DO UPDATE SET "
                   "value=excluded.value",
                   "tt", key, value);
}
