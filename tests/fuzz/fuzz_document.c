/*
 * fuzz_document.c - a document composed and drawn from any JSON: {jenis, isian, kasus, ...}
 * as the officer's fields (checked as the API checks them) and the case's context (whatever
 * shape), then laid out as PDF. Nothing may crash, leak or loop, whatever the text.
 */
#include "docs/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static nt_rules rules;
    static bool loaded;
    if (!loaded) {
        nt_err e = {0};
        if (nt_rules_load_dir(&rules, NT_TEST_DATADIR, &e)) abort();
        loaded = true;
    }
    json_t *in = json_loadb((const char *)data, size, 0, NULL);
    if (!json_is_object(in)) {
        json_decref(in);
        return 0;
    }
    const char *kind = json_string_value(json_object_get(in, "jenis"));
    if (!kind) { /* one of the kinds, by the input's length */
        json_t *kinds = json_object_get(rules.documents, "kinds");
        kind = json_string_value(
            json_object_get(json_array_get(kinds, size % json_array_size(kinds)), "id"));
    }
    nt_err e = {0};
    json_t *clean = NULL, *doc = NULL;
    nt_doc_check_fields(&rules, kind, json_object_get(in, "isian"), &clean, &e);
    json_object_set_new(in, "isian", clean ? clean : json_object());
    nt_doc_allowed(&rules, kind, json_object_get(in, "kasus"), &e);
    json_decref(nt_doc_kinds_for(&rules, json_object_get(in, "kasus"), 2));
    if (nt_doc_compose(&rules, kind, in, &doc, &e) == 0) {
        char hash[65];
        nt_doc_hash(doc, hash);
        nt_pdf_meta m = {.verify_url = "https://netral.test/verifikasi/0123?h=00",
                         .hash = hash,
                         .code = "0123",
                         .author = "fuzz",
                         .issued_at = 1};
        nt_buf pdf = {0};
        int pages = 0;
        if (size < 16384) nt_pdf_render(doc, &m, &pdf, &pages, &e);
        nt_buf_free(&pdf);
        json_decref(doc);
    }
    json_decref(in);
    return 0;
}
