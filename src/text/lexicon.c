/* lexicon.c - see lexicon.h. */
#include "text/lexicon.h"

#include <stdlib.h>
#include <string.h>

void nt_lexicon_add(nt_lexicon *lx, const nt_textnorm *tn, const char *phrase, nt_lex_kind kind,
                    const char *rule, double weight, int candidate)
{
    if (!phrase || !*phrase) return;
    nt_normed n = {0};
    nt_normalize(tn, phrase, strlen(phrase), &n);
    if (!n.text.len) {
        nt_normed_free(&n);
        return;
    }
    for (size_t i = 0; i < lx->n; i++)
        if (lx->v[i].kind == kind && lx->v[i].candidate == candidate &&
            !strcmp(lx->v[i].normalized, n.text.p)) {
            nt_normed_free(&n);
            return;
        }
    if (lx->n == lx->cap) {
        lx->cap = lx->cap ? lx->cap * 2 : 128;
        lx->v = nt_xrealloc(lx->v, lx->cap * sizeof *lx->v);
    }
    nt_lexeme *x = &lx->v[lx->n++];
    memset(x, 0, sizeof *x);
    x->phrase = nt_xstrdup(phrase);
    x->normalized = nt_buf_detach(&n.text, &x->len);
    x->kind = kind;
    nt_strlcpy(x->rule, rule, sizeof x->rule);
    x->weight = weight;
    x->candidate = candidate;
    nt_normed_free(&n);
}

int nt_lexicon_compile(nt_lexicon *lx, nt_err *err)
{
    if (!lx->n) return nt_err_set(err, NT_EINVAL, "lexicon", "leksikon kosong");
    const char **exprs = nt_xcalloc(lx->n, sizeof *exprs);
    unsigned *ids = nt_xcalloc(lx->n, sizeof *ids), *flags = nt_xcalloc(lx->n, sizeof *flags);
    for (size_t i = 0; i < lx->n; i++) {
        /* normalized text is [a-z0-9 ] only: no escaping needed, \b is a word edge */
        exprs[i] = nt_xasprintf("\\b%s\\b", lx->v[i].normalized);
        ids[i] = (unsigned)i;
        flags[i] = 0;
    }
    hs_compile_error_t *ce = NULL;
    hs_error_t rc =
        hs_compile_multi(exprs, flags, ids, (unsigned)lx->n, HS_MODE_BLOCK, NULL, &lx->db, &ce);
    for (size_t i = 0; i < lx->n; i++)
        free((void *)exprs[i]);
    free(exprs);
    free(ids);
    free(flags);
    if (rc != HS_SUCCESS) {
        int r = nt_err_set(err, NT_EINVAL, "lexicon", "leksikon tidak dapat dikompilasi: %s",
                           ce ? ce->message : "?");
        hs_free_compile_error(ce);
        return r;
    }
    return 0;
}

void nt_lexicon_free(nt_lexicon *lx)
{
    for (size_t i = 0; i < lx->n; i++) {
        free(lx->v[i].phrase);
        free(lx->v[i].normalized);
    }
    free(lx->v);
    hs_free_database(lx->db);
    memset(lx, 0, sizeof *lx);
}

typedef struct {
    const nt_lexicon *lx;
    nt_hit *hits;
    size_t n, max;
} scan_ctx;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    scan_ctx *c = ctx;
    if (c->n >= c->max) return 1; /* enough: stop scanning */
    size_t len = c->lx->v[id].len;
    c->hits[c->n++] = (nt_hit){id, (uint32_t)(to - len), (uint32_t)to};
    return 0;
}

size_t nt_lexicon_scan(const nt_lexicon *lx, hs_scratch_t *scratch, const char *text, size_t len,
                       nt_hit *hits, size_t max)
{
    scan_ctx c = {lx, hits, 0, max};
    if (!len) return 0;
    hs_scan(lx->db, text, (unsigned)len, 0, scratch, on_match, &c);
    return c.n;
}
