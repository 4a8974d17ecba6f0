/*
 * docs.h - official documents drawn from a case: the kinds and their wording are rule data
 * (data/rules/documents.json, per regime), the facts come from a read model (a JSON context
 * the store builds), and the result is an A4 PDF laid out by Pango on Cairo with a QR code
 * that leads to the verification page.
 *
 * Composition is pure (context + wording -> a list of resolved blocks); rendering turns the
 * blocks into PDF bytes; nt_doc_issue (issue.c) ties them to the store: the context, the
 * number, the record and the audit entry, all or nothing.
 */
#ifndef NT_DOCS_H
#define NT_DOCS_H

#include "base/nt.h"
#include "rules/ruleset.h"

#include <jansson.h>

typedef struct nt_store nt_store;
typedef struct nt_actor nt_actor;

/* Whether the case (its read model: route, state, reported ASN) allows the kind: 0, or
 * NT_ENOTFOUND (no such kind) / NT_ECONFLICT with the reason in words. */
int nt_doc_allowed(const nt_rules *r, const char *kind, const json_t *kasus, nt_err *err);

/* Whether one of these roles (nt_role bits) may issue the kind (documents.json "roles"). */
bool nt_doc_may_issue(const json_t *kind, unsigned roles);

/* Checks what the officer typed for a kind (its "fields"): required ones present, dates
 * real, choices known, lengths bounded, questions and answers well formed. *clean (owned)
 * holds only the kind's fields. NT_EINVAL lists every problem in one message. */
int nt_doc_check_fields(const nt_rules *r, const char *kind, const json_t *isian, json_t **clean,
                        nt_err *err);

/* Composes the document from the context: {jenis, label, judul, model, kop, nomor, blok[]}
 * with every {path} resolved. NT_EINVAL names every field the document cannot do without
 * ("kurang: nama pelapor, ...") and composes nothing. *out is owned by the caller. */
int nt_doc_compose(const nt_rules *r, const char *kind, const json_t *ctx, json_t **out,
                   nt_err *err);

/* What a rendered page carries besides the blocks. */
typedef struct nt_pdf_meta {
    const char *verify_url; /* the QR code and the footer's address */
    const char *hash;       /* the document's SHA-256 (hex) */
    const char *code;       /* the verification code */
    const char *logo_path;  /* a PNG, or NULL */
    const char *author;     /* the office, for the PDF's metadata */
    int64_t issued_at; /* the PDF's creation date (so the same document gives the same bytes) */
} nt_pdf_meta;

/* Renders a composed document as A4 PDF into out (appended). *pages: the page count. */
int nt_pdf_render(const json_t *doc, const nt_pdf_meta *m, nt_buf *out, int *pages, nt_err *err);

/* The SHA-256 (hex) of a composed document: its canonical JSON (sorted keys, compact). */
void nt_doc_hash(const json_t *doc, char hex[65]);

/* Issues a document of a case as the actor: checks the kind against the case's state, the
 * officer's fields and the facts it needs; numbers it; renders it; records it (replacing an
 * earlier different version of the same kind) and audits it, in one transaction. The same
 * content issued again keeps its number and code. pdf receives the file; *meta (owned):
 * {kode, nomor, jenis, label, sha256, sha256_pdf, halaman, url_verifikasi, baru}. */
int nt_doc_issue(nt_store *st, const nt_actor *a, int64_t case_id, const char *kind,
                 const json_t *isian, nt_buf *pdf, json_t **meta, nt_err *err);

/* The kinds a case allows now that these roles may issue, for its page: [{id, label, model,
 * isian: bool}]. */
json_t *nt_doc_kinds_for(const nt_rules *r, const json_t *kasus, unsigned roles);

#endif
