/* err.c - result codes, the error record and abort-on-OOM allocation. */
#include "base/nt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nt_err_set(nt_err *err, int code, const char *field, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    nt_strlcpy(err->field, field ? field : "", sizeof err->field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *nt_err_code_name(int code)
{
    switch (code) {
    case NT_OK:
        return "ok";
    case NT_EINVAL:
        return "invalid";
    case NT_ENOTFOUND:
        return "not_found";
    case NT_EFORBIDDEN:
        return "forbidden";
    case NT_ECONFLICT:
        return "conflict";
    case NT_EDB:
        return "database";
    case NT_EIO:
        return "io";
    case NT_EAUTH:
        return "unauthorized";
    case NT_ETOOBIG:
        return "too_large";
    case NT_ELIMIT:
        return "rate_limited";
    default:
        return "error";
    }
}

bool nt_str_eq(nt_str a, const char *lit)
{
    size_t n = strlen(lit);
    return a.len == n && memcmp(a.p, lit, n) == 0;
}

static void oom(void)
{
    fputs("netral: kehabisan memori (out of memory)\n", stderr);
    abort();
}

void *nt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom();
    return p;
}

void *nt_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom();
    return p;
}

void *nt_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom();
    return q;
}

char *nt_xstrdup(const char *s)
{
    return nt_xstrndup(s, strlen(s));
}

char *nt_xstrndup(const char *s, size_t n)
{
    char *p = nt_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

bool nt_strlcpy(char *dst, const char *src, size_t n)
{
    size_t l = strlen(src);
    if (n == 0) return l == 0;
    size_t c = l < n - 1 ? l : n - 1;
    memcpy(dst, src, c);
    dst[c] = '\0';
    return c == l;
}

char *nt_decimal_id(double v, int decimals, char *out, size_t n)
{
    snprintf(out, n, "%.*f", decimals, v);
    char *dot = strchr(out, '.');
    if (dot) *dot = ',';
    return out;
}

char *nt_count_id(int64_t v, char *b, size_t n)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%lld", (long long)(v < 0 ? -v : v));
    size_t len = strlen(raw), o = 0;
    if (n == 0) return b;
    if (v < 0 && o + 1 < n) b[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i && (len - i) % 3 == 0 && o + 2 < n) b[o++] = '.';
        b[o++] = raw[i];
    }
    b[o] = '\0';
    return b;
}

char *nt_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0; /* an encoding error prints nothing */
    if ((size_t)n < sizeof tmp) return nt_xstrndup(tmp, (size_t)n);
    char *p = nt_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
