/* cmd_risk.c - netral risk recompute|list|show|import-ikp: the risk index per region. */
#include "cli/cli.h"

#include "base/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sub_recompute(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    int changed = 0;
    if (nt_risk_refresh(c.st, true, &changed, &err))
        rc = nt_cli_fail(&err);
    else
        printf("Indeks risiko dihitung ulang: %d wilayah berubah\n", changed);
    nt_cli_close(&c);
    return rc;
}

static int sub_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    bool json = false;
    nt_option opts[] = {NT_OPT_FLAG("json", &json, "keluaran JSON"), NT_OPT_GLOBALS(&g),
                        NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_risk_list(c.st, &c.actor, &out, &err)) {
        rc = nt_cli_fail(&err);
    } else if (json) {
        nt_cli_print(out);
    } else {
        size_t i;
        json_t *x;
        printf("%-8s %-40s %6s  %s\n", "KODE", "WILAYAH", "SKOR", "TINGKAT");
        json_array_foreach(json_object_get(out, "wilayah"), i, x) printf(
            "%-8s %-40.40s %6s  %s%s%s\n", json_string_value(json_object_get(x, "kode")),
            json_string_value(json_object_get(x, "nama")),
            json_string_value(json_object_get(x, "skor_label")),
            json_string_value(json_object_get(x, "tingkat_label")),
            json_object_get(x, "sebelumnya") ? " (sebelumnya " : "",
            json_object_get(x, "sebelumnya") ? json_string_value(json_object_get(x, "sebelumnya"))
                                             : "");
        json_decref(out);
    }
    nt_cli_close(&c);
    return rc;
}

static int sub_show(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_risk_region(c.st, &c.actor, pos[0], &out, &err))
        rc = nt_cli_fail(&err);
    else
        nt_cli_print(out);
    nt_cli_close(&c);
    return rc;
}

static int sub_import_ikp(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *source = NULL;
    bool check = false;
    nt_option opts[] = {NT_OPT_STR("source", &source, "TEKS", "sumber skor (terbitan Bawaslu)"),
                        NT_OPT_FLAG("check", &check, "hanya memeriksa, tidak menyimpan"),
                        NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    char *text = NULL;
    size_t len = 0;
    nt_err err = {0};
    json_t *report = NULL;
    if (nt_file_read(pos[0], &text, &len, &err) ||
        nt_ikp_import(c.st, &c.actor, text, len, source, !check, &report, &err)) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(report, "salah"), i, x)
            fprintf(stderr, "%s:%lld: %s\n", pos[0],
                    (long long)json_integer_value(json_object_get(x, "baris")),
                    json_string_value(json_object_get(x, "pesan")));
        rc = nt_cli_fail(&err);
    } else {
        printf("%lld baris, %lld sah%s\n",
               (long long)json_integer_value(json_object_get(report, "baris")),
               (long long)json_integer_value(json_object_get(report, "sah")),
               check ? " (diperiksa, tidak disimpan)" : "; skor IKP disimpan");
    }
    json_decref(report);
    free(text);
    nt_cli_close(&c);
    return rc;
}

static const nt_subcommand subs[] = {
    {"recompute", sub_recompute, "netral risk recompute",
     "Menghitung ulang indeks risiko setiap wilayah sekarang; wilayah yang skor, tingkat atau\n"
     "indikatornya berubah mendapat baris riwayat baru.\n",
     NULL},
    {"list", sub_list, "netral risk list [--json]",
     "Wilayah dengan indeks risikonya, tertinggi dulu.\n", NULL},
    {"show", sub_show, "netral risk show KODE_WILAYAH",
     "Indeks risiko satu wilayah: setiap indikator dengan angka, bobot dan bagiannya, serta\n"
     "riwayat perubahannya (JSON).\n",
     NULL},
    {"import-ikp", sub_import_ikp, "netral risk import-ikp BERKAS.csv [--source TEKS] [--check]",
     "Mengimpor skor Indeks Kerawanan Pemilu (IKP) yang diterbitkan Bawaslu: CSV dengan kolom\n"
     "kode_wilayah, skor (0-100) dan tahun. Setiap baris diperiksa; bila ada yang salah tidak\n"
     "ada yang disimpan dan setiap baris yang salah disebut dengan nomornya.\n",
     NULL},
};

int nt_cmd_risk(int argc, char **argv)
{
    return nt_subcommands_run("risk", argc, argv, subs, NT_ARRAY_LEN(subs), NULL);
}
