/* common.c - option parsing, paths, opening the store and printing for every subcommand. */
#include "cli/cli.h"

#include "base/file.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NT_DATADIR_DEFAULT
#define NT_DATADIR_DEFAULT "data"
#endif

void nt_opts_init(nt_opts *o, int argc, char **argv)
{
    o->argc = argc;
    o->argv = argv;
    o->used = nt_xcalloc((size_t)argc + 1, sizeof *o->used);
}

void nt_opts_free(nt_opts *o)
{
    free(o->used);
}

const char *nt_opt(nt_opts *o, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < o->argc; i++) {
        const char *a = o->argv[i];
        if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0) continue;
        if (a[2 + n] == '=') {
            o->used[i] = true;
            return a + 3 + n;
        }
        if (a[2 + n] == '\0' && i + 1 < o->argc) {
            o->used[i] = o->used[i + 1] = true;
            return o->argv[i + 1];
        }
    }
    return NULL;
}

bool nt_flag(nt_opts *o, const char *name)
{
    for (int i = 0; i < o->argc; i++)
        if (strncmp(o->argv[i], "--", 2) == 0 && strcmp(o->argv[i] + 2, name) == 0) {
            o->used[i] = true;
            return true;
        }
    return false;
}

/* Options that take no value; any other --name is followed by its value. */
static bool is_flag(const char *arg)
{
    static const char *flags[] = {"skip-invalid", "dry-run",       "stats",
                                  "force",        "secure-cookie", "help",
                                  "use-db",       "all",           "print-lexicon"};
    for (size_t i = 0; i < NT_ARRAY_LEN(flags); i++)
        if (strcmp(arg + 2, flags[i]) == 0) return true;
    return false;
}

const char *nt_arg(nt_opts *o, int k)
{
    int seen = 0;
    for (int i = 0; i < o->argc; i++) {
        const char *a = o->argv[i];
        if (strncmp(a, "--", 2) == 0) {
            if (!strchr(a, '=') && !is_flag(a)) i++; /* skip its value */
            continue;
        }
        if (seen++ == k) {
            o->used[i] = true;
            return a;
        }
    }
    return NULL;
}

int nt_opts_unknown(nt_opts *o)
{
    for (int i = 0; i < o->argc; i++) {
        if (!o->used[i]) {
            fprintf(stderr, "netral: argumen tidak dikenal: %s (lihat --help)\n", o->argv[i]);
            return 2;
        }
    }
    return 0;
}

int nt_cli_fail(const nt_err *err)
{
    if (err->field[0])
        fprintf(stderr, "netral: %s [kolom: %s]\n", err->msg, err->field);
    else
        fprintf(stderr, "netral: %s\n", err->msg[0] ? err->msg : "gagal");
    switch (err->code) {
    case NT_EINVAL:
    case NT_ECONFLICT:
    case NT_ETOOBIG:
        return 2;
    case NT_ENOTFOUND:
        return 3;
    case NT_EFORBIDDEN:
    case NT_EAUTH:
        return 4;
    default:
        return 1;
    }
}

void nt_cli_print(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s) {
        puts(s);
        free(s);
    }
    json_decref(j);
}

int nt_cli_read_json(const char *path, json_t **out, nt_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = nt_file_read(path, &text, &len, err);
    if (rc) return rc;
    json_error_t je;
    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (!*out)
        return nt_err_set(err, NT_EINVAL, "file", "%s: JSON tidak sah pada baris %d: %s", path,
                          je.line, je.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        return nt_err_set(err, NT_EINVAL, "file", "%s: isi berkas harus objek JSON", path);
    }
    return 0;
}

static void dirname_of(const char *path, char *out, size_t n)
{
    nt_strlcpy(out, path, n);
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    else
        nt_strlcpy(out, ".", n);
}

int nt_cli_open(nt_cli *c, nt_opts *o)
{
    memset(c, 0, sizeof *c);
    nt_err err = {0};
    c->db_path = nt_opt(o, "db");
    if (!c->db_path) c->db_path = getenv("NETRAL_DB");
    if (!c->db_path) c->db_path = "var/netral.db";
    /* the rule data: --rules-dir (never --data, which subcommands use for their own input) */
    c->data_dir = nt_opt(o, "rules-dir");
    if (!c->data_dir) c->data_dir = getenv("NETRAL_DATA");
    /* the date the program believes it is (demonstrations, training, tests) */
    const char *today = nt_opt(o, "today");
    if (!today) today = getenv("NETRAL_TODAY");
    if (today && *today) {
        nt_date d;
        if (!nt_date_parse(today, strlen(today), &d)) {
            nt_err_set(&err, NT_EINVAL, "today", "--today harus tanggal TTTT-BB-HH, bukan '%s'",
                       today);
            return nt_cli_fail(&err);
        }
        nt_clock_pin_day(d);
    }
    if (!c->data_dir) c->data_dir = NT_DATADIR_DEFAULT;
    char dir[1024];
    dirname_of(c->db_path, dir, sizeof dir);
    snprintf(c->key_path, sizeof c->key_path, "%s/netral.key", dir);
    snprintf(c->evidence_dir, sizeof c->evidence_dir, "%s/evidence", dir);
    int rc = nt_mkdirs(dir, &err);
    if (!rc) rc = nt_rules_load_dir(&c->rules, c->data_dir, &err);
    if (rc) return nt_cli_fail(&err);
    rc = nt_key_load_or_create(c->key_path, c->key, &err);
    nt_store_config cfg = {c->db_path, c->evidence_dir, &c->rules, c->key};
    if (!rc) rc = nt_store_open(&cfg, &c->st, &err);
    if (rc) {
        nt_rules_free(&c->rules);
        return nt_cli_fail(&err);
    }
    struct passwd *pw = getpwuid(getuid());
    nt_actor_system(&c->actor, pw ? pw->pw_name : NULL);
    return 0;
}

void nt_cli_close(nt_cli *c)
{
    nt_store_close(c->st);
    nt_rules_free(&c->rules);
    c->st = NULL;
}

int nt_cli_start(int argc, char **argv, const char *help, nt_opts *o, nt_cli *c)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return NT_CLI_HELP;
        }
    nt_opts_init(o, argc, argv);
    int rc = nt_cli_open(c, o);
    if (rc) nt_opts_free(o);
    return rc;
}

void nt_cli_end(nt_cli *c, nt_opts *o)
{
    nt_cli_close(c);
    nt_opts_free(o);
}

int nt_cli_seed_regions(nt_cli *c, int *count, nt_err *err)
{
    *count = 0;
    json_t *top = NULL;
    nt_regions_list(c->st, NULL, NULL, &top);
    size_t have = json_array_size(top);
    json_decref(top);
    if (have > 0) return 0;
    char path[1200];
    snprintf(path, sizeof path, "%s/wilayah/wilayah.csv", c->data_dir);
    nt_map m;
    int rc = nt_map_open(&m, path, err);
    if (rc) return rc;
    rc = nt_regions_import_csv(c->st, &c->actor, m.p, m.len, count, err);
    nt_map_close(&m);
    return rc;
}
