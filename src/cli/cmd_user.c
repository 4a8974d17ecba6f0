/* cmd_user.c - netral user add|list|passwd|disable|enable|token. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Penggunaan:\n"
    "  netral user add --username U --name NAMA --role admin|bawaslu|otoritas|ppk\n"
    "                  [--region KODE] [--agency ID]   (kata sandi dari NETRAL_PASSWORD atau "
    "stdin)\n"
    "  netral user list\n"
    "  netral user passwd USERNAME                      (kata sandi dari NETRAL_PASSWORD atau "
    "stdin)\n"
    "  netral user disable|enable USERNAME\n"
    "  netral user token USERNAME --name NAMA_TOKEN      (token hanya ditampilkan sekali)\n\n"
    "Peran bawaslu tanpa --region berarti Bawaslu RI (seluruh wilayah).\n";

static char *read_password(void)
{
    const char *env = getenv("NETRAL_PASSWORD");
    if (env) return nt_xstrdup(env);
    char buf[300];
    if (!fgets(buf, sizeof buf, stdin)) return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return nt_xstrdup(buf);
}

int nt_cmd_user(int argc, char **argv)
{
    nt_opts o;
    nt_cli c;
    int rc = nt_cli_start(argc, argv, help, &o, &c);
    if (rc) return rc == NT_CLI_HELP ? 0 : rc;
    const char *sub = nt_arg(&o, 0);
    nt_err err = {0};
    int r = 0;
    if (!sub) {
        fputs(help, stderr);
        rc = 2;
    } else if (!strcmp(sub, "add")) {
        json_t *in = json_object();
        static const char *keys[] = {"username", "name", "role", "region"};
        for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++) {
            const char *v = nt_opt(&o, keys[i]);
            if (v) json_object_set_new(in, keys[i], json_string(v));
        }
        const char *ag = nt_opt(&o, "agency");
        if (ag) json_object_set_new(in, "agency_id", json_integer(atoll(ag)));
        if (!(rc = nt_opts_unknown(&o))) {
            char *pw = read_password();
            if (pw) json_object_set_new(in, "password", json_string(pw));
            free(pw);
            int64_t id;
            r = nt_user_create(c.st, &c.actor, in, &id, &err);
            if (!r) printf("Pengguna dibuat (id %lld).\n", (long long)id);
        }
        json_decref(in);
    } else if (!strcmp(sub, "list")) {
        json_t *out;
        if (!(rc = nt_opts_unknown(&o)) && !(r = nt_user_list(c.st, &c.actor, &out, &err)))
            nt_cli_print(out);
    } else if (!strcmp(sub, "passwd")) {
        const char *u = nt_arg(&o, 1);
        if (!(rc = nt_opts_unknown(&o))) {
            char *pw = read_password();
            r = u && pw
                    ? nt_user_set_password(c.st, &c.actor, u, pw, &err)
                    : nt_err_set(&err, NT_EINVAL, "username", "sebutkan username dan kata sandi");
            free(pw);
            if (!r) puts("Kata sandi diganti; semua sesi pengguna ini diakhiri.");
        }
    } else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
        const char *u = nt_arg(&o, 1);
        if (!(rc = nt_opts_unknown(&o)))
            r = nt_user_set_active(c.st, &c.actor, u ? u : "", !strcmp(sub, "enable"), &err);
    } else if (!strcmp(sub, "token")) {
        const char *u = nt_arg(&o, 1), *name = nt_opt(&o, "name");
        char token[80];
        if (!(rc = nt_opts_unknown(&o)) &&
            !(r = nt_token_create(c.st, &c.actor, u ? u : "", name, token, &err)))
            printf("%s\n", token);
    } else {
        fprintf(stderr, "netral: subperintah user tidak dikenal: %s\n", sub);
        rc = 2;
    }
    if (!rc && r) rc = nt_cli_fail(&err);
    nt_cli_end(&c, &o);
    return rc;
}
