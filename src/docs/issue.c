/*
 * issue.c - issuing a document of a case: the store's facts, the wording, the number, the
 * PDF and the record, all or nothing (docs.h).
 *
 * The content is composed twice: first without its number, which gives the "basis" hash (the
 * same content issued again is the same letter, with the same number and code), then with
 * the number the store takes inside its transaction. The QR code carries the verification
 * address with the content's hash.
 */
#include "docs/docs.h"

#include "base/date.h"
#include "rules/workflow.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

typedef struct issue {
    nt_store *st;
    const nt_rules *r;
    const char *kind;
    json_t *ctx;
    nt_buf *pdf;
} issue;

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* documents.json number_format: {urut} {kode} {kantor.kode_surat} {bulan_romawi} {tahun} */
static void number_of(const issue *is, int64_t seq, int month, int year, char *out, size_t n)
{
    const json_t *k = nt_rules_document(is->r, is->kind);
    const char *f = jstr(is->r->documents, "number_format");
    nt_buf b = {0};
    while (*f) {
        const char *close = *f == '{' ? strchr(f, '}') : NULL;
        if (!close) {
            nt_buf_addc(&b, *f++);
            continue;
        }
        size_t len = (size_t)(close - f - 1);
        const char *ref = f + 1;
        if (len == 4 && !memcmp(ref, "urut", 4))
            nt_buf_printf(&b, "%03lld", (long long)seq);
        else if (len == 4 && !memcmp(ref, "kode", 4))
            nt_buf_adds(&b, jstr(k, "kode"));
        else if (len == 17 && !memcmp(ref, "kantor.kode_surat", 17))
            nt_buf_adds(&b, jstr(json_object_get(is->ctx, "kantor"), "kode_surat"));
        else if (len == 12 && !memcmp(ref, "bulan_romawi", 12))
            nt_buf_adds(&b, nt_month_roman(month));
        else if (len == 5 && !memcmp(ref, "tahun", 5))
            nt_buf_printf(&b, "%d", year);
        f = close + 1;
    }
    nt_buf_addc(&b, '\0');
    nt_strlcpy(out, b.p, n);
    nt_buf_free(&b);
}

static int render(void *arg, int64_t seq, int month, int year, const char *code, char *number,
                  size_t number_len, char hash[65], char pdf_hash[65], int *pages, nt_err *err)
{
    issue *is = arg;
    if (!*number) number_of(is, seq, month, year, number, number_len);
    json_object_set_new(json_object_get(is->ctx, "dokumen"), "nomor", json_string(number));
    json_t *doc = NULL;
    int rc = nt_doc_compose(is->r, is->kind, is->ctx, &doc, err);
    if (rc) return rc;
    nt_doc_hash(doc, hash);
    const json_t *kantor = json_object_get(is->ctx, "kantor");
    char url[600];
    snprintf(url, sizeof url, "%s%s%s?h=%s", nt_store_public_url(is->st),
             jstr(is->r->documents, "verify_path"), code, hash);
    nt_pdf_meta m = {.verify_url = url,
                     .hash = hash,
                     .code = code,
                     .logo_path = jstr(kantor, "logo_path"),
                     .author = jstr(kantor, "nama"),
                     .issued_at = nt_now()};
    /* the PDF's dates are the day's start, so a reprint the same day gives the same bytes */
    m.issued_at -= m.issued_at % 86400;
    size_t before = is->pdf->len;
    rc = nt_pdf_render(doc, &m, is->pdf, pages, err);
    json_decref(doc);
    if (rc) return rc;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)is->pdf->p + before, is->pdf->len - before);
    sodium_bin2hex(pdf_hash, 65, h, sizeof h);
    return 0;
}

int nt_doc_issue(nt_store *st, const nt_actor *a, int64_t case_id, const char *kind,
                 const json_t *isian, nt_buf *pdf, json_t **meta, nt_err *err)
{
    *meta = NULL;
    const nt_rules *r = nt_store_rules(st);
    const json_t *k = nt_rules_document(r, kind);
    if (!k)
        return nt_err_set(err, NT_ENOTFOUND, "jenis", "jenis dokumen '%s' tidak dikenal",
                          kind ? kind : "");
    if (!nt_doc_may_issue(k, a->roles))
        return nt_err_set(err, NT_EFORBIDDEN, NULL, "peran Anda tidak dapat menerbitkan %s",
                          jstr(k, "label"));
    json_t *kasus = NULL, *clean = NULL, *ctx = NULL, *draft = NULL;
    int rc = nt_case_get(st, a, case_id, &kasus, err);
    if (!rc) rc = nt_doc_allowed(r, kind, kasus, err);
    if (!rc) rc = nt_doc_check_fields(r, kind, isian, &clean, err);
    json_decref(kasus);
    if (!rc)
        rc = nt_doc_context(st, a, case_id, kind, json_is_true(json_object_get(k, "pelapor")), &ctx,
                            err);
    if (!rc) {
        char today[32];
        nt_date_format(nt_today(), today);
        json_object_set(ctx, "isian", clean);
        json_object_set_new(ctx, "dokumen", json_pack("{ss ss}", "tanggal", today, "nomor", ""));
        rc = nt_doc_compose(r, kind, ctx, &draft, err);
    }
    if (!rc) {
        char basis[65];
        nt_doc_hash(draft, basis);
        issue is = {.st = st, .r = r, .kind = kind, .ctx = ctx, .pdf = pdf};
        nt_doc_request rq = {.case_id = case_id,
                             .kind = kind,
                             .office = jstr(json_object_get(ctx, "kasus"), "kantor"),
                             .basis_hash = basis,
                             .fields = clean};
        rc = nt_doc_record(st, a, &rq, render, &is, meta, err);
    }
    if (!rc) {
        char url[600];
        snprintf(url, sizeof url, "%s%s%s", nt_store_public_url(st),
                 jstr(r->documents, "verify_path"), jstr(*meta, "kode"));
        json_object_set_new(*meta, "url_verifikasi", json_string(url));
        json_object_set_new(*meta, "label", json_string(jstr(k, "label")));
    }
    json_decref(draft);
    json_decref(ctx);
    json_decref(clean);
    return rc;
}
