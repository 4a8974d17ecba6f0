/*
 * db_pg.c - the PostgreSQL driver behind db.h (libpq).
 *
 * The SQL is the same as SQLite's: $n parameters are renumbered densely at prepare time (a
 * query may use $9 without $2..$8, as it may on SQLite) and sent as text, so PostgreSQL
 * infers each parameter's type from where it stands; blobs go in binary. A parameter whose
 * type the statement leaves open ("$1 IS NULL OR ...") is declared by what was bound to it
 * (a NULL as text) and the statement prepared again, once per connection. Statements db.c
 * keeps (those from string literals) are prepared once per connection (PQprepare). A step runs the
 * statement and keeps its whole result, so the caller may run other statements on the connection
 * while it reads the rows, as it may on SQLite.
 *
 * A write transaction takes one transaction-scoped advisory lock, so writers on every
 * instance queue one after another as SQLite's BEGIN IMMEDIATE makes them: registration
 * numbers stay gapless and the audit chain stays one chain. A lost connection fails the
 * statement and the next use reconnects; a read outside a transaction (which changes nothing
 * if it runs twice) reconnects and runs again at once, so a server restart costs readers
 * nothing.
 */
#include "store/db_int.h"

#include "base/log.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The advisory lock every write transaction holds ("NETRAL" as a number). */
#define WRITE_LOCK "7880235"

/* Type OIDs (pg_type.h), for the column kinds db.h reports. */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700
};

typedef struct pg_stmt {
    nt_stmt_head head;
    char *sql; /* with the parameters renumbered $1..$nparams */
    int nparams;
    unsigned char map[NT_MAX_PARAMS + 1]; /* $n of the caller -> dense index (0 = unused) */
    char name[16];
    unsigned prepared_gen; /* the connection generation it was prepared on (0: never) */
    char *vals[NT_MAX_PARAMS];
    int lens[NT_MAX_PARAMS], fmts[NT_MAX_PARAMS];
    char kind[NT_MAX_PARAMS];    /* what was bound: 't' 'i' 'r' 'b', 0 for NULL */
    Oid types[NT_MAX_PARAMS];    /* declared only where the statement leaves a type open */
    char num[NT_MAX_PARAMS][32]; /* text of integer and real parameters */
    PGresult *res;
    int row, nrows;
    struct blob {
        unsigned char *p;
        size_t n;
    } * blobs; /* decoded bytea cells of the current row */
} pg_stmt;

typedef struct pg_db {
    nt_db_head head;
    PGconn *c;
    unsigned gen; /* bumps on every reconnection: prepared statements are per connection */
    char sqlstate[6];
    bool lost;
    int changes, named;
} pg_db;

#define DB(x) ((pg_db *)(x))
#define ST(x) ((pg_stmt *)(x))

static const nt_db_ops pg_ops;

static void note_failure(pg_db *db, const PGresult *r, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "08000");
    if (PQstatus(db->c) != CONNECTION_OK) db->lost = true;
    if (strncmp(db->sqlstate, "23", 2) != 0)
        nt_error("postgresql: %s: %s", what, r ? PQresultErrorMessage(r) : PQerrorMessage(db->c));
}

/* Reconnects a lost connection (outside a transaction: inside one the work is gone). */
static bool usable(pg_db *db)
{
    if (!db->lost && PQstatus(db->c) == CONNECTION_OK) return true;
    if (db->head.tx_depth > 0) return false;
    PQreset(db->c);
    if (PQstatus(db->c) != CONNECTION_OK) return false;
    db->lost = false;
    db->gen++;
    nt_info("postgresql: reconnected");
    return true;
}

static int run(pg_db *db, const char *sql)
{
    if (!usable(db)) {
        snprintf(db->sqlstate, sizeof db->sqlstate, "08006");
        return NT_EDB;
    }
    PGresult *r = PQexec(db->c, sql);
    ExecStatusType t = PQresultStatus(r);
    int rc = (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) ? 0 : NT_EDB;
    if (rc) note_failure(db, r, sql);
    PQclear(r);
    return rc;
}

static void pg_close(nt_db *x)
{
    pg_db *db = DB(x);
    PQfinish(db->c);
    free(db);
}

static void quiet(void *arg, const char *msg)
{
    (void)arg, (void)msg; /* NOTICEs ("relation exists, skipping") are not for the log */
}

int nt_db_pg_open(const char *conninfo, nt_db **out, nt_err *err)
{
    pg_db *db = nt_xcalloc(1, sizeof *db);
    db->head.ops = &pg_ops;
    db->head.engine = NT_DB_PG;
    db->gen = 1;
    db->c = PQconnectdb(conninfo);
    if (PQstatus(db->c) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(db->c));
        msg[strcspn(msg, "\n")] = '\0';
        nt_err_set(err, NT_EDB, "db", "tidak dapat terhubung ke PostgreSQL: %s", msg);
        PQfinish(db->c);
        free(db);
        return NT_EDB;
    }
    PQsetNoticeProcessor(db->c, quiet, NULL);
    /* dates and text as the SQLite side keeps them; a lock waits at most as SQLite's does */
    if (run(db, "SET client_encoding='UTF8'; SET TIME ZONE 'UTC'; SET lock_timeout='10s'")) {
        nt_err_set(err, NT_EDB, "db", "sesi PostgreSQL tidak dapat disiapkan");
        pg_close((nt_db *)db);
        return NT_EDB;
    }
    *out = (nt_db *)db;
    return 0;
}

static int pg_exec_script(nt_db *x, const char *sql, nt_err *err)
{
    pg_db *db = DB(x);
    if (!usable(db)) return nt_err_set(err, NT_EDB, "db", "PostgreSQL tidak dapat dihubungi");
    PGresult *r = PQexec(db->c, sql);
    ExecStatusType t = PQresultStatus(r);
    int rc = 0;
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(r));
        msg[strcspn(msg, "\n")] = '\0';
        note_failure(db, r, "script");
        rc = nt_err_set(err, NT_EDB, "db", "kesalahan basis data: %s", msg);
    }
    PQclear(r);
    return rc;
}

static int pg_begin(nt_db *x)
{
    return run(DB(x), "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")");
}

static int pg_commit(nt_db *x)
{
    pg_db *db = DB(x);
    int rc = run(db, "COMMIT");
    if (rc && !db->lost && PQtransactionStatus(db->c) != PQTRANS_IDLE) run(db, "ROLLBACK");
    return rc;
}

static void pg_rollback(nt_db *x)
{
    pg_db *db = DB(x);
    if (db->lost) return; /* the server ended the transaction with the connection */
    run(db, "ROLLBACK");
}

static const char *pg_failure(nt_db *x)
{
    pg_db *db = DB(x);
    const char *s = db->sqlstate;
    if (db->lost || !strncmp(s, "08", 2) || !strncmp(s, "57P", 3))
        return "basis data tidak dapat dihubungi";
    if (!strncmp(s, "53", 2)) return "penyimpanan penuh atau tidak dapat ditulis";
    if (!strcmp(s, "25006")) return "basis data hanya dapat dibaca";
    if (!strcmp(s, "40001") || !strcmp(s, "40P01") || !strcmp(s, "55P03"))
        return "basis data sedang sibuk";
    if (!strncmp(s, "XX", 2)) return "basis data rusak";
    return "kesalahan basis data";
}

static bool pg_unavailable(nt_db *x)
{
    return DB(x)->lost || PQstatus(DB(x)->c) != CONNECTION_OK;
}

/* The statement with its $n renumbered densely, outside quotes and comments. */
static pg_stmt *make(pg_db *db, const char *sql, bool persistent)
{
    pg_stmt *s = nt_xcalloc(1, sizeof *s);
    s->head.ops = &pg_ops;
    s->head.db = (nt_db *)db;
    size_t n = strlen(sql);
    char *out = nt_xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"') { /* a literal or a quoted name, copied whole */
            size_t j = i + 1;
            while (j < n && sql[j] != ch)
                j++;
            j = j < n ? j + 1 : n;
            memcpy(out + o, sql + i, j - i), o += j - i, i = j;
            continue;
        }
        if (ch == '$' && i + 1 < n && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
            size_t j = i + 1;
            int k = 0;
            while (j < n && sql[j] >= '0' && sql[j] <= '9' && k <= NT_MAX_PARAMS)
                k = k * 10 + (sql[j++] - '0');
            if (k > NT_MAX_PARAMS) {
                nt_error("postgresql prepare: parameter $%d beyond %d in: %.200s", k, NT_MAX_PARAMS,
                         sql);
                free(out), free(s);
                return NULL;
            }
            if (!s->map[k]) s->map[k] = (unsigned char)++s->nparams;
            o += (size_t)sprintf(out + o, "$%d", s->map[k]);
            i = j;
            continue;
        }
        out[o++] = ch, i++;
    }
    out[o] = '\0';
    s->sql = out;
    s->row = -1;
    if (persistent) snprintf(s->name, sizeof s->name, "nt%d", ++db->named);
    return s;
}

static void clear_row(pg_stmt *s)
{
    if (!s->blobs) return;
    int cols = s->res ? PQnfields(s->res) : 0;
    for (int i = 0; i < cols; i++)
        PQfreemem(s->blobs[i].p);
    free(s->blobs);
    s->blobs = NULL;
}

static void clear_params(pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        if (s->vals[i] && s->vals[i] != s->num[i]) free(s->vals[i]);
        s->vals[i] = NULL;
        s->lens[i] = s->fmts[i] = 0;
    }
}

static void free_stmt(pg_stmt *s)
{
    clear_row(s);
    clear_params(s);
    pg_db *db = DB(s->head.db);
    if (!s->head.key && s->name[0] && s->prepared_gen == db->gen && !db->lost) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        run(db, sql);
    }
    PQclear(s->res);
    free(s->sql);
    free(s);
}

static nt_stmt *pg_prepare(nt_db *x, const char *sql, bool persistent)
{
    return (nt_stmt *)make(DB(x), sql, persistent);
}

static int pg_param_count(nt_stmt *s)
{
    return ST(s)->nparams;
}

/* The dense slot of $n; -1 (a no-op bind) when the statement does not use $n. */
static int slot(nt_stmt *x, int n)
{
    pg_stmt *s = ST(x);
    int k = (n >= 1 && n <= NT_MAX_PARAMS) ? s->map[n] : 0;
    if (!k) return -1;
    k--;
    if (s->vals[k] && s->vals[k] != s->num[k]) free(s->vals[k]);
    s->vals[k] = NULL;
    s->lens[k] = s->fmts[k] = 0;
    s->kind[k] = 0;
    return k;
}

static void pg_bind_text(nt_stmt *x, int n, const char *v, size_t len)
{
    int k = slot(x, n);
    if (k < 0) return;
    ST(x)->kind[k] = 't';
    char *c = nt_xmalloc(len + 1);
    memcpy(c, v, len);
    c[len] = '\0';
    ST(x)->vals[k] = c;
}

static void pg_bind_int(nt_stmt *x, int n, int64_t v)
{
    int k = slot(x, n);
    if (k < 0) return;
    ST(x)->kind[k] = 'i';
    snprintf(ST(x)->num[k], sizeof ST(x)->num[k], "%lld", (long long)v);
    ST(x)->vals[k] = ST(x)->num[k];
}

static void pg_bind_null(nt_stmt *x, int n)
{
    slot(x, n);
}

static void pg_bind_double(nt_stmt *x, int n, double v)
{
    int k = slot(x, n);
    if (k < 0) return;
    ST(x)->kind[k] = 'r';
    snprintf(ST(x)->num[k], sizeof ST(x)->num[k], "%.17g", v);
    ST(x)->vals[k] = ST(x)->num[k];
}

static void pg_bind_blob(nt_stmt *x, int n, const void *p, size_t len)
{
    int k = slot(x, n);
    if (k < 0) return;
    ST(x)->kind[k] = 'b';
    char *c = nt_xmalloc(len ? len : 1);
    if (len) memcpy(c, p, len);
    ST(x)->vals[k] = c;
    ST(x)->lens[k] = (int)len;
    ST(x)->fmts[k] = 1;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* After "could not determine data type of parameter $n": declares $n by what is bound to it
 * (the number is read from the message, whose words may be in the server's language). */
static bool declare_open_type(pg_stmt *s, const PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    /* 42P18 indeterminate_datatype; 42P08 ambiguous_parameter when types are passed */
    if (!state || (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0) || !msg)
        return false;
    const char *d = strrchr(msg, '$');
    int k = d ? atoi(d + 1) : 0;
    if (k < 1 || k > s->nparams || s->types[k - 1]) return false;
    static const Oid by_kind[] = {
        ['t'] = 25, ['i'] = OID_INT8, ['r'] = OID_FLOAT8, ['b'] = OID_BYTEA};
    char kind = s->kind[k - 1];
    s->types[k - 1] = kind ? by_kind[(unsigned char)kind] : 25;
    return true;
}

static int execute(pg_stmt *s)
{
    pg_db *db = DB(s->head.db);
    if (!usable(db)) {
        snprintf(db->sqlstate, sizeof db->sqlstate, "08006");
        return NT_EDB;
    }
    double t0 = nt_db_slow_ms() < (1 << 30) ? now_ms() : 0;
    const char *const *vals = (const char *const *)s->vals;
    PGresult *r;
    bool in_tx = db->head.tx_depth > 0, named = s->name[0] != '\0';
    if (named || in_tx) {
        /* a failed PREPARE would end the transaction: try it inside a savepoint */
        const char *name = s->name;
        bool fresh = !named || s->prepared_gen != db->gen;
        if (in_tx && fresh && run(db, "SAVEPOINT nt_prepare")) return NT_EDB;
        while (fresh) {
            r = PQprepare(db->c, name, s->sql, s->nparams, s->types);
            if (PQresultStatus(r) == PGRES_COMMAND_OK) {
                PQclear(r);
                s->prepared_gen = db->gen;
                /* (a simple query would drop the unnamed statement: released after it runs) */
                if (in_tx && named && run(db, "RELEASE SAVEPOINT nt_prepare")) return NT_EDB;
                break;
            }
            bool again = declare_open_type(s, r);
            if (!again) note_failure(db, r, s->sql);
            PQclear(r);
            if (in_tx && run(db, "ROLLBACK TO SAVEPOINT nt_prepare")) return NT_EDB;
            if (!again) {
                if (in_tx) run(db, "RELEASE SAVEPOINT nt_prepare");
                return NT_EDB;
            }
        }
        r = PQexecPrepared(db->c, name, s->nparams, vals, s->lens, s->fmts, 0);
        if (!named && fresh) {
            /* the savepoint ends with the statement: a failure is the transaction's */
            ExecStatusType t = PQresultStatus(r);
            if ((t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK) &&
                run(db, "RELEASE SAVEPOINT nt_prepare")) {
                PQclear(r);
                return NT_EDB;
            }
        }
    } else {
        for (;;) {
            r = PQexecParams(db->c, s->sql, s->nparams, s->types, vals, s->lens, s->fmts, 0);
            if (PQresultStatus(r) != PGRES_FATAL_ERROR || !declare_open_type(s, r)) break;
            PQclear(r);
        }
    }
    if (t0 > 0 && now_ms() - t0 >= nt_db_slow_ms())
        nt_warn("slow SQL %.1f ms: %.300s", now_ms() - t0, s->sql);
    ExecStatusType t = PQresultStatus(r);
    if (t == PGRES_TUPLES_OK) {
        s->res = r;
        s->nrows = PQntuples(r);
        s->row = -1;
        return 0;
    }
    if (t == PGRES_COMMAND_OK) {
        db->changes = atoi(PQcmdTuples(r));
        PQclear(r);
        return 0;
    }
    note_failure(db, r, s->sql);
    PQclear(r);
    return !strncmp(db->sqlstate, "23", 2) ? NT_ECONFLICT : NT_EDB;
}

/* A statement that only reads: running it twice is harmless. */
static bool reads_only(const char *sql)
{
    sql += strspn(sql, " \t\n(");
    return !strncasecmp(sql, "SELECT", 6);
}

static int pg_step(nt_stmt *x)
{
    pg_stmt *s = ST(x);
    clear_row(s);
    if (s->row == -1 && !s->res) {
        int rc = execute(s);
        pg_db *db = DB(s->head.db);
        if (rc == NT_EDB && db->lost && db->head.tx_depth == 0 && reads_only(s->sql) && usable(db))
            rc = execute(s);
        if (rc) return rc;
        if (!s->res) {
            s->row = -2; /* a command: done */
            return 0;
        }
    }
    if (!s->res) return 0;
    if (++s->row < s->nrows) return 1;
    s->row = s->nrows;
    return 0;
}

static void pg_free(nt_stmt *x)
{
    free_stmt(ST(x));
}

/* A dynamic statement run again becomes a named one, prepared once on this connection. */
static void pg_reset(nt_stmt *x)
{
    pg_stmt *s = ST(x);
    clear_row(s);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    clear_params(s);
    if (!s->head.key && !s->name[0]) {
        snprintf(s->name, sizeof s->name, "nd%d", ++DB(s->head.db)->named);
        s->prepared_gen = 0;
    }
}

static bool cell(pg_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res) &&
           !PQgetisnull(s->res, s->row, i);
}

static int pg_col_count(nt_stmt *x)
{
    return ST(x)->res ? PQnfields(ST(x)->res) : 0;
}

static const char *pg_col_name(nt_stmt *x, int i)
{
    return ST(x)->res ? PQfname(ST(x)->res, i) : "";
}

static const char *pg_col_text(nt_stmt *x, int i)
{
    pg_stmt *s = ST(x);
    if (!cell(s, i)) return NULL;
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) == OID_BOOL) return v[0] == 't' ? "1" : "0";
    return v;
}

static int64_t pg_col_int(nt_stmt *x, int i)
{
    pg_stmt *s = ST(x);
    if (!cell(s, i)) return 0;
    const char *v = PQgetvalue(s->res, s->row, i);
    unsigned oid = PQftype(s->res, i);
    if (oid == OID_BOOL) return v[0] == 't';
    if (oid == OID_NUMERIC || oid == OID_FLOAT4 || oid == OID_FLOAT8)
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(nt_stmt *x, int i)
{
    pg_stmt *s = ST(x);
    if (!cell(s, i)) return 0;
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) == OID_BOOL) return v[0] == 't';
    return strtod(v, NULL);
}

static const void *pg_col_blob(nt_stmt *x, int i, size_t *len)
{
    pg_stmt *s = ST(x);
    *len = 0;
    if (!cell(s, i)) return NULL;
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) != OID_BYTEA) {
        *len = (size_t)PQgetlength(s->res, s->row, i);
        return v;
    }
    if (!s->blobs) s->blobs = nt_xcalloc((size_t)PQnfields(s->res), sizeof *s->blobs);
    if (!s->blobs[i].p) s->blobs[i].p = PQunescapeBytea((const unsigned char *)v, &s->blobs[i].n);
    *len = s->blobs[i].p ? s->blobs[i].n : 0;
    return s->blobs[i].p;
}

static char pg_col_type(nt_stmt *x, int i)
{
    pg_stmt *s = ST(x);
    if (!cell(s, i)) return 'n';
    switch (PQftype(s->res, i)) {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        return 'i';
    case OID_FLOAT4:
    case OID_FLOAT8:
        return 'r';
    case OID_NUMERIC: /* sum() and avg(): whole numbers stay whole */
        return strpbrk(PQgetvalue(s->res, s->row, i), ".eE") ? 'r' : 'i';
    case OID_BYTEA:
        return 'b';
    default:
        return 't';
    }
}

static int64_t pg_last_id(nt_db *x)
{
    pg_db *db = DB(x);
    PGresult *r = PQexec(db->c, "SELECT lastval()");
    int64_t id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                     ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                     : 0;
    PQclear(r);
    return id;
}

static int pg_changes(nt_db *x)
{
    return DB(x)->changes;
}

static int pg_copy_in(nt_db *x, const char *table, const char *cols, const char *data, size_t len,
                      nt_err *err)
{
    pg_db *db = DB(x);
    if (!usable(db)) return nt_err_set(err, NT_EDB, "db", "PostgreSQL tidak dapat dihubungi");
    char sql[1200];
    snprintf(sql, sizeof sql, "COPY %s(%s) FROM STDIN", table, cols);
    PGresult *r = PQexec(db->c, sql);
    bool ready = PQresultStatus(r) == PGRES_COPY_IN;
    if (!ready) note_failure(db, r, sql);
    PQclear(r);
    if (!ready) return nt_err_set(err, NT_EDB, "db", "tabel %s tidak dapat dimuat", table);
    int ok = 1;
    for (size_t off = 0; ok == 1 && off < len; off += 1 << 20) {
        size_t n = len - off < (1u << 20) ? len - off : 1u << 20;
        ok = PQputCopyData(db->c, data + off, (int)n);
    }
    ok = PQputCopyEnd(db->c, ok == 1 ? NULL : "gagal mengirim") == 1 && ok == 1;
    int rc = 0;
    while ((r = PQgetResult(db->c))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            note_failure(db, r, sql);
            if (!rc)
                rc = nt_err_set(err, NT_EDB, "db", "baris tabel %s tidak dapat ditulis: %s", table,
                                PQresultErrorMessage(r));
        }
        PQclear(r);
    }
    if (!ok && !rc) rc = nt_err_set(err, NT_EDB, "db", "tabel %s tidak dapat dimuat", table);
    return rc;
}

static const nt_db_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .failure = pg_failure,
    .unavailable = pg_unavailable,
    .prepare = pg_prepare,
    .param_count = pg_param_count,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .bind_double = pg_bind_double,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .reset = pg_reset,
    .free = pg_free,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_blob = pg_col_blob,
    .col_type = pg_col_type,
    .copy_in = pg_copy_in,
    .last_id = pg_last_id,
    .changes = pg_changes,
};
