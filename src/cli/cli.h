/*
 * cli.h - what the subcommands share: where things live (database, rule
 * data, key, evidence), opening the store, option parsing and output.
 *
 * Paths: --db (default var/netral.db, or NETRAL_DB), --rules-dir (NETRAL_DATA,
 * or the installed rule data). The key and the evidence directory sit beside
 * the database.
 */
#ifndef NT_CLI_H
#define NT_CLI_H

#include "base/nt.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>

typedef struct nt_cli {
    const char *db_path;
    const char *data_dir;
    char var_dir[1024]; /* keys, evidence and checkpoints (--var) */
    char key_path[1024];
    char evidence_dir[1024];
    char audit_key_path[1024];  /* audit.key beside the database: signs the checkpoints */
    char checkpoint_path[1024]; /* --checkpoint-log, or audit-checkpoints.log beside it */
    unsigned char audit_sk[NT_AUDIT_SK_BYTES];
    char audit_pk[65];
    nt_rules rules;
    unsigned char key[NT_KEY_BYTES];
    nt_store *st;
    nt_actor actor;
} nt_cli;

/* The options every store-backed command accepts. */
typedef struct nt_globals {
    const char *db;             /* --db, NETRAL_DB, var/netral.db */
    const char *var_dir;        /* --var, NETRAL_VAR: keys, evidence, checkpoints */
    const char *checkpoint_log; /* --checkpoint-log: where the signed audit checkpoints go */
    const char *rules_dir;      /* --rules-dir, NETRAL_DATA, the installed rule data */
    const char *today;          /* --today, NETRAL_TODAY */
} nt_globals;

/* An option table (git's parse-options model): parsing and --help come from it. */
typedef enum nt_optkind {
    NT_OPTK_END = 0,
    NT_OPTK_STR,    /* --name VALUE or --name=VALUE; value: const char ** */
    NT_OPTK_INT,    /* an integer in [min, max]; value: long long * */
    NT_OPTK_NUM,    /* a number in [min, max]; value: double * */
    NT_OPTK_FLAG,   /* --name; value: bool * */
    NT_OPTK_OPTARG, /* --name alone, or --name=VALUE; value: const char **, seen: bool * */
} nt_optkind;

typedef struct nt_option {
    nt_optkind kind;
    const char *name; /* without the leading -- */
    void *value;
    const char *arg;  /* the value's placeholder in help ("BERKAS") */
    const char *help; /* Indonesian, one line */
    long long min, max;
    bool *seen; /* optional: set when the option appears */
} nt_option;

#define NT_OPTIONS_MAX 32
#define NT_OPT_STR(n, v, a, h)                                                                     \
    {                                                                                              \
        NT_OPTK_STR, (n), (v), (a), (h), 0, 0, NULL                                                \
    }
#define NT_OPT_INT(n, v, a, h, lo, hi)                                                             \
    {                                                                                              \
        NT_OPTK_INT, (n), (v), (a), (h), (lo), (hi), NULL                                          \
    }
#define NT_OPT_NUM(n, v, a, h, lo, hi)                                                             \
    {                                                                                              \
        NT_OPTK_NUM, (n), (v), (a), (h), (lo), (hi), NULL                                          \
    }
#define NT_OPT_FLAG(n, v, h)                                                                       \
    {                                                                                              \
        NT_OPTK_FLAG, (n), (v), NULL, (h), 0, 0, NULL                                              \
    }
#define NT_OPT_OPTARG(n, v, seen, a, h)                                                            \
    {                                                                                              \
        NT_OPTK_OPTARG, (n), (v), (a), (h), 0, 0, (seen)                                           \
    }
#define NT_OPT_END                                                                                 \
    {                                                                                              \
        NT_OPTK_END, NULL, NULL, NULL, NULL, 0, 0, NULL                                            \
    }
#define NT_OPT_RULES(g) NT_OPT_STR("rules-dir", &(g)->rules_dir, "DIREKTORI", "data aturan")
#define NT_OPT_TODAY(g)                                                                            \
    NT_OPT_STR("today", &(g)->today, "TTTT-BB-HH", "tanggal yang dipakai program")
#define NT_OPT_GLOBALS(g)                                                                          \
    NT_OPT_STR("db", &(g)->db, "BERKAS|URI",                                                       \
               "basis data: berkas SQLite (bawaan var/netral.db) atau postgresql://..."),          \
        NT_OPT_STR("var", &(g)->var_dir, "DIREKTORI",                                              \
                   "kunci, berkas bukti dan checkpoint audit (bawaan: direktori berkas basis "     \
                   "data; untuk PostgreSQL: var)"),                                                \
        NT_OPT_RULES(g), NT_OPT_TODAY(g),                                                          \
        NT_OPT_STR("checkpoint-log", &(g)->checkpoint_log, "BERKAS",                               \
                   "checkpoint audit bertanda tangan (bawaan di samping basis data; none: tanpa, " \
                   "hanya untuk mengukur)")

/* --help and -h print the help and return NT_CLI_HELP (exit 0). */
#define NT_CLI_HELP (-1)
/* Parses argv (the words after the command) against opts; positionals go to pos[0..max_pos).
 * Returns 0, NT_CLI_HELP, or 2 after printing what was wrong. */
typedef struct nt_subcommand nt_subcommand;
int nt_options_parse(int argc, char **argv, const nt_option *opts, const nt_subcommand *s,
                     int min_pos, int max_pos, const char **pos);
void nt_options_help(FILE *f, const nt_option *opts, const nt_subcommand *s);

/* A command or subcommand ("netral case list"): for subcommands the first word picks one. */
struct nt_subcommand {
    const char *name;
    int (*fn)(const nt_subcommand *self, int argc, char **argv);
    const char *synopsis;  /* "netral case show ID" */
    const char *about;     /* optional longer help */
    void (*more)(FILE *f); /* optional help derived from rule data */
};
int nt_subcommands_run(const char *cmd, int argc, char **argv, const nt_subcommand *subs, size_t n,
                       const char *about);

/* Resolves the paths from the global options, pins the date, loads rules and the key, opens
 * the store. Non-zero is an exit status, with the message printed and nothing left open. */
int nt_cli_open(nt_cli *c, const nt_globals *g);
/* The database the global options name (--db, NETRAL_DB, var/netral.db), and the directory
 * of its keys, evidence and checkpoints (--var, NETRAL_VAR, beside a SQLite file, var). */
const char *nt_cli_db(const nt_globals *g);
void nt_cli_var_dir(const nt_globals *g, const char *db, char *out, size_t n);
/* The database as it may be printed: a PostgreSQL address without its password. */
void nt_cli_db_label(const char *where, char *out, size_t n);
void nt_cli_close(nt_cli *c);
/* The store configuration of an open CLI (for servers that open their own connections). */
nt_store_config nt_cli_store_config(const nt_cli *c);
/* Pins the date --today or NETRAL_TODAY names; non-zero (printed) if it is not a date. */
int nt_cli_pin_today(const nt_globals *g);
/* The rule directory the global options name (for commands that need no database). */
const char *nt_cli_rules_dir(const nt_globals *g);
/* Parses, then opens the store: 0 (open), NT_CLI_HELP or an exit status. */
int nt_cli_start(const nt_subcommand *s, int argc, char **argv, const nt_option *opts, int min_pos,
                 int max_pos, const char **pos, const nt_globals *g, nt_cli *c);
/* Turns a status from nt_cli_start (or nt_options_parse) into the exit status. */
static inline int nt_cli_exit(int rc)
{
    return rc == NT_CLI_HELP ? 0 : rc;
}

/* Prints "netral: message" (and the field) to stderr; returns the exit status for the code. */
int nt_cli_fail(const nt_err *err);
void nt_cli_print(json_t *j); /* pretty JSON on stdout; steals j */
/* The end of a command: prints out (stolen) on success or the error, closes the store; the
 * exit status. */
int nt_cli_finish(nt_cli *c, int r, json_t *out, const nt_err *err);
/* A case id from a positional word, or 2 after saying what is wrong. */
int nt_cli_case_id(const char *s, int64_t *id);
/* Reads a JSON object from a file ("-" for stdin). */
int nt_cli_read_json(const char *path, json_t **out, nt_err *err);

int nt_cmd_init(int argc, char **argv);
int nt_cmd_demo(int argc, char **argv);
int nt_cmd_serve(int argc, char **argv);
int nt_cmd_import(int argc, char **argv);
int nt_cmd_case(int argc, char **argv);
int nt_cmd_user(int argc, char **argv);
int nt_cmd_audit(int argc, char **argv);
int nt_cmd_patrol(int argc, char **argv);
int nt_cmd_backup(int argc, char **argv);
int nt_cmd_restore(int argc, char **argv);
int nt_cmd_migrate(int argc, char **argv);
int nt_cmd_risk(int argc, char **argv);
int nt_cmd_stats(int argc, char **argv);
int nt_cmd_prevention(int argc, char **argv);
int nt_cmd_exchange(int argc, char **argv);

/* Writes the file at path into an upload (nt_evidence_begin or _stage). */
int nt_cli_write_file(const char *path, nt_upload *u, nt_err *err);

/* Loads regions from <data>/wilayah/wilayah.csv when the table is empty. */
int nt_cli_seed_regions(nt_cli *c, int *count, nt_err *err);

/* demo.c: the fictional demo data set on real regions. */
typedef struct nt_demo_options {
    uint64_t seed;
    int cases_per_region; /* 0: the default spread */
    int extra_cases;      /* bulk cases for benchmarks */
    double roster_scale;  /* 1.0 = realistic sizes */
    bool quiet;
} nt_demo_options;
int nt_demo_generate(nt_store *st, const nt_actor *a, const char *data_dir,
                     const nt_demo_options *opt, json_t **summary, nt_err *err);
/* Writes a synthetic roster CSV of n rows (for benchmarks) to out. */
void nt_demo_roster_csv(uint64_t seed, size_t n, const char *region, nt_buf *out);

#endif
