/* cmd_import.c - netral import roster|election|regions. */
#include "cli/cli.h"

#include "base/file.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char help[] =
    "Penggunaan:\n"
    "  netral import roster BERKAS.csv [--skip-invalid] [--dry-run]\n"
    "  netral import election BERKAS.json\n"
    "  netral import regions BERKAS.csv\n\n"
    "roster: CSV dengan header nip,nama,jabatan,jenis_jabatan,golongan,instansi,unit_kerja,\n"
    "        kode_wilayah,akun. Setiap baris yang salah dilaporkan dengan nomor barisnya.\n"
    "        Bila ada baris salah, tidak ada yang diimpor kecuali --skip-invalid.\n"
    "        --dry-run hanya memeriksa tanpa menyimpan.\n"
    "election: JSON pemilihan dengan pasangan calon (lihat docs/api.md).\n"
    "BERKAS '-' membaca dari stdin.\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int nt_cmd_import(int argc, char **argv)
{
    nt_opts o;
    nt_cli c;
    int rc = nt_cli_start(argc, argv, help, &o, &c);
    if (rc) return rc == NT_CLI_HELP ? 0 : rc;
    bool skip = nt_flag(&o, "skip-invalid"), dry = nt_flag(&o, "dry-run"),
         stats = nt_flag(&o, "stats");
    const char *what = nt_arg(&o, 0), *path = nt_arg(&o, 1);
    if ((rc = nt_opts_unknown(&o))) goto out;
    if (!what || !path) {
        fputs(help, stderr);
        rc = 2;
        goto out;
    }
    nt_err err = {0};
    if (strcmp(what, "roster") == 0) {
        nt_map m;
        if (nt_map_open(&m, path, &err)) {
            rc = nt_cli_fail(&err);
            goto out;
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
    } else if (strcmp(what, "election") == 0) {
        json_t *doc;
        if (nt_cli_read_json(path, &doc, &err) || nt_election_import(c.st, &c.actor, doc, &err)) {
            rc = nt_cli_fail(&err);
            goto out;
        }
        printf("Pemilihan %s diimpor.\n", json_string_value(json_object_get(doc, "id")));
        json_decref(doc);
    } else if (strcmp(what, "regions") == 0) {
        nt_map m;
        int n = 0;
        if (nt_map_open(&m, path, &err)) {
            rc = nt_cli_fail(&err);
            goto out;
        }
        int r = nt_regions_import_csv(c.st, &c.actor, m.p, m.len, &n, &err);
        nt_map_close(&m);
        if (r)
            rc = nt_cli_fail(&err);
        else
            printf("Wilayah dimuat: %d\n", n);
    } else {
        fprintf(stderr, "netral: jenis impor tidak dikenal: %s (roster, election, regions)\n",
                what);
        rc = 2;
    }
out:
    nt_cli_end(&c, &o);
    return rc;
}
