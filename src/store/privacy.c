/*
 * privacy.c - personal-data masking in the read models.
 *
 * data/rules/privacy.json names the personal-data classes (nip, nama, akun) and the roles that
 * may see them. Every read model that returns such a field masks it here for the acting user,
 * so the pages, the exports, the API and the command line all show the same thing.
 */
#include "store/store_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

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
    {"nip", "nip"},       {"author_handle", "akun"}, {"author_name", "akun"},
    {"asn_name", "nama"}, {"target_handle", "akun"}, {"target_name", "akun"},
    {NULL, NULL}};

/* A reported ASN's key within one case: a keyed hash of (case, NIP) under a subkey of the store
 * key, so a page or an API call can name the person a step is for without the NIP (which a role
 * may not see); it reveals nothing about the NIP and is stable for the life of the key. */
void nt_party_key(const nt_store *st, int64_t case_id, const char *nip,
                  char out[NT_PARTY_KEY_LEN + 1])
{
    unsigned char sub[crypto_kdf_KEYBYTES], h[NT_PARTY_KEY_LEN / 2];
    crypto_kdf_derive_from_key(sub, sizeof sub, 1, "ntpihak0", st->key);
    char msg[64];
    int n = snprintf(msg, sizeof msg, "%lld:%s", (long long)case_id, nip ? nip : "");
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, (size_t)n, sub, sizeof sub);
    sodium_bin2hex(out, NT_PARTY_KEY_LEN + 1, h, sizeof h);
    sodium_memzero(sub, sizeof sub);
}

int nt_party_nip_of_key(nt_store *st, int64_t case_id, const char *key, char nip[32])
{
    nt_stmt *s = nt_query(st->db, "SELECT nip FROM case_parties WHERE case_id=$1", "i", case_id);
    int found = NT_ENOTFOUND;
    while (s && found && nt_step(s) == 1) {
        char k[NT_PARTY_KEY_LEN + 1];
        const char *n = nt_col_text(s, 0);
        nt_party_key(st, case_id, n, k);
        if (key && strlen(key) == NT_PARTY_KEY_LEN &&
            sodium_memcmp(k, key, NT_PARTY_KEY_LEN) == 0) {
            nt_strlcpy(nip, n, 32);
            found = 0;
        }
    }
    nt_done(s);
    return found;
}
