/* cmd_user.c - netral user add|list|passwd|disable|enable|token. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_password(void)
{
    const char *env = getenv("NETRAL_PASSWORD");
    if (env) return nt_xstrdup(env);
    char buf[300];
    if (!fgets(buf, sizeof buf, stdin)) return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return nt_xstrdup(buf);
}

static int done(nt_cli *c, int r, const nt_err *err)
{
    int rc = r ? nt_cli_fail(err) : 0;
    nt_cli_close(c);
    return rc;
}

static int sub_add(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *username = NULL, *name = NULL, *role = NULL, *region = NULL;
    long long agency = 0;
    nt_option opts[] = {
        NT_OPT_STR("username", &username, "U", "nama masuk (wajib)"),
        NT_OPT_STR("name", &name, "NAMA", "nama lengkap (wajib)"),
        NT_OPT_STR("role", &role, "PERAN", "admin, bawaslu, otoritas atau ppk (wajib)"),
        NT_OPT_STR("region", &region, "KODE", "wilayah kantor; bawaslu tanpa wilayah = RI"),
        NT_OPT_INT("agency", &agency, "ID", "instansi (untuk ppk)", 1, INT64_MAX),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *in = json_object();
    const char *keys[] = {"username", "name", "role", "region"};
    const char *vals[] = {username, name, role, region};
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++)
        if (vals[i]) json_object_set_new(in, keys[i], json_string(vals[i]));
    if (agency) json_object_set_new(in, "agency_id", json_integer(agency));
    char *pw = read_password();
    if (pw) json_object_set_new(in, "password", json_string(pw));
    free(pw);
    int64_t id;
    nt_err err = {0};
    int r = nt_user_create(c.st, &c.actor, in, &id, &err);
    if (!r) printf("Pengguna dibuat (id %lld).\n", (long long)id);
    json_decref(in);
    return done(&c, r, &err);
}

static int sub_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out;
    nt_err err = {0};
    int r = nt_user_list(c.st, &c.actor, &out, &err);
    if (!r) nt_cli_print(out);
    return done(&c, r, &err);
}

static int sub_passwd(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    char *pw = read_password();
    nt_err err = {0};
    int r = pw ? nt_user_set_password(c.st, &c.actor, pos[0], NULL, pw, &err)
               : nt_err_set(&err, NT_EINVAL, "password", "kata sandi tidak dibaca dari stdin");
    free(pw);
    if (!r) puts("Kata sandi diganti; semua sesi pengguna ini diakhiri.");
    return done(&c, r, &err);
}

static int sub_active(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    int r = nt_user_set_active(c.st, &c.actor, pos[0], !strcmp(s->name, "enable"), &err);
    return done(&c, r, &err);
}

static int sub_token(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *name = NULL;
    nt_option opts[] = {
        NT_OPT_STR("name", &name, "NAMA_TOKEN", "nama token (wajib)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    char token[80];
    nt_err err = {0};
    int r = nt_token_create(c.st, &c.actor, pos[0], name, token, &err);
    if (!r) printf("%s\n", token);
    return done(&c, r, &err);
}

static const nt_subcommand subs[] = {
    {"add", sub_add,
     "netral user add --username U --name NAMA --role admin|bawaslu|otoritas|ppk [--region KODE] "
     "[--agency ID]",
     "Kata sandi dibaca dari NETRAL_PASSWORD atau stdin. Peran bawaslu tanpa --region berarti\n"
     "Bawaslu RI (seluruh wilayah).\n",
     NULL},
    {"list", sub_list, "netral user list", NULL, NULL},
    {"passwd", sub_passwd, "netral user passwd USERNAME",
     "Kata sandi baru dibaca dari NETRAL_PASSWORD atau stdin; semua sesi dan token API\n"
     "pengguna itu diakhiri.\n",
     NULL},
    {"disable", sub_active, "netral user disable USERNAME", NULL, NULL},
    {"enable", sub_active, "netral user enable USERNAME", NULL, NULL},
    {"token", sub_token, "netral user token USERNAME --name NAMA_TOKEN",
     "Membuat token API; token hanya ditampilkan sekali.\n", NULL},
};

int nt_cmd_user(int argc, char **argv)
{
    return nt_subcommands_run("user", argc, argv, subs, NT_ARRAY_LEN(subs), NULL);
}
