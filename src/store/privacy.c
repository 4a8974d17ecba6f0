/*
 * privacy.c - personal-data masking in the read models.
 *
 * data/rules/privacy.json names the personal-data classes (nip, nama, akun) and the roles that
 * may see them. Every read model that returns such a field masks it here for the acting user,
 * so the pages, the exports, the API and the command line all show the same thing.
 */
#include "store/store_int.h"

bool nt_mask_rows(const nt_rules *ru, const nt_actor *a, json_t *rows, const nt_pfield *map)
{
    bool any = false;
    for (const nt_pfield *m = map; m->field; m++) {
        if (!nt_rules_masked(ru, m->cls, a->roles)) continue;
        size_t i;
        json_t *row;
        if (json_is_object(rows)) {
            if (json_object_get(rows, m->field)) {
                json_object_set_new(rows, m->field, json_string(NT_MASKED));
                json_object_set_new(rows, "disamarkan", json_true());
                any = true;
            }
            continue;
        }
        json_array_foreach(rows, i, row)
        {
            if (!json_object_get(row, m->field) || json_is_null(json_object_get(row, m->field)))
                continue;
            json_object_set_new(row, m->field, json_string(NT_MASKED));
            json_object_set_new(row, "disamarkan", json_true());
            any = true;
        }
    }
    return any;
}

const nt_pfield nt_pfields_asn[] = {{"nip", "nip"}, {"nama", "nama"}, {NULL, NULL}};
const nt_pfield nt_pfields_finding[] = {
    {"nip", "nip"}, {"author_handle", "akun"}, {"author_name", "akun"}, {NULL, NULL}};
