/*
 * documents.c - the rule data of the official documents (documents.json): its shape is
 * checked when the rules load (every kind has its id, label, number code, title, routes,
 * states and blocks of known types), and a kind is found by its id. The wording itself is
 * free text, read by src/docs.
 */
#include "rules/ruleset.h"

#include <string.h>

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int bad(nt_err *err, const char *doc, const char *msg)
{
    return nt_err_set(err, NT_EINVAL, doc, "data aturan %s tidak sah: %s", doc, msg);
}

/* documents.json: every kind has its id, label, number code, title, routes, states ("*" or a
 * list) and blocks of known types, ids unique; the wording itself is free. */
int nt_rules_parse_documents(nt_rules *r, json_t *doc, nt_err *err)
{
    static const char *const types[] = {"judul", "sub", "p", "kv", "tabel", "daftar", "ttd"};
    json_t *kinds = json_object_get(doc, "kinds"), *k;
    if (!json_is_array(kinds) || !json_array_size(kinds) ||
        !json_is_string(json_object_get(doc, "number_format")))
        return bad(err, "documents", "kinds dan number_format wajib diisi");
    size_t i;
    json_array_foreach(kinds, i, k)
    {
        const char *id = str(k, "id");
        json_t *states = json_object_get(k, "states"), *blocks = json_object_get(k, "blocks");
        if (!*id || !*str(k, "label") || !*str(k, "kode") || !*str(k, "title") ||
            !json_is_array(json_object_get(k, "routes")) || !json_is_array(blocks) ||
            !(json_is_array(states) || (json_is_string(states) && !strcmp(str(k, "states"), "*"))))
            return nt_err_set(err, NT_EINVAL, "documents",
                              "data aturan documents tidak sah: jenis ke-%zu memerlukan id, "
                              "label, kode, title, routes, states dan blocks",
                              i + 1);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(str(json_array_get(kinds, j), "id"), id))
                return nt_err_set(err, NT_EINVAL, "documents",
                                  "data aturan documents tidak sah: jenis %s ganda", id);
        size_t b;
        json_t *x;
        json_array_foreach(blocks, b, x)
        {
            bool known = false;
            for (size_t t = 0; t < NT_ARRAY_LEN(types); t++)
                known |= !strcmp(str(x, "t"), types[t]);
            if (!known)
                return nt_err_set(err, NT_EINVAL, "documents",
                                  "data aturan documents tidak sah: %s blok ke-%zu berjenis '%s'",
                                  id, b + 1, str(x, "t"));
        }
    }
    json_decref(r->documents);
    r->documents = json_incref(doc);
    return 0;
}

const json_t *nt_rules_document(const nt_rules *r, const char *id)
{
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(r->documents, "kinds"), i,
                       k) if (id && !strcmp(str(k, "id"), id)) return k;
    return NULL;
}
