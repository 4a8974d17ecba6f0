/* cmd_patrol.c - netral patrol: scan social-media exports for ASN taking sides. */
#include "cli/cli.h"

#include "base/file.h"
#include "patrol/patrol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char about[] =
    "Memindai ekspor media sosial (JSON Lines, atau CSV dengan kolom author.handle dst.)\n"
    "dan menulis item yang ditandai sebagai JSON Lines ke stdout: verdict partisan\n"
    "(dukungan eksplisit kepada pasangan calon) atau review (perlu dilihat manusia),\n"
    "dengan alasan, rentang teks asli, usulan kode pelanggaran dan tautan ke data ASN.\n"
    "Baris yang rusak dilaporkan ke stderr dengan nomor barisnya dan tidak menghentikan\n"
    "pemindaian. Ringkasan (dibaca, ditandai, rusak, item/s) dicetak ke stderr.\n"
    "--db saja menyimpan temuan ke basis data bawaan; --db=BERKAS ke basis data itu.\n"
    "Dengan --db tanpa --roster, akun ditautkan ke data ASN yang ada di basis data itu.\n";

typedef struct {
    nt_store *st;
    nt_actor *actor;
    const char *election;
    size_t stored;
    nt_err err;
} db_sink;

static int store_finding(void *ctx, json_t *finding)
{
    db_sink *d = ctx;
    if (nt_finding_upsert(d->st, d->actor, d->election, finding, &d->err)) return 1;
    d->stored++;
    return 0;
}

int nt_cmd_patrol(int argc, char **argv)
{
    nt_globals g = {0};
    const char *election = NULL, *roster = NULL, *format = NULL, *db = NULL;
    long long jobs = 1;
    bool use_db = false, all = false, print_lexicon = false;
    nt_option opts[] = {
        NT_OPT_STR("election", &election, "BERKAS|ID",
                   "berkas JSON pemilihan, atau id pemilihan di basis data (dengan --db)"),
        NT_OPT_STR(
            "roster", &roster, "BERKAS.csv",
            "CSV data ASN untuk menautkan akun (bawaan dengan --db: data ASN di basis data)"),
        NT_OPT_OPTARG("db", &db, &use_db, "BERKAS",
                      "simpan temuan ke basis data (idempoten: item yang sama satu temuan)"),
        NT_OPT_INT("jobs", &jobs, "N", "jumlah thread (bawaan 1)", 1, 64),
        NT_OPT_FLAG("all", &all, "tulis juga item yang bersih (verdict clear)"),
        NT_OPT_STR("format", &format, "jsonl|csv", "format masukan (bawaan: dari nama berkas)"),
        NT_OPT_FLAG("print-lexicon", &print_lexicon,
                    "cetak frasa leksikon yang dicocokkan (setelah normalisasi)"),
        NT_OPT_RULES(&g),
        NT_OPT_TODAY(&g),
        NT_OPT_END,
    };
    static const nt_subcommand self = {
        "patrol", NULL,
        "netral patrol --election BERKAS|ID [--roster BERKAS.csv] [--db[=BERKAS]] [--jobs N]\n"
        "                     [--all] [--format jsonl|csv] MASUKAN|-",
        about, NULL};
    const char *pos[1];
    int rc = nt_options_parse(argc, argv, opts, &self, 0, 1, pos);
    if (rc) return nt_cli_exit(rc);
    const char *input = pos[0];
    if (format && strcmp(format, "csv") && strcmp(format, "jsonl")) {
        fprintf(stderr, "netral: --format harus jsonl atau csv, bukan '%s'\n", format);
        return 2;
    }
    g.db = db;
    const char *data_dir = nt_cli_rules_dir(&g);
    nt_cli c;
    memset(&c, 0, sizeof c);
    if (use_db ? (rc = nt_cli_open(&c, &g)) : (rc = nt_cli_pin_today(&g))) return rc;
    nt_err err = {0};
    if (!election || (!input && !print_lexicon)) {
        nt_options_help(stderr, opts, &self);
        rc = 2;
        goto out;
    }
    json_t *el = NULL;
    if (access(election, R_OK) == 0) {
        if (nt_cli_read_json(election, &el, &err)) {
            rc = nt_cli_fail(&err);
            goto out;
        }
    } else if (use_db) {
        if (nt_election_get(c.st, election, &el, &err)) {
            rc = nt_cli_fail(&err);
            goto out;
        }
    } else {
        fprintf(stderr, "netral: berkas pemilihan %s tidak dapat dibaca\n", election);
        rc = 2;
        goto out;
    }
    nt_patrol_options po = {.data_dir = data_dir, .election = el, .roster_path = roster};
    /* --db without --roster: the roster already in the database (as the patrol page runs) */
    nt_buf db_roster = {0};
    size_t db_rows = 0;
    if (use_db && !roster) {
        if (nt_roster_csv(c.st, &c.actor, &db_roster, &db_rows, &err)) {
            json_decref(el);
            rc = nt_cli_fail(&err);
            goto out;
        }
        po.roster_csv = db_roster.p ? db_roster.p : "";
        po.roster_csv_len = db_roster.len;
    }
    nt_patrol *p = NULL;
    rc = nt_patrol_new(&po, &p, &err);
    nt_buf_free(&db_roster);
    if (rc) {
        json_decref(el);
        rc = nt_cli_fail(&err);
        goto out;
    }
    if (print_lexicon) { /* the literals, for comparing with other tools */
        nt_patrol_print_lexicon(p, stdout);
        nt_patrol_free(p);
        json_decref(el);
        goto out;
    }
    FILE *in = strcmp(input, "-") ? fopen(input, "rb") : stdin;
    if (!in) {
        fprintf(stderr, "netral: tidak dapat membuka %s\n", input);
        nt_patrol_free(p);
        json_decref(el);
        rc = 2;
        goto out;
    }
    size_t il = strlen(input);
    bool csv = format ? !strcmp(format, "csv") : (il > 4 && !strcmp(input + il - 4, ".csv"));
    db_sink sink = {c.st, &c.actor, json_string_value(json_object_get(el, "id")), 0, {0}};
    nt_patrol_run run = {.in = in,
                         .source = input,
                         .csv = csv,
                         .jobs = (int)jobs,
                         .all = all,
                         .out = stdout,
                         .sink = use_db ? store_finding : NULL,
                         .sink_ctx = &sink,
                         .progress = isatty(2) ? stderr : NULL,
                         .errors = stderr};
    nt_patrol_stats st;
    if (use_db && nt_store_batch_begin(c.st, &err)) rc = nt_cli_fail(&err);
    int r = rc ? 0 : nt_patrol_run_input(p, &run, &st, &err);
    if (use_db && !rc) {
        bool ok = !r && !sink.err.code;
        if (nt_store_batch_end(c.st, ok, &err) && ok) r = err.code ? err.code : NT_EDB;
        if (sink.err.code) r = nt_cli_fail(&sink.err);
    }
    if (in != stdin) fclose(in);
    if (r && !rc) rc = err.code ? nt_cli_fail(&err) : r;
    if (!rc)
        fprintf(stderr,
                "patroli selesai: %zu item dibaca, %zu ditandai (%zu partisan, %zu review), %zu "
                "rusak, %zu tertaut ke ASN, %.2f s, %.0f item/s%s\n",
                st.read, st.flagged, st.partisan, st.review, st.malformed, st.linked, st.seconds,
                st.seconds > 0 ? (double)st.read / st.seconds : 0.0,
                use_db ? "; temuan disimpan ke basis data" : "");
    nt_patrol_free(p);
    json_decref(el);
out:
    nt_cli_close(&c);
    return rc;
}
