/*
 * cmd_prevention.c - netral prevention ...: the prevention work from the command line, the
 * same store calls as the pages and the API: cooperation agreements and the elections they
 * cover, appeals, neutrality pledges (one, or a signature list), socialization and coordination
 * events with their attendance lists, and the files of agreements and events.
 */
#include "cli/cli.h"

#include "base/file.h"
#include "patrol/attendance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs one store call that takes a JSON document from a file and creates a record. */
typedef int (*create_fn)(nt_store *st, const nt_actor *a, json_t *in, int64_t *id, nt_err *err);

static int add_from_file(const nt_subcommand *s, int argc, char **argv, create_fn fn,
                         const char *what)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *in = NULL;
    nt_err err = {0};
    int64_t id = 0;
    if (nt_cli_read_json(pos[0], &in, &err) || fn(c.st, &c.actor, in, &id, &err))
        rc = nt_cli_fail(&err);
    else
        printf("%s dicatat: id %lld\n", what, (long long)id);
    json_decref(in);
    nt_cli_close(&c);
    return rc;
}

/* A list call printed as JSON (--json) or as the caller's table. */
typedef int (*list_fn)(nt_cli *c, json_t **out, nt_err *err);
typedef void (*print_fn)(json_t *rows);

static int list(const nt_subcommand *s, int argc, char **argv, list_fn fn, print_fn print)
{
    nt_globals g = {0};
    bool json = false;
    nt_option opts[] = {NT_OPT_FLAG("json", &json, "keluaran JSON"), NT_OPT_GLOBALS(&g),
                        NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *out = NULL;
    nt_err err = {0};
    if (fn(&c, &out, &err)) {
        rc = nt_cli_fail(&err);
    } else if (json || !print) {
        nt_cli_print(out);
    } else {
        print(out);
        json_decref(out);
    }
    nt_cli_close(&c);
    return rc;
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* ---- agreements ---- */

static int agreements_of(nt_cli *c, json_t **out, nt_err *err)
{
    return nt_agreements_list(c->st, &c->actor, NULL, out, err);
}

static void print_agreements(json_t *rows)
{
    size_t i;
    json_t *x;
    printf("%-5s %-12s %-32s %-10s %-8s %s\n", "ID", "TANGGAL", "NOMOR", "KANTOR", "BERLAKU",
           "JENIS");
    json_array_foreach(rows, i, x)
        printf("%-5lld %-12s %-32.32s %-10s %-8s %s\n",
               (long long)json_integer_value(json_object_get(x, "id")), str(x, "tanggal"),
               str(x, "nomor"), str(x, "kantor"),
               json_is_true(json_object_get(x, "berlaku")) ? "ya" : "tidak", str(x, "jenis_label"));
}

static int sub_agreements(const nt_subcommand *s, int argc, char **argv)
{
    return list(s, argc, argv, agreements_of, print_agreements);
}

static int sub_agreement_add(const nt_subcommand *s, int argc, char **argv)
{
    return add_from_file(s, argc, argv, nt_agreement_create, "Kesepakatan");
}

static int coverage_of(nt_cli *c, json_t **out, nt_err *err)
{
    return nt_agreement_coverage(c->st, &c->actor, out, err);
}

static int sub_coverage(const nt_subcommand *s, int argc, char **argv)
{
    return list(s, argc, argv, coverage_of, NULL);
}

/* ---- appeals ---- */

static int appeals_of(nt_cli *c, json_t **out, nt_err *err)
{
    return nt_appeals_list(c->st, &c->actor, out, err);
}

static void print_appeals(json_t *rows)
{
    size_t i;
    json_t *x;
    printf("%-5s %-12s %-32s %-10s %s\n", "ID", "TANGGAL", "NOMOR", "KANTOR", "PENERBIT");
    json_array_foreach(rows, i, x) printf(
        "%-5lld %-12s %-32.32s %-10s %s\n", (long long)json_integer_value(json_object_get(x, "id")),
        str(x, "tanggal"), str(x, "nomor"), str(x, "kantor"), str(x, "penerbit"));
}

static int sub_appeals(const nt_subcommand *s, int argc, char **argv)
{
    return list(s, argc, argv, appeals_of, print_appeals);
}

static int sub_appeal_add(const nt_subcommand *s, int argc, char **argv)
{
    return add_from_file(s, argc, argv, nt_appeal_create, "Imbauan");
}

/* ---- pledges ---- */

static int pledges_of(nt_cli *c, json_t **out, nt_err *err)
{
    return nt_pledge_coverage(c->st, &c->actor, out, err);
}

static void print_pledges(json_t *cov)
{
    size_t i;
    json_t *x;
    printf("%-48s %8s %8s %8s\n", "INSTANSI", "ASN", "IKRAR", "CAKUPAN");
    json_array_foreach(json_object_get(cov, "instansi"), i, x)
        printf("%-48.48s %8lld %8lld %7s%%%s\n", str(x, "label"),
               (long long)json_integer_value(json_object_get(x, "asn")),
               (long long)json_integer_value(json_object_get(x, "ikrar")), str(x, "cakupan_label"),
               json_is_true(json_object_get(x, "di_bawah_ambang")) ? "  di bawah ambang" : "");
}

static int sub_pledges(const nt_subcommand *s, int argc, char **argv)
{
    return list(s, argc, argv, pledges_of, print_pledges);
}

/* The lines a check or an import refused, as "file:line: message" on stderr. */
static void print_bad_lines(const char *path, json_t *report)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(report, "salah"), i, x)
        fprintf(stderr, "%s:%lld: %s\n", path,
                (long long)json_integer_value(json_object_get(x, "baris")), str(x, "pesan"));
}

static int sub_pledge_import(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *date = NULL, *method = NULL, *event = NULL;
    bool check = false;
    nt_option opts[] = {
        NT_OPT_STR("date", &date, "TTTT-BB-HH", "tanggal ditandatangani (wajib)"),
        NT_OPT_STR("method", &method, "CARA", "cara penandatanganan: kertas, acara atau daftar"),
        NT_OPT_STR("event", &event, "TEKS", "acara tempat ikrar ditandatangani"),
        NT_OPT_FLAG("check", &check, "hanya memeriksa, tidak menyimpan"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    json_t *terms = json_object(), *report = NULL;
    if (date) json_object_set_new(terms, "tanggal", json_string(date));
    json_object_set_new(terms, "cara", json_string(method ? method : "daftar"));
    if (event) json_object_set_new(terms, "acara", json_string(event));
    char *text = NULL;
    size_t len = 0;
    nt_err err = {0};
    if (nt_file_read(pos[0], &text, &len, &err) ||
        nt_pledges_import(c.st, &c.actor, terms, text, len, !check, &report, &err)) {
        print_bad_lines(pos[0], report);
        rc = nt_cli_fail(&err);
    } else {
        printf("%lld baris, %lld sah%s\n",
               (long long)json_integer_value(json_object_get(report, "baris")),
               (long long)json_integer_value(json_object_get(report, "sah")),
               check ? " (diperiksa, tidak disimpan)" : "; ikrar dicatat");
    }
    json_decref(terms);
    json_decref(report);
    free(text);
    nt_cli_close(&c);
    return rc;
}

/* ---- events ---- */

static int events_of(nt_cli *c, json_t **out, nt_err *err)
{
    return nt_events_list(c->st, &c->actor, out, err);
}

static void print_events(json_t *rows)
{
    size_t i;
    json_t *x;
    printf("%-5s %-12s %-10s %-24s %8s %6s  %s\n", "ID", "TANGGAL", "KANTOR", "JENIS", "PESERTA",
           "HADIR", "JUDUL");
    json_array_foreach(rows, i, x)
        printf("%-5lld %-12s %-10s %-24.24s %8lld %6lld  %s\n",
               (long long)json_integer_value(json_object_get(x, "id")), str(x, "tanggal"),
               str(x, "kantor"), str(x, "jenis_label"),
               (long long)json_integer_value(json_object_get(x, "peserta")),
               (long long)json_integer_value(json_object_get(x, "hadir")), str(x, "judul"));
}

static int sub_events(const nt_subcommand *s, int argc, char **argv)
{
    return list(s, argc, argv, events_of, print_events);
}

static int sub_event_add(const nt_subcommand *s, int argc, char **argv)
{
    return add_from_file(s, argc, argv, nt_event_create, "Kegiatan");
}

static int parse_id(const char *s, int64_t *id, nt_err *err)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) return nt_err_set(err, NT_EINVAL, "id", "id '%s' tidak sah", s);
    *id = v;
    return 0;
}

static int sub_event_show(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    int64_t id = 0;
    json_t *out = NULL;
    nt_err err = {0};
    if (parse_id(pos[0], &id, &err) || nt_event_get(c.st, &c.actor, id, &out, &err))
        rc = nt_cli_fail(&err);
    else
        nt_cli_print(out);
    nt_cli_close(&c);
    return rc;
}

/* --choose 12=199001012015031001,15=bukan: the officer's answer for each unsure line. */
static int parse_choices(const char *spec, json_t **out, nt_err *err)
{
    *out = json_object();
    if (!spec) return 0;
    char *copy = nt_xstrdup(spec), *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        int64_t line = 0;
        if (eq) *eq = '\0';
        if (!eq || parse_id(tok, &line, err)) {
            rc = nt_err_set(err, NT_EINVAL, "choose",
                            "--choose berisi BARIS=NIP atau BARIS=bukan, dipisah koma");
            break;
        }
        json_object_set_new(*out, tok, json_string(strcmp(eq + 1, "bukan") ? eq + 1 : ""));
    }
    free(copy);
    return rc;
}

static void print_unsure(json_t *report)
{
    size_t i, k;
    json_t *x, *cand;
    json_array_foreach(json_object_get(report, "ragu"), i, x)
    {
        printf("baris %lld: %s (%s) perlu dipilih:\n",
               (long long)json_integer_value(json_object_get(x, "baris")), str(x, "nama"),
               str(x, "instansi"));
        json_array_foreach(json_object_get(x, "calon"), k, cand)
            printf("  %s  %s, %s, %s (keyakinan %s%%)\n", str(cand, "nip"), str(cand, "nama"),
                   str(cand, "jabatan"), str(cand, "instansi"), str(cand, "keyakinan"));
    }
}

static int sub_attendance(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *choose = NULL;
    bool check = false, skip = false;
    nt_option opts[] = {
        NT_OPT_FLAG("check", &check, "hanya memeriksa dan menampilkan yang perlu dipilih"),
        NT_OPT_FLAG("skip-bad", &skip, "baris yang salah dilewati, yang lain disimpan"),
        NT_OPT_STR("choose", &choose, "BARIS=NIP,...",
                   "jawaban untuk nama yang ragu (BARIS=bukan: bukan orang di daftar ASN)"),
        NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[2];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 2, 2, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    int64_t id = 0;
    char *text = NULL;
    size_t len = 0;
    json_t *choices = NULL, *report = NULL;
    nt_attendance_matcher *m = NULL;
    nt_err err = {0};
    rc = parse_id(pos[0], &id, &err);
    if (!rc) rc = parse_choices(choose, &choices, &err);
    if (!rc) rc = nt_file_read(pos[1], &text, &len, &err);
    if (!rc) rc = nt_attendance_matcher_new(c.st, &c.actor, c.data_dir, &m, &err);
    if (!rc)
        rc = nt_attendance_import(c.st, &c.actor, id, text, len, nt_attendance_match, m, choices,
                                  (check ? 0 : NT_ATTEND_WRITE) | (skip ? NT_ATTEND_SKIP_BAD : 0),
                                  &report, &err);
    if (report) {
        print_bad_lines(pos[1], report);
        print_unsure(report);
        printf("%lld baris: %lld cocok NIP, %lld cocok nama, %lld dikonfirmasi, %lld dilewati, "
               "%lld sudah tercatat%s\n",
               (long long)json_integer_value(json_object_get(report, "baris")),
               (long long)json_integer_value(json_object_get(report, "cocok_nip")),
               (long long)json_integer_value(json_object_get(report, "cocok_nama")),
               (long long)json_integer_value(json_object_get(report, "dikonfirmasi")),
               (long long)json_integer_value(json_object_get(report, "dilewati")),
               (long long)json_integer_value(json_object_get(report, "sudah_tercatat")),
               json_is_true(json_object_get(report, "disimpan")) ? "; daftar hadir disimpan"
                                                                 : "; belum ada yang disimpan");
    }
    if (rc) rc = nt_cli_fail(&err);
    nt_attendance_matcher_free(m);
    json_decref(choices);
    json_decref(report);
    free(text);
    nt_cli_close(&c);
    return rc;
}

/* ---- files of agreements and events ---- */

static int sub_file_add(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *role = NULL;
    nt_option opts[] = {NT_OPT_STR("role", &role, "PERAN",
                                   "dokumen (bawaan kesepakatan), materi (bawaan kegiatan) atau "
                                   "foto"),
                        NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[3];
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 3, 3, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    int64_t id = 0;
    const char *owner = !strcmp(pos[0], "kesepakatan") ? "agreement"
                        : !strcmp(pos[0], "kegiatan")  ? "event"
                                                       : NULL;
    nt_upload *u = NULL;
    const char *name = strrchr(pos[2], '/') ? strrchr(pos[2], '/') + 1 : pos[2];
    if (!owner)
        rc = nt_err_set(&err, NT_EINVAL, "pemilik", "pemilik berkas: kesepakatan atau kegiatan");
    if (!rc) rc = parse_id(pos[1], &id, &err);
    if (!rc) rc = nt_prevention_owner_visible(c.st, &c.actor, owner, id, &err);
    if (!rc) rc = nt_evidence_stage(c.st, &c.actor, name, NULL, "", (size_t)1 << 40, &u, &err);
    if (!rc) rc = nt_cli_write_file(pos[2], u, &err);
    if (!rc) {
        nt_upload *one = u;
        u = NULL; /* consumed */
        rc = nt_prevention_files_add(c.st, &c.actor, owner, id,
                                     role                          ? role
                                     : !strcmp(owner, "agreement") ? "dokumen"
                                                                   : "materi",
                                     &one, 1, &err);
    }
    if (u) nt_evidence_abort(u);
    if (rc)
        rc = nt_cli_fail(&err);
    else
        nt_cli_print(nt_prevention_files_of(c.st, owner, id));
    nt_cli_close(&c);
    return rc;
}

static const nt_subcommand subs[] = {
    {"agreements", sub_agreements, "netral prevention agreements [--json]",
     "Kesepakatan kerja sama (MoU, PKS) yang tercatat, yang terbaru dulu.\n", NULL},
    {"agreement-add", sub_agreement_add, "netral prevention agreement-add BERKAS.json",
     "Mencatat kesepakatan dari dokumen JSON seperti POST /api/v1/agreements: nomor, jenis,\n"
     "tanggal, berlaku_dari, berlaku_sampai, pemilihan, ruang_lingkup, tempat, pihak [{jenis,\n"
     "nama, penandatangan, jabatan}], saksi [...], kantor.\n",
     NULL},
    {"coverage", sub_coverage, "netral prevention coverage",
     "Pemilihan dan kesepakatan yang mencakupnya; yang belum tercakup di urutan teratas (JSON).\n",
     NULL},
    {"appeals", sub_appeals, "netral prevention appeals [--json]", "Imbauan yang tercatat.\n",
     NULL},
    {"appeal-add", sub_appeal_add, "netral prevention appeal-add BERKAS.json",
     "Mencatat imbauan dari dokumen JSON seperti POST /api/v1/appeals.\n", NULL},
    {"pledges", sub_pledges, "netral prevention pledges [--json]",
     "Cakupan ikrar netralitas per instansi dan wilayah; yang di bawah ambang ditandai.\n", NULL},
    {"pledge-import", sub_pledge_import,
     "netral prevention pledge-import BERKAS.csv --date TTTT-BB-HH [--method CARA] [--event "
     "TEKS] [--check]",
     "Mengimpor daftar tanda tangan ikrar (CSV dengan kolom nip). Setiap baris diperiksa; bila\n"
     "ada yang salah tidak ada yang disimpan dan setiap baris yang salah disebut nomornya.\n",
     NULL},
    {"events", sub_events, "netral prevention events [--json]",
     "Sosialisasi, rapat koordinasi dan kegiatan lain, yang terbaru dulu.\n", NULL},
    {"event-add", sub_event_add, "netral prevention event-add BERKAS.json",
     "Mencatat kegiatan dari dokumen JSON seperti POST /api/v1/events: judul, jenis, tanggal,\n"
     "cara, tempat, platform, penyelenggara, mitra, narasumber, sasaran, peserta, pemilihan.\n",
     NULL},
    {"event-show", sub_event_show, "netral prevention event-show ID",
     "Satu kegiatan dengan berkasnya dan daftar hadir per instansi (JSON).\n", NULL},
    {"attendance", sub_attendance,
     "netral prevention attendance ID BERKAS.csv [--check] [--skip-bad] [--choose BARIS=NIP,...]",
     "Mengimpor daftar hadir kegiatan (CSV dengan kolom nip dan/atau nama, boleh instansi dan\n"
     "unit_kerja). NIP dicocokkan langsung; nama dicocokkan ke data ASN. Nama yang ragu\n"
     "ditampilkan dengan calonnya dan tidak ada yang disimpan sampai setiap nama dijawab dengan\n"
     "--choose. Baris yang salah disebut nomornya; --skip-bad melewatinya dengan sengaja.\n",
     NULL},
    {"file-add", sub_file_add,
     "netral prevention file-add kesepakatan|kegiatan ID BERKAS [--role dokumen|materi|foto]",
     "Menyimpan berkas kesepakatan (dokumen yang ditandatangani) atau kegiatan (materi, foto)\n"
     "dengan SHA-256-nya.\n",
     NULL},
};

int nt_cmd_prevention(int argc, char **argv)
{
    return nt_subcommands_run(
        "prevention", argc, argv, subs, NT_ARRAY_LEN(subs),
        "Kerja pencegahan: kesepakatan kerja sama, imbauan, ikrar netralitas, "
        "sosialisasi dan kegiatan.");
}
