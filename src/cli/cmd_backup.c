/*
 * cmd_backup.c - the whole record at once: netral backup DIR, netral restore DIR, and
 * netral migrate --from A (a regency's database merged into the one --db names).
 *
 * A backup is a directory: netral.db (the whole record as one SQLite file, a consistent
 * snapshot: SQLite's online backup API, or PostgreSQL read in one REPEATABLE READ
 * transaction), evidence/ (every recorded file, checked against its SHA-256), the keys and
 * the signed audit checkpoints, and MANIFEST.json written last (a directory without it is no
 * backup). Before the manifest is written the copy is verified: its audit chain against the
 * checkpoints. A restore goes into a new, empty database of either engine and verifies the
 * same way. The directory holds the key to reporters' identities: keep it as secret as var/.
 */
#include "cli/cli.h"

#include "base/file.h"
#include "store/db.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The files beside the database that a backup carries (the checkpoint log may be absent). */
static const struct {
    const char *name;
    bool required;
} var_files[] = {{"netral.key", true}, {"audit.key", true}, {"audit-checkpoints.log", false}};

static int copy_small(const char *from, const char *to, bool required, nt_err *err)
{
    char *data = NULL;
    size_t len = 0;
    if (access(from, F_OK) != 0)
        return required ? nt_err_set(err, NT_ENOTFOUND, "berkas", "%s tidak ada", from) : 0;
    int rc = nt_file_read(from, &data, &len, err);
    if (!rc) rc = nt_file_write_atomic(to, data, len, err); /* 0600, as the original */
    if (data) sodium_memzero(data, len);
    free(data);
    return rc;
}

/* The offices' exchange signing keys (var/kunci: current and replaced ones), as the files
 * beside the database: every file copied; one already at the target must be the same. */
static int copy_keys(const char *from_var, const char *to_var, nt_err *err)
{
    char from[1100], to[1100];
    snprintf(from, sizeof from, "%s/kunci", from_var);
    snprintf(to, sizeof to, "%s/kunci", to_var);
    DIR *d = opendir(from);
    if (!d) return errno == ENOENT ? 0 : nt_err_set(err, NT_EIO, "kunci", "%s tidak terbaca", from);
    int rc = nt_mkdirs(to, err);
    if (!rc) chmod(to, 0700);
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char a[1400], b[1400];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        if (access(b, F_OK) == 0) {
            char *x = NULL, *y = NULL;
            size_t lx = 0, ly = 0;
            bool same = !nt_file_read(a, &x, &lx, err) && !nt_file_read(b, &y, &ly, err) &&
                        lx == ly && !memcmp(x, y, lx);
            if (x) sodium_memzero(x, lx);
            if (y) sodium_memzero(y, ly);
            free(x), free(y);
            if (!same)
                rc = nt_err_set(err, NT_ECONFLICT, "var",
                                "%s sudah ada dan berbeda dengan milik cadangan; pulihkan ke "
                                "direktori --var yang baru",
                                b);
            continue;
        }
        rc = copy_small(a, b, true, err);
    }
    closedir(d);
    return rc;
}

static bool dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d) return errno == ENOENT;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

/* Opens a store on db with the keys and checkpoints of var (to verify it), no rule seeding. */
static int open_beside(const nt_cli *c, const char *db, const char *var, unsigned char *key,
                       unsigned char *audit_sk, nt_store **st, nt_err *err)
{
    char ev[1100], cp[1100];
    snprintf(ev, sizeof ev, "%s/evidence", var);
    snprintf(cp, sizeof cp, "%s/audit-checkpoints.log", var);
    nt_store_config cfg = {.db_path = db,
                           .evidence_dir = ev,
                           .rules = &c->rules,
                           .key = key,
                           .audit_sk = access(cp, F_OK) == 0 ? audit_sk : NULL,
                           .checkpoint_path = access(cp, F_OK) == 0 ? cp : NULL};
    return nt_store_open(&cfg, st, err);
}

/* The audit chain of st holds (with its checkpoints); the problem in err otherwise. */
static int verified(nt_store *st, json_t **out, nt_err *err)
{
    if (nt_audit_verify(st, out))
        return nt_err_set(err, NT_EDB, "audit", "log audit tidak terbaca");
    if (json_is_true(json_object_get(*out, "ok"))) return 0;
    return nt_err_set(err, NT_EDB, "audit", "log audit salinan RUSAK pada entri %lld: %s",
                      (long long)json_integer_value(json_object_get(*out, "first_bad_seq")),
                      json_string_value(json_object_get(*out, "problem")));
}

static void print_counts(json_t *tables)
{
    const char *k;
    json_t *v;
    json_object_foreach(tables, k, v) if (json_integer_value(v))
        printf("  %-16s %lld\n", k, (long long)json_integer_value(v));
}

static int sub_backup(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *dir = NULL;
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, &dir, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    nt_store *copy = NULL;
    json_t *counts = NULL, *audit = NULL;
    char db[1100], ev[1100];
    snprintf(db, sizeof db, "%s/netral.db", dir);
    snprintf(ev, sizeof ev, "%s/evidence", dir);
    if (!dir_is_empty(dir)) {
        rc = nt_err_set(&err, NT_ECONFLICT, "direktori",
                        "%s sudah berisi berkas; cadangan ditulis ke direktori baru yang kosong",
                        dir);
        goto out;
    }
    if ((rc = nt_mkdirs(ev, &err))) goto out;
    chmod(dir, 0700);
    /* the keys and checkpoints first: the copy is verified against them */
    for (size_t i = 0; !rc && i < NT_ARRAY_LEN(var_files); i++) {
        char from[1100], to[1100];
        snprintf(from, sizeof from, "%s/%s", c.var_dir, var_files[i].name);
        snprintf(to, sizeof to, "%s/%s", dir, var_files[i].name);
        rc = copy_small(from, to, var_files[i].required, &err);
    }
    if (!rc) rc = copy_keys(c.var_dir, dir, &err);
    if (rc) goto out;
    bool file_copy = nt_db_engine_of(nt_store_db(c.st)) == NT_DB_SQLITE;
    if (file_copy && (rc = nt_db_backup_file(nt_store_db(c.st), db, &err))) goto out;
    if ((rc = open_beside(&c, db, dir, c.key, c.audit_sk, &copy, &err))) goto out;
    chmod(db, 0600); /* personal data */
    if (!file_copy && (rc = nt_store_copy_record(c.st, copy, &counts, &err))) goto out;
    int64_t files = 0, bytes = 0;
    if ((rc = nt_store_copy_evidence(copy, c.evidence_dir, ev, &files, &bytes, &err))) goto out;
    if ((rc = verified(copy, &audit, &err))) goto out;
    time_t now = time(NULL);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    char label[1024];
    nt_cli_db_label(c.db_path, label, sizeof label);
    json_t *m = json_pack("{si ss ss ss s{sI sI} s{sI ss}}", "netral_cadangan", 1, "dibuat", when,
                          "sumber", label, "mesin",
                          nt_db_engine_of(nt_store_db(c.st)) == NT_DB_PG ? "postgresql" : "sqlite",
                          "bukti", "berkas", (json_int_t)files, "bita", (json_int_t)bytes, "audit",
                          "entri", json_integer_value(json_object_get(audit, "entries")), "kepala",
                          json_string_value(json_object_get(audit, "head")));
    if (counts) json_object_set(m, "tabel", counts);
    char *text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(m);
    char manifest[1100];
    snprintf(manifest, sizeof manifest, "%s/MANIFEST.json", dir);
    rc = nt_file_write_atomic(manifest, text, strlen(text), &err);
    free(text);
    if (rc) goto out;
    printf("Cadangan dibuat di %s\n  basis data: %s\n  berkas bukti: %lld (%lld bita), semua "
           "cocok dengan SHA-256-nya\n  log audit utuh: %lld entri, kepala %s\n",
           dir, db, (long long)files, (long long)bytes,
           (long long)json_integer_value(json_object_get(audit, "entries")),
           json_string_value(json_object_get(audit, "head")));
    if (counts) print_counts(counts);
    printf("Direktori ini memuat kunci identitas pelapor: simpan serahasia var/.\n");
out:
    if (rc) nt_cli_fail(&err);
    json_decref(counts);
    json_decref(audit);
    nt_store_close(copy);
    nt_cli_close(&c);
    return rc ? 1 : 0;
}

static int sub_restore(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *dir = NULL;
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    int rc = nt_options_parse(argc, argv, opts, s, 1, 1, &dir);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    char manifest[1100], from_db[1100], from_ev[1100], var[1024];
    snprintf(manifest, sizeof manifest, "%s/MANIFEST.json", dir);
    snprintf(from_db, sizeof from_db, "%s/netral.db", dir);
    snprintf(from_ev, sizeof from_ev, "%s/evidence", dir);
    if (access(manifest, R_OK) != 0 || access(from_db, R_OK) != 0) {
        nt_err_set(&err, NT_EINVAL, "direktori",
                   "%s bukan cadangan Netral yang lengkap (MANIFEST.json atau netral.db tidak ada)",
                   dir);
        return nt_cli_fail(&err);
    }
    const char *target = nt_cli_db(&g);
    nt_cli_var_dir(&g, target, var, sizeof var);
    if (!nt_db_is_pg(target) && access(target, F_OK) == 0) {
        nt_err_set(&err, NT_ECONFLICT, "db",
                   "%s sudah ada; pulihkan ke berkas basis data baru (atau basis data "
                   "PostgreSQL yang baru dibuat)",
                   target);
        return nt_cli_fail(&err);
    }
    /* the keys go first, so opening the target uses them and does not make new ones; a
     * target directory with other keys belongs to another record */
    if ((rc = nt_mkdirs(var, &err))) return nt_cli_fail(&err);
    for (size_t i = 0; i < NT_ARRAY_LEN(var_files); i++) {
        char from[1100], to[1100];
        snprintf(from, sizeof from, "%s/%s", dir, var_files[i].name);
        snprintf(to, sizeof to, "%s/%s", var, var_files[i].name);
        if (access(to, F_OK) == 0) {
            char *a = NULL, *b = NULL;
            size_t la = 0, lb = 0;
            bool same = !nt_file_read(from, &a, &la, &err) && !nt_file_read(to, &b, &lb, &err) &&
                        la == lb && !memcmp(a, b, la);
            free(a), free(b);
            if (same) continue;
            nt_err_set(&err, NT_ECONFLICT, "var",
                       "%s sudah ada dan berbeda dengan milik cadangan; pulihkan ke direktori "
                       "--var yang baru",
                       to);
            return nt_cli_fail(&err);
        }
        if ((rc = copy_small(from, to, var_files[i].required, &err))) return nt_cli_fail(&err);
    }
    if ((rc = copy_keys(dir, var, &err))) return nt_cli_fail(&err);
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) return rc;
    nt_store *src = NULL;
    json_t *counts = NULL, *audit = NULL;
    int64_t files = 0, bytes = 0;
    rc = open_beside(&c, from_db, dir, c.key, c.audit_sk, &src, &err);
    /* the files first (stored by their hash, harmless if the rest fails), then the record in
     * one transaction, then the proof */
    if (!rc) rc = nt_store_copy_evidence(src, from_ev, c.evidence_dir, &files, &bytes, &err);
    if (!rc) rc = nt_store_copy_record(src, c.st, &counts, &err);
    if (!rc) rc = verified(c.st, &audit, &err);
    if (!rc) {
        char label[1024];
        nt_cli_db_label(c.db_path, label, sizeof label);
        printf("Dipulihkan dari %s ke %s\n  berkas bukti: %lld (%lld bita), semua cocok dengan "
               "SHA-256-nya\n  log audit utuh: %lld entri, kepala %s\n",
               dir, label, (long long)files, (long long)bytes,
               (long long)json_integer_value(json_object_get(audit, "entries")),
               json_string_value(json_object_get(audit, "head")));
        print_counts(counts);
    } else {
        nt_cli_fail(&err);
    }
    json_decref(counts);
    json_decref(audit);
    nt_store_close(src);
    nt_cli_close(&c);
    return rc ? 1 : 0;
}

static int sub_migrate(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *from = NULL, *from_var = NULL;
    nt_option opts[] = {
        NT_OPT_STR("from", &from, "BERKAS|URI", "basis data sumber (wajib)"),
        NT_OPT_STR("from-var", &from_var, "DIREKTORI",
                   "kunci dan bukti sumber (bawaan: direktori berkas sumber)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    int rc = nt_options_parse(argc, argv, opts, s, 0, 0, NULL);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    if (!from) {
        nt_err_set(&err, NT_EINVAL, "from", "sebutkan basis data sumber dengan --from");
        return nt_cli_fail(&err);
    }
    nt_globals sg = g;
    sg.db = from;
    sg.var_dir = from_var;
    char svar[1024], skey[1100], sev[1100];
    nt_cli_var_dir(&sg, from, svar, sizeof svar);
    snprintf(skey, sizeof skey, "%s/netral.key", svar);
    snprintf(sev, sizeof sev, "%s/evidence", svar);
    if (!nt_db_is_pg(from) && access(from, R_OK) != 0) {
        nt_err_set(&err, NT_ENOTFOUND, "from", "basis data sumber %s tidak ada", from);
        return nt_cli_fail(&err);
    }
    if (access(skey, R_OK) != 0) {
        nt_err_set(&err, NT_ENOTFOUND, "from-var",
                   "kunci sumber %s tidak ada: sebutkan direktorinya dengan --from-var", skey);
        return nt_cli_fail(&err);
    }
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) return rc;
    unsigned char key[NT_KEY_BYTES];
    nt_store *src = NULL;
    json_t *report = NULL;
    rc = nt_key_load_or_create(skey, key, &err);
    if (!rc) {
        nt_store_config cfg = {.db_path = from, .evidence_dir = sev, .rules = &c.rules, .key = key};
        rc = nt_store_open(&cfg, &src, &err);
    }
    sodium_memzero(key, sizeof key);
    if (!rc) rc = nt_store_merge_from(src, c.st, &c.actor, sev, &report, &err);
    if (!rc) {
        char label[1024];
        nt_cli_db_label(from, label, sizeof label);
        printf("Digabungkan dari %s (sumber %.16s...)\n", label,
               json_string_value(json_object_get(report, "sumber")));
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(report, "jumlah"), k, v)
            printf("  %-16s %lld baru\n", k, (long long)json_integer_value(v));
        if (!json_object_size(json_object_get(report, "jumlah")))
            printf("  tidak ada yang baru: semua sudah digabungkan sebelumnya\n");
        printf("  log audit sumber diarsipkan: %lld entri, kepala %s\n",
               (long long)json_integer_value(json_object_get(report, "entri_arsip")),
               json_string_value(json_object_get(report, "kepala_arsip")));
    } else {
        nt_cli_fail(&err);
    }
    json_decref(report);
    nt_store_close(src);
    nt_cli_close(&c);
    return rc ? 1 : 0;
}

static const nt_subcommand migrate_cmd[] = {
    {"migrate", sub_migrate,
     "netral migrate --from BERKAS|URI [--from-var DIREKTORI] [--db URI] [--var DIREKTORI]",
     "Menggabungkan basis data sebuah kantor (mis. SQLite kabupaten) ke basis data yang\n"
     "disebut --db (mis. PostgreSQL nasional) tanpa bertabrakan dengan data kantor lain:\n"
     "wilayah, pemilihan, ASN dan instansi disatukan menurut kodenya; kasus, peristiwa,\n"
     "bukti, temuan dan pengguna mendapat nomor baru; identitas pelapor dibuka dengan kunci\n"
     "sumber dan disegel dengan kunci tujuan; log audit sumber diarsipkan utuh dan kepalanya\n"
     "dicatat di log audit tujuan. Dapat diulang: yang sudah digabungkan tidak digandakan.\n"
     "Nama pengguna yang dipakai akun lain di tujuan ditolak, dan tidak ada yang ditulis.\n",
     NULL},
};

static const nt_subcommand backup_cmd[] = {
    {"backup", sub_backup, "netral backup DIREKTORI [--db BERKAS|URI] [--var DIREKTORI]",
     "Membuat cadangan lengkap di DIREKTORI (baru atau kosong): seluruh basis data sebagai satu\n"
     "berkas SQLite yang konsisten (SQLite: API cadangan daring; PostgreSQL: satu transaksi\n"
     "baca), semua berkas bukti yang dicocokkan dengan SHA-256-nya, kunci dan checkpoint\n"
     "audit, lalu MANIFEST.json. Salinan diperiksa (rantai audit) sebelum dinyatakan jadi.\n"
     "Server boleh tetap berjalan. Direktori itu memuat kunci identitas pelapor.\n",
     NULL},
};

static const nt_subcommand restore_cmd[] = {
    {"restore", sub_restore, "netral restore DIREKTORI --db BERKAS|URI [--var DIREKTORI]",
     "Memulihkan cadangan ke basis data baru yang kosong (berkas SQLite yang belum ada, atau\n"
     "basis data PostgreSQL yang baru dibuat) dan direktori --var-nya: bukti, kunci, lalu\n"
     "seluruh data dalam satu transaksi; kemudian rantai audit diperiksa. Basis data tujuan\n"
     "yang sudah berisi data ditolak dan tidak diubah.\n",
     NULL},
};

int nt_cmd_backup(int argc, char **argv)
{
    return sub_backup(&backup_cmd[0], argc, argv);
}

int nt_cmd_restore(int argc, char **argv)
{
    return sub_restore(&restore_cmd[0], argc, argv);
}

int nt_cmd_migrate(int argc, char **argv)
{
    return sub_migrate(&migrate_cmd[0], argc, argv);
}
