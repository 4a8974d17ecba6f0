/* pages_int.h - what the page handlers share (src/web/pages_*.c). */
#ifndef NT_PAGES_INT_H
#define NT_PAGES_INT_H

#include "web/api.h"

/* A signed-in staff session, or a redirect to the login page (false). */
bool nt_page_staff(nt_req *r);
/* The form's CSRF token matches the session's, or a 403 page (false). */
bool nt_page_csrf_ok(nt_req *r);

/* A field of a form: the store's name for it (nt_err.field), the input's id on the page, and
 * its label as the page shows it. */
typedef struct nt_form_field {
    const char *field, *id, *label;
} nt_form_field;
/* A refused form comes back as the user left it: ctx gets "v" (every value typed, never a
 * password), "salah" {input id: the message beside it, in the field's own words}, a summary
 * for the top of the page ("ringkasan", each {id, label, pesan} linking to its field; the
 * partial _ringkasan.html draws it) and the files to choose again by name ("berkas_lagi"). */
/* A store message in the user's words: "kolom 'uraian' wajib diisi" -> "Uraian kejadian wajib
 * diisi" (malloc'd). */
char *nt_form_humane(const char *msg, const char *field, const char *label);
void nt_form_refused(nt_req *r, json_t *ctx, const nt_err *err, const nt_form_field *fields,
                     const char *const *files);

/* The reporter's identity as pages name it (the store's fields, in the form's order): the
 * public form asks for those on_form; the identity view shows every one given. */
typedef struct nt_reporter_field {
    const char *key, *label, *type, *autocomplete;
    bool on_form;
} nt_reporter_field;
extern const nt_reporter_field nt_reporter_fields[];
/* A list page's filters from its query string: the keys in ints as integers, empty fields
 * dropped (a form sends every field, filled or not). */
json_t *nt_page_filter(nt_req *r, const char *const *ints);
/* ctx.qs: a list's filters f (not its page: offset, limit, sebelum) as a query string, for
 * export links and paging. */
void nt_page_query_string(json_t *ctx, json_t *f);
/* A <select>'s options [{value, label, selected}] from rows (taken), by their id and label
 * keys, marking the chosen value. */
json_t *nt_page_options(json_t *rows, const char *idkey, const char *labelkey, json_t *chosen);
/* A case field's label as the case forms show it ("tanggal_kejadian": "Tanggal kejadian"). */
const char *nt_case_field_label(const char *field);

/* A map of the regions around `focus` (nt_map_draw), each painted from paint {code: {fill,
 * href?, title?, label?}}: regions of the reader's scope without paint and those outside it
 * grey, the focus outlined; legend (taken) gets the entries for grey and the outline.
 * {shapes, height, legend}, drawn by the partial _peta.html. */
json_t *nt_page_region_map(nt_req *r, const char *focus, json_t *paint, json_t *legend);
/* The risk index (list: nt_risk_list) on that map, each region linking to its page, with
 * its table; for the dashboard and /risiko. */
json_t *nt_page_risk_map(nt_req *r, json_t *list, const char *focus);

#endif
