/*
 * pages_common.c - what every HTML page handler checks first: a staff session and the form's
 * CSRF token. The pages live in pages_public.c (portal and login), pages_cases.c (inbox, case
 * page and its steps, reported ASN, due list, person page), pages_dashboard.c, pages_patrol.c
 * and pages_admin.c (users, audit log, registry). Forms work without JavaScript; every change
 * posts a CSRF token from the session.
 */
#include "web/pages_int.h"

#include <sodium.h>
#include <string.h>

bool nt_page_staff(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION) return true;
    nt_respond_redirect(r, "/masuk");
    return false;
}

bool nt_page_csrf_ok(nt_req *r)
{
    const char *t = nt_form(r, "csrf");
    if (t && strlen(t) == strlen(r->csrf) && sodium_memcmp(t, r->csrf, strlen(t)) == 0) return true;
    nt_respond_msg(r, 403, "csrf", "csrf", "token formulir tidak cocok; muat ulang halaman");
    return false;
}

/* The message in the user's words: "kolom 'uraian' wajib diisi" becomes "Uraian kejadian
 * wajib diisi" (the store names fields; the page names them by their labels). */
char *nt_form_humane(const char *msg, const char *field, const char *label)
{
    const char *base = strrchr(field, '.') ? strrchr(field, '.') + 1 : field;
    char needle[80];
    snprintf(needle, sizeof needle, "kolom '%s'", base);
    const char *at = *base ? strstr(msg, needle) : NULL;
    char *out = at ? nt_xasprintf("%.*s%s%s", (int)(at - msg), msg, label, at + strlen(needle))
                   : nt_xstrdup(msg);
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 32); /* a sentence */
    return out;
}

void nt_form_refused(nt_req *r, json_t *ctx, const nt_err *err, const nt_form_field *fields,
                     const char *const *files)
{
    /* what was typed, as typed (a password never comes back) */
    json_t *v = json_deep_copy(r->form ? r->form : json_object());
    json_object_del(v, "password");
    json_object_del(v, "current_password");
    json_object_del(v, "csrf");
    json_object_set_new(ctx, "v", v);
    json_t *wrong = json_object(), *summary = json_array();
    const nt_form_field *f = NULL;
    /* a step's inputs are "data.x" to the store, and sometimes just "x" */
    const char *ef = err && !strncmp(err->field, "data.", 5) ? err->field + 5
                     : err                                   ? err->field
                                                             : "";
    for (const nt_form_field *x = fields; x && x->field; x++) {
        const char *xf = !strncmp(x->field, "data.", 5) ? x->field + 5 : x->field;
        if (err && !strcmp(xf, ef)) f = x;
    }
    if (err && err->msg[0]) {
        char *msg = f ? nt_form_humane(err->msg, f->field, f->label) : nt_xstrdup(err->msg);
        if (f) json_object_set_new(wrong, f->id, json_string(msg));
        json_array_append_new(summary, json_pack("{ss ss ss}", "id", f ? f->id : "", "label",
                                                 f ? f->label : "", "pesan", msg));
        free(msg);
    }
    json_object_set_new(ctx, "salah", wrong);
    json_object_set_new(ctx, "ringkasan_ada", json_boolean(json_array_size(summary) > 0));
    json_object_set_new(ctx, "ringkasan", summary);
    json_t *again = json_array();
    for (const char *const *p = files; p && *p; p++)
        if (**p) json_array_append_new(again, json_string(*p));
    json_object_set_new(ctx, "berkas_lagi_ada", json_boolean(json_array_size(again) > 0));
    json_object_set_new(ctx, "berkas_lagi", again);
}

/* Percent-encodes v for a query string. */
static void url_add(nt_buf *b, const char *k, const char *v)
{
    if (b->len) nt_buf_addc(b, '&');
    nt_buf_printf(b, "%s=", k);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p))
            nt_buf_addc(b, (char)*p);
        else
            nt_buf_printf(b, "%%%02X", *p);
    }
}

/* ctx.qs: the list's filters (not its page) as a query string, for export links and paging. */
void nt_page_query_string(json_t *ctx, json_t *f)
{
    nt_buf qs = {0};
    const char *k;
    json_t *v;
    json_object_foreach(f, k, v)
    {
        if (!strcmp(k, "offset") || !strcmp(k, "limit")) continue;
        char num[24];
        if (json_is_integer(v)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        url_add(&qs, k, json_is_integer(v) ? num : json_is_string(v) ? json_string_value(v) : "");
    }
    json_object_set_new(ctx, "qs", json_string(qs.p ? qs.p : ""));
    nt_buf_free(&qs);
}

json_t *nt_page_filter(nt_req *r, const char *const *ints)
{
    json_t *f = nt_req_query_json(r, ints);
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(f, tmp, k, v)
    {
        if (json_is_string(v) && !*json_string_value(v)) json_object_del(f, k);
    }
    return f;
}

const nt_reporter_field nt_reporter_fields[] = {
    {"nama", "Nama lengkap", NULL, "name", true},
    {"tempat_lahir", "Tempat lahir", NULL, NULL, false},
    {"tanggal_lahir", "Tanggal lahir", NULL, NULL, false},
    {"jenis_kelamin", "Jenis kelamin", NULL, NULL, false},
    {"pekerjaan", "Pekerjaan", NULL, NULL, true},
    {"kewarganegaraan", "Kewarganegaraan", NULL, NULL, false},
    {"alamat", "Alamat", NULL, "street-address", true},
    {"telepon", "Telepon", "tel", "tel", true},
    {"email", "E-mail", "email", "email", true},
    {NULL, NULL, NULL, NULL, false},
};

json_t *nt_page_options(json_t *rows, const char *idkey, const char *labelkey, json_t *chosen)
{
    json_t *out = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row)
    {
        json_t *id = json_object_get(row, idkey);
        char idbuf[32];
        const char *ids =
            json_is_integer(id)
                ? (snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_integer_value(id)), idbuf)
                : json_string_value(id);
        bool sel = chosen &&
                   (json_is_integer(chosen)
                        ? json_equal(chosen, id)
                        : json_is_string(chosen) && ids && !strcmp(json_string_value(chosen), ids));
        json_array_append_new(out, json_pack("{ss sO sb}", "value", ids ? ids : "", "label",
                                             json_object_get(row, labelkey), "selected", sel));
    }
    json_decref(rows);
    return out;
}
