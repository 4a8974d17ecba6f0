/*
 * db_sqlite.c - the SQLite driver behind db.h.
 *
 * Connections run in WAL mode with foreign keys on and a busy timeout, so
 * many readers proceed while one writer holds BEGIN IMMEDIATE. $N parameters
 * are mapped to SQLite's parameter indexes at prepare time, so a query may
 * use $2 before $1 or repeat a parameter.
 */
#include "store/db.h"

#include "base/log.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define NT_MAX_PARAMS 32
#define CACHE_SLOTS 256

struct nt_stmt {
    sqlite3_stmt *st;
    nt_db *db;
    const char *key;                      /* NULL for dynamic statements */
    unsigned char map[NT_MAX_PARAMS + 1]; /* $n -> sqlite index (0 = unused) */
    bool busy;
};

struct nt_db {
    sqlite3 *h;
    int tx_depth;
    int last_rc; /* SQLite's code for the last failed step or transaction command */
    void (*on_commit)(void *);
    void *on_commit_ctx;
    nt_stmt *cache[CACHE_SLOTS];
};

/* NETRAL_SQL_SLOW_MS=N logs every statement slower than N ms (a development aid). */
static int slow_ms = -1;

static int on_profile(unsigned type, void *ctx, void *p, void *x)
{
    uint64_t ns = *(uint64_t *)x;
    if (ns / 1000000 >= (uint64_t)slow_ms) {
        char *sql = sqlite3_expanded_sql(p);
        nt_warn("slow SQL %.1f ms: %.300s", (double)ns / 1e6, sql ? sql : sqlite3_sql(p));
        sqlite3_free(sql);
    }
    return 0;
}

int nt_db_open(const char *path, nt_db **out, nt_err *err)
{
    nt_db *db = nt_xcalloc(1, sizeof *db);
    int rc = sqlite3_open_v2(
        path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        nt_err_set(err, NT_EDB, "db", "tidak dapat membuka basis data %s: %s", path,
                   db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        sqlite3_close(db->h);
        free(db);
        return NT_EDB;
    }
    sqlite3_busy_timeout(db->h, 10000);
    if (slow_ms < 0) {
        const char *e = getenv("NETRAL_SQL_SLOW_MS");
        slow_ms = e ? atoi(e) : 1 << 30;
    }
    if (slow_ms < (1 << 30)) sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, on_profile, NULL);
    sqlite3_extended_result_codes(db->h, 1);
    const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;";
    rc = nt_db_exec_script(db, pragmas, err);
    if (rc) {
        nt_db_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

void nt_db_close(nt_db *db)
{
    if (!db) return;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (db->cache[i]) {
            sqlite3_finalize(db->cache[i]->st);
            free(db->cache[i]);
        }
    }
    sqlite3_close(db->h);
    free(db);
}

int nt_db_exec_script(nt_db *db, const char *sql, nt_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        nt_err_set(err, NT_EDB, "db", "kesalahan basis data: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return NT_EDB;
    }
    return 0;
}

static int simple(nt_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        db->last_rc = sqlite3_extended_errcode(db->h);
        nt_error("sqlite: %s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return NT_EDB;
    }
    return 0;
}

int nt_db_begin(nt_db *db)
{
    if (db->tx_depth++ > 0) return 0;
    int rc = simple(db, "BEGIN IMMEDIATE");
    if (rc) db->tx_depth = 0;
    return rc;
}

int nt_db_commit(nt_db *db)
{
    if (db->tx_depth <= 0) return NT_EDB;
    if (--db->tx_depth > 0) return 0;
    int rc = simple(db, "COMMIT");
    /* a failed COMMIT may have rolled back already (a full disk does): then there is none */
    if (rc && !sqlite3_get_autocommit(db->h)) simple(db, "ROLLBACK");
    if (!rc && db->on_commit) db->on_commit(db->on_commit_ctx);
    return rc;
}

void nt_db_on_commit(nt_db *db, void (*fn)(void *), void *ctx)
{
    db->on_commit = fn;
    db->on_commit_ctx = ctx;
}

const char *nt_db_failure(nt_db *db)
{
    switch (db->last_rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
        return "penyimpanan penuh atau tidak dapat ditulis";
    case SQLITE_READONLY:
        return "basis data hanya dapat dibaca";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "basis data sedang sibuk";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return "berkas basis data rusak";
    default:
        return "kesalahan basis data";
    }
}

int nt_db_commit_err(nt_db *db, nt_err *err)
{
    int rc = nt_db_commit(db);
    if (rc) nt_err_set(err, NT_EDB, NULL, "perubahan tidak disimpan: %s", nt_db_failure(db));
    return rc;
}

void nt_db_rollback(nt_db *db)
{
    if (db->tx_depth <= 0) return;
    db->tx_depth = 0;
    simple(db, "ROLLBACK");
}

bool nt_db_in_tx(nt_db *db)
{
    return db->tx_depth > 0;
}

static nt_stmt *make(nt_db *db, const char *sql, const char *key)
{
    sqlite3_stmt *st = NULL;
    unsigned flags = key ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db->h, sql, -1, flags, &st, NULL) != SQLITE_OK) {
        nt_error("sqlite prepare: %s in: %.200s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    nt_stmt *s = nt_xcalloc(1, sizeof *s);
    s->st = st;
    s->db = db;
    s->key = key;
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        if (!name || name[0] != '$') continue;
        int k = atoi(name + 1);
        if (k >= 1 && k <= NT_MAX_PARAMS) s->map[k] = (unsigned char)i;
    }
    return s;
}

nt_stmt *nt_db_prepare(nt_db *db, const char *sql)
{
    uintptr_t h = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
    for (int probe = 0; probe < CACHE_SLOTS; probe++) {
        nt_stmt *s = db->cache[(h + probe) % CACHE_SLOTS];
        if (!s) break;
        if (s->key == sql) {
            if (s->busy) return make(db, sql, NULL); /* nested use: fall back */
            s->busy = true;
            return s;
        }
    }
    nt_stmt *s = make(db, sql, sql);
    if (!s) return NULL;
    for (int probe = 0; probe < CACHE_SLOTS; probe++) {
        nt_stmt **slot = &db->cache[(h + probe) % CACHE_SLOTS];
        if (!*slot) {
            *slot = s;
            s->busy = true;
            return s;
        }
    }
    s->key = NULL; /* cache full: treat as dynamic */
    return s;
}

nt_stmt *nt_db_prepare_dynamic(nt_db *db, const char *sql)
{
    return make(db, sql, NULL);
}

/* The SQLite index of $n; 0 (a no-op bind) when the statement does not use $n. */
static int idx(nt_stmt *s, int n)
{
    return (n >= 1 && n <= NT_MAX_PARAMS) ? s->map[n] : 0;
}

void nt_bind_text(nt_stmt *s, int n, const char *v)
{
    if (!v)
        nt_bind_null(s, n);
    else
        sqlite3_bind_text(s->st, idx(s, n), v, -1, SQLITE_TRANSIENT);
}

void nt_bind_textn(nt_stmt *s, int n, const char *v, size_t len)
{
    sqlite3_bind_text(s->st, idx(s, n), v ? v : "", (int)len, SQLITE_TRANSIENT);
}

void nt_bind_int(nt_stmt *s, int n, int64_t v)
{
    sqlite3_bind_int64(s->st, idx(s, n), v);
}

void nt_bind_null(nt_stmt *s, int n)
{
    sqlite3_bind_null(s->st, idx(s, n));
}

void nt_bind_double(nt_stmt *s, int n, double v)
{
    sqlite3_bind_double(s->st, idx(s, n), v);
}

void nt_bind_blob(nt_stmt *s, int n, const void *p, size_t len)
{
    sqlite3_bind_blob(s->st, idx(s, n), p, (int)len, SQLITE_TRANSIENT);
}

void nt_bind_date(nt_stmt *s, int n, nt_date d)
{
    if (d == NT_DATE_NONE) {
        nt_bind_null(s, n);
        return;
    }
    char buf[11];
    nt_date_format(d, buf);
    nt_bind_text(s, n, buf);
}

int nt_step(nt_stmt *s)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return NT_ECONFLICT;
    s->db->last_rc = sqlite3_extended_errcode(s->db->h);
    nt_error("sqlite step: %s", sqlite3_errmsg(s->db->h));
    return NT_EDB;
}

void nt_done(nt_stmt *s)
{
    if (!s) return;
    if (s->key) {
        sqlite3_reset(s->st);
        sqlite3_clear_bindings(s->st);
        s->busy = false;
        return;
    }
    sqlite3_finalize(s->st);
    free(s);
}

int nt_col_count(nt_stmt *s)
{
    return sqlite3_column_count(s->st);
}

const char *nt_col_name(nt_stmt *s, int i)
{
    return sqlite3_column_name(s->st, i);
}

bool nt_col_null(nt_stmt *s, int i)
{
    return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

const char *nt_col_text(nt_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s->st, i);
    return t ? (const char *)t : "";
}

int64_t nt_col_int(nt_stmt *s, int i)
{
    return sqlite3_column_int64(s->st, i);
}

double nt_col_double(nt_stmt *s, int i)
{
    return sqlite3_column_double(s->st, i);
}

const void *nt_col_blob(nt_stmt *s, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(s->st, i);
    *len = (size_t)sqlite3_column_bytes(s->st, i);
    return p;
}

nt_date nt_col_date(nt_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s->st, i);
    nt_date d;
    if (t && nt_date_parse(t, strlen(t), &d)) return d;
    return NT_DATE_NONE;
}

char nt_col_type(nt_stmt *s, int i)
{
    switch (sqlite3_column_type(s->st, i)) {
    case SQLITE_INTEGER:
        return 'i';
    case SQLITE_FLOAT:
        return 'r';
    case SQLITE_TEXT:
        return 't';
    case SQLITE_BLOB:
        return 'b';
    default:
        return 'n';
    }
}

int64_t nt_db_last_id(nt_db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

int nt_db_changes(nt_db *db)
{
    return sqlite3_changes(db->h);
}

static void vbind(nt_stmt *s, const char *types, va_list ap)
{
    /* The type string is code, not input: one letter per parameter of the statement. */
    assert((int)strlen(types ? types : "") == sqlite3_bind_parameter_count(s->st));
    for (int n = 1; types && types[n - 1]; n++) {
        switch (types[n - 1]) {
        case 't':
            nt_bind_text(s, n, va_arg(ap, const char *));
            break;
        case 'i':
            nt_bind_int(s, n, va_arg(ap, int64_t));
            break;
        case 'I': {
            int64_t v = va_arg(ap, int64_t);
            if (v)
                nt_bind_int(s, n, v);
            else
                nt_bind_null(s, n);
            break;
        }
        case 'd':
            nt_bind_date(s, n, va_arg(ap, nt_date));
            break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            nt_bind_blob(s, n, p, len);
            break;
        }
        default:
            assert(!"nt_query: unknown parameter type letter");
            nt_bind_null(s, n);
            break;
        }
    }
}

nt_stmt *nt_query(nt_db *db, const char *sql, const char *types, ...)
{
    nt_stmt *s = nt_db_prepare(db, sql);
    if (!s) return NULL;
    va_list ap;
    va_start(ap, types);
    vbind(s, types, ap);
    va_end(ap);
    return s;
}

int nt_exec(nt_db *db, const char *sql, const char *types, ...)
{
    nt_stmt *s = nt_db_prepare(db, sql);
    if (!s) return NT_EDB;
    va_list ap;
    va_start(ap, types);
    vbind(s, types, ap);
    va_end(ap);
    int rc = nt_step(s);
    nt_done(s);
    return rc < 0 ? rc : 0;
}
