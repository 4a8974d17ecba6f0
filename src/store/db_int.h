/*
 * db_int.h - what the engine drivers (db_sqlite.c, db_pg.c) implement for db.c.
 *
 * db.c owns what is the same for every engine: transaction nesting, the commit hook, the
 * cache of statements prepared from string literals (keyed by the literal's address), the
 * typed binding of nt_query and the date columns. A driver's nt_db and nt_stmt begin with
 * the heads below.
 */
#ifndef NT_DB_INT_H
#define NT_DB_INT_H

#include "store/db.h"

#define NT_MAX_PARAMS 32
#define NT_STMT_CACHE 256

typedef struct nt_db_ops {
    const char *name;
    void (*close)(nt_db *db);
    int (*exec_script)(nt_db *db, const char *sql, nt_err *err);
    /* the outermost BEGIN (taking the write lock), COMMIT and ROLLBACK */
    int (*begin)(nt_db *db);
    int (*commit)(nt_db *db);
    void (*rollback)(nt_db *db);
    const char *(*failure)(nt_db *db);
    bool (*unavailable)(nt_db *db);
    /* a new statement; `persistent`: it will be kept and run many times (the cache's) */
    nt_stmt *(*prepare)(nt_db *db, const char *sql, bool persistent);
    int (*param_count)(nt_stmt *s); /* the distinct $n the statement uses */
    void (*bind_text)(nt_stmt *s, int n, const char *v, size_t len);
    void (*bind_int)(nt_stmt *s, int n, int64_t v);
    void (*bind_null)(nt_stmt *s, int n);
    void (*bind_double)(nt_stmt *s, int n, double v);
    void (*bind_blob)(nt_stmt *s, int n, const void *p, size_t len);
    int (*step)(nt_stmt *s);
    void (*reset)(nt_stmt *s); /* ready to be bound and run again */
    void (*free)(nt_stmt *s);
    int (*col_count)(nt_stmt *s);
    const char *(*col_name)(nt_stmt *s, int i);
    const char *(*col_text)(nt_stmt *s, int i); /* NULL for NULL */
    int64_t (*col_int)(nt_stmt *s, int i);
    double (*col_double)(nt_stmt *s, int i);
    const void *(*col_blob)(nt_stmt *s, int i, size_t *len);
    char (*col_type)(nt_stmt *s, int i);
    int (*backup_file)(nt_db *db, const char *path, nt_err *err); /* NULL: none */
    /* rows in COPY's text format into table(cols); NULL: none */
    int (*copy_in)(nt_db *db, const char *table, const char *cols, const char *data, size_t len,
                   nt_err *err);
    int64_t (*last_id)(nt_db *db);
    int (*changes)(nt_db *db);
} nt_db_ops;

typedef struct nt_db_head {
    const nt_db_ops *ops;
    nt_db_engine engine;
    int tx_depth;
    void (*on_commit)(void *);
    void *on_commit_ctx;
    nt_stmt *cache[NT_STMT_CACHE];
} nt_db_head;

typedef struct nt_stmt_head {
    const nt_db_ops *ops;
    nt_db *db;
    const char *key; /* the literal it was cached for; NULL for a dynamic statement */
    bool busy;       /* a cached statement in use */
} nt_stmt_head;

int nt_db_sqlite_open(const char *path, nt_db **out, nt_err *err);
int nt_db_pg_open(const char *conninfo, nt_db **out, nt_err *err);

/* NETRAL_SQL_SLOW_MS: statements slower than this many ms are logged (a development aid). */
int nt_db_slow_ms(void);

#endif
