/* cmd_import.c - netral import roster|election|regions. */
#include "cli/cli.h"

#include "base/file.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int sub_roster(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    bool skip = false, dry = false, stats = false;
    nt_option opts[] = {
        NT_OPT_FLAG("skip-invalid", &skip, "impor baris yang sah, lewati yang salah"),
        NT_OPT_FLAG("dry-run", &dry, "hanya memeriksa, tidak menyimpan"),
        NT_OPT_FLAG("stats", &stats, "cetak waktu dan memori puncak ke stderr"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    const char *path = pos[0];
    nt_err err = {0};
    nt_map m;
    if (nt_map_open(&m, path, &err)) {
        nt_cli_close(&c);
        return nt_cli_fail(&err);
    }
    double t0 = now_s();
    json_t *report = NULL;
    int r = nt_roster_import_csv(
        c.st, &c.actor, m.p, m.len,
        (skip ? NT_IMPORT_SKIP_INVALID : 0) | (dry ? NT_IMPORT_DRY_RUN : 0), &report, &err);
    double secs = now_s() - t0;
    nt_map_close(&m);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(report, "invalid"), i, row)
        fprintf(stderr, "%s:%lld: %s [kolom: %s]\n", path,
                (long long)json_integer_value(json_object_get(row, "line")),
                json_string_value(json_object_get(row, "message")),
                json_string_value(json_object_get(row, "field")));
    if (report)
        printf("baris: %lld, diimpor: %lld, tidak sah: %lld%s\n",
               (long long)json_integer_value(json_object_get(report, "rows")),
               (long long)json_integer_value(json_object_get(report, "imported")),
               (long long)json_integer_value(json_object_get(report, "invalid_count")),
               dry ? " (uji coba, tidak disimpan)" : "");
    if (stats) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "waktu: %.2f s, memori puncak: %ld KiB\n", secs, ru.ru_maxrss);
    }
    json_decref(report);
    if (r) rc = nt_cli_fail(&err);
    nt_cli_close(&c);
    return rc;
}

static int sub_election(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    json_t *doc = NULL;
    if (nt_cli_read_json(pos[0], &doc, &err) || nt_election_import(c.st, &c.actor, doc, &err))
        rc = nt_cli_fail(&err);
    else
        printf("Pemilihan %s diimpor.\n", json_string_value(json_object_get(doc, "id")));
    json_decref(doc);
    nt_cli_close(&c);
    return rc;
}

static int sub_regions(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    nt_map m;
    int n = 0;
    if (nt_map_open(&m, pos[0], &err)) {
        rc = nt_cli_fail(&err);
    } else {
        int r = nt_regions_import_csv(c.st, &c.actor, m.p, m.len, &n, &err);
        nt_map_close(&m);
        if (r)
            rc = nt_cli_fail(&err);
        else
            printf("Wilayah dimuat: %d\n", n);
    }
    nt_cli_close(&c);
    return rc;
}

static const nt_subcommand subs[] = {
    {"roster", sub_roster, "netral import roster BERKAS.csv [--skip-invalid] [--dry-run] [--stats]",
     "CSV dengan header nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,\n"
     "kode_wilayah,akun. Setiap baris yang salah dilaporkan dengan nomor barisnya. Bila ada\n"
     "baris salah, tidak ada yang diimpor kecuali --skip-invalid. '-' membaca stdin.\n",
     NULL},
    {"election", sub_election, "netral import election BERKAS.json",
     "JSON pemilihan dengan pasangan calon (lihat docs/api.md).\n", NULL},
    {"regions", sub_regions, "netral import regions BERKAS.csv",
     "CSV wilayah (kode,nama,tingkat,induk,penduduk,luas_km2) seperti data/wilayah/wilayah.csv.\n",
     NULL},
};

int nt_cmd_import(int argc, char **argv)
{
    return nt_subcommands_run("import", argc, argv, subs, NT_ARRAY_LEN(subs), NULL);
}
