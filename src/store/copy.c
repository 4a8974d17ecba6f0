/*
 * copy.c - the whole record from one store into another, on either engine: backups (into a
 * SQLite file beside the evidence), restores (from such a file into an empty database).
 *
 * The source is read in one snapshot (a read transaction; PostgreSQL's REPEATABLE READ), the
 * target written in one transaction, table by table in foreign-key order with every row's
 * values as they are (ids and the audit chain unchanged), so `audit verify` holds on the copy
 * exactly as on the original. A target that already holds a record is refused. Evidence files
 * are copied by their SHA-256 and checked against it on the way.
 */
#include "store/store_int.h"

#include "base/file.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The target's writable columns of a table (not generated), as a JSON array of names. */
static json_t *columns(nt_db *db, const char *table)
{
    nt_stmt *s = nt_query(db,
                          nt_db_sql(db, "SELECT name FROM pragma_table_info($1) ORDER BY cid",
                                    "SELECT column_name FROM information_schema.columns WHERE "
                                    "table_schema=current_schema() AND table_name=$1 AND "
                                    "is_generated='NEVER' ORDER BY ordinal_position"),
                          "t", table);
    json_t *cols = json_array();
    while (s && nt_step(s) == 1)
        json_array_append_new(cols, json_string(nt_col_text(s, 0)));
    nt_done(s);
    return cols;
}

static bool empty(nt_db *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", table);
    nt_stmt *s = nt_db_prepare_dynamic(db, sql);
    bool none = s && nt_step(s) == 0;
    nt_done(s);
    return none;
}

/* One table's rows from src into dst (the columns both have); count in *n. */
static int copy_table(nt_db *src, nt_db *dst, const char *table, const char *where, int64_t *n,
                      nt_err *err)
{
    json_t *cols = columns(dst, table);
    if (!json_array_size(cols)) {
        json_decref(cols);
        return nt_err_set(err, NT_EDB, "db", "tabel %s tidak ada di basis data tujuan", table);
    }
    nt_buf sel = {0}, ins = {0};
    nt_buf_adds(&sel, "SELECT ");
    nt_buf_printf(&ins, "INSERT INTO %s(", table);
    size_t i;
    json_t *c;
    json_array_foreach(cols, i, c)
    {
        nt_buf_printf(&sel, "%s%s", i ? "," : "", json_string_value(c));
        nt_buf_printf(&ins, "%s%s", i ? "," : "", json_string_value(c));
    }
    nt_buf_printf(&sel, " FROM %s%s", table, where ? where : "");
    nt_buf_adds(&ins, ") VALUES(");
    for (i = 0; i < json_array_size(cols); i++)
        nt_buf_printf(&ins, "%s$%zu", i ? "," : "", i + 1);
    nt_buf_addc(&ins, ')');
    json_decref(cols);
    nt_stmt *r = nt_db_prepare_dynamic(src, sel.p);
    nt_buf_free(&sel);
    *n = 0;
    if (nt_db_can_copy_in(dst)) { /* PostgreSQL: COPY, some megabytes at a time */
        nt_buf names = {0}, rows = {0};
        json_t *cs = columns(dst, table);
        json_array_foreach(cs, i, c)
            nt_buf_printf(&names, "%s%s", i ? "," : "", json_string_value(c));
        json_decref(cs);
        int rc = r ? 0 : nt_err_set(err, NT_EDB, "db", "tabel %s tidak dapat disalin", table);
        int step = 0;
        while (!rc && (step = nt_step(r)) == 1) {
            nt_copy_row_text(r, &rows);
            (*n)++;
            if (rows.len > (8u << 20)) {
                rc = nt_db_copy_in(dst, table, names.p, &rows, err);
                nt_buf_reset(&rows);
            }
        }
        if (!rc && step < 0) rc = step;
        if (rc < 0 && !err->msg[0]) nt_err_set(err, rc, "db", "tabel %s tidak dapat dibaca", table);
        if (!rc && rows.len) rc = nt_db_copy_in(dst, table, names.p, &rows, err);
        nt_buf_free(&rows);
        nt_buf_free(&names);
        nt_buf_free(&ins);
        nt_done(r);
        return rc < 0 ? rc : rc ? NT_EDB : 0;
    }
    nt_stmt *w = nt_db_prepare_dynamic(dst, ins.p);
    nt_buf_free(&ins);
    int rc = r && w ? 0 : nt_err_set(err, NT_EDB, "db", "tabel %s tidak dapat disalin", table);
    while (!rc && (rc = nt_step(r)) == 1) {
        int ncol = nt_col_count(r);
        for (int k = 0; k < ncol; k++) {
            size_t len;
            const void *p;
            switch (nt_col_type(r, k)) {
            case 'i':
                nt_bind_int(w, k + 1, nt_col_int(r, k));
                break;
            case 'r':
                nt_bind_double(w, k + 1, nt_col_double(r, k));
                break;
            case 't':
                nt_bind_text(w, k + 1, nt_col_text(r, k));
                break;
            case 'b':
                p = nt_col_blob(r, k, &len);
                nt_bind_blob(w, k + 1, p, len);
                break;
            default:
                nt_bind_null(w, k + 1);
                break;
            }
        }
        rc = nt_step(w);
        nt_reset(w);
        if (rc < 0) {
            rc = nt_err_set(err, rc, "db", "baris tabel %s tidak dapat ditulis: %s", table,
                            nt_db_failure(dst));
            break;
        }
        (*n)++;
    }
    if (rc < 0 && !err->msg[0]) nt_err_set(err, rc, "db", "tabel %s tidak dapat dibaca", table);
    nt_done(r);
    nt_done(w);
    return rc < 0 ? rc : 0;
}

/* PostgreSQL: identity columns continue after the copied ids. */
static int continue_identities(nt_db *dst, nt_err *err)
{
    if (nt_db_engine_of(dst) != NT_DB_PG) return 0;
    nt_stmt *s = nt_query(dst,
                          "SELECT table_name, column_name FROM information_schema.columns WHERE "
                          "table_schema=current_schema() AND is_identity='YES'",
                          "");
    json_t *list = nt_rows_json(s);
    size_t i;
    json_t *row;
    int rc = 0;
    json_array_foreach(list, i, row)
    {
        const char *t = json_string_value(json_object_get(row, "table_name"));
        const char *c = json_string_value(json_object_get(row, "column_name"));
        char sql[300];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s','%s'), coalesce(max(%s),0)+1, false) "
                 "FROM %s",
                 t, c, c, t);
        nt_stmt *q = nt_db_prepare_dynamic(dst, sql);
        if (!q || nt_step(q) != 1) rc = nt_err_set(err, NT_EDB, "db", "urutan id %s gagal", t);
        nt_done(q);
        if (rc) break;
    }
    json_decref(list);
    return rc;
}

int nt_store_copy_record(nt_store *src, nt_store *dst, json_t **counts, nt_err *err)
{
    *counts = NULL;
    for (int i = 0; nt_schema_tables[i]; i++)
        if (!empty(dst->db, nt_schema_tables[i]))
            return nt_err_set(err, NT_ECONFLICT, "db",
                              "basis data tujuan sudah berisi data (tabel %s); pulihkan ke basis "
                              "data yang baru dibuat",
                              nt_schema_tables[i]);
    /* one snapshot of the source */
    if (nt_db_exec_script(
            src->db, nt_db_sql(src->db, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
            err))
        return NT_EDB;
    if (nt_db_begin(dst->db)) {
        nt_db_exec_script(src->db, "COMMIT", NULL);
        return nt_err_set(err, NT_EDB, "db", "basis data tujuan sedang sibuk");
    }
    json_t *out = json_object();
    int rc = 0;
    for (int i = 0; !rc && nt_schema_tables[i]; i++) {
        int64_t n = 0;
        rc = copy_table(src->db, dst->db, nt_schema_tables[i], NULL, &n, err);
        if (!rc) json_object_set_new(out, nt_schema_tables[i], json_integer(n));
    }
    /* meta: the audit head and the rest, not what belongs to the target's own schema */
    int64_t n = 0;
    if (!rc)
        rc = nt_exec(dst->db, "DELETE FROM meta WHERE key NOT IN ('schema_version','rule_states')",
                     "");
    if (!rc)
        rc = copy_table(src->db, dst->db, "meta",
                        " WHERE key NOT IN ('schema_version','rule_states')", &n, err);
    if (!rc) rc = continue_identities(dst->db, err);
    if (!rc && nt_figures_rebuild(dst)) /* the dashboard's counts, from the copied cases */
        rc = nt_err_set(err, NT_EDB, "db", "angka dasbor tidak dapat dihitung");
    /* the planner's statistics for what was just loaded (autovacuum would take its time) */
    if (!rc && nt_db_engine_of(dst->db) == NT_DB_PG)
        rc = nt_db_exec_script(dst->db, "ANALYZE", err);
    nt_db_exec_script(src->db, "COMMIT", NULL);
    if (rc) {
        nt_db_rollback(dst->db);
        json_decref(out);
        if (!err->msg[0])
            nt_err_set(err, NT_EDB, "db", "salinan gagal: %s", nt_db_failure(dst->db));
        return rc < 0 ? rc : NT_EDB;
    }
    if (nt_db_commit_err(dst->db, err)) {
        json_decref(out);
        return NT_EDB;
    }
    *counts = out;
    return 0;
}

/* Copies one evidence file, checking its SHA-256 on the way; 0, NT_ENOTFOUND or NT_EIO. */
static int copy_verified(const char *from, const char *to, const char *want, nt_err *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return nt_err_set(err, NT_ENOTFOUND, "bukti", "berkas bukti %s hilang", want);
    char tmp[900];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", to);
    int out = mkstemp(tmp);
    if (out < 0) {
        close(in);
        return nt_err_set(err, NT_EIO, "bukti", "%s tidak dapat dibuat: %s", to, strerror(errno));
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    ssize_t r;
    bool ok = true;
    while (ok && (r = read(in, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&h, buf, (size_t)r);
        ok = write(out, buf, (size_t)r) == r;
    }
    ok = ok && r == 0 && fsync(out) == 0;
    close(in);
    ok = close(out) == 0 && ok;
    unsigned char dig[32];
    char got[65];
    crypto_hash_sha256_final(&h, dig);
    sodium_bin2hex(got, sizeof got, dig, sizeof dig);
    if (!ok || strcmp(got, want) != 0 || rename(tmp, to) != 0) {
        unlink(tmp);
        return nt_err_set(err, NT_EIO, "bukti",
                          ok ? "berkas bukti %s rusak: SHA-256 tidak cocok dengan catatan"
                             : "berkas bukti %s tidak dapat disalin",
                          want);
    }
    return 0;
}

int nt_store_copy_evidence(nt_store *st, const char *from_dir, const char *to_dir, int64_t *files,
                           int64_t *bytes, nt_err *err)
{
    *files = *bytes = 0;
    nt_stmt *s = nt_query(st->db, "SELECT DISTINCT sha256, size FROM evidence ORDER BY sha256", "");
    if (!s) return nt_err_set(err, NT_EDB, "db", "daftar bukti tidak dapat dibaca");
    int rc = 0;
    while (!rc && nt_step(s) == 1) {
        const char *hex = nt_col_text(s, 0);
        char dir[700], from[900], to[900];
        snprintf(dir, sizeof dir, "%s/%.2s", to_dir, hex);
        snprintf(from, sizeof from, "%s/%.2s/%s", from_dir, hex, hex);
        snprintf(to, sizeof to, "%s/%s", dir, hex);
        rc = nt_mkdirs(dir, err);
        if (!rc && access(to, F_OK) != 0) rc = copy_verified(from, to, hex, err);
        if (!rc) (*files)++, *bytes += nt_col_int(s, 1);
    }
    nt_done(s);
    return rc;
}
