/*
 * guard.c - bounds on how long a client may take, so idle or slow clients
 * cannot hold the server's connections (libmicrohttpd's own timeout is an
 * idle timeout: a client sending one header line every few seconds would
 * never trip it).
 *
 * Every connection is tracked from its accept, or from the end of its previous
 * request on a kept-alive connection, until its next request's headers are in.
 * Once a second a reaper shuts down (shutdown(2)) the connections that took
 * longer than the header limit; libmicrohttpd then sees the end of the stream
 * and closes them itself. The guard holds its own duplicate of each socket, so
 * the descriptor it shuts down is always that connection's, never a number the
 * kernel has since given to another. A body must arrive at a minimum rate
 * (nt_guard_body_late), checked as it comes.
 */
#include "web/guard.h"

#include "web/http.h"

#include "base/log.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct conn_track {
    struct conn_track *prev, *next;
    int fd;                   /* our duplicate of the connection's socket */
    _Atomic int64_t phase_ms; /* when the wait for the current request's headers began */
    atomic_bool in_request;   /* headers are in: the request handler has it */
    bool shut;
} conn_track;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static conn_track head = {&head, &head, -1, 0, false, false};
static int header_ms = 20000;
static atomic_bool running;
static pthread_t reaper;
static atomic_long reaped;

int64_t nt_guard_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *reap(void *arg)
{
    (void)arg;
    while (atomic_load(&running)) {
        struct timespec one = {1, 0};
        nanosleep(&one, NULL);
        int64_t now = nt_guard_now_ms();
        pthread_mutex_lock(&lock);
        for (conn_track *c = head.next; c != &head; c = c->next) {
            if (c->shut || atomic_load(&c->in_request)) continue;
            if (now - atomic_load(&c->phase_ms) > header_ms) {
                shutdown(c->fd, SHUT_RDWR);
                c->shut = true;
                atomic_fetch_add(&reaped, 1);
            }
        }
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int nt_guard_start(int header_seconds)
{
    header_ms = header_seconds * 1000;
    atomic_store(&running, true);
    if (pthread_create(&reaper, NULL, reap, NULL) != 0) {
        atomic_store(&running, false);
        return NT_EIO;
    }
    return 0;
}

void nt_guard_stop(void)
{
    if (!atomic_exchange(&running, false)) return;
    pthread_join(reaper, NULL);
    if (atomic_load(&reaped)) nt_info("%ld koneksi lambat ditutup", (long)atomic_load(&reaped));
}

void nt_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        int fd = ci ? dup(ci->connect_fd) : -1;
        if (fd < 0) return; /* untracked: the idle timeout still applies */
        conn_track *c = calloc(1, sizeof *c);
        if (!c) {
            close(fd);
            return;
        }
        c->fd = fd;
        atomic_store(&c->phase_ms, nt_guard_now_ms());
        pthread_mutex_lock(&lock);
        c->next = &head;
        c->prev = head.prev;
        head.prev->next = c;
        head.prev = c;
        pthread_mutex_unlock(&lock);
        *socket_ctx = c;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conn_track *c = *socket_ctx;
        if (!c) return;
        pthread_mutex_lock(&lock);
        c->prev->next = c->next;
        c->next->prev = c->prev;
        pthread_mutex_unlock(&lock);
        close(c->fd);
        free(c);
        *socket_ctx = NULL;
    }
}

static conn_track *track_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void nt_guard_request_begins(struct MHD_Connection *conn)
{
    conn_track *c = track_of(conn);
    if (c) atomic_store(&c->in_request, true);
}

void nt_guard_request_ends(struct MHD_Connection *conn)
{
    conn_track *c = track_of(conn);
    if (!c) return;
    atomic_store(&c->phase_ms, nt_guard_now_ms()); /* a kept-alive connection waits again */
    atomic_store(&c->in_request, false);
}

bool nt_guard_body_late(int64_t began_ms, size_t received)
{
    /* the header limit for a start, then at least NT_GUARD_MIN_RATE bytes a second */
    int64_t allowed = header_ms + (int64_t)(received / NT_GUARD_MIN_RATE) * 1000;
    return nt_guard_now_ms() - began_ms > allowed;
}
