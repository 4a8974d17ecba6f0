/* cmd_case.c - netral case list|show|create|update|transition|extend|reporter|due|evidence. */
#include "cli/cli.h"

#include "base/file.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "Penggunaan:\n"
    "  netral case list [--status S] [--jalur J] [--kantor KODE] [--q TEKS] [--limit N]\n"
    "  netral case show ID\n"
    "  netral case create BERKAS.json          (objek kasus; '-' untuk stdin)\n"
    "  netral case update ID BERKAS.json\n"
    "  netral case transition ID --ke STATUS [--alasan TEKS] [--nip NIP] [--data JSON]\n"
    "      --data: isian langkah, mis. '{\"ke_wilayah\":\"35\"}' untuk pelimpahan,\n"
    "      '{\"tujuan\":\"gakkumdu\"}', '{\"sanksi\":\"PP94/2021|turun_jabatan_12\",\n"
    "      \"nomor\":\"R-1/BKN/2026\",\"tanggal\":\"2026-12-01\"}' untuk rekomendasi\n"
    "  netral case extend ID --alasan TEKS\n"
    "  netral case reporter ID [--keperluan TEKS]   (dicatat di log audit)\n"
    "  netral case due [--days N]               (terlambat dan jatuh tempo dalam N hari)\n"
    "  netral case evidence ID BERKAS [--keterangan TEKS] [--type MIME]\n\n"
    "Opsi umum: --db BERKAS, --rules-dir DIREKTORI, --today TTTT-BB-HH\n"
    "Status kasus: informasi_awal temuan laporan_diterima kajian_awal perlu_dilengkapi\n"
    "  tidak_diregistrasi daluarsa diregistrasi klarifikasi kajian dihentikan dilimpahkan\n"
    "  diteruskan_lain diteruskan selesai\n"
    "Status terlapor (dengan --nip): dihentikan tidak_terbukti ditolak gugur\n"
    "  rekomendasi_terbit teguran_ppk data_diblokir sanksi_dijatuhkan selesai\n";

static int64_t parse_id(const char *s)
{
    if (!s || !*s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return (*end || v <= 0) ? 0 : v;
}

static int evidence(nt_cli *c, int64_t id, const char *path, const char *desc, const char *type,
                    nt_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nt_err_set(err, NT_EIO, "file", "tidak dapat membuka %s", path);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    nt_upload *u = NULL;
    int rc = nt_evidence_begin(c->st, &c->actor, id, name, type, desc, (size_t)1 << 40, &u, err);
    char buf[65536];
    ssize_t n;
    while (!rc && (n = read(fd, buf, sizeof buf)) > 0)
        rc = nt_evidence_write(u, buf, (size_t)n, err);
    close(fd);
    if (rc) {
        nt_evidence_abort(u);
        return rc;
    }
    json_t *out;
    rc = nt_evidence_commit(u, &out, err);
    if (!rc) nt_cli_print(out);
    return rc;
}

int nt_cmd_case(int argc, char **argv)
{
    nt_opts o;
    nt_cli c;
    int rc = nt_cli_start(argc, argv, help, &o, &c);
    if (rc) return rc == NT_CLI_HELP ? 0 : rc;
    const char *sub = nt_arg(&o, 0);
    nt_err err = {0};
    json_t *out = NULL, *in = NULL;
    int r = 0;
    if (!sub) {
        fputs(help, stderr);
        rc = 2;
    } else if (!strcmp(sub, "list")) {
        json_t *f = json_object();
        static const char *keys[] = {"status", "jalur", "kantor", "pemilihan", "nip", "q"};
        for (size_t i = 0; i < NT_ARRAY_LEN(keys); i++) {
            const char *v = nt_opt(&o, keys[i]);
            if (v) json_object_set_new(f, keys[i], json_string(v));
        }
        const char *lim = nt_opt(&o, "limit");
        if (lim) json_object_set_new(f, "limit", json_integer(atoi(lim)));
        if (!(rc = nt_opts_unknown(&o))) r = nt_case_list(c.st, &c.actor, f, &out, &err);
        json_decref(f);
    } else if (!strcmp(sub, "show")) {
        int64_t id = parse_id(nt_arg(&o, 1));
        if (!(rc = nt_opts_unknown(&o))) r = nt_case_get(c.st, &c.actor, id, &out, &err);
    } else if (!strcmp(sub, "create") || !strcmp(sub, "update")) {
        bool upd = !strcmp(sub, "update");
        int64_t id = upd ? parse_id(nt_arg(&o, 1)) : 0;
        const char *path = nt_arg(&o, upd ? 2 : 1);
        if (!(rc = nt_opts_unknown(&o))) {
            if (!path)
                r = nt_err_set(&err, NT_EINVAL, "file", "sebutkan berkas JSON kasus");
            else
                r = nt_cli_read_json(path, &in, &err);
            if (!r && upd) {
                r = nt_case_update(c.st, &c.actor, id, in, &err);
                if (!r) r = nt_case_get(c.st, &c.actor, id, &out, &err);
            } else if (!r) {
                r = nt_case_create(c.st, &c.actor, in, &out, &err);
            }
        }
    } else if (!strcmp(sub, "transition")) {
        int64_t id = parse_id(nt_arg(&o, 1));
        in = json_object();
        const char *v;
        if ((v = nt_opt(&o, "ke"))) json_object_set_new(in, "ke", json_string(v));
        if ((v = nt_opt(&o, "alasan"))) json_object_set_new(in, "alasan", json_string(v));
        if ((v = nt_opt(&o, "nip"))) json_object_set_new(in, "nip", json_string(v));
        if ((v = nt_opt(&o, "data"))) {
            json_t *d = json_loads(v, 0, NULL);
            if (!d)
                r = nt_err_set(&err, NT_EINVAL, "data", "--data harus objek JSON");
            else
                json_object_set_new(in, "data", d);
        }
        if (!(rc = nt_opts_unknown(&o)) && !r)
            r = nt_case_transition(c.st, &c.actor, id, in, &out, &err);
    } else if (!strcmp(sub, "extend")) {
        int64_t id = parse_id(nt_arg(&o, 1));
        const char *why = nt_opt(&o, "alasan");
        if (!(rc = nt_opts_unknown(&o))) {
            r = nt_case_extend(c.st, &c.actor, id, why, &err);
            if (!r) r = nt_case_get(c.st, &c.actor, id, &out, &err);
        }
    } else if (!strcmp(sub, "reporter")) {
        int64_t id = parse_id(nt_arg(&o, 1));
        const char *why = nt_opt(&o, "keperluan");
        /* The command line acts as the national Bawaslu team for this view. */
        c.actor.roles |= NT_ROLE_BAWASLU;
        if (!(rc = nt_opts_unknown(&o))) r = nt_case_reporter(c.st, &c.actor, id, why, &out, &err);
    } else if (!strcmp(sub, "due")) {
        const char *d = nt_opt(&o, "days");
        if (!(rc = nt_opts_unknown(&o)))
            r = nt_case_due(c.st, &c.actor, d ? atoi(d) : 3, &out, &err);
    } else if (!strcmp(sub, "evidence")) {
        int64_t id = parse_id(nt_arg(&o, 1));
        const char *path = nt_arg(&o, 2);
        const char *desc = nt_opt(&o, "keterangan"), *type = nt_opt(&o, "type");
        if (!(rc = nt_opts_unknown(&o))) {
            if (!path)
                r = nt_err_set(&err, NT_EINVAL, "file", "sebutkan berkas bukti");
            else
                r = evidence(&c, id, path, desc, type, &err);
        }
    } else {
        fprintf(stderr, "netral: subperintah case tidak dikenal: %s\n", sub);
        rc = 2;
    }
    if (!rc && r)
        rc = nt_cli_fail(&err);
    else if (!rc && out)
        nt_cli_print(out), out = NULL;
    json_decref(out);
    json_decref(in);
    nt_cli_end(&c, &o);
    return rc;
}
