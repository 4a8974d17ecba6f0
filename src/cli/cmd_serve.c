/* cmd_serve.c - netral serve. */
#include "cli/cli.h"

#include "web/http.h"

#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char about[] =
    "Menjalankan situs web dan API JSON di http://ALAMAT:N/ (bawaan 127.0.0.1:8080).\n"
    "--secure-cookie menandai cookie sesi Secure (wajib bila dilayani lewat HTTPS; juga\n"
    "NETRAL_SECURE_COOKIE). Batas bawaan: JSON 1024 KB, impor CSV 64 MB, bukti 50 MB\n"
    "(semua berkas satu laporan).\n";

int nt_cmd_serve(int argc, char **argv)
{
    nt_globals g = {0};
    const char *bind = "127.0.0.1";
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long long port = 8080, threads = ncpu > 0 ? ncpu * 2 : 4, body_kb = 1024, import_mb = 64,
              evidence_mb = 50, report_limit = 10, track_limit = 60, header_timeout = 20,
              per_address = 64, drain = 20;
    bool secure = false, audit_syslog = false, access_log = false, log_json = false;
    const char *smtp = getenv("NETRAL_SMTP"), *mail_from = getenv("NETRAL_MAIL_FROM");
    const char *smtp_user = getenv("NETRAL_SMTP_USER"), *public_url = getenv("NETRAL_PUBLIC_URL");
    const char *gateway = getenv("NETRAL_GATEWAY");
    nt_option opts[] = {
        NT_OPT_STR("bind", &bind, "ALAMAT", "alamat yang didengarkan (bawaan 127.0.0.1)"),
        NT_OPT_INT("port", &port, "N", "port (bawaan 8080)", 1, 65535),
        NT_OPT_INT("threads", &threads, "N", "jumlah thread pelayan", 1, 256),
        NT_OPT_INT("body-limit", &body_kb, "KB", "batas badan JSON (bawaan 1024)", 1, 1 << 20),
        NT_OPT_INT("import-limit", &import_mb, "MB", "batas unggahan impor (bawaan 64)", 1, 4096),
        NT_OPT_INT("evidence-limit", &evidence_mb, "MB", "batas bukti satu laporan (bawaan 50)", 1,
                   4096),
        NT_OPT_FLAG("secure-cookie", &secure, "cookie sesi hanya lewat HTTPS"),
        NT_OPT_INT("report-limit", &report_limit, "N", "laporan publik per alamat per jam (10)", 1,
                   1000000),
        NT_OPT_INT("track-limit", &track_limit, "N", "cek status per alamat per 10 menit (60)", 1,
                   1000000),
        NT_OPT_INT("header-timeout", &header_timeout, "DETIK",
                   "batas waktu menerima kepala permintaan (bawaan 20)", 2, 600),
        NT_OPT_INT("per-address-limit", &per_address, "N",
                   "koneksi sekaligus dari satu alamat (bawaan 64)", 1, 100000),
        NT_OPT_FLAG("access-log", &access_log,
                    "satu baris JSON per permintaan di stderr (waktu, id permintaan, pengguna, "
                    "rute, status, durasi)"),
        NT_OPT_FLAG("log-json", &log_json, "setiap baris log sebagai objek JSON"),
        NT_OPT_INT("drain", &drain, "DETIK",
                   "saat SIGTERM: batas waktu menyelesaikan permintaan yang berjalan (bawaan 20)",
                   0, 600),
        NT_OPT_STR("smtp", &smtp, "smtp://HOST:PORT",
                   "server SMTP untuk surel pemberitahuan (STARTTLS bila ditawarkan; tanpa ini "
                   "pesan menunggu di kotak keluar; juga NETRAL_SMTP)"),
        NT_OPT_STR("mail-from", &mail_from, "ALAMAT",
                   "alamat pengirim surel (bawaan noreply@netral.local; juga NETRAL_MAIL_FROM)"),
        NT_OPT_STR("smtp-user", &smtp_user, "NAMA",
                   "nama pengguna SMTP; kata sandinya dari NETRAL_SMTP_PASSWORD"),
        NT_OPT_STR("gateway", &gateway, "URL",
                   "gateway HTTP (WhatsApp Business atau SMS) untuk pesan ke nomor telepon pelapor;"
                   " header otorisasinya dari NETRAL_GATEWAY_HEADER (juga NETRAL_GATEWAY)"),
        NT_OPT_STR("public-url", &public_url, "URL",
                   "alamat Netral bagi masyarakat, untuk tautan di surel (juga NETRAL_PUBLIC_URL)"),
        NT_OPT_FLAG("audit-syslog", &audit_syslog,
                    "kirim juga setiap checkpoint audit ke syslog (authpriv)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    static const nt_subcommand self = {
        "serve", NULL,
        "netral serve [--bind ALAMAT] [--port N] [--threads N] [--secure-cookie] [opsi]", about,
        NULL};
    nt_cli c;
    int rc = nt_cli_start(&self, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_web_config cfg = {
        .bind = bind,
        .port = (int)port,
        .threads = (int)threads,
        .body_limit = (size_t)body_kb * 1024,
        .import_limit = (size_t)import_mb * 1024 * 1024,
        .evidence_limit = (size_t)evidence_mb * 1024 * 1024,
        .secure_cookies = secure || getenv("NETRAL_SECURE_COOKIE"),
        .header_timeout = (int)header_timeout,
        .per_address_limit = (int)per_address,
        .access_log = access_log,
        .drain_seconds = (int)drain,
        .data_dir = c.data_dir,
        .store = nt_cli_store_config(&c),
    };
    cfg.store.checkpoint_syslog = audit_syslog;
    cfg.store.public_url = public_url;
    cfg.store.risk_in_background = true; /* the upkeep thread keeps it current (upkeep.c) */
    cfg.mail =
        (nt_mail_config){.url = smtp,
                         .from = mail_from && *mail_from ? mail_from : "noreply@netral.local",
                         .user = smtp_user,
                         .password = getenv("NETRAL_SMTP_PASSWORD"),
                         .timeout_s = c.rules.notify_timeout_s,
                         .gateway_url = gateway,
                         .gateway_header = getenv("NETRAL_GATEWAY_HEADER"),
                         .gateway_body = c.rules.gateway_body};
    if (gateway && *gateway && strncmp(gateway, "http://", 7) && strncmp(gateway, "https://", 8)) {
        fprintf(stderr, "netral: --gateway harus alamat http:// atau https://\n");
        nt_cli_close(&c);
        return 2;
    }
    if (smtp && *smtp && strncmp(smtp, "smtp://", 7) && strncmp(smtp, "smtps://", 8)) {
        fprintf(stderr, "netral: --smtp harus smtp://HOST:PORT atau smtps://HOST:PORT\n");
        nt_cli_close(&c);
        return 2;
    }
    if (!nt_email_valid(cfg.mail.from)) {
        fprintf(stderr, "netral: --mail-from '%s' bukan alamat surel yang sah\n", cfg.mail.from);
        nt_cli_close(&c);
        return 2;
    }
    if (log_json) nt_log_json(true);
    if (audit_syslog) openlog("netral", LOG_PID, LOG_AUTHPRIV);
    nt_rate_configure(NT_RATE_REPORT, (int)report_limit, 3600);
    nt_rate_configure(NT_RATE_TRACK, (int)track_limit, 600);
    int swept = nt_evidence_sweep(c.st);
    if (swept) fprintf(stderr, "netral: %d berkas unggahan yang tidak selesai dihapus\n", swept);
    /* The CLI connection is not used by the server threads; close it to free the write lock. */
    nt_store_close(c.st);
    c.st = NULL;
    rc = nt_server_run(&cfg) ? 1 : 0;
    nt_cli_close(&c);
    return rc;
}
