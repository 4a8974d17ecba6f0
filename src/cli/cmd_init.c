/* cmd_init.c - netral init and netral demo. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool wants_help(int argc, char **argv, const char *text)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(text, stdout);
            return true;
        }
    return false;
}

int nt_cmd_init(int argc, char **argv)
{
    if (wants_help(argc, argv,
                   "Penggunaan: netral init [--db BERKAS] [--rules-dir DIREKTORI]\n\n"
                   "Membuat (atau memperbarui skema) basis data SQLite, membuat kunci enkripsi\n"
                   "identitas pelapor di samping basis data, dan memuat semua wilayah dari\n"
                   "data/wilayah/wilayah.csv bila belum ada.\n"))
        return 0;
    nt_opts o;
    nt_opts_init(&o, argc, argv);
    nt_cli c;
    int rc = nt_cli_open(&c, &o);
    if (rc) return rc;
    if ((rc = nt_opts_unknown(&o))) goto out;
    nt_err err = {0};
    int n = 0;
    if (nt_cli_seed_regions(&c, &n, &err)) {
        rc = nt_cli_fail(&err);
        goto out;
    }
    printf("Basis data siap: %s\n", c.db_path);
    if (n) printf("Wilayah dimuat: %d\n", n);
    printf("Aturan: katalog %s, rezim %s, hari libur %s, otoritas %s\n", c.rules.catalogue_version,
           c.rules.regimes_version, c.rules.holidays_version, c.rules.authority_version);
out:
    nt_cli_close(&c);
    nt_opts_free(&o);
    return rc;
}

int nt_cmd_demo(int argc, char **argv)
{
    if (wants_help(
            argc, argv,
            "Penggunaan: netral demo [--db BERKAS] [--seed N] [--force]\n"
            "                        [--extra-cases N] [--roster-scale F]\n"
            "       netral demo --write-roster N [--region KODE]   (CSV sintetis ke stdout)\n\n"
            "Membuat basis data baru berisi data demo: wilayah nyata (Kabupaten Blitar,\n"
            "Trenggalek, Pandeglang) dengan pemilihan 2020, pasangan calon, ASN dan kasus\n"
            "yang semuanya fiktif. Seed yang sama selalu menghasilkan data yang sama.\n"
            "--force menghapus basis data yang sudah ada. --extra-cases menambah kasus\n"
            "massal (untuk benchmark).\n"))
        return 0;
    nt_opts o;
    nt_opts_init(&o, argc, argv);
    const char *wr = nt_opt(&o, "write-roster");
    if (wr) {
        /* A synthetic roster for benchmarks; needs no database. */
        const char *region = nt_opt(&o, "region");
        const char *seed = nt_opt(&o, "seed");
        int rc = nt_opts_unknown(&o);
        nt_opts_free(&o);
        if (rc) return rc;
        nt_buf b = {0};
        nt_demo_roster_csv(seed ? strtoull(seed, NULL, 10) : 2020, strtoull(wr, NULL, 10),
                           region ? region : "35.05", &b);
        fwrite(b.p, 1, b.len, stdout);
        nt_buf_free(&b);
        return 0;
    }
    const char *db = nt_opt(&o, "db");
    if (!db) db = getenv("NETRAL_DB");
    if (!db) db = "var/netral.db";
    bool force = nt_flag(&o, "force");
    nt_demo_options opt = {.seed = 2020, .roster_scale = 1.0};
    const char *v;
    if ((v = nt_opt(&o, "seed"))) opt.seed = strtoull(v, NULL, 10);
    if ((v = nt_opt(&o, "extra-cases"))) opt.extra_cases = atoi(v);
    if ((v = nt_opt(&o, "roster-scale"))) opt.roster_scale = atof(v);
    if (opt.roster_scale <= 0 || opt.roster_scale > 10 || opt.extra_cases < 0) {
        fputs("netral: --roster-scale harus 0..10 dan --extra-cases tidak negatif\n", stderr);
        nt_opts_free(&o);
        return 2;
    }
    if (access(db, F_OK) == 0) {
        if (!force) {
            fprintf(stderr, "netral: %s sudah ada; gunakan --force untuk membuat ulang data demo\n",
                    db);
            nt_opts_free(&o);
            return 2;
        }
        char side[1100];
        unlink(db);
        snprintf(side, sizeof side, "%s-wal", db);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", db);
        unlink(side);
    }
    nt_cli c;
    int rc = nt_cli_open(&c, &o);
    if (rc) {
        nt_opts_free(&o);
        return rc;
    }
    if ((rc = nt_opts_unknown(&o))) goto out;
    nt_err err = {0};
    int n = 0;
    json_t *summary = NULL;
    if (nt_cli_seed_regions(&c, &n, &err) ||
        nt_demo_generate(c.st, &c.actor, c.data_dir, &opt, &summary, &err)) {
        rc = nt_cli_fail(&err);
        goto out;
    }
    printf("Data demo dibuat di %s (seed %llu)\n", c.db_path, (unsigned long long)opt.seed);
    json_t *counts = json_object_get(summary, "counts");
    const char *k;
    json_t *val;
    json_object_foreach(counts, k, val)
        printf("  %-12s %lld\n", k, (long long)json_integer_value(val));
    printf("\nAkun demo (kata sandi sama untuk semua: %s):\n",
           json_string_value(json_object_get(summary, "password")));
    size_t i;
    json_array_foreach(json_object_get(summary, "accounts"), i, val)
        printf("  %-22s %-9s %s\n", json_string_value(json_object_get(val, "username")),
               json_string_value(json_object_get(val, "role")),
               json_string_value(json_object_get(val, "scope")));
    json_decref(summary);
out:
    nt_cli_close(&c);
    nt_opts_free(&o);
    return rc;
}
