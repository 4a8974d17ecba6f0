/* cmd_audit.c - netral audit verify|list. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sub_verify(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    if (nt_audit_verify(c.st, &out)) {
        nt_err err = {0};
        nt_err_set(&err, NT_EDB, NULL, "log audit tidak dapat dibaca");
        rc = nt_cli_fail(&err);
    } else if (json_is_true(json_object_get(out, "ok"))) {
        printf("Log audit utuh: %lld entri, kepala %s\n",
               (long long)json_integer_value(json_object_get(out, "entries")),
               json_string_value(json_object_get(out, "head")));
        json_int_t chains = json_integer_value(json_object_get(out, "archived_chains"));
        if (chains)
            printf("Rantai audit kantor yang digabungkan: %lld, semuanya utuh dan sesuai catatan "
                   "impornya\n",
                   (long long)chains);
        json_t *cp = json_object_get(out, "checkpoints");
        if (json_is_object(cp))
            printf("Checkpoint bertanda tangan: %lld di %s; berjangkar sampai entri %lld, %lld "
                   "entri sesudahnya belum\nKunci publik (Ed25519): %s\n",
                   (long long)json_integer_value(json_object_get(cp, "jumlah")),
                   json_string_value(json_object_get(cp, "berkas")),
                   (long long)json_integer_value(json_object_get(cp, "entri_terakhir")),
                   (long long)json_integer_value(json_object_get(cp, "belum_berjangkar")),
                   c.audit_pk);
    } else {
        fprintf(stderr, "netral: log audit RUSAK pada entri %lld: %s\n",
                (long long)json_integer_value(json_object_get(out, "first_bad_seq")),
                json_string_value(json_object_get(out, "problem")));
        rc = 5;
    }
    json_decref(out);
    nt_cli_close(&c);
    return rc;
}

static int sub_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    long long after = 0, limit = 100;
    nt_option opts[] = {
        NT_OPT_INT("after", &after, "SEQ", "entri sesudah nomor ini", 0, INT64_MAX),
        NT_OPT_INT("limit", &limit, "N", "jumlah entri paling banyak (bawaan 100)", 1, 10000),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    if (nt_audit_list(c.st, &c.actor, after, (int)limit, &out, &err))
        rc = nt_cli_fail(&err);
    else
        nt_cli_print(out);
    nt_cli_close(&c);
    return rc;
}

static const nt_subcommand subs[] = {
    {"verify", sub_verify, "netral audit verify",
     "Memeriksa rantai hash seluruh log audit. Status keluar 0 bila rantai utuh, 5 bila ada\n"
     "entri yang diubah, diurutkan ulang atau dihapus (nomor entri pertama yang rusak\n"
     "dicetak).\n",
     NULL},
    {"list", sub_list, "netral audit list [--after SEQ] [--limit N]", NULL, NULL},
};

int nt_cmd_audit(int argc, char **argv)
{
    return nt_subcommands_run("audit", argc, argv, subs, NT_ARRAY_LEN(subs), NULL);
}
