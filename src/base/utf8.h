/* utf8.h - validation of untrusted text before it enters the database. */
#ifndef NT_UTF8_H
#define NT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool nt_utf8_valid(const char *s, size_t len);

#endif
