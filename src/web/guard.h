/* guard.h - bounds on slow clients (guard.c), for the server glue. */
#ifndef NT_GUARD_H
#define NT_GUARD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The headers of each request must arrive within header_seconds of the connection (or of the
 * previous response on a kept-alive one), and the body at NT_GUARD_MIN_RATE bytes a second after
 * that; connections that do not are closed. */
#define NT_GUARD_MIN_RATE 2048
int nt_guard_start(int header_seconds);
void nt_guard_stop(void);
/* MHD_OPTION_NOTIFY_CONNECTION: tracks each connection from its accept to its close. */
void nt_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode code);
/* A request's headers are in (the handler has it) / its response is done. */
void nt_guard_request_begins(struct MHD_Connection *conn);
void nt_guard_request_ends(struct MHD_Connection *conn);
/* Whether a body begun at began_ms has arrived too slowly, with `received` bytes so far. */
bool nt_guard_body_late(int64_t began_ms, size_t received);
int64_t nt_guard_now_ms(void);

#endif
