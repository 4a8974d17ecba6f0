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
    bool one = json_is_object(rows);
    size_t n = one ? 1 : json_array_size(rows);
    for (const nt_pfield *m = map; m->field; m++) {
        if (!nt_rules_masked(ru, m->cls, a->roles)) continue;
        for (size_t i = 0; i < n; i++) {
            json_t *row = one ? rows : json_array_get(rows, i);
            json_t *v = json_object_get(row, m->field);
            if (!v || json_is_null(v)) continue;
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
