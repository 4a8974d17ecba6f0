/*
 * package.c - building and reading the exchange's packages (exchange.h), with libarchive.
 *
 * Writing: the files' hashes are known before the archive is (the evidence store keeps each
 * file's SHA-256 and checks it when the file is opened; the letter and the case data are made
 * in memory), so the manifest, its signature and the files are written in one pass, to a
 * temporary file renamed into place.
 *
 * Reading trusts nothing before the signature: the manifest must come first, then its
 * signature; the signing key must be one this Netral trusts for the sender's office (a key
 * retired before the package was made is refused); the recipient must be an office of this
 * Netral. Then each file must be named in the manifest once, be a plain file with a plain
 * relative name, and match its size and hash as it streams into the evidence store; the
 * unpacked total is bounded by the manifest and NT_PACKAGE_MAX_BYTES, so a compressed bomb
 * stops at its first excess byte. Nothing is extracted by name onto the file system.
 */
#include "exchange/exchange.h"

#include "base/date.h"
#include "base/file.h"
#include "base/utf8.h"
#include "docs/docs.h"
#include "rules/workflow.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATA_MAX ((size_t)16 << 20) /* kasus.json / hasil.json */
#define MANIFEST_MAX ((size_t)4 << 20)

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void sha_hex(const void *p, size_t n, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* A file name inside the package: letters, digits, '.', '-', '_' (the rest becomes '_'). */
static void plain_name(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && k + 1 < n && k < 80; p++)
        out[k++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
                       ? (char)*p
                       : '_';
    out[k] = '\0';
    if (!k || out[0] == '.') nt_strlcpy(out, "berkas", n);
}

/* ---- writing ---- */

typedef struct out_file {
    char path[160];
    char sha[65];
    int64_t size;
    const char *mem;     /* in memory, or */
    int64_t evidence_id; /* from the evidence store */
} out_file;

static int add_entry(struct archive *ar, const char *path, int64_t size, nt_err *err)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, path);
    archive_entry_set_size(e, size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, nt_now(), 0);
    int rc = archive_write_header(ar, e);
    archive_entry_free(e);
    if (rc != ARCHIVE_OK)
        return nt_err_set(err, NT_EIO, "paket", "paket tidak dapat ditulis: %s",
                          archive_error_string(ar));
    return 0;
}

static int write_mem(struct archive *ar, const char *path, const void *p, size_t n, nt_err *err)
{
    int rc = add_entry(ar, path, (int64_t)n, err);
    if (!rc && n && archive_write_data(ar, p, n) != (la_ssize_t)n)
        rc = nt_err_set(err, NT_EIO, "paket", "paket tidak dapat ditulis: %s",
                        archive_error_string(ar));
    return rc;
}

static int write_evidence(nt_store *st, const nt_actor *a, struct archive *ar, const out_file *f,
                          nt_err *err)
{
    int fd = -1;
    json_t *meta = NULL;
    int rc = nt_evidence_open(st, a, f->evidence_id, &fd, &meta, err);
    json_decref(meta);
    if (rc) return rc;
    rc = add_entry(ar, f->path, f->size, err);
    char buf[1 << 16];
    ssize_t n;
    int64_t total = 0;
    while (!rc && (n = read(fd, buf, sizeof buf)) > 0) {
        if (archive_write_data(ar, buf, (size_t)n) != n)
            rc = nt_err_set(err, NT_EIO, "paket", "paket tidak dapat ditulis: %s",
                            archive_error_string(ar));
        total += n;
    }
    close(fd);
    if (!rc && total != f->size)
        rc = nt_err_set(err, NT_EIO, "bukti", "berkas bukti %s berubah ukurannya", f->path);
    return rc;
}

/* The recipient of a forwarding: the authority the case was forwarded to (its page says). */
static int forwarding_recipient(nt_store *st, const nt_actor *a, int64_t case_id, char *out,
                                size_t n, nt_err *err)
{
    json_t *c = NULL;
    int rc = nt_case_get(st, a, case_id, &c, err);
    if (rc) return rc;
    const char *to = jstr(json_object_get(c, "otoritas"), "singkatan");
    if (!*to)
        rc = nt_err_set(err, NT_ECONFLICT, "status",
                        "kasus belum diteruskan kepada otoritas kepegawaian; paket penerusan "
                        "dibuat setelah langkah Diteruskan");
    else
        nt_strlcpy(out, to, n);
    json_decref(c);
    return rc;
}

static void package_dir(nt_store *st, char *out, size_t n)
{
    nt_store_var_path(st, "pertukaran", out, n);
}

int nt_exchange_export(nt_store *st, const nt_actor *a, int64_t case_id, const char *office,
                       const char *out_path, json_t **meta, nt_err *err)
{
    *meta = NULL;
    json_t *k = NULL;
    int rc = nt_exchange_case_out(st, a, case_id, &k, err);
    if (rc) return rc;
    const json_t *link = json_object_get(k, "tautan");
    bool results = !strcmp(jstr(link, "sisi"), "penerima");
    const char *kind = results ? "hasil" : "penerusan";
    /* an office forwards its cases; only the authority answers with results */
    unsigned may = results ? (NT_ROLE_OTORITAS | NT_ROLE_ADMIN) : (NT_ROLE_BAWASLU | NT_ROLE_ADMIN);
    if (!(a->roles & may)) {
        json_decref(k);
        return nt_err_set(err, NT_EFORBIDDEN, NULL,
                          results ? "hanya otoritas kepegawaian yang mengirim paket hasil"
                                  : "hanya Bawaslu yang mengirim paket penerusan");
    }
    char from[32] = "", to[32] = "", pid[33];
    int64_t seq = 1;
    json_t *data = NULL;
    nt_buf letter = {0};
    const char *letter_kind = results ? "tindak_lanjut_ppk" : "surat_penerusan";
    if (!results) {
        nt_strlcpy(from, jstr(k, "kantor"), sizeof from);
        rc = forwarding_recipient(st, a, case_id, to, sizeof to, err);
        /* a forwarding is one package: made again, it is the same one */
        char basis[200], h[65];
        snprintf(basis, sizeof basis, "penerusan:%s:%lld", from, (long long)case_id);
        sha_hex(basis, strlen(basis), h);
        memcpy(pid, h, 32);
        pid[32] = '\0';
        data = json_deep_copy(k);
        json_object_del(data, "tautan");
        json_object_set_new(data, "skema", json_string("netral.kasus/1"));
        /* only the ASN the office forwarded go to the authority; the others stay here */
        json_t *sent = json_array(), *t;
        size_t ti;
        json_array_foreach(json_object_get(data, "terlapor"), ti,
                           t) if (strcmp(jstr(t, "status"), "dilaporkan") != 0)
            json_array_append(sent, t);
        json_object_set_new(data, "terlapor", sent);
        if (!rc && !json_array_size(sent))
            rc = nt_err_set(err, NT_ECONFLICT, "terlapor",
                            "belum ada ASN terlapor yang diteruskan dalam kasus ini");
    } else {
        const nt_authority *au = nt_rules_authority_on(nt_store_rules(st), nt_today());
        nt_strlcpy(from, office && *office ? office : au ? au->short_name : "", sizeof from);
        nt_strlcpy(to, jstr(link, "mitra"), sizeof to);
        seq = json_integer_value(json_object_get(link, "urutan_kirim")) + 1;
        unsigned char rnd[16];
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(pid, sizeof pid, rnd, sizeof rnd);
        data = json_pack("{ss sO}", "skema", "netral.hasil/1", "terlapor",
                         json_object_get(k, "terlapor"));
        if (!nt_exchange_is_own_office(st, from) && !office)
            rc = nt_err_set(err, NT_EINVAL, "kantor",
                            "kantor penanda tangan paket hasil belum punya kunci: sebutkan "
                            "--kantor, mis. %s",
                            from);
    }
    /* the letter: issued now from the case (a forwarding cannot go without it) */
    json_t *dm = NULL;
    nt_err lerr = {0};
    if (!rc && nt_doc_issue(st, a, case_id, letter_kind, NULL, &letter, &dm, &lerr) != 0) {
        if (!results) {
            *err = lerr;
            rc = err->code ? err->code : NT_EIO;
        }
        nt_buf_free(&letter);
    }
    json_decref(dm);
    /* never a package that silently leaves files out */
    size_t nev = 0, ei;
    json_t *e0;
    json_array_foreach(json_object_get(k, "bukti"), ei, e0) nev +=
        !(results && !strncmp(jstr(e0, "keterangan"), "Dari paket ", 11));
    if (!rc && nev + 2 > NT_PACKAGE_MAX_FILES)
        rc = nt_err_set(err, NT_ETOOBIG, "bukti",
                        "kasus ini punya %zu berkas bukti: lebih dari %d, terlalu banyak untuk "
                        "satu paket",
                        nev, NT_PACKAGE_MAX_FILES - 2);
    unsigned char sk[64];
    char pk[65], key_id[17];
    if (!rc) rc = nt_exchange_signing_key(st, a, from, sk, pk, key_id, err);
    if (rc) {
        json_decref(k);
        json_decref(data);
        nt_buf_free(&letter);
        return rc;
    }
    char *data_s = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(data);
    out_file *of = nt_xcalloc(NT_PACKAGE_MAX_FILES + 2, sizeof *of);
    size_t nf = 0;
    memset(&of[nf], 0, sizeof of[nf]);
    nt_strlcpy(of[nf].path, results ? "hasil.json" : "kasus.json", sizeof of[nf].path);
    of[nf].mem = data_s;
    of[nf].size = (int64_t)strlen(data_s);
    sha_hex(data_s, strlen(data_s), of[nf].sha);
    nf++;
    if (letter.len) {
        memset(&of[nf], 0, sizeof of[nf]);
        snprintf(of[nf].path, sizeof of[nf].path, "surat/%s.pdf", letter_kind);
        of[nf].mem = letter.p;
        of[nf].size = (int64_t)letter.len;
        sha_hex(letter.p, letter.len, of[nf].sha);
        nf++;
    }
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(k, "bukti"), i, ev)
    {
        /* results carry what this side added, not the files that came in the forwarding */
        if (results && !strncmp(jstr(ev, "keterangan"), "Dari paket ", 11)) continue;
        if (nf >= NT_PACKAGE_MAX_FILES) break; /* counted before: cannot happen */
        memset(&of[nf], 0, sizeof of[nf]);
        char name[96];
        plain_name(jstr(ev, "nama_berkas"), name, sizeof name);
        snprintf(of[nf].path, sizeof of[nf].path, "bukti/%03zu-%s", i + 1, name);
        nt_strlcpy(of[nf].sha, jstr(ev, "sha256"), sizeof of[nf].sha);
        of[nf].size = json_integer_value(json_object_get(ev, "ukuran"));
        of[nf].evidence_id = json_integer_value(json_object_get(ev, "id"));
        nf++;
    }
    json_t *list = json_array();
    int64_t bytes = 0;
    for (size_t f = 0; f < nf; f++) {
        json_array_append_new(list, json_pack("{ss ss sI}", "path", of[f].path, "sha256", of[f].sha,
                                              "ukuran", (json_int_t)of[f].size));
        bytes += of[f].size;
    }
    char when[32];
    nt_time_format(nt_now(), when);
    json_t *m = json_pack(
        "{ss ss ss s{ss ss} ss ss sI sI s{ss sI ss} so}", "skema", NT_PACKAGE_SCHEMA, "jenis", kind,
        "paket_id", pid, "pengirim", "kantor", from, "kunci_id", key_id, "penerima", to, "dibuat",
        when, "dibuat_unix", (json_int_t)nt_now(), "urutan", (json_int_t)seq, "kasus_asal",
        "kantor", from, "id", (json_int_t)case_id, "reg_no", jstr(k, "reg_no"), "berkas", list);
    json_object_set_new(json_object_get(m, "pengirim"), "nama",
                        json_string(results ? from : jstr(k, "nama_kantor")));
    if (results)
        json_object_set_new(m, "kasus_rujukan",
                            json_pack("{ss ss}", "kantor", to, "id", jstr(link, "kasus_mitra")));
    char *ms = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(m);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)ms, strlen(ms), sk);
    sodium_memzero(sk, sizeof sk);
    char sig_hex[crypto_sign_BYTES * 2 + 2];
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    strcat(sig_hex, "\n");
    char msha[65];
    sha_hex(ms, strlen(ms), msha);
    /* written into the package folder, then copied where the command was asked to put it */
    char dir[700], keep[900], tmp[1000];
    package_dir(st, dir, sizeof dir);
    rc = nt_mkdirs(dir, err);
    snprintf(keep, sizeof keep, "%s/%s.tar", dir, pid);
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", keep, (int)getpid());
    struct archive *ar = archive_write_new();
    archive_write_set_format_pax_restricted(ar);
    if (!rc && archive_write_open_filename(ar, tmp) != ARCHIVE_OK)
        rc = nt_err_set(err, NT_EIO, "paket", "paket tidak dapat dibuat: %s",
                        archive_error_string(ar));
    if (!rc) rc = write_mem(ar, "manifest.json", ms, strlen(ms), err);
    if (!rc) rc = write_mem(ar, "manifest.sig", sig_hex, strlen(sig_hex), err);
    for (size_t f = 0; !rc && f < nf; f++)
        rc = of[f].mem ? write_mem(ar, of[f].path, of[f].mem, (size_t)of[f].size, err)
                       : write_evidence(st, a, ar, &of[f], err);
    if (archive_write_close(ar) != ARCHIVE_OK && !rc)
        rc = nt_err_set(err, NT_EIO, "paket", "paket tidak dapat ditutup: %s",
                        archive_error_string(ar));
    archive_write_free(ar);
    if (!rc && rename(tmp, keep) != 0)
        rc = nt_err_set(err, NT_EIO, "paket", "paket tidak dapat disimpan: %s", strerror(errno));
    if (rc) unlink(tmp);
    if (!rc && out_path && *out_path) rc = nt_file_copy_atomic(keep, out_path, err);
    nt_exchange_record x = {.package_id = pid,
                            .kind = kind,
                            .peer = to,
                            .key_id = key_id,
                            .manifest_sha256 = msha,
                            .case_id = case_id,
                            .seq = seq,
                            .bytes = bytes,
                            .files = (int)nf};
    if (!rc) rc = nt_exchange_sent(st, a, &x, err);
    if (!rc)
        *meta = json_pack("{ss ss ss sI si sI ss ss}", "paket", pid, "jenis", kind, "kepada", to,
                          "urutan", (json_int_t)seq, "berkas", (int)nf, "ukuran", (json_int_t)bytes,
                          "sha256_manifes", msha, "jalur", out_path && *out_path ? out_path : keep);
    free(of);
    free(ms);
    free(data_s);
    nt_buf_free(&letter);
    json_decref(k);
    return rc;
}

int nt_exchange_latest(nt_store *st, const nt_actor *a, int64_t case_id, char *path, size_t n,
                       nt_err *err)
{
    int rc = nt_case_visible(st, a, case_id, err);
    if (rc) return rc;
    json_t *rows = nt_exchange_packages(st, case_id);
    const char *pid = NULL;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) if (!pid && !strcmp(jstr(r, "arah"), "keluar")) pid =
        jstr(r, "paket");
    char dir[700];
    package_dir(st, dir, sizeof dir);
    if (pid) snprintf(path, n, "%s/%s.tar", dir, pid);
    json_decref(rows);
    if (!pid || access(path, R_OK) != 0)
        return nt_err_set(err, NT_ENOTFOUND, "paket",
                          "belum ada paket untuk kasus ini; buat dengan netral exchange export");
    return 0;
}

/* ---- reading ---- */

typedef struct in_state {
    json_t *manifest;
    char *manifest_s;
    size_t manifest_len;
    char sig[160];
    json_t *data;    /* kasus.json or hasil.json */
    nt_upload **ups; /* the other files, staged */
    size_t nups;
    bool *seen;
    int64_t bytes;
} in_state;

static bool path_ok(const char *p)
{
    size_t n = strlen(p);
    if (!n || n > 150 || p[0] == '/' || p[n - 1] == '/') return false;
    if (strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/") != n)
        return false;
    for (const char *c = p; *c;) { /* no empty, "." or ".." component */
        const char *slash = strchr(c, '/');
        size_t len = slash ? (size_t)(slash - c) : strlen(c);
        if (!len || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        c += len + (slash ? 1 : 0);
    }
    return true;
}

static int read_small(struct archive *ar, struct archive_entry *e, size_t max, char **out,
                      size_t *len, nt_err *err)
{
    la_int64_t size = archive_entry_size(e);
    if (size < 0 || (size_t)size > max)
        return nt_err_set(err, NT_ETOOBIG, "paket", "%s terlalu besar", archive_entry_pathname(e));
    char *buf = nt_xmalloc((size_t)size + 1);
    size_t got = 0;
    la_ssize_t n = 0;
    while (got < (size_t)size && (n = archive_read_data(ar, buf + got, (size_t)size - got)) > 0)
        got += (size_t)n;
    if (n < 0 || got != (size_t)size) {
        free(buf);
        return nt_err_set(err, NT_EINVAL, "paket", "%s terpotong atau rusak",
                          archive_entry_pathname(e));
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

static int verify_manifest(nt_store *st, in_state *s, nt_err *err)
{
    json_error_t je;
    s->manifest = json_loadb(s->manifest_s, s->manifest_len, 0, &je);
    if (!json_is_object(s->manifest))
        return nt_err_set(err, NT_EINVAL, "manifes", "manifest.json bukan JSON yang sah");
    const char *schema = jstr(s->manifest, "skema");
    if (strcmp(schema, NT_PACKAGE_SCHEMA) != 0)
        return nt_err_set(err, NT_EINVAL, "skema",
                          "versi skema paket '%.40s' tidak dikenal (yang dikenal: %s)", schema,
                          NT_PACKAGE_SCHEMA);
    const char *kind = jstr(s->manifest, "jenis");
    if (strcmp(kind, "penerusan") != 0 && strcmp(kind, "hasil") != 0)
        return nt_err_set(err, NT_EINVAL, "jenis", "jenis paket '%.30s' tidak dikenal", kind);
    const char *pid = jstr(s->manifest, "paket_id");
    if (strlen(pid) != 32 || strspn(pid, "0123456789abcdef") != 32)
        return nt_err_set(err, NT_EINVAL, "paket_id", "paket_id tidak sah");
    const json_t *from = json_object_get(s->manifest, "pengirim");
    nt_exchange_key key;
    if (nt_exchange_key_find(st, jstr(from, "kunci_id"), &key) != 0)
        return nt_err_set(err, NT_EFORBIDDEN, "pengirim",
                          "pengirim tidak dikenal: kunci %.20s (%.30s) belum dipercaya di sini; "
                          "administrator dapat menambahkannya dengan netral exchange key trust",
                          jstr(from, "kunci_id"), jstr(from, "kantor"));
    if (strcmp(key.office, jstr(from, "kantor")) != 0)
        return nt_err_set(err, NT_EFORBIDDEN, "pengirim", "kunci %s milik kantor %s, bukan %.30s",
                          key.key_id, key.office, jstr(from, "kantor"));
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    size_t pl = 0, sl = 0;
    if (sodium_hex2bin(pk, sizeof pk, key.public_key, 64, NULL, &pl, NULL) != 0 ||
        sodium_hex2bin(sig, sizeof sig, s->sig, strcspn(s->sig, "\r\n"), NULL, &sl, NULL) != 0 ||
        sl != sizeof sig ||
        crypto_sign_verify_detached(sig, (const unsigned char *)s->manifest_s, s->manifest_len,
                                    pk) != 0)
        return nt_err_set(err, NT_EFORBIDDEN, "tanda_tangan",
                          "tanda tangan paket tidak sah: manifes diubah atau tidak ditandatangani "
                          "oleh %s",
                          key.office);
    int64_t made = json_integer_value(json_object_get(s->manifest, "dibuat_unix"));
    if (key.retired_at && made > key.retired_at)
        return nt_err_set(err, NT_EFORBIDDEN, "pengirim",
                          "paket ditandatangani dengan kunci %s setelah kunci itu diganti",
                          key.key_id);
    const char *to = jstr(s->manifest, "penerima");
    if (!nt_exchange_is_own_office(st, to))
        return nt_err_set(err, NT_EFORBIDDEN, "penerima",
                          "paket ditujukan kepada %.30s, bukan kantor di Netral ini (buat kunci "
                          "kantor itu dulu bila memang di sini)",
                          to);
    const json_t *files = json_object_get(s->manifest, "berkas");
    if (!json_is_array(files) || !json_array_size(files) ||
        json_array_size(files) > NT_PACKAGE_MAX_FILES)
        return nt_err_set(err, NT_EINVAL, "berkas", "daftar berkas manifes tidak sah");
    int64_t total = 0;
    size_t i, j;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *p = jstr(f, "path");
        int64_t size = json_integer_value(json_object_get(f, "ukuran"));
        if (!path_ok(p) || strlen(jstr(f, "sha256")) != 64 || size < 0)
            return nt_err_set(err, NT_EINVAL, "berkas", "berkas manifes tidak sah: %.80s", p);
        for (j = 0; j < i; j++)
            if (!strcmp(p, jstr(json_array_get(files, j), "path")))
                return nt_err_set(err, NT_EINVAL, "berkas", "berkas ganda dalam manifes: %s", p);
        total += size;
    }
    if (total > NT_PACKAGE_MAX_BYTES)
        return nt_err_set(err, NT_ETOOBIG, "berkas", "paket terlalu besar (%lld byte)",
                          (long long)total);
    const char *data_name = !strcmp(kind, "penerusan") ? "kasus.json" : "hasil.json";
    if (strcmp(jstr(json_array_get(files, 0), "path"), data_name) != 0)
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas pertama manifes harus %s", data_name);
    s->seen = nt_xcalloc(json_array_size(files), sizeof *s->seen);
    s->ups = nt_xcalloc(json_array_size(files), sizeof *s->ups);
    return 0;
}

static int read_file_entry(nt_store *st, const nt_actor *a, struct archive *ar,
                           struct archive_entry *e, in_state *s, nt_err *err)
{
    const char *path = archive_entry_pathname(e);
    const json_t *files = json_object_get(s->manifest, "berkas");
    size_t i;
    json_t *f;
    ssize_t at = -1;
    json_array_foreach(files, i, f) if (!strcmp(jstr(f, "path"), path)) at = (ssize_t)i;
    if (at < 0)
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas %s tidak tercantum dalam manifes",
                          path);
    if (s->seen[at]) return nt_err_set(err, NT_EINVAL, "berkas", "berkas %s muncul dua kali", path);
    s->seen[at] = true;
    f = json_array_get(files, (size_t)at);
    int64_t declared = json_integer_value(json_object_get(f, "ukuran"));
    const char *want = jstr(f, "sha256");
    char got[65];
    if (at == 0) { /* the case data */
        char *buf = NULL;
        size_t len = 0;
        if ((size_t)declared > DATA_MAX)
            return nt_err_set(err, NT_ETOOBIG, "berkas", "%s terlalu besar", path);
        int rc = read_small(ar, e, (size_t)declared, &buf, &len, err);
        if (rc) return rc;
        sha_hex(buf, len, got);
        if (strcmp(got, want) != 0) {
            free(buf);
            return nt_err_set(err, NT_EINVAL, "berkas",
                              "berkas %s berubah: SHA-256-nya tidak sama dengan manifes", path);
        }
        s->data = json_loadb(buf, len, 0, NULL);
        free(buf);
        s->bytes += (int64_t)len;
        if (!json_is_object(s->data))
            return nt_err_set(err, NT_EINVAL, "berkas", "%s bukan JSON yang sah", path);
        return 0;
    }
    char desc[200];
    snprintf(desc, sizeof desc, "Dari paket %s: %s", jstr(s->manifest, "paket_id"), path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    nt_upload *u = NULL;
    int rc = nt_evidence_stage(st, a, base, "application/octet-stream", desc,
                               (size_t)(declared > 0 ? declared : 0), &u, err);
    if (rc) return rc;
    s->ups[s->nups++] = u;
    char buf[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(ar, buf, sizeof buf)) > 0) {
        if ((rc = nt_evidence_write(u, buf, (size_t)n, err))) {
            return nt_err_set(err, NT_EINVAL, "berkas",
                              "berkas %s lebih besar daripada yang tercatat di manifes", path);
        }
        s->bytes += n;
    }
    if (n < 0)
        return nt_err_set(err, NT_EINVAL, "paket", "paket terpotong atau rusak di berkas %s", path);
    if (nt_upload_size(u) != declared)
        return nt_err_set(err, NT_EINVAL, "berkas", "berkas %s terpotong: %lld dari %lld byte",
                          path, (long long)nt_upload_size(u), (long long)declared);
    if (declared == 0) return nt_err_set(err, NT_EINVAL, "berkas", "berkas %s kosong", path);
    if ((rc = nt_evidence_finish(u, err))) return rc;
    if (strcmp(nt_upload_sha256(u), want) != 0)
        return nt_err_set(err, NT_EINVAL, "berkas",
                          "berkas %s berubah: SHA-256-nya tidak sama dengan manifes", path);
    return 0;
}

static int import_archive(nt_store *st, const nt_actor *a, struct archive *ar, json_t **out,
                          nt_err *err)
{
    in_state s = {0};
    struct archive_entry *e;
    int rc = 0, k = 0, r = ARCHIVE_EOF;
    bool done_early = false;
    while (!rc && (r = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
        const char *path = archive_entry_pathname(e);
        if (!path || !path_ok(path))
            rc = nt_err_set(err, NT_EINVAL, "paket",
                            "nama berkas dalam paket tidak diizinkan (mutlak, '..' atau karakter "
                            "lain): %.80s",
                            path ? path : "");
        else if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))
            rc = nt_err_set(err, NT_EINVAL, "paket",
                            "%s bukan berkas biasa (tautan dan direktori tidak diterima)", path);
        else if (k == 0 && strcmp(path, "manifest.json") != 0)
            rc = nt_err_set(err, NT_EINVAL, "paket",
                            "bukan paket Netral: berkas pertama harus manifest.json");
        else if (k == 0)
            rc = read_small(ar, e, MANIFEST_MAX, &s.manifest_s, &s.manifest_len, err);
        else if (k == 1 && strcmp(path, "manifest.sig") != 0)
            rc = nt_err_set(err, NT_EINVAL, "paket", "paket tanpa tanda tangan (manifest.sig)");
        else if (k == 1) {
            char *sig = NULL;
            size_t len = 0;
            rc = read_small(ar, e, sizeof s.sig - 1, &sig, &len, err);
            if (!rc) nt_strlcpy(s.sig, sig, sizeof s.sig);
            free(sig);
            if (!rc) rc = verify_manifest(st, &s, err);
            if (!rc && nt_exchange_known(st, jstr(s.manifest, "paket_id"), NULL)) {
                /* seen before: its files need not be read again to say so */
                rc = nt_exchange_receive(st, a, s.manifest, NULL, NULL, 0, "", 0, out, err);
                done_early = true;
                break;
            }
        } else {
            rc = read_file_entry(st, a, ar, e, &s, err);
            if (!rc && s.bytes > NT_PACKAGE_MAX_BYTES)
                rc = nt_err_set(err, NT_ETOOBIG, "paket", "paket melampaui batas ukuran");
        }
        k++;
    }
    if (!rc && !done_early && r != ARCHIVE_EOF)
        rc = nt_err_set(err, NT_EINVAL, "paket",
                        "paket rusak atau terpotong, atau bukan arsip tar yang dibuat Netral");
    if (!rc && !done_early && k < 2)
        rc = nt_err_set(err, NT_EINVAL, "paket",
                        "bukan paket Netral (tanpa manifes dan tanda tangan)");
    if (!rc && !done_early) {
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(s.manifest, "berkas"), i, f) if (!rc && !s.seen[i]) rc =
            nt_err_set(err, NT_EINVAL, "berkas", "berkas %s tidak ada dalam paket",
                       jstr(f, "path"));
    }
    if (!rc && !done_early) {
        char msha[65];
        sha_hex(s.manifest_s, s.manifest_len, msha);
        rc = nt_exchange_receive(st, a, s.manifest, s.data, s.ups, s.nups, msha, s.bytes, out, err);
    }
    if (!rc) {
        json_object_set_new(*out, "paket", json_string(jstr(s.manifest, "paket_id")));
        json_object_set_new(*out, "jenis", json_string(jstr(s.manifest, "jenis")));
        json_object_set_new(*out, "dari",
                            json_string(jstr(json_object_get(s.manifest, "pengirim"), "kantor")));
    }
    for (size_t i = 0; i < s.nups; i++)
        nt_evidence_abort(s.ups[i]); /* kept ones stay */
    free(s.ups);
    free(s.seen);
    free(s.manifest_s);
    json_decref(s.manifest);
    json_decref(s.data);
    return rc;
}

static struct archive *reader(void)
{
    struct archive *ar = archive_read_new();
    archive_read_support_format_tar(ar);
    archive_read_support_filter_gzip(ar);
    return ar;
}

int nt_exchange_import_file(nt_store *st, const nt_actor *a, const char *path, json_t **out,
                            nt_err *err)
{
    *out = NULL;
    struct archive *ar = reader();
    int rc = 0;
    if (archive_read_open_filename(ar, path, 1 << 16) != ARCHIVE_OK)
        rc = nt_err_set(err, NT_EINVAL, "paket",
                        "%s tidak dapat dibuka sebagai paket (bukan arsip tar, atau tidak ada)",
                        path);
    if (!rc) rc = import_archive(st, a, ar, out, err);
    archive_read_free(ar);
    return rc;
}

int nt_exchange_import_mem(nt_store *st, const nt_actor *a, const void *data, size_t len,
                           json_t **out, nt_err *err)
{
    *out = NULL;
    struct archive *ar = reader();
    int rc = 0;
    if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK)
        rc = nt_err_set(err, NT_EINVAL, "paket",
                        "isi unggahan bukan paket Netral (bukan arsip tar)");
    if (!rc) rc = import_archive(st, a, ar, out, err);
    archive_read_free(ar);
    return rc;
}
