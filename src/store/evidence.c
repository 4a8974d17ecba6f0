/*
 * evidence.c - evidence files, streamed in and stored under their SHA-256.
 *
 * An upload is written to a temporary file in the evidence directory while
 * its hash is computed, so a file of any size never sits in memory. On commit
 * the file is fsync'd and renamed to <dir>/<2 hex>/<64 hex>; identical files
 * are stored once. A download re-hashes the file and refuses to serve it if
 * the hash no longer matches the record.
 */
#include "store/store_int.h"

#include "base/file.h"
#include "base/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct nt_upload {
    nt_store *st;
    nt_actor actor;
    int64_t case_id;
    int fd;
    char tmp[600];
    char placed[700]; /* a file this upload put into the content store, until its record is kept */
    char filename[256], content_type[128], description[1024];
    size_t size, max;
    unsigned char head[16];
    char hex[65];
    size_t headlen;
    crypto_hash_sha256_state h;
};

static void clean_filename(const char *in, char out[256])
{
    const char *base = in;
    for (const char *p = in; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    size_t n = 0;
    for (const char *p = base; *p && n < 255; p++) {
        unsigned char c = (unsigned char)*p;
        out[n++] = (c < 0x20 || c == 0x7f || c == '"') ? '_' : (char)c;
    }
    out[n] = '\0';
    if (!n || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) nt_strlcpy(out, "bukti", 256);
}

int nt_evidence_begin(nt_store *st, const nt_actor *a, int64_t case_id, const char *filename,
                      const char *content_type, const char *description, size_t max_bytes,
                      nt_upload **out, nt_err *err)
{
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengunggah bukti");
    int rc = nt_case_visible(st, a, case_id, err);
    if (rc) return rc;
    if (description &&
        (strlen(description) > 1000 || !nt_utf8_valid(description, strlen(description))))
        return nt_err_set(err, NT_EINVAL, "keterangan", "keterangan maksimum 1000 byte UTF-8");
    if ((rc = nt_evidence_stage(st, a, filename, content_type, description, max_bytes, out, err)))
        return rc;
    (*out)->case_id = case_id;
    return 0;
}

int nt_evidence_stage(nt_store *st, const nt_actor *a, const char *filename,
                      const char *content_type, const char *description, size_t max_bytes,
                      nt_upload **out, nt_err *err)
{
    int rc;
    if (!filename || !*filename || strlen(filename) > 255 ||
        !nt_utf8_valid(filename, strlen(filename)))
        return nt_err_set(err, NT_EINVAL, "nama_berkas",
                          "nama berkas wajib diisi (UTF-8, maksimum 255 byte)");
    char dir[600];
    snprintf(dir, sizeof dir, "%s/tmp", st->evidence_dir);
    if ((rc = nt_mkdirs(dir, err))) return rc;
    nt_upload *u = nt_xcalloc(1, sizeof *u);
    u->st = st;
    u->actor = *a;
    u->max = max_bytes;
    snprintf(u->tmp, sizeof u->tmp, "%s/upload-XXXXXX", dir);
    u->fd = mkstemp(u->tmp);
    if (u->fd < 0) {
        rc = nt_err_set(err, NT_EIO, "bukti", "berkas sementara tidak dapat dibuat: %s",
                        strerror(errno));
        free(u);
        return rc;
    }
    clean_filename(filename, u->filename);
    nt_strlcpy(u->content_type,
               content_type && *content_type ? content_type : "application/octet-stream",
               sizeof u->content_type);
    nt_strlcpy(u->description, description ? description : "", sizeof u->description);
    crypto_hash_sha256_init(&u->h);
    *out = u;
    return 0;
}

int nt_evidence_write(nt_upload *u, const void *data, size_t len, nt_err *err)
{
    if (u->size + len > u->max)
        return nt_err_set(err, NT_ETOOBIG, "bukti", "berkas bukti melebihi batas %zu MB",
                          u->max / (1024 * 1024));
    if (u->headlen < sizeof u->head) {
        size_t k = sizeof u->head - u->headlen < len ? sizeof u->head - u->headlen : len;
        memcpy(u->head + u->headlen, data, k);
        u->headlen += k;
    }
    crypto_hash_sha256_update(&u->h, data, len);
    const char *p = data;
    while (len) {
        ssize_t n = write(u->fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return nt_err_set(err, NT_EIO, "bukti", "berkas bukti gagal ditulis: %s",
                              strerror(errno));
        }
        p += n;
        len -= (size_t)n;
        u->size += (size_t)n;
    }
    return 0;
}

/* The type from the file's own first bytes; the declared type only when unknown. */
static const char *sniff(const nt_upload *u)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *type;
    } sigs[] = {
        {"\x89PNG\r\n\x1a\n", 8, "image/png"},
        {"\xff\xd8\xff", 3, "image/jpeg"},
        {"GIF8", 4, "image/gif"},
        {"%PDF-", 5, "application/pdf"},
        {"PK\x03\x04", 4, "application/zip"},
        {"\x1a\x45\xdf\xa3", 4, "video/webm"},
    };
    for (size_t i = 0; i < NT_ARRAY_LEN(sigs); i++)
        if (u->headlen >= sigs[i].len && memcmp(u->head, sigs[i].magic, sigs[i].len) == 0)
            return sigs[i].type;
    if (u->headlen >= 12 && memcmp(u->head, "RIFF", 4) == 0 && memcmp(u->head + 8, "WEBP", 4) == 0)
        return "image/webp";
    if (u->headlen >= 8 && memcmp(u->head + 4, "ftyp", 4) == 0) return "video/mp4";
    return NULL;
}

int nt_evidence_finish(nt_upload *u, nt_err *err)
{
    nt_store *st = u->st;
    if (u->size == 0)
        return nt_err_set(err, NT_EINVAL, "bukti", "berkas bukti %s kosong", u->filename);
    unsigned char h[32];
    crypto_hash_sha256_final(&u->h, h);
    sodium_bin2hex(u->hex, sizeof u->hex, h, sizeof h);
    const char *type = sniff(u);
    /* A form encoding says nothing about the file: store it as opaque bytes. */
    if (!type && (strncmp(u->content_type, "application/x-www-form-urlencoded", 33) == 0 ||
                  strncmp(u->content_type, "multipart/", 10) == 0))
        type = "application/octet-stream";
    if (type) nt_strlcpy(u->content_type, type, sizeof u->content_type);
    if (fsync(u->fd) < 0) return nt_err_set(err, NT_EIO, "bukti", "berkas bukti gagal disimpan");
    close(u->fd);
    u->fd = -1;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/%.2s", st->evidence_dir, u->hex);
    int rc = nt_mkdirs(dir, err);
    snprintf(path, sizeof path, "%s/%s", dir, u->hex);
    bool existed = access(path, F_OK) == 0; /* the same bytes, already stored */
    if (!rc && rename(u->tmp, path) < 0)
        rc =
            nt_err_set(err, NT_EIO, "bukti", "berkas bukti gagal dipindahkan: %s", strerror(errno));
    if (!rc) u->tmp[0] = '\0';
    if (!rc && !existed) nt_strlcpy(u->placed, path, sizeof u->placed);
    return rc;
}

int nt_evidence_record(nt_upload *u, int64_t case_id, json_t **out)
{
    nt_store *st = u->st;
    int64_t now = nt_now();
    int rc = nt_exec(st->db,
                     "INSERT INTO evidence(case_id,filename,content_type,size,sha256,description,"
                     "uploaded_by,uploader,uploaded_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                     "ittittIti", case_id, u->filename, u->content_type, (int64_t)u->size, u->hex,
                     u->description, u->actor.user_id, u->actor.username, now);
    int64_t id = nt_db_last_id(st->db);
    if (!rc) {
        char obj[32];
        snprintf(obj, sizeof obj, "case:%lld", (long long)case_id);
        json_t *d = json_pack("{sI ss ss sI}", "bukti", (json_int_t)id, "sha256", u->hex,
                              "nama_berkas", u->filename, "ukuran", (json_int_t)u->size);
        rc = nt_audit_append(st, &u->actor, "bukti.unggah", obj, d);
        json_decref(d);
    }
    if (rc || !out) return rc;
    char ts[32];
    nt_time_format(now, ts);
    *out = json_pack("{sI sI ss ss sI ss ss ss ss}", "id", (json_int_t)id, "case_id",
                     (json_int_t)case_id, "nama_berkas", u->filename, "jenis", u->content_type,
                     "ukuran", (json_int_t)u->size, "sha256", u->hex, "keterangan", u->description,
                     "diunggah_oleh", u->actor.username, "diunggah", ts);
    return 0;
}

int nt_evidence_commit(nt_upload *u, json_t **out, nt_err *err)
{
    int rc = nt_evidence_finish(u, err);
    if (!rc && nt_db_begin(u->st->db))
        rc = nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    if (rc) {
        nt_evidence_abort(u);
        return rc;
    }
    if (nt_evidence_record(u, u->case_id, out) || nt_db_commit(u->st->db)) {
        nt_db_rollback(u->st->db);
        nt_evidence_abort(u);
        return nt_err_set(err, NT_EDB, NULL, "catatan bukti tidak dapat disimpan");
    }
    nt_evidence_keep(u);
    nt_evidence_abort(u); /* frees it: the file is already in place */
    return 0;
}

int nt_evidence_attach(nt_store *st, const nt_actor *a, int64_t case_id, nt_upload **files,
                       size_t n, nt_err *err)
{
    int rc = 0;
    if (!(a->roles & (NT_ROLE_ADMIN | NT_ROLE_BAWASLU)))
        rc = nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat mengunggah bukti");
    if (!rc) rc = nt_case_visible(st, a, case_id, err);
    if (!rc && n == 0) rc = nt_err_set(err, NT_EINVAL, "bukti", "pilih sedikitnya satu berkas");
    for (size_t i = 0; !rc && i < n; i++)
        rc = nt_evidence_finish(files[i], err);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    if (!rc) {
        for (size_t i = 0; !rc && i < n; i++) {
            files[i]->actor = *a;
            rc = nt_evidence_record(files[i], case_id, NULL);
        }
        if (rc || nt_db_commit(st->db)) {
            nt_db_rollback(st->db);
            rc = nt_err_set(err, NT_EDB, NULL, "catatan bukti tidak dapat disimpan");
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!rc) nt_evidence_keep(files[i]);
        nt_evidence_abort(files[i]);
    }
    return rc;
}

int nt_case_step_with_files(nt_store *st, const nt_actor *a, int64_t case_id, json_t *in,
                            nt_upload **files, size_t n, const char *description, json_t **out,
                            nt_err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = nt_evidence_finish(files[i], err);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    if (!rc) {
        /* the step inside this transaction: its own commit waits for ours */
        rc = nt_case_transition(st, a, case_id, in, out, err);
        for (size_t i = 0; !rc && i < n; i++) {
            files[i]->actor = *a;
            if (description) /* NULL: each keeps the description it was staged with */
                nt_strlcpy(files[i]->description, description, sizeof files[i]->description);
            rc = nt_evidence_record(files[i], case_id, NULL);
            if (rc) rc = nt_err_set(err, NT_EDB, NULL, "catatan berkas tidak dapat disimpan");
        }
        if (rc) {
            nt_db_rollback(st->db);
            json_decref(*out);
            *out = NULL;
        } else if (nt_db_commit_err(st->db, err)) {
            rc = NT_EDB;
            json_decref(*out);
            *out = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!rc) nt_evidence_keep(files[i]);
        nt_evidence_abort(files[i]);
    }
    return rc;
}

int nt_evidence_record_as(nt_upload **files, size_t n, int64_t case_id, const nt_actor *a,
                          const char *description, nt_err *err)
{
    for (size_t i = 0; i < n; i++) {
        files[i]->actor = *a;
        if (description) /* NULL: each keeps the description it was staged with */
            nt_strlcpy(files[i]->description, description, sizeof files[i]->description);
        if (nt_evidence_record(files[i], case_id, NULL))
            return nt_err_set(err, NT_EDB, NULL, "catatan berkas tidak dapat disimpan");
    }
    return 0;
}

const char *nt_upload_sha256(const nt_upload *u)
{
    return u ? u->hex : "";
}

int64_t nt_upload_size(const nt_upload *u)
{
    return u ? (int64_t)u->size : 0;
}

const char *nt_upload_filename(const nt_upload *u)
{
    return u ? u->filename : "";
}

void nt_evidence_keep(nt_upload *u)
{
    if (u) u->placed[0] = '\0';
}

void nt_evidence_abort(nt_upload *u)
{
    if (!u) return;
    if (u->fd >= 0) close(u->fd);
    if (u->tmp[0]) unlink(u->tmp);
    /* a file placed for a record that was then not written: no case refers to it */
    if (u->placed[0]) {
        nt_stmt *s =
            nt_query(u->st->db, "SELECT 1 FROM evidence WHERE sha256=$1 LIMIT 1", "t", u->hex);
        bool used = s && nt_step(s) == 1;
        nt_done(s);
        if (!used) unlink(u->placed);
    }
    free(u);
}

const char *nt_evidence_preview(const char *type)
{
    static const struct {
        const char *type, *view;
    } shown[] = {{"image/png", "gambar"},  {"image/jpeg", "gambar"},   {"image/gif", "gambar"},
                 {"image/webp", "gambar"}, {"application/pdf", "pdf"}, {"text/plain", "teks"}};
    for (size_t i = 0; type && i < NT_ARRAY_LEN(shown); i++)
        if (!strncmp(type, shown[i].type, strlen(shown[i].type))) return shown[i].view;
    return NULL;
}

void nt_size_label(int64_t bytes, char *out, size_t n)
{
    if (bytes < 1024) {
        snprintf(out, n, "%lld B", (long long)bytes);
        return;
    }
    double v = (double)bytes / 1024.0;
    const char *unit = "KB";
    if (v >= 1024.0) v /= 1024.0, unit = "MB";
    if (v >= 1024.0) v /= 1024.0, unit = "GB";
    snprintf(out, n, "%.1f %s", v, unit);
    char *dot = strchr(out, '.');
    if (dot) *dot = ','; /* Indonesian decimal comma */
}

int nt_evidence_sweep(nt_store *st)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/tmp", st->evidence_dir);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "upload-", 7) != 0) continue;
        char path[900];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        /* another instance sharing the directory may be writing it: an upload in progress is
         * written to at least every connection timeout, so only a file left alone far longer
         * is one that nobody will finish */
        struct stat sb;
        if (stat(path, &sb) != 0 || time(NULL) - sb.st_mtime < NT_UPLOAD_ABANDONED_S) continue;
        if (unlink(path) == 0) n++;
    }
    closedir(d);
    return n;
}

int nt_evidence_open(nt_store *st, const nt_actor *a, int64_t id, int *fd, json_t **meta,
                     nt_err *err)
{
    nt_stmt *s = nt_query(st->db,
                          "SELECT id, case_id, filename AS nama_berkas, content_type AS jenis, "
                          "size AS ukuran, sha256 FROM evidence WHERE id=$1",
                          "i", id);
    json_t *m = s && nt_step(s) == 1 ? nt_row_json(s) : NULL;
    nt_done(s);
    if (!m) return nt_err_set(err, NT_ENOTFOUND, "id", "bukti %lld tidak ditemukan", (long long)id);
    int rc = nt_case_visible(st, a, json_integer_value(json_object_get(m, "case_id")), err);
    if (rc) {
        json_decref(m);
        return nt_err_set(err, NT_ENOTFOUND, "id", "bukti %lld tidak ditemukan", (long long)id);
    }
    int rc2 =
        nt_blob_open(st, a, json_string_value(json_object_get(m, "sha256")), "bukti", id, fd, err);
    if (rc2) {
        json_decref(m);
        return rc2;
    }
    *meta = m;
    return 0;
}

int nt_blob_open(nt_store *st, const nt_actor *a, const char *hex, const char *what, int64_t id,
                 int *fd, nt_err *err)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%.2s/%s", st->evidence_dir, hex, hex);
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0) return nt_err_set(err, NT_EIO, what, "berkas hilang dari penyimpanan");
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    ssize_t n;
    while ((n = read(f, buf, sizeof buf)) > 0)
        crypto_hash_sha256_update(&h, buf, (size_t)n);
    unsigned char dig[32];
    char got[65];
    crypto_hash_sha256_final(&h, dig);
    sodium_bin2hex(got, sizeof got, dig, sizeof dig);
    if (n < 0 || strcmp(got, hex) != 0) {
        close(f);
        json_t *d =
            json_pack("{sI ss ss}", what, (json_int_t)id, "tercatat", hex, "terhitung", got);
        nt_audit_append(st, a, "bukti.rusak", path, d);
        json_decref(d);
        return nt_err_set(err, NT_EIO, what, "berkas rusak: SHA-256 tidak cocok dengan catatan");
    }
    lseek(f, 0, SEEK_SET);
    *fd = f;
    return 0;
}

int nt_upload_record_files(nt_store *st, const nt_actor *a, const char *owner, int64_t owner_id,
                           const char *role, nt_upload **files, size_t n, nt_err *err)
{
    int rc = n ? 0 : nt_err_set(err, NT_EINVAL, "berkas", "pilih sedikitnya satu berkas");
    for (size_t i = 0; !rc && i < n; i++)
        rc = nt_evidence_finish(files[i], err);
    if (!rc && nt_db_begin(st->db)) rc = nt_err_set(err, NT_EDB, NULL, "basis data sedang sibuk");
    if (!rc) {
        char obj[48];
        snprintf(obj, sizeof obj, "%s:%lld", owner, (long long)owner_id);
        for (size_t i = 0; !rc && i < n; i++) {
            nt_upload *u = files[i];
            rc = nt_exec(st->db,
                         "INSERT INTO prevention_files(owner,owner_id,role,filename,content_type,"
                         "size,sha256,uploaded_by,uploaded_at) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)",
                         "titttitti", owner, owner_id, role, u->filename, u->content_type,
                         (int64_t)u->size, u->hex, a->username, nt_now());
            if (!rc) {
                json_t *d = json_pack("{ss ss ss sI}", "peran", role, "sha256", u->hex,
                                      "nama_berkas", u->filename, "ukuran", (json_int_t)u->size);
                rc = nt_audit_append(st, a, "pencegahan.berkas", obj, d);
                json_decref(d);
            }
        }
        if (rc || nt_db_commit(st->db)) {
            nt_db_rollback(st->db);
            rc = nt_err_set(err, NT_EDB, NULL, "catatan berkas tidak dapat disimpan");
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!rc) nt_evidence_keep(files[i]);
        nt_evidence_abort(files[i]);
    }
    return rc;
}
