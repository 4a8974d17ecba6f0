/* common.c - option parsing, paths, opening the store and printing for every subcommand. */
#include "cli/cli.h"

#include "base/file.h"
#include "store/db.h"

#include <fcntl.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Where the rule data is when no option names it: installed beside the binary
 * (PREFIX/bin/netral and PREFIX/share/netral), or the tree the binary sits in
 * (build/netral and data/). No build path is compiled in, so a binary that is
 * copied or installed elsewhere finds its own data. */
static const char *default_rules_dir(void)
{
    static char found[1024];
    if (found[0]) return found;
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char dir[1024];
        dirname_of(exe, dir, sizeof dir);
        static const char *rel[] = {"/../share/netral", "/data", "/../data"};
        for (size_t i = 0; i < NT_ARRAY_LEN(rel); i++) {
            char cand[1100], probe[1200];
            snprintf(cand, sizeof cand, "%s%s", dir, rel[i]);
            snprintf(probe, sizeof probe, "%s/rules/catalogue.json", cand);
            if (access(probe, R_OK) == 0) {
                nt_strlcpy(found, cand, sizeof found);
                return found;
            }
        }
    }
    return "/usr/share/netral";
}

const char *nt_cli_rules_dir(const nt_globals *g)
{
    if (g->rules_dir) return g->rules_dir;
    const char *env = getenv("NETRAL_DATA");
    return env && *env ? env : default_rules_dir();
}

int nt_cli_pin_today(const nt_globals *g)
{
    const char *today = g->today ? g->today : getenv("NETRAL_TODAY");
    if (!today || !*today) return 0;
    nt_date d;
    if (!nt_date_parse(today, strlen(today), &d)) {
        nt_err err = {0};
        nt_err_set(&err, NT_EINVAL, "today", "--today harus tanggal TTTT-BB-HH, bukan '%s'", today);
        return nt_cli_fail(&err);
    }
    nt_clock_pin_day(d);
    return 0;
}

const char *nt_cli_db(const nt_globals *g)
{
    const char *db = g->db;
    if (!db) db = getenv("NETRAL_DB");
    return db ? db : "var/netral.db";
}

void nt_cli_var_dir(const nt_globals *g, const char *db, char *out, size_t n)
{
    const char *var = g->var_dir ? g->var_dir : getenv("NETRAL_VAR");
    if (var && *var)
        nt_strlcpy(out, var, n);
    else if (nt_db_is_pg(db))
        nt_strlcpy(out, "var", n);
    else
        dirname_of(db, out, n);
}

int nt_cli_open(nt_cli *c, const nt_globals *g)
{
    memset(c, 0, sizeof *c);
    nt_err err = {0};
    c->db_path = nt_cli_db(g);
    c->data_dir = nt_cli_rules_dir(g);
    int rc = nt_cli_pin_today(g);
    if (rc) return rc;
    char dir[1024];
    nt_cli_var_dir(g, c->db_path, dir, sizeof dir);
    nt_strlcpy(c->var_dir, dir, sizeof c->var_dir);
    snprintf(c->key_path, sizeof c->key_path, "%s/netral.key", dir);
    snprintf(c->evidence_dir, sizeof c->evidence_dir, "%s/evidence", dir);
    snprintf(c->audit_key_path, sizeof c->audit_key_path, "%s/audit.key", dir);
    if (g->checkpoint_log && !strcmp(g->checkpoint_log, "none"))
        c->checkpoint_path[0] = '\0'; /* no checkpoints: for measuring their cost only */
    else if (g->checkpoint_log)
        nt_strlcpy(c->checkpoint_path, g->checkpoint_log, sizeof c->checkpoint_path);
    else
        snprintf(c->checkpoint_path, sizeof c->checkpoint_path, "%s/audit-checkpoints.log", dir);
    if ((rc = nt_mkdirs(dir, &err))) return nt_cli_fail(&err);
    if (!nt_db_is_pg(c->db_path)) { /* the file's own directory, when --var is elsewhere */
        char parent[1024];
        dirname_of(c->db_path, parent, sizeof parent);
        if ((rc = nt_mkdirs(parent, &err))) return nt_cli_fail(&err);
    }
    if ((rc = nt_rules_load_dir(&c->rules, c->data_dir, &err))) {
        rc = nt_cli_fail(&err);
        fprintf(stderr,
                "netral: data aturan dibaca dari %s; sebutkan direktori lain dengan "
                "--rules-dir atau NETRAL_DATA\n",
                c->data_dir);
        return rc;
    }
    rc = nt_key_load_or_create(c->key_path, c->key, &err);
    if (!rc) rc = nt_audit_key_load_or_create(c->audit_key_path, c->audit_sk, c->audit_pk, &err);
    nt_store_config cfg = nt_cli_store_config(c);
    if (!rc) rc = nt_store_open(&cfg, &c->st, &err);
    if (rc) {
        nt_rules_free(&c->rules);
        return nt_cli_fail(&err);
    }
    struct passwd *pw = getpwuid(getuid());
    nt_actor_system(&c->actor, pw ? pw->pw_name : NULL);
    return 0;
}

void nt_cli_db_label(const char *where, char *out, size_t n)
{
    nt_strlcpy(out, where, n);
    if (!nt_db_is_pg(where)) return;
    /* postgresql://user:secret@host/db -> postgresql://user@host/db */
    char *scheme = strstr(out, "://");
    char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at) memmove(colon, at, strlen(at) + 1);
    /* password=secret in a keyword string or the URI's query */
    char *pw = strstr(out, "password=");
    if (pw) {
        char *end = pw + 9 + strcspn(pw + 9, " &");
        memmove(pw + 9, end, strlen(end) + 1);
    }
}

nt_store_config nt_cli_store_config(const nt_cli *c)
{
    return (nt_store_config){.db_path = c->db_path,
                             .evidence_dir = c->evidence_dir,
                             .rules = &c->rules,
                             .key = c->key,
                             .audit_sk = c->checkpoint_path[0] ? c->audit_sk : NULL,
                             .checkpoint_path = c->checkpoint_path[0] ? c->checkpoint_path : NULL,
                             .public_url = getenv("NETRAL_PUBLIC_URL")};
}

void nt_cli_close(nt_cli *c)
{
    if (c->st) nt_store_close(c->st);
    nt_rules_free(&c->rules); /* safe on a zeroed or already freed set */
    sodium_memzero(c->audit_sk, sizeof c->audit_sk);
    sodium_memzero(c->key, sizeof c->key);
    c->st = NULL;
}

int nt_cli_start(const nt_subcommand *s, int argc, char **argv, const nt_option *opts, int min_pos,
                 int max_pos, const char **pos, const nt_globals *g, nt_cli *c)
{
    memset(c, 0, sizeof *c);
    int rc = nt_options_parse(argc, argv, opts, s, min_pos, max_pos, pos);
    return rc ? rc : nt_cli_open(c, g);
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

int nt_cli_write_file(const char *path, nt_upload *u, nt_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nt_err_set(err, NT_EIO, "file", "tidak dapat membuka %s", path);
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while (!rc && (n = read(fd, buf, sizeof buf)) > 0)
        rc = nt_evidence_write(u, buf, (size_t)n, err);
    if (!rc && n < 0) rc = nt_err_set(err, NT_EIO, "file", "tidak dapat membaca %s", path);
    close(fd);
    return rc;
}

int nt_cli_finish(nt_cli *c, int r, json_t *out, const nt_err *err)
{
    int rc = r ? nt_cli_fail(err) : 0;
    if (!r && out)
        nt_cli_print(out);
    else
        json_decref(out);
    nt_cli_close(c);
    return rc;
}

int nt_cli_case_id(const char *s, int64_t *id)
{
    char *end = NULL;
    long long v = s && *s ? strtoll(s, &end, 10) : 0;
    *id = (!s || !*s || *end || v <= 0) ? 0 : v;
    if (*id) return 0;
    fprintf(stderr, "netral: nomor kasus harus bilangan bulat positif, bukan '%s'\n", s ? s : "");
    return 2;
}
