/* cmd_audit.c - netral audit verify|list. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Penggunaan:\n"
    "  netral audit verify              memeriksa rantai hash seluruh log audit\n"
    "  netral audit list [--after SEQ] [--limit N]\n\n"
    "verify keluar dengan status 0 bila rantai utuh, 5 bila ada entri yang diubah,\n"
    "diurutkan ulang atau dihapus (nomor entri pertama yang rusak dicetak).\n";

int nt_cmd_audit(int argc, char **argv)
{
    nt_opts o;
    nt_cli c;
    int rc = nt_cli_start(argc, argv, help, &o, &c);
    if (rc) return rc == NT_CLI_HELP ? 0 : rc;
    const char *sub = nt_arg(&o, 0);
    nt_err err = {0};
    json_t *out = NULL;
    if (!sub) {
        fputs(help, stderr);
        rc = 2;
    } else if (!strcmp(sub, "verify")) {
        if (!(rc = nt_opts_unknown(&o))) {
            if (nt_audit_verify(c.st, &out)) {
                nt_err_set(&err, NT_EDB, NULL, "log audit tidak dapat dibaca");
                rc = nt_cli_fail(&err);
            } else if (json_is_true(json_object_get(out, "ok"))) {
                printf("Log audit utuh: %lld entri, kepala %s\n",
                       (long long)json_integer_value(json_object_get(out, "entries")),
                       json_string_value(json_object_get(out, "head")));
            } else {
                fprintf(stderr, "netral: log audit RUSAK pada entri %lld: %s\n",
                        (long long)json_integer_value(json_object_get(out, "first_bad_seq")),
                        json_string_value(json_object_get(out, "problem")));
                rc = 5;
            }
            json_decref(out);
        }
    } else if (!strcmp(sub, "list")) {
        const char *after = nt_opt(&o, "after"), *limit = nt_opt(&o, "limit");
        if (!(rc = nt_opts_unknown(&o))) {
            if (nt_audit_list(c.st, &c.actor, after ? atoll(after) : 0, limit ? atoi(limit) : 100,
                              &out, &err))
                rc = nt_cli_fail(&err);
            else
                nt_cli_print(out);
        }
    } else {
        fprintf(stderr, "netral: subperintah audit tidak dikenal: %s\n", sub);
        rc = 2;
    }
    nt_cli_end(&c, &o);
    return rc;
}
