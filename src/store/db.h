/*
 * db.h - the small driver interface under the store.
 *
 * SQL is written once, with $1..$n parameters, and run through these calls; each
 * engine (SQLite: db_sqlite.c, PostgreSQL: db_pg.c) implements them. Statements
 * prepared from string literals are cached per connection (keyed by the literal's
 * address); SQL built at run time must use nt_db_prepare_dynamic. The few places
 * where the engines' SQL differs (full-text search, JSON arrays, string aggregation)
 * pick their text with nt_db_sql.
 *
 * One nt_db is one connection and must be used by one thread at a time.
 */
#ifndef NT_DB_H
#define NT_DB_H

#include "base/date.h"
#include "base/nt.h"

typedef struct nt_db nt_db;
typedef struct nt_stmt nt_stmt;

typedef enum nt_db_engine { NT_DB_SQLITE, NT_DB_PG } nt_db_engine;

/* A path opens (or creates) a SQLite file; a postgresql:// or postgres:// URI, or a
 * libpq "key=value" string, opens PostgreSQL. */
bool nt_db_is_pg(const char *where);
int nt_db_open(const char *where, nt_db **out, nt_err *err);
nt_db_engine nt_db_engine_of(nt_db *db);
/* The engine's text of one piece of SQL (both static, so statement caching still works). */
const char *nt_db_sql(nt_db *db, const char *sqlite, const char *pg);
void nt_db_close(nt_db *db);
/* Runs one or more statements without parameters (DDL). */
int nt_db_exec_script(nt_db *db, const char *sql, nt_err *err);
/* Write transaction; taking the write lock at BEGIN so writers queue, not fail. */
int nt_db_begin(nt_db *db);
int nt_db_commit(nt_db *db);
/* fn(ctx) runs after every outermost COMMIT that succeeded. */
void nt_db_on_commit(nt_db *db, void (*fn)(void *), void *ctx);
/* The same, with the reason in err when it fails ("perubahan tidak disimpan: penyimpanan
 * penuh ..."), so a full disk or a read-only file is said as such. */
int nt_db_commit_err(nt_db *db, nt_err *err);
/* What the last failed write met, in words. */
const char *nt_db_failure(nt_db *db);
/* The database server could not be reached by the last statement (PostgreSQL; a file is never
 * unreachable): what a request got meanwhile is no answer, and the next use reconnects. */
bool nt_db_unavailable(nt_db *db);
void nt_db_rollback(nt_db *db);
bool nt_db_in_tx(nt_db *db);

nt_stmt *nt_db_prepare(nt_db *db, const char *static_sql);
nt_stmt *nt_db_prepare_dynamic(nt_db *db, const char *sql);

void nt_bind_text(nt_stmt *s, int n, const char *v); /* NULL binds NULL */
void nt_bind_textn(nt_stmt *s, int n, const char *v, size_t len);
void nt_bind_int(nt_stmt *s, int n, int64_t v);
void nt_bind_null(nt_stmt *s, int n);
void nt_bind_double(nt_stmt *s, int n, double v);
void nt_bind_blob(nt_stmt *s, int n, const void *p, size_t len); /* NULL p binds NULL */
void nt_bind_date(nt_stmt *s, int n, nt_date d);                 /* NT_DATE_NONE binds NULL */

/* 1: a row; 0: done; NT_ECONFLICT: a constraint failed; NT_EDB: other error. */
int nt_step(nt_stmt *s);
/* Returns the statement to the cache (or frees a dynamic one). Always call. */
void nt_done(nt_stmt *s);
/* Makes the statement ready to be bound and run again (a dynamic statement run once per row:
 * prepared once, not per row). */
void nt_reset(nt_stmt *s);

int nt_col_count(nt_stmt *s);
const char *nt_col_name(nt_stmt *s, int i);
bool nt_col_null(nt_stmt *s, int i);
const char *nt_col_text(nt_stmt *s, int i); /* "" for NULL */
int64_t nt_col_int(nt_stmt *s, int i);
double nt_col_double(nt_stmt *s, int i);
const void *nt_col_blob(nt_stmt *s, int i, size_t *len);
nt_date nt_col_date(nt_stmt *s, int i); /* NT_DATE_NONE for NULL/invalid */
/* 'i' integer, 'r' real, 't' text, 'b' blob, 'n' null */
char nt_col_type(nt_stmt *s, int i);

/* A consistent copy of the whole database into a new file while others keep working (SQLite's
 * online backup API); NT_EINVAL for an engine that has none (PostgreSQL: copy the record). */
int nt_db_backup_file(nt_db *db, const char *path, nt_err *err);
/* Bulk loading (PostgreSQL's COPY FROM STDIN): whether the engine has it, one statement's row
 * appended to buf in COPY's text format (NULL as \N, text escaped, bytes as \x hex), and the
 * rows in buf written into table(cols, comma-separated) inside the caller's transaction. */
bool nt_db_can_copy_in(nt_db *db);
void nt_copy_row_text(nt_stmt *row, nt_buf *buf);
int nt_db_copy_in(nt_db *db, const char *table, const char *cols, const nt_buf *buf, nt_err *err);

int64_t nt_db_last_id(nt_db *db);
int nt_db_changes(nt_db *db);

/* Prepare + bind in one call. types: one letter per parameter $1..$n:
 * t const char* (NULL binds NULL), i int64_t, I int64_t id (0 binds NULL), d nt_date, f double,
 * b (const void*, size_t), n none (NULL). */
nt_stmt *nt_query(nt_db *db, const char *static_sql, const char *types, ...);
/* Runs a statement that returns no rows; 0 or a negative NT_E* code. */
int nt_exec(nt_db *db, const char *static_sql, const char *types, ...);

#endif
