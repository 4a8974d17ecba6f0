/*
 * mailer.c - the outbox's sender: a thread of the server with a store of its own that claims
 * the messages due, sends each over SMTP with libcurl (STARTTLS when the server offers it,
 * credentials when configured) and gives each back sent or with its error, to be retried
 * after the waits of notifications.json. Without an SMTP server configured nothing is sent
 * and the messages wait in the outbox, where the administrator sees them.
 */
#include "web/mailer.h"

#include "base/log.h"
#include "rules/notify.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH 20

typedef struct {
    const char *data;
    size_t len, off;
} reader;

static size_t read_cb(char *buf, size_t size, size_t n, void *ud)
{
    reader *r = ud;
    size_t want = size * n, left = r->len - r->off;
    if (want > left) want = left;
    memcpy(buf, r->data + r->off, want);
    r->off += want;
    return want;
}

/* "=?UTF-8?B?...?=": a header value in any language, and never a second header. */
static void encoded_word(nt_buf *b, const char *text)
{
    size_t n = strlen(text);
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *enc = nt_xmalloc(cap);
    sodium_bin2base64(enc, cap, (const unsigned char *)text, n, sodium_base64_VARIANT_ORIGINAL);
    nt_buf_printf(b, "=?UTF-8?B?%s?=", enc);
    free(enc);
}

/* The message as RFC 5322 text: UTF-8 body in base64, lines of 76. */
static char *compose(const nt_mail_config *mc, const char *to, const char *subject,
                     const char *body, const char *message_id, size_t *len)
{
    nt_buf b = {0};
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    nt_buf_printf(&b,
                  "Date: %s\r\nFrom: Netral <%s>\r\nTo: <%s>\r\nMessage-ID: %s\r\nSubject: ", date,
                  mc->from, to, message_id);
    encoded_word(&b, subject);
    nt_buf_adds(&b, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
    size_t n = strlen(body);
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *enc = nt_xmalloc(cap);
    sodium_bin2base64(enc, cap, (const unsigned char *)body, n, sodium_base64_VARIANT_ORIGINAL);
    for (size_t i = 0, el = strlen(enc); i < el; i += 76) {
        nt_buf_add(&b, enc + i, el - i < 76 ? el - i : 76);
        nt_buf_adds(&b, "\r\n");
    }
    free(enc);
    return nt_buf_detach(&b, len);
}

/* One message on handle c: reset for it, keeping the handle's open connection to the server,
 * so a batch goes over one SMTP session. */
static int smtp_send_on(CURL *c, const nt_mail_config *mc, const char *to, const char *subject,
                        const char *body, const char *message_id, char *error, size_t error_len)
{
    size_t len = 0;
    char *msg = compose(mc, to, subject, body, message_id, &len);
    reader rd = {msg, len, 0};
    curl_easy_reset(c); /* the options, not the connection */
    char from[300], rcpt[300], ebuf[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", mc->from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    curl_easy_setopt(c, CURLOPT_URL, mc->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY); /* STARTTLS when offered */
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)mc->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(mc->timeout_s < 10 ? mc->timeout_s : 10));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    if (mc->user && *mc->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, mc->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, mc->password ? mc->password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) snprintf(error, error_len, "%s", *ebuf ? ebuf : curl_easy_strerror(rc));
    curl_slist_free_all(rcpts);
    sodium_memzero(msg, len);
    free(msg);
    return rc == CURLE_OK ? 0 : -1;
}

int nt_smtp_send(const nt_mail_config *mc, const char *to, const char *subject, const char *body,
                 const char *message_id, char *error, size_t error_len)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(error, error_len, "libcurl tidak dapat dimulai");
        return -1;
    }
    int rc = smtp_send_on(c, mc, to, subject, body, message_id, error, error_len);
    curl_easy_cleanup(c);
    return rc;
}

/* The body template with {{ke}} and {{teks}} filled in each string, built by jansson so the
 * values are escaped as JSON. */
static json_t *gateway_body(const json_t *tmpl, const char *to, const char *text)
{
    json_t *vars = json_pack("{ss ss}", "ke", to, "teks", text), *out = json_object(), *v;
    const char *k;
    json_object_foreach((json_t *)tmpl, k, v)
    {
        if (json_is_string(v)) {
            char *s = nt_notify_render(json_string_value(v), vars);
            json_object_set_new(out, k, json_string(s));
            free(s);
        } else {
            json_object_set(out, k, v);
        }
    }
    json_decref(vars);
    return out;
}

int nt_gateway_send(const nt_mail_config *mc, const char *to, const char *subject, const char *body,
                    char *error, size_t error_len)
{
    char *text = nt_xasprintf("%s\n\n%s", subject, body);
    json_t *doc = gateway_body(mc->gateway_body, to, text);
    char *payload = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    sodium_memzero(text, strlen(text));
    free(text);
    CURL *c = curl_easy_init();
    if (!c || !payload) {
        if (c) curl_easy_cleanup(c);
        free(payload);
        snprintf(error, error_len, "libcurl tidak dapat dimulai");
        return -1;
    }
    char ebuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (mc->gateway_header && *mc->gateway_header) h = curl_slist_append(h, mc->gateway_header);
    curl_easy_setopt(c, CURLOPT_URL, mc->gateway_url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)mc->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(mc->timeout_s < 10 ? mc->timeout_s : 10));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    int out = 0;
    if (rc != CURLE_OK) {
        snprintf(error, error_len, "%s", *ebuf ? ebuf : curl_easy_strerror(rc));
        out = -1;
    } else if (status < 200 || status > 299) {
        snprintf(error, error_len, "gateway menjawab HTTP %ld", status);
        out = -1;
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    sodium_memzero(payload, strlen(payload));
    free(payload);
    return out;
}

static pthread_t thread;
static atomic_bool running;
static nt_mail_config config;
static nt_store_config store_cfg;

/* One pass over what is due: returns how many were sent. */
int nt_mailer_pass(nt_store *st, const nt_mail_config *mc)
{
    json_t *due = NULL;
    const char *channels = mc->url && *mc->url
                               ? (mc->gateway_url && *mc->gateway_url ? "email,gateway" : "email")
                               : "gateway";
    /* the lease outlasts the whole batch at its slowest: it runs out only if this stops */
    int timeout = mc->timeout_s > 0 ? mc->timeout_s : 30;
    int lease = (BATCH + 2) * timeout;
    if (nt_outbox_claim(st, channels, lease, BATCH, &due)) return -1;
    int sent = 0;
    size_t i;
    json_t *m;
    CURL *smtp = json_array_size(due) ? curl_easy_init() : NULL; /* one session per batch */
    json_array_foreach(due, i, m)
    {
        char error[300] = "";
        const char *to = json_string_value(json_object_get(m, "to"));
        const char *subject = json_string_value(json_object_get(m, "subject"));
        const char *body = json_string_value(json_object_get(m, "body"));
        int rc = !strcmp(json_string_value(json_object_get(m, "channel")), "gateway")
                     ? nt_gateway_send(mc, to, subject, body, error, sizeof error)
                 : smtp ? smtp_send_on(smtp, mc, to, subject, body,
                                       json_string_value(json_object_get(m, "message_id")), error,
                                       sizeof error)
                        : nt_smtp_send(mc, to, subject, body,
                                       json_string_value(json_object_get(m, "message_id")), error,
                                       sizeof error);
        int64_t id = json_integer_value(json_object_get(m, "id"));
        int attempts = (int)json_integer_value(json_object_get(m, "attempts"));
        if (nt_outbox_result(st, id, attempts, rc ? error : NULL))
            nt_warn("kotak keluar: hasil pesan %lld tidak dapat dicatat", (long long)id);
        if (rc)
            nt_warn("surel %lld belum terkirim (percobaan %d): %s", (long long)id, attempts + 1,
                    error);
        else
            sent++;
    }
    if (smtp) curl_easy_cleanup(smtp);
    json_decref(due);
    return sent;
}

static void *loop(void *arg)
{
    (void)arg;
    nt_store *st = NULL;
    nt_err err = {0};
    if (nt_store_open(&store_cfg, &st, &err)) {
        nt_error("pengirim surel tidak dapat membuka basis data: %s", err.msg);
        return NULL;
    }
    while (atomic_load(&running)) {
        int queued = 0;
        if (nt_outbox_daily(st, nt_now(), &queued))
            nt_warn("ringkasan harian tenggat tidak dapat diantrekan");
        else if (queued)
            nt_info("ringkasan harian tenggat: %d surel diantrekan", queued);
        int sent = nt_mailer_pass(st, &config);
        /* a full batch: more may be waiting; otherwise look again in a fifth of a second (one
         * indexed query: a message waits that long at most before its first try) */
        for (int t = 0; sent < BATCH && t < 4 && atomic_load(&running); t++)
            usleep(50000);
    }
    nt_store_close(st);
    return NULL;
}

int nt_mailer_start(const nt_mail_config *mc, const nt_store_config *sc)
{
    if ((!mc->url || !*mc->url) && (!mc->gateway_url || !*mc->gateway_url))
        return 0; /* nowhere to send: the messages wait in the outbox */
    config = *mc;
    store_cfg = *sc;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    atomic_store(&running, true);
    if (pthread_create(&thread, NULL, loop, NULL)) {
        atomic_store(&running, false);
        return -1;
    }
    nt_info("pengirim pesan berjalan: surel %s (pengirim %s), gateway %s",
            mc->url && *mc->url ? mc->url : "tidak ada", mc->from,
            mc->gateway_url && *mc->gateway_url ? mc->gateway_url : "tidak ada");
    return 0;
}

void nt_mailer_stop(void)
{
    if (!atomic_load(&running)) return;
    atomic_store(&running, false);
    pthread_join(thread, NULL);
    curl_global_cleanup();
}
