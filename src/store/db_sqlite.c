/*
 * db_sqlite.c - the SQLite driver behind db.h.
 *
 * Connections run in WAL mode with foreign keys on and a busy timeout, so
 * many readers proceed while one writer holds BEGIN IMMEDIATE. $N parameters
 * are mapped to SQLite's parameter indexes at prepare time, so a query may
 * use $2 before $1 or repeat a parameter.
 */
#include "store/db_int.h"

#include "base/log.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct sq_stmt {
    nt_stmt_head head;
    sqlite3_stmt *st;
    unsigned char map[NT_MAX_PARAMS + 1]; /* $n -> sqlite index (0 = unused) */
} sq_stmt;

typedef struct sq_db {
    nt_db_head head;
    sqlite3 *h;
    int last_rc; /* SQLite's code for the last failed step or transaction command */
} sq_db;

#define DB(x) ((sq_db *)(x))
#define ST(x) ((sq_stmt *)(x))

static const nt_db_ops sq_ops;

static int on_profile(unsigned type, void *ctx, void *p, void *x)
{
    uint64_t ns = *(uint64_t *)x;
    if (ns / 1000000 >= (uint64_t)nt_db_slow_ms()) {
        char *sql = sqlite3_expanded_sql(p);
        nt_warn("slow SQL %.1f ms: %.300s", (double)ns / 1e6, sql ? sql : sqlite3_sql(p));
        sqlite3_free(sql);
    }
    return 0;
}

static void sq_close(nt_db *x)
{
    sq_db *db = DB(x);
    sqlite3_exec(db->h, "PRAGMA optimize", NULL, NULL, NULL);
    sqlite3_close(db->h);
    free(db);
}

static int sq_exec_script(nt_db *x, const char *sql, nt_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(DB(x)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        nt_err_set(err, NT_EDB, "db", "kesalahan basis data: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return NT_EDB;
    }
    return 0;
}

int nt_db_sqlite_open(const char *path, nt_db **out, nt_err *err)
{
    sq_db *db = nt_xcalloc(1, sizeof *db);
    db->head.ops = &sq_ops;
    db->head.engine = NT_DB_SQLITE;
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
    if (nt_db_slow_ms() < (1 << 30))
        sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, on_profile, NULL);
    sqlite3_extended_result_codes(db->h, 1);
    const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;";
    rc = sq_exec_script((nt_db *)db, pragmas, err);
    if (rc) {
        sq_close((nt_db *)db);
        return rc;
    }
    *out = (nt_db *)db;
    return 0;
}

static int simple(sq_db *db, const char *sql)
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

static int sq_begin(nt_db *x)
{
    return simple(DB(x), "BEGIN IMMEDIATE");
}

static int sq_commit(nt_db *x)
{
    int rc = simple(DB(x), "COMMIT");
    /* a failed COMMIT may have rolled back already (a full disk does): then there is none */
    if (rc && !sqlite3_get_autocommit(DB(x)->h)) simple(DB(x), "ROLLBACK");
    return rc;
}

static void sq_rollback(nt_db *x)
{
    simple(DB(x), "ROLLBACK");
}

static const char *sq_failure(nt_db *x)
{
    switch (DB(x)->last_rc & 0xff) {
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

static nt_stmt *sq_prepare(nt_db *x, const char *sql, bool persistent)
{
    sq_db *db = DB(x);
    sqlite3_stmt *st = NULL;
    unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db->h, sql, -1, flags, &st, NULL) != SQLITE_OK) {
        nt_error("sqlite prepare: %s in: %.200s", sqlite3_errmsg(db->h), sql);
        return NULL;
    }
    sq_stmt *s = nt_xcalloc(1, sizeof *s);
    s->head.ops = &sq_ops;
    s->head.db = (nt_db *)db;
    s->st = st;
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        if (!name || name[0] != '$') continue;
        int k = atoi(name + 1);
        if (k >= 1 && k <= NT_MAX_PARAMS) s->map[k] = (unsigned char)i;
    }
    return (nt_stmt *)s;
}

static int sq_param_count(nt_stmt *s)
{
    return sqlite3_bind_parameter_count(ST(s)->st);
}

/* The SQLite index of $n; 0 (a no-op bind) when the statement does not use $n. */
static int idx(nt_stmt *s, int n)
{
    return (n >= 1 && n <= NT_MAX_PARAMS) ? ST(s)->map[n] : 0;
}

static void sq_bind_text(nt_stmt *s, int n, const char *v, size_t len)
{
    sqlite3_bind_text(ST(s)->st, idx(s, n), v, (int)len, SQLITE_TRANSIENT);
}

static void sq_bind_int(nt_stmt *s, int n, int64_t v)
{
    sqlite3_bind_int64(ST(s)->st, idx(s, n), v);
}

static void sq_bind_null(nt_stmt *s, int n)
{
    sqlite3_bind_null(ST(s)->st, idx(s, n));
}

static void sq_bind_double(nt_stmt *s, int n, double v)
{
    sqlite3_bind_double(ST(s)->st, idx(s, n), v);
}

static void sq_bind_blob(nt_stmt *s, int n, const void *p, size_t len)
{
    sqlite3_bind_blob(ST(s)->st, idx(s, n), p, (int)len, SQLITE_TRANSIENT);
}

static int sq_step(nt_stmt *x)
{
    sq_stmt *s = ST(x);
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return NT_ECONFLICT;
    sq_db *db = DB(s->head.db);
    db->last_rc = sqlite3_extended_errcode(db->h);
    nt_error("sqlite step: %s", sqlite3_errmsg(db->h));
    return NT_EDB;
}

static void sq_free(nt_stmt *x)
{
    sqlite3_finalize(ST(x)->st);
    free(x);
}

static void sq_reset(nt_stmt *x)
{
    sqlite3_reset(ST(x)->st);
    sqlite3_clear_bindings(ST(x)->st);
}

static int sq_col_count(nt_stmt *s)
{
    return sqlite3_column_count(ST(s)->st);
}

static const char *sq_col_name(nt_stmt *s, int i)
{
    return sqlite3_column_name(ST(s)->st, i);
}

static const char *sq_col_text(nt_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(ST(s)->st, i);
}

static int64_t sq_col_int(nt_stmt *s, int i)
{
    return sqlite3_column_int64(ST(s)->st, i);
}

static double sq_col_double(nt_stmt *s, int i)
{
    return sqlite3_column_double(ST(s)->st, i);
}

static const void *sq_col_blob(nt_stmt *s, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(ST(s)->st, i);
    *len = (size_t)sqlite3_column_bytes(ST(s)->st, i);
    return p;
}

static char sq_col_type(nt_stmt *s, int i)
{
    switch (sqlite3_column_type(ST(s)->st, i)) {
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

/* The online backup API, a few hundred pages at a time so writers are not held up long. */
static int sq_backup_file(nt_db *x, const char *path, nt_err *err)
{
    sqlite3 *to = NULL;
    int rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(to, "main", DB(x)->h, "main") : NULL;
    if (!b) {
        nt_err_set(err, NT_EIO, "db", "salinan %s tidak dapat dibuat: %s", path,
                   to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
        sqlite3_close(to);
        return NT_EIO;
    }
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    int bad = rc != SQLITE_DONE;
    if (bad) nt_err_set(err, NT_EIO, "db", "salinan %s gagal: %s", path, sqlite3_errstr(rc));
    sqlite3_close(to);
    return bad ? NT_EIO : 0;
}

static int64_t sq_last_id(nt_db *x)
{
    return sqlite3_last_insert_rowid(DB(x)->h);
}

static int sq_changes(nt_db *x)
{
    return sqlite3_changes(DB(x)->h);
}

static const nt_db_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .exec_script = sq_exec_script,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .failure = sq_failure,
    .prepare = sq_prepare,
    .param_count = sq_param_count,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .bind_double = sq_bind_double,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .reset = sq_reset,
    .free = sq_free,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_blob = sq_col_blob,
    .col_type = sq_col_type,
    .backup_file = sq_backup_file,
    .last_id = sq_last_id,
    .changes = sq_changes,
};
