/*
 * notify.h - the messages Netral sends (e-mail, and the same text through an HTTP gateway):
 * which ones exist, who receives each and the fields each may use. Their wording is rule data
 * (data/rules/notifications.json); a template naming a field its message does not have is
 * refused when the rules load.
 */
#ifndef NT_NOTIFY_H
#define NT_NOTIFY_H

#include "base/nt.h"

#include <jansson.h>

typedef enum { NT_NOTIFY_REPORTER, NT_NOTIFY_STAFF } nt_notify_audience;

typedef struct nt_notify_kind {
    const char *id;
    nt_notify_audience to;
    const char *label; /* for the preferences page */
    const char *const *fields;
} nt_notify_kind;

/* Every message, ending with {NULL}. */
extern const nt_notify_kind nt_notify_kinds[];
const nt_notify_kind *nt_notify_kind_of(const char *id);

/* Whether id is one of the comma-separated kinds in list (a user's messages turned off). */
bool nt_notify_listed(const char *list, const char *id);
/* Checks one template {subject, body} of kind k: every {{field}} is one of k's fields. */
int nt_notify_check(const nt_notify_kind *k, json_t *tmpl, nt_err *err);
/* The text with each {{field}} replaced by vars' string (malloc'd); unknown fields were
 * refused at load, a field without a value becomes empty. */
char *nt_notify_render(const char *text, json_t *vars);

#endif
