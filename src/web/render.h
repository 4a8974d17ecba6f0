/*
 * render.h - HTML pages from Mustache templates built into the binary
 * (web/templates/, rendered with kainjow-mustache through render.cc).
 *
 * {{name}} is HTML-escaped; nothing a user typed can reach a page unescaped.
 * The one unescaped slot, {{{body}}}, is the layout's page body, which is
 * itself a rendered template. Data comes from jansson values: objects,
 * arrays (sections), strings, numbers, booleans.
 */
#ifndef NT_RENDER_H
#define NT_RENDER_H

#include "base/nt.h"

#include <jansson.h>

/* Renders template `name` (e.g. "lapor.html") with ctx into out; 0 or -1 with err. */
int nt_render(const char *name, json_t *ctx, nt_buf *out, char *err, size_t errlen);
/* Whether u may be a link on a page: a path on this site or an http(s) URL. The renderer applies
 * it to every "url", "href" and "aksi" value: one that fails is not rendered as a link (the
 * value is offered as "<key>_teks", to show as text). */
bool nt_link_safe(const char *u);
/* An embedded static file (web/static/NAME), or NULL. */
const char *nt_static_file(const char *name, size_t *len);

#endif
