/*
 * server.c - libmicrohttpd glue: a thread pool over epoll, one store (one
 * database connection) per worker thread, bodies read in bounded chunks and
 * evidence streamed straight to disk while it is hashed.
 *
 * Request life: first call (headers only) -> route, size check, auth; then
 * body chunks; then the final call dispatches the handler and queues its
 * response. A request that fails early gets its answer at the first call.
 * An answer given while the database could not be reached becomes a 503 (the
 * next request reconnects). SIGTERM stops taking connections and lets the
 * requests in flight finish before the process ends.
 */
#include "web/http.h"

#include "base/log.h"
#include "web/answers.h"
#include "web/guard.h"
#include "web/upkeep.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_uint_fast64_t next_id;
static atomic_int in_flight;
static char instance[16]; /* the process id, telling instances' request ids apart */

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void store_destroy(void *p)
{
    nt_store_close(p);
}

static void make_key(void)
{
    pthread_key_create(&store_key, store_destroy);
}

static nt_store *thread_store(const nt_web_config *cfg)
{
    pthread_once(&store_once, make_key);
    nt_store *st = pthread_getspecific(store_key);
    if (st) return st;
    nt_err err = {0};
    if (nt_store_open(&cfg->store, &st, &err)) {
        nt_error("store: %s", err.msg);
        return NULL;
    }
    pthread_setspecific(store_key, st);
    return st;
}

static void client_ip(nt_req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    r->ip[0] = '\0';
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
}

/* Bodies up to this size are drained before a 413, so simple clients read the answer. */
#define DRAIN_LIMIT (64u * 1024 * 1024)

static void too_large(nt_req *r)
{
    char msg[128];
    if (r->limit >= 1024 * 1024)
        snprintf(msg, sizeof msg, "kiriman melebihi batas %zu MB; perkecil atau kurangi berkasnya",
                 r->limit / (1024 * 1024));
    else
        snprintf(msg, sizeof msg, "kiriman melebihi batas %zu KB", r->limit / 1024);
    nt_respond_msg(r, 413, "too_large", "body", msg);
}

/* A file field: on NT_R_BIG_BODY routes its bytes go to r->body (bounded by the route's limit);
 * on NT_R_FILES routes each part is staged as an evidence upload. The first
 * refusal is kept in r->form_err for the handler to show; later data is dropped. */
static enum MHD_Result on_form_file(nt_req *r, const char *key, const char *filename,
                                    const char *content_type, const char *data, uint64_t off,
                                    size_t size)
{
    if (r->m.route->flags & NT_R_BIG_BODY) { /* one file read whole (a roster CSV) */
        if (off == 0 && filename && *filename && !r->file_name[0])
            nt_strlcpy(r->file_name, filename, sizeof r->file_name);
        if (data && size) nt_buf_add(&r->body, data, size);
        return MHD_YES;
    }
    if (!(r->m.route->flags & NT_R_FILES) || !*filename || r->form_err.code) return MHD_YES;
    bool fresh =
        off == 0 && (r->nfiles == 0 || r->file_next > 0 || strcmp(r->file_name, filename) != 0);
    if (fresh) {
        if (r->nfiles == NT_FORM_MAX_FILES) {
            nt_err_set(&r->form_err, NT_ELIMIT, key, "paling banyak %d berkas bukti per laporan",
                       NT_FORM_MAX_FILES);
            return MHD_YES;
        }
        nt_upload *u = NULL;
        if (nt_evidence_stage(r->st, &r->actor, filename, content_type, NULL, r->limit, &u,
                              &r->form_err))
            return MHD_YES;
        r->files[r->nfiles++] = u;
        nt_strlcpy(r->file_name, filename, sizeof r->file_name);
        r->file_next = 0;
    }
    if (!size) return MHD_YES;
    if (nt_evidence_write(r->files[r->nfiles - 1], data, size, &r->form_err)) return MHD_YES;
    r->file_next = off + size;
    return MHD_YES;
}

/* Form fields arrive in pieces: append each piece to the field's value. */
static enum MHD_Result on_form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data, uint64_t off,
                                     size_t size)
{
    nt_req *r = cls;
    if (!key) return MHD_YES;
    if (filename) return on_form_file(r, key, filename, content_type, data, off, size);
    json_t *old = json_object_get(r->form, key);
    nt_buf b = {0};
    if (old && off) nt_buf_add(&b, json_string_value(old), json_string_length(old));
    nt_buf_add(&b, data ? data : "", size);
    if (b.len > 64 * 1024) {
        r->form_bad = true;
        nt_buf_free(&b);
        return MHD_NO;
    }
    json_t *v = json_stringn_nocheck(b.p, b.len);
    json_object_set_new(r->form, key, v);
    nt_buf_free(&b);
    return MHD_YES;
}

static void begin(nt_req *r)
{
    const nt_web_config *cfg = r->cfg;
    client_ip(r);
    size_t ulen = strlen(r->url);
    if (nt_route_find(nt_api_routes, nt_api_routes_len, r->method, r->url, ulen, &r->m)) {
        if (r->m.path_matched)
            nt_respond_msg(r, 405, "method", "", "metode tidak didukung");
        else
            nt_respond_msg(r, 404, "not_found", "", "alamat tidak ditemukan");
        return;
    }
    unsigned flags = r->m.route->flags;
    r->limit = (flags & (NT_R_STREAM | NT_R_FILES)) ? cfg->evidence_limit
               : (flags & NT_R_BIG_BODY)            ? cfg->import_limit
                                                    : cfg->body_limit;
    const char *cl = nt_req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > r->limit) {
        /* A client that waits for "100 Continue", or a huge body: answer now and close.
         * Otherwise read and discard the body so the client sees the 413, not a reset. */
        const char *expect = nt_req_header(r, MHD_HTTP_HEADER_EXPECT);
        if (expect || strtoull(cl, NULL, 10) > DRAIN_LIMIT) {
            too_large(r);
            return;
        }
        r->too_big = true;
        return;
    }
    r->st = thread_store(cfg);
    if (!r->st) {
        nt_respond_msg(r, 503, "unavailable", "", "basis data tidak tersedia");
        return;
    }
    nt_auth_request(r);
    if (r->done) return;
    if (flags & NT_R_FORM) {
        r->form = json_object();
        r->pp = MHD_create_post_processor(r->conn, 16 * 1024, on_form_field, r);
        if (!r->pp) {
            nt_respond_msg(
                r, 415, "unsupported", "body",
                "formulir harus application/x-www-form-urlencoded atau multipart/form-data");
            return;
        }
    }
    if (flags & NT_R_STREAM) {
        r->phase = NT_PHASE_BEGIN;
        ((nt_handler)r->m.route->handler)(r);
        r->phase = NT_PHASE_END;
    }
}

/* Whatever was answered while the database could not be reached is no answer: a 503 that
 * says to try again. */
static void unreachable_is_503(nt_req *r)
{
    if (!r->st || !nt_store_unavailable(r->st) || r->status == 503) return;
    nt_respond_msg(r, 503, "unavailable", "",
                   "basis data tidak dapat dihubungi; coba lagi sebentar lagi");
    MHD_add_response_header(r->resp, "Retry-After", "2");
}

static void access_line(const nt_req *r);

/* Queues the answer (the duration in the access log is until here: MHD's own pointers to the
 * method and path are gone by the time the request completes). */
static enum MHD_Result queue(nt_req *r)
{
    unreachable_is_503(r);
    if (r->cfg->access_log) access_line(r);
    char id[40];
    snprintf(id, sizeof id, "%s-%llu", instance, (unsigned long long)r->id);
    MHD_add_response_header(r->resp, "X-Request-Id", id);
    return MHD_queue_response(r->conn, r->status, r->resp);
}

/* One JSON object per line: when, which request, who, which route, the answer, how long. */
static void access_line(const nt_req *r)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char t[32], id[40];
    snprintf(t, sizeof t, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    snprintf(id, sizeof id, "%s-%llu", instance, (unsigned long long)r->id);
    json_t *o =
        json_pack("{ss ss ss ss ss ss? si sf}", "t", t, "request_id", id, "ip", r->ip, "method",
                  r->method ? r->method : "", "route", r->m.route ? r->m.route->pattern : "",
                  "user", r->auth != NT_AUTH_NONE ? r->actor.username : NULL, "status",
                  (int)r->status, "ms", (double)(nt_guard_now_ms() - r->began_ms));
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (line) fprintf(stderr, "%s\n", line);
    free(line);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **ctx)
{
    nt_req *r = *ctx;
    if (!r) {
        r = nt_xcalloc(1, sizeof *r);
        r->conn = conn;
        r->cfg = cls;
        r->url = url;
        r->method = method;
        r->began_ms = nt_guard_now_ms();
        r->id = atomic_fetch_add(&next_id, 1) + 1;
        atomic_fetch_add(&in_flight, 1);
        *ctx = r;
        nt_guard_request_begins(conn);
        begin(r);
        if (r->done) return queue(r);
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        r->body_bytes += n;
        /* a body trickling in slower than the minimum rate holds a connection: drop it */
        if (nt_guard_body_late(r->began_ms, r->body_bytes)) return MHD_NO;
        if (r->done || r->too_big || r->bad_stream) return MHD_YES;
        if (r->pp) {
            r->received += n;
            if (r->received > r->limit)
                r->too_big = true;
            else if (MHD_post_process(r->pp, upload_data, n) != MHD_YES)
                r->form_bad = true;
        } else if (r->upload) {
            if (nt_evidence_write(r->upload, upload_data, n, &r->stream_err)) {
                r->bad_stream = true;
                nt_evidence_abort(r->upload);
                r->upload = NULL;
            }
        } else if (r->body.len + n > r->limit) {
            r->too_big = true;
            nt_buf_free(&r->body);
        } else {
            nt_buf_add(&r->body, upload_data, n);
        }
        return MHD_YES;
    }
    if (!r->done) {
        if (r->too_big)
            too_large(r);
        else if (r->bad_stream) {
            nt_respond_error(r, &r->stream_err);
        } else if (r->pp && r->form_bad) {
            nt_respond_msg(r, 400, "invalid", "body",
                           "formulir tidak dapat dibaca atau sebuah kolom melebihi 64 KB");
        } else if (!(r->m.route->flags & NT_R_KEEP) || strcmp(r->method, "GET") ||
                   !nt_page_kept(r)) {
            ((nt_handler)r->m.route->handler)(r);
        }
        if (!r->done) nt_respond_msg(r, 500, "error", "", "permintaan tidak terjawab");
    }
    return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    nt_guard_request_ends(conn);
    nt_req *r = *ctx;
    if (!r) return;
    atomic_fetch_sub(&in_flight, 1);
    if (r->upload) nt_evidence_abort(r->upload);
    for (size_t i = 0; i < r->nfiles; i++)
        nt_evidence_abort(r->files[i]);
    if (r->pp) MHD_destroy_post_processor(r->pp);
    json_decref(r->form);
    if (r->resp) MHD_destroy_response(r->resp);
    nt_buf_free(&r->body);
    free(r);
    *ctx = NULL;
}

/* Raises the open-file limit to what the system allows and returns how many connections it
 * leaves room for: two descriptors each (the socket and the guard's duplicate), after a
 * reserve for the database, evidence files and logs. */
static unsigned connection_budget(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t n = rl.rlim_cur == RLIM_INFINITY ? 65536 : rl.rlim_cur;
    rlim_t budget = n > 512 ? (n - 256) / 2 : 64;
    return (unsigned)(budget > 20000 ? 20000 : budget);
}

int nt_server_run(const nt_web_config *cfg)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
        nt_error("alamat bind tidak sah: %s", cfg->bind);
        return NT_EINVAL;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* workers inherit: only sigwait sees them */
    unsigned max_conns = connection_budget();
    snprintf(instance, sizeof instance, "%ld", (long)getpid());
    if (nt_guard_start(cfg->header_timeout)) {
        nt_error("penjaga koneksi lambat tidak dapat dimulai");
        return NT_EIO;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC, 0, NULL,
        NULL, on_request, (void *)cfg, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, nt_guard_notify, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_address_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_END);
    if (!d) {
        nt_guard_stop();
        nt_error("server tidak dapat dimulai di %s:%d (port dipakai?)", cfg->bind, cfg->port);
        return NT_EIO;
    }
    if (nt_mailer_start(&cfg->mail, &cfg->store))
        nt_warn("pengirim surel tidak dapat dimulai; pesan menunggu di kotak keluar");
    if (nt_upkeep_start(&cfg->store))
        nt_warn("pemelihara latar tidak dapat dimulai; indeks risiko tidak diperbarui sendiri");
    nt_info("Netral melayani di http://%s:%d (%d thread, paling banyak %u koneksi, %d per alamat)",
            cfg->bind, cfg->port, cfg->threads, max_conns, cfg->per_address_limit);
    int sig = 0;
    do {
        sigwait(&set, &sig);
    } while (sig == SIGPIPE);
    /* stop taking connections; let the requests in flight finish (a bounded wait) */
    nt_info("berhenti (sinyal %d): menyelesaikan %d permintaan yang sedang berjalan", sig,
            atomic_load(&in_flight));
    MHD_socket listening = MHD_quiesce_daemon(d); /* ours to close: then connects are refused */
    if (listening != MHD_INVALID_SOCKET) close(listening);
    for (int waited = 0; atomic_load(&in_flight) > 0 && waited < cfg->drain_seconds * 20; waited++)
        usleep(50000);
    if (atomic_load(&in_flight) > 0)
        nt_warn("%d permintaan belum selesai setelah %d detik: dihentikan", atomic_load(&in_flight),
                cfg->drain_seconds);
    MHD_stop_daemon(d);
    nt_upkeep_stop();
    nt_mailer_stop();
    nt_guard_stop();
    return 0;
}
