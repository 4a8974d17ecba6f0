/* strmap.c - see strmap.h. FNV-1a hashing, linear probing, load factor <= 1/2. */
#include "base/strmap.h"

#include "base/nt.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void grow(nt_strmap *m)
{
    nt_strmap b = {.cap = m->cap ? m->cap * 2 : 64};
    b.keys = nt_xcalloc(b.cap, sizeof *b.keys);
    b.vals = nt_xcalloc(b.cap, sizeof *b.vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = hash(m->keys[i], strlen(m->keys[i])) & (b.cap - 1);
        while (b.keys[j])
            j = (j + 1) & (b.cap - 1);
        b.keys[j] = m->keys[i];
        b.vals[j] = m->vals[i];
    }
    b.n = m->n;
    free(m->keys);
    free(m->vals);
    *m = b;
}

int64_t *nt_strmap_slot(nt_strmap *m, const char *key, bool *found)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t len = strlen(key);
    size_t j = hash(key, len) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (found) *found = true;
            return &m->vals[j];
        }
        j = (j + 1) & (m->cap - 1);
    }
    if (found) *found = false;
    m->keys[j] = nt_xstrndup(key, len);
    m->vals[j] = 0;
    m->n++;
    return &m->vals[j];
}

const int64_t *nt_strmap_getn(const nt_strmap *m, const char *key, size_t len)
{
    if (!m->cap) return NULL;
    size_t j = hash(key, len) & (m->cap - 1);
    while (m->keys[j]) {
        if (strncmp(m->keys[j], key, len) == 0 && m->keys[j][len] == '\0') return &m->vals[j];
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
    memset(m, 0, sizeof *m);
}
