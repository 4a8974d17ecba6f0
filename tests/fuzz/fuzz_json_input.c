/*
 * fuzz_json_input.c - JSON bodies into the election importer, case intake and
 * a transition, as the API would pass them, and into every rule-data parser
 * (catalogue, regimes, holidays, authority, zones, privacy); every write is
 * rolled back.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nt_actor admin;
    nt_store *st = fuzz_store(&admin);
    static const char *docs[] = {"catalogue", "regimes", "holidays", "authority",
                                 "zones",     "privacy", "pledges",  "documents"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        nt_rules r;
        memset(&r, 0, sizeof r);
        nt_err re = {0};
        nt_rules_parse(&r, docs[i], (const char *)data, size, &re);
        nt_rules_free(&r);
    }
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!doc) return 0;
    nt_err e = {0};
    if (nt_store_batch_begin(st, &e)) abort();
    nt_election_import(st, &admin, doc, &e);
    json_t *out = NULL;
    if (nt_case_create(st, &admin, doc, &out, &e) == 0) {
        int64_t id = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
        out = NULL;
        nt_case_update(st, &admin, id, doc, &e);
        nt_case_transition(st, &admin, id, doc, &out, &e);
        json_decref(out);
        out = NULL;
        nt_case_get(st, &admin, id, &out, &e);
    }
    json_decref(out);
    nt_store_batch_end(st, false, &e);
    json_decref(doc);
    return 0;
}
