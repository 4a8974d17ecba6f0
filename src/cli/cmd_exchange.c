/* cmd_exchange.c - netral exchange export|import|push|list|key: the signed packages between a
 * Bawaslu office and the civil-service authority (src/exchange). */
#include "cli/cli.h"

#include "base/file.h"
#include "exchange/exchange.h"

#include <sodium.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The actor: the named officer (--oleh), or the command line's administrator. */
static int acting(nt_cli *c, const char *as, nt_actor *who, nt_err *err)
{
    if (!as) {
        *who = c->actor;
        return 0;
    }
    return nt_user_actor(c->st, as, who, err);
}

static int sub_export(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *out = NULL, *as = NULL, *office = NULL;
    nt_option opts[] = {
        NT_OPT_STR("out", &out, "BERKAS.tar", "salinan paket ditulis ke sini"),
        NT_OPT_STR("oleh", &as, "PENGGUNA", "petugas yang mengirim (wajib)"),
        NT_OPT_STR("kantor", &office, "KODE",
                   "kantor penanda tangan paket hasil (bawaan: otoritas yang berwenang hari ini)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1] = {0};
    int rc = nt_options_parse(argc, argv, opts, s, 1, 1, pos);
    int64_t id = 0;
    if (!rc) rc = nt_cli_case_id(pos[0], &id);
    if (!rc && !as) {
        fprintf(stderr, "netral: --oleh wajib: paket dikirim atas nama seorang petugas\n");
        rc = 2;
    }
    if (rc) return nt_cli_exit(rc);
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) return rc;
    nt_err err = {0};
    nt_actor who;
    json_t *meta = NULL;
    int r = acting(&c, as, &who, &err);
    if (!r) r = nt_exchange_export(c.st, &who, id, office, out, &meta, &err);
    return nt_cli_finish(&c, r, meta, &err);
}

static int sub_import(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    const char *as = NULL;
    nt_option opts[] = {
        NT_OPT_STR("oleh", &as, "PENGGUNA", "petugas yang menerima (bawaan: administrator)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    const char *pos[1] = {0};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    nt_actor who;
    json_t *out = NULL;
    int r = acting(&c, as, &who, &err);
    if (!r) r = nt_exchange_import_file(c.st, &who, pos[0], &out, &err);
    return nt_cli_finish(&c, r, out, &err);
}

static int sub_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    long long id = 0;
    nt_option opts[] = {NT_OPT_INT("kasus", &id, "ID", "hanya paket kasus ini", 0, 1LL << 62),
                        NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_cli_print(nt_exchange_packages(c.st, id));
    nt_cli_close(&c);
    return 0;
}

/* netral exchange push FILE --url URL --token-file F: POSTs a package to the other side's
 * /api/v1/exchange/import, again after a network failure or a 5xx, never after a refusal. */
static size_t keep_reply(char *p, size_t size, size_t n, void *ud)
{
    nt_buf *b = ud;
    if (b->len < 65536) nt_buf_add(b, p, size * n);
    return size * n;
}

static int sub_push(const nt_subcommand *s, int argc, char **argv)
{
    const char *url = NULL, *token_file = NULL;
    long long tries = 5, wait = 2;
    nt_option opts[] = {
        NT_OPT_STR("url", &url, "URL", "alamat Netral penerima, mis. https://netral.bkn.example"),
        NT_OPT_STR("token-file", &token_file, "BERKAS", "token API penerima (satu baris)"),
        NT_OPT_INT("coba", &tries, "N", "berapa kali mencoba (bawaan 5)", 1, 50),
        NT_OPT_INT("jeda", &wait, "DETIK", "jeda awal antarpercobaan, berlipat dua (bawaan 2)", 0,
                   3600),
        NT_OPT_END,
    };
    const char *pos[1] = {0};
    int rc = nt_options_parse(argc, argv, opts, s, 1, 1, pos);
    if (!rc && (!url || !token_file)) {
        fprintf(stderr, "netral: --url dan --token-file wajib\n");
        rc = 2;
    }
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    char *pkg = NULL, *tok = NULL;
    size_t len = 0, tlen = 0;
    if (nt_file_read(pos[0], &pkg, &len, &err) || nt_file_read(token_file, &tok, &tlen, &err)) {
        free(pkg);
        return nt_cli_fail(&err);
    }
    tok[strcspn(tok, "\r\n")] = '\0';
    char target[1200], auth[400];
    snprintf(target, sizeof target, "%s/api/v1/exchange/import", url);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", tok);
    sodium_memzero(tok, tlen);
    free(tok);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    long status = 0;
    nt_buf reply = {0};
    for (long long attempt = 1; attempt <= tries; attempt++) {
        CURL *h = curl_easy_init();
        struct curl_slist *hd = curl_slist_append(NULL, auth);
        hd = curl_slist_append(hd, "Content-Type: application/x-tar");
        nt_buf_reset(&reply);
        curl_easy_setopt(h, CURLOPT_URL, target);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, pkg);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_reply);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 600L);
        CURLcode cr = curl_easy_perform(h);
        status = 0;
        if (cr == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hd);
        curl_easy_cleanup(h);
        if (cr == CURLE_OK && status < 500) break;
        fprintf(stderr, "netral: percobaan %lld dari %lld gagal (%s)\n", attempt, tries,
                cr != CURLE_OK ? curl_easy_strerror(cr) : "galat server penerima");
        if (attempt < tries) sleep((unsigned)(wait << (attempt - 1)));
    }
    free(pkg);
    curl_global_cleanup();
    nt_buf_addc(&reply, '\0');
    if (status >= 200 && status < 300) {
        printf("%s\n", reply.p);
        rc = 0;
    } else {
        fprintf(stderr, "netral: paket tidak diterima (HTTP %ld): %s\n", status,
                reply.len > 1 ? reply.p : "tidak ada jawaban");
        rc = status >= 400 && status < 500 ? 1 : 3;
    }
    nt_buf_free(&reply);
    return rc;
}

/* ---- keys ---- */

static int key_office(const nt_subcommand *s, int argc, char **argv, int which)
{
    nt_globals g = {0};
    const char *office = NULL, *out = NULL;
    nt_option opts[] = {
        NT_OPT_STR("kantor", &office, "KODE",
                   "kode wilayah kantor Bawaslu, atau singkatan otoritas"),
        NT_OPT_STR("out", &out, "BERKAS.json", "ditulis ke berkas (bawaan: keluaran standar)"),
        NT_OPT_GLOBALS(&g),
        NT_OPT_END,
    };
    int rc = nt_options_parse(argc, argv, opts, s, 0, 0, NULL);
    if (!rc && !office) {
        fprintf(stderr, "netral: --kantor wajib\n");
        rc = 2;
    }
    if (rc) return nt_cli_exit(rc);
    nt_cli c;
    if ((rc = nt_cli_open(&c, &g))) return rc;
    nt_err err = {0};
    json_t *doc = NULL;
    int r = which ? nt_exchange_rotate(c.st, &c.actor, office, &doc, &err)
                  : nt_exchange_public_key(c.st, &c.actor, office, &doc, &err);
    if (!r && out) {
        char *t = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
        r = nt_file_write_atomic(out, t, strlen(t), &err);
        free(t);
    }
    return nt_cli_finish(&c, r, doc, &err);
}

static int key_show(const nt_subcommand *s, int argc, char **argv)
{
    return key_office(s, argc, argv, 0);
}

static int key_rotate(const nt_subcommand *s, int argc, char **argv)
{
    return key_office(s, argc, argv, 1);
}

static int key_trust(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    const char *pos[1] = {0};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 1, 1, pos, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_err err = {0};
    json_t *doc = NULL;
    int r = nt_cli_read_json(pos[0], &doc, &err);
    if (!r) r = nt_exchange_trust(c.st, &c.actor, doc, &err);
    json_decref(doc);
    return nt_cli_finish(&c, r, r ? NULL : nt_exchange_keys(c.st), &err);
}

static int key_list(const nt_subcommand *s, int argc, char **argv)
{
    nt_globals g = {0};
    nt_option opts[] = {NT_OPT_GLOBALS(&g), NT_OPT_END};
    nt_cli c;
    int rc = nt_cli_start(s, argc, argv, opts, 0, 0, NULL, &g, &c);
    if (rc) return nt_cli_exit(rc);
    nt_cli_print(nt_exchange_keys(c.st));
    nt_cli_close(&c);
    return 0;
}

static const nt_subcommand key_subs[] = {
    {"export", key_show, "netral exchange key export --kantor KODE [--out BERKAS.json]",
     "Kunci publik kantor untuk pihak lain (kunci dibuat bila belum ada, mode 0600).\n", NULL},
    {"trust", key_trust, "netral exchange key trust BERKAS.json",
     "Mempercayai kunci publik kantor lain (berkas dari netral exchange key export).\n", NULL},
    {"list", key_list, "netral exchange key list", NULL, NULL},
    {"rotate", key_rotate, "netral exchange key rotate --kantor KODE",
     "Mengganti kunci kantor; paket lama tetap dapat diperiksa dengan kunci lama.\n", NULL},
};

static int sub_key(const nt_subcommand *s, int argc, char **argv)
{
    (void)s;
    return nt_subcommands_run("exchange key", argc, argv, key_subs, NT_ARRAY_LEN(key_subs), NULL);
}

static const nt_subcommand subs[] = {
    {"export", sub_export,
     "netral exchange export KASUS --oleh PENGGUNA [--out BERKAS.tar] [--kantor KODE]",
     "Paket bertanda tangan: penerusan (kasus, surat penerusan, bukti) dari kantor Bawaslu,\n"
     "atau hasil (rekomendasi, keputusan PPK, surat) dari otoritas untuk kasus yang diterimanya.\n",
     NULL},
    {"import", sub_import, "netral exchange import BERKAS.tar [--oleh PENGGUNA]",
     "Memeriksa tanda tangan, pengirim, penerima dan SHA-256 setiap berkas, lalu mengimpor;\n"
     "paket yang sama dua kali menghasilkan satu kasus.\n",
     NULL},
    {"push", sub_push, "netral exchange push BERKAS.tar --url URL --token-file BERKAS",
     "Mengirim paket ke Netral pihak lain, diulang bila jaringan atau server gagal.\n", NULL},
    {"list", sub_list, "netral exchange list [--kasus ID]", NULL, NULL},
    {"key", sub_key, "netral exchange key export|trust|list|rotate", NULL, NULL},
};

int nt_cmd_exchange(int argc, char **argv)
{
    return nt_subcommands_run("exchange", argc, argv, subs, NT_ARRAY_LEN(subs),
                              "Opsi umum: --db BERKAS, --var DIREKTORI\n");
}
