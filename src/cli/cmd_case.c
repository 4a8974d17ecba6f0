/* cmd_case.c - netral case
 * list|show|create|update|transition|extend|reporter|due|evidence|document, one option table per
 * subcommand. */
#include "cli/cli.h"

#include "base/file.h"
#include "docs/docs.h"
#include "rules/workflow.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int evidence(nt_cli *c, int64_t id, const char *path, const char *desc, const char *type,
                    nt_err *err)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    nt_upload *u = NULL;
    int rc = nt_evidence_begin(c->st, &c->actor, id, name, type, desc, (size_t)1 << 40, &u, err);
    if (!rc) rc = nt_cli_write_file(path, u, err);
    if (rc) {
        nt_evidence_abort(u);
        return rc;
    }
    json_t *out;
    rc = nt_evidence_commit(u, &out, err);
    if (!rc) nt_cli_print(out);
    return rc;
}

/* What every case subcommand does after its own work: print the result or the failure. */

/* The start of every subcommand that names a case first: parse, check the id, open the store.
 * 0 (open), or an exit status (NT_CLI_HELP for --help) with nothing open. */
static int start_on_case(const nt_subcommand *s, int argc, char **argv, const nt_option *opts,
                         int npos, const char **pos, const nt_globals *g, int64_t *id, nt_cli *c)
{
    int rc = nt_options_parse(argc, argv, opts, s, npos, npos, pos);
    if (!rc) rc = nt_cli_case_id(pos[0], id);
    if (!rc) rc = nt_cli_open(c, g);
    return rc;
}

static int sub_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *status = NULL, *route = NULL, *office = NULL, *election = NULL, *nip = NULL,
               *q = NULL;
    long long limit = 0;
    nt_option opts[] = {
        NT_OPT_STR("status", &status, "STATUS", "hanya kasus dengan status ini"),
        NT_OPT_STR("jalur", &route, "JALUR", "laporan, temuan atau informasi_awal"),
        NT_OPT_STR("kantor", &office, "KODE", "kode wilayah kantor yang menangani"),
        NT_OPT_STR("pemilihan", &election, "ID", "id pemilihan"),
        NT_OPT_STR("nip", &nip, "NIP", "kasus yang menyebut ASN ini"),
        NT_OPT_STR("q", &q, "TEKS", "cari dalam judul, uraian dan nomor"),
        NT_OPT_INT("limit", &limit, "N", "jumlah baris paling banyak", 1, 10000),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *f = json_object(), *out = NULL;
    const char *keys[] = {"status", "jalur", "kantor", "pemilihan", "nip", "q"};
    const char *vals[] = {status, route, office, election, nip, q};
    for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++)
        if (vals[i]) json_object_set_new(f, keys[i], json_string(vals[i]));
    if (limit) json_object_set_new(f, "limit", json_integer(limit));
    nt_err err = {0};
    int r = nt_case_list(c.st, &c.actor, f, &out, &err);
    json_decref(f);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_show(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    int64_t id;
    nt_cli c;
    int rc = start_on_case(s, argc, argv, opts, 1, pos, &g, &id, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    int r = nt_case_get(c.st, &c.actor, id, &out, &err);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_create(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *in = NULL, *out = NULL;
    nt_err err = {0};
    int r = nt_cli_read_json(pos[0], &in, &err);
    if (!r) r = nt_case_create(c.st, &c.actor, in, &out, &err);
    json_decref(in);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_update(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[2];
    int64_t id;
    nt_cli c;
    int rc = start_on_case(s, argc, argv, opts, 2, pos, &g, &id, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *in = NULL, *out = NULL;
    nt_err err = {0};
    int r = nt_cli_read_json(pos[1], &in, &err);
    if (!r) r = nt_case_update(c.st, &c.actor, id, in, &err);
    if (!r) r = nt_case_get(c.st, &c.actor, id, &out, &err);
    json_decref(in);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_transition(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *to = NULL, *why = NULL, *nip = NULL, *data = NULL;
    nt_option opts[] = {
        NT_OPT_STR("ke", &to, "STATUS", "status tujuan (wajib)"),
        NT_OPT_STR("alasan", &why, "TEKS", "alasan langkah"),
        NT_OPT_STR("nip", &nip, "NIP", "langkah untuk satu terlapor (status terlapor)"),
        NT_OPT_STR("data", &data, "JSON", "isian langkah sebagai objek JSON"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1];
    int64_t id;
    int rc = nt_options_parse(argc, argv, opts, s, 1, 1, pos);
    if (rc || (rc = nt_cli_case_id(pos[0], &id))) return nt_cli_exit(rc);
    if (!to) {
        fputs("netral: sebutkan status tujuan dengan --ke STATUS\n", stderr);
        return 2;
    }
    json_t *in = json_object(), *d = NULL;
    json_object_set_new(in, "ke", json_string(to));
    if (why) json_object_set_new(in, "alasan", json_string(why));
    if (nip) json_object_set_new(in, "nip", json_string(nip));
    if (data) {
        d = json_loads(data, JSON_REJECT_DUPLICATES, NULL);
        if (!json_is_object(d)) {
            fputs("netral: --data harus objek JSON, mis. '{\"ke_wilayah\":\"35\"}'\n", stderr);
            json_decref(d);
            json_decref(in);
            return 2;
        }
        json_object_set_new(in, "data", d);
    }
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) {
        json_decref(in);
        return rc;
    }
    json_t *out = NULL;
    nt_err err = {0};
    int r = nt_case_transition(c.st, &c.actor, id, in, &out, &err);
    json_decref(in);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_extend(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *why = NULL;
    nt_option opts[] = {
        NT_OPT_STR("alasan", &why, "TEKS", "alasan perpanjangan (wajib)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1];
    int64_t id;
    nt_cli c;
    int rc = start_on_case(s, argc, argv, opts, 1, pos, &g, &id, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    int r = nt_case_extend(c.st, &c.actor, id, why, &err);
    if (!r) r = nt_case_get(c.st, &c.actor, id, &out, &err);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_reporter(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *why = NULL;
    nt_option opts[] = {
        NT_OPT_STR("keperluan", &why, "TEKS", "keperluan membuka identitas (dicatat)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1];
    int64_t id;
    nt_cli c;
    int rc = start_on_case(s, argc, argv, opts, 1, pos, &g, &id, &c);
    if (rc) return nt_cli_exit(rc);
    /* the command line is the operator, who holds the key; the view is audited all the same */
    json_t *out = NULL;
    nt_err err = {0};
    int r = nt_case_reporter(c.st, &c.actor, id, why, &out, &err);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_due(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    long long days = 3;
    nt_option opts[] = {
        NT_OPT_INT("days", &days, "N", "jatuh tempo dalam N hari (bawaan 3)", 0, 366),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    int r = nt_case_due(c.st, &c.actor, (int)days, 0, 0, &out, &err);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_evidence(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *desc = NULL, *type = NULL;
    nt_option opts[] = {
        NT_OPT_STR("keterangan", &desc, "TEKS", "keterangan bukti"),
        NT_OPT_STR("type", &type, "MIME", "jenis berkas (bawaan: dikenali dari isinya)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[2];
    int64_t id;
    nt_cli c;
    int rc = start_on_case(s, argc, argv, opts, 2, pos, &g, &id, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    int r = evidence(&c, id, pos[1], desc, type, &err);
    return nt_cli_finish(&c, r, NULL, &err);
}

/* The states --ke accepts, from the workflow tables (never a second list). */
static void print_states(FILE *f)
{
    fputs("\nStatus kasus (--ke):\n", f);
    for (int i = 0; i < NT_ST__COUNT; i++)
        fprintf(f, "  %-20s %s\n", nt_case_state_name((nt_case_state)i),
                nt_case_state_label((nt_case_state)i));
    fputs("Status terlapor (--ke dengan --nip):\n", f);
    for (int i = 0; i < NT_PS__COUNT; i++)
        if (i != NT_PS_INITIAL)
            fprintf(f, "  %-20s %s\n", nt_party_state_name((nt_party_state)i),
                    nt_party_state_label((nt_party_state)i));
}

/* netral case document ID KIND --oleh USER --out FILE.pdf [--isian FILE.json] */
static int sub_document(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *out_path = NULL, *fields_path = NULL, *as = NULL;
    nt_option opts[] = {
        NT_OPT_STR("out", &out_path, "BERKAS.pdf", "ke mana PDF ditulis (wajib)"),
        NT_OPT_STR("oleh", &as, "PENGGUNA",
                   "petugas yang menerbitkan (wajib: peran, wilayah dan namanya berlaku)"),
        NT_OPT_STR("isian", &fields_path, "BERKAS.json",
                   "isian petugas, mis. tanggal dan tempat undangan ('-': stdin)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[2] = {0};
    int rc = nt_options_parse(argc, argv, opts, s, 2, 2, pos);
    int64_t id = 0;
    if (!rc) rc = nt_cli_case_id(pos[0], &id);
    if (!rc && (!out_path || !as)) {
        fprintf(stderr, "netral: --out dan --oleh wajib (lihat netral case document --help)\n");
        rc = 2;
    }
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    json_t *fields = NULL;
    if (fields_path && (rc = nt_cli_read_json(fields_path, &fields, &err)))
        return nt_cli_fail(&err);
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) {
        json_decref(fields);
        return rc;
    }
    nt_actor who;
    nt_buf pdf = {0};
    json_t *meta = NULL;
    int r = nt_user_actor(c.st, as, &who, &err);
    if (!r) r = nt_doc_issue(c.st, &who, id, pos[1], fields, &pdf, &meta, &err);
    if (!r) r = nt_file_write_atomic(out_path, pdf.p, pdf.len, &err);
    if (!r) json_object_set_new(meta, "berkas", json_string(out_path));
    nt_buf_free(&pdf);
    json_decref(fields);
    return nt_cli_finish(&c, r, meta, &err);
}

static void print_document_kinds(FILE *f)
{
    nt_globals g = {0};
    nt_rules r;
    nt_err err = {0};
    if (nt_rules_load_dir(&r, nt_cli_rules_dir(&g), &err)) return;
    fprintf(f, "\nJenis dokumen (KIND):\n");
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(r.documents, "kinds"), i, k)
    {
        json_t *fl = json_object_get(k, "fields");
        fprintf(f, "  %-26s %s%s\n", json_string_value(json_object_get(k, "id")),
                json_string_value(json_object_get(k, "label")),
                json_array_size(fl) ? " (perlu --isian)" : "");
        size_t j;
        json_t *x;
        json_array_foreach(fl, j, x) fprintf(
            f, "  %-28s isian.%s: %s%s\n", "", json_string_value(json_object_get(x, "name")),
            json_string_value(json_object_get(x, "label")),
            json_is_true(json_object_get(x, "required")) ? " (wajib)" : "");
    }
    nt_rules_free(&r);
}

static const nt_subcommand subs[] = {
    {"list", sub_list,
     "netral case list [--status S] [--jalur J] [--kantor KODE] [--q TEKS] "
     "[--limit N]",
     NULL, NULL},
    {"show", sub_show, "netral case show ID", NULL, NULL},
    {"create", sub_create, "netral case create BERKAS.json",
     "Membuat kasus dari objek JSON "
     "(lihat docs/api.md); '-' membaca "
     "stdin.\n",
     NULL},
    {"update", sub_update, "netral case update ID BERKAS.json", NULL, NULL},
    {"transition", sub_transition,
     "netral case transition ID --ke STATUS [--alasan TEKS] [--nip NIP] [--data JSON]",
     "--data berisi isian langkah, mis. '{\"ke_wilayah\":\"35\"}' untuk pelimpahan,\n"
     "'{\"tujuan\":\"gakkumdu\"}' untuk penerusan ke instansi lain, atau\n"
     "'{\"sanksi\":\"PP94/2021|turun_jabatan_12\",\"nomor\":\"R-1/BKN/2026\",\n"
     "\"tanggal\":\"2026-12-01\"}' untuk rekomendasi (dengan --nip).\n",
     print_states},
    {"extend", sub_extend, "netral case extend ID --alasan TEKS", NULL, NULL},
    {"reporter", sub_reporter, "netral case reporter ID [--keperluan TEKS]",
     "Membuka identitas pelapor; setiap pembukaan dicatat di log audit.\n", NULL},
    {"due", sub_due, "netral case due [--days N]",
     "Tenggat yang terlambat dan yang jatuh tempo dalam N hari, dengan peringatan bila\n"
     "tahunnya belum punya data hari libur.\n",
     NULL},
    {"evidence", sub_evidence, "netral case evidence ID BERKAS [--keterangan TEKS] [--type MIME]",
     NULL, NULL},
    {"document", sub_document,
     "netral case document ID KIND --oleh PENGGUNA --out BERKAS.pdf [--isian BERKAS.json]",
     "Menerbitkan dokumen resmi perkara sebagai PDF (A4) dengan kode QR verifikasi; setiap\n"
     "penerbitan dicatat di log audit. Isian tanya_jawab berita acara: daftar\n"
     "{\"tanya\": ..., \"jawab\": ...}.\n",
     print_document_kinds},
};

int nt_cmd_case(int argc, char **argv)
{
    return nt_subcommands_run(
        "case", argc, argv, subs, NT_ARRAY_LEN(subs),
        "Opsi umum: --db BERKAS, --rules-dir DIREKTORI, --today TTTT-BB-HH\n");
}
