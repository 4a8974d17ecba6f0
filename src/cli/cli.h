/*
 * cli.h - what the subcommands share: where things live (database, rule
 * data, key, evidence), opening the store, option parsing and output.
 *
 * Paths: --db (default var/netral.db, or NETRAL_DB), --data (NETRAL_DATA, or
 * the data/ directory of the source tree this binary was built from). The
 * key and the evidence directory sit beside the database.
 */
#ifndef NT_CLI_H
#define NT_CLI_H

#include "base/nt.h"
#include "store/store.h"

#include <jansson.h>

typedef struct nt_cli {
    const char *db_path;
    const char *data_dir;
    char key_path[1024];
    char evidence_dir[1024];
    nt_rules rules;
    unsigned char key[NT_KEY_BYTES];
    nt_store *st;
    nt_actor actor;
} nt_cli;

/* Option parsing: argv holds "--name value" pairs and flags after the command words. */
typedef struct nt_opts {
    int argc;
    char **argv;
    bool *used;
} nt_opts;

void nt_opts_init(nt_opts *o, int argc, char **argv);
void nt_opts_free(nt_opts *o);
const char *nt_opt(nt_opts *o, const char *name); /* --name value */
bool nt_flag(nt_opts *o, const char *name);       /* --name */
const char *nt_arg(nt_opts *o, int i);            /* i-th positional */
/* Non-zero (and a message) if an option was given that no one asked for. */
int nt_opts_unknown(nt_opts *o);

/* Resolves paths from common options (--db, --data), loads rules and the key, opens the store. */
int nt_cli_open(nt_cli *c, nt_opts *o);
void nt_cli_close(nt_cli *c);

/* The start every store-backed subcommand shares: --help prints `help` and returns
 * NT_CLI_HELP (exit 0); otherwise the options are parsed and the store opened (0), or an exit
 * status is returned with nothing left open. nt_cli_end undoes it. */
#define NT_CLI_HELP (-1)
int nt_cli_start(int argc, char **argv, const char *help, nt_opts *o, nt_cli *c);
void nt_cli_end(nt_cli *c, nt_opts *o);
/* Prints "netral: message" (and the field) to stderr; returns the exit status for the code. */
int nt_cli_fail(const nt_err *err);
void nt_cli_print(json_t *j); /* pretty JSON on stdout; steals j */
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
