/*
 * db.c - the engine-independent half of db.h: opening by the kind of address, transaction
 * nesting and the commit hook, typed binding (nt_query, nt_exec) and date columns. The
 * engines' own halves are db_sqlite.c and db_pg.c.
 */
#include "store/db_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define HEAD(db) ((nt_db_head *)(db))
#define OPS(s) (((nt_stmt_head *)(s))->ops)

bool nt_db_is_pg(const char *where)
{
    if (!where) return false;
    if (!strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11)) return true;
    /* a libpq keyword string: "host=... dbname=..." */
    return strchr(where, '=') &&
           (strstr(where, "dbname=") || strstr(where, "host=") || strstr(where, "service="));
}

int nt_db_open(const char *where, nt_db **out, nt_err *err)
{
    return nt_db_is_pg(where) ? nt_db_pg_open(where, out, err) : nt_db_sqlite_open(where, out, err);
}

nt_db_engine nt_db_engine_of(nt_db *db)
{
    return HEAD(db)->engine;
}

const char *nt_db_sql(nt_db *db, const char *sqlite, const char *pg)
{
    return HEAD(db)->engine == NT_DB_PG ? pg : sqlite;
}

int nt_db_slow_ms(void)
{
    static int ms = -1;
    if (ms < 0) {
        const char *e = getenv("NETRAL_SQL_SLOW_MS");
        ms = e && *e ? atoi(e) : 1 << 30;
    }
    return ms;
}

void nt_db_close(nt_db *db)
{
    if (!db) return;
    for (int i = 0; i < NT_STMT_CACHE; i++)
        if (HEAD(db)->cache[i]) HEAD(db)->ops->free(HEAD(db)->cache[i]);
    HEAD(db)->ops->close(db);
}

int nt_db_exec_script(nt_db *db, const char *sql, nt_err *err)
{
    return HEAD(db)->ops->exec_script(db, sql, err);
}

int nt_db_begin(nt_db *db)
{
    nt_db_head *h = HEAD(db);
    if (h->tx_depth++ > 0) return 0;
    int rc = h->ops->begin(db);
    if (rc) h->tx_depth = 0;
    return rc;
}

int nt_db_commit(nt_db *db)
{
    nt_db_head *h = HEAD(db);
    if (h->tx_depth <= 0) return NT_EDB;
    if (--h->tx_depth > 0) return 0;
    int rc = h->ops->commit(db);
    if (!rc && h->on_commit) h->on_commit(h->on_commit_ctx);
    return rc;
}

void nt_db_on_commit(nt_db *db, void (*fn)(void *), void *ctx)
{
    HEAD(db)->on_commit = fn;
    HEAD(db)->on_commit_ctx = ctx;
}

const char *nt_db_failure(nt_db *db)
{
    return HEAD(db)->ops->failure(db);
}

bool nt_db_unavailable(nt_db *db)
{
    return HEAD(db)->ops->unavailable && HEAD(db)->ops->unavailable(db);
}

int nt_db_commit_err(nt_db *db, nt_err *err)
{
    int rc = nt_db_commit(db);
    if (rc) nt_err_set(err, NT_EDB, NULL, "perubahan tidak disimpan: %s", nt_db_failure(db));
    return rc;
}

void nt_db_rollback(nt_db *db)
{
    nt_db_head *h = HEAD(db);
    if (h->tx_depth <= 0) return;
    h->tx_depth = 0;
    h->ops->rollback(db);
}

bool nt_db_in_tx(nt_db *db)
{
    return HEAD(db)->tx_depth > 0;
}

#define SHEAD(s) ((nt_stmt_head *)(s))

nt_stmt *nt_db_prepare(nt_db *db, const char *sql)
{
    nt_db_head *h = HEAD(db);
    uintptr_t at = ((uintptr_t)sql >> 3) % NT_STMT_CACHE;
    for (int probe = 0; probe < NT_STMT_CACHE; probe++) {
        nt_stmt *s = h->cache[(at + probe) % NT_STMT_CACHE];
        if (!s) break;
        if (SHEAD(s)->key == sql) {
            if (SHEAD(s)->busy) return h->ops->prepare(db, sql, false); /* nested use */
            SHEAD(s)->busy = true;
            return s;
        }
    }
    nt_stmt *s = h->ops->prepare(db, sql, true);
    if (!s) return NULL;
    for (int probe = 0; probe < NT_STMT_CACHE; probe++) {
        nt_stmt **slot = &h->cache[(at + probe) % NT_STMT_CACHE];
        if (!*slot) {
            *slot = s;
            SHEAD(s)->key = sql;
            SHEAD(s)->busy = true;
            return s;
        }
    }
    return s; /* cache full: used once, as a dynamic statement */
}

nt_stmt *nt_db_prepare_dynamic(nt_db *db, const char *sql)
{
    return HEAD(db)->ops->prepare(db, sql, false);
}

void nt_bind_text(nt_stmt *s, int n, const char *v)
{
    if (!v)
        OPS(s)->bind_null(s, n);
    else
        OPS(s)->bind_text(s, n, v, strlen(v));
}

void nt_bind_textn(nt_stmt *s, int n, const char *v, size_t len)
{
    OPS(s)->bind_text(s, n, v ? v : "", v ? len : 0);
}

void nt_bind_int(nt_stmt *s, int n, int64_t v)
{
    OPS(s)->bind_int(s, n, v);
}

void nt_bind_null(nt_stmt *s, int n)
{
    OPS(s)->bind_null(s, n);
}

void nt_bind_double(nt_stmt *s, int n, double v)
{
    OPS(s)->bind_double(s, n, v);
}

void nt_bind_blob(nt_stmt *s, int n, const void *p, size_t len)
{
    if (!p) /* as SQLite takes a NULL pointer: no value, not an empty one */
        OPS(s)->bind_null(s, n);
    else
        OPS(s)->bind_blob(s, n, p, len);
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
    return OPS(s)->step(s);
}

void nt_done(nt_stmt *s)
{
    if (!s) return;
    if (!SHEAD(s)->key) {
        OPS(s)->free(s);
        return;
    }
    OPS(s)->reset(s); /* back to the cache */
    SHEAD(s)->busy = false;
}

void nt_reset(nt_stmt *s)
{
    OPS(s)->reset(s);
}

int nt_col_count(nt_stmt *s)
{
    return OPS(s)->col_count(s);
}

const char *nt_col_name(nt_stmt *s, int i)
{
    return OPS(s)->col_name(s, i);
}

bool nt_col_null(nt_stmt *s, int i)
{
    return OPS(s)->col_type(s, i) == 'n';
}

const char *nt_col_text(nt_stmt *s, int i)
{
    const char *t = OPS(s)->col_text(s, i);
    return t ? t : "";
}

int64_t nt_col_int(nt_stmt *s, int i)
{
    return OPS(s)->col_int(s, i);
}

double nt_col_double(nt_stmt *s, int i)
{
    return OPS(s)->col_double(s, i);
}

const void *nt_col_blob(nt_stmt *s, int i, size_t *len)
{
    return OPS(s)->col_blob(s, i, len);
}

nt_date nt_col_date(nt_stmt *s, int i)
{
    const char *t = OPS(s)->col_text(s, i);
    nt_date d;
    if (t && nt_date_parse(t, strlen(t), &d)) return d;
    return NT_DATE_NONE;
}

char nt_col_type(nt_stmt *s, int i)
{
    return OPS(s)->col_type(s, i);
}

int nt_db_backup_file(nt_db *db, const char *path, nt_err *err)
{
    if (!HEAD(db)->ops->backup_file)
        return nt_err_set(err, NT_EINVAL, "db", "mesin basis data ini tidak punya salinan berkas");
    return HEAD(db)->ops->backup_file(db, path, err);
}

bool nt_db_can_copy_in(nt_db *db)
{
    return HEAD(db)->ops->copy_in != NULL;
}

static void copy_escaped(nt_buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        const char *e = c == '\\'   ? "\\\\"
                        : c == '\t' ? "\\t"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                                    : NULL;
        if (e)
            nt_buf_adds(b, e);
        else
            nt_buf_addc(b, c);
    }
}

void nt_copy_row_text(nt_stmt *r, nt_buf *b)
{
    static const char hex[] = "0123456789abcdef";
    int ncol = nt_col_count(r);
    for (int k = 0; k < ncol; k++) {
        if (k) nt_buf_addc(b, '\t');
        size_t len;
        const unsigned char *p;
        const char *t;
        switch (nt_col_type(r, k)) {
        case 'i':
            nt_buf_printf(b, "%lld", (long long)nt_col_int(r, k));
            break;
        case 'r':
            nt_buf_printf(b, "%.17g", nt_col_double(r, k));
            break;
        case 't':
            t = nt_col_text(r, k);
            copy_escaped(b, t, strlen(t));
            break;
        case 'b':
            p = nt_col_blob(r, k, &len);
            nt_buf_adds(b, "\\\\x");
            for (size_t i = 0; i < len; i++) {
                nt_buf_addc(b, hex[p[i] >> 4]);
                nt_buf_addc(b, hex[p[i] & 15]);
            }
            break;
        default:
            nt_buf_adds(b, "\\N");
            break;
        }
    }
    nt_buf_addc(b, '\n');
}

int nt_db_copy_in(nt_db *db, const char *table, const char *cols, const nt_buf *buf, nt_err *err)
{
    if (!HEAD(db)->ops->copy_in)
        return nt_err_set(err, NT_EINVAL, "db", "mesin basis data ini tidak punya COPY");
    return HEAD(db)->ops->copy_in(db, table, cols, buf->p ? buf->p : "", buf->len, err);
}

int64_t nt_db_last_id(nt_db *db)
{
    return HEAD(db)->ops->last_id(db);
}

int nt_db_changes(nt_db *db)
{
    return HEAD(db)->ops->changes(db);
}

static void vbind(nt_stmt *s, const char *types, va_list ap)
{
    /* The type string is code, not input: one letter per parameter of the statement. */
    assert((int)strlen(types ? types : "") == OPS(s)->param_count(s));
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
        case 'f':
            nt_bind_double(s, n, va_arg(ap, double));
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

static nt_stmt *vquery(nt_db *db, const char *sql, const char *types, va_list ap)
{
    nt_stmt *s = nt_db_prepare(db, sql);
    if (s) vbind(s, types, ap);
    return s;
}

nt_stmt *nt_query(nt_db *db, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    nt_stmt *s = vquery(db, sql, types, ap);
    va_end(ap);
    return s;
}

int nt_exec(nt_db *db, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    nt_stmt *s = vquery(db, sql, types, ap);
    va_end(ap);
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    nt_done(s);
    return rc < 0 ? rc : 0;
}
