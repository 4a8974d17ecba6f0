/* cmd_patrol.c - netral patrol: scan social-media exports for ASN taking sides. */
#include "cli/cli.h"

#include "base/file.h"
#include "patrol/patrol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "Penggunaan: netral patrol --election BERKAS|ID [--roster BERKAS.csv] [--db[=BERKAS.db]]\n"
    "                          [--jobs N]"
    " [--all] [--format jsonl|csv] MASUKAN|-\n\n"
    "Memindai ekspor media sosial (JSON Lines, atau CSV dengan kolom author.handle dst.)\n"
    "dan menulis item yang ditandai sebagai JSON Lines ke stdout: verdict partisan\n"
    "(dukungan eksplisit kepada pasangan calon) atau review (perlu dilihat manusia),\n"
    "dengan alasan, rentang teks asli, usulan kode pelanggaran dan tautan ke data ASN.\n\n"
    "  --election   berkas JSON pemilihan, atau id pemilihan di basis data (dengan --db)\n"
    "  --roster     CSV data ASN untuk menautkan akun (format impor roster)\n"
    "  --db         simpan temuan ke basis data (idempoten: item yang sama satu temuan)\n"
    "  --jobs N     jumlah thread (bawaan 1)\n"
    "  --all        tulis juga item yang bersih (verdict clear)\n"
    "  --print-lexicon  cetak frasa leksikon yang dicocokkan (setelah normalisasi)\n"
    "Baris yang rusak dilaporkan ke stderr dengan nomor barisnya dan tidak menghentikan\n"
    "pemindaian. Ringkasan (dibaca, ditandai, rusak, item/s) dicetak ke stderr.\n";

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
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        }
    /* A bare --db is this command's "store the findings" flag; --db=PATH also names the
     * database. Rewrite the flag so the common --db PATH parsing cannot take a value. */
    bool use_db = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--db")) argv[i] = "--use-db";
        if (!strncmp(argv[i], "--db=", 5)) use_db = true;
    }
    nt_opts o;
    nt_opts_init(&o, argc, argv);
    const char *election = nt_opt(&o, "election"), *roster = nt_opt(&o, "roster"),
               *jobs = nt_opt(&o, "jobs"), *format = nt_opt(&o, "format");
    use_db |= nt_flag(&o, "use-db");
    bool all = nt_flag(&o, "all"), print_lexicon = nt_flag(&o, "print-lexicon");
    const char *data_dir = nt_opt(&o, "rules-dir");
    if (!data_dir) data_dir = getenv("NETRAL_DATA");
#ifdef NT_DATADIR_DEFAULT
    if (!data_dir) data_dir = NT_DATADIR_DEFAULT;
#endif
    nt_cli c;
    memset(&c, 0, sizeof c);
    int rc = 0;
    if (use_db && (rc = nt_cli_open(&c, &o))) {
        nt_opts_free(&o);
        return rc;
    }
    const char *input = nt_arg(&o, 0);
    if ((rc = nt_opts_unknown(&o))) goto out;
    nt_err err = {0};
    if (!election || (!input && !print_lexicon)) {
        fputs(help, stderr);
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
    nt_patrol *p = NULL;
    if (nt_patrol_new(&po, &p, &err)) {
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
                         .jobs = jobs ? atoi(jobs) : 1,
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
    if (c.st) nt_cli_close(&c);
    nt_opts_free(&o);
    return rc;
}
