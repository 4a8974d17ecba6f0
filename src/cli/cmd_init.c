/* cmd_init.c - netral init and netral demo. */
#include "cli/cli.h"

#include "exchange/exchange.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The office's signing key for the exchange (created if it has none); prints its id. */
static int office_key(nt_cli *c, const char *office, nt_err *err)
{
    unsigned char sk[64];
    char pk[65], id[17];
    int rc = nt_exchange_signing_key(c->st, &c->actor, office, sk, pk, id, err);
    sodium_memzero(sk, sizeof sk);
    if (!rc) printf("Kunci tanda tangan kantor %s: %s\n", office, id);
    return rc;
}

int nt_cmd_init(int argc, char **argv)
{
    nt_globals g = {0};
    const char *office = NULL;
    nt_option opts[] = {NT_OPT_STR("kantor", &office, "KODE",
                                   "buat kunci tanda tangan kantor ini untuk pertukaran (kode "
                                   "wilayah, atau singkatan otoritas)"),
                        NT_OPT_GLOBALS(&g), NT_OPT_END};
    static const nt_subcommand self = {
        "init", NULL, "netral init [--db BERKAS] [--rules-dir DIREKTORI] [--kantor KODE]",
        "Membuat (atau memperbarui skema) basis data (SQLite atau PostgreSQL), membuat\n"
        "kunci enkripsi identitas pelapor (di samping berkas SQLite, atau di --var), dan memuat "
        "semua wilayah dari\n"
        "wilayah/wilayah.csv di direktori data aturan bila belum ada.\n",
        NULL};
    nt_cli c;
    int rc = nt_cli_start(&self, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    int n = 0;
    if (nt_cli_seed_regions(&c, &n, &err)) {
        rc = nt_cli_fail(&err);
    } else {
        char label[1024];
        nt_cli_db_label(c.db_path, label, sizeof label);
        printf("Basis data siap: %s\n", label);
        if (n) printf("Wilayah dimuat: %d\n", n);
        printf("Aturan: katalog %s, rezim %s, hari libur %s, otoritas %s\n",
               c.rules.catalogue_version, c.rules.regimes_version, c.rules.holidays_version,
               c.rules.authority_version);
        if (office && office_key(&c, office, &err)) rc = nt_cli_fail(&err);
    }
    nt_cli_close(&c);
    return rc;
}

static int remove_db(const char *db, bool force)
{
    if (access(db, F_OK) != 0) return 0;
    if (!force) {
        fprintf(stderr, "netral: %s sudah ada; gunakan --force untuk membuat ulang data demo\n",
                db);
        return 2;
    }
    char side[1100];
    unlink(db);
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    return 0;
}

int nt_cmd_demo(int argc, char **argv)
{
    nt_globals g = {0};
    long long seed = 2020, extra = 0, write_roster = -1;
    double scale = 1.0;
    bool force = false;
    const char *region = "35.05";
    nt_option opts[] = {
        NT_OPT_INT("seed", &seed, "N", "seed data demo (bawaan 2020)", 0, INT64_MAX),
        NT_OPT_FLAG("force", &force, "hapus basis data yang sudah ada"),
        NT_OPT_INT("extra-cases", &extra, "N", "kasus massal tambahan (benchmark)", 0, 10000000),
        NT_OPT_NUM("roster-scale", &scale, "F", "skala jumlah ASN (1 = ukuran nyata)", 0, 10),
        NT_OPT_INT("write-roster", &write_roster, "N", "tulis CSV ASN sintetis N baris ke stdout",
                   0, 100000000),
        NT_OPT_STR("region", &region, "KODE", "wilayah CSV sintetis (bawaan 35.05)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    static const nt_subcommand self = {
        "demo", NULL,
        "netral demo [--db BERKAS] [--seed N] [--force] [--extra-cases N] [--roster-scale F]\n"
        "       netral demo --write-roster N [--region KODE] [--seed N]",
        "Membuat basis data baru berisi data demo: wilayah nyata (Kabupaten Blitar,\n"
        "Trenggalek, Pandeglang) dengan pemilihan 2020 (kasusnya sebagai riwayat) dan\n"
        "pemilihan tahun berjalan (kasus yang sedang ditangani, tenggat masih berjalan);\n"
        "pasangan calon, ASN dan kasus semuanya fiktif. Seed dan tanggal yang sama selalu\n"
        "menghasilkan data yang sama (--today menetapkan tanggalnya).\n",
        NULL};
    int rc = nt_options_parse(argc, argv, opts, &self, 0, 0, NULL);
    if (rc) return nt_cli_exit(rc);
    if (write_roster >= 0) { /* a synthetic roster for benchmarks; needs no database */
        nt_buf b = {0};
        nt_demo_roster_csv((uint64_t)seed, (size_t)write_roster, region, &b);
        fwrite(b.p, 1, b.len, stdout);
        nt_buf_free(&b);
        return 0;
    }
    if (scale <= 0) {
        fputs("netral: --roster-scale harus lebih dari 0\n", stderr);
        return 2;
    }
    const char *db = g.db ? g.db : getenv("NETRAL_DB");
    if ((rc = remove_db(db ? db : "var/netral.db", force))) return rc;
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) return rc;
    nt_demo_options opt = {
        .seed = (uint64_t)seed, .extra_cases = (int)extra, .roster_scale = scale};
    nt_err err = {0};
    int n = 0;
    json_t *summary = NULL;
    if (nt_cli_seed_regions(&c, &n, &err) ||
        nt_demo_generate(c.st, &c.actor, c.data_dir, &opt, &summary, &err)) {
        rc = nt_cli_fail(&err);
        goto out;
    }
    char label[1024];
    nt_cli_db_label(c.db_path, label, sizeof label);
    printf("Data demo dibuat di %s (seed %llu)\n", label, (unsigned long long)opt.seed);
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
    /* each demo office has its signing key from the start */
    static const char *const offices[] = {"35.05", "35.03", "36.01"};
    for (size_t o = 0; !rc && o < NT_ARRAY_LEN(offices); o++)
        if (office_key(&c, offices[o], &err)) rc = nt_cli_fail(&err);
out:
    nt_cli_close(&c);
    return rc;
}
