/* strmap.c - see strmap.h. FNV-1a hashing, linear probing, load factor <= 1/2; each slot keeps
 * the key's hash and length so a lookup compares bytes only on a real candidate. */
#include "base/strmap.h"

#include "base/nt.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h | 1; /* never 0: 0 marks an empty slot */
}

static void grow(nt_strmap *m)
{
    nt_strmap b = {.cap = m->cap ? m->cap * 2 : 64};
    b.keys = nt_xcalloc(b.cap, sizeof *b.keys);
    b.vals = nt_xcalloc(b.cap, sizeof *b.vals);
    b.hashes = nt_xcalloc(b.cap, sizeof *b.hashes);
    b.lens = nt_xcalloc(b.cap, sizeof *b.lens);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = m->hashes[i] & (b.cap - 1);
        while (b.keys[j])
            j = (j + 1) & (b.cap - 1);
        b.keys[j] = m->keys[i];
        b.vals[j] = m->vals[i];
        b.hashes[j] = m->hashes[i];
        b.lens[j] = m->lens[i];
    }
    b.n = m->n;
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    free(m->lens);
    *m = b;
}

int64_t *nt_strmap_slot(nt_strmap *m, const char *key, bool *found)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t len = strlen(key);
    uint64_t h = hash(key, len);
    size_t j = h & (m->cap - 1);
    while (m->keys[j]) {
        if (m->hashes[j] == h && m->lens[j] == len && memcmp(m->keys[j], key, len) == 0) {
            if (found) *found = true;
            return &m->vals[j];
        }
        j = (j + 1) & (m->cap - 1);
    }
    if (found) *found = false;
    m->keys[j] = nt_xstrndup(key, len);
    m->hashes[j] = h;
    m->lens[j] = len;
    m->vals[j] = 0;
    m->n++;
    return &m->vals[j];
}

const int64_t *nt_strmap_getn(const nt_strmap *m, const char *key, size_t len)
{
    if (!m->cap) return NULL;
    uint64_t h = hash(key, len);
    size_t j = h & (m->cap - 1);
    while (m->keys[j]) {
        if (m->hashes[j] == h && m->lens[j] == len && memcmp(m->keys[j], key, len) == 0)
            return &m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

const int64_t *nt_strmap_get(const nt_strmap *m, const char *key)
{
    return nt_strmap_getn(m, key, strlen(key));
}

void nt_strmap_free(nt_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    free(m->lens);
    memset(m, 0, sizeof *m);
}
