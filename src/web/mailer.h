/* mailer.h - the outbox's SMTP sender (mailer.c). */
#ifndef NT_MAILER_H
#define NT_MAILER_H

#include "store/store.h"

typedef struct nt_mail_config {
    const char *url;  /* smtp://host:port (or smtps://); NULL: nothing is sent */
    const char *from; /* the sender's address */
    const char *user, *password;
    int timeout_s;
    /* the HTTP gateway (a WhatsApp Business or SMS provider) for messages to a phone: its URL,
     * one header ("Authorization: Bearer ..."), and the rules' JSON body template */
    const char *gateway_url, *gateway_header;
    const json_t *gateway_body;
} nt_mail_config;

/* Sends one message; 0, or -1 with the reason in error. */
int nt_smtp_send(const nt_mail_config *mc, const char *to, const char *subject, const char *body,
                 const char *message_id, char *error, size_t error_len);
/* Posts one message to the gateway: 0 on a 2xx answer, or -1 with the reason in error. */
int nt_gateway_send(const nt_mail_config *mc, const char *to, const char *subject, const char *body,
                    char *error, size_t error_len);
/* Delivers what is due now from st's outbox; how many were sent, or -1. */
int nt_mailer_pass(nt_store *st, const nt_mail_config *mc);
/* The sender thread, with a store of its own (sc); nothing when mc has no url. */
int nt_mailer_start(const nt_mail_config *mc, const nt_store_config *sc);
void nt_mailer_stop(void);

#endif
