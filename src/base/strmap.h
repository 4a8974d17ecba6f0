/*
 * strmap.h - an open-addressing hash map from NUL-terminated strings to a
 * 64-bit value. Keys are copied; the map owns them. Used for lexicons, the
 * slang table, roster indexes and per-import caches.
 */
#ifndef NT_STRMAP_H
#define NT_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nt_strmap {
    char **keys;
    int64_t *vals;
    uint64_t *hashes;
    size_t *lens;
    size_t cap, n;
} nt_strmap;

/* The slot for key, inserted (value 0) if absent; *found tells which. */
int64_t *nt_strmap_slot(nt_strmap *m, const char *key, bool *found);
/* NULL if absent. */
const int64_t *nt_strmap_get(const nt_strmap *m, const char *key);
const int64_t *nt_strmap_getn(const nt_strmap *m, const char *key, size_t len);
void nt_strmap_free(nt_strmap *m);

#endif
