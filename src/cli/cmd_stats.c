/* cmd_stats.c - netral stats check|recount: the dashboard's kept figures against the cases. */
#include "cli/cli.h"

#include <stdio.h>

static int sub_check(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_stats_check(c.st, &out, &err)) {
        rc = nt_cli_fail(&err);
    } else {
        json_t *diff = json_object_get(out, "selisih");
        if (json_array_size(diff)) {
            fprintf(stderr,
                    "netral: %zu dari %lld tampilan angka dasbor berbeda dengan hitungan ulang "
                    "dari kasus (perbaiki dengan: netral stats recount):\n",
                    json_array_size(diff),
                    (long long)json_integer_value(json_object_get(out, "dicocokkan")));
            size_t i;
            json_t *v;
            json_array_foreach(diff, i, v)
            {
                char *t = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
                fprintf(stderr, "  %s\n", t);
                free(t);
            }
            rc = 1;
        } else
            printf("Angka dasbor cocok dengan hitungan ulang dari kasus: %lld tampilan\n",
                   (long long)json_integer_value(json_object_get(out, "dicocokkan")));
        json_decref(out);
    }
    nt_cli_close(&c);
    return rc;
}

static int sub_recount(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    if (nt_stats_recount(c.st, &c.actor, &err))
        rc = nt_cli_fail(&err);
    else
        printf("Angka dasbor dihitung ulang dari semua kasus\n");
    nt_cli_close(&c);
    return rc;
}

static const nt_subcommand subs[] = {
    {"check", sub_check, "netral stats check",
     "Membandingkan angka dasbor yang disimpan dengan hitungan ulang dari kasus: untuk tingkat\n"
     "nasional, otoritas kepegawaian, setiap wilayah kantor yang punya kasus, setiap pemilihan\n"
     "dan satu periode. Keluar dengan status 1 dan menyebut setiap tampilan yang berbeda.\n",
     NULL},
    {"recount", sub_recount, "netral stats recount",
     "Menghitung ulang angka dasbor dari semua kasus (biasanya tidak perlu: angka diperbarui\n"
     "setiap kali kasus berubah, dan dihitung ulang sendiri saat aturan berubah).\n",
     NULL},
};

int nt_cmd_stats(int argc, char **argv)
{
    return nt_subcommands_run("stats", argc, argv, subs, NT_ARRAY_LEN(subs), NULL);
}
