/* cmd_serve.c - netral serve. */
#include "cli/cli.h"

#include "web/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "Penggunaan: netral serve [--db BERKAS] [--bind ALAMAT] [--port N] [--threads N]\n"
    "                         [--body-limit KB] [--import-limit MB] [--evidence-limit MB]\n"
    "                         [--secure-cookie] [--report-limit N] [--track-limit N]\n\n"
    "Menjalankan API JSON di http://ALAMAT:N/api/v1 (bawaan 127.0.0.1:8080).\n"
    "--secure-cookie menandai cookie sesi Secure (wajib bila dilayani lewat HTTPS).\n"
    "Batas bawaan: JSON 1024 KB, impor CSV 64 MB, bukti 50 MB (semua berkas satu laporan).\n"
    "--report-limit: laporan publik per alamat per jam (bawaan 10); --track-limit: cek status\n"
    "per alamat per 10 menit (bawaan 60).\n";

int nt_cmd_serve(int argc, char **argv)
{
    nt_opts o;
    nt_cli c;
    int rc = nt_cli_start(argc, argv, help, &o, &c);
    if (rc) return rc == NT_CLI_HELP ? 0 : rc;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    nt_web_config cfg = {
        .bind = "127.0.0.1",
        .port = 8080,
        .threads = (int)(ncpu > 0 ? ncpu * 2 : 4),
        .body_limit = 1024 * 1024,
        .import_limit = 64 * 1024 * 1024,
        .evidence_limit = 50 * 1024 * 1024,
        .data_dir = c.data_dir,
        .store = {c.db_path, c.evidence_dir, &c.rules, c.key},
    };
    const char *v;
    if ((v = nt_opt(&o, "bind"))) cfg.bind = v;
    if ((v = nt_opt(&o, "port"))) cfg.port = atoi(v);
    if ((v = nt_opt(&o, "threads"))) cfg.threads = atoi(v);
    if ((v = nt_opt(&o, "body-limit"))) cfg.body_limit = (size_t)atol(v) * 1024;
    if ((v = nt_opt(&o, "import-limit"))) cfg.import_limit = (size_t)atol(v) * 1024 * 1024;
    if ((v = nt_opt(&o, "evidence-limit"))) cfg.evidence_limit = (size_t)atol(v) * 1024 * 1024;
    int report_limit = (v = nt_opt(&o, "report-limit")) ? atoi(v) : 10;
    int track_limit = (v = nt_opt(&o, "track-limit")) ? atoi(v) : 60;
    cfg.secure_cookies = nt_flag(&o, "secure-cookie") || getenv("NETRAL_SECURE_COOKIE");
    if ((rc = nt_opts_unknown(&o))) goto out;
    if (cfg.port <= 0 || cfg.port > 65535 || cfg.threads < 1 || cfg.threads > 256 ||
        cfg.body_limit == 0 || cfg.evidence_limit == 0 || cfg.import_limit == 0 ||
        report_limit < 1 || track_limit < 1) {
        fputs("netral: port, jumlah thread atau batas ukuran tidak sah\n", stderr);
        rc = 2;
        goto out;
    }
    nt_rate_configure(NT_RATE_REPORT, report_limit, 3600);
    nt_rate_configure(NT_RATE_TRACK, track_limit, 600);
    /* The CLI connection is not used by the server threads; close it to free the write lock. */
    nt_store_close(c.st);
    c.st = NULL;
    rc = nt_server_run(&cfg) ? 1 : 0;
out:
    nt_cli_end(&c, &o);
    return rc;
}
