/* buf.c - the growable byte buffer used wherever output is assembled. */
#include "base/nt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nt_buf_grow(nt_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->p = nt_xrealloc(b->p, cap);
    b->cap = cap;
}

void nt_buf_add(nt_buf *b, const void *p, size_t n)
{
    nt_buf_grow(b, n);
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void nt_buf_adds(nt_buf *b, const char *s)
{
    nt_buf_add(b, s, strlen(s));
}

void nt_buf_addc(nt_buf *b, char c)
{
    nt_buf_add(b, &c, 1);
}

void nt_buf_printf(nt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nt_buf_grow(b, 64);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= b->cap - b->len) {
        nt_buf_grow(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void nt_buf_reset(nt_buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void nt_buf_free(nt_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *nt_buf_detach(nt_buf *b, size_t *len)
{
    if (!b->p) nt_buf_grow(b, 0), b->p[0] = '\0';
    char *p = b->p;
    if (len) *len = b->len;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}
