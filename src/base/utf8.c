/*
 * utf8.c - a strict UTF-8 well-formedness check (Unicode Table 3-7). This is
 * a validator only; normalization and character tables come from utf8proc.
 */
#include "base/utf8.h"

#include <stdint.h>

bool nt_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c == 0xE0)
            n = 2, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            n = 2;
        else if (c == 0xED)
            n = 2, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            n = 2;
        else if (c == 0xF0)
            n = 3, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            n = 3;
        else if (c == 0xF4)
            n = 3, hi = 0x8F;
        else
            return false;
        if (len - i - 1 < n) return false;
        if (s[i + 1] < lo || s[i + 1] > hi) return false;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
        i += n + 1;
    }
    return true;
}
