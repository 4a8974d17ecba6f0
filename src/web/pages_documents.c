/*
 * pages_documents.c - official documents in the browser: the form of a kind that needs the
 * officer's input (an invitation's date and place, a minutes' questions and answers), issuing
 * it as a PDF download, and the public page that checks a printed letter's QR code.
 *
 * A refused issue comes back as the form the officer left, with the reason; nothing is
 * recorded. The minutes' questions are pairs of fields; "Tambah pertanyaan" posts the form
 * back with more empty pairs, so no script is needed and nothing typed is lost.
 */
#include "web/pages_int.h"

#include "docs/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QA_ROWS_MAX 400 /* pairs one form carries */

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The form's question-and-answer pair n (tanya_n, jawab_n): false past the last one sent. */
static bool qa_pair(nt_req *r, int n, const char **q, const char **a)
{
    char qk[32], ak[32];
    snprintf(qk, sizeof qk, "tanya_%d", n);
    snprintf(ak, sizeof ak, "jawab_%d", n);
    *q = nt_form(r, qk);
    *a = nt_form(r, ak);
    return *q || *a;
}

/* The kind's fields as the form draws them, with what was typed (from the form, if any). */
static json_t *form_fields(nt_req *r, const json_t *kind, int extra_rows)
{
    json_t *out = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(kind, "fields"), i, f)
    {
        const char *name = jstr(f, "name"), *type = jstr(f, "type");
        json_t *o = json_pack("{ss ss sb}", "name", name, "label", jstr(f, "label"), "wajib",
                              json_is_true(json_object_get(f, "required")));
        if (!strcmp(type, "qa")) {
            json_t *rows = json_array();
            int last = 0;
            const char *q, *a;
            for (int n = 1; n <= QA_ROWS_MAX && qa_pair(r, n, &q, &a); n++) {
                json_array_append_new(rows, json_pack("{si ss ss}", "n", n, "tanya", q ? q : "",
                                                      "jawab", a ? a : ""));
                last = n;
            }
            for (int n = last + 1; n <= last + extra_rows && n <= QA_ROWS_MAX; n++)
                json_array_append_new(rows,
                                      json_pack("{si ss ss}", "n", n, "tanya", "", "jawab", ""));
            json_object_set_new(o, "qa", json_true());
            json_object_set_new(o, "baris", rows);
        } else if (json_is_array(json_object_get(f, "choices"))) {
            json_t *opts = json_array();
            size_t j;
            json_t *c;
            const char *v = nt_form(r, name);
            json_array_foreach(json_object_get(f, "choices"), j, c) json_array_append_new(
                opts, json_pack("{ss sb}", "nilai", json_string_value(c), "dipilih",
                                v && !strcmp(v, json_string_value(c))));
            json_object_set_new(o, "pilihan", opts);
            json_object_set_new(o, "ada_pilihan", json_true());
        } else {
            json_object_set_new(o, "nilai", json_string(nt_form(r, name) ? nt_form(r, name) : ""));
            json_object_set_new(o,
                                !strcmp(type, "text")   ? "teks"
                                : !strcmp(type, "date") ? "tanggal"
                                                        : "baris_satu",
                                json_true());
        }
        json_array_append_new(out, o);
    }
    return out;
}

/* What the form posted as the kind's input (the questions as pairs, empty pairs dropped). */
static json_t *posted_fields(nt_req *r, const json_t *kind)
{
    json_t *in = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(kind, "fields"), i, f)
    {
        const char *name = jstr(f, "name");
        if (!strcmp(jstr(f, "type"), "qa")) {
            json_t *qa = json_array();
            const char *q, *a;
            for (int n = 1; n <= QA_ROWS_MAX && qa_pair(r, n, &q, &a); n++) {
                if ((q && *q) || (a && *a))
                    json_array_append_new(
                        qa, json_pack("{ss ss}", "tanya", q ? q : "", "jawab", a ? a : ""));
            }
            json_object_set_new(in, name, qa);
        } else if (nt_form(r, name)) {
            json_object_set_new(in, name, json_string(nt_form(r, name)));
        }
    }
    return in;
}

static void form_page(nt_req *r, unsigned status, int64_t id, const json_t *kind, const char *error,
                      int extra_rows)
{
    json_t *ctx = json_object(), *c = NULL;
    nt_err err = {0};
    if (nt_case_get(r->st, &r->actor, id, &c, &err)) {
        json_object_set_new(ctx, "error", json_string(err.msg));
        nt_respond_page(r, nt_http_status(err.code ? err.code : NT_ENOTFOUND), "dokumen.html",
                        "Dokumen", ctx);
        return;
    }
    json_object_set_new(ctx, "kasus", c);
    json_object_set_new(ctx, "jenis", json_string(jstr(kind, "id")));
    json_object_set_new(ctx, "label", json_string(jstr(kind, "label")));
    json_object_set_new(ctx, "isian", form_fields(r, kind, extra_rows));
    if (error) json_object_set_new(ctx, "error", json_string(error));
    nt_respond_page(r, status, "dokumen.html", jstr(kind, "label"), ctx);
}

static const json_t *kind_of(nt_req *r)
{
    char kind[64];
    nt_req_param(r, 1, kind, sizeof kind);
    return nt_rules_document(nt_store_rules(r->st), kind);
}

/* Issues the kind for the case and answers with the PDF (0), or returns the refusal (nothing
 * answered, err filled). Consumes in. */
static int issue_and_send(nt_req *r, int64_t id, const json_t *kind, json_t *in, nt_err *err)
{
    json_t *meta = NULL;
    nt_buf pdf = {0};
    int rc = nt_doc_issue(r->st, &r->actor, id, jstr(kind, "id"), in, &pdf, &meta, err);
    json_decref(in);
    if (rc) {
        nt_buf_free(&pdf);
        return rc;
    }
    char name[160];
    snprintf(name, sizeof name, "%s-kasus-%lld-%s.pdf", jstr(kind, "id"), (long long)id,
             jstr(meta, "kode"));
    json_decref(meta);
    size_t len;
    char *data = nt_buf_detach(&pdf, &len);
    nt_respond_bytes(r, data, len, "application/pdf", name);
    return 0;
}

void nt_h_doc_form(nt_req *r)
{
    if (!nt_page_staff(r)) return;
    const json_t *kind = kind_of(r);
    if (!kind) {
        nt_respond_msg(r, 404, "not_found", "jenis", "jenis dokumen tidak dikenal");
        return;
    }
    form_page(r, 200, nt_req_param_id(r, 0), kind, NULL, 3);
}

void nt_h_doc_issue(nt_req *r)
{
    if (!nt_page_staff(r) || !nt_page_csrf_ok(r)) return;
    int64_t id = nt_req_param_id(r, 0);
    const json_t *kind = kind_of(r);
    if (!kind) {
        nt_respond_msg(r, 404, "not_found", "jenis", "jenis dokumen tidak dikenal");
        return;
    }
    if (nt_form(r, "tambah")) { /* more empty question pairs, nothing issued */
        form_page(r, 200, id, kind, NULL, 5);
        return;
    }
    nt_err err = {0};
    int rc = issue_and_send(r, id, kind, posted_fields(r, kind), &err);
    if (rc) form_page(r, nt_http_status(rc), id, kind, err.msg, 0);
}

/* Public: does this code stand for a document Netral issued, and is it still the current one? */
void nt_h_verify_page(nt_req *r)
{
    char code[48];
    nt_req_param(r, 0, code, sizeof code);
    const char *h = nt_req_query(r, "h");
    json_t *ctx = json_object(), *out = NULL;
    nt_err err = {0};
    json_object_set_new(ctx, "kode", json_string(code));
    json_object_set_new(ctx, "h", json_string(h ? h : ""));
    json_object_set_new(ctx, "dengan_hash", json_boolean(h && *h));
    int rc = nt_doc_verify(r->st, code, h, &out, &err);
    if (rc) {
        json_object_set_new(ctx, "tidak_dikenal", json_string(err.msg));
    } else {
        bool match = !json_is_false(json_object_get(out, "cocok"));
        bool current = json_is_true(json_object_get(out, "berlaku"));
        json_object_set_new(ctx,
                            match && current ? "asli"
                            : !match         ? "tidak_cocok"
                                             : "diganti",
                            json_true());
        json_object_set_new(ctx, "d", out);
    }
    nt_respond_page(r, rc ? 404 : 200, "verifikasi.html", "Verifikasi dokumen", ctx);
}

void nt_h_verify_form(nt_req *r)
{
    const char *code = nt_req_query(r, "kode");
    /* codes are hex digits; anything else goes nowhere (and never into a header) */
    if (code && *code && strlen(code) <= 32 && strspn(code, "0123456789abcdef") == strlen(code)) {
        char loc[200];
        const char *h = nt_req_query(r, "h");
        snprintf(loc, sizeof loc, "/verifikasi/%s%s%.64s", code, h && *h ? "?h=" : "",
                 h && *h && strlen(h) <= 64 && strspn(h, "0123456789abcdef") == strlen(h) ? h : "");
        nt_respond_redirect(r, loc);
        return;
    }
    nt_respond_page(r, 200, "verifikasi.html", "Verifikasi dokumen",
                    json_pack("{sb}", "formulir", 1));
}

/* API: POST /api/v1/cases/{id}/documents/{kind} with the officer's input as JSON -> the PDF. */
void nt_h_api_doc_issue(nt_req *r)
{
    const json_t *kind = kind_of(r);
    if (!kind) {
        nt_respond_msg(r, 404, "not_found", "jenis", "jenis dokumen tidak dikenal");
        return;
    }
    json_t *in = r->body.len ? nt_req_json(r) : json_object();
    if (!in) return;
    nt_err err = {0};
    if (issue_and_send(r, nt_req_param_id(r, 0), kind, in, &err)) nt_respond_error(r, &err);
}

/* API: GET /api/v1/verify/{code}?h=HASH (public) */
void nt_h_api_doc_verify(nt_req *r)
{
    char code[48];
    nt_req_param(r, 0, code, sizeof code);
    json_t *out = NULL;
    nt_err err = {0};
    int rc = nt_doc_verify(r->st, code, nt_req_query(r, "h"), &out, &err);
    nt_respond_result(r, rc, &err, 200, out);
}
